// Every error text the nft contract answers with, one constructor per kind (cw-plus's error.rs).
// Call sites record them with `fail(ContractError.tokenNotFound(id))`. Strings in, a string out:
// this file is plain TypeScript as well, so tests import it and match an error by its kind
// instead of retyping the prose. Numbers are passed as text for the same reason.
// The cw721-base texts (expired approval, approval not found) stay byte-identical to cw721's.
// Errors that std records (address validation, cw-ownable, JSON) are std's, not listed here.

// ---- tokens -----------------------------------------------------------------------------------

export function tokenNotFound(tokenId: string): string {
  return "Token not found: " + tokenId;
}

export function tokenIdClaimed(tokenId: string): string {
  return "token_id already claimed: " + tokenId;
}

export function tokenIdBurned(tokenId: string): string {
  return "token_id " + tokenId + " was burned: a burned token id is never re-used";
}

// ---- who may act ------------------------------------------------------------------------------

export function notMinter(sender: string): string {
  return "Unauthorized: " + sender + " is not a minter";
}

export function mayNotMove(sender: string, tokenId: string): string {
  return "Unauthorized: " + sender + " may not move token " + tokenId;
}

export function mayNotApprove(sender: string, tokenId: string): string {
  return "Unauthorized: " + sender + " may not approve for token " + tokenId;
}

export function mayNotMintAs(minter: string, issuer: string): string {
  return "Unauthorized: " + minter + " may not mint in the name of issuer " + issuer + " (the issuer must send authorize_minter first)";
}

export function mayNotEdit(sender: string, tokenId: string): string {
  return "Unauthorized: " + sender + " may not edit token " + tokenId + " (only its minter while it holds the token, or the collection owner)";
}

export function issuerDoesNotAuthorizeEdit(sender: string, tokenId: string, issuer: string): string {
  return "Unauthorized: " + sender + " may not edit token " + tokenId + ": its issuer " + issuer + " does not authorize it (authorize_minter)";
}

/** `outranked` is "" or ": its status was set by …"; `allowed` names the parties who may. */
export function mayNotMoveStatus(sender: string, tokenId: string, from: string, to: string, outranked: string, allowed: string): string {
  return "Unauthorized: " + sender + " may not move token " + tokenId + " from " + from + " to " + to + outranked + " (only " + allowed + ")";
}

export function notComplianceOfficer(): string {
  return "Unauthorized: only the compliance officer manages the allowlist";
}

// ---- approvals (cw721-base texts) -------------------------------------------------------------

export function approvalExpired(): string {
  return "Cannot set approval that is already expired";
}

export function approvalNotFound(spender: string): string {
  return "Approval not found for: " + spender;
}

// ---- status and disputes ----------------------------------------------------------------------

export function statusUnchanged(tokenId: string, status: string): string {
  return "Token " + tokenId + " is already " + status;
}

export function statusFinal(tokenId: string): string {
  return "Token " + tokenId + " is settled; its status is final";
}

export function quarantineEndsOnlyByOwner(tokenId: string): string {
  return "Token " + tokenId + " is quarantined: only the collection owner's lift_quarantine or void_token end the dispute";
}

export function quarantineOnlyByOwner(): string {
  return "Only the collection owner quarantines a token, with quarantine{token_id, reason}";
}

export function tokenFrozen(tokenId: string): string {
  return "Token " + tokenId + " is quarantined: it cannot be moved, approved or burned until the collection owner lifts the quarantine";
}

export function notQuarantined(tokenId: string): string {
  return "Token " + tokenId + " is not quarantined";
}

export function alreadyQuarantined(tokenId: string): string {
  return "Token " + tokenId + " is already quarantined";
}

export function renounceWhileQuarantined(): string {
  return "Cannot renounce ownership while a token is quarantined: lift or void it first";
}

// ---- documents --------------------------------------------------------------------------------

/** A burned token's document must be released by the owner before it is minted again. */
export function documentTokenized(tokenId: string, burned: boolean): string {
  return "Document already tokenized as token " + tokenId + (burned ? " (burned; the owner must release it first)" : "");
}

export function documentReservedFor(hash: string, issuer: string): string {
  return "Document " + hash + " is reserved for issuer " + issuer + ": only a mint naming it as issuer may tokenize it";
}

export function documentHeldByLiveToken(tokenId: string): string {
  return "Document is held by live token " + tokenId + "; burn it before releasing";
}

export function documentNotTokenized(hash: string): string {
  return "Document is not tokenized: " + hash;
}

export function documentAlreadyReserved(hash: string, issuer: string): string {
  return "Document " + hash + " is already reserved for issuer " + issuer;
}

// ---- roles and compliance ---------------------------------------------------------------------

export function alreadyMinter(who: string): string {
  return "Already a minter: " + who;
}

export function notAMinter(who: string): string {
  return "Not a minter: " + who;
}

export function alreadyStatusAgent(issuer: string, who: string): string {
  return "Already a status agent of issuer " + issuer + ": " + who;
}

export function notStatusAgent(issuer: string, who: string): string {
  return "Not a status agent of issuer " + issuer + ": " + who;
}

export function alreadyAuthorizedMinter(issuer: string, who: string): string {
  return "Already authorized to mint for issuer " + issuer + ": " + who;
}

export function notAuthorizedMinter(issuer: string, who: string): string {
  return "Not authorized to mint for issuer " + issuer + ": " + who;
}

export function notOnComplianceAllowlist(recipient: string): string {
  return "Recipient is not on the compliance allowlist: " + recipient;
}

export function tooManyAddresses(max: string): string {
  return "Too many addresses: at most " + max + " per message";
}

export function alreadyAllowlisted(address: string): string {
  return "Address already on the allowlist: " + address;
}

export function notAllowlisted(address: string): string {
  return "Address not on the allowlist: " + address;
}

// ---- migration --------------------------------------------------------------------------------

export function mintWaitsForMigration(): string {
  return "Minting waits for the migration of burned token ids: send continue_migration";
}

export function noMigration(): string {
  return "No migration in progress";
}

export function invalidLimit(max: string): string {
  return "Invalid limit: must be 1 to " + max;
}

// ---- input ------------------------------------------------------------------------------------

export function invalidTokenId(maxBytes: string): string {
  return "Invalid token_id: must be 1 to " + maxBytes + " bytes";
}

export function invalidDocumentHash(hash: string): string {
  return "Invalid document_hash: expected 64 lowercase hex characters (sha256), got `" + hash + "`";
}

export function invalidText(what: string, maxBytes: string): string {
  return "Invalid " + what + ": must be 1 to " + maxBytes + " bytes";
}

export function invalidSymbol(symbol: string, min: string, max: string): string {
  return "Invalid symbol `" + symbol + "`: must be " + min + " to " + max + " ASCII letters, digits or '-'";
}

export function tooManyAttributes(max: string): string {
  return "Too many attributes: at most " + max;
}

export function zeroFaceValue(): string {
  return "Invalid face_value: amount must be greater than zero";
}

export function maturityBeforeIssue(): string {
  return "Invalid dates: maturity must be after issue_date";
}

export function obligorAndClear(): string {
  return "Invalid update: obligor and clear_obligor together";
}

export function nothingToChange(): string {
  return "Invalid update: nothing to change (name token_uri, obligor, clear_obligor, jurisdiction or attributes)";
}
