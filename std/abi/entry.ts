// Entry-point glue: decodes the VM's arguments, runs the contract's handler and encodes the
// result envelope. `{"ok": Response}` / `{"ok": "<base64 query data>"}` on success (the IBC entry
// points: `{"ok": IbcBasicResponse | IbcReceiveResponse}`, ibc_channel_open `{"ok": null |
// {"version": …}}`) and `{"error": "…"}` whenever a contract error was recorded (see std/error.ts).

import { failed, errorMessage } from "../error";
import { base64Encode, utf8 } from "../encoding";
import { JsonReader } from "../json/reader";
import { JsonWriter } from "../json/writer";
import { Env, MessageInfo } from "../types/env";
import {
  Ibc3ChannelOpenResponse,
  IbcChannelCloseMsg,
  IbcChannelConnectMsg,
  IbcChannelOpenMsg,
  IbcDestinationCallbackMsg,
  IbcPacketAckMsg,
  IbcPacketReceiveMsg,
  IbcPacketTimeoutMsg,
  IbcSourceCallbackMsg,
} from "../types/ibc";
import { Reply } from "../types/reply";
import { IbcBasicResponse, IbcReceiveResponse, Response } from "../types/response";
import { bytesFromRegion, regionFromBytes } from "./region";

export type InstantiateHandler = (env: Env, info: MessageInfo, msg: Uint8Array) => Response;
export type ExecuteHandler = (env: Env, info: MessageInfo, msg: Uint8Array) => Response;
export type QueryHandler = (env: Env, msg: Uint8Array) => Uint8Array;
export type MigrateHandler = (env: Env, msg: Uint8Array) => Response;
export type SudoHandler = (env: Env, msg: Uint8Array) => Response;
export type ReplyHandler = (env: Env, reply: Reply) => Response;
/** Returns null to accept the channel's version as proposed, or the version to use instead. */
export type IbcChannelOpenHandler = (env: Env, msg: IbcChannelOpenMsg) => Ibc3ChannelOpenResponse | null;
export type IbcChannelConnectHandler = (env: Env, msg: IbcChannelConnectMsg) => IbcBasicResponse;
export type IbcChannelCloseHandler = (env: Env, msg: IbcChannelCloseMsg) => IbcBasicResponse;
export type IbcPacketReceiveHandler = (env: Env, msg: IbcPacketReceiveMsg) => IbcReceiveResponse;
export type IbcPacketAckHandler = (env: Env, msg: IbcPacketAckMsg) => IbcBasicResponse;
export type IbcPacketTimeoutHandler = (env: Env, msg: IbcPacketTimeoutMsg) => IbcBasicResponse;
export type IbcSourceCallbackHandler = (env: Env, msg: IbcSourceCallbackMsg) => IbcBasicResponse;
export type IbcDestinationCallbackHandler = (env: Env, msg: IbcDestinationCallbackMsg) => IbcBasicResponse;

function readEnv(ptr: u32): Env {
  const r = new JsonReader(bytesFromRegion(ptr), "Env");
  const env = Env.read(r);
  r.finish();
  return env;
}

function readInfo(ptr: u32): MessageInfo {
  const r = new JsonReader(bytesFromRegion(ptr), "MessageInfo");
  const info = MessageInfo.read(r);
  r.finish();
  return info;
}

function errorEnvelope(): u32 {
  const w = new JsonWriter();
  w.beginObject().stringField("error", errorMessage()).endObject();
  return <u32>regionFromBytes(w.toBytes());
}

/** `{"ok": <res>}`; `T` is any response with `write(w)`. */
function responseEnvelope<T>(res: T): u32 {
  // Serializing may record an error too (e.g. a reserved attribute key).
  const w = new JsonWriter();
  w.beginObject().key("ok");
  res.write(w);
  w.endObject();
  if (failed()) return errorEnvelope();
  return <u32>regionFromBytes(w.toBytes());
}

/** Wraps a handler result; an error recorded at any point wins over the response. */
function finish<T>(res: T): u32 {
  return failed() ? errorEnvelope() : responseEnvelope<T>(res);
}

export function doInstantiate(envPtr: u32, infoPtr: u32, msgPtr: u32, handler: InstantiateHandler): u32 {
  return withInfo(envPtr, infoPtr, msgPtr, handler);
}

export function doExecute(envPtr: u32, infoPtr: u32, msgPtr: u32, handler: ExecuteHandler): u32 {
  return withInfo(envPtr, infoPtr, msgPtr, handler);
}

export function doMigrate(envPtr: u32, msgPtr: u32, handler: MigrateHandler): u32 {
  return withoutInfo(envPtr, msgPtr, handler);
}

export function doSudo(envPtr: u32, msgPtr: u32, handler: SudoHandler): u32 {
  return withoutInfo(envPtr, msgPtr, handler);
}

function withInfo(envPtr: u32, infoPtr: u32, msgPtr: u32, handler: ExecuteHandler): u32 {
  const env = readEnv(envPtr);
  const info = readInfo(infoPtr);
  if (failed()) return errorEnvelope();
  return finish(handler(env, info, bytesFromRegion(msgPtr)));
}

