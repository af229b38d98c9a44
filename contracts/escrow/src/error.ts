// Every error text the escrow contract answers with, one constructor per kind (cw-plus's error.rs).
// Call sites record them with `fail(ContractError.orderNotFound(id.toString()))`. Strings in, a
// string out: this file is plain TypeScript as well, so tests import it and match an error by its
// kind instead of retyping the prose. Numbers, amounts and addresses are passed as text for the
// same reason. Errors that std records (address validation, cw-ownable, JSON) are std's.

// ---- who may act ------------------------------------------------------------------------------

export function notMaker(orderId: string, action: string): string {
  return "Unauthorized: only the maker of order " + orderId + " may " + action;
}

export function notProposer(proposer: string, offerId: string): string {
  return "Unauthorized: only " + proposer + " may withdraw offer " + offerId;
}

export function notClaimOwner(claimId: string, owner: string): string {
  return "Unauthorized: claim " + claimId + " belongs to " + owner;
}

export function selfTrade(orderId: string): string {
  return "Self-trade: the maker of order " + orderId + " cannot take it";
}

export function takerIsMaker(): string {
  return "Self-trade: the taker of an order cannot be its maker";
}

export function privateOrder(orderId: string, taker: string): string {
  return "Order " + orderId + " is private: only " + taker + " may take or negotiate it";
}

export function mayNotHold(who: string, collection: string): string {
  return who + " may not hold tokens of " + collection + ": it is not on the collection's compliance allowlist";
}

// ---- pause and ownership ----------------------------------------------------------------------

export function tradingPaused(): string {
  return "Trading is paused: only cancel, expire, expire_batch, withdraw_offer, withdraw_claim and continue_migration are available";
}

export function renounceWhilePaused(): string {
  return "Cannot renounce ownership while trading is paused: nobody could unpause it; unpause first";
}

// ---- orders -----------------------------------------------------------------------------------

export function orderNotFound(orderId: string): string {
  return "Order not found: " + orderId;
}

/** `status` is the order's status variant (filled, cancelled, expired). */
export function orderClosed(orderId: string, status: string): string {
  return "Order " + orderId + " is " + status;
}

export function orderNotMigrated(orderId: string): string {
  return "Order " + orderId + " was made under 0.1.0 and is not migrated yet (continue_migration): it can be cancelled, expired and its offers withdrawn, not traded";
}

export function orderPinnedNoTerms(orderId: string): string {
  return "Order " + orderId + " pinned no terms: it was made under 0.1.0 (a bid, or an ask on a collection that answered no revision when it was migrated): it can be cancelled, expired and its offers withdrawn, not traded";
}

export function orderExpired(orderId: string, expires: string): string {
  return "Order " + orderId + " has expired (" + expires + ")";
}

export function orderNeverExpires(orderId: string): string {
  return "Order " + orderId + " never expires";
}

export function orderNotExpiredYet(orderId: string, expires: string): string {
  return "Order " + orderId + " has not expired yet (" + expires + ")";
}

export function noneExpirable(): string {
  return "None of the orders can be expired: each is unknown, closed or not yet expired";
}

/** `kind` is the kind the action takes ("ask" or "bid"); the order is the other one. */
export function wrongKind(orderId: string, kind: string, action: string): string {
  return "Order " + orderId + " is a" + (kind == "ask" ? " bid" : "n ask") + ": " + action + " takes " + kind + "s";
}

export function openAskExists(tokenId: string, orderId: string): string {
  return "Token " + tokenId + " already has an open ask: order " + orderId;
}

export function duplicateBid(buyer: string, tokenId: string, orderId: string): string {
  return "Duplicate bid: " + buyer + " already bids on token " + tokenId + " with order " + orderId;
}

export function alreadyEscrowsToken(orderId: string, tokenId: string): string {
  return "Order " + orderId + " already escrows token " + tokenId + ": it cannot arrive again";
}

export function alreadyExpiredOrder(expires: string): string {
  return "Cannot create an order that is already expired (" + expires + ")";
}

// ---- allowlists -------------------------------------------------------------------------------

export function collectionNoLongerListed(collection: string): string {
  return "Collection " + collection + " is no longer allowlisted";
}

export function assetNoLongerListed(price: string): string {
  return "Payment asset " + price + " is no longer allowlisted";
}

export function collectionNotListed(collection: string): string {
  return "Collection " + collection + " is not allowlisted";
}

