// The simulator as the chain behaves, for the differences issue 18 found by running contracts
// nobody here wrote on both (tests/fidelity, `npm run test:fidelity`, compares everything against a
// localnet). Each case names the wasmd v0.60.2 / cosmos-sdk v0.53.4 / wasmvm v2.2.4 source it follows;
// figures "measured on the localnet" come from bench/results/fidelity.json.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MsgSend } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import { ACCOUNT_BALANCE, accounts } from "../../chain/localnet";
import { App, TxError, UNSIGNED } from "@persistence-ts/simulator/app/app";
import { WASM_COSTS, WASM_KEYS, codeInfoBytes, contractInfoBytes, kv } from "@persistence-ts/simulator/app/gas";
import { goJson } from "@persistence-ts/simulator/app/go-json";
import { NOT_BONDED_POOL, stakingParams } from "@persistence-ts/simulator/app/staking";
import { QueryError, SimulatorClient } from "@persistence-ts/simulator/client";
import { bech32Encode, makeAddress } from "@persistence-ts/simulator/vm/api";
import { WasmHost } from "@persistence-ts/simulator/vm/host";
import { buildFixture } from "@persistence-ts/testing/fixtures";

const alice = makeAddress("alice");
const val = bech32Encode("persistencevaloper", new Uint8Array(20).fill(7));
const uxprt = (amount: bigint | number) => ({ denom: "uxprt", amount: amount.toString() });
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64");
const FEE = { amount: [uxprt(100_000)], gas: "4000000" };

/** The error a call throws. */
function thrown(f: () => unknown): TxError {
  try {
    f();
  } catch (e) {
    return e as TxError;
  }
  throw new Error("did not throw");
}

