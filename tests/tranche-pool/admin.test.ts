// Administration: parameters and their bounds, pause rights, two-step ownership, collections,
// the lender allowlist and share transfers.
import { beforeAll, describe, expect, it } from "vitest";
import { App } from "../../simulator/app/app";
import { makeAddress } from "../../simulator/vm/api";
import { PrefixStorage } from "../../simulator/app/prefix-storage";
import { contractWasm, deploy } from "../helpers/contracts";
import {
  DAY,
  DENOM,
  POOL_PARAMS,
  YEAR,
  alice,
  attrs,
  bob,
  carol,
  coins,
  dave,
  deployTestToken,
  feeCollector,
  fundedPool,
  manager,
  owner,
  pay,
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
    });
    expect(w.pool.query({ ownership: {} })).toEqual({ owner, pending_owner: null, pending_expiry: null });
  });

  it("the owner updates parameters within their bounds", () => {
    const w = setup({}, app);
    w.pool.execute(owner, { update_config: { advance_rate: "0.9", reserve_fee_bps: 500, manager: carol } });
    expect(w.pool.query({ config: {} })).toMatchObject({ advance_rate: "0.9", reserve_fee_bps: 500, manager: carol });
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ senior_apr: "1.01" }, /Invalid senior_apr: 1.01 is outside \[0, 1\]/],
      [{ min_junior_ratio: "0.005" }, /Invalid min_junior_ratio: 0.005 is outside \[0.01, 0.9\]/],
      [{ min_junior_ratio: "0.95" }, /Invalid min_junior_ratio/],
      [{ advance_rate: "0" }, /Invalid advance_rate: must be greater than 0/],
      [{ advance_rate: "1.5" }, /Invalid advance_rate: 1.5 is outside \[0, 1\]/],
      [{ grace_period: 366 * DAY }, /Invalid grace_period: 31622400 seconds is outside \[0, 31536000\]/],
      [{ public_default_delay: 60 }, /Invalid public_default_delay/],
      [{ epoch_seconds: 60 }, /Invalid epoch_seconds: 60 seconds is outside \[3600, 7776000\]/],
      [{ reserve_fee_bps: 5001 }, /Invalid reserve_fee_bps: 5001 is above 5000/],
      [{ fee_collector: "nobody" }, /Invalid address `nobody`/],
    ];
    for (const [update, error] of bad) expect(w.pool.fails(owner, { update_config: update })).toMatch(error);
    expect(w.pool.fails(manager, { update_config: { senior_apr: "0.1" } })).toMatch(/Caller is not the contract's current owner/);
  });

  it("a new senior APR applies from the update on: T accrues at the old one up to it", () => {
    const w = fundedPool({}, app);
    w.app.advanceTime(YEAR / 2);
    w.pool.execute(owner, { update_config: { senior_apr: "0.2" } });
    const t1 = BigInt(poolInfo(w).senior_target);
    expect(t1).toBe(100_000_000_000n + 4_000_000_000n); // 8% for half a year
    w.app.advanceTime(YEAR / 2);
    expect(BigInt(poolInfo(w).senior_target)).toBe(t1 + (t1 * 2n) / 20n); // 20% for half a year
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

  it("migrates a 0.1.0 pool: its native denom becomes {native: denom}", () => {
    const w = fundedPool({}, app);
    const config = w.pool.query({ config: {} });
    const state = new PrefixStorage(app.store, `wasm/state/${w.pool.address}/`);
    const key = Buffer.from("config");
    const stored = Buffer.from(state.get(key)!).toString();
    expect(stored.startsWith(`{"currency":{"native":"${DENOM}"},`)).toBe(true);
    // Put the 0.1.0 layout and version back, as a 0.1.0 instance stores them.
    state.set(key, Buffer.from(stored.replace(`{"currency":{"native":"${DENOM}"},`, `{"currency":"${DENOM}",`)));
    state.set(Buffer.from("contract_info"), Buffer.from(JSON.stringify({ contract: "crates.io:persistence-rwa-tranche-pool", version: "0.1.0" })));
    expect(() => w.pool.query({ config: {} })).toThrow();
    const code = app.storeCode(owner, contractWasm("tranche-pool")).codeId;
    const res = app.migrate(owner, w.pool.address, code, {});
    expect(attrs(res, w.pool.address)).toMatchObject({ action: "migrate", from_version: "0.1.0", to_version: "0.2.0" });
    expect(w.pool.query({ config: {} })).toEqual(config);
    expect(Buffer.from(state.get(key)!).toString()).toBe(stored);
    pay(w, carol, { deposit: { tranche: "junior" } }, 1_000_000); // and it works on
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
    expect(w.pool.fails(bob, { transfer_shares: { tranche: "junior", recipient: dave, shares: "1000" } })).toMatch(/Lender is not on the allowlist/);
    w.pool.execute(bob, { transfer_shares: { tranche: "junior", recipient: carol, shares: "1000" } });
    w.pool.execute(manager, { update_allowlist: { add: [], remove: [bob] } });
    w.pool.execute(bob, { redeem: { tranche: "junior", shares: "1000" } });
    expect(positionOf(w, bob).junior.shares).toBe("997000");
    expect(positionOf(w, carol).junior).toEqual({ shares: "1000", value: "1000", queued_shares: "0" });
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
