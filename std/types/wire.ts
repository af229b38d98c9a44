// Readers for cosmwasm-std's string-encoded wire types, and the box for optional value types.
// Errors name the field through the reader's path.

import { base64Decode } from "../encoding";
import { beginRecover, endRecover, failed } from "../error";
import { JsonReader } from "../json/reader";
import { Decimal } from "../math/decimal";

export { readUint128 } from "./coin";
export { readUint64String } from "./timestamp";

/** An optional number or bool: AssemblyScript cannot make value types nullable. */
export class Opt<T> {
  constructor(public value: T) {}
}

/** Re-files the error of a std parser run on the string at the cursor at the field's path. */
function reFile(r: JsonReader, err: string | null): void {
  if (err !== null) r.error(err);
}

export function readDecimal(r: JsonReader): Decimal {
  const s = r.readString();
  if (failed()) return Decimal.zero();
  const outer = beginRecover();
  const d = Decimal.fromString(s);
  reFile(r, endRecover(outer));
  return d;
}

export function readBinary(r: JsonReader): Uint8Array {
  const s = r.readString();
  if (failed()) return new Uint8Array(0);
  const outer = beginRecover();
  const b = base64Decode(s);
  reFile(r, endRecover(outer));
  return b;
}
