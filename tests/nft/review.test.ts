// Independent review of the issue-13 NFT fixes (0.2.0): attacks that still worked, each performed
// against the compiled wasm. Each test asserted what the attacker achieved (it passed while the
// hole existed, see the commit that added this file); now each asserts the refusal — a clear error
// and a store unchanged — or, for the seller-minter's edit (the escrow refuses it), that the
// change is visible in what a buyer pins. The pool's finding (void of pledged collateral) is
// the tranche pool's to fix and still asserts today's behaviour.
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { ROOT } from "@persistence-ts/cli/project";
import { Deployed, SchemaCheck, contractWasm } from "@persistence-ts/testing/contracts";
import * as pool from "../tranche-pool/setup";
import { buyer, carol, docHash, mallory, mintMsg, owner, rogue, setup, sme, snapshot } from "./setup";

const servicer = makeAddress("sme-servicer");

interface NftInfo {
  token_uri: string | null;
  extension: Record<string, unknown> & { status: string; obligor: string | null; jurisdiction: string; revision: number };
}

/** The attack fails with `error` and nothing in the store changed. */
function refused(app: App, attack: () => string, error: RegExp): void {
  const before = snapshot(app);
  expect(attack()).toMatch(error);
  expect(snapshot(app)).toBe(before);
}

