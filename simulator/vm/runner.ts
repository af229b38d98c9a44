/**
 * One live instance and the calls cosmwasm-vm makes into it (environment.rs call_function):
 * export lookup, arity check, errors as the VM reports them.
 */
import { VmError, fromWasmCallError, vmErrors } from "./errors";
import { writeRegion } from "./memory";
import { GasPoints, UNMETERED } from "./gas";
import type { InstanceHandle } from "./imports";
import { MeteringGlobals } from "./metering";
import { RESET_EXPORT } from "./recycling";
import { MEMORY_FLOOR_EXPORT, MEMORY_PAGES_EXPORT } from "./virtual-memory";
import { Wasm, WasmGlobal, WasmInstance, WasmMemory, WasmModule } from "./wasm-api";
import { MEMORY_IMPORT } from "./wasm-binary";

type WasmFunction = (...args: number[]) => unknown;

export class Runner implements InstanceHandle {
  /** The contract's pages when its module has a virtual memory size (virtual-memory.ts). */
  private readonly pages: WasmGlobal | undefined;
  /** With a virtual size: the lowest address the contract stored to since the last reset. */
  private readonly storeFloor: WasmGlobal | undefined;
  /** The lowest address the host wrote to since the last reset. */
  private hostFloor = Infinity;

  constructor(
    private readonly instance: WasmInstance,
    private readonly mem: WasmMemory,
    private readonly points: GasPoints,
  ) {
    const global = (name: string) => {
      const g = instance.exports[name];
      return g instanceof Wasm.Global ? g : undefined;
    };
    this.pages = global(MEMORY_PAGES_EXPORT);
    this.storeFloor = global(MEMORY_FLOOR_EXPORT);
  }

  /** Whether the contract's memory size is virtual (the physical memory may be larger). */
  get virtualSize(): boolean {
    return this.pages !== undefined;
  }

  /** Bytes V8 allocated for the memory (more than the contract sees when its size is virtual). */
  get allocatedBytes(): number {
    return this.mem.buffer.byteLength;
  }

  memory(): Uint8Array {
    return this.pages ? new Uint8Array(this.mem.buffer, 0, (this.pages.value as number) * 65536) : new Uint8Array(this.mem.buffer);
  }

  write(ptr: number, data: Uint8Array): void {
    const region = writeRegion(this.memory(), ptr, data);
    this.hostFloor = Math.min(this.hostFloor, ptr, region.offset);
  }

  /**
   * No byte below this was written since the last reset (0 when the module does not track its
   * stores).
   */
  writtenFrom(): number {
    if (!this.storeFloor) return 0;
    return Math.min(this.hostFloor, (this.storeFloor.value as number) >>> 0);
  }

  gas(): GasPoints {
    return this.points;
  }

  exportFn(name: string): WasmFunction {
    const fn = this.instance.exports[name];
    if (typeof fn !== "function") throw vmErrors.missingExport(name);
    return fn as WasmFunction;
  }

  /** environment.rs call_function: arity check, then the call with errors as the VM reports them. */
  call(name: string, args: number[], expectedResults: 0 | 1): number {
    const fn = this.exportFn(name);
    if (fn.length !== args.length) throw vmErrors.arityMismatch(fn.length);
    let ret: unknown;
    try {
      ret = fn(...args);
    } catch (e) {
      // environment.rs call_function: any failure with the points exhausted is gas depletion
      if (this.points.exhausted()) throw vmErrors.gasDepletion();
      throw fromWasmCallError(e);
    }
    const actual = ret === undefined ? 0 : Array.isArray(ret) ? ret.length : 1;
    if (actual !== expectedResults) throw vmErrors.resultMismatch(name, expectedResults, actual);
    if (expectedResults === 0) return 0;
    if (typeof ret !== "number") {
      throw new VmError("resolve", `Couldn't convert from wasmer::Value to u32. Input: ${String(ret)}`);
    }
    return ret >>> 0;
  }

  allocate(size: number): number {
    return this.call("allocate", [size], 1);
  }

  /** Every mutable global back at its initial value (the function recycling.ts adds). */
  resetGlobals(): void {
    (this.instance.exports[RESET_EXPORT] as () => void)();
    this.hostFloor = Infinity;
  }
}

/**
 * A new instance of `module`; `memory` is the one to import when the module imports it, and
 * `linkFailure` the error every instantiation of the module fails with, if any.
 */
export function instantiate(
  module: WasmModule,
  env: Record<string, unknown>,
  memory: WasmMemory | undefined,
  metered: boolean,
  linkFailure: string | undefined,
): Runner {
  if (linkFailure !== undefined) throw vmErrors.instantiation("instantiation", linkFailure);
  const imports: Record<string, Record<string, unknown>> = { env };
  if (memory) imports[MEMORY_IMPORT.module] = { [MEMORY_IMPORT.name]: memory };
  let instance: WasmInstance;
  try {
    instance = new Wasm.Instance(module, imports);
  } catch (e) {
    if (e instanceof Wasm.LinkError) {
      throw vmErrors.instantiation("instantiation", `Error instantiating module: ${e.message}`);
    }
    if (e instanceof Wasm.RuntimeError) {
      throw vmErrors.instantiation("trap", `Error instantiating module: RuntimeError: ${e.message}`);
    }
    throw e;
  }
  const exported = instance.exports.memory;
  if (!(exported instanceof Wasm.Memory)) {
    throw vmErrors.instantiation("instantiation", "Could not get memory 'memory': Missing export memory");
  }
  return new Runner(instance, exported, metered ? MeteringGlobals.of(instance) : UNMETERED);
}
