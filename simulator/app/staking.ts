// The staking module as cosmos-sdk x/staking (v0.50–0.53) runs it and wasmd serves it to contracts:
// validators, delegations, unbonding and redelegation queues, slashing, with the SDK's error texts
// and events. All state is in ctx.store under `staking/` so a failed transaction is reverted by
// dropping its cache layer. Simplifications: a delegation holds tokens (no shares); one module
// account holds bonded and unbonding tokens; validators never change bond status.

import { bech32Decode, bech32Encode, Bech32Api, makeAddress } from "../vm/api";
import type { Storage } from "../vm/storage";
import { AppError, AppEvent, Coin, getJson, ModuleContext, ModuleResult, removeKey, scanJson, setJson } from "./context";
import { formatDecimal, formatLegacyDec, mulIntTruncate, ONE, parseDecimal } from "./decimal";
import { responses } from "./proto";

export const ACCOUNT_PREFIX = "persistence";
export const VALOPER_PREFIX = "persistencevaloper";
/** 21 days, the SDK default. */
export const DEFAULT_UNBONDING_TIME = 21n * 24n * 3600n * 1_000_000_000n;

/** x/staking/types/errors.go texts; sdkerrors wraps append ": invalid request" and the like. */
export const STAKING_ERRORS = {
  noValidator: "validator does not exist",
  validatorExists: "validator already exist for this operator address; must use new validator operator address",
  notJailed: "validator not jailed; cannot be unjailed",
  noDelegation: "no delegation for (address, validator) tuple",
  invalidShares: "invalid shares amount: invalid request",
  invalidDelegationAmount: "invalid delegation amount: invalid request",
  maxUnbondingEntries: "too many unbonding delegation entries for (delegator, validator) tuple",
  selfRedelegation: "cannot redelegate to the same validator",
  badRedelegationDst: "redelegation destination validator not found",
  transitiveRedelegation:
    "redelegation to this validator already in progress; first redelegation to this validator must complete before next redelegation",
  maxRedelegationEntries: "too many redelegation entries for (delegator, src-validator, dst-validator) tuple",
  commissionNegative: "commission must be positive",
  commissionHuge: "commission cannot be more than 100%",
  commissionGTMaxRate: "commission cannot be more than the max rate",
  changeRateNegative: "commission change rate must be positive",
  changeRateGTMaxRate: "commission change rate cannot be more than the max rate",
} as const;

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
    throw new AppError(`hrp does not match bech32 prefix: expected '${prefix}' got '${decoded.prefix}': internal logic error`);
  }
  if (decoded.data.length === 0) throw new AppError("addresses cannot be empty: unknown address");
  return decoded.data;
}

