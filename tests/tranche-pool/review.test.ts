// Independent review of tranche-pool 0.3.0 (issue 14's redesign). Each test was an attack, or a
// hole, that worked on the reviewed code (commit 5ba5956, where each asserted what the attacker
// achieved); after the fixes on fix-14b each asserts that the attack fails with a clear error or
// gains nothing beyond rounding, with the scenario's figures, and what it achieved before ("was").
// Default parameters (setup.ts): senior 8 %, minimum junior ratio 20 % (limits 5–15 % and
// 0.1–0.35), reserve fee 10 %, epochs of a day, timelock 2 days, write-off policy 0 days of grace
// then 90 days to 0. Amounts in uusdc (× 10^6 = USDC).
import { beforeAll, describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { contractWasm } from "@persistence-ts/testing/contracts";
import { DAY, DENOM, LIMITS, POOL_PARAMS, World, alice, attrs, bob, carol, closeEpoch, coins, dave, debtOf, fundedPool, loanOf, manager, mintInvoice, openLoan, owner, ownerOf, pledge, poolInfo, positionOf, setup, sme, wealth } from "./setup";

const USDC = 1_000_000n;
const usdc = (x: number) => BigInt(x) * USDC;
/** A second account of the same person: what a rule that only nets one account's orders would miss. */
const erin = makeAddress("erin-sybil");

let app: App;
beforeAll(() => {
  app = new App();
});

const bal = (w: World, who: string) => w.app.balance(who, DENOM);
const pendingConfig = (w: World) => w.pool.query<{ pending: unknown }>({ pending_config: {} }).pending;
const atomics = (d: string): bigint => {
  const [whole, frac = ""] = d.split(".");
  return BigInt(whole) * 10n ** 18n + BigInt(frac.padEnd(18, "0"));
};

describe("review 1 — HIGH (fixed): exits ahead of the markdown the policy has already scheduled", () => {
  // Was: the close priced an overdue loan at the policy's markdown to date (1/90 on day 1), so a
  // junior lender who ordered its exit the day after maturity took ~99 % of its value and the
  // other 89/90 of the markdown landed on whoever stayed, senior first (carol paid 19 881.95,
  // alice's senior worth 30 118.05 instead of 49 999.99). Now an order counts a loan past
  // maturity (or defaulted) at 0 — the whole remaining markdown, Maple's unrealised losses — and
  // whatever the loan still pays goes to those who stayed. Finding 2's pool: bob, carol 20 000
  // junior each, alice 60 000 senior, a 50 000 loan at 12 % maturing on day 90, never paid.
  function rampRun(carolLeaves: boolean) {
    const w = setup({}, app);
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(usdc(20_000)));
    w.pool.execute(carol, { deposit: { tranche: "junior" } }, coins(usdc(20_000)));
    w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(usdc(60_000)));
    closeEpoch(w);
    openLoan(w, "inv-50k", usdc(50_000), "0.12", 90);
    w.app.advanceTime(91 * DAY); // one day late
    const before = bal(w, carol);
    if (carolLeaves) w.pool.execute(carol, { redeem: { tranche: "junior", shares: positionOf(w, carol).junior.shares, min_price: "0" } });
    const close = closeEpoch(w);
    const carolPaid = bal(w, carol) - before;
    w.app.advanceTime(90 * DAY); // the ramp ends: the loan is marked to 0
    closeEpoch(w);
    return { w, close, carolPaid };
  }

  it("carol's order the day after maturity is filled at a junior price of 0: she gets nothing, alice loses nothing to her (was: paid 19 881.95, alice 19 881.95 poorer)", () => {
    const stay = rampRun(false);
    const leave = rampRun(true);
    expect(leave.close).toMatchObject({ junior_price: "0", junior_filled: "0", junior_paid: "0" });
    expect(leave.carolPaid).toBe(0n);
    const rec = leave.w.pool.query<{ markdown: string; overdue_value: string; order_assets: string; reserve: string }>({ epoch: { id: 2 } });
    expect(rec).toMatchObject({ markdown: "570350077", overdue_value: "50761156773", order_assets: rec.reserve }); // the loan's 51 331.51 less 1/90: left out
    const p = poolInfo(leave.w);
    expect(p).toMatchObject({ markdown: "51331506850", overdue_value: "0", junior: { value: "0" } });
    expect(positionOf(leave.w, alice).senior.value).toBe(positionOf(stay.w, alice).senior.value);
    expect(positionOf(leave.w, carol).junior.value).toBe(positionOf(stay.w, carol).junior.value);
  });

  /**
   * A cushion that outlives the late loan: bob, carol 30 000 junior, alice 40 000 senior, a late
   * 20 000 loan and a current 40 000 one (120 days); on day 91 carol orders out. The late loan is
   * then lost, or repaid in full on day 100.
   */
  function cushionRun(carolLeaves: boolean, lateLoan: "lost" | "repaid") {
    const w = setup({}, app);
    const start = { carol: bal(w, carol), bob: bal(w, bob), alice: bal(w, alice) };
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(usdc(30_000)));
    w.pool.execute(carol, { deposit: { tranche: "junior" } }, coins(usdc(30_000)));
    w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(usdc(40_000)));
    closeEpoch(w);
    const late = openLoan(w, "inv-late", usdc(20_000), "0.12", 90);
    const current = openLoan(w, "inv-current", usdc(40_000), "0.12", 120);
    w.app.advanceTime(91 * DAY);
    if (carolLeaves) w.pool.execute(carol, { redeem: { tranche: "junior", shares: positionOf(w, carol).junior.shares, min_price: "0" } });
    const close = closeEpoch(w);
    w.app.advanceTime(8 * DAY);
    if (lateLoan === "repaid") w.pool.execute(sme, { repay: { loan_id: late } }, coins(debtOf(w, late)));
    else {
      w.pool.execute(manager, { mark_default: { loan_id: late } });
      w.pool.execute(manager, { claim_collateral: { loan_id: late } });
      w.pool.execute(manager, { write_off: { loan_id: late } });
      w.pool.execute(manager, { close_recovery: { loan_id: late } });
    }
    w.app.advanceTime(30 * DAY);
    w.pool.execute(sme, { repay: { loan_id: current } }, coins(debtOf(w, current)));
    closeEpoch(w);
    return { close, carol: wealth(w, carol) - start.carol, bob: wealth(w, bob) - start.bob, alice: wealth(w, alice) - start.alice };
  }

  it("with a cushion left, carol leaves at the price that counts the late loan 0: if it is lost she gains nothing over staying; if it is repaid the gain goes to bob, who stayed", () => {
    const lostStay = cushionRun(false, "lost");
    const lostLeave = cushionRun(true, "lost");
    expect(lostLeave.close).toMatchObject({ junior_paid: "20139616102" }); // her half of junior with the late loan at 0
    expect(lostLeave.carol - lostStay.carol).toBeLessThanOrEqual(0n); // leaving gained her nothing
    expect(lostLeave.carol - lostStay.carol).toBe(-58_301_370n); // she forgoes the current loan's interest after day 91
    expect(lostLeave.alice).toBe(lostStay.alice); // senior is paid its target either way
    const repaidStay = cushionRun(false, "repaid");
    const repaidLeave = cushionRun(true, "repaid");
    expect(repaidLeave.carol).toBe(lostLeave.carol); // her exit did not depend on what the loan later paid
    expect(repaidStay.carol - repaidLeave.carol).toBe(10_351_232_706n); // the repayment went to those who stayed
    const toBob = repaidLeave.bob - repaidStay.bob; // the same, less what the 1 000 locked shares take of it
    expect(toBob <= repaidStay.carol - repaidLeave.carol && toBob > repaidStay.carol - repaidLeave.carol - 1_000n).toBe(true);
  });
});

