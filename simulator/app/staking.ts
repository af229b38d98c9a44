// The staking module as cosmos-sdk v0.53.4 x/staking runs it and wasmd serves it to contracts:
// validators with tokens and delegator shares, delegations holding shares, unbonding and
// redelegation queues, the bond status cycle of a jailed validator, slashing for an infraction at a
// given height, with the SDK's error texts and codes and its events. All state is in ctx.store
// under `staking/` so a failed transaction is reverted by dropping its cache layer.
// Sources (Go module cache, github.com/cosmos/cosmos-sdk@v0.53.4/x/staking): types/validator.go
// (shares and tokens), keeper/delegation.go (Delegate, Unbond, Undelegate, BeginRedelegation,
// ValidateUnbondAmount), keeper/msg_server.go (responses), keeper/slash.go (Slash,
// SlashUnbondingDelegation, SlashRedelegation), keeper/val_state_change.go and validator.go (bond
// status at EndBlock), keeper/query_plugins.go of wasmd v0.60.2 (what contracts see).
// Simplifications: one module account holds bonded and not-bonded tokens; every validator that is
// not jailed is bonded (the SDK bonds the MaxValidators with the most power, and only with power ≥ 1,
// i.e. 10^6 tokens); validators have no operator self-delegation (no minimum self-delegation).

import { bech32Decode, bech32Encode, Bech32Api, makeAddress } from "../vm/api";
import type { Storage } from "../vm/storage";
import { AppError, AppEvent, Coin, getJson, ModuleContext, ModuleResult, removeKey, scanJson, setJson, UnsupportedQuery } from "./context";
import { decMul, decQuo, decQuoTruncate, formatDecimal, formatLegacyDec, mulIntTruncate, ONE, parseDecimal } from "./decimal";
import { responses, ZERO_TIME } from "./proto";

export const ACCOUNT_PREFIX = "persistence";
export const VALOPER_PREFIX = "persistencevaloper";
/** 21 days, the SDK default. */
export const DEFAULT_UNBONDING_TIME = 21n * 24n * 3600n * 1_000_000_000n;
/** sdk.DefaultPowerReduction: tokens per unit of consensus power. */
export const POWER_REDUCTION = 1_000_000n;

/** x/staking/types/errors.go texts; sdkerrors wraps append ": invalid request" and the like. */
export const STAKING_ERRORS = {
  noValidator: "validator does not exist",
  validatorExists: "validator already exist for this operator address; must use new validator operator address",
  notJailed: "validator not jailed; cannot be unjailed",
  noDelegation: "no delegation for (address, validator) tuple",
  invalidShares: "invalid shares amount: invalid request",
  invalidDelegationAmount: "invalid delegation amount: invalid request",
  insufficientShares: "insufficient delegation shares",
  maxUnbondingEntries: "too many unbonding delegation entries for (delegator, validator) tuple",
  selfRedelegation: "cannot redelegate to the same validator",
  tinyRedelegation: "too few tokens to redelegate (truncates to zero tokens)",
  badRedelegationDst: "redelegation destination validator not found",
  transitiveRedelegation:
    "redelegation to this validator already in progress; first redelegation to this validator must complete before next redelegation",
  maxRedelegationEntries: "too many redelegation entries for (delegator, src-validator, dst-validator) tuple",
  invalidExRate: "cannot delegate to validators with invalid (zero) ex-rate",
  commissionNegative: "commission must be positive",
  commissionHuge: "commission cannot be more than 100%",
  commissionGTMaxRate: "commission cannot be more than the max rate",
  changeRateNegative: "commission change rate must be positive",
  changeRateGTMaxRate: "commission change rate cannot be more than the max rate",
} as const;

/** The ABCI codespace and code of each error (errors.Register in x/staking, or the sdkerrors it wraps). */
const STAKING_CODES: Record<keyof typeof STAKING_ERRORS, [string, number]> = {
  noValidator: ["staking", 3],
  validatorExists: ["staking", 4],
  notJailed: ["slashing", 5],
  noDelegation: ["staking", 19],
  invalidShares: ["sdk", 18],
  invalidDelegationAmount: ["sdk", 18],
  insufficientShares: ["staking", 22],
  maxUnbondingEntries: ["staking", 27],
  selfRedelegation: ["staking", 29],
  tinyRedelegation: ["staking", 30],
  badRedelegationDst: ["staking", 31],
  transitiveRedelegation: ["staking", 32],
  maxRedelegationEntries: ["staking", 33],
  invalidExRate: ["staking", 34],
  commissionNegative: ["staking", 9],
  commissionHuge: ["staking", 10],
  commissionGTMaxRate: ["staking", 11],
  changeRateNegative: ["staking", 13],
  changeRateGTMaxRate: ["staking", 14],
};

/** The SDK's error for `key`, with its codespace and code (what a redacted reply shows). */
export function stakingError(key: keyof typeof STAKING_ERRORS): AppError {
  return new AppError(STAKING_ERRORS[key], ...STAKING_CODES[key]);
}

// ---------------------------------------------------------------------------------------------
// Addresses

/** cosmos-sdk address codec StringToBytes (what msg servers use), with its error texts. */
export function codecAddressBytes(address: string, prefix: string): Uint8Array {
  if (typeof address !== "string" || address.trim() === "") throw new AppError("empty address string is not allowed");
  let decoded: { prefix: string; data: Uint8Array };
  try {
    decoded = bech32Decode(address);
  } catch (e) {
    throw new AppError((e as Error).message);
  }
  if (decoded.prefix !== prefix) {
    throw new AppError(`hrp does not match bech32 prefix: expected '${prefix}' got '${decoded.prefix}': internal logic error`, "sdk", 35);
  }
  if (decoded.data.length === 0) throw new AppError("addresses cannot be empty: unknown address", "sdk", 9);
  return decoded.data;
}

/** A message field's address, wrapped as msg servers do: "invalid validator address: …: invalid address". */
export function msgAddress(address: string, prefix: string, field: string): Uint8Array {
  try {
    return codecAddressBytes(address, prefix);
  } catch (e) {
    throw new AppError(`invalid ${field} address: ${(e as Error).message}: invalid address`, "sdk", 7);
  }
}

/** sdk.AccAddressFromBech32 / ValAddressFromBech32 (what wasmd's queriers use), with their texts. */
export function fromBech32(address: string, prefix: string): Uint8Array {
  const result = new Bech32Api({ prefix }).addrCanonicalize(address);
  if (!result.ok) throw new AppError(result.error);
  return result.value;
}

/** Store keys use the address bytes in hex so iteration follows the SDK's byte order. */
export const addressKey = (address: string): string => Buffer.from(bech32Decode(address).data).toString("hex");
const hex = addressKey;

/** The account that operates a validator: the same bytes with the account prefix. */
export function operatorAccount(validator: string): string {
  return bech32Encode(ACCOUNT_PREFIX, bech32Decode(validator).data);
}

// ---------------------------------------------------------------------------------------------
// Parameters

export interface StakingParams {
  bondDenom: string;
  /** Nanoseconds. */
  unbondingTime: bigint;
  maxEntries: number;
  /** The bonded pool: the tokens of bonded validators (the SDK's bonded_tokens_pool by default). */
  moduleAccount: string;
}

interface StoredParams {
  bond_denom: string;
  unbonding_time: string;
  max_entries: number;
  module_account: string;
}

