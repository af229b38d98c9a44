// Migration from 0.1.0, in pages. 0.1.0 kept at most one live counterparty offer per order
// inside the order and knew no holdings, pins or claims. Migrating an open order records its
// live offer, adds what it escrows to the holdings and pins an ask's asset as the collection
// describes it then (the token has been in escrow since the ask was made, so it is the asset the
// ask listed). A bid stays unpinned (its maker saw no terms), as does an ask on a collection that
// answers no revision: either can be left, never traded. An order whose token its collection
// cannot describe (a bid on a token id that does not exist) is cancelled, everything refunded.
//
// The book is user-sized (0.1.0 lets anyone open dust bids), so `migrate` migrates a first page
// and stores a cursor; anyone carries it on with `continue_migration`. Until its page comes, an
// order is still a 0.1.0 record: it cannot be traded (it pinned nothing), and leaving it (cancel,
// expire, withdraw_offer) migrates it first, so its escrow is counted before it is paid out.
// Closed orders keep their 0.1.0 record (state.ts reads it).

import { fail, failed } from "@persistence-ts/std/error";
import * as ContractError from "./error";
import { Key, u64FromBytes } from "@persistence-ts/std/storage/key";
import { Order as Sort } from "@persistence-ts/std/storage/kv";
import { Env } from "@persistence-ts/std/types/env";
import { Response } from "@persistence-ts/std/types/response";
import { Opt } from "@persistence-ts/std/types/wire";
import { AssetFacts, tryAssetFacts } from "./collection";
import { hold, holdNft } from "./holdings";
import { LegacyOrder, Order, OrderStatus } from "./msg";
import { DEFAULT_OFFER_LOCK } from "./offers";
import { refundAndClose } from "./settlement";
import { CONFIG, LEGACY_END, LIVE_OFFERS, MIGRATION, NEXT_ORDER_ID, OFFER_LOCK, ORDERS, ORDERS_BY_STATUS, forgetLegacy, legacyRecord, offerKey, updateOrder } from "./state";

/** Orders per page: migrate's first page and continue_migration's default. */
export const DEFAULT_PAGE: i32 = 50;
/** The most a page may take: well below what one call's memory holds (about 600 orders). */
export const MAX_PAGE: i32 = 200;

export function migrationPending(): bool {
  return MIGRATION.exists();
}

/** Inside `migrate` from 0.1.0: the settings 0.2.0 adds, then the first page of open orders. */
export function migrateFrom010(env: Env, res: Response): void {
  OFFER_LOCK.save(DEFAULT_OFFER_LOCK);
  LEGACY_END.save(NEXT_ORDER_ID.loadOr(1));
  MIGRATION.save(0);
  migratePage(env, res, DEFAULT_PAGE);
}

/** Anyone: the next page. */
export function continueMigration(env: Env, limit: Opt<u32> | null): Response {
  const res = new Response().addAttribute("action", "continue_migration");
  if (!migrationPending()) fail(ContractError.noMigration());
  const n: u32 = limit === null ? <u32>DEFAULT_PAGE : limit.value;
  if (!failed() && (n == 0 || n > <u32>MAX_PAGE)) fail(ContractError.invalidLimit(MAX_PAGE.toString()));
  if (!failed()) migratePage(env, res, <i32>n);
  return res;
}

/**
 * Migrates the next `limit` open orders after the cursor that were made under 0.1.0. Orders
 * an exit already migrated are passed over; the page ends at the first order made since. One
 * id more is read to tell whether any is left.
 */
function migratePage(env: Env, res: Response, limit: i32): void {
  const end = LEGACY_END.load();
  const after = MIGRATION.load();
  const ids = ORDERS_BY_STATUS.primaryKeys(Key.str("open"), after == 0 ? null : Key.u64(after), Sort.Ascending, limit + 1);
  const feeBps = CONFIG.load().fee_bps;
  const cancelled = new Array<string>();
  const unpinned = new Array<string>();
  let migrated = 0;
  let last = after;
  let done = ids.length <= limit || u64FromBytes(ids[limit]) >= end;
  for (let i = 0; i < ids.length && i < limit; i++) {
    const id = u64FromBytes(ids[i]);
    if (id >= end) {
      done = true;
      break;
    }
    last = id;
    const o = ORDERS.load(Key.u64(id));
    const legacy = legacyRecord(id);
    if (legacy === null) continue;
    migrated++;
    adopt(o, legacy);
    const facts = tryAssetFacts(o.collection, o.token_id);
    if (facts === null) {
      refundAndClose(res, env.block, o, OrderStatus.cancelled());
      cancelled.push(id.toString());
      continue;
    }
    if (pinnable(o, facts)) o.pinned = facts.pin(feeBps);
    else unpinned.push(id.toString());
    updateOrder(o);
  }
  res.addAttribute("migrated", migrated.toString());
  if (cancelled.length > 0) res.addAttribute("cancelled", cancelled.join(","));
  if (unpinned.length > 0) res.addAttribute("unpinned", unpinned.join(","));
  if (done) {
    MIGRATION.remove();
    LEGACY_END.remove();
    res.addAttribute("migration", "done");
  } else {
    MIGRATION.save(last);
    res.addAttribute("migration", "pending");
  }
}

/**
 * Before an open order still in its 0.1.0 record is left, it is migrated: its escrow counted,
 * its live offer recorded, and its asset pinned where the collection answers a revision (one
 * that cannot be described stays unpinned: the exit closes it or leaves it exit-only).
 */
export function migrateBeforeLeaving(o: Order): void {
  const legacy = legacyRecord(o.id);
  if (legacy === null || o.status.variant != "open") return;
  adopt(o, legacy);
  const facts = tryAssetFacts(o.collection, o.token_id);
  if (facts !== null && pinnable(o, facts)) o.pinned = facts.pin(CONFIG.load().fee_bps);
  updateOrder(o);
}

/**
 * A 0.1.0 ask is pinned to what its escrowed token is now: the seller sells what it deposited, and
 * every buyer pins the terms it accepts. A 0.1.0 bid is never pinned: its maker priced a token id
 * without seeing any terms, so adopting today's would accept terms nobody signed; it stays
 * exit-only and the bidder bids again.
 */
function pinnable(o: Order, facts: AssetFacts): bool {
  return o.kind.variant == "ask" && facts.hasRevision;
}

/** What a 0.1.0 order escrows becomes owed (holdings.ts), and its live offer is recorded as live. */
function adopt(o: Order, legacy: LegacyOrder): void {
  hold(o.asset, o.maker_escrow.add(o.taker_escrow));
  if (o.nft_depositor !== null) holdNft(o.collection, o.token_id);
  const live = legacy.live_taker_offer;
  if (live !== null) LIVE_OFFERS.save(offerKey(o.id, live.value), legacy.taker_party!);
  forgetLegacy(o.id);
}
