// The pool's accounting on PoolState: accrual up to the block time, assets and tranche values,
// and the moves the handlers make (mint and burn shares, queue orders, book a loan's interest).
// Formulas come from math.ts; the write-off policy's per-loan side lives in policy.ts.
//
//   A (the fair NAV, reported) = reserve + loans_value
//   loans_value = loans_book + floor(unbooked_interest / (YEAR × 10^18 × 10^4)) − markdown
//   markdown = markdown_complete + ceil((now × ramp_base − ramp_base_start) / writeoff_period)
//   order assets (what orders execute at) = A − overdue value
//                = reserve + loans_book − overdue_base + floor(unbooked_interest / …)
//   senior value = min(T, order assets),   junior value = order assets − senior value
//
// A loan past maturity (or defaulted) counts 0 for orders: its whole remaining markdown is taken
// at once, as Maple's exits deduct unrealised losses, so nobody leaves at a mark the policy will
// lower; whatever it later pays goes to those who stayed.

import { Decimal } from "@persistence-ts/std/math/decimal";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Uint256 } from "@persistence-ts/std/math/uint256";
import { Timestamp } from "@persistence-ts/std/types/timestamp";
import {
  accrueSeniorTarget,
  baseTimes,
  feeShare,
  interestDue,
  interestEarned,
  interestOver,
  interestRate,
  markdownOf,
  netInterestRate,
  seniorDeployed,
  seniorValue,
  targetAfterBurn,
  valueOfShares,
} from "./math";
import { Config, Loan, PoolState, Tranche } from "./msg";
import { POOL } from "./state";

export function isSenior(t: Tranche): bool {
  return t.variant == "senior";
}

/** The pool brought up to `now`: what every handler starts from. */
export function poolAt(c: Config, now: Timestamp): PoolState {
  const p = POOL.load();
  accrue(p, c, now);
  return p;
}

// The Uint256 accumulators are stored as decimal strings (the DSL has no Uint256).
export function loanRate(p: PoolState): Uint256 {
  return Uint256.fromString(p.loan_rate);
}

export function unbookedInterest(p: PoolState): Uint256 {
  return Uint256.fromString(p.unbooked_interest);
}

export function rampBaseStart(p: PoolState): Uint256 {
  return Uint256.fromString(p.ramp_base_start);
}

export function seniorRate(p: PoolState): Uint256 {
  return Uint256.fromString(p.senior_rate);
}

/**
 * Grows T by simple interest on senior's deployed principal, each loan at the senior APR fixed at
 * its draw, and the loans' unbooked interest (net of the reserve fee) at their rates, per whole
 * second. No base changes between two messages that move money, so accruing more often changes
 * nothing.
 */
export function accrue(p: PoolState, c: Config, now: Timestamp): void {
  if (now.nanos <= p.accrued_at.nanos) return;
  const seconds = now.seconds() - p.accrued_at.seconds();
  if (seconds > 0) {
    const t = accrueSeniorTarget(p.senior_target, p.senior_target_remainder, seniorRate(p), seniorDeployed(p.senior_principal, p.loans_principal), p.loans_principal, seconds);
    p.senior_target = t.amount;
    p.senior_target_remainder = t.remainder;
    p.unbooked_interest = unbookedInterest(p).add(interestOver(loanRate(p), seconds)).toString();
  }
  p.accrued_at = now;
}

// ---- values ------------------------------------------------------------------------------------

/** The write-off policy's markdown at the pool's time: complete loans in full, the others pro rata. */
export function markdown(p: PoolState, c: Config): Uint128 {
  const now = baseTimes(p.ramp_base, p.accrued_at.seconds());
  const start = rampBaseStart(p);
  const ramp = now.le(start) ? Uint128.zero() : markdownOf(now.sub(start), p.ramp_base, c.writeoff_period);
  return p.markdown_complete.add(ramp);
}

/** Drawn loans at book value, plus interest accrued and not yet booked (net, rounded down), less the markdown. */
export function loansValue(p: PoolState, c: Config): Uint128 {
  return p.loans_book.add(interestEarned(unbookedInterest(p))).sub(markdown(p, c));
}

/** A: reserve + loans at the policy's values. Set-aside payouts, pending deposits, fees owed and payouts owed to lenders are not the lenders' assets. */
export function assets(p: PoolState, c: Config): Uint128 {
  return p.reserve.add(loansValue(p, c));
}

/** The NAV orders execute at: the reserve and the loans not past maturity; an overdue or defaulted loan counts 0. */
export function orderAssets(p: PoolState): Uint128 {
  return p.reserve.add(p.loans_book.sub(p.overdue_base)).add(interestEarned(unbookedInterest(p)));
}

/** What overdue and defaulted loans count for in A (the policy's value), and orders leave out. */
export function overdueValue(p: PoolState, c: Config): Uint128 {
  return assets(p, c).sub(orderAssets(p));
}

/** A tranche's value on the order assets: what its orders execute at. */
export function trancheValue(p: PoolState, c: Config, t: Tranche): Uint128 {
  const a = orderAssets(p);
  const senior = seniorValue(p.senior_target, a);
  return isSenior(t) ? senior : a.sub(senior);
}

export function trancheShares(p: PoolState, t: Tranche): Uint128 {
  return isSenior(t) ? p.senior_shares : p.junior_shares;
}

export function queuedShares(p: PoolState, t: Tranche): Uint128 {
  return isSenior(t) ? p.senior_queued : p.junior_queued;
}

export function pendingDeposits(p: PoolState, t: Tranche): Uint128 {
  return isSenior(t) ? p.senior_deposits : p.junior_deposits;
}

