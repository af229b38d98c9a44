// SDK messages (protobuf Msg types, as @cosmjs's registry decodes them) in the simulator's routing
// shape: a signed transaction's messages (SimulatorClient.signAndBroadcast) and a contract's
// CosmosMsg::Any (wasmd handler_plugin_encoders.go EncodeAnyMsg: UnpackAny, then the router).

import { gunzipSync } from "node:zlib";
import { wasmTypes } from "@cosmjs/cosmwasm";
import { EncodeObject, Registry } from "@cosmjs/proto-signing";
import { defaultRegistryTypes } from "@cosmjs/stargate";
import { AppError, Coin } from "./context";
import type { CosmosMsg } from "./messages";

/** A message of a transaction: its type URL (the `message` event's action) and what it does. */
export interface TxMessage {
  typeUrl: string;
  msg: CosmosMsg | { store_code: { wasm: Uint8Array; gzipBytes?: number } };
}

const registry = new Registry([...defaultRegistryTypes, ...wasmTypes]);

const b64 = (data: Uint8Array): string => Buffer.from(data).toString("base64");
const coins = (c: ReadonlyArray<{ denom: string; amount: string }> | undefined): Coin[] => (c ?? []).map((x) => ({ denom: x.denom, amount: x.amount }));

/**
 * The routing shape of an SDK message whose signer must be `signer` (the chain checks signatures
 * against a transaction's messages' signers; wasmd checks a contract's messages are its own).
 * `wrongSigner` is called with the message's signer when it is someone else.
 */
export function sdkMessage(signer: string, m: EncodeObject, wrongSigner: (actual: string) => never): TxMessage {
  // the registry's value types differ per type URL; each case reads its own fields
  const v = m.value as Record<string, never>;
  const from = (address: string) => {
    if (address !== signer) wrongSigner(address);
  };
  const msg = (c: TxMessage["msg"]): TxMessage => ({ typeUrl: m.typeUrl, msg: c });
  switch (m.typeUrl) {
    case "/cosmos.bank.v1beta1.MsgSend":
      from(v.fromAddress);
      return msg({ bank: { send: { to_address: v.toAddress, amount: coins(v.amount) } } });
    case "/cosmwasm.wasm.v1.MsgStoreCode": {
      from(v.sender);
      const code = v.wasmByteCode as Uint8Array;
      const gzipped = code.length > 2 && code[0] === 0x1f && code[1] === 0x8b;
      return msg({ store_code: { wasm: gzipped ? new Uint8Array(gunzipSync(code)) : code, gzipBytes: gzipped ? code.length : undefined } });
    }
    case "/cosmwasm.wasm.v1.MsgInstantiateContract":
      from(v.sender);
      return msg({ wasm: { instantiate: { admin: v.admin || null, code_id: Number(v.codeId), msg: b64(v.msg), funds: coins(v.funds), label: v.label } } });
    case "/cosmwasm.wasm.v1.MsgExecuteContract":
      from(v.sender);
      return msg({ wasm: { execute: { contract_addr: v.contract, msg: b64(v.msg), funds: coins(v.funds) } } });
    case "/cosmwasm.wasm.v1.MsgMigrateContract":
      from(v.sender);
      return msg({ wasm: { migrate: { contract_addr: v.contract, new_code_id: Number(v.codeId), msg: b64(v.msg) } } });
    case "/cosmwasm.wasm.v1.MsgUpdateAdmin":
      from(v.sender);
      return msg({ wasm: { update_admin: { contract_addr: v.contract, admin: v.newAdmin } } });
    case "/cosmwasm.wasm.v1.MsgClearAdmin":
      from(v.sender);
      return msg({ wasm: { clear_admin: { contract_addr: v.contract } } });
    case "/cosmos.staking.v1beta1.MsgDelegate":
      from(v.delegatorAddress);
      return msg({ staking: { delegate: { validator: v.validatorAddress, amount: coins([v.amount])[0] } } });
    case "/cosmos.staking.v1beta1.MsgUndelegate":
      from(v.delegatorAddress);
      return msg({ staking: { undelegate: { validator: v.validatorAddress, amount: coins([v.amount])[0] } } });
    case "/cosmos.staking.v1beta1.MsgBeginRedelegate":
      from(v.delegatorAddress);
      return msg({ staking: { redelegate: { src_validator: v.validatorSrcAddress, dst_validator: v.validatorDstAddress, amount: coins([v.amount])[0] } } });
    case "/cosmos.distribution.v1beta1.MsgWithdrawDelegatorReward":
      from(v.delegatorAddress);
      return msg({ distribution: { withdraw_delegator_reward: { validator: v.validatorAddress } } });
    case "/cosmos.distribution.v1beta1.MsgSetWithdrawAddress":
      from(v.delegatorAddress);
      return msg({ distribution: { set_withdraw_address: { address: v.withdrawAddress } } });
    case "/cosmos.distribution.v1beta1.MsgFundCommunityPool":
      from(v.depositor);
      return msg({ distribution: { fund_community_pool: { amount: coins(v.amount) } } });
    default:
      throw new UnroutedMessage(m.typeUrl);
  }
}

/** A message type the simulator has no module for. */
export class UnroutedMessage extends Error {
  constructor(readonly typeUrl: string) {
    super(`the simulator does not route ${typeUrl}`);
    this.name = "UnroutedMessage";
  }
}

/**
 * CosmosMsg::Any from `contract`: the message it packs, in routing shape. wasmd's EncodeAnyMsg
 * fails with ErrInvalidMsg (wasm 10) when the type URL is not a registered Msg; a message whose
 * signer is not the contract fails with "contract doesn't have permission" (handler_plugin.go
 * handleSdkMessage, sdk 4). A type the chain knows but the simulator has no module for is refused
 * the same way as an unknown one.
 */
export function anyMessage(contract: string, any: { type_url: string; value: string }): CosmosMsg {
  let value: unknown;
  try {
    value = registry.decode({ typeUrl: any.type_url, value: new Uint8Array(Buffer.from(any.value, "base64")) });
  } catch {
    throw new AppError(`Cannot unpack proto message with type URL: ${any.type_url}: invalid CosmosMsg from the contract`, "wasm", 10);
  }
  try {
    const m = sdkMessage(contract, { typeUrl: any.type_url, value }, () => {
      throw new AppError("contract doesn't have permission: unauthorized", "sdk", 4);
    }).msg;
    if ("store_code" in m) throw new UnroutedMessage(any.type_url);
    return m;
  } catch (e) {
    if (e instanceof UnroutedMessage) throw new AppError(`Cannot unpack proto message with type URL: ${any.type_url}: invalid CosmosMsg from the contract`, "wasm", 10);
    throw e;
  }
}
