// Review of liquid-staking 0.2.0 (issue 15's fixes): new attacks on the compiled contract.
// Each test ran the attack and passed while the hole existed; each now asserts that the attack
// fails, with the figures (the comment above each gives the figures before and after the fix), or
// the behaviour the README states where a finding is accepted (R6).
import { describe, expect, it } from "vitest";
import { DAY, EPOCH, NANOS, Setup, UNBONDING, XPRT, advanceTo, alice, attrs, bob, bond, carol, delegations, mallory, migrateToCurrent, oldContract, operator, owner, poolState, setup, sum, uxprt, withdraw } from "./setup";


interface BatchInfo {
  id: number;
  native: string;
  undelegated: string;
  unbond_end: string;
  status: string;
  received: string | null;
}
const batches = (s: Setup) => s.ls.query<{ batches: BatchInfo[] }>({ batches: { limit: 100 } }).batches;

/** The contract's unbonding entries created at `height` (one batch's), with their balances now. */
function batchEntries(s: Setup, height: number) {
  return s.app.staking.unbondingEntries(s.app.store, s.ls.address).filter((e) => e.creationHeight === height);
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return "ok";
}

describe("R1 (MEDIUM, fixed): a redelegation's slash reaches no batch that undelegated nothing from its source", () => {
  /**
   * MEDIUM. Rule: "every unbonder receives its batch's due minus the slashing of what was
   * undelegated for it"; invariant 5 "the stakers never gain from the unbonders".
   *
   * The SDK (x/staking keeper/slash.go SlashRedelegation, "undelegation after redelegation") takes a
   * redelegation entry's slash first from the delegator's unbonding entries at the destination
   * created at or after the infraction, and only the rest from the destination delegation. The
   * contract is one delegator for stakers and unbonders alike.
   *
   * Before: 3 × 100 XPRT; infraction at H on A; remove_validator(A) spread its 97.869 XPRT over B
   * and C; alice's batch (30.021141 XPRT) undelegated from B and C; the evidence cut her entries by
   * 4.893450 XPRT and she was paid 25.127691 XPRT (16.3 % less), the stakers nothing.
   *
   * After: at most half of the open validators receive our redelegations at a time (here 1 of 2):
   * A's 97.869 XPRT go to one of them, and batches undelegate from validators not receiving while
   * those cover them. Alice's batch comes from the other; the evidence leaves her entry whole
   * (30.021141) and unbonds 4.893450 XPRT of the destination delegation (the stakers'); she is
   * paid 30.021141 XPRT.
   */
  it("alice's batch undelegates from the validator not receiving A's stake; the evidence cuts the stakers' delegation, alice is paid in full", () => {
    const s = setup();
    for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
    const [a, b, c] = s.vals;
    s.app.advanceBlocks(1);
    const infraction = s.app.block.height; // A double-signs here
    s.app.advanceBlocks(1);
    const moved = attrs(s.ls.execute(owner, { remove_validator: { validator: a } }));
    expect(moved).toMatchObject({ redelegated: "97869000", left: "0" });
    const received = s.app.staking.redelegationEntries(s.app.store, s.ls.address).map((e) => e.dstValidator);
    expect(received).toEqual([c]); // one destination: c had the larger shortfall
    expect(delegations(s)).toEqual(new Map([[b, 97_840_500n], [c, 187_159_500n]]));

    s.ls.execute(alice, { queue_unbond: { amount: (30n * XPRT).toString() } });
    s.app.advanceTime(EPOCH);
    const sub = attrs(s.ls.execute(carol, { submit_batch: {} }));
    const submittedAt = s.app.block.height;
    const undelegated = BigInt(sub.chain_undelegated);
    expect(undelegated).toBe(30_021_141n);
    expect(batchEntries(s, submittedAt).map((e) => e.validator)).toEqual([b]);
    const delegatedBefore = BigInt(poolState(s).delegated);

    const burned = s.app.slashForDoubleSign(a, infraction);
    expect(burned).toBe(4_893_450n);
    // Alice's entry is whole; the slash unbonded the stakers' delegation on c.
    expect(sum(batchEntries(s, submittedAt).map((e) => e.balance))).toBe(undelegated);
    expect(delegatedBefore - BigInt(poolState(s).delegated)).toBe(burned);

    s.app.advanceTime(UNBONDING);
    s.ls.execute(carol, { reconcile: {} });
    s.app.advanceBlocks(1);
    expect(attrs(s.ls.execute(carol, { reconcile: {} }))).toMatchObject({ settled: "1", arrived: undelegated.toString(), shortfall: "0" });
    expect(withdraw(s, alice)).toBe(undelegated); // 30.021141 XPRT, was 25.127691
  });

  /**
   * The leftover the README states: when the validators not receiving hold less than a batch asks,
   * the batch takes all of theirs and the rest from the receiving ones, and there the SDK charges a
   * redelegation slash to its entry first (up to the slash fraction × the redelegated amount).
   */
  it("a batch larger than what the non-receiving validators hold takes the rest from the receiving one, where the redelegation slash reaches it", () => {
    const s = setup();
    for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
    const [a, b, c] = s.vals;
    s.app.advanceBlocks(1);
    const infraction = s.app.block.height;
    s.app.advanceBlocks(1);
    s.ls.execute(owner, { remove_validator: { validator: a } });
    for (const u of [alice, bob]) s.ls.execute(u, { queue_unbond: { amount: (60n * XPRT).toString() } });
    s.app.advanceTime(EPOCH);
    s.ls.execute(carol, { submit_batch: {} });
    const entries = new Map(batchEntries(s, s.app.block.height).map((e) => [e.validator, e.balance]));
    // b gave all it held; the rest came from c, which receives A's stake.
    expect(entries).toEqual(new Map([[b, 97_840_500n], [c, 22_244_065n]]));
    expect(delegations(s).has(b)).toBe(false);
    const burned = s.app.slashForDoubleSign(a, infraction);
    const after = new Map(batchEntries(s, s.app.block.height - 1).map((e) => [e.validator, e.balance]));
    expect(after.get(b)).toBe(97_840_500n);
    expect(22_244_065n - after.get(c)!).toBe(burned); // the batch's entry on c paid A's slash
    expect(burned).toBe(4_893_450n);
  });
});