describe("review (nft 0.2.0): the attacks, now refused", () => {
  let app: App;
  let nft: Deployed;
  const info = (id: string) => nft.query<NftInfo>({ nft_info: { token_id: id } });

  beforeEach(() => {
    ({ app, nft } = setup());
    nft.execute(owner, { add_minter: { minter: rogue } });
  });

  // MEDIUM. Rule: every accepting message pins the terms it accepts (finding 3 at its depth).
  // A bid leaves the seller-minter its edit power up to the sale; the token's revision is what
  // the bidder now pins (nft_info extension.revision, verify_document.revision), and every edit
  // bumps it, so the escrow (fix-13-escrow) refuses the acceptance of a bid made on an older
  // revision. Here: the edit can no longer go unseen by anything the bidder pinned.
  it("MEDIUM: a seller-minter's rewrite of the obligor and terms between a bidder's decision and the sale changes the revision the bidder pinned", () => {
    nft.execute(sme, mintMsg("inv-1", sme, 1));
    const seen = info("inv-1");
    const pinnable = () => {
      const x = info("inv-1").extension;
      const v = nft.query<Record<string, unknown>>({ verify_document: { document_hash: docHash(1) } });
      return { document_hash: x.document_hash, face_value: x.face_value, issuer: x.issuer, minted_by: x.minted_by, status: x.status, revision: x.revision, verify: { ...v, owner: undefined } };
    };
    const pinned = pinnable();
    expect(pinned).toMatchObject({ revision: 0, verify: { revision: 0 } });

    const res = nft.execute(sme, {
      update_nft_info: {
        token_id: "inv-1",
        token_uri: "ipfs://forged-invoice",
        extension: { obligor: mallory, jurisdiction: "KY", attributes: [{ key: "rating", value: "AAA" }] },
      },
    });
    expect(res.events.find((e) => e.type === "wasm")!.attributes).toContainEqual({ key: "revision", value: "1" });
    // The pinned terms no longer match: exactly the revision differs, in both queries.
    expect(pinnable()).toEqual({ ...pinned, revision: 1, verify: { ...pinned.verify, revision: 1 } });
    expect(info("inv-1")).toMatchObject({ token_uri: "ipfs://forged-invoice", extension: { obligor: mallory, revision: 1 } });
    expect(seen.extension.revision).toBe(0);
  });

  // LOW. Rule: the dispute path gives the document to its true issuer. void_token now reserves
  // the released document for the issuer the owner names: only a mint naming it takes it.
  it("LOW: after void_token the squatter cannot re-squat the released document; the true issuer mints it", () => {
    nft.execute(rogue, mintMsg("fake-1", rogue, 77, { issuer: rogue }));
    nft.execute(owner, { quarantine: { token_id: "fake-1", reason: "SME reports document squatting" } });
    const res = nft.execute(owner, { void_token: { token_id: "fake-1", reason: "squatted document", release_to: sme } });
    expect(res.events.find((e) => e.type === "wasm")!.attributes).toContainEqual({ key: "release_to", value: sme });
    expect(nft.query({ verify_document: { document_hash: docHash(77) } })).toMatchObject({ token_id: null, burned: false, reserved_for: sme });
    // Front-running the SME fails, in the rogue's name or in any other issuer's.
    const reserved = new RegExp(`Document ${docHash(77)} is reserved for issuer ${sme}: only a mint naming it as issuer may tokenize it`);
    refused(app, () => nft.fails(rogue, mintMsg("fake-2", rogue, 77, { issuer: rogue })), reserved);
    nft.execute(carol, { authorize_minter: { minter: rogue } });
    refused(app, () => nft.fails(rogue, mintMsg("fake-2", rogue, 77, { issuer: carol })), reserved);
    // Naming the SME needs the SME's authorization, as for any mint.
    refused(app, () => nft.fails(rogue, mintMsg("fake-2", rogue, 77)), /may not mint in the name of issuer/);
    nft.execute(sme, mintMsg("inv-77", sme, 77));
    expect(nft.query({ verify_document: { document_hash: docHash(77) } })).toMatchObject({ token_id: "inv-77", issuer: sme, minted_by: sme, reserved_for: null });
  });

  // LOW. Rule: authorization on every privileged message — the power to speak for an issuer
  // ends when the issuer withdraws it, for edits as for mints.
  it("LOW: a deauthorized minter can no longer rewrite tokens that carry the issuer's name", () => {
    nft.execute(sme, { authorize_minter: { minter: rogue } });
    nft.execute(rogue, mintMsg("agent-1", rogue, 78)); // issuer: sme, held by the minter
    nft.execute(rogue, { update_nft_info: { token_id: "agent-1", extension: { jurisdiction: "FR" } } }); // while authorized
    nft.execute(sme, { deauthorize_minter: { minter: rogue } });
    refused(app, () => nft.fails(rogue, mintMsg("agent-2", rogue, 79)), /may not mint in the name of issuer/);
    refused(
      app,
      () => nft.fails(rogue, { update_nft_info: { token_id: "agent-1", token_uri: "ipfs://not-the-sme-document", extension: { obligor: mallory } } }),
      new RegExp(`Unauthorized: ${rogue} may not edit token agent-1: its issuer ${sme} does not authorize it \\(authorize_minter\\)`),
    );
    expect(info("agent-1")).toMatchObject({ token_uri: "ipfs://invoice/agent-1", extension: { issuer: sme, minted_by: rogue, obligor: carol, jurisdiction: "FR", revision: 1 } });
    // The collection owner can still correct it; the SME re-authorizing restores the minter's edits.
    nft.execute(owner, { update_nft_info: { token_id: "agent-1", extension: { clear_obligor: true } } });
    nft.execute(sme, { authorize_minter: { minter: rogue } });
    nft.execute(rogue, { update_nft_info: { token_id: "agent-1", extension: { jurisdiction: "DE" } } });
  });

  // LOW. Rule: bad input gets a clear error.
  it("LOW: is_allowed refuses a string that is not an address", () => {
    expect(() => nft.query({ is_allowed: { address: "not an address" } })).toThrow(/Invalid address `not an address`/);
    expect(() => nft.execute(sme, mintMsg("inv-9", "not an address", 9))).toThrow(/Invalid address/);
    expect(nft.query({ is_allowed: { address: buyer } })).toEqual({ allowed: true });
  });
});

