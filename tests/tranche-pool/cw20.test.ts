// A pool lending a CW20 token: payments arrive only through the token's `send` hook (deposit,
// repay, recover as a Cw20HookMsg), every payout is a cw20 `transfer` from the pool (draws,
// redemptions, epoch settlements, fees), and the books count only what came through the hook.
// The invariants, the worked example and the rounding properties run with this currency too;
// bad input (wrong token, native funds) is in bad-input.test.ts.
import { beforeAll, describe, expect, it } from "vitest";
import { App, TxResult } from "@persistence-ts/simulator/app/app";
import {
  DAY,
  DENOM,
  World,
  alice,
  attrs,
  b64,
  balanceOf,
  bob,
  carol,
  closeEpoch,
  dave,
  donate,
  feeCollector,
  fundedPool,
  manager,
  openLoan,
  pay,
  poolInfo,
  positionOf,
  setup,
  sme,
} from "./setup";

let app: App;
beforeAll(() => {
  app = new App();
});

/** The cw20 transfers the token made in `res`: from, to, amount. */
function transfers(w: World, res: TxResult): Array<{ from: string; to: string; amount: string }> {
  const token = w.token!.address;
  return res.events
    .filter((e) => e.type === "wasm" && e.attributes[0]?.value === token && e.attributes.some((a) => a.key === "action" && a.value === "transfer"))
    .map((e) => {
      const a = Object.fromEntries(e.attributes.map((x) => [x.key, x.value]));
      return { from: a.from, to: a.to, amount: a.amount };
    });
}

/** The pool's books against its token balance: reserve + set aside + fees owed + pending deposits (nothing donated here). */
function booksBalance(w: World): void {
  const p = poolInfo(w);
  expect(balanceOf(w, w.pool.address)).toBe(BigInt(p.reserve) + BigInt(p.set_aside) + BigInt(p.fees_owed) + BigInt(p.senior.pending_deposits) + BigInt(p.junior.pending_deposits));
  expect(w.app.balance(w.pool.address, DENOM)).toBe(0n); // never a native coin
}

