// Compares one step as the simulator and the chain reported it: success, error text, code and
// codespace, events (strict: order, every attribute, the ante handler's too), data, gas (±1 %),
// balances and query results. A difference is accepted only when a documented deviation
// (deviations.ts) names its step and field.

import { DEVIATIONS, Deviation } from "./deviations";
import type { StepRecord } from "./runner";
import type { Event } from "./sides";

export const GAS_TOLERANCE = 0.01;

export type Field = "refused" | "code" | "codespace" | "log" | "events" | "data" | "gas" | "gasWanted" | "balances" | "result";

export interface Mismatch {
  field: Field;
  simulator: string;
  chain: string;
  /** The documented deviation that accepts it, if any. */
  deviation?: string;
}

export interface StepComparison {
  group: string;
  label: string;
  kind: "tx" | "query";
  mismatches: Mismatch[];
  /** Transactions: gas on both sides and the gap (simulator − chain) / chain. */
  gas?: { simulator: number; chain: number; gap: number };
}

/**
 * The one value that cannot be the same on both sides: the simulator does not sign (its
 * tx{signature} is 64 zero bytes; deviation "unsigned"). Everything else, times included (the
 * simulator replays the chain's block times), is compared as it is.
 */
export function normalizeEvents(events: Event[]): Event[] {
  return events.map((e) => ({
    type: e.type,
    attributes: e.attributes.map((a) => (e.type === "tx" && a.key === "signature" ? { key: a.key, value: "<signature>" } : a)),
  }));
}

export function eventLines(events: Event[]): string[] {
  return events.map((e) => `${e.type}: ${e.attributes.map((a) => `${a.key}=${a.value}`).join(", ")}`);
}

/** The lines of `a` and `b` that differ, as a short unified diff (first difference on). */
export function lineDiff(a: string[], b: string[], context = 1): { simulator: string; chain: string } {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length - 1;
  let endB = b.length - 1;
  while (endA >= start && endB >= start && a[endA] === b[endB]) {
    endA--;
    endB--;
  }
  const from = Math.max(0, start - context);
  const show = (lines: string[], end: number) =>
    lines
      .slice(from, end + 1 + context)
      .map((l, i) => `${from + i >= start && from + i <= end ? "!" : " "} [${from + i}] ${l}`)
      .join("\n");
  return { simulator: show(a, endA), chain: show(b, endB) };
}

export function compareStep(sim: StepRecord, chain: StepRecord, deviations: Deviation[] = DEVIATIONS): StepComparison {
  const out: StepComparison = { group: chain.group, label: chain.label, kind: chain.kind, mismatches: [] };
  const add = (field: Field, s: string, c: string) => {
    if (s === c) return;
    const d = deviations.find((x) => x.fields.includes(field) && x.steps.test(`${chain.group}: ${chain.label}`));
    out.mismatches.push({ field, simulator: s, chain: c, ...(d ? { deviation: d.id } : {}) });
  };
  if (chain.kind === "query") {
    const s = sim.query!;
    const c = chain.query!;
    add("result", `${s.ok ? "ok" : "error"}: ${s.value}`, `${c.ok ? "ok" : "error"}: ${c.value}`);
    return out;
  }
  const s = sim.tx!;
  const c = chain.tx!;
  add("refused", String(s.refused ?? false), String(c.refused ?? false));
  add("code", String(s.code), String(c.code));
  add("codespace", s.codespace, c.codespace);
  add("log", s.log, c.log);
  const se = eventLines(normalizeEvents(s.events));
  const ce = eventLines(normalizeEvents(c.events));
  if (se.join("\n") !== ce.join("\n")) {
    const d = lineDiff(se, ce);
    add("events", d.simulator, d.chain);
  }
  add("data", JSON.stringify(s.msgResponses), JSON.stringify(c.msgResponses));
  add("gasWanted", String(s.gasWanted), String(c.gasWanted));
  const gap = c.gasUsed === 0 ? (s.gasUsed === 0 ? 0 : 1) : (s.gasUsed - c.gasUsed) / c.gasUsed;
  out.gas = { simulator: s.gasUsed, chain: c.gasUsed, gap };
  if (Math.abs(gap) > GAS_TOLERANCE) add("gas", `${s.gasUsed} (${(gap * 100).toFixed(2)} %)`, String(c.gasUsed));
  add("balances", JSON.stringify(sim.balances ?? {}), JSON.stringify(chain.balances ?? {}));
  return out;
}

/** A step matches when nothing differs, or only what documented deviations accept. */
export const undocumented = (c: StepComparison): Mismatch[] => c.mismatches.filter((m) => !m.deviation);
