import { createHash } from "node:crypto";

import { describe, expect, it } from "vitest";

import { MemoryStorage, VmError, WasmHost } from "@persistence-ts/simulator/vm/index";
import { EMPTY, host, hostGasOf, inWasm, makeCtx, text, utf8, vmErrorOf } from "./fixture";
import { assemble, contract } from "./wat";

/** Outputs [len(a), len(b), len(c)] then a ‖ b ‖ c, so byte lengths and order are visible. */
const ARGS = contract(`
  (func $three (param $a i32) (param $b i32) (param $c i32) (result i32)
    (call $out_byte (call $len (local.get $a)))
    (call $out_byte (call $len (local.get $b)))
    (call $out_byte (call $len (local.get $c)))
    (call $append (local.get $a))
    (call $append (local.get $b))
    (call $append (local.get $c))
    (call $out))
  (func (export "instantiate") (param i32 i32 i32) (result i32) (call $three (local.get 0) (local.get 1) (local.get 2)))
  (func (export "execute") (param i32 i32 i32) (result i32) (call $three (local.get 0) (local.get 1) (local.get 2)))
  (func (export "query") (param i32 i32) (result i32) (call $three (local.get 0) (local.get 1) (local.get 1)))
`);

/** Each call bumps a global and a memory cell and reports both: a fresh instance reports 1, 1. */
const COUNTER = contract(`
  (func (export "execute") (param i32 i32 i32) (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (i32.store8 (i32.const 900) (i32.add (i32.load8_u (i32.const 900)) (i32.const 1)))
    (call $out_byte (global.get $counter))
    (call $out_byte (i32.load8_u (i32.const 900)))
    (call $out))
`);

describe("argument passing and results", () => {
  it("passes each argument in its own Region, in order, and returns the result bytes", () => {
    const out = host.call(ARGS, "execute", [utf8("env"), utf8("info"), utf8("msg")], makeCtx());
    expect(Array.from(out.result.subarray(0, 3))).toEqual([3, 4, 3]);
    expect(text(out.result.subarray(3))).toBe("envinfomsg");
  });

  it("sizes Regions in UTF-8 bytes, not UTF-16 units", () => {
    const msg = "héllo ✓ 🚀"; // 10 UTF-16 units, 15 bytes
    const out = host.call(ARGS, "instantiate", [utf8("é"), EMPTY, utf8(msg)], makeCtx());
    expect(Array.from(out.result.subarray(0, 3))).toEqual([2, 0, 15]);
    expect(text(out.result.subarray(3))).toBe(`é${msg}`);
  });

  it("calls query with two arguments", () => {
    const out = host.call(ARGS, "query", [utf8("e"), utf8("q")], makeCtx());
    expect(text(out.result.subarray(3))).toBe("eqq");
  });

  it("charges the result Region read like the VM (200,000 + 115 per byte)", () => {
    const args = [utf8("a"), EMPTY, EMPTY];
    expect(host.call(ARGS, "execute", args, makeCtx()).result.length).toBe(4);
    expect(hostGasOf(ARGS, "execute", args, () => makeCtx())).toBe(200_000 + 115 * 4);
  });
});

