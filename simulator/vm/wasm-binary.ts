/**
 * What the simulator needs on top of the shared binary reader (tools/wasm) to do what JS engines
 * do not: check import signatures as wasmer does (a JS function satisfies any signature) and
 * cap memory at the VM's limit.
 */
import { ParsedModule, ValType as ReaderValType, formatValType } from "../../tools/wasm/reader";
import { ByteWriter } from "../../tools/wasm/writer";

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
