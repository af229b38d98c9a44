// Slashing: a slash of unbonding stake reaches only the entries created at or after the
// infraction height (x/staking); the batch it hit bears it alone when its payout is observed on its
// own, and batches whose payouts land in one unobserved window share it pro rata. A slash of bonded
// stake lowers the rate, and beyond max_rate_drop the circuit breaker pauses the contract
// (refunding what the tripping call brought in).
import { describe, expect, it } from "vitest";
import { DAY, EPOCH, Setup, UNBONDING, XPRT, alice, attrs, bob, bond, carol, operator, owner, poolState, setup, stk, uxprt } from "./setup";

const hook = (msg: unknown) => Buffer.from(JSON.stringify(msg)).toString("base64");

function staked(): Setup {
  const s = setup();
  for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
  return s;
}

const NANOS = 1_000_000_000n;

interface BatchInfo {
  id: number;
  undelegated: string;
  unbond_end: string;
  received: string | null;
}

/**
 * Batch 1 (alice) is submitted, then an infraction happens, then batch 2 (bob) is submitted; the
 * evidence comes a day later and slashes 10% of the first validator for that infraction: only
 * batch 2's entry on it is cut (and the bonded stake).
 */
function slashBetween() {
  const s = staked();
  s.ls.execute(alice, { queue_unbond: { amount: (30n * XPRT).toString() } });
  s.app.advanceTime(EPOCH);
  s.ls.execute(operator, { submit_batch: {} });
  s.app.advanceBlocks(1);
  const infraction = s.app.block.height;
  s.ls.execute(bob, { queue_unbond: { amount: (30n * XPRT).toString() } });
  s.app.advanceTime(EPOCH);
  s.ls.execute(operator, { submit_batch: {} });
  s.app.advanceTime(DAY);
  const entries = () => s.app.staking.unbondingEntries(s.app.store, s.ls.address);
  const before = entries();
  s.app.slash(s.vals[0], "0.1", { infractionHeight: infraction, jail: true });
  const cut = before.map((e, i) => e.balance - entries()[i].balance);
  const heights = [...new Set(before.map((e) => e.creationHeight))].sort((a, b) => a - b);
  const cutOf = (h: number) => cut.filter((_, i) => before[i].creationHeight === h).reduce((a, b) => a + b, 0n);
  const batches = () => s.ls.query<{ batches: BatchInfo[] }>({ batches: {} }).batches;
  return { s, cut1: cutOf(heights[0]), cut2: cutOf(heights[1]), batches };
}

describe("slashing during unbonding", () => {
  it("a slash for an infraction between two submissions cuts only the later batch's entries; observed alone, it bears it alone", () => {
    const { s, cut1, cut2, batches } = slashBetween();
    expect(cut1).toBe(0n);
    expect(cut2).toBeGreaterThan(0n);
    const [b1, b2] = batches();
    for (const b of [b1, b2]) {
      s.app.advanceTime(Number((BigInt(b.unbond_end) - s.app.block.time) / NANOS) + 60);
      s.ls.execute(carol, { reconcile: {} });
      s.app.advanceBlocks(1);
      expect(attrs(s.ls.execute(carol, { reconcile: {} }))).toMatchObject({ settled: String(b.id) });
    }
    const [r1, r2] = batches();
    expect(BigInt(r1.received!)).toBe(BigInt(b1.undelegated));
    expect(BigInt(r2.received!)).toBe(BigInt(b2.undelegated) - cut2);
  });

  it("when both payouts land in one unobserved window, the batches share the slash pro rata", () => {
    const { s, cut2, batches } = slashBetween();
    const [b1, b2] = batches();
    // Nobody calls from before batch 1's end until after batch 2's: one window.
    s.app.advanceTime(Number((BigInt(b2.unbond_end) - s.app.block.time) / NANOS) + 60);
    s.app.advanceBlocks(1);
    s.ls.execute(carol, { reconcile: {} });
    s.app.advanceBlocks(1);
    const a = attrs(s.ls.execute(carol, { reconcile: {} }));
    const due = BigInt(b1.undelegated) + BigInt(b2.undelegated);
    expect(a).toMatchObject({ settled: "1,2", expected: due.toString(), arrived: (due - cut2).toString(), shortfall: cut2.toString() });
    const [r1, r2] = batches();
    const share1 = ((due - cut2) * BigInt(b1.undelegated)) / due;
    expect(BigInt(r1.received!)).toBe(share1);
    expect(BigInt(r2.received!)).toBe(due - cut2 - share1);
  });


  it("reconcile spreads the shortfall pro rata over the batches; every user gets the same fraction", () => {
    const s = staked();
    s.ls.execute(alice, { queue_unbond: { amount: "30000000" } });
    s.app.advanceTime(EPOCH);
    const n1 = BigInt(attrs(s.ls.execute(operator, { submit_batch: {} })).native);
    s.ls.execute(bob, { queue_unbond: { amount: "60000000" } });
    s.app.advanceTime(EPOCH);
    const n2 = BigInt(attrs(s.ls.execute(operator, { submit_batch: {} })).native);
    s.app.advanceTime(DAY);
    // 10% of the first validator's unbonding entries (a third of each batch) is burned: an
    // infraction at height 1, before both batches' entries were created.
    const entries = s.app.staking.unbondingEntries(s.app.store, s.ls.address).filter((e) => e.validator === s.vals[0]);
    const burned = entries.reduce((sum, e) => sum + e.initialBalance / 10n, 0n);
    // A slash pays nothing out (as in the SDK): whatever it did would show as unexplained.
    const balance = s.app.balance(s.ls.address, "uxprt");
    s.app.slash(s.vals[0], "0.1", { infractionHeight: 1, jail: true });
    const paidAtSlash = s.app.balance(s.ls.address, "uxprt") - balance;
    expect(poolState(s).paused).toBe(false);
    s.app.advanceTime(UNBONDING);
    s.ls.execute(operator, { reconcile: {} });
    s.app.advanceBlocks(1);
    const a = attrs(s.ls.execute(operator, { reconcile: {} }));
    // Both batches' payouts landed in the same unobserved window: they share its shortfall.
    expect(paidAtSlash).toBe(0n);
    expect(a).toMatchObject({ settled: "1,2", expected: (n1 + n2).toString(), shortfall: burned.toString() });
    const batches = s.ls.query<{ batches: Array<{ received: string; native: string }> }>({ batches: {} }).batches;
    const r1 = BigInt(batches[0].received);
    const r2 = BigInt(batches[1].received);
    const arrived = n1 + n2 - burned;
    expect(r1 + r2).toBe(arrived);
    // The same fraction of what each batch was owed, to within rounding.
    expect(Math.abs(Number(r1) / Number(n1) - Number(r2) / Number(n2))).toBeLessThan(1e-7);
    const aliceBefore = s.app.balance(alice, "uxprt");
    const bobBefore = s.app.balance(bob, "uxprt");
    s.ls.execute(alice, { withdraw_unbonded: {} });
    s.ls.execute(bob, { withdraw_unbonded: {} });
    expect(s.app.balance(alice, "uxprt") - aliceBefore).toBe(r1);
    expect(s.app.balance(bob, "uxprt") - bobBefore).toBe(r2);
    expect(BigInt(poolState(s).claimable)).toBe(0n);
  });
});

