// The pool's accounting on PoolState: accrual up to the block time, assets and tranche values,
// and the moves the handlers make (mint and burn shares, queue shares, book a loan's interest,
// count a loan's principal in the loan rate). Formulas come from math.ts.
//
//   A = reserve + loans_value,  loans_value = loans_book + floor(unbooked_interest / (YEAR × 10^18))
//   senior value = min(T, A),   junior value = A − senior value

import { Decimal } from "../../../std/math/decimal";
import { Uint128 } from "../../../std/math/uint128";
import { Uint256 } from "../../../std/math/uint256";
import { Timestamp } from "../../../std/types/timestamp";
import {
  accrueTarget,
  interestDue,
  interestEarned,
  interestOver,
  interestRate,
  seniorValue,
  targetAfterBurn,
  valueOfShares,
} from "./math";
import { Config, Loan, PoolState, Tranche } from "./msg";
import { POOL } from "./state";

export function isSenior(t: Tranche): bool {
  return t.variant == "senior";
}

/** The pool brought up to `now`: what every handler and query starts from. */
export function poolAt(c: Config, now: Timestamp): PoolState {
  const p = POOL.load();
  accrue(p, c.senior_apr, now);
  return p;
}

// The two Uint256 accumulators are stored as decimal strings (the DSL has no Uint256).
function loanRate(p: PoolState): Uint256 {
  return Uint256.fromString(p.loan_rate);
}

function unbookedInterest(p: PoolState): Uint256 {
  return Uint256.fromString(p.unbooked_interest);
}

/** Grows T at the senior APR and the loans' unbooked interest at their rates, per whole second. */
export function accrue(p: PoolState, seniorApr: Decimal, now: Timestamp): void {
  if (now.nanos <= p.accrued_at.nanos) return;
  const seconds = now.seconds() - p.accrued_at.seconds();
  if (seconds > 0) {
    const t = accrueTarget(p.senior_target, p.senior_target_remainder, seniorApr, seconds);
    p.senior_target = t.amount;
    p.senior_target_remainder = t.remainder;
    p.unbooked_interest = unbookedInterest(p).add(interestOver(loanRate(p), seconds)).toString();
  }
  p.accrued_at = now;
}

// ---- values ------------------------------------------------------------------------------------

/** Drawn loans at book value plus interest accrued and not yet booked (rounded down). */
export function loansValue(p: PoolState): Uint128 {
  return p.loans_book.add(interestEarned(unbookedInterest(p)));
}

/** A: reserve + loans. Set-aside payouts and fees owed are not the lenders' any more. */
export function assets(p: PoolState): Uint128 {
  return p.reserve.add(loansValue(p));
}

export function trancheValue(p: PoolState, t: Tranche): Uint128 {
  const a = assets(p);
  const senior = seniorValue(p.senior_target, a);
  return isSenior(t) ? senior : a.sub(senior);
}

export function trancheShares(p: PoolState, t: Tranche): Uint128 {
  return isSenior(t) ? p.senior_shares : p.junior_shares;
}

export function queuedShares(p: PoolState, t: Tranche): Uint128 {
  return isSenior(t) ? p.senior_queued : p.junior_queued;
}

/** What the queued shares of a tranche are worth now. */
export function queuedValue(p: PoolState, t: Tranche): Uint128 {
  return valueOfShares(queuedShares(p, t), trancheValue(p, t), trancheShares(p, t));
}

/** Reserve left for new loans once queued redemptions are served: they come first. */
export function lendable(p: PoolState): Uint128 {
  return p.reserve.saturatingSub(queuedValue(p, Tranche.senior()).add(queuedValue(p, Tranche.junior())));
}

// ---- shares ------------------------------------------------------------------------------------

/** New shares of a deposit; a senior deposit adds the same amount to T. */
export function mintShares(p: PoolState, t: Tranche, shares: Uint128, deposit: Uint128): void {
  if (isSenior(t)) {
    p.senior_shares = p.senior_shares.add(shares);
    p.senior_target = p.senior_target.add(deposit);
  } else p.junior_shares = p.junior_shares.add(shares);
}

/** Redeemed shares; senior ones take their pro-rata part of T with them. */
export function burnShares(p: PoolState, t: Tranche, shares: Uint128): void {
  if (isSenior(t)) {
    p.senior_target = targetAfterBurn(p.senior_target, shares, p.senior_shares);
    p.senior_shares = p.senior_shares.sub(shares);
  } else p.junior_shares = p.junior_shares.sub(shares);
}

export function queueShares(p: PoolState, t: Tranche, shares: Uint128): void {
  if (isSenior(t)) p.senior_queued = p.senior_queued.add(shares);
  else p.junior_queued = p.junior_queued.add(shares);
}

export function unqueueShares(p: PoolState, t: Tranche, shares: Uint128): void {
  if (isSenior(t)) p.senior_queued = p.senior_queued.sub(shares);
  else p.junior_queued = p.junior_queued.sub(shares);
}

// ---- loans -------------------------------------------------------------------------------------

/** Moves an active loan's interest since accrued_at from the pool's unbooked sum into the loan, rounded up. */
export function bookInterest(p: PoolState, loan: Loan, now: Timestamp): void {
  const seconds = now.seconds() - loan.accrued_at.seconds();
  const numerator = interestOver(interestRate(loan.principal, loan.apr), seconds);
  p.unbooked_interest = unbookedInterest(p).sub(numerator).toString();
  const due = interestDue(numerator);
  loan.interest = loan.interest.add(due);
  p.loans_book = p.loans_book.add(due);
  loan.accrued_at = now;
}

/** Interest an active loan owes now, without booking it. */
export function interestDueAt(loan: Loan, now: Timestamp): Uint128 {
  if (loan.status.variant != "active") return loan.interest;
  const seconds = now.seconds() - loan.accrued_at.seconds();
  return loan.interest.add(interestDue(interestOver(interestRate(loan.principal, loan.apr), seconds)));
}

/** Starts counting `principal` at `apr` in the loan rate (draw). */
export function startAccruing(p: PoolState, principal: Uint128, apr: Decimal): void {
  p.loan_rate = loanRate(p).add(interestRate(principal, apr)).toString();
}

/** Stops counting `principal` at `apr` (repayment of principal, default). */
export function stopAccruing(p: PoolState, principal: Uint128, apr: Decimal): void {
  p.loan_rate = loanRate(p).sub(interestRate(principal, apr)).toString();
}
