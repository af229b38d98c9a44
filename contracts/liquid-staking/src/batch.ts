// Batched unbonding: submit the current batch after its epoch, reconcile what the chain paid
// out when unbondings completed, and pay each user its share of reconciled batches.
//
// Bookkeeping of liquid native (the contract's bank balance B):
//   B = buffer + unlocked + claimable + (unbonded funds that arrived but are not reconciled yet)
// so reconcile sees the arrivals as B − buffer − unlocked − claimable. Batches are reconciled in
// runs; a run's batches share what arrived pro rata to what each undelegated, so a slashing
// shortfall during unbonding is spread over them (and an excess, e.g. a donation, goes to the
// stakers as rewards).

import { burnTokens } from "../../../std/cw20/token";
import { fail, failed } from "../../../std/error";
import { Uint128 } from "../../../std/math/uint128";
import { Key } from "../../../std/storage/key";
import { Order } from "../../../std/storage/kv";
import { Bound } from "../../../std/storage/map";
import { Addr } from "../../../std/types/addr";
import { Coin } from "../../../std/types/coin";
import { BankSend } from "../../../std/types/cosmos_msg";
import { Env } from "../../../std/types/env";
import { Response } from "../../../std/types/response";
import { Timestamp } from "../../../std/types/timestamp";
import { nativeBalance } from "./chain";
import { min, nativeForStk, proRata } from "./math";
import { Batch, Config, PendingBatch, Reconciliation, State } from "./msg";
import { loadPool, observeBlock } from "./pool";
import { MAX_UNBONDING_ENTRIES, breakerTripped, notPaused, tripped } from "./rules";
import { undelegateProRata } from "./staking";
import { BATCHES, CONFIG, PENDING_BATCH, RECONCILIATIONS, STATE, UNBOND_REQUESTS } from "./state";

/** Batches paid per withdraw_unbonded call; the rest waits for the next call. */
const MAX_WITHDRAW_BATCHES: i32 = 30;

// ---- submit ---------------------------------------------------------------------------

export function submitBatch(env: Env): Response {
  const res = new Response();
  const pool = loadPool(env);
  const pending = PENDING_BATCH.load();
  if (failed() || !notPaused(pool.state) || !canSubmit(pending, pool.state, env)) return res;
  if (breakerTripped(pool)) return tripped(pool, res, "submit_batch");

  const s = pool.state;
  const native = nativeForStk(pending.stk, pool.value(), pool.supply);
  const fromChain = min(native, pool.delegated);
  undelegateProRata(pool, res, fromChain);
  // Only when nearly everything leaves: the rest is set aside from liquid funds at once.
  const liquid = native.sub(fromChain);
  const fromBuffer = min(liquid, s.buffer);
  s.buffer = s.buffer.sub(fromBuffer);
  s.unlocked = s.unlocked.sub(liquid.sub(fromBuffer));
  s.claimable = s.claimable.add(liquid);
  s.unbonding = s.unbonding.add(fromChain);
  burnTokens(env.contract, pending.stk);
  if (failed()) return res;

  BATCHES.save(Key.u64(pending.id), submitted(pending, native, fromChain, pool.config, env));
  const next = new PendingBatch();
  next.id = pending.id + 1;
  next.est_submit_time = env.block.time.plusSeconds(pool.config.epoch_period);
  PENDING_BATCH.save(next);
  pool.save();
  return res
    .addAttribute("action", "submit_batch")
    .addAttribute("batch_id", pending.id.toString())
    .addAttribute("burned", pending.stk.toString())
    .addAttribute("native", native.toString())
    .addAttribute("undelegated", fromChain.toString());
}

/**
 * Due after the epoch, not empty, and — a delegator may hold 7 unbonding entries per
 * validator — the batch 7 submissions back must have completed on chain.
 */
function canSubmit(pending: PendingBatch, state: State, env: Env): bool {
  if (env.block.time.lt(pending.est_submit_time)) fail("Batch " + pending.id.toString() + " is not due until " + pending.est_submit_time.nanos.toString());
  else if (pending.stk.isZero()) fail("Batch " + pending.id.toString() + " is empty");
  else if (pending.id > MAX_UNBONDING_ENTRIES) {
    const old = BATCHES.load(Key.u64(pending.id - MAX_UNBONDING_ENTRIES));
    if (state.arrived_until.lt(old.unbond_end)) fail("Batch " + old.id.toString() + " is still unbonding: at most 7 unbonding entries per validator");
  }
  return !failed();
}

function submitted(pending: PendingBatch, native: Uint128, fromChain: Uint128, config: Config, env: Env): Batch {
  const b = new Batch();
  b.id = pending.id;
  b.stk = pending.stk;
  b.native = native;
  b.from_chain = fromChain;
  b.submitted_at = new Timestamp(env.block.time.nanos);
  b.unclaimed_stk = pending.stk;
  b.unbond_end = env.block.time.plusSeconds(config.unbonding_period);
  b.cum_from_chain = fromChain;
  if (pending.id > 1) {
    const prev = BATCHES.load(Key.u64(pending.id - 1));
    b.cum_from_chain = prev.cum_from_chain.add(fromChain);
    // Ends never go backwards (even if unbonding_period is lowered): arrivals stay in order.
    if (b.unbond_end.lt(prev.unbond_end)) b.unbond_end = prev.unbond_end;
  }
  return b;
}

// ---- reconcile ------------------------------------------------------------------------

/**
 * Reconciles every submitted batch whose unbonding the chain has paid out (see
 * observeBlock), as one run. Returns how many batches it reconciled.
 */
