// cw-utils Expiration: `{"at_height":n}` | `{"at_time":"nanos"}` | `{"never":{}}`.

import { JsonReader } from "../json/reader";
import { JsonWriter } from "../json/writer";
import { BlockInfo } from "./env";
import { Timestamp } from "./timestamp";

export enum ExpirationKind {
  AtHeight,
  AtTime,
  Never,
}

const VARIANTS = ["at_height", "at_time", "never"];

export class Expiration {
  constructor(readonly kind: ExpirationKind, readonly height: u64 = 0, readonly time: Timestamp = new Timestamp(0)) {}

  static never(): Expiration {
    return new Expiration(ExpirationKind.Never);
  }

  static atHeight(h: u64): Expiration {
    return new Expiration(ExpirationKind.AtHeight, h);
  }

  static atTime(t: Timestamp): Expiration {
    return new Expiration(ExpirationKind.AtTime, 0, t);
  }

  /** Expired once the block reaches the height or time (inclusive, as cw-utils). */
  isExpired(block: BlockInfo): bool {
    if (this.kind == ExpirationKind.AtHeight) return block.height >= this.height;
    if (this.kind == ExpirationKind.AtTime) return block.time.nanos >= this.time.nanos;
    return false;
  }

  static read(r: JsonReader): Expiration {
    const e = r.beginEnum(VARIANTS);
    let out = Expiration.never();
    if (e.is("never")) {
      if (e.requireValue()) r.beginStruct([]).next();
    } else if (e.requireValue()) {
      if (e.is("at_height")) out = Expiration.atHeight(r.readU64());
      else if (e.is("at_time")) out = Expiration.atTime(Timestamp.read(r));
    }
    e.end();
    return out;
  }

  write(w: JsonWriter): void {
    w.beginObject();
    if (this.kind == ExpirationKind.AtHeight) w.key("at_height").u64(this.height);
    else if (this.kind == ExpirationKind.AtTime) {
      w.key("at_time");
      this.time.write(w);
    } else w.key("never").beginObject().endObject();
    w.endObject();
  }

  toString(): string {
    if (this.kind == ExpirationKind.AtHeight) return "expiration height: " + this.height.toString();
    if (this.kind == ExpirationKind.AtTime) return "expiration time: " + this.time.nanos.toString();
    return "expiration: never";
  }
}
