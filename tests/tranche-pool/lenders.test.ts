// Lenders: deposits at the share price, the junior ratio, instant and queued redemptions,
// epochs (senior before junior, pro rata, bounded work per call), share transfers, allowlist.
import { beforeAll, describe, expect, it } from "vitest";
import { App } from "../../simulator/app/app";
import { makeAddress } from "../../simulator/vm/api";
import {
  DAY,
  DENOM,
  World,
  alice,
  attrs,
  bob,
  carol,
  coins,
  dave,
  fundedPool,
  manager,
  openLoan,
  poolInfo,
  positionOf,
  setup,
  sme,
} from "./setup";

let app: App;
beforeAll(() => {
  app = new App();
});

const bal = (w: World, who: string) => w.app.balance(who, DENOM);
const floorDiv = (a: bigint, b: bigint) => a / b;

describe("deposits", () => {
  it("the first deposit of a tranche mints 1:1 and locks 1000 shares forever", () => {
    const w = setup({}, app);
    const res = w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(5_000_000));
    expect(attrs(res, w.pool.address)).toMatchObject({ action: "deposit", tranche: "junior", amount: "5000000", shares: "4999000", locked_shares: "1000", share_price: "1" });
    expect(positionOf(w, bob).junior).toEqual({ shares: "4999000", value: "4999000", queued_shares: "0" });
    expect(poolInfo(w).junior).toMatchObject({ value: "5000000", shares: "5000000", share_price: "1", locked_shares: "1000" });
    expect(w.pool.fails(carol, { deposit: { tranche: "senior" } }, coins(1000))).toMatch(/First deposit into the senior tranche must be more than 1000/);
  });

  it("senior deposits need junior cover: junior value / assets must stay ≥ the minimum", () => {
    const w = setup({}, app);
    expect(w.pool.fails(alice, { deposit: { tranche: "senior" } }, coins(10_000_000))).toMatch(
      /Senior deposit would leave the junior tranche at 0 of pool assets, below the minimum 0.2/,
    );
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(30_000_000));
    w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(120_000_000)); // 30 / 150 = 0.2 exactly
    expect(poolInfo(w).junior_ratio).toBe("0.2");
    expect(w.pool.fails(alice, { deposit: { tranche: "senior" } }, coins(1))).toMatch(/would leave the junior tranche at 0.199999998666666675 of pool assets/);
  });

  it("later deposits mint floor(amount × shares / value) at the current price", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", 50_000_000_000n, "0.2");
    w.app.advanceTime(60 * DAY);
    const debt = BigInt(w.pool.query<{ debt: string }>({ loan: { loan_id: id } }).debt);
    w.pool.execute(sme, { repay: { loan_id: id } }, coins(debt));
    const before = poolInfo(w).junior;
    expect(Number(before.share_price)).toBeGreaterThan(1); // 20% on 50k beats 8% on 100k for 60 days
    expect(w.pool.fails(carol, { deposit: { tranche: "junior" } }, coins(1))).toMatch(/Deposit too small: 1 buys no junior share at 1.0\d+ per share/);
    w.pool.execute(carol, { deposit: { tranche: "junior" } }, coins(7_777_777));
    expect(positionOf(w, carol).junior.shares).toBe(floorDiv(7_777_777n * BigInt(before.shares), BigInt(before.value)).toString());
  });
});

