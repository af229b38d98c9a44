// The real-world-asset rules: metadata, one token per document, roles, compliance, status.
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { Deployed } from "@persistence-ts/testing/contracts";
import { DAY, agent, buyer, carol, docHash, mintMsg, owner, setup, sme, snapshot } from "./setup";
import * as ContractError from "../../contracts/nft/src/error";

let app: App;
let nft: Deployed;

const NONE = { token_id: null, owner: null, status: null, burned: false, face_value: null, issuer: null, minted_by: null, revision: null, reserved_for: null };
const info = (id: string) => nft.query<{ token_uri: string | null; extension: Record<string, unknown> }>({ nft_info: { token_id: id } });

beforeEach(() => {
  ({ app, nft } = setup());
  app.mint(sme, [{ denom: "uxprt", amount: "10" }]);
  nft.execute(sme, mintMsg("inv-1", sme, 1));
});


describe("asset metadata", () => {
  it("nft_info returns the extension with status active", () => {
    expect(nft.query({ nft_info: { token_id: "inv-1" } })).toEqual({
      token_uri: "ipfs://invoice/inv-1",
      extension: {
        asset_class: "invoice",
        document_hash: docHash(1),
        face_value: { denom: "uusdc", amount: "100000000" },
        issuer: sme,
        obligor: carol,
        issue_date: "1700000000000000000",
        maturity: (1_700_000_000n * 1_000_000_000n + 90n * DAY).toString(),
        jurisdiction: "DE",
        status: "active",
        attributes: [{ key: "invoice_number", value: "INV-2026-001" }],
        minted_by: sme,
        status_set_by: "holder",
        revision: 0,
      },
    });
  });

  it("update_nft_info changes only the mutable fields, by the minter while it holds the token or the owner, with an event", () => {
    const res = nft.execute(sme, { update_nft_info: { token_id: "inv-1", token_uri: "ipfs://v2", extension: { jurisdiction: "FR", obligor: null, attributes: null } } });
    expect(res.events.find((e) => e.type === "wasm")!.attributes).toContainEqual({ key: "jurisdiction", value: "FR" });
    expect(info("inv-1").token_uri).toBe("ipfs://v2");
    expect(info("inv-1").extension).toMatchObject({ jurisdiction: "FR", obligor: carol, document_hash: docHash(1) });
    nft.execute(owner, { update_nft_info: { token_id: "inv-1", extension: { attributes: [] } } });
    expect(nft.fails(buyer, { update_nft_info: { token_id: "inv-1", extension: {} } })).toContain(ContractError.mayNotEdit(buyer, "inv-1"));
    nft.execute(sme, { transfer_nft: { recipient: buyer, token_id: "inv-1" } });
    expect(nft.fails(sme, { update_nft_info: { token_id: "inv-1", extension: { jurisdiction: "IT" } } })).toMatch(/may not edit token inv-1/);
    nft.execute(owner, { update_nft_info: { token_id: "inv-1", extension: { jurisdiction: "IT" } } });
    expect(info("inv-1").extension.jurisdiction).toBe("IT");
  });

  it("the mint event names the minter, the owner, the token, its issuer and its document", () => {
    nft.execute(carol, { authorize_minter: { minter: sme } });
    const res = nft.execute(sme, mintMsg("inv-c", buyer, 3, { issuer: carol }));
    expect(res.events.find((e) => e.type === "wasm")!.attributes).toEqual([
      { key: "_contract_address", value: nft.address },
      { key: "action", value: "mint" },
      { key: "minter", value: sme },
      { key: "owner", value: buyer },
      { key: "token_id", value: "inv-c" },
      { key: "issuer", value: carol },
      { key: "document_hash", value: docHash(3) },
    ]);
  });

  it("immutable fields cannot be sent in update_nft_info", () => {
    expect(nft.rejects(sme, { update_nft_info: { token_id: "inv-1", extension: { document_hash: docHash(9) } } })).toMatch(/unknown field `document_hash`/);
    expect(nft.rejects(sme, { update_nft_info: { token_id: "inv-1", extension: { face_value: { denom: "uusdc", amount: "1" } } } })).toMatch(/unknown field `face_value`/);
  });
});

