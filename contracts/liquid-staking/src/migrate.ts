// Migration from 0.1.0, whose batches were timed by config.unbonding_period and reconciled in
// runs (a Reconciliation per run) from the whole unbooked balance.
//
// Every batch is rewritten in 0.2.0's form, once (one read and one write per batch ever
// submitted):
//   - reconciled ones keep exactly what their run gave them: received = liquid + from_chain ×
//     arrived / expected, withdrawals go on from it;
//   - batches still in flight were submitted without a reply, so the chain's answer is unknown:
//     the request stands for what it undelegated (undelegated = from_chain; the chain's amount can
//     be lower by share rounding, a few uxprt, which then shows as a shortfall of its window) and
//     0.1.0's end (submission + config.unbonding_period) for its completion. The chain may have paid
//     them earlier (governance may have cut the unbonding time): until they settle, unexplained
//     funds are held for them rather than going to surplus (`last_v010_batch`, arrival.ts), and
//     they settle at that end from what arrived and what was held. Were the chain's unbonding time
//     longer than config.unbonding_period, such a batch could settle at its end before its payout
//     lands, and that payout would go to the surplus.
//   - 0.1.0 swept every unbooked balance into `unlocked` at each reconcile, and its harvest
//     reinvested `unlocked` in the same call, including payouts of batches it had not settled yet
//     (issue 15, finding 1). A batch in flight whose end is before 0.1.0's last call (`seen_time`)
//     was paid before that call could sweep it: what of those payouts is not in the unbooked
//     balance now (after the payouts of the batches ending since, which no 0.1.0 call swept) was
//     swept, or slashed, which cannot be told apart. The stakers give that much back (attribute
//     `returned`): from `unlocked`, then from `buffer`, and the rest is undelegated now, in this
//     migration's response. Without a rest those batches settle here, in full. With one, what is
//     in hand is `held` for them and they settle from it and the undelegation's payout, as a batch
//     does, once the chain pays it (its completion comes from the replies: WAITING until then).
// The Reconciliation records are removed.

import { totalSupply } from "@persistence-ts/std/cw20/token";
import { fail, failed } from "@persistence-ts/std/error";
import { Decimal } from "@persistence-ts/std/math/decimal";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Key } from "@persistence-ts/std/storage/key";
import { Order } from "@persistence-ts/std/storage/kv";
import { Bound } from "@persistence-ts/std/storage/map";
import { Env } from "@persistence-ts/std/types/env";
import { Response } from "@persistence-ts/std/types/response";
import { Timestamp } from "@persistence-ts/std/types/timestamp";
import { booked, earliest, openBatch, reopen, settleWindow, undelegatedOf } from "./arrival";
import { delegationsWithRewards, nativeBalance } from "./chain";
import { min, proRata } from "./math";
import { Batch, BatchV010, Config, PendingUndelegation, State, StateV010 } from "./msg";
import { Pool } from "./pool";
import { MAX_UNBONDING_ENTRIES } from "./rules";
import { Sends, undelegateBatch } from "./staking";
import { BATCHES, BATCHES_V010, CONFIG, PENDING_BATCH, RECONCILIATIONS, STATE, STATE_V010, UNDELEGATING } from "./state";
import * as ContractError from "./error";

/** The completion of the batches that wait for the migration's undelegation, until its replies tell it. */
const WAITING: u64 = u64.MAX_VALUE;
/** The batch id the migration's undelegation replies under: no batch has it. */
export const SWEPT_BATCHES: u64 = 0;

export function migrateFrom010(env: Env, res: Response): void {
  const old = STATE_V010.load();
  const state = stateFrom(old);
  const submitted = PENDING_BATCH.load().id - 1;
  state.last_v010_batch = submitted;
  // In-flight batches: ending before 0.1.0's last call (it may have swept their payouts), and since.
  const before = new Array<Batch>();
  let paidSince = Uint128.zero();
  for (let id: u64 = 1; id <= submitted; id++) {
    const b = batchFrom(BATCHES_V010.load(Key.u64(id)), id < old.first_unreconciled);
    BATCHES.save(Key.u64(id), b);
    if (b.received !== null) continue;
    openBatch(state, b);
    if (!b.completion.le(state.arrived_until)) state.unbonding_entries.push(b.completion);
    if (b.completion.lt(old.seen_time)) before.push(b);
    else if (b.completion.lt(env.block.time)) paidSince = paidSince.add(b.undelegated);
  }
  const runs = RECONCILIATIONS.range(null, null, Order.Ascending, <i32>submitted);
  for (let i = 0; i < runs.length; i++) RECONCILIATIONS.remove(runs[i].key);
  const config = CONFIG.load();
  const balance = nativeBalance(env.contract.toString(), config.bond_denom);
  const due = undelegatedOf(before);
  const inHand = min(due, balance.saturatingSub(booked(state)).saturatingSub(paidSince));
  res.addAttribute("batches", submitted.toString()).addAttribute("returned", due.sub(inHand).toString());
  if (before.length > 0) payBefore(env, state, config, res, before, inHand, balance);
  if (failed()) return;
  STATE.save(state);
  res.addAttribute("open_batches", state.open_batches.length.toString());
}

/**
 * The batches paid before 0.1.0's last call get all they undelegated: `inHand` of it is in the
 * unbooked balance, the rest (swept) comes out of the stakers' value — `unlocked`, then `buffer`,
 * then their delegations, undelegated now. With nothing to undelegate they settle at once.
 */
