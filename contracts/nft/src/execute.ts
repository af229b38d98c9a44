// Execute handlers. Each returns the Response; errors are recorded with fail() and every
// handler stops at the first one, so state is only written once all checks passed.

import { fail, failed } from "@persistence-ts/std/error";
import { JsonWriter } from "@persistence-ts/std/json/writer";
import { Key } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { WasmExecute } from "@persistence-ts/std/types/cosmos_msg";
import { Env, MessageInfo } from "@persistence-ts/std/types/env";
import { Expiration } from "@persistence-ts/std/types/expiration";
import { Response } from "@persistence-ts/std/types/response";
import { Opt } from "@persistence-ts/std/types/wire";
import { OwnershipAction, OwnershipActionKind, assertOwner, ownershipAttributes, updateOwnership } from "@persistence-ts/std/ownership";
import { Order } from "@persistence-ts/std/storage/kv";
import {
  ApprovalRecord,
  AssetRecord,
  AssetStatus,
  BurnedToken,
  Config,
  DocumentRecord,
  ExecuteApprove,
  ExecuteApproveAll,
  ExecuteMint,
  ExecuteMsg,
  ExecuteSendNft,
  ExecuteUpdateAllowlist,
  ExecuteUpdateNftInfo,
  ExecuteUpdateStatus,
  OperatorGrant,
  ReceiveNftMsg,
  TokenInfo,
} from "./msg";
import { liftQuarantine, quarantine, voidToken } from "./dispute";
import { continueMigration, migrationPending, tombstoneBurnedRecord } from "./migration";
import {
  assertMayApprove,
  assertMayEditInfo,
  assertMayHold,
  assertMayMintAs,
  assertMaySend,
  isMinter,
  isOperator,
  loadToken,
  operatorGrant,
  statusMover,
  validDocumentHash,
  validInfoUpdate,
  validMintExtension,
  validTokenId,
  validTokenUri,
} from "./rules";
import {
  ALLOWLIST,
  BURNED_TOKENS,
  CONFIG,
  DOCUMENTS,
  ISSUER_MINTERS,
  MINTERS,
  NUM_TOKENS,
  OPERATORS,
  OPERATOR_GRANTS,
  QUARANTINES,
  RESERVED_DOCUMENTS,
  STATUS_AGENTS,
  TOKENS,
} from "./state";
import { HOLDER, setterOf } from "./status";
import { revisionOf, saveRevised, setStatus } from "./terms";
import * as ContractError from "./error";

const MAX_ALLOWLIST_UPDATE = 100;

export function execute(env: Env, info: MessageInfo, m: ExecuteMsg): Response {
  const s = info.sender;
  if (m.transfer_nft !== null) return transferNft(env, s, m.transfer_nft!.recipient, m.transfer_nft!.token_id);
  if (m.send_nft !== null) return sendNft(env, s, m.send_nft!);
  if (m.approve !== null) return approve(env, s, m.approve!);
  if (m.revoke !== null) return revoke(env, s, m.revoke!.spender, m.revoke!.token_id);
  if (m.approve_all !== null) return approveAll(env, s, m.approve_all!);
  if (m.revoke_all !== null) return revokeAll(s, m.revoke_all!.operator);
  if (m.mint !== null) return mint(s, m.mint!);
  if (m.burn !== null) return burn(env, s, m.burn!.token_id);
  if (m.update_ownership !== null) return changeOwnership(env, s, m.update_ownership!);
  if (m.update_nft_info !== null) return updateNftInfo(s, m.update_nft_info!);
  if (m.update_status !== null) return updateStatus(s, m.update_status!);
  if (m.add_minter !== null) return setMinter(s, m.add_minter!.minter, true);
  if (m.remove_minter !== null) return setMinter(s, m.remove_minter!.minter, false);
  if (m.add_status_agent !== null) return setStatusAgent(s, m.add_status_agent!.agent, m.add_status_agent!.issuer, true);
  if (m.remove_status_agent !== null) return setStatusAgent(s, m.remove_status_agent!.agent, m.remove_status_agent!.issuer, false);
  if (m.authorize_minter !== null) return authorizeMinter(s, m.authorize_minter!.minter, true);
  if (m.deauthorize_minter !== null) return authorizeMinter(s, m.deauthorize_minter!.minter, false);
  if (m.quarantine !== null) return quarantine(s, m.quarantine!.token_id, m.quarantine!.reason);
  if (m.lift_quarantine !== null) return liftQuarantine(s, m.lift_quarantine!.token_id);
  if (m.void_token !== null) return voidToken(s, m.void_token!.token_id, m.void_token!.reason, m.void_token!.release_to);
  if (m.continue_migration !== null) return continueMigration(m.continue_migration!.limit);
  if (m.release_document !== null) return releaseDocument(s, m.release_document!.document_hash, m.release_document!.release_to);
  if (m.set_compliance !== null) return setCompliance(s, m.set_compliance!.enabled);
  if (m.set_compliance_officer !== null) return setComplianceOfficer(s, m.set_compliance_officer!.officer);
  if (m.update_allowlist !== null) return updateAllowlist(s, m.update_allowlist!);
  return new Response();
}

