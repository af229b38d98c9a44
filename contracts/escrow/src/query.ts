// Query handlers: each returns the JSON of its response type (see messages.ts).

import { fail, failed } from "@persistence-ts/std/error";
import * as ContractError from "./error";
import { fromUtf8 } from "@persistence-ts/std/encoding";
import { JsonWriter } from "@persistence-ts/std/json/writer";
import { getOwnership } from "@persistence-ts/std/ownership";
import { MultiIndex } from "@persistence-ts/std/storage/indexed_map";
import { Key, u64FromBytes } from "@persistence-ts/std/storage/key";
import { Order as Sort } from "@persistence-ts/std/storage/kv";
import { Bound, clampLimit } from "@persistence-ts/std/storage/map";
import { Env } from "@persistence-ts/std/types/env";
import { Opt } from "@persistence-ts/std/types/wire";
import { owed } from "./holdings";
import { DEFAULT_OFFER_LOCK, MAX_LIVE_OFFERS } from "./offers";
import {
  AllowlistResponse,
  ClaimsResponse,
  ConfigResponse,
  HoldingsResponse,
  OffersResponse,
  Order,
  OrdersResponse,
  QueryAllowlist,
  QueryClaims,
  QueryMsg,
  QueryOffers,
  QueryOrders,
} from "./msg";
import { loadOrder } from "./rules";
import {
  CLAIMS,
  CLAIMS_BY_OWNER,
  CONFIG,
  LIVE_OFFERS,
  OFFERS,
  OFFER_LOCK,
  OPEN_ASKS,
  ORDERS,
  ORDERS_BY_COLLECTION,
  ORDERS_BY_MAKER,
  ORDERS_BY_STATUS,
  ORDERS_BY_TAKER,
  ORDERS_BY_TOKEN,
  allowlist,
  legacyRecord,
} from "./state";

/** The most index entries one `orders` query reads; the caller continues from next_start_after. */
export const MAX_SCAN: i32 = 300;

export function query(env: Env, m: QueryMsg): Uint8Array {
  const w = new JsonWriter();
  if (m.config !== null) config().write(w);
  else if (m.ownership !== null) getOwnership().write(w);
  else if (m.order !== null) {
    const o = loadOrder(m.order!.id);
    if (o !== null) o.write(w);
  } else if (m.orders !== null) orders(m.orders!).write(w);
  else if (m.offers !== null) offers(m.offers!).write(w);
  else if (m.order_for_token !== null) {
    const o = openAsk(m.order_for_token!.collection, m.order_for_token!.token_id);
    if (o === null) w.null();
    else o.write(w);
  } else if (m.allowlist !== null) entries(m.allowlist!).write(w);
  else if (m.claims !== null) claims(m.claims!).write(w);
  else if (m.holdings !== null) {
    const r = new HoldingsResponse();
    r.asset = m.holdings!.asset;
    r.amount = owed(r.asset);
    r.write(w);
  }
  if (failed()) return new Uint8Array(0);
  return w.toBytes();
}

function limitOf(l: Opt<u32> | null): i64 {
  return l === null ? -1 : <i64>l.value;
}

function config(): ConfigResponse {
  const c = CONFIG.load();
  const r = new ConfigResponse();
  const o = getOwnership().owner;
  r.owner = o === null ? null : o.toString();
  r.fee_bps = c.fee_bps;
  r.fee_collector = c.fee_collector.toString();
  r.paused = c.paused;
  r.offer_lock_seconds = OFFER_LOCK.loadOr(DEFAULT_OFFER_LOCK);
  return r;
}

/**
 * Orders in id order. The most selective filter given picks the index (token, then maker,
 * taker, collection, status); the other filters are applied to what it yields. At most
 * MAX_SCAN entries are read per call, so a page may hold fewer than `limit` orders while more
 * exist: next_start_after says where to continue, null once the scan reached the end.
 */
function orders(q: QueryOrders): OrdersResponse {
  const r = new OrdersResponse();
  const collection = q.collection;
  const tokenId = q.token_id;
  if (tokenId !== null && collection === null) {
    fail(ContractError.tokenIdNeedsCollection());
    return r;
  }
  const limit = clampLimit(limitOf(q.limit));
  const start: u64 = q.start_after === null ? 0 : q.start_after!.value;
  if (limit == 0) {
    // Nothing read: continue from where the caller is (ids start at 1, so 0 is the beginning).
    r.next_start_after = new Opt<u64>(start);
    return r;
  }
  const ids = candidates(q, start == 0 ? null : Key.u64(start));
  for (let i = 0; i < ids.length; i++) {
    const o = ORDERS.load(Key.u64(ids[i]));
    if (!matches(o, q)) continue;
    r.orders.push(o);
    if (r.orders.length == limit) {
      r.next_start_after = new Opt<u64>(o.id);
      return r;
    }
  }
  if (ids.length == MAX_SCAN) r.next_start_after = new Opt<u64>(ids[ids.length - 1]);
  return r;
}

