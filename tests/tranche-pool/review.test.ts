// Independent review of tranche-pool 0.3.0 (issue 14's redesign). Each test is an attack, or a
// hole, that works on today's code: it asserts what the attacker (or the failure) achieves, so it
// PASSES while the hole exists. When a hole is fixed, flip its test to assert the attack fails
// with a clear error and nothing moved. Default parameters (setup.ts): senior 8 %, minimum junior
// ratio 20 %, reserve fee 10 %, epochs of a day, timelock 2 days, write-off policy 0 days of grace
// then 90 days to 0. Amounts in uusdc (× 10^6 = USDC).
import { beforeAll, describe, expect, it } from "vitest";
import { App } from "../../simulator/app/app";
import { DAY, DENOM, POOL_PARAMS, World, alice, attrs, bob, carol, closeEpoch, coins, dave, fundedPool, manager, mintInvoice, openLoan, owner, pledge, poolInfo, positionOf, setup, sme } from "./setup";

const USDC = 1_000_000n;
const usdc = (x: number) => BigInt(x) * USDC;

let app: App;
beforeAll(() => {
  app = new App();
});

const bal = (w: World, who: string) => w.app.balance(who, DENOM);
const debtOf = (w: World, id: number) => BigInt(w.pool.query<{ debt: string }>({ loan: { loan_id: id } }).debt);
const pendingConfig = (w: World) => w.pool.query<{ pending: unknown }>({ pending_config: {} }).pending;

/** `who`'s cash plus its free and queued shares at today's prices plus its pending deposit orders. */
function wealth(w: World, who: string): bigint {
  const p = poolInfo(w);
  const pos = positionOf(w, who);
  let total = bal(w, who);
  for (const t of ["senior", "junior"] as const) {
    const shares = BigInt(pos[t].shares) + BigInt(pos[t].queued_shares);
    if (BigInt(p[t].shares) > 0n) total += (shares * BigInt(p[t].value)) / BigInt(p[t].shares);
    total += BigInt(pos[t].pending_deposit);
  }
  return total;
}

describe("review 1 — HIGH: exits ahead of the markdown the policy has already scheduled (finding 2 at depth)", () => {
  // Rule broken: "nobody can sell ahead of a markdown the policy already knows" / senior never
  // loses while junior has value. The close prices an overdue loan at the policy's markdown *to
  // date* (1/90 on day 1), while the rest of the ramp is certain unless the borrower pays.
  // Deposits into the impaired tranche wait, but exits stay open at the partly marked price, so
  // a junior lender who orders its exit the day after maturity takes ~99 % of its value in cash
  // and the other 89/90 of the markdown lands on whoever stays — senior first once junior is gone.
  // Finding 2's pool (bob, carol 20 000 junior each, alice 60 000 senior, a 50 000 loan at 12 %
  // maturing on day 90, never paid): carol redeems on day 91 and is paid 19 881.95; 90 days later
  // the loan is marked to 0 and alice's senior is worth 30 118.05 instead of 50 000: carol's exit
  // moved 19 881.95 of the loss onto senior. The timing property misses it: it compares a
  // newcomer with "not acting", never an incumbent leaving early with one staying.
  // Fix at the right depth: price redemptions of a tranche conservatively while any loan is in
  // its write-off period (each marked loan at its end-of-ramp value — Maple's unrealised losses
  // in full — so a later reversal goes to the stayers, as deposits already wait), or hold junior
  // redemptions beyond the cushion while junior is impaired.
  function rampRun(carolLeaves: boolean): { w: World; carolPaid: bigint } {
    const w = setup({}, app);
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(usdc(20_000)));
    w.pool.execute(carol, { deposit: { tranche: "junior" } }, coins(usdc(20_000)));
    w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(usdc(60_000)));
    closeEpoch(w);
    openLoan(w, "inv-50k", usdc(50_000), "0.12", 90);
    w.app.advanceTime(91 * DAY); // one day late
    const before = bal(w, carol);
    if (carolLeaves) w.pool.execute(carol, { redeem: { tranche: "junior", shares: positionOf(w, carol).junior.shares } });
    closeEpoch(w);
    const carolPaid = bal(w, carol) - before;
    w.app.advanceTime(90 * DAY); // the ramp ends: the loan is marked to 0
    closeEpoch(w);
    return { w, carolPaid };
  }

  it("carol, one day after maturity, exits at the 1/90 mark; the rest of the ramp falls on alice (senior)", () => {
    const stay = rampRun(false);
    const leave = rampRun(true);
    expect(leave.carolPaid).toBe(19_881_947_752n); // ~99 % of her value, one day late
    const p = poolInfo(leave.w);
    expect(p.markdown).toBe("51331506850"); // the whole loan (principal + net interest) marked off
    expect(p.senior_target).toBe("61983561643");
    expect(p.junior.value).toBe("0");
    // Staying, junior absorbs what it can and senior loses 11 983.56; with carol gone, 31 865.51.
    expect(BigInt(positionOf(stay.w, alice).senior.value)).toBe(49_999_999_166n);
    expect(BigInt(positionOf(leave.w, alice).senior.value)).toBe(30_118_051_746n);
    const shifted = BigInt(positionOf(stay.w, alice).senior.value) - BigInt(positionOf(leave.w, alice).senior.value);
    expect(shifted - leave.carolPaid).toBeLessThan(1_000n); // alice paid for carol's exit, unit for unit
    expect(BigInt(positionOf(stay.w, carol).junior.value)).toBe(0n); // had she stayed: 0, like bob
    expect(BigInt(positionOf(leave.w, bob).junior.value)).toBe(0n);
  });
});

