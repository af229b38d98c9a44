// Storage layout of the escrow contract (keys are cw-storage-plus compatible):
//   "contract_info"                        cw2 name and version
//   "ownership"                            cw-ownable owner / pending owner
//   "config"                               Config: fee, fee collector, pause switch
//   "next_order_id"                        u64: the id the next order gets (from 1)
//   "orders" (id)                          Order, indexed by token, maker, taker, collection, status
//   "offers" (order id, offer id)          Offer: every proposal of an order's negotiation
//   "open_asks" (collection, token)        u64: the open ask of a token (at most one)
//   "open_bids" (collection, token, maker) u64: a bidder's open bid on a token (at most one)
//   "collections" / "native_denoms" / "cw20_tokens" (entry)   allowlist membership (value true)

import { JsonReader } from "../../../std/json/reader";
import { JsonWriter } from "../../../std/json/writer";
import { BoolCodec, Codec, U64Codec } from "../../../std/storage/codec";
import { IndexedMap, MultiIndex } from "../../../std/storage/indexed_map";
import { Item } from "../../../std/storage/item";
import { Key } from "../../../std/storage/key";
import { StorageMap } from "../../../std/storage/map";
import { Addr } from "../../../std/types/addr";
import { Config, Offer, Order } from "./msg";

class ConfigCodec extends Codec<Config> {
  name(): string { return "Config"; }
  write(w: JsonWriter, v: Config): void { v.write(w); }
  read(r: JsonReader): Config { return Config.read(r); }
}

class OrderCodec extends Codec<Order> {
  name(): string { return "Order"; }
  write(w: JsonWriter, v: Order): void { v.write(w); }
  read(r: JsonReader): Order { return Order.read(r); }
}

class OfferCodec extends Codec<Offer> {
  name(): string { return "Offer"; }
  write(w: JsonWriter, v: Offer): void { v.write(w); }
  read(r: JsonReader): Offer { return Offer.read(r); }
}

export const CONFIG = new Item<Config>("config", new ConfigCodec());
export const NEXT_ORDER_ID = new Item<u64>("next_order_id", new U64Codec());

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
export const ORDERS = new IndexedMap<Order>("orders", new OrderCodec(), [
  ORDERS_BY_TOKEN,
  ORDERS_BY_MAKER,
  ORDERS_BY_TAKER,
  ORDERS_BY_COLLECTION,
  ORDERS_BY_STATUS,
]);

export const OFFERS = new StorageMap<Offer>("offers", new OfferCodec(), 2);
export const OPEN_ASKS = new StorageMap<u64>("open_asks", new U64Codec(), 2);
export const OPEN_BIDS = new StorageMap<u64>("open_bids", new U64Codec(), 3);

export const COLLECTIONS = new StorageMap<bool>("collections", new BoolCodec());
export const NATIVE_DENOMS = new StorageMap<bool>("native_denoms", new BoolCodec());
export const CW20_TOKENS = new StorageMap<bool>("cw20_tokens", new BoolCodec());

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

export function saveOffer(orderId: u64, offer: Offer): void {
  OFFERS.save(Key.u64(orderId).join(Key.u64(offer.id)), offer);
}

/** Offer `offerId` of an order that has made `offerCount` offers (ids run from 1, none is ever removed). */
export function loadOffer(orderId: u64, offerCount: u64, offerId: u64): Offer | null {
  if (offerId == 0 || offerId > offerCount) return null;
  return OFFERS.load(Key.u64(orderId).join(Key.u64(offerId)));
}
