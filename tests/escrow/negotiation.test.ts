// Negotiation: counter-offers on asks (escrowing funds; several parties at once) and on bids
// (escrowing the NFT), the maker's price revisions, accepting a live offer of the other side
// with top-ups and refunds, superseding, outbidding, withdrawing, and the offer history.
import { beforeEach, describe, expect, it } from "vitest";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { AssetKind, FEE_BPS, USDC, World, attr, buyer, carol, collector, dave, owner, seller, setup } from "./setup";
import * as ContractError from "../../contracts/escrow/src/error";

let w: World;
const START = 10_000_000n;

beforeEach(() => {
  w = setup();
  w.mint("inv-1");
  w.mint("inv-2", carol);
  for (const who of [buyer, carol, dave]) w.fund(who, START);
});

const fee = (amount: bigint) => (amount * BigInt(FEE_BPS)) / 10_000n;
const counter = (id: number, amount: bigint) => ({ counter_offer: { order_id: id, amount: amount.toString() } });
const acceptOffer = (id: number, offer: number) => ({ accept_offer: { order_id: id, offer_id: offer } });
const withdraw = (id: number, offer: number) => ({ withdraw_offer: { order_id: id, offer_id: offer } });
/** The default offer lock (an hour) passes: counterparty offers made before can be withdrawn or revised. */
const lockPasses = () => w.app.advanceBlocks(1, 3_600);

