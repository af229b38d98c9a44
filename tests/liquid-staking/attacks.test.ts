// Issue 15: the independent review's attacks on the compiled contract, with the scenario's
// figures. Each story runs the attack as the review wrote it (it succeeded on 0.1.0: see the
// commit that added this file); the assertions say that it fails now and that nothing moved
// beyond rounding.
import { describe, expect, it } from "vitest";
import { addressKey } from "@persistence-ts/simulator/app/staking";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { checkWasm } from "@persistence-ts/cli/check/index";
import { contractWasm } from "@persistence-ts/testing/contracts";
import { DAY, EPOCH, Setup, UNBONDING, XPRT, alice, attrs, bob, bond, carol, delegations, operator, owner, poolState, setup, stk, uxprt, valoper } from "./setup";

const NANOS = 1_000_000_000n;
const mallory = makeAddress("mallory");

interface BatchInfo {
  id: number;
  native: string;
  unbond_end: string;
  status: string;
  received: string | null;
}
const batches = (s: Setup) => s.ls.query<{ batches: BatchInfo[] }>({ batches: { limit: 100 } }).batches;

/** What `who`'s stk are worth at the pool's current rate. */
function worth(s: Setup, who: string): bigint {
  const st = poolState(s);
  return (stk(s, who) * BigInt(st.total_native)) / BigInt(st.stk_supply);
}

/** Withdraws `who`'s settled requests and returns what the bank paid it. */
function withdraw(s: Setup, who: string): bigint {
  const before = s.app.balance(who, "uxprt");
  try {
    s.ls.execute(who, { withdraw_unbonded: {} });
  } catch {
    // nothing to withdraw
  }
  return s.app.balance(who, "uxprt") - before;
}

/** Advances to `nanos` (block time), as one block. */
function advanceTo(s: Setup, nanos: bigint): void {
  s.app.advanceTime(Number((nanos - s.app.block.time) / NANOS));
}

/** 3 × 100 XPRT staked; batch 1 (alice, 30 stk), batch 2 three days later (bob, 30 stk). */
function twoBatches(extra: Record<string, unknown> = {}): { s: Setup; native1: bigint; native2: bigint } {
  const s = setup(extra);
  s.app.mint(mallory, uxprt(10_000n * XPRT));
  for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
  s.ls.execute(alice, { queue_unbond: { amount: (30n * XPRT).toString() } });
  s.app.advanceTime(EPOCH);
  const native1 = BigInt(attrs(s.ls.execute(carol, { submit_batch: {} })).native);
  s.ls.execute(bob, { queue_unbond: { amount: (30n * XPRT).toString() } });
  s.app.advanceTime(EPOCH);
  const native2 = BigInt(attrs(s.ls.execute(carol, { submit_batch: {} })).native);
  return { s, native1, native2 };
}

