// Every error text the liquid-staking contract answers with, one constructor per kind (cw-plus's
// error.rs). Call sites record them with `fail(ContractError.paused())`. Strings in, a string out:
// this file is plain TypeScript as well, so tests import it and match an error by its kind
// instead of retyping the prose. Numbers and amounts are passed as text for the same reason.
// Errors that std records (the stk cw20 token, address validation, cw-ownable, JSON) are std's.

// ---- who may act ------------------------------------------------------------------------------

export function notOwner(): string {
  return "Unauthorized: only the owner may do this";
}

export function notDueYet(what: string): string {
  return "Unauthorized: " + what + " is not due yet; only the operator may call it now";
}

export function mayNotPause(): string {
  return "Unauthorized: only the owner or the operator may pause";
}

export function notStk(): string {
  return "Unauthorized: only stk, this contract's own token, may be sent here";
}

// ---- pause ------------------------------------------------------------------------------------

export function paused(): string {
  return "Paused: bonding, instant unstakes and harvests are stopped; queue_unbond, cancel_unbond, submit_batch and withdraw_unbonded continue";
}

export function pauseWithoutOwner(): string {
  return "The contract has no owner: a pause could never be lifted";
}

export function renounceWhilePaused(): string {
  return "Paused: unpause before renouncing ownership, or the pause could never be lifted";
}

// ---- the validator set ------------------------------------------------------------------------

export function validatorInSet(validator: string): string {
  return "Validator already in the set: " + validator;
}

export function validatorSetFull(max: string): string {
  return "The validator set is full: at most " + max;
}

export function notInSet(validator: string): string {
  return "Not in the validator set: " + validator;
}

export function weightNotInSet(validator: string): string {
  return "Not in the validator set: " + validator + " (add_validator first)";
}

export function lastValidator(): string {
  return "Cannot remove the last validator";
}

export function weightsNotTheSet(): string {
  return "update_weights must list every validator of the set, and only those";
}

export function nothingToRebalance(): string {
  return "Nothing to rebalance: every validator is near its target, or its stake cannot move yet (received by redelegation, or 7 entries per pair taken)";
}

export function validatorNotFound(address: string): string {
  return "Validator not found: " + address;
}

export function noBondedValidator(): string {
  return "No validator of the set is in the chain's bonded set: deposits wait for the owner to update the set";
}

// ---- sweeps -----------------------------------------------------------------------------------

export function noSurplus(): string {
  return "No surplus to sweep";
}

export function sweepBondDenom(denom: string): string {
  return "sweep_denom cannot take the bond denom " + denom + ": its unexplained part is the surplus (sweep_surplus)";
}

export function nothingToSweep(denom: string): string {
  return "No " + denom + " to sweep";
}

// ---- unbonding batches ------------------------------------------------------------------------

export function noRequest(sender: string, batchId: string): string {
  return "No request of " + sender + " in the current batch " + batchId;
}

export function batchNotDue(batchId: string, dueNanos: string): string {
  return "Batch " + batchId + " is not due until " + dueNanos;
}

export function batchEmpty(batchId: string): string {
  return "Batch " + batchId + " is empty";
}

export function unbondingEntriesFull(nextNanos: string, batchId: string): string {
  return "7 unbonding entries per validator are still on chain (the next completes at " + nextNanos + "): batch " + batchId + " waits for it";
}

export function completionBefore1970(): string {
  return "MsgUndelegateResponse: completion time before 1970";
}

export function undelegatedOtherDenom(got: string, want: string): string {
  return "MsgUndelegateResponse: amount in " + got + ", not " + want;
}

export function nothingToWithdraw(sender: string): string {
  return "Nothing to withdraw: no settled batch holds a request of " + sender;
}

export function migrateAfterEntries(nextNanos: string): string {
  return "7 unbonding entries per validator may still be on chain: migrate after " + nextNanos + " (the migration undelegates what 0.1.0 swept)";
}

export function unknownReply(id: string): string {
  return "Unknown reply id " + id;
}

// ---- deposits and instant unstakes ------------------------------------------------------------

export function belowMinDeposit(amount: string, min: string): string {
  return "Deposit below the minimum: " + amount + " < " + min;
}

export function firstDepositTooSmall(locked: string): string {
  return "The first deposit must exceed " + locked;
}

export function mintsZero(): string {
  return "Deposit too small: it would mint 0 stk";
}

export function paysZero(): string {
  return "Amount too small: the instant unstake would pay 0";
}

export function belowMinReceive(payout: string, minReceive: string): string {
  return "Instant unstake would pay " + payout + ", below min_receive " + minReceive;
}

export function bufferTooLow(buffer: string, payout: string): string {
  return "Liquidity buffer too low: it holds " + buffer + ", the instant unstake pays " + payout + "; use queue_unbond";
}

// ---- configuration ----------------------------------------------------------------------------

export function wrongBondDenom(given: string, bonded: string): string {
  return "bond_denom " + given + " is not the chain's bonded denom " + bonded;
}

export function percentTooHigh(what: string, max: string): string {
  return "Invalid " + what + ": at most " + max + "%";
}

export function epochTooShort(): string {
  return "Invalid epoch_period: must be at least unbonding_period / 7 (and unbonding_period non-zero)";
}

export function invalidValidatorCount(max: string): string {
  return "Invalid validator set: 1 to " + max + " validators";
}

export function duplicateValidator(address: string): string {
  return "Duplicate validator: " + address;
}

export function weightsNotWhole(sum: string): string {
  return "Invalid weights: they sum to " + sum + ", not 10000";
}
