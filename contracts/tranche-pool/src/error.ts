// Every error text the tranche-pool contract answers with, one constructor per kind (cw-plus's
// error.rs). Call sites record them with `fail(ContractError.loanNotFound(id.toString()))`. Strings
// in, a string out: this file is plain TypeScript as well, so tests import it and match an error by
// its kind instead of retyping the prose. Numbers, amounts and times are passed as text for the
// same reason. Errors that std records (address validation, cw-ownable, cw20 hooks, JSON) are std's.

// ---- who may act ------------------------------------------------------------------------------

export function notManager(action: string): string {
  return "Unauthorized: only the pool manager may " + action;
}

export function notBorrower(action: string, loanId: string): string {
  return "Unauthorized: only the borrower may " + action + " loan " + loanId;
}

export function notAcceptedCollection(collection: string): string {
  return "Unauthorized: " + collection + " is not an accepted NFT collection";
}

export function notOnAllowlist(lender: string): string {
  return "Lender is not on the allowlist: " + lender;
}

/** `what` is "Deposit order" or "Request". */
export function orderOfAnotherLender(what: string, id: string): string {
  return "Unauthorized: " + what.toLowerCase() + " " + id + " belongs to another lender";
}

export function collateralHeldForAnother(loanId: string, holder: string): string {
  return "Unauthorized: the NFT of loan " + loanId + " is held for " + holder;
}

export function defaultByManagerOnly(loanId: string, anyoneFrom: string): string {
  return "Only the pool manager may mark loan " + loanId + " defaulted before " + anyoneFrom + "; anyone may after";
}

// ---- pause and ownership ----------------------------------------------------------------------

/** `what` is plural: "deposits", "draws", … */
export function paused(what: string): string {
  return "The pool is paused: " + what + " are suspended";
}

export function pauseWithoutOwner(): string {
  return "Ownership has been renounced: nobody could resume the pool, so it cannot be paused";
}

export function renounceWhilePaused(): string {
  return "The pool is paused: resume it before renouncing ownership, or nobody could";
}

// ---- configuration ----------------------------------------------------------------------------

export function outsideRange(what: string, value: string, min: string, max: string): string {
  return "Invalid " + what + ": " + value + " is outside [" + min + ", " + max + "]";
}

export function secondsOutsideRange(what: string, value: string, min: string, max: string): string {
  return "Invalid " + what + ": " + value + " seconds is outside [" + min + ", " + max + "]";
}

export function zeroAdvanceRate(): string {
  return "Invalid advance_rate: must be greater than 0";
}

export function reserveFeeTooHigh(bps: string, max: string): string {
  return "Invalid reserve_fee_bps: " + bps + " is above " + max;
}

export function reserveFeeAboveLimit(bps: string, limit: string): string {
  return "Invalid reserve_fee_bps: " + bps + " is above the pool's limit " + limit;
}

export function reserveFeeLimitTooHigh(bps: string, max: string): string {
  return "Invalid limits.reserve_fee_bps_max: " + bps + " is above " + max;
}

export function limitsInverted(): string {
  return "Invalid limits: each minimum must be at most its maximum";
}

export function invalidCollectionCount(max: string): string {
  return "Invalid collections: between 1 and " + max + " NFT contracts";
}

export function testTimingsOffTestnet(testChains: string, chainId: string): string {
  return "test_timings is for test networks only (" + testChains + "), not " + chainId;
}

/** A scheduled change moves a setting by at most `step` from its current value. */
export function stepTooLarge(what: string, to: string, step: string, from: string): string {
  return "Invalid " + what + ": " + to + " is more than " + step + " away from the current " + from + " (one scheduled change at a time)";
}

export function loosensTooFast(what: string, to: string, step: string, from: string): string {
  return "Invalid " + what + ": " + to + " seconds is more than " + step + " longer than the current " + from + " (a longer write-off policy moves by steps; a shorter one applies at once)";
}

export function noConfigChange(): string {
  return "No config change is scheduled";
}

export function notInCollections(collection: string): string {
  return "Not an accepted collection: " + collection;
}

export function tooManyAddresses(max: string): string {
  return "Too many addresses: at most " + max + " per message";
}

// ---- the currency and payments ----------------------------------------------------------------

export function currencyNotOne(): string {
  return "Invalid currency: give exactly one of currency (a native denom) or cw20_currency (a cw20 token contract)";
}

export function notNativeDenom(denom: string): string {
  return "Invalid currency: `" + denom + "` is not a native denom";
}

export function notCw20(token: string, err: string): string {
  return "Invalid cw20_currency: " + token + " does not answer token_info as a cw20 token: " + err;
}

/** `why` is "native funds are not accepted" or "no tokens were sent". */
export function payWithCw20Send(token: string, why: string): string {
  return "This pool lends the cw20 token " + token + " (" + why + "): pay with the token's send and a Cw20HookMsg as msg";
}

export function cw20NotAccepted(denom: string, token: string): string {
  return "This pool lends the native denom " + denom + ": cw20 tokens are not accepted (" + token + " sent some)";
}

export function wrongToken(token: string, currency: string): string {
  return "Wrong token: " + token + " is not the pool's currency, the cw20 token " + currency;
}

/** cw-utils's text. */
export function noFunds(): string {
  return "No funds sent";
}

export function notPositive(what: string): string {
  return "Invalid " + what + ": must be greater than zero";
}

// ---- loans ------------------------------------------------------------------------------------

export function loanNotFound(loanId: string): string {
  return "Loan not found: " + loanId;
}

