// Generated files stay in step with their one definition (contracts/<name>/messages.ts).
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { describedContracts, generate } from "../tools/schema/cli";
import type { ContractMessages } from "../tools/schema/dsl";

describe("generated message code and schemas", () => {
  for (const name of describedContracts()) {
    it(`${name}: schema and src/msg.ts match messages.ts (run npm run schema)`, async () => {
      const messages = ((await import(`../contracts/${name}/messages`)) as { default: ContractMessages }).default;
      for (const f of generate(name, messages)) expect(fs.readFileSync(f.path, "utf8")).toBe(f.content);
    });
  }
});
