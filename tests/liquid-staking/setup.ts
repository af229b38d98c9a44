// Shared set-up for the liquid-staking contract's tests: a chain with validators, funded users
// and the contract, plus readers for the figures the tests compare.
import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "@persistence-ts/simulator/app/app";
import { bech32Encode, makeAddress } from "@persistence-ts/simulator/vm/api";
import { ROOT } from "@persistence-ts/cli/project";
import { Deployed, SchemaCheck, contractWasm, deploy } from "@persistence-ts/testing/contracts";

export const owner = makeAddress("ls-owner");
export const operator = makeAddress("ls-operator");
export const treasury = makeAddress("ls-treasury");
export const alice = makeAddress("alice");
export const bob = makeAddress("bob");
export const carol = makeAddress("carol");
export const users = [alice, bob, carol];

export const DAY = 86_400;
export const UNBONDING = 21 * DAY;
export const EPOCH = UNBONDING / 7;
export const XPRT = 1_000_000n;

export const valoper = (n: number): string => bech32Encode("persistencevaloper", new Uint8Array(20).fill(n));

export interface PoolState {
  total_native: string;
  stk_supply: string;
  exchange_rate: string;
  delegated: string;
  pending_rewards: string;
  buffer: string;
  unlocked: string;
  claimable: string;
  unbonding: string;
  surplus: string;
  paused: boolean;
  last_harvest: string;
}

export interface Setup {
  app: App;
  ls: Deployed;
  vals: string[];
}

/** `n` validators (commission 5%) with equal weights (the rest to the first), users funded with 1,000,000 XPRT. */
export function setup(instantiate: Record<string, unknown> = {}, n = 3): Setup {
  const app = new App();
  // Sorted as the contract stores them, so the set reads back in this order.
  const vals = Array.from({ length: n }, (_, i) => valoper(i + 1)).sort();
  for (const v of vals) app.addValidator({ address: v, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
  for (const u of [...users, owner, operator]) app.mint(u, [{ denom: "uxprt", amount: (1_000_000n * XPRT).toString() }]);
  const weights = vals.map((address, i) => ({ address, weight: Math.floor(10_000 / n) + (i === 0 ? 10_000 % n : 0) }));
  const ls = deploy(app, "liquid-staking", owner, {
    name: "Staked XPRT",
    symbol: "stkXPRT",
    bond_denom: "uxprt",
    validators: weights,
    operator,
    fee_recipient: treasury,
    ...instantiate,
  });
  return { app, ls, vals };
}

export const uxprt = (amount: bigint) => [{ denom: "uxprt", amount: amount.toString() }];

export function bond(s: Setup, user: string, amount: bigint) {
  return s.ls.execute(user, { bond: {} }, uxprt(amount));
}

export function poolState(s: Setup): PoolState {
  return s.ls.query<PoolState>({ state: {} });
}

export function stk(s: Setup, user: string): bigint {
  return BigInt(s.ls.query<{ balance: string }>({ balance: { address: user } }).balance);
}

export function stkSupply(s: Setup): bigint {
  return BigInt(s.ls.query<{ total_supply: string }>({ token_info: {} }).total_supply);
}

export function delegations(s: Setup): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const v of s.vals) {
    const d = s.app.staking.delegation(s.app.store, s.ls.address, v);
    if (d > 0n) out.set(v, d);
  }
  return out;
}

export const sum = (xs: Iterable<bigint>): bigint => [...xs].reduce((a, b) => a + b, 0n);

/** The value of the `wasm` attributes of a transaction, last one wins. */
export function attrs(res: { events: Array<{ type: string; attributes: Array<{ key: string; value: string }> }> }): Record<string, string> {
  return Object.fromEntries(res.events.filter((e) => e.type === "wasm").flatMap((e) => e.attributes.map((a) => [a.key, a.value])));
}

export const NANOS = 1_000_000_000n;
export const mallory = makeAddress("mallory");

/** Opens one block at `nanos` (block time). */
export function advanceTo(s: Setup, nanos: bigint): void {
  s.app.advanceTime(Number((nanos - s.app.block.time) / NANOS));
}

/** Withdraws `who`'s settled requests and returns what the bank paid it. */
export function withdraw(s: Setup, who: string): bigint {
  const before = s.app.balance(who, "uxprt");
  s.ls.execute(who, { withdraw_unbonded: {} });
  return s.app.balance(who, "uxprt") - before;
}

/** The released 0.1.0 wasm: what is deployed (tests/fixtures/releases). */
const RELEASE_0_1_0 = path.join(ROOT, "tests", "fixtures", "releases", "liquid-staking-0.1.0.wasm");

/** A batch as 0.1.0's `batches` query answers (its schema differs from today's). */
export interface OldBatch {
  id: number;
  native: string;
  unbond_end: string;
  status: string;
  received: string | null;
}

/**
 * The deployed 0.1.0 contract on 3 validators, alice, bob and carol bonded 100 XPRT each; users,
 * owner, operator and mallory funded. Messages are checked against today's schema, of which
 * 0.1.0's are a subset.
 */
export function oldContract(): Setup & { oldBatches: () => OldBatch[] } {
  const app = new App();
  const vals = [1, 2, 3].map(valoper).sort();
  for (const v of vals) app.addValidator({ address: v, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
  for (const u of [...users, owner, operator, mallory]) app.mint(u, uxprt(1_000_000n * XPRT));
  const codeId = app.storeCode(owner, new Uint8Array(fs.readFileSync(RELEASE_0_1_0))).codeId;
  const msg = { name: "Staked XPRT", symbol: "stkXPRT", bond_denom: "uxprt", operator, fee_recipient: treasury, validators: vals.map((address, i) => ({ address, weight: i === 0 ? 3334 : 3333 })) };
  const address = app.instantiate(owner, codeId, msg, "liquid-staking", [], owner).contractAddress;
  const ls = new Deployed(app, address, new SchemaCheck("liquid-staking"));
  for (const u of [alice, bob, carol]) app.execute(u, address, { bond: {} }, uxprt(100n * XPRT));
  const oldBatches = () => app.query<{ batches: OldBatch[] }>(address, { batches: { limit: 100 } }).batches;
  return { app, ls, vals, oldBatches };
}

/** Migrates `s`'s contract to the code built from this tree; returns the migration's attributes. */
export function migrateToCurrent(s: Setup): Record<string, string> {
  return attrs(s.app.migrate(owner, s.ls.address, s.app.storeCode(owner, contractWasm("liquid-staking")).codeId, {}));
}
