// The entry-point handlers of the tranche pool (onInstantiate, …): decode, dispatch, encode; the wasm
// exports that call them are generated from ../messages.ts into entry.ts. The logic lives in execute.ts
// (dispatch) and the handlers it names, query.ts, pool.ts (accounting) and math.ts (formulas);
// the storage layout in state.ts; the messages in msg.ts (generated from ../messages.ts).

import { migrateContractVersion, setContractVersion } from "@persistence-ts/std/cw2";
import { fail, failed } from "@persistence-ts/std/error";
import { Uint256 } from "@persistence-ts/std/math/uint256";
import { initializeOwner } from "@persistence-ts/std/ownership";
import { Addr } from "@persistence-ts/std/types/addr";
import { nonpayable } from "@persistence-ts/std/types/coin";
import { Env, MessageInfo } from "@persistence-ts/std/types/env";
import { Reply } from "@persistence-ts/std/types/reply";
import { Response } from "@persistence-ts/std/types/response";
import { NFT_DELIVERY, onDeliveryFailed } from "./collateral";
import { PAYOUT, onPayoutFailed } from "./payouts";
import { indexOf } from "./admin";
import { currencyDenom, currencyOf } from "./currency";
import { execute as executeMsg } from "./execute";
import { migrateFrom } from "./migrate";
import { CONTRACT_NAME, CONTRACT_VERSION, Config, Epoch, ExecuteMsg, InstantiateMsg, Limits, MigrateMsg, PoolState, QueryMsg } from "./msg";
import { query as queryMsg } from "./query";
import { validConfig, validLimits, validTestTimings } from "./rules";
import { CONFIG, EPOCH, POOL } from "./state";
import * as ContractError from "./error";

function configFrom(m: InstantiateMsg, owner: Addr): Config {
  const c = new Config();
  c.currency = currencyOf(m);
  for (let i = 0; i < m.collections.length; i++) {
    const a = Addr.validate(m.collections[i]);
    if (indexOf(c.collections, a) < 0) c.collections.push(a);
  }
  c.manager = Addr.validate(m.manager);
  c.fee_collector = m.fee_collector === null ? owner : Addr.validate(m.fee_collector!);
  c.senior_apr = m.senior_apr;
  c.min_junior_ratio = m.min_junior_ratio;
  c.advance_rate = m.advance_rate;
  c.grace_period = m.grace_period;
  c.public_default_delay = m.public_default_delay;
  c.reserve_fee_bps = m.reserve_fee_bps;
  c.epoch_seconds = m.epoch_seconds;
  c.allowlist_enabled = m.allowlist_enabled !== null && m.allowlist_enabled!.value;
  c.writeoff_grace = m.writeoff_grace;
  c.writeoff_period = m.writeoff_period;
  c.timelock_seconds = m.timelock_seconds;
  c.test_timings = m.test_timings !== null && m.test_timings!.value;
  c.limits = m.limits !== null ? m.limits! : fixedLimits(c);
  return c;
}

/** Without limits the terms cannot move: each band is the initial value. */
function fixedLimits(c: Config): Limits {
  const l = new Limits();
  l.senior_apr_min = c.senior_apr;
  l.senior_apr_max = c.senior_apr;
  l.min_junior_ratio_min = c.min_junior_ratio;
  l.min_junior_ratio_max = c.min_junior_ratio;
  l.reserve_fee_bps_max = c.reserve_fee_bps;
  return l;
}

function emptyPool(env: Env): PoolState {
  const p = new PoolState();
  p.loan_rate = Uint256.zero().toString();
  p.senior_rate = Uint256.zero().toString();
  p.unbooked_interest = Uint256.zero().toString();
  p.ramp_base_start = Uint256.zero().toString();
  p.accrued_at = env.block.time;
  p.next_loan_id = 1;
  p.next_request_id = 1;
  return p;
}

export function onInstantiate(env: Env, info: MessageInfo, raw: Uint8Array): Response {
  const m = InstantiateMsg.decode(raw);
  nonpayable(info.funds);
  if (failed()) return new Response();
  const owner = m.owner === null ? info.sender : Addr.validate(m.owner!);
  const c = configFrom(m, owner);
  if (failed() || !validLimits(c.limits) || !validConfig(c) || !validTestTimings(c.test_timings, env.block.chainId)) return new Response();
  setContractVersion(CONTRACT_NAME, CONTRACT_VERSION);
  initializeOwner(owner);
  CONFIG.save(c);
  POOL.save(emptyPool(env));
  const e = new Epoch();
  e.id = 1;
  e.started_at = env.block.time;
  EPOCH.save(e);
  return new Response()
    .addAttribute("action", "instantiate")
    .addAttribute("owner", owner.toString())
    .addAttribute("manager", c.manager.toString())
    .addAttribute("currency", currencyDenom(c.currency))
    .addAttribute("test_timings", c.test_timings ? "true" : "false");
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
  if (!failed()) migrateFrom(from, env.block.time);
  if (failed()) return new Response();
  return new Response().addAttribute("action", "migrate").addAttribute("from_version", from).addAttribute("to_version", CONTRACT_VERSION);
}

/** A refused delivery: an NFT, or a payout of a close (the only submessages the pool replies to). */
export function onReply(env: Env, reply: Reply): Response {
  if (reply.id == NFT_DELIVERY) return onDeliveryFailed(env, reply);
  if (reply.id == PAYOUT) return onPayoutFailed(reply);
  fail(ContractError.unknownReply(reply.id.toString()));
  return new Response();
}
