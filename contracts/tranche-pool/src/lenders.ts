// Lenders: deposits mint tranche shares, redemptions pay from the reserve or queue for the next
// epoch, queued requests can be cancelled, free shares can be transferred.

import { fail, failed } from "../../../std/error";
import { Uint128 } from "../../../std/math/uint128";
import { Key } from "../../../std/storage/key";
import { Order } from "../../../std/storage/kv";
import { Addr } from "../../../std/types/addr";
import { Env } from "../../../std/types/env";
import { Response } from "../../../std/types/response";
import { Payment, payout } from "./currency";
import { MINIMUM_SHARES, juniorRatio, juniorRatioHolds, sharePrice, sharesForDeposit, valueOfShares } from "./math";
import { Config, Epoch, PoolState, Position, RedemptionRequest, Tranche } from "./msg";
import { assets, burnShares, isSenior, mintShares, poolAt, queueShares, trancheShares, trancheValue, unqueueShares } from "./pool";
import { assertAllowed, assertNotPaused, nonZero, positionOf, savePosition } from "./rules";
import { EPOCH, POOL, REQUESTS, REQUESTS_BY_LENDER } from "./state";

/** Open redemption requests one lender may have at a time (they merge while an epoch is open). */
const MAX_OPEN_REQUESTS: i32 = 4;

// ---- deposit -----------------------------------------------------------------------------------

/** A deposit of `pay` (coins attached, or a cw20 send: see currency.ts); the payer is the lender. */
export function deposit(env: Env, pay: Payment, c: Config, tranche: Tranche): Response {
  const res = new Response();
  const lender = pay.payer;
  const amount = pay.amount;
  if (!assertNotPaused(c, "deposits") || !assertAllowed(c, lender)) return res;
  const p = poolAt(c, env.block.time);
  const value = trancheValue(p, tranche);
  const total = trancheShares(p, tranche);
  const locked = total.isZero() ? Uint128.fromU64(MINIMUM_SHARES) : Uint128.zero();
  if (!depositAllowed(tranche, amount, value, total)) return res;
  const shares = sharesForDeposit(amount, value, total);
  if (shares.isZero()) {
    fail("Deposit too small: " + amount.toString() + " buys no " + tranche.variant + " share at " + sharePrice(value, total).toString() + " per share");
    return res;
  }
  mintShares(p, tranche, shares, amount);
  p.reserve = p.reserve.add(amount);
  if (isSenior(tranche) && !juniorRatioKept(p, c, "Senior deposit")) return res;
  const pos = positionOf(lender);
  addShares(pos, tranche, shares.sub(locked));
  if (failed()) return res;
  POOL.save(p);
  savePosition(lender, pos);
  return res
    .addAttribute("action", "deposit")
    .addAttribute("lender", lender.toString())
    .addAttribute("tranche", tranche.variant)
    .addAttribute("amount", amount.toString())
    .addAttribute("shares", shares.sub(locked).toString())
    .addAttribute("locked_shares", locked.toString())
    .addAttribute("share_price", sharePrice(trancheValue(p, tranche), trancheShares(p, tranche)).toString());
}

/** The first deposit must exceed the locked shares; a wiped-out tranche takes no deposits. */
function depositAllowed(tranche: Tranche, amount: Uint128, value: Uint128, total: Uint128): bool {
  if (total.isZero() && amount.le(Uint128.fromU64(MINIMUM_SHARES))) {
    fail("First deposit into the " + tranche.variant + " tranche must be more than " + MINIMUM_SHARES.toString() + ": that many shares are locked forever");
    return false;
  }
  if (!total.isZero() && value.isZero()) {
    fail("The " + tranche.variant + " tranche is wiped out (its value is 0): deposits are closed");
    return false;
  }
  return true;
}

/** junior value / A ≥ min_junior_ratio after a move that `what` names. */
function juniorRatioKept(p: PoolState, c: Config, what: string): bool {
  const a = assets(p);
  const junior = trancheValue(p, Tranche.junior());
  if (juniorRatioHolds(junior, a, c.min_junior_ratio)) return true;
  fail(what + " would leave the junior tranche at " + juniorRatio(junior, a).toString() + " of pool assets, below the minimum " + c.min_junior_ratio.toString());
  return false;
}

// ---- redeem ------------------------------------------------------------------------------------

export function redeem(env: Env, sender: Addr, c: Config, tranche: Tranche, shares: Uint128): Response {
  const res = new Response();
  const pos = positionOf(sender);
  if (!nonZero("shares", shares) || !holds(pos, tranche, shares)) return res;
  const p = poolAt(c, env.block.time);
  const paid = valueOfShares(shares, trancheValue(p, tranche), trancheShares(p, tranche));
  if (paid.isZero()) {
    fail("Redemption of " + shares.toString() + " " + tranche.variant + " shares would pay nothing");
    return res;
  }
  if (!isSenior(tranche) && !juniorMayLeave(p, c, paid)) return res;
  takeShares(pos, tranche, shares);
  res.addAttribute("action", "redeem").addAttribute("lender", sender.toString()).addAttribute("tranche", tranche.variant).addAttribute("shares", shares.toString());
  if (payableNow(p, tranche, paid)) {
    burnShares(p, tranche, shares);
    p.reserve = p.reserve.sub(paid);
    res.addMessage(payout(c, sender, paid)).addAttribute("paid", paid.toString());
  } else {
    const r = queueRequest(env, p, sender, tranche, shares);
    res.addAttribute("queued", "true").addAttribute("request_id", r.id.toString()).addAttribute("value", paid.toString());
  }
  if (failed()) return res;
  POOL.save(p);
  savePosition(sender, pos);
  return res;
}

