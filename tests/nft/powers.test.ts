// Property: over random interleavings of minters, issuers, holders, operators, approved
// spenders, status agents and the collection owner — selling, revoking, re-granting, removing
// roles, quarantining, burning and letting grants expire — the contract accepts an action
// exactly when the party holds that power at that moment under the README's access matrix.
// So no party ever exercises a power it no longer has (a minter after selling or after its
// issuer withdrew its authorization, an operator or its delegate after revoke_all or expiry, an
// agent outside its issuer, a holder leaving a status a servicer or the owner set, anyone on a
// frozen token), and no party is refused a power it does have. A refused action changes
// nothing; every change of a token's terms bumps its revision, and nothing else does.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { Deployed } from "@persistence-ts/testing/contracts";
import { mintMsg, owner, setup, snapshot } from "./setup";

const P = [owner, makeAddress("minter-a"), makeAddress("minter-b"), makeAddress("alice"), makeAddress("bob"), makeAddress("servicer")];
const OWNER = 0;
const STATUS = ["active", "financed", "defaulted", "settled", "quarantined"] as const;
type Status = (typeof STATUS)[number];
const IDS = 6;
/** A generated id IDS means "any live token" (for mint: any unused id), resolved when the op runs. */
const ANY = IDS;
/** The live token minted last. */
const LATEST = IDS + 1;
/**
 * Actors named by their relation to the op's token (for approve_all / revoke_all: the token whose holder acts) when the op
 * runs, so that sequences often reach the interesting case: a party that HAD a power acting
 * after losing it. Resolved from the model; a party index when the relation names nobody.
 */
const HOLDER = -1;
const FORMER_HOLDER = -2;
const OPERATOR = -3; // any operator the holder ever appointed, live or not
const SPENDER = -4; // any spender ever approved on the token since its last transfer, live or not
const MINTER_OF = -5;
const AGENT_OF = -6; // a status agent of the token's issuer, if any
const ISSUER_OF = -7;

// ---- the model: the README's rules, written independently of the contract --------------------

interface Approval {
  spender: number;
  expiresAt: number | null;
  via: { operator: number; grant: number } | null;
}
interface Token {
  holder: number;
  mintedBy: number;
  issuer: number;
  status: Status;
  /** Who set the status, by standing: 1 holder, 2 status agent of the issuer, 3 collection owner. */
  setBy: number;
  prior: { status: Status; setBy: number } | null;
  revision: number;
  approvals: Approval[];
  formerHolders: number[];
}

class Model {
  height = 0;
  tokens = new Map<number, Token>();
  tombstones = new Set<number>();
  operators = new Map<string, { expiresAt: number | null }>();
  grants = new Map<string, number>();
  minters = new Set<number>([1, 2]);
  agents = new Set<string>(); // issuer|agent
  authorized = new Set<string>(); // issuer|minter
  everOperators = new Map<number, number[]>();

  live(expiresAt: number | null): boolean {
    return expiresAt === null || this.height < expiresAt;
  }
  isOperator(holder: number, op: number): boolean {
    const g = this.operators.get(`${holder}|${op}`);
    return g !== undefined && this.live(g.expiresAt);
  }
  grant(holder: number, op: number): number {
    return this.grants.get(`${holder}|${op}`) ?? 0;
  }
  approvalLive(t: Token, a: Approval): boolean {
    if (!this.live(a.expiresAt)) return false;
    return a.via === null || (this.isOperator(t.holder, a.via.operator) && this.grant(t.holder, a.via.operator) === a.via.grant);
  }
  canMove(t: Token, by: number): boolean {
    if (t.status === "quarantined") return false;
    return t.holder === by || this.isOperator(t.holder, by) || t.approvals.some((a) => a.spender === by && this.approvalLive(t, a));
  }
  /** The standings (1 holder, 2 agent, 3 owner) that may move a token from `from`, set by `setBy`, to `to`. */
  movers(from: Status, setBy: number, to: Status): number[] {
    if (from === to || from === "settled" || from === "quarantined" || to === "quarantined") return [];
    const table = from === "defaulted" && to !== "settled" ? [2, 3] : [1, 2, 3];
    return table.filter((rank) => rank >= setBy);
  }
}

