// The attacks of issue 14 (an independent review), each replayed against the compiled pool with
// the review's figures. Default parameters: senior 8 %, minimum junior ratio 20 %, reserve fee 10 %.
// Written first against the pool as it was (each test demonstrates the loss); see the git history.
import { beforeAll, describe, expect, it } from "vitest";
import { App } from "../../simulator/app/app";
import { DAY, DENOM, World, YEAR, alice, attrs, bob, carol, coins, dave, fundedPool, hookMsg, manager, mintInvoice, openLoan, owner, poolInfo, positionOf, setup, sme } from "./setup";

const USDC = 1_000_000n;
const usdc = (x: number) => BigInt(x) * USDC;

let app: App;
beforeAll(() => {
  app = new App();
});

const bal = (w: World, who: string) => w.app.balance(who, DENOM);
const debtOf = (w: World, id: number) => BigInt(w.pool.query<{ debt: string }>({ loan: { loan_id: id } }).debt);
const juniorValueOf = (w: World, who: string) => BigInt(positionOf(w, who).junior.value);

/** The README's worked example up to day 73: the 100 000 loan at 15 % outstanding, not repaid. */
function workedExampleDay73(): { w: World; id: number } {
  const w = setup({ grace_period: 0 }, app);
  w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(usdc(30_000)));
  w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(usdc(100_000)));
  mintInvoice(w, "INV-7", usdc(125_000), 100);
  const maturity = (w.app.block.time + BigInt(73 * DAY) * 1_000_000_000n).toString();
  w.nft.execute(sme, { send_nft: { contract: w.pool.address, token_id: "INV-7", msg: hookMsg({ amount: usdc(100_000).toString(), apr: "0.15", maturity }) } });
  w.pool.execute(manager, { approve_loan: { loan_id: 1, apr: "0.15" } });
  w.pool.execute(sme, { draw: { loan_id: 1 } });
  w.app.advanceTime(73 * DAY);
  return { w, id: 1 };
}

describe("finding 1: buying an impaired junior tranche before a recovery", () => {
  it("a newcomer's 30 000 deposit before the recovery of 103 000 takes 30 393 of it; the original junior lender keeps 1 006.56 of 31 400", () => {
    const { w, id } = workedExampleDay73();
    w.pool.execute(manager, { mark_default: { loan_id: id } });
    w.pool.execute(manager, { write_down: { loan_id: id, percent: "0.3" } }); // 30 900 off: junior worth 500
    expect(poolInfo(w).junior.value).toBe(usdc(500).toString());
    w.pool.execute(dave, { deposit: { tranche: "junior" } }, coins(usdc(30_000)));
    w.pool.execute(manager, { recover: { loan_id: id } }, coins(usdc(103_000)));
    expect(juniorValueOf(w, dave) - usdc(30_000)).toBe(30_393_442_622n);
    expect(juniorValueOf(w, bob)).toBe(1_006_557_343n);
  });

  it("written down to 1 unit, an accomplice's 0.001 USDC deposit takes 99.9 % of the recovery", () => {
    const { w, id } = workedExampleDay73();
    w.pool.execute(manager, { mark_default: { loan_id: id } });
    w.pool.execute(manager, { write_down: { loan_id: id, amount: (usdc(31_400) - 1n).toString() } });
    expect(poolInfo(w).junior.value).toBe("1");
    w.pool.execute(dave, { deposit: { tranche: "junior" } }, coins(1_000)); // 0.001 USDC
    w.pool.execute(manager, { recover: { loan_id: id } }, coins(usdc(103_000)));
    const junior = BigInt(poolInfo(w).junior.value);
    expect(junior).toBe(31_400_001_000n);
    expect(juniorValueOf(w, dave)).toBe(31_368_632_367n);
    expect((juniorValueOf(w, dave) * 1000n) / junior).toBe(999n);
  });

  it("the defaulted borrower deposits junior, recovers his own debt, redeems, and has his NFT back for about 1 % of the debt", () => {
    const w = setup({}, app);
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(usdc(60_000)));
    w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(usdc(100_000)));
    const id = openLoan(w, "inv-28k", usdc(28_000), "0.12", 90);
    w.app.advanceTime(97 * DAY);
    w.pool.execute(manager, { mark_default: { loan_id: id } });
    w.pool.execute(manager, { write_down: { loan_id: id, percent: "1" } });
    const debt = debtOf(w, id);
    expect(debt).toBe(28_892_931_507n);
    w.app.mint(sme, coins(usdc(3_000_000)));
    const before = bal(w, sme);
    w.pool.execute(sme, { deposit: { tranche: "junior" } }, coins(usdc(3_000_000)));
    w.pool.execute(sme, { recover: { loan_id: id } }, coins(debt));
    w.pool.execute(sme, { redeem: { tranche: "junior", shares: positionOf(w, sme).junior.shares } });
    const cost = before - bal(w, sme);
    expect(w.nft.query<{ owner: string }>({ owner_of: { token_id: "inv-28k" } }).owner).toBe(sme);
    expect(cost).toBe(284_878_729n); // 284.88 for a debt of 28 892.93: 0.99 %
    expect((cost * 10_000n) / debt).toBe(98n);
  });
});

