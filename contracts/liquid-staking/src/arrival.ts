// Which batches the chain has paid out, and settling them from funds that can only be theirs.
//
// The chain pays an unbonding entry at the end of the first block whose time reaches its
// completion time (x/staking EndBlocker, after the block's transactions), into the bank balance,
// with no event the contract sees. The contract cannot query its unbonding entries either. What
// it knows:
//   - each batch's completion time and what the chain undelegated for it (MsgUndelegateResponse);
//   - the block it runs in, and the latest earlier block it ran in (`arrived_until` is that
//     block's time): every batch completing at or before it has certainly been paid;
//   - its bank balance, of which `buffer + unlocked + claimable + surplus + held` is booked. The rest, U,
//     is what arrived since the last settlement: payouts of open batches and anything unexplained.
// A batch is *certain* once its completion ≤ arrived_until, *ambiguous* while arrived_until <
// completion < now (it may or may not have been paid), and certainly unpaid from now on.
//
// Settlement, at every bond, submit, withdraw, reconcile, harvest and instant unstake:
//   - no open batch certain or ambiguous: U belongs to no batch (the rest, below);
//   - some ambiguous: if U covers every certain and ambiguous batch in full, they all settle in
//     full (none can be owed more); otherwise nothing settles yet — U may hold part of an
//     ambiguous batch's payout, which must not pay a certain one;
//   - none ambiguous: the certain batches are exactly those whose payouts arrived since the last
//     settlement, one window. Each gets `liquid + undelegated × arrived / Σ undelegated`, with
//     arrived = min(U, Σ undelegated) (the rounding rest to the window's last batch). A batch
//     alone in its window gets exactly what the chain paid for it; batches sharing one window
//     share its shortfall pro rata (which entry a slash hit is unknowable).
// A batch 0.1.0 submitted has only 0.1.0's estimate for its completion: the chain may have paid it
// earlier (governance may have cut the unbonding time). While any is open, the rest of U is `held`
// for them (oldest first, up to what each undelegated) instead of going to surplus, and what is
// held for the batches of a window joins that window's arrivals.
// The rest of U, which is no batch's, goes to `surplus` — except in the first settlement after a
// call found a slash on a validator receiving our redelegations (receiving.ts): a slash of the
// redelegation's source may have unbonded part of that delegation, paying its pending rewards
// outside any call; the rest is then booked as rewards (`unlocked`). No other balance is ever
// counted as rewards: rewards are booked from the chain's responses.

import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Key } from "@persistence-ts/std/storage/key";
import { Env } from "@persistence-ts/std/types/env";
import { Response } from "@persistence-ts/std/types/response";
import { Timestamp } from "@persistence-ts/std/types/timestamp";
import { nativeBalance } from "./chain";
import { proRata } from "./math";
import { Batch, State } from "./msg";
import { BATCHES, CONFIG } from "./state";

/**
 * Notes the block the contract runs in. Once it has run in a block at time T, every unbonding
 * completing at or before T has been paid by the end of that block: `arrived_until` is T from the
 * next block on.
 */
export function observeBlock(state: State, env: Env): void {
  const height = env.block.height;
  if (height > state.seen_height) {
    state.arrived_until = state.seen_time;
    state.seen_height = height;
    state.seen_time = new Timestamp(env.block.time.nanos);
  }
  pruneEntries(state);
}

/** Forgets unbonding entries the chain has certainly completed. */
function pruneEntries(state: State): void {
  const kept = new Array<Timestamp>();
  for (let i = 0; i < state.unbonding_entries.length; i++) {
    const t = state.unbonding_entries[i];
    if (!t.le(state.arrived_until)) kept.push(t);
  }
  state.unbonding_entries = kept;
}

/** Liquid funds the books account for. */
export function booked(state: State): Uint128 {
  return state.buffer.add(state.unlocked).add(state.claimable).add(state.surplus).add(state.held);
}

/**
 * Settles what can be settled (see the file's comment). `incoming` is native that came with the
 * message (already in the balance, not an arrival). Returns the bank balance it read.
 */
