// The Msg*Response of each SDK message a contract's CosmosMsg becomes, as protobuf bytes with their
// type URL: what the chain's msg service router returns (baseapp WrapServiceResult: Data =
// proto.Marshal(response), MsgResponses = [Any(response)]) and wasmd v0.60.2 hands to a reply
// (x/wasm/keeper/msg_dispatcher.go DispatchSubmessages). Encoded with cosmjs-types, generated from
// the same .proto files as the chain's gogoproto types; both write fields in field order and omit
// proto3 zero scalars, and a non-nullable message field (a Coin, a Timestamp) is always written.

import { Coin as ProtoCoin } from "cosmjs-types/cosmos/base/v1beta1/coin";
import { MsgBeginRedelegateResponse, MsgDelegateResponse, MsgUndelegateResponse } from "cosmjs-types/cosmos/staking/v1beta1/tx";
import { MsgFundCommunityPoolResponse, MsgSetWithdrawAddressResponse, MsgWithdrawDelegatorRewardResponse } from "cosmjs-types/cosmos/distribution/v1beta1/tx";
import { MsgSendResponse } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import {
  MsgClearAdminResponse,
  MsgExecuteContractResponse,
  MsgInstantiateContractResponse,
  MsgMigrateContractResponse,
  MsgStoreCodeResponse,
  MsgUpdateAdminResponse,
} from "cosmjs-types/cosmwasm/wasm/v1/tx";
import type { Timestamp } from "cosmjs-types/google/protobuf/timestamp";
import type { Coin } from "./context";

/** A google.protobuf.Any: one entry of a reply's msg_responses. */
export interface MsgResponse {
  type_url: string;
  value: Uint8Array;
}

export const EMPTY = new Uint8Array(0);

/** Go's zero time.Time (0001-01-01T00:00:00Z) as gogoproto's stdtime writes it. */
export const ZERO_TIME = -62_135_596_800n * 1_000_000_000n;

/** A Timestamp of nanoseconds since the epoch: seconds floored, nanos in [0, 10^9), as Go's time.Time gives them. */
export function timestamp(nanos: bigint): Timestamp {
  const seconds = nanos >= 0n ? nanos / 1_000_000_000n : -((-nanos + 999_999_999n) / 1_000_000_000n);
  return { seconds, nanos: Number(nanos - seconds * 1_000_000_000n) };
}

const coin = (c: Coin): ProtoCoin => ({ denom: c.denom, amount: c.amount });

function any(typeUrl: string, value: Uint8Array): MsgResponse {
  return { type_url: typeUrl, value };
}

export const responses = {
  send: (): MsgResponse => any("/cosmos.bank.v1beta1.MsgSendResponse", MsgSendResponse.encode({}).finish()),
  delegate: (): MsgResponse => any("/cosmos.staking.v1beta1.MsgDelegateResponse", MsgDelegateResponse.encode({}).finish()),
  /** x/staking msg_server.go Undelegate: the entry's completion time and the tokens the shares were worth. */
  undelegate: (completion: bigint, amount: Coin): MsgResponse =>
    any("/cosmos.staking.v1beta1.MsgUndelegateResponse", MsgUndelegateResponse.encode({ completionTime: timestamp(completion), amount: coin(amount) }).finish()),
  /** x/staking msg_server.go BeginRedelegate: the entry's completion time (ZERO_TIME when none was created). */
  redelegate: (completion: bigint): MsgResponse =>
    any("/cosmos.staking.v1beta1.MsgBeginRedelegateResponse", MsgBeginRedelegateResponse.encode({ completionTime: timestamp(completion) }).finish()),
  setWithdrawAddress: (): MsgResponse => any("/cosmos.distribution.v1beta1.MsgSetWithdrawAddressResponse", MsgSetWithdrawAddressResponse.encode({}).finish()),
  /** x/distribution msg_server.go WithdrawDelegatorReward: the coins paid (one zero coin when none). */
  withdrawDelegatorReward: (amount: Coin[]): MsgResponse =>
    any("/cosmos.distribution.v1beta1.MsgWithdrawDelegatorRewardResponse", MsgWithdrawDelegatorRewardResponse.encode({ amount: amount.map(coin) }).finish()),
  fundCommunityPool: (): MsgResponse => any("/cosmos.distribution.v1beta1.MsgFundCommunityPoolResponse", MsgFundCommunityPoolResponse.encode({}).finish()),
  /** wasmd msg_server.go StoreCode: the new code id and the checksum. */
  storeCode: (codeId: number, checksum: string): MsgResponse =>
    any("/cosmwasm.wasm.v1.MsgStoreCodeResponse", MsgStoreCodeResponse.encode({ codeId: BigInt(codeId), checksum: Buffer.from(checksum, "hex") }).finish()),
  execute: (data: Uint8Array): MsgResponse => any("/cosmwasm.wasm.v1.MsgExecuteContractResponse", MsgExecuteContractResponse.encode({ data }).finish()),
  instantiate: (address: string, data: Uint8Array): MsgResponse =>
    any("/cosmwasm.wasm.v1.MsgInstantiateContractResponse", MsgInstantiateContractResponse.encode({ address, data }).finish()),
  migrate: (data: Uint8Array): MsgResponse => any("/cosmwasm.wasm.v1.MsgMigrateContractResponse", MsgMigrateContractResponse.encode({ data }).finish()),
  updateAdmin: (): MsgResponse => any("/cosmwasm.wasm.v1.MsgUpdateAdminResponse", MsgUpdateAdminResponse.encode({}).finish()),
  clearAdmin: (): MsgResponse => any("/cosmwasm.wasm.v1.MsgClearAdminResponse", MsgClearAdminResponse.encode({}).finish()),
};
