// Stakers: bond (deposit and mint stk), unstake at once from the liquidity buffer, and the cw20
// receive hook through which stk sent here queues an unbond or unstakes at once.

import { burnTokens, mintTokens, moveTokens, nonZero } from "@persistence-ts/std/cw20/token";
import { fail, failed } from "@persistence-ts/std/error";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Addr } from "@persistence-ts/std/types/addr";
import { Coin, mustPay } from "@persistence-ts/std/types/coin";
import { BankSend } from "@persistence-ts/std/types/cosmos_msg";
import { Env, MessageInfo } from "@persistence-ts/std/types/env";
import { Response } from "@persistence-ts/std/types/response";
import { LOCKED_STK, bufferRefill, instantUnstakeFee, nativeForStk, stkForNative } from "./math";
import { settle } from "./arrival";
import { addToBatch } from "./batch";
import { Cw20ReceiveMsg, HookMsg } from "./msg";
import { Pool, loadPool } from "./pool";
import { breakerTripped, assertNotPaused, tripped } from "./rules";
import { Sends, delegateDeposit } from "./staking";
import { loadValidators } from "./state";
import * as ContractError from "./error";

export function receiverOr(text: string | null, fallback: Addr): Addr {
  return text === null ? fallback : Addr.validate(text);
}

export function bond(env: Env, info: MessageInfo, receiverText: string | null): Response {
  const res = new Response();
  const pool = loadPool(env);
  const amount = mustPay(info.funds, pool.config.bond_denom);
  const receiver = receiverOr(receiverText, info.sender);
  if (failed() || !assertNotPaused(pool.state)) return res;
  if (amount.lt(pool.config.min_deposit)) fail(ContractError.belowMinDeposit(amount.toString(), pool.config.min_deposit.toString()));
  if (failed()) return res;
  const balance = settle(pool.state, env, res, amount);
  if (breakerTripped(pool)) return tripped(pool, res.addMessage(new BankSend(info.sender.toString(), info.funds)), "bond");

  const rate = pool.rate();
  const minted = mintFor(pool, amount, env.contract);
  if (failed()) return res;
  const buffered = bufferRefill(amount, pool.value(), pool.state.buffer, pool.config.buffer_target);
  pool.state.buffer = pool.state.buffer.add(buffered);
  const staked = amount.sub(buffered);
  const out = new Sends();
  if (!staked.isZero() && !delegateDeposit(pool, out, loadValidators(), staked)) fail(ContractError.noBondedValidator());
  if (failed()) return res;
  mintTokens(receiver, minted);
  out.emit(pool, res, balance);
  pool.save();
  return res
    .addAttribute("action", "bond")
    .addAttribute("sender", info.sender.toString())
    .addAttribute("receiver", receiver.toString())
    .addAttribute("amount", amount.toString())
    .addAttribute("minted", minted.toString())
    .addAttribute("buffered", buffered.toString())
    .addAttribute("exchange_rate", rate.toString());
}

/**
 * The stk a deposit buys at the current rate. The first deposit is minted 1:1 but LOCKED_STK of
 * it goes to the contract itself, forever (see math.ts).
 */
function mintFor(pool: Pool, amount: Uint128, contract: Addr): Uint128 {
  const minted = stkForNative(amount, pool.value(), pool.supply);
  if (pool.supply.isZero()) {
    const locked = Uint128.fromU64(LOCKED_STK);
    if (minted.le(locked)) {
      fail(ContractError.firstDepositTooSmall(locked.toString()));
      return Uint128.zero();
    }
    mintTokens(contract, locked);
    pool.supply = pool.supply.add(locked);
    return minted.sub(locked);
  }
  if (minted.isZero()) fail(ContractError.mintsZero());
  return minted;
}

/**
 * Burns `amount` stk held by `holder` and pays its value minus the fee from the buffer.
 * `refundTo`: where stk that came in through the hook goes back if the breaker trips.
 */
export function instantUnstake(env: Env, holder: Addr, amount: Uint128, minReceive: Uint128 | null, receiver: Addr, refundTo: Addr | null): Response {
  const res = new Response();
  const pool = loadPool(env);
  if (failed() || !nonZero(amount) || !assertNotPaused(pool.state)) return res;
  settle(pool.state, env, res, Uint128.zero());
  if (breakerTripped(pool)) {
    if (refundTo !== null) moveTokens(holder, refundTo, amount);
    return tripped(pool, res, "instant_unstake");
  }
  const native = nativeForStk(amount, pool.value(), pool.supply);
  const fee = instantUnstakeFee(native, pool.config.instant_unstake_fee);
  const payout = native.saturatingSub(fee);
  const buffer = pool.state.buffer;
  if (payout.isZero()) fail(ContractError.paysZero());
  else if (minReceive !== null && payout.lt(minReceive)) fail(ContractError.belowMinReceive(payout.toString(), minReceive.toString()));
  else if (payout.gt(buffer)) fail(ContractError.bufferTooLow(buffer.toString(), payout.toString()));
  if (failed()) return res;
  burnTokens(holder, amount);
  // The fee stays in the buffer: it accrues to the remaining stakers.
  pool.state.buffer = buffer.sub(payout);
  pool.save();
  return res
    .addMessage(new BankSend(receiver.toString(), [new Coin(pool.config.bond_denom, payout)]))
    .addAttribute("action", "instant_unstake")
    .addAttribute("receiver", receiver.toString())
    .addAttribute("burned", amount.toString())
    .addAttribute("paid", payout.toString())
    .addAttribute("fee", fee.toString());
}

export function instantUnstakeDirect(env: Env, sender: Addr, amount: Uint128, minReceive: Uint128 | null, receiverText: string | null): Response {
  const receiver = receiverOr(receiverText, sender);
  if (failed()) return new Response();
  return instantUnstake(env, sender, amount, minReceive, receiver, null);
}

/** stk sent here with cw20 `send`: only this contract's own token is accepted. */
export function receive(env: Env, info: MessageInfo, m: Cw20ReceiveMsg): Response {
  if (!info.sender.equals(env.contract)) {
    fail(ContractError.notStk());
    return new Response();
  }
  const hook = HookMsg.decode(m.msg);
  // The hook comes from this contract's own cw20 code: its sender is a real address.
  const from = Addr.unchecked(m.sender);
  if (failed()) return new Response();
  const q = hook.queue_unbond;
  if (q !== null) {
    const owner = receiverOr(q.receiver, from);
    if (failed() || !nonZero(m.amount)) return new Response();
    return addToBatch(owner, m.amount);
  }
  const u = hook.instant_unstake!;
  const receiver = receiverOr(u.receiver, from);
  if (failed()) return new Response();
  return instantUnstake(env, env.contract, m.amount, u.min_receive, receiver, from);
}
