// The contracts the build knows: every target in asconfig.json whose entry file exists.

import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./compile";

interface AsConfig {
  targets: Record<string, unknown>;
}

/** Entry file of a contract, relative to the repo root. */
export function contractEntry(name: string): string {
  return path.join("contracts", name, "src", "contract.ts");
}

export function contractNames(): string[] {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, "asconfig.json"), "utf8")) as AsConfig;
  return Object.keys(config.targets).filter((n) => fs.existsSync(path.join(ROOT, contractEntry(n))));
}
