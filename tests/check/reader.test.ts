import { describe, expect, it } from "vitest";
import {
  ByteReader, Operator, WasmParseError, formatFuncType, funcTypeOf, functionName, parseModule,
} from "@persistence-ts/cli/wasm/reader";
import { watToWasm } from "./helpers";

// --- a tiny module assembler, so byte offsets are known exactly ---------------

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

const section = (id: number, payload: number[]): number[] => [id, ...uleb(payload.length), ...payload];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];

/** One `() -> ()` function with the given locals and code (code must end with 0x0b). */
function oneFunction(code: number[], locals: number[][] = [], extra: number[][] = []): Uint8Array {
  const body = [...vec(locals), ...code];
  return Uint8Array.from([
    ...HEADER,
    ...section(1, vec([[0x60, 0x00, 0x00]])),
    ...section(3, vec([[0x00]])),
    ...extra.flat(),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ]);
}

const ops = (bytes: Uint8Array): Operator[] => parseModule(bytes).functions[0].operators;

describe("ByteReader LEB128", () => {
  const r = (bytes: number[]) => new ByteReader(Uint8Array.from(bytes));

  it("decodes unsigned values", () => {
    expect(r([0xe5, 0x8e, 0x26]).u32()).toBe(624485);
    expect(r([0xff, 0xff, 0xff, 0xff, 0x0f]).u32()).toBe(0xffffffff);
    expect(r([0x80, 0x00]).u32()).toBe(0); // padded encodings are valid
  });

  it("rejects out-of-range and over-long unsigned values", () => {
    expect(() => r([0xff, 0xff, 0xff, 0xff, 0x1f]).u32()).toThrow(WasmParseError);
    expect(() => r([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]).u32()).toThrow(/too long/);
    expect(() => r([0x80]).u32()).toThrow(/unexpected end/);
  });

  it("decodes signed values", () => {
    expect(r([0x7f]).sN(32)).toBe(-1);
    expect(r([0x80, 0x7f]).sN(32)).toBe(-128);
    expect(r([0x80, 0x80, 0x80, 0x80, 0x78]).sN(32)).toBe(-2147483648);
    expect(r([0xff, 0xff, 0xff, 0xff, 0x07]).sN(32)).toBe(2147483647);
    expect(() => r([0xff, 0xff, 0xff, 0xff, 0x0f]).sN(32)).toThrow(/out of range/);
    expect(r([0x7f]).s64()).toBe(-1n);
    expect(r([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00]).s64()).toBe(2n ** 63n - 1n);
    expect(r([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f]).s64()).toBe(-(2n ** 63n));
  });
});

