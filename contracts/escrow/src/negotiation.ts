// Negotiation on an open order. Each side has at most one live offer: the maker's is a
// revision of the order's price, a counterparty's is a proposal backed by escrow (its funds on
// an ask, its NFT on a bid). A newer offer of a side supersedes the older one; only live offers
// can be accepted, and accepting one settles the order at its amount. Every offer stays in the
// history (see the offers query).

import { fail, failed } from "../../../std/error";
import { Uint128 } from "../../../std/math/uint128";
import { Key } from "../../../std/storage/key";
import { Addr } from "../../../std/types/addr";
import { Env } from "../../../std/types/env";
import { Response } from "../../../std/types/response";
import { Opt } from "../../../std/types/wire";
import { describe, giveNft, pay } from "./assets";
import { Deposit } from "./deposit";
import { adjust } from "./math";
import { CounterOffer, Offer, OfferRef, OfferSide, OfferStatus, Order } from "./msg";
import { assertCounterparty, assertMaker, loadOpenOrder, openForTrade, validAmount } from "./rules";
import { acceptTakerOffer, buyAsk, sellToBid, takeSellerNft } from "./settlement";
import { OFFERS, loadOffer, saveOffer, updateOrder } from "./state";

export function counterOffer(env: Env, dep: Deposit, m: CounterOffer): Response {
  const res = new Response();
  const o = openForTrade(env.block, m.order_id);
  if (o === null || !validAmount("amount", m.amount)) return res;
  const byMaker = o.maker.equals(dep.sender);
  if (byMaker) revisePrice(res, dep, o, m.amount);
  else escrowTakerOffer(res, dep, o, m.amount);
  if (failed()) return res;
  const offer = propose(o, byMaker ? OfferSide.maker() : OfferSide.taker(), dep.sender, m.amount, env.block.height);
  updateOrder(o);
  return res
    .addAttribute("action", "counter_offer")
    .addAttribute("order_id", o.id.toString())
    .addAttribute("offer_id", offer.id.toString())
    .addAttribute("side", offer.side.variant)
    .addAttribute("proposer", dep.sender.toString())
    .addAttribute("amount", describe(o.asset, m.amount));
}

export function acceptOffer(env: Env, dep: Deposit, m: OfferRef): Response {
  const res = new Response();
  const o = openForTrade(env.block, m.order_id);
  if (o === null) return res;
  const offer = liveOffer(o, m.offer_id);
  if (offer === null) return res;
  res.addAttribute("action", "accept_offer").addAttribute("order_id", o.id.toString()).addAttribute("offer_id", offer.id.toString());
  if (offer.side.variant == "taker") {
    if (assertMaker(o, dep.sender, "accept a counterparty's offer")) acceptTakerOffer(res, env.block, dep, o, offer.amount);
  } else if (assertCounterparty(o, dep.sender)) {
    // The maker's live offer is its current price: taking it is taking the order.
    if (o.kind.variant == "ask") buyAsk(res, env.block, dep, o, true);
    else sellToBid(res, env.block, dep, o);
  }
  return res;
}

/**
 * A counterparty takes its offer back (its escrow returns); the maker withdraws its counter,
 * which restores the list price (a bid's escrow moves back to it). Allowed while paused or
 * after expiry: leaving is never blocked.
 */
export function withdrawOffer(env: Env, dep: Deposit, m: OfferRef): Response {
  const res = new Response();
  const o = loadOpenOrder(m.order_id);
  if (o === null) return res;
  const offer = liveOffer(o, m.offer_id);
  if (offer === null) return res;
  if (offer.side.variant == "taker") {
    if (!offer.proposer.equals(dep.sender)) fail("Unauthorized: only " + offer.proposer.toString() + " may withdraw offer " + offer.id.toString());
    else returnTakerEscrow(res, o);
  } else if (assertMaker(o, dep.sender, "withdraw its offer")) revisePrice(res, dep, o, o.list_price);
  if (failed()) return res;
  if (offer.side.variant == "taker") o.live_taker_offer = null;
  else o.live_maker_offer = null;
  offer.status = OfferStatus.withdrawn();
  saveOffer(o.id, offer);
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
    pay(res, o.asset, o.maker, a.refund);
    o.maker_escrow = price;
  }
  o.price = price;
}

/**
 * A counterparty's offer escrows what backs it: the amount on an ask (the previous offer's
 * escrow goes back, and an offer from someone else must beat it so nobody can push a better
 * offer out with a worse one), the token on a bid.
 */
function escrowTakerOffer(res: Response, dep: Deposit, o: Order, amount: Uint128): void {
  if (!assertCounterparty(o, dep.sender)) return;
  const party = o.taker_party;
  if (o.kind.variant == "bid") {
    if (!takeSellerNft(dep, o)) return;
    o.nft_depositor = dep.sender;
  } else {
    if (party !== null && !party.equals(dep.sender) && amount.le(o.taker_escrow)) {
      fail("Offer too low: the live offer of " + describe(o.asset, o.taker_escrow) + " by " + party.toString() + " must be beaten");
      return;
    }
    if (!dep.takeFunds(o.asset, amount)) return;
    if (party !== null) pay(res, o.asset, party, o.taker_escrow);
    o.taker_escrow = amount;
  }
  o.taker_party = dep.sender;
}

/** A counterparty's escrow goes back to it: its funds (ask) or its token (bid). */
function returnTakerEscrow(res: Response, o: Order): void {
  const party = o.taker_party!;
  if (o.kind.variant == "ask") {
    pay(res, o.asset, party, o.taker_escrow);
    o.taker_escrow = Uint128.zero();
  } else {
    giveNft(res, o.collection, o.token_id, party);
    o.nft_depositor = null;
  }
  o.taker_party = null;
}

/** Records a new live offer of `side`, superseding that side's previous one. */
function propose(o: Order, side: OfferSide, proposer: Addr, amount: Uint128, height: u64): Offer {
  const previous = side.variant == "maker" ? o.live_maker_offer : o.live_taker_offer;
  if (previous !== null) {
    const k = Key.u64(o.id).join(Key.u64(previous.value));
    const old = OFFERS.load(k);
    old.status = OfferStatus.superseded();
    OFFERS.save(k, old);
  }
  o.offer_count++;
  const offer = new Offer();
  offer.id = o.offer_count;
  offer.proposer = proposer;
  offer.side = side;
  offer.amount = amount;
  offer.status = OfferStatus.live();
  offer.height = height;
  saveOffer(o.id, offer);
  const live = new Opt<u64>(offer.id);
  if (side.variant == "maker") o.live_maker_offer = live;
  else o.live_taker_offer = live;
  return offer;
}

/** Offer `id` of the order, which must be the live offer of its side. */
function liveOffer(o: Order, id: u64): Offer | null {
  const offer = loadOffer(o.id, o.offer_count, id);
  if (offer === null) fail("Offer " + id.toString() + " of order " + o.id.toString() + " not found");
  else if (offer.status.variant != "live") fail("Offer " + id.toString() + " of order " + o.id.toString() + " is " + offer.status.variant + ": only the latest offer of each side can be accepted or withdrawn");
  return failed() ? null : offer;
}
