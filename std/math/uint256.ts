// Uint256: cosmwasm-std's checked 256-bit unsigned integer, on eight 32-bit limbs (./wide);
// as-bignum's u256 has no division and its checked variant traps. Failures follow Uint128's rules:
// cosmwasm-std's error text through `fail`, and a zero result.

import { fail } from "../error";
import * as msg from "./messages";
import { Uint128 } from "./uint128";
import * as wide from "./wide";
import { Limbs, ParseStatus } from "./wide";

const LIMBS = 8;
const BYTES = 32;

@final
export class Uint256 {
  // Never mutated after construction.
  private constructor(private readonly limbs: Limbs) {}

  static zero(): Uint256 {
    return new Uint256(new StaticArray<u32>(LIMBS));
  }

  static one(): Uint256 {
    return Uint256.fromU64(1);
  }

  static max(): Uint256 {
    const limbs = new StaticArray<u32>(LIMBS);
    for (let i = 0; i < LIMBS; i++) limbs[i] = u32.MAX_VALUE;
    return new Uint256(limbs);
  }

  static fromU64(value: u64): Uint256 {
    return new Uint256(wide.fromWords(value, 0, LIMBS));
  }

  static fromUint128(value: Uint128): Uint256 {
    const v = value.toU128();
    return new Uint256(wide.fromWords(v.lo, v.hi, LIMBS));
  }

  /**
   * Parses a decimal string as cosmwasm-std's JSON deserializer does (bnum's `from_str_radix`):
   * an optional '+', then one or more ASCII digits, leading zeros allowed; nothing else.
   */
  static fromString(s: string): Uint256 {
    const limbs = new StaticArray<u32>(LIMBS);
    const status = wide.parseLikeBnum(s, limbs);
    if (status == ParseStatus.Ok) return new Uint256(limbs);
    fail(msg.invalidInteger(s, "Parsing u256: " + bnumParseReason(status)));
    return Uint256.zero();
  }

  /** From the 32-byte big-endian form that `toBytesBE` writes (storage keys). */
  static fromBytesBE(bytes: Uint8Array): Uint256 {
    if (bytes.length != BYTES) {
      fail(msg.invalidDataSize(BYTES, bytes.length));
      return Uint256.zero();
    }
    return new Uint256(wide.fromBytesBE(bytes, LIMBS));
  }

  toU64(): u64 {
    if (!wide.fitsIn(this.limbs, 2)) {
      fail(msg.conversionOverflow("Uint256", "Uint64"));
      return 0;
    }
    return wide.word(this.limbs, 0);
  }

  toUint128(): Uint128 {
    if (!this.fitsUint128()) {
      fail(msg.conversionOverflow("Uint256", "Uint128"));
      return Uint128.zero();
    }
    return toUint128(this.limbs);
  }

  toString(): string {
    return wide.toDecimal(this.limbs);
  }

  /** 32 bytes, big-endian, so byte order equals numeric order in storage keys. */
  toBytesBE(): Uint8Array {
    return wide.toBytesBE(this.limbs);
  }

  isZero(): bool {
    return wide.isZero(this.limbs);
  }