describe("review 2 — MEDIUM (fixed): a senior round trip in one close starves every junior exit", () => {
  // Was: senior redemptions took the whole reserve, the senior deposit cash of the same close did
  // not fund them, yet its "ratio-neutral" part was always accepted: alice redeeming 45 000 and
  // depositing 45 000 every epoch left bob's 10 000 junior order unpaid at five closes in a row.
  // Now one lender cannot order both ways in a tranche, and across accounts (alice redeems, erin
  // deposits) the deposit cash funds the redemption it meets (redemptions ≤ reserve + supplies),
  // so bob is paid at the first close, exactly as without the round trip.
  it("bob's 10 000 junior order is paid 10 001.92 at the first close, round trip or not (was: 0 at five closes)", () => {
    const run = (roundTrip: boolean) => {
      const w = setup({}, app);
      w.app.mint(erin, coins(usdc(1_000_000)));
      w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(usdc(40_000)));
      w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(usdc(100_000)));
      closeEpoch(w);
      openLoan(w, "inv-1", usdc(100_000), "0.12", 180);
      const b0 = bal(w, bob);
      w.pool.execute(bob, { redeem: { tranche: "junior", shares: usdc(10_000).toString(), min_price: "0" } });
      if (roundTrip) {
        w.pool.execute(alice, { redeem: { tranche: "senior", shares: usdc(45_000).toString(), min_price: "0" } });
        // One account cannot order both ways in a tranche…
        expect(w.pool.fails(alice, { deposit: { tranche: "senior" } }, coins(usdc(45_000)))).toMatch(/You have a redemption order \(\d+\) in the senior tranche: cancel it first \(cancel_redemption\) rather than order both ways/);
        // …and a second one's deposit pays for alice's exit instead of starving bob's.
        w.pool.execute(erin, { deposit: { tranche: "senior" } }, coins(usdc(45_000)));
      }
      const close = closeEpoch(w);
      return { w, close, bobGot: bal(w, bob) - b0 };
    };
    const honest = run(false);
    const trip = run(true);
    expect(honest.close.junior_paid).toBe("10001917808");
    expect(trip.close.junior_paid).toBe(honest.close.junior_paid);
    expect(trip.bobGot).toBe(10_001_917_808n);
    expect(trip.close).toMatchObject({ senior_paid: "45009863013" });
    // erin's cash paid what the reserve (40 000) could not of alice's 45 049.32 and of bob's order.
    expect(BigInt(trip.close.senior_deposited)).toBeGreaterThanOrEqual(45_009_863_013n + 10_001_917_808n - usdc(40_000));
    expect(Number(poolInfo(trip.w).junior_ratio)).toBeGreaterThanOrEqual(0.2);
  });
});

