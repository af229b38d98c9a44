// `npm run build [-- names…]`: compiles every contract (or the named ones) to
// artifacts/<name>.wasm and writes artifacts/checksums.txt (sha256 hex, as wasmd shows it).
// The contracts are the folders contracts/<name>/ with messages.ts and src/contract.ts.

import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../project";
import { BuildError, compileContract } from "./compile";
import { ContractInfo, ContractRegistryError, listContracts, unknownContracts } from "./contracts";

function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function main(argv: string[]): number {
  let all: ContractInfo[];
  try {
    all = listContracts();
  } catch (e) {
    if (!(e instanceof ContractRegistryError)) throw e;
    console.error(e.message);
    return 2;
  }
  const names = all.map((c) => c.name);
  const unknown = argv.filter((n) => !names.includes(n));
  if (unknown.length > 0) {
    console.error(unknownContracts(unknown, names));
    return 2;
  }
  const wanted = argv.length > 0 ? all.filter((c) => argv.includes(c.name)) : all;
  const artifacts = path.join(ROOT, "artifacts");
  fs.mkdirSync(artifacts, { recursive: true });
  let failed = 0;
  for (const { name, entry, asconfig } of wanted) {
    try {
      const bytes = compileContract(entry, path.join(artifacts, `${name}.wasm`), { config: asconfig });
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

if (require.main === module) process.exitCode = main(process.argv.slice(2));
