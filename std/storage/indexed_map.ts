// IndexedMap: a StorageMap plus secondary indexes kept in step on every save and remove,
// e.g. tokens by owner. Index layout follows cw-storage-plus:
//   MultiIndex:  u16be(len ns) ‖ ns ‖ u16be(len ik) ‖ ik ‖ pk   → u32be(len pk)
//   UniqueIndex: u16be(len ns) ‖ ns ‖ ik                         → pk
// where ik is the index key (Key.encode) and pk the primary key (Key.encode).

import { utf8 } from "../encoding";
import { fail } from "../error";
import { Codec } from "./codec";
import { Key, concat, lengthPrefixed, prefixEnd } from "./key";
import { Order, storageGet, storageRemove, storageScan, storageSet } from "./kv";
import { Bound, Entry, StorageMap } from "./map";

export abstract class Index<V> {
  /** The index key a value is filed under. */
  abstract keyOf(value: V): Key;
  abstract add(pk: Key, ik: Key): void;
  abstract removeEntry(pk: Key, ik: Key): void;
}

/** Many primary keys per index value (e.g. owner → tokens). */
export class MultiIndex<V> extends Index<V> {
  private ns: Uint8Array;

  constructor(namespace: string, private indexKey: (v: V) => Key) {
    super();
    this.ns = lengthPrefixed(utf8(namespace));
  }

  keyOf(value: V): Key {
    return this.indexKey(value);
  }

  private base(ik: Key): Uint8Array {
    return concat(this.ns, lengthPrefixed(ik.encode()));
  }

  add(pk: Key, ik: Key): void {
    const p = pk.encode();
    const len = new Uint8Array(4);
    len[0] = <u8>(p.length >> 24);
    len[1] = <u8>(p.length >> 16);
    len[2] = <u8>(p.length >> 8);
    len[3] = <u8>p.length;
    storageSet(concat(this.base(ik), p), len);
  }

  removeEntry(pk: Key, ik: Key): void {
    storageRemove(concat(this.base(ik), pk.encode()));
  }

  /**
   * Primary keys (encoded) filed under index value `ik`, after `startAfter` (exclusive) if
   * given, at most `limit`, in `order`.
   */
  primaryKeys(ik: Key, startAfter: Key | null, order: Order, limit: i32): Uint8Array[] {
    const base = this.base(ik);
    let start: Uint8Array | null = base;
    let end: Uint8Array | null = prefixEnd(base);
    if (startAfter !== null) {
      const k = concat(base, startAfter.encode());
      if (order == Order.Ascending) start = concat(k, new Uint8Array(1));
      else end = k;
    }
    const raw = storageScan(start, end, order, limit);
    const out = new Array<Uint8Array>(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = raw[i].key.slice(base.length);
    return out;
  }
}

/** At most one primary key per index value; a second one is a contract error. */
export class UniqueIndex<V> extends Index<V> {
  private ns: Uint8Array;

  constructor(namespace: string, private indexKey: (v: V) => Key, private what: string) {
    super();
    this.ns = lengthPrefixed(utf8(namespace));
  }

  keyOf(value: V): Key {
    return this.indexKey(value);
  }

  add(pk: Key, ik: Key): void {
    const k = concat(this.ns, ik.encode());
    const existing = storageGet(k);
    const p = pk.encode();
    if (existing !== null && !bytesEqual(existing, p)) {
      fail("Violates unique constraint on index: " + this.what);
      return;
    }
    storageSet(k, p);
  }

  removeEntry(pk: Key, ik: Key): void {
    storageRemove(concat(this.ns, ik.encode()));
  }

  /** The encoded primary key filed under `ik`, or null. */
  primaryKey(ik: Key): Uint8Array | null {
    return storageGet(concat(this.ns, ik.encode()));
  }
}

/**
 * A StorageMap whose values are also filed under secondary indexes. To update a value in
 * place, take `indexKeys(value)` before changing it and pass them to `save`: only the indexes
 * whose key changed are rewritten.
 */
export class IndexedMap<V> {
  readonly primary: StorageMap<V>;

  constructor(namespace: string, codec: Codec<V>, private indexes: Index<V>[], keyParts: i32 = 1) {
    this.primary = new StorageMap<V>(namespace, codec, keyParts);
  }

  has(pk: Key): bool {
    return this.primary.has(pk);
  }

  load(pk: Key): V {
    return this.primary.load(pk);
  }

  /** The index keys `value` is filed under now, one per index. */
  indexKeys(value: V): Key[] {
    const out = new Array<Key>(this.indexes.length);
    for (let i = 0; i < this.indexes.length; i++) out[i] = this.indexes[i].keyOf(value);
    return out;
  }

  /** Saves `value`; `before` are its index keys as stored (null for a new entry). */
  save(pk: Key, value: V, before: Key[] | null): void {
    for (let i = 0; i < this.indexes.length; i++) {
      const ik = this.indexes[i].keyOf(value);
      if (before !== null) {
        if (bytesEqual(before[i].encode(), ik.encode())) continue;
        this.indexes[i].removeEntry(pk, before[i]);
      }
      this.indexes[i].add(pk, ik);
    }
    this.primary.save(pk, value);
  }

  /** Removes the entry stored under `pk` (whose current value is `stored`) and its index entries. */
  remove(pk: Key, stored: V): void {
    for (let i = 0; i < this.indexes.length; i++) this.indexes[i].removeEntry(pk, this.indexes[i].keyOf(stored));
    this.primary.remove(pk);
  }

  range(min: Bound | null, max: Bound | null, order: Order, limit: i32): Entry<V>[] {
    return this.primary.range(min, max, order, limit);
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): bool {
  if (a.length != b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] != b[i]) return false;
  return true;
}
