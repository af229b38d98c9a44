// Who may do what to a token, and what a valid asset looks like. Each check records a contract
// error (std/error.ts) and returns false when it does not hold.

import { fail, failed } from "@persistence-ts/std/error";
import { isLowerHex } from "@persistence-ts/std/encoding";
import { Key } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { BlockInfo } from "@persistence-ts/std/types/env";
import { getOwnership } from "@persistence-ts/std/ownership";
import { ApprovalRecord, MintExtension, NftInfoUpdate, TokenInfo, Trait } from "./msg";
import { AGENT, HOLDER, OWNER, QUARANTINED, SETTLED, allowedMovers, describeMovers, highest, statusSetBy, tableMovers } from "./status";
import { ALLOWLIST, CONFIG, ISSUER_MINTERS, MINTERS, OPERATORS, OPERATOR_GRANTS, STATUS_AGENTS, TOKENS } from "./state";
import * as ContractError from "./error";

const MAX_TOKEN_ID_BYTES = 128;
const MAX_TEXT_BYTES = 256;
const MAX_URI_BYTES = 1024;
const MAX_ATTRIBUTES = 32;
const MAX_NAME_BYTES = 64;
const MIN_SYMBOL_CHARS = 3;
const MAX_SYMBOL_CHARS = 12;

export function loadToken(tokenId: string): TokenInfo | null {
  const pk = Key.str(tokenId);
  if (!TOKENS.has(pk)) {
    fail(ContractError.tokenNotFound(tokenId));
    return null;
  }
  return TOKENS.load(pk);
}

export function isCollectionOwner(a: Addr): bool {
  const o = getOwnership().owner;
  return o !== null && o.equals(a);
}

export function isQuarantined(token: TokenInfo): bool {
  return token.extension.status.variant == QUARANTINED;
}

/** A quarantined token is frozen: nobody moves, sends, approves or burns it. */
function assertNotFrozen(token: TokenInfo, tokenId: string): bool {
  if (!isQuarantined(token)) return true;
  fail(ContractError.tokenFrozen(tokenId));
  return false;
}

/** A live operator grant of `owner` to `operator`. */
export function isOperator(owner: Addr, operator: Addr, block: BlockInfo): bool {
  const k = Key.addr(owner).join(Key.addr(operator));
  if (!OPERATORS.has(k)) return false;
  return !OPERATORS.load(k).isExpired(block);
}

/** Which grant of (owner, operator) is the current one; 0 for grants made before 0.2.0. */
export function operatorGrant(owner: Addr, operator: Addr): u64 {
  return OPERATOR_GRANTS.loadOr(Key.addr(owner).join(Key.addr(operator)), 0);
}

/**
 * A per-token approval authorizes while it has not expired and, when an operator granted it,
 * while that very operator grant is live: revoke_all or the grant's expiry ends it for good.
 */
export function approvalLive(token: TokenInfo, a: ApprovalRecord, block: BlockInfo): bool {
  if (a.expires.isExpired(block)) return false;
  const via = a.via_operator;
  if (via === null) return true; // granted by the owner (a transfer clears approvals)
  return isOperator(token.owner, via.operator, block) && operatorGrant(token.owner, via.operator) == via.grant;
}

/** cw721: the owner, a live operator of the owner or a spender with a live approval may move a token. */
export function assertMaySend(token: TokenInfo, sender: Addr, block: BlockInfo, tokenId: string): bool {
  if (!assertNotFrozen(token, tokenId)) return false;
  if (token.owner.equals(sender) || isOperator(token.owner, sender, block)) return true;
  for (let i = 0; i < token.approvals.length; i++) {
    const a = token.approvals[i];
    if (a.spender.equals(sender) && approvalLive(token, a, block)) return true;
  }
  fail(ContractError.mayNotMove(sender.toString(), tokenId));
  return false;
}

