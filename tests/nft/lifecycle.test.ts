// The status state machine of the README, checked move by move, setter by setter and party by
// party against the compiled contract: every (from, who set it, to, sender) either succeeds
// exactly when the table and the standing rule say so — and records the sender's standing as
// the new status's setter — or fails with the contract's reason and changes nothing.
import { describe, expect, it } from "vitest";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { agent, buyer, carol, mallory, mintMsg, owner, rogue, setup, sme, snapshot } from "./setup";

const STATUSES = ["active", "financed", "defaulted", "settled", "quarantined"] as const;
type Status = (typeof STATUSES)[number];

/** Who may move a token from one status to another with update_status (README, "Status lifecycle"), whoever set it. */
const H = "holder";
const A = "issuer's agent";
const O = "collection owner";
type Party = typeof H | typeof A | typeof O;
const TABLE: Record<Status, Partial<Record<Status, Party[]>>> = {
  active: { financed: [H, A, O], defaulted: [H, A, O], settled: [H, A, O] },
  financed: { active: [H, A, O], defaulted: [H, A, O], settled: [H, A, O] },
  defaulted: { active: [A, O], financed: [A, O], settled: [H, A, O] },
  settled: {},
  quarantined: {},
};
/** Standing: a party moves a token out of a status only if it ranks at least as high as who set it. */
const RANK: Record<Party, number> = { [H]: 1, [A]: 2, [O]: 3 };
const SET_BY: Record<Party, string> = { [H]: "holder", [A]: "status_agent", [O]: "collection_owner" };

const otherAgent = makeAddress("other-servicer");

interface Info {
  extension: { status: string; status_set_by: string; revision: number };
}

describe("status state machine", () => {
  for (const sold of [true, false]) {
    it(sold ? "after a sale: the holder, the issuer's agent and the owner only, each from a status set by a party of no higher standing; never the former owner" : "before a sale: the minter holds the token and has the holder's moves", () => {
      const { app, nft } = setup();
      nft.execute(owner, { add_minter: { minter: rogue } });
      nft.execute(owner, { add_status_agent: { agent, issuer: sme } });
      nft.execute(owner, { add_status_agent: { agent: otherAgent, issuer: rogue } });
      const holder = sold ? buyer : sme;
      nft.execute(holder, { approve_all: { operator: carol } });
      const parties: Record<string, string> = { [H]: holder, [A]: agent, [O]: owner, "holder's operator": carol, "approved spender": mallory, "another issuer's agent": otherAgent };
      if (sold) parties["former owner (the minter)"] = sme;
      const who: Record<Party, string> = { [H]: holder, [A]: agent, [O]: owner };
      let n = 0;
      for (const from of ["active", "financed", "defaulted", "settled"] as const) {
        for (const setBy of [H, A, O] as const) {
          for (const to of STATUSES) {
            for (const [role, sender] of Object.entries(parties)) {
              const id = `t${++n}`;
              nft.execute(sme, mintMsg(id, holder, n));
              nft.execute(holder, { approve: { spender: mallory, token_id: id } });
              // Bring the token to `from`, set by `setBy` (a fresh token is active at the holder's standing).
              if (from === "active" && setBy !== H) nft.execute(who[setBy], { update_status: { token_id: id, status: "financed" } });
              if (from !== "active" || setBy !== H) nft.execute(who[setBy], { update_status: { token_id: id, status: from } });
              const at = nft.query<Info>({ nft_info: { token_id: id } }).extension;
              expect(at).toMatchObject({ status: from, status_set_by: SET_BY[setBy] });

              const party = role as Party;
              const allowed = (TABLE[from][to] ?? []).includes(party) && RANK[party] >= RANK[setBy];
              const move = { update_status: { token_id: id, status: to } };
              const label = `${role} ${from} (set by ${setBy}) → ${to}`;
              if (allowed) nft.execute(sender, move);
              else {
                const before = snapshot(app);
                expect(nft.fails(sender, move), label).toMatch(/may not move token|is already|settled; its status is final|Only the collection owner quarantines/);
                expect(snapshot(app)).toBe(before);
              }
              const after = nft.query<Info>({ nft_info: { token_id: id } }).extension;
              expect(after, label).toEqual(allowed ? { ...after, status: to, status_set_by: SET_BY[party], revision: at.revision + 1 } : at);
            }
          }
        }
      }
    });
  }

  it("a refusal for standing names who set the status and who may move it", () => {
    const { nft } = setup();
    nft.execute(owner, { add_status_agent: { agent, issuer: sme } });
    nft.execute(sme, mintMsg("t", buyer, 1));
    nft.execute(agent, { update_status: { token_id: "t", status: "financed" } });
    expect(nft.fails(buyer, { update_status: { token_id: "t", status: "active" } })).toMatch(
      new RegExp(`Unauthorized: ${buyer} may not move token t from financed to active: its status was set by a status agent of its issuer \\(only a status agent of its issuer, the collection owner\\)`),
    );
    // A party outside the table is told the table, not the standing.
    expect(nft.fails(mallory, { update_status: { token_id: "t", status: "active" } })).toMatch(/may not move token t from financed to active \(only a status agent of its issuer, the collection owner\)/);
  });

  it("a quarantined token leaves quarantine only through the owner's lift_quarantine or void_token, back to the status and the setter it had", () => {
    const { app, nft } = setup();
    nft.execute(owner, { add_status_agent: { agent, issuer: sme } });
    nft.execute(sme, mintMsg("q", buyer, 1));
    nft.execute(owner, { update_status: { token_id: "q", status: "settled" } });
    nft.execute(owner, { quarantine: { token_id: "q", reason: "forged document" } }); // any status, settled too
    expect(nft.query({ nft_info: { token_id: "q" } })).toMatchObject({ extension: { status: "quarantined", status_set_by: "collection_owner" } });
    for (const who of [owner, agent, buyer, sme]) {
      for (const to of STATUSES) {
        const before = snapshot(app);
        expect(nft.fails(who, { update_status: { token_id: "q", status: to } })).toMatch(/is already quarantined|is quarantined: only the collection owner/);
        expect(snapshot(app)).toBe(before);
      }
    }
    nft.execute(owner, { lift_quarantine: { token_id: "q" } });
    expect(nft.query({ nft_info: { token_id: "q" } })).toMatchObject({ extension: { status: "settled", status_set_by: "collection_owner" } });

    // A servicer's lien survives a quarantine: lifted, it is still the servicer's.
    nft.execute(sme, mintMsg("l", buyer, 2));
    nft.execute(agent, { update_status: { token_id: "l", status: "financed" } });
    nft.execute(owner, { quarantine: { token_id: "l", reason: "disputed" } });
    expect(nft.query({ quarantine_info: { token_id: "l" } })).toEqual({ prior_status: "financed", prior_set_by: "status_agent", reason: "disputed" });
    nft.execute(owner, { lift_quarantine: { token_id: "l" } });
    expect(nft.query({ nft_info: { token_id: "l" } })).toMatchObject({ extension: { status: "financed", status_set_by: "status_agent" } });
    expect(nft.fails(buyer, { update_status: { token_id: "l", status: "active" } })).toMatch(/its status was set by a status agent/);
  });
});