describe("signed transactions as the localnet reports them (items 1, 2, 14, 28)", () => {
  it("the bank steps of the fidelity run: events, data, logs and gas to the unit", async () => {
    // the localnet's genesis: test accounts user0..9 numbered 0..9 (account 0's record has no number field)
    const users = await accounts(0, 4);
    const app = new App();
    for (const u of users) app.mint(u, [uxprt(ACCOUNT_BALANCE)]);
    const client = new SimulatorClient(app);
    const send = (from: string, to: string, amount: bigint | number) => ({ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: from, toAddress: to, amount: [uxprt(amount)] } });
    const [u0, u1, u2] = users;
    const fresh = makeAddress("fidelity: fresh account");
    const gas = async (from: string, msgs: ReturnType<typeof send>[], memo = "") => {
      const r = await client.signAndBroadcast(from, msgs, FEE, memo);
      return { r, gas: Number(r.gasUsed) };
    };
    // measured on the localnet (tests/fidelity "bank" scenario)
    expect((await gas(u0, [send(u0, u1, 1_000_000)])).gas).toBe(85_110); // account 0's first transaction: sets its key
    expect((await gas(u0, [send(u0, u2, 1)])).gas).toBe(71_770);
    expect((await gas(u1, [send(u1, fresh, 5_000_000)])).gas).toBe(99_018); // SendCoins creates the account
    const two = await gas(u2, [send(u2, u0, 7), send(u2, u1, 8)], "fidelity");
    expect(two.gas).toBe(108_763);
    const failed = await gas(u2, [send(u2, u0, 10n ** 15n)]);
    expect(failed.gas).toBe(57_859); // charged what x/bank read up to the balance that falls short
    const second = await gas(u1, [send(u1, u0, 1), send(u1, u0, 10n ** 15n)]);
    expect(second.gas).toBe(80_256);

    const lines = two.r.events.map((e) => `${e.type}: ${e.attributes.map((a) => `${a.key}=${a.value}`).join(", ")}`);
    const feeCollector = app.moduleAddress("fee_collector");
    expect(lines).toEqual([
      `coin_spent: spender=${u2}, amount=100000uxprt`,
      `coin_received: receiver=${feeCollector}, amount=100000uxprt`,
      `transfer: recipient=${feeCollector}, sender=${u2}, amount=100000uxprt`,
      `message: sender=${u2}`,
      `tx: fee=100000uxprt, fee_payer=${u2}`,
      `tx: acc_seq=${u2}/0`,
      `tx: signature=${UNSIGNED}`,
      `message: action=/cosmos.bank.v1beta1.MsgSend, sender=${u2}, module=bank, msg_index=0`,
      `coin_spent: spender=${u2}, amount=7uxprt, msg_index=0`,
      `coin_received: receiver=${u0}, amount=7uxprt, msg_index=0`,
      `transfer: recipient=${u0}, sender=${u2}, amount=7uxprt, msg_index=0`,
      `message: sender=${u2}, msg_index=0`,
      `message: action=/cosmos.bank.v1beta1.MsgSend, sender=${u2}, module=bank, msg_index=1`,
      `coin_spent: spender=${u2}, amount=8uxprt, msg_index=1`,
      `coin_received: receiver=${u1}, amount=8uxprt, msg_index=1`,
      `transfer: recipient=${u1}, sender=${u2}, amount=8uxprt, msg_index=1`,
      `message: sender=${u2}, msg_index=1`,
    ]);
    expect(two.r.msgResponses.map((m) => m.typeUrl)).toEqual(["/cosmos.bank.v1beta1.MsgSendResponse", "/cosmos.bank.v1beta1.MsgSendResponse"]);
    expect(TxMsgData.decode(two.r.txMsgData).msgResponses).toHaveLength(2);
    // a failed transaction is returned, not thrown (as @cosmjs's signAndBroadcast), with the ante events only
    expect([second.r.code, second.r.codespace]).toEqual([5, "sdk"]);
    expect(second.r.rawLog).toBe("failed to execute message; message index: 1: spendable balance 9999995800007uxprt is smaller than 1000000000000000uxprt: insufficient funds");
    expect(second.r.events).toHaveLength(7);
    expect(second.r.msgResponses).toEqual([]);
  });

  it("SimulatorClient's helpers throw as @cosmjs's do; query errors in @cosmjs's shape", async () => {
    const app = new App();
    app.mint(alice, [uxprt(10_000_000)]);
    const client = new SimulatorClient(app);
    const { codeId } = await client.upload(alice, buildFixture("probe"), FEE);
    const { contractAddress } = await client.instantiate(alice, codeId, {}, "probe", FEE);
    const err = (await client.execute(alice, contractAddress, "fail" as never, FEE).then(
      () => undefined,
      (e: TxError) => e,
    )) as TxError;
    expect(err).toBeInstanceOf(TxError);
    expect(err.message).toMatch(/^Error when broadcasting tx [0-9A-F]{64} at height \d+\. Code: 5; Raw log: failed to execute message; message index: 0: .*: execute wasm contract failed$/);
    expect(err.log).toMatch(/^failed to execute message; message index: 0: /);
    // the localnet: "Query failed with (6): address X: no such contract: unknown request"
    const q = (await client.queryContractSmart(alice, {}).then(
      () => undefined,
      (e: QueryError) => e,
    )) as QueryError;
    expect(q).toBeInstanceOf(QueryError);
    expect(q.message).toBe(`Query failed with (6): address ${alice}: no such contract: unknown request`);
  });
});

