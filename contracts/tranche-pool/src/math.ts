// Every formula of the pool, on std's checked integers: no floats, overflow is a contract error,
// and each rounding goes the pool's way (see the README's "Formulas" for the derivations).
//
// Interest is simple and per second: principal × apr × seconds / YEAR_SECONDS. It is carried as
// an exact numerator over YEAR_SECONDS × 10^18 (10^18 = Decimal's atomics of 1) so accruing
// often loses nothing; whole units are taken out rounded up for a borrower's debt and rounded
// down for what the pool counts as earned. What the pool counts is net of the reserve fee: its
// numerators carry a further factor 10 000 − fee bps over 10 000.

import { Decimal } from "@persistence-ts/std/math/decimal";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Uint256 } from "@persistence-ts/std/math/uint256";

const YEAR_SECONDS: u64 = 31_536_000;
const ATOMICS: u64 = 1_000_000_000_000_000_000;
const BPS_PER_ONE: u64 = 10_000;

/** Shares the first deposit into a tranche locks forever, so the share price cannot be inflated cheaply. */
export const MINIMUM_SHARES: u64 = 1_000;

/**
 * The smallest order: a deposit order's cash and a redemption order's shares. A close fills a
 * tranche's orders only when the smallest order's part is at least one unit of cash and one
 * share (see fillsEveryOrder), so no order pays for nothing or is paid nothing.
 */
export const MIN_ORDER: u64 = 1_000;

function wide(x: Uint128): Uint256 {
  return Uint256.fromUint128(x);
}

/** The common denominator of interest numerators. */
function yearAtomics(): Uint256 {
  return Uint256.fromU64(YEAR_SECONDS).mul(Uint256.fromU64(ATOMICS));
}

// ---- interest ------------------------------------------------------------------------------

/** principal × apr in atomics: what one second adds to an interest numerator. */
export function interestRate(principal: Uint128, apr: Decimal): Uint256 {
  return wide(principal).mul(wide(apr.atomics()));
}

/** The interest numerator of `rate` over `seconds`. */
export function interestOver(rate: Uint256, seconds: u64): Uint256 {
  return rate.mul(Uint256.fromU64(seconds));
}

/** A numerator in whole currency, rounded up: what a borrower owes for it. */
export function interestDue(numerator: Uint256): Uint128 {
  const d = yearAtomics();
  const whole = numerator.div(d);
  return (numerator.rem(d).isZero() ? whole : whole.add(Uint256.one())).toUint128();
}

/** principal × apr × (10 000 − fee bps): what one second adds to a numerator of interest net of the fee. */
export function netInterestRate(principal: Uint128, apr: Decimal, feeBps: u32): Uint256 {
  return interestRate(principal, apr).mul(Uint256.fromU64(BPS_PER_ONE - <u64>feeBps));
}

/** A net numerator in whole currency, rounded down: what the pool counts before it is booked. */
export function interestEarned(numerator: Uint256): Uint128 {
  return numerator.div(yearAtomics().mul(Uint256.fromU64(BPS_PER_ONE))).toUint128();
}

/**
 * The reserve fee's share of `interest` booked after `before` (both gross, cumulative over the
 * loan's life): floor((before + interest) × bps / 10 000) − floor(before × bps / 10 000). Charged
 * the same way on interest paid, so the fees a loan pays add up to exactly what NAV left out.
 */
export function feeShare(before: Uint128, interest: Uint128, bps: u32): Uint128 {
  return reserveFee(before.add(interest), bps).sub(reserveFee(before, bps));
}

/** The senior target T with the fraction of a unit it has accrued but not yet counted. */
export class Target {
  constructor(
    readonly amount: Uint128,
    readonly remainder: Uint128,
  ) {}
}

/** T plus an interest numerator (over YEAR × 10^18) and the carried remainder: whole units added, the rest carried. */
function addToTarget(target: Uint128, remainder: Uint128, numerator: Uint256): Target {
  const n = numerator.add(wide(remainder));
  const d = yearAtomics();
  return new Target(target.add(n.div(d).toUint128()), n.rem(d).toUint128());
}

