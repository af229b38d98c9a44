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
//     0.1.0's end (submission + config.unbonding_period) for its completion. They settle by 0.2.0's
//     rule. This is exact when config.unbonding_period was the chain's unbonding time when they were
//     submitted (the deploy sets it from the chain); were it shorter, such a batch could settle
//     before its payout lands and that payout would go to the surplus, for the owner to return.
// The Reconciliation records are removed. 0.1.0 swept any unbooked balance into `unlocked` at
// each reconcile; what it swept stays with the stakers, and anything unbooked now is found by the
// first settlement (to a batch in flight or to the surplus).

import { Key } from "../../../std/storage/key";
import { Order } from "../../../std/storage/kv";
import { Bound } from "../../../std/storage/map";
import { Response } from "../../../std/types/response";
import { Timestamp } from "../../../std/types/timestamp";
import { openBatch } from "./arrival";
import { proRata } from "./math";
import { Batch, BatchV010, State, StateV010 } from "./msg";
import { BATCHES, BATCHES_V010, PENDING_BATCH, RECONCILIATIONS, STATE, STATE_V010 } from "./state";

export function migrateFrom010(res: Response): void {
  const old = STATE_V010.load();
  const state = stateFrom(old);
  const submitted = PENDING_BATCH.load().id - 1;
  for (let id: u64 = 1; id <= submitted; id++) {
    const b = batchFrom(BATCHES_V010.load(Key.u64(id)), id < old.first_unreconciled);
    BATCHES.save(Key.u64(id), b);
    if (b.received === null) {
      openBatch(state, b);
      if (!b.completion.le(state.arrived_until)) state.unbonding_entries.push(b.completion);
    }
  }
  const runs = RECONCILIATIONS.range(null, null, Order.Ascending, <i32>submitted);
  for (let i = 0; i < runs.length; i++) RECONCILIATIONS.remove(runs[i].key);
  STATE.save(state);
  res.addAttribute("batches", submitted.toString()).addAttribute("open_batches", state.open_batches.length.toString());
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
