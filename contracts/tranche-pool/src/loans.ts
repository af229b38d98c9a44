// Borrowers: a pledged NFT opens a loan request, the manager approves (with the APR) or rejects
// it, the borrower draws the principal and repays it with interest; full repayment returns the
// NFT. Loans accrue simple interest per second on their principal (math.ts) until they are paid,
// defaulted or not; the reserve fee on the interest is fixed when the loan is drawn.

import { fail, failed } from "@persistence-ts/std/error";
import { Decimal } from "@persistence-ts/std/math/decimal";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Key } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { Env, MessageInfo } from "@persistence-ts/std/types/env";
import { Response } from "@persistence-ts/std/types/response";
import { Timestamp } from "@persistence-ts/std/types/timestamp";
import { deliverNft, nftInfo } from "./collateral";
import { Payment, currencyDenom, payout } from "./currency";
import { feeShare, maxAdvance, minOf } from "./math";
import { CollateralStatus, Config, Loan, LoanHookMsg, LoanHookRequestLoan, LoanStatus, NftInfoView, PoolState, ReceiveNftMsg } from "./msg";
import { bookInterest, bookValue, lendable, netDebt, poolAt } from "./pool";
import { applyPolicy, saveLoan, termsOf } from "./policy";
import { MAX_LOAN_DAYS, assertManager, assertNotPaused, assertStatus, assertAcceptedCollection, assertBorrower, loadLoan, nonZero, validApr } from "./rules";
import { LOANS, POOL } from "./state";
import * as ContractError from "./error";

// ---- request ----------------------------------------------------------------------------------

/** cw721 hook: the token is already the pool's; the message says what loan it secures. */
export function receiveNft(env: Env, info: MessageInfo, c: Config, m: ReceiveNftMsg): Response {
  const res = new Response();
  const collection = info.sender;
  if (!assertAcceptedCollection(c, collection) || !assertNotPaused(c, "new loans")) return res;
  const borrower = Addr.validate(m.sender);
  const hook = LoanHookMsg.decode(m.msg);
  if (failed()) return res;
  const req = hook.request_loan!;
  const nft = nftInfo(collection, m.token_id);
  if (nft === null || !validRequest(env.block.time, c, m.token_id, req, nft)) return res;
  const p = POOL.load();
  const loan = new Loan();
  loan.id = p.next_loan_id++;
  loan.borrower = borrower;
  loan.collection = collection;
  loan.token_id = m.token_id;
  loan.face_value = nft.extension.face_value.amount;
  loan.amount = req.amount;
  loan.requested_apr = req.apr;
  loan.maturity = req.maturity;
  loan.status = LoanStatus.requested();
  loan.collateral = CollateralStatus.escrowed();
  loan.accrued_at = env.block.time;
  loan.created_at = env.block.time;
  LOANS.save(Key.u64(loan.id), loan, null);
  POOL.save(p);
  return res
    .addAttribute("action", "request_loan")
    .addAttribute("loan_id", loan.id.toString())
    .addAttribute("borrower", m.sender)
    .addAttribute("collection", collection.toString())
    .addAttribute("token_id", m.token_id)
    .addAttribute("amount", req.amount.toString());
}

/** Same currency, an active asset, amount within the advance rate, maturity before the asset's. */
function validRequest(now: Timestamp, c: Config, tokenId: string, req: LoanHookRequestLoan, nft: NftInfoView): bool {
  const x = nft.extension;
  const cap = maxAdvance(x.face_value.amount, c.advance_rate);
  const denom = currencyDenom(c.currency);
  if (x.face_value.denom != denom) fail(ContractError.collateralDenom(x.face_value.denom, denom));
  else if (x.status.variant != "active") fail(ContractError.collateralNotActive(tokenId, x.status.variant));
  else if (!nonZero("amount", req.amount)) return false;
  else if (req.amount.gt(cap)) fail(ContractError.aboveAdvanceRate(req.amount.toString(), cap.toString(), x.face_value.amount.toString()));
  else if (req.maturity.le(now)) fail(ContractError.maturityPassed());
  else if (now.plusSeconds(MAX_LOAN_DAYS * 86_400).lt(req.maturity)) fail(ContractError.maturityTooFar(MAX_LOAN_DAYS.toString()));
  else if (x.maturity.lt(req.maturity)) fail(ContractError.maturityAfterCollateral(x.maturity.nanos.toString()));
  else if (req.apr !== null) validApr("apr", req.apr!);
  return !failed();
}

// ---- decision ---------------------------------------------------------------------------------

export function approveLoan(sender: Addr, c: Config, id: u64, apr: Decimal): Response {
  const res = new Response();
  if (!assertManager(c, sender, "approve loans")) return res;
  const loan = loadLoan(id);
  if (loan === null || !assertStatus(loan, "requested", "approve") || !validApr("apr", apr)) return res;
  const before = LOANS.indexKeys(loan);
  loan.apr = apr;
  loan.status = LoanStatus.approved();
  LOANS.save(Key.u64(id), loan, before);
  return res.addAttribute("action", "approve_loan").addAttribute("loan_id", id.toString()).addAttribute("apr", apr.toString());
}

