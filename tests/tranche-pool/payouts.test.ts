// Payouts of a close cannot be blocked by their recipient (review 3, F2): a property over random
// interleavings of deposit and redemption orders, closes (settled in pages), freezes and unfreezes
// of lenders by the token, and withdrawals of owed payouts. Each scenario runs twice on a CW20
// pool whose token (the rogue fixture) refuses transfers to blocked recipients: once with the
// freezes, once without. Every process_epoch succeeds in both; a lender never frozen is paid
// exactly what it is paid without the freezes, close by close; a frozen lender's refused payouts
// are owed to it (Σ owed = the pool's owed_payouts, and the books are otherwise identical), and
// once the freezes are lifted it withdraws them and has been paid exactly the same in total.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { App, TxResult } from "@persistence-ts/simulator/app/app";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { buildFixture } from "@persistence-ts/testing/fixtures";
import { Deployed, deploy } from "@persistence-ts/testing/contracts";
import { DAY, alice, b64, bob, carol, dave, manager, owner, withLimits } from "./setup";

const LENDERS = [bob, alice, carol, dave];
const keeper = makeAddress("keeper");

type Op =
  | { kind: "deposit"; who: number; tranche: "senior" | "junior"; amount: number }
  | { kind: "redeem"; who: number; tranche: "senior" | "junior"; part: number }
  | { kind: "freeze" | "unfreeze" | "withdraw"; who: number }
  | { kind: "close"; limit: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("deposit" as const), who: fc.nat(3), tranche: fc.constantFrom("senior" as const, "junior" as const), amount: fc.integer({ min: 2_000, max: 50_000 }) }),
  fc.record({ kind: fc.constant("redeem" as const), who: fc.nat(3), tranche: fc.constantFrom("senior" as const, "junior" as const), part: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constantFrom("freeze" as const, "unfreeze" as const, "withdraw" as const), who: fc.nat(3) }),
  fc.record({ kind: fc.constant("close" as const), limit: fc.integer({ min: 1, max: 5 }) }),
);

interface Run {
  pool: Deployed;
  token: string;
  paid: Map<string, bigint>;
}

let app: App;
let rogue: number;
beforeAll(() => {
  app = new App();
  rogue = app.storeCode(owner, buildFixture("rogue")).codeId;
});

function start(): Run {
  const token = app.instantiate(owner, rogue, {}, "frozen-usd", [], owner).contractAddress;
  const pool = deploy(app, "tranche-pool", owner, { cw20_currency: token, collections: [makeAddress("some-collection")], manager, ...withLimits({}) });
  return { pool, token, paid: new Map() };
}

/** Counts the token's transfers in `res` (the rogue token moves nothing but names recipient and amount). */
function count(run: Run, res: TxResult): void {
  for (const e of res.events) {
    if (e.type !== "wasm" || e.attributes[0]?.value !== run.token) continue;
    const a = Object.fromEntries(e.attributes.map((x) => [x.key, x.value]));
    if (a.action === "transfer") run.paid.set(a.recipient, (run.paid.get(a.recipient) ?? 0n) + BigInt(a.amount));
  }
}

const tryExec = (f: () => TxResult): TxResult | null => {
  try {
    return f();
  } catch {
    return null;
  }
};

const owedOf = (run: Run, who: string) => BigInt(run.pool.query<{ owed_payout: string }>({ position: { lender: who } }).owed_payout);

/** Applies `o`; freezes, unfreezes and withdrawals only when `frozen` is on (the attacked run). */
function step(run: Run, o: Op, frozen: boolean): void {
  const pool = run.pool;
  if (o.kind === "deposit") {
    const who = LENDERS[o.who];
    const hook = b64({ receive: { sender: who, amount: (BigInt(o.amount) * 1_000_000n).toString(), msg: b64({ deposit: { tranche: o.tranche } }) } });
    tryExec(() => app.execute(who, run.token, { relay: { contract: pool.address, msg: hook } }));
  } else if (o.kind === "redeem") {
    const who = LENDERS[o.who];
    const free = BigInt(pool.query<Record<string, { shares: string }>>({ position: { lender: who } })[o.tranche].shares);
    const shares = (free * BigInt(o.part)) / 4n;
    if (shares > 0n) tryExec(() => pool.execute(who, { redeem: { tranche: o.tranche, shares: shares.toString(), min_price: "0" } }));
  } else if (o.kind === "close") {
    for (;;) {
      const res = pool.execute(keeper, { process_epoch: { limit: o.limit } }); // must never fail
      count(run, res);
      if (res.events.some((e) => e.type === "wasm" && e.attributes.some((a) => a.key === "settled" && a.value === "true"))) break;
    }
  } else if (frozen && o.kind !== "withdraw") {
    app.execute(owner, run.token, { block: { address: LENDERS[o.who], blocked: o.kind === "freeze" } });
  } else if (frozen) {
    const res = tryExec(() => pool.execute(LENDERS[o.who], { withdraw_payout: {} }));
    if (res) count(run, res);
  }
}

describe("payouts of a close: no lender can make another's exit fail", () => {
  it("property: with any lenders frozen at any time, the others are paid exactly as without, and the frozen ones are owed the rest", () => {
    let refused = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 6, maxLength: 24 }), (ops) => {
        const control = start();
        const attacked = start();
        const everFrozen = new Set<string>();
        for (const o of ops) {
          if (o.kind === "close") app.advanceTime(DAY); // both pools close at the same block time
          step(control, o, false);
          step(attacked, o, true);
          if (o.kind === "freeze") everFrozen.add(LENDERS[o.who]);
          let owedSum = 0n;
          for (const l of LENDERS) {
            const owed = owedOf(attacked, l);
            owedSum += owed;
            if (!everFrozen.has(l)) expect(attacked.paid.get(l) ?? 0n).toBe(control.paid.get(l) ?? 0n);
            else expect(owed).toBeLessThanOrEqual((control.paid.get(l) ?? 0n) - (attacked.paid.get(l) ?? 0n));
          }
          const state = (r: Run) => r.pool.query<Record<string, unknown>>({ pool: {} });
          const { owed_payouts, ...books } = state(attacked);
          const { owed_payouts: none, ...controlBooks } = state(control);
          expect(BigInt(owed_payouts as string)).toBe(owedSum);
          expect(none).toBe("0");
          expect(books).toEqual(controlBooks);
          if (owedSum > 0n) refused++;
        }
        // The freezes lifted, every frozen lender takes what it is owed: paid exactly as without them.
        for (const l of LENDERS) {
          app.execute(owner, attacked.token, { block: { address: l, blocked: false } });
          if (owedOf(attacked, l) > 0n) count(attacked, attacked.pool.execute(l, { withdraw_payout: {} }));
          expect(attacked.paid.get(l) ?? 0n).toBe(control.paid.get(l) ?? 0n);
        }
        expect(attacked.pool.query<{ owed_payouts: string }>({ pool: {} }).owed_payouts).toBe("0");
      }),
      { numRuns: 20 },
    );
    expect(refused).toBeGreaterThan(0); // some runs did refuse a payout
  });
});
