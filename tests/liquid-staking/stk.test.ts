// stk is a full cw20 (std/cw20): transfers, allowances, burns and sends work as on any cw20,
// and only the contract mints.
import { describe, expect, it } from "vitest";
import { XPRT, alice, bob, bond, carol, poolState, setup, stk, stkSupply } from "./setup";

describe("stk as a cw20", () => {
  it("transfers, allowances and burns; supply = Σ balances; a burn raises everyone else's rate", () => {
    const s = setup();
    bond(s, alice, 10n * XPRT);
    bond(s, bob, 10n * XPRT);
    s.ls.execute(alice, { transfer: { recipient: carol, amount: "1000000" } });
    s.ls.execute(bob, { increase_allowance: { spender: carol, amount: "3000000" } });
    s.ls.execute(carol, { transfer_from: { owner: bob, recipient: carol, amount: "2000000" } });
    expect(s.ls.query({ allowance: { owner: bob, spender: carol } })).toEqual({ allowance: "1000000", expires: { never: {} } });
    expect(stk(s, carol)).toBe(3_000_000n);
    const before = poolState(s);
    s.ls.execute(carol, { burn: { amount: "1000000" } });
    const after = poolState(s);
    expect(BigInt(after.stk_supply)).toBe(BigInt(before.stk_supply) - 1_000_000n);
    expect(Number(after.exchange_rate)).toBeGreaterThan(Number(before.exchange_rate));
    const holders = s.ls.query<{ accounts: string[] }>({ all_accounts: {} }).accounts;
    expect(holders.sort()).toEqual([alice, bob, carol, s.ls.address].sort());
    expect(stkSupply(s)).toBe(holders.reduce((t, a) => t + stk(s, a), 0n));
  });

  it("has no mint message: only the contract mints, on bond and harvest", () => {
    const s = setup();
    expect(s.ls.rejects(alice, { mint: { recipient: alice, amount: "1" } })).toContain("unknown variant `mint`");
  });

  it("send delivers the receive hook to the target contract, and a refusal reverts it", () => {
    const s = setup();
    bond(s, alice, 10n * XPRT);
    // A second liquid-staking contract receives the hook and refuses stk that is not its own.
    const codeId = s.app.wasm.contractInfo(s.app.store, s.ls.address)!.code_id;
    const msg = { name: "Other", symbol: "stkOTH", bond_denom: "uxprt", validators: [{ address: s.vals[0], weight: 10_000 }] };
    const other = s.app.instantiate(alice, codeId, msg, "other").contractAddress;
    expect(s.ls.fails(alice, { send: { contract: other, amount: "1000", msg: "" } })).toContain("only stk, this contract's own token, may be sent here");
    expect(stk(s, alice)).toBe(10n * XPRT - 1000n);
  });
});
