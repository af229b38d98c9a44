// A contract's storage: a view of the app store under `wasm/state/<address>/`, as wasmd gives
// each contract its own prefix store.

import { Order, KvRecord, Storage, compareBytes } from "../vm/storage";

/** Each prefix's bytes and the end of its range, per prefix string (one per contract). */
const BOUNDS = new Map<string, { prefix: Uint8Array; end: Uint8Array }>();

function boundsOf(prefix: string): { prefix: Uint8Array; end: Uint8Array } {
  let b = BOUNDS.get(prefix);
  if (!b) {
    const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    b = { prefix: Buffer.from(prefix, "utf8"), end: Buffer.from(end, "utf8") };
    BOUNDS.set(prefix, b);
  }
  return b;
}

export class PrefixStorage implements Storage {
  private readonly prefix: Uint8Array;
  private readonly end: Uint8Array;

  constructor(
    private readonly parent: Storage,
    prefix: string,
  ) {
    ({ prefix: this.prefix, end: this.end } = boundsOf(prefix));
  }

  private full(key: Uint8Array): Uint8Array {
    return Buffer.concat([this.prefix, key]);
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return this.parent.get(this.full(key));
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.parent.set(this.full(key), value);
  }

  remove(key: Uint8Array): void {
    this.parent.remove(this.full(key));
  }

  range(start: Uint8Array | undefined, end: Uint8Array | undefined, order: Order): Iterator<KvRecord> {
    const s = start === undefined ? this.prefix : this.full(start);
    const e = end === undefined ? this.end : this.full(end);
    if (compareBytes(s, e) >= 0) return [][Symbol.iterator]();
    const inner = this.parent.range(s, e, order);
    const cut = this.prefix.length;
    return {
      next: (): IteratorResult<KvRecord> => {
        const r = inner.next();
        if (r.done) return r;
        return { done: false, value: [r.value[0].subarray(cut), r.value[1]] };
      },
    };
  }
}