/** cw-ownable, except that renouncing would freeze a quarantined token for ever. */
function changeOwnership(env: Env, sender: Addr, action: OwnershipAction): Response {
  if (action.kind == OwnershipActionKind.Renounce) {
    if (assertOwner(sender) && QUARANTINES.range(null, null, Order.Ascending, 1).length > 0) fail(ContractError.renounceWhileQuarantined());
    if (failed()) return new Response();
  }
  return ownershipAttributes(new Response(), updateOwnership(action, sender, env.block));
}

// ---- moving tokens ------------------------------------------------------------------------

/** Gives the token to `recipient`, clearing its approvals (cw721). */
function moveToken(env: Env, sender: Addr, recipientText: string, tokenId: string): TokenInfo | null {
  const recipient = Addr.validate(recipientText);
  const token = loadToken(tokenId);
  if (failed()) return null;
  if (!assertMaySend(token!, sender, env.block, tokenId) || !assertMayHold(recipient)) return null;
  const before = TOKENS.indexKeys(token!);
  token!.owner = recipient;
  token!.approvals = [];
  TOKENS.save(Key.str(tokenId), token!, before);
  return token;
}

function transferNft(env: Env, sender: Addr, recipient: string, tokenId: string): Response {
  moveToken(env, sender, recipient, tokenId);
  return new Response()
    .addAttribute("action", "transfer_nft")
    .addAttribute("sender", sender.toString())
    .addAttribute("recipient", recipient)
    .addAttribute("token_id", tokenId);
}

function sendNft(env: Env, sender: Addr, m: ExecuteSendNft): Response {
  const res = new Response();
  if (moveToken(env, sender, m.contract, m.token_id) === null) return res;
  const hook = new ReceiveNftMsg();
  hook.sender = sender.toString();
  hook.token_id = m.token_id;
  hook.msg = m.msg;
  const w = new JsonWriter();
  w.beginObject().key("receive_nft");
  hook.write(w);
  w.endObject();
  return res
    .addMessage(new WasmExecute(m.contract, w.toBytes()))
    .addAttribute("action", "send_nft")
    .addAttribute("sender", sender.toString())
    .addAttribute("recipient", m.contract)
    .addAttribute("token_id", m.token_id);
}

// ---- approvals ----------------------------------------------------------------------------

