// Orders: an ask escrows the seller's NFT, a bid escrows the buyer's funds; each pins the asset
// as its collection describes it (document hash, face value, status) and the fee. Taking one at
// the terms the taker names settles it at once. The maker may cancel an open order, and anyone
// may expire one past its expiry; both give everything escrowed back (an order still in its
// 0.1.0 record is migrated first: migrate.ts).

import { fail, failed } from "@persistence-ts/std/error";
import * as ContractError from "./error";
import { Key } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { BlockInfo, Env } from "@persistence-ts/std/types/env";
import { Expiration } from "@persistence-ts/std/types/expiration";
import { Response } from "@persistence-ts/std/types/response";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { describe } from "./assets";
import { AssetFacts, assertMayHold } from "./collection";
import { Deposit } from "./deposit";
import { migrateBeforeLeaving } from "./migrate";
import { AcceptTerms, AssetInfo, CreateAsk, CreateBid, Order, OrderKind, OrderStatus, PinnedTerms, Price } from "./msg";
import {
  assertAssetListed,
  assertCollectionListed,
  assertCounterparty,
  assertKind,
  assertMaker,
  assertTerms,
  assertTrading,
  findOrder,
  namedAsset,
  isExpired,
  loadOpenOrder,
  openForTrade,
  tradableAsset,
  validAmount,
  validExpiry,
  validTaker,
  validTokenId,
} from "./rules";
import { buyAsk, refundAndClose, sellToBid } from "./settlement";
import { CONFIG, NEXT_ORDER_ID, OPEN_ASKS, OPEN_BIDS, ORDERS, tokenKey } from "./state";

export const MAX_EXPIRE_BATCH = 20;

// ---- creating -------------------------------------------------------------------------------

/** send_nft hook: the token has arrived; it is escrowed until the ask closes (and must be returnable to the seller). */
export function createAsk(env: Env, dep: Deposit, m: CreateAsk): Response {
  const res = new Response();
  const seller = dep.sender;
  const collection = dep.collection!;
  const tokenId = dep.tokenId;
  if (!assertTrading() || !assertAssetListed(m.price.asset) || !validAmount("price", m.price.amount) || !validExpiry(m.expires, env.block)) return res;
  const taker = validTaker(m.taker, seller);
  const token = tokenKey(collection, tokenId);
  // A cw721 token has one owner, so only a misbehaving collection could deliver it twice.
  if (!failed() && OPEN_ASKS.has(token)) fail(ContractError.openAskExists(tokenId, OPEN_ASKS.load(token).toString()));
  const facts = tradableAsset(collection, tokenId);
  if (facts === null || !assertMayHold(collection, seller) || !dep.takeNft(collection, tokenId)) return res;
  const o = newOrder(env.block, OrderKind.ask(), seller, collection, tokenId, m.price.asset, m.price.amount, taker, m.expires, facts.pin(CONFIG.load().fee_bps));
  o.nft_depositor = seller;
  saveNew(o);
  OPEN_ASKS.save(token, o.id);
  return created(res, "create_ask", o);
}

/** A bid for one existing token, escrowing the funds sent (one native coin, or the cw20 amount sent). */
export function createBid(env: Env, dep: Deposit, m: CreateBid): Response {
  const res = new Response();
  const buyer = dep.sender;
  if (!assertTrading()) return res;
  const collection = Addr.validate(m.collection);
  if (failed() || !assertCollectionListed(collection) || !validTokenId(m.token_id) || !validExpiry(m.expires, env.block)) return res;
  const taker = validTaker(m.taker, buyer);
  const facts: AssetFacts | null = failed() ? null : namedAsset(m, collection);
  if (facts === null) return res;
  const paid: Price | null = dep.takeAnyFunds();
  if (paid === null || !assertAssetListed(paid.asset) || !validAmount("price", paid.amount)) return res;
  const key = tokenKey(collection, m.token_id).join(Key.addr(buyer));
  if (OPEN_BIDS.has(key)) {
    fail(ContractError.duplicateBid(buyer.toString(), m.token_id, OPEN_BIDS.load(key).toString()));
    return res;
  }
  const o = newOrder(env.block, OrderKind.bid(), buyer, collection, m.token_id, paid.asset, paid.amount, taker, m.expires, facts.pin(CONFIG.load().fee_bps));
  o.maker_escrow = paid.amount;
  saveNew(o);
  OPEN_BIDS.save(key, o.id);
  return created(res, "create_bid", o);
}

