// Item: one value under a fixed key (cw-storage-plus `Item`: the key is the namespace bytes).

import { utf8 } from "../encoding";
import { fail } from "../error";
import { Codec } from "./codec";
import { storageGet, storageRemove, storageSet } from "./kv";

export class Item<T> {
  private key: Uint8Array;

  constructor(namespace: string, private codec: Codec<T>) {
    this.key = utf8(namespace);
  }

  exists(): bool {
    return storageGet(this.key) !== null;
  }

  /** The value; fails with "<type> not found" when absent (returns the codec's zero read). */
  load(): T {
    const raw = storageGet(this.key);
    if (raw === null) {
      fail(this.codec.name() + " not found");
      return this.codec.decode(new Uint8Array(0));
    }
    return this.codec.decode(raw);
  }

  /** The value, or `fallback` when absent. */
  loadOr(fallback: T): T {
    const raw = storageGet(this.key);
    return raw === null ? fallback : this.codec.decode(raw);
  }

  save(value: T): void {
    storageSet(this.key, this.codec.encode(value));
  }

  remove(): void {
    storageRemove(this.key);
  }
}