describe("instances", () => {
  it("creates a fresh instance for every call: globals and memory start over", () => {
    const ctx = makeCtx();
    const first = host.call(COUNTER, "execute", [EMPTY, EMPTY, EMPTY], ctx);
    const second = host.call(COUNTER, "execute", [EMPTY, EMPTY, EMPTY], ctx);
    expect(Array.from(first.result)).toEqual([1, 1]);
    expect(Array.from(second.result)).toEqual([1, 1]);
  });

  it("compiles once per checksum", () => {
    const h = new WasmHost();
    const a = h.compile(COUNTER);
    const b = h.compile(Uint8Array.from(COUNTER));
    expect(b).toBe(a);
    expect(a.checksum).toBe(createHash("sha256").update(COUNTER).digest("hex"));
    expect(Array.from(h.call(a, "execute", [EMPTY, EMPTY, EMPTY], makeCtx()).result)).toEqual([1, 1]);
  });

  it("caps memory at 512 pages (32 MiB): memory.grow past it fails", () => {
    const wasm = contract(`
      (func (export "execute") (param i32 i32 i32) (result i32)
        (call $out_byte (i32.add (memory.grow (i32.const 508)) (i32.const 1)))
        (call $out_byte (memory.grow (i32.const 507)))
        (call $out))`);
    // 5 + 508 > 512 fails (-1 + 1 = 0); 5 + 507 = 512 succeeds and returns the old size 5
    expect(Array.from(host.call(wasm, "execute", [EMPTY, EMPTY, EMPTY], makeCtx()).result)).toEqual([0, 5]);
  });

  it("rejects a module whose initial memory exceeds the limit", () => {
    const wasm = contract(`(func (export "execute") (param i32 i32 i32) (result i32) (local.get 0))`, { pages: 513 });
    const err = vmErrorOf(() => new WasmHost().compile(wasm), "limit");
    expect(err.message).toContain("513 pages exceeds the limit of 512 pages");
  });
});

describe("entry point resolution", () => {
  it("reports a missing export like the VM", () => {
    const err = vmErrorOf(() => host.call(COUNTER, "sudo", [EMPTY, EMPTY], makeCtx()), "resolve");
    expect(err.message).toBe("Error resolving Wasm function: Could not get export: Missing export sudo");
  });

  it("reports an arity mismatch", () => {
    const wasm = contract(`(func (export "execute") (param i32 i32) (result i32) (local.get 0))`);
    const err = vmErrorOf(() => host.call(wasm, "execute", [EMPTY, EMPTY, EMPTY], makeCtx()), "resolve");
    expect(err.message).toBe("The called function args arity does not match. The contract's method arity: 2");
  });

  it("reports an entry point without a result", () => {
    const wasm = contract(`(func (export "execute") (param i32 i32 i32))`);
    const err = vmErrorOf(() => host.call(wasm, "execute", [EMPTY, EMPTY, EMPTY], makeCtx()), "resolve");
    expect(err.message).toBe("Unexpected number of result values when calling 'execute'. Expected: 1, actual: 0.");
  });

  /** migrate returns its last argument. */
  const migrate = (params: number) =>
    contract(`(func (export "migrate") (param${" i32".repeat(params)}) (result i32) (local.get ${params - 1}))`);

  it("calls migrate(env, msg, migrate_info) when the export takes three arguments", () => {
    const out = host.call(migrate(3), "migrate", [utf8("env"), utf8("msg"), utf8("info")], makeCtx());
    expect(text(out.result)).toBe("info");
  });

  it("falls back to migrate(env, msg) like call_migrate_with_info_raw", () => {
    const out = host.call(migrate(2), "migrate", [utf8("env"), utf8("msg"), utf8("info")], makeCtx());
    expect(text(out.result)).toBe("msg");
    expect(text(host.call(migrate(2), "migrate", [utf8("env"), utf8("m2")], makeCtx()).result)).toBe("m2");
  });

  it("allocates the arguments again for the two-argument retry, as the VM does", () => {
    const counting = assemble(`(module
      (memory (export "memory") 5)
      (global $heap (mut i32) (i32.const 262144))
      (global $allocs (mut i32) (i32.const 0))
      (func (export "allocate") (param $n i32) (result i32)
        (local $r i32)
        (global.set $allocs (i32.add (global.get $allocs) (i32.const 1)))
        (local.set $r (global.get $heap))
        (i32.store (local.get $r) (i32.add (local.get $r) (i32.const 16)))
        (i32.store offset=4 (local.get $r) (local.get $n))
        (global.set $heap (i32.add (global.get $heap) (i32.add (local.get $n) (i32.const 16))))
        (local.get $r))
      (func (export "deallocate") (param i32))
      (func (export "migrate") (param i32 i32) (result i32)
        (local $r i32)
        (local.set $r (i32.const 64))
        (i32.store (local.get $r) (i32.const 100))
        (i32.store offset=4 (local.get $r) (i32.const 1))
        (i32.store offset=8 (local.get $r) (i32.const 1))
        (i32.store8 (i32.const 100) (global.get $allocs))
        (local.get $r)))`);
    const out = host.call(counting, "migrate", [utf8("e"), utf8("m"), utf8("i")], makeCtx());
    expect(Array.from(out.result)).toEqual([5]); // 3 for the failed form + 2 for the retry
  });
});

