// Shared set-up for the tranche pool's tests: an NFT collection, a pool lending against its
// tokens — in native uusdc, or in a CW20 test token (`setup(…, "cw20")`) — funded lenders, and
// helpers to pay the pool in its currency, pledge, read events and snapshot the store.
import type { LoanInfo, PoolResponse, PositionResponse, TrancheInfo } from "../../clients/tranche-pool/TranchePool.types";
import Ajv, { ValidateFunction } from "ajv";
import { App, TxResult } from "@persistence-ts/simulator/app/app";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import poolMessages from "../../contracts/tranche-pool/messages";
import type { Def } from "@persistence-ts/schema/dsl";
import { contractSchema } from "@persistence-ts/schema/json-schema";
import { Token, deployToken, minter as cw20Minter } from "../cw20/token";
import { Deployed, deploy } from "@persistence-ts/testing/contracts";

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

/** The bands the timelocked terms may move in (fixed at instantiation). */
export const LIMITS = { senior_apr_min: "0.05", senior_apr_max: "0.15", min_junior_ratio_min: "0.1", min_junior_ratio_max: "0.35", reserve_fee_bps_max: 2000 };

export const POOL_PARAMS = {
  limits: LIMITS,
  senior_apr: "0.08",
  min_junior_ratio: "0.2",
  advance_rate: "0.8",
  grace_period: 7 * DAY,
  public_default_delay: 30 * DAY,
  reserve_fee_bps: 1000,
  epoch_seconds: DAY,
  writeoff_grace: 0,
  writeoff_period: 90 * DAY,
  timelock_seconds: 2 * DAY,
};

/** What the pool lends in: the native DENOM, or a CW20 test token. */
export type CurrencyKind = "native" | "cw20";
export const CURRENCIES: CurrencyKind[] = ["native", "cw20"];

export interface World {
  app: App;
  nft: Deployed;
  pool: Deployed;
  kind: CurrencyKind;
  /** The pool's currency token (CW20 pools), else null. */
  token: Token | null;
  /** The denom of collateral face values: DENOM, or `cw20:<token>` for a CW20 pool. */
  denom: string;
}

const FUNDS = 1_000_000_000_000n;

/** Deploys a mintable CW20 test token ("Test USD") into `app`. */
export function deployTestToken(app: App, symbol = "TUSD"): Token {
  return deployToken(app, { name: `Test ${symbol}`, symbol, decimals: 6, initial_balances: [], mint: { minter: cw20Minter, cap: null } });
}

const dec = (x: unknown) => Number(x);

/** POOL_PARAMS with `params`; unless `params` sets limits, LIMITS widened to take its terms in. */
export function withLimits(params: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...POOL_PARAMS, ...params };
  if ("limits" in params) return merged;
  const apr = merged.senior_apr as string;
  const ratio = merged.min_junior_ratio as string;
  const fee = merged.reserve_fee_bps as number;
  merged.limits = {
    senior_apr_min: dec(apr) < dec(LIMITS.senior_apr_min) ? apr : LIMITS.senior_apr_min,
    senior_apr_max: dec(apr) > dec(LIMITS.senior_apr_max) ? apr : LIMITS.senior_apr_max,
    min_junior_ratio_min: dec(ratio) < dec(LIMITS.min_junior_ratio_min) ? ratio : LIMITS.min_junior_ratio_min,
    min_junior_ratio_max: dec(ratio) > dec(LIMITS.min_junior_ratio_max) ? ratio : LIMITS.min_junior_ratio_max,
    reserve_fee_bps_max: Math.max(fee, LIMITS.reserve_fee_bps_max),
  };
  return merged;
}

/**
 * A fresh NFT collection and pool, lending in native uusdc or (kind "cw20") in a fresh CW20
 * token. Every test account holds 10^12 of the currency (and of uusdc either way). Pass an `app`
 * to deploy into an existing chain: uploads are cached per app, so tests that share one skip
 * the costly compilation.
 */
export function setup(params: Record<string, unknown> = {}, app = new App(), kind: CurrencyKind = "native"): World {
  const nft = deploy(app, "nft", owner, { name: "Persistence RWA", symbol: "RWA", minters: [sme, sme2] });
  const token = kind === "cw20" ? deployTestToken(app) : null;
  const currency = token ? { cw20_currency: token.address } : { currency: DENOM };
  const pool = deploy(app, "tranche-pool", owner, { ...currency, collections: [nft.address], manager, fee_collector: feeCollector, ...withLimits(params) });
  for (const who of [alice, bob, carol, dave, sme, sme2, manager]) {
    app.mint(who, [{ denom: DENOM, amount: FUNDS.toString() }]);
    token?.execute(cw20Minter, { mint: { recipient: who, amount: FUNDS.toString() } });
  }
  return { app, nft, pool, kind, token, denom: token ? `cw20:${token.address}` : DENOM };
}

export const coins = (amount: bigint | number | string) => [{ denom: DENOM, amount: amount.toString() }];

export const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString("base64");

const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
let hookValidator: ValidateFunction | undefined;

/** Throws unless `msg` is a valid Cw20HookMsg of the pool's definition. */
export function assertCw20Hook(msg: unknown): void {
  if (!hookValidator) {
    const def = (poolMessages.extra ?? []).find((d: Def) => d.name === "Cw20HookMsg")!;
    hookValidator = ajv.compile(contractSchema({ ...poolMessages, execute: def }).execute as object);
  }
  if (!hookValidator(msg)) throw new Error(`Cw20HookMsg does not match the schema: ${ajv.errorsText(hookValidator.errors)}\n${JSON.stringify(msg)}`);
}

