// How orders close. A settlement first re-reads the asset from its collection (it must still be
// the one the order pinned) and asks whether the buyer may hold it (the collection's compliance
// list: a trade the collection would not let the buyer receive is refused, not parked in the
// escrow as the buyer's claim), then moves the NFT to the buyer, the price minus the protocol fee
// to the seller and the fee to the collector, in the transaction that agreed the price; a cancel
// or an expiry gives everything escrowed back. Every delivery that fails becomes a claim of its
// recipient (assets.ts), so no recipient can make a close fail. Afterwards the order escrows
// nothing, its live offers are ended and it leaves the open-order lookups.

import { fail, failed } from "@persistence-ts/std/error";
import * as ContractError from "./error";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Key } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { BlockInfo } from "@persistence-ts/std/types/env";
import { Response } from "@persistence-ts/std/types/response";
import { Opt } from "@persistence-ts/std/types/wire";
import { describe, giveNft, pay } from "./assets";
import { assertMayHold } from "./collection";
import { Deposit } from "./deposit";
import { adjust, protocolFee, sellerProceeds } from "./math";
import { Offer, OfferStatus, Order, OrderStatus, Settlement } from "./msg";
import { endOffer, liveOfferOf, liveTakerOffers } from "./offers";
import { assertAssetUnchanged } from "./rules";
import { CONFIG, OFFERS, OPEN_ASKS, OPEN_BIDS, ORDERS, tokenKey } from "./state";

/**
 * `buyer` pays `amount` for the order's NFT; the funds and the NFT are in the contract. `accepted`
 * is the offer whose terms settle (0: the order's price without a maker offer), `consumed` the
 * counterparty offer whose escrow pays (0: none; every other live offer is refunded).
 */
function settle(res: Response, block: BlockInfo, o: Order, buyer: Addr, seller: Addr, amount: Uint128, accepted: u64, consumed: u64): void {
  if (!assertAssetUnchanged(o) || !assertMayHold(o.collection, buyer)) return;
  const c = CONFIG.load();
  const bps = o.pinned!.fee_bps < c.fee_bps ? o.pinned!.fee_bps : c.fee_bps;
  const fee = protocolFee(amount, bps);
  const proceeds = sellerProceeds(amount, fee);
  if (failed()) return;
  giveNft(res, o.collection, o.token_id, buyer, o.id);
  pay(res, o.asset, seller, proceeds, o.id);
  pay(res, o.asset, c.fee_collector, fee, o.id);
  const s = new Settlement();
  s.buyer = buyer;
  s.seller = seller;
  s.amount = amount;
  s.fee = fee;
  o.settlement = s;
  o.nft_depositor = null;
  close(res, block, o, OrderStatus.settled(), accepted, consumed);
  res
    .addAttribute("buyer", buyer.toString())
    .addAttribute("seller", seller.toString())
    .addAttribute("amount", describe(o.asset, amount))
    .addAttribute("fee", describe(o.asset, fee));
}

/** Everything escrowed goes back: the maker's funds, every live offer's funds, the NFT to its depositor. */
export function refundAndClose(res: Response, block: BlockInfo, o: Order, status: OrderStatus): void {
  pay(res, o.asset, o.maker, o.maker_escrow, o.id);
  const depositor = o.nft_depositor;
  if (depositor !== null) giveNft(res, o.collection, o.token_id, depositor, o.id);
  o.nft_depositor = null;
  close(res, block, o, status, 0, 0);
}

/** The maker's live offer id, or 0. */
function makerOfferId(o: Order): u64 {
  const m = o.live_maker_offer;
  return m === null ? 0 : m.value;
}

/**
 * The buyer (the sender) takes an ask at `price`: the order's price (accept_ask; any live
 * offer of its own is refunded like the others) or the maker's live offer `makerOffer`, towards
 * which its own live offer's escrow counts (it attaches only the difference, a surplus comes back).
 */
