// Messages a contract asks the chain to run, serialized exactly as cosmwasm-std's CosmosMsg.

import { JsonWriter } from "../json/writer";
import { base64Encode } from "../encoding";
import { Coin, writeCoins } from "./coin";
import { IbcAcknowledgement, IbcTimeout } from "./ibc";

export abstract class CosmosMsg {
  abstract write(w: JsonWriter): void;
}

/** `{"<module>":{"<action>":{…}}}`: opens both wrappers. */
function open(w: JsonWriter, module: string, action: string): JsonWriter {
  return w.beginObject().key(module).beginObject().key(action).beginObject();
}

function close(w: JsonWriter): void {
  w.endObject().endObject().endObject();
}

export class BankSend extends CosmosMsg {
  constructor(public toAddress: string, public amount: Coin[]) {
    super();
  }

  write(w: JsonWriter): void {
    open(w, "bank", "send").stringField("to_address", this.toAddress).key("amount");
    writeCoins(w, this.amount);
    close(w);
  }
}

export class WasmExecute extends CosmosMsg {
  /** `msg` is the JSON of the message; it travels base64-encoded. */
  constructor(public contractAddr: string, public msg: Uint8Array, public funds: Coin[] = []) {
    super();
  }

  write(w: JsonWriter): void {
    open(w, "wasm", "execute")
      .stringField("contract_addr", this.contractAddr)
      .stringField("msg", base64Encode(this.msg))
      .key("funds");
    writeCoins(w, this.funds);
    close(w);
  }
}

export class WasmInstantiate extends CosmosMsg {
  constructor(
    public admin: string | null,
    public codeId: u64,
    public msg: Uint8Array,
    public funds: Coin[],
    public label: string,
  ) {
    super();
  }

  write(w: JsonWriter): void {
    open(w, "wasm", "instantiate").optStringField("admin", this.admin).key("code_id").u64(this.codeId);
    w.stringField("msg", base64Encode(this.msg)).key("funds");
    writeCoins(w, this.funds);
    w.stringField("label", this.label);
    close(w);
  }
}

export class WasmMigrate extends CosmosMsg {
  constructor(public contractAddr: string, public newCodeId: u64, public msg: Uint8Array) {
    super();
  }

  write(w: JsonWriter): void {
    open(w, "wasm", "migrate").stringField("contract_addr", this.contractAddr).key("new_code_id").u64(this.newCodeId);
    w.stringField("msg", base64Encode(this.msg));
    close(w);
  }
}

/** `{"staking":{"<action>":{"validator","amount"}}}`: delegate and undelegate share a shape. */
abstract class ValidatorAmountMsg extends CosmosMsg {
  constructor(private action: string, public validator: string, public amount: Coin) {
    super();
  }

  write(w: JsonWriter): void {
    open(w, "staking", this.action).stringField("validator", this.validator).key("amount");
    this.amount.write(w);
    close(w);
  }
}

export class StakingDelegate extends ValidatorAmountMsg {
  constructor(validator: string, amount: Coin) {
    super("delegate", validator, amount);
  }
}

export class StakingUndelegate extends ValidatorAmountMsg {
  constructor(validator: string, amount: Coin) {
    super("undelegate", validator, amount);
  }
}

export class StakingRedelegate extends CosmosMsg {
  constructor(public srcValidator: string, public dstValidator: string, public amount: Coin) {
    super();
  }

  write(w: JsonWriter): void {
    open(w, "staking", "redelegate")
      .stringField("src_validator", this.srcValidator)
      .stringField("dst_validator", this.dstValidator)
      .key("amount");
    this.amount.write(w);
    close(w);
  }
}

export class WithdrawDelegatorReward extends CosmosMsg {
  constructor(public validator: string) {
    super();
  }

  write(w: JsonWriter): void {
    open(w, "distribution", "withdraw_delegator_reward").stringField("validator", this.validator);
    close(w);
  }
}

export class SetWithdrawAddress extends CosmosMsg {
  constructor(public address: string) {
    super();
  }

  write(w: JsonWriter): void {
    open(w, "distribution", "set_withdraw_address").stringField("address", this.address);
    close(w);
  }
}

// ---- IbcMsg: `{"ibc":{…}}`. Not pay_packet_fee / pay_packet_fee_async: wasmd v0.60 refuses them
// ("not supported"; ibc-go v10 has no ICS-29 fee middleware).

/** An ICS-20 transfer of `amount` from the contract over `channelId` (port `transfer`); `memo` null sends none. */
export class IbcTransfer extends CosmosMsg {
  constructor(
    public channelId: string,
    public toAddress: string,
    public amount: Coin,
    public timeout: IbcTimeout,
    public memo: string | null = null,
  ) {
    super();
  }

  write(w: JsonWriter): void {
    open(w, "ibc", "transfer").stringField("channel_id", this.channelId).stringField("to_address", this.toAddress).key("amount");
    this.amount.write(w);
    w.key("timeout");
    this.timeout.write(w);
    w.optStringField("memo", this.memo);
    close(w);
  }
}

/** Sends `data` over the contract's own channel `channelId`; the counterparty's `ibc_packet_receive` gets it. */
export class IbcSendPacket extends CosmosMsg {
  constructor(public channelId: string, public data: Uint8Array, public timeout: IbcTimeout) {
    super();
  }

  write(w: JsonWriter): void {
    open(w, "ibc", "send_packet").stringField("channel_id", this.channelId).stringField("data", base64Encode(this.data)).key("timeout");
    this.timeout.write(w);
    close(w);
  }
}

/** Starts closing the contract's channel `channelId` (the contract's own `ibc_channel_close` runs with close_init). */
export class IbcCloseChannel extends CosmosMsg {
  constructor(public channelId: string) {
    super();
  }

  write(w: JsonWriter): void {
    open(w, "ibc", "close_channel").stringField("channel_id", this.channelId);
    close(w);
  }
}

/**
 * Acknowledges, once, a packet the contract received with an asynchronous acknowledgement
 * (IbcReceiveResponse with a null acknowledgement). Capability `cosmwasm_2_1`.
 */
export class IbcWriteAcknowledgement extends CosmosMsg {
  constructor(public channelId: string, public packetSequence: u64, public ack: IbcAcknowledgement) {
    super();
  }

  write(w: JsonWriter): void {
    open(w, "ibc", "write_acknowledgement").stringField("channel_id", this.channelId).key("packet_sequence").u64(this.packetSequence).key("ack");
    this.ack.write(w);
    close(w);
  }
}
