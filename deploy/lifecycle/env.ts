// What the three lifecycle stories share: the chain, the deployed contracts, the cast (who plays
// which role), the assets, how long to let time pass, and a ledger of the gas fees each party
// paid, so balance changes can be shown net of fees on a real chain.

import { Chain, SigningClient } from "../chain";
import { errorMessage } from "../errors";
import { Report, amount } from "./report";

export interface Actor {
  name: string;
  address: string;
}

/** Who plays which part. `owner` deployed the contracts: registry owner, pool manager, staking operator. */
export interface Cast {
  owner: Actor;
  sme: Actor;
  financier: Actor;
  sme2: Actor;
  junior: Actor;
  senior: Actor;
  staker: Actor;
}

export interface Asset {
  denom: string;
  symbol: string;
}

/** Seconds of chain time each story lets pass (days on the simulator, seconds on a localnet). */
export interface Timing {
  /** Loan 1 is outstanding this long before it is repaid. */
  interestPeriod: number;
  /** Loan 2's term: it matures (and defaults) after this. */
  loanTerm: number;
  /** Staking rewards accrue this long before the harvest. */
  rewardPeriod: number;
}

export interface Contracts {
  nft: string;
  escrow: string;
  pool: string;
  staking: string;
}

/** A step that did not do what the lifecycle expects. */
export class LifecycleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LifecycleError";
  }
}

export function expectThat(ok: boolean, what: string): void {
  if (!ok) throw new LifecycleError(`check failed: ${what}`);
}

/** What the stories read of a transaction result (cosmjs 0.32 / 0.38 and SimulatorClient alike). */
export interface Tx {
  transactionHash: string;
  height: number;
  gasUsed: bigint;
  gasWanted: bigint;
  events: ReadonlyArray<{ type: string; attributes: ReadonlyArray<{ key: string; value: string }> }>;
}

export class LifecycleEnv {
  /** Gas fees paid per address, in the fee denom (0 on the simulator, whose "auto" fee is free). */
  private readonly fees = new Map<string, bigint>();

  constructor(
    readonly chain: Chain,
    readonly contracts: Contracts,
    readonly cast: Cast,
    readonly stable: Asset,
    readonly bond: Asset,
    readonly timing: Timing,
    readonly report: Report,
    /** Fee per unit of gas in the bond denom, as a fraction (0.025), or 0 when fees are not charged. */
    private readonly gasPrice: number,
    /** Distinguishes this run's token ids and documents from earlier runs on the same chain. */
    readonly runId: string,
  ) {}

  get signer(): SigningClient {
    return this.chain.signer();
  }

  /** Sends one transaction for `actor`, reports it and books its fee; failures name the step. */
  async tx(actor: Actor, action: string, detail: string, send: () => Promise<Tx>): Promise<Tx> {
    let res: Tx;
    try {
      res = await send();
    } catch (e) {
      throw new LifecycleError(`${actor.name}: ${action} failed: ${errorMessage(e).split("\n")[0]}`);
    }
    const fee = BigInt(Math.ceil(Number(res.gasWanted) * this.gasPrice));
    this.fees.set(actor.address, (this.fees.get(actor.address) ?? 0n) + fee);
    this.report.tx(actor.name, action, detail, Number(res.gasUsed), res.transactionHash);
    return res;
  }

  feesPaid(address: string): bigint {
    return this.fees.get(address) ?? 0n;
  }

  async balance(address: string, denom: string): Promise<bigint> {
    return this.chain.balance(address, denom);
  }

  /** Lets `seconds` of chain time pass (the simulator jumps; a real chain is waited for). */
  async wait(seconds: number, why: string): Promise<void> {
    this.report.note(`… ${describeDuration(seconds)} pass (${why})`);
    await this.chain.advance(seconds);
  }

  money(base: bigint, asset: Asset): string {
    return `${amount(base)} ${asset.symbol}`;
  }

  coins(base: bigint, asset: Asset): Array<{ denom: string; amount: string }> {
    return [{ denom: asset.denom, amount: base.toString() }];
  }
}

export function describeDuration(seconds: number): string {
  if (seconds >= 86_400 && seconds % 86_400 === 0) return `${seconds / 86_400} days`;
  if (seconds >= 3_600) return `${(seconds / 86_400).toFixed(1)} days`;
  return `${seconds} s`;
}

/** The value of wasm attribute `key` in a transaction's events (first match, optionally of one contract). */
export function attr(res: Tx, key: string, contract?: string): string | undefined {
  for (const e of res.events) {
    if (e.type !== "wasm") continue;
    if (contract && !e.attributes.some((a) => a.key === "_contract_address" && a.value === contract)) continue;
    const a = e.attributes.find((x) => x.key === key);
    if (a) return a.value;
  }
  return undefined;
}

export function requireAttr(res: Tx, key: string, contract?: string): string {
  const v = attr(res, key, contract);
  if (v === undefined) throw new LifecycleError(`transaction ${res.transactionHash} has no wasm attribute ${key}`);
  return v;
}

export const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString("base64");

/** Balances of several parties in one denom, with the fees each had paid so far. */
export interface Snapshot {
  denom: string;
  at: Map<string, { balance: bigint; fees: bigint }>;
}

export async function snapshot(env: LifecycleEnv, actors: Actor[], denom: string): Promise<Snapshot> {
  const at = new Map<string, { balance: bigint; fees: bigint }>();
  for (const a of actors) at.set(a.address, { balance: await env.balance(a.address, denom), fees: env.feesPaid(a.address) });
  return { denom, at };
}

/** Change of `actor`'s balance between two snapshots, not counting the gas fees it paid meanwhile. */
export function netChange(before: Snapshot, after: Snapshot, actor: Actor, feeDenom: string): bigint {
  const b = before.at.get(actor.address)!;
  const a = after.at.get(actor.address)!;
  const fees = before.denom === feeDenom ? a.fees - b.fees : 0n;
  return a.balance - b.balance + fees;
}
