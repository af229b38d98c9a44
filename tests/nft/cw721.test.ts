// cw721 behaviour of the NFT contract, every message and response checked against its schema.
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { Deployed } from "@persistence-ts/testing/contracts";
import { buildFixture } from "@persistence-ts/testing/fixtures";
import * as ContractError from "../../contracts/nft/src/error";
import { buyer, carol, mintMsg, owner, setup, sme } from "./setup";

let app: App;
let nft: Deployed;

beforeEach(() => {
  ({ app, nft } = setup());
  nft.execute(sme, mintMsg("inv-1", sme, 1));
  nft.execute(sme, mintMsg("inv-2", sme, 2));
});

const attrs = (res: { events: Array<{ type: string; attributes: Array<{ key: string; value: string }> }> }) =>
  Object.fromEntries(res.events.find((e) => e.type === "wasm")!.attributes.map((a) => [a.key, a.value]));

describe("collection queries", () => {
  it("answers contract_info, num_tokens, minter and ownership", () => {
    expect(nft.query({ contract_info: {} })).toEqual({ name: "Persistence RWA", symbol: "RWA" });
    expect(nft.query({ num_tokens: {} })).toEqual({ count: 2 });
    expect(nft.query({ minter: {} })).toEqual({ minter: owner });
    expect(nft.query({ ownership: {} })).toEqual({ owner, pending_owner: null, pending_expiry: null });
  });

  it("lists tokens by owner and all tokens with start_after and limit", () => {
    for (let i = 3; i <= 14; i++) nft.execute(sme, mintMsg(`inv-${String(i).padStart(2, "0")}`, buyer, i));
    expect(nft.query({ tokens: { owner: sme } })).toEqual({ tokens: ["inv-1", "inv-2"] });
    const page1 = nft.query<{ tokens: string[] }>({ tokens: { owner: buyer } });
    expect(page1.tokens).toHaveLength(10); // default limit
    const page2 = nft.query<{ tokens: string[] }>({ tokens: { owner: buyer, start_after: page1.tokens[9] } });
    expect([...page1.tokens, ...page2.tokens]).toHaveLength(12);
    expect(nft.query({ all_tokens: { limit: 3 } })).toEqual({ tokens: ["inv-03", "inv-04", "inv-05"] });
    expect(nft.query<{ tokens: string[] }>({ all_tokens: { limit: 500 } }).tokens).toHaveLength(14);
  });
});

describe("transfer_nft", () => {
  it("moves the token, updates owner_of and the owner index, and emits cw721 attributes", () => {
    const res = nft.execute(sme, { transfer_nft: { recipient: buyer, token_id: "inv-1" } });
    expect(attrs(res)).toMatchObject({ action: "transfer_nft", sender: sme, recipient: buyer, token_id: "inv-1" });
    expect(nft.query({ owner_of: { token_id: "inv-1" } })).toEqual({ owner: buyer, approvals: [] });
    expect(nft.query({ tokens: { owner: sme } })).toEqual({ tokens: ["inv-2"] });
    expect(nft.query({ tokens: { owner: buyer } })).toEqual({ tokens: ["inv-1"] });
  });

  it("is refused to a stranger and for an unknown token", () => {
    expect(nft.fails(carol, { transfer_nft: { recipient: carol, token_id: "inv-1" } })).toContain(ContractError.mayNotMove(carol, "inv-1"));
    expect(nft.fails(sme, { transfer_nft: { recipient: carol, token_id: "nope" } })).toContain(ContractError.tokenNotFound("nope"));
  });

  it("clears per-token approvals", () => {
    nft.execute(sme, { approve: { spender: carol, token_id: "inv-1" } });
    nft.execute(sme, { transfer_nft: { recipient: buyer, token_id: "inv-1" } });
    expect(nft.query({ approvals: { token_id: "inv-1" } })).toEqual({ approvals: [] });
    expect(nft.fails(carol, { transfer_nft: { recipient: carol, token_id: "inv-1" } })).toMatch(/Unauthorized/);
  });
});

