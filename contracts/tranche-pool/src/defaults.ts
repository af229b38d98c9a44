// Defaults: an overdue loan is marked defaulted (it keeps accruing: the borrower owes the late
// interest too), which lets the manager claim its NFT to recover value; cash recovered comes back
// into the reserve, principal first, then interest with the reserve fee on it. The write-off
// policy (policy.ts) values overdue loans whether marked defaulted or not; the manager may write
// a drawn loan down further (junior absorbs it first: senior value = min(T, A)), and write off a
// defaulted loan whose collateral is out of escrow (claimed, or held or lost after a refused
// transfer): its loss is realised and its principal stops earning senior interest, but recoveries
// still come in — to the holders who bore the loss, as junior deposits keep waiting — until the
// manager closes its recovery.

import { fail, failed } from "@persistence-ts/std/error";
import { Decimal } from "@persistence-ts/std/math/decimal";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Key } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { Env } from "@persistence-ts/std/types/env";
import { Response } from "@persistence-ts/std/types/response";
import { Timestamp } from "@persistence-ts/std/types/timestamp";
import { deliverNft } from "./collateral";
import { Payment } from "./currency";
import { bookedDebt, payLoan } from "./loans";
import { writeDownOf } from "./math";
import { CollateralStatus, Config, ExecuteWriteDown, Loan, LoanStatus, PoolState, Tranche } from "./msg";
import { bookInterest, bookValue, poolAt, trancheValue } from "./pool";
import { applyPolicy, loanMarkdown, saveLoan, termsOf } from "./policy";
import { assertManager, assertStatus, isManager, loadLoan, nonZero } from "./rules";
import { LOANS, POOL } from "./state";
import * as ContractError from "./error";

/** maturity + grace: from then on the manager may mark the loan defaulted. */
export function defaultAfter(c: Config, loan: Loan): Timestamp {
  return loan.maturity.plusSeconds(c.grace_period);
}

/** maturity + grace + public delay: from then on anyone may. */
export function publicDefaultAfter(c: Config, loan: Loan): Timestamp {
  return defaultAfter(c, loan).plusSeconds(c.public_default_delay);
}

/** A drawn loan with the policy applied and its interest booked up to now. */
function brought(p: PoolState, c: Config, loan: Loan, now: Timestamp): void {
  applyPolicy(p, c, loan, now);
  bookInterest(p, loan, now);
}

export function markDefault(env: Env, sender: Addr, c: Config, id: u64): Response {
  const res = new Response();
  const now = env.block.time;
  const loan = loadLoan(id);
  if (loan === null || !assertStatus(loan, "active", "mark default on")) return res;
  const manager = defaultAfter(c, loan);
  const anyone = publicDefaultAfter(c, loan);
  if (now.lt(manager)) fail(ContractError.notOverdue(id.toString(), manager.nanos.toString()));
  else if (now.lt(anyone) && !isManager(c, sender)) fail(ContractError.defaultByManagerOnly(id.toString(), anyone.nanos.toString()));
  if (failed()) return res;
  const p = poolAt(c, now);
  const before = termsOf(loan);
  applyPolicy(p, c, loan, now);
  loan.status = LoanStatus.defaulted();
  loan.defaulted_at = now;
  applyPolicy(p, c, loan, now); // defaulted at its very maturity: overdue from now
  bookInterest(p, loan, now);
  saveLoan(p, loan, before);
  POOL.save(p);
  return res
    .addAttribute("action", "mark_default")
    .addAttribute("loan_id", id.toString())
    .addAttribute("sender", sender.toString())
    .addAttribute("debt", bookedDebt(loan).toString());
}

/** The manager writes a drawn loan down, on top of the policy: off its book value (its base in its write-off period). */
export function writeDown(env: Env, sender: Addr, c: Config, m: ExecuteWriteDown): Response {
  const res = new Response();
  if (!assertManager(c, sender, "write down loans")) return res;
  const loan = loadLoan(m.loan_id);
  if (loan === null || !assertStatus(loan, "active defaulted", "write down")) return res;
  const now = env.block.time;
  const p = poolAt(c, now);
  const before = termsOf(loan);
  brought(p, c, loan, now);
  const amount = writeDownAmount(loan, m.amount, m.percent);
  if (failed()) return res;
  const valueBefore = bookValue(loan).sub(loanMarkdown(c, loan, now));
  if (loan.overdue_at !== null) loan.policy_base = loan.policy_base.sub(amount);
  loan.written_down = loan.written_down.add(amount);
  p.loans_book = p.loans_book.sub(amount);
  saveLoan(p, loan, before);
  POOL.save(p);
  const value = bookValue(loan).sub(loanMarkdown(c, loan, now));
  res
    .addAttribute("action", "write_down")
    .addAttribute("loan_id", m.loan_id.toString())
    .addAttribute("amount", amount.toString())
    .addAttribute("loss", valueBefore.sub(value).toString())
    .addAttribute("book_value", value.toString());
  return valuesAfter(p, c, res);
}

/** Exactly one of an amount or a percent of the debt, never beyond the book value. */
function writeDownAmount(loan: Loan, amount: Uint128 | null, percent: Decimal | null): Uint128 {
  const book = bookValue(loan);
  if ((amount === null) == (percent === null)) {
    fail(ContractError.writeDownNotOne());
    return Uint128.zero();
  }
  if (book.isZero()) {
    fail(ContractError.writtenDownToZero(loan.id.toString()));
    return Uint128.zero();
  }
  if (amount !== null) {
    if (nonZero("amount", amount) && amount.gt(book)) fail(ContractError.writeDownAboveBook(amount.toString(), book.toString()));
    return amount;
  }
  const pct = percent!;
  if (pct.isZero() || pct.gt(Decimal.one())) {
    fail(ContractError.invalidPercent(pct.toString()));
    return Uint128.zero();
  }
  const x = writeDownOf(bookedDebt(loan), pct);
  return x.lt(book) ? x : book;
}

