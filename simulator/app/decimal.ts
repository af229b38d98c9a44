// 18-decimal fixed point on bigint: a value x stands for x / 10^18, as cosmwasm-std's Decimal and
// Decimal256 and the SDK's LegacyDec do. No floats anywhere, so results are exact and portable.

import { AppError } from "./context";

export const DECIMAL_PLACES = 18;
/** 1.0 in fixed point. */
export const ONE = 10n ** 18n;

/** "0.05" → 5·10^16. An optional leading "-" is kept so callers can reject it with their own text. */
export function parseDecimal(text: string): bigint {
  const m = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(text);
  if (m === null) throw new AppError(`invalid decimal: ${JSON.stringify(text)}`);
  const fraction = m[3] ?? "";
  if (fraction.length > DECIMAL_PLACES) throw new AppError(`invalid decimal: more than 18 fractional digits in ${text}`);
  const value = BigInt(m[2]) * ONE + BigInt(fraction.padEnd(DECIMAL_PLACES, "0"));
  return m[1] === "-" ? -value : value;
}

function parts(value: bigint): { sign: string; whole: bigint; fraction: string } {
  const abs = value < 0n ? -value : value;
  return {
    sign: value < 0n ? "-" : "",
    whole: abs / ONE,
    fraction: (abs % ONE).toString().padStart(DECIMAL_PLACES, "0"),
  };
}

/** cosmwasm-std Display: no trailing zeros, no dot for whole numbers, "0" for zero. */
export function formatDecimal(value: bigint): string {
  const { sign, whole, fraction } = parts(value);
  const trimmed = fraction.replace(/0+$/, "");
  return trimmed === "" ? `${sign}${whole}` : `${sign}${whole}.${trimmed}`;
}

/** SDK LegacyDec.String(): always 18 fractional digits ("1000.000000000000000000"). */
export function formatLegacyDec(value: bigint): string {
  const { sign, whole, fraction } = parts(value);
  return `${sign}${whole}.${fraction}`;
}

/** a · b in fixed point, truncated toward zero (LegacyDec.MulTruncate). */
export function mulTruncate(a: bigint, b: bigint): bigint {
  return (a * b) / ONE;
}

/** An integer amount times a fixed-point factor, truncated (LegacyDec.MulInt(..).TruncateInt()). */
export function mulIntTruncate(amount: bigint, factor: bigint): bigint {
  return (amount * factor) / ONE;
}

/** Splits a non-negative fixed-point value into its integer part and the fractional remainder. */
export function truncateDecimal(value: bigint): { integer: bigint; remainder: bigint } {
  return { integer: value / ONE, remainder: value % ONE };
}

// ---- cosmossdk.io/math v1.5.3 LegacyDec operations (legacy_dec.go), on fixed-point values ----

/** chopPrecisionAndRound: divides by 10^18, rounding half to even (non-negative input). */
export function chopRound(x: bigint): bigint {
  const q = x / ONE;
  const r = x % ONE;
  const half = ONE / 2n;
  if (r < half) return q;
  if (r > half) return q + 1n;
  return q % 2n === 0n ? q : q + 1n;
}

/** LegacyDec.Quo: a / b rounded half to even at 18 decimals. */
export const decQuo = (a: bigint, b: bigint): bigint => chopRound((a * ONE * ONE) / b);

/** LegacyDec.QuoTruncate: a / b truncated at 18 decimals. */
export const decQuoTruncate = (a: bigint, b: bigint): bigint => (a * ONE) / b;

/** LegacyDec.Mul: a · b rounded half to even at 18 decimals. */
export const decMul = (a: bigint, b: bigint): bigint => chopRound(a * b);