describe("approvals", () => {
  it("a live approval lets the spender transfer once", () => {
    const res = nft.execute(sme, { approve: { spender: buyer, token_id: "inv-1", expires: { at_height: app.block.height + 100 } } });
    expect(attrs(res)).toMatchObject({ action: "approve", sender: sme, spender: buyer, token_id: "inv-1" });
    expect(nft.query({ approval: { token_id: "inv-1", spender: buyer } })).toEqual({ approval: { spender: buyer, expires: { at_height: app.block.height + 100 } } });
    nft.execute(buyer, { transfer_nft: { recipient: buyer, token_id: "inv-1" } });
    expect(nft.query({ owner_of: { token_id: "inv-1" } })).toMatchObject({ owner: buyer });
  });

  it("an expired approval neither authorizes nor shows unless include_expired", () => {
    const at = app.block.height + 2;
    nft.execute(sme, { approve: { spender: buyer, token_id: "inv-1", expires: { at_height: at } } });
    app.advanceBlocks(3);
    expect(nft.fails(buyer, { transfer_nft: { recipient: buyer, token_id: "inv-1" } })).toMatch(/Unauthorized/);
    expect(nft.query({ approvals: { token_id: "inv-1" } })).toEqual({ approvals: [] });
    expect(nft.query({ approvals: { token_id: "inv-1", include_expired: true } })).toEqual({ approvals: [{ spender: buyer, expires: { at_height: at } }] });
    expect(() => nft.query({ approval: { token_id: "inv-1", spender: buyer } })).toThrow(ContractError.approvalNotFound(buyer));
  });

  it("approving with an already expired expiration fails", () => {
    expect(nft.fails(sme, { approve: { spender: buyer, token_id: "inv-1", expires: { at_height: 1 } } })).toContain(ContractError.approvalExpired());
    expect(nft.fails(sme, { approve_all: { operator: buyer, expires: { at_time: "1" } } })).toContain(ContractError.approvalExpired());
    // cw721-base's own text, which cw721 clients match on.
    expect(ContractError.approvalExpired()).toBe("Cannot set approval that is already expired");
  });

  it("only the owner or an operator approves; revoke removes the approval", () => {
    expect(nft.fails(buyer, { approve: { spender: buyer, token_id: "inv-1" } })).toContain(ContractError.mayNotApprove(buyer, "inv-1"));
    nft.execute(sme, { approve: { spender: buyer, token_id: "inv-1" } });
    nft.execute(sme, { approve: { spender: buyer, token_id: "inv-1" } }); // re-approving replaces, not duplicates
    expect(nft.query<{ approvals: unknown[] }>({ approvals: { token_id: "inv-1" } }).approvals).toHaveLength(1);
    const res = nft.execute(sme, { revoke: { spender: buyer, token_id: "inv-1" } });
    expect(attrs(res)).toMatchObject({ action: "revoke", spender: buyer });
    expect(nft.fails(buyer, { transfer_nft: { recipient: buyer, token_id: "inv-1" } })).toMatch(/Unauthorized/);
  });

  it("the owner is always approved for its own token", () => {
    expect(nft.query({ approval: { token_id: "inv-1", spender: sme } })).toEqual({ approval: { spender: sme, expires: { never: {} } } });
  });
});

describe("operators", () => {
  it("approve_all lets the operator transfer, approve and burn every token of the owner", () => {
    const res = nft.execute(sme, { approve_all: { operator: carol } });
    expect(attrs(res)).toMatchObject({ action: "approve_all", sender: sme, operator: carol });
    expect(nft.query({ operator: { owner: sme, operator: carol } })).toEqual({ approval: { spender: carol, expires: { never: {} } } });
    expect(nft.query({ all_operators: { owner: sme } })).toEqual({ operators: [{ spender: carol, expires: { never: {} } }] });
    nft.execute(carol, { approve: { spender: buyer, token_id: "inv-2" } });
    nft.execute(carol, { transfer_nft: { recipient: buyer, token_id: "inv-1" } });
    nft.execute(buyer, { transfer_nft: { recipient: buyer, token_id: "inv-2" } });
    expect(nft.query({ tokens: { owner: buyer } })).toEqual({ tokens: ["inv-1", "inv-2"] });
  });

  it("revoke_all and expiry end the grant", () => {
    nft.execute(sme, { approve_all: { operator: carol, expires: { at_height: app.block.height + 1 } } });
    app.advanceBlocks(1);
    expect(nft.query({ all_operators: { owner: sme } })).toEqual({ operators: [] });
    expect(nft.query<{ operators: unknown[] }>({ all_operators: { owner: sme, include_expired: true } }).operators).toHaveLength(1);
    expect(nft.fails(carol, { transfer_nft: { recipient: carol, token_id: "inv-1" } })).toMatch(/Unauthorized/);
    nft.execute(sme, { approve_all: { operator: carol } });
    const res = nft.execute(sme, { revoke_all: { operator: carol } });
    expect(attrs(res)).toMatchObject({ action: "revoke_all", operator: carol });
    expect(() => nft.query({ operator: { owner: sme, operator: carol } })).toThrow(ContractError.approvalNotFound(carol));
  });
});