/** T after `seconds` of simple interest at one `apr` on `base` (how 0.2.0 grew it, up to the migration). */
export function accrueTarget(target: Uint128, remainder: Uint128, base: Uint128, apr: Decimal, seconds: u64): Target {
  return addToTarget(target, remainder, interestOver(interestRate(base, apr), seconds));
}

/**
 * T after `seconds` of simple interest on senior's deployed principal, each loan at the senior
 * APR fixed when it was drawn: senior_rate = Σ principal × senior APR over the drawn loans, of
 * which senior funds deployed / loans_principal (all when P ≥ loans' principal). Nothing moves
 * the bases between two messages that move money, so how often the pool is updated changes
 * nothing (the one division by loans_principal rounds off less than 10^-25 of a unit).
 */
export function accrueSeniorTarget(target: Uint128, remainder: Uint128, seniorRate: Uint256, deployed: Uint128, loansPrincipal: Uint128, seconds: u64): Target {
  if (loansPrincipal.isZero()) return new Target(target, remainder);
  let n = interestOver(seniorRate, seconds);
  if (deployed.lt(loansPrincipal)) n = n.mul(wide(deployed)).div(wide(loansPrincipal));
  return addToTarget(target, remainder, n);
}

/** Senior earns on the part of its principal that is lent: min(P, loans' principal). */
export function seniorDeployed(principal: Uint128, loansPrincipal: Uint128): Uint128 {
  return principal.lt(loansPrincipal) ? principal : loansPrincipal;
}

// ---- write-off policy ------------------------------------------------------------------------

/**
 * The markdown of a base `base` whose write-off period started at `start` (seconds), `elapsed`
 * = now − start: ceil(base × elapsed / period), at most the base (valuations err on the side of
 * caution). Summed over loans as Σ base × now − Σ base × start, so NAV stays O(1).
 */
export function markdownOf(baseTimesElapsed: Uint256, base: Uint128, period: u64): Uint128 {
  const d = Uint256.fromU64(period);
  const q = baseTimesElapsed.div(d);
  const up = baseTimesElapsed.rem(d).isZero() ? q : q.add(Uint256.one());
  return up.gt(wide(base)) ? base : up.toUint128();
}

/** base × seconds, the numerator of a markdown. */
export function baseTimes(base: Uint128, seconds: u64): Uint256 {
  return wide(base).mul(Uint256.fromU64(seconds));
}

// ---- shares ----------------------------------------------------------------------------------

/** Shares minted for `amount`: floor(amount × shares / value); the first deposit mints 1:1. */
export function sharesForDeposit(amount: Uint128, value: Uint128, shares: Uint128): Uint128 {
  if (shares.isZero()) return amount;
  return amount.multiplyRatio(shares, value);
}

/** What `shares` of a tranche are worth: floor(shares × value / total). */
export function valueOfShares(shares: Uint128, value: Uint128, total: Uint128): Uint128 {
  if (total.isZero()) return Uint128.zero();
  return shares.multiplyRatio(value, total);
}

/** How many shares `cash` buys back: floor(cash × total / value). */
export function sharesWorth(cash: Uint128, value: Uint128, total: Uint128): Uint128 {
  if (value.isZero()) return Uint128.zero();
  return cash.multiplyRatio(total, value);
}

/** value / shares rounded down; 1 before the first deposit. */
export function sharePrice(value: Uint128, shares: Uint128): Decimal {
  return shares.isZero() ? Decimal.one() : Decimal.fromRatio(value, shares);
}

/** T (or P) after `burned` of `shares` senior shares are redeemed: it shrinks pro rata, rounded down. */
export function targetAfterBurn(target: Uint128, burned: Uint128, shares: Uint128): Uint128 {
  return target.sub(burned.multiplyRatio(target, shares));
}

// ---- tranches --------------------------------------------------------------------------------

/** Senior value = min(T, A): the senior tranche is owed T but can never have more than A. */
export function seniorValue(target: Uint128, assets: Uint128): Uint128 {
  return target.lt(assets) ? target : assets;
}

/** junior / assets, rounded down; 0 for an empty pool. */
export function juniorRatio(junior: Uint128, assets: Uint128): Decimal {
  return assets.isZero() ? Decimal.zero() : Decimal.fromRatio(junior, assets);
}

/**
 * The most junior redemptions may pay while the ratio still holds: the largest x with
 * (junior − x) / (assets − x) ≥ min, i.e. floor((junior × 10^18 − min × assets) / (10^18 − min)).
 */
