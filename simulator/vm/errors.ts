/**
 * VM errors with the texts cosmwasm-vm 2.2 produces (packages/vm/src/errors/*.rs), so a
 * simulated failure reads like the chain's. `kind` is for programs; `message` is the chain text.
 */
import { Wasm } from "./wasm-api";

export type VmErrorKind =
  | "trap" // Wasm trap or contract abort
  | "region" // bad Region struct or pointer from the contract
  | "import" // a host function refused the call (write in read-only mode, bad iterator, ...)
  | "limit" // a length or count above a VM limit
  | "out-of-gas"
  | "compile" // module could not be compiled
  | "instantiation" // module could not be linked or has no `memory` export
  | "resolve"; // missing export or wrong entry point arity

export class VmError extends Error {
  readonly kind: VmErrorKind;
  /** `debug` messages the contract printed before the failure (set by the host). */
  debug: string[] = [];
  /** VM gas the failed call used (set by the host; the limit after running out). */
  gasUsed = 0;

  constructor(kind: VmErrorKind, message: string) {
    super(message);
    this.name = "VmError";
    this.kind = kind;
  }

  /** The error as seen from outside a Wasm call that an import failed inside (wasmer RuntimeError). */
  wrappedAsRuntimeError(): VmError {
    if (this.kind === "out-of-gas") return this; // the VM reports depleted gas unwrapped
    const wrapped = new VmError(this.kind, runtimeErrorText(this.message));
    wrapped.debug = this.debug;
    return wrapped;
  }
}

export function runtimeErrorText(inner: string): string {
  return `Error executing Wasm: Wasmer runtime error: RuntimeError: ${inner}`;
}

export interface RegionStruct {
  offset: number;
  capacity: number;
  length: number;
}

const comm = (msg: string): string => `Error in guest/host communication: ${msg}`;

/** Constructors named after the cosmwasm-vm variants they mirror. */
export const vmErrors = {
  aborted: (msg: string) => new VmError("trap", `Aborted: ${msg}`),
  trap: (wasmerMessage: string) => new VmError("trap", runtimeErrorText(wasmerMessage)),
  gasDepletion: () => new VmError("out-of-gas", "Ran out of gas during contract execution"),
  writeAccessDenied: () =>
    new VmError("import", "Must not call a writing storage function in this context."),
  generic: (kind: VmErrorKind, msg: string) => new VmError(kind, `Generic error: ${msg}`),
  zeroOffset: () =>
    new VmError("region", comm("Got an invalid region: Got a zero Wasm address in the offset")),
  lengthExceedsCapacity: (length: number, capacity: number) =>
    new VmError(
      "region",
      comm(`Got an invalid region: Region length exceeds capacity. Length ${length}, capacity ${capacity}`),
    ),
  outOfRange: (offset: number, capacity: number) =>
    new VmError(
      "region",
      comm(`Got an invalid region: Region exceeds address space. Offset ${offset}, capacity ${capacity}`),
    ),
  derefErr: (offset: number) =>
    new VmError(
      "region",
      comm(
        `The Wasm memory address ${offset} provided by the contract could not be dereferenced: ` +
          "Could not dereference this pointer to a Region",
      ),
    ),
  regionAccess: (r: RegionStruct, memorySize: number) =>
    new VmError(
      "region",
      comm(
        `Tried to access memory of region Region { offset: ${r.offset}, capacity: ${r.capacity}, ` +
          `length: ${r.length} } in Wasm memory of size ${memorySize} bytes. This typically happens ` +
          "when the given Region pointer does not point to a proper Region struct.",
      ),
    ),
  regionLengthTooBig: (length: number, max: number) =>
    new VmError("limit", comm(`Region length too big. Got ${length}, limit ${max}`)),
  regionTooSmall: (size: number, required: number) =>
    new VmError("region", comm(`Region too small. Got ${size}, required ${required}`)),
  zeroAddress: () => new VmError("region", comm("Got a zero Wasm address")),
  invalidOrder: (value: number) =>
    new VmError("import", comm(`Got an invalid value for iteration order: ${value}`)),
  invalidSection: (msg: string) => new VmError("import", comm(`Got an invalid section: ${msg}`)),
  iteratorDoesNotExist: (id: number) =>
    new VmError("import", `Error calling into the VM's backend: Iterator with ID ${id} does not exist`),
  backendUser: (kind: VmErrorKind, msg: string) =>
    new VmError(kind, `Error calling into the VM's backend: User error during call into backend: ${msg}`),
  missingExport: (name: string) =>
    new VmError("resolve", `Error resolving Wasm function: Could not get export: Missing export ${name}`),
  arityMismatch: (arity: number) =>
    new VmError(
      "resolve",
      `The called function args arity does not match. The contract's method arity: ${arity}`,
    ),
  resultMismatch: (name: string, expected: number, actual: number) =>
    new VmError(
      "resolve",
      `Unexpected number of result values when calling '${name}'. Expected: ${expected}, actual: ${actual}.`,
    ),
  instantiation: (kind: VmErrorKind, msg: string) =>
    new VmError(kind, `Error instantiating a Wasm module: ${msg}`),
  compile: (msg: string) => new VmError("compile", `Error compiling Wasm: Could not compile: ${msg}`),
  unsupported: (name: string) =>
    new VmError("import", `Generic error: host function ${name} is not supported by this simulator`),
};

/** V8 trap texts → the wasmer TrapCode texts the chain shows. */
const V8_TO_WASMER: ReadonlyArray<[RegExp, string]> = [
  [/^unreachable/, "unreachable"],
  [/memory access out of bounds/, "out of bounds memory access"],
  [/divide by zero|remainder by zero/, "integer divide by zero"],
  [/divide result unrepresentable|integer overflow/, "integer overflow"],
  [/float unrepresentable/, "invalid conversion to integer"],
  [/table index is out of bounds/, "undefined element: out of bounds table access"],
  [/signature mismatch/, "indirect call type mismatch"],
];

export function wasmerTrapText(v8Message: string): string {
  for (const [pattern, text] of V8_TO_WASMER) if (pattern.test(v8Message)) return text;
  return v8Message;
}

/**
 * Converts whatever escaped a call into Wasm into the VmError the chain would report.
 * Errors that are neither VmErrors nor Wasm traps are simulator bugs and pass through unchanged.
 */
export function fromWasmCallError(e: unknown): unknown {
  if (e instanceof VmError) return e.wrappedAsRuntimeError();
  if (e instanceof Wasm.RuntimeError) return vmErrors.trap(wasmerTrapText(e.message));
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return vmErrors.trap("call stack exhausted");
  }
  return e;
}
