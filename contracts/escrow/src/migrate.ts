// Migration from 0.1.0, in the migrate call: every open order gets the 0.2.0 shape. 0.1.0 kept
// at most one live counterparty offer per order inside the order and knew no holdings, pins or
// claims; each open order now records its live offer, adds what it escrows to the holdings and
// pins its asset as the collection describes it today (an ask's token has been in escrow since
// the ask was made, so it is the asset the ask listed). An order whose token its collection
// can no longer describe (a bid on a token id that does not exist) is cancelled, everything
// refunded. Closed orders keep their 0.1.0 record (state.ts reads it). Cost: linear in the
// number of open orders.

import { Key, u64FromBytes } from "../../../std/storage/key";
import { Order as Sort } from "../../../std/storage/kv";
import { Env } from "../../../std/types/env";
import { Response } from "../../../std/types/response";
import { tryAssetFacts } from "./collection";
import { hold, holdNft } from "./holdings";
import { OrderStatus } from "./msg";
import { refundAndClose } from "./settlement";
import { CONFIG, LEGACY_ORDERS, LIVE_OFFERS, ORDERS_BY_STATUS, fromLegacy, offerKey, updateOrder } from "./state";

export function migrateFrom010(env: Env, res: Response): void {
  const feeBps = CONFIG.load().fee_bps;
  const ids = ORDERS_BY_STATUS.primaryKeys(Key.str("open"), null, Sort.Ascending, i32.MAX_VALUE);
  const cancelled = new Array<string>();
  for (let i = 0; i < ids.length; i++) {
    const old = LEGACY_ORDERS.load(Key.u64(u64FromBytes(ids[i])));
    const o = fromLegacy(old);
    hold(o.asset, o.maker_escrow.add(o.taker_escrow));
    const depositor = o.nft_depositor;
    if (depositor !== null) holdNft(o.collection, o.token_id);
    const live = old.live_taker_offer;
    if (live !== null) LIVE_OFFERS.save(offerKey(o.id, live.value), old.taker_party!);
    const facts = tryAssetFacts(o.collection, o.token_id);
    if (facts === null) {
      refundAndClose(res, env.block, o, OrderStatus.cancelled());
      cancelled.push(o.id.toString());
    } else {
      o.pinned = facts.pin(feeBps);
      updateOrder(o);
    }
  }
  res.addAttribute("open_orders", ids.length.toString());
  if (cancelled.length > 0) res.addAttribute("cancelled", cancelled.join(","));
}
