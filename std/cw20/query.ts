// cw20 queries with cw-plus's shapes; pagination as cw20-base: default 10, at most 30,
// `start_after` exclusive and compared as raw address bytes.

import { failed } from "../error";
import { Key } from "../storage/key";
import { Order } from "../storage/kv";
import { Bound, clampLimit } from "../storage/map";
import { Addr } from "../types/addr";
import { Opt } from "../types/wire";
import { Uint128 } from "../math/uint128";
import {
  AllAccountsResponse,
  AllAllowancesResponse,
  AllowanceInfo,
  AllowanceResponse,
  BalanceResponse,
  MinterResponse,
  TokenInfoResponse,
} from "./msg";
import { ALLOWANCES, BALANCES, TOKEN_INFO } from "./state";

const DEFAULT_LIMIT: i32 = 10;
const MAX_LIMIT: i32 = 30;

function pageLimit(limit: Opt<u32> | null): i32 {
  return clampLimit(limit === null ? -1 : <i64>limit.value, DEFAULT_LIMIT, MAX_LIMIT);
}

function after(startAfter: string | null): Bound | null {
  return startAfter === null ? null : Bound.exclusive(Key.str(startAfter));
}

export function queryBalance(address: string): BalanceResponse {
  const r = new BalanceResponse();
  const a = Addr.validate(address);
  if (!failed()) r.balance = BALANCES.loadOr(Key.addr(a), Uint128.zero());
  return r;
}

export function queryTokenInfo(): TokenInfoResponse {
  const t = TOKEN_INFO.load();
  const r = new TokenInfoResponse();
  r.name = t.name;
  r.symbol = t.symbol;
  r.decimals = t.decimals;
  r.total_supply = t.total_supply;
  return r;
}

/** Who may mint and the cap; null when the supply is fixed. */
export function queryMinter(): MinterResponse | null {
  const m = TOKEN_INFO.load().mint;
  if (m === null) return null;
  const r = new MinterResponse();
  r.minter = m.minter;
  r.cap = m.cap;
  return r;
}

export function queryAllowance(owner: string, spender: string): AllowanceResponse {
  const o = Addr.validate(owner);
  const s = Addr.validate(spender);
  if (failed()) return new AllowanceResponse();
  return ALLOWANCES.loadOr(Key.addr(o).join(Key.addr(s)), new AllowanceResponse());
}

export function queryAllAllowances(owner: string, startAfter: string | null, limit: Opt<u32> | null): AllAllowancesResponse {
  const r = new AllAllowancesResponse();
  const o = Addr.validate(owner);
  if (failed()) return r;
  const entries = ALLOWANCES.prefixRange(Key.addr(o), after(startAfter), null, Order.Ascending, pageLimit(limit));
  for (let i = 0; i < entries.length; i++) {
    const info = new AllowanceInfo();
    info.spender = String.UTF8.decode(entries[i].key.parts[0].buffer);
    info.allowance = entries[i].value.allowance;
    info.expires = entries[i].value.expires;
    r.allowances.push(info);
  }
  return r;
}

export function queryAllAccounts(startAfter: string | null, limit: Opt<u32> | null): AllAccountsResponse {
  const r = new AllAccountsResponse();
  const entries = BALANCES.range(after(startAfter), null, Order.Ascending, pageLimit(limit));
  for (let i = 0; i < entries.length; i++) r.accounts.push(String.UTF8.decode(entries[i].key.parts[0].buffer));
  return r;
}
