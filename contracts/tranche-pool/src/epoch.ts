// Epochs. Deposits and redemptions are orders; once an epoch has run epoch_seconds anyone may
// process it:
//   1. policy: the write-off policy's due events are applied to the overdue loans, at most
//      `limit` per call; the close waits until none is left at the block time;
//   2. close: the NAV is taken once and every order of the epoch is executed at one price per
//      tranche (close.ts); the fills are applied to the pool at once and recorded (`epochs`),
//      then a due timelocked config change takes effect;
//   3. settle: every order of the closed epoch gets its pro-rata part of its tranche's fill
//      (proRataPart makes the parts add up exactly), redemption orders first, then deposit
//      orders (each payout a submessage that cannot fail the close: payouts.ts); at most `limit` orders per call, the cursors kept in the epoch, until all are
//      settled and the next epoch opens. An order left with less than MIN_ORDER goes back to its
//      lender (free shares, or a refund of the cash), so every order stays big enough for the
//      next close to give it a unit of each side.

import { fail, failed } from "@persistence-ts/std/error";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Key } from "@persistence-ts/std/storage/key";
import { Order } from "@persistence-ts/std/storage/kv";
import { Bound, clampLimit } from "@persistence-ts/std/storage/map";
import { Env } from "@persistence-ts/std/types/env";
import { Event, Response } from "@persistence-ts/std/types/response";
import { Timestamp } from "@persistence-ts/std/types/timestamp";
import { Opt } from "@persistence-ts/std/types/wire";
import { applyDueConfig } from "./admin";
import { executeOrders } from "./close";
import { addShares, floorOf, refundDeposit, unqueueOrder } from "./lenders";
import { MIN_ORDER, proRataPart } from "./math";
import { Config, DepositFill, DepositOrder, Epoch, EpochFill, EpochRecord, PoolState, RedemptionRequest, Reservation } from "./msg";
import { isGrandfathered, isSenior, poolAt, queueShares, takeDeposits } from "./pool";
import { applyPolicyToDue } from "./policy";
import { payTo } from "./payouts";
import { mayHoldShares, positionOf, savePosition } from "./rules";
import { DEPOSITS, EPOCH, EPOCHS, POOL, REQUESTS } from "./state";
import * as ContractError from "./error";

const DEFAULT_LIMIT: i32 = 30;
const MAX_LIMIT: i32 = 100;

export function closesAt(c: Config, e: Epoch): Timestamp {
  return e.started_at.plusSeconds(c.epoch_seconds);
}

export function processEpoch(env: Env, c: Config, limit: Opt<u32> | null): Response {
  const now = env.block.time;
  const e = EPOCH.load();
  const p = poolAt(c, now);
  const res = new Response().addAttribute("action", "process_epoch").addAttribute("epoch", e.id.toString());
  const max = clampLimit(limit === null ? -1 : <i64>limit.value, DEFAULT_LIMIT, MAX_LIMIT);
  if (!e.settling) {
    const closes = closesAt(c, e);
    if (now.lt(closes)) {
      fail(ContractError.epochOpen(e.id.toString(), closes.nanos.toString()));
      return res;
    }
    const run = applyPolicyToDue(p, c, now, max, true);
    res.addAttribute("loans_marked", run.processed.toString());
    if (!run.done) {
      if (failed()) return res;
      POOL.save(p);
      return res.addAttribute("closed", "false").addAttribute("settled", "false");
    }
    const rec = executeOrders(p, c, e, now);
    EPOCHS.save(Key.u64(e.id), rec);
    e.settling = true;
    e.settle_below = p.next_request_id;
    e.cursor = 0;
    e.deposit_cursor = 0;
    applyDueConfig(c, p, now, e.settle_below);
    closeAttributes(res, rec);
  }
  const done = settle(p, c, e, max, res);
  if (done) openNext(e, now);
  if (failed()) return res;
  POOL.save(p);
  EPOCH.save(e);
  return res.addAttribute("settled", done ? "true" : "false");
}

