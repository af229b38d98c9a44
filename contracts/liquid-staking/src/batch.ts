// Batched unbonding: queue and cancel requests in the current batch, submit it after its epoch
// (one reply per undelegation records what the chain undelegated and when it pays it out), and pay
// each user its share of settled batches (arrival.ts decides what arrived for which batch).
//
// Exits never stop: queue_unbond, cancel_unbond, submit_batch and withdraw_unbonded work while
// the contract is paused (a batch is priced at the rate the chain's delegations give now).

import { burnTokens, moveTokens, nonZero } from "@persistence-ts/std/cw20/token";
import { fail, failed } from "@persistence-ts/std/error";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Key } from "@persistence-ts/std/storage/key";
import { Order } from "@persistence-ts/std/storage/kv";
import { Addr } from "@persistence-ts/std/types/addr";
import { Coin } from "@persistence-ts/std/types/coin";
import { BankSend } from "@persistence-ts/std/types/cosmos_msg";
import { Env } from "@persistence-ts/std/types/env";
import { UndelegateResponse } from "@persistence-ts/std/types/msg_responses";
import { Reply } from "@persistence-ts/std/types/reply";
import { Response } from "@persistence-ts/std/types/response";
import { Timestamp } from "@persistence-ts/std/types/timestamp";
import { earliest, openBatch, settle } from "./arrival";
import { min, nativeForStk, proRata } from "./math";
import { Batch, PendingBatch, PendingUndelegation, State, UndelegateReply } from "./msg";
import { SWEPT_BATCHES, onSweptUndelegated } from "./migrate";
import { loadPool } from "./pool";
import { checkReceivingNow } from "./receiving";
import { bookHookRewards } from "./rewards";
import { MAX_UNBONDING_ENTRIES, breakerTripped, breakerEvent } from "./rules";
import { Sends, undelegateBatch } from "./staking";
import { BATCHES, CONFIG, PENDING_BATCH, STATE, UNBOND_REQUESTS, UNDELEGATING, requestKey } from "./state";
import * as ContractError from "./error";

/** Batches paid per withdraw_unbonded call; the rest waits for the next call. */
const MAX_WITHDRAW_BATCHES: i32 = 30;
/** Requests read per withdraw: the paid ones plus room for open and pending batches. */
const MAX_WITHDRAW_SCAN: i32 = MAX_WITHDRAW_BATCHES + 16;

// ---- queue and cancel -------------------------------------------------------------------

/** Adds `amount` stk (already held by the contract) to the current batch for `owner`. */
export function addToBatch(owner: Addr, amount: Uint128): Response {
  const batch = PENDING_BATCH.load();
  batch.stk = batch.stk.add(amount);
  const k = requestKey(owner.toString(), batch.id);
  UNBOND_REQUESTS.save(k, UNBOND_REQUESTS.loadOr(k, Uint128.zero()).add(amount));
  PENDING_BATCH.save(batch);
  return new Response()
    .addAttribute("action", "queue_unbond")
    .addAttribute("owner", owner.toString())
    .addAttribute("batch_id", batch.id.toString())
    .addAttribute("amount", amount.toString());
}

export function queueUnbond(env: Env, sender: Addr, amount: Uint128, receiver: Addr): Response {
  if (failed() || !nonZero(amount)) return new Response();
  moveTokens(sender, env.contract, amount);
  if (failed()) return new Response();
  return addToBatch(receiver, amount);
}

/** Returns the sender's request in the current batch (its stk) to the sender. */
export function cancelUnbond(env: Env, sender: Addr): Response {
  const batch = PENDING_BATCH.load();
  const k = requestKey(sender.toString(), batch.id);
  if (!UNBOND_REQUESTS.has(k)) fail(ContractError.noRequest(sender.toString(), batch.id.toString()));
  if (failed()) return new Response();
  const amount = UNBOND_REQUESTS.load(k);
  UNBOND_REQUESTS.remove(k);
  batch.stk = batch.stk.sub(amount);
  PENDING_BATCH.save(batch);
  moveTokens(env.contract, sender, amount);
  return new Response()
    .addAttribute("action", "cancel_unbond")
    .addAttribute("owner", sender.toString())
    .addAttribute("batch_id", batch.id.toString())
    .addAttribute("amount", amount.toString());
}

