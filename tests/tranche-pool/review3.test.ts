// Independent review 3 of tranche-pool 0.3.0 (after the redesign of issue 14 and the fixes of
// review 14b). Each test is an attack that WORKS on today's code: it passes while the hole exists
// and asserts what the attacker gains and who loses. Default parameters (setup.ts): senior 8 %,
// minimum junior ratio 20 %, reserve fee 10 %, epochs of a day, write-off policy 0 days of grace
// then 90 days to 0. Amounts in uusdc (× 10^6 = USDC).
import { beforeAll, describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { buildFixture } from "@persistence-ts/testing/fixtures";
import { Deployed, deploy } from "@persistence-ts/testing/contracts";
import { DAY, DENOM, World, alice, attrs, b64, bob, closeEpoch, coins, dave, debtOf, manager, openLoan, owner, poolInfo, positionOf, setup, sme, wealth, withLimits } from "./setup";
import * as ContractError from "../../contracts/tranche-pool/src/error";

const USDC = 1_000_000n;
const usdc = (x: number) => BigInt(x) * USDC;

let app: App;
beforeAll(() => {
  app = new App();
});

const bal = (w: World, who: string) => w.app.balance(who, DENOM);

describe("review3 F1 — HIGH (fixed): a borrower one second late can no longer zero its loan for the close and take the exits' share of it", () => {
  // Before the fix: the order NAV counts a loan 0 from the first second past maturity, and a
  // redemption order pinned no price: the close executed it at whatever NAV the block had. Bob
  // (30 000 junior) ordered his exit on day 89 while both loans were current. sme is the borrower
  // of the 20 000 loan that matures on day 90 AND holds the other 30 000 of junior. He did not
  // repay at maturity; the epoch, closable since day 2, was closed (by anyone — here by sme, after
  // days in which nobody called) one second after maturity: bob's order executed with the 20 000
  // loan at 0 (junior price 0.671269406983333333). One block later sme repaid in full and, as the
  // remaining junior holder, took the whole jump. Figures: bob was paid 20 138.08 instead of
  // 30 404.38 (−10 266.30); sme ended 10 266.30 richer (all of it but 482 units).
  // Now `redeem` takes a required min_price: bob pins today's junior price; the close below it
  // does not fill his order (event redemption_below_floor), which stays ordered and is filled at
  // the next close, after the repayment. sme gains nothing by paying late; bob loses nothing.
  function run(lateBySeconds: boolean) {
    const w = setup({}, app);
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(usdc(30_000)));
    w.pool.execute(sme, { deposit: { tranche: "junior" } }, coins(usdc(30_000)));
    w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(usdc(40_000)));
    closeEpoch(w);
    const late = openLoan(w, "inv-late", usdc(20_000), "0.12", 90); // sme's loan, matures day 90 (+1)
    const current = openLoan(w, "inv-current", usdc(40_000), "0.12", 120);
    const maturity = BigInt(w.pool.query<{ loan: { maturity: string } }>({ loan: { loan_id: late } }).loan.maturity);
    w.app.advanceTime(89 * DAY);
    const b0 = wealth(w, bob);
    const s0 = wealth(w, sme);
    const a0 = wealth(w, alice);
    const bob0 = bal(w, bob);
    // Bob decides to leave while every loan is current, at no less than today's price.
    const floor = poolInfo(w).junior.share_price;
    w.pool.execute(bob, { redeem: { tranche: "junior", shares: positionOf(w, bob).junior.shares, min_price: floor } });
    const toMaturity = Number((maturity - w.app.block.time) / 1_000_000_000n);
    if (!lateBySeconds) {
      w.app.advanceTime(toMaturity - 1);
      w.pool.execute(sme, { repay: { loan_id: late } }, coins(debtOf(w, late))); // on time
      w.app.advanceTime(2);
    } else w.app.advanceTime(toMaturity + 1); // one second late, nobody called meanwhile
    const closeRes = w.pool.execute(sme, { process_epoch: {} }); // at maturity + 1 s
    const close = attrs(closeRes, w.pool.address);
    const declined = closeRes.events.filter((e) => e.type === "wasm-redemption_below_floor").map((e) => Object.fromEntries(e.attributes.map((x) => [x.key, x.value])));
    const paidAtClose = bal(w, bob) - bob0;
    const queuedAfterClose = positionOf(w, bob).junior.queued_shares;
    if (lateBySeconds) {
      w.app.advanceTime(1);
      w.pool.execute(sme, { repay: { loan_id: late } }, coins(debtOf(w, late))); // one block after the close
    }
    w.app.advanceTime(29 * DAY);
    w.pool.execute(sme, { repay: { loan_id: current } }, coins(debtOf(w, current)));
    closeEpoch(w);
    return { floor, close, declined, paidAtClose, queuedAfterClose, bobPaid: bal(w, bob) - bob0, bob: wealth(w, bob) - b0, sme: wealth(w, sme) - s0, alice: wealth(w, alice) - a0 };
  }

  it("bob's exit ordered on day 89 at no less than that day's price is not filled at the close sme times; sme gains nothing", () => {
    const honest = run(false);
    const attack = run(true);
    expect(honest.close).toMatchObject({ closed: "true" });
    expect(honest.paidAtClose).toBe(30_404_383_038n); // as before the fix: the floor is met
    expect(honest.declined).toEqual([]);
    // The close one second after maturity still prices junior at 0.67 — below bob's floor.
    expect(attack.close).toMatchObject({ junior_price: "0.671269406983333333" });
    expect(Number(attack.close.junior_price)).toBeLessThan(Number(attack.floor));
    expect(attack.declined).toMatchObject([{ lender: bob, tranche: "junior", price: "0.671269406983333333", min_price: attack.floor, shares: "29999999500" }]);
    expect(attack.paidAtClose).toBe(0n);
    expect(attack.queuedAfterClose).toBe("29999999500"); // still ordered
    // Bob's order is filled at the next close, after the repayment: he is paid more than on time
    // (29 more days of junior interest), and the late payer gains nothing from his lateness.
    expect(attack.bobPaid).toBe(30_448_876_310n); // 44.49 more than on time, instead of 10 266.30 less
    expect(attack.bob - honest.bob).toBe(44_493_272n);
    expect(attack.sme - honest.sme).toBe(-44_493_410n); // sme's lateness now costs him bob's share of the 29 days
    expect(attack.alice - honest.alice).toBe(102n); // senior: T's 2 s on the late 20 000, as before
  });
});

