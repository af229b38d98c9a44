// Payment assets and NFTs leaving the escrow: bank sends, cw20 transfers and cw721 transfers,
// written with the receiving modules' own message shapes (see ../messages.ts).

import { JsonWriter } from "../../../std/json/writer";
import { Uint128 } from "../../../std/math/uint128";
import { Key } from "../../../std/storage/key";
import { Addr } from "../../../std/types/addr";
import { Coin } from "../../../std/types/coin";
import { BankSend, WasmExecute } from "../../../std/types/cosmos_msg";
import { Response } from "../../../std/types/response";
import { AssetInfo, ExecuteTransfer, ExecuteTransferNft } from "./msg";
import { CW20_TOKENS, NATIVE_DENOMS } from "./state";

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

export function isAllowlisted(a: AssetInfo): bool {
  return (isNative(a) ? NATIVE_DENOMS : CW20_TOKENS).has(Key.str(assetId(a)));
}

/** Sends `amount` of `asset` to `to`; nothing for zero (the bank and cw20 refuse zero amounts). */
export function pay(res: Response, asset: AssetInfo, to: Addr, amount: Uint128): void {
  if (amount.isZero()) return;
  if (isNative(asset)) {
    res.addMessage(new BankSend(to.toString(), [new Coin(asset.native!, amount)]));
    return;
  }
  const t = new ExecuteTransfer();
  t.recipient = to.toString();
  t.amount = amount;
  const w = new JsonWriter();
  w.beginObject().key("transfer");
  t.write(w);
  w.endObject();
  res.addMessage(new WasmExecute(asset.cw20!, w.toBytes()));
}

/** cw721 `transfer_nft` of the escrowed token to `to`. */
export function giveNft(res: Response, collection: Addr, tokenId: string, to: Addr): void {
  const t = new ExecuteTransferNft();
  t.recipient = to.toString();
  t.token_id = tokenId;
  const w = new JsonWriter();
  w.beginObject().key("transfer_nft");
  t.write(w);
  w.endObject();
  res.addMessage(new WasmExecute(collection.toString(), w.toBytes()));
}
