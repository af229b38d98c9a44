// Who may do what, the limits on settings and the circuit breaker. Each check records a contract
// error (std/error.ts) and returns false when it does not hold.

import { fail, failed } from "@persistence-ts/std/error";
import { Decimal } from "@persistence-ts/std/math/decimal";
import { getOwnership } from "@persistence-ts/std/ownership";
import { Addr } from "@persistence-ts/std/types/addr";
import { Event, Response } from "@persistence-ts/std/types/response";
import { validatorExists } from "./chain";
import { rateDropped } from "./math";
import { Config, State, ValidatorWeight } from "./msg";
import { Pool } from "./pool";
import { MAX_VALIDATORS, TOTAL_WEIGHT } from "./state";
import * as ContractError from "./error";

const MAX_PROTOCOL_FEE: u64 = 10; // percent
const MAX_INSTANT_UNSTAKE_FEE: u64 = 20;
const MAX_BUFFER_TARGET: u64 = 50;
const MAX_RATE_DROP: u64 = 50;
/** 7 unbonding entries per validator at most: one batch per unbonding_period / 7. */
export const MAX_UNBONDING_ENTRIES: u64 = 7;

export function isOwner(sender: Addr): bool {
  const owner = getOwnership().owner;
  return owner !== null && owner.equals(sender);
}

export function assertIsOwner(sender: Addr): bool {
  if (isOwner(sender)) return true;
  fail(ContractError.notOwner());
  return false;
}

/** Routine calls: the operator (or owner) at any time, anyone once they are due. */
export function assertOperatorOrDue(sender: Addr, config: Config, due: bool, what: string): bool {
  if (due || sender.equals(config.operator) || isOwner(sender)) return true;
  fail(ContractError.notDueYet(what));
  return false;
}

export function assertNotPaused(state: State): bool {
  if (!state.paused) return true;
  fail(ContractError.paused());
  return false;
}

function atMostPercent(what: string, v: Decimal, max: u64): bool {
  if (v.le(Decimal.percent(max))) return true;
  fail(ContractError.percentTooHigh(what, max.toString()));
  return false;
}

export function validConfig(c: Config): bool {
  if (!atMostPercent("protocol_fee", c.protocol_fee, MAX_PROTOCOL_FEE)) return false;
  if (!atMostPercent("instant_unstake_fee", c.instant_unstake_fee, MAX_INSTANT_UNSTAKE_FEE)) return false;
  if (!atMostPercent("buffer_target", c.buffer_target, MAX_BUFFER_TARGET)) return false;
  if (!atMostPercent("max_rate_drop", c.max_rate_drop, MAX_RATE_DROP)) return false;
  if (c.unbonding_period == 0 || c.epoch_period * MAX_UNBONDING_ENTRIES < c.unbonding_period) {
    fail(ContractError.epochTooShort());
    return false;
  }
  return true;
}

/** A full validator set: 1 to MAX_VALIDATORS distinct, existing validators whose weights sum to 10000. */
export function validWeights(set: ValidatorWeight[]): bool {
  if (set.length == 0 || set.length > MAX_VALIDATORS) {
    fail(ContractError.invalidValidatorCount(MAX_VALIDATORS.toString()));
    return false;
  }
  let sum: u64 = 0;
  for (let i = 0; i < set.length; i++) {
    for (let j = 0; j < i; j++) {
      if (set[j].address == set[i].address) {
        fail(ContractError.duplicateValidator(set[i].address));
        return false;
      }
    }
    sum += <u64>set[i].weight;
  }
  if (sum != TOTAL_WEIGHT) {
    fail(ContractError.weightsNotWhole(sum.toString()));
    return false;
  }
  for (let i = 0; i < set.length && !failed(); i++) assertKnownValidator(set[i].address);
  return !failed();
}

export function assertKnownValidator(address: string): bool {
  if (validatorExists(address)) return true;
  fail(ContractError.validatorNotFound(address));
  return false;
}

/**
 * The circuit breaker: when the rate fell by more than max_rate_drop since the last update, the
 * contract pauses itself. Otherwise — and always while it has no owner, since nobody could
 * unpause it — the current rate becomes the reference. Returns whether it tripped; bond, instant
 * unstake and harvest then stop (and refund) instead of failing, so that the pause is kept.
 */
export function breakerTripped(pool: Pool): bool {
  const s = pool.state;
  const now = pool.rate();
  if (!pool.supply.isZero() && getOwnership().owner !== null && rateDropped(s.last_rate, now, pool.config.max_rate_drop)) {
    s.paused = true;
    return true;
  }
  s.last_rate = now;
  return false;
}

/** The `circuit_breaker: tripped` attribute and the `wasm-circuit_breaker` event with both rates. */
export function breakerEvent(pool: Pool, res: Response): Response {
  return res
    .addAttribute("circuit_breaker", "tripped")
    .addEvent(new Event("circuit_breaker").add("last_rate", pool.state.last_rate.toString()).add("rate", pool.rate().toString()));
}

/** The breaker paused the contract: keep the pause, give back what came in, do nothing else. */
export function tripped(pool: Pool, res: Response, action: string): Response {
  pool.save();
  return breakerEvent(pool, res.addAttribute("action", action));
}
