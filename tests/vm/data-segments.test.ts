/** Merged data segments (data-segments.ts): fewer segments, byte for byte the same memory. */
import binaryen from "binaryen";
import { describe, expect, it } from "vitest";

import { referenceContract } from "../../bench/reference";
import { MAX_ZERO_GAP, Wasm, WasmHost, WasmMemory, mergedDataPayload } from "@persistence-ts/simulator/vm/index";
import { ParsedModule, parseModule } from "@persistence-ts/cli/wasm/reader";
import { rebuildModule } from "@persistence-ts/cli/wasm/writer";
import { buildFixture } from "@persistence-ts/testing/fixtures";
import { EMPTY, makeCtx, vmErrorOf } from "./fixture";
import { assemble, contract } from "./wat";

const PAGE = 65536;

/** The module with its data section replaced by the merged one (undefined: not merged). */
function merged(bytes: Uint8Array): Uint8Array | undefined {
  const m = parseModule(bytes);
  const payload = mergedDataPayload(m, m.memories[0].min * PAGE);
  return payload && rebuildModule(bytes, m.sections, new Map([[11, payload]]));
}

/** The initial memory of a module without imports that exports it. */
function memoryAfterInstantiation(bytes: Uint8Array): Uint8Array {
  const instance = new Wasm.Instance(new Wasm.Module(bytes), {});
  return new Uint8Array((instance.exports.memory as WasmMemory).buffer);
}

/** What instantiation writes, for modules that import functions: each function is a no-op. */
function memoryWithStubs(bytes: Uint8Array): Uint8Array {
  const module = new Wasm.Module(bytes);
  const env: Record<string, () => number> = {};
  for (const imp of Wasm.Module.imports(module)) env[imp.name] = () => 0;
  const instance = new Wasm.Instance(module, { env });
  return new Uint8Array((instance.exports.memory as WasmMemory).buffer);
}

/** Like `assemble`, with bulk memory allowed (passive segments, data.drop). */
function assembleBulk(wat: string): Uint8Array {
  const mod = binaryen.parseText(wat);
  try {
    mod.setFeatures(binaryen.Features.MVP | binaryen.Features.BulkMemory);
    if (!mod.validate()) throw new Error("invalid test module");
    return mod.emitBinary();
  } finally {
    mod.dispose();
  }
}

const segments = (m: ParsedModule) => m.dataSegments.map((s) => [s.offset![0].imm.i32, s.init.length]);

describe("merging data segments", () => {
  it("writes the same bytes: overlaps in section order, zeros in small gaps, far segments apart", () => {
    const far = 100 + 5 + MAX_ZERO_GAP + 1;
    const wasm = assemble(`(module (memory (export "memory") 2)
      (data (i32.const 100) "aaaaa")
      (data (i32.const 103) "BB")
      (data (i32.const 90) "cc")
      (data (i32.const 102) "D")
      (data (i32.const ${far}) "far")
      (data (i32.const ${far + 3}) "")
      (data (i32.const ${2 * PAGE - 3}) "end"))`);
    const after = merged(wasm)!;
    expect(segments(parseModule(after))).toEqual([
      [90, 15],
      [far, 3],
      [2 * PAGE - 3, 3],
    ]);
    expect(memoryAfterInstantiation(after)).toEqual(memoryAfterInstantiation(wasm));
    expect(Buffer.from(memoryAfterInstantiation(after).subarray(90, 105)).toString("latin1")).toBe("cc\0\0\0\0\0\0\0\0aaDBB");
  });

  it("merges AssemblyScript's many segments and cw20_base's into a few, same memory", () => {
    for (const wasm of [buildFixture("probe"), referenceContract("cw20_base")]) {
      const before = parseModule(wasm).dataSegments.length;
      const after = merged(wasm)!;
      expect(parseModule(after).dataSegments.length).toBeLessThan(Math.min(before, 3));
      expect(memoryWithStubs(after)).toEqual(memoryWithStubs(wasm));
    }
  });

  it("leaves segments alone when a data index or a failing instantiation could tell", () => {
    const cases = [
      `(memory 1) (data (i32.const 0) "a") (data "passive")`,
      `(memory 1) (data (i32.const 0) "a") (data (i32.const 1) "b") (func (data.drop 0))`, // needs datacount
      `(memory 1) (data (i32.const 0) "a") (data (i32.const ${PAGE - 1}) "bc")`, // out of bounds
      `(import "m" "g" (global i32)) (memory 1) (data (i32.const 0) "a") (data (global.get 0) "b")`,
      `(memory 1) (data (i32.const 0) "a")`, // nothing to merge
    ];
    for (const body of cases) {
      const m = parseModule(assembleBulk(`(module ${body})`));
      expect(mergedDataPayload(m, PAGE), body).toBeUndefined();
    }
  });
});

describe("the host compiles merged segments", () => {
  it("keeps a module whose segment is out of bounds failing as before", () => {
    const wasm = contract(`(data (i32.const 16) "ok") (data (i32.const ${PAGE - 1}) "xy")`, { pages: 1 });
    const messages = [new WasmHost(), new WasmHost({ reuseMemory: false })].map(
      (h) => vmErrorOf(() => h.call(wasm, "execute", [EMPTY, EMPTY, EMPTY], makeCtx()), "trap").message,
    );
    expect(messages[0]).toMatch(/^Error instantiating a Wasm module: .*RuntimeError: .*data segment is out of bounds$/);
    expect(messages[1]).toBe(messages[0]);
  });
});
