// The offers of an order. An offer is written once, when it is made, and afterwards only its
// status changes: its id pins its terms (proposer, side, amount) for good. The maker has at
// most one live offer (its current price); counterparties have at most one live offer each and
// at most MAX_LIVE_OFFERS together, so closing an order touches a bounded number of them.
// A counterparty offer is locked for a while after it is made (the offer lock in force then):
// its proposer can neither withdraw nor revise it, so the maker can accept it meanwhile and a
// parked offer is a commitment, not a free option. Closing the order or being outbid still
// releases it at once.

import { fail, failed } from "@persistence-ts/std/error";
import * as ContractError from "./error";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Key } from "@persistence-ts/std/storage/key";
import { Order as Sort } from "@persistence-ts/std/storage/kv";
import { Addr } from "@persistence-ts/std/types/addr";
import { BlockInfo } from "@persistence-ts/std/types/env";
import { Timestamp } from "@persistence-ts/std/types/timestamp";
import { Opt } from "@persistence-ts/std/types/wire";
import { Offer, OfferSide, OfferStatus, Order } from "./msg";
import { LIVE_OFFERS, OFFERS, OFFER_LOCK, loadOffer, offerKey, saveOffer } from "./state";

/** Live counterparty offers per order: closing or expiring an order refunds at most this many. */
export const MAX_LIVE_OFFERS: i32 = 10;

/** The offer lock, in seconds: by default an hour, configurable between ten minutes and a day. */
export const DEFAULT_OFFER_LOCK: u64 = 3_600;
export const MIN_OFFER_LOCK: u64 = 600;
export const MAX_OFFER_LOCK: u64 = 86_400;

export function validOfferLock(seconds: u64): bool {
  if (seconds < MIN_OFFER_LOCK || seconds > MAX_OFFER_LOCK) fail(ContractError.invalidOfferLock(MIN_OFFER_LOCK.toString(), MAX_OFFER_LOCK.toString()));
  return !failed();
}

/** Fails while a counterparty offer is locked: its proposer may not yet `action` it. */
export function assertUnlocked(o: Order, offer: Offer, now: Timestamp, action: string): bool {
  const until = offer.locked_until;
  if (until !== null && now.lt(until)) {
    const left = (until.nanos - now.nanos + 999_999_999) / 1_000_000_000;
    fail(ContractError.offerLocked(offer.id.toString(), o.id.toString(), left.toString(), until.seconds().toString(), action));
  }
  return !failed();
}

/**
 * A counterparty's offer made under 0.1.0 (the only kind without a lock) was made before the order
 * pinned any terms: its proposer decided on what the token was then, which the migration cannot
 * know, so the maker may not accept it. It stays live until its proposer withdraws it or offers
 * again, or the order closes (as a 0.1.0 bid stays exit-only).
 */
export function assertAcceptable(o: Order, offer: Offer): bool {
  if (offer.side.variant == "taker" && offer.locked_until === null) {
    fail(ContractError.legacyOffer(offer.id.toString(), o.id.toString()));
  }
  return !failed();
}

/** The order's live counterparty offers, oldest first. */
export function liveTakerOffers(o: Order): Offer[] {
  const entries = LIVE_OFFERS.prefixRange(Key.u64(o.id), null, null, Sort.Ascending, MAX_LIVE_OFFERS);
  const out = new Array<Offer>(entries.length);
  for (let i = 0; i < entries.length; i++) out[i] = OFFERS.load(Key.u64(o.id).join(entries[i].key));
  return out;
}

/** `who`'s live counterparty offer on the order, or null. */
export function liveOfferOf(o: Order, who: Addr): Offer | null {
  if (o.live_taker_offers == 0) return null;
  const entries = LIVE_OFFERS.prefixRange(Key.u64(o.id), null, null, Sort.Ascending, MAX_LIVE_OFFERS);
  for (let i = 0; i < entries.length; i++) {
    if (entries[i].value.equals(who)) return OFFERS.load(Key.u64(o.id).join(entries[i].key));
  }
  return null;
}

/** The lowest of `offers`, the newest of equals; null for none. */
export function lowestOf(offers: Offer[]): Offer | null {
  if (offers.length == 0) return null;
  let low = offers[0];
  for (let i = 1; i < offers.length; i++) if (offers[i].amount.le(low.amount)) low = offers[i];
  return low;
}

/** Offer `id` of the order, which must be live. */
export function liveOffer(o: Order, id: u64): Offer | null {
  const offer = loadOffer(o.id, o.offer_count, id);
  if (offer === null) fail(ContractError.offerNotFound(id.toString(), o.id.toString()));
  else if (offer.status.variant != "live") fail(ContractError.offerNotLive(id.toString(), o.id.toString(), offer.status.variant));
  return failed() ? null : offer;
}

/** Records a new live offer (a counterparty's locked for the offer lock); the caller has ended the proposer's previous one. */
export function propose(o: Order, side: OfferSide, proposer: Addr, amount: Uint128, block: BlockInfo): Offer {
  o.offer_count++;
  const offer = new Offer();
  offer.id = o.offer_count;
  offer.proposer = proposer;
  offer.side = side;
  offer.amount = amount;
  offer.status = OfferStatus.live();
  offer.height = block.height;
  if (side.variant == "taker") offer.locked_until = block.time.plusSeconds(OFFER_LOCK.loadOr(DEFAULT_OFFER_LOCK));
  saveOffer(o.id, offer);
  if (side.variant == "maker") o.live_maker_offer = new Opt<u64>(offer.id);
  else {
    LIVE_OFFERS.save(offerKey(o.id, offer.id), proposer);
    o.live_taker_offers++;
  }
  return offer;
}

/** A live offer stops being live with `status`. */
export function endOffer(o: Order, offer: Offer, status: OfferStatus): void {
  offer.status = status;
  saveOffer(o.id, offer);
  if (offer.side.variant == "maker") o.live_maker_offer = null;
  else {
    LIVE_OFFERS.remove(offerKey(o.id, offer.id));
    o.live_taker_offers--;
  }
}
