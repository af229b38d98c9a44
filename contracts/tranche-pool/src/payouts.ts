// Payouts of a close to third parties: the cash of filled redemption orders and the refunds of
// deposit orders. No lender can make the close fail for the others: each payout is a
// submessage replied to on error, with its own gas limit. If the currency refuses it (a frozen
// cw20 holder, a blocked address of the bank) or burns the gas, the amount stays with the pool,
// owed to the lender (`owed_payouts`, out of NAV), who takes it later with withdraw_payout.

import { fail, failed } from "@persistence-ts/std/error";
import { JsonWriter } from "@persistence-ts/std/json/writer";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Key } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { Reply } from "@persistence-ts/std/types/reply";
import { ReplyOn, Response, SubMsg } from "@persistence-ts/std/types/response";
import { payout } from "./currency";
import { Config, Payout, PoolState } from "./msg";
import { OWED, POOL } from "./state";
import * as ContractError from "./error";

/** The reply id of a payout of a close (the Payout rides in the payload). */
export const PAYOUT: u64 = 2;

/**
 * The gas a delivery (a payout, an NFT return) may use: a cw20 transfer takes about 77k, a bank
 * send 27k, our nft's transfer_nft under compliance about 105k; ten times that lets heavier
 * tokens deliver, while one that burns gas costs the caller at most this and becomes owed/held
 * instead of failing the message (without a limit, running out of gas fails the whole transaction).
 */
export const DELIVERY_GAS_LIMIT: i64 = 1_000_000;

/** `amount` to `to` for order `orderId`, as a submessage whose failure makes it owed to `to`. */
export function payTo(res: Response, c: Config, to: Addr, amount: Uint128, orderId: u64): void {
  if (amount.isZero()) return;
  const d = new Payout();
  d.recipient = to;
  d.amount = amount;
  d.order_id = orderId;
  const w = new JsonWriter();
  d.write(w);
  const sub = SubMsg.reply(payout(c, to, amount), PAYOUT, ReplyOn.Error);
  sub.payload = w.toBytes();
  sub.gasLimit = DELIVERY_GAS_LIMIT;
  res.addSubMessage(sub);
}

/** What the pool owes `lender` of refused payouts. */
export function owedTo(lender: Addr): Uint128 {
  return OWED.loadOr(Key.addr(lender), Uint128.zero());
}

/** `amount` becomes owed to `lender` without a transfer (what nothing may refuse). */
export function owe(p: PoolState, lender: Addr, amount: Uint128): void {
  p.owed_payouts = p.owed_payouts.add(amount);
  OWED.save(Key.addr(lender), owedTo(lender).add(amount));
}

/** The reply to a refused payout: the amount stays with the pool, owed to its recipient. */
export function onPayoutFailed(reply: Reply): Response {
  const res = new Response();
  const d = Payout.decode(reply.payload);
  if (failed()) return res;
  const p = POOL.load();
  owe(p, d.recipient, d.amount);
  POOL.save(p);
  return res
    .addAttribute("action", "payout_owed")
    .addAttribute("lender", d.recipient.toString())
    .addAttribute("amount", d.amount.toString())
    .addAttribute("order_id", d.order_id.toString())
    .addAttribute("error", reply.error === null ? "" : reply.error!);
}

/** A lender takes what the pool owes it, to itself or `recipient`; a refusal fails this message only. */
export function withdrawPayout(c: Config, sender: Addr, recipientText: string | null): Response {
  const res = new Response();
  const to = recipientText === null ? sender : Addr.validate(recipientText);
  if (failed()) return res;
  const owed = owedTo(sender);
  if (owed.isZero()) {
    fail(ContractError.noPayout(sender.toString()));
    return res;
  }
  const p = POOL.load();
  p.owed_payouts = p.owed_payouts.sub(owed);
  OWED.remove(Key.addr(sender));
  POOL.save(p);
  return res
    .addMessage(payout(c, to, owed))
    .addAttribute("action", "withdraw_payout")
    .addAttribute("lender", sender.toString())
    .addAttribute("recipient", to.toString())
    .addAttribute("amount", owed.toString());
}
