// The distribution module: staking rewards that accrue with block time at a fixed APR, minus the
// validator's commission, kept F1-style (as cosmos-sdk x/distribution does): each validator has a
// cumulative "reward per bonded token", brought up to date lazily, and each delegation remembers
// the ratio and stake at which its current period began. Accrual is O(validators) per time step;
// a delegation's reward is stake × (ratio now − ratio at start), truncated at 18 decimals
// (MulDecTruncate); its stake is what its shares are worth, TokensFromSharesTruncated (fixed point).
//
// Rounding: rewards are DecCoins (18 decimals, exact). A withdrawal pays the integer part and,
// as the SDK does, credits the fractional remainder to the community pool (a tracked figure);
// commission withdrawals keep their remainder for later. Paid rewards are minted at withdrawal
// time (the simulator has no fee collector or inflation): supply grows by what is paid.
// All state is in ctx.store under `distribution/`.

import { makeAddress } from "../vm/api";
import type { Storage } from "../vm/storage";
import { AppError, AppEvent, Coin, getJson, ModuleContext, ModuleResult, removeKey, scanJson, setJson, UnsupportedQuery } from "./context";
import { decMul, formatDecimal, formatLegacyDec, ONE, parseDecimal, truncateDecimal } from "./decimal";
import { responses } from "./proto";
import {
  ACCOUNT_PREFIX,
  addressKey as hex,
  allValidators,
  codecAddressBytes,
  delegationShares,
  delegationStake,
  delegationsOf,
  getValidator,
  msgAddress,
  operatorAccount,
  stakingError,
  stakingParams,
  StakingHooks,
  VALOPER_PREFIX,
  ValidatorInfo,
} from "./staking";

/**
 * The denom of the zero coin a withdrawal of no rewards reports (event and response): the SDK's
 * registered base denom, else sdk.DefaultBondDenom (x/distribution/keeper/delegation.go
 * withdrawDelegationRewards). wasmd v0.60.2 registers none, so the localnet writes "0stake";
 * whether persistenceCore registers one is not verified here (Distribution's constructor takes it).
 */
export const ZERO_REWARD_DENOM = "stake";

/** Rewards accrue per second of block time over a 365-day year. */
export const YEAR_NS = 365n * 24n * 3600n * 1_000_000_000n;

/** x/distribution/types/errors.go texts. */
export const DISTRIBUTION_ERRORS = {
  noValidatorDistInfo: "no validator distribution info",
  noDelegationDistInfo: "no delegation distribution info",
  noValidatorCommission: "no validator commission to withdraw",
  withdrawAddrDisabled: "set withdraw address disabled",
  noValidatorExists: "validator does not exist",
  noDelegationExists: "delegation does not exist",
} as const;

export interface DistributionParams {
  /** Fixed point (10^18 = 100%). */
  apr: bigint;
  withdrawAddrEnabled: boolean;
  moduleAccount: string;
  /**
   * Rewards as the chain makes them (App.useBlockRewards): each block's minted provisions and fees
   * allocated by power (allocateBlock), a validator's period ended only when the SDK ends it. Off:
   * rewards accrue at `apr` per second of block time.
   */
  blockRewards: boolean;
  /** x/distribution community_tax (fixed point; 0.02 by default). */
  communityTax: bigint;
}

interface StoredParams {
  apr: string;
  withdraw_addr_enabled: boolean;
  module_account: string;
  block_rewards?: boolean;
  community_tax?: string;
}

const DEFAULT_COMMUNITY_TAX = 2n * 10n ** 16n;

/** A validator's reward state as of `last_update`; fixed-point integers as decimal strings. */
interface ValidatorRewardsRecord {
  /** Delegator reward per bonded token since the validator appeared. */
  cumulative: string;
  /** Accrued, not yet withdrawn commission. */
  commission: string;
  last_update: string;
  /** Block rewards: the delegators' share allocated since the period began (ValidatorCurrentRewards). */
  pending?: string;
}

interface RewardsState {
  cumulative: bigint;
  commission: bigint;
  lastUpdate: bigint;
  pending: bigint;
}

