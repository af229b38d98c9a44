// Independent review of escrow 0.2.0 (issue 13's fixes). Each test performs an attack against the
// compiled wasm and asserts what the attacker achieves TODAY: it passes while the hole exists, and
// must be flipped (to "refused, nothing moved") by the fix. Each names its severity, the house
// rule it breaks and the figures it measured.
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { TxError } from "../../simulator/app/app";
import { makeAddress } from "../../simulator/vm/api";
import { ROOT } from "../../tools/build/compile";
import { contractWasm } from "../helpers/contracts";
import { buildFixture } from "../helpers/fixtures";
import { FEE_BPS, USDC, World, attr, b64, buyer, carol, collector, dave, nftOwner, owner, seller, setup } from "./setup";

let w: World;
const START = 10_000_000n;
const fee = (amount: bigint) => (amount * BigInt(FEE_BPS)) / 10_000n;
const usdc = (n: bigint) => [{ denom: USDC, amount: n.toString() }];
const counter = (id: number, amount: bigint) => ({ counter_offer: { order_id: id, amount: amount.toString() } });

beforeEach(() => {
  w = setup();
  for (const who of [buyer, carol, dave]) w.fund(who, START);
});

// ---------------------------------------------------------------------------------------------
// R1. Pinned terms are only as good as the collection's `revision`: a collection that has none
// (our nft 0.1.0, still deployed and allowlistable; any third-party cw721) is read as revision 0
// for ever, and the escrow pins nothing else of the asset but document_hash, face_value and
// status. Obligor, maturity, jurisdiction, attributes and token_uri can change under an order,
// between the taker's decision and its execution, and the trade settles.
// ---------------------------------------------------------------------------------------------

/** Our nft as released at 0.1.0: no `revision` in nft_info; its minter edits a token wherever it is. */
function legacyCollection(): string {
  const wasm = fs.readFileSync(path.join(ROOT, "tests", "fixtures", "releases", "nft-0.1.0.wasm"));
  const code = w.app.storeCode(nftOwner, wasm).codeId;
  const address = w.app.instantiate(nftOwner, code, { name: "Legacy RWA", symbol: "LRWA", minters: [seller] }, "legacy-nft").contractAddress;
  w.escrow.execute(owner, { update_allowlist: { list: "collections", add: [address], remove: [] } });
  return address;
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
  extension: { document_hash: string; face_value: { denom: string; amount: string }; obligor: string | null; jurisdiction: string; revision?: number };
}

