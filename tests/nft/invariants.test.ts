// Property test: random mint / transfer / approve / burn / release sequences by several users
// keep the contract's invariants: num_tokens = live tokens; the owner index agrees with
// owner_of; each document maps to at most one live token and verify_document agrees; a token id
// names one document for ever (tombstones); a released document comes back only in the name of
// the issuer it was released to.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Deployed } from "@persistence-ts/testing/contracts";
import { buyer, carol, docHash, mintMsg, owner, setup, sme } from "./setup";

const users = [sme, buyer, carol, owner];

type Op =
  | { kind: "mint"; id: number; to: number; doc: number }
  | { kind: "transfer"; id: number; by: number; to: number }
  | { kind: "approve"; id: number; by: number; spender: number }
  | { kind: "burn"; id: number; by: number }
  | { kind: "release"; doc: number; to: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("mint" as const), id: fc.nat(7), to: fc.nat(3), doc: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("transfer" as const), id: fc.nat(7), by: fc.nat(3), to: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("approve" as const), id: fc.nat(7), by: fc.nat(3), spender: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("burn" as const), id: fc.nat(7), by: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("release" as const), doc: fc.nat(2), to: fc.nat(3) }) },
);

/**
 * Mints mostly take an id never used; transfers, approvals and burns name a live token (the id
 * picks one) and burns mostly its holder, so that sequences often reach burn → release → mint
 * of the same document (and sometimes re-use an id).
 */
function resolve(nft: Deployed, o: Op, used: Set<number>): Op {
  if (o.kind === "mint" && o.id % 4 !== 0) {
    let fresh = 0;
    while (used.has(fresh)) fresh++;
    return { ...o, id: fresh };
  }
  if (o.kind !== "transfer" && o.kind !== "approve" && o.kind !== "burn") return o;
  const live = nft.query<{ tokens: string[] }>({ all_tokens: { limit: 100 } }).tokens;
  if (live.length === 0) return o;
  const tokenId = live[o.id % live.length];
  const r = { ...o, id: Number(tokenId.slice(1)) };
  if (o.kind === "burn" && o.by < 3) r.by = users.indexOf(nft.query<{ owner: string }>({ owner_of: { token_id: tokenId } }).owner);
  return r;
}

function apply(nft: Deployed, op: Op, used: Set<number>): void {
  const o = resolve(nft, op, used);
  if (o.kind === "mint") used.add(o.id);
  const msg =
    o.kind === "mint"
      ? mintMsg(`t${o.id}`, users[o.to], o.doc + 1)
      : o.kind === "transfer"
        ? { transfer_nft: { recipient: users[o.to], token_id: `t${o.id}` } }
        : o.kind === "approve"
          ? { approve: { spender: users[o.spender], token_id: `t${o.id}` } }
          : o.kind === "burn"
            ? { burn: { token_id: `t${o.id}` } }
            : { release_document: { document_hash: docHash(o.doc + 1), release_to: users[o.to] } };
  const sender = o.kind === "mint" ? sme : o.kind === "release" ? owner : users[o.by];
  try {
    nft.execute(sender, msg);
  } catch {
    // refused operations are part of the sequence; the invariants must hold regardless
  }
}

interface DocView {
  token_id: string | null;
  issuer: string | null;
  reserved_for: string | null;
}
const DOCS = 3;
const docView = (nft: Deployed, n: number) => nft.query<DocView>({ verify_document: { document_hash: docHash(n + 1) } });

/** A token id names one document for ever; a reserved document is not live, and comes back live only in its reserved issuer's name. */
function checkAssets(nft: Deployed, before: DocView[], idDocs: Map<string, string>): DocView[] {
  const after: DocView[] = [];
  for (let n = 0; n < DOCS; n++) {
    const v = docView(nft, n);
    if (v.reserved_for !== null) expect(v.token_id).toBeNull();
    if (v.token_id !== null && before[n].token_id === null && before[n].reserved_for !== null) expect(v.issuer).toBe(before[n].reserved_for);
    if (v.token_id !== null) {
      expect(idDocs.get(v.token_id) ?? docHash(n + 1)).toBe(docHash(n + 1));
      idDocs.set(v.token_id, docHash(n + 1));
    }
    after.push(v);
  }
  return after;
}

function checkInvariants(nft: Deployed): void {
  const all = nft.query<{ tokens: string[] }>({ all_tokens: { limit: 100 } }).tokens;
  expect(nft.query({ num_tokens: {} })).toEqual({ count: all.length });
  const byOwner = new Map<string, string[]>();
  const docs = new Map<string, string>();
  for (const id of all) {
    const { owner: o } = nft.query<{ owner: string }>({ owner_of: { token_id: id } });
    byOwner.set(o, [...(byOwner.get(o) ?? []), id]);
    const hash = nft.query<{ extension: { document_hash: string } }>({ nft_info: { token_id: id } }).extension.document_hash;
    expect(docs.has(hash)).toBe(false);
    docs.set(hash, id);
    expect(nft.query({ verify_document: { document_hash: hash } })).toMatchObject({ token_id: id, owner: o, burned: false });
  }
  for (const u of users) expect(nft.query({ tokens: { owner: u, limit: 100 } })).toEqual({ tokens: (byOwner.get(u) ?? []).sort() });
}

describe("nft invariants", () => {
  it("hold after every step of random operation sequences", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 40 }), (ops) => {
        const { nft } = setup();
        const idDocs = new Map<string, string>();
        const used = new Set<number>();
        let docs = checkAssets(nft, [], idDocs);
        for (const o of ops) {
          apply(nft, o, used);
          checkInvariants(nft);
          docs = checkAssets(nft, docs, idDocs);
        }
      }),
      { numRuns: 40 },
    );
  });
});