describe("review 3 — HIGH (fixed): a round trip let junior exit past min_junior_ratio, ahead of a loss that then hit senior", () => {
  // Was: junior's cap was computed on A less the senior redemptions, but the "ratio-neutral" senior
  // deposits of the same close put that much back: dave (15 000 junior, 40 000 senior) redeemed
  // both and deposited 40 000 senior again; his junior order was paid 9 992.99 instead of 5 001.75
  // and the pool was left at a junior ratio of 0.1667; a 25 000 write-down then left senior
  // 4 986.85 short of T (alice 2 992.32 poorer). Now dave cannot deposit beside his own senior
  // redemption, and junior's cap is computed on the pool after the whole close: a second
  // account's senior deposit (erin's) is accepted only as the cash the redemptions need and as
  // far as the ratio allows, so it can fund dave's exit but never lift it past the ratio.
  function bypassRun(exitSenior: boolean, erinDeposits: boolean) {
    const w = setup({}, app);
    w.app.mint(erin, coins(usdc(1_000_000)));
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(usdc(15_000)));
    w.pool.execute(dave, { deposit: { tranche: "junior" } }, coins(usdc(15_000)));
    w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(usdc(60_000)));
    w.pool.execute(dave, { deposit: { tranche: "senior" } }, coins(usdc(40_000)));
    closeEpoch(w);
    const id = openLoan(w, "inv-1", usdc(80_000), "0.12", 90);
    const d0 = wealth(w, dave);
    const a0 = wealth(w, alice);
    w.pool.execute(dave, { redeem: { tranche: "junior", shares: positionOf(w, dave).junior.shares, min_price: "0" } });
    if (exitSenior) {
      w.pool.execute(dave, { redeem: { tranche: "senior", shares: positionOf(w, dave).senior.shares, min_price: "0" } });
      expect(w.pool.fails(dave, { deposit: { tranche: "senior" } }, coins(usdc(40_000)))).toMatch(/You have a redemption order/);
    }
    if (erinDeposits) w.pool.execute(erin, { deposit: { tranche: "senior" } }, coins(usdc(40_000)));
    const close = closeEpoch(w);
    const { junior_ratio: ratio, junior } = poolInfo(w);
    w.pool.execute(manager, { write_down: { loan_id: id, amount: usdc(25_000).toString() } });
    return { close, ratio, juniorBefore: junior.value, p: poolInfo(w), dave: wealth(w, dave) - d0, alice: wealth(w, alice) - a0 };
  }

  it("the ratio holds after the close (was 0.1667): erin's deposit can fund dave's exit, never past the ratio; the write-down then takes exactly the cushion the ratio kept", () => {
    const honest = bypassRun(false, false);
    const exit = bypassRun(true, false);
    const trick = bypassRun(true, true);
    expect(honest.close.junior_paid).toBe("5001753423");
    expect(honest.p.senior.value).toBe(honest.p.senior_target); // the cushion covered the loss
    for (const r of [honest, exit, trick]) expect(atomics(r.ratio)).toBeGreaterThanOrEqual(atomics("0.2"));
    // dave's senior exit is real: junior's room grows with it. Without erin the cash runs out first
    // (50 000 − 40 007.01); with her deposit it pays on, up to the ratio, and the rest of it waits.
    expect(exit.close).toMatchObject({ senior_paid: "40007013298", junior_paid: "9992986701", senior_deposited: "0" });
    expect(trick.close).toMatchObject({ senior_paid: "40007013298", junior_paid: "14001402738", senior_deposited: "4008416044" });
    expect(trick.ratio).toBe("0.2");
    // erin's deposit: what paid dave beyond the cash left, and the few units the ratio then had room for.
    const funded = BigInt(trick.close.junior_paid) - (usdc(50_000) - BigInt(trick.close.senior_paid));
    expect(BigInt(trick.close.senior_deposited) - funded).toBe(8n);
    // 25 000 written down (31 % of the loan): junior absorbs all it has — the cushion the ratio
    // kept — and senior only what exceeds it, whether dave's exit was funded by erin or not.
    const shortfall = (r: typeof trick) => BigInt(r.p.senior_target) - BigInt(r.p.senior.value);
    for (const r of [exit, trick]) expect(usdc(25_000) - BigInt(r.juniorBefore) - shortfall(r)).toBe(1n); // the unit the write-down's interest booking rounds
    expect(shortfall(exit)).toBe(4_986_849_714n);
    expect(shortfall(trick)).toBe(8_995_265_751n);
  });
});