describe("result Region validation", () => {
  /** Each entry point returns a Region struct with the given fields. */
  const BAD = contract(`
    (func $make (param $offset i32) (param $cap i32) (param $len i32) (result i32)
      (local $r i32)
      (local.set $r (call $alloc_raw (i32.const 12)))
      (i32.store (local.get $r) (local.get $offset))
      (i32.store offset=4 (local.get $r) (local.get $cap))
      (i32.store offset=8 (local.get $r) (local.get $len))
      (local.get $r))
    (func (export "execute") (param i32 i32 i32) (result i32) (call $make (i32.const 0) (i32.const 10) (i32.const 5)))
    (func (export "query") (param i32 i32) (result i32) (call $make (i32.const 100) (i32.const 5) (i32.const 10)))
    (func (export "sudo") (param i32 i32) (result i32) (call $make (i32.const 100) (i32.const 0xFFFFFFF0) (i32.const 0)))
    (func (export "reply") (param i32 i32) (result i32) (i32.const 0x7FFFFFF0))
    (func (export "instantiate") (param i32 i32 i32) (result i32) (call $make (i32.const 327675) (i32.const 10) (i32.const 10)))
  `);
  const comm = (msg: string) => `Error in guest/host communication: ${msg}`;

  it("rejects offset 0", () => {
    const err = vmErrorOf(() => host.call(BAD, "execute", [EMPTY, EMPTY, EMPTY], makeCtx()), "region");
    expect(err.message).toBe(comm("Got an invalid region: Got a zero Wasm address in the offset"));
  });

  it("rejects length > capacity", () => {
    const err = vmErrorOf(() => host.call(BAD, "query", [EMPTY, EMPTY], makeCtx()), "region");
    expect(err.message).toBe(comm("Got an invalid region: Region length exceeds capacity. Length 10, capacity 5"));
  });

  it("rejects capacity > u32::MAX - offset", () => {
    const err = vmErrorOf(() => host.call(BAD, "sudo", [EMPTY, EMPTY], makeCtx()), "region");
    expect(err.message).toBe(
      comm("Got an invalid region: Region exceeds address space. Offset 100, capacity 4294967280"),
    );
  });

  it("rejects a Region pointer outside memory", () => {
    const err = vmErrorOf(() => host.call(BAD, "reply", [EMPTY, EMPTY], makeCtx()), "region");
    expect(err.message).toBe(
      comm(
        "The Wasm memory address 2147483632 provided by the contract could not be dereferenced: " +
          "Could not dereference this pointer to a Region",
      ),
    );
  });

  it("rejects Region data past the end of memory", () => {
    const err = vmErrorOf(() => host.call(BAD, "instantiate", [EMPTY, EMPTY, EMPTY], makeCtx()), "region");
    expect(err.message).toContain("Tried to access memory of region Region { offset: 327675, capacity: 10, length: 10 }");
    expect(err.message).toContain("in Wasm memory of size 327680 bytes");
  });

  it("rejects allocate returning 0 for an argument", () => {
    const zeroAlloc = assemble(`(module
      (memory (export "memory") 1)
      (func (export "allocate") (param i32) (result i32) (i32.const 0))
      (func (export "deallocate") (param i32))
      (func (export "execute") (param i32 i32 i32) (result i32) (i32.const 0)))`);
    const err = vmErrorOf(() => host.call(zeroAlloc, "execute", [EMPTY, EMPTY, EMPTY], makeCtx()), "region");
    expect(err.message).toBe(comm("Got a zero Wasm address"));
  });

  it("hands the result Region to deallocate", () => {
    const logged = contract(
      `
      (data (i32.const 16) "ret")
      (data (i32.const 24) "dealloc")
      (func $ptr_bytes (param $p i32) (result i32)
        (local $r i32)
        (local.set $r (call $allocate (i32.const 4)))
        (i32.store (call $ptr (local.get $r)) (local.get $p))
        (i32.store offset=8 (local.get $r) (i32.const 4))
        (local.get $r))
      (func (export "execute") (param i32 i32 i32) (result i32)
        (local $res i32)
        (local.set $res (call $region (i32.const 16) (i32.const 3)))
        (call $db_write (call $region (i32.const 16) (i32.const 3)) (call $ptr_bytes (local.get $res)))
        (local.get $res))`,
      { deallocate: `(call $db_write (call $region (i32.const 24) (i32.const 7)) (call $ptr_bytes (local.get 0)))` },
    );
    const ctx = makeCtx();
    expect(text(host.call(logged, "execute", [EMPTY, EMPTY, EMPTY], ctx).result)).toBe("ret");
    const returned = ctx.storage.get(utf8("ret"));
    expect(returned).toBeDefined();
    expect(ctx.storage.get(utf8("dealloc"))).toEqual(returned);
  });
});