describe("R1 (MEDIUM): on a collection without `revision`, the asset's terms are not pinned", () => {
  let legacy: string;
  const info = (): LegacyInfo => w.app.query<LegacyInfo>(legacy, { nft_info: { token_id: "inv-1" } });
  const rewrite = () =>
    w.app.execute(seller, legacy, { update_nft_info: { token_id: "inv-1", token_uri: "ipfs://invoice/forged", extension: { obligor: SHELL, jurisdiction: "KY", attributes: null } } });

  beforeEach(() => {
    legacy = legacyCollection();
    w.app.execute(seller, legacy, legacyMint("inv-1"));
  });

  // MEDIUM. Rule broken: "every accepting message pins the terms it accepts" (README: "The maker can
  // therefore not ... swap the asset between a taker's decision and its execution").
  // Figures: the buyer signs accept_ask for 9,000,000 on an invoice owed by SIEMENS (DE); the
  // seller-minter rewrites the obligor to a shell company in KY (and the token_uri) while the token
  // sits in escrow; the buyer's signed message settles: it pays 9,000,000 for the rewritten asset.
  it("the seller-minter rewrites the obligor of its escrowed token between the buyer's decision and its accept_ask: the trade settles", () => {
    const ask = Number(attr(w.app.execute(seller, legacy, { send_nft: { contract: w.address, token_id: "inv-1", msg: b64({ create_ask: { price: { asset: { native: USDC }, amount: "9000000" } } }) } }), w.address, "order_id"));
    expect(info().extension.revision).toBeUndefined(); // the collection has no revision: the escrow reads 0
    const signed = w.terms(ask);
    expect(signed).toMatchObject({ revision: 0, document_hash: "a1".repeat(32) });
    expect(info().extension.obligor).toBe(SIEMENS);

    rewrite(); // the front-run: the minter still edits a token it no longer holds (nft 0.1.0)
    expect(info()).toMatchObject({ token_uri: "ipfs://invoice/forged", extension: { obligor: SHELL, jurisdiction: "KY" } });

    const res = w.escrow.execute(buyer, { accept_ask: signed }, usdc(9_000_000n));
    expect(attr(res, w.address, "action")).toBe("accept_ask");
    expect(w.app.query<{ owner: string }>(legacy, { owner_of: { token_id: "inv-1" } }).owner).toBe(buyer);
    expect(w.balance(buyer, "native")).toBe(START - 9_000_000n);
    expect(w.balance(seller, "native")).toBe(9_000_000n - fee(9_000_000n));
    expect(info().extension.obligor).toBe(SHELL);
  });

  // MEDIUM. Rule broken: README "a seller-minter that rewrites the obligor of its token under a
  // standing bid cannot sell it into the bid; the bidder bids again on the new terms if it wants
  // them", and "every settlement reads nft_info again and fails unless the token is still that
  // asset, in that status, at that revision". Figures: a standing bid of 9,000,000 made on a
  // SIEMENS/DE invoice, status active; the collection owner (servicer) records the invoice
  // `defaulted`, the seller-minter relabels it `active` (0.1.0 lets it) and rewrites the obligor to
  // a shell company in KY; it sells into the bid with accept_bid naming exactly what the bid pinned:
  // the bidder pays 9,000,000 for a defaulted invoice on other terms.
  it("a seller-minter erases a default and rewrites the obligor under a standing bid, then sells into it", () => {
    const facts = { document_hash: info().extension.document_hash, face_value: info().extension.face_value, revision: 0 };
    const bid = Number(attr(w.escrow.execute(buyer, { create_bid: { collection: legacy, token_id: "inv-1", ...facts } }, usdc(9_000_000n)), w.address, "order_id"));
    expect(w.order(bid).pinned).toMatchObject({ asset_status: "active", revision: 0 });
    w.app.execute(nftOwner, legacy, { update_status: { token_id: "inv-1", status: "defaulted" } });
    w.app.execute(seller, legacy, { update_status: { token_id: "inv-1", status: "active" } });
    rewrite();
    const res = w.app.execute(seller, legacy, { send_nft: { contract: w.address, token_id: "inv-1", msg: b64({ accept_bid: w.terms(bid) }) } });
    expect(attr(res, w.address, "action")).toBe("accept_bid");
    expect(w.order(bid).settlement).toMatchObject({ buyer, seller, amount: "9000000" });
    expect(w.app.query<{ owner: string }>(legacy, { owner_of: { token_id: "inv-1" } }).owner).toBe(buyer);
    expect(w.balance(seller, "native")).toBe(9_000_000n - fee(9_000_000n));
    expect(info().extension).toMatchObject({ obligor: SHELL, jurisdiction: "KY" });
  });
});

// ---------------------------------------------------------------------------------------------
// R2. The migration from 0.1.0 rewrites every open order in the one migrate call (README: "cost
// linear in the number of open orders"). Each order allocates (orders, offers, nft_info answers,
// refund submessages) in an instance whose stub runtime never frees and whose memory the VM caps
// at 32 MiB: past ~620 open orders on token ids that do not exist (~900 on real tokens) the
// migrate call traps ("unreachable": memory exhausted) whatever gas it is given. 0.1.0 lets
// anyone open a bid of 1 unit on any token id, as many as it likes: a few hundred dust bids put
// the upgrade that closes issue 13 (finding 1 is HIGH) out of reach for good.
// ---------------------------------------------------------------------------------------------

