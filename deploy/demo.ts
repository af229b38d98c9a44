// npm run demo [-- --network simulator|localnet] [--no-build]
//
// The main job: builds the contracts, deploys them (to the in-process simulator by default, or
// to a running `npm run localnet`), then walks the RWA lifecycle through the generated clients
// and prints what happened. Exits non-zero on any failure.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MNEMONIC as LOCAL_TEST_MNEMONIC } from "../chain/localnet";
import { ROOT } from "./artifacts";
import { Chain } from "./chain";
import { DeployConfig, loadConfig } from "./config";
import { deploy } from "./deploy";
import { ConfigError } from "./errors";
import { Asset } from "./lifecycle/env";
import {
  LOCALNET_TIMING,
  LifecycleEnv,
  LifecycleResult,
  ROLES,
  Report,
  SIMULATOR_TIMING,
  castOf,
  contractsOf,
  runLifecycle,
  simulatorBalances,
  simulatorCast,
} from "./lifecycle/index";
import { report as reportError } from "./cli";
import { Network, loadNetwork } from "./network";
import { RpcChain } from "./rpc-chain";
import { simulatedGenesis } from "./simulator";

export interface DemoOptions {
  network: Network;
  /** Where the deployments file goes (default: a fresh temporary directory, so every demo gets its own contracts; code is still found by checksum). */
  deploymentsDir?: string;
  artifactsDir?: string;
  out?: (line: string) => void;
}

export interface DemoResult {
  lifecycle: LifecycleResult;
  report: Report;
  deployGas: number;
}

const SYMBOLS: Record<string, string> = {
  uxprt: "XPRT",
  "ibc/B3792E4A62DF4A934EF2DF5968556DB56F5776ED25BDE11188A4F58A7DD406F0": "USDC",
};

/** The stablecoin of the config: the pool's currency (the escrow's first payment denom). */
export function stableOf(config: DeployConfig): Asset {
  const denom = config.contracts["tranche-pool"].instantiate.currency;
  if (typeof denom !== "string") throw new ConfigError("the demo needs a native pool currency in the config");
  return { denom, symbol: SYMBOLS[denom] ?? denom };
}

/** A chain with the demo's parties funded: a fresh simulator, or the localnet's test accounts. */
async function openDemoChain(net: Network, stable: Asset, bond: Asset): Promise<{ chain: Chain; actors: string[] }> {
  if (net.rpc === null) {
    const probe = simulatorCast("");
    const actors = ROLES.map((r) => probe[r].address);
    const chain = simulatedGenesis(net, { balances: simulatorBalances(probe, stable, bond) });
    return { chain, actors };
  }
  if (net.name !== "localnet") throw new ConfigError(`the demo runs on the simulator or a localnet, not ${net.name}: its seven parties are the local test accounts`);
  // The localnet's genesis funds user0…user9 of the test mnemonic: user0 deploys, user1… act.
  const accounts = [0, ...ROLES.map((_, i) => i + 1)];
  const chain = await RpcChain.connect(net, { mnemonic: { phrase: LOCAL_TEST_MNEMONIC, origin: "the local test mnemonic" }, accounts });
  return { chain, actors: chain.addresses.slice(1) };
}

export async function runDemo(opts: DemoOptions): Promise<DemoResult> {
  const out = opts.out ?? ((l: string) => console.log(l));
  const net = opts.network;
  const config = loadConfig(net.name);
  const stable = stableOf(config);
  const bond: Asset = { denom: net.bondDenom, symbol: SYMBOLS[net.bondDenom] ?? net.bondDenom };
  const { chain, actors } = await openDemoChain(net, stable, bond);
  try {
    out(`deploy → ${net.name} (${net.chainId}${net.rpc ? `, ${net.rpc}` : ", in process"}), deployer ${chain.deployer}`);
    const deploymentsDir = opts.deploymentsDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "persistence-rwa-demo-"));
    const deployed = await deploy({ chain, network: net, config, artifactsDir: opts.artifactsDir, deploymentsDir, log: out });
    const report = new Report(out);
    const simulated = net.rpc === null;
    const gasPrice = simulated ? 0 : Number(net.gasPrice.replace(/[a-z/].*$/i, ""));
    const runId = simulated ? "sim" : Date.now().toString(36);
    const cast = castOf(chain.deployer!, actors);
    const env = new LifecycleEnv(chain, contractsOf(deployed.deployments), cast, stable, bond, simulated ? SIMULATOR_TIMING : LOCALNET_TIMING, report, gasPrice, runId);
    const lifecycle = await runLifecycle(env);
    return { lifecycle, report, deployGas: deployed.gasUsed };
  } finally {
    chain.disconnect();
  }
}

function build(out: (l: string) => void): void {
  out("building the contracts (npm run build) …");
  try {
    const log = execFileSync("npm", ["run", "-s", "build"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    for (const l of log.trim().split("\n")) out(`  ${l}`);
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new ConfigError(`npm run build failed:\n${(err.stdout ?? "") + (err.stderr ?? "")}`);
  }
}

function parseArgs(argv: string[]): { network: string; build: boolean } {
  const args = { network: "simulator", build: true };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--network") args.network = argv[++i] ?? "";
    else if (argv[i].startsWith("--network=")) args.network = argv[i].slice("--network=".length);
    else if (argv[i] === "--no-build") args.build = false;
    else throw new ConfigError(`unknown argument ${argv[i]}; usage: npm run demo [-- --network simulator|localnet] [--no-build]`);
  }
  return args;
}

async function main(argv: string[]): Promise<void> {
  const t0 = Date.now();
  const args = parseArgs(argv);
  const network = loadNetwork(args.network);
  if (args.build) build(console.log);
  const { lifecycle, deployGas } = await runDemo({ network });
  const s = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`\ndemo passed in ${s} s: deploy ${deployGas.toLocaleString("en-US")} gas; lifecycle ${lifecycle.transactions} transactions, ${lifecycle.gasUsed.toLocaleString("en-US")} gas`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    reportError(e);
    console.error("demo FAILED");
    process.exitCode = 1;
  });
}
