// Defaults and the write-off policy: who may mark a loan defaulted and when (it keeps accruing),
// the automatic markdown of late loans (linear from maturity + writeoff_grace to 100 % over
// writeoff_period, O(1) in NAV, applied to every due loan before a close) in the reported NAV,
// while orders count a late loan 0; the manager's write-downs on top of it (junior first),
// claiming the collateral, recoveries (principal first, the reserve fee on their interest part),
// the write-off that realises the loss, and the close of its recovery that ends the impairment.
import { beforeAll, describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { DAY, World, attrs, carol, closeEpoch, coins, dave, fundedPool, loanOf, manager, openLoan, ownerOf, poolInfo, sme } from "./setup";

let app: App;
beforeAll(() => {
  app = new App();
});

const values = (w: World) => {
  const p = poolInfo(w);
  return { assets: BigInt(p.assets), senior: BigInt(p.senior.value), junior: BigInt(p.junior.value), markdown: BigInt(p.markdown) };
};
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/** A 40 000 loan at 12% for 90 days, marked defaulted by the manager after the 7-day grace. */
function defaulted(): { w: World; id: number } {
  const w = fundedPool({}, app);
  const id = openLoan(w, "inv-1", 40_000_000_000n, "0.12", 90);
  w.app.advanceTime(97 * DAY);
  w.pool.execute(manager, { mark_default: { loan_id: id } });
  return { w, id };
}

describe("mark_default", () => {
  it("is open to the manager after maturity + grace, and to anyone after the public delay", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", 1_000_000n, "0.12", 90);
    w.app.advanceTime(90 * DAY);
    expect(w.pool.fails(manager, { mark_default: { loan_id: id } })).toMatch(/Loan 1 is not overdue: it may be marked defaulted from \d+ \(maturity \+ grace period\)/);
    w.app.advanceTime(7 * DAY);
    expect(w.pool.fails(dave, { mark_default: { loan_id: id } })).toMatch(/Only the pool manager may mark loan 1 defaulted before \d+; anyone may after/);
    w.app.advanceTime(30 * DAY);
    const res = w.pool.execute(dave, { mark_default: { loan_id: id } });
    expect(attrs(res, w.pool.address)).toMatchObject({ action: "mark_default", loan_id: "1", sender: dave });
    expect(loanOf(w, id).loan.status).toBe("defaulted");
  });

  it("changes no value and stops no interest: the borrower owes the late interest too", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", 40_000_000_000n, "0.12", 90);
    w.app.advanceTime(97 * DAY);
    const before = values(w);
    w.pool.execute(manager, { mark_default: { loan_id: id } });
    expect(values(w)).toEqual(before);
    const debt = BigInt(loanOf(w, id).debt);
    w.app.advanceTime(30 * DAY);
    expect(BigInt(loanOf(w, id).debt) - debt).toBe(ceilDiv(40_000_000_000n * 12n * 30n, 100n * 365n));
  });
});