describe("send_nft", () => {
  it("transfers to a contract and calls its receive_nft hook in the same transaction", () => {
    const receiver = app.instantiate(owner, app.storeCode(owner, buildFixture("probe")).codeId, {}, "receiver").contractAddress;
    const msg = Buffer.from('{"create_ask":{}}').toString("base64");
    const res = nft.execute(sme, { send_nft: { contract: receiver, token_id: "inv-1", msg } });
    expect(attrs(res)).toMatchObject({ action: "send_nft", sender: sme, recipient: receiver, token_id: "inv-1" });
    expect(nft.query({ owner_of: { token_id: "inv-1" } })).toMatchObject({ owner: receiver });
    const key = Buffer.concat([Buffer.from([0, 5]), Buffer.from("notes"), Buffer.from("received")]);
    expect(JSON.parse(Buffer.from(app.queryRaw(receiver, key)!).toString())).toBe(`${sme}|inv-1|${msg}|${nft.address}`);
  });

  it("is reverted whole when the receiver's hook fails", () => {
    // The NFT contract itself has no receive_nft: the hook fails and the token stays.
    const send = () => nft.execute(sme, { send_nft: { contract: nft.address, token_id: "inv-1", msg: "" } });
    expect(send).toThrow(/unknown variant `receive_nft`/);
    expect(nft.query({ owner_of: { token_id: "inv-1" } })).toMatchObject({ owner: sme });
  });
});

describe("burn", () => {
  it("removes the token, lowers num_tokens and emits cw721 attributes", () => {
    const res = nft.execute(sme, { burn: { token_id: "inv-1" } });
    expect(attrs(res)).toMatchObject({ action: "burn", sender: sme, token_id: "inv-1" });
    expect(nft.query({ num_tokens: {} })).toEqual({ count: 1 });
    expect(() => nft.query({ owner_of: { token_id: "inv-1" } })).toThrow(ContractError.tokenNotFound("inv-1"));
    expect(nft.query({ tokens: { owner: sme } })).toEqual({ tokens: ["inv-2"] });
    expect(nft.fails(buyer, { burn: { token_id: "inv-2" } })).toMatch(/Unauthorized/);
  });
});

describe("mint", () => {
  it("records the token and its cw721 attributes; duplicate ids fail", () => {
    const res = nft.execute(sme, mintMsg("inv-3", buyer, 3));
    expect(attrs(res)).toMatchObject({ action: "mint", minter: sme, owner: buyer, token_id: "inv-3" });
    expect(nft.fails(sme, mintMsg("inv-3", buyer, 4))).toContain(ContractError.tokenIdClaimed("inv-3"));
  });

  it("all_nft_info combines access and info", () => {
    const info = nft.query<{ access: { owner: string }; info: { token_uri: string; extension: { status: string } } }>({ all_nft_info: { token_id: "inv-1" } });
    expect(info.access.owner).toBe(sme);
    expect(info.info.token_uri).toBe("ipfs://invoice/inv-1");
    expect(info.info.extension.status).toBe("active");
  });
});

describe("ownership", () => {
  it("is two-step", () => {
    nft.execute(owner, { update_ownership: { transfer_ownership: { new_owner: carol, expiry: null } } });
    expect(nft.query({ ownership: {} })).toEqual({ owner, pending_owner: carol, pending_expiry: null });
    expect(nft.fails(buyer, { update_ownership: "accept_ownership" })).toMatch(/Caller is not the contract's pending owner/);
    nft.execute(carol, { update_ownership: "accept_ownership" });
    expect(nft.query({ minter: {} })).toEqual({ minter: carol });
    expect(nft.fails(owner, { add_minter: { minter: buyer } })).toMatch(/Caller is not the contract's current owner/);
  });
});
