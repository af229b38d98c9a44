// Where stake goes: deposits split over the validators furthest below their weight, unbonding
// pro rata to the delegations, rebalancing and removals by redelegation within the chain's entry
// limits. Each function records the stake change in the pool (which also books the rewards the
// chain pays out on every stake change) and queues the message in a `Sends`; `Sends.emit` adds
// them to the response with the replies that record the chain's answers.

import { JsonWriter } from "../../../std/json/writer";
import { Uint128 } from "../../../std/math/uint128";
import { Coin } from "../../../std/types/coin";
import { CosmosMsg, StakingDelegate, StakingRedelegate, StakingUndelegate } from "../../../std/types/cosmos_msg";
import { ReplyOn, Response, SubMsg } from "../../../std/types/response";
import { Timestamp } from "../../../std/types/timestamp";
import { redelegatable } from "./chain";
import { byWeight, min, proRata } from "./math";
import { BalanceCheck, RedelegateReply, RedelegationEntries, UndelegateReply, ValidatorWeight } from "./msg";
import { Pool } from "./pool";
import { REDELEGATIONS, TOTAL_WEIGHT, pairKey } from "./state";

/** At most this many redelegations per rebalance call. */
export const MAX_REDELEGATIONS: i32 = 5;
/** A deposit (or a reinvestment) is split over at most this many validators. */
export const MAX_DEPOSIT_SPLIT: i32 = 3;
/** How far past its target (basis points of the total) a deposit may take one validator: 1%, a fifth of rebalance's 5%. */
export const DEPOSIT_SLACK_BPS: u64 = 100;
/** The chain keeps at most 7 redelegation entries per (delegator, source, destination). */
export const MAX_REDELEGATION_ENTRIES: i32 = 7;

export const REPLY_UNDELEGATE: u64 = 2;
export const REPLY_REDELEGATE: u64 = 3;
export const REPLY_DELEGATE: u64 = 4;

enum Kind {
  Delegate,
  Undelegate,
  Redelegate,
}

class Send {
  constructor(
    public kind: Kind,
    public msg: CosmosMsg,
    /** Native the message takes out of the bank balance (a delegation's amount). */
    public outflow: Uint128,
    public batchId: u64 = 0,
    public src: string = "",
    public dst: string = "",
  ) {}
}

/** The staking messages of one call, in order. */
export class Sends {
  list: Send[] = [];

  isEmpty(): bool {
    return this.list.length == 0;
  }

  /**
   * Adds the messages to `res`. Every undelegation and redelegation replies (the chain's response
   * tells the batch or the entry); of the delegations only the last. The last message carries a
   * BalanceCheck so its reply books the rewards the chain's hooks paid for all of them.
   * `balance`: the bank balance now, before any of them runs.
   */
  emit(pool: Pool, res: Response, balance: Uint128): void {
    let outflow = Uint128.zero();
    for (let i = 0; i < this.list.length; i++) outflow = outflow.add(this.list[i].outflow);
    for (let i = 0; i < this.list.length; i++) {
      const s = this.list[i];
      const last = i == this.list.length - 1;
      const check: BalanceCheck | null = last ? balanceCheck(balance, outflow, pool.hookRewards) : null;
      if (s.kind == Kind.Delegate) {
        if (!last) res.addMessage(s.msg);
        else res.addSubMessage(replying(s.msg, REPLY_DELEGATE, jsonOf(check!)));
      } else if (s.kind == Kind.Undelegate) {
        const p = new UndelegateReply();
        p.batch_id = s.batchId;
        p.last = last;
        p.check = check;
        res.addSubMessage(replying(s.msg, REPLY_UNDELEGATE, jsonOf(p)));
      } else {
        const p = new RedelegateReply();
        p.src = s.src;
        p.dst = s.dst;
        p.check = check;
        res.addSubMessage(replying(s.msg, REPLY_REDELEGATE, jsonOf(p)));
      }
    }
  }
}

function balanceCheck(before: Uint128, outflow: Uint128, booked: Uint128): BalanceCheck {
  const c = new BalanceCheck();
  c.before = before;
  c.outflow = outflow;
  c.booked = booked;
  return c;
}

function jsonOf<T>(v: T): Uint8Array {
  const w = new JsonWriter();
  v.write(w);
  return w.toBytes();
}

