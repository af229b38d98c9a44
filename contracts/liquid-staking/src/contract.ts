// The entry-point handlers of the liquid-staking contract (onInstantiate, …): decode, dispatch, encode; the wasm
// exports that call them are generated from ../messages.ts into entry.ts. The stk token is
// std/cw20; the pool's logic lives in staker.ts, batch.ts, harvest.ts and admin.ts, its formulas
// in math.ts, its storage in state.ts; the messages in msg.ts (generated from ../messages.ts).

import { initializeToken } from "@persistence-ts/std/cw20/token";
import { migrateContractVersion, setContractVersion } from "@persistence-ts/std/cw2";
import { fail, failed } from "@persistence-ts/std/error";
import { Decimal } from "@persistence-ts/std/math/decimal";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { initializeOwner } from "@persistence-ts/std/ownership";
import { queryBondedDenom } from "@persistence-ts/std/querier";
import { Addr } from "@persistence-ts/std/types/addr";
import { nonpayable } from "@persistence-ts/std/types/coin";
import { Env, MessageInfo } from "@persistence-ts/std/types/env";
import { Response } from "@persistence-ts/std/types/response";
import { Timestamp } from "@persistence-ts/std/types/timestamp";
import { execute as executeMsg } from "./execute";
import { migrateFrom010 } from "./migrate";
export { onReply } from "./replies";
import { MinterData } from "@persistence-ts/std/cw20/msg";
import { CONTRACT_NAME, CONTRACT_VERSION, Config, ExecuteMsg, InstantiateMsg, MigrateMsg, PendingBatch, QueryMsg, State } from "./msg";
import { query as queryMsg } from "./query";
import { validConfig, validWeights } from "./rules";
import { CONFIG, PENDING_BATCH, STATE, saveValidators } from "./state";
import * as ContractError from "./error";

const DEFAULT_UNBONDING_PERIOD: u64 = 21 * 24 * 3600;
const DEFAULT_HARVEST_INTERVAL: u64 = 24 * 3600;
const DEFAULT_MIN_DEPOSIT: u64 = 1_000_000;
const DEFAULT_DECIMALS: u8 = 6;

function orAddr(text: string | null, fallback: Addr): Addr {
  return text === null ? fallback : Addr.validate(text);
}

function orDecimal(d: Decimal | null, fallback: Decimal): Decimal {
  return d === null ? fallback : d;
}

function configFrom(m: InstantiateMsg, owner: Addr): Config {
  const c = new Config();
  c.bond_denom = m.bond_denom;
  c.unbonding_period = m.unbonding_period === null ? DEFAULT_UNBONDING_PERIOD : m.unbonding_period!.value;
  // Rounded up so that 7 epochs always span an unbonding period.
  c.epoch_period = m.epoch_period === null ? (c.unbonding_period + 6) / 7 : m.epoch_period!.value;
  c.protocol_fee = orDecimal(m.protocol_fee, Decimal.percent(5));
  c.instant_unstake_fee = orDecimal(m.instant_unstake_fee, Decimal.percent(1));
  c.buffer_target = orDecimal(m.buffer_target, Decimal.percent(5));
  c.max_rate_drop = orDecimal(m.max_rate_drop, Decimal.percent(5));
  c.harvest_interval = m.harvest_interval === null ? DEFAULT_HARVEST_INTERVAL : m.harvest_interval!.value;
  c.min_deposit = m.min_deposit === null ? Uint128.fromU64(DEFAULT_MIN_DEPOSIT) : m.min_deposit!;
  c.fee_recipient = orAddr(m.fee_recipient, owner);
  c.operator = orAddr(m.operator, owner);
  return c;
}

function initialState(env: Env): State {
  const s = new State();
  s.last_rate = Decimal.one();
  s.last_harvest = new Timestamp(env.block.time.nanos);
  s.seen_height = env.block.height;
  s.seen_time = new Timestamp(env.block.time.nanos);
  s.next_rate_record = 1;
  return s;
}

export function onInstantiate(env: Env, info: MessageInfo, raw: Uint8Array): Response {
  const m = InstantiateMsg.decode(raw);
  nonpayable(info.funds);
  if (failed()) return new Response();
  const owner = orAddr(m.owner, info.sender);
  const config = configFrom(m, owner);
  const denom = queryBondedDenom();
  if (!failed() && denom != m.bond_denom) fail(ContractError.wrongBondDenom(m.bond_denom, denom));
  if (failed() || !validConfig(config) || !validWeights(m.validators)) return new Response();
  const minter = new MinterData();
  minter.minter = env.contract.toString();
  const decimals = m.decimals === null ? DEFAULT_DECIMALS : m.decimals!.value;
  if (!initializeToken(m.name, m.symbol, decimals, minter)) return new Response();
  setContractVersion(CONTRACT_NAME, CONTRACT_VERSION);
  initializeOwner(owner);
  CONFIG.save(config);
  STATE.save(initialState(env));
  saveValidators(m.validators);
  const batch = new PendingBatch();
  batch.id = 1;
  batch.est_submit_time = env.block.time.plusSeconds(config.epoch_period);
  PENDING_BATCH.save(batch);
  return new Response()
    .addAttribute("action", "instantiate")
    .addAttribute("owner", owner.toString())
    .addAttribute("validators", m.validators.length.toString());
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
  if (!failed() && from == "0.1.0") migrateFrom010(env, res);
  return res;
}
