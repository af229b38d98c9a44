// `npm run schema`: regenerates every contract's schema/<name>.json and src/msg.ts from its
// messages.ts. `npm run schema -- --check` fails when a generated file is out of date.

import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../build/compile";
import { contractNames } from "../build/contracts";
import { assemblyScriptCodec } from "./assemblyscript";
import { ContractMessages } from "./dsl";
import { cw20Codec } from "./cw20";
import { contractSchema } from "./json-schema";

export interface GeneratedFile {
  path: string;
  content: string;
}

/** The contracts (each describes its messages in messages.ts), by folder name. */
export function describedContracts(): string[] {
  return contractNames();
}

/** What `npm run schema` writes for one contract, from its messages.ts. */
export function generate(name: string, messages: ContractMessages): GeneratedFile[] {
  const dir = path.join(ROOT, "contracts", name);
  return [
    { path: path.join(dir, "schema", `${name}.json`), content: JSON.stringify(contractSchema(messages), null, 2) + "\n" },
    { path: path.join(dir, "src", "msg.ts"), content: assemblyScriptCodec(messages, "../../../std", `contracts/${name}/messages.ts`) },
  ];
}

/** Every generated file: each contract's schema and codec, and std's cw20 codec. */
function allGenerated(): GeneratedFile[] {
  const out: GeneratedFile[] = [cw20Codec()];
  for (const name of describedContracts()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const messages = (require(path.join(ROOT, "contracts", name, "messages.ts")) as { default: ContractMessages }).default;
    out.push(...generate(name, messages));
  }
  return out;
}

function main(args: string[]): number {
  const check = args.includes("--check");
  let stale = 0;
  for (const f of allGenerated()) {
    const rel = path.relative(ROOT, f.path);
    const current = fs.existsSync(f.path) ? fs.readFileSync(f.path, "utf8") : null;
    if (current === f.content) continue;
    if (check) {
      console.error(`out of date: ${rel} (run npm run schema)`);
      stale++;
    } else {
      fs.mkdirSync(path.dirname(f.path), { recursive: true });
      fs.writeFileSync(f.path, f.content);
      console.log(`wrote ${rel}`);
    }
  }
  return stale > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
