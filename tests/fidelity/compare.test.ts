// The fidelity harness's comparison (compare.ts): what counts as a difference, what a documented
// deviation accepts. The harness itself runs against a localnet (npm run test:fidelity).
import { describe, expect, it } from "vitest";
import { compareStep, lineDiff, undocumented } from "./compare";
import type { StepRecord } from "./runner";
import type { TxOutcome } from "./sides";

const tx = (over: Partial<TxOutcome> = {}): TxOutcome => ({
  code: 0,
  codespace: "",
  log: "",
  events: [{ type: "tx", attributes: [{ key: "signature", value: "A" }] }, { type: "wasm", attributes: [{ key: "k", value: "v" }] }],
  msgResponses: [],
  gasUsed: 100_000,
  gasWanted: 4_000_000,
  height: 5,
  time: 1n,
  ...over,
});
const step = (t: TxOutcome, balances: Record<string, string> = { a: "1" }): StepRecord => ({ group: "g", label: "l", key: "g: l", kind: "tx", tx: t, balances });

describe("compareStep", () => {
  it("matches equal steps; the signature is compared by presence only; gas within ±1 %", () => {
    const c = compareStep(step(tx({ gasUsed: 100_900, events: [{ type: "tx", attributes: [{ key: "signature", value: "B" }] }, { type: "wasm", attributes: [{ key: "k", value: "v" }] }] })), step(tx()), []);
    expect(c.mismatches).toEqual([]);
    expect(c.gas?.gap).toBeCloseTo(0.009);
  });

  it("reports every field that differs, strictly (attribute order, gas beyond 1 %, balances)", () => {
    const sim = step(tx({ gasUsed: 101_500, events: [{ type: "tx", attributes: [{ key: "signature", value: "B" }] }, { type: "wasm", attributes: [{ key: "k", value: "w" }] }] }), { a: "2" });
    const c = compareStep(sim, step(tx()), []);
    expect(c.mismatches.map((m) => m.field)).toEqual(["events", "gas", "balances"]);
    expect(undocumented(c)).toHaveLength(3);
  });

  it("a documented deviation accepts only the fields and steps it names", () => {
    const deviation = { id: "d", steps: /^g: l$/, fields: ["gas" as const], reason: "r" };
    const c = compareStep(step(tx({ gasUsed: 200_000, code: 5 })), step(tx()), [deviation]);
    expect(c.mismatches.map((m) => [m.field, m.deviation])).toEqual([["code", undefined], ["gas", "d"]]);
    expect(undocumented(c).map((m) => m.field)).toEqual(["code"]);
  });

  it("lineDiff shows where two event lists part", () => {
    expect(lineDiff(["a", "b", "c"], ["a", "x", "c"], 0)).toEqual({ simulator: "! [1] b", chain: "! [1] x" });
  });
});
