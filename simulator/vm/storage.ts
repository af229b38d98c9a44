/**
 * Contract key-value storage with the semantics cosmwasm-vm's MockStorage and the chain's KV
 * stores share: keys ordered bytewise, ranges with inclusive start and exclusive end, and
 * iterators that see the data as it was when the range was opened.
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

function keyBytes(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "latin1"));
}

/** First index in sorted `keys` whose element is >= `target`. */
function lowerBound(keys: readonly string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Slice bounds of [start, end) in sorted `keys`; empty when start >= end. */
function boundsIn(keys: readonly string[], start?: Uint8Array, end?: Uint8Array): [number, number] {
  const from = start === undefined ? 0 : lowerBound(keys, keyString(start));
  const to = end === undefined ? keys.length : lowerBound(keys, keyString(end));
  return [from, Math.max(from, to)];
}

/** An ordered set of latin-1 keys with their values. */
class SortedMap<V> {
  private readonly values = new Map<string, V>();
  private sorted: string[] = [];

  get size(): number {
    return this.values.size;
  }

  get(k: string): V | undefined {
    return this.values.get(k);
  }

  has(k: string): boolean {
    return this.values.has(k);
  }

  set(k: string, v: V): void {
    if (!this.values.has(k)) this.sorted.splice(lowerBound(this.sorted, k), 0, k);
    this.values.set(k, v);
  }

  delete(k: string): void {
    if (!this.values.delete(k)) return;
    this.sorted.splice(lowerBound(this.sorted, k), 1);
  }

  clear(): void {
    this.values.clear();
    this.sorted = [];
  }

  /** Ascending keys in [start, end), copied so later writes do not affect the caller. */
  keysIn(start?: Uint8Array, end?: Uint8Array): string[] {
    const [from, to] = boundsIn(this.sorted, start, end);
    return this.sorted.slice(from, to);
  }
}

function ordered<T>(items: T[], order: Order): T[] {
  return order === "ascending" ? items : items.reverse();
}

export class MemoryStorage implements Storage {
  private readonly data = new SortedMap<Uint8Array>();

  get size(): number {
    return this.data.size;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.data.get(keyString(key))?.slice();
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.data.set(keyString(key), value.slice());
  }

  remove(key: Uint8Array): void {
    this.data.delete(keyString(key));
  }

  range(start: Uint8Array | undefined, end: Uint8Array | undefined, order: Order): Iterator<KvRecord> {
    const records = this.data.keysIn(start, end).map((k): KvRecord => [keyBytes(k), this.data.get(k)!.slice()]);
    return ordered(records, order)[Symbol.iterator]();
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
    const k = keyString(key);
    if (!this.cache.has(k)) return this.parent.get(key);
    return this.cache.get(k)?.slice();
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.cache.set(keyString(key), value.slice());
  }

  remove(key: Uint8Array): void {
    this.cache.set(keyString(key), null);
  }

  range(start: Uint8Array | undefined, end: Uint8Array | undefined, order: Order): Iterator<KvRecord> {
    const fromParent = Array.from(iterate(this.parent.range(start, end, "ascending")));
    const merged = this.mergeAscending(fromParent, this.cache.keysIn(start, end));
    return ordered(merged, order)[Symbol.iterator]();
  }

  /** Applies the cached writes to the parent in key order and clears the cache. */
  commit(): void {
    for (const k of this.cache.keysIn()) {
      const value = this.cache.get(k);
      if (value === null || value === undefined) this.parent.remove(keyBytes(k));
      else this.parent.set(keyBytes(k), value);
    }
    this.cache.clear();
  }

  discard(): void {
    this.cache.clear();
  }

  /** Merges ascending parent records with ascending cached keys; the cache wins on equal keys. */
  private mergeAscending(parent: KvRecord[], cached: string[]): KvRecord[] {
    const out: KvRecord[] = [];
    let i = 0;
    let j = 0;
    while (i < parent.length || j < cached.length) {
      const cmp = j >= cached.length ? -1 : i >= parent.length ? 1 : compareBytes(parent[i][0], keyBytes(cached[j]));
      if (cmp < 0) {
        out.push(parent[i++]);
        continue;
      }
      if (cmp === 0) i++;
      const value = this.cache.get(cached[j]);
      if (value) out.push([keyBytes(cached[j]), value.slice()]);
      j++;
    }
    return out;
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
