// Error texts, word for word as cosmwasm-std 2.2 displays them, so a contract built on std/math
// fails with the same message as its Rust counterpart. Sources (CosmWasm/cosmwasm at v2.2.2):
// packages/std/src/errors/std_error.rs (error types), packages/std/src/math/*.rs (which error each
// operation returns), Rust core's ParseIntError and bnum 0.11's ParseIntError (integer parsing).

/** OverflowError: "Cannot {operation} with given operands" with the OverflowOperation's name. */
export const OVERFLOW_ADD = "Cannot Add with given operands";
export const OVERFLOW_SUB = "Cannot Sub with given operands";
export const OVERFLOW_MUL = "Cannot Mul with given operands";
export const OVERFLOW_POW = "Cannot Pow with given operands";

/** DivideByZeroError (checked_div, checked_rem, checked_mul_ceil, checked_div_floor). */
export const DIVIDE_BY_ZERO = "Cannot divide by zero";

/** CheckedMultiplyRatioError (multiply_ratio) and CheckedFromRatioError (from_ratio, Decimal div). */
export const RATIO_DENOMINATOR_ZERO = "Denominator must not be zero";
export const RATIO_OVERFLOW = "Multiplication overflow";
export const FROM_RATIO_OVERFLOW = "Overflow";

/** DecimalRangeExceeded (Decimal::from_atomics). */
export const DECIMAL_RANGE_EXCEEDED = "Decimal range exceeded";

/** RoundUpOverflowError (Decimal::checked_ceil). */
export const ROUND_UP_OVERFLOW = "Round up operation failed because of overflow";

/** ConversionOverflowError, e.g. Uint256 → Uint128 (also what checked_mul_floor/ceil report). */
export function conversionOverflow(source: string, target: string): string {
  return "Error converting " + source + " to " + target;
}

/** StdError::InvalidDataSize, for byte strings of the wrong length. */
export function invalidDataSize(expected: i32, actual: i32): string {
  return "Invalid data size: expected=" + expected.toString() + " actual=" + actual.toString();
}

/** Rust core's ParseIntError texts, which Uint128::from_str wraps in "Parsing u128: …". */
export const CORE_EMPTY = "cannot parse integer from empty string";
export const CORE_INVALID_DIGIT = "invalid digit found in string";
export const CORE_TOO_LARGE = "number too large to fit in target type";

/** Uint256::from_str's own empty check, then bnum's ParseIntError texts. */
export const U256_EMPTY = "received empty string";
export const BNUM_INVALID_DIGIT = "(bnum) attempt to parse integer from string containing invalid digit";
export const BNUM_TOO_LARGE = "(bnum) attempt to parse integer too large to be represented by the target type";

/**
 * What the serde deserializer of cosmwasm-std's integers reports for a bad string. The macro
 * `impl_int_serde!` (math/mod.rs) writes `stringify!($t)` although its parameter is `$ty`, so Rust
 * prints the literal text "$t" where the type name was meant; we reproduce it byte for byte.
 */
export function invalidInteger(input: string, reason: string): string {
  return "invalid $t '" + input + "' - Generic error: " + reason;
}

/** What Decimal's serde deserializer reports: "Error parsing decimal '{v}': {StdError}". */
export function invalidDecimal(input: string, reason: string): string {
  return "Error parsing decimal '" + input + "': Generic error: " + reason;
}

/** The reasons Decimal::from_str gives (all StdError::generic_err). */
export const DECIMAL_WHOLE = "Error parsing whole";
export const DECIMAL_FRACTIONAL = "Error parsing fractional";
export const DECIMAL_TOO_BIG = "Value too big";
export const DECIMAL_TOO_PRECISE = "Cannot parse more than 18 fractional digits";
export const DECIMAL_DOTS = "Unexpected number of dots";
