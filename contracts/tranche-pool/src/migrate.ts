// Migrations of the stored state from earlier versions. Each step rewrites the records whose
// layout changed and leaves the rest alone; the result must decode as the current types.
//
//   0.1.0 → 0.2.0: the currency, a denom string, becomes a Currency ({"native": denom}).
//   0.2.0 → 0.3.0: epoch orders, the write-off policy, the fee netted out of NAV, senior
//     interest on deployed principal. New fields are appended to the stored JSON (the reader
//     takes fields in any order) and then filled in: the config gets the default policy
//     (no grace, 90 days to 100 %), a timelock of max(1 day, epoch_seconds) and limits fixed at
//     today's terms (they can no longer move); every drawn loan has its interest booked up to
//     now and its reserve fee and senior APR fixed at today's; the pool's
//     loan book is recomputed net of the fee, T accrues once more the 0.2.0 way up to now and
//     becomes senior's principal, from which it grows by simple interest on the deployed part.
//     Defaulted loans accrue interest again from now. Open redemption requests stay as they
//     are (orders for the next close); an epoch being settled carries on.

import { fromUtf8, utf8 } from "@persistence-ts/std/encoding";
import { fail, failed } from "@persistence-ts/std/error";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Uint256 } from "@persistence-ts/std/math/uint256";
import { Key, concat, lengthPrefixed, prefixEnd } from "@persistence-ts/std/storage/key";
import { Order, storageGet, storageScan, storageSet } from "@persistence-ts/std/storage/kv";
import { Timestamp } from "@persistence-ts/std/types/timestamp";
import { accrueTarget, interestDue, interestOver, interestRate, minOf } from "./math";
import { Config, Loan, PoolState } from "./msg";
import { bookValue, isDrawn, netDebt } from "./pool";
import { LoanTerms, reconcile } from "./policy";
import { AWAITING, CONFIG, LOANS, POOL } from "./state";
import * as ContractError from "./error";

const DAY: u64 = 86_400;
/** The write-off policy a migrated pool starts with (the owner may change it through the timelock). */
const DEFAULT_WRITEOFF_PERIOD: u64 = 90 * DAY;
const SCAN_PAGE: i32 = 100;

export function migrateFrom(from: string, now: Timestamp): void {
  if (from == "0.1.0") currencyFrom010();
  if (from == "0.1.0" || from == "0.2.0") to030(now);
}

/**
 * 0.1.0 stored the currency as a native denom string, `{"currency":"uusdc",…}` (always the first
 * field, and a denom holds no quote); since 0.2.0 it is a Currency, `{"currency":{"native":"uusdc"},…}`.
 */
function currencyFrom010(): void {
  const key = utf8("config");
  const raw = storageGet(key);
  const head = '{"currency":"';
  const text = raw === null ? "" : fromUtf8(raw);
  const end = text.indexOf('"', head.length);
  if (!text.startsWith(head) || end < 0) {
    fail(ContractError.unexpectedLayout("0.1.0 config"));
    return;
  }
  const denom = text.substring(head.length, end);
  storageSet(key, utf8('{"currency":{"native":"' + denom + '"}' + text.substring(end + 1)));
}

/** `{…}` with `fields` (`"k":v,…`) added before its closing brace. */
function appended(raw: Uint8Array | null, fields: string, what: string): Uint8Array {
  const text = raw === null ? "" : fromUtf8(raw);
  if (!text.endsWith("}")) {
    fail(ContractError.unexpectedLayout(what));
    return new Uint8Array(0);
  }
  return utf8(text.substring(0, text.length - 1) + "," + fields + "}");
}

function appendItem(name: string, fields: string): void {
  const key = utf8(name);
  const raw = appended(storageGet(key), fields, name);
  if (!failed()) storageSet(key, raw);
}

