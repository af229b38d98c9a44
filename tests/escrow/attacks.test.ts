// Issue 13, escrow half: each attack of the review, performed against the compiled wasm.
// On the code before the fix every one of them works (these tests demonstrate the loss).
import { beforeEach, describe, expect, it } from "vitest";
import { makeAddress } from "../../simulator/vm/api";
import { mintMsg } from "../nft/setup";
import { AssetKind, FEE_BPS, USDC, World, attr, buyer, carol, collector, dave, nftOwner, owner, seller, setup } from "./setup";

let w: World;
const START = 10_000_000n;
const fee = (amount: bigint) => (amount * BigInt(FEE_BPS)) / 10_000n;

beforeEach(() => {
  w = setup();
  w.mint("inv-1");
  for (const who of [buyer, carol, dave]) w.fund(who, START);
});

for (const kind of ["native", "cw20"] as AssetKind[]) {
  describe(`finding 1 (${kind}): accept_bid carries no price`, () => {
    it("the bidder lowers its bid to 1 before the seller's accept_bid executes: the seller sells for 1", () => {
      const bid = w.bid(buyer, "inv-1", 9_000_000n, { asset: kind });
      // The seller decides to sell at 9,000,000; the bidder front-runs with counter_offer{amount: 1}.
      w.escrow.execute(buyer, { counter_offer: { order_id: bid, amount: "1" } });
      w.sendNft(seller, "inv-1", { accept_bid: { order_id: bid } });
      expect(w.ownerOf("inv-1")).toBe(buyer);
      expect(w.balance(seller, kind)).toBe(1n);
      expect(w.balance(buyer, kind)).toBe(START - 1n);
    });

    it("the bidder withdraws its raised counter: the price drops back to a tiny list price", () => {
      const bid = w.bid(buyer, "inv-1", 1n, { asset: kind });
      w.pay(buyer, kind, 8_999_999n, { counter_offer: { order_id: bid, amount: "9000000" } });
      w.escrow.execute(buyer, { withdraw_offer: { order_id: bid, offer_id: 1 } });
      w.sendNft(seller, "inv-1", { accept_bid: { order_id: bid } });
      expect(w.ownerOf("inv-1")).toBe(buyer);
      expect(w.balance(seller, kind)).toBe(1n);
    });
  });
}

describe("finding 2: a bid prices a token id, not an asset", () => {
  it("a minter-seller burns inv-1, re-mints it with face value 1, and sells it into the standing bid of 9,000,000", () => {
    const bid = w.bid(buyer, "inv-1", 9_000_000n);
    w.nft.execute(seller, { burn: { token_id: "inv-1" } });
    w.nft.execute(seller, mintMsg("inv-1", seller, 999, { face_value: { denom: "uusdc", amount: "1" } }));
    w.sendNft(seller, "inv-1", { accept_bid: { order_id: bid } });
    expect(w.balance(seller, "native")).toBe(9_000_000n - fee(9_000_000n));
    expect(w.nft.query<{ extension: { face_value: { amount: string } } }>({ nft_info: { token_id: "inv-1" } }).extension.face_value.amount).toBe("1");
  });

  it("a bid may name a token id that does not exist yet", () => {
    const bid = w.bid(buyer, "inv-404", 1_000n);
    expect(w.order(bid).status).toBe("open");
  });
});

describe("finding 5: one party locks another's funds under compliance mode", () => {
  beforeEach(() => {
    w.nft.execute(nftOwner, { update_allowlist: { add: [seller, buyer, w.address], remove: [] } });
    w.nft.execute(nftOwner, { set_compliance: { enabled: true } });
  });

  it("an off-list holder's token escrowed as a counter to a bid: the bidder can no longer cancel or expire", () => {
    const bid = w.bid(buyer, "inv-1", 1_000n, { expires: { at_height: w.app.block.height + 2 } });
    w.sendNft(seller, "inv-1", { counter_offer: { order_id: bid, amount: "5000" } });
    w.nft.execute(nftOwner, { update_allowlist: { add: [], remove: [seller] } });
    expect(w.escrow.fails(buyer, { cancel: { order_id: bid } })).toMatch(/not on the compliance allowlist/);
    w.app.advanceBlocks(2);
    expect(w.escrow.fails(dave, { expire: { order_id: bid } })).toMatch(/not on the compliance allowlist/);
    w.mint("inv-2", buyer);
    const other = w.ask(buyer, "inv-2", 10n, { expires: { at_height: w.app.block.height + 1 } });
    w.app.advanceBlocks(1);
    // The whole batch fails: the keeper's other order cannot be expired with it.
    expect(w.escrow.fails(dave, { expire_batch: { order_ids: [other, bid] } })).toMatch(/not on the compliance allowlist/);
    expect(w.balance(w.address, "native")).toBe(1_000n);
  });
});

