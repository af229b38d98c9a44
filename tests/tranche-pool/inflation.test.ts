// Share-price manipulation. The classic attack: be the first depositor with a tiny stake, inflate
// the price with a donation, and let a victim's deposit round down to (almost) no shares. The pool
// defends twice: cash sent to it outside its messages is not counted, and the first deposit of a
// tranche locks 1000 shares forever, so any value added to a nearly empty tranche goes mostly to
// the locked shares. Rounding always favours the pool: deposit/redeem loops cannot extract value.
// Deposits and redemptions are orders executed at the epoch close, so each step closes an epoch.
// Everything runs with both currencies: a native denom and a CW20 token (whose plain `transfer`
// to the pool is the donation).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { CURRENCIES, CurrencyKind, DAY, balanceOf as bal, bob, carol, closeEpoch, dave, donate, manager, mintInvoice, pay, pledge, poolInfo, positionOf, setup } from "./setup";

let app: App;
beforeAll(() => {
  app = new App();
});

describe.each(CURRENCIES)("inflation and donation attacks (%s currency)", (kind: CurrencyKind) => {
  it("currency sent outside the pool's messages (bank send, cw20 transfer) is not counted: the share price does not move", () => {
    const w = setup({}, app, kind);
    pay(w, dave, { deposit: { tranche: "junior" } }, 2_000); // 1000 shares for dave, 1000 locked
    closeEpoch(w);
    donate(w, dave, w.pool.address, 1_000_000_000n);
    expect(poolInfo(w)).toMatchObject({ reserve: "2000", assets: "2000", junior: { value: "2000", share_price: "1" } });
    pay(w, bob, { deposit: { tranche: "junior" } }, 1_000_000);
    closeEpoch(w);
    expect(positionOf(w, bob).junior).toEqual({ shares: "1000000", value: "1000000", queued_shares: "0", pending_deposit: "0" });
    const before = bal(w, dave);
    w.pool.execute(dave, { redeem: { tranche: "junior", shares: "1000", min_price: "0" } });
    closeEpoch(w);
    expect(bal(w, dave) - before).toBe(1_000n); // the donation stays an unaccounted surplus
  });

  it("inflating the price through the pool's own income costs the attacker far more than the victim loses", () => {
    const w = setup({}, app, kind);
    const daveStart = bal(w, dave);
    pay(w, dave, { deposit: { tranche: "junior" } }, 1_001);
    closeEpoch(w);
    // Dave borrows against his own invoice at 100% and pays a year of interest into the tranche.
    mintInvoice(w, "dave-inv", 1_000, 400, dave);
    const id = pledge(w, "dave-inv", 800, 365, dave);
    w.pool.execute(manager, { approve_loan: { loan_id: id, apr: "1" } });
    w.pool.execute(dave, { draw: { loan_id: id } });
    w.app.advanceTime(365 * DAY);
    pay(w, dave, { repay: { loan_id: id } }, 1_600);
    const inflated = poolInfo(w).junior;
    expect(inflated).toMatchObject({ value: "1721", shares: "1001", share_price: "1.71928071928071928" }); // 1001 + 800 − 10% fee

    // The victim deposits; the rounding costs it less than one share's price.
    pay(w, carol, { deposit: { tranche: "junior" } }, 1_000_000);
    closeEpoch(w);
    const victim = BigInt(positionOf(w, carol).junior.value);
    expect(1_000_000n - victim).toBeLessThanOrEqual(2n);

    // The attacker's single share is worth a couple of units (below an order's minimum, it cannot
    // even be redeemed); it paid 1001 + 800 of interest.
    expect(BigInt(positionOf(w, dave).junior.value)).toBeLessThanOrEqual(2n);
    expect(w.pool.fails(dave, { redeem: { tranche: "junior", shares: "1", min_price: "0" } })).toMatch(/A redemption order must be at least 1000: 1 given/);
    expect(daveStart - bal(w, dave)).toBeGreaterThan(1_790n); // the rest belongs to the locked shares
    w.pool.execute(carol, { redeem: { tranche: "junior", shares: positionOf(w, carol).junior.shares, min_price: "0" } });
    const paid = BigInt(closeEpoch(w).junior_paid);
    expect(paid >= victim && paid <= 1_000_000n).toBe(true);
  });

  it("the locked shares can never be redeemed", () => {
    const w = setup({}, app, kind);
    pay(w, dave, { deposit: { tranche: "junior" } }, 5_000);
    closeEpoch(w);
    w.pool.execute(dave, { redeem: { tranche: "junior", shares: "4000", min_price: "0" } });
    closeEpoch(w);
    expect(w.pool.fails(dave, { redeem: { tranche: "junior", shares: "1000", min_price: "0" } })).toMatch(/Insufficient junior shares: 0 free, 1000 asked/);
    expect(poolInfo(w).junior).toMatchObject({ value: "1000", shares: "1000", locked_shares: "1000" });
  });
});

describe.each(CURRENCIES)("rounding (%s currency)", (kind: CurrencyKind) => {
  type Step = { who: number; tranche: number; deposit: boolean; amount: number; pct: number; close: boolean };
  const step = fc.record({ who: fc.nat(2), tranche: fc.nat(1), deposit: fc.boolean(), amount: fc.integer({ min: 1, max: 5_000_000 }), pct: fc.integer({ min: 1, max: 100 }), close: fc.boolean() });
  const who = [bob, carol, dave];

  it("deposit/redeem loops never give a lender back more than it put in", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 5, maxLength: 24 }), (steps: Step[]) => {
        const w = setup({ min_junior_ratio: "0.01" }, app, kind);
        // Prices off 1:1 from the start: an odd-sized junior and senior base.
        pay(w, manager, { deposit: { tranche: "junior" } }, 3_333_337);
        pay(w, manager, { deposit: { tranche: "senior" } }, 7_777_771);
        closeEpoch(w);
        const start = who.map((l) => bal(w, l));
        for (const s of steps) {
          const l = who[s.who];
          const t = s.tranche === 0 ? "senior" : "junior";
          try {
            if (s.deposit) pay(w, l, { deposit: { tranche: t } }, s.amount);
            else {
              const free = BigInt(positionOf(w, l)[t].shares);
              w.pool.execute(l, { redeem: { tranche: t, shares: ((free * BigInt(s.pct)) / 100n).toString(), min_price: "0" } });
            }
          } catch {
            // refused steps (nothing to redeem) change nothing
          }
          if (s.close) closeEpoch(w);
        }
        // Every lender asks for all it holds back; what the ratio or a price that pays 0 keeps is worth ≥ 0.
        closeEpoch(w);
        for (const l of who) {
          for (const t of ["junior", "senior"] as const) {
            const free = positionOf(w, l)[t].shares;
            if (BigInt(free) >= 1_000n) w.pool.execute(l, { redeem: { tranche: t, shares: free, min_price: "0" } }); // less is below an order's minimum
          }
        }
        closeEpoch(w);
        for (const [i, l] of who.entries()) {
          for (const d of positionOf(w, l).deposits) w.pool.execute(l, { cancel_deposit: { order_id: d.id } });
          expect(bal(w, l)).toBeLessThanOrEqual(start[i]);
        }
      }),
      { numRuns: 12 },
    );
  });
});
