// `npm run new`, end to end, in a copy of the repository (so nothing is left in this one): the
// new contract builds, passes the upload checker, its generated test passes in the simulator and
// it deploys with --only; and the registry and the name checks answer with what to do.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE_ASCONFIG } from "@persistence-ts/cli/build/compile";
import { ROOT } from "@persistence-ts/cli/project";
import { ContractRegistryError, contractNames, listContracts } from "@persistence-ts/cli/build/contracts";
import { ScaffoldError, validateName } from "@persistence-ts/cli/scaffold/cli";

/**
 * The project files a clone needs to scaffold, build, check, test and deploy (tests: only the
 * setup). The packages (std, the CLI, the simulator…) come through the shared node_modules.
 */
const COPIED = ["package.json", "tsconfig.json", "tsconfig.assembly.json", "vitest.config.ts", "deploy", "clients", "contracts", "chain", "tests/helpers", "tests/setup.ts"];

const NAME = "scaffold-probe";
let clone: string;

/** Runs a node_modules/.bin tool in the clone; returns its stdout and stderr, throws with them on failure. */
function run(tool: string, args: string[]): string {
  // The clone's vitest must not take the running vitest's worker settings for its own.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST") && k !== "NODE_OPTIONS" && k !== "TEST" && k !== "FORCE_COLOR"));
  env.NO_COLOR = "1";
  try {
    return execFileSync(path.join(clone, "node_modules", ".bin", tool), args, { cwd: clone, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${tool} ${args.join(" ")} failed:\n${err.stdout ?? ""}\n${err.stderr ?? err.message}`);
  }
}

const cli = (...args: string[]): string => run("persistence-ts", args);

beforeAll(() => {
  clone = fs.mkdtempSync(path.join(os.tmpdir(), "scaffold-clone-"));
  for (const p of COPIED) fs.cpSync(path.join(ROOT, p), path.join(clone, p), { recursive: true });
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(clone, "node_modules"), "dir");
});

afterAll(() => {
  if (clone) fs.rmSync(clone, { recursive: true, force: true });
});

describe("npm run new", () => {
  it("writes a contract that builds, passes the checker, passes its own test and deploys", () => {
    const out = cli("new", NAME);
    expect(out).toContain(`contracts/${NAME} is ready`);
    for (const f of ["messages.ts", "src/contract.ts", "src/state.ts", "src/execute.ts", "src/query.ts", "src/error.ts", "src/msg.ts", "src/entry.ts", `schema/${NAME}.json`, "README.md"]) {
      expect(fs.existsSync(path.join(clone, "contracts", NAME, f)), f).toBe(true);
    }
    expect(fs.readdirSync(path.join(clone, "clients", NAME))).toEqual(["ScaffoldProbe.client.ts", "ScaffoldProbe.types.ts"]);
    expect(contractNames(clone)).toEqual([...contractNames(), NAME].sort());

    // The generated files are what `npm run schema` / `npm run codegen` make of messages.ts.
    cli("schema", "--check");

    expect(cli("build", NAME)).toMatch(new RegExp(`built ${NAME}\\.wasm +\\d+ bytes +[0-9a-f]{64}`));
    expect(cli("check", `artifacts/${NAME}.wasm`)).toMatch(new RegExp(`OK +artifacts/${NAME}\\.wasm`));

    const test = run("vitest", ["run", `tests/${NAME}`]);
    expect(test).toMatch(/Tests +5 passed \(5\)/);

    const deployed = run("ts-node", ["--transpile-only", "deploy/cli.ts", "--only", NAME]);
    expect(deployed).toMatch(new RegExp(`instantiate +${NAME} +persistence1[0-9a-z]+`));
    expect(deployed).toContain("done: 2 transaction(s)");
  });

  it("refuses a name it cannot use, saying why", () => {
    expect(() => validateName(undefined)).toThrow("usage: persistence-ts new <name>");
    expect(() => validateName("DemoCounter")).toThrow('"DemoCounter" is not a kebab-case name');
    expect(() => validateName("demo--counter")).toThrow(/is not a kebab-case name/);
    expect(() => validateName("1counter")).toThrow(/is not a kebab-case name/);
    expect(() => validateName("std")).toThrow(/"std" is reserved/);
    expect(() => validateName("nft")).toThrow('a contract "nft" exists already (contracts/nft/)');
    expect(() => validateName("deploy")).toThrow(ScaffoldError);
    expect(validateName("demo-counter-2")).toBe("demo-counter-2");
  });
});

describe("the contract registry", () => {
  it("lists every folder of contracts/ with messages.ts and src/contract.ts", () => {
    expect(contractNames()).toEqual(expect.arrayContaining(["escrow", "liquid-staking", "nft", "tranche-pool"]));
    const pool = listContracts().find((c) => c.name === "tranche-pool")!;
    expect(pool.asconfig).toBe(path.join("contracts", "tranche-pool", "asconfig.json"));
    expect(listContracts().find((c) => c.name === "nft")!.asconfig).toBe(BASE_ASCONFIG);
  });

  it("names the missing file of a half-made contract instead of skipping it", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "registry-"));
    try {
      fs.mkdirSync(path.join(root, "contracts", "good", "src"), { recursive: true });
      fs.writeFileSync(path.join(root, "contracts", "good", "messages.ts"), "");
      fs.writeFileSync(path.join(root, "contracts", "good", "src", "contract.ts"), "");
      expect(contractNames(root)).toEqual(["good"]);
      fs.mkdirSync(path.join(root, "contracts", "half"));
      fs.writeFileSync(path.join(root, "contracts", "half", "messages.ts"), "");
      expect(() => listContracts(root)).toThrow(ContractRegistryError);
      expect(() => listContracts(root)).toThrow("contracts/half/ has no src/contract.ts: a contract is a folder contracts/<name>/ with messages.ts and src/contract.ts");
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
