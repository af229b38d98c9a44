// Independent review of escrow 0.2.0 (issue 13's fixes). Each test performs an attack against the
// compiled wasm. The first version of this file asserted what the attacker achieved (each test
// passed while its hole existed); the fixes flipped them: each now asserts that the attack fails
// with a clear error and that nobody loses, with the figures the review measured.
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { TxResult } from "@persistence-ts/simulator/app/app";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { ROOT } from "@persistence-ts/cli/project";
import { Deployed, contractWasm } from "@persistence-ts/testing/contracts";
import { buildFixture } from "@persistence-ts/testing/fixtures";
import { FEE_BPS, USDC, World, attr, b64, buyer, carol, collector, dave, nftOwner, owner, seller, setup } from "./setup";
import * as ContractError from "../../contracts/escrow/src/error";

let w: World;
const START = 10_000_000n;
const fee = (amount: bigint) => (amount * BigInt(FEE_BPS)) / 10_000n;
const usdc = (n: bigint) => [{ denom: USDC, amount: n.toString() }];
const counter = (id: number, amount: bigint) => ({ counter_offer: { order_id: id, amount: amount.toString() } });
const release = (name: string) => fs.readFileSync(path.join(ROOT, "tests", "fixtures", "releases", `${name}-0.1.0.wasm`));

/** Runs `attack`, which must fail with `error`, and checks that the chain's whole state is unchanged. */
function refused(attack: () => unknown, error: RegExp): void {
  const before = w.snapshot();
  expect(attack).toThrow(error);
  expect(w.snapshot()).toBe(before);
}

beforeEach(() => {
  w = setup();
  for (const who of [buyer, carol, dave]) w.fund(who, START);
});

// ---------------------------------------------------------------------------------------------
// R1. Pinned terms are only as good as the collection's `revision`: a collection that has none
// (our nft 0.1.0, still deployed and allowlistable; any third-party cw721) was read as revision 0
// for ever, and the escrow pinned nothing else of the asset but document_hash, face_value and
// status. Obligor, maturity, jurisdiction, attributes and token_uri could change under an order,
// between the taker's decision and its execution, and the trade settled.
// Fix: an order can only be made on a token whose nft_info answers a revision; our collection is
// upgraded to nft 0.2.0 first (README, "Upgrade order"), where the same attacks fail.
// ---------------------------------------------------------------------------------------------

/** Our nft as released at 0.1.0: no `revision` in nft_info; its minter edits a token wherever it is. Admin: the collection owner. */
function legacyCollection(): string {
  const code = w.app.storeCode(nftOwner, release("nft")).codeId;
  const address = w.app.instantiate(nftOwner, code, { name: "Legacy RWA", symbol: "LRWA", minters: [seller] }, "legacy-nft", [], nftOwner).contractAddress;
  w.escrow.execute(owner, { update_allowlist: { list: "collections", add: [address], remove: [] } });
  return address;
}

/** The collection's upgrade to the nft under test (0.2.0): tokens stored by 0.1.0 read revision 0. */
function upgradeCollection(address: string): void {
  const code = w.app.storeCode(nftOwner, contractWasm("nft")).codeId;
  expect(attr(w.app.migrate(nftOwner, address, code, {}), address, "migration")).toBe("done");
}

const SIEMENS = makeAddress("obligor:siemens-ag");
const SHELL = makeAddress("obligor:shell-co-ky");

function legacyMint(tokenId: string) {
  return {
    mint: {
      token_id: tokenId,
      owner: seller,
      token_uri: "ipfs://invoice/audited",
      extension: {
        asset_class: "invoice",
        document_hash: "a1".repeat(32),
        face_value: { denom: "uusdc", amount: "9000000" },
        issuer: seller,
        obligor: SIEMENS,
        issue_date: "1700000000000000000",
        maturity: "1707776000000000000",
        jurisdiction: "DE",
        attributes: null,
      },
    },
  };
}

interface LegacyInfo {
  token_uri: string | null;
  extension: { document_hash: string; face_value: { denom: string; amount: string }; obligor: string | null; jurisdiction: string; status: string; revision?: number };
}

