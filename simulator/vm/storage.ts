/**
 * Contract key-value storage with the semantics cosmwasm-vm's MockStorage and the chain's KV
 * stores share: keys ordered bytewise, ranges with inclusive start and exclusive end, and
 * iterators that see the data as it was when the range was opened.
 *
 * Ranges are lazy: an iterator walks the store's sorted entry array from where the range
 * starts, and copy-on-write keeps it a snapshot (a write after a range copies the array before
 * changing it, so open iterators keep the array they started on).
 */

export type Order = "ascending" | "descending";
export type KvRecord = [key: Uint8Array, value: Uint8Array];

export interface Storage {
  get(key: Uint8Array): Uint8Array | undefined;
  set(key: Uint8Array, value: Uint8Array): void;
  remove(key: Uint8Array): void;
  /** Records with start <= key < end (undefined = unbounded), as a snapshot taken now. */
  range(start: Uint8Array | undefined, end: Uint8Array | undefined, order: Order): Iterator<KvRecord>;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}

/** Latin-1 strings compare code unit by code unit, which is bytewise order: usable as map keys. */
function keyString(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString("latin1");
}

/** One stored record. Never mutated: a write replaces the entry, so snapshots can share it. */
interface Entry<V> {
  /** The key as a latin-1 string (map key, sort key). */
  readonly k: string;
  readonly key: Uint8Array;
  readonly value: V;
}

/** First index in sorted `entries` whose key is >= `target`. */
function lowerBound<V>(entries: readonly Entry<V>[], target: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid].k < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Walks entries[from, to) of an array nobody changes any more, in either order. */
class EntryCursor<V> {
  private pos: number;
  private readonly step: 1 | -1;
  private readonly stop: number;

  constructor(
    private readonly entries: readonly Entry<V>[],
    from: number,
    to: number,
    order: Order,
  ) {
    const ascending = order === "ascending";
    this.pos = ascending ? from : to - 1;
    this.stop = ascending ? to : from - 1;
    this.step = ascending ? 1 : -1;
  }

  /** The next entry, or undefined at the end. */
  take(): Entry<V> | undefined {
    if (this.pos === this.stop) return undefined;
    const e = this.entries[this.pos];
    this.pos += this.step;
    return e;
  }
}

/** An ordered set of keys with their values, whose ranges are copy-on-write snapshots. */
class SortedMap<V> {
  private readonly index = new Map<string, Entry<V>>();
  private entries: Entry<V>[] = [];
  /** A cursor holds `entries`: copy it before the next change. */
  private shared = false;

  get size(): number {
    return this.index.size;
  }

  get(k: string): V | undefined {
    return this.index.get(k)?.value;
  }

  has(k: string): boolean {
    return this.index.has(k);
  }

  set(k: string, key: Uint8Array, value: V): void {
    const entry: Entry<V> = { k, key, value };
    const existed = this.index.has(k);
    this.index.set(k, entry);
    const entries = this.writable();
    const at = lowerBound(entries, k);
    if (existed) entries[at] = entry;
    else entries.splice(at, 0, entry);
  }

  delete(k: string): void {
    if (!this.index.delete(k)) return;
    const entries = this.writable();
    entries.splice(lowerBound(entries, k), 1);
  }

  clear(): void {
    this.index.clear();
    this.entries = []; // a new array: cursors keep the old one
    this.shared = false;
  }

  /** A snapshot cursor over the entries with start <= key < end. */
  cursor(start: Uint8Array | undefined, end: Uint8Array | undefined, order: Order): EntryCursor<V> {
    const entries = this.entries;
    const from = start === undefined ? 0 : lowerBound(entries, keyString(start));
    const to = end === undefined ? entries.length : lowerBound(entries, keyString(end));
    if (to > from) this.shared = true;
    return new EntryCursor(entries, from, Math.max(from, to), order);
  }

  /** The entry array, copied first when a cursor still reads it. */
  private writable(): Entry<V>[] {
    if (this.shared) {
      this.entries = this.entries.slice();
      this.shared = false;
    }
    return this.entries;
  }
}

/** Adds the iterable protocol, so storage iterators also work in for-of and Array.from. */
abstract class RecordIterator implements IterableIterator<KvRecord> {
  abstract next(): IteratorResult<KvRecord>;

  [Symbol.iterator](): IterableIterator<KvRecord> {
    return this;
  }
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

const record = (key: Uint8Array, value: Uint8Array): IteratorResult<KvRecord> => ({
  done: false,
  value: [key.slice(), value.slice()],
});

/** MemoryStorage's iterator: copies of each record, read from a snapshot cursor. */
class StoredRecords extends RecordIterator {
  constructor(private readonly cursor: EntryCursor<Uint8Array>) {
    super();
  }

  next(): IteratorResult<KvRecord> {
    const e = this.cursor.take();
    return e === undefined ? DONE : record(e.key, e.value);
  }
}

export class MemoryStorage implements Storage {
  private readonly data = new SortedMap<Uint8Array>();

