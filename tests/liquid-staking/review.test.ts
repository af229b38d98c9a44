// Review of liquid-staking 0.2.0 (issue 15's fixes): new attacks on the compiled contract.
// Each test runs the attack and asserts what it achieves on today's code: it PASSES while the
// hole exists. The comment above each names the severity, the rule broken and the figures.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { App } from "../../simulator/app/app";
import { makeAddress } from "../../simulator/vm/api";
import { ROOT } from "../../tools/build/compile";
import { Deployed, SchemaCheck, contractWasm } from "../helpers/contracts";
import { DAY, EPOCH, Setup, UNBONDING, XPRT, alice, attrs, bob, bond, carol, delegations, operator, owner, poolState, setup, sum, treasury, users, uxprt, valoper } from "./setup";

const NANOS = 1_000_000_000n;
const mallory = makeAddress("mallory");
const OLD = path.join(ROOT, "tests", "fixtures", "releases", "liquid-staking-0.1.0.wasm");

interface BatchInfo {
  id: number;
  native: string;
  undelegated: string;
  unbond_end: string;
  status: string;
  received: string | null;
}
const batches = (s: Setup) => s.ls.query<{ batches: BatchInfo[] }>({ batches: { limit: 100 } }).batches;

/** Withdraws `who`'s settled requests and returns what the bank paid it. */
function withdraw(s: Setup, who: string): bigint {
  const before = s.app.balance(who, "uxprt");
  s.ls.execute(who, { withdraw_unbonded: {} });
  return s.app.balance(who, "uxprt") - before;
}

/** Opens one block at `nanos`. */
function advanceTo(s: Setup, nanos: bigint): void {
  s.app.advanceTime(Number((nanos - s.app.block.time) / NANOS));
}

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

