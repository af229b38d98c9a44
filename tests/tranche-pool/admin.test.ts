// Administration: parameters and their bounds, the timelock on those that hit existing
// positions, pause rights (a pause never outlives the owner), two-step ownership, collections,
// the lender allowlist and share transfers. Migrations are in migrate.test.ts.
import { beforeAll, describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { deploy } from "@persistence-ts/testing/contracts";
import {
  DAY,
  DENOM,
  POOL_PARAMS,
  YEAR,
  alice,
  attrs,
  bob,
  carol,
  closeEpoch,
  coins,
  dave,
  deployTestToken,
  feeCollector,
  fundedPool,
  manager,
  openLoan,
  owner,
  poolInfo,
  positionOf,
  setup,
  sme,
} from "./setup";

let app: App;
beforeAll(() => {
  app = new App();
});

describe("config", () => {
  it("answers the parameters as stored", () => {
    const w = setup({}, app);
    expect(w.pool.query({ config: {} })).toEqual({
      currency: { native: DENOM },
      collections: [w.nft.address],
      manager,
      fee_collector: feeCollector,
      ...POOL_PARAMS,
      allowlist_enabled: false,
      paused: false,
      test_timings: false,
    });
    expect(w.pool.query({ ownership: {} })).toEqual({ owner, pending_owner: null, pending_expiry: null });
  });

  it("the owner updates parameters within their bounds", () => {
    const w = setup({}, app);
    w.pool.execute(owner, { update_config: { advance_rate: "0.9", grace_period: DAY, manager: carol } });
    expect(w.pool.query({ config: {} })).toMatchObject({ advance_rate: "0.9", grace_period: DAY, manager: carol });
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ senior_apr: "1.01" }, /Invalid senior_apr: 1.01 is outside \[0, 1\]/],
      [{ min_junior_ratio: "0.005" }, /Invalid min_junior_ratio: 0.005 is outside \[0.01, 0.9\]/],
      [{ min_junior_ratio: "0.95" }, /Invalid min_junior_ratio/],
      [{ advance_rate: "0" }, /Invalid advance_rate: must be greater than 0/],
      [{ advance_rate: "1.5" }, /Invalid advance_rate: 1.5 is outside \[0, 1\]/],
      [{ grace_period: 366 * DAY }, /Invalid grace_period: 31622400 seconds is outside \[0, 31536000\]/],
      [{ public_default_delay: 60 }, /Invalid public_default_delay/],
      [{ epoch_seconds: 60 }, /Invalid epoch_seconds: 60 seconds is outside \[3600, 7776000\]/],
      [{ epoch_seconds: 3 * DAY }, /Invalid timelock_seconds: 172800 seconds is outside \[259200, 15552000\]/], // at least one epoch
      [{ timelock_seconds: 3_600 }, /Invalid timelock_seconds: 3600 seconds is outside \[86400, 15552000\]/],
      [{ writeoff_grace: 366 * DAY }, /Invalid writeoff_grace/],
      [{ writeoff_period: 3_600 }, /Invalid writeoff_period: 3600 seconds is outside \[86400, 315360000\]/],
      [{ reserve_fee_bps: 5001 }, /Invalid reserve_fee_bps: 5001 is above the pool's limit 2000/],
      [{ senior_apr: "0.16" }, /Invalid senior_apr: 0.16 is outside \[0.05, 0.15\]/], // the limits fixed at instantiation
      [{ min_junior_ratio: "0.36" }, /Invalid min_junior_ratio: 0.36 is outside \[0.1, 0.35\]/],
      [{ fee_collector: "nobody" }, /Invalid address `nobody`/],
    ];
    for (const [update, error] of bad) expect(w.pool.fails(owner, { update_config: update })).toMatch(error);
    expect(w.pool.fails(manager, { update_config: { senior_apr: "0.1" } })).toMatch(/Caller is not the contract's current owner/);
  });

  it("parameters that hit existing positions change only through the timelock, by bounded steps, visible in a query", () => {
    const w = fundedPool({}, app);
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ senior_apr: "0.14" }, /Invalid senior_apr: 0.14 is more than 0.05 away from the current 0.08 \(one scheduled change at a time\)/],
      [{ min_junior_ratio: "0.35" }, /Invalid min_junior_ratio: 0.35 is more than 0.1 away from the current 0.2/],
      [{ reserve_fee_bps: 2001 }, /Invalid reserve_fee_bps: 2001 is above the pool's limit 2000/],
      [{ writeoff_period: 121 * DAY }, /Invalid writeoff_period: 10454400 seconds is more than 2592000 longer than the current 7776000 \(a longer write-off policy moves by steps; a shorter one applies at once\)/],
      [{ writeoff_grace: 8 * DAY }, /Invalid writeoff_grace: 691200 seconds is more than 604800 longer than the current 0/],
    ];
    for (const [update, error] of bad) expect(w.pool.fails(owner, { update_config: update })).toMatch(error);
    const res = attrs(w.pool.execute(owner, { update_config: { senior_apr: "0.12", reserve_fee_bps: 1500, advance_rate: "0.7" } }), w.pool.address);
    const effective = (w.app.block.time + 2n * BigInt(DAY) * 1_000_000_000n).toString();
    expect(res).toMatchObject({ action: "update_config", scheduled: "true", effective_after: effective });
    expect(w.pool.query({ config: {} })).toMatchObject({ senior_apr: "0.08", reserve_fee_bps: 1000, advance_rate: "0.7" }); // advance_rate at once
    expect(w.pool.query({ pending_config: {} })).toEqual({
      pending: { senior_apr: "0.12", min_junior_ratio: null, reserve_fee_bps: 1500, epoch_seconds: null, writeoff_grace: null, writeoff_period: null, timelock_seconds: null, proposed_at: w.app.block.time.toString(), effective_after: effective },
    });
    closeEpoch(w); // a day later: not yet
    expect(w.pool.query({ config: {} })).toMatchObject({ senior_apr: "0.08" });
    closeEpoch(w); // the first close at or after effective_after applies it
    expect(w.pool.query({ config: {} })).toMatchObject({ senior_apr: "0.12", reserve_fee_bps: 1500 });
    expect(w.pool.query({ pending_config: {} })).toEqual({ pending: null });
    expect(w.pool.fails(owner, { cancel_config_change: {} })).toMatch(/No config change is scheduled/);
    w.pool.execute(owner, { update_config: { min_junior_ratio: "0.25" } });
    expect(w.pool.fails(manager, { cancel_config_change: {} })).toMatch(/Caller is not the contract's current owner/);
    w.pool.execute(owner, { cancel_config_change: {} });
    closeEpoch(w);
    closeEpoch(w);
    expect(w.pool.query({ config: {} })).toMatchObject({ min_junior_ratio: "0.2" });
  });

  it("a new senior APR applies to loans drawn after it takes effect: a loan drawn before keeps the rate it was drawn at", () => {
    const w = fundedPool({ timelock_seconds: DAY }, app);
    const before = openLoan(w, "inv-1", 50_000_000_000n, "0.2", 400);
    w.pool.execute(owner, { update_config: { senior_apr: "0.13" } });
    closeEpoch(w); // a day later: in force
    expect(w.pool.query({ config: {} })).toMatchObject({ senior_apr: "0.13" });
    const after = openLoan(w, "inv-2", 50_000_000_000n, "0.2", 400);
    expect(w.pool.query({ loan: { loan_id: before } })).toMatchObject({ loan: { senior_apr: "0.08" } });
    expect(w.pool.query({ loan: { loan_id: after } })).toMatchObject({ loan: { senior_apr: "0.13" } });
    const t0 = BigInt(poolInfo(w).senior_target);
    w.app.advanceTime(YEAR / 2);
    // Half a year, simple: 8% on the 50 000 lent before the change, 13% on the 50 000 lent after.
    expect(BigInt(poolInfo(w).senior_target)).toBe(t0 + 2_000_000_000n + 3_250_000_000n);
  });

  it("test networks may run second-long epochs, with a timelock of at least a minute", () => {
    const base = { ...POOL_PARAMS, test_timings: true, epoch_seconds: 2, timelock_seconds: 60 };
    const w = setup(base, app);
    expect(w.pool.query({ config: {} })).toMatchObject({ epoch_seconds: 2, timelock_seconds: 60, test_timings: true });
    expect(() => setup({ ...base, timelock_seconds: 59 }, app)).toThrow(/Invalid timelock_seconds: 59 seconds is outside \[60, 15552000\]/);
    expect(() => setup({ ...base, test_timings: false }, app)).toThrow(/Invalid epoch_seconds: 2 seconds is outside \[3600, 7776000\]/);
  });

  it("rejects an instantiation with parameters out of bounds or a bad currency", () => {
    const base = { currency: DENOM, collections: [makeAddress("some-nft")], manager, ...POOL_PARAMS };
    expect(() => deploy(app, "tranche-pool", owner, { ...base, currency: "u$d" })).toThrow(/Invalid currency: `u\$d` is not a native denom/);
    expect(() => deploy(app, "tranche-pool", owner, { ...base, collections: [] })).toThrow(/Invalid collections: between 1 and 10 NFT contracts/);
    expect(() => deploy(app, "tranche-pool", owner, { ...base, senior_apr: "2" })).toThrow(/Invalid senior_apr/);
  });

  it("takes exactly one currency: a native denom or a cw20 token that answers token_info", () => {
    const nft = deploy(app, "nft", owner, { name: "RWA", symbol: "RWA", minters: [sme] });
    const token = deployTestToken(app);
    const base = { collections: [nft.address], manager, ...POOL_PARAMS };
    const exactlyOne = /Invalid currency: give exactly one of currency \(a native denom\) or cw20_currency \(a cw20 token contract\)/;
    expect(() => deploy(app, "tranche-pool", owner, base)).toThrow(exactlyOne);
    expect(() => deploy(app, "tranche-pool", owner, { ...base, currency: DENOM, cw20_currency: token.address })).toThrow(exactlyOne);
    expect(() => deploy(app, "tranche-pool", owner, { ...base, cw20_currency: "usdc" })).toThrow(/Invalid address `usdc`/);
    expect(() => deploy(app, "tranche-pool", owner, { ...base, cw20_currency: makeAddress("an-account") })).toThrow(/Invalid cw20_currency: persistence1\w+ does not answer token_info as a cw20 token: .*no_such_contract/);
    expect(() => deploy(app, "tranche-pool", owner, { ...base, cw20_currency: nft.address })).toThrow(/Invalid cw20_currency: persistence1\w+ does not answer token_info as a cw20 token: .*unknown variant `token_info`/);
    const pool = deploy(app, "tranche-pool", owner, { ...base, cw20_currency: token.address });
    expect(pool.query({ config: {} })).toMatchObject({ currency: { cw20: token.address } });
  });

});