const PARAMS_KEY = "staking/params";
/** authtypes.NewModuleAddress("bonded_tokens_pool"): sha256 of the name, first 20 bytes. */
const BONDED_POOL = makeAddress("bonded_tokens_pool");
/**
 * The not-bonded pool: the tokens of validators that are not bonded and of unbonding entries
 * (x/staking keeper/pool.go: an undelegation from a bonded validator moves its tokens here, the
 * entry is paid from here when it completes).
 */
export const NOT_BONDED_POOL = makeAddress("not_bonded_tokens_pool");

export function stakingParams(store: Storage): StakingParams {
  const stored = getJson<StoredParams>(store, PARAMS_KEY);
  if (stored === undefined) {
    return {
      bondDenom: "uxprt",
      unbondingTime: DEFAULT_UNBONDING_TIME,
      maxEntries: 7,
      moduleAccount: BONDED_POOL,
    };
  }
  return {
    bondDenom: stored.bond_denom,
    unbondingTime: BigInt(stored.unbonding_time),
    maxEntries: stored.max_entries,
    moduleAccount: stored.module_account,
  };
}


// ---------------------------------------------------------------------------------------------
// Records and keys

export type BondStatus = "bonded" | "unbonding" | "unbonded";

/** Rates and shares are fixed-point integers (10^18 = 1, LegacyDec) as decimal strings; tokens are integers. */
interface ValidatorRecord {
  address: string;
  commission: string;
  max_commission: string;
  max_change_rate: string;
  jailed: boolean;
  tokens: string;
  delegator_shares: string;
  status: BondStatus;
  /** While unbonding: when it becomes unbonded (ns) and the height it started unbonding at. */
  unbonding_time: string;
  unbonding_height: number;
}

interface DelegationRecord {
  delegator: string;
  validator: string;
  shares: string;
}

interface UnbondingEntryRecord {
  creation_height: number;
  completion_time: string;
  initial_balance: string;
  balance: string;
}

interface UnbondingRecord {
  delegator: string;
  validator: string;
  entries: UnbondingEntryRecord[];
}

interface RedelegationEntryRecord {
  creation_height: number;
  completion_time: string;
  /** Tokens moved to the destination. */
  initial_balance: string;
  /** Shares the destination delegation received for them (SharesDst). */
  shares_dst: string;
}

interface RedelegationRecord {
  delegator: string;
  src_validator: string;
  dst_validator: string;
  entries: RedelegationEntryRecord[];
}

/** Queue keys sort by time: 20 zero-padded digits cover any nanosecond time < 10^20. */
const timeKey = (time: bigint): string => time.toString().padStart(20, "0");
const heightKey = (height: number): string => height.toString().padStart(12, "0");

const KEYS = {
  validator: (v: string) => `staking/validator/${hex(v)}`,
  delegation: (d: string, v: string) => `staking/delegation/${hex(d)}/${hex(v)}`,
  delegationByVal: (v: string, d: string) => `staking/delegation_by_val/${hex(v)}/${hex(d)}`,
  unbonding: (d: string, v: string) => `staking/unbonding/${hex(d)}/${hex(v)}`,
  unbondingByVal: (v: string, d: string) => `staking/unbonding_by_val/${hex(v)}/${hex(d)}`,
  unbondingQueue: (t: bigint, d: string, v: string) => `staking/unbonding_queue/${timeKey(t)}/${hex(d)}/${hex(v)}`,
  unbondingQueuePairs: (t: bigint) => `staking/unbonding_queue_pairs/${timeKey(t)}`,
  redelegation: (d: string, s: string, t: string) => `staking/redelegation/${hex(d)}/${hex(s)}/${hex(t)}`,
  redelegationBySrc: (s: string, d: string, t: string) => `staking/redelegation_by_src/${hex(s)}/${hex(d)}/${hex(t)}`,
  redelegationByDst: (t: string, d: string, s: string) => `staking/redelegation_by_dst/${hex(t)}/${hex(d)}/${hex(s)}`,
  redelegationQueue: (time: bigint, d: string, s: string, t: string) =>
    `staking/redelegation_queue/${timeKey(time)}/${hex(d)}/${hex(s)}/${hex(t)}`,
  /** The validator's consensus power from `height` on (CometBFT's validator set), written when it changes. */
  power: (v: string, height: number) => `staking/power/${hex(v)}/${heightKey(height)}`,
};

/** Index records hold the key of the primary record. */
function viaIndex<T>(store: Storage, prefix: string): T[] {
  const out: T[] = [];
  for (const [, primary] of scanJson<string>(store, prefix)) {
    const record = getJson<T>(store, primary);
    if (record !== undefined) out.push(record);
  }
  return out;
}

