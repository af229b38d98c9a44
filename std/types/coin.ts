// Coin { denom, amount } as cosmwasm-std sends it: amount is a Uint128 decimal string.

import { JsonReader } from "../json/reader";
import { JsonWriter } from "../json/writer";
import { Uint128 } from "../math/uint128";
import { beginRecover, endRecover, fail, failed } from "../error";

const COIN_FIELDS = ["denom", "amount"];

export class Coin {
  constructor(public denom: string, public amount: Uint128) {}

  static read(r: JsonReader): Coin {
    const c = new Coin("", Uint128.zero());
    const s = r.beginStruct(COIN_FIELDS);
    while (s.next()) {
      if (s.is("denom")) c.denom = r.readString();
      else if (s.is("amount")) c.amount = readUint128(r);
    }
    return c;
  }

  write(w: JsonWriter): void {
    w.beginObject().stringField("denom", this.denom).stringField("amount", this.amount.toString()).endObject();
  }

  toString(): string {
    return this.amount.toString() + this.denom;
  }
}

/** Reads a Uint128 decimal string; the error names the field through the reader's path. */
export function readUint128(r: JsonReader): Uint128 {
  const s = r.readString();
  if (failed()) return Uint128.zero();
  const outer = beginRecover();
  const v = Uint128.fromString(s);
  // Re-file the parser's error at the field's path.
  const err = endRecover(outer);
  if (err !== null) r.error(err);
  return v;
}

export function readCoins(r: JsonReader): Coin[] {
  const out = new Array<Coin>();
  const a = r.beginArray();
  while (a.next()) out.push(Coin.read(r));
  return out;
}

export function writeCoins(w: JsonWriter, coins: Coin[]): void {
  w.beginArray();
  for (let i = 0; i < coins.length; i++) coins[i].write(w);
  w.endArray();
}

/** Fails unless no funds were sent (cw-utils `nonpayable`). */
export function nonpayable(funds: Coin[]): void {
  if (funds.length > 0) fail("This message does no accept funds");
}

/** The amount of `denom` sent, failing unless exactly that one denom was sent (cw-utils `must_pay`). */
export function mustPay(funds: Coin[], denom: string): Uint128 {
  if (funds.length == 0) {
    fail("No funds sent");
    return Uint128.zero();
  }
  if (funds.length > 1) {
    fail("Sent more than one denomination");
    return Uint128.zero();
  }
  if (funds[0].denom != denom) {
    fail("Must send reserve token '" + denom + "'");
    return Uint128.zero();
  }
  if (funds[0].amount.isZero()) {
    fail("No funds sent");
    return Uint128.zero();
  }
  return funds[0].amount;
}
