// How stored values are encoded: JSON, as cw-storage-plus does (serde_json), so state written
// here reads the same as a Rust contract's and raw queries return readable JSON.

import { JsonReader } from "../json/reader";
import { JsonWriter } from "../json/writer";
import { Uint128 } from "../math/uint128";
import { readUint128 } from "../types/coin";
import { Addr } from "../types/addr";
import { Expiration } from "../types/expiration";

export abstract class Codec<T> {
  /** The type's name, used in "<name> not found" and parse errors. */
  abstract name(): string;
  abstract write(w: JsonWriter, v: T): void;
  abstract read(r: JsonReader): T;

  encode(v: T): Uint8Array {
    const w = new JsonWriter();
    this.write(w, v);
    return w.toBytes();
  }

  decode(bytes: Uint8Array): T {
    const r = new JsonReader(bytes, this.name());
    const v = this.read(r);
    r.finish();
    return v;
  }
}

export class StringCodec extends Codec<string> {
  name(): string { return "String"; }
  write(w: JsonWriter, v: string): void { w.string(v); }
  read(r: JsonReader): string { return r.readString(); }
}

export class AddrCodec extends Codec<Addr> {
  name(): string { return "Addr"; }
  write(w: JsonWriter, v: Addr): void { w.string(v.toString()); }
  read(r: JsonReader): Addr { return Addr.unchecked(r.readString()); }
}

export class U64Codec extends Codec<u64> {
  name(): string { return "u64"; }
  write(w: JsonWriter, v: u64): void { w.u64(v); }
  read(r: JsonReader): u64 { return r.readU64(); }
}

export class BoolCodec extends Codec<bool> {
  name(): string { return "bool"; }
  write(w: JsonWriter, v: bool): void { w.bool(v); }
  read(r: JsonReader): bool { return r.readBool(); }
}

export class Uint128Codec extends Codec<Uint128> {
  name(): string { return "Uint128"; }
  write(w: JsonWriter, v: Uint128): void { w.string(v.toString()); }
  read(r: JsonReader): Uint128 { return readUint128(r); }
}

export class ExpirationCodec extends Codec<Expiration> {
  name(): string { return "Expiration"; }
  write(w: JsonWriter, v: Expiration): void { v.write(w); }
  read(r: JsonReader): Expiration { return Expiration.read(r); }
}
