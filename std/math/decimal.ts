// Decimal: cosmwasm-std's unsigned fixed-point number with 18 fractional digits, kept as its
// atomics (value × 10^18) in a Uint128. Products and quotients are taken over 256 bits, so no
// intermediate overflows, and are floored, as in cosmwasm-std. Failures record cosmwasm-std's
// error text with `fail` and return zero.

import { fail } from "../error";
import * as msg from "./messages";
import { Uint128 } from "./uint128";
import { Uint256 } from "./uint256";
import * as wide from "./wide";
import { ParseStatus } from "./wide";

const DECIMAL_PLACES: u32 = 18;
// The atomics of 1.
const FRACTIONAL: u64 = 1_000_000_000_000_000_000;
// 10^38 is the largest power of ten in a Uint128.
const MAX_POW10: u32 = 38;

@final
export class Decimal {
  private constructor(private readonly value: Uint128) {}

  static zero(): Decimal {
    return new Decimal(Uint128.zero());
  }

  static one(): Decimal {
    return new Decimal(fractional());
  }

  // u64::MAX × 10^16 still fits in a Uint128, so percent, permille and bps never fail.
  static percent(x: u64): Decimal {
    return new Decimal(Uint128.fromU64(x).mul(pow10(16)));
  }

  static permille(x: u64): Decimal {
    return new Decimal(Uint128.fromU64(x).mul(pow10(15)));
  }

  static bps(x: u64): Decimal {
    return new Decimal(Uint128.fromU64(x).mul(pow10(14)));
  }

  /** atomics / 10^decimalPlaces; digits past the 18th place are cut off. */
  static fromAtomics(atomics: Uint128, decimalPlaces: u32): Decimal {
    if (decimalPlaces <= DECIMAL_PLACES) {
      const factor = pow10(DECIMAL_PLACES - decimalPlaces);
      if (atomics.gt(Uint128.max().div(factor))) {
        fail(msg.DECIMAL_RANGE_EXCEEDED);
        return Decimal.zero();
      }
      return new Decimal(atomics.mul(factor));
    }
    const excess = decimalPlaces - DECIMAL_PLACES;
    // Dividing any Uint128 by a power of ten beyond it gives 0.
    if (excess > MAX_POW10) return Decimal.zero();
    return new Decimal(atomics.div(pow10(excess)));
  }

  /** numerator / denominator, floored to 18 places. */
  static fromRatio(numerator: Uint128, denominator: Uint128): Decimal {
    if (denominator.isZero()) {
      fail(msg.RATIO_DENOMINATOR_ZERO);
      return Decimal.zero();
    }
    const atomics = widen(numerator).mul(widen(fractional())).div(widen(denominator));
    if (!atomics.fitsUint128()) {
      fail(msg.FROM_RATIO_OVERFLOW);
      return Decimal.zero();
    }
    return new Decimal(atomics.toUint128());
  }

  /**
   * Parses like cosmwasm-std's `Decimal::from_str`: a whole part and an optional fractional part
   * of at most 18 digits, each as Rust's u128 parser accepts it (so "+1.5" passes, and "1.+5"
   * reads as 1.05, as in Rust); no sign, exponent, spaces or empty part. The error names the
   * input like the JSON deserializer's.
   */
  static fromString(s: string): Decimal {
    const dot = s.indexOf(".");
    const whole = parsePart(dot < 0 ? s : s.substring(0, dot));
    if (whole === null) return parseError(s, msg.DECIMAL_WHOLE);
    if (whole.gt(Uint128.max().div(fractional()))) return parseError(s, msg.DECIMAL_TOO_BIG);
    const wholeAtomics = whole.mul(fractional());
    if (dot < 0) return new Decimal(wholeAtomics);

    const nextDot = s.indexOf(".", dot + 1);
    const fractionText = s.substring(dot + 1, nextDot < 0 ? s.length : nextDot);
    const fraction = parsePart(fractionText);
    if (fraction === null) return parseError(s, msg.DECIMAL_FRACTIONAL);
    if (<u32>fractionText.length > DECIMAL_PLACES) return parseError(s, msg.DECIMAL_TOO_PRECISE);
    // fraction < 10^length, so this stays below 10^18.
    const fractionAtomics = fraction.mul(pow10(DECIMAL_PLACES - <u32>fractionText.length));
    if (fractionAtomics.gt(Uint128.max().sub(wholeAtomics))) return parseError(s, msg.DECIMAL_TOO_BIG);
    if (nextDot >= 0) return parseError(s, msg.DECIMAL_DOTS);
    return new Decimal(wholeAtomics.add(fractionAtomics));
  }