describe("review 4 — MEDIUM (fixed): bounded steps repeated every epoch reached senior_apr 1 and a ratio of 0.9 in 38 days", () => {
  // Was: each change was bounded (senior_apr ± 0.05, ratio ± 0.1) but nothing bounded their sum:
  // the owner holding senior walked to senior_apr 1 and a 0.9 ratio in 38 days while bob's day-0
  // exit order waited (paid 5 016.22 of it): bob lost 24 983.78 (no change: +4 973.59) and the
  // owner gained 37 979.29 (no change: +8 021.92). Now the terms move only inside limits fixed at
  // instantiation (here 0.05–0.15 and 0.1–0.35), the 365-day loan keeps the senior APR it was
  // drawn at, and bob's order, placed before the ratio rose, executes under the ratio it was
  // placed under: walking the terms to the limits changes nothing for bob or the owner.
  function stepsRun(ramp: boolean) {
    const w = setup({}, app);
    w.app.mint(owner, coins(usdc(100_000)));
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(usdc(30_000)));
    w.pool.execute(owner, { deposit: { tranche: "senior" } }, coins(usdc(100_000)));
    closeEpoch(w);
    const b0 = wealth(w, bob);
    const o0 = wealth(w, owner);
    const id = openLoan(w, "inv-1", usdc(120_000), "0.12", 365);
    let day = 0;
    let reached = -1;
    const refused: string[] = [];
    const nextStep = () => {
      if (pendingConfig(w) !== null) return;
      const cfg = w.pool.query<{ senior_apr: string; min_junior_ratio: string }>({ config: {} });
      const [apr, ratio] = [Number(cfg.senior_apr), Number(cfg.min_junior_ratio)];
      if (apr >= 0.15 && ratio >= 0.35) {
        if (reached < 0) {
          reached = day;
          refused.push(w.pool.fails(owner, { update_config: { senior_apr: "0.2", min_junior_ratio: "0.45" } }));
        }
        return;
      }
      w.pool.execute(owner, { update_config: { senior_apr: Math.min(0.15, +(apr + 0.05).toFixed(2)).toString(), min_junior_ratio: Math.min(0.35, +(ratio + 0.1).toFixed(2)).toString() } });
    };
    if (ramp) nextStep();
    w.pool.execute(bob, { redeem: { tranche: "junior", shares: positionOf(w, bob).junior.shares, min_price: "0" } }); // bob sees it and orders out
    let juniorPaid = 0n;
    while (day < 365) {
      juniorPaid += BigInt(closeEpoch(w).junior_paid);
      day++;
      if (ramp) nextStep();
    }
    w.app.advanceTime(DAY);
    w.pool.execute(sme, { repay: { loan_id: id } }, coins(debtOf(w, id)));
    for (let i = 0; i < 3; i++) juniorPaid += BigInt(closeEpoch(w).junior_paid);
    return { w, id, reached, refused, juniorPaid, bob: wealth(w, bob) - b0, owner: wealth(w, owner) - o0 };
  }

  it("the owner reaches the limits (0.15, 0.35) on day 4 and no further; bob's order keeps the 0.2 ratio and the loan its 8 %: nobody's outcome moves", () => {
    const calm = stepsRun(false);
    const ramp = stepsRun(true);
    expect(ramp.reached).toBe(4);
    expect(ramp.refused[0]).toMatch(/Invalid senior_apr: 0.2 is outside \[0.05, 0.15\]/);
    expect(ramp.w.pool.query({ config: {} })).toMatchObject({ senior_apr: "0.15", min_junior_ratio: "0.35", limits: LIMITS });
    expect(loanOf(ramp.w, ramp.id).loan).toMatchObject({ senior_apr: "0.08" });
    expect(ramp.juniorPaid).toBe(calm.juniorPaid);
    expect(ramp.bob).toBe(calm.bob);
    expect(ramp.owner).toBe(calm.owner);
    expect(calm.bob).toBe(4_973_588_831n); // as before the fix
  });

  it("without limits at instantiation the terms cannot move at all", () => {
    const { limits: _omitted, ...params } = POOL_PARAMS;
    void _omitted;
    const w = setup({ ...params, limits: undefined }, app);
    expect(w.pool.query({ config: {} })).toMatchObject({ limits: { senior_apr_min: "0.08", senior_apr_max: "0.08", min_junior_ratio_min: "0.2", min_junior_ratio_max: "0.2", reserve_fee_bps_max: 1000 } });
    expect(w.pool.fails(owner, { update_config: { senior_apr: "0.09" } })).toMatch(/Invalid senior_apr: 0.09 is outside \[0.08, 0.08\]/);
    expect(w.pool.fails(owner, { update_config: { reserve_fee_bps: 1001 } })).toMatch(/Invalid reserve_fee_bps: 1001 is above the pool's limit 1000/);
  });
});

