/**
 * Recycled instances (recycling.ts) and reused memories (memory-pool.ts): every call must still
 * see what a fresh instance sees, and results and gas must not depend on what was reused.
 */
import { beforeAll, describe, expect, it } from "vitest";

import { referenceContract } from "../../bench/reference";
import {
  CallContext,
  CompiledCode,
  EntryPoint,
  MEMORY_IMPORT,
  MemoryStorage,
  VmError,
  Wasm,
  WasmHost,
  makeAddress,
  memoryImport,
} from "@persistence-ts/simulator/vm/index";
import { parseModule } from "@persistence-ts/cli/wasm/reader";
import { rebuildModule } from "@persistence-ts/cli/wasm/writer";
import { buildFixture } from "@persistence-ts/testing/fixtures";
import { EMPTY, makeCtx, text, utf8 } from "./fixture";
import { assemble, contract } from "./wat";

const PAGES = 5;
const PAGE = 65536;
/** Addresses in the data segment, low memory (stack-like), the middle, and the heap. */
const SPOTS = [16, 17, 600, 2 * PAGE + 123, 4 * PAGE + 60_000];

/**
 * Reports what it finds, then dirties it: memory.size, a global, the bytes at SPOTS and the
 * last byte of memory. msg "grow" also grows the memory and writes into the new page; msg
 * "trap" traps after writing; "r", "w" and "o" reach past the end of memory.
 */
const DIRTY = contract(`
  (global $mark (mut i32) (i32.const 0))
  (data (i32.const 16) "se")
  (func $last (result i32) (i32.sub (i32.mul (memory.size) (i32.const ${PAGE})) (i32.const 1)))
  (func (export "execute") (param i32 i32) (param $msg i32) (result i32)
    (local $first i32)
    (call $out_byte (memory.size))
    (call $out_byte (global.get $mark))
    ${SPOTS.map((a) => `(call $out_byte (i32.load8_u (i32.const ${a})))`).join("\n    ")}
    (call $out_byte (i32.load8_u (call $last)))
    (global.set $mark (i32.const 77))
    ${SPOTS.map((a) => `(i32.store8 (i32.const ${a}) (i32.const 0xaa))`).join("\n    ")}
    (i32.store8 (call $last) (i32.const 0xbb))
    (local.set $first (i32.load8_u (call $ptr (local.get $msg))))
    (if (i32.eq (local.get $first) (i32.const 0x67)) ;; "g"
      (then
        (drop (memory.grow (i32.const 1)))
        (i32.store8 (call $last) (i32.const 0xcc))))
    (if (i32.eq (local.get $first) (i32.const 0x74)) (then (unreachable))) ;; "t"
    ;; "r" / "w": a load / store of the first byte past the end; "o": a result Region past the end
    (if (i32.eq (local.get $first) (i32.const 0x72)) (then (drop (i32.load8_u (i32.add (call $last) (i32.const 1))))))
    (if (i32.eq (local.get $first) (i32.const 0x77)) (then (i64.store offset=1 (i32.sub (call $last) (i32.const 7)) (i64.const 1))))
    (if (i32.eq (local.get $first) (i32.const 0x6f)) (then (return (call $region (i32.sub (call $last) (i32.const 1)) (i32.const 10)))))
    (call $out))
`, { pages: PAGES });

/** What a fresh instance reports: the initial size, the global's initial 0, the data segment. */
const FRESH = [PAGES, 0, 0x73, 0x65, 0, 0, 0, 0];

function run(h: WasmHost, code: CompiledCode, msg: string): number[] {
  return Array.from(h.call(code, "execute", [EMPTY, EMPTY, utf8(msg)], makeCtx()).result);
}

