// A contract's storage: a view of the app store under `wasm/state/<address>/`, as wasmd gives
// each contract its own prefix store.

import { Order, KvRecord, Storage, compareBytes } from "../vm/storage";

export class PrefixStorage implements Storage {
  private readonly prefix: Uint8Array;
  private readonly end: Uint8Array;

  constructor(
    private readonly parent: Storage,
    prefix: string,
  ) {
    this.prefix = Buffer.from(prefix, "utf8");
    this.end = Buffer.from(prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1), "utf8");
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