type Op =
  | { kind: "mint"; by: number; id: number; to: number; issuer: number }
  | { kind: "transfer" | "burn"; by: number; id: number; to: number }
  | { kind: "approve"; by: number; id: number; spender: number; ttl: number }
  | { kind: "revoke"; by: number; id: number; spender: number }
  | { kind: "approve_all"; by: number; id: number; operator: number; ttl: number }
  | { kind: "revoke_all"; by: number; id: number; operator: number }
  | { kind: "status"; by: number; id: number; to: number }
  | { kind: "edit"; by: number; id: number }
  | { kind: "minter"; by: number; who: number; add: boolean }
  | { kind: "agent"; by: number; who: number; issuer: number; add: boolean }
  | { kind: "authorize"; by: number; who: number; add: boolean }
  | { kind: "quarantine" | "lift" | "void"; by: number; id: number }
  | { kind: "wait"; blocks: number };

const party = fc.nat(P.length - 1);
const pick = <T,>(w: Array<[number, fc.Arbitrary<T>]>): fc.Arbitrary<T> => fc.oneof(...w.map(([weight, arbitrary]) => ({ weight, arbitrary })));
const is = (v: number) => fc.constant(v);
const actor = pick([[4, is(HOLDER)], [1, is(FORMER_HOLDER)], [2, is(OPERATOR)], [2, is(SPENDER)], [1, is(MINTER_OF)], [2, party]]);
/** Who moves a status: mostly the holder, the issuer's agent or the owner, in turns. */
const statusMover = pick([[3, actor], [3, is(AGENT_OF)], [2, is(OWNER)]]);
/** Who approves: mostly one of the holder's operators. Who moves: mostly a delegate. */
const approver = pick([[2, is(HOLDER)], [4, is(OPERATOR)], [1, party]]);
const mover = pick([[2, is(HOLDER)], [4, is(SPENDER)], [2, is(OPERATOR)], [1, is(FORMER_HOLDER)], [1, party]]);
const minter = pick([[4, fc.constantFrom(1, 2)], [1, party]]);
const id = pick([[1, fc.nat(IDS - 1)], [3, is(ANY)]]);
const ttl = fc.nat(4); // 0: never expires, else that many blocks

/** [weight, op, part of the delegation-focused mix] */
const OPS: Array<[number, fc.Arbitrary<Op>, boolean]> = [
  // For mint, MINTER_OF and HOLDER name the minting account itself (a minter-holder; itself as issuer).
  [3, fc.record({ kind: fc.constant("mint" as const), by: minter, id, to: pick([[2, is(MINTER_OF)], [3, actor]]), issuer: pick([[2, is(HOLDER)], [2, minter], [1, party]]) }), true],
  [3, fc.record({ kind: fc.constant("transfer" as const), by: mover, id, to: party }), true],
  [1, fc.record({ kind: fc.constant("burn" as const), by: mover, id, to: party }), true],
  [3, fc.record({ kind: fc.constant("approve" as const), by: approver, id, spender: party, ttl }), true],
  [1, fc.record({ kind: fc.constant("revoke" as const), by: actor, id, spender: actor }), true],
  [3, fc.record({ kind: fc.constant("approve_all" as const), by: actor, id, operator: party, ttl }), true],
  [2, fc.record({ kind: fc.constant("revoke_all" as const), by: pick([[4, is(HOLDER)], [1, party]]), id, operator: pick([[4, is(OPERATOR)], [1, party]]) }), true],
  [5, fc.record({ kind: fc.constant("status" as const), by: statusMover, id, to: fc.nat(STATUS.length - 1) }), false],
  [2, fc.record({ kind: fc.constant("edit" as const), by: pick([[3, is(MINTER_OF)], [2, actor]]), id }), false],
  [1, fc.record({ kind: fc.constant("minter" as const), by: fc.constantFrom(OWNER, MINTER_OF), who: actor, add: fc.boolean() }), false],
  [2, fc.record({ kind: fc.constant("agent" as const), by: fc.constantFrom(OWNER, MINTER_OF), who: party, issuer: pick([[3, is(ISSUER_OF)], [1, actor]]), add: fc.boolean() }), false],
  [2, fc.record({ kind: fc.constant("authorize" as const), by: party, who: minter, add: fc.boolean() }), false],
  [1, fc.record({ kind: fc.constantFrom("quarantine" as const, "lift" as const, "void" as const), by: fc.constantFrom(OWNER, 3), id }), true],
  [2, fc.record({ kind: fc.constant("wait" as const), blocks: fc.integer({ min: 1, max: 3 }) }), true],
];
/**
 * A mix focused on who speaks for the asset: one minter (minter-a) minting to itself or to alice,
 * in its own name or in bob's (who authorizes and deauthorizes it), the servicer appointed for
 * either issuer, statuses moved in turn by the holder, the issuer's servicer and the owner, edits
 * mostly by the minter, sales between the two, and disputes.
 */