/** The deployed 0.1.0 wasm on 3 validators, alice, bob and carol bonded 100 XPRT each. */
function oldContract(): Setup {
  const app = new App();
  const vals = [1, 2, 3].map(valoper).sort();
  for (const v of vals) app.addValidator({ address: v, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
  for (const u of [...users, owner, operator, mallory]) app.mint(u, uxprt(1_000_000n * XPRT));
  const codeId = app.storeCode(owner, new Uint8Array(fs.readFileSync(OLD))).codeId;
  const msg = { name: "Staked XPRT", symbol: "stkXPRT", bond_denom: "uxprt", operator, fee_recipient: treasury, validators: vals.map((address, i) => ({ address, weight: i === 0 ? 3334 : 3333 })) };
  const address = app.instantiate(owner, codeId, msg, "liquid-staking", [], owner).contractAddress;
  const ls = new Deployed(app, address, new SchemaCheck("liquid-staking"));
  for (const u of [alice, bob, carol]) app.execute(u, address, { bond: {} }, uxprt(100n * XPRT));
  return { app, ls, vals };
}

function migrateTo020(s: Setup): Record<string, string> {
  return attrs(s.app.migrate(owner, s.ls.address, s.app.storeCode(owner, contractWasm("liquid-staking")).codeId, {}));
}

describe("R1 (MEDIUM): a redelegation's slash is charged to the batches unbonding at its destination", () => {
  /**
   * MEDIUM. Rule broken: "every unbonder receives its batch's due minus the slashing of what was
   * undelegated for it" and invariant 5 "the stakers never gain from the unbonders".
   *
   * The SDK (x/staking slash.go SlashRedelegation, "undelegation after redelegation") takes a
   * redelegation entry's slash first from the delegator's unbonding entries at the destination
   * created at or after the infraction, and only the rest from the destination delegation. The
   * contract is one delegator for stakers and unbonders alike: when it redelegated away from a
   * validator after an infraction (remove_validator, rebalance) and a batch then undelegates from
   * the destinations, the evidence charges the whole redelegated stake's slash to that batch.
   *
   * Figures: 3 × 100 XPRT; infraction at H on A; remove_validator(A) moves its 97.869 XPRT to B and
   * C; alice's batch (30.021141 XPRT) undelegates from B and C only — nothing from A. The double
   * sign's evidence cuts alice's entries by 4.893450 XPRT (16.3 % of her batch); the stakers'
   * value does not move (270.190272 → 270.190274 XPRT). Alice is paid 25.127691 XPRT.
   *
   * Fix: never undelegate a batch from a validator into which one of our redelegation entries may
   * still be pending (REDELEGATIONS already knows each pair's completions): take it pro rata from
   * the others, and when only such validators remain, wait for the entry or say in the README
   * which batches can carry a redelegation slash.
   */
  it("alice's batch, which undelegated nothing from A, pays A's whole slash on the redelegated stake; the stakers pay nothing", () => {
    const s = setup();
    for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
    const [a, b, c] = s.vals;
    s.app.advanceBlocks(1);
    const infraction = s.app.block.height; // A double-signs here
    s.app.advanceBlocks(1);
    const moved = attrs(s.ls.execute(owner, { remove_validator: { validator: a } }));
    expect(moved).toMatchObject({ redelegated: "97869000", left: "0" });
    expect(delegations(s).has(a)).toBe(false);

    s.ls.execute(alice, { queue_unbond: { amount: (30n * XPRT).toString() } });
    s.app.advanceTime(EPOCH);
    const sub = attrs(s.ls.execute(carol, { submit_batch: {} }));
    const submittedAt = s.app.block.height;
    const undelegated = BigInt(sub.chain_undelegated);
    expect(undelegated).toBe(30_021_141n);
    // Alice's batch undelegated from B and C only.
    expect(batchEntries(s, submittedAt).map((e) => e.validator).sort()).toEqual([b, c].sort());
    const stakersBefore = BigInt(poolState(s).total_native);

    s.app.slashForDoubleSign(a, infraction);

    const cut = undelegated - sum(batchEntries(s, submittedAt).map((e) => e.balance));
    expect(cut).toBe(4_893_450n);
    const stakersAfter = BigInt(poolState(s).total_native);
    expect(stakersAfter).toBeGreaterThanOrEqual(stakersBefore); // 270190272 → 270190274: untouched

    s.app.advanceTime(UNBONDING);
    s.ls.execute(carol, { reconcile: {} });
    s.app.advanceBlocks(1);
    expect(attrs(s.ls.execute(carol, { reconcile: {} }))).toMatchObject({ settled: "1", shortfall: cut.toString() });
    const paid = withdraw(s, alice);
    expect(paid).toBe(undelegated - cut); // 25.127691 XPRT
    // What the batch owed for what it undelegated from A (nothing): 0. Alice bore 16.3 %.
    expect((cut * 1000n) / undelegated).toBe(163n);
  });
});

describe("R2 (LOW): the slash's unbond pays pending rewards outside any call; they become surplus", () => {
  /**
   * LOW. Rules broken: "No balance is ever counted as rewards ... rewards are booked from the
   * chain's own answers" and the trust assumption "the surplus holds only funds that are no
   * batch's and not in the rate ... the owner cannot reach what stakers ... are owed through it".
   *
   * When a redelegation's slash is not covered by unbonding entries at the destination, the SDK
   * unbonds destination shares (Keeper.Unbond), whose distribution hook pays that delegation's
   * pending rewards to the contract, in BeginBlock, with no call and no reply. Those rewards were
   * in V (pending); the next settlement finds them unexplained and books them as surplus (or, if
   * a batch's window is open, pays them to the batch).
   *
   * Figures: 3 × 100 XPRT, remove_validator(A) after an infraction, one day later the evidence:
   * 74,130 uxprt of pending rewards on B and C leave V, land as surplus at the next bond, and the
   * owner sweeps them.
   *
   * Fix: pending rewards per delegation only grow between the contract's own stake changes and
   * harvests; remember them per validator (or compare with the distribution query's previous
   * answer) and book a drop the contract did not cause as `unlocked` before classifying the rest.
   */
  it("the destination's pending rewards land unexplained, are booked as surplus and swept by the owner", () => {
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
    expect(landed).toBe(74_130n);
    expect(poolState(s).pending_rewards).toBe("0");
    expect(pending).toBeGreaterThanOrEqual(landed - 4n); // they were the stakers' pending rewards

    expect(attrs(bond(s, bob, XPRT))).toMatchObject({ surplus: landed.toString() });
    expect(poolState(s).surplus).toBe(landed.toString());
    const before = s.app.balance(owner, "uxprt");
    s.ls.execute(owner, { sweep_surplus: { recipient: owner } });
    expect(s.app.balance(owner, "uxprt") - before).toBe(landed);
  });
});

describe("R3 (LOW): rebalance reverts for ever when a zero-target validator's stake lands on one destination", () => {
  /**
   * LOW (liveness; the owner has a workaround). Rules broken: README "rebalancing and validator
   * removal move what they can ... and continue later instead of reverting", "what cannot move
   * now ... stays ... until `rebalance` can move it", invariant 6.
   *
   * rebalance's emptying move (a validator whose target is 0 gives all it may to the least
   * filled open validator) puts the whole stake on one destination, which is then the most over
   * its target; the next move of the same call redelegates from that destination, with the
   * `can_redelegate` the contract queried before any message ran. The chain refuses it (staking
   * 32, transitive redelegation: "redelegation to this validator already in progress"), the
   * transaction reverts, and every later call plans the same moves. (Only a source that is
   * already unbonded escapes: its redelegations make no entry.)
   *
   * Figures, (a): weights set to A 0 / B 5000 / C 5000 on 3 × 100 XPRT: rebalance (operator and
   * anyone) reverts, now and 21 days later; A keeps its 97.869 XPRT. (b): 4 validators, D
   * removed (its stake goes to A, B, C), then A removed (say it raised its commission) while it
   * holds that fresh redelegation: 95.003520 XPRT stay on A as the README says, but after the
   * redelegation completed rebalance still reverts, 21 and 51 days later: a third of the stake
   * stays on the validator the owner removed, until the owner re-adds and removes it again
   * (remove_validator splits by weight and does not chain).
   *
   * Fix: a slot that received stake in this call cannot be a source in the same call (movable =
   * 0 once it received); and an emptying move should spread over the open validators by deficit,
   * not all onto one.
   */
  const transitive = "redelegation to this validator already in progress";

  it("(a) a zero-weight validator in the set can never be drained by rebalance", () => {
    const s = setup();
    for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
    const [a, b, c] = s.vals;
    const held = delegations(s).get(a)!;
    s.ls.execute(owner, { update_weights: { validators: [{ address: a, weight: 0 }, { address: b, weight: 5000 }, { address: c, weight: 5000 }] } });
    expect(errorOf(() => s.ls.execute(operator, { rebalance: {} }))).toContain(transitive);
    s.app.advanceTime(UNBONDING);
    s.app.advanceBlocks(1);
    expect(errorOf(() => s.ls.execute(operator, { rebalance: {} }))).toContain(transitive);
    expect(errorOf(() => s.ls.execute(mallory, { rebalance: {} }))).toContain(transitive);
    expect(delegations(s).get(a)).toBe(held);
    expect(held).toBe(97_869_000n);
  });

  it("(b) stake a removal had to leave behind is never moved by rebalance, even after its redelegation completed", () => {
    const s = setup({}, 4);
    for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
    const [a, , , d] = s.vals;
    s.ls.execute(owner, { remove_validator: { validator: d } });
    const left = attrs(s.ls.execute(owner, { remove_validator: { validator: a } }));
    expect(left).toMatchObject({ redelegated: "0", left: "95003520" });
    // The redelegation A received completes; the README says rebalance moves A's stake now.
    s.app.advanceTime(UNBONDING);
    s.ls.execute(carol, { reconcile: {} });
    s.app.advanceBlocks(1);
    expect(errorOf(() => s.ls.execute(carol, { rebalance: {} }))).toContain(transitive);
    expect(errorOf(() => s.ls.execute(operator, { rebalance: {} }))).toContain(transitive);
    s.app.advanceTime(30 * DAY);
    expect(errorOf(() => s.ls.execute(operator, { rebalance: {} }))).toContain(transitive);
    expect(delegations(s).get(a)).toBe(95_003_520n);
    const total = sum(delegations(s).values());
    expect((delegations(s).get(a)! * 100n) / total).toBe(33n);
  });
});

describe("R4 (MEDIUM): migration — a 0.1.0 batch whose chain completion is earlier than 0.1.0's estimate is paid 0", () => {
  /**
   * MEDIUM. Rules broken: invariant 5 and the trust assumption "the surplus holds only funds that
   * are no batch's"; README "Migration from 0.1.0" names only the opposite case (config shorter
   * than the chain).
   *
   * 0.1.0 timed batches by config.unbonding_period. If governance shortened the chain's unbonding
   * time while 0.1.0 ran (issue 15, finding 2), a batch submitted then completes on chain before
   * the end 0.1.0 recorded, which migrate keeps as its completion. Its payout lands while the
   * batch is "unpaid from now on": settlement books it as surplus; at the recorded end the batch
   * is certain, finds nothing, and settles with a 100 % shortfall. The owner may sweep the
   * unbonder's money.
   *
   * Figures: unbonding time 21 → 14 days under 0.1.0; bob's batch of 30 stk (30.021140 XPRT)
   * submitted and migrated; 14 days later reconcile books 30.021140 XPRT as surplus; at day 21
   * the batch settles with arrived 0 and bob withdraws 0.
   *
   * Fix: a migrated batch's completion is unknown: until it settles, do not classify unexplained
   * funds as surplus — hold them for the open migrated batches (oldest first, up to what each
   * undelegated), treat those batches as ambiguous from submission + the shortest unbonding time
   * governance could have set, and settle them at 0.1.0's end from what was held.
   */
  it("bob's in-flight batch lands early, goes to surplus, and bob is paid nothing", () => {
    const s = oldContract();
    const { app } = s;
    app.setUnbondingTime(14 * DAY);
    app.execute(bob, s.ls.address, { queue_unbond: { amount: (30n * XPRT).toString() } });
    app.advanceTime(EPOCH);
    const native = BigInt(attrs(app.execute(carol, s.ls.address, { submit_batch: {} })).native);
    expect(native).toBe(30_021_140n);
    expect(migrateTo020(s)).toMatchObject({ from_version: "0.1.0", open_batches: "1" });
    const [b1] = batches(s);
    expect(BigInt(b1.unbond_end) - app.block.time).toBe(BigInt(UNBONDING) * NANOS); // 0.1.0's estimate

    app.advanceTime(14 * DAY + 60); // the chain pays bob's entries at the end of this block
    app.advanceBlocks(1);
    expect(attrs(s.ls.execute(carol, { reconcile: {} }))).toMatchObject({ surplus: native.toString() });
    advanceTo(s, BigInt(b1.unbond_end) + 60n * NANOS);
    s.ls.execute(carol, { reconcile: {} });
    app.advanceBlocks(1);
    expect(attrs(s.ls.execute(carol, { reconcile: {} }))).toMatchObject({ settled: "1", arrived: "0", shortfall: native.toString() });
    expect(withdraw(s, bob)).toBe(0n);
    const before = app.balance(owner, "uxprt");
    s.ls.execute(owner, { sweep_surplus: { recipient: owner } });
    expect(app.balance(owner, "uxprt") - before).toBe(native);
  });
});

describe("R5 (LOW): migration — redelegation entries made by 0.1.0 are unknown to 0.2.0", () => {
  /**
   * LOW (MEDIUM/LOW as finding 3, for up to 21 days after the upgrade). Rules broken: invariant 6
   * "No redelegation ... is sent that the chain's entry limits would refuse; removing a validator
   * never fails for want of a destination".
   *
   * Migration starts REDELEGATIONS empty; the chain still holds the entries 0.1.0 made in the
   * last 21 days. Finding 3's attack run on 0.1.0 just before the upgrade (7 rounds of a 10 %
   * bond + rebalance: 7 A→B and 7 A→C entries) makes 0.2.0 send A→B and A→C redelegations the
   * chain refuses (staking 33): remove_validator of the jailed A reverts, as in finding 3.
   *
   * Fix: make redelegations reply on error too and treat "too many redelegation entries" (and a
   * transitive refusal) as "this pair is full until now + unbonding time": the removal goes on
   * with what can move; the entry book is then an optimisation, not a premise.
   */
  it("after the upgrade, removing a jailed A reverts with 'too many redelegation entries'", () => {
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
    migrateTo020(s);
    app.slash(a, "0.01", { infractionHeight: app.block.height, jail: true });
    const held = delegations(s).get(a)!;
    expect(errorOf(() => s.ls.execute(owner, { remove_validator: { validator: a } }))).toContain("too many redelegation entries");
    expect(delegations(s).get(a)).toBe(held);
    expect(held).toBe(183_485_153n);
  });
});

describe("R6 (LOW): the README's rule for exact settlement is wider than the code", () => {
  /**
   * LOW (README claim false). The README's rule: a batch is paid exactly what the chain paid for
   * it when "the contract runs in a block after the payout and before (or in) the block that
   * pays the next batch, having run once after the payout block began". A call in batch 1's
   * payout block P1 and one in batch 2's payout block P2 meet that, but in P2 batch 2 is
   * ambiguous (completion < now), so batch 1 (slashed alone) waits, and from the next block on
   * both are certain and share one window pro rata: bob's unslashed batch pays part of alice's
   * slash. The code's condition is the README's "i.e." clause (two calls in different blocks
   * between the two completions); "(or in) the block that pays the next batch" is false.
   *
   * Figures: alice's batch (30 stk) is slashed 10 % on A before bob's (30 stk) is submitted: the
   * chain pays 28.990215 XPRT for alice's and 29.078210 XPRT (in full) for bob's; the window pays
   * alice 29.497453 and bob 28.570972 XPRT: bob loses 0.507238 XPRT to alice.
   *
   * Fix: the README states the rule as the code has it (two calls in different blocks after the
   * completion and before the next batch's); keepers must call twice before the next completion.
   */
  it("calls in P1 and in P2: batch 2 shares batch 1's slash", () => {
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
    expect(chainPaid1).toBeLessThan(BigInt(b1.undelegated));

    advanceTo(s, BigInt(b1.unbond_end) + 60n * NANOS); // P1: pays batch 1 at its end
    s.ls.execute(carol, { reconcile: {} });
    advanceTo(s, BigInt(b2.unbond_end) + 60n * NANOS); // P2: after P1, pays batch 2 at its end
    expect(attrs(s.ls.execute(carol, { reconcile: {} }))).toMatchObject({ settle: "waiting: batch 2 may not have been paid yet" });
    s.app.advanceBlocks(1);
    expect(attrs(s.ls.execute(carol, { reconcile: {} }))).toMatchObject({ settled: "1,2" });
    const alicePaid = withdraw(s, alice);
    const bobPaid = withdraw(s, bob);
    expect(alicePaid + bobPaid).toBe(chainPaid1 + chainPaid2);
    expect(bobPaid).toBeLessThan(chainPaid2);
    expect(alicePaid - chainPaid1).toBe(chainPaid2 - bobPaid);
    expect([chainPaid1, chainPaid2, alicePaid, bobPaid]).toEqual([28_990_215n, 29_078_210n, 29_497_453n, 28_570_972n]);
  });
});

describe("R7 (LOW, README-acknowledged): migration keeps what 0.1.0 already swept from a batch in flight", () => {
  /**
   * LOW (the README chooses it: "What 0.1.0 already swept into `unlocked` stays with the
   * stakers"), but it breaks invariant 5 for every batch finding 1 hit before the upgrade, and it
   * is detectable at migration. Rule broken: "the stakers never gain from the unbonders".
   *
   * Finding 1's lull on the deployed 0.1.0 (a call a minute after batch 1 ends, then three days
   * without one) sweeps bob's batch 2 (30.042156 XPRT) into `unlocked`; the upgrade keeps batch 2
   * in flight with nothing behind it: the first 0.2.0 settlement finds batch 2 certain and
   * settles it with arrived 0; bob is paid 0 and the stakers keep his 30.04 XPRT (`unlocked`
   * stays at 30.463782 XPRT).
   *
   * Fix: at migration, every 0.1.0 batch in flight whose end is before 0.1.0's `seen_time` was
   * paid out by then; what of those payouts is not in the unbooked balance was swept into
   * `unlocked` (or slashed, which cannot be told apart): move min(that, unlocked) back to them
   * (or at least refuse to migrate and say so, so the owner can make the batch whole first).
   */
  it("bob's batch, swept by 0.1.0, settles at 0 after the upgrade", () => {
    const s = oldContract();
    const { app } = s;
    const exec = (who: string, msg: unknown) => attrs(app.execute(who, s.ls.address, msg));
    exec(alice, { queue_unbond: { amount: (30n * XPRT).toString() } });
    app.advanceTime(EPOCH);
    exec(carol, { submit_batch: {} });
    exec(bob, { queue_unbond: { amount: (30n * XPRT).toString() } });
    app.advanceTime(EPOCH);
    exec(carol, { submit_batch: {} });
    // 0.1.0's batches query (its schema differs from 0.2.0's)
    const [b1, b2] = app.query<{ batches: BatchInfo[] }>(s.ls.address, { batches: {} }).batches;
    advanceTo(s, BigInt(b1.unbond_end) + 60n * NANOS);
    exec(carol, { reconcile: {} });
    app.advanceTime(3 * DAY);
    app.advanceBlocks(1);
    expect(exec(carol, { reconcile: {} })).toMatchObject({ reconciled: "1-1", shortfall: "0" }); // 0.1.0 sweeps batch 2's payout
    const unlocked = app.query<{ unlocked: string }>(s.ls.address, { state: {} }).unlocked;

    expect(migrateTo020(s)).toMatchObject({ open_batches: "1" });
    app.advanceBlocks(1);
    expect(attrs(s.ls.execute(carol, { reconcile: {} }))).toMatchObject({ settled: "2", arrived: "0", shortfall: b2.native });
    expect(withdraw(s, alice)).toBe(BigInt(b1.native));
    expect(withdraw(s, bob)).toBe(0n);
    expect(poolState(s).unlocked).toBe(unlocked);
    expect([b2.native, unlocked]).toEqual(["30042156", "30463782"]);
  });
});
