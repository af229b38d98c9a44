// Compiles one AssemblyScript contract into a wasm the CosmWasm VM accepts:
//   1. asc with the shared options of asconfig.json (stub runtime, no bulk-memory, the start
//      function exported as `_initialize` instead of a start section, abort adapter);
//   2. wasm-ctor-eval runs `_initialize` at build time and bakes its effects into the data
//      and globals, then drops the export: no start code is left to run at 0 gas;
//   3. wasm-opt shrinks the result with only the features the VM accepts enabled, strips the
//      function names and keeps them beside the wasm (tools/wasm/names.ts) for the checker.
// Each step fails loudly; nothing half-built is written to the output path.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { prepareGenerated } from "./generated";
import { recordFunctionNames } from "../wasm/names";
import { withAscHints } from "./hints";
import { ROOT, STD_PACKAGE, TOOLS, packageDir } from "../project";

/** The compiler and binaryen's tools, from the packages this CLI depends on. */
function toolPath(cmd: string): string {
  return cmd === "asc" ? path.join(packageDir("assemblyscript", "cli"), "bin", "asc.js") : path.join(packageDir("binaryen", "cli"), "bin", cmd);
}

/** The options every contract compiles with (a contract's own asconfig.json extends them). */
export const BASE_ASCONFIG = path.join(TOOLS, "asconfig.json");

/** asc's `abort` goes to std's adapter, which reports the message through the VM's `abort` import. */
const ABORT_MAPPING = `abort=~lib/${STD_PACKAGE}/abi/abort/contractAbort`;

/** Features the VM accepts: MVP + sign-extension + mutable-globals (+ multi-value types). */
const VM_FEATURES = ["--mvp-features", "--enable-sign-ext", "--enable-mutable-globals"];

export class BuildError extends Error {
  constructor(
    readonly step: string,
    readonly detail: string,
  ) {
    super(`${step} failed: ${detail}`);
    this.name = "BuildError";
  }

  /** The failure of a child process run by `step`, as plain text: tools colour their output when CI is set or on a terminal (asc does). */
  static fromTool(step: string, e: unknown): BuildError {
    const err = e as { stderr?: string; stdout?: string; message: string };
    return new BuildError(step, stripVTControlCharacters(err.stderr || err.stdout || err.message).trim());
  }
}

function run(step: string, cmd: string, args: string[]): string {
  try {
    return execFileSync(process.execPath, [toolPath(cmd), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  } catch (e) {
    throw BuildError.fromTool(step, e);
  }
}

export interface CompileOptions {
  /** The asconfig.json to compile with, relative to the project (default: the CLI's base options). */
  config?: string;
  /** Keep the intermediate .wat next to the output, for inspection. */
  emitText?: boolean;
}

/** Compiles `entry` (a path relative to the repo root) to `outFile`; returns the wasm bytes. */
export function compileContract(entry: string, outFile: string, opts: CompileOptions = {}): Uint8Array {
  prepareGenerated(entry);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "asc-"));
  try {
    const raw = path.join(work, "raw.wasm");
    const evald = path.join(work, "ctor.wasm");
    const final = path.join(work, "final.wasm");
    const names = path.join(work, "names.txt");
    // --debug (asc) and -g (ctor-eval) carry function names into wasm-opt; it writes them to
    // --symbolmap and strips them from the wasm, whose bytes are those of a build without names.
    const ascArgs = [entry, "--config", opts.config ?? BASE_ASCONFIG, "--use", ABORT_MAPPING, "--noColors", "--debug", "--outFile", raw];
    try {
      run("asc", "asc", ascArgs);
    } catch (e) {
      if (e instanceof BuildError) throw new BuildError("asc", withAscHints(e.detail, entry));
      throw e;
    }
    const evaluated = run("wasm-ctor-eval", "wasm-ctor-eval", [raw, "--ctors=_initialize", "--kept-exports=", ...VM_FEATURES, "-g", "-o", evald]);
    // A partial evaluation leaves `_initialize` exported and the globals it did not reach unset:
    // the VM never calls it, so the contract would run on null globals. Fail instead.
    const stopped = /stopping since could not eval: (.*)/.exec(evaluated);
    if (stopped) throw new BuildError("wasm-ctor-eval", `could not evaluate all of _initialize (${stopped[1].trim()})${stopped[1].includes("grow memory") ? ": the globals outgrow the initial memory, raise initialMemory in the contract's asconfig.json (contracts/<name>/asconfig.json, extending \"@persistence-ts/cli/asconfig.json\")" : ""}`);
    run("wasm-opt", "wasm-opt", [evald, "-O3", "--strip-debug", "--strip-producers", `--symbolmap=${names}`, ...VM_FEATURES, "-o", final]);
    if (opts.emitText) run("wasm-dis", "wasm-dis", [final, "-o", outFile.replace(/\.wasm$/, ".wat")]);
    const bytes = fs.readFileSync(final);
    recordFunctionNames(bytes, fs.readFileSync(names, "utf8"));
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(outFile, bytes);
    return new Uint8Array(bytes);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
