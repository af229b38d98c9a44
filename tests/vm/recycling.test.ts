/**
 * Instance recycling (simulator/vm/recycling.ts): which modules qualify, and that the reset
 * restores what instantiation sets up: globals of every type at their initial values.
 */
import { describe, expect, it } from "vitest";

import { RESET_EXPORT, WasmHost, notRecyclable, resetMemory } from "@persistence-ts/simulator/vm/index";
import { parseModule } from "@persistence-ts/cli/wasm/reader";
import { EMPTY, makeCtx, utf8 } from "./fixture";
import { assemble, contract } from "./wat";

/** Reports its globals' low bytes, then changes every one of them. */
const GLOBALS = contract(`
  (global $a (mut i32) (i32.const 5))
  (global $b (mut i64) (i64.const -3))
  (global $c (mut f64) (f64.const 2.5))
  (global $k i32 (i32.const 9))
  (func (export "execute") (param i32 i32 i32) (result i32)
    (call $out_byte (global.get $a))
    (call $out_byte (i32.wrap_i64 (global.get $b)))
    (call $out_byte (i32.trunc_f64_s (global.get $c)))
    (call $out_byte (global.get $k))
    (global.set $a (i32.const 50))
    (global.set $b (i64.const 7))
    (global.set $c (f64.const 8.75))
    (call $out))
`);

function run(h: WasmHost, wasm: Uint8Array): number[] {
  return Array.from(h.call(wasm, "execute", [EMPTY, EMPTY, utf8("")], makeCtx()).result);
}

/** Grows its memory on every call, as Rust's allocator does; reports the sizes it saw. */
const GROWER = contract(`
  (func (export "execute") (param i32 i32 i32) (result i32)
    (call $out_byte (memory.size))
    (call $out_byte (memory.grow (i32.const 1)))
    (call $out_byte (memory.size))
    (call $out_byte (memory.grow (i32.const 600))) ;; past the VM's 512 pages: -1
    (i32.store8 (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 1)) (i32.const 7))
    (call $out_byte (i32.load8_u (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 1))))
    (call $out))
`);

describe("recycled instances", () => {
  it("of a module whose calls grow memory get a virtual memory size after the first such call", () => {
    const h = new WasmHost();
    const fresh = [5, 5, 6, 0xff, 7];
    expect([1, 2, 3, 4].map(() => run(h, GROWER))).toEqual([fresh, fresh, fresh, fresh]);
    const pool = h.compile(GROWER).instancePool!;
    expect(pool.outgrown).toBe(true);
    expect(pool.reused).toBe(2); // the first call's instance grew for good; the second's is virtual
    expect(run(new WasmHost({ reuseMemory: false }), GROWER)).toEqual(fresh);
  });

  it("are not kept idle when they hold more than 16 MiB of memory", () => {
    const big = contract(`
      (func (export "execute") (param i32 i32 i32) (result i32)
        (call $out_byte (memory.size))
        (drop (memory.grow (i32.const 300)))
        (call $out))`);
    const h = new WasmHost();
    expect([run(h, big), run(h, big), run(h, big)]).toEqual([[5], [5], [5]]);
    const pool = h.compile(big).instancePool!;
    expect(pool.outgrown).toBe(true);
    expect([pool.reused, pool.idleCount]).toEqual([0, 0]);
  });

  it("start every call with each global at its initial value, whatever its type", () => {
    const h = new WasmHost();
    const fresh = [5, 0xfd, 2, 9];
    expect([run(h, GLOBALS), run(h, GLOBALS), run(h, GLOBALS)]).toEqual([fresh, fresh, fresh]);
    expect(h.compile(GLOBALS).instancePool!.reused).toBe(2);
  });

  it("are used only for modules whose whole state the reset restores", () => {
    const start = contract(`
      (global $ran (mut i32) (i32.const 0))
      (func $init (global.set $ran (i32.add (global.get $ran) (i32.const 1))))
      (start $init)
      (func (export "execute") (param i32 i32 i32) (result i32)
        (call $out_byte (global.get $ran))
        (call $out))`);
    const h = new WasmHost({ meter: false }); // metered, a start function runs out of gas at once
    expect(h.compile(start).instancePool).toBeUndefined(); // a new instance would run $init again
    expect([run(h, start), run(h, start)]).toEqual([[1], [1]]);
    expect(new WasmHost({ recycleInstances: false }).compile(GLOBALS).instancePool).toBeUndefined();
    expect(new WasmHost({ reuseMemory: false }).compile(GLOBALS).instancePool).toBeUndefined();
  });

  it("name what stands in the way of recycling a module", () => {
    const reason = (wat: string, memoryImported = true) => notRecyclable(parseModule(assemble(wat)), memoryImported);
    expect(reason(`(module (memory 1))`, false)).toBe("the module keeps its own memory");
    expect(reason(`(module (func $f) (start $f))`)).toBe("the module has a start function");
    expect(reason(`(module (import "env" "g" (global (mut i32))))`)).toBe("the module imports a global or a table");
    expect(reason(`(module (func (export "${RESET_EXPORT}")))`)).toBe(`export name ${RESET_EXPORT} is taken`);
    expect(reason(`(module (global (mut i32) (i32.const 0)) (func (export "f")))`)).toBeUndefined();
  });
});

describe("resetMemory", () => {
  const data = [
    { offset: 2, bytes: Uint8Array.of(1, 2, 3) },
    { offset: 4, bytes: Uint8Array.of(9, 9) }, // overlaps the first: written after it
  ];
  const image = [0, 0, 1, 2, 9, 9, 0, 0];

  it("puts back zeros and the data segments, later segments over earlier ones", () => {
    const memory = new Uint8Array(8).fill(0xee);
    resetMemory(memory, data);
    expect(Array.from(memory)).toEqual(image);
  });

  it("from a floor touches nothing below it and restores everything above it", () => {
    for (let from = 0; from <= 8; from++) {
      const memory = new Uint8Array(8).fill(0xee);
      resetMemory(memory, data, from);
      expect(Array.from(memory), `from ${from}`).toEqual(image.map((b, i) => (i < from ? 0xee : b)));
    }
  });
});
