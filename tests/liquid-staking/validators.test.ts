// The validator set: adding (weight 0), weights, removal (stake redelegated to the validators
// furthest below target, at most half of them receiving at a time; a jailed validator too), and
// rebalance with a bounded number of redelegations per call.
import { describe, expect, it } from "vitest";
import { UNBONDING, XPRT, alice, attrs, bob, bond, carol, delegations, operator, owner, poolState, setup, sum, valoper } from "./setup";
import * as ContractError from "../../contracts/liquid-staking/src/error";

interface ValidatorInfo {
  address: string;
  weight: number;
  delegated: string;
  target: string;
  in_set: boolean;
}

const validators = (s: ReturnType<typeof setup>) => s.ls.query<{ validators: ValidatorInfo[] }>({ validators: {} }).validators;

function staked(n = 3) {
  const s = setup({}, n);
  for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
  return s;
}

describe("validator set", () => {
  it("add_validator joins with weight 0; update_weights gives it a share and deposits follow", () => {
    const s = staked();
    const v4 = valoper(4);
    s.app.addValidator({ address: v4, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
    expect(s.ls.fails(alice, { add_validator: { validator: v4 } })).toContain(ContractError.notOwner());
    expect(s.ls.fails(owner, { add_validator: { validator: valoper(9) } })).toContain(ContractError.validatorNotFound(valoper(9)));
    expect(attrs(s.ls.execute(owner, { add_validator: { validator: v4 } }))).toMatchObject({ action: "add_validator", validator: v4 });
    expect(s.ls.fails(owner, { add_validator: { validator: v4 } })).toContain("Validator already in the set");
    expect(validators(s).find((v) => v.address === v4)).toEqual({ address: v4, weight: 0, delegated: "0", target: "0", in_set: true, bonded: true });
    // No stake goes to a weight-0 validator.
    bond(s, alice, 10n * XPRT);
    expect(s.app.staking.delegation(s.app.store, s.ls.address, v4)).toBe(0n);
    const all = [...s.vals, v4];
    expect(s.ls.fails(owner, { update_weights: { validators: s.vals.map((address) => ({ address, weight: 3333 })) } })).toContain("sum to 9999");
    expect(s.ls.fails(owner, { update_weights: { validators: [...s.vals.slice(1), v4].map((address, i) => ({ address, weight: i ? 3333 : 3334 })) } })).toContain(
      "update_weights must list every validator of the set",
    );
    s.ls.execute(owner, { update_weights: { validators: all.map((address) => ({ address, weight: 2500 })) } });
    bond(s, bob, 10n * XPRT);
    expect(s.app.staking.delegation(s.app.store, s.ls.address, v4)).toBe(9_500_000n);
  });

  it("remove_validator shares out its weight and redelegates its stake to the validator furthest below its new target", () => {
    const s = staked();
    const v0 = BigInt(poolState(s).total_native);
    const before = delegations(s);
    const held = before.get(s.vals[2])!;
    const a = attrs(s.ls.execute(owner, { remove_validator: { validator: s.vals[2] } }));
    expect(a).toMatchObject({ action: "remove_validator", validator: s.vals[2], redelegated: held.toString(), left: "0" });
    // 3334 and 3333 scaled to 10000: 5000 and 4999, the rounding rest to the heaviest.
    expect(validators(s).map((v) => [v.address, v.weight])).toEqual([
      [s.vals[0], 5001],
      [s.vals[1], 4999],
    ]);
    // At most half of the open validators (here 1 of 2) receive our redelegations at a time, so
    // that batches can undelegate from the others (README, "Redelegation entries"): the stake goes
    // to the larger shortfall, vals[0] (target 142.5 XPRT), the other stays clean.
    expect(delegations(s)).toEqual(
      new Map([
        [s.vals[0], before.get(s.vals[0])! + held],
        [s.vals[1], before.get(s.vals[1])!],
      ]),
    );
    expect(BigInt(poolState(s).total_native)).toBe(v0);
  });

  it("a jailed (slashed) validator can be removed; the last one cannot", () => {
    const s = staked(2);
    s.app.slash(s.vals[1], "0.01", { infractionHeight: s.app.block.height, jail: true });
    s.ls.execute(owner, { remove_validator: { validator: s.vals[1] } });
    expect(delegations(s).has(s.vals[1])).toBe(false);
    expect(s.ls.fails(owner, { remove_validator: { validator: s.vals[0] } })).toContain("Cannot remove the last validator");
    expect(s.ls.fails(owner, { remove_validator: { validator: s.vals[1] } })).toContain("Not in the validator set");
  });

  it("stake received by redelegation less than 21 days ago stays until rebalance can move it", () => {
    const s = staked();
    s.ls.execute(owner, { remove_validator: { validator: s.vals[2] } });
    // vals[0] just received that stake: the chain refuses to pass it on yet.
    const a = attrs(s.ls.execute(owner, { remove_validator: { validator: s.vals[0] } }));
    expect(a).toMatchObject({ redelegated: "0" });
    expect(validators(s).find((v) => v.address === s.vals[0])).toMatchObject({ weight: 0, in_set: false, target: "0" });
    // Stake outside the set makes rebalance due for anyone, but it cannot move yet.
    expect(s.ls.fails(alice, { rebalance: {} })).toContain("Nothing to rebalance");
    s.app.advanceTime(UNBONDING);
    // the redelegation completes when the block that reaches its completion time ends
    expect(s.ls.fails(alice, { rebalance: {} })).toContain("Nothing to rebalance");
    s.app.advanceBlocks(1);
    expect(attrs(s.ls.execute(alice, { rebalance: {} }))).toMatchObject({ action: "rebalance", redelegations: "1" });
    expect([...delegations(s).keys()]).toEqual([s.vals[1]]);
    expect(validators(s)).toHaveLength(1);
  });

  it("rebalance moves stake toward the weights, at most 5 redelegations per call, and is due for anyone only when off", () => {
    const s = setup({}, 10);
    for (let i = 0; i < 10; i++) bond(s, [alice, bob, carol][i % 3], 10n * XPRT);
    expect(s.ls.fails(alice, { rebalance: {} })).toContain("rebalance is not due yet");
    s.ls.execute(owner, { update_weights: { validators: s.vals.map((address, i) => ({ address, weight: i === 0 ? 6400 : 400 })) } });
    const total = sum(delegations(s).values());
    const first = s.ls.execute(alice, { rebalance: {} });
    expect(attrs(first)).toMatchObject({ redelegations: "5" });
    expect(first.events.filter((e) => e.type === "redelegate")).toHaveLength(5);
    s.ls.execute(operator, { rebalance: {} });
    const d = delegations(s);
    expect(sum(d.values())).toBe(total);
    for (const v of validators(s)) expect(Number(BigInt(v.delegated) - BigInt(v.target))).toBeLessThanOrEqual(Number(total / 1000n) + 1);
    expect(s.ls.fails(operator, { rebalance: {} })).toContain("Nothing to rebalance");
  });
});
