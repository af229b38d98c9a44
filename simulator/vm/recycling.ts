/**
 * Instances that are fresh on every call without paying V8 for a new one. A wasm instance's
 * whole mutable state is its linear memory, its mutable globals and (with reference types or
 * bulk memory, which the VM rejects) its tables and dropped segments. After a call we put that
 * state back exactly as instantiation leaves it: the memory all zero with the active data
 * segments written in order, every mutable global at its initial value. The next call then
 * runs in an instance no contract can tell from a new one.
 *
 * A module qualifies only when nothing else can carry state: it imports its memory (so the
 * host can reset it), uses no table- or segment-changing operator, has no start function (a
 * new instance would run it) and every data segment has a constant offset. A call that leaves
 * the memory larger than the initial size cannot be undone (memories do not shrink): that
 * instance is dropped, and from then on the module's new instances get a virtual memory size
 * (virtual-memory.ts), which a reset can put back.
 */
import { Feature, ParsedModule, importCount } from "@persistence-ts/cli/wasm/reader";
import { ByteWriter, appendToVector } from "@persistence-ts/cli/wasm/writer";
import type { Runner } from "./runner";

/** The export the rewrite adds: sets every mutable global to its initial value. */
export const RESET_EXPORT = "__cw_reset_globals";

/** Operators that can only change memory and globals (what the reset restores). */
const STATE_SAFE_FEATURES: ReadonlySet<Feature> = new Set(["mvp", "sign-extension", "nontrapping-f2i", "multi-value"]);

const OP = { globalSet: 0x24, end: 0x0b } as const;

/** One active segment, as instantiation writes it. */
export interface DataImage {
  offset: number;
  bytes: Uint8Array;
}

export interface RecyclingPlan {
  /** Section payloads (type, function, export, code) that add the reset function. */
  payloads: Map<number, Uint8Array>;
  /** The active segments in data section order (copies, not views into the module). */
  data: DataImage[];
}

/** Why the module's instances cannot be recycled, or undefined when they can. */
export function notRecyclable(m: ParsedModule, memoryImported: boolean): string | undefined {
  if (!memoryImported) return "the module keeps its own memory";
  if (m.start !== undefined) return "the module has a start function";
  if (m.imports.some((i) => i.kind === "global" || i.kind === "table")) return "the module imports a global or a table";
  if (m.types.some((t) => t.kind !== "func")) return "the module declares non-function types";
  if (m.exports.some((e) => e.name === RESET_EXPORT)) return `export name ${RESET_EXPORT} is taken`;
  if (m.dataCount !== undefined || m.elements.some((e) => e.mode !== "active")) return "the module has passive segments";
  for (const s of m.dataSegments) if (constantOffset(s.offset) === undefined) return "a data segment has no constant offset";
  for (const fn of m.functions) {
    if (fn.operators.length === 0 && fn.bodyEnd > fn.codeStart) return "function bodies were not decoded";
    const op = fn.operators.find((o) => !STATE_SAFE_FEATURES.has(o.feature));
    if (op) return `operator ${op.name} (${op.feature}) can change state the reset does not restore`;
  }
  return undefined;
}

function constantOffset(expr: ParsedModule["dataSegments"][number]["offset"]): number | undefined {
  if (expr?.length !== 2 || expr[0].name !== "i32.const" || expr[1].name !== "end") return undefined;
  return expr[0].imm.i32! >>> 0;
}

/** The function `() -> ()`'s type index, and the type section payload when it had to be added. */
function emptyType(bytes: Uint8Array, m: ParsedModule): { index: number; payload?: Uint8Array } {
  const index = m.types.findIndex((t) => t.kind === "func" && t.params.length === 0 && t.results.length === 0);
  if (index >= 0) return { index };
  const section = m.sections.find((s) => s.id === 1);
  return { index: m.types.length, payload: appendToVector(bytes, section, [Uint8Array.of(0x60, 0x00, 0x00)]) };
}

