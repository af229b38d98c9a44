import { fromBech32, toBase64 } from "@cosmjs/encoding";
import { Ed25519, Secp256k1, sha256 } from "@cosmjs/crypto";
import { describe, expect, it } from "vitest";

import {
  LimitedGasMeter,
  MemoryStorage,
  bech32Encode,
  decodeSections,
  encodeSections,
  makeAddress,
} from "@persistence-ts/simulator/vm/index";
import { EMPTY, host, hostGasOf, inWasm, makeCtx, text, utf8, vmErrorOf } from "./fixture";
import { contract } from "./wat";

const comm = (msg: string) => inWasm(`Error in guest/host communication: ${msg}`);

/** execute(_, key, value) writes; query(_, key) reads ("<absent>" if missing); sudo(_, key) removes. */
const KV = contract(`
  (data (i32.const 16) "<absent>")
  (func (export "execute") (param $env i32) (param $key i32) (param $value i32) (result i32)
    (call $db_write (local.get $key) (local.get $value))
    (local.get $value))
  (func (export "query") (param $env i32) (param $key i32) (result i32)
    (local $r i32)
    (local.set $r (call $db_read (local.get $key)))
    (if (result i32) (local.get $r) (then (local.get $r)) (else (call $region (i32.const 16) (i32.const 8)))))
  (func (export "sudo") (param $env i32) (param $key i32) (result i32)
    (call $db_remove (local.get $key))
    (local.get $key))
`);

const write = (ctx = makeCtx(), key = "k", value = "v") =>
  host.call(KV, "execute", [EMPTY, utf8(key), utf8(value)], ctx);
const read = (ctx: ReturnType<typeof makeCtx>, key: Uint8Array) => text(host.call(KV, "query", [EMPTY, key], ctx).result);

describe("db_read / db_write / db_remove", () => {
  it("writes, reads back in a later call, and removes", () => {
    const ctx = makeCtx();
    write(ctx, "name", "ünïcode ✓");
    expect(text(ctx.storage.get(utf8("name"))!)).toBe("ünïcode ✓");
    expect(read(ctx, utf8("name"))).toBe("ünïcode ✓");
    host.call(KV, "sudo", [EMPTY, utf8("name")], ctx);
    expect(ctx.storage.get(utf8("name"))).toBeUndefined();
    expect(read(ctx, utf8("name"))).toBe("<absent>");
  });

  it("db_read returns 0 for an absent key", () => {
    expect(read(makeCtx(), utf8("nothing"))).toBe("<absent>");
  });

  it("stores an empty value (the VM does not refuse it; cosmwasm-std does)", () => {
    const ctx = makeCtx();
    write(ctx, "e", "");
    expect(ctx.storage.get(utf8("e"))).toEqual(EMPTY);
    expect(read(ctx, utf8("e"))).toBe("");
  });

  it("accepts a key of exactly 64 KiB and a value of exactly 128 KiB", () => {
    const ctx = makeCtx();
    const key = new Uint8Array(64 * 1024).fill(1);
    host.call(KV, "execute", [EMPTY, key, new Uint8Array(128 * 1024).fill(2)], ctx);
    expect(ctx.storage.get(key)?.length).toBe(128 * 1024);
  });

  it("rejects a key over 64 KiB with do_db_write's text", () => {
    const err = vmErrorOf(
      () => host.call(KV, "execute", [EMPTY, new Uint8Array(64 * 1024 + 1), utf8("v")], makeCtx()),
      "limit",
    );
    expect(err.message).toBe(inWasm("Generic error: Key too big. Tried to write 65537 bytes to storage, limit is 65536."));
  });

  it("rejects a value over 128 KiB with do_db_write's text", () => {
    const ctx = makeCtx();
    const err = vmErrorOf(() => host.call(KV, "execute", [EMPTY, utf8("k"), new Uint8Array(128 * 1024 + 1)], ctx), "limit");
    expect(err.message).toBe(
      inWasm("Generic error: Value too big. Tried to write 131073 bytes to storage, limit is 131072."),
    );
    expect(ctx.storage.get(utf8("k"))).toBeUndefined();
  });

  it("rejects a db_read key over 64 KiB as a too long Region", () => {
    const err = vmErrorOf(() => host.call(KV, "query", [EMPTY, new Uint8Array(64 * 1024 + 1)], makeCtx()), "limit");
    expect(err.message).toBe(comm("Region length too big. Got 65537, limit 65536"));
  });
});