export function settle(state: State, env: Env, res: Response, incoming: Uint128): Uint128 {
  observeBlock(state, env);
  const denom = CONFIG.load().bond_denom;
  const balance = nativeBalance(env.contract.toString(), denom);
  const unexplained = balance.saturatingSub(incoming).saturatingSub(booked(state));
  const now = env.block.time;
  const certain = new Array<Batch>();
  const ambiguous = new Array<Batch>();
  const later = new Array<Batch>();
  // No open batch completes before next_completion: skip loading them until then.
  if (state.open_batches.length > 0 && state.next_completion.lt(now)) {
    for (let i = 0; i < state.open_batches.length; i++) {
      const b = BATCHES.load(Key.u64(state.open_batches[i]));
      if (b.completion.le(state.arrived_until)) certain.push(b);
      else if (b.completion.lt(now)) ambiguous.push(b);
      else later.push(b);
    }
  }
  for (let i = 0; i < ambiguous.length; i++) certain.push(ambiguous[i]);
  // What is held for 0.1.0's batches among them arrived for them.
  const released = certain.length > 0 ? heldFor(state, certain) : Uint128.zero();
  const funds = unexplained.add(released);
  const due = undelegatedOf(certain);
  if (ambiguous.length > 0 && funds.lt(due)) {
    res.addAttribute("settle", "waiting: batch " + ambiguous[0].id.toString() + " may not have been paid yet");
    return balance;
  }
  // With ambiguous batches, every batch that may have been paid is covered in full: none can be owed more.
  const arrived = funds.lt(due) ? funds : due;
  if (certain.length > 0) {
    state.held = state.held.sub(released);
    settleWindow(state, res, certain, due, arrived);
    reopen(state, later);
  }
  const rest = hold(state, res, funds.sub(arrived));
  const outside = state.receiving_slashed;
  state.receiving_slashed = false;
  if (!rest.isZero()) {
    if (outside) {
      state.unlocked = state.unlocked.add(rest);
      res.addAttribute("rewards_outside_calls", rest.toString());
    } else {
      state.surplus = state.surplus.add(rest);
      res.addAttribute("surplus", rest.toString());
    }
  }
  return balance;
}

/** The open batches 0.1.0 submitted, in submission order. */
function openV010(state: State): Batch[] {
  const out = new Array<Batch>();
  for (let i = 0; i < state.open_batches.length; i++) {
    const id = state.open_batches[i];
    if (id <= state.last_v010_batch) out.push(BATCHES.load(Key.u64(id)));
  }
  return out;
}

/** What is held for `window`'s 0.1.0 batches: the held funds cover the open ones oldest first, each up to what it undelegated. */
function heldFor(state: State, window: Batch[]): Uint128 {
  if (state.held.isZero()) return Uint128.zero();
  const v010 = openV010(state);
  let left = state.held;
  let out = Uint128.zero();
  for (let i = 0; i < v010.length && !left.isZero(); i++) {
    const part = left.lt(v010[i].undelegated) ? left : v010[i].undelegated;
    left = left.sub(part);
    for (let j = 0; j < window.length; j++) if (window[j].id == v010[i].id) out = out.add(part);
  }
  return out;
}

/** Holds what it can of `rest` for the open 0.1.0 batches (up to what they undelegated); returns the remainder. */
function hold(state: State, res: Response, rest: Uint128): Uint128 {
  if (rest.isZero() || state.open_batches.length == 0 || state.open_batches[0] > state.last_v010_batch) return rest;
  const room = undelegatedOf(openV010(state)).saturatingSub(state.held);
  const kept = rest.lt(room) ? rest : room;
  if (kept.isZero()) return rest;
  state.held = state.held.add(kept);
  res.addAttribute("held", kept.toString());
  return rest.sub(kept);
}

export function undelegatedOf(batches: Batch[]): Uint128 {
  let total = Uint128.zero();
  for (let i = 0; i < batches.length; i++) total = total.add(batches[i].undelegated);
  return total;
}

/** The batches of one window share `arrived` pro rata to what each undelegated. */
export function settleWindow(state: State, res: Response, window: Batch[], due: Uint128, arrived: Uint128): void {
  let given = Uint128.zero();
  let ids = "";
  for (let i = 0; i < window.length; i++) {
    const b = window[i];
    const last = i == window.length - 1;
    const share = last ? arrived.sub(given) : due.isZero() ? Uint128.zero() : proRata(arrived, b.undelegated, due);
    given = given.add(share);
    b.received = b.liquid.add(share);
    BATCHES.save(Key.u64(b.id), b);
    ids += (i > 0 ? "," : "") + b.id.toString();
  }
  state.claimable = state.claimable.add(arrived);
  state.unbonding = state.unbonding.sub(due);
  res
    .addAttribute("settled", ids)
    .addAttribute("expected", due.toString())
    .addAttribute("arrived", arrived.toString())
    .addAttribute("shortfall", due.sub(arrived).toString());
}

/** The open batches are now `rest` (in submission order): the earliest completion among them. */
export function reopen(state: State, rest: Batch[]): void {
  const open = new Array<u64>();
  let next = new Timestamp(u64.MAX_VALUE);
  for (let i = 0; i < rest.length; i++) {
    open.push(rest[i].id);
    if (rest[i].completion.lt(next)) next = rest[i].completion;
  }
  state.open_batches = open;
  state.next_completion = next;
}

/** Opens a submitted batch once its undelegations' replies told its completion time. */
export function openBatch(state: State, b: Batch): void {
  state.open_batches.push(b.id);
  if (state.open_batches.length == 1 || b.completion.lt(state.next_completion)) state.next_completion = b.completion;
}

/** The earliest of `times` (not empty). */
export function earliest(times: Timestamp[]): Timestamp {
  let t = times[0];
  for (let i = 1; i < times.length; i++) if (times[i].lt(t)) t = times[i];
  return t;
}
