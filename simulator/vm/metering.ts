/**
 * Operator gas metering as cosmwasm-vm 2.2 compiles it in (packages/vm/src/wasm_backend/
 * metering.rs, cost() in engine.rs): every operator costs 115, an accounting operator 115 × 14;
 * costs accumulate and are charged right before each accounting operator against a
 * remaining-points global, and a charge that does not fit sets an exhausted flag and traps.
 * Here the same code is injected into the binary, so the JS engine runs the metered module.
 */
import { FunctionBody, Operator, ParsedModule, importCount, parseModule } from "@persistence-ts/cli/wasm/reader";
import { ByteWriter, appendToVector, rebuildModule } from "@persistence-ts/cli/wasm/writer";
import { vmErrors } from "./errors";
import type { GasPoints } from "./gas";
import { Wasm, WasmGlobal, WasmInstance } from "./wasm-api";

/** engine.rs GAS_PER_OPERATION. */
export const GAS_PER_OPERATION = 115;
/** engine.rs: accounting operators cost 14 times as much. */
export const ACCOUNTING_MULTIPLIER = 14;
/** metering.rs (2.2.9) CHARGED_LOCALS_THRESHOLD: from this many declared locals a function pays for them. */
export const CHARGED_LOCALS_THRESHOLD = 30;

/** Exports the rewrite adds (wasmer names them wasmer_metering_remaining_points / _points_exhausted). */
export const GAS_LEFT_EXPORT = "__cw_gas_left";
export const GAS_EXHAUSTED_EXPORT = "__cw_gas_exhausted";

export interface MeteringOptions {
  /**
   * Charge functions with 30 or more declared locals 115 per local beyond 29 on entry, as
   * cosmwasm-vm 2.2.9 does. Default false: Persistence runs wasmvm 2.2.4 (cosmwasm-vm 2.2.2).
   */
  chargeLocals?: boolean;
}

/** engine.rs cost(). */
export function operatorCost(op: Operator): number {
  return op.accounting ? GAS_PER_OPERATION * ACCOUNTING_MULTIPLIER : GAS_PER_OPERATION;
}

/** What a function pays on entry for its locals (metering.rs 2.2.9: cost(Nop) × (locals − 29)). */
export function localsCost(localCount: number): number {
  return GAS_PER_OPERATION * Math.max(0, localCount - (CHARGED_LOCALS_THRESHOLD - 1));
}

interface GasGlobals {
  left: number;
  exhausted: number;
}

const OP = {
  unreachable: 0x00,
  if: 0x04,
  end: 0x0b,
  globalGet: 0x23,
  globalSet: 0x24,
  i32Const: 0x41,
  i64Const: 0x42,
  i64LtU: 0x54,
  i64Sub: 0x7d,
  emptyBlock: 0x40,
} as const;

/** metering.rs gas_check_wasm_code: trap (flagging exhaustion) unless `cost` fits, then subtract it. */
function emitCharge(w: ByteWriter, g: GasGlobals, cost: number): void {
  w.byte(OP.globalGet).u32(g.left).byte(OP.i64Const).s64(cost).byte(OP.i64LtU);
  w.byte(OP.if).byte(OP.emptyBlock);
  w.byte(OP.i32Const).byte(1).byte(OP.globalSet).u32(g.exhausted).byte(OP.unreachable);
  w.byte(OP.end);
  w.byte(OP.globalGet).u32(g.left).byte(OP.i64Const).s64(cost).byte(OP.i64Sub);
  w.byte(OP.globalSet).u32(g.left);
}

/** FunctionMetering::feed over one body: the code with every charge where wasmer puts it. */
function meterCode(w: ByteWriter, bytes: Uint8Array, fn: FunctionBody, g: GasGlobals, entryCost: number): void {
  let accumulated = 0;
  fn.operators.forEach((op, i) => {
    if (i === 0 && entryCost > 0) {
      // An accounting first operator is charged anyway: its charge takes the locals cost along.
      if (op.accounting) accumulated += entryCost;
      else emitCharge(w, g, entryCost);
    }
    accumulated += operatorCost(op);
    if (op.accounting && accumulated > 0) {
      emitCharge(w, g, accumulated);
      accumulated = 0;
    }
    w.bytes(bytes.subarray(op.offset, op.end));
  });
}