/** `allowed` lists the statuses joined with " or ". */
export function wrongStatus(action: string, loanId: string, status: string, allowed: string): string {
  return "Cannot " + action + " loan " + loanId + ": it is " + status + " (must be " + allowed + ")";
}

export function collateralDenom(denom: string, poolDenom: string): string {
  return "Collateral face value is in " + denom + "; the pool lends " + poolDenom;
}

export function collateralNotActive(tokenId: string, status: string): string {
  return "Collateral token " + tokenId + " is " + status + ": only active assets can be pledged";
}

export function aboveAdvanceRate(amount: string, cap: string, faceValue: string): string {
  return "Loan amount " + amount + " exceeds the advance rate: at most " + cap + " against a face value of " + faceValue;
}

export function maturityPassed(): string {
  return "Invalid maturity: must be after the current block time";
}

export function maturityTooFar(maxDays: string): string {
  return "Invalid maturity: at most " + maxDays + " days ahead";
}

export function maturityAfterCollateral(collateralMaturity: string): string {
  return "Invalid maturity: the loan must mature by the collateral's maturity " + collateralMaturity;
}

export function maturedUndrawn(loanId: string): string {
  return "Loan " + loanId + " has matured without being drawn";
}

export function reserveTooShort(available: string, needed: string): string {
  return "Reserve too short: " + available + " lendable after what the last close owes redemption orders, " + needed + " needed";
}

/** `what` is the payment: "Repayment", "Recovery", … */
export function exceedsDebt(what: string, cash: string, debt: string): string {
  return what + " of " + cash + " exceeds the debt of " + debt;
}

// ---- collateral -------------------------------------------------------------------------------

export function unknownDelivery(): string {
  return "Reply to an unknown loan's NFT delivery";
}

export function collateralNotHeld(loanId: string, collateral: string): string {
  return "The NFT of loan " + loanId + " is " + collateral + ", not held for withdrawal";
}

export function collateralNotEscrowed(loanId: string, collateral: string): string {
  return "The collateral of loan " + loanId + " is " + collateral;
}

export function collateralStillEscrowed(loanId: string): string {
  return "Loan " + loanId + "'s collateral is still escrowed: claim it (claim_collateral) before writing the loan off";
}

// ---- defaults, write-downs and recoveries -----------------------------------------------------

export function notOverdue(loanId: string, from: string): string {
  return "Loan " + loanId + " is not overdue: it may be marked defaulted from " + from + " (maturity + grace period)";
}

export function writeDownNotOne(): string {
  return "Invalid write_down: give exactly one of amount or percent";
}

export function writtenDownToZero(loanId: string): string {
  return "Loan " + loanId + " is already written down to zero";
}

export function writeDownAboveBook(amount: string, book: string): string {
  return "Write-down of " + amount + " exceeds the loan's book value of " + book;
}

export function invalidPercent(percent: string): string {
  return "Invalid percent: " + percent + " must be in (0, 1]";
}

export function recoveryClosed(loanId: string): string {
  return "Cannot recover loan " + loanId + ": its recovery was closed";
}

export function recoveryAlreadyClosed(loanId: string): string {
  return "The recovery of loan " + loanId + " is already closed";
}

// ---- lenders ----------------------------------------------------------------------------------

export function firstDepositTooSmall(tranche: string, lockedShares: string): string {
  return "First deposit into the " + tranche + " tranche must be more than " + lockedShares + ": that many shares are locked forever";
}

export function depositNotFound(id: string): string {
  return "Deposit order not found: " + id;
}

export function redemptionNotFound(id: string): string {
  return "Redemption request not found: " + id;
}

/** `what` is "deposit" or "redemption". */
export function orderTooSmall(what: string, min: string, given: string): string {
  return "A " + what + " order must be at least " + min + ": " + given + " given";
}

/** `kind` is the open order's: "deposit" or "redemption". */
export function orderBothWays(kind: string, id: string, tranche: string): string {
  return "You have a " + kind + " order (" + id + ") in the " + tranche + " tranche: cancel it first (cancel_" + kind + ") rather than order both ways";
}

export function tooManyOrders(max: string): string {
  return "Too many open orders: at most " + max + " of each kind per lender; wait for process_epoch or cancel one";
}

/** `what` is "Deposit order" or "Request". */
export function orderBeingSettled(what: string, id: string, epoch: string): string {
  return what + " " + id + " is being settled with epoch " + epoch + ": cancel it once process_epoch has finished";
}

export function transferToSelf(): string {
  return "Cannot transfer shares to yourself";
}

export function insufficientShares(tranche: string, free: string, asked: string): string {
  return "Insufficient " + tranche + " shares: " + free + " free, " + asked + " asked";
}

// ---- epochs, payouts and fees -----------------------------------------------------------------

export function epochNotClosed(id: string): string {
  return "Epoch " + id + " has not closed";
}

export function epochOpen(id: string, closesAt: string): string {
  return "Epoch " + id + " is open until " + closesAt + ": nothing to process yet";
}

export function noPayout(recipient: string): string {
  return "No payout is owed to " + recipient;
}

export function noFees(): string {
  return "No fees to collect";
}

// ---- replies and migration --------------------------------------------------------------------

export function unknownReply(id: string): string {
  return "Unknown reply id " + id;
}

/** `what` names the stored record: "0.1.0 config", "loan", … */
export function unexpectedLayout(what: string): string {
  return "Cannot migrate the " + what + ": unexpected layout";
}
