// The Reply the VM sends to `reply` after a submessage, as cosmwasm-std 2.x serializes it.

import { JsonReader } from "../json/reader";
import { base64Decode } from "../encoding";
import { Attribute, Event } from "./response";

export class MsgResponse {
  constructor(public typeUrl: string, public value: Uint8Array) {}
}

export class Reply {
  id: u64 = 0;
  payload: Uint8Array = new Uint8Array(0);
  gasUsed: u64 = 0;
  /** null on success; the error text otherwise. */
  error: string | null = null;
  events: Event[] = [];
  data: Uint8Array | null = null;
  msgResponses: MsgResponse[] = [];

  static read(r: JsonReader): Reply {
    const reply = new Reply();
    const s = r.beginHostStruct(["id", "payload?", "gas_used?", "result"]);
    while (s.next()) {
      if (s.is("id")) reply.id = r.readU64();
      else if (s.is("payload")) reply.payload = base64Decode(r.readString());
      else if (s.is("gas_used")) reply.gasUsed = r.readU64();
      else if (s.is("result")) readResult(r, reply);
    }
    return reply;
  }
}

function readResult(r: JsonReader, reply: Reply): void {
  const e = r.beginEnum(["ok", "error"]);
  if (e.requireValue()) {
    if (e.is("error")) reply.error = r.readString();
    else readSuccess(r, reply);
  }
  e.end();
}

function readSuccess(r: JsonReader, reply: Reply): void {
  const s = r.beginHostStruct(["events", "data?", "msg_responses?"]);
  while (s.next()) {
    if (s.is("events")) reply.events = readEvents(r);
    else if (s.is("data")) {
      if (!r.readNull()) reply.data = base64Decode(r.readString());
    } else if (s.is("msg_responses")) reply.msgResponses = readMsgResponses(r);
  }
}

function readEvents(r: JsonReader): Event[] {
  const out = new Array<Event>();
  const a = r.beginArray();
  while (a.next()) {
    const ev = new Event("");
    const s = r.beginHostStruct(["type", "attributes"]);
    while (s.next()) {
      if (s.is("type")) ev.type = r.readString();
      else if (s.is("attributes")) readAttributes(r, ev);
    }
    out.push(ev);
  }
  return out;
}

function readAttributes(r: JsonReader, ev: Event): void {
  const a = r.beginArray();
  while (a.next()) {
    let key = "";
    let value = "";
    const s = r.beginHostStruct(["key", "value"]);
    while (s.next()) {
      if (s.is("key")) key = r.readString();
      else if (s.is("value")) value = r.readString();
    }
    ev.attributes.push(new Attribute(key, value));
  }
}

function readMsgResponses(r: JsonReader): MsgResponse[] {
  const out = new Array<MsgResponse>();
  const a = r.beginArray();
  while (a.next()) {
    let typeUrl = "";
    let value = new Uint8Array(0);
    const s = r.beginHostStruct(["type_url", "value"]);
    while (s.next()) {
      if (s.is("type_url")) typeUrl = r.readString();
      else if (s.is("value")) value = base64Decode(r.readString());
    }
    out.push(new MsgResponse(typeUrl, value));
  }
  return out;
}