describe("review 2 — MEDIUM: a senior round trip in one close starves every junior exit, for ever", () => {
  // Rule broken: "Nobody can ... block an exit order (the ratio only delays junior)" / "no party
  // can make another party's exit fail". Senior redemptions come first and take the whole reserve;
  // the senior deposit cash of the same close does not fund redemptions, yet its "ratio-neutral"
  // part (up to what senior redemptions took) is always accepted. A senior lender who orders the
  // redemption of X ≥ the reserve and a deposit of X every epoch keeps its position, pays only
  // rounding, and leaves junior 0 cash at every close. Pool: bob 40 000 junior, alice 100 000
  // senior, 100 000 lent (40 000 in reserve); bob orders 10 000 within the ratio (cap 15 000).
  // Without alice: bob is paid 10 001.92 at the first close. With alice's round trip (45 000 each
  // epoch): 0 at five closes in a row, and alice's wealth is exactly what it is without the trick.
  // Fix: cash of the deposits accepted at a close funds that close's redemptions (Tinlake's core
  // constraint: redemptions ≤ reserve + supplies), junior's budget computed after it; and net a
  // lender's own opposite orders in a tranche.
  function starveRun(roundTrip: boolean): { w: World; juniorPaid: bigint[]; aliceWealth: bigint; bobGot: bigint } {
    const w = setup({}, app);
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(usdc(40_000)));
    w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(usdc(100_000)));
    closeEpoch(w);
    openLoan(w, "inv-1", usdc(100_000), "0.12", 180);
    const b0 = bal(w, bob);
    const a0 = wealth(w, alice);
    w.pool.execute(bob, { redeem: { tranche: "junior", shares: usdc(10_000).toString() } });
    const juniorPaid: bigint[] = [];
    for (let i = 0; i < 5; i++) {
      if (roundTrip) {
        w.pool.execute(alice, { redeem: { tranche: "senior", shares: usdc(45_000).toString() } });
        w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(usdc(45_000)));
      }
      juniorPaid.push(BigInt(closeEpoch(w).junior_paid));
    }
    return { w, juniorPaid, aliceWealth: wealth(w, alice) - a0, bobGot: bal(w, bob) - b0 };
  }

  it("bob's 10 000 junior order is paid at once without alice, and never while alice round-trips", () => {
    const honest = starveRun(false);
    const starved = starveRun(true);
    expect(honest.juniorPaid[0]).toBe(10_001_917_808n);
    expect(honest.bobGot).toBe(10_001_917_808n);
    expect(starved.juniorPaid).toEqual([0n, 0n, 0n, 0n, 0n]);
    expect(starved.bobGot).toBe(0n);
    expect(positionOf(starved.w, bob).junior.queued_shares).toBe(usdc(10_000).toString()); // still waiting
    expect(BigInt(poolInfo(starved.w).reserve)).toBeGreaterThan(usdc(40_000)); // the cash is there
    expect(starved.aliceWealth).toBe(honest.aliceWealth); // the round trips cost alice nothing: 109.59 of interest either way
  });
});

