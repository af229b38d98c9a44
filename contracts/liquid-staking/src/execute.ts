// Execute dispatch: the cw20 variants go to std/cw20, the rest to the pool's handlers. Only
// `bond` accepts funds.

import { executeCw20 } from "@persistence-ts/std/cw20/index";
import { fail, failed } from "@persistence-ts/std/error";
import { OwnershipActionKind, ownershipAttributes, updateOwnership } from "@persistence-ts/std/ownership";
import { nonpayable } from "@persistence-ts/std/types/coin";
import { Env, MessageInfo } from "@persistence-ts/std/types/env";
import { Response } from "@persistence-ts/std/types/response";
import { addValidator, pause, rebalanceStake, removeValidator, sweepDenom, sweepSurplus, unpause, updateConfig, updateWeights } from "./admin";
import { cancelUnbond, queueUnbond, reconcile, submitBatch, withdrawUnbonded } from "./batch";
import { harvest } from "./harvest";
import { ExecuteMsg } from "./msg";
import { bond, instantUnstakeDirect, receive, receiverOr } from "./staker";
import { STATE } from "./state";
import * as ContractError from "./error";

export function execute(env: Env, info: MessageInfo, m: ExecuteMsg): Response {
  if (m.bond !== null) return bond(env, info, m.bond!.receiver);
  nonpayable(info.funds);
  if (failed()) return new Response();
  const cw20 = executeCw20<ExecuteMsg>(env, info, m);
  if (cw20 !== null) return cw20;
  const s = info.sender;
  if (m.receive !== null) return receive(env, info, m.receive!);
  if (m.queue_unbond !== null) return queueUnbond(env, s, m.queue_unbond!.amount, receiverOr(m.queue_unbond!.receiver, s));
  if (m.cancel_unbond !== null) return cancelUnbond(env, s);
  if (m.instant_unstake !== null) {
    const u = m.instant_unstake!;
    return instantUnstakeDirect(env, s, u.amount, u.min_receive, u.receiver);
  }
  if (m.withdraw_unbonded !== null) return withdrawUnbonded(env, s, receiverOr(m.withdraw_unbonded!.receiver, s));
  if (m.submit_batch !== null) return submitBatch(env);
  if (m.reconcile !== null) return reconcile(env);
  if (m.harvest !== null) return harvest(env, s);
  if (m.rebalance !== null) return rebalanceStake(env, s);
  if (m.add_validator !== null) return addValidator(s, m.add_validator!.validator);
  if (m.remove_validator !== null) return removeValidator(env, s, m.remove_validator!.validator);
  if (m.update_weights !== null) return updateWeights(s, m.update_weights!.validators);
  if (m.update_config !== null) return updateConfig(s, m.update_config!);
  if (m.sweep_surplus !== null) return sweepSurplus(env, s, m.sweep_surplus!.recipient);
  if (m.sweep_denom !== null) return sweepDenom(env, s, m.sweep_denom!.denom, m.sweep_denom!.recipient);
  if (m.pause !== null) return pause(s);
  if (m.unpause !== null) return unpause(env, s);
  if (m.update_ownership !== null) {
    // A pause only the owner can lift must not outlive the owner.
    if (m.update_ownership!.kind == OwnershipActionKind.Renounce && STATE.load().paused) fail(ContractError.renounceWhilePaused());
    if (failed()) return new Response();
    return ownershipAttributes(new Response(), updateOwnership(m.update_ownership!, s, env.block));
  }
  return new Response();
}
