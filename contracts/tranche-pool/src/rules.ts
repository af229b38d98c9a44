// Who may do what, and what valid parameters and inputs look like. Each check records a
// contract error (std/error.ts) and returns false when it does not hold.

import { fail } from "@persistence-ts/std/error";
import { Decimal } from "@persistence-ts/std/math/decimal";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Key } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { Config, Limits, Loan, Position } from "./msg";
import { ALLOWLIST, LOANS, POSITIONS } from "./state";
import * as ContractError from "./error";

const DAY: u64 = 86_400;
const MAX_COLLECTIONS: i32 = 10;
/** Longest loan term: keeps maturity + grace + delay far from Timestamp's range. */
export const MAX_LOAN_DAYS: u64 = 3_650;
export const MAX_LIST_UPDATE: i32 = 100;

/** Bounds of the parameters, checked at instantiate and on every update (README, "Parameters"). */
const MAX_APR = "1";
const MIN_JUNIOR_RATIO = "0.01";
const MAX_JUNIOR_RATIO = "0.9";
const MAX_GRACE_PERIOD: u64 = 365 * DAY;
const MIN_PUBLIC_DEFAULT_DELAY: u64 = DAY;
const MAX_PUBLIC_DEFAULT_DELAY: u64 = 365 * DAY;
const MAX_RESERVE_FEE_BPS: u32 = 5_000;
const MIN_EPOCH_SECONDS: u64 = 3_600;
const MAX_EPOCH_SECONDS: u64 = 90 * DAY;
const MIN_TIMELOCK_SECONDS: u64 = DAY;
const MAX_TIMELOCK_SECONDS: u64 = 180 * DAY;
/** test_timings pools (test networks only): epochs and the timelock in seconds. */
const TEST_MIN_EPOCH_SECONDS: u64 = 1;
const TEST_MIN_TIMELOCK_SECONDS: u64 = 60;
const MAX_WRITEOFF_GRACE: u64 = 365 * DAY;
const MIN_WRITEOFF_PERIOD: u64 = DAY;
const MAX_WRITEOFF_PERIOD: u64 = 3_650 * DAY;
/** The most one scheduled change may move a parameter that hits existing positions. */
const MAX_SENIOR_APR_STEP = "0.05";
const MAX_JUNIOR_RATIO_STEP = "0.1";
const MAX_RESERVE_FEE_STEP_BPS: u32 = 1_000;
/** The most one scheduled loosening of the write-off policy may add (a tightening applies at once). */
const MAX_WRITEOFF_GRACE_STEP: u64 = 7 * DAY;
const MAX_WRITEOFF_PERIOD_STEP: u64 = 30 * DAY;
/** Chain ids of the test networks a test_timings pool may live on: the simulator's and the localnet's. */
const TEST_CHAIN_IDS = "persistence-simulator-1, localpersistence-1";

// ---- parameters ------------------------------------------------------------------------------

function within(what: string, x: Decimal, min: string, max: string): bool {
  if (x.lt(Decimal.fromString(min)) || x.gt(Decimal.fromString(max))) {
    fail(ContractError.outsideRange(what, x.toString(), min, max));
    return false;
  }
  return true;
}

function secondsWithin(what: string, x: u64, min: u64, max: u64): bool {
  if (x < min || x > max) {
    fail(ContractError.secondsOutsideRange(what, x.toString(), min.toString(), max.toString()));
    return false;
  }
  return true;
}

/** An APR the pool accepts: at most 100% a year. */
export function validApr(what: string, apr: Decimal): bool {
  return within(what, apr, "0", MAX_APR);
}

