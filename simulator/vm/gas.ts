/**
 * VM gas. Amounts are CosmWasm (VM) gas; wasmd converts with 140,000 VM gas = 1 SDK gas.
 * Operators and host functions draw from one counter, the instance's metering globals
 * (metering.ts), as in cosmwasm-vm where process_gas_info lowers wasmer's remaining points.
 */
import { vmErrors } from "./errors";

/** u64::MAX: the VM gas wasmd gives a call under an infinite SDK gas meter. */
export const UNLIMITED_GAS = (1n << 64n) - 1n;

/** The VM gas budget of a call: the caller's side of the counter. */
export interface GasMeter {
  /** VM gas the call may use (wasmd: the SDK gas left × 140,000). */
  readonly remaining: number;
  /** Receives the VM gas the call used, once, when it ends (also when it fails). */
  consume(amount: number, reason: string): void;
}

/** A meter with a hard limit, like the VM's remaining-points counter. */
export class LimitedGasMeter implements GasMeter {
  private usedGas = 0;

  constructor(readonly limit: number) {}

  get used(): number {
    return this.usedGas;
  }

  get remaining(): number {
    return this.limit - this.usedGas;
  }

  consume(amount: number, _reason: string): void {
    if (amount > this.remaining) {
      this.usedGas = this.limit; // the VM sets remaining points to 0 on depletion
      throw vmErrors.gasDepletion();
    }
    this.usedGas += amount;
  }
}

/** The running instance's counter: wasmer's remaining points and exhausted flag. */
export interface GasPoints {
  /** Remaining points; 0 once exhausted (cosmwasm-vm get_gas_left). */
  left(): bigint;
  /** Sets the remaining points and clears the exhausted flag (set_remaining_points). */
  setLeft(points: bigint): void;
  /** Whether a metering check trapped. */
  exhausted(): boolean;
}

/** For unmetered runs: nothing is counted, nothing runs out. */
export const UNMETERED: GasPoints = {
  left: () => UNLIMITED_GAS,
  setLeft: () => undefined,
  exhausted: () => false,
};

/**
 * cosmwasm-vm process_gas_info: lowers the remaining points by `cost` (saturating at 0) and
 * fails when the cost did not fit.
 */
export function chargeGas(points: GasPoints, cost: number): void {
  const left = points.left();
  const amount = BigInt(cost);
  points.setLeft(left > amount ? left - amount : 0n);
  if (amount > left) throw vmErrors.gasDepletion();
}

/** wasmd DefaultGasMultiplier: VM gas per SDK gas. */
export const DEFAULT_GAS_MULTIPLIER = 140_000;

/** wasmd FromWasmVMGas: VM gas to SDK gas, rounded down. */
export function vmGasToSdkGas(vmGas: number, multiplier = DEFAULT_GAS_MULTIPLIER): number {
  return Math.floor(vmGas / multiplier);
}

/** wasmd ToWasmVMGas: SDK gas to VM gas (wasmd panics on u64 overflow; here past 2^53). */
export function sdkGasToVmGas(sdkGas: number, multiplier = DEFAULT_GAS_MULTIPLIER): number {
  const vmGas = sdkGas * multiplier;
  if (!Number.isSafeInteger(vmGas)) throw new RangeError(`VM gas for ${sdkGas} SDK gas overflows`);
  return vmGas;
}

export interface LinearCost {
  base: number;
  perItem: number;
}

/** SDK KV store gas (cosmos-sdk storetypes.KVGasConfig), in SDK gas. */
export interface KvGasConfig {
  readFlat: number;
  readPerByte: number;
  writeFlat: number;
  writePerByte: number;
  deleteFlat: number;
  iterNextFlat: number;
}

export interface GasSchedule {
  /** cosmwasm-vm GasConfig (VM gas). */
  hostCall: number;
  readRegionSmall: LinearCost;
  readRegionLarge: LinearCost;
  stringFromBytes: LinearCost;
  secp256k1Verify: number;
  secp256k1RecoverPubkey: number;
  ed25519Verify: number;
  ed25519BatchVerify: LinearCost;
  ed25519BatchVerifyOnePubkey: LinearCost;
  /** wasmd DefaultGasMultiplier: VM gas per SDK gas. */
  sdkMultiplier: number;
  kv: KvGasConfig;
  /** wasmd x/wasm/keeper/api.go address costs, in SDK gas. */
  addrHumanize: number;
  addrCanonicalize: number;
  addrValidate: number;
}

const GAS_PER_US = 1_000_000;

export const DEFAULT_GAS_SCHEDULE: GasSchedule = {
  hostCall: 18_000,
  readRegionSmall: { base: 200_000, perItem: 115 },
  readRegionLarge: { base: 0, perItem: 520 },
  stringFromBytes: { base: 28_700, perItem: 1_400 },
  secp256k1Verify: 96 * GAS_PER_US,
  secp256k1RecoverPubkey: 194 * GAS_PER_US,
  ed25519Verify: 35 * GAS_PER_US,
  ed25519BatchVerify: { base: 24 * GAS_PER_US, perItem: 21 * GAS_PER_US },
  ed25519BatchVerifyOnePubkey: { base: 36 * GAS_PER_US, perItem: 10 * GAS_PER_US },
  sdkMultiplier: DEFAULT_GAS_MULTIPLIER,
  kv: { readFlat: 1_000, readPerByte: 3, writeFlat: 2_000, writePerByte: 30, deleteFlat: 1_000, iterNextFlat: 30 },
  addrHumanize: 5,
  addrCanonicalize: 4,
  addrValidate: 9,
};

export function linearCost(cost: LinearCost, items: number): number {
  return cost.base + cost.perItem * items;
}

/** cosmwasm-vm GasConfig::read_region_cost: a cheaper rate up to 8 MB. */
export function readRegionCost(schedule: GasSchedule, bytes: number): number {
  const cost = bytes <= 8_000_000 ? schedule.readRegionSmall : schedule.readRegionLarge;
  return linearCost(cost, bytes);
}

/** SDK gaskv costs of one operation, converted to VM gas. `keyLen` includes any store prefix. */
export const kvCost = {
  get: (s: GasSchedule, keyLen: number, valueLen: number): number =>
    s.sdkMultiplier * (s.kv.readFlat + s.kv.readPerByte * (keyLen + valueLen)),
  set: (s: GasSchedule, keyLen: number, valueLen: number): number =>
    s.sdkMultiplier * (s.kv.writeFlat + s.kv.writePerByte * (keyLen + valueLen)),
  remove: (s: GasSchedule): number => s.sdkMultiplier * s.kv.deleteFlat,
  /** gasIterator.consumeSeekGas: flat, plus the bytes of the current item if there is one. */
  seek: (s: GasSchedule, item: [number, number] | undefined): number =>
    s.sdkMultiplier * (s.kv.iterNextFlat + (item ? s.kv.readPerByte * (item[0] + item[1]) : 0)),
};