export function reconcileArrived(state: State, res: Response, contract: Addr): u64 {
  const first = state.first_unreconciled;
  const last = lastArrived(state, first, PENDING_BATCH.load().id - 1);
  if (last < first) return 0;
  const expected = BATCHES.load(Key.u64(last)).cum_from_chain.sub(first > 1 ? BATCHES.load(Key.u64(first - 1)).cum_from_chain : Uint128.zero());
  const balance = nativeBalance(contract.toString(), CONFIG.load().bond_denom);
  const avail = balance.saturatingSub(state.buffer.add(state.unlocked).add(state.claimable));
  const arrived = min(avail, expected);
  state.unlocked = state.unlocked.add(avail.sub(arrived));
  state.claimable = state.claimable.add(arrived);
  state.unbonding = state.unbonding.sub(expected);
  state.first_unreconciled = last + 1;
  const run = new Reconciliation();
  run.first_id = first;
  run.expected = expected;
  run.arrived = arrived;
  RECONCILIATIONS.save(Key.u64(last), run);
  res
    .addAttribute("reconciled", first.toString() + "-" + last.toString())
    .addAttribute("expected", expected.toString())
    .addAttribute("arrived", arrived.toString())
    .addAttribute("shortfall", expected.sub(arrived).toString());
  return last - first + 1;
}

/** The newest batch in [first, last] whose funds have arrived (ends are monotonic: binary search). */
function lastArrived(state: State, first: u64, last: u64): u64 {
  let lo = first;
  let hi = last;
  let found = first - 1;
  while (lo <= hi && !failed()) {
    const mid = lo + (hi - lo) / 2;
    if (BATCHES.load(Key.u64(mid)).unbond_end.le(state.arrived_until)) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Never fails for want of work: a call that reconciles nothing still records the block, so that
 * batches maturing by now can be reconciled from the next block on.
 */
export function reconcile(env: Env): Response {
  const res = new Response().addAttribute("action", "reconcile");
  const state = STATE.load();
  observeBlock(state, env);
  if (reconcileArrived(state, res, env.contract) == 0) res.addAttribute("reconciled", "none");
  STATE.save(state);
  return res;
}

// ---- withdraw -------------------------------------------------------------------------

/** What a reconciled batch received: its liquid part plus its share of what arrived. */
export function batchReceived(b: Batch): Uint128 {
  const runs = RECONCILIATIONS.range(Bound.inclusive(Key.u64(b.id)), null, Order.Ascending, 1);
  const run = runs[0].value;
  const liquid = b.native.sub(b.from_chain);
  return run.expected.isZero() ? liquid : liquid.add(proRata(b.from_chain, run.arrived, run.expected));
}

/** A request's payout from a reconciled batch; the batch's last claimant gets the rounding rest. */
export function requestPayout(b: Batch, stk: Uint128): Uint128 {
  const received = batchReceived(b);
  return stk.eq(b.unclaimed_stk) ? received.sub(b.paid) : proRata(received, stk, b.stk);
}

export function withdrawUnbonded(env: Env, sender: Addr, receiverText: string | null): Response {
  const res = new Response().addAttribute("action", "withdraw_unbonded");
  const receiver = receiverText === null ? sender : Addr.validate(receiverText);
  const state = STATE.load();
  if (failed()) return res;
  observeBlock(state, env);
  reconcileArrived(state, res, env.contract);
  const ready = Bound.exclusive(Key.u64(state.first_unreconciled));
  const requests = UNBOND_REQUESTS.prefixRange(Key.str(sender.toString()), null, ready, Order.Ascending, MAX_WITHDRAW_BATCHES);
  let total = Uint128.zero();
  for (let i = 0; i < requests.length && !failed(); i++) {
    const id = requests[i].key.parts[0];
    const b = BATCHES.load(Key.bytes(id));
    const stk = requests[i].value;
    const payout = requestPayout(b, stk);
    b.paid = b.paid.add(payout);
    b.unclaimed_stk = b.unclaimed_stk.sub(stk);
    BATCHES.save(Key.bytes(id), b);
    UNBOND_REQUESTS.remove(Key.str(sender.toString()).join(Key.bytes(id)));
    total = total.add(payout);
  }
  if (requests.length == 0 && !failed()) {
    if (!maturedRequest(sender, state, env)) fail("Nothing to withdraw: no reconciled batch holds a request of " + sender.toString());
    // Matured but counted as arrived from the next block on: keep this block's mark and say so.
    else res.addAttribute("amount", "0").addAttribute("retry", "next block");
    if (!failed()) STATE.save(state);
    return res;
  }
  if (failed()) return res;
  state.claimable = state.claimable.sub(total);
  STATE.save(state);
  // A batch slashed to nothing pays 0: its requests are settled without a transfer.
  if (!total.isZero()) res.addMessage(new BankSend(receiver.toString(), [new Coin(CONFIG.load().bond_denom, total)]));
  return res
    .addAttribute("receiver", receiver.toString())
    .addAttribute("batches", requests.length.toString())
    .addAttribute("amount", total.toString());
}

/** Whether the user's oldest unreconciled request is in a submitted batch whose unbonding time is over. */
function maturedRequest(user: Addr, state: State, env: Env): bool {
  const from = Bound.inclusive(Key.u64(state.first_unreconciled));
  const next = UNBOND_REQUESTS.prefixRange(Key.str(user.toString()), from, null, Order.Ascending, 1);
  if (next.length == 0) return false;
  const id = Key.bytes(next[0].key.parts[0]);
  return BATCHES.has(id) && BATCHES.load(id).unbond_end.le(env.block.time);
}
