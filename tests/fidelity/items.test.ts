// The item table (items.ts) is honest: all 28 of issue 18's items, every unit test it names exists,
// every kept deviation is one deviations.ts documents, and the last real run (bench/results/
// fidelity.json) has matching steps for every item.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { DEVIATIONS } from "./deviations";
import { ITEMS, itemCoverage } from "./items";

const ROOT = path.resolve(__dirname, "..", "..");

describe("issue 18's items (tests/fidelity/items.ts)", () => {
  it("lists items 1 to 28, once each", () => {
    expect(ITEMS.map((i) => i.item)).toEqual([...Array(28).keys()].map((i) => i + 1));
  });

  it("names unit tests that exist", () => {
    for (const { item, tests } of ITEMS) {
      for (const u of tests) {
        const source = fs.readFileSync(path.join(ROOT, u.file), "utf8");
        expect(source.includes(u.name), `item ${item}: ${u.file} has no test "${u.name}"`).toBe(true);
      }
    }
  });

  it("says what a kept deviation keeps; a deviation it names is documented in deviations.ts for the same item", () => {
    for (const i of ITEMS) {
      expect(i.kept !== undefined, `item ${i.item}`).toBe(i.status === "fixed, deviation kept");
      const named = /deviation `([^`]+)`/.exec(i.kept ?? "")?.[1];
      if (named) expect(DEVIATIONS.find((d) => d.id === named)?.item, `item ${i.item}: ${named}`).toBe(i.item);
    }
    for (const d of DEVIATIONS) expect(ITEMS.find((i) => i.item === d.item)?.status, d.id).toBe("fixed, deviation kept");
  });

  it("every item has steps in the last run of npm run test:fidelity, and they all match", () => {
    const run = JSON.parse(fs.readFileSync(path.join(ROOT, "bench", "results", "fidelity.json"), "utf8")) as {
      steps: Array<{ group: string; label: string; mismatches: Array<{ deviation?: string }> }>;
    };
    const coverage = itemCoverage(run.steps.map((s) => ({ group: s.group, label: s.label, ok: s.mismatches.every((m) => m.deviation !== undefined) })));
    for (const c of coverage) {
      expect(c.steps, `item ${c.item.item}: no step matches ${c.item.steps.source}`).toBeGreaterThan(0);
      expect(c.matching, `item ${c.item.item}`).toBe(c.steps);
    }
  });
});
