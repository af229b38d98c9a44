// Rewards: they accrue into the rate, harvest withdraws them and its reply reinvests them,
// minting the protocol fee as stk at an unchanged rate, and records the rate.
import { describe, expect, it } from "vitest";
import { DAY, XPRT, alice, attrs, bob, bond, carol, delegations, operator, poolState, setup, stk, sum, treasury } from "./setup";

interface RateRecord {
  id: number;
  time: string;
  exchange_rate: string;
  total_native: string;
  stk_supply: string;
  rewards: string;
  fee: string;
}

const history = (s: ReturnType<typeof setup>, q: Record<string, unknown> = {}) =>
  s.ls.query<{ records: RateRecord[] }>({ rate_history: q }).records;

/** V/S as an exact fraction: [V, S]. */
const rateOf = (s: ReturnType<typeof setup>): [bigint, bigint] => {
  const st = poolState(s);
  return [BigInt(st.total_native), BigInt(st.stk_supply)];
};

describe("harvest", () => {
  it("the operator may harvest at any time, anyone else once the interval has passed", () => {
    const s = setup();
    bond(s, alice, 10n * XPRT);
    s.app.advanceTime(3600);
    expect(s.ls.fails(alice, { harvest: {} })).toContain("Unauthorized: harvest is not due yet; only the operator may call it now");
    s.ls.execute(operator, { harvest: {} });
    s.app.advanceTime(DAY - 1);
    expect(s.ls.fails(bob, { harvest: {} })).toContain("not due yet");
    s.app.advanceTime(1);
    s.ls.execute(bob, { harvest: {} });
  });

  it("withdraws every validator's rewards, reinvests them and mints the fee as stk without moving the rate", () => {
    const s = setup();
    for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
    s.app.advanceTime(30 * DAY);
    const before = poolState(s);
    const [v0, s0] = rateOf(s);
    const delegatedBefore = sum(delegations(s).values());
    const res = s.ls.execute(operator, { harvest: {} });
    const a = attrs(res);
    expect(a).toMatchObject({ action: "reinvest", validators: "3", harvested: before.pending_rewards, reinvested: before.pending_rewards });
    const rewards = BigInt(before.pending_rewards);
    const fee = (rewards * 5n) / 100n;
    expect(a.fee).toBe(fee.toString());
    const after = poolState(s);
    expect(after).toMatchObject({ pending_rewards: "0", unlocked: "0", total_native: (v0 + fee).toString() });
    expect(sum(delegations(s).values())).toBe(delegatedBefore + rewards);
    // The fee recipient's stk are worth the fee (rounded down); everyone else's rate is unchanged or up.
    const [v1, s1] = rateOf(s);
    expect(v1 * s0).toBeGreaterThanOrEqual(v0 * s1);
    expect((stk(s, treasury) * v1) / s1).toBeLessThanOrEqual(fee);
    expect((stk(s, treasury) * v1) / s1).toBeGreaterThanOrEqual(fee - 2n);
    expect(history(s)).toEqual([
      {
        id: 1,
        time: s.app.block.time.toString(),
        exchange_rate: after.exchange_rate,
        total_native: after.total_native,
        stk_supply: after.stk_supply,
        rewards: rewards.toString(),
        fee: fee.toString(),
      },
    ]);
  });

  it("the rate grows with every harvest; the history pages by id", () => {
    const s = setup();
    bond(s, alice, 100n * XPRT);
    for (let i = 0; i < 4; i++) {
      s.app.advanceTime(10 * DAY);
      s.ls.execute(operator, { harvest: {} });
    }
    const records = history(s);
    expect(records.map((r) => r.id)).toEqual([1, 2, 3, 4]);
    for (let i = 1; i < records.length; i++) expect(Number(records[i].exchange_rate)).toBeGreaterThan(Number(records[i - 1].exchange_rate));
    expect(history(s, { start_after: 2, limit: 1 }).map((r) => r.id)).toEqual([3]);
  });

  it("rewards the chain pays out on a stake change are kept as unlocked, at the same value, and reinvested", () => {
    const s = setup({}, 1);
    bond(s, alice, 100n * XPRT);
    s.app.advanceTime(10 * DAY);
    const pending = BigInt(poolState(s).pending_rewards);
    const v0 = BigInt(poolState(s).total_native);
    bond(s, bob, 10n * XPRT);
    // The delegation paid its rewards to the contract: pending → unlocked, value unchanged.
    expect(poolState(s)).toMatchObject({ pending_rewards: "0", unlocked: pending.toString(), total_native: (v0 + 10n * XPRT).toString() });
    expect(s.app.balance(s.ls.address, "uxprt")).toBe(BigInt(poolState(s).buffer) + pending);
    // Nothing left to withdraw: harvest reinvests the unlocked rewards at once, without a reply.
    const a = attrs(s.ls.execute(operator, { harvest: {} }));
    expect(a).toMatchObject({ action: "harvest", reinvested: pending.toString() });
    expect(poolState(s).unlocked).toBe("0");
  });

  it("a large set is harvested in pages of 20 withdrawals, continuing where the last harvest stopped", () => {
    const s = setup({ min_deposit: "1000" }, 25);
    for (let i = 0; i < 25; i++) bond(s, [alice, bob, carol][i % 3], XPRT);
    expect(delegations(s).size).toBe(25);
    s.app.advanceTime(DAY);
    // The harvest's own withdrawals come before the last one's reply reinvests (whose delegations may pay out more).
    const reinvest = (res: ReturnType<typeof s.ls.execute>) => res.events.findIndex((e) => e.type === "wasm" && e.attributes.some((a) => a.key === "action" && a.value === "reinvest"));
    const withdrawn = (res: ReturnType<typeof s.ls.execute>) =>
      res.events
        .slice(0, reinvest(res))
        .filter((e) => e.type === "withdraw_rewards")
        .map((e) => e.attributes.find((a) => a.key === "validator")!.value);
    const first = withdrawn(s.ls.execute(operator, { harvest: {} }));
    expect(first).toHaveLength(20);
    expect(BigInt(poolState(s).pending_rewards)).toBeGreaterThan(0n);
    s.app.advanceTime(3600);
    const second = withdrawn(s.ls.execute(operator, { harvest: {} }));
    expect(second).toHaveLength(20);
    // The five left out first come first now, then the page wraps around.
    const left = s.vals.filter((v) => !first.includes(v));
    expect(second.slice(0, 5).sort()).toEqual(left.sort());
    expect(new Set([...first, ...second]).size).toBe(25);
  });

  it("harvest stops while paused", () => {
    const s = setup();
    bond(s, alice, 10n * XPRT);
    s.ls.execute(operator, { pause: {} });
    expect(s.ls.fails(operator, { harvest: {} })).toContain("Paused");
  });
});