describe("review 3 — HIGH: the same round trip lets junior exit past min_junior_ratio, ahead of a loss that then hits senior", () => {
  // Rule broken: "junior ratio: the close fills [junior redemptions] only up to that bound" and
  // senior never loses while junior has value. Junior's cap is computed on A after the senior
  // redemptions (A − senior_paid), but the ratio-neutral senior deposits of the same close then
  // put that much back into A: the pool ends below the minimum ratio. Dave holds 15 000 junior
  // and 40 000 senior (alice 60 000 senior, bob 15 000 junior, 80 000 lent, 50 000 in reserve).
  // Honest: dave's junior order is paid 5 001.75 (the ratio's cap), ratio left at 0.2. Dave adds a
  // senior redemption of his 40 000 and a senior deposit of 40 000: his junior order is paid
  // 9 992.99, the pool is left at a junior ratio of 0.1667. A 25 000 write-down follows: honest,
  // senior keeps T; after the trick senior is 4 986.85 short of T, alice is 2 992.32 poorer and
  // dave 2 994.95 richer.
  // Fix: compute the ratio-neutral senior deposit before the junior redemptions and cap junior on
  // the post-close A (A + junior_in + senior_in − all redemptions paid); property: after every
  // close, junior paid > 0 ⇒ junior ratio ≥ min.
  function bypassRun(trick: boolean) {
    const w = setup({}, app);
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(usdc(15_000)));
    w.pool.execute(dave, { deposit: { tranche: "junior" } }, coins(usdc(15_000)));
    w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(usdc(60_000)));
    w.pool.execute(dave, { deposit: { tranche: "senior" } }, coins(usdc(40_000)));
    closeEpoch(w);
    const id = openLoan(w, "inv-1", usdc(80_000), "0.12", 90);
    const d0 = wealth(w, dave);
    const a0 = wealth(w, alice);
    w.pool.execute(dave, { redeem: { tranche: "junior", shares: positionOf(w, dave).junior.shares } });
    if (trick) {
      w.pool.execute(dave, { redeem: { tranche: "senior", shares: positionOf(w, dave).senior.shares } });
      w.pool.execute(dave, { deposit: { tranche: "senior" } }, coins(usdc(40_000)));
    }
    const close = closeEpoch(w);
    const ratio = poolInfo(w).junior_ratio;
    w.pool.execute(manager, { write_down: { loan_id: id, amount: usdc(25_000).toString() } });
    const p = poolInfo(w);
    return { close, ratio, p, dave: wealth(w, dave) - d0, alice: wealth(w, alice) - a0 };
  }

  it("dave's junior exit doubles past the ratio's cap; the pool is left at 16.7 % and senior pays the loss", () => {
    const honest = bypassRun(false);
    const trick = bypassRun(true);
    expect(honest.close.junior_paid).toBe("5001753423");
    expect(Number(honest.ratio)).toBeGreaterThanOrEqual(0.2);
    expect(honest.p.senior.value).toBe(honest.p.senior_target); // the cushion covered the loss
    expect(trick.close).toMatchObject({ senior_paid: "40007013298", senior_deposited: "40000000000", junior_paid: "9992986701" });
    expect(trick.ratio).toBe("0.166743360533846669"); // below the 0.2 minimum
    expect(trick.p.senior_target).toBe("100010520948");
    expect(trick.p.senior.value).toBe("95023671234"); // senior 4 986.85 short
    expect(trick.dave - honest.dave).toBe(2_994_949_887n);
    expect(honest.alice - trick.alice).toBe(2_992_319_622n);
  });
});

