// The collection owner's dispute path for a fraudulent token (document squatting, a false
// issuer): quarantine freezes it, then either lift_quarantine restores it as it was or void_token
// removes it for good and releases its document, reserved for the true issuer. Every step is an
// event; quarantine and lift change the token's terms, so they bump its revision.

import { fail, failed } from "@persistence-ts/std/error";
import { assertOwner } from "@persistence-ts/std/ownership";
import { Key } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { Response } from "@persistence-ts/std/types/response";
import { AssetStatus, Quarantine, TokenInfo } from "./msg";
import { retireToken } from "./execute";
import { isQuarantined, loadToken, validReason } from "./rules";
import { OWNER, partyOf, setterOf, statusSetBy } from "./status";
import { DOCUMENTS, QUARANTINES, RESERVED_DOCUMENTS } from "./state";
import { revisionOf, setStatus } from "./terms";
import * as ContractError from "./error";

/** The token, when the sender is the collection owner and the token exists. */
function disputed(sender: Addr, tokenId: string): TokenInfo | null {
  if (!assertOwner(sender)) return null;
  return loadToken(tokenId);
}

function assertQuarantined(token: TokenInfo, tokenId: string): bool {
  if (isQuarantined(token)) return true;
  fail(ContractError.notQuarantined(tokenId));
  return false;
}

export function quarantine(sender: Addr, tokenId: string, reason: string): Response {
  const t = disputed(sender, tokenId);
  if (t === null || !validReason(reason)) return new Response();
  if (isQuarantined(t)) {
    fail(ContractError.alreadyQuarantined(tokenId));
    return new Response();
  }
  const q = new Quarantine();
  q.prior_status = t.extension.status;
  q.prior_set_by = setterOf(statusSetBy(t));
  q.reason = reason;
  QUARANTINES.save(Key.str(tokenId), q);
  setStatus(tokenId, t, AssetStatus.quarantined(), OWNER);
  return new Response()
    .addAttribute("action", "quarantine")
    .addAttribute("sender", sender.toString())
    .addAttribute("token_id", tokenId)
    .addAttribute("owner", t.owner.toString())
    .addAttribute("from", q.prior_status.variant)
    .addAttribute("reason", reason)
    .addAttribute("revision", revisionOf(t).toString());
}

/** Back to the status the token had, recorded as set by whoever had set it. */
export function liftQuarantine(sender: Addr, tokenId: string): Response {
  const t = disputed(sender, tokenId);
  if (t === null || !assertQuarantined(t, tokenId)) return new Response();
  const pk = Key.str(tokenId);
  const q = QUARANTINES.load(pk);
  QUARANTINES.remove(pk);
  setStatus(tokenId, t, q.prior_status, partyOf(q.prior_set_by));
  return new Response()
    .addAttribute("action", "lift_quarantine")
    .addAttribute("sender", sender.toString())
    .addAttribute("token_id", tokenId)
    .addAttribute("to", q.prior_status.variant)
    .addAttribute("revision", revisionOf(t).toString());
}

/**
 * The token leaves the collection wherever it is (a holder's wallet, an escrow order, a pool
 * loan: see the README for what becomes of those), its id is a tombstone and its document is
 * released, reserved for `releaseTo` (the true issuer) so that no other mint takes it first.
 */
export function voidToken(sender: Addr, tokenId: string, reason: string, releaseTo: string): Response {
  const t = disputed(sender, tokenId);
  if (t === null || !assertQuarantined(t, tokenId) || !validReason(reason)) return new Response();
  const to = Addr.validate(releaseTo);
  if (failed()) return new Response();
  QUARANTINES.remove(Key.str(tokenId));
  retireToken(tokenId, t);
  const doc = Key.str(t.extension.document_hash);
  DOCUMENTS.remove(doc);
  RESERVED_DOCUMENTS.save(doc, to.toString());
  return new Response()
    .addAttribute("action", "void_token")
    .addAttribute("sender", sender.toString())
    .addAttribute("token_id", tokenId)
    .addAttribute("owner", t.owner.toString())
    .addAttribute("minted_by", t.minted_by.toString())
    .addAttribute("document_hash", t.extension.document_hash)
    .addAttribute("reason", reason)
    .addAttribute("release_to", releaseTo);
}