function replying(msg: CosmosMsg, id: u64, payload: Uint8Array): SubMsg {
  const sub = SubMsg.reply(msg, id, ReplyOn.Success);
  sub.payload = payload;
  return sub;
}

function coin(pool: Pool, amount: Uint128): Coin {
  return new Coin(pool.config.bond_denom, amount);
}

function delegate(pool: Pool, out: Sends, validator: string, amount: Uint128): void {
  if (amount.isZero()) return;
  out.list.push(new Send(Kind.Delegate, new StakingDelegate(validator, coin(pool, amount)), amount));
  pool.addDelegation(validator, amount);
}

function redelegate(pool: Pool, out: Sends, from: string, to: string, amount: Uint128): void {
  out.list.push(new Send(Kind.Redelegate, new StakingRedelegate(from, to, coin(pool, amount)), Uint128.zero(), 0, from, to));
  pool.removeDelegation(from, amount);
  pool.addDelegation(to, amount);
}

// ---- deposits ---------------------------------------------------------------------------

class Target {
  constructor(public validator: string, public weight: u32, public deficit: Uint128) {}
}

/**
 * Places `amount` on at most MAX_DEPOSIT_SPLIT bonded validators of the set: those furthest below
 * their target once the amount is added (weight × total / 10000), largest shortfall first, each
 * taking up to its shortfall plus DEPOSIT_SLACK_BPS of the total (so a small deposit is one
 * message); what is left after the three is spread over them by weight. No validator passes its
 * target by more than the slack unless the deposit exceeds what the three may take, and then each by
 * at most its weight's part of the rest. Returns false (and places nothing) when no weighted
 * validator of the set is bonded.
 */
export function delegateDeposit(pool: Pool, out: Sends, set: ValidatorWeight[], amount: Uint128): bool {
  const total = pool.delegated.add(amount);
  const slack = total.multiplyRatio(Uint128.fromU64(DEPOSIT_SLACK_BPS), Uint128.fromU64(TOTAL_WEIGHT));
  const targets = new Array<Target>();
  for (let i = 0; i < set.length; i++) {
    if (set[i].weight == 0 || !pool.isBonded(set[i].address)) continue;
    const deficit = byWeight(total, set[i].weight, TOTAL_WEIGHT).saturatingSub(pool.delegationTo(set[i].address));
    targets.push(new Target(set[i].address, set[i].weight, deficit));
  }
  if (targets.length == 0) return false;
  targets.sort((a: Target, b: Target): i32 => {
    const byDeficit = b.deficit.cmp(a.deficit);
    return byDeficit != 0 ? byDeficit : <i32>b.weight - <i32>a.weight;
  });
  const chosen = targets.length > MAX_DEPOSIT_SPLIT ? targets.slice(0, MAX_DEPOSIT_SPLIT) : targets;
  const parts = new Array<Uint128>(chosen.length);
  let rest = amount;
  let weights: u64 = 0;
  for (let i = 0; i < chosen.length; i++) {
    parts[i] = min(chosen[i].deficit.add(slack), rest);
    rest = rest.sub(parts[i]);
    weights += <u64>chosen[i].weight;
  }
  if (!rest.isZero()) {
    let spread = Uint128.zero();
    for (let i = 1; i < chosen.length; i++) {
      const extra = byWeight(rest, chosen[i].weight, weights);
      parts[i] = parts[i].add(extra);
      spread = spread.add(extra);
    }
    parts[0] = parts[0].add(rest.sub(spread));
  }
  for (let i = 0; i < chosen.length; i++) delegate(pool, out, chosen[i].validator, parts[i]);
  return true;
}

// ---- unbonding --------------------------------------------------------------------------

/**
 * Undelegates `amount` (≤ the total delegated) pro rata to the delegations for batch `batchId`;
 * the rounding remainder is taken from the first delegations that still have room.
 */
export function undelegateProRata(pool: Pool, out: Sends, amount: Uint128, batchId: u64): void {
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
    out.list.push(new Send(Kind.Undelegate, new StakingUndelegate(validator, coin(pool, parts[i])), Uint128.zero(), batchId));
    pool.removeDelegation(validator, parts[i]);
  }
}

// ---- redelegation entries ---------------------------------------------------------------