describe("operator decoding", () => {
  // block; loop; i32.const 0; br_if 0; call 0; end; end; unreachable; end
  const code = [0x02, 0x40, 0x03, 0x40, 0x41, 0x00, 0x0d, 0x00, 0x10, 0x00, 0x0b, 0x0b, 0x00, 0x0b];
  const bytes = oneFunction(code, [[0x02, 0x7f]]);

  it("records names, immediates and absolute offsets", () => {
    const m = parseModule(bytes);
    const f = m.functions[0];
    expect(f.locals).toEqual([{ count: 2, type: "i32" }]);
    expect(f.localCount).toBe(2);
    const list = f.operators;
    expect(list.map((o) => o.name)).toEqual(["block", "loop", "i32.const", "br_if", "call", "end", "end", "unreachable", "end"]);
    expect(list[0].offset).toBe(f.codeStart);
    expect(bytes[f.codeStart]).toBe(0x02);
    expect(list.map((o) => o.end - o.offset)).toEqual([2, 2, 2, 2, 2, 1, 1, 1, 1]);
    expect(list[list.length - 1].end).toBe(f.bodyEnd);
    expect(list[1].imm.blockType).toEqual({ kind: "empty" });
    expect(list[3].imm.label).toBe(0);
    expect(list[4].imm.func).toBe(0);
  });

  it("classifies accounting operators like cosmwasm-vm's is_accounting", () => {
    const flags = ops(bytes).map((o) => `${o.name}:${o.accounting}`);
    expect(flags).toEqual([
      "block:false", "loop:true", "i32.const:false", "br_if:true", "call:true",
      "end:true", "end:true", "unreachable:false", "end:true",
    ]);
  });

  it("decodes prefixed opcodes and classifies their proposals", () => {
    const v128 = Array.from({ length: 16 }, (_, i) => i);
    const list = ops(oneFunction([
      0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0a, 0x00, 0x00, // memory.copy
      0xfd, 0x0c, ...v128, 0x1a, // v128.const; drop
      0x41, 0x00, 0xfe, 0x10, 0x02, 0x00, 0x1a, // i32.atomic.load; drop
      0x43, 0, 0, 0x80, 0x3f, 0xfc, 0x00, 0x1a, // f32.const 1; i32.trunc_sat_f32_s; drop
      0x41, 0x07, 0xc0, 0x1a, // i32.extend8_s
      0xd2, 0x00, 0x1a, // ref.func 0
      0x12, 0x00, // return_call 0
      0x0b,
    ]));
    const byName = new Map(list.map((o) => [o.name, o]));
    expect(byName.get("memory.copy")).toMatchObject({ prefix: 0xfc, code: 10, feature: "bulk-memory", imm: { memory: 0, memory2: 0 } });
    expect(byName.get("v128.const")?.feature).toBe("simd");
    expect(Array.from(byName.get("v128.const")?.imm.v128 ?? [])).toEqual(v128);
    expect(byName.get("i32.atomic.load")).toMatchObject({ feature: "threads", imm: { memArg: { align: 2, offset: 0, memory: 0 } } });
    expect(byName.get("f32.const")).toMatchObject({ float: true, feature: "mvp", imm: { f32: 1 } });
    expect(byName.get("i32.trunc_sat_f32_s")).toMatchObject({ float: true, feature: "nontrapping-f2i" });
    expect(byName.get("i32.extend8_s")).toMatchObject({ float: false, feature: "sign-extension" });
    expect(byName.get("ref.func")?.feature).toBe("reference-types");
    expect(byName.get("return_call")).toMatchObject({ feature: "tail-call", accounting: true });
    expect(byName.get("drop")).toMatchObject({ feature: "mvp", float: false, accounting: false });
  });

  it("decodes br_table, call_indirect and i64 constants", () => {
    const list = ops(oneFunction([
      0x02, 0x40, 0x41, 0x00, 0x0e, 0x02, 0x00, 0x00, 0x00, 0x0b, // block; br_table 0 0 0; end
      0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f, 0x1a, // i64.const min; drop
      0x41, 0x00, 0x11, 0x00, 0x00, // call_indirect type 0 table 0
      0x0b,
    ]));
    expect(list.find((o) => o.name === "br_table")?.imm).toEqual({ labels: [0, 0], defaultLabel: 0 });
    expect(list.find((o) => o.name === "i64.const")?.imm.i64).toBe(-(2n ** 63n));
    expect(list.find((o) => o.name === "call_indirect")).toMatchObject({ imm: { type: 0, table: 0 }, accounting: true });
  });

  it("skips operator decoding on request but still counts locals", () => {
    const m = parseModule(oneFunction([0x0b], [[0x03, 0x7e], [0x02, 0x7f]]), { operators: false });
    expect(m.functions[0]).toMatchObject({ operators: [], localCount: 5 });
  });
});

