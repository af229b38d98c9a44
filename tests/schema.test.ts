// The committed schema JSON stays in step with its one definition (contracts/<name>/messages.ts);
// the AssemblyScript codec (src/msg.ts) is derived by the build (tests/build-messages.test.ts).
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { describedContracts, generate } from "../tools/schema/cli";
import type { ContractMessages } from "../tools/schema/dsl";

describe("generated message code and schemas", () => {
  for (const name of describedContracts()) {
    it(`${name}: schema/${name}.json matches messages.ts (run npm run schema)`, async () => {
      const messages = ((await import(`../contracts/${name}/messages`)) as { default: ContractMessages }).default;
      for (const f of generate(name, messages).filter((g) => g.path.endsWith(".json"))) expect(fs.readFileSync(f.path, "utf8")).toBe(f.content);
    });
  }
});