function withoutInfo(envPtr: u32, msgPtr: u32, handler: MigrateHandler): u32 {
  const env = readEnv(envPtr);
  if (failed()) return errorEnvelope();
  return finish(handler(env, bytesFromRegion(msgPtr)));
}

export function doReply(envPtr: u32, replyPtr: u32, handler: ReplyHandler): u32 {
  const env = readEnv(envPtr);
  const r = new JsonReader(bytesFromRegion(replyPtr), "Reply");
  const reply = Reply.read(r);
  r.finish();
  if (failed()) return errorEnvelope();
  return finish(handler(env, reply));
}

export function doQuery(envPtr: u32, msgPtr: u32, handler: QueryHandler): u32 {
  const env = readEnv(envPtr);
  if (failed()) return errorEnvelope();
  const data = handler(env, bytesFromRegion(msgPtr));
  if (failed()) return errorEnvelope();
  const w = new JsonWriter();
  w.beginObject().stringField("ok", base64Encode(data)).endObject();
  return <u32>regionFromBytes(w.toBytes());
}

// ---- IBC (the six entry points the chain requires all of, and the two optional 2.1 callbacks)

/**
 * Reads the IBC message `M` (named `typeName` in parse errors, as cosmwasm-std names it), runs the
 * handler and answers `{"ok": R}`, or `{"error": …}` when anything recorded an error.
 */
function ibcEntry<M, R>(envPtr: u32, msgPtr: u32, typeName: string, read: (r: JsonReader) => M, handler: (env: Env, msg: M) => R): u32 {
  const env = readEnv(envPtr);
  const r = new JsonReader(bytesFromRegion(msgPtr), typeName);
  const msg = read(r);
  r.finish();
  if (failed()) return errorEnvelope();
  return finish<R>(handler(env, msg));
}

export function doIbcChannelOpen(envPtr: u32, msgPtr: u32, handler: IbcChannelOpenHandler): u32 {
  const env = readEnv(envPtr);
  const r = new JsonReader(bytesFromRegion(msgPtr), "IbcChannelOpenMsg");
  const msg = IbcChannelOpenMsg.read(r);
  r.finish();
  if (failed()) return errorEnvelope();
  const res = handler(env, msg);
  if (failed()) return errorEnvelope();
  if (res === null) return <u32>regionFromBytes(utf8('{"ok":null}'));
  return responseEnvelope<Ibc3ChannelOpenResponse>(res);
}

export function doIbcChannelConnect(envPtr: u32, msgPtr: u32, handler: IbcChannelConnectHandler): u32 {
  return ibcEntry<IbcChannelConnectMsg, IbcBasicResponse>(envPtr, msgPtr, "IbcChannelConnectMsg", IbcChannelConnectMsg.read, handler);
}

export function doIbcChannelClose(envPtr: u32, msgPtr: u32, handler: IbcChannelCloseHandler): u32 {
  return ibcEntry<IbcChannelCloseMsg, IbcBasicResponse>(envPtr, msgPtr, "IbcChannelCloseMsg", IbcChannelCloseMsg.read, handler);
}

/**
 * An error answered here becomes, on the chain, an error acknowledgement `{"error":"<text>"}`
 * and the call's state writes are discarded (wasmd); a trap fails the relayer's transaction.
 */
export function doIbcPacketReceive(envPtr: u32, msgPtr: u32, handler: IbcPacketReceiveHandler): u32 {
  return ibcEntry<IbcPacketReceiveMsg, IbcReceiveResponse>(envPtr, msgPtr, "IbcPacketReceiveMsg", IbcPacketReceiveMsg.read, handler);
}

export function doIbcPacketAck(envPtr: u32, msgPtr: u32, handler: IbcPacketAckHandler): u32 {
  return ibcEntry<IbcPacketAckMsg, IbcBasicResponse>(envPtr, msgPtr, "IbcPacketAckMsg", IbcPacketAckMsg.read, handler);
}

export function doIbcPacketTimeout(envPtr: u32, msgPtr: u32, handler: IbcPacketTimeoutHandler): u32 {
  return ibcEntry<IbcPacketTimeoutMsg, IbcBasicResponse>(envPtr, msgPtr, "IbcPacketTimeoutMsg", IbcPacketTimeoutMsg.read, handler);
}

export function doIbcSourceCallback(envPtr: u32, msgPtr: u32, handler: IbcSourceCallbackHandler): u32 {
  return ibcEntry<IbcSourceCallbackMsg, IbcBasicResponse>(envPtr, msgPtr, "IbcSourceCallbackMsg", IbcSourceCallbackMsg.read, handler);
}

export function doIbcDestinationCallback(envPtr: u32, msgPtr: u32, handler: IbcDestinationCallbackHandler): u32 {
  return ibcEntry<IbcDestinationCallbackMsg, IbcBasicResponse>(envPtr, msgPtr, "IbcDestinationCallbackMsg", IbcDestinationCallbackMsg.read, handler);
}
