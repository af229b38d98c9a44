// Query handlers: each returns the JSON of its response type (see messages.ts). Values are as
// of the block time: the pool is accrued, and the write-off policy applied to the loans due (at
// most MAX_LIMIT of them), in memory, as the next epoch close would.

import { fail, failed } from "@persistence-ts/std/error";
import { JsonWriter } from "@persistence-ts/std/json/writer";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { getOwnership } from "@persistence-ts/std/ownership";
import { MultiIndex } from "@persistence-ts/std/storage/indexed_map";
import { Key, u64FromBytes } from "@persistence-ts/std/storage/key";
import { Order } from "@persistence-ts/std/storage/kv";
import { Bound, MAX_LIMIT, clampLimit } from "@persistence-ts/std/storage/map";
import { Addr } from "@persistence-ts/std/types/addr";
import { Env } from "@persistence-ts/std/types/env";
import { Timestamp } from "@persistence-ts/std/types/timestamp";
import { Opt } from "@persistence-ts/std/types/wire";
import { defaultAfter, publicDefaultAfter } from "./defaults";
import { closesAt } from "./epoch";
import { freeShares } from "./lenders";
import { MINIMUM_SHARES, feeShare, juniorRatio, sharePrice, valueOfShares } from "./math";
import {
  AllowlistResponse,
  Config,
  DepositOrder,
  DepositQueueResponse,
  EpochInfo,
  EpochsResponse,
  Loan,
  LoanInfo,
  LoanStatus,
  LoansResponse,
  PendingConfigResponse,
  PoolResponse,
  PoolState,
  PositionResponse,
  PositionTranche,
  QueryDepositQueue,
  QueryLoans,
  QueryMsg,
  QueryRedemptionQueue,
  RedemptionQueueResponse,
  RedemptionRequest,
  Tranche,
  TrancheInfo,
} from "./msg";
import { assets, impaired, interestDueAt, isDrawn, lendable, loansValue, markdown, orderAssets, overdueValue, pendingDeposits, poolAt, queuedShares, queuedValue, trancheShares, trancheValue } from "./pool";
import { owedTo } from "./payouts";
import { applyPolicy, applyPolicyToDue, loanMarkdown, writeoffFrom } from "./policy";
import { loadLoan, positionOf } from "./rules";
import {
  ALLOWLIST,
  CONFIG,
  DEPOSITS,
  DEPOSITS_BY_LENDER,
  DEPOSITS_BY_TRANCHE,
  EPOCH,
  EPOCHS,
  LOANS,
  LOANS_BY_BORROWER,
  LOANS_BY_BORROWER_STATUS,
  LOANS_BY_STATUS,
  PENDING_CONFIG,
  REQUESTS,
  REQUESTS_BY_LENDER,
  REQUESTS_BY_TRANCHE,
} from "./state";
import * as ContractError from "./error";

export function query(env: Env, m: QueryMsg): Uint8Array {
  const w = new JsonWriter();
  const now = env.block.time;
  const c = CONFIG.load();
  if (m.config !== null) c.write(w);
  else if (m.pool !== null) pool(c, now).write(w);
  else if (m.tranche !== null) trancheInfo(valuedPool(c, now), c, m.tranche!.tranche).write(w);
  else if (m.position !== null) position(c, now, m.position!.lender).write(w);
  else if (m.loan !== null) {
    const loan = loadLoan(m.loan!.loan_id);
    if (loan !== null) loanInfo(c, poolAt(c, now), loan, now).write(w);
  } else if (m.loans !== null) loans(c, now, m.loans!).write(w);
  else if (m.redemption_queue !== null) redemptionQueue(m.redemption_queue!).write(w);
  else if (m.deposit_queue !== null) depositQueue(m.deposit_queue!).write(w);
  else if (m.epoch !== null) {
    const k = Key.u64(m.epoch!.id);
    if (EPOCHS.has(k)) EPOCHS.load(k).write(w);
    else fail(ContractError.epochNotClosed(m.epoch!.id.toString()));
  } else if (m.epochs !== null) epochs(m.epochs!.start_after, m.epochs!.limit).write(w);
  else if (m.pending_config !== null) {
    const r = new PendingConfigResponse();
    r.pending = PENDING_CONFIG.exists() ? PENDING_CONFIG.load() : null;
    r.write(w);
  } else if (m.allowlist !== null) allowlist(m.allowlist!.start_after, m.allowlist!.limit).write(w);
  else if (m.ownership !== null) getOwnership().write(w);
  if (failed()) return new Uint8Array(0);
  return w.toBytes();
}

