// Auto-compounding. `harvest` withdraws the pending rewards of every delegation that has some
// (at most MAX_HARVEST_WITHDRAWALS, in pages); the last withdrawal replies, and the reply measures what arrived (balance now − balance
// before, carried in the submessage's payload), reconciles arrived unbondings, then reinvests
// every liquid reward: the protocol fee is not taken in native but minted as stk to the fee
// recipient, at the rate that counts rewards net of that fee, so the rate does not move.

import { mintTokens } from "../../../std/cw20/token";
import { utf8 } from "../../../std/encoding";
import { fail, failed } from "../../../std/error";
import { Uint128 } from "../../../std/math/uint128";
import { Key } from "../../../std/storage/key";
import { Addr } from "../../../std/types/addr";
import { WithdrawDelegatorReward } from "../../../std/types/cosmos_msg";
import { Env } from "../../../std/types/env";
import { Reply } from "../../../std/types/reply";
import { ReplyOn, Response, SubMsg } from "../../../std/types/response";
import { Timestamp } from "../../../std/types/timestamp";
import { reconcileArrived } from "./batch";
import { nativeBalance } from "./chain";
import { feeOn, proRata } from "./math";
import { RateRecord } from "./msg";
import { Pool, loadPool } from "./pool";
import { breakerTripped, notPaused, operatorOrDue, tripped } from "./rules";
import { delegate, mostUnderweight } from "./staking";
import { RATE_HISTORY, loadValidators } from "./state";

export const REPLY_HARVEST: u64 = 1;
/** Withdrawals per harvest; the validator set alone (≤ 30) may need two harvests. */
export const MAX_HARVEST_WITHDRAWALS: i32 = 20;

export function harvest(env: Env, sender: Addr): Response {
  const res = new Response();
  const pool = loadPool(env);
  if (failed() || !notPaused(pool.state)) return res;
  const due = !env.block.time.lt(pool.state.last_harvest.plusSeconds(pool.config.harvest_interval));
  if (!operatorOrDue(sender, pool.config, due, "harvest")) return res;
  if (breakerTripped(pool)) return tripped(pool, res, "harvest");
  res.addAttribute("action", "harvest");

  const withdraws = harvestPage(pool);
  if (withdraws.length == 0) {
    reconcileArrived(pool.state, res, env.contract);
    return reinvest(pool, res, env);
  }
  const before = nativeBalance(pool.contract, pool.config.bond_denom);
  for (let i = 0; i < withdraws.length - 1; i++) res.addMessage(new WithdrawDelegatorReward(withdraws[i]));
  const last = SubMsg.reply(new WithdrawDelegatorReward(withdraws[withdraws.length - 1]), REPLY_HARVEST, ReplyOn.Success);
  last.payload = utf8(before.toString());
  pool.save();
  return res.addSubMessage(last).addAttribute("validators", withdraws.length.toString());
}

/**
 * The delegations with rewards to withdraw now: all of them, or, when there are more than
 * MAX_HARVEST_WITHDRAWALS, the next page in address order after the previous harvest's last one
 * (the others' rewards stay pending, counted in the rate, until their turn).
 */
function harvestPage(pool: Pool): string[] {
  const due = new Array<string>();
  for (let i = 0; i < pool.delegations.length; i++) if (!pool.delegations[i].reward.isZero()) due.push(pool.delegations[i].validator);
  if (due.length <= MAX_HARVEST_WITHDRAWALS) return due;
  due.sort();
  const cursor = pool.state.harvest_cursor;
  let start = 0;
  while (start < due.length && due[start] <= cursor) start++;
  const page = new Array<string>();
  for (let i = 0; i < MAX_HARVEST_WITHDRAWALS; i++) page.push(due[(start + i) % due.length]);
  pool.state.harvest_cursor = page[page.length - 1];
  return page;
}

/** After the last withdrawal: count what arrived, reconcile, reinvest. */
export function onReply(env: Env, reply: Reply): Response {
  if (reply.id != REPLY_HARVEST) {
    fail("Unknown reply id " + reply.id.toString());
    return new Response();
  }
  const before = Uint128.fromString(String.UTF8.decode(reply.payload.buffer));
  const pool = loadPool(env);
  const harvested = nativeBalance(pool.contract, pool.config.bond_denom).saturatingSub(before);
  if (failed()) return new Response();
  pool.state.unlocked = pool.state.unlocked.add(harvested);
  const res = new Response().addAttribute("action", "reinvest").addAttribute("harvested", harvested.toString());
  reconcileArrived(pool.state, res, env.contract);
  return reinvest(pool, res, env);
}

/** Delegates every liquid reward, mints the protocol fee as stk and records the rate. */
function reinvest(pool: Pool, res: Response, env: Env): Response {
  const s = pool.state;
  const rewards = s.unlocked;
  const fee = feeOn(rewards, pool.config.protocol_fee);
  const feeStk = pool.supply.isZero() ? Uint128.zero() : proRata(fee, pool.supply, pool.value());
  s.unlocked = Uint128.zero();
  if (!rewards.isZero()) delegate(pool, res, mostUnderweight(pool, loadValidators(), rewards), rewards);
  if (!feeStk.isZero()) {
    mintTokens(pool.config.fee_recipient, feeStk);
    pool.supply = pool.supply.add(feeStk);
  }
  s.last_harvest = new Timestamp(env.block.time.nanos);
  const record = rateRecord(pool, env, rewards, fee);
  s.last_rate = record.exchange_rate;
  pool.save();
  return res
    .addAttribute("reinvested", rewards.toString())
    .addAttribute("fee", fee.toString())
    .addAttribute("fee_stk", feeStk.toString())
    .addAttribute("exchange_rate", record.exchange_rate.toString());
}

function rateRecord(pool: Pool, env: Env, rewards: Uint128, fee: Uint128): RateRecord {
  const r = new RateRecord();
  r.id = pool.state.next_rate_record;
  r.time = new Timestamp(env.block.time.nanos);
  r.total_native = pool.value();
  r.stk_supply = pool.supply;
  r.exchange_rate = pool.rate();
  r.rewards = rewards;
  r.fee = fee;
  RATE_HISTORY.save(Key.u64(r.id), r);
  pool.state.next_rate_record = r.id + 1;
  return r;
}