describe("finding 1: reconcile hands a later batch's money to the stakers", () => {
  /**
   * One call lands a minute after batch 1 ends, then nobody calls for three days; in the first
   * block after batch 2 paid out, mallory bonds 1,000 XPRT and calls reconcile.
   */
  function lull() {
    const { s, native1, native2 } = twoBatches();
    const [b1, b2] = batches(s);
    advanceTo(s, BigInt(b1.unbond_end) + 60n * NANOS);
    s.ls.execute(carol, { reconcile: {} });
    s.app.advanceTime(3 * DAY);
    s.app.advanceBlocks(1); // batch 2 completed in the block that just ended
    expect(s.app.staking.unbondingEntries(s.app.store, s.ls.address)).toHaveLength(0);
    expect(BigInt(b2.unbond_end)).toBeLessThan(s.app.block.time);
    const unlocked = BigInt(poolState(s).unlocked);
    const sweep = attrs(bond(s, mallory, 1000n * XPRT));
    s.ls.execute(mallory, { reconcile: {} });
    const malloryGain = worth(s, mallory) - 1000n * XPRT;
    s.app.advanceBlocks(1);
    s.ls.execute(carol, { reconcile: {} });
    const unlockedGain = BigInt(poolState(s).unlocked) - unlocked;
    return { s, native1, native2, sweep, malloryGain, unlockedGain, alicePaid: withdraw(s, alice), bobPaid: withdraw(s, bob) };
  }

  it("mallory gains nothing in the sweeping block; alice and bob are paid their batches in full", () => {
    const { native1, native2, sweep, malloryGain, unlockedGain, alicePaid, bobPaid } = lull();
    expect(native1 / 1000n).toBe(30_021n); // 30.021 XPRT
    expect(native2 / 1000n).toBe(30_042n); // 30.042 XPRT
    // Mallory's own bond settles first: batch 1 is certain, batch 2 may have landed, and the
    // balance covers both, so both settle in full; nothing is counted as rewards.
    expect(sweep).toMatchObject({ settled: "1,2", expected: (native1 + native2).toString(), shortfall: "0" });
    expect(sweep.surplus).toBeUndefined();
    // The stakers' liquid rewards grew only by what the chain paid on mallory's delegations.
    expect(unlockedGain.toString()).toBe(sweep.hook_rewards);
    expect(alicePaid).toBe(native1);
    expect(bobPaid).toBe(native2);
    // Mallory's stk are worth what it paid, less the rounding of its own mint.
    expect(malloryGain).toBeLessThanOrEqual(0n);
    expect(malloryGain).toBeGreaterThanOrEqual(-2n);
  });

  it("a call in the block that pays batch 1 settles nothing; the next block settles it alone, exactly", () => {
    const { s, native1 } = twoBatches();
    const [b1] = batches(s);
    advanceTo(s, BigInt(b1.unbond_end) + 60n * NANOS);
    expect(attrs(s.ls.execute(carol, { reconcile: {} }))).toMatchObject({ settle: "waiting: batch 1 may not have been paid yet" });
    s.app.advanceBlocks(1);
    expect(attrs(s.ls.execute(carol, { reconcile: {} }))).toMatchObject({ settled: "1", expected: native1.toString(), arrived: native1.toString() });
  });
});

describe("finding 2: batches are timed by config.unbonding_period, not by the chain", () => {
  it("an owner who sets unbonding_period to 7 days changes nothing for the batches: the chain's completion times rule", () => {
    const s = setup();
    for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
    s.ls.execute(owner, { update_config: { unbonding_period: 7 * DAY } });
    s.ls.execute(alice, { queue_unbond: { amount: (30n * XPRT).toString() } });
    s.app.advanceTime(EPOCH);
    const native1 = BigInt(attrs(s.ls.execute(carol, { submit_batch: {} })).native);
    expect(batches(s)[0].unbond_end).toBe((s.app.block.time + BigInt(UNBONDING) * NANOS).toString());
    // Seven days later batch 1 is not due: nothing is settled, nothing counted as arrived.
    s.app.advanceTime(7 * DAY);
    s.ls.execute(carol, { reconcile: {} });
    s.app.advanceBlocks(1);
    expect(attrs(s.ls.execute(carol, { reconcile: {} })).settled).toBeUndefined();
    s.ls.execute(bob, { queue_unbond: { amount: XPRT.toString() } });
    s.app.advanceTime(UNBONDING);
    const native2 = BigInt(attrs(s.ls.execute(carol, { submit_batch: {} })).native);
    s.app.advanceTime(7 * DAY);
    s.ls.execute(carol, { reconcile: {} });
    s.app.advanceBlocks(1);
    const before = BigInt(poolState(s).unlocked);
    s.ls.execute(carol, { reconcile: {} });
    expect(BigInt(poolState(s).unlocked)).toBe(before);
    expect(withdraw(s, alice)).toBe(native1);
    s.app.advanceTime(UNBONDING);
    s.app.advanceBlocks(1);
    expect(withdraw(s, bob)).toBe(native2);
  });

  it("governance shortens the chain's unbonding time: each batch is paid its own payout, in the chain's order", () => {
    const { s, native1, native2 } = twoBatches();
    // Batches 1 and 2 were submitted under 21 days; the chain now unbonds in 14: batch 3 ends before both.
    s.app.setUnbondingTime(14 * DAY);
    s.ls.execute(carol, { queue_unbond: { amount: (30n * XPRT).toString() } });
    s.app.advanceTime(EPOCH);
    const native3 = BigInt(attrs(s.ls.execute(carol, { submit_batch: {} })).native);
    const [b1, b2, b3] = batches(s);
    expect(BigInt(b3.unbond_end)).toBeLessThan(BigInt(b1.unbond_end));
    // Two calls in different blocks after each completion: each batch settles alone, exactly.
    const settleAfter = (end: string) => {
      advanceTo(s, BigInt(end) + 60n * NANOS);
      s.ls.execute(carol, { reconcile: {} });
      s.app.advanceBlocks(1);
      return attrs(s.ls.execute(carol, { reconcile: {} }));
    };
    expect(settleAfter(b3.unbond_end)).toMatchObject({ settled: "3", arrived: native3.toString() });
    expect(settleAfter(b1.unbond_end)).toMatchObject({ settled: "1", arrived: native1.toString() });
    expect(settleAfter(b2.unbond_end)).toMatchObject({ settled: "2", arrived: native2.toString() });
    expect([withdraw(s, alice), withdraw(s, bob), withdraw(s, carol)]).toEqual([native1, native2, native3]);
    expect(poolState(s)).toMatchObject({ unbonding: "0", claimable: "0", surplus: "0" });
  });

  it("governance lengthens it: the batch waits for the chain's completion time and is paid in full", () => {
    const s = setup();
    for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
    s.app.setUnbondingTime(28 * DAY);
    s.ls.execute(alice, { queue_unbond: { amount: (30n * XPRT).toString() } });
    s.app.advanceTime(EPOCH);
    const native1 = BigInt(attrs(s.ls.execute(carol, { submit_batch: {} })).native);
    s.app.advanceTime(UNBONDING + 60);
    s.ls.execute(carol, { reconcile: {} });
    s.app.advanceBlocks(1);
    expect(attrs(s.ls.execute(carol, { reconcile: {} })).settled).toBeUndefined();
    expect(s.ls.fails(alice, { withdraw_unbonded: {} })).toContain("Nothing to withdraw");
    s.app.advanceTime(7 * DAY);
    s.app.advanceBlocks(1);
    expect(withdraw(s, alice)).toBe(native1);
    const st = poolState(s);
    expect(s.app.balance(s.ls.address, "uxprt")).toBe(BigInt(st.buffer) + BigInt(st.unlocked) + BigInt(st.claimable) + BigInt(st.surplus));
  });
});

