// Networks the deploy CLI knows (deploy/networks.json), with overrides from flags and the
// environment, and the deployer's mnemonic (from the environment only, never printed).

import * as fs from "node:fs";
import * as path from "node:path";
import { GasPrice } from "@cosmjs/stargate";
import { Localnet, MNEMONIC as LOCAL_TEST_MNEMONIC } from "../chain/localnet";
import { ConfigError, MnemonicMissingError } from "./errors";

export const NETWORK_NAMES = ["simulator", "localnet", "testnet", "mainnet"] as const;
export type NetworkName = (typeof NETWORK_NAMES)[number];

export const DEPLOY_DIR = __dirname;
const NETWORKS_FILE = path.join(DEPLOY_DIR, "networks.json");

/** The environment variable holding the deployer's mnemonic. */
export const MNEMONIC_ENV = "DEPLOY_MNEMONIC";

export interface Network {
  name: NetworkName;
  description: string;
  chainId: string;
  /** null for the in-process simulator. */
  rpc: string | null;
  rpcFallbacks: string[];
  prefix: string;
  bondDenom: string;
  /** e.g. "0.025uxprt": what cosmjs's "auto" fee pays per unit of gas. */
  gasPrice: string;
  slip44: number;
  /** Local networks may fall back to the public test mnemonic of chain/README.md. */
  testMnemonic: boolean;
  explorerTx?: string;
  source: string;
}

export interface NetworkOverrides {
  rpc?: string;
  chainId?: string;
  gasPrice?: string;
}

type NetworkFile = Record<NetworkName, Omit<Network, "name" | "rpcFallbacks" | "testMnemonic"> & { rpcFallbacks?: string[]; testMnemonic?: boolean }>;

export function isNetworkName(s: string): s is NetworkName {
  return (NETWORK_NAMES as readonly string[]).includes(s);
}

/**
 * The network `name` from networks.json. Precedence: flag, then environment (DEPLOY_RPC,
 * DEPLOY_CHAIN_ID, DEPLOY_GAS_PRICE; for localnet also LOCALNET_RPC and LOCALNET_NAME, as the
 * e2e tests use them), then the file.
 */
export function loadNetwork(name: string, flags: NetworkOverrides = {}, env: NodeJS.ProcessEnv = process.env): Network {
  if (!isNetworkName(name)) throw new ConfigError(`unknown network "${name}"; known: ${NETWORK_NAMES.join(", ")}`);
  const file = JSON.parse(fs.readFileSync(NETWORKS_FILE, "utf8")) as NetworkFile;
  const base = file[name];
  const net: Network = { ...base, name, rpcFallbacks: base.rpcFallbacks ?? [], testMnemonic: base.testMnemonic ?? false };
  const rpc = flags.rpc ?? env.DEPLOY_RPC ?? (name === "localnet" ? localnetRpc(env) : undefined);
  if (rpc !== undefined) {
    if (name === "simulator") throw new ConfigError("the simulator runs in this process and has no RPC endpoint: drop --rpc / DEPLOY_RPC");
    net.rpc = rpc;
    net.rpcFallbacks = [];
  }
  net.chainId = flags.chainId ?? env.DEPLOY_CHAIN_ID ?? net.chainId;
  net.gasPrice = flags.gasPrice ?? env.DEPLOY_GAS_PRICE ?? net.gasPrice;
  parseGasPrice(net.gasPrice);
  return net;
}

function localnetRpc(env: NodeJS.ProcessEnv): string | undefined {
  if (env.LOCALNET_RPC) return env.LOCALNET_RPC;
  if (env.LOCALNET_NAME) return new Localnet(env.LOCALNET_NAME).rpcUrl(0);
  return undefined;
}

export function parseGasPrice(s: string): GasPrice {
  try {
    return GasPrice.fromString(s);
  } catch (e) {
    throw new ConfigError(`invalid gas price "${s}" (expected e.g. 0.025uxprt): ${(e as Error).message}`);
  }
}

export interface Mnemonic {
  phrase: string;
  /** Where it came from, for the log (never the words themselves). */
  origin: string;
}

/** The deployer's mnemonic: $DEPLOY_MNEMONIC, else (local networks only) the public test mnemonic. */
export function deployerMnemonic(net: Network, env: NodeJS.ProcessEnv = process.env): Mnemonic | null {
  const phrase = env[MNEMONIC_ENV]?.trim();
  if (phrase) {
    const words = phrase.split(/\s+/).length;
    if (![12, 15, 18, 21, 24].includes(words)) throw new ConfigError(`$${MNEMONIC_ENV} holds ${words} words; a BIP-39 mnemonic has 12 to 24`);
    return { phrase, origin: `$${MNEMONIC_ENV}` };
  }
  if (net.testMnemonic) return { phrase: LOCAL_TEST_MNEMONIC, origin: "the local test mnemonic of chain/README.md (user0)" };
  return null;
}

export function requireMnemonic(net: Network, env: NodeJS.ProcessEnv = process.env): Mnemonic {
  const m = deployerMnemonic(net, env);
  if (!m) {
    throw new MnemonicMissingError(
      `no deployer key: set $${MNEMONIC_ENV} to the deployer's mnemonic to deploy to ${net.name} (${net.chainId})`,
      `e.g. read -rs ${MNEMONIC_ENV} && export ${MNEMONIC_ENV}  (the CLI never prints it)`,
    );
  }
  return m;
}