/** The manager rejects, or the borrower withdraws, an undrawn request; the NFT goes back. */
export function closeRequest(sender: Addr, c: Config, id: u64, byManager: bool): Response {
  const res = new Response();
  const action = byManager ? "reject" : "cancel";
  if (byManager && !assertManager(c, sender, "reject loans")) return res;
  const loan = loadLoan(id);
  if (loan === null || !assertStatus(loan, "requested approved", action)) return res;
  if (!byManager && !assertBorrower(loan, sender, action)) return res;
  const before = LOANS.indexKeys(loan);
  loan.status = byManager ? LoanStatus.rejected() : LoanStatus.cancelled();
  const back = deliverNft(loan, loan.borrower, CollateralStatus.returned());
  LOANS.save(Key.u64(id), loan, before);
  return res
    .addSubMessage(back)
    .addAttribute("action", action + "_loan")
    .addAttribute("loan_id", id.toString())
    .addAttribute("token_id", loan.token_id);
}

// ---- draw and repay ---------------------------------------------------------------------------

export function draw(env: Env, sender: Addr, c: Config, id: u64): Response {
  const res = new Response();
  const now = env.block.time;
  const loan = loadLoan(id);
  if (loan === null || !assertStatus(loan, "approved", "draw") || !assertBorrower(loan, sender, "draw") || !assertNotPaused(c, "draws")) return res;
  if (loan.maturity.le(now)) {
    fail(ContractError.maturedUndrawn(id.toString()));
    return res;
  }
  const p = poolAt(c, now);
  const available = lendable(p);
  if (available.lt(loan.amount)) {
    fail(ContractError.reserveTooShort(available.toString(), loan.amount.toString()));
    return res;
  }
  p.reserve = p.reserve.sub(loan.amount);
  p.loans_book = p.loans_book.add(loan.amount);
  const before = termsOf(loan);
  loan.principal = loan.amount;
  loan.accrued_at = now;
  loan.drawn_at = now;
  loan.status = LoanStatus.active();
  loan.reserve_fee_bps = c.reserve_fee_bps;
  loan.senior_apr = c.senior_apr;
  saveLoan(p, loan, before);
  POOL.save(p);
  return res
    .addMessage(payout(c, loan.borrower, loan.amount))
    .addAttribute("action", "draw")
    .addAttribute("loan_id", id.toString())
    .addAttribute("amount", loan.amount.toString());
}

/** Interest first, then principal; the reserve fee is taken from the interest part. */
export function repay(env: Env, pay: Payment, c: Config, id: u64): Response {
  const res = new Response();
  const loan = loadLoan(id);
  if (loan === null || !assertStatus(loan, "active", "repay")) return res;
  const p = poolAt(c, env.block.time);
  const before = termsOf(loan);
  const split = payLoan(p, c, loan, pay.amount, env.block.time, "Repayment", false);
  if (split === null) return res;
  res
    .addAttribute("action", "repay")
    .addAttribute("loan_id", id.toString())
    .addAttribute("payer", pay.payer.toString())
    .addAttribute("interest", split.interest.toString())
    .addAttribute("principal", split.principal.toString())
    .addAttribute("reserve_fee", split.fee.toString());
  if (bookedDebt(loan).isZero()) {
    loan.status = LoanStatus.repaid();
    res.addSubMessage(deliverNft(loan, loan.borrower, CollateralStatus.returned())).addAttribute("repaid", "true");
  }
  saveLoan(p, loan, before);
  POOL.save(p);
  return res;
}

/** How a payment on a loan was split. */
export class Split {
  constructor(
    readonly interest: Uint128,
    readonly principal: Uint128,
    readonly fee: Uint128,
  ) {}
}

/**
 * A payment of `cash` on a loan (repay, recover), at most its debt: a repayment pays interest
 * first, a recovery principal first (the fee collector takes its share of interest only once the
 * lenders' principal is back); the reserve fee on the interest part (cumulative, so a loan's fees
 * add up to what NAV left out), the rest into the reserve. The loan's book value falls by what came
 * in net of the fee (once overdue, its base does); whatever exceeds it is a gain for the pool.
 */
export function payLoan(p: PoolState, c: Config, loan: Loan, cash: Uint128, now: Timestamp, what: string, principalFirst: bool): Split | null {
  applyPolicy(p, c, loan, now);
  bookInterest(p, loan, now);
  const debt = bookedDebt(loan);
  if (cash.gt(debt)) {
    fail(ContractError.exceedsDebt(what, cash.toString(), debt.toString()));
    return null;
  }
  const book = bookValue(loan);
  const interest = principalFirst ? cash.sub(minOf(cash, loan.principal)) : minOf(cash, loan.interest);
  const principal = cash.sub(interest);
  const fee = feeShare(loan.interest_paid, interest, loan.reserve_fee_bps);
  loan.interest = loan.interest.sub(interest);
  loan.principal = loan.principal.sub(principal);
  loan.interest_paid = loan.interest_paid.add(interest);
  loan.principal_paid = loan.principal_paid.add(principal);
  if (bookedDebt(loan).isZero()) {
    loan.policy_base = Uint128.zero();
    loan.written_down = Uint128.zero();
  } else if (loan.overdue_at !== null) loan.policy_base = loan.policy_base.saturatingSub(cash.sub(fee));
  else loan.written_down = minOf(loan.written_down, netDebt(loan));
  p.loans_book = p.loans_book.sub(book).add(bookValue(loan));
  p.reserve = p.reserve.add(cash.sub(fee));
  p.fees_owed = p.fees_owed.add(fee);
  return new Split(interest, principal, fee);
}

/** The outstanding debt of a loan whose interest is booked. */
export function bookedDebt(loan: Loan): Uint128 {
  return loan.principal.add(loan.interest);
}
