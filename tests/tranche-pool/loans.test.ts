// Borrowers: pledging through send_nft, approval, draw, per-second interest, repayments with the
// reserve fee, the NFT coming back, and the loans queries.
import { beforeAll, describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { DAY, DENOM, World, YEAR, after, alice, attrs, carol, closeEpoch, coins, feeCollector, fundedPool, hookMsg, LoanInfo, loanOf, manager, mintInvoice, openLoan, ownerOf, pledge, poolInfo, sme, sme2 } from "./setup";
import * as ContractError from "../../contracts/tranche-pool/src/error";

let app: App;
beforeAll(() => {
  app = new App();
});

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

describe("loan requests", () => {
  it("send_nft with request_loan escrows the NFT and records the request from the NFT's terms", () => {
    const w = fundedPool({}, app);
    mintInvoice(w, "inv-1", 10_000_000_000n, 120);
    const maturity = after(w.app, 90 * DAY);
    const res = w.nft.execute(sme, { send_nft: { contract: w.pool.address, token_id: "inv-1", msg: hookMsg({ amount: "8000000000", apr: "0.15", maturity }) } });
    expect(attrs(res, w.pool.address)).toMatchObject({ action: "request_loan", loan_id: "1", borrower: sme, token_id: "inv-1", amount: "8000000000" });
    expect(ownerOf(w, "inv-1")).toBe(w.pool.address);
    const info = loanOf(w, 1);
    expect(info.loan).toMatchObject({
      id: 1,
      borrower: sme,
      collection: w.nft.address,
      token_id: "inv-1",
      face_value: "10000000000",
      amount: "8000000000",
      requested_apr: "0.15",
      apr: "0",
      maturity,
      status: "requested",
      collateral: "escrowed",
      principal: "0",
    });
    expect(info).toMatchObject({ debt: "0", book_value: "0" });
  });

  it("the manager approves with the APR; the borrower draws the principal from the reserve", () => {
    const w = fundedPool({}, app);
    mintInvoice(w, "inv-1", 10_000_000_000n);
    const id = pledge(w, "inv-1", 8_000_000_000n);
    expect(w.pool.fails(sme, { draw: { loan_id: id } })).toContain(ContractError.wrongStatus("draw", "1", "requested", "approved"));
    expect(w.pool.fails(sme, { approve_loan: { loan_id: id, apr: "0.1" } })).toContain(ContractError.notManager("approve loans"));
    w.pool.execute(manager, { approve_loan: { loan_id: id, apr: "0.1" } });
    expect(w.pool.fails(carol, { draw: { loan_id: id } })).toContain(ContractError.notBorrower("draw", "1"));
    const before = w.app.balance(sme, DENOM);
    w.pool.execute(sme, { draw: { loan_id: id } });
    expect(w.app.balance(sme, DENOM) - before).toBe(8_000_000_000n);
    expect(loanOf(w, id).loan).toMatchObject({ status: "active", apr: "0.1", principal: "8000000000" });
    expect(poolInfo(w)).toMatchObject({ reserve: "122000000000", loans_value: "8000000000", assets: "130000000000" });
  });

  it("rejection by the manager and cancellation by the borrower give the NFT back", () => {
    const w = fundedPool({}, app);
    mintInvoice(w, "inv-1", 1_000_000n);
    mintInvoice(w, "inv-2", 1_000_000n);
    const a = pledge(w, "inv-1", 500_000n);
    const b = pledge(w, "inv-2", 500_000n);
    w.pool.execute(manager, { approve_loan: { loan_id: b, apr: "0.1" } });
    w.pool.execute(manager, { reject_loan: { loan_id: a } });
    expect(w.pool.fails(manager, { cancel_loan: { loan_id: b } })).toContain(ContractError.notBorrower("cancel", "2"));
    w.pool.execute(sme, { cancel_loan: { loan_id: b } });
    expect([ownerOf(w, "inv-1"), ownerOf(w, "inv-2")]).toEqual([sme, sme]);
    expect([loanOf(w, a).loan.status, loanOf(w, b).loan.status]).toEqual(["rejected", "cancelled"]);
    expect(loanOf(w, a).loan.collateral).toBe("returned");
    expect(w.pool.fails(sme, { cancel_loan: { loan_id: a } })).toMatch(/Cannot cancel loan 1: it is rejected/);
  });

  it("an approved loan that reaches maturity undrawn can no longer be drawn", () => {
    const w = fundedPool({}, app);
    mintInvoice(w, "inv-1", 1_000_000n);
    const id = pledge(w, "inv-1", 500_000n, 10);
    w.pool.execute(manager, { approve_loan: { loan_id: id, apr: "0.1" } });
    w.app.advanceTime(10 * DAY);
    expect(w.pool.fails(sme, { draw: { loan_id: id } })).toContain(ContractError.maturedUndrawn("1"));
  });
});

describe("interest and repayment", () => {
  it("accrues principal × apr × seconds / year, rounded up for the borrower, as of the query's block", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", 10_000_000_000n, "0.12");
    w.app.advanceTime(12_345);
    const due = ceilDiv(10_000_000_000n * 12n * 12_345n, 100n * BigInt(YEAR));
    expect(loanOf(w, id)).toMatchObject({ interest_due: due.toString(), debt: (10_000_000_000n + due).toString() });
    // The pool counts the same interest net of the 10% reserve fee, rounded down.
    expect(poolInfo(w).loans_value).toBe((10_000_000_000n + (10_000_000_000n * 12n * 12_345n * 9n) / (1000n * BigInt(YEAR))).toString());
  });

  it("repayments pay interest first, the reserve fee (10%) comes off the interest, and full repayment returns the NFT", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", 10_000_000_000n, "0.12");
    w.app.advanceTime(73 * DAY); // 10 000 × 12% × 73/365 = 240 interest
    expect(loanOf(w, id)).toMatchObject({ interest_due: "240000000", book_value: "10216000000" }); // NAV counts it net of the fee
    const reserve0 = BigInt(poolInfo(w).reserve);
    const assets0 = poolInfo(w).assets;
    const r1 = attrs(w.pool.execute(carol, { repay: { loan_id: id } }, coins(100_000_000)), w.pool.address);
    expect(r1).toMatchObject({ interest: "100000000", principal: "0", reserve_fee: "10000000", payer: carol });
    const r2 = attrs(w.pool.execute(sme, { repay: { loan_id: id } }, coins(5_140_000_000)), w.pool.address);
    expect(r2).toMatchObject({ interest: "140000000", principal: "5000000000", reserve_fee: "14000000" });
    expect(loanOf(w, id)).toMatchObject({ debt: "5000000000", loan: { status: "active", interest_paid: "240000000", principal_paid: "5000000000" } });
    expect(w.pool.fails(sme, { repay: { loan_id: id } }, coins(5_000_000_001))).toContain(ContractError.exceedsDebt("Repayment", "5000000001", "5000000000"));
    const r3 = w.pool.execute(sme, { repay: { loan_id: id } }, coins(5_000_000_000));
    expect(attrs(r3, w.pool.address)).toMatchObject({ repaid: "true" });
    expect(ownerOf(w, "inv-1")).toBe(sme);
    expect(loanOf(w, id).loan).toMatchObject({ status: "repaid", collateral: "returned", principal: "0", interest: "0" });
    const p = poolInfo(w);
    expect(p).toMatchObject({ fees_owed: "24000000", loans_value: "0" });
    expect(BigInt(p.reserve) - reserve0).toBe(10_240_000_000n - 24_000_000n);
    expect(p.assets).toBe(assets0); // the fee was never counted: repaying moves no price
    w.pool.execute(carol, { collect_fees: {} });
    expect(w.app.balance(feeCollector, DENOM)).toBe(24_000_000n);
    expect(w.pool.fails(carol, { collect_fees: {} })).toContain(ContractError.noFees());
    expect(w.app.balance(w.pool.address, DENOM)).toBe(BigInt(poolInfo(w).reserve));
  });

  it("a repaid loan cannot be repaid again", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", 1_000_000n);
    w.pool.execute(sme, { repay: { loan_id: id } }, coins(loanOf(w, id).debt));
    expect(w.pool.fails(sme, { repay: { loan_id: id } }, coins(1))).toContain(ContractError.wrongStatus("repay", "1", "repaid", "active"));
  });
});

