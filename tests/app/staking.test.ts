import { describe, expect, it } from "vitest";

import { Bank } from "@persistence-ts/simulator/app/bank";
import type { AppEvent, ModuleContext } from "@persistence-ts/simulator/app/context";
import { ONE } from "@persistence-ts/simulator/app/decimal";
import { responses, ZERO_TIME } from "@persistence-ts/simulator/app/proto";
import { addressKey, DEFAULT_UNBONDING_TIME, delegationShares, NOT_BONDED_POOL, powerAt, rfc3339, Staking, STAKING_ERRORS } from "@persistence-ts/simulator/app/staking";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { MemoryStorage, TransactionalStorage } from "@persistence-ts/simulator/vm/storage";

const T0 = 1_700_000_000_000_000_000n; // 2023-11-14T22:13:20Z
const DAY = 86_400_000_000_000n;
const DENOM = "uxprt";

const alice = makeAddress("alice");
const bob = makeAddress("bob");
const val1 = makeAddress("val1", "persistencevaloper");
const val2 = makeAddress("val2", "persistencevaloper");
const val3 = makeAddress("val3", "persistencevaloper");

const coin = (amount: bigint | number, denom = DENOM) => ({ denom, amount: amount.toString() });

function setup() {
  const store = new MemoryStorage();
  const bank = new Bank();
  const ctx: ModuleContext = { store, bank, block: { height: 1, time: T0, chainId: "core-1" } };
  const staking = new Staking();
  for (const address of [val1, val2, val3]) {
    staking.addValidator(ctx, { address, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
  }
  bank.mint(store, alice, [coin(10_000)]);
  bank.mint(store, bob, [coin(10_000)]);
  const pool = staking.moduleAccount(store);
  const balance = (address: string) => bank.balance(store, address, DENOM);
  const next = (ns: bigint) => {
    ctx.block.height += 1;
    ctx.block.time += ns;
  };
  const delegate = (who: string, validator: string, amount: bigint | number) =>
    staking.execute(ctx, who, { delegate: { validator, amount: coin(amount) } }).events;
  const undelegate = (who: string, validator: string, amount: bigint | number) =>
    staking.execute(ctx, who, { undelegate: { validator, amount: coin(amount) } }).events;
  const redelegate = (who: string, src: string, dst: string, amount: bigint | number) =>
    staking.execute(ctx, who, { redelegate: { src_validator: src, dst_validator: dst, amount: coin(amount) } }).events;
  return { store, bank, ctx, staking, pool, balance, next, delegate, undelegate, redelegate };
}

const ofType = (events: AppEvent[], type: string) => events.filter((e) => e.type === type);
const attrs = (e: AppEvent) => Object.fromEntries(e.attributes.map((a) => [a.key, a.value]));

describe("delegate", () => {
  it("moves coins from the delegator to the module account and bonds them", () => {
    const { staking, store, pool, balance, delegate } = setup();
    const events = delegate(alice, val1, 600);
    expect(balance(alice)).toBe(9_400n);
    expect(balance(pool)).toBe(600n);
    expect(staking.totalBonded(store, val1)).toBe(600n);
    expect(staking.delegation(store, alice, val1)).toBe(600n);
    expect(events.map((e) => e.type)).toEqual(["coin_spent", "coin_received", "delegate"]);
    expect(attrs(ofType(events, "delegate")[0])).toEqual({
      validator: val1,
      delegator: alice,
      amount: "600uxprt",
      new_shares: "600.000000000000000000",
    });
  });

  it("adds to an existing delegation", () => {
    const { staking, store, delegate } = setup();
    delegate(alice, val1, 100);
    delegate(alice, val1, 250);
    expect(staking.delegation(store, alice, val1)).toBe(350n);
    expect(staking.totalBonded(store, val1)).toBe(350n);
  });

  it("refuses a wrong denom, an unknown validator, zero, bad addresses and missing funds with the SDK's texts", () => {
    const { staking, ctx, delegate } = setup();
    const unknown = makeAddress("nobody", "persistencevaloper");
    expect(() => staking.execute(ctx, alice, { delegate: { validator: val1, amount: coin(5, "uatom") } })).toThrow(
      "invalid coin denomination: got uatom, expected uxprt: invalid request",
    );
    expect(() => delegate(alice, unknown, 5)).toThrow(STAKING_ERRORS.noValidator);
    expect(() => delegate(alice, val1, 0)).toThrow("invalid delegation amount: invalid request");
    expect(() => delegate(alice, alice, 5)).toThrow(
      "invalid validator address: hrp does not match bech32 prefix: expected 'persistencevaloper' got 'persistence': internal logic error: invalid address",
    );
    expect(() => delegate(alice, val1, 10_001)).toThrow(
      "spendable balance 10000uxprt is smaller than 10001uxprt: insufficient funds",
    );
  });

  it("is reverted with the cache layer when the bank refuses", () => {
    const { staking, store, bank, ctx } = setup();
    const tx = new TransactionalStorage(store);
    const txCtx = { ...ctx, store: tx };
    expect(() => staking.execute(txCtx, alice, { delegate: { validator: val1, amount: coin(20_000) } })).toThrow(
      "insufficient funds",
    );
    tx.discard();
    expect(staking.delegation(store, alice, val1)).toBe(0n);
    expect(bank.balance(store, alice, DENOM)).toBe(10_000n);
  });
});

describe("undelegate", () => {
  it("creates an unbonding entry that pays out exactly at the completion time", () => {
    const { staking, store, ctx, pool, balance, next, delegate, undelegate } = setup();
    delegate(alice, val1, 1_000);
    next(5n);
    const events = undelegate(alice, val1, 400);
    const completion = ctx.block.time + DEFAULT_UNBONDING_TIME;
    expect(attrs(ofType(events, "unbond")[0])).toEqual({
      validator: val1,
      delegator: alice,
      amount: "400uxprt",
      completion_time: rfc3339(completion),
    });
    expect(rfc3339(completion)).toBe("2023-12-05T22:13:20Z");
    expect(staking.delegation(store, alice, val1)).toBe(600n);
    expect(staking.totalBonded(store, val1)).toBe(600n);
    expect(staking.unbondingEntries(store, alice)).toEqual([
      { validator: val1, creationHeight: 2, completionTime: completion, initialBalance: 400n, balance: 400n },
    ]);
    expect(balance(alice)).toBe(9_000n);

    // keeper/pool.go: the undelegated tokens left the bonded pool for the not-bonded pool
    expect(ofType(events, "transfer").map(attrs)).toEqual([{ recipient: NOT_BONDED_POOL, sender: pool, amount: "400uxprt" }]);
    next(completion - ctx.block.time - 1n); // one nanosecond before
    expect(staking.endBlock(ctx)).toEqual([]);
    expect(balance(alice)).toBe(9_000n);
    expect([balance(pool), balance(NOT_BONDED_POOL)]).toEqual([600n, 400n]);

    next(1n); // exactly at the completion time
    const done = staking.endBlock(ctx);
    expect(done.map((e) => e.type)).toEqual(["coin_spent", "coin_received", "complete_unbonding"]);
    expect(attrs(done[0])).toEqual({ spender: NOT_BONDED_POOL, amount: "400uxprt" });
    expect(attrs(done[2])).toEqual({ amount: "400uxprt", validator: val1, delegator: alice });
    expect(balance(alice)).toBe(9_400n);
    expect([balance(pool), balance(NOT_BONDED_POOL)]).toEqual([600n, 0n]);
    expect(staking.unbondingEntries(store, alice)).toEqual([]);
    expect(staking.endBlock(ctx)).toEqual([]);
  });

  it("removes the delegation when all of it is undelegated", () => {
    const { staking, store, ctx, delegate, undelegate } = setup();
    delegate(alice, val1, 300);
    undelegate(alice, val1, 300);
    expect(staking.delegation(store, alice, val1)).toBe(0n);
    expect(staking.query(ctx, { delegation: { delegator: alice, validator: val1 } })).toEqual({ delegation: null });
    expect(staking.query(ctx, { all_delegations: { delegator: alice } })).toEqual({ delegations: [] });
  });

  it("refuses more than delegated, no delegation, zero and a wrong denom", () => {
    const { staking, ctx, delegate, undelegate } = setup();
    delegate(alice, val1, 100);
    expect(() => undelegate(alice, val1, 101)).toThrow("invalid shares amount: invalid request");
    expect(() => undelegate(alice, val2, 1)).toThrow("no delegation for (address, validator) tuple");
    expect(() => undelegate(alice, val1, 0)).toThrow("invalid shares amount: invalid request");
    expect(() => staking.execute(ctx, alice, { undelegate: { validator: val1, amount: coin(1, "uatom") } })).toThrow(
      "invalid coin denomination: got uatom, expected uxprt: invalid request",
    );
  });

  it("allows 7 entries per (delegator, validator) and refuses the 8th with the SDK's text", () => {
    const { staking, store, ctx, next, delegate, undelegate } = setup();
    delegate(alice, val1, 1_000);
    for (let i = 0; i < 7; i++) {
      next(1_000n);
      undelegate(alice, val1, 10);
    }
    expect(staking.unbondingEntries(store, alice)).toHaveLength(7);
    next(1_000n);
    expect(() => undelegate(alice, val1, 10)).toThrow(
      "too many unbonding delegation entries for (delegator, validator) tuple",
    );
    // Other pairs are unaffected, and a completed entry frees a slot.
    delegate(bob, val1, 10);
    undelegate(bob, val1, 10);
    delegate(alice, val2, 10);
    undelegate(alice, val2, 10);
    next(DEFAULT_UNBONDING_TIME - 7_000n);
    staking.endBlock(ctx);
    expect(staking.unbondingEntries(store, alice).filter((e) => e.validator === val1)).toHaveLength(6);
    undelegate(alice, val1, 10);
  });

  it("merges undelegations of the same block into one entry, as UnbondingDelegation.AddEntry does", () => {
    const { staking, store, delegate, undelegate } = setup();
    delegate(alice, val1, 1_000);
    for (let i = 0; i < 9; i++) undelegate(alice, val1, 10);
    expect(staking.unbondingEntries(store, alice)).toEqual([
      expect.objectContaining({ initialBalance: 90n, balance: 90n }),
    ]);
  });

  it("uses the configured unbonding time", () => {
    const { staking, store, ctx, balance, next, delegate, undelegate } = setup();
    staking.setParams(store, { unbondingTime: 60_000_000_000n });
    delegate(alice, val1, 100);
    undelegate(alice, val1, 100);
    next(59_999_999_999n);
    staking.endBlock(ctx);
    expect(balance(alice)).toBe(9_900n);
    next(1n);
    staking.endBlock(ctx);
    expect(balance(alice)).toBe(10_000n);
  });
});

describe("redelegate", () => {
  it("moves bonded stake at once and tracks the entry until it completes", () => {
    const { staking, store, ctx, pool, balance, next, delegate, redelegate } = setup();
    delegate(alice, val1, 1_000);
    const events = redelegate(alice, val1, val2, 400);
    const completion = ctx.block.time + DEFAULT_UNBONDING_TIME;
    expect(attrs(ofType(events, "redelegate")[0])).toEqual({
      source_validator: val1,
      destination_validator: val2,
      amount: "400uxprt",
      completion_time: rfc3339(completion),
    });
    expect(staking.delegation(store, alice, val1)).toBe(600n);
    expect(staking.delegation(store, alice, val2)).toBe(400n);
    expect(staking.totalBonded(store, val2)).toBe(400n);
    expect(balance(pool)).toBe(1_000n);
    expect(balance(alice)).toBe(9_000n);
    expect(staking.redelegationEntries(store, alice)).toEqual([
      { srcValidator: val1, dstValidator: val2, creationHeight: 1, completionTime: completion, initialBalance: 400n, sharesDst: 400n * ONE },
    ]);

    // The receiving delegation cannot redelegate until the entry completes.
    expect(staking.query(ctx, { delegation: { delegator: alice, validator: val2 } })).toMatchObject({
      delegation: { amount: coin(400), can_redelegate: coin(0) },
    });
    expect(() => redelegate(alice, val2, val3, 100)).toThrow(STAKING_ERRORS.transitiveRedelegation);

    next(completion - ctx.block.time - 1n);
    expect(staking.endBlock(ctx)).toEqual([]);
    next(1n);
    const done = staking.endBlock(ctx);
    expect(done).toEqual([
      {
        type: "complete_redelegation",
        attributes: [
          { key: "amount", value: "400uxprt" },
          { key: "delegator", value: alice },
          { key: "source_validator", value: val1 },
          { key: "destination_validator", value: val2 },
        ],
      },
    ]);
    expect(staking.query(ctx, { delegation: { delegator: alice, validator: val2 } })).toMatchObject({
      delegation: { can_redelegate: coin(400) },
    });
    redelegate(alice, val2, val3, 100);
    expect(staking.delegation(store, alice, val3)).toBe(100n);
  });

  it("refuses self, unknown destinations, more than delegated and the 8th entry", () => {
    const { ctx, staking, next, delegate, redelegate } = setup();
    delegate(alice, val1, 1_000);
    const unknown = makeAddress("nobody", "persistencevaloper");
    expect(() => redelegate(alice, val1, val1, 1)).toThrow("cannot redelegate to the same validator");
    expect(() => redelegate(alice, val1, unknown, 1)).toThrow("redelegation destination validator not found");
    expect(() => redelegate(alice, val1, val2, 1_001)).toThrow("invalid shares amount: invalid request");
    expect(() => redelegate(alice, val2, val1, 1)).toThrow("no delegation for (address, validator) tuple");
    expect(() => redelegate(alice, val1, val2, 0)).toThrow("invalid shares amount: invalid request");
    expect(() =>
      staking.execute(ctx, alice, { redelegate: { src_validator: val1, dst_validator: alice, amount: coin(1) } }),
    ).toThrow("invalid destination validator address: hrp does not match bech32 prefix");
    for (let i = 0; i < 7; i++) {
      next(1n);
      redelegate(alice, val1, val2, 1);
    }
    next(1n);
    expect(() => redelegate(alice, val1, val2, 1)).toThrow(
      "too many redelegation entries for (delegator, src-validator, dst-validator) tuple",
    );
    redelegate(alice, val1, val3, 1);
  });
});

describe("slash (keeper/slash.go)", () => {
  const XPRT = 1_000_000n;

  /** Ends the block (EndBlocker) and opens the next one `ns` later. */
  function blocks() {
    const t = setup();
    t.bank.mint(t.store, alice, [coin(1_000n * XPRT)]);
    t.bank.mint(t.store, bob, [coin(1_000n * XPRT)]);
    const block = (ns = 5_000_000_000n) => {
      t.staking.endBlock(t.ctx);
      t.next(ns);
    };
    return { ...t, block };
  }

  it("hits only unbonding entries created at or after the infraction height; fraction × initial balance, truncated; the rest from the validator's tokens", () => {
    const { staking, store, bank, ctx, pool, balance, block, delegate, undelegate } = blocks();
    delegate(alice, val1, 10n * XPRT); // height 1: power 10 from height 1 (block 1 plays genesis)
    block();
    undelegate(alice, val1, 1_000_003); // height 2: before the infraction
    block();
    undelegate(alice, val1, 2_000_001); // height 3: at the infraction height
    block();
    block();
    expect(ctx.block.height).toBe(5);
    expect(powerAt(store, val1, 3, 5)).toBe(10n); // EndBlock(2)'s power 8 counts from height 4
    const supply = bank.supply(store, DENOM);
    const { burned } = staking.slash(ctx, val1, "0.1", 3);
    // slash amount 0.1 × 10 × 10^6 = 1,000,000: 200,000 from the entry of height 3, 800,000 from the tokens
    expect(staking.unbondingEntries(store, alice)).toEqual([
      expect.objectContaining({ creationHeight: 2, initialBalance: 1_000_003n, balance: 1_000_003n }),
      expect.objectContaining({ creationHeight: 3, initialBalance: 2_000_001n, balance: 1_800_001n }),
    ]);
    expect(staking.totalBonded(store, val1)).toBe(10n * XPRT - 3_000_004n - 800_000n);
    expect(staking.delegation(store, alice, val1)).toBe(6_199_996n);
    expect(burned).toBe(1_000_000n);
    expect(bank.supply(store, DENOM)).toBe(supply - 1_000_000n);
    // 800,000 burned from the bonded pool (the validator's tokens), 200,000 from the not-bonded pool (the entry)
    expect(balance(pool)).toBe(10n * XPRT - 3_000_004n - 800_000n);
    expect(balance(NOT_BONDED_POOL)).toBe(3_000_004n - 200_000n);
  });

  it("an infraction at the current height slashes no entry; a mature entry (EndBlocker not yet run) is not slashed", () => {
    const { staking, store, ctx, block, next, delegate, undelegate } = blocks();
    delegate(alice, val1, 10n * XPRT);
    undelegate(alice, val1, XPRT);
    block();
    undelegate(alice, val1, XPRT);
    staking.slash(ctx, val1, "0.5", ctx.block.height);
    expect(staking.unbondingEntries(store, alice).map((e) => e.balance)).toEqual([XPRT, XPRT]);
    expect(staking.totalBonded(store, val1)).toBe(8n * XPRT - 4_500_000n); // 0.5 × power 9 at height 2 (EndBlock(1)'s)
    next(DEFAULT_UNBONDING_TIME - 1n); // the first entry is mature, its EndBlocker has not run; the second is not
    staking.slash(ctx, val1, "0.5", 1, 10n);
    expect(staking.unbondingEntries(store, alice).map((e) => e.balance)).toEqual([XPRT, XPRT / 2n]);
  });

  it("caps each entry's cut at its balance and counts what it would have cut towards the slash amount", () => {
    const { staking, store, ctx, block, delegate, undelegate } = blocks();
    delegate(alice, val1, 10n * XPRT);
    block();
    undelegate(alice, val1, 4n * XPRT);
    block();
    staking.slash(ctx, val1, "0.75", 2, 10n); // entry: 3 XPRT; tokens: 7.5 − 3 = 4.5 XPRT of 6
    expect(staking.unbondingEntries(store, alice)[0].balance).toBe(XPRT);
    expect(staking.totalBonded(store, val1)).toBe(6n * XPRT - 4_500_000n);
    staking.slash(ctx, val1, "0.75", 2, 10n); // entry: 3 XPRT counted, 1 cut; tokens: all 1.5 left
    expect(staking.unbondingEntries(store, alice)[0].balance).toBe(0n);
    expect(staking.totalBonded(store, val1)).toBe(0n);
    // shares without tokens: an invalid exchange rate refuses delegations
    expect(() => delegate(bob, val1, XPRT)).toThrow(STAKING_ERRORS.invalidExRate);
  });

  it("keeps delegators' shares, worth less: an undelegation returns what its shares are worth, truncated", () => {
    const { staking, store, ctx, delegate } = blocks();
    delegate(alice, val1, 2n * XPRT);
    delegate(bob, val1, XPRT);
    staking.slash(ctx, val1, "0.1", ctx.block.height); // power 3: 300,000 of the 3,000,000 tokens
    expect(staking.delegation(store, alice, val1)).toBe(1_800_000n);
    expect(staking.delegation(store, bob, val1)).toBe(900_000n);
    // 8 uxprt are floor(3·10^6 × 8 / 2.7·10^6) = 8.888888888888888888 shares, worth 7.9999999999999999992
    // tokens: 7.999999999999999999 at 18 decimals, truncated to 7 (the entry and the response)
    const eight = staking.execute(ctx, alice, { undelegate: { validator: val1, amount: coin(8) } });
    expect(eight.response).toEqual(responses.undelegate(ctx.block.time + DEFAULT_UNBONDING_TIME, coin(7)));
    expect(staking.unbondingEntries(store, alice)).toEqual([expect.objectContaining({ initialBalance: 7n, balance: 7n })]);
    expect(staking.totalBonded(store, val1)).toBe(2_700_000n - 7n);
    // the 1 uxprt alice's shares lost stays with the validator, for everyone: bob's 900,000.33 reads 900,000
    expect(staking.delegation(store, alice, val1)).toBe(1_799_992n);
    expect(staking.delegation(store, bob, val1)).toBe(900_000n);
    // undelegating what the query reports leaves dust shares: the delegation stays, worth 0
    staking.execute(ctx, alice, { undelegate: { validator: val1, amount: coin(1_799_992) } });
    expect(delegationShares(store, alice, val1)).toBeGreaterThan(0n);
    expect(staking.query(ctx, { delegation: { delegator: alice, validator: val1 } })).toMatchObject({ delegation: { amount: coin(0) } });
    staking.execute(ctx, bob, { undelegate: { validator: val1, amount: coin(900_000) } });
    expect(staking.totalBonded(store, val1)).toBe(1n); // the dust shares' worth
    expect(staking.unbondingEntries(store, alice)).toEqual([expect.objectContaining({ initialBalance: 1_799_999n })]);
  });

  it("after a slash, equal undelegations in one block return different amounts: the order of the block's transactions decides who gets which", () => {
    // The SDK's numbers (cosmossdk.io/math v1.5.3, SharesFromTokens then RemoveDelShares' TokensFromShares(..).TruncateInt()),
    // from 19,000,000 tokens on 20,000,000 shares: 1,000,003 uxprt are 1052634.736842105263157894 shares,
    // worth 1,000,002 tokens; the next 1,000,003 are 1052634.678362391163072702 shares, worth 1,000,003.
    const PIECE = 1_000_003n;
    const run = (first: string, second: string) => {
      const { staking, store, ctx, block, delegate, undelegate } = blocks();
      delegate(alice, val1, 10n * XPRT);
      delegate(bob, val1, 10n * XPRT);
      block();
      staking.slash(ctx, val1, "0.05", ctx.block.height); // power 20: 1,000,000 of the 20,000,000 tokens
      expect(staking.totalBonded(store, val1)).toBe(19_000_000n);
      undelegate(first, val1, PIECE);
      expect(delegationShares(store, first, val1)).toBe(10n * XPRT * ONE - 1_052_634_736_842_105_263_157_894n);
      undelegate(second, val1, PIECE);
      expect(delegationShares(store, second, val1)).toBe(10n * XPRT * ONE - 1_052_634_678_362_391_163_072_702n);
      const entry = (who: string) => staking.unbondingEntries(store, who).map((e) => e.initialBalance);
      expect(staking.totalBonded(store, val1)).toBe(19_000_000n - 2_000_005n);
      return { [first]: entry(first), [second]: entry(second) };
    };
    expect(run(alice, bob)).toEqual({ [alice]: [1_000_002n], [bob]: [1_000_003n] });
    // the same transactions in the other order: the same total, the amounts swapped
    expect(run(bob, alice)).toEqual({ [bob]: [1_000_002n], [alice]: [1_000_003n] });
  });

  it("slashes a redelegation out of the validator at its destination: the reached entries' destination shares are unbonded", () => {
    const { staking, store, bank, ctx, pool, block, delegate, redelegate } = blocks();
    delegate(alice, val1, 10n * XPRT);
    block();
    redelegate(alice, val1, val2, 2n * XPRT); // height 2, before the infraction
    block();
    redelegate(alice, val1, val3, 3n * XPRT); // height 3
    block();
    const supply = bank.supply(store, DENOM);
    staking.slash(ctx, val1, "0.1", 3, 10n);
    expect(staking.delegation(store, alice, val2)).toBe(2n * XPRT);
    expect(staking.delegation(store, alice, val3)).toBe(3n * XPRT - 300_000n);
    // the slash amount less the 300,000 counted for the redelegation comes from val1's tokens
    expect(staking.totalBonded(store, val1)).toBe(5n * XPRT - 700_000n);
    expect(bank.supply(store, DENOM)).toBe(supply - XPRT);
    expect(bank.balance(store, pool, DENOM)).toBe(9n * XPRT);
  });

  it("refuses fractions outside [0, 1], future infractions and unbonded validators", () => {
    const { staking, ctx, next, delegate, block } = blocks();
    expect(() => staking.slash(ctx, val1, "1.5", 1)).toThrow("slash fraction must be between 0 and 1");
    expect(() => staking.slash(ctx, val1, "-0.1", 1)).toThrow("slash fraction must be between 0 and 1");
    expect(() => staking.slash(ctx, val1, "0.1", 2)).toThrow("impossible attempt to slash future infraction at height 2 but we are at height 1");
    delegate(alice, val1, XPRT);
    staking.jail(ctx, val1);
    block();
    next(DEFAULT_UNBONDING_TIME);
    staking.endBlock(ctx);
    expect(() => staking.slash(ctx, val1, "0.1", 1)).toThrow("should not be slashing unbonded validator");
  });
});

describe("bond status (val_state_change.go)", () => {
  it("a jailed validator starts unbonding when its block ends, and is unbonded after the unbonding time", () => {
    const { staking, store, ctx, next, delegate } = setup();
    delegate(alice, val1, 100);
    staking.jail(ctx, val1);
    expect(staking.query(ctx, { all_validators: {} })).toMatchObject({ validators: expect.not.arrayContaining([expect.objectContaining({ address: val1 })]) });
    staking.endBlock(ctx);
    const unbonding = staking.query(ctx, { validator: { address: val1 } });
    expect(unbonding).toMatchObject({ validator: { address: val1 } }); // wasmd's validator query has no status
    const v = () => staking.totalBonded(store, val1);
    expect(v()).toBe(100n);
    next(DEFAULT_UNBONDING_TIME);
    staking.endBlock(ctx);
    // unjailed: bonded again at the end of the block
    staking.unjail(ctx, val1);
    expect(() => staking.unjail(ctx, val1)).toThrow("validator not jailed; cannot be unjailed");
    staking.endBlock(ctx);
    expect((staking.query(ctx, { all_validators: {} }) as { validators: Array<{ address: string }> }).validators.map((x) => x.address)).toContain(val1);
  });

  it("as in the SDK a jailed validator still accepts delegations and redelegations", () => {
    const { staking, ctx, delegate, undelegate, redelegate } = setup();
    delegate(alice, val1, 100);
    delegate(alice, val2, 100);
    staking.jail(ctx, val1);
    delegate(alice, val1, 1);
    redelegate(alice, val2, val1, 1);
    undelegate(alice, val1, 50);
    expect(staking.totalBonded(ctx.store, val1)).toBe(100n + 1n + 1n - 50n);
  });

  it("a redelegation from an unbonding validator completes when it does, with its unbonding height; from an unbonded one at once", () => {
    const { staking, store, ctx, next, delegate, redelegate } = setup();
    delegate(alice, val1, 1_000);
    staking.jail(ctx, val1);
    staking.endBlock(ctx); // height 1: unbonding until T0 + 21 days
    next(DAY);
    redelegate(alice, val1, val2, 100);
    expect(staking.redelegationEntries(store, alice)).toEqual([
      expect.objectContaining({ creationHeight: 1, completionTime: T0 + DEFAULT_UNBONDING_TIME, initialBalance: 100n }),
    ]);
    next(DEFAULT_UNBONDING_TIME);
    staking.endBlock(ctx); // unbonded; the redelegation entry completes too
    const r = staking.execute(ctx, alice, { redelegate: { src_validator: val1, dst_validator: val3, amount: coin(100) } });
    expect(r.response).toEqual(responses.redelegate(ZERO_TIME));
    expect(staking.redelegationEntries(store, alice)).toEqual([]);
    expect(staking.delegation(store, alice, val3)).toBe(100n);
  });
});

describe("validators", () => {
  it("validates commission rates with the SDK's texts and refuses duplicates", () => {
    const { staking, ctx } = setup();
    const v = makeAddress("new", "persistencevaloper");
    const add = (commission: string, max_commission: string, max_change_rate: string) =>
      staking.addValidator(ctx, { address: v, commission, max_commission, max_change_rate });
    expect(() => add("0.1", "1.1", "0.01")).toThrow("commission cannot be more than 100%");
    expect(() => add("0.3", "0.2", "0.01")).toThrow("commission cannot be more than the max rate");
    expect(() => add("0.1", "0.2", "0.3")).toThrow("commission change rate cannot be more than the max rate");
    expect(() => add("-0.1", "0.2", "0.01")).toThrow("commission must be positive");
    expect(() =>
      staking.addValidator(ctx, { address: val1, commission: "0", max_commission: "0", max_change_rate: "0" }),
    ).toThrow("validator already exist for this operator address; must use new validator operator address");
    expect(() =>
      staking.addValidator(ctx, { address: alice, commission: "0", max_commission: "0", max_change_rate: "0" }),
    ).toThrow("invalid validator address");
  });
});

describe("queries", () => {
  it("answer with cosmwasm-std's JSON shapes", () => {
    const { staking, ctx, delegate } = setup();
    delegate(alice, val2, 5_000);
    delegate(alice, val1, 300);
    expect(staking.query(ctx, { bonded_denom: {} })).toEqual({ denom: "uxprt" });
    // In validator-address byte order, as the SDK's store iterates.
    const expected = [
      { delegator: alice, validator: val1, amount: coin(300) },
      { delegator: alice, validator: val2, amount: coin(5_000) },
    ].sort((a, b) => addressKey(a.validator).localeCompare(addressKey(b.validator)));
    expect(staking.query(ctx, { all_delegations: { delegator: alice } })).toEqual({ delegations: expected });
    expect(JSON.stringify(staking.query(ctx, { delegation: { delegator: alice, validator: val1 } }))).toBe(
      JSON.stringify({
        delegation: {
          delegator: alice,
          validator: val1,
          amount: coin(300),
          accumulated_rewards: [],
          can_redelegate: coin(300), // wasmvm FullDelegation's field order
        },
      }),
    );
    expect(staking.query(ctx, { delegation: { delegator: bob, validator: val1 } })).toEqual({ delegation: null });
    expect(staking.query(ctx, { validator: { address: val1 } })).toEqual({
      // LegacyDec.String(), 18 decimals, as wasmd's querier prints the rates
      validator: { address: val1, commission: "0.050000000000000000", max_commission: "0.200000000000000000", max_change_rate: "0.010000000000000000" },
    });
    const unknown = makeAddress("nobody", "persistencevaloper");
    expect(staking.query(ctx, { validator: { address: unknown } })).toEqual({ validator: null });
  });

  it("lists the active set by power and leaves jailed validators out", () => {
    const { staking, ctx, bank, store, delegate } = setup();
    bank.mint(store, alice, [coin(10_000_000)]);
    delegate(alice, val3, 3_000_000);
    delegate(alice, val1, 1_000_000);
    delegate(alice, val2, 2_000_000);
    const list = () => (staking.query(ctx, { all_validators: {} }) as { validators: Array<{ address: string }> }).validators;
    expect(list().map((v) => v.address)).toEqual([val3, val2, val1]);
    staking.jail(ctx, val2);
    expect(list().map((v) => v.address)).toEqual([val3, val1]);
    expect(staking.query(ctx, { validator: { address: val2 } })).toMatchObject({ validator: { address: val2 } });
  });

  it("refuses malformed addresses with wasmd's texts", () => {
    const { staking, ctx } = setup();
    expect(() => staking.query(ctx, { all_delegations: { delegator: "nonsense" } })).toThrow("nonsense: invalid address");
    expect(() => staking.query(ctx, { delegation: { delegator: alice, validator: alice } })).toThrow(
      `${alice}: invalid address`,
    );
    expect(() => staking.query(ctx, { validator: { address: alice } })).toThrow(
      "invalid Bech32 prefix; expected persistencevaloper, got persistence",
    );
  });
});

describe("formats and malformed input", () => {
  it("prints completion times as Go's RFC3339 in UTC, without floats", () => {
    const s = (seconds: bigint) => rfc3339(seconds * 1_000_000_000n + 999_999_999n);
    expect(s(0n)).toBe("1970-01-01T00:00:00Z");
    expect(s(1_700_000_000n)).toBe("2023-11-14T22:13:20Z");
    expect(s(1_709_164_800n)).toBe("2024-02-29T00:00:00Z");
    expect(s(951_868_799n)).toBe("2000-02-29T23:59:59Z");
    expect(s(4_102_444_800n)).toBe("2100-01-01T00:00:00Z");
  });

  it("turns malformed messages into AppErrors", () => {
    const { staking, ctx } = setup();
    const bad = (msg: unknown) => () => staking.execute(ctx, alice, msg as Parameters<Staking["execute"]>[2]);
    expect(bad(null)).toThrow("unknown variant of Staking: unknown message from the contract");
    expect(bad({ bond: {} })).toThrow("unknown variant of Staking: unknown message from the contract");
    expect(bad({ delegate: { amount: coin(1) } })).toThrow(
      "invalid validator address: empty address string is not allowed: invalid address",
    );
    expect(bad({ delegate: { validator: val1, amount: { denom: DENOM, amount: "1.5" } } })).toThrow("1.5uxprt: invalid coins");
    expect(() => staking.query(ctx, { pool: {} } as unknown as Parameters<Staking["query"]>[1])).toThrow(
      "unknown Staking variant",
    );
  });
});
