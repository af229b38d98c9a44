// Property test: random transfers, burns, mints, allowances and spends by several accounts keep
// cw20's invariants: total supply = Σ balances, no negative balance, all_accounts lists exactly
// the non-zero holders, and what moved matches a model of the ledger.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alice, bob, carol, minter, setupToken, Token } from "./token";

const users = [alice, bob, carol];

interface Op {
  kind: "transfer" | "burn" | "mint" | "allow" | "transfer_from" | "burn_from";
  by: number;
  to: number;
  amount: number;
}

const op: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom("transfer", "burn", "mint", "allow", "transfer_from", "burn_from"),
  by: fc.nat(2),
  to: fc.nat(2),
  amount: fc.nat(1500),
});

function msgOf(o: Op): [string, Record<string, unknown>] {
  const a = String(o.amount);
  if (o.kind === "transfer") return [users[o.by], { transfer: { recipient: users[o.to], amount: a } }];
  if (o.kind === "burn") return [users[o.by], { burn: { amount: a } }];
  if (o.kind === "mint") return [minter, { mint: { recipient: users[o.to], amount: a } }];
  if (o.kind === "allow") return [users[o.by], { increase_allowance: { spender: users[o.to], amount: a } }];
  if (o.kind === "transfer_from") return [users[o.to], { transfer_from: { owner: users[o.by], recipient: users[o.to], amount: a } }];
  return [users[o.to], { burn_from: { owner: users[o.by], amount: a } }];
}

/** What cw20-base 1.0 does with `o`, on a model of balances and allowances; false when it refuses. */
function applyModel(o: Op, bal: bigint[], allow: Map<string, bigint>): boolean {
  const x = BigInt(o.amount);
  const key = `${o.by}>${o.to}`;
  if (o.kind === "transfer" || o.kind === "burn") {
    if (x === 0n || bal[o.by] < x) return false;
    bal[o.by] -= x;
    if (o.kind === "transfer") bal[o.to] += x;
    return true;
  }
  if (o.kind === "mint") {
    if (x === 0n) return false;
    bal[o.to] += x;
    return true;
  }
  if (o.kind === "allow") {
    if (o.by === o.to) return false;
    allow.set(key, (allow.get(key) ?? 0n) + x);
    return true;
  }
  const left = allow.get(key);
  if (left === undefined || left < x || bal[o.by] < x) return false;
  allow.set(key, left - x);
  bal[o.by] -= x;
  if (o.kind === "transfer_from") bal[o.to] += x;
  return true;
}

function checkLedger(token: Token, model: bigint[]): void {
  const balances = users.map((u) => token.balance(u));
  expect(balances).toEqual(model);
  expect(token.supply()).toBe(balances.reduce((s, b) => s + b, 0n));
  const holders = users.filter((_, i) => balances[i] > 0n).sort();
  expect(token.query({ all_accounts: { limit: 30 } })).toEqual({ accounts: holders });
}

describe("cw20 invariants", () => {
  it("supply = Σ balances and all_accounts = holders after every step", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 20 }), (ops) => {
        const { token } = setupToken({ initial_balances: [{ address: alice, amount: "1000" }, { address: bob, amount: "1000" }] });
        const model = [1000n, 1000n, 0n];
        const allowances = new Map<string, bigint>();
        for (const o of ops) {
          const [sender, msg] = msgOf(o);
          const expected = applyModel(o, model, allowances);
          let accepted = true;
          try {
            token.execute(sender, msg);
          } catch {
            accepted = false;
          }
          expect(accepted).toBe(expected);
          checkLedger(token, model);
        }
      }),
      { numRuns: 25 },
    );
  });
});
