// Payment assets and NFTs leaving the escrow: bank sends, cw20 transfers and cw721 transfers,
// written with the receiving modules' own message shapes (see ../messages.ts).
//
// Deliveries from an order are submessages that reply on error, each with its own gas limit: a
// recipient the asset cannot reach (an address off a collection's compliance allowlist, a blocked
// cw20 holder) or a token contract that burns gas makes the delivery a claim (claims.ts) instead
// of failing the message, so nobody can make another party's exit — or a trade — fail. wasmd
// drops only the failed submessage's writes (and charges a submessage out of gas its limit).

import { JsonWriter } from "@persistence-ts/std/json/writer";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Key } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { Coin } from "@persistence-ts/std/types/coin";
import { BankSend, CosmosMsg, WasmExecute } from "@persistence-ts/std/types/cosmos_msg";
import { ReplyOn, Response, SubMsg } from "@persistence-ts/std/types/response";
import { release, releaseNft } from "./holdings";
import { AssetInfo, Delivery, ExecuteTransfer, ExecuteTransferNft, Holding, NftRef, Price } from "./msg";
import { CW20_TOKENS, NATIVE_DENOMS } from "./state";

/** The reply id of every delivery submessage. */
export const DELIVERY_REPLY: u64 = 1;

/**
 * The gas a delivery may use (wasmd's SubMsg gas_limit). The dearest delivery measured, our nft's
 * transfer_nft under compliance, uses about 105k (a cw20 transfer 77k, a bank send 27k); ten
 * times that lets heavier collections and tokens deliver normally, while one that burns gas costs
 * the caller at most this much per delivery and becomes a claim (README, "Claims").
 */
export const DELIVERY_GAS_LIMIT: i64 = 1_000_000;

function isNative(a: AssetInfo): bool {
  return a.variant == "native";
}

/** The denom or the token contract address. */
function assetId(a: AssetInfo): string {
  return isNative(a) ? a.native! : a.cw20!;
}

export function sameAsset(a: AssetInfo, b: AssetInfo): bool {
  return a.variant == b.variant && assetId(a) == assetId(b);
}

/** "100uusdc" for a native coin, "100 cw20:<token>" for a cw20 amount. */
export function describe(a: AssetInfo, amount: Uint128): string {
  return isNative(a) ? amount.toString() + a.native! : amount.toString() + " cw20:" + a.cw20!;
}

/** A holding in events: an amount as `describe` writes it, an NFT as "<token_id> of <collection>". */
export function describeHolding(h: Holding): string {
  if (h.variant == "funds") return describe(h.funds!.asset, h.funds!.amount);
  return h.nft!.token_id + " of " + h.nft!.collection.toString();
}

export function isAllowlisted(a: AssetInfo): bool {
  return (isNative(a) ? NATIVE_DENOMS : CW20_TOKENS).has(Key.str(assetId(a)));
}

export function funds(asset: AssetInfo, amount: Uint128): Holding {
  const p = new Price();
  p.asset = asset;
  p.amount = amount;
  return Holding.funds(p);
}

export function nft(collection: Addr, tokenId: string): Holding {
  const n = new NftRef();
  n.collection = collection;
  n.token_id = tokenId;
  return Holding.nft(n);
}

/** The message that moves `h` from the contract to `to`. */
export function transferMsg(h: Holding, to: Addr): CosmosMsg {
  const w = new JsonWriter();
  if (h.variant == "nft") {
    const t = new ExecuteTransferNft();
    t.recipient = to.toString();
    t.token_id = h.nft!.token_id;
    w.beginObject().key("transfer_nft");
    t.write(w);
    w.endObject();
    return new WasmExecute(h.nft!.collection.toString(), w.toBytes());
  }
  const f = h.funds!;
  if (isNative(f.asset)) return new BankSend(to.toString(), [new Coin(f.asset.native!, f.amount)]);
  const t = new ExecuteTransfer();
  t.recipient = to.toString();
  t.amount = f.amount;
  w.beginObject().key("transfer");
  t.write(w);
  w.endObject();
  return new WasmExecute(f.asset.cw20!, w.toBytes());
}

/** Delivers `h` out of order `orderId`'s escrow to `to`; if the delivery fails it becomes `to`'s claim. */
export function deliver(res: Response, h: Holding, to: Addr, orderId: u64): void {
  if (h.variant == "nft") releaseNft(h.nft!.collection, h.nft!.token_id);
  else release(h.funds!.asset, h.funds!.amount);
  const d = new Delivery();
  d.to = to;
  d.holding = h;
  d.order_id = orderId;
  const w = new JsonWriter();
  d.write(w);
  const sub = SubMsg.reply(transferMsg(h, to), DELIVERY_REPLY, ReplyOn.Error);
  sub.payload = w.toBytes();
  sub.gasLimit = DELIVERY_GAS_LIMIT;
  res.addSubMessage(sub);
}

/** Sends `amount` of `asset` to `to`; nothing for zero (the bank and cw20 refuse zero amounts). */
export function pay(res: Response, asset: AssetInfo, to: Addr, amount: Uint128, orderId: u64): void {
  if (!amount.isZero()) deliver(res, funds(asset, amount), to, orderId);
}

/** cw721 `transfer_nft` of the escrowed token to `to`. */
export function giveNft(res: Response, collection: Addr, tokenId: string, to: Addr, orderId: u64): void {
  deliver(res, nft(collection, tokenId), to, orderId);
}
