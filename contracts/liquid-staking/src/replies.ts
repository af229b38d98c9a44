// Reply dispatch. Every reply reads what the chain answered for one submessage (its
// msg_responses, CosmWasm ≥ 2.0) and the payload the contract attached to it:
//   1 harvest withdrawal   MsgWithdrawDelegatorRewardResponse.amount: the rewards paid
//   2 batch undelegation   MsgUndelegateResponse: what the chain undelegated and when it pays
//   3 redelegation         MsgBeginRedelegateResponse: when the entry completes
//   4 last delegation      only the BalanceCheck: the rewards the delegations' hooks paid

import { fail } from "@persistence-ts/std/error";
import { Env } from "@persistence-ts/std/types/env";
import { Reply } from "@persistence-ts/std/types/reply";
import { Response } from "@persistence-ts/std/types/response";
import { onRedelegateReply } from "./admin";
import { onUndelegateReply } from "./batch";
import { REPLY_WITHDRAW, onWithdrawReply } from "./harvest";
import { BalanceCheck } from "./msg";
import { bookHookRewards } from "./rewards";
import { REPLY_DELEGATE, REPLY_REDELEGATE, REPLY_UNDELEGATE } from "./staking";
import { STATE } from "./state";
import * as ContractError from "./error";

export function onReply(env: Env, reply: Reply): Response {
  if (reply.id == REPLY_WITHDRAW) return onWithdrawReply(env, reply);
  if (reply.id == REPLY_UNDELEGATE) return onUndelegateReply(env, reply);
  if (reply.id == REPLY_REDELEGATE) return onRedelegateReply(env, reply);
  if (reply.id == REPLY_DELEGATE) return onDelegateReply(env, reply);
  fail(ContractError.unknownReply(reply.id.toString()));
  return new Response();
}

function onDelegateReply(env: Env, reply: Reply): Response {
  const check = BalanceCheck.decode(reply.payload);
  const state = STATE.load();
  const res = new Response();
  bookHookRewards(state, check, env, res);
  STATE.save(state);
  return res;
}