/** Queue entries with completion time ≤ now, oldest first. */
function dueQueue(store: Storage, queue: string, now: bigint): Array<[string, string]> {
  const start = Buffer.from(`${queue}/`, "utf8");
  const end = Buffer.from(`${queue}/${timeKey(now + 1n)}`, "utf8");
  const out: Array<[string, string]> = [];
  const it = store.range(start, end, "ascending");
  for (let r = it.next(); !r.done; r = it.next()) {
    const [k, v] = r.value;
    out.push([Buffer.from(k).toString("utf8"), JSON.parse(Buffer.from(v).toString("utf8")) as string]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Shares and tokens (types/validator.go), on fixed-point shares and integer tokens

interface Pool {
  tokens: bigint;
  shares: bigint;
}

/** TokensFromShares: shares × tokens / delegator shares, rounded half to even at 18 decimals. */
const tokensFromShares = (v: Pool, shares: bigint): bigint => (v.shares === 0n ? 0n : decQuo(shares * v.tokens, v.shares));
/** TokensFromSharesTruncated: the same, truncated (what x/distribution takes as a delegation's stake). */
const tokensFromSharesTruncated = (v: Pool, shares: bigint): bigint => (v.shares === 0n ? 0n : decQuoTruncate(shares * v.tokens, v.shares));
/** SharesFromTokens (= SharesFromTokensTruncated here): delegator shares × amount / tokens, truncated. */
function sharesFromTokens(v: Pool, amount: bigint): bigint {
  if (v.tokens === 0n) throw stakingError("insufficientShares");
  return (v.shares * amount) / v.tokens;
}

// ---------------------------------------------------------------------------------------------
// Read access for other modules (distribution) and tests

export interface ValidatorInfo {
  address: string;
  commission: bigint;
  maxCommission: bigint;
  maxChangeRate: bigint;
  jailed: boolean;
  tokens: bigint;
  delegatorShares: bigint;
  status: BondStatus;
  unbondingTime: bigint;
  unbondingHeight: number;
}

function toInfo(record: ValidatorRecord): ValidatorInfo {
  return {
    address: record.address,
    commission: BigInt(record.commission),
    maxCommission: BigInt(record.max_commission),
    maxChangeRate: BigInt(record.max_change_rate),
    jailed: record.jailed,
    tokens: BigInt(record.tokens),
    delegatorShares: BigInt(record.delegator_shares),
    status: record.status,
    unbondingTime: BigInt(record.unbonding_time),
    unbondingHeight: record.unbonding_height,
  };
}

const pool = (v: ValidatorRecord): Pool => ({ tokens: BigInt(v.tokens), shares: BigInt(v.delegator_shares) });

export function getValidator(store: Storage, address: string): ValidatorInfo | undefined {
  const record = getJson<ValidatorRecord>(store, KEYS.validator(address));
  return record === undefined ? undefined : toInfo(record);
}

/** Every validator in operator-address byte order. */
export function allValidators(store: Storage): ValidatorInfo[] {
  return scanJson<ValidatorRecord>(store, "staking/validator/").map(([, r]) => toInfo(r));
}

/** The delegation's shares (fixed point), 0 when there is none. */
export function delegationShares(store: Storage, delegator: string, validator: string): bigint {
  const record = getJson<DelegationRecord>(store, KEYS.delegation(delegator, validator));
  return record === undefined ? 0n : BigInt(record.shares);
}

/** What wasmd reports as the delegation's amount: TokensFromShares(shares).TruncateInt(); 0 when none. */
export function delegationAmount(store: Storage, delegator: string, validator: string): bigint {
  const shares = delegationShares(store, delegator, validator);
  if (shares === 0n) return 0n;
  const v = getJson<ValidatorRecord>(store, KEYS.validator(validator));
  return v === undefined ? 0n : tokensFromShares(pool(v), shares) / ONE;
}

/** The delegation's stake as x/distribution takes it: TokensFromSharesTruncated (fixed point); undefined when none. */
export function delegationStake(store: Storage, delegator: string, validator: string): bigint | undefined {
  const record = getJson<DelegationRecord>(store, KEYS.delegation(delegator, validator));
  const v = getJson<ValidatorRecord>(store, KEYS.validator(validator));
  return record === undefined || v === undefined ? undefined : tokensFromSharesTruncated(pool(v), BigInt(record.shares));
}

/** The delegator's delegations in validator-address byte order, with wasmd's amounts. */
export function delegationsOf(store: Storage, delegator: string): Array<{ validator: string; amount: bigint }> {
  return scanJson<DelegationRecord>(store, `staking/delegation/${hex(delegator)}/`).map(([, r]) => ({
    validator: r.validator,
    amount: delegationAmount(store, delegator, r.validator),
  }));
}

/**
 * The validator's consensus power in CometBFT's validator set at `height`: what EndBlock(h) returned
 * takes effect at h + 2 (sdk.ValidatorUpdateDelay = 1); the simulator's block 1 plays genesis, so
 * EndBlock(1)'s set (or, before it ran, the current one) counts from height 1. 0 when not in the set.
 */
export function powerAt(store: Storage, validator: string, height: number, currentHeight: number): bigint {
  const recorded = lastPower(store, validator, height);
  if (recorded !== undefined) return recorded;
  const v = getValidator(store, validator);
  return currentHeight === 1 && v !== undefined ? consensusPower(v) : 0n;
}

/** The last power recorded to take effect at or before `height`. */
function lastPower(store: Storage, validator: string, height: number): bigint | undefined {
  const it = store.range(Buffer.from(KEYS.power(validator, 0), "utf8"), Buffer.from(KEYS.power(validator, height + 1), "utf8"), "descending");
  const r = it.next();
  return r.done ? undefined : BigInt(JSON.parse(Buffer.from(r.value[1]).toString("utf8")) as string);
}

/** Validator.ConsensusPower: tokens / 10^6 while bonded (and not jailed: out of the power index), else 0. */
function consensusPower(v: ValidatorInfo): bigint {
  return v.status === "bonded" && !v.jailed ? v.tokens / POWER_REDUCTION : 0n;
}

export interface UnbondingEntry {
  validator: string;
  creationHeight: number;
  completionTime: bigint;
  initialBalance: bigint;
  balance: bigint;
}

export interface RedelegationEntry {
  srcValidator: string;
  dstValidator: string;
  creationHeight: number;
  completionTime: bigint;
  initialBalance: bigint;
  sharesDst: bigint;
}

// ---------------------------------------------------------------------------------------------
// Hooks: how staking tells distribution about stake changes (the SDK's StakingHooks)

export interface StakingHooks {
  /** Before a delegation's shares change (or it is created): settle the validator, pay out rewards. */
  beforeDelegationChange(ctx: ModuleContext, delegator: string, validator: string): AppEvent[];
  /** After the change: start a new reward period with the current stake (or forget a removed one). */
  afterDelegationChange(ctx: ModuleContext, delegator: string, validator: string): void;
  /** Before a slash lowers the validator's tokens: end the delegation's period, keeping (not paying) its rewards. */
  beforeDelegationSlashed(ctx: ModuleContext, delegator: string, validator: string): void;
  /** Before something that changes the validator's reward rate (jailing, bond status). */
  beforeValidatorChange(ctx: ModuleContext, validator: string): void;
  /** Pending rewards truncated to coins, for FullDelegation.accumulated_rewards. */
  accumulatedRewards(ctx: ModuleContext, delegator: string, validator: string): Coin[];
}

const NO_HOOKS: StakingHooks = {
  beforeDelegationChange: () => [],
  afterDelegationChange: () => undefined,
  beforeDelegationSlashed: () => undefined,
  beforeValidatorChange: () => undefined,
  accumulatedRewards: () => [],
};

// ---------------------------------------------------------------------------------------------
// Messages, queries and their JSON

export interface ValidatorInit {
  address: string;
  commission: string;
  max_commission: string;
  max_change_rate: string;
}

export type StakingMsg =
  | { delegate: { validator: string; amount: Coin } }
  | { undelegate: { validator: string; amount: Coin } }
  | { redelegate: { src_validator: string; dst_validator: string; amount: Coin } };

export type StakingQuery =
  | { bonded_denom: Record<string, never> }
  | { all_delegations: { delegator: string } }
  | { delegation: { delegator: string; validator: string } }
  | { all_validators: Record<string, never> }
  | { validator: { address: string } };

export interface ValidatorJson {
  address: string;
  commission: string;
  max_commission: string;
  max_change_rate: string;
}

export interface DelegationJson {
  delegator: string;
  validator: string;
  amount: Coin;
}

/** wasmvm types FullDelegation, fields in its order (Go's json.Marshal writes them so). */
export interface FullDelegationJson extends DelegationJson {
  accumulated_rewards: Coin[];
  can_redelegate: Coin;
}

export type StakingQueryResponse =
  | { denom: string }
  | { delegations: DelegationJson[] }
  | { delegation: FullDelegationJson | null }
  | { validators: ValidatorJson[] }
  | { validator: ValidatorJson | null };

const DENOM = /^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/;

/** wasmd ConvertWasmCoinToSdkCoin: the amount must be an integer and the denom valid. */
function coinAmount(coin: Coin): bigint {
  if (typeof coin?.amount !== "string" || !/^[0-9]+$/.test(coin.amount)) {
    throw new AppError(`${String(coin?.amount)}${String(coin?.denom)}: invalid coins`, "sdk", 10);
  }
  // Coin.Validate's plain error: no registered code, so ABCIInfo reports codespace "undefined", code 1
  if (typeof coin.denom !== "string" || !DENOM.test(coin.denom)) throw new AppError(`invalid denom: ${String(coin.denom)}`, "undefined", 1);
  return BigInt(coin.amount);
}

/** Civil date of a day count since 1970-01-01 (H. Hinnant's algorithm), in bigint: no floats. */
function civilFromDays(days: bigint): [bigint, bigint, bigint] {
  const z = days + 719_468n;
  const era = (z >= 0n ? z : z - 146_096n) / 146_097n;
  const doe = z - era * 146_097n;
  const yoe = (doe - doe / 1_460n + doe / 36_524n - doe / 146_096n) / 365n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const day = doy - (153n * mp + 2n) / 5n + 1n;
  const month = mp < 10n ? mp + 3n : mp - 9n;
  return [yoe + era * 400n + (month <= 2n ? 1n : 0n), month, day];
}

/** Go's time.Format(time.RFC3339) of a UTC nanosecond time: whole seconds, "Z". */
export function rfc3339(nanos: bigint): string {
  const seconds = nanos / 1_000_000_000n;
  const [year, month, day] = civilFromDays(seconds / 86_400n);
  const rest = seconds % 86_400n;
  const two = (n: bigint) => n.toString().padStart(2, "0");
  const time = `${two(rest / 3_600n)}:${two((rest / 60n) % 60n)}:${two(rest % 60n)}`;
  return `${year.toString().padStart(4, "0")}-${two(month)}-${two(day)}T${time}Z`;
}

const event = (type: string, attributes: Array<[string, string]>): AppEvent => ({
  type,
  attributes: attributes.map(([key, value]) => ({ key, value })),
});

/** The bank's DelegateCoins / UndelegateCoins emit coin_spent and coin_received, no transfer. */
/** DelegateCoins / UndelegateCoins emit only coin_spent and coin_received (no transfer, no message). */
function withoutTransfer(events: AppEvent[]): AppEvent[] {
  return events.filter((e) => e.type !== "transfer" && e.type !== "message");
}

/** wasmd query_plugins.go: the commission rates as LegacyDec.String(), 18 fractional digits. */
function validatorJson(v: ValidatorInfo): ValidatorJson {
  return {
    address: v.address,
    commission: formatLegacyDec(v.commission),
    max_commission: formatLegacyDec(v.maxCommission),
    max_change_rate: formatLegacyDec(v.maxChangeRate),
  };
}

/** CommissionRates.Validate, in the SDK's order. */
function validateCommission(rate: bigint, maxRate: bigint, maxChange: bigint): void {
  if (maxRate < 0n) throw new AppError(STAKING_ERRORS.commissionNegative);
  if (maxRate > ONE) throw new AppError(STAKING_ERRORS.commissionHuge);
  if (rate < 0n) throw new AppError(STAKING_ERRORS.commissionNegative);
  if (rate > maxRate) throw new AppError(STAKING_ERRORS.commissionGTMaxRate);
  if (maxChange < 0n) throw new AppError(STAKING_ERRORS.changeRateNegative);
  if (maxChange > maxRate) throw new AppError(STAKING_ERRORS.changeRateGTMaxRate);
}

/** wasmd's power order for AllValidators: tokens / 10^6 descending, then address bytes ascending. */
function byPower(a: ValidatorInfo, b: ValidatorInfo): number {
  const pa = a.tokens / 1_000_000n;
  const pb = b.tokens / 1_000_000n;
  if (pa !== pb) return pa > pb ? -1 : 1;
  const ha = hex(a.address);
  const hb = hex(b.address);
  return ha < hb ? -1 : ha > hb ? 1 : 0;
}


// ---------------------------------------------------------------------------------------------
// The module

/** What a slash did: the tokens burned and the events of the rewards it paid out (redelegations). */
export interface SlashOutcome {
  burned: bigint;
  events: AppEvent[];
}

export class Staking {
  constructor(private readonly hooks: StakingHooks = NO_HOOKS) {}

  // --- setup and admin ---

  params(store: Storage): StakingParams {
    return stakingParams(store);
  }

  /**
   * Sets parameters as a governance proposal would (MsgUpdateParams): a new unbonding time applies
   * to entries created from now on; existing entries and unbonding validators keep their times.
   */
  setParams(store: Storage, params: Partial<StakingParams>): void {
    const next = { ...stakingParams(store), ...params };
    if (!DENOM.test(next.bondDenom)) throw new AppError(`invalid denom: ${next.bondDenom}`);
    if (next.unbondingTime <= 0n || !Number.isInteger(next.maxEntries) || next.maxEntries < 1) {
      throw new AppError("invalid staking params");
    }
    const stored: StoredParams = {
      bond_denom: next.bondDenom,
      unbonding_time: next.unbondingTime.toString(),
      max_entries: next.maxEntries,
      module_account: next.moduleAccount,
    };
    setJson(store, PARAMS_KEY, stored);
  }

  /** Where a validator's tokens are: the bonded pool while it is bonded, else the not-bonded pool. */
  poolOf(store: Storage, status: BondStatus): string {
    return status === "bonded" ? stakingParams(store).moduleAccount : NOT_BONDED_POOL;
  }

  /** Moves tokens between the pools (keeper/pool.go bondedTokensToNotBonded / notBondedTokensToBonded): SendCoinsFromModuleToModule. */
  private movePool(ctx: ModuleContext, from: BondStatus, to: BondStatus, amount: bigint): AppEvent[] {
    const a = this.poolOf(ctx.store, from);
    const b = this.poolOf(ctx.store, to);
    if (a === b || amount === 0n) return [];
    return ctx.bank.send(ctx.store, a, b, [{ denom: stakingParams(ctx.store).bondDenom, amount: amount.toString() }]);
  }

  moduleAccount(store: Storage): string {
    return stakingParams(store).moduleAccount;
  }

  /** A bonded validator without stake (genesis-like: the simulator has no self-delegation). */
  addValidator(ctx: ModuleContext, init: ValidatorInit): void {
    msgAddress(init.address, VALOPER_PREFIX, "validator");
    if (getValidator(ctx.store, init.address) !== undefined) throw stakingError("validatorExists");
    const rate = parseDecimal(init.commission);
    const maxRate = parseDecimal(init.max_commission);
    const maxChange = parseDecimal(init.max_change_rate);
    validateCommission(rate, maxRate, maxChange);
    this.saveValidator(ctx.store, {
      address: init.address,
      commission: rate.toString(),
      max_commission: maxRate.toString(),
      max_change_rate: maxChange.toString(),
      jailed: false,
      tokens: "0",
      delegator_shares: "0",
      status: "bonded",
      unbonding_time: "0",
      unbonding_height: 0,
    });
  }

  /** Keeper.Jail: out of the power index at once; it starts unbonding when the block ends. */
  jail(ctx: ModuleContext, validator: string): void {
    const record = this.mustGetRecord(ctx.store, validator);
    if (record.jailed) return;
    this.hooks.beforeValidatorChange(ctx, validator);
    this.saveValidator(ctx.store, { ...record, jailed: true });
  }

  /** Keeper.Unjail: back in the power index; bonded again when the block ends. */
  unjail(ctx: ModuleContext, validator: string): void {
    const record = this.mustGetRecord(ctx.store, validator);
    if (!record.jailed) throw stakingError("notJailed");
    this.hooks.beforeValidatorChange(ctx, validator);
    this.saveValidator(ctx.store, { ...record, jailed: false });
  }

  /**
   * Keeper.Slash (keeper/slash.go) for an infraction at `infractionHeight` by a validator that had
   * `power` then (default: its power in the validator set at that height, powerAt). The slash amount
   * is fraction × power × 10^6, truncated. When the infraction is older than the current block, every
   * unbonding entry out of the validator and every redelegation entry from it created at or after
   * the infraction height and not yet mature loses fraction × its initial balance (truncated, at most
   * what is left); those amounts count towards the slash amount, the rest is burned from the
   * validator's tokens (at most all of them): every delegation keeps its shares, worth less.
   */
  slash(ctx: ModuleContext, validator: string, fraction: string | bigint, infractionHeight: number, power?: bigint): SlashOutcome {
    const record = this.mustGetRecord(ctx.store, validator);
    const factor = typeof fraction === "string" ? parseDecimal(fraction) : fraction;
    if (factor < 0n || factor > ONE) throw new AppError(`slash fraction must be between 0 and 1: ${formatDecimal(factor)}`);
    if (record.status === "unbonded") throw new AppError(`should not be slashing unbonded validator: ${validator}`);
    if (infractionHeight > ctx.block.height) {
      throw new AppError(`impossible attempt to slash future infraction at height ${infractionHeight} but we are at height ${ctx.block.height}`);
    }
    const atInfraction = power ?? powerAt(ctx.store, validator, infractionHeight, ctx.block.height);
    const slashAmount = mulIntTruncate(atInfraction * POWER_REDUCTION, factor);
    this.hooks.beforeValidatorChange(ctx, validator);
    const events: AppEvent[] = [];
    let remaining = slashAmount;
    let burned = 0n;
    /** What is burned from each pool (by the bond status whose pool holds it). */
    const pools = new Map<BondStatus, bigint>();
    const add = (status: BondStatus, amount: bigint) => {
      const pool = status === "bonded" ? "bonded" : "unbonding";
      pools.set(pool, (pools.get(pool) ?? 0n) + amount);
    };
    if (infractionHeight < ctx.block.height) {
      for (const ubd of viaIndex<UnbondingRecord>(ctx.store, `staking/unbonding_by_val/${hex(validator)}/`)) {
        const r = this.slashUnbondingDelegation(ctx, ubd, infractionHeight, factor);
        remaining -= r.total;
        burned += r.burned;
        add("unbonding", r.burned);
      }
      for (const red of viaIndex<RedelegationRecord>(ctx.store, `staking/redelegation_by_src/${hex(validator)}/`)) {
        const r = this.slashRedelegation(ctx, red, infractionHeight, factor);
        remaining -= r.total;
        burned += r.burned;
        add("unbonding", r.fromUnbonding);
        add(r.dstStatus, r.burned - r.fromUnbonding);
        events.push(...r.events);
      }
    }
    const current = this.mustGetRecord(ctx.store, validator);
    const tokens = BigInt(current.tokens);
    const fromTokens = remaining < 0n ? 0n : remaining < tokens ? remaining : tokens;
    if (fromTokens > 0n) {
      // x/distribution records the slash (BeforeValidatorSlashed): each delegation's period ends at its old stake
      const delegations = viaIndex<DelegationRecord>(ctx.store, `staking/delegation_by_val/${hex(validator)}/`);
      for (const d of delegations) this.hooks.beforeDelegationSlashed(ctx, d.delegator, validator);
      this.saveValidator(ctx.store, { ...current, tokens: (tokens - fromTokens).toString() });
      for (const d of delegations) this.hooks.afterDelegationChange(ctx, d.delegator, validator);
      burned += fromTokens;
      add(current.status, fromTokens);
    }
    // keeper/slash.go: what is burned leaves the pool its tokens were in
    const { bondDenom } = stakingParams(ctx.store);
    for (const status of ["bonded", "unbonding"] as const) {
      const amount = pools.get(status) ?? 0n;
      if (amount > 0n) events.push(...ctx.bank.burn(ctx.store, this.poolOf(ctx.store, status), [{ denom: bondDenom, amount: amount.toString() }]));
    }
    return { burned, events };
  }

  // --- messages ---

  execute(ctx: ModuleContext, sender: string, msg: StakingMsg): ModuleResult {
    if (typeof msg !== "object" || msg === null) throw new AppError("unknown variant of Staking: unknown message from the contract", "wasm", 20);
    if ("delegate" in msg) return this.delegate(ctx, sender, msg.delegate.validator, msg.delegate.amount);
    if ("undelegate" in msg) return this.undelegate(ctx, sender, msg.undelegate.validator, msg.undelegate.amount);
    if ("redelegate" in msg) return this.redelegate(ctx, sender, msg.redelegate);
    throw new AppError("unknown variant of Staking: unknown message from the contract", "wasm", 20);
  }

  private delegate(ctx: ModuleContext, delegator: string, validator: string, coin: Coin): ModuleResult {
    msgAddress(validator, VALOPER_PREFIX, "validator");
    msgAddress(delegator, ACCOUNT_PREFIX, "delegator");
    const amount = coinAmount(coin);
    if (amount === 0n) throw stakingError("invalidDelegationAmount");
    const target = this.mustGetRecord(ctx.store, validator);
    const { bondDenom } = stakingParams(ctx.store);
    this.checkDenom(coin.denom, bondDenom);
    const coins = [{ denom: bondDenom, amount: amount.toString() }];
    const pool = this.poolOf(ctx.store, target.status);
    const { events, shares } = this.addStake(ctx, delegator, validator, amount, () => withoutTransfer(ctx.bank.send(ctx.store, delegator, pool, coins)));
    events.push(
      event("delegate", [
        ["validator", validator],
        ["delegator", delegator],
        ["amount", `${amount}${coin.denom}`],
        ["new_shares", formatLegacyDec(shares)],
      ]),
    );
    return { events, response: responses.delegate() };
  }

  /** msgServer.Undelegate: the shares the amount is worth (capped at the delegation's) are unbonded; the entry holds what they were worth. */
  private undelegate(ctx: ModuleContext, delegator: string, validator: string, coin: Coin): ModuleResult {
    msgAddress(validator, VALOPER_PREFIX, "validator");
    msgAddress(delegator, ACCOUNT_PREFIX, "delegator");
    const amount = coinAmount(coin);
    if (amount === 0n) throw stakingError("invalidShares");
    const shares = this.validateUnbondAmount(ctx.store, delegator, validator, amount);
    const params = stakingParams(ctx.store);
    this.checkDenom(coin.denom, params.bondDenom);
    if (this.unbondingRecord(ctx.store, delegator, validator).entries.length >= params.maxEntries) throw stakingError("maxUnbondingEntries");

    const { status } = this.mustGetRecord(ctx.store, validator);
    const { events, amount: returned } = this.unbond(ctx, delegator, validator, shares);
    events.push(...this.movePool(ctx, status, "unbonding", returned));
    const completion = ctx.block.time + params.unbondingTime;
    this.addUnbondingEntry(ctx, delegator, validator, completion, returned);
    events.push(
      event("unbond", [
        ["validator", validator],
        ["delegator", delegator],
        ["amount", `${returned}${coin.denom}`],
        ["completion_time", rfc3339(completion)],
      ]),
    );
    return { events, response: responses.undelegate(completion, { denom: coin.denom, amount: returned.toString() }) };
  }

  /**
   * Keeper.BeginRedelegation: unbond the shares from the source, delegate what they were worth to
   * the destination. The entry completes after the unbonding time from a bonded source, when an
   * unbonding source finishes unbonding (its height is the entry's creation height), and at once
   * (no entry, zero completion time) from an unbonded one.
   */
  private redelegate(ctx: ModuleContext, delegator: string, msg: { src_validator: string; dst_validator: string; amount: Coin }): ModuleResult {
    const { src_validator: src, dst_validator: dst, amount: coin } = msg;
    msgAddress(src, VALOPER_PREFIX, "source validator");
    msgAddress(dst, VALOPER_PREFIX, "destination validator");
    msgAddress(delegator, ACCOUNT_PREFIX, "delegator");
    const amount = coinAmount(coin);
    if (amount === 0n) throw stakingError("invalidShares");
    const shares = this.validateUnbondAmount(ctx.store, delegator, src, amount);
    const params = stakingParams(ctx.store);
    this.checkDenom(coin.denom, params.bondDenom);
    this.checkRedelegation(ctx.store, delegator, src, dst, params.maxEntries);
    const source = this.mustGetRecord(ctx.store, src);

    const out = this.unbond(ctx, delegator, src, shares);
    if (out.amount === 0n) throw stakingError("tinyRedelegation");
    const target = this.mustGetRecord(ctx.store, dst);
    const added = this.addStake(ctx, delegator, dst, out.amount, () => this.movePool(ctx, source.status, target.status, out.amount));
    const events = [...out.events, ...added.events];
    let completion = ZERO_TIME;
    if (source.status !== "unbonded") {
      const bonded = source.status === "bonded";
      completion = bonded ? ctx.block.time + params.unbondingTime : BigInt(source.unbonding_time);
      const height = bonded ? ctx.block.height : source.unbonding_height;
      this.addRedelegationEntry(ctx, delegator, src, dst, { completion, height, amount: out.amount, sharesDst: added.shares });
    }
    events.push(
      event("redelegate", [
        ["source_validator", src],
        ["destination_validator", dst],
        ["amount", `${amount}${coin.denom}`],
        ["completion_time", rfc3339(completion)],
      ]),
    );
    return { events, response: responses.redelegate(completion) };
  }

  // --- end block ---

  /**
   * EndBlocker (BlockValidatorUpdates): the validator set (a jailed bonded validator starts
   * unbonding for the unbonding time, an unjailed one is bonded again) and each validator's power
   * from height + 2; unbonding validators whose time has come become unbonded (and are removed
   * when no shares are left); then matured unbonding and redelegation entries complete.
   */
  endBlock(ctx: ModuleContext): AppEvent[] {
    this.applyValidatorSetUpdates(ctx);
    this.unbondMatureValidators(ctx);
    const events: AppEvent[] = [];
    for (const [queueKey, recordKey] of dueQueue(ctx.store, "staking/unbonding_queue", ctx.block.time)) {
      removeKey(ctx.store, queueKey);
      events.push(...this.completeUnbonding(ctx, recordKey));
    }
    for (const [key] of dueQueue(ctx.store, "staking/unbonding_queue_pairs", ctx.block.time)) removeKey(ctx.store, key);
    for (const [queueKey, recordKey] of dueQueue(ctx.store, "staking/redelegation_queue", ctx.block.time)) {
      removeKey(ctx.store, queueKey);
      events.push(...this.completeRedelegation(ctx, recordKey));
    }
    return events;
  }

  private applyValidatorSetUpdates(ctx: ModuleContext): void {
    const { unbondingTime } = stakingParams(ctx.store);
    const effective = ctx.block.height === 1 ? 1 : ctx.block.height + 2;
    for (const v of scanJson<ValidatorRecord>(ctx.store, "staking/validator/").map(([, r]) => r)) {
      let next = v;
      if (v.jailed && v.status === "bonded") {
        next = { ...v, status: "unbonding", unbonding_time: (ctx.block.time + unbondingTime).toString(), unbonding_height: ctx.block.height };
      } else if (!v.jailed && v.status !== "bonded") {
        next = { ...v, status: "bonded", unbonding_time: "0", unbonding_height: 0 };
      }
      if (next !== v) {
        this.hooks.beforeValidatorChange(ctx, v.address);
        this.saveValidator(ctx.store, next);
        this.movePool(ctx, v.status, next.status, BigInt(v.tokens));
      }
      const power = consensusPower(toInfo(next));
      if (lastPower(ctx.store, v.address, effective) !== power) setJson(ctx.store, KEYS.power(v.address, effective), power.toString());
    }
  }

  private unbondMatureValidators(ctx: ModuleContext): void {
    for (const v of scanJson<ValidatorRecord>(ctx.store, "staking/validator/").map(([, r]) => r)) {
      if (v.status !== "unbonding" || BigInt(v.unbonding_time) > ctx.block.time || v.unbonding_height > ctx.block.height) continue;
      if (v.delegator_shares === "0" && v.tokens === "0") this.removeValidator(ctx.store, v.address); // RemoveValidator refuses one with tokens
      else this.saveValidator(ctx.store, { ...v, status: "unbonded" });
    }
  }

  private removeValidator(store: Storage, validator: string): void {
    removeKey(store, KEYS.validator(validator));
  }

  private completeUnbonding(ctx: ModuleContext, recordKey: string): AppEvent[] {
    const record = getJson<UnbondingRecord>(ctx.store, recordKey);
    if (record === undefined) return [];
    const mature = record.entries.filter((e) => BigInt(e.completion_time) <= ctx.block.time);
    if (mature.length === 0) return [];
    record.entries = record.entries.filter((e) => BigInt(e.completion_time) > ctx.block.time);
    this.saveUnbonding(ctx.store, record);

    const { bondDenom } = stakingParams(ctx.store);
    const total = mature.reduce((sum, e) => sum + BigInt(e.balance), 0n);
    const events: AppEvent[] = [];
    if (total > 0n) {
      // UndelegateCoinsFromModuleToAccount from the not-bonded pool
      const coins = [{ denom: bondDenom, amount: total.toString() }];
      events.push(...withoutTransfer(ctx.bank.send(ctx.store, NOT_BONDED_POOL, record.delegator, coins)));
    }
    events.push(
      event("complete_unbonding", [
        ["amount", total > 0n ? `${total}${bondDenom}` : ""],
        ["validator", record.validator],
        ["delegator", record.delegator],
      ]),
    );
    return events;
  }

  private completeRedelegation(ctx: ModuleContext, recordKey: string): AppEvent[] {
    const record = getJson<RedelegationRecord>(ctx.store, recordKey);
    if (record === undefined) return [];
    const mature = record.entries.filter((e) => BigInt(e.completion_time) <= ctx.block.time);
    if (mature.length === 0) return [];
    record.entries = record.entries.filter((e) => BigInt(e.completion_time) > ctx.block.time);
    this.saveRedelegation(ctx.store, record);
    const total = mature.reduce((sum, e) => sum + BigInt(e.initial_balance), 0n);
    const { bondDenom } = stakingParams(ctx.store);
    return [
      event("complete_redelegation", [
        ["amount", total > 0n ? `${total}${bondDenom}` : ""],
        ["delegator", record.delegator],
        ["source_validator", record.src_validator],
        ["destination_validator", record.dst_validator],
      ]),
    ];
  }

  // --- queries ---

  query(ctx: ModuleContext, request: StakingQuery): StakingQueryResponse {
    if (typeof request !== "object" || request === null) throw new UnsupportedQuery("unknown Staking variant");
    if ("bonded_denom" in request) return { denom: stakingParams(ctx.store).bondDenom };
    if ("all_delegations" in request) return { delegations: this.allDelegations(ctx.store, request.all_delegations.delegator) };
    if ("delegation" in request) return { delegation: this.fullDelegation(ctx, request.delegation) };
    if ("all_validators" in request) return { validators: this.activeValidators(ctx.store) };
    if ("validator" in request) return { validator: this.validatorQuery(ctx.store, request.validator.address) };
    throw new UnsupportedQuery("unknown Staking variant");
  }

  private allDelegations(store: Storage, delegator: string): DelegationJson[] {
    this.queryAddress(delegator, ACCOUNT_PREFIX);
    const { bondDenom } = stakingParams(store);
    return delegationsOf(store, delegator).map((d) => ({
      delegator,
      validator: d.validator,
      amount: { denom: bondDenom, amount: d.amount.toString() },
    }));
  }

  private fullDelegation(ctx: ModuleContext, req: { delegator: string; validator: string }): FullDelegationJson | null {
    this.queryAddress(req.delegator, ACCOUNT_PREFIX);
    this.queryAddress(req.validator, VALOPER_PREFIX);
    if (delegationShares(ctx.store, req.delegator, req.validator) === 0n) return null;
    const amount = delegationAmount(ctx.store, req.delegator, req.validator);
    const { bondDenom } = stakingParams(ctx.store);
    const coin = { denom: bondDenom, amount: amount.toString() };
    // wasmd: a delegation receiving a redelegation can redelegate nothing (the SDK refuses
    // transitive redelegations), otherwise everything.
    const locked = this.hasReceivingRedelegation(ctx.store, req.delegator, req.validator);
    return {
      delegator: req.delegator,
      validator: req.validator,
      amount: coin,
      accumulated_rewards: this.hooks.accumulatedRewards(ctx, req.delegator, req.validator),
      can_redelegate: locked ? { denom: bondDenom, amount: "0" } : coin,
    };
  }

  /** wasmd returns the bonded set only (GetBondedValidatorsByPower): jailed and unbonding validators are left out. */
  private activeValidators(store: Storage): ValidatorJson[] {
    return allValidators(store)
      .filter((v) => !v.jailed && v.status === "bonded")
      .sort(byPower)
      .map(validatorJson);
  }

  private validatorQuery(store: Storage, address: string): ValidatorJson | null {
    fromBech32(address, VALOPER_PREFIX);
    const v = getValidator(store, address);
    return v === undefined ? null : validatorJson(v);
  }

  /** wasmd wraps query address errors as "<address>: invalid address" (sdkerrors.ErrInvalidAddress). */
  private queryAddress(address: string, prefix: string): void {
    try {
      fromBech32(address, prefix);
    } catch {
      throw new AppError(`${address}: invalid address`, "sdk", 7);
    }
  }

  // --- helpers for tests and the app ---

  /** The validator's tokens (bonded, or unbonding with it). */
  totalBonded(store: Storage, validator: string): bigint {
    return getValidator(store, validator)?.tokens ?? 0n;
  }

  /** What the delegation is worth in tokens, as wasmd reports it. */
  delegation(store: Storage, delegator: string, validator: string): bigint {
    return delegationAmount(store, delegator, validator);
  }

  unbondingEntries(store: Storage, delegator: string): UnbondingEntry[] {
    return scanJson<UnbondingRecord>(store, `staking/unbonding/${hex(delegator)}/`).flatMap(([, r]) =>
      r.entries.map((e) => ({
        validator: r.validator,
        creationHeight: e.creation_height,
        completionTime: BigInt(e.completion_time),
        initialBalance: BigInt(e.initial_balance),
        balance: BigInt(e.balance),
      })),
    );
  }

  unbondingEntryCount(store: Storage, delegator: string, validator: string): number {
    return this.unbondingRecord(store, delegator, validator).entries.length;
  }

  redelegationEntries(store: Storage, delegator: string): RedelegationEntry[] {
    return scanJson<RedelegationRecord>(store, `staking/redelegation/${hex(delegator)}/`).flatMap(([, r]) =>
      r.entries.map((e) => ({
        srcValidator: r.src_validator,
        dstValidator: r.dst_validator,
        creationHeight: e.creation_height,
        completionTime: BigInt(e.completion_time),
        initialBalance: BigInt(e.initial_balance),
        sharesDst: BigInt(e.shares_dst),
      })),
    );
  }

  // --- internals ---

  private mustGetRecord(store: Storage, validator: string): ValidatorRecord {
    const record = getJson<ValidatorRecord>(store, KEYS.validator(validator));
    if (record === undefined) throw stakingError("noValidator");
    return record;
  }

  private saveValidator(store: Storage, record: ValidatorRecord): void {
    setJson(store, KEYS.validator(record.address), record);
  }

  private checkDenom(denom: string, bondDenom: string): void {
    if (denom !== bondDenom) {
      throw new AppError(`invalid coin denomination: got ${denom}, expected ${bondDenom}: invalid request`, "sdk", 18);
    }
  }

  /**
   * Keeper.ValidateUnbondAmount: the shares `amount` tokens are worth, refused when more than the
   * delegation holds, capped at its shares (so its last tokens can leave whole).
   */
  private validateUnbondAmount(store: Storage, delegator: string, validator: string, amount: bigint): bigint {
    const v = this.mustGetRecord(store, validator);
    const held = delegationShares(store, delegator, validator);
    if (held === 0n) throw stakingError("noDelegation");
    const shares = sharesFromTokens(pool(v), amount);
    if (shares > held) throw stakingError("invalidShares");
    return shares;
  }

  /** Keeper.BeginRedelegation's checks, in its order. Jailed validators still accept stake, as in the SDK. */
  private checkRedelegation(store: Storage, delegator: string, src: string, dst: string, maxEntries: number): void {
    if (hex(src) === hex(dst)) throw stakingError("selfRedelegation");
    if (getJson<ValidatorRecord>(store, KEYS.validator(dst)) === undefined) throw stakingError("badRedelegationDst");
    if (this.hasReceivingRedelegation(store, delegator, src)) throw stakingError("transitiveRedelegation");
    const existing = getJson<RedelegationRecord>(store, KEYS.redelegation(delegator, src, dst));
    if ((existing?.entries.length ?? 0) >= maxEntries) throw stakingError("maxRedelegationEntries");
  }

  private hasReceivingRedelegation(store: Storage, delegator: string, validator: string): boolean {
    return scanJson<string>(store, `staking/redelegation_by_dst/${hex(validator)}/${hex(delegator)}/`).length > 0;
  }

  /**
   * Keeper.Delegate: the distribution hook (rewards paid), `move` (the tokens reach the module
   * account), AddTokensFromDel (1:1 for the first shares, else delegator shares × amount / tokens),
   * the delegation's shares, the hook that starts its new reward period.
   */
  private addStake(ctx: ModuleContext, delegator: string, validator: string, amount: bigint, move: () => AppEvent[]): { events: AppEvent[]; shares: bigint } {
    const v = this.mustGetRecord(ctx.store, validator);
    const p = pool(v);
    if (p.tokens === 0n && p.shares > 0n) throw stakingError("invalidExRate");
    const events = this.hooks.beforeDelegationChange(ctx, delegator, validator);
    events.push(...move());
    const shares = p.shares === 0n ? amount * ONE : sharesFromTokens(p, amount);
    this.saveValidator(ctx.store, { ...v, tokens: (p.tokens + amount).toString(), delegator_shares: (p.shares + shares).toString() });
    this.setShares(ctx.store, delegator, validator, delegationShares(ctx.store, delegator, validator) + shares);
    this.hooks.afterDelegationChange(ctx, delegator, validator);
    return { events, shares };
  }

  /**
   * Keeper.Unbond: the distribution hook (rewards paid), the delegation's shares lowered (removed
   * at zero), then RemoveDelShares: the tokens the shares are worth, truncated; the last shares take
   * every token left. A validator left unbonded without shares is removed.
   */
  private unbond(ctx: ModuleContext, delegator: string, validator: string, shares: bigint): { events: AppEvent[]; amount: bigint } {
    const held = delegationShares(ctx.store, delegator, validator);
    if (held === 0n) throw new AppError("delegator does not contain delegation", "staking", 21);
    const events = this.hooks.beforeDelegationChange(ctx, delegator, validator);
    if (held < shares) throw new AppError(`${formatLegacyDec(held)}: not enough delegation shares`, "staking", 24);
    this.setShares(ctx.store, delegator, validator, held - shares);
    this.hooks.afterDelegationChange(ctx, delegator, validator);
    const v = this.mustGetRecord(ctx.store, validator);
    const p = pool(v);
    const left = p.shares - shares;
    const amount = left === 0n ? p.tokens : tokensFromShares(p, shares) / ONE;
    const next = { ...v, tokens: (p.tokens - amount).toString(), delegator_shares: left.toString() };
    if (left === 0n && v.status === "unbonded") this.removeValidator(ctx.store, validator);
    else this.saveValidator(ctx.store, next);
    return { events, amount };
  }

  private setShares(store: Storage, delegator: string, validator: string, shares: bigint): void {
    const key = KEYS.delegation(delegator, validator);
    if (shares === 0n) {
      removeKey(store, key);
      removeKey(store, KEYS.delegationByVal(validator, delegator));
    } else {
      const record: DelegationRecord = { delegator, validator, shares: shares.toString() };
      setJson(store, key, record);
      setJson(store, KEYS.delegationByVal(validator, delegator), key);
    }
  }

  private unbondingRecord(store: Storage, delegator: string, validator: string): UnbondingRecord {
    return getJson<UnbondingRecord>(store, KEYS.unbonding(delegator, validator)) ?? { delegator, validator, entries: [] };
  }

  private saveUnbonding(store: Storage, record: UnbondingRecord): void {
    const key = KEYS.unbonding(record.delegator, record.validator);
    const index = KEYS.unbondingByVal(record.validator, record.delegator);
    if (record.entries.length === 0) {
      removeKey(store, key);
      removeKey(store, index);
    } else {
      setJson(store, key, record);
      setJson(store, index, key);
    }
  }

  /** UnbondingDelegation.AddEntry: an entry of the same height and completion time is merged. */
  private addUnbondingEntry(ctx: ModuleContext, delegator: string, validator: string, completion: bigint, amount: bigint): void {
    const record = this.unbondingRecord(ctx.store, delegator, validator);
    const same = record.entries.find((e) => e.creation_height === ctx.block.height && e.completion_time === completion.toString());
    if (same !== undefined) {
      same.balance = (BigInt(same.balance) + amount).toString();
      same.initial_balance = (BigInt(same.initial_balance) + amount).toString();
    } else {
      record.entries.push({
        creation_height: ctx.block.height,
        completion_time: completion.toString(),
        initial_balance: amount.toString(),
        balance: amount.toString(),
      });
    }
    this.saveUnbonding(ctx.store, record);
    setJson(ctx.store, KEYS.unbondingQueue(completion, delegator, validator), KEYS.unbonding(delegator, validator));
    // the chain's time slice lists a pair per undelegation (InsertUBDQueue appends, duplicates too): its size is gas
    setJson(ctx.store, KEYS.unbondingQueuePairs(completion), [...this.unbondingQueuePairs(ctx.store, completion), delegator]);
  }

  /** The delegators of the pairs in the unbonding queue's time slice of `completion` (x/staking/keeper/delegation.go InsertUBDQueue). */
  unbondingQueuePairs(store: Storage, completion: bigint): string[] {
    return getJson<string[]>(store, KEYS.unbondingQueuePairs(completion)) ?? [];
  }

  /** An undelegation now would merge into an existing entry (same creation height and completion time: UnbondingDelegation.AddEntry). */
  unbondingMerges(store: Storage, delegator: string, validator: string, height: number, completion: bigint): boolean {
    return this.unbondingRecord(store, delegator, validator).entries.some((e) => e.creation_height === height && e.completion_time === completion.toString());
  }

  private saveRedelegation(store: Storage, record: RedelegationRecord): void {
    const { delegator: d, src_validator: s, dst_validator: t } = record;
    const key = KEYS.redelegation(d, s, t);
    const indexes = [KEYS.redelegationBySrc(s, d, t), KEYS.redelegationByDst(t, d, s)];
    if (record.entries.length === 0) {
      removeKey(store, key);
      for (const index of indexes) removeKey(store, index);
    } else {
      setJson(store, key, record);
      for (const index of indexes) setJson(store, index, key);
    }
  }

  /** Redelegation.AddEntry (SetRedelegationEntry): entries are never merged. */
  private addRedelegationEntry(
    ctx: ModuleContext,
    delegator: string,
    src: string,
    dst: string,
    entry: { completion: bigint; height: number; amount: bigint; sharesDst: bigint },
  ): void {
    const key = KEYS.redelegation(delegator, src, dst);
    const record = getJson<RedelegationRecord>(ctx.store, key) ?? { delegator, src_validator: src, dst_validator: dst, entries: [] };
    record.entries.push({
      creation_height: entry.height,
      completion_time: entry.completion.toString(),
      initial_balance: entry.amount.toString(),
      shares_dst: entry.sharesDst.toString(),
    });
    this.saveRedelegation(ctx.store, record);
    setJson(ctx.store, KEYS.redelegationQueue(entry.completion, delegator, src, dst), key);
  }

  /** An entry the infraction reached: created at or after its height, not yet mature (slash.go). */
  private slashable(ctx: ModuleContext, entry: { creation_height: number; completion_time: string }, infractionHeight: number): boolean {
    return entry.creation_height >= infractionHeight && BigInt(entry.completion_time) > ctx.block.time;
  }

  /**
   * SlashUnbondingDelegation: each reached entry loses fraction × its initial balance, truncated,
   * at most its balance. Returns what would have been slashed (the slash amount's share) and what was.
   */
  private slashUnbondingDelegation(ctx: ModuleContext, ubd: UnbondingRecord, infractionHeight: number, factor: bigint): { total: bigint; burned: bigint } {
    let total = 0n;
    let burned = 0n;
    for (const entry of ubd.entries) {
      if (!this.slashable(ctx, entry, infractionHeight)) continue;
      const amount = mulIntTruncate(BigInt(entry.initial_balance), factor);
      total += amount;
      const balance = BigInt(entry.balance);
      const cut = amount < balance ? amount : balance;
      if (cut === 0n) continue;
      entry.balance = (balance - cut).toString();
      burned += cut;
    }
    this.saveUnbonding(ctx.store, ubd);
    return { total, burned };
  }

  /**
   * SlashRedelegation: for each reached entry, fraction × its initial balance (truncated) is taken
   * first from the delegator's reached unbonding entries at the destination, then, unless that
   * covered it, fraction × the entry's destination shares are unbonded (rewards paid, as Unbond
   * does) and burned.
   */
  private slashRedelegation(
    ctx: ModuleContext,
    red: RedelegationRecord,
    infractionHeight: number,
    factor: bigint,
  ): { total: bigint; burned: bigint; fromUnbonding: bigint; dstStatus: BondStatus; events: AppEvent[] } {
    let total = 0n;
    let burned = 0n;
    let fromUnbonding = 0n;
    const dstStatus = getValidator(ctx.store, red.dst_validator)?.status ?? "unbonded";
    const events: AppEvent[] = [];
    for (const entry of red.entries) {
      if (!this.slashable(ctx, entry, infractionHeight)) continue;
      let amount = mulIntTruncate(BigInt(entry.initial_balance), factor);
      total += amount;
      const ubd = getJson<UnbondingRecord>(ctx.store, KEYS.unbonding(red.delegator, red.dst_validator));
      if (ubd !== undefined) {
        for (const u of ubd.entries) {
          const balance = BigInt(u.balance);
          const cut = amount < balance ? amount : balance;
          if (cut === 0n || !this.slashable(ctx, u, infractionHeight)) continue;
          amount -= cut;
          u.balance = (balance - cut).toString();
          burned += cut;
          fromUnbonding += cut;
        }
        this.saveUnbonding(ctx.store, ubd);
      }
      let shares = decMul(factor, BigInt(entry.shares_dst));
      if (shares === 0n || amount === 0n) continue;
      const held = delegationShares(ctx.store, red.delegator, red.dst_validator);
      if (held === 0n) continue;
      if (shares > held) shares = held;
      const out = this.unbond(ctx, red.delegator, red.dst_validator, shares);
      events.push(...out.events);
      burned += out.amount;
    }
    return { total, burned, fromUnbonding, dstStatus, events };
  }
}