const tokenOf = pick([[1, fc.nat(IDS - 1)], [1, is(ANY)], [3, is(LATEST)]]);
const attestationOps: fc.Arbitrary<Op> = pick<Op>([
  [3, fc.record({ kind: fc.constant("mint" as const), by: is(1), id: is(ANY), to: fc.constantFrom(MINTER_OF, MINTER_OF, 3), issuer: fc.constantFrom(HOLDER, 4, 4) })],
  [2, fc.record({ kind: fc.constant("authorize" as const), by: is(4), who: is(1), add: fc.boolean() })],
  [2, fc.record({ kind: fc.constant("agent" as const), by: is(OWNER), who: is(5), issuer: fc.constantFrom(1, 4), add: fc.boolean() })],
  [6, fc.record({ kind: fc.constant("status" as const), by: pick([[2, is(HOLDER)], [2, is(AGENT_OF)], [1, is(OWNER)]]), id: tokenOf, to: fc.nat(STATUS.length - 1) })],
  [3, fc.record({ kind: fc.constant("edit" as const), by: pick([[3, is(MINTER_OF)], [1, is(HOLDER)], [1, is(OWNER)]]), id: tokenOf })],
  [2, fc.record({ kind: fc.constant("transfer" as const), by: is(HOLDER), id: tokenOf, to: fc.constantFrom(1, 3) })],
  [1, fc.record({ kind: fc.constantFrom("quarantine" as const, "lift" as const), by: is(OWNER), id: tokenOf })],
]);

const opsOf = (delegationOnly: boolean): fc.Arbitrary<Op> => fc.oneof(...OPS.filter(([, , d]) => d || !delegationOnly).map(([weight, arbitrary]) => ({ weight, arbitrary })));

/** Whether the model allows `o`, and the model after it (mutated in place when allowed). */
function step(m: Model, o: Op): boolean {
  if (o.kind === "wait") {
    m.height += o.blocks;
    return true;
  }
  const t = "id" in o && o.kind !== "approve_all" && o.kind !== "revoke_all" ? m.tokens.get(o.id) : undefined;
  const expiry = (ttl: number) => (ttl === 0 ? null : m.height + ttl);
  switch (o.kind) {
    case "mint": {
      const ok = m.minters.has(o.by) && (o.issuer === o.by || m.authorized.has(`${o.issuer}|${o.by}`)) && !t && !m.tombstones.has(o.id);
      if (ok) m.tokens.set(o.id, { holder: o.to, mintedBy: o.by, issuer: o.issuer, status: "active", setBy: 1, prior: null, revision: 0, approvals: [], formerHolders: [] });
      return ok;
    }
    case "transfer":
    case "burn": {
      if (!t || !m.canMove(t, o.by)) return false;
      if (o.kind === "burn") {
        m.tokens.delete(o.id);
        m.tombstones.add(o.id);
      } else {
        t.formerHolders.push(t.holder);
        t.holder = o.to;
        t.approvals = [];
      }
      return true;
    }
    case "approve":
    case "revoke": {
      if (!t || (o.kind === "approve" && t.status === "quarantined") || !(t.holder === o.by || m.isOperator(t.holder, o.by))) return false;
      t.approvals = t.approvals.filter((a) => a.spender !== o.spender);
      if (o.kind === "approve") {
        const via = t.holder === o.by ? null : { operator: o.by, grant: m.grant(t.holder, o.by) };
        t.approvals.push({ spender: o.spender, expiresAt: expiry(o.ttl), via });
      }
      return true;
    }
    case "approve_all": {
      const k = `${o.by}|${o.operator}`;
      if (!m.isOperator(o.by, o.operator)) m.grants.set(k, m.grant(o.by, o.operator) + 1);
      m.everOperators.set(o.by, [...(m.everOperators.get(o.by) ?? []), o.operator]);
      m.operators.set(k, { expiresAt: expiry(o.ttl) });
      return true;
    }
    case "revoke_all":
      m.operators.delete(`${o.by}|${o.operator}`);
      return true;
    case "status": {
      if (!t) return false;
      const to = STATUS[o.to];
      const standings = [t.holder === o.by ? 1 : 0, m.agents.has(`${t.issuer}|${o.by}`) ? 2 : 0, o.by === OWNER ? 3 : 0];
      const used = m.movers(t.status, t.setBy, to).filter((rank) => standings.includes(rank));
      if (used.length === 0) return false;
      t.status = to;
      t.setBy = Math.max(...used);
      t.revision++;
      return true;
    }
    case "edit": {
      const minterHolder = t && t.status !== "quarantined" && t.mintedBy === o.by && t.holder === o.by && m.minters.has(o.by);
      const ok = !!t && (o.by === OWNER || (!!minterHolder && (t.issuer === o.by || m.authorized.has(`${t.issuer}|${o.by}`))));
      if (ok) t!.revision++;
      return ok;
    }
    case "minter": {
      if (o.by !== OWNER || o.add === m.minters.has(o.who)) return false;
      if (o.add) m.minters.add(o.who);
      else m.minters.delete(o.who);
      return true;
    }
    case "agent": {
      const k = `${o.issuer}|${o.who}`;
      if (o.by !== OWNER || o.add === m.agents.has(k)) return false;
      if (o.add) m.agents.add(k);
      else m.agents.delete(k);
      return true;
    }
    case "authorize": {
      const k = `${o.by}|${o.who}`;
      if (o.add === m.authorized.has(k)) return false;
      if (o.add) m.authorized.add(k);
      else m.authorized.delete(k);
      return true;
    }
    case "quarantine": {
      if (o.by !== OWNER || !t || t.status === "quarantined") return false;
      t.prior = { status: t.status, setBy: t.setBy };
      t.status = "quarantined";
      t.setBy = 3;
      t.revision++;
      return true;
    }
    case "lift":
    case "void": {
      if (o.by !== OWNER || !t || t.status !== "quarantined") return false;
      if (o.kind === "lift") {
        t.status = t.prior!.status;
        t.setBy = t.prior!.setBy;
        t.revision++;
      } else {
        m.tokens.delete(o.id);
        m.tombstones.add(o.id);
      }
      return true;
    }
  }
}

