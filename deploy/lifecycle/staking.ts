// Story 3: a staker liquid-stakes XPRT for stkXPRT; rewards accrue and the operator's harvest
// compounds them, so the exchange rate rises; part of the stk is unbonded through a batch and
// withdrawn after the unbonding period, part is instant-unstaked from the buffer for the fee.

import { LiquidStakingClient } from "../../clients/liquid-staking/LiquidStaking.client";
import type { StateResponse } from "../../clients/liquid-staking/LiquidStaking.types";
import { codegenClient } from "../chain";
import { Actor, LifecycleEnv, LifecycleError, expectThat, netChange, requireAttr, snapshot } from "./env";
import { STABLE } from "./escrow";
import { amount, decimal, signed } from "./report";

const NANOS = 1_000_000_000n;
const XPRT = STABLE;

export interface StakingStoryResult {
  bonded: bigint;
  stkMinted: bigint;
  rates: { atBond: string; beforeHarvest: string; afterHarvest: string; end: string };
  harvested: bigint;
  protocolFee: bigint;
  unbond: { stk: bigint; batchId: number; native: bigint; withdrawn: bigint };
  instant: { stk: bigint; paid: bigint; fee: bigint };
  /** The staker's XPRT balance change over the story, net of gas: −bonded + withdrawn + instant payout. */
  stakerNet: bigint;
}

/** Rates compared as decimals (18 fractional digits at most). */
const rateAtoms = (r: string): bigint => {
  const [i, f = ""] = r.split(".");
  return BigInt(i) * 10n ** 18n + BigInt(f.padEnd(18, "0").slice(0, 18));
};

class Staking {
  constructor(
    private readonly env: LifecycleEnv,
    readonly address: string,
  ) {}

  as(a: Actor): LiquidStakingClient {
    return new LiquidStakingClient(codegenClient(this.env.signer), a.address, this.address);
  }

  state(): Promise<StateResponse> {
    return this.as(this.env.cast.owner).state();
  }

  async stk(a: Actor): Promise<bigint> {
    return BigInt((await this.as(a).balance({ address: a.address })).balance);
  }

  async showRate(label: string): Promise<string> {
    const s = await this.state();
    this.env.report.note(
      `${label}: exchange rate ${decimal(s.exchange_rate, 12)} XPRT per stkXPRT (value ${this.env.money(BigInt(s.total_native), this.env.bond)}, pending rewards ${this.env.money(BigInt(s.pending_rewards), this.env.bond)}, buffer ${this.env.money(BigInt(s.buffer), this.env.bond)})`,
    );
    return s.exchange_rate;
  }
}

export async function stakingStory(env: LifecycleEnv): Promise<StakingStoryResult> {
  const { staker, owner } = env.cast;
  const ls = new Staking(env, env.contracts.staking);
  env.report.section("staking", "3 · A staker liquid-stakes XPRT for auto-compounding stkXPRT");
  const before = await snapshot(env, [staker], env.bond.denom);

  const bonded = 10_000n * XPRT;
  const stk0 = await ls.stk(staker);
  await env.tx(staker, "bond", `stakes ${env.money(bonded, env.bond)}`, () => ls.as(staker).bond({}, "auto", undefined, env.coins(bonded, env.bond)));
  const stkMinted = (await ls.stk(staker)) - stk0;
  env.report.note(`${staker.name} received ${env.money(stkMinted, { denom: "", symbol: "stkXPRT" })}`);
  const atBond = await ls.showRate("after the bond");

  await env.wait(env.timing.rewardPeriod, "staking rewards accrue and count in the rate");
  const beforeHarvest = await ls.showRate("before the harvest");
  const harvest = await env.tx(owner, "harvest", "withdraws rewards, re-delegates them, mints the fee as stk", () => ls.as(owner).harvest());
  const harvested = BigInt(requireAttr(harvest, "harvested", ls.address));
  const protocolFee = BigInt(requireAttr(harvest, "fee", ls.address));
  const afterHarvest = await ls.showRate(`after the harvest (${env.money(harvested, env.bond)} compounded, protocol fee ${env.money(protocolFee, env.bond)})`);
  expectThat(rateAtoms(beforeHarvest) > rateAtoms(atBond), "rewards raised the exchange rate");
  expectThat(rateAtoms(afterHarvest) >= rateAtoms(beforeHarvest), "the harvest did not lower the rate");

  const unbond = await unbondThroughBatch(env, ls, (stkMinted * 40n) / 100n);
  const instant = await instantUnstake(env, ls, (stkMinted * 3n) / 100n);
  const end = await ls.showRate("at the end");

  const after = await snapshot(env, [staker], env.bond.denom);
  const stakerNet = netChange(before, after, staker, env.bond.denom);
  const left = await ls.stk(staker);
  const held = (left * rateAtoms(end)) / 10n ** 18n;
  env.report.table(
    [`${staker.name}`, "XPRT (net of gas)"],
    [
      ["bonded", signed(-bonded)],
      ["withdrawn after unbonding", signed(unbond.withdrawn)],
      ["instant unstake", signed(instant.paid)],
      [`${amount(left)} stkXPRT still held, worth`, amount(held)],
      ["gain", signed(stakerNet + held)],
    ],
  );
  expectThat(stakerNet === -bonded + unbond.withdrawn + instant.paid, "the staker's balance moved by exactly the bond, the withdrawal and the instant payout");
  return { bonded, stkMinted, rates: { atBond, beforeHarvest, afterHarvest, end }, harvested, protocolFee, unbond, instant, stakerNet };
}

