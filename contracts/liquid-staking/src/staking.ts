// Where stake goes: deposits to the most under-weight validator, unbonding pro rata to the
// delegations, rebalancing and removals by redelegation. Each function adds the staking messages
// to the response and records the stake change in the pool (which also counts the rewards the
// chain pays out on every stake change).

import { Uint128 } from "../../../std/math/uint128";
import { Coin } from "../../../std/types/coin";
import { StakingDelegate, StakingRedelegate, StakingUndelegate } from "../../../std/types/cosmos_msg";
import { Response } from "../../../std/types/response";
import { redelegatable } from "./chain";
import { byWeight, min, proRata } from "./math";
import { ValidatorWeight } from "./msg";
import { Pool } from "./pool";
import { TOTAL_WEIGHT } from "./state";

/** At most this many redelegations per rebalance call. */
export const MAX_REDELEGATIONS: i32 = 5;

function coin(pool: Pool, amount: Uint128): Coin {
  return new Coin(pool.config.bond_denom, amount);
}

export function delegate(pool: Pool, res: Response, validator: string, amount: Uint128): void {
  if (amount.isZero()) return;
  res.addMessage(new StakingDelegate(validator, coin(pool, amount)));
  pool.addDelegation(validator, amount);
}

function redelegate(pool: Pool, res: Response, from: string, to: string, amount: Uint128): void {
  res.addMessage(new StakingRedelegate(from, to, coin(pool, amount)));
  pool.removeDelegation(from, amount);
  pool.addDelegation(to, amount);
}

/** The weighted validator furthest below its target once `amount` is added. */
export function mostUnderweight(pool: Pool, set: ValidatorWeight[], amount: Uint128): string {
  const total = pool.delegated.add(amount);
  let best = "";
  let bestDeficit = Uint128.zero();
  let heaviest = set[0];
  for (let i = 0; i < set.length; i++) {
    if (set[i].weight > heaviest.weight) heaviest = set[i];
    if (set[i].weight == 0) continue;
    const deficit = byWeight(total, set[i].weight, TOTAL_WEIGHT).saturatingSub(pool.delegationTo(set[i].address));
    if (deficit.gt(bestDeficit)) {
      best = set[i].address;
      bestDeficit = deficit;
    }
  }
  return best.length > 0 ? best : heaviest.address;
}

/**
 * Undelegates `amount` (≤ the total delegated) pro rata to the delegations; the rounding
 * remainder is taken from the first delegations that still have room.
 */
export function undelegateProRata(pool: Pool, res: Response, amount: Uint128): void {
  const ds = pool.delegations;
  const whole = pool.delegated;
  const parts = new Array<Uint128>(ds.length);
  let rest = amount;
  for (let i = 0; i < ds.length; i++) {
    parts[i] = proRata(amount, ds[i].amount, whole);
    rest = rest.sub(parts[i]);
  }
  for (let i = 0; i < ds.length && !rest.isZero(); i++) {
    const extra = min(rest, ds[i].amount.sub(parts[i]));
    parts[i] = parts[i].add(extra);
    rest = rest.sub(extra);
  }
  for (let i = 0; i < ds.length; i++) {
    if (parts[i].isZero()) continue;
    const validator = ds[i].validator;
    res.addMessage(new StakingUndelegate(validator, coin(pool, parts[i])));
    pool.removeDelegation(validator, parts[i]);
  }
}

/**
 * Redelegates what may move of `from`'s stake to the weighted validators of `set`, by weight
 * (the rounding remainder to the heaviest). Returns the amount moved; a part received by
 * redelegation less than an unbonding period ago cannot move yet and stays for rebalance.
 */
export function redelegateAway(pool: Pool, res: Response, from: string, set: ValidatorWeight[]): Uint128 {
  const movable = min(redelegatable(pool.contract, from), pool.delegationTo(from));
  if (movable.isZero()) return movable;
  let heaviest = 0;
  for (let i = 1; i < set.length; i++) if (set[i].weight > set[heaviest].weight) heaviest = i;
  let moved = Uint128.zero();
  for (let i = 0; i < set.length; i++) {
    const part = byWeight(movable, set[i].weight, TOTAL_WEIGHT);
    if (part.isZero() || i == heaviest) continue;
    redelegate(pool, res, from, set[i].address, part);
    moved = moved.add(part);
  }
  redelegate(pool, res, from, set[heaviest].address, movable.sub(moved));
  return movable;
}

