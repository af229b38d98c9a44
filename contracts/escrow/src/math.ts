// The escrow's arithmetic, all of it: the protocol fee and how an escrow moves to a new amount.
// Everything goes through std's checked Uint128; nothing can wrap.

import { Uint128 } from "@persistence-ts/std/math/uint128";

export const BPS_DENOMINATOR: u32 = 10_000;
/** The owner can never take more than 10% of a trade. */
export const MAX_FEE_BPS: u32 = 1_000;

/**
 * floor(amount × bps / 10000). Rounding down favours the seller, who gets exactly
 * amount − fee: the two parts always add up to the price, so no unit is created or lost.
 */
export function protocolFee(amount: Uint128, bps: u32): Uint128 {
  return amount.multiplyRatio(Uint128.fromU64(bps), Uint128.fromU64(BPS_DENOMINATOR));
}

/** What the seller receives of a settled `amount`. */
export function sellerProceeds(amount: Uint128, fee: Uint128): Uint128 {
  return amount.sub(fee);
}

/** How an escrow of `held` becomes `target`: the sender tops up the difference, or gets it back. */
export class Adjustment {
  constructor(readonly topUp: Uint128, readonly refund: Uint128) {}
}

export function adjust(held: Uint128, target: Uint128): Adjustment {
  if (target.gt(held)) return new Adjustment(target.sub(held), Uint128.zero());
  return new Adjustment(Uint128.zero(), held.sub(target));
}