describe("revisions", () => {
  /** The revision, read where a buyer can pin it: nft_info, all_nft_info and verify_document agree. */
  const revision = (id: string, doc: number): number => {
    const r = nft.query<{ extension: { revision: number } }>({ nft_info: { token_id: id } }).extension.revision;
    expect(nft.query({ all_nft_info: { token_id: id } })).toMatchObject({ info: { extension: { revision: r } } });
    expect(nft.query({ verify_document: { document_hash: docHash(doc) } })).toMatchObject({ token_id: id, revision: r });
    return r;
  };
  const attr = (res: { events: Array<{ type: string; attributes: Array<{ key: string; value: string }> }> }, key: string) =>
    res.events.find((e) => e.type === "wasm")!.attributes.find((a) => a.key === key)?.value;

  it("every change of a token's terms bumps its revision by one; moving, approving or a refusal does not", () => {
    expect(revision("inv-1", 1)).toBe(0);
    const edit = (who: string, token_uri: string | undefined, extension: Record<string, unknown>) => nft.execute(who, { update_nft_info: { token_id: "inv-1", token_uri, extension } });
    expect(attr(edit(sme, "ipfs://v2", {}), "revision")).toBe("1");
    edit(sme, undefined, { obligor: buyer });
    edit(sme, undefined, { clear_obligor: true });
    edit(sme, undefined, { jurisdiction: "FR", attributes: [] }); // one message, one revision
    expect(revision("inv-1", 1)).toBe(4);
    expect(attr(nft.execute(sme, { update_status: { token_id: "inv-1", status: "financed" } }), "revision")).toBe("5");
    expect(attr(nft.execute(owner, { quarantine: { token_id: "inv-1", reason: "disputed" } }), "revision")).toBe("6");
    edit(owner, undefined, { jurisdiction: "IT" });
    expect(attr(nft.execute(owner, { lift_quarantine: { token_id: "inv-1" } }), "revision")).toBe("8");
    // Approvals and transfers are not terms: an escrow's own transfers do not move the revision.
    nft.execute(sme, { approve: { spender: carol, token_id: "inv-1" } });
    nft.execute(sme, { revoke: { spender: carol, token_id: "inv-1" } });
    nft.execute(sme, { approve_all: { operator: carol } });
    nft.execute(carol, { transfer_nft: { recipient: buyer, token_id: "inv-1" } });
    expect(revision("inv-1", 1)).toBe(8);
    // A refused change leaves it, and everything else, as it was.
    for (const [who, msg, error] of [
      [sme, { update_nft_info: { token_id: "inv-1", extension: { jurisdiction: "KY" } } }, /may not edit token inv-1/],
      [owner, { update_nft_info: { token_id: "inv-1", extension: {} } }, /Invalid update: nothing to change/],
      [owner, { update_nft_info: { token_id: "inv-1", extension: { clear_obligor: false } } }, /Invalid update: nothing to change/],
      [buyer, { update_status: { token_id: "inv-1", status: "financed" } }, /already financed/],
    ] as const) {
      const before = snapshot(app);
      expect(nft.fails(who, msg)).toMatch(error);
      expect(snapshot(app)).toBe(before);
    }
    expect(revision("inv-1", 1)).toBe(8);
  });
});

