// std through the ABI: result envelopes, env decoding, storage, cw2, ownership, traps.
import { beforeEach, describe, expect, it } from "vitest";
import { Probe, loadProbe, addr } from "../helpers/probe";

let probe: Probe;
const owner = addr("owner");
const alice = addr("alice");
const bob = addr("bob");

/** Every stored key and value, as hex, in key order. */
function snapshot(p: Probe): string[][] {
  const out: string[][] = [];
  const it = p.storage.range(undefined, undefined, "ascending");
  for (let r = it.next(); !r.done; r = it.next()) out.push([Buffer.from(r.value[0]).toString("hex"), Buffer.from(r.value[1]).toString("hex")]);
  return out;
}

beforeEach(async () => {
  probe = await loadProbe();
  expect(probe.instantiate(owner, {}).error).toBeUndefined();
});

describe("entry-point envelopes", () => {
  it("instantiate answers {ok: Response} with messages, attributes, events and data", () => {
    const fresh = probe.fresh();
    const res = fresh.instantiate(owner, {});
    expect(res.ok).toEqual({
      messages: [],
      attributes: [
        { key: "action", value: "instantiate" },
        { key: "owner", value: owner },
      ],
      events: [],
      data: null,
    });
  });

  it("a contract error answers {error} with the message, and its writes are discarded", () => {
    expect(probe.execute(alice, "fail")).toEqual({ error: "asked to fail" });
    expect(probe.execute(alice, "fail_after_write")).toEqual({ error: "failed after a write" });
    expect(probe.query("greeting").ok).toBe("hello");
  });

  it("a trap surfaces as a VM error carrying the abort message", () => {
    expect(() => probe.execute(alice, "trap")).toThrow(/asked to trap/);
  });

  it("a query answers {ok: base64} and a failing query {error}", () => {
    const raw = probe.queryRawEnvelope("greeting");
    expect(JSON.parse(raw)).toEqual({ ok: Buffer.from('"hello"').toString("base64") });
    expect(probe.query("fail")).toMatchObject({ error: "query failed on purpose" });
  });

  it("sudo returns data as base64", () => {
    const res = probe.sudo({});
    expect(res.ok?.data).toBe(Buffer.from("sudo-data").toString("base64"));
  });

  it("reply decodes success and error results", () => {
    const ok = probe.reply({ id: 17, payload: "", gas_used: 100, result: { ok: { events: [{ type: "wasm", attributes: [{ key: "a", value: "b" }] }], data: null, msg_responses: [] } } });
    expect(ok.ok?.attributes).toEqual([
      { key: "reply_id", value: "17" },
      { key: "reply_error", value: "none" },
      { key: "events", value: "1" },
    ]);
    const err = probe.reply({ id: 8, payload: "", gas_used: 0, result: { error: "codespace: wasm, code: 5" } });
    expect(err.ok?.attributes[1]).toEqual({ key: "reply_error", value: "codespace: wasm, code: 5" });
  });

  it("decodes Env: height, time, chain id, contract address, transaction index", () => {
    probe.block = { height: 4242, time: 1_700_000_000_123_456_789n, chainId: "localpersistence-1" };
    expect(probe.query("env").ok).toEqual({
      height: 4242,
      time: "1700000000123456789",
      chain_id: "localpersistence-1",
      contract: probe.address,
      transaction_index: null,
    });
  });

  it("rejects reserved attribute keys and too-short event types with a clear error", () => {
    expect(probe.execute(alice, { event: { type: "x" } })).toEqual({ error: "Event type too short: x" });
    expect(probe.execute(alice, { event: { type: "transfer" } }).ok?.events).toEqual([
      { type: "transfer", attributes: [{ key: "k", value: "v" }] },
    ]);
  });

  it("a global or heap value set in one call is gone in the next", () => {
    expect(probe.query("counter").ok).toBe(1);
    expect(probe.query("counter").ok).toBe(1);
  });
});