/** The pool as the next close would value it now: accrued, with the policy applied to the loans due. */
function valuedPool(c: Config, now: Timestamp): PoolState {
  const p = poolAt(c, now);
  applyPolicyToDue(p, c, now, MAX_LIMIT, false);
  return p;
}

function limitOf(l: Opt<u32> | null): i64 {
  return l === null ? -1 : <i64>l.value;
}

function pool(c: Config, now: Timestamp): PoolResponse {
  const p = valuedPool(c, now);
  const r = new PoolResponse();
  const a = assets(p, c);
  r.time = now;
  r.assets = a;
  r.reserve = p.reserve;
  r.loans_value = loansValue(p, c);
  r.markdown = markdown(p, c);
  r.senior_principal = p.senior_principal;
  r.loans_principal = p.loans_principal;
  r.set_aside = p.set_aside;
  r.fees_owed = p.fees_owed;
  r.owed_payouts = p.owed_payouts;
  r.senior_target = p.senior_target;
  r.order_assets = orderAssets(p);
  r.overdue_value = overdueValue(p, c);
  r.junior_ratio = juniorRatio(trancheValue(p, c, Tranche.junior()), r.order_assets);
  r.lendable = lendable(p);
  r.test_timings = c.test_timings;
  r.senior = trancheInfo(p, c, Tranche.senior());
  r.junior = trancheInfo(p, c, Tranche.junior());
  const e = EPOCH.load();
  const info = new EpochInfo();
  info.id = e.id;
  info.started_at = e.started_at;
  info.closes_at = closesAt(c, e);
  info.settling = e.settling;
  r.epoch = info;
  return r;
}

function trancheInfo(p: PoolState, c: Config, t: Tranche): TrancheInfo {
  const r = new TrancheInfo();
  r.tranche = t;
  r.value = trancheValue(p, c, t);
  r.shares = trancheShares(p, t);
  r.share_price = sharePrice(r.value, r.shares);
  r.queued_shares = queuedShares(p, t);
  r.queued_value = queuedValue(p, c, t);
  r.locked_shares = r.shares.isZero() ? Uint128.zero() : Uint128.fromU64(MINIMUM_SHARES);
  r.pending_deposits = pendingDeposits(p, t);
  r.impaired = impaired(p, t);
  return r;
}

function position(c: Config, now: Timestamp, lenderText: string): PositionResponse {
  const r = new PositionResponse();
  const lender = Addr.unchecked(lenderText);
  const p = valuedPool(c, now);
  const pos = positionOf(lender);
  r.lender = lender;
  r.requests = requestsOf(lender);
  r.deposits = depositsOf(lender);
  r.owed_payout = owedTo(lender);
  r.senior = positionTranche(p, c, Tranche.senior(), freeShares(pos, Tranche.senior()), r);
  r.junior = positionTranche(p, c, Tranche.junior(), freeShares(pos, Tranche.junior()), r);
  return r;
}

/** A lender's open orders: at most a few of each kind (lenders.ts merges them), so one page holds them all. */
function requestsOf(lender: Addr): RedemptionRequest[] {
  const ids = REQUESTS_BY_LENDER.primaryKeys(Key.addr(lender), null, Order.Ascending, clampLimit(-1));
  const out = new Array<RedemptionRequest>();
  for (let i = 0; i < ids.length; i++) out.push(REQUESTS.load(Key.bytes(ids[i])));
  return out;
}

