// The end-to-end RWA lifecycle through the generated clients: the three stories of issue 9 run
// one after the other on one chain, each checking its figures (a LifecycleError otherwise).

import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { Coin } from "@persistence-ts/simulator/app/context";
import { Deployments } from "../deployments";
import { Actor, Asset, Cast, Contracts, LifecycleError, Timing } from "./env";
import { EscrowStoryResult, STABLE, escrowStory } from "./escrow";
import { PoolStoryResult, poolStory } from "./pool";
import { StakingStoryResult, stakingStory } from "./staking";
import { LifecycleEnv } from "./env";

export { LifecycleEnv, LifecycleError } from "./env";
export { Report } from "./report";

export interface LifecycleResult {
  escrow: EscrowStoryResult;
  pool: PoolStoryResult;
  staking: StakingStoryResult;
  transactions: number;
  gasUsed: number;
}

/** Days of chain time on the simulator, where time jumps. */
export const SIMULATOR_TIMING: Timing = { interestPeriod: 73 * 86_400, loanTerm: 30 * 86_400, rewardPeriod: 30 * 86_400 };
/**
 * Seconds on a local chain, where time is waited for. The loan term must outlast the approval,
 * the draw and the query after it (several blocks on a loaded machine): story 2 compares the
 * pool while the loan is current with the pool once it is past maturity.
 */
export const LOCALNET_TIMING: Timing = { interestPeriod: 4, loanTerm: 30, rewardPeriod: 4 };

/** Names of the parts the cast plays, in the order of the test accounts that play them on a localnet. */
export const ROLES = ["sme", "financier", "sme2", "junior", "senior", "staker"] as const;

/** The cast: `owner` is the deployer; the others take `addresses` in ROLES order. */
export function castOf(owner: string, addresses: string[]): Cast {
  if (addresses.length < ROLES.length) throw new LifecycleError(`the lifecycle needs ${ROLES.length} accounts besides the deployer`);
  const cast = { owner: { name: "owner", address: owner } } as Cast;
  ROLES.forEach((r, i) => (cast[r] = { name: r, address: addresses[i] }));
  return cast;
}

/** Simulator accounts with readable seeds. */
export function simulatorCast(owner: string): Cast {
  return castOf(owner, ["sme-originator", "financier", "sme-borrower", "junior-lender", "senior-lender", "xprt-staker"].map((s) => makeAddress(s)));
}

/** What each party holds at the simulator's genesis (a real chain's accounts are funded already). */
export function simulatorBalances(cast: Cast, stable: Asset, bond: Asset): Array<{ address: string; coins: Coin[] }> {
  const s = (n: bigint) => ({ denom: stable.denom, amount: (n * STABLE).toString() });
  const x = (n: bigint) => ({ denom: bond.denom, amount: (n * STABLE).toString() });
  const fund = (a: Actor, coins: Coin[]) => ({ address: a.address, coins });
  return [
    fund(cast.financier, [s(50_000n), x(100n)]),
    fund(cast.sme, [x(100n)]),
    fund(cast.sme2, [s(10_000n), x(100n)]),
    fund(cast.junior, [s(50_000n), x(100n)]),
    fund(cast.senior, [s(150_000n), x(100n)]),
    fund(cast.staker, [x(100_000n)]),
  ];
}

/** The contract addresses of a complete deployment. */
export function contractsOf(d: Deployments): Contracts {
  const c = d.contracts;
  if (!c.nft || !c.escrow || !c["tranche-pool"] || !c["liquid-staking"]) {
    throw new LifecycleError("the lifecycle needs all four contracts deployed");
  }
  return { nft: c.nft.address, escrow: c.escrow.address, pool: c["tranche-pool"].address, staking: c["liquid-staking"].address };
}

export async function runLifecycle(env: LifecycleEnv): Promise<LifecycleResult> {
  env.report.title("The RWA lifecycle on Persistence");
  const c = env.cast;
  env.report.note(`cast: owner ${c.owner.address} (deployer: registry owner, pool manager, staking operator, fee collector)`);
  for (const r of ROLES) env.report.note(`      ${c[r].name.padEnd(9)} ${c[r].address}`);
  const escrow = await escrowStory(env);
  const pool = await poolStory(env);
  const staking = await stakingStory(env);
  env.report.gasSummary();
  const gasUsed = env.report.gas.reduce((a, g) => a + g.gas, 0);
  return { escrow, pool, staking, transactions: env.report.gas.length, gasUsed };
}
