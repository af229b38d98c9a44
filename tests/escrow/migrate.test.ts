// Upgrading a deployed escrow: the 0.1.0 wasm as released (tests/fixtures/releases) is stored and
// instantiated, orders and offers are made with it in both payment assets, and the contract is
// migrated to the code under test. Open orders must then be cancellable and settleable under the
// 0.2.0 rules, closed ones readable, and the holdings exactly what the contract owes.
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { TxResult } from "@persistence-ts/simulator/app/app";
import { ROOT } from "@persistence-ts/cli/project";
import { Deployed, contractWasm } from "@persistence-ts/testing/contracts";
import { FEE_BPS, Offer, Order, USDC, World, attr, b64, buyer, carol, collector, dave, owner, seller, setup } from "./setup";
import * as ContractError from "../../contracts/escrow/src/error";

const START = 1_000_000n;
const usdc = (n: bigint) => [{ denom: USDC, amount: n.toString() }];

let w: World;
/** The escrow as 0.1.0: a World whose `escrow` is the released wasm, driven with 0.1.0's message shapes. */
let old: string;
const ids: Record<string, number> = {};

function exec(sender: string, msg: unknown, funds = [] as Array<{ denom: string; amount: string }>): TxResult {
  return w.app.execute(sender, old, msg, funds);
}
const orderId = (res: TxResult) => Number(attr(res, old, "order_id"));
const sendNft = (sender: string, tokenId: string, hook: unknown) => w.nft.execute(sender, { send_nft: { contract: old, token_id: tokenId, msg: b64(hook) } });
const sendCw20 = (sender: string, amount: bigint, hook: unknown) => w.token.execute(sender, { send: { contract: old, amount: amount.toString(), msg: b64(hook) } });
const ask = (tokenId: string, amount: bigint, asset: Record<string, string>) => orderId(sendNft(seller, tokenId, { create_ask: { price: { asset, amount: amount.toString() } } }));

beforeEach(() => {
  w = setup();
  for (const t of ["inv-1", "inv-2", "inv-3", "inv-4", "inv-5"]) w.mint(t);
  for (const who of [buyer, carol, dave]) w.fund(who, START);
  const wasm = fs.readFileSync(path.join(ROOT, "tests", "fixtures", "releases", "escrow-0.1.0.wasm"));
  const code = w.app.storeCode(owner, wasm).codeId;
  old = w.app.instantiate(owner, code, { fee_bps: FEE_BPS, fee_collector: collector, collections: [w.nft.address], native_denoms: [USDC], cw20_tokens: [w.token.address] }, "escrow-0.1.0", [], owner).contractAddress;

  // Open: an ask with a buyer's offer and the seller's counter (native), an ask in cw20, a bid the
  // token's owner countered with its NFT (native), a cw20 bid, and a bid on a token that does not exist.
  ids.askNative = ask("inv-1", 1_000n, { native: USDC });
  exec(buyer, { counter_offer: { order_id: ids.askNative, amount: "800" } }, usdc(800n));
  exec(seller, { counter_offer: { order_id: ids.askNative, amount: "900" } });
  ids.askCw20 = ask("inv-2", 2_000n, { cw20: w.token.address });
  ids.bidNft = orderId(exec(buyer, { create_bid: { collection: w.nft.address, token_id: "inv-3" } }, usdc(500n)));
  sendNft(seller, "inv-3", { counter_offer: { order_id: ids.bidNft, amount: "600" } });
  ids.bidCw20 = orderId(sendCw20(carol, 700n, { create_bid: { collection: w.nft.address, token_id: "inv-4" } }));
  ids.ghostBid = orderId(exec(dave, { create_bid: { collection: w.nft.address, token_id: "ghost-1" } }, usdc(300n)));
  // Closed: a settled ask and a cancelled bid.
  ids.settled = ask("inv-5", 100n, { native: USDC });
  exec(carol, { accept_ask: { order_id: ids.settled } }, usdc(100n));
  ids.cancelled = orderId(exec(dave, { create_bid: { collection: w.nft.address, token_id: "inv-1" } }, usdc(50n)));
  exec(dave, { cancel: { order_id: ids.cancelled } });
  // Coins sent to it outside any order.
  w.app.send(dave, { bank: { send: { to_address: old, amount: usdc(11n) } } });
});

/** Migrates the 0.1.0 instance to the code under test; `w.escrow` then addresses it with 0.2.0's schema. */
function migrate(): TxResult {
  const code = w.app.storeCode(owner, contractWasm("escrow")).codeId;
  const res = w.app.migrate(owner, old, code, {});
  w = new World(w.app, w.nft, w.token, new Deployed(w.app, old, w.escrow.schema));
  return res;
}

