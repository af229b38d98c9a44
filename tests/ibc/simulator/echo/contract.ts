// echo: a minimal IBC contract for the simulator's edge cases the ibc-counter fixture has no mode for.
//   ibc_channel_open accepts whatever version it is offered (returns no version of its own)
//   execute {"send":{"channel_id":"…","data":"<text>"}} sends a packet of those bytes (timeout height 1-1000000)
//   ibc_packet_receive: data "empty" → acknowledgement "" (ibc-go refuses an empty ack);
//                       "trap" → unreachable (a VM error: the relayer's transaction fails);
//                       "sub" → writes "seen", acks "sub", and sends 1 "nothing" it does not have (the
//                               submessage fails: wasmd's "ABCI error" ack, the write discarded);
//                       anything else → acknowledgement = the data, and storage "seen" = the data
//   query {} → the raw "seen" value (or "")
import {
  BankSend,
  Coin,
  Env,
  Ibc3ChannelOpenResponse,
  IbcBasicResponse,
  IbcChannelCloseMsg,
  IbcChannelConnectMsg,
  IbcChannelOpenMsg,
  IbcPacketAckMsg,
  IbcPacketReceiveMsg,
  IbcPacketTimeoutMsg,
  IbcReceiveResponse,
  IbcSendPacket,
  IbcTimeout,
  IbcTimeoutBlock,
  JsonReader,
  MessageInfo,
  Response,
  Uint128,
  doExecute,
  doIbcChannelClose,
  doIbcChannelConnect,
  doIbcChannelOpen,
  doIbcPacketAck,
  doIbcPacketReceive,
  doIbcPacketTimeout,
  doInstantiate,
  doQuery,
  fromUtf8,
  utf8,
} from "@persistence-ts/std";
import { storageGet, storageSet } from "@persistence-ts/std/storage/kv";
export * from "@persistence-ts/std/abi/exports";

const SEEN = utf8("seen");

function onReceive(_env: Env, msg: IbcPacketReceiveMsg): IbcReceiveResponse {
  const text = fromUtf8(msg.packet.data);
  if (text == "empty") return new IbcReceiveResponse(new Uint8Array(0));
  if (text == "trap") unreachable();
  storageSet(SEEN, msg.packet.data);
  const res = new IbcReceiveResponse(msg.packet.data);
  if (text == "sub") res.addMessage(new BankSend(msg.relayer.toString(), [new Coin("nothing", Uint128.fromU64(1))]));
  return res;
}

function onExecute(_env: Env, _info: MessageInfo, msg: Uint8Array): Response {
  const r = new JsonReader(msg, "ExecuteMsg");
  let channelId = "";
  let data = "";
  const e = r.beginEnum(["send"]);
  if (e.requireValue()) {
    const s = r.beginStruct(["channel_id", "data"]);
    while (s.next()) {
      if (s.is("channel_id")) channelId = r.readString();
      else data = r.readString();
    }
  }
  e.end();
  r.finish();
  return new Response().addMessage(new IbcSendPacket(channelId, utf8(data), new IbcTimeout(new IbcTimeoutBlock(1, 1_000_000), null)));
}

export function instantiate(env: u32, info: u32, msg: u32): u32 {
  return doInstantiate(env, info, msg, (_e: Env, _i: MessageInfo, _m: Uint8Array): Response => new Response());
}
export function execute(env: u32, info: u32, msg: u32): u32 {
  return doExecute(env, info, msg, onExecute);
}
export function query(env: u32, msg: u32): u32 {
  return doQuery(env, msg, (_e: Env, _m: Uint8Array): Uint8Array => {
    const seen = storageGet(SEEN);
    return seen === null ? utf8('""') : utf8('"' + fromUtf8(seen) + '"');
  });
}
export function ibc_channel_open(env: u32, msg: u32): u32 {
  return doIbcChannelOpen(env, msg, (_e: Env, _m: IbcChannelOpenMsg): Ibc3ChannelOpenResponse | null => null);
}
export function ibc_channel_connect(env: u32, msg: u32): u32 {
  return doIbcChannelConnect(env, msg, (_e: Env, _m: IbcChannelConnectMsg): IbcBasicResponse => new IbcBasicResponse());
}
export function ibc_channel_close(env: u32, msg: u32): u32 {
  return doIbcChannelClose(env, msg, (_e: Env, _m: IbcChannelCloseMsg): IbcBasicResponse => new IbcBasicResponse());
}
export function ibc_packet_receive(env: u32, msg: u32): u32 {
  return doIbcPacketReceive(env, msg, onReceive);
}
export function ibc_packet_ack(env: u32, msg: u32): u32 {
  return doIbcPacketAck(env, msg, (_e: Env, _m: IbcPacketAckMsg): IbcBasicResponse => new IbcBasicResponse());
}
export function ibc_packet_timeout(env: u32, msg: u32): u32 {
  return doIbcPacketTimeout(env, msg, (_e: Env, _m: IbcPacketTimeoutMsg): IbcBasicResponse => new IbcBasicResponse());
}
