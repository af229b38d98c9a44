// Lenders: deposits and redemptions are orders executed at the epoch close at one price per
// tranche; the junior ratio and the cash decide how much is filled (senior redemptions first),
// the rest waits; orders are cancelled until their epoch closes; settlement is paged; the
// closes are recorded; new loans cannot take what a close still owes its redemption orders.
import { beforeAll, describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { DAY, DENOM, World, alice, attrs, bob, carol, closeEpoch, coins, dave, fundedPool, manager, mintInvoice, openLoan, pledge, poolInfo, positionOf, setup, sme } from "./setup";

let app: App;
beforeAll(() => {
  app = new App();
});

const bal = (w: World, who: string) => w.app.balance(who, DENOM);
const floorDiv = (a: bigint, b: bigint) => a / b;

describe("deposit orders", () => {
  it("hold the cash until the close; the first deposit of a tranche mints 1:1 and locks 1000 shares forever", () => {
    const w = setup({}, app);
    const before = bal(w, bob);
    const res = w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(5_000_000));
    expect(attrs(res, w.pool.address)).toMatchObject({ action: "deposit", tranche: "junior", amount: "5000000", order_id: "1", epoch: "1" });
    expect(before - bal(w, bob)).toBe(5_000_000n);
    expect(positionOf(w, bob)).toMatchObject({ junior: { shares: "0", pending_deposit: "5000000" }, deposits: [{ id: 1, amount: "5000000", tranche: "junior" }] });
    expect(poolInfo(w)).toMatchObject({ assets: "0", reserve: "0", junior: { pending_deposits: "5000000", shares: "0" } });
    expect(w.pool.fails(carol, { deposit: { tranche: "senior" } }, coins(1000))).toMatch(/First deposit into the senior tranche must be more than 1000/);
    expect(closeEpoch(w)).toMatchObject({ junior_price: "1", junior_deposited: "5000000", junior_minted: "5000000" });
    expect(positionOf(w, bob)).toMatchObject({ junior: { shares: "4999000", value: "4999000", pending_deposit: "0" }, deposits: [] });
    expect(poolInfo(w).junior).toMatchObject({ value: "5000000", shares: "5000000", share_price: "1", locked_shares: "1000", pending_deposits: "0" });
  });

  it("can be cancelled before the close: the cash goes back; orders of one epoch merge", () => {
    const w = setup({}, app);
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(5_000_000));
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(2_000_000));
    expect(positionOf(w, bob).deposits).toMatchObject([{ id: 1, amount: "7000000" }]);
    expect(w.pool.fails(carol, { cancel_deposit: { order_id: 1 } })).toMatch(/Unauthorized: deposit order 1 belongs to another lender/);
    const before = bal(w, bob);
    expect(attrs(w.pool.execute(bob, { cancel_deposit: { order_id: 1 } }), w.pool.address)).toMatchObject({ action: "cancel_deposit", amount: "7000000" });
    expect(bal(w, bob) - before).toBe(7_000_000n);
    expect(poolInfo(w).junior.pending_deposits).toBe("0");
    expect(w.pool.fails(bob, { cancel_deposit: { order_id: 1 } })).toMatch(/Deposit order not found: 1/);
  });

  it("senior deposits are executed only as far as junior covers them: the rest waits for a later close", () => {
    const w = setup({}, app);
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(30_000_000));
    w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(150_000_000));
    const close = closeEpoch(w);
    expect(close).toMatchObject({ junior_deposited: "30000000", senior_deposited: "120000000" }); // 30 / 150 = 0.2 exactly
    expect(poolInfo(w)).toMatchObject({ junior_ratio: "0.2", senior: { pending_deposits: "30000000" } });
    expect(positionOf(w, alice).senior).toMatchObject({ shares: "119999000", pending_deposit: "30000000" });
    w.pool.execute(carol, { deposit: { tranche: "junior" } }, coins(7_500_000));
    expect(closeEpoch(w)).toMatchObject({ junior_deposited: "7500000", senior_deposited: "30000000" });
    expect(poolInfo(w)).toMatchObject({ junior_ratio: "0.2", senior: { pending_deposits: "0" } });
  });

  it("later deposits mint floor(amount × shares / value) at the close's price", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", 50_000_000_000n, "0.2");
    w.app.advanceTime(60 * DAY);
    const debt = BigInt(w.pool.query<{ debt: string }>({ loan: { loan_id: id } }).debt);
    w.pool.execute(sme, { repay: { loan_id: id } }, coins(debt));
    const before = poolInfo(w).junior;
    expect(Number(before.share_price)).toBeGreaterThan(1); // 20% on 50k beats 8% on 50k deployed for 60 days
    w.pool.execute(carol, { deposit: { tranche: "junior" } }, coins(7_777_777));
    const close = closeEpoch(w);
    expect(close.junior_price).toBe(before.share_price);
    expect(positionOf(w, carol).junior.shares).toBe(floorDiv(7_777_777n * BigInt(before.shares), BigInt(before.value)).toString());
    // An order is at least 1 000: at any price a share can reach, it buys a share.
    expect(w.pool.fails(dave, { deposit: { tranche: "junior" } }, coins(999))).toMatch(/A deposit order must be at least 1000: 999 given/);
    w.pool.execute(dave, { deposit: { tranche: "junior" } }, coins(1_000));
    const small = closeEpoch(w);
    expect(small).toMatchObject({ junior_deposited: "1000" });
    expect(positionOf(w, dave).junior.shares).toBe(small.junior_minted);
    expect(BigInt(small.junior_minted)).toBeGreaterThan(0n);
  });
});

