// Raw contract storage through the VM's db_* imports.

import { db_next, db_read, db_remove, db_scan, db_write } from "../abi/imports";
import { bytesFromRegion, regionFromBytes } from "../abi/region";

export enum Order {
  Ascending = 1,
  Descending = 2,
}

export function storageGet(key: Uint8Array): Uint8Array | null {
  const ptr = db_read(<u32>regionFromBytes(key));
  if (ptr == 0) return null;
  return bytesFromRegion(ptr);
}

/** Traps on an empty value, as cosmwasm-std does: an absent key and an empty value are one on chain. */
export function storageSet(key: Uint8Array, value: Uint8Array): void {
  assert(value.length > 0, "storage value must not be empty; use storageRemove");
  db_write(<u32>regionFromBytes(key), <u32>regionFromBytes(value));
}

export function storageRemove(key: Uint8Array): void {
  db_remove(<u32>regionFromBytes(key));
}

export class KV {
  constructor(readonly key: Uint8Array, readonly value: Uint8Array) {}
}

/** Full keys and values in [start, end), at most `limit` of them, in `order`. */
export function storageScan(start: Uint8Array | null, end: Uint8Array | null, order: Order, limit: i32): KV[] {
  const s = start === null ? 0 : <u32>regionFromBytes(start);
  const e = end === null ? 0 : <u32>regionFromBytes(end);
  const it = db_scan(s, e, <i32>order);
  const out = new Array<KV>();
  while (out.length < limit) {
    const kv = nextRecord(it);
    if (kv === null) break;
    out.push(kv);
  }
  return out;
}

/** Decodes db_next's `key ‖ u32be(keylen) ‖ value ‖ u32be(vallen)`; an empty key means done. */
function nextRecord(iterator: u32): KV | null {
  const b = bytesFromRegion(db_next(iterator));
  const n = b.length;
  const valueLen = readU32BE(b, n - 4);
  const valueStart = n - 4 - valueLen;
  const keyLen = readU32BE(b, valueStart - 4);
  if (keyLen == 0) return null;
  return new KV(b.slice(0, keyLen), b.slice(valueStart, n - 4));
}

function readU32BE(b: Uint8Array, at: i32): i32 {
  return (<i32>b[at] << 24) | (<i32>b[at + 1] << 16) | (<i32>b[at + 2] << 8) | <i32>b[at + 3];
}