describe("pause and ownership", () => {
  it("owner or manager pause; only the owner resumes", () => {
    const w = setup({}, app);
    expect(w.pool.fails(bob, { set_paused: { paused: true } })).toMatch(/Caller is not the contract's current owner/);
    w.pool.execute(manager, { set_paused: { paused: true } });
    expect(w.pool.fails(manager, { set_paused: { paused: false } })).toMatch(/Caller is not the contract's current owner/);
    w.pool.execute(owner, { set_paused: { paused: false } });
    expect(w.pool.query({ config: {} })).toMatchObject({ paused: false });
  });

  it("a pause never outlives the owner: no renounce while paused, no pause once renounced", () => {
    const w = setup({}, app);
    w.pool.execute(manager, { set_paused: { paused: true } });
    expect(w.pool.fails(owner, { update_ownership: "renounce_ownership" })).toMatch(/The pool is paused: resume it before renouncing ownership, or nobody could/);
    w.pool.execute(owner, { set_paused: { paused: false } });
    w.pool.execute(owner, { update_ownership: "renounce_ownership" });
    expect(w.pool.fails(manager, { set_paused: { paused: true } })).toMatch(/Ownership has been renounced: nobody could resume the pool, so it cannot be paused/);
  });

  it("ownership moves in two steps", () => {
    const w = setup({}, app);
    w.pool.execute(owner, { update_ownership: { transfer_ownership: { new_owner: carol, expiry: null } } });
    expect(w.pool.fails(carol, { set_paused: { paused: false } })).toMatch(/Caller is not the contract's current owner/);
    w.pool.execute(carol, { update_ownership: "accept_ownership" });
    expect(w.pool.query({ ownership: {} })).toEqual({ owner: carol, pending_owner: null, pending_expiry: null });
    w.pool.execute(carol, { update_config: { senior_apr: "0.05" } });
  });

  it("collections are added and removed by the owner, at least one stays", () => {
    const w = setup({}, app);
    const other = makeAddress("other-nft");
    w.pool.execute(owner, { update_collections: { add: [other, other], remove: [] } });
    expect(w.pool.query<{ collections: string[] }>({ config: {} }).collections).toEqual([w.nft.address, other]);
    w.pool.execute(owner, { update_collections: { add: [], remove: [other] } });
    expect(w.pool.fails(owner, { update_collections: { add: [], remove: [w.nft.address] } })).toMatch(/Invalid collections: between 1 and 10/);
    expect(w.pool.fails(owner, { update_collections: { add: [], remove: [other] } })).toMatch(/Not an accepted collection/);
  });
});

describe("allowlist and share transfers", () => {
  it("with the allowlist on, only listed lenders deposit or receive shares; anyone may still redeem", () => {
    const w = setup({ allowlist_enabled: true }, app);
    expect(w.pool.fails(bob, { deposit: { tranche: "junior" } }, coins(1_000_000))).toMatch(/Lender is not on the allowlist/);
    expect(w.pool.fails(owner, { update_allowlist: { add: [bob], remove: [] } })).toMatch(/only the pool manager may manage the allowlist/);
    w.pool.execute(manager, { update_allowlist: { add: [bob, carol], remove: [] } });
    expect(w.pool.query({ allowlist: {} })).toEqual({ addresses: [bob, carol].sort() });
    w.pool.execute(bob, { deposit: { tranche: "junior" } }, coins(1_000_000));
    closeEpoch(w);
    expect(w.pool.fails(bob, { transfer_shares: { tranche: "junior", recipient: dave, shares: "1000" } })).toMatch(/Lender is not on the allowlist/);
    w.pool.execute(bob, { transfer_shares: { tranche: "junior", recipient: carol, shares: "1000" } });
    w.pool.execute(manager, { update_allowlist: { add: [], remove: [bob] } });
    w.pool.execute(bob, { redeem: { tranche: "junior", shares: "1000", min_price: "0" } });
    closeEpoch(w);
    expect(positionOf(w, bob).junior.shares).toBe("997000");
    expect(positionOf(w, carol).junior).toEqual({ shares: "1000", value: "1000", queued_shares: "0", pending_deposit: "0" });
  });

  it("only free shares move, and not to oneself", () => {
    const w = fundedPool({}, app);
    expect(w.pool.fails(alice, { transfer_shares: { tranche: "senior", recipient: alice, shares: "1" } })).toMatch(/Cannot transfer shares to yourself/);
    expect(w.pool.fails(alice, { transfer_shares: { tranche: "junior", recipient: carol, shares: "1" } })).toMatch(/Insufficient junior shares: 0 free, 1 asked/);
    w.pool.execute(alice, { transfer_shares: { tranche: "senior", recipient: carol, shares: "99999999000" } });
    expect(positionOf(w, alice).senior.shares).toBe("0");
    expect(w.pool.query({ position: { lender: alice } })).toMatchObject({ senior: { shares: "0" }, requests: [] });
  });
});