describe("the memory import rewrite", () => {
  const wat = (memory: string) => assemble(`(module (memory (export "memory") ${memory}) (data (i32.const 0) "x"))`);

  it("imports the memory with the module's limits, the maximum capped at the VM limit", () => {
    const cases: Array<[string, number, number]> = [
      ["3 10", 3, 10],
      ["2", 2, 512],
      ["1 65536", 1, 512],
    ];
    for (const [memory, initial, maximum] of cases) {
      const bytes = wat(memory);
      const imported = memoryImport(bytes, parseModule(bytes), 512);
      expect(imported, memory).toMatchObject({ initial, maximum });
      const rewritten = parseModule(rebuildModule(bytes, parseModule(bytes).sections, imported!.payloads));
      expect(rewritten.memories).toEqual([]);
      const imports = rewritten.imports.map((i) => (i.kind === "memory" ? [i.module, i.name, i.memory.min, i.memory.max] : i.kind));
      expect(imports).toEqual([[MEMORY_IMPORT.module, MEMORY_IMPORT.name, initial, maximum]]);
      expect(rewritten.exports).toEqual(parseModule(bytes).exports);
    }
  });

  it("leaves modules without exactly one plain memory alone", () => {
    for (const bytes of [assemble(`(module)`), assemble(`(module (import "x" "m" (memory 1)))`)]) {
      expect(memoryImport(bytes, parseModule(bytes), 512)).toBeUndefined();
    }
  });

  it("is what the host compiles by default; reuseMemory: false keeps the module's own memory", () => {
    const kinds = (h: WasmHost) => Wasm.Module.imports(h.compile(DIRTY).module).filter((i) => i.kind === "memory");
    expect(kinds(new WasmHost())).toEqual([{ ...MEMORY_IMPORT, kind: "memory" }]);
    expect(kinds(new WasmHost({ reuseMemory: false }))).toEqual([]);
    expect(new WasmHost({ reuseMemory: false }).compile(DIRTY).memoryPool).toBeUndefined();
  });
});

/** The two ways a host reuses things between calls, and the counters that show the reuse. */
const REUSE_MODES = [
  { name: "a recycled instance", options: {}, pool: (c: CompiledCode) => c.instancePool! },
  { name: "a reused memory", options: { recycleInstances: false }, pool: (c: CompiledCode) => c.memoryPool! },
];

describe.each(REUSE_MODES)("$name is a fresh instance", ({ options, pool }) => {
  it("does not keep bytes or globals a call wrote: data segment, low memory, heap, last byte", () => {
    const h = new WasmHost(options);
    const code = h.compile(DIRTY);
    expect(run(h, code, "")).toEqual(FRESH);
    expect(run(h, code, "")).toEqual(FRESH);
    expect(run(h, code, "")).toEqual(FRESH);
    expect(pool(code).reused).toBe(2);
    expect(pool(code).idleCount).toBe(1);
  });

  it("starts at the initial size after a call that grew the memory, which is dropped", () => {
    const h = new WasmHost(options);
    const code = h.compile(DIRTY);
    expect(run(h, code, "grow")).toEqual(FRESH);
    expect(pool(code).idleCount).toBe(0);
    expect(run(h, code, "")).toEqual(FRESH);
    expect(pool(code).reused).toBe(0);
  });

  it("is clean after a call that trapped half-way", () => {
    const h = new WasmHost(options);
    const code = h.compile(DIRTY);
    expect(() => run(h, code, "trap")).toThrow(VmError);
    expect(run(h, code, "")).toEqual(FRESH);
    expect(pool(code).reused).toBe(1);
  });

  it("gives nested calls into the same code their own instances and memories", () => {
    const h = new WasmHost(options);
    const code = h.compile(DIRTY);
    const inner: number[][] = [];
    const ctx = makeCtx({
      querier: () => {
        inner.push(run(h, code, ""));
        return utf8(`{"ok":{"ok":""}}`);
      },
    });
    const outer = contract(`
      (func (export "execute") (param i32 i32 i32) (result i32)
        (drop (call $query_chain (call $region (i32.const 2000) (i32.const 0))))
        (call $out))`);
    h.call(outer, "execute", [EMPTY, EMPTY, EMPTY], ctx);
    h.call(outer, "execute", [EMPTY, EMPTY, EMPTY], ctx);
    expect(inner).toEqual([FRESH, FRESH]);
  });
});

/** A call's outcome with everything the caller can observe, for comparing two hosts. */
function observe(h: WasmHost, code: CompiledCode, entry: EntryPoint, args: Uint8Array[], ctx: CallContext): unknown {
  try {
    const out = h.call(code, entry, args, ctx);
    return { result: text(out.result), gasUsed: out.gasUsed, debug: out.debug };
  } catch (e) {
    if (!(e instanceof VmError)) throw e;
    return { error: e.message, kind: e.kind, gasUsed: e.gasUsed, debug: e.debug };
  }
}