function payBefore(env: Env, state: State, config: Config, res: Response, before: Batch[], inHand: Uint128, balance: Uint128): void {
  const due = undelegatedOf(before);
  const swept = due.sub(inHand);
  if (swept.isZero()) {
    settleNow(state, res, before, due, due);
    return;
  }
  const contract = env.contract.toString();
  const pool = new Pool(contract, config, state, delegationsWithRewards(contract, config.bond_denom), totalSupply(), env.block.time);
  const valueBefore = pool.value();
  const fromUnlocked = min(swept, state.unlocked);
  state.unlocked = state.unlocked.sub(fromUnlocked);
  const fromBuffer = min(swept.sub(fromUnlocked), state.buffer);
  state.buffer = state.buffer.sub(fromBuffer);
  const left = swept.sub(fromUnlocked).sub(fromBuffer);
  // The stakers cannot give back more than they have (only after 0.1.0 unbonded nearly everything).
  const rest = min(left, pool.delegated);
  res.addAttribute("returned_from_unlocked", fromUnlocked.toString()).addAttribute("returned_from_buffer", fromBuffer.toString());
  if (rest.isZero()) settleNow(state, res, before, due, due.sub(left));
  else {
    if (<u64>state.unbonding_entries.length >= MAX_UNBONDING_ENTRIES) {
      fail(ContractError.migrateAfterEntries(earliest(state.unbonding_entries).nanos.toString()));
      return;
    }
    // What is in hand is kept for them; they settle from it and the undelegation's payout.
    state.held = due.sub(left);
    for (let i = 0; i < before.length; i++) {
      before[i].completion = new Timestamp(WAITING);
      BATCHES.save(Key.u64(before[i].id), before[i]);
    }
    const out = new Sends();
    undelegateBatch(pool, out, rest, SWEPT_BATCHES);
    UNDELEGATING.save(new PendingUndelegation());
    out.emit(pool, res, balance);
    res.addAttribute("returned_undelegated", rest.toString());
  }
  lowerReference(pool, valueBefore);
}

/** The batches paid before 0.1.0's last call settle as one window with `arrived` (all they undelegated but what the stakers lack). */
function settleNow(state: State, res: Response, before: Batch[], due: Uint128, arrived: Uint128): void {
  const open = new Array<Batch>();
  for (let i = 0; i < state.open_batches.length; i++) {
    const id = state.open_batches[i];
    let settling = false;
    for (let j = 0; j < before.length; j++) if (before[j].id == id) settling = true;
    if (!settling) open.push(BATCHES.load(Key.u64(id)));
  }
  settleWindow(state, res, before, due, arrived);
  reopen(state, open);
}

/**
 * The circuit breaker's reference drops by what the return took per stk: the correction is not a
 * slash, and any other fall since 0.1.0's last update still counts.
 */
function lowerReference(pool: Pool, valueBefore: Uint128): void {
  const s = pool.state;
  if (pool.supply.isZero()) return;
  const drop = Decimal.fromRatio(valueBefore.saturatingSub(pool.value()), pool.supply);
  s.last_rate = s.last_rate.lt(drop) ? Decimal.zero() : s.last_rate.sub(drop);
}

/**
 * The last reply of the migration's undelegation: the batches waiting for it complete when the
 * chain pays it out.
 */
export function onSweptUndelegated(state: State, acc: PendingUndelegation): Response {
  const open = new Array<Batch>();
  let ids = "";
  for (let i = 0; i < state.open_batches.length; i++) {
    const b = BATCHES.load(Key.u64(state.open_batches[i]));
    if (b.completion.nanos == WAITING) {
      b.completion = acc.completion;
      BATCHES.save(Key.u64(b.id), b);
      ids += (ids.length > 0 ? "," : "") + b.id.toString();
    }
    open.push(b);
  }
  state.unbonding_entries.push(acc.completion);
  reopen(state, open);
  return new Response()
    .addAttribute("waiting_batches", ids)
    .addAttribute("chain_undelegated", acc.undelegated.toString())
    .addAttribute("completion", acc.completion.nanos.toString());
}

function stateFrom(old: StateV010): State {
  const s = new State();
  s.buffer = old.buffer;
  s.unlocked = old.unlocked;
  s.claimable = old.claimable;
  s.unbonding = old.unbonding;
  s.last_rate = old.last_rate;
  s.paused = old.paused;
  s.last_harvest = old.last_harvest;
  s.harvest_cursor = old.harvest_cursor;
  s.seen_height = old.seen_height;
  s.seen_time = old.seen_time;
  s.arrived_until = old.arrived_until;
  s.next_completion = new Timestamp(u64.MAX_VALUE);
  s.next_rate_record = old.next_rate_record;
  return s;
}

function batchFrom(old: BatchV010, reconciled: bool): Batch {
  const b = new Batch();
  b.id = old.id;
  b.stk = old.stk;
  b.native = old.native;
  b.liquid = old.native.sub(old.from_chain);
  b.requested = old.from_chain;
  b.undelegated = old.from_chain;
  b.submitted_at = old.submitted_at;
  b.completion = old.unbond_end;
  b.unclaimed_stk = old.unclaimed_stk;
  b.paid = old.paid;
  if (reconciled) {
    // The run that reconciled it is keyed by its last batch: the first key at or after this id.
    const run = RECONCILIATIONS.range(Bound.inclusive(Key.u64(old.id)), null, Order.Ascending, 1)[0].value;
    b.received = run.expected.isZero() ? b.liquid : b.liquid.add(proRata(old.from_chain, run.arrived, run.expected));
  }
  return b;
}