describe("malformed binaries", () => {
  const cases: [string, number[], RegExp][] = [
    ["bad magic", [0x00, 0x61, 0x73, 0x6e, 1, 0, 0, 0], /bad magic/],
    ["bad version", [0x00, 0x61, 0x73, 0x6d, 2, 0, 0, 0], /version 2/],
    ["truncated header", [0x00, 0x61], /bytes expected/],
    ["unknown section", [...HEADER, 0x0e, 0x00], /unknown section id 14/],
    ["section past the end", [...HEADER, ...[0x01, 0x05, 0x01]], /exceeds the module/],
    ["sections out of order", [...HEADER, ...section(3, vec([])), ...section(1, vec([]))], /out of order/],
    ["duplicate section", [...HEADER, ...section(1, vec([])), ...section(1, vec([]))], /out of order or duplicated/],
    ["trailing bytes in a section", [...HEADER, ...section(1, [0x00, 0x00])], /trailing bytes/],
    ["function without code", [...HEADER, ...section(1, vec([[0x60, 0, 0]])), ...section(3, vec([[0]]))], /no code section/],
    ["type index out of range", [...HEADER, ...section(1, vec([[0x60, 0, 0]])), ...section(3, vec([[5]]))], /type index 5 out of range/],
    ["export index out of range", [...HEADER, ...section(7, vec([[0x01, 0x61, 0x00, 0x03]]))], /func export "a" index 3/],
    ["invalid UTF-8 name", [...HEADER, ...section(7, vec([[0x01, 0xff, 0x00, 0x00]]))], /UTF-8/],
  ];
  for (const [name, bytes, message] of cases) {
    it(`rejects ${name}`, () => {
      expect(() => parseModule(Uint8Array.from(bytes))).toThrow(message);
    });
  }

  it("rejects an unknown opcode with its offset", () => {
    const bytes = oneFunction([0x27, 0x0b]);
    try {
      parseModule(bytes);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(WasmParseError);
      expect((e as WasmParseError).message).toMatch(/unknown opcode 0x27/);
      expect(bytes[(e as WasmParseError).offset]).toBe(0x27);
    }
  });

  it("rejects a body that does not end with end", () => {
    expect(() => parseModule(oneFunction([0x01]))).toThrow(/does not end/);
  });

  it("rejects a code/function count mismatch", () => {
    const bytes = Uint8Array.from([...HEADER, ...section(1, vec([[0x60, 0, 0]])), ...section(3, vec([[0], [0]])),
      ...section(10, vec([[0x02, 0x00, 0x0b]]))]);
    expect(() => parseModule(bytes)).toThrow(/1 bodies, function section declares 2/);
  });
});

describe("module structure", () => {
  const bytes = watToWasm(`(module
    (import "env" "db_read" (func $db_read (param i32) (result i32)))
    (import "env" "g" (global $imported i32))
    (memory $mem 2)
    (table $t 2 2 funcref)
    (global $counter (mut i32) (i32.const 7))
    (data (i32.const 16) "hello")
    (elem (i32.const 0) $a $b)
    (func $a (export "a") (param i32) (result i32) (call $db_read (local.get 0)))
    (func $b (local f64 f64))
    (export "memory" (memory $mem))
    (start $b)
  )`);
  const m = parseModule(bytes);

  it("reads imports, tables, memories, globals, exports and start", () => {
    expect(m.imports).toMatchObject([
      { module: "env", name: "db_read", kind: "func", typeIndex: expect.any(Number) },
      { module: "env", name: "g", kind: "global", global: { type: "i32", mutable: false } },
    ]);
    expect(m.memories).toEqual([{ min: 2, max: undefined, shared: false, index64: false }]);
    expect(m.tables).toEqual([{ elemType: { kind: "ref", nullable: true, heap: "func" }, limits: { min: 2, max: 2, shared: false, index64: false } }]);
    expect(m.globals[0].type).toEqual({ type: "i32", mutable: true });
    expect(m.globals[0].init.map((o) => o.name)).toEqual(["i32.const", "end"]);
    expect(m.exports).toEqual(expect.arrayContaining([{ name: "a", kind: "func", index: 1 }, { name: "memory", kind: "memory", index: 0 }]));
    expect(m.start).toBe(2);
  });

  it("reads data and element segments", () => {
    expect(m.dataSegments).toHaveLength(1);
    const d = m.dataSegments[0];
    expect(d).toMatchObject({ mode: "active", memory: 0 });
    expect(new TextDecoder().decode(d.init)).toBe("hello");
    expect(bytes.subarray(d.initOffset, d.initOffset + 5)).toEqual(d.init);
    expect(d.offset?.[0].imm.i32).toBe(16);
    expect(m.elements).toMatchObject([{ mode: "active", flags: 0, table: 0, funcIndices: [1, 2] }]);
  });

  it("resolves function types and names across imports", () => {
    expect(m.functions.map((f) => f.index)).toEqual([1, 2]);
    expect(formatFuncType(funcTypeOf(m, 0) ?? { kind: "func", params: [], results: [] })).toBe("(i32) -> (i32)");
    expect(funcTypeOf(m, 2)).toEqual({ kind: "func", params: [], results: [] });
    expect(funcTypeOf(m, 9)).toBeUndefined();
    expect(functionName(m, 1)).toBe("func[1] $a");
    expect(m.functions[1].localCount).toBe(2);
    expect(m.customSections.map((c) => c.name)).toContain("name");
  });

  it("lists the sections in file order", () => {
    expect(m.sections.map((s) => s.name)).toEqual(
      ["type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "custom"]);
  });
});
