// Who may do what to an order, and what valid input looks like. Each check records a contract
// error (std/error.ts) and returns false (or null) when it does not hold.

import { fail, failed } from "@persistence-ts/std/error";
import * as ContractError from "./error";
import { Key } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { Coin } from "@persistence-ts/std/types/coin";
import { BlockInfo } from "@persistence-ts/std/types/env";
import { Expiration } from "@persistence-ts/std/types/expiration";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { describe, isAllowlisted, sameAsset } from "./assets";
import { AssetFacts, assetFacts } from "./collection";
import { MAX_FEE_BPS } from "./math";
import { AcceptTerms, AssetInfo, CreateBid, Order } from "./msg";
import { COLLECTIONS, CONFIG, NEXT_ORDER_ID, ORDERS, legacyRecord } from "./state";

const MAX_TOKEN_ID_BYTES = 128;

/** Creating, taking and negotiating stop while paused; leaving (cancel, expire, withdraw) never does. */
export function assertTrading(): bool {
  if (CONFIG.load().paused) fail(ContractError.tradingPaused());
  return !failed();
}

/** The order, or null. Ids run from 1 to next_order_id − 1 and orders are never removed. */
export function findOrder(id: u64): Order | null {
  if (id == 0 || id >= NEXT_ORDER_ID.loadOr(1)) return null;
  return ORDERS.load(Key.u64(id));
}

export function loadOrder(id: u64): Order | null {
  const o = findOrder(id);
  if (o === null) fail(ContractError.orderNotFound(id.toString()));
  return o;
}

export function loadOpenOrder(id: u64): Order | null {
  const o = loadOrder(id);
  if (o === null) return null;
  if (o.status.variant != "open") {
    fail(ContractError.orderClosed(id.toString(), o.status.variant));
    return null;
  }
  return o;
}

/** An open order that can be traded now: trading on, terms pinned, not expired, still allowlisted. */
export function openForTrade(block: BlockInfo, id: u64): Order | null {
  if (!assertTrading()) return null;
  const o = loadOpenOrder(id);
  if (o === null || !assertPinned(o) || !assertTradable(o, block)) return null;
  return o;
}

/**
 * Only an order that pinned its asset trades. One made under 0.1.0 pinned nothing: it is left
 * (cancel, expire, withdraw_offer) until its migration pins it, or for good when its collection
 * answered no revision then (nothing would pin the terms a counterparty decided on).
 */
function assertPinned(o: Order): bool {
  if (o.pinned !== null) return true;
  const id = o.id.toString();
  fail(legacyRecord(o.id) !== null ? ContractError.orderNotMigrated(id) : ContractError.orderPinnedNoTerms(id));
  return false;
}

export function isExpired(o: Order, block: BlockInfo): bool {
  const e = o.expires;
  return e !== null && e.isExpired(block);
}

/** An open order that can still be traded: not expired, its collection and asset still allowlisted. */
function assertTradable(o: Order, block: BlockInfo): bool {
  if (isExpired(o, block)) fail(ContractError.orderExpired(o.id.toString(), o.expires!.toString()));
  else if (!COLLECTIONS.has(Key.addr(o.collection))) fail(ContractError.collectionNoLongerListed(o.collection.toString()));
  else if (!isAllowlisted(o.asset)) fail(ContractError.assetNoLongerListed(describe(o.asset, o.price)));
  return !failed();
}

/**
 * Every accepting message pins the terms it accepts: the price (asset and amount) and the asset
 * sold (collection, token, document hash, face value) must be the order's now, or nothing moves.
 */
export function assertTerms(o: Order, t: AcceptTerms): bool {
  const pin = o.pinned!;
  if (!sameAsset(t.price.asset, o.asset) || !t.price.amount.eq(o.price)) {
    fail(ContractError.termsPrice(o.id.toString(), describe(o.asset, o.price), describe(t.price.asset, t.price.amount)));
  } else if (t.collection != o.collection.toString() || t.token_id != o.token_id) {
    fail(ContractError.termsToken(o.id.toString(), o.token_id, o.collection.toString(), t.token_id, t.collection));
  } else if (t.document_hash != pin.document_hash) {
    fail(ContractError.termsDocument(o.id.toString(), pin.document_hash, t.document_hash));
  } else if (!sameCoin(t.face_value, pin.face_value)) {
    fail(ContractError.termsFaceValue(o.id.toString(), pin.face_value.toString(), t.face_value.toString()));
  } else if (t.revision != pin.revision) {
    fail(ContractError.termsRevision(o.id.toString(), pin.revision.toString(), t.revision.toString()));
  }
  return !failed();
}

function sameCoin(a: Coin, b: Coin): bool {
  return a.denom == b.denom && a.amount.eq(b.amount);
}

/**
 * A new order's asset: it exists, may be traded, and its collection pins its terms with a
 * revision (without one, an obligor or a status could change under the order unseen).
 */
export function tradableAsset(collection: Addr, tokenId: string): AssetFacts | null {
  const facts = assetFacts(collection, tokenId);
  if (facts === null) return null;
  if (!facts.hasRevision) fail(ContractError.noRevision(tokenId, collection.toString()));
  else if (!facts.tradable()) fail(ContractError.notTradable(tokenId, collection.toString(), facts.status));
  return failed() ? null : facts;
}