function meterBody(bytes: Uint8Array, fn: FunctionBody, g: GasGlobals, options: MeteringOptions): Uint8Array {
  const w = new ByteWriter().bytes(bytes.subarray(fn.bodyStart, fn.codeStart)); // locals unchanged
  meterCode(w, bytes, fn, g, options.chargeLocals === true ? localsCost(fn.localCount) : 0);
  return w.finish();
}

function codePayload(bytes: Uint8Array, m: ParsedModule, g: GasGlobals, options: MeteringOptions): Uint8Array {
  const w = new ByteWriter().u32(m.functions.length);
  for (const fn of m.functions) w.sized(meterBody(bytes, fn, g, options));
  return w.finish();
}

/** Two defined globals appended after all others, so no existing global index moves. */
function globalsPayload(bytes: Uint8Array, m: ParsedModule): Uint8Array {
  const i64Counter = Uint8Array.of(0x7e, 0x01, OP.i64Const, 0x00, OP.end);
  const i32Flag = Uint8Array.of(0x7f, 0x01, OP.i32Const, 0x00, OP.end);
  return appendToVector(bytes, sectionOf(m, 6), [i64Counter, i32Flag]);
}

function exportsPayload(bytes: Uint8Array, m: ParsedModule, g: GasGlobals): Uint8Array {
  for (const name of [GAS_LEFT_EXPORT, GAS_EXHAUSTED_EXPORT]) {
    if (m.exports.some((e) => e.name === name)) throw vmErrors.compile(`export name ${name} is reserved by the simulator`);
  }
  const globalExport = (name: string, index: number) => new ByteWriter().name(name).byte(0x03).u32(index).finish();
  const added = [globalExport(GAS_LEFT_EXPORT, g.left), globalExport(GAS_EXHAUSTED_EXPORT, g.exhausted)];
  return appendToVector(bytes, sectionOf(m, 7), added);
}

const sectionOf = (m: ParsedModule, id: number) => m.sections.find((s) => s.id === id);

/**
 * The section payloads (global, export, code) that meter a module, for `rebuildModule`.
 * `m` must be parsed from `bytes` with operators.
 */
export function meteringPayloads(bytes: Uint8Array, m: ParsedModule, options: MeteringOptions = {}): Map<number, Uint8Array> {
  const left = importCount(m, "global") + m.globals.length;
  const g: GasGlobals = { left, exhausted: left + 1 };
  const payloads = new Map([
    [6, globalsPayload(bytes, m)],
    [7, exportsPayload(bytes, m, g)],
  ]);
  if (m.functions.length > 0) payloads.set(10, codePayload(bytes, m, g, options));
  return payloads;
}

/** The module with metering code and globals (throws WasmParseError on a malformed module). */
export function meterModule(bytes: Uint8Array, options: MeteringOptions = {}): Uint8Array {
  const m = parseModule(bytes);
  return rebuildModule(bytes, m.sections, meteringPayloads(bytes, m, options));
}

/** The instance's metering globals, read and set as wasmer's get/set_remaining_points do. */
export class MeteringGlobals implements GasPoints {
  private constructor(
    private readonly remaining: WasmGlobal,
    private readonly flag: WasmGlobal,
  ) {}

  static of(instance: WasmInstance): MeteringGlobals {
    const remaining = instance.exports[GAS_LEFT_EXPORT];
    const flag = instance.exports[GAS_EXHAUSTED_EXPORT];
    if (!(remaining instanceof Wasm.Global) || !(flag instanceof Wasm.Global)) {
      throw new Error("module is not metered: metering globals missing");
    }
    return new MeteringGlobals(remaining, flag);
  }

  exhausted(): boolean {
    return this.flag.value !== 0;
  }

  /** MeteringPoints::Exhausted reads as 0 (cosmwasm-vm get_gas_left). */
  left(): bigint {
    return this.exhausted() ? 0n : BigInt.asUintN(64, BigInt(this.remaining.value));
  }

  setLeft(points: bigint): void {
    this.remaining.value = BigInt.asIntN(64, points);
    this.flag.value = 0;
  }
}
