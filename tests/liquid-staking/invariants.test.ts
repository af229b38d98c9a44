// Property tests over random sequences of bonds, unbonds, instant unstakes, transfers, batch
// submissions, harvests, withdrawals, reconciles, time and (in the second property) slashing:
//   1. stk supply = Σ balances, and the contract holds exactly the locked stk plus the batch's;
//   2. the contract's bank balance covers what it books as liquid (buffer + unlocked + claimable + surplus);
//   3. what it owes (stakers' value + unbonders' claims) ≤ what it controls on chain;
//   4. without slashing, the value of one stk never decreases, whatever anyone does: no user
//      can take value from the others through rounding.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY, EPOCH, Setup, UNBONDING, XPRT, alice, bob, bond, carol, operator, poolState, setup, stk, sum, treasury } from "./setup";

const users = [alice, bob, carol];

type Op =
  | { kind: "bond" | "instant"; user: number; amount: number }
  | { kind: "queue" | "withdraw"; user: number; pct: number }
  | { kind: "transfer"; user: number; to: number; pct: number }
  | { kind: "advance"; hours: number }
  | { kind: "epoch" | "mature" | "harvest" | "reconcile" }
  | { kind: "slash"; validator: number; bps: number };

const user = fc.nat(2);
const pct = fc.integer({ min: 1, max: 100 });
/** Whole XPRT, or a few uxprt to probe rounding. */
const amount = fc.oneof(fc.integer({ min: 1, max: 50 }).map((x) => x * 1_000_000), fc.integer({ min: 1, max: 3000 }));
// Weighted so that requests often make it through a batch, its unbonding and a withdrawal.
const baseOps = [
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("bond" as const), user, amount }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("queue" as const), user, pct }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("instant" as const), user, amount }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), user, pct }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("transfer" as const), user, to: user, pct }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("advance" as const), hours: fc.integer({ min: 1, max: 48 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom("epoch" as const, "mature" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom("harvest" as const, "reconcile" as const) }) },
] as Array<fc.WeightedArbitrary<Op>>;
const slashOp = { weight: 1, arbitrary: fc.record({ kind: fc.constant("slash" as const), validator: fc.nat(2), bps: fc.integer({ min: 1, max: 300 }) }) as fc.Arbitrary<Op> };

/**
 * One step. `epoch` lets an epoch pass and submits the batch; `mature` lets an unbonding period
 * pass and pokes reconcile, then one more block (funds count as arrived from the next block).
 */
function apply(s: Setup, o: Op): void {
  const part = (who: string, p: number) => ((stk(s, who) * BigInt(p)) / 100n).toString();
  try {
    if (o.kind === "bond") bond(s, users[o.user], BigInt(o.amount));
    else if (o.kind === "queue") s.ls.execute(users[o.user], { queue_unbond: { amount: part(users[o.user], o.pct) } });
    else if (o.kind === "instant") s.ls.execute(users[o.user], { instant_unstake: { amount: o.amount.toString() } });
    else if (o.kind === "withdraw") s.ls.execute(users[o.user], { withdraw_unbonded: {} });
    else if (o.kind === "transfer") s.ls.execute(users[o.user], { transfer: { recipient: users[o.to], amount: part(users[o.user], o.pct) } });
    else if (o.kind === "advance") s.app.advanceTime(o.hours * 3600);
    else if (o.kind === "epoch") {
      s.app.advanceTime(EPOCH);
      s.ls.execute(alice, { submit_batch: {} });
    } else if (o.kind === "mature") {
      s.app.advanceTime(UNBONDING);
      s.ls.execute(bob, { reconcile: {} });
      s.app.advanceBlocks(1);
    } else if (o.kind === "harvest") s.ls.execute(operator, { harvest: {} });
    else if (o.kind === "reconcile") s.ls.execute(bob, { reconcile: {} });
    // an infraction at height 1: every pending entry and the bonded stake of then are reached
    else if (o.kind === "slash") s.app.slash(s.vals[o.validator], (o.bps / 10_000).toString(), { infractionHeight: 1, jail: true });
  } catch {
    // refused operations are part of the sequence: a failed transaction changes nothing
  }
}

interface Books {
  value: bigint;
  supply: bigint;
  owed: bigint;
  controlled: bigint;
}

/** Checks invariants 1 and 2; returns V, S and the owed and controlled totals. */
function checkBooks(s: Setup): Books {
  const st = poolState(s);
  const supply = BigInt(st.stk_supply);
  const holders = [...users, treasury, s.ls.address];
  expect(sum(holders.map((h) => stk(s, h)))).toBe(supply);
  const batch = BigInt(s.ls.query<{ stk: string }>({ current_batch: {} }).stk);
  expect(stk(s, s.ls.address)).toBe(supply === 0n ? 0n : 1000n + batch);

  const bank = s.app.balance(s.ls.address, "uxprt");
  const liquid = BigInt(st.buffer) + BigInt(st.unlocked) + BigInt(st.claimable) + BigInt(st.surplus);
  expect(bank).toBeGreaterThanOrEqual(liquid);

  const delegated = sum(s.vals.map((v) => s.app.staking.delegation(s.app.store, s.ls.address, v)));
  expect(BigInt(st.delegated)).toBe(delegated);
  const unbondingOnChain = sum(s.app.staking.unbondingEntries(s.app.store, s.ls.address).map((e) => e.balance));
  const controlled = bank + delegated + unbondingOnChain + BigInt(st.pending_rewards);
  const owed = BigInt(st.total_native) + BigInt(st.claimable) + BigInt(st.unbonding) + BigInt(st.surplus);
  return { value: BigInt(st.total_native), supply, owed, controlled };
}

describe("liquid-staking invariants", () => {
  it("without slashing: books balance, owed ≤ controlled, and the value of one stk never decreases", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(...baseOps), { minLength: 6, maxLength: 24 }), (ops) => {
        const s = setup({ min_deposit: "1" });
        bond(s, alice, 20n * XPRT);
        let prev = checkBooks(s);
        for (const o of ops) {
          apply(s, o);
          const now = checkBooks(s);
          expect(now.owed).toBeLessThanOrEqual(now.controlled);
          // V_now / S_now ≥ V_prev / S_prev, exactly.
          expect(now.value * prev.supply).toBeGreaterThanOrEqual(prev.value * now.supply);
          prev = now;
        }
      }),
      { numRuns: 40 },
    );
  });

  it("with slashing: books balance after every step, and every unbonder can withdraw what its batch received", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(...baseOps, slashOp), { minLength: 6, maxLength: 20 }), (ops) => {
        const s = setup({ min_deposit: "1000000", max_rate_drop: "0.5" });
        bond(s, alice, 20n * XPRT);
        bond(s, bob, 20n * XPRT);
        for (const o of ops) {
          apply(s, o);
          checkBooks(s);
        }
        // Let every submitted batch complete, then everyone withdraws.
        s.app.advanceTime(UNBONDING + DAY);
        s.ls.execute(bob, { reconcile: {} });
        s.app.advanceBlocks(1);
        for (const u of users) apply(s, { kind: "withdraw", user: users.indexOf(u), pct: 100 });
        const batches = s.ls.query<{ batches: Array<{ unclaimed_stk: string }> }>({ batches: { limit: 100 } }).batches;
        expect(batches.every((b) => b.unclaimed_stk === "0")).toBe(true);
        // Each batch's last claimant takes the rest: nothing stays claimable.
        expect(BigInt(poolState(s).claimable)).toBe(0n);
        checkBooks(s);
      }),
      { numRuns: 30 },
    );
  });
});
