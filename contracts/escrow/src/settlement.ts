// How orders close. A settlement moves the NFT to the buyer, the price minus the protocol fee
// to the seller and the fee to the collector, in the transaction that agreed the price; a
// cancel or an expiry gives everything escrowed back. Either way the order escrows nothing
// afterwards, its live offers are closed and it leaves the open-order lookups.

import { fail, failed } from "../../../std/error";
import { Uint128 } from "../../../std/math/uint128";
import { Key } from "../../../std/storage/key";
import { Addr } from "../../../std/types/addr";
import { BlockInfo } from "../../../std/types/env";
import { Response } from "../../../std/types/response";
import { Opt } from "../../../std/types/wire";
import { describe, giveNft, pay } from "./assets";
import { Deposit } from "./deposit";
import { adjust, protocolFee, sellerProceeds } from "./math";
import { OfferStatus, Order, OrderStatus, Settlement } from "./msg";
import { CONFIG, OFFERS, OPEN_ASKS, OPEN_BIDS, ORDERS, tokenKey } from "./state";

/** `buyer` pays `amount` for the order's NFT; the funds are in the contract (escrowed or just deposited). */
function settle(res: Response, block: BlockInfo, o: Order, buyer: Addr, seller: Addr, amount: Uint128, accepted: Opt<u64> | null): void {
  const c = CONFIG.load();
  const fee = protocolFee(amount, c.fee_bps);
  const proceeds = sellerProceeds(amount, fee);
  if (failed()) return;
  giveNft(res, o.collection, o.token_id, buyer);
  pay(res, o.asset, seller, proceeds);
  pay(res, o.asset, c.fee_collector, fee);
  const s = new Settlement();
  s.buyer = buyer;
  s.seller = seller;
  s.amount = amount;
  s.fee = fee;
  o.settlement = s;
  close(o, block, OrderStatus.settled(), accepted === null ? 0 : accepted.value);
  res
    .addAttribute("buyer", buyer.toString())
    .addAttribute("seller", seller.toString())
    .addAttribute("amount", describe(o.asset, amount))
    .addAttribute("fee", fee.toString());
}

/** Everything escrowed goes back: the maker's funds, the live taker offer's funds, the NFT to its depositor. */
export function refundAndClose(res: Response, block: BlockInfo, o: Order, status: OrderStatus): void {
  pay(res, o.asset, o.maker, o.maker_escrow);
  const party = o.taker_party;
  if (party !== null) pay(res, o.asset, party, o.taker_escrow);
  const depositor = o.nft_depositor;
  if (depositor !== null) giveNft(res, o.collection, o.token_id, depositor);
  close(o, block, status, 0);
}

/**
 * The buyer (the sender) takes an ask at its price. With `useOwnEscrow` its own live offer's
 * escrow pays part of it and only the difference is due (a surplus comes back); otherwise the
 * whole price is due and any live offer's escrow goes back to its proposer.
 */
export function buyAsk(res: Response, block: BlockInfo, dep: Deposit, o: Order, useOwnEscrow: bool): void {
  const buyer = dep.sender;
  const party = o.taker_party;
  const own = useOwnEscrow && party !== null && party!.equals(buyer);
  const a = adjust(own ? o.taker_escrow : Uint128.zero(), o.price);
  if (!dep.takeFunds(o.asset, a.topUp)) return;
  pay(res, o.asset, buyer, a.refund);
  if (party !== null && !own) pay(res, o.asset, party, o.taker_escrow);
  settle(res, block, o, buyer, o.maker, o.price, o.live_maker_offer);
}

/** The seller (the sender) sells its token to a bid at the bid's price. */
export function sellToBid(res: Response, block: BlockInfo, dep: Deposit, o: Order): void {
  if (!takeSellerNft(dep, o)) return;
  settle(res, block, o, o.maker, dep.sender, o.price, o.live_maker_offer);
}

/** The maker accepts its counterparty's live offer of `amount`. */
export function acceptTakerOffer(res: Response, block: BlockInfo, dep: Deposit, o: Order, amount: Uint128): void {
  const party = o.taker_party!;
  if (o.kind.variant == "ask") {
    settle(res, block, o, party, o.maker, amount, o.live_taker_offer);
    return;
  }
  // A bid's escrow moves to the offer: the maker tops up or gets the surplus back.
  const a = adjust(o.maker_escrow, amount);
  if (!dep.takeFunds(o.asset, a.topUp)) return;
  pay(res, o.asset, o.maker, a.refund);
  settle(res, block, o, o.maker, party, amount, o.live_taker_offer);
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
    fail("Order " + o.id.toString() + " already escrows token " + o.token_id + ": it cannot arrive again");
    return false;
  }
  return dep.takeNft(o.collection, o.token_id);
}

function close(o: Order, block: BlockInfo, status: OrderStatus, acceptedOffer: u64): void {
  closeOffer(o.id, o.live_maker_offer, acceptedOffer);
  closeOffer(o.id, o.live_taker_offer, acceptedOffer);
  o.live_maker_offer = null;
  o.live_taker_offer = null;
  o.maker_escrow = Uint128.zero();
  o.taker_escrow = Uint128.zero();
  o.taker_party = null;
  o.nft_depositor = null;
  o.closed_height = new Opt<u64>(block.height);
  const before = ORDERS.indexKeys(o);
  o.status = status;
  ORDERS.save(Key.u64(o.id), o, before);
  const token = tokenKey(o.collection, o.token_id);
  if (o.kind.variant == "ask") OPEN_ASKS.remove(token);
  else OPEN_BIDS.remove(token.join(Key.addr(o.maker)));
}

function closeOffer(orderId: u64, live: Opt<u64> | null, acceptedOffer: u64): void {
  if (live === null) return;
  const k = Key.u64(orderId).join(Key.u64(live.value));
  const offer = OFFERS.load(k);
  offer.status = live.value == acceptedOffer ? OfferStatus.accepted() : OfferStatus.closed();
  OFFERS.save(k, offer);
}