function newOrder(block: BlockInfo, kind: OrderKind, maker: Addr, collection: Addr, tokenId: string, asset: AssetInfo, price: Uint128, taker: Addr | null, expires: Expiration | null, pinned: PinnedTerms): Order {
  const id = NEXT_ORDER_ID.loadOr(1);
  NEXT_ORDER_ID.save(id + 1);
  const o = new Order();
  o.id = id;
  o.kind = kind;
  o.maker = maker;
  o.collection = collection;
  o.token_id = tokenId;
  o.asset = asset;
  o.price = price;
  o.list_price = price;
  o.taker = taker;
  o.expires = expires;
  o.status = OrderStatus.open();
  o.pinned = pinned;
  o.created_height = block.height;
  return o;
}

function saveNew(o: Order): void {
  ORDERS.save(Key.u64(o.id), o, null);
}

function created(res: Response, action: string, o: Order): Response {
  res
    .addAttribute("action", action)
    .addAttribute("order_id", o.id.toString())
    .addAttribute("maker", o.maker.toString())
    .addAttribute("collection", o.collection.toString())
    .addAttribute("token_id", o.token_id)
    .addAttribute("price", describe(o.asset, o.price))
    .addAttribute("document_hash", o.pinned!.document_hash)
    .addAttribute("face_value", o.pinned!.face_value.toString());
  const taker = o.taker;
  if (taker !== null) res.addAttribute("taker", taker.toString());
  const expires = o.expires;
  if (expires !== null) res.addAttribute("expires", expires.toString());
  return res;
}

// ---- taking at the price ------------------------------------------------------------------------

/** Buys an ask at the terms named, paid in full with this message. */
export function acceptAsk(env: Env, dep: Deposit, t: AcceptTerms): Response {
  const res = new Response();
  const o = openForTrade(env.block, t.order_id);
  if (o === null || !assertKind(o, "ask", "accept_ask") || !assertCounterparty(o, dep.sender) || !assertTerms(o, t)) return res;
  res.addAttribute("action", "accept_ask").addAttribute("order_id", o.id.toString());
  buyAsk(res, env.block, dep, o, null);
  return res;
}

/** Sells a token to a bid at the terms named. */
export function acceptBid(env: Env, dep: Deposit, t: AcceptTerms): Response {
  const res = new Response();
  const o = openForTrade(env.block, t.order_id);
  if (o === null || !assertKind(o, "bid", "accept_bid") || !assertCounterparty(o, dep.sender) || !assertTerms(o, t)) return res;
  res.addAttribute("action", "accept_bid").addAttribute("order_id", o.id.toString());
  sellToBid(res, env.block, dep, o, o.price);
  return res;
}

// ---- closing unsettled ----------------------------------------------------------------------------

export function cancel(env: Env, dep: Deposit, id: u64): Response {
  const res = new Response();
  const o = loadOpenOrder(id);
  if (o === null || !assertMaker(o, dep.sender, "cancel it")) return res;
  res.addAttribute("action", "cancel").addAttribute("order_id", id.toString());
  migrateBeforeLeaving(o);
  refundAndClose(res, env.block, o, OrderStatus.cancelled());
  return res;
}

export function expire(env: Env, id: u64): Response {
  const res = new Response();
  const o = loadOpenOrder(id);
  if (o === null) return res;
  if (!isExpired(o, env.block)) {
    const e = o.expires;
    fail(e === null ? ContractError.orderNeverExpires(id.toString()) : ContractError.orderNotExpiredYet(id.toString(), e.toString()));
    return res;
  }
  res.addAttribute("action", "expire").addAttribute("order_id", id.toString());
  migrateBeforeLeaving(o);
  refundAndClose(res, env.block, o, OrderStatus.expired());
  return res;
}

/** Expires up to 20 orders; ids that are unknown, closed or not yet expired are skipped (keepers race). */
export function expireBatch(env: Env, ids: u64[]): Response {
  const res = new Response();
  if (ids.length == 0 || ids.length > MAX_EXPIRE_BATCH) {
    fail(ContractError.invalidOrderIds(MAX_EXPIRE_BATCH.toString()));
    return res;
  }
  const done = new Array<string>();
  const skipped = new Array<string>();
  for (let i = 0; i < ids.length; i++) {
    const o = findOrder(ids[i]);
    if (o !== null && o.status.variant == "open" && isExpired(o, env.block)) {
      migrateBeforeLeaving(o);
      refundAndClose(res, env.block, o, OrderStatus.expired());
      done.push(ids[i].toString());
    } else skipped.push(ids[i].toString());
  }
  if (done.length == 0) fail(ContractError.noneExpirable());
  res.addAttribute("action", "expire_batch").addAttribute("expired", done.join(","));
  return skipped.length == 0 ? res : res.addAttribute("skipped", skipped.join(","));
}