describe("review 5 — MEDIUM (fixed): a pledged NFT that cannot be moved blocked the repayment, the write-off and junior deposits for ever", () => {
  // Was: the NFT's return was a plain message of the repaying transaction; once the collection
  // refused the transfer (its compliance allowlist, a quarantine, a void), the full repayment,
  // claim_collateral, write_off and a full recovery all reverted, the loan stayed open and junior
  // deposits waited for ever. Now the return is a submessage replied to on error: the payment
  // goes through and the NFT is held for its recipient, who withdraws it once the collection lets
  // it move; a claim that fails is held the same way and the loan can be written off.
  it("the borrower repays in full while the collection refuses the return: the loan closes, carol's junior order executes, the NFT waits for the borrower", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", usdc(40_000), "0.12", 30);
    w.app.advanceTime(29 * DAY);
    w.nft.execute(owner, { set_compliance: { enabled: true } }); // the borrower is not on the collection's allowlist
    const res = w.pool.execute(sme, { repay: { loan_id: id } }, coins(debtOf(w, id)));
    expect(attrs(res, w.pool.address)).toMatchObject({ action: "collateral_held", loan_id: "1", token_id: "inv-1", recipient: sme });
    expect(loanOf(w, id).loan).toMatchObject({ status: "repaid", collateral: "held", collateral_to: sme });
    expect(ownerOf(w, "inv-1")).toBe(w.pool.address);
    w.pool.execute(carol, { deposit: { tranche: "junior" } }, coins(usdc(10_000)));
    expect(closeEpoch(w)).toMatchObject({ junior_deposited: usdc(10_000).toString() });
    expect(poolInfo(w).junior.impaired).toBe(false);
    expect(w.pool.fails(carol, { withdraw_collateral: { loan_id: id } })).toMatch(/Unauthorized: the NFT of loan 1 is held for/);
    expect(w.pool.fails(sme, { withdraw_collateral: { loan_id: id } })).toMatch(/Recipient is not on the compliance allowlist/);
    w.nft.execute(owner, { update_allowlist: { add: [sme], remove: [] } });
    expect(attrs(w.pool.execute(sme, { withdraw_collateral: { loan_id: id } }), w.pool.address)).toMatchObject({ action: "withdraw_collateral", loan_id: "1", recipient: sme });
    expect(ownerOf(w, "inv-1")).toBe(sme);
    expect(loanOf(w, id).loan).toMatchObject({ collateral: "returned" });
    expect(w.pool.fails(sme, { withdraw_collateral: { loan_id: id } })).toMatch(/The NFT of loan 1 is returned, not held for withdrawal/);
  });

  it("a defaulted loan whose NFT the collection will not release is claimed (held for the recipient) and written off; junior reopens when its recovery closes", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", usdc(40_000), "0.12", 30);
    w.app.advanceTime(40 * DAY);
    w.nft.execute(owner, { set_compliance: { enabled: true } });
    w.pool.execute(manager, { mark_default: { loan_id: id } });
    w.pool.execute(manager, { claim_collateral: { loan_id: id, recipient: carol } });
    expect(loanOf(w, id).loan).toMatchObject({ collateral: "held", collateral_to: carol });
    w.pool.execute(manager, { write_off: { loan_id: id } });
    w.pool.execute(manager, { close_recovery: { loan_id: id } });
    expect(poolInfo(w)).toMatchObject({ loans_principal: "0", junior: { impaired: false } });
    w.nft.execute(owner, { update_allowlist: { add: [carol], remove: [] } });
    w.pool.execute(carol, { withdraw_collateral: { loan_id: id } });
    expect(ownerOf(w, "inv-1")).toBe(carol);
  });
});

