// Checks shared by Uint128 and Uint256: every operation against BigInt on edge and random values.

import { expect, it } from "vitest";
import { Case, edgeValues, mismatches, Rng } from "./harness";
import { IntOp, intExpected, powExpected } from "./models";

export function integerCases(kind: "u128" | "u256"): void {
  const bits = kind === "u128" ? 128 : 256;
  const edges = edgeValues(bits);
  const binaryOps: IntOp[] = ["add", "sub", "saturatingSub", "mul", "div", "rem", "cmp"];
  const ratioOps: IntOp[] = ["multiplyRatio", "multiplyRatioCeil"];

  const intCase = (op: IntOp, a: bigint, b: bigint, c = 0n): Case => ({
    call: [kind, op, String(a), String(b), String(c)],
    expected: intExpected(bits, op, a, b, c),
  });

  it("computes every binary operation on every pair of edge values", async () => {
    const cases = edges.flatMap((a) => edges.flatMap((b) => binaryOps.map((op) => intCase(op, a, b))));
    expect(await mismatches(cases)).toEqual([]);
  });

  it("computes every binary operation on random values", async () => {
    const rng = new Rng(bits);
    const cases: Case[] = [];
    for (let i = 0; i < 600; i++) {
      const a = rng.value(bits);
      // Divisors of every size, including ones just below the dividend.
      const b = i % 4 === 0 && a > 0n ? a - 1n - (rng.value(bits) % a) : rng.value(bits);
      for (const op of binaryOps) cases.push(intCase(op, a, b));
    }
    expect(await mismatches(cases)).toEqual([]);
  });

  it("multiplies by a ratio, floored and ceiled, without intermediate overflow", async () => {
    const sample = edges.filter((_, i) => i % 3 === 0).concat([edges[edges.length - 1]]);
    const cases = sample.flatMap((a) =>
      sample.flatMap((b) => sample.flatMap((c) => ratioOps.map((op) => intCase(op, a, b, c)))),
    );
    const rng = new Rng(bits + 1);
    for (let i = 0; i < 500; i++) {
      const [a, b, c] = [rng.value(bits), rng.value(bits), rng.value(bits)];
      for (const op of ratioOps) cases.push(intCase(op, a, b, c));
    }
    expect(await mismatches(cases)).toEqual([]);
  });

  it("raises to powers, failing exactly when the result overflows", async () => {
    const bases = [0n, 1n, 2n, 3n, 10n, 255n, (1n << 32n) - 1n, 1n << 64n, edges[edges.length - 1]];
    const exps = [0, 1, 2, 3, 7, 8, 31, 32, 38, 39, 63, 64, 77, 78, bits - 1, bits, bits + 1, 4_294_967_295];
    const cases = bases.flatMap((base) =>
      exps.map((exp): Case => ({
        call: [kind, "pow", String(base), String(exp), ""],
        expected: powExpected(bits, base, exp),
      })),
    );
    expect(await mismatches(cases)).toEqual([]);
  });

  it("round-trips big-endian bytes in numeric order", async () => {
    const size = bits / 8;
    const cases = edges.flatMap((v): Case[] => {
      const hex = v.toString(16).padStart(size * 2, "0");
      return [
        { call: [kind, "bytes", String(v), "", ""], expected: hex },
        { call: [kind, "fromBytes", hex, "", ""], expected: String(v) },
      ];
    });
    expect(await mismatches(cases)).toEqual([]);
  });
}