function closeAttributes(res: Response, rec: EpochRecord): void {
  res
    .addAttribute("closed", "true")
    .addAttribute("assets", rec.assets.toString())
    .addAttribute("senior_price", rec.senior.price.toString())
    .addAttribute("junior_price", rec.junior.price.toString())
    .addAttribute("senior_filled", rec.senior.redeemed.toString())
    .addAttribute("senior_paid", rec.senior.paid.toString())
    .addAttribute("senior_deposited", rec.senior.deposited.toString())
    .addAttribute("senior_minted", rec.senior.minted.toString())
    .addAttribute("junior_filled", rec.junior.redeemed.toString())
    .addAttribute("junior_paid", rec.junior.paid.toString())
    .addAttribute("junior_deposited", rec.junior.deposited.toString())
    .addAttribute("junior_minted", rec.junior.minted.toString());
}

/** Settles up to `limit` orders from the cursors; true once every order of the epoch is settled. */
function settle(p: PoolState, c: Config, e: Epoch, limit: i32, res: Response): bool {
  let left = limit;
  if (redemptionsToSettle(e)) {
    const entries = REQUESTS.range(Bound.inclusive(Key.u64(e.cursor)), Bound.exclusive(Key.u64(e.settle_below)), Order.Ascending, left + 1);
    const n = entries.length < left ? entries.length : left;
    for (let i = 0; i < n; i++) {
      const r = entries[i].value;
      settleRedemption(p, c, e, fillOf(e, r), r, res);
      e.cursor = r.id + 1;
    }
    if (entries.length > left) return false;
    e.cursor = e.settle_below;
    left -= n;
  }
  if (e.senior_deposits.accepted.isZero() && e.junior_deposits.accepted.isZero()) return true;
  const orders = DEPOSITS.range(Bound.inclusive(Key.u64(e.deposit_cursor)), Bound.exclusive(Key.u64(e.settle_below)), Order.Ascending, left + 1);
  const n = orders.length < left ? orders.length : left;
  for (let i = 0; i < n; i++) {
    const d = orders[i].value;
    settleDeposit(p, c, isSenior(d.tranche) ? e.senior_deposits : e.junior_deposits, d, res);
    e.deposit_cursor = d.id + 1;
  }
  return orders.length <= left;
}

/** Whether any redemption order has a part to settle: shares filled or cash held back for it. */
function redemptionsToSettle(e: Epoch): bool {
  return moved(e.senior) || moved(e.junior) || moved(e.junior_grandfathered);
}

function moved(f: EpochFill): bool {
  const r = f.reserved;
  return !f.filled.isZero() || (r !== null && !r.isZero());
}

/** The fill a redemption order took part in: its tranche's, or the grandfathered junior orders'. */
function fillOf(e: Epoch, r: RedemptionRequest): EpochFill {
  if (isSenior(r.tranche)) return e.senior;
  return r.id < e.grandfathered_below ? e.junior_grandfathered : e.junior;
}

/**
 * A redemption order's pro-rata part of its fill: shares burned, cash paid out, and its part of
 * what the close held back from draws for the unpaid rest (released if it is cancelled).
 */
function settleRedemption(p: PoolState, c: Config, e: Epoch, f: EpochFill, r: RedemptionRequest, res: Response): void {
  const filled = proRataPart(f.settled, r.shares, f.queued, f.filled);
  const paid = proRataPart(f.settled, r.shares, f.queued, f.paid);
  const total = f.reserved;
  const reserved = total === null ? Uint128.zero() : proRataPart(f.settled, r.shares, f.queued, total);
  const pk = Key.u64(r.id);
  const before = REQUESTS.indexKeys(r);
  p.set_aside = p.set_aside.sub(paid);
  if (belowFloor(f, r) && (!filled.isZero() || !reserved.isZero())) {
    declineFill(p, f, r, filled, paid, reserved, res);
    f.settled = f.settled.add(r.shares);
    REQUESTS.save(pk, r, before);
    return;
  }
  f.settled = f.settled.add(r.shares);
  r.shares = r.shares.sub(filled);
  const held = new Reservation();
  held.epoch = e.id;
  held.amount = reserved;
  r.reserved = held;
  payTo(res, c, r.lender, paid, r.id);
  if (r.shares.lt(Uint128.fromU64(MIN_ORDER))) {
    // What is left is below an order's minimum: back to the lender's free shares.
    p.reserved = p.reserved.sub(reserved);
    if (!r.shares.isZero()) {
      unqueueOrder(p, r);
      const pos = positionOf(r.lender);
      addShares(pos, r.tranche, r.shares);
      savePosition(r.lender, pos);
    }
    REQUESTS.remove(pk, r);
  } else REQUESTS.save(pk, r, before);
}