describe("redemption orders", () => {
  it("are paid at the close's price and take T and senior's principal down pro rata", () => {
    const w = fundedPool({}, app);
    openLoan(w, "inv-1", 50_000_000_000n);
    w.app.advanceTime(10 * DAY);
    const r = attrs(w.pool.execute(alice, { redeem: { tranche: "senior", shares: "10000000000", min_price: "0" } }), w.pool.address);
    expect(r).toMatchObject({ action: "redeem", shares: "10000000000", request_id: "3", epoch: "2" });
    const p = poolInfo(w);
    const before = bal(w, alice);
    const close = closeEpoch(w);
    const paid = floorDiv(10_000_000_000n * BigInt(p.senior.value), BigInt(p.senior.shares));
    expect(close).toMatchObject({ senior_filled: "10000000000", senior_paid: paid.toString() });
    expect(bal(w, alice) - before).toBe(paid);
    const after = poolInfo(w);
    expect(after.senior_target).toBe((BigInt(p.senior_target) - paid).toString());
    expect(after.senior_principal).toBe("90000000000");
    expect(after.senior.shares).toBe((BigInt(p.senior.shares) - 10_000_000_000n).toString());
    expect(after.junior.value).toBe(p.junior.value);
  });

  it("junior redemptions are filled as far as the junior ratio allows; the rest stays queued, not refused", () => {
    const w = fundedPool({}, app);
    const r = attrs(w.pool.execute(bob, { redeem: { tranche: "junior", shares: "10000000000", min_price: "0" } }), w.pool.address);
    expect(r.request_id).toBe("3");
    const close = closeEpoch(w);
    expect(close).toMatchObject({ junior_filled: "5000000000", junior_paid: "5000000000" }); // 25 / 125 = 0.2
    expect(poolInfo(w)).toMatchObject({ junior_ratio: "0.2", junior: { queued_shares: "5000000000" } });
    expect(positionOf(w, bob).requests).toMatchObject([{ id: 3, shares: "5000000000" }]);
    // Senior leaving makes room: the waiting junior order is filled at the next close.
    w.pool.execute(alice, { redeem: { tranche: "senior", shares: "25000000000", min_price: "0" } });
    expect(closeEpoch(w)).toMatchObject({ senior_paid: "25000000000", junior_filled: "5000000000" });
    expect(poolInfo(w)).toMatchObject({ junior_ratio: "0.210526315789473684", junior: { queued_shares: "0" } }); // 20 / 95
  });

  it("wait when the reserve is short and are filled senior first, pro rata; later orders join the queue", () => {
    const w = setup({}, app);
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(30_000_000_000));
    w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(80_000_000_000));
    w.pool.execute(carol, { deposit: { tranche: "senior" } }, coins(20_000_000_000));
    closeEpoch(w);
    const id = openLoan(w, "inv-1", 125_000_000_000n);
    w.pool.execute(alice, { redeem: { tranche: "senior", shares: "20000000000", min_price: "0" } });
    w.pool.execute(carol, { redeem: { tranche: "senior", shares: "10000000000", min_price: "0" } });
    w.pool.execute(bob, { redeem: { tranche: "junior", shares: "3000000000", min_price: "0" } });
    // The 1 000 shares the first deposits lock were taken from alice's and carol's orders pro rata.
    expect(positionOf(w, alice)).toMatchObject({ senior: { shares: "59999999200", queued_shares: "20000000000" } });
    expect(w.pool.fails(dave, { process_epoch: {} })).toMatch(/Epoch 2 is open until/);
    const [a0, c0, b0] = [bal(w, alice), bal(w, carol), bal(w, bob)];
    const fill = closeEpoch(w);
    expect(BigInt(fill.senior_paid)).toBeLessThanOrEqual(5_000_000_000n); // all the reserve had
    expect(BigInt(fill.senior_paid)).toBeGreaterThan(4_999_000_000n);
    expect(fill).toMatchObject({ junior_filled: "0", junior_paid: "0" });
    const paid = BigInt(fill.senior_paid);
    expect(bal(w, alice) - a0).toBe((paid * 2n) / 3n); // pro rata, the parts add up exactly
    expect(bal(w, carol) - c0).toBe(paid - (paid * 2n) / 3n);
    expect(bal(w, bob)).toBe(b0);

    // Money comes back; a newcomer's order joins the waiting ones.
    const debt = BigInt(w.pool.query<{ debt: string }>({ loan: { loan_id: id } }).debt);
    w.pool.execute(sme, { repay: { loan_id: id } }, coins(debt));
    w.pool.execute(carol, { redeem: { tranche: "senior", shares: "1000000", min_price: "0" } });
    const fill2 = closeEpoch(w);
    expect(BigInt(fill2.senior_filled)).toBe(30_001_000_000n - BigInt(fill.senior_filled)); // the rest of both queues
    expect(fill2.junior_filled).toBe("3000000000");
    expect(bal(w, bob) - b0).toBe(BigInt(fill2.junior_paid));
    const p = poolInfo(w);
    expect(p).toMatchObject({ set_aside: "0", senior: { queued_shares: "0" }, junior: { queued_shares: "0" }, epoch: { id: 4, settling: false } });
    expect(w.pool.query({ redemption_queue: {} })).toEqual({ requests: [] });
  });

  it("a share that would pay 0 is not sold: the order waits", () => {
    const w = setup({ min_junior_ratio: "0.01" }, app);
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(3_000));
    closeEpoch(w);
    expect(w.pool.fails(bob, { redeem: { tranche: "junior", shares: "999", min_price: "0" } })).toMatch(/A redemption order must be at least 1000: 999 given/);
    w.pool.execute(bob, { redeem: { tranche: "junior", shares: "1000", min_price: "0" } }); // worth 1 000 at price 1: paid
    expect(closeEpoch(w)).toMatchObject({ junior_filled: "1000", junior_paid: "1000" });
  });
});