describe("contract calls (items 3, 4, 5)", () => {
  let app: App;
  let recorder: string;
  let probe: string;
  beforeEach(() => {
    app = new App();
    app.mint(alice, [uxprt(10n ** 12n)]);
    recorder = app.instantiate(alice, app.storeCode(alice, buildFixture("recorder")).codeId, {}, "recorder").contractAddress;
    probe = app.instantiate(alice, app.storeCode(alice, buildFixture("probe")).codeId, {}, "probe").contractAddress;
  });

  it("a VM error is wasm 29, redacted to its code in a reply", () => {
    const e = thrown(() => app.execute(alice, probe, "trap"));
    expect([e.codespace, e.code]).toEqual(["wasm", 29]);
    app.execute(alice, recorder, { sub: { msg: { wasm: { execute: { contract_addr: probe, msg: b64("trap"), funds: [] } } }, id: 4, reply_on: "error" } });
    expect(Buffer.from(app.queryRaw(recorder, Buffer.from("last_reply"))!).toString()).toBe('{"gas_used":0,"id":4,"result":{"error":"codespace: wasm, code: 29"}}');
  });

  it("running out of gas in the VM takes the whole limit: the Wasm engine's out of gas", () => {
    const info = app.wasm.contractInfo(app.store, recorder)!;
    const code = app.wasm.code(info.code_id);
    // the router's circuit check, contractInstance's reads, the pinned check, the instance: then 5 gas for the VM
    const limit = 1_000 + kv.read(WASM_KEYS.contract(recorder), contractInfoBytes(info)) + kv.read(WASM_KEYS.code, codeInfoBytes(code.creator)) + kv.has() + WASM_COSTS.instance + 5;
    const e = thrown(() => app.execute(alice, recorder, "noop", [], { gasLimit: limit }));
    expect([e.codespace, e.code, e.gasUsed]).toEqual(["sdk", 11, limit]);
    expect(e.message).toBe(`out of gas in location: Wasm engine function execution; gasWanted: ${limit}, gasUsed: ${limit}: out of gas`);
  });

  it("a contract executing itself stops at wasmd's call depth 100 (wasm 30)", () => {
    const e = thrown(() => app.execute(alice, recorder, "loop", [], { gasLimit: 10_000_000 }));
    expect([e.codespace, e.code, e.message]).toEqual(["wasm", 30, "failed to execute message; message index: 0: max call depth exceeded"]);
  });

  it("smart queries stop at wasmd's query stack of 10", () => {
    expect(app.query(recorder, { depth: 9 })).toBe(0); // 10 contract queries
    // the 11th is refused (wasm 27), redacted for the contract that asked
    expect(() => app.query(recorder, { depth: 10 })).toThrow(/codespace: wasm, code: 27/);
  });

  it("each call is charged one gas per byte of its result JSON (wasmvm DeserializeResponse)", () => {
    const vm: Array<{ gas: number; bytes: number }> = [];
    const call = WasmHost.prototype.call;
    const spy = vi.spyOn(WasmHost.prototype, "call").mockImplementation(function (this: WasmHost, ...args: Parameters<WasmHost["call"]>) {
      const out = call.apply(this, args);
      vm.push({ gas: out.gasUsed, bytes: out.result.length });
      return out;
    });
    const { gasUsed } = app.queryWithGas(recorder, "null");
    spy.mockRestore();
    const info = app.wasm.contractInfo(app.store, recorder)!;
    const code = app.wasm.code(info.code_id);
    // keeper.go QuerySmart: the ContractInfo and CodeInfo reads, the pinned check, the instance, then the VM
    const setup = kv.read(WASM_KEYS.contract(recorder), contractInfoBytes(info)) + kv.read(WASM_KEYS.code, codeInfoBytes(code.creator)) + kv.has() + WASM_COSTS.instance;
    expect(vm).toHaveLength(1);
    expect(vm[0].bytes).toBe('{"ok":"bnVsbA=="}'.length);
    expect(gasUsed).toBe(setup + Math.floor((vm[0].gas + vm[0].bytes * WASM_COSTS.multiplier) / WASM_COSTS.multiplier));
  });
});

