// deploy/deployments/<chain-id>.json: what is deployed where. Written after every transaction
// (atomically), so a deploy that fails midway leaves a file the next run completes.

import * as fs from "node:fs";
import * as path from "node:path";
import { ContractName } from "./artifacts";
import { ConfigError } from "./errors";

export const DEPLOYMENTS_DIR = path.join(__dirname, "deployments");

export interface TxRecord {
  txHash: string;
  gasUsed: number;
  height: number;
  at: string;
}

export interface CodeRecord {
  codeId: number;
  checksum: string;
  /** Upload transaction; null when the code was already on the chain (found by checksum). */
  upload: TxRecord | null;
  creator: string;
}

export interface ContractRecord {
  address: string;
  codeId: number;
  label: string;
  admin: string | null;
  instantiate: TxRecord;
  /** The instantiate message as sent (placeholders resolved). */
  msg: Record<string, unknown>;
}

export interface MigrationRecord {
  contract: ContractName;
  fromCodeId: number;
  toCodeId: number;
  fromVersion: string;
  toVersion: string;
  tx: TxRecord;
}

export interface Deployments {
  chainId: string;
  network: string;
  deployer: string;
  /** By contract name; absent until uploaded or found. */
  codes: Record<ContractName, CodeRecord>;
  /** By contract name; absent until instantiated. */
  contracts: Record<ContractName, ContractRecord>;
  /** Wiring transactions by step id, e.g. "escrow.collections+nft". */
  wiring: Record<string, TxRecord>;
  migrations: MigrationRecord[];
  updated: string;
}

export function emptyDeployments(chainId: string, network: string, deployer: string): Deployments {
  return { chainId, network, deployer, codes: {}, contracts: {}, wiring: {}, migrations: [], updated: new Date().toISOString() };
}

export function deploymentsFile(dir: string, chainId: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(chainId)) throw new ConfigError(`chain id "${chainId}" cannot name a file`);
  return path.join(dir, `${chainId}.json`);
}

export function loadDeployments(file: string): Deployments | null {
  if (!fs.existsSync(file)) return null;
  try {
    const d = JSON.parse(fs.readFileSync(file, "utf8")) as Deployments;
    return { ...emptyDeployments(d.chainId, d.network, d.deployer), ...d };
  } catch (e) {
    throw new ConfigError(`${file} is not valid JSON (${(e as Error).message}): fix or move it away`);
  }
}

/** Write-then-rename, so an interrupted write never leaves half a file. */
export function saveDeployments(file: string, d: Deployments): void {
  d.updated = new Date().toISOString();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(d, null, 2) + "\n");
  fs.renameSync(tmp, file);
}

/** Keeps a file that no longer matches the chain (e.g. a reset localnet) as <chain-id>.stale-<time>.json. */
export function moveAside(file: string): string {
  const aside = file.replace(/\.json$/, `.stale-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  fs.renameSync(file, aside);
  return aside;
}
