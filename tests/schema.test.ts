// The committed schema JSON stays in step with its one definition (contracts/<name>/messages.ts);
// the AssemblyScript codec (src/msg.ts) is derived by the build (tests/build-messages.test.ts).
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { describedContracts, generate } from "@persistence-ts/cli/schema/cli";
import type { ContractMessages } from "@persistence-ts/schema/dsl";

describe("generated message code and schemas", () => {
  for (const name of describedContracts()) {
    it(`${name}: schema/${name}.json matches messages.ts (run npm run schema)`, async () => {
      const messages = ((await import(`../contracts/${name}/messages`)) as { default: ContractMessages }).default;
      for (const f of generate(name, messages).filter((g) => g.path.endsWith(".json"))) expect(fs.readFileSync(f.path, "utf8")).toBe(f.content);
    });
  }
});

describe("the generated entry file (src/entry.ts, the file asc compiles)", () => {
  const exported = (source: string): string[] => [...source.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1]);

  it("exports each entry point the contract declares, with its handler from contract.ts, and std's ABI", async () => {
    const entryOf = async (name: string): Promise<string> => {
      const messages = ((await import(`../contracts/${name}/messages`)) as { default: ContractMessages }).default;
      return generate(name, messages).find((g) => g.path.endsWith("entry.ts"))!.content;
    };
    const nft = await entryOf("nft");
    expect(exported(nft)).toEqual(["instantiate", "execute", "query", "migrate"]);
    expect(nft).toContain('import { onInstantiate, onExecute, onQuery, onMigrate } from "./contract";');
    expect(nft).toContain('export * from "@persistence-ts/std/abi/exports";');
    expect(nft).toContain("export function migrate(env: u32, msg: u32): u32 {\n  return doMigrate(env, msg, onMigrate);\n}");
    expect(exported(await entryOf("escrow"))).toEqual(["instantiate", "execute", "query", "migrate", "reply"]);
    expect(exported(await entryOf("liquid-staking"))).toEqual(["instantiate", "execute", "query", "migrate", "reply", "requires_staking", "requires_cosmwasm_1_4", "requires_cosmwasm_2_0"]);
  });
});
