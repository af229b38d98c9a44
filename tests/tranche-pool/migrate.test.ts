// Migrating a pool from what is on chain: the 0.2.0 release wasm (tests/fixtures/releases) is
// stored and instantiated beside the NFT collection that is deployed with it — the released
// nft 0.1.0 wasm — lenders and loans are set up with them, then the code under test migrates the
// pool to 0.3.0. The state must decode, the books must balance, and the old positions must keep
// working: lenders exit through orders, loans repay, defaulted loans recover. Both contracts are
// upgraded, so both orders are tested: pool first (nothing fails in between: the 0.3.0 pool reads
// nft_info leniently, whichever version answers) and nft first (the 0.2.0 pool's strict decoder
// refuses the 0.2.0 nft's new extension fields: pledges fail until the pool is upgraded).
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { PrefixStorage } from "@persistence-ts/simulator/app/prefix-storage";
import { ROOT } from "@persistence-ts/cli/project";
import { Deployed, SchemaCheck, contractWasm } from "@persistence-ts/testing/contracts";
import { DAY, DENOM, alice, attrs, bob, carol, closeEpoch, coins, dave, feeCollector, hookMsg, manager, mintInvoice, owner, poolInfo, positionOf, sme, World } from "./setup";

const OLD_WASM = path.join(ROOT, "tests", "fixtures", "releases", "tranche-pool-0.2.0.wasm");
const OLD_NFT_WASM = path.join(ROOT, "tests", "fixtures", "releases", "nft-0.1.0.wasm");
const USDC = 1_000_000n;
const usdc = (x: number) => BigInt(x) * USDC;

/** The 0.2.0 instantiate message (no write-off policy, no timelock). */
const OLD_PARAMS = {
  senior_apr: "0.08",
  min_junior_ratio: "0.2",
  advance_rate: "0.8",
  grace_period: 7 * DAY,
  public_default_delay: 30 * DAY,
  reserve_fee_bps: 1000,
  epoch_seconds: DAY,
};

interface OldPool {
  reserve: string;
  assets: string;
  senior_target: string;
  fees_owed: string;
  senior: { shares: string; queued_shares: string };
  junior: { shares: string };
}

let app: App;
let newCode: number;
let newNftCode: number;
beforeAll(() => {
  app = new App();
  newCode = app.storeCode(owner, contractWasm("tranche-pool")).codeId;
  newNftCode = app.storeCode(owner, contractWasm("nft")).codeId;
});

/** The released nft 0.1.0, as deployed beside the 0.2.0 pool. */
function oldNft(): Deployed {
  const code = app.storeCode(owner, fs.readFileSync(OLD_NFT_WASM)).codeId;
  const address = app.instantiate(owner, code, { name: "Persistence RWA", symbol: "RWA", minters: [sme] }, "nft-0.1.0", [], owner).contractAddress;
  return new Deployed(app, address, new SchemaCheck("nft"));
}

/** Upgrades the collection to the code under test and finishes its migration scan. */
function upgradeNft(w: World): void {
  const res = app.migrate(owner, w.nft.address, newNftCode, {});
  expect(attrs(res, w.nft.address)).toMatchObject({ action: "migrate", from_version: "0.1.0" });
  if (attrs(res, w.nft.address).migration !== "done") app.execute(dave, w.nft.address, { continue_migration: {} });
}