export function validConfig(c: Config): bool {
  if (!validApr("senior_apr", c.senior_apr)) return false;
  if (!within("min_junior_ratio", c.min_junior_ratio, MIN_JUNIOR_RATIO, MAX_JUNIOR_RATIO)) return false;
  if (!inLimits(c)) return false;
  if (c.advance_rate.isZero()) {
    fail(ContractError.zeroAdvanceRate());
    return false;
  }
  if (!within("advance_rate", c.advance_rate, "0", "1")) return false;
  if (!secondsWithin("grace_period", c.grace_period, 0, MAX_GRACE_PERIOD)) return false;
  if (!secondsWithin("public_default_delay", c.public_default_delay, MIN_PUBLIC_DEFAULT_DELAY, MAX_PUBLIC_DEFAULT_DELAY)) return false;
  if (!secondsWithin("epoch_seconds", c.epoch_seconds, c.test_timings ? TEST_MIN_EPOCH_SECONDS : MIN_EPOCH_SECONDS, MAX_EPOCH_SECONDS)) return false;
  const minTimelock = c.test_timings ? TEST_MIN_TIMELOCK_SECONDS : MIN_TIMELOCK_SECONDS;
  if (!secondsWithin("timelock_seconds", c.timelock_seconds, minTimelock > c.epoch_seconds ? minTimelock : c.epoch_seconds, MAX_TIMELOCK_SECONDS)) return false;
  if (!secondsWithin("writeoff_grace", c.writeoff_grace, 0, MAX_WRITEOFF_GRACE)) return false;
  if (!secondsWithin("writeoff_period", c.writeoff_period, MIN_WRITEOFF_PERIOD, MAX_WRITEOFF_PERIOD)) return false;
  if (c.reserve_fee_bps > MAX_RESERVE_FEE_BPS) {
    fail(ContractError.reserveFeeTooHigh(c.reserve_fee_bps.toString(), MAX_RESERVE_FEE_BPS.toString()));
    return false;
  }
  if (c.collections.length == 0 || c.collections.length > MAX_COLLECTIONS) {
    fail(ContractError.invalidCollectionCount(MAX_COLLECTIONS.toString()));
    return false;
  }
  return true;
}

/** The limits themselves within the parameters' bounds, each min ≤ max. */
export function validLimits(l: Limits): bool {
  if (!validApr("limits.senior_apr_min", l.senior_apr_min) || !validApr("limits.senior_apr_max", l.senior_apr_max)) return false;
  if (!within("limits.min_junior_ratio_min", l.min_junior_ratio_min, MIN_JUNIOR_RATIO, MAX_JUNIOR_RATIO)) return false;
  if (!within("limits.min_junior_ratio_max", l.min_junior_ratio_max, MIN_JUNIOR_RATIO, MAX_JUNIOR_RATIO)) return false;
  if (l.senior_apr_min.gt(l.senior_apr_max) || l.min_junior_ratio_min.gt(l.min_junior_ratio_max)) {
    fail(ContractError.limitsInverted());
    return false;
  }
  if (l.reserve_fee_bps_max > MAX_RESERVE_FEE_BPS) {
    fail(ContractError.reserveFeeLimitTooHigh(l.reserve_fee_bps_max.toString(), MAX_RESERVE_FEE_BPS.toString()));
    return false;
  }
  return true;
}

/** senior_apr, min_junior_ratio and reserve_fee_bps inside the bands fixed at instantiation. */
function inLimits(c: Config): bool {
  const l = c.limits;
  if (!within("senior_apr", c.senior_apr, l.senior_apr_min.toString(), l.senior_apr_max.toString())) return false;
  if (!within("min_junior_ratio", c.min_junior_ratio, l.min_junior_ratio_min.toString(), l.min_junior_ratio_max.toString())) return false;
  if (c.reserve_fee_bps > l.reserve_fee_bps_max) {
    fail(ContractError.reserveFeeAboveLimit(c.reserve_fee_bps.toString(), l.reserve_fee_bps_max.toString()));
    return false;
  }
  return true;
}

/** test_timings only on a test network's chain. */
export function validTestTimings(testTimings: bool, chainId: string): bool {
  if (!testTimings || TEST_CHAIN_IDS.split(", ").includes(chainId)) return true;
  fail(ContractError.testTimingsOffTestnet(TEST_CHAIN_IDS, chainId));
  return false;
}

/**
 * A scheduled change moves senior_apr, min_junior_ratio and reserve_fee_bps by a bounded step,
 * and loosens the write-off policy by a bounded step.
 */
export function validChange(now: Config, next: Config): bool {
  if (!stepWithin("senior_apr", now.senior_apr, next.senior_apr, MAX_SENIOR_APR_STEP)) return false;
  if (!stepWithin("min_junior_ratio", now.min_junior_ratio, next.min_junior_ratio, MAX_JUNIOR_RATIO_STEP)) return false;
  const a = now.reserve_fee_bps;
  const b = next.reserve_fee_bps;
  if ((a > b ? a - b : b - a) > MAX_RESERVE_FEE_STEP_BPS) {
    fail(ContractError.stepTooLarge("reserve_fee_bps", b.toString(), MAX_RESERVE_FEE_STEP_BPS.toString(), a.toString()));
    return false;
  }
  return loosensWithin("writeoff_grace", now.writeoff_grace, next.writeoff_grace, MAX_WRITEOFF_GRACE_STEP) && loosensWithin("writeoff_period", now.writeoff_period, next.writeoff_period, MAX_WRITEOFF_PERIOD_STEP);
}