describe("review (nft 0.2.0): the holder can no longer erase a third party's attestation", () => {
  // MEDIUM. Rule: statuses move only as the state machine allows the sender, and a status
  // records who set it: the holder (lowest standing) cannot move a token out of a status a
  // status agent of its issuer or the collection owner recorded.
  it("MEDIUM: the holder cannot drop the servicer's financed lien; the invoice cannot be pledged again", () => {
    const w = pool.fundedPool();
    pool.mintInvoice(w, "inv-1", 10_000_000_000n);
    w.nft.execute(pool.owner, { add_status_agent: { agent: servicer, issuer: pool.sme } });
    w.nft.execute(servicer, { update_status: { token_id: "inv-1", status: "financed" } }); // the lien
    expect(w.nft.query({ nft_info: { token_id: "inv-1" } })).toMatchObject({ extension: { status: "financed", status_set_by: "status_agent" } });
    expect(() => pool.pledge(w, "inv-1", 8_000_000_000)).toThrow(/only active assets can be pledged/);

    refused(
      w.app,
      () => w.nft.fails(pool.sme, { update_status: { token_id: "inv-1", status: "active" } }),
      /may not move token inv-1 from financed to active: its status was set by a status agent of its issuer \(only a status agent of its issuer, the collection owner\)/,
    );
    // Nor can it bury the lien under a final settled or a default of its own.
    refused(w.app, () => w.nft.fails(pool.sme, { update_status: { token_id: "inv-1", status: "settled" } }), /its status was set by a status agent/);
    refused(w.app, () => w.nft.fails(pool.sme, { update_status: { token_id: "inv-1", status: "defaulted" } }), /its status was set by a status agent/);
    expect(() => pool.pledge(w, "inv-1", 8_000_000_000)).toThrow(/only active assets can be pledged/);
    // The servicer releases the lien: then the holder pledges.
    w.nft.execute(servicer, { update_status: { token_id: "inv-1", status: "active" } });
    const id = pool.pledge(w, "inv-1", 8_000_000_000);
    expect(w.pool.query({ loan: { loan_id: id } })).toMatchObject({ loan: { status: "requested", token_id: "inv-1" } });
  });

  it("MEDIUM: the holder cannot turn the servicer's attested default into settled; the servicer and the owner still can move it", () => {
    const { app, nft } = setup();
    nft.execute(sme, mintMsg("inv-1", sme, 1));
    nft.execute(owner, { add_status_agent: { agent: servicer, issuer: sme } });
    nft.execute(sme, { transfer_nft: { recipient: buyer, token_id: "inv-1" } });
    nft.execute(servicer, { update_status: { token_id: "inv-1", status: "defaulted" } });
    refused(app, () => nft.fails(buyer, { update_status: { token_id: "inv-1", status: "settled" } }), /may not move token inv-1 from defaulted to settled: its status was set by a status agent of its issuer/);
    expect(nft.query({ tokens_by_status: { status: "defaulted" } })).toEqual({ tokens: ["inv-1"] });
    // A default the owner recorded outranks the servicer too.
    nft.execute(owner, { update_status: { token_id: "inv-1", status: "financed" } });
    nft.execute(owner, { update_status: { token_id: "inv-1", status: "defaulted" } });
    refused(app, () => nft.fails(servicer, { update_status: { token_id: "inv-1", status: "settled" } }), /its status was set by the collection owner \(only the collection owner\)/);
    nft.execute(owner, { update_status: { token_id: "inv-1", status: "settled" } });
    expect(nft.query({ nft_info: { token_id: "inv-1" } })).toMatchObject({ extension: { status: "settled", status_set_by: "collection_owner" } });
  });
});

