// Storage layout of the escrow contract (keys are cw-storage-plus compatible):
//   "contract_info"                        cw2 name and version
//   "ownership"                            cw-ownable owner / pending owner
//   "config"                               Config: fee, fee collector, pause switch
//   "offer_lock"                           u64: seconds a new counterparty offer stays locked
//   "next_order_id"                        u64: the id the next order gets (from 1)
//   "orders" (id)                          Order, indexed by token, maker, taker, collection, status
//   "offers" (order id, offer id)          Offer: every proposal of an order's negotiation
//   "live_offers" (order id, offer id)     Addr: the proposer of each live counterparty offer
//   "open_asks" (collection, token)        u64: the open ask of a token (at most one)
//   "open_bids" (collection, token, maker) u64: a bidder's open bid on a token (at most one)
//   "collections" / "native_denoms" / "cw20_tokens" (entry)   allowlist membership (value true)
//   "holdings" (asset kind, denom or token)   Uint128: what the contract owes of an asset
//   "nfts_held" (collection, token)        true: the contract holds this NFT for an order or a claim
//   "next_claim_id"                        u64: the id the next claim gets (from 1)
//   "claims" (id)                          Claim, indexed by owner
//   "migration", "legacy_end"              while the 0.1.0 migration runs: the last order id its
//                                          pages scanned, and the first id not made under 0.1.0

import { beginRecover, endRecover, fail, failed } from "@persistence-ts/std/error";
import { JsonReader } from "@persistence-ts/std/json/reader";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { AddrCodec, BoolCodec, U64Codec, Uint128Codec } from "@persistence-ts/std/storage/codec";
import { IndexedMap, MultiIndex } from "@persistence-ts/std/storage/indexed_map";
import { Item } from "@persistence-ts/std/storage/item";
import { Key } from "@persistence-ts/std/storage/key";
import { StorageMap } from "@persistence-ts/std/storage/map";
import { Addr } from "@persistence-ts/std/types/addr";
import { Claim, ClaimCodec, Config, ConfigCodec, LegacyOrder, Offer, OfferCodec, Order, OrderCodec } from "./msg";

/** The 0.1.0 records decoded in this call, by order id: an open one is not migrated yet. */
const LEGACY_SEEN = new Map<u64, LegacyOrder>();

/**
 * Orders as stored since 0.2.0. An order made under 0.1.0 keeps its 0.1.0 record until it is
 * migrated (migrate.ts: open orders only, so orders closed before keep it for good): it reads as
 * an order without pinned terms (nothing live once closed), and the record itself stays at hand
 * (`legacyRecord`) for the migration.
 */
class OrderOrLegacyCodec extends OrderCodec {
  decode(bytes: Uint8Array): Order {
    if (failed()) return new Order();
    const outer = beginRecover();
    const r = new JsonReader(bytes, "Order");
    const o = Order.read(r);
    r.finish();
    const err = endRecover(outer);
    if (err === null) {
      LEGACY_SEEN.delete(o.id);
      return o;
    }
    const again = beginRecover();
    const legacy = new JsonReader(bytes, "Order");
    const old = LegacyOrder.read(legacy);
    legacy.finish();
    if (endRecover(again) !== null) {
      // Neither shape: report the current one's error.
      fail(err);
      return o;
    }
    LEGACY_SEEN.set(old.id, old);
    return fromLegacy(old);
  }
}

/** The 0.1.0 record of order `id` if it was loaded in this call and is still stored in that shape. */
export function legacyRecord(id: u64): LegacyOrder | null {
  return LEGACY_SEEN.has(id) ? LEGACY_SEEN.get(id) : null;
}

/** Order `id` was just rewritten in the current shape. */
export function forgetLegacy(id: u64): void {
  LEGACY_SEEN.delete(id);
}

/** A 0.1.0 order in the current shape (its live offers, if open, are migrate's to record). */
export function fromLegacy(old: LegacyOrder): Order {
  const o = new Order();
  o.id = old.id;
  o.kind = old.kind;
  o.maker = old.maker;
  o.collection = old.collection;
  o.token_id = old.token_id;
  o.asset = old.asset;
  o.price = old.price;
  o.list_price = old.list_price;
  o.taker = old.taker;
  o.expires = old.expires;
  o.status = old.status;
  o.maker_escrow = old.maker_escrow;
  o.taker_escrow = old.taker_escrow;
  o.nft_depositor = old.nft_depositor;
  o.live_maker_offer = old.live_maker_offer;
  o.live_taker_offers = old.live_taker_offer === null ? 0 : 1;
  o.offer_count = old.offer_count;
  o.created_height = old.created_height;
  o.closed_height = old.closed_height;
  o.settlement = old.settlement;
  return o;
}

