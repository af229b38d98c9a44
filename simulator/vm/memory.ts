/**
 * Region access in contract memory, following cosmwasm-vm packages/vm/src/memory.rs:
 * the struct is validated before any data is touched, and lengths are byte counts.
 */
import { RegionStruct, VmError, vmErrors } from "./errors";
import type { WasmMemory } from "./wasm-api";

export const REGION_SIZE = 12;
const U32_MAX = 0xffff_ffff;

export type Region = RegionStruct;

function validateRegion(r: Region): void {
  if (r.offset === 0) throw vmErrors.zeroOffset();
  if (r.length > r.capacity) throw vmErrors.lengthExceedsCapacity(r.length, r.capacity);
  if (r.capacity > U32_MAX - r.offset) throw vmErrors.outOfRange(r.offset, r.capacity);
}

/** Reads and validates the Region struct at `ptr`. */
export function getRegion(memory: WasmMemory, ptr: number): Region {
  const buffer = memory.buffer;
  if (ptr + REGION_SIZE > buffer.byteLength) throw vmErrors.derefErr(ptr);
  const view = new DataView(buffer, ptr, REGION_SIZE);
  const region = {
    offset: view.getUint32(0, true),
    capacity: view.getUint32(4, true),
    length: view.getUint32(8, true),
  };
  validateRegion(region);
  return region;
}

function setLength(memory: WasmMemory, ptr: number, length: number): void {
  new DataView(memory.buffer, ptr, REGION_SIZE).setUint32(8, length, true);
}

export interface ReadOptions {
  /** Runs after struct validation and before the length check, where the VM charges gas. */
  beforeRead?: (length: number) => void;
  /** The error for a Region longer than the limit. */
  tooBig?: (length: number, maxLength: number) => VmError;
}

/** Copies the bytes a Region describes. */
export function readRegion(memory: WasmMemory, ptr: number, maxLength: number, options: ReadOptions = {}): Uint8Array {
  const region = getRegion(memory, ptr);
  options.beforeRead?.(region.length);
  if (region.length > maxLength) throw (options.tooBig ?? vmErrors.regionLengthTooBig)(region.length, maxLength);
  const size = memory.buffer.byteLength;
  if (region.offset + region.length > size) throw vmErrors.regionAccess(region, size);
  return new Uint8Array(memory.buffer, region.offset, region.length).slice();
}

/** Writes `data` into the preallocated Region at `ptr` and sets its length. */
export function writeRegion(memory: WasmMemory, ptr: number, data: Uint8Array): void {
  const region = getRegion(memory, ptr);
  if (data.length > region.capacity) throw vmErrors.regionTooSmall(region.capacity, data.length);
  const size = memory.buffer.byteLength;
  if (region.offset + data.length > size) throw vmErrors.regionAccess(region, size);
  new Uint8Array(memory.buffer, region.offset, data.length).set(data);
  setLength(memory, ptr, data.length);
}