/** A junior redemption of `payout` keeps the junior ratio, unless there is no senior tranche to protect. */
function juniorMayLeave(p: PoolState, c: Config, payout: Uint128): bool {
  if (p.senior_shares.isZero()) return true;
  const a = assets(p).sub(payout);
  const junior = trancheValue(p, Tranche.junior()).sub(payout);
  if (juniorRatioHolds(junior, a, c.min_junior_ratio)) return true;
  fail("Junior redemption would leave the junior tranche at " + juniorRatio(junior, a).toString() + " of pool assets, below the minimum " + c.min_junior_ratio.toString());
  return false;
}

/** Paid at once only when the reserve covers it and nobody with priority is waiting (senior before junior). */
function payableNow(p: PoolState, tranche: Tranche, payout: Uint128): bool {
  const waiting = isSenior(tranche) ? !p.senior_queued.isZero() : !p.senior_queued.isZero() || !p.junior_queued.isZero();
  return !waiting && p.reserve.ge(payout);
}

/** Adds the shares to the lender's open request of that tranche, or opens one. */
function queueRequest(env: Env, p: PoolState, lender: Addr, tranche: Tranche, shares: Uint128): RedemptionRequest {
  queueShares(p, tranche, shares);
  const e = EPOCH.load();
  const ids = REQUESTS_BY_LENDER.primaryKeys(Key.addr(lender), null, Order.Ascending, MAX_OPEN_REQUESTS);
  for (let i = 0; i < ids.length; i++) {
    const r = REQUESTS.load(Key.bytes(ids[i]));
    if (r.tranche.variant == tranche.variant && !beingSettled(e, r)) {
      const before = REQUESTS.indexKeys(r);
      r.shares = r.shares.add(shares);
      REQUESTS.save(Key.u64(r.id), r, before);
      return r;
    }
  }
  const r = new RedemptionRequest();
  if (ids.length >= MAX_OPEN_REQUESTS) {
    fail("Too many open redemption requests: at most " + MAX_OPEN_REQUESTS.toString() + " per lender; wait for process_epoch or cancel one");
    return r;
  }
  r.id = p.next_request_id++;
  r.lender = lender;
  r.tranche = tranche;
  r.shares = shares;
  r.queued_at = env.block.time;
  REQUESTS.save(Key.u64(r.id), r, null);
  return r;
}

/** Requests queued before a closed epoch's close are settled with it and must not change meanwhile. */
function beingSettled(e: Epoch, r: RedemptionRequest): bool {
  return e.settling && r.id < e.settle_below;
}

export function cancelRedemption(env: Env, sender: Addr, c: Config, id: u64): Response {
  const res = new Response();
  const pk = Key.u64(id);
  if (!REQUESTS.has(pk)) {
    fail("Redemption request not found: " + id.toString());
    return res;
  }
  const r = REQUESTS.load(pk);
  const e = EPOCH.load();
  if (!r.lender.equals(sender)) fail("Unauthorized: request " + id.toString() + " belongs to another lender");
  else if (beingSettled(e, r)) fail("Request " + id.toString() + " is being settled with epoch " + e.id.toString() + ": cancel it once process_epoch has finished");
  if (failed()) return res;
  const p = poolAt(c, env.block.time);
  unqueueShares(p, r.tranche, r.shares);
  const pos = positionOf(sender);
  addShares(pos, r.tranche, r.shares);
  REQUESTS.remove(pk, r);
  POOL.save(p);
  savePosition(sender, pos);
  return res
    .addAttribute("action", "cancel_redemption")
    .addAttribute("lender", sender.toString())
    .addAttribute("request_id", id.toString())
    .addAttribute("shares", r.shares.toString());
}

// ---- share transfers ---------------------------------------------------------------------------

export function transferShares(sender: Addr, c: Config, tranche: Tranche, recipientText: string, shares: Uint128): Response {
  const res = new Response();
  const recipient = Addr.validate(recipientText);
  if (failed() || !nonZero("shares", shares)) return res;
  if (recipient.equals(sender)) {
    fail("Cannot transfer shares to yourself");
    return res;
  }
  const from = positionOf(sender);
  if (!holds(from, tranche, shares) || !assertAllowed(c, recipient)) return res;
  const to = positionOf(recipient);
  takeShares(from, tranche, shares);
  addShares(to, tranche, shares);
  savePosition(sender, from);
  savePosition(recipient, to);
  return res
    .addAttribute("action", "transfer_shares")
    .addAttribute("sender", sender.toString())
    .addAttribute("recipient", recipientText)
    .addAttribute("tranche", tranche.variant)
    .addAttribute("shares", shares.toString());
}

// ---- positions ---------------------------------------------------------------------------------

export function freeShares(pos: Position, tranche: Tranche): Uint128 {
  return isSenior(tranche) ? pos.senior : pos.junior;
}

function holds(pos: Position, tranche: Tranche, shares: Uint128): bool {
  const have = freeShares(pos, tranche);
  if (have.ge(shares)) return true;
  fail("Insufficient " + tranche.variant + " shares: " + have.toString() + " free, " + shares.toString() + " asked");
  return false;
}

function addShares(pos: Position, tranche: Tranche, shares: Uint128): void {
  if (isSenior(tranche)) pos.senior = pos.senior.add(shares);
  else pos.junior = pos.junior.add(shares);
}

function takeShares(pos: Position, tranche: Tranche, shares: Uint128): void {
  if (isSenior(tranche)) pos.senior = pos.senior.sub(shares);
  else pos.junior = pos.junior.sub(shares);
}
