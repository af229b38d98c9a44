// Execute dispatch: payments are taken only by deposit, repay and recover — coins attached in a
// native pool, or in a CW20 pool the pool token's `receive` hook carrying the same three messages
// (currency.ts); every other message is nonpayable. The handlers live by domain in lenders.ts,
// epoch.ts, loans.ts, defaults.ts and admin.ts; each stops at the first error, so state is only
// written once all checks passed.

import { failed } from "@persistence-ts/std/error";
import { ownershipAttributes, updateOwnership } from "@persistence-ts/std/ownership";
import { nonpayable } from "@persistence-ts/std/types/coin";
import { Env, MessageInfo } from "@persistence-ts/std/types/env";
import { Response } from "@persistence-ts/std/types/response";
import { assertMayRenounce, cancelConfigChange, collectFees, setPaused, updateAllowlist, updateCollections, updateConfig } from "./admin";
import { attachedPayment, receivedPayment } from "./currency";
import { withdrawCollateral } from "./collateral";
import { withdrawPayout } from "./payouts";
import { claimCollateral, closeRecovery, markDefault, recover, writeDown, writeOff } from "./defaults";
import { processEpoch } from "./epoch";
import { cancelDeposit, cancelRedemption, deposit, redeem, transferShares } from "./lenders";
import { approveLoan, closeRequest, draw, receiveNft, repay } from "./loans";
import { Config, Cw20HookMsg, Cw20ReceiveMsg, ExecuteMsg } from "./msg";
import { CONFIG } from "./state";

export function execute(env: Env, info: MessageInfo, m: ExecuteMsg): Response {
  const payable = m.deposit !== null || m.repay !== null || m.recover !== null;
  if (!payable) nonpayable(info.funds);
  const c = CONFIG.load();
  if (failed()) return new Response();
  const s = info.sender;
  if (payable) {
    const pay = attachedPayment(c, info);
    if (pay === null) return new Response();
    if (m.deposit !== null) return deposit(env, pay, c, m.deposit!.tranche);
    if (m.repay !== null) return repay(env, pay, c, m.repay!.loan_id);
    return recover(env, pay, c, m.recover!.loan_id);
  }
  if (m.receive !== null) return receiveCw20(env, info, c, m.receive!);
  if (m.redeem !== null) return redeem(env, s, m.redeem!.tranche, m.redeem!.shares, m.redeem!.min_price);
  if (m.cancel_redemption !== null) return cancelRedemption(s, m.cancel_redemption!.request_id);
  if (m.cancel_deposit !== null) return cancelDeposit(s, c, m.cancel_deposit!.order_id);
  if (m.transfer_shares !== null) {
    const t = m.transfer_shares!;
    return transferShares(s, c, t.tranche, t.recipient, t.shares);
  }
  if (m.process_epoch !== null) return processEpoch(env, c, m.process_epoch!.limit);
  if (m.receive_nft !== null) return receiveNft(env, info, c, m.receive_nft!);
  if (m.approve_loan !== null) return approveLoan(s, c, m.approve_loan!.loan_id, m.approve_loan!.apr);
  if (m.reject_loan !== null) return closeRequest(s, c, m.reject_loan!.loan_id, true);
  if (m.cancel_loan !== null) return closeRequest(s, c, m.cancel_loan!.loan_id, false);
  if (m.draw !== null) return draw(env, s, c, m.draw!.loan_id);
  if (m.mark_default !== null) return markDefault(env, s, c, m.mark_default!.loan_id);
  if (m.write_down !== null) return writeDown(env, s, c, m.write_down!);
  if (m.claim_collateral !== null) return claimCollateral(s, c, m.claim_collateral!.loan_id, m.claim_collateral!.recipient);
  if (m.write_off !== null) return writeOff(env, s, c, m.write_off!.loan_id);
  if (m.close_recovery !== null) return closeRecovery(s, c, m.close_recovery!.loan_id);
  if (m.withdraw_payout !== null) return withdrawPayout(c, s, m.withdraw_payout!.recipient);
  if (m.withdraw_collateral !== null) return withdrawCollateral(env, s, m.withdraw_collateral!.loan_id, m.withdraw_collateral!.recipient);
  if (m.collect_fees !== null) return collectFees(c);
  if (m.update_config !== null) return updateConfig(env, s, c, m.update_config!);
  if (m.cancel_config_change !== null) return cancelConfigChange(s);
  if (m.update_collections !== null) return updateCollections(s, c, m.update_collections!.add, m.update_collections!.remove);
  if (m.update_allowlist !== null) return updateAllowlist(s, c, m.update_allowlist!.add, m.update_allowlist!.remove);
  if (m.set_paused !== null) return setPaused(s, c, m.set_paused!.paused);
  if (m.update_ownership !== null) {
    if (!assertMayRenounce(c, m.update_ownership!)) return new Response();
    return ownershipAttributes(new Response(), updateOwnership(m.update_ownership!, s, env.block));
  }
  return new Response();
}

/**
 * cw20 hook: info.sender is the token contract, which has already credited the pool with
 * `amount` (the whole transaction, that credit included, is undone if the hook fails). Only the
 * pool's own token of a CW20 pool pays; the hook's `sender` is the payer (the lender of a deposit).
 */
function receiveCw20(env: Env, info: MessageInfo, c: Config, hook: Cw20ReceiveMsg): Response {
  const pay = receivedPayment(c, info.sender, hook.sender, hook.amount);
  if (pay === null) return new Response();
  const m = Cw20HookMsg.decode(hook.msg);
  if (failed()) return new Response();
  if (m.deposit !== null) return deposit(env, pay, c, m.deposit!.tranche);
  if (m.repay !== null) return repay(env, pay, c, m.repay!.loan_id);
  return recover(env, pay, c, m.recover!.loan_id);
}
