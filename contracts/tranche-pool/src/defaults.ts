// Defaults: an overdue loan is marked defaulted (it stops accruing), written down to what the
// manager expects to recover (junior absorbs it first: senior value = min(T, A)), its NFT may be
// claimed for recovery, and recovered cash comes back into the reserve.

import { fail, failed } from "../../../std/error";
import { Decimal } from "../../../std/math/decimal";
import { Uint128 } from "../../../std/math/uint128";
import { Key } from "../../../std/storage/key";
import { Addr } from "../../../std/types/addr";
import { Env } from "../../../std/types/env";
import { Response } from "../../../std/types/response";
import { Timestamp } from "../../../std/types/timestamp";
import { transferNft } from "./collateral";
import { Payment } from "./currency";
import { bookedDebt } from "./loans";
import { writeDownOf } from "./math";
import { CollateralStatus, Config, ExecuteWriteDown, Loan, LoanStatus, PoolState, Tranche } from "./msg";
import { bookInterest, poolAt, stopAccruing, trancheValue } from "./pool";
import { assertManager, hasStatus, isManager, loadLoan, nonZero } from "./rules";
import { LOANS, POOL } from "./state";

/** maturity + grace: from then on the manager may mark the loan defaulted. */
export function defaultAfter(c: Config, loan: Loan): Timestamp {
  return loan.maturity.plusSeconds(c.grace_period);
}

/** maturity + grace + public delay: from then on anyone may. */
export function publicDefaultAfter(c: Config, loan: Loan): Timestamp {
  return defaultAfter(c, loan).plusSeconds(c.public_default_delay);
}

/** What a loan counts for in pool assets once its interest is booked. */
function bookValue(loan: Loan): Uint128 {
  return bookedDebt(loan).sub(loan.written_down);
}

export function markDefault(env: Env, sender: Addr, c: Config, id: u64): Response {
  const res = new Response();
  const now = env.block.time;
  const loan = loadLoan(id);
  if (loan === null || !hasStatus(loan, "active", "mark default on")) return res;
  const manager = defaultAfter(c, loan);
  const anyone = publicDefaultAfter(c, loan);
  if (now.lt(manager)) fail("Loan " + id.toString() + " is not overdue: it may be marked defaulted from " + manager.nanos.toString() + " (maturity + grace period)");
  else if (now.lt(anyone) && !isManager(c, sender)) fail("Only the pool manager may mark loan " + id.toString() + " defaulted before " + anyone.nanos.toString() + "; anyone may after");
  if (failed()) return res;
  const p = poolAt(c, now);
  const before = LOANS.indexKeys(loan);
  bookInterest(p, loan, now);
  stopAccruing(p, loan.principal, loan.apr);
  loan.status = LoanStatus.defaulted();
  loan.defaulted_at = now;
  LOANS.save(Key.u64(id), loan, before);
  POOL.save(p);
  return res
    .addAttribute("action", "mark_default")
    .addAttribute("loan_id", id.toString())
    .addAttribute("sender", sender.toString())
    .addAttribute("debt", bookedDebt(loan).toString());
}

export function writeDown(env: Env, sender: Addr, c: Config, m: ExecuteWriteDown): Response {
  const res = new Response();
  if (!assertManager(c, sender, "write down loans")) return res;
  const loan = loadLoan(m.loan_id);
  if (loan === null || !hasStatus(loan, "defaulted", "write down")) return res;
  const amount = writeDownAmount(loan, m.amount, m.percent);
  if (failed()) return res;
  const p = poolAt(c, env.block.time);
  const before = LOANS.indexKeys(loan);
  loan.written_down = loan.written_down.add(amount);
  p.loans_book = p.loans_book.sub(amount);
  LOANS.save(Key.u64(m.loan_id), loan, before);
  POOL.save(p);
  res
    .addAttribute("action", "write_down")
    .addAttribute("loan_id", m.loan_id.toString())
    .addAttribute("amount", amount.toString())
    .addAttribute("book_value", bookValue(loan).toString());
  return valuesAfter(p, res);
}