/** A bid's asset: tradable, and what the bidder named (document, face value, revision of its terms). */
export function namedAsset(m: CreateBid, collection: Addr): AssetFacts | null {
  const facts = tradableAsset(collection, m.token_id);
  if (facts === null) return null;
  if (m.document_hash != facts.document_hash) fail(ContractError.bidDocumentMismatch(m.token_id, collection.toString(), facts.document_hash, m.document_hash));
  else if (!sameCoin(m.face_value, facts.face_value)) fail(ContractError.bidFaceValueMismatch(m.token_id, collection.toString(), facts.face_value.toString(), m.face_value.toString()));
  else if (m.revision != facts.revision) fail(ContractError.bidRevisionMismatch(m.token_id, collection.toString(), facts.revision.toString(), m.revision.toString()));
  return failed() ? null : facts;
}

/** The order's token is still the asset it pinned, in the status it pinned: re-read from the collection. */
export function assertAssetUnchanged(o: Order): bool {
  const facts = assetFacts(o.collection, o.token_id);
  if (facts === null) return false;
  const pin = o.pinned!;
  if (!facts.hasRevision) {
    fail(ContractError.assetLostRevision(o.token_id, o.collection.toString(), o.id.toString(), pin.revision.toString()));
  } else if (facts.document_hash != pin.document_hash || !sameCoin(facts.face_value, pin.face_value)) {
    fail(ContractError.assetReplaced(o.token_id, o.collection.toString(), o.id.toString(), pin.document_hash, pin.face_value.toString()));
  } else if (facts.status != pin.asset_status || !facts.tradable()) {
    fail(ContractError.assetStatusChanged(o.token_id, o.collection.toString(), facts.status, o.id.toString(), pin.asset_status));
  } else if (facts.revision != pin.revision) {
    fail(ContractError.assetRevised(o.token_id, o.collection.toString(), o.id.toString(), pin.revision.toString(), facts.revision.toString()));
  }
  return !failed();
}

export function assertKind(o: Order, kind: string, action: string): bool {
  if (o.kind.variant != kind) fail(ContractError.wrongKind(o.id.toString(), kind, action));
  return !failed();
}

/** The other party of a trade: never the maker, and the named taker of a private order. */
export function assertCounterparty(o: Order, who: Addr): bool {
  const taker = o.taker;
  if (o.maker.equals(who)) fail(ContractError.selfTrade(o.id.toString()));
  else if (taker !== null && !taker.equals(who)) fail(ContractError.privateOrder(o.id.toString(), taker.toString()));
  return !failed();
}

export function assertMaker(o: Order, who: Addr, action: string): bool {
  if (!o.maker.equals(who)) fail(ContractError.notMaker(o.id.toString(), action));
  return !failed();
}

export function validAmount(what: string, amount: Uint128): bool {
  if (amount.isZero()) fail(ContractError.invalidAmount(what));
  return !failed();
}

export function validExpiry(expires: Expiration | null, block: BlockInfo): bool {
  if (expires !== null && expires.isExpired(block)) fail(ContractError.alreadyExpiredOrder(expires.toString()));
  return !failed();
}

export function validTokenId(id: string): bool {
  const n = String.UTF8.byteLength(id);
  if (n == 0 || n > MAX_TOKEN_ID_BYTES) fail(ContractError.invalidTokenId(MAX_TOKEN_ID_BYTES.toString()));
  return !failed();
}

/** The private taker of a new order, if any: a valid address other than the maker. */
export function validTaker(taker: string | null, maker: Addr): Addr | null {
  if (taker === null) return null;
  const a = Addr.validate(taker);
  if (!failed() && a.equals(maker)) fail(ContractError.takerIsMaker());
  return failed() ? null : a;
}

export function assertCollectionListed(collection: Addr): bool {
  if (!COLLECTIONS.has(Key.addr(collection))) fail(ContractError.collectionNotListed(collection.toString()));
  return !failed();
}

export function assertAssetListed(a: AssetInfo): bool {
  if (!isAllowlisted(a)) fail(a.variant == "native" ? ContractError.denomNotListed(a.native!) : ContractError.cw20NotListed(a.cw20!));
  return !failed();
}

export function validFee(bps: u32): bool {
  if (bps > MAX_FEE_BPS) fail(ContractError.invalidFee(MAX_FEE_BPS.toString()));
  return !failed();
}

/** The fee collector must be able to receive: never the escrow itself, whose holdings would absorb the fees. */
export function validFeeCollector(collector: string, self: Addr): Addr {
  const a = Addr.validate(collector);
  if (!failed() && a.equals(self)) fail(ContractError.feeCollectorIsEscrow());
  return a;
}

/** Cosmos SDK denoms: a letter, then 2 to 127 of [a-zA-Z0-9/:._-]. */
export function validDenom(d: string): bool {
  let ok = d.length >= 3 && d.length <= 128 && isLetter(d.charCodeAt(0));
  for (let i = 1; i < d.length && ok; i++) {
    const c = d.charCodeAt(i);
    ok = isLetter(c) || (c >= 0x30 && c <= 0x39) || c == 0x2f || c == 0x3a || c == 0x2e || c == 0x5f || c == 0x2d;
  }
  if (!ok) fail(ContractError.invalidDenom(d));
  return ok;
}

function isLetter(c: i32): bool {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
