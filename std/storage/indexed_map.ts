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
  abstract add(pk: Key, value: V): void;
  abstract removeEntry(pk: Key, old: V): void;
}

/** Many primary keys per index value (e.g. owner → tokens). */
export class MultiIndex<V> extends Index<V> {
  private ns: Uint8Array;

  constructor(namespace: string, private indexKey: (v: V) => Key) {
    super();
    this.ns = lengthPrefixed(utf8(namespace));
  }

  private base(ik: Key): Uint8Array {
    return concat(this.ns, lengthPrefixed(ik.encode()));
  }

  add(pk: Key, value: V): void {
    const p = pk.encode();
    const len = new Uint8Array(4);
    len[0] = <u8>(p.length >> 24);
    len[1] = <u8>(p.length >> 16);
    len[2] = <u8>(p.length >> 8);
    len[3] = <u8>p.length;
    storageSet(concat(this.base(this.indexKey(value)), p), len);
  }

  removeEntry(pk: Key, old: V): void {
    storageRemove(concat(this.base(this.indexKey(old)), pk.encode()));
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

  private key(v: V): Uint8Array {
    return concat(this.ns, this.indexKey(v).encode());
  }

  add(pk: Key, value: V): void {
    const k = this.key(value);
    const existing = storageGet(k);
    const p = pk.encode();
    if (existing !== null && !bytesEqual(existing, p)) {
      fail("Violates unique constraint on index: " + this.what);
      return;
    }
    storageSet(k, p);
  }

  removeEntry(pk: Key, old: V): void {
    storageRemove(this.key(old));
  }

  /** The encoded primary key filed under `ik`, or null. */
  primaryKey(ik: Key): Uint8Array | null {
    return storageGet(concat(this.ns, ik.encode()));
  }
}

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

  /** Saves `value`, moving its index entries from `old` (the value it replaces, or null). */
  replace(pk: Key, value: V, old: V | null): void {
    if (old !== null) for (let i = 0; i < this.indexes.length; i++) this.indexes[i].removeEntry(pk, old);
    for (let i = 0; i < this.indexes.length; i++) this.indexes[i].add(pk, value);
    this.primary.save(pk, value);
  }

  /** Removes the entry `old` stored under `pk` and its index entries. */
  remove(pk: Key, old: V): void {
    for (let i = 0; i < this.indexes.length; i++) this.indexes[i].removeEntry(pk, old);
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