/** An approval records the operator grant it was made under, if any: it dies with that grant. */
function approve(env: Env, sender: Addr, m: ExecuteApprove): Response {
  const spender = Addr.validate(m.spender);
  const token = loadToken(m.token_id);
  if (failed() || !assertMayApprove(token!, sender, env.block, m.token_id, true)) return new Response();
  const expires = m.expires === null ? Expiration.never() : m.expires!;
  if (expires.isExpired(env.block)) {
    fail(ContractError.approvalExpired());
    return new Response();
  }
  const t = token!;
  const before = TOKENS.indexKeys(t);
  t.approvals = withoutSpender(t.approvals, spender);
  const a = new ApprovalRecord();
  a.spender = spender;
  a.expires = expires;
  if (!t.owner.equals(sender)) {
    const via = new OperatorGrant();
    via.operator = sender;
    via.grant = operatorGrant(t.owner, sender);
    a.via_operator = via;
  }
  t.approvals.push(a);
  TOKENS.save(Key.str(m.token_id), t, before);
  return new Response()
    .addAttribute("action", "approve")
    .addAttribute("sender", sender.toString())
    .addAttribute("spender", m.spender)
    .addAttribute("token_id", m.token_id);
}

function revoke(env: Env, sender: Addr, spenderText: string, tokenId: string): Response {
  const spender = Addr.validate(spenderText);
  const token = loadToken(tokenId);
  if (failed() || !assertMayApprove(token!, sender, env.block, tokenId, false)) return new Response();
  const t = token!;
  const before = TOKENS.indexKeys(t);
  t.approvals = withoutSpender(t.approvals, spender);
  TOKENS.save(Key.str(tokenId), t, before);
  return new Response()
    .addAttribute("action", "revoke")
    .addAttribute("sender", sender.toString())
    .addAttribute("spender", spenderText)
    .addAttribute("token_id", tokenId);
}

function withoutSpender(approvals: ApprovalRecord[], spender: Addr): ApprovalRecord[] {
  const out = new Array<ApprovalRecord>();
  for (let i = 0; i < approvals.length; i++) if (!approvals[i].spender.equals(spender)) out.push(approvals[i]);
  return out;
}

function approveAll(env: Env, sender: Addr, m: ExecuteApproveAll): Response {
  const operator = Addr.validate(m.operator);
  if (failed()) return new Response();
  const expires = m.expires === null ? Expiration.never() : m.expires!;
  if (expires.isExpired(env.block)) {
    fail(ContractError.approvalExpired());
    return new Response();
  }
  // A new grant (none live) gets a new number: approvals made under an ended grant stay dead.
  const pair = Key.addr(sender).join(Key.addr(operator));
  if (!isOperator(sender, operator, env.block)) OPERATOR_GRANTS.save(pair, operatorGrant(sender, operator) + 1);
  OPERATORS.save(pair, expires);
  return new Response()
    .addAttribute("action", "approve_all")
    .addAttribute("sender", sender.toString())
    .addAttribute("operator", m.operator);
}

function revokeAll(sender: Addr, operatorText: string): Response {
  const operator = Addr.validate(operatorText);
  if (failed()) return new Response();
  OPERATORS.remove(Key.addr(sender).join(Key.addr(operator)));
  return new Response()
    .addAttribute("action", "revoke_all")
    .addAttribute("sender", sender.toString())
    .addAttribute("operator", operatorText);
}

// ---- minting and burning --------------------------------------------------------------------

