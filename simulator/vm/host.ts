/**
 * Runs one contract call the way cosmwasm-vm 2.2 does (calls.rs call_raw, instance.rs): a fresh
 * instance per call, arguments written into Regions from the contract's `allocate`, the returned
 * Region read, validated and handed back to `deallocate`. "Fresh" is the instance's state: the
 * instance itself is usually a recycled one (recycling.ts), or a new one on a reused memory
 * (memory-pool.ts), always exactly as instantiation leaves it.
 */
import { createHash } from "node:crypto";

import { ParsedModule, WasmParseError, parseModule } from "@persistence-ts/cli/wasm/reader";
import { rebuildModule } from "@persistence-ts/cli/wasm/writer";
import type { CallContext, CallOutcome, EntryPoint } from "./context";
import { mergedDataPayload } from "./data-segments";
import { VmError, vmErrors } from "./errors";
import { DEFAULT_GAS_SCHEDULE, GasMeter, GasSchedule, UNLIMITED_GAS, readRegionCost } from "./gas";
import { CallState, IMPORT_SIGNATURES, InstanceHandle, envImports } from "./imports";
import { readRegion } from "./memory";
import { MemoryLimits, MemoryPool, PAGE_SIZE } from "./memory-pool";
import { MeteringOptions, meteringPayloads } from "./metering";
import { DataImage, InstancePool, notRecyclable, recyclingPlan } from "./recycling";
import { Runner, instantiate } from "./runner";
import { canVirtualize, virtualMemoryPayloads } from "./virtual-memory";
import { Wasm, WasmModule } from "./wasm-api";
import { FuncType, ImportEntry, importEntries, memoryCap, memoryImport } from "./wasm-binary";

/** calls.rs read_limits: the most a result Region may hold. */
export const RESULT_MAX_LENGTH = 64 * 1024 * 1024;
/** wasmd instance memory limit: 32 MiB. */
export const DEFAULT_MEMORY_LIMIT_PAGES = 512;

export interface WasmHostOptions {
  gasSchedule?: Partial<GasSchedule>;
  memoryLimitPages?: number;
  /**
   * Meter operators and host functions as cosmwasm-vm does (default true). Off: nothing is
   * counted, no limit applies and gasUsed is 0.
   */
  meter?: boolean;
  metering?: MeteringOptions;
  /**
   * Reuse linear memories between calls (default true): the module imports its memory, and
   * each call gets one that is exactly as a fresh instance's would be (initial size, zeroed,
   * data segments written by instantiation). Off: every instance allocates its own.
   */
  reuseMemory?: boolean;
  /**
   * Recycle instances (default true; needs reuseMemory): after a call the instance's memory and
   * globals are put back exactly as instantiation leaves them (recycling.ts), and the next call
   * into the same code runs in it instead of a new WebAssembly.Instance. Modules whose state a
   * reset cannot restore, and calls that grew the memory, get a new instance as without it.
   */
  recycleInstances?: boolean;
}

export interface CompiledCode {
  /** sha256 of the uploaded bytes, lower-case hex (the chain's code checksum). */
  readonly checksum: string;
  readonly module: WasmModule;
  /** Imports with signatures; undefined when the reader could not parse an unmetered module. */
  readonly imports: ImportEntry[] | undefined;
  /** Whether the module carries the metering code and globals. */
  readonly metered: boolean;
  /** The link error every instantiation of this module fails with, if any (checked once). */
  readonly linkFailure?: string;
  /** Idle memories for a module whose memory was turned into an import. */
  readonly memoryPool?: MemoryPool;
  /** Idle instances in a fresh instance's state, for a module that can be recycled. */
  readonly instancePool?: InstancePool;
  /** The module with a virtual memory size (compiled on first use), if it can have one. */
  readonly virtualModule?: () => WasmModule | undefined;
}

/** The bytes the engine compiles and what the reader learned on the way. */
interface PreparedCode {
  bytes: Uint8Array;
  imports?: ImportEntry[];
  /** Set when the module's memory is imported. */
  memory?: MemoryLimits;
  /** The active data segments, set when instances of the module can be recycled. */
  recycling?: DataImage[];
  /** Builds the recyclable module with a virtual memory size, when it can have one. */
  virtual?: () => Uint8Array | undefined;
}

