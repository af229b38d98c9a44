// x/slashing and x/evidence as cosmos-sdk v0.53.4 and cosmossdk.io/x/evidence v0.1.1 (wasmd
// v0.60.2's) run them, for a validator found down or caught double-signing: the slash for the
// infraction at the height the SDK passes, jailing, tombstoning and MsgUnjail's checks. What the
// simulator does not have is the detection itself (missed-block counters, CometBFT's evidence): a
// test says when it happened. State lives in ctx.store under `slashing/`.
// Sources: x/slashing/keeper/infractions.go (HandleValidatorSignature), keeper/keeper.go,
// keeper/unjail.go, types/params.go; x/evidence/keeper/infraction.go (handleEquivocationEvidence),
// types/params.go (DoubleSignJailEndTime); CometBFT types/params.go (evidence age defaults).

import type { Storage } from "../vm/storage";
import { AppError, AppEvent, getJson, ModuleContext, setJson } from "./context";
import { parseDecimal } from "./decimal";
import { addressKey as hex, getValidator, powerAt, Staking } from "./staking";

const SECOND = 1_000_000_000n;

export interface SlashingParams {
  /** Fixed point (10^18 = 1). */
  slashFractionDoubleSign: bigint;
  slashFractionDowntime: bigint;
  /** Nanoseconds a validator found down stays jailed. */
  downtimeJailDuration: bigint;
  /** Consensus params: evidence older than both (time and blocks) is ignored. */
  maxAgeDuration: bigint;
  maxAgeNumBlocks: number;
}

/** x/slashing DefaultParams and CometBFT's DefaultEvidenceParams. */
export const DEFAULT_SLASHING_PARAMS: SlashingParams = {
  slashFractionDoubleSign: parseDecimal("0.05"),
  slashFractionDowntime: parseDecimal("0.01"),
  downtimeJailDuration: 600n * SECOND,
  maxAgeDuration: 48n * 3600n * SECOND,
  maxAgeNumBlocks: 100_000,
};

/** evidence types.DoubleSignJailEndTime: 9999-12-31T23:59:59Z, for ever. */
export const DOUBLE_SIGN_JAIL_END = 253_402_300_799n * SECOND;

/** x/slashing/types/errors.go. */
export const SLASHING_ERRORS = {
  noValidator: "address is not associated with any known validator",
  jailed: "validator still jailed; cannot be unjailed",
  notJailed: "validator not jailed; cannot be unjailed",
} as const;

/** The part of ValidatorSigningInfo that outlives an infraction. */
export interface SigningInfo {
  jailedUntil: bigint;
  tombstoned: boolean;
}

const PARAMS_KEY = "slashing/params";
const infoKey = (validator: string): string => `slashing/signing_info/${hex(validator)}`;

interface StoredParams {
  slash_fraction_double_sign: string;
  slash_fraction_downtime: string;
  downtime_jail_duration: string;
  max_age_duration: string;
  max_age_num_blocks: number;
}

export class Slashing {
  constructor(private readonly staking: Staking) {}

  params(store: Storage): SlashingParams {
    const s = getJson<StoredParams>(store, PARAMS_KEY);
    if (s === undefined) return DEFAULT_SLASHING_PARAMS;
    return {
      slashFractionDoubleSign: BigInt(s.slash_fraction_double_sign),
      slashFractionDowntime: BigInt(s.slash_fraction_downtime),
      downtimeJailDuration: BigInt(s.downtime_jail_duration),
      maxAgeDuration: BigInt(s.max_age_duration),
      maxAgeNumBlocks: s.max_age_num_blocks,
    };
  }

  setParams(store: Storage, params: Partial<SlashingParams>): void {
    const p = { ...this.params(store), ...params };
    for (const f of [p.slashFractionDoubleSign, p.slashFractionDowntime]) {
      if (f < 0n || f > 10n ** 18n) throw new AppError("slash fraction must be between 0 and 1");
    }
    const stored: StoredParams = {
      slash_fraction_double_sign: p.slashFractionDoubleSign.toString(),
      slash_fraction_downtime: p.slashFractionDowntime.toString(),
      downtime_jail_duration: p.downtimeJailDuration.toString(),
      max_age_duration: p.maxAgeDuration.toString(),
      max_age_num_blocks: p.maxAgeNumBlocks,
    };
    setJson(store, PARAMS_KEY, stored);
  }

