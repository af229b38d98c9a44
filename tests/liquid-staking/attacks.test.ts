// Issue 15: the independent review's attacks on the compiled contract, with the scenario's
// figures. Each story runs the attack and reports what every party ended with; the assertions
// say what the attack achieves.
import { describe, expect, it } from "vitest";
import { makeAddress } from "../../simulator/vm/api";
import { checkWasm } from "../../tools/check";
import { contractWasm } from "../helpers/contracts";
import { DAY, EPOCH, Setup, UNBONDING, XPRT, alice, attrs, bob, bond, carol, delegations, operator, owner, poolState, setup, stk, uxprt } from "./setup";

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
    bond(s, mallory, 1000n * XPRT);
    const sweep = attrs(s.ls.execute(mallory, { reconcile: {} }));
    const malloryGain = worth(s, mallory) - 1000n * XPRT;
    s.app.advanceBlocks(1);
    s.ls.execute(carol, { reconcile: {} });
    return { s, native1, native2, sweep, malloryGain, alicePaid: withdraw(s, alice), bobPaid: withdraw(s, bob) };
  }

  it("mallory gains 22.99 XPRT of bob's batch; bob is paid nothing", () => {
    const { native1, native2, malloryGain, alicePaid, bobPaid } = lull();
    expect(native1 / 1000n).toBe(30_021n); // 30.021 XPRT
    expect(native2 / 1000n).toBe(30_042n); // 30.042 XPRT
    expect(alicePaid).toBe(native1);
    expect(bobPaid).toBe(0n);
    expect((malloryGain + 5_000n) / 10_000n).toBe(2_299n); // 22.99 XPRT
  });
});

