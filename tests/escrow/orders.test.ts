// Asks and bids: escrow, settlement at the price (native and cw20), fees, cancel, expiry,
// pause, allowlists, configuration and the queries.
import { beforeEach, describe, expect, it } from "vitest";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { deploy } from "@persistence-ts/testing/contracts";
import { FEE_BPS, USDC, World, attr, buyer, carol, collector, dave, owner, seller, setup } from "./setup";
import * as ContractError from "../../contracts/escrow/src/error";

let w: World;

beforeEach(() => {
  w = setup();
  for (const id of ["inv-1", "inv-2", "inv-3"]) w.mint(id);
  for (const who of [buyer, carol, dave]) w.fund(who, 10_000_000n);
});

const fee = (amount: bigint) => (amount * BigInt(FEE_BPS)) / 10_000n;

describe("instantiate and config", () => {
  it("answers config, ownership and the allowlists", () => {
    expect(w.escrow.query({ config: {} })).toEqual({ owner, fee_bps: FEE_BPS, fee_collector: collector, paused: false, offer_lock_seconds: 3_600 });
    expect(w.escrow.query({ ownership: {} })).toEqual({ owner, pending_owner: null, pending_expiry: null });
    expect(w.escrow.query({ allowlist: { list: "collections" } })).toEqual({ entries: [w.nft.address] });
    expect(w.escrow.query({ allowlist: { list: "native_denoms" } })).toEqual({ entries: [USDC] });
    expect(w.escrow.query({ allowlist: { list: "cw20_tokens" } })).toEqual({ entries: [w.token.address] });
  });

  it("refuses a fee above 10%, a bad denom or address", () => {
    const init = (extra: Record<string, unknown>) => {
      try {
        deploy(w.app, "escrow", owner, { fee_bps: 0, fee_collector: collector, ...extra });
      } catch (e) {
        return (e as Error).message;
      }
      return "accepted";
    };
    expect(init({ fee_bps: 1001 })).toContain(ContractError.invalidFee("1000"));
    expect(init({ native_denoms: ["u$d"] })).toContain(ContractError.invalidDenom("u$d"));
    expect(init({ collections: ["persistence1nope"] })).toMatch(/Invalid address `persistence1nope`/);
    expect(init({ fee_collector: "bob" })).toMatch(/Invalid address `bob`/);
    expect(init({ offer_lock_seconds: 599 })).toContain(ContractError.invalidOfferLock("600", "86400"));
    expect(init({ offer_lock_seconds: 86_401 })).toContain(ContractError.invalidOfferLock("600", "86400"));
    expect(init({ fee_bps: 1000 })).toBe("accepted");
  });

  it("the owner updates the fee and collector; others may not; the fee stays capped", () => {
    const res = w.escrow.execute(owner, { update_config: { fee_bps: 1000, fee_collector: carol } });
    expect(attr(res, w.address, "fee_bps")).toBe("1000");
    expect(w.escrow.query({ config: {} })).toMatchObject({ fee_bps: 1000, fee_collector: carol });
    expect(w.escrow.fails(owner, { update_config: { fee_bps: 1001 } })).toMatch(/at most 1000/);
    expect(w.escrow.fails(seller, { update_config: { fee_bps: 0 } })).toMatch(/Caller is not the contract's current owner/);
  });

  it("migrates to its own code (cw2 checked), never to another contract type", () => {
    const escrowCode = w.app.wasm.contractInfo(w.app.store, w.address)!.code_id;
    const nftCode = w.app.wasm.contractInfo(w.app.store, w.nft.address)!.code_id;
    const res = w.app.migrate(owner, w.address, escrowCode, {});
    expect(attr(res, w.address, "from_version")).toBe("0.2.0");
    expect(() => w.app.migrate(owner, w.address, nftCode, {})).toThrow(/Cannot migrate from a different contract type: crates.io:persistence-rwa-escrow/);
  });

  it("ownership moves in two steps", () => {
    w.escrow.execute(owner, { update_ownership: { transfer_ownership: { new_owner: carol, expiry: null } } });
    expect(w.escrow.fails(dave, { update_ownership: "accept_ownership" })).toMatch(/not the contract's pending owner/);
    w.escrow.execute(carol, { update_ownership: "accept_ownership" });
    expect(w.escrow.query({ config: {} })).toMatchObject({ owner: carol });
    w.escrow.execute(carol, { set_paused: { paused: true } });
  });
});

describe("asks", () => {
  it("escrow the NFT; accept_ask with the exact price settles: NFT to the buyer, price − fee to the seller, fee to the collector", () => {
    const id = w.ask(seller, "inv-1", 1_000_000n);
    expect(w.ownerOf("inv-1")).toBe(w.address);
    expect(w.order(id)).toMatchObject({ kind: "ask", maker: seller, status: "open", price: "1000000", nft_depositor: seller, maker_escrow: "0" });
    expect(w.escrow.query({ order_for_token: { collection: w.nft.address, token_id: "inv-1" } })).toMatchObject({ id });
    const res = w.acceptAsk(buyer, id);
    expect(attr(res, w.address, "action")).toBe("accept_ask");
    expect(attr(res, w.address, "fee")).toBe(`25000${USDC}`);
    expect(w.ownerOf("inv-1")).toBe(buyer);
    expect(w.balance(seller, "native")).toBe(975_000n);
    expect(w.balance(collector, "native")).toBe(25_000n);
    expect(w.balance(buyer, "native")).toBe(9_000_000n);
    expect(w.balance(w.address, "native")).toBe(0n);
    const o = w.order(id);
    expect(o).toMatchObject({ status: "settled", nft_depositor: null, closed_height: w.app.block.height });
    expect(o.settlement).toEqual({ buyer, seller, amount: "1000000", fee: "25000" });
    expect(w.escrow.query({ order_for_token: { collection: w.nft.address, token_id: "inv-1" } })).toBeNull();
  });

  it("priced in cw20, are taken with a cw20 send of exactly the price", () => {
    const id = w.ask(seller, "inv-1", 400_000n, { asset: "cw20" });
    expect(w.order(id).asset).toEqual({ cw20: w.token.address });
    w.acceptAsk(buyer, id);
    expect(w.ownerOf("inv-1")).toBe(buyer);
    expect(w.balance(seller, "cw20")).toBe(400_000n - fee(400_000n));
    expect(w.balance(collector, "cw20")).toBe(fee(400_000n));
    expect(w.balance(w.address, "cw20")).toBe(0n);
  });

  it("round the fee down: the seller gets price − floor(price × bps / 10000) and a zero fee is not sent", () => {
    const small = w.ask(seller, "inv-1", 39n);
    const res = w.acceptAsk(buyer, small);
    expect(attr(res, w.address, "fee")).toBe(`0${USDC}`);
    expect(w.balance(seller, "native")).toBe(39n);
    expect(w.balance(collector, "native")).toBe(0n);
    const odd = w.ask(seller, "inv-2", 1_000_039n);
    w.acceptAsk(buyer, odd);
    expect(w.balance(collector, "native")).toBe(25_000n);
    expect(w.balance(seller, "native")).toBe(39n + 1_000_039n - 25_000n);
  });

  it("the maker cancels and gets the NFT back; the token can be listed again", () => {
    const id = w.ask(seller, "inv-1", 100n);
    expect(attr(w.escrow.execute(seller, { cancel: { order_id: id } }), w.address, "action")).toBe("cancel");
    expect(w.ownerOf("inv-1")).toBe(seller);
    expect(w.order(id).status).toBe("cancelled");
    expect(w.ask(seller, "inv-1", 200n)).toBe(id + 1);
  });

  it("a private ask is taken only by its taker", () => {
    const id = w.ask(seller, "inv-1", 100n, { taker: carol });
    expect(w.order(id).taker).toBe(carol);
    expect(w.escrow.fails(buyer, { accept_ask: w.terms(id) }, [{ denom: USDC, amount: "100" }])).toMatch(/private: only .* may take or negotiate it/);
    w.acceptAsk(carol, id);
    expect(w.ownerOf("inv-1")).toBe(carol);
  });

  it("a buyer resells what it bought", () => {
    const first = w.ask(seller, "inv-1", 100n);
    w.acceptAsk(buyer, first);
    const second = w.ask(buyer, "inv-1", 150n);
    w.acceptAsk(carol, second);
    expect(w.ownerOf("inv-1")).toBe(carol);
    expect(w.order(second).settlement).toMatchObject({ buyer: carol, seller: buyer, amount: "150" });
  });
});

describe("bids", () => {
  it("escrow the funds; the owner sells with send_nft accept_bid: NFT to the bidder, price − fee to the seller", () => {
    const id = w.bid(buyer, "inv-1", 500_000n);
    expect(w.order(id)).toMatchObject({ kind: "bid", maker: buyer, maker_escrow: "500000", nft_depositor: null });
    expect(w.balance(w.address, "native")).toBe(500_000n);
    const res = w.acceptBid(seller, id);
    expect(attr(res, w.address, "action")).toBe("accept_bid");
    expect(w.ownerOf("inv-1")).toBe(buyer);
    expect(w.balance(seller, "native")).toBe(500_000n - fee(500_000n));
    expect(w.balance(collector, "native")).toBe(fee(500_000n));
    expect(w.balance(w.address, "native")).toBe(0n);
    expect(w.order(id)).toMatchObject({ status: "settled", maker_escrow: "0", settlement: { buyer, seller, amount: "500000" } });
  });

  it("paid in cw20 escrow the amount sent", () => {
    const id = w.bid(buyer, "inv-1", 300_000n, { asset: "cw20" });
    expect(w.balance(w.address, "cw20")).toBe(300_000n);
    w.acceptBid(seller, id);
    expect(w.ownerOf("inv-1")).toBe(buyer);
    expect(w.balance(seller, "cw20")).toBe(300_000n - fee(300_000n));
    expect(w.balance(w.address, "cw20")).toBe(0n);
  });

  it("several bidders bid on one token; one is accepted, the others stay open and are cancelled for a refund", () => {
    const a = w.bid(buyer, "inv-1", 100n);
    const b = w.bid(carol, "inv-1", 120n, { asset: "cw20" });
    const c = w.bid(dave, "inv-1", 90n);
    w.acceptBid(seller, b);
    expect(w.ownerOf("inv-1")).toBe(carol);
    expect(w.order(a).status).toBe("open");
    w.escrow.execute(buyer, { cancel: { order_id: a } });
    w.escrow.execute(dave, { cancel: { order_id: c } });
    expect(w.balance(buyer, "native")).toBe(10_000_000n);
    expect(w.balance(dave, "native")).toBe(10_000_000n);
    expect(w.balance(w.address, "native")).toBe(0n);
  });

  it("a bid on a token that is listed is accepted once the seller cancels its ask", () => {
    const ask = w.ask(seller, "inv-1", 1000n);
    const bid = w.bid(buyer, "inv-1", 900n);
    w.escrow.execute(seller, { cancel: { order_id: ask } });
    w.acceptBid(seller, bid);
    expect(w.ownerOf("inv-1")).toBe(buyer);
  });

  it("a private bid is accepted only from its taker", () => {
    const id = w.bid(buyer, "inv-1", 100n, { taker: dave });
    expect(() => w.acceptBid(seller, id)).toThrow(/Order 1 is private: only .* may take or negotiate it/);
    w.nft.execute(seller, { transfer_nft: { recipient: dave, token_id: "inv-1" } });
    w.acceptBid(dave, id);
    expect(w.ownerOf("inv-1")).toBe(buyer);
    expect(w.balance(dave, "native")).toBe(10_000_000n + 100n - fee(100n));
  });
});

describe("expiry", () => {
  it("an expired ask cannot be taken; anyone expires it and the NFT goes back", () => {
    const id = w.ask(seller, "inv-1", 100n, { expires: { at_height: w.app.block.height + 5 } });
    expect(w.escrow.fails(dave, { expire: { order_id: id } })).toMatch(/has not expired yet \(expiration height: \d+\)/);
    w.app.advanceBlocks(5);
    expect(w.escrow.fails(buyer, { accept_ask: w.terms(id) }, [{ denom: USDC, amount: "100" }])).toMatch(/Order 1 has expired/);
    const res = w.escrow.execute(dave, { expire: { order_id: id } });
    expect(attr(res, w.address, "action")).toBe("expire");
    expect(w.ownerOf("inv-1")).toBe(seller);
    expect(w.order(id).status).toBe("expired");
  });

  it("a bid expiring at a time refunds the bidder", () => {
    const at = (w.app.block.time + 3_600n * 1_000_000_000n).toString();
    const id = w.bid(buyer, "inv-1", 700n, { expires: { at_time: at } });
    w.app.advanceTime(3_599);
    expect(w.escrow.fails(dave, { expire: { order_id: id } })).toMatch(/has not expired yet \(expiration time: \d+\)/);
    w.app.advanceTime(1);
    w.escrow.execute(dave, { expire: { order_id: id } });
    expect(w.balance(buyer, "native")).toBe(10_000_000n);
  });

  it("an order without expiry never expires; the maker may cancel an expired order", () => {
    const id = w.ask(seller, "inv-1", 100n);
    w.app.advanceBlocks(1000);
    expect(w.escrow.fails(dave, { expire: { order_id: id } })).toContain(ContractError.orderNeverExpires("1"));
    const late = w.ask(seller, "inv-2", 100n, { expires: { at_height: w.app.block.height + 1 } });
    w.app.advanceBlocks(2);
    w.escrow.execute(seller, { cancel: { order_id: late } });
    expect(w.order(late).status).toBe("cancelled");
  });

  it("expire_batch expires what it can and skips the rest; it is bounded to 20", () => {
    const h = w.app.block.height;
    const a = w.ask(seller, "inv-1", 100n, { expires: { at_height: h + 2 } });
    const b = w.bid(buyer, "inv-2", 100n, { expires: { at_height: h + 2 } });
    const c = w.ask(seller, "inv-3", 100n, { expires: { at_height: h + 50 } });
    w.app.advanceBlocks(2);
    const res = w.escrow.execute(dave, { expire_batch: { order_ids: [a, b, c, 99, a] } });
    expect(attr(res, w.address, "expired")).toBe(`${a},${b}`);
    expect(attr(res, w.address, "skipped")).toBe(`${c},99,${a}`);
    expect(w.ownerOf("inv-1")).toBe(seller);
    expect(w.balance(buyer, "native")).toBe(10_000_000n);
    expect(w.escrow.fails(dave, { expire_batch: { order_ids: [c] } })).toContain(ContractError.noneExpirable());
    expect(w.escrow.fails(dave, { expire_batch: { order_ids: Array.from({ length: 21 }, (_, i) => i + 1) } })).toContain(ContractError.invalidOrderIds("20"));
    expect(w.escrow.fails(dave, { expire_batch: { order_ids: [] } })).toContain(ContractError.invalidOrderIds("20"));
  });
});

describe("pause", () => {
  it("stops creating, taking and negotiating; cancel, expire and withdraw_offer (once its lock has passed) still work", () => {
    const ask = w.ask(seller, "inv-1", 100n, { expires: { at_height: w.app.block.height + 3 } });
    const bid = w.bid(buyer, "inv-2", 100n);
    w.pay(carol, "native", 80n, { counter_offer: { order_id: ask, amount: "80" } });
    w.escrow.execute(owner, { set_paused: { paused: true } });
    expect(w.escrow.query({ config: {} })).toMatchObject({ paused: true });
    const paused = /Trading is paused: only cancel, expire, expire_batch, withdraw_offer, withdraw_claim and continue_migration are available/;
    expect(w.escrow.fails(dave, { accept_ask: w.terms(ask) }, [{ denom: USDC, amount: "100" }])).toMatch(paused);
    expect(w.escrow.fails(dave, w.bidMsg("inv-3"), [{ denom: USDC, amount: "1" }])).toMatch(paused);
    expect(w.escrow.fails(seller, { counter_offer: { order_id: ask, amount: "90" } })).toMatch(paused);
    expect(w.escrow.fails(seller, { accept_offer: { order_id: ask, offer_id: 1 } })).toMatch(paused);
    expect(() => w.sendNft(seller, "inv-3", { create_ask: { price: { asset: { native: USDC }, amount: "5" } } })).toThrow(paused);
    w.app.advanceBlocks(1, 3_600);
    w.escrow.execute(carol, { withdraw_offer: { order_id: ask, offer_id: 1 } });
    expect(w.balance(carol, "native")).toBe(10_000_000n);
    w.escrow.execute(buyer, { cancel: { order_id: bid } });
    w.app.advanceBlocks(3);
    w.escrow.execute(dave, { expire: { order_id: ask } });
    expect(w.ownerOf("inv-1")).toBe(seller);
    expect(w.escrow.fails(seller, { set_paused: { paused: false } })).toMatch(/not the contract's current owner/);
    w.escrow.execute(owner, { set_paused: { paused: false } });
    w.ask(seller, "inv-1", 100n);
  });
});

describe("allowlists", () => {
  it("the owner adds and removes entries, at most 100 per message; entries are validated", () => {
    const other = deploy(w.app, "nft", owner, { name: "Other", symbol: "OTH" }, "another-collection").address;
    const res = w.escrow.execute(owner, { update_allowlist: { list: "collections", add: [other], remove: [] } });
    expect(attr(res, w.address, "added")).toBe("1");
    expect(w.escrow.query({ allowlist: { list: "collections" } })).toEqual({ entries: [w.nft.address, other].sort() });
    expect(w.escrow.query({ allowlist: { list: "collections", start_after: [w.nft.address, other].sort()[0], limit: 1 } })).toEqual({
      entries: [[w.nft.address, other].sort()[1]],
    });
    w.escrow.execute(owner, { update_allowlist: { list: "native_denoms", add: ["uxprt"], remove: [USDC] } });
    expect(w.escrow.query({ allowlist: { list: "native_denoms" } })).toEqual({ entries: ["uxprt"] });
    expect(w.escrow.fails(owner, { update_allowlist: { list: "native_denoms", add: [], remove: ["uatom"] } })).toContain(ContractError.notListed("native_denoms", "uatom"));
    expect(w.escrow.fails(owner, { update_allowlist: { list: "cw20_tokens", add: ["token"], remove: [] } })).toMatch(/Invalid address `token`/);
    expect(w.escrow.fails(owner, { update_allowlist: { list: "native_denoms", add: Array(101).fill("uxprt"), remove: [] } })).toContain(ContractError.tooManyEntries("100"));
    expect(w.escrow.fails(seller, { update_allowlist: { list: "collections", add: [], remove: [w.nft.address] } })).toMatch(/current owner/);
  });

  it("delisting stops new orders and taking, never leaving: open orders can still be cancelled", () => {
    const ask = w.ask(seller, "inv-1", 100n);
    const bid = w.bid(buyer, "inv-2", 100n, { asset: "cw20" });
    w.escrow.execute(owner, { update_allowlist: { list: "collections", add: [], remove: [w.nft.address] } });
    expect(w.escrow.fails(buyer, { accept_ask: w.terms(ask) }, [{ denom: USDC, amount: "100" }])).toMatch(/Collection .* is no longer allowlisted/);
    expect(() => w.sendNft(seller, "inv-3", { create_ask: { price: { asset: { native: USDC }, amount: "5" } } })).toThrow(/Collection .* is not allowlisted/);
    w.escrow.execute(owner, { update_allowlist: { list: "collections", add: [w.nft.address], remove: [] } });
    w.escrow.execute(owner, { update_allowlist: { list: "cw20_tokens", add: [], remove: [w.token.address] } });
    expect(() => w.acceptBid(seller, bid)).toThrow(/Payment asset 100 cw20:.* is no longer allowlisted/);
    w.escrow.execute(buyer, { cancel: { order_id: bid } });
    expect(w.balance(buyer, "cw20")).toBe(10_000_000n);
    w.escrow.execute(seller, { cancel: { order_id: ask } });
    expect(w.ownerOf("inv-1")).toBe(seller);
  });
});

describe("queries", () => {
  let ids: Record<string, number>;

  beforeEach(() => {
    w.mint("inv-4", carol);
    ids = {
      ask1: w.ask(seller, "inv-1", 100n),
      bid1: w.bid(buyer, "inv-1", 90n),
      bid2: w.bid(carol, "inv-1", 95n, { taker: seller }),
      ask4: w.ask(carol, "inv-4", 300n, { asset: "cw20", taker: buyer }),
      bid4: w.bid(dave, "inv-4", 250n),
    };
    w.escrow.execute(dave, { cancel: { order_id: ids.bid4 } });
  });

  const ordersOf = (filter: Record<string, unknown>) =>
    w.escrow.query<{ orders: Array<{ id: number }>; next_start_after: number | null }>({ orders: filter }).orders.map((o) => o.id);

  it("orders filtered by collection, token, maker, taker, status and kind", () => {
    const c = w.nft.address;
    expect(ordersOf({})).toEqual([1, 2, 3, 4, 5]);
    expect(ordersOf({ collection: c, token_id: "inv-1" })).toEqual([ids.ask1, ids.bid1, ids.bid2]);
    expect(ordersOf({ collection: c, token_id: "inv-1", kind: "bid" })).toEqual([ids.bid1, ids.bid2]);
    expect(ordersOf({ maker: carol })).toEqual([ids.bid2, ids.ask4]);
    expect(ordersOf({ taker: seller })).toEqual([ids.bid2]);
    expect(ordersOf({ taker: buyer, maker: carol })).toEqual([ids.ask4]);
    expect(ordersOf({ collection: c, status: "open" })).toEqual([1, 2, 3, 4]);
    expect(ordersOf({ status: "cancelled" })).toEqual([ids.bid4]);
    expect(ordersOf({ status: "settled" })).toEqual([]);
    expect(ordersOf({ kind: "ask" })).toEqual([ids.ask1, ids.ask4]);
    expect(ordersOf({ maker: dave, status: "open" })).toEqual([]);
  });

  it("orders paginate with start_after and limit; next_start_after says where to continue", () => {
    const page = w.escrow.query<{ orders: Array<{ id: number }>; next_start_after: number | null }>({ orders: { limit: 2 } });
    expect(page.orders.map((o) => o.id)).toEqual([1, 2]);
    expect(page.next_start_after).toBe(2);
    expect(ordersOf({ start_after: 2, limit: 2 })).toEqual([3, 4]);
    const last = w.escrow.query<{ next_start_after: number | null }>({ orders: { start_after: 4 } });
    expect(last.next_start_after).toBeNull();
    expect(ordersOf({ collection: w.nft.address, token_id: "inv-1", start_after: ids.bid1 })).toEqual([ids.bid2]);
    expect(w.escrow.query({ orders: { limit: 0, start_after: 3 } })).toEqual({ orders: [], next_start_after: 3 });
    expect(w.escrow.query({ offers: { order_id: 1, limit: 0 } })).toEqual({ offers: [] });
  });

  it("orders needs collection with token_id", () => {
    expect(() => w.escrow.query({ orders: { token_id: "inv-1" } })).toThrow(/The token_id filter needs collection/);
  });

  it("order answers an order, order_for_token the open ask; unknown ids fail", () => {
    expect(w.order(ids.ask4)).toMatchObject({ id: ids.ask4, kind: "ask", maker: carol, taker: buyer, asset: { cw20: w.token.address }, price: "300" });
    expect(w.escrow.query({ order_for_token: { collection: w.nft.address, token_id: "inv-4" } })).toMatchObject({ id: ids.ask4 });
    expect(w.escrow.query({ order_for_token: { collection: w.nft.address, token_id: "inv-2" } })).toBeNull();
    expect(() => w.order(99)).toThrow(/Order not found: 99/);
    expect(() => w.escrow.query({ offers: { order_id: 0 } })).toThrow(/Order not found: 0/);
  });
});

describe("query scan cap", () => {
  it("scans at most 300 index entries per call and says where to continue", () => {
    const facts = w.facts("inv-1");
    for (let i = 0; i < 301; i++) {
      const bidder = makeAddress(`bidder-${i}`);
      w.app.mint(bidder, [{ denom: USDC, amount: "1" }]);
      w.bid(bidder, "inv-1", 1n, { facts });
    }
    w.bid(carol, "inv-2", 1n);
    const first = w.escrow.query<{ orders: Array<{ id: number }>; next_start_after: number | null }>({ orders: { kind: "ask" } });
    expect(first).toEqual({ orders: [], next_start_after: 300 });
    const rest = w.escrow.query<{ orders: Array<{ maker: string }>; next_start_after: number | null }>({ orders: { status: "open", maker: carol, start_after: 300 } });
    expect(rest.orders.map((o) => o.maker)).toEqual([carol]);
    expect(rest.next_start_after).toBeNull();
  });
});