describe("R2 (LOW, fixed): rewards a slash pays outside any call are booked as rewards, not surplus", () => {
  /**
   * LOW. Rules: "No balance is ever counted as rewards ... rewards are booked from the chain's own
   * answers"; trust assumption "the surplus holds only funds that are no batch's and not in the rate".
   *
   * When a redelegation's slash unbonds destination shares (Keeper.Unbond), the distribution hook
   * pays that delegation's pending rewards to the contract in BeginBlock, with no call and no reply.
   *
   * Before: remove_validator(A) after an infraction (A's stake on B and C), one day later the
   * evidence: 74,130 uxprt of pending rewards landed, were booked as surplus at the next bond, and
   * the owner swept them.
   *
   * After: the contract notes its delegation to each validator receiving its redelegations after
   * each call; a call that finds one lower (a slash reached it) books that call's unexplained rest
   * as rewards. A's stake now went to c alone: the evidence pays c's 48,681 uxprt of pending
   * rewards; the next bond books them (`rewards_outside_calls`), `unlocked` grows by them, surplus
   * stays 0 and sweep_surplus has nothing to take.
   */
  it("the destination's pending rewards land outside any call and the next call books them as rewards", () => {
    const s = setup();
    for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
    const [a] = s.vals;
    s.app.advanceBlocks(1);
    const infraction = s.app.block.height;
    s.app.advanceBlocks(1);
    s.ls.execute(owner, { remove_validator: { validator: a } });
    s.app.advanceTime(DAY - 60);
    const pending = BigInt(poolState(s).pending_rewards);
    const balance = s.app.balance(s.ls.address, "uxprt");
    s.app.slashForDoubleSign(a, infraction);
    const landed = s.app.balance(s.ls.address, "uxprt") - balance;
    expect(landed).toBe(48_681n);
    // They were the stakers' pending rewards on c (b's stay pending, a block's more accrued).
    const left = BigInt(poolState(s).pending_rewards);
    expect(left - (pending - landed)).toBeGreaterThanOrEqual(0n);
    expect(left - (pending - landed)).toBeLessThanOrEqual(10n);
    const unlocked = BigInt(poolState(s).unlocked);

    const a2 = attrs(bond(s, bob, XPRT));
    expect(a2).toMatchObject({ rewards_outside_calls: landed.toString() });
    expect(a2.surplus).toBeUndefined();
    // unlocked: + what landed + what the bond's own delegation paid out (its reply measures that)
    expect(poolState(s)).toMatchObject({ surplus: "0", unlocked: (unlocked + landed + BigInt(a2.hook_rewards)).toString() });
    expect(errorOf(() => s.ls.execute(owner, { sweep_surplus: { recipient: owner } }))).toContain("No surplus to sweep");
  });

  it("a call that moves stake without settling, between the slash and the next settlement, notices the slash before it re-notes the delegations", () => {
    const s = setup();
    for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
    const [a, b] = s.vals;
    s.app.advanceBlocks(1);
    const infraction = s.app.block.height;
    s.app.advanceBlocks(1);
    s.ls.execute(owner, { remove_validator: { validator: a } });
    s.app.advanceTime(DAY - 60);
    const balance = s.app.balance(s.ls.address, "uxprt");
    s.app.slashForDoubleSign(a, infraction);
    const landed = s.app.balance(s.ls.address, "uxprt") - balance;
    expect(landed).toBe(48_681n);
    // The owner removes b too (its stake goes to c): no settlement, and its last reply notes c's delegation anew.
    expect(attrs(s.ls.execute(owner, { remove_validator: { validator: b } }))).toMatchObject({ left: "0" });
    const settled = attrs(s.ls.execute(carol, { reconcile: {} }));
    expect(settled.rewards_outside_calls).toBe(landed.toString());
    expect(poolState(s).surplus).toBe("0");
  });
});