/** Where a delegation's current reward period began; ratio and stake fixed point. */
interface StartingInfo {
  ratio: string;
  stake: string;
  /** The block height the period began in (DelegatorStartingInfo.height). */
  height?: number;
  /** Rewards of earlier periods not yet paid (fixed point): a slash ends a period without a payout. */
  carry?: string;
}

export interface DecCoin {
  denom: string;
  amount: string;
}

export type DistributionMsg =
  | { set_withdraw_address: { address: string } }
  | { withdraw_delegator_reward: { validator: string } }
  | { fund_community_pool: { amount: Coin[] } };

export type DistributionQuery =
  | { delegator_withdraw_address: { delegator_address: string } }
  | { delegation_rewards: { delegator_address: string; validator_address: string } }
  | { delegation_total_rewards: { delegator_address: string } }
  | { delegator_validators: { delegator_address: string } };

export interface DelegatorRewardJson {
  validator_address: string;
  reward: DecCoin[];
}

export type DistributionQueryResponse =
  | { withdraw_address: string }
  | { rewards: DecCoin[] }
  | { rewards: DelegatorRewardJson[]; total: DecCoin[] }
  | { validators: string[] };

/** authtypes.NewModuleAddress("distribution"). */
const DISTRIBUTION_ACCOUNT = makeAddress("distribution");

const KEYS = {
  params: "distribution/params",
  validator: (v: string) => `distribution/validator/${hex(v)}`,
  starting: (d: string, v: string) => `distribution/starting/${hex(d)}/${hex(v)}`,
  withdrawAddress: (d: string) => `distribution/withdraw_address/${hex(d)}`,
  communityPool: (denom: string) => `distribution/community_pool/${denom}`,
};

const event = (type: string, attributes: Array<[string, string]>): AppEvent => ({
  type,
  attributes: attributes.map(([key, value]) => ({ key, value })),
});

/** DecCoins never hold zero amounts. */
/** wasmd ConvertSDKDecCoinsToWasmDecCoins: amounts as LegacyDec.String(), 18 fractional digits. */
const decCoins = (denom: string, amount: bigint): DecCoin[] =>
  amount === 0n ? [] : [{ denom, amount: formatLegacyDec(amount) }];

/** Brings a validator's reward state up to `now` at its current rate (none while jailed or not bonded). */
function accrue(state: RewardsState, validator: ValidatorInfo | undefined, now: bigint, apr: bigint): RewardsState {
  if (now <= state.lastUpdate) return state;
  const dt = now - state.lastUpdate;
  if (validator === undefined || validator.jailed || validator.status !== "bonded") return { ...state, lastUpdate: now };
  const scale = ONE * YEAR_NS;
  return {
    cumulative: state.cumulative + (apr * (ONE - validator.commission) * dt) / scale,
    commission: state.commission + (validator.tokens * apr * validator.commission * dt) / scale,
    lastUpdate: now,
    pending: 0n,
  };
}

/** The SDK's empty-field check in its gRPC queries. */
function required(value: string, what: string): void {
  if (value === "") throw new AppError(`empty ${what} address`);
}

export class Distribution implements StakingHooks {
  constructor(private readonly zeroRewardDenom = ZERO_REWARD_DENOM) {}

  // --- parameters ---

  params(store: Storage): DistributionParams {
    const stored = getJson<StoredParams>(store, KEYS.params);
    if (stored === undefined) {
      return { apr: parseDecimal("0.10"), withdrawAddrEnabled: true, moduleAccount: DISTRIBUTION_ACCOUNT, blockRewards: false, communityTax: DEFAULT_COMMUNITY_TAX };
    }
    return {
      apr: BigInt(stored.apr),
      withdrawAddrEnabled: stored.withdraw_addr_enabled,
      moduleAccount: stored.module_account,
      blockRewards: stored.block_rewards ?? false,
      communityTax: BigInt(stored.community_tax ?? DEFAULT_COMMUNITY_TAX),
    };
  }

