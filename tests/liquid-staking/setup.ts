// Shared set-up for the liquid-staking contract's tests: a chain with validators, funded users
// and the contract, plus readers for the figures the tests compare.
import { App } from "../../simulator/app/app";
import { bech32Encode, makeAddress } from "../../simulator/vm/api";
import { Deployed, deploy } from "../helpers/contracts";

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
