// The epoch close: one NAV (after the write-off policy), one price per tranche, and every order
// of the epoch executed at it, in this order of priority:
//   1. senior redemptions, from the reserve and the junior deposits accepted;
//   2. junior redemptions, from the cash left, as far as the junior ratio allows;
//   3. junior deposits, all of them, unless junior is impaired or wiped out;
//   4. senior deposits: as much as senior redemptions took out (ratio-neutral), then as far as
//      the junior ratio allows, unless senior is impaired.
// Redemptions that would pay 0 are not filled (a share that pays nothing is not sold for
// nothing); deposits that would mint no share are not accepted. What is not filled or accepted
// stays ordered for the next close. The fills are applied to the pool at once; each order gets
// its pro-rata part when the epoch is settled (epoch.ts).

import { Uint128 } from "../../../std/math/uint128";
import { Timestamp } from "../../../std/types/timestamp";
import { MINIMUM_SHARES, maxJuniorPayout, maxSeniorDeposit, minOf, seniorValue, sharePrice, sharesForDeposit, sharesWorth, valueOfShares } from "./math";
import { Config, DepositFill, Epoch, EpochFill, EpochRecord, PoolState, Tranche, TrancheExecution } from "./msg";
import { assets, burnShares, impaired, loansValue, markdown, mintShares, pendingDeposits, queuedShares, takeDeposits, trancheShares, unqueueShares } from "./pool";

/** Executes the epoch's orders at the close's prices; fills `e` and returns the record. */
export function executeOrders(p: PoolState, c: Config, e: Epoch, now: Timestamp): EpochRecord {
  const a = assets(p, c);
  const rec = new EpochRecord();
  rec.id = e.id;
  rec.closed_at = now;
  rec.assets = a;
  rec.reserve = p.reserve;
  rec.loans_value = loansValue(p, c);
  rec.markdown = markdown(p, c);
  rec.senior_target = p.senior_target;
  const sv = seniorValue(p.senior_target, a);
  const s = snapshot(p, c, Tranche.senior(), sv);
  const j = snapshot(p, c, Tranche.junior(), a.sub(sv));
  const reserve = p.reserve;

  // 3. (decided first: it only adds cash and junior value) junior deposits
  const juniorIn = j.deposits_held ? Uint128.zero() : acceptable(j.deposit_ordered, j);
  // 1. senior redemptions
  e.senior = fillRedemptions(s, reserve.add(juniorIn));
  // 2. junior redemptions
  const cash = reserve.add(juniorIn).sub(e.senior.paid);
  let ratioCap = Uint128.max();
  if (!p.senior_shares.isZero()) ratioCap = maxJuniorPayout(j.value.add(juniorIn), a.add(juniorIn).sub(e.senior.paid), c.min_junior_ratio);
  e.junior = fillRedemptions(j, minOf(cash, ratioCap));
  // 4. senior deposits
  let seniorIn = Uint128.zero();
  if (!s.deposits_held) {
    const neutral = minOf(s.deposit_ordered, e.senior.paid);
    const juniorAfter = j.value.add(juniorIn).sub(e.junior.paid);
    const assetsAfter = a.add(juniorIn).add(neutral).sub(e.senior.paid).sub(e.junior.paid);
    seniorIn = acceptable(neutral.add(minOf(s.deposit_ordered.sub(neutral), maxSeniorDeposit(juniorAfter, assetsAfter, c.min_junior_ratio))), s);
  }

  e.senior_deposits = deposited(s, seniorIn);
  e.junior_deposits = deposited(j, juniorIn);
  apply(p, Tranche.senior(), e.senior, seniorIn, s);
  apply(p, Tranche.junior(), e.junior, juniorIn, j);
  p.reserve = reserve.add(juniorIn).add(seniorIn).sub(e.senior.paid).sub(e.junior.paid);
  // What the ratio allowed but the cash did not pay is kept from new loans until the next close.
  p.reserved = shortfall(s, e.senior, Uint128.max()).add(shortfall(j, e.junior, ratioCap));
  rec.senior = s;
  rec.junior = j;
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
  x.deposits_held = c.paused || impaired(p, c, t) || (!x.shares.isZero() && value.isZero());
  return x;
}

/** `cash` if it buys shares at the close's price (a first deposit must exceed the locked shares), else 0. */
function acceptable(cash: Uint128, x: TrancheExecution): Uint128 {
  if (x.shares.isZero()) return cash.gt(Uint128.fromU64(MINIMUM_SHARES)) ? cash : Uint128.zero();
  return sharesForDeposit(cash, x.value, x.shares).isZero() ? Uint128.zero() : cash;
}

/** Redeems as much of the tranche's orders as `budget` pays for; shares that would pay 0 stay. */
function fillRedemptions(x: TrancheExecution, budget: Uint128): EpochFill {
  const f = new EpochFill();
  f.queued = x.redeem_ordered;
  const full = valueOfShares(f.queued, x.value, x.shares);
  f.filled = full.le(budget) ? f.queued : sharesWorth(budget, x.value, x.shares);
  f.paid = valueOfShares(f.filled, x.value, x.shares);
  if (f.paid.isZero()) f.filled = Uint128.zero();
  x.redeemed = f.filled;
  x.paid = f.paid;
  return f;
}

/** The deposit fill of `cash` accepted: shares minted at the close's price (1:1 for a first deposit). */
function deposited(x: TrancheExecution, cash: Uint128): DepositFill {
  const f = new DepositFill();
  f.ordered = x.deposit_ordered;
  f.accepted = cash;
  x.deposited = cash;
  x.minted = cash.isZero() ? Uint128.zero() : sharesForDeposit(cash, x.value, x.shares);
  f.minted = x.shares.isZero() && !cash.isZero() ? x.minted.sub(Uint128.fromU64(MINIMUM_SHARES)) : x.minted;
  return f;
}

/** Burns the redeemed shares, mints the deposited ones (senior: T and P move with them), moves the cash. */
function apply(p: PoolState, t: Tranche, r: EpochFill, cash: Uint128, x: TrancheExecution): void {
  if (!r.filled.isZero()) {
    burnShares(p, t, r.filled);
    unqueueShares(p, t, r.filled);
  }
  mintShares(p, t, x.minted, cash);
  takeDeposits(p, t, cash);
  p.set_aside = p.set_aside.add(r.paid);
}

/** The value of the orders `cap` allowed to be paid but the cash did not. */
function shortfall(x: TrancheExecution, f: EpochFill, cap: Uint128): Uint128 {
  return minOf(valueOfShares(f.queued, x.value, x.shares), cap).saturatingSub(f.paid);
}