describe("finding 3: anyone can exhaust the 7 redelegation entries", () => {
  /** Rounds of: mallory bonds 10% of the pool (it all goes to one validator), then rebalances. */
  function exhaust() {
    const s = setup();
    s.app.mint(mallory, uxprt(100_000n * XPRT));
    for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
    const [a, b, c] = s.vals;
    let opened = 0;
    for (let round = 0; round < 7; round++) {
      bond(s, mallory, BigInt(poolState(s).total_native) / 10n);
      try {
        if (attrs(s.ls.execute(mallory, { rebalance: {} })).action === "rebalance") opened++;
      } catch {
        // not due
      }
      s.app.advanceBlocks(1);
    }
    const entries = s.app.staking.redelegationEntries(s.app.store, s.ls.address);
    const pair = (src: string, dst: string) => entries.filter((e) => e.srcValidator === src && e.dstValidator === dst).length;
    s.app.slash(a, "0.05", { infractionHeight: s.app.block.height, jail: true }); // a is jailed
    let removal = "";
    try {
      s.ls.execute(owner, { remove_validator: { validator: a } });
      removal = "ok";
    } catch (e) {
      removal = (e as Error).message;
    }
    return { s, a, b, c, opened, ab: pair(a, b), ac: pair(a, c), removal };
  }

  it("a 10% bond is split by weight deficit: rebalance never opens to mallory, no entry is taken", () => {
    const { s, opened, ab, ac, removal } = exhaust();
    expect(opened).toBe(0);
    expect([ab, ac]).toEqual([0, 0]);
    expect(removal).toBe("ok");
    // The jailed validator's stake moved to the two bonded ones.
    expect(delegations(s).has(s.vals[0])).toBe(false);
  });

  it("with every a→c entry taken, removing a jailed a moves all of its stake to b; rebalance never opens a second receiving validator in a 3-set", () => {
    const s = setup();
    s.app.mint(mallory, uxprt(100_000n * XPRT));
    for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
    const [a, b, c] = s.vals;
    const weights = (wa: number) => ({ update_weights: { validators: [a, b, c].map((address, i) => ({ address, weight: i === 0 ? wa : (10_000 - wa) / 2 })) } });
    // Seven rounds: a's weight falls, the operator rebalances; then it rises and deposits refill a.
    // At most half of the open validators receive at a time (1 of 3): every round goes a→c.
    for (let round = 0; round < 7; round++) {
      s.ls.execute(owner, weights(1000));
      expect(attrs(s.ls.execute(operator, { rebalance: {} }))).toMatchObject({ redelegations: "1" });
      s.ls.execute(owner, weights(8000));
      bond(s, mallory, BigInt(poolState(s).total_native) / 2n);
      s.app.advanceBlocks(1);
    }
    const entries = () => s.app.staking.redelegationEntries(s.app.store, s.ls.address);
    expect(entries().filter((e) => e.srcValidator === a && e.dstValidator === c).length).toBe(7);
    // An 8th round finds a→c full and b may not start receiving: nothing is sent that the chain would refuse.
    s.ls.execute(owner, weights(1000));
    expect(s.ls.fails(operator, { rebalance: {} })).toContain("Nothing to rebalance");
    s.app.slash(a, "0.05", { infractionHeight: s.app.block.height, jail: true }); // jailed
    const held = delegations(s).get(a)!;
    // Stake that must leave a validator is never held back by the cap: all of it goes to b.
    expect(attrs(s.ls.execute(owner, { remove_validator: { validator: a } }))).toMatchObject({ redelegated: held.toString(), left: "0" });
    expect(delegations(s).has(a)).toBe(false);
    expect(entries().filter((e) => e.dstValidator === b).length).toBe(1);
  });
});

