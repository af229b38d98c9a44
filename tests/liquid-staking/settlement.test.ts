// Property: whatever the interleaving — days without any call, pauses, slashes of chosen
// validators for infractions at chosen heights (before or after submissions and redelegations),
// validator removals, re-weighting and rebalancing between an infraction and its evidence, a
// change of the chain's unbonding time — every batch receives what the chain paid for it: exactly
// when its payout was observed alone, shared pro rata to what each undelegated within a window of
// arrivals the contract could not tell apart; the stakers never gain from the unbonders (no
// arrival reaches the rewards or the surplus), and the contract always controls what it owes.
// A redelegation's slash (SDK SlashRedelegation: from our unbonding entries at its destination
// first) reaches a batch's entry only in the two cases the README names: the batch had to take
// part of itself from a validator receiving our redelegations (the others held less than it
// asked), or the redelegation into that validator was made after the batch's entry.
//
// What the chain paid for a batch is read off the chain itself: the unbonding entries the
// batch's submission created (same delegator, same creation height), whose last balance before
// they complete is their payout. Rewards a slash pays outside any call (a redelegation slash
// unbonds destination shares) are measured on the bank balance around each slash.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY, EPOCH, Setup, UNBONDING, XPRT, alice, attrs, bob, bond, carol, operator, owner, poolState, setup, stk, sum, treasury } from "./setup";

const users = [alice, bob, carol];
const NANOS = 1_000_000_000n;

type Op =
  | { kind: "bond"; user: number; xprt: number }
  | { kind: "queue" | "withdraw" | "cancel"; user: number; pct: number }
  | { kind: "epoch" | "submit" | "harvest" | "reconcile" | "pause" | "unpause" }
  | { kind: "lag"; hours: number }
  | { kind: "blocks"; n: number }
  | { kind: "slash"; validator: number; bps: number; at: number; jail: boolean }
  | { kind: "unbonding_time"; days: number }
  | { kind: "remove" | "readd"; validator: number }
  | { kind: "reweight"; validator: number; weight: number }
  | { kind: "rebalance" }
  | { kind: "evidence"; bps: number; back: number; jail: boolean };

const user = fc.nat(2);
const ops: Array<fc.WeightedArbitrary<Op>> = [
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("bond" as const), user, xprt: fc.integer({ min: 1, max: 60 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("queue" as const), user, pct: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancel" as const), user, pct: fc.constant(0) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), user, pct: fc.constant(0) }) },
  // An epoch without any call, then the batch's submission.
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("epoch" as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom("submit" as const, "reconcile" as const, "harvest" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom("pause" as const, "unpause" as const) }) },
  // Lags: hours to weeks in one step, without any call; or a few blocks.
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("lag" as const), hours: fc.oneof(fc.integer({ min: 1, max: 72 }), fc.integer({ min: 72, max: 24 * 25 })) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("blocks" as const), n: fc.integer({ min: 1, max: 3 }) }) },
  // A slash of a chosen validator for an infraction at a chosen height: `at` picks among genesis,
  // the heights at which batches were submitted or redelegations made and the block before and
  // after each, and now (see Run.height).
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("slash" as const), validator: fc.nat(2), bps: fc.integer({ min: 1, max: 1500 }), at: fc.nat(40), jail: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("unbonding_time" as const), days: fc.constantFrom(7, 14, 21, 28) }) },
  // The set moves: the owner removes a validator (its stake redelegated), re-adds one, changes a
  // weight; the operator rebalances.
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom("remove" as const, "readd" as const), validator: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reweight" as const), validator: fc.nat(2), weight: fc.integer({ min: 0, max: 10_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("rebalance" as const) }) },
  // The evidence of an infraction by the source of our latest redelegation, committed before it
  // (`back` picks the block before it, or an earlier submission's height): the redelegation sits
  // between the infraction and its evidence.
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("evidence" as const), bps: fc.integer({ min: 100, max: 1500 }), back: fc.nat(3), jail: fc.boolean() }),
  },
];

