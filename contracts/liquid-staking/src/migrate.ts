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
//   - 0.1.0 swept every unbooked balance into `unlocked` at each reconcile, including payouts of
//     batches it had not settled yet (issue 15, finding 1). A batch in flight whose end is before
//     0.1.0's last call (`seen_time`) was paid before that call could sweep it: what of those
//     payouts is not in the unbooked balance now (after the payouts of the batches ending since,
//     which no 0.1.0 call swept) was swept, or slashed, which cannot be told apart. That much, at
//     most `unlocked`, moves back out of `unlocked` (the attribute `returned`): the first
//     settlement gives it to those batches.
// The Reconciliation records are removed.

import { Uint128 } from "../../../std/math/uint128";
import { Key } from "../../../std/storage/key";
import { Order } from "../../../std/storage/kv";
import { Bound } from "../../../std/storage/map";
import { Env } from "../../../std/types/env";
import { Response } from "../../../std/types/response";
import { Timestamp } from "../../../std/types/timestamp";
import { booked, openBatch } from "./arrival";
import { nativeBalance } from "./chain";
import { min, proRata } from "./math";
import { Batch, BatchV010, State, StateV010 } from "./msg";
import { BATCHES, BATCHES_V010, CONFIG, PENDING_BATCH, RECONCILIATIONS, STATE, STATE_V010 } from "./state";

export function migrateFrom010(env: Env, res: Response): void {
  const old = STATE_V010.load();
  const state = stateFrom(old);
  const submitted = PENDING_BATCH.load().id - 1;
  state.last_v010_batch = submitted;
  // In-flight batches' dues: ending before 0.1.0's last call (it may have swept them), and since.
  let paidBefore = Uint128.zero();
  let paidSince = Uint128.zero();
  for (let id: u64 = 1; id <= submitted; id++) {
    const b = batchFrom(BATCHES_V010.load(Key.u64(id)), id < old.first_unreconciled);
    BATCHES.save(Key.u64(id), b);
    if (b.received !== null) continue;
    openBatch(state, b);
    if (!b.completion.le(state.arrived_until)) state.unbonding_entries.push(b.completion);
    if (b.completion.lt(old.seen_time)) paidBefore = paidBefore.add(b.undelegated);
    else if (b.completion.lt(env.block.time)) paidSince = paidSince.add(b.undelegated);
  }
  const runs = RECONCILIATIONS.range(null, null, Order.Ascending, <i32>submitted);
  for (let i = 0; i < runs.length; i++) RECONCILIATIONS.remove(runs[i].key);
  const unbooked = nativeBalance(env.contract.toString(), CONFIG.load().bond_denom).saturatingSub(booked(state));
  const swept = min(paidBefore.saturatingSub(unbooked.saturatingSub(paidSince)), state.unlocked);
  state.unlocked = state.unlocked.sub(swept);
  STATE.save(state);
  res
    .addAttribute("batches", submitted.toString())
    .addAttribute("open_batches", state.open_batches.length.toString())
    .addAttribute("returned", swept.toString());
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