/** cw721: only the owner or an operator of the owner may approve or revoke; nobody approves a frozen token. */
export function assertMayApprove(token: TokenInfo, sender: Addr, block: BlockInfo, tokenId: string, granting: bool): bool {
  if (granting && !assertNotFrozen(token, tokenId)) return false;
  if (token.owner.equals(sender) || isOperator(token.owner, sender, block)) return true;
  fail(ContractError.mayNotApprove(sender.toString(), tokenId));
  return false;
}

/** With compliance on, only allowlisted addresses may receive tokens. */
export function assertMayHold(recipient: Addr): bool {
  if (!CONFIG.load().compliance_enabled) return true;
  if (ALLOWLIST.has(Key.addr(recipient))) return true;
  fail(ContractError.notOnComplianceAllowlist(recipient.toString()));
  return false;
}

export function isMinter(a: Addr): bool {
  return MINTERS.has(Key.addr(a));
}

/** The minter speaks for `issuer`: it is the issuer, or the issuer authorizes it now. */
function speaksFor(minter: Addr, issuer: string): bool {
  return issuer == minter.toString() || ISSUER_MINTERS.has(Key.str(issuer).join(Key.addr(minter)));
}

/** A token names as issuer the account that mints it or an account that authorized the minter. */
export function assertMayMintAs(minter: Addr, issuer: string): bool {
  if (speaksFor(minter, issuer)) return true;
  fail(ContractError.mayNotMintAs(minter.toString(), issuer));
  return false;
}

export function isStatusAgent(issuer: string, agent: Addr): bool {
  return STATUS_AGENTS.has(Key.str(issuer).join(Key.addr(agent)));
}

/**
 * The status state machine (status.ts) applied to `sender`'s roles for this token: the party
 * the new status is recorded as set by (the sender's highest role the move allows), 0 if refused.
 */
export function statusMover(token: TokenInfo, sender: Addr, tokenId: string, to: string): i32 {
  const from = token.extension.status.variant;
  if (from == to) fail(ContractError.statusUnchanged(tokenId, to));
  else if (from == SETTLED) fail(ContractError.statusFinal(tokenId));
  else if (from == QUARANTINED) fail(ContractError.quarantineEndsOnlyByOwner(tokenId));
  else if (to == QUARANTINED) fail(ContractError.quarantineOnlyByOwner());
  if (failed()) return 0;
  const setBy = statusSetBy(token);
  const allowed = allowedMovers(from, to, setBy);
  let roles = 0;
  if (token.owner.equals(sender)) roles |= HOLDER;
  if (isStatusAgent(token.extension.issuer, sender)) roles |= AGENT;
  if (isCollectionOwner(sender)) roles |= OWNER;
  if ((roles & allowed) != 0) return highest(roles & allowed);
  const outranked = (roles & tableMovers(from, to)) != 0 ? ": its status was set by " + describeMovers(setBy) : "";
  fail(ContractError.mayNotMoveStatus(sender.toString(), tokenId, from, to, outranked, describeMovers(allowed)));
  return 0;
}

/**
 * The mutable metadata is written by the token's minter while it still holds the token (and is
 * still a minter) and, for a token minted in another issuer's name, while that issuer still
 * authorizes it; and by the collection owner. A quarantined token by the owner only.
 */
export function assertMayEditInfo(token: TokenInfo, sender: Addr, tokenId: string): bool {
  if (isCollectionOwner(sender)) return true;
  if (isQuarantined(token) || !token.minted_by.equals(sender) || !token.owner.equals(sender) || !isMinter(sender)) {
    fail(ContractError.mayNotEdit(sender.toString(), tokenId));
    return false;
  }
  if (speaksFor(sender, token.extension.issuer)) return true;
  fail(ContractError.issuerDoesNotAuthorizeEdit(sender.toString(), tokenId, token.extension.issuer));
  return false;
}

