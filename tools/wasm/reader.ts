/**
 * A small, dependency-free WebAssembly binary reader.
 *
 * It decodes every section the upload checker needs and every function body into
 * operators with immediates and absolute byte offsets, so a simulator can reuse it
 * (e.g. to inject gas metering before each accounting operator).
 * It checks structure (section order, sizes, LEB128 ranges, index bounds) but does
 * not type-check function bodies.
 */

// ---------------------------------------------------------------------------
// Types

export type NumType = "i32" | "i64" | "f32" | "f64";
export type AbsHeapType =
  | "func" | "extern" | "any" | "eq" | "i31" | "struct" | "array"
  | "none" | "noextern" | "nofunc" | "exn" | "noexn";
/** An abstract heap type or a type index (function-references / GC). */
export type HeapType = AbsHeapType | number;
export interface RefType {
  kind: "ref";
  nullable: boolean;
  heap: HeapType;
}
export type ValType = NumType | "v128" | RefType;

/** Wasm proposal an operator or construct belongs to. */
export type Feature =
  | "mvp" | "sign-extension" | "nontrapping-f2i" | "multi-value" | "bulk-memory"
  | "reference-types" | "simd" | "relaxed-simd" | "threads" | "tail-call"
  | "exceptions" | "gc" | "function-references" | "memory-control" | "multi-memory"
  | "memory64";

export interface FuncType {
  kind: "func";
  params: ValType[];
  results: ValType[];
}
/** A struct/array type (GC proposal); only its form is kept. */
export interface GcType {
  kind: "struct" | "array";
}
export type TypeEntry = FuncType | GcType;

export interface Limits {
  min: number;
  max?: number;
  shared: boolean;
  index64: boolean;
}
export interface TableType {
  elemType: RefType;
  limits: Limits;
  /** Initializer expression (function-references "table with init" form). */
  init?: Operator[];
}
export type MemoryType = Limits;
export interface GlobalType {
  type: ValType;
  mutable: boolean;
}
export interface TagType {
  typeIndex: number;
}

export type ExternKind = "func" | "table" | "memory" | "global" | "tag";
interface ImportBase {
  module: string;
  name: string;
  offset: number;
}
export type Import =
  | (ImportBase & { kind: "func"; typeIndex: number })
  | (ImportBase & { kind: "table"; table: TableType })
  | (ImportBase & { kind: "memory"; memory: MemoryType })
  | (ImportBase & { kind: "global"; global: GlobalType })
  | (ImportBase & { kind: "tag"; tag: TagType });

export interface Export {
  name: string;
  kind: ExternKind;
  index: number;
}

export interface Global {
  type: GlobalType;
  init: Operator[];
}

export interface LocalDecl {
  count: number;
  type: ValType;
}

/** A function defined in the module (imports excluded). */
export interface FunctionBody {
  /** Index in the function index space (imported functions come first). */
  index: number;
  typeIndex: number;
  locals: LocalDecl[];
  /** Sum of declared locals (parameters excluded). */
  localCount: number;
  /** Byte range of the body (after its size prefix): locals + code. */
  bodyStart: number;
  bodyEnd: number;
  /** Offset of the first instruction, after the local declarations. */
  codeStart: number;
  operators: Operator[];
}

export interface DataSegment {
  mode: "active" | "passive";
  memory: number;
  offset?: Operator[];
  /** View into the module bytes (no copy). */
  init: Uint8Array;
  /** Absolute byte offset of `init`. */
  initOffset: number;
}

export interface ElementSegment {
  mode: "active" | "passive" | "declarative";
  /** Raw flags 0..7: anything but 0 needs bulk-memory or reference-types. */
  flags: number;
  table: number;
  offset?: Operator[];
  elemType: RefType;
  /** Function indices (flags 0..3) or init expressions (flags 4..7). */
  funcIndices?: number[];
  exprs?: Operator[][];
}

export interface CustomSection {
  name: string;
  /** View into the module bytes (payload after the name). */
  data: Uint8Array;
  offset: number;
}

export interface SectionInfo {
  id: number;
  name: string;
  /** Offset of the section id byte (where a rewrite splices). */
  start: number;
  /** Offset of the section payload (after id and size). */
  offset: number;
  size: number;
}

export type BlockType =
  | { kind: "empty" }
  | { kind: "value"; type: ValType }
  | { kind: "type"; index: number };

export interface MemArg {
  align: number;
  offset: number;
  memory: number;
}

export interface CatchClause {
  kind: "catch" | "catch_ref" | "catch_all" | "catch_all_ref";
  tag?: number;
  label: number;
}

/** Immediates of an operator; only the fields its opcode uses are set. */
export interface Immediates {
  blockType?: BlockType;
  label?: number;
  labels?: number[];
  defaultLabel?: number;
  func?: number;
  type?: number;
  type2?: number;
  table?: number;
  table2?: number;
  local?: number;
  global?: number;
  memArg?: MemArg;
  memory?: number;
  memory2?: number;
  data?: number;
  elem?: number;
  tag?: number;
  field?: number;
  count?: number;
  i32?: number;
  i64?: bigint;
  f32?: number;
  f64?: number;
  v128?: Uint8Array;
  lane?: number;
  lanes?: Uint8Array;
  valTypes?: ValType[];
  heapType?: HeapType;
  heapType2?: HeapType;
  castFlags?: number;
  catches?: CatchClause[];
}

export interface Operator {
  /** 0 for single-byte opcodes, else the prefix byte (0xFB, 0xFC, 0xFD, 0xFE). */
  prefix: number;
  /** Opcode byte, or the LEB128 sub-opcode after a prefix. */
  code: number;
  name: string;
  /** Absolute byte offsets in the module: [offset, end). */
  offset: number;
  end: number;
  imm: Immediates;
  feature: Feature;
  /** Touches an f32/f64 value (allowed by the VM since 1.5, but non-portable). */
  float: boolean;
  /** Branch source/target: cosmwasm-vm meters these at 14× (`is_accounting`). */
  accounting: boolean;
}

