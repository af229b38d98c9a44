// Administration: parameters within bounds — those that hit existing positions only through a
// timelock — accepted collections and the lender allowlist, the pause switch, and sending the
// reserve fees to the fee collector.

import { fail, failed } from "@persistence-ts/std/error";
import { JsonWriter } from "@persistence-ts/std/json/writer";
import { Decimal } from "@persistence-ts/std/math/decimal";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { OwnershipAction, OwnershipActionKind, assertOwner, getOwnership } from "@persistence-ts/std/ownership";
import { Key } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { Env } from "@persistence-ts/std/types/env";
import { Response } from "@persistence-ts/std/types/response";
import { Timestamp } from "@persistence-ts/std/types/timestamp";
import { Opt } from "@persistence-ts/std/types/wire";
import { payout } from "./currency";
import { Config, ConfigUpdate, PendingConfig, PoolState } from "./msg";
import { refundDeposits } from "./lenders";
import { leaveGrandfathered } from "./pool";
import { MAX_LIST_UPDATE, assertManager, isManager, validChange, validConfig } from "./rules";
import { ALLOWLIST, CONFIG, PENDING_CONFIG, POOL } from "./state";
import * as ContractError from "./error";

/**
 * The owner changes parameters. manager, fee_collector, advance_rate (new loans only),
 * grace_period, public_default_delay, allowlist_enabled and a tightening of the write-off policy
 * (a shorter grace or period: it only marks late loans down sooner, like a write-down) change at
 * once. senior_apr, min_junior_ratio, reserve_fee_bps, epoch_seconds, a loosening of the policy
 * and the timelock itself are scheduled: they take effect at the first epoch close at or after
 * now + timelock_seconds (≥ one epoch), after that close has executed its orders under the old
 * values, so every lender can order its exit before — and the orders it places meanwhile keep
 * the old terms (loans drawn before keep their senior APR and reserve fee; junior redemption
 * orders placed before keep the old junior ratio). Every step is bounded, and the terms never
 * leave the limits fixed at instantiation. One change is scheduled at a time; a new one replaces it.
 */
export function updateConfig(env: Env, sender: Addr, c: Config, u: ConfigUpdate): Response {
  const res = new Response().addAttribute("action", "update_config");
  if (!assertOwner(sender)) return res;
  if (u.manager !== null) c.manager = Addr.validate(u.manager!);
  if (u.fee_collector !== null) c.fee_collector = Addr.validate(u.fee_collector!);
  if (u.advance_rate !== null) c.advance_rate = u.advance_rate!;
  if (u.grace_period !== null) c.grace_period = u.grace_period!.value;
  if (u.public_default_delay !== null) c.public_default_delay = u.public_default_delay!.value;
  if (u.allowlist_enabled !== null) c.allowlist_enabled = u.allowlist_enabled!.value;
  const graceCut = u.writeoff_grace !== null && u.writeoff_grace!.value <= c.writeoff_grace;
  const periodCut = u.writeoff_period !== null && u.writeoff_period!.value <= c.writeoff_period;
  const tightened = graceCut || periodCut;
  if (graceCut) c.writeoff_grace = takeValue(u.writeoff_grace);
  if (periodCut) c.writeoff_period = takeValue(u.writeoff_period);
  if (graceCut) u.writeoff_grace = null;
  if (periodCut) u.writeoff_period = null;
  if (failed() || !validConfig(c)) return res;
  if (tightened) res.addAttribute("policy_tightened", "true");
  const pending = scheduled(u, env.block.time, c);
  if (pending !== null) {
    const next = withChange(copyOf(c), pending);
    if (!validConfig(next) || !validChange(c, next)) return res;
    PENDING_CONFIG.save(pending);
    res.addAttribute("scheduled", "true").addAttribute("effective_after", pending.effective_after.nanos.toString());
  } else if (tightened) dropPendingPolicy(graceCut, periodCut);
  CONFIG.save(c);
  return res;
}

function takeValue(x: Opt<u64> | null): u64 {
  return x === null ? 0 : x.value;
}