describe("review 6 — LOW (fixed): after write_off, recovered cash had no way into the books", () => {
  // Was: write_off closed the loan for good (recover and repay refused a written-off loan), so a
  // manager who wrote off to reopen junior deposits before selling the claimed NFT forfeited the
  // sale. Now a written-off loan still takes recoveries until the manager closes its recovery;
  // until then junior deposits wait, so the proceeds reach the holders who bore the loss.
  it("the manager's 30 000 from the sale reach the junior holders; junior deposits wait until the recovery is closed", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", usdc(40_000), "0.12", 30);
    w.app.advanceTime(40 * DAY);
    w.pool.execute(manager, { mark_default: { loan_id: id } });
    w.pool.execute(manager, { claim_collateral: { loan_id: id } });
    w.pool.execute(manager, { write_off: { loan_id: id } });
    w.pool.execute(carol, { deposit: { tranche: "junior" } }, coins(usdc(5_000)));
    expect(closeEpoch(w)).toMatchObject({ junior_deposited: "0" }); // the recovery is open: carol waits
    const before = poolInfo(w);
    const res = w.pool.execute(manager, { recover: { loan_id: id } }, coins(usdc(30_000)));
    expect(attrs(res, w.pool.address)).toMatchObject({ action: "recover", principal: usdc(30_000).toString(), interest: "0", reserve_fee: "0" });
    const after = poolInfo(w);
    expect(BigInt(after.assets) - BigInt(before.assets)).toBe(usdc(30_000)); // was: 0, uncounted
    // To the holders who bore the loss: senior back to its target first, the rest to bob's junior.
    expect(after.senior.value).toBe(after.senior_target);
    expect(BigInt(after.senior.value) - BigInt(before.senior.value) + BigInt(after.junior.value) - BigInt(before.junior.value)).toBe(usdc(30_000));
    expect(BigInt(after.junior.value) - BigInt(before.junior.value)).toBe(19_649_315_069n);
    expect(positionOf(w, carol).junior.pending_deposit).toBe(usdc(5_000).toString());
    w.pool.execute(manager, { close_recovery: { loan_id: id } });
    expect(w.pool.fails(manager, { recover: { loan_id: id } }, coins(1_000))).toMatch(/Cannot recover loan 1: its recovery was closed/);
    expect(closeEpoch(w)).toMatchObject({ junior_deposited: usdc(5_000).toString() });
  });
});