describe("review (nft 0.2.0 with tranche-pool 0.3.0): void_token of pledged collateral", () => {
  // Flipped with the pool's fix (tranche-pool review 14b, finding 6). Was (MEDIUM, cross-contract):
  // the pool returned the NFT in the same transaction as the full repayment, so once the owner
  // quarantined the collateral the borrower's full repayment reverted, and once it was voided it
  // reverted for ever: the loan could never close. Now the pool returns it with a submessage
  // replied to on error: the repayment goes through, the NFT is held for the borrower while it is
  // quarantined (withdraw_collateral once lifted), and a voided token is recorded as lost.
  it("MEDIUM (fixed): after quarantine the borrower's full repayment closes the loan and the NFT is held for him; voided, it is recorded lost", () => {
    const w = pool.fundedPool();
    const id = pool.openLoan(w, "inv-1", 8_000_000_000);
    const second = pool.openLoan(w, "inv-2", 8_000_000_000);
    w.app.advanceTime(30 * pool.DAY);
    const debt = (loan: number) => BigInt(w.pool.query<{ debt: string }>({ loan: { loan_id: loan } }).debt);
    const loan = (l: number) => w.pool.query<{ loan: { status: string; collateral: string; collateral_to: string | null } }>({ loan: { loan_id: l } }).loan;

    // Quarantined: the repayment goes through, the NFT waits in the pool for the borrower.
    w.nft.execute(pool.owner, { quarantine: { token_id: "inv-1", reason: "disputed document" } });
    pool.pay(w, pool.sme, { repay: { loan_id: id } }, debt(id));
    expect(loan(id)).toMatchObject({ status: "repaid", collateral: "held", collateral_to: pool.sme });
    expect(w.pool.fails(pool.sme, { withdraw_collateral: { loan_id: id } })).toMatch(/Token inv-1 is quarantined/);
    w.nft.execute(pool.owner, { lift_quarantine: { token_id: "inv-1" } });
    w.pool.execute(pool.sme, { withdraw_collateral: { loan_id: id } });
    expect(w.nft.query<{ owner: string }>({ owner_of: { token_id: "inv-1" } }).owner).toBe(pool.sme);

    // Voided while pledged: the repayment goes through and the collateral is recorded lost.
    w.nft.execute(pool.owner, { quarantine: { token_id: "inv-2", reason: "disputed document" } });
    w.nft.execute(pool.owner, { void_token: { token_id: "inv-2", reason: "fraudulent", release_to: pool.sme } });
    const res = pool.pay(w, pool.sme, { repay: { loan_id: second } }, debt(second));
    expect(pool.attrs(res, w.pool.address)).toMatchObject({ action: "collateral_lost", loan_id: String(second), token_id: "inv-2" });
    expect(loan(second)).toMatchObject({ status: "repaid", collateral: "lost" });
    expect(pool.poolInfo(w)).toMatchObject({ loans_principal: "0", junior: { impaired: false } });
  });
});

describe("review (nft 0.1.0 → 0.2.0): release_document while the tombstone scan is pending", () => {
  // LOW. Rule: finding 2 / invariant 4 — a burned token id is never minted again. release_document
  // now writes the tombstone of the record's token id itself when the scan has not reached it.
  it("LOW: a document released before the scan reaches it keeps its burned token id a tombstone", () => {
    const app = new App();
    const release = new Uint8Array(fs.readFileSync(path.join(ROOT, "tests", "fixtures", "releases", "nft-0.1.0.wasm")));
    const oldCode = app.storeCode(owner, release).codeId;
    const addr = app.instantiate(owner, oldCode, { name: "Persistence RWA", symbol: "RWA", minters: [sme] }, "nft", [], owner).contractAddress;
    const id = (n: number) => `inv-${String(n).padStart(3, "0")}`;
    for (let n = 1; n <= 110; n++) app.execute(sme, addr, mintMsg(id(n), sme, n)); // more than migrate's first page
    app.execute(sme, addr, { burn: { token_id: id(105) } }); // burned under 0.1.0, in the second page

    app.migrate(owner, addr, app.storeCode(owner, contractWasm("nft")).codeId, {});
    const nft = new Deployed(app, addr, new SchemaCheck("nft"));
    expect(nft.fails(sme, mintMsg("new-1", sme, 900))).toMatch(/Minting waits for the migration/);
    nft.execute(owner, { release_document: { document_hash: docHash(105), release_to: sme } }); // before the scan reaches it
    const done = nft.execute(mallory, { continue_migration: { limit: 500 } });
    expect(done.events.find((e) => e.type === "wasm")!.attributes).toEqual(expect.arrayContaining([{ key: "tombstones", value: "0" }, { key: "migration", value: "done" }]));

    // The burned id stays the asset it was: finding 2's attack is refused.
    refused(app, () => nft.fails(sme, mintMsg(id(105), sme, 999, { face_value: { denom: "uusdc", amount: "1" } })), /token_id inv-105 was burned: a burned token id is never re-used/);
    // The released document itself is minted again, under a new id, by the issuer it was released to.
    nft.execute(sme, mintMsg("inv-105-again", sme, 105));
    expect(nft.query({ verify_document: { document_hash: docHash(105) } })).toMatchObject({ token_id: "inv-105-again", revision: 0 });
  });
});
