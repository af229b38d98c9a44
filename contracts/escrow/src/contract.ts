// The entry-point handlers of the escrow DEX (onInstantiate, …): decode, dispatch, encode; the wasm
// exports that call them are generated from ../messages.ts into entry.ts. The logic lives in orders.ts
// (create, take, cancel, expire), negotiation.ts and offers.ts (offers), settlement.ts (how
// orders close), claims.ts (failed deliveries, reply), admin.ts, migrate.ts and query.ts; the
// rules in rules.ts, the arithmetic in math.ts, what arrives with a message in deposit.ts,
// what leaves in assets.ts, what is owed in holdings.ts, what other contracts say in
// collection.ts; the storage layout in state.ts; the messages in msg.ts (generated from
// ../messages.ts).

import { migrateContractVersion, setContractVersion } from "@persistence-ts/std/cw2";
import { fail, failed } from "@persistence-ts/std/error";
import * as ContractError from "./error";
import { initializeOwner } from "@persistence-ts/std/ownership";
import { Key } from "@persistence-ts/std/storage/key";
import { StorageMap } from "@persistence-ts/std/storage/map";
import { Addr } from "@persistence-ts/std/types/addr";
import { nonpayable } from "@persistence-ts/std/types/coin";
import { Env, MessageInfo } from "@persistence-ts/std/types/env";
import { Response } from "@persistence-ts/std/types/response";
import { validEntry } from "./admin";
export { onReply } from "./claims";
import { execute as executeMsg } from "./execute";
import { migrateFrom010 } from "./migrate";
import { DEFAULT_OFFER_LOCK, validOfferLock } from "./offers";
import { CONTRACT_NAME, CONTRACT_VERSION, Config, ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg } from "./msg";
import { query as queryMsg } from "./query";
import { validFee, validFeeCollector } from "./rules";
import { CONFIG, NEXT_ORDER_ID, OFFER_LOCK, allowlist } from "./state";

export function onInstantiate(env: Env, info: MessageInfo, raw: Uint8Array): Response {
  const m = InstantiateMsg.decode(raw);
  nonpayable(info.funds);
  if (failed()) return new Response();
  const owner = m.owner === null ? info.sender : Addr.validate(m.owner!);
  const c = new Config();
  c.fee_collector = validFeeCollector(m.fee_collector, env.contract);
  c.fee_bps = m.fee_bps;
  const lock = m.offer_lock_seconds;
  const lockSeconds = lock === null ? DEFAULT_OFFER_LOCK : lock.value;
  if (failed() || !validFee(m.fee_bps) || !validOfferLock(lockSeconds)) return new Response();
  listAll("collections", m.collections);
  listAll("native_denoms", m.native_denoms);
  listAll("cw20_tokens", m.cw20_tokens);
  if (failed()) return new Response();
  setContractVersion(CONTRACT_NAME, CONTRACT_VERSION);
  initializeOwner(owner);
  CONFIG.save(c);
  OFFER_LOCK.save(lockSeconds);
  NEXT_ORDER_ID.save(1);
  return new Response()
    .addAttribute("action", "instantiate")
    .addAttribute("owner", owner.toString())
    .addAttribute("fee_bps", m.fee_bps.toString())
    .addAttribute("fee_collector", m.fee_collector)
    .addAttribute("offer_lock_seconds", lockSeconds.toString());
}

/** Instantiate's initial allowlists (checked like update_allowlist's entries). */
function listAll(list: string, entries: string[] | null): void {
  if (entries === null) return;
  const map: StorageMap<bool> = allowlist(list);
  for (let i = 0; i < entries.length && !failed(); i++) {
    const e = validEntry(list, entries[i]);
    if (failed()) break;
    if (map.has(Key.str(e))) fail(ContractError.alreadyListed(list, e));
    else map.save(Key.str(e), true);
  }
}

export function onExecute(env: Env, info: MessageInfo, raw: Uint8Array): Response {
  const m = ExecuteMsg.decode(raw);
  if (failed()) return new Response();
  return executeMsg(env, info, m);
}

export function onQuery(env: Env, raw: Uint8Array): Uint8Array {
  const m = QueryMsg.decode(raw);
  if (failed()) return new Uint8Array(0);
  return queryMsg(env, m);
}

export function onMigrate(env: Env, raw: Uint8Array): Response {
  MigrateMsg.decode(raw);
  const from = migrateContractVersion(CONTRACT_NAME, CONTRACT_VERSION);
  const res = new Response().addAttribute("action", "migrate").addAttribute("from_version", from).addAttribute("to_version", CONTRACT_VERSION);
  if (from == "0.1.0") migrateFrom010(env, res);
  return res;
}
