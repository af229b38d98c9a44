// Redemption epochs. Once an epoch has run epoch_seconds anyone may process it:
//   1. close: the queued senior shares are filled from the reserve first, then the junior ones
//      from what is left, as far as the junior ratio allows. Each queue is filled as a whole, at
//      one price: filled shares are burned and their cash set aside at once, so the pool's state
//      is final whatever happens before the requests are settled;
//   2. settle: every request of the closed epoch gets its pro-rata part of the fill (proRataPart
//      makes the parts add up exactly) and is paid; at most `limit` requests per call, the cursor
//      kept in the epoch, until all are settled and the next epoch opens.

import { fail, failed } from "../../../std/error";
import { Uint128 } from "../../../std/math/uint128";
import { Key } from "../../../std/storage/key";
import { Order } from "../../../std/storage/kv";
import { Bound, clampLimit } from "../../../std/storage/map";
import { Env } from "../../../std/types/env";
import { Response } from "../../../std/types/response";
import { Timestamp } from "../../../std/types/timestamp";
import { Opt } from "../../../std/types/wire";
import { payout } from "./currency";
import { maxJuniorPayout, proRataPart, sharesWorth, valueOfShares } from "./math";
import { Config, Epoch, EpochFill, PoolState, RedemptionRequest, Tranche } from "./msg";
import { assets, burnShares, isSenior, poolAt, queuedShares, trancheShares, trancheValue, unqueueShares } from "./pool";
import { EPOCH, POOL, REQUESTS } from "./state";

const DEFAULT_SETTLE_LIMIT: i32 = 30;
const MAX_SETTLE_LIMIT: i32 = 100;

export function closesAt(c: Config, e: Epoch): Timestamp {
  return e.started_at.plusSeconds(c.epoch_seconds);
}

export function processEpoch(env: Env, c: Config, limit: Opt<u32> | null): Response {
  const now = env.block.time;
  const e = EPOCH.load();
  const p = poolAt(c, now);
  const res = new Response().addAttribute("action", "process_epoch").addAttribute("epoch", e.id.toString());
  if (!e.settling) {
    const closes = closesAt(c, e);
    if (now.lt(closes)) {
      fail("Epoch " + e.id.toString() + " is open until " + closes.nanos.toString() + ": nothing to process yet");
      return res;
    }
    close(p, c, e);
    res
      .addAttribute("senior_filled", e.senior.filled.toString())
      .addAttribute("senior_paid", e.senior.paid.toString())
      .addAttribute("junior_filled", e.junior.filled.toString())
      .addAttribute("junior_paid", e.junior.paid.toString());
  }
  const max = clampLimit(limit === null ? -1 : <i64>limit.value, DEFAULT_SETTLE_LIMIT, MAX_SETTLE_LIMIT);
  const done = settle(p, c, e, max, res);
  if (done) openNext(e, now);
  if (failed()) return res;
  POOL.save(p);
  EPOCH.save(e);
  return res.addAttribute("settled", done ? "true" : "false");
}

/** Fills the senior queue, then the junior one within the junior ratio, and starts settling. */
function close(p: PoolState, c: Config, e: Epoch): void {
  e.senior = fillQueue(p, Tranche.senior(), p.reserve);
  let juniorBudget = p.reserve;
  if (!p.senior_shares.isZero()) {
    const cap = maxJuniorPayout(trancheValue(p, Tranche.junior()), assets(p), c.min_junior_ratio);
    if (cap.lt(juniorBudget)) juniorBudget = cap;
  }
  e.junior = fillQueue(p, Tranche.junior(), juniorBudget);
  e.settling = true;
  e.settle_below = p.next_request_id;
  e.cursor = 0;
}

/** Redeems as much of a tranche's queue as `budget` pays for, at the tranche's current price. */
function fillQueue(p: PoolState, t: Tranche, budget: Uint128): EpochFill {
  const f = new EpochFill();
  f.queued = queuedShares(p, t);
  const value = trancheValue(p, t);
  const total = trancheShares(p, t);
  if (f.queued.isZero() || value.isZero()) return f;
  const full = valueOfShares(f.queued, value, total);
  f.filled = full.le(budget) ? f.queued : sharesWorth(budget, value, total);
  f.paid = full.le(budget) ? full : valueOfShares(f.filled, value, total);
  burnShares(p, t, f.filled);
  unqueueShares(p, t, f.filled);
  p.reserve = p.reserve.sub(f.paid);
  p.set_aside = p.set_aside.add(f.paid);
  return f;
}

/** Settles up to `limit` requests from the cursor; true once every request of the epoch is settled. */
function settle(p: PoolState, c: Config, e: Epoch, limit: i32, res: Response): bool {
  if (e.senior.filled.isZero() && e.junior.filled.isZero()) return true; // nothing to hand out
  const min = Bound.inclusive(Key.u64(e.cursor));
  const max = Bound.exclusive(Key.u64(e.settle_below));
  const entries = REQUESTS.range(min, max, Order.Ascending, limit + 1);
  const n = entries.length < limit ? entries.length : limit;
  for (let i = 0; i < n; i++) {
    const r = entries[i].value;
    settleRequest(p, c, isSenior(r.tranche) ? e.senior : e.junior, r, res);
    e.cursor = r.id + 1;
  }
  return entries.length <= limit;
}

/** A request's pro-rata part of its tranche's fill: shares burned, cash paid out. */
function settleRequest(p: PoolState, c: Config, f: EpochFill, r: RedemptionRequest, res: Response): void {
  const filled = proRataPart(f.settled, r.shares, f.queued, f.filled);
  const paid = proRataPart(f.settled, r.shares, f.queued, f.paid);
  f.settled = f.settled.add(r.shares);
  p.set_aside = p.set_aside.sub(paid);
  const pk = Key.u64(r.id);
  const before = REQUESTS.indexKeys(r);
  r.shares = r.shares.sub(filled);
  if (r.shares.isZero()) REQUESTS.remove(pk, r);
  else REQUESTS.save(pk, r, before);
  if (!paid.isZero()) res.addMessage(payout(c, r.lender, paid));
}

function openNext(e: Epoch, now: Timestamp): void {
  e.id += 1;
  e.started_at = now;
  e.settling = false;
  e.settle_below = 0;
  e.cursor = 0;
  e.senior = new EpochFill();
  e.junior = new EpochFill();
}
