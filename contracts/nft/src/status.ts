// The status state machine (README, "Status lifecycle"): which parties may move a token from
// one status to another with update_status. `quarantined` is entered and left only through the
// collection owner's dispute messages (quarantine, lift_quarantine, void_token); `settled` is final.

/** Parties, as bits of a set. The holder is the token's current owner (not its operators). */
export const HOLDER: i32 = 1;
/** A status agent appointed for the token's issuer. */
export const AGENT: i32 = 2;
/** The collection owner. */
export const OWNER: i32 = 4;

export const SETTLED = "settled";
export const DEFAULTED = "defaulted";
export const QUARANTINED = "quarantined";

/**
 * Who may move a token from `from` to `to` (0: nobody). A holder may declare its own asset
 * financed, defaulted or settled, and lift its own `financed` label; taking a token out of
 * `defaulted` other than to `settled` (a cure) needs an attestation the holder could fake to
 * sell a bad asset as good: a status agent of the issuer or the collection owner.
 */
export function allowedMovers(from: string, to: string): i32 {
  if (from == to || from == SETTLED || from == QUARANTINED || to == QUARANTINED) return 0;
  if (from == DEFAULTED && to != SETTLED) return AGENT | OWNER;
  return HOLDER | AGENT | OWNER;
}

/** The parties of a set, for error messages. */
export function describeMovers(parties: i32): string {
  const names = new Array<string>();
  if (parties & HOLDER) names.push("its holder");
  if (parties & AGENT) names.push("a status agent of its issuer");
  if (parties & OWNER) names.push("the collection owner");
  return names.join(", ");
}