/** Finding 2's pool: bob and carol 20 000 junior each, alice 60 000 senior, a 50 000 loan at 12 % maturing on day 90. */
function finding2Pool(): { w: World; id: number } {
  const w = setup({}, app);
  w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(usdc(20_000)));
  w.pool.execute(carol, { deposit: { tranche: "junior" } }, coins(usdc(20_000)));
  w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(usdc(60_000)));
  const id = openLoan(w, "inv-50k", usdc(50_000), "0.12", 90);
  return { w, id };
}

describe("finding 2: leaving ahead of a write-down", () => {
  it("a junior lender redeems 20 149.59 on day 91; the day-97 write-down of 30 000 leaves the other with 0 and senior 9 832 short", () => {
    // Nobody leaves: each junior lender keeps 5 159.45, senior keeps its target.
    const base = finding2Pool();
    base.w.app.advanceTime(97 * DAY);
    base.w.pool.execute(manager, { mark_default: { loan_id: base.id } });
    base.w.pool.execute(manager, { write_down: { loan_id: base.id, amount: usdc(30_000).toString() } });
    expect(juniorValueOf(base.w, carol)).toBe(5_159_452_055n);
    expect(juniorValueOf(base.w, bob)).toBe(5_159_451_797n);
    expect(poolInfo(base.w).senior.value).toBe(poolInfo(base.w).senior_target);

    // Carol leaves on day 91, overdue but not yet marked.
    const { w, id } = finding2Pool();
    w.app.advanceTime(91 * DAY);
    const paid = attrs(w.pool.execute(carol, { redeem: { tranche: "junior", shares: positionOf(w, carol).junior.shares } }), w.pool.address).paid;
    expect(paid).toBe("20149589041");
    w.app.advanceTime(6 * DAY);
    w.pool.execute(manager, { mark_default: { loan_id: id } });
    w.pool.execute(manager, { write_down: { loan_id: id, amount: usdc(30_000).toString() } });
    const p = poolInfo(w);
    expect(juniorValueOf(w, bob)).toBe(0n);
    expect(BigInt(p.senior_target) - BigInt(p.senior.value)).toBe(9_832_258_690n);
  });

  it("a senior lender exits at its target after mark_default, before the write-down", () => {
    const { w, id } = finding2Pool();
    w.app.advanceTime(97 * DAY);
    w.pool.execute(manager, { mark_default: { loan_id: id } });
    const p = poolInfo(w);
    const shares = 30_000_000_000n;
    const res = attrs(w.pool.execute(alice, { redeem: { tranche: "senior", shares: shares.toString() } }), w.pool.address);
    expect(BigInt(res.paid)).toBe((shares * BigInt(p.senior.value)) / BigInt(p.senior.shares)); // the full target price
  });

  it("anyone closes the epoch just before the write-down, so a queued redemption is paid at the full price", () => {
    const { w, id } = finding2Pool();
    openLoan(w, "inv-drain", BigInt(poolInfo(w).reserve) - usdc(10_000), "0.12", 120); // 10 000 left
    w.app.advanceTime(96 * DAY);
    const q = attrs(w.pool.execute(carol, { redeem: { tranche: "junior", shares: positionOf(w, carol).junior.shares } }), w.pool.address);
    expect(q.queued).toBe("true");
    w.app.advanceTime(DAY);
    w.pool.execute(manager, { mark_default: { loan_id: id } });
    const price = poolInfo(w).junior;
    const close = attrs(w.pool.execute(dave, { process_epoch: {} }), w.pool.address); // front-runs the write-down
    w.pool.execute(manager, { write_down: { loan_id: id, amount: usdc(30_000).toString() } });
    expect(BigInt(close.junior_paid)).toBe((BigInt(close.junior_filled) * BigInt(price.value)) / BigInt(price.shares));
    const after = poolInfo(w).junior; // what carol's shares would be worth had she stayed
    expect(BigInt(close.junior_paid)).toBeGreaterThan((BigInt(close.junior_filled) * BigInt(after.value)) / BigInt(after.shares) + usdc(5_000));
  });
});

