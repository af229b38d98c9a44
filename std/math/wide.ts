// Unsigned integers of any width as little-endian arrays of 32-bit limbs.
//
// The engine under Uint128, Uint256 and Decimal for everything native 64-bit words cannot do:
// full products, long division, decimal parsing and printing. 32-bit limbs keep every partial
// product inside a u64, which WebAssembly computes natively. as-bignum's own division is never
// used: for divisors >= 2^127 it gives wrong quotients, traps, or (per our fact sheet) loops.
//
// Functions write only into arrays they allocate or that the caller passes as outputs, so the
// public number types can stay immutable.

import { u128 } from "as-bignum/assembly";

export type Limbs = StaticArray<u32>;

const LIMB_BITS: u64 = 32;
const LIMB_MASK: u64 = 0xffffffff;
const BASE: u64 = 1 << LIMB_BITS;

/** `limbs` limbs holding the 128-bit value hi·2^64 + lo. */
export function fromWords(lo: u64, hi: u64, limbs: i32): Limbs {
  const out = new StaticArray<u32>(limbs);
  out[0] = <u32>lo;
  out[1] = <u32>(lo >> LIMB_BITS);
  out[2] = <u32>hi;
  out[3] = <u32>(hi >> LIMB_BITS);
  return out;
}

/** The 64-bit word made of limbs 2i and 2i+1. */
export function word(a: Limbs, i: i32): u64 {
  return (<u64>a[2 * i + 1] << LIMB_BITS) | <u64>a[2 * i];
}

/** The lowest 128 bits as as-bignum's u128. */
export function toU128(a: Limbs): u128 {
  return new u128(word(a, 0), word(a, 1));
}

/** Limbs up to the most significant non-zero one (0 for the value zero). */
export function usedLength(a: Limbs): i32 {
  let n = a.length;
  while (n > 0 && unchecked(a[n - 1]) == 0) n--;
  return n;
}

export function isZero(a: Limbs): bool {
  return usedLength(a) == 0;
}

/** Whether the value fits in its lowest `limbs` limbs. */
export function fitsIn(a: Limbs, limbs: i32): bool {
  return usedLength(a) <= limbs;
}

/** A copy of the lowest `limbs` limbs of `a` (the caller knows any higher ones are zero). */
export function copyLow(a: Limbs, limbs: i32): Limbs {
  const out = new StaticArray<u32>(limbs);
  for (let i = 0; i < limbs && i < a.length; i++) out[i] = a[i];
  return out;
}

