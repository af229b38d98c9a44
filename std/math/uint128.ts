// Uint128: cosmwasm-std's checked 128-bit unsigned integer.
//
// Every operation that can overflow, divide by zero or parse garbage records cosmwasm-std's error
// text with `fail` and returns zero; nothing wraps silently. The value lives in an as-bignum `u128`
// for interop, but only its plain fields are used: as-bignum's operators wrap, its division fails
// for divisors >= 2^127 and its parser is lenient, so arithmetic goes through ./wide instead.

import { u128 } from "as-bignum/assembly";
import { fail } from "../error";
import * as msg from "./messages";
import * as wide from "./wide";
import { Limbs, ParseStatus } from "./wide";

const LIMBS = 4;
const BYTES = 16;

@final
export class Uint128 {
  // Never mutated and never handed out: as-bignum's u128 has mutable fields.
  private constructor(private readonly value: u128) {}

  static zero(): Uint128 {
    return Uint128.fromWords(0, 0);
  }

  static one(): Uint128 {
    return Uint128.fromWords(1, 0);
  }

  static max(): Uint128 {
    return Uint128.fromWords(u64.MAX_VALUE, u64.MAX_VALUE);
  }

  static fromU64(value: u64): Uint128 {
    return Uint128.fromWords(value, 0);
  }

  static fromU128(value: u128): Uint128 {
    return Uint128.fromWords(value.lo, value.hi);
  }

  /**
   * Parses a decimal string as cosmwasm-std's JSON deserializer does (Rust's `u128::from_str`):
   * an optional '+', then one or more ASCII digits, leading zeros allowed; nothing else.
   */
  static fromString(s: string): Uint128 {
    const limbs = new StaticArray<u32>(LIMBS);
    const status = wide.parseLikeCore(s, limbs);
    if (status == ParseStatus.Ok) return Uint128.fromLimbs(limbs);
    fail(msg.invalidInteger(s, "Parsing u128: " + coreParseReason(status)));
    return Uint128.zero();
  }

  /** From the 16-byte big-endian form that `toBytesBE` writes (storage keys). */
  static fromBytesBE(bytes: Uint8Array): Uint128 {
    if (bytes.length != BYTES) {
      fail(msg.invalidDataSize(BYTES, bytes.length));
      return Uint128.zero();
    }
    return Uint128.fromLimbs(wide.fromBytesBE(bytes, LIMBS));
  }

  /** A copy as as-bignum's u128. */
  toU128(): u128 {
    return new u128(this.value.lo, this.value.hi);
  }

  toU64(): u64 {
    if (this.value.hi != 0) {
      fail(msg.conversionOverflow("Uint128", "Uint64"));
      return 0;
    }
    return this.value.lo;
  }

  toString(): string {
    return wide.toDecimal(this.limbs());
  }

  /** 16 bytes, big-endian, so byte order equals numeric order in storage keys. */
  toBytesBE(): Uint8Array {
    return wide.toBytesBE(this.limbs());
  }

