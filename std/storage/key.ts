// Storage keys byte-compatible with cw-storage-plus.
// A Map entry lives at `u16be(len ns) ‖ ns ‖ u16be(len k1) ‖ k1 ‖ … ‖ kN`: the namespace and
// every key element but the last are length-prefixed, the last is raw. Integer elements are
// big-endian so byte order is numeric order.

import { utf8 } from "../encoding";
import { Uint128 } from "../math/uint128";
import { Addr } from "../types/addr";

/** A (possibly composite) key: its elements as raw bytes. */
export class Key {
  constructor(readonly parts: Uint8Array[]) {}

  static str(s: string): Key {
    return new Key([utf8(s)]);
  }

  static addr(a: Addr): Key {
    return Key.str(a.toString());
  }

  static u64(n: u64): Key {
    return new Key([u64Bytes(n)]);
  }

  static u128(n: Uint128): Key {
    return new Key([n.toBytesBE()]);
  }

  static bytes(b: Uint8Array): Key {
    return new Key([b]);
  }

  /** This key followed by the elements of `next`: (a) + (b) = (a, b). */
  join(next: Key): Key {
    return new Key(this.parts.concat(next.parts));
  }

  /** The elements joined the way they follow a namespace: all but the last length-prefixed. */
  encode(): Uint8Array {
    return concatWithPrefixes(this.parts, this.parts.length - 1);
  }

  /** All elements length-prefixed: the form of a prefix under which longer keys live. */
  encodePrefix(): Uint8Array {
    return concatWithPrefixes(this.parts, this.parts.length);
  }
}

export function u64Bytes(n: u64): Uint8Array {
  const b = new Uint8Array(8);
  for (let i = 0; i < 8; i++) b[i] = <u8>(n >> (<u64>(56 - 8 * i)));
  return b;
}

export function u64FromBytes(b: Uint8Array): u64 {
  let n: u64 = 0;
  for (let i = 0; i < 8 && i < b.length; i++) n = (n << 8) | <u64>b[i];
  return n;
}

/** `u16be(len) ‖ bytes`. Traps above 65535 bytes: the VM caps keys at 64 KiB anyway. */
export function lengthPrefixed(b: Uint8Array): Uint8Array {
  assert(b.length <= 0xffff, "storage key element longer than 65535 bytes");
  const out = new Uint8Array(b.length + 2);
  out[0] = <u8>(b.length >> 8);
  out[1] = <u8>b.length;
  out.set(b, 2);
  return out;
}

function concatWithPrefixes(parts: Uint8Array[], prefixed: i32): Uint8Array {
  let len = 0;
  for (let i = 0; i < parts.length; i++) len += parts[i].length + (i < prefixed ? 2 : 0);
  const out = new Uint8Array(len);
  let o = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = i < prefixed ? lengthPrefixed(parts[i]) : parts[i];
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Splits a key suffix written by Key.encode back into `count` elements. */
export function decodeKey(raw: Uint8Array, count: i32): Key {
  const parts = new Array<Uint8Array>();
  let o = 0;
  for (let i = 0; i < count - 1; i++) {
    const len = (<i32>raw[o] << 8) | <i32>raw[o + 1];
    parts.push(raw.slice(o + 2, o + 2 + len));
    o += 2 + len;
  }
  parts.push(raw.slice(o));
  return new Key(parts);
}

/** The smallest byte string greater than every string starting with `prefix` (null: none). */
export function prefixEnd(prefix: Uint8Array): Uint8Array | null {
  const out = prefix.slice();
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] != 0xff) {
      out[i]++;
      return out.slice(0, i + 1);
    }
  }
  return null;
}