describe("storage: StorageMap order and pagination", () => {
  beforeEach(() => {
    for (const k of ["b", "a", "d", "c", "e", "aa"]) {
      expect(probe.execute(alice, { put: { key: k, value: k.toUpperCase() } }).error).toBeUndefined();
    }
  });

  it("iterates keys in byte order, ascending and descending", () => {
    expect(probe.query({ notes: {} }).ok).toEqual([
      ["a", "A"], ["aa", "AA"], ["b", "B"], ["c", "C"], ["d", "D"], ["e", "E"],
    ]);
    expect(probe.query({ notes: { descending: true } }).ok).toEqual([
      ["e", "E"], ["d", "D"], ["c", "C"], ["b", "B"], ["aa", "AA"], ["a", "A"],
    ]);
  });

  it("start_after is exclusive in both directions and limit caps the page", () => {
    expect(probe.query({ notes: { start_after: "a", limit: 2 } }).ok).toEqual([["aa", "AA"], ["b", "B"]]);
    expect(probe.query({ notes: { start_after: "c", descending: true, limit: 2 } }).ok).toEqual([["b", "B"], ["aa", "AA"]]);
    expect(probe.query({ notes: { start_after: "e" } }).ok).toEqual([]);
  });

  it("pages through everything without gaps or repeats", () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = probe.query({ notes: { start_after: after, limit: 4 } }).ok as string[][];
      if (page.length === 0) break;
      seen.push(...page.map((e) => e[0]));
      after = page[page.length - 1][0];
    }
    expect(seen).toEqual(["a", "aa", "b", "c", "d", "e"]);
  });

  it("caps the limit at the maximum and uses the default when absent", () => {
    for (let i = 0; i < 120; i++) probe.execute(alice, { put: { key: `k${String(i).padStart(3, "0")}`, value: "v" } });
    expect((probe.query({ notes: {} }).ok as unknown[]).length).toBe(10);
    expect((probe.query({ notes: { limit: 1000 } }).ok as unknown[]).length).toBe(100);
    expect(probe.query({ notes: { limit: 0 } }).ok).toEqual([]);
  });

  it("removes entries", () => {
    probe.execute(alice, { del: { key: "aa" } });
    expect((probe.query({ notes: {} }).ok as string[][]).map((e) => e[0])).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("stores keys byte-compatible with cw-storage-plus", () => {
    // Map "notes", key "a": u16be(5) ‖ "notes" ‖ "a"; the value is JSON.
    const key = Buffer.concat([Buffer.from([0, 5]), Buffer.from("notes"), Buffer.from("a")]);
    expect(Buffer.from(probe.storage.get(key) ?? []).toString()).toBe('"A"');
  });
});

describe("storage: composite keys and prefixes", () => {
  beforeEach(() => {
    for (const [a, b] of [["x", "2"], ["x", "1"], ["xy", "0"], ["y", "9"]]) {
      probe.execute(alice, { put_pair: { a, b, value: `${a}/${b}` } });
    }
  });

  it("a prefix scan returns only that prefix's entries, not a longer first element", () => {
    expect(probe.query({ pairs: { prefix: "x" } }).ok).toEqual([["1", "x/1"], ["2", "x/2"]]);
  });

  it("a full scan decodes both key elements, ordered by the length-prefixed bytes", () => {
    // As in cw-storage-plus: u16be(1) ‖ "y" sorts before u16be(2) ‖ "xy".
    expect(probe.query({ pairs: {} }).ok).toEqual([
      ["x", "1", "x/1"], ["x", "2", "x/2"], ["y", "9", "y/9"], ["xy", "0", "xy/0"],
    ]);
  });

  it("length-prefixes every element but the last", () => {
    const key = Buffer.concat([Buffer.from([0, 5]), Buffer.from("pairs"), Buffer.from([0, 1]), Buffer.from("x"), Buffer.from("1")]);
    expect(Buffer.from(probe.storage.get(key) ?? []).toString()).toBe('"x/1"');
  });
});

describe("storage: IndexedMap keeps its index in step", () => {
  it("lists tokens by owner, paginated, and follows burns", () => {
    for (const [id, o] of [["t3", alice], ["t1", alice], ["t2", bob], ["t4", alice]]) {
      expect(probe.execute(alice, { mint: { a: id, b: o, value: "" } }).error).toBeUndefined();
    }
    expect(probe.query({ tokens_by_owner: { owner: alice } }).ok).toEqual(["t1", "t3", "t4"]);
    expect(probe.query({ tokens_by_owner: { owner: alice, start_after: "t1", limit: 1 } }).ok).toEqual(["t3"]);
    expect(probe.query({ tokens_by_owner: { owner: bob } }).ok).toEqual(["t2"]);
    expect(probe.execute(alice, { give: { key: "t1", value: bob } }).error).toBeUndefined();
    expect(probe.query({ tokens_by_owner: { owner: bob } }).ok).toEqual(["t1", "t2"]);
    expect(probe.query({ tokens_by_owner: { owner: alice } }).ok).toEqual(["t3", "t4"]);
    probe.execute(bob, { give: { key: "t1", value: alice } });
    probe.execute(alice, { burn: { id: "t3" } });
    expect(probe.query({ tokens_by_owner: { owner: alice } }).ok).toEqual(["t1", "t4"]);
    expect(probe.execute(alice, { burn: { id: "t3" } })).toEqual({ error: "Token not found" });
  });
});

