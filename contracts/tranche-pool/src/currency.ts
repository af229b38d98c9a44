// The pool's currency: a native denom (funds attached to deposit / repay / recover, bank sends out)
// or a CW20 token (the token's `send` with a Cw20HookMsg brings payments in, cw20 `transfer` pays
// out). Either way the books count only what arrives through those messages: coins or tokens sent
// to the contract any other way (a bank send, a cw20 `transfer`) are never part of the reserve.

import { beginRecover, endRecover, fail, failed } from "@persistence-ts/std/error";
import { JsonWriter } from "@persistence-ts/std/json/writer";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { querySmart } from "@persistence-ts/std/querier";
import { Addr } from "@persistence-ts/std/types/addr";
import { Coin, mustPay } from "@persistence-ts/std/types/coin";
import { BankSend, CosmosMsg, WasmExecute } from "@persistence-ts/std/types/cosmos_msg";
import { MessageInfo } from "@persistence-ts/std/types/env";
import { Config, Currency, ExecuteTransfer, InstantiateMsg, TokenInfoResponse } from "./msg";
import { validDenom } from "./rules";
import * as ContractError from "./error";

/** What pays for a deposit, repayment or recovery: who paid, and how much of the currency. */
export class Payment {
  constructor(
    readonly payer: Addr,
    readonly amount: Uint128,
  ) {}
}

export function isCw20(c: Config): bool {
  return c.currency.variant == "cw20";
}

/**
 * The currency as a denom string: the native denom, or `cw20:<token contract>` (cw-asset's
 * notation). A collateral NFT's face value must be in this denom.
 */
export function currencyDenom(c: Currency): string {
  return c.variant == "native" ? c.native! : "cw20:" + c.cw20!.toString();
}

/** The currency named by the instantiate message: exactly one of a valid native denom or a cw20 token contract. */
export function currencyOf(m: InstantiateMsg): Currency {
  const native = m.currency;
  const token = m.cw20_currency;
  if ((native === null) == (token === null)) {
    fail(ContractError.currencyNotOne());
    return Currency.native("");
  }
  if (native !== null) {
    validDenom(native);
    return Currency.native(native);
  }
  const addr = Addr.validate(token!);
  if (!failed()) tokenInfo(addr);
  return Currency.cw20(addr);
}

/** The token's `token_info`: proof that the contract is a cw20 (fails otherwise, saying why). */
function tokenInfo(token: Addr): TokenInfoResponse | null {
  const w = new JsonWriter();
  w.beginObject().key("token_info").beginObject().endObject().endObject();
  const outer = beginRecover();
  const data = querySmart(token.toString(), w.toBytes());
  let info: TokenInfoResponse | null = null;
  if (!failed()) {
    info = TokenInfoResponse.decode(data);
  }
  const err = endRecover(outer);
  if (err === null) return info;
  fail(ContractError.notCw20(token.toString(), err));
  return null;
}

/**
 * The payment attached to a direct deposit / repay / recover: exactly one coin of a native pool's
 * denom. A CW20 pool takes payments only through its token's send hook, so a direct message
 * fails, with or without coins attached.
 */
export function attachedPayment(c: Config, info: MessageInfo): Payment | null {
  if (isCw20(c)) {
    const what = info.funds.length > 0 ? "native funds are not accepted" : "no tokens were sent";
    fail(ContractError.payWithCw20Send(c.currency.cw20!.toString(), what));
    return null;
  }
  const amount = mustPay(info.funds, c.currency.native!);
  return failed() ? null : new Payment(info.sender, amount);
}

/** The tokens of a `receive` hook: only the pool's own cw20 token pays, and only a CW20 pool takes tokens. */
export function receivedPayment(c: Config, token: Addr, sender: string, amount: Uint128): Payment | null {
  if (!isCw20(c)) fail(ContractError.cw20NotAccepted(c.currency.native!, token.toString()));
  else if (!token.equals(c.currency.cw20!)) fail(ContractError.wrongToken(token.toString(), c.currency.cw20!.toString()));
  else if (amount.isZero()) fail(ContractError.noFunds());
  if (failed()) return null;
  const payer = Addr.validate(sender);
  return failed() ? null : new Payment(payer, amount);
}

/** `amount` of the currency to `to`: a bank send of the denom or a cw20 transfer of the token. */
export function payout(c: Config, to: Addr, amount: Uint128): CosmosMsg {
  if (!isCw20(c)) return new BankSend(to.toString(), [new Coin(c.currency.native!, amount)]);
  const t = new ExecuteTransfer();
  t.recipient = to.toString();
  t.amount = amount;
  const w = new JsonWriter();
  w.beginObject().key("transfer");
  t.write(w);
  w.endObject();
  return new WasmExecute(c.currency.cw20!.toString(), w.toBytes());
}
