// Compiles AssemblyScript contracts through the real build pipeline, once per source state: the
// wasm is cached under the project's node_modules/.cache keyed by a hash of every input (std, the
// contract's sources with the derived msg.ts codecs written first, its asconfig, the compiler step).

import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { BASE_ASCONFIG, compileContract } from "@persistence-ts/cli/build/compile";
import { prepareGenerated } from "@persistence-ts/cli/build/generated";
import { ROOT, STD_PACKAGE, TOOLS, cacheDir, packageDir } from "@persistence-ts/cli/project";

const CACHE = cacheDir("fixtures");

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
  const configs = [...new Set([BASE_ASCONFIG, path.resolve(ROOT, config)])];
  const inputs = [...filesUnder(packageDir(STD_PACKAGE)), ...filesUnder(sourceDir), ...configs, path.join(TOOLS, "build", "compile.ts")];
  for (const f of inputs) h.update(path.relative(ROOT, f)).update(fs.readFileSync(f));
  return h.digest("hex").slice(0, 16);
}

/** The wasm of `tests/fixtures/<name>/contract.ts`, built (or taken from the cache). */
export function buildFixture(name: string): Uint8Array {
  const dir = path.join("tests", "fixtures", name);
  return buildWasm(dir, path.join(dir, "contract.ts"), name);
}

/**
 * Builds `entry` (whose sources live under `dir`, both relative to the project), cached; with
 * the asconfig.json `config` (the CLI's base options by default), as `npm run build` builds it.
 */
export function buildWasm(dir: string, entry: string, name: string, config = BASE_ASCONFIG): Uint8Array {
  prepareGenerated(entry); // the derived msg.ts files are inputs: write them before hashing
  const out = path.join(CACHE, `${name}-${inputsHash(path.join(ROOT, dir), config)}.wasm`);
  if (fs.existsSync(out)) return new Uint8Array(fs.readFileSync(out));
  fs.mkdirSync(CACHE, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const bytes = compileContract(entry, tmp, { config });
  fs.renameSync(tmp, out); // atomic: parallel workers never read a half-written file
  return bytes;
}