/** Target stake of each current delegation and set member: weight × total (0 outside the set). */
class Slot {
  constructor(
    public validator: string,
    public stake: Uint128,
    public target: Uint128,
    /** What may still be redelegated away (null until asked). */
    public movable: Uint128 | null = null,
  ) {}
}

function slots(pool: Pool, set: ValidatorWeight[]): Slot[] {
  const out = new Array<Slot>();
  for (let i = 0; i < set.length; i++) {
    out.push(new Slot(set[i].address, pool.delegationTo(set[i].address), byWeight(pool.delegated, set[i].weight, TOTAL_WEIGHT)));
  }
  for (let i = 0; i < pool.delegations.length; i++) {
    const d = pool.delegations[i];
    let member = false;
    for (let j = 0; j < set.length; j++) if (set[j].address == d.validator) member = true;
    if (!member && !d.amount.isZero()) out.push(new Slot(d.validator, d.amount, Uint128.zero()));
  }
  return out;
}

/** Anyone may rebalance once stake sits outside the set or a validator is 5% of the total over its target. */
export function rebalanceDue(pool: Pool, set: ValidatorWeight[]): bool {
  const s = slots(pool, set);
  const drift = pool.delegated.multiplyRatio(Uint128.fromU64(1), Uint128.fromU64(20));
  for (let i = 0; i < s.length; i++) {
    const over = s[i].stake.saturatingSub(s[i].target);
    if (over.gt(drift) || (s[i].target.isZero() && !s[i].stake.isZero())) return true;
  }
  return false;
}

/**
 * Up to MAX_REDELEGATIONS moves, each from the slot most over its target (that may still
 * redelegate) to the one most under it; moves under 0.1% of the total are not worth a message,
 * except out of a removed or zero-weight validator.
 * Returns how many were made.
 */
export function rebalance(pool: Pool, res: Response, set: ValidatorWeight[]): i32 {
  const s = slots(pool, set);
  const dust = pool.delegated.multiplyRatio(Uint128.fromU64(1), Uint128.fromU64(1000));
  let moves = 0;
  while (moves < MAX_REDELEGATIONS) {
    const src = mostOver(pool, s);
    const dst = mostUnder(s);
    if (src === null || dst === null) break;
    const amount = min(min(src.stake.sub(src.target), dst.target.sub(dst.stake)), src.movable!);
    // Dust stays where it is, unless it must leave a validator that should hold nothing.
    if (amount.isZero() || (amount.le(dust) && !src.target.isZero())) break;
    redelegate(pool, res, src.validator, dst.validator, amount);
    src.stake = src.stake.sub(amount);
    src.movable = src.movable!.sub(amount);
    dst.stake = dst.stake.add(amount);
    moves++;
  }
  return moves;
}

/** The slot most over its target among those that may still redelegate (asked lazily). */
function mostOver(pool: Pool, s: Slot[]): Slot | null {
  for (let tries = 0; tries < s.length; tries++) {
    let best: Slot | null = null;
    for (let i = 0; i < s.length; i++) {
      const x = s[i];
      if (x.stake.le(x.target) || (x.movable !== null && x.movable!.isZero())) continue;
      if (best === null || x.stake.sub(x.target).gt(best.stake.sub(best.target))) best = x;
    }
    if (best === null) return null;
    if (best.movable === null) best.movable = redelegatable(pool.contract, best.validator);
    if (!best.movable!.isZero()) return best;
  }
  return null;
}

function mostUnder(s: Slot[]): Slot | null {
  let best: Slot | null = null;
  for (let i = 0; i < s.length; i++) {
    const x = s[i];
    if (x.stake.ge(x.target)) continue;
    if (best === null || x.target.sub(x.stake).gt(best.target.sub(best.stake))) best = x;
  }
  return best;
}
