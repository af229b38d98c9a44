// Issue 13, escrow half: each attack of the review, performed against the compiled wasm. Before
// the fix every one of them worked (this file's first version demonstrated the loss); now each
// fails with a clear error and leaves everything the chain stores unchanged, or — where the
// rule is "no party can make another party's exit fail" — the exit succeeds and what cannot be
// delivered becomes a claim.
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { TxResult } from "@persistence-ts/simulator/app/app";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { ROOT } from "@persistence-ts/cli/project";
import { deploy } from "@persistence-ts/testing/contracts";
import { buildFixture } from "@persistence-ts/testing/fixtures";
import { AssetFacts, AssetKind, FEE_BPS, USDC, World, attr, b64, buyer, carol, collector, dave, nftOwner, owner, seller, setup } from "./setup";

let w: World;
const START = 10_000_000n;
const fee = (amount: bigint) => (amount * BigInt(FEE_BPS)) / 10_000n;
const counter = (id: number, amount: bigint) => ({ counter_offer: { order_id: id, amount: amount.toString() } });
const withdraw = (id: number, offer: number) => ({ withdraw_offer: { order_id: id, offer_id: offer } });

/** Runs `attack`, which must fail with `error`, and checks that the chain's whole state is unchanged. */
function refused(attack: () => unknown, error: RegExp): void {
  const before = w.snapshot();
  expect(attack).toThrow(error);
  expect(w.snapshot()).toBe(before);
}

/** The escrow's wasm event attributes `key` from every event of `res` (the reply's included). */
function attrs(res: TxResult, key: string): string[] {
  return res.events
    .filter((e) => e.type === "wasm" && e.attributes.some((a) => a.key === "_contract_address" && a.value === w.address))
    .flatMap((e) => e.attributes.filter((a) => a.key === key).map((a) => a.value));
}

beforeEach(() => {
  w = setup();
  w.mint("inv-1");
  for (const who of [buyer, carol, dave]) w.fund(who, START);
});