export function denomNotListed(denom: string): string {
  return "Denom " + denom + " is not allowlisted";
}

export function cw20NotListed(token: string): string {
  return "cw20 token " + token + " is not allowlisted";
}

export function tooManyEntries(max: string): string {
  return "Too many entries: at most " + max + " per message";
}

export function alreadyListed(list: string, entry: string): string {
  return "Already in " + list + ": " + entry;
}

export function notListed(list: string, entry: string): string {
  return "Not in " + list + ": " + entry;
}

export function notCw721(contract: string, cause: string): string {
  return "Not a cw721 collection: " + contract + " does not answer contract_info (" + cause + ")";
}

export function notCw20(contract: string, cause: string): string {
  return "Not a cw20 token: " + contract + " does not answer token_info (" + cause + ")";
}

// ---- the asset traded -------------------------------------------------------------------------

export function tokenUnreadable(tokenId: string, collection: string, cause: string): string {
  return "Token " + tokenId + " of " + collection + " cannot be read: " + cause;
}

export function noRevision(tokenId: string, collection: string): string {
  return "Token " + tokenId + " of " + collection + " has no revision in nft_info: the escrow trades only collections that bump a revision on every change of a token's terms (our nft from 0.2.0)";
}

export function notTradable(tokenId: string, collection: string, status: string): string {
  return "Token " + tokenId + " of " + collection + " is " + status + ": it cannot be traded";
}

export function bidDocumentMismatch(tokenId: string, collection: string, actual: string, named: string): string {
  return "Asset mismatch: Token " + tokenId + " of " + collection + " has document_hash " + actual + ", not " + named;
}

export function bidFaceValueMismatch(tokenId: string, collection: string, actual: string, named: string): string {
  return "Asset mismatch: Token " + tokenId + " of " + collection + " has face_value " + actual + ", not " + named;
}

export function bidRevisionMismatch(tokenId: string, collection: string, actual: string, named: string): string {
  return "Asset mismatch: Token " + tokenId + " of " + collection + " is at revision " + actual + ", not " + named + ": its terms changed since";
}

export function assetLostRevision(tokenId: string, collection: string, orderId: string, pinned: string): string {
  return "Asset changed: token " + tokenId + " of " + collection + " no longer answers a revision, order " + orderId + " pinned revision " + pinned;
}

export function assetReplaced(tokenId: string, collection: string, orderId: string, documentHash: string, faceValue: string): string {
  return "Asset changed: token " + tokenId + " of " + collection + " is no longer the asset order " + orderId + " pinned (document_hash " + documentHash + ", face_value " + faceValue + ")";
}

export function assetStatusChanged(tokenId: string, collection: string, status: string, orderId: string, pinned: string): string {
  return "Asset changed: token " + tokenId + " of " + collection + " is " + status + ", order " + orderId + " was made while it was " + pinned;
}

export function assetRevised(tokenId: string, collection: string, orderId: string, pinned: string, now: string): string {
  return "Asset changed: the terms of token " + tokenId + " of " + collection + " changed since order " + orderId + " was made (revision " + pinned + ", now " + now + ")";
}

// ---- the terms an accepting message pins -------------------------------------------------------

export function termsPrice(orderId: string, price: string, named: string): string {
  return "Terms mismatch: order " + orderId + "'s price is " + price + ", not " + named;
}

export function termsToken(orderId: string, tokenId: string, collection: string, namedTokenId: string, namedCollection: string): string {
  return "Terms mismatch: order " + orderId + " trades token " + tokenId + " of " + collection + ", not token " + namedTokenId + " of " + namedCollection;
}

export function termsDocument(orderId: string, pinned: string, named: string): string {
  return "Terms mismatch: order " + orderId + "'s asset has document_hash " + pinned + ", not " + named;
}

export function termsFaceValue(orderId: string, pinned: string, named: string): string {
  return "Terms mismatch: order " + orderId + "'s asset has face_value " + pinned + ", not " + named;
}

export function termsRevision(orderId: string, pinned: string, named: string): string {
  return "Terms mismatch: order " + orderId + "'s asset is at revision " + pinned + ", not " + named;
}

// ---- offers -----------------------------------------------------------------------------------

export function offerNotFound(offerId: string, orderId: string): string {
  return "Offer " + offerId + " of order " + orderId + " not found";
}

