/** The shared binary writer (tools/wasm/writer.ts) the simulator's rewrites are built on. */
import { describe, expect, it } from "vitest";

import { ByteReader, parseModule } from "@persistence-ts/cli/wasm/reader";
import { ByteWriter, appendToVector, rebuildModule, sleb128, uleb128 } from "@persistence-ts/cli/wasm/writer";
import { assemble } from "./wat";

describe("LEB128", () => {
  it("encodes unsigned values as the spec's examples", () => {
    expect(uleb128(0)).toEqual([0x00]);
    expect(uleb128(127)).toEqual([0x7f]);
    expect(uleb128(128)).toEqual([0x80, 0x01]);
    expect(uleb128(624_485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb128(2 ** 32 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(() => uleb128(-1)).toThrow(RangeError);
  });

  it("encodes signed values with the sign bit in the last byte", () => {
    expect(sleb128(0)).toEqual([0x00]);
    expect(sleb128(63)).toEqual([0x3f]);
    expect(sleb128(64)).toEqual([0xc0, 0x00]);
    expect(sleb128(-1)).toEqual([0x7f]);
    expect(sleb128(-64)).toEqual([0x40]);
    expect(sleb128(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb128(-123_456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it("reads back what it writes", () => {
    const values = [0n, 1n, 1_610n, -1n, 2n ** 63n - 1n, -(2n ** 63n)];
    const w = new ByteWriter();
    for (const v of values) w.s64(v);
    w.u32(2 ** 32 - 1).name("héllo");
    const r = new ByteReader(w.finish());
    expect(values.map(() => r.s64())).toEqual(values);
    expect(r.u32()).toBe(2 ** 32 - 1);
    expect(r.name()).toBe("héllo");
    expect(r.atEnd()).toBe(true);
  });
});

describe("rebuildModule", () => {
  const wasm = assemble(`(module (memory 1 2) (global $g (mut i32) (i32.const 3)) (func (export "f") (result i32) (global.get $g)))`);
  const m = parseModule(wasm);

  it("returns the module unchanged without replacements", () => {
    expect(rebuildModule(wasm, m.sections, new Map())).toEqual(wasm);
  });

  it("replaces one section and copies the others byte for byte", () => {
    const memory = new ByteWriter().u32(1).byte(0x01).u32(1).u32(7).finish();
    const out = parseModule(rebuildModule(wasm, m.sections, new Map([[5, memory]])));
    expect(out.memories).toEqual([{ min: 1, max: 7, shared: false, index64: false }]);
    expect(out.sections.map((s) => s.name)).toEqual(m.sections.map((s) => s.name));
    expect(out.exports).toEqual(m.exports);
  });

  it("appends vector entries after the existing ones", () => {
    const i64Global = Uint8Array.of(0x7e, 0x00, 0x42, 0x05, 0x0b);
    const globals = appendToVector(wasm, m.sections.find((s) => s.id === 6), [i64Global]);
    const out = parseModule(rebuildModule(wasm, m.sections, new Map([[6, globals]])));
    expect(out.globals.map((g) => g.type)).toEqual([
      { type: "i32", mutable: true },
      { type: "i64", mutable: false },
    ]);
  });
});