describe("circuit breaker", () => {
  it("a slash below max_rate_drop lowers the rate and nothing stops", () => {
    const s = staked();
    s.app.slash(s.vals[0], "0.03", { infractionHeight: s.app.block.height, jail: true });
    bond(s, bob, 10n * XPRT);
    const st = poolState(s);
    expect(st.paused).toBe(false);
    expect(Number(st.exchange_rate)).toBeLessThan(1);
    expect(Number(st.exchange_rate)).toBeGreaterThan(0.98);
  });

  it("beyond max_rate_drop the next update pauses the contract and refunds the deposit", () => {
    const s = staked();
    s.app.slash(s.vals[0], "0.3", { infractionHeight: s.app.block.height, jail: true });
    const bobBefore = s.app.balance(bob, "uxprt");
    const stkBefore = stk(s, bob);
    const res = s.ls.execute(bob, { bond: {} }, uxprt(10n * XPRT));
    expect(attrs(res)).toMatchObject({ action: "bond", circuit_breaker: "tripped" });
    expect(res.events.some((e) => e.type === "wasm-circuit_breaker")).toBe(true);
    expect(s.app.balance(bob, "uxprt")).toBe(bobBefore);
    expect(stk(s, bob)).toBe(stkBefore);
    expect(poolState(s).paused).toBe(true);
    // Bonding, instant unstakes and harvests stop; exits, transfers and reconciles go on.
    expect(s.ls.fails(bob, { bond: {} }, uxprt(10n * XPRT))).toContain("Paused");
    s.ls.execute(bob, { queue_unbond: { amount: "1" } });
    expect(s.ls.fails(bob, { instant_unstake: { amount: "1000000" } })).toContain("Paused");
    expect(s.ls.fails(operator, { harvest: {} })).toContain("Paused");
    s.ls.execute(bob, { transfer: { recipient: carol, amount: "1000" } });
    s.ls.execute(bob, { reconcile: {} });
    // Only the owner resumes, taking the current rate as the new reference.
    expect(s.ls.fails(operator, { unpause: {} })).toContain("Unauthorized: only the owner may do this");
    const rate = poolState(s).exchange_rate;
    expect(attrs(s.ls.execute(owner, { unpause: {} }))).toMatchObject({ action: "unpause", exchange_rate: rate });
    bond(s, bob, 10n * XPRT);
    expect(stk(s, bob)).toBeGreaterThan(stkBefore + 10n * XPRT);
  });

  it("an instant unstake through a send that trips the breaker gives the stk back", () => {
    const s = staked();
    s.app.slash(s.vals[0], "0.3", { infractionHeight: s.app.block.height, jail: true });
    const res = s.ls.execute(bob, { send: { contract: s.ls.address, amount: "1000000", msg: hook({ instant_unstake: {} }) } });
    expect(attrs(res)).toMatchObject({ circuit_breaker: "tripped" });
    expect(stk(s, bob)).toBe(100n * XPRT);
    expect(stk(s, s.ls.address)).toBe(1000n);
    expect(poolState(s).paused).toBe(true);
  });
});
