// StorageMap (cw-storage-plus `Map`; renamed so it does not shadow the builtin Map): values under (composite) keys in one namespace, with ordered, paginated iteration.
// Layout and bounds follow cw-storage-plus, so Rust tooling reads our state.

import { utf8 } from "../encoding";
import { fail } from "../error";
import { Codec } from "./codec";
import { Key, concat, decodeKey, lengthPrefixed, prefixEnd } from "./key";
import { Order, storageGet, storageRemove, storageScan, storageSet } from "./kv";

/** Pagination defaults shared by every list query: cw721's default 10, max 100. */
export const DEFAULT_LIMIT: i32 = 10;
export const MAX_LIMIT: i32 = 100;

/** A client's `limit` (-1 when absent) capped at max, defaulting when absent; 0 gives nothing, as in cw-plus. */
export function clampLimit(limit: i64, defaultLimit: i32 = DEFAULT_LIMIT, max: i32 = MAX_LIMIT): i32 {
  if (limit < 0) return defaultLimit;
  return limit > <i64>max ? max : <i32>limit;
}

/** One side of a range: a key, and whether the key itself is included. */
export class Bound {
  constructor(readonly key: Key, readonly inclusive: bool) {}

  static inclusive(k: Key): Bound {
    return new Bound(k, true);
  }

  /** The usual `start_after` pagination bound. */
  static exclusive(k: Key): Bound {
    return new Bound(k, false);
  }
}

export class Entry<V> {
  constructor(readonly key: Key, readonly value: V) {}
}

export class StorageMap<V> {
  private ns: Uint8Array;

  /** `keyParts`: how many elements the key has (1 for a simple key), to split keys on read. */
  constructor(namespace: string, private codec: Codec<V>, private keyParts: i32 = 1) {
    this.ns = lengthPrefixed(utf8(namespace));
  }

  /** The full storage key of `k`. */
  storageKey(k: Key): Uint8Array {
    return concat(this.ns, k.encode());
  }

  has(k: Key): bool {
    return storageGet(this.storageKey(k)) !== null;
  }

  /** The value; fails with "<type> not found" when absent. */
  load(k: Key): V {
    const raw = storageGet(this.storageKey(k));
    if (raw === null) {
      fail(this.codec.name() + " not found");
      return this.codec.decode(new Uint8Array(0));
    }
    return this.codec.decode(raw);
  }

  loadOr(k: Key, fallback: V): V {
    const raw = storageGet(this.storageKey(k));
    return raw === null ? fallback : this.codec.decode(raw);
  }

  save(k: Key, v: V): void {
    storageSet(this.storageKey(k), this.codec.encode(v));
  }

  remove(k: Key): void {
    storageRemove(this.storageKey(k));
  }

  /** Entries between the bounds (null: unbounded), at most `limit`, in `order`. */
  range(min: Bound | null, max: Bound | null, order: Order, limit: i32): Entry<V>[] {
    return this.scanUnder(this.ns, this.keyParts, min, max, order, limit);
  }

  /**
   * Entries whose key starts with the elements of `prefix`, e.g. all (owner, *) of a map keyed
   * by (owner, token). Returned keys and bounds hold only the remaining elements.
   */
  prefixRange(prefix: Key, min: Bound | null, max: Bound | null, order: Order, limit: i32): Entry<V>[] {
    const base = concat(this.ns, prefix.encodePrefix());
    return this.scanUnder(base, this.keyParts - prefix.parts.length, min, max, order, limit);
  }

  private scanUnder(base: Uint8Array, parts: i32, min: Bound | null, max: Bound | null, order: Order, limit: i32): Entry<V>[] {
    const start = min === null ? base : lowerBound(base, min);
    const end = max === null ? prefixEnd(base) : upperBound(base, max);
    const raw = storageScan(start, end, order, limit);
    const out = new Array<Entry<V>>(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const suffix = raw[i].key.slice(base.length);
      out[i] = new Entry<V>(decodeKey(suffix, parts), this.codec.decode(raw[i].value));
    }
    return out;
  }
}

/** Inclusive start of the scan. A zero byte appended skips exactly the key itself. */
function lowerBound(base: Uint8Array, b: Bound): Uint8Array {
  const k = concat(base, b.key.encode());
  return b.inclusive ? k : concat(k, new Uint8Array(1));
}

/** Exclusive end of the scan. */
function upperBound(base: Uint8Array, b: Bound): Uint8Array {
  const k = concat(base, b.key.encode());
  return b.inclusive ? concat(k, new Uint8Array(1)) : k;
}