export function checksumHex(code: Uint8Array): string {
  return createHash("sha256").update(code).digest("hex");
}

function funcTypeText(t: FuncType): string {
  return `Function(FunctionType { params: [${t.params.join(", ")}], results: [${t.results.join(", ")}] })`;
}

function expectedType(name: string): FuncType | undefined {
  const sig = IMPORT_SIGNATURES[name];
  if (!sig) return undefined;
  return { params: Array<"I32">(sig.params).fill("I32"), results: sig.result ? [sig.result] : [] };
}

const sameType = (a: FuncType, b: FuncType): boolean =>
  a.params.join() === b.params.join() && a.results.join() === b.results.join();

/**
 * wasmer's link check: every import must be a known `env` function with the VM's signature
 * (signatures are checked when known: a JS host function would accept any). Returns the
 * error text for the first import that fails it.
 */
function linkFailure(imports: ImportEntry[]): string | undefined {
  for (const imp of imports) {
    const provided = imp.module === "env" ? expectedType(imp.name) : undefined;
    const declared = imp.type ? funcTypeText(imp.type) : imp.kind;
    const prefix = `Error instantiating module: Error while importing "${imp.module}"."${imp.name}"`;
    if (!provided || imp.kind !== "function") return `${prefix}: unknown import. Expected ${declared}`;
    if (imp.type && !sameType(imp.type, provided)) {
      return `${prefix}: incompatible import type. Expected ${declared} but received ${funcTypeText(provided)}`;
    }
  }
  return undefined;
}

interface SharedModule {
  module: CompiledCode["module"];
  imports: CompiledCode["imports"];
  linkFailure: CompiledCode["linkFailure"];
  memory: PreparedCode["memory"];
  recycling: PreparedCode["recycling"];
  virtualModule: () => WasmModule | undefined;
}

const SHARED_MODULES = new Map<string, SharedModule>();

export class WasmHost {
  readonly schedule: GasSchedule;
  readonly memoryLimitPages: number;
  readonly meter: boolean;
  readonly reuseMemory: boolean;
  readonly recycleInstances: boolean;
  private readonly metering: MeteringOptions;
  private readonly cache = new Map<string, CompiledCode>();
  /** The `env` imports every instance shares; they act on the innermost running call. */
  private readonly env = envImports(() => this.activeCall());
  private active: CallState | undefined;

  constructor(options: WasmHostOptions = {}) {
    this.schedule = { ...DEFAULT_GAS_SCHEDULE, ...options.gasSchedule };
    this.memoryLimitPages = options.memoryLimitPages ?? DEFAULT_MEMORY_LIMIT_PAGES;
    this.meter = options.meter ?? true;
    this.metering = options.metering ?? {};
    this.reuseMemory = options.reuseMemory ?? true;
    this.recycleInstances = this.reuseMemory && (options.recycleInstances ?? true);
  }

  /** Compiles once per checksum; later calls with the same bytes reuse the (rewritten) module. */
  compile(code: Uint8Array): CompiledCode {
    const checksum = checksumHex(code);
    const cached = this.cache.get(checksum);
    if (cached) return cached;
    const shared = this.sharedModule(checksum, code);
    const compiled: CompiledCode = {
      checksum,
      module: shared.module,
      imports: shared.imports,
      metered: this.meter,
      linkFailure: shared.linkFailure,
      memoryPool: shared.memory && new MemoryPool(shared.memory),
      instancePool: shared.memory && shared.recycling && new InstancePool(shared.recycling, shared.memory.initial * PAGE_SIZE),
      virtualModule: shared.virtualModule,
    };
    this.cache.set(checksum, compiled);
    return compiled;
  }

  /**
   * The rewritten, engine-compiled module, shared by every host of the process with the same
   * options (compiling is the expensive part; instances and memories stay per host and per call).
   */
  private sharedModule(checksum: string, code: Uint8Array): SharedModule {
    const key = `${checksum}/${this.meter}/${this.reuseMemory}/${this.recycleInstances}/${this.memoryLimitPages}/${JSON.stringify(this.metering)}`;
    let shared = SHARED_MODULES.get(key);
    if (!shared) {
      const prepared = this.prepare(code);
      const module = engineModule(prepared.bytes);
      const imports = prepared.imports ?? importsByName(module);
      const virtualModule = memoized(() => {
        const bytes = prepared.virtual?.();
        return bytes && engineModule(bytes);
      });
      shared = { module, imports: prepared.imports, linkFailure: linkFailure(imports), memory: prepared.memory, recycling: prepared.recycling, virtualModule };
      SHARED_MODULES.set(key, shared);
    }
    return shared;
  }