function mint(sender: Addr, m: ExecuteMint): Response {
  const res = new Response();
  if (!isMinter(sender)) {
    fail(ContractError.notMinter(sender.toString()));
    return res;
  }
  if (migrationPending()) {
    fail(ContractError.mintWaitsForMigration());
    return res;
  }
  const owner = Addr.validate(m.owner);
  if (failed() || !validTokenId(m.token_id) || !validTokenUri(m.token_uri) || !validMintExtension(m.extension)) return res;
  if (!assertMayMintAs(sender, m.extension.issuer) || !assertMayHold(owner)) return res;
  const pk = Key.str(m.token_id);
  if (TOKENS.has(pk)) {
    fail(ContractError.tokenIdClaimed(m.token_id));
    return res;
  }
  if (BURNED_TOKENS.has(pk)) {
    fail(ContractError.tokenIdBurned(m.token_id));
    return res;
  }
  const hash = m.extension.document_hash;
  const doc = Key.str(hash);
  if (DOCUMENTS.has(doc)) {
    const existing = DOCUMENTS.load(doc);
    fail(ContractError.documentTokenized(existing.token_id, existing.burned));
    return res;
  }
  if (!consumeReservation(doc, hash, m.extension.issuer)) return res;
  const t = new TokenInfo();
  t.owner = owner;
  t.token_uri = m.token_uri;
  t.extension = recordFromMint(m);
  t.minted_by = sender;
  t.status_set_by = setterOf(HOLDER);
  t.revision = new Opt<u64>(0);
  TOKENS.save(pk, t, null);
  const record = new DocumentRecord();
  record.token_id = m.token_id;
  DOCUMENTS.save(doc, record);
  NUM_TOKENS.save(NUM_TOKENS.loadOr(0) + 1);
  return res
    .addAttribute("action", "mint")
    .addAttribute("minter", sender.toString())
    .addAttribute("owner", m.owner)
    .addAttribute("token_id", m.token_id)
    .addAttribute("issuer", m.extension.issuer)
    .addAttribute("document_hash", hash);
}

/** A document released for a named issuer is minted only in that issuer's name; the mint uses the reservation up. */
function consumeReservation(doc: Key, hash: string, issuer: string): bool {
  if (!RESERVED_DOCUMENTS.has(doc)) return true;
  const reservedFor = RESERVED_DOCUMENTS.load(doc);
  if (reservedFor != issuer) {
    fail(ContractError.documentReservedFor(hash, reservedFor));
    return false;
  }
  RESERVED_DOCUMENTS.remove(doc);
  return true;
}

function recordFromMint(m: ExecuteMint): AssetRecord {
  const x = m.extension;
  const md = new AssetRecord();
  md.asset_class = x.asset_class;
  md.document_hash = x.document_hash;
  md.face_value = x.face_value;
  md.issuer = x.issuer;
  md.obligor = x.obligor;
  md.issue_date = x.issue_date;
  md.maturity = x.maturity;
  md.jurisdiction = x.jurisdiction;
  md.status = AssetStatus.active();
  const attrs = x.attributes;
  if (attrs !== null) md.attributes = attrs;
  return md;
}

/** Removes a token for good: its id becomes a tombstone that no mint may re-use. */
export function retireToken(tokenId: string, token: TokenInfo): void {
  const pk = Key.str(tokenId);
  TOKENS.remove(pk, token);
  const tomb = new BurnedToken();
  tomb.document_hash = token.extension.document_hash;
  tomb.face_value = token.extension.face_value;
  BURNED_TOKENS.save(pk, tomb);
  NUM_TOKENS.save(NUM_TOKENS.load() - 1);
}

/** Burning keeps the document record (marked burned): the document cannot be minted again unreleased. */
function burn(env: Env, sender: Addr, tokenId: string): Response {
  const token = loadToken(tokenId);
  if (failed() || !assertMaySend(token!, sender, env.block, tokenId)) return new Response();
  retireToken(tokenId, token!);
  const doc = Key.str(token!.extension.document_hash);
  const record = DOCUMENTS.load(doc);
  record.burned = true;
  DOCUMENTS.save(doc, record);
  return new Response()
    .addAttribute("action", "burn")
    .addAttribute("sender", sender.toString())
    .addAttribute("token_id", tokenId);
}

// ---- RWA metadata and status ------------------------------------------------------------------