export function buyAsk(res: Response, block: BlockInfo, dep: Deposit, o: Order, makerOffer: Offer | null): void {
  const buyer = dep.sender;
  const own: Offer | null = makerOffer === null ? null : liveOfferOf(o, buyer);
  const price = makerOffer === null ? o.price : makerOffer.amount;
  const a = adjust(own === null ? Uint128.zero() : own.amount, price);
  if (!dep.takeFunds(o.asset, a.topUp)) return;
  pay(res, o.asset, buyer, a.refund, o.id);
  settle(res, block, o, buyer, o.maker, price, makerOfferId(o), own === null ? 0 : own.id);
}

/** The seller (the sender) sells its token to a bid at `price` (the bid's price, or its maker's live offer). */
export function sellToBid(res: Response, block: BlockInfo, dep: Deposit, o: Order, price: Uint128): void {
  const own = liveOfferOf(o, dep.sender);
  if (!takeSellerNft(dep, o)) return;
  settle(res, block, o, o.maker, dep.sender, price, makerOfferId(o), own === null ? 0 : own.id);
}

/** The maker accepts a counterparty's live offer. */
export function acceptTakerOffer(res: Response, block: BlockInfo, dep: Deposit, o: Order, offer: Offer): void {
  if (o.kind.variant == "ask") {
    settle(res, block, o, offer.proposer, o.maker, offer.amount, offer.id, offer.id);
    return;
  }
  // A bid's escrow moves to the offer: the maker tops up or gets the surplus back.
  const a = adjust(o.maker_escrow, offer.amount);
  if (!dep.takeFunds(o.asset, a.topUp)) return;
  pay(res, o.asset, o.maker, a.refund, o.id);
  settle(res, block, o, o.maker, offer.proposer, offer.amount, offer.id, offer.id);
}

/**
 * A bid's seller provides the token: it arrives with this message, or the sender escrowed it
 * in this order with its live offer. A token arriving while one is escrowed means the
 * collection misbehaves (a cw721 token has one owner): refused.
 */
export function takeSellerNft(dep: Deposit, o: Order): bool {
  const depositor = o.nft_depositor;
  if (!dep.hasNft() && depositor !== null && depositor.equals(dep.sender)) return true;
  if (dep.hasNft() && depositor !== null) {
    fail(ContractError.alreadyEscrowsToken(o.id.toString(), o.token_id));
    return false;
  }
  return dep.takeNft(o.collection, o.token_id);
}

/**
 * Ends every live offer — `accepted` as accepted, the rest closed — refunding the escrow of each
 * counterparty offer on an ask but the `consumed` one, and leaves the order closed with `status`.
 */
function close(res: Response, block: BlockInfo, o: Order, status: OrderStatus, accepted: u64, consumed: u64): void {
  const maker = o.live_maker_offer;
  if (maker !== null) endOffer(o, OFFERS.load(Key.u64(o.id).join(Key.u64(maker.value))), maker.value == accepted ? OfferStatus.accepted() : OfferStatus.closed());
  const live = liveTakerOffers(o);
  for (let i = 0; i < live.length; i++) {
    const offer = live[i];
    if (o.kind.variant == "ask" && offer.id != consumed) pay(res, o.asset, offer.proposer, offer.amount, o.id);
    endOffer(o, offer, offer.id == accepted ? OfferStatus.accepted() : OfferStatus.closed());
  }
  o.maker_escrow = Uint128.zero();
  o.taker_escrow = Uint128.zero();
  o.closed_height = new Opt<u64>(block.height);
  const before = ORDERS.indexKeys(o);
  o.status = status;
  ORDERS.save(Key.u64(o.id), o, before);
  const token = tokenKey(o.collection, o.token_id);
  if (o.kind.variant == "ask") OPEN_ASKS.remove(token);
  else OPEN_BIDS.remove(token.join(Key.addr(o.maker)));
}
