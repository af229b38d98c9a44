// npm run bench:sim [-- --executes=N --queries=N --warmup=N --out=DIR --js]
// Simulator throughput, ours vs @oraichain/cw-simulate; writes <out>/sim.json and <out>/sim.md
// (default bench/results). --js runs it as compiled JavaScript instead of under ts-node
// (bench/sim/compiled.ts) and writes sim.compiled-js.json and .md.

import * as fs from "node:fs";
import * as path from "node:path";

import { runCompiled } from "./sim/compiled";
import { BenchOptions, BenchSetup, DEFAULT_OPTIONS, defaultSetup, formatMarkdown, runSimBench } from "./sim/harness";

interface Args {
  options: BenchOptions;
  out: string;
  /** Run compiled (from ts-node: compile first). */
  js: boolean;
  setup: BenchSetup;
}

const USAGE = "use --executes=N --queries=N --warmup=N --out=DIR --js";

function parseArgs(argv: string[]): Args {
  const args: Args = { options: { ...DEFAULT_OPTIONS }, out: path.join(__dirname, "results"), js: false, setup: defaultSetup() };
  for (const arg of argv) {
    const m = /^--(executes|queries|warmup|out|wasm-dir|repo)=(.+)$/.exec(arg);
    if (arg === "--js") args.js = true;
    else if (!m) throw new Error(`unknown argument ${arg}; ${USAGE}`);
    else if (m[1] === "out") args.out = path.resolve(m[2]);
    else if (m[1] === "wasm-dir") args.setup.wasmDir = m[2]; // set by runCompiled
    else if (m[1] === "repo") args.setup.repoDir = m[2]; // set by runCompiled
    else args.options[m[1] as keyof BenchOptions] = Number(m[2]);
  }
  return args;
}

/** The arguments a compiled run gets: the same ones, with the output directory made absolute. */
function forwarded(argv: string[], out: string): string[] {
  return [...argv.filter((a) => a !== "--js" && !a.startsWith("--out=")), `--out=${out}`];
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { options, out, js, setup } = parseArgs(argv);
  const compiled = __filename.endsWith(".js");
  if (js && !compiled) {
    process.exitCode = runCompiled(forwarded(argv, out));
    return;
  }
  const started = Date.now();
  const report = await runSimBench(options, (line) => console.log(line), setup);
  const md = formatMarkdown(report);
  const stem = compiled ? "sim.compiled-js" : "sim";
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, `${stem}.json`), JSON.stringify(report, null, 2) + "\n");
  fs.writeFileSync(path.join(out, `${stem}.md`), md);
  console.log(`\n${md}\n(${((Date.now() - started) / 1000).toFixed(1)} s; wrote ${path.relative(process.cwd(), out)}/${stem}.json and ${stem}.md)`);
  if (report.workloads.some((w) => !w.verified && Object.keys(w.errors).length === 0)) {
    console.error("final states differ between the simulators: the comparison is not valid");
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
