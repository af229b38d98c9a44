// The epoch close: one NAV, one price per tranche, and every order of the epoch executed at it.
// The NAV is the order assets (pool.ts): loans past maturity or defaulted count 0, so nobody
// leaves at a mark the write-off policy will lower, and deposits into a tranche that a repayment
// could lift wait (impaired). Priority (Centrifuge's: senior redeem > junior redeem > junior
// invest > senior invest), in one deterministic O(1) pass:
//   1. junior deposits, all of them, unless junior is impaired or wiped out (they only add cash
//      and cushion);
//   2. senior redemptions, from the reserve, the junior deposits and the senior deposits of this
//      close (Tinlake's core constraint: redemptions ≤ reserve + supplies);
//   3. junior redemptions, capped by the junior ratio on the pool as it will be after the close:
//      orders placed before the last increase of min_junior_ratio first, under the ratio they
//      were placed under, then the others under the current one; what the cash left cannot pay,
//      senior deposits pay (each unit they pay is a unit deposited, so the ratio counts them);
//   4. the rest of the senior deposits, as far as the ratio allows on the pool after 1–3,
//      unless senior is impaired.
// Senior deposits are thus accepted first only as the cash this close's redemptions need: they
// never take the ratio's room from a junior exit, and a senior round trip (redeem and deposit
// in one close) leaves junior's exit where it was. A tranche's orders are filled only if every
// order of at least MIN_ORDER gets one unit of cash and one share (fillsEveryOrder): no order
// pays for nothing or is paid nothing. What is not filled or accepted stays ordered for the next
// close. The fills are applied to the pool at once; each order gets its pro-rata part when the
// epoch is settled (epoch.ts).

import { Decimal } from "@persistence-ts/std/math/decimal";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Timestamp } from "@persistence-ts/std/types/timestamp";
import { MINIMUM_SHARES, fillsEveryOrder, maxJuniorPayout, maxJuniorPayoutFunded, maxSeniorDeposit, minOf, seniorValue, sharePrice, sharesForDeposit, sharesWorth, valueOfShares } from "./math";
import { Config, DepositFill, Epoch, EpochFill, EpochRecord, PoolState, Tranche, TrancheExecution } from "./msg";
import { assets, burnShares, impaired, leaveGrandfathered, loansValue, markdown, mintShares, orderAssets, pendingDeposits, queuedShares, takeDeposits, trancheShares, unqueueShares } from "./pool";

/** Executes the epoch's orders at the close's prices; fills `e` and returns the record. */
export function executeOrders(p: PoolState, c: Config, e: Epoch, now: Timestamp): EpochRecord {
  const a = orderAssets(p);
  const rec = record(p, c, e, now, a);
  const sv = seniorValue(p.senior_target, a);
  const s = snapshot(p, c, Tranche.senior(), sv);
  const j = snapshot(p, c, Tranche.junior(), a.sub(sv));
  const reserve = p.reserve;
  e.grandfathered_below = p.grandfathered_below;

  // 1. junior deposits
  const juniorIn = j.deposits_held ? Uint128.zero() : acceptable(j.deposit_ordered, j);
  // 2–4, with the senior deposits; if what they would accept cannot give every order a share, without them.
  let x = solve(p, c, s, j, reserve.add(juniorIn), a.add(juniorIn), s.deposits_held ? Uint128.zero() : s.deposit_ordered);
  if (!x.seniorIn.isZero() && acceptable(x.seniorIn, s).isZero()) x = solve(p, c, s, j, reserve.add(juniorIn), a.add(juniorIn), Uint128.zero());
  e.senior = x.senior;
  e.junior_grandfathered = x.juniors.old;
  e.junior = x.juniors.young;
  s.redeemed = x.senior.filled;
  s.paid = x.senior.paid;
  j.redeemed = x.juniors.old.filled.add(x.juniors.young.filled);
  j.paid = x.juniors.old.paid.add(x.juniors.young.paid);

  e.senior_deposits = deposited(s, x.seniorIn);
  e.junior_deposits = deposited(j, juniorIn);
  x.senior.price = s.price;
  x.juniors.old.price = j.price;
  x.juniors.young.price = j.price;
  const target = p.senior_target.add(x.seniorIn);
  const principal = p.senior_principal.add(x.seniorIn);
  apply(p, Tranche.senior(), x.seniorIn, s);
  // What the senior fill took of T and P, for an order that turns out to be below its floor.
  x.senior.target_burned = target.sub(p.senior_target);
  x.senior.principal_burned = principal.sub(p.senior_principal);
  apply(p, Tranche.junior(), juniorIn, j);
  if (!x.juniors.old.queued.isZero()) leaveGrandfathered(p, x.juniors.old.filled);
  p.reserve = reserve.add(juniorIn).add(x.seniorIn).sub(s.paid).sub(j.paid);
  p.reserved = reservedBy(e.senior).add(reservedBy(e.junior)).add(reservedBy(e.junior_grandfathered));
  rec.senior = s;
  rec.junior = j;
  return rec;
}