describe("migrate from the released 0.1.0", () => {
  it("records the version, rewrites the open orders and cancels the bid on a token that does not exist", () => {
    const res = migrate();
    // The book fits in migrate's first page: the migration is done in the one call.
    expect([attr(res, old, "from_version"), attr(res, old, "to_version"), attr(res, old, "migrated"), attr(res, old, "cancelled"), attr(res, old, "migration")]).toEqual([
      "0.1.0",
      "0.2.0",
      "5",
      String(ids.ghostBid),
      "done",
    ]);
    expect(w.escrow.fails(dave, { continue_migration: { limit: null } })).toContain(ContractError.noMigration());
    expect(w.escrow.query({ config: {} })).toMatchObject({ offer_lock_seconds: 3_600 });
    expect(JSON.parse(Buffer.from(w.app.queryRaw(old, Buffer.from("contract_info"))!).toString())).toEqual({ contract: "crates.io:persistence-rwa-escrow", version: "0.2.0" });
    expect(w.order(ids.ghostBid)).toMatchObject({ status: "cancelled", maker_escrow: "0" });
    expect(w.balance(dave, "native")).toBe(START - 11n);
  });

  it("pins each open order's asset and the fee, and keeps its live offers", () => {
    migrate();
    const facts = w.facts("inv-1");
    expect(w.order(ids.askNative)).toMatchObject({
      status: "open",
      pinned: { ...facts, asset_status: "active", fee_bps: FEE_BPS },
      price: "900",
      list_price: "1000",
      taker_escrow: "800",
      live_taker_offers: 1,
      live_maker_offer: 2,
      nft_depositor: seller,
    });
    const live = w.escrow.query<{ offers: Offer[] }>({ offers: { order_id: ids.askNative, live_only: true } }).offers;
    expect(live.map((o) => [o.id, o.proposer, o.amount])).toEqual([
      [1, buyer, "800"],
      [2, seller, "900"],
    ]);
    // A 0.1.0 bid named a token id and saw no terms: it is not pinned to today's (exit-only).
    expect(w.order(ids.bidNft)).toMatchObject({ maker_escrow: "500", nft_depositor: seller, live_taker_offers: 1, pinned: null });
  });

  it("reads the orders closed before it as they were", () => {
    migrate();
    const settled: Order = w.order(ids.settled);
    expect(settled).toMatchObject({ status: "settled", pinned: null, live_taker_offers: 0, settlement: { buyer: carol, seller, amount: "100", fee: "2" } });
    expect(w.order(ids.cancelled)).toMatchObject({ status: "cancelled", pinned: null, maker: dave });
    const page = w.escrow.query<{ orders: Order[] }>({ orders: { limit: 100 } }).orders;
    expect(page.map((o) => o.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("knows what it owes per asset: the owner sweeps only the coins sent outside an order", () => {
    migrate();
    // native: the buyer's 800 offer + the 500 bid (+ the 11 strays); cw20: the 700 bid.
    expect(w.owed("native")).toBe(1_300n);
    expect(w.owed("cw20")).toBe(700n);
    expect(w.balance(old, "native")).toBe(1_311n);
    expect(w.balance(old, "cw20")).toBe(700n);
    const res = w.escrow.execute(owner, { sweep: { asset: { native: USDC }, recipient: owner } });
    expect(attr(res, old, "amount")).toBe(`11${USDC}`);
    expect(() => w.escrow.execute(owner, { sweep_nft: { collection: w.nft.address, token_id: "inv-1", recipient: owner } })).toThrow(/an order or a claim holds it/);
  });

  it("open orders settle under the new rules (terms named) and cancel; 0.1.0 shapes are refused", () => {
    migrate();
    expect(() => w.app.execute(buyer, old, { accept_ask: { order_id: ids.askCw20 } }, [])).toThrow(/missing field `price`/);
    // The buyer's 0.1.0 offer on the native ask was made before the ask pinned its terms: the
    // seller cannot accept it (second review, F1); the buyer takes its 800 back at once (no lock)
    // and takes the ask at the terms it reads, the fee pinned at migration.
    expect(() => w.escrow.execute(seller, { accept_offer: { order_id: ids.askNative, offer_id: 1 } })).toThrow(/made under 0.1.0, before the order pinned its terms/);
    const cash = w.balance(buyer, "native");
    w.escrow.execute(buyer, { withdraw_offer: { order_id: ids.askNative, offer_id: 1 } });
    expect(w.balance(buyer, "native")).toBe(cash + 800n);
    const price = BigInt(w.order(ids.askNative).price);
    w.acceptAsk(buyer, ids.askNative);
    expect(w.ownerOf("inv-1")).toBe(buyer);
    expect(w.balance(seller, "native")).toBe(price - (price * BigInt(FEE_BPS)) / 10_000n + 98n);
    // The cw20 ask, taken at the terms the buyer reads.
    w.acceptAsk(buyer, ids.askCw20);
    expect(w.ownerOf("inv-2")).toBe(buyer);
    expect(w.balance(seller, "cw20")).toBe(2_000n - 50n);
    // The bid countered with the NFT is exit-only (a 0.1.0 bid pinned no terms): accepting the
    // owner's counter is refused; the bidder cancels, its 500 and the seller's NFT go back.
    expect(() => w.escrow.execute(buyer, { accept_offer: { order_id: ids.bidNft, offer_id: 1 } }, usdc(100n))).toThrow(/Order \d+ pinned no terms: it was made under 0.1.0 \(a bid/);
    w.escrow.execute(buyer, { cancel: { order_id: ids.bidNft } });
    expect(w.ownerOf("inv-3")).toBe(seller);
    // The cw20 bid: its maker cancels.
    w.escrow.execute(carol, { cancel: { order_id: ids.bidCw20 } });
    expect(w.balance(carol, "cw20")).toBe(START);
    expect(w.owed("native")).toBe(0n);
    expect(w.owed("cw20")).toBe(0n);
    expect(w.balance(old, "native")).toBe(11n);
    expect(w.balance(old, "cw20")).toBe(0n);
  });

  it("an open ask cancels back to its seller, refunding the buyer's offer", () => {
    migrate();
    w.escrow.execute(seller, { cancel: { order_id: ids.askNative } });
    expect(w.ownerOf("inv-1")).toBe(seller);
    expect(w.balance(buyer, "native")).toBe(START - 500n);
    expect(w.offers(ids.askNative).map((o) => o.status)).toEqual(["closed", "closed"]);
  });
});
