// Property test: random mint / transfer / approve / burn sequences by several users keep the
// contract's invariants: num_tokens = live tokens; the owner index agrees with owner_of; each
// document maps to at most one live token and verify_document agrees.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Deployed } from "../helpers/contracts";
import { buyer, carol, docHash, mintMsg, owner, setup, sme } from "./setup";

const users = [sme, buyer, carol, owner];

type Op =
  | { kind: "mint"; id: number; to: number; doc: number }
  | { kind: "transfer"; id: number; by: number; to: number }
  | { kind: "approve"; id: number; by: number; spender: number }
  | { kind: "burn"; id: number; by: number }
  | { kind: "release"; doc: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("mint" as const), id: fc.nat(7), to: fc.nat(3), doc: fc.nat(5) }),
  fc.record({ kind: fc.constant("transfer" as const), id: fc.nat(7), by: fc.nat(3), to: fc.nat(3) }),
  fc.record({ kind: fc.constant("approve" as const), id: fc.nat(7), by: fc.nat(3), spender: fc.nat(3) }),
  fc.record({ kind: fc.constant("burn" as const), id: fc.nat(7), by: fc.nat(3) }),
  fc.record({ kind: fc.constant("release" as const), doc: fc.nat(5) }),
);

function apply(nft: Deployed, o: Op): void {
  const msg =
    o.kind === "mint"
      ? mintMsg(`t${o.id}`, users[o.to], o.doc + 1)
      : o.kind === "transfer"
        ? { transfer_nft: { recipient: users[o.to], token_id: `t${o.id}` } }
        : o.kind === "approve"
          ? { approve: { spender: users[o.spender], token_id: `t${o.id}` } }
          : o.kind === "burn"
            ? { burn: { token_id: `t${o.id}` } }
            : { release_document: { document_hash: docHash(o.doc + 1) } };
  const sender = o.kind === "mint" ? sme : o.kind === "release" ? owner : users[o.by];
  try {
    nft.execute(sender, msg);
  } catch {
    // refused operations are part of the sequence; the invariants must hold regardless
  }
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
      fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => {
        const { nft } = setup();
        for (const o of ops) {
          apply(nft, o);
          checkInvariants(nft);
        }
      }),
      { numRuns: 40 },
    );
  });
});
