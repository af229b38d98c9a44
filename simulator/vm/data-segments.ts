/**
 * Fewer data segments, the same memory. AssemblyScript emits one active segment per static
 * object (500 to 1,250 in our contracts) and V8 pays for each on every instantiation (about a
 * third of a small call). Segments that lie close together are merged into one, the small gaps
 * between them written as zeros: exactly what a fresh memory holds there.
 */
import type { DataSegment, ParsedModule } from "@persistence-ts/cli/wasm/reader";
import { ByteWriter } from "@persistence-ts/cli/wasm/writer";

/** Zero bytes a merged segment may write between two original ones. */
export const MAX_ZERO_GAP = 1024;

/** A segment with its constant target range; `index` is its position in the data section. */
interface Placed {
  index: number;
  start: number;
  end: number;
  init: Uint8Array;
}

/** The segment's offset when it is a plain `i32.const` into memory 0, else undefined. */
function constantOffset(s: DataSegment): number | undefined {
  const [op, end] = s.offset ?? [];
  if (s.mode !== "active" || s.memory !== 0 || s.offset?.length !== 2 || end.name !== "end") return undefined;
  return op.name === "i32.const" ? op.imm.i32! >>> 0 : undefined;
}

/**
 * Every segment placed, or undefined when merging might be observable: a data index in use
 * (passive segments, or a datacount section, which memory.init and data.drop need), an offset
 * that is not a constant, or a segment outside the initial memory (instantiation would trap
 * part-way through the segments, so their order and count would matter).
 */
function placeAll(m: ParsedModule, memoryBytes: number): Placed[] | undefined {
  if (m.dataCount !== undefined) return undefined;
  const placed: Placed[] = [];
  for (const [index, s] of m.dataSegments.entries()) {
    const start = constantOffset(s);
    if (start === undefined || start + s.init.length > memoryBytes) return undefined;
    placed.push({ index, start, end: start + s.init.length, init: s.init });
  }
  return placed;
}

/** Groups segments by address into runs separated by more than MAX_ZERO_GAP bytes. */
function runsOf(placed: Placed[]): Placed[][] {
  const byStart = [...placed].sort((a, b) => a.start - b.start || a.index - b.index);
  const runs: Placed[][] = [];
  let runEnd = -Infinity;
  for (const p of byStart) {
    if (p.start > runEnd + MAX_ZERO_GAP) runs.push([]);
    runs[runs.length - 1].push(p);
    runEnd = Math.max(runEnd, p.end);
  }
  return runs;
}

/** One run's bytes; overlapping segments are applied in data section order, as instantiation does. */
function runBytes(run: Placed[]): { start: number; bytes: Uint8Array } {
  const start = run[0].start;
  const bytes = new Uint8Array(Math.max(...run.map((p) => p.end)) - start);
  for (const p of [...run].sort((a, b) => a.index - b.index)) bytes.set(p.init, p.start - start);
  return { start, bytes };
}

/**
 * A data section payload with the module's active segments merged, for `rebuildModule`;
 * undefined when nothing would be merged or merging might be observable (see placeAll).
 * `memoryBytes` is the module's initial memory size.
 */
export function mergedDataPayload(m: ParsedModule, memoryBytes: number): Uint8Array | undefined {
  const placed = placeAll(m, memoryBytes);
  if (!placed) return undefined;
  const runs = runsOf(placed).map(runBytes);
  if (runs.length >= m.dataSegments.length) return undefined;
  const w = new ByteWriter().u32(runs.length);
  for (const { start, bytes } of runs) {
    w.u32(0).byte(0x41).s64(start | 0).byte(0x0b); // active, memory 0, i32.const start; end
    w.sized(bytes);
  }
  return w.finish();
}