  /** Settles every validator first, so a new APR applies from this block on only. */
  setParams(ctx: ModuleContext, params: Partial<DistributionParams>): void {
    const next = { ...this.params(ctx.store), ...params };
    if (next.apr < 0n) throw new AppError("apr must not be negative");
    for (const v of allValidators(ctx.store)) this.settle(ctx, v.address);
    const stored: StoredParams = {
      apr: next.apr.toString(),
      withdraw_addr_enabled: next.withdrawAddrEnabled,
      module_account: next.moduleAccount,
      block_rewards: next.blockRewards,
      community_tax: next.communityTax.toString(),
    };
    setJson(ctx.store, KEYS.params, stored);
  }

  // --- staking hooks ---

  beforeDelegationChange(ctx: ModuleContext, delegator: string, validator: string): AppEvent[] {
    this.settle(ctx, validator);
    if (getJson<StartingInfo>(ctx.store, KEYS.starting(delegator, validator)) === undefined) return [];
    return this.withdrawRewards(ctx, delegator, validator).events;
  }

  afterDelegationChange(ctx: ModuleContext, delegator: string, validator: string): void {
    const stake = delegationStake(ctx.store, delegator, validator);
    const key = KEYS.starting(delegator, validator);
    if (stake === undefined) {
      removeKey(ctx.store, key);
      return;
    }
    const carry = getJson<StartingInfo>(ctx.store, key)?.carry; // left only by beforeDelegationSlashed
    const info: StartingInfo = { ratio: this.current(ctx, validator).cumulative.toString(), stake: stake.toString(), height: ctx.block.height, ...(carry && { carry }) };
    setJson(ctx.store, key, info);
  }

  /** The SDK's slash event: the period ends at the old stake, its rewards stay owed. */
  beforeDelegationSlashed(ctx: ModuleContext, delegator: string, validator: string): void {
    this.settle(ctx, validator);
    const key = KEYS.starting(delegator, validator);
    const start = getJson<StartingInfo>(ctx.store, key);
    if (start === undefined) return;
    const carry = this.pendingRewards(ctx, delegator, validator);
    setJson(ctx.store, key, { ...start, ...(carry > 0n && { carry: carry.toString() }) });
  }

  beforeValidatorChange(ctx: ModuleContext, validator: string): void {
    this.settle(ctx, validator);
  }

  accumulatedRewards(ctx: ModuleContext, delegator: string, validator: string): Coin[] {
    const reward = this.pendingRewards(ctx, delegator, validator);
    const denom = stakingParams(ctx.store).bondDenom;
    return reward === 0n ? [] : [{ denom, amount: truncateDecimal(reward).integer.toString() }];
  }

  // --- messages ---

  execute(ctx: ModuleContext, sender: string, msg: DistributionMsg): ModuleResult {
    if (typeof msg !== "object" || msg === null) {
      throw new AppError("unknown variant of Distribution: unknown message from the contract", "wasm", 20);
    }
    if ("set_withdraw_address" in msg) return this.setWithdrawAddress(ctx, sender, msg.set_withdraw_address.address);
    if ("withdraw_delegator_reward" in msg) return this.withdrawDelegatorReward(ctx, sender, msg.withdraw_delegator_reward.validator);
    if ("fund_community_pool" in msg) return this.fundCommunityPool(ctx, sender, msg.fund_community_pool.amount);
    throw new AppError("unknown variant of Distribution: unknown message from the contract", "wasm", 20);
  }

  private setWithdrawAddress(ctx: ModuleContext, delegator: string, address: string): ModuleResult {
    msgAddress(delegator, ACCOUNT_PREFIX, "delegator");
    msgAddress(address, ACCOUNT_PREFIX, "withdraw");
    const params = this.params(ctx.store);
    // The SDK blocks module accounts from receiving external funds.
    if (address === params.moduleAccount || address === stakingParams(ctx.store).moduleAccount) {
      throw new AppError(`${address} is not allowed to receive external funds: unauthorized`, "sdk", 4);
    }
    if (!params.withdrawAddrEnabled) throw new AppError(DISTRIBUTION_ERRORS.withdrawAddrDisabled, "distribution", 8);
    setJson(ctx.store, KEYS.withdrawAddress(delegator), address);
    return { events: [event("set_withdraw_address", [["withdraw_address", address]])], response: responses.setWithdrawAddress() };
  }

