// Query handlers: each returns the JSON of its response type (see messages.ts). Values are as
// of the block time: the pool is accrued in memory exactly as the next transaction would.

import { failed } from "../../../std/error";
import { JsonWriter } from "../../../std/json/writer";
import { Uint128 } from "../../../std/math/uint128";
import { getOwnership } from "../../../std/ownership";
import { MultiIndex } from "../../../std/storage/indexed_map";
import { Key, u64FromBytes } from "../../../std/storage/key";
import { Order } from "../../../std/storage/kv";
import { Bound, clampLimit } from "../../../std/storage/map";
import { Addr } from "../../../std/types/addr";
import { Env } from "../../../std/types/env";
import { Timestamp } from "../../../std/types/timestamp";
import { Opt } from "../../../std/types/wire";
import { defaultAfter, publicDefaultAfter } from "./defaults";
import { closesAt } from "./epoch";
import { freeShares } from "./lenders";
import { MINIMUM_SHARES, juniorRatio, sharePrice, valueOfShares } from "./math";
import {
  AllowlistResponse,
  Config,
  EpochInfo,
  Loan,
  LoanInfo,
  LoanStatus,
  LoansResponse,
  PoolResponse,
  PoolState,
  PositionResponse,
  PositionTranche,
  QueryLoans,
  QueryMsg,
  QueryRedemptionQueue,
  RedemptionQueueResponse,
  RedemptionRequest,
  Tranche,
  TrancheInfo,
} from "./msg";
import { assets, interestDueAt, lendable, loansValue, poolAt, queuedShares, queuedValue, trancheShares, trancheValue } from "./pool";
import { loadLoan, positionOf } from "./rules";
import {
  ALLOWLIST,
  CONFIG,
  EPOCH,
  LOANS,
  LOANS_BY_BORROWER,
  LOANS_BY_BORROWER_STATUS,
  LOANS_BY_STATUS,
  REQUESTS,
  REQUESTS_BY_LENDER,
  REQUESTS_BY_TRANCHE,
} from "./state";

export function query(env: Env, m: QueryMsg): Uint8Array {
  const w = new JsonWriter();
  const now = env.block.time;
  const c = CONFIG.load();
  if (m.config !== null) c.write(w);
  else if (m.pool !== null) pool(c, now).write(w);
  else if (m.tranche !== null) trancheInfo(poolAt(c, now), m.tranche!.tranche).write(w);
  else if (m.position !== null) position(c, now, m.position!.lender).write(w);
  else if (m.loan !== null) {
    const loan = loadLoan(m.loan!.loan_id);
    if (loan !== null) loanInfo(c, loan, now).write(w);
  } else if (m.loans !== null) loans(c, now, m.loans!).write(w);
  else if (m.redemption_queue !== null) redemptionQueue(m.redemption_queue!).write(w);
  else if (m.allowlist !== null) allowlist(m.allowlist!.start_after, m.allowlist!.limit).write(w);
  else if (m.ownership !== null) getOwnership().write(w);
  if (failed()) return new Uint8Array(0);
  return w.toBytes();
}

function limitOf(l: Opt<u32> | null): i64 {
  return l === null ? -1 : <i64>l.value;
}

function pool(c: Config, now: Timestamp): PoolResponse {
  const p = poolAt(c, now);
  const r = new PoolResponse();
  const a = assets(p);
  r.time = now;
  r.assets = a;
  r.reserve = p.reserve;
  r.loans_value = loansValue(p);
  r.set_aside = p.set_aside;
  r.fees_owed = p.fees_owed;
  r.senior_target = p.senior_target;
  r.junior_ratio = juniorRatio(trancheValue(p, Tranche.junior()), a);
  r.lendable = lendable(p);
  r.senior = trancheInfo(p, Tranche.senior());
  r.junior = trancheInfo(p, Tranche.junior());
  const e = EPOCH.load();
  const info = new EpochInfo();
  info.id = e.id;
  info.started_at = e.started_at;
  info.closes_at = closesAt(c, e);
  info.settling = e.settling;
  r.epoch = info;
  return r;
}

function trancheInfo(p: PoolState, t: Tranche): TrancheInfo {
  const r = new TrancheInfo();
  r.tranche = t;
  r.value = trancheValue(p, t);
  r.shares = trancheShares(p, t);
  r.share_price = sharePrice(r.value, r.shares);
  r.queued_shares = queuedShares(p, t);
  r.queued_value = queuedValue(p, t);
  r.locked_shares = r.shares.isZero() ? Uint128.zero() : Uint128.fromU64(MINIMUM_SHARES);
  return r;
}

