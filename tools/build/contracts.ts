// Which contracts exist: every folder contracts/<name>/ that holds messages.ts (its messages, cw2
// name and version, the entry points it declares) and src/contract.ts (their handlers). asc
// compiles src/entry.ts, generated from messages.ts before each build (@persistence-ts/schema/entry). The build, schema, codegen, deploy, the
// benches and the test helpers take their lists from here; there is no target list to keep in
// step. A contract whose build needs more than the CLI's base options (its asconfig.json; e.g.
// more initial memory) says so in contracts/<name>/asconfig.json, which extends
// "@persistence-ts/cli/asconfig.json".

import * as fs from "node:fs";
import * as path from "node:path";
import type { ContractMessages } from "@persistence-ts/schema/dsl";
import { ROOT } from "../project";
import { BASE_ASCONFIG } from "./compile";

/** The files that make a folder under contracts/ a contract. */
export const CONTRACT_FILES = ["messages.ts", "src/contract.ts"] as const;

export const CONTRACT_RULE = "a contract is a folder contracts/<name>/ with messages.ts and src/contract.ts";

export class ContractRegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ContractRegistryError";
  }
}

export interface ContractInfo {
  name: string;
  /** The contract's folder, absolute. */
  dir: string;
  /** Entry file, relative to the repo root (as asc takes it): the generated src/entry.ts. */
  entry: string;
  /** messages.ts, absolute. */
  messages: string;
  /** The asconfig.json its build uses: its own (relative to the project) if it has one, else the CLI's base options. */
  asconfig: string;
}

/** Entry file of a contract (generated from messages.ts), relative to the repo root. */
export function contractEntry(name: string): string {
  return path.join("contracts", name, "src", "entry.ts");
}

function info(root: string, name: string): ContractInfo {
  const dir = path.join(root, "contracts", name);
  const own = path.join("contracts", name, "asconfig.json");
  return {
    name,
    dir,
    entry: contractEntry(name),
    messages: path.join(dir, "messages.ts"),
    asconfig: fs.existsSync(path.join(root, own)) ? own : BASE_ASCONFIG,
  };
}

/**
 * Every contract, sorted by name. A folder under contracts/ that lacks one of the contract files
 * is an error naming the file, never skipped: a half-made contract must not vanish from the build.
 */
export function listContracts(root = ROOT): ContractInfo[] {
  const dir = path.join(root, "contracts");
  if (!fs.existsSync(dir)) return [];
  const folders = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith("."))
    .map((d) => d.name)
    .sort();
  const problems: string[] = [];
  const out: ContractInfo[] = [];
  for (const name of folders) {
    const missing = CONTRACT_FILES.filter((f) => !fs.existsSync(path.join(dir, name, f)));
    if (missing.length > 0) problems.push(`contracts/${name}/ has no ${missing.join(" and no ")}`);
    else out.push(info(root, name));
  }
  if (problems.length > 0) {
    throw new ContractRegistryError(`${problems.join("; ")}: ${CONTRACT_RULE} (add the missing file, or move the folder out of contracts/)`);
  }
  return out;
}

export function contractNames(root = ROOT): string[] {
  return listContracts(root).map((c) => c.name);
}

/** "unknown contract(s) x; known: …", with the rule that makes a contract. */
export function unknownContracts(unknown: string[], known: string[]): string {
  return `unknown contract(s): ${unknown.join(", ")}; known: ${known.join(", ") || "(none)"} (${CONTRACT_RULE})`;
}

/** The named contract; a ContractRegistryError listing the known ones when there is none. */
export function findContract(name: string, root = ROOT): ContractInfo {
  const all = listContracts(root);
  const found = all.find((c) => c.name === name);
  if (!found) throw new ContractRegistryError(unknownContracts([name], all.map((c) => c.name)));
  return found;
}

/** The contract's messages.ts, loaded (ts-node and vitest both compile it on import). */
export async function loadMessages(name: string, root = ROOT): Promise<ContractMessages> {
  const mod = (await import(findContract(name, root).messages)) as { default?: ContractMessages };
  if (!mod.default) throw new ContractRegistryError(`contracts/${name}/messages.ts has no default export: end it with \`export default contract({ … })\``);
  return mod.default;
}