/**
 * Our redelegation entries per (source, destination): the chain refuses an 8th while 7 are
 * pending. An entry is gone once its completion is at or before `arrived_until`; one completing
 * later may still be there. Moves made in this call count too.
 */
class Entries {
  /** Entries per pair that may be on chain, stored ones read once, plus this call's. */
  private taken: Map<string, i32> = new Map<string, i32>();

  constructor(private readonly doneUntil: Timestamp) {}

  private count(src: string, dst: string): i32 {
    const key = src + "|" + dst;
    if (!this.taken.has(key)) this.taken.set(key, pendingEntries(src, dst, this.doneUntil).length);
    return this.taken.get(key);
  }

  free(src: string, dst: string): i32 {
    return MAX_REDELEGATION_ENTRIES - this.count(src, dst);
  }

  use(src: string, dst: string): void {
    this.taken.set(src + "|" + dst, this.count(src, dst) + 1);
  }
}

/** Completion times of our entries for the pair that may still be on chain. */
function pendingEntries(src: string, dst: string, doneUntil: Timestamp): Timestamp[] {
  const key = pairKey(src, dst);
  const kept = new Array<Timestamp>();
  if (!REDELEGATIONS.has(key)) return kept;
  const stored = REDELEGATIONS.load(key).completions;
  for (let i = 0; i < stored.length; i++) if (!stored[i].le(doneUntil)) kept.push(stored[i]);
  return kept;
}

/** Records a redelegation entry the chain made (from its reply), forgetting completed ones. */
export function recordRedelegation(src: string, dst: string, completion: Timestamp, doneUntil: Timestamp): void {
  const entries = new RedelegationEntries();
  entries.completions = pendingEntries(src, dst, doneUntil);
  entries.completions.push(completion);
  REDELEGATIONS.save(pairKey(src, dst), entries);
}

// ---- removal and rebalancing ------------------------------------------------------------

/**
 * Redelegates what may move of `from`'s stake to the bonded, weighted validators of `set` that
 * still have a free redelegation entry from it, by weight (the rounding rest to the heaviest).
 * Returns the amount moved; what cannot move now (received by redelegation less than an
 * unbonding period ago, or no destination with a free entry) stays for rebalance.
 */
export function redelegateAway(pool: Pool, out: Sends, from: string, set: ValidatorWeight[]): Uint128 {
  const movable = min(redelegatable(pool.contract, from), pool.delegationTo(from));
  if (movable.isZero()) return movable;
  const entries = new Entries(pool.state.arrived_until);
  const to = new Array<ValidatorWeight>();
  let weights: u64 = 0;
  for (let i = 0; i < set.length; i++) {
    const v = set[i];
    if (v.weight == 0 || v.address == from || !pool.isBonded(v.address) || entries.free(from, v.address) <= 0) continue;
    to.push(v);
    weights += <u64>v.weight;
  }
  if (to.length == 0) return Uint128.zero();
  let heaviest = 0;
  for (let i = 1; i < to.length; i++) if (to[i].weight > to[heaviest].weight) heaviest = i;
  let moved = Uint128.zero();
  for (let i = 0; i < to.length; i++) {
    const part = byWeight(movable, to[i].weight, weights);
    if (part.isZero() || i == heaviest) continue;
    redelegate(pool, out, from, to[i].address, part);
    moved = moved.add(part);
  }
  redelegate(pool, out, from, to[heaviest].address, movable.sub(moved));
  return movable;
}

/** Target stake of each current delegation and set member: weight × total (0 outside the set). */
class Slot {
  constructor(
    public validator: string,
    public stake: Uint128,
    public target: Uint128,
    /** May receive stake: bonded and weighted. */
    public open: bool,
    /** What may still be redelegated away (null until asked). */
    public movable: Uint128 | null = null,
  ) {}
}

function slots(pool: Pool, set: ValidatorWeight[], withStatus: bool): Slot[] {
  const out = new Array<Slot>();
  for (let i = 0; i < set.length; i++) {
    const v = set[i];
    const open = withStatus && v.weight > 0 && pool.isBonded(v.address);
    out.push(new Slot(v.address, pool.delegationTo(v.address), byWeight(pool.delegated, v.weight, TOTAL_WEIGHT), open));
  }
  for (let i = 0; i < pool.delegations.length; i++) {
    const d = pool.delegations[i];
    let member = false;
    for (let j = 0; j < set.length; j++) if (set[j].address == d.validator) member = true;
    if (!member && !d.amount.isZero()) out.push(new Slot(d.validator, d.amount, Uint128.zero(), false));
  }
  return out;
}