for (const kind of ["native", "cw20"] as AssetKind[]) {
  describe(`on an ask paid in ${kind}`, () => {
    let ask: number;
    beforeEach(() => {
      ask = w.ask(seller, "inv-1", 100_000n, { asset: kind });
    });

    it("a buyer's counter-offer escrows its amount; the seller accepts it and the order settles at that amount", () => {
      const res = w.pay(buyer, kind, 80_000n, counter(ask, 80_000n));
      expect(attr(res, w.address, "offer_id")).toBe("1");
      expect(attr(res, w.address, "side")).toBe("taker");
      expect(w.order(ask)).toMatchObject({ taker_escrow: "80000", live_taker_offers: 1, price: "100000" });
      expect(w.balance(w.address, kind)).toBe(80_000n);
      w.escrow.execute(seller, acceptOffer(ask, 1));
      expect(w.ownerOf("inv-1")).toBe(buyer);
      expect(w.balance(buyer, kind)).toBe(START - 80_000n);
      expect(w.balance(seller, kind)).toBe(80_000n - fee(80_000n));
      expect(w.balance(collector, kind)).toBe(fee(80_000n));
      expect(w.balance(w.address, kind)).toBe(0n);
      expect(w.order(ask).settlement).toEqual({ buyer, seller, amount: "80000", fee: fee(80_000n).toString() });
      expect(w.offers(ask).map((o) => o.status)).toEqual(["accepted"]);
    });

    it("several buyers negotiate at once: each offer stays live, lower ones too; the seller accepts any and the others are refunded", () => {
      w.pay(buyer, kind, 80_000n, counter(ask, 80_000n));
      w.pay(carol, kind, 85_000n, counter(ask, 85_000n));
      w.pay(dave, kind, 70_000n, counter(ask, 70_000n));
      expect(w.order(ask)).toMatchObject({ taker_escrow: "235000", live_taker_offers: 3 });
      expect(w.balance(w.address, kind)).toBe(235_000n);
      w.escrow.execute(seller, acceptOffer(ask, 1));
      expect(w.ownerOf("inv-1")).toBe(buyer);
      expect(w.balance(buyer, kind)).toBe(START - 80_000n);
      expect(w.balance(carol, kind)).toBe(START);
      expect(w.balance(dave, kind)).toBe(START);
      expect(w.balance(w.address, kind)).toBe(0n);
      expect(w.offers(ask).map((o) => o.status)).toEqual(["accepted", "closed", "closed"]);
    });

    it("a griefer's high offer withdrawn once its lock has passed takes nobody else's offer with it", () => {
      w.pay(buyer, kind, 80_000n, counter(ask, 80_000n));
      w.pay(dave, kind, 99_999n, counter(ask, 99_999n));
      lockPasses();
      w.escrow.execute(dave, withdraw(ask, 2));
      expect(w.escrow.fails(seller, acceptOffer(ask, 2))).toContain(ContractError.offerNotLive("2", "1", "withdrawn"));
      w.escrow.execute(seller, acceptOffer(ask, 1));
      expect(w.ownerOf("inv-1")).toBe(buyer);
      expect(w.balance(dave, kind)).toBe(START);
    });

    it("the proposer revises its own offer once its lock has passed: the old escrow comes back, the new one is taken; the old id stays dead", () => {
      w.pay(buyer, kind, 80_000n, counter(ask, 80_000n));
      expect(() => w.pay(buyer, kind, 70_000n, counter(ask, 70_000n))).toThrow(/Offer 1 of order 1 is locked for 3600 more seconds .*: the maker can accept it until then; revise it afterwards/);
      lockPasses();
      w.pay(buyer, kind, 70_000n, counter(ask, 70_000n));
      expect(w.balance(buyer, kind)).toBe(START - 70_000n);
      expect(w.offers(ask).map((o) => [o.amount, o.status])).toEqual([
        ["80000", "superseded"],
        ["70000", "live"],
      ]);
      expect(w.order(ask)).toMatchObject({ taker_escrow: "70000", live_taker_offers: 1 });
      // The seller signed "accept offer 1" (80,000): that id can never mean 70,000.
      expect(w.escrow.fails(seller, acceptOffer(ask, 1))).toContain(ContractError.offerNotLive("1", "1", "superseded"));
    });

    it("the seller's counter revises the price; the buyer accepts it topping up its escrow by the difference", () => {
      w.pay(buyer, kind, 80_000n, counter(ask, 80_000n));
      w.escrow.execute(seller, counter(ask, 90_000n));
      expect(w.order(ask)).toMatchObject({ price: "90000", list_price: "100000", live_maker_offer: 2, live_taker_offers: 1 });
      expect(() => w.pay(buyer, kind, 9_999n, acceptOffer(ask, 2))).toThrow(/Wrong funds: expected 10000/);
      w.pay(buyer, kind, 10_000n, acceptOffer(ask, 2));
      expect(w.ownerOf("inv-1")).toBe(buyer);
      expect(w.balance(buyer, kind)).toBe(START - 90_000n);
      expect(w.balance(seller, kind)).toBe(90_000n - fee(90_000n));
      expect(w.balance(w.address, kind)).toBe(0n);
      expect(w.offers(ask).map((o) => o.status)).toEqual(["closed", "accepted"]);
    });

    it("a counter below the buyer's escrow: accepting it refunds the surplus", () => {
      w.pay(buyer, kind, 95_000n, counter(ask, 95_000n));
      w.escrow.execute(seller, counter(ask, 90_000n));
      w.escrow.execute(buyer, acceptOffer(ask, 2));
      expect(w.balance(buyer, kind)).toBe(START - 90_000n);
      expect(w.balance(w.address, kind)).toBe(0n);
    });

    it("someone else accepting the seller's counter pays in full and the live offer is refunded", () => {
      w.pay(buyer, kind, 80_000n, counter(ask, 80_000n));
      w.escrow.execute(seller, counter(ask, 90_000n));
      w.pay(dave, kind, 90_000n, acceptOffer(ask, 2));
      expect(w.ownerOf("inv-1")).toBe(dave);
      expect(w.balance(buyer, kind)).toBe(START);
      expect(w.balance(w.address, kind)).toBe(0n);
    });

    it("accept_ask at the revised price refunds the live offer", () => {
      w.pay(buyer, kind, 80_000n, counter(ask, 80_000n));
      w.escrow.execute(seller, counter(ask, 90_000n));
      w.acceptAsk(buyer, ask);
      expect(w.balance(buyer, kind)).toBe(START - 90_000n);
      expect(w.offers(ask).map((o) => o.status)).toEqual(["closed", "accepted"]);
    });

    it("the buyer withdraws its offer and gets its escrow back; the seller withdraws its counter and the list price returns", () => {
      w.pay(buyer, kind, 80_000n, counter(ask, 80_000n));
      w.escrow.execute(seller, counter(ask, 90_000n));
      expect(w.escrow.fails(carol, withdraw(ask, 1))).toMatch(/Unauthorized: only .* may withdraw offer 1/);
      expect(w.escrow.fails(buyer, withdraw(ask, 2))).toContain(ContractError.notMaker("1", "withdraw its offer"));
      expect(w.escrow.fails(buyer, withdraw(ask, 1))).toMatch(/Offer 1 of order 1 is locked for 3600 more seconds/);
      lockPasses();
      w.escrow.execute(buyer, withdraw(ask, 1));
      expect(w.balance(buyer, kind)).toBe(START);
      w.escrow.execute(seller, withdraw(ask, 2));
      expect(w.order(ask)).toMatchObject({ price: "100000", taker_escrow: "0", live_maker_offer: null, live_taker_offers: 0 });
      expect(w.offers(ask).map((o) => o.status)).toEqual(["withdrawn", "withdrawn"]);
      expect(w.escrow.fails(seller, acceptOffer(ask, 1))).toContain(ContractError.offerNotLive("1", "1", "withdrawn"));
      expect(w.order(ask)).toMatchObject({ live_taker_offers: 0 });
    });

    it("cancel and expiry refund the live offer's escrow with the NFT", () => {
      w.pay(buyer, kind, 80_000n, counter(ask, 80_000n));
      w.escrow.execute(seller, { cancel: { order_id: ask } });
      expect(w.balance(buyer, kind)).toBe(START);
      expect(w.ownerOf("inv-1")).toBe(seller);
      expect(w.offers(ask).map((o) => o.status)).toEqual(["closed"]);
      const late = w.ask(seller, "inv-1", 100_000n, { asset: kind, expires: { at_height: w.app.block.height + 2 } });
      w.pay(carol, kind, 50_000n, counter(late, 50_000n));
      w.app.advanceBlocks(2);
      expect(() => w.pay(dave, kind, 60_000n, counter(late, 60_000n))).toThrow(/has expired/);
      w.escrow.execute(dave, { expire: { order_id: late } });
      expect(w.balance(carol, kind)).toBe(START);
      expect(w.balance(w.address, kind)).toBe(0n);
    });
  });

  describe(`on a bid paid in ${kind}`, () => {
    let bid: number;
    beforeEach(() => {
      bid = w.bid(buyer, "inv-1", 100_000n, { asset: kind });
    });

    it("the owner's counter-offer escrows the NFT; the bidder accepts it topping up, and the order settles", () => {
      const res = w.sendNft(seller, "inv-1", counter(bid, 120_000n));
      expect(attr(res, w.address, "side")).toBe("taker");
      expect(w.ownerOf("inv-1")).toBe(w.address);
      expect(w.order(bid)).toMatchObject({ nft_depositor: seller, live_taker_offers: 1, maker_escrow: "100000" });
      expect(() => w.pay(buyer, kind, 0n, acceptOffer(bid, 1))).toThrow(/No funds sent: expected 20000/);
      w.pay(buyer, kind, 20_000n, acceptOffer(bid, 1));
      expect(w.ownerOf("inv-1")).toBe(buyer);
      expect(w.balance(buyer, kind)).toBe(START - 120_000n);
      expect(w.balance(seller, kind)).toBe(120_000n - fee(120_000n));
      expect(w.balance(w.address, kind)).toBe(0n);
      expect(w.order(bid).settlement).toMatchObject({ buyer, seller, amount: "120000" });
    });

    it("accepting an offer below the bid refunds the bidder's surplus", () => {
      w.sendNft(seller, "inv-1", counter(bid, 90_000n));
      w.escrow.execute(buyer, acceptOffer(bid, 1));
      expect(w.balance(buyer, kind)).toBe(START - 90_000n);
      expect(w.balance(w.address, kind)).toBe(0n);
    });

    it("the bidder revises its bid: raising tops up the escrow exactly, lowering refunds", () => {
      expect(() => w.pay(buyer, kind, 5_000n, counter(bid, 110_000n))).toThrow(/Wrong funds: expected 10000/);
      w.pay(buyer, kind, 10_000n, counter(bid, 110_000n));
      expect(w.order(bid)).toMatchObject({ price: "110000", maker_escrow: "110000" });
      w.escrow.execute(buyer, counter(bid, 60_000n));
      expect(w.order(bid)).toMatchObject({ price: "60000", maker_escrow: "60000" });
      expect(w.balance(buyer, kind)).toBe(START - 60_000n);
      expect(w.balance(w.address, kind)).toBe(0n + 60_000n);
      expect(w.offers(bid).map((o) => [o.side, o.amount, o.status])).toEqual([
        ["maker", "110000", "superseded"],
        ["maker", "60000", "live"],
      ]);
    });

    it("the depositor re-counters without sending the NFT again, then accepts the bidder's counter", () => {
      w.sendNft(seller, "inv-1", counter(bid, 150_000n));
      lockPasses();
      w.escrow.execute(seller, counter(bid, 140_000n));
      w.pay(buyer, kind, 20_000n, counter(bid, 120_000n));
      expect(w.offers(bid).map((o) => [o.side, o.status])).toEqual([
        ["taker", "superseded"],
        ["taker", "live"],
        ["maker", "live"],
      ]);
      w.escrow.execute(seller, acceptOffer(bid, 3));
      expect(w.ownerOf("inv-1")).toBe(buyer);
      expect(w.balance(seller, kind)).toBe(120_000n - fee(120_000n));
      expect(w.balance(w.address, kind)).toBe(0n);
      expect(w.offers(bid).map((o) => o.status)).toEqual(["superseded", "closed", "accepted"]);
    });

    it("the owner may also accept the bidder's counter by sending the NFT", () => {
      w.pay(buyer, kind, 10_000n, counter(bid, 110_000n));
      w.sendNft(seller, "inv-1", acceptOffer(bid, 1));
      expect(w.ownerOf("inv-1")).toBe(buyer);
      expect(w.balance(seller, kind)).toBe(110_000n - fee(110_000n));
    });

    it("the depositor accepts the bid at its price with a plain accept_bid", () => {
      w.sendNft(seller, "inv-1", counter(bid, 150_000n));
      w.acceptBid(seller, bid);
      expect(w.ownerOf("inv-1")).toBe(buyer);
      expect(w.balance(seller, kind)).toBe(100_000n - fee(100_000n));
      expect(w.offers(bid).map((o) => o.status)).toEqual(["closed"]);
    });

    it("the depositor withdraws its offer and gets the NFT back; then it must send the NFT again", () => {
      w.sendNft(seller, "inv-1", counter(bid, 150_000n));
      expect(w.escrow.fails(carol, withdraw(bid, 1))).toMatch(/only .* may withdraw offer 1/);
      expect(w.escrow.fails(seller, withdraw(bid, 1))).toMatch(/Offer 1 of order 1 is locked/);
      lockPasses();
      w.escrow.execute(seller, withdraw(bid, 1));
      expect(w.ownerOf("inv-1")).toBe(seller);
      expect(w.order(bid)).toMatchObject({ nft_depositor: null, live_taker_offers: 0 });
      expect(w.escrow.fails(seller, counter(bid, 140_000n))).toContain(ContractError.noNft("inv-1"));
      expect(w.escrow.fails(seller, { accept_bid: w.terms(bid) })).toMatch(/No NFT sent/);
    });

    it("the bidder withdraws a raise: the list price returns and the surplus comes back; withdrawing never takes funds", () => {
      w.pay(buyer, kind, 20_000n, counter(bid, 120_000n));
      w.escrow.execute(buyer, withdraw(bid, 1));
      expect(w.order(bid)).toMatchObject({ price: "100000", maker_escrow: "100000", live_maker_offer: null });
      expect(w.balance(buyer, kind)).toBe(START - 100_000n);
      // Below the list price, withdrawing would need funds: refused (counter_offer raises, cancel leaves).
      w.escrow.execute(buyer, counter(bid, 70_000n));
      expect(w.escrow.fails(buyer, withdraw(bid, 2))).toMatch(
        /Withdrawing would raise bid 1 from 70000.* to its list price 100000.*: withdraw_offer never takes funds; raise the bid with counter_offer, or cancel it/,
      );
      w.pay(buyer, kind, 30_000n, counter(bid, 100_000n));
      expect(w.order(bid)).toMatchObject({ price: "100000", maker_escrow: "100000" });
      expect(w.balance(w.address, kind)).toBe(100_000n);
    });

    it("cancel returns the bidder's funds and the depositor's NFT", () => {
      w.sendNft(seller, "inv-1", counter(bid, 150_000n));
      w.escrow.execute(buyer, { cancel: { order_id: bid } });
      expect(w.ownerOf("inv-1")).toBe(seller);
      expect(w.balance(buyer, kind)).toBe(START);
      expect(w.balance(w.address, kind)).toBe(0n);
    });
  });
}