  /**
   * Runs one entry point in a fresh instance. Throws VmError when the VM would fail the call;
   * storage writes made before a failure stay in `ctx.storage` for the caller to revert.
   */
  call(code: Uint8Array | CompiledCode, entry: EntryPoint, args: Uint8Array[], ctx: CallContext): CallOutcome {
    const compiled = code instanceof Uint8Array ? this.compile(code) : code;
    // The imports need the instance, which needs the imports: they reach it through this handle.
    let runner: Runner | undefined;
    const handle: InstanceHandle = {
      memory: () => runner!.memory(),
      write: (ptr, data) => runner!.write(ptr, data),
      allocate: (size) => runner!.allocate(size),
      gas: () => runner!.gas(),
    };
    const state = new CallState(ctx, entry === "query" || ctx.readonly === true, this.schedule, handle);
    const budget = gasBudget(ctx.gas);
    let result: Uint8Array | undefined;
    let failure: unknown;
    const recycled = compiled.instancePool?.take();
    const memory = recycled ? undefined : compiled.memoryPool?.take();
    const outer = this.active;
    this.active = state;
    try {
      runner = recycled ?? instantiate(this.moduleFor(compiled), this.env, memory, compiled.metered, compiled.linkFailure);
      runner.gas().setLeft(budget); // instance.rs: the limit is set once the instance exists
      result = this.runEntry(runner, state, entry, args);
    } catch (e) {
      failure = e;
    }
    this.active = outer;
    // instance.rs create_gas_report: used = limit − left, also for a failed call
    const gasUsed = runner && compiled.metered ? Number(budget - runner.gas().left()) : 0;
    // the result and the gas left were read already; a recyclable instance keeps its memory
    if (runner && compiled.instancePool) compiled.instancePool.release(runner);
    else if (memory) compiled.memoryPool!.release(memory);
    ctx.gas?.consume(gasUsed, "wasm contract");
    if (result === undefined) throw annotated(failure, state.debug, gasUsed);
    return { result, debug: state.debug, gasUsed };
  }

  /** One parse for the import check, the memory cap or import, merged data and the metering rewrite. */
  private prepare(code: Uint8Array): PreparedCode {
    const parsed = this.parse(code);
    if (!parsed) return { bytes: code };
    const payloads = new Map<number, Uint8Array>();
    const capped = this.capMemory(parsed);
    const imported = this.reuseMemory ? memoryImport(code, parsed, this.memoryLimitPages) : undefined;
    if (imported) for (const [id, payload] of imported.payloads) payloads.set(id, payload);
    else if (capped) payloads.set(5, capped);
    const data = parsed.memories.length === 1 ? mergedDataPayload(parsed, parsed.memories[0].min * PAGE_SIZE) : undefined;
    if (data) payloads.set(11, data);
    if (this.meter) for (const [id, payload] of meteringPayloads(code, parsed, this.metering)) payloads.set(id, payload);
    const memory = imported && { initial: imported.initial, maximum: imported.maximum };
    const bytes = rebuildModule(code, parsed.sections, payloads);
    if (!this.recycleInstances) return { bytes, imports: importEntries(parsed), memory };
    const final = parseModule(bytes, { operators: true });
    const recyclable = this.recyclable(bytes, final, memory !== undefined);
    const virtual = memory && recyclable.recycling && (() => this.virtualized(bytes, final, memory));
    return { ...recyclable, virtual, imports: importEntries(parsed), memory };
  }

  /** The module with the reset function added and its data image, when it can be recycled. */
  private recyclable(bytes: Uint8Array, final: ParsedModule, memoryImported: boolean): { bytes: Uint8Array; recycling?: DataImage[] } {
    if (notRecyclable(final, memoryImported) !== undefined) return { bytes };
    const plan = recyclingPlan(bytes, final);
    return { bytes: rebuildModule(bytes, final.sections, plan.payloads), recycling: plan.data };
  }

