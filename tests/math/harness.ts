// Builds tests/fixtures/math into wasm with our contracts' compiler settings and exposes its
// string-in, string-out functions, plus BigInt helpers the suites share.

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

// The Node typings we use do not declare WebAssembly; this is the one call we make.
declare const WebAssembly: { compile(bytes: Uint8Array): Promise<unknown> };

/** The part of asc's programmatic API we use. */
interface Asc {
  main(
    argv: string[],
    options: { stderr: { write(chunk: string | Uint8Array): boolean } },
  ): Promise<{ error: Error | null }>;
}

// Loaded by a computed specifier: asc's own typings declare AssemblyScript globals (console,
// require, …) that would clash with Node's in the rest of the TypeScript project.
const ASC_MODULE: string = "assemblyscript/asc";

export interface MathFixture {
  /** Uint128 operation; returns the result or "ERR:" + the contract error. */
  u128(op: string, a?: string, b?: string, c?: string): string;
  u256(op: string, a?: string, b?: string, c?: string): string;
  dec(op: string, a?: string, b?: string): string;
}

interface Build {
  dir: string;
  wasm: string;
  bindings: string;
}

const ENTRY = resolve(__dirname, "../fixtures/math/index.ts");

// Our contracts' settings: stub runtime, none of the features the CosmWasm VM rejects, -O3.
const FLAGS = [
  "--runtime", "stub",
  "--disable", "bulk-memory",
  "--disable", "nontrapping-f2i",
  "-O3",
  "--noAssert",
];

async function build(): Promise<Build> {
  const dir = await mkdtemp(join(tmpdir(), "std-math-"));
  // An empty config keeps asc from picking up the repo's asconfig.json (shared options, abort hook).
  const config = join(dir, "asconfig.json");
  await writeFile(config, '{ "options": {} }');
  const wasm = join(dir, "math.wasm");
  const asc: Asc = (await import(ASC_MODULE)).default;
  let stderr = "";
  const { error } = await asc.main([ENTRY, "--config", config, "--outFile", wasm, "--bindings", "raw", ...FLAGS], {
    stderr: { write: (chunk) => ((stderr += String(chunk)), true) },
  });
  if (error) throw new Error(`asc failed: ${error.message}\n${stderr}`);
  return { dir, wasm, bindings: join(dir, "math.js") };
}

async function instantiate(output: Build): Promise<MathFixture> {
  const bindings = await import(/* @vite-ignore */ pathToFileURL(output.bindings).href);
  const module = await WebAssembly.compile(await readFile(output.wasm));
  const exports = await bindings.instantiate(module, {});
  return {
    u128: (op, a = "", b = "", c = "") => exports.u128(op, a, b, c),
    u256: (op, a = "", b = "", c = "") => exports.u256(op, a, b, c),
    dec: (op, a = "", b = "") => exports.dec(op, a, b),
  };
}

let built: Promise<Build> | undefined;

export async function loadMathFixture(): Promise<MathFixture> {
  built ??= build();
  return instantiate(await built);
}

/** Deletes the build directory. */
export async function removeMathFixture(): Promise<void> {
  if (built) await rm((await built).dir, { recursive: true, force: true });
  built = undefined;
}

export type Call = ["u128" | "u256", string, string, string, string] | ["dec", string, string, string];

/**
 * Runs calls on a fresh instance in a worker thread and gives up after `ms`. A vitest timeout
 * cannot stop a wasm loop (it blocks the thread that would fire the timer); terminating a
 * worker can, so cases that once hung (as-bignum's division) cannot hang the suite.
 */
export async function callWithDeadline(calls: Call[], ms: number): Promise<string[]> {
  const output = await (built ??= build());
  const worker = new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
    (async () => {
      const { instantiate } = await import(workerData.bindings);
      const module = await WebAssembly.compile(require("node:fs").readFileSync(workerData.wasm));
      const math = await instantiate(module, {});
      parentPort.postMessage(workerData.calls.map(([fn, ...args]) => math[fn](...args)));
    })().catch((e) => parentPort.postMessage({ error: String(e) }));`,
    { eval: true, workerData: { bindings: pathToFileURL(output.bindings).href, wasm: output.wasm, calls } },
  );
  let timer: NodeJS.Timeout | undefined;
  try {
    const reply = await Promise.race([
      new Promise<unknown>((ok, ko) => {
        worker.once("message", ok);
        worker.once("error", ko);
      }),
      new Promise<never>((_, ko) => {
        timer = setTimeout(() => ko(new Error(`no answer within ${ms} ms (endless loop?)`)), ms);
      }),
    ]);
    if (!Array.isArray(reply)) throw new Error(`worker failed: ${JSON.stringify(reply)}`);
    return reply as string[];
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}

export interface Case {
  call: Call;
  expected: string;
}

/**
 * Runs the cases in a worker (see callWithDeadline) and returns the first few that disagree
 * with their expectation, so a test reads `expect(await mismatches(cases)).toEqual([])`.
 */
export async function mismatches(cases: Case[], ms = 15_000): Promise<(Case & { got: string })[]> {
  const got = await callWithDeadline(
    cases.map((c) => c.call),
    ms,
  );
  return cases.flatMap((c, i) => (got[i] === c.expected ? [] : [{ ...c, got: got[i] }])).slice(0, 10);
}

// ---- BigInt helpers ------------------------------------------------------------------------

/** Values where limb, word and sign-bit boundaries make bugs likely. */
export function edgeValues(bits: 128 | 256): bigint[] {
  const out = new Set<bigint>([0n, 1n, 2n, 3n, 7n, 10n, 10n ** 18n, 10n ** 19n]);
  for (let b = 32n; b <= BigInt(bits); b += 32n) {
    out.add((1n << b) - 1n);
    if (b < BigInt(bits)) {
      out.add(1n << b);
      out.add((1n << b) + 1n);
    }
  }
  for (const b of [63n, 127n, 255n]) {
    if (b >= BigInt(bits)) continue;
    out.add(1n << b);
    out.add((1n << b) - 1n);
    out.add((1n << b) + 1n);
  }
  out.add((1n << BigInt(bits)) - 2n);
  return [...out].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A small seeded generator (xorshift128+), so failures reproduce. */
export class Rng {
  private s0: bigint;
  private s1: bigint;

  constructor(seed: number) {
    this.s0 = BigInt(seed) | 1n;
    this.s1 = 0x9e3779b97f4a7c15n;
    for (let i = 0; i < 8; i++) this.next64();
  }

  next64(): bigint {
    const mask = (1n << 64n) - 1n;
    let x = this.s0;
    const y = this.s1;
    this.s0 = y;
    x ^= (x << 23n) & mask;
    this.s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return (this.s1 + y) & mask;
  }

  below(n: number): number {
    return Number(this.next64() % BigInt(n));
  }

  /**
   * A value of up to `bits` bits with a random length, and sometimes runs of all-ones or
   * all-zeros limbs: the inputs where long division corrects its quotient guesses.
   */
  value(bits: number): bigint {
    const length = 1 + this.below(bits);
    let v = 0n;
    for (let i = 0; i < length; i += 32) {
      const pick = this.below(8);
      const limb = pick == 0 ? 0xffffffffn : pick == 1 ? 0n : pick == 2 ? 0x80000000n : this.next64() & 0xffffffffn;
      v = (v << 32n) | limb;
    }
    return v & ((1n << BigInt(length)) - 1n);
  }
}