describe("recover scopes (beginRecover/endRecover)", () => {
  it("hand back the error recorded inside them, nested, and leave the call clean", () => {
    const ok = probe.execute(alice, { recover: { key: "", value: "12" } });
    expect(ok.ok?.attributes.slice(0, 2)).toEqual([
      { key: "inner", value: "none" },
      { key: "outer", value: "outer scope error" },
    ]);
    const bad = probe.execute(alice, { recover: { key: "", value: "x" } });
    expect(bad.error).toBeUndefined();
    expect(bad.ok?.attributes[0]).toEqual({ key: "inner", value: "invalid $t 'x' - Generic error: Parsing u128: invalid digit found in string" });
    expect(bad.ok?.attributes[1]).toEqual({ key: "outer", value: "outer scope error" });
  });

  it("cannot erase an error recorded before them", () => {
    expect(probe.execute(alice, { recover: { key: "the earlier error", value: "x" } })).toEqual({ error: "the earlier error" });
    expect(probe.execute(alice, { recover: { key: "the earlier error", value: "12" } })).toEqual({ error: "the earlier error" });
  });
});

describe("storage: IndexedMap with a UniqueIndex", () => {
  it("files one primary key per index value and refuses a second one, leaving state unchanged", () => {
    expect(probe.execute(alice, { claim_handle: { key: "ally", value: alice } }).error).toBeUndefined();
    expect(probe.execute(alice, { claim_handle: { key: "bobby", value: bob } }).error).toBeUndefined();
    expect(probe.query({ handle_of: { owner: alice } }).ok).toBe("ally");
    expect(probe.query({ handle_of: { owner: owner } }).ok).toBeNull();
    const before = snapshot(probe);
    expect(probe.execute(alice, { claim_handle: { key: "ally2", value: alice } })).toEqual({
      error: "Violates unique constraint on index: owner",
    });
    expect(probe.execute(alice, { move_handle: { key: "bobby", value: alice } })).toEqual({
      error: "Violates unique constraint on index: owner",
    });
    expect(snapshot(probe)).toEqual(before);
    expect(probe.query({ handle_of: { owner: bob } }).ok).toBe("bobby");
  });

  it("follows in-place updates and removals", () => {
    probe.execute(alice, { claim_handle: { key: "ally", value: alice } });
    expect(probe.execute(alice, { move_handle: { key: "ally", value: owner } }).error).toBeUndefined();
    expect(probe.query({ handle_of: { owner: alice } }).ok).toBeNull();
    expect(probe.query({ handle_of: { owner: owner } }).ok).toBe("ally");
    // Saving the same owner again keeps the entry (the index key did not change).
    expect(probe.execute(alice, { move_handle: { key: "ally", value: owner } }).error).toBeUndefined();
    expect(probe.query({ handle_of: { owner: owner } }).ok).toBe("ally");
    expect(probe.execute(alice, { drop_handle: { key: "ally" } }).error).toBeUndefined();
    expect(probe.query({ handle_of: { owner: owner } }).ok).toBeNull();
    // The owner is free to hold another handle now.
    expect(probe.execute(owner, { claim_handle: { key: "other", value: owner } }).error).toBeUndefined();
  });
});

describe("messages", () => {
  it("serializes wasm instantiate, wasm migrate and set_withdraw_address as cosmwasm-std does", () => {
    const msgs = probe.execute(alice, "emit").ok?.messages as Array<{ msg: unknown }>;
    const b64 = (s: string): string => Buffer.from(s).toString("base64");
    expect(msgs.map((m) => m.msg)).toEqual([
      { wasm: { instantiate: { admin: alice, code_id: 7, msg: b64("{}"), funds: [{ denom: "uxprt", amount: "5" }], label: "child" } } },
      { wasm: { instantiate: { admin: null, code_id: 8, msg: b64("{}"), funds: [], label: "orphan" } } },
      { wasm: { migrate: { contract_addr: probe.address, new_code_id: 9, msg: b64('{"v":2}') } } },
      { distribution: { set_withdraw_address: { address: alice } } },
    ]);
  });
});

