// Keeps `npm run bench:sim` from rotting: the harness with a tiny N, every simulator on the
// same wasm, ending in the same state.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { describe, expect, it } from "vitest";

import { runCompiled } from "../../bench/sim/compiled";
import { SIDES, SimReport, formatMarkdown, runSimBench } from "../../bench/sim/harness";

describe("bench:sim harness", () => {
  it("runs every loop on both simulators and they end in the same state", async () => {
    const report = await runSimBench({ executes: 12, queries: 12, warmup: 3 });
    expect(report.workloads.map((w) => w.name)).toEqual(["cw20_base", "probe"]);
    expect(report.runtime).not.toBe(""); // vitest transpiles on its own: whatever it is, it is named
    for (const w of report.workloads) {
      expect(w.errors, w.name).toEqual({});
      for (const side of SIDES) expect(w.final[side], `${w.name} ${side}`).toEqual(w.expected);
      expect(w.verified).toBe(true);
      for (const l of w.loops) {
        for (const side of SIDES) expect(l.rates[side], `${w.name} ${l.name} ${side}`).toBeGreaterThan(0);
      }
    }
    const cw20 = report.workloads[0].final.ours as { balances: Array<{ balance: string }> };
    // 15 transfers of 1..7 between four accounts that started with 1e9 each: the total is kept
    expect(cw20.balances.reduce((sum, b) => sum + BigInt(b.balance), 0n)).toBe(4_000_000_000n);
    expect(formatMarkdown(report)).toContain("| cw20_base | transfer | execute | 12 |");
  });
});

describe("bench:sim --js", () => {
  it("compiles the bench, runs it with node and writes its results", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "bench-sim-js-test-"));
    try {
      expect(runCompiled(["--executes=5", "--queries=5", "--warmup=2", `--out=${out}`])).toBe(0);
      const report = JSON.parse(fs.readFileSync(path.join(out, "sim.compiled-js.json"), "utf8")) as SimReport;
      expect(report.runtime).toBe("compiled JavaScript (tsc)");
      expect(report.workloads.map((w) => w.verified)).toEqual([true, true]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);
});
