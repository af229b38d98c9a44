// npm run deploy -- [--network simulator|localnet|testnet|mainnet] [--only nft,escrow,…] [--dry-run]
// npm run deploy -- migrate --contract <name> [--network …] [--allow-same-version] [--dry-run]
//
// Without --network it deploys into a fresh in-process simulator. See README.md ("Deploying").

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ContractName, assertContractName, knownContracts, parseOnly } from "./artifacts";
import { Chain } from "./chain";
import { loadConfig } from "./config";
import { deploy } from "./deploy";
import { DEPLOYMENTS_DIR } from "./deployments";
import { ConfigError, DeployError } from "./errors";
import { MNEMONIC_ENV, Network, deployerMnemonic, loadNetwork } from "./network";
import { LifecycleError } from "./lifecycle/env";
import { migrate } from "./migrate";
import { RpcChain } from "./rpc-chain";
import { simulatedGenesis } from "./simulator";

export interface CliArgs {
  command: "deploy" | "migrate" | "help";
  network: string;
  only?: ContractName[];
  dryRun: boolean;
  contract?: ContractName;
  allowSameVersion: boolean;
  rpc?: string;
  chainId?: string;
  gasPrice?: string;
  config?: string;
  artifacts?: string;
  deployments?: string;
  coinType?: number;
}

const USAGE = `usage:
  npm run deploy -- [--network simulator|localnet|testnet|mainnet] [--only <contract>,…] [--dry-run]
  npm run deploy -- migrate --contract <name> [--network …] [--allow-same-version] [--dry-run]
options: --rpc URL  --chain-id ID  --gas-price 0.025uxprt  --config FILE  --artifacts DIR  --deployments DIR  --coin-type 118|750
environment: ${MNEMONIC_ENV} (the deployer's mnemonic; never printed), DEPLOY_RPC, DEPLOY_CHAIN_ID, DEPLOY_GAS_PRICE`;

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { command: "deploy", network: "simulator", dryRun: false, allowSameVersion: false };
  const rest = [...argv];
  if (rest[0] === "migrate" || rest[0] === "deploy") args.command = rest.shift() as "migrate" | "deploy";
  while (rest.length > 0) {
    const flag = rest.shift()!;
    const [name, inline] = flag.includes("=") ? [flag.slice(0, flag.indexOf("=")), flag.slice(flag.indexOf("=") + 1)] : [flag, undefined];
    const value = (): string => {
      const v = inline ?? rest.shift();
      if (v === undefined || v.startsWith("--")) throw new ConfigError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case "--help":
      case "-h":
        args.command = "help";
        break;
      case "--network":
        args.network = value();
        break;
      case "--only":
        args.only = parseOnly(value());
        break;
      case "--dry-run":
        args.dryRun = true;
        break;
      case "--contract": {
        const c = value();
        assertContractName(c, "--contract");
        args.contract = c;
        break;
      }
      case "--allow-same-version":
        args.allowSameVersion = true;
        break;
      case "--rpc":
        args.rpc = value();
        break;
      case "--chain-id":
        args.chainId = value();
        break;
      case "--gas-price":
        args.gasPrice = value();
        break;
      case "--config":
        args.config = value();
        break;
      case "--artifacts":
        args.artifacts = path.resolve(value());
        break;
      case "--deployments":
        args.deployments = path.resolve(value());
        break;
      case "--coin-type":
        args.coinType = Number(value());
        if (![118, 750].includes(args.coinType)) throw new ConfigError("--coin-type: 118 (Cosmos) or 750 (old Persistence wallets)");
        break;
      default:
        throw new ConfigError(`unknown argument ${flag}\n${USAGE}`);
    }
  }
  if (args.command === "migrate" && !args.contract) throw new ConfigError(`migrate needs --contract <name> (${knownContracts().join(", ")})`);
  if (args.command === "deploy" && args.contract) throw new ConfigError("--contract belongs to migrate; use --only to deploy some contracts");
  return args;
}

/** Opens the network: a fresh simulator, or a connection to its RPC with the deployer's key. */
export async function openChain(net: Network, args: Pick<CliArgs, "coinType">, log: (l: string) => void): Promise<Chain> {
  if (net.rpc === null) return simulatedGenesis(net);
  const mnemonic = deployerMnemonic(net);
  const chain = await RpcChain.connect(net, { mnemonic, coinType: args.coinType });
  log(`  key          ${mnemonic ? `from ${mnemonic.origin}` : `none ($${MNEMONIC_ENV} is not set)`}`);
  return chain;
}

/** The simulator's chain lives in this process only, so its record goes to a temporary directory. */
function deploymentsDir(net: Network, args: CliArgs): string {
  if (args.deployments) return args.deployments;
  if (net.rpc === null && args.dryRun) return path.join(os.tmpdir(), "persistence-rwa-simulator-dry-run"); // never written
  if (net.rpc === null) return fs.mkdtempSync(path.join(os.tmpdir(), "persistence-rwa-simulator-"));
  return DEPLOYMENTS_DIR;
}

export async function main(argv: string[], log: (l: string) => void = (l) => console.log(l)): Promise<void> {
  const args = parseArgs(argv);
  if (args.command === "help") return log(USAGE);
  const net = loadNetwork(args.network, { rpc: args.rpc, chainId: args.chainId, gasPrice: args.gasPrice });
  const where = net.rpc ?? "in process";
  log(`${args.command}${args.dryRun ? " (dry run)" : ""} → ${net.name} (${net.chainId}, ${where})`);
  const chain = await openChain(net, args, log);
  try {
    log(`  deployer     ${chain.deployer ?? "(no key)"}`);
    const deployments = deploymentsDir(net, args);
    if (args.command === "migrate") {
      if (net.rpc === null) {
        log("  note: the simulator starts empty in every process: deploying first");
        await deploy({ chain, network: net, config: loadConfig(net.name, args.config), artifactsDir: args.artifacts, deploymentsDir: deployments, log });
      }
      await migrate({ chain, network: net, contract: args.contract!, artifactsDir: args.artifacts, deploymentsDir: deployments, dryRun: args.dryRun, allowSameVersion: args.allowSameVersion, log });
      return;
    }
    const config = loadConfig(net.name, args.config);
    await deploy({ chain, network: net, config, only: args.only, dryRun: args.dryRun, artifactsDir: args.artifacts, deploymentsDir: deployments, log });
  } finally {
    chain.disconnect();
  }
}

/** Prints a DeployError as "error: …" plus its hint; anything else with its stack. */
export function report(e: unknown, err: (l: string) => void = (l) => console.error(l)): void {
  if (e instanceof DeployError || e instanceof LifecycleError) {
    err(`error (${e.name}): ${e.message}`);
    if (e instanceof DeployError && e.hint) err(`  hint: ${e.hint}`);
  } else {
    err(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    report(e);
    process.exitCode = 1;
  });
}