describe("the write-off policy", () => {
  it("marks a late loan down from maturity, linearly, to 0 after writeoff_period; its later interest is not counted", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", 40_000_000_000n, "0.12", 90);
    w.app.advanceTime(90 * DAY);
    const atMaturity = loanOf(w, id);
    expect(atMaturity).toMatchObject({ markdown: "0", loan: { marked_from: null } });
    expect(poolInfo(w).junior.impaired).toBe(false);
    const base = BigInt(atMaturity.book_value); // principal + interest net of the fee
    w.app.advanceTime(30 * DAY);
    const late = loanOf(w, id);
    expect(late.markdown).toBe(ceilDiv(base * 30n, 90n).toString());
    expect(BigInt(late.book_value)).toBe(base - ceilDiv(base * 30n, 90n));
    expect(BigInt(late.debt)).toBeGreaterThan(40_000_000_000n + base - 40_000_000_000n); // late interest is owed, not counted
    expect(poolInfo(w)).toMatchObject({ markdown: late.markdown, junior: { impaired: true } });
    w.app.advanceTime(60 * DAY);
    expect(loanOf(w, id)).toMatchObject({ book_value: "0", markdown: base.toString() });
    expect(BigInt(poolInfo(w).loans_value)).toBe(0n);
  });

  it("keeps the markdown of many loans in one sum; process_epoch applies it to the due loans in pages before it closes", () => {
    const w = fundedPool({}, app);
    const ids = [10, 20, 30, 40, 50].map((d, i) => openLoan(w, `inv-${i}`, 5_000_000_000n, "0.1", d));
    w.app.advanceTime(55 * DAY);
    const query = values(w); // queries apply the policy in memory
    const perLoan = ids.reduce((a, id) => a + BigInt(loanOf(w, id).markdown), 0n);
    expect(perLoan - query.markdown).toBeGreaterThanOrEqual(0n);
    expect(perLoan - query.markdown).toBeLessThan(5n); // each loan's markdown is rounded up
    const first = attrs(w.pool.execute(dave, { process_epoch: { limit: 2 } }), w.pool.address);
    expect(first).toMatchObject({ loans_marked: "2", closed: "false", settled: "false" });
    expect(attrs(w.pool.execute(dave, { process_epoch: { limit: 2 } }), w.pool.address)).toMatchObject({ loans_marked: "2", closed: "false" });
    const close = attrs(w.pool.execute(dave, { process_epoch: { limit: 2 } }), w.pool.address);
    expect(close).toMatchObject({ loans_marked: "1", closed: "true", assets: query.assets.toString() });
    expect(w.pool.query<{ markdown: string }>({ epoch: { id: 2 } }).markdown).toBe(query.markdown.toString());
    expect(values(w)).toEqual(query);
  });

  it("a loan repaid while late is a gain: the cash beyond its marked value", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", 40_000_000_000n, "0.12", 90);
    w.app.advanceTime(135 * DAY); // 45 days late: half marked down
    const v0 = values(w);
    const value = BigInt(loanOf(w, id).book_value);
    const debt = BigInt(loanOf(w, id).debt);
    w.pool.execute(sme, { repay: { loan_id: id } }, coins(debt));
    const fee = BigInt(poolInfo(w).fees_owed);
    expect(values(w).assets - v0.assets).toBe(debt - fee - value);
    expect(poolInfo(w)).toMatchObject({ markdown: "0", junior: { impaired: false } });
  });
});

