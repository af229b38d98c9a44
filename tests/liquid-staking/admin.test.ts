// Access control and settings: pause / unpause, two-step ownership, update_config limits,
// the operator role, migrate.
import { describe, expect, it } from "vitest";
import { EPOCH, UNBONDING, XPRT, alice, attrs, bob, bond, carol, operator, owner, poolState, setup, uxprt } from "./setup";
import * as ContractError from "../../contracts/liquid-staking/src/error";

describe("pause", () => {
  it("the owner or the operator pause; only the owner resumes; exits go on meanwhile", () => {
    const s = setup();
    bond(s, alice, 100n * XPRT);
    s.ls.execute(alice, { queue_unbond: { amount: "10000000" } });
    s.app.advanceTime(EPOCH);
    s.ls.execute(alice, { submit_batch: {} });
    expect(s.ls.fails(carol, { pause: {} })).toContain("Unauthorized: only the owner or the operator may pause");
    s.ls.execute(operator, { pause: {} });
    expect(poolState(s).paused).toBe(true);
    expect(s.ls.fails(bob, { bond: {} }, uxprt(10n * XPRT))).toContain("Paused");
    expect(s.ls.fails(alice, { instant_unstake: { amount: "1000000" } })).toContain("Paused");
    expect(s.ls.fails(operator, { harvest: {} })).toContain("Paused");
    // Queueing, cancelling, submitting and withdrawing all work while paused.
    s.ls.execute(alice, { queue_unbond: { amount: "5000000" } });
    s.ls.execute(alice, { cancel_unbond: {} });
    s.ls.execute(alice, { queue_unbond: { amount: "4000000" } });
    s.app.advanceTime(EPOCH);
    expect(attrs(s.ls.execute(alice, { submit_batch: {} }))).toMatchObject({ action: "submit_batch", batch_id: "2", burned: "4000000" });
    s.app.advanceTime(UNBONDING);
    s.app.advanceBlocks(1);
    expect(attrs(s.ls.execute(alice, { withdraw_unbonded: {} })).amount).not.toBe("0");
    expect(s.ls.fails(operator, { unpause: {} })).toContain("Unauthorized");
    s.ls.execute(owner, { unpause: {} });
    bond(s, bob, 10n * XPRT);
  });
});

describe("ownership and settings", () => {
  it("ownership moves in two steps; the new owner manages the contract", () => {
    const s = setup();
    s.ls.execute(owner, { update_ownership: { transfer_ownership: { new_owner: alice, expiry: null } } });
    expect(s.ls.fails(bob, { update_ownership: "accept_ownership" })).toContain("Caller is not the contract's pending owner");
    s.ls.execute(alice, { update_ownership: "accept_ownership" });
    expect(s.ls.query({ ownership: {} })).toMatchObject({ owner: alice, pending_owner: null });
    expect(s.ls.fails(owner, { update_config: { min_deposit: "1" } })).toContain(ContractError.notOwner());
    s.ls.execute(alice, { update_config: { min_deposit: "1" } });
  });

  it("update_config applies changes within the limits", () => {
    const s = setup();
    expect(s.ls.fails(alice, { update_config: { min_deposit: "5" } })).toContain("Unauthorized");
    expect(s.ls.fails(owner, { update_config: { protocol_fee: "0.2" } })).toContain("Invalid protocol_fee: at most 10%");
    expect(s.ls.fails(owner, { update_config: { instant_unstake_fee: "0.25" } })).toContain("Invalid instant_unstake_fee: at most 20%");
    expect(s.ls.fails(owner, { update_config: { epoch_period: 3600 } })).toContain("Invalid epoch_period");
    expect(s.ls.fails(owner, { update_config: { operator: "nope" } })).toContain("Invalid address `nope`");
    s.ls.execute(owner, { update_config: { min_deposit: "5000", operator: carol, protocol_fee: "0.1", epoch_period: 2 * EPOCH } });
    expect(s.ls.query({ config: {} })).toMatchObject({ min_deposit: "5000", operator: carol, protocol_fee: "0.1", epoch_period: 2 * EPOCH });
    // The new operator may harvest before it is due, the old one no longer.
    bond(s, alice, XPRT);
    expect(s.ls.fails(operator, { harvest: {} })).toContain("not due yet");
    s.ls.execute(carol, { harvest: {} });
  });

  it("migrates to the same version of itself (from 0.1.0: migrate.test.ts)", () => {
    const s = setup();
    const codeId = s.app.wasm.contractInfo(s.app.store, s.ls.address)!.code_id;
    const res = s.app.migrate(owner, s.ls.address, codeId, {});
    expect(attrs(res)).toMatchObject({ action: "migrate", from_version: "0.2.0", to_version: "0.2.0" });
  });
});