/** Anyone may rebalance once stake sits outside the set or a validator is 5% of the total over its target. */
export function rebalanceDue(pool: Pool, set: ValidatorWeight[]): bool {
  const s = slots(pool, set, false);
  const drift = pool.delegated.multiplyRatio(Uint128.fromU64(1), Uint128.fromU64(20));
  for (let i = 0; i < s.length; i++) {
    const over = s[i].stake.saturatingSub(s[i].target);
    if (over.gt(drift) || (s[i].target.isZero() && !s[i].stake.isZero())) return true;
  }
  return false;
}

/**
 * Up to MAX_REDELEGATIONS moves, each from the slot most over its target (that may still
 * redelegate) to the bonded, weighted slot most under it with a free entry from that source;
 * moves under 0.1% of the total are not worth a message, except out of a removed or zero-weight
 * validator. A pair whose 7 entries are taken is skipped: its move waits for an entry to complete.
 * Returns how many were made.
 */
export function rebalance(pool: Pool, out: Sends, set: ValidatorWeight[]): i32 {
  const s = slots(pool, set, true);
  const dust = pool.delegated.multiplyRatio(Uint128.fromU64(1), Uint128.fromU64(1000));
  const entries = new Entries(pool.state.arrived_until);
  const blocked = new Set<string>();
  let moves = 0;
  while (moves < MAX_REDELEGATIONS) {
    const src = mostOver(pool, s, blocked);
    if (src === null) break;
    // A validator that should hold nothing gives all it may, even past the others' targets
    // (their targets round down: a few uxprt would otherwise stay on it for ever).
    const emptying = src.target.isZero();
    const dst = mostUnder(s, src.validator, entries, emptying);
    if (dst === null) {
      blocked.add(src.validator); // no destination with a free entry: try the next source
      continue;
    }
    const room = emptying ? src.stake : min(src.stake.sub(src.target), dst.target.sub(dst.stake));
    const amount = min(room, src.movable!);
    // Dust stays where it is, unless it must leave a validator that should hold nothing.
    if (amount.isZero() || (amount.le(dust) && !src.target.isZero())) break;
    redelegate(pool, out, src.validator, dst.validator, amount);
    entries.use(src.validator, dst.validator);
    src.stake = src.stake.sub(amount);
    src.movable = src.movable!.sub(amount);
    dst.stake = dst.stake.add(amount);
    moves++;
  }
  return moves;
}

/** The slot most over its target among those that may still redelegate (asked lazily). */
function mostOver(pool: Pool, s: Slot[], blocked: Set<string>): Slot | null {
  for (let tries = 0; tries < s.length; tries++) {
    let best: Slot | null = null;
    for (let i = 0; i < s.length; i++) {
      const x = s[i];
      if (x.stake.le(x.target) || blocked.has(x.validator) || (x.movable !== null && x.movable!.isZero())) continue;
      if (best === null || x.stake.sub(x.target).gt(best.stake.sub(best.target))) best = x;
    }
    if (best === null) return null;
    if (best.movable === null) best.movable = redelegatable(pool.contract, best.validator);
    if (!best.movable!.isZero()) return best;
  }
  return null;
}

/** The open slot furthest below its target (with `anyOpen`, the least above it) that has a free entry from `src`. */
function mostUnder(s: Slot[], src: string, entries: Entries, anyOpen: bool): Slot | null {
  let best: Slot | null = null;
  for (let i = 0; i < s.length; i++) {
    const x = s[i];
    if (!x.open || x.validator == src || (!anyOpen && x.stake.ge(x.target)) || entries.free(src, x.validator) <= 0) continue;
    if (best === null || below(x, best)) best = x;
  }
  return best;
}

/** Whether `a` is further below its target than `b` (target − stake, compared without going negative). */
function below(a: Slot, b: Slot): bool {
  // a.target − a.stake > b.target − b.stake  ⇔  a.target + b.stake > b.target + a.stake
  return a.target.add(b.stake).gt(b.target.add(a.stake));
}