  get size(): number {
    return this.data.size;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.data.get(keyString(key))?.slice();
  }

  /** get() for a key whose latin-1 string the caller has already. */
  getByString(k: string): Uint8Array | undefined {
    return this.data.get(k)?.slice();
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.data.set(keyString(key), key.slice(), value.slice());
  }

  remove(key: Uint8Array): void {
    this.data.delete(keyString(key));
  }

  /** A committed write whose bytes nobody holds or changes any more (no copies). */
  adopt(k: string, key: Uint8Array, value: Uint8Array | null): void {
    if (value === null) this.data.delete(k);
    else this.data.set(k, key, value);
  }

  range(start: Uint8Array | undefined, end: Uint8Array | undefined, order: Order): Iterator<KvRecord> {
    return new StoredRecords(this.data.cursor(start, end, order));
  }
}

/**
 * The parent's records merged with a transaction cache (both snapshots taken when the range
 * opened), one record at a time: the cache wins on equal keys, `null` hides a parent record.
 */
class MergedRecords extends RecordIterator {
  private parentHead: IteratorResult<KvRecord> | undefined;
  private cacheHead: Entry<Uint8Array | null> | undefined;
  /** 1 ascending, -1 descending: makes "comes first" a `< 0` comparison in both orders. */
  private readonly direction: 1 | -1;

  constructor(
    private readonly parent: Iterator<KvRecord>,
    private readonly cache: EntryCursor<Uint8Array | null>,
    order: Order,
  ) {
    super();
    this.direction = order === "ascending" ? 1 : -1;
    this.cacheHead = cache.take();
  }

  next(): IteratorResult<KvRecord> {
    for (;;) {
      const p = (this.parentHead ??= this.parent.next());
      const c = this.cacheHead;
      if (c === undefined) return this.takeParent(p);
      const cmp = p.done ? 1 : this.direction * compareBytes(p.value[0], c.key);
      if (cmp < 0) return this.takeParent(p);
      if (cmp === 0) this.parentHead = undefined; // shadowed by the cache
      this.cacheHead = this.cache.take();
      if (c.value !== null) return record(c.key, c.value);
    }
  }

  private takeParent(p: IteratorResult<KvRecord>): IteratorResult<KvRecord> {
    if (!p.done) this.parentHead = undefined;
    return p;
  }
}

/**
 * A write cache over a parent storage: reads see the cache first, `commit()` applies it to the
 * parent, `discard()` drops it. Used to revert a failed transaction or submessage.
 */
export class TransactionalStorage implements Storage {
  /** `null` marks a key removed in this transaction. */
  private readonly cache = new SortedMap<Uint8Array | null>();

  constructor(readonly parent: Storage) {}

  /** Number of keys written or removed since the last commit/discard. */
  get pendingCount(): number {
    return this.cache.size;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.getByString(keyString(key), key);
  }

  /** get() for a key whose latin-1 string the caller has already. */
  getByString(k: string, key: Uint8Array): Uint8Array | undefined {
    if (this.cache.has(k)) return this.cache.get(k)?.slice();
    const parent = this.parent;
    if (parent instanceof TransactionalStorage) return parent.getByString(k, key);
    if (parent instanceof MemoryStorage) return parent.getByString(k);
    return parent.get(key);
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.cache.set(keyString(key), key.slice(), value.slice());
  }

  remove(key: Uint8Array): void {
    this.cache.set(keyString(key), key.slice(), null);
  }

  range(start: Uint8Array | undefined, end: Uint8Array | undefined, order: Order): Iterator<KvRecord> {
    return new MergedRecords(this.parent.range(start, end, order), this.cache.cursor(start, end, order), order);
  }

  /** A committed write whose bytes nobody holds or changes any more (no copies). */
  adopt(k: string, key: Uint8Array, value: Uint8Array | null): void {
    this.cache.set(k, key, value);
  }

  /**
   * Applies the cached writes to the parent in key order and clears the cache. Our own stores
   * take the entries as they are: their bytes were copied on the way in and never leave
   * uncopied, so nothing else can change them.
   */
  commit(): void {
    const parent = this.parent;
    const ours = parent instanceof MemoryStorage || parent instanceof TransactionalStorage ? parent : undefined;
    const pending = this.cache.cursor(undefined, undefined, "ascending");
    for (let e = pending.take(); e !== undefined; e = pending.take()) {
      if (ours) ours.adopt(e.k, e.key, e.value);
      else if (e.value === null) parent.remove(e.key);
      else parent.set(e.key, e.value);
    }
    this.cache.clear();
  }

  discard(): void {
    this.cache.clear();
  }
}

/** Makes an Iterator usable in for-of and Array.from. */
export function iterate<T>(it: Iterator<T>): IterableIterator<T> {
  return {
    next: () => it.next(),
    [Symbol.iterator]() {
      return this;
    },
  };
}
