// Migration from what is on chain: the 0.1.0 wasm (tests/fixtures/releases) builds state —
// bonds, a batch reconciled and half withdrawn, two batches in flight, a request queued — then
// migrates to 0.2.0. Batches 0.1.0 reconciled keep what their run gave them; batches in flight
// (submitted without the replies 0.2.0 reads) settle by 0.2.0's rule with 0.1.0's end time and
// request; every unbonder is paid and the books balance.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { App } from "../../simulator/app/app";
import { ROOT } from "../../tools/build/compile";
import { Deployed, SchemaCheck, contractWasm } from "../helpers/contracts";
import { DAY, EPOCH, Setup, UNBONDING, XPRT, alice, attrs, bob, carol, operator, owner, poolState, stk, treasury, users, valoper } from "./setup";

const OLD = path.join(ROOT, "tests", "fixtures", "releases", "liquid-staking-0.1.0.wasm");

interface OldBatch {
  id: number;
  native: string;
  unbond_end: string;
  status: string;
  received: string | null;
}

/** The 0.1.0 contract on 3 validators, with alice, bob and carol's 100 XPRT each. */
function oldContract(): Setup & { oldBatches: () => OldBatch[] } {
  const app = new App();
  const vals = [1, 2, 3].map(valoper).sort();
  for (const v of vals) app.addValidator({ address: v, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
  for (const u of [...users, owner, operator]) app.mint(u, [{ denom: "uxprt", amount: (1_000_000n * XPRT).toString() }]);
  const codeId = app.storeCode(owner, new Uint8Array(fs.readFileSync(OLD))).codeId;
  const msg = { name: "Staked XPRT", symbol: "stkXPRT", bond_denom: "uxprt", operator, fee_recipient: treasury, validators: vals.map((address, i) => ({ address, weight: i === 0 ? 3334 : 3333 })) };
  const address = app.instantiate(owner, codeId, msg, "liquid-staking", [], owner).contractAddress;
  // Messages are checked against 0.2.0's schema only once migrated; 0.1.0's are a subset of it.
  const ls = new Deployed(app, address, new SchemaCheck("liquid-staking"));
  for (const u of [alice, bob, carol]) app.execute(u, address, { bond: {} }, [{ denom: "uxprt", amount: (100n * XPRT).toString() }]);
  const oldBatches = () => app.query<{ batches: OldBatch[] }>(address, { batches: { limit: 100 } }).batches;
  return { app, ls, vals, oldBatches };
}

const paid = (s: Setup, who: string, fn: () => void): bigint => {
  const before = s.app.balance(who, "uxprt");
  fn();
  return s.app.balance(who, "uxprt") - before;
};

describe("migrate from 0.1.0 (the deployed wasm)", () => {
  it("keeps reconciled batches' payouts, settles batches in flight by the chain's payouts, and balances the books", () => {
    const s = oldContract();
    const { app } = s;
    const exec = (who: string, msg: unknown) => app.execute(who, s.ls.address, msg);
    // Batch 1: alice and bob; reconciled and withdrawn by alice under 0.1.0.
    exec(alice, { queue_unbond: { amount: (20n * XPRT).toString() } });
    exec(bob, { queue_unbond: { amount: (10n * XPRT).toString() } });
    app.advanceTime(EPOCH);
    exec(carol, { submit_batch: {} });
    // Batches 2 (bob) and 3 (carol) are submitted under 0.1.0 and still unbonding at the upgrade.
    exec(bob, { queue_unbond: { amount: (15n * XPRT).toString() } });
    app.advanceTime(EPOCH);
    exec(carol, { submit_batch: {} });
    exec(carol, { queue_unbond: { amount: (25n * XPRT).toString() } });
    app.advanceTime(EPOCH);
    exec(carol, { submit_batch: {} });
    // Batch 4 (alice) is still collecting.
    exec(alice, { queue_unbond: { amount: (5n * XPRT).toString() } });
    app.advanceTime(UNBONDING - 2 * EPOCH);
    exec(carol, { reconcile: {} });
    app.advanceBlocks(1);
    exec(carol, { reconcile: {} });
    const alicePaid1 = paid(s, alice, () => exec(alice, { withdraw_unbonded: {} }));
    const before = s.oldBatches();
    expect(before.map((b) => b.status)).toEqual(["withdrawable", "unbonding", "unbonding"]);
    const received1 = BigInt(before[0].received!);
    const oldState = app.query<Record<string, string>>(s.ls.address, { state: {} });

    const codeId = app.storeCode(owner, contractWasm("liquid-staking")).codeId;
    const res = app.migrate(owner, s.ls.address, codeId, {});
    expect(attrs(res)).toMatchObject({ action: "migrate", from_version: "0.1.0", to_version: "0.2.0", batches: "3", open_batches: "2" });

    // The books carry over; nothing is surplus yet.
    expect(poolState(s)).toMatchObject({ buffer: oldState.buffer, unlocked: oldState.unlocked, claimable: oldState.claimable, unbonding: oldState.unbonding, surplus: "0" });
    const after = s.ls.query<{ batches: Array<Record<string, string | null>> }>({ batches: { limit: 100 } }).batches;
    expect(after.map((b) => [b.status, b.received, b.unbond_end])).toEqual(before.map((b) => [b.status, b.received, b.unbond_end]));
    expect(after[1]).toMatchObject({ liquid: "0", undelegated: before[1].native });

    // Bob's rest of batch 1 is what 0.1.0 would have paid him (the batch's last claimant: the exact rest).
    expect(paid(s, bob, () => s.ls.execute(bob, { withdraw_unbonded: {} }))).toBe(received1 - alicePaid1);
    // Batches 2 and 3 complete on chain when 0.1.0 said; each is settled alone by two calls after its end.
    for (const b of before.slice(1)) {
      app.advanceTime(Number((BigInt(b.unbond_end) - app.block.time) / 1_000_000_000n) + 60);
      s.ls.execute(carol, { reconcile: {} });
      app.advanceBlocks(1);
      expect(attrs(s.ls.execute(carol, { reconcile: {} }))).toMatchObject({ settled: String(b.id), arrived: b.native, shortfall: "0" });
    }
    expect(paid(s, bob, () => s.ls.execute(bob, { withdraw_unbonded: {} }))).toBe(BigInt(before[1].native));
    expect(paid(s, carol, () => s.ls.execute(carol, { withdraw_unbonded: {} }))).toBe(BigInt(before[2].native));
    // Batch 4 goes through 0.2.0 end to end.
    const native4 = BigInt(attrs(s.ls.execute(carol, { submit_batch: {} })).native);
    app.advanceTime(UNBONDING);
    app.advanceBlocks(1);
    expect(paid(s, alice, () => s.ls.execute(alice, { withdraw_unbonded: {} }))).toBe(native4);

    // Every unbonder is paid; what the contract holds is exactly what it books; stk supply = Σ balances.
    const st = poolState(s);
    expect(st).toMatchObject({ claimable: "0", unbonding: "0", surplus: "0" });
    expect(app.balance(s.ls.address, "uxprt")).toBe(BigInt(st.buffer) + BigInt(st.unlocked));
    const holders = [...users, treasury, s.ls.address];
    expect(holders.reduce((t, h) => t + stk(s, h), 0n)).toBe(BigInt(st.stk_supply));
    app.advanceTime(DAY);
    s.ls.execute(operator, { harvest: {} });
  });
});