function to030(now: Timestamp): void {
  const limits = '{"senior_apr_min":"0","senior_apr_max":"0","min_junior_ratio_min":"0","min_junior_ratio_max":"0","reserve_fee_bps_max":0}';
  appendItem("config", '"writeoff_grace":0,"writeoff_period":' + DEFAULT_WRITEOFF_PERIOD.toString() + ',"timelock_seconds":0,"test_timings":false,"limits":' + limits);
  const c = CONFIG.load();
  if (failed()) return;
  c.timelock_seconds = c.epoch_seconds > DAY ? c.epoch_seconds : DAY;
  // A migrated pool's lenders entered without limits: its terms stay where they are.
  c.limits.senior_apr_min = c.senior_apr;
  c.limits.senior_apr_max = c.senior_apr;
  c.limits.min_junior_ratio_min = c.min_junior_ratio;
  c.limits.min_junior_ratio_max = c.min_junior_ratio;
  c.limits.reserve_fee_bps_max = c.reserve_fee_bps;
  CONFIG.save(c);

  const zero = '"0"';
  appendItem(
    "pool",
    '"senior_principal":' + zero + ',"loans_principal":' + zero + ',"senior_deposits":' + zero + ',"junior_deposits":' + zero + ',"reserved":' + zero +
      ',"ramp_base":' + zero + ',"ramp_base_start":' + zero + ',"markdown_complete":' + zero + ',"marked_loans":0,"senior_rate":' + zero +
      ',"overdue_base":' + zero + ',"grandfathered_ratio":' + zero + ',"grandfathered_below":0,"junior_queued_grandfathered":' + zero + ',"owed_payouts":' + zero,
  );
  const fill = '{"ordered":"0","accepted":"0","minted":"0","settled":"0"}';
  const queue = '{"queued":"0","filled":"0","paid":"0","settled":"0"}';
  appendItem("epoch", '"senior_deposits":' + fill + ',"junior_deposits":' + fill + ',"deposit_cursor":0,"junior_grandfathered":' + queue + ',"grandfathered_below":0');
  const p = POOL.load();
  if (failed()) return;
  // T accrues the 0.2.0 way (on T itself) up to now; from now on it grows on deployed principal.
  const seconds = now.seconds() > p.accrued_at.seconds() ? now.seconds() - p.accrued_at.seconds() : 0;
  const t = accrueTarget(p.senior_target, p.senior_target_remainder, p.senior_target, c.senior_apr, seconds);
  p.senior_target = t.amount;
  p.senior_target_remainder = t.remainder;
  p.senior_principal = t.amount;
  p.accrued_at = now;
  p.loans_book = Uint128.zero();
  p.loan_rate = Uint256.zero().toString();
  p.unbooked_interest = Uint256.zero().toString();
  migrateLoans(p, c, now);
  POOL.save(p);
}

/** Rewrites every loan in the 0.3.0 layout and rebuilds the pool's loan aggregates from them. */
function migrateLoans(p: PoolState, c: Config, now: Timestamp): void {
  const ns = lengthPrefixed(utf8("loans"));
  const end = prefixEnd(ns);
  let start: Uint8Array | null = ns;
  const fields =
    '"reserve_fee_bps":' + c.reserve_fee_bps.toString() + ',"policy_base":"0","marked_from":null,"fully_marked":false,"overdue_at":null,"senior_apr":"' + c.senior_apr.toString() + '","collateral_to":null,"recovery_open":false';
  while (!failed()) {
    const page = storageScan(start, end, Order.Ascending, SCAN_PAGE);
    for (let i = 0; i < page.length && !failed(); i++) {
      storageSet(page[i].key, appended(page[i].value, fields, "loan"));
      const loan = Loan.decode(storageGet(page[i].key)!);
      if (!failed() && isDrawn(loan)) migrateDrawn(p, loan, now);
    }
    if (page.length < SCAN_PAGE) return;
    start = concat(page[page.length - 1].key, new Uint8Array(1));
  }
}

/**
 * A drawn loan: its interest booked up to now (0.2.0 froze a defaulted loan's; it accrues again
 * from now), then counted from scratch in the pool's aggregates, which start from zero.
 */
function migrateDrawn(p: PoolState, loan: Loan, now: Timestamp): void {
  const indexKeys = LOANS.indexKeys(loan);
  if (loan.status.variant == "active" && now.seconds() > loan.accrued_at.seconds()) {
    const seconds = now.seconds() - loan.accrued_at.seconds();
    loan.interest = loan.interest.add(interestDue(interestOver(interestRate(loan.principal, loan.apr), seconds)));
  }
  loan.accrued_at = now;
  loan.written_down = minOf(loan.written_down, netDebt(loan));
  p.loans_book = p.loans_book.add(bookValue(loan));
  const after = reconcile(p, new LoanTerms(), loan);
  LOANS.save(Key.u64(loan.id), loan, indexKeys);
  AWAITING.save(after.awaiting!, true);
}