describe("R2 (MEDIUM): a big 0.1.0 book makes the one-call migration impossible", () => {
  // MEDIUM. Rules broken: "Upgrades are part of a fix" (the fix cannot be installed) and the README's
  // "No handler iterates over a user-sized collection ... Only migrate from 0.1.0 walks every open
  // order, once" (it cannot). Figures: dave opens 800 bids of 1 unit each on token ids that do not
  // exist (800 units escrowed, ~156,000 gas per bid); migrate then traps after ~40,000,000 gas with
  // a gas limit of 10,000,000,000 (measured: 600 such bids migrate, 650 do not; 800 bids on real
  // tokens migrate, 1,000 do not); the contract stays 0.1.0, where the bidder still lowers its bid
  // under a seller's signed accept_bid (issue 13, finding 1, HIGH).
  it("800 dust bids on non-existent token ids: migrate traps whatever its gas, and the contract stays 0.1.0 (finding 1 still open)", () => {
    const wasm = fs.readFileSync(path.join(ROOT, "tests", "fixtures", "releases", "escrow-0.1.0.wasm"));
    const code = w.app.storeCode(owner, wasm).codeId;
    const old = w.app.instantiate(owner, code, { fee_bps: FEE_BPS, fee_collector: collector, collections: [w.nft.address], native_denoms: [USDC], cw20_tokens: [w.token.address] }, "escrow-0.1.0", [], owner).contractAddress;
    const DUST_BIDS = 800;
    let attackerGas = 0;
    for (let i = 0; i < DUST_BIDS; i++) attackerGas += w.app.execute(dave, old, { create_bid: { collection: w.nft.address, token_id: `ghost-${i}` } }, usdc(1n)).gasUsed;
    expect(w.balance(dave, "native")).toBe(START - BigInt(DUST_BIDS));
    expect(attackerGas / DUST_BIDS).toBeLessThan(200_000);

    const next = w.app.storeCode(owner, contractWasm("escrow")).codeId;
    let failure: TxError | undefined;
    try {
      w.app.migrate(owner, old, next, {}, 10_000_000_000);
    } catch (e) {
      failure = e as TxError;
    }
    expect(failure).toBeInstanceOf(TxError);
    expect(failure!.message).toMatch(/RuntimeError: unreachable: migrate wasm contract failed/);
    expect(failure!.gasUsed).toBeLessThan(100_000_000); // not a gas problem: more gas does not help
    expect(JSON.parse(Buffer.from(w.app.queryRaw(old, Buffer.from("contract_info"))!).toString()).version).toBe("0.1.0");

    // Still 0.1.0: finding 1 works. The bidder lowers its 9,000,000 bid to 1 before the seller's signed accept_bid executes.
    w.mint("inv-1");
    const bid = Number(attr(w.app.execute(buyer, old, { create_bid: { collection: w.nft.address, token_id: "inv-1" } }, usdc(9_000_000n)), old, "order_id"));
    w.app.execute(buyer, old, counter(bid, 1n));
    w.nft.execute(seller, { send_nft: { contract: old, token_id: "inv-1", msg: b64({ accept_bid: { order_id: bid } }) } });
    expect(w.ownerOf("inv-1")).toBe(buyer);
    expect(w.balance(seller, "native")).toBe(1n);
  });
});

// ---------------------------------------------------------------------------------------------
// R3. Under compliance mode the escrow checks only NFT depositors: a buyer the collection will not
// let hold its tokens still buys, and the NFT waits in the escrow as its claim. The escrow thus
// holds regulated assets for off-list beneficial owners for as long as they like, and lets them
// direct each one to any on-list address: an off-list party trades the collection freely.
// ---------------------------------------------------------------------------------------------