/** The redemptions of a close and the senior deposits it accepts. */
class Solution {
  constructor(
    readonly senior: EpochFill,
    readonly juniors: JuniorFills,
    readonly seniorIn: Uint128,
  ) {}
}

/**
 * Steps 2–4 of the close, given the cash of the reserve and the junior deposits (`cash`), the
 * order assets with those deposits (`nav`) and the senior deposit orders that may be accepted.
 * Senior deposits are taken first only as cash for this close's redemptions — senior's, then
 * junior's — so they never take the ratio's room from a junior exit; the rest only as far as the
 * ratio allows on the pool after the junior redemptions.
 */
function solve(p: PoolState, c: Config, s: TrancheExecution, j: TrancheExecution, cash: Uint128, nav: Uint128, seniorOrdered: Uint128): Solution {
  const ratio = c.min_junior_ratio;
  // 2. senior redemptions: the reserve, the junior deposits, then the senior deposits pay them
  const senior = fillRedemptions(s, s.redeem_ordered, cash.add(seniorOrdered));
  const forSenior = senior.paid.saturatingSub(cash);
  // 3. junior redemptions on the pool after the close: what is left of the cash, then the senior deposits
  const left = cash.add(forSenior).sub(senior.paid);
  const juniorAfter = nav.sub(s.value); // junior's value with its deposits
  const assetsAfter = nav.add(forSenior).sub(senior.paid);
  const spare = seniorOrdered.sub(forSenior);
  const oldQueued = grandfathered(p) ? p.junior_queued_grandfathered : Uint128.zero();
  const juniors = juniorFills(p, j, oldQueued, juniorAfter, assetsAfter, left, spare, ratio);
  // 4. the rest of the senior deposits, as far as the ratio allows
  const paid = juniors.old.paid.add(juniors.young.paid);
  const forJunior = paid.saturatingSub(left);
  const room = maxSeniorDeposit(juniorAfter.sub(paid), assetsAfter.sub(paid).add(forJunior), ratio);
  return new Solution(senior, juniors, forSenior.add(forJunior).add(minOf(spare.sub(forJunior), room)));
}

/** The NAV of the close, as recorded: the fair value and the order assets everything executes at. */
function record(p: PoolState, c: Config, e: Epoch, now: Timestamp, orderNav: Uint128): EpochRecord {
  const rec = new EpochRecord();
  rec.id = e.id;
  rec.closed_at = now;
  rec.assets = assets(p, c);
  rec.overdue_value = rec.assets.sub(orderNav);
  rec.order_assets = orderNav;
  rec.reserve = p.reserve;
  rec.loans_value = loansValue(p, c);
  rec.markdown = markdown(p, c);
  rec.senior_target = p.senior_target;
  return rec;
}

/** The tranche at the close, before its orders: value, shares, price and what is ordered. */
function snapshot(p: PoolState, c: Config, t: Tranche, value: Uint128): TrancheExecution {
  const x = new TrancheExecution();
  x.value = value;
  x.shares = trancheShares(p, t);
  x.price = sharePrice(value, x.shares);
  x.redeem_ordered = queuedShares(p, t);
  x.deposit_ordered = pendingDeposits(p, t);
  // Deposits wait while the pool is paused, the tranche is impaired or wiped out (no price).
  x.deposits_held = c.paused || impaired(p, t) || (!x.shares.isZero() && value.isZero());
  return x;
}

/**
 * `cash` of the tranche's deposit orders if it can be accepted at the close's price, else 0: a
 * first deposit must exceed the locked shares, and every order must get a share and pay a unit.
 */
function acceptable(cash: Uint128, x: TrancheExecution): Uint128 {
  if (cash.isZero()) return cash;
  if (x.shares.isZero() && cash.le(Uint128.fromU64(MINIMUM_SHARES))) return Uint128.zero();
  return fillsEveryOrder(cash, mintedForOrders(x, cash), x.deposit_ordered) ? cash : Uint128.zero();
}

