// The owner's controls: the fee and its collector, the offer lock, the allowlists of collections
// and payment assets, the pause switch, and sweeping what the contract holds beyond what it owes.
// Allowlists gate what enters the escrow; delisting never traps what is already in it (cancel,
// expire, withdraw_offer and withdraw_claim check no list).

import { fail, failed } from "@persistence-ts/std/error";
import * as ContractError from "./error";
import { OwnershipAction, OwnershipActionKind, assertOwner, ownershipAttributes, updateOwnership } from "@persistence-ts/std/ownership";
import { queryBalance } from "@persistence-ts/std/querier";
import { Key } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { Env } from "@persistence-ts/std/types/env";
import { Response } from "@persistence-ts/std/types/response";
import { describe, funds, nft, transferMsg } from "./assets";
import { assertCw20, assertCw721, cw20Balance, ownerOf } from "./collection";
import { holdsNft, owed } from "./holdings";
import { AssetInfo, ExecuteSweep, ExecuteSweepNft, ExecuteUpdateAllowlist, ExecuteUpdateConfig } from "./msg";
import { validDenom, validFee, validFeeCollector } from "./rules";
import { migrationPending } from "./migrate";
import { validOfferLock } from "./offers";
import { CONFIG, OFFER_LOCK, allowlist } from "./state";

const MAX_ALLOWLIST_UPDATE = 100;

export function updateConfig(env: Env, sender: Addr, m: ExecuteUpdateConfig): Response {
  const res = new Response().addAttribute("action", "update_config");
  if (!assertOwner(sender)) return res;
  const c = CONFIG.load();
  const fee = m.fee_bps;
  if (fee !== null && validFee(fee.value)) {
    c.fee_bps = fee.value;
    res.addAttribute("fee_bps", fee.value.toString());
  }
  const collector = m.fee_collector;
  if (collector !== null) {
    c.fee_collector = validFeeCollector(collector, env.contract);
    res.addAttribute("fee_collector", collector);
  }
  const lock = m.offer_lock_seconds;
  if (lock !== null && validOfferLock(lock.value)) {
    OFFER_LOCK.save(lock.value);
    res.addAttribute("offer_lock_seconds", lock.value.toString());
  }
  if (!failed()) CONFIG.save(c);
  return res;
}

export function setPaused(sender: Addr, paused: bool): Response {
  if (!assertOwner(sender)) return new Response();
  const c = CONFIG.load();
  c.paused = paused;
  CONFIG.save(c);
  return new Response().addAttribute("action", "set_paused").addAttribute("paused", paused ? "true" : "false");
}

/** cw-ownable's actions, except renouncing while paused: nobody could ever unpause trading. */
export function changeOwnership(env: Env, sender: Addr, action: OwnershipAction): Response {
  if (action.kind == OwnershipActionKind.Renounce && CONFIG.load().paused) {
    fail(ContractError.renounceWhilePaused());
    return new Response();
  }
  return ownershipAttributes(new Response(), updateOwnership(action, sender, env.block));
}

/**
 * Adds and removes entries, at most 100 per message. Adding an entry already listed or
 * removing one that is not fails naming the entry (the nft's allowlist follows the same rule).
 */
export function updateAllowlist(sender: Addr, m: ExecuteUpdateAllowlist): Response {
  const res = new Response();
  if (assertOwner(sender) && m.add.length + m.remove.length > MAX_ALLOWLIST_UPDATE) fail(ContractError.tooManyEntries(MAX_ALLOWLIST_UPDATE.toString()));
  const list = m.list.variant;
  const map = allowlist(list);
  for (let i = 0; i < m.add.length && !failed(); i++) {
    const entry = validEntry(list, m.add[i]);
    if (failed()) break;
    if (map.has(Key.str(entry))) fail(ContractError.alreadyListed(list, entry));
    else map.save(Key.str(entry), true);
  }
  for (let i = 0; i < m.remove.length && !failed(); i++) {
    if (!map.has(Key.str(m.remove[i]))) fail(ContractError.notListed(list, m.remove[i]));
    else map.remove(Key.str(m.remove[i]));
  }
  return res
    .addAttribute("action", "update_allowlist")
    .addAttribute("list", list)
    .addAttribute("added", m.add.length.toString())
    .addAttribute("removed", m.remove.length.toString());
}

/**
 * A denom is checked for the SDK's syntax; a collection must answer cw721 `contract_info` and a
 * cw20 token `token_info` (a wallet on these lists could call the hooks and fake deposits).
 */
export function validEntry(list: string, entry: string): string {
  if (list == "native_denoms") {
    validDenom(entry);
    return entry;
  }
  const a = Addr.validate(entry);
  if (list == "collections") assertCw721(a);
  else assertCw20(a);
  return a.toString();
}

/** What is owed is known only once every 0.1.0 order is migrated: sweeping waits for it. */
function assertMigrated(): bool {
  if (migrationPending()) fail(ContractError.sweepBeforeMigration());
  return !failed();
}

/** What the contract holds of `asset` beyond what it owes (escrow + claims) goes to `recipient`. */
export function sweep(env: Env, sender: Addr, m: ExecuteSweep): Response {
  const res = new Response();
  if (!assertOwner(sender) || !assertMigrated()) return res;
  const recipient = Addr.validate(m.recipient);
  const asset = m.asset;
  if (failed() || !validAsset(asset)) return res;
  const self = env.contract;
  const balance = asset.variant == "native" ? queryBalance(self.toString(), asset.native!).amount : cw20Balance(asset.cw20!, self);
  const due = owed(asset);
  if (failed()) return res;
  if (balance.le(due)) {
    fail(ContractError.nothingToSweep(describe(asset, balance), describe(asset, due)));
    return res;
  }
  const excess = balance.sub(due);
  return res
    .addMessage(transferMsg(funds(asset, excess), recipient))
    .addAttribute("action", "sweep")
    .addAttribute("amount", describe(asset, excess))
    .addAttribute("owed", describe(asset, due))
    .addAttribute("recipient", recipient.toString());
}

function validAsset(a: AssetInfo): bool {
  if (a.variant == "native") return validDenom(a.native!);
  Addr.validate(a.cw20!);
  return !failed();
}

/** An NFT the contract holds for no order and no claim goes to `recipient`. */
export function sweepNft(env: Env, sender: Addr, m: ExecuteSweepNft): Response {
  const res = new Response();
  if (!assertOwner(sender) || !assertMigrated()) return res;
  const collection = Addr.validate(m.collection);
  const recipient = Addr.validate(m.recipient);
  if (failed()) return res;
  if (holdsNft(collection, m.token_id)) fail(ContractError.nftHeld(m.token_id, collection.toString()));
  else {
    const holder = ownerOf(collection, m.token_id);
    if (holder === null || holder != env.contract.toString()) fail(ContractError.nftNotHeld(m.token_id, collection.toString()));
  }
  if (failed()) return res;
  return res
    .addMessage(transferMsg(nft(collection, m.token_id), recipient))
    .addAttribute("action", "sweep_nft")
    .addAttribute("collection", collection.toString())
    .addAttribute("token_id", m.token_id)
    .addAttribute("recipient", recipient.toString());
}
