// Auto-compounding. `harvest` withdraws the pending rewards of every delegation that has some
// (at most MAX_HARVEST_WITHDRAWALS, in pages); each withdrawal replies with the chain's
// MsgWithdrawDelegatorRewardResponse, whose amount is what it paid, and the last reply reinvests
// every liquid reward: the protocol fee is not taken in native but minted as stk to the fee
// recipient, at the rate that counts rewards net of that fee, so the rate does not move.

import { mintTokens } from "@persistence-ts/std/cw20/token";
import { failed } from "@persistence-ts/std/error";
import { JsonWriter } from "@persistence-ts/std/json/writer";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Key } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { WithdrawDelegatorReward } from "@persistence-ts/std/types/cosmos_msg";
import { Env } from "@persistence-ts/std/types/env";
import { WithdrawDelegatorRewardResponse } from "@persistence-ts/std/types/msg_responses";
import { Reply } from "@persistence-ts/std/types/reply";
import { ReplyOn, Response, SubMsg } from "@persistence-ts/std/types/response";
import { Timestamp } from "@persistence-ts/std/types/timestamp";
import { settle } from "./arrival";
import { nativeBalance } from "./chain";
import { feeOn, proRata } from "./math";
import { RateRecord, WithdrawReply } from "./msg";
import { Pool, loadPool } from "./pool";
import { breakerTripped, assertNotPaused, assertOperatorOrDue, tripped } from "./rules";
import { Sends, delegateDeposit } from "./staking";
import { CONFIG, HARVESTED, RATE_HISTORY, loadValidators } from "./state";

export const REPLY_WITHDRAW: u64 = 1;
/** Withdrawals per harvest; the validator set alone (≤ 30) may need two harvests. */
export const MAX_HARVEST_WITHDRAWALS: i32 = 20;

export function harvest(env: Env, sender: Addr): Response {
  const res = new Response();
  const pool = loadPool(env);
  if (failed() || !assertNotPaused(pool.state)) return res;
  const due = !env.block.time.lt(pool.state.last_harvest.plusSeconds(pool.config.harvest_interval));
  if (!assertOperatorOrDue(sender, pool.config, due, "harvest")) return res;
  if (breakerTripped(pool)) return tripped(pool, res, "harvest");
  res.addAttribute("action", "harvest");
  const balance = settle(pool.state, env, res, Uint128.zero());

  const withdraws = harvestPage(pool);
  if (withdraws.length == 0) return reinvest(pool, res, env, balance);
  HARVESTED.save(Uint128.zero());
  for (let i = 0; i < withdraws.length; i++) {
    const sub = SubMsg.reply(new WithdrawDelegatorReward(withdraws[i]), REPLY_WITHDRAW, ReplyOn.Success);
    const p = new WithdrawReply();
    p.last = i == withdraws.length - 1;
    const w = new JsonWriter();
    p.write(w);
    sub.payload = w.toBytes();
    res.addSubMessage(sub);
  }
  pool.save();
  return res.addAttribute("validators", withdraws.length.toString());
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

/** One withdrawal's reply: count what the chain paid; after the last, reinvest. */
export function onWithdrawReply(env: Env, reply: Reply): Response {
  const p = WithdrawReply.decode(reply.payload);
  const amount = WithdrawDelegatorRewardResponse.fromReply(reply).amountOf(CONFIG.load().bond_denom);
  const harvested = HARVESTED.load().add(amount);
  if (failed()) return new Response();
  if (!p.last) {
    HARVESTED.save(harvested);
    return new Response();
  }
  HARVESTED.remove();
  const pool = loadPool(env);
  pool.state.unlocked = pool.state.unlocked.add(harvested);
  const res = new Response().addAttribute("action", "reinvest").addAttribute("harvested", harvested.toString());
  return reinvest(pool, res, env, nativeBalance(pool.contract, pool.config.bond_denom));
}

/**
 * Delegates every liquid reward (split as deposits are), mints the protocol fee as stk and
 * records the rate. With no bonded validator in the set the rewards stay liquid, fee and all,
 * for a later harvest. `balance`: the bank balance now.
 */
function reinvest(pool: Pool, res: Response, env: Env, balance: Uint128): Response {
  const s = pool.state;
  // The fee stk are priced at the rate that counts the rewards net of the fee: before they move.
  const value = pool.value();
  let rewards = s.unlocked;
  // The delegations book the rewards they make the chain pay out into unlocked again.
  s.unlocked = Uint128.zero();
  const out = new Sends();
  if (!rewards.isZero() && !delegateDeposit(pool, out, loadValidators(), rewards)) {
    s.unlocked = rewards;
    rewards = Uint128.zero();
    res.addAttribute("reinvest", "waiting: no validator of the set is bonded");
  }
  const fee = feeOn(rewards, pool.config.protocol_fee);
  const feeStk = pool.supply.isZero() ? Uint128.zero() : proRata(fee, pool.supply, value);
  if (!feeStk.isZero()) {
    mintTokens(pool.config.fee_recipient, feeStk);
    pool.supply = pool.supply.add(feeStk);
  }
  s.last_harvest = new Timestamp(env.block.time.nanos);
  const record = rateRecord(pool, env, rewards, fee);
  s.last_rate = record.exchange_rate;
  out.emit(pool, res, balance);
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