describe("a contract's messages (items 15, 16, 17, 18)", () => {
  let app: App;
  let probe: string;
  let replies: string[];
  beforeEach(() => {
    app = new App();
    app.mint(alice, [uxprt(10n ** 12n)]);
    probe = app.instantiate(alice, app.storeCode(alice, buildFixture("probe")).codeId, {}, "probe", [uxprt(1_000_000)]).contractAddress;
    replies = [];
    const call = WasmHost.prototype.call;
    vi.spyOn(WasmHost.prototype, "call").mockImplementation(function (this: WasmHost, ...args: Parameters<WasmHost["call"]>) {
      if (args[1] === "reply") replies.push(Buffer.from(args[2][1]).toString("utf8"));
      return call.apply(this, args);
    });
  });
  afterEach(() => vi.restoreAllMocks());
  const sub = (msg: unknown, id: number, reply_on = "always") => app.execute(alice, probe, { sub: { msg, id, reply_on } });
  const anySend = (from: string, amount: number) => ({
    any: { type_url: "/cosmos.bank.v1beta1.MsgSend", value: Buffer.from(MsgSend.encode({ fromAddress: from, toAddress: alice, amount: [uxprt(amount)] }).finish()).toString("base64") },
  });

  it("CosmosMsg::Any is unpacked and routed; an unknown type or another signer is refused", () => {
    const r = sub(anySend(probe, 5), 1);
    expect(replies[0]).toBe(goJson({ gas_used: 0, id: 1, result: { ok: { events: [], msg_responses: [{ type_url: "/cosmos.bank.v1beta1.MsgSendResponse", value: "" }] } } }));
    expect(r.events.filter((e) => e.type === "transfer")).toHaveLength(1);
    const unknown = thrown(() => sub({ any: { type_url: "/cosmos.nope.v1.MsgNope", value: "" } }, 2, "never"));
    expect([unknown.codespace, unknown.code]).toEqual(["wasm", 10]);
    expect(unknown.log).toBe("failed to execute message; message index: 0: Cannot unpack proto message with type URL: /cosmos.nope.v1.MsgNope: invalid CosmosMsg from the contract");
    expect(thrown(() => sub(anySend(alice, 5), 3, "never")).log).toMatch(/contract doesn't have permission: unauthorized$/);
  });

  it("a custom message has no handler (wasm 20), and nothing is charged for routing it", () => {
    const e = thrown(() => sub({ custom: { debug: "hi" } }, 1, "never"));
    expect(e.log).toBe("failed to execute message; message index: 0: no handler found: unknown message from the contract");
    sub({ custom: {} }, 2, "error");
    expect(replies).toEqual(['{"gas_used":0,"id":2,"result":{"error":"codespace: wasm, code: 20"}}']);
  });

  it("a bank send of no coins is no SDK message: no events, no responses, nothing charged", () => {
    const empty = sub({ bank: { send: { to_address: alice, amount: [] } } }, 1);
    expect(replies).toEqual(['{"gas_used":0,"id":1,"result":{"ok":{"events":[],"msg_responses":[]}}}']);
    expect(empty.events.map((e) => e.type)).toEqual(["execute", "wasm", "reply", "wasm"]);
    expect(empty.events.some((e) => e.type === "transfer" || e.type === "coin_spent")).toBe(false);
  });

  it("a burn goes through the wasm module account, created on the first burn", () => {
    const wasmModule = app.moduleAddress("wasm");
    const first = sub({ bank: { burn: { amount: [uxprt(1_000)] } } }, 1, "never");
    expect(first.events.map((e) => `${e.type}:${e.attributes[0].value}`)).toEqual([
      "execute:" + probe,
      "wasm:" + probe,
      "coin_spent:" + probe,
      "coin_received:" + wasmModule,
      "transfer:" + wasmModule,
      "coin_spent:" + wasmModule,
      "burn:" + wasmModule,
    ]);
    expect(app.auth.get(app.store, wasmModule)?.module).toEqual({ name: "wasm", permissions: ["burner"] });
    const second = sub({ bank: { burn: { amount: [uxprt(1_000)] } } }, 2, "never");
    // measured on the localnet (reflect: "bank burn"): the module account's creation costs the first burn more
    expect(first.gasUsed - second.gasUsed).toBeGreaterThan(10_000);
    expect(app.balance(wasmModule, "uxprt")).toBe(0n);
  });
});

describe("what the querier answers a contract (items 22-26)", () => {
  let app: App;
  let probe: string;
  beforeEach(() => {
    app = new App();
    app.addValidator({ address: val, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
    app.mint(alice, [uxprt(10n ** 12n)]);
    probe = app.instantiate(alice, app.storeCode(alice, buildFixture("probe")).codeId, {}, "probe").contractAddress;
  });
  const chain = (request: unknown) => app.query(probe, { chain: { request: JSON.stringify(request) } });
  const chainError = (request: unknown) => thrown(() => chain(request)).message;

  it("redacts module errors to the SDK's codespace and code (query_plugins.go redactError)", () => {
    expect(chainError({ staking: { validator: { address: alice } } })).toMatch(/codespace: undefined, code: 1/);
    expect(chainError({ bank: { balance: { address: "nope", denom: "uxprt" } } })).toMatch(/codespace: sdk, code: 7/);
    expect(chainError({ distribution: { delegation_rewards: { delegator_address: alice, validator_address: val } } })).toMatch(/codespace: staking, code: 19/);
  });

  it("answers Stargate queries as Persistence does, and refuses gRPC and custom queries", () => {
    expect(chainError({ stargate: { path: "/cosmos.bank.v1beta1.Query/AllBalances", data: "" } })).toMatch(/'\/cosmos.bank.v1beta1.Query\/AllBalances' path is not allowed from the contract/);
    expect(chainError({ grpc: { path: "/cosmos.bank.v1beta1.Query/AllBalances", data: "" } })).toMatch(/gRPC queries are disabled on this chain/);
    expect(chainError({ custom: {} })).toMatch(/"unsupported_request":\{"kind":"custom"\}/);
  });

  it("contract_info omits an empty admin and IBC port; an account is no contract", () => {
    expect(chain({ wasm: { contract_info: { contract_addr: probe } } })).toEqual({ code_id: 1, creator: alice, pinned: false });
    expect(chainError({ wasm: { contract_info: { contract_addr: alice } } })).toMatch(/no_such_contract/);
    expect(() => app.query(alice, {})).toThrow(`address ${alice}: no such contract`);
  });

  it("undelegated tokens move to the not-bonded pool, with the pool transfer events (item 20)", () => {
    app.execute(alice, probe, "pay", [uxprt(10_000_000)]);
    app.execute(alice, probe, { delegate: { key: val, value: "5000000" } });
    const r = app.execute(alice, probe, { undelegate: { key: val, value: "1000000" } });
    const transfer = r.events.find((e) => e.type === "transfer")!;
    expect(Object.fromEntries(transfer.attributes.map((a) => [a.key, a.value]))).toEqual({ recipient: NOT_BONDED_POOL, sender: app.staking.moduleAccount(app.store), amount: "1000000uxprt" });
    expect(app.balance(NOT_BONDED_POOL, "uxprt")).toBe(1_000_000n);
  });
});

describe("undelegations in one block (x/staking delegation.go SetUnbondingDelegationEntry, InsertUBDQueue)", () => {
  it("the second merges into the block's entry; every undelegation adds a pair to the completion time's queue slice, read and written back", () => {
    const app = new App();
    const bob = makeAddress("bob");
    app.addValidator({ address: val, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
    for (const a of [alice, bob]) {
      app.mint(a, [uxprt(100_000_000)]);
      app.send(a, { staking: { delegate: { validator: val, amount: uxprt(50_000_000) } } });
    }
    app.advanceBlocks(1);
    const undelegate = (who: string) => app.send(who, { staking: { undelegate: { validator: val, amount: uxprt(1_000_000) } } }).gasUsed;
    const completion = app.block.time + stakingParams(app.store).unbondingTime;
    const first = undelegate(alice);
    const merged = undelegate(alice);
    expect(app.staking.unbondingEntries(app.store, alice)).toEqual([expect.objectContaining({ initialBalance: 2_000_000n })]);
    const third = undelegate(bob); // bob's first entry, into a slice that holds two pairs
    expect(app.staking.unbondingQueuePairs(app.store, completion)).toEqual([alice, alice, bob]);
    // a merge writes no new entry nor its by-id index; bob pays what alice's first paid plus the two pairs' bytes
    expect(merged).toBeLessThan(first);
    expect(third).toBeGreaterThan(first);
    app.advanceTime(Number(stakingParams(app.store).unbondingTime / 1_000_000_000n));
    app.advanceBlocks(1);
    expect(app.staking.unbondingQueuePairs(app.store, completion)).toEqual([]);
  });
});

describe("block rewards (item 21): x/mint and x/distribution per block, as the localnet pays them", () => {
  const operator = makeAddress("operator");
  const bob = makeAddress("bob");
  function chain(): App {
    const app = new App();
    app.addValidator({ address: val, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
    for (const a of [alice, bob]) app.mint(a, [uxprt(10n ** 13n)]);
    app.mint(operator, [uxprt(10n ** 12n)]);
    app.chainTx((tx) => app.staking.execute(tx, operator, { delegate: { validator: val, amount: uxprt(100_000_000) } }).events);
    app.useBlockRewards();
    return app;
  }
  const ONE = 10n ** 18n;
  /** x/mint minter.go by hand: the inflation after one block at this bonded ratio, and the block's provision. */
  function nextProvision(inflation: bigint, supply: bigint, bonded: bigint): { inflation: bigint; provision: bigint } {
    const round = (x: bigint) => {
      const q = x / ONE;
      const r = x % ONE;
      return r * 2n > ONE || (r * 2n === ONE && q % 2n === 1n) ? q + 1n : q;
    };
    const ratio = (bonded * ONE) / supply;
    const perYear = round((ONE - round((ratio * ONE * ONE) / (67n * 10n ** 16n))) * 13n * 10n ** 16n);
    const next = inflation + round((perYear * ONE * ONE) / (6_311_520n * ONE));
    const clamped = next > 2n * 10n ** 17n ? 2n * 10n ** 17n : next;
    return { inflation: clamped, provision: (clamped * supply) / 6_311_520n / ONE };
  }

  it("mints each block's provision into the supply, whatever the time between blocks", () => {
    const app = chain();
    const { inflation } = app.mintModule.minter(app.store);
    const supply = app.bank.supply(app.store, "uxprt");
    const bonded = app.balance(app.staking.moduleAccount(app.store), "uxprt");
    app.advanceTime(365 * 86_400); // one block, a year later: one block's provision, not a year's
    const expected = nextProvision(inflation, supply, bonded);
    expect(app.mintModule.minter(app.store).inflation).toBe(expected.inflation);
    expect(app.bank.supply(app.store, "uxprt")).toBe(supply + expected.provision);
    // distribution took the fee collector's balance (block 1's and this block's provisions)
    expect(app.balance(app.moduleAddress("fee_collector"), "uxprt")).toBe(0n);
  });

  it("shares a block's rewards by stake; nothing for a delegation in the block it started", () => {
    const app = chain();
    const delegate = (who: string, amount: number) => app.send(who, { staking: { delegate: { validator: val, amount: uxprt(amount) } } });
    delegate(alice, 1_000_000);
    delegate(bob, 3_000_000);
    const pending = (who: string) => app.distribution.pendingRewards({ store: app.store, block: app.block, bank: app.bank }, who, val);
    expect([pending(alice), pending(bob)]).toEqual([0n, 0n]);
    app.advanceBlocks(3);
    const a = pending(alice);
    const b = pending(bob);
    expect(a).toBeGreaterThan(0n);
    expect(b - 3n * a).toBeGreaterThanOrEqual(0n); // the same ratio per token, each truncated at 18 decimals
    expect(b - 3n * a).toBeLessThan(3n);
    // withdrawing pays the integer part out of what was allocated (nothing is minted at withdrawal)
    const supply = app.bank.supply(app.store, "uxprt");
    const before = app.balance(alice, "uxprt");
    app.send(alice, { distribution: { withdraw_delegator_reward: { validator: val } } });
    expect(app.balance(alice, "uxprt") - before).toBe(a / ONE);
    expect(app.bank.supply(app.store, "uxprt")).toBe(supply);
  });

  it("allocates a block's rewards by the votes of the block before: a new stake counts from the validator set that includes it", () => {
    const app = chain();
    const val2 = bech32Encode("persistencevaloper", new Uint8Array(20).fill(8));
    app.addValidator({ address: val2, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
    app.chainTx((tx) => app.staking.execute(tx, operator, { delegate: { validator: val2, amount: uxprt(100_000_000) } }).events);
    app.advanceBlocks(3); // both in the validator set with equal power
    const ctx = () => ({ store: app.store, block: app.block, bank: app.bank });
    const commission = () => [val, val2].map((v) => app.distribution.validatorCommission(ctx(), v));
    const perBlock = (): bigint[] => {
      const before = commission();
      app.advanceBlocks(1);
      return commission().map((c, i) => c - before[i]);
    };
    const [a0, b0] = perBlock();
    expect(a0).toBe(b0);
    // block h: val2's power triples when the block ends (EndBlock(h)); CometBFT uses it from h + 2,
    // so the votes of h + 1 and h + 2 (allocated in h + 2 and h + 3) are still the old set's
    app.send(bob, { staking: { delegate: { validator: val2, amount: uxprt(200_000_000) } } });
    const [a1, b1] = perBlock(); // h + 1 allocates h's votes
    const [a2, b2] = perBlock(); // h + 2 allocates h + 1's
    const [a3, b3] = perBlock(); // h + 3 allocates h + 2's: val2 has 3 of the 4 parts of the power
    expect(b1).toBe(a1);
    expect(b2).toBe(a2);
    expect(b3 - 3n * a3).toBeGreaterThanOrEqual(-3n);
    expect(b3 - 3n * a3).toBeLessThanOrEqual(3n);
  });
});
