// The worked example of contracts/tranche-pool/README.md, number for number (amounts in uusdc:
// 1 USDC = 1 000 000). Grace period 0 so the default can follow the maturity at once. Run with
// both currencies: the pool lending native uusdc, and lending a CW20 "USDC" (same numbers).
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "../../simulator/app/app";
import { CURRENCIES, CurrencyKind, DAY, World, alice, balanceOf, bob, hookMsg, manager, mintInvoice, pay, poolInfo, setup, sme } from "./setup";

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
    mintInvoice(w, "INV-7", usdc(125_000), 100);
    const maturity = (app.block.time + BigInt(73 * DAY) * 1_000_000_000n).toString();
    w.nft.execute(sme, { send_nft: { contract: w.pool.address, token_id: "INV-7", msg: hookMsg({ amount: usdc(100_000).toString(), apr: "0.15", maturity }) } });
    w.pool.execute(manager, { approve_loan: { loan_id: 1, apr: "0.15" } });
    w.pool.execute(sme, { draw: { loan_id: 1 } });
    expect(balanceOf(w, w.pool.address)).toBe(usdc(30_000)); // the draw paid the SME in the currency
  });

  const values = () => {
    const p = poolInfo(w);
    return { assets: BigInt(p.assets), reserve: BigInt(p.reserve), target: BigInt(p.senior_target), senior: BigInt(p.senior.value), junior: BigInt(p.junior.value) };
  };

  it("day 0: 30 000 junior, 100 000 senior, 100 000 lent", () => {
    expect(values()).toEqual({ assets: usdc(130_000), reserve: usdc(30_000), target: usdc(100_000), senior: usdc(100_000), junior: usdc(30_000) });
    expect(w.pool.query({ position: { lender: bob } })).toMatchObject({ junior: { shares: "29999999000" } });
  });

  it("day 73: interest 3 000, T 101 600; repaid in full with a 300 fee; alice redeems half", () => {
    app.advanceTime(73 * DAY);
    expect(w.pool.query({ loan: { loan_id: 1 } })).toMatchObject({ interest_due: usdc(3_000).toString(), debt: usdc(103_000).toString() });
    expect(values()).toEqual({ assets: usdc(133_000), reserve: usdc(30_000), target: usdc(101_600), senior: usdc(101_600), junior: usdc(31_400) });
    expect(poolInfo(w).junior.share_price).toBe("1.046666666666666666");
    pay(w, sme, { repay: { loan_id: 1 } }, usdc(103_000));
    expect(values()).toEqual({ assets: usdc(132_700), reserve: usdc(132_700), target: usdc(101_600), senior: usdc(101_600), junior: usdc(31_100) });
    expect(poolInfo(w)).toMatchObject({ fees_owed: usdc(300).toString(), senior: { share_price: "1.016" }, junior: { share_price: "1.036666666666666666" } });
    const before = balanceOf(w, alice);
    w.pool.execute(alice, { redeem: { tranche: "senior", shares: usdc(50_000).toString() } });
    expect(balanceOf(w, alice) - before).toBe(usdc(50_800));
    expect(values()).toMatchObject({ assets: usdc(81_900), target: usdc(50_800), junior: usdc(31_100) });
  });

  it("day 73, default instead: write-downs hit junior first, then senior; recovery reverses part", () => {
    app.advanceTime(73 * DAY);
    w.pool.execute(manager, { mark_default: { loan_id: 1 } });
    w.pool.execute(manager, { write_down: { loan_id: 1, amount: usdc(20_000).toString() } });
    expect(values()).toMatchObject({ assets: usdc(113_000), senior: usdc(101_600), junior: usdc(11_400) });
    w.pool.execute(manager, { write_down: { loan_id: 1, amount: usdc(20_000).toString() } });
    expect(values()).toMatchObject({ assets: usdc(93_000), senior: usdc(93_000), junior: 0n });
    w.pool.execute(manager, { claim_collateral: { loan_id: 1 } });
    pay(w, manager, { recover: { loan_id: 1 } }, usdc(70_000));
    expect(values()).toMatchObject({ assets: usdc(100_000), reserve: usdc(100_000), senior: usdc(100_000), junior: 0n });
    expect(w.pool.query({ loan: { loan_id: 1 } })).toMatchObject({ debt: usdc(33_000).toString(), book_value: "0", loan: { written_down: usdc(33_000).toString(), status: "defaulted" } });
  });
});
