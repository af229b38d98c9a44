// Shared set-up for the escrow tests: our RWA NFT collection, the test cw20 token (the
// stablecoin paid in cw20), an IBC-style native stablecoin, and the escrow. Every message and
// response is checked against the contracts' schemas, the hook messages (the `msg` of send_nft
// and of a cw20 send) against the escrow's NftHookMsg / Cw20HookMsg definitions.

import Ajv, { ValidateFunction } from "ajv";
import { App, TxResult } from "@persistence-ts/simulator/app/app";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import escrowMessages from "../../contracts/escrow/messages";
import type { Def } from "@persistence-ts/schema/dsl";
import { contractSchema } from "@persistence-ts/schema/json-schema";
import { Token, deployToken, minter as cw20Minter } from "../cw20/token";
import { Deployed, deploy } from "@persistence-ts/testing/contracts";
import { mintMsg } from "../nft/setup";

export const owner = makeAddress("escrow-owner");
export const collector = makeAddress("fee-collector");
/** The SME: mints invoices (it is the collection's minter) and sells them. */
export const seller = makeAddress("sme-originator");
/** Financiers who buy invoices. */
export const buyer = makeAddress("financier");
export const carol = makeAddress("carol");
export const dave = makeAddress("dave");
export const nftOwner = makeAddress("nft-owner");

/** An IBC stablecoin denom (the native payment asset). */
export const USDC = "ibc/498A0751C798A0D9A389AA3691123DADA57DAA4FE165D5C75894505B876BA6E4";
export const FEE_BPS = 250;

type Json = Record<string, unknown>;

const hookValidators = new Map<string, ValidateFunction>();
const ajv = new Ajv({ strict: false, allErrors: true, logger: false });

/** Throws unless `msg` is a valid NftHookMsg / Cw20HookMsg of the escrow's definition. */
export function assertHook(kind: "NftHookMsg" | "Cw20HookMsg", msg: unknown): void {
  let v = hookValidators.get(kind);
  if (!v) {
    const def = (escrowMessages.extra ?? []).find((d: Def) => d.name === kind)!;
    v = ajv.compile(contractSchema({ ...escrowMessages, execute: def }).execute as object);
    hookValidators.set(kind, v);
  }
  if (!v(msg)) throw new Error(`${kind} does not match the schema: ${ajv.errorsText(v.errors)}\n${JSON.stringify(msg)}`);
}

export const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString("base64");

export type AssetKind = "native" | "cw20";

export interface OrderOpts {
  asset?: AssetKind;
  expires?: Json | null;
  taker?: string | null;
  /** The asset a bid names; by default what the collection says now. */
  facts?: AssetFacts;
}

export interface Coin {
  denom: string;
  amount: string;
}

/** What a collection says a token is (nft_info), as orders pin it and accepting messages name it. */
export interface AssetFacts {
  document_hash: string;
  face_value: Coin;
  /** The revision of the token's terms (0 for a collection without one). */
  revision: number;
}

export interface Order {
  id: number;
  kind: "ask" | "bid";
  maker: string;
  collection: string;
  token_id: string;
  asset: { native?: string; cw20?: string };
  price: string;
  list_price: string;
  taker: string | null;
  expires: Json | null;
  status: "open" | "settled" | "cancelled" | "expired";
  pinned: (AssetFacts & { asset_status: string; fee_bps: number }) | null;
  maker_escrow: string;
  taker_escrow: string;
  nft_depositor: string | null;
  live_maker_offer: number | null;
  live_taker_offers: number;
  offer_count: number;
  created_height: number;
  closed_height: number | null;
  settlement: { buyer: string; seller: string; amount: string; fee: string } | null;
}

export interface Offer {
  id: number;
  proposer: string;
  side: "maker" | "taker";
  amount: string;
  status: "live" | "superseded" | "withdrawn" | "accepted" | "closed" | "outbid";
  height: number;
  /** Block time (ns) until which a counterparty offer can be neither withdrawn nor revised; null for maker offers. */
  locked_until: string | null;
}

export interface Claim {
  id: number;
  owner: string;
  holding: { funds: { asset: { native?: string; cw20?: string }; amount: string } } | { nft: { collection: string; token_id: string } };
  order_id: number;
  height: number;
}

/** The attribute `key` of the escrow's wasm event in `res`. */
export function attr(res: TxResult, contract: string, key: string): string | undefined {
  for (const e of res.events) {
    if (e.type !== "wasm" || !e.attributes.some((a) => a.key === "_contract_address" && a.value === contract)) continue;
    const a = e.attributes.find((x) => x.key === key);
    if (a) return a.value;
  }
  return undefined;
}

export class World {
  private nextDoc = 1;

  constructor(
    readonly app: App,
    readonly nft: Deployed,
    readonly token: Token,
    readonly escrow: Deployed,
  ) {}

  get address(): string {
    return this.escrow.address;
  }

  asset(kind: AssetKind): { native: string } | { cw20: string } {
    return kind === "native" ? { native: USDC } : { cw20: this.token.address };
  }

  /** Mints invoice `tokenId` to `to`. */
  mint(tokenId: string, to = seller): void {
    this.nft.execute(seller, mintMsg(tokenId, to, this.nextDoc++));
  }

  /** Gives `who` native USDC and cw20 tokens to trade with. */
  fund(who: string, amount: bigint): void {
    this.app.mint(who, [{ denom: USDC, amount: amount.toString() }]);
    this.token.execute(cw20Minter, { mint: { recipient: who, amount: amount.toString() } });
  }

