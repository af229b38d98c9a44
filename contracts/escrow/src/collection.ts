// What the escrow asks other contracts: a cw721 collection what a token is (nft_info), who may
// hold its tokens (is_allowed), whom a token belongs to (owner_of) and whether it is a cw721 at
// all (contract_info); a cw20 whether it is one (token_info) and a balance. Answers are read
// leniently (unknown fields skipped, as cosmwasm-std reads other contracts' responses), so a
// collection that adds fields to its extension keeps working.

import { beginRecover, endRecover, fail, failed } from "@persistence-ts/std/error";
import * as ContractError from "./error";
import { JsonReader } from "@persistence-ts/std/json/reader";
import { JsonWriter } from "@persistence-ts/std/json/writer";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { smartRequest, tryQuery } from "@persistence-ts/std/querier";
import { Addr } from "@persistence-ts/std/types/addr";
import { Coin, readUint128 } from "@persistence-ts/std/types/coin";
import { PinnedTerms } from "./msg";

/** The statuses of our nft (contracts/nft) in which a token may be traded; any other is refused. */
const TRADABLE_STATUSES = ["active", "financed", "settled", "defaulted"];

/** What a collection says a token is: the part of nft_info an order pins. */
export class AssetFacts {
  document_hash: string = "";
  face_value: Coin = new Coin("", Uint128.zero());
  status: string = "";
  /** Our nft (from 0.2.0) bumps it on every change of the token's terms. */
  revision: u64 = 0;
  /** Whether nft_info answered a revision at all: without one, nothing pins the token's other terms. */
  hasRevision: bool = false;

  /** The pinned terms of a new order at fee `feeBps`. */
  pin(feeBps: u32): PinnedTerms {
    const p = new PinnedTerms();
    p.document_hash = this.document_hash;
    p.face_value = this.face_value;
    p.asset_status = this.status;
    p.revision = this.revision;
    p.fee_bps = feeBps;
    return p;
  }

  tradable(): bool {
    return TRADABLE_STATUSES.includes(this.status);
  }
}

/** `{"<name>":{<field>:<value>…}}` with string fields. */
function request(name: string, keys: string[], values: string[]): Uint8Array {
  const w = new JsonWriter();
  w.beginObject().key(name).beginObject();
  for (let i = 0; i < keys.length; i++) w.stringField(keys[i], values[i]);
  w.endObject().endObject();
  return w.toBytes();
}

/** Why the last query or lenient read below failed. */
let lastError = "";

/** The answer of a smart query, or null with the querier's error in `lastError`. */
function ask(contract: Addr, msg: Uint8Array): Uint8Array | null {
  const res = tryQuery(smartRequest(contract.toString(), msg));
  const err = res.error;
  if (err === null) return res.data;
  lastError = err;
  return null;
}

/**
 * Ends a lenient read opened with `beginRecover()`: true when it succeeded; a parse error is
 * taken back into `lastError`.
 */
function readOk(outer: string | null): bool {
  const err = endRecover(outer);
  if (err === null) return true;
  lastError = err;
  return false;
}

/** The token's facts; fails naming the token when the collection has no such token or answers nonsense. */
export function assetFacts(collection: Addr, tokenId: string): AssetFacts | null {
  const facts = tryAssetFacts(collection, tokenId);
  if (facts === null) fail(ContractError.tokenUnreadable(tokenId, collection.toString(), lastError));
  return facts;
}

/** The token's facts, or null (without a contract error) when the collection cannot tell them. */
export function tryAssetFacts(collection: Addr, tokenId: string): AssetFacts | null {
  if (failed()) return null;
  const data = ask(collection, request("nft_info", ["token_id"], [tokenId]));
  if (data === null) return null;
  const facts = new AssetFacts();
  const outer = beginRecover();
  const r = new JsonReader(data, "NftInfoResponse");
  const s = r.beginHostStruct(["token_uri?", "extension"]);
  while (s.next()) {
    if (!s.is("extension")) {
      r.skipValue();
      continue;
    }
    const e = r.beginHostStruct(["document_hash", "face_value", "status", "revision?"]);
    while (e.next()) {
      if (e.is("document_hash")) facts.document_hash = r.readString();
      else if (e.is("face_value")) facts.face_value = Coin.read(r);
      else if (e.is("status")) facts.status = readStatus(r);
      else if (e.is("revision")) {
        facts.revision = r.readU64();
        facts.hasRevision = true;
      }
    }
  }
  r.finish();
  return readOk(outer) ? facts : null;
}