describe("R3 (LOW): an off-list party buys and re-sells compliance-restricted tokens through claims", () => {
  // LOW. Rule broken: the collection's compliance list ("only allowlisted addresses may receive
  // tokens") — the escrow makes an off-list account the beneficial owner; issue 13 asked to refuse
  // what the escrow could not deliver "where the collection can tell", and it can tell. No party's
  // exit needs this: refusing a trade (the buyer's take, a seller's acceptance of an off-list
  // party's bid or offer) blocks nobody's exit. Figures: carol, never on the list, buys inv-1 for
  // 2,000 (seller paid 1,950 from an off-list account) and inv-2 for 3,000 through a counter-offer
  // the seller accepts; she holds both in the escrow, then hands inv-1 to dave (on the list) with
  // withdraw_claim — an off-the-books transfer the compliance officer cannot stop.
  it("carol, off the list, wins a bid and an offer; the escrow holds both NFTs for her and she sends one to dave", () => {
    w.mint("inv-1");
    w.mint("inv-2");
    w.nft.execute(nftOwner, { update_allowlist: { add: [seller, dave, w.address], remove: [] } });
    w.nft.execute(nftOwner, { set_compliance: { enabled: true } });
    expect(w.nft.query<{ allowed: boolean }>({ is_allowed: { address: carol } }).allowed).toBe(false);

    const bid = w.bid(carol, "inv-1", 2_000n);
    w.acceptBid(seller, bid);
    const ask = w.ask(seller, "inv-2", 5_000n);
    w.pay(carol, "native", 3_000n, counter(ask, 3_000n));
    w.escrow.execute(seller, { accept_offer: { order_id: ask, offer_id: 1 } });

    expect(w.balance(seller, "native")).toBe(5_000n - fee(2_000n) - fee(3_000n));
    expect(w.balance(carol, "native")).toBe(START - 5_000n);
    expect(w.ownerOf("inv-1")).toBe(w.address);
    expect(w.ownerOf("inv-2")).toBe(w.address);
    expect(w.claims(carol).map((c) => c.holding)).toEqual([{ nft: { collection: w.nft.address, token_id: "inv-1" } }, { nft: { collection: w.nft.address, token_id: "inv-2" } }]);

    w.escrow.execute(carol, { withdraw_claim: { claim_id: 1, recipient: dave } });
    expect(w.ownerOf("inv-1")).toBe(dave);
  });
});

// ---------------------------------------------------------------------------------------------
// R4. Finding 7 at ten times the capital: offers stay free options (withdrawable at once, no
// cost), and a full order admits only offers above its lowest. Ten sybil offers parked just above
// what honest buyers offer keep every honest offer out; when the seller moves to accept one, they
// are withdrawn before the acceptance executes, and parked again.
// ---------------------------------------------------------------------------------------------

describe("R4 (LOW): ten parked, freely withdrawable offers still block negotiation on an ask", () => {
  // LOW (residual of issue 13, finding 7). Rule broken: "a parked, freely withdrawable high offer
  // blocks negotiation" is fixed only up to 10 proposers. Figures: ask at 1,000,000; ten sybils
  // park 900,000–900,009 (9,000,045 of capital, all returned); the honest 850,000 offer is refused
  // ("must be higher than the lowest, 900000"); the seller's accept_offer of the best (900,009)
  // fails after the griefer withdraws all ten; the griefer re-parks and the honest offer is refused
  // again. The griefer pays only gas.
  it("ten sybil offers keep an honest lower offer out; the seller's acceptance fails after they withdraw", () => {
    w.mint("inv-1");
    const ask = w.ask(seller, "inv-1", 1_000_000n);
    const sybils = Array.from({ length: 10 }, (_, i) => makeAddress(`griefer-${i}`));
    for (const s of sybils) w.fund(s, 1_000_000n);
    const park = () => sybils.map((s, i) => Number(attr(w.pay(s, "native", 900_000n + BigInt(i), counter(ask, 900_000n + BigInt(i))), w.address, "offer_id")));
    const honest = () => w.escrow.fails(buyer, counter(ask, 850_000n), usdc(850_000n));

    let ids = park();
    expect(honest()).toMatch(/Order 1 has 10 live offers: a new one must be higher than the lowest, 900000ibc\/.* \(offer 1\)/);
    // The seller signs accept_offer of the best; the griefer's withdrawals land first.
    const best = ids[9];
    for (let i = 0; i < 10; i++) w.escrow.execute(sybils[i], { withdraw_offer: { order_id: ask, offer_id: ids[i] } });
    expect(w.escrow.fails(seller, { accept_offer: { order_id: ask, offer_id: best } })).toMatch(/Offer 10 of order 1 is withdrawn/);
    for (const s of sybils) expect(w.balance(s, "native")).toBe(1_000_000n); // the griefing cost nothing but gas
    ids = park();
    expect(honest()).toMatch(/must be higher than the lowest/);
    expect(w.order(ask).live_taker_offers).toBe(10);
    expect(w.ownerOf("inv-1")).toBe(w.address);
  });
});