  /** send_nft of `tokenId` to the escrow with `hook` as its msg. */
  sendNft(sender: string, tokenId: string, hook: Json): TxResult {
    assertHook("NftHookMsg", hook);
    return this.nft.execute(sender, { send_nft: { contract: this.address, token_id: tokenId, msg: b64(hook) } });
  }

  /** A cw20 send of `amount` to the escrow with `hook` as its msg. */
  sendCw20(sender: string, amount: bigint, hook: Json): TxResult {
    assertHook("Cw20HookMsg", hook);
    return this.token.execute(sender, { send: { contract: this.address, amount: amount.toString(), msg: b64(hook) } });
  }

  /** An escrow message paid in `kind`: native coins attached, or a cw20 send with the message as hook; a plain message for 0. */
  pay(sender: string, kind: AssetKind, amount: bigint, msg: Json): TxResult {
    if (amount === 0n) return this.escrow.execute(sender, msg);
    if (kind === "cw20") return this.sendCw20(sender, amount, msg);
    return this.escrow.execute(sender, msg, [{ denom: USDC, amount: amount.toString() }]);
  }

  ask(from: string, tokenId: string, price: bigint, opts: OrderOpts = {}): number {
    const res = this.sendNft(from, tokenId, {
      create_ask: { price: { asset: this.asset(opts.asset ?? "native"), amount: price.toString() }, expires: opts.expires ?? null, taker: opts.taker ?? null },
    });
    return Number(attr(res, this.address, "order_id"));
  }

  /** The create_bid message for `tokenId` naming the asset the collection says it is (or `opts.facts`). */
  bidMsg(tokenId: string, opts: OrderOpts = {}): Json {
    const facts = opts.facts ?? this.facts(tokenId);
    return { create_bid: { collection: this.nft.address, token_id: tokenId, ...facts, expires: opts.expires ?? null, taker: opts.taker ?? null } };
  }

  bid(from: string, tokenId: string, price: bigint, opts: OrderOpts = {}): number {
    return Number(attr(this.pay(from, opts.asset ?? "native", price, this.bidMsg(tokenId, opts)), this.address, "order_id"));
  }

  /** The token's document hash and face value, as its collection's nft_info says. */
  facts(tokenId: string): AssetFacts {
    const { document_hash, face_value, revision } = this.nft.query<{ extension: AssetFacts }>({ nft_info: { token_id: tokenId } }).extension;
    return { document_hash, face_value, revision };
  }

  /** The terms of order `id` as a taker reads them now: what accept_ask / accept_bid must name. */
  terms(id: number): Json {
    const o = this.order(id);
    const { document_hash, face_value, revision } = o.pinned!;
    return { order_id: id, price: { asset: o.asset, amount: o.price }, collection: o.collection, token_id: o.token_id, document_hash, face_value, revision };
  }

  /** accept_ask of order `id` at its terms now, paid in full. */
  acceptAsk(who: string, id: number): TxResult {
    const o = this.order(id);
    return this.pay(who, o.asset.native !== undefined ? "native" : "cw20", BigInt(o.price), { accept_ask: this.terms(id) });
  }

  /** accept_bid of order `id` at its terms now: the token sent with send_nft (or already escrowed by `who`). */
  acceptBid(who: string, id: number): TxResult {
    const o = this.order(id);
    const msg = { accept_bid: this.terms(id) };
    return o.nft_depositor === who ? this.escrow.execute(who, msg) : this.sendNft(who, o.token_id, msg);
  }

  order(id: number): Order {
    return this.escrow.query<Order>({ order: { id } });
  }

  offers(orderId: number): Offer[] {
    return this.escrow.query<{ offers: Offer[] }>({ offers: { order_id: orderId, limit: 100 } }).offers;
  }

  claims(owner: string): Claim[] {
    return this.escrow.query<{ claims: Claim[] }>({ claims: { owner, limit: 100 } }).claims;
  }

  /** What the escrow owes of a payment asset (escrow + claims). */
  owed(kind: AssetKind): bigint {
    return BigInt(this.escrow.query<{ amount: string }>({ holdings: { asset: this.asset(kind) } }).amount);
  }

  ownerOf(tokenId: string): string {
    return this.nft.query<{ owner: string }>({ owner_of: { token_id: tokenId } }).owner;
  }

  balance(who: string, kind: AssetKind): bigint {
    return kind === "native" ? this.app.balance(who, USDC) : this.token.balance(who);
  }

  /** Everything the chain stores (every module, every contract), for "state unchanged" checks. */
  snapshot(): string {
    const out: string[] = [];
    const it = this.app.store.range(undefined, undefined, "ascending");
    for (let r = it.next(); !r.done; r = it.next()) out.push(Buffer.from(r.value[0]).toString("hex") + "=" + Buffer.from(r.value[1]).toString("hex"));
    return out.join("\n");
  }
}

/** A fresh chain with the collection, the cw20 token and the escrow (fee 2.5%), both stablecoins allowlisted. */
export function setup(escrowExtra: Json = {}): World {
  const app = new App();
  const nft = deploy(app, "nft", nftOwner, { name: "Persistence RWA", symbol: "RWA", minters: [seller] });
  const token = deployToken(app, { name: "Test USD", symbol: "TUSD", decimals: 6, initial_balances: [], mint: { minter: cw20Minter, cap: null } });
  const escrow = deploy(app, "escrow", owner, {
    fee_bps: FEE_BPS,
    fee_collector: collector,
    collections: [nft.address],
    native_denoms: [USDC],
    cw20_tokens: [token.address],
    ...escrowExtra,
  });
  return new World(app, nft, token, escrow);
}
