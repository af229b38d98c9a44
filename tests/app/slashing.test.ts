// Slashing as the chain does it, through the app's controls: x/evidence's double sign
// (slashForDoubleSign), x/slashing's downtime (slashForDowntime), tombstoning and MsgUnjail, the bond
// status of a jailed validator as contracts see it, and a governance change of the unbonding time.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MsgBeginRedelegateResponse, MsgUndelegateResponse } from "cosmjs-types/cosmos/staking/v1beta1/tx";
import { App } from "@persistence-ts/simulator/app/app";
import { parseDecimal } from "@persistence-ts/simulator/app/decimal";
import { timestamp, ZERO_TIME } from "@persistence-ts/simulator/app/proto";
import { bech32Encode, makeAddress } from "@persistence-ts/simulator/vm/api";
import { WasmHost } from "@persistence-ts/simulator/vm/host";
import { buildFixture } from "@persistence-ts/testing/fixtures";

const [alice, bob, carol, dave] = ["alice", "bob", "carol", "dave"].map((s) => makeAddress(s));
const val1 = bech32Encode("persistencevaloper", new Uint8Array(20).fill(1));
const val2 = bech32Encode("persistencevaloper", new Uint8Array(20).fill(2));
const XPRT = 1_000_000n;
const S = 1_000_000_000n;
const uxprt = (amount: bigint) => ({ denom: "uxprt", amount: amount.toString() });

let app: App;