interface Window {
  ids: number[];
  arrived: bigint;
}

interface Entry {
  batch: number;
  validator: string;
  creationHeight: number;
  balance: bigint;
  /** Made on a validator receiving our redelegations (the others held less than the batch asked). */
  forced: boolean;
}

/** The run: the contract, the chain's entries per batch, and the windows the contract settled. */
class Run {
  /** key of an unbonding entry → its batch, last balance seen and whether it was forced. */
  readonly entries = new Map<string, Entry>();
  readonly windows: Window[] = [];
  /** Heights at which batches were submitted: an infraction before, at or after one decides which entries a slash reaches. */
  readonly submitted: number[] = [];
  /** Heights at which the contract redelegated (removal, rebalance), and of each redelegation entry. */
  readonly redelegated: number[] = [];
  readonly madeAt = new Map<string, number>();
  /** Rewards that slashes paid to the contract outside any call (a redelegation slash unbonding destination shares). */
  outside = 0n;
  /** Batch entries a redelegation slash reached (each explained), and batches forced onto receiving validators. */
  redelegationCuts = 0;
  forcedBatches = 0;

  constructor(readonly s: Setup) {}

  /** The infraction height `at` stands for: 1, a submission's height or the block after it, a redelegation's height or the block before it, or now. */
  height(at: number): number {
    const choices = [1, ...this.submitted.flatMap((h) => [h, h + 1]), ...this.redelegated.flatMap((h) => [h - 1, h]), this.s.app.block.height];
    return Math.min(choices[at % choices.length], this.s.app.block.height);
  }

  private entryKey(e: { validator: string; creationHeight: number; completionTime: bigint }): string {
    return `${e.validator}|${e.creationHeight}|${e.completionTime}`;
  }

  /** Validators into which one of our redelegation entries is still on chain and not mature. */
  receiving(): Set<string> {
    const now = this.s.app.block.time;
    return new Set(this.s.app.staking.redelegationEntries(this.s.app.store, this.s.ls.address).filter((r) => r.completionTime > now).map((r) => r.dstValidator));
  }

  /** Notes every live entry's balance; a batch's new entries are tagged with its id. */
  snapshot(batch?: number, height?: number, receiving: Set<string> = new Set()): void {
    for (const e of this.s.app.staking.unbondingEntries(this.s.app.store, this.s.ls.address)) {
      const k = this.entryKey(e);
      const known = this.entries.get(k);
      if (known) known.balance = e.balance;
      else if (batch !== undefined && e.creationHeight === height) {
        this.entries.set(k, { batch, validator: e.validator, creationHeight: e.creationHeight, balance: e.balance, forced: receiving.has(e.validator) });
      } else throw new Error(`an unbonding entry of no batch: ${k}`);
    }
  }

  /** What the chain paid (or will pay) for batch `id`: its entries' balances. */
  chainPaid(id: number): bigint {
    return sum([...this.entries.values()].filter((e) => e.batch === id).map((e) => e.balance));
  }

  exec(sender: string, msg: Record<string, unknown>): Record<string, string> | null {
    try {
      const a = attrs(this.s.ls.execute(sender, msg));
      if (a.settled) this.windows.push({ ids: a.settled.split(",").map(Number), arrived: BigInt(a.arrived) });
      return a;
    } catch {
      return null; // a refused call changes nothing
    }
  }

