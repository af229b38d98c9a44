// Validators receiving our redelegations, and what a slash of a redelegation's source does there.
//
// cosmos-sdk x/staking keeper/slash.go SlashRedelegation: when the source of a redelegation entry
// is slashed for an infraction at or before the entry's creation height, before the entry matures,
// fraction × the entry's initial balance is taken FIRST from the delegator's unbonding entries at
// the destination created at or after the infraction; unless they cover it, fraction × the entry's
// destination shares are unbonded from the destination delegation too (Keeper.Unbond: its pending
// rewards are paid to us, in BeginBlock, outside any call). The contract is one delegator for stakers and unbonders alike, so a batch's unbonding
// entry at such a destination would pay a slash of stake the stakers kept. Hence:
//   - `state.receiving` lists the validators into which one of our redelegation entries may still
//     be slashed (until its completion, from the redelegation's reply; now + unbonding_period when
//     the chain refused one, which proves entries we did not know of);
//   - batches undelegate from them only when the others cannot cover the batch (staking.ts);
//   - at most half of the open validators receive at a time, so that the others stay clean for
//     batches (staking.ts);
//   - a receiving validator whose delegation fell since the contract last saw it was slashed: if by
//     a redelegation slash, its pending rewards landed unexplained. Every call that reads the
//     delegations checks (`receiving_slashed`), and the next settlement books its unexplained rest
//     as rewards rather than surplus (arrival.ts).

import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Timestamp } from "@persistence-ts/std/types/timestamp";
import { Delegated, delegationAmounts } from "./chain";
import { Receiving, State } from "./msg";

function find(state: State, validator: string): Receiving | null {
  for (let i = 0; i < state.receiving.length; i++) if (state.receiving[i].validator == validator) return state.receiving[i];
  return null;
}

/** Whether one of our redelegation entries into `validator` may still be slashed at `now` (slash.go: not mature). */
export function isReceiving(state: State, validator: string, now: Timestamp): bool {
  const r = find(state, validator);
  return r !== null && now.lt(r.until);
}

/** Records that `validator` receives one of our redelegations until `until` (the latest wins). */
export function noteReceiving(state: State, validator: string, until: Timestamp): void {
  const r = find(state, validator);
  if (r === null) {
    const n = new Receiving();
    n.validator = validator;
    n.until = until;
    state.receiving.push(n);
  } else if (r.until.lt(until)) r.until = until;
}

function amountOf(delegations: Delegated[], validator: string): Uint128 {
  for (let i = 0; i < delegations.length; i++) if (delegations[i].validator == validator) return delegations[i].amount;
  return Uint128.zero();
}

/**
 * Notes a slash of a receiving validator since the contract last saw its delegation (before this
 * call's own messages), then the delegations as they are now.
 */
export function checkReceiving(state: State, delegations: Delegated[]): void {
  if (state.receiving.length == 0) return;
  if (fellSinceSeen(state, delegations)) state.receiving_slashed = true;
  noteSeen(state, delegations);
}

/** The same, for a call that has not read its delegations (one staking query, only while some validator receives). */
export function checkReceivingNow(state: State, contract: string, denom: string): void {
  if (state.receiving.length > 0) checkReceiving(state, delegationAmounts(contract, denom));
}

/**
 * Whether a receiving validator's delegation is below what the contract last saw: only a slash lowers
 * it between our own messages (other delegators' moves round in the validator's favour).
 */
function fellSinceSeen(state: State, delegations: Delegated[]): bool {
  for (let i = 0; i < state.receiving.length; i++) {
    const r = state.receiving[i];
    if (r.seen !== null && amountOf(delegations, r.validator).lt(r.seen!)) return true;
  }
  return false;
}

/**
 * Notes the delegations as the contract sees them now, forgetting validators whose entries have
 * certainly completed (the chain ended a block at or after `until` before this one).
 */
export function noteSeen(state: State, delegations: Delegated[]): void {
  const kept = new Array<Receiving>();
  for (let i = 0; i < state.receiving.length; i++) {
    const r = state.receiving[i];
    if (r.until.le(state.arrived_until)) continue;
    r.seen = amountOf(delegations, r.validator);
    kept.push(r);
  }
  state.receiving = kept;
}