describe("one document, one token", () => {
  it("a second mint of the same document fails, even after burn, until the owner releases it", () => {
    expect(nft.fails(sme, mintMsg("inv-dup", sme, 1))).toMatch(/Document already tokenized as token inv-1/);
    nft.execute(sme, { burn: { token_id: "inv-1" } });
    expect(nft.fails(sme, mintMsg("inv-dup", sme, 1))).toMatch(/inv-1 \(burned; the owner must release it first\)/);
    expect(nft.query({ verify_document: { document_hash: docHash(1) } })).toEqual({ ...NONE, burned: true });
    expect(nft.fails(sme, { release_document: { document_hash: docHash(1), release_to: sme } })).toMatch(/Caller is not the contract's current owner/);
    const res = nft.execute(owner, { release_document: { document_hash: docHash(1), release_to: sme } });
    expect(res.events.find((e) => e.type === "wasm")!.attributes).toEqual(
      expect.arrayContaining([{ key: "document_hash", value: docHash(1) }, { key: "release_to", value: sme }]),
    );
    expect(nft.query({ verify_document: { document_hash: docHash(1) } })).toEqual({ ...NONE, reserved_for: sme });
    nft.execute(sme, mintMsg("inv-again", sme, 1));
    expect(nft.query({ verify_document: { document_hash: docHash(1) } })).toEqual({
      token_id: "inv-again",
      owner: sme,
      status: "active",
      burned: false,
      face_value: { denom: "uusdc", amount: "100000000" },
      issuer: sme,
      minted_by: sme,
      revision: 0,
      reserved_for: null,
    });
  });

  it("a released document goes only to the issuer it is reserved for, or a minter that issuer authorized; the owner may name another issuer until it is minted", () => {
    nft.execute(sme, { burn: { token_id: "inv-1" } });
    nft.execute(owner, { release_document: { document_hash: docHash(1), release_to: carol } });
    const reserved = (issuer: string) => new RegExp(`Document ${docHash(1)} is reserved for issuer ${issuer}: only a mint naming it as issuer may tokenize it`);
    for (const [msg, error] of [
      [mintMsg("inv-2", sme, 1), reserved(carol)],
      [mintMsg("inv-2", sme, 1, { issuer: carol }), /may not mint in the name of issuer/],
    ] as const) {
      const before = snapshot(app);
      expect(nft.fails(sme, msg)).toMatch(error);
      expect(snapshot(app)).toBe(before);
    }
    // Naming the same issuer again is refused; another issuer replaces the reservation, evented.
    expect(nft.fails(owner, { release_document: { document_hash: docHash(1), release_to: carol } })).toMatch(new RegExp(`already reserved for issuer ${carol}`));
    expect(nft.fails(owner, { release_document: { document_hash: docHash(1), release_to: "carol" } })).toMatch(/Invalid address `carol`/);
    const res = nft.execute(owner, { release_document: { document_hash: docHash(1), release_to: buyer } });
    expect(res.events.find((e) => e.type === "wasm")!.attributes).toContainEqual({ key: "release_to", value: buyer });
    expect(nft.query({ verify_document: { document_hash: docHash(1) } })).toEqual({ ...NONE, reserved_for: buyer });
    // The reserved issuer authorizes the SME's minter account, which mints it in the issuer's name.
    nft.execute(buyer, { authorize_minter: { minter: sme } });
    nft.execute(sme, mintMsg("inv-2", buyer, 1, { issuer: buyer }));
    expect(nft.query({ verify_document: { document_hash: docHash(1) } })).toMatchObject({ token_id: "inv-2", issuer: buyer, minted_by: sme, reserved_for: null });
    expect(nft.fails(owner, { release_document: { document_hash: docHash(1), release_to: buyer } })).toMatch(/held by live token inv-2/);
  });

  it("a live token's document cannot be released; an unknown one says so", () => {
    expect(nft.fails(owner, { release_document: { document_hash: docHash(1), release_to: sme } })).toMatch(/held by live token inv-1/);
    expect(nft.fails(owner, { release_document: { document_hash: docHash(7), release_to: sme } })).toMatch(/Document is not tokenized/);
  });

  it("verify_document answers null for an unknown document", () => {
    expect(nft.query({ verify_document: { document_hash: docHash(5) } })).toEqual(NONE);
  });
});

describe("status lifecycle", () => {
  it("the holder, the issuer's status agents and the owner move status; each change is an event", () => {
    const res = nft.execute(sme, { update_status: { token_id: "inv-1", status: "financed" } });
    expect(res.events.find((e) => e.type === "wasm")!.attributes).toEqual(
      expect.arrayContaining([{ key: "from", value: "active" }, { key: "to", value: "financed" }]),
    );
    expect(nft.fails(agent, { update_status: { token_id: "inv-1", status: "defaulted" } })).toMatch(/may not move token inv-1 from financed to defaulted/);
    const appointed = nft.execute(owner, { add_status_agent: { agent, issuer: sme } });
    expect(appointed.events.find((e) => e.type === "wasm")!.attributes).toEqual(expect.arrayContaining([{ key: "agent", value: agent }, { key: "issuer", value: sme }]));
    expect(nft.query({ status_agents: { issuer: sme } })).toEqual({ agents: [agent] });
    expect(nft.query({ status_agents: { issuer: buyer } })).toEqual({ agents: [] });
    nft.execute(agent, { update_status: { token_id: "inv-1", status: "defaulted" } });
    expect(nft.query({ tokens_by_status: { status: "defaulted" } })).toEqual({ tokens: ["inv-1"] });
    expect(nft.query({ tokens_by_status: { status: "active" } })).toEqual({ tokens: [] });
    nft.execute(owner, { update_status: { token_id: "inv-1", status: "settled" } });
    expect(nft.fails(owner, { update_status: { token_id: "inv-1", status: "active" } })).toContain(ContractError.statusFinal("inv-1"));
  });

  it("setting the current status again is an error", () => {
    expect(nft.fails(sme, { update_status: { token_id: "inv-1", status: "active" } })).toContain(ContractError.statusUnchanged("inv-1", "active"));
  });

  it("a removed minter loses its minter rights; as holder it keeps the holder's", () => {
    nft.execute(owner, { remove_minter: { minter: sme } });
    expect(nft.fails(sme, { update_nft_info: { token_id: "inv-1", extension: { jurisdiction: "FR" } } })).toMatch(/may not edit token inv-1/);
    expect(nft.fails(sme, mintMsg("inv-2", sme, 2))).toContain(ContractError.notMinter(sme));
    expect(nft.fails(owner, { remove_minter: { minter: sme } })).toMatch(/Not a minter/);
    nft.execute(sme, { update_status: { token_id: "inv-1", status: "financed" } });
  });

  it("a status agent is removed per issuer; removing one that is not appointed fails", () => {
    nft.execute(owner, { add_status_agent: { agent, issuer: sme } });
    expect(nft.fails(owner, { remove_status_agent: { agent, issuer: buyer } })).toMatch(/Not a status agent of issuer .*: /);
    expect(nft.fails(sme, { add_status_agent: { agent, issuer: sme } })).toMatch(/Caller is not the contract's current owner/);
    nft.execute(owner, { remove_status_agent: { agent, issuer: sme } });
    expect(nft.fails(agent, { update_status: { token_id: "inv-1", status: "defaulted" } })).toMatch(/may not move token inv-1/);
  });
});

describe("roles refuse duplicates and absent entries, naming them", () => {
  it("add_minter, add_status_agent and authorize_minter twice; their removals of what is not there", () => {
    nft.execute(owner, { add_minter: { minter: buyer } });
    nft.execute(owner, { add_status_agent: { agent, issuer: sme } });
    nft.execute(carol, { authorize_minter: { minter: sme } });
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      [owner, { add_minter: { minter: buyer } }, new RegExp(`Already a minter: ${buyer}`)],
      [owner, { add_minter: { minter: sme } }, new RegExp(`Already a minter: ${sme}`)],
      [owner, { remove_minter: { minter: carol } }, new RegExp(`Not a minter: ${carol}`)],
      [owner, { add_status_agent: { agent, issuer: sme } }, new RegExp(`Already a status agent of issuer ${sme}: ${agent}`)],
      [owner, { remove_status_agent: { agent, issuer: carol } }, new RegExp(`Not a status agent of issuer ${carol}: ${agent}`)],
      [carol, { authorize_minter: { minter: sme } }, new RegExp(`Already authorized to mint for issuer ${carol}: ${sme}`)],
      [carol, { deauthorize_minter: { minter: buyer } }, new RegExp(`Not authorized to mint for issuer ${carol}: ${buyer}`)],
    ];
    for (const [who, msg, error] of cases) {
      const before = snapshot(app);
      expect(nft.fails(who, msg), JSON.stringify(msg)).toMatch(error);
      expect(snapshot(app)).toBe(before);
    }
    expect(nft.query({ minters: {} })).toEqual({ minters: [buyer, sme].sort() });
  });
});

describe("issuers authorize minters", () => {
  it("authorize_minter and deauthorize_minter are the issuer's, evented and listed", () => {
    const res = nft.execute(carol, { authorize_minter: { minter: sme } });
    expect(res.events.find((e) => e.type === "wasm")!.attributes).toEqual(
      expect.arrayContaining([{ key: "action", value: "authorize_minter" }, { key: "issuer", value: carol }, { key: "minter", value: sme }]),
    );
    expect(nft.query({ authorized_minters: { issuer: carol } })).toEqual({ minters: [sme] });
    nft.execute(sme, mintMsg("inv-c", buyer, 9, { issuer: carol }));
    expect(nft.query({ tokens_by_issuer: { issuer: carol } })).toEqual({ tokens: ["inv-c"] });
    expect(nft.fails(carol, { deauthorize_minter: { minter: buyer } })).toMatch(/Not authorized to mint for issuer/);
    nft.execute(carol, { deauthorize_minter: { minter: sme } });
    expect(nft.query({ authorized_minters: { issuer: carol } })).toEqual({ minters: [] });
    expect(nft.fails(sme, mintMsg("inv-d", buyer, 10, { issuer: carol }))).toMatch(/may not mint in the name of issuer/);
    // An authorization alone makes no minter: the collection owner still decides who mints.
    nft.execute(buyer, { authorize_minter: { minter: carol } });
    expect(nft.fails(carol, mintMsg("inv-e", carol, 11, { issuer: buyer }))).toMatch(/is not a minter/);
  });
});

describe("dispute path", () => {
  it("quarantine freezes the token, lift_quarantine restores its status; both evented, owner only", () => {
    nft.execute(sme, { update_status: { token_id: "inv-1", status: "financed" } });
    nft.execute(sme, { approve: { spender: buyer, token_id: "inv-1" } });
    const q = nft.execute(owner, { quarantine: { token_id: "inv-1", reason: "issuer disputed" } });
    expect(q.events.find((e) => e.type === "wasm")!.attributes).toEqual(
      expect.arrayContaining([{ key: "action", value: "quarantine" }, { key: "from", value: "financed" }, { key: "reason", value: "issuer disputed" }]),
    );
    expect(nft.query({ tokens_by_status: { status: "quarantined" } })).toEqual({ tokens: ["inv-1"] });
    expect(nft.fails(buyer, { transfer_nft: { recipient: buyer, token_id: "inv-1" } })).toMatch(/is quarantined/);
    expect(nft.fails(sme, { send_nft: { contract: buyer, token_id: "inv-1", msg: "" } })).toMatch(/is quarantined/);
    expect(nft.fails(sme, { update_nft_info: { token_id: "inv-1", extension: { jurisdiction: "FR" } } })).toMatch(/may not edit token inv-1/);
    expect(nft.fails(owner, { update_status: { token_id: "inv-1", status: "active" } })).toMatch(/quarantined: only the collection owner's lift_quarantine/);
    expect(nft.fails(owner, { quarantine: { token_id: "inv-1", reason: "again" } })).toMatch(/already quarantined/);
    // Taking permissions away stays possible; the owner may correct the metadata meanwhile.
    nft.execute(sme, { revoke: { spender: buyer, token_id: "inv-1" } });
    nft.execute(owner, { update_nft_info: { token_id: "inv-1", extension: { jurisdiction: "FR" } } });
    expect(nft.fails(sme, { lift_quarantine: { token_id: "inv-1" } })).toMatch(/Caller is not the contract's current owner/);
    const l = nft.execute(owner, { lift_quarantine: { token_id: "inv-1" } });
    expect(l.events.find((e) => e.type === "wasm")!.attributes).toEqual(expect.arrayContaining([{ key: "action", value: "lift_quarantine" }, { key: "to", value: "financed" }]));
    expect(info("inv-1").extension.status).toBe("financed");
    expect(() => nft.query({ quarantine_info: { token_id: "inv-1" } })).toThrow(/Token inv-1 is not quarantined/);
    expect(nft.fails(owner, { lift_quarantine: { token_id: "inv-1" } })).toMatch(/is not quarantined/);
    nft.execute(sme, { transfer_nft: { recipient: buyer, token_id: "inv-1" } });
  });

  it("the owner cannot renounce while a token is quarantined (it would stay frozen for ever)", () => {
    nft.execute(owner, { quarantine: { token_id: "inv-1", reason: "issuer disputed" } });
    const before = snapshot(app);
    expect(nft.fails(owner, { update_ownership: "renounce_ownership" })).toMatch(/Cannot renounce ownership while a token is quarantined/);
    expect(nft.fails(sme, { update_ownership: "renounce_ownership" })).toMatch(/Caller is not the contract's current owner/);
    expect(snapshot(app)).toBe(before);
    nft.execute(owner, { lift_quarantine: { token_id: "inv-1" } });
    nft.execute(owner, { update_ownership: "renounce_ownership" });
    expect(nft.query({ ownership: {} })).toEqual({ owner: null, pending_owner: null, pending_expiry: null });
  });

  it("void_token needs a quarantined token and a reason; the id is a tombstone, the document free", () => {
    const voiding = (reason: string, release_to = carol) => ({ void_token: { token_id: "inv-1", reason, release_to } });
    expect(nft.fails(owner, voiding("fraud"))).toMatch(/Token inv-1 is not quarantined/);
    nft.execute(owner, { quarantine: { token_id: "inv-1", reason: "fraud" } });
    expect(nft.fails(owner, voiding(""))).toMatch(/Invalid reason/);
    expect(nft.fails(owner, voiding("fraud", "carol"))).toMatch(/Invalid address `carol`/);
    expect(nft.fails(sme, voiding("fraud"))).toMatch(/Caller is not the contract's current owner/);
    nft.execute(owner, voiding("fraud"));
    expect(nft.query({ num_tokens: {} })).toEqual({ count: 0 });
    expect(nft.query({ tokens: { owner: sme } })).toEqual({ tokens: [] });
    expect(nft.query({ tokens_by_status: { status: "quarantined" } })).toEqual({ tokens: [] });
    expect(nft.query({ verify_document: { document_hash: docHash(1) } })).toEqual({ ...NONE, reserved_for: carol });
    expect(() => nft.query({ quarantine_info: { token_id: "inv-1" } })).toThrow(/not quarantined/);
  });
});

describe("more queries", () => {
  it("tokens by asset class, status and issuer, paginated", () => {
    nft.execute(owner, { add_minter: { minter: buyer } });
    nft.execute(buyer, mintMsg("bol-1", buyer, 2, { asset_class: "bill_of_lading", issuer: buyer }));
    expect(nft.fails(buyer, mintMsg("bol-x", buyer, 4, { issuer: sme }))).toMatch(/may not mint in the name of issuer/);
    nft.execute(buyer, mintMsg("bol-2", buyer, 3, { asset_class: "bill_of_lading", issuer: buyer }));
    expect(nft.query({ tokens_by_asset_class: { asset_class: "bill_of_lading" } })).toEqual({ tokens: ["bol-1", "bol-2"] });
    expect(nft.query({ tokens_by_asset_class: { asset_class: "bill_of_lading", start_after: "bol-1", limit: 5 } })).toEqual({ tokens: ["bol-2"] });
    expect(nft.query({ tokens_by_asset_class: { asset_class: "invoice" } })).toEqual({ tokens: ["inv-1"] });
    expect(nft.query({ tokens_by_issuer: { issuer: buyer, limit: 1 } })).toEqual({ tokens: ["bol-1"] });
    expect(nft.query({ tokens_by_status: { status: "active" } })).toEqual({ tokens: ["bol-1", "bol-2", "inv-1"] });
    expect(nft.query({ minters: {} })).toEqual({ minters: [buyer, sme].sort() });
  });

  it("config reports the collection, owner and compliance settings", () => {
    expect(nft.query({ config: {} })).toEqual({ name: "Persistence RWA", symbol: "RWA", owner, compliance_enabled: false, compliance_officer: owner });
  });
});

describe("compliance mode", () => {
  it("is_allowed says whether an address may receive tokens now", () => {
    expect(nft.query({ is_allowed: { address: buyer } })).toEqual({ allowed: true }); // compliance off
    nft.execute(owner, { set_compliance: { enabled: true } });
    expect(nft.query({ is_allowed: { address: buyer } })).toEqual({ allowed: false });
    nft.execute(owner, { update_allowlist: { add: [buyer], remove: [] } });
    expect(nft.query({ is_allowed: { address: buyer } })).toEqual({ allowed: true });
  });

  it("when on, only allowlisted addresses receive tokens; the officer manages the list", () => {
    nft.execute(owner, { set_compliance_officer: { officer: carol } });
    nft.execute(owner, { set_compliance: { enabled: true } });
    expect(nft.fails(sme, { transfer_nft: { recipient: buyer, token_id: "inv-1" } })).toMatch(/not on the compliance allowlist/);
    expect(nft.fails(sme, mintMsg("inv-2", buyer, 2))).toMatch(/not on the compliance allowlist/);
    expect(nft.fails(owner, { update_allowlist: { add: [buyer], remove: [] } })).toMatch(/only the compliance officer/);
    nft.execute(carol, { update_allowlist: { add: [buyer], remove: [] } });
    expect(nft.query({ is_allowed: { address: buyer } })).toEqual({ allowed: true });
    expect(nft.query({ allowlist: {} })).toEqual({ addresses: [buyer] });
    nft.execute(sme, { transfer_nft: { recipient: buyer, token_id: "inv-1" } });
    nft.execute(carol, { update_allowlist: { add: [], remove: [buyer] } });
    expect(nft.query({ is_allowed: { address: buyer } })).toEqual({ allowed: false });
    // A holder taken off the list keeps its token and may pass it on to an allowed address.
    nft.execute(carol, { update_allowlist: { add: [sme], remove: [] } });
    nft.execute(buyer, { transfer_nft: { recipient: sme, token_id: "inv-1" } });
    expect(nft.query({ config: {} })).toMatchObject({ compliance_enabled: true, compliance_officer: carol });
  });

  it("update_allowlist's event names every address added and removed", () => {
    nft.execute(owner, { update_allowlist: { add: [buyer, carol], remove: [] } });
    const res = nft.execute(owner, { update_allowlist: { add: [sme], remove: [buyer, carol] } });
    expect(res.events.find((e) => e.type === "wasm")!.attributes.filter((a) => a.key !== "action" && a.key !== "_contract_address")).toEqual([
      { key: "added", value: "1" },
      { key: "removed", value: "2" },
      { key: "added_address", value: sme },
      { key: "removed_address", value: buyer },
      { key: "removed_address", value: carol },
    ]);
  });

  it("bounds an allowlist update to 100 addresses", () => {
    const many = Array.from({ length: 101 }, () => buyer);
    expect(nft.fails(owner, { update_allowlist: { add: many, remove: [] } })).toMatch(/Too many addresses: at most 100/);
  });
});

describe("bad input: a clear error and no state change", () => {
  const cases: Array<[string, () => string, RegExp]> = [
    ["unauthorized mint", () => nft.fails(buyer, mintMsg("x", buyer, 50)), /is not a minter/],
    ["unknown token", () => nft.fails(sme, { burn: { token_id: "ghost" } }), /Token not found: ghost/],
    ["duplicate token id", () => nft.fails(sme, mintMsg("inv-1", sme, 51)), /token_id already claimed/],
    ["duplicate document", () => nft.fails(sme, mintMsg("x", sme, 1)), /Document already tokenized/],
    ["malformed hash: uppercase", () => nft.fails(sme, mintMsg("x", sme, 0, { document_hash: "A".repeat(64) })), /Invalid document_hash/],
    ["malformed hash: short", () => nft.fails(sme, mintMsg("x", sme, 0, { document_hash: "ab" })), /Invalid document_hash/],
    ["malformed hash: non-hex", () => nft.fails(sme, mintMsg("x", sme, 0, { document_hash: "g".repeat(64) })), /Invalid document_hash/],
    ["invalid owner address", () => nft.fails(sme, mintMsg("x", "persistence1notanaddress", 52)), /Invalid address `persistence1notanaddress`/],
    ["invalid issuer address", () => nft.fails(sme, mintMsg("x", sme, 53, { issuer: "bob" })), /Invalid address `bob`/],
    ["invalid recipient", () => nft.fails(sme, { transfer_nft: { recipient: "cosmos1xyz", token_id: "inv-1" } }), /Invalid address `cosmos1xyz`/],
    ["zero face value", () => nft.fails(sme, mintMsg("x", sme, 54, { face_value: { denom: "uusdc", amount: "0" } })), /face_value: amount must be greater than zero/],
    ["maturity before issue date", () => nft.fails(sme, mintMsg("x", sme, 55, { maturity: "1600000000000000000" })), /maturity must be after issue_date/],
    ["maturity equal to issue date", () => nft.fails(sme, mintMsg("x", sme, 56, { maturity: "1700000000000000000" })), /maturity must be after issue_date/],
    ["empty token id", () => nft.fails(sme, mintMsg("", sme, 57)), /Invalid token_id/],
    ["empty jurisdiction", () => nft.fails(sme, mintMsg("x", sme, 58, { jurisdiction: "" })), /Invalid jurisdiction/],
    ["too many attributes", () => nft.fails(sme, mintMsg("x", sme, 59, { attributes: Array.from({ length: 33 }, (_, i) => ({ key: `k${i}`, value: "v" })) })), /Too many attributes/],
    ["expired approval", () => nft.fails(sme, { approve: { spender: buyer, token_id: "inv-1", expires: { at_height: 1 } } }), /already expired/],
    ["funds sent", () => nft.fails(sme, { burn: { token_id: "inv-1" } }, [{ denom: "uxprt", amount: "1" }]), /does no accept funds/],
    ["unknown field", () => nft.rejects(sme, { burn: { token_id: "inv-1", force: true } }), /unknown field `force`, expected `token_id`/],
    ["missing field", () => nft.rejects(sme, { transfer_nft: { token_id: "inv-1" } }), /missing field `recipient`/],
    ["unknown message", () => nft.rejects(sme, { steal: {} }), /unknown variant `steal`/],
    ["unknown asset class", () => nft.rejects(sme, mintMsg("x", sme, 60, { asset_class: "bond" })), /unknown variant `bond`/],
    ["wrong type", () => nft.rejects(sme, { transfer_nft: { recipient: buyer, token_id: 5 } }), /invalid type: integer, expected a string at `transfer_nft.token_id`/],
    ["face value as number", () => nft.rejects(sme, mintMsg("x", sme, 61, { face_value: { denom: "uusdc", amount: 5 } })), /expected a string at `mint.extension.face_value.amount`/],
    ["non-owner adds a minter", () => nft.fails(sme, { add_minter: { minter: buyer } }), /Caller is not the contract's current owner/],
    ["non-owner toggles compliance", () => nft.fails(buyer, { set_compliance: { enabled: true } }), /Caller is not the contract's current owner/],
    ["release with a malformed hash", () => nft.fails(owner, { release_document: { document_hash: "zz", release_to: sme } }), /Invalid document_hash/],
  ];
  for (const [name, run, expected] of cases) {
    it(name, () => {
      const before = snapshot(app);
      expect(run()).toMatch(expected);
      expect(snapshot(app)).toBe(before);
    });
  }
});
