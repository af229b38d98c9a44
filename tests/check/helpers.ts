/** Builds test modules from WAT (binaryen's JS API) or AssemblyScript (asc). */
import binaryen from "binaryen";
import { execFile } from "child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { homedir, tmpdir } from "os";
import { join, resolve } from "path";
import { promisify } from "util";

const run = promisify(execFile);
const BIN = resolve(__dirname, "../../node_modules/.bin");

export const tempDir = (): string => mkdtempSync(join(tmpdir(), "wasm-check-"));

/** Wasm proposals a fixture can switch on in binaryen (names as in wasm-as --enable-*). */
const FEATURES = {
  "bulk-memory": binaryen.Features.BulkMemory | binaryen.Features.BulkMemoryOpt,
  "nontrapping-float-to-int": binaryen.Features.NontrappingFPToInt,
  simd: binaryen.Features.SIMD128,
  "reference-types": binaryen.Features.ReferenceTypes,
  threads: binaryen.Features.Atomics,
  "tail-call": binaryen.Features.TailCall,
  "exception-handling": binaryen.Features.ExceptionHandling,
  gc: binaryen.Features.GC,
  multivalue: binaryen.Features.Multivalue,
  multimemory: binaryen.Features.MultiMemory,
} as const;
export type BinaryenFeature = keyof typeof FEATURES;

/** What every fixture gets on top of the MVP (both allowed by the VM). */
const BASE_FEATURES = binaryen.Features.SignExt | binaryen.Features.MutableGlobals;

/** WAT → binary, with a names section so checker items read `func[i] $name`. */
export function watToWasm(wat: string, features: BinaryenFeature[] = []): Uint8Array {
  binaryen.setDebugInfo(true);
  const m = binaryen.parseText(wat);
  try {
    m.setFeatures(features.reduce((acc, f) => acc | FEATURES[f], BASE_FEATURES));
    if (!m.validate()) throw new Error("fixture does not validate in binaryen");
    return m.emitBinary();
  } finally {
    m.dispose();
  }
}

export async function ascToWasm(dir: string, name: string, source: string, args: string[] = []): Promise<Uint8Array> {
  const src = join(dir, `${name}.ts`);
  const out = join(dir, `${name}.wasm`);
  writeFileSync(src, source);
  await run(join(BIN, "asc"), [src, "-o", out, ...args], { cwd: dir });
  return readFileSync(out);
}

function leb128(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** Appends a custom section (id 0) to a module. */
export function withCustomSection(bytes: Uint8Array, name: string, data: Uint8Array): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const payload = [...leb128(nameBytes.length), ...nameBytes, ...data];
  return Uint8Array.from([...bytes, 0, ...leb128(payload.length), ...payload]);
}

/** Path of cosmwasm-check if installed (PATH or ~/.cargo/bin), else undefined. */
export function findCosmwasmCheck(): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(":"), join(homedir(), ".cargo", "bin")];
  return dirs.map((d) => join(d, "cosmwasm-check")).find((p) => p.startsWith("/") && existsSync(p));
}

export interface ExecResult {
  code: number;
  stdout: string;
}

export async function runTool(cmd: string, args: string[]): Promise<ExecResult> {
  try {
    const { stdout } = await run(cmd, args);
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code?: number; stdout?: string };
    return { code: typeof err.code === "number" ? err.code : -1, stdout: err.stdout ?? "" };
  }
}
