// Replies to submessages as wasmd v0.60.2 builds them (x/wasm/keeper/msg_dispatcher.go
// DispatchSubmessages, keeper.go reply, wasmvm types/submessages.go): the exact bytes the contract's
// `reply` receives, what is charged for them, and the transaction's events around them.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MsgUndelegateResponse, MsgBeginRedelegateResponse } from "cosmjs-types/cosmos/staking/v1beta1/tx";
import { MsgWithdrawDelegatorRewardResponse } from "cosmjs-types/cosmos/distribution/v1beta1/tx";
import { App } from "@persistence-ts/simulator/app/app";
import { TxGasMeter } from "@persistence-ts/simulator/app/gas";
import { goJson } from "@persistence-ts/simulator/app/go-json";
import { bech32Encode, makeAddress } from "@persistence-ts/simulator/vm/api";
import { WasmHost } from "@persistence-ts/simulator/vm/host";
import { buildFixture } from "@persistence-ts/testing/fixtures";

const alice = makeAddress("alice");
const bob = makeAddress("bob");
const val1 = bech32Encode("persistencevaloper", new Uint8Array(20).fill(7));
const val2 = bech32Encode("persistencevaloper", new Uint8Array(20).fill(9));
const DAY = 86_400n;
const UNBONDING = 21n * DAY * 1_000_000_000n;
const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");
const b64json = (v: unknown) => b64(Buffer.from(JSON.stringify(v)));
const uxprt = (amount: bigint | number) => ({ denom: "uxprt", amount: amount.toString() });

/** lst-accounting.md §4's worked case: completion 2026-01-22T12:00:00.5Z, 30021000uxprt. */
const COMPLETION = BigInt(Date.parse("2026-01-22T12:00:00Z")) * 1_000_000n + 500_000_000n;
const KNOWN_UNDELEGATE_RESPONSE = "CgwIwKLIywYQgMq17gESEQoFdXhwcnQSCDMwMDIxMDAw";

let app: App;
let probe: string;
/** The Reply JSON of every `reply` call, in order. */
let replies: string[];