// ---------------------------------------------------------------------------------------------
// R5. Deliveries are submessages without a gas limit. Out of gas is not an error a reply_on
// error can catch: it aborts the whole transaction. One allowlisted cw20 whose transfer never
// finishes (its code swapped by its admin, a bug, a hook) blocks every close that refunds in it
// — including the return of another party's NFT, in another contract — and every expire_batch
// that contains such an order. The README says "a submessage gas limit would contain it, but the
// simulator does not model one": the simulator does now (wasm.ts dispatchLimited, wasmd's
// dispatchMsgWithGasLimit), and the escrow still sets none.
// ---------------------------------------------------------------------------------------------

describe("R5 (LOW): a listed token that burns gas blocks other parties' exits", () => {
  // LOW (needs a misbehaving allowlisted token). Rule broken: "no party can make another party's
  // exit fail" and README "Closing never fails because of a recipient (claims), so a batch always
  // closes every order it can". Figures: the seller's RWA token (our nft) sits in an ask priced in
  // the HOG cw20 with dave's 9,000 HOG offer live; once HOG burns gas the seller's cancel fails out
  // of gas at the 100,000,000 default limit, and a keeper's expire_batch of that ask and an
  // unrelated native ask fails as a whole; the seller's NFT stays in escrow as long as dave's offer
  // is live, and only dave can withdraw it (which fails the same way).
  it("the seller's cancel and a keeper's expire_batch run out of gas: the NFT stays in escrow", () => {
    const hog = w.app.instantiate(owner, w.app.storeCode(owner, buildFixture("gas-hog")).codeId, {}, "hog").contractAddress;
    w.escrow.execute(owner, { update_allowlist: { list: "cw20_tokens", add: [hog], remove: [] } });
    w.mint("inv-1");
    w.mint("inv-2", carol);
    const h = w.app.block.height;
    const hogAsk = Number(attr(w.sendNft(seller, "inv-1", { create_ask: { price: { asset: { cw20: hog }, amount: "10000" }, expires: { at_height: h + 3 }, taker: null } }), w.address, "order_id"));
    const receive = (sender: string, amount: bigint, hook: unknown) => b64({ receive: { sender, amount: amount.toString(), msg: b64(hook) } });
    w.app.execute(dave, hog, { relay: { contract: w.address, msg: receive(dave, 9_000n, counter(hogAsk, 9_000n)) } });
    const nativeAsk = w.ask(carol, "inv-2", 500n, { expires: { at_height: h + 3 } });
    w.app.execute(dave, hog, { hog: { on: true } });
    w.app.advanceBlocks(5);

    const before = w.snapshot();
    expect(w.escrow.fails(seller, { cancel: { order_id: hogAsk } })).toMatch(/out of gas/i);
    expect(w.escrow.fails(dave, { expire_batch: { order_ids: [nativeAsk, hogAsk] } })).toMatch(/out of gas/i);
    expect(w.escrow.fails(dave, { withdraw_offer: { order_id: hogAsk, offer_id: 1 } })).toMatch(/out of gas/i);
    expect(w.snapshot()).toBe(before);
    expect(w.order(hogAsk)).toMatchObject({ status: "open", nft_depositor: seller, live_taker_offers: 1 });
    expect(w.ownerOf("inv-1")).toBe(w.address);
    expect(w.ownerOf("inv-2")).toBe(w.address);
  });
});
