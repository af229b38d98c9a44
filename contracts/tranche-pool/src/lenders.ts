// Lenders place orders: a deposit order holds the cash it will pay for shares, a redemption order
// holds the shares it will sell; both are executed at the next epoch close, at that close's price
// (epoch.ts). Nobody enters or leaves between closes, so nobody does so at a NAV the close would
// not confirm. Orders can be cancelled until their epoch closes; free shares can be transferred.
// An order is at least MIN_ORDER (cash or shares), and a lender cannot hold a deposit order and a
// redemption order in the same tranche at once: an order and its opposite would only make a
// round trip through one close.

import { fail, failed } from "@persistence-ts/std/error";
import { Decimal } from "@persistence-ts/std/math/decimal";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { MultiIndex } from "@persistence-ts/std/storage/indexed_map";
import { Key, u64FromBytes } from "@persistence-ts/std/storage/key";
import { Order } from "@persistence-ts/std/storage/kv";
import { Addr } from "@persistence-ts/std/types/addr";
import { Env } from "@persistence-ts/std/types/env";
import { Event, Response } from "@persistence-ts/std/types/response";
import { Payment, payout } from "./currency";
import { MINIMUM_SHARES, MIN_ORDER } from "./math";
import { owe } from "./payouts";
import { Config, DepositOrder, Epoch, PoolState, Position, RedemptionRequest, Tranche } from "./msg";
import { addDeposits, isGrandfathered, isSenior, leaveGrandfathered, queueShares, takeDeposits, trancheShares, unqueueShares } from "./pool";
import { assertAllowed, assertNotPaused, nonZero, positionOf, savePosition } from "./rules";
import { DEPOSITS, DEPOSITS_BY_LENDER, EPOCH, POOL, REQUESTS, REQUESTS_BY_LENDER } from "./state";
import * as ContractError from "./error";

/** Open orders of each kind one lender may have at a time (they merge while an epoch is open). */
const MAX_OPEN_ORDERS: i32 = 4;

// ---- deposit -----------------------------------------------------------------------------------

/** A deposit order of `pay` (coins attached, or a cw20 send: see currency.ts); the payer is the lender. */
export function deposit(env: Env, pay: Payment, c: Config, tranche: Tranche): Response {
  const res = new Response();
  const lender = pay.payer;
  const amount = pay.amount;
  if (!assertNotPaused(c, "deposits") || !assertAllowed(c, lender) || !atLeastAnOrder("deposit", amount)) return res;
  if (hasOrder(REQUESTS_BY_LENDER, lender, tranche, true)) return res;
  const p = POOL.load();
  if (trancheShares(p, tranche).isZero() && amount.le(Uint128.fromU64(MINIMUM_SHARES))) {
    fail(ContractError.firstDepositTooSmall(tranche.variant, MINIMUM_SHARES.toString()));
    return res;
  }
  addDeposits(p, tranche, amount);
  const e = EPOCH.load();
  const ids = DEPOSITS_BY_LENDER.primaryKeys(Key.addr(lender), null, Order.Ascending, MAX_OPEN_ORDERS);
  let order: DepositOrder | null = null;
  for (let i = 0; i < ids.length && order === null; i++) {
    const d = DEPOSITS.load(Key.bytes(ids[i]));
    if (d.tranche.variant == tranche.variant && !beingSettled(e, d.id)) {
      const before = DEPOSITS.indexKeys(d);
      d.amount = d.amount.add(amount);
      DEPOSITS.save(Key.u64(d.id), d, before);
      order = d;
    }
  }
  if (order === null) {
    if (!assertRoomForOrder(ids.length)) return res;
    const d = new DepositOrder();
    d.id = p.next_request_id++;
    d.lender = lender;
    d.tranche = tranche;
    d.amount = amount;
    d.placed_at = env.block.time;
    DEPOSITS.save(Key.u64(d.id), d, null);
    order = d;
  }
  POOL.save(p);
  return res
    .addAttribute("action", "deposit")
    .addAttribute("lender", lender.toString())
    .addAttribute("tranche", tranche.variant)
    .addAttribute("amount", amount.toString())
    .addAttribute("order_id", order.id.toString())
    .addAttribute("epoch", executedAt(e).toString());
}