  apply(o: Op): void {
    const { s } = this;
    const part = (who: string, p: number) => (stk(s, who) * BigInt(p)) / 100n;
    if (o.kind === "bond") this.execBond(users[o.user], BigInt(o.xprt) * XPRT);
    else if (o.kind === "queue") {
      const amount = part(users[o.user], o.pct);
      if (amount > 0n) this.exec(users[o.user], { queue_unbond: { amount: amount.toString() } });
    } else if (o.kind === "cancel") this.exec(users[o.user], { cancel_unbond: {} });
    else if (o.kind === "withdraw") this.exec(users[o.user], { withdraw_unbonded: {} });
    else if (o.kind === "submit" || o.kind === "epoch") {
      if (o.kind === "epoch") {
        const due = BigInt(s.ls.query<{ est_submit_time: string }>({ current_batch: {} }).est_submit_time);
        if (due > s.app.block.time) s.app.advanceTime(Number((due - s.app.block.time) / NANOS));
      }
      this.submit();
    } else if (o.kind === "harvest") this.exec(operator, { harvest: {} });
    else if (o.kind === "reconcile") this.exec(bob, { reconcile: {} });
    else if (o.kind === "pause") this.exec(operator, { pause: {} });
    else if (o.kind === "unpause") this.exec(owner, { unpause: {} });
    else if (o.kind === "lag") s.app.advanceTime(o.hours * 3600);
    else if (o.kind === "blocks") s.app.advanceBlocks(o.n);
    else if (o.kind === "slash") this.slash(s.vals[o.validator], o.bps, this.height(o.at), o.jail);
    else if (o.kind === "unbonding_time") s.app.setUnbondingTime(o.days * DAY);
    else if (o.kind === "remove") this.redelegating(owner, { remove_validator: { validator: s.vals[o.validator] } });
    else if (o.kind === "readd") {
      if (this.exec(owner, { add_validator: { validator: s.vals[o.validator] } })) this.reweight(s.vals[o.validator], Math.floor(10_000 / this.set().length));
    } else if (o.kind === "reweight") this.reweight(s.vals[o.validator], o.weight);
    else if (o.kind === "rebalance") this.redelegating(operator, { rebalance: {} });
    else if (o.kind === "evidence") {
      const latest = s.app.staking.redelegationEntries(s.app.store, s.ls.address).sort((x, y) => y.creationHeight - x.creationHeight)[0];
      if (latest) {
        const earlier = this.submitted.filter((h) => h < latest.creationHeight);
        const heights = [latest.creationHeight - 1, latest.creationHeight, ...earlier.slice(-2)];
        this.slash(latest.srcValidator, o.bps, heights[o.back % heights.length], o.jail);
      }
    }
    this.snapshot();
  }

  private set(): string[] {
    return setMembers(this.s).filter((v) => v.in_set).map((v) => v.address);
  }

  /** Gives `validator` (if in the set) `weight`, the others equal shares of the rest. */
  private reweight(validator: string, weight: number): void {
    const set = this.set();
    if (!set.includes(validator) || set.length === 1) return;
    const others = set.filter((v) => v !== validator);
    const each = Math.floor((10_000 - weight) / others.length);
    const weights = others.map((address, i) => ({ address, weight: each + (i === 0 ? 10_000 - weight - each * others.length : 0) }));
    this.exec(owner, { update_weights: { validators: [...weights, { address: validator, weight }] } });
  }

  /** A removal or rebalance; the height of each redelegation entry it made (from an unbonding source, the entry's creation height is the source's unbonding height). */
  private redelegating(sender: string, msg: Record<string, unknown>): void {
    const { app, ls } = this.s;
    this.exec(sender, msg);
    let made = false;
    for (const r of app.staking.redelegationEntries(app.store, ls.address)) {
      const k = redelegationKey(r);
      if (this.madeAt.has(k)) continue;
      this.madeAt.set(k, app.block.height);
      made = true;
    }
    if (made) this.redelegated.push(app.block.height);
  }

