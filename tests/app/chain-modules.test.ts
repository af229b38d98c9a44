// Staking and distribution wired into the app: messages from accounts and contracts, end-of-block
// unbonding, and the contracts' StakingQuery / DistributionQuery.
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { bech32Encode, makeAddress } from "@persistence-ts/simulator/vm/api";
import { buildFixture } from "@persistence-ts/testing/fixtures";

const alice = makeAddress("alice");
const valoper = bech32Encode("persistencevaloper", new Uint8Array(20).fill(7));
const DAY = 86_400;

let app: App;
let probe: string;

beforeEach(() => {
  app = new App();
  app.addValidator({ address: valoper, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
  app.mint(alice, [{ denom: "uxprt", amount: "10000000" }]);
  probe = app.instantiate(alice, app.storeCode(alice, buildFixture("probe")).codeId, {}, "probe").contractAddress;
});

const chainQuery = (request: unknown) => app.query(probe, { chain: { request: JSON.stringify(request) } });

describe("staking through the app", () => {
  it("delegates, accrues rewards, undelegates and pays out when the block reaching the completion time ends", () => {
    app.send(alice, { staking: { delegate: { validator: valoper, amount: { denom: "uxprt", amount: "1000000" } } } });
    expect(app.balance(alice, "uxprt")).toBe(9_000_000n);
    app.advanceTime(365 * DAY);
    app.send(alice, { distribution: { withdraw_delegator_reward: { validator: valoper } } });
    // 10% APR minus 5% commission on 1,000,000 for a year.
    expect(app.balance(alice, "uxprt")).toBe(9_000_000n + 95_000n);
    app.send(alice, { staking: { undelegate: { validator: valoper, amount: { denom: "uxprt", amount: "400000" } } } });
    app.advanceTime(21 * DAY - 1);
    expect(app.balance(alice, "uxprt")).toBe(9_095_000n);
    app.advanceTime(1); // the block at the completion time: its transactions still see the entry
    expect(app.balance(alice, "uxprt")).toBe(9_095_000n);
    app.advanceBlocks(1); // its EndBlocker completed it
    expect(app.balance(alice, "uxprt")).toBe(9_495_000n);
  });

  it("answers contracts' staking and distribution queries", () => {
    app.send(alice, { staking: { delegate: { validator: valoper, amount: { denom: "uxprt", amount: "500" } } } });
    expect(chainQuery({ staking: { bonded_denom: {} } })).toEqual({ denom: "uxprt" });
    expect(chainQuery({ staking: { all_delegations: { delegator: alice } } })).toEqual({
      delegations: [{ delegator: alice, validator: valoper, amount: { denom: "uxprt", amount: "500" } }],
    });
    expect(chainQuery({ staking: { all_validators: {} } })).toMatchObject({ validators: [{ address: valoper, commission: "0.050000000000000000" }] }); // LegacyDec.String(), as wasmd prints it
    expect(chainQuery({ distribution: { delegator_withdraw_address: { delegator_address: alice } } })).toEqual({ withdraw_address: alice });
  });

  it("slashing reduces the bonded stake and jails the validator (out of the active set)", () => {
    app.send(alice, { staking: { delegate: { validator: valoper, amount: { denom: "uxprt", amount: "10000000" } } } });
    // block 1 plays genesis: power 10 at this height, 0.1 × 10 × 10^6 burned
    expect(app.slash(valoper, "0.1", { infractionHeight: app.block.height, jail: true })).toBe(1_000_000n);
    expect(chainQuery({ staking: { all_delegations: { delegator: alice } } })).toMatchObject({ delegations: [{ amount: { amount: "9000000" } }] });
    expect(chainQuery({ staking: { all_validators: {} } })).toEqual({ validators: [] });
  });

  it("a contract delegates and undelegates its own funds with StakingDelegate / StakingUndelegate", () => {
    app.execute(alice, probe, "pay", [{ denom: "uxprt", amount: "1000" }]);
    const res = app.execute(alice, probe, { delegate: { key: valoper, value: "600" } });
    expect(res.events.map((e) => e.type)).toContain("delegate");
    expect(chainQuery({ staking: { all_delegations: { delegator: probe } } })).toMatchObject({ delegations: [{ amount: { amount: "600" } }] });
    app.execute(alice, probe, { undelegate: { key: valoper, value: "600" } });
    expect(app.balance(probe, "uxprt")).toBe(400n);
    app.advanceTime(21 * DAY);
    expect(app.balance(probe, "uxprt")).toBe(400n);
    app.advanceBlocks(1);
    expect(app.balance(probe, "uxprt")).toBe(1000n);
  });
});
