// Where stake goes: deposits split over the validators furthest below their weight, batches
// undelegated pro rata from the validators no redelegation slash can reach them on (receiving.ts),
// rebalancing and removals by redelegation within the chain's entry limits and the transitive
// rule, onto at most half of the open validators at a time. Each function records the stake change in the pool (which also books the rewards the
// chain pays out on every stake change) and queues the message in a `Sends`; `Sends.emit` adds
// them to the response with the replies that record the chain's answers.

import { JsonWriter } from "@persistence-ts/std/json/writer";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Coin } from "@persistence-ts/std/types/coin";
import { CosmosMsg, StakingDelegate, StakingRedelegate, StakingUndelegate } from "@persistence-ts/std/types/cosmos_msg";
import { ReplyOn, Response, SubMsg } from "@persistence-ts/std/types/response";
import { Timestamp } from "@persistence-ts/std/types/timestamp";
import { Delegated, redelegatable } from "./chain";
import { byWeight, min, proRata } from "./math";
import { BalanceCheck, RedelegateReply, RedelegationEntries, UndelegateReply, ValidatorWeight } from "./msg";
import { Pool } from "./pool";
import { isReceiving } from "./receiving";
import { MAX_VALIDATORS, REDELEGATIONS, TOTAL_WEIGHT, pairKey } from "./state";

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
    /** A redelegation's amount. */
    public amount: Uint128 = Uint128.zero(),
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
   * tells the batch or the entry; a redelegation also when the chain refuses it, so that one pair
   * the contract did not know to be full never reverts the call); of the delegations only the last. The last message carries a
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
        else res.addSubMessage(replying(s.msg, REPLY_DELEGATE, jsonOf(check!), ReplyOn.Success));
      } else if (s.kind == Kind.Undelegate) {
        const p = new UndelegateReply();
        p.batch_id = s.batchId;
        p.last = last;
        p.check = check;
        res.addSubMessage(replying(s.msg, REPLY_UNDELEGATE, jsonOf(p), ReplyOn.Success));
      } else {
        const p = new RedelegateReply();
        p.src = s.src;
        p.dst = s.dst;
        p.amount = s.amount;
        p.check = check;
        res.addSubMessage(replying(s.msg, REPLY_REDELEGATE, jsonOf(p), ReplyOn.Always));
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

function replying(msg: CosmosMsg, id: u64, payload: Uint8Array, on: ReplyOn): SubMsg {
  const sub = SubMsg.reply(msg, id, on);
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
  out.list.push(new Send(Kind.Redelegate, new StakingRedelegate(from, to, coin(pool, amount)), Uint128.zero(), 0, from, to, amount));
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
 * Undelegates `amount` (≤ the total delegated) for batch `batchId`. A slash of a redelegation's
 * source takes its due first from our unbonding entries at the destination (receiving.ts), so the
 * batch comes from the validators not receiving our redelegations, pro rata to their delegations,
 * when they hold enough; otherwise it takes all of theirs and the rest pro rata from the receiving
 * ones. Each group's rounding remainder goes to its first delegations that still have room.
 */
export function undelegateBatch(pool: Pool, out: Sends, amount: Uint128, batchId: u64): void {
  const ds = pool.delegations;
  const receiving = new Array<bool>(ds.length);
  const parts = new Array<Uint128>(ds.length);
  let clean = Uint128.zero();
  for (let i = 0; i < ds.length; i++) {
    receiving[i] = isReceiving(pool.state, ds[i].validator, pool.now);
    parts[i] = Uint128.zero();
    if (!receiving[i]) clean = clean.add(ds[i].amount);
  }
  if (amount.le(clean)) shareOut(ds, receiving, false, amount, clean, parts);
  else {
    for (let i = 0; i < ds.length; i++) if (!receiving[i]) parts[i] = ds[i].amount;
    shareOut(ds, receiving, true, amount.sub(clean), pool.delegated.sub(clean), parts);
  }
  for (let i = 0; i < ds.length; i++) {
    if (parts[i].isZero()) continue;
    const validator = ds[i].validator;
    out.list.push(new Send(Kind.Undelegate, new StakingUndelegate(validator, coin(pool, parts[i])), Uint128.zero(), batchId));
    pool.removeDelegation(validator, parts[i]);
  }
}

/** `amount` (≤ `whole`) pro rata over the delegations of one group; the rounding rest to its first with room. */
function shareOut(ds: Delegated[], receiving: bool[], group: bool, amount: Uint128, whole: Uint128, parts: Uint128[]): void {
  let rest = amount;
  for (let i = 0; i < ds.length; i++) {
    if (receiving[i] != group) continue;
    parts[i] = proRata(amount, ds[i].amount, whole);
    rest = rest.sub(parts[i]);
  }
  for (let i = 0; i < ds.length && !rest.isZero(); i++) {
    if (receiving[i] != group) continue;
    const extra = min(rest, ds[i].amount.sub(parts[i]));
    parts[i] = parts[i].add(extra);
    rest = rest.sub(extra);
  }
}

// ---- redelegation entries ---------------------------------------------------------------

/**
 * Our redelegation entries per (source, destination): the chain refuses an 8th while 7 are
 * pending. An entry is gone once its completion is at or before `arrived_until`; one completing
 * later may still be there. A pair the chain refused counts as full until `refused_until`. Moves
 * made in this call count too.
 */
class Entries {
  /** Entries per pair that may be on chain, stored ones read once, plus this call's. */
  private taken: Map<string, i32> = new Map<string, i32>();

  constructor(private readonly doneUntil: Timestamp) {}

  private count(src: string, dst: string): i32 {
    const key = src + "|" + dst;
    if (!this.taken.has(key)) this.taken.set(key, storedEntries(src, dst, this.doneUntil));
    return this.taken.get(key);
  }

  free(src: string, dst: string): i32 {
    return MAX_REDELEGATION_ENTRIES - this.count(src, dst);
  }

  use(src: string, dst: string): void {
    this.taken.set(src + "|" + dst, this.count(src, dst) + 1);
  }
}

/** How many of the pair's entries may still be on chain (7 while a refusal holds). */
function storedEntries(src: string, dst: string, doneUntil: Timestamp): i32 {
  const key = pairKey(src, dst);
  if (!REDELEGATIONS.has(key)) return 0;
  const e = REDELEGATIONS.load(key);
  if (e.refused_until !== null && doneUntil.lt(e.refused_until!)) return MAX_REDELEGATION_ENTRIES;
  return pending(e.completions, doneUntil).length;
}

function pending(completions: Timestamp[], doneUntil: Timestamp): Timestamp[] {
  const kept = new Array<Timestamp>();
  for (let i = 0; i < completions.length; i++) if (!completions[i].le(doneUntil)) kept.push(completions[i]);
  return kept;
}

function loadEntries(src: string, dst: string, doneUntil: Timestamp): RedelegationEntries {
  const key = pairKey(src, dst);
  const e = REDELEGATIONS.has(key) ? REDELEGATIONS.load(key) : new RedelegationEntries();
  e.completions = pending(e.completions, doneUntil);
  if (e.refused_until !== null && !doneUntil.lt(e.refused_until!)) e.refused_until = null;
  return e;
}

/** Records a redelegation entry the chain made (from its reply), forgetting completed ones. */
export function recordRedelegation(src: string, dst: string, completion: Timestamp, doneUntil: Timestamp): void {
  const e = loadEntries(src, dst, doneUntil);
  e.completions.push(completion);
  REDELEGATIONS.save(pairKey(src, dst), e);
}

/** The chain refused a redelegation of the pair: it counts as full until `until`. */
export function refusePair(src: string, dst: string, until: Timestamp, doneUntil: Timestamp): void {
  const e = loadEntries(src, dst, doneUntil);
  if (e.refused_until === null || e.refused_until!.lt(until)) e.refused_until = until;
  REDELEGATIONS.save(pairKey(src, dst), e);
}

// ---- removal and rebalancing ------------------------------------------------------------

/** Target stake of each current delegation and set member: weight × total (0 outside the set). */
class Slot {
  constructor(
    public validator: string,
    public weight: u32,
    public stake: Uint128,
    public target: Uint128,
    /** May receive stake: bonded and weighted. */
    public open: bool,
    /** What may still be redelegated away (null until asked). */
    public movable: Uint128 | null = null,
  ) {}

  /** How far below its target (0 at or above it). */
  shortfall(): Uint128 {
    return this.target.saturatingSub(this.stake);
  }
}

function slots(pool: Pool, set: ValidatorWeight[], withStatus: bool): Slot[] {
  const out = new Array<Slot>();
  for (let i = 0; i < set.length; i++) {
    const v = set[i];
    const open = withStatus && v.weight > 0 && pool.isBonded(v.address);
    out.push(new Slot(v.address, v.weight, pool.delegationTo(v.address), byWeight(pool.delegated, v.weight, TOTAL_WEIGHT), open));
  }
  for (let i = 0; i < pool.delegations.length; i++) {
    const d = pool.delegations[i];
    let member = false;
    for (let j = 0; j < set.length; j++) if (set[j].address == d.validator) member = true;
    if (!member && !d.amount.isZero()) out.push(new Slot(d.validator, 0, d.amount, Uint128.zero(), false));
  }
  return out;
}

/**
 * The validators receiving our redelegations as this call sees them: the stored book (receiving.ts)
 * and this call's moves. At most half of the open validators (rounded down, at least one) receive
 * at a time, so that batches find validators on which no redelegation slash can reach them.
 */
class Receivers {
  /** Received stake in this call: the chain refuses to redelegate it on (transitive redelegation). */
  private thisCall: Set<string> = new Set<string>();
  private count: i32 = 0;
  private cap: i32 = 1;

  constructor(private readonly pool: Pool, s: Slot[]) {
    let open = 0;
    for (let i = 0; i < s.length; i++) {
      if (!s[i].open) continue;
      open++;
      if (this.has(s[i].validator)) this.count++;
    }
    if (open / 2 > 1) this.cap = open / 2;
  }

  has(validator: string): bool {
    return this.thisCall.has(validator) || isReceiving(this.pool.state, validator, this.pool.now);
  }

  receivedInThisCall(validator: string): bool {
    return this.thisCall.has(validator);
  }

  /** Already receiving, or one more may start. */
  mayReceive(x: Slot): bool {
    return this.has(x.validator) || this.count < this.cap;
  }

  add(x: Slot): void {
    if (!this.has(x.validator) && x.open) this.count++;
    this.thisCall.add(x.validator);
  }
}

/** One call's view for moving stake: the slots, the entries per pair and the receivers. */
class Moves {
  readonly s: Slot[];
  readonly entries: Entries;
  readonly receivers: Receivers;

  constructor(readonly pool: Pool, readonly out: Sends, set: ValidatorWeight[]) {
    const s = slots(pool, set, true);
    this.s = s;
    this.entries = new Entries(pool.state.arrived_until);
    this.receivers = new Receivers(pool, s);
  }

  slotOf(validator: string): Slot | null {
    for (let i = 0; i < this.s.length; i++) if (this.s[i].validator == validator) return this.s[i];
    return null;
  }

  move(src: Slot, dst: Slot, amount: Uint128): void {
    redelegate(this.pool, this.out, src.validator, dst.validator, amount);
    this.entries.use(src.validator, dst.validator);
    this.receivers.add(dst);
    src.stake = src.stake.sub(amount);
    if (src.movable !== null) src.movable = src.movable!.sub(amount);
    dst.stake = dst.stake.add(amount);
  }

  /**
   * Moves `amount` out of `src` in at most `maxMoves` redelegations, to open validators with a free
   * entry from it: those already receiving first, then the furthest below target; one not yet
   * receiving is added only while the cap allows, and only until the chosen shortfalls cover the
   * amount. The amount is split by shortfall, the rounding rest to the first. When none may be
   * chosen so, all of it goes to the best destination regardless of the cap: stake that must
   * leave a validator is never held back by it. Returns the number of redelegations (0: no
   * destination with a free entry).
   */
  spread(src: Slot, amount: Uint128, maxMoves: i32): i32 {
    const cands = new Array<Slot>();
    for (let i = 0; i < this.s.length; i++) {
      const x = this.s[i];
      if (x.open && x !== src && this.entries.free(src.validator, x.validator) > 0) cands.push(x);
    }
    const chosen = new Array<Slot>();
    let cover = Uint128.zero();
    while (chosen.length < maxMoves && cover.lt(amount)) {
      const next = this.best(cands, chosen, true);
      if (next === null) break;
      chosen.push(next);
      this.receivers.add(next);
      cover = cover.add(next.shortfall());
    }
    // None may start receiving: the stake still leaves, to the best one (past the cap).
    if (chosen.length == 0) {
      const any = this.best(cands, chosen, false);
      if (any === null) return 0;
      chosen.push(any);
    }
    const parts = new Array<Uint128>(chosen.length);
    let given = Uint128.zero();
    for (let i = 0; i < chosen.length; i++) {
      parts[i] = cover.isZero() ? Uint128.zero() : proRata(amount, chosen[i].shortfall(), cover);
      given = given.add(parts[i]);
    }
    parts[0] = parts[0].add(amount.sub(given));
    let moves = 0;
    for (let i = 0; i < chosen.length; i++) {
      if (parts[i].isZero()) continue;
      this.move(src, chosen[i], parts[i]);
      moves++;
    }
    return moves;
  }

  /**
   * The next destination among `cands` not yet chosen: already receiving before not, then the
   * largest shortfall, then the heaviest. `withinCap`: only one below its target that may receive.
   */
  private best(cands: Slot[], chosen: Slot[], withinCap: bool): Slot | null {
    let best: Slot | null = null;
    for (let i = 0; i < cands.length; i++) {
      const x = cands[i];
      if (chosen.includes(x) || (withinCap && (!this.receivers.mayReceive(x) || x.shortfall().isZero()))) continue;
      if (best === null || before(x, best, this.receivers)) best = x;
    }
    return best;
  }
}

function before(a: Slot, b: Slot, r: Receivers): bool {
  const ra = r.has(a.validator);
  if (ra != r.has(b.validator)) return ra;
  const c = a.shortfall().cmp(b.shortfall());
  return c != 0 ? c > 0 : a.weight > b.weight;
}

/**
 * Redelegates what may move of `from`'s stake (a removed validator) to the open validators of `set`
 * (spread as Moves.spread does). Returns the amount moved; what cannot move now (received by
 * redelegation less than an unbonding period ago, or no destination with a free entry) stays for
 * rebalance.
 */
export function redelegateAway(pool: Pool, out: Sends, from: string, set: ValidatorWeight[]): Uint128 {
  const movable = min(redelegatable(pool.contract, from), pool.delegationTo(from));
  if (movable.isZero()) return movable;
  const m = new Moves(pool, out, set);
  const src = m.slotOf(from)!;
  return m.spread(src, movable, MAX_VALIDATORS) == 0 ? Uint128.zero() : movable;
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
 * Up to MAX_REDELEGATIONS redelegations, each round from the slot most over its target that may
 * still redelegate (not one that received stake in this call: the chain refuses a transitive
 * redelegation). A slot that should hold nothing gives all it may, spread over the open validators
 * by shortfall (Moves.spread); any other gives to the open slot most under its target with a free
 * entry from it that may receive. Moves under 0.1% of the total are not worth a message, except
 * out of a removed or zero-weight validator. A pair whose 7 entries are taken is skipped: its move
 * waits for an entry to complete. Returns how many were made.
 */
export function rebalance(pool: Pool, out: Sends, set: ValidatorWeight[]): i32 {
  const m = new Moves(pool, out, set);
  const dust = pool.delegated.multiplyRatio(Uint128.fromU64(1), Uint128.fromU64(1000));
  const blocked = new Set<string>();
  let moves = 0;
  while (moves < MAX_REDELEGATIONS) {
    const src = mostOver(pool, m, blocked);
    if (src === null) break;
    if (src.target.isZero()) {
      // All it may, even past the others' targets (they round down: a few uxprt would otherwise stay).
      const made = m.spread(src, min(src.stake, src.movable!), MAX_REDELEGATIONS - moves);
      if (made == 0) blocked.add(src.validator);
      moves += made;
      continue;
    }
    const dst = mostUnder(m, src.validator);
    if (dst === null) {
      blocked.add(src.validator); // no destination with a free entry: try the next source
      continue;
    }
    const amount = min(min(src.stake.sub(src.target), dst.target.sub(dst.stake)), src.movable!);
    // Dust stays where it is.
    if (amount.isZero() || amount.le(dust)) break;
    m.move(src, dst, amount);
    moves++;
  }
  return moves;
}

/** The slot most over its target among those that may still redelegate (asked lazily). */
function mostOver(pool: Pool, m: Moves, blocked: Set<string>): Slot | null {
  const s = m.s;
  for (let tries = 0; tries < s.length; tries++) {
    let best: Slot | null = null;
    for (let i = 0; i < s.length; i++) {
      const x = s[i];
      if (x.stake.le(x.target) || blocked.has(x.validator) || m.receivers.receivedInThisCall(x.validator)) continue;
      if (x.movable !== null && x.movable!.isZero()) continue;
      if (best === null || x.stake.sub(x.target).gt(best.stake.sub(best.target))) best = x;
    }
    if (best === null) return null;
    if (best.movable === null) best.movable = redelegatable(pool.contract, best.validator);
    if (!best.movable!.isZero()) return best;
  }
  return null;
}

/** The open slot furthest below its target that has a free entry from `src` and may receive. */
function mostUnder(m: Moves, src: string): Slot | null {
  let best: Slot | null = null;
  for (let i = 0; i < m.s.length; i++) {
    const x = m.s[i];
    if (!x.open || x.validator == src || x.stake.ge(x.target) || m.entries.free(src, x.validator) <= 0 || !m.receivers.mayReceive(x)) continue;
    if (best === null || x.shortfall().gt(best.shortfall())) best = x;
  }
  return best;
}