describe("R3 (LOW, fixed): rebalance never chains a redelegation out of a validator it just filled", () => {
  /**
   * LOW (liveness). Rules: README "rebalancing and validator removal move what they can ... and
   * continue later instead of reverting"; invariant 6.
   *
   * Before: the emptying move put all of a zero-target validator's stake on one destination, which
   * the same call then chose as a source: the chain refused (staking 32, transitive redelegation)
   * and every call reverted, for ever: (a) A weighted 0 kept its 97.869 XPRT; (b) a third of the
   * stake stayed on a removed validator after its incoming redelegation completed.
   *
   * After: a validator that received stake in the call is no source in it; the emptying move goes
   * over the open validators by shortfall, at most half of them receiving at a time. (a) rebalance
   * moves A's 97.869 XPRT in one redelegation and 21 days later levels the destinations at 142.5
   * XPRT each; (b) once the stake the removed validator received has matured, rebalance moves all
   * of it out (130.185186 XPRT).
   */
  it("(a) a zero-weight validator is drained at once; the destination's excess moves once its redelegation completes", () => {
    const s = setup();
    for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
    const [a, b, c] = s.vals;
    s.ls.execute(owner, { update_weights: { validators: [{ address: a, weight: 0 }, { address: b, weight: 5000 }, { address: c, weight: 5000 }] } });
    expect(attrs(s.ls.execute(operator, { rebalance: {} }))).toMatchObject({ redelegations: "1" });
    expect(delegations(s)).toEqual(new Map([[b, 97_840_500n], [c, 187_159_500n]]));
    // c received in that call: its excess waits for the redelegation to complete.
    expect(errorOf(() => s.ls.execute(mallory, { rebalance: {} }))).toContain("Nothing to rebalance");
    s.app.advanceTime(UNBONDING);
    s.app.advanceBlocks(1);
    expect(attrs(s.ls.execute(mallory, { rebalance: {} }))).toMatchObject({ redelegations: "1" });
    expect(delegations(s)).toEqual(new Map([[b, 142_500_000n], [c, 142_500_000n]]));
  });

  it("(b) stake a removal had to leave behind moves out once its incoming redelegation completed", () => {
    const s = setup({}, 4);
    for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
    const d = s.vals[3];
    expect(attrs(s.ls.execute(owner, { remove_validator: { validator: d } }))).toMatchObject({ redelegated: "52777778", left: "0" });
    // d's stake went to the validator furthest below target; that one is removed next.
    const [entry] = s.app.staking.redelegationEntries(s.app.store, s.ls.address);
    const a = entry.dstValidator;
    expect(a).toBe(s.vals[0]);
    expect(attrs(s.ls.execute(owner, { remove_validator: { validator: a } }))).toMatchObject({ redelegated: "0", left: "130185186" });
    s.app.advanceTime(UNBONDING);
    s.ls.execute(carol, { reconcile: {} });
    s.app.advanceBlocks(1);
    expect(attrs(s.ls.execute(carol, { rebalance: {} }))).toMatchObject({ redelegations: "1" });
    expect(delegations(s).has(a)).toBe(false);
    expect(delegations(s)).toEqual(new Map([[s.vals[1], 207_592_593n], [s.vals[2], 77_407_407n]]));
  });
});