  /**
   * Submits the batch; its entries on validators receiving our redelegations are allowed only when
   * the others held less than it asked of the chain.
   */
  private submit(): void {
    const { s } = this;
    const receiving = this.receiving();
    const clean = sum(s.vals.filter((v) => !receiving.has(v)).map((v) => s.app.staking.delegation(s.app.store, s.ls.address, v)));
    const a = this.exec(users[0], { submit_batch: {} });
    if (!a) return;
    const height = s.app.block.height;
    this.submitted.push(height);
    this.snapshot(Number(a.batch_id), height, receiving);
    const forced = [...this.entries.values()].some((e) => e.creationHeight === height && e.forced);
    if (forced) {
      expect(clean).toBeLessThan(BigInt(a.undelegated));
      this.forcedBatches++;
    }
  }

  /**
   * A slash for an infraction at `infraction`. A batch entry on another validator than the slashed
   * one loses only to a redelegation slash (its source slashed), and only if the batch was forced
   * onto that validator, or the redelegation into it was made after the entry (at its height or
   * later: in the same block, a batch not forced onto a receiving validator came first).
   */
  private slash(validator: string, bps: number, infraction: number, jail: boolean): void {
    const { app, ls } = this.s;
    const before = new Map(app.staking.unbondingEntries(app.store, ls.address).map((e) => [this.entryKey(e), e.balance]));
    const redelegations = app.staking.redelegationEntries(app.store, ls.address);
    const bank = app.balance(ls.address, "uxprt");
    try {
      app.slash(validator, (bps / 10_000).toString(), { infractionHeight: infraction, jail });
    } catch {
      return; // the SDK does not slash an unbonded validator (jailed an unbonding period ago)
    }
    this.outside += app.balance(ls.address, "uxprt") - bank;
    for (const e of app.staking.unbondingEntries(app.store, ls.address)) {
      const k = this.entryKey(e);
      if (e.validator === validator || e.balance >= (before.get(k) ?? 0n)) continue;
      const entry = this.entries.get(k)!;
      const later = redelegations.some(
        (r) =>
          r.srcValidator === validator &&
          r.dstValidator === e.validator &&
          r.creationHeight >= infraction &&
          r.completionTime > app.block.time &&
          this.madeAt.get(redelegationKey(r))! >= entry.creationHeight,
      );
      expect(entry.forced || later).toBe(true);
      this.redelegationCuts++;
    }
  }

  private execBond(who: string, amount: bigint): void {
    try {
      const a = attrs(bond(this.s, who, amount));
      if (a.settled) this.windows.push({ ids: a.settled.split(",").map(Number), arrived: BigInt(a.arrived) });
    } catch {
      // paused, breaker, no bonded validator
    }
  }
}

function redelegationKey(r: { srcValidator: string; dstValidator: string; creationHeight: number; completionTime: bigint; initialBalance: bigint }): string {
  return `${r.srcValidator}|${r.dstValidator}|${r.creationHeight}|${r.completionTime}|${r.initialBalance}`;
}

function setMembers(s: Setup): Array<{ address: string; in_set: boolean }> {
  return s.ls.query<{ validators: Array<{ address: string; in_set: boolean }> }>({ validators: {} }).validators;
}

interface Batch {
  id: number;
  stk: string;
  liquid: string;
  undelegated: string;
  unbond_end: string;
  received: string | null;
  unclaimed_stk: string;
}

/** Books after a step: supply = Σ balances, the bank covers the booked liquid parts, owed ≤ controlled. */
function checkBooks(s: Setup): void {
  const st = poolState(s);
  expect(sum([...users, treasury, s.ls.address].map((h) => stk(s, h)))).toBe(BigInt(st.stk_supply));
  const bank = s.app.balance(s.ls.address, "uxprt");
  expect(bank).toBeGreaterThanOrEqual(BigInt(st.buffer) + BigInt(st.unlocked) + BigInt(st.claimable) + BigInt(st.surplus));
  const entries = sum(s.app.staking.unbondingEntries(s.app.store, s.ls.address).map((e) => e.balance));
  const controlled = bank + BigInt(st.delegated) + entries + BigInt(st.pending_rewards);
  const owed = BigInt(st.total_native) + BigInt(st.claimable) + BigInt(st.unbonding) + BigInt(st.surplus);
  // Slashing of unbonding entries lowers what is controlled before the batch settles with its shortfall.
  const batches = s.ls.query<{ batches: Batch[] }>({ batches: { limit: 100 } }).batches;
  const unsettledShortfall = sum(batches.filter((b) => b.received === null).map((b) => BigInt(b.undelegated))) - entries;
  expect(owed).toBeLessThanOrEqual(controlled + (unsettledShortfall > 0n ? unsettledShortfall : 0n));
}