/**
 * Runs `calls` in order on one store, on a host that recycles instances, one that only reuses
 * memories and one that reuses nothing; expects the three to observe the same and returns that.
 */
function everyWay(wasm: Uint8Array, calls: Array<[EntryPoint, Uint8Array[]]>): unknown[] {
  const hosts = [new WasmHost(), new WasmHost({ recycleInstances: false }), new WasmHost({ reuseMemory: false })];
  const runs = hosts.map((h) => {
    const code = h.compile(wasm);
    const ctx = makeCtx({ storage: new MemoryStorage() });
    // twice through: the second round runs on reused memories
    return [...calls, ...calls].map(([entry, args]) => observe(h, code, entry, args, ctx));
  });
  const [recycled, memoryOnly, fresh] = runs;
  expect(recycled).toEqual(fresh);
  expect(memoryOnly).toEqual(fresh);
  return fresh;
}

describe("results and gas with and without reuse", () => {
  const env = utf8(
    `{"block":{"height":12345,"time":"1571797419879305533","chain_id":"localpersistence-1"},` +
      `"transaction":null,"contract":{"address":"${makeAddress("reuse-contract")}"}}`,
  );
  const alice = makeAddress("alice");
  const bob = makeAddress("bob");
  const info = utf8(`{"sender":"${alice}","funds":[]}`);
  let probe: Uint8Array;
  beforeAll(() => {
    probe = buildFixture("probe");
  });

  it("are identical on the WAT contract, growing and trapping calls included", () => {
    const calls: Array<[EntryPoint, Uint8Array[]]> = ["", "grow", "trap", ""].map((m) => ["execute", [EMPTY, EMPTY, utf8(m)]]);
    everyWay(DIRTY, calls);
  });

  it("are identical past the end of memory after a call grew it (virtual size, larger physical memory)", () => {
    const calls: Array<[EntryPoint, Uint8Array[]]> = ["grow", "grow", "r", "w", "o", "", "grow", "r"].map((m) => ["execute", [EMPTY, EMPTY, utf8(m)]]);
    const observed = JSON.stringify(everyWay(DIRTY, calls));
    expect(observed).toContain("out of bounds memory access");
    expect(observed).toContain("Region");
  });

  it("are identical on the AssemblyScript probe", () => {
    const calls: Array<[EntryPoint, Uint8Array[]]> = [
      ["instantiate", [env, info, utf8("{}")]],
      ["execute", [env, info, utf8(`{"put":{"key":"a","value":"apple"}}`)]],
      // 120 kB: more than the probe's initial memory, so this call grows it
      ["execute", [env, info, utf8(`{"put":{"key":"b","value":"${"banana".repeat(20_000)}"}}`)]],
      ["query", [env, utf8(`"greeting"`)]],
      ["query", [env, utf8(`{"notes":{"limit":10}}`)]],
      ["execute", [env, info, utf8(`"fail"`)]],
    ];
    const observed = everyWay(probe, calls);
    const notes = (observed[4] as { result: string }).result;
    expect(Buffer.from((JSON.parse(notes) as { ok: string }).ok, "base64").toString()).toContain(`["a","apple"]`);
  });

  it("are identical on cw20_base (Rust: its allocator grows memory on every call)", () => {
    const init = { name: "Reuse", symbol: "REUSE", decimals: 6, initial_balances: [{ address: alice, amount: "100" }], mint: null };
    const calls: Array<[EntryPoint, Uint8Array[]]> = [
      ["instantiate", [env, info, utf8(JSON.stringify(init))]],
      ["execute", [env, info, utf8(JSON.stringify({ transfer: { recipient: bob, amount: "7" } }))]],
      ["execute", [env, info, utf8(JSON.stringify({ transfer: { recipient: bob, amount: "1000" } }))]],
      ["query", [env, utf8(JSON.stringify({ balance: { address: bob } }))]],
      ["query", [env, utf8(JSON.stringify({ all_accounts: {} }))]],
    ];
    const observed = everyWay(referenceContract("cw20_base"), calls);
    expect(JSON.stringify(observed)).toContain("Overflow"); // the failing transfer failed
  });
});