describe("traps", () => {
  const TRAPS = contract(`
    (func (export "execute") (param i32 i32 i32) (result i32) (unreachable))
    (func (export "query") (param i32 i32) (result i32) (i32.div_u (i32.const 1) (i32.sub (local.get 0) (local.get 0))))
    (func (export "sudo") (param i32 i32) (result i32) (i32.load (i32.const 0x7FFFFFF0)))
    (func $deep (param i32) (result i32) (i32.add (call $deep (local.get 0)) (i32.const 1)))
    (func (export "reply") (param i32 i32) (result i32) (call $deep (i32.const 0)))
  `);

  it.each([
    ["execute", "unreachable"],
    ["query", "integer divide by zero"],
    ["sudo", "out of bounds memory access"],
    ["reply", "call stack exhausted"],
  ] as const)("%s traps with wasmer's text: %s", (entry, trap) => {
    const args = entry === "execute" ? [EMPTY, EMPTY, EMPTY] : [EMPTY, EMPTY];
    const err = vmErrorOf(() => host.call(TRAPS, entry, args, makeCtx()), "trap");
    expect(err.message).toBe(inWasm(trap));
  });
});

describe("nested calls", () => {
  it("wraps a trap in allocate, called from inside an import, twice like the VM", () => {
    const wasm = assemble(`(module
      (import "env" "db_read" (func $db_read (param i32) (result i32)))
      (memory (export "memory") 1)
      (global $heap (mut i32) (i32.const 1024))
      (func (export "allocate") (param $n i32) (result i32)
        (local $r i32)
        (if (i32.eq (local.get $n) (i32.const 7)) (then (unreachable)))
        (local.set $r (global.get $heap))
        (i32.store (local.get $r) (i32.add (local.get $r) (i32.const 12)))
        (i32.store offset=4 (local.get $r) (local.get $n))
        (global.set $heap (i32.add (global.get $heap) (i32.add (local.get $n) (i32.const 16))))
        (local.get $r))
      (func (export "deallocate") (param i32))
      (func (export "query") (param i32 i32) (result i32) (call $db_read (local.get 1))))`);
    const ctx = makeCtx();
    ctx.storage.set(utf8("k"), utf8("7 bytes"));
    const err = vmErrorOf(() => host.call(wasm, "query", [EMPTY, utf8("k")], ctx), "trap");
    expect(err.message).toBe(inWasm(inWasm("unreachable")));
  });

  it("host functions act on their own call again after a nested call on the same host returns", () => {
    // debug(msg); query_chain(msg) (the querier calls this contract again, failing it); debug(msg);
    // db_write(msg, msg): every effect must land on the call that made it
    const wasm = contract(`
      (func (export "execute") (param i32 i32) (param $msg i32) (result i32)
        (call $debug (local.get $msg))
        (drop (call $query_chain (local.get $msg)))
        (call $debug (local.get $msg))
        (call $db_write (local.get $msg) (local.get $msg))
        (call $out))`);
    const innerStore = new MemoryStorage();
    const answer = () => utf8(`{"ok":{"ok":""}}`);
    let inner: unknown;
    const outerCtx = makeCtx({
      querier: () => {
        try {
          host.call(wasm, "execute", [EMPTY, EMPTY, utf8("inner")], makeCtx({ storage: innerStore, readonly: true, querier: answer }));
        } catch (e) {
          inner = e;
        }
        return answer();
      },
    });
    const out = host.call(wasm, "execute", [EMPTY, EMPTY, utf8("outer")], outerCtx);
    expect(out.debug).toEqual(["outer", "outer"]);
    expect(text(outerCtx.storage.get(utf8("outer"))!)).toBe("outer");
    expect((inner as VmError).debug).toEqual(["inner", "inner"]);
    expect((inner as VmError).message).toContain("Must not call a writing storage function");
    expect(innerStore.get(utf8("inner"))).toBeUndefined();
  });
});