beforeEach(() => {
  // genesis such that an undelegation in the first block completes at COMPLETION
  app = new App({ genesisTime: COMPLETION - UNBONDING });
  app.addValidator({ address: val1, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
  app.addValidator({ address: val2, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
  app.mint(alice, [uxprt(1_000_000_000)]);
  probe = app.instantiate(alice, app.storeCode(alice, buildFixture("probe")).codeId, {}, "probe", [], alice).contractAddress;
  app.execute(alice, probe, "pay", [uxprt(500_000_000)]);
  replies = [];
  const call = WasmHost.prototype.call;
  vi.spyOn(WasmHost.prototype, "call").mockImplementation(function (this: WasmHost, ...args: Parameters<WasmHost["call"]>) {
    if (args[1] === "reply") replies.push(Buffer.from(args[2][1]).toString("utf8"));
    return call.apply(this, args);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The probe sends `msg` as a submessage with the given id and reply_on. */
const sub = (msg: unknown, id: number, reply_on = "success") => app.execute(alice, probe, { sub: { msg, id, reply_on } });
const staking = (msg: unknown) => ({ staking: msg });

describe("a reply to a staking or distribution submessage", () => {
  it("undelegate: msg_responses holds the MsgUndelegateResponse, data the same bytes, no events, gas_used 0", () => {
    app.execute(alice, probe, { delegate: { key: val1, value: "100000000" } });
    const res = sub(staking({ undelegate: { validator: val1, amount: uxprt(30_021_000) } }), 3);
    expect(replies).toEqual([
      `{"gas_used":0,"id":3,"result":{"ok":{"events":[],"data":"${KNOWN_UNDELEGATE_RESPONSE}","msg_responses":[{"type_url":"/cosmos.staking.v1beta1.MsgUndelegateResponse","value":"${KNOWN_UNDELEGATE_RESPONSE}"}]}}}`,
    ]);
    // the transaction's events keep the module's events (and their order): only the reply drops them
    expect(res.events.map((e) => e.type)).toContain("unbond");
    const unbond = res.events.find((e) => e.type === "unbond")!;
    expect(unbond.attributes.map((a) => a.key)).toEqual(["validator", "delegator", "amount", "completion_time"]);
  });

  it("redelegate: MsgBeginRedelegateResponse carries the completion time", () => {
    app.execute(alice, probe, { delegate: { key: val1, value: "100000000" } });
    app.advanceTime(60);
    sub(staking({ redelegate: { src_validator: val1, dst_validator: val2, amount: uxprt(1_000_000) } }), 4);
    const ok = JSON.parse(replies[0]).result.ok;
    expect(ok.events).toEqual([]);
    expect(ok.msg_responses[0].type_url).toBe("/cosmos.staking.v1beta1.MsgBeginRedelegateResponse");
    const decoded = MsgBeginRedelegateResponse.decode(Buffer.from(ok.msg_responses[0].value, "base64"));
    expect(decoded.completionTime).toEqual({ seconds: (COMPLETION + 60_000_000_000n) / 1_000_000_000n, nanos: 500_000_000 });
  });

  it("delegate: an empty MsgDelegateResponse (value \"\") and no data field", () => {
    sub(staking({ delegate: { validator: val1, amount: uxprt(5) } }), 5);
    expect(replies).toEqual([`{"gas_used":0,"id":5,"result":{"ok":{"events":[],"msg_responses":[{"type_url":"/cosmos.staking.v1beta1.MsgDelegateResponse","value":""}]}}}`]);
  });

  it("withdraw rewards: the coins paid; nothing to pay is one zero coin of the SDK's fallback denom", () => {
    app.execute(alice, probe, { delegate: { key: val1, value: "100000000" } });
    sub({ distribution: { withdraw_delegator_reward: { validator: val1 } } }, 6);
    app.advanceTime(365 * 86_400);
    const before = app.balance(probe, "uxprt");
    sub({ distribution: { withdraw_delegator_reward: { validator: val1 } } }, 8);
    const paid = app.balance(probe, "uxprt") - before;
    expect(paid).toBe(9_500_000n); // 10 % APR less 5 % commission
    const amounts = replies.map((r) => {
      const ok = JSON.parse(r).result.ok;
      expect(ok.msg_responses[0].type_url).toBe("/cosmos.distribution.v1beta1.MsgWithdrawDelegatorRewardResponse");
      expect(ok.data).toBe(ok.msg_responses[0].value);
      return MsgWithdrawDelegatorRewardResponse.decode(Buffer.from(ok.data, "base64")).amount;
    });
    expect(amounts).toEqual([[{ denom: "stake", amount: "0" }], [uxprt(paid)]]);
  });

  it("bank send: MsgSendResponse, no events", () => {
    sub({ bank: { send: { to_address: bob, amount: [uxprt(1)] } } }, 9);
    expect(replies).toEqual([`{"gas_used":0,"id":9,"result":{"ok":{"events":[],"msg_responses":[{"type_url":"/cosmos.bank.v1beta1.MsgSendResponse","value":""}]}}}`]);
  });

  it("is charged the discounted instance cost only: no event costs for the events it does not carry", () => {
    const charged: Array<[string, number]> = [];
    const consume = TxGasMeter.prototype.consume;
    vi.spyOn(TxGasMeter.prototype, "consume").mockImplementation(function (this: TxGasMeter, amount: number, descriptor: string) {
      charged.push([descriptor, amount]);
      return consume.call(this, amount, descriptor);
    });
    sub({ bank: { send: { to_address: bob, amount: [uxprt(1)] } } }, 9);
    app.execute(alice, probe, { delegate: { key: val1, value: "1000" } });
    sub(staking({ undelegate: { validator: val1, amount: uxprt(10) } }), 10);
    expect(charged.filter(([d]) => d === "Loading CosmWasm module: reply").map(([, g]) => g)).toEqual([2_000, 2_000]);
  });

  it("an error is redacted to its codespace and code (x/staking ErrNoDelegation: staking, 19)", () => {
    sub(staking({ undelegate: { validator: val1, amount: uxprt(10) } }), 11, "error");
    expect(replies).toEqual([`{"gas_used":0,"id":11,"result":{"error":"codespace: staking, code: 19"}}`]);
  });
});

describe("a reply to a wasm submessage", () => {
  const selfExec = (msg: unknown) => ({ wasm: { execute: { contract_addr: probe, msg: b64json(msg), funds: [] } } });

  it("data is the MsgExecuteContractResponse wrapping the contract's data", () => {
    const inner = { sub: { msg: selfExec({ put: { key: "k", value: "v" } }), id: 1, reply_on: "never" } };
    sub(selfExec(inner), 12);
    const ok = JSON.parse(replies[0]).result.ok;
    // the inner call set "parent-data": MsgExecuteContractResponse{data = 1: "parent-data"}
    const wrapped = Buffer.concat([Buffer.from([0x0a, 11]), Buffer.from("parent-data")]).toString("base64");
    expect(ok.data).toBe(wrapped);
    expect(ok.msg_responses).toEqual([{ type_url: "/cosmwasm.wasm.v1.MsgExecuteContractResponse", value: wrapped }]);
  });

  it("carries the submessage's events with attributes sorted by key, in the transaction's events too", () => {
    const pay = { wasm: { execute: { contract_addr: probe, msg: b64json("pay"), funds: [uxprt(7)] } } };
    const res = sub(pay, 14);
    const ok = JSON.parse(replies[0]).result.ok;
    expect(ok.events.map((e: { type: string }) => e.type)).toEqual(["coin_spent", "coin_received", "transfer", "execute", "wasm"]);
    const transfer = ok.events[2];
    expect(transfer.attributes).toEqual([
      { key: "amount", value: "7uxprt" },
      { key: "recipient", value: probe },
      { key: "sender", value: probe },
    ]);
    expect(ok.events[4].attributes.map((a: { key: string }) => a.key)).toEqual(["_contract_address", "paid", "sender"]);
    // wasmd sorts the attribute slices it shares with the transaction's events
    expect(res.events.slice(2, 7)).toEqual(ok.events);
    // an empty msg_responses value and no data: the pay call returned none
    expect(ok.msg_responses).toEqual([{ type_url: "/cosmwasm.wasm.v1.MsgExecuteContractResponse", value: "" }]);
    expect("data" in ok).toBe(false);
  });
});

describe("goJson writes what Go's encoding/json writes", () => {
  it("escapes HTML characters, U+2028/2029 and control characters as Go does", () => {
    expect(goJson({ k: "<a&b>\u2028\u2029\u0001\b\f\n\r\t\"\\é" })).toBe('{"k":"\\u003ca\\u0026b\\u003e\\u2028\\u2029\\u0001\\b\\f\\n\\r\\t\\"\\\\é"}');
    expect(goJson({ lone: "x\ud800y", pair: "😀" })).toBe('{"lone":"x\ufffdy","pair":"😀"}');
    expect(goJson({ a: [1, null, true], b: undefined })).toBe('{"a":[1,null,true]}');
  });
});

describe("MsgUndelegateResponse", () => {
  it("decodes to the entry's completion time and amount (the lst-accounting.md worked case)", () => {
    const d = MsgUndelegateResponse.decode(Buffer.from(KNOWN_UNDELEGATE_RESPONSE, "base64"));
    expect(d).toEqual({ completionTime: { seconds: COMPLETION / 1_000_000_000n, nanos: 500_000_000 }, amount: uxprt(30_021_000) });
  });
});

describe("a submessage's gas_limit (msg_dispatcher.go dispatchMsgWithGasLimit)", () => {
  let recorder: string;
  const lastReply = () => Buffer.from(app.queryRaw(recorder, Buffer.from("last_reply")) ?? []).toString("utf8");
  const selfExec = (msg: unknown) => ({ wasm: { execute: { contract_addr: recorder, msg: b64json(msg), funds: [] } } });

  beforeEach(() => {
    recorder = app.instantiate(alice, app.storeCode(alice, buildFixture("recorder")).codeId, {}, "recorder").contractAddress;
  });

  it("running out of it is an error a reply_on error reply catches; the whole limit is charged", () => {
    const charged: Array<[string, number]> = [];
    const consume = TxGasMeter.prototype.consume;
    vi.spyOn(TxGasMeter.prototype, "consume").mockImplementation(function (this: TxGasMeter, amount: number, descriptor: string) {
      charged.push([descriptor, amount]);
      return consume.call(this, amount, descriptor);
    });
    // the call into itself costs ~6,800 (the code is loaded: 2,000 for the instance)
    app.execute(alice, recorder, { sub: { msg: selfExec("noop"), id: 1, reply_on: "error", gas_limit: 2_000 } });
    expect(lastReply()).toBe('{"gas_used":0,"id":1,"result":{"error":"codespace: sdk, code: 11"}}');
    expect(charged.filter(([d]) => d.startsWith("Sub-Message OutOfGas")).map(([, g]) => g)).toEqual([2_000]);
    charged.length = 0;
    app.execute(alice, recorder, { sub: { msg: selfExec("noop"), id: 2, reply_on: "error", gas_limit: 500_000 } });
    const used = charged.filter(([d]) => d === "From limited Sub-Message").map(([, g]) => g);
    expect(used).toHaveLength(1);
    expect(used[0]).toBeGreaterThan(2_000);
    expect(used[0]).toBeLessThan(500_000);
  });

  it("with reply_on never or success the error fails the transaction, as an error (not a panic)", () => {
    expect(() => app.execute(alice, recorder, { sub: { msg: selfExec("noop"), id: 3, reply_on: "success", gas_limit: 2_000 } })).toThrow(
      "failed to execute message; message index: 0: SubMsg hit gas limit: out of gas",
    );
  });

  it("a limit above what the transaction has left is ignored: running out is the transaction's (never caught)", () => {
    // ~65,000 before the submessage, which needs ~6,800 of the 5,000 left
    expect(() => app.execute(alice, recorder, { sub: { msg: selfExec("noop"), id: 4, reply_on: "error", gas_limit: 10_000_000 } }, [], 70_000)).toThrow(/out of gas in location/);
    expect(lastReply()).toBe("");
  });
});