function loosensWithin(what: string, from: u64, to: u64, step: u64): bool {
  if (to <= from || to - from <= step) return true;
  fail(ContractError.loosensTooFast(what, to.toString(), step.toString(), from.toString()));
  return false;
}

function stepWithin(what: string, from: Decimal, to: Decimal, step: string): bool {
  const d = from.gt(to) ? from.sub(to) : to.sub(from);
  if (d.le(Decimal.fromString(step))) return true;
  fail(ContractError.stepTooLarge(what, to.toString(), step, from.toString()));
  return false;
}

/** A native denom as the Cosmos SDK accepts it: [a-zA-Z][a-zA-Z0-9/:._-]{2,127}. */
export function validDenom(denom: string): bool {
  let ok = denom.length >= 3 && denom.length <= 128 && isLetter(denom.charCodeAt(0));
  for (let i = 1; ok && i < denom.length; i++) {
    const c = denom.charCodeAt(i);
    ok = isLetter(c) || (c >= 0x30 && c <= 0x39) || c == 0x2f || c == 0x3a || c == 0x2e || c == 0x5f || c == 0x2d;
  }
  if (!ok) fail(ContractError.notNativeDenom(denom));
  return ok;
}

function isLetter(c: i32): bool {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

// ---- roles -----------------------------------------------------------------------------------

export function isManager(c: Config, a: Addr): bool {
  return c.manager.equals(a);
}

export function assertManager(c: Config, sender: Addr, action: string): bool {
  if (isManager(c, sender)) return true;
  fail(ContractError.notManager(action));
  return false;
}

export function assertNotPaused(c: Config, what: string): bool {
  if (!c.paused) return true;
  fail(ContractError.paused(what));
  return false;
}

/** With the allowlist on, only allowlisted lenders deposit or receive shares. */
export function mayHoldShares(c: Config, lender: Addr): bool {
  return !c.allowlist_enabled || ALLOWLIST.has(Key.addr(lender));
}

/** Fails unless `lender` may deposit or receive shares (mayHoldShares). */
export function assertAllowed(c: Config, lender: Addr): bool {
  if (mayHoldShares(c, lender)) return true;
  fail(ContractError.notOnAllowlist(lender.toString()));
  return false;
}

export function assertAcceptedCollection(c: Config, collection: Addr): bool {
  for (let i = 0; i < c.collections.length; i++) if (c.collections[i].equals(collection)) return true;
  fail(ContractError.notAcceptedCollection(collection.toString()));
  return false;
}

// ---- loans and positions -----------------------------------------------------------------------

export function loadLoan(id: u64): Loan | null {
  const pk = Key.u64(id);
  if (!LOANS.has(pk)) {
    fail(ContractError.loanNotFound(id.toString()));
    return null;
  }
  return LOANS.load(pk);
}

/** The loan's status is one of `allowed` (space separated), e.g. "requested approved". */
export function assertStatus(loan: Loan, allowed: string, action: string): bool {
  const list = allowed.split(" ");
  if (list.includes(loan.status.variant)) return true;
  fail(ContractError.wrongStatus(action, loan.id.toString(), loan.status.variant, list.join(" or ")));
  return false;
}

export function assertBorrower(loan: Loan, sender: Addr, action: string): bool {
  if (loan.borrower.equals(sender)) return true;
  fail(ContractError.notBorrower(action, loan.id.toString()));
  return false;
}

export function positionOf(lender: Addr): Position {
  return POSITIONS.loadOr(Key.addr(lender), new Position());
}

export function savePosition(lender: Addr, p: Position): void {
  if (p.senior.isZero() && p.junior.isZero()) POSITIONS.remove(Key.addr(lender));
  else POSITIONS.save(Key.addr(lender), p);
}

export function nonZero(what: string, x: Uint128): bool {
  if (!x.isZero()) return true;
  fail(ContractError.notPositive(what));
  return false;
}
