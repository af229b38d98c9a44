// Entry-point glue: decodes the VM's arguments, runs the contract's handler and encodes the
// result envelope. `{"ok": Response}` / `{"ok": "<base64 query data>"}` on success and
// `{"error": "…"}` whenever a contract error was recorded (see std/error.ts).

import { failed, errorMessage } from "../error";
import { base64Encode } from "../encoding";
import { JsonReader } from "../json/reader";
import { JsonWriter } from "../json/writer";
import { Env, MessageInfo } from "../types/env";
import { Reply } from "../types/reply";
import { Response } from "../types/response";
import { bytesFromRegion, regionFromBytes } from "./region";

export type InstantiateHandler = (env: Env, info: MessageInfo, msg: Uint8Array) => Response;
export type ExecuteHandler = (env: Env, info: MessageInfo, msg: Uint8Array) => Response;
export type QueryHandler = (env: Env, msg: Uint8Array) => Uint8Array;
export type MigrateHandler = (env: Env, msg: Uint8Array) => Response;
export type SudoHandler = (env: Env, msg: Uint8Array) => Response;
export type ReplyHandler = (env: Env, reply: Reply) => Response;

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

function responseEnvelope(res: Response): u32 {
  // Serializing may record an error too (e.g. a reserved attribute key).
  const w = new JsonWriter();
  w.beginObject().key("ok");
  res.write(w);
  w.endObject();
  if (failed()) return errorEnvelope();
  return <u32>regionFromBytes(w.toBytes());
}

/** Wraps a handler result; an error recorded at any point wins over the response. */
function finish(res: Response): u32 {
  return failed() ? errorEnvelope() : responseEnvelope(res);
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
