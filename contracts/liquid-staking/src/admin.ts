// The validator set, rebalancing (and the replies recording our redelegation entries), settings,
// the surplus and the pause switch.

import { fail, failed } from "@persistence-ts/std/error";
import { Key } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { Env } from "@persistence-ts/std/types/env";
import { Coin } from "@persistence-ts/std/types/coin";
import { BankSend } from "@persistence-ts/std/types/cosmos_msg";
import { BeginRedelegateResponse } from "@persistence-ts/std/types/msg_responses";
import { Reply } from "@persistence-ts/std/types/reply";
import { Response } from "@persistence-ts/std/types/response";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { nativeBalance } from "./chain";
import { bookHookRewards } from "./rewards";
import { ExecuteUpdateConfig, RedelegateReply, ValidatorWeight } from "./msg";
import { loadPool } from "./pool";
import { getOwnership } from "@persistence-ts/std/ownership";
import { isOwner, assertKnownValidator, assertIsOwner, assertOperatorOrDue, validConfig, validWeights } from "./rules";
import { noteReceiving } from "./receiving";
import { Sends, rebalance, rebalanceDue, recordRedelegation, redelegateAway, refusePair } from "./staking";
import { CONFIG, MAX_VALIDATORS, STATE, TOTAL_WEIGHT, VALIDATORS, loadValidators, saveValidators } from "./state";
import * as ContractError from "./error";

function indexOf(set: ValidatorWeight[], address: string): i32 {
  for (let i = 0; i < set.length; i++) if (set[i].address == address) return i;
  return -1;
}

/** Joins the set with weight 0: stake reaches it once update_weights gives it a share. */
export function addValidator(sender: Addr, validator: string): Response {
  if (!assertIsOwner(sender)) return new Response();
  const set = loadValidators();
  if (indexOf(set, validator) >= 0) fail(ContractError.validatorInSet(validator));
  else if (set.length >= MAX_VALIDATORS) fail(ContractError.validatorSetFull(MAX_VALIDATORS.toString()));
  else assertKnownValidator(validator);
  if (failed()) return new Response();
  VALIDATORS.save(Key.str(validator), 0);
  return new Response().addAttribute("action", "add_validator").addAttribute("validator", validator);
}

/**
 * Leaves the set (a jailed or tombstoned validator too): its weight is shared among the others
 * in proportion to theirs, and its stake is redelegated to those that are bonded and have a free
 * redelegation entry from it, furthest below target first, onto at most half of them receiving
 * at a time (staking.ts Moves.spread). What cannot move yet (received by redelegation less than
 * an unbonding period ago, or every pair's 7 entries taken) stays; rebalance moves it later.
 * Never fails for want of a destination; `redelegated` and `left` are what the call sent and
 * kept, and a redelegation the chain refuses adds `redelegation_refused` (its amount stays).
 */
export function removeValidator(env: Env, sender: Addr, validator: string): Response {
  if (!assertIsOwner(sender)) return new Response();
  const set = loadValidators();
  const i = indexOf(set, validator);
  if (i < 0) fail(ContractError.notInSet(validator));
  else if (set.length == 1) fail(ContractError.lastValidator());
  if (failed()) return new Response();
  set.splice(i, 1);
  redistribute(set);
  VALIDATORS.remove(Key.str(validator));
  saveValidators(set);
  const res = new Response();
  const pool = loadPool(env);
  const held = pool.delegationTo(validator);
  const out = new Sends();
  const moved = redelegateAway(pool, out, validator, set);
  out.emit(pool, res, nativeBalance(pool.contract, pool.config.bond_denom));
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
  if (!assertIsOwner(sender) || !validWeights(weights)) return new Response();
  const set = loadValidators();
  if (weights.length != set.length) fail(ContractError.weightsNotTheSet());
  for (let i = 0; i < weights.length && !failed(); i++) {
    if (indexOf(set, weights[i].address) < 0) fail(ContractError.weightNotInSet(weights[i].address));
  }
  if (failed()) return new Response();
  saveValidators(weights);
  return new Response().addAttribute("action", "update_weights").addAttribute("validators", weights.length.toString());
}

export function rebalanceStake(env: Env, sender: Addr): Response {
  const res = new Response();
  const pool = loadPool(env);
  const set = loadValidators();
  if (failed() || !assertOperatorOrDue(sender, pool.config, rebalanceDue(pool, set), "rebalance")) return res;
  const out = new Sends();
  const moves = rebalance(pool, out, set);
  if (moves == 0 && !failed()) fail(ContractError.nothingToRebalance());
  if (failed()) return res;
  out.emit(pool, res, nativeBalance(pool.contract, pool.config.bond_denom));
  pool.save();
  return res.addAttribute("action", "rebalance").addAttribute("redelegations", moves.toString());
}

/** The chain's refusals a redelegation reply turns into "this pair is full for an unbonding period". */
const TRANSITIVE = "codespace: staking, code: 32";
const TOO_MANY_ENTRIES = "codespace: staking, code: 33";

