// Simulator throughput: the same wasm, the same calls, on our simulator and on
// @oraichain/cw-simulate. Each loop runs a warm-up, then N timed iterations that alternate
// between the simulators in rounds; the final state of both sides is compared (and checked
// against a value computed here) so the numbers compare equal work.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { buildFixture } from "@persistence-ts/testing/fixtures";
import { referenceContract } from "../reference";
import { CwSimulateDriver, Driver, OursDriver } from "./drivers";

/**
 * Ours as it comes, without operator metering (the same work as cw-simulate's default) and with a
 * new WebAssembly.Instance per call (no recycling); cw-simulate as it comes (the comparison the
 * target is about) and with its metering (the same work as ours).
 */
export type Side = "ours" | "oursUnmetered" | "oursNewInstances" | "theirs" | "theirsMetered";
export const SIDES: readonly Side[] = ["ours", "oursUnmetered", "oursNewInstances", "theirs", "theirsMetered"];

function driverFor(side: Side): Driver {
  switch (side) {
    case "ours":
      return new OursDriver("default");
    case "oursUnmetered":
      return new OursDriver("unmetered");
    case "oursNewInstances":
      return new OursDriver("newInstances");
    default:
      return new CwSimulateDriver(side === "theirsMetered");
  }
}

export interface BenchOptions {
  /** Timed executions per execute loop. */
  executes: number;
  /** Timed queries per query loop. */
  queries: number;
  /** Untimed iterations before each loop. */
  warmup: number;
}

/**
 * Long enough for both simulators to reach their steady state: with a few hundred calls,
 * cw-simulate's JavaScript is not yet optimized and it measures 2-3× slower than it runs later.
 */
export const DEFAULT_OPTIONS: BenchOptions = { executes: 20_000, queries: 20_000, warmup: 2_000 };

/** Where and how the bench runs. */
export interface BenchSetup {
  /** What runs the code, for the report (e.g. "ts-node --transpile-only"). */
  runtime: string;
  /** The repository whose commit is measured. */
  repoDir: string;
  /** A directory with `<workload>.wasm` files to use instead of building them here. */
  wasmDir?: string;
}

/** This file's runtime: compiled when it is JavaScript. */
export function defaultSetup(): BenchSetup {
  const compiled = __filename.endsWith(".js");
  return { runtime: compiled ? "compiled JavaScript (tsc)" : "ts-node --transpile-only", repoDir: path.resolve(__dirname, "..", "..") };
}

/**
 * A timed loop: iteration `i` sends `msg(i)` (as `sender(i)` for executes). `maxCalls` caps its
 * timed calls below the run's N (for a loop that is slow on one side).
 */
type Loop = { name: string; maxCalls?: number; msg(i: number): unknown } & ({ kind: "execute"; sender(i: number): string } | { kind: "query" });

interface Workload {
  name: string;
  source: string;
  /** Why the workload looks the way it does, for the report. */
  note?: string;
  wasm(): Uint8Array;
  instantiateMsg: unknown;
  loops: Loop[];
  /** State read after the loops; both sides must agree on it. */
  finalState(d: Driver, contract: string): unknown;
  /** The final state computed without any simulator, for the iterations that ran. */
  expected(o: BenchOptions): unknown;
}

export interface LoopResult {
  name: string;
  kind: "execute" | "query";
  example: string;
  /** Timed calls per side. */
  calls: number;
  /** Calls per second per side; null when that side could not run the workload. */
  rates: Record<Side, number | null>;
  /** ours / theirs: the target. */
  ratio: number | null;
  /** oursUnmetered / theirs: the same work (no metering on either side). */
  ratioUnmetered: number | null;
  /** ours / theirsMetered: the same work (metering on both sides). */
  ratioMetered: number | null;
}

export interface WorkloadResult {
  name: string;
  source: string;
  note?: string;
  wasmBytes: number;
  sha256: string;
  loops: LoopResult[];
  /** Why a side could not run the workload. */
  errors: Partial<Record<Side, string>>;
  final: Partial<Record<Side, unknown>>;
  expected: unknown;
  /** Both sides ran and ended in the same, expected state. */
  verified: boolean;
}