/** Replaces the relational actors of `o` by parties, from the model as it is now (a copy: shrinking replays ops). */
function resolve(m: Model, op: Exclude<Op, { kind: "wait" }>): Exclude<Op, { kind: "wait" }> {
  const o = { ...op } as Exclude<Op, { kind: "wait" }>;
  if ("id" in o && o.id === ANY) {
    const ids = [...Array(IDS).keys()];
    const pick = o.kind === "mint" ? ids.find((i) => !m.tokens.has(i) && !m.tombstones.has(i)) : ids.find((i) => m.tokens.has(i));
    o.id = pick ?? 0;
  }
  if ("id" in o && o.id === LATEST) o.id = [...m.tokens.keys()].pop() ?? 0;
  const t = m.tokens.get("id" in o ? o.id : 0);
  const last = (xs: number[] | undefined) => (xs && xs.length > 0 ? xs[xs.length - 1] : undefined);
  const r = o as unknown as Record<string, number>;
  for (const k of ["by", "to", "issuer", "who", "operator", "spender"]) {
    const v = r[k];
    if (v === undefined || v >= 0) continue;
    if (o.kind === "mint" && (k === "issuer" || v === MINTER_OF)) r[k] = r.by;
    else if (o.kind === "mint") r[k] = 3;
    else {
      const agentOf = t ? P.findIndex((_, i) => m.agents.has(`${t.issuer}|${i}`)) : -1;
      const who =
        v === HOLDER
          ? t?.holder
          : v === FORMER_HOLDER
            ? last(t?.formerHolders)
            : v === OPERATOR
              ? last(m.everOperators.get(t?.holder ?? -9))
              : v === SPENDER
                ? last(t?.approvals.map((a) => a.spender))
                : v === AGENT_OF
                  ? (agentOf >= 0 ? agentOf : 5)
                  : v === ISSUER_OF
                    ? t?.issuer
                    : t?.mintedBy;
      r[k] = who ?? 4;
    }
  }
  return o;
}

// ---- the same action against the contract ---------------------------------------------------

let doc = 0;

