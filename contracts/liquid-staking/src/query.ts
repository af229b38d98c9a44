// Query handlers: the cw20 queries go to std/cw20; each other returns the JSON of its response
// type (see messages.ts). Pagination: `start_after` exclusive, default limit 10, maximum 100.

import { queryCw20 } from "@persistence-ts/std/cw20/index";
import { failed } from "@persistence-ts/std/error";
import { JsonWriter } from "@persistence-ts/std/json/writer";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { getOwnership } from "@persistence-ts/std/ownership";
import { Key, u64FromBytes } from "@persistence-ts/std/storage/key";
import { Order } from "@persistence-ts/std/storage/kv";
import { Bound, clampLimit } from "@persistence-ts/std/storage/map";
import { Env } from "@persistence-ts/std/types/env";
import { Opt } from "@persistence-ts/std/types/wire";
import { requestPayout } from "./batch";
import { byWeight, nativeForStk, proRata } from "./math";
import {
  Batch,
  BatchInfo,
  BatchStatus,
  BatchesResponse,
  CurrentBatchResponse,
  QueryMsg,
  RateHistoryResponse,
  StateResponse,
  UnbondRequestInfo,
  UnbondRequestsResponse,
  ValidatorInfo,
  ValidatorsResponse,
} from "./msg";
import { Pool, loadPool } from "./pool";
import { BATCHES, CONFIG, PENDING_BATCH, RATE_HISTORY, TOTAL_WEIGHT, UNBOND_REQUESTS, loadValidators } from "./state";

export function query(env: Env, m: QueryMsg): Uint8Array {
  const cw20 = queryCw20<QueryMsg>(m);
  if (cw20 !== null) return cw20;
  const w = new JsonWriter();
  if (m.config !== null) CONFIG.load().write(w);
  else if (m.state !== null) poolState(loadPool(env)).write(w);
  else if (m.validators !== null) validators(loadPool(env)).write(w);
  else if (m.current_batch !== null) currentBatch(loadPool(env)).write(w);
  else if (m.batches !== null) batches(m.batches!.start_after, m.batches!.limit).write(w);
  else if (m.unbond_requests !== null) {
    const q = m.unbond_requests!;
    unbondRequests(env, q.user, q.start_after, q.limit).write(w);
  } else if (m.rate_history !== null) rateHistory(m.rate_history!.start_after, m.rate_history!.limit).write(w);
  else if (m.ownership !== null) getOwnership().write(w);
  if (failed()) return new Uint8Array(0);
  return w.toBytes();
}

function limitOf(l: Opt<u32> | null): i32 {
  return clampLimit(l === null ? -1 : <i64>l.value);
}

function after(id: Opt<u64> | null): Bound | null {
  return id === null ? null : Bound.exclusive(Key.u64(id.value));
}

function poolState(pool: Pool): StateResponse {
  const s = pool.state;
  const r = new StateResponse();
  r.total_native = pool.value();
  r.stk_supply = pool.supply;
  r.exchange_rate = pool.rate();
  r.delegated = pool.delegated;
  r.pending_rewards = pool.pending;
  r.buffer = s.buffer;
  r.unlocked = s.unlocked;
  r.claimable = s.claimable;
  r.unbonding = s.unbonding;
  r.surplus = s.surplus;
  r.held = s.held;
  r.paused = s.paused;
  r.last_harvest = s.last_harvest;
  return r;
}

/** The set with targets, then any removed validator still holding stake. */
function validators(pool: Pool): ValidatorsResponse {
  const r = new ValidatorsResponse();
  const set = loadValidators();
  for (let i = 0; i < set.length; i++) {
    const v = new ValidatorInfo();
    v.address = set[i].address;
    v.weight = set[i].weight;
    v.delegated = pool.delegationTo(v.address);
    v.target = byWeight(pool.delegated, v.weight, TOTAL_WEIGHT);
    v.in_set = true;
    v.bonded = pool.isBonded(v.address);
    r.validators.push(v);
  }
  for (let i = 0; i < pool.delegations.length; i++) {
    const d = pool.delegations[i];
    let member = false;
    for (let j = 0; j < set.length; j++) if (set[j].address == d.validator) member = true;
    if (member) continue;
    const v = new ValidatorInfo();
    v.address = d.validator;
    v.delegated = d.amount;
    v.bonded = pool.isBonded(v.address);
    r.validators.push(v);
  }
  return r;
}

function currentBatch(pool: Pool): CurrentBatchResponse {
  const b = PENDING_BATCH.load();
  const r = new CurrentBatchResponse();
  r.id = b.id;
  r.stk = b.stk;
  r.est_submit_time = b.est_submit_time;
  r.est_native = pool.supply.isZero() ? Uint128.zero() : nativeForStk(b.stk, pool.value(), pool.supply);
  return r;
}

function batches(startAfter: Opt<u64> | null, limit: Opt<u32> | null): BatchesResponse {
  const r = new BatchesResponse();
  const entries = BATCHES.range(after(startAfter), null, Order.Ascending, limitOf(limit));
  for (let i = 0; i < entries.length; i++) r.batches.push(batchInfo(entries[i].value));
  return r;
}

function batchInfo(b: Batch): BatchInfo {
  const info = new BatchInfo();
  info.id = b.id;
  info.stk = b.stk;
  info.native = b.native;
  info.liquid = b.liquid;
  info.undelegated = b.undelegated;
  info.submitted_at = b.submitted_at;
  info.unbond_end = b.completion;
  info.status = b.received === null ? BatchStatus.unbonding() : BatchStatus.withdrawable();
  info.received = b.received;
  info.unclaimed_stk = b.unclaimed_stk;
  return info;
}

function unbondRequests(env: Env, user: string, startAfter: Opt<u64> | null, limit: Opt<u32> | null): UnbondRequestsResponse {
  const r = new UnbondRequestsResponse();
  const entries = UNBOND_REQUESTS.prefixRange(Key.str(user), after(startAfter), null, Order.Ascending, limitOf(limit));
  const pendingId = PENDING_BATCH.load().id;
  for (let i = 0; i < entries.length; i++) {
    const req = new UnbondRequestInfo();
    req.batch_id = u64FromBytes(entries[i].key.parts[0]);
    req.stk = entries[i].value;
    if (req.batch_id == pendingId) {
      const pool = loadPool(env);
      req.status = BatchStatus.pending();
      req.native = nativeForStk(req.stk, pool.value(), pool.supply);
    } else {
      const b = BATCHES.load(Key.u64(req.batch_id));
      const done = b.received !== null;
      req.status = done ? BatchStatus.withdrawable() : BatchStatus.unbonding();
      req.native = done ? requestPayout(b, req.stk) : proRata(b.liquid.add(b.undelegated), req.stk, b.stk);
    }
    r.requests.push(req);
  }
  return r;
}

function rateHistory(startAfter: Opt<u64> | null, limit: Opt<u32> | null): RateHistoryResponse {
  const r = new RateHistoryResponse();
  const entries = RATE_HISTORY.range(after(startAfter), null, Order.Ascending, limitOf(limit));
  for (let i = 0; i < entries.length; i++) r.records.push(entries[i].value);
  return r;
}
