// Migration 0.1.0 → 0.2.0 from the wasm that is on chain (tests/fixtures/releases): state built
// with the released code, migrated to the code under test, then checked record by record and
// behaviour by behaviour.
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { ROOT } from "@persistence-ts/cli/project";
import { Deployed, SchemaCheck, contractWasm } from "@persistence-ts/testing/contracts";
import { agent, buyer, carol, docHash, mallory, mintMsg, owner, rogue, sme } from "./setup";

const RELEASE = path.join(ROOT, "tests", "fixtures", "releases", "nft-0.1.0.wasm");
/** More documents than migrate's first page (100), so the tombstone scan needs continue_migration. */
const TOKENS = 120;
const id = (n: number) => `inv-${String(n).padStart(3, "0")}`;

let app: App;
let addr: string;
let newCode: number;

/** Raw calls to the 0.1.0 code (its messages are not the current schema's). */
const exec = (sender: string, msg: unknown) => app.execute(sender, addr, msg);
const q = <T = Record<string, unknown>>(msg: unknown) => app.query<T>(addr, msg);
const attrs = (res: { events: Array<{ type: string; attributes: Array<{ key: string; value: string }> }> }) =>
  res.events.filter((e) => e.type === "wasm").flatMap((e) => e.attributes);

/** Everything a client could read about the collection, through the queries both versions share. */
function readAll(): Record<string, unknown> {
  const tokens = q<{ tokens: string[] }>({ all_tokens: { limit: 100 } }).tokens;
  const more = q<{ tokens: string[] }>({ all_tokens: { start_after: tokens[tokens.length - 1], limit: 100 } }).tokens;
  const all = [...tokens, ...more];
  const out: Record<string, unknown> = {
    all,
    num_tokens: q({ num_tokens: {} }),
    contract_info: q({ contract_info: {} }),
    config: q({ config: {} }),
    ownership: q({ ownership: {} }),
    minters: q({ minters: {} }),
    allowlist: q({ allowlist: {} }),
    operators: q({ all_operators: { owner: buyer, include_expired: true } }),
    by_status: q({ tokens_by_status: { status: "financed" } }),
    by_issuer: q({ tokens_by_issuer: { issuer: sme, limit: 100 } }),
    by_owner: q({ tokens: { owner: buyer, limit: 100 } }),
  };
  for (const t of all) {
    const info = q<{ token_uri: string; extension: Record<string, unknown> }>({ nft_info: { token_id: t } });
    const { minted_by: _, status_set_by: _s, revision: _r, ...extension } = info.extension; // 0.2.0 adds these
    out[t] = { info: { ...info, extension }, access: q({ owner_of: { token_id: t, include_expired: true } }) };
  }
  for (let n = 1; n <= TOKENS; n++) {
    const { face_value: _f, issuer: _i, minted_by: _m, revision: _r, reserved_for: _rf, ...v } = q<Record<string, unknown>>({ verify_document: { document_hash: docHash(n) } });
    out[`doc-${n}`] = v;
  }
  return out;
}

beforeEach(() => {
  app = new App();
  const oldCode = app.storeCode(owner, new Uint8Array(fs.readFileSync(RELEASE))).codeId;
  addr = app.instantiate(owner, oldCode, { name: "Persistence RWA", symbol: "RWA", minters: [sme, rogue] }, "nft", [], owner).contractAddress;
  newCode = app.storeCode(owner, contractWasm("nft")).codeId;
  exec(owner, { add_status_agent: { agent } }); // 0.1.0: a global agent
  for (let n = 1; n <= TOKENS; n++) exec(sme, mintMsg(id(n), n % 2 ? sme : buyer, n));
  exec(rogue, mintMsg("rogue-1", rogue, 500)); // issuer sme, unproven under 0.1.0
  exec(sme, { update_status: { token_id: id(1), status: "financed" } });
  exec(sme, { approve: { spender: buyer, token_id: id(1) } }); // by the owner
  exec(buyer, { approve_all: { operator: carol } });
  exec(carol, { approve: { spender: mallory, token_id: id(2) } }); // by an operator
  exec(sme, { burn: { token_id: id(3) } }); // burned, document kept: in the first page
  exec(sme, { burn: { token_id: id(115) } }); // burned, in the second page
  exec(sme, { burn: { token_id: id(5) } });
  exec(owner, { release_document: { document_hash: docHash(5) } }); // burned and released: no record left
  exec(sme, { burn: { token_id: id(7) } });
  exec(sme, mintMsg(id(7), sme, 600)); // the re-use attack done under 0.1.0: live again
  exec(owner, { update_allowlist: { add: [buyer], remove: [] } });
});