/** A 0.2.0 pool in use: bob 30 000 junior, alice 100 000 senior, carol 10 000 senior; an active loan, a defaulted one, a queued redemption. */
function oldPool(): { w: World; active: number; defaulted: number } {
  const nft = oldNft();
  const code = app.storeCode(owner, fs.readFileSync(OLD_WASM)).codeId;
  const msg = { currency: DENOM, collections: [nft.address], manager, fee_collector: feeCollector, ...OLD_PARAMS };
  const address = app.instantiate(owner, code, msg, "pool-0.2.0", [], owner).contractAddress;
  const w: World = { app, nft, pool: new Deployed(app, address, new SchemaCheck("tranche-pool")), kind: "native", token: null, denom: DENOM };
  for (const who of [alice, bob, carol, dave, sme, manager]) app.mint(who, coins(usdc(1_000_000)));
  const old = (sender: string, m: unknown, funds = coins(0).slice(0, 0)) => app.execute(sender, address, m, funds);
  old(bob, { deposit: { tranche: "junior" } }, coins(usdc(30_000)));
  old(alice, { deposit: { tranche: "senior" } }, coins(usdc(100_000)));
  old(carol, { deposit: { tranche: "senior" } }, coins(usdc(10_000)));
  const loan = (token: string, amount: bigint, days: number): number => {
    mintInvoice(w, token, (amount * 5n) / 4n, days + 30);
    const maturity = (app.block.time + BigInt(days * DAY) * 1_000_000_000n).toString();
    const res = app.execute(sme, nft.address, { send_nft: { contract: address, token_id: token, msg: hookMsg({ amount: amount.toString(), apr: null, maturity }) } });
    const id = Number(attrs(res, address).loan_id);
    old(manager, { approve_loan: { loan_id: id, apr: "0.12" } });
    old(sme, { draw: { loan_id: id } });
    return id;
  };
  const defaulted = loan("inv-def", usdc(20_000), 10);
  const active = loan("inv-act", usdc(85_000), 120);
  app.advanceTime(20 * DAY);
  old(manager, { mark_default: { loan_id: defaulted } });
  old(manager, { write_down: { loan_id: defaulted, amount: usdc(5_000).toString() } });
  old(carol, { redeem: { tranche: "senior", shares: usdc(10_000).toString() } }); // 35 000 left: paid at once
  old(alice, { redeem: { tranche: "senior", shares: usdc(40_000).toString() } }); // more than the reserve: queued
  app.advanceTime(5 * DAY);
  return { w, active, defaulted };
}

const booksBalance = (w: World) => {
  const p = poolInfo(w);
  expect(w.app.balance(w.pool.address, DENOM)).toBe(BigInt(p.reserve) + BigInt(p.set_aside) + BigInt(p.fees_owed) + BigInt(p.senior.pending_deposits) + BigInt(p.junior.pending_deposits));
};