describe("R4 (MEDIUM, fixed): migration — a 0.1.0 batch paid before 0.1.0's estimate keeps its payout", () => {
  /**
   * MEDIUM. Rules: invariant 5 and the trust assumption "the surplus holds only funds that are no
   * batch's".
   *
   * 0.1.0 timed batches by config.unbonding_period: if governance shortened the chain's unbonding
   * time, a batch submitted then completes on chain before the end migrate keeps for it.
   *
   * Before: unbonding time 21 → 14 days under 0.1.0; bob's batch (30.021140 XPRT) landed at day 14,
   * was booked as surplus, settled at day 21 with arrived 0; bob was paid 0 and the owner could sweep
   * his 30.021140 XPRT.
   *
   * After: while a batch 0.1.0 submitted is open, unexplained funds are `held` for it (oldest first,
   * up to what each undelegated), never surplus: at day 14 the 30.021140 XPRT are held and
   * sweep_surplus finds nothing; at 0.1.0's end the batch settles with them, bob is paid 30.021140.
   */
  it("bob's in-flight batch lands early, is held for it, and bob is paid in full", () => {
    const s = oldContract();
    const { app } = s;
    app.setUnbondingTime(14 * DAY);
    app.execute(bob, s.ls.address, { queue_unbond: { amount: (30n * XPRT).toString() } });
    app.advanceTime(EPOCH);
    const native = BigInt(attrs(app.execute(carol, s.ls.address, { submit_batch: {} })).native);
    expect(native).toBe(30_021_140n);
    expect(migrateToCurrent(s)).toMatchObject({ from_version: "0.1.0", open_batches: "1" });
    const [b1] = batches(s);
    expect(BigInt(b1.unbond_end) - app.block.time).toBe(BigInt(UNBONDING) * NANOS); // 0.1.0's estimate

    app.advanceTime(14 * DAY + 60); // the chain pays bob's entries at the end of this block
    app.advanceBlocks(1);
    const early = attrs(s.ls.execute(carol, { reconcile: {} }));
    expect(early).toMatchObject({ held: native.toString() });
    expect(early.surplus).toBeUndefined();
    expect(poolState(s)).toMatchObject({ surplus: "0", held: native.toString() });
    expect(errorOf(() => s.ls.execute(owner, { sweep_surplus: { recipient: owner } }))).toContain("No surplus to sweep");
    advanceTo(s, BigInt(b1.unbond_end) + 60n * NANOS);
    expect(attrs(s.ls.execute(carol, { reconcile: {} }))).toMatchObject({ settled: "1", arrived: native.toString(), shortfall: "0" });
    expect(withdraw(s, bob)).toBe(native);
    expect(poolState(s)).toMatchObject({ surplus: "0", held: "0", claimable: "0", unbonding: "0" });
  });
});

