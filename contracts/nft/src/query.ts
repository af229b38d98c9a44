// Query handlers: each returns the JSON of its response type (see messages.ts).

import { fail, failed } from "@persistence-ts/std/error";
import { JsonWriter } from "@persistence-ts/std/json/writer";
import { Key } from "@persistence-ts/std/storage/key";
import { Order } from "@persistence-ts/std/storage/kv";
import { Bound, StorageMap, clampLimit } from "@persistence-ts/std/storage/map";
import { MultiIndex } from "@persistence-ts/std/storage/indexed_map";
import { Addr } from "@persistence-ts/std/types/addr";
import { BlockInfo, Env } from "@persistence-ts/std/types/env";
import { Opt } from "@persistence-ts/std/types/wire";
import { getOwnership } from "@persistence-ts/std/ownership";
import {
  AllNftInfoResponse,
  AllowlistResponse,
  Approval,
  ApprovalResponse,
  ApprovalRecord,
  ApprovalsResponse,
  AssetMetadata,
  AuthorizedMintersResponse,
  ConfigResponse,
  ContractInfoResponse,
  IsAllowedResponse,
  MinterResponse,
  MintersResponse,
  NftInfoResponse,
  NumTokensResponse,
  OperatorResponse,
  OperatorsResponse,
  OwnerOfResponse,
  QuarantineInfoResponse,
  QueryMsg,
  StatusAgentsResponse,
  TokenInfo,
  TokensResponse,
  VerifyDocumentResponse,
} from "./msg";
import { approvalLive, loadToken, validDocumentHash } from "./rules";
import { setterOf, statusSetBy } from "./status";
import { revisionOf } from "./terms";
import {
  ALLOWLIST,
  CONFIG,
  DOCUMENTS,
  ISSUER_MINTERS,
  MINTERS,
  NUM_TOKENS,
  OPERATORS,
  QUARANTINES,
  RESERVED_DOCUMENTS,
  STATUS_AGENTS,
  TOKENS,
  TOKENS_BY_CLASS,
  TOKENS_BY_ISSUER,
  TOKENS_BY_OWNER,
  TOKENS_BY_STATUS,
} from "./state";
import * as ContractError from "./error";

export function query(env: Env, m: QueryMsg): Uint8Array {
  const w = new JsonWriter();
  const b = env.block;
  if (m.owner_of !== null) ownerOf(b, m.owner_of!.token_id, flag(m.owner_of!.include_expired)).write(w);
  else if (m.approval !== null) approval(b, m.approval!.token_id, m.approval!.spender, flag(m.approval!.include_expired)).write(w);
  else if (m.approvals !== null) approvals(b, m.approvals!.token_id, flag(m.approvals!.include_expired)).write(w);
  else if (m.operator !== null) operator(b, m.operator!.owner, m.operator!.operator, flag(m.operator!.include_expired)).write(w);
  else if (m.all_operators !== null) {
    const q = m.all_operators!;
    allOperators(b, q.owner, flag(q.include_expired), q.start_after, q.limit).write(w);
  } else if (m.num_tokens !== null) numTokens().write(w);
  else if (m.contract_info !== null) contractInfo().write(w);
  else if (m.nft_info !== null) nftInfo(m.nft_info!.token_id).write(w);
  else if (m.all_nft_info !== null) allNftInfo(b, m.all_nft_info!.token_id, flag(m.all_nft_info!.include_expired)).write(w);
  else if (m.tokens !== null) byIndex(TOKENS_BY_OWNER, m.tokens!.owner, m.tokens!.start_after, m.tokens!.limit).write(w);
  else if (m.all_tokens !== null) allTokens(m.all_tokens!.start_after, m.all_tokens!.limit).write(w);
  else if (m.minter !== null) minter().write(w);
  else if (m.ownership !== null) getOwnership().write(w);
  else if (m.verify_document !== null) verifyDocument(m.verify_document!.document_hash).write(w);
  else if (m.tokens_by_asset_class !== null) {
    const q = m.tokens_by_asset_class!;
    byIndex(TOKENS_BY_CLASS, q.asset_class.variant, q.start_after, q.limit).write(w);
  } else if (m.tokens_by_status !== null) {
    const q = m.tokens_by_status!;
    byIndex(TOKENS_BY_STATUS, q.status.variant, q.start_after, q.limit).write(w);
  } else if (m.tokens_by_issuer !== null) {
    const q = m.tokens_by_issuer!;
    byIndex(TOKENS_BY_ISSUER, q.issuer, q.start_after, q.limit).write(w);
  } else if (m.config !== null) config().write(w);
  else if (m.minters !== null) {
    const r = new MintersResponse();
    r.minters = members(MINTERS, m.minters!.start_after, m.minters!.limit);
    r.write(w);
  } else if (m.status_agents !== null) {
    const q = m.status_agents!;
    const r = new StatusAgentsResponse();
    r.agents = membersUnder(STATUS_AGENTS, Key.str(q.issuer), q.start_after, q.limit);
    r.write(w);
  } else if (m.authorized_minters !== null) {
    const q = m.authorized_minters!;
    const r = new AuthorizedMintersResponse();
    r.minters = membersUnder(ISSUER_MINTERS, Key.str(q.issuer), q.start_after, q.limit);
    r.write(w);
  } else if (m.quarantine_info !== null) quarantineInfo(m.quarantine_info!.token_id).write(w);
  else if (m.allowlist !== null) {
    const r = new AllowlistResponse();
    r.addresses = members(ALLOWLIST, m.allowlist!.start_after, m.allowlist!.limit);
    r.write(w);
  } else if (m.is_allowed !== null) isAllowed(m.is_allowed!.address).write(w);
  if (failed()) return new Uint8Array(0);
  return w.toBytes();
}

