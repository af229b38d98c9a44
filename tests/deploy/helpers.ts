// Shared set-up of the deploy tests: artifacts built from the current sources (through the cached
// build the contract tests use), temporary directories, a simulated chain and a log to read.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { knownContracts } from "../../deploy/artifacts";
import { DeployConfig, loadConfig } from "../../deploy/config";
import { deploy, DeployResult } from "../../deploy/deploy";
import { Network, loadNetwork } from "../../deploy/network";
import { GenesisOptions, SimulatedChain, simulatedGenesis } from "../../deploy/simulator";
import { contractWasm } from "@persistence-ts/testing/contracts";

export const SIM: Network = loadNetwork("simulator", {}, {});

export function tmpDir(prefix = "deploy-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

let artifacts: string | undefined;

/** A directory with every contract's wasm, as `npm run build` writes them to artifacts/. */
export function artifactsDir(): string {
  if (artifacts) return artifacts;
  const dir = tmpDir("deploy-artifacts-");
  for (const name of knownContracts()) fs.writeFileSync(path.join(dir, `${name}.wasm`), contractWasm(name));
  return (artifacts = dir);
}

/** A copy of the artifacts in which `edit` changed one file. */
export function artifactsWith(file: string, edit: (bytes: Buffer) => Buffer | null): string {
  const dir = tmpDir("deploy-artifacts-");
  for (const f of fs.readdirSync(artifactsDir())) fs.copyFileSync(path.join(artifactsDir(), f), path.join(dir, f));
  const target = path.join(dir, file);
  const out = edit(fs.readFileSync(target));
  if (out === null) fs.rmSync(target);
  else fs.writeFileSync(target, out);
  return dir;
}

export class Lines {
  readonly lines: string[] = [];
  readonly log = (l: string): void => {
    this.lines.push(l);
  };
  text(): string {
    return this.lines.join("\n");
  }
}

export function chain(opts: GenesisOptions = {}, net: Network = SIM): SimulatedChain {
  return simulatedGenesis(net, opts);
}

export const config = (): DeployConfig => loadConfig("simulator");

export interface Run extends DeployResult {
  log: Lines;
}

/** One deploy into `c`, recording in `dir`. */
export async function run(c: SimulatedChain, dir: string, extra: Partial<Parameters<typeof deploy>[0]> = {}): Promise<Run> {
  const log = new Lines();
  const res = await deploy({ chain: c, network: SIM, config: config(), artifactsDir: artifactsDir(), deploymentsDir: dir, log: log.log, ...extra });
  return { ...res, log };
}

export function files(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}
