// Editors get AssemblyScript's types for AssemblyScript sources (std, contracts/*/src, the test
// fixtures) from the tsconfig.json in those folders, and `npm run typecheck` (the root tsconfig)
// keeps to the TypeScript tooling: it never checks AssemblyScript with TypeScript's types.
import * as path from "node:path";
import * as ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "@persistence-ts/cli/project";

function parse(config: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, config), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } });
  if (!parsed) throw new Error(`cannot read ${config}`);
  return parsed;
}

const rel = (f: string): string => path.relative(ROOT, f).split(path.sep).join("/");
const isAssemblyScript = (f: string): boolean => /^(std\/|contracts\/[^/]+\/src\/|tests\/fixtures\/|tests\/ibc\/fixtures\/)/.test(rel(f));

describe("tsconfig for AssemblyScript sources", () => {
  it("the root tsconfig (npm run typecheck) includes no AssemblyScript file", () => {
    const files = parse("tsconfig.json").fileNames;
    expect(files.some((f) => rel(f) === "contracts/nft/messages.ts")).toBe(true);
    expect(files.filter(isAssemblyScript)).toEqual([]);
  });

  for (const [config, sample] of [
    ["std/tsconfig.json", "std/abi/exports.ts"],
    ["contracts/tsconfig.json", "contracts/nft/src/contract.ts"],
    ["tests/fixtures/tsconfig.json", "tests/fixtures/float/contract.ts"],
    ["tests/ibc/fixtures/tsconfig.json", "tests/ibc/fixtures/echo/contract.ts"],
  ]) {
    it(`${config}: AssemblyScript's types, no TypeScript lib, only AssemblyScript files`, () => {
      const parsed = parse(config);
      expect(parsed.options.noLib).toBe(true);
      expect(parsed.options.types).toEqual(["assembly"]);
      expect(parsed.options.typeRoots!.map(rel)).toEqual(["node_modules/assemblyscript/std/types"]);
      expect(parsed.fileNames.map(rel)).toContain(sample);
      expect(parsed.fileNames.filter((f) => !isAssemblyScript(f))).toEqual([]);
    });
  }
});