export interface SimReport {
  date: string;
  /** The commit measured, and whether simulator/ had uncommitted changes. */
  revision: string;
  /** What ran the bench's TypeScript (both simulators run in this one process). */
  runtime: string;
  node: string;
  platform: string;
  cpu: string;
  cpus: number;
  /** 1-minute load average when the run ended: other work on the machine slows both sides. */
  loadAverage: number;
  options: BenchOptions;
  simulators: Record<Side, { name: string; version: string; perCall: string }>;
  workloads: WorkloadResult[];
  /**
   * Issue target: ours ≥ 2× cw-simulate's execute throughput on every execute loop; with the
   * lowest execute ratios of the two same-work comparisons beside it.
   */
  target: { executeRatio: number; minExecuteRatio: number | null; met: boolean; minUnmeteredRatio: number | null; minMeteredRatio: number | null };
}

// ---- workloads --------------------------------------------------------------------------------

const ACCOUNTS = [0, 1, 2, 3].map((i) => makeAddress(`bench-account-${i}`));
const INITIAL = 1_000_000_000n;
const transferAmount = (i: number): bigint => BigInt(1 + (i % 7));

const cw20: Workload = {
  name: "cw20_base",
  source: "cw-plus v0.10.0-soon4 cw20_base.wasm from the wasmd v0.60.2 Go module",
  wasm: () => referenceContract("cw20_base"),
  instantiateMsg: {
    name: "Bench Token",
    symbol: "BNCH",
    decimals: 6,
    initial_balances: ACCOUNTS.map((address) => ({ address, amount: INITIAL.toString() })),
    mint: null,
  },
  loops: [
    {
      name: "transfer",
      kind: "execute",
      sender: (i) => ACCOUNTS[i % ACCOUNTS.length],
      msg: (i) => ({ transfer: { recipient: ACCOUNTS[(i + 1) % ACCOUNTS.length], amount: transferAmount(i).toString() } }),
    },
    { name: "balance", kind: "query", msg: (i) => ({ balance: { address: ACCOUNTS[i % ACCOUNTS.length] } }) },
  ],
  finalState: (d, contract) => ({
    balances: ACCOUNTS.map((address) => d.query(contract, { balance: { address } })),
    token_info: d.query(contract, { token_info: {} }),
  }),
  expected: (o) => {
    const balances = ACCOUNTS.map(() => INITIAL);
    for (let i = 0; i < o.warmup + o.executes; i++) {
      balances[i % ACCOUNTS.length] -= transferAmount(i);
      balances[(i + 1) % ACCOUNTS.length] += transferAmount(i);
    }
    const supply = INITIAL * BigInt(ACCOUNTS.length);
    return {
      balances: balances.map((b) => ({ balance: b.toString() })),
      token_info: { name: "Bench Token", symbol: "BNCH", decimals: 6, total_supply: supply.toString() },
    };
  },
};

/**
 * Fixed-width keys: cw-simulate's byte comparator (cosmwasm-vm-js helpers/byte-array compare)
 * returns 0 for two keys that differ only by one extra trailing byte, so "k1" and "k10" collide in
 * its SortedMap and a notes listing over k0…k<n> comes out wrong there.
 */
const noteKey = (i: number): string => `k${String(i).padStart(6, "0")}`;

const NOTES_PAGE = { notes: { limit: 10 } };
const NOTES_LAST = { notes: { limit: 10, descending: true } };

const probe: Workload = {
  name: "probe",
  source: "AssemblyScript tests/fixtures/probe/contract.ts, built by buildFixture",
  note:
    "keys are k000000, k000001, …: with k0, k1, k10, … cw-simulate's storage treats keys that differ by one " +
    "trailing byte as equal (its compare() tests `length < i` where it needs `<=`), loses notes and lists the wrong page",
  wasm: () => buildFixture("probe"),
  instantiateMsg: {},
  loops: [
    { name: "put", kind: "execute", sender: () => ACCOUNTS[0], msg: (i) => ({ put: { key: noteKey(i), value: "v" } }) },
    { name: "greeting", kind: "query", msg: () => "greeting" },
    // cw-simulate reads its whole store for a range: ~500 calls/s after 20,000 puts
    { name: "notes (limit 10)", kind: "query", maxCalls: 2_000, msg: () => NOTES_PAGE },
  ],
  finalState: (d, contract) => ({
    greeting: d.query(contract, "greeting"),
    first: d.query(contract, NOTES_PAGE),
    last: d.query(contract, NOTES_LAST),
  }),
  expected: (o) => {
    const keys = Array.from({ length: o.warmup + o.executes }, (_, i) => noteKey(i));
    return { greeting: "hello", first: keys.slice(0, 10).map((k) => [k, "v"]), last: keys.slice(-10).reverse().map((k) => [k, "v"]) };
  },
};