export function offerNotLive(offerId: string, orderId: string, status: string): string {
  return "Offer " + offerId + " of order " + orderId + " is " + status + ": only live offers can be accepted or withdrawn";
}

export function offerLocked(offerId: string, orderId: string, secondsLeft: string, untilSeconds: string, action: string): string {
  return "Offer " + offerId + " of order " + orderId + " is locked for " + secondsLeft + " more seconds (until block time " + untilSeconds + "): the maker can accept it until then; " + action + " it afterwards (closing the order releases it at once)";
}

export function legacyOffer(offerId: string, orderId: string): string {
  return "Offer " + offerId + " of order " + orderId + " was made under 0.1.0, before the order pinned its terms: it cannot be accepted; its proposer withdraws it or offers again";
}

export function offerTooLow(orderId: string, max: string, lowest: string, lowestId: string): string {
  return "Order " + orderId + " has " + max + " live offers: a new one must be higher than the lowest, " + lowest + " (offer " + lowestId + ")";
}

export function withdrawWouldRaiseBid(orderId: string, escrowed: string, listPrice: string): string {
  return "Withdrawing would raise bid " + orderId + " from " + escrowed + " to its list price " + listPrice + ": withdraw_offer never takes funds; raise the bid with counter_offer, or cancel it";
}

// ---- deposits ---------------------------------------------------------------------------------

export function oneCoinOnly(): string {
  return "Send at most one coin: an order is paid in one asset";
}

export function noFunds(expected: string): string {
  return "No funds sent: expected " + expected;
}

export function wrongFunds(expected: string, got: string): string {
  return "Wrong funds: expected " + expected + ", got " + got;
}

export function bidWithoutFunds(): string {
  return "No funds sent: a bid escrows its price";
}

export function noNft(tokenId: string): string {
  return "No NFT sent: send token " + tokenId + " with send_nft";
}

export function wrongNft(tokenId: string, collection: string): string {
  return "Wrong NFT: the order is for token " + tokenId + " of " + collection;
}

export function unexpectedFunds(): string {
  return "Unexpected funds: this message takes no payment";
}

export function unexpectedNft(): string {
  return "Unexpected NFT: this message takes no token";
}

// ---- claims -----------------------------------------------------------------------------------

export function claimNotFound(claimId: string): string {
  return "Claim not found: " + claimId;
}

export function recipientIsEscrow(): string {
  return "Invalid recipient: the escrow itself";
}

export function unknownReply(id: string): string {
  return "Unknown reply id: " + id;
}

// ---- sweeps -----------------------------------------------------------------------------------

export function sweepBeforeMigration(): string {
  return "Cannot sweep while the 0.1.0 migration is pending: what the escrow owes is not known yet (continue_migration)";
}

export function nothingToSweep(balance: string, owed: string): string {
  return "Nothing to sweep: the escrow holds " + balance + " and owes " + owed;
}

export function nftHeld(tokenId: string, collection: string): string {
  return "Cannot sweep token " + tokenId + " of " + collection + ": an order or a claim holds it";
}

export function nftNotHeld(tokenId: string, collection: string): string {
  return "Cannot sweep token " + tokenId + " of " + collection + ": the escrow does not hold it";
}

export function cw20BalanceUnreadable(token: string, cause: string): string {
  return "cw20 token " + token + " does not answer balance: " + cause;
}

// ---- migration --------------------------------------------------------------------------------

export function noMigration(): string {
  return "No migration in progress";
}

export function invalidLimit(max: string): string {
  return "Invalid limit: must be 1 to " + max;
}

// ---- input ------------------------------------------------------------------------------------

export function invalidAmount(what: string): string {
  return "Invalid " + what + ": must be greater than zero";
}

export function invalidTokenId(maxBytes: string): string {
  return "Invalid token_id: must be 1 to " + maxBytes + " bytes";
}

export function invalidFee(max: string): string {
  return "Invalid fee_bps: at most " + max + " (10%)";
}

export function feeCollectorIsEscrow(): string {
  return "Invalid fee_collector: the escrow itself cannot collect fees";
}

export function invalidDenom(denom: string): string {
  return "Invalid denom: " + denom;
}

export function invalidOfferLock(min: string, max: string): string {
  return "Invalid offer_lock_seconds: " + min + " to " + max;
}

export function invalidOrderIds(max: string): string {
  return "Invalid order_ids: 1 to " + max + " per batch";
}

export function tokenIdNeedsCollection(): string {
  return "The token_id filter needs collection";
}
