// The validator set, rebalancing, settings and the pause switch.

import { fail, failed } from "../../../std/error";
import { Key } from "../../../std/storage/key";
import { Addr } from "../../../std/types/addr";
import { Env } from "../../../std/types/env";
import { Response } from "../../../std/types/response";
import { ExecuteUpdateConfig, ValidatorWeight } from "./msg";
import { loadPool } from "./pool";
import { isOwner, knownValidator, onlyOwner, operatorOrDue, validConfig, validWeights } from "./rules";
import { rebalance, rebalanceDue, redelegateAway } from "./staking";
import { CONFIG, MAX_VALIDATORS, STATE, TOTAL_WEIGHT, VALIDATORS, loadValidators, saveValidators } from "./state";

function indexOf(set: ValidatorWeight[], address: string): i32 {
  for (let i = 0; i < set.length; i++) if (set[i].address == address) return i;
  return -1;
}

/** Joins the set with weight 0: stake reaches it once update_weights gives it a share. */
export function addValidator(sender: Addr, validator: string): Response {
  if (!onlyOwner(sender)) return new Response();
  const set = loadValidators();
  if (indexOf(set, validator) >= 0) fail("Validator already in the set: " + validator);
  else if (set.length >= MAX_VALIDATORS) fail("The validator set is full: at most " + MAX_VALIDATORS.toString());
  else knownValidator(validator);
  if (failed()) return new Response();
  VALIDATORS.save(Key.str(validator), 0);
  return new Response().addAttribute("action", "add_validator").addAttribute("validator", validator);
}

/**
 * Leaves the set (a jailed or tombstoned validator too): its weight is shared among the others
 * in proportion to theirs, and its stake is redelegated to them by weight. Stake that received a
 * redelegation less than an unbonding period ago cannot move yet; rebalance moves it later.
 */
export function removeValidator(env: Env, sender: Addr, validator: string): Response {
  if (!onlyOwner(sender)) return new Response();
  const set = loadValidators();
  const i = indexOf(set, validator);
  if (i < 0) fail("Not in the validator set: " + validator);
  else if (set.length == 1) fail("Cannot remove the last validator");
  if (failed()) return new Response();
  set.splice(i, 1);
  redistribute(set);
  VALIDATORS.remove(Key.str(validator));
  saveValidators(set);
  const res = new Response();
  const pool = loadPool(env);
  const held = pool.delegationTo(validator);
  const moved = redelegateAway(pool, res, validator, set);
  pool.save();
  return res
    .addAttribute("action", "remove_validator")
    .addAttribute("validator", validator)
    .addAttribute("redelegated", moved.toString())
    .addAttribute("left", held.sub(moved).toString());
}

/** Scales the weights back to 10000 (equal shares when all are 0); the rounding rest to the heaviest. */
function redistribute(set: ValidatorWeight[]): void {
  let sum: u64 = 0;
  let heaviest = 0;
  for (let i = 0; i < set.length; i++) {
    sum += <u64>set[i].weight;
    if (set[i].weight > set[heaviest].weight) heaviest = i;
  }
  let given: u64 = 0;
  for (let i = 0; i < set.length; i++) {
    set[i].weight = <u32>(sum == 0 ? TOTAL_WEIGHT / <u64>set.length : (<u64>set[i].weight * TOTAL_WEIGHT) / sum);
    given += <u64>set[i].weight;
  }
  set[heaviest].weight += <u32>(TOTAL_WEIGHT - given);
}

/** New weights for exactly the current set. */
export function updateWeights(sender: Addr, weights: ValidatorWeight[]): Response {
  if (!onlyOwner(sender) || !validWeights(weights)) return new Response();
  const set = loadValidators();
  if (weights.length != set.length) fail("update_weights must list every validator of the set, and only those");
  for (let i = 0; i < weights.length && !failed(); i++) {
    if (indexOf(set, weights[i].address) < 0) fail("Not in the validator set: " + weights[i].address + " (add_validator first)");
  }
  if (failed()) return new Response();
  saveValidators(weights);
  return new Response().addAttribute("action", "update_weights").addAttribute("validators", weights.length.toString());
}

export function rebalanceStake(env: Env, sender: Addr): Response {
  const res = new Response();
  const pool = loadPool(env);
  const set = loadValidators();
  if (failed() || !operatorOrDue(sender, pool.config, rebalanceDue(pool, set), "rebalance")) return res;
  const moves = rebalance(pool, res, set);
  if (moves == 0 && !failed()) fail("Nothing to rebalance: every validator is near its target or its stake cannot move yet");
  pool.save();
  return res.addAttribute("action", "rebalance").addAttribute("redelegations", moves.toString());
}

export function updateConfig(sender: Addr, m: ExecuteUpdateConfig): Response {
  if (!onlyOwner(sender)) return new Response();
  const c = CONFIG.load();
  if (m.operator !== null) c.operator = Addr.validate(m.operator!);
  if (m.fee_recipient !== null) c.fee_recipient = Addr.validate(m.fee_recipient!);
  if (m.protocol_fee !== null) c.protocol_fee = m.protocol_fee!;
  if (m.instant_unstake_fee !== null) c.instant_unstake_fee = m.instant_unstake_fee!;
  if (m.buffer_target !== null) c.buffer_target = m.buffer_target!;
  if (m.max_rate_drop !== null) c.max_rate_drop = m.max_rate_drop!;
  if (m.harvest_interval !== null) c.harvest_interval = m.harvest_interval!.value;
  if (m.min_deposit !== null) c.min_deposit = m.min_deposit!;
  if (m.epoch_period !== null) c.epoch_period = m.epoch_period!.value;
  if (m.unbonding_period !== null) c.unbonding_period = m.unbonding_period!.value;
  if (failed() || !validConfig(c)) return new Response();
  CONFIG.save(c);
  return new Response().addAttribute("action", "update_config");
}

/** The owner or the operator may stop bonding and unbonding at once. */
export function pause(sender: Addr): Response {
  if (!isOwner(sender) && !sender.equals(CONFIG.load().operator)) fail("Unauthorized: only the owner or the operator may pause");
  if (failed()) return new Response();
  const s = STATE.load();
  s.paused = true;
  STATE.save(s);
  return new Response().addAttribute("action", "pause");
}

/** Only the owner resumes; the current rate becomes the circuit breaker's reference. */
export function unpause(env: Env, sender: Addr): Response {
  if (!onlyOwner(sender)) return new Response();
  const pool = loadPool(env);
  pool.state.paused = false;
  pool.state.last_rate = pool.rate();
  pool.save();
  return new Response().addAttribute("action", "unpause").addAttribute("exchange_rate", pool.state.last_rate.toString());
}
