/**
 * Just enough of the Wasm binary format to do what JS engines do not: check import signatures
 * (a JS function satisfies any signature, wasmer does not) and cap memory at the VM's limit.
 */

export type ValType = "I32" | "I64" | "F32" | "F64" | "V128" | "FuncRef" | "ExternRef";

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

const VALTYPES: Record<number, ValType> = {
  0x7f: "I32",
  0x7e: "I64",
  0x7d: "F32",
  0x7c: "F64",
  0x7b: "V128",
  0x70: "FuncRef",
  0x6f: "ExternRef",
};

const IMPORT_KINDS: ImportKind[] = ["function", "table", "memory", "global", "tag"];

const SECTION_TYPE = 1;
const SECTION_IMPORT = 2;
const SECTION_MEMORY = 5;

/** Thrown for constructs this reader does not know; callers then skip their extra checks. */
export class UnsupportedWasm extends Error {}

class Reader {
  constructor(
    private readonly bytes: Uint8Array,
    public pos = 0,
  ) {}

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  byte(): number {
    if (this.pos >= this.bytes.length) throw new UnsupportedWasm("unexpected end");
    return this.bytes[this.pos++];
  }

  /** Unsigned LEB128 up to 2^53. */
  u32(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
  }

  name(): string {
    const len = this.u32();
    const s = Buffer.from(this.bytes.subarray(this.pos, this.pos + len)).toString("utf8");
    this.pos += len;
    return s;
  }

  valType(): ValType {
    const t = VALTYPES[this.byte()];
    if (!t) throw new UnsupportedWasm("unknown value type");
    return t;
  }

  limits(): { flags: number; min: number; max?: number } {
    const flags = this.byte();
    const min = this.u32();
    return (flags & 1) === 1 ? { flags, min, max: this.u32() } : { flags, min };
  }
}

interface Section {
  id: number;
  /** Offset of the id byte. */
  start: number;
  contentStart: number;
  end: number;
}

function sections(bytes: Uint8Array): Section[] {
  const r = new Reader(bytes, 8);
  const out: Section[] = [];
  while (!r.done) {
    const start = r.pos;
    const id = r.byte();
    const size = r.u32();
    out.push({ id, start, contentStart: r.pos, end: r.pos + size });
    r.pos += size;
  }
  return out;
}

function readTypes(bytes: Uint8Array, s: Section): FuncType[] {
  const r = new Reader(bytes, s.contentStart);
  const count = r.u32();
  const types: FuncType[] = [];
  for (let i = 0; i < count; i++) {
    if (r.byte() !== 0x60) throw new UnsupportedWasm("non-function type");
    const params = Array.from({ length: r.u32() }, () => r.valType());
    const results = Array.from({ length: r.u32() }, () => r.valType());
    types.push({ params, results });
  }
  return types;
}

function skipImportDesc(r: Reader, kind: ImportKind): void {
  if (kind === "table") {
    r.byte();
    r.limits();
  } else if (kind === "memory") r.limits();
  else if (kind === "global") {
    r.valType();
    r.byte();
  } else if (kind === "tag") {
    r.byte();
    r.u32();
  }
}

function readImports(bytes: Uint8Array, s: Section, types: FuncType[]): ImportEntry[] {
  const r = new Reader(bytes, s.contentStart);
  const count = r.u32();
  const out: ImportEntry[] = [];
  for (let i = 0; i < count; i++) {
    const module = r.name();
    const name = r.name();
    const kind = IMPORT_KINDS[r.byte()];
    if (!kind) throw new UnsupportedWasm("unknown import kind");
    if (kind === "function") out.push({ module, name, kind, type: types[r.u32()] });
    else {
      skipImportDesc(r, kind);
      out.push({ module, name, kind });
    }
  }
  return out;
}

/** Imports with resolved function signatures. Throws UnsupportedWasm for unknown constructs. */
export function readImportEntries(bytes: Uint8Array): ImportEntry[] {
  const all = sections(bytes);
  const typeSection = all.find((s) => s.id === SECTION_TYPE);
  const importSection = all.find((s) => s.id === SECTION_IMPORT);
  const types = typeSection ? readTypes(bytes, typeSection) : [];
  return importSection ? readImports(bytes, importSection, types) : [];
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

export interface MemoryCapResult {
  bytes: Uint8Array;
  /** Initial pages of a defined memory above the cap, if any. */
  tooLarge?: number;
}

/**
 * Gives every defined 32-bit memory a maximum of at most `maxPages`, as wasmer's limiting
 * tunables do, so memory.grow past the VM limit fails instead of succeeding.
 */
export function capMemory(bytes: Uint8Array, maxPages: number): MemoryCapResult {
  const section = sections(bytes).find((s) => s.id === SECTION_MEMORY);
  if (!section) return { bytes };
  const r = new Reader(bytes, section.contentStart);
  const count = r.u32();
  const content: number[] = leb(count);
  let tooLarge: number | undefined;
  for (let i = 0; i < count; i++) {
    const { flags, min, max } = r.limits();
    if (flags > 1) throw new UnsupportedWasm("shared or 64-bit memory");
    if (min > maxPages) tooLarge = min;
    content.push(1, ...leb(min), ...leb(Math.min(max ?? maxPages, maxPages)));
  }
  const rebuilt = [SECTION_MEMORY, ...leb(content.length), ...content];
  const out = new Uint8Array(bytes.length - (section.end - section.start) + rebuilt.length);
  out.set(bytes.subarray(0, section.start), 0);
  out.set(rebuilt, section.start);
  out.set(bytes.subarray(section.end), section.start + rebuilt.length);
  return { bytes: out, tooLarge };
}