function updateNftInfo(sender: Addr, m: ExecuteUpdateNftInfo): Response {
  const token = loadToken(m.token_id);
  if (failed() || !assertMayEditInfo(token!, sender, m.token_id) || !validTokenUri(m.token_uri) || !validInfoUpdate(m.token_uri, m.extension)) return new Response();
  const t = token!;
  const before = TOKENS.indexKeys(t);
  const u = m.extension;
  const res = new Response().addAttribute("action", "update_nft_info").addAttribute("sender", sender.toString()).addAttribute("token_id", m.token_id);
  if (m.token_uri !== null) {
    t.token_uri = m.token_uri;
    res.addAttribute("token_uri", m.token_uri!);
  }
  if (u.obligor !== null) {
    t.extension.obligor = u.obligor;
    res.addAttribute("obligor", u.obligor!);
  } else if (u.clear_obligor !== null && u.clear_obligor!.value) {
    t.extension.obligor = null;
    res.addAttribute("clear_obligor", "true");
  }
  if (u.jurisdiction !== null) {
    t.extension.jurisdiction = u.jurisdiction!;
    res.addAttribute("jurisdiction", u.jurisdiction!);
  }
  if (u.attributes !== null) {
    t.extension.attributes = u.attributes!;
    res.addAttribute("attributes", u.attributes!.length.toString());
  }
  saveRevised(m.token_id, t, before);
  return res.addAttribute("revision", revisionOf(t).toString());
}

/** A move the status state machine (status.ts) allows the sender, recorded as set by the sender's standing. */
function updateStatus(sender: Addr, m: ExecuteUpdateStatus): Response {
  const token = loadToken(m.token_id);
  if (failed()) return new Response();
  const t = token!;
  const setBy = statusMover(t, sender, m.token_id, m.status.variant);
  if (setBy == 0) return new Response();
  const from = t.extension.status.variant;
  setStatus(m.token_id, t, m.status, setBy);
  return new Response()
    .addAttribute("action", "update_status")
    .addAttribute("sender", sender.toString())
    .addAttribute("token_id", m.token_id)
    .addAttribute("from", from)
    .addAttribute("to", m.status.variant)
    .addAttribute("set_by", t.status_set_by!.variant)
    .addAttribute("revision", revisionOf(t).toString());
}

/**
 * The owner releases a burned token's document, reserved for the issuer `release_to`. Its token
 * id keeps (or, for an id burned under 0.1.0 the migration has not reached yet, gets) its
 * tombstone. A released document not yet minted again may be reserved for another issuer.
 */
function releaseDocument(sender: Addr, hash: string, releaseTo: string): Response {
  if (!assertOwner(sender) || !validDocumentHash(hash)) return new Response();
  const to = Addr.validate(releaseTo);
  if (failed()) return new Response();
  const doc = Key.str(hash);
  if (DOCUMENTS.has(doc)) {
    const record = DOCUMENTS.load(doc);
    if (!record.burned) fail(ContractError.documentHeldByLiveToken(record.token_id));
    else {
      tombstoneBurnedRecord(hash, record);
      DOCUMENTS.remove(doc);
    }
  } else if (!RESERVED_DOCUMENTS.has(doc)) fail(ContractError.documentNotTokenized(hash));
  else if (RESERVED_DOCUMENTS.load(doc) == to.toString()) fail(ContractError.documentAlreadyReserved(hash, releaseTo));
  if (failed()) return new Response();
  RESERVED_DOCUMENTS.save(doc, to.toString());
  return new Response()
    .addAttribute("action", "release_document")
    .addAttribute("sender", sender.toString())
    .addAttribute("document_hash", hash)
    .addAttribute("release_to", releaseTo);
}

// ---- roles and compliance -------------------------------------------------------------------

function setMinter(sender: Addr, who: string, add: bool): Response {
  assertOwner(sender);
  const a = Addr.validate(who);
  if (failed()) return new Response();
  const listed = MINTERS.has(Key.addr(a));
  if (add && listed) fail(ContractError.alreadyMinter(who));
  else if (!add && !listed) fail(ContractError.notAMinter(who));
  if (failed()) return new Response();
  if (add) MINTERS.save(Key.addr(a), true);
  else MINTERS.remove(Key.addr(a));
  return new Response().addAttribute("action", add ? "add_minter" : "remove_minter").addAttribute("minter", who);
}

