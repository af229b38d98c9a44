// Independent review of the issue-13 NFT fixes (0.2.0): attacks that still work, each performed
// against the compiled wasm. Every test asserts what the attacker achieves TODAY, so it passes
// while the hole exists; when a hole is fixed, flip its test to assert the refusal (clear error,
// store unchanged). Each names its severity and the rule it breaks.
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "../../simulator/app/app";
import { makeAddress } from "../../simulator/vm/api";
import { ROOT } from "../../tools/build/compile";
import { Deployed, SchemaCheck, contractWasm } from "../helpers/contracts";
import * as pool from "../tranche-pool/setup";
import { buyer, carol, docHash, mallory, mintMsg, owner, rogue, setup, sme } from "./setup";

const servicer = makeAddress("sme-servicer");

interface NftInfo {
  token_uri: string | null;
  extension: Record<string, unknown> & { status: string; obligor: string | null; jurisdiction: string };
}

describe("review (nft 0.2.0): attacks that still work", () => {
  let app: App;
  let nft: Deployed;
  const info = (id: string) => nft.query<NftInfo>({ nft_info: { token_id: id } });

  beforeEach(() => {
    ({ app, nft } = setup());
    nft.execute(owner, { add_minter: { minter: rogue } });
  });

  // MEDIUM. Rule: every accepting message pins the terms it accepts (finding 3 at its depth).
  // A bid (or any purchase where the seller still holds the token until it accepts) leaves the
  // seller-minter its edit power up to the sale. Everything the README offers to pin — the
  // document hash and face value (verify_document / nft_info), plus issuer, minted_by and the
  // status the fixed escrow also pins — stays identical while the obligor (who owes the money:
  // the credit risk the bidder priced), the jurisdiction, the attributes and the token_uri are
  // rewritten in the same block, right before the seller accepts.
  it("MEDIUM: a seller-minter rewrites the obligor and terms between a bidder's decision and the sale; every pinnable field is unchanged", () => {
    nft.execute(sme, mintMsg("inv-1", sme, 1));
    // The bidder decides on what it reads and pins what the collection lets it pin.
    const seen = info("inv-1");
    const pinnable = () => {
      const x = info("inv-1").extension;
      const v = nft.query<Record<string, unknown>>({ verify_document: { document_hash: docHash(1) } });
      return { document_hash: x.document_hash, face_value: x.face_value, issuer: x.issuer, minted_by: x.minted_by, status: x.status, verify: { ...v, owner: undefined } };
    };
    const pinned = pinnable();
    expect(seen.extension.obligor).toBe(carol);

    // Between the bid and its acceptance: the seller, still minter-holder, rewrites the asset...
    nft.execute(sme, {
      update_nft_info: {
        token_id: "inv-1",
        token_uri: "ipfs://forged-invoice",
        extension: { obligor: mallory, jurisdiction: "KY", attributes: [{ key: "rating", value: "AAA" }] },
      },
    });
    // ...and accepts (stand-in for send_nft{accept_bid}: the token leaves it in the same block).
    nft.execute(sme, { transfer_nft: { recipient: buyer, token_id: "inv-1" } });

    expect(pinnable()).toEqual(pinned); // nothing the bidder could pin detects the change
    const after = info("inv-1");
    expect(after.extension.obligor).toBe(mallory);
    expect(after.extension.jurisdiction).toBe("KY");
    expect(after.token_uri).toBe("ipfs://forged-invoice");
    expect(after).not.toEqual(seen);
    expect(nft.query({ owner_of: { token_id: "inv-1" } })).toMatchObject({ owner: buyer });
  });

  // LOW. Rule: the dispute path must give the document to its true issuer ("its document is
  // released, so the true issuer can tokenize it"). void_token releases the document hash to the
  // first minter that asks: the squatter (still a minter, or any other minter) re-mints the same
  // document in the next transaction, under a new token id, and the SME is locked out again.
  it("LOW: after void_token the squatter re-squats the released document before the true issuer", () => {
    nft.execute(rogue, mintMsg("fake-1", rogue, 77, { issuer: rogue }));
    nft.execute(owner, { quarantine: { token_id: "fake-1", reason: "SME reports document squatting" } });
    nft.execute(owner, { void_token: { token_id: "fake-1", reason: "squatted document" } });
    // Front-running the SME: the released document goes to whoever mints first.
    nft.execute(rogue, mintMsg("fake-2", rogue, 77, { issuer: rogue }));
    expect(nft.fails(sme, mintMsg("inv-77", sme, 77))).toMatch(/Document already tokenized as token fake-2/);
    expect(nft.query({ verify_document: { document_hash: docHash(77) } })).toMatchObject({ token_id: "fake-2", issuer: rogue, minted_by: rogue });
  });

  // LOW. Rule: authorization on every privileged message — the power to speak for an issuer
  // should end when the issuer withdraws it. After deauthorize_minter, the minter can no longer
  // mint in the SME's name, but it keeps rewriting the tokens it minted in that name while it
  // holds them (token_uri, obligor, attributes), and they still read `issuer: sme`.
  it("LOW: a deauthorized minter keeps rewriting tokens that carry the issuer's name", () => {
    nft.execute(sme, { authorize_minter: { minter: rogue } });
    nft.execute(rogue, mintMsg("agent-1", rogue, 78)); // issuer: sme, held by the minter
    nft.execute(sme, { deauthorize_minter: { minter: rogue } });
    expect(nft.fails(rogue, mintMsg("agent-2", rogue, 79))).toMatch(/may not mint in the name of issuer/);
    nft.execute(rogue, { update_nft_info: { token_id: "agent-1", token_uri: "ipfs://not-the-sme-document", extension: { obligor: mallory } } });
    expect(info("agent-1")).toMatchObject({ token_uri: "ipfs://not-the-sme-document", extension: { issuer: sme, minted_by: rogue, obligor: mallory } });
  });

  // LOW. Rule: bad input gets a clear error (README: "every address is validated through the
  // chain"). is_allowed — what the escrow asks before a deposit — validates nothing and answers
  // `allowed: true` for a string that is not an address while compliance is off.
  it("LOW: is_allowed answers allowed: true for a string that is not an address", () => {
    expect(nft.query({ is_allowed: { address: "not an address" } })).toEqual({ allowed: true });
    expect(() => nft.execute(sme, mintMsg("inv-9", "not an address", 9))).toThrow(/Invalid address/);
  });
});