describe("finding 2: batches are timed by config.unbonding_period, not by the chain", () => {
  it("an owner who sets unbonding_period to 7 days takes the unbonders' money for the stakers", () => {
    const s = setup();
    for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
    s.ls.execute(owner, { update_config: { unbonding_period: 7 * DAY } });
    s.ls.execute(alice, { queue_unbond: { amount: (30n * XPRT).toString() } });
    s.app.advanceTime(EPOCH);
    const native1 = BigInt(attrs(s.ls.execute(carol, { submit_batch: {} })).native);
    // Seven days later the contract counts batch 1 as arrived: nothing has, it gets nothing.
    s.app.advanceTime(7 * DAY);
    s.ls.execute(carol, { reconcile: {} });
    s.app.advanceBlocks(1);
    expect(attrs(s.ls.execute(carol, { reconcile: {} }))).toMatchObject({ reconciled: "1-1", expected: native1.toString(), arrived: "0" });
    // Bob's batch, reconciled after the chain paid alice's, sweeps it into the stakers' rewards.
    s.ls.execute(bob, { queue_unbond: { amount: XPRT.toString() } });
    s.app.advanceTime(UNBONDING);
    const native2 = BigInt(attrs(s.ls.execute(carol, { submit_batch: {} })).native);
    s.app.advanceTime(7 * DAY);
    s.ls.execute(carol, { reconcile: {} });
    s.app.advanceBlocks(1);
    const before = BigInt(poolState(s).unlocked);
    s.ls.execute(carol, { reconcile: {} });
    // Batch 2 takes its due out of alice's money, the stakers the rest.
    expect(BigInt(poolState(s).unlocked) - before).toBe(native1 - native2);
    expect(withdraw(s, alice)).toBe(0n);
    expect(withdraw(s, bob)).toBe(native2);
  });

  it("governance shortens the chain's unbonding time: a later batch is paid before an earlier one ends and is swept", () => {
    const { s, native1, native2 } = twoBatches();
    // Batch 2 was submitted under 21 days; the chain now unbonds in 14: batch 3 ends before both.
    s.app.staking.setParams(s.app.store, { unbondingTime: 14n * BigInt(DAY) * NANOS });
    s.ls.execute(carol, { queue_unbond: { amount: (30n * XPRT).toString() } });
    s.app.advanceTime(EPOCH);
    const native3 = BigInt(attrs(s.ls.execute(carol, { submit_batch: {} })).native);
    s.app.advanceTime(14 * DAY + 60);
    s.ls.execute(carol, { reconcile: {} });
    s.app.advanceTime(4 * DAY);
    s.ls.execute(carol, { reconcile: {} }); // batch 1 reconciled with batch 3's money in the balance
    s.app.advanceTime(4 * DAY);
    s.ls.execute(carol, { reconcile: {} });
    s.app.advanceBlocks(1);
    s.ls.execute(carol, { reconcile: {} });
    const paid = [withdraw(s, alice), withdraw(s, bob), withdraw(s, carol)];
    expect(paid[0]).toBe(native1);
    expect(paid[1]).toBe(native2);
    // Batch 3's money went to the stakers as rewards when batch 1 was reconciled.
    expect(paid[2]).toBe(0n);
    expect(native3).toBeGreaterThan(0n);
  });

  it("governance lengthens it: a batch is reconciled with a 100% shortfall and its funds arrive unbooked", () => {
    const s = setup();
    for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
    s.app.staking.setParams(s.app.store, { unbondingTime: 28n * BigInt(DAY) * NANOS });
    s.ls.execute(alice, { queue_unbond: { amount: (30n * XPRT).toString() } });
    s.app.advanceTime(EPOCH);
    s.ls.execute(carol, { submit_batch: {} });
    s.app.advanceTime(UNBONDING + 60);
    s.ls.execute(carol, { reconcile: {} });
    s.app.advanceBlocks(1);
    expect(attrs(s.ls.execute(carol, { reconcile: {} }))).toMatchObject({ reconciled: "1-1", arrived: "0" });
    s.app.advanceTime(7 * DAY);
    s.app.advanceBlocks(1);
    expect(withdraw(s, alice)).toBe(0n);
    const st = poolState(s);
    expect(s.app.balance(s.ls.address, "uxprt")).toBeGreaterThan(BigInt(st.buffer) + BigInt(st.unlocked) + BigInt(st.claimable) + 29n * XPRT);
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
    s.app.slash(a, "0.05"); // a is jailed
    let removal = "";
    try {
      s.ls.execute(owner, { remove_validator: { validator: a } });
      removal = "ok";
    } catch (e) {
      removal = (e as Error).message;
    }
    return { s, a, b, c, opened, ab: pair(a, b), ac: pair(a, c), removal };
  }

  it("a 10% bond opens rebalance to anyone; seven rounds fill a→b and a→c; removing a jailed a then reverts", () => {
    const { opened, ab, ac, removal } = exhaust();
    expect(opened).toBe(7);
    expect([ab, ac]).toEqual([7, 7]);
    expect(removal).toContain("too many redelegation entries");
  });
});

describe("finding 4: pauses freeze exits, for ever after a renounce", () => {
  it("a pause blocks queue_unbond and submit_batch; queued requests cannot be cancelled", () => {
    const s = setup();
    for (const u of [alice, bob]) bond(s, u, 100n * XPRT);
    s.ls.execute(alice, { queue_unbond: { amount: (10n * XPRT).toString() } });
    s.ls.execute(operator, { pause: {} });
    s.app.advanceTime(EPOCH);
    expect(s.ls.fails(bob, { queue_unbond: { amount: XPRT.toString() } })).toContain("Paused");
    expect(s.ls.fails(alice, { submit_batch: {} })).toContain("Paused");
    expect(s.ls.rejects(alice, { cancel_unbond: {} })).toContain("unknown variant `cancel_unbond`");
  });

  it("after a renounce, a pause or a breaker trip can never be undone", () => {
    const s = setup();
    for (const u of [alice, bob]) bond(s, u, 100n * XPRT);
    s.ls.execute(alice, { queue_unbond: { amount: (10n * XPRT).toString() } });
    s.ls.execute(owner, { update_ownership: "renounce_ownership" });
    s.app.slash(s.vals[0], "0.2");
    s.app.advanceTime(EPOCH);
    expect(attrs(s.ls.execute(alice, { submit_batch: {} }))).toMatchObject({ circuit_breaker: "tripped" });
    expect(poolState(s).paused).toBe(true);
    expect(s.ls.fails(owner, { unpause: {} })).toContain("Unauthorized");
    expect(s.ls.fails(alice, { submit_batch: {} })).toContain("Paused");
    // The operator may still pause a contract nobody can unpause.
    const t = setup();
    t.ls.execute(owner, { update_ownership: "renounce_ownership" });
    t.ls.execute(operator, { pause: {} });
    expect(poolState(t).paused).toBe(true);
  });

  it("the owner may renounce while paused", () => {
    const s = setup();
    s.ls.execute(operator, { pause: {} });
    s.ls.execute(owner, { update_ownership: "renounce_ownership" });
    expect(s.ls.query({ ownership: {} })).toMatchObject({ owner: null });
    expect(poolState(s).paused).toBe(true);
  });
});

describe("also", () => {
  it("harvest passes data in SubMsg.payload (CosmWasm 2.0) while the contract declares only cosmwasm_1_4", () => {
    const harvest = setup();
    bond(harvest, alice, 100n * XPRT);
    harvest.app.advanceTime(DAY);
    expect(harvest.ls.execute(operator, { harvest: {} }).events.some((e) => e.type === "reply")).toBe(true);
    expect(checkWasm(contractWasm("liquid-staking")).info.capabilities.sort()).toEqual(["cosmwasm_1_4", "staking"]);
  });


  it("jailed validators still receive deposits and reinvested rewards", () => {
    const s = setup();
    bond(s, alice, 100n * XPRT);
    bond(s, bob, 100n * XPRT);
    const jailed = s.vals[2];
    s.app.slash(jailed, "0.01");
    bond(s, carol, 50n * XPRT);
    expect(delegations(s).get(jailed)).toBe(47_500_000n);
    s.app.advanceTime(30 * DAY);
    const rewards = BigInt(poolState(s).pending_rewards);
    s.ls.execute(operator, { harvest: {} });
    expect(delegations(s).get(jailed)).toBe(47_500_000n + rewards);
  });

  it("withdraw_unbonded right after the unbonding ends answers 'retry: next block'", () => {
    const s = setup();
    bond(s, alice, 100n * XPRT);
    s.ls.execute(alice, { queue_unbond: { amount: (10n * XPRT).toString() } });
    s.app.advanceTime(EPOCH);
    s.ls.execute(alice, { submit_batch: {} });
    s.app.advanceTime(UNBONDING + 1);
    s.app.advanceBlocks(1); // the chain has paid: the contract cannot know without a call in between
    expect(attrs(s.ls.execute(alice, { withdraw_unbonded: {} }))).toMatchObject({ amount: "0", retry: "next block" });
  });

  it("messages.ts says the operator may submit batches early; the code lets nobody", () => {
    const s = setup();
    bond(s, alice, 100n * XPRT);
    s.ls.execute(alice, { queue_unbond: { amount: (10n * XPRT).toString() } });
    const doc = JSON.stringify(s.ls.schema.schema);
    expect(doc).toContain("May harvest, submit batches and rebalance at any time");
    expect(s.ls.fails(operator, { submit_batch: {} })).toContain("is not due");
  });
});