function depositsOf(lender: Addr): DepositOrder[] {
  const ids = DEPOSITS_BY_LENDER.primaryKeys(Key.addr(lender), null, Order.Ascending, clampLimit(-1));
  const out = new Array<DepositOrder>();
  for (let i = 0; i < ids.length; i++) out.push(DEPOSITS.load(Key.bytes(ids[i])));
  return out;
}

function positionTranche(p: PoolState, c: Config, t: Tranche, free: Uint128, orders: PositionResponse): PositionTranche {
  const r = new PositionTranche();
  r.shares = free;
  for (let i = 0; i < orders.requests.length; i++) if (orders.requests[i].tranche.variant == t.variant) r.queued_shares = r.queued_shares.add(orders.requests[i].shares);
  for (let i = 0; i < orders.deposits.length; i++) if (orders.deposits[i].tranche.variant == t.variant) r.pending_deposit = r.pending_deposit.add(orders.deposits[i].amount);
  r.value = valueOfShares(free, trancheValue(p, c, t), trancheShares(p, t));
  return r;
}

/** A loan as of now: the policy applied in memory, its interest due and what it counts for. */
function loanInfo(c: Config, p: PoolState, loan: Loan, now: Timestamp): LoanInfo {
  const r = new LoanInfo();
  applyPolicy(p, c, loan, now);
  r.loan = loan;
  r.interest_due = interestDueAt(loan, now);
  r.debt = loan.principal.add(r.interest_due);
  r.markdown = loanMarkdown(c, loan, now);
  if (isDrawn(loan)) {
    const base = loan.overdue_at !== null ? loan.policy_base : r.debt.sub(feeShare(loan.interest_paid, r.interest_due, loan.reserve_fee_bps)).saturatingSub(loan.written_down);
    r.book_value = base.sub(r.markdown);
  }
  r.default_after = defaultAfter(c, loan);
  r.public_default_after = publicDefaultAfter(c, loan);
  r.writeoff_from = writeoffFrom(c, loan);
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
  const p = poolAt(c, now);
  for (let i = 0; i < ids.length; i++) r.loans.push(loanInfo(c, p, LOANS.load(Key.u64(u64FromBytes(ids[i]))), now));
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

function depositQueue(q: QueryDepositQueue): DepositQueueResponse {
  const r = new DepositQueueResponse();
  const limit = clampLimit(limitOf(q.limit));
  const after: Key | null = q.start_after === null ? null : Key.u64(q.start_after!.value);
  if (q.tranche !== null) {
    const ids = DEPOSITS_BY_TRANCHE.primaryKeys(Key.str(q.tranche!.variant), after, Order.Ascending, limit);
    for (let i = 0; i < ids.length; i++) r.orders.push(DEPOSITS.load(Key.bytes(ids[i])));
    return r;
  }
  const entries = DEPOSITS.range(after === null ? null : Bound.exclusive(after), null, Order.Ascending, limit);
  for (let i = 0; i < entries.length; i++) r.orders.push(entries[i].value);
  return r;
}

function epochs(startAfter: Opt<u64> | null, limit: Opt<u32> | null): EpochsResponse {
  const r = new EpochsResponse();
  const min: Bound | null = startAfter === null ? null : Bound.exclusive(Key.u64(startAfter.value));
  const entries = EPOCHS.range(min, null, Order.Ascending, clampLimit(limitOf(limit)));
  for (let i = 0; i < entries.length; i++) r.epochs.push(entries[i].value);
  return r;
}

function allowlist(startAfter: string | null, limit: Opt<u32> | null): AllowlistResponse {
  const r = new AllowlistResponse();
  const min: Bound | null = startAfter === null ? null : Bound.exclusive(Key.str(startAfter));
  const entries = ALLOWLIST.range(min, null, Order.Ascending, clampLimit(limitOf(limit)));
  for (let i = 0; i < entries.length; i++) r.addresses.push(String.UTF8.decode(entries[i].key.parts[0].buffer));
  return r;
}