export function maxJuniorPayout(junior: Uint128, assets: Uint128, min: Decimal): Uint128 {
  const have = wide(junior).mul(Uint256.fromU64(ATOMICS));
  const need = wide(min.atomics()).mul(wide(assets));
  if (have.le(need)) return Uint128.zero();
  return have.sub(need).div(Uint256.fromU64(ATOMICS).sub(wide(min.atomics()))).toUint128();
}

/**
 * The most junior redemptions may pay when the cash of senior deposit orders pays what `cash`
 * (the reserve and junior deposits left after senior redemptions) cannot: beyond `cash` each
 * unit paid is a unit deposited, so the assets stay at assets − cash and the ratio needs
 * junior − x ≥ min × (assets − cash). Without that cash, or within it, maxJuniorPayout.
 */
export function maxJuniorPayoutFunded(junior: Uint128, assets: Uint128, cash: Uint128, min: Decimal): Uint128 {
  const plain = maxJuniorPayout(junior, assets, min);
  if (plain.le(cash)) return plain;
  const have = wide(junior).mul(Uint256.fromU64(ATOMICS));
  const need = wide(min.atomics()).mul(wide(assets.sub(cash)));
  if (have.le(need)) return Uint128.zero();
  return have.sub(need).div(Uint256.fromU64(ATOMICS)).toUint128();
}

/**
 * Whether a fill that moves `a` of one side and `b` of the other (cash and shares) for orders
 * totalling `ordered` gives every order a part of at least one unit of each: an order of q gets
 * at least floor(q × X / ordered), and every order is at least MIN_ORDER (the whole of `ordered`
 * when it is under two orders' minimum, as it can then be one order only).
 */
export function fillsEveryOrder(a: Uint128, b: Uint128, ordered: Uint128): bool {
  const least = minOf(a, b);
  const smallest = ordered.lt(Uint128.fromU64(2 * MIN_ORDER)) ? ordered : Uint128.fromU64(MIN_ORDER);
  return !least.isZero() && wide(least).mul(wide(smallest)).ge(wide(ordered));
}

/**
 * The most senior deposits may add while the ratio still holds (senior money adds to A, not to
 * junior): the largest y with junior / (assets + y) ≥ min, i.e. floor((junior × 10^18 − min × assets) / min).
 */
export function maxSeniorDeposit(junior: Uint128, assets: Uint128, min: Decimal): Uint128 {
  const have = wide(junior).mul(Uint256.fromU64(ATOMICS));
  const need = wide(min.atomics()).mul(wide(assets));
  if (have.le(need)) return Uint128.zero();
  const y = have.sub(need).div(wide(min.atomics()));
  return y.fitsUint128() ? y.toUint128() : Uint128.max();
}

/** The smaller of two amounts. */
export function minOf(a: Uint128, b: Uint128): Uint128 {
  return a.lt(b) ? a : b;
}

// ---- redemptions, fees, write-downs ------------------------------------------------------------

/**
 * The part of `amount` due to `shares` queued after `before` others in a queue of `total`:
 * floor((before + shares) × amount / total) − floor(before × amount / total). The parts of a
 * whole queue add up to exactly `amount`, and none exceeds its pro-rata share by a unit or more.
 */
export function proRataPart(before: Uint128, shares: Uint128, total: Uint128, amount: Uint128): Uint128 {
  return before.add(shares).multiplyRatio(amount, total).sub(before.multiplyRatio(amount, total));
}

/** The reserve fee on an amount of interest, rounded down: floor(interest × bps / 10 000). */
function reserveFee(interest: Uint128, bps: u32): Uint128 {
  return interest.multiplyRatio(Uint128.fromU64(<u64>bps), Uint128.fromU64(BPS_PER_ONE));
}

/** The most a loan may borrow against its collateral: floor(face value × advance rate). */
export function maxAdvance(faceValue: Uint128, advanceRate: Decimal): Uint128 {
  return advanceRate.mulFloor(faceValue);
}

/** A write-down of `percent` of the debt, rounded up (valuations err on the side of caution). */
export function writeDownOf(debt: Uint128, percent: Decimal): Uint128 {
  return percent.mulCeil(debt);
}