describe("finding 4: pauses freeze exits, for ever after a renounce", () => {
  it("under a pause, queue_unbond, cancel_unbond, submit_batch and withdraw_unbonded all complete", () => {
    const s = setup();
    for (const u of [alice, bob]) bond(s, u, 100n * XPRT);
    s.ls.execute(alice, { queue_unbond: { amount: (10n * XPRT).toString() } });
    s.ls.execute(operator, { pause: {} });
    s.app.advanceTime(EPOCH);
    s.ls.execute(bob, { queue_unbond: { amount: XPRT.toString() } });
    expect(attrs(s.ls.execute(bob, { cancel_unbond: {} }))).toMatchObject({ action: "cancel_unbond", amount: XPRT.toString() });
    expect(stk(s, bob)).toBe(100n * XPRT);
    expect(s.ls.fails(bob, { cancel_unbond: {} })).toContain("No request of");
    const native = BigInt(attrs(s.ls.execute(alice, { submit_batch: {} })).native);
    s.app.advanceTime(UNBONDING);
    s.app.advanceBlocks(1);
    expect(withdraw(s, alice)).toBe(native);
    expect(poolState(s).paused).toBe(true);
  });

  it("after a renounce the breaker no longer trips, and nobody can pause", () => {
    const s = setup();
    for (const u of [alice, bob]) bond(s, u, 100n * XPRT);
    s.ls.execute(alice, { queue_unbond: { amount: (10n * XPRT).toString() } });
    s.ls.execute(owner, { update_ownership: "renounce_ownership" });
    s.app.slash(s.vals[0], "0.2", { infractionHeight: s.app.block.height, jail: true });
    s.app.advanceTime(EPOCH);
    const res = attrs(s.ls.execute(alice, { submit_batch: {} }));
    expect(res.circuit_breaker).toBeUndefined();
    expect(res.action).toBe("submit_batch");
    expect(poolState(s).paused).toBe(false);
    bond(s, bob, 10n * XPRT);
    expect(s.ls.fails(operator, { pause: {} })).toContain("The contract has no owner: a pause could never be lifted");
  });

  it("the owner may not renounce while paused", () => {
    const s = setup();
    s.ls.execute(operator, { pause: {} });
    expect(s.ls.fails(owner, { update_ownership: "renounce_ownership" })).toContain("Paused: unpause before renouncing ownership");
    s.ls.execute(owner, { unpause: {} });
    s.ls.execute(owner, { update_ownership: "renounce_ownership" });
    expect(s.ls.query({ ownership: {} })).toMatchObject({ owner: null });
  });

  it("a breaker trip with an owner pauses, and exits go on under it", () => {
    const s = setup();
    for (const u of [alice, bob]) bond(s, u, 100n * XPRT);
    s.ls.execute(alice, { queue_unbond: { amount: (10n * XPRT).toString() } });
    s.app.slash(s.vals[0], "0.2", { infractionHeight: s.app.block.height, jail: true });
    s.app.advanceTime(EPOCH);
    expect(attrs(s.ls.execute(alice, { submit_batch: {} }))).toMatchObject({ action: "submit_batch", circuit_breaker: "tripped" });
    expect(poolState(s).paused).toBe(true);
    expect(s.ls.fails(bob, { bond: {} }, uxprt(XPRT))).toContain("Paused");
  });
});