  private withdrawDelegatorReward(ctx: ModuleContext, delegator: string, validator: string): ModuleResult {
    msgAddress(delegator, ACCOUNT_PREFIX, "delegator");
    msgAddress(validator, VALOPER_PREFIX, "validator");
    if (getValidator(ctx.store, validator) === undefined) throw new AppError(DISTRIBUTION_ERRORS.noValidatorDistInfo, "distribution", 6);
    if (delegationShares(ctx.store, delegator, validator) === 0n) throw new AppError(DISTRIBUTION_ERRORS.noDelegationDistInfo, "distribution", 5);
    this.settle(ctx, validator);
    if (getJson<StartingInfo>(ctx.store, KEYS.starting(delegator, validator)) === undefined) {
      throw new AppError(DISTRIBUTION_ERRORS.noDelegationDistInfo, "distribution", 5);
    }
    const { events, paid } = this.withdrawRewards(ctx, delegator, validator);
    this.afterDelegationChange(ctx, delegator, validator);
    return { events, response: responses.withdrawDelegatorReward(paid) };
  }

  private fundCommunityPool(ctx: ModuleContext, depositor: string, amount: Coin[]): ModuleResult {
    msgAddress(depositor, ACCOUNT_PREFIX, "depositor");
    const events = ctx.bank.send(ctx.store, depositor, this.params(ctx.store).moduleAccount, amount);
    for (const c of amount) this.addToCommunityPool(ctx.store, c.denom, BigInt(c.amount) * ONE);
    return { events, response: responses.fundCommunityPool() };
  }

  // --- queries ---

  query(ctx: ModuleContext, request: DistributionQuery): DistributionQueryResponse {
    if (typeof request !== "object" || request === null) throw new UnsupportedQuery("unknown distribution query");
    if ("delegator_withdraw_address" in request) {
      const delegator = this.queryDelegator(request.delegator_withdraw_address.delegator_address);
      return { withdraw_address: this.withdrawAddress(ctx.store, delegator) };
    }
    if ("delegation_rewards" in request) return { rewards: this.rewardsQuery(ctx, request.delegation_rewards) };
    if ("delegation_total_rewards" in request) {
      return this.totalRewards(ctx, this.queryDelegator(request.delegation_total_rewards.delegator_address));
    }
    if ("delegator_validators" in request) {
      const delegator = this.queryDelegator(request.delegator_validators.delegator_address);
      return { validators: delegationsOf(ctx.store, delegator).map((d) => d.validator) };
    }
    throw new UnsupportedQuery("unknown distribution query");
  }

  private queryDelegator(address: string): string {
    required(address, "delegator");
    codecAddressBytes(address, ACCOUNT_PREFIX);
    return address;
  }

  private rewardsQuery(ctx: ModuleContext, req: { delegator_address: string; validator_address: string }): DecCoin[] {
    required(req.delegator_address, "delegator");
    required(req.validator_address, "validator");
    // x/distribution grpc_query.go DelegationRewards: staking's Validator and Delegation return
    // ErrNoValidatorFound / ErrNoDelegation before the module's own checks could
    codecAddressBytes(req.validator_address, VALOPER_PREFIX);
    if (getValidator(ctx.store, req.validator_address) === undefined) throw stakingError("noValidator");
    codecAddressBytes(req.delegator_address, ACCOUNT_PREFIX);
    if (delegationShares(ctx.store, req.delegator_address, req.validator_address) === 0n) throw stakingError("noDelegation");
    const denom = stakingParams(ctx.store).bondDenom;
    return decCoins(denom, this.pendingRewards(ctx, req.delegator_address, req.validator_address));
  }

  private totalRewards(ctx: ModuleContext, delegator: string): { rewards: DelegatorRewardJson[]; total: DecCoin[] } {
    const denom = stakingParams(ctx.store).bondDenom;
    let total = 0n;
    const rewards = delegationsOf(ctx.store, delegator).map((d) => {
      const reward = this.pendingRewards(ctx, delegator, d.validator);
      total += reward;
      return { validator_address: d.validator, reward: decCoins(denom, reward) };
    });
    return { rewards, total: decCoins(denom, total) };
  }

  // --- helpers for tests and the app ---