  /** Whether `toUint128` would succeed. */
  fitsUint128(): bool {
    return wide.fitsIn(this.limbs, 4);
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than `other`. */
  cmp(other: Uint256): i32 {
    return wide.compare(this.limbs, other.limbs);
  }

  eq(other: Uint256): bool {
    return this.cmp(other) == 0;
  }

  lt(other: Uint256): bool {
    return this.cmp(other) < 0;
  }

  le(other: Uint256): bool {
    return this.cmp(other) <= 0;
  }

  gt(other: Uint256): bool {
    return this.cmp(other) > 0;
  }

  ge(other: Uint256): bool {
    return this.cmp(other) >= 0;
  }

  add(other: Uint256): Uint256 {
    const sum = new StaticArray<u32>(LIMBS);
    if (wide.add(this.limbs, other.limbs, sum) != 0) {
      fail(msg.OVERFLOW_ADD);
      return Uint256.zero();
    }
    return new Uint256(sum);
  }

  sub(other: Uint256): Uint256 {
    const diff = new StaticArray<u32>(LIMBS);
    if (wide.sub(this.limbs, other.limbs, diff) != 0) {
      fail(msg.OVERFLOW_SUB);
      return Uint256.zero();
    }
    return new Uint256(diff);
  }

  /** this - other, or zero when other is larger. */
  saturatingSub(other: Uint256): Uint256 {
    const diff = new StaticArray<u32>(LIMBS);
    return wide.sub(this.limbs, other.limbs, diff) != 0 ? Uint256.zero() : new Uint256(diff);
  }

  mul(other: Uint256): Uint256 {
    const product = this.product(other);
    if (product === null) {
      fail(msg.OVERFLOW_MUL);
      return Uint256.zero();
    }
    return product;
  }

  /** this^exp by repeated squaring; 0^0 is 1 as in Rust. */
  pow(exp: u32): Uint256 {
    let result = Uint256.one();
    let base: Uint256 = this;
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

  div(other: Uint256): Uint256 {
    if (other.isZero()) {
      fail(msg.DIVIDE_BY_ZERO);
      return Uint256.zero();
    }
    const quotient = new StaticArray<u32>(LIMBS);
    wide.divRem(this.limbs, other.limbs, quotient, new StaticArray<u32>(LIMBS));
    return new Uint256(quotient);
  }

  rem(other: Uint256): Uint256 {
    if (other.isZero()) {
      fail(msg.DIVIDE_BY_ZERO);
      return Uint256.zero();
    }
    const remainder = new StaticArray<u32>(LIMBS);
    wide.divRem(this.limbs, other.limbs, new StaticArray<u32>(LIMBS), remainder);
    return new Uint256(remainder);
  }

  /**
   * floor(this × numerator / denominator) with a 512-bit intermediate, like cosmwasm-std's
   * `checked_multiply_ratio` (same errors).
   */
  multiplyRatio(numerator: Uint256, denominator: Uint256): Uint256 {
    if (denominator.isZero()) {
      fail(msg.RATIO_DENOMINATOR_ZERO);
      return Uint256.zero();
    }
    const quotient = new StaticArray<u32>(2 * LIMBS);
    this.mulDiv(numerator, denominator, quotient, new StaticArray<u32>(LIMBS));
    if (!wide.fitsIn(quotient, LIMBS)) {
      fail(msg.RATIO_OVERFLOW);
      return Uint256.zero();
    }
    return new Uint256(wide.copyLow(quotient, LIMBS));
  }

  /**
   * ceil(this × numerator / denominator) with a 512-bit intermediate. cosmwasm-std spells this
   * `checked_mul_ceil((numerator, denominator))`, and its errors are that function's.
   */
  multiplyRatioCeil(numerator: Uint256, denominator: Uint256): Uint256 {
    if (denominator.isZero()) {
      fail(msg.DIVIDE_BY_ZERO);
      return Uint256.zero();
    }
    const quotient = new StaticArray<u32>(2 * LIMBS);
    const remainder = new StaticArray<u32>(LIMBS);
    this.mulDiv(numerator, denominator, quotient, remainder);
    if (!wide.fitsIn(quotient, LIMBS)) {
      fail(msg.conversionOverflow("Uint512", "Uint256"));
      return Uint256.zero();
    }
    const floor = new Uint256(wide.copyLow(quotient, LIMBS));
    return wide.isZero(remainder) ? floor : floor.add(Uint256.one());
  }

  /** The product, or null when it needs more than 256 bits. */
  private product(other: Uint256): Uint256 | null {
    const full = wide.mul(this.limbs, other.limbs);
    return wide.fitsIn(full, LIMBS) ? new Uint256(wide.copyLow(full, LIMBS)) : null;
  }

  /** this × numerator / denominator over 512 bits into quotient (16 limbs) and remainder (8). */
  private mulDiv(numerator: Uint256, denominator: Uint256, quotient: Limbs, remainder: Limbs): void {
    wide.divRem(wide.mul(this.limbs, numerator.limbs), denominator.limbs, quotient, remainder);
  }
}

function toUint128(limbs: Limbs): Uint128 {
  return Uint128.fromU128(wide.toU128(limbs));
}

function powOverflow(): Uint256 {
  fail(msg.OVERFLOW_POW);
  return Uint256.zero();
}

function bnumParseReason(status: ParseStatus): string {
  if (status == ParseStatus.Empty) return msg.U256_EMPTY;
  if (status == ParseStatus.InvalidDigit) return msg.BNUM_INVALID_DIGIT;
  return msg.BNUM_TOO_LARGE;
}
