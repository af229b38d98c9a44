/**
 * Region access in contract memory, following cosmwasm-vm packages/vm/src/memory.rs:
 * the struct is validated before any data is touched, and lengths are byte counts.
 * `memory` is the contract's memory as the contract sees it: its bytes from 0 to its size.
 */
import { RegionStruct, VmError, vmErrors } from "./errors";

export const REGION_SIZE = 12;
const U32_MAX = 0xffff_ffff;

export type Region = RegionStruct;

function validateRegion(r: Region): void {
  if (r.offset === 0) throw vmErrors.zeroOffset();
  if (r.length > r.capacity) throw vmErrors.lengthExceedsCapacity(r.length, r.capacity);
  if (r.capacity > U32_MAX - r.offset) throw vmErrors.outOfRange(r.offset, r.capacity);
}

/** Reads and validates the Region struct at `ptr`. */
export function getRegion(memory: Uint8Array, ptr: number): Region {
  if (ptr + REGION_SIZE > memory.byteLength) throw vmErrors.derefErr(ptr);
  const view = new DataView(memory.buffer, memory.byteOffset + ptr, REGION_SIZE);
  const region = {
    offset: view.getUint32(0, true),
    capacity: view.getUint32(4, true),
    length: view.getUint32(8, true),
  };
  validateRegion(region);
  return region;
}

function setLength(memory: Uint8Array, ptr: number, length: number): void {
  new DataView(memory.buffer, memory.byteOffset + ptr, REGION_SIZE).setUint32(8, length, true);
}

export interface ReadOptions {
  /** Runs after struct validation and before the length check, where the VM charges gas. */
  beforeRead?: (length: number) => void;
  /** The error for a Region longer than the limit. */
  tooBig?: (length: number, maxLength: number) => VmError;
}

/** Copies the bytes a Region describes. */
export function readRegion(memory: Uint8Array, ptr: number, maxLength: number, options: ReadOptions = {}): Uint8Array {
  const region = getRegion(memory, ptr);
  options.beforeRead?.(region.length);
  if (region.length > maxLength) throw (options.tooBig ?? vmErrors.regionLengthTooBig)(region.length, maxLength);
  const size = memory.byteLength;
  if (region.offset + region.length > size) throw vmErrors.regionAccess(region, size);
  return memory.slice(region.offset, region.offset + region.length);
}

/** Writes `data` into the preallocated Region at `ptr` and sets its length; returns the Region. */
export function writeRegion(memory: Uint8Array, ptr: number, data: Uint8Array): Region {
  const region = getRegion(memory, ptr);
  if (data.length > region.capacity) throw vmErrors.regionTooSmall(region.capacity, data.length);
  const size = memory.byteLength;
  if (region.offset + data.length > size) throw vmErrors.regionAccess(region, size);
  memory.set(data, region.offset);
  setLength(memory, ptr, data.length);
  return region;
}