/** The close's price is below the order's floor (a fill of a migrated close has no price: no floor). */
function belowFloor(f: EpochFill, r: RedemptionRequest): bool {
  const price = f.price;
  return price !== null && price.lt(floorOf(r));
}

/**
 * An order whose floor is above the close's price is not filled: its part of the fill goes back
 * to the pool exactly as the close took it (shares, and for senior its part of T and P; the cash
 * to the reserve), its shares stay ordered and the cash held back for it is released.
 */
function declineFill(p: PoolState, f: EpochFill, r: RedemptionRequest, filled: Uint128, paid: Uint128, reserved: Uint128, res: Response): void {
  p.reserve = p.reserve.add(paid);
  p.reserved = p.reserved.sub(reserved);
  if (isSenior(r.tranche)) {
    p.senior_shares = p.senior_shares.add(filled);
    p.senior_target = p.senior_target.add(proRataPart(f.settled, r.shares, f.queued, f.target_burned!));
    p.senior_principal = p.senior_principal.add(proRataPart(f.settled, r.shares, f.queued, f.principal_burned!));
  } else p.junior_shares = p.junior_shares.add(filled);
  queueShares(p, r.tranche, filled);
  // Still among the orders under the old junior ratio unless the close filled all the others (then it waits under the current one).
  if (isGrandfathered(p, r.tranche, r.id)) p.junior_queued_grandfathered = p.junior_queued_grandfathered.add(filled);
  r.reserved = null;
  res.addEvent(
    new Event("redemption_below_floor")
      .add("request_id", r.id.toString())
      .add("lender", r.lender.toString())
      .add("tranche", r.tranche.variant)
      .add("price", f.price!.toString())
      .add("min_price", floorOf(r).toString())
      .add("shares", r.shares.toString()),
  );
}

/** A deposit order's pro-rata part of its tranche's deposits: cash taken, shares credited; a rest below the minimum refunded. */
function settleDeposit(p: PoolState, c: Config, f: DepositFill, d: DepositOrder, res: Response): void {
  const accepted = proRataPart(f.settled, d.amount, f.ordered, f.accepted);
  const minted = proRataPart(f.settled, d.amount, f.ordered, f.minted);
  f.settled = f.settled.add(d.amount);
  if (!minted.isZero()) {
    const pos = positionOf(d.lender);
    addShares(pos, d.tranche, minted);
    savePosition(d.lender, pos);
  }
  const pk = Key.u64(d.id);
  const before = DEPOSITS.indexKeys(d);
  d.amount = d.amount.sub(accepted);
  if (!d.amount.isZero() && !mayHoldShares(c, d.lender)) {
    // Its lender was taken off the allowlist: the rest is not left for the next close.
    refundDeposit(p, d, res);
    DEPOSITS.remove(pk, d);
  } else if (d.amount.lt(Uint128.fromU64(MIN_ORDER))) {
    if (!d.amount.isZero()) {
      takeDeposits(p, d.tranche, d.amount);
      payTo(res, c, d.lender, d.amount, d.id);
    }
    DEPOSITS.remove(pk, d);
  } else DEPOSITS.save(pk, d, before);
}

function openNext(e: Epoch, now: Timestamp): void {
  e.id += 1;
  e.started_at = now;
  e.settling = false;
  e.settle_below = 0;
  e.cursor = 0;
  e.deposit_cursor = 0;
  e.senior = new EpochFill();
  e.junior = new EpochFill();
  e.senior_deposits = new DepositFill();
  e.junior_deposits = new DepositFill();
  e.junior_grandfathered = new EpochFill();
  e.grandfathered_below = 0;
}