/** A scheduled loosening of a policy field just tightened would be a step from its old value: it is dropped. */
function dropPendingPolicy(grace: bool, period: bool): void {
  if (!PENDING_CONFIG.exists()) return;
  const pc = PENDING_CONFIG.load();
  if (grace) pc.writeoff_grace = null;
  if (period) pc.writeoff_period = null;
  if (pc.senior_apr === null && pc.min_junior_ratio === null && pc.reserve_fee_bps === null && pc.epoch_seconds === null && pc.writeoff_grace === null && pc.writeoff_period === null && pc.timelock_seconds === null) PENDING_CONFIG.remove();
  else PENDING_CONFIG.save(pc);
}

/** The timelocked fields of an update, as a scheduled change (null when there are none). */
function scheduled(u: ConfigUpdate, now: Timestamp, c: Config): PendingConfig | null {
  if (u.senior_apr === null && u.min_junior_ratio === null && u.reserve_fee_bps === null && u.epoch_seconds === null && u.writeoff_grace === null && u.writeoff_period === null && u.timelock_seconds === null) return null;
  const pc = new PendingConfig();
  pc.senior_apr = u.senior_apr;
  pc.min_junior_ratio = u.min_junior_ratio;
  pc.reserve_fee_bps = u.reserve_fee_bps;
  pc.epoch_seconds = u.epoch_seconds;
  pc.writeoff_grace = u.writeoff_grace;
  pc.writeoff_period = u.writeoff_period;
  pc.timelock_seconds = u.timelock_seconds;
  pc.proposed_at = now;
  pc.effective_after = now.plusSeconds(c.timelock_seconds);
  return pc;
}

function copyOf(c: Config): Config {
  const w = new JsonWriter();
  c.write(w);
  return Config.decode(w.toBytes());
}

/** `c` with the scheduled values in place. */
function withChange(c: Config, pc: PendingConfig): Config {
  if (pc.senior_apr !== null) c.senior_apr = pc.senior_apr!;
  if (pc.min_junior_ratio !== null) c.min_junior_ratio = pc.min_junior_ratio!;
  if (pc.reserve_fee_bps !== null) c.reserve_fee_bps = pc.reserve_fee_bps!.value;
  if (pc.epoch_seconds !== null) c.epoch_seconds = pc.epoch_seconds!.value;
  if (pc.writeoff_grace !== null) c.writeoff_grace = pc.writeoff_grace!.value;
  if (pc.writeoff_period !== null) c.writeoff_period = pc.writeoff_period!.value;
  if (pc.timelock_seconds !== null) c.timelock_seconds = pc.timelock_seconds!.value;
  return c;
}

/**
 * At an epoch close (after its orders are executed): the scheduled change takes effect once due.
 * The junior redemption orders placed before it (ids below `below`) keep executing under the
 * old min_junior_ratio if it rises (the lowest, if earlier increases still hold some back).
 */
export function applyDueConfig(c: Config, p: PoolState, now: Timestamp, below: u64): void {
  if (!PENDING_CONFIG.exists()) return;
  const pc = PENDING_CONFIG.load();
  if (now.lt(pc.effective_after)) return;
  if (pc.min_junior_ratio !== null) grandfather(p, c.min_junior_ratio, pc.min_junior_ratio!, below);
  withChange(c, pc);
  CONFIG.save(c);
  PENDING_CONFIG.remove();
}

function grandfather(p: PoolState, old: Decimal, next: Decimal, below: u64): void {
  if (next.gt(old)) {
    if (p.junior_queued.isZero()) return;
    if (p.junior_queued_grandfathered.isZero()) p.grandfathered_ratio = old;
    p.grandfathered_below = below;
    p.junior_queued_grandfathered = p.junior_queued;
  } else if (next.le(p.grandfathered_ratio)) leaveGrandfathered(p, p.junior_queued_grandfathered);
}

/** The owner withdraws the scheduled change. */
export function cancelConfigChange(sender: Addr): Response {
  const res = new Response();
  if (!assertOwner(sender)) return res;
  if (!PENDING_CONFIG.exists()) {
    fail(ContractError.noConfigChange());
    return res;
  }
  PENDING_CONFIG.remove();
  return res.addAttribute("action", "cancel_config_change");
}