  /** As cosmwasm-std prints it: no trailing zeros, no point for whole numbers ("0", "1", "1.5"). */
  toString(): string {
    const whole = this.value.div(fractional()).toString();
    const fraction = this.value.rem(fractional()).toU64();
    if (fraction == 0) return whole;
    return whole + "." + trimTrailingZeros(fraction.toString().padStart(<i32>DECIMAL_PLACES, "0"));
  }

  /** The value × 10^18. */
  atomics(): Uint128 {
    return this.value;
  }

  isZero(): bool {
    return this.value.isZero();
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than `other`. */
  cmp(other: Decimal): i32 {
    return this.value.cmp(other.value);
  }

  eq(other: Decimal): bool {
    return this.value.eq(other.value);
  }

  lt(other: Decimal): bool {
    return this.value.lt(other.value);
  }

  le(other: Decimal): bool {
    return this.value.le(other.value);
  }

  gt(other: Decimal): bool {
    return this.value.gt(other.value);
  }

  ge(other: Decimal): bool {
    return this.value.ge(other.value);
  }

  add(other: Decimal): Decimal {
    return new Decimal(this.value.add(other.value));
  }

  sub(other: Decimal): Decimal {
    return new Decimal(this.value.sub(other.value));
  }

  mul(other: Decimal): Decimal {
    const atomics = widen(this.value).mul(widen(other.value)).div(widen(fractional()));
    if (!atomics.fitsUint128()) {
      fail(msg.OVERFLOW_MUL);
      return Decimal.zero();
    }
    return new Decimal(atomics.toUint128());
  }

  /** this / other, floored; cosmwasm-std computes it as from_ratio, with its errors. */
  div(other: Decimal): Decimal {
    return Decimal.fromRatio(this.value, other.value);
  }

  /** x × this, rounded down (cosmwasm-std `x.checked_mul_floor(this)`). */
  mulFloor(x: Uint128): Uint128 {
    return widen(x).mul(widen(this.value)).div(widen(fractional())).toUint128();
  }

  /** x × this, rounded up (cosmwasm-std `x.checked_mul_ceil(this)`). */
  mulCeil(x: Uint128): Uint128 {
    return x.multiplyRatioCeil(this.value, fractional());
  }

  /** x / this, rounded down (cosmwasm-std `x.checked_div_floor(this)`). */
  divFloor(x: Uint128): Uint128 {
    if (this.isZero()) {
      fail(msg.DIVIDE_BY_ZERO);
      return Uint128.zero();
    }
    return widen(x).mul(widen(fractional())).div(widen(this.value)).toUint128();
  }

  /** The largest whole number not above this. */
  floor(): Decimal {
    return new Decimal(this.value.div(fractional()).mul(fractional()));
  }

  /** The smallest whole number not below this. */
  ceil(): Decimal {
    const floor = this.floor();
    if (floor.eq(this)) return floor;
    if (floor.value.gt(Uint128.max().sub(fractional()))) {
      fail(msg.ROUND_UP_OVERFLOW);
      return Decimal.zero();
    }
    return new Decimal(floor.value.add(fractional()));
  }
}

function fractional(): Uint128 {
  return Uint128.fromU64(FRACTIONAL);
}

/** 10^exp for exp <= 38. */
function pow10(exp: u32): Uint128 {
  return Uint128.fromU64(10).pow(exp);
}

function widen(x: Uint128): Uint256 {
  return Uint256.fromUint128(x);
}

/** The part as a Uint128 if Rust's u128 parser accepts it, else null (no error recorded). */
function parsePart(part: string): Uint128 | null {
  const limbs = new StaticArray<u32>(4);
  if (wide.parseLikeCore(part, limbs) != ParseStatus.Ok) return null;
  return Uint128.fromU128(wide.toU128(limbs));
}

function parseError(input: string, reason: string): Decimal {
  fail(msg.invalidDecimal(input, reason));
  return Decimal.zero();
}

function trimTrailingZeros(digits: string): string {
  let end = digits.length;
  while (end > 0 && digits.charCodeAt(end - 1) == 48) end--;
  return digits.substring(0, end);
}
