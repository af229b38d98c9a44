// cw20 state under cw20-base's keys, so Rust tooling and raw queries read it alike:
//   "token_info"                    TokenInfo {name, symbol, decimals, total_supply, mint}
//   "balance" (address)             Uint128; a balance that reaches zero is removed
//   "allowance" (owner, spender)    AllowanceResponse {allowance, expires}

import { JsonReader } from "../json/reader";
import { JsonWriter } from "../json/writer";
import { Codec, Uint128Codec } from "../storage/codec";
import { Item } from "../storage/item";
import { StorageMap } from "../storage/map";
import { Uint128 } from "../math/uint128";
import { AllowanceResponse, TokenInfo } from "./msg";

class TokenInfoCodec extends Codec<TokenInfo> {
  name(): string { return "cw20_base::state::TokenInfo"; }
  write(w: JsonWriter, v: TokenInfo): void { v.write(w); }
  read(r: JsonReader): TokenInfo { return TokenInfo.read(r); }
}

class AllowanceCodec extends Codec<AllowanceResponse> {
  // cw-storage-plus names the type in its not-found error (decrease_allowance of none).
  name(): string { return "cw20::allowance::AllowanceResponse"; }
  write(w: JsonWriter, v: AllowanceResponse): void { v.write(w); }
  read(r: JsonReader): AllowanceResponse { return AllowanceResponse.read(r); }
}

export const TOKEN_INFO = new Item<TokenInfo>("token_info", new TokenInfoCodec());
export const BALANCES = new StorageMap<Uint128>("balance", new Uint128Codec());
export const ALLOWANCES = new StorageMap<AllowanceResponse>("allowance", new AllowanceCodec(), 2);