describe("loans query", () => {
  it("lists loans by borrower and by status, paginated by id", () => {
    const w = fundedPool({}, app);
    const a = openLoan(w, "inv-1", 1_000_000n);
    mintInvoice(w, "inv-2", 2_000_000n, 120, sme2);
    const b = pledge(w, "inv-2", 1_000_000n, 90, sme2);
    const c = openLoan(w, "inv-3", 1_000_000n);
    const ids = (q: Record<string, unknown>) => w.pool.query<{ loans: LoanInfo[] }>({ loans: q }).loans.map((l) => l.loan.id);
    expect(ids({})).toEqual([a, b, c]);
    expect(ids({ borrower: sme })).toEqual([a, c]);
    expect(ids({ borrower: sme2 })).toEqual([b]);
    expect(ids({ status: "requested" })).toEqual([b]);
    expect(ids({ status: "active", borrower: sme, start_after: a })).toEqual([c]);
    expect(ids({ limit: 2 })).toEqual([a, b]);
    expect(ids({ start_after: b })).toEqual([c]);
  });
});

describe("pause", () => {
  it("stops deposit orders, loan requests and draws; repayments, redemptions and epochs go on", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", 1_000_000n);
    mintInvoice(w, "inv-2", 2_000_000n);
    const pending = pledge(w, "inv-2", 1_000_000n);
    w.pool.execute(manager, { approve_loan: { loan_id: pending, apr: "0.1" } });
    w.pool.execute(manager, { set_paused: { paused: true } });
    mintInvoice(w, "inv-3", 2_000_000n);
    expect(() =>
      w.nft.execute(sme, { send_nft: { contract: w.pool.address, token_id: "inv-3", msg: hookMsg({ amount: "1000", maturity: after(w.app, DAY) }) } }),
    ).toThrow(ContractError.paused("new loans"));
    expect(w.pool.fails(sme, { draw: { loan_id: pending } })).toContain(ContractError.paused("draws"));
    expect(w.pool.fails(carol, { deposit: { tranche: "junior" } }, coins(5000))).toContain(ContractError.paused("deposits"));
    w.pool.execute(sme, { repay: { loan_id: id } }, coins(1000));
    w.pool.execute(alice, { redeem: { tranche: "senior", shares: "1000000", min_price: "0" } });
    expect(closeEpoch(w).senior_paid).toBe("1000000");
  });
});
