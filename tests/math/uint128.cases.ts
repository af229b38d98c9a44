// Uint128-specific checks: constants, conversions, strict parsing with the deserializer's exact
// error texts, cases from cosmwasm-std's own tests, and the divisions as-bignum gets wrong.

import { expect, it } from "vitest";
import { Case, MathFixture, mismatches } from "./harness";
import { ERR, IntOp, intExpected } from "./models";

const MAX = (1n << 128n) - 1n;

/** The serde error of cosmwasm-std 2.2 for a bad Uint128 string (the "$t" is really in it). */
const invalid = (input: string, reason: string) =>
  `ERR:invalid $t '${input}' - Generic error: Parsing u128: ${reason}`;
const EMPTY = "cannot parse integer from empty string";
const DIGIT = "invalid digit found in string";
const LARGE = "number too large to fit in target type";

/** Long divisions whose first quotient-digit guess is one too high, so algorithm D adds back. */
export const ADD_BACK_128: [bigint, bigint][] = [
  [39614081257132168796771975171n, 9903520314283042199192993793n],
  [604462909807314587353091n, 151115727451828646838273n],
  [2596069201709362459734969208012800n, 604462909807314587353089n],
  [2596148429267413814546714551386112n, 604462909807314587418623n],
  [170141183460469231750134047781003722752n, 39614081257132168801066942463n],
  [170141183420855150474555134919112130560n, 39614081257132168796771975169n],
  [0xfffffffe0000000200000002fffffffen, 0xfffffffe00000002fffffffe00000000n],
  [0xffff0000ffff00000000fffffffen, 0xfffffffffffefffffffen],
  [0xfffffffe000000000000000280000000n, 0xfffffffe0000000080000000n],
];

