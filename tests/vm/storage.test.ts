import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { KvRecord, MemoryStorage, Order, Storage, TransactionalStorage, compareBytes, iterate } from "@persistence-ts/simulator/vm/index";
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

describe("lazy ranges", () => {
  it("an iterator read half-way keeps yielding its snapshot through later writes", () => {
    const s = filled(["a", "1"], ["b", "2"], ["c", "3"], ["d", "4"]);
    const it = s.range(undefined, undefined, "descending");
    expect(text(it.next().value![0])).toBe("d");
    s.remove(utf8("c"));
    s.set(utf8("b"), utf8("B"));
    s.set(utf8("bb"), utf8("new"));
    expect(Array.from(iterate(it), ([k, v]) => `${text(k)}=${text(v)}`)).toEqual(["c=3", "b=2", "a=1"]);
    expect(records(s)).toEqual([["a", "1"], ["b", "B"], ["bb", "new"], ["d", "4"]]);
  });

  it("a committed transaction does not change the parent's open iterators or its own", () => {
    const base = filled(["a", "1"], ["c", "3"]);
    const tx = new TransactionalStorage(base);
    tx.set(utf8("b"), utf8("2"));
    const fromBase = base.range(undefined, undefined, "ascending");
    const fromTx = tx.range(undefined, undefined, "ascending");
    tx.remove(utf8("a"));
    tx.commit();
    expect(Array.from(iterate(fromBase), ([k]) => text(k))).toEqual(["a", "c"]);
    expect(Array.from(iterate(fromTx), ([k]) => text(k))).toEqual(["a", "b", "c"]);
    expect(records(base)).toEqual([["b", "2"], ["c", "3"]]);
  });

  it("yields copies: changing a yielded key or value changes nothing stored", () => {
    const s = filled(["a", "1"]);
    const [k, v] = s.range(undefined, undefined, "ascending").next().value!;
    k[0] = 0x7a;
    v[0] = 0x39;
    expect(records(s)).toEqual([["a", "1"]]);
  });
});

/** The old eager semantics, as a model: every range is copied out when it is opened. */
class ModelLayer {
  /** Hex key → value; `null` = removed in this layer (transactions only). */
  readonly writes = new Map<string, string | null>();
  constructor(readonly parent?: ModelLayer) {}

  view(): Map<string, string> {
    const out = this.parent ? this.parent.view() : new Map<string, string>();
    for (const [k, v] of this.writes) {
      if (v === null) out.delete(k);
      else out.set(k, v);
    }
    return out;
  }

  range(start: string | undefined, end: string | undefined, order: Order): string[] {
    const hexKey = (k: string) => Buffer.from(k, "hex");
    const inRange = (k: string) =>
      (start === undefined || compareBytes(hexKey(k), hexKey(start)) >= 0) && (end === undefined || compareBytes(hexKey(k), hexKey(end)) < 0);
    const items = [...this.view()].filter(([k]) => inRange(k)).sort(([a], [b]) => compareBytes(hexKey(a), hexKey(b)));
    const out = items.map(([k, v]) => `${k}=${v}`);
    return order === "ascending" ? out : out.reverse();
  }

  commit(): void {
    for (const [k, v] of this.writes) {
      if (this.parent!.parent === undefined && v === null) this.parent!.writes.delete(k);
      else this.parent!.writes.set(k, v);
    }
    this.writes.clear();
  }
}

const hexRecord = ([k, v]: KvRecord): string => `${Buffer.from(k).toString("hex")}=${text(v)}`;

type Op =
  | { op: "set"; layer: number; key: string; value: string }
  | { op: "remove"; layer: number; key: string }
  | { op: "range"; layer: number; start?: string; end?: string; order: Order }
  | { op: "next"; iterator: number }
  | { op: "commit" | "discard"; layer: 1 | 2 };

describe("lazy ranges against the eager model", () => {
  const key = fc.array(fc.constantFrom(0x00, 0x01, 0x7f, 0x80, 0xff), { maxLength: 3 }).map((b) => Buffer.from(b).toString("hex"));
  const layer = fc.integer({ min: 0, max: 2 });
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant("set" as const), layer, key, value: fc.constantFrom("", "v", "w2") }),
    fc.record({ op: fc.constant("remove" as const), layer, key }),
    fc.record(
      { op: fc.constant("range" as const), layer, start: key, end: key, order: fc.constantFrom<Order>("ascending", "descending") },
      { requiredKeys: ["op", "layer", "order"] },
    ),
    fc.record({ op: fc.constant("next" as const), iterator: fc.nat(8) }),
    fc.record({ op: fc.constantFrom("commit" as const, "discard" as const), layer: fc.constantFrom<1 | 2>(1, 2) }),
  );

  it("base, transaction and nested transaction yield what the model's snapshots hold", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const base = new MemoryStorage();
        const outer = new TransactionalStorage(base);
        const inner = new TransactionalStorage(outer);
        const stores: Storage[] = [base, outer, inner];
        const modelBase = new ModelLayer();
        const models = [modelBase, new ModelLayer(modelBase)];
        models.push(new ModelLayer(models[1]));
        const open: Array<{ actual: Iterator<KvRecord>; expected: string[] }> = [];
        const hex = (k: string) => Buffer.from(k, "hex");
        for (const o of ops) {
          if (o.op === "set") {
            stores[o.layer].set(hex(o.key), utf8(o.value));
            models[o.layer].writes.set(o.key, o.value);
          } else if (o.op === "remove") {
            stores[o.layer].remove(hex(o.key));
            if (o.layer === 0) models[0].writes.delete(o.key);
            else models[o.layer].writes.set(o.key, null);
          } else if (o.op === "range") {
            const actual = stores[o.layer].range(o.start === undefined ? undefined : hex(o.start), o.end === undefined ? undefined : hex(o.end), o.order);
            open.push({ actual, expected: models[o.layer].range(o.start, o.end, o.order) });
          } else if (o.op === "next") {
            const it = open[o.iterator % Math.max(1, open.length)];
            if (!it) continue;
            const r = it.actual.next();
            const got = r.done ? undefined : hexRecord(r.value);
            expect(got).toBe(it.expected.shift());
          } else {
            const tx = o.layer === 1 ? outer : inner;
            if (o.op === "commit") {
              tx.commit();
              models[o.layer].commit();
            } else {
              tx.discard();
              models[o.layer].writes.clear();
            }
          }
        }
        for (const it of open) {
          expect(Array.from(iterate(it.actual), hexRecord)).toEqual(it.expected);
        }
        for (const l of [0, 1, 2]) {
          const now = Array.from(iterate(stores[l].range(undefined, undefined, "ascending")), hexRecord);
          expect(now).toEqual(models[l].range(undefined, undefined, "ascending"));
        }
      }),
      { numRuns: 500 },
    );
  });
});
