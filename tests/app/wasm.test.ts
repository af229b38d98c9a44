// The simulated chain's wasm module with a real contract: upload checks, addresses, events,
// funds, submessages with every reply_on, revert rules, admin and migration, the querier.
import { beforeEach, describe, expect, it } from "vitest";
import { App, TxError } from "@persistence-ts/simulator/app/app";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { buildFixture } from "@persistence-ts/testing/fixtures";

const alice = makeAddress("alice");
const bob = makeAddress("bob");
const b64json = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64");
const fromB64 = (s: string | null) => (s === null ? null : Buffer.from(s, "base64").toString());

let app: App;
let codeId: number;
let probe: string;

beforeEach(() => {
  app = new App();
  app.mint(alice, [{ denom: "uxprt", amount: "1000000" }]);
  codeId = app.storeCode(alice, buildFixture("probe")).codeId;
  probe = app.instantiate(alice, codeId, {}, "probe", [], alice).contractAddress;
});

/** The note the probe stored under `key`, via a raw query of its storage. */
function note(key: string): string | undefined {
  const k = Buffer.concat([Buffer.from([0, 5]), Buffer.from("notes"), Buffer.from(key)]);
  const v = app.queryRaw(probe, k);
  return v === undefined ? undefined : JSON.parse(Buffer.from(v).toString());
}

function subMsg(msg: unknown, id: number, reply_on: string) {
  return { sub: { msg, id, reply_on } };
}

const selfExec = (contract: string, msg: unknown) => ({ wasm: { execute: { contract_addr: contract, msg: b64json(msg), funds: [] } } });

describe("upload and instantiate", () => {
  it("derives wasmd's classic 32-byte contract address and numbers codes from 1", () => {
    expect(codeId).toBe(1);
    expect(probe).toMatch(/^persistence1[0-9a-z]{58}$/);
    const second = app.instantiate(alice, codeId, {}, "probe-2").contractAddress;
    expect(second).not.toBe(probe);
  });

  it("refuses code the chain refuses, naming the rule", () => {
    const bad = Buffer.from(buildFixture("probe"));
    // Rename the `allocate` export so the required export is missing.
    const i = bad.indexOf(Buffer.from("allocate"));
    bad.write("allocatX", i);
    expect(() => app.storeCode(alice, new Uint8Array(bad))).toThrow(/required-export.*create wasm contract failed/);
  });

  it("emits instantiate and wasm events with the contract address first", () => {
    const res = app.instantiate(alice, codeId, {}, "probe-3");
    expect(res.events[0]).toEqual({ type: "instantiate", attributes: [{ key: "_contract_address", value: res.contractAddress }, { key: "code_id", value: "1" }] });
    expect(res.events[1].type).toBe("wasm");
    expect(res.events[1].attributes[0]).toEqual({ key: "_contract_address", value: res.contractAddress });
  });

  it("requires a label", () => {
    expect(() => app.instantiate(alice, codeId, {}, "")).toThrow(/label is required/);
  });
});

