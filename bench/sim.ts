// npm run bench:sim [-- --executes=N --queries=N --warmup=N --out=DIR]
// Simulator throughput, ours vs @oraichain/cw-simulate; writes <out>/sim.json and <out>/sim.md
// (default bench/results).

import * as fs from "node:fs";
import * as path from "node:path";

import { BenchOptions, DEFAULT_OPTIONS, formatMarkdown, runSimBench } from "./sim/harness";

function parseArgs(argv: string[]): { options: BenchOptions; out: string } {
  const options = { ...DEFAULT_OPTIONS };
  let out = path.join(__dirname, "results");
  for (const arg of argv) {
    const m = /^--(executes|queries|warmup|out)=(.+)$/.exec(arg);
    if (!m) throw new Error(`unknown argument ${arg}; use --executes=N --queries=N --warmup=N --out=DIR`);
    if (m[1] === "out") out = path.resolve(m[2]);
    else options[m[1] as keyof BenchOptions] = Number(m[2]);
  }
  return { options, out };
}

async function main(): Promise<void> {
  const { options, out } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const report = await runSimBench(options, (line) => console.log(line));
  const md = formatMarkdown(report);
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "sim.json"), JSON.stringify(report, null, 2) + "\n");
  fs.writeFileSync(path.join(out, "sim.md"), md);
  console.log(`\n${md}\n(${((Date.now() - started) / 1000).toFixed(1)} s; wrote ${path.relative(process.cwd(), out)}/sim.json and sim.md)`);
  if (report.workloads.some((w) => !w.verified && Object.keys(w.errors).length === 0)) {
    console.error("final states differ between the simulators: the comparison is not valid");
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