/** The reset function's body: each mutable defined global gets its init expression again. */
function resetBody(bytes: Uint8Array, m: ParsedModule): Uint8Array {
  const w = new ByteWriter().u32(0); // no locals
  const first = importCount(m, "global");
  m.globals.forEach((g, i) => {
    if (!g.type.mutable) return;
    for (const op of g.init) if (op.name !== "end") w.bytes(bytes.subarray(op.offset, op.end));
    w.byte(OP.globalSet).u32(first + i);
  });
  return w.byte(OP.end).finish();
}

/**
 * What recycling `m`'s instances takes: the reset function (appended after every existing
 * function, type and export, so no index moves) and the data image. `m` must be parsed from
 * `bytes`, which should be the final module (after any other rewrite).
 */
export function recyclingPlan(bytes: Uint8Array, m: ParsedModule): RecyclingPlan {
  const payloads = new Map<number, Uint8Array>();
  const type = emptyType(bytes, m);
  if (type.payload) payloads.set(1, type.payload);
  const section = (id: number) => m.sections.find((s) => s.id === id);
  const funcIndex = importCount(m, "func") + m.functions.length;
  payloads.set(3, appendToVector(bytes, section(3), [new ByteWriter().u32(type.index).finish()]));
  payloads.set(10, appendToVector(bytes, section(10), [new ByteWriter().sized(resetBody(bytes, m)).finish()]));
  payloads.set(7, appendToVector(bytes, section(7), [new ByteWriter().name(RESET_EXPORT).byte(0x00).u32(funcIndex).finish()]));
  const data = m.dataSegments.map((s) => ({ offset: constantOffset(s.offset)!, bytes: s.init.slice() }));
  return { payloads, data };
}

/**
 * Writes the memory back to what instantiation leaves, from byte `from` on (nothing below it
 * was written): zeros, then the segments' bytes there, in order.
 */
export function resetMemory(memory: Uint8Array, data: readonly DataImage[], from = 0): void {
  if (from >= memory.length) return;
  memory.fill(0, from);
  for (const { offset, bytes } of data) {
    if (offset + bytes.length <= from) continue;
    memory.set(offset >= from ? bytes : bytes.subarray(from - offset), Math.max(offset, from));
  }
}

/** Idle instances per nesting level of calls into the same code are plenty. */
const CAPACITY = 4;
/** An idle instance holding more memory than this is dropped rather than kept (32 MiB is the VM limit). */
const MAX_IDLE_BYTES = 16 * 1024 * 1024;

/** Recycled instances of one compiled module, each in exactly a new instance's state. */
export class InstancePool {
  private readonly idle: Runner[] = [];
  /** How many calls ran in a recycled instance instead of a new one. */
  reused = 0;
  /**
   * A call outgrew the initial memory: the module's new instances should have a virtual memory
   * size, or every such call would need a new instance and memory.
   */
  outgrown = false;

  constructor(
    private readonly data: readonly DataImage[],
    private readonly initialBytes: number,
  ) {}

  get idleCount(): number {
    return this.idle.length;
  }

  take(): Runner | undefined {
    const runner = this.idle.pop();
    if (runner) this.reused++;
    return runner;
  }

  /** Resets the instance after its call and keeps it, unless its memory grew for good. */
  release(runner: Runner): void {
    const memory = runner.memory();
    if (!runner.virtualSize && memory.byteLength !== this.initialBytes) {
      this.outgrown = true;
      this.idle.length = 0; // they would outgrow theirs too
      return;
    }
    if (this.idle.length >= CAPACITY || runner.allocatedBytes > MAX_IDLE_BYTES) return;
    // With a virtual size nothing past the contract's bytes was written: the checks forbid it.
    resetMemory(memory, this.data, runner.writtenFrom());
    runner.resetGlobals();
    this.idle.push(runner);
  }
}
