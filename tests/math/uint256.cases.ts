// Uint256-specific checks: constants, conversions to and from Uint128, bnum-compatible parsing
// with the deserializer's exact error texts, and long-division corner cases.

import { expect, it } from "vitest";
import { Case, MathFixture, mismatches } from "./harness";
import { ERR, IntOp, intExpected } from "./models";
import { ADD_BACK_128 } from "./uint128.cases";

const MAX = (1n << 256n) - 1n;
const MAX128 = (1n << 128n) - 1n;

/** The serde error of cosmwasm-std 2.2 for a bad Uint256 string (the "$t" is really in it). */
const invalid = (input: string, reason: string) =>
  `ERR:invalid $t '${input}' - Generic error: Parsing u256: ${reason}`;
const EMPTY = "received empty string";
const DIGIT = "(bnum) attempt to parse integer from string containing invalid digit";
const LARGE = "(bnum) attempt to parse integer too large to be represented by the target type";

/** Long divisions of up to 256 bits whose quotient-digit guess must be corrected by adding back. */
const ADD_BACK_256: [bigint, bigint][] = [
  [
    0x80000000fffffffe0000ffff0000000000000000fffffffe8000000080000000n,
    0x80000000fffffffe0000ffff00000000fffffffefffffffefffffffe80000000n,
  ],
  [0x200000002000000000000000080000000n, 0x20000000200000002n],
  [
    0x800000000000ffff80000000000000000000000080000000800000000000ffffn,
    0x800000000000ffff8000000000000000000000020000000280000000fffffffen,
  ],
  [0xfffffffefffffffe0000000200000002fffffffe0000000280000000n, 0xfffffffefffffffe80000000800000000000ffffn],
  [0xfffffffe0000ffff000000000000ffff000000020000ffff80000000n, 0xfffffffe0000ffff8000000000000000fffffffen],
  ...ADD_BACK_128,
];

export function uint256Cases(math: () => MathFixture): void {
  const u = (op: string, a = "", b = "", c = "") => math().u256(op, a, b, c);

  it("has cosmwasm-std's constants", () => {
    expect(u("zero")).toBe("0");
    expect(u("one")).toBe("1");
    expect(u("max")).toBe(String(MAX));
  });

  it("converts from and to u64 and Uint128", () => {
    expect(u("fromU64", "18446744073709551615")).toBe("18446744073709551615");
    expect(u("toU64", "18446744073709551615")).toBe("18446744073709551615");
    expect(u("toU64", "18446744073709551616")).toBe(ERR.conversion("Uint256", "Uint64"));
    expect(u("fromUint128", String(MAX128))).toBe(String(MAX128));
    expect(u("toUint128", String(MAX128))).toBe(String(MAX128));
    expect(u("toUint128", String(MAX128 + 1n))).toBe(ERR.conversion("Uint256", "Uint128"));
    expect(u("toUint128", String(MAX))).toBe(ERR.conversion("Uint256", "Uint128"));
    expect(u("isZero", "0")).toBe("1");
    expect(u("isZero", String(1n << 255n))).toBe("0");
  });

  it("parses what bnum's from_str_radix accepts", () => {
    const accepted: [string, string][] = [
      ["0", "0"],
      ["+0", "0"],
      ["+1", "1"],
      ["007", "7"],
      ["0".repeat(90) + "1", "1"],
      ["1" + "0".repeat(77), "1" + "0".repeat(77)],
      [String(MAX), String(MAX)],
      ["+" + String(MAX), String(MAX)],
      [String(MAX128 + 1n), String(MAX128 + 1n)],
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
      ["0x10", DIGIT],
      ["\uff11", DIGIT],
      [String(MAX + 1n), LARGE],
      ["9".repeat(80), LARGE],
      // bnum reads 19-digit chunks and checks a chunk's overflow before its digits:
      ["340282366920938463463374607431768211456x", DIGIT],
      ["9".repeat(77) + "x", LARGE],
      ["9".repeat(78) + "x", LARGE],
      ["x" + "9".repeat(80), DIGIT],
    ];
    for (const [input, reason] of rejected) expect(u("parse", input), input).toBe(invalid(input, reason));
  });

  it("fails on storage bytes of the wrong length", () => {
    expect(u("fromBytes", "00".repeat(16))).toBe("ERR:Invalid data size: expected=32 actual=16");
  });

  it("matches cosmwasm-std's multiply_ratio and mul_ceil tests", () => {
    const ratio = (x: bigint, n: bigint, d: bigint) => u("multiplyRatio", String(x), String(n), String(d));
    const ceil = (x: bigint, n: bigint, d: bigint) => u("multiplyRatioCeil", String(x), String(n), String(d));
    expect(ratio(500n, MAX, MAX)).toBe("500");
    expect(ratio(500n, 333333n, 222222n)).toBe("750");
    expect(ratio(MAX - 9n, 2n, 2n)).toBe(String(MAX - 9n));
    expect(ratio(MAX, MAX, MAX - 1n)).toBe(ERR.multiplicationOverflow);
    expect(ratio(500n, 1n, 0n)).toBe(ERR.denominatorZero);
    expect(ceil(MAX, 21n, 8n)).toBe(ERR.conversion("Uint512", "Uint256"));
    expect(ceil(123456n, 21n, 0n)).toBe(ERR.divideByZero);
    // (2^129 - 1)(2^129 + 1) / 4 = MAX + 3/4: the floor fits, only the final +1 overflows.
    expect(ceil((1n << 129n) - 1n, (1n << 129n) + 1n, 4n)).toBe(ERR.add);
  });

  it("divides by divisors >= 2^255 and >= 2^127 below the dividend", async () => {
    const divisors = [1n << 255n, (1n << 255n) + 1n, MAX - 1n, 1n << 127n, (1n << 127n) + 1n, MAX128];
    const dividends = [MAX, MAX - 1n, (1n << 255n) + 5n, MAX128 + 1n, MAX128];
    const ops: IntOp[] = ["div", "rem", "multiplyRatio", "multiplyRatioCeil"];
    const cases = dividends.flatMap((a) =>
      divisors.flatMap((d) =>
        ops.map((op): Case => {
          const [b, c] = op.startsWith("multiply") ? [1n, d] : [d, 0n];
          return { call: ["u256", op, String(a), String(b), String(c)], expected: intExpected(256, op, a, b, c) };
        }),
      ),
    );
    expect(await mismatches(cases, 10_000)).toEqual([]);
  }, 20_000);

  it("takes the rare add-back step of long division correctly", async () => {
    const cases = ADD_BACK_256.flatMap(([a, b]) =>
      (["div", "rem"] as IntOp[]).map((op): Case => ({
        call: ["u256", op, String(a), String(b), ""],
        expected: intExpected(256, op, a, b),
      })),
    );
    expect(await mismatches(cases)).toEqual([]);
  });
}