describe("redemptions", () => {
  it("pay the shares' value from the reserve at once and take T down pro rata", () => {
    const w = fundedPool({}, app);
    w.app.advanceTime(10 * DAY);
    const p = poolInfo(w);
    const before = bal(w, alice);
    const res = w.pool.execute(alice, { redeem: { tranche: "senior", shares: "10000000000" } });
    const paid = floorDiv(10_000_000_000n * BigInt(p.senior.value), BigInt(p.senior.shares));
    expect(attrs(res, w.pool.address)).toMatchObject({ action: "redeem", paid: paid.toString() });
    expect(bal(w, alice) - before).toBe(paid);
    const after = poolInfo(w);
    expect(after.senior_target).toBe((BigInt(p.senior_target) - paid).toString());
    expect(after.senior.shares).toBe((BigInt(p.senior.shares) - 10_000_000_000n).toString());
    expect(after.junior.value).toBe(p.junior.value);
  });

  it("junior redemptions keep the junior ratio while senior money is in the pool", () => {
    const w = fundedPool({}, app);
    expect(w.pool.fails(bob, { redeem: { tranche: "junior", shares: "10000000000" } })).toMatch(
      /Junior redemption would leave the junior tranche at 0.166666666666666666 of pool assets, below the minimum 0.2/,
    );
    w.pool.execute(bob, { redeem: { tranche: "junior", shares: "5000000000" } }); // 25 / 125 = 0.2
    expect(poolInfo(w).junior_ratio).toBe("0.2");
  });

  it("queue when the reserve is short and are filled at the epoch, senior first, pro rata", () => {
    const w = setup({}, app);
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(30_000_000_000));
    w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(80_000_000_000));
    w.pool.execute(carol, { deposit: { tranche: "senior" } }, coins(20_000_000_000));
    const id = openLoan(w, "inv-1", 125_000_000_000n);
    const q1 = w.pool.execute(alice, { redeem: { tranche: "senior", shares: "20000000000" } });
    expect(attrs(q1, w.pool.address)).toMatchObject({ queued: "true", request_id: "1" });
    w.pool.execute(carol, { redeem: { tranche: "senior", shares: "10000000000" } });
    w.pool.execute(bob, { redeem: { tranche: "junior", shares: "3000000000" } });
    expect(positionOf(w, alice)).toMatchObject({ senior: { shares: "59999999000", queued_shares: "20000000000" } });
    expect(poolInfo(w).lendable).toBe("0"); // queued redemptions come before new loans

    expect(w.pool.fails(dave, { process_epoch: {} })).toMatch(/Epoch 1 is open until/);
    w.app.advanceTime(DAY);
    const [a0, c0, b0] = [bal(w, alice), bal(w, carol), bal(w, bob)];
    const res = w.pool.execute(dave, { process_epoch: {} });
    const fill = attrs(res, w.pool.address);
    expect(BigInt(fill.senior_paid)).toBeLessThanOrEqual(5_000_000_000n); // all the reserve had
    expect(BigInt(fill.senior_paid)).toBeGreaterThan(4_999_000_000n);
    expect(fill).toMatchObject({ junior_filled: "0", junior_paid: "0", settled: "true" });
    const paid = BigInt(fill.senior_paid);
    expect(bal(w, alice) - a0).toBe((paid * 2n) / 3n); // pro rata, the parts add up exactly
    expect(bal(w, carol) - c0).toBe(paid - (paid * 2n) / 3n);
    expect(bal(w, bob)).toBe(b0);

    // Money comes back; a newcomer's redemption queues behind the waiting ones.
    const debt = BigInt(w.pool.query<{ debt: string }>({ loan: { loan_id: id } }).debt);
    w.pool.execute(sme, { repay: { loan_id: id } }, coins(debt));
    expect(attrs(w.pool.execute(carol, { redeem: { tranche: "senior", shares: "1000000" } }), w.pool.address).queued).toBe("true");
    w.app.advanceTime(DAY);
    const res2 = attrs(w.pool.execute(dave, { process_epoch: {} }), w.pool.address);
    expect(BigInt(res2.senior_filled)).toBe(30_001_000_000n - BigInt(fill.senior_filled)); // the rest of both queues
    expect(res2.junior_filled).toBe("3000000000");
    expect(bal(w, bob) - b0).toBe(BigInt(res2.junior_paid));
    const p = poolInfo(w);
    expect(p).toMatchObject({ set_aside: "0", senior: { queued_shares: "0" }, junior: { queued_shares: "0" }, epoch: { id: 3, settling: false } });
    expect(w.pool.query({ redemption_queue: {} })).toEqual({ requests: [] });
  });

  it("process_epoch settles at most `limit` requests per call and keeps its cursor", () => {
    const w = fundedPool({}, app);
    const lenders = [0, 1, 2, 3, 4].map((i) => makeAddress(`small-lender-${i}`));
    for (const l of lenders) {
      w.app.mint(l, coins(1_000_000));
      w.pool.execute(l, { deposit: { tranche: "senior" } }, coins(1_000_000));
    }
    const id = openLoan(w, "inv-1", 130_005_000_000n); // the whole reserve
    for (const l of lenders) w.pool.execute(l, { redeem: { tranche: "senior", shares: "900000" } });
    w.pool.execute(sme, { repay: { loan_id: id } }, coins(3_000_000));
    w.pool.execute(manager, { set_paused: { paused: true } }); // settlement goes on while paused
    w.app.advanceTime(DAY);
    const first = attrs(w.pool.execute(dave, { process_epoch: { limit: 2 } }), w.pool.address);
    expect(first).toMatchObject({ epoch: "1", settled: "false" });
    expect(BigInt(first.senior_filled)).toBeLessThan(4_500_000n); // 3 000 000 repaid buys part of the queue
    expect(3_000_000n - BigInt(first.senior_paid)).toBeLessThan(2n);
    expect(poolInfo(w).epoch).toMatchObject({ id: 1, settling: true });
    expect(poolInfo(w).set_aside).not.toBe("0");
    // Requests being settled cannot change; a new redemption opens a request for the next epoch.
    expect(w.pool.fails(lenders[4], { cancel_redemption: { request_id: 5 } })).toMatch(/Request 5 is being settled with epoch 1/);
    const late = attrs(w.pool.execute(lenders[0], { redeem: { tranche: "senior", shares: "1" } }), w.pool.address);
    expect(late).toMatchObject({ queued: "true", request_id: "6" });
    expect(attrs(w.pool.execute(dave, { process_epoch: { limit: 2 } }), w.pool.address)).toMatchObject({ epoch: "1", settled: "false" });
    expect(attrs(w.pool.execute(dave, { process_epoch: { limit: 2 } }), w.pool.address)).toMatchObject({ epoch: "1", settled: "true" });
    const p = poolInfo(w);
    expect(p).toMatchObject({ set_aside: "0", epoch: { id: 2, settling: false } });
    const paid = lenders.map((l) => bal(w, l)); // each had spent all it had on the deposit
    expect(paid.reduce((a, b) => a + b)).toBe(BigInt(first.senior_paid));
    expect(paid.every((x) => x - paid[0] <= 1n && paid[0] - x <= 1n)).toBe(true);
    // Request 6 waits for epoch 2; now it may be cancelled.
    w.pool.execute(lenders[0], { cancel_redemption: { request_id: 6 } });
    expect(positionOf(w, lenders[0]).requests.map((r) => r.id)).toEqual([1]);
  });
});
