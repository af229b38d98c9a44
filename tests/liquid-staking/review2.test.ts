// Second-round review of liquid-staking 0.2.0 (after issue 15's fixes and the first review's R1–R7).
// Each test runs an attack (or a broken claim) against the compiled wasm and asserts what the
// attacker, or the flaw, achieves TODAY: it passes while the hole exists. The comment above each
// names the severity, the rule broken and the figures. Nothing here fixes the contract.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { App } from "../../simulator/app/app";
import { makeAddress } from "../../simulator/vm/api";
import { ROOT } from "../../tools/build/compile";
import { Deployed, SchemaCheck, contractWasm } from "../helpers/contracts";
import { DAY, EPOCH, Setup, UNBONDING, XPRT, alice, attrs, bob, bond, carol, delegations, operator, owner, poolState, setup, sum, treasury, users, uxprt, valoper } from "./setup";

const NANOS = 1_000_000_000n;
const mallory = makeAddress("mallory");
const OLD = path.join(ROOT, "tests", "fixtures", "releases", "liquid-staking-0.1.0.wasm");

interface BatchInfo {
  id: number;
  native: string;
  undelegated: string;
  unbond_end: string;
  status: string;
  received: string | null;
}
const batches = (s: Setup) => s.ls.query<{ batches: BatchInfo[] }>({ batches: { limit: 100 } }).batches;

/** Withdraws `who`'s settled requests and returns what the bank paid it. */
function withdraw(s: Setup, who: string): bigint {
  const before = s.app.balance(who, "uxprt");
  s.ls.execute(who, { withdraw_unbonded: {} });
  return s.app.balance(who, "uxprt") - before;
}

/** Opens one block at `nanos`. */
function advanceTo(s: Setup, nanos: bigint): void {
  s.app.advanceTime(Number((nanos - s.app.block.time) / NANOS));
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return "ok";
}

/** The deployed 0.1.0 wasm on 3 validators, alice, bob and carol bonded 100 XPRT each. */
function oldContract(): Setup {
  const app = new App();
  const vals = [1, 2, 3].map(valoper).sort();
  for (const v of vals) app.addValidator({ address: v, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
  for (const u of [...users, owner, operator, mallory]) app.mint(u, uxprt(1_000_000n * XPRT));
  const codeId = app.storeCode(owner, new Uint8Array(fs.readFileSync(OLD))).codeId;
  const msg = { name: "Staked XPRT", symbol: "stkXPRT", bond_denom: "uxprt", operator, fee_recipient: treasury, validators: vals.map((address, i) => ({ address, weight: i === 0 ? 3334 : 3333 })) };
  const address = app.instantiate(owner, codeId, msg, "liquid-staking", [], owner).contractAddress;
  const ls = new Deployed(app, address, new SchemaCheck("liquid-staking"));
  for (const u of [alice, bob, carol]) app.execute(u, address, { bond: {} }, uxprt(100n * XPRT));
  return { app, ls, vals };
}

function migrateTo020(s: Setup): Record<string, string> {
  return attrs(s.app.migrate(owner, s.ls.address, s.app.storeCode(owner, contractWasm("liquid-staking")).codeId, {}));
}

describe("F1 (MEDIUM): the R7 return misses what 0.1.0's harvest swept and reinvested", () => {
  /**
   * MEDIUM. Rules: "the stakers never gain from the unbonders"; README "Migration from 0.1.0: what
   * 0.1.0 swept from batches in flight is returned".
   *
   * 0.1.0's harvest reconciles (sweeping every unbooked balance into `unlocked`, issue 15 finding 1)
   * and then reinvests the whole of `unlocked` in the same call. A daily harvest keeper is the
   * normal way a lull ends, so the swept payout of a batch in flight is usually already delegated
   * when the upgrade runs. migrate computes what was swept (here bob's 30.042156 XPRT) but returns
   * at most `unlocked`, which the reinvestment emptied: `returned: 0`. Batch 2 then settles with
   * arrived 0 and a 100 % shortfall; bob is paid 0 and the stakers keep his 30.042156 XPRT in their
   * delegations (the rate rose by it; the treasury was even minted its protocol fee on it).
   *
   * Fix: migrate must take the swept amount out of the stakers' value, not only out of `unlocked`:
   * after `unlocked`, from `buffer`, and for the rest book a liability that the stakers' value
   * excludes (e.g. undelegate it for those batches in the migration's Response and let them settle
   * from it, or add it to `claimable` funded by the next deposits / the buffer refill before
   * anything else), so V drops by exactly what 0.1.0 swept.
   */
  it("bob's batch, swept and reinvested by a 0.1.0 harvest, gets nothing after the upgrade", () => {
    const s = oldContract();
    const { app } = s;
    const exec = (who: string, msg: unknown) => attrs(app.execute(who, s.ls.address, msg));
    exec(alice, { queue_unbond: { amount: (30n * XPRT).toString() } });
    app.advanceTime(EPOCH);
    exec(carol, { submit_batch: {} });
    exec(bob, { queue_unbond: { amount: (30n * XPRT).toString() } });
    app.advanceTime(EPOCH);
    exec(carol, { submit_batch: {} });
    const [b1, b2] = app.query<{ batches: BatchInfo[] }>(s.ls.address, { batches: {} }).batches;
    advanceTo(s, BigInt(b1.unbond_end) + 60n * NANOS);
    exec(carol, { reconcile: {} });
    // The lull: nobody calls for three days; then the daily harvest (anyone, once due) ends it.
    app.advanceTime(3 * DAY);
    app.advanceBlocks(1);
    const q010 = () => app.query<{ unlocked: string; total_native: string }>(s.ls.address, { state: {} });
    const valueBefore = BigInt(q010().total_native);
    const harvest = attrs(app.execute(mallory, s.ls.address, { harvest: {} }));
    expect(harvest.reconciled).toBe("1-1"); // 0.1.0 settles batch 1 and sweeps batch 2's payout ...
    expect(BigInt(harvest.reinvested)).toBeGreaterThan(BigInt(b2.native)); // ... and reinvests it at once
    expect(q010().unlocked).toBe("0");
    expect(BigInt(q010().total_native) - valueBefore).toBeGreaterThan(BigInt(b2.native)); // the stakers' value took it

    const m = migrateTo020(s);
    expect(m).toMatchObject({ open_batches: "1", returned: "0" }); // nothing to return: unlocked is 0
    app.advanceBlocks(1);
    const settled = attrs(s.ls.execute(carol, { reconcile: {} }));
    expect(settled).toMatchObject({ settled: "2", expected: b2.native, arrived: "0", shortfall: b2.native });
    expect(withdraw(s, alice)).toBe(BigInt(b1.native));
    expect(withdraw(s, bob)).toBe(0n); // bob's 30.042156 XPRT stay with the stakers
    expect(b2.native).toBe("30042156");
  });
});