describe("migrate 0.1.0 → 0.2.0", () => {
  it("keeps every record readable and equal, drops the global agents and turns burned ids into tombstones in pages", () => {
    const before = readAll();
    const res = app.migrate(owner, addr, newCode, {});
    expect(attrs(res)).toEqual(
      expect.arrayContaining([
        { key: "from_version", value: "0.1.0" },
        { key: "to_version", value: "0.2.0" },
        { key: "dropped_status_agent", value: agent },
        { key: "tombstones", value: "1" }, // id(3); id(7) is live again
        { key: "migration", value: "pending" },
      ]),
    );
    const raw = app.queryRaw(addr, Buffer.from("contract_info"));
    expect(JSON.parse(Buffer.from(raw!).toString())).toEqual({ contract: "crates.io:persistence-rwa-nft", version: "0.2.0" });
    expect(readAll()).toEqual(before);

    // Every response of the migrated contract matches the 0.2.0 schema, new fields included.
    const nft = new Deployed(app, addr, new SchemaCheck("nft"));
    // 0.1.0 kept no setter and no revision: revision 0; a status other than active counts as a
    // status agent's (0.1.0 let only minters, global agents and the owner set statuses).
    expect(nft.query({ nft_info: { token_id: id(1) } })).toMatchObject({ extension: { status: "financed", minted_by: sme, issuer: sme, status_set_by: "status_agent", revision: 0 } });
    expect(nft.query({ nft_info: { token_id: id(2) } })).toMatchObject({ extension: { status: "active", status_set_by: "holder", revision: 0 } });
    expect(nft.query({ nft_info: { token_id: "rogue-1" } })).toMatchObject({ extension: { issuer: sme, minted_by: rogue } });
    expect(nft.query({ verify_document: { document_hash: docHash(2) } })).toMatchObject({
      token_id: id(2),
      face_value: { denom: "uusdc", amount: "100000000" },
      minted_by: sme,
      revision: 0,
      reserved_for: null,
    });
    expect(nft.query({ verify_document: { document_hash: docHash(5) } })).toMatchObject({ token_id: null, burned: false, reserved_for: null }); // released under 0.1.0
    expect(nft.query({ status_agents: { issuer: sme } })).toEqual({ agents: [] });

    // Minting waits for the scan; anyone carries it on. A document released meanwhile (id(115)'s,
    // in the second page) keeps its id a tombstone: the release writes it.
    expect(nft.fails(sme, mintMsg("new-1", sme, 900))).toMatch(/Minting waits for the migration of burned token ids: send continue_migration/);
    nft.execute(owner, { release_document: { document_hash: docHash(115), release_to: sme } });
    const more = nft.execute(mallory, { continue_migration: { limit: 500 } });
    expect(attrs(more)).toEqual(expect.arrayContaining([{ key: "tombstones", value: "0" }, { key: "migration", value: "done" }]));
    expect(nft.fails(mallory, { continue_migration: {} })).toMatch(/No migration in progress/);
    nft.execute(sme, mintMsg("new-1", sme, 900));

    // Burned ids are tombstones; an id burned and released under 0.1.0 left no trace (README).
    expect(nft.fails(sme, mintMsg(id(3), sme, 901))).toMatch(/token_id inv-003 was burned/);
    expect(nft.fails(sme, mintMsg(id(115), sme, 902))).toMatch(/token_id inv-115 was burned/);
    nft.execute(sme, mintMsg(id(5), sme, 903));
    nft.execute(sme, mintMsg("inv-115-again", sme, 115)); // the released document, by the issuer it was released to
    nft.execute(sme, { burn: { token_id: id(7) } });
    expect(nft.fails(sme, mintMsg(id(7), sme, 904))).toMatch(/was burned/);
  });

  it("0.1.0's roles and grants behave by the 0.2.0 rules afterwards", () => {
    app.migrate(owner, addr, newCode, {});
    const nft = new Deployed(app, addr, new SchemaCheck("nft"));
    nft.execute(mallory, { continue_migration: {} });
    // The dropped global agent has no power left until appointed for an issuer.
    expect(nft.fails(agent, { update_status: { token_id: id(1), status: "defaulted" } })).toMatch(/may not move token inv-001/);
    // The 0.1.0 financed label counts as a status agent's: its holder cannot drop it; the
    // re-appointed agent moves it, and that move is revision 1.
    expect(nft.fails(sme, { update_status: { token_id: id(1), status: "active" } })).toMatch(/from financed to active: its status was set by a status agent of its issuer/);
    nft.execute(owner, { add_status_agent: { agent, issuer: sme } });
    nft.execute(agent, { update_status: { token_id: id(1), status: "defaulted" } });
    expect(nft.query({ nft_info: { token_id: id(1) } })).toMatchObject({ extension: { status: "defaulted", status_set_by: "status_agent", revision: 1 } });
    // rogue-1 names sme as issuer without sme's authorization (0.1.0 did not check): its minter,
    // which still holds it, may not edit it; the collection owner may.
    expect(nft.fails(rogue, { update_nft_info: { token_id: "rogue-1", extension: { jurisdiction: "KY" } } })).toMatch(
      new RegExp(`may not edit token rogue-1: its issuer ${sme} does not authorize it`),
    );
    nft.execute(owner, { update_nft_info: { token_id: "rogue-1", extension: { jurisdiction: "KY" } } });
    // The former minter of a sold token lost its edit power.
    expect(nft.fails(sme, { update_nft_info: { token_id: id(2), extension: { jurisdiction: "KY" } } })).toMatch(/may not edit token inv-002/);
    // Approvals stored by 0.1.0 carry no grantor: they count as the owner's (README) and keep working.
    nft.execute(buyer, { transfer_nft: { recipient: buyer, token_id: id(1) } });
    // The operator grant made under 0.1.0 is live; approvals it makes now die with it.
    nft.execute(carol, { approve: { spender: rogue, token_id: id(4) } });
    nft.execute(buyer, { revoke_all: { operator: carol } });
    nft.execute(buyer, { approve_all: { operator: carol } });
    expect(nft.fails(rogue, { transfer_nft: { recipient: rogue, token_id: id(4) } })).toMatch(/may not move token inv-004/);
    nft.execute(mallory, { transfer_nft: { recipient: mallory, token_id: id(2) } }); // the legacy one, as documented
    // Migrating again to the same version changes no record.
    const again = app.migrate(owner, addr, newCode, {});
    expect(attrs(again)).toEqual(expect.arrayContaining([{ key: "from_version", value: "0.2.0" }, { key: "to_version", value: "0.2.0" }]));
    expect(attrs(again).filter((a) => ["tombstones", "migration", "dropped_status_agent"].includes(a.key))).toEqual([]);
    expect(() => nft.execute(mallory, { continue_migration: {} })).toThrow(/No migration in progress/);
  });
});
