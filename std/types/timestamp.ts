// Block time as cosmwasm-std's Timestamp: u64 nanoseconds since the epoch, a string on the wire.

import { JsonReader } from "../json/reader";
import { JsonWriter } from "../json/writer";
import { fail } from "../error";

const NANOS_PER_SECOND: u64 = 1_000_000_000;

export class Timestamp {
  constructor(readonly nanos: u64) {}

  static fromSeconds(s: u64): Timestamp {
    if (s > u64.MAX_VALUE / NANOS_PER_SECOND) {
      fail("Timestamp overflow: " + s.toString() + " seconds");
      return new Timestamp(0);
    }
    return new Timestamp(s * NANOS_PER_SECOND);
  }

  seconds(): u64 {
    return this.nanos / NANOS_PER_SECOND;
  }

  plusSeconds(s: u64): Timestamp {
    const add = Timestamp.fromSeconds(s).nanos;
    if (add > u64.MAX_VALUE - this.nanos) {
      fail("Timestamp overflow");
      return new Timestamp(0);
    }
    return new Timestamp(this.nanos + add);
  }

  lt(o: Timestamp): bool { return this.nanos < o.nanos; }
  le(o: Timestamp): bool { return this.nanos <= o.nanos; }
  eq(o: Timestamp): bool { return this.nanos == o.nanos; }

  /** Reads the `"1571797419879305533"` string form (Uint64 rules: digits only). */
  static read(r: JsonReader): Timestamp {
    return new Timestamp(readUint64String(r));
  }

  write(w: JsonWriter): void {
    w.string(this.nanos.toString());
  }
}

/** Reads cosmwasm-std `Uint64`: a decimal string. */
export function readUint64String(r: JsonReader): u64 {
  const s = r.readString();
  if (s.length == 0 || s.length > 20) return badUint64(r, s);
  let v: u64 = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return badUint64(r, s);
    const d = <u64>(c - 0x30);
    if (v > (u64.MAX_VALUE - d) / 10) return badUint64(r, s);
    v = v * 10 + d;
  }
  return v;
}

function badUint64(r: JsonReader, s: string): u64 {
  r.error("invalid Uint64 '" + s + "' - expected a decimal string of at most 18446744073709551615");
  return 0;
}