  signingInfo(store: Storage, validator: string): SigningInfo {
    const s = getJson<{ jailed_until: string; tombstoned: boolean }>(store, infoKey(validator));
    return { jailedUntil: BigInt(s?.jailed_until ?? "0"), tombstoned: s?.tombstoned ?? false };
  }

  private saveSigningInfo(store: Storage, validator: string, info: SigningInfo): void {
    setJson(store, infoKey(validator), { jailed_until: info.jailedUntil.toString(), tombstoned: info.tombstoned });
  }

  /**
   * HandleValidatorSignature once the validator has missed too many blocks, in the BeginBlocker of
   * the current block (height h): slashed slash_fraction_downtime for an infraction at h − 2 (the
   * stake that signed the last commit) with its power in the last commit (the set at h − 1), jailed
   * until the block time + downtime_jail_duration. A jailed validator is no longer checked.
   */
  handleDowntime(ctx: ModuleContext, validator: string): { burned: bigint; events: AppEvent[] } {
    const v = getValidator(ctx.store, validator);
    if (v === undefined) throw new AppError(SLASHING_ERRORS.noValidator, "slashing", 2);
    if (v.jailed) return { burned: 0n, events: [] };
    const h = ctx.block.height;
    const params = this.params(ctx.store);
    const out = this.staking.slash(ctx, validator, params.slashFractionDowntime, h - 2, powerAt(ctx.store, validator, h - 1, h));
    this.staking.jail(ctx, validator);
    const info = this.signingInfo(ctx.store, validator);
    this.saveSigningInfo(ctx.store, validator, { ...info, jailedUntil: ctx.block.time + params.downtimeJailDuration });
    return out;
  }

  /**
   * handleEquivocationEvidence for a double sign at `infractionHeight` (at `infractionTime`), in the
   * BeginBlocker of the current block: ignored when the validator is unbonded, tombstoned or the
   * evidence is older than both max ages; else slashed slash_fraction_double_sign for an infraction
   * at infractionHeight − 1 (ValidatorUpdateDelay) with its power at the infraction height, jailed
   * (if not already) until DoubleSignJailEndTime and tombstoned: it can never be unjailed.
   */
  handleEquivocation(ctx: ModuleContext, validator: string, infractionHeight: number, infractionTime: bigint): { burned: bigint; events: AppEvent[] } {
    const none = { burned: 0n, events: [] };
    const v = getValidator(ctx.store, validator);
    if (v === undefined || v.status === "unbonded") return none;
    const params = this.params(ctx.store);
    const ageDuration = ctx.block.time - infractionTime;
    const ageBlocks = ctx.block.height - infractionHeight;
    if (ageDuration > params.maxAgeDuration && ageBlocks > params.maxAgeNumBlocks) return none;
    const info = this.signingInfo(ctx.store, validator);
    if (info.tombstoned) return none;
    const power = powerAt(ctx.store, validator, infractionHeight, ctx.block.height);
    const out = this.staking.slash(ctx, validator, params.slashFractionDoubleSign, infractionHeight - 1, power);
    if (!v.jailed) this.staking.jail(ctx, validator);
    this.saveSigningInfo(ctx.store, validator, { jailedUntil: DOUBLE_SIGN_JAIL_END, tombstoned: true });
    return out;
  }

  /** MsgUnjail (keeper/unjail.go), without the self-delegation checks (no operator stake here). */
  unjail(ctx: ModuleContext, validator: string): void {
    const v = getValidator(ctx.store, validator);
    if (v === undefined) throw new AppError(SLASHING_ERRORS.noValidator, "slashing", 2);
    if (!v.jailed) throw new AppError(SLASHING_ERRORS.notJailed, "slashing", 5);
    const info = this.signingInfo(ctx.store, validator);
    if (info.tombstoned || ctx.block.time < info.jailedUntil) throw new AppError(SLASHING_ERRORS.jailed, "slashing", 4);
    this.staking.unjail(ctx, validator);
  }
}
