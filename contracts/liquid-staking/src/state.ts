// Storage layout of the liquid-staking contract (keys are cw-storage-plus compatible):
//   "contract_info"                cw2 name and version
//   "ownership"                    cw-ownable owner / pending owner
//   "token_info", "balance", "allowance"   the stk cw20 (std/cw20, cw20-base's keys)
//   "config"                       Config
//   "state"                        State: buffer, unlocked, claimable, surplus, held, breaker, arrival marks,
//                                  open batches, validators receiving our redelegations
//   "validators" (valoper)         u64 weight in basis points (at most MAX_VALIDATORS entries)
//   "pending_batch"                PendingBatch: the batch collecting requests
//   "batches" (id)                 Batch: submitted batches
//   "unbond_requests" (user, id)   Uint128: stk the user queued in batch `id`
//   "rate_history" (seq)           RateRecord, one per harvest
//   "redelegations" (src, dst)     RedelegationEntries: our entries on chain for the pair (≤ 7), or refused until
//   "harvested", "undelegating"    transient, within one transaction's replies
//   "reconciliations" (last id)    0.1.0's Reconciliation records, read and removed by migrate

import { U64Codec, Uint128Codec } from "@persistence-ts/std/storage/codec";
import { Item } from "@persistence-ts/std/storage/item";
import { Key } from "@persistence-ts/std/storage/key";
import { Order } from "@persistence-ts/std/storage/kv";
import { StorageMap } from "@persistence-ts/std/storage/map";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Batch, BatchCodec, BatchV010, BatchV010Codec, Config, ConfigCodec, PendingBatch, PendingBatchCodec, PendingUndelegation, PendingUndelegationCodec, RateRecord, RateRecordCodec, Reconciliation, ReconciliationCodec, RedelegationEntries, RedelegationEntriesCodec, State, StateCodec, StateV010, StateV010Codec, ValidatorWeight } from "./msg";

/** The validator set is capped so every loop over it is bounded. */
export const MAX_VALIDATORS: i32 = 30;
export const TOTAL_WEIGHT: u64 = 10_000;

export const CONFIG = new Item<Config>("config", new ConfigCodec());
export const STATE = new Item<State>("state", new StateCodec());
export const VALIDATORS = new StorageMap<u64>("validators", new U64Codec());
export const PENDING_BATCH = new Item<PendingBatch>("pending_batch", new PendingBatchCodec());
export const BATCHES = new StorageMap<Batch>("batches", new BatchCodec());
export const UNBOND_REQUESTS = new StorageMap<Uint128>("unbond_requests", new Uint128Codec(), 2);
export const RATE_HISTORY = new StorageMap<RateRecord>("rate_history", new RateRecordCodec());
export const REDELEGATIONS = new StorageMap<RedelegationEntries>("redelegations", new RedelegationEntriesCodec(), 2);
/** A harvest's withdrawals so far (its replies run one after another; the last one reinvests). */
export const HARVESTED = new Item<Uint128>("harvested", new Uint128Codec());
/** A submission's undelegation replies so far (the last one folds them into the batch). */
export const UNDELEGATING = new Item<PendingUndelegation>("undelegating", new PendingUndelegationCodec());

// 0.1.0's records, under the same keys: read once by migrate.
export const STATE_V010 = new Item<StateV010>("state", new StateV010Codec());
export const BATCHES_V010 = new StorageMap<BatchV010>("batches", new BatchV010Codec());
export const RECONCILIATIONS = new StorageMap<Reconciliation>("reconciliations", new ReconciliationCodec());

/** The validator set with its weights, in address order. */
export function loadValidators(): ValidatorWeight[] {
  const entries = VALIDATORS.range(null, null, Order.Ascending, MAX_VALIDATORS);
  const out = new Array<ValidatorWeight>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const v = new ValidatorWeight();
    v.address = String.UTF8.decode(entries[i].key.parts[0].buffer);
    v.weight = <u32>entries[i].value;
    out[i] = v;
  }
  return out;
}

export function saveValidators(set: ValidatorWeight[]): void {
  for (let i = 0; i < set.length; i++) VALIDATORS.save(Key.str(set[i].address), <u64>set[i].weight);
}

export function requestKey(user: string, batchId: u64): Key {
  return Key.str(user).join(Key.u64(batchId));
}

export function pairKey(src: string, dst: string): Key {
  return Key.str(src).join(Key.str(dst));
}