/**
 * The reply to one redelegation. On success: the chain's completion time of the entry it made (none
 * when the source was unbonded), kept so that no redelegation asks for an 8th entry on a pair, and
 * the destination is receiving until then (receiving.ts). On a refusal the call goes on without
 * that move: too many entries (33: entries we did not know of, 0.1.0's) marks the pair full and
 * the destination receiving, a transitive redelegation (32: the source received stake we did not
 * know of) the pair full and the source receiving, each until now + unbonding_period; the
 * `redelegation_refused` attribute names the pair and the error.
 */
export function onRedelegateReply(env: Env, reply: Reply): Response {
  const p = RedelegateReply.decode(reply.payload);
  const state = STATE.load();
  if (failed()) return new Response();
  const res = new Response();
  if (reply.error === null) {
    const answer = BeginRedelegateResponse.fromReply(reply);
    if (failed()) return res;
    const completion = answer.completionTime.toTimestamp();
    if (completion !== null && !answer.completionTime.isGoZero()) {
      recordRedelegation(p.src, p.dst, completion, state.arrived_until);
      noteReceiving(state, p.dst, completion);
    }
  } else {
    const error = reply.error!;
    const until = env.block.time.plusSeconds(CONFIG.load().unbonding_period);
    if (error.includes(TOO_MANY_ENTRIES) || error.includes(TRANSITIVE)) {
      refusePair(p.src, p.dst, until, state.arrived_until);
      noteReceiving(state, error.includes(TRANSITIVE) ? p.src : p.dst, until);
    }
    res.addAttribute("redelegation_refused", p.src + ">" + p.dst + " " + p.amount.toString() + ": " + error);
  }
  if (p.check !== null) bookHookRewards(state, p.check!, env, res);
  STATE.save(state);
  return res;
}

/** The owner sends the surplus (unexplained funds, kept out of the books) on to `recipient`. */
export function sweepSurplus(env: Env, sender: Addr, recipient: string | null): Response {
  if (!assertIsOwner(sender)) return new Response();
  const to = recipient === null ? CONFIG.load().fee_recipient : Addr.validate(recipient!);
  const state = STATE.load();
  if (failed()) return new Response();
  const amount = state.surplus;
  if (amount.isZero()) fail(ContractError.noSurplus());
  if (failed()) return new Response();
  state.surplus = Uint128.zero();
  STATE.save(state);
  return new Response()
    .addMessage(new BankSend(to.toString(), [new Coin(CONFIG.load().bond_denom, amount)]))
    .addAttribute("action", "sweep_surplus")
    .addAttribute("recipient", to.toString())
    .addAttribute("amount", amount.toString());
}

/**
 * The owner sends the whole balance of a native denom other than the bond denom (sent here by
 * mistake: the contract books, pays and stakes only the bond denom) on to `recipient`.
 */
export function sweepDenom(env: Env, sender: Addr, denom: string, recipient: string | null): Response {
  if (!assertIsOwner(sender)) return new Response();
  const config = CONFIG.load();
  const to = recipient === null ? config.fee_recipient : Addr.validate(recipient!);
  if (failed()) return new Response();
  if (denom == config.bond_denom) fail(ContractError.sweepBondDenom(denom));
  if (failed()) return new Response();
  const amount = nativeBalance(env.contract.toString(), denom);
  if (amount.isZero()) fail(ContractError.nothingToSweep(denom));
  if (failed()) return new Response();
  return new Response()
    .addMessage(new BankSend(to.toString(), [new Coin(denom, amount)]))
    .addAttribute("action", "sweep_denom")
    .addAttribute("denom", denom)
    .addAttribute("recipient", to.toString())
    .addAttribute("amount", amount.toString());
}

export function updateConfig(sender: Addr, m: ExecuteUpdateConfig): Response {
  if (!assertIsOwner(sender)) return new Response();
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

/**
 * The owner or the operator may stop bonding, instant unstakes and harvests at once; exits go on.
 * Not without an owner: nobody could ever unpause.
 */
export function pause(sender: Addr): Response {
  if (!isOwner(sender) && !sender.equals(CONFIG.load().operator)) fail(ContractError.mayNotPause());
  else if (getOwnership().owner === null) fail(ContractError.pauseWithoutOwner());
  if (failed()) return new Response();
  const s = STATE.load();
  s.paused = true;
  STATE.save(s);
  return new Response().addAttribute("action", "pause");
}

/** Only the owner resumes; the current rate becomes the circuit breaker's reference. */
export function unpause(env: Env, sender: Addr): Response {
  if (!assertIsOwner(sender)) return new Response();
  const pool = loadPool(env);
  pool.state.paused = false;
  pool.state.last_rate = pool.rate();
  pool.save();
  return new Response().addAttribute("action", "unpause").addAttribute("exchange_rate", pool.state.last_rate.toString());
}