/** Exactly one of an amount or a percent of the debt, never beyond the book value. */
function writeDownAmount(loan: Loan, amount: Uint128 | null, percent: Decimal | null): Uint128 {
  const book = bookValue(loan);
  if ((amount === null) == (percent === null)) {
    fail("Invalid write_down: give exactly one of amount or percent");
    return Uint128.zero();
  }
  if (book.isZero()) {
    fail("Loan " + loan.id.toString() + " is already written down to zero");
    return Uint128.zero();
  }
  if (amount !== null) {
    if (nonZero("amount", amount) && amount.gt(book)) fail("Write-down of " + amount.toString() + " exceeds the loan's book value of " + book.toString());
    return amount;
  }
  const pct = percent!;
  if (pct.isZero() || pct.gt(Decimal.one())) {
    fail("Invalid percent: " + pct.toString() + " must be in (0, 1]");
    return Uint128.zero();
  }
  const x = writeDownOf(bookedDebt(loan), pct);
  return x.lt(book) ? x : book;
}

function valuesAfter(p: PoolState, res: Response): Response {
  return res
    .addAttribute("senior_value", trancheValue(p, Tranche.senior()).toString())
    .addAttribute("junior_value", trancheValue(p, Tranche.junior()).toString());
}

export function claimCollateral(sender: Addr, c: Config, id: u64, recipientText: string | null): Response {
  const res = new Response();
  if (!assertManager(c, sender, "claim collateral")) return res;
  const recipient = recipientText === null ? sender : Addr.validate(recipientText);
  const loan = loadLoan(id);
  if (failed() || loan === null || !hasStatus(loan, "defaulted", "claim the collateral of")) return res;
  if (loan.collateral.variant != "escrowed") {
    fail("The collateral of loan " + id.toString() + " is " + loan.collateral.variant);
    return res;
  }
  const before = LOANS.indexKeys(loan);
  loan.collateral = CollateralStatus.claimed();
  LOANS.save(Key.u64(id), loan, before);
  return res
    .addMessage(transferNft(loan.collection, loan.token_id, recipient))
    .addAttribute("action", "claim_collateral")
    .addAttribute("loan_id", id.toString())
    .addAttribute("recipient", recipient.toString())
    .addAttribute("token_id", loan.token_id);
}

/**
 * Cash recovered on a defaulted loan pays its debt (interest first) into the reserve. Up to
 * the book value it only turns loan into cash; beyond it reverses write-downs, a gain for the pool.
 */
export function recover(env: Env, pay: Payment, c: Config, id: u64): Response {
  const res = new Response();
  const cash = pay.amount;
  const loan = loadLoan(id);
  if (loan === null || !hasStatus(loan, "defaulted", "recover")) return res;
  const debt = bookedDebt(loan);
  if (cash.gt(debt)) {
    fail("Recovery of " + cash.toString() + " exceeds the debt of " + debt.toString());
    return res;
  }
  const p = poolAt(c, env.block.time);
  const before = LOANS.indexKeys(loan);
  const bookBefore = bookValue(loan);
  const interest = cash.lt(loan.interest) ? cash : loan.interest;
  loan.interest = loan.interest.sub(interest);
  loan.principal = loan.principal.sub(cash.sub(interest));
  loan.recovered = loan.recovered.add(cash);
  const left = bookedDebt(loan);
  if (loan.written_down.gt(left)) loan.written_down = left;
  p.reserve = p.reserve.add(cash);
  p.loans_book = p.loans_book.sub(bookBefore).add(bookValue(loan));
  res.addAttribute("action", "recover").addAttribute("loan_id", id.toString()).addAttribute("amount", cash.toString());
  if (left.isZero()) {
    loan.status = LoanStatus.recovered();
    if (loan.collateral.variant == "escrowed") {
      loan.collateral = CollateralStatus.returned();
      res.addMessage(transferNft(loan.collection, loan.token_id, loan.borrower));
    }
  }
  LOANS.save(Key.u64(id), loan, before);
  POOL.save(p);
  return valuesAfter(p, res);
}
