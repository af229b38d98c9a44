// The pool's side of the NFT contract: reading a pledged token's terms and giving tokens back.
// The message types come from the NFT contract's own definition (see ../messages.ts); its
// answers are read through lenient views, so a collection that adds fields keeps working.
//
// Giving a token back never blocks the message that releases it (a repayment, a recovery, a
// claim, a rejected request): the transfer is a submessage replied to on error. If the
// collection refuses it (a compliance allowlist, a quarantine, …) the token stays with the pool,
// `held` for its recipient, who takes it later with withdraw_collateral; if the collection no
// longer knows the token (voided) it is recorded `lost`. Nobody's payment or exit waits on it.

import { fail, failed } from "@persistence-ts/std/error";
import { JsonWriter } from "@persistence-ts/std/json/writer";
import { querySmart, smartRequest, tryQuery } from "@persistence-ts/std/querier";
import { Key, u64FromBytes } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { WasmExecute } from "@persistence-ts/std/types/cosmos_msg";
import { Env } from "@persistence-ts/std/types/env";
import { Reply } from "@persistence-ts/std/types/reply";
import { ReplyOn, Response, SubMsg } from "@persistence-ts/std/types/response";
import { CollateralStatus, ExecuteTransferNft, Loan, NftInfoView, OwnerOfView, QueryNftInfo, QueryOwnerOf } from "./msg";
import { DELIVERY_GAS_LIMIT } from "./payouts";
import { LOANS } from "./state";
import * as ContractError from "./error";

/** The reply id of a token's delivery (the loan id rides in the payload). */
export const NFT_DELIVERY: u64 = 1;

/** `nft_info` of a token: its face value, maturity and status, read leniently (null after an error). */
export function nftInfo(collection: Addr, tokenId: string): NftInfoView | null {
  const q = new QueryNftInfo();
  q.token_id = tokenId;
  const w = new JsonWriter();
  w.beginObject().key("nft_info");
  q.write(w);
  w.endObject();
  const data = querySmart(collection.toString(), w.toBytes());
  if (failed()) return null;
  const info = NftInfoView.decode(data);
  return failed() ? null : info;
}

/** Who holds the token, or null when the collection does not answer for it (it no longer exists). */
function ownerOf(collection: Addr, tokenId: string): string | null {
  const q = new QueryOwnerOf();
  q.token_id = tokenId;
  const w = new JsonWriter();
  w.beginObject().key("owner_of");
  q.write(w);
  w.endObject();
  const res = tryQuery(smartRequest(collection.toString(), w.toBytes()));
  if (res.error !== null) return null;
  const view = OwnerOfView.decode(res.data);
  return failed() ? null : view.owner;
}

/** `transfer_nft` of the token to `recipient`, as a message from the pool. */
export function transferNft(collection: Addr, tokenId: string, recipient: Addr): WasmExecute {
  const t = new ExecuteTransferNft();
  t.recipient = recipient.toString();
  t.token_id = tokenId;
  const w = new JsonWriter();
  w.beginObject().key("transfer_nft");
  t.write(w);
  w.endObject();
  return new WasmExecute(collection.toString(), w.toBytes());
}

/**
 * The loan's token to `to` (the borrower: `returned`; a claim: `claimed`), as a submessage whose
 * failure does not fail the caller: the reply records the token `held` for `to` (or `lost`).
 */
export function deliverNft(loan: Loan, to: Addr, status: CollateralStatus): SubMsg {
  loan.collateral = status;
  loan.collateral_to = to;
  const sub = SubMsg.reply(transferNft(loan.collection, loan.token_id, to), NFT_DELIVERY, ReplyOn.Error);
  sub.gasLimit = DELIVERY_GAS_LIMIT;
  sub.payload = Key.u64(loan.id).encode();
  return sub;
}

/** The reply to a refused delivery: the token stays with the pool, held for its recipient, or is lost. */
export function onDeliveryFailed(env: Env, reply: Reply): Response {
  const res = new Response();
  const k = Key.u64(u64FromBytes(reply.payload));
  if (reply.payload.length != 8 || !LOANS.has(k)) {
    fail(ContractError.unknownDelivery());
    return res;
  }
  const loan = LOANS.load(k);
  const owner = ownerOf(loan.collection, loan.token_id);
  const kept = owner !== null && owner == env.contract.toString();
  loan.collateral = kept ? CollateralStatus.held() : CollateralStatus.lost();
  LOANS.save(k, loan, LOANS.indexKeys(loan));
  return res
    .addAttribute("action", kept ? "collateral_held" : "collateral_lost")
    .addAttribute("loan_id", loan.id.toString())
    .addAttribute("token_id", loan.token_id)
    .addAttribute("recipient", loan.collateral_to!.toString());
}

/**
 * Whom a held token belongs to takes it, to itself or `recipient`. A token the collection no
 * longer knows is recorded lost instead; one it still refuses to move fails this message only.
 */
export function withdrawCollateral(env: Env, sender: Addr, id: u64, recipientText: string | null): Response {
  const res = new Response();
  const k = Key.u64(id);
  if (!LOANS.has(k)) {
    fail(ContractError.loanNotFound(id.toString()));
    return res;
  }
  const loan = LOANS.load(k);
  const to = recipientText === null ? sender : Addr.validate(recipientText);
  if (failed()) return res;
  const holder = loan.collateral_to;
  if (loan.collateral.variant != "held" || holder === null) {
    fail(ContractError.collateralNotHeld(id.toString(), loan.collateral.variant));
    return res;
  }
  if (!holder.equals(sender)) {
    fail(ContractError.collateralHeldForAnother(id.toString(), holder.toString()));
    return res;
  }
  const before = LOANS.indexKeys(loan);
  res.addAttribute("action", "withdraw_collateral").addAttribute("loan_id", id.toString()).addAttribute("token_id", loan.token_id);
  if (ownerOf(loan.collection, loan.token_id) === null) {
    loan.collateral = CollateralStatus.lost();
    LOANS.save(k, loan, before);
    return res.addAttribute("collateral", "lost");
  }
  loan.collateral_to = to;
  loan.collateral = holder.equals(loan.borrower) ? CollateralStatus.returned() : CollateralStatus.claimed();
  LOANS.save(k, loan, before);
  return res.addMessage(transferNft(loan.collection, loan.token_id, to)).addAttribute("recipient", to.toString());
}