describe("negotiation rules", () => {
  it("on a private order only the taker negotiates", () => {
    const ask = w.ask(seller, "inv-1", 100n, { taker: carol });
    expect(w.escrow.fails(buyer, counter(ask, 90n), [{ denom: USDC, amount: "90" }])).toMatch(/private: only .* may take or negotiate it/);
    w.pay(carol, "native", 90n, counter(ask, 90n));
    const bid = w.bid(buyer, "inv-2", 100n, { taker: dave });
    expect(() => w.sendNft(carol, "inv-2", counter(bid, 150n))).toThrow(/private: only .* may take or negotiate it/);
  });

  it("only the maker accepts a taker's offer, and nobody accepts its own", () => {
    const ask = w.ask(seller, "inv-1", 100n);
    w.pay(buyer, "native", 90n, counter(ask, 90n));
    expect(w.escrow.fails(buyer, acceptOffer(ask, 1))).toContain(ContractError.notMaker("1", "accept a counterparty's offer"));
    expect(w.escrow.fails(dave, acceptOffer(ask, 1))).toContain(ContractError.notMaker("1", "accept a counterparty's offer"));
    w.escrow.execute(seller, counter(ask, 95n));
    expect(w.escrow.fails(seller, acceptOffer(ask, 2))).toContain(ContractError.selfTrade("1"));
    expect(w.escrow.fails(seller, acceptOffer(ask, 3))).toContain(ContractError.offerNotFound("3", "1"));
  });

  it("the offers query pages through the history, oldest first, or through the live offers only", () => {
    const ask = w.ask(seller, "inv-1", 100n);
    for (const [who, amount] of [[buyer, 50n], [carol, 60n], [dave, 70n]] as Array<[string, bigint]>) w.pay(who, "native", amount, counter(ask, amount));
    w.escrow.execute(seller, counter(ask, 90n));
    const { height, time } = w.app.block;
    lockPasses();
    w.pay(carol, "native", 65n, counter(ask, 65n));
    const page = w.escrow.query<{ offers: Array<{ id: number; proposer: string; side: string; amount: string; status: string; height: number; locked_until: string | null }> }>({
      offers: { order_id: ask, start_after: 1, limit: 2 },
    });
    const lockedUntil = (time + 3_600n * 1_000_000_000n).toString();
    expect(page.offers).toEqual([
      { id: 2, proposer: carol, side: "taker", amount: "60", status: "superseded", height, locked_until: lockedUntil },
      { id: 3, proposer: dave, side: "taker", amount: "70", status: "live", height, locked_until: lockedUntil },
    ]);
    expect(w.offers(ask).find((o) => o.id === 4)).toMatchObject({ side: "maker", locked_until: null });
    expect(w.offers(ask).map((o) => o.side)).toEqual(["taker", "taker", "taker", "maker", "taker"]);
    expect(w.order(ask).offer_count).toBe(5);
    const live = (q: Record<string, unknown>) => w.escrow.query<{ offers: Array<{ id: number }> }>({ offers: { order_id: ask, live_only: true, ...q } }).offers.map((o) => o.id);
    expect(live({})).toEqual([1, 3, 4, 5]);
    expect(live({ start_after: 3, limit: 1 })).toEqual([4]);
    expect(live({ start_after: 4 })).toEqual([5]);
  });

  it("an order holds at most 10 live counterparty offers: a new one must beat the lowest, which is refunded (outbid)", () => {
    const ask = w.ask(seller, "inv-1", 1_000n);
    const bidders = Array.from({ length: 11 }, (_, i) => makeAddress(`negotiator-${i}`));
    bidders.forEach((b, i) => w.app.mint(b, [{ denom: USDC, amount: "1000" }]));
    for (let i = 0; i < 10; i++) w.pay(bidders[i], "native", BigInt(100 + i), counter(ask, BigInt(100 + i)));
    expect(w.order(ask)).toMatchObject({ live_taker_offers: 10, taker_escrow: String(1045) });
    expect(w.escrow.fails(bidders[10], counter(ask, 100n), [{ denom: USDC, amount: "100" }])).toMatch(
      /Order 1 has 10 live offers: a new one must be higher than the lowest, 100ibc\/.* \(offer 1\)/,
    );
    // A proposer with a live offer may still revise it once its lock has passed, even down; the
    // revision is locked again, yet a higher offer may outbid it (its escrow goes back at once).
    lockPasses();
    w.pay(bidders[5], "native", 50n, counter(ask, 50n));
    const res = w.pay(bidders[10], "native", 51n, counter(ask, 51n));
    expect(attr(res, w.address, "outbid")).toBe("11");
    expect(w.balance(bidders[5], "native")).toBe(1000n);
    expect(w.offers(ask).find((o) => o.id === 11)!.status).toBe("outbid");
    expect(w.escrow.fails(seller, acceptOffer(ask, 11))).toContain(ContractError.offerNotLive("11", "1", "outbid"));
    expect(w.order(ask)).toMatchObject({ live_taker_offers: 10 });
    w.escrow.execute(seller, { cancel: { order_id: ask } });
    for (const b of bidders) expect(w.balance(b, "native")).toBe(1000n);
    expect(w.balance(w.address, "native")).toBe(0n);
  });
});

