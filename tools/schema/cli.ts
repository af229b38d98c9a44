// `npm run schema`: regenerates every contract's schema/<name>.json, src/msg.ts and src/entry.ts, and
// std/cw20/msg.ts, from their messages.ts (interfaces/cw20.ts for cw20). The schema JSON is
// committed (the public interface); the AssemblyScript codecs (msg.ts) are derived, not committed.
// `--check` fails when a schema JSON is out of date. `--codecs` (what the build runs before asc,
// with `--dir contracts/<name>` or `--std`) writes the codecs and only checks the schema JSON.

import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, STD_PACKAGE } from "../project";
import { contractNames } from "../build/contracts";
import { assemblyScriptCodec } from "@persistence-ts/schema/assemblyscript";
import * as dsl from "@persistence-ts/schema/dsl";
import { ContractMessages, DslError, didYouMean } from "@persistence-ts/schema/dsl";
import { cw20Codec } from "./cw20";
import { entryFile } from "@persistence-ts/schema/entry";
import { contractSchema } from "@persistence-ts/schema/json-schema";

export interface GeneratedFile {
  path: string;
  content: string;
}

/** The contracts (each describes its messages in messages.ts), by folder name. */
export function describedContracts(): string[] {
  return contractNames();
}

/** What `npm run schema` writes for one contract (in `dir`, default contracts/<name>), from its messages.ts. */
export function generate(name: string, messages: ContractMessages, dir = path.join(ROOT, "contracts", name)): GeneratedFile[] {
  return [
    { path: path.join(dir, "schema", `${name}.json`), content: JSON.stringify(contractSchema(messages), null, 2) + "\n" },
    { path: path.join(dir, "src", "msg.ts"), content: assemblyScriptCodec(messages, STD_PACKAGE, `contracts/${name}/messages.ts`) },
    { path: path.join(dir, "src", "entry.ts"), content: entryFile(messages, STD_PACKAGE, `contracts/${name}/messages.ts`) },
  ];
}

/** Names `source` imports from the DSL that it does not export (`u128`), from the file's text. */
function missingDslImports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*["'][^"']*schema\/dsl["']/g)) {
    for (const spec of m[1].split(",")) {
      const name = spec.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0];
      if (name && !(name in dsl)) out.push(name);
    }
  }
  return out;
}

function withSuggestion(name: string): string {
  const mean = didYouMean(name);
  return `\`${name}\`${mean ? ` (${mean})` : ""}`;
}

/**
 * A contract's message description, loaded from its messages.ts (`label`: its path as the user
 * knows it). A mistake in it is a DslError naming the file, the message and the field.
 */
export function loadMessages(file: string, label: string): ContractMessages {
  let messages: ContractMessages | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    messages = (require(file) as { default?: ContractMessages }).default;
  } catch (e) {
    if (e instanceof DslError) {
      const missing = e.written === undefined ? missingDslImports(fs.readFileSync(file, "utf8")) : [];
      if (missing.length === 1) {
        const mean = didYouMean(missing[0]);
        throw e.inContract(label, `the type is undefined: \`${missing[0]}\` is imported from @persistence-ts/schema/dsl, which has no such export${mean ? `: ${mean}` : ""}`);
      }
      if (missing.length > 1) throw e.inContract(label, `the type is undefined: ${missing.map(withSuggestion).join(", ")} are imported from @persistence-ts/schema/dsl, which has no such exports`);
      throw e.inContract(label);
    }
    const undef = e instanceof ReferenceError ? /^(\S+) is not defined/.exec(e.message) : null;
    if (undef) throw new DslError(`${withSuggestion(undef[1])} is not defined: import it from @persistence-ts/schema/dsl (or define it above its first use)`, { contract: label });
    throw e;
  }
  if (messages === undefined) throw new DslError("no default export: end the file with `export default contract({ … })`", { contract: label });
  return messages;
}

/** Every generated file: each contract's schema and codec, and std's cw20 codec. */
function allGenerated(): GeneratedFile[] {
  const out: GeneratedFile[] = [cw20Codec()];
  for (const name of describedContracts()) {
    const messages = loadMessages(path.join(ROOT, "contracts", name, "messages.ts"), `contracts/${name}/messages.ts`);
    out.push(...generate(name, messages));
  }
  return out;
}

/** The generated files of the contract in `dir` (contracts/<name>), from its messages.ts. */
function contractGenerated(dir: string): GeneratedFile[] {
  const name = path.basename(dir);
  const rel = path.join(path.basename(path.dirname(dir)), name);
  return generate(name, loadMessages(path.join(dir, "messages.ts"), `${rel}/messages.ts`), dir);
}

/** A derived AssemblyScript file (msg.ts, entry.ts), as opposed to the committed schema JSON. */
const isCodec = (file: string): boolean => file.endsWith(".ts");

/**
 * Writes `content` to `file` unless it holds it already; true when it wrote. Through a temporary
 * file renamed over the target: parallel builds (vitest workers) never see a half-written file.
 */
export function writeIfChanged(file: string, content: string): boolean {
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === content) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
  return true;
}

/**
 * `npm run schema [-- --check | --codecs] [--dir contracts/<name> | --std]`: writes every generated
 * file, or those of the one contract in --dir (with std's codec), or with --std only std's codec.
 * --check only compares the schema JSON (the codecs are derived); --codecs writes the codecs and
 * compares the schema JSON.
 */
export function main(args: string[]): number {
  const check = args.includes("--check");
  const codecs = args.includes("--codecs");
  const dirAt = args.indexOf("--dir");
  const dir = dirAt >= 0 ? path.resolve(args[dirAt + 1]) : null;
  const base = dir ? path.dirname(path.dirname(dir)) : ROOT;
  const files = args.includes("--std") ? [cw20Codec()] : dir ? [cw20Codec(), ...contractGenerated(dir)] : allGenerated();
  let stale = 0;
  for (const f of files) {
    const rel = path.relative(base, f.path);
    if ((check || codecs) && !isCodec(f.path)) {
      const current = fs.existsSync(f.path) ? fs.readFileSync(f.path, "utf8") : null;
      if (current === f.content) continue;
      console.error(`${rel} is out of date with messages.ts: run \`npm run schema\``);
      stale++;
    } else if (!check && writeIfChanged(f.path, f.content) && !codecs) {
      console.log(`wrote ${rel}`);
    }
  }
  return stale > 0 ? 1 : 0;
}

/** main, with a DSL mistake reported as its message (exit code 1). */
export function cli(args: string[]): number {
  try {
    return main(args);
  } catch (e) {
    if (!(e instanceof DslError)) throw e;
    console.error(e.message);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = cli(process.argv.slice(2));
}