describe("review 4 — MEDIUM: bounded steps repeated every epoch re-open finding 5 in 38 days", () => {
  // Rule broken: "every lender sees a change and can order its exit under the old terms; steps
  // bound how fast an owner can move the terms" (README) / issue 14 finding 5. Each change is
  // bounded (senior_apr ± 0.05, min_junior_ratio ± 0.1) but nothing bounds their sum: the owner
  // schedules the next step at every close that applies one. An exit *order* placed at the
  // first announcement is not an exit: with the cash lent (a 365-day loan) junior is paid only
  // what the reserve and the 0.2 ratio allow (5 016.22), then the ratio climbs to 0.9 and the
  // order waits for ever. The owner holding senior reaches senior_apr 1 and ratio 0.9 on day 38;
  // at the loan's repayment bob (junior 30 000) has lost 24 983.78 (no change of terms: +4 973.59)
  // and the owner gained 37 979.29 on its 100 000 senior (no change of terms: +8 021.92).
  // Fix: bound the drift, not the step — a band fixed at instantiation, or a change only after
  // the longest open loan's maturity; fix the senior rate per loan at its draw (like the reserve
  // fee) so a raise reaches only capital lent afterwards; execute orders placed before a change
  // under the old ratio.
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
    const nextStep = () => {
      if (pendingConfig(w) !== null) return;
      const cfg = w.pool.query<{ senior_apr: string; min_junior_ratio: string }>({ config: {} });
      const apr = Number(cfg.senior_apr);
      const ratio = Number(cfg.min_junior_ratio);
      if (apr >= 1 && ratio >= 0.9) {
        if (reached < 0) reached = day;
        return;
      }
      const u: Record<string, string> = {};
      if (apr < 1) u.senior_apr = Math.min(1, +(apr + 0.05).toFixed(2)).toString();
      if (ratio < 0.9) u.min_junior_ratio = Math.min(0.9, +(ratio + 0.1).toFixed(1)).toString();
      w.pool.execute(owner, { update_config: u });
    };
    if (ramp) nextStep();
    w.pool.execute(bob, { redeem: { tranche: "junior", shares: positionOf(w, bob).junior.shares } }); // bob sees it and orders out
    let juniorPaid = 0n;
    while (day < 365) {
      juniorPaid += BigInt(closeEpoch(w).junior_paid);
      day++;
      if (ramp) nextStep();
    }
    w.app.advanceTime(DAY);
    w.pool.execute(sme, { repay: { loan_id: id } }, coins(debtOf(w, id)));
    for (let i = 0; i < 3; i++) juniorPaid += BigInt(closeEpoch(w).junior_paid);
    return { w, reached, juniorPaid, bob: wealth(w, bob) - b0, owner: wealth(w, owner) - o0 };
  }

  it("the owner walks senior_apr 0.08 → 1 and the ratio 0.2 → 0.9 while bob's exit order waits; junior is wiped", () => {
    const calm = stepsRun(false);
    const ramp = stepsRun(true);
    expect(ramp.reached).toBe(38);
    expect(ramp.w.pool.query({ config: {} })).toMatchObject({ senior_apr: "1", min_junior_ratio: "0.9" });
    expect(ramp.juniorPaid).toBe(5_016_219_177n); // all bob ever got of his day-0 order
    expect(poolInfo(ramp.w).junior.value).toBe("0");
    expect(ramp.bob).toBe(-24_983_779_823n);
    expect(calm.bob).toBe(4_973_588_831n);
    expect(ramp.owner).toBe(37_979_287_293n);
    expect(calm.owner).toBe(8_021_917_727n);
  });
});

describe("review 5 — MEDIUM: a pledged NFT that cannot be moved blocks the repayment, the write-off and junior deposits for ever", () => {
  // Rule broken: "no funds or NFTs ever stuck" / a pledged token must not block the borrower's
  // repayment or anybody's exit. The NFT's return is a plain message of the repaying (or
  // recovering) transaction, so when the collection refuses the transfer — here its owner turns
  // on the compliance allowlist (the borrower off it); on fix-13-nft a quarantined or voided
  // token does the same — the borrower's final repayment reverts. He pays all but 1 unit; the
  // loan goes late, the policy marks it, and it can never leave: claim_collateral reverts too
  // (to any recipient), write_off needs the NFT claimed, a full recover returns the NFT and
  // reverts. One unit outstanding keeps `impaired` on, so every junior deposit waits for ever
  // (carol's 10 000 over 400 days), and the loan's principal stays in the senior-interest base.
  // Fix: never make a payment depend on the NFT transfer — return it with a SubMsg on
  // reply_on_error (record it as unreturned; the borrower withdraws it later), or let the
  // borrower pull it; let the manager write off a defaulted loan whose NFT cannot be claimed.
  it("the borrower cannot repay in full; the manager cannot claim or write off; carol's junior order waits for ever", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", usdc(40_000), "0.12", 30);
    w.app.advanceTime(29 * DAY);
    w.nft.execute(owner, { set_compliance: { enabled: true } }); // the collection stops moving tokens to non-allowlisted holders
    const debt = debtOf(w, id);
    expect(w.pool.fails(sme, { repay: { loan_id: id } }, coins(debt))).toMatch(/Recipient is not on the compliance allowlist/);
    w.pool.execute(sme, { repay: { loan_id: id } }, coins(debt - 1n)); // all he can pay
    expect(debtOf(w, id)).toBe(1n);
    w.app.advanceTime(2 * DAY); // the last unit is late
    w.pool.execute(carol, { deposit: { tranche: "junior" } }, coins(usdc(10_000)));
    expect(closeEpoch(w)).toMatchObject({ loans_marked: "1", junior_deposited: "0" });
    w.app.advanceTime(400 * DAY);
    w.pool.execute(manager, { mark_default: { loan_id: id } });
    expect(w.pool.fails(manager, { claim_collateral: { loan_id: id } })).toMatch(/Recipient is not on the compliance allowlist/);
    expect(w.pool.fails(manager, { claim_collateral: { loan_id: id, recipient: carol } })).toMatch(/Recipient is not on the compliance allowlist/);
    expect(w.pool.fails(manager, { write_off: { loan_id: id } })).toMatch(/collateral is still escrowed/);
    expect(w.pool.fails(sme, { recover: { loan_id: id } }, coins(debtOf(w, id)))).toMatch(/Recipient is not on the compliance allowlist/);
    expect(closeEpoch(w)).toMatchObject({ junior_deposited: "0" });
    expect(poolInfo(w).junior).toMatchObject({ impaired: true, pending_deposits: usdc(10_000).toString() });
    expect(w.nft.query<{ owner: string }>({ owner_of: { token_id: "inv-1" } }).owner).toBe(w.pool.address);
  });
});

