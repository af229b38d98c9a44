// Negotiation on an open order. The maker's offer is a revision of the order's price (at most
// one live). Counterparties negotiate at the same time, each with at most one live offer backed
// by escrow (its funds on an ask, its NFT on a bid); a proposer's new offer supersedes its own
// previous one, never anybody else's. An order holds at most MAX_LIVE_OFFERS counterparty
// offers: when it is full, a new offer replaces one the maker cannot accept (its proposer off the
// collection's list), else it must beat the lowest; the one replaced is refunded (outbid). Offers
// are accepted by id, and an id's terms never change; a counterparty's offer is locked for a
// while after it is made, so the maker can accept it (offers.ts).

import { fail, failed } from "@persistence-ts/std/error";
import * as ContractError from "./error";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { BlockInfo, Env } from "@persistence-ts/std/types/env";
import { Response } from "@persistence-ts/std/types/response";
import { describe, giveNft, pay } from "./assets";
import { assertMayHold, mayHold } from "./collection";
import { Deposit } from "./deposit";
import { adjust } from "./math";
import { CounterOffer, Offer, OfferRef, OfferSide, OfferStatus, Order } from "./msg";
import { migrateBeforeLeaving } from "./migrate";
import { MAX_LIVE_OFFERS, assertAcceptable, assertUnlocked, endOffer, liveOffer, liveOfferOf, liveTakerOffers, lowestOf, propose } from "./offers";
import { assertAssetUnchanged, assertCounterparty, assertMaker, loadOpenOrder, openForTrade, validAmount } from "./rules";
import { acceptTakerOffer, buyAsk, sellToBid, takeSellerNft } from "./settlement";
import { OFFERS, offerKey, updateOrder } from "./state";

export function counterOffer(env: Env, dep: Deposit, m: CounterOffer): Response {
  const res = new Response();
  const o = openForTrade(env.block, m.order_id);
  if (o === null || !validAmount("amount", m.amount)) return res;
  const byMaker = o.maker.equals(dep.sender);
  let outbid: Offer | null = null;
  if (byMaker) revisePrice(res, dep, o, m.amount);
  else outbid = escrowTakerOffer(res, env.block, dep, o, m.amount);
  if (failed()) return res;
  const offer = propose(o, byMaker ? OfferSide.maker() : OfferSide.taker(), dep.sender, m.amount, env.block);
  updateOrder(o);
  res
    .addAttribute("action", "counter_offer")
    .addAttribute("order_id", o.id.toString())
    .addAttribute("offer_id", offer.id.toString())
    .addAttribute("side", offer.side.variant)
    .addAttribute("proposer", dep.sender.toString())
    .addAttribute("amount", describe(o.asset, m.amount));
  return outbid === null ? res : res.addAttribute("outbid", outbid.id.toString());
}

export function acceptOffer(env: Env, dep: Deposit, m: OfferRef): Response {
  const res = new Response();
  const o = openForTrade(env.block, m.order_id);
  if (o === null) return res;
  const offer = liveOffer(o, m.offer_id);
  if (offer === null) return res;
  res.addAttribute("action", "accept_offer").addAttribute("order_id", o.id.toString()).addAttribute("offer_id", offer.id.toString());
  if (offer.side.variant == "taker") {
    if (assertMaker(o, dep.sender, "accept a counterparty's offer") && assertAcceptable(o, offer)) acceptTakerOffer(res, env.block, dep, o, offer);
  } else if (assertCounterparty(o, dep.sender)) {
    if (o.kind.variant == "ask") buyAsk(res, env.block, dep, o, offer);
    else sellToBid(res, env.block, dep, o, offer.amount);
  }
  return res;
}

/**
 * A counterparty takes its offer back once its lock has passed (its escrow returns); the maker
 * withdraws its counter, which restores the list price. Never takes funds, and works while
 * paused, delisted, after expiry and on an order made under 0.1.0 (migrated first).
 */
export function withdrawOffer(env: Env, dep: Deposit, m: OfferRef): Response {
  const res = new Response();
  const o = loadOpenOrder(m.order_id);
  if (o === null) return res;
  const offer = liveOffer(o, m.offer_id);
  if (offer === null) return res;
  migrateBeforeLeaving(o);
  if (offer.side.variant == "taker") {
    if (!offer.proposer.equals(dep.sender)) fail(ContractError.notProposer(offer.proposer.toString(), offer.id.toString()));
    else if (assertUnlocked(o, offer, env.block.time, "withdraw")) returnTakerEscrow(res, o, offer);
  } else if (assertMaker(o, dep.sender, "withdraw its offer")) restoreListPrice(res, o);
  if (failed()) return res;
  endOffer(o, offer, OfferStatus.withdrawn());
  updateOrder(o);
  return res
    .addAttribute("action", "withdraw_offer")
    .addAttribute("order_id", o.id.toString())
    .addAttribute("offer_id", offer.id.toString())
    .addAttribute("price", describe(o.asset, o.price));
}

