// `npm run build [-- names…]`: compiles every contract (or the named ones) to
// artifacts/<name>.wasm and writes artifacts/checksums.txt (sha256 hex, as wasmd shows it).

import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { BuildError, ROOT, compileContract } from "./compile";
import { contractNames, contractEntry } from "./contracts";

function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function main(argv: string[]): number {
  const all = contractNames();
  const wanted = argv.length > 0 ? argv : all;
  const unknown = wanted.filter((n) => !all.includes(n));
  if (unknown.length > 0) {
    console.error(`unknown contract(s): ${unknown.join(", ")}; known: ${all.join(", ")}`);
    return 2;
  }
  const artifacts = path.join(ROOT, "artifacts");
  fs.mkdirSync(artifacts, { recursive: true });
  let failed = 0;
  for (const name of wanted) {
    try {
      const bytes = compileContract(contractEntry(name), path.join(artifacts, `${name}.wasm`), { target: name });
      console.log(`built ${name}.wasm  ${bytes.length} bytes  ${sha256Hex(bytes)}`);
    } catch (e) {
      if (!(e instanceof BuildError)) throw e;
      console.error(`FAILED ${name}: ${e.message}`);
      failed++;
    }
  }
  writeChecksums(artifacts);
  return failed > 0 ? 1 : 0;
}

/** One line per artifact present, `<sha256>  <file>`, sorted by name (sha256sum's format). */
function writeChecksums(dir: string): void {
  const lines = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".wasm"))
    .sort()
    .map((f) => `${sha256Hex(fs.readFileSync(path.join(dir, f)))}  ${f}`);
  fs.writeFileSync(path.join(dir, "checksums.txt"), lines.join("\n") + (lines.length ? "\n" : ""));
}

process.exitCode = main(process.argv.slice(2));