describe("read-only calls", () => {
  const WRITER = contract(`
    (func (export "query") (param i32 i32) (result i32)
      (call $db_write (local.get 1) (local.get 1))
      (local.get 1))
    (func (export "reply") (param i32 i32) (result i32)
      (call $db_remove (local.get 1))
      (local.get 1))
  `);
  const denied = inWasm("Must not call a writing storage function in this context.");

  it("a query may not write, even if the context says otherwise", () => {
    const ctx = makeCtx({ readonly: false });
    const err = vmErrorOf(() => host.call(WRITER, "query", [EMPTY, utf8("k")], ctx), "import");
    expect(err.message).toBe(denied);
    expect(ctx.storage.get(utf8("k"))).toBeUndefined();
  });

  it("a read-only context forbids db_remove in other entry points", () => {
    const storage = new MemoryStorage();
    storage.set(utf8("k"), utf8("v"));
    const err = vmErrorOf(() => host.call(WRITER, "reply", [EMPTY, utf8("k")], makeCtx({ storage, readonly: true })), "import");
    expect(err.message).toBe(denied);
    expect(text(storage.get(utf8("k"))!)).toBe("v");
    host.call(WRITER, "reply", [EMPTY, utf8("k")], makeCtx({ storage }));
    expect(storage.get(utf8("k"))).toBeUndefined();
  });
});

describe("db_scan / db_next", () => {
  /** execute(order, start, end): iterator id byte, then every db_next Region including the final one. */
  const SCAN = contract(`
    (func (export "execute") (param $order i32) (param $start i32) (param $end i32) (result i32)
      (local $it i32) (local $r i32)
      (local.set $it (call $db_scan (call $or_null (local.get $start)) (call $or_null (local.get $end))
        (i32.load8_s (call $ptr (local.get $order)))))
      (call $out_byte (local.get $it))
      (block $done (loop $next
        (local.set $r (call $db_next (local.get $it)))
        (call $append (local.get $r))
        (br_if $done (i32.and (i32.eq (call $len (local.get $r)) (i32.const 8))
          (i32.eqz (i32.load (call $ptr (local.get $r))))))
        (br $next)))
      (call $out))
    (func (export "migrate") (param i32 i32) (result i32) (call $db_next (i32.const 5)))
  `);

  function seeded(): MemoryStorage {
    const s = new MemoryStorage();
    for (const [k, v] of [["a", "1"], ["b", "22"], ["c", "333"], ["d", ""]]) s.set(utf8(k), utf8(v));
    return s;
  }

  function scan(order: number, start: string, end: string, storage = seeded()): Uint8Array {
    return host.call(SCAN, "execute", [Uint8Array.of(order), utf8(start), utf8(end)], makeCtx({ storage })).result;
  }

  const enc = (...pairs: [string, string][]) =>
    pairs.map(([k, v]) => encodeSections([utf8(k), utf8(v)]));
  const done = new Uint8Array(8);
  const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

  it("encodes records as key ‖ u32be(len) ‖ value ‖ u32be(len) and ends with an empty record", () => {
    const out = scan(1, "", "");
    expect(out[0]).toBe(0); // first iterator of the call has id 0
    expect(out.subarray(1)).toEqual(concat(...enc(["a", "1"], ["b", "22"], ["c", "333"], ["d", ""]), done));
    expect(Array.from(encodeSections([utf8("ab"), utf8("c")]))).toEqual([97, 98, 0, 0, 0, 2, 99, 0, 0, 0, 1]);
  });

  it("honours bounds: start inclusive, end exclusive", () => {
    expect(scan(1, "b", "d").subarray(1)).toEqual(concat(...enc(["b", "22"], ["c", "333"]), done));
    expect(scan(1, "", "b").subarray(1)).toEqual(concat(...enc(["a", "1"]), done));
    expect(scan(1, "c", "").subarray(1)).toEqual(concat(...enc(["c", "333"], ["d", ""]), done));
  });

  it("iterates descending with order 2", () => {
    expect(scan(2, "a", "c").subarray(1)).toEqual(concat(...enc(["b", "22"], ["a", "1"]), done));
  });

  it("rejects other orders", () => {
    const err = vmErrorOf(() => scan(3, "", ""), "import");
    expect(err.message).toBe(comm("Got an invalid value for iteration order: 3"));
    expect(vmErrorOf(() => scan(-1, "", ""), "import").message).toContain("iteration order: -1");
  });

  it("fails for an iterator id that was never returned", () => {
    const err = vmErrorOf(() => host.call(SCAN, "migrate", [EMPTY, EMPTY], makeCtx()), "import");
    expect(err.message).toBe(inWasm("Error calling into the VM's backend: Iterator with ID 5 does not exist"));
  });

  it("decodeSections inverts encodeSections", () => {
    const parts = [utf8("key"), EMPTY, utf8("välue")];
    expect(decodeSections(encodeSections(parts))).toEqual(parts);
    expect(() => decodeSections(Uint8Array.of(1, 0, 0, 0, 9))).toThrow("section length overflow");
  });
});

