// Rust-built reference contracts for side-by-side benchmarks. They ship inside the wasmd Go
// module (see shared/cosmwasm-abi.md): `go mod download` puts that module in the Go module cache
// and we read the files from there at run time. They are never copied into this repository.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface ReferenceContract {
  /** Go module that carries the file, and its version. */
  module: string;
  version: string;
  /** Path of the wasm inside the module. */
  file: string;
  /** sha256 (hex) of the file: the module cache is read, never trusted blindly. */
  sha256: string;
}

const WASMD = { module: "github.com/CosmWasm/wasmd", version: "v0.60.2" };

export const REFERENCE_CONTRACTS = {
  /** cw-plus v0.10.0-soon4 cw20-base. */
  cw20_base: { ...WASMD, file: "benchmarks/testdata/cw20_base.wasm", sha256: "1da7691c9c08ac74e59cf354b1e0573d7dd259ed872c6fac97a9ffb467487752" },
  /** cw-plus v0.10.0-soon4 cw1-whitelist. */
  cw1_whitelist: { ...WASMD, file: "benchmarks/testdata/cw1_whitelist.wasm", sha256: "8c2df7fc9c14cd0a5e41e10b8ae9129858ab4b2a6628503c83e9e4b853f1d560" },
  /** The staking-derivative example contract of wasmd's keeper tests. */
  staking: { ...WASMD, file: "x/wasm/keeper/testdata/staking.wasm", sha256: "c71ab6a684200a14d062f61e67c8378c748bf9f9aa8e64e268272719abf2597a" },
  /** cw-escrow 0.7 of wasmd's integration tests. */
  escrow: { ...WASMD, file: "tests/integration/testdata/escrow_0.7.wasm", sha256: "e73f20df26f26a0c658ff1406ea3dbc10e78130708f00dc640b86d1862ce4415" },
} satisfies Record<string, ReferenceContract>;

/**
 * Test contracts of wasmd's keeper tests (x/wasm/keeper/testdata, CosmWasm v1.4.0 releases; reflect
 * from CosmWasm 2.0), run side by side with the chain by the fidelity harness (tests/fidelity).
 */
export const WASMD_TESTDATA = {
  hackatom: { ...WASMD, file: "x/wasm/keeper/testdata/hackatom.wasm", sha256: "3f4cd47c39c57fe1733fb41ed176eebd9d5c67baf5df8a1eeda1455e758f8514" },
  reflect: { ...WASMD, file: "x/wasm/keeper/testdata/reflect_2_0.wasm", sha256: "99aef385de6f1cd85c2253fa35a3c2596c7106ca14e81ba3b6ba5fbd362fe92d" },
  burner: { ...WASMD, file: "x/wasm/keeper/testdata/burner.wasm", sha256: "c45d966d820e3389188d86b39251a9b9188438abc298dd08f233f41281fbf430" },
} satisfies Record<string, ReferenceContract>;

export type ReferenceName = keyof typeof REFERENCE_CONTRACTS | keyof typeof WASMD_TESTDATA;

const ALL: Record<ReferenceName, ReferenceContract> = { ...REFERENCE_CONTRACTS, ...WASMD_TESTDATA };

/** What `go mod download -json` prints for one module. */
interface GoModDownload {
  Dir?: string;
  Error?: string;
}

function goModDownload(moduleAtVersion: string, env: NodeJS.ProcessEnv): GoModDownload {
  let out: string;
  try {
    // Outside any Go module (tmpdir), so no go.mod or go.sum of ours is touched.
    out = execFileSync("go", ["mod", "download", "-json", moduleAtVersion], { cwd: os.tmpdir(), env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    // go exits non-zero on a failed download but still prints the JSON with Error set.
    const stdout = (e as { stdout?: string }).stdout;
    if (!stdout) throw new Error(`go mod download ${moduleAtVersion} failed: ${(e as Error).message}`);
    out = stdout;
  }
  return JSON.parse(out) as GoModDownload;
}

const dirs = new Map<string, string>();

/**
 * The directory of `module@version` in the Go module cache, downloaded when missing. When the
 * checksum database cannot be reached (some proxies do not serve it), the download is retried
 * without it for this one module: the pinned sha256 of each file read is the check then.
 */
export function goModuleDir(module: string, version: string): string {
  const key = `${module}@${version}`;
  const known = dirs.get(key);
  if (known) return known;
  let res = goModDownload(key, process.env);
  if (res.Error && /sum\.golang\.org|verifying|checksum database/i.test(res.Error)) {
    res = goModDownload(key, { ...process.env, GONOSUMDB: module });
  }
  if (res.Error || !res.Dir) throw new Error(`go mod download ${key}: ${res.Error ?? "no Dir in the output"}`);
  dirs.set(key, res.Dir);
  return res.Dir;
}

/** Path of a reference contract's wasm in the Go module cache (downloading the module if needed). */
export function referencePath(name: ReferenceName): string {
  const c = ALL[name];
  return path.join(goModuleDir(c.module, c.version), c.file);
}

/** The bytes of a reference contract, checked against its pinned sha256. */
export function referenceContract(name: ReferenceName): Uint8Array {
  const file = referencePath(name);
  const bytes = new Uint8Array(fs.readFileSync(file));
  const digest = createHash("sha256").update(bytes).digest("hex");
  const expected = ALL[name].sha256;
  if (digest !== expected) throw new Error(`${file}: sha256 ${digest}, expected ${expected}`);
  return bytes;
}
