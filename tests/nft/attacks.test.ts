// Issue 13, NFT side: each attack of the review, performed against the compiled contract. On the
// 0.1.0 code every one of them worked (see the commit that added this file); each now fails with
// a clear error and leaves the whole store byte-for-byte unchanged.
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { Deployed, SchemaCheck } from "@persistence-ts/testing/contracts";
import { contractWasm } from "@persistence-ts/testing/contracts";
import { buildFixture } from "@persistence-ts/testing/fixtures";
import { agent, buyer, carol, docHash, mallory, mintMsg, owner, rogue, setup, sme, snapshot } from "./setup";

let app: App;
let nft: Deployed;

const info = (id: string) => nft.query<{ token_uri: string | null; extension: Record<string, unknown> }>({ nft_info: { token_id: id } });
const face = (amount: string) => ({ face_value: { denom: "uusdc", amount } });

/** The attack fails with `error` and nothing in the store changed. */
function refused(attack: () => string, error: RegExp): void {
  const before = snapshot(app);
  expect(attack()).toMatch(error);
  expect(snapshot(app)).toBe(before);
}

beforeEach(() => {
  ({ app, nft } = setup());
  nft.execute(owner, { add_minter: { minter: rogue } });
  nft.execute(sme, mintMsg("inv-1", sme, 1, face("9000000")));
});

/** A contract that holds a token the way the escrow holds an ask (the probe accepts receive_nft). */
function escrowLike(): string {
  return app.instantiate(owner, app.storeCode(owner, buildFixture("probe")).codeId, {}, "escrow-like").contractAddress;
}

describe("finding 2: a burned token id is never re-used", () => {
  it("a minter burns inv-1 and tries to mint inv-1 again with another document and a face value of 1", () => {
    nft.execute(sme, { burn: { token_id: "inv-1" } });
    refused(() => nft.fails(sme, mintMsg("inv-1", sme, 2, face("1"))), /token_id inv-1 was burned: a burned token id is never re-used/);
    // Not even the same document comes back under the old id once released: ids are tombstones.
    nft.execute(owner, { release_document: { document_hash: docHash(1), release_to: sme } });
    refused(() => nft.fails(sme, mintMsg("inv-1", sme, 1, face("9000000"))), /was burned/);
  });

  it("verify_document and nft_info pin the asset by document hash and face value", () => {
    expect(nft.query({ verify_document: { document_hash: docHash(1) } })).toEqual({
      token_id: "inv-1",
      owner: sme,
      status: "active",
      burned: false,
      face_value: { denom: "uusdc", amount: "9000000" },
      issuer: sme,
      minted_by: sme,
      revision: 0,
      reserved_for: null,
    });
    expect(info("inv-1").extension).toMatchObject({ document_hash: docHash(1), face_value: { denom: "uusdc", amount: "9000000" }, minted_by: sme, revision: 0 });
  });
});

describe("finding 3: a minter keeps no powers over tokens it sold", () => {
  beforeEach(() => {
    nft.execute(sme, { transfer_nft: { recipient: buyer, token_id: "inv-1" } }); // the sale
  });

  it("the former owner cannot rewrite obligor, token_uri, attributes or jurisdiction", () => {
    const edit = (extension: Record<string, unknown>, token_uri?: string) => () => nft.fails(sme, { update_nft_info: { token_id: "inv-1", token_uri, extension } });
    const denied = /Unauthorized: .* may not edit token inv-1 \(only its minter while it holds the token, or the collection owner\)/;
    refused(edit({}, "ipfs://forged"), denied);
    refused(edit({ obligor: mallory }), denied);
    refused(edit({ clear_obligor: true }), denied);
    refused(edit({ jurisdiction: "KY" }), denied);
    refused(edit({ attributes: [{ key: "rating", value: "AAA" }] }), denied);
    // Neither can the new holder: what it bought is what the next buyer sees.
    refused(() => nft.fails(buyer, { update_nft_info: { token_id: "inv-1", extension: { obligor: mallory } } }), denied);
  });

  it("the former owner cannot set the final status settled", () => {
    refused(() => nft.fails(sme, { update_status: { token_id: "inv-1", status: "settled" } }), /Unauthorized: .* may not move token inv-1 from active to settled \(only its holder, a status agent of its issuer, the collection owner\)/);
  });

  it("the former owner cannot relabel defaulted back to active; neither can the holder", () => {
    nft.execute(buyer, { update_status: { token_id: "inv-1", status: "defaulted" } });
    const cure = /may not move token inv-1 from defaulted to active \(only a status agent of its issuer, the collection owner\)/;
    refused(() => nft.fails(sme, { update_status: { token_id: "inv-1", status: "active" } }), cure);
    refused(() => nft.fails(buyer, { update_status: { token_id: "inv-1", status: "active" } }), cure);
    refused(() => nft.fails(buyer, { update_status: { token_id: "inv-1", status: "financed" } }), /from defaulted to financed/);
  });

  it("the former owner cannot change the obligor while the token sits in an open ask", () => {
    const escrow = escrowLike();
    nft.execute(buyer, { send_nft: { contract: escrow, token_id: "inv-1", msg: Buffer.from("{}").toString("base64") } });
    refused(() => nft.fails(sme, { update_nft_info: { token_id: "inv-1", extension: { obligor: mallory } } }), /may not edit token inv-1/);
    refused(() => nft.fails(buyer, { update_status: { token_id: "inv-1", status: "settled" } }), /may not move token inv-1/);
  });

  it("a status agent appointed for one issuer cannot touch another issuer's token", () => {
    nft.execute(owner, { add_status_agent: { agent, issuer: rogue } });
    nft.execute(buyer, { update_status: { token_id: "inv-1", status: "defaulted" } });
    refused(() => nft.fails(agent, { update_status: { token_id: "inv-1", status: "active" } }), /may not move token inv-1 from defaulted to active/);
    // Appointed for the SME's tokens, it may attest the cure.
    nft.execute(owner, { add_status_agent: { agent, issuer: sme } });
    nft.execute(agent, { update_status: { token_id: "inv-1", status: "active" } });
    expect(info("inv-1").extension.status).toBe("active");
  });
});