describe("review3 F2 — HIGH (fixed): one frozen lender no longer makes every other lender's exit fail", () => {
  // Before the fix: in a CW20 pool every payout of a close's settlement (redemptions, refunds of
  // deposit rests) was a plain cw20 `transfer` in the process_epoch transaction. A regulated
  // stablecoin freezes accounts (USDC's blacklist; here the rogue fixture's `block`, which refuses
  // transfers to a blocked recipient, as in the escrow tests). Dave holds 10 000 senior and has a
  // redemption order; once the token froze him, every process_epoch reverted ("Recipient is
  // blocked"), so bob's and alice's orders — 130 000 of exits — were never executed, no deposit
  // was accepted (carol's 5 000), and no epoch closed again: 30 days later epoch 2 was still
  // open with 29 999 999 000 junior and 109 999 999 000 senior shares queued. Nobody but dave could
  // cancel his order. Rules broken: "no party can make another party's exit fail", "no funds
  // ever stuck".
  // Now each payout of a close is a submessage replied to on error, with its own gas limit: a
  // refused one stays with the pool, owed to its lender (position.owed_payout, out of NAV), who
  // takes it with withdraw_payout — to itself once the freeze is lifted, or to another address.
  const rogueCode = () => app.storeCode(owner, buildFixture("rogue")).codeId;
  function frozenPool() {
    const token = app.instantiate(owner, rogueCode(), {}, "frozen-usd", [], owner).contractAddress;
    const pool: Deployed = deploy(app, "tranche-pool", owner, { cw20_currency: token, collections: [makeAddress("some-collection")], manager, ...withLimits({}) });
    const send = (from: string, amount: bigint, hook: Record<string, unknown>) =>
      app.execute(from, token, { relay: { contract: pool.address, msg: b64({ receive: { sender: from, amount: amount.toString(), msg: b64(hook) } }) } });
    const p = () => pool.query<{ epoch: { id: number; settling: boolean }; junior: { queued_shares: string }; senior: { queued_shares: string }; owed_payouts: string }>({ pool: {} });
    const owed = (who: string) => pool.query<{ owed_payout: string }>({ position: { lender: who } }).owed_payout;
    return { token, pool, send, p, owed };
  }
  /** The transfers the rogue token made (it moves nothing but names recipient and amount). */
  const transfers = (res: { events: Array<{ type: string; attributes: Array<{ key: string; value: string }> }> }, token: string) =>
    res.events
      .filter((e) => e.type === "wasm" && e.attributes[0]?.value === token && e.attributes.some((a) => a.key === "action" && a.value === "transfer"))
      .map((e) => ({ recipient: e.attributes.find((a) => a.key === "recipient")!.value, amount: BigInt(e.attributes.find((a) => a.key === "amount")!.value) }));

  it("while the token freezes dave, the close still pays bob and alice; dave's payout is owed to him and withdrawn later", () => {
    const { token, pool, send, p, owed } = frozenPool();
    send(bob, usdc(30_000), { deposit: { tranche: "junior" } });
    send(alice, usdc(100_000), { deposit: { tranche: "senior" } });
    send(dave, usdc(10_000), { deposit: { tranche: "senior" } });
    app.advanceTime(DAY);
    expect(attrs(pool.execute(bob, { process_epoch: {} }), pool.address)).toMatchObject({ closed: "true", settled: "true" });
    for (const [who, t] of [[bob, "junior"], [alice, "senior"], [dave, "senior"]] as const) {
      const pos = pool.query<{ senior: { shares: string }; junior: { shares: string } }>({ position: { lender: who } });
      pool.execute(who, { redeem: { tranche: t, shares: pos[t].shares, min_price: "0" } });
    }
    const carolX = makeAddress("carol-newcomer");
    send(carolX, usdc(5_000), { deposit: { tranche: "junior" } });
    app.execute(owner, token, { block: { address: dave, blocked: true } }); // the issuer freezes dave
    app.advanceTime(DAY);
    const res = pool.execute(bob, { process_epoch: {} });
    expect(attrs(res, pool.address)).toMatchObject({ closed: "true", junior_paid: "29999999000", junior_deposited: usdc(5_000).toString(), settled: "true" });
    const paid = transfers(res, token);
    expect(paid.map((x) => x.recipient).sort()).toEqual([alice, bob].sort()); // dave's transfer was refused, theirs went out
    expect(paid.find((x) => x.recipient === bob)!.amount).toBe(29_999_999_000n);
    const owedEvent = res.events.find((e) => e.type === "wasm" && e.attributes.some((a) => a.key === "action" && a.value === "payout_owed"))!;
    const ev = Object.fromEntries(owedEvent.attributes.map((a) => [a.key, a.value]));
    expect(ev).toMatchObject({ lender: dave, amount: "9999999910" }); // his pro-rata part of the senior fill (1 000 senior shares are locked)
    expect(ev.error).toContain(`Recipient is blocked: ${dave}`);
    expect(p()).toMatchObject({ epoch: { id: 3, settling: false }, junior: { queued_shares: "0" }, senior: { queued_shares: "0" }, owed_payouts: "9999999910" });
    expect(owed(dave)).toBe("9999999910");
    expect(owed(alice)).toBe("0");
    expect(pool.query<{ junior: { shares: string } }>({ position: { lender: carolX } }).junior.shares).toBe("5000000000"); // carol's deposit order was executed
    // While frozen, dave's own withdrawal fails and leaves the debt; nobody else has one to take.
    expect(pool.fails(dave, { withdraw_payout: {} })).toContain(`Recipient is blocked: ${dave}`);
    expect(owed(dave)).toBe("9999999910");
    expect(pool.fails(alice, { withdraw_payout: {} })).toContain(ContractError.noPayout(alice));
    // Once the token lifts the freeze, dave takes it.
    app.execute(owner, token, { block: { address: dave, blocked: false } });
    const w = pool.execute(dave, { withdraw_payout: {} });
    expect(attrs(w, pool.address)).toMatchObject({ action: "withdraw_payout", lender: dave, recipient: dave, amount: "9999999910" });
    expect(transfers(w, token)).toEqual([{ recipient: dave, amount: 9_999_999_910n }]);
    expect(owed(dave)).toBe("0");
    expect(p().owed_payouts).toBe("0");
    expect(pool.fails(dave, { withdraw_payout: {} })).toContain(ContractError.noPayout(dave));
  });

  it("a frozen lender takes its owed payout to another address; the recipient is validated", () => {
    const { token, pool, send, owed } = frozenPool();
    send(bob, usdc(30_000), { deposit: { tranche: "junior" } });
    send(dave, usdc(10_000), { deposit: { tranche: "senior" } });
    app.advanceTime(DAY);
    pool.execute(bob, { process_epoch: {} });
    pool.execute(dave, { redeem: { tranche: "senior", shares: "9999999000", min_price: "0" } });
    app.execute(owner, token, { block: { address: dave, blocked: true } });
    app.advanceTime(DAY);
    pool.execute(bob, { process_epoch: {} });
    expect(owed(dave)).toBe("9999999000");
    expect(pool.fails(dave, { withdraw_payout: { recipient: "not-an-address" } })).toMatch(/Invalid|address/i);
    const cold = makeAddress("dave-cold");
    const w = pool.execute(dave, { withdraw_payout: { recipient: cold } });
    expect(transfers(w, token)).toEqual([{ recipient: cold, amount: 9_999_999_000n }]);
    expect(owed(dave)).toBe("0");
  });

  it("a token that burns all the gas of a payout makes it owed; the close completes", () => {
    const hog = app.storeCode(owner, buildFixture("gas-hog")).codeId;
    const token = app.instantiate(owner, hog, {}, "hog-usd", [], owner).contractAddress;
    const pool: Deployed = deploy(app, "tranche-pool", owner, { cw20_currency: token, collections: [makeAddress("some-collection")], manager, ...withLimits({}) });
    const send = (from: string, amount: bigint, hook: Record<string, unknown>) =>
      app.execute(from, token, { relay: { contract: pool.address, msg: b64({ receive: { sender: from, amount: amount.toString(), msg: b64(hook) } }) } });
    send(bob, usdc(30_000), { deposit: { tranche: "junior" } });
    send(alice, usdc(10_000), { deposit: { tranche: "senior" } });
    app.advanceTime(DAY);
    pool.execute(bob, { process_epoch: {} });
    pool.execute(alice, { redeem: { tranche: "senior", shares: "9999999000", min_price: "0" } });
    app.execute(owner, token, { hog: { on: true } });
    app.advanceTime(DAY);
    const res = pool.execute(bob, { process_epoch: {} });
    expect(attrs(res, pool.address)).toMatchObject({ action: "payout_owed", lender: alice, amount: "9999999000", error: "codespace: sdk, code: 11", settled: "true" });
    expect(res.gasUsed).toBeLessThan(3_000_000); // the hog took at most the delivery's limit
    expect(pool.query<{ owed_payout: string }>({ position: { lender: alice } }).owed_payout).toBe("9999999000");
  });
});

