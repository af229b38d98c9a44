// Shared set-up for the tranche pool's tests: an NFT collection, a pool lending uusdc against
// its tokens, funded lenders, and helpers to pledge, read events and snapshot the store.
import { App, TxResult } from "../../simulator/app/app";
import { makeAddress } from "../../simulator/vm/api";
import { Deployed, deploy } from "../helpers/contracts";

export const owner = makeAddress("pool-owner");
export const manager = makeAddress("pool-manager");
export const feeCollector = makeAddress("fee-collector");
export const sme = makeAddress("sme-borrower");
export const sme2 = makeAddress("sme-borrower-2");
export const alice = makeAddress("alice-senior");
export const bob = makeAddress("bob-junior");
export const carol = makeAddress("carol-lender");
export const dave = makeAddress("dave-attacker");

export const DENOM = "uusdc";
export const DAY = 86_400;
export const YEAR = 365 * DAY;
const NANOS = 1_000_000_000n;

export const POOL_PARAMS = {
  senior_apr: "0.08",
  min_junior_ratio: "0.2",
  advance_rate: "0.8",
  grace_period: 7 * DAY,
  public_default_delay: 30 * DAY,
  reserve_fee_bps: 1000,
  epoch_seconds: DAY,
};

export interface World {
  app: App;
  nft: Deployed;
  pool: Deployed;
}

/**
 * A fresh NFT collection and pool. Pass an `app` to deploy into an existing chain: uploads are
 * cached per app, so tests that share one skip the costly compilation.
 */
export function setup(params: Record<string, unknown> = {}, app = new App()): World {
  const nft = deploy(app, "nft", owner, { name: "Persistence RWA", symbol: "RWA", minters: [sme, sme2] });
  const pool = deploy(app, "tranche-pool", owner, { currency: DENOM, collections: [nft.address], manager, fee_collector: feeCollector, ...POOL_PARAMS, ...params });
  for (const who of [alice, bob, carol, dave, sme, sme2, manager]) app.mint(who, [{ denom: DENOM, amount: "1000000000000" }]);
  return { app, nft, pool };
}

export const coins = (amount: bigint | number | string) => [{ denom: DENOM, amount: amount.toString() }];

/** Nanoseconds `seconds` after the current block time, as a Timestamp string. */
export function after(app: App, seconds: number): string {
  return (app.block.time + BigInt(seconds) * NANOS).toString();
}

/** Mints an invoice NFT of `face` uusdc maturing `days` from now to `to`. */
export function mintInvoice(w: World, tokenId: string, face: bigint | number, days = 120, to = sme, overrides: Record<string, unknown> = {}): void {
  const n = BigInt("0x" + Buffer.from(tokenId).toString("hex"));
  w.nft.execute(to === sme2 ? sme2 : sme, {
    mint: {
      token_id: tokenId,
      owner: to,
      extension: {
        asset_class: "invoice",
        document_hash: n.toString(16).padStart(64, "0").slice(-64),
        face_value: { denom: DENOM, amount: face.toString() },
        issuer: to,
        obligor: carol,
        issue_date: w.app.block.time.toString(),
        maturity: after(w.app, days * DAY),
        jurisdiction: "SG",
        ...overrides,
      },
    },
  });
}

export function hookMsg(request: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ request_loan: request })).toString("base64");
}

/** Pledges `tokenId` with send_nft + request_loan; returns the new loan's id. */
export function pledge(w: World, tokenId: string, amount: bigint | number, days = 90, from = sme, apr: string | null = null): number {
  const res = w.nft.execute(from, { send_nft: { contract: w.pool.address, token_id: tokenId, msg: hookMsg({ amount: amount.toString(), apr, maturity: after(w.app, days * DAY) }) } });
  return Number(attrs(res, w.pool.address).loan_id);
}

/** Mints, pledges, approves and draws a loan; returns its id. */
export function openLoan(w: World, tokenId: string, amount: bigint | number, apr = "0.12", days = 90, face?: bigint): number {
  mintInvoice(w, tokenId, face ?? (BigInt(amount) * 5n) / 4n + 1n, days + 30);
  const id = pledge(w, tokenId, amount, days);
  w.pool.execute(manager, { approve_loan: { loan_id: id, apr } });
  w.pool.execute(sme, { draw: { loan_id: id } });
  return id;
}

/** The `wasm` attributes `contract` emitted in a transaction, as a record. */
export function attrs(res: TxResult, contract: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of res.events) {
    if (e.type !== "wasm" || e.attributes[0]?.value !== contract) continue;
    for (const a of e.attributes.slice(1)) out[a.key] = a.value;
  }
  return out;
}

/** Everything the chain stores, for "state unchanged" assertions. */
export function snapshot(app: App): string {
  const out: string[] = [];
  const it = app.store.range(undefined, undefined, "ascending");
  for (let r = it.next(); !r.done; r = it.next()) out.push(Buffer.from(r.value[0]).toString("hex") + "=" + Buffer.from(r.value[1]).toString("hex"));
  return out.join("\n");
}

export interface TrancheInfo {
  tranche: string;
  value: string;
  shares: string;
  share_price: string;
  queued_shares: string;
  queued_value: string;
  locked_shares: string;
}

export interface PoolInfo {
  time: string;
  assets: string;
  reserve: string;
  loans_value: string;
  set_aside: string;
  fees_owed: string;
  senior_target: string;
  junior_ratio: string;
  lendable: string;
  senior: TrancheInfo;
  junior: TrancheInfo;
  epoch: { id: number; started_at: string; closes_at: string; settling: boolean };
}

export const poolInfo = (w: World): PoolInfo => w.pool.query<PoolInfo>({ pool: {} });

export interface PositionInfo {
  lender: string;
  senior: { shares: string; value: string; queued_shares: string };
  junior: { shares: string; value: string; queued_shares: string };
  requests: Array<{ id: number; lender: string; tranche: string; shares: string; queued_at: string }>;
}

export const positionOf = (w: World, lender: string): PositionInfo => w.pool.query<PositionInfo>({ position: { lender } });

/** A typical funded pool: bob 30 000 junior, alice 100 000 senior (uusdc units × 10^6). */
export function fundedPool(params: Record<string, unknown> = {}, app = new App()): World {
  const w = setup(params, app);
  w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(30_000_000_000));
  w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(100_000_000_000));
  return w;
}