describe("abort and debug", () => {
  const LOUD = contract(`
    (data (i32.const 16) "step one")
    (data (i32.const 32) "boom \\e2\\9c\\93")
    (func (export "execute") (param i32 i32 i32) (result i32)
      (call $debug (call $region (i32.const 16) (i32.const 8)))
      (call $abort (call $region (i32.const 32) (i32.const 8)))
      (unreachable))
    (func (export "query") (param i32 i32) (result i32)
      (call $debug (call $region (i32.const 16) (i32.const 8)))
      (call $debug (local.get 1))
      (local.get 1))
  `);

  it("surfaces the abort message as the chain shows it", () => {
    const err = vmErrorOf(() => host.call(LOUD, "execute", [EMPTY, EMPTY, EMPTY], makeCtx()), "trap");
    expect(err.message).toBe("Error executing Wasm: Wasmer runtime error: RuntimeError: Aborted: boom ✓");
    expect(err.debug).toEqual(["step one"]);
  });

  it("collects every debug message of the call", () => {
    const out = host.call(LOUD, "query", [EMPTY, utf8("second ✓")], makeCtx());
    expect(out.debug).toEqual(["step one", "second ✓"]);
  });
});

describe("instantiation", () => {
  it("rejects an import the VM does not provide", () => {
    const wasm = assemble(`(module
      (import "env" "foo" (func (param i32)))
      (memory (export "memory") 1))`);
    const err = vmErrorOf(() => host.call(wasm, "execute", [], makeCtx()), "instantiation");
    expect(err.message).toBe(
      'Error instantiating a Wasm module: Error instantiating module: Error while importing "env"."foo": ' +
        "unknown import. Expected Function(FunctionType { params: [I32], results: [] })",
    );
  });

  it("rejects an import with the wrong signature, which a JS host would accept", () => {
    const wasm = assemble(`(module
      (import "env" "db_read" (func (param i32 i32) (result i32)))
      (memory (export "memory") 1))`);
    const err = vmErrorOf(() => host.call(wasm, "execute", [], makeCtx()), "instantiation");
    expect(err.message).toContain(
      "incompatible import type. Expected Function(FunctionType { params: [I32, I32], results: [I32] }) " +
        "but received Function(FunctionType { params: [I32], results: [I32] })",
    );
  });

  it("requires an exported memory", () => {
    const wasm = assemble(`(module (memory 1) (func (export "allocate") (param i32) (result i32) (i32.const 8)))`);
    const err = vmErrorOf(() => host.call(wasm, "execute", [], makeCtx()), "instantiation");
    expect(err.message).toBe("Error instantiating a Wasm module: Could not get memory 'memory': Missing export memory");
  });

  it("reports invalid bytes as a compile error", () => {
    const err = vmErrorOf(() => new WasmHost().compile(utf8("not wasm")), "compile");
    expect(err.message).toMatch(/^Error compiling Wasm: Could not compile: /);
  });
});