/** queue_unbond, submit_batch once due, then withdraw_unbonded once the chain paid the batch out: the first withdraw pays. */
async function unbondThroughBatch(env: LifecycleEnv, ls: Staking, stk: bigint): Promise<StakingStoryResult["unbond"]> {
  const { staker } = env.cast;
  const q = await env.tx(staker, "queue_unbond", `${env.money(stk, { denom: "", symbol: "stkXPRT" })} into the current batch`, () => ls.as(staker).queueUnbond({ amount: stk.toString() }));
  const batchId = Number(requireAttr(q, "batch_id", ls.address));
  const due = BigInt((await ls.as(staker).currentBatch()).est_submit_time);
  const now = await env.chain.blockTime();
  if (due > now) await env.wait(Number((due - now) / NANOS) + 1, "the batch's epoch ends");
  const sub = await env.tx(staker, "submit_batch", `batch ${batchId}: burns the stk, undelegates`, () => ls.as(staker).submitBatch());
  const native = BigInt(requireAttr(sub, "native", ls.address));
  env.report.note(`batch ${batchId} owes ${env.money(native, env.bond)} at the current rate`);
  const batch = (await ls.as(staker).batches({ limit: 100 })).batches.find((b) => b.id === batchId);
  if (!batch) throw new LifecycleError(`batch ${batchId} is not listed after submission`);
  // unbond_end is the chain's completion time (MsgUndelegateResponse); the chain pays the batch out
  // at the end of the first block that reaches it, so the withdraw goes in the block after.
  const wait = Number((BigInt(batch.unbond_end) - (await env.chain.blockTime())) / NANOS) + 1;
  await env.wait(Math.max(wait, 1), "the chain's unbonding period");
  await env.wait(1, "one more block: the chain pays the batch out as the block reaching its completion time ends");
  const w = await env.tx(staker, "withdraw_unbonded", "claims the batch: the first withdraw pays", () => ls.as(staker).withdrawUnbonded({}));
  const withdrawn = BigInt(requireAttr(w, "amount", ls.address));
  expectThat(withdrawn === native, `the first withdraw paid the batch's ${env.money(native, env.bond)}`);
  return { stk, batchId, native, withdrawn };
}

/** Burns stk for XPRT from the liquidity buffer at once (kept below what the buffer holds). */
async function instantUnstake(env: LifecycleEnv, ls: Staking, wanted: bigint): Promise<StakingStoryResult["instant"]> {
  const { staker } = env.cast;
  const s = await ls.state();
  const affordable = (BigInt(s.buffer) * 9n * BigInt(s.stk_supply)) / (10n * BigInt(s.total_native));
  const stk = wanted < affordable ? wanted : affordable;
  const res = await env.tx(staker, "instant_unstake", `${env.money(stk, { denom: "", symbol: "stkXPRT" })} from the buffer`, () => ls.as(staker).instantUnstake({ amount: stk.toString() }));
  const paid = BigInt(requireAttr(res, "paid", ls.address));
  const fee = BigInt(requireAttr(res, "fee", ls.address));
  env.report.note(`paid ${env.money(paid, env.bond)} at once; the ${env.money(fee, env.bond)} fee stays with the remaining stakers`);
  expectThat(paid > 0n && fee > 0n, "the instant unstake paid out and charged its fee");
  return { stk, paid, fee };
}