describe("settlement with lags, pauses, slashes and an unbonding-time change", () => {
  it("every batch gets what the chain paid for it (exact alone, pro rata within a window); stakers never gain from unbonders", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(...ops), { minLength: 12, maxLength: 30 }), (list) => {
        const s = setup({ min_deposit: "1000000", max_rate_drop: "0.5" });
        const run = new Run(s);
        for (const u of users) bond(s, u, 50n * XPRT);
        const paidTo = new Map(users.map((u) => [u, 0n]));
        const track = (u: string, fn: () => void) => {
          const before = s.app.balance(u, "uxprt");
          fn();
          paidTo.set(u, paidTo.get(u)! + s.app.balance(u, "uxprt") - before);
        };
        for (const o of list) {
          if (o.kind === "withdraw") track(users[o.user], () => run.apply(o));
          else run.apply(o);
          checkBooks(s);
        }
        // Let every batch complete, then two calls in different blocks, and everyone withdraws.
        s.app.advanceTime(28 * DAY + 60);
        run.snapshot();
        run.exec(bob, { reconcile: {} });
        s.app.advanceBlocks(1);
        run.snapshot();
        run.exec(bob, { reconcile: {} });
        for (const u of users) track(u, () => run.exec(u, { withdraw_unbonded: {} }));
        checkBooks(s);

        const batches = s.ls.query<{ batches: Batch[] }>({ batches: { limit: 100 } }).batches;
        const byId = new Map(batches.map((b) => [b.id, b]));
        expect(batches.every((b) => b.received !== null && b.unclaimed_stk === "0")).toBe(true);
        // Each window's arrivals are exactly its batches' payouts, shared pro rata to what each undelegated.
        const settled = run.windows.flatMap((w) => w.ids);
        expect(new Set(settled).size).toBe(settled.length);
        // A window's arrivals are its batches' payouts; only rewards a slash paid outside any call,
        // landing in the same window, can fill a shortfall beyond them (README).
        let beyond = 0n;
        for (const w of run.windows) {
          const members = w.ids.map((id) => byId.get(id)!);
          const paid = sum(w.ids.map((id) => run.chainPaid(id)));
          expect(w.arrived).toBeGreaterThanOrEqual(paid);
          beyond += w.arrived - paid;
          const due = sum(members.map((b) => BigInt(b.undelegated)));
          let given = 0n;
          members.forEach((b, i) => {
            const share = BigInt(b.received!) - BigInt(b.liquid);
            const expected = i === members.length - 1 ? w.arrived - given : due === 0n ? 0n : (w.arrived * BigInt(b.undelegated)) / due;
            expect(share).toBe(expected);
            given += share;
            if (members.length === 1 && run.outside === 0n) expect(share).toBe(run.chainPaid(b.id)); // observed alone: exact
          });
        }
        expect(beyond).toBeLessThanOrEqual(run.outside);
        // Batches that asked nothing of the chain settle at submission with their liquid part.
        for (const b of batches) if (!settled.includes(b.id)) expect(b.received).toBe(b.liquid);
        // Unbonders got everything the batches received; nothing of theirs went to the stakers.
        expect(sum(paidTo.values())).toBe(sum(batches.map((b) => BigInt(b.received!))));
        expect(poolState(s)).toMatchObject({ claimable: "0", unbonding: "0", surplus: "0" });
      }),
      { numRuns: 20 },
    );
  });
});