describe("finding 3: a queue filled for nothing", () => {
  it("queued junior shares are burned for 0 at the close when the tranche is worth 1 unit", () => {
    const w = fundedPool({}, app);
    w.pool.execute(carol, { deposit: { tranche: "junior" } }, coins(usdc(10_000)));
    const id = openLoan(w, "inv-1", BigInt(poolInfo(w).reserve) - 1_000n, "0.12", 30);
    const shares = positionOf(w, carol).junior.shares;
    expect(attrs(w.pool.execute(carol, { redeem: { tranche: "junior", shares } }), w.pool.address).queued).toBe("true");
    w.app.advanceTime(37 * DAY);
    w.pool.execute(manager, { mark_default: { loan_id: id } });
    const junior = BigInt(poolInfo(w).junior.value);
    w.pool.execute(manager, { write_down: { loan_id: id, amount: (junior - 1n).toString() } });
    expect(poolInfo(w).junior.value).toBe("1");
    const before = bal(w, carol);
    const close = attrs(w.pool.execute(dave, { process_epoch: {} }), w.pool.address);
    expect(close).toMatchObject({ junior_filled: shares, junior_paid: "0" });
    expect(bal(w, carol)).toBe(before);
    expect(positionOf(w, carol)).toMatchObject({ junior: { shares: "0", queued_shares: "0" }, requests: [] });
  });
});

describe("finding 4: junior pays senior interest on idle cash", () => {
  it("an idle pool at the 20 % bound: junior cannot redeem 1 unit; after four idle years junior is 0 and the pool is closed", () => {
    const w = setup({}, app);
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(usdc(30_000)));
    w.pool.execute(alice, { deposit: { tranche: "senior" } }, coins(usdc(120_000)));
    expect(w.pool.fails(bob, { redeem: { tranche: "junior", shares: "1" } })).toMatch(/Junior redemption would leave the junior tranche at 0.199999999994666666/);
    w.app.advanceTime(4 * YEAR);
    expect(poolInfo(w)).toMatchObject({ senior_target: usdc(158_400).toString(), junior: { value: "0" } });
    expect(w.pool.fails(carol, { deposit: { tranche: "junior" } }, coins(usdc(1_000)))).toMatch(/The junior tranche is wiped out/);
    expect(w.pool.fails(carol, { deposit: { tranche: "senior" } }, coins(usdc(1_000)))).toMatch(/Senior deposit would leave the junior tranche at 0/);
  });

  it("a poke every day compounds T: 8 % becomes 8.33 %", () => {
    const w = fundedPool({}, app);
    for (let d = 0; d < 365; d++) {
      w.app.advanceTime(DAY);
      w.pool.execute(dave, { process_epoch: {} });
    }
    expect(BigInt(poolInfo(w).senior_target)).toBe(108_327_757_179n);
  });
});

describe("finding 5: owner and manager powers", () => {
  it("the owner holding senior sets senior_apr 100 % and min_junior_ratio 0.9 at once: junior is trapped and drained within a year", () => {
    const w = fundedPool({}, app);
    w.app.mint(owner, coins(usdc(20_000)));
    w.pool.execute(owner, { deposit: { tranche: "senior" } }, coins(usdc(20_000)));
    w.pool.execute(owner, { update_config: { senior_apr: "1", min_junior_ratio: "0.9" } });
    expect(w.pool.fails(bob, { redeem: { tranche: "junior", shares: "1000000" } })).toMatch(/Junior redemption would leave the junior tranche at/);
    w.app.advanceTime(YEAR);
    expect(poolInfo(w).junior.value).toBe("0");
  });

  it("the manager marks a default, claims the NFT to itself and writes the loan off", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", usdc(40_000), "0.12", 30);
    w.app.advanceTime(37 * DAY);
    w.pool.execute(manager, { mark_default: { loan_id: id } });
    w.pool.execute(manager, { claim_collateral: { loan_id: id } });
    w.pool.execute(manager, { write_down: { loan_id: id, percent: "1" } });
    expect(w.nft.query<{ owner: string }>({ owner_of: { token_id: "inv-1" } }).owner).toBe(manager);
    expect(w.pool.query<{ book_value: string }>({ loan: { loan_id: id } }).book_value).toBe("0");
  });

  it("after the owner renounces, a manager pause can never be lifted", () => {
    const w = fundedPool({}, app);
    w.pool.execute(owner, { update_ownership: "renounce_ownership" });
    w.pool.execute(manager, { set_paused: { paused: true } });
    expect(w.pool.fails(manager, { set_paused: { paused: false } })).toMatch(/Contract ownership has been renounced/);
    expect(w.pool.fails(owner, { set_paused: { paused: false } })).toMatch(/Contract ownership has been renounced/);
    expect(w.pool.fails(carol, { deposit: { tranche: "junior" } }, coins(usdc(1_000)))).toMatch(/The pool is paused/);
  });
});