describe("db_next_key / db_next_value", () => {
  /** Two iterators (asc, desc): ids, keys of the first, values of the second, then '1' if exhausted = 0. */
  const PARTS = contract(`
    (func (export "query") (param i32 i32) (result i32)
      (local $a i32) (local $b i32) (local $r i32)
      (local.set $a (call $db_scan (i32.const 0) (i32.const 0) (i32.const 1)))
      (local.set $b (call $db_scan (i32.const 0) (i32.const 0) (i32.const 2)))
      (call $out_byte (i32.add (i32.const 48) (local.get $a)))
      (call $out_byte (i32.add (i32.const 48) (local.get $b)))
      (block $d1 (loop $l1
        (local.set $r (call $db_next_key (local.get $a)))
        (br_if $d1 (i32.eqz (local.get $r)))
        (call $append (local.get $r)) (call $out_byte (i32.const 124))
        (br $l1)))
      (call $out_byte (i32.const 35))
      (block $d2 (loop $l2
        (local.set $r (call $db_next_value (local.get $b)))
        (br_if $d2 (i32.eqz (local.get $r)))
        (call $append (local.get $r)) (call $out_byte (i32.const 124))
        (br $l2)))
      (call $out_byte (i32.add (i32.const 48) (i32.eqz (call $db_next_key (local.get $a)))))
      (call $out))
    (data (i32.const 16) "zz")
    (data (i32.const 24) "a")
    (func (export "execute") (param i32 i32 i32) (result i32)
      (local $it i32) (local $r i32)
      (local.set $it (call $db_scan (i32.const 0) (i32.const 0) (i32.const 1)))
      (call $db_write (call $region (i32.const 16) (i32.const 2)) (call $region (i32.const 16) (i32.const 2)))
      (call $db_remove (call $region (i32.const 24) (i32.const 1)))
      (block $d (loop $l
        (local.set $r (call $db_next_key (local.get $it)))
        (br_if $d (i32.eqz (local.get $r)))
        (call $append (local.get $r)) (call $out_byte (i32.const 124))
        (br $l)))
      (call $out))
  `);

  function storage(): MemoryStorage {
    const s = new MemoryStorage();
    for (const [k, v] of [["a", "va"], ["b", "vb"], ["c", "vc"]]) s.set(utf8(k), utf8(v));
    return s;
  }

  it("returns raw keys and values, numbers iterators 0, 1, … per call, and 0 when done", () => {
    expect(text(host.call(PARTS, "query", [EMPTY, EMPTY], makeCtx({ storage: storage() })).result)).toBe(
      "01a|b|c|#vc|vb|va|1",
    );
  });

  it("iterators do not see writes made after they were opened", () => {
    const s = storage();
    expect(text(host.call(PARTS, "execute", [EMPTY, EMPTY, EMPTY], makeCtx({ storage: s })).result)).toBe("a|b|c|");
    expect(s.get(utf8("a"))).toBeUndefined();
    expect(text(s.get(utf8("zz"))!)).toBe("zz");
  });
});

