// `npm run bench:sim -- --js`: the same bench as compiled JavaScript. Under ts-node the process
// also holds the TypeScript compiler, and every full garbage collection has to mark that too
// (the "new instance per call" side allocates a 1 MiB+ wasm memory per Rust call, which forces
// one every ~60 calls); compiled, the heap is smaller. tsc compiles bench/sim.ts and what it imports with the project's tsconfig into a
// fresh directory under node_modules/.cache (removed afterwards); the wasm is built here first,
// so the compiled run needs nothing from the repository but node_modules.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

import { writeWorkloadWasm } from "./harness";

const ROOT = path.resolve(__dirname, "..", "..");
/** Inside node_modules, so the compiled files resolve packages from the repository's. */
const CACHE = path.join(ROOT, "node_modules", ".cache");

/** tsc over bench/sim.ts's import graph into `outDir`; returns the compiled entry point. */
function compile(outDir: string): string {
  const tsconfig = path.join(outDir, "tsconfig.json");
  const config = {
    extends: path.join(ROOT, "tsconfig.json"),
    // The packages by their folders: tsc emits no file it reached through node_modules.
    compilerOptions: { noEmit: false, outDir, rootDir: ROOT, baseUrl: ROOT, paths: Object.fromEntries([...workspacePackages()].map(([name, folder]) => [`${name}/*`, [`${folder}/*`]])) },
    files: [path.join(ROOT, "bench", "sim.ts")],
    include: [],
  };
  fs.writeFileSync(tsconfig, JSON.stringify(config, null, 2));
  const tsc = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsc"), ["-p", tsconfig], { encoding: "utf8" });
  const entry = path.join(outDir, "bench", "sim.js");
  // tsc emits despite type errors; those are typecheck's business, a missing output is ours
  if (!fs.existsSync(entry)) throw new Error(`tsc did not emit ${entry}: ${tsc.stdout}${tsc.stderr}${tsc.error?.message ?? ""}`);
  if (tsc.status !== 0) console.warn(`tsc reported type errors (output used anyway):\n${tsc.stdout.split("\n").slice(0, 5).join("\n")}`);
  return entry;
}

/** The workspace packages: name → folder. */
function workspacePackages(): Map<string, string> {
  const { workspaces } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { workspaces: string[] };
  return new Map(workspaces.map((folder) => [(JSON.parse(fs.readFileSync(path.join(ROOT, folder, "package.json"), "utf8")) as { name: string }).name, folder]));
}

/**
 * Points the workspace packages' names at their compiled output: the compiled files import
 * `@persistence-ts/<name>/…`, which would otherwise resolve to the TypeScript sources.
 */
function linkCompiledPackages(outDir: string): void {
  for (const [name, folder] of workspacePackages()) {
    const link = path.join(outDir, "node_modules", name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(outDir, folder), link, "dir");
  }
}

/** Compiles, builds the wasm and runs the compiled bench with `args`; returns its exit code. */
export function runCompiled(args: string[]): number {
  fs.mkdirSync(CACHE, { recursive: true });
  const outDir = fs.mkdtempSync(path.join(CACHE, "bench-sim-js-"));
  try {
    const entry = compile(outDir);
    linkCompiledPackages(outDir);
    const wasmDir = path.join(outDir, "wasm");
    writeWorkloadWasm(wasmDir);
    const child = spawnSync(process.execPath, [entry, ...args, `--wasm-dir=${wasmDir}`, `--repo=${ROOT}`], { stdio: "inherit" });
    if (child.error) throw child.error;
    return child.status ?? 1;
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}