function flag(o: Opt<bool> | null): bool {
  return o !== null && o.value;
}

function limitOf(l: Opt<u32> | null): i64 {
  return l === null ? -1 : <i64>l.value;
}

/** The approvals that authorize now (all of them with include_expired), in the cw721 shape. */
function liveApprovals(t: TokenInfo, block: BlockInfo, includeExpired: bool): Approval[] {
  const out = new Array<Approval>();
  for (let i = 0; i < t.approvals.length; i++) {
    const a: ApprovalRecord = t.approvals[i];
    if (!includeExpired && !approvalLive(t, a, block)) continue;
    const v = new Approval();
    v.spender = a.spender;
    v.expires = a.expires;
    out.push(v);
  }
  return out;
}

function ownerOf(block: BlockInfo, tokenId: string, includeExpired: bool): OwnerOfResponse {
  const r = new OwnerOfResponse();
  const t = loadToken(tokenId);
  if (t === null) return r;
  r.owner = t.owner.toString();
  r.approvals = liveApprovals(t, block, includeExpired);
  return r;
}

function approval(block: BlockInfo, tokenId: string, spender: string, includeExpired: bool): ApprovalResponse {
  const r = new ApprovalResponse();
  const t = loadToken(tokenId);
  if (t === null) return r;
  // cw721: the owner is implicitly approved forever.
  if (t.owner.toString() == spender) {
    r.approval.spender = t.owner;
    return r;
  }
  const live = liveApprovals(t, block, includeExpired);
  for (let i = 0; i < live.length; i++) {
    if (live[i].spender.toString() == spender) {
      r.approval = live[i];
      return r;
    }
  }
  fail(ContractError.approvalNotFound(spender));
  return r;
}

function approvals(block: BlockInfo, tokenId: string, includeExpired: bool): ApprovalsResponse {
  const r = new ApprovalsResponse();
  const t = loadToken(tokenId);
  if (t !== null) r.approvals = liveApprovals(t, block, includeExpired);
  return r;
}

function operator(block: BlockInfo, owner: string, op: string, includeExpired: bool): OperatorResponse {
  const r = new OperatorResponse();
  const k = Key.str(owner).join(Key.str(op));
  if (OPERATORS.has(k)) {
    const e = OPERATORS.load(k);
    if (includeExpired || !e.isExpired(block)) {
      r.approval.spender = Addr.unchecked(op);
      r.approval.expires = e;
      return r;
    }
  }
  fail(ContractError.approvalNotFound(op));
  return r;
}

/** Operators of `owner`, paginated by operator address; expired grants are skipped unless asked. */
function allOperators(block: BlockInfo, owner: string, includeExpired: bool, startAfter: string | null, limit: Opt<u32> | null): OperatorsResponse {
  const r = new OperatorsResponse();
  const min: Bound | null = startAfter === null ? null : Bound.exclusive(Key.str(startAfter));
  const entries = OPERATORS.prefixRange(Key.str(owner), min, null, Order.Ascending, clampLimit(limitOf(limit)));
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i].value;
    if (!includeExpired && e.isExpired(block)) continue;
    const a = new Approval();
    a.spender = Addr.unchecked(String.UTF8.decode(entries[i].key.parts[0].buffer));
    a.expires = e;
    r.operators.push(a);
  }
  return r;
}

function numTokens(): NumTokensResponse {
  const r = new NumTokensResponse();
  r.count = NUM_TOKENS.loadOr(0);
  return r;
}

function contractInfo(): ContractInfoResponse {
  const c = CONFIG.load();
  const r = new ContractInfoResponse();
  r.name = c.name;
  r.symbol = c.symbol;
  return r;
}

function nftInfo(tokenId: string): NftInfoResponse {
  const r = new NftInfoResponse();
  const t = loadToken(tokenId);
  if (t === null) return r;
  r.token_uri = t.token_uri;
  r.extension = metadata(t);
  return r;
}

/** The stored extension with the minting account beside the issuer it names. */
function metadata(t: TokenInfo): AssetMetadata {
  const x = t.extension;
  const m = new AssetMetadata();
  m.asset_class = x.asset_class;
  m.document_hash = x.document_hash;
  m.face_value = x.face_value;
  m.issuer = x.issuer;
  m.obligor = x.obligor;
  m.issue_date = x.issue_date;
  m.maturity = x.maturity;
  m.jurisdiction = x.jurisdiction;
  m.status = x.status;
  m.attributes = x.attributes;
  m.minted_by = t.minted_by;
  m.status_set_by = setterOf(statusSetBy(t));
  m.revision = revisionOf(t);
  return m;
}

