// A small protobuf reader for the responses the chain puts in a Reply's `msg_responses`
// (cosmwasm-std 2.x, wasmd ≥ 0.50): varints, length-delimited fields, and the two well-known
// messages they carry here, google.protobuf.Timestamp and cosmos.base.v1beta1.Coin.
//
// Proto3 rules that matter: a field may be absent (its zero value), may repeat (a non-repeated
// scalar or message keeps the last value; messages should merge, ours have no sub-messages that
// repeat), unknown fields are skipped. Malformed input records a contract error (std/error.ts)
// and the reader stops.

import { beginRecover, endRecover, fail, failed } from "./error";
import { Uint128 } from "./math/uint128";
import { Coin } from "./types/coin";
import { Timestamp } from "./types/timestamp";

export const WIRE_VARINT: u32 = 0;
export const WIRE_I64: u32 = 1;
export const WIRE_LEN: u32 = 2;
export const WIRE_I32: u32 = 5;

export class ProtoReader {
  private pos: i32 = 0;
  /** Field number and wire type of the field whose value is next. */
  field: u32 = 0;
  wire: u32 = 0;

  /** `what` names the message in error texts. */
  constructor(private readonly data: Uint8Array, private readonly what: string) {}

  private bad(reason: string): void {
    fail("Invalid protobuf " + this.what + ": " + reason);
    this.pos = this.data.length;
  }

  /** Moves to the next field's key; false at the end (or after an error). */
  next(): bool {
    if (failed() || this.pos >= this.data.length) return false;
    const key = this.varint();
    if (failed()) return false;
    this.field = <u32>(key >> 3);
    this.wire = <u32>(key & 7);
    if (this.field == 0 || key > <u64>u32.MAX_VALUE) {
      this.bad("invalid field key " + key.toString());
      return false;
    }
    return true;
  }

  /** A base-128 varint of at most 10 bytes (64 bits). */
  varint(): u64 {
    let v: u64 = 0;
    let shift: u64 = 0;
    let b: u8 = 0;
    do {
      if (this.pos >= this.data.length) {
        this.bad("truncated varint");
        return 0;
      }
      b = this.data[this.pos++];
      // The tenth byte holds bit 63 only, without a continuation.
      if (shift == 63 && b > 1) {
        this.bad("varint longer than 64 bits");
        return 0;
      }
      v |= (<u64>(b & 0x7f)) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    return v;
  }

  private expect(wire: u32): bool {
    if (this.wire == wire) return true;
    this.bad("field " + this.field.toString() + " has wire type " + this.wire.toString() + ", expected " + wire.toString());
    return false;
  }

  /** int64 (two's complement varint: negative values take 10 bytes). */
  int64(): i64 {
    return this.expect(WIRE_VARINT) ? <i64>this.varint() : 0;
  }

  /** int32: a varint whose value must fit in 32 bits (negative ones are sign-extended to 64). */
  int32(): i32 {
    const v = this.int64();
    if (v < <i64>i32.MIN_VALUE || v > <i64>i32.MAX_VALUE) this.bad("int32 out of range: " + v.toString());
    return <i32>v;
  }

  /** The bytes of a length-delimited field. */
  bytes(): Uint8Array {
    if (!this.expect(WIRE_LEN)) return new Uint8Array(0);
    const len = this.varint();
    if (failed()) return new Uint8Array(0);
    if (len > <u64>(this.data.length - this.pos)) {
      this.bad("length " + len.toString() + " runs past the end");
      return new Uint8Array(0);
    }
    const out = this.data.slice(this.pos, this.pos + <i32>len);
    this.pos += <i32>len;
    return out;
  }

  /** A string field: UTF-8, checked. */
  string(): string {
    const b = this.bytes();
    const s = String.UTF8.decode(b.buffer);
    // Invalid UTF-8 decodes with U+FFFD: re-encoding then differs from the bytes.
    const back = Uint8Array.wrap(String.UTF8.encode(s));
    if (back.length != b.length) this.bad("field " + this.field.toString() + " is not valid UTF-8");
    else for (let i = 0; i < b.length; i++) if (back[i] != b[i]) {
      this.bad("field " + this.field.toString() + " is not valid UTF-8");
      break;
    }
    return s;
  }

  /** Skips the current field's value, whatever its wire type (groups are refused). */
  skip(): void {
    if (this.wire == WIRE_VARINT) this.varint();
    else if (this.wire == WIRE_LEN) this.bytes();
    else if (this.wire == WIRE_I64) this.advance(8);
    else if (this.wire == WIRE_I32) this.advance(4);
    else this.bad("unsupported wire type " + this.wire.toString());
  }

  private advance(n: i32): void {
    if (this.data.length - this.pos < n) this.bad("truncated fixed-width field");
    else this.pos += n;
  }
}

/** Seconds between 0001-01-01T00:00:00Z (Go's zero time.Time) and the Unix epoch. */
export const GO_ZERO_TIME_SECONDS: i64 = -62_135_596_800;

/** google.protobuf.Timestamp {seconds = 1 (int64), nanos = 2 (int32)}. */
export class ProtoTimestamp {
  constructor(public seconds: i64 = 0, public nanos: i32 = 0) {}

  static decode(data: Uint8Array): ProtoTimestamp {
    const t = new ProtoTimestamp();
    const r = new ProtoReader(data, "Timestamp");
    while (r.next()) {
      if (r.field == 1) t.seconds = r.int64();
      else if (r.field == 2) t.nanos = r.int32();
      else r.skip();
    }
    if (!failed() && (t.nanos < 0 || t.nanos > 999_999_999)) fail("Invalid protobuf Timestamp: nanos " + t.nanos.toString() + " out of range");
    return t;
  }

  /** Go's zero time.Time, which the SDK writes for "no time" (e.g. a redelegation that made no entry). */
  isGoZero(): bool {
    return this.seconds == GO_ZERO_TIME_SECONDS && this.nanos == 0;
  }

  /** As a block-time Timestamp (nanoseconds since the Unix epoch); null before the epoch or past u64. */
  toTimestamp(): Timestamp | null {
    if (this.seconds < 0 || <u64>this.seconds > (u64.MAX_VALUE - <u64>this.nanos) / 1_000_000_000) return null;
    return new Timestamp(<u64>this.seconds * 1_000_000_000 + <u64>this.nanos);
  }
}

/** cosmos.base.v1beta1.Coin {denom = 1, amount = 2 (an sdk.Int as a decimal string)}. */
export function decodeCoin(data: Uint8Array): Coin {
  const c = new Coin("", Uint128.zero());
  const r = new ProtoReader(data, "Coin");
  while (r.next()) {
    if (r.field == 1) c.denom = r.string();
    else if (r.field == 2) {
      const text = r.string();
      if (failed()) break;
      // sdk.Int prints plain digits; an empty string is the proto3 zero value.
      const outer = beginRecover();
      if (text.length > 0) c.amount = Uint128.fromString(text);
      const err = endRecover(outer);
      if (err !== null || text.startsWith("+")) {
        fail("Invalid protobuf Coin: amount '" + text + "' is not a Uint128");
        break;
      }
    } else r.skip();
  }
  return c;
}