describe("review (nft 0.2.0): the status machine lets the holder erase a third party's attestation", () => {
  // MEDIUM. Rule: statuses move only as the state machine allows the sender — and the README's
  // own reason for it: an attestation the holder could fake needs an agent or the owner. The
  // machine keys only on (from, to), not on who set `from`: a `financed` lien recorded by the
  // issuer's servicer (an off-chain facility that financed this invoice) is dropped by the
  // holder (financed → active), and the pool — which lends only against `active` tokens —
  // finances the same invoice a second time. Likewise a `defaulted` the servicer attested
  // becomes the final `settled` ("paid") by the holder's say-so; nobody, not even the collection
  // owner, can correct it afterwards. README: "lift its own financed label" — it lifts anyone's.
  it("MEDIUM: the holder drops the servicer's financed lien and pledges the invoice to the pool again", () => {
    const w = pool.fundedPool();
    pool.mintInvoice(w, "inv-1", 10_000_000_000n);
    w.nft.execute(pool.owner, { add_status_agent: { agent: servicer, issuer: pool.sme } });
    w.nft.execute(servicer, { update_status: { token_id: "inv-1", status: "financed" } }); // the lien
    expect(() => pool.pledge(w, "inv-1", 8_000_000_000)).toThrow(/only active assets can be pledged/);

    w.nft.execute(pool.sme, { update_status: { token_id: "inv-1", status: "active" } }); // the holder lifts it
    const id = pool.pledge(w, "inv-1", 8_000_000_000);
    w.pool.execute(pool.manager, { approve_loan: { loan_id: id, apr: "0.12" } });
    w.pool.execute(pool.sme, { draw: { loan_id: id } });
    expect(w.pool.query({ loan: { loan_id: id } })).toMatchObject({ loan: { status: "active", principal: "8000000000", token_id: "inv-1" } });
  });

  it("MEDIUM: the holder turns the servicer's attested default into a final settled that nobody can correct", () => {
    const { nft } = setup();
    nft.execute(sme, mintMsg("inv-1", sme, 1));
    nft.execute(owner, { add_status_agent: { agent: servicer, issuer: sme } });
    nft.execute(sme, { transfer_nft: { recipient: buyer, token_id: "inv-1" } });
    nft.execute(servicer, { update_status: { token_id: "inv-1", status: "defaulted" } });
    nft.execute(buyer, { update_status: { token_id: "inv-1", status: "settled" } });
    expect(nft.fails(owner, { update_status: { token_id: "inv-1", status: "defaulted" } })).toMatch(/settled; its status is final/);
    expect(nft.fails(servicer, { update_status: { token_id: "inv-1", status: "defaulted" } })).toMatch(/settled; its status is final/);
    expect(nft.query({ tokens_by_status: { status: "settled" } })).toEqual({ tokens: ["inv-1"] });
  });
});