/** A unit status is its name; any other shape is kept as its JSON text (and is not tradable). */
function readStatus(r: JsonReader): string {
  if (r.peek() == 0x22) return r.readString();
  return String.UTF8.decode(r.readRaw().buffer);
}

/**
 * Whether `who` may receive tokens of `collection` now, where the collection can tell: our nft's
 * `is_allowed{address}` answers exactly that (true while its compliance mode is off, else
 * allowlist membership). A collection that does not answer it is taken to let everyone hold.
 */
export function mayHold(collection: Addr, who: Addr): bool {
  if (failed()) return false;
  const data = ask(collection, request("is_allowed", ["address"], [who.toString()]));
  if (data === null) return true;
  let allowed = true;
  const outer = beginRecover();
  const r = new JsonReader(data, "IsAllowedResponse");
  const s = r.beginHostStruct(["allowed"]);
  while (s.next()) allowed = r.readBool();
  r.finish();
  return !readOk(outer) || allowed;
}

/**
 * Fails unless `who` may hold tokens of `collection`: a depositor the escrow may have to give
 * the token back to, or a buyer it is about to deliver the token to.
 */
export function assertMayHold(collection: Addr, who: Addr): bool {
  if (!failed() && !mayHold(collection, who)) fail(ContractError.mayNotHold(who.toString(), collection.toString()));
  return !failed();
}

/** Fails unless `contract` answers cw721 `contract_info` (`{name, symbol}`). */
export function assertCw721(contract: Addr): bool {
  if (!answers(contract, "contract_info", ["name", "symbol"], "ContractInfoResponse")) fail(ContractError.notCw721(contract.toString(), lastError));
  return !failed();
}

/** Fails unless `contract` answers cw20 `token_info`. */
export function assertCw20(contract: Addr): bool {
  if (!answers(contract, "token_info", ["name", "symbol", "decimals", "total_supply"], "TokenInfoResponse")) {
    fail(ContractError.notCw20(contract.toString(), lastError));
  }
  return !failed();
}

function answers(contract: Addr, query: string, fields: string[], type: string): bool {
  if (failed()) return false;
  const data = ask(contract, request(query, [], []));
  if (data === null) return false;
  const outer = beginRecover();
  const r = new JsonReader(data, type);
  const s = r.beginHostStruct(fields);
  while (s.next()) r.skipValue();
  r.finish();
  return readOk(outer);
}

/** The owner of a token, or null when the collection does not know the token. */
export function ownerOf(collection: Addr, tokenId: string): string | null {
  if (failed()) return null;
  const data = ask(collection, request("owner_of", ["token_id"], [tokenId]));
  if (data === null) return null;
  let owner = "";
  const outer = beginRecover();
  const r = new JsonReader(data, "OwnerOfResponse");
  const s = r.beginHostStruct(["owner"]);
  while (s.next()) owner = r.readString();
  r.finish();
  return readOk(outer) ? owner : null;
}

/** A cw20 balance; fails when the token does not answer. */
export function cw20Balance(token: string, who: Addr): Uint128 {
  if (failed()) return Uint128.zero();
  const data = ask(Addr.unchecked(token), request("balance", ["address"], [who.toString()]));
  if (data === null) {
    fail(ContractError.cw20BalanceUnreadable(token, lastError));
    return Uint128.zero();
  }
  let balance = Uint128.zero();
  const r = new JsonReader(data, "BalanceResponse");
  const s = r.beginHostStruct(["balance"]);
  while (s.next()) balance = readUint128(r);
  r.finish();
  return balance;
}