export function validTokenId(id: string): bool {
  const n = String.UTF8.byteLength(id);
  if (n == 0 || n > MAX_TOKEN_ID_BYTES) {
    fail(ContractError.invalidTokenId(MAX_TOKEN_ID_BYTES.toString()));
    return false;
  }
  return true;
}

/** A document fingerprint is a sha256 digest: 64 lowercase hex characters. */
export function validDocumentHash(hash: string): bool {
  if (isLowerHex(hash, 64)) return true;
  fail(ContractError.invalidDocumentHash(hash));
  return false;
}

/** A non-empty text of at most `max` bytes (wasmd refuses empty attribute values). */
export function validText(what: string, s: string, max: i32 = MAX_TEXT_BYTES): bool {
  const n = String.UTF8.byteLength(s);
  if (n == 0 || n > max) {
    fail(ContractError.invalidText(what, max.toString()));
    return false;
  }
  return true;
}

/** The collection's name (1–64 bytes) and symbol (3–12 ASCII letters, digits or '-', as cw20). */
export function validCollection(name: string, symbol: string): bool {
  if (!validText("name", name, MAX_NAME_BYTES)) return false;
  let ok = symbol.length >= MIN_SYMBOL_CHARS && symbol.length <= MAX_SYMBOL_CHARS;
  for (let i = 0; ok && i < symbol.length; i++) {
    const c = symbol.charCodeAt(i);
    ok = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x2d;
  }
  if (!ok) fail(ContractError.invalidSymbol(symbol, MIN_SYMBOL_CHARS.toString(), MAX_SYMBOL_CHARS.toString()));
  return ok;
}

function validAttributes(attrs: Trait[]): bool {
  if (attrs.length > MAX_ATTRIBUTES) {
    fail(ContractError.tooManyAttributes(MAX_ATTRIBUTES.toString()));
    return false;
  }
  for (let i = 0; i < attrs.length; i++) {
    if (!validText("attribute key", attrs[i].key) || !validText("attribute value", attrs[i].value)) return false;
  }
  return true;
}

/** Everything a mint's extension must satisfy; the addresses it names are validated too. */
export function validMintExtension(x: MintExtension): bool {
  if (!validDocumentHash(x.document_hash)) return false;
  if (x.face_value.amount.isZero()) {
    fail(ContractError.zeroFaceValue());
    return false;
  }
  if (!validText("face_value denom", x.face_value.denom)) return false;
  Addr.validate(x.issuer);
  const obligor = x.obligor;
  if (obligor !== null) Addr.validate(obligor);
  if (failed()) return false;
  if (x.maturity.nanos <= x.issue_date.nanos) {
    fail(ContractError.maturityBeforeIssue());
    return false;
  }
  if (!validText("jurisdiction", x.jurisdiction)) return false;
  const attrs = x.attributes;
  return attrs === null || validAttributes(attrs);
}

/** An update names at least one change (each one bumps the token's revision) and valid values. */
export function validInfoUpdate(tokenUri: string | null, u: NftInfoUpdate): bool {
  const obligor = u.obligor;
  const clear = u.clear_obligor !== null && u.clear_obligor!.value;
  if (clear && obligor !== null) {
    fail(ContractError.obligorAndClear());
    return false;
  }
  if (tokenUri === null && obligor === null && !clear && u.jurisdiction === null && u.attributes === null) {
    fail(ContractError.nothingToChange());
    return false;
  }
  if (obligor !== null) Addr.validate(obligor);
  if (failed()) return false;
  const j = u.jurisdiction;
  if (j !== null && !validText("jurisdiction", j)) return false;
  const attrs = u.attributes;
  return attrs === null || validAttributes(attrs);
}

export function validTokenUri(uri: string | null): bool {
  return uri === null || validText("token_uri", uri, MAX_URI_BYTES);
}

/** A dispute's reason, recorded in storage and in the event. */
export function validReason(reason: string): bool {
  return validText("reason", reason);
}