describe("review (nft 0.2.0 with tranche-pool 0.2.0): void_token of pledged collateral", () => {
  // MEDIUM (cross-contract; the README states the pool "must keep it as a claim", the deployed
  // pool does not). Rule: no party can make another party's exit fail. The pool returns the NFT
  // in the same transaction as the full repayment; once the owner quarantines the collateral the
  // borrower's full repayment reverts, and once it is voided it reverts for ever: the loan can
  // never be closed, interest keeps accruing, and the recovery path (recover / claim_collateral)
  // has the same transfer in it.
  it("MEDIUM: after quarantine, and for ever after void_token, the borrower's full repayment reverts", () => {
    const w = pool.fundedPool();
    const id = pool.openLoan(w, "inv-1", 8_000_000_000);
    w.app.advanceTime(30 * pool.DAY);
    const debt = () => BigInt(w.pool.query<{ debt: string }>({ loan: { loan_id: id } }).debt);

    w.nft.execute(pool.owner, { quarantine: { token_id: "inv-1", reason: "disputed document" } });
    expect(pool.payFails(w, pool.sme, { repay: { loan_id: id } }, debt())).toMatch(/Token inv-1 is quarantined/);

    w.nft.execute(pool.owner, { void_token: { token_id: "inv-1", reason: "fraudulent" } });
    expect(pool.payFails(w, pool.sme, { repay: { loan_id: id } }, debt())).toMatch(/Token not found: inv-1/);
    w.app.advanceTime(30 * pool.DAY);
    expect(pool.payFails(w, pool.sme, { repay: { loan_id: id } }, debt())).toMatch(/Token not found: inv-1/);
    // Only a partial repayment goes through; the loan stays open and keeps accruing.
    pool.pay(w, pool.sme, { repay: { loan_id: id } }, debt() - 1n);
    expect(w.pool.query({ loan: { loan_id: id } })).toMatchObject({ loan: { status: "active", collateral: "escrowed" } });
  });
});

describe("review (nft 0.1.0 → 0.2.0): release_document while the tombstone scan is pending", () => {
  // LOW (needs the owner's routine release_document, during the migration window). Rule:
  // finding 2 / invariant 4 — a burned token id is never minted again. The tombstone of an id
  // burned under 0.1.0 is written only when the paged scan reaches its document record;
  // release_document deletes that record, so a release sent before the scan reaches it leaves
  // the id without a tombstone, and the id is minted again for another asset with face value 1.
  it("LOW: a document released before the scan reaches it leaves its burned token id re-usable", () => {
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
    nft.execute(owner, { release_document: { document_hash: docHash(105) } }); // before the scan reaches it
    nft.execute(mallory, { continue_migration: { limit: 500 } });

    // The burned id comes back as another asset: the attack of finding 2, after the fix.
    nft.execute(sme, mintMsg(id(105), sme, 999, { face_value: { denom: "uusdc", amount: "1" } }));
    expect(nft.query({ nft_info: { token_id: id(105) } })).toMatchObject({ extension: { document_hash: docHash(999), face_value: { amount: "1" } } });
  });
});