export function uint128Cases(math: () => MathFixture): void {
  const u = (op: string, a = "", b = "", c = "") => math().u128(op, a, b, c);

  it("has cosmwasm-std's constants", () => {
    expect(u("zero")).toBe("0");
    expect(u("one")).toBe("1");
    expect(u("max")).toBe(String(MAX));
  });

  it("converts from and to u64 and as-bignum's u128", () => {
    expect(u("fromU64", "18446744073709551615")).toBe("18446744073709551615");
    expect(u("toU64", "18446744073709551615")).toBe("18446744073709551615");
    expect(u("toU64", "18446744073709551616")).toBe(ERR.conversion("Uint128", "Uint64"));
    expect(u("toU64", String(MAX))).toBe(ERR.conversion("Uint128", "Uint64"));
    expect(u("u128", String(MAX - 12345n))).toBe(String(MAX - 12345n));
    expect(u("isZero", "0")).toBe("1");
    expect(u("isZero", "18446744073709551616")).toBe("0");
  });

  it("parses what Rust's u128::from_str accepts", () => {
    const accepted: [string, string][] = [
      ["0", "0"],
      ["+0", "0"],
      ["+1", "1"],
      ["007", "7"],
      ["0".repeat(60) + "1", "1"],
      ["340282366920938463463374607431768211455", String(MAX)],
      ["+340282366920938463463374607431768211455", String(MAX)],
    ];
    for (const [input, value] of accepted) expect(u("parse", input), input).toBe(value);
  });

  it("rejects everything else with the deserializer's error naming the input", () => {
    const rejected: [string, string][] = [
      ["", EMPTY],
      ["+", DIGIT],
      ["-", DIGIT],
      ["-0", DIGIT],
      ["-1", DIGIT],
      ["++1", DIGIT],
      ["+-1", DIGIT],
      [" 1", DIGIT],
      ["1 ", DIGIT],
      ["12abc", DIGIT],
      ["1e3", DIGIT],
      ["1.0", DIGIT],
      ["1_000", DIGIT],
      ["0x10", DIGIT],
      ["\u0663", DIGIT], // ARABIC-INDIC DIGIT THREE: digits are ASCII only
      ["\uff11", DIGIT], // FULLWIDTH DIGIT ONE
      ["340282366920938463463374607431768211456", LARGE],
      ["9".repeat(80), LARGE],
      // Rust checks digit by digit from the left: whichever problem comes first wins.
      ["340282366920938463463374607431768211456x", LARGE],
      ["x" + "9".repeat(80), DIGIT],
    ];
    for (const [input, reason] of rejected) expect(u("parse", input), input).toBe(invalid(input, reason));
  });

  it("fails on storage bytes of the wrong length", () => {
    expect(u("fromBytes", "00".repeat(15))).toBe("ERR:Invalid data size: expected=16 actual=15");
    expect(u("fromBytes", "00".repeat(17))).toBe("ERR:Invalid data size: expected=16 actual=17");
    expect(u("fromBytes", "00000000000000000000000000000102")).toBe("258");
  });

  it("matches cosmwasm-std's multiply_ratio, mul_floor and mul_ceil tests", () => {
    const ratio = (x: bigint, n: bigint, d: bigint) => u("multiplyRatio", String(x), String(n), String(d));
    const ceil = (x: bigint, n: bigint, d: bigint) => u("multiplyRatioCeil", String(x), String(n), String(d));
    expect(ratio(500n, 1n, 1n)).toBe("500");
    expect(ratio(500n, 654321n, 654321n)).toBe("500");
    expect(ratio(500n, MAX, MAX)).toBe("500");
    expect(ratio(500n, 3n, 2n)).toBe("750");
    expect(ratio(500n, 333333n, 222222n)).toBe("750");
    expect(ratio(500n, 2n, 3n)).toBe("333");
    expect(ratio(500n, 5n, 6n)).toBe("416");
    expect(ratio(500n, 100n, 120n)).toBe("416");
    expect(ratio(MAX - 9n, 2n, 2n)).toBe(String(MAX - 9n));
    expect(ratio(MAX - 9n, 2n, 1n)).toBe(ERR.multiplicationOverflow);
    expect(ratio(500n, MAX, 1n)).toBe(ERR.multiplicationOverflow);
    expect(ratio(500n, 1n, 0n)).toBe(ERR.denominatorZero);

    expect(ratio(123456n, 8n, 21n)).toBe("47030");
    expect(ceil(123456n, 8n, 21n)).toBe("47031");
    expect(ceil(123456n, 0n, 21n)).toBe("0");
    expect(ceil(25n, 2n, 5n)).toBe("10");
    expect(ratio(MAX, 8n, 21n)).toBe("129631377874643224176523659974006937697");
    expect(ceil(MAX, 8n, 21n)).toBe("129631377874643224176523659974006937698");
    expect(ceil(MAX, 21n, 8n)).toBe(ERR.conversion("Uint256", "Uint128"));
    expect(ceil(123456n, 21n, 0n)).toBe(ERR.divideByZero);
    // (2^65 - 1)(2^65 + 1) / 4 = MAX + 3/4: the floor fits, only the final +1 overflows.
    expect(ceil((1n << 65n) - 1n, (1n << 65n) + 1n, 4n)).toBe(ERR.add);
  });

  it("divides correctly where as-bignum fails: divisors >= 2^127 below the dividend", async () => {
    // The headline case: (2^128 - 1) / (2^127 + 1) = 1.
    const big = [1n << 127n, (1n << 127n) + 1n, (1n << 127n) + (1n << 64n), MAX - 1n, MAX];
    const dividends = [MAX, MAX - 1n, (1n << 127n) + 5n, 1n << 127n, (1n << 127n) - 1n, 5n];
    const ops: IntOp[] = ["div", "rem", "multiplyRatio", "multiplyRatioCeil"];
    const cases = dividends.flatMap((a) =>
      big.flatMap((d) =>
        ops.map((op): Case => {
          // multiplyRatio divides a 256-bit product by d: use numerator 1 so the division is a / d.
          const [b, c] = op.startsWith("multiply") ? [1n, d] : [d, 0n];
          return { call: ["u128", op, String(a), String(b), String(c)], expected: intExpected(128, op, a, b, c) };
        }),
      ),
    );
    expect(await mismatches(cases, 10_000)).toEqual([]);
  }, 20_000);

  it("takes the rare add-back step of long division correctly", async () => {
    const cases = ADD_BACK_128.flatMap(([a, b]) =>
      (["div", "rem"] as IntOp[]).map((op): Case => ({
        call: ["u128", op, String(a), String(b), ""],
        expected: intExpected(128, op, a, b),
      })),
    );
    expect(await mismatches(cases)).toEqual([]);
  });
}