describe("cw2 contract_info", () => {
  it("reads back what instantiate wrote", () => {
    expect(probe.query("contract_version").ok).toEqual({ contract: "crates.io:probe", version: "1.0.0" });
    expect(probe.fresh().query("contract_version").error).toBe("cw2::ContractVersion not found");
  });

  it("is written at instantiate under the raw key contract_info", () => {
    expect(JSON.parse(Buffer.from(probe.storage.get(Buffer.from("contract_info")) ?? []).toString())).toEqual({
      contract: "crates.io:probe",
      version: "1.0.0",
    });
  });

  it("allows upgrades and equal versions, refuses downgrades and bad versions", () => {
    expect(probe.migrate({ version: "1.2.0" }).ok?.attributes).toEqual([
      { key: "from_version", value: "1.0.0" },
      { key: "to_version", value: "1.2.0" },
    ]);
    expect(probe.migrate({ version: "1.1.9" })).toEqual({ error: "Cannot migrate from newer version 1.2.0 to older version 1.1.9" });
    expect(probe.migrate({ version: "1.2" }).error).toContain("Invalid version `1.2`");
    expect(probe.migrate({ version: "1.2.0" }).error).toBeUndefined();
  });
});

describe("two-step ownership", () => {
  it("transfers only when the pending owner accepts", () => {
    expect(probe.execute(alice, { update_ownership: { transfer_ownership: { new_owner: bob } } })).toEqual({
      error: "Caller is not the contract's current owner",
    });
    const t = probe.execute(owner, { update_ownership: { transfer_ownership: { new_owner: bob, expiry: null } } });
    expect(t.ok?.attributes).toContainEqual({ key: "pending_owner", value: bob });
    expect(probe.query("ownership").ok).toEqual({ owner, pending_owner: bob, pending_expiry: null });
    expect(probe.execute(alice, { update_ownership: "accept_ownership" })).toEqual({ error: "Caller is not the contract's pending owner" });
    expect(probe.execute(bob, { update_ownership: "accept_ownership" }).error).toBeUndefined();
    expect(probe.query("ownership").ok).toEqual({ owner: bob, pending_owner: null, pending_expiry: null });
    expect(probe.execute(owner, "owner_only")).toEqual({ error: "Caller is not the contract's current owner" });
    expect(probe.execute(bob, "owner_only").error).toBeUndefined();
  });

  it("an expired offer cannot be accepted", () => {
    probe.block = { ...probe.block, height: 100 };
    probe.execute(owner, { update_ownership: { transfer_ownership: { new_owner: bob, expiry: { at_height: 105 } } } });
    probe.block = { ...probe.block, height: 105 };
    expect(probe.execute(bob, { update_ownership: "accept_ownership" })).toEqual({
      error: "A pending ownership transfer exists but it has expired",
    });
  });

  it("rejects an invalid new owner address and an already expired expiry", () => {
    expect(probe.execute(owner, { update_ownership: { transfer_ownership: { new_owner: "not-an-address" } } }).error).toMatch(
      /^Invalid address `not-an-address`/,
    );
    probe.block = { ...probe.block, height: 50 };
    expect(probe.execute(owner, { update_ownership: { transfer_ownership: { new_owner: bob, expiry: { at_height: 10 } } } }).error).toBe(
      "A pending ownership transfer exists but it has expired",
    );
  });

  it("renouncing leaves no owner and no way back", () => {
    expect(probe.execute(owner, { update_ownership: "renounce_ownership" }).error).toBeUndefined();
    expect(probe.query("ownership").ok).toEqual({ owner: null, pending_owner: null, pending_expiry: null });
    expect(probe.execute(owner, "owner_only")).toEqual({ error: "Contract ownership has been renounced" });
  });

  it("accepting with nothing pending is an error", () => {
    expect(probe.execute(bob, { update_ownership: "accept_ownership" })).toEqual({ error: "There isn't a pending ownership transfer" });
  });
});