describe("execute", () => {
  it("moves attached funds to the contract before running it", () => {
    const res = app.execute(alice, probe, "pay", [{ denom: "uxprt", amount: "250" }]);
    expect(app.balance(probe, "uxprt")).toBe(250n);
    expect(app.balance(alice, "uxprt")).toBe(999750n);
    expect(res.events.map((e) => e.type)).toEqual(["coin_spent", "coin_received", "transfer", "execute", "wasm"]);
    expect(res.gasUsed).toBeGreaterThan(60_000);
  });

  it("a contract error fails the transaction with wasmd's log and reverts funds and writes", () => {
    let err: TxError | undefined;
    try {
      app.execute(alice, probe, "fail_after_write", [{ denom: "uxprt", amount: "5" }]);
    } catch (e) {
      err = e as TxError;
    }
    expect(err).toBeInstanceOf(TxError);
    expect(err!.log).toBe("failed to execute message; message index: 0: failed after a write: execute wasm contract failed");
    expect([err!.codespace, err!.code]).toEqual(["wasm", 5]);
    expect(app.balance(alice, "uxprt")).toBe(1000000n);
    expect(app.query(probe, "greeting")).toBe("hello");
  });

  it("insufficient funds fail with the bank's error", () => {
    expect(() => app.execute(bob, probe, "pay", [{ denom: "uxprt", amount: "5" }])).toThrow(/0uxprt is smaller than 5uxprt: insufficient funds/);
  });

  it("a trap fails the transaction and reports the abort message as a VM error (wasm 29, keeper.go ErrVMError)", () => {
    expect(() => app.execute(alice, probe, "trap")).toThrow(
      "failed to execute message; message index: 0: Error calling the VM: Error executing Wasm: Wasmer runtime error: RuntimeError: Aborted: asked to trap: wasmvm error",
    );
    const err = (() => {
      try {
        app.execute(alice, probe, "trap");
      } catch (e) {
        return e as TxError;
      }
    })();
    expect([err?.codespace, err?.code]).toEqual(["wasm", 29]);
  });

  it("an out-of-gas transaction is reverted", () => {
    expect(() => app.execute(alice, probe, { put: { key: "k", value: "v" } }, [], 50_000)).toThrow(/out of gas/);
    expect(note("k")).toBeUndefined();
  });

  it("a query to an unknown contract fails clearly", () => {
    expect(() => app.query(bob, "greeting")).toThrow(/no such contract/);
  });
});

describe("submessages", () => {
  it("reply_on never: a failing submessage fails the whole transaction, parent writes included", () => {
    expect(() => app.execute(alice, probe, subMsg(selfExec(probe, "fail"), 1, "never"))).toThrow(/asked to fail/);
    expect(note("parent")).toBeUndefined();
  });

  it("reply_on error: only the submessage's writes are reverted; reply sees the contract's error (deterministic, not redacted)", () => {
    const res = app.execute(alice, probe, subMsg(selfExec(probe, "fail_after_write"), 2, "error"));
    expect(note("parent")).toBe("written");
    expect(app.query(probe, "greeting")).toBe("hello");
    expect(note("reply:2")).toBe("failed after a write: execute wasm contract failed");
    expect(res.events.map((e) => e.type)).toEqual(["execute", "wasm", "reply", "wasm"]);
  });

  it("reply_on success: reply runs after success and not after an error", () => {
    app.execute(alice, probe, subMsg(selfExec(probe, { put: { key: "child", value: "c" } }), 3, "success"));
    expect(note("child")).toBe("c");
    expect(note("reply:3")).toBe("ok");
    expect(() => app.execute(alice, probe, subMsg(selfExec(probe, "fail"), 4, "success"))).toThrow(/asked to fail/);
    expect(note("reply:4")).toBeUndefined();
  });

  it("reply_on always: reply runs on both outcomes", () => {
    app.execute(alice, probe, subMsg(selfExec(probe, "fail"), 5, "always"));
    expect(note("reply:5")).toBe("asked to fail: execute wasm contract failed");
    app.execute(alice, probe, subMsg({ bank: { send: { to_address: bob, amount: [] } } }, 6, "always"));
    expect(note("reply:6")).toBe("ok");
  });

  it("data from a reply replaces the parent's data; otherwise the parent's stays", () => {
    expect(fromB64(app.execute(alice, probe, subMsg(selfExec(probe, { put: { key: "a", value: "b" } }), 7, "success")).data)).toBe("reply-data");
    expect(fromB64(app.execute(alice, probe, subMsg(selfExec(probe, { put: { key: "a", value: "b" } }), 8, "success")).data)).toBe("parent-data");
  });

  it("a failing reply fails the whole transaction", () => {
    expect(() => app.execute(alice, probe, subMsg(selfExec(probe, "free"), 99, "always"))).toThrow(
      "failed to execute message; message index: 0: reply: reply refused: execute wasm contract failed",
    );
    expect(note("parent")).toBeUndefined();
  });

  it("redaction (msg_dispatcher.go redactError): a contract's error reaches a reply as it is only straight from the keeper", () => {
    // execute returns its submessages' errors unwrapped: the inner contract's error passes through
    const nested = { sub: { msg: selfExec(probe, "fail"), id: 1, reply_on: "never" } };
    app.execute(alice, probe, subMsg(selfExec(probe, nested), 10, "error"));
    expect(note("reply:10")).toBe("asked to fail: execute wasm contract failed");
    // a failing reply is wrapped ("reply: …"): no longer deterministic, redacted to its code
    app.execute(alice, probe, subMsg(selfExec(probe, { sub: { msg: selfExec(probe, "free"), id: 99, reply_on: "always" } }), 11, "error"));
    expect(note("reply:11")).toBe("codespace: wasm, code: 5");
    // an SDK error (the funds of an instantiation the probe does not have) is redacted to its code
    const instantiate = { wasm: { instantiate: { admin: null, code_id: codeId, msg: b64json({}), funds: [{ denom: "uxprt", amount: "1" }], label: "x" } } };
    app.execute(alice, probe, subMsg(instantiate, 12, "error"));
    expect(note("reply:12")).toBe("codespace: sdk, code: 5");
  });

  it("a bank send from the contract moves its funds", () => {
    app.execute(alice, probe, "pay", [{ denom: "uxprt", amount: "100" }]);
    app.execute(alice, probe, subMsg({ bank: { send: { to_address: bob, amount: [{ denom: "uxprt", amount: "60" }] } } }, 9, "never"));
    expect(app.balance(bob, "uxprt")).toBe(60n);
    expect(app.balance(probe, "uxprt")).toBe(40n);
  });
});