/** The owner appoints a status agent for one issuer's tokens (e.g. that originator's servicer). */
function setStatusAgent(sender: Addr, who: string, issuer: string, add: bool): Response {
  assertOwner(sender);
  const a = Addr.validate(who);
  Addr.validate(issuer);
  if (failed()) return new Response();
  const k = Key.str(issuer).join(Key.addr(a));
  const listed = STATUS_AGENTS.has(k);
  if (add && listed) fail(ContractError.alreadyStatusAgent(issuer, who));
  else if (!add && !listed) fail(ContractError.notStatusAgent(issuer, who));
  if (failed()) return new Response();
  if (add) STATUS_AGENTS.save(k, true);
  else STATUS_AGENTS.remove(k);
  return new Response()
    .addAttribute("action", add ? "add_status_agent" : "remove_status_agent")
    .addAttribute("agent", who)
    .addAttribute("issuer", issuer);
}

/** An issuer lets a minter mint tokens in its name, or withdraws that (minted tokens stay). */
function authorizeMinter(issuer: Addr, who: string, add: bool): Response {
  const minter = Addr.validate(who);
  if (failed()) return new Response();
  const k = Key.addr(issuer).join(Key.addr(minter));
  const listed = ISSUER_MINTERS.has(k);
  if (add && listed) fail(ContractError.alreadyAuthorizedMinter(issuer.toString(), who));
  else if (!add && !listed) fail(ContractError.notAuthorizedMinter(issuer.toString(), who));
  if (failed()) return new Response();
  if (add) ISSUER_MINTERS.save(k, true);
  else ISSUER_MINTERS.remove(k);
  return new Response()
    .addAttribute("action", add ? "authorize_minter" : "deauthorize_minter")
    .addAttribute("issuer", issuer.toString())
    .addAttribute("minter", who);
}

function setCompliance(sender: Addr, enabled: bool): Response {
  if (!assertOwner(sender)) return new Response();
  const c = CONFIG.load();
  c.compliance_enabled = enabled;
  CONFIG.save(c);
  return new Response().addAttribute("action", "set_compliance").addAttribute("enabled", enabled ? "true" : "false");
}

function setComplianceOfficer(sender: Addr, officer: string): Response {
  assertOwner(sender);
  const a = Addr.validate(officer);
  if (failed()) return new Response();
  const c = CONFIG.load();
  c.compliance_officer = a;
  CONFIG.save(c);
  return new Response().addAttribute("action", "set_compliance_officer").addAttribute("officer", officer);
}

/**
 * The compliance officer adds and removes holders, at most 100 in one message, adds first.
 * Adding a listed address or removing an unlisted one fails, naming it (the escrow's rule too).
 */
function updateAllowlist(sender: Addr, m: ExecuteUpdateAllowlist): Response {
  const c: Config = CONFIG.load();
  if (!c.compliance_officer.equals(sender)) fail(ContractError.notComplianceOfficer());
  else if (m.add.length + m.remove.length > MAX_ALLOWLIST_UPDATE) fail(ContractError.tooManyAddresses(MAX_ALLOWLIST_UPDATE.toString()));
  for (let i = 0; i < m.add.length && !failed(); i++) {
    const k = Key.addr(Addr.validate(m.add[i]));
    if (failed()) break;
    if (ALLOWLIST.has(k)) fail(ContractError.alreadyAllowlisted(m.add[i]));
    else ALLOWLIST.save(k, true);
  }
  for (let i = 0; i < m.remove.length && !failed(); i++) {
    const k = Key.addr(Addr.validate(m.remove[i]));
    if (failed()) break;
    if (!ALLOWLIST.has(k)) fail(ContractError.notAllowlisted(m.remove[i]));
    else ALLOWLIST.remove(k);
  }
  const res = new Response()
    .addAttribute("action", "update_allowlist")
    .addAttribute("added", m.add.length.toString())
    .addAttribute("removed", m.remove.length.toString());
  for (let i = 0; i < m.add.length; i++) res.addAttribute("added_address", m.add[i]);
  for (let i = 0; i < m.remove.length; i++) res.addAttribute("removed_address", m.remove[i]);
  return res;
}
