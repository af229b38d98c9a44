// Claims: what the escrow could not deliver. Every delivery out of an order is a submessage
// that replies on error (assets.ts); the reply turns the failed delivery into a claim of its
// recipient, and the order closes anyway. wasmd has already dropped the failed submessage's
// writes, so the asset is still the contract's: it is owed again (holdings.ts) until the owner
// withdraws it, to itself or to another address it names. A claim on an NFT the escrow no longer
// holds (its collection voided the token) can never be delivered: withdrawing it closes it.

import { fail, failed } from "@persistence-ts/std/error";
import * as ContractError from "./error";
import { Key } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { Env } from "@persistence-ts/std/types/env";
import { Reply } from "@persistence-ts/std/types/reply";
import { Response } from "@persistence-ts/std/types/response";
import { DELIVERY_REPLY, describeHolding, transferMsg } from "./assets";
import { ownerOf } from "./collection";
import { hold, holdNft, release, releaseNft } from "./holdings";
import { Claim, Delivery, ExecuteWithdrawClaim, Holding } from "./msg";
import { CLAIMS, NEXT_CLAIM_ID } from "./state";

/** reply: a failed delivery becomes a claim of its recipient. */
export function onReply(env: Env, reply: Reply): Response {
  const res = new Response();
  const err = reply.error;
  if (reply.id != DELIVERY_REPLY) fail(ContractError.unknownReply(reply.id.toString()));
  if (failed() || err === null) return res;
  const d = Delivery.decode(reply.payload);
  if (failed()) return res;
  const c = new Claim();
  c.id = NEXT_CLAIM_ID.loadOr(1);
  NEXT_CLAIM_ID.save(c.id + 1);
  c.owner = d.to;
  c.holding = d.holding;
  c.order_id = d.order_id;
  c.height = env.block.height;
  CLAIMS.save(Key.u64(c.id), c, null);
  owe(c.holding);
  return res
    .addAttribute("action", "claim")
    .addAttribute("claim_id", c.id.toString())
    .addAttribute("owner", c.owner.toString())
    .addAttribute("holding", describeHolding(c.holding))
    .addAttribute("order_id", c.order_id.toString())
    .addAttribute("reason", err);
}

/**
 * The claim's owner takes it, to itself or to `recipient` (never the escrow, where it would be
 * owed to nobody); if that delivery fails too, nothing changes and the claim stays. A claim on
 * an NFT the escrow no longer holds is closed instead (`close_claim`).
 */
export function withdrawClaim(env: Env, sender: Addr, m: ExecuteWithdrawClaim): Response {
  const res = new Response();
  const c = loadClaim(m.claim_id);
  if (c === null) return res;
  if (!c.owner.equals(sender)) fail(ContractError.notClaimOwner(c.id.toString(), c.owner.toString()));
  const to = m.recipient === null ? sender : Addr.validate(m.recipient!);
  if (!failed() && to.equals(env.contract)) fail(ContractError.recipientIsEscrow());
  if (failed()) return res;
  CLAIMS.remove(Key.u64(c.id), c);
  settleDebt(c.holding);
  const gone = undeliverable(env, c.holding);
  if (gone !== null) {
    return res
      .addAttribute("action", "close_claim")
      .addAttribute("claim_id", c.id.toString())
      .addAttribute("owner", c.owner.toString())
      .addAttribute("holding", describeHolding(c.holding))
      .addAttribute("reason", gone);
  }
  return res
    .addMessage(transferMsg(c.holding, to))
    .addAttribute("action", "withdraw_claim")
    .addAttribute("claim_id", c.id.toString())
    .addAttribute("owner", c.owner.toString())
    .addAttribute("recipient", to.toString())
    .addAttribute("holding", describeHolding(c.holding));
}

/**
 * Why an NFT holding can never be delivered — its collection does not know the token any more
 * (our nft's void_token removes it, and never re-mints its id) or says another account holds
 * it — or null. Funds are always the escrow's to send.
 */
function undeliverable(env: Env, h: Holding): string | null {
  if (h.variant != "nft") return null;
  const holder = ownerOf(h.nft!.collection, h.nft!.token_id);
  if (holder === null) return "the collection does not know the token";
  if (holder != env.contract.toString()) return "the escrow no longer holds the token: " + holder;
  return null;
}

function loadClaim(id: u64): Claim | null {
  if (id == 0 || id >= NEXT_CLAIM_ID.loadOr(1) || !CLAIMS.has(Key.u64(id))) {
    fail(ContractError.claimNotFound(id.toString()));
    return null;
  }
  return CLAIMS.load(Key.u64(id));
}

function owe(h: Holding): void {
  if (h.variant == "nft") holdNft(h.nft!.collection, h.nft!.token_id);
  else hold(h.funds!.asset, h.funds!.amount);
}

function settleDebt(h: Holding): void {
  if (h.variant == "nft") releaseNft(h.nft!.collection, h.nft!.token_id);
  else release(h.funds!.asset, h.funds!.amount);
}
