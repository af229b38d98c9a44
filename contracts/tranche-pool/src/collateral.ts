// The pool's side of the NFT contract: reading a pledged token's terms and giving tokens back.
// The message types come from the NFT contract's own definition (see ../messages.ts).

import { failed } from "../../../std/error";
import { JsonWriter } from "../../../std/json/writer";
import { querySmart } from "../../../std/querier";
import { Addr } from "../../../std/types/addr";
import { WasmExecute } from "../../../std/types/cosmos_msg";
import { ExecuteTransferNft, NftInfoView, QueryNftInfo } from "./msg";

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
