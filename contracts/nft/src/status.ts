// The status state machine (README, "Status lifecycle"): which parties may move a token from
// one status to another with update_status. `quarantined` is entered and left only through the
// collection owner's dispute messages (quarantine, lift_quarantine, void_token); `settled` is final.
// A status also records who set it (its standing): only a party of equal or higher standing
// moves the token out of it, so a holder cannot erase what a servicer or the owner recorded.

import { StatusSetter, TokenInfo } from "./msg";

/** Parties, as bits of a set, in the order of their standing. The holder is the token's current owner (not its operators). */
export const HOLDER: i32 = 1;
/** A status agent appointed for the token's issuer. */
export const AGENT: i32 = 2;
/** The collection owner. */
export const OWNER: i32 = 4;
const EVERYONE: i32 = HOLDER | AGENT | OWNER;

export const ACTIVE = "active";
export const SETTLED = "settled";
export const DEFAULTED = "defaulted";
export const QUARANTINED = "quarantined";

/**
 * Who may move a token from `from` to `to` (0: nobody), whoever set `from`. A holder may declare
 * its own asset financed, defaulted or settled, and lift a `financed` label; taking a token out of
 * `defaulted` other than to `settled` (a cure) needs an attestation the holder could fake to
 * sell a bad asset as good: a status agent of the issuer or the collection owner.
 */
export function tableMovers(from: string, to: string): i32 {
  if (from == to || from == SETTLED || from == QUARANTINED || to == QUARANTINED) return 0;
  if (from == DEFAULTED && to != SETTLED) return AGENT | OWNER;
  return EVERYONE;
}

/** The parties of standing equal to or higher than `setBy` (a single party). */
export function standingAtLeast(setBy: i32): i32 {
  return EVERYONE & ~(setBy - 1);
}

/** Who may move a token from `from`, set by `setBy`, to `to`: the table, less the parties below the setter. */
export function allowedMovers(from: string, to: string, setBy: i32): i32 {
  return tableMovers(from, to) & standingAtLeast(setBy);
}

/** The highest-standing party of a non-empty set: what a move by a party holding several roles records. */
export function highest(parties: i32): i32 {
  if (parties & OWNER) return OWNER;
  if (parties & AGENT) return AGENT;
  return HOLDER;
}

/**
 * Who set the token's current status. Tokens stored by 0.1.0 did not record it: there only the
 * token's minter, a (global) status agent or the owner set statuses, so anything but `active` is
 * taken as set by a status agent (the holder cannot erase it) and `active` as the holder's.
 */
export function statusSetBy(t: TokenInfo): i32 {
  const s = t.status_set_by;
  if (s === null) return t.extension.status.variant == ACTIVE ? HOLDER : AGENT;
  return partyOf(s);
}

export function partyOf(s: StatusSetter): i32 {
  if (s.variant == "collection_owner") return OWNER;
  if (s.variant == "status_agent") return AGENT;
  return HOLDER;
}

export function setterOf(party: i32): StatusSetter {
  if (party == OWNER) return StatusSetter.collection_owner();
  if (party == AGENT) return StatusSetter.status_agent();
  return StatusSetter.holder();
}

/** The parties of a set, for error messages. */
export function describeMovers(parties: i32): string {
  const names = new Array<string>();
  if (parties & HOLDER) names.push("its holder");
  if (parties & AGENT) names.push("a status agent of its issuer");
  if (parties & OWNER) names.push("the collection owner");
  return names.join(", ");
}