// ---- submit -----------------------------------------------------------------------------

export function submitBatch(env: Env): Response {
  const res = new Response();
  const pool = loadPool(env);
  const pending = PENDING_BATCH.load();
  if (failed()) return res;
  const balance = settle(pool.state, env, res, Uint128.zero());
  if (failed() || !assertSubmittable(pending, pool.state, env)) return res;
  // The breaker may pause the contract; the exit goes on at the rate the chain gives now.
  if (breakerTripped(pool)) breakerEvent(pool, res);

  const s = pool.state;
  const native = nativeForStk(pending.stk, pool.value(), pool.supply);
  const requested = min(native, pool.delegated);
  const out = new Sends();
  undelegateBatch(pool, out, requested, pending.id);
  // Only when nearly everything leaves: the rest is set aside from liquid funds at once.
  const liquid = native.sub(requested);
  const fromBuffer = min(liquid, s.buffer);
  s.buffer = s.buffer.sub(fromBuffer);
  s.unlocked = s.unlocked.sub(liquid.sub(fromBuffer));
  s.claimable = s.claimable.add(liquid);
  burnTokens(env.contract, pending.stk);
  if (failed()) return res;

  const b = submitted(pending, native, liquid, requested, env);
  BATCHES.save(Key.u64(b.id), b);
  // The undelegations' replies record what the chain undelegated and open the batch.
  if (!out.isEmpty()) UNDELEGATING.save(new PendingUndelegation());
  const next = new PendingBatch();
  next.id = pending.id + 1;
  next.est_submit_time = env.block.time.plusSeconds(pool.config.epoch_period);
  PENDING_BATCH.save(next);
  out.emit(pool, res, balance);
  pool.save();
  return res
    .addAttribute("action", "submit_batch")
    .addAttribute("batch_id", pending.id.toString())
    .addAttribute("burned", pending.stk.toString())
    .addAttribute("native", native.toString())
    .addAttribute("undelegated", requested.toString());
}

/**
 * Due after the epoch, not empty, and — a delegator may hold 7 unbonding entries per
 * validator — fewer than 7 of the contract's unbonding entries may still be on chain.
 */
function assertSubmittable(pending: PendingBatch, state: State, env: Env): bool {
  if (env.block.time.lt(pending.est_submit_time)) fail(ContractError.batchNotDue(pending.id.toString(), pending.est_submit_time.nanos.toString()));
  else if (pending.stk.isZero()) fail(ContractError.batchEmpty(pending.id.toString()));
  else if (<u64>state.unbonding_entries.length >= MAX_UNBONDING_ENTRIES) {
    fail(ContractError.unbondingEntriesFull(earliest(state.unbonding_entries).nanos.toString(), pending.id.toString()));
  }
  return !failed();
}

function submitted(pending: PendingBatch, native: Uint128, liquid: Uint128, requested: Uint128, env: Env): Batch {
  const b = new Batch();
  b.id = pending.id;
  b.stk = pending.stk;
  b.native = native;
  b.liquid = liquid;
  b.requested = requested;
  b.submitted_at = new Timestamp(env.block.time.nanos);
  b.completion = new Timestamp(env.block.time.nanos);
  b.unclaimed_stk = pending.stk;
  // Nothing asked of the chain: settled at once with its liquid part.
  if (requested.isZero()) b.received = liquid;
  return b;
}

/**
 * The reply to one undelegation of a batch: the chain's MsgUndelegateResponse says how much it
 * took out of the delegation and when it pays it out. The last one writes the batch and opens it.
 */
export function onUndelegateReply(env: Env, reply: Reply): Response {
  const p = UndelegateReply.decode(reply.payload);
  const answer = UndelegateResponse.fromReply(reply);
  const completion = answer.completionTime.toTimestamp();
  const denom = CONFIG.load().bond_denom;
  if (!failed() && completion === null) fail(ContractError.completionBefore1970());
  if (!failed() && answer.amount.denom != denom) fail(ContractError.undelegatedOtherDenom(answer.amount.denom, denom));
  if (failed()) return new Response();
  const acc = UNDELEGATING.load();
  acc.undelegated = acc.undelegated.add(answer.amount.amount);
  if (acc.completion.lt(completion!)) acc.completion = completion!;
  if (!p.last) {
    UNDELEGATING.save(acc);
    return new Response();
  }
  UNDELEGATING.remove();
  const state = STATE.load();
  const res = p.batch_id == SWEPT_BATCHES ? onSweptUndelegated(state, acc) : openSubmitted(state, p.batch_id, acc);
  if (p.check !== null) bookHookRewards(state, p.check!, env, res);
  STATE.save(state);
  return res;
}