/** Up to MAX_SCAN order ids after `after`, from the most selective index the filters allow. */
function candidates(q: QueryOrders, after: Key | null): u64[] {
  let index: MultiIndex<Order> | null = null;
  let ik = Key.str("");
  if (q.token_id !== null) {
    index = ORDERS_BY_TOKEN;
    ik = Key.str(q.collection!).join(Key.str(q.token_id!));
  } else if (q.maker !== null) {
    index = ORDERS_BY_MAKER;
    ik = Key.str(q.maker!);
  } else if (q.taker !== null) {
    index = ORDERS_BY_TAKER;
    ik = Key.str(q.taker!);
  } else if (q.collection !== null) {
    index = ORDERS_BY_COLLECTION;
    ik = Key.str(q.collection!);
  } else if (q.status !== null) {
    index = ORDERS_BY_STATUS;
    ik = Key.str(q.status!.variant);
  }
  const out = new Array<u64>();
  if (index === null) {
    const min: Bound | null = after === null ? null : Bound.exclusive(after);
    const all = ORDERS.range(min, null, Sort.Ascending, MAX_SCAN);
    for (let i = 0; i < all.length; i++) out.push(all[i].value.id);
  } else {
    const pks = index.primaryKeys(ik, after, Sort.Ascending, MAX_SCAN);
    for (let i = 0; i < pks.length; i++) out.push(u64FromBytes(pks[i]));
  }
  return out;
}

function matches(o: Order, q: QueryOrders): bool {
  const taker = o.taker;
  if (q.collection !== null && o.collection.toString() != q.collection!) return false;
  if (q.token_id !== null && o.token_id != q.token_id!) return false;
  if (q.maker !== null && o.maker.toString() != q.maker!) return false;
  if (q.taker !== null && (taker === null || taker.toString() != q.taker!)) return false;
  if (q.status !== null && o.status.variant != q.status!.variant) return false;
  return q.kind === null || o.kind.variant == q.kind!.variant;
}

/** The history of an order's offers, or (live_only) its live counterparty offers and its maker's live offer. */
function offers(q: QueryOffers): OffersResponse {
  const r = new OffersResponse();
  const o = loadOrder(q.order_id);
  if (o === null) return r;
  const min: Bound | null = q.start_after === null ? null : Bound.exclusive(Key.u64(q.start_after!.value));
  const limit = clampLimit(limitOf(q.limit));
  const prefix = Key.u64(q.order_id);
  if (q.live_only === null || !q.live_only!.value) {
    const page = OFFERS.prefixRange(prefix, min, null, Sort.Ascending, limit);
    for (let i = 0; i < page.length; i++) r.offers.push(page[i].value);
    return r;
  }
  // At most MAX_LIVE_OFFERS counterparty offers and one maker offer are live: read them all
  // (an order not migrated from 0.1.0 yet keeps its one live counterparty offer in its record).
  const after: u64 = q.start_after === null ? 0 : q.start_after!.value;
  const ids = new Array<u64>();
  const live = LIVE_OFFERS.prefixRange(prefix, min, null, Sort.Ascending, MAX_LIVE_OFFERS);
  for (let i = 0; i < live.length; i++) ids.push(u64FromBytes(live[i].key.parts[0]));
  const legacy = legacyRecord(o.id);
  if (legacy !== null && o.status.variant == "open") {
    const legacyLive = legacy.live_taker_offer;
    if (legacyLive !== null && legacyLive.value > after) ids.push(legacyLive.value);
  }
  const maker = o.live_maker_offer;
  if (maker !== null && maker.value > after) ids.push(maker.value);
  ids.sort((a: u64, b: u64): i32 => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 0; i < ids.length && i < limit; i++) r.offers.push(OFFERS.load(prefix.join(Key.u64(ids[i]))));
  return r;
}

function claims(q: QueryClaims): ClaimsResponse {
  const r = new ClaimsResponse();
  const after: Key | null = q.start_after === null ? null : Key.u64(q.start_after!.value);
  const ids = CLAIMS_BY_OWNER.primaryKeys(Key.str(q.owner), after, Sort.Ascending, clampLimit(limitOf(q.limit)));
  for (let i = 0; i < ids.length; i++) r.claims.push(CLAIMS.load(Key.u64(u64FromBytes(ids[i]))));
  return r;
}

function openAsk(collection: string, tokenId: string): Order | null {
  const id = OPEN_ASKS.loadOr(Key.str(collection).join(Key.str(tokenId)), 0);
  return id == 0 ? null : ORDERS.load(Key.u64(id));
}

function entries(q: QueryAllowlist): AllowlistResponse {
  const r = new AllowlistResponse();
  const min: Bound | null = q.start_after === null ? null : Bound.exclusive(Key.str(q.start_after!));
  const page = allowlist(q.list.variant).range(min, null, Sort.Ascending, clampLimit(limitOf(q.limit)));
  for (let i = 0; i < page.length; i++) r.entries.push(fromUtf8(page[i].key.parts[0]));
  return r;
}
