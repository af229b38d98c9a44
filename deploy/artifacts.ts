// The contracts (every contracts/<name>/ with messages.ts and src/contract.ts: the registry of
// tools/build/contracts.ts), their artifacts (artifacts/<name>.wasm from `npm run build`) and the
// cw2 name and version each is built with (from its messages.ts, the one definition).

import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { CONTRACT_RULE, ContractRegistryError, contractNames, loadMessages } from "@persistence-ts/cli/build/contracts";
import { checkWasm } from "@persistence-ts/cli/check/index";
import { ArtifactError, ConfigError } from "./errors";

/** A contract's folder name under contracts/, checked against the registry where it comes in. */
export type ContractName = string;

/** Every contract, by name (sorted); a half-made contract folder is a ConfigError naming the missing file. */
export function knownContracts(): ContractName[] {
  try {
    return contractNames();
  } catch (e) {
    if (e instanceof ContractRegistryError) throw new ConfigError(e.message);
    throw e;
  }
}

export const ROOT = path.resolve(__dirname, "..");
export const ARTIFACTS_DIR = path.join(ROOT, "artifacts");

export interface Cw2 {
  contract: string;
  version: string;
}

/** The cw2 record the contract's current source writes (contracts/<name>/messages.ts). */
export async function sourceCw2(name: ContractName): Promise<Cw2> {
  assertContractName(name, "contract");
  const d = await loadMessages(name);
  return { contract: d.contractName, version: d.contractVersion };
}

export function isContractName(s: string): s is ContractName {
  return knownContracts().includes(s);
}

/** Throws a ConfigError listing the known contracts unless `name` is one; `what` names the flag. */
export function assertContractName(name: string, what: string): void {
  if (!isContractName(name)) throw new ConfigError(`${what}: unknown contract "${name}"; known: ${knownContracts().join(", ")} (${CONTRACT_RULE})`);
}

/** Parses `--only nft,escrow`: known names (deploy orders them by the config). */
export function parseOnly(list: string): ContractName[] {
  const names = list.split(",").map((s) => s.trim()).filter(Boolean);
  const known = knownContracts();
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new ConfigError(`--only: unknown contract(s) ${unknown.join(", ") || "(none given)"}; known: ${known.join(", ")} (${CONTRACT_RULE})`);
  }
  return known.filter((c) => names.includes(c));
}

export interface Artifact {
  contract: ContractName;
  file: string;
  wasm: Uint8Array;
  /** sha256, lowercase hex. */
  checksum: string;
  cw2: Cw2;
}

export const sha256Hex = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** AssemblyScript keeps string literals as UTF-16LE in the data section. */
const containsString = (wasm: Uint8Array, s: string): boolean => Buffer.from(wasm).indexOf(Buffer.from(s, "utf16le")) >= 0;

/**
 * Reads artifacts/<name>.wasm and applies the upload checker (tools/check) to it, as
 * `npm run check` does. Also makes sure the file carries the cw2 name and version of the current
 * source, so a stale or misnamed artifact is caught before it costs gas.
 */
export async function loadArtifact(name: ContractName, dir = ARTIFACTS_DIR): Promise<Artifact> {
  const file = path.join(dir, `${name}.wasm`);
  const rel = path.relative(ROOT, file);
  if (!fs.existsSync(file)) throw new ArtifactError(name, `missing artifact ${rel}`, "run `npm run build` first");
  let wasm: Uint8Array;
  try {
    wasm = new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    throw new ArtifactError(name, `cannot read ${rel}: ${(e as Error).message}`);
  }
  const verdict = checkWasm(wasm);
  if (!verdict.ok) {
    const why = verdict.violations.map((v) => `[${v.rule}] ${v.item}: ${v.message}`).join("; ");
    throw new ArtifactError(name, `${rel} fails the upload checker (npm run check): ${why}`, "fix the contract or the build, then `npm run build`");
  }
  const cw2 = await sourceCw2(name);
  if (!containsString(wasm, cw2.contract)) {
    throw new ArtifactError(name, `${rel} does not carry the cw2 name ${cw2.contract}: it is not the ${name} contract`, "run `npm run build`");
  }
  if (!containsString(wasm, cw2.version)) {
    throw new ArtifactError(name, `${rel} was not built from the current source (cw2 version ${cw2.version} not found in it)`, "run `npm run build`");
  }
  return { contract: name, file, wasm, checksum: sha256Hex(wasm), cw2 };
}