describe("also", () => {
  it("the contract declares cosmwasm_2_0: its replies read msg_responses and payload", () => {
    const harvest = setup();
    bond(harvest, alice, 100n * XPRT);
    harvest.app.advanceTime(DAY);
    expect(harvest.ls.execute(operator, { harvest: {} }).events.some((e) => e.type === "reply")).toBe(true);
    expect(checkWasm(contractWasm("liquid-staking")).info.capabilities.sort()).toEqual(["cosmwasm_1_4", "cosmwasm_2_0", "staking"]);
  });

  it("jailed validators get no deposits and no reinvested rewards", () => {
    const s = setup();
    bond(s, alice, 100n * XPRT);
    bond(s, bob, 100n * XPRT);
    const jailed = s.vals[2];
    const held = delegations(s).get(jailed)!;
    s.app.slash(jailed, "0.01", { infractionHeight: s.app.block.height, jail: true });
    const afterSlash = delegations(s).get(jailed)!;
    expect(afterSlash).toBeLessThan(held);
    bond(s, carol, 50n * XPRT);
    expect(delegations(s).get(jailed)).toBe(afterSlash);
    expect(s.ls.query<{ validators: Array<{ address: string; bonded: boolean }> }>({ validators: {} }).validators.find((v) => v.address === jailed)!.bonded).toBe(false);
    s.app.advanceTime(30 * DAY);
    s.ls.execute(operator, { harvest: {} });
    expect(delegations(s).get(jailed)).toBe(afterSlash);
  });

  it("a weighted validator removed from the chain gets no stake; bond and harvest go on", () => {
    const s = setup();
    const gone = valoper(9);
    s.app.addValidator({ address: gone, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
    s.ls.execute(owner, { add_validator: { validator: gone } });
    s.ls.execute(owner, { update_weights: { validators: [...s.vals, gone].map((address) => ({ address, weight: 2500 })) } });
    // It leaves the chain before any stake reached it (unbonded, no delegations: the SDK deletes it).
    s.app.store.remove(Buffer.from(`staking/validator/${addressKey(gone)}`, "utf8"));
    bond(s, alice, 100n * XPRT);
    expect(delegations(s).size).toBe(3);
    s.app.advanceTime(DAY);
    expect(attrs(s.ls.execute(operator, { harvest: {} })).action).toBe("reinvest");
  });

  it("the first withdraw_unbonded after the chain paid the batch pays, without any call in between", () => {
    const s = setup();
    bond(s, alice, 100n * XPRT);
    s.ls.execute(alice, { queue_unbond: { amount: (10n * XPRT).toString() } });
    s.app.advanceTime(EPOCH);
    const native = BigInt(attrs(s.ls.execute(alice, { submit_batch: {} })).native);
    s.app.advanceTime(UNBONDING + 1);
    s.app.advanceBlocks(1); // the chain has paid at the end of the previous block
    expect(attrs(s.ls.execute(alice, { withdraw_unbonded: {} }))).toMatchObject({ settled: "1", amount: native.toString() });
  });

  it("messages.ts and the code agree: the operator may harvest and rebalance at any time, not submit a batch early", () => {
    const s = setup();
    bond(s, alice, 100n * XPRT);
    s.ls.execute(alice, { queue_unbond: { amount: (10n * XPRT).toString() } });
    const doc = JSON.stringify(s.ls.schema.schema);
    expect(doc).toContain("May harvest and rebalance at any time, and pause");
    expect(doc).not.toContain("submit batches");
    expect(s.ls.fails(operator, { submit_batch: {} })).toContain("is not due");
  });
});
