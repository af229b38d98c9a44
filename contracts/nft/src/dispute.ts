// The collection owner's dispute path for a fraudulent token (document squatting, a false
// issuer): quarantine freezes it, then either lift_quarantine restores it as it was or void_token
// removes it for good and releases its document for the true issuer. Every step is an event.

import { fail, failed } from "../../../std/error";
import { assertOwner } from "../../../std/ownership";
import { Key } from "../../../std/storage/key";
import { Addr } from "../../../std/types/addr";
import { Response } from "../../../std/types/response";
import { AssetStatus, Quarantine, TokenInfo } from "./msg";
import { retireToken } from "./execute";
import { isQuarantined, loadToken, validReason } from "./rules";
import { DOCUMENTS, QUARANTINES, TOKENS } from "./state";

/** The token, when the sender is the collection owner and the token exists. */
function disputed(sender: Addr, tokenId: string): TokenInfo | null {
  assertOwner(sender);
  if (failed()) return null;
  return loadToken(tokenId);
}

function requireQuarantined(token: TokenInfo, tokenId: string): bool {
  if (isQuarantined(token)) return true;
  fail("Token " + tokenId + " is not quarantined");
  return false;
}

function setStatus(tokenId: string, t: TokenInfo, status: AssetStatus): void {
  const before = TOKENS.indexKeys(t);
  t.extension.status = status;
  TOKENS.save(Key.str(tokenId), t, before);
}

export function quarantine(sender: Addr, tokenId: string, reason: string): Response {
  const t = disputed(sender, tokenId);
  if (t === null || !validReason(reason)) return new Response();
  if (isQuarantined(t)) {
    fail("Token " + tokenId + " is already quarantined");
    return new Response();
  }
  const q = new Quarantine();
  q.prior_status = t.extension.status;
  q.reason = reason;
  QUARANTINES.save(Key.str(tokenId), q);
  setStatus(tokenId, t, AssetStatus.quarantined());
  return new Response()
    .addAttribute("action", "quarantine")
    .addAttribute("sender", sender.toString())
    .addAttribute("token_id", tokenId)
    .addAttribute("owner", t.owner.toString())
    .addAttribute("from", q.prior_status.variant)
    .addAttribute("reason", reason);
}

export function liftQuarantine(sender: Addr, tokenId: string): Response {
  const t = disputed(sender, tokenId);
  if (t === null || !requireQuarantined(t, tokenId)) return new Response();
  const pk = Key.str(tokenId);
  const q = QUARANTINES.load(pk);
  QUARANTINES.remove(pk);
  setStatus(tokenId, t, q.prior_status);
  return new Response()
    .addAttribute("action", "lift_quarantine")
    .addAttribute("sender", sender.toString())
    .addAttribute("token_id", tokenId)
    .addAttribute("to", q.prior_status.variant);
}

/**
 * The token leaves the collection wherever it is (a holder's wallet, an escrow order, a pool
 * loan: see the README for what becomes of those), its id is a tombstone and its document is
 * released so the true issuer can tokenize it.
 */
export function voidToken(sender: Addr, tokenId: string, reason: string): Response {
  const t = disputed(sender, tokenId);
  if (t === null || !requireQuarantined(t, tokenId) || !validReason(reason)) return new Response();
  QUARANTINES.remove(Key.str(tokenId));
  retireToken(tokenId, t);
  DOCUMENTS.remove(Key.str(t.extension.document_hash));
  return new Response()
    .addAttribute("action", "void_token")
    .addAttribute("sender", sender.toString())
    .addAttribute("token_id", tokenId)
    .addAttribute("owner", t.owner.toString())
    .addAttribute("minted_by", t.minted_by.toString())
    .addAttribute("document_hash", t.extension.document_hash)
    .addAttribute("reason", reason);
}