  /** Rewards owed to a delegation right now, fixed point (10^18 = 1 token). */
  pendingRewards(ctx: ModuleContext, delegator: string, validator: string): bigint {
    const start = getJson<StartingInfo>(ctx.store, KEYS.starting(delegator, validator));
    if (start === undefined) return 0n;
    return BigInt(start.carry ?? "0") + (BigInt(start.stake) * (this.current(ctx, validator).cumulative - BigInt(start.ratio))) / ONE;
  }

  /** Whether the delegation's current period began in this block. */
  startedThisBlock(ctx: ModuleContext, delegator: string, validator: string): boolean {
    return getJson<StartingInfo>(ctx.store, KEYS.starting(delegator, validator))?.height === ctx.block.height;
  }

  /** With block rewards, the delegators' share allocated to the validator in its current period (fixed point). */
  periodRewards(ctx: ModuleContext, validator: string): bigint | undefined {
    return this.params(ctx.store).blockRewards ? this.stored(ctx, validator).pending : undefined;
  }

  /** The validator's accrued commission right now, fixed point. */
  validatorCommission(ctx: ModuleContext, validator: string): bigint {
    return this.current(ctx, validator).commission;
  }

  /** MsgWithdrawValidatorCommission: pays the integer part to the operator account, keeps the rest. */
  withdrawValidatorCommission(ctx: ModuleContext, validator: string): AppEvent[] {
    this.settle(ctx, validator);
    const state = this.current(ctx, validator);
    if (state.commission === 0n) throw new AppError(DISTRIBUTION_ERRORS.noValidatorCommission, "distribution", 7);
    const { integer, remainder } = truncateDecimal(state.commission);
    this.save(ctx.store, validator, { ...state, commission: remainder });
    const denom = stakingParams(ctx.store).bondDenom;
    const events = integer > 0n ? this.payOut(ctx, operatorAccount(validator), denom, integer) : [];
    events.push(event("withdraw_commission", [["amount", integer > 0n ? `${integer}${denom}` : ""]]));
    return events;
  }

  withdrawAddress(store: Storage, delegator: string): string {
    return getJson<string>(store, KEYS.withdrawAddress(delegator)) ?? delegator;
  }

  communityPool(store: Storage): DecCoin[] {
    return scanJson<string>(store, "distribution/community_pool/").map(([k, v]) => ({
      denom: k.slice("distribution/community_pool/".length),
      amount: formatDecimal(BigInt(v)),
    }));
  }

  // --- internals ---

  private stored(ctx: ModuleContext, validator: string): RewardsState {
    const stored = getJson<ValidatorRewardsRecord>(ctx.store, KEYS.validator(validator));
    if (stored === undefined) return { cumulative: 0n, commission: 0n, lastUpdate: ctx.block.time, pending: 0n };
    return { cumulative: BigInt(stored.cumulative), commission: BigInt(stored.commission), lastUpdate: BigInt(stored.last_update), pending: BigInt(stored.pending ?? "0") };
  }

  /**
   * The validator's reward state as if its period ended now, without writing it: with block
   * rewards, IncrementValidatorPeriod (x/distribution keeper/validator.go: the ratio grows by the
   * period's rewards / the validator's tokens, truncated); else accrued up to the block time.
   */
  private current(ctx: ModuleContext, validator: string): RewardsState {
    const state = this.stored(ctx, validator);
    if (!this.params(ctx.store).blockRewards) return accrue(state, getValidator(ctx.store, validator), ctx.block.time, this.params(ctx.store).apr);
    const tokens = getValidator(ctx.store, validator)?.tokens ?? 0n;
    return { ...state, cumulative: tokens > 0n ? state.cumulative + state.pending / tokens : state.cumulative, pending: 0n };
  }

  /** Ends the validator's period: needed before anything that changes its rate or tokens. */
  private settle(ctx: ModuleContext, validator: string): void {
    const state = this.stored(ctx, validator);
    // IncrementValidatorPeriod: rewards of a validator without tokens go to the community pool
    if (this.params(ctx.store).blockRewards && state.pending > 0n && (getValidator(ctx.store, validator)?.tokens ?? 0n) === 0n) {
      this.addToCommunityPool(ctx.store, stakingParams(ctx.store).bondDenom, state.pending);
    }
    this.save(ctx.store, validator, this.current(ctx, validator));
  }