describe("review 6 — LOW: after write_off, recovered cash has no way into the books", () => {
  // Rule broken: "no funds ... ever stuck". write_off is the only way to end an impairment (junior
  // deposits wait until then), but it closes the loan for good: recover and repay refuse a
  // written_off loan, and cash sent to the pool outside its messages is never counted. A manager
  // who writes off to reopen junior deposits before the claimed NFT is sold forfeits the sale:
  // the 30 000 it brings can only sit in the contract, uncounted. The design forces a choice
  // between blocking junior deposits for the whole sale and losing the recovery.
  // Fix at the right depth: the rejected alternative — recovery rights that stay with the holders
  // at write-down time (a side pocket per written-off loan), so recoveries after write_off are
  // paid to them and deposits need not wait.
  it("the manager's 30 000 from the sale of the claimed NFT cannot be recovered into the pool", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", usdc(40_000), "0.12", 30);
    w.app.advanceTime(40 * DAY);
    w.pool.execute(manager, { mark_default: { loan_id: id } });
    w.pool.execute(manager, { claim_collateral: { loan_id: id } });
    w.pool.execute(manager, { write_off: { loan_id: id } });
    expect(w.pool.fails(manager, { recover: { loan_id: id } }, coins(usdc(30_000)))).toMatch(/Cannot recover loan 1: it is written_off/);
    expect(w.pool.fails(manager, { repay: { loan_id: id } }, coins(usdc(30_000)))).toMatch(/Cannot repay loan 1: it is written_off/);
    const before = poolInfo(w);
    w.app.send(manager, { bank: { send: { to_address: w.pool.address, amount: coins(usdc(30_000)) } } });
    expect(poolInfo(w).assets).toBe(before.assets); // the proceeds reach no lender
  });
});

describe("review 7 — LOW: an order present at the close and cancelled just after freezes lending for the whole epoch", () => {
  // Rule broken: finding 6's fix ("a redemption ordered and cancelled inside an epoch freezes
  // nothing"). `reserved` is computed at the close from the orders then and never released when
  // an order is cancelled. Alice orders the redemption of all her senior shares while the pool is
  // fully lent (paid 0, 100 635.62 reserved), cancels right after the close, and the repayment of
  // 131 115.51 that arrives in the epoch cannot fund a 40 000 draw: 30 479.89 lendable. With a
  // 90-day epoch that is 90 days of lending frozen for two free transactions.
  // Fix: release a cancelled order's share of `reserved` (keep it per order, or recompute it).
  it("alice's cancelled order still holds back 100 635.62 of the reserve", () => {
    const w = fundedPool({}, app);
    const first = openLoan(w, "inv-0", usdc(130_000), "0.12", 30);
    const r = attrs(w.pool.execute(alice, { redeem: { tranche: "senior", shares: positionOf(w, alice).senior.shares } }), w.pool.address);
    w.app.advanceTime(29 * DAY);
    expect(closeEpoch(w)).toMatchObject({ senior_paid: "0" });
    w.pool.execute(alice, { cancel_redemption: { request_id: Number(r.request_id) } });
    w.pool.execute(sme, { repay: { loan_id: first } }, coins(debtOf(w, first)));
    mintInvoice(w, "inv-2", usdc(50_000));
    const second = pledge(w, "inv-2", usdc(40_000));
    w.pool.execute(manager, { approve_loan: { loan_id: second, apr: "0.12" } });
    const p = poolInfo(w);
    expect(p.reserve).toBe("131115506850");
    expect(p.lendable).toBe("30479891419");
    expect(positionOf(w, alice).requests).toEqual([]); // nobody is waiting for that cash
    expect(w.pool.fails(sme, { draw: { loan_id: second } })).toMatch(/Reserve too short: 30479891419 lendable/);
  });
});