function message(app: { block: { height: number } }, o: Exclude<Op, { kind: "wait" }>): Record<string, unknown> {
  const tid = "id" in o ? `t${o.id}` : "";
  const expires = (ttl: number) => (ttl === 0 ? null : { at_height: app.block.height + ttl });
  switch (o.kind) {
    case "mint":
      return mintMsg(tid, P[o.to], ++doc, { issuer: P[o.issuer] });
    case "transfer":
      return { transfer_nft: { recipient: P[o.to], token_id: tid } };
    case "burn":
      return { burn: { token_id: tid } };
    case "approve":
      return { approve: { spender: P[o.spender], token_id: tid, expires: expires(o.ttl) } };
    case "revoke":
      return { revoke: { spender: P[o.spender], token_id: tid } };
    case "approve_all":
      return { approve_all: { operator: P[o.operator], expires: expires(o.ttl) } };
    case "revoke_all":
      return { revoke_all: { operator: P[o.operator] } };
    case "status":
      return { update_status: { token_id: tid, status: STATUS[o.to] } };
    case "edit":
      return { update_nft_info: { token_id: tid, extension: { jurisdiction: `J${doc++}` } } };
    case "minter":
      return o.add ? { add_minter: { minter: P[o.who] } } : { remove_minter: { minter: P[o.who] } };
    case "agent":
      return { [o.add ? "add_status_agent" : "remove_status_agent"]: { agent: P[o.who], issuer: P[o.issuer] } };
    case "authorize":
      return o.add ? { authorize_minter: { minter: P[o.who] } } : { deauthorize_minter: { minter: P[o.who] } };
    case "quarantine":
      return { quarantine: { token_id: tid, reason: "dispute" } };
    case "lift":
      return { lift_quarantine: { token_id: tid } };
    case "void":
      return { void_token: { token_id: tid, reason: "fraud", release_to: P[3] } };
  }
}

function checkTokens(nft: Deployed, m: Model): void {
  for (let i = 0; i < IDS; i++) {
    const t = m.tokens.get(i);
    if (!t) {
      expect(() => nft.query({ owner_of: { token_id: `t${i}` } })).toThrow(/Token not found/);
      continue;
    }
    const info = nft.query<{ extension: { status: string; minted_by: string; issuer: string; status_set_by: string; revision: number } }>({ nft_info: { token_id: `t${i}` } });
    const setBy = ["", "holder", "status_agent", "collection_owner"][t.setBy];
    expect(info.extension).toMatchObject({ status: t.status, minted_by: P[t.mintedBy], issuer: P[t.issuer], status_set_by: setBy, revision: t.revision });
    const live = t.approvals.filter((a) => m.approvalLive(t, a)).map((a) => P[a.spender]);
    const access = nft.query<{ owner: string; approvals: Array<{ spender: string }> }>({ owner_of: { token_id: `t${i}` } });
    expect(access.owner).toBe(P[t.holder]);
    expect(access.approvals.map((a) => a.spender).sort()).toEqual(live.sort());
  }
}

function holdsPowers(ops: Op[]): void {
  const { app, nft } = setup({ minters: [P[1], P[2]] });
  const m = new Model();
  m.height = app.block.height;
  for (const o of ops) {
    if (o.kind === "wait") {
      app.advanceBlocks(o.blocks);
      step(m, o);
      continue;
    }
    const r = resolve(m, o);
    const msg = message(app, r);
    const allowed = step(m, r);
    if (allowed) nft.execute(P[r.by], msg);
    else {
      const before = snapshot(app);
      expect(nft.fails(P[r.by], msg), JSON.stringify(r)).toMatch(
        /Unauthorized|Caller is not|quarantined|already|Already|was burned|Not a|Not authorized|not a minter|not found|settled; its status is final|Only the collection owner/,
      );
      expect(snapshot(app)).toBe(before);
    }
  }
  checkTokens(nft, m);
}

describe("nft powers", () => {
  it("every action succeeds exactly when the party holds the power at that moment", () => {
    fc.assert(fc.property(fc.array(opsOf(false), { minLength: 20, maxLength: 50 }), holdsPowers), { numRuns: 50 });
  });

  it("the same, focused on delegation: operators, their approvals, revocation, expiry, sales and quarantine", () => {
    fc.assert(fc.property(fc.array(opsOf(true), { minLength: 20, maxLength: 50 }), holdsPowers), { numRuns: 50 });
  });

  it("the same, focused on attestations: statuses set by the holder, the issuer's servicer and the owner; an issuer withdrawing its minter", () => {
    fc.assert(fc.property(fc.array(attestationOps, { minLength: 20, maxLength: 50 }), holdsPowers), { numRuns: 50 });
  });
});
