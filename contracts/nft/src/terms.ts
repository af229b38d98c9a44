// A token's terms (its metadata and status) change only through these functions, and every
// change bumps the token's revision: a buyer who pinned the revision it read sees any change
// made between its decision and the sale (README, "Revisions").

import { Key } from "@persistence-ts/std/storage/key";
import { Opt } from "@persistence-ts/std/types/wire";
import { AssetStatus, TokenInfo } from "./msg";
import { setterOf } from "./status";
import { TOKENS } from "./state";

/** The revision of the token's terms; tokens stored by 0.1.0 are at revision 0. */
export function revisionOf(t: TokenInfo): u64 {
  const r = t.revision;
  return r === null ? 0 : r.value;
}

/**
 * Saves a token whose terms changed (`before`: its index keys as loaded). The revision cannot
 * overflow: it grows by one per transaction that changes the token.
 */
export function saveRevised(tokenId: string, t: TokenInfo, before: Key[]): void {
  t.revision = new Opt<u64>(revisionOf(t) + 1);
  TOKENS.save(Key.str(tokenId), t, before);
}

/** Moves the token to `status`, recording the party (status.ts) that set it. */
export function setStatus(tokenId: string, t: TokenInfo, status: AssetStatus, setBy: i32): void {
  const before = TOKENS.indexKeys(t);
  t.extension.status = status;
  t.status_set_by = setterOf(setBy);
  saveRevised(tokenId, t, before);
}