function valuesAfter(p: PoolState, c: Config, res: Response): Response {
  return res
    .addAttribute("senior_value", trancheValue(p, c, Tranche.senior()).toString())
    .addAttribute("junior_value", trancheValue(p, c, Tranche.junior()).toString());
}

export function claimCollateral(sender: Addr, c: Config, id: u64, recipientText: string | null): Response {
  const res = new Response();
  if (!assertManager(c, sender, "claim collateral")) return res;
  const recipient = recipientText === null ? sender : Addr.validate(recipientText);
  const loan = loadLoan(id);
  if (failed() || loan === null || !assertStatus(loan, "defaulted", "claim the collateral of")) return res;
  if (loan.collateral.variant != "escrowed") {
    fail(ContractError.collateralNotEscrowed(id.toString(), loan.collateral.variant));
    return res;
  }
  const before = LOANS.indexKeys(loan);
  const claim = deliverNft(loan, recipient, CollateralStatus.claimed());
  LOANS.save(Key.u64(id), loan, before);
  return res
    .addSubMessage(claim)
    .addAttribute("action", "claim_collateral")
    .addAttribute("loan_id", id.toString())
    .addAttribute("recipient", recipient.toString())
    .addAttribute("token_id", loan.token_id);
}

/**
 * Cash recovered on a defaulted loan, or a written-off one whose recovery is open, pays its debt
 * (principal first, then interest with the reserve fee) into the reserve. Up to the loan's value
 * it only turns loan into cash; beyond it (and all of it on a written-off loan) it is a gain for
 * the holders, who bore the loss.
 */
export function recover(env: Env, pay: Payment, c: Config, id: u64): Response {
  const res = new Response();
  const cash = pay.amount;
  const loan = loadLoan(id);
  if (loan === null || !assertStatus(loan, "defaulted written_off", "recover")) return res;
  if (loan.status.variant == "written_off" && !loan.recovery_open) {
    fail(ContractError.recoveryClosed(id.toString()));
    return res;
  }
  const p = poolAt(c, env.block.time);
  const before = termsOf(loan);
  const split = payLoan(p, c, loan, cash, env.block.time, "Recovery", true);
  if (split === null) return res;
  loan.recovered = loan.recovered.add(cash);
  res
    .addAttribute("action", "recover")
    .addAttribute("loan_id", id.toString())
    .addAttribute("amount", cash.toString())
    .addAttribute("principal", split.principal.toString())
    .addAttribute("interest", split.interest.toString())
    .addAttribute("reserve_fee", split.fee.toString());
  if (bookedDebt(loan).isZero()) {
    loan.status = LoanStatus.recovered();
    loan.recovery_open = false;
    if (loan.collateral.variant == "escrowed") res.addSubMessage(deliverNft(loan, loan.borrower, CollateralStatus.returned()));
  }
  saveLoan(p, loan, before);
  POOL.save(p);
  return valuesAfter(p, c, res);
}

/**
 * The manager realises the loss of a defaulted loan once its collateral is out of escrow
 * (claimed; held or lost after the collection refused the claim): what is left of its value
 * leaves NAV and its principal stops earning senior interest. The debt stays on record and
 * recoveries still come in until the manager closes the recovery (close_recovery); until then
 * junior deposits keep waiting, so a late recovery goes to the holders who bore the loss.
 */
export function writeOff(env: Env, sender: Addr, c: Config, id: u64): Response {
  const res = new Response();
  if (!assertManager(c, sender, "write off loans")) return res;
  const loan = loadLoan(id);
  if (loan === null || !assertStatus(loan, "defaulted", "write off")) return res;
  if (loan.collateral.variant == "escrowed") {
    fail(ContractError.collateralStillEscrowed(id.toString()));
    return res;
  }
  const now = env.block.time;
  const p = poolAt(c, now);
  const before = termsOf(loan);
  brought(p, c, loan, now);
  const book = bookValue(loan);
  const value = book.sub(loanMarkdown(c, loan, now));
  p.loans_book = p.loans_book.sub(book);
  loan.status = LoanStatus.written_off();
  loan.recovery_open = true;
  saveLoan(p, loan, before);
  POOL.save(p);
  res
    .addAttribute("action", "write_off")
    .addAttribute("loan_id", id.toString())
    .addAttribute("debt", bookedDebt(loan).toString())
    .addAttribute("value", value.toString());
  return valuesAfter(p, c, res);
}

/** The manager ends a written-off loan's recovery: no more recoveries; it no longer keeps junior deposits waiting. */
export function closeRecovery(sender: Addr, c: Config, id: u64): Response {
  const res = new Response();
  if (!assertManager(c, sender, "close recoveries")) return res;
  const loan = loadLoan(id);
  if (loan === null || !assertStatus(loan, "written_off", "close the recovery of")) return res;
  if (!loan.recovery_open) {
    fail(ContractError.recoveryAlreadyClosed(id.toString()));
    return res;
  }
  const p = POOL.load();
  const before = termsOf(loan);
  loan.recovery_open = false;
  saveLoan(p, loan, before);
  POOL.save(p);
  return res.addAttribute("action", "close_recovery").addAttribute("loan_id", id.toString()).addAttribute("recovered", loan.recovered.toString());
}