describe("review 8 — LOW: test_timings can be set on any chain; its owner moves the terms every minute", () => {
  // Rule broken: the timelock's purpose (finding 5). `test_timings` is an instantiate flag the
  // contract accepts whatever the chain (env.block.chain_id is not checked; the instantiate event
  // does not show it — only the `config` query does). Such a pool's owner can take senior_apr
  // from 0.08 to 1 in 19 steps of 60 s: 19 minutes.
  // Fix: accept test_timings only on chain ids of test networks, and show it in the instantiate
  // event and the `pool` query.
  it("senior_apr 0.08 → 1 in 1 140 seconds", () => {
    const w = fundedPool({ test_timings: true, epoch_seconds: 1, timelock_seconds: 60 }, app);
    expect(w.app.block.chainId).toBe("localpersistence-1"); // any chain id would do: none is checked
    const codeId = w.app.wasm.contractInfo(w.app.store, w.pool.address)!.code_id;
    const msg = { currency: DENOM, collections: [w.nft.address], manager, ...POOL_PARAMS, test_timings: true, epoch_seconds: 1, timelock_seconds: 60 };
    const again = w.app.instantiate(owner, codeId, msg, "test-timings-pool", [], owner);
    expect(attrs(again, again.contractAddress)).toEqual({ action: "instantiate", owner, manager, currency: DENOM }); // the event does not say test_timings
    expect(w.pool.query({ config: {} })).toMatchObject({ test_timings: true, timelock_seconds: 60, epoch_seconds: 1 }); // only the config query does
    const t0 = w.app.block.time;
    let steps = 0;
    for (;;) {
      const apr = Number(w.pool.query<{ senior_apr: string }>({ config: {} }).senior_apr);
      if (apr >= 1) break;
      w.pool.execute(owner, { update_config: { senior_apr: Math.min(1, +(apr + 0.05).toFixed(2)).toString() } });
      w.app.advanceTime(60);
      closeEpoch(w);
      steps++;
    }
    expect(steps).toBe(19);
    expect((w.app.block.time - t0) / 1_000_000_000n).toBe(1_140n);
  });
});

describe("review 9 — LOW: a deposit order that mints no share is still taken (README: 'a deposit that would mint 0 shares is not accepted')", () => {
  // Only the tranche's total is checked; each order then gets its pro-rata part of the minted
  // shares with cumulative rounding, so a small order placed first gets 0 shares for its cash.
  // At a junior price of about 1.68, carol's 1-unit order (before dave's 1 000.000001) is taken whole
  // and mints nothing. Dust-sized (< 1 share per order), but the README claim is false per order.
  // Fix: refund (leave ordered) the part of an order that mints no share, or correct the README.
  it("carol pays 1 unit and receives 0 shares", () => {
    const w = fundedPool({}, app);
    openLoan(w, "inv-0", usdc(100_000), "0.5", 300);
    w.app.advanceTime(200 * DAY);
    closeEpoch(w);
    expect(Number(poolInfo(w).junior.share_price)).toBeGreaterThan(1.6);
    const before = bal(w, carol);
    w.pool.execute(carol, { deposit: { tranche: "junior" } }, coins(1n));
    w.pool.execute(dave, { deposit: { tranche: "junior" } }, coins(usdc(1_000) + 1n));
    expect(closeEpoch(w)).toMatchObject({ junior_deposited: "1000000002" });
    expect(before - bal(w, carol)).toBe(1n);
    expect(positionOf(w, carol)).toMatchObject({ junior: { shares: "0", pending_deposit: "0" }, deposits: [] });
  });
});