describe("review3 F3 — LOW (fixed): a lender taken off the allowlist no longer receives shares at the next close", () => {
  // Before the fix: the allowlist was checked when a deposit order was placed, not when the close
  // minted its shares. The manager removed carol (KYC lapsed, sanctioned) after her order and
  // before the close: the close still took her 10 000 and credited her 10 000 000 000 junior
  // shares, and the manager could not cancel her order. Rule broken: bad or unauthorised parties
  // get no new position (allowlist).
  // Now removing a lender from the allowlist refunds its open deposit orders at once, as a payout
  // owed to it (nothing can refuse it; withdraw_payout takes it), evented deposit_refunded; the
  // rest of an order the close had already executed is refunded the same way at its settlement.
  it("carol, removed from the allowlist before the close, gets her 10 000 back, not shares", () => {
    const w = setup({ allowlist_enabled: true }, app);
    const carolX = makeAddress("carol-kyc");
    w.app.mint(carolX, coins(usdc(20_000)));
    w.pool.execute(manager, { update_allowlist: { add: [bob, alice, carolX], remove: [] } });
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(usdc(30_000)));
    w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(usdc(100_000)));
    closeEpoch(w);
    const order = Number(attrs(w.pool.execute(carolX, { deposit: { tranche: "junior" } }, coins(usdc(10_000))), w.pool.address).order_id);
    const removal = w.pool.execute(manager, { update_allowlist: { add: [], remove: [carolX] } });
    const refund = removal.events.find((e) => e.type === "wasm-deposit_refunded")!;
    expect(Object.fromEntries(refund.attributes.map((x) => [x.key, x.value]))).toMatchObject({ order_id: order.toString(), lender: carolX, tranche: "junior", amount: usdc(10_000).toString() });
    expect(w.pool.fails(carolX, { deposit: { tranche: "junior" } }, coins(usdc(1_000)))).toContain(ContractError.notOnAllowlist(carolX));
    expect(w.pool.fails(carolX, { cancel_deposit: { order_id: order } })).toContain(ContractError.depositNotFound(String(order)));
    expect(positionOf(w, carolX)).toMatchObject({ deposits: [], owed_payout: usdc(10_000).toString(), junior: { pending_deposit: "0" } });
    expect(poolInfo(w).junior.pending_deposits).toBe("0");
    expect(closeEpoch(w)).toMatchObject({ junior_deposited: "0" });
    expect(positionOf(w, carolX).junior.shares).toBe("0");
    const before = bal(w, carolX);
    w.pool.execute(carolX, { withdraw_payout: {} });
    expect(bal(w, carolX) - before).toBe(usdc(10_000));
    expect(poolInfo(w).owed_payouts).toBe("0");
  });

  it("the rest of an order executed at a close while its lender was allowed is refunded at its settlement, not left for the next close", () => {
    const w = setup({ allowlist_enabled: true, min_junior_ratio: "0.2" }, app);
    const carolX = makeAddress("carol-kyc-2");
    w.app.mint(carolX, coins(usdc(200_000)));
    w.pool.execute(manager, { update_allowlist: { add: [bob, carolX], remove: [] } });
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(usdc(10_000)));
    closeEpoch(w);
    // carol orders 100 000 senior: the junior ratio lets the close accept only part of it.
    w.pool.execute(carolX, { deposit: { tranche: "senior" } }, coins(usdc(100_000)));
    const e = poolInfo(w).epoch;
    w.app.advanceTime(Number((BigInt(e.closes_at) - w.app.block.time) / 1_000_000_000n) + 1);
    const first = attrs(w.pool.execute(dave, { process_epoch: { limit: 0 } }), w.pool.address); // closed, nothing settled yet
    expect(first).toMatchObject({ closed: "true", settled: "false" });
    const accepted = BigInt(first.senior_deposited);
    expect(accepted).toBeGreaterThan(0n);
    expect(accepted).toBeLessThan(usdc(100_000));
    w.pool.execute(manager, { update_allowlist: { add: [], remove: [carolX] } }); // while the close is being settled
    closeEpoch(w);
    expect(positionOf(w, carolX)).toMatchObject({ deposits: [], owed_payout: (usdc(100_000) - accepted).toString() });
    expect(BigInt(positionOf(w, carolX).senior.shares)).toBeGreaterThan(0n); // what the close executed while she was allowed
    expect(poolInfo(w).senior.pending_deposits).toBe("0");
  });
});