describe("query_chain", () => {
  const QUERY = contract(`(func (export "query") (param i32 i32) (result i32) (call $query_chain (local.get 1)))`);

  it("passes the request bytes to the querier and returns its SystemResult bytes", () => {
    const requests: string[] = [];
    const response = utf8(`{"ok":{"ok":"${toBase64(utf8('{"amount":{"denom":"uxprt","amount":"5"}}'))}"}}`);
    const querier = (req: Uint8Array) => {
      requests.push(text(req));
      return response;
    };
    const request = '{"bank":{"balance":{"address":"persistence1…","denom":"uxprt"}}}';
    const out = host.call(QUERY, "query", [EMPTY, utf8(request)], makeCtx({ querier }));
    expect(requests).toEqual([request]);
    expect(out.result).toEqual(response);
  });

  it("rejects requests over 64 KiB", () => {
    const err = vmErrorOf(() => host.call(QUERY, "query", [EMPTY, new Uint8Array(64 * 1024 + 1)], makeCtx()), "limit");
    expect(err.message).toBe(comm("Region length too big. Got 65537, limit 65536"));
  });
});

describe("address imports", () => {
  /** execute: validate msg; query: canonicalize then humanize msg; sudo: canonicalize; reply: humanize; migrate: canonicalize into 4 bytes. */
  const ADDR = contract(`
    (data (i32.const 16) "ok")
    (func (export "execute") (param i32 i32 i32) (result i32)
      (local $r i32)
      (local.set $r (call $addr_validate (local.get 2)))
      (if (result i32) (local.get $r) (then (local.get $r)) (else (call $region (i32.const 16) (i32.const 2)))))
    (func (export "query") (param i32 i32) (result i32)
      (local $c i32) (local $h i32) (local $r i32)
      (local.set $c (call $allocate (i32.const 64)))
      (local.set $r (call $addr_canonicalize (local.get 1) (local.get $c)))
      (if (local.get $r) (then (return (local.get $r))))
      (local.set $h (call $allocate (i32.const 256)))
      (local.set $r (call $addr_humanize (local.get $c) (local.get $h)))
      (if (local.get $r) (then (return (local.get $r))))
      (local.get $h))
    (func (export "sudo") (param i32 i32) (result i32)
      (local $c i32) (local $r i32)
      (local.set $c (call $allocate (i32.const 64)))
      (local.set $r (call $addr_canonicalize (local.get 1) (local.get $c)))
      (select (local.get $r) (local.get $c) (local.get $r)))
    (func (export "reply") (param i32 i32) (result i32)
      (local $h i32) (local $r i32)
      (local.set $h (call $allocate (i32.const 256)))
      (local.set $r (call $addr_humanize (local.get 1) (local.get $h)))
      (select (local.get $r) (local.get $h) (local.get $r)))
    (func (export "migrate") (param i32 i32) (result i32)
      (drop (call $addr_canonicalize (local.get 1) (call $allocate (i32.const 4))))
      (local.get 1))
  `);
  const alice = makeAddress("alice");
  const validate = (input: Uint8Array) => text(host.call(ADDR, "execute", [EMPTY, EMPTY, input], makeCtx()).result);

  it("addr_validate returns 0 for a valid address and an error Region otherwise", () => {
    expect(validate(utf8(alice))).toBe("ok");
    expect(validate(utf8(alice.toUpperCase()))).toBe("address not normalized");
    expect(validate(utf8(makeAddress("a", "cosmos")))).toBe("invalid Bech32 prefix; expected persistence, got cosmos");
    expect(validate(EMPTY)).toBe("Input is empty");
    expect(validate(Uint8Array.of(0xff, 0xfe))).toBe("Input is not valid UTF-8");
  });

  it("addr_validate input over 256 bytes fails the call instead", () => {
    const err = vmErrorOf(() => validate(new Uint8Array(257).fill(0x71)), "limit");
    expect(err.message).toBe(comm("Region length too big. Got 257, limit 256"));
  });

  it("canonicalize then humanize round-trips", () => {
    expect(text(host.call(ADDR, "query", [EMPTY, utf8(alice)], makeCtx()).result)).toBe(alice);
    expect(text(host.call(ADDR, "query", [EMPTY, utf8("bogus")], makeCtx()).result)).toBe(
      "decoding bech32 failed: invalid bech32 string length 5",
    );
  });

  it("addr_canonicalize writes the bech32 data bytes into the destination Region", () => {
    const out = host.call(ADDR, "sudo", [EMPTY, utf8(alice)], makeCtx());
    expect(out.result).toEqual(fromBech32(alice, 1023).data);
  });

  it("addr_humanize reports SDK errors and enforces the 64-byte canonical limit", () => {
    const human = (input: Uint8Array) => text(host.call(ADDR, "reply", [EMPTY, input], makeCtx()).result);
    expect(human(new Uint8Array(32).fill(1))).toBe(bech32Encode("persistence", new Uint8Array(32).fill(1)));
    expect(human(EMPTY)).toBe("addresses cannot be empty: unknown address");
    const err = vmErrorOf(() => human(new Uint8Array(65)), "limit");
    expect(err.message).toBe(comm("Region length too big. Got 65, limit 64"));
  });

  it("fails the call when the destination Region is too small", () => {
    const err = vmErrorOf(() => host.call(ADDR, "migrate", [EMPTY, utf8(alice)], makeCtx()), "region");
    expect(err.message).toBe(comm("Region too small. Got 4, required 20"));
  });
});