function allNftInfo(block: BlockInfo, tokenId: string, includeExpired: bool): AllNftInfoResponse {
  const r = new AllNftInfoResponse();
  r.access = ownerOf(block, tokenId, includeExpired);
  r.info = nftInfo(tokenId);
  return r;
}

function tokenIds(pks: Uint8Array[]): TokensResponse {
  const r = new TokensResponse();
  for (let i = 0; i < pks.length; i++) r.tokens.push(String.UTF8.decode(pks[i].buffer));
  return r;
}

function byIndex(index: MultiIndex<TokenInfo>, value: string, startAfter: string | null, limit: Opt<u32> | null): TokensResponse {
  const after: Key | null = startAfter === null ? null : Key.str(startAfter);
  return tokenIds(index.primaryKeys(Key.str(value), after, Order.Ascending, clampLimit(limitOf(limit))));
}

function allTokens(startAfter: string | null, limit: Opt<u32> | null): TokensResponse {
  const r = new TokensResponse();
  const min: Bound | null = startAfter === null ? null : Bound.exclusive(Key.str(startAfter));
  const entries = TOKENS.range(min, null, Order.Ascending, clampLimit(limitOf(limit)));
  for (let i = 0; i < entries.length; i++) r.tokens.push(String.UTF8.decode(entries[i].key.parts[0].buffer));
  return r;
}

/** cw721's `minter` answers with the contract owner, who manages the minters. */
function minter(): MinterResponse {
  const r = new MinterResponse();
  const o = getOwnership().owner;
  r.minter = o === null ? null : o.toString();
  return r;
}

/** The live token of a document and what pins it as an asset (face value, issuer, minter). */
function verifyDocument(hash: string): VerifyDocumentResponse {
  const r = new VerifyDocumentResponse();
  if (!validDocumentHash(hash)) return r;
  const doc = Key.str(hash);
  if (!DOCUMENTS.has(doc)) {
    if (RESERVED_DOCUMENTS.has(doc)) r.reserved_for = Addr.unchecked(RESERVED_DOCUMENTS.load(doc));
    return r;
  }
  const record = DOCUMENTS.load(doc);
  r.burned = record.burned;
  if (record.burned) return r;
  const t = TOKENS.load(Key.str(record.token_id));
  r.token_id = record.token_id;
  r.owner = t.owner.toString();
  r.status = t.extension.status;
  r.face_value = t.extension.face_value;
  r.issuer = t.extension.issuer;
  r.minted_by = t.minted_by;
  r.revision = new Opt<u64>(revisionOf(t));
  return r;
}

function quarantineInfo(tokenId: string): QuarantineInfoResponse {
  const r = new QuarantineInfoResponse();
  const pk = Key.str(tokenId);
  if (!QUARANTINES.has(pk)) {
    fail(ContractError.notQuarantined(tokenId));
    return r;
  }
  const q = QUARANTINES.load(pk);
  r.prior_status = q.prior_status;
  r.prior_set_by = q.prior_set_by;
  r.reason = q.reason;
  return r;
}

/** Whether a (valid) address may receive tokens now: compliance is off, or it is on the allowlist. */
function isAllowed(address: string): IsAllowedResponse {
  const r = new IsAllowedResponse();
  const a = Addr.validate(address);
  if (failed()) return r;
  r.allowed = !CONFIG.load().compliance_enabled || ALLOWLIST.has(Key.addr(a));
  return r;
}

function config(): ConfigResponse {
  const c = CONFIG.load();
  const r = new ConfigResponse();
  r.name = c.name;
  r.symbol = c.symbol;
  const o = getOwnership().owner;
  r.owner = o === null ? null : o.toString();
  r.compliance_enabled = c.compliance_enabled;
  r.compliance_officer = c.compliance_officer.toString();
  return r;
}

/** The second key elements under (prefix, *) of a two-element role map, paginated. */
function membersUnder(map: StorageMap<bool>, prefix: Key, startAfter: string | null, limit: Opt<u32> | null): string[] {
  const min: Bound | null = startAfter === null ? null : Bound.exclusive(Key.str(startAfter));
  const entries = map.prefixRange(prefix, min, null, Order.Ascending, clampLimit(limitOf(limit)));
  const out = new Array<string>();
  for (let i = 0; i < entries.length; i++) out.push(String.UTF8.decode(entries[i].key.parts[0].buffer));
  return out;
}

function members(map: StorageMap<bool>, startAfter: string | null, limit: Opt<u32> | null): string[] {
  const min: Bound | null = startAfter === null ? null : Bound.exclusive(Key.str(startAfter));
  const entries = map.range(min, null, Order.Ascending, clampLimit(limitOf(limit)));
  const out = new Array<string>();
  for (let i = 0; i < entries.length; i++) out.push(String.UTF8.decode(entries[i].key.parts[0].buffer));
  return out;
}