/** A cw20 send of `amount` of `token` to the pool with `hook` (validated) as its msg. */
export function sendTokens(w: World, token: Token, sender: string, amount: bigint | number | string, hook: Record<string, unknown>): TxResult {
  assertCw20Hook(hook);
  return token.execute(sender, { send: { contract: w.pool.address, amount: amount.toString(), msg: b64(hook) } });
}

/**
 * `msg` (deposit, repay or recover) paid with `amount` of the pool's currency: coins attached
 * in a native pool, a cw20 send with `msg` as the hook in a CW20 pool.
 */
export function pay(w: World, sender: string, msg: Record<string, unknown>, amount: bigint | number | string): TxResult {
  if (w.token) return sendTokens(w, w.token, sender, amount, msg);
  return w.pool.execute(sender, msg, coins(amount));
}

/** The error of a payment the pool must refuse. */
export function payFails(w: World, sender: string, msg: Record<string, unknown>, amount: bigint | number | string): string {
  try {
    pay(w, sender, msg, amount);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`the pool accepted ${JSON.stringify(msg)} paid with ${amount}`);
}

/** `who`'s balance of the pool's currency. */
export function balanceOf(w: World, who: string): bigint {
  return w.token ? w.token.balance(who) : w.app.balance(who, DENOM);
}

/** Currency sent to `to` outside the pool's messages: a bank send or a cw20 transfer. */
export function donate(w: World, from: string, to: string, amount: bigint): void {
  if (w.token) w.token.execute(from, { transfer: { recipient: to, amount: amount.toString() } });
  else w.app.send(from, { bank: { send: { to_address: to, amount: coins(amount) } } });
}

/** Nanoseconds `seconds` after the current block time, as a Timestamp string. */
export function after(app: App, seconds: number): string {
  return (app.block.time + BigInt(seconds) * NANOS).toString();
}

/** Mints an invoice NFT of `face` uusdc maturing `days` from now to `to`. */
export function mintInvoice(w: World, tokenId: string, face: bigint | number, days = 120, to = sme, overrides: Record<string, unknown> = {}): void {
  const n = BigInt("0x" + Buffer.from(tokenId).toString("hex"));
  const minter = to === sme2 ? sme2 : sme;
  w.nft.execute(minter, {
    mint: {
      token_id: tokenId,
      owner: to,
      extension: {
        asset_class: "invoice",
        document_hash: n.toString(16).padStart(64, "0").slice(-64),
        face_value: { denom: w.denom, amount: face.toString() },
        issuer: minter, // nft 0.2.0: the issuer is the minting account (or one that authorized it)
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

/** The pool query's answer, as the schema generates it (clients/): one source of truth. */
export type PoolInfo = PoolResponse;
export type { TrancheInfo };

export const poolInfo = (w: World): PoolInfo => w.pool.query<PoolInfo>({ pool: {} });

export type PositionInfo = PositionResponse;

export const positionOf = (w: World, lender: string): PositionInfo => w.pool.query<PositionInfo>({ position: { lender } });

export type { LoanInfo };

/** Loan `id` with its figures as of now (debt, book value, markdown, deadlines). */
export const loanOf = (w: World, id: number): LoanInfo => w.pool.query<LoanInfo>({ loan: { loan_id: id } });

/** What loan `id`'s borrower owes now: principal, interest and fees. */
export const debtOf = (w: World, id: number): bigint => BigInt(loanOf(w, id).debt);

/** The holder of collateral token `token` on the pool's collection. */
export const ownerOf = (w: World, token: string): string => w.nft.query<{ owner: string }>({ owner_of: { token_id: token } }).owner;

/**
 * `who`'s wealth at today's prices: its cash, its free and queued shares at each tranche's value
 * per share, and its pending deposit orders. An attack that gains shows up as a rise here.
 */
export function wealth(w: World, who: string): bigint {
  const p = poolInfo(w);
  const pos = positionOf(w, who);
  let total = balanceOf(w, who);
  for (const t of ["senior", "junior"] as const) {
    const shares = BigInt(pos[t].shares) + BigInt(pos[t].queued_shares);
    if (BigInt(p[t].shares) > 0n) total += (shares * BigInt(p[t].value)) / BigInt(p[t].shares);
    total += BigInt(pos[t].pending_deposit);
  }
  return total;
}

/**
 * Lets the open epoch run out and processes it to the end: the write-off policy, the close (every
 * order executed at one price per tranche) and the settlement. Returns the attributes of the call
 * that closed it.
 */
export function closeEpoch(w: World, limit?: number): Record<string, string> {
  const e = poolInfo(w).epoch;
  if (!e.settling) {
    const ahead = BigInt(e.closes_at) - w.app.block.time;
    if (ahead > 0n) w.app.advanceTime(Number((ahead + NANOS - 1n) / NANOS));
  }
  let closed: Record<string, string> = {};
  for (;;) {
    const a = attrs(w.pool.execute(dave, { process_epoch: limit === undefined ? {} : { limit } }), w.pool.address);
    if (a.closed === "true") closed = a;
    if (a.settled === "true") return closed;
  }
}

/** A typical funded pool: bob 30 000 junior, alice 100 000 senior (units × 10^6), their orders executed at the first close. */
export function fundedPool(params: Record<string, unknown> = {}, app = new App(), kind: CurrencyKind = "native"): World {
  const w = setup(params, app, kind);
  pay(w, bob, { deposit: { tranche: "junior" } }, 30_000_000_000);
  pay(w, alice, { deposit: { tranche: "senior" } }, 100_000_000_000);
  closeEpoch(w);
  return w;
}