describe("migrate a 0.2.0 pool to 0.3.0", () => {
  it("keeps every position and loan; lenders exit through orders, loans repay and recover, the books balance", () => {
    const { w, active, defaulted } = oldPool();
    const before = app.query<OldPool>(w.pool.address, { pool: {} });
    expect(before.senior.queued_shares).toBe(usdc(40_000).toString());
    const res = app.migrate(owner, w.pool.address, newCode, {});
    expect(attrs(res, w.pool.address)).toMatchObject({ action: "migrate", from_version: "0.2.0", to_version: "0.3.0" });

    expect(w.pool.query({ config: {} })).toMatchObject({ ...OLD_PARAMS, writeoff_grace: 0, writeoff_period: 90 * DAY, timelock_seconds: DAY, test_timings: false, paused: false });
    const p = poolInfo(w);
    expect(p).toMatchObject({
      reserve: before.reserve,
      fees_owed: before.fees_owed,
      senior_target: before.senior_target, // accrued the 0.2.0 way up to the migration
      senior_principal: before.senior_target,
      loans_principal: usdc(105_000).toString(),
      senior: { shares: before.senior.shares, queued_shares: usdc(40_000).toString() },
      junior: { shares: before.junior.shares },
    });
    // NAV now nets the reserve fee out of the interest and applies the policy to the late loan.
    expect(BigInt(p.assets)).toBeLessThan(BigInt(before.assets));
    expect(BigInt(p.markdown)).toBeGreaterThan(0n);
    expect(p.junior.impaired).toBe(true);
    expect(w.pool.query({ loan: { loan_id: active } })).toMatchObject({ loan: { status: "active", reserve_fee_bps: 1000, marked_from: null } });
    booksBalance(w);

    // The queued 0.2.0 request is an order of the open epoch: it executes at the next close.
    const a0 = w.app.balance(alice, DENOM);
    const close = closeEpoch(w);
    expect(close.loans_marked).toBe("1"); // the late loan enters its write-off period at the close
    expect(BigInt(close.senior_paid)).toBeGreaterThan(0n);
    expect(w.app.balance(alice, DENOM) - a0).toBe(BigInt(close.senior_paid));
    booksBalance(w);

    // The defaulted loan accrues again and recovers; the active one repays and its NFT goes back.
    const debt = BigInt(w.pool.query<{ debt: string }>({ loan: { loan_id: defaulted } }).debt);
    w.pool.execute(manager, { recover: { loan_id: defaulted } }, coins(debt));
    const due = BigInt(w.pool.query<{ debt: string }>({ loan: { loan_id: active } }).debt);
    w.pool.execute(sme, { repay: { loan_id: active } }, coins(due));
    expect(w.nft.query<{ owner: string }>({ owner_of: { token_id: "inv-act" } }).owner).toBe(sme);
    expect(w.nft.query<{ owner: string }>({ owner_of: { token_id: "inv-def" } }).owner).toBe(sme);
    expect(poolInfo(w)).toMatchObject({ loans_value: "0", loans_principal: "0", markdown: "0", junior: { impaired: false } });
    booksBalance(w);

    // Everyone leaves: junior last, as the ratio wants.
    w.pool.execute(alice, { redeem: { tranche: "senior", shares: positionOf(w, alice).senior.shares, min_price: "0" } });
    closeEpoch(w);
    w.pool.execute(bob, { redeem: { tranche: "junior", shares: positionOf(w, bob).junior.shares, min_price: "0" } });
    closeEpoch(w);
    const end = poolInfo(w);
    expect(end.senior.shares).toBe("1000"); // the locked shares
    expect(end.junior.shares).toBe("1000");
    expect(end.assets).toBe(end.reserve);
    expect(BigInt(end.reserve)).toBeLessThan(3_000n); // what the locked shares are worth
    expect(positionOf(w, alice)).toMatchObject({ senior: { shares: "0", queued_shares: "0" } });
    booksBalance(w);
  });

  it("migrates a 0.1.0 pool too: its currency becomes {native: denom}, then the 0.3.0 layout", () => {
    const { w } = oldPool();
    const state = new PrefixStorage(app.store, `wasm/state/${w.pool.address}/`);
    const key = Buffer.from("config");
    const stored = Buffer.from(state.get(key)!).toString();
    expect(stored.startsWith(`{"currency":{"native":"${DENOM}"},`)).toBe(true);
    // Put the 0.1.0 layout and version back, as a 0.1.0 instance stores them.
    state.set(key, Buffer.from(stored.replace(`{"currency":{"native":"${DENOM}"},`, `{"currency":"${DENOM}",`)));
    state.set(Buffer.from("contract_info"), Buffer.from(JSON.stringify({ contract: "crates.io:persistence-rwa-tranche-pool", version: "0.1.0" })));
    const res = app.migrate(owner, w.pool.address, newCode, {});
    expect(attrs(res, w.pool.address)).toMatchObject({ action: "migrate", from_version: "0.1.0", to_version: "0.3.0" });
    expect(w.pool.query({ config: {} })).toMatchObject({ currency: { native: DENOM }, writeoff_period: 90 * DAY });
    w.pool.execute(dave, { deposit: { tranche: "senior" } }, coins(usdc(1_000))); // and it works on
    booksBalance(w);
  });

  it("refuses to go back: 0.3.0 cannot migrate to the 0.2.0 code", () => {
    const { w } = oldPool();
    app.migrate(owner, w.pool.address, newCode, {});
    const oldCode = app.storeCode(owner, fs.readFileSync(OLD_WASM)).codeId;
    expect(() => app.migrate(owner, w.pool.address, oldCode, {})).toThrow(/Cannot migrate from newer version 0.3.0 to older version 0.2.0/);
  });
});