describe("review 10 — LOW: the write-off policy's parameters have no step bound: one change un-marks every ramping loan", () => {
  // Rule broken: "steps bound how fast an owner can move the terms" (README). writeoff_period
  // (1 to 3 650 days) and writeoff_grace (0 to 365 days) are timelocked but not step-bounded, and
  // a new period applies to every loan already in its period. A 100 000 loan 75 days late under
  // the 90-day policy is marked down 50 443.84 and junior is wiped; the owner schedules 3 650
  // days, and at the close that applies it the markdown falls to 1 299.10: junior is worth
  // 27 900.90 again (junior orders are filled at that price, as far as the ratio allows) while
  // the loan is still 77 days late.
  // Fix: step-bound the policy too (e.g. the period may only shorten, or move ≤ 10 % per change)
  // and apply a new policy only to loans that enter their period afterwards.
  it("junior goes from 0 to 27 900.90 at one close", () => {
    const w = fundedPool({}, app);
    openLoan(w, "inv-0", usdc(100_000), "0.12", 30);
    w.app.advanceTime(75 * DAY);
    closeEpoch(w);
    const before = poolInfo(w);
    expect(before).toMatchObject({ markdown: "50443835617", junior: { value: "0" } });
    w.pool.execute(owner, { update_config: { writeoff_period: 3_650 * DAY, timelock_seconds: 3 * DAY } });
    w.app.advanceTime(2 * DAY);
    closeEpoch(w);
    const after = poolInfo(w);
    expect(after).toMatchObject({ markdown: "1299101520", junior: { value: "27900898481" } });
  });
});

describe("review 10b — MEDIUM: a tightening of the policy is announced a timelock ahead and executed after the exits", () => {
  // Rule broken: "nobody enters or exits at a NAV known to be stale". writeoff_period and
  // writeoff_grace are valuations, not terms, yet they go through the same timelock: the close
  // that applies a shorter period first executes every order at the old, looser marks. The owner
  // (or the manager asking it) shortens the period from 90 to 30 days for a loan 25 days late;
  // carol reads pending_config and orders her exit; at the applying close she is paid 10 497.41
  // at the 25/90 mark (junior price 0.645, as far as the ratio allows), then the loan drops to the
  // 25/30 mark: senior ends 13 202.44 short of T instead of 2 705.02 — carol's exit, unit for unit.
  // Fix: apply a tightening (shorter period or grace) at once — it only lowers NAV, like a
  // write-down; timelock and step-bound only loosening.
  function tighten(carolLeaves: boolean) {
    const w = setup({}, app);
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(usdc(20_000)));
    w.pool.execute(carol, { deposit: { tranche: "junior" } }, coins(usdc(20_000)));
    w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(usdc(60_000)));
    closeEpoch(w);
    openLoan(w, "inv-50k", usdc(50_000), "0.12", 90);
    w.app.advanceTime(113 * DAY); // 23 days late
    closeEpoch(w);
    w.pool.execute(owner, { update_config: { writeoff_period: 30 * DAY } });
    closeEpoch(w); // not yet due
    const before = bal(w, carol);
    if (carolLeaves) w.pool.execute(carol, { redeem: { tranche: "junior", shares: positionOf(w, carol).junior.shares } });
    const close = closeEpoch(w); // due: orders first, at the 90-day marks, then the 30-day period
    expect(pendingConfig(w)).toBeNull();
    return { w, close, carolPaid: bal(w, carol) - before, p: poolInfo(w) };
  }

  it("carol leaves at the old marks at the close that applies the change; senior takes her share of the jump", () => {
    const stay = tighten(false);
    const leave = tighten(true);
    expect(leave.close.junior_price).toBe("0.645312024375");
    expect(leave.carolPaid).toBe(10_497_412_481n);
    expect(stay.p.markdown).toBe("42776255709"); // 25/30 of the loan's base, right after the close
    expect(stay.p.senior_target).toBe("61260273972");
    expect(stay.p.senior.value).toBe("58555251141"); // 2 705.02 short
    expect(leave.p.senior.value).toBe("48057838660"); // 13 202.44 short
    const shifted = BigInt(stay.p.senior.value) - BigInt(leave.p.senior.value);
    expect(shifted - leave.carolPaid).toBeLessThan(1_000n);
  });
});