/** A submitted batch's undelegations are all answered: it is open, with the chain's amount and completion. */
function openSubmitted(state: State, id: u64, acc: PendingUndelegation): Response {
  const b = BATCHES.load(Key.u64(id));
  b.undelegated = acc.undelegated;
  b.completion = acc.completion;
  BATCHES.save(Key.u64(b.id), b);
  state.unbonding = state.unbonding.add(b.undelegated);
  state.unbonding_entries.push(b.completion);
  openBatch(state, b);
  // The chain's answer, beside the submission's own attributes.
  return new Response()
    .addAttribute("batch_id", b.id.toString())
    .addAttribute("chain_undelegated", b.undelegated.toString())
    .addAttribute("completion", b.completion.nanos.toString());
}

// ---- settle and withdraw ----------------------------------------------------------------

/** Never fails for want of work: a call that settles nothing still records the block. */
export function reconcile(env: Env): Response {
  const res = new Response().addAttribute("action", "reconcile");
  const state = STATE.load();
  checkReceivingNow(state, env.contract.toString(), CONFIG.load().bond_denom);
  settle(state, env, res, Uint128.zero());
  STATE.save(state);
  return res;
}

/** A request's payout from a settled batch; the batch's last claimant gets the rounding rest. */
export function requestPayout(b: Batch, stk: Uint128): Uint128 {
  const received = b.received!;
  return stk.eq(b.unclaimed_stk) ? received.sub(b.paid) : proRata(received, stk, b.stk);
}

export function withdrawUnbonded(env: Env, sender: Addr, receiver: Addr): Response {
  const res = new Response().addAttribute("action", "withdraw_unbonded");
  const state = STATE.load();
  checkReceivingNow(state, env.contract.toString(), CONFIG.load().bond_denom);
  settle(state, env, res, Uint128.zero());
  const requests = UNBOND_REQUESTS.prefixRange(Key.str(sender.toString()), null, null, Order.Ascending, MAX_WITHDRAW_SCAN);
  let total = Uint128.zero();
  let paid = 0;
  let waiting = "";
  for (let i = 0; i < requests.length && paid < MAX_WITHDRAW_BATCHES && !failed(); i++) {
    const id = requests[i].key.parts[0];
    const key = Key.bytes(id);
    const b = BATCHES.has(key) ? BATCHES.load(key) : null;
    if (b === null) continue; // the current batch: not submitted yet
    if (b.received === null) {
      if (b.completion.le(env.block.time)) waiting += (waiting.length > 0 ? "," : "") + b.id.toString();
      continue;
    }
    const stk = requests[i].value;
    const payout = requestPayout(b, stk);
    b.paid = b.paid.add(payout);
    b.unclaimed_stk = b.unclaimed_stk.sub(stk);
    BATCHES.save(key, b);
    UNBOND_REQUESTS.remove(Key.str(sender.toString()).join(key));
    total = total.add(payout);
    paid++;
  }
  if (failed()) return res;
  if (paid == 0) {
    // Completed on chain, but the payout lands at the end of this block, or cannot be told
    // apart from another batch's yet (a slashed payout): the block is recorded, and the batch
    // settles at a call in a later block.
    if (waiting.length == 0) fail(ContractError.nothingToWithdraw(sender.toString()));
    else {
      STATE.save(state);
      res.addAttribute("amount", "0").addAttribute("waiting", waiting);
    }
    return res;
  }
  state.claimable = state.claimable.sub(total);
  STATE.save(state);
  // A batch slashed to nothing pays 0: its requests are settled without a transfer.
  if (!total.isZero()) res.addMessage(new BankSend(receiver.toString(), [new Coin(CONFIG.load().bond_denom, total)]));
  return res
    .addAttribute("receiver", receiver.toString())
    .addAttribute("batches", paid.toString())
    .addAttribute("amount", total.toString());
}
