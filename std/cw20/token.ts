// The cw20 ledger: balances and total supply, changed only here. Every change keeps
// total_supply = Σ balances; failures record cw20-base's error texts (std/math's for overflows).

import { fail, failed } from "../error";
import { Uint128 } from "../math/uint128";
import { Key } from "../storage/key";
import { Addr } from "../types/addr";
import { MinterData, TokenInfo } from "./msg";
import { BALANCES, TOKEN_INFO } from "./state";

export const INVALID_ZERO_AMOUNT = "Invalid zero amount";
export const UNAUTHORIZED = "Unauthorized";

/** cw20-base's InstantiateMsg::validate rules; saves the token with a zero supply. */
export function initializeToken(name: string, symbol: string, decimals: u8, mint: MinterData | null): bool {
  const nameBytes = String.UTF8.byteLength(name);
  if (nameBytes < 3 || nameBytes > 50) fail("Name is not in the expected format (3-50 UTF-8 bytes)");
  else if (!validSymbol(symbol)) fail("Ticker symbol is not in expected format [a-zA-Z\\-]{3,12}");
  else if (decimals > 18) fail("Decimals must not exceed 18");
  if (failed()) return false;
  const t = new TokenInfo();
  t.name = name;
  t.symbol = symbol;
  t.decimals = decimals;
  t.mint = mint;
  TOKEN_INFO.save(t);
  return true;
}

function validSymbol(s: string): bool {
  if (s.length < 3 || s.length > 12) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c != 0x2d && !(c >= 0x41 && c <= 0x5a) && !(c >= 0x61 && c <= 0x7a)) return false;
  }
  return true;
}

export function balanceOf(a: Addr): Uint128 {
  return BALANCES.loadOr(Key.addr(a), Uint128.zero());
}

export function totalSupply(): Uint128 {
  return TOKEN_INFO.load().total_supply;
}

function setBalance(a: Addr, v: Uint128): void {
  if (v.isZero()) BALANCES.remove(Key.addr(a));
  else BALANCES.save(Key.addr(a), v);
}

/** Moves `amount` from `from` to `to`; fails with the overflow text when `from` has too little. */
export function moveTokens(from: Addr, to: Addr, amount: Uint128): void {
  const left = balanceOf(from).sub(amount);
  if (failed()) return;
  setBalance(from, left);
  setBalance(to, balanceOf(to).add(amount));
}

/** Creates `amount` for `to` within the minter's cap; the caller decides who may mint. */
export function mintTokens(to: Addr, amount: Uint128): void {
  const t = TOKEN_INFO.load();
  const supply = t.total_supply.add(amount);
  const mint = t.mint;
  if (mint !== null && mint.cap !== null && supply.gt(mint.cap!)) fail("Minting cannot exceed the cap");
  if (failed()) return;
  t.total_supply = supply;
  TOKEN_INFO.save(t);
  setBalance(to, balanceOf(to).add(amount));
}

/** Destroys `amount` of `from`'s tokens and lowers the supply. */
export function burnTokens(from: Addr, amount: Uint128): void {
  const left = balanceOf(from).sub(amount);
  if (failed()) return;
  const t = TOKEN_INFO.load();
  t.total_supply = t.total_supply.sub(amount);
  if (failed()) return;
  setBalance(from, left);
  TOKEN_INFO.save(t);
}

/** cw20-base 1.0 rejects zero amounts in transfer, send, burn and mint. */
export function nonZero(amount: Uint128): bool {
  if (!amount.isZero()) return true;
  fail(INVALID_ZERO_AMOUNT);
  return false;
}
