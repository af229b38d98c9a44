// Administration: parameters within bounds, accepted collections and the lender allowlist,
// the pause switch, and sending the reserve fees to the fee collector.

import { fail, failed } from "../../../std/error";
import { Uint128 } from "../../../std/math/uint128";
import { Key } from "../../../std/storage/key";
import { Addr } from "../../../std/types/addr";
import { Env } from "../../../std/types/env";
import { Response } from "../../../std/types/response";
import { payout } from "./currency";
import { Config, ConfigUpdate } from "./msg";
import { poolAt } from "./pool";
import { MAX_LIST_UPDATE, assertManager, assertOwnerOf, isManager, validConfig } from "./rules";
import { ALLOWLIST, CONFIG, POOL } from "./state";

/** The owner changes parameters; the senior target accrues at the old APR up to now first. */
export function updateConfig(env: Env, sender: Addr, c: Config, u: ConfigUpdate): Response {
  const res = new Response().addAttribute("action", "update_config");
  if (!assertOwnerOf(sender)) return res;
  const p = poolAt(c, env.block.time);
  if (u.manager !== null) c.manager = Addr.validate(u.manager!);
  if (u.fee_collector !== null) c.fee_collector = Addr.validate(u.fee_collector!);
  if (u.senior_apr !== null) c.senior_apr = u.senior_apr!;
  if (u.min_junior_ratio !== null) c.min_junior_ratio = u.min_junior_ratio!;
  if (u.advance_rate !== null) c.advance_rate = u.advance_rate!;
  if (u.grace_period !== null) c.grace_period = u.grace_period!.value;
  if (u.public_default_delay !== null) c.public_default_delay = u.public_default_delay!.value;
  if (u.reserve_fee_bps !== null) c.reserve_fee_bps = u.reserve_fee_bps!.value;
  if (u.epoch_seconds !== null) c.epoch_seconds = u.epoch_seconds!.value;
  if (u.allowlist_enabled !== null) c.allowlist_enabled = u.allowlist_enabled!.value;
  if (failed() || !validConfig(c)) return res;
  CONFIG.save(c);
  POOL.save(p);
  return res;
}

/** Adds and removes accepted NFT collections (owner). Loans already made keep their collateral. */
export function updateCollections(sender: Addr, c: Config, add: string[], remove: string[]): Response {
  const res = new Response().addAttribute("action", "update_collections");
  if (!assertOwnerOf(sender)) return res;
  for (let i = 0; i < add.length && !failed(); i++) {
    const a = Addr.validate(add[i]);
    if (!failed() && indexOf(c.collections, a) < 0) c.collections.push(a);
  }
  for (let i = 0; i < remove.length && !failed(); i++) {
    const k = indexOf(c.collections, Addr.validate(remove[i]));
    if (k < 0) fail("Not an accepted collection: " + remove[i]);
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
    fail("Too many addresses: at most " + MAX_LIST_UPDATE.toString() + " per message");
    return res;
  }
  for (let i = 0; i < add.length && !failed(); i++) ALLOWLIST.save(Key.addr(Addr.validate(add[i])), true);
  for (let i = 0; i < remove.length && !failed(); i++) ALLOWLIST.remove(Key.addr(Addr.validate(remove[i])));
  return res
    .addAttribute("action", "update_allowlist")
    .addAttribute("added", add.length.toString())
    .addAttribute("removed", remove.length.toString());
}

/** Owner or manager may pause (an emergency brake); only the owner resumes. */
export function setPaused(sender: Addr, c: Config, paused: bool): Response {
  const res = new Response();
  if (!(paused && isManager(c, sender)) && !assertOwnerOf(sender)) return res;
  c.paused = paused;
  CONFIG.save(c);
  return res.addAttribute("action", "set_paused").addAttribute("paused", paused ? "true" : "false").addAttribute("sender", sender.toString());
}

/** Sends the reserve fees owed to the fee collector; anyone may trigger it. */
export function collectFees(c: Config): Response {
  const res = new Response();
  const p = POOL.load();
  const fees = p.fees_owed;
  if (fees.isZero()) {
    fail("No fees to collect");
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
