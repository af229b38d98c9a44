import { execFile } from "child_process";
import { mkdirSync, writeFileSync } from "fs";
import { join, resolve } from "path";
import { promisify } from "util";
import { describe, expect, it } from "vitest";
import { main } from "@persistence-ts/cli/check/cli";
import { contract } from "./fixtures";
import { tempDir, watToWasm } from "./helpers";

const valid = watToWasm(contract({ extra: `(func (export "requires_staking"))` }));
const withStart = watToWasm(contract({ extra: `(func $init)\n  (start $init)` }));
const withFloat = watToWasm(contract({ extra: `(func $fl (export "fl") (result f64) (f64.const 1))` }));

function project(files: Record<string, Uint8Array>): string {
  const cwd = tempDir();
  if (Object.keys(files).length) mkdirSync(join(cwd, "artifacts"));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(cwd, "artifacts", name), bytes);
  return cwd;
}

function runCli(argv: string[], cwd: string): { code: number; lines: string[] } {
  const lines: string[] = [];
  const code = main(argv, { log: (l) => lines.push(l), cwd });
  return { code, lines };
}

describe("npm run check", () => {
  it("fails with a clear message when there are no artifacts", () => {
    expect(runCli([], project({}))).toEqual({ code: 1, lines: ["no artifacts: run npm run build first"] });
  });

  it("checks every artifacts/*.wasm and prints violations under the failing one", () => {
    const { code, lines } = runCli([], project({ "a.wasm": valid, "b.wasm": withStart, "notes.txt": valid }));
    expect(code).toBe(1);
    expect(lines[0]).toBe(`OK   artifacts/a.wasm  ${valid.length} bytes  capabilities: staking`);
    expect(lines[1]).toBe(`FAIL artifacts/b.wasm  ${withStart.length} bytes  (1 violation)`);
    expect(lines[2]).toMatch(/^ {2}\[no-start-section\] func\[6\] \$init: /);
    expect(lines).toHaveLength(3);
  });

  it("exits 0 when every artifact passes", () => {
    expect(runCli([], project({ "a.wasm": valid })).code).toBe(0);
  });

  it("checks files given as arguments", () => {
    const cwd = project({ "a.wasm": valid });
    writeFileSync(join(cwd, "float.wasm"), withFloat);
    const strict = runCli(["float.wasm", "--strict-floats"], cwd);
    expect(strict.code).toBe(1);
    expect(strict.lines[1]).toMatch(/^ {2}\[floats\] /);
    const lenient = runCli(["--floats=warn", "float.wasm"], cwd);
    expect(lenient.code).toBe(0);
    expect(lenient.lines[0]).toMatch(/^OK {3}float\.wasm/);
    expect(lenient.lines[2]).toMatch(/^ {2}warning \[floats\] func\[6\] \$fl: /);
  });

  it("takes the chain's capabilities", () => {
    const cwd = project({ "a.wasm": valid });
    const r = runCli(["--capabilities=iterator,stargate"], cwd);
    expect(r.code).toBe(1);
    expect(r.lines[1]).toMatch(/^ {2}\[capability\] requires_staking: /);
  });

  it("reports unreadable files and unknown options", () => {
    const cwd = project({});
    expect(runCli(["missing.wasm"], cwd).lines[0]).toMatch(/^FAIL missing\.wasm {2}cannot read/);
    expect(runCli(["--bogus"], cwd)).toEqual({ code: 2, lines: ["unknown option --bogus"] });
  });

  it("runs as a process with exit code 1 on failure", async () => {
    const cwd = project({ "b.wasm": withStart });
    const cli = resolve(__dirname, "../../tools/check/cli.ts");
    const tsNode = resolve(__dirname, "../../node_modules/.bin/ts-node");
    const err = await promisify(execFile)(tsNode, ["--transpile-only", cli], { cwd }).catch((e: { code: number; stdout: string }) => e);
    expect("code" in err && err.code).toBe(1);
    expect(err.stdout).toMatch(/^FAIL artifacts\/b\.wasm/);
  }, 30_000);
});
