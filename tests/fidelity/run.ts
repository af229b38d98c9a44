// `npm run test:fidelity`: the differential harness. Every scenario (scenarios.ts) runs on a fresh
// localnet "fidelity" (ports + 5500), then on a fresh simulator replaying the chain's blocks; each
// step is compared (compare.ts) and reported; the run fails on any difference that is not a
// documented deviation (deviations.ts). Writes bench/results/fidelity.{md,json}.
//
//   npm run test:fidelity [-- --only hackatom,reflect] [-- --replay] [-- --validators N]
//
// --replay compares the simulator against the chain records of the last run (.localnet/fidelity/
// chain.json) without starting a chain: for working on the simulator. --keep leaves the localnet up.

import * as fs from "node:fs";
import * as path from "node:path";
import { connectComet } from "@cosmjs/tendermint-rpc";
import { Localnet } from "../../chain/localnet";
import { bondedValidators } from "../e2e/chain";
import { StepComparison, compareStep, undocumented } from "./compare";
import { DEVIATIONS } from "./deviations";
import { itemCoverage } from "./items";
import { writeReport } from "./report";
import { Runner, StepRecord } from "./runner";
import { SCENARIOS, Scenario, Shared, assertArtifacts } from "./scenarios";
import { ChainSide, SimulatorGenesis, SimulatorSide } from "./sides";

const NAME = "fidelity";
const PORT_OFFSET = 5500; // below the ephemeral ports (32768 on Linux): chain/localnet.ts assertPortsFree
/** Shorter than the localnet's 30 s default, so a claim after unbonding fits in the run. */
const UNBONDING = "10s";

interface ChainRun {
  genesis: Omit<SimulatorGenesis, "accountNumbers"> & { accountNumbers: Array<[string, number]> };
  steps: StepRecord[];
}

const bigintJson = (_k: string, v: unknown) => (typeof v === "bigint" ? `${v}n` : v);
const bigintRevive = (_k: string, v: unknown) => (typeof v === "string" && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v);

async function runScenarios(runner: Runner, scenarios: Scenario[], log: (s: string) => void): Promise<void> {
  const shared: Shared = {};
  for (const s of scenarios) {
    runner.group = s.group;
    const t0 = Date.now();
    await s.run(runner, shared);
    log(`  ${runner.side.name}: ${s.group} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
}

async function chainRun(net: Localnet, scenarios: Scenario[], log: (s: string) => void): Promise<ChainRun> {
  const rpc = net.rpcUrl(0);
  const validators = await bondedValidators(rpc);
  const chain = await ChainSide.connect(rpc, validators);
  try {
    const { numbers, next } = await chain.accountNumbers();
    const comet = await connectComet(rpc);
    const first = (await comet.block(1)).block.header.time;
    comet.disconnect();
    const genesisTime = BigInt(first.getTime()) * 1_000_000n + BigInt(first.nanoseconds ?? 0);
    const runner = new Runner(chain);
    await runScenarios(runner, scenarios, log);
    return { genesis: { validators, accountNumbers: [...numbers], nextAccountNumber: next, genesisTime, unbondingSeconds: parseInt(UNBONDING, 10) }, steps: runner.steps };
  } finally {
    await chain.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const flag = (f: string) => argv.includes(f);
  const only = argv.includes("--only") ? argv[argv.indexOf("--only") + 1].split(",") : undefined;
  const scenarios = only ? SCENARIOS.filter((s) => only.includes(s.group)) : SCENARIOS;
  const validators = argv.includes("--validators") ? Number(argv[argv.indexOf("--validators") + 1]) : 1;
  const log = (s: string) => console.log(s);
  const net = new Localnet(NAME);
  const recordsFile = path.join(net.dir, "chain.json");
  const t0 = Date.now();
  let chain: ChainRun;
  if (flag("--replay")) {
    chain = JSON.parse(fs.readFileSync(recordsFile, "utf8"), bigintRevive) as ChainRun;
    log(`fidelity: replaying ${chain.steps.length} chain steps from ${recordsFile}`);
  } else {
    assertArtifacts();
    log(`fidelity: fresh localnet "${NAME}" (ports + ${PORT_OFFSET})`);
    await net.reset({ validators, portOffset: PORT_OFFSET, genesis: { unbondingTime: UNBONDING }, log: (s) => log(`  ${s}`) });
    try {
      chain = await chainRun(net, scenarios, log);
    } finally {
      if (!flag("--keep")) await net.stop();
    }
    fs.writeFileSync(recordsFile, JSON.stringify(chain, bigintJson));
  }
  const tChain = Date.now();
  const sim = await SimulatorSide.create({ ...chain.genesis, accountNumbers: new Map(chain.genesis.accountNumbers) });
  const runner = new Runner(sim, chain.steps);
  await runScenarios(runner, scenarios.filter((s) => chain.steps.some((c) => c.key.startsWith(`${s.group}: `))), log);
  const comparisons: StepComparison[] = chain.steps.map((c, i) => compareStep(runner.steps[i], c));
  const failures = comparisons.filter((c) => undocumented(c).length > 0);
  for (const c of comparisons) {
    const bad = undocumented(c);
    const documented = c.mismatches.filter((m) => m.deviation).map((m) => `${m.field} (${m.deviation})`);
    const gas = c.gas ? ` gas ${c.gas.simulator}/${c.gas.chain} (${(c.gas.gap * 100).toFixed(2)} %)` : "";
    log(`${bad.length ? "FAIL" : "ok  "} ${c.group}: ${c.label}${gas}${documented.length ? `  [deviation: ${documented.join(", ")}]` : ""}`);
    for (const m of bad) log(`       ${m.field}:\n         simulator: ${m.simulator.replace(/\n/g, "\n           ")}\n         chain:     ${m.chain.replace(/\n/g, "\n           ")}`);
  }
  // a full run shows every item of issue 18 (items.ts): one whose steps are gone fails the run
  const unshown = only ? [] : itemCoverage(comparisons.map((c) => ({ group: c.group, label: c.label, ok: undocumented(c).length === 0 }))).filter((c) => c.steps === 0);
  for (const u of unshown) log(`FAIL item ${u.item.item} (${u.item.difference}): no step of this run shows it (items.ts steps ${u.item.steps.source})`);
  const seconds = { chain: (tChain - t0) / 1000, simulator: (Date.now() - tChain) / 1000 };
  const summary = writeReport(comparisons, DEVIATIONS, { seconds, replay: flag("--replay") });
  log(summary);
  log(`fidelity: ${failures.length === 0 ? "every difference is a documented deviation" : `${failures.length} step(s) differ beyond the documented deviations`}`);
  return failures.length === 0 && unshown.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
