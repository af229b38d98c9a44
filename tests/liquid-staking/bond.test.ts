// Instantiation, bonding and the exchange rate: deposits go to the most under-weight validator,
// refill the buffer and mint stk at total native value / stk supply, with rewards accrued but not
// harvested counted, so neither a deposit just before a harvest nor a first-deposit donation
// can take value from others.
import { describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { deploy } from "@persistence-ts/testing/contracts";
import { DAY, EPOCH, UNBONDING, XPRT, alice, attrs, bob, bond, carol, delegations, operator, owner, poolState, setup, stk, stkSupply, sum, treasury, uxprt, valoper } from "./setup";
import * as ContractError from "../../contracts/liquid-staking/src/error";

describe("instantiate", () => {
  it("stores the defaults and serves stk as a cw20 whose only minter is the contract", () => {
    const s = setup();
    expect(s.ls.query({ config: {} })).toEqual({
      bond_denom: "uxprt",
      epoch_period: EPOCH,
      unbonding_period: UNBONDING,
      protocol_fee: "0.05",
      instant_unstake_fee: "0.01",
      buffer_target: "0.05",
      max_rate_drop: "0.05",
      harvest_interval: DAY,
      min_deposit: "1000000",
      fee_recipient: treasury,
      operator,
    });
    expect(s.ls.query({ token_info: {} })).toEqual({ name: "Staked XPRT", symbol: "stkXPRT", decimals: 6, total_supply: "0" });
    expect(s.ls.query({ minter: {} })).toEqual({ minter: s.ls.address, cap: null });
    expect(s.ls.query({ ownership: {} })).toEqual({ owner, pending_owner: null, pending_expiry: null });
    expect(s.ls.query({ validators: {} })).toEqual({
      validators: s.vals.map((address, i) => ({ address, weight: i === 0 ? 3334 : 3333, delegated: "0", target: "0", in_set: true, bonded: true })),
    });
    expect(s.ls.query({ current_batch: {} })).toEqual({
      id: 1,
      stk: "0",
      est_submit_time: (s.app.block.time + BigInt(EPOCH) * 1_000_000_000n).toString(),
      est_native: "0",
    });
    expect(poolState(s)).toMatchObject({ total_native: "0", stk_supply: "0", exchange_rate: "1", paused: false });
  });

  it("refuses a bad set-up, naming the problem", () => {
    const app = new App();
    for (const n of [1, 2]) app.addValidator({ address: valoper(n), commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
    const base = { name: "Staked XPRT", symbol: "stkXPRT", bond_denom: "uxprt", validators: [{ address: valoper(1), weight: 10_000 }] };
    const err = (msg: Record<string, unknown>) => {
      try {
        deploy(app, "liquid-staking", owner, { ...base, ...msg });
      } catch (e) {
        return (e as Error).message;
      }
      return "accepted";
    };
    expect(err({ validators: [{ address: valoper(1), weight: 5000 }] })).toContain("Invalid weights: they sum to 5000, not 10000");
    expect(err({ validators: [] })).toContain("Invalid validator set: 1 to 30 validators");
    expect(err({ validators: [{ address: valoper(1), weight: 5000 }, { address: valoper(1), weight: 5000 }] })).toContain("Duplicate validator");
    expect(err({ validators: [{ address: valoper(9), weight: 10_000 }] })).toContain(ContractError.validatorNotFound(valoper(9)));
    expect(err({ bond_denom: "uatom" })).toContain("bond_denom uatom is not the chain's bonded denom uxprt");
    expect(err({ protocol_fee: "0.11" })).toContain("Invalid protocol_fee: at most 10%");
    expect(err({ buffer_target: "0.6" })).toContain("Invalid buffer_target: at most 50%");
    expect(err({ epoch_period: EPOCH - 1 })).toContain("Invalid epoch_period");
    expect(err({ symbol: "stk XPRT" })).toContain("Ticker symbol is not in expected format");
    expect(err({})).toBe("accepted");
  });
});

describe("bond", () => {
  it("mints 1:1 at first (1000 stk locked in the contract), fills the buffer and splits the stake by weight deficit", () => {
    const s = setup();
    const res = bond(s, alice, 10n * XPRT);
    expect(attrs(res)).toMatchObject({ action: "bond", receiver: alice, amount: "10000000", minted: "9999000", buffered: "500000", exchange_rate: "1" });
    expect(stk(s, alice)).toBe(10n * XPRT - 1000n);
    expect(stk(s, s.ls.address)).toBe(1000n);
    // Every validator is below its target by weight × 9.5 XPRT / 10000; the one furthest below
    // takes its shortfall plus 1% of the total, the next likewise, the last the rest.
    const byWeight = (total: bigint) => [(total * 3334n) / 10_000n, (total * 3333n) / 10_000n, (total * 3333n) / 10_000n];
    const slack = 9_500_000n / 100n;
    const first = byWeight(9_500_000n).map((t) => t + slack);
    first[2] = 9_500_000n - first[0] - first[1];
    expect(delegations(s)).toEqual(new Map(s.vals.map((v, i) => [v, first[i]])));
    bond(s, bob, 10n * XPRT);
    bond(s, carol, 10n * XPRT);
    const d = delegations(s);
    expect(sum(d.values())).toBe(28_500_000n);
    // No validator is more than 1% of the total past its target.
    const targets = byWeight(28_500_000n);
    for (let i = 0; i < 3; i++) expect(d.get(s.vals[i])! - targets[i]).toBeLessThanOrEqual(285_000n);
    expect(stk(s, bob)).toBe(10n * XPRT);
    expect(poolState(s)).toMatchObject({ total_native: "30000000", stk_supply: "30000000", buffer: "1500000", delegated: "28500000", exchange_rate: "1" });
    expect(s.app.balance(s.ls.address, "uxprt")).toBe(1_500_000n);
  });

  it("one deposit touches at most 3 validators: those furthest below their target, largest shortfall first, each at most 1% of the total past it", () => {
    const s = setup({}, 6);
    for (let i = 0; i < 6; i++) bond(s, [alice, bob, carol][i % 3], 10n * XPRT);
    // Give the last two a larger share: they are now furthest below their targets.
    s.ls.execute(owner, { update_weights: { validators: s.vals.map((address, i) => ({ address, weight: i < 4 ? 1000 : 3000 })) } });
    const before = delegations(s);
    const st = poolState(s);
    const res = bond(s, alice, 20n * XPRT);
    const staked = 20n * XPRT - BigInt(attrs(res).buffered);
    const total = BigInt(st.delegated) + staked;
    const delegated = res.events.filter((e) => e.type === "delegate").map((e) => e.attributes.find((a) => a.key === "validator")!.value);
    expect(delegated.length).toBeLessThanOrEqual(3);
    // Only the two heavy validators are below target; the one furthest below (a tie: either)
    // takes its shortfall plus 1% of the total, the other the rest, still below its target.
    const after = delegations(s);
    const added = s.vals.map((v) => after.get(v)! - before.get(v)!);
    expect(added.slice(0, 4)).toEqual([0n, 0n, 0n, 0n]);
    const deficit = (total * 3000n) / 10_000n - before.get(s.vals[4])!;
    const slack = total / 100n;
    expect(added.slice(4).sort((a, b) => Number(a - b))).toEqual([staked - deficit - slack, deficit + slack]);
    for (const v of s.vals.slice(4)) expect(after.get(v)!).toBeLessThanOrEqual((total * 3000n) / 10_000n + slack);
  });

  it("mints for the receiver when one is named", () => {
    const s = setup();
    s.ls.execute(alice, { bond: { receiver: carol } }, uxprt(2n * XPRT));
    expect(stk(s, carol)).toBe(2n * XPRT - 1000n);
    expect(stk(s, alice)).toBe(0n);
  });

  it("refuses deposits below the minimum, in another denom, without funds or with a first deposit that only covers the locked stk", () => {
    const s = setup();
    s.app.mint(alice, [{ denom: "uatom", amount: "100000000" }]);
    expect(s.ls.fails(alice, { bond: {} }, uxprt(XPRT - 1n))).toContain(ContractError.belowMinDeposit(String(XPRT - 1n), String(XPRT)));
    expect(s.ls.fails(alice, { bond: {} }, [{ denom: "uatom", amount: "2000000" }])).toContain("Must send reserve token 'uxprt'");
    expect(s.ls.fails(alice, { bond: {} })).toContain("No funds sent");
    const low = setup({ min_deposit: "1" });
    expect(low.ls.fails(alice, { bond: {} }, uxprt(1000n))).toContain("The first deposit must exceed 1000");
    expect(low.ls.fails(alice, { queue_unbond: { amount: "1" } }, uxprt(1n))).toContain("This message does no accept funds");
  });

  it("counts rewards accrued but not harvested, net of the protocol fee (10% APR, 5% commission)", () => {
    const s = setup({}, 1);
    bond(s, alice, 100n * XPRT);
    s.app.advanceTime(365 * DAY);
    // 95 XPRT delegated (5 in the buffer) earn 95 × 10% × 95% = 9.025 XPRT; 5% of it is the fee.
    expect(poolState(s)).toMatchObject({ pending_rewards: "9025000", total_native: "108573750", exchange_rate: "1.0857375" });
  });

  it("a deposit made just before a harvest does not capture earlier rewards", () => {
    const s = setup({}, 1);
    bond(s, alice, 100n * XPRT);
    s.app.advanceTime(365 * DAY);
    bond(s, bob, 100n * XPRT);
    s.ls.execute(operator, { harvest: {} });
    const st = poolState(s);
    const value = (x: bigint) => (x * BigInt(st.total_native)) / BigInt(st.stk_supply);
    // Bob's stk are worth his deposit (minus rounding), alice's carry the year's rewards.
    expect(value(stk(s, bob))).toBeLessThanOrEqual(100n * XPRT);
    expect(value(stk(s, bob))).toBeGreaterThanOrEqual(100n * XPRT - 2n);
    expect(value(stk(s, alice))).toBeGreaterThan(108n * XPRT);
  });

  it("the first deposit cannot be used for an inflation attack: a donation is kept apart, out of the rate", () => {
    const s = setup();
    // The attacker makes the first (minimum) deposit, then donates 1000 XPRT to the contract.
    bond(s, alice, XPRT);
    s.app.send(alice, { bank: { send: { to_address: s.ls.address, amount: uxprt(1000n * XPRT) } } });
    const rate = poolState(s).exchange_rate;
    // The victim buys at the fair rate; its bond finds the donation belongs to no batch: surplus.
    expect(attrs(bond(s, bob, 10n * XPRT))).toMatchObject({ surplus: (1000n * XPRT).toString() });
    expect(stk(s, bob)).toBe(10n * XPRT);
    expect(poolState(s)).toMatchObject({ surplus: (1000n * XPRT).toString(), exchange_rate: rate, unlocked: "0" });
    // Harvests and settlements never count it: the rate stays where the stake puts it.
    s.app.advanceTime(DAY);
    s.ls.execute(operator, { harvest: {} });
    expect(BigInt(poolState(s).surplus)).toBe(1000n * XPRT);
    // Only the owner sends it on (e.g. back to whoever sent it by mistake).
    expect(s.ls.fails(alice, { sweep_surplus: { recipient: alice } })).toContain("Unauthorized");
    const before = s.app.balance(alice, "uxprt");
    expect(attrs(s.ls.execute(owner, { sweep_surplus: { recipient: alice } }))).toMatchObject({ action: "sweep_surplus", amount: (1000n * XPRT).toString() });
    expect(s.app.balance(alice, "uxprt")).toBe(before + 1000n * XPRT);
    expect(poolState(s).surplus).toBe("0");
    expect(s.ls.fails(owner, { sweep_surplus: {} })).toContain("No surplus to sweep");
    expect(stkSupply(s)).toBe(stk(s, alice) + stk(s, bob) + stk(s, s.ls.address) + stk(s, treasury));
  });
});
