/**
 * Gas seam for host functions. All amounts are CosmWasm (VM) gas; wasmd converts with
 * 140,000 VM gas = 1 SDK gas. Operator metering is not done here yet.
 */
import { vmErrors } from "./errors";

export interface GasMeter {
  /** Charges `amount` VM gas. Signals exhaustion by throwing `VmError` of kind "out-of-gas". */
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
  sdkMultiplier: 140_000,
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
