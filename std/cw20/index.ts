// std/cw20: a cw20 token (cw-plus shapes, cw20-base 1.0 rules and storage keys) served by the
// contract that includes it. A contract spreads interfaces/cw20.ts's variants into its own
// ExecuteMsg / QueryMsg and hands the decoded message to `executeCw20` / `queryCw20`: they
// dispatch on the cw20 variants by field name (any generated message class with those fields
// fits) and return null for the contract's other variants. Minting stays with the contract
// (`mintTokens`, or `mint` for an account minter).

import { JsonWriter } from "../json/writer";
import { Env, MessageInfo } from "../types/env";
import { Response } from "../types/response";
import { burn, burnFrom, decreaseAllowance, increaseAllowance, send, sendFrom, transfer, transferFrom } from "./execute";
import { queryAllAccounts, queryAllAllowances, queryAllowance, queryBalance, queryMinter, queryTokenInfo } from "./query";

export * from "./execute";
export * from "./query";
export * from "./token";
export { ALLOWANCES, BALANCES, TOKEN_INFO } from "./state";
export { Cw20ReceiveMsg, MinterData, TokenInfo } from "./msg";

/** Runs the cw20 variant held by `m`, or returns null when `m` holds another variant. */
export function executeCw20<M>(env: Env, info: MessageInfo, m: M): Response | null {
  const s = info.sender;
  const b = env.block;
  if (m.transfer !== null) return transfer(s, m.transfer!.recipient, m.transfer!.amount);
  if (m.burn !== null) return burn(s, m.burn!.amount);
  if (m.send !== null) return send(s, m.send!.contract, m.send!.amount, m.send!.msg);
  if (m.increase_allowance !== null) {
    const a = m.increase_allowance!;
    return increaseAllowance(b, s, a.spender, a.amount, a.expires);
  }
  if (m.decrease_allowance !== null) {
    const a = m.decrease_allowance!;
    return decreaseAllowance(b, s, a.spender, a.amount, a.expires);
  }
  if (m.transfer_from !== null) {
    const a = m.transfer_from!;
    return transferFrom(b, s, a.owner, a.recipient, a.amount);
  }
  if (m.send_from !== null) {
    const a = m.send_from!;
    return sendFrom(b, s, a.owner, a.contract, a.amount, a.msg);
  }
  if (m.burn_from !== null) return burnFrom(b, s, m.burn_from!.owner, m.burn_from!.amount);
  return null;
}

/** The JSON answer to the cw20 query held by `m`, or null when `m` holds another query. */
export function queryCw20<Q>(m: Q): Uint8Array | null {
  const w = new JsonWriter();
  if (m.balance !== null) queryBalance(m.balance!.address).write(w);
  else if (m.token_info !== null) queryTokenInfo().write(w);
  else if (m.allowance !== null) queryAllowance(m.allowance!.owner, m.allowance!.spender).write(w);
  else if (m.all_allowances !== null) {
    const q = m.all_allowances!;
    queryAllAllowances(q.owner, q.start_after, q.limit).write(w);
  } else if (m.all_accounts !== null) queryAllAccounts(m.all_accounts!.start_after, m.all_accounts!.limit).write(w);
  else if (m.minter !== null) {
    const r = queryMinter();
    if (r === null) w.null();
    else r.write(w);
  } else return null;
  return w.toBytes();
}