describe("R1 (MEDIUM): on a collection without `revision`, the asset's terms were not pinned", () => {
  let legacy: string;
  const info = (): LegacyInfo => w.app.query<LegacyInfo>(legacy, { nft_info: { token_id: "inv-1" } });
  const ownerOf = () => w.app.query<{ owner: string }>(legacy, { owner_of: { token_id: "inv-1" } }).owner;
  const rewrite = (by: string) =>
    w.app.execute(by, legacy, { update_nft_info: { token_id: "inv-1", token_uri: "ipfs://invoice/forged", extension: { obligor: SHELL, jurisdiction: "KY", attributes: null } } });
  const listMsg = { send_nft: { contract: "", token_id: "inv-1", msg: b64({ create_ask: { price: { asset: { native: USDC }, amount: "9000000" }, expires: null, taker: null } }) } };
  const list = () => w.app.execute(seller, legacy, { send_nft: { ...listMsg.send_nft, contract: w.address } });
  const facts = () => ({ document_hash: info().extension.document_hash, face_value: info().extension.face_value, revision: info().extension.revision ?? 0 });

  beforeEach(() => {
    legacy = legacyCollection();
    w.app.execute(seller, legacy, legacyMint("inv-1"));
  });

  // The attack: the buyer signs accept_ask for 9,000,000 on an invoice owed by SIEMENS (DE); the
  // seller-minter rewrites the obligor to a shell company in KY while the token sits in escrow;
  // the buyer's signed message settled. Now the ask cannot be made on the 0.1.0 collection; once
  // it runs nft 0.2.0 the minter cannot rewrite a token it no longer holds, and an edit by the
  // collection owner is a new revision that fails the buyer's signed accept_ask.
  it("the seller cannot list a token of a collection without revision; on nft 0.2.0 a rewrite under the buyer's signed accept_ask fails it", () => {
    expect(info().extension.revision).toBeUndefined();
    refused(list, /Token inv-1 of .* has no revision in nft_info: the escrow trades only collections that bump a revision on every change of a token's terms \(our nft from 0.2.0\)/);
    expect(ownerOf()).toBe(seller);

    upgradeCollection(legacy);
    expect(info().extension).toMatchObject({ revision: 0, obligor: SIEMENS });
    const ask = Number(attr(list(), w.address, "order_id"));
    const signed = w.terms(ask);
    expect(signed).toMatchObject({ revision: 0, document_hash: "a1".repeat(32) });
    refused(() => rewrite(seller), /Unauthorized/); // the front-run: the minter no longer holds the token
    rewrite(nftOwner); // the collection owner may still edit: a new revision
    expect(info()).toMatchObject({ token_uri: "ipfs://invoice/forged", extension: { obligor: SHELL, revision: 1 } });
    refused(() => w.escrow.execute(buyer, { accept_ask: signed }, usdc(9_000_000n)), /Asset changed: the terms of token inv-1 of .* changed since order 1 was made \(revision 0, now 1\)/);
    expect([ownerOf(), w.balance(buyer, "native"), w.balance(seller, "native")]).toEqual([w.address, START, 0n]);
    w.escrow.execute(seller, { cancel: { order_id: ask } });
    expect(ownerOf()).toBe(seller);
  });

  // The attack: a standing bid of 9,000,000 made on a SIEMENS/DE invoice, status active; the
  // servicer records the invoice `defaulted`, the seller-minter relabels it `active` (0.1.0 let
  // it) and rewrites the obligor, then sells into the bid naming exactly what the bid pinned. Now
  // the bid cannot be made on the 0.1.0 collection; on nft 0.2.0 the seller can neither relabel
  // the owner's `defaulted` nor sell into the bid while it stands.
  it("a bid on a collection without revision is refused; on nft 0.2.0 the default cannot be erased and the sale into the bid fails", () => {
    refused(() => w.escrow.execute(buyer, { create_bid: { collection: legacy, token_id: "inv-1", ...facts() } }, usdc(9_000_000n)), /Token inv-1 of .* has no revision in nft_info/);

    upgradeCollection(legacy);
    const bid = Number(attr(w.escrow.execute(buyer, { create_bid: { collection: legacy, token_id: "inv-1", ...facts() } }, usdc(9_000_000n)), w.address, "order_id"));
    expect(w.order(bid).pinned).toMatchObject({ asset_status: "active", revision: 0 });
    w.app.execute(nftOwner, legacy, { update_status: { token_id: "inv-1", status: "defaulted" } });
    refused(() => w.app.execute(seller, legacy, { update_status: { token_id: "inv-1", status: "active" } }), /defaulted/);
    rewrite(seller); // the seller still holds its token: it may edit it, each edit a new revision
    const sell = () => w.app.execute(seller, legacy, { send_nft: { contract: w.address, token_id: "inv-1", msg: b64({ accept_bid: w.terms(bid) }) } });
    refused(sell, /Asset changed: token inv-1 of .* is defaulted, order 1 was made while it was active/);
    expect([ownerOf(), w.balance(buyer, "native"), w.balance(seller, "native"), w.order(bid).status]).toEqual([seller, START - 9_000_000n, 0n, "open"]);
    w.escrow.execute(buyer, { cancel: { order_id: bid } });
    expect(w.balance(buyer, "native")).toBe(START);
  });

  // Orders made under escrow 0.1.0 on a collection that answers no revision when they are
  // migrated pin nothing: they stay exit-only for good, even after the collection is upgraded
  // (re-pinning would adopt whatever the terms became meanwhile, terms nobody signed).
  it("orders migrated from escrow 0.1.0 on a collection without revision are exit-only, also after the collection's upgrade", () => {
    const code = w.app.storeCode(owner, release("escrow")).codeId;
    const old = w.app.instantiate(owner, code, { fee_bps: FEE_BPS, fee_collector: collector, collections: [legacy], native_denoms: [USDC], cw20_tokens: [] }, "escrow-0.1.0", [], owner).contractAddress;
    const oldId = (res: TxResult) => Number(attr(res, old, "order_id"));
    const ask = oldId(w.app.execute(seller, legacy, { send_nft: { contract: old, token_id: "inv-1", msg: b64({ create_ask: { price: { asset: { native: USDC }, amount: "9000000" } } }) } }));
    w.app.execute(buyer, old, counter(ask, 8_000_000n), usdc(8_000_000n));
    const bid = oldId(w.app.execute(carol, old, { create_bid: { collection: legacy, token_id: "inv-1" } }, usdc(7_000_000n)));
    const res = w.app.migrate(owner, old, w.app.storeCode(owner, contractWasm("escrow")).codeId, {});
    expect([attr(res, old, "migrated"), attr(res, old, "unpinned"), attr(res, old, "migration")]).toEqual(["2", `${ask},${bid}`, "done"]);
    w = new World(w.app, w.nft, w.token, new Deployed(w.app, old, w.escrow.schema));
    upgradeCollection(legacy);
    const named = { order_id: ask, price: { asset: { native: USDC }, amount: "9000000" }, collection: legacy, token_id: "inv-1", ...facts() };
    const exitOnly = /Order 1 pinned no terms: it was made under 0.1.0 \(a bid, or an ask on a collection that answered no revision when it was migrated\): it can be cancelled, expired and its offers withdrawn, not traded/;
    refused(() => w.escrow.execute(dave, { accept_ask: named }, usdc(9_000_000n)), exitOnly);
    refused(() => w.escrow.execute(seller, { accept_offer: { order_id: ask, offer_id: 1 } }), exitOnly);
    refused(() => w.escrow.execute(carol, counter(bid, 1n)), /Order 2 pinned no terms/);
    expect(w.order(ask)).toMatchObject({ pinned: null, status: "open", taker_escrow: "8000000", live_taker_offers: 1 });
    w.escrow.execute(buyer, { withdraw_offer: { order_id: ask, offer_id: 1 } });
    w.escrow.execute(seller, { cancel: { order_id: ask } });
    w.escrow.execute(carol, { cancel: { order_id: bid } });
    expect([ownerOf(), w.balance(buyer, "native"), w.balance(carol, "native"), w.balance(old, "native"), w.owed("native")]).toEqual([seller, START, START, 0n, 0n]);
  });
});

// ---------------------------------------------------------------------------------------------
// R2. The migration from 0.1.0 rewrote every open order in the one migrate call. Each order
// allocates (orders, offers, nft_info answers, refund submessages) in an instance whose stub
// runtime never frees and whose memory the VM caps at 32 MiB: past ~620 open orders on token ids
// that do not exist (~900 on real tokens) the migrate call trapped whatever gas it was given, and
// 0.1.0 lets anyone open bids of 1 unit on any token id: a few hundred dust bids put the upgrade
// that closes issue 13 (finding 1 is HIGH) out of reach for good.
// Fix: migrate does a first page of 50 and stores a cursor; anyone carries it on with
// continue_migration{limit ≤ 200}. Until its page, an order can be left but not traded.
// ---------------------------------------------------------------------------------------------

describe("R2 (MEDIUM): a big 0.1.0 book no longer makes the migration impossible", () => {
  // Figures: dave opens 3,000 bids of 1 unit on token ids that do not exist (the review trapped
  // the one-call migration with 800); the buyer's real bid of 9,000,000 and an ask with carol's
  // 4,000 offer come after them. migrate migrates 50 orders; the parties leave the orders not yet
  // migrated (carol's offer, the ask, one dust bid) while nothing can be traded on them; keepers
  // page through the rest, 200 orders per call; every dust bid is cancelled and refunded, the
  // holdings come out at exactly the buyer's 9,000,000, and finding 1 fails on the migrated bid.
  it("3,000 dust bids: migrate pages through them, exits work meanwhile, trading waits; finding 1 then fails", () => {
    const code = w.app.storeCode(owner, release("escrow")).codeId;
    const old = w.app.instantiate(owner, code, { fee_bps: FEE_BPS, fee_collector: collector, collections: [w.nft.address], native_denoms: [USDC], cw20_tokens: [w.token.address] }, "escrow-0.1.0", [], owner).contractAddress;
    const oldId = (res: TxResult) => Number(attr(res, old, "order_id"));
    const DUST_BIDS = 3_000;
    for (let i = 0; i < DUST_BIDS; i++) w.app.execute(dave, old, { create_bid: { collection: w.nft.address, token_id: `ghost-${i}` } }, usdc(1n));
    w.mint("inv-1");
    w.mint("inv-2");
    const bid = oldId(w.app.execute(buyer, old, { create_bid: { collection: w.nft.address, token_id: "inv-1" } }, usdc(9_000_000n)));
    const ask = oldId(w.nft.execute(seller, { send_nft: { contract: old, token_id: "inv-2", msg: b64({ create_ask: { price: { asset: { native: USDC }, amount: "5000" } } }) } }));
    w.app.execute(carol, old, counter(ask, 4_000n), usdc(4_000n));
    expect(w.balance(old, "native")).toBe(BigInt(DUST_BIDS) + 9_004_000n);

    const migrated = w.app.migrate(owner, old, w.app.storeCode(owner, contractWasm("escrow")).codeId, {});
    expect([attr(migrated, old, "migrated"), attr(migrated, old, "migration")]).toEqual(["50", "pending"]);
    expect(attr(migrated, old, "cancelled")!.split(",")).toHaveLength(50);
    expect(JSON.parse(Buffer.from(w.app.queryRaw(old, Buffer.from("contract_info"))!).toString()).version).toBe("0.2.0");
    w = new World(w.app, w.nft, w.token, new Deployed(w.app, old, w.escrow.schema));

    // Not migrated yet: nothing can be traded (finding 1 included), everything can be left.
    const notYet = /Order \d+ was made under 0.1.0 and is not migrated yet \(continue_migration\): it can be cancelled, expired and its offers withdrawn, not traded/;
    const guessed = { order_id: bid, price: { asset: { native: USDC }, amount: "9000000" }, collection: w.nft.address, token_id: "inv-1", ...w.facts("inv-1") };
    refused(() => w.escrow.execute(buyer, counter(bid, 1n)), notYet);
    refused(() => w.sendNft(seller, "inv-1", { accept_bid: guessed }), notYet);
    refused(() => w.escrow.execute(seller, { accept_offer: { order_id: ask, offer_id: 1 } }), notYet);
    refused(() => w.escrow.execute(owner, { sweep: { asset: { native: USDC }, recipient: owner } }), /Cannot sweep while the 0.1.0 migration is pending: what the escrow owes is not known yet/);
    refused(() => w.escrow.execute(dave, { continue_migration: { limit: 201 } }), /Invalid limit: must be 1 to 200/);
    w.escrow.execute(carol, { withdraw_offer: { order_id: ask, offer_id: 1 } });
    w.escrow.execute(seller, { cancel: { order_id: ask } });
    w.escrow.execute(dave, { cancel: { order_id: DUST_BIDS } });
    expect([w.balance(carol, "native"), w.ownerOf("inv-2"), w.balance(dave, "native")]).toEqual([START, seller, START - BigInt(DUST_BIDS) + 51n]);
    expect(w.owed("native")).toBe(0n); // counted and paid out: the rest is counted page by page

    const pages: number[] = [];
    for (let done = false; !done; ) {
      const res = w.escrow.execute(dave, { continue_migration: { limit: 200 } });
      pages.push(res.gasUsed);
      done = attr(res, w.address, "migration") === "done";
    }
    expect(pages).toHaveLength(15); // 2,950 dust bids and the buyer's bid, 200 a page (orders the exits migrated are passed over)
    expect(Math.max(...pages)).toBeLessThan(20_000_000); // measured 16.2M for 200 dust bids cancelled and refunded; migrate's page of 50: 4.2M
    expect(w.escrow.fails(dave, { continue_migration: { limit: null } })).toContain(ContractError.noMigration());
    expect(w.balance(dave, "native")).toBe(START);
    expect([w.owed("native"), w.balance(old, "native")]).toEqual([9_000_000n, 9_000_000n]);
    // The migrated bid pinned nothing (its maker never saw any terms): it is exit-only, so finding 1
    // (HIGH: the bidder lowers its bid to 1 before the seller's signed accept_bid executes) has no
    // acceptance to front-run; the bidder leaves with all of its 9,000,000.
    expect(w.order(bid)).toMatchObject({ status: "open", maker_escrow: "9000000", pinned: null });
    const exitOnly = new RegExp(`Order ${bid} pinned no terms: it was made under 0.1.0 \\(a bid`);
    refused(() => w.sendNft(seller, "inv-1", { accept_bid: guessed }), exitOnly);
    refused(() => w.escrow.execute(buyer, counter(bid, 1n)), exitOnly);
    w.escrow.execute(buyer, { cancel: { order_id: bid } });
    expect([w.ownerOf("inv-1"), w.balance(seller, "native"), w.balance(buyer, "native"), w.owed("native")]).toEqual([seller, 0n, START, 0n]);
  });
});

// ---------------------------------------------------------------------------------------------
// R3. Under compliance mode the escrow checked only NFT depositors: a buyer the collection will not
// let hold its tokens still bought, and the NFT waited in the escrow as its claim. The escrow thus
// held regulated assets for off-list beneficial owners for as long as they liked, and let them
// direct each one to any on-list address: an off-list party traded the collection freely.
// Fix: a settlement asks the collection whether the buyer may hold the token now (is_allowed) and
// refuses the trade otherwise; refusing a trade blocks nobody's exit.
// ---------------------------------------------------------------------------------------------

describe("R3 (LOW): an off-list party can no longer buy compliance-restricted tokens through claims", () => {
  // Figures: carol, never on the list, bids 2,000 on inv-1 and offers 3,000 on the seller's ask of
  // inv-2 at 5,000. The seller's acceptance of either is refused; the seller keeps both tokens
  // and has been paid nothing; carol leaves with all 5,000 (her bid cancelled, her offer
  // withdrawn once its lock has passed); no claim exists. Put on the list, carol buys.
  it("carol, off the list, cannot win a bid or an offer: both acceptances are refused, she leaves with her funds", () => {
    w.mint("inv-1");
    w.mint("inv-2");
    w.nft.execute(nftOwner, { update_allowlist: { add: [seller, dave, w.address], remove: [] } });
    w.nft.execute(nftOwner, { set_compliance: { enabled: true } });
    expect(w.nft.query<{ allowed: boolean }>({ is_allowed: { address: carol } }).allowed).toBe(false);

    const offList = new RegExp(`${carol} may not hold tokens of .*: it is not on the collection's compliance allowlist`);
    const bid = w.bid(carol, "inv-1", 2_000n);
    refused(() => w.acceptBid(seller, bid), offList);
    const ask = w.ask(seller, "inv-2", 5_000n);
    w.pay(carol, "native", 3_000n, counter(ask, 3_000n));
    refused(() => w.escrow.execute(seller, { accept_offer: { order_id: ask, offer_id: 1 } }), offList);
    refused(() => w.acceptAsk(carol, ask), offList);

    expect([w.ownerOf("inv-1"), w.ownerOf("inv-2"), w.balance(seller, "native")]).toEqual([seller, w.address, 0n]);
    w.escrow.execute(carol, { cancel: { order_id: bid } });
    w.app.advanceBlocks(1, 3_600);
    w.escrow.execute(carol, { withdraw_offer: { order_id: ask, offer_id: 1 } });
    expect([w.balance(carol, "native"), w.claims(carol), w.owed("native")]).toEqual([START, [], 0n]);

    // The check is the collection's answer now: on the list, carol buys.
    w.nft.execute(nftOwner, { update_allowlist: { add: [carol], remove: [] } });
    w.acceptAsk(carol, ask);
    expect([w.ownerOf("inv-2"), w.balance(carol, "native"), w.balance(seller, "native")]).toEqual([carol, START - 5_000n, 5_000n - fee(5_000n)]);
  });

  // With R4's lock, offers the seller cannot accept would be the cheapest way to block an ask:
  // ten fresh accounts (off the list by default) park offers nobody can take, above what honest
  // buyers offer. When the ask is full, a new offer takes the place of one the seller cannot
  // accept, whatever its amount: the honest 850,000 replaces a sybil's 900,000 and is accepted.
  it("under compliance, off-list offers cannot keep an ask full: an honest offer takes the place of one the seller cannot accept", () => {
    w.mint("inv-1");
    w.nft.execute(nftOwner, { update_allowlist: { add: [seller, buyer, carol, w.address], remove: [] } });
    w.nft.execute(nftOwner, { set_compliance: { enabled: true } });
    const ask = w.ask(seller, "inv-1", 1_000_000n);
    const sybils = Array.from({ length: 10 }, (_, i) => makeAddress(`griefer-${i}`));
    sybils.forEach((s, i) => {
      w.app.mint(s, usdc(1_000_000n));
      w.escrow.execute(s, counter(ask, 900_000n + BigInt(i)), usdc(900_000n + BigInt(i)));
    });
    const honest = w.escrow.execute(buyer, counter(ask, 850_000n), usdc(850_000n));
    expect(attr(honest, w.address, "outbid")).toBe("1");
    expect(w.balance(sybils[0], "native")).toBe(1_000_000n);
    w.escrow.execute(carol, counter(ask, 800_000n), usdc(800_000n));
    expect(w.offers(ask).filter((o) => o.status === "outbid").map((o) => o.proposer)).toEqual([sybils[0], sybils[1]]);
    w.escrow.execute(seller, { accept_offer: { order_id: ask, offer_id: 11 } });
    expect([w.ownerOf("inv-1"), w.balance(buyer, "native"), w.balance(carol, "native"), w.balance(seller, "native")]).toEqual([buyer, START - 850_000n, START, 850_000n - fee(850_000n)]);
    for (const s of sybils) expect(w.balance(s, "native")).toBe(1_000_000n);
  });
});

// ---------------------------------------------------------------------------------------------
// R4. Finding 7 at ten times the capital: offers were free options (withdrawable at once, no
// cost), and a full order admits only offers above its lowest. Ten sybil offers parked just above
// what honest buyers offer kept every honest offer out; when the seller moved to accept one, they
// were withdrawn before the acceptance executed, and parked again.
// Fix: a counterparty offer is locked for the offer lock (default an hour) after it is made: its
// proposer can neither withdraw nor revise it, so the maker can accept any parked offer.
// ---------------------------------------------------------------------------------------------

describe("R4 (LOW): ten parked offers are commitments: the seller accepts the best", () => {
  // Figures: ask at 1,000,000; ten sybils park 900,000–900,009. The honest 850,000 offer is still
  // refused (the order holds ten better offers, each acceptable); the griefer's withdrawals are
  // refused (locked for an hour); the seller's accept_offer of the best (900,009) settles: the
  // sybil pays 900,009 and holds inv-1, the seller gets 900,009 − fee, the nine others are refunded.
  it("the sybils cannot withdraw before the seller accepts; the best parked offer settles", () => {
    w.mint("inv-1");
    const ask = w.ask(seller, "inv-1", 1_000_000n);
    const sybils = Array.from({ length: 10 }, (_, i) => makeAddress(`griefer-${i}`));
    for (const s of sybils) w.fund(s, 1_000_000n);
    const ids = sybils.map((s, i) => Number(attr(w.pay(s, "native", 900_000n + BigInt(i), counter(ask, 900_000n + BigInt(i))), w.address, "offer_id")));
    refused(() => w.escrow.execute(buyer, counter(ask, 850_000n), usdc(850_000n)), /Order 1 has 10 live offers: a new one must be higher than the lowest, 900000ibc\/.* \(offer 1\)/);
    for (let i = 0; i < 10; i++) refused(() => w.escrow.execute(sybils[i], { withdraw_offer: { order_id: ask, offer_id: ids[i] } }), new RegExp(`Offer ${ids[i]} of order 1 is locked for 3600 more seconds`));
    refused(() => w.escrow.execute(sybils[0], counter(ask, 1n), usdc(1n)), /Offer 1 of order 1 is locked for 3600 more seconds .*revise it afterwards/);

    w.escrow.execute(seller, { accept_offer: { order_id: ask, offer_id: ids[9] } });
    expect(w.ownerOf("inv-1")).toBe(sybils[9]);
    expect(w.balance(sybils[9], "native")).toBe(1_000_000n - 900_009n);
    for (const s of sybils.slice(0, 9)) expect(w.balance(s, "native")).toBe(1_000_000n);
    expect([w.balance(seller, "native"), w.balance(w.address, "native")]).toEqual([900_009n - fee(900_009n), 0n]);
  });
});

// ---------------------------------------------------------------------------------------------
// R5. Deliveries were submessages without a gas limit. Out of gas is not an error a reply_on
// error can catch: it aborted the whole transaction. One allowlisted cw20 whose transfer never
// finishes (its code swapped by its admin, a bug, a hook) blocked every close that refunds in it
// — including the return of another party's NFT, in another contract — and every expire_batch
// that contained such an order.
// Fix: every delivery carries a gas limit of 1,000,000 (wasmd's SubMsg gas_limit): a delivery
// that runs out of it fails like any other (the whole limit charged) and becomes a claim.
// ---------------------------------------------------------------------------------------------

describe("R5 (LOW): a listed token that burns gas no longer blocks other parties' exits", () => {
  // Figures: the seller's inv-1 and inv-3 sit in asks priced in the HOG cw20, with dave's offers of
  // 9,000 and 5,000 HOG; carol's inv-2 in an unrelated native ask; all expired. Once HOG burns gas:
  // dave's withdraw_offer and the seller's cancel go through (the HOG refund becomes dave's
  // claim), and a keeper's expire_batch of both other asks closes both: every NFT is back with its
  // owner, dave holds claims of 14,000 HOG. Each HOG delivery costs its caller the 1,000,000 limit.
  it("the seller's cancel, dave's withdraw_offer and a keeper's expire_batch go through; the HOG refunds become dave's claims", () => {
    const hog = w.app.instantiate(owner, w.app.storeCode(owner, buildFixture("gas-hog")).codeId, {}, "hog").contractAddress;
    w.escrow.execute(owner, { update_allowlist: { list: "cw20_tokens", add: [hog], remove: [] } });
    w.mint("inv-1");
    w.mint("inv-2", carol);
    w.mint("inv-3");
    const h = w.app.block.height;
    const hogAsk = (token: string) => Number(attr(w.sendNft(seller, token, { create_ask: { price: { asset: { cw20: hog }, amount: "10000" }, expires: { at_height: h + 3 }, taker: null } }), w.address, "order_id"));
    const receive = (sender: string, amount: bigint, hook: unknown) => b64({ receive: { sender, amount: amount.toString(), msg: b64(hook) } });
    const ask1 = hogAsk("inv-1");
    const ask3 = hogAsk("inv-3");
    w.app.execute(dave, hog, { relay: { contract: w.address, msg: receive(dave, 9_000n, counter(ask1, 9_000n)) } });
    w.app.execute(dave, hog, { relay: { contract: w.address, msg: receive(dave, 5_000n, counter(ask3, 5_000n)) } });
    const nativeAsk = w.ask(carol, "inv-2", 500n, { expires: { at_height: h + 3 } });
    w.app.execute(dave, hog, { hog: { on: true } });
    w.app.advanceBlocks(5, 720); // past the expiries and the offer lock

    const claimed = (res: TxResult) => res.events.filter((e) => e.type === "wasm" && e.attributes.some((a) => a.key === "action" && a.value === "claim"));
    // With too little gas for the limit the delivery runs on what is left and the transaction fails whole: retry with more.
    refused(() => w.app.execute(dave, w.address, { withdraw_offer: { order_id: ask3, offer_id: 1 } }, [], 1_000_000), /out of gas/i);
    const withdrawn = w.escrow.execute(dave, { withdraw_offer: { order_id: ask3, offer_id: 1 } });
    expect(claimed(withdrawn)[0].attributes).toEqual(expect.arrayContaining([{ key: "owner", value: dave }, { key: "holding", value: `5000 cw20:${hog}` }, { key: "reason", value: "codespace: sdk, code: 11" }]));
    expect(withdrawn.gasUsed).toBeGreaterThan(1_000_000);
    expect(withdrawn.gasUsed).toBeLessThan(1_400_000);
    const cancelled = w.escrow.execute(seller, { cancel: { order_id: ask3 } });
    expect(w.ownerOf("inv-3")).toBe(seller);
    expect(cancelled.gasUsed).toBeLessThan(400_000); // no HOG delivery left in it
    const batch = w.escrow.execute(dave, { expire_batch: { order_ids: [nativeAsk, ask1] } });
    expect(attr(batch, w.address, "expired")).toBe(`${nativeAsk},${ask1}`);
    expect(batch.gasUsed).toBeLessThan(1_800_000);
    expect([w.ownerOf("inv-1"), w.ownerOf("inv-2"), w.ownerOf("inv-3")]).toEqual([seller, carol, seller]);
    expect(w.claims(dave).map((c) => c.holding)).toEqual([{ funds: { asset: { cw20: hog }, amount: "5000" } }, { funds: { asset: { cw20: hog }, amount: "9000" } }]);
    expect(BigInt(w.escrow.query<{ amount: string }>({ holdings: { asset: { cw20: hog } } }).amount)).toBe(14_000n);
    // Withdrawing a HOG claim still fails (a plain message): it stays dave's, and nobody else is affected.
    refused(() => w.escrow.execute(dave, { withdraw_claim: { claim_id: 1 } }), /out of gas/i);
  });
});