describe("epochs", () => {
  it("process_epoch settles at most `limit` orders per call and keeps its cursors; orders being settled cannot change", () => {
    const w = fundedPool({}, app);
    const lenders = [0, 1, 2, 3, 4].map((i) => makeAddress(`small-lender-${i}`));
    for (const l of lenders) {
      w.app.mint(l, coins(1_000_000));
      w.pool.execute(l, { deposit: { tranche: "senior" } }, coins(1_000_000));
    }
    closeEpoch(w);
    const id = openLoan(w, "inv-1", 130_005_000_000n); // the whole reserve
    for (const l of lenders) w.pool.execute(l, { redeem: { tranche: "senior", shares: "900000", min_price: "0" } });
    w.pool.execute(carol, { deposit: { tranche: "junior" } }, coins(2_000_000));
    w.pool.execute(sme, { repay: { loan_id: id } }, coins(1_000_000));
    w.pool.execute(manager, { set_paused: { paused: true } }); // settlement goes on while paused (deposits wait)
    w.app.advanceTime(DAY);
    const first = attrs(w.pool.execute(dave, { process_epoch: { limit: 2 } }), w.pool.address);
    expect(first).toMatchObject({ epoch: "3", closed: "true", settled: "false", junior_deposited: "0" });
    expect(BigInt(first.senior_filled)).toBeLessThan(4_500_000n); // 1 000 000 repaid buys part of the queue
    expect(1_000_000n - BigInt(first.senior_paid)).toBeLessThan(2n);
    expect(poolInfo(w).epoch).toMatchObject({ id: 3, settling: true });
    expect(poolInfo(w).set_aside).not.toBe("0");
    const last = positionOf(w, lenders[4]).requests[0].id;
    expect(w.pool.fails(lenders[4], { cancel_redemption: { request_id: last } })).toMatch(new RegExp(`Request ${last} is being settled with epoch 3`));
    expect(w.pool.fails(carol, { cancel_deposit: { order_id: last + 1 } })).toMatch(new RegExp(`Deposit order ${last + 1} is being settled with epoch 3`));
    const late = attrs(w.pool.execute(lenders[0], { redeem: { tranche: "senior", shares: "1000", min_price: "0" } }), w.pool.address);
    expect(late).toMatchObject({ request_id: (last + 2).toString(), epoch: "4" }); // executed at the next close
    expect(attrs(w.pool.execute(dave, { process_epoch: { limit: 2 } }), w.pool.address)).toMatchObject({ epoch: "3", settled: "false" });
    expect(attrs(w.pool.execute(dave, { process_epoch: { limit: 2 } }), w.pool.address)).toMatchObject({ epoch: "3", settled: "true" });
    const p = poolInfo(w);
    expect(p).toMatchObject({ set_aside: "0", epoch: { id: 4, settling: false }, junior: { pending_deposits: "2000000" } });
    const paid = lenders.map((l) => bal(w, l)); // each had spent all it had on the deposit
    expect(paid.reduce((a, b) => a + b)).toBe(BigInt(first.senior_paid));
    expect(paid.every((x) => x - paid[0] <= 1n && paid[0] - x <= 1n)).toBe(true);
    // The late order waits for epoch 4; now it may be cancelled.
    w.pool.execute(lenders[0], { cancel_redemption: { request_id: last + 2 } });
    expect(positionOf(w, lenders[0]).requests.map((r) => r.id)).toEqual([last - 4]);
  });

  it("each close is recorded: NAV, prices and what was executed", () => {
    const w = fundedPool({}, app);
    w.pool.execute(alice, { redeem: { tranche: "senior", shares: "1000000000", min_price: "0" } });
    w.pool.execute(carol, { deposit: { tranche: "junior" } }, coins(2_000_000_000));
    closeEpoch(w);
    const records = w.pool.query<{ epochs: Array<Record<string, unknown>> }>({ epochs: {} }).epochs;
    expect(records.map((r) => r.id)).toEqual([1, 2]);
    expect(records[1]).toMatchObject({
      assets: "130000000000",
      reserve: "130000000000",
      markdown: "0",
      senior: { price: "1", redeem_ordered: "1000000000", redeemed: "1000000000", paid: "1000000000", deposits_held: false },
      junior: { price: "1", deposit_ordered: "2000000000", deposited: "2000000000", minted: "2000000000" },
    });
    expect(w.pool.query({ epoch: { id: 2 } })).toEqual(records[1]);
    expect(w.pool.query({ epochs: { start_after: 1 } })).toEqual({ epochs: [records[1]] });
  });

  it("orders of an open epoch do not hold back loans; what a close could not pay does, until the next close", () => {
    const w = fundedPool({}, app);
    openLoan(w, "inv-0", 40_000_000_000n); // 90 000 left
    mintInvoice(w, "inv-1", 12_500_000_000n);
    const l1 = pledge(w, "inv-1", 10_000_000_000n);
    w.pool.execute(manager, { approve_loan: { loan_id: l1, apr: "0.12" } });
    w.pool.execute(alice, { redeem: { tranche: "senior", shares: positionOf(w, alice).senior.shares, min_price: "0" } });
    expect(poolInfo(w).lendable).toBe("90000000000");
    w.pool.execute(sme, { draw: { loan_id: l1 } }); // 80 000 left
    const close = closeEpoch(w);
    expect(80_000_000_000n - BigInt(close.senior_paid)).toBeLessThan(2n); // all the reserve, the shares rounded down
    expect(BigInt(poolInfo(w).reserve)).toBeLessThan(2n);
    expect(poolInfo(w).lendable).toBe("0");
    // Repayments go to the waiting order first: a draw cannot take them before the next close.
    mintInvoice(w, "inv-2", 1_250_000_000n);
    const l2 = pledge(w, "inv-2", 1_000_000_000n);
    w.pool.execute(manager, { approve_loan: { loan_id: l2, apr: "0.12" } });
    const debt = BigInt(w.pool.query<{ debt: string }>({ loan: { loan_id: l1 } }).debt);
    w.pool.execute(sme, { repay: { loan_id: l1 } }, coins(debt));
    expect(w.pool.fails(sme, { draw: { loan_id: l2 } })).toMatch(/Reserve too short: \d+ lendable after what the last close owes redemption orders/);
    const next = closeEpoch(w);
    const fee = BigInt(poolInfo(w).fees_owed);
    expect(BigInt(next.senior_paid) + 2n).toBeGreaterThan(debt - fee); // the repayment, net of the fee, went to alice's order
    expect(poolInfo(w).lendable).toBe("0"); // and the rest of it still waits
  });
});