  isZero(): bool {
    return (this.value.lo | this.value.hi) == 0;
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than `other`. */
  cmp(other: Uint128): i32 {
    return compareWords(this.value.hi, this.value.lo, other.value.hi, other.value.lo);
  }

  eq(other: Uint128): bool {
    return this.cmp(other) == 0;
  }

  lt(other: Uint128): bool {
    return this.cmp(other) < 0;
  }

  le(other: Uint128): bool {
    return this.cmp(other) <= 0;
  }

  gt(other: Uint128): bool {
    return this.cmp(other) > 0;
  }

  ge(other: Uint128): bool {
    return this.cmp(other) >= 0;
  }

  add(other: Uint128): Uint128 {
    const a = this.value;
    const b = other.value;
    // a + b fits exactly when b <= MAX - a, and MAX - a is ~a.
    if (compareWords(b.hi, b.lo, ~a.hi, ~a.lo) > 0) {
      fail(msg.OVERFLOW_ADD);
      return Uint128.zero();
    }
    const lo = a.lo + b.lo;
    return Uint128.fromWords(lo, a.hi + b.hi + (lo < a.lo ? 1 : 0));
  }

  sub(other: Uint128): Uint128 {
    if (this.lt(other)) {
      fail(msg.OVERFLOW_SUB);
      return Uint128.zero();
    }
    return this.minus(other);
  }

  /** this - other, or zero when other is larger. */
  saturatingSub(other: Uint128): Uint128 {
    return this.lt(other) ? Uint128.zero() : this.minus(other);
  }

  mul(other: Uint128): Uint128 {
    const product = this.product(other);
    if (product === null) {
      fail(msg.OVERFLOW_MUL);
      return Uint128.zero();
    }
    return product;
  }

  /** this^exp by repeated squaring; 0^0 is 1 as in Rust. */
  pow(exp: u32): Uint128 {
    let result = Uint128.one();
    let base: Uint128 = this;
    while (exp != 0) {
      if (exp & 1) {
        const next = result.product(base);
        if (next === null) return powOverflow();
        result = next;
      }
      exp >>= 1;
      // Squaring only happens while a higher bit remains, so its overflow means the result's.
      if (exp != 0) {
        const square = base.product(base);
        if (square === null) return powOverflow();
        base = square;
      }
    }
    return result;
  }

  div(other: Uint128): Uint128 {
    if (other.isZero()) {
      fail(msg.DIVIDE_BY_ZERO);
      return Uint128.zero();
    }
    const quotient = new StaticArray<u32>(LIMBS);
    wide.divRem(this.limbs(), other.limbs(), quotient, new StaticArray<u32>(LIMBS));
    return Uint128.fromLimbs(quotient);
  }

  rem(other: Uint128): Uint128 {
    if (other.isZero()) {
      fail(msg.DIVIDE_BY_ZERO);
      return Uint128.zero();
    }
    const remainder = new StaticArray<u32>(LIMBS);
    wide.divRem(this.limbs(), other.limbs(), new StaticArray<u32>(LIMBS), remainder);
    return Uint128.fromLimbs(remainder);
  }

  /**
   * floor(this × numerator / denominator) with a 256-bit intermediate, like cosmwasm-std's
   * `checked_multiply_ratio` (same errors).
   */
  multiplyRatio(numerator: Uint128, denominator: Uint128): Uint128 {
    if (denominator.isZero()) {
      fail(msg.RATIO_DENOMINATOR_ZERO);
      return Uint128.zero();
    }
    const quotient = new StaticArray<u32>(2 * LIMBS);
    this.mulDiv(numerator, denominator, quotient, new StaticArray<u32>(LIMBS));
    if (!wide.fitsIn(quotient, LIMBS)) {
      fail(msg.RATIO_OVERFLOW);
      return Uint128.zero();
    }
    return Uint128.fromLimbs(quotient);
  }

  /**
   * ceil(this × numerator / denominator) with a 256-bit intermediate. cosmwasm-std spells this
   * `checked_mul_ceil((numerator, denominator))`, and its errors are that function's.
   */
  multiplyRatioCeil(numerator: Uint128, denominator: Uint128): Uint128 {
    if (denominator.isZero()) {
      fail(msg.DIVIDE_BY_ZERO);
      return Uint128.zero();
    }
    const quotient = new StaticArray<u32>(2 * LIMBS);
    const remainder = new StaticArray<u32>(LIMBS);
    this.mulDiv(numerator, denominator, quotient, remainder);
    if (!wide.fitsIn(quotient, LIMBS)) {
      fail(msg.conversionOverflow("Uint256", "Uint128"));
      return Uint128.zero();
    }
    const floor = Uint128.fromLimbs(quotient);
    return wide.isZero(remainder) ? floor : floor.add(Uint128.one());
  }

  private static fromWords(lo: u64, hi: u64): Uint128 {
    return new Uint128(new u128(lo, hi));
  }

  private static fromLimbs(limbs: Limbs): Uint128 {
    return new Uint128(wide.toU128(limbs));
  }

  private limbs(): Limbs {
    return wide.fromWords(this.value.lo, this.value.hi, LIMBS);
  }

  /** this - other; the caller has checked other <= this. */
  private minus(other: Uint128): Uint128 {
    const a = this.value;
    const b = other.value;
    return Uint128.fromWords(a.lo - b.lo, a.hi - b.hi - (a.lo < b.lo ? 1 : 0));
  }

  /** The product, or null when it needs more than 128 bits. */
  private product(other: Uint128): Uint128 | null {
    const full = wide.mul(this.limbs(), other.limbs());
    return wide.fitsIn(full, LIMBS) ? Uint128.fromLimbs(full) : null;
  }

  /** this × numerator / denominator over 256 bits into quotient (8 limbs) and remainder (4). */
  private mulDiv(numerator: Uint128, denominator: Uint128, quotient: Limbs, remainder: Limbs): void {
    wide.divRem(wide.mul(this.limbs(), numerator.limbs()), denominator.limbs(), quotient, remainder);
  }
}

function compareWords(aHi: u64, aLo: u64, bHi: u64, bLo: u64): i32 {
  if (aHi != bHi) return aHi < bHi ? -1 : 1;
  if (aLo != bLo) return aLo < bLo ? -1 : 1;
  return 0;
}

function powOverflow(): Uint128 {
  fail(msg.OVERFLOW_POW);
  return Uint128.zero();
}

function coreParseReason(status: ParseStatus): string {
  if (status == ParseStatus.Empty) return msg.CORE_EMPTY;
  if (status == ParseStatus.InvalidDigit) return msg.CORE_INVALID_DIGIT;
  return msg.CORE_TOO_LARGE;
}