describe("R5 (LOW, fixed): migration — 0.1.0's redelegation entries no longer make a removal revert", () => {
  /**
   * LOW. Rule: invariant 6 "removing a validator never fails for want of a destination".
   *
   * Before: finding 3's attack run on 0.1.0 just before the upgrade (7 A→B and 7 A→C entries)
   * made 0.2.0 send a redelegation the chain refused (staking 33): remove_validator of the jailed A
   * reverted.
   *
   * After: redelegations reply on error too. A refusal with code 33 (or 32, transitive) marks the
   * pair full, and its destination (the source for 32) receiving, until now + unbonding_period; the
   * call goes on and says so (`redelegation_refused`). The removal succeeds (A's 183.485153 XPRT
   * stay, A→B refused); rebalance right after tries A→C (refused too), then has nothing to send;
   * once an unbonding period has passed it moves all of A's stake out.
   */
  it("after the upgrade, removing a jailed A succeeds, records the refused pair, and rebalance moves A's stake once the entries complete", () => {
    const s = oldContract();
    const { app } = s;
    const [a, b, c] = s.vals;
    for (let round = 0; round < 7; round++) {
      const total = BigInt(app.query<{ total_native: string }>(s.ls.address, { state: {} }).total_native);
      app.execute(mallory, s.ls.address, { bond: {} }, uxprt(total / 10n));
      app.execute(mallory, s.ls.address, { rebalance: {} });
      app.advanceBlocks(1);
    }
    const entries = app.staking.redelegationEntries(app.store, s.ls.address);
    const pair = (x: string, y: string) => entries.filter((e) => e.srcValidator === x && e.dstValidator === y).length;
    expect([pair(a, b), pair(a, c)]).toEqual([7, 7]);
    migrateToCurrent(s);
    app.slash(a, "0.01", { infractionHeight: app.block.height, jail: true });
    const held = delegations(s).get(a)!;
    expect(held).toBe(183_485_153n);
    const removal = attrs(s.ls.execute(owner, { remove_validator: { validator: a } }));
    expect(removal.redelegation_refused).toBe(`${a}>${b} ${held}: codespace: staking, code: 33`);
    expect(delegations(s).get(a)).toBe(held);
    const retry = attrs(s.ls.execute(mallory, { rebalance: {} }));
    expect(retry.redelegation_refused).toBe(`${a}>${c} ${held}: codespace: staking, code: 33`);
    expect(errorOf(() => s.ls.execute(mallory, { rebalance: {} }))).toContain("Nothing to rebalance");
    app.advanceTime(UNBONDING);
    s.ls.execute(carol, { reconcile: {} });
    app.advanceBlocks(1);
    const moved = attrs(s.ls.execute(mallory, { rebalance: {} }));
    expect(moved).toMatchObject({ redelegations: "1" });
    expect(moved.redelegation_refused).toBeUndefined();
    expect(delegations(s).has(a)).toBe(false);
  });
});

