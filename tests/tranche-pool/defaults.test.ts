// Defaults: who may mark a loan defaulted and when, write-downs that hit junior first, claiming
// the collateral, and recoveries back into the reserve.
import { beforeAll, describe, expect, it } from "vitest";
import { App } from "../../simulator/app/app";
import { DAY, World, attrs, carol, coins, dave, fundedPool, manager, openLoan, poolInfo, sme } from "./setup";

let app: App;
beforeAll(() => {
  app = new App();
});

interface LoanInfo {
  loan: { status: string; collateral: string; written_down: string; recovered: string };
  debt: string;
  book_value: string;
}

const loanOf = (w: World, id: number) => w.pool.query<LoanInfo>({ loan: { loan_id: id } });
const ownerOf = (w: World, token: string) => w.nft.query<{ owner: string }>({ owner_of: { token_id: token } }).owner;
const values = (w: World) => {
  const p = poolInfo(w);
  return { assets: BigInt(p.assets), senior: BigInt(p.senior.value), junior: BigInt(p.junior.value) };
};

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

  it("stops the loan's interest and leaves the tranche values as they were", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", 40_000_000_000n, "0.12", 90);
    w.app.advanceTime(97 * DAY);
    const before = values(w);
    w.pool.execute(manager, { mark_default: { loan_id: id } });
    const after = values(w);
    expect(after.senior).toBe(before.senior);
    expect(after.junior - before.junior).toBeLessThanOrEqual(1n); // booking rounds the debt up by < 1
    const debt = loanOf(w, id).debt;
    w.app.advanceTime(30 * DAY);
    expect(loanOf(w, id).debt).toBe(debt);
  });
});

describe("write_down", () => {
  it("hits junior first; senior loses only what exceeds the junior value", () => {
    const { w, id } = defaulted();
    const v0 = values(w);
    const res = attrs(w.pool.execute(manager, { write_down: { loan_id: id, amount: "20000000000" } }), w.pool.address);
    const v1 = values(w);
    expect(v1).toEqual({ assets: v0.assets - 20_000_000_000n, senior: v0.senior, junior: v0.junior - 20_000_000_000n });
    expect(res).toMatchObject({ action: "write_down", amount: "20000000000", senior_value: v0.senior.toString() });
    // The rest of the loan: more than the junior tranche has left.
    const book = BigInt(loanOf(w, id).book_value);
    expect(book).toBeGreaterThan(v1.junior);
    w.pool.execute(manager, { write_down: { loan_id: id, percent: "1" } });
    const v2 = values(w);
    expect(v2.junior).toBe(0n);
    expect(v2.senior).toBe(v1.senior - (book - v1.junior));
    expect(loanOf(w, id).book_value).toBe("0");
    expect(w.pool.fails(manager, { write_down: { loan_id: id, percent: "0.1" } })).toMatch(/Loan 1 is already written down to zero/);
    // A wiped-out junior tranche takes no deposits.
    expect(w.pool.fails(carol, { deposit: { tranche: "junior" } }, coins(1_000_000))).toMatch(/The junior tranche is wiped out/);
  });

  it("by percent writes down ceil(debt × percent), never beyond the book value", () => {
    const { w, id } = defaulted();
    const debt = BigInt(loanOf(w, id).debt);
    w.pool.execute(manager, { write_down: { loan_id: id, percent: "0.333333333333333333" } });
    const first = (debt * 333_333_333_333_333_333n + 10n ** 18n - 1n) / 10n ** 18n;
    expect(loanOf(w, id).loan.written_down).toBe(first.toString());
    w.pool.execute(manager, { write_down: { loan_id: id, percent: "0.9" } });
    expect(loanOf(w, id).loan.written_down).toBe(debt.toString());
  });

  it("needs a defaulted loan and the manager", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", 1_000_000n);
    expect(w.pool.fails(manager, { write_down: { loan_id: id, amount: "1" } })).toMatch(/Cannot write down loan 1: it is active \(must be defaulted\)/);
    expect(w.pool.fails(sme, { write_down: { loan_id: id, amount: "1" } })).toMatch(/only the pool manager may write down loans/);
  });
});

describe("collateral and recovery", () => {
  it("the manager claims a defaulted loan's NFT, once, to itself or a recipient", () => {
    const { w, id } = defaulted();
    expect(w.pool.fails(dave, { claim_collateral: { loan_id: id } })).toMatch(/only the pool manager may claim collateral/);
    w.pool.execute(manager, { claim_collateral: { loan_id: id, recipient: carol } });
    expect(ownerOf(w, "inv-1")).toBe(carol);
    expect(loanOf(w, id).loan.collateral).toBe("claimed");
    expect(w.pool.fails(manager, { claim_collateral: { loan_id: id } })).toMatch(/The collateral of loan 1 is claimed/);
  });

  it("recovered cash turns loan into reserve; beyond the book value it reverses write-downs", () => {
    const { w, id } = defaulted();
    w.pool.execute(manager, { write_down: { loan_id: id, amount: "10000000000" } });
    const debt = BigInt(loanOf(w, id).debt);
    const book = BigInt(loanOf(w, id).book_value);
    const v0 = values(w);
    w.pool.execute(dave, { recover: { loan_id: id } }, coins(book - 1n)); // within the book value: A unchanged
    expect(values(w)).toEqual(v0);
    expect(loanOf(w, id).book_value).toBe("1");
    w.pool.execute(dave, { recover: { loan_id: id } }, coins(5_000_000_000)); // beyond: a gain, junior first
    const v1 = values(w);
    expect(v1.assets - v0.assets).toBe(5_000_000_000n - 1n);
    expect(v1.junior - v0.junior).toBe(5_000_000_000n - 1n);
    expect(w.pool.fails(dave, { recover: { loan_id: id } }, coins(debt))).toMatch(/Recovery of \d+ exceeds the debt of \d+/);
    const rest = BigInt(loanOf(w, id).debt);
    w.pool.execute(sme, { recover: { loan_id: id } }, coins(rest));
    expect(loanOf(w, id).loan).toMatchObject({ status: "recovered", collateral: "returned", written_down: "0", recovered: debt.toString() });
    expect(ownerOf(w, "inv-1")).toBe(sme);
    expect(values(w).assets - v0.assets).toBe(debt - book);
  });
});