describe("crypto imports", () => {
  /** execute(hash, sig, pubkey) → secp256k1_verify code; instantiate(hash, sig, [param]) → recovered key or code. */
  const SECP = contract(`
    (func (export "execute") (param i32 i32 i32) (result i32)
      (call $out_byte (call $secp256k1_verify (local.get 0) (local.get 1) (local.get 2)))
      (call $out))
    (func (export "instantiate") (param i32 i32 i32) (result i32)
      (local $v i64)
      (local.set $v (call $secp256k1_recover_pubkey (local.get 0) (local.get 1) (i32.load8_u (call $ptr (local.get 2)))))
      (if (result i32) (i64.eqz (i64.shr_u (local.get $v) (i64.const 32)))
        (then (i32.wrap_i64 (local.get $v)))
        (else (call $out_byte (i32.wrap_i64 (i64.shr_u (local.get $v) (i64.const 32)))) (call $out))))
  `);
  /** execute(msg, sig, pubkey) → ed25519_verify code; instantiate(msgs, sigs, pubkeys) → batch code. */
  const ED = contract(`
    (func (export "execute") (param i32 i32 i32) (result i32)
      (call $out_byte (call $ed25519_verify (local.get 0) (local.get 1) (local.get 2)))
      (call $out))
    (func (export "instantiate") (param i32 i32 i32) (result i32)
      (call $out_byte (call $ed25519_batch_verify (local.get 0) (local.get 1) (local.get 2)))
      (call $out))
  `);

  const privkey = sha256(utf8("secp test key"));
  const hash = sha256(utf8("message"));

  it("secp256k1_verify: 0 valid, 1 invalid, error codes for bad formats", () => {
    const { pubkey } = Secp256k1.makeKeypair(privkey);
    const sig = Secp256k1.createSignature(hash, privkey).toFixedLength().slice(0, 64);
    const code = (h: Uint8Array, s: Uint8Array, p: Uint8Array) => host.call(SECP, "execute", [h, s, p], makeCtx()).result[0];
    expect(code(hash, sig, pubkey)).toBe(0);
    expect(code(hash, sig, Secp256k1.compressPubkey(pubkey))).toBe(0);
    expect(code(sha256(utf8("other")), sig, pubkey)).toBe(1);
    expect(code(hash.slice(0, 31), sig, pubkey)).toBe(3);
    expect(code(hash, sig.slice(0, 63), pubkey)).toBe(4);
    expect(code(hash, sig, pubkey.slice(0, 64))).toBe(5);
    expect(code(hash, new Uint8Array(64), pubkey)).toBe(10);
  });

  it("secp256k1_verify accepts high-S signatures like the VM", () => {
    const { pubkey } = Secp256k1.makeKeypair(privkey);
    const sig = Secp256k1.createSignature(hash, privkey).toFixedLength().slice(0, 64);
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const s = BigInt(`0x${Buffer.from(sig.subarray(32)).toString("hex")}`);
    const high = Uint8Array.from([...sig.subarray(0, 32), ...Buffer.from((n - s).toString(16).padStart(64, "0"), "hex")]);
    expect(host.call(SECP, "execute", [hash, high, pubkey], makeCtx()).result[0]).toBe(0);
  });

  it("secp256k1_recover_pubkey returns the uncompressed key in the low half, codes in the high half", () => {
    const { pubkey } = Secp256k1.makeKeypair(privkey);
    const ext = Secp256k1.createSignature(hash, privkey);
    const sig = ext.toFixedLength().slice(0, 64);
    const recover = (param: number) => host.call(SECP, "instantiate", [hash, sig, Uint8Array.of(param)], makeCtx()).result;
    expect(recover(ext.recovery)).toEqual(pubkey);
    expect(recover(ext.recovery)).toHaveLength(65);
    expect(Array.from(recover(2))).toEqual([6]);
    expect(Array.from(host.call(SECP, "instantiate", [hash.slice(1), sig, Uint8Array.of(0)], makeCtx()).result)).toEqual([3]);
  });

  it("ed25519_verify checks RFC 8032 test vector 1", () => {
    const pubkey = Buffer.from("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "hex");
    const sig = Buffer.from(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
      "hex",
    );
    const code = (m: Uint8Array, s: Uint8Array, p: Uint8Array) => host.call(ED, "execute", [m, s, p], makeCtx()).result[0];
    expect(code(EMPTY, sig, pubkey)).toBe(0);
    expect(code(utf8("x"), sig, pubkey)).toBe(1);
    expect(code(EMPTY, sig.subarray(0, 63), pubkey)).toBe(4);
    expect(code(EMPTY, sig, pubkey.subarray(0, 31))).toBe(5);
  });

  it("ed25519_batch_verify broadcasts one message or one key and checks counts", async () => {
    const key = await Ed25519.makeKeypair(sha256(utf8("ed key")));
    const msgs = [utf8("m1"), utf8("m2")];
    const sigs = await Promise.all(msgs.map((m) => Ed25519.createSignature(m, key)));
    const batch = (m: Uint8Array[], s: Uint8Array[], p: Uint8Array[]) =>
      host.call(ED, "instantiate", [encodeSections(m), encodeSections(s), encodeSections(p)], makeCtx()).result[0];
    expect(batch(msgs, sigs, [key.pubkey, key.pubkey])).toBe(0);
    expect(batch(msgs, sigs, [key.pubkey])).toBe(0);
    expect(batch(msgs, [sigs[1], sigs[0]], [key.pubkey])).toBe(1);
    expect(batch(msgs, sigs, [key.pubkey, key.pubkey, key.pubkey])).toBe(7);
    expect(batch([], [], [])).toBe(0);
  });
});

describe("unsupported host functions", () => {
  it("fails the call with a clear error instead of a wrong answer", () => {
    const wasm = contract(`(func (export "query") (param i32 i32) (result i32)
      (drop (call $secp256r1_verify (local.get 1) (local.get 1) (local.get 1)))
      (local.get 1))`);
    const err = vmErrorOf(() => host.call(wasm, "query", [EMPTY, EMPTY], makeCtx()), "import");
    expect(err.message).toBe(inWasm("Generic error: host function secp256r1_verify is not supported by this simulator"));
  });
});

describe("host function gas", () => {
  // db_write("k", "v"): host call + two Region reads + SDK write gas ×140,000, then the result read
  const region1 = 200_000 + 115;
  const expected = 18_000 + 2 * region1 + 140_000 * (2_000 + 30 * 2) + region1;

  const writeArgs = [EMPTY, utf8("k"), utf8("v")];

  it("charges host call, Region read and SDK KV costs on top of operators, all to the meter", () => {
    expect(hostGasOf(KV, "execute", writeArgs, () => makeCtx())).toBe(expected);
    const gas = new LimitedGasMeter(10 ** 12);
    const out = write(makeCtx({ gas }));
    expect(out.gasUsed).toBeGreaterThan(expected);
    expect(gas.used).toBe(out.gasUsed);
  });

  it("counts the chain's store key prefix in KV gas", () => {
    const ctx = () => makeCtx({ storageKeyPrefixLength: 33 });
    expect(hostGasOf(KV, "execute", writeArgs, ctx)).toBe(expected + 140_000 * 30 * 33);
  });

  it("runs out of gas with the VM's unwrapped message, before the write lands", () => {
    const storage = new MemoryStorage();
    const gas = new LimitedGasMeter(1_000_000);
    const err = vmErrorOf(() => write(makeCtx({ storage, gas })), "out-of-gas");
    expect(err.message).toBe("Ran out of gas during contract execution");
    expect(storage.get(utf8("k"))).toBeUndefined();
    expect(gas.remaining).toBe(0);
  });
});
