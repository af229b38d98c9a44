// Decimal checks: tables from cosmwasm-std 2.2's decimal.rs tests, the parser's exact errors
// (checked against cosmwasm-std 2.2.2 itself), and random values against a BigInt model.

import { expect, it } from "vitest";
import { Case, MathFixture, mismatches, Rng } from "./harness";
import {
  ceilExpected,
  DecIntOp,
  decIntExpected,
  DecOp,
  decExpected,
  decimalString,
  ERR,
  floorExpected,
  FRACTIONAL,
  MAX128,
} from "./models";

const MAX = "340282366920938463463.374607431768211455";

const invalid = (input: string, reason: string) =>
  `ERR:Error parsing decimal '${input}': Generic error: ${reason}`;

export function decimalCases(math: () => MathFixture): void {
  const d = (op: string, a = "", b = "") => math().dec(op, a, b);

  it("builds zero, one, percent, permille and bps", () => {
    expect(d("zero")).toBe("0");
    expect(d("one")).toBe("1");
    expect(d("percent", "50")).toBe("0.5");
    expect(d("percent", "150")).toBe("1.5");
    expect(d("permille", "125")).toBe("0.125");
    expect(d("bps", "125")).toBe("0.0125");
    expect(d("percent", "18446744073709551615")).toBe("184467440737095516.15");
    expect(d("bps", "18446744073709551615")).toBe("1844674407370955.1615");
  });

  it("prints like cosmwasm-std: no trailing zeros, no point for whole numbers", () => {
    expect(d("percent", "0")).toBe("0");
    expect(d("percent", "500")).toBe("5");
    expect(d("percent", "125")).toBe("1.25");
    expect(d("percent", "42638")).toBe("426.38");
    expect(d("percent", "3")).toBe("0.03");
    expect(d("permille", "987")).toBe("0.987");
    for (let exp = 0; exp < 18; exp++) {
      const atomics = 10n ** BigInt(exp);
      expect(d("fromAtomics", String(atomics), "18")).toBe("0." + "0".repeat(17 - exp) + "1");
    }
    expect(d("parse", MAX)).toBe(MAX);
    expect(d("atomics", MAX)).toBe(String(MAX128));
  });

  it("parses cosmwasm-std's accepted forms", () => {
    const accepted: [string, string][] = [
      ["0", "0"],
      ["1", "1"],
      ["000", "0"],
      ["0042", "42"],
      ["1.0", "1"],
      ["1.5", "1.5"],
      ["0.123", "0.123"],
      ["04.00", "4"],
      ["00.04", "0.04"],
      ["007.50", "7.5"],
      ["00.00", "0"],
      ["7.123456789012345678", "7.123456789012345678"],
      ["7.999999999999999999", "7.999999999999999999"],
      ["0.000000000000000001", "0.000000000000000001"],
      ["1.50000000000000000", "1.5"],
      [MAX, MAX],
      // Both parts go through Rust's u128 parser, which takes a leading '+': cosmwasm-std does too.
      ["+1.5", "1.5"],
      ["1.+5", "1.05"],
      ["+1.+1", "1.01"],
    ];
    for (const [input, value] of accepted) expect(d("parse", input), input).toBe(value);
  });

  it("rejects malformed decimals with cosmwasm-std's reasons, in its order of checks", () => {
    const rejected: [string, string][] = [
      ["", "Error parsing whole"],
      [" ", "Error parsing whole"],
      ["-1", "Error parsing whole"],
      ["-1.5", "Error parsing whole"],
      [".", "Error parsing whole"],
      [".5", "Error parsing whole"],
      ["+.5", "Error parsing whole"],
      ["1e3", "Error parsing whole"],
      [" 1", "Error parsing whole"],
      ["999999999999999999999999999999999999999.5", "Error parsing whole"],
      ["1.", "Error parsing fractional"],
      ["0.", "Error parsing fractional"],
      ["1. ", "Error parsing fractional"],
      ["1.5 ", "Error parsing fractional"],
      ["1.e", "Error parsing fractional"],
      ["1.2e3", "Error parsing fractional"],
      ["1.-5", "Error parsing fractional"],
      ["1.+", "Error parsing fractional"],
      ["1..2", "Error parsing fractional"],
      ["1.x.3", "Error parsing fractional"],
      ["1.999999999999999999999999999999999999999", "Error parsing fractional"],
      ["7.1234567890123456789", "Cannot parse more than 18 fractional digits"],
      ["7.1230000000000000000", "Cannot parse more than 18 fractional digits"],
      ["0.0000000000000000001", "Cannot parse more than 18 fractional digits"],
      ["1.00000000000000000+", "Error parsing fractional"],
      ["1.2.3", "Unexpected number of dots"],
      ["1.2.3.4", "Unexpected number of dots"],
      ["1.5.x", "Unexpected number of dots"],
      ["340282366920938463464", "Value too big"],
      ["340282366920938463464.0", "Value too big"],
      ["340282366920938463464.x", "Value too big"],
      ["340282366920938463463.374607431768211456", "Value too big"],
      ["123456789012345678901234567890", "Value too big"],
    ];
    for (const [input, reason] of rejected) expect(d("parse", input), input).toBe(invalid(input, reason));
  });

  it("converts from atomics with any number of decimal places", () => {
    const cases: [string, number, string][] = [
      ["1", 0, "1"],
      ["10", 1, "1"],
      ["1000", 3, "1"],
      ["1000000000000000000", 18, "1"],
      ["10000000000000000000", 19, "1"],
      ["200000000000000000000", 20, "2"],
      ["4321", 20, "0.000000000000000043"],
      ["6789", 20, "0.000000000000000067"],
      [String(MAX128), 38, "3.402823669209384634"],
      [String(MAX128), 39, "0.340282366920938463"],
      [String(MAX128), 45, "0.00000034028236692"],
      [String(MAX128), 51, "0.000000000000340282"],
      [String(MAX128), 56, "0.000000000000000003"],
      [String(MAX128), 57, "0"],
      [String(MAX128), 4_294_967_295, "0"],
      [String(MAX128), 18, MAX],
    ];
    for (const [atomics, places, value] of cases) {
      expect(d("fromAtomics", atomics, String(places)), `${atomics}e-${places}`).toBe(value);
    }
    expect(d("fromAtomics", String(MAX128), "17")).toBe(ERR.decimalRange);
    expect(d("fromAtomics", "340282366920938463463", "0")).toBe("340282366920938463463");
    expect(d("fromAtomics", "340282366920938463464", "0")).toBe(ERR.decimalRange);
  });

  it("builds from a ratio, floored", () => {
    const ratio = (n: string, dd: string) => d("fromRatio", n, dd);
    expect(ratio("1", "1")).toBe("1");
    expect(ratio("53", "53")).toBe("1");
    expect(ratio("333", "222")).toBe("1.5");
    expect(ratio("1", "8")).toBe("0.125");
    expect(ratio("1", "3")).toBe("0.333333333333333333");
    expect(ratio("2", "3")).toBe("0.666666666666666666");
    expect(ratio("0", String(MAX128))).toBe("0");
    expect(ratio(String(MAX128), String(MAX128))).toBe("1");
    expect(ratio("340282366920938463463", "1")).toBe("340282366920938463463");
    expect(ratio("1", "0")).toBe(ERR.denominatorZero);
    expect(ratio(String(MAX128), "1")).toBe(ERR.fromRatioOverflow);
  });

  it("multiplies like cosmwasm-std's decimal_implements_mul", () => {
    const a = "123.127726548762582";
    const scaled = [
      ["1", "123.127726548762582"],
      ["10", "1231.27726548762582"],
      ["1000000", "123127726.548762582"],
      ["1000000000000000", "123127726548762582"],
      ["1000000000000000000", "123127726548762582000"],
    ];
    for (const [factor, product] of scaled) {
      expect(d("mul", a, factor)).toBe(product);
      expect(d("mul", factor, a)).toBe(product);
    }
    const fromMax = [
      ["1.0", MAX],
      ["0.1", "34028236692093846346.337460743176821145"],
      ["0.001", "340282366920938463.463374607431768211"],
      ["0.000000000001", "340282366.920938463463374607"],
      ["0.000000000000000001", "340.282366920938463463"],
    ];
    for (const [factor, product] of fromMax) expect(d("mul", MAX, factor)).toBe(product);
    expect(d("mul", "0.5", "0.01")).toBe("0.005");
    expect(d("mul", "0.2", "0.3")).toBe("0.06");
    expect(d("mul", MAX, "1.01")).toBe(ERR.mul);
    expect(d("mul", MAX, "2")).toBe(ERR.mul);
  });

  it("divides like cosmwasm-std's decimal_implements_div", () => {
    const a = "123127726548762582";
    expect(d("div", a, "10")).toBe("12312772654876258.2");
    expect(d("div", a, "1000000000000000000")).toBe("0.123127726548762582");
    expect(d("div", "1", a)).toBe("0.000000000000000008");
    expect(d("div", "1000000000", a)).toBe("0.00000000812164756");
    expect(d("div", "1000000000000000000", a)).toBe("8.121647560868164773");
    expect(d("div", "0.123127726548762582", "0.000000000000000001")).toBe("123127726548762582");
    expect(d("div", "0.15", "0.6")).toBe("0.25");
    expect(d("div", "0.3", "2")).toBe("0.15");
    expect(d("div", "0.88", "0.2")).toBe("4.4");
    expect(d("div", "1", "0.01")).toBe("100");
    expect(d("div", MAX, "0")).toBe(ERR.denominatorZero);
    expect(d("div", MAX, "0.1")).toBe(ERR.fromRatioOverflow);
  });

  it("adds, subtracts and compares", () => {
    expect(d("add", "4.02", "1.11")).toBe("5.13");
    expect(d("add", MAX, "0.01")).toBe(ERR.add);
    expect(d("sub", "11.11", "1.11")).toBe("10");
    expect(d("sub", "0", "0.01")).toBe(ERR.sub);
    expect(d("cmp", "1.5", "1.50")).toBe("0 1 0 1 0 1");
    expect(d("cmp", "0.000000000000000001", "0")).toBe("1 0 0 0 1 1");
    expect(d("isZero", "0.000")).toBe("1");
  });

  it("rounds down and up", () => {
    expect(d("floor", "1")).toBe("1");
    expect(d("floor", "1.5")).toBe("1");
    expect(d("floor", "1.99")).toBe("1");
    expect(d("floor", "0.99")).toBe("0");
    expect(d("ceil", "1")).toBe("1");
    expect(d("ceil", "1.5")).toBe("2");
    expect(d("ceil", "0.99")).toBe("1");
    expect(d("ceil", "0.000000000000000001")).toBe("1");
    expect(d("floor", MAX)).toBe("340282366920938463463");
    expect(d("ceil", MAX)).toBe(ERR.roundUp);
    expect(d("ceil", "340282366920938463463")).toBe("340282366920938463463");
  });

  it("multiplies and divides integers, floored and ceiled", () => {
    const eightTwentyFirsts = "0.380952380952380952"; // Decimal::from_ratio(8, 21)
    expect(d("mulFloor", eightTwentyFirsts, "123456")).toBe("47030");
    expect(d("mulCeil", eightTwentyFirsts, "123456")).toBe("47031");
    expect(d("mulFloor", "0", "123456")).toBe("0");
    expect(d("mulCeil", "1", "123456")).toBe("123456");
    expect(d("mulFloor", "2.625", String(MAX128))).toBe(ERR.conversion("Uint256", "Uint128"));
    expect(d("mulCeil", "2.625", String(MAX128))).toBe(ERR.conversion("Uint256", "Uint128"));
    // x × 1.000000000000000001 floors to exactly MAX with a remainder: only the ceiling overflows.
    const x = "340282366920938463123092240510829748332";
    expect(d("mulFloor", "1.000000000000000001", x)).toBe(String(MAX128));
    expect(d("mulCeil", "1.000000000000000001", x)).toBe(ERR.add);
    expect(d("divFloor", "2.625", "21")).toBe("8");
    expect(d("divFloor", "0.380952380952380952", "123456")).toBe("324072");
    expect(d("divFloor", "0", "1")).toBe(ERR.divideByZero);
    expect(d("divFloor", "0.5", String(MAX128))).toBe(ERR.conversion("Uint256", "Uint128"));
  });

  it("agrees with a BigInt model on random values", async () => {
    const rng = new Rng(18);
    const pairOps: DecOp[] = ["add", "sub", "mul", "div", "cmp"];
    const intOps: DecIntOp[] = ["mulFloor", "mulCeil", "divFloor"];
    const cases: Case[] = [];
    for (let i = 0; i < 500; i++) {
      const [a, b] = [rng.value(128), rng.value(128)];
      const [sa, sb] = [decimalString(a), decimalString(b)];
      cases.push({ call: ["dec", "parse", sa, ""], expected: sa });
      cases.push({ call: ["dec", "atomics", sa, ""], expected: String(a) });
      cases.push({ call: ["dec", "floor", sa, ""], expected: floorExpected(a) });
      cases.push({ call: ["dec", "ceil", sa, ""], expected: ceilExpected(a) });
      for (const op of pairOps) cases.push({ call: ["dec", op, sa, sb], expected: decExpected(op, a, b) });
      for (const op of intOps) cases.push({ call: ["dec", op, sa, String(b)], expected: decIntExpected(op, a, b) });
      const n = rng.value(128);
      const dd = rng.value(128);
      const ratio = dd === 0n ? ERR.denominatorZero : (n * FRACTIONAL) / dd > MAX128 ? ERR.fromRatioOverflow : decimalString((n * FRACTIONAL) / dd);
      cases.push({ call: ["dec", "fromRatio", String(n), String(dd)], expected: ratio });
    }
    expect(await mismatches(cases)).toEqual([]);
  });
}
