// The exports every contract carries besides its entry points: re-export with
// `export * from "<std>/abi/exports"` in the contract's entry file.

// Importing the abort adapter puts it in the program, where `--use abort=…` finds it.
import "./abort";

export { allocate, deallocate } from "./region";

/** The VM's interface marker: the contract speaks CosmWasm 1.0+ ABI (interface version 8). */
export function interface_version_8(): void {}
