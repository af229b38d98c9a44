// The write-off policy, and the pool aggregates that follow each loan's state.
//
// At maturity an unpaid drawn loan becomes overdue: its interest stops counting in NAV (the
// borrower still owes it), its book value then is frozen as its base, junior deposits wait and
// orders count it 0 (pool.ts). From maturity + writeoff_grace the base is marked down linearly
// for the reported NAV: by base × (now − start) / writeoff_period, to 0 when the period is over.
// The manager may write down further (off the base), never less. NAV stays O(1) per message: the
// pool keeps Σ base of the overdue loans, and Σ base and Σ base × start of the loans in their
// period, so the markdown of all of them is ceil((now × Σ base − Σ base × start) / period).
// Loans become overdue and enter and leave the period at times no message marks, so three maps
// keyed by time list the loans due to: `awaiting` (maturity, id), `grace` (maturity, id) and
// `ramping` (start, id). Every handler that touches a loan first applies its due events;
// process_epoch applies all of them, at most `limit` per call, before it may close an epoch,
// so every close prices the tranches with every loan due by the close's block time overdue.
//
// Every aggregate that depends on a loan's state — the loan rate, the senior rate, principal
// out, the overdue base, the ramp sums, the complete markdown, the count of marked loans, the
// maps — is kept by comparing the loan's terms before and after a change (LoanTerms), in one
// place: saveLoan.

import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Uint256 } from "@persistence-ts/std/math/uint256";
import { Key } from "@persistence-ts/std/storage/key";
import { Order } from "@persistence-ts/std/storage/kv";
import { Bound, StorageMap } from "@persistence-ts/std/storage/map";
import { Timestamp } from "@persistence-ts/std/types/timestamp";
import { baseTimes, interestRate, markdownOf } from "./math";
import { Config, Loan, PoolState } from "./msg";
import { bookInterest, bookValue, isDrawn, loanNetRate, loanRate, rampBaseStart, seniorRate, unbookedInterest } from "./pool";
import { AWAITING, GRACE, LOANS, RAMPING } from "./state";

/** What of a loan the pool's aggregates count, at one moment (none of it unless drawn). */
export class LoanTerms {
  indexKeys: Key[] = [];
  rate: Uint256 = Uint256.zero();
  seniorRate: Uint256 = Uint256.zero();
  principal: Uint128 = Uint128.zero();
  overdueBase: Uint128 = Uint128.zero();
  rampBase: Uint128 = Uint128.zero();
  rampStart: Uint256 = Uint256.zero();
  completeBase: Uint128 = Uint128.zero();
  marked: bool = false;
  awaiting: Key | null = null;
  grace: Key | null = null;
  ramping: Key | null = null;
}

/** The terms of a loan now: taken as loaded, and passed to saveLoan after changing it. */
export function termsOf(loan: Loan): LoanTerms {
  const t = new LoanTerms();
  t.indexKeys = LOANS.indexKeys(loan);
  // A written-off loan whose recovery is open still keeps junior deposits waiting.
  if (loan.status.variant == "written_off") t.marked = loan.recovery_open;
  if (!isDrawn(loan)) return t;
  const id = Key.u64(loan.id);
  t.principal = loan.principal;
  t.seniorRate = interestRate(loan.principal, loan.senior_apr);
  t.marked = loan.overdue_at !== null || !loan.written_down.isZero();
  if (loan.overdue_at === null) {
    t.rate = loanNetRate(loan);
    t.awaiting = Key.u64(loan.maturity.seconds()).join(id);
    return t;
  }
  t.overdueBase = loan.policy_base;
  const from = loan.marked_from;
  if (from === null) t.grace = Key.u64(loan.maturity.seconds()).join(id);
  else if (loan.fully_marked) t.completeBase = loan.policy_base;
  else {
    t.rampBase = loan.policy_base;
    t.rampStart = baseTimes(loan.policy_base, from.seconds());
    t.ramping = Key.u64(from.seconds()).join(id);
  }
  return t;
}

/** Moves the pool's aggregates from a loan's terms `before` to its terms now. */
export function reconcile(p: PoolState, before: LoanTerms, loan: Loan): LoanTerms {
  const after = termsOf(loan);
  p.loan_rate = loanRate(p).sub(before.rate).add(after.rate).toString();
  p.senior_rate = seniorRate(p).sub(before.seniorRate).add(after.seniorRate).toString();
  p.loans_principal = p.loans_principal.sub(before.principal).add(after.principal);
  p.overdue_base = p.overdue_base.sub(before.overdueBase).add(after.overdueBase);
  p.ramp_base = p.ramp_base.sub(before.rampBase).add(after.rampBase);
  p.ramp_base_start = rampBaseStart(p).sub(before.rampStart).add(after.rampStart).toString();
  p.markdown_complete = p.markdown_complete.sub(before.completeBase).add(after.completeBase);
  if (before.marked != after.marked) p.marked_loans = after.marked ? p.marked_loans + 1 : p.marked_loans - 1;
  return after;
}

/** Stores the loan, its indexes and its place in the policy's maps. */
function store(loan: Loan, before: LoanTerms, after: LoanTerms): void {
  LOANS.save(Key.u64(loan.id), loan, before.indexKeys);
  move(AWAITING, before.awaiting, after.awaiting);
  move(GRACE, before.grace, after.grace);
  move(RAMPING, before.ramping, after.ramping);
}