describe("review 7 — LOW (fixed): an order present at a close and cancelled just after froze lending for the epoch", () => {
  // Was: `reserved` was computed at the close and never released by a cancel: alice's cancelled
  // order held back 100 635.62, leaving 30 479.89 lendable of a 131 115.51 reserve.
  it("alice's cancel releases her 100 635.62 held back: the whole reserve is lendable and the 40 000 draw goes through", () => {
    const w = fundedPool({}, app);
    const first = openLoan(w, "inv-0", usdc(130_000), "0.12", 30);
    const r = attrs(w.pool.execute(alice, { redeem: { tranche: "senior", shares: positionOf(w, alice).senior.shares, min_price: "0" } }), w.pool.address);
    w.app.advanceTime(29 * DAY);
    expect(closeEpoch(w)).toMatchObject({ senior_paid: "0" });
    expect(poolInfo(w).lendable).toBe("0");
    expect(positionOf(w, alice).requests[0].reserved).toEqual({ epoch: 2, amount: "100635615431" });
    w.pool.execute(alice, { cancel_redemption: { request_id: Number(r.request_id) } });
    w.pool.execute(sme, { repay: { loan_id: first } }, coins(debtOf(w, first)));
    mintInvoice(w, "inv-2", usdc(50_000));
    const second = pledge(w, "inv-2", usdc(40_000));
    w.pool.execute(manager, { approve_loan: { loan_id: second, apr: "0.12" } });
    const p = poolInfo(w);
    expect(p.reserve).toBe("131115506850");
    expect(p.lendable).toBe(p.reserve); // was 30 479.89
    w.pool.execute(sme, { draw: { loan_id: second } });
  });
});

describe("review 8 — LOW (fixed): test_timings could be set on any chain", () => {
  // Was: the instantiate flag was accepted whatever the chain and not shown in the instantiate
  // event: its owner could move senior_apr every minute. Now it is refused outside the test
  // networks' chain ids (the simulator's persistence-simulator-1 and the localnet's
  // localpersistence-1), and shown in the instantiate event and the pool query.
  const msg = (nft: string) => ({ currency: DENOM, collections: [nft], manager, ...POOL_PARAMS, test_timings: true, epoch_seconds: 1, timelock_seconds: 60 });

  it("refused on core-1 and test-core-1; on a test network it says so in the event and the pool query", () => {
    const w = fundedPool({ test_timings: true, epoch_seconds: 1, timelock_seconds: 60 }, app);
    expect(w.app.block.chainId).toBe("localpersistence-1");
    const codeId = w.app.wasm.contractInfo(w.app.store, w.pool.address)!.code_id;
    const again = w.app.instantiate(owner, codeId, msg(w.nft.address), "test-timings-pool", [], owner);
    expect(attrs(again, again.contractAddress)).toEqual({ action: "instantiate", owner, manager, currency: DENOM, test_timings: "true" });
    expect(poolInfo(w).test_timings).toBe(true);
    for (const chainId of ["core-1", "test-core-1"]) {
      const chain = new App({ chainId });
      const code = chain.storeCode(owner, contractWasm("tranche-pool")).codeId;
      expect(() => chain.instantiate(owner, code, msg(w.nft.address), "p", [], owner)).toThrow(new RegExp(`test_timings is for test networks only \\(persistence-simulator-1, localpersistence-1\\), not ${chainId}`));
    }
  });
});

describe("review 9 — LOW (fixed): a deposit order could mint 0 shares and still be taken", () => {
  // Was: only the tranche's total was checked, so carol's 1-unit order (before dave's 1 000.000001)
  // at a junior price of 1.68 was taken whole for no share. Now an order is at least 1 000 units
  // (cash or shares), a close fills a tranche only if each order gets at least one unit of cash
  // and one share, and an order's rest below 1 000 goes back to its lender.
  it("carol's 1-unit order is refused; her 1 000 units buy 595 shares beside dave's order", () => {
    const w = fundedPool({}, app);
    openLoan(w, "inv-0", usdc(100_000), "0.5", 300);
    w.app.advanceTime(200 * DAY);
    closeEpoch(w);
    expect(Number(poolInfo(w).junior.share_price)).toBeGreaterThan(1.6);
    expect(w.pool.fails(carol, { deposit: { tranche: "junior" } }, coins(1n))).toMatch(/A deposit order must be at least 1000: 1 given/);
    w.pool.execute(carol, { deposit: { tranche: "junior" } }, coins(1_000n));
    w.pool.execute(dave, { deposit: { tranche: "junior" } }, coins(usdc(1_000) + 1n));
    expect(closeEpoch(w)).toMatchObject({ junior_deposited: "1000001001" });
    expect(positionOf(w, carol)).toMatchObject({ junior: { shares: "595", pending_deposit: "0" }, deposits: [] });
    expect(w.pool.fails(carol, { redeem: { tranche: "junior", shares: "595", min_price: "0" } })).toMatch(/A redemption order must be at least 1000: 595 given/);
  });
});

