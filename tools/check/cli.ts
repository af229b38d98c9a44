/**
 * npm run check [-- [options] files...]
 *
 * Checks .wasm files against the CosmWasm 2.2 upload rules (default: every artifacts/*.wasm).
 * Options:
 *   --floats=error|warn      float ops/types fail the check (default) or are only reported
 *   --strict-floats          same as --floats=error
 *   --capabilities=a,b,c     the chain's capabilities (default: Persistence's wasmd 0.60 set)
 * Exits 1 if any file fails or there is nothing to check.
 */
import { readFileSync, readdirSync, existsSync } from "fs";
import { join, relative, resolve } from "path";
import { CheckOptions, CheckResult, checkWasm } from "./index";

export interface CliIo {
  log: (line: string) => void;
  /** Where file arguments are relative to. */
  cwd: string;
  /** The project whose artifacts/ is checked when no file is given (default: cwd). */
  root?: string;
}

interface CliArgs {
  files: string[];
  options: CheckOptions;
}

function parseArgs(argv: string[]): CliArgs {
  const files: string[] = [];
  const options: CheckOptions = {};
  for (const arg of argv) {
    if (arg === "--strict-floats") options.floats = "error";
    else if (arg === "--floats=warn" || arg === "--floats=error") options.floats = arg === "--floats=warn" ? "warn" : "error";
    else if (arg.startsWith("--capabilities=")) {
      options.capabilities = arg.slice("--capabilities=".length).split(",").map((s) => s.trim()).filter(Boolean);
    } else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}`);
    else files.push(arg);
  }
  return { files, options };
}

function defaultArtifacts(cwd: string): string[] {
  const dir = join(cwd, "artifacts");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith(".wasm")).sort().map((f) => join(dir, f));
}

function report(name: string, r: CheckResult, log: (line: string) => void): void {
  const size = `${r.info.size.toLocaleString("en-US")} bytes`;
  const caps = r.info.capabilities.length ? r.info.capabilities.join(",") : "none";
  if (r.ok) log(`OK   ${name}  ${size}  capabilities: ${caps}`);
  else log(`FAIL ${name}  ${size}  (${r.violations.length} violation${r.violations.length === 1 ? "" : "s"})`);
  for (const x of r.violations) log(`  [${x.rule}] ${x.item}: ${x.message}`);
  for (const x of r.warnings) log(`  warning [${x.rule}] ${x.item}: ${x.message}`);
}

/** Returns the process exit code. */
export function main(argv: string[], io: CliIo): number {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.log(e instanceof Error ? e.message : String(e));
    return 2;
  }
  const files = args.files.length ? args.files.map((f) => resolve(io.cwd, f)) : defaultArtifacts(io.root ?? io.cwd);
  if (files.length === 0) {
    io.log("no artifacts: run npm run build first");
    return 1;
  }
  let failed = 0;
  for (const file of files) {
    const name = relative(io.cwd, file) || file;
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      io.log(`FAIL ${name}  cannot read: ${e instanceof Error ? e.message : String(e)}`);
      failed++;
      continue;
    }
    const r = checkWasm(bytes, args.options);
    report(name, r, io.log);
    if (!r.ok) failed++;
  }
  return failed ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), { log: (l) => console.log(l), cwd: process.cwd() });
}