/** The maker's new price; a bid's escrow follows it (exact top-up attached, or the surplus back). */
function revisePrice(res: Response, dep: Deposit, o: Order, price: Uint128): void {
  if (o.kind.variant == "bid") {
    const a = adjust(o.maker_escrow, price);
    if (!dep.takeFunds(o.asset, a.topUp)) return;
    pay(res, o.asset, o.maker, a.refund, o.id);
    o.maker_escrow = price;
  }
  const previous = o.live_maker_offer;
  if (previous !== null) endOffer(o, OFFERS.load(offerKey(o.id, previous.value)), OfferStatus.superseded());
  o.price = price;
}

/**
 * The maker's counter ends and the list price returns. A bid's escrow follows it down (the
 * surplus comes back); withdrawing never asks for funds, so a bid revised below its list price
 * is raised again with counter_offer, not by withdrawing.
 */
function restoreListPrice(res: Response, o: Order): void {
  if (o.kind.variant == "bid") {
    if (o.list_price.gt(o.maker_escrow)) {
      fail(ContractError.withdrawWouldRaiseBid(o.id.toString(), describe(o.asset, o.maker_escrow), describe(o.asset, o.list_price)));
      return;
    }
    pay(res, o.asset, o.maker, o.maker_escrow.sub(o.list_price), o.id);
    o.maker_escrow = o.list_price;
  }
  o.price = o.list_price;
}

/**
 * A counterparty's offer escrows what backs it: the amount on an ask, the token on a bid (which
 * must still be the asset the bid pinned, and returnable to its depositor: funds always are).
 * Its own previous offer, once unlocked, is superseded (its escrow comes back); on a full ask one
 * offer makes room for it (makeRoom) and is returned.
 */
function escrowTakerOffer(res: Response, block: BlockInfo, dep: Deposit, o: Order, amount: Uint128): Offer | null {
  const sender = dep.sender;
  if (!assertCounterparty(o, sender)) return null;
  const own = liveOfferOf(o, sender);
  if (own !== null && !assertUnlocked(o, own, block.time, "revise")) return null;
  let outbid: Offer | null = null;
  if (o.kind.variant == "bid") {
    if (!takeSellerNft(dep, o) || (own === null && (!assertAssetUnchanged(o) || !assertMayHold(o.collection, sender)))) return null;
    o.nft_depositor = sender;
  } else {
    if (own === null && o.live_taker_offers >= <u32>MAX_LIVE_OFFERS) outbid = makeRoom(res, o, amount);
    if (failed() || !dep.takeFunds(o.asset, amount)) return null;
    if (own !== null) {
      pay(res, o.asset, sender, own.amount, o.id);
      o.taker_escrow = o.taker_escrow.sub(own.amount);
    }
    o.taker_escrow = o.taker_escrow.add(amount);
  }
  if (own !== null) endOffer(o, own, OfferStatus.superseded());
  return outbid;
}

/**
 * On a full ask a new offer takes the place of one the maker cannot accept — its proposer may not
 * hold the token (off the collection's compliance list): ten such offers, from fresh accounts,
 * locked, would otherwise keep every honest one out — else of the lowest, which it must beat. The
 * offer it replaces is refunded (outbid). Asking the collection costs gas, so it is asked here,
 * when the order is full, and at settlement; not for every offer.
 */
function makeRoom(res: Response, o: Order, amount: Uint128): Offer | null {
  const live = liveTakerOffers(o);
  let out = lowestOf(unacceptable(o, live));
  if (out === null) {
    out = lowestOf(live)!;
    if (amount.le(out.amount)) {
      fail(ContractError.offerTooLow(o.id.toString(), MAX_LIVE_OFFERS.toString(), describe(o.asset, out.amount), out.id.toString()));
      return null;
    }
  }
  pay(res, o.asset, out.proposer, out.amount, o.id);
  o.taker_escrow = o.taker_escrow.sub(out.amount);
  endOffer(o, out, OfferStatus.outbid());
  return out;
}

/** The live offers whose proposers the collection would not let receive the token now. */
function unacceptable(o: Order, live: Offer[]): Offer[] {
  const out = new Array<Offer>();
  for (let i = 0; i < live.length; i++) if (!mayHold(o.collection, live[i].proposer)) out.push(live[i]);
  return out;
}

/** A counterparty's escrow goes back to it: its funds (ask) or its token (bid). */
function returnTakerEscrow(res: Response, o: Order, offer: Offer): void {
  if (o.kind.variant == "ask") {
    pay(res, o.asset, offer.proposer, offer.amount, o.id);
    o.taker_escrow = o.taker_escrow.sub(offer.amount);
  } else {
    giveNft(res, o.collection, o.token_id, offer.proposer, o.id);
    o.nft_depositor = null;
  }
}
