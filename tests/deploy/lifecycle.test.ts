// The demo's lifecycle as assertions: `npm run demo`'s deploy + the three stories on the
// simulator, with the figures each story must produce (the stories check themselves too; here
// the numbers are pinned from the contracts' formulas).

import { beforeAll, describe, expect, it } from "vitest";
import { DemoResult, runDemo } from "../../deploy/demo";
import { STABLE } from "../../deploy/lifecycle/escrow";
import { SIM, artifactsDir, tmpDir } from "./helpers";

const YEAR = 365n * 86_400n;
const atoms = (r: string): bigint => {
  const [i, f = ""] = r.split(".");
  return BigInt(i) * 10n ** 18n + BigInt(f.padEnd(18, "0"));
};

describe("the RWA lifecycle on the simulator (npm run demo)", () => {
  let demo: DemoResult;
  const lines: string[] = [];

  beforeAll(async () => {
    demo = await runDemo({ network: SIM, artifactsDir: artifactsDir(), deploymentsDir: tmpDir(), out: (l) => lines.push(l) });
  });

  it("story 1: the invoice NFT carries its document hash and settles atomically at the negotiated price", () => {
    const e = demo.lifecycle.escrow;
    expect(e.documentHash).toMatch(/^[0-9a-f]{64}$/);
    expect([e.askPrice, e.financierOffer, e.smeCounter, e.price]).toEqual([10_000n * STABLE, 9_500n * STABLE, 9_800n * STABLE, 9_800n * STABLE]);
    expect(e.fee).toBe((9_800n * STABLE * 250n) / 10_000n); // 245 USDC at 2.5 %
    expect(e.smeReceived).toBe(9_555n * STABLE);
    expect(e.financierPaid).toBe(9_800n * STABLE);
    expect(e.collectorReceived).toBe(245n * STABLE);
    expect(e.status).toBe("settled");
    expect(e.nftOwner).toMatch(/^persistence1/);
  });

  it("story 2: the deposit orders execute at the first close; the repaid loan raises both share prices; the late loan leaves junior's order value at its maturity, senior keeps its target", () => {
    const p = demo.lifecycle.pool;
    // Orders execute at the close after the epoch runs out: the first deposits at price 1 (1,000 shares of each locked).
    expect(p.firstClose).toEqual({ epoch: 1, juniorMinted: p.juniorDeposit, seniorMinted: p.seniorDeposit });
    expect(p.prices.start).toEqual({ senior: "1", junior: "1" });
    // 100,000 at 15 % for 73 days (0.2 year): 3,000 of interest (+ the seconds of the in-flight blocks), 10 % of it to the reserve fee.
    const days73 = 73n * 86_400n;
    expect(p.loan1.interestPaid).toBeGreaterThanOrEqual((100_000n * STABLE * 15n * days73) / (100n * YEAR));
    expect(p.loan1.interestPaid).toBeLessThan(3_001n * STABLE);
    expect(p.loan1.reserveFee).toBe(p.loan1.interestPaid / 10n);
    expect(p.loan1.repayments).toBe(1);
    expect(atoms(p.prices.afterRepay.senior)).toBeGreaterThan(atoms(p.prices.start.senior));
    expect(atoms(p.prices.afterRepay.junior)).toBeGreaterThan(atoms(p.prices.start.junior));
    // Senior at 8 % on the 100,000 lent for 73 days: 1.016; junior earned the spread net of the fee: 31,100 / 30,000.
    expect(p.prices.afterRepay.senior.startsWith("1.016")).toBe(true);
    expect(p.prices.afterRepay.junior.startsWith("1.03666")).toBe(true);

    // Loan 2's book value (principal + 30 days of interest net of the fee) is written down; the
    // policy had marked 7 of 90 days of it (grace 7 days), so the pool loses the rest.
    const book = 20_000n * STABLE + (20_000n * STABLE * 12n * 30n * 9n) / (100n * 365n * 10n);
    expect(p.loan2.writtenDown - book).toBeLessThan(2n);
    const marked = p.loan2.writtenDown - p.loan2.loss; // 7 days and the seconds of the in-flight blocks
    expect(marked).toBeGreaterThanOrEqual((p.loan2.writtenDown * 7n) / 90n);
    expect(marked).toBeLessThan((p.loan2.writtenDown * (7n * 86_400n + 3_600n)) / (90n * 86_400n));
    expect(p.afterWriteDown.senior).toBe(p.afterWriteDown.seniorTarget);
    // At its maturity (7 days' grace before the default) orders count the loan 0: junior's order
    // value loses the loan's value at the first query (its principal and the seconds of interest
    // since the draw's block) and the 37 days of T's growth, not the interest accrued since (never paid).
    const tGrowth = p.overdue.seniorTarget - p.current.seniorTarget;
    const sinceDraw = p.current.junior - p.overdue.junior - (p.loan2.amount + tGrowth);
    expect(sinceDraw).toBeGreaterThanOrEqual(0n);
    expect(sinceDraw).toBeLessThan((p.loan2.amount * 12n * 60n) / (100n * 365n * 86_400n)); // under a minute at 12 %
    expect(p.overdue.senior).toBe(p.overdue.seniorTarget);
    // The write-down moves the reported NAV by its loss (plus the policy's markdown of the seconds
    // between the queries) and no order price: junior only by T's growth.
    const growth = p.afterWriteDown.seniorTarget - p.beforeWriteDown.seniorTarget;
    expect(p.beforeWriteDown.junior - p.afterWriteDown.junior).toBe(growth);
    const navDrop = p.beforeWriteDown.assets - p.afterWriteDown.assets;
    expect(navDrop).toBeGreaterThanOrEqual(p.loan2.loss);
    expect(navDrop - p.loan2.loss).toBeLessThan((p.loan2.writtenDown * 3_600n) / (90n * 86_400n));
    expect(atoms(p.prices.afterDefault.junior)).toBeLessThan(atoms(p.prices.afterRepay.junior));
    expect(atoms(p.prices.afterDefault.senior)).toBeGreaterThanOrEqual(atoms(p.prices.afterRepay.senior));
  });

  it("story 3: rewards raise the rate, the batch pays what it owed, the instant unstake charges its fee", () => {
    const s = demo.lifecycle.staking;
    expect(s.bonded).toBe(10_000n * STABLE);
    expect(s.stkMinted).toBe(10_000n * STABLE - 1_000n); // first bond: 1,000 stk locked in the contract
    expect(atoms(s.rates.beforeHarvest)).toBeGreaterThan(atoms(s.rates.atBond));
    expect(atoms(s.rates.afterHarvest)).toBeGreaterThanOrEqual(atoms(s.rates.beforeHarvest));
    expect(atoms(s.rates.end)).toBeGreaterThan(atoms(s.rates.atBond));
    expect(s.harvested).toBeGreaterThan(0n);
    expect(s.protocolFee).toBe((s.harvested * 5n) / 100n); // the default 5 % protocol fee
    expect(s.unbond.stk).toBe((s.stkMinted * 40n) / 100n);
    expect(s.unbond.withdrawn).toBe(s.unbond.native); // no slashing: the batch gets what it was owed, at the first withdraw
    expect(s.unbond.native).toBeGreaterThan(s.unbond.stk); // at a rate above 1
    // instant: value − ceil(value × 1 %)
    const value = s.instant.paid + s.instant.fee;
    expect(s.instant.fee).toBe((value + 99n) / 100n);
    expect(s.stakerNet).toBe(-s.bonded + s.unbond.withdrawn + s.instant.paid);
  });

  it("prints who did what, balances, share prices, the exchange rate and gas per step", () => {
    const text = lines.join("\n");
    expect(text).toMatch(/upload +nft +code 1/);
    expect(text).toMatch(/sme +send_nft \+ create_ask +asks 10,000 USDC/);
    expect(text).toMatch(/financier +accept_offer .* gas +[\d,]+ +tx [0-9A-F]{12}…/);
    expect(text).toMatch(/sme \(seller\) +0 +9,555 +\+9,555/);
    expect(text).toMatch(/senior +[\d,.]+ +1\.016\d+/);
    expect(text).toMatch(/exchange rate 1\.00\d+ XPRT per stkXPRT/);
    // One withdraw, in the block after the batch's completion, pays the batch: no "retry".
    expect(text.match(/withdraw_unbonded +claims the batch: the first withdraw pays/g)).toHaveLength(1);
    expect(text).not.toMatch(/retry/);
    expect(text).toContain("Gas per step");
    expect(demo.report.gas.length).toBe(demo.lifecycle.transactions);
    expect(demo.lifecycle.transactions).toBeGreaterThanOrEqual(25);
  });
});
