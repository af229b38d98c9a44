// Who may do what to a token, and what a valid asset looks like. Each check records a contract
// error (std/error.ts) and returns false when it does not hold.

import { fail, failed } from "../../../std/error";
import { isLowerHex } from "../../../std/encoding";
import { Key } from "../../../std/storage/key";
import { Addr } from "../../../std/types/addr";
import { BlockInfo } from "../../../std/types/env";
import { assertOwner } from "../../../std/ownership";
import { MintExtension, NftInfoUpdate, TokenInfo, Trait } from "./msg";
import { ALLOWLIST, CONFIG, MINTERS, OPERATORS, STATUS_AGENTS, TOKENS } from "./state";

const MAX_TOKEN_ID_BYTES = 128;
const MAX_TEXT_BYTES = 256;
const MAX_URI_BYTES = 1024;
const MAX_ATTRIBUTES = 32;

export function loadToken(tokenId: string): TokenInfo | null {
  const pk = Key.str(tokenId);
  if (!TOKENS.has(pk)) {
    fail("Token not found: " + tokenId);
    return null;
  }
  return TOKENS.load(pk);
}

/** A live operator grant of `owner` to `operator`. */
export function isOperator(owner: Addr, operator: Addr, block: BlockInfo): bool {
  const k = Key.addr(owner).join(Key.addr(operator));
  if (!OPERATORS.has(k)) return false;
  return !OPERATORS.load(k).isExpired(block);
}

/** cw721: the owner, an operator of the owner, or a spender with a live approval may move a token. */
export function canSend(token: TokenInfo, sender: Addr, block: BlockInfo, tokenId: string): bool {
  if (token.owner.equals(sender) || isOperator(token.owner, sender, block)) return true;
  for (let i = 0; i < token.approvals.length; i++) {
    const a = token.approvals[i];
    if (a.spender.equals(sender) && !a.expires.isExpired(block)) return true;
  }
  fail("Unauthorized: " + sender.toString() + " may not move token " + tokenId);
  return false;
}

/** cw721: only the owner or an operator of the owner may approve or revoke. */
export function canApprove(token: TokenInfo, sender: Addr, block: BlockInfo, tokenId: string): bool {
  if (token.owner.equals(sender) || isOperator(token.owner, sender, block)) return true;
  fail("Unauthorized: " + sender.toString() + " may not approve for token " + tokenId);
  return false;
}

/** With compliance on, only allowlisted addresses may receive tokens. */
export function canHold(recipient: Addr): bool {
  if (!CONFIG.load().compliance_enabled) return true;
  if (ALLOWLIST.has(Key.addr(recipient))) return true;
  fail("Recipient is not on the compliance allowlist: " + recipient.toString());
  return false;
}

export function isMinter(a: Addr): bool {
  return MINTERS.has(Key.addr(a));
}

/** The contract owner, the token's minter (while still a minter) or a status agent. */
export function canUpdateStatus(token: TokenInfo, sender: Addr): bool {
  if (STATUS_AGENTS.has(Key.addr(sender))) return true;
  if (token.minted_by.equals(sender) && isMinter(sender)) return true;
  assertOwner(sender);
  return !failed();
}

/** The contract owner or the token's minter (while still a minter) edit the mutable metadata. */
export function canEditInfo(token: TokenInfo, sender: Addr): bool {
  if (token.minted_by.equals(sender) && isMinter(sender)) return true;
  assertOwner(sender);
  return !failed();
}

export function validTokenId(id: string): bool {
  const n = String.UTF8.byteLength(id);
  if (n == 0 || n > MAX_TOKEN_ID_BYTES) {
    fail("Invalid token_id: must be 1 to " + MAX_TOKEN_ID_BYTES.toString() + " bytes");
    return false;
  }
  return true;
}

/** A document fingerprint is a sha256 digest: 64 lowercase hex characters. */
export function validDocumentHash(hash: string): bool {
  if (isLowerHex(hash, 64)) return true;
  fail("Invalid document_hash: expected 64 lowercase hex characters (sha256), got `" + hash + "`");
  return false;
}

function validText(what: string, s: string, allowEmpty: bool, max: i32 = MAX_TEXT_BYTES): bool {
  const n = String.UTF8.byteLength(s);
  if ((!allowEmpty && n == 0) || n > max) {
    fail("Invalid " + what + ": must be " + (allowEmpty ? "0" : "1") + " to " + max.toString() + " bytes");
    return false;
  }
  return true;
}

function validAttributes(attrs: Trait[]): bool {
  if (attrs.length > MAX_ATTRIBUTES) {
    fail("Too many attributes: at most " + MAX_ATTRIBUTES.toString());
    return false;
  }
  for (let i = 0; i < attrs.length; i++) {
    if (!validText("attribute key", attrs[i].key, false) || !validText("attribute value", attrs[i].value, true)) return false;
  }
  return true;
}

/** Everything a mint's extension must satisfy; the addresses it names are validated too. */
export function validMintExtension(x: MintExtension): bool {
  if (!validDocumentHash(x.document_hash)) return false;
  if (x.face_value.amount.isZero()) {
    fail("Invalid face_value: amount must be greater than zero");
    return false;
  }
  if (!validText("face_value denom", x.face_value.denom, false)) return false;
  Addr.validate(x.issuer);
  const obligor = x.obligor;
  if (obligor !== null) Addr.validate(obligor);
  if (failed()) return false;
  if (x.maturity.nanos <= x.issue_date.nanos) {
    fail("Invalid dates: maturity must be after issue_date");
    return false;
  }
  if (!validText("jurisdiction", x.jurisdiction, false)) return false;
  const attrs = x.attributes;
  return attrs === null || validAttributes(attrs);
}

export function validInfoUpdate(u: NftInfoUpdate): bool {
  const obligor = u.obligor;
  if (obligor !== null) Addr.validate(obligor);
  if (failed()) return false;
  const j = u.jurisdiction;
  if (j !== null && !validText("jurisdiction", j, false)) return false;
  const attrs = u.attributes;
  if (attrs !== null && !validAttributes(attrs)) return false;
  return !failed();
}

export function validTokenUri(uri: string | null): bool {
  return uri === null || validText("token_uri", uri, true, MAX_URI_BYTES);
}