/** What the queued shares of a tranche are worth now. */
export function queuedValue(p: PoolState, c: Config, t: Tranche): Uint128 {
  return valueOfShares(queuedShares(p, t), trancheValue(p, c, t), trancheShares(p, t));
}

/**
 * Deposits into a tranche wait while it is impaired: junior while any loan is overdue (grace
 * included), defaulted, written down or in an open recovery — a repayment or recovery would
 * otherwise go to whoever bought in at the marked price — senior while its value is below T.
 */
export function impaired(p: PoolState, t: Tranche): bool {
  if (!isSenior(t)) return p.marked_loans > 0;
  return orderAssets(p).lt(p.senior_target);
}

/** Reserve left for new loans: what the last close still owes its redemption orders comes first. */
export function lendable(p: PoolState): Uint128 {
  return p.reserve.saturatingSub(p.reserved);
}

// ---- shares and orders -------------------------------------------------------------------------

/** New shares bought with `cash`; senior ones add the same amount to T and to senior's principal. */
export function mintShares(p: PoolState, t: Tranche, shares: Uint128, cash: Uint128): void {
  if (isSenior(t)) {
    p.senior_shares = p.senior_shares.add(shares);
    p.senior_target = p.senior_target.add(cash);
    p.senior_principal = p.senior_principal.add(cash);
  } else p.junior_shares = p.junior_shares.add(shares);
}

/** Redeemed shares; senior ones take their pro-rata part of T and of senior's principal with them. */
export function burnShares(p: PoolState, t: Tranche, shares: Uint128): void {
  if (isSenior(t)) {
    p.senior_target = targetAfterBurn(p.senior_target, shares, p.senior_shares);
    p.senior_principal = targetAfterBurn(p.senior_principal, shares, p.senior_shares);
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

/** Whether a junior redemption order executes under the ratio in force before the last increase. */
export function isGrandfathered(p: PoolState, t: Tranche, orderId: u64): bool {
  return !isSenior(t) && orderId < p.grandfathered_below;
}

/** Shares that leave the grandfathered junior orders (filled, cancelled); once none is left the exception ends. */
export function leaveGrandfathered(p: PoolState, shares: Uint128): void {
  p.junior_queued_grandfathered = p.junior_queued_grandfathered.sub(shares);
  if (!p.junior_queued_grandfathered.isZero()) return;
  p.grandfathered_ratio = Decimal.zero();
  p.grandfathered_below = 0;
}

export function addDeposits(p: PoolState, t: Tranche, cash: Uint128): void {
  if (isSenior(t)) p.senior_deposits = p.senior_deposits.add(cash);
  else p.junior_deposits = p.junior_deposits.add(cash);
}

export function takeDeposits(p: PoolState, t: Tranche, cash: Uint128): void {
  if (isSenior(t)) p.senior_deposits = p.senior_deposits.sub(cash);
  else p.junior_deposits = p.junior_deposits.sub(cash);
}

// ---- loans -------------------------------------------------------------------------------------

/** A drawn loan, i.e. one whose principal is out: active or defaulted. */
export function isDrawn(loan: Loan): bool {
  return loan.status.variant == "active" || loan.status.variant == "defaulted";
}

/** Its interest counts in NAV (accrued in the pool's aggregate): drawn and not overdue. */
export function interestCounts(loan: Loan): bool {
  return isDrawn(loan) && loan.overdue_at === null;
}

/** What one second adds to the pool's net numerator for this loan. */
export function loanNetRate(loan: Loan): Uint256 {
  return netInterestRate(loan.principal, loan.apr, loan.reserve_fee_bps);
}

/**
 * Books a drawn loan's interest up to `at`: the borrower owes it in full (rounded up). While its
 * interest counts in NAV, its exact net numerator leaves the pool's unbooked sum and the booked
 * interest net of the reserve fee joins loans_book.
 */
export function bookInterest(p: PoolState, loan: Loan, at: Timestamp): void {
  if (!isDrawn(loan) || at.seconds() <= loan.accrued_at.seconds()) return;
  const seconds = at.seconds() - loan.accrued_at.seconds();
  const due = interestDue(interestOver(interestRate(loan.principal, loan.apr), seconds));
  if (interestCounts(loan)) {
    p.unbooked_interest = unbookedInterest(p).sub(interestOver(loanNetRate(loan), seconds)).toString();
    p.loans_book = p.loans_book.add(due.sub(feeShare(loan.interest_paid.add(loan.interest), due, loan.reserve_fee_bps)));
  }
  loan.interest = loan.interest.add(due);
  loan.accrued_at = at;
}

/** Interest a drawn loan owes now, without booking it. */
export function interestDueAt(loan: Loan, now: Timestamp): Uint128 {
  if (!isDrawn(loan) || now.seconds() <= loan.accrued_at.seconds()) return loan.interest;
  const seconds = now.seconds() - loan.accrued_at.seconds();
  return loan.interest.add(interestDue(interestOver(interestRate(loan.principal, loan.apr), seconds)));
}

/** principal + booked interest net of the fee that will be charged on it. */
export function netDebt(loan: Loan): Uint128 {
  const fee = feeShare(loan.interest_paid, loan.interest, loan.reserve_fee_bps);
  return loan.principal.add(loan.interest).sub(fee);
}

/**
 * What a loan with booked interest counts for in loans_book: once overdue its base (frozen at
 * maturity), otherwise its net debt less write-downs (0 unless drawn).
 */
export function bookValue(loan: Loan): Uint128 {
  if (!isDrawn(loan)) return Uint128.zero();
  if (loan.overdue_at !== null) return loan.policy_base;
  return netDebt(loan).saturatingSub(loan.written_down);
}
