// Compiles AssemblyScript test contracts through the real build pipeline, once per source
// state: the wasm is cached under node_modules/.cache keyed by a hash of every input (the derived
// msg.ts codecs included, written first).

import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, compileContract } from "../../tools/build/compile";
import { prepareGenerated } from "../../tools/build/generated";

const CACHE = path.join(ROOT, "node_modules", ".cache", "fixtures");

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p));
    else if (entry.name.endsWith(".ts")) out.push(p);
  }
  return out.sort();
}

/** Hash of everything that goes into a build of `sourceDir` with the asconfig.json `config`. */
function inputsHash(sourceDir: string, config: string): string {
  const h = createHash("sha256");
  const configs = [...new Set([path.join(ROOT, "asconfig.json"), path.join(ROOT, config)])];
  const inputs = [...filesUnder(path.join(ROOT, "std")), ...filesUnder(sourceDir), ...configs, path.join(ROOT, "tools", "build", "compile.ts")];
  for (const f of inputs) h.update(path.relative(ROOT, f)).update(fs.readFileSync(f));
  return h.digest("hex").slice(0, 16);
}

/** The wasm of `tests/fixtures/<name>/contract.ts`, built (or taken from the cache). */
export function buildFixture(name: string): Uint8Array {
  const dir = path.join("tests", "fixtures", name);
  return buildWasm(dir, path.join(dir, "contract.ts"), name);
}

/**
 * Builds `entry` (whose sources live under `dir`, both relative to the repo root), cached; with
 * the asconfig.json `config` (relative to the root), as `npm run build` builds that contract.
 */
export function buildWasm(dir: string, entry: string, name: string, config = "asconfig.json"): Uint8Array {
  prepareGenerated(entry); // the derived msg.ts files are inputs: write them before hashing
  const out = path.join(CACHE, `${name}-${inputsHash(path.join(ROOT, dir), config)}.wasm`);
  if (fs.existsSync(out)) return new Uint8Array(fs.readFileSync(out));
  fs.mkdirSync(CACHE, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const bytes = compileContract(entry, tmp, { config });
  fs.renameSync(tmp, out); // atomic: parallel workers never read a half-written file
  return bytes;
}