export const CONFIG = new Item<Config>("config", new ConfigCodec());
export const NEXT_ORDER_ID = new Item<u64>("next_order_id", new U64Codec());
export const OFFER_LOCK = new Item<u64>("offer_lock", new U64Codec());

/** (collection, token_id): the key of one NFT. */
export function tokenKey(collection: Addr, tokenId: string): Key {
  return Key.addr(collection).join(Key.str(tokenId));
}

/** Public orders are filed under "" in the taker index. */
function takerKey(o: Order): Key {
  const t = o.taker;
  return Key.str(t === null ? "" : t.toString());
}

export const ORDERS_BY_TOKEN = new MultiIndex<Order>("orders__token", (o: Order): Key => tokenKey(o.collection, o.token_id));
export const ORDERS_BY_MAKER = new MultiIndex<Order>("orders__maker", (o: Order): Key => Key.addr(o.maker));
export const ORDERS_BY_TAKER = new MultiIndex<Order>("orders__taker", takerKey);
export const ORDERS_BY_COLLECTION = new MultiIndex<Order>("orders__collection", (o: Order): Key => Key.addr(o.collection));
export const ORDERS_BY_STATUS = new MultiIndex<Order>("orders__status", (o: Order): Key => Key.str(o.status.variant));
export const ORDERS = new IndexedMap<Order>("orders", new OrderOrLegacyCodec(), [
  ORDERS_BY_TOKEN,
  ORDERS_BY_MAKER,
  ORDERS_BY_TAKER,
  ORDERS_BY_COLLECTION,
  ORDERS_BY_STATUS,
]);

export const OFFERS = new StorageMap<Offer>("offers", new OfferCodec(), 2);
export const LIVE_OFFERS = new StorageMap<Addr>("live_offers", new AddrCodec(), 2);
export const OPEN_ASKS = new StorageMap<u64>("open_asks", new U64Codec(), 2);
export const OPEN_BIDS = new StorageMap<u64>("open_bids", new U64Codec(), 3);

export const COLLECTIONS = new StorageMap<bool>("collections", new BoolCodec());
export const NATIVE_DENOMS = new StorageMap<bool>("native_denoms", new BoolCodec());
export const CW20_TOKENS = new StorageMap<bool>("cw20_tokens", new BoolCodec());

export const HOLDINGS = new StorageMap<Uint128>("holdings", new Uint128Codec(), 2);
export const NFTS_HELD = new StorageMap<bool>("nfts_held", new BoolCodec(), 2);

export const NEXT_CLAIM_ID = new Item<u64>("next_claim_id", new U64Codec());
export const CLAIMS_BY_OWNER = new MultiIndex<Claim>("claims__owner", (c: Claim): Key => Key.addr(c.owner));
export const CLAIMS = new IndexedMap<Claim>("claims", new ClaimCodec(), [CLAIMS_BY_OWNER]);

/** While the 0.1.0 migration runs: the last order id its pages scanned (0 before the first). */
export const MIGRATION = new Item<u64>("migration", new U64Codec());
/** While the 0.1.0 migration runs: the first order id made after it started (orders below are 0.1.0's). */
export const LEGACY_END = new Item<u64>("legacy_end", new U64Codec());

/** The allowlist named by an `Allowlist` variant. */
export function allowlist(list: string): StorageMap<bool> {
  if (list == "collections") return COLLECTIONS;
  if (list == "native_denoms") return NATIVE_DENOMS;
  return CW20_TOKENS;
}

/** Saves an order whose status did not change (no index moves). */
export function updateOrder(o: Order): void {
  ORDERS.save(Key.u64(o.id), o, ORDERS.indexKeys(o));
}

export function offerKey(orderId: u64, offerId: u64): Key {
  return Key.u64(orderId).join(Key.u64(offerId));
}

export function saveOffer(orderId: u64, offer: Offer): void {
  OFFERS.save(offerKey(orderId, offer.id), offer);
}

/** Offer `offerId` of an order that has made `offerCount` offers (ids run from 1, none is ever removed). */
export function loadOffer(orderId: u64, offerCount: u64, offerId: u64): Offer | null {
  if (offerId == 0 || offerId > offerCount) return null;
  return OFFERS.load(offerKey(orderId, offerId));
}