describe("the offer lock", () => {
  const SECOND = 1_000_000_000n;

  it("a counterparty offer can be neither withdrawn nor revised for the lock in force when it was made; the maker accepts it meanwhile", () => {
    w.escrow.execute(owner, { update_config: { offer_lock_seconds: 600 } });
    const ask = w.ask(seller, "inv-1", 1_000n);
    const made = w.app.block.time;
    w.pay(buyer, "native", 900n, counter(ask, 900n));
    expect(w.offers(ask)[0].locked_until).toBe((made + 600n * SECOND).toString());
    // A longer lock set later binds new offers only.
    w.escrow.execute(owner, { update_config: { offer_lock_seconds: 86_400 } });
    w.app.advanceBlocks(1, 599);
    expect(w.escrow.fails(buyer, withdraw(ask, 1))).toMatch(/Offer 1 of order 1 is locked for 1 more seconds \(until block time \d+\)/);
    expect(w.escrow.fails(buyer, counter(ask, 950n), [{ denom: USDC, amount: "950" }])).toMatch(/is locked for 1 more seconds .*revise it afterwards/);
    w.app.advanceBlocks(1, 1);
    w.escrow.execute(buyer, withdraw(ask, 1));
    expect(w.balance(buyer, "native")).toBe(START);
    w.pay(carol, "native", 800n, counter(ask, 800n));
    expect(w.offers(ask)[1].locked_until).toBe((w.app.block.time + 86_400n * SECOND).toString());
    w.escrow.execute(seller, acceptOffer(ask, 2));
    expect([w.ownerOf("inv-1"), w.balance(carol, "native"), w.balance(seller, "native")]).toEqual([carol, START - 800n, 800n - fee(800n)]);
  });

  it("closing the order releases locked offers at once: cancel refunds every one, the maker's own offer is never locked", () => {
    const ask = w.ask(seller, "inv-1", 1_000n);
    w.pay(buyer, "native", 900n, counter(ask, 900n));
    w.pay(carol, "native", 800n, counter(ask, 800n));
    w.escrow.execute(seller, counter(ask, 950n));
    w.escrow.execute(seller, withdraw(ask, 3));
    w.escrow.execute(seller, { cancel: { order_id: ask } });
    expect([w.balance(buyer, "native"), w.balance(carol, "native"), w.ownerOf("inv-1"), w.balance(w.address, "native")]).toEqual([START, START, seller, 0n]);
  });

  it("the lock is bounded: 600 to 86400 seconds, 3600 by default", () => {
    expect(w.escrow.query<{ offer_lock_seconds: number }>({ config: {} }).offer_lock_seconds).toBe(3_600);
    expect(w.escrow.fails(owner, { update_config: { offer_lock_seconds: 599 } })).toMatch(/Invalid offer_lock_seconds: 600 to 86400/);
    expect(w.escrow.fails(owner, { update_config: { offer_lock_seconds: 86_401 } })).toMatch(/Invalid offer_lock_seconds: 600 to 86400/);
    expect(w.escrow.fails(buyer, { update_config: { offer_lock_seconds: 600 } })).toMatch(/Caller is not the contract's current owner/);
    const res = w.escrow.execute(owner, { update_config: { offer_lock_seconds: 86_400 } });
    expect(attr(res, w.address, "offer_lock_seconds")).toBe("86400");
    expect(w.escrow.query<{ offer_lock_seconds: number }>({ config: {} }).offer_lock_seconds).toBe(86_400);
  });
});