describe("finding 7: a parked, freely withdrawable high offer blocks negotiation", () => {
  it("lower honest offers are refused while the griefer's offer is live; it withdraws when the maker moves", () => {
    const ask = w.ask(seller, "inv-1", 1_000_000n);
    w.pay(dave, "native", 999_999n, { counter_offer: { order_id: ask, amount: "999999" } });
    expect(() => w.pay(buyer, "native", 900_000n, { counter_offer: { order_id: ask, amount: "900000" } })).toThrow(/Offer too low/);
    w.escrow.execute(dave, { withdraw_offer: { order_id: ask, offer_id: 1 } });
    expect(w.escrow.fails(seller, { accept_offer: { order_id: ask, offer_id: 1 } })).toMatch(/is withdrawn/);
    expect(w.order(ask).live_taker_offer).toBeNull();
  });
});

describe("also fix", () => {
  it("a bid maker's withdraw_offer needing a cw20 top-up is refused once the cw20 is delisted", () => {
    const bid = w.bid(buyer, "inv-1", 100n, { asset: "cw20" });
    w.escrow.execute(buyer, { counter_offer: { order_id: bid, amount: "50" } });
    w.escrow.execute(owner, { update_allowlist: { list: "cw20_tokens", add: [], remove: [w.token.address] } });
    expect(w.token.fails(buyer, { send: { contract: w.address, amount: "50", msg: Buffer.from(JSON.stringify({ withdraw_offer: { order_id: bid, offer_id: 1 } })).toString("base64") } })).toMatch(/is not allowlisted/);
  });

  it("the fee collector can be the escrow itself: fees are stuck", () => {
    w.escrow.execute(owner, { update_config: { fee_collector: w.address } });
    const ask = w.ask(seller, "inv-1", 1_000_000n);
    w.pay(buyer, "native", 1_000_000n, { accept_ask: { order_id: ask } });
    expect(w.balance(w.address, "native")).toBe(fee(1_000_000n));
  });

  it("renouncing ownership while paused freezes trading for ever", () => {
    w.escrow.execute(owner, { set_paused: { paused: true } });
    w.escrow.execute(owner, { update_ownership: "renounce_ownership" });
    expect(w.escrow.fails(owner, { set_paused: { paused: false } })).toMatch(/Contract ownership has been renounced/);
    expect(w.escrow.query({ config: {} })).toMatchObject({ owner: null, paused: true });
  });

  it("coins and NFTs sent outside an order can never be recovered", () => {
    w.app.send(buyer, { bank: { send: { to_address: w.address, amount: [{ denom: USDC, amount: "777" }] } } });
    w.nft.execute(seller, { transfer_nft: { recipient: w.address, token_id: "inv-1" } });
    expect(w.balance(w.address, "native")).toBe(777n);
    expect(w.ownerOf("inv-1")).toBe(w.address);
    expect(w.escrow.rejects(owner, { sweep: { asset: { native: USDC }, recipient: owner } })).toMatch(/unknown variant `sweep`/);
  });

  it("the collection allowlist accepts a wallet address", () => {
    const wallet = makeAddress("just-a-wallet");
    w.escrow.execute(owner, { update_allowlist: { list: "collections", add: [wallet], remove: [] } });
    expect(w.escrow.query<{ entries: string[] }>({ allowlist: { list: "collections" } }).entries).toContain(wallet);
  });

  it("the fee attribute has no asset", () => {
    const ask = w.ask(seller, "inv-1", 1_000_000n, { asset: "cw20" });
    const res = w.pay(buyer, "cw20", 1_000_000n, { accept_ask: { order_id: ask } });
    expect(attr(res, w.address, "fee")).toBe("25000");
    expect(w.balance(collector, "cw20")).toBe(25_000n);
  });

  it("adding an address already listed succeeds silently (the nft refuses it)", () => {
    w.escrow.execute(owner, { update_allowlist: { list: "native_denoms", add: [USDC], remove: [] } });
    expect(w.escrow.query({ allowlist: { list: "native_denoms" } })).toEqual({ entries: [USDC] });
  });

  it("an operator's send_nft: the proceeds go to the operator, not the token's owner", () => {
    w.nft.execute(seller, { approve_all: { operator: carol } });
    const bid = w.bid(buyer, "inv-1", 1_000n);
    w.sendNft(carol, "inv-1", { accept_bid: { order_id: bid } });
    expect(w.balance(carol, "native")).toBe(START + 1_000n - fee(1_000n));
    expect(w.balance(seller, "native")).toBe(0n);
  });
});