/** Shares minted for `cash` at the close's price, without the first deposit's locked ones. */
function mintedForOrders(x: TrancheExecution, cash: Uint128): Uint128 {
  const minted = sharesForDeposit(cash, x.value, x.shares);
  return x.shares.isZero() ? minted.sub(Uint128.fromU64(MINIMUM_SHARES)) : minted;
}

/** The two junior fills: the grandfathered orders, then the others. */
class JuniorFills {
  constructor(
    readonly old: EpochFill,
    readonly young: EpochFill,
  ) {}
}

/**
 * Junior redemptions as far as the cash (and `spare` senior deposits) and the ratio allow, on the
 * pool after the close: the grandfathered orders under their ratio, then the rest under the
 * current one (no cap while senior has no shares, so there is no ratio to keep).
 */
function juniorFills(p: PoolState, j: TrancheExecution, oldQueued: Uint128, junior: Uint128, assetsAfter: Uint128, cash: Uint128, spare: Uint128, ratio: Decimal): JuniorFills {
  const uncapped = p.senior_shares.isZero();
  const budget = cash.add(spare);
  const oldCap = uncapped ? budget : minOf(budget, maxJuniorPayoutFunded(junior, assetsAfter, cash, p.grandfathered_ratio));
  const old = fillRedemptions(j, oldQueued, oldCap);
  const cap = uncapped ? budget : minOf(budget, maxJuniorPayoutFunded(junior, assetsAfter, cash, ratio));
  const young = fillRedemptions(j, j.redeem_ordered.sub(oldQueued), cap.saturatingSub(old.paid));
  // What the ratio allows and the reserve's cash does not pay is held back from new loans.
  old.reserved = shortfall(j, old, uncapped ? Uint128.max() : maxJuniorPayout(junior, assetsAfter, p.grandfathered_ratio));
  young.reserved = shortfall(j, young, uncapped ? Uint128.max() : maxJuniorPayout(junior, assetsAfter, ratio).saturatingSub(old.paid));
  return new JuniorFills(old, young);
}

/** Whether junior orders placed before the last increase of min_junior_ratio are waiting. */
function grandfathered(p: PoolState): bool {
  return !p.junior_queued_grandfathered.isZero();
}

/** Redeems as much of `queued` shares as `budget` pays for, if every order gets its unit of each. */
function fillRedemptions(x: TrancheExecution, queued: Uint128, budget: Uint128): EpochFill {
  const f = new EpochFill();
  f.queued = queued;
  const full = valueOfShares(queued, x.value, x.shares);
  f.filled = full.le(budget) ? queued : sharesWorth(budget, x.value, x.shares);
  f.paid = valueOfShares(f.filled, x.value, x.shares);
  if (!fillsEveryOrder(f.filled, f.paid, queued)) {
    f.filled = Uint128.zero();
    f.paid = Uint128.zero();
  }
  f.reserved = shortfall(x, f, Uint128.max());
  return f;
}

/** The deposit fill of `cash` accepted: shares minted at the close's price (1:1 for a first deposit). */
function deposited(x: TrancheExecution, cash: Uint128): DepositFill {
  const f = new DepositFill();
  f.ordered = x.deposit_ordered;
  f.accepted = cash;
  x.deposited = cash;
  x.minted = cash.isZero() ? Uint128.zero() : sharesForDeposit(cash, x.value, x.shares);
  f.minted = cash.isZero() ? Uint128.zero() : mintedForOrders(x, cash);
  return f;
}

/** Burns the redeemed shares, mints the deposited ones (senior: T and P move with them), moves the cash. */
function apply(p: PoolState, t: Tranche, cash: Uint128, x: TrancheExecution): void {
  if (!x.redeemed.isZero()) {
    burnShares(p, t, x.redeemed);
    unqueueShares(p, t, x.redeemed);
  }
  mintShares(p, t, x.minted, cash);
  takeDeposits(p, t, cash);
  p.set_aside = p.set_aside.add(x.paid);
}

/** The value of the orders `cap` allowed to be paid but the cash did not. */
function shortfall(x: TrancheExecution, f: EpochFill, cap: Uint128): Uint128 {
  return minOf(valueOfShares(f.queued, x.value, x.shares), cap).saturatingSub(f.paid);
}

function reservedBy(f: EpochFill): Uint128 {
  const r = f.reserved;
  return r === null ? Uint128.zero() : r;
}