function position(c: Config, now: Timestamp, lenderText: string): PositionResponse {
  const r = new PositionResponse();
  const lender = Addr.unchecked(lenderText);
  const p = poolAt(c, now);
  const pos = positionOf(lender);
  r.lender = lender;
  r.requests = requestsOf(lender);
  r.senior = positionTranche(p, Tranche.senior(), freeShares(pos, Tranche.senior()), r.requests);
  r.junior = positionTranche(p, Tranche.junior(), freeShares(pos, Tranche.junior()), r.requests);
  return r;
}

/** A lender's open requests: at most a few (lenders.ts merges them), so one page holds them all. */
function requestsOf(lender: Addr): RedemptionRequest[] {
  const ids = REQUESTS_BY_LENDER.primaryKeys(Key.addr(lender), null, Order.Ascending, clampLimit(-1));
  const out = new Array<RedemptionRequest>();
  for (let i = 0; i < ids.length; i++) out.push(REQUESTS.load(Key.bytes(ids[i])));
  return out;
}

function positionTranche(p: PoolState, t: Tranche, free: Uint128, requests: RedemptionRequest[]): PositionTranche {
  const r = new PositionTranche();
  r.shares = free;
  for (let i = 0; i < requests.length; i++) if (requests[i].tranche.variant == t.variant) r.queued_shares = r.queued_shares.add(requests[i].shares);
  r.value = valueOfShares(free, trancheValue(p, t), trancheShares(p, t));
  return r;
}

function loanInfo(c: Config, loan: Loan, now: Timestamp): LoanInfo {
  const r = new LoanInfo();
  const drawn = loan.status.variant == "active" || loan.status.variant == "defaulted";
  r.loan = loan;
  r.interest_due = interestDueAt(loan, now);
  r.debt = loan.principal.add(r.interest_due);
  r.book_value = drawn ? r.debt.sub(loan.written_down) : Uint128.zero();
  r.default_after = defaultAfter(c, loan);
  r.public_default_after = publicDefaultAfter(c, loan);
  return r;
}

/** Loans by id, optionally only a borrower's and/or in one status, through the matching index. */
function loans(c: Config, now: Timestamp, q: QueryLoans): LoansResponse {
  const r = new LoansResponse();
  const limit = clampLimit(limitOf(q.limit));
  const after: Key | null = q.start_after === null ? null : Key.u64(q.start_after!.value);
  const borrower = q.borrower;
  const status: LoanStatus | null = q.status;
  let ids: Uint8Array[];
  if (borrower === null && status === null) ids = allLoanIds(after, limit);
  else {
    let index: MultiIndex<Loan> = LOANS_BY_STATUS;
    let ik = status === null ? Key.str("") : Key.str(status.variant);
    if (borrower !== null) {
      index = status === null ? LOANS_BY_BORROWER : LOANS_BY_BORROWER_STATUS;
      ik = status === null ? Key.str(borrower) : Key.str(borrower).join(Key.str(status.variant));
    }
    ids = index.primaryKeys(ik, after, Order.Ascending, limit);
  }
  for (let i = 0; i < ids.length; i++) r.loans.push(loanInfo(c, LOANS.load(Key.u64(u64FromBytes(ids[i]))), now));
  return r;
}

function allLoanIds(after: Key | null, limit: i32): Uint8Array[] {
  const min: Bound | null = after === null ? null : Bound.exclusive(after);
  const entries = LOANS.range(min, null, Order.Ascending, limit);
  const out = new Array<Uint8Array>();
  for (let i = 0; i < entries.length; i++) out.push(entries[i].key.parts[0]);
  return out;
}

function redemptionQueue(q: QueryRedemptionQueue): RedemptionQueueResponse {
  const r = new RedemptionQueueResponse();
  const limit = clampLimit(limitOf(q.limit));
  const after: Key | null = q.start_after === null ? null : Key.u64(q.start_after!.value);
  if (q.tranche !== null) {
    const ids = REQUESTS_BY_TRANCHE.primaryKeys(Key.str(q.tranche!.variant), after, Order.Ascending, limit);
    for (let i = 0; i < ids.length; i++) r.requests.push(REQUESTS.load(Key.bytes(ids[i])));
    return r;
  }
  const entries = REQUESTS.range(after === null ? null : Bound.exclusive(after), null, Order.Ascending, limit);
  for (let i = 0; i < entries.length; i++) r.requests.push(entries[i].value);
  return r;
}

function allowlist(startAfter: string | null, limit: Opt<u32> | null): AllowlistResponse {
  const r = new AllowlistResponse();
  const min: Bound | null = startAfter === null ? null : Bound.exclusive(Key.str(startAfter));
  const entries = ALLOWLIST.range(min, null, Order.Ascending, clampLimit(limitOf(limit)));
  for (let i = 0; i < entries.length; i++) r.addresses.push(String.UTF8.decode(entries[i].key.parts[0].buffer));
  return r;
}