  private save(store: Storage, validator: string, state: RewardsState): void {
    const record: ValidatorRewardsRecord = {
      cumulative: state.cumulative.toString(),
      commission: state.commission.toString(),
      last_update: state.lastUpdate.toString(),
      ...(state.pending > 0n && { pending: state.pending.toString() }),
    };
    setJson(store, KEYS.validator(validator), record);
  }

  /**
   * x/distribution BeginBlocker → AllocateTokens (keeper/allocation.go), for block rewards: the fee
   * collector's balance (the block's minted provisions and the previous block's fees) moves to the
   * distribution module; (1 − community tax) of it, truncated, is shared by the validators that
   * signed the previous block by power (power / total, truncated); each validator's commission
   * (MulDec, rounded) is kept, the rest added to its current rewards; what is left goes to the
   * community pool.
   */
  allocateBlock(ctx: ModuleContext, feeCollector: string, votes: Array<{ validator: string; power: bigint }>): void {
    const params = this.params(ctx.store);
    const denom = stakingParams(ctx.store).bondDenom;
    const collected = ctx.bank.allBalances(ctx.store, feeCollector);
    if (collected.length > 0) ctx.bank.send(ctx.store, feeCollector, params.moduleAccount, collected);
    const fees = BigInt(collected.find((c) => c.denom === denom)?.amount ?? "0") * ONE;
    const total = votes.reduce((t, v) => t + v.power, 0n);
    if (total === 0n) {
      this.addToCommunityPool(ctx.store, denom, fees);
      return;
    }
    const shared = (fees * (ONE - params.communityTax)) / ONE;
    let remaining = fees;
    for (const vote of votes) {
      const reward = (shared * ((vote.power * ONE) / total)) / ONE;
      const v = getValidator(ctx.store, vote.validator);
      if (v === undefined) continue;
      const state = this.stored(ctx, vote.validator);
      const commission = decMul(reward, v.commission);
      this.save(ctx.store, vote.validator, { ...state, commission: state.commission + commission, pending: state.pending + reward - commission });
      remaining -= reward;
    }
    this.addToCommunityPool(ctx.store, denom, remaining);
  }

  /**
   * withdrawDelegationRewards: pays the integer part, the remainder goes to the community pool.
   * `paid` is what the SDK returns: the coins paid, or one zero coin of the fallback denom.
   */
  private withdrawRewards(ctx: ModuleContext, delegator: string, validator: string): { events: AppEvent[]; paid: Coin[] } {
    const { integer, remainder } = truncateDecimal(this.pendingRewards(ctx, delegator, validator));
    const denom = stakingParams(ctx.store).bondDenom;
    const events = integer > 0n ? this.payOut(ctx, this.withdrawAddress(ctx.store, delegator), denom, integer) : [];
    this.addToCommunityPool(ctx.store, denom, remainder);
    removeKey(ctx.store, KEYS.starting(delegator, validator));
    const paid = [{ denom: integer > 0n ? denom : this.zeroRewardDenom, amount: integer.toString() }];
    events.push(
      event("withdraw_rewards", [
        ["amount", `${paid[0].amount}${paid[0].denom}`],
        ["validator", validator],
        ["delegator", delegator],
      ]),
    );
    return { events, paid };
  }


  /**
   * SendCoinsFromModuleToAccount from the distribution module. With block rewards it holds what was
   * allocated; with the fixed APR it is minted there first (the simulator's reward pool).
   */
  private payOut(ctx: ModuleContext, to: string, denom: string, amount: bigint): AppEvent[] {
    const { moduleAccount, blockRewards } = this.params(ctx.store);
    const coins = [{ denom, amount: amount.toString() }];
    if (!blockRewards) ctx.bank.mint(ctx.store, moduleAccount, coins);
    return ctx.bank.send(ctx.store, moduleAccount, to, coins);
  }

  private addToCommunityPool(store: Storage, denom: string, amount: bigint): void {
    if (amount === 0n) return;
    const key = KEYS.communityPool(denom);
    setJson(store, key, (BigInt(getJson<string>(store, key) ?? "0") + amount).toString());
  }
}