export const WORKLOADS: readonly Workload[] = [cw20, probe];

// ---- measuring --------------------------------------------------------------------------------

const callsOf = (loop: Loop, o: BenchOptions): number => Math.min(loop.kind === "execute" ? o.executes : o.queries, loop.maxCalls ?? Infinity);

/**
 * Runs `call(i)` for i in [from, to); returns the seconds it took. Ours is synchronous (no promise,
 * no await); cw-simulate returns a promise per call.
 */
async function timeCalls(from: number, to: number, call: (i: number) => void | Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = from; i < to; i++) {
    const pending = call(i);
    if (pending) await pending;
  }
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split("\n")[0].slice(0, 300);
const canonical = (v: unknown): string => JSON.stringify(v);

/** Timed loops alternate between the sides in this many rounds, so a busy machine hits both alike. */
const ROUNDS = 5;

interface SideRun {
  driver: Driver;
  contract?: string;
  seconds: number[];
  error?: string;
}

async function setUp(driver: Driver, w: Workload, wasm: Uint8Array): Promise<SideRun> {
  const run: SideRun = { driver, seconds: w.loops.map(() => 0) };
  try {
    const codeId = await driver.storeCode(ACCOUNTS[0], wasm);
    run.contract = await driver.instantiate(ACCOUNTS[0], codeId, w.instantiateMsg, `bench-${w.name}`);
  } catch (e) {
    run.error = errorText(e);
  }
  return run;
}

function caller(run: SideRun, loop: Loop): (i: number) => void | Promise<void> {
  const { driver, contract } = run;
  if (loop.kind === "execute") return (i) => driver.execute(loop.sender(i), contract!, loop.msg(i));
  return (i) => void driver.query(contract!, loop.msg(i));
}

/** The workload's wasm: prebuilt when the setup has it, else built (or read) here. */
function wasmOf(w: Workload, setup: BenchSetup): Uint8Array {
  if (setup.wasmDir === undefined) return w.wasm();
  return new Uint8Array(fs.readFileSync(path.join(setup.wasmDir, `${w.name}.wasm`)));
}

/** Writes every workload's wasm into `dir`, for a run with `wasmDir: dir`. */
export function writeWorkloadWasm(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const w of WORKLOADS) fs.writeFileSync(path.join(dir, `${w.name}.wasm`), w.wasm());
}

async function runWorkload(w: Workload, o: BenchOptions, setup: BenchSetup, log: (line: string) => void): Promise<WorkloadResult> {
  const wasm = wasmOf(w, setup);
  const runs = {} as Record<Side, SideRun>;
  for (const side of SIDES) runs[side] = await setUp(driverFor(side), w, wasm);
  const live = (): SideRun[] => SIDES.map((s) => runs[s]).filter((r) => r.error === undefined);
  for (const [k, loop] of w.loops.entries()) {
    const n = callsOf(loop, o);
    log(`  ${w.name} ${loop.name}: ${o.warmup} warm-up + ${n} timed calls per simulator`);
    for (let round = -1; round < ROUNDS; round++) {
      // round -1 is the warm-up; then [warmup, warmup + n) in ROUNDS chunks
      const from = round < 0 ? 0 : o.warmup + Math.floor((n * round) / ROUNDS);
      const to = round < 0 ? o.warmup : o.warmup + Math.floor((n * (round + 1)) / ROUNDS);
      for (const run of live()) {
        try {
          const s = await timeCalls(from, to, caller(run, loop));
          if (round >= 0) run.seconds[k] += s;
        } catch (e) {
          run.error = `${loop.name}: ${errorText(e)}`;
        }
      }
    }
  }
  const final: Partial<Record<Side, unknown>> = {};
  const errors: Partial<Record<Side, string>> = {};
  for (const side of SIDES) {
    const run = runs[side];
    if (run.error === undefined) {
      try {
        final[side] = w.finalState(run.driver, run.contract!);
      } catch (e) {
        run.error = `final state: ${errorText(e)}`;
      }
    }
    if (run.error !== undefined) {
      errors[side] = run.error;
      log(`    ${run.driver.name} failed: ${run.error}`);
    }
  }
  const expected = w.expected(o);
  const verified = SIDES.every((s) => s in final && canonical(final[s]) === canonical(expected));
  const rate = (side: Side, k: number, n: number): number | null => (runs[side].error === undefined ? n / runs[side].seconds[k] : null);
  const loops = w.loops.map((loop, k): LoopResult => {
    const n = callsOf(loop, o);
    const rates = Object.fromEntries(SIDES.map((side) => [side, rate(side, k, n)])) as Record<Side, number | null>;
    const ratio = (a: number | null, b: number | null): number | null => (a !== null && b !== null ? a / b : null);
    return {
      name: loop.name,
      kind: loop.kind,
      example: canonical(loop.msg(0)),
      calls: n,
      rates,
      ratio: ratio(rates.ours, rates.theirs),
      ratioUnmetered: ratio(rates.oursUnmetered, rates.theirs),
      ratioMetered: ratio(rates.ours, rates.theirsMetered),
    };
  });
  const sha256 = createHash("sha256").update(wasm).digest("hex");
  return { name: w.name, source: w.source, note: w.note, wasmBytes: wasm.length, sha256, loops, errors, final, expected, verified };
}

