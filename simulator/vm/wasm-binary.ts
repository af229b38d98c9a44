/**
 * What the simulator needs on top of the shared binary reader (tools/wasm) to do what JS engines
 * do not: check import signatures as wasmer does (a JS function satisfies any signature), cap
 * memory at the VM's limit, and import the memory so the host can hand each call a reused one.
 */
import { ParsedModule, ValType as ReaderValType, formatValType, importCount } from "@persistence-ts/cli/wasm/reader";
import { ByteWriter, appendToVector } from "@persistence-ts/cli/wasm/writer";

/** A value type as wasmer prints it in link errors: I32, I64, FuncRef, ... */
export type ValType = string;

export interface FuncType {
  params: ValType[];
  results: ValType[];
}

export type ImportKind = "function" | "table" | "memory" | "global" | "tag";

export interface ImportEntry {
  module: string;
  name: string;
  kind: ImportKind;
  /** Signature of a function import. */
  type?: FuncType;
}

function wasmerValType(t: ReaderValType): ValType {
  if (typeof t === "string") return t.toUpperCase();
  if (t.nullable && t.heap === "func") return "FuncRef";
  if (t.nullable && t.heap === "extern") return "ExternRef";
  return formatValType(t);
}

/** Imports with resolved function signatures. */
export function importEntries(m: ParsedModule): ImportEntry[] {
  return m.imports.map((imp): ImportEntry => {
    const base = { module: imp.module, name: imp.name };
    if (imp.kind !== "func") return { ...base, kind: imp.kind };
    const t = m.types[imp.typeIndex];
    if (t.kind !== "func") return { ...base, kind: "function" };
    const type = { params: t.params.map(wasmerValType), results: t.results.map(wasmerValType) };
    return { ...base, kind: "function", type };
  });
}

export interface MemoryCap {
  /** New memory section payload; undefined when nothing is to be capped. */
  payload?: Uint8Array;
  /** Initial pages of a defined memory above the cap, if any. */
  tooLarge?: number;
}

/**
 * Gives every defined 32-bit memory a maximum of at most `maxPages`, as wasmer's limiting
 * tunables do, so memory.grow past the VM limit fails instead of succeeding. Shared or 64-bit
 * memories are left for the engine to judge.
 */
export function memoryCap(m: ParsedModule, maxPages: number): MemoryCap {
  if (m.memories.length === 0 || m.memories.some((l) => l.shared || l.index64)) return {};
  const w = new ByteWriter().u32(m.memories.length);
  for (const { min, max } of m.memories) w.byte(0x01).u32(min).u32(Math.min(max ?? maxPages, maxPages));
  const tooLarge = m.memories.find((l) => l.min > maxPages)?.min;
  return { payload: w.finish(), tooLarge };
}

/** Where a rewritten module imports its memory from (not `env`: contracts cannot ask for it). */
export const MEMORY_IMPORT = { module: "__cw_simulator", name: "memory" } as const;

export interface ImportedMemory {
  /** The module's initial pages. */
  initial: number;
  /** The module's maximum, capped at the VM limit. */
  maximum: number;
  /** New import and memory section payloads, for `rebuildModule`. */
  payloads: Map<number, Uint8Array>;
}

/**
 * Turns the module's one defined memory into an import with the same limits (the maximum
 * capped as memoryCap does). Imported memories come first in the index space, so the import is
 * memory 0 as the defined one was: no instruction, export or data segment changes, and
 * instantiation still writes the active data segments. Undefined when there is not exactly one
 * plain defined memory (the module then keeps its own).
 */
export function memoryImport(bytes: Uint8Array, m: ParsedModule, maxPages: number): ImportedMemory | undefined {
  if (m.memories.length !== 1 || importCount(m, "memory") !== 0) return undefined;
  const [{ min, max, shared, index64 }] = m.memories;
  if (shared || index64 || min > maxPages) return undefined;
  const maximum = Math.min(max ?? maxPages, maxPages);
  const entry = new ByteWriter().name(MEMORY_IMPORT.module).name(MEMORY_IMPORT.name);
  entry.byte(0x02).byte(0x01).u32(min).u32(maximum); // memory, limits with a maximum
  const imports = appendToVector(bytes, m.sections.find((s) => s.id === 2), [entry.finish()]);
  const noMemories = new ByteWriter().u32(0).finish();
  return { initial: min, maximum, payloads: new Map([[2, imports], [5, noMemories]]) };
}
