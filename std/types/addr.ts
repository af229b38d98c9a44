// Addresses. An `Addr` is only ever made from a string the chain has validated (or that the
// chain itself handed us in Env/MessageInfo), so holding one means it is canonical.

import { addr_validate } from "../abi/imports";
import { regionFromString, stringFromRegion } from "../abi/region";
import { fail } from "../error";

export class Addr {
  private constructor(private value: string) {}

  /** Validates a user-supplied address with the chain's API (bech32, prefix, normalized case). */
  static validate(input: string): Addr {
    const err = addr_validate(<u32>regionFromString(input));
    if (err != 0) {
      fail("Invalid address `" + input + "`: " + stringFromRegion(err));
      return new Addr("");
    }
    return new Addr(input);
  }

  /** For addresses that come from the chain (env, info) or from our own storage. */
  static unchecked(input: string): Addr {
    return new Addr(input);
  }

  toString(): string {
    return this.value;
  }

  equals(other: Addr): bool {
    return this.value == other.value;
  }
}