export function cancelDeposit(sender: Addr, c: Config, id: u64): Response {
  const res = new Response();
  const pk = Key.u64(id);
  if (!DEPOSITS.has(pk)) {
    fail(ContractError.depositNotFound(id.toString()));
    return res;
  }
  const d = DEPOSITS.load(pk);
  if (!assertCancellable(d.lender, sender, d.id, "Deposit order")) return res;
  const p = POOL.load();
  takeDeposits(p, d.tranche, d.amount);
  DEPOSITS.remove(pk, d);
  POOL.save(p);
  return res
    .addMessage(payout(c, sender, d.amount))
    .addAttribute("action", "cancel_deposit")
    .addAttribute("lender", sender.toString())
    .addAttribute("order_id", id.toString())
    .addAttribute("amount", d.amount.toString());
}

// ---- redeem ------------------------------------------------------------------------------------

export function redeem(env: Env, sender: Addr, tranche: Tranche, shares: Uint128, minPrice: Decimal): Response {
  const res = new Response();
  const pos = positionOf(sender);
  if (!nonZero("shares", shares) || !atLeastAnOrder("redemption", shares) || !assertHolds(pos, tranche, shares)) return res;
  if (hasOrder(DEPOSITS_BY_LENDER, sender, tranche, false)) return res;
  const p = POOL.load();
  takeShares(pos, tranche, shares);
  queueShares(p, tranche, shares);
  const e = EPOCH.load();
  const ids = REQUESTS_BY_LENDER.primaryKeys(Key.addr(sender), null, Order.Ascending, MAX_OPEN_ORDERS);
  let request: RedemptionRequest | null = null;
  for (let i = 0; i < ids.length && request === null; i++) {
    const r = REQUESTS.load(Key.bytes(ids[i]));
    // Shares added to an order placed before an increase of the junior ratio would take its old
    // terms, or to one with another floor its floor: a new order instead.
    if (r.tranche.variant == tranche.variant && !beingSettled(e, r.id) && !isGrandfathered(p, r.tranche, r.id) && floorOf(r).eq(minPrice)) {
      const before = REQUESTS.indexKeys(r);
      r.shares = r.shares.add(shares);
      REQUESTS.save(Key.u64(r.id), r, before);
      request = r;
    }
  }
  if (request === null) {
    if (!assertRoomForOrder(ids.length)) return res;
    const r = new RedemptionRequest();
    r.id = p.next_request_id++;
    r.lender = sender;
    r.tranche = tranche;
    r.shares = shares;
    r.queued_at = env.block.time;
    r.min_price = minPrice;
    REQUESTS.save(Key.u64(r.id), r, null);
    request = r;
  }
  POOL.save(p);
  savePosition(sender, pos);
  return res
    .addAttribute("action", "redeem")
    .addAttribute("lender", sender.toString())
    .addAttribute("tranche", tranche.variant)
    .addAttribute("shares", shares.toString())
    .addAttribute("min_price", minPrice.toString())
    .addAttribute("request_id", request.id.toString())
    .addAttribute("epoch", executedAt(e).toString());
}