function move(map: StorageMap<bool>, from: Key | null, to: Key | null): void {
  if (from !== null && (to === null || !sameKey(from, to))) map.remove(from);
  if (to !== null && (from === null || !sameKey(from, to))) map.save(to, true);
}

function sameKey(a: Key, b: Key): bool {
  const x = a.encode();
  const y = b.encode();
  if (x.length != y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] != y[i]) return false;
  return true;
}

/** Reconciles the pool with the loan's change since `before` and stores it. */
export function saveLoan(p: PoolState, loan: Loan, before: LoanTerms): void {
  store(loan, before, reconcile(p, before, loan));
}

// ---- the policy on one loan --------------------------------------------------------------------

/** When the policy starts marking a loan down: maturity + writeoff_grace, or when it did. */
export function writeoffFrom(c: Config, loan: Loan): Timestamp {
  const from = loan.marked_from;
  return from !== null ? from : Timestamp.fromSeconds(loan.maturity.seconds() + c.writeoff_grace);
}

/** Whether a drawn loan is overdue at `t` (seconds): past its maturity unpaid, or defaulted. */
function dueBy(loan: Loan, t: u64): bool {
  return t > loan.maturity.seconds() || loan.status.variant == "defaulted";
}

/**
 * Applies the policy's events due by `now` to a drawn loan: it becomes overdue (interest booked up
 * to its maturity counts, later interest no longer does; its book value then is its base), its
 * write-off period starts, and ends (marked down to 0). The caller reconciles the pool afterwards.
 */
export function applyPolicy(p: PoolState, c: Config, loan: Loan, now: Timestamp): void {
  if (!isDrawn(loan)) return;
  const t = now.seconds();
  if (loan.overdue_at === null) {
    if (!dueBy(loan, t)) return; // paid by then, it was never late
    // Overdue from its maturity (a loan defaulted at its very maturity: from then too).
    const at = t > loan.maturity.seconds() ? loan.maturity.seconds() : t;
    if (at > loan.accrued_at.seconds()) bookInterest(p, loan, Timestamp.fromSeconds(at));
    // The pool's aggregate still holds this loan's net interest from then to now: take it out.
    const from = loan.accrued_at.seconds();
    if (t > from) p.unbooked_interest = unbookedInterest(p).sub(loanNetRate(loan).mul(Uint256.fromU64(t - from))).toString();
    loan.policy_base = bookValue(loan);
    loan.overdue_at = Timestamp.fromSeconds(at);
  }
  if (loan.marked_from === null) {
    const start = writeoffFrom(c, loan);
    if (t <= start.seconds()) return; // overdue, in its write-off grace
    loan.marked_from = start;
  }
  if (!loan.fully_marked && t >= loan.marked_from!.seconds() + c.writeoff_period) loan.fully_marked = true;
}

/** The policy's markdown of a loan at `now` (after applyPolicy). */
export function loanMarkdown(c: Config, loan: Loan, now: Timestamp): Uint128 {
  const from = loan.marked_from;
  if (!isDrawn(loan) || from === null) return Uint128.zero();
  if (loan.fully_marked) return loan.policy_base;
  const elapsed = now.seconds() > from.seconds() ? now.seconds() - from.seconds() : 0;
  return markdownOf(baseTimes(loan.policy_base, elapsed), loan.policy_base, c.writeoff_period);
}

// ---- every loan ---------------------------------------------------------------------------------

/** Outcome of applying the policy to the loans due: how many were processed, and whether any is left. */
export class PolicyRun {
  processed: i32 = 0;
  done: bool = true;
}

/**
 * Applies the policy's due events to every loan due by `now`, at most `limit` loans: those that
 * become overdue (maturity < now), those whose write-off period starts (maturity < now − grace)
 * and those whose period ends (start ≤ now − period). With `persist` false (queries) only the
 * pool in memory changes.
 */
export function applyPolicyToDue(p: PoolState, c: Config, now: Timestamp, limit: i32, persist: bool): PolicyRun {
  const run = new PolicyRun();
  const t = now.seconds();
  if (t > 0) dueIn(p, c, now, AWAITING, t - 1, limit, persist, run);
  if (t > c.writeoff_grace) dueIn(p, c, now, GRACE, t - c.writeoff_grace - 1, limit, persist, run);
  if (t >= c.writeoff_period) dueIn(p, c, now, RAMPING, t - c.writeoff_period, limit, persist, run);
  return run;
}

/** The loans of `map` keyed at or before `upTo`, within what is left of `limit`. */
function dueIn(p: PoolState, c: Config, now: Timestamp, map: StorageMap<bool>, upTo: u64, limit: i32, persist: bool, run: PolicyRun): void {
  const budget = limit - run.processed;
  const max = Bound.exclusive(Key.u64(upTo + 1).join(Key.u64(0)));
  const entries = map.range(null, max, Order.Ascending, budget + 1);
  const n = entries.length < budget ? entries.length : budget;
  if (entries.length > budget) run.done = false;
  for (let i = 0; i < n; i++) {
    const loan = LOANS.load(Key.bytes(entries[i].key.parts[1]));
    const before = termsOf(loan);
    applyPolicy(p, c, loan, now);
    if (persist) saveLoan(p, loan, before);
    else reconcile(p, before, loan);
  }
  run.processed += n;
}