for (const kind of ["native", "cw20"] as AssetKind[]) {
  describe(`finding 1 (${kind}): every accepting message pins the terms it accepts`, () => {
    it("the bidder lowers its bid to 1 before the seller's signed accept_bid executes: it fails and nothing moves", () => {
      const bid = w.bid(buyer, "inv-1", 9_000_000n, { asset: kind });
      const signed = w.terms(bid);
      w.escrow.execute(buyer, counter(bid, 1n));
      refused(() => w.sendNft(seller, "inv-1", { accept_bid: signed }), /Terms mismatch: order 1's price is 1(ibc\/| cw20:).*, not 9000000/);
      expect(w.ownerOf("inv-1")).toBe(seller);
      expect(w.balance(seller, kind)).toBe(0n);
    });

    it("the bidder withdraws its raised counter (the price drops back to a list price of 1): the signed accept_bid fails", () => {
      const bid = w.bid(buyer, "inv-1", 1n, { asset: kind });
      w.pay(buyer, kind, 8_999_999n, counter(bid, 9_000_000n));
      const signed = w.terms(bid);
      w.escrow.execute(buyer, withdraw(bid, 1));
      expect(w.order(bid).price).toBe("1");
      refused(() => w.sendNft(seller, "inv-1", { accept_bid: signed }), /Terms mismatch: order 1's price is 1(ibc\/| cw20:).*, not 9000000/);
    });

    it("a depositor's plain accept_bid (its NFT already escrowed) is pinned the same way", () => {
      const bid = w.bid(buyer, "inv-1", 9_000_000n, { asset: kind });
      w.sendNft(seller, "inv-1", counter(bid, 9_500_000n));
      const signed = w.terms(bid);
      w.escrow.execute(buyer, counter(bid, 1n));
      refused(() => w.escrow.execute(seller, { accept_bid: signed }), /Terms mismatch: order 1's price is 1/);
      expect(w.ownerOf("inv-1")).toBe(w.address);
    });

    it("the seller raises its ask before the buyer's accept_ask executes: the buyer's signed terms fail", () => {
      const ask = w.ask(seller, "inv-1", 1_000n, { asset: kind });
      const signed = w.terms(ask);
      w.escrow.execute(seller, counter(ask, 5_000n));
      refused(() => w.pay(buyer, kind, 1_000n, { accept_ask: signed }), /Terms mismatch: order 1's price is 5000/);
      w.pay(buyer, kind, 5_000n, { accept_ask: w.terms(ask) });
      expect(w.ownerOf("inv-1")).toBe(buyer);
    });
  });
}

/** Our nft as deployed at 0.1.0 (tests/fixtures/releases): no revision, and a burned token id can be minted again. */
function legacyCollection(): string {
  const wasm = fs.readFileSync(path.join(ROOT, "tests", "fixtures", "releases", "nft-0.1.0.wasm"));
  const code = w.app.storeCode(nftOwner, wasm).codeId;
  const address = w.app.instantiate(nftOwner, code, { name: "Legacy RWA", symbol: "LRWA", minters: [seller] }, "legacy-nft").contractAddress;
  w.escrow.execute(owner, { update_allowlist: { list: "collections", add: [address], remove: [] } });
  return address;
}

/** A 0.1.0 mint message (its shape, written out: the fixture's code never changes). */
function legacyMint(tokenId: string, documentHash: string, face: string) {
  return {
    mint: {
      token_id: tokenId,
      owner: seller,
      token_uri: null,
      extension: {
        asset_class: "invoice",
        document_hash: documentHash,
        face_value: { denom: "uusdc", amount: face },
        issuer: seller,
        obligor: null,
        issue_date: "1700000000000000000",
        maturity: "1707776000000000000",
        jurisdiction: "DE",
        attributes: null,
      },
    },
  };
}

describe("finding 2: a bid prices an asset, not a token id", () => {
  it("a collection that re-mints burned ids and answers no revision (our nft 0.1.0) is not traded: bids and asks on it are refused", () => {
    const legacy = legacyCollection();
    w.app.execute(seller, legacy, legacyMint("inv-1", "a1".repeat(32), "9000000"));
    const info = w.app.query<{ extension: AssetFacts }>(legacy, { nft_info: { token_id: "inv-1" } }).extension;
    const named = { document_hash: info.document_hash, face_value: info.face_value, revision: 0 };
    refused(
      () => w.escrow.execute(buyer, { create_bid: { collection: legacy, token_id: "inv-1", ...named } }, [{ denom: USDC, amount: "9000000" }]),
      /Token inv-1 of .* has no revision in nft_info: the escrow trades only collections that bump a revision on every change of a token's terms/,
    );
    refused(
      () => w.app.execute(seller, legacy, { send_nft: { contract: w.address, token_id: "inv-1", msg: b64({ create_ask: { price: { asset: { native: USDC }, amount: "5" } } }) } }),
      /has no revision in nft_info/,
    );
    expect(w.balance(buyer, "native")).toBe(START);
  });

  it("the bid names the asset: another document hash or face value than the collection says is refused", () => {
    const seen = w.facts("inv-1");
    refused(() => w.bid(buyer, "inv-1", 1_000n, { facts: { ...seen, document_hash: "f0".repeat(32) } }), new RegExp(`Asset mismatch: Token inv-1 of .* has document_hash ${seen.document_hash}, not (f0)+`));
    refused(() => w.bid(buyer, "inv-1", 1_000n, { facts: { ...seen, face_value: { denom: seen.face_value.denom, amount: "1" } } }), /Asset mismatch: Token inv-1 of .* has face_value \d+\w+, not 1\w+/);
  });

  it("the token's status moved after the bid (active → defaulted): the sale fails until the bidder bids again", () => {
    const bid = w.bid(buyer, "inv-1", 9_000_000n);
    w.nft.execute(seller, { update_status: { token_id: "inv-1", status: "defaulted" } });
    refused(() => w.acceptBid(seller, bid), /Asset changed: token inv-1 of .* is defaulted, order 1 was made while it was active/);
  });

  it("a seller-minter rewrites its token's terms (obligor, jurisdiction) after a standing bid: the sale is refused", () => {
    const bid = w.bid(buyer, "inv-1", 9_000_000n);
    expect(w.order(bid).pinned!.revision).toBe(0);
    w.nft.execute(seller, { update_nft_info: { token_id: "inv-1", extension: { obligor: dave, jurisdiction: "KY" } } });
    // Naming the token as it is now: not what the bid pinned.
    refused(() => w.sendNft(seller, "inv-1", { accept_bid: { ...(w.terms(bid) as object), ...w.facts("inv-1") } }), /Terms mismatch: order 1's asset is at revision 0, not 1/);
    // Naming what the bid pinned: the collection now says the terms changed.
    refused(() => w.acceptBid(seller, bid), /Asset changed: the terms of token inv-1 of .* changed since order 1 was made \(revision 0, now 1\)/);
  });

  it("an edit between the bidder's decision and its create_bid: the bid names the revision it saw, so it is refused", () => {
    const seen = w.facts("inv-1");
    w.nft.execute(seller, { update_nft_info: { token_id: "inv-1", extension: { jurisdiction: "KY" } } });
    refused(() => w.bid(buyer, "inv-1", 1_000n, { facts: seen }), /Asset mismatch: Token inv-1 of .* is at revision 1, not 0: its terms changed since/);
  });

  it("a bid on a token id that does not exist (yet) is refused", () => {
    refused(
      () => w.escrow.execute(buyer, { create_bid: { collection: w.nft.address, token_id: "inv-404", ...w.facts("inv-1") } }, [{ denom: USDC, amount: "1000" }]),
      /Token inv-404 of .* cannot be read: .*Token not found: inv-404/,
    );
  });
});

describe("finding 5: no party can make another party's exit fail (compliance mode)", () => {
  beforeEach(() => {
    w.nft.execute(nftOwner, { update_allowlist: { add: [seller, buyer, w.address], remove: [] } });
    w.nft.execute(nftOwner, { set_compliance: { enabled: true } });
  });
  const delist = (who: string) => w.nft.execute(nftOwner, { update_allowlist: { add: [], remove: [who] } });

  it("an off-list holder cannot escrow its token: the deposit is refused (the collection can tell)", () => {
    const bid = w.bid(buyer, "inv-1", 1_000n);
    delist(seller);
    refused(() => w.sendNft(seller, "inv-1", counter(bid, 5_000n)), /.* may not hold tokens of .*: it is not on the collection's compliance allowlist/);
    refused(() => w.nft.execute(seller, { send_nft: { contract: w.address, token_id: "inv-1", msg: b64({ create_ask: { price: { asset: { native: USDC }, amount: "5" } } }) } }), /may not hold tokens/);
  });

  it("a holder delisted after escrowing its token as a counter: the bidder still cancels; the NFT becomes the holder's claim", () => {
    const bid = w.bid(buyer, "inv-1", 1_000n);
    w.sendNft(seller, "inv-1", counter(bid, 5_000n));
    delist(seller);
    const res = w.escrow.execute(buyer, { cancel: { order_id: bid } });
    expect(attrs(res, "action")).toEqual(["cancel", "claim"]);
    expect(attrs(res, "holding")).toEqual([`inv-1 of ${w.nft.address}`]);
    expect(w.balance(buyer, "native")).toBe(START);
    expect(w.order(bid).status).toBe("cancelled");
    expect(w.claims(seller)).toEqual([{ id: 1, owner: seller, holding: { nft: { collection: w.nft.address, token_id: "inv-1" } }, order_id: bid, height: w.app.block.height }]);
    expect(w.ownerOf("inv-1")).toBe(w.address);
    refused(() => w.escrow.execute(owner, { sweep_nft: { collection: w.nft.address, token_id: "inv-1", recipient: owner } }), /an order or a claim holds it/);
    // Still off the list: the claim cannot reach the seller and stays.
    refused(() => w.escrow.execute(seller, { withdraw_claim: { claim_id: 1 } }), /not on the compliance allowlist/);
    refused(() => w.escrow.execute(buyer, { withdraw_claim: { claim_id: 1 } }), /Unauthorized: claim 1 belongs to /);
    refused(() => w.escrow.execute(seller, { withdraw_claim: { claim_id: 1, recipient: w.address } }), /Invalid recipient: the escrow itself/);
    w.nft.execute(nftOwner, { update_allowlist: { add: [seller], remove: [] } });
    const out = w.escrow.execute(seller, { withdraw_claim: { claim_id: 1 } });
    expect(attr(out, w.address, "action")).toBe("withdraw_claim");
    expect(w.ownerOf("inv-1")).toBe(seller);
    expect(w.claims(seller)).toEqual([]);
  });

  it("the claim's owner may name another recipient the collection allows", () => {
    const bid = w.bid(buyer, "inv-1", 1_000n);
    w.sendNft(seller, "inv-1", counter(bid, 5_000n));
    delist(seller);
    w.escrow.execute(buyer, { cancel: { order_id: bid } });
    const vault = makeAddress("seller-vault");
    w.nft.execute(nftOwner, { update_allowlist: { add: [vault], remove: [] } });
    w.escrow.execute(seller, { withdraw_claim: { claim_id: 1, recipient: vault } });
    expect(w.ownerOf("inv-1")).toBe(vault);
  });

  it("expire and expire_batch close what they can: the keeper's batch goes through, the refund becomes a claim", () => {
    const h = w.app.block.height;
    const bid = w.bid(buyer, "inv-1", 1_000n, { expires: { at_height: h + 2 } });
    w.sendNft(seller, "inv-1", counter(bid, 5_000n));
    w.mint("inv-2", buyer);
    const other = w.ask(buyer, "inv-2", 10n, { expires: { at_height: h + 2 } });
    delist(seller);
    w.app.advanceBlocks(2);
    const res = w.escrow.execute(dave, { expire_batch: { order_ids: [other, bid] } });
    expect(attr(res, w.address, "expired")).toBe(`${other},${bid}`);
    expect(w.ownerOf("inv-2")).toBe(buyer);
    expect(w.balance(buyer, "native")).toBe(START);
    expect(w.claims(seller).map((c) => c.holding)).toEqual([{ nft: { collection: w.nft.address, token_id: "inv-1" } }]);
    expect(w.balance(w.address, "native")).toBe(0n);
  });

  it("a buyer delisted after its offer cannot win: the seller's acceptance is refused, and the seller still cancels (the offer is refunded)", () => {
    const ask = w.ask(seller, "inv-1", 10_000n);
    w.pay(buyer, "native", 9_000n, counter(ask, 9_000n));
    delist(buyer);
    refused(() => w.escrow.execute(seller, { accept_offer: { order_id: ask, offer_id: 1 } }), new RegExp(`${buyer} may not hold tokens of .*: it is not on the collection's compliance allowlist`));
    w.escrow.execute(seller, { cancel: { order_id: ask } });
    expect([w.ownerOf("inv-1"), w.balance(buyer, "native"), w.balance(seller, "native")]).toEqual([seller, START, 0n]);
    expect([w.claims(buyer), w.owed("native")]).toEqual([[], 0n]);
  });

  it("a bidder off the list may bid (its funds can always go back) but cannot win: accept_bid is refused, the bidder cancels", () => {
    const bid = w.bid(carol, "inv-1", 2_000n);
    refused(() => w.acceptBid(seller, bid), new RegExp(`${carol} may not hold tokens of .*: it is not on the collection's compliance allowlist`));
    w.escrow.execute(carol, { cancel: { order_id: bid } });
    expect([w.ownerOf("inv-1"), w.balance(carol, "native"), w.balance(seller, "native")]).toEqual([seller, START, 0n]);
  });

  it("a cw20 that will not pay a recipient: the refund and the fee become claims; the holdings are escrow + claims", () => {
    // The rogue token refuses transfers to its block list: any recipient a token will not pay.
    const rogue = w.app.instantiate(owner, w.app.storeCode(owner, buildFixture("rogue")).codeId, {}, "rogue").contractAddress;
    w.escrow.execute(owner, { update_allowlist: { list: "cw20_tokens", add: [rogue], remove: [] } });
    const asset = { cw20: rogue };
    const viaRogue = (sender: string, amount: bigint, hook: unknown) =>
      w.app.execute(dave, rogue, { relay: { contract: w.address, msg: b64({ receive: { sender, amount: amount.toString(), msg: b64(hook) } }) } });
    const owedRogue = () => BigInt(w.escrow.query<{ amount: string }>({ holdings: { asset } }).amount);
    const block = (address: string, blocked: boolean) => w.app.execute(dave, rogue, { block: { address, blocked } });

    const bid = Number(attr(viaRogue(buyer, 700n, w.bidMsg("inv-1")), w.address, "order_id"));
    block(buyer, true);
    const res = w.escrow.execute(buyer, { cancel: { order_id: bid } });
    expect(attrs(res, "action")).toEqual(["cancel", "claim"]);
    expect(w.claims(buyer).map((c) => c.holding)).toEqual([{ funds: { asset, amount: "700" } }]);
    expect(owedRogue()).toBe(700n);
    refused(() => w.escrow.execute(buyer, { withdraw_claim: { claim_id: 1 } }), /Recipient is blocked/);
    block(buyer, false);
    w.escrow.execute(buyer, { withdraw_claim: { claim_id: 1 } });
    expect(owedRogue()).toBe(0n);

    block(collector, true);
    const ask = Number(attr(w.sendNft(seller, "inv-1", { create_ask: { price: { asset, amount: "10000" } } }), w.address, "order_id"));
    const sold = viaRogue(buyer, 10_000n, { accept_ask: w.terms(ask) });
    expect(attrs(sold, "action")).toEqual(["accept_ask", "claim"]);
    expect(w.ownerOf("inv-1")).toBe(buyer);
    expect(w.claims(collector).map((c) => c.holding)).toEqual([{ funds: { asset, amount: fee(10_000n).toString() } }]);
    expect(owedRogue()).toBe(fee(10_000n));
  });

  it("a collection that does not answer is_allowed is tolerated", () => {
    const rogue = w.app.instantiate(owner, w.app.storeCode(owner, buildFixture("rogue")).codeId, {}, "rogue").contractAddress;
    w.escrow.execute(owner, { update_allowlist: { list: "collections", add: [rogue], remove: [] } });
    const hook = b64({ receive_nft: { sender: carol, token_id: "r-1", msg: b64({ create_ask: { price: { asset: { native: USDC }, amount: "5" } } }) } });
    const res = w.app.execute(dave, rogue, { relay: { contract: w.address, msg: hook } });
    expect(attr(res, w.address, "action")).toBe("create_ask");
  });
});

describe("a token quarantined in a dispute (nft 0.2.0): not traded, and its holder still exits", () => {
  it("takes, bids and offers on it fail; its seller cancels and gets a claim, withdrawn once the dispute ends", () => {
    const ask = w.ask(seller, "inv-1", 10_000n);
    w.pay(buyer, "native", 9_000n, counter(ask, 9_000n));
    const signed = w.terms(ask);
    w.nft.execute(nftOwner, { quarantine: { token_id: "inv-1", reason: "document squatting reported" } });
    refused(() => w.pay(buyer, "native", 10_000n, { accept_ask: signed }), /Asset changed: token inv-1 of .* is quarantined, order 1 was made while it was active/);
    refused(() => w.escrow.execute(seller, { accept_offer: { order_id: ask, offer_id: 1 } }), /is quarantined, order 1 was made while it was active/);
    refused(() => w.escrow.execute(carol, w.bidMsg("inv-1"), [{ denom: USDC, amount: "5" }]), /Token inv-1 of .* is quarantined: it cannot be traded/);
    const res = w.escrow.execute(seller, { cancel: { order_id: ask } });
    expect(attrs(res, "action")).toEqual(["cancel", "claim"]);
    expect(w.balance(buyer, "native")).toBe(START);
    refused(() => w.escrow.execute(seller, { withdraw_claim: { claim_id: 1 } }), /quarantined/);
    w.nft.execute(nftOwner, { lift_quarantine: { token_id: "inv-1" } });
    w.escrow.execute(seller, { withdraw_claim: { claim_id: 1 } });
    expect(w.ownerOf("inv-1")).toBe(seller);
  });
});

describe("a token voided in a dispute (nft 0.2.0): its claim can be closed", () => {
  it("the seller's claim on a voided token is closed by withdraw_claim (close_claim), and the escrow owes nothing more", () => {
    const ask = w.ask(seller, "inv-1", 10_000n);
    w.pay(buyer, "native", 9_000n, counter(ask, 9_000n));
    w.nft.execute(nftOwner, { quarantine: { token_id: "inv-1", reason: "document squatting reported" } });
    w.escrow.execute(seller, { cancel: { order_id: ask } });
    expect(w.claims(seller).map((c) => c.holding)).toEqual([{ nft: { collection: w.nft.address, token_id: "inv-1" } }]);
    w.nft.execute(nftOwner, { void_token: { token_id: "inv-1", reason: "squatted document", release_to: carol } });
    refused(() => w.escrow.execute(buyer, { withdraw_claim: { claim_id: 1 } }), /Unauthorized: claim 1 belongs to /);
    const res = w.escrow.execute(seller, { withdraw_claim: { claim_id: 1 } });
    expect([attrs(res, "action"), attrs(res, "holding"), attrs(res, "reason")]).toEqual([["close_claim"], [`inv-1 of ${w.nft.address}`], ["the collection does not know the token"]]);
    expect(res.events.some((e) => e.attributes.some((a) => a.key === "_contract_address" && a.value === w.nft.address))).toBe(false); // no transfer tried
    expect([w.claims(seller), w.balance(buyer, "native"), w.owed("native")]).toEqual([[], START, 0n]);
    refused(() => w.escrow.execute(seller, { withdraw_claim: { claim_id: 1 } }), /Claim not found: 1/);
    refused(() => w.escrow.execute(owner, { sweep_nft: { collection: w.nft.address, token_id: "inv-1", recipient: owner } }), /the escrow does not hold it/);
  });
});

describe("finding 7: a parked high offer no longer blocks negotiation", () => {
  it("lower honest offers stay live beside the griefer's; its offer is locked, so the seller accepts it", () => {
    const ask = w.ask(seller, "inv-1", 1_000_000n);
    w.pay(dave, "native", 999_999n, counter(ask, 999_999n));
    w.pay(buyer, "native", 900_000n, counter(ask, 900_000n));
    w.pay(carol, "native", 850_000n, counter(ask, 850_000n));
    refused(() => w.escrow.execute(dave, withdraw(ask, 1)), /Offer 1 of order 1 is locked for 3600 more seconds \(until block time \d+\): the maker can accept it until then; withdraw it afterwards/);
    w.escrow.execute(seller, { accept_offer: { order_id: ask, offer_id: 1 } });
    expect(w.ownerOf("inv-1")).toBe(dave);
    expect([w.balance(dave, "native"), w.balance(buyer, "native"), w.balance(carol, "native")]).toEqual([START - 999_999n, START, START]);
    expect(w.balance(seller, "native")).toBe(999_999n - fee(999_999n));
  });

  it("once the lock has passed its proposer withdraws, and the seller accepts an honest offer", () => {
    const ask = w.ask(seller, "inv-1", 1_000_000n);
    w.pay(dave, "native", 999_999n, counter(ask, 999_999n));
    w.pay(buyer, "native", 900_000n, counter(ask, 900_000n));
    w.app.advanceBlocks(1, 3_600);
    w.escrow.execute(dave, withdraw(ask, 1));
    refused(() => w.escrow.execute(seller, { accept_offer: { order_id: ask, offer_id: 1 } }), /Offer 1 of order 1 is withdrawn/);
    w.escrow.execute(seller, { accept_offer: { order_id: ask, offer_id: 2 } });
    expect(w.ownerOf("inv-1")).toBe(buyer);
    expect(w.balance(dave, "native")).toBe(START);
  });
});

describe("also fixed", () => {
  it("delisting never blocks leaving: a bid maker in a delisted cw20 withdraws its raise or cancels; withdraw_offer never takes funds", () => {
    const listing = (add: string[], remove: string[]) => w.escrow.execute(owner, { update_allowlist: { list: "cw20_tokens", add, remove } });
    const bid = w.bid(buyer, "inv-1", 100n, { asset: "cw20" });
    w.pay(buyer, "cw20", 50n, counter(bid, 150n));
    listing([], [w.token.address]);
    w.escrow.execute(buyer, withdraw(bid, 1));
    expect(w.balance(buyer, "cw20")).toBe(START - 100n);
    listing([w.token.address], []);
    w.escrow.execute(buyer, counter(bid, 40n));
    listing([], [w.token.address]);
    // Withdrawing this counter would raise the bid back to 100: it would need funds, so it is refused (0.1.0 took a top-up here, which delisting blocked).
    refused(() => w.escrow.execute(buyer, withdraw(bid, 2)), /Withdrawing would raise bid 1 from 40 cw20:.* to its list price 100 cw20:.*: withdraw_offer never takes funds; raise the bid with counter_offer, or cancel it/);
    w.escrow.execute(buyer, { cancel: { order_id: bid } });
    expect(w.balance(buyer, "cw20")).toBe(START);
  });

  it("the fee collector can never be the escrow itself", () => {
    refused(() => w.escrow.execute(owner, { update_config: { fee_collector: w.address } }), /Invalid fee_collector: the escrow itself cannot collect fees/);
  });

  it("the owner cannot renounce while paused (nobody could unpause); unpaused it can, and trading goes on", () => {
    w.escrow.execute(owner, { set_paused: { paused: true } });
    refused(() => w.escrow.execute(owner, { update_ownership: "renounce_ownership" }), /Cannot renounce ownership while trading is paused/);
    w.escrow.execute(owner, { set_paused: { paused: false } });
    w.escrow.execute(owner, { update_ownership: "renounce_ownership" });
    const ask = w.ask(seller, "inv-1", 10n);
    w.acceptAsk(buyer, ask);
    expect(w.ownerOf("inv-1")).toBe(buyer);
  });

  it("coins and NFTs sent outside an order are swept by the owner (what exceeds holdings + claims), evented", () => {
    const bid = w.bid(buyer, "inv-1", 1_000n);
    w.mint("stray");
    w.app.send(dave, { bank: { send: { to_address: w.address, amount: [{ denom: USDC, amount: "777" }] } } });
    w.token.execute(dave, { transfer: { recipient: w.address, amount: "55" } });
    w.nft.execute(seller, { transfer_nft: { recipient: w.address, token_id: "stray" } });
    expect(w.balance(w.address, "native")).toBe(1_777n);
    expect(w.owed("native")).toBe(1_000n);
    refused(() => w.escrow.execute(dave, { sweep: { asset: { native: USDC }, recipient: dave } }), /Caller is not the contract's current owner/);
    const res = w.escrow.execute(owner, { sweep: { asset: { native: USDC }, recipient: carol } });
    expect([attr(res, w.address, "action"), attr(res, w.address, "amount"), attr(res, w.address, "owed"), attr(res, w.address, "recipient")]).toEqual(["sweep", `777${USDC}`, `1000${USDC}`, carol]);
    expect(w.balance(carol, "native")).toBe(START + 777n);
    w.escrow.execute(owner, { sweep: { asset: { cw20: w.token.address }, recipient: dave } });
    expect(w.balance(dave, "cw20")).toBe(START);
    refused(() => w.escrow.execute(owner, { sweep: { asset: { native: USDC }, recipient: carol } }), /Nothing to sweep: the escrow holds 1000ibc\/.* and owes 1000ibc\//);
    const nft = w.escrow.execute(owner, { sweep_nft: { collection: w.nft.address, token_id: "stray", recipient: seller } });
    expect(attr(nft, w.address, "action")).toBe("sweep_nft");
    expect(w.ownerOf("stray")).toBe(seller);
    w.escrow.execute(buyer, { cancel: { order_id: bid } });
    expect(w.balance(buyer, "native")).toBe(START);
  });

  it("the collection allowlist takes only contracts that answer cw721 contract_info (and the cw20 list only cw20s)", () => {
    const wallet = makeAddress("just-a-wallet");
    refused(() => w.escrow.execute(owner, { update_allowlist: { list: "collections", add: [wallet], remove: [] } }), /Not a cw721 collection: .* does not answer contract_info/);
    refused(() => w.escrow.execute(owner, { update_allowlist: { list: "cw20_tokens", add: [wallet], remove: [] } }), /Not a cw20 token: .* does not answer token_info/);
    expect(() => deploy(w.app, "escrow", owner, { fee_bps: 0, fee_collector: collector, collections: [wallet] })).toThrow(/Not a cw721 collection/);
  });

  it("the fee attribute names its asset", () => {
    const ask = w.ask(seller, "inv-1", 1_000_000n, { asset: "cw20" });
    const res = w.acceptAsk(buyer, ask);
    expect(attr(res, w.address, "fee")).toBe(`25000 cw20:${w.token.address}`);
    expect(w.balance(collector, "cw20")).toBe(25_000n);
  });

  it("update_allowlist: adding an entry already listed and removing one not listed both fail naming the entry, nothing changes", () => {
    refused(() => w.escrow.execute(owner, { update_allowlist: { list: "native_denoms", add: [USDC], remove: [] } }), new RegExp(`Already in native_denoms: ${USDC.replace("/", "\\/")}`));
    refused(() => w.escrow.execute(owner, { update_allowlist: { list: "native_denoms", add: ["uxprt"], remove: ["uatom"] } }), /Not in native_denoms: uatom/);
    refused(() => w.escrow.execute(owner, { update_allowlist: { list: "native_denoms", add: ["uxprt", "uxprt"], remove: [] } }), /Already in native_denoms: uxprt/);
  });

  it("an operator's send_nft: the operator acts — the order and the proceeds are its own (cw721 gives it the token anyway)", () => {
    w.nft.execute(seller, { approve_all: { operator: carol } });
    const bid = w.bid(buyer, "inv-1", 1_000n);
    w.acceptBid(carol, bid);
    expect(w.order(bid).settlement).toMatchObject({ seller: carol, buyer });
    expect(w.balance(carol, "native")).toBe(START + 1_000n - fee(1_000n));
    expect(w.balance(seller, "native")).toBe(0n);
    // An ask listed by the operator is the operator's: cancelling returns the token to it, even after the owner revoked it.
    w.mint("inv-2");
    const ask = w.ask(carol, "inv-2", 5n);
    w.nft.execute(seller, { revoke_all: { operator: carol } });
    expect(w.order(ask).maker).toBe(carol);
    refused(() => w.escrow.execute(seller, { cancel: { order_id: ask } }), /only the maker of order 2 may cancel it/);
    w.escrow.execute(carol, { cancel: { order_id: ask } });
    expect(w.ownerOf("inv-2")).toBe(carol);
    // Once revoked, the operator cannot reach the owner's other tokens through the escrow.
    w.mint("inv-3");
    refused(() => w.ask(carol, "inv-3", 5n), /Unauthorized: .* may not move token inv-3/);
  });
});
