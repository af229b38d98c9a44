// The worked example of contracts/tranche-pool/README.md, number for number (amounts in uusdc:
// 1 USDC = 1 000 000). Grace period 0 so the default can follow the maturity at once; the
// write-off policy marks a late loan down by 1/90 of its book value a day. Run with both
// currencies: the pool lending native uusdc, and lending a CW20 "USDC" (same numbers).
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { CURRENCIES, CurrencyKind, DAY, World, alice, attrs, balanceOf, bob, carol, closeEpoch, hookMsg, manager, mintInvoice, pay, poolInfo, positionOf, setup, sme } from "./setup";

const USDC = 1_000_000n;
const usdc = (x: number) => (BigInt(Math.round(x * 1000)) * USDC) / 1000n;

let app: App;
let w: World;

describe.each(CURRENCIES)("README worked example (%s currency)", (kind: CurrencyKind) => {
  beforeEach(() => {
    app ??= new App();
    w = setup({ grace_period: 0 }, app, kind);
    pay(w, bob, { deposit: { tranche: "junior" } }, usdc(30_000));
    pay(w, alice, { deposit: { tranche: "senior" } }, usdc(100_000));
  });

  const values = () => {
    const p = poolInfo(w);
    return { assets: BigInt(p.assets), reserve: BigInt(p.reserve), target: BigInt(p.senior_target), senior: BigInt(p.senior.value), junior: BigInt(p.junior.value) };
  };
  /** The NAV orders execute at and what late loans count for in `assets` (left out of it). */
  const orderNav = () => {
    const p = poolInfo(w);
    return { order_assets: BigInt(p.order_assets), overdue_value: BigInt(p.overdue_value) };
  };

  /** Step 1's close, then the loan of step 2: 100 000 at 15 % maturing 73 days after the draw. */
  function lend(): void {
    closeEpoch(w);
    mintInvoice(w, "INV-7", usdc(125_000), 100);
    const maturity = (app.block.time + BigInt(73 * DAY) * 1_000_000_000n).toString();
    w.nft.execute(sme, { send_nft: { contract: w.pool.address, token_id: "INV-7", msg: hookMsg({ amount: usdc(100_000).toString(), apr: "0.15", maturity }) } });
    w.pool.execute(manager, { approve_loan: { loan_id: 1, apr: "0.15" } });
    w.pool.execute(sme, { draw: { loan_id: 1 } });
    expect(balanceOf(w, w.pool.address)).toBe(usdc(30_000)); // the draw paid the SME in the currency
  }

  it("day 0 orders, day 1 close: 30 000 junior and 100 000 senior at price 1, then 100 000 lent", () => {
    expect(values()).toEqual({ assets: 0n, reserve: 0n, target: 0n, senior: 0n, junior: 0n });
    expect(poolInfo(w)).toMatchObject({ senior: { pending_deposits: usdc(100_000).toString() }, junior: { pending_deposits: usdc(30_000).toString() } });
    expect(w.pool.fails(sme, { draw: { loan_id: 1 } })).toMatch(/Loan not found: 1/);
    lend();
    expect(w.pool.query({ epoch: { id: 1 } })).toMatchObject({
      assets: "0",
      senior: { price: "1", deposited: usdc(100_000).toString(), minted: usdc(100_000).toString() },
      junior: { price: "1", deposited: usdc(30_000).toString(), minted: usdc(30_000).toString() },
    });
    expect(values()).toEqual({ assets: usdc(130_000), reserve: usdc(30_000), target: usdc(100_000), senior: usdc(100_000), junior: usdc(30_000) });
    expect(positionOf(w, bob)).toMatchObject({ junior: { shares: "29999999000", pending_deposit: "0" }, deposits: [] });
  });

  it("day 74: interest 3 000 net of the 300 fee counts 2 700, T 101 600; the repayment moves no price; alice's order is paid 50 800", () => {
    lend();
    app.advanceTime(73 * DAY);
    expect(w.pool.query({ loan: { loan_id: 1 } })).toMatchObject({ interest_due: usdc(3_000).toString(), debt: usdc(103_000).toString(), book_value: usdc(102_700).toString() });
    expect(values()).toEqual({ assets: usdc(132_700), reserve: usdc(30_000), target: usdc(101_600), senior: usdc(101_600), junior: usdc(31_100) });
    expect(poolInfo(w)).toMatchObject({ senior: { share_price: "1.016" }, junior: { share_price: "1.036666666666666666" } });
    pay(w, sme, { repay: { loan_id: 1 } }, usdc(103_000));
    expect(values()).toEqual({ assets: usdc(132_700), reserve: usdc(132_700), target: usdc(101_600), senior: usdc(101_600), junior: usdc(31_100) });
    expect(poolInfo(w).fees_owed).toBe(usdc(300).toString());
    const before = balanceOf(w, alice);
    w.pool.execute(alice, { redeem: { tranche: "senior", shares: usdc(50_000).toString(), min_price: "0" } });
    expect(balanceOf(w, alice)).toBe(before); // an order: nothing moves before the close
    const close = closeEpoch(w);
    expect(close).toMatchObject({ senior_price: "1.016", senior_filled: usdc(50_000).toString(), senior_paid: usdc(50_800).toString() });
    expect(balanceOf(w, alice) - before).toBe(usdc(50_800));
    expect(values()).toMatchObject({ assets: usdc(81_900), target: usdc(50_800), junior: usdc(31_100) });
  });

  it("late instead: the policy marks the loan down 1/90 of its 102 700 a day (it counts 92 430 in the NAV nine days late); orders count it 0", () => {
    lend();
    app.advanceTime(82 * DAY);
    expect(w.pool.query({ loan: { loan_id: 1 } })).toMatchObject({ book_value: usdc(92_430).toString(), markdown: usdc(10_270).toString() });
    expect(values()).toEqual({ assets: usdc(122_430), reserve: usdc(30_000), target: 101_797_260_273n, senior: usdc(30_000), junior: 0n });
    expect(orderNav()).toEqual({ order_assets: usdc(30_000), overdue_value: usdc(92_430) });
    expect(poolInfo(w)).toMatchObject({ junior: { impaired: true }, senior: { impaired: true } });
    // Bob's order now would be filled at 0: it is not filled (a share that pays nothing is not sold).
    w.pool.execute(bob, { redeem: { tranche: "junior", shares: usdc(1_000).toString(), min_price: "0" } });
    expect(closeEpoch(w)).toMatchObject({ junior_price: "0", junior_filled: "0" });
  });

  it("day 74, default instead: orders count the loan 0 at once; write-downs move the reported NAV; the recovery pays principal first; the write-off and the close of the recovery end the impairment", () => {
    lend();
    app.advanceTime(73 * DAY);
    w.pool.execute(manager, { mark_default: { loan_id: 1 } });
    expect(values()).toMatchObject({ assets: usdc(132_700), senior: usdc(30_000), junior: 0n });
    expect(orderNav()).toEqual({ order_assets: usdc(30_000), overdue_value: usdc(102_700) });
    w.pool.execute(manager, { write_down: { loan_id: 1, amount: usdc(20_000).toString() } });
    expect(values()).toMatchObject({ assets: usdc(112_700), senior: usdc(30_000), junior: 0n });
    w.pool.execute(manager, { write_down: { loan_id: 1, amount: usdc(20_000).toString() } });
    expect(values()).toMatchObject({ assets: usdc(92_700), senior: usdc(30_000), junior: 0n });
    pay(w, carol, { deposit: { tranche: "junior" } }, usdc(10_000));
    w.pool.execute(manager, { claim_collateral: { loan_id: 1 } });
    const rec = attrs(pay(w, manager, { recover: { loan_id: 1 } }, usdc(70_000)), w.pool.address);
    expect(rec).toMatchObject({ principal: usdc(70_000).toString(), interest: "0", reserve_fee: "0" });
    expect(values()).toMatchObject({ assets: usdc(100_000), reserve: usdc(100_000), senior: usdc(100_000), junior: 0n });
    expect(poolInfo(w).fees_owed).toBe("0");
    expect(w.pool.query({ loan: { loan_id: 1 } })).toMatchObject({ debt: usdc(33_000).toString(), book_value: "0", loan: { principal: usdc(30_000).toString(), written_down: usdc(40_000).toString(), status: "defaulted" } });
    expect(closeEpoch(w)).toMatchObject({ junior_deposited: "0" }); // junior is impaired: carol's order waits
    expect(positionOf(w, carol).junior.pending_deposit).toBe(usdc(10_000).toString());
    w.pool.execute(manager, { write_off: { loan_id: 1 } });
    expect(poolInfo(w)).toMatchObject({ loans_principal: "0", junior: { impaired: true } }); // the recovery is still open
    w.pool.execute(manager, { close_recovery: { loan_id: 1 } });
    expect(poolInfo(w).junior.impaired).toBe(false);
    expect(values()).toMatchObject({ assets: usdc(100_000), junior: 0n });
  });
});
