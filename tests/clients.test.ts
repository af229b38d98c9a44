// The committed clients (clients/<contract>/) are what @cosmwasm/ts-codegen makes of the
// committed schemas: a schema change without `npm run codegen` fails here.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "@persistence-ts/cli/project";
import { generateClients, schemaContracts } from "@persistence-ts/cli/codegen";

function files(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

describe("generated clients", () => {
  it("are up to date with every contract's schema (run npm run codegen)", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "clients-"));
    try {
      await generateClients(out);
      for (const { folder } of schemaContracts()) {
        const fresh = path.join(out, folder);
        const committed = path.join(ROOT, "clients", folder);
        expect(files(committed), `clients/${folder}`).toEqual(files(fresh));
        for (const f of files(fresh)) {
          expect(fs.readFileSync(path.join(committed, f), "utf8"), `clients/${folder}/${f}`).toBe(fs.readFileSync(path.join(fresh, f), "utf8"));
        }
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