describe("upgrade order: the pool and its NFT collection (nft 0.1.0 → current)", () => {
  /** Mints and pledges a new token (send_nft + request_loan): the pool reads its nft_info. */
  const pledgeNew = (w: World, token: string) => {
    mintInvoice(w, token, usdc(10_000), 60);
    const maturity = (app.block.time + BigInt(30 * DAY) * 1_000_000_000n).toString();
    const res = app.execute(sme, w.nft.address, { send_nft: { contract: w.pool.address, token_id: token, msg: hookMsg({ amount: usdc(8_000).toString(), apr: null, maturity }) } });
    return Number(attrs(res, w.pool.address).loan_id);
  };
  const debtOf = (w: World, id: number) => BigInt(app.query<{ debt: string }>(w.pool.address, { loan: { loan_id: id } }).debt);

  it("pool first: nothing fails in between — the 0.3.0 pool reads nft_info from nft 0.1.0 and from the current nft alike", () => {
    const { w, active } = oldPool();
    app.migrate(owner, w.pool.address, newCode, {});
    const first = pledgeNew(w, "inv-p1"); // nft 0.1.0 answers
    expect(w.pool.query({ loan: { loan_id: first } })).toMatchObject({ loan: { status: "requested", face_value: usdc(10_000).toString() } });
    upgradeNft(w);
    expect(w.nft.query<{ extension: Record<string, unknown> }>({ nft_info: { token_id: "inv-p1" } }).extension).toMatchObject({ revision: 0, status_set_by: "holder" });
    const second = pledgeNew(w, "inv-p2"); // the current nft answers with minted_by, status_set_by, revision
    expect(w.pool.query({ loan: { loan_id: second } })).toMatchObject({ loan: { status: "requested", face_value: usdc(10_000).toString() } });
    w.pool.execute(sme, { cancel_loan: { loan_id: second } });
    w.pool.execute(sme, { repay: { loan_id: active } }, coins(debtOf(w, active)));
    expect(w.nft.query<{ owner: string }>({ owner_of: { token_id: "inv-act" } }).owner).toBe(sme);
    expect(w.nft.query<{ owner: string }>({ owner_of: { token_id: "inv-p2" } }).owner).toBe(sme);
    booksBalance(w);
  });

  it("nft first: until the pool is upgraded its pledges fail (the 0.2.0 pool decodes nft_info strictly); repayments and exits go on", () => {
    const { w, active } = oldPool();
    upgradeNft(w);
    mintInvoice(w, "inv-n1", usdc(10_000), 60);
    const maturity = (app.block.time + BigInt(30 * DAY) * 1_000_000_000n).toString();
    const pledge = { send_nft: { contract: w.pool.address, token_id: "inv-n1", msg: hookMsg({ amount: usdc(8_000).toString(), apr: null, maturity }) } };
    expect(() => app.execute(sme, w.nft.address, pledge)).toThrow(/Error parsing into type NftInfoResponse: unknown field `minted_by`/);
    // What the 0.2.0 pool does with a token — return it on repayment — still works with the current nft.
    app.execute(sme, w.pool.address, { repay: { loan_id: active } }, coins(debtOf(w, active)));
    expect(w.nft.query<{ owner: string }>({ owner_of: { token_id: "inv-act" } }).owner).toBe(sme);
    app.execute(alice, w.pool.address, { redeem: { tranche: "senior", shares: usdc(1_000).toString() } }); // the 0.2.0 pool: no min_price yet
    app.migrate(owner, w.pool.address, newCode, {});
    const id = pledgeNew(w, "inv-n2");
    expect(w.pool.query({ loan: { loan_id: id } })).toMatchObject({ loan: { status: "requested", face_value: usdc(10_000).toString() } });
    booksBalance(w);
  });
});