export function cancelRedemption(sender: Addr, id: u64): Response {
  const res = new Response();
  const pk = Key.u64(id);
  if (!REQUESTS.has(pk)) {
    fail(ContractError.redemptionNotFound(id.toString()));
    return res;
  }
  const r = REQUESTS.load(pk);
  if (!assertCancellable(r.lender, sender, r.id, "Request")) return res;
  const p = POOL.load();
  unqueueOrder(p, r);
  releaseReservation(p, r);
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

/** The lowest price a redemption order accepts (0 for orders placed before floors existed). */
export function floorOf(r: RedemptionRequest): Decimal {
  const f = r.min_price;
  return f === null ? Decimal.zero() : f;
}

/** A redemption order's shares leave the queue (and the grandfathered orders' count, if one of them). */
export function unqueueOrder(p: PoolState, r: RedemptionRequest): void {
  unqueueShares(p, r.tranche, r.shares);
  if (isGrandfathered(p, r.tranche, r.id)) leaveGrandfathered(p, r.shares);
}

/** A cancelled order no longer needs the cash the last close held back for it: new loans may use it. */
function releaseReservation(p: PoolState, r: RedemptionRequest): void {
  const held = r.reserved;
  if (held === null || held.epoch + 1 != EPOCH.load().id) return; // from an older close: no longer held
  p.reserved = p.reserved.sub(held.amount);
}

/**
 * A lender taken off the allowlist gets no new position: its open deposit orders are refunded at
 * once, owed to it (withdraw_payout), which nothing can refuse. Orders its epoch is settling were
 * executed at a close while it was allowed; the rest of them is refunded at their settlement.
 */
export function refundDeposits(p: PoolState, lender: Addr, res: Response): void {
  const e = EPOCH.load();
  const ids = DEPOSITS_BY_LENDER.primaryKeys(Key.addr(lender), null, Order.Ascending, MAX_OPEN_ORDERS);
  for (let i = 0; i < ids.length; i++) {
    const d = DEPOSITS.load(Key.bytes(ids[i]));
    if (beingSettled(e, d.id)) continue;
    refundDeposit(p, d, res);
    DEPOSITS.remove(Key.u64(d.id), d);
  }
}

/** A deposit order's cash leaves the pending deposits, owed to its lender; evented. */
export function refundDeposit(p: PoolState, d: DepositOrder, res: Response): void {
  takeDeposits(p, d.tranche, d.amount);
  owe(p, d.lender, d.amount);
  res.addEvent(new Event("deposit_refunded").add("order_id", d.id.toString()).add("lender", d.lender.toString()).add("tranche", d.tranche.variant).add("amount", d.amount.toString()).add("reason", "not on the allowlist"));
}

// ---- orders ------------------------------------------------------------------------------------

function atLeastAnOrder(what: string, x: Uint128): bool {
  if (x.ge(Uint128.fromU64(MIN_ORDER))) return true;
  fail(ContractError.orderTooSmall(what, MIN_ORDER.toString(), x.toString()));
  return false;
}

/**
 * Fails when the lender has an order of the other kind in `tranche`: a deposit and a redemption
 * in one tranche would be a round trip through one close; cancel the other first.
 */
function hasOrder<T>(index: MultiIndex<T>, lender: Addr, tranche: Tranche, redemption: bool): bool {
  const ids = index.primaryKeys(Key.addr(lender), null, Order.Ascending, MAX_OPEN_ORDERS);
  for (let i = 0; i < ids.length; i++) {
    const id = u64FromBytes(ids[i]);
    const other = redemption ? REQUESTS.load(Key.u64(id)).tranche : DEPOSITS.load(Key.u64(id)).tranche;
    if (other.variant != tranche.variant) continue;
    const kind = redemption ? "redemption" : "deposit";
    fail(ContractError.orderBothWays(kind, id.toString(), tranche.variant));
    return true;
  }
  return false;
}

/** The epoch whose close executes an order placed now: the open one, or the next while one is being settled. */
function executedAt(e: Epoch): u64 {
  return e.settling ? e.id + 1 : e.id;
}

/** Orders placed before a closed epoch's close are settled with it and must not change meanwhile. */
function beingSettled(e: Epoch, id: u64): bool {
  return e.settling && id < e.settle_below;
}

function assertRoomForOrder(open: i32): bool {
  if (open < MAX_OPEN_ORDERS) return true;
  fail(ContractError.tooManyOrders(MAX_OPEN_ORDERS.toString()));
  return false;
}

/** Only its lender cancels an order, and not while its epoch is being settled. */
function assertCancellable(lender: Addr, sender: Addr, id: u64, what: string): bool {
  const e = EPOCH.load();
  if (!lender.equals(sender)) fail(ContractError.orderOfAnotherLender(what, id.toString()));
  else if (beingSettled(e, id)) fail(ContractError.orderBeingSettled(what, id.toString(), e.id.toString()));
  return !failed();
}

// ---- share transfers ---------------------------------------------------------------------------

export function transferShares(sender: Addr, c: Config, tranche: Tranche, recipientText: string, shares: Uint128): Response {
  const res = new Response();
  const recipient = Addr.validate(recipientText);
  if (failed() || !nonZero("shares", shares)) return res;
  if (recipient.equals(sender)) {
    fail(ContractError.transferToSelf());
    return res;
  }
  const from = positionOf(sender);
  if (!assertHolds(from, tranche, shares) || !assertAllowed(c, recipient)) return res;
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

function assertHolds(pos: Position, tranche: Tranche, shares: Uint128): bool {
  const have = freeShares(pos, tranche);
  if (have.ge(shares)) return true;
  fail(ContractError.insufficientShares(tranche.variant, have.toString(), shares.toString()));
  return false;
}

export function addShares(pos: Position, tranche: Tranche, shares: Uint128): void {
  if (isSenior(tranche)) pos.senior = pos.senior.add(shares);
  else pos.junior = pos.junior.add(shares);
}

function takeShares(pos: Position, tranche: Tranche, shares: Uint128): void {
  if (isSenior(tranche)) pos.senior = pos.senior.sub(shares);
  else pos.junior = pos.junior.sub(shares);
}