beforeEach(() => {
  app = new App();
  for (const address of [val1, val2]) app.addValidator({ address, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
  for (const who of [alice, bob, carol, dave]) app.mint(who, [uxprt(1_000n * XPRT)]);
});

const delegate = (who: string, validator: string, amount: bigint) => app.send(who, { staking: { delegate: { validator, amount: uxprt(amount) } } });
const undelegate = (who: string, validator: string, amount: bigint) => app.send(who, { staking: { undelegate: { validator, amount: uxprt(amount) } } });
const entries = (who: string) => app.staking.unbondingEntries(app.store, who);
const bondedSet = () => app.staking.query({ store: app.store, block: app.block, bank: app.bank }, { all_validators: {} }) as { validators: Array<{ address: string }> };

describe("a double sign (x/evidence handleEquivocationEvidence)", () => {
  it("slashes the entries created at or after the infraction height − 1, none before; jails and tombstones", () => {
    delegate(alice, val1, 100n * XPRT); // height 1
    delegate(dave, val1, 100n * XPRT);
    app.advanceBlocks(1);
    undelegate(alice, val1, 10n * XPRT); // height 2: before
    app.advanceBlocks(1);
    undelegate(dave, val1, 10n * XPRT); // height 3: the stake that signed height 4 (ValidatorUpdateDelay)
    app.advanceBlocks(2); // height 5: the infraction was at 4
    delegate(carol, val1, 20n * XPRT);
    undelegate(carol, val1, 20n * XPRT); // height 5: after the infraction, before the evidence
    const before = app.staking.totalBonded(app.store, val1);
    // power at height 4 = tokens at the end of block 2: 190 XPRT
    const burned = app.slashForDoubleSign(val1, 4); // lands in block 6's BeginBlocker
    expect(app.block.height).toBe(6);
    expect(entries(alice)).toEqual([expect.objectContaining({ creationHeight: 2, balance: 10n * XPRT })]);
    expect(entries(dave)).toEqual([expect.objectContaining({ creationHeight: 3, balance: 9_500_000n })]);
    expect(entries(carol)).toEqual([expect.objectContaining({ creationHeight: 5, balance: 19n * XPRT })]);
    // 0.05 × 190 XPRT = 9.5 XPRT: 1.5 from the entries, 8 from the validator's tokens
    expect(burned).toBe(9_500_000n);
    expect(app.staking.totalBonded(app.store, val1)).toBe(before - 8n * XPRT);
    expect(app.slashing.signingInfo(app.store, val1).tombstoned).toBe(true);
    expect(bondedSet().validators.map((v) => v.address)).toEqual([val2]);
    // tombstoned: never unjailed, and later evidence is ignored
    app.advanceTime(365 * 86_400);
    expect(() => app.unjail(val1)).toThrow("validator still jailed; cannot be unjailed");
    expect(app.slashForDoubleSign(val1, app.block.height - 1)).toBe(0n);
  });

  it("ignores evidence older than both max ages, and evidence against an unbonded validator", () => {
    delegate(alice, val1, 100n * XPRT);
    delegate(alice, val2, 100n * XPRT);
    app.chainTx((tx) => app.slashing.setParams(tx.store, { maxAgeDuration: 60n * S, maxAgeNumBlocks: 10 }));
    app.advanceBlocks(11, 6); // height 12, 66 s later
    expect(app.slashForDoubleSign(val1, 1)).toBe(0n); // at height 13: 12 blocks and 71 s old
    expect(app.slashing.signingInfo(app.store, val1).tombstoned).toBe(false);
    expect(app.slashForDoubleSign(val1, 5)).toBe(5n * XPRT); // 9 blocks old: not both ages exceeded
    // val2, jailed and unbonded 21 days later, is out of reach
    app.slash(val2, "0", { infractionHeight: app.block.height, jail: true });
    app.advanceTime(22 * 86_400);
    app.advanceBlocks(1);
    expect(app.slashForDoubleSign(val2, app.block.height - 1)).toBe(0n);
    expect(app.slashing.signingInfo(app.store, val2).tombstoned).toBe(false);
    expect(app.staking.totalBonded(app.store, val2)).toBe(100n * XPRT);
  });
});

describe("downtime (x/slashing HandleValidatorSignature)", () => {
  it("slashes entries from height − 2 on with the power of the last commit; jailed for downtime_jail_duration", () => {
    delegate(alice, val1, 100n * XPRT);
    app.advanceBlocks(1);
    undelegate(alice, val1, 10n * XPRT); // height 2
    app.advanceBlocks(1);
    undelegate(alice, val1, 10n * XPRT); // height 3
    app.advanceBlocks(1); // height 4
    const burned = app.slashForDowntime(val1); // height 5: infraction at 3, power at 4 = end of block 2: 90
    expect(entries(alice).map((e) => [e.creationHeight, e.balance])).toEqual([
      [2, 10n * XPRT],
      [3, 9_900_000n],
    ]);
    expect(burned).toBe(900_000n); // 0.01 × 90 XPRT
    expect(app.staking.totalBonded(app.store, val1)).toBe(80n * XPRT - 800_000n);
    expect(() => app.unjail(val1)).toThrow("validator still jailed; cannot be unjailed");
    app.advanceTime(600);
    app.unjail(val1);
    expect(bondedSet().validators.map((v) => v.address)).toEqual([val2]); // bonded again when the block ends
    app.advanceBlocks(1);
    expect(bondedSet().validators.map((v) => v.address)).toEqual([val1, val2]);
    expect(() => app.unjail(val1)).toThrow("validator not jailed; cannot be unjailed");
  });
});

describe("what a contract sees", () => {
  let probe: string;
  let replies: string[];

  beforeEach(() => {
    probe = app.instantiate(alice, app.storeCode(alice, buildFixture("probe")).codeId, {}, "probe", [], alice).contractAddress;
    app.execute(alice, probe, "pay", [uxprt(500n * XPRT)]);
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

  const sub = (msg: unknown, id: number) => app.execute(alice, probe, { sub: { msg: { staking: msg }, id, reply_on: "success" } });
  const response = (i: number) => Buffer.from(JSON.parse(replies[i]).result.ok.msg_responses[0].value, "base64");

  it("a governance change of the unbonding time: later entries complete on the new time, earlier ones keep theirs", () => {
    app.execute(alice, probe, { delegate: { key: val1, value: (100n * XPRT).toString() } });
    sub({ undelegate: { validator: val1, amount: uxprt(XPRT) } }, 1);
    const first = app.block.time + 21n * 86_400n * S;
    app.advanceBlocks(1);
    app.setUnbondingTime(3_600);
    sub({ undelegate: { validator: val1, amount: uxprt(2n * XPRT) } }, 2);
    const second = app.block.time + 3_600n * S;
    expect(MsgUndelegateResponse.decode(response(0))).toEqual({ completionTime: timestamp(first), amount: uxprt(XPRT) });
    expect(MsgUndelegateResponse.decode(response(1))).toEqual({ completionTime: timestamp(second), amount: uxprt(2n * XPRT) });
    const balance = app.balance(probe, "uxprt");
    app.advanceTime(3_600);
    app.advanceBlocks(1);
    expect(app.balance(probe, "uxprt")).toBe(balance + 2n * XPRT); // the later batch arrives first
    app.advanceTime(21 * 86_400);
    app.advanceBlocks(1);
    expect(app.balance(probe, "uxprt")).toBe(balance + 3n * XPRT);
  });

  it("a redelegation away from a jailed validator completes when it finishes unbonding; once unbonded, at once (zero time)", () => {
    app.execute(alice, probe, { delegate: { key: val1, value: (100n * XPRT).toString() } });
    app.advanceBlocks(1);
    app.slash(val1, "0", { infractionHeight: app.block.height, jail: true });
    const unbondsAt = app.block.time + 21n * 86_400n * S;
    app.advanceBlocks(1); // EndBlock: unbonding
    sub({ redelegate: { src_validator: val1, dst_validator: val2, amount: uxprt(XPRT) } }, 3);
    expect(MsgBeginRedelegateResponse.decode(response(0)).completionTime).toEqual(timestamp(unbondsAt));
    app.advanceTime(21 * 86_400);
    app.advanceBlocks(1); // unbonded
    sub({ redelegate: { src_validator: val1, dst_validator: val2, amount: uxprt(XPRT) } }, 4);
    expect(MsgBeginRedelegateResponse.decode(response(1)).completionTime).toEqual(timestamp(ZERO_TIME));
    expect(app.staking.redelegationEntries(app.store, probe)).toEqual([]); // the first one completed, the second made none
    expect(app.staking.delegation(app.store, probe, val2)).toBe(2n * XPRT);
  });

  it("the slash fraction defaults are x/slashing's (0.05 double sign, 0.01 downtime)", () => {
    expect(app.slashing.params(app.store)).toMatchObject({ slashFractionDoubleSign: parseDecimal("0.05"), slashFractionDowntime: parseDecimal("0.01") });
  });
});
