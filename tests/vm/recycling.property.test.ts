/**
 * Property: whatever a sequence of calls does to memory and globals (grow, store and load
 * anywhere, in and past the memory, trap half-way), a host that recycles instances, one that only
 * reuses memories and one that creates everything anew observe the same results, errors and gas.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { VmError, WasmHost, WasmHostOptions } from "@persistence-ts/simulator/vm/index";
import { EMPTY, makeCtx } from "./fixture";
import { contract } from "./wat";

const PAGE = 65536;

/**
 * Runs the program in its message: 5-byte ops (code, u32 argument). It first reports its memory
 * size and global, so anything an earlier call left behind shows.
 */
const SCRIPTED = contract(`
  (global $g (mut i32) (i32.const 3))
  (func (export "execute") (param i32 i32) (param $msg i32) (result i32)
    (local $p i32) (local $end i32) (local $op i32) (local $a i32)
    (local.set $p (call $ptr (local.get $msg)))
    (local.set $end (i32.add (local.get $p) (call $len (local.get $msg))))
    (call $out_byte (memory.size))
    (call $out_byte (global.get $g))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $op (i32.load8_u (local.get $p)))
      (local.set $a (i32.load (i32.add (local.get $p) (i32.const 1))))
      (local.set $p (i32.add (local.get $p) (i32.const 5)))
      (if (i32.eq (local.get $op) (i32.const 0x67)) (then (call $out_byte (memory.grow (local.get $a)))))
      (if (i32.eq (local.get $op) (i32.const 0x73)) (then (i32.store8 (local.get $a) (i32.const 0xab))))
      (if (i32.eq (local.get $op) (i32.const 0x71)) (then (i64.store offset=3 (local.get $a) (i64.const -1))))
      (if (i32.eq (local.get $op) (i32.const 0x6c)) (then (call $out_byte (i32.load8_u (local.get $a)))))
      (if (i32.eq (local.get $op) (i32.const 0x47)) (then (global.set $g (local.get $a))))
      (if (i32.eq (local.get $op) (i32.const 0x74)) (then (unreachable)))
      (br $next)))
    (call $out))
`);

type Op = [code: string, arg: number];

/**
 * Addresses near every page boundary a few grows can reach, a few fixed ones (so that a load can
 * meet an earlier call's store: the data segment, the output buffer at 1024, the heap at 4
 * pages), and anywhere below 9 pages.
 */
const address = fc.oneof(
  { arbitrary: fc.constantFrom(7, 1100, 5000, 4 * PAGE + 100, 5 * PAGE - 1, 5 * PAGE + 10, 6 * PAGE - 3), weight: 6 },
  { arbitrary: fc.tuple(fc.integer({ min: 4, max: 9 }), fc.integer({ min: -9, max: 8 })).map(([page, d]) => page * PAGE + d), weight: 2 },
  { arbitrary: fc.integer({ min: 0, max: 9 * PAGE }), weight: 1 },
);

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(fc.constant("g"), fc.integer({ min: 0, max: 2 })),
  fc.tuple(fc.constant("s"), address),
  fc.tuple(fc.constant("q"), address),
  fc.tuple(fc.constant("l"), address),
  fc.tuple(fc.constant("G"), fc.integer({ min: 0, max: 255 })),
  { arbitrary: fc.tuple(fc.constant("t"), fc.constant(0)), weight: 1 },
);

function encode(ops: Op[]): Uint8Array {
  const out = Buffer.alloc(ops.length * 5);
  ops.forEach(([code, arg], i) => {
    out[i * 5] = code.charCodeAt(0);
    out.writeUInt32LE(arg >>> 0, i * 5 + 1);
  });
  return new Uint8Array(out);
}

function observe(options: WasmHostOptions, calls: Op[][]): unknown[] {
  const h = new WasmHost(options);
  const code = h.compile(SCRIPTED);
  return calls.map((ops) => {
    try {
      const out = h.call(code, "execute", [EMPTY, EMPTY, encode(ops)], makeCtx());
      return { result: Array.from(out.result), gasUsed: out.gasUsed };
    } catch (e) {
      if (!(e instanceof VmError)) throw e;
      return { error: e.message, gasUsed: e.gasUsed };
    }
  });
}

describe("recycled instances, reused memories and new ones", () => {
  it("observe the same on any sequence of calls", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(fc.array(op, { maxLength: 12 }), { minLength: 1, maxLength: 8 }), (calls) => {
        const fresh = observe({ reuseMemory: false }, calls);
        expect(observe({}, calls)).toEqual(fresh);
        expect(observe({ recycleInstances: false }, calls)).toEqual(fresh);
        for (const o of fresh as Array<{ error?: string }>) seen.add(o.error === undefined ? "ok" : o.error.includes("out of bounds") ? "oob" : "trap");
      }),
      { numRuns: 300 },
    );
    expect([...seen].sort()).toEqual(["ok", "oob", "trap"]); // the runs reached past the end of memory, and trapped
  });
});