describe("migrate and admin", () => {
  it("only the admin migrates; cw2 rules apply through the contract", () => {
    // keeper.go migrate: the contract record is read (and charged) before the check
    expect(() => app.migrate(bob, probe, codeId, { version: "2.0.0" })).toThrow("failed to execute message; message index: 0: can not migrate: unauthorized");
    const res = app.migrate(alice, probe, codeId, { version: "2.0.0" });
    expect(res.events[0]).toEqual({ type: "migrate", attributes: [{ key: "code_id", value: "1" }, { key: "_contract_address", value: probe }] });
    expect(() => app.migrate(alice, probe, codeId, { version: "1.0.0" })).toThrow(/Cannot migrate from newer version/);
  });

  it("clear_admin leaves no one able to migrate", () => {
    const cleared = app.send(alice, { wasm: { clear_admin: { contract_addr: probe } } });
    // keeper.go setContractAdmin: an update_contract_admin event with an empty new admin
    expect(cleared.events).toEqual([{ type: "update_contract_admin", attributes: [{ key: "_contract_address", value: probe }, { key: "new_admin_address", value: "" }] }]);
    expect(() => app.migrate(alice, probe, codeId, { version: "2.0.0" })).toThrow(/can not migrate: unauthorized/);
    expect(() => app.send(alice, { wasm: { clear_admin: { contract_addr: probe } } })).toThrow(/can not modify contract: unauthorized/);
  });
});

describe("the contracts' querier", () => {
  it("answers bank balances and smart queries to other contracts", () => {
    app.mint(bob, [{ denom: "uatom", amount: "77" }]);
    expect(app.query(probe, { balance: { key: bob, value: "uatom" } })).toEqual({ denom: "uatom", amount: "77" });
    const other = app.instantiate(alice, codeId, {}, "other").contractAddress;
    expect(app.query(probe, { smart: { key: other, value: JSON.stringify("greeting") } })).toBe("hello");
    expect(() => app.query(probe, { smart: { key: other, value: JSON.stringify("fail") } })).toThrow(
      "Querier contract error: query failed on purpose: query wasm contract failed",
    );
    expect(() => app.query(probe, { smart: { key: bob, value: "{}" } })).toThrow(/Querier system error: \{"no_such_contract"/);
  });
});