/** -1, 0 or 1 as a <, == or > b; both have the same length. */
export function compare(a: Limbs, b: Limbs): i32 {
  for (let i = a.length - 1; i >= 0; i--) {
    const x = a[i];
    const y = b[i];
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** out = a + b over equal lengths; returns the carry out of the top limb (1 = overflow). */
export function add(a: Limbs, b: Limbs, out: Limbs): u64 {
  let carry: u64 = 0;
  for (let i = 0; i < a.length; i++) {
    const sum = <u64>a[i] + <u64>b[i] + carry;
    out[i] = <u32>sum;
    carry = sum >> LIMB_BITS;
  }
  return carry;
}

/** out = a - b over equal lengths; returns the borrow out of the top limb (1 = a < b). */
export function sub(a: Limbs, b: Limbs, out: Limbs): u64 {
  let borrow: u64 = 0;
  for (let i = 0; i < a.length; i++) {
    const diff = <u64>a[i] - <u64>b[i] - borrow;
    out[i] = <u32>diff;
    borrow = (diff >> LIMB_BITS) & 1;
  }
  return borrow;
}

/** The full product, a.length + b.length limbs, so it never overflows. */
export function mul(a: Limbs, b: Limbs): Limbs {
  const out = new StaticArray<u32>(a.length + b.length);
  const n = usedLength(b);
  for (let i = 0; i < a.length; i++) {
    const ai = <u64>a[i];
    if (ai == 0) continue;
    let carry: u64 = 0;
    for (let j = 0; j < n; j++) {
      // (2^32-1)^2 + 2(2^32-1) = 2^64-1: the sum cannot leave the u64.
      const t = ai * <u64>b[j] + <u64>out[i + j] + carry;
      out[i + j] = <u32>t;
      carry = t >> LIMB_BITS;
    }
    out[i + n] = <u32>carry;
  }
  return out;
}

/** In place a = a * factor + addend; returns the carry out of the top limb (non-zero = overflow). */
export function mulSmallAdd(a: Limbs, factor: u32, addend: u32): u64 {
  let carry = <u64>addend;
  for (let i = 0; i < a.length; i++) {
    const t = <u64>a[i] * <u64>factor + carry;
    a[i] = <u32>t;
    carry = t >> LIMB_BITS;
  }
  return carry;
}

/** In place a = a / divisor; returns the remainder. */
export function divSmall(a: Limbs, divisor: u32): u32 {
  let rem: u64 = 0;
  for (let i = a.length - 1; i >= 0; i--) {
    const cur = (rem << LIMB_BITS) | <u64>a[i];
    a[i] = <u32>(cur / <u64>divisor);
    rem = cur % <u64>divisor;
  }
  return <u32>rem;
}

/**
 * Long division: q = u / v, r = u % v (Knuth, TAOCP 4.3.1 algorithm D, in the form of Hacker's
 * Delight `divmnu`). q needs at least u.length limbs, r at least v.length; both must be zero on
 * entry. A zero divisor is a bug here: callers turn it into a contract error first.
 */
export function divRem(u: Limbs, v: Limbs, q: Limbs, r: Limbs): void {
  const m = usedLength(u);
  const n = usedLength(v);
  if (n == 0) unreachable();
  if (m < n) {
    for (let i = 0; i < m; i++) r[i] = u[i];
    return;
  }
  if (n == 1) {
    divByLimb(u, m, v[0], q, r);
    return;
  }
  // Normalize so the divisor's top bit is set; that bounds each quotient-digit guess to 2 too high.
  const shift = <u64>clz(v[n - 1]);
  const vn = shiftedLeft(v, n, shift, n);
  const un = shiftedLeft(u, m, shift, m + 1);
  const vTop = <u64>vn[n - 1];
  const vNext = <u64>vn[n - 2];
  for (let j = m - n; j >= 0; j--) {
    const top = (<u64>un[j + n] << LIMB_BITS) | <u64>un[j + n - 1];
    let qhat = top / vTop;
    let rhat = top - qhat * vTop;
    while (qhat >= BASE || qhat * vNext > ((rhat << LIMB_BITS) | <u64>un[j + n - 2])) {
      qhat--;
      rhat += vTop;
      if (rhat >= BASE) break;
    }
    if (subtractMultiple(un, j, vn, n, qhat)) {
      // The guess was one too high (rare): add the divisor back.
      qhat--;
      addBack(un, j, vn, n);
    }
    q[j] = <u32>qhat;
  }
  for (let i = 0; i < n; i++) {
    const pair = (<u64>un[i + 1] << LIMB_BITS) | <u64>un[i];
    r[i] = <u32>(pair >> shift);
  }
}

function divByLimb(u: Limbs, m: i32, d: u32, q: Limbs, r: Limbs): void {
  let rem: u64 = 0;
  for (let i = m - 1; i >= 0; i--) {
    const cur = (rem << LIMB_BITS) | <u64>u[i];
    q[i] = <u32>(cur / <u64>d);
    rem = cur % <u64>d;
  }
  r[0] = <u32>rem;
}

/** The lowest `n` limbs of `a` shifted left by `shift` (< 32) bits, into `size` limbs. */
function shiftedLeft(a: Limbs, n: i32, shift: u64, size: i32): Limbs {
  const out = new StaticArray<u32>(size);
  let carry: u64 = 0;
  for (let i = 0; i < n; i++) {
    const shifted = (<u64>a[i] << shift) | carry;
    out[i] = <u32>shifted;
    carry = shifted >> LIMB_BITS;
  }
  if (size > n) out[n] = <u32>carry;
  return out;
}

/** un[j..j+n] -= qhat * vn; returns whether the result went negative. */
function subtractMultiple(un: Limbs, j: i32, vn: Limbs, n: i32, qhat: u64): bool {
  let borrow: i64 = 0;
  for (let i = 0; i < n; i++) {
    const p = qhat * <u64>vn[i];
    const t = <i64>un[i + j] - borrow - <i64>(p & LIMB_MASK);
    un[i + j] = <u32>t;
    borrow = <i64>(p >> LIMB_BITS) - (t >> 32);
  }
  const t = <i64>un[j + n] - borrow;
  un[j + n] = <u32>t;
  return t < 0;
}

/** un[j..j+n] += vn, dropping the final carry (it cancels the earlier borrow). */
function addBack(un: Limbs, j: i32, vn: Limbs, n: i32): void {
  let carry: u64 = 0;
  for (let i = 0; i < n; i++) {
    const t = <u64>un[i + j] + <u64>vn[i] + carry;
    un[i + j] = <u32>t;
    carry = t >> LIMB_BITS;
  }
  un[j + n] = <u32>(<u64>un[j + n] + carry);
}

/** Base-10 digits, most significant first, without leading zeros ("0" for zero). */
export function toDecimal(a: Limbs): string {
  const rest = copyLow(a, a.length);
  const chunks = new Array<u32>();
  do {
    chunks.push(divSmall(rest, 1_000_000_000));
  } while (usedLength(rest) > 0);
  let out = chunks[chunks.length - 1].toString();
  for (let i = chunks.length - 2; i >= 0; i--) out += chunks[i].toString().padStart(9, "0");
  return out;
}

/** Big-endian bytes, four per limb. */
export function toBytesBE(a: Limbs): Uint8Array {
  const size = a.length << 2;
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[size - 1 - i] = <u8>(a[i >> 2] >> (<u32>(i & 3) << 3));
  return out;
}

/** Limbs from big-endian bytes; the byte count must be 4 × limbs. */
export function fromBytesBE(bytes: Uint8Array, limbs: i32): Limbs {
  const out = new StaticArray<u32>(limbs);
  const size = bytes.length;
  for (let i = 0; i < size; i++) out[i >> 2] |= <u32>bytes[size - 1 - i] << (<u32>(i & 3) << 3);
  return out;
}

/** Outcome of a parse: the reason a string was refused, in the words of the parser it imitates. */
export enum ParseStatus {
  Ok,
  Empty,
  InvalidDigit,
  Overflow,
}

const CHAR_0: i32 = 48;
const CHAR_9: i32 = 57;
const CHAR_PLUS: i32 = 43;

function digitAt(s: string, i: i32): i32 {
  const c = s.charCodeAt(i);
  return c >= CHAR_0 && c <= CHAR_9 ? c - CHAR_0 : -1;
}

/** Where the digits start: after one leading '+', as Rust and bnum allow. */
function digitsStart(s: string): i32 {
  return s.length > 1 && s.charCodeAt(0) == CHAR_PLUS ? 1 : 0;
}

/**
 * Parses into `out` (zeroed) like Rust's `u128::from_str`: an optional '+', then ASCII digits,
 * checked left to right, so the first bad digit or the first overflowing digit decides the error.
 */
export function parseLikeCore(s: string, out: Limbs): ParseStatus {
  if (s.length == 0) return ParseStatus.Empty;
  for (let i = digitsStart(s); i < s.length; i++) {
    const d = digitAt(s, i);
    if (d < 0) return ParseStatus.InvalidDigit;
    if (mulSmallAdd(out, 10, <u32>d) != 0) return ParseStatus.Overflow;
  }
  return ParseStatus.Ok;
}

// bnum reads base 10 in chunks of 19 digits (the most a u64 holds): the first chunk takes the
// leftover length, and each later one first multiplies the total by 10^19, then checks its digits.
const CHUNK_DIGITS = 19;

/**
 * Parses into `out` (zeroed) like bnum 0.11's `from_str_radix(s, 10)` (cosmwasm-std's Uint256):
 * the same strings are accepted as by `parseLikeCore`, but a string that is both too long and
 * malformed can report the other error, because bnum checks each chunk's overflow first.
 */
export function parseLikeBnum(s: string, out: Limbs): ParseStatus {
  if (s.length == 0) return ParseStatus.Empty;
  const first = digitsStart(s);
  const leftover = (s.length - first) % CHUNK_DIGITS;
  let start = first;
  let end = first + (leftover == 0 ? CHUNK_DIGITS : leftover);
  while (start < s.length) {
    if (start > first && !mulPow10(out, CHUNK_DIGITS)) return ParseStatus.Overflow;
    let chunk: u64 = 0;
    for (let i = start; i < end; i++) {
      const d = digitAt(s, i);
      if (d < 0) return ParseStatus.InvalidDigit;
      chunk = chunk * 10 + <u64>d;
    }
    if (!addU64(out, chunk)) return ParseStatus.Overflow;
    start = end;
    end += CHUNK_DIGITS;
  }
  return ParseStatus.Ok;
}

/** In place a *= 10^exp, nine digits at a time (10^9 fits in a limb); false on overflow. */
function mulPow10(a: Limbs, exp: i32): bool {
  while (exp > 0) {
    const step = exp < 9 ? exp : 9;
    if (mulSmallAdd(a, <u32>pow10(step), 0) != 0) return false;
    exp -= step;
  }
  return true;
}

function pow10(exp: i32): u64 {
  let p: u64 = 1;
  for (let i = 0; i < exp; i++) p *= 10;
  return p;
}

/** In place a += x; false on overflow. */
function addU64(a: Limbs, x: u64): bool {
  let carry = x;
  for (let i = 0; i < a.length && carry != 0; i++) {
    const sum = <u64>a[i] + (carry & LIMB_MASK);
    a[i] = <u32>sum;
    carry = (carry >> LIMB_BITS) + (sum >> LIMB_BITS);
  }
  return carry == 0;
}