export interface ParsedModule {
  size: number;
  version: number;
  sections: SectionInfo[];
  types: TypeEntry[];
  imports: Import[];
  /** Defined functions, in index order. */
  functions: FunctionBody[];
  /** Defined tables / memories / globals / tags (imports excluded). */
  tables: TableType[];
  memories: MemoryType[];
  globals: Global[];
  tags: TagType[];
  exports: Export[];
  start?: number;
  dataCount?: number;
  dataSegments: DataSegment[];
  elements: ElementSegment[];
  customSections: CustomSection[];
  /** From the `name` custom section, when present and well formed. */
  functionNames: Map<number, string>;
}

export interface ParseOptions {
  /** Decode function bodies into operators (default true). */
  operators?: boolean;
}

export class WasmParseError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} (at byte 0x${offset.toString(16)})`);
    this.name = "WasmParseError";
  }
}

// ---------------------------------------------------------------------------
// Byte cursor

const utf8 = new TextDecoder("utf-8", { fatal: true });

export class ByteReader {
  pos: number;
  constructor(readonly bytes: Uint8Array, start = 0, readonly end = bytes.length) {
    this.pos = start;
  }

  fail(message: string, at = this.pos): never {
    throw new WasmParseError(message, at);
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  u8(): number {
    if (this.pos >= this.end) this.fail("unexpected end of data");
    return this.bytes[this.pos++];
  }

  peek(): number {
    if (this.pos >= this.end) this.fail("unexpected end of data");
    return this.bytes[this.pos];
  }

  u32(): number {
    const at = this.pos;
    let result = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      result += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) {
        if (i === 4 && b > 0x0f) this.fail("u32 LEB128 out of range", at);
        return result;
      }
    }
    return this.fail("u32 LEB128 too long", at);
  }

  /** Signed LEB128 up to `bits` (≤ 33) as a JS number. */
  sN(bits: number): number {
    const at = this.pos;
    const maxBytes = Math.ceil(bits / 7);
    let result = 0;
    for (let i = 0; i < maxBytes; i++) {
      const b = this.u8();
      result += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) {
        const width = 7 * (i + 1);
        if (b & 0x40) result -= 2 ** width;
        if (result < -(2 ** (bits - 1)) || result >= 2 ** (bits - 1)) {
          this.fail(`s${bits} LEB128 out of range`, at);
        }
        return result;
      }
    }
    return this.fail(`s${bits} LEB128 too long`, at);
  }

  s64(): bigint {
    const at = this.pos;
    let result = 0n;
    for (let i = 0; i < 10; i++) {
      const b = this.u8();
      result |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) {
        if (b & 0x40) result -= 1n << BigInt(7 * (i + 1));
        if (result < -(1n << 63n) || result >= 1n << 63n) this.fail("s64 LEB128 out of range", at);
        return result;
      }
    }
    return this.fail("s64 LEB128 too long", at);
  }

  u64(): number {
    const at = this.pos;
    let result = 0n;
    for (let i = 0; i < 10; i++) {
      const b = this.u8();
      result |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) {
        if (result >= 1n << 64n) this.fail("u64 LEB128 out of range", at);
        return Number(result);
      }
    }
    return this.fail("u64 LEB128 too long", at);
  }

  take(n: number): Uint8Array {
    if (n > this.end - this.pos) this.fail(`${n} bytes expected, ${this.end - this.pos} left`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  name(): string {
    const at = this.pos;
    const raw = this.take(this.u32());
    try {
      return utf8.decode(raw);
    } catch {
      return this.fail("name is not valid UTF-8", at);
    }
  }

  f32(): number {
    const raw = this.take(4);
    return new DataView(raw.buffer, raw.byteOffset, 4).getFloat32(0, true);
  }

  f64(): number {
    const raw = this.take(8);
    return new DataView(raw.buffer, raw.byteOffset, 8).getFloat64(0, true);
  }

  /** Reads a vector: a u32 count, then `count` items. */
  vec<T>(item: (r: ByteReader) => T): T[] {
    const count = this.u32();
    // Each item takes ≥ 1 byte: refuse absurd counts before allocating.
    if (count > this.end - this.pos) this.fail(`vector count ${count} exceeds remaining bytes`);
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(item(this));
    return out;
  }
}

// ---------------------------------------------------------------------------
// Value, heap and block types

const ABS_HEAP: ReadonlyMap<number, AbsHeapType> = new Map([
  [0x70, "func"], [0x6f, "extern"], [0x6e, "any"], [0x6d, "eq"], [0x6c, "i31"],
  [0x6b, "struct"], [0x6a, "array"], [0x71, "none"], [0x72, "noextern"],
  [0x73, "nofunc"], [0x69, "exn"], [0x74, "noexn"],
]);
const NUM_TYPES: ReadonlyMap<number, NumType | "v128"> = new Map([
  [0x7f, "i32"], [0x7e, "i64"], [0x7d, "f32"], [0x7c, "f64"], [0x7b, "v128"],
]);

export function readHeapType(r: ByteReader): HeapType {
  const abs = ABS_HEAP.get(r.peek());
  if (abs) {
    r.pos++;
    return abs;
  }
  const at = r.pos;
  const index = r.sN(33);
  if (index < 0) r.fail("invalid heap type", at);
  return index;
}

export function readValType(r: ByteReader): ValType {
  const at = r.pos;
  const b = r.u8();
  const num = NUM_TYPES.get(b);
  if (num) return num;
  const abs = ABS_HEAP.get(b);
  if (abs) return { kind: "ref", nullable: true, heap: abs };
  if (b === 0x63 || b === 0x64) return { kind: "ref", nullable: b === 0x63, heap: readHeapType(r) };
  return r.fail(`invalid value type 0x${b.toString(16)}`, at);
}

function readRefType(r: ByteReader): RefType {
  const at = r.pos;
  const t = readValType(r);
  if (typeof t === "string") r.fail(`expected a reference type, got ${t}`, at);
  return t;
}

function readBlockType(r: ByteReader): BlockType {
  const b = r.peek();
  if (b === 0x40) {
    r.pos++;
    return { kind: "empty" };
  }
  if (NUM_TYPES.has(b) || ABS_HEAP.has(b) || b === 0x63 || b === 0x64) {
    return { kind: "value", type: readValType(r) };
  }
  const at = r.pos;
  const index = r.sN(33);
  if (index < 0) r.fail("invalid block type", at);
  return { kind: "type", index };
}

export function formatValType(t: ValType): string {
  if (typeof t === "string") return t;
  if (t.nullable && typeof t.heap === "string") return `${t.heap}ref`;
  return `(ref ${t.nullable ? "null " : ""}${t.heap})`;
}

export function formatFuncType(t: FuncType): string {
  const list = (ts: ValType[]) => `(${ts.map(formatValType).join(", ")})`;
  return `${list(t.params)} -> ${list(t.results)}`;
}

export function isFloatType(t: ValType): boolean {
  return t === "f32" || t === "f64";
}

/** The proposal a value type needs beyond the MVP. */
export function valTypeFeature(t: ValType): Feature {
  if (typeof t === "string") return t === "v128" ? "simd" : "mvp";
  if (!t.nullable || typeof t.heap === "number") return "function-references";
  if (t.heap === "func" || t.heap === "extern") return "reference-types";
  if (t.heap === "exn" || t.heap === "noexn") return "exceptions";
  return "gc";
}

// ---------------------------------------------------------------------------
// Opcode tables

type ImmKind =
  | "none" | "block" | "label" | "br_table" | "func" | "call_indirect" | "type"
  | "local" | "global" | "table" | "memarg" | "memory" | "i32" | "i64" | "f32" | "f64"
  | "select_t" | "heap_type" | "tag" | "try_table" | "data_memory" | "data"
  | "memory_memory" | "elem_table" | "elem" | "table_table" | "v128" | "shuffle"
  | "lane" | "memarg_lane" | "zero_byte" | "type_field" | "type_type" | "type_count"
  | "type_data" | "type_elem" | "br_on_cast";

interface OpInfo {
  name: string;
  imm: ImmKind;
  feature: Feature;
}

/** Operators cosmwasm-vm's metering treats as basic-block boundaries (metering.rs `is_accounting`). */
const ACCOUNTING = new Set([
  "loop", "end", "if", "else", "br", "br_table", "br_if", "call", "call_indirect", "return",
  "throw", "throw_ref", "rethrow", "delegate", "catch", "return_call", "return_call_indirect",
  "br_on_cast", "br_on_cast_fail", "call_ref", "return_call_ref", "br_on_null", "br_on_non_null",
]);

const SINGLE: (OpInfo | undefined)[] = new Array(256);
const PREFIXED = new Map<number, Map<number, OpInfo>>([
  [0xfb, new Map()], [0xfc, new Map()], [0xfd, new Map()], [0xfe, new Map()],
]);

function def(prefix: number, code: number, name: string, imm: ImmKind, feature: Feature): void {
  const info: OpInfo = { name, imm, feature };
  if (prefix === 0) SINGLE[code] = info;
  else PREFIXED.get(prefix)?.set(code, info);
}

/** Defines consecutive no-immediate opcodes from a space-separated name list. */
function defRun(prefix: number, first: number, names: string, feature: Feature, imm: ImmKind = "none"): void {
  names.split(/\s+/).filter(Boolean).forEach((n, i) => def(prefix, first + i, n, imm, feature));
}

function defineMvpControl(): void {
  const ops: [number, string, ImmKind, Feature][] = [
    [0x00, "unreachable", "none", "mvp"], [0x01, "nop", "none", "mvp"],
    [0x02, "block", "block", "mvp"], [0x03, "loop", "block", "mvp"], [0x04, "if", "block", "mvp"],
    [0x05, "else", "none", "mvp"], [0x06, "try", "block", "exceptions"],
    [0x07, "catch", "tag", "exceptions"], [0x08, "throw", "tag", "exceptions"],
    [0x09, "rethrow", "label", "exceptions"], [0x0a, "throw_ref", "none", "exceptions"],
    [0x0b, "end", "none", "mvp"], [0x0c, "br", "label", "mvp"], [0x0d, "br_if", "label", "mvp"],
    [0x0e, "br_table", "br_table", "mvp"], [0x0f, "return", "none", "mvp"],
    [0x10, "call", "func", "mvp"], [0x11, "call_indirect", "call_indirect", "mvp"],
    [0x12, "return_call", "func", "tail-call"],
    [0x13, "return_call_indirect", "call_indirect", "tail-call"],
    [0x14, "call_ref", "type", "function-references"],
    [0x15, "return_call_ref", "type", "tail-call"],
    [0x18, "delegate", "label", "exceptions"], [0x19, "catch_all", "none", "exceptions"],
    [0x1a, "drop", "none", "mvp"], [0x1b, "select", "none", "mvp"],
    [0x1c, "select", "select_t", "reference-types"], [0x1f, "try_table", "try_table", "exceptions"],
    [0x20, "local.get", "local", "mvp"], [0x21, "local.set", "local", "mvp"],
    [0x22, "local.tee", "local", "mvp"], [0x23, "global.get", "global", "mvp"],
    [0x24, "global.set", "global", "mvp"], [0x25, "table.get", "table", "reference-types"],
    [0x26, "table.set", "table", "reference-types"],
    [0x3f, "memory.size", "memory", "mvp"], [0x40, "memory.grow", "memory", "mvp"],
    [0x41, "i32.const", "i32", "mvp"], [0x42, "i64.const", "i64", "mvp"],
    [0x43, "f32.const", "f32", "mvp"], [0x44, "f64.const", "f64", "mvp"],
    [0xd0, "ref.null", "heap_type", "reference-types"],
    [0xd1, "ref.is_null", "none", "reference-types"], [0xd2, "ref.func", "func", "reference-types"],
    [0xd3, "ref.eq", "none", "gc"], [0xd4, "ref.as_non_null", "none", "function-references"],
    [0xd5, "br_on_null", "label", "function-references"],
    [0xd6, "br_on_non_null", "label", "function-references"],
  ];
  for (const [code, name, imm, feature] of ops) def(0, code, name, imm, feature);
}

function defineMvpNumeric(): void {
  defRun(0, 0x28, `i32.load i64.load f32.load f64.load i32.load8_s i32.load8_u i32.load16_s
    i32.load16_u i64.load8_s i64.load8_u i64.load16_s i64.load16_u i64.load32_s i64.load32_u
    i32.store i64.store f32.store f64.store i32.store8 i32.store16 i64.store8 i64.store16
    i64.store32`, "mvp", "memarg");
  const cmp = "eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u";
  const fcmp = "eq ne lt gt le ge";
  const iarith = "clz ctz popcnt add sub mul div_s div_u rem_s rem_u and or xor shl shr_s shr_u rotl rotr";
  const farith = "abs neg ceil floor trunc nearest sqrt add sub mul div min max copysign";
  const prefixed = (p: string, list: string) => list.split(" ").map((n) => `${p}.${n}`).join(" ");
  defRun(0, 0x45, `i32.eqz ${prefixed("i32", cmp)} i64.eqz ${prefixed("i64", cmp)}`, "mvp");
  defRun(0, 0x5b, `${prefixed("f32", fcmp)} ${prefixed("f64", fcmp)}`, "mvp");
  defRun(0, 0x67, `${prefixed("i32", iarith)} ${prefixed("i64", iarith)}`, "mvp");
  defRun(0, 0x8b, `${prefixed("f32", farith)} ${prefixed("f64", farith)}`, "mvp");
  defRun(0, 0xa7, `i32.wrap_i64 i32.trunc_f32_s i32.trunc_f32_u i32.trunc_f64_s i32.trunc_f64_u
    i64.extend_i32_s i64.extend_i32_u i64.trunc_f32_s i64.trunc_f32_u i64.trunc_f64_s
    i64.trunc_f64_u f32.convert_i32_s f32.convert_i32_u f32.convert_i64_s f32.convert_i64_u
    f32.demote_f64 f64.convert_i32_s f64.convert_i32_u f64.convert_i64_s f64.convert_i64_u
    f64.promote_f32 i32.reinterpret_f32 i64.reinterpret_f64 f32.reinterpret_i32
    f64.reinterpret_i64`, "mvp");
  defRun(0, 0xc0, "i32.extend8_s i32.extend16_s i64.extend8_s i64.extend16_s i64.extend32_s", "sign-extension");
}

function defineMisc(): void {
  defRun(0xfc, 0, `i32.trunc_sat_f32_s i32.trunc_sat_f32_u i32.trunc_sat_f64_s i32.trunc_sat_f64_u
    i64.trunc_sat_f32_s i64.trunc_sat_f32_u i64.trunc_sat_f64_s i64.trunc_sat_f64_u`, "nontrapping-f2i");
  const ops: [number, string, ImmKind, Feature][] = [
    [8, "memory.init", "data_memory", "bulk-memory"], [9, "data.drop", "data", "bulk-memory"],
    [10, "memory.copy", "memory_memory", "bulk-memory"], [11, "memory.fill", "memory", "bulk-memory"],
    [12, "table.init", "elem_table", "bulk-memory"], [13, "elem.drop", "elem", "bulk-memory"],
    [14, "table.copy", "table_table", "bulk-memory"], [15, "table.grow", "table", "reference-types"],
    [16, "table.size", "table", "reference-types"], [17, "table.fill", "table", "reference-types"],
    [18, "memory.discard", "memory", "memory-control"],
  ];
  for (const [code, name, imm, feature] of ops) def(0xfc, code, name, imm, feature);
}

function defineSimd(): void {
  defRun(0xfd, 0, `v128.load v128.load8x8_s v128.load8x8_u v128.load16x4_s v128.load16x4_u
    v128.load32x2_s v128.load32x2_u v128.load8_splat v128.load16_splat v128.load32_splat
    v128.load64_splat v128.store`, "simd", "memarg");
  def(0xfd, 12, "v128.const", "v128", "simd");
  def(0xfd, 13, "i8x16.shuffle", "shuffle", "simd");
  defRun(0xfd, 14, "i8x16.swizzle i8x16.splat i16x8.splat i32x4.splat i64x2.splat f32x4.splat f64x2.splat", "simd");
  defRun(0xfd, 21, `i8x16.extract_lane_s i8x16.extract_lane_u i8x16.replace_lane
    i16x8.extract_lane_s i16x8.extract_lane_u i16x8.replace_lane i32x4.extract_lane
    i32x4.replace_lane i64x2.extract_lane i64x2.replace_lane f32x4.extract_lane
    f32x4.replace_lane f64x2.extract_lane f64x2.replace_lane`, "simd", "lane");
  defRun(0xfd, 84, `v128.load8_lane v128.load16_lane v128.load32_lane v128.load64_lane
    v128.store8_lane v128.store16_lane v128.store32_lane v128.store64_lane`, "simd", "memarg_lane");
  defRun(0xfd, 92, "v128.load32_zero v128.load64_zero", "simd", "memarg");
  // Other SIMD opcodes take no immediates; they are named generically (SIMD is rejected anyway).
  for (let code = 35; code <= 0xff; code++) {
    if (code < 84 || code > 93) def(0xfd, code, `simd.0x${code.toString(16)}`, "none", "simd");
  }
  for (let code = 0x100; code <= 0x113; code++) {
    def(0xfd, code, `relaxed_simd.0x${code.toString(16)}`, "none", "relaxed-simd");
  }
}

function defineAtomics(): void {
  def(0xfe, 0x00, "memory.atomic.notify", "memarg", "threads");
  def(0xfe, 0x01, "memory.atomic.wait32", "memarg", "threads");
  def(0xfe, 0x02, "memory.atomic.wait64", "memarg", "threads");
  def(0xfe, 0x03, "atomic.fence", "zero_byte", "threads");
  defRun(0xfe, 0x10, `i32.atomic.load i64.atomic.load i32.atomic.load8_u i32.atomic.load16_u
    i64.atomic.load8_u i64.atomic.load16_u i64.atomic.load32_u i32.atomic.store i64.atomic.store
    i32.atomic.store8 i32.atomic.store16 i64.atomic.store8 i64.atomic.store16
    i64.atomic.store32`, "threads", "memarg");
  const widths = ["i32.atomic.rmw", "i64.atomic.rmw", "i32.atomic.rmw8", "i32.atomic.rmw16",
    "i64.atomic.rmw8", "i64.atomic.rmw16", "i64.atomic.rmw32"];
  ["add", "sub", "and", "or", "xor", "xchg", "cmpxchg"].forEach((op, g) => {
    widths.forEach((w, i) => {
      const name = `${w}.${op}${i < 2 ? "" : "_u"}`;
      def(0xfe, 0x1e + g * 7 + i, name, "memarg", "threads");
    });
  });
}

function defineGc(): void {
  const ops: [number, string, ImmKind][] = [
    [0, "struct.new", "type"], [1, "struct.new_default", "type"], [2, "struct.get", "type_field"],
    [3, "struct.get_s", "type_field"], [4, "struct.get_u", "type_field"], [5, "struct.set", "type_field"],
    [6, "array.new", "type"], [7, "array.new_default", "type"], [8, "array.new_fixed", "type_count"],
    [9, "array.new_data", "type_data"], [10, "array.new_elem", "type_elem"], [11, "array.get", "type"],
    [12, "array.get_s", "type"], [13, "array.get_u", "type"], [14, "array.set", "type"],
    [15, "array.len", "none"], [16, "array.fill", "type"], [17, "array.copy", "type_type"],
    [18, "array.init_data", "type_data"], [19, "array.init_elem", "type_elem"],
    [20, "ref.test", "heap_type"], [21, "ref.test_null", "heap_type"], [22, "ref.cast", "heap_type"],
    [23, "ref.cast_null", "heap_type"], [24, "br_on_cast", "br_on_cast"],
    [25, "br_on_cast_fail", "br_on_cast"], [26, "any.convert_extern", "none"],
    [27, "extern.convert_any", "none"], [28, "ref.i31", "none"], [29, "i31.get_s", "none"],
    [30, "i31.get_u", "none"],
  ];
  for (const [code, name, imm] of ops) def(0xfb, code, name, imm, "gc");
}

defineMvpControl();
defineMvpNumeric();
defineMisc();
defineSimd();
defineAtomics();
defineGc();

function isFloatOp(info: OpInfo): boolean {
  if (info.feature !== "mvp" && info.feature !== "nontrapping-f2i") return false;
  return /^f(32|64)\./.test(info.name) || /_f(32|64)/.test(info.name);
}

// ---------------------------------------------------------------------------
// Operator decoding

function readMemArg(r: ByteReader): MemArg {
  let align = r.u32();
  let memory = 0;
  // Bit 6 of the alignment flags an explicit memory index (multi-memory).
  if (align & 0x40) {
    align -= 0x40;
    memory = r.u32();
  }
  return { align, offset: r.u64(), memory };
}

function readCatch(r: ByteReader): CatchClause {
  const at = r.pos;
  const kind = r.u8();
  switch (kind) {
    case 0: return { kind: "catch", tag: r.u32(), label: r.u32() };
    case 1: return { kind: "catch_ref", tag: r.u32(), label: r.u32() };
    case 2: return { kind: "catch_all", label: r.u32() };
    case 3: return { kind: "catch_all_ref", label: r.u32() };
    default: return r.fail(`invalid catch kind ${kind}`, at);
  }
}

function readImmediates(r: ByteReader, kind: ImmKind): Immediates {
  switch (kind) {
    case "none": return {};
    case "block": return { blockType: readBlockType(r) };
    case "label": return { label: r.u32() };
    case "br_table": return { labels: r.vec((x) => x.u32()), defaultLabel: r.u32() };
    case "func": return { func: r.u32() };
    case "call_indirect": return { type: r.u32(), table: r.u32() };
    case "type": return { type: r.u32() };
    case "local": return { local: r.u32() };
    case "global": return { global: r.u32() };
    case "table": return { table: r.u32() };
    case "memarg": return { memArg: readMemArg(r) };
    case "memory": return { memory: r.u32() };
    case "i32": return { i32: r.sN(32) };
    case "i64": return { i64: r.s64() };
    case "f32": return { f32: r.f32() };
    case "f64": return { f64: r.f64() };
    case "select_t": return { valTypes: r.vec(readValType) };
    case "heap_type": return { heapType: readHeapType(r) };
    case "tag": return { tag: r.u32() };
    case "try_table": return { blockType: readBlockType(r), catches: r.vec(readCatch) };
    case "data_memory": return { data: r.u32(), memory: r.u32() };
    case "data": return { data: r.u32() };
    case "memory_memory": return { memory: r.u32(), memory2: r.u32() };
    case "elem_table": return { elem: r.u32(), table: r.u32() };
    case "elem": return { elem: r.u32() };
    case "table_table": return { table: r.u32(), table2: r.u32() };
    case "v128": return { v128: r.take(16) };
    case "shuffle": return { lanes: r.take(16) };
    case "lane": return { lane: r.u8() };
    case "memarg_lane": return { memArg: readMemArg(r), lane: r.u8() };
    case "zero_byte": return r.u8() === 0 ? {} : r.fail("atomic.fence expects a zero byte", r.pos - 1);
    case "type_field": return { type: r.u32(), field: r.u32() };
    case "type_type": return { type: r.u32(), type2: r.u32() };
    case "type_count": return { type: r.u32(), count: r.u32() };
    case "type_data": return { type: r.u32(), data: r.u32() };
    case "type_elem": return { type: r.u32(), elem: r.u32() };
    case "br_on_cast":
      return { castFlags: r.u8(), label: r.u32(), heapType: readHeapType(r), heapType2: readHeapType(r) };
  }
}

/** Decodes one instruction at the reader's position. */
export function readOperator(r: ByteReader): Operator {
  const offset = r.pos;
  const first = r.u8();
  const table = PREFIXED.get(first);
  const code = table ? r.u32() : first;
  const info = table ? table.get(code) : SINGLE[first];
  if (!info) {
    const hex = table ? `0x${first.toString(16)} 0x${code.toString(16)}` : `0x${first.toString(16)}`;
    return r.fail(`unknown opcode ${hex}`, offset);
  }
  const imm = readImmediates(r, info.imm);
  return {
    prefix: table ? first : 0,
    code,
    name: info.name,
    offset,
    end: r.pos,
    imm,
    feature: memArgFeature(imm) ?? info.feature,
    float: isFloatOp(info),
    accounting: ACCOUNTING.has(info.name),
  };
}

/** A memory access to a memory other than 0 needs multi-memory. */
function memArgFeature(imm: Immediates): Feature | undefined {
  return imm.memArg && imm.memArg.memory !== 0 ? "multi-memory" : undefined;
}

/** Reads a constant expression up to and including its `end`. */
function readConstExpr(r: ByteReader): Operator[] {
  const ops: Operator[] = [];
  for (;;) {
    const op = readOperator(r);
    ops.push(op);
    if (op.name === "end") return ops;
  }
}

// ---------------------------------------------------------------------------
// Sections

const SECTION_NAMES: Record<number, string> = {
  0: "custom", 1: "type", 2: "import", 3: "function", 4: "table", 5: "memory", 6: "global",
  7: "export", 8: "start", 9: "element", 10: "code", 11: "data", 12: "datacount", 13: "tag",
};
/** Required order of non-custom sections (tag sits between memory and global). */
const SECTION_ORDER: Record<number, number> = {
  1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13,
};

/** Position of a non-custom section id in the required order (undefined for custom or unknown ids). */
export function sectionRank(id: number): number | undefined {
  return SECTION_ORDER[id];
}
const EXTERN_KINDS: ExternKind[] = ["func", "table", "memory", "global", "tag"];

function readLimits(r: ByteReader): Limits {
  const at = r.pos;
  const flags = r.u8();
  if (flags > 0x07) r.fail(`unsupported limits flags 0x${flags.toString(16)}`, at);
  const index64 = (flags & 0x04) !== 0;
  const read = () => (index64 ? r.u64() : r.u32());
  const min = read();
  const max = flags & 0x01 ? read() : undefined;
  return { min, max, shared: (flags & 0x02) !== 0, index64 };
}

function readTableType(r: ByteReader): TableType {
  if (r.peek() === 0x40) {
    r.pos++;
    if (r.u8() !== 0x00) r.fail("invalid table-with-init prefix", r.pos - 1);
    const elemType = readRefType(r);
    const limits = readLimits(r);
    return { elemType, limits, init: readConstExpr(r) };
  }
  const elemType = readRefType(r);
  return { elemType, limits: readLimits(r) };
}

function readGlobalType(r: ByteReader): GlobalType {
  const type = readValType(r);
  const at = r.pos;
  const m = r.u8();
  if (m > 1) r.fail(`invalid global mutability ${m}`, at);
  return { type, mutable: m === 1 };
}

function readTagType(r: ByteReader): TagType {
  const at = r.pos;
  if (r.u8() !== 0) r.fail("invalid tag attribute", at);
  return { typeIndex: r.u32() };
}

function readStorageType(r: ByteReader): void {
  const b = r.peek();
  if (b === 0x78 || b === 0x77) r.pos++; // packed i8 / i16
  else readValType(r);
  const at = r.pos;
  if (r.u8() > 1) r.fail("invalid field mutability", at);
}

function readCompositeType(r: ByteReader): TypeEntry {
  const at = r.pos;
  const form = r.u8();
  switch (form) {
    case 0x60: return { kind: "func", params: r.vec(readValType), results: r.vec(readValType) };
    case 0x5e: readStorageType(r); return { kind: "array" };
    case 0x5f: r.vec(readStorageType); return { kind: "struct" };
    default: return r.fail(`invalid type form 0x${form.toString(16)}`, at);
  }
}

function readSubType(r: ByteReader): TypeEntry {
  const b = r.peek();
  if (b === 0x50 || b === 0x4f) {
    r.pos++;
    r.vec((x) => x.u32()); // supertypes
  }
  return readCompositeType(r);
}

function readTypeSection(r: ByteReader, m: ParsedModule): void {
  const count = r.u32();
  for (let i = 0; i < count; i++) {
    if (r.peek() === 0x4e) {
      r.pos++;
      m.types.push(...r.vec(readSubType)); // recursion group
    } else {
      m.types.push(readSubType(r));
    }
  }
}

function readImport(r: ByteReader): Import {
  const offset = r.pos;
  const module = r.name();
  const name = r.name();
  const at = r.pos;
  const kind = r.u8();
  const base = { module, name, offset };
  switch (kind) {
    case 0: return { ...base, kind: "func", typeIndex: r.u32() };
    case 1: return { ...base, kind: "table", table: readTableType(r) };
    case 2: return { ...base, kind: "memory", memory: readLimits(r) };
    case 3: return { ...base, kind: "global", global: readGlobalType(r) };
    case 4: return { ...base, kind: "tag", tag: readTagType(r) };
    default: return r.fail(`invalid import kind ${kind}`, at);
  }
}

function readExport(r: ByteReader): Export {
  const name = r.name();
  const at = r.pos;
  const kind = EXTERN_KINDS[r.u8()];
  if (!kind) r.fail("invalid export kind", at);
  return { name, kind, index: r.u32() };
}

function readElement(r: ByteReader): ElementSegment {
  const at = r.pos;
  const flags = r.u32();
  if (flags > 7) r.fail(`invalid element segment flags ${flags}`, at);
  const passiveOrDeclarative = (flags & 0x01) !== 0;
  const explicitTable = (flags & 0x02) !== 0;
  const usesExprs = (flags & 0x04) !== 0;
  const mode = !passiveOrDeclarative ? "active" : explicitTable ? "declarative" : "passive";
  const table = mode === "active" && explicitTable ? r.u32() : 0;
  const offset = mode === "active" ? readConstExpr(r) : undefined;
  let elemType: RefType = { kind: "ref", nullable: true, heap: "func" };
  if (flags !== 0 && flags !== 4) {
    if (usesExprs) elemType = readRefType(r);
    else if (r.u8() !== 0x00) r.fail("invalid element kind", r.pos - 1);
  }
  const seg: ElementSegment = { mode, flags, table, offset, elemType };
  if (usesExprs) seg.exprs = r.vec(readConstExpr);
  else seg.funcIndices = r.vec((x) => x.u32());
  return seg;
}

function readData(r: ByteReader): DataSegment {
  const at = r.pos;
  const flags = r.u32();
  if (flags > 2) r.fail(`invalid data segment flags ${flags}`, at);
  const memory = flags === 2 ? r.u32() : 0;
  const offset = flags === 1 ? undefined : readConstExpr(r);
  const size = r.u32();
  const initOffset = r.pos;
  return { mode: flags === 1 ? "passive" : "active", memory, offset, init: r.take(size), initOffset };
}

function readFunctionBody(r: ByteReader, index: number, typeIndex: number, opts: ParseOptions): FunctionBody {
  const size = r.u32();
  const bodyStart = r.pos;
  const bodyEnd = bodyStart + size;
  if (bodyEnd > r.end) r.fail("function body exceeds the code section", bodyStart);
  const body = new ByteReader(r.bytes, bodyStart, bodyEnd);
  const locals = body.vec((x) => ({ count: x.u32(), type: readValType(x) }));
  const localCount = locals.reduce((n, l) => n + l.count, 0);
  const codeStart = body.pos;
  const operators: Operator[] = [];
  if (opts.operators !== false) {
    while (!body.atEnd()) operators.push(readOperator(body));
    const last = operators[operators.length - 1];
    if (!last || last.name !== "end") body.fail("function body does not end with `end`", bodyEnd);
  }
  r.pos = bodyEnd;
  return { index, typeIndex, locals, localCount, bodyStart, bodyEnd, codeStart, operators };
}

function readCodeSection(r: ByteReader, m: ParsedModule, typeIndices: number[], opts: ParseOptions): void {
  const at = r.pos;
  const count = r.u32();
  if (count !== typeIndices.length) {
    r.fail(`code section has ${count} bodies, function section declares ${typeIndices.length}`, at);
  }
  const base = importCount(m, "func");
  for (let i = 0; i < count; i++) m.functions.push(readFunctionBody(r, base + i, typeIndices[i], opts));
}

/** `name` section, subsection 1 (function names). Malformed name data is ignored, as engines do. */
function readFunctionNames(data: Uint8Array): Map<number, string> {
  const names = new Map<number, string>();
  try {
    const r = new ByteReader(data);
    while (!r.atEnd()) {
      const id = r.u8();
      const end = r.u32() + r.pos;
      if (id === 1) {
        const sub = new ByteReader(data, r.pos, end);
        sub.vec((x) => names.set(x.u32(), x.name()));
      }
      r.pos = end;
    }
  } catch (e) {
    if (!(e instanceof WasmParseError)) throw e;
  }
  return names;
}

// ---------------------------------------------------------------------------
// Module

function emptyModule(size: number): ParsedModule {
  return {
    size, version: 0, sections: [], types: [], imports: [], functions: [], tables: [],
    memories: [], globals: [], tags: [], exports: [], dataSegments: [], elements: [],
    customSections: [], functionNames: new Map(),
  };
}

export function importCount(m: ParsedModule, kind: ExternKind): number {
  return m.imports.filter((i) => i.kind === kind).length;
}

/** Total number of entities of a kind (imported + defined). */
function spaceSize(m: ParsedModule, kind: ExternKind, declaredFuncs: number): number {
  const defined = { func: declaredFuncs, table: m.tables.length, memory: m.memories.length,
    global: m.globals.length, tag: m.tags.length }[kind];
  return importCount(m, kind) + defined;
}

interface SectionState {
  lastRank: number;
  typeIndices: number[];
}

function readSection(r: ByteReader, id: number, m: ParsedModule, st: SectionState, opts: ParseOptions): void {
  switch (id) {
    case 0: {
      const offset = r.pos;
      const name = r.name();
      const data = r.take(r.end - r.pos);
      m.customSections.push({ name, data, offset });
      if (name === "name") m.functionNames = readFunctionNames(data);
      return;
    }
    case 1: return readTypeSection(r, m);
    case 2: m.imports = r.vec(readImport); return;
    case 3: st.typeIndices = r.vec((x) => x.u32()); return;
    case 4: m.tables = r.vec(readTableType); return;
    case 5: m.memories = r.vec(readLimits); return;
    case 6: m.globals = r.vec((x) => ({ type: readGlobalType(x), init: readConstExpr(x) })); return;
    case 7: m.exports = r.vec(readExport); return;
    case 8: m.start = r.u32(); return;
    case 9: m.elements = r.vec(readElement); return;
    case 10: return readCodeSection(r, m, st.typeIndices, opts);
    case 11: m.dataSegments = r.vec(readData); return;
    case 12: m.dataCount = r.u32(); return;
    case 13: m.tags = r.vec(readTagType); return;
  }
}

function checkIndex(kind: string, index: number, bound: number, at: number): void {
  if (index >= bound) throw new WasmParseError(`${kind} index ${index} out of range (${bound} defined)`, at);
}

/** Index checks the rules rely on (type lookups, export targets, start). */
function checkIndices(m: ParsedModule, st: SectionState): void {
  const nTypes = m.types.length;
  for (const imp of m.imports) {
    if (imp.kind === "func") checkIndex("type", imp.typeIndex, nTypes, imp.offset);
    if (imp.kind === "tag") checkIndex("type", imp.tag.typeIndex, nTypes, imp.offset);
  }
  for (const t of st.typeIndices) checkIndex("type", t, nTypes, 0);
  for (const t of st.typeIndices) {
    if (m.types[t].kind !== "func") throw new WasmParseError(`function type ${t} is not a function type`, 0);
  }
  for (const e of m.exports) checkIndex(`${e.kind} export "${e.name}"`, e.index, spaceSize(m, e.kind, st.typeIndices.length), 0);
  if (m.start !== undefined) checkIndex("start function", m.start, spaceSize(m, "func", st.typeIndices.length), 0);
  if (st.typeIndices.length > 0 && m.functions.length === 0) {
    throw new WasmParseError(`function section declares ${st.typeIndices.length} functions but there is no code section`, 0);
  }
  if (m.dataCount !== undefined && m.dataCount !== m.dataSegments.length) {
    throw new WasmParseError(`datacount ${m.dataCount} differs from ${m.dataSegments.length} data segments`, 0);
  }
}

/** Parses a binary module; throws WasmParseError on malformed input. */
export function parseModule(bytes: Uint8Array, opts: ParseOptions = {}): ParsedModule {
  const m = emptyModule(bytes.length);
  const r = new ByteReader(bytes);
  const magic = r.take(4);
  if (magic[0] !== 0x00 || magic[1] !== 0x61 || magic[2] !== 0x73 || magic[3] !== 0x6d) {
    r.fail("not a WebAssembly module (bad magic)", 0);
  }
  const version = r.take(4);
  m.version = version[0] | (version[1] << 8) | (version[2] << 16) | (version[3] << 24);
  if (m.version !== 1) r.fail(`unsupported binary version ${m.version}`, 4);
  const st: SectionState = { lastRank: 0, typeIndices: [] };
  while (!r.atEnd()) {
    const idAt = r.pos;
    const id = r.u8();
    const size = r.u32();
    const offset = r.pos;
    if (size > r.end - offset) r.fail(`section ${id} size ${size} exceeds the module`, idAt);
    const name = SECTION_NAMES[id];
    if (name === undefined) r.fail(`unknown section id ${id}`, idAt);
    if (id !== 0) {
      const rank = SECTION_ORDER[id];
      if (rank <= st.lastRank) r.fail(`${name} section out of order or duplicated`, idAt);
      st.lastRank = rank;
    }
    const sr = new ByteReader(bytes, offset, offset + size);
    readSection(sr, id, m, st, opts);
    if (!sr.atEnd()) sr.fail(`${name} section has ${sr.end - sr.pos} trailing bytes`);
    m.sections.push({ id, name, start: idAt, offset, size });
    r.pos = offset + size;
  }
  checkIndices(m, st);
  return m;
}

// ---------------------------------------------------------------------------
// Lookups

/** The type of a function by its index in the function index space. */
export function funcTypeOf(m: ParsedModule, funcIndex: number): FuncType | undefined {
  const imported = m.imports.filter((i): i is Extract<Import, { kind: "func" }> => i.kind === "func");
  const typeIndex = funcIndex < imported.length
    ? imported[funcIndex].typeIndex
    : m.functions[funcIndex - imported.length]?.typeIndex;
  const t = typeIndex === undefined ? undefined : m.types[typeIndex];
  return t && t.kind === "func" ? t : undefined;
}

/** A readable name for a function: its debug name, else its first export, else `func[i]`. */
export function functionName(m: ParsedModule, funcIndex: number): string {
  const debug = m.functionNames.get(funcIndex);
  if (debug !== undefined) return `func[${funcIndex}] $${debug}`;
  const exp = m.exports.find((e) => e.kind === "func" && e.index === funcIndex);
  return exp ? `func[${funcIndex}] "${exp.name}"` : `func[${funcIndex}]`;
}
