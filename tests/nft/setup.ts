// Shared set-up for the NFT contract's tests.
import { App } from "@persistence-ts/simulator/app/app";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { Deployed, deploy } from "@persistence-ts/testing/contracts";

export const owner = makeAddress("nft-owner");
export const sme = makeAddress("sme-originator");
export const buyer = makeAddress("financier");
export const carol = makeAddress("carol");
export const agent = makeAddress("tranche-pool");
export const rogue = makeAddress("rogue-minter");
export const mallory = makeAddress("mallory");

export const DAY = 86_400n * 1_000_000_000n;

export function docHash(n: number): string {
  return n.toString(16).padStart(64, "0");
}

export function mintMsg(tokenId: string, to: string, n: number, overrides: Record<string, unknown> = {}) {
  return {
    mint: {
      token_id: tokenId,
      owner: to,
      token_uri: `ipfs://invoice/${tokenId}`,
      extension: {
        asset_class: "invoice",
        document_hash: docHash(n),
        face_value: { denom: "uusdc", amount: "100000000" },
        issuer: sme,
        obligor: carol,
        issue_date: (1_700_000_000n * 1_000_000_000n).toString(),
        maturity: (1_700_000_000n * 1_000_000_000n + 90n * DAY).toString(),
        jurisdiction: "DE",
        attributes: [{ key: "invoice_number", value: "INV-2026-001" }],
        ...overrides,
      },
    },
  };
}

export function setup(extra: Record<string, unknown> = {}): { app: App; nft: Deployed } {
  const app = new App();
  const nft = deploy(app, "nft", owner, { name: "Persistence RWA", symbol: "RWA", minters: [sme], ...extra });
  return { app, nft };
}

/** Everything the app stores (every module and contract), for "state unchanged" assertions. */
export function snapshot(app: App): string {
  const out: string[] = [];
  const it = app.store.range(undefined, undefined, "ascending");
  for (let r = it.next(); !r.done; r = it.next()) out.push(Buffer.from(r.value[0]).toString("hex") + "=" + Buffer.from(r.value[1]).toString("hex"));
  return out.join("\n");
}