  /** The recyclable module with a virtual memory size, if the module can have one. */
  private virtualized(bytes: Uint8Array, parsed: ParsedModule, memory: MemoryLimits): Uint8Array | undefined {
    if (!canVirtualize(parsed)) return undefined;
    const virtual = rebuildModule(bytes, parsed.sections, virtualMemoryPayloads(bytes, parsed, memory.initial, memory.maximum));
    return this.recyclable(virtual, parseModule(virtual, { operators: true }), true).bytes;
  }

  /** New instances come from the module with a virtual memory size once calls outgrow the initial one. */
  private moduleFor(compiled: CompiledCode): WasmModule {
    return (compiled.instancePool?.outgrown && compiled.virtualModule?.()) || compiled.module;
  }

  private parse(code: Uint8Array): ParsedModule | undefined {
    try {
      return parseModule(code, { operators: this.meter });
    } catch (e) {
      if (!(e instanceof WasmParseError)) throw e;
      if (!this.meter) return undefined; // unmetered: let the engine judge the module
      engineModule(code); // a module the engine rejects too gets the engine's error
      throw vmErrors.compile(`the simulator cannot meter this module: ${e.message}`);
    }
  }

  private capMemory(parsed: ParsedModule): Uint8Array | undefined {
    const { payload, tooLarge } = memoryCap(parsed, this.memoryLimitPages);
    if (tooLarge !== undefined) {
      throw vmErrors.instantiation(
        "limit",
        `Error instantiating module: Insufficient resources: memory of ${tooLarge} pages exceeds the limit of ${this.memoryLimitPages} pages`,
      );
    }
    return payload;
  }

  private activeCall(): CallState {
    if (!this.active) throw new Error("a host function ran outside of a contract call");
    return this.active;
  }

  /** calls.rs call_raw, with call_migrate_with_info_raw's fallback to two arguments. */
  private runEntry(runner: Runner, state: CallState, entry: EntryPoint, args: Uint8Array[]): Uint8Array {
    let ptrs = writeArgs(runner, args);
    if (entry === "migrate" && args.length === 3 && runner.exportFn(entry).length !== 3) {
      ptrs = writeArgs(runner, args.slice(0, 2)); // the VM allocates again for the retry
    }
    const resultPtr = runner.call(entry, ptrs, 1);
    const beforeRead = (len: number) => state.charge(readRegionCost(this.schedule, len));
    const data = readRegion(runner.memory(), resultPtr, RESULT_MAX_LENGTH, { beforeRead });
    runner.call("deallocate", [resultPtr], 0);
    return data;
  }
}

function memoized<T>(make: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) [value, made] = [make(), true];
    return value;
  };
}

function engineModule(bytes: Uint8Array): WasmModule {
  try {
    return new Wasm.Module(bytes);
  } catch (e) {
    if (e instanceof Wasm.CompileError) throw vmErrors.compile(e.message);
    throw e;
  }
}

/** The call's VM gas limit: the meter's remaining gas, or u64::MAX without one (as wasmd). */
function gasBudget(meter: GasMeter | undefined): bigint {
  if (!meter || !Number.isFinite(meter.remaining)) return UNLIMITED_GAS;
  const remaining = BigInt(Math.max(0, Math.floor(meter.remaining)));
  return remaining < UNLIMITED_GAS ? remaining : UNLIMITED_GAS;
}

/** A failed call's error with what the caller wants to know about it. */
function annotated(failure: unknown, debug: string[], gasUsed: number): unknown {
  if (failure instanceof VmError) {
    failure.debug = debug;
    failure.gasUsed = gasUsed;
  }
  return failure;
}

/** Fallback when the binary reader gave up: names and kinds from the engine, no signatures. */
function importsByName(module: WasmModule): ImportEntry[] {
  return Wasm.Module.imports(module).map((d) => ({ module: d.module, name: d.name, kind: d.kind }));
}

/** Allocates and fills one Region per argument, in order. */
function writeArgs(runner: Runner, args: Uint8Array[]): number[] {
  return args.map((arg) => {
    const ptr = runner.allocate(arg.length);
    if (ptr === 0) throw vmErrors.zeroAddress();
    runner.write(ptr, arg);
    return ptr;
  });
}
