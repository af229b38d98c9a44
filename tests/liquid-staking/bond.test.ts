// Instantiation, bonding and the exchange rate: deposits go to the most under-weight validator,
// refill the buffer and mint stk at total native value / stk supply, with rewards accrued but not
// harvested counted, so neither a deposit just before a harvest nor a first-deposit donation
// can take value from others.
import { describe, expect, it } from "vitest";
import { App } from "../../simulator/app/app";
import { deploy } from "../helpers/contracts";
import { DAY, EPOCH, UNBONDING, XPRT, alice, attrs, bob, bond, carol, delegations, operator, owner, poolState, setup, stk, stkSupply, treasury, uxprt, valoper } from "./setup";

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
      validators: s.vals.map((address, i) => ({ address, weight: i === 0 ? 3334 : 3333, delegated: "0", target: "0", in_set: true })),
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
    expect(err({ validators: [{ address: valoper(9), weight: 10_000 }] })).toContain(`Validator not found: ${valoper(9)}`);
    expect(err({ bond_denom: "uatom" })).toContain("bond_denom uatom is not the chain's bonded denom uxprt");
    expect(err({ protocol_fee: "0.11" })).toContain("Invalid protocol_fee: at most 10%");
    expect(err({ buffer_target: "0.6" })).toContain("Invalid buffer_target: at most 50%");
    expect(err({ epoch_period: EPOCH - 1 })).toContain("Invalid epoch_period");
    expect(err({ symbol: "stk XPRT" })).toContain("Ticker symbol is not in expected format");
    expect(err({})).toBe("accepted");
  });
});

describe("bond", () => {
  it("mints 1:1 at first (1000 stk locked in the contract), fills the buffer and delegates to the most under-weight validator", () => {
    const s = setup();
    const res = bond(s, alice, 10n * XPRT);
    expect(attrs(res)).toMatchObject({ action: "bond", receiver: alice, amount: "10000000", minted: "9999000", buffered: "500000", exchange_rate: "1" });
    expect(stk(s, alice)).toBe(10n * XPRT - 1000n);
    expect(stk(s, s.ls.address)).toBe(1000n);
    expect(delegations(s)).toEqual(new Map([[s.vals[0], 9_500_000n]]));
    // Equal weights: the next deposits go to the validators furthest below their share.
    bond(s, bob, 10n * XPRT);
    bond(s, carol, 10n * XPRT);
    const d = delegations(s);
    expect(d.get(s.vals[1])).toBe(9_500_000n);
    expect(d.get(s.vals[2])).toBe(9_500_000n);
    expect(stk(s, bob)).toBe(10n * XPRT);
    expect(poolState(s)).toMatchObject({ total_native: "30000000", stk_supply: "30000000", buffer: "1500000", delegated: "28500000", exchange_rate: "1" });
    expect(s.app.balance(s.ls.address, "uxprt")).toBe(1_500_000n);
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
    expect(s.ls.fails(alice, { bond: {} }, uxprt(XPRT - 1n))).toContain("Deposit below the minimum: 999999 < 1000000");
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

  it("the first deposit cannot be used for an inflation attack: a donation only raises everyone's rate", () => {
    const s = setup();
    // The attacker makes the first (minimum) deposit, then donates 1000 XPRT to the contract.
    bond(s, alice, XPRT);
    s.app.send(alice, { bank: { send: { to_address: s.ls.address, amount: uxprt(1000n * XPRT) } } });
    // The donation is not in the rate until it is swept: the victim buys at the fair rate.
    bond(s, bob, 10n * XPRT);
    expect(stk(s, bob)).toBe(10n * XPRT);
    // A reconcile sweeps the donation into the stakers' rewards; the victim gets its share of it.
    s.ls.execute(alice, { queue_unbond: { amount: "1000" } });
    s.app.advanceTime(EPOCH);
    s.ls.execute(alice, { submit_batch: {} });
    s.app.advanceTime(UNBONDING);
    s.ls.execute(operator, { reconcile: {} });
    s.app.advanceBlocks(1);
    s.ls.execute(operator, { reconcile: {} });
    const st = poolState(s);
    const value = (x: bigint) => (x * BigInt(st.total_native)) / BigInt(st.stk_supply);
    expect(BigInt(st.unlocked)).toBeGreaterThanOrEqual(1000n * XPRT);
    expect(value(stk(s, bob))).toBeGreaterThan(10n * XPRT);
    // The attacker gets back less than it gave: the locked stk and the victim keep a share.
    expect(value(stk(s, alice))).toBeLessThan(1001n * XPRT);
    expect(stkSupply(s)).toBe(stk(s, alice) + stk(s, bob) + stk(s, s.ls.address));
  });
});