/** Adds and removes accepted NFT collections (owner). Loans already made keep their collateral. */
export function updateCollections(sender: Addr, c: Config, add: string[], remove: string[]): Response {
  const res = new Response().addAttribute("action", "update_collections");
  if (!assertOwner(sender)) return res;
  for (let i = 0; i < add.length && !failed(); i++) {
    const a = Addr.validate(add[i]);
    if (!failed() && indexOf(c.collections, a) < 0) c.collections.push(a);
  }
  for (let i = 0; i < remove.length && !failed(); i++) {
    const k = indexOf(c.collections, Addr.validate(remove[i]));
    if (k < 0) fail(ContractError.notInCollections(remove[i]));
    else c.collections.splice(k, 1);
  }
  if (failed() || !validConfig(c)) return res;
  CONFIG.save(c);
  return res.addAttribute("collections", c.collections.length.toString());
}

export function indexOf(list: Addr[], a: Addr): i32 {
  for (let i = 0; i < list.length; i++) if (list[i].equals(a)) return i;
  return -1;
}

/** The manager adds and removes allowlisted lenders, at most 100 per message. */
export function updateAllowlist(sender: Addr, c: Config, add: string[], remove: string[]): Response {
  const res = new Response();
  if (!assertManager(c, sender, "manage the allowlist")) return res;
  if (add.length + remove.length > MAX_LIST_UPDATE) {
    fail(ContractError.tooManyAddresses(MAX_LIST_UPDATE.toString()));
    return res;
  }
  for (let i = 0; i < add.length && !failed(); i++) ALLOWLIST.save(Key.addr(Addr.validate(add[i])), true);
  // Removed lenders' open deposit orders are refunded (owed to them) while the allowlist is on;
  // an address that was never listed may be named too (the allowlist switched on after its order).
  const p = c.allowlist_enabled && remove.length > 0 ? POOL.load() : null;
  for (let i = 0; i < remove.length && !failed(); i++) {
    const a = Addr.validate(remove[i]);
    if (failed()) break;
    ALLOWLIST.remove(Key.addr(a));
    if (p !== null) refundDeposits(p, a, res);
  }
  if (failed()) return res;
  if (p !== null) POOL.save(p);
  return res
    .addAttribute("action", "update_allowlist")
    .addAttribute("added", add.length.toString())
    .addAttribute("removed", remove.length.toString());
}

/**
 * Owner or manager may pause (an emergency brake); only the owner resumes. A pause must never
 * outlive the owner: nobody may pause a pool whose ownership was renounced, and the owner may
 * not renounce while it is paused (see assertMayRenounce).
 */
export function setPaused(sender: Addr, c: Config, paused: bool): Response {
  const res = new Response();
  if (paused && getOwnership().owner === null) {
    fail(ContractError.pauseWithoutOwner());
    return res;
  }
  if (!(paused && isManager(c, sender)) && !assertOwner(sender)) return res;
  c.paused = paused;
  CONFIG.save(c);
  return res.addAttribute("action", "set_paused").addAttribute("paused", paused ? "true" : "false").addAttribute("sender", sender.toString());
}

/** Renouncing ownership while paused would leave the pool paused for good. */
export function assertMayRenounce(c: Config, action: OwnershipAction): bool {
  if (action.kind != OwnershipActionKind.Renounce || !c.paused) return true;
  fail(ContractError.renounceWhilePaused());
  return false;
}

/** Sends the reserve fees owed to the fee collector; anyone may trigger it. */
export function collectFees(c: Config): Response {
  const res = new Response();
  const p = POOL.load();
  const fees = p.fees_owed;
  if (fees.isZero()) {
    fail(ContractError.noFees());
    return res;
  }
  p.fees_owed = Uint128.zero();
  POOL.save(p);
  return res
    .addMessage(payout(c, c.fee_collector, fees))
    .addAttribute("action", "collect_fees")
    .addAttribute("fee_collector", c.fee_collector.toString())
    .addAttribute("amount", fees.toString());
}
