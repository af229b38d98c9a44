// Execute dispatch. Every message runs with a Deposit: the native coins attached, the cw20
// amount of a `receive` hook or the NFT of a `receive_nft` hook, each from an allowlisted
// contract. Handlers take what they need; anything left over fails the message (Deposit.finish).

import { failed } from "@persistence-ts/std/error";
import { Addr } from "@persistence-ts/std/types/addr";
import { nonpayable } from "@persistence-ts/std/types/coin";
import { Env, MessageInfo } from "@persistence-ts/std/types/env";
import { Response } from "@persistence-ts/std/types/response";
import { changeOwnership, setPaused, sweep, sweepNft, updateAllowlist, updateConfig } from "./admin";
import { withdrawClaim } from "./claims";
import { Deposit } from "./deposit";
import { continueMigration } from "./migrate";
import { AssetInfo, Cw20HookMsg, Cw20ReceiveMsg, ExecuteMsg, NftHookMsg, ReceiveNftMsg } from "./msg";
import { acceptOffer, counterOffer, withdrawOffer } from "./negotiation";
import { acceptAsk, acceptBid, cancel, createAsk, createBid, expire, expireBatch } from "./orders";
import { assertAssetListed, assertCollectionListed } from "./rules";

export function execute(env: Env, info: MessageInfo, m: ExecuteMsg): Response {
  if (m.receive_nft !== null) return receiveNft(env, info, m.receive_nft!);
  if (m.receive !== null) return receiveCw20(env, info, m.receive!);
  const dep = Deposit.native(info.sender, info.funds);
  if (failed()) return new Response();
  const res = dispatch(env, dep, m);
  dep.finish();
  return res;
}

function dispatch(env: Env, dep: Deposit, m: ExecuteMsg): Response {
  const s = dep.sender;
  if (m.create_bid !== null) return createBid(env, dep, m.create_bid!);
  if (m.accept_ask !== null) return acceptAsk(env, dep, m.accept_ask!);
  if (m.accept_bid !== null) return acceptBid(env, dep, m.accept_bid!);
  if (m.counter_offer !== null) return counterOffer(env, dep, m.counter_offer!);
  if (m.accept_offer !== null) return acceptOffer(env, dep, m.accept_offer!);
  if (m.withdraw_offer !== null) return withdrawOffer(env, dep, m.withdraw_offer!);
  if (m.cancel !== null) return cancel(env, dep, m.cancel!.order_id);
  if (m.expire !== null) return expire(env, m.expire!.order_id);
  if (m.expire_batch !== null) return expireBatch(env, m.expire_batch!.order_ids);
  if (m.withdraw_claim !== null) return withdrawClaim(env, s, m.withdraw_claim!);
  if (m.sweep !== null) return sweep(env, s, m.sweep!);
  if (m.sweep_nft !== null) return sweepNft(env, s, m.sweep_nft!);
  if (m.update_config !== null) return updateConfig(env, s, m.update_config!);
  if (m.update_allowlist !== null) return updateAllowlist(s, m.update_allowlist!);
  if (m.set_paused !== null) return setPaused(s, m.set_paused!.paused);
  if (m.update_ownership !== null) return changeOwnership(env, s, m.update_ownership!);
  if (m.continue_migration !== null) return continueMigration(env, m.continue_migration!.limit);
  return new Response();
}

/** cw721 hook: info.sender is the collection, which already made the escrow the token's owner. */
function receiveNft(env: Env, info: MessageInfo, hook: ReceiveNftMsg): Response {
  nonpayable(info.funds);
  if (failed() || !assertCollectionListed(info.sender)) return new Response();
  const sender = Addr.validate(hook.sender);
  const m = NftHookMsg.decode(hook.msg);
  if (failed()) return new Response();
  const dep = Deposit.nft(sender, info.sender, hook.token_id);
  let res: Response;
  if (m.create_ask !== null) res = createAsk(env, dep, m.create_ask!);
  else if (m.accept_bid !== null) res = acceptBid(env, dep, m.accept_bid!);
  else if (m.counter_offer !== null) res = counterOffer(env, dep, m.counter_offer!);
  else res = acceptOffer(env, dep, m.accept_offer!);
  dep.finish();
  return res;
}

/** cw20 hook: info.sender is the token contract, which already credited the escrow with `amount`. */
function receiveCw20(env: Env, info: MessageInfo, hook: Cw20ReceiveMsg): Response {
  nonpayable(info.funds);
  if (failed() || !assertAssetListed(AssetInfo.cw20(info.sender.toString()))) return new Response();
  const sender = Addr.validate(hook.sender);
  const m = Cw20HookMsg.decode(hook.msg);
  if (failed()) return new Response();
  const dep = Deposit.cw20(sender, info.sender, hook.amount);
  let res: Response;
  if (m.create_bid !== null) res = createBid(env, dep, m.create_bid!);
  else if (m.accept_ask !== null) res = acceptAsk(env, dep, m.accept_ask!);
  else if (m.counter_offer !== null) res = counterOffer(env, dep, m.counter_offer!);
  else res = acceptOffer(env, dep, m.accept_offer!);
  dep.finish();
  return res;
}
