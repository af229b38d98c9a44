// Every formula of the pool, in one place. V is the total native value behind the stk supply S;
// all divisions round down, so rounding always leaves value with the remaining stakers:
//
//   V            = delegated + net(pending rewards + unlocked) + buffer
//   net(r)       = r − floor(r × protocol_fee)          rewards count net of the fee they will pay
//   bond d       → floor(d × S / V) stk                 (first bond: d − LOCKED_STK, see below)
//   unbond s     → floor(s × V / S) native
//   fee stk      = floor(fee × S / V_net)               minted at harvest: the rate does not move
//   instant fee  = ceil(native × instant_unstake_fee)   stays in the buffer, for the stakers
//   rate         = V / S (1 while S = 0)

import { Decimal } from "@persistence-ts/std/math/decimal";
import { Uint128 } from "@persistence-ts/std/math/uint128";

/**
 * stk minted to the contract itself at the first bond and never redeemable: with this floor
 * under the supply, a donation before or after the first deposit cannot make a later
 * depositor's stk round to nothing (the inflation attack) without the attacker paying for it.
 */
export const LOCKED_STK: u64 = 1000;

export function feeOn(rewards: Uint128, fee: Decimal): Uint128 {
  return fee.mulFloor(rewards);
}

export function netOfFee(rewards: Uint128, fee: Decimal): Uint128 {
  return rewards.sub(feeOn(rewards, fee));
}

export function totalNative(delegated: Uint128, pendingRewards: Uint128, unlocked: Uint128, buffer: Uint128, fee: Decimal): Uint128 {
  return delegated.add(netOfFee(pendingRewards.add(unlocked), fee)).add(buffer);
}

/** stk for a deposit of `native`: floor(native × S / V); 1:1 for the first deposit. */
export function stkForNative(native: Uint128, value: Uint128, supply: Uint128): Uint128 {
  if (supply.isZero()) return native;
  return native.multiplyRatio(supply, value);
}

/** Native value of `stk`: floor(stk × V / S). */
export function nativeForStk(stk: Uint128, value: Uint128, supply: Uint128): Uint128 {
  return stk.multiplyRatio(value, supply);
}

export function exchangeRate(value: Uint128, supply: Uint128): Decimal {
  return supply.isZero() ? Decimal.one() : Decimal.fromRatio(value, supply);
}

/** Whether `now` fell below `last` by more than `maxDrop` (a share of `last`). */
export function rateDropped(last: Decimal, now: Decimal, maxDrop: Decimal): bool {
  return now.lt(last.mul(Decimal.one().sub(maxDrop)));
}

export function instantUnstakeFee(native: Uint128, fee: Decimal): Uint128 {
  return fee.mulCeil(native);
}

/** How much of a deposit tops the buffer up toward `target × (V + deposit)`. */
export function bufferRefill(deposit: Uint128, value: Uint128, buffer: Uint128, target: Decimal): Uint128 {
  const want = target.mulFloor(value.add(deposit)).saturatingSub(buffer);
  return want.lt(deposit) ? want : deposit;
}

/** floor(amount × part / whole). */
export function proRata(amount: Uint128, part: Uint128, whole: Uint128): Uint128 {
  return amount.multiplyRatio(part, whole);
}

/** A validator's share of `total` by weight (basis points). */
export function byWeight(total: Uint128, weight: u32, totalWeight: u64): Uint128 {
  return total.multiplyRatio(Uint128.fromU64(<u64>weight), Uint128.fromU64(totalWeight));
}

export function min(a: Uint128, b: Uint128): Uint128 {
  return a.lt(b) ? a : b;
}
