// The write-off policy, and the pool aggregates that follow each loan's state.
//
// From maturity + writeoff_grace a drawn loan stops counting interest in NAV (the borrower still
// owes it) and its book value at that moment, its base, is marked down linearly: by
// base × (now − start) / writeoff_period, to 0 when the period is over. The manager may write
// down further (off the base), never less. NAV stays O(1) per message: the pool keeps
// Σ base and Σ base × start of the loans in their period, so the markdown of all of them is
// ceil((now × Σ base − Σ base × start) / period). Loans enter and leave the period at times no
// message marks, so two maps keyed by time list the loans due to: `awaiting` (maturity, id)
// and `ramping` (start, id). Every handler that touches a loan first applies its due events;
// process_epoch applies all of them, at most `limit` per call, before it may close an epoch,
// so every close prices the tranches with the policy applied at the close's block time.
//
// Every aggregate that depends on a loan's state — the loan rate, principal out, the ramp sums,
// the complete markdown, the count of marked loans, the two maps — is kept by comparing the
// loan's terms before and after a change (LoanTerms), in one place: saveLoan.

import { Uint128 } from "../../../std/math/uint128";
import { Uint256 } from "../../../std/math/uint256";
import { Key } from "../../../std/storage/key";
import { Order } from "../../../std/storage/kv";
import { Bound, StorageMap } from "../../../std/storage/map";
import { Timestamp } from "../../../std/types/timestamp";
import { baseTimes, markdownOf } from "./math";
import { Config, Loan, PoolState } from "./msg";
import { bookInterest, bookValue, isDrawn, loanNetRate, loanRate, rampBaseStart, unbookedInterest } from "./pool";
import { AWAITING, LOANS, RAMPING } from "./state";

/** What of a loan the pool's aggregates count, at one moment (none of it unless drawn). */
export class LoanTerms {
  indexKeys: Key[] = [];
  rate: Uint256 = Uint256.zero();
  principal: Uint128 = Uint128.zero();
  rampBase: Uint128 = Uint128.zero();
  rampStart: Uint256 = Uint256.zero();
  completeBase: Uint128 = Uint128.zero();
  marked: bool = false;
  awaiting: Key | null = null;
  ramping: Key | null = null;
}

/** The terms of a loan now: taken as loaded, and passed to saveLoan after changing it. */
export function termsOf(loan: Loan): LoanTerms {
  const t = new LoanTerms();
  t.indexKeys = LOANS.indexKeys(loan);
  if (!isDrawn(loan)) return t;
  const id = Key.u64(loan.id);
  t.principal = loan.principal;
  t.marked = loan.marked_from !== null || !loan.written_down.isZero();
  const from = loan.marked_from;
  if (from === null) {
    t.rate = loanNetRate(loan);
    t.awaiting = Key.u64(loan.maturity.seconds()).join(id);
  } else if (loan.fully_marked) t.completeBase = loan.policy_base;
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
  p.loans_principal = p.loans_principal.sub(before.principal).add(after.principal);
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

/**
 * Applies the policy's events due by `now` to a drawn loan: the start of its write-off period
 * (interest booked up to the start counts, later interest no longer does; the book value then is
 * its base) and its end (marked down to 0). The caller reconciles the pool afterwards.
 */
export function applyPolicy(p: PoolState, c: Config, loan: Loan, now: Timestamp): void {
  if (!isDrawn(loan)) return;
  const t = now.seconds();
  if (loan.marked_from === null) {
    const start = writeoffFrom(c, loan);
    if (t <= start.seconds()) return; // paid by then, it was never late
    if (start.seconds() > loan.accrued_at.seconds()) bookInterest(p, loan, start);
    // The pool's aggregate still holds this loan's net interest from then to now: take it out.
    const from = loan.accrued_at.seconds();
    if (t > from) p.unbooked_interest = unbookedInterest(p).sub(loanNetRate(loan).mul(Uint256.fromU64(t - from))).toString();
    loan.policy_base = bookValue(loan);
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
 * Applies the policy's due events to every loan due by `now`, at most `limit` loans: those whose
 * write-off period starts (maturity < now − grace) and those whose period ends (start ≤ now −
 * period). With `persist` false (queries) only the pool in memory changes.
 */
export function applyPolicyToDue(p: PoolState, c: Config, now: Timestamp, limit: i32, persist: bool): PolicyRun {
  const run = new PolicyRun();
  const t = now.seconds();
  if (t > c.writeoff_grace) dueIn(p, c, now, AWAITING, t - c.writeoff_grace - 1, limit, persist, run);
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