describe("write_down", () => {
  it("of a late loan lowers the reported NAV on top of the policy, and no order's price: orders already count it 0", () => {
    const { w, id } = defaulted();
    const v0 = values(w);
    const res = attrs(w.pool.execute(manager, { write_down: { loan_id: id, amount: "20000000000" } }), w.pool.address);
    const v1 = values(w);
    const hit = v0.assets - v1.assets; // 20 000 off the base, 7/90 of it marked already
    expect(hit).toBe(20_000_000_000n - ceilDiv((BigInt(loanOf(w, id).loan.policy_base) + 20_000_000_000n) * 7n, 90n) + ceilDiv(BigInt(loanOf(w, id).loan.policy_base) * 7n, 90n));
    expect(res).toMatchObject({ action: "write_down", amount: "20000000000", loss: hit.toString(), book_value: loanOf(w, id).book_value });
    expect(v1).toMatchObject({ senior: v0.senior, junior: v0.junior });
    expect(BigInt(poolInfo(w).overdue_value)).toBe(BigInt(loanOf(w, id).book_value));
    w.pool.execute(manager, { write_down: { loan_id: id, percent: "1" } });
    expect(values(w)).toMatchObject({ senior: v0.senior, junior: v0.junior });
    expect(loanOf(w, id).book_value).toBe("0");
    expect(poolInfo(w).overdue_value).toBe("0");
    expect(w.pool.fails(manager, { write_down: { loan_id: id, percent: "0.1" } })).toMatch(/Loan 1 is already written down to zero/);
  });

  it("of a loan not yet due hits junior first; senior loses only what exceeds the junior value", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", 100_000_000_000n, "0.12", 90);
    w.app.advanceTime(30 * DAY);
    const v0 = values(w);
    const res = attrs(w.pool.execute(manager, { write_down: { loan_id: id, amount: "20000000000" } }), w.pool.address);
    const v1 = values(w);
    const hit = v0.assets - v1.assets; // 20 000, within the unit booking the loan's interest may round
    expect(hit - 20_000_000_000n >= -1n && hit - 20_000_000_000n <= 1n).toBe(true);
    expect(v1).toMatchObject({ senior: v0.senior, junior: v0.junior - hit });
    expect(res).toMatchObject({ loss: "20000000000", senior_value: v0.senior.toString(), junior_value: v1.junior.toString() });
    w.pool.execute(manager, { write_down: { loan_id: id, amount: "20000000000" } });
    const v2 = values(w);
    expect(v2.junior).toBe(0n);
    expect(v2.senior).toBe(v1.senior - (20_000_000_000n - v1.junior));
  });

  it("by percent writes down ceil(debt × percent), never beyond the book value", () => {
    const { w, id } = defaulted();
    const debt = BigInt(loanOf(w, id).debt);
    const base = BigInt(loanOf(w, id).loan.policy_base);
    w.pool.execute(manager, { write_down: { loan_id: id, percent: "0.333333333333333333" } });
    const first = (debt * 333_333_333_333_333_333n + 10n ** 18n - 1n) / 10n ** 18n;
    expect(loanOf(w, id).loan).toMatchObject({ written_down: first.toString(), policy_base: (base - first).toString() });
    w.pool.execute(manager, { write_down: { loan_id: id, percent: "0.9" } });
    expect(loanOf(w, id).loan).toMatchObject({ written_down: base.toString(), policy_base: "0" });
  });

  it("the manager may write down a loan before it is late (an impairment); junior deposits then wait", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", 1_000_000_000n);
    const a0 = values(w).assets;
    w.pool.execute(manager, { write_down: { loan_id: id, amount: "400000000" } });
    expect(a0 - values(w).assets).toBe(400_000_000n);
    expect(loanOf(w, id)).toMatchObject({ book_value: "600000000", markdown: "0" });
    expect(poolInfo(w).junior.impaired).toBe(true);
    expect(w.pool.fails(sme, { write_down: { loan_id: id, amount: "1" } })).toMatch(/only the pool manager may write down loans/);
    w.pool.execute(sme, { repay: { loan_id: id } }, coins(loanOf(w, id).debt)); // repaid: the write-down was too pessimistic
    expect(poolInfo(w).junior.impaired).toBe(false);
    expect(values(w).assets).toBe(a0);
  });
});

