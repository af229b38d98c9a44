// The owner's controls: the fee and its collector, the allowlists of collections and payment
// assets, and the pause switch. Allowlists gate what enters the escrow; delisting never traps
// what is already in it (cancel, expire and withdraw_offer check no list).

import { fail, failed } from "../../../std/error";
import { Key } from "../../../std/storage/key";
import { Addr } from "../../../std/types/addr";
import { Response } from "../../../std/types/response";
import { assertOwner } from "../../../std/ownership";
import { ExecuteUpdateAllowlist, ExecuteUpdateConfig } from "./msg";
import { validDenom, validFee } from "./rules";
import { CONFIG, allowlist } from "./state";

const MAX_ALLOWLIST_UPDATE = 100;

export function updateConfig(sender: Addr, m: ExecuteUpdateConfig): Response {
  const res = new Response().addAttribute("action", "update_config");
  assertOwner(sender);
  if (failed()) return res;
  const c = CONFIG.load();
  const fee = m.fee_bps;
  if (fee !== null && validFee(fee.value)) {
    c.fee_bps = fee.value;
    res.addAttribute("fee_bps", fee.value.toString());
  }
  const collector = m.fee_collector;
  if (collector !== null) {
    c.fee_collector = Addr.validate(collector);
    res.addAttribute("fee_collector", collector);
  }
  if (!failed()) CONFIG.save(c);
  return res;
}

export function setPaused(sender: Addr, paused: bool): Response {
  assertOwner(sender);
  if (failed()) return new Response();
  const c = CONFIG.load();
  c.paused = paused;
  CONFIG.save(c);
  return new Response().addAttribute("action", "set_paused").addAttribute("paused", paused ? "true" : "false");
}

export function updateAllowlist(sender: Addr, m: ExecuteUpdateAllowlist): Response {
  const res = new Response();
  assertOwner(sender);
  if (!failed() && m.add.length + m.remove.length > MAX_ALLOWLIST_UPDATE) fail("Too many entries: at most " + MAX_ALLOWLIST_UPDATE.toString() + " per message");
  const list = m.list.variant;
  const map = allowlist(list);
  for (let i = 0; i < m.add.length && !failed(); i++) {
    const entry = validEntry(list, m.add[i]);
    if (!failed()) map.save(Key.str(entry), true);
  }
  for (let i = 0; i < m.remove.length && !failed(); i++) {
    if (!map.has(Key.str(m.remove[i]))) fail("Not in " + list + ": " + m.remove[i]);
    else map.remove(Key.str(m.remove[i]));
  }
  return res
    .addAttribute("action", "update_allowlist")
    .addAttribute("list", list)
    .addAttribute("added", m.add.length.toString())
    .addAttribute("removed", m.remove.length.toString());
}

/** A denom is checked for the SDK's syntax; contract addresses through the chain. */
export function validEntry(list: string, entry: string): string {
  if (list == "native_denoms") {
    validDenom(entry);
    return entry;
  }
  return Addr.validate(entry).toString();
}