describe("funds helpers", () => {
  it("must_pay takes exactly one denom, non-zero", () => {
    expect(probe.execute(alice, "pay", [{ denom: "uxprt", amount: "5" }]).ok?.attributes[0]).toEqual({ key: "paid", value: "5" });
    expect(probe.execute(alice, "pay")).toEqual({ error: "No funds sent" });
    expect(probe.execute(alice, "pay", [{ denom: "uatom", amount: "5" }])).toEqual({ error: "Must send reserve token 'uxprt'" });
    expect(probe.execute(alice, "pay", [{ denom: "uxprt", amount: "5" }, { denom: "uatom", amount: "1" }])).toEqual({
      error: "Sent more than one denomination",
    });
  });

  it("nonpayable refuses any funds", () => {
    expect(probe.execute(alice, "free").error).toBeUndefined();
    expect(probe.execute(alice, "free", [{ denom: "uxprt", amount: "1" }])).toEqual({ error: "This message does no accept funds" });
  });
});

describe("querier", () => {
  it("sends a bank balance query and decodes the coin", () => {
    const seen: unknown[] = [];
    probe.querier = (req) => {
      seen.push(req);
      const ok = Buffer.from(JSON.stringify({ amount: { denom: "uxprt", amount: "42" } })).toString("base64");
      return { ok: { ok } };
    };
    expect(probe.query({ balance: { key: alice, value: "uxprt" } }).ok).toEqual({ denom: "uxprt", amount: "42" });
    expect(seen).toEqual([{ bank: { balance: { address: alice, denom: "uxprt" } } }]);
  });

  it("reports contract and system errors with cosmwasm-std's prefixes", () => {
    probe.querier = () => ({ ok: { error: "token not found" } });
    expect(probe.query({ smart: { key: bob, value: "{}" } }).error).toBe("Querier contract error: token not found");
    probe.querier = () => ({ error: { no_such_contract: { addr: bob } } });
    expect(probe.query({ smart: { key: bob, value: "{}" } }).error).toBe(
      `Querier system error: {"no_such_contract":{"addr":"${bob}"}}`,
    );
  });

  it("reads another contract's raw storage, empty when the key is absent", () => {
    const seen: unknown[] = [];
    probe.querier = (req) => {
      seen.push(req);
      const key = Buffer.from((req as { wasm: { raw: { key: string } } }).wasm.raw.key, "base64").toString();
      // wasmd answers a missing key with empty data.
      return { ok: { ok: key === "config" ? Buffer.from('{"a":1}').toString("base64") : "" } };
    };
    expect(probe.query({ wasm_raw: { key: bob, value: "config" } }).ok).toBe('{"a":1}');
    expect(probe.query({ wasm_raw: { key: bob, value: "nothing" } }).ok).toBe("");
    expect(seen[0]).toEqual({ wasm: { raw: { contract_addr: bob, key: Buffer.from("config").toString("base64") } } });
  });

  it("sends smart queries base64-encoded and returns the response JSON", () => {
    let sent: unknown;
    probe.querier = (req) => {
      sent = req;
      return { ok: { ok: Buffer.from('{"count":3}').toString("base64") } };
    };
    expect(probe.query({ smart: { key: bob, value: '{"num_tokens":{}}' } }).ok).toEqual({ count: 3 });
    expect(sent).toEqual({ wasm: { smart: { contract_addr: bob, msg: Buffer.from('{"num_tokens":{}}').toString("base64") } } });
  });
});

describe("regions", () => {
  it("allocate returns a Region with the asked capacity and zero length; deallocate accepts it", async () => {
    const { buildFixture } = await import("@persistence-ts/testing/fixtures");
    const { Wasm } = await import("@persistence-ts/simulator/vm/wasm-api");
    const env = new Proxy({}, { get: () => () => 0 });
    const instance = new Wasm.Instance(new Wasm.Module(buildFixture("probe")), { env });
    type Exports = { allocate(n: number): number; deallocate(p: number): void; memory: { buffer: ArrayBuffer } };
    const { allocate, deallocate, memory } = instance.exports as unknown as Exports;
    const ptrs = [0, 1, 100, 70000].map((n) => {
      const ptr = allocate(n);
      const [offset, capacity, length] = new Uint32Array(memory.buffer.slice(ptr, ptr + 12));
      expect(ptr).not.toBe(0);
      expect(offset).not.toBe(0);
      expect(capacity).toBe(n);
      expect(length).toBe(0);
      expect(offset + capacity).toBeLessThanOrEqual(memory.buffer.byteLength);
      return { ptr, offset, capacity };
    });
    // Regions never overlap: the VM may write into each of them.
    const sorted = [...ptrs].sort((a, b) => a.offset - b.offset);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].offset).toBeGreaterThanOrEqual(sorted[i - 1].offset + Math.max(1, sorted[i - 1].capacity));
    for (const p of ptrs) deallocate(p.ptr);
  });
});