function revision(repoDir: string): string {
  const git = (...args: string[]): string => execFileSync("git", args, { cwd: repoDir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  try {
    const dirty = git("status", "--porcelain", "--", "simulator") !== "";
    return git("rev-parse", "--short", "HEAD") + (dirty ? " + uncommitted changes under simulator/" : "");
  } catch {
    return "unknown (no git)";
  }
}

function cwSimulateVersion(): string {
  const pkg = require.resolve("@oraichain/cw-simulate/package.json");
  return (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string }).version;
}

export async function runSimBench(
  options: Partial<BenchOptions> = {},
  log: (line: string) => void = () => {},
  setup: BenchSetup = defaultSetup(),
): Promise<SimReport> {
  const o: BenchOptions = { ...DEFAULT_OPTIONS, ...options };
  const workloads: WorkloadResult[] = [];
  for (const w of WORKLOADS) workloads.push(await runWorkload(w, o, setup, log));
  const executes = workloads.flatMap((w) => w.loops.filter((l) => l.kind === "execute"));
  const lowest = (ratios: Array<number | null>): number | null => (ratios.some((r) => r === null) ? null : Math.min(...(ratios as number[])));
  const minExecuteRatio = lowest(executes.map((l) => l.ratio));
  const drivers = Object.fromEntries(SIDES.map((side) => [side, driverFor(side)])) as Record<Side, Driver>;
  const version = cwSimulateVersion();
  const ours = (side: Side) => ({ name: drivers[side].name, version: "this repository", perCall: drivers[side].perCall });
  return {
    date: new Date().toISOString(),
    revision: revision(setup.repoDir),
    runtime: setup.runtime,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: os.cpus()[0]?.model ?? "unknown",
    cpus: os.cpus().length,
    loadAverage: os.loadavg()[0],
    options: o,
    simulators: {
      ours: ours("ours"),
      oursUnmetered: ours("oursUnmetered"),
      oursNewInstances: ours("oursNewInstances"),
      theirs: { name: "@oraichain/cw-simulate", version, perCall: drivers.theirs.perCall },
      theirsMetered: { name: "@oraichain/cw-simulate, metering: true", version, perCall: drivers.theirsMetered.perCall },
    },
    workloads,
    target: {
      executeRatio: 2,
      minExecuteRatio,
      met: minExecuteRatio !== null && minExecuteRatio >= 2,
      minUnmeteredRatio: lowest(executes.map((l) => l.ratioUnmetered)),
      minMeteredRatio: lowest(executes.map((l) => l.ratioMetered)),
    },
  };
}

// ---- reporting --------------------------------------------------------------------------------

const rate = (v: number | null): string => (v === null ? "—" : Math.round(v).toLocaleString("en-US"));
const ratio = (v: number | null): string => (v === null ? "—" : `${v.toFixed(2)}×`);

/** The results as a Markdown table with notes. */
export function formatMarkdown(r: SimReport): string {
  const lines = [
    `# Simulator throughput: ours vs @oraichain/cw-simulate ${r.simulators.theirs.version}`,
    "",
    `${r.date} · ${r.revision} · Node ${r.node} (${r.runtime}) · ${r.platform} · ${r.cpus} × ${r.cpu} · load average ${r.loadAverage.toFixed(2)}`,
    `N = ${r.options.executes} executes / ${r.options.queries} queries per loop (or the loop's own cap), after ${r.options.warmup} warm-up calls; ` +
      `the timed calls alternate between the simulators in ${ROUNDS} rounds. Same wasm bytes on every side. Calls per second:`,
    "",
    "| workload | loop | kind | calls | ours | ours, no metering | ours, new instance per call | cw-simulate | cw-simulate, metering on | ours / cw-simulate | ours, no metering / cw-simulate | ours / metered cw-simulate |",
    "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const w of r.workloads) {
    for (const l of w.loops) {
      const rates = SIDES.map((side) => rate(l.rates[side])).join(" | ");
      lines.push(`| ${w.name} | ${l.name} | ${l.kind} | ${l.calls.toLocaleString("en-US")} | ${rates} | ${ratio(l.ratio)} | ${ratio(l.ratioUnmetered)} | ${ratio(l.ratioMetered)} |`);
    }
  }
  lines.push("");
  for (const w of r.workloads) {
    const state = w.verified ? "every side ended in the same, expected state" : "final states DIFFER or a side failed";
    lines.push(`- **${w.name}** (${w.source}; ${w.wasmBytes.toLocaleString("en-US")} bytes, sha256 ${w.sha256.slice(0, 12)}…): ${state}.`);
    if (w.note) lines.push(`  - Note: ${w.note}.`);
    for (const side of SIDES) {
      const err = w.errors[side];
      if (err) lines.push(`  - ${r.simulators[side].name} could not run it: \`${err}\``);
    }
  }
  const t = r.target;
  lines.push(
    `- Target (ours ≥ ${t.executeRatio}× cw-simulate on executes, with a fresh instance per call): ${t.met ? "met" : "not met"} (lowest execute ratio ${ratio(t.minExecuteRatio)}). ` +
      `The same work on both sides: without metering ${ratio(t.minUnmeteredRatio)}, with metering ${ratio(t.minMeteredRatio)} (lowest execute ratios).`,
    "",
    "Per call:",
    ...SIDES.map((side) => `- ${r.simulators[side].name}: ${r.simulators[side].perCall}.`),
    "",
    "Where the time goes (CPU profiles of these loops, compiled JavaScript):",
    ...COST_NOTES.map((n) => `- ${n}`),
    "",
  );
  return lines.join("\n");
}

/** Why the numbers are what they are; measured with CPU profiles of these loops. */
const COST_NOTES = [
  "A new WebAssembly.Instance costs V8 12-26 µs (probe, cw20_base), as much as cw-simulate spends on a whole call " +
    "(~28 and ~19 µs). So ours recycles instances: after each call the memory is zeroed from the lowest address the call (or the host) " +
    "wrote and the data segments are written again, and a function added to the module sets every mutable global back to " +
    "its initial value. That is all the state an instance of an MVP module has (tables cannot change without reference " +
    "types or bulk memory, which the VM rejects), so the next call cannot tell it from a new one. The 'new instance per " +
    "call' column is the same simulator without recycling.",
  "cw20_base (Rust) grows memory on its first allocation of every call, and a memory cannot shrink. After the first such " +
    "call the module's instances get a virtual memory size (memory.size and memory.grow act on a page count, every load " +
    "and store is checked against it and traps with V8's own out-of-bounds error), so they can be recycled too; without it " +
    "every call needed a new 1.1 MiB memory, whose garbage collection dominated the call.",
  "cw-simulate keeps one instance per contract with its memory, globals and allocator state from call to call. The " +
    "contract's own wasm is ~10 % of its ~19 µs cw20_base transfer (~2 µs); ours runs the same code from a fresh state " +
    "(Rust's allocator set up again on every call, loads and stores bounds-checked): ~5 µs unmetered, ~7.5 µs metered. " +
    "Twice cw-simulate's steady-state rate leaves ~9.5 µs per transfer for the contract and everything around it.",
  "Operator metering (a charge before every branch, call and return, as cosmwasm-vm's wasmer middleware does) more than " +
    "doubles the probe's wasm time (AssemblyScript: ~13 µs per put metered, ~5 µs not); cw-simulate's default has no gas.",
];