describe("finding 4: document squatting and issuer impersonation", () => {
  it("a rogue minter cannot name the SME as issuer without the SME's authorization", () => {
    refused(
      () => nft.fails(rogue, mintMsg("fake-1", rogue, 77, { issuer: sme })),
      /Unauthorized: .* may not mint in the name of issuer .* \(the issuer must send authorize_minter first\)/,
    );
    // With it, the minter mints in the SME's name and queries show who minted.
    nft.execute(sme, { authorize_minter: { minter: rogue } });
    nft.execute(rogue, mintMsg("agent-1", sme, 78));
    expect(info("agent-1").extension).toMatchObject({ issuer: sme, minted_by: rogue });
    nft.execute(sme, { deauthorize_minter: { minter: rogue } });
    refused(() => nft.fails(rogue, mintMsg("agent-2", sme, 79)), /may not mint in the name of issuer/);
  });

  it("a squatted document is quarantined, voided and released; the SME then tokenizes it", () => {
    nft.execute(rogue, mintMsg("fake-1", rogue, 77, { issuer: rogue })); // the SME's document under the rogue's name
    refused(() => nft.fails(sme, mintMsg("inv-77", sme, 77)), /Document already tokenized as token fake-1/);
    refused(() => nft.fails(rogue, { quarantine: { token_id: "fake-1", reason: "mine" } }), /Caller is not the contract's current owner/);
    nft.execute(owner, { quarantine: { token_id: "fake-1", reason: "SME reports document squatting" } });
    // Frozen: the rogue can neither sell, approve, burn nor relabel it.
    refused(() => nft.fails(rogue, { transfer_nft: { recipient: buyer, token_id: "fake-1" } }), /Token fake-1 is quarantined: it cannot be moved/);
    refused(() => nft.fails(rogue, { approve: { spender: buyer, token_id: "fake-1" } }), /is quarantined/);
    refused(() => nft.fails(rogue, { burn: { token_id: "fake-1" } }), /is quarantined/);
    refused(() => nft.fails(rogue, { update_status: { token_id: "fake-1", status: "settled" } }), /quarantined: only the collection owner's lift_quarantine or void_token/);
    expect(nft.query({ quarantine_info: { token_id: "fake-1" } })).toEqual({ prior_status: "active", prior_set_by: "holder", reason: "SME reports document squatting" });
    const res = nft.execute(owner, { void_token: { token_id: "fake-1", reason: "squatted document", release_to: sme } });
    expect(res.events.find((e) => e.type === "wasm")!.attributes).toEqual(
      expect.arrayContaining([
        { key: "action", value: "void_token" },
        { key: "document_hash", value: docHash(77) },
        { key: "minted_by", value: rogue },
        { key: "release_to", value: sme },
      ]),
    );
    nft.execute(sme, mintMsg("inv-77", sme, 77));
    expect(nft.query({ verify_document: { document_hash: docHash(77) } })).toMatchObject({ token_id: "inv-77", issuer: sme, minted_by: sme });
    refused(() => nft.fails(rogue, mintMsg("fake-1", rogue, 80, { issuer: rogue })), /token_id fake-1 was burned/);
  });
});

describe("finding 6: approvals granted by an operator die with the operator's grant", () => {
  beforeEach(() => {
    nft.execute(sme, { approve_all: { operator: carol, expires: { at_height: app.block.height + 5 } } });
    nft.execute(carol, { approve: { spender: mallory, token_id: "inv-1" } }); // never expires
  });

  it("after revoke_all the accomplice's approval no longer transfers, even once the operator is approved again", () => {
    nft.execute(sme, { revoke_all: { operator: carol } });
    refused(() => nft.fails(mallory, { transfer_nft: { recipient: mallory, token_id: "inv-1" } }), /Unauthorized: .* may not move token inv-1/);
    expect(nft.query({ approvals: { token_id: "inv-1" } })).toEqual({ approvals: [] });
    nft.execute(sme, { approve_all: { operator: carol } });
    refused(() => nft.fails(mallory, { transfer_nft: { recipient: mallory, token_id: "inv-1" } }), /may not move token inv-1/);
  });

  it("after the operator grant expires the accomplice's approval no longer burns", () => {
    app.advanceBlocks(6);
    refused(() => nft.fails(mallory, { burn: { token_id: "inv-1" } }), /may not move token inv-1/);
  });

  it("while the grant lives (also when extended) the approval works", () => {
    nft.execute(sme, { approve_all: { operator: carol } }); // extension of a live grant
    nft.execute(mallory, { transfer_nft: { recipient: mallory, token_id: "inv-1" } });
    expect(nft.query({ owner_of: { token_id: "inv-1" } })).toMatchObject({ owner: mallory });
  });
});

describe("also fix: validation and the allowlist", () => {
  it("an invalid name or symbol is refused at instantiation", () => {
    const codeId = app.storeCode(owner, contractWasm("nft")).codeId;
    const schema = new SchemaCheck("nft");
    const init = (msg: Record<string, unknown>) => {
      schema.assertValid("instantiate", msg);
      return () => app.instantiate(owner, codeId, msg, "bad");
    };
    expect(init({ name: "", symbol: "RWA" })).toThrow(/Invalid name: must be 1 to 64 bytes/);
    expect(init({ name: "x".repeat(65), symbol: "RWA" })).toThrow(/Invalid name/);
    for (const symbol of ["", "RW", "R W A", "RWA/USD", "ABCDEFGHIJKLM", "RWÄ"]) expect(init({ name: "RWA", symbol })).toThrow(/Invalid symbol/);
  });

  it("an empty token_uri or attribute value is refused", () => {
    const m = mintMsg("inv-2", sme, 2);
    refused(() => nft.fails(sme, { mint: { ...m.mint, token_uri: "" } }), /Invalid token_uri: must be 1 to 1024 bytes/);
    refused(() => nft.fails(sme, mintMsg("inv-3", sme, 3, { attributes: [{ key: "note", value: "" }] })), /Invalid attribute value: must be 1 to 256 bytes/);
    refused(() => nft.fails(sme, { update_nft_info: { token_id: "inv-1", token_uri: "", extension: {} } }), /Invalid token_uri/);
    refused(() => nft.fails(sme, { update_nft_info: { token_id: "inv-1", extension: { attributes: [{ key: "k", value: "" }] } } }), /Invalid attribute value/);
  });

  it("the obligor can be cleared (not together with a new one), with an event", () => {
    refused(() => nft.fails(sme, { update_nft_info: { token_id: "inv-1", extension: { obligor: carol, clear_obligor: true } } }), /obligor and clear_obligor together/);
    const res = nft.execute(sme, { update_nft_info: { token_id: "inv-1", extension: { clear_obligor: true } } });
    expect(res.events.find((e) => e.type === "wasm")!.attributes).toContainEqual({ key: "clear_obligor", value: "true" });
    expect(info("inv-1").extension.obligor).toBeNull();
  });

  it("adding a listed address or removing an unlisted one fails, naming it", () => {
    nft.execute(owner, { update_allowlist: { add: [buyer], remove: [] } });
    refused(() => nft.fails(owner, { update_allowlist: { add: [carol, buyer], remove: [] } }), new RegExp(`Address already on the allowlist: ${buyer}`));
    refused(() => nft.fails(owner, { update_allowlist: { add: [carol], remove: [mallory] } }), new RegExp(`Address not on the allowlist: ${mallory}`));
    refused(() => nft.fails(owner, { update_allowlist: { add: [carol, carol], remove: [] } }), new RegExp(`already on the allowlist: ${carol}`));
    expect(nft.query({ allowlist: {} })).toEqual({ addresses: [buyer] });
  });

  it("verify_document refuses a malformed hash instead of answering never tokenized", () => {
    nft.execute(sme, mintMsg("inv-abc", sme, 0xabc));
    for (const bad of [docHash(0xabc).toUpperCase(), "ab", "g".repeat(64), docHash(0xabc) + "0"]) {
      expect(() => nft.query({ verify_document: { document_hash: bad } })).toThrow(/Invalid document_hash: expected 64 lowercase hex characters/);
    }
    expect(nft.query({ verify_document: { document_hash: docHash(0xabc) } })).toMatchObject({ token_id: "inv-abc" });
  });
});
