// Second independent review of escrow 0.2.0 (after issue 13 and the first review). Each test
// performs an attack against the compiled wasm that worked before its fix, and now asserts that it
// fails with a clear error and nothing moves; the comment keeps what it achieved before.
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { TxResult } from "@persistence-ts/simulator/app/app";
import { ROOT } from "@persistence-ts/cli/project";
import { Deployed, contractWasm } from "@persistence-ts/testing/contracts";
import { FEE_BPS, USDC, World, attr, b64, buyer, collector, nftOwner, owner, seller, setup } from "./setup";

let w: World;
const START = 10_000_000n;
const fee = (amount: bigint) => (amount * BigInt(FEE_BPS)) / 10_000n;
const usdc = (n: bigint) => [{ denom: USDC, amount: n.toString() }];

beforeEach(() => {
  w = setup();
  w.fund(buyer, START);
});

// ---------------------------------------------------------------------------------------------
// F1 (MEDIUM). A 0.1.0 counterparty offer on an ask settles on terms its maker never saw.
// Rule broken: every accepting message pins the terms it accepts (README: "Pinning it later would
// adopt whatever the token's terms became while nothing pinned them ... for a bid or an offer
// whose maker decided on the old ones"). The migration leaves 0.1.0 *bids* unpinned for exactly
// that reason, but pins a 0.1.0 *ask* at its page — after its live offers were made — and keeps
// those offers live and acceptable by id. Any change of the token's terms between the buyer's
// offer and the migration page (here the collection owner's attested default, in the README's own
// upgrade order: nft 0.2.0 first, escrow later; under nft 0.1.0 also a minter's rewrite) is
// adopted by the pin, and the seller's accept_offer sells the changed asset into the old offer.
// A 0.2.0 offer on the same ask would fail ("Asset changed: … is defaulted, order … was made while
// it was active").
// Figures: the buyer offered 8,000,000 for an active invoice; after the default it pays
// 8,000,000 and receives a defaulted one; the seller gets 7,800,000, the collector 200,000.
// Fixed: a counterparty offer made under 0.1.0 (no lock) is exit-only: accept_offer refuses it
// ("made under 0.1.0, before the order pinned its terms"); its proposer withdraws it at once.
describe("F1 (MEDIUM): a 0.1.0 offer on an ask is accepted after the asset changed under it", () => {
  it("the seller cannot sell a token defaulted after the buyer's offer into that offer; the buyer withdraws it at once", () => {
    w.mint("inv-1");
    const wasm = fs.readFileSync(path.join(ROOT, "tests", "fixtures", "releases", "escrow-0.1.0.wasm"));
    const code = w.app.storeCode(owner, wasm).codeId;
    const old = w.app.instantiate(owner, code, { fee_bps: FEE_BPS, fee_collector: collector, collections: [w.nft.address], native_denoms: [USDC], cw20_tokens: [w.token.address] }, "escrow-0.1.0", [], owner).contractAddress;
    const ask = w.nft.execute(seller, { send_nft: { contract: old, token_id: "inv-1", msg: b64({ create_ask: { price: { asset: { native: USDC }, amount: "9000000" } } }) } });
    const id = Number(attr(ask, old, "order_id"));
    // The buyer's offer, on an active invoice.
    expect(w.nft.query<{ extension: { status: string } }>({ nft_info: { token_id: "inv-1" } }).extension.status).toBe("active");
    w.app.execute(buyer, old, { counter_offer: { order_id: id, amount: "8000000" } }, usdc(8_000_000n));
    // The obligor defaults: the collection owner attests it (the token is in the escrow).
    w.nft.execute(nftOwner, { update_status: { token_id: "inv-1", status: "defaulted" } });
    // The escrow is upgraded; its page pins the ask as it is now: defaulted.
    const newCode = w.app.storeCode(owner, contractWasm("escrow")).codeId;
    const res: TxResult = w.app.migrate(owner, old, newCode, {});
    expect(attr(res, old, "migration")).toBe("done");
    w = new World(w.app, w.nft, w.token, new Deployed(w.app, old, w.escrow.schema));
    expect(w.order(id).pinned).toMatchObject({ asset_status: "defaulted" });
    expect(w.offers(id).find((o) => o.id === 1)).toMatchObject({ status: "live", proposer: buyer, amount: "8000000" });
    // The seller accepts the buyer's old offer: refused, nothing moves.
    const before = w.snapshot();
    expect(() => w.escrow.execute(seller, { accept_offer: { order_id: id, offer_id: 1 } })).toThrow(
      /Offer 1 of order \d+ was made under 0.1.0, before the order pinned its terms: it cannot be accepted/,
    );
    expect(w.snapshot()).toBe(before);
    expect(w.ownerOf("inv-1")).toBe(old);
    // The buyer takes its 8,000,000 back at once (a 0.1.0 offer has no lock).
    w.escrow.execute(buyer, { withdraw_offer: { order_id: id, offer_id: 1 } });
    expect(w.balance(buyer, "native")).toBe(START);
    expect(w.balance(seller, "native")).toBe(0n);
    expect(w.balance(collector, "native")).toBe(0n);
    // A 0.2.0 offer on the pinned (defaulted) ask is made and accepted on the terms it saw.
    w.escrow.execute(buyer, { counter_offer: { order_id: id, amount: "1000000" } }, usdc(1_000_000n));
    const offer = w.offers(id).find((o) => o.proposer === buyer && o.status === "live")!;
    w.escrow.execute(seller, { accept_offer: { order_id: id, offer_id: offer.id } });
    expect(w.ownerOf("inv-1")).toBe(buyer);
    expect(w.balance(seller, "native")).toBe(1_000_000n - fee(1_000_000n));
  });
});
