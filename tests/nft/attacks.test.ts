// Issue 13, NFT side: each attack of the review, performed against the compiled contract.
// This first version shows every attack WORKING on the 0.1.0 code; the fix flips each one.
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "../../simulator/app/app";
import { Deployed, deploy } from "../helpers/contracts";
import { buildFixture } from "../helpers/fixtures";
import { agent, buyer, carol, docHash, mallory, mintMsg, owner, rogue, setup, sme } from "./setup";

let app: App;
let nft: Deployed;

const info = (id: string) => nft.query<{ token_uri: string | null; extension: Record<string, unknown> }>({ nft_info: { token_id: id } });
const face = (amount: string) => ({ face_value: { denom: "uusdc", amount } });

beforeEach(() => {
  ({ app, nft } = setup());
  nft.execute(owner, { add_minter: { minter: rogue } });
  nft.execute(sme, mintMsg("inv-1", sme, 1, face("9000000")));
});

/** A contract that holds a token the way the escrow holds an ask (the probe accepts receive_nft). */
function escrowLike(): string {
  return app.instantiate(owner, app.storeCode(owner, buildFixture("probe")).codeId, {}, "escrow-like").contractAddress;
}

describe("finding 2: a burned token id is re-used for another asset", () => {
  it("a minter burns inv-1 and mints inv-1 again with another document and a face value of 1", () => {
    nft.execute(sme, { burn: { token_id: "inv-1" } });
    nft.execute(sme, mintMsg("inv-1", sme, 2, face("1")));
    expect(info("inv-1").extension).toMatchObject({ document_hash: docHash(2), face_value: { denom: "uusdc", amount: "1" } });
  });
});

describe("finding 3: a minter keeps powers over tokens it sold", () => {
  beforeEach(() => {
    nft.execute(sme, { transfer_nft: { recipient: buyer, token_id: "inv-1" } }); // the sale
  });

  it("the former owner rewrites obligor, token_uri, attributes and jurisdiction", () => {
    nft.execute(sme, {
      update_nft_info: { token_id: "inv-1", token_uri: "ipfs://forged", extension: { obligor: mallory, jurisdiction: "KY", attributes: [{ key: "rating", value: "AAA" }] } },
    });
    expect(info("inv-1")).toMatchObject({ token_uri: "ipfs://forged", extension: { obligor: mallory, jurisdiction: "KY", attributes: [{ key: "rating", value: "AAA" }] } });
  });

  it("the former owner sets the final status settled", () => {
    nft.execute(sme, { update_status: { token_id: "inv-1", status: "settled" } });
    expect(info("inv-1").extension.status).toBe("settled");
  });

  it("the former owner relabels defaulted back to active", () => {
    nft.execute(owner, { update_status: { token_id: "inv-1", status: "defaulted" } });
    nft.execute(sme, { update_status: { token_id: "inv-1", status: "active" } });
    expect(info("inv-1").extension.status).toBe("active");
  });

  it("the former owner changes the obligor while the token sits in an open ask", () => {
    const escrow = escrowLike();
    nft.execute(buyer, { send_nft: { contract: escrow, token_id: "inv-1", msg: Buffer.from("{}").toString("base64") } });
    nft.execute(sme, { update_nft_info: { token_id: "inv-1", extension: { obligor: mallory } } });
    expect(info("inv-1").extension.obligor).toBe(mallory);
  });

  it("a status agent appointed for one originator relabels any other originator's token", () => {
    nft.execute(owner, { add_status_agent: { agent } }); // meant for the rogue minter's tokens only
    nft.execute(owner, { update_status: { token_id: "inv-1", status: "defaulted" } });
    nft.execute(agent, { update_status: { token_id: "inv-1", status: "active" } });
    expect(info("inv-1").extension.status).toBe("active");
  });
});

describe("finding 4: document squatting and issuer impersonation", () => {
  it("a rogue minter mints the SME's document as the SME's asset; the SME cannot tokenize it and nobody can undo it", () => {
    nft.execute(rogue, mintMsg("fake-1", rogue, 77, { issuer: sme }));
    expect(info("fake-1").extension.issuer).toBe(sme);
    expect(nft.query({ tokens_by_issuer: { issuer: sme } })).toEqual({ tokens: ["fake-1", "inv-1"] });
    expect(nft.fails(sme, mintMsg("inv-77", sme, 77))).toMatch(/Document already tokenized as token fake-1/);
    nft.execute(owner, { remove_minter: { minter: rogue } });
    expect(nft.fails(owner, { release_document: { document_hash: docHash(77) } })).toMatch(/held by live token fake-1/);
    expect(nft.fails(owner, { burn: { token_id: "fake-1" } })).toMatch(/may not move token fake-1/);
  });
});

describe("finding 6: approvals granted by an operator outlive the operator", () => {
  beforeEach(() => {
    nft.execute(sme, { approve_all: { operator: carol, expires: { at_height: app.block.height + 5 } } });
    nft.execute(carol, { approve: { spender: mallory, token_id: "inv-1" } }); // never expires
  });

  it("after revoke_all the accomplice's approval still transfers", () => {
    nft.execute(sme, { revoke_all: { operator: carol } });
    nft.execute(mallory, { transfer_nft: { recipient: mallory, token_id: "inv-1" } });
    expect(nft.query({ owner_of: { token_id: "inv-1" } })).toMatchObject({ owner: mallory });
  });

  it("after the operator grant expires the accomplice's approval still burns", () => {
    app.advanceBlocks(6);
    nft.execute(mallory, { burn: { token_id: "inv-1" } });
    expect(nft.query({ num_tokens: {} })).toEqual({ count: 0 });
  });
});

describe("also fix: validation and the allowlist", () => {
  it("an empty name and symbol are accepted", () => {
    const other = deploy(app, "nft", owner, { name: "", symbol: "" });
    expect(other.query({ contract_info: {} })).toEqual({ name: "", symbol: "" });
  });

  it("an empty token_uri and an empty attribute value are accepted", () => {
    nft.execute(sme, { ...mintMsg("inv-2", sme, 2), mint: { ...mintMsg("inv-2", sme, 2).mint, token_uri: "" } });
    nft.execute(sme, mintMsg("inv-3", sme, 3, { attributes: [{ key: "note", value: "" }] }));
    expect(info("inv-2").token_uri).toBe("");
  });

  it("the obligor can never be cleared", () => {
    nft.execute(sme, { update_nft_info: { token_id: "inv-1", extension: { obligor: null } } });
    expect(info("inv-1").extension.obligor).toBe(carol);
  });

  it("adding a listed address and removing an unlisted one both succeed silently", () => {
    nft.execute(owner, { update_allowlist: { add: [buyer], remove: [] } });
    nft.execute(owner, { update_allowlist: { add: [buyer], remove: [carol] } });
    expect(nft.query({ allowlist: {} })).toEqual({ addresses: [buyer] });
  });

  it("verify_document reads an upper-case hash as never tokenized", () => {
    nft.execute(sme, mintMsg("inv-abc", sme, 0xabc));
    expect(nft.query({ verify_document: { document_hash: docHash(0xabc).toUpperCase() } })).toEqual({ token_id: null, owner: null, status: null, burned: false });
  });
});
