import { describe, expect, it } from "vitest";

import { Bank } from "@persistence-ts/simulator/app/bank";
import type { AppEvent, ModuleContext } from "@persistence-ts/simulator/app/context";
import { ONE, parseDecimal } from "@persistence-ts/simulator/app/decimal";
import { Distribution, YEAR_NS } from "@persistence-ts/simulator/app/distribution";
import { addressKey, operatorAccount, Staking } from "@persistence-ts/simulator/app/staking";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { MemoryStorage } from "@persistence-ts/simulator/vm/storage";

const T0 = 1_700_000_000_000_000_000n;
const DAY = 86_400_000_000_000n;
const DENOM = "uxprt";
const START = 10_000_000n;

const alice = makeAddress("alice");
const bob = makeAddress("bob");
const carol = makeAddress("carol");
const val1 = makeAddress("val1", "persistencevaloper"); // 5% commission
const val2 = makeAddress("val2", "persistencevaloper"); // 10% commission

const coin = (amount: bigint | number, denom = DENOM) => ({ denom, amount: amount.toString() });
const tokens = (whole: bigint) => whole * ONE;

function setup() {
  const store = new MemoryStorage();
  const bank = new Bank();
  const ctx: ModuleContext = { store, bank, block: { height: 1, time: T0, chainId: "core-1" } };
  const distribution = new Distribution();
  const staking = new Staking(distribution);
  staking.addValidator(ctx, { address: val1, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
  staking.addValidator(ctx, { address: val2, commission: "0.1", max_commission: "0.2", max_change_rate: "0.01" });
  for (const who of [alice, bob]) bank.mint(store, who, [coin(START)]);
  const balance = (address: string) => bank.balance(store, address, DENOM);
  const next = (ns: bigint) => {
    ctx.block.height += 1;
    ctx.block.time += ns;
  };
  const delegate = (who: string, validator: string, amount: bigint | number) =>
    staking.execute(ctx, who, { delegate: { validator, amount: coin(amount) } }).events;
  const pending = (who: string, validator: string) => distribution.pendingRewards(ctx, who, validator);
  const withdraw = (who: string, validator: string) =>
    distribution.execute(ctx, who, { withdraw_delegator_reward: { validator } }).events;
  return { store, bank, ctx, staking, distribution, balance, next, delegate, pending, withdraw };
}

const ofType = (events: AppEvent[], type: string) => events.filter((e) => e.type === type);
const attrs = (e: AppEvent) => Object.fromEntries(e.attributes.map((a) => [a.key, a.value]));

describe("reward accrual", () => {
  it("pays the APR minus commission: 1,000,000 uxprt for 365 days at 10% with 5% commission = 95,000", () => {
    const { ctx, staking, distribution, next, delegate, pending } = setup();
    delegate(alice, val1, 1_000_000);
    next(YEAR_NS);
    expect(pending(alice, val1)).toBe(tokens(95_000n));
    expect(distribution.validatorCommission(ctx, val1)).toBe(tokens(5_000n));
    expect(distribution.query(ctx, { delegation_rewards: { delegator_address: alice, validator_address: val1 } })).toEqual({
      rewards: [{ denom: DENOM, amount: "95000.000000000000000000" }],
    });
    expect(staking.query(ctx, { delegation: { delegator: alice, validator: val1 } })).toMatchObject({
      delegation: { accumulated_rewards: [coin(95_000)] },
    });
  });

  it("accrues linearly with block time", () => {
    const { next, delegate, pending } = setup();
    delegate(alice, val1, 1_000_000);
    next(YEAR_NS / 4n);
    expect(pending(alice, val1)).toBe(tokens(23_750n));
    next(YEAR_NS / 4n);
    expect(pending(alice, val1)).toBe(tokens(47_500n));
    next(YEAR_NS / 2n);
    expect(pending(alice, val1)).toBe(tokens(95_000n));
    next(YEAR_NS);
    expect(pending(alice, val1)).toBe(tokens(190_000n));
  });

  it("keeps 18 decimals: 1,000 uxprt for one day is 0.260273972602739 (ratio truncated per token)", () => {
    const { ctx, distribution, next, delegate, pending } = setup();
    delegate(alice, val1, 1_000);
    next(DAY);
    // reward per token = trunc(0.1 × 0.95 / 365 at 18 decimals) = 0.000260273972602739
    expect(pending(alice, val1)).toBe(1_000n * 260_273_972_602_739n);
    expect(distribution.query(ctx, { delegation_rewards: { delegator_address: alice, validator_address: val1 } })).toEqual({
      rewards: [{ denom: DENOM, amount: "0.260273972602739000" }],
    });
  });

  it("is independent of other delegators joining (per-validator cumulative ratio)", () => {
    const { ctx, distribution, next, delegate, pending } = setup();
    delegate(alice, val1, 1_000_000);
    next(YEAR_NS / 2n);
    delegate(bob, val1, 1_000_000);
    next(YEAR_NS / 2n);
    expect(pending(alice, val1)).toBe(tokens(95_000n));
    expect(pending(bob, val1)).toBe(tokens(47_500n));
    // commission: 5% of 10% on 1M for half a year, then on 2M for half a year
    expect(distribution.validatorCommission(ctx, val1)).toBe(tokens(2_500n + 5_000n));
  });

  it("stops while the validator is jailed", () => {
    const { ctx, staking, next, delegate, pending } = setup();
    delegate(alice, val1, 1_000_000);
    next(YEAR_NS / 2n);
    staking.jail(ctx, val1);
    next(YEAR_NS / 2n);
    expect(pending(alice, val1)).toBe(tokens(47_500n));
    staking.unjail(ctx, val1);
    next(YEAR_NS / 2n);
    expect(pending(alice, val1)).toBe(tokens(95_000n));
  });

  it("applies a new APR from the block it is set in", () => {
    const { ctx, distribution, next, delegate, pending } = setup();
    delegate(alice, val1, 1_000_000);
    next(YEAR_NS / 2n);
    distribution.setParams(ctx, { apr: parseDecimal("0.2") });
    next(YEAR_NS / 2n);
    expect(pending(alice, val1)).toBe(tokens(47_500n + 95_000n));
  });
});

describe("withdrawal", () => {
  it("pays the integer part to the delegator, minted into the supply, with the SDK's events", () => {
    const { store, bank, distribution, balance, next, delegate, pending, withdraw } = setup();
    delegate(alice, val1, 1_000_000);
    next(YEAR_NS);
    const supply = bank.supply(store, DENOM);
    const events = withdraw(alice, val1);
    const pool = distribution.params(store).moduleAccount;
    // x/bank SendCoins emits message{sender} after transfer (a contract's submessage drops it)
    expect(events.map((e) => e.type)).toEqual(["coin_spent", "coin_received", "transfer", "message", "withdraw_rewards"]);
    expect(attrs(events[2])).toEqual({ recipient: alice, sender: pool, amount: "95000uxprt" });
    expect(attrs(events[3])).toEqual({ sender: pool });
    expect(attrs(events[4])).toEqual({ amount: "95000uxprt", validator: val1, delegator: alice });
    expect(balance(alice)).toBe(START - 1_000_000n + 95_000n);
    expect(bank.supply(store, DENOM)).toBe(supply + 95_000n);
    expect(balance(pool)).toBe(0n);
    expect(pending(alice, val1)).toBe(0n);
    // nothing to pay: one zero coin of the SDK's fallback denom (no base denom registered: "stake")
    expect(attrs(withdraw(alice, val1)[0])).toEqual({ amount: "0stake", validator: val1, delegator: alice });
    expect(balance(alice)).toBe(START - 1_000_000n + 95_000n);
  });

  it("sends the fractional remainder to the community pool, as the SDK does", () => {
    const { store, distribution, balance, next, delegate, withdraw, pending } = setup();
    delegate(alice, val1, 3_000);
    next(DAY);
    expect(pending(alice, val1)).toBe(3_000n * 260_273_972_602_739n); // 0.780821917808217
    withdraw(alice, val1);
    expect(balance(alice)).toBe(START - 3_000n);
    expect(distribution.communityPool(store)).toEqual([{ denom: DENOM, amount: "0.780821917808217" }]);
    next(4n * DAY);
    // 3000 × trunc(0.095 × 4 / 365) = 3.123287671232874: pays 3
    expect(pending(alice, val1)).toBe(3_000n * 1_041_095_890_410_958n);
    withdraw(alice, val1);
    expect(balance(alice)).toBe(START - 3_000n + 3n);
    expect(distribution.communityPool(store)).toEqual([{ denom: DENOM, amount: "0.904109589041091" }]);
  });

  it("pays to the withdraw address once one is set", () => {
    const { ctx, distribution, balance, next, delegate, withdraw } = setup();
    expect(distribution.query(ctx, { delegator_withdraw_address: { delegator_address: alice } })).toEqual({
      withdraw_address: alice,
    });
    const { events } = distribution.execute(ctx, alice, { set_withdraw_address: { address: carol } });
    expect(events).toEqual([{ type: "set_withdraw_address", attributes: [{ key: "withdraw_address", value: carol }] }]);
    expect(distribution.query(ctx, { delegator_withdraw_address: { delegator_address: alice } })).toEqual({
      withdraw_address: carol,
    });
    delegate(alice, val1, 1_000_000);
    next(YEAR_NS);
    withdraw(alice, val1);
    expect(balance(carol)).toBe(95_000n);
    expect(balance(alice)).toBe(START - 1_000_000n);
  });

  it("refuses module accounts, bad addresses and a disabled withdraw address", () => {
    const { store, ctx, staking, distribution } = setup();
    const set = (address: string) => distribution.execute(ctx, alice, { set_withdraw_address: { address } });
    const pool = staking.moduleAccount(store);
    expect(() => set(pool)).toThrow(`${pool} is not allowed to receive external funds: unauthorized`);
    expect(() => set(val1)).toThrow(
      "invalid withdraw address: hrp does not match bech32 prefix: expected 'persistence' got 'persistencevaloper'",
    );
    distribution.setParams(ctx, { withdrawAddrEnabled: false });
    expect(() => set(bob)).toThrow("set withdraw address disabled");
  });

  it("refuses a withdrawal without a delegation or validator", () => {
    const { withdraw } = setup();
    expect(() => withdraw(alice, val1)).toThrow("no delegation distribution info");
    expect(() => withdraw(alice, makeAddress("nobody", "persistencevaloper"))).toThrow("no validator distribution info");
    expect(() => withdraw(alice, alice)).toThrow("invalid validator address");
  });
});

describe("automatic withdrawal when a delegation changes", () => {
  it("on delegating more", () => {
    const { balance, next, delegate, pending } = setup();
    delegate(alice, val1, 1_000_000);
    next(YEAR_NS);
    const events = delegate(alice, val1, 1);
    expect(events.map((e) => e.type)).toEqual([
      "coin_spent",
      "coin_received",
      "transfer",
      "message",
      "withdraw_rewards",
      "coin_spent",
      "coin_received",
      "delegate",
    ]);
    expect(balance(alice)).toBe(START - 1_000_001n + 95_000n);
    expect(pending(alice, val1)).toBe(0n);
    next(YEAR_NS);
    expect(pending(alice, val1)).toBe(1_000_001n * (ONE * 95n) / 1_000n);
  });

  it("on undelegating", () => {
    const { balance, next, delegate, pending, staking, ctx } = setup();
    delegate(alice, val1, 1_000_000);
    next(YEAR_NS);
    staking.execute(ctx, alice, { undelegate: { validator: val1, amount: coin(500_000) } });
    expect(balance(alice)).toBe(START - 1_000_000n + 95_000n);
    next(YEAR_NS);
    expect(pending(alice, val1)).toBe(tokens(47_500n));
  });

  it("on undelegating everything: the starting info goes and nothing more accrues", () => {
    const { balance, next, delegate, pending, staking, ctx } = setup();
    delegate(alice, val1, 1_000_000);
    next(YEAR_NS);
    staking.execute(ctx, alice, { undelegate: { validator: val1, amount: coin(1_000_000) } });
    expect(balance(alice)).toBe(START - 1_000_000n + 95_000n);
    next(YEAR_NS);
    expect(pending(alice, val1)).toBe(0n);
  });

  it("on redelegating, from both the source and the destination", () => {
    const { balance, next, delegate, pending, staking, ctx } = setup();
    delegate(alice, val1, 1_000_000);
    delegate(alice, val2, 500_000);
    next(YEAR_NS);
    const { events } = staking.execute(ctx, alice, {
      redelegate: { src_validator: val1, dst_validator: val2, amount: coin(500_000) },
    });
    expect(ofType(events, "withdraw_rewards").map((e) => attrs(e).validator)).toEqual([val1, val2]);
    expect(balance(alice)).toBe(START - 1_500_000n + 95_000n + 45_000n);
    next(YEAR_NS);
    expect(pending(alice, val1)).toBe(tokens(47_500n));
    expect(pending(alice, val2)).toBe(tokens(90_000n));
  });

  it("not on slashing: the SDK only records the slash, the rewards so far stay owed", () => {
    const { balance, next, delegate, pending, staking, distribution, ctx } = setup();
    delegate(alice, val1, 1_000_000);
    next(YEAR_NS);
    const { events } = staking.slash(ctx, val1, "0.1", ctx.block.height, 1n); // power 1: 100,000 burned
    expect(ofType(events, "withdraw_rewards")).toEqual([]);
    expect(balance(alice)).toBe(START - 1_000_000n);
    expect(pending(alice, val1)).toBe(tokens(95_000n));
    next(YEAR_NS);
    // a year at 1,000,000 then a year at the 900,000 left
    expect(pending(alice, val1)).toBe(tokens(95_000n + 85_500n));
    staking.slash(ctx, val1, "0.5", ctx.block.height, 1n); // a second slash keeps both periods
    expect(pending(alice, val1)).toBe(tokens(95_000n + 85_500n));
    distribution.execute(ctx, alice, { withdraw_delegator_reward: { validator: val1 } });
    expect(balance(alice)).toBe(START - 1_000_000n + 180_500n);
    expect(pending(alice, val1)).toBe(0n);
  });
});

describe("commission", () => {
  it("is withdrawn to the operator account, keeping the fractional remainder", () => {
    const { ctx, distribution, balance, next, delegate } = setup();
    delegate(alice, val1, 1_000_000);
    next(DAY);
    const accrued = (1_000_000n * parseDecimal("0.1") * parseDecimal("0.05") * DAY) / (ONE * YEAR_NS);
    expect(distribution.validatorCommission(ctx, val1)).toBe(accrued); // 13.698630136986301369
    const events = distribution.withdrawValidatorCommission(ctx, val1);
    expect(attrs(ofType(events, "withdraw_commission")[0])).toEqual({ amount: "13uxprt" });
    expect(balance(operatorAccount(val1))).toBe(13n);
    expect(distribution.validatorCommission(ctx, val1)).toBe(accrued - tokens(13n));
    next(YEAR_NS);
    distribution.withdrawValidatorCommission(ctx, val1);
    expect(balance(operatorAccount(val1))).toBe(13n + 5_000n);
  });

  it("refuses an empty withdrawal", () => {
    const { ctx, distribution } = setup();
    expect(() => distribution.withdrawValidatorCommission(ctx, val1)).toThrow("no validator commission to withdraw");
  });
});

describe("queries and the community pool", () => {
  it("answer with cosmwasm-std's JSON shapes, DecCoin amounts as wasmd prints them (18 decimals)", () => {
    const { ctx, distribution, next, delegate } = setup();
    delegate(alice, val1, 1_000_000);
    delegate(alice, val2, 500_000);
    next(YEAR_NS);
    const byBytes = [val1, val2].sort((a, b) => addressKey(a).localeCompare(addressKey(b)));
    const reward = { [val1]: "95000.000000000000000000", [val2]: "45000.000000000000000000" };
    expect(distribution.query(ctx, { delegation_total_rewards: { delegator_address: alice } })).toEqual({
      rewards: byBytes.map((v) => ({ validator_address: v, reward: [{ denom: DENOM, amount: reward[v] }] })),
      total: [{ denom: DENOM, amount: "140000.000000000000000000" }],
    });
    expect(distribution.query(ctx, { delegator_validators: { delegator_address: alice } })).toEqual({ validators: byBytes });
    expect(distribution.query(ctx, { delegation_total_rewards: { delegator_address: bob } })).toEqual({
      rewards: [],
      total: [],
    });
    delegate(bob, val1, 10);
    expect(distribution.query(ctx, { delegation_rewards: { delegator_address: bob, validator_address: val1 } })).toEqual({
      rewards: [],
    });
  });

  it("refuse unknown validators, missing delegations and empty addresses with the SDK's texts", () => {
    const { ctx, distribution } = setup();
    const nobody = makeAddress("nobody", "persistencevaloper");
    const rewards = (delegator_address: string, validator_address: string) =>
      distribution.query(ctx, { delegation_rewards: { delegator_address, validator_address } });
    // grpc_query.go DelegationRewards: x/staking's Validator and Delegation fail first (staking 3, 19)
    expect(() => rewards(alice, nobody)).toThrow(expect.objectContaining({ message: "validator does not exist", codespace: "staking", code: 3 }));
    expect(() => rewards(alice, val1)).toThrow(expect.objectContaining({ message: "no delegation for (address, validator) tuple", codespace: "staking", code: 19 }));
    expect(() => rewards("", val1)).toThrow("empty delegator address");
    expect(() => distribution.query(ctx, { delegator_validators: { delegator_address: val1 } })).toThrow(
      "hrp does not match bech32 prefix",
    );
  });

  it("fund_community_pool moves coins into the module account and the pool", () => {
    const { store, ctx, distribution, balance } = setup();
    distribution.execute(ctx, bob, { fund_community_pool: { amount: [coin(100)] } });
    expect(balance(bob)).toBe(START - 100n);
    expect(balance(distribution.params(store).moduleAccount)).toBe(100n);
    expect(distribution.communityPool(store)).toEqual([{ denom: DENOM, amount: "100" }]);
  });
});
