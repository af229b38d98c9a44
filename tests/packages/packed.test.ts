// The packages as a third party gets them: packed with `npm pack`, installed from the tarballs
// into a new project outside this repository (from the npm cache, no network), a contract
// scaffolded there with the packed CLI, built, checked, and its test run by the project's own
// vitest in the packed simulator. Nothing here reaches back into the repository.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schemaContracts } from "@persistence-ts/cli/codegen";
import { ROOT } from "@persistence-ts/cli/project";

/** Every workspace of this repository: each is a package. */
const PACKAGES = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { workspaces: string[] }).workspaces.map(
  (folder) => (JSON.parse(fs.readFileSync(path.join(ROOT, folder, "package.json"), "utf8")) as { name: string }).name,
);
/** What the project installs, as the README says (interfaces comes with the CLI); vitest at the version of this repository's lockfile. */
const INSTALLED = ["cli", "std", "schema", "simulator", "testing"].map((p) => `@persistence-ts/${p}`);
const PROJECT_DEV_DEPENDENCIES = ["vitest"];

let work: string;
let project: string;
/** What the clients' tarball holds: dApps install it alone. */
let clientFiles: string[];

/** Runs `cmd` in the project with a clean environment (not the running vitest's); returns stdout and stderr, throws with them. */
function inProject(cmd: string, args: string[]): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST") && !k.startsWith("npm_") && k !== "NODE_OPTIONS" && k !== "TEST" && k !== "FORCE_COLOR"));
  env.NO_COLOR = "1";
  try {
    return execFileSync(cmd, args, { cwd: project, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${err.stdout ?? ""}\n${err.stderr ?? err.message}`);
  }
}

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}
type Lock = { packages: Record<string, LockEntry> };
/** What `npm pack --json` says of one tarball. */
type PackResult = { name: string; version: string; integrity: string; filename: string; files: Array<{ path: string }> };

/**
 * The project's package-lock.json: our tarballs, and of this repository's lockfile the entries the
 * project's dependencies reach (at the same places in the tree, which already satisfies them).
 * With it `npm ci --offline` installs from the npm cache alone; without one npm would need the
 * registry's package metadata, which an install from a lockfile never fetches and so never cached.
 */
function projectLockfile(packed: Array<{ name: string; version: string; integrity: string; file: string }>, devDependencies: Record<string, string>): object {
  const repo = (JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as Lock).packages;
  const packages: Record<string, LockEntry> = {};
  const ours = new Map(packed.map((p) => [p.name, p]));
  const queue: string[] = [];
  const add = (at: string, entry: LockEntry): void => {
    if (packages[at]) return;
    packages[at] = entry;
    queue.push(at);
  };
  /** Where Node finds `dep` from the package at `from`: its own node_modules, then each one above. */
  const locate = (from: string, dep: string): string | null => {
    for (let dir = from; ; dir = dir.replace(/\/?node_modules\/(@[^/]+\/)?[^/]+$/, "")) {
      const at = `${dir ? `${dir}/` : ""}node_modules/${dep}`;
      if (ours.has(dep) || repo[at]) return ours.has(dep) ? `node_modules/${dep}` : at;
      if (!dir) return null;
    }
  };
  for (const p of packed) {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, repo[`node_modules/${p.name}`].resolved!, "package.json"), "utf8")) as LockEntry;
    const { dependencies, peerDependencies, peerDependenciesMeta, bin, engines, license } = manifest;
    add(`node_modules/${p.name}`, { version: p.version, resolved: `file:${p.file}`, integrity: p.integrity, dev: true, license, dependencies, peerDependencies, peerDependenciesMeta, bin, engines });
  }
  for (const d of Object.keys(devDependencies)) if (!ours.has(d)) add(`node_modules/${d}`, repo[`node_modules/${d}`]);
  while (queue.length > 0) {
    const at = queue.shift()!;
    const e = packages[at];
    const optionalPeer = (d: string): boolean => e.peerDependenciesMeta?.[d]?.optional === true;
    const wanted = [...Object.keys(e.dependencies ?? {}), ...Object.keys(e.optionalDependencies ?? {}), ...Object.keys(e.peerDependencies ?? {}).filter((d) => !optionalPeer(d))];
    for (const dep of wanted) {
      const found = locate(at, dep);
      if (found === null) {
        if (e.optionalDependencies?.[dep] !== undefined) continue;
        throw new Error(`${at} needs ${dep}, which the repository's lockfile does not hold`);
      }
      if (!ours.has(dep)) add(found, repo[found]);
    }
  }
  return { name: "my-contracts", lockfileVersion: 3, requires: true, packages: { "": { name: "my-contracts", devDependencies }, ...packages } };
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "packed-"));
  const tarballs = path.join(work, "tarballs");
  fs.mkdirSync(tarballs);
  const packed = (
    JSON.parse(
      execFileSync("npm", ["pack", "--json", "--pack-destination", tarballs, ...PACKAGES.flatMap((p) => ["--workspace", p])], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }),
    ) as PackResult[]
  ).map((p) => ({ ...p, file: `../tarballs/${p.filename}` }));
  clientFiles = packed.find((p) => p.name === "@persistence-ts/clients")!.files.map((f) => f.path).sort();
  project = path.join(work, "my-contracts");
  fs.mkdirSync(project);
  const devDependencies: Record<string, string> = {};
  for (const p of packed) if (INSTALLED.includes(p.name)) devDependencies[p.name] = `file:${p.file}`;
  const repoLock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as Lock;
  for (const d of PROJECT_DEV_DEPENDENCIES) devDependencies[d] = repoLock.packages[`node_modules/${d}`].version!;
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "my-contracts", private: true, devDependencies }, null, 2));
  fs.writeFileSync(path.join(project, "package-lock.json"), JSON.stringify(projectLockfile(packed, devDependencies), null, 2));
  inProject("npm", ["ci", "--offline", "--no-audit", "--no-fund"]);
}, 600_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("the packages, installed from their tarballs into a project outside the repository", () => {
  it("ship what they declare: the sources at the package root, a README and a changelog each, no tests; the clients for dApps", () => {
    const installed = path.join(project, "node_modules", "@persistence-ts");
    expect(fs.readdirSync(installed).sort()).toEqual(["cli", "interfaces", "schema", "simulator", "std", "testing"]);
    for (const p of fs.readdirSync(installed)) {
      for (const f of ["package.json", "README.md", "CHANGELOG.md"]) expect(fs.existsSync(path.join(installed, p, f)), `${p}/${f}`).toBe(true);
    }
    expect(fs.existsSync(path.join(installed, "std", "math", "uint128.ts"))).toBe(true);
    expect(fs.existsSync(path.join(installed, "std", "cw20", "msg.ts"))).toBe(true); // derived, packed
    expect(fs.lstatSync(path.join(installed, "std")).isSymbolicLink()).toBe(false);
    // Every contract's client and types (a scaffolded one's too), and nothing else.
    const clients = schemaContracts().flatMap((c) => [`${c.folder}/${c.name}.client.ts`, `${c.folder}/${c.name}.types.ts`]);
    expect(clientFiles).toEqual(["CHANGELOG.md", "README.md", "package.json", ...clients].sort());
    expect(clients).toEqual(expect.arrayContaining(["escrow/Escrow.client.ts", "liquid-staking/LiquidStaking.types.ts", "nft/Nft.client.ts", "tranche-pool/TranchePool.types.ts"]));
  });

  it("scaffold, build, check and test a contract with the packed CLI and the project's own vitest", () => {
    const bin = path.join(project, "node_modules", ".bin");
    const created = inProject(path.join(bin, "persistence-ts"), ["new", "counter"]);
    expect(created).toContain("contracts/counter is ready");
    expect(created).toContain("clients: not written");
    for (const f of ["vitest.config.ts", ".gitignore", "contracts/counter/messages.ts", "contracts/counter/src/msg.ts", "contracts/counter/schema/counter.json", "tests/counter/counter.test.ts"]) {
      expect(fs.existsSync(path.join(project, f)), f).toBe(true);
    }
    expect(fs.readFileSync(path.join(project, "contracts", "counter", "src", "contract.ts"), "utf8")).toContain('from "@persistence-ts/std/');

    expect(inProject(path.join(bin, "persistence-ts"), ["build", "counter"])).toMatch(/built counter\.wasm +\d+ bytes +[0-9a-f]{64}/);
    expect(inProject(path.join(bin, "persistence-ts"), ["check"])).toMatch(/OK +artifacts\/counter\.wasm/);
    expect(inProject(path.join(bin, "vitest"), ["run"])).toMatch(/Tests +5 passed \(5\)/);
  }, 600_000);

  it("answers a mistake in messages.ts with the DSL's error, from the packed CLI", () => {
    const messages = path.join(project, "contracts", "counter", "messages.ts");
    const good = fs.readFileSync(messages, "utf8");
    try {
      fs.writeFileSync(messages, good.replace("{ count: uint128 }", "{ count: u128 }").replace("import { contract,", "import { u128, contract,"));
      expect(() => inProject(path.join(project, "node_modules", ".bin", "persistence-ts"), ["schema"])).toThrow(/is imported from @persistence-ts\/schema\/dsl, which has no such export: did you mean `uint128`/);
    } finally {
      fs.writeFileSync(messages, good);
    }
  }, 120_000);
});
