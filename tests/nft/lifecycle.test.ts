// The status state machine of the README, checked move by move and party by party against the
// compiled contract: every (from, to, sender) either succeeds exactly when the table says so or
// fails with the contract's reason and changes nothing.
import { describe, expect, it } from "vitest";
import { makeAddress } from "../../simulator/vm/api";
import { agent, buyer, carol, mallory, mintMsg, owner, rogue, setup, sme, snapshot } from "./setup";

const STATUSES = ["active", "financed", "defaulted", "settled", "quarantined"] as const;
type Status = (typeof STATUSES)[number];

/** Who may move a token from one status to another with update_status (README, "Status lifecycle"). */
const H = "holder";
const A = "issuer's agent";
const O = "collection owner";
const TABLE: Record<Status, Partial<Record<Status, string[]>>> = {
  active: { financed: [H, A, O], defaulted: [H, A, O], settled: [H, A, O] },
  financed: { active: [H, A, O], defaulted: [H, A, O], settled: [H, A, O] },
  defaulted: { active: [A, O], financed: [A, O], settled: [H, A, O] },
  settled: {},
  quarantined: {},
};

const otherAgent = makeAddress("other-servicer");

describe("status state machine", () => {
  for (const sold of [true, false]) {
    it(sold ? "after a sale: the holder, the issuer's agent and the owner only; never the former owner" : "before a sale: the minter holds the token and has the holder's moves", () => {
      const { app, nft } = setup();
      nft.execute(owner, { add_minter: { minter: rogue } });
      nft.execute(owner, { add_status_agent: { agent, issuer: sme } });
      nft.execute(owner, { add_status_agent: { agent: otherAgent, issuer: rogue } });
      const holder = sold ? buyer : sme;
      nft.execute(holder, { approve_all: { operator: carol } });
      const parties: Record<string, string> = { [H]: holder, [A]: agent, [O]: owner, "holder's operator": carol, "approved spender": mallory, "another issuer's agent": otherAgent };
      if (sold) parties["former owner (the minter)"] = sme;
      let n = 0;
      for (const from of ["active", "financed", "defaulted", "settled"] as const) {
        for (const to of STATUSES) {
          for (const [role, who] of Object.entries(parties)) {
            const id = `t${++n}`;
            nft.execute(sme, mintMsg(id, holder, n));
            nft.execute(holder, { approve: { spender: mallory, token_id: id } });
            if (from !== "active") nft.execute(owner, { update_status: { token_id: id, status: from } });
            const allowed = (TABLE[from][to] ?? []).includes(role);
            const move = { update_status: { token_id: id, status: to } };
            if (allowed) nft.execute(who, move);
            else {
              const before = snapshot(app);
              expect(nft.fails(who, move), `${role} ${from} → ${to}`).toMatch(/may not move token|is already|settled; its status is final|Only the collection owner quarantines/);
              expect(snapshot(app)).toBe(before);
            }
            const status = nft.query<{ extension: { status: string } }>({ nft_info: { token_id: id } }).extension.status;
            expect(status, `${role} ${from} → ${to}`).toBe(allowed ? to : from);
          }
        }
      }
    });
  }

  it("a quarantined token leaves quarantine only through the owner's lift_quarantine or void_token", () => {
    const { app, nft } = setup();
    nft.execute(owner, { add_status_agent: { agent, issuer: sme } });
    nft.execute(sme, mintMsg("q", buyer, 1));
    nft.execute(owner, { update_status: { token_id: "q", status: "settled" } });
    nft.execute(owner, { quarantine: { token_id: "q", reason: "forged document" } }); // any status, settled too
    for (const who of [owner, agent, buyer, sme]) {
      for (const to of STATUSES) {
        const before = snapshot(app);
        expect(nft.fails(who, { update_status: { token_id: "q", status: to } })).toMatch(/is already quarantined|is quarantined: only the collection owner/);
        expect(snapshot(app)).toBe(before);
      }
    }
    nft.execute(owner, { lift_quarantine: { token_id: "q" } });
    expect(nft.query({ nft_info: { token_id: "q" } })).toMatchObject({ extension: { status: "settled" } });
  });
});