describe("a CW20 pool", () => {
  it("names its token in the config", () => {
    const w = setup({}, app, "cw20");
    expect(w.pool.query({ config: {} })).toMatchObject({ currency: { cw20: w.token!.address } });
  });

  it("deposits through the token's send: the hook's sender is the lender, the amount sent the deposit order", () => {
    const w = setup({}, app, "cw20");
    const before = balanceOf(w, bob);
    const res = pay(w, bob, { deposit: { tranche: "junior" } }, 5_000_000);
    expect(attrs(res, w.pool.address)).toMatchObject({ action: "deposit", lender: bob, tranche: "junior", amount: "5000000", order_id: "1" });
    expect(before - balanceOf(w, bob)).toBe(5_000_000n);
    booksBalance(w);
    closeEpoch(w);
    expect(positionOf(w, bob).junior).toEqual({ shares: "4999000", value: "4999000", queued_shares: "0", pending_deposit: "0" });
    booksBalance(w);
  });

  it("a cancelled deposit order is refunded with a cw20 transfer", () => {
    const w = setup({}, app, "cw20");
    pay(w, bob, { deposit: { tranche: "junior" } }, 5_000_000);
    const res = w.pool.execute(bob, { cancel_deposit: { order_id: 1 } });
    expect(transfers(w, res)).toEqual([{ from: w.pool.address, to: bob, amount: "5000000" }]);
    booksBalance(w);
  });

  it("send_from through an allowance: the spender who sends is the lender", () => {
    const w = setup({}, app, "cw20");
    w.token!.execute(alice, { increase_allowance: { spender: carol, amount: "2000000", expires: null } });
    const before = balanceOf(w, alice);
    w.token!.execute(carol, { send_from: { owner: alice, contract: w.pool.address, amount: "2000000", msg: b64({ deposit: { tranche: "junior" } }) } });
    expect(before - balanceOf(w, alice)).toBe(2_000_000n);
    closeEpoch(w);
    expect(positionOf(w, carol).junior.shares).toBe("1999000");
    expect(positionOf(w, alice).junior.shares).toBe("0");
  });

  it("pays draws, redemptions and fees with cw20 transfers; takes repayments through send", () => {
    const w = fundedPool({}, app, "cw20");
    const pool = w.pool.address;
    w.app.advanceTime(DAY);
    const smeBefore = balanceOf(w, sme);
    const id = openLoan(w, "inv-1", 40_000_000_000n, "0.12", 90);
    expect(balanceOf(w, sme) - smeBefore).toBe(40_000_000_000n);
    booksBalance(w);

    const aliceBefore = balanceOf(w, alice);
    w.pool.execute(alice, { redeem: { tranche: "senior", shares: "10000000000", min_price: "0" } });
    w.app.advanceTime(DAY);
    const close = w.pool.execute(dave, { process_epoch: {} });
    const paid = attrs(close, pool).senior_paid;
    expect(transfers(w, close)).toEqual([{ from: pool, to: alice, amount: paid }]);
    expect(balanceOf(w, alice) - aliceBefore).toBe(BigInt(paid));

    w.app.advanceTime(30 * DAY);
    const debt = BigInt(w.pool.query<{ debt: string }>({ loan: { loan_id: id } }).debt);
    const part = pay(w, sme, { repay: { loan_id: id } }, 100_000_000n); // less than the interest due
    expect(attrs(part, pool)).toMatchObject({ action: "repay", payer: sme, principal: "0" });
    const full = pay(w, sme, { repay: { loan_id: id } }, debt - 100_000_000n);
    expect(attrs(full, pool)).toMatchObject({ repaid: "true" });
    expect(w.nft.query({ owner_of: { token_id: "inv-1" } })).toMatchObject({ owner: sme });
    booksBalance(w);

    const fees = BigInt(poolInfo(w).fees_owed);
    expect(fees).toBeGreaterThan(0n);
    const collect = w.pool.execute(dave, { collect_fees: {} });
    expect(transfers(w, collect)).toEqual([{ from: pool, to: feeCollector, amount: fees.toString() }]);
    expect(balanceOf(w, feeCollector)).toBe(fees);
    booksBalance(w);
  });

  it("settles queued redemptions at the epoch with one transfer per request", () => {
    const w = fundedPool({}, app, "cw20");
    const pool = w.pool.address;
    pay(w, carol, { deposit: { tranche: "senior" } }, 5_000_000_000n);
    closeEpoch(w);
    const reserve = BigInt(poolInfo(w).reserve);
    const id = openLoan(w, "inv-big", reserve - 1_000_000n, "0.1", 60); // 1 000 000 left
    w.pool.execute(alice, { redeem: { tranche: "senior", shares: "3000000000", min_price: "0" } });
    w.pool.execute(carol, { redeem: { tranche: "senior", shares: "1000000000", min_price: "0" } });
    expect(poolInfo(w).senior.queued_shares).toBe("4000000000");
    pay(w, sme, { repay: { loan_id: id } }, 10_000_000_000n);
    w.app.advanceTime(DAY);
    const before = [balanceOf(w, alice), balanceOf(w, carol)];
    const res = w.pool.execute(dave, { process_epoch: {} });
    const sent = transfers(w, res);
    expect(sent.map((t) => [t.from, t.to])).toEqual([
      [pool, alice],
      [pool, carol],
    ]);
    expect(balanceOf(w, alice) - before[0]).toBe(BigInt(sent[0].amount));
    expect(balanceOf(w, carol) - before[1]).toBe(BigInt(sent[1].amount));
    expect(BigInt(sent[0].amount)).toBe(3n * BigInt(sent[1].amount)); // pro rata, same price
    booksBalance(w);
  });

  it("recovers a defaulted loan through send", () => {
    const w = fundedPool({}, app, "cw20");
    const id = openLoan(w, "inv-1", 10_000_000_000n, "0.12", 30);
    w.app.advanceTime(37 * DAY);
    w.pool.execute(manager, { mark_default: { loan_id: id } });
    w.pool.execute(manager, { write_down: { loan_id: id, percent: "0.5" } });
    const before = poolInfo(w);
    const res = pay(w, carol, { recover: { loan_id: id } }, 10_100_000_000n); // principal first, then 100 of interest
    const fee = attrs(res, w.pool.address).reserve_fee;
    expect(attrs(res, w.pool.address)).toMatchObject({ action: "recover", amount: "10100000000", principal: "10000000000", interest: "100000000" });
    expect(BigInt(poolInfo(w).reserve) - BigInt(before.reserve)).toBe(10_100_000_000n - BigInt(fee));
    expect(fee).toBe("10000000"); // the fee on the interest part
    booksBalance(w);
  });

  it("tokens transferred without a hook stay outside the books", () => {
    const w = fundedPool({}, app, "cw20");
    const before = poolInfo(w);
    donate(w, dave, w.pool.address, 7_000_000n);
    expect(poolInfo(w)).toMatchObject({ reserve: before.reserve, assets: before.assets, junior: before.junior, senior: before.senior });
    const p = poolInfo(w);
    expect(balanceOf(w, w.pool.address)).toBe(BigInt(p.reserve) + 7_000_000n);
  });
});
