// bench/results/fidelity.{md,json}: per contract, the steps that match (fully, or with documented
// deviations only) and the transactions whose gas is within ±1 % of the chain's.

import * as fs from "node:fs";
import * as path from "node:path";
import { GAS_TOLERANCE, StepComparison, undocumented } from "./compare";
import type { Deviation } from "./deviations";
import { itemCoverage } from "./items";

const RESULTS = path.resolve(__dirname, "..", "..", "bench", "results");

interface GroupRow {
  group: string;
  steps: number;
  /** Nothing differs. */
  exact: number;
  /** Only documented deviations differ. */
  documented: number;
  txs: number;
  gasWithin: number;
  worstGap: number;
}

function groups(comparisons: StepComparison[]): GroupRow[] {
  const rows = new Map<string, GroupRow>();
  for (const c of comparisons) {
    const r = rows.get(c.group) ?? { group: c.group, steps: 0, exact: 0, documented: 0, txs: 0, gasWithin: 0, worstGap: 0 };
    r.steps++;
    if (c.mismatches.length === 0) r.exact++;
    else if (undocumented(c).length === 0) r.documented++;
    if (c.gas) {
      r.txs++;
      if (Math.abs(c.gas.gap) <= GAS_TOLERANCE) r.gasWithin++;
      if (Math.abs(c.gas.gap) > Math.abs(r.worstGap)) r.worstGap = c.gas.gap;
    }
    rows.set(c.group, r);
  }
  return [...rows.values()];
}

const pct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(2)} %`;

/** Writes the results; returns the summary table (markdown). */
export function writeReport(comparisons: StepComparison[], deviations: Deviation[], meta: { seconds: { chain: number; simulator: number }; replay: boolean }): string {
  const rows = groups(comparisons);
  const total: GroupRow = rows.reduce(
    (t, r) => ({ group: "all", steps: t.steps + r.steps, exact: t.exact + r.exact, documented: t.documented + r.documented, txs: t.txs + r.txs, gasWithin: t.gasWithin + r.gasWithin, worstGap: Math.abs(r.worstGap) > Math.abs(t.worstGap) ? r.worstGap : t.worstGap }),
    { group: "all", steps: 0, exact: 0, documented: 0, txs: 0, gasWithin: 0, worstGap: 0 },
  );
  const failing = comparisons.filter((c) => undocumented(c).length > 0).length;
  const table = [
    "| contract | steps | match exactly | match but for documented deviations | differ | transactions | gas within ±1 % | largest gas gap |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...[...rows, total].map(
      (r) => `| ${r.group === "all" ? "**all**" : r.group} | ${r.steps} | ${r.exact} | ${r.documented} | ${r.steps - r.exact - r.documented} | ${r.txs} | ${r.gasWithin} | ${pct(r.worstGap)} |`,
    ),
  ].join("\n");
  const used = new Set(comparisons.flatMap((c) => c.mismatches.map((m) => m.deviation).filter(Boolean)));
  const detail = comparisons
    .filter((c) => c.mismatches.length > 0)
    .map((c) => `- ${c.group}: ${c.label}: ${c.mismatches.map((m) => (m.deviation ? `${m.field} (${m.deviation})` : `**${m.field}**`)).join(", ")}`);
  const coverage = itemCoverage(comparisons.map((c) => ({ group: c.group, label: c.label, ok: undocumented(c).length === 0 })));
  const items = coverage.map(({ item, steps, matching }) => {
    const tests = item.tests.map((u) => `${u.file.replace(/^tests\//, "")}: "${u.name}"`).join("; ");
    return `| ${item.item} | ${item.difference} | ${item.status} | ${matching} of ${steps} | ${tests || "none: the steps check it against the chain"} | ${item.kept ?? ""} |`;
  });
  const md = [
    "# Simulator fidelity: the same steps on the simulator and on a local chain",
    "",
    `Measured ${new Date().toISOString()} with \`npm run test:fidelity\`${meta.replay ? " (--replay of the last chain run)" : ""}: a fresh localnet "fidelity"`,
    "(wasmd v0.60.2, chain/) and a fresh simulator replaying the chain's blocks, scenarios in tests/fidelity/scenarios.ts.",
    "Each step compares success, error text, code and codespace, events (strict: order and every attribute,",
    "the ante handler's included), data (msg responses), balances, query results, and gas within ±1 %.",
    `Chain ${meta.seconds.chain.toFixed(0)} s, simulator ${meta.seconds.simulator.toFixed(1)} s.`,
    "",
    table,
    "",
    `**${total.exact + total.documented} of ${total.steps} steps match** (${total.exact} exactly, ${total.documented} but for documented deviations); ${failing} differ.`,
    `**${total.gasWithin} of ${total.txs} transactions have gas within ±1 %** of the chain's.`,
    "",
    "## Issue 18's differences (tests/fidelity/items.ts)",
    "",
    "Each item: what became of it, the steps of this run that show it (matching / shown; a step can show",
    "several items), the unit tests that pin it without a chain, and what was kept and why.",
    "",
    "| item | difference | status | steps matching | unit tests | kept, and why |",
    "| ---: | --- | --- | ---: | --- | --- |",
    ...items,
    "",
    "## Documented deviations (tests/fidelity/deviations.ts)",
    "",
    "| id | item | applies to | may differ | reason | seen in this run |",
    "| --- | ---: | --- | --- | --- | --- |",
    ...deviations.map((d) => `| ${d.id} | ${d.item ?? ""} | \`${d.steps.source}\` | ${d.fields.join(", ")} | ${d.reason} | ${used.has(d.id) ? "yes" : "no"} |`),
    "",
    "## Steps that differ",
    "",
    ...(detail.length ? detail : ["none"]),
    "",
  ].join("\n");
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, "fidelity.md"), md);
  fs.writeFileSync(path.join(RESULTS, "fidelity.json"), JSON.stringify({ date: new Date().toISOString(), ...meta, groups: rows, total, deviations: deviations.map((d) => ({ ...d, steps: d.steps.source })), items: coverage.map(({ item, steps, matching }) => ({ item: item.item, status: item.status, steps, matching })), steps: comparisons }, null, 2) + "\n");
  return table;
}