describe("review 10 — LOW (fixed): one change of the write-off policy un-marked every late loan", () => {
  // Was: writeoff_period (1 to 3 650 days) had no step bound and applied to every loan in its
  // period: 90 → 3 650 days took a 75-day-late loan's markdown from 50 443.84 to 1 299.10 and
  // junior from 0 to 27 900.90 at one close. Now a longer policy moves by at most 30 days
  // (grace: 7) per change through the timelock; and orders count a late loan 0 whatever the
  // policy, so loosening it lifts no order price.
  it("3 650 days is refused; 120 days applies after the timelock and lowers the reported markdown, not junior's order value", () => {
    const w = fundedPool({}, app);
    openLoan(w, "inv-0", usdc(100_000), "0.12", 30);
    w.app.advanceTime(75 * DAY);
    closeEpoch(w);
    expect(poolInfo(w)).toMatchObject({ markdown: "50443835617", junior: { value: "0" } });
    expect(w.pool.fails(owner, { update_config: { writeoff_period: 3_650 * DAY } })).toMatch(/Invalid writeoff_period: 315360000 seconds is more than 2592000 longer than the current 7776000/);
    w.pool.execute(owner, { update_config: { writeoff_period: 120 * DAY } });
    expect(pendingConfig(w)).not.toBeNull();
    w.app.advanceTime(2 * DAY);
    closeEpoch(w);
    expect(poolInfo(w)).toMatchObject({ markdown: "39514337900", junior: { value: "0" } }); // 47/120 of the loan's 100 887.67
  });
});

describe("review 10b — MEDIUM (fixed): a tightening of the policy was executed after the exits it announced", () => {
  // Was: a shorter period went through the timelock; carol read pending_config, ordered out and
  // was paid 10 497.41 at the old 25/90 mark at the close that then applied 25/30: senior ended
  // 13 202.44 short instead of 2 705.02. Now a tightening applies at once (it only lowers NAV, like
  // a write-down), and orders count the late loan 0 anyway: carol's exit is paid nothing, as
  // staying would give her, and alice ends the same.
  function tighten(carolLeaves: boolean) {
    const w = setup({}, app);
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(usdc(20_000)));
    w.pool.execute(carol, { deposit: { tranche: "junior" } }, coins(usdc(20_000)));
    w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(usdc(60_000)));
    closeEpoch(w);
    openLoan(w, "inv-50k", usdc(50_000), "0.12", 90);
    w.app.advanceTime(113 * DAY); // 23 days late
    closeEpoch(w);
    const before = poolInfo(w).markdown;
    const res = w.pool.execute(owner, { update_config: { writeoff_period: 30 * DAY } });
    expect(attrs(res, w.pool.address)).toMatchObject({ action: "update_config", policy_tightened: "true" });
    expect(pendingConfig(w)).toBeNull(); // at once
    const c0 = bal(w, carol);
    if (carolLeaves) w.pool.execute(carol, { redeem: { tranche: "junior", shares: positionOf(w, carol).junior.shares, min_price: "0" } });
    const close = closeEpoch(w);
    return { w, before, close, carolPaid: bal(w, carol) - c0, p: poolInfo(w) };
  }

  it("the markdown jumps at once; carol's exit is paid nothing and alice's outcome is the same either way", () => {
    const stay = tighten(false);
    const leave = tighten(true);
    expect(stay.before).toBe("13118051751"); // 23/90 of 51 331.51
    expect(stay.p.markdown).toBe("41065205480"); // 24/30 at the next close (23/30 as soon as the change was made)
    expect(leave.close).toMatchObject({ junior_price: "0", junior_paid: "0" });
    expect(leave.carolPaid).toBe(0n);
    expect(leave.p.senior.value).toBe(stay.p.senior.value);
  });
});