describe("R6 (LOW, README fixed): the rule for exact settlement is the code's", () => {
  /**
   * LOW (README claim false). The README said a batch is paid exactly what the chain paid for it
   * when the contract runs "in a block after the payout and before (or in) the block that pays the
   * next batch". In the next batch's payout block that batch is ambiguous (completion < now), so a
   * slashed batch 1 waits and then shares one window with batch 2.
   *
   * The code is right (it cannot know that no earlier block it did not see already paid batch 2);
   * the README now states its rule: two calls in different blocks, the first at or after the
   * batch's completion, the second before or at the next batch's completion. Figures: alice's batch
   * is slashed 10 % on A before bob's is submitted: the chain pays 28.990215 and 29.078210 XPRT.
   * Calls in P1 and P2 (the second after batch 2's completion): one window, alice 29.497453 and bob
   * 28.570972 XPRT (pro rata, as the README says). Calls in P1 and the block after, both before batch
   * 2's completion: each batch alone, exactly what the chain paid.
   */
  function twoBatches() {
    const s = setup();
    for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
    const [a] = s.vals;
    s.ls.execute(alice, { queue_unbond: { amount: (30n * XPRT).toString() } });
    s.app.advanceTime(EPOCH);
    s.ls.execute(carol, { submit_batch: {} });
    const h1 = s.app.block.height;
    s.app.advanceBlocks(1);
    s.app.slash(a, "0.1", { infractionHeight: h1 }); // reaches batch 1's entry on A
    s.ls.execute(bob, { queue_unbond: { amount: (30n * XPRT).toString() } });
    s.app.advanceTime(EPOCH);
    s.ls.execute(carol, { submit_batch: {} });
    const h2 = s.app.block.height;
    const chainPaid1 = sum(batchEntries(s, h1).map((e) => e.balance));
    const chainPaid2 = sum(batchEntries(s, h2).map((e) => e.balance));
    const [b1, b2] = batches(s);
    expect(chainPaid2).toBe(BigInt(b2.undelegated)); // batch 2 is not slashed
    expect([chainPaid1, chainPaid2]).toEqual([28_990_215n, 29_078_210n]);
    return { s, b1, b2, chainPaid1, chainPaid2 };
  }

  it("calls in P1 and in P2 (after batch 2's completion): one window, shared pro rata", () => {
    const { s, b1, b2, chainPaid1, chainPaid2 } = twoBatches();
    advanceTo(s, BigInt(b1.unbond_end) + 60n * NANOS); // P1: pays batch 1 at its end
    s.ls.execute(carol, { reconcile: {} });
    advanceTo(s, BigInt(b2.unbond_end) + 60n * NANOS); // P2: pays batch 2 at its end
    expect(attrs(s.ls.execute(carol, { reconcile: {} }))).toMatchObject({ settle: "waiting: batch 2 may not have been paid yet" });
    s.app.advanceBlocks(1);
    expect(attrs(s.ls.execute(carol, { reconcile: {} }))).toMatchObject({ settled: "1,2" });
    const alicePaid = withdraw(s, alice);
    const bobPaid = withdraw(s, bob);
    expect(alicePaid + bobPaid).toBe(chainPaid1 + chainPaid2);
    expect([alicePaid, bobPaid]).toEqual([29_497_453n, 28_570_972n]);
  });

  it("calls in P1 and the next block, both before batch 2's completion: batch 1 alone, exact", () => {
    const { s, b1, chainPaid1, chainPaid2 } = twoBatches();
    advanceTo(s, BigInt(b1.unbond_end) + 60n * NANOS);
    s.ls.execute(carol, { reconcile: {} });
    s.app.advanceBlocks(1);
    expect(attrs(s.ls.execute(carol, { reconcile: {} }))).toMatchObject({ settled: "1", arrived: chainPaid1.toString() });
    s.app.advanceTime(EPOCH + 60);
    s.ls.execute(carol, { reconcile: {} });
    s.app.advanceBlocks(1);
    expect(attrs(s.ls.execute(carol, { reconcile: {} }))).toMatchObject({ settled: "2", arrived: chainPaid2.toString() });
    expect([withdraw(s, alice), withdraw(s, bob)]).toEqual([chainPaid1, chainPaid2]);
  });
});

