// SDK gas of a transaction, with wasmd's costs for contract calls (x/wasm/types/gas_register.go).

import { AppError } from "./context";

export const WASM_COSTS = {
  /** VM gas per SDK gas (DefaultGasMultiplier). */
  multiplier: 140_000,
  /** Loading a contract instance (DefaultInstanceCost). */
  instance: 60_000,
  /** Per byte of uploaded code (DefaultCompileCost). */
  compilePerByte: 3,
  /** Per event attribute and per byte beyond the free tier (DefaultEventAttributeDataCost, …FreeTier). */
  perAttribute: 10,
  perAttributeByte: 1,
  attributeFreeBytes: 100,
};

/** SDK gas for VM gas, rounded down as wasmd's FromWasmVMGas. */
export const sdkGasFromVm = (vmGas: number): number => Math.floor(vmGas / WASM_COSTS.multiplier);

/** The transaction's gas meter; exceeding the limit fails the transaction. */
export class TxGasMeter {
  used = 0;

  constructor(readonly limit: number) {}

  get remaining(): number {
    return Math.max(0, this.limit - this.used);
  }

  consume(amount: number, descriptor: string): void {
    this.used += amount;
    if (this.used > this.limit) {
      throw new AppError(`out of gas in location: ${descriptor}; gasWanted: ${this.limit}, gasUsed: ${this.used}: out of gas`, "sdk", 11);
    }
  }
}

/** wasmd charges event attributes by count and by bytes beyond a free tier. */
export function eventsCost(attributes: Array<{ key: string; value: string }>): number {
  let bytes = 0;
  for (const a of attributes) bytes += Buffer.byteLength(a.key) + Buffer.byteLength(a.value);
  const paidBytes = Math.max(0, bytes - WASM_COSTS.attributeFreeBytes);
  return attributes.length * WASM_COSTS.perAttribute + paidBytes * WASM_COSTS.perAttributeByte;
}