/** A message field's address, wrapped as msg servers do: "invalid validator address: …: invalid address". */
export function msgAddress(address: string, prefix: string, field: string): Uint8Array {
  try {
    return codecAddressBytes(address, prefix);
  } catch (e) {
    throw new AppError(`invalid ${field} address: ${(e as Error).message}: invalid address`);
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
  /** Holds bonded and unbonding tokens; the SDK's bonded pool address by default. */
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

/** Rates are fixed-point integers (10^18 = 1) as decimal strings; tokens are integers. */
interface ValidatorRecord {
  address: string;
  commission: string;
  max_commission: string;
  max_change_rate: string;
  jailed: boolean;
  tokens: string;
}

interface DelegationRecord {
  delegator: string;
  validator: string;
  amount: string;
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
  /** Tokens credited to the destination delegation. */
  initial_balance: string;
}

interface RedelegationRecord {
  delegator: string;
  src_validator: string;
  dst_validator: string;
  entries: RedelegationEntryRecord[];
}

/** Queue keys sort by completion time: 20 zero-padded digits cover any nanosecond time < 10^20. */
const timeKey = (time: bigint): string => time.toString().padStart(20, "0");

const KEYS = {
  validator: (v: string) => `staking/validator/${hex(v)}`,
  delegation: (d: string, v: string) => `staking/delegation/${hex(d)}/${hex(v)}`,
  delegationByVal: (v: string, d: string) => `staking/delegation_by_val/${hex(v)}/${hex(d)}`,
  unbonding: (d: string, v: string) => `staking/unbonding/${hex(d)}/${hex(v)}`,
  unbondingByVal: (v: string, d: string) => `staking/unbonding_by_val/${hex(v)}/${hex(d)}`,
  unbondingQueue: (t: bigint, d: string, v: string) => `staking/unbonding_queue/${timeKey(t)}/${hex(d)}/${hex(v)}`,
  redelegation: (d: string, s: string, t: string) => `staking/redelegation/${hex(d)}/${hex(s)}/${hex(t)}`,
  redelegationBySrc: (s: string, d: string, t: string) => `staking/redelegation_by_src/${hex(s)}/${hex(d)}/${hex(t)}`,
  redelegationByDst: (t: string, d: string, s: string) => `staking/redelegation_by_dst/${hex(t)}/${hex(d)}/${hex(s)}`,
  redelegationQueue: (time: bigint, d: string, s: string, t: string) =>
    `staking/redelegation_queue/${timeKey(time)}/${hex(d)}/${hex(s)}/${hex(t)}`,
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
// Read access for other modules (distribution) and tests

export interface ValidatorInfo {
  address: string;
  commission: bigint;
  maxCommission: bigint;
  maxChangeRate: bigint;
  jailed: boolean;
  tokens: bigint;
}

function toInfo(record: ValidatorRecord): ValidatorInfo {
  return {
    address: record.address,
    commission: BigInt(record.commission),
    maxCommission: BigInt(record.max_commission),
    maxChangeRate: BigInt(record.max_change_rate),
    jailed: record.jailed,
    tokens: BigInt(record.tokens),
  };
}

export function getValidator(store: Storage, address: string): ValidatorInfo | undefined {
  const record = getJson<ValidatorRecord>(store, KEYS.validator(address));
  return record === undefined ? undefined : toInfo(record);
}

/** Every validator in operator-address byte order. */
export function allValidators(store: Storage): ValidatorInfo[] {
  return scanJson<ValidatorRecord>(store, "staking/validator/").map(([, r]) => toInfo(r));
}

/** The delegator's bonded tokens with the validator (0 when there is no delegation). */
export function delegationAmount(store: Storage, delegator: string, validator: string): bigint {
  const record = getJson<DelegationRecord>(store, KEYS.delegation(delegator, validator));
  return record === undefined ? 0n : BigInt(record.amount);
}

/** The delegator's delegations in validator-address byte order. */
export function delegationsOf(store: Storage, delegator: string): Array<{ validator: string; amount: bigint }> {
  return scanJson<DelegationRecord>(store, `staking/delegation/${hex(delegator)}/`).map(([, r]) => ({
    validator: r.validator,
    amount: BigInt(r.amount),
  }));
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
}

// ---------------------------------------------------------------------------------------------
// Hooks: how staking tells distribution about stake changes (the SDK's StakingHooks)

export interface StakingHooks {
  /** Before a delegation's stake changes (or is created): settle the validator, pay out rewards. */
  beforeDelegationChange(ctx: ModuleContext, delegator: string, validator: string): AppEvent[];
  /** After the change: start a new reward period with the current stake (or forget a removed one). */
  afterDelegationChange(ctx: ModuleContext, delegator: string, validator: string): void;
  /** Before a slash cuts a delegation: settle the validator and keep (not pay) the rewards so far. */
  beforeDelegationSlashed(ctx: ModuleContext, delegator: string, validator: string): void;
  /** Before something that changes the validator's reward rate (jailing). */
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

export interface FullDelegationJson extends DelegationJson {
  can_redelegate: Coin;
  accumulated_rewards: Coin[];
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
    throw new AppError(`${String(coin?.amount)}${String(coin?.denom)}: invalid coins`);
  }
  if (typeof coin.denom !== "string" || !DENOM.test(coin.denom)) throw new AppError(`invalid denom: ${String(coin.denom)}`);
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

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

const event = (type: string, attributes: Array<[string, string]>): AppEvent => ({
  type,
  attributes: attributes.map(([key, value]) => ({ key, value })),
});

/** The bank's DelegateCoins / UndelegateCoins emit coin_spent and coin_received, no transfer. */
function withoutTransfer(events: AppEvent[]): AppEvent[] {
  return events.filter((e) => e.type !== "transfer");
}

function validatorJson(v: ValidatorInfo): ValidatorJson {
  return {
    address: v.address,
    commission: formatDecimal(v.commission),
    max_commission: formatDecimal(v.maxCommission),
    max_change_rate: formatDecimal(v.maxChangeRate),
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

export class Staking {
  constructor(private readonly hooks: StakingHooks = NO_HOOKS) {}

  // --- setup and admin ---

  params(store: Storage): StakingParams {
    return stakingParams(store);
  }

  setParams(store: Storage, params: Partial<StakingParams>): void {
    const next = { ...stakingParams(store), ...params };
    if (!DENOM.test(next.bondDenom)) throw new AppError(`invalid denom: ${next.bondDenom}`);
    if (next.unbondingTime < 0n || !Number.isInteger(next.maxEntries) || next.maxEntries < 1) {
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

  moduleAccount(store: Storage): string {
    return stakingParams(store).moduleAccount;
  }

  addValidator(ctx: ModuleContext, init: ValidatorInit): void {
    msgAddress(init.address, VALOPER_PREFIX, "validator");
    if (getValidator(ctx.store, init.address) !== undefined) throw new AppError(STAKING_ERRORS.validatorExists);
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
    });
  }

  jail(ctx: ModuleContext, validator: string): void {
    const record = this.mustGetRecord(ctx.store, validator);
    if (record.jailed) return;
    this.hooks.beforeValidatorChange(ctx, validator);
    this.saveValidator(ctx.store, { ...record, jailed: true });
  }

  unjail(ctx: ModuleContext, validator: string): void {
    const record = this.mustGetRecord(ctx.store, validator);
    if (!record.jailed) throw new AppError(STAKING_ERRORS.notJailed);
    this.hooks.beforeValidatorChange(ctx, validator);
    this.saveValidator(ctx.store, { ...record, jailed: false });
  }

  /**
   * Slashes `fraction` of the validator's bonded stake (every delegation), of every pending
   * unbonding entry and of every pending redelegation out of it, burns the tokens from the module
   * account and jails the validator (unless `jail: false`). Every affected delegation's rewards
   * are paid out first.
   */
  slash(ctx: ModuleContext, validator: string, fraction: string, options: { jail?: boolean } = {}): AppEvent[] {
    this.mustGetRecord(ctx.store, validator);
    const factor = parseDecimal(fraction);
    if (factor < 0n || factor > ONE) throw new AppError(`slash fraction must be between 0 and 1: ${fraction}`);
    this.hooks.beforeValidatorChange(ctx, validator);
    const events: AppEvent[] = [];
    let burned = this.slashUnbonding(ctx, validator, factor);
    burned += this.slashRedelegations(ctx, validator, factor, events);
    burned += this.slashBonded(ctx, validator, factor, events);
    if (burned > 0n) {
      const { bondDenom, moduleAccount } = stakingParams(ctx.store);
      events.push(...ctx.bank.burn(ctx.store, moduleAccount, [{ denom: bondDenom, amount: burned.toString() }]));
    }
    if (options.jail ?? true) this.saveValidator(ctx.store, { ...this.mustGetRecord(ctx.store, validator), jailed: true });
    return events;
  }

  // --- messages ---

  execute(ctx: ModuleContext, sender: string, msg: StakingMsg): ModuleResult {
    if (typeof msg !== "object" || msg === null) throw new AppError("unknown variant of Staking: unknown message from the contract");
    if ("delegate" in msg) return this.delegate(ctx, sender, msg.delegate.validator, msg.delegate.amount);
    if ("undelegate" in msg) return this.undelegate(ctx, sender, msg.undelegate.validator, msg.undelegate.amount);
    if ("redelegate" in msg) return this.redelegate(ctx, sender, msg.redelegate);
    throw new AppError("unknown variant of Staking: unknown message from the contract");
  }

  private delegate(ctx: ModuleContext, delegator: string, validator: string, coin: Coin): ModuleResult {
    msgAddress(validator, VALOPER_PREFIX, "validator");
    msgAddress(delegator, ACCOUNT_PREFIX, "delegator");
    const amount = coinAmount(coin);
    if (amount === 0n) throw new AppError(STAKING_ERRORS.invalidDelegationAmount);
    const record = this.mustGetRecord(ctx.store, validator);
    const { bondDenom, moduleAccount } = stakingParams(ctx.store);
    this.checkDenom(coin.denom, bondDenom);

    const events = this.hooks.beforeDelegationChange(ctx, delegator, validator);
    const coins = [{ denom: bondDenom, amount: amount.toString() }];
    events.push(...withoutTransfer(ctx.bank.send(ctx.store, delegator, moduleAccount, coins)));
    this.changeStake(ctx.store, delegator, validator, amount);
    this.hooks.afterDelegationChange(ctx, delegator, validator);
    events.push(
      event("delegate", [
        ["validator", validator],
        ["delegator", delegator],
        ["amount", `${amount}${coin.denom}`],
        ["new_shares", formatLegacyDec(amount * ONE)],
      ]),
    );
    return { events, response: responses.delegate() };
  }

  private undelegate(ctx: ModuleContext, delegator: string, validator: string, coin: Coin): ModuleResult {
    msgAddress(validator, VALOPER_PREFIX, "validator");
    msgAddress(delegator, ACCOUNT_PREFIX, "delegator");
    const amount = coinAmount(coin);
    if (amount === 0n) throw new AppError(STAKING_ERRORS.invalidShares);
    this.validateUnbondAmount(ctx.store, delegator, validator, amount);
    const params = stakingParams(ctx.store);
    this.checkDenom(coin.denom, params.bondDenom);
    if (this.unbondingRecord(ctx.store, delegator, validator).entries.length >= params.maxEntries) {
      throw new AppError(STAKING_ERRORS.maxUnbondingEntries);
    }

    const events = this.modifyStake(ctx, delegator, validator, -amount);
    const completion = ctx.block.time + params.unbondingTime;
    this.addUnbondingEntry(ctx, delegator, validator, completion, amount);
    events.push(
      event("unbond", [
        ["validator", validator],
        ["delegator", delegator],
        ["amount", `${amount}${coin.denom}`],
        ["completion_time", rfc3339(completion)],
      ]),
    );
    return { events, response: responses.undelegate(completion, { denom: coin.denom, amount: amount.toString() }) };
  }

  private redelegate(
    ctx: ModuleContext,
    delegator: string,
    msg: { src_validator: string; dst_validator: string; amount: Coin },
  ): ModuleResult {
    const { src_validator: src, dst_validator: dst, amount: coin } = msg;
    msgAddress(src, VALOPER_PREFIX, "source validator");
    msgAddress(dst, VALOPER_PREFIX, "destination validator");
    msgAddress(delegator, ACCOUNT_PREFIX, "delegator");
    const amount = coinAmount(coin);
    if (amount === 0n) throw new AppError(STAKING_ERRORS.invalidShares);
    this.validateUnbondAmount(ctx.store, delegator, src, amount);
    const params = stakingParams(ctx.store);
    this.checkDenom(coin.denom, params.bondDenom);
    this.checkRedelegation(ctx.store, delegator, src, dst, params.maxEntries);

    const events = this.modifyStake(ctx, delegator, src, -amount);
    events.push(...this.modifyStake(ctx, delegator, dst, amount));
    const completion = ctx.block.time + params.unbondingTime;
    this.addRedelegationEntry(ctx, delegator, src, dst, completion, amount);
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

  /** Completes every unbonding and redelegation entry whose completion time ≤ block time. */
  endBlock(ctx: ModuleContext): AppEvent[] {
    const events: AppEvent[] = [];
    for (const [queueKey, recordKey] of dueQueue(ctx.store, "staking/unbonding_queue", ctx.block.time)) {
      removeKey(ctx.store, queueKey);
      events.push(...this.completeUnbonding(ctx, recordKey));
    }
    for (const [queueKey, recordKey] of dueQueue(ctx.store, "staking/redelegation_queue", ctx.block.time)) {
      removeKey(ctx.store, queueKey);
      events.push(...this.completeRedelegation(ctx, recordKey));
    }
    return events;
  }

  private completeUnbonding(ctx: ModuleContext, recordKey: string): AppEvent[] {
    const record = getJson<UnbondingRecord>(ctx.store, recordKey);
    if (record === undefined) return [];
    const mature = record.entries.filter((e) => BigInt(e.completion_time) <= ctx.block.time);
    if (mature.length === 0) return [];
    record.entries = record.entries.filter((e) => BigInt(e.completion_time) > ctx.block.time);
    this.saveUnbonding(ctx.store, record);

    const { bondDenom, moduleAccount } = stakingParams(ctx.store);
    const total = mature.reduce((sum, e) => sum + BigInt(e.balance), 0n);
    const events: AppEvent[] = [];
    if (total > 0n) {
      const coins = [{ denom: bondDenom, amount: total.toString() }];
      events.push(...withoutTransfer(ctx.bank.send(ctx.store, moduleAccount, record.delegator, coins)));
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
    if (typeof request !== "object" || request === null) throw new AppError("unknown Staking variant");
    if ("bonded_denom" in request) return { denom: stakingParams(ctx.store).bondDenom };
    if ("all_delegations" in request) return { delegations: this.allDelegations(ctx.store, request.all_delegations.delegator) };
    if ("delegation" in request) return { delegation: this.fullDelegation(ctx, request.delegation) };
    if ("all_validators" in request) return { validators: this.activeValidators(ctx.store) };
    if ("validator" in request) return { validator: this.validatorQuery(ctx.store, request.validator.address) };
    throw new AppError("unknown Staking variant");
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
    const amount = delegationAmount(ctx.store, req.delegator, req.validator);
    if (amount === 0n) return null;
    const { bondDenom } = stakingParams(ctx.store);
    const coin = { denom: bondDenom, amount: amount.toString() };
    // wasmd: a delegation receiving a redelegation can redelegate nothing (the SDK refuses
    // transitive redelegations), otherwise everything.
    const locked = this.hasReceivingRedelegation(ctx.store, req.delegator, req.validator);
    return {
      delegator: req.delegator,
      validator: req.validator,
      amount: coin,
      can_redelegate: locked ? { denom: bondDenom, amount: "0" } : coin,
      accumulated_rewards: this.hooks.accumulatedRewards(ctx, req.delegator, req.validator),
    };
  }

  /** wasmd returns the bonded set only: jailed validators are left out. */
  private activeValidators(store: Storage): ValidatorJson[] {
    return allValidators(store)
      .filter((v) => !v.jailed)
      .sort(byPower)
      .map(validatorJson);
  }

  private validatorQuery(store: Storage, address: string): ValidatorJson | null {
    fromBech32(address, VALOPER_PREFIX);
    const v = getValidator(store, address);
    return v === undefined ? null : validatorJson(v);
  }

  /** wasmd wraps query address errors as "<address>: invalid address". */
  private queryAddress(address: string, prefix: string): void {
    try {
      fromBech32(address, prefix);
    } catch {
      throw new AppError(`${address}: invalid address`);
    }
  }

  // --- helpers for tests and the app ---

  totalBonded(store: Storage, validator: string): bigint {
    return getValidator(store, validator)?.tokens ?? 0n;
  }

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

  redelegationEntries(store: Storage, delegator: string): RedelegationEntry[] {
    return scanJson<RedelegationRecord>(store, `staking/redelegation/${hex(delegator)}/`).flatMap(([, r]) =>
      r.entries.map((e) => ({
        srcValidator: r.src_validator,
        dstValidator: r.dst_validator,
        creationHeight: e.creation_height,
        completionTime: BigInt(e.completion_time),
        initialBalance: BigInt(e.initial_balance),
      })),
    );
  }

  // --- internals ---

  private mustGetRecord(store: Storage, validator: string): ValidatorRecord {
    const record = getJson<ValidatorRecord>(store, KEYS.validator(validator));
    if (record === undefined) throw new AppError(STAKING_ERRORS.noValidator);
    return record;
  }

  private saveValidator(store: Storage, record: ValidatorRecord): void {
    setJson(store, KEYS.validator(record.address), record);
  }

  private checkDenom(denom: string, bondDenom: string): void {
    if (denom !== bondDenom) {
      throw new AppError(`invalid coin denomination: got ${denom}, expected ${bondDenom}: invalid request`);
    }
  }

  /** Keeper.ValidateUnbondAmount: the validator exists and the delegation covers the amount. */
  private validateUnbondAmount(store: Storage, delegator: string, validator: string, amount: bigint): void {
    this.mustGetRecord(store, validator);
    const current = delegationAmount(store, delegator, validator);
    if (current === 0n) throw new AppError(STAKING_ERRORS.noDelegation);
    if (amount > current) throw new AppError(STAKING_ERRORS.invalidShares);
  }

  /** Keeper.BeginRedelegation's checks, in its order. Jailed validators still accept stake, as in the SDK. */
  private checkRedelegation(store: Storage, delegator: string, src: string, dst: string, maxEntries: number): void {
    if (hex(src) === hex(dst)) throw new AppError(STAKING_ERRORS.selfRedelegation);
    const dstRecord = getJson<ValidatorRecord>(store, KEYS.validator(dst));
    if (dstRecord === undefined) throw new AppError(STAKING_ERRORS.badRedelegationDst);
    if (this.hasReceivingRedelegation(store, delegator, src)) throw new AppError(STAKING_ERRORS.transitiveRedelegation);
    const existing = getJson<RedelegationRecord>(store, KEYS.redelegation(delegator, src, dst));
    if ((existing?.entries.length ?? 0) >= maxEntries) throw new AppError(STAKING_ERRORS.maxRedelegationEntries);
  }

  private hasReceivingRedelegation(store: Storage, delegator: string, validator: string): boolean {
    return scanJson<string>(store, `staking/redelegation_by_dst/${hex(validator)}/${hex(delegator)}/`).length > 0;
  }

  /** A stake change wrapped in the distribution hooks, as Keeper.Delegate / Keeper.Unbond do. */
  private modifyStake(ctx: ModuleContext, delegator: string, validator: string, delta: bigint): AppEvent[] {
    const events = this.hooks.beforeDelegationChange(ctx, delegator, validator);
    this.changeStake(ctx.store, delegator, validator, delta);
    this.hooks.afterDelegationChange(ctx, delegator, validator);
    return events;
  }

  /**
   * A slash's cut of one delegation. As in the SDK, the rewards earned so far are kept for the
   * next withdrawal (x/distribution only records the slash), not paid. A cut of the whole
   * delegation removes it here (the SDK keeps its shares at zero value): its rewards are paid.
   */
  private cutStake(ctx: ModuleContext, delegator: string, validator: string, cut: bigint): AppEvent[] {
    if (cut >= delegationAmount(ctx.store, delegator, validator)) return this.modifyStake(ctx, delegator, validator, -cut);
    this.hooks.beforeDelegationSlashed(ctx, delegator, validator);
    this.changeStake(ctx.store, delegator, validator, -cut);
    this.hooks.afterDelegationChange(ctx, delegator, validator);
    return [];
  }

  /** Moves the delegation and the validator's tokens by `delta`; a zero delegation is removed. */
  private changeStake(store: Storage, delegator: string, validator: string, delta: bigint): void {
    const amount = delegationAmount(store, delegator, validator) + delta;
    if (amount < 0n) throw new Error(`internal: negative delegation ${delegator} → ${validator}`);
    const key = KEYS.delegation(delegator, validator);
    if (amount === 0n) {
      removeKey(store, key);
      removeKey(store, KEYS.delegationByVal(validator, delegator));
    } else {
      const record: DelegationRecord = { delegator, validator, amount: amount.toString() };
      setJson(store, key, record);
      setJson(store, KEYS.delegationByVal(validator, delegator), key);
    }
    const v = this.mustGetRecord(store, validator);
    this.saveValidator(store, { ...v, tokens: (BigInt(v.tokens) + delta).toString() });
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
    const same = record.entries.find(
      (e) => e.creation_height === ctx.block.height && e.completion_time === completion.toString(),
    );
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

  private addRedelegationEntry(
    ctx: ModuleContext,
    delegator: string,
    src: string,
    dst: string,
    completion: bigint,
    amount: bigint,
  ): void {
    const key = KEYS.redelegation(delegator, src, dst);
    const record = getJson<RedelegationRecord>(ctx.store, key) ?? {
      delegator,
      src_validator: src,
      dst_validator: dst,
      entries: [],
    };
    record.entries.push({
      creation_height: ctx.block.height,
      completion_time: completion.toString(),
      initial_balance: amount.toString(),
    });
    this.saveRedelegation(ctx.store, record);
    setJson(ctx.store, KEYS.redelegationQueue(completion, delegator, src, dst), key);
  }

  /** SlashUnbondingDelegation: min(fraction × initial balance, balance) of each pending entry. */
  private slashUnbonding(ctx: ModuleContext, validator: string, factor: bigint): bigint {
    let burned = 0n;
    for (const record of viaIndex<UnbondingRecord>(ctx.store, `staking/unbonding_by_val/${hex(validator)}/`)) {
      for (const entry of record.entries) {
        if (BigInt(entry.completion_time) <= ctx.block.time) continue; // mature: not slashable
        const balance = BigInt(entry.balance);
        const cut = min(mulIntTruncate(BigInt(entry.initial_balance), factor), balance);
        entry.balance = (balance - cut).toString();
        burned += cut;
      }
      this.saveUnbonding(ctx.store, record);
    }
    return burned;
  }

  /** SlashRedelegation: the redelegated tokens now bonded elsewhere are unbonded and burned. */
  private slashRedelegations(ctx: ModuleContext, validator: string, factor: bigint, events: AppEvent[]): bigint {
    let burned = 0n;
    for (const record of viaIndex<RedelegationRecord>(ctx.store, `staking/redelegation_by_src/${hex(validator)}/`)) {
      for (const entry of record.entries) {
        if (BigInt(entry.completion_time) <= ctx.block.time) continue;
        const held = delegationAmount(ctx.store, record.delegator, record.dst_validator);
        const cut = min(mulIntTruncate(BigInt(entry.initial_balance), factor), held);
        if (cut === 0n) continue;
        events.push(...this.cutStake(ctx, record.delegator, record.dst_validator, cut));
        burned += cut;
      }
    }
    return burned;
  }

  /** Each delegation loses truncate(amount × fraction); its rewards so far stay owed (cutStake). */
  private slashBonded(ctx: ModuleContext, validator: string, factor: bigint, events: AppEvent[]): bigint {
    let burned = 0n;
    for (const d of viaIndex<DelegationRecord>(ctx.store, `staking/delegation_by_val/${hex(validator)}/`)) {
      const cut = mulIntTruncate(BigInt(d.amount), factor);
      if (cut === 0n) continue;
      events.push(...this.cutStake(ctx, d.delegator, validator, cut));
      burned += cut;
    }
    return burned;
  }
}