describe("finding 6: the reserve fee, self-defaults and a freezing queue", () => {
  it("the reserve fee's share of accrued interest is in NAV: a lender leaving before the repayment dodges its share", () => {
    const w = fundedPool({}, app);
    w.pool.execute(carol, { deposit: { tranche: "junior" } }, coins(usdc(30_000)));
    const id = openLoan(w, "inv-1", usdc(100_000), "0.15", 73);
    w.app.advanceTime(73 * DAY);
    const shares = BigInt(positionOf(w, carol).junior.shares);
    const paid = BigInt(attrs(w.pool.execute(carol, { redeem: { tranche: "junior", shares: shares.toString() } }), w.pool.address).paid);
    const left = poolInfo(w).junior;
    w.pool.execute(sme, { repay: { loan_id: id } }, coins(debtOf(w, id)));
    const after = poolInfo(w).junior;
    // The 300 fee comes off junior after carol left: bob, who stayed, pays all of it.
    expect(BigInt(left.value) - BigInt(after.value)).toBe(usdc(300));
    expect(paid).toBe((shares * (BigInt(left.value) + paid)) / (BigInt(left.shares) + shares));
  });

  it("a borrower marks his own loan defaulted after the public delay, freezes its interest and pays through recover without the fee", () => {
    const w = fundedPool({}, app);
    const id = openLoan(w, "inv-1", usdc(10_000), "0.12", 30);
    w.app.advanceTime(67 * DAY); // maturity + 7 days grace + 30 days public delay
    w.pool.execute(sme, { mark_default: { loan_id: id } });
    const frozen = debtOf(w, id);
    w.app.advanceTime(100 * DAY);
    expect(debtOf(w, id)).toBe(frozen); // 100 days of interest never owed
    const fees = poolInfo(w).fees_owed;
    w.pool.execute(sme, { recover: { loan_id: id } }, coins(frozen));
    expect(poolInfo(w).fees_owed).toBe(fees); // no reserve fee on the 220 of interest
    expect(w.nft.query<{ owner: string }>({ owner_of: { token_id: "inv-1" } }).owner).toBe(sme);
  });

  it("queueing a full redemption and cancelling it before the close freezes lending, epoch after epoch", () => {
    const w = fundedPool({}, app);
    openLoan(w, "inv-0", usdc(40_000)); // 90 000 left: alice's 100 000 cannot be paid at once
    mintInvoice(w, "inv-1", usdc(12_500));
    const pledge = w.nft.execute(sme, { send_nft: { contract: w.pool.address, token_id: "inv-1", msg: hookMsg({ amount: usdc(10_000).toString(), apr: null, maturity: (w.app.block.time + BigInt(90 * DAY) * 1_000_000_000n).toString() }) } });
    const id = Number(attrs(pledge, w.pool.address).loan_id);
    w.pool.execute(manager, { approve_loan: { loan_id: id, apr: "0.12" } });
    for (let epoch = 0; epoch < 3; epoch++) {
      const r = attrs(w.pool.execute(alice, { redeem: { tranche: "senior", shares: positionOf(w, alice).senior.shares } }), w.pool.address);
      expect(r.queued).toBe("true");
      expect(w.pool.fails(sme, { draw: { loan_id: id } })).toMatch(/Reserve too short: 0 lendable after queued redemptions/);
      w.pool.execute(alice, { cancel_redemption: { request_id: Number(r.request_id) } });
      w.app.advanceTime(DAY);
      w.pool.execute(dave, { process_epoch: {} });
    }
  });
});
