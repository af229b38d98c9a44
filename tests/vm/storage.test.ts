import { describe, expect, it } from "vitest";

import { KvRecord, MemoryStorage, Order, Storage, TransactionalStorage, compareBytes, iterate } from "../../simulator/vm";
import { text, utf8 } from "./fixture";

const b = (...bytes: number[]) => new Uint8Array(bytes);

function keys(s: Storage, start?: Uint8Array, end?: Uint8Array, order: Order = "ascending"): string[] {
  return Array.from(iterate(s.range(start, end, order)), ([k]) => text(k));
}

function records(s: Storage, order: Order = "ascending"): [string, string][] {
  return Array.from(iterate(s.range(undefined, undefined, order)), ([k, v]: KvRecord) => [text(k), text(v)]);
}

function filled(...pairs: [string, string][]): MemoryStorage {
  const s = new MemoryStorage();
  for (const [k, v] of pairs) s.set(utf8(k), utf8(v));
  return s;
}

describe("compareBytes", () => {
  it("orders bytewise, shorter prefix first", () => {
    expect(compareBytes(b(1), b(1, 0))).toBeLessThan(0);
    expect(compareBytes(b(0xff), b(1, 0))).toBeGreaterThan(0);
    expect(compareBytes(b(2, 3), b(2, 3))).toBe(0);
  });
});

describe("MemoryStorage", () => {
  it("gets, overwrites and removes", () => {
    const s = new MemoryStorage();
    expect(s.get(utf8("a"))).toBeUndefined();
    s.set(utf8("a"), utf8("1"));
    s.set(utf8("a"), utf8("2"));
    expect(text(s.get(utf8("a"))!)).toBe("2");
    s.remove(utf8("a"));
    expect(s.get(utf8("a"))).toBeUndefined();
    expect(s.size).toBe(0);
  });

  it("keeps an empty value distinct from an absent key", () => {
    const s = new MemoryStorage();
    s.set(utf8("e"), new Uint8Array(0));
    expect(s.get(utf8("e"))).toEqual(new Uint8Array(0));
    expect(keys(s)).toEqual(["e"]);
  });

  it("copies values in and out", () => {
    const s = new MemoryStorage();
    const value = b(1, 2);
    s.set(utf8("k"), value);
    value[0] = 9;
    s.get(utf8("k"))![1] = 9;
    expect(s.get(utf8("k"))).toEqual(b(1, 2));
  });

  it("iterates bytewise, not by UTF-16 or numeric order", () => {
    const s = new MemoryStorage();
    for (const k of [b(0xff), b(1, 0), b(1), b(0x80, 0), b(0x7f)]) s.set(k, b());
    const got = Array.from(iterate(s.range(undefined, undefined, "ascending")), ([k]) => Array.from(k));
    expect(got).toEqual([[1], [1, 0], [0x7f], [0x80, 0], [0xff]]);
  });

  it("ranges with inclusive start and exclusive end, both orders", () => {
    const s = filled(["a", "1"], ["ab", "2"], ["b", "3"], ["c", "4"]);
    expect(keys(s, utf8("ab"), utf8("c"))).toEqual(["ab", "b"]);
    expect(keys(s, utf8("ab"), utf8("c"), "descending")).toEqual(["b", "ab"]);
    expect(keys(s, undefined, utf8("b"))).toEqual(["a", "ab"]);
    expect(keys(s, utf8("b"))).toEqual(["b", "c"]);
    expect(keys(s, utf8("c"), utf8("a"))).toEqual([]);
    expect(keys(s, utf8("b"), utf8("b"))).toEqual([]);
  });

  it("iterators are snapshots of the moment the range was opened", () => {
    const s = filled(["a", "1"], ["b", "2"]);
    const it = s.range(undefined, undefined, "ascending");
    s.set(utf8("c"), utf8("3"));
    s.remove(utf8("a"));
    s.set(utf8("b"), utf8("changed"));
    expect(Array.from(iterate(it), ([k, v]) => `${text(k)}=${text(v)}`)).toEqual(["a=1", "b=2"]);
  });
});

describe("TransactionalStorage", () => {
  it("reads through to the parent and shadows it with its own writes", () => {
    const parent = filled(["a", "1"], ["b", "2"]);
    const tx = new TransactionalStorage(parent);
    tx.set(utf8("a"), utf8("x"));
    tx.remove(utf8("b"));
    expect(text(tx.get(utf8("a"))!)).toBe("x");
    expect(tx.get(utf8("b"))).toBeUndefined();
    expect(text(parent.get(utf8("a"))!)).toBe("1");
    expect(text(parent.get(utf8("b"))!)).toBe("2");
    expect(tx.pendingCount).toBe(2);
  });

  it("commit applies writes and removals to the parent", () => {
    const parent = filled(["a", "1"], ["b", "2"]);
    const tx = new TransactionalStorage(parent);
    tx.set(utf8("c"), utf8("3"));
    tx.remove(utf8("a"));
    tx.commit();
    expect(records(parent)).toEqual([
      ["b", "2"],
      ["c", "3"],
    ]);
    expect(tx.pendingCount).toBe(0);
  });

  it("discard leaves the parent untouched", () => {
    const parent = filled(["a", "1"]);
    const tx = new TransactionalStorage(parent);
    tx.set(utf8("a"), utf8("x"));
    tx.set(utf8("z"), utf8("y"));
    tx.discard();
    expect(records(parent)).toEqual([["a", "1"]]);
    expect(records(tx)).toEqual([["a", "1"]]);
  });

  it("merges cache and parent in ranges, both orders", () => {
    const parent = filled(["a", "1"], ["c", "3"], ["e", "5"]);
    const tx = new TransactionalStorage(parent);
    tx.set(utf8("b"), utf8("2"));
    tx.set(utf8("c"), utf8("C"));
    tx.remove(utf8("e"));
    tx.set(utf8("f"), utf8("6"));
    tx.remove(utf8("zz")); // removing an absent key is harmless
    expect(records(tx)).toEqual([
      ["a", "1"],
      ["b", "2"],
      ["c", "C"],
      ["f", "6"],
    ]);
    expect(records(tx, "descending").map(([k]) => k)).toEqual(["f", "c", "b", "a"]);
    expect(keys(tx, utf8("b"), utf8("f"))).toEqual(["b", "c"]);
  });

  it("nests: an inner transaction commits into the outer, which can still discard", () => {
    const base = filled(["a", "1"]);
    const outer = new TransactionalStorage(base);
    const inner = new TransactionalStorage(outer);
    inner.set(utf8("b"), utf8("2"));
    inner.remove(utf8("a"));
    expect(records(outer)).toEqual([["a", "1"]]);
    inner.commit();
    expect(records(outer)).toEqual([["b", "2"]]);
    outer.discard();
    expect(records(base)).toEqual([["a", "1"]]);
  });

  it("merged iterators are snapshots too", () => {
    const tx = new TransactionalStorage(filled(["a", "1"]));
    tx.set(utf8("b"), utf8("2"));
    const it = tx.range(undefined, undefined, "ascending");
    tx.remove(utf8("a"));
    tx.set(utf8("c"), utf8("3"));
    expect(Array.from(iterate(it), ([k]) => text(k))).toEqual(["a", "b"]);
  });
});
