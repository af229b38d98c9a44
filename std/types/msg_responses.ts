// Typed decoders for the protobuf responses of the staking and distribution messages a contract
// sends (cosmos-sdk v0.53 proto, x/staking and x/distribution tx.proto). wasmd ≥ 0.50 hands them
// to `reply` in `msg_responses`, one entry per submessage for these modules; they are filled only
// for contracts on CosmWasm ≥ 2.0 (export `requires_cosmwasm_2_0`).
//
//   MsgUndelegateResponse               {Timestamp completion_time = 1; Coin amount = 2}
//   MsgBeginRedelegateResponse          {Timestamp completion_time = 1}
//   MsgWithdrawDelegatorRewardResponse  {repeated Coin amount = 1}

import { fail, failed } from "../error";
import { Uint128 } from "../math/uint128";
import { ProtoReader, ProtoTimestamp, decodeCoin } from "../proto";
import { Coin } from "./coin";
import { Reply } from "./reply";

export const MSG_UNDELEGATE_RESPONSE = "/cosmos.staking.v1beta1.MsgUndelegateResponse";
export const MSG_BEGIN_REDELEGATE_RESPONSE = "/cosmos.staking.v1beta1.MsgBeginRedelegateResponse";
export const MSG_WITHDRAW_DELEGATOR_REWARD_RESPONSE = "/cosmos.distribution.v1beta1.MsgWithdrawDelegatorRewardResponse";

/**
 * The value of the reply's only msg_response, which must have `typeUrl`; a contract error when
 * the reply carries none (a chain below CosmWasm 2.0) or another type.
 */
export function msgResponseOf(reply: Reply, typeUrl: string): Uint8Array {
  const all = reply.msgResponses;
  if (all.length == 1 && all[0].typeUrl == typeUrl) return all[0].value;
  const got = all.length == 0 ? "none" : all.length.toString() + " (first " + all[0].typeUrl + ")";
  fail("Reply " + reply.id.toString() + " must carry one " + typeUrl + " in msg_responses, got " + got);
  return new Uint8Array(0);
}

/** The undelegation's entry: when the chain pays it out and how much it removed from the delegation. */
export class UndelegateResponse {
  completionTime: ProtoTimestamp = new ProtoTimestamp();
  amount: Coin = new Coin("", Uint128.zero());

  static decode(data: Uint8Array): UndelegateResponse {
    const out = new UndelegateResponse();
    const r = new ProtoReader(data, "MsgUndelegateResponse");
    while (r.next()) {
      if (r.field == 1) out.completionTime = ProtoTimestamp.decode(r.bytes());
      else if (r.field == 2) out.amount = decodeCoin(r.bytes());
      else r.skip();
    }
    return out;
  }

  static fromReply(reply: Reply): UndelegateResponse {
    const value = msgResponseOf(reply, MSG_UNDELEGATE_RESPONSE);
    return failed() ? new UndelegateResponse() : UndelegateResponse.decode(value);
  }
}

/**
 * When the redelegation entry matures: now + unbonding time from a bonded source, the source's
 * own unbonding end from an unbonding one, Go's zero time from an unbonded one (no entry).
 */
export class BeginRedelegateResponse {
  completionTime: ProtoTimestamp = new ProtoTimestamp();

  static decode(data: Uint8Array): BeginRedelegateResponse {
    const out = new BeginRedelegateResponse();
    const r = new ProtoReader(data, "MsgBeginRedelegateResponse");
    while (r.next()) {
      if (r.field == 1) out.completionTime = ProtoTimestamp.decode(r.bytes());
      else r.skip();
    }
    return out;
  }

  static fromReply(reply: Reply): BeginRedelegateResponse {
    const value = msgResponseOf(reply, MSG_BEGIN_REDELEGATE_RESPONSE);
    return failed() ? new BeginRedelegateResponse() : BeginRedelegateResponse.decode(value);
  }
}

/** The rewards sent to the withdraw address (truncated; one zero coin of the base denom when none). */
export class WithdrawDelegatorRewardResponse {
  amount: Coin[] = [];

  static decode(data: Uint8Array): WithdrawDelegatorRewardResponse {
    const out = new WithdrawDelegatorRewardResponse();
    const r = new ProtoReader(data, "MsgWithdrawDelegatorRewardResponse");
    while (r.next()) {
      if (r.field == 1) out.amount.push(decodeCoin(r.bytes()));
      else r.skip();
    }
    return out;
  }

  static fromReply(reply: Reply): WithdrawDelegatorRewardResponse {
    const value = msgResponseOf(reply, MSG_WITHDRAW_DELEGATOR_REWARD_RESPONSE);
    return failed() ? new WithdrawDelegatorRewardResponse() : WithdrawDelegatorRewardResponse.decode(value);
  }

  /** The amount of `denom` (0 when absent). */
  amountOf(denom: string): Uint128 {
    let total = Uint128.zero();
    for (let i = 0; i < this.amount.length; i++) if (this.amount[i].denom == denom) total = total.add(this.amount[i].amount);
    return total;
  }
}