describe("R7 (LOW, fixed): migration returns what 0.1.0 swept from a batch in flight", () => {
  /**
   * LOW. Rule: "the stakers never gain from the unbonders".
   *
   * Before: finding 1's lull on the deployed 0.1.0 swept bob's batch 2 (30.042156 XPRT) into
   * `unlocked`; the upgrade kept batch 2 in flight with nothing behind it: it settled with arrived 0,
   * bob was paid 0 and `unlocked` stayed at 30.463782 XPRT.
   *
   * After: at migration, a batch in flight whose end is before 0.1.0's last call was paid before
   * that call could sweep it; what of it the unbooked balance lacks moves back out of `unlocked`
   * (`returned: 30042156`), and with nothing left to undelegate (the second review's F1,
   * migrate.test.ts, covers the rest) batch 2 settles in the migration itself: bob gets 30.042156
   * XPRT and `unlocked` is 0.421626 XPRT.
   */
  it("bob's batch, swept by 0.1.0, is made whole at the upgrade", () => {
    const s = oldContract();
    const { app } = s;
    const exec = (who: string, msg: unknown) => attrs(app.execute(who, s.ls.address, msg));
    exec(alice, { queue_unbond: { amount: (30n * XPRT).toString() } });
    app.advanceTime(EPOCH);
    exec(carol, { submit_batch: {} });
    exec(bob, { queue_unbond: { amount: (30n * XPRT).toString() } });
    app.advanceTime(EPOCH);
    exec(carol, { submit_batch: {} });
    const [b1, b2] = s.oldBatches();
    advanceTo(s, BigInt(b1.unbond_end) + 60n * NANOS);
    exec(carol, { reconcile: {} });
    app.advanceTime(3 * DAY);
    app.advanceBlocks(1);
    expect(exec(carol, { reconcile: {} })).toMatchObject({ reconciled: "1-1", shortfall: "0" }); // 0.1.0 sweeps batch 2's payout
    const unlocked = BigInt(app.query<{ unlocked: string }>(s.ls.address, { state: {} }).unlocked);
    expect([b2.native, unlocked]).toEqual(["30042156", 30_463_782n]);

    expect(migrateToCurrent(s)).toMatchObject({ open_batches: "0", returned: b2.native, returned_from_unlocked: b2.native, settled: "2", arrived: b2.native, shortfall: "0" });
    expect(poolState(s).unlocked).toBe((unlocked - BigInt(b2.native)).toString());
    app.advanceBlocks(1);
    expect(attrs(s.ls.execute(carol, { reconcile: {} })).settled).toBeUndefined();
    expect(withdraw(s, alice)).toBe(BigInt(b1.native));
    expect(withdraw(s, bob)).toBe(BigInt(b2.native));
    expect(poolState(s)).toMatchObject({ unlocked: "421626", surplus: "0", claimable: "0", unbonding: "0" });
  });
});

describe("minor (fixed): tokens other than the bond denom sent to the contract can be returned", () => {
  it("the owner sweeps a foreign denom's whole balance (evented); nobody else, and never the bond denom", () => {
    const s = setup();
    bond(s, alice, 10n * XPRT);
    s.app.mint(s.ls.address, [{ denom: "uatom", amount: "1234" }]);
    expect(errorOf(() => s.ls.execute(mallory, { sweep_denom: { denom: "uatom" } }))).toContain("Unauthorized: only the owner may do this");
    expect(errorOf(() => s.ls.execute(owner, { sweep_denom: { denom: "uxprt" } }))).toContain("sweep_denom cannot take the bond denom uxprt");
    expect(errorOf(() => s.ls.execute(owner, { sweep_denom: { denom: "uosmo" } }))).toContain("No uosmo to sweep");
    const bank = s.app.balance(s.ls.address, "uxprt");
    const res = attrs(s.ls.execute(owner, { sweep_denom: { denom: "uatom", recipient: bob } }));
    expect(res).toMatchObject({ action: "sweep_denom", denom: "uatom", recipient: bob, amount: "1234" });
    expect(s.app.balance(bob, "uatom")).toBe(1234n);
    expect(s.app.balance(s.ls.address, "uatom")).toBe(0n);
    expect(s.app.balance(s.ls.address, "uxprt")).toBe(bank);
  });
});