describe("collateral, recovery and write-off", () => {
  it("the manager claims a defaulted loan's NFT, once, to itself or a recipient", () => {
    const { w, id } = defaulted();
    expect(w.pool.fails(dave, { claim_collateral: { loan_id: id } })).toMatch(/only the pool manager may claim collateral/);
    w.pool.execute(manager, { claim_collateral: { loan_id: id, recipient: carol } });
    expect(ownerOf(w, "inv-1")).toBe(carol);
    expect(loanOf(w, id).loan.collateral).toBe("claimed");
    expect(w.pool.fails(manager, { claim_collateral: { loan_id: id } })).toMatch(/The collateral of loan 1 is claimed/);
  });

  it("recovered cash pays principal first, then interest with the reserve fee; it all reaches the order NAV, and beyond the loan's value it is a gain", () => {
    const { w, id } = defaulted();
    w.pool.execute(manager, { write_down: { loan_id: id, amount: "10000000000" } });
    const info = loanOf(w, id);
    const debt = BigInt(info.debt);
    const interest = BigInt(info.interest_due);
    const v0 = values(w);
    const r0 = BigInt(poolInfo(w).order_assets);
    const f0 = BigInt(poolInfo(w).fees_owed);
    // The lenders' principal comes back before the fee collector takes a share of interest.
    const res = attrs(w.pool.execute(dave, { recover: { loan_id: id } }, coins(interest)), w.pool.address);
    expect(res).toMatchObject({ action: "recover", principal: interest.toString(), interest: "0", reserve_fee: "0" });
    expect(BigInt(poolInfo(w).fees_owed)).toBe(f0);
    expect(BigInt(poolInfo(w).order_assets) - r0).toBe(interest);
    expect(w.pool.fails(dave, { recover: { loan_id: id } }, coins(debt))).toMatch(/Recovery of \d+ exceeds the debt of \d+/);
    const rest = BigInt(loanOf(w, id).debt);
    w.pool.execute(sme, { recover: { loan_id: id } }, coins(rest));
    expect(loanOf(w, id).loan).toMatchObject({ status: "recovered", collateral: "returned", written_down: "0", recovered: debt.toString() });
    expect(ownerOf(w, "inv-1")).toBe(sme);
    const fees = BigInt(poolInfo(w).fees_owed) - f0;
    expect(fees).toBe(interest / 10n); // the fee on the interest, paid last
    expect(values(w).assets - v0.assets).toBe(debt - fees - BigInt(info.book_value));
    expect(BigInt(poolInfo(w).order_assets) - r0).toBe(debt - fees);
    expect(poolInfo(w).junior.impaired).toBe(false);
  });

  it("write_off realises the loss once the collateral is out of escrow; recoveries go on, to the holders, until the manager closes the recovery", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", 20_000_000_000n, "0.12", 90); // junior outlives its loss
    w.app.advanceTime(97 * DAY);
    w.pool.execute(manager, { mark_default: { loan_id: id } });
    expect(w.pool.fails(dave, { write_off: { loan_id: id } })).toMatch(/only the pool manager may write off loans/);
    expect(w.pool.fails(manager, { write_off: { loan_id: id } })).toMatch(/Loan 1's collateral is still escrowed: claim it/);
    w.pool.execute(manager, { claim_collateral: { loan_id: id } });
    w.pool.execute(carol, { deposit: { tranche: "junior" } }, coins(1_000_000_000));
    expect(closeEpoch(w)).toMatchObject({ junior_deposited: "0" }); // impaired: the order waits
    const value = BigInt(loanOf(w, id).book_value);
    const v0 = values(w);
    const res = attrs(w.pool.execute(manager, { write_off: { loan_id: id } }), w.pool.address);
    expect(res).toMatchObject({ action: "write_off", value: value.toString() });
    expect(v0.assets - values(w).assets).toBe(value);
    expect(values(w)).toMatchObject({ senior: v0.senior, junior: v0.junior }); // orders counted it 0 already
    // Its principal no longer earns senior interest; the impairment lasts while the recovery is open.
    expect(poolInfo(w)).toMatchObject({ markdown: "0", loans_principal: "0", overdue_value: "0", junior: { impaired: true } });
    expect(loanOf(w, id).loan).toMatchObject({ status: "written_off", recovery_open: true });
    const late = attrs(w.pool.execute(dave, { recover: { loan_id: id } }, coins(5_000_000_000)), w.pool.address);
    expect(late).toMatchObject({ action: "recover", principal: "5000000000", reserve_fee: "0" });
    expect(values(w).junior - v0.junior).toBe(5_000_000_000n); // the sale's proceeds reach the junior holders who bore the loss
    expect(closeEpoch(w)).toMatchObject({ junior_deposited: "0" }); // still waiting
    expect(w.pool.fails(dave, { close_recovery: { loan_id: id } })).toMatch(/only the pool manager may close recoveries/);
    expect(attrs(w.pool.execute(manager, { close_recovery: { loan_id: id } }), w.pool.address)).toMatchObject({ action: "close_recovery", recovered: "5000000000" });
    expect(poolInfo(w).junior.impaired).toBe(false);
    expect(w.pool.fails(dave, { recover: { loan_id: id } }, coins(1))).toMatch(/Cannot recover loan 1: its recovery was closed/);
    expect(w.pool.fails(manager, { close_recovery: { loan_id: id } })).toMatch(/The recovery of loan 1 is already closed/);
    expect(closeEpoch(w)).toMatchObject({ junior_deposited: "1000000000" });
  });
});
