// Response, the IBC entry points' responses, events and submessages, serialized as cosmwasm-std 2.x does.

import { JsonWriter } from "../json/writer";
import { base64Encode } from "../encoding";
import { fail } from "../error";
import { CosmosMsg } from "./cosmos_msg";

export class Attribute {
  constructor(public key: string, public value: string) {}

  write(w: JsonWriter): void {
    w.beginObject().stringField("key", this.key).stringField("value", this.value).endObject();
  }
}

/** wasmd rejects empty keys and keys starting with `_`: catch it here with a clear message. */
function checkKey(key: string): void {
  if (key.length == 0) fail("Empty attribute key");
  else if (key.startsWith("_")) fail("Attribute key starts with reserved prefix _: " + key);
}

function checkEventType(e: Event): void {
  if (e.type.length < 2) fail("Event type too short: " + e.type);
}

function writeAttributes(w: JsonWriter, attrs: Attribute[]): void {
  w.beginArray();
  for (let i = 0; i < attrs.length; i++) attrs[i].write(w);
  w.endArray();
}

export class Event {
  attributes: Attribute[] = [];

  /** Emitted by wasmd as `wasm-<type>`. */
  constructor(public type: string) {}

  add(key: string, value: string): Event {
    checkKey(key);
    this.attributes.push(new Attribute(key, value));
    return this;
  }

  write(w: JsonWriter): void {
    w.beginObject().stringField("type", this.type).key("attributes");
    writeAttributes(w, this.attributes);
    w.endObject();
  }
}

export enum ReplyOn {
  Never,
  Success,
  Error,
  Always,
}

const REPLY_ON = ["never", "success", "error", "always"];

export class SubMsg {
  id: u64 = 0;
  /** Opaque bytes echoed back in the Reply. */
  payload: Uint8Array = new Uint8Array(0);
  gasLimit: i64 = -1;
  replyOn: ReplyOn = ReplyOn.Never;

  constructor(public msg: CosmosMsg) {}

  /** A submessage whose reply is delivered to `reply` with `id` as asked. */
  static reply(msg: CosmosMsg, id: u64, on: ReplyOn): SubMsg {
    const s = new SubMsg(msg);
    s.id = id;
    s.replyOn = on;
    return s;
  }

  write(w: JsonWriter): void {
    w.beginObject().key("id").u64(this.id).stringField("payload", base64Encode(this.payload)).key("msg");
    this.msg.write(w);
    w.key("gas_limit");
    if (this.gasLimit < 0) w.null();
    else w.u64(<u64>this.gasLimit);
    w.stringField("reply_on", REPLY_ON[this.replyOn]).endObject();
  }
}

export class Response {
  messages: SubMsg[] = [];
  attributes: Attribute[] = [];
  events: Event[] = [];
  data: Uint8Array | null = null;

  addAttribute(key: string, value: string): Response {
    checkKey(key);
    this.attributes.push(new Attribute(key, value));
    return this;
  }

  /** wasmd rejects event types shorter than 2 characters: catch it here with a clear message. */
  addEvent(e: Event): Response {
    checkEventType(e);
    this.events.push(e);
    return this;
  }

  /** A fire-and-forget message: its failure fails the whole transaction. */
  addMessage(msg: CosmosMsg): Response {
    this.messages.push(new SubMsg(msg));
    return this;
  }

  addSubMessage(sub: SubMsg): Response {
    this.messages.push(sub);
    return this;
  }

  setData(data: Uint8Array): Response {
    this.data = data;
    return this;
  }

  write(w: JsonWriter): void {
    w.beginObject();
    writeBody(w, this.messages, this.attributes, this.events);
    w.key("data");
    const d = this.data;
    if (d === null) w.null();
    else w.string(base64Encode(d));
    w.endObject();
  }
}

/** `"messages":[…],"attributes":[…],"events":[…]` inside an open object: what every response carries. */
function writeBody(w: JsonWriter, messages: SubMsg[], attributes: Attribute[], events: Event[]): void {
  w.key("messages").beginArray();
  for (let i = 0; i < messages.length; i++) messages[i].write(w);
  w.endArray().key("attributes");
  writeAttributes(w, attributes);
  w.key("events").beginArray();
  for (let i = 0; i < events.length; i++) events[i].write(w);
  w.endArray();
}

/**
 * What ibc_channel_connect, ibc_channel_close, ibc_packet_ack, ibc_packet_timeout and the two
 * callbacks answer: a Response without data.
 */
export class IbcBasicResponse {
  messages: SubMsg[] = [];
  attributes: Attribute[] = [];
  events: Event[] = [];

  addAttribute(key: string, value: string): IbcBasicResponse {
    checkKey(key);
    this.attributes.push(new Attribute(key, value));
    return this;
  }

  addEvent(e: Event): IbcBasicResponse {
    checkEventType(e);
    this.events.push(e);
    return this;
  }

  addMessage(msg: CosmosMsg): IbcBasicResponse {
    this.messages.push(new SubMsg(msg));
    return this;
  }

  addSubMessage(sub: SubMsg): IbcBasicResponse {
    this.messages.push(sub);
    return this;
  }

  write(w: JsonWriter): void {
    w.beginObject();
    writeBody(w, this.messages, this.attributes, this.events);
    w.endObject();
  }
}

/**
 * What ibc_packet_receive answers. `acknowledgement` is written to the chain verbatim (wasmd
 * commits the state even when the bytes encode an error); null acknowledges later, with
 * IbcWriteAcknowledgement (asynchronous). An empty acknowledgement fails the relayer's transaction.
 */
export class IbcReceiveResponse {
  messages: SubMsg[] = [];
  attributes: Attribute[] = [];
  events: Event[] = [];

  constructor(public acknowledgement: Uint8Array | null) {}

  /** A response acknowledging later (asynchronous acknowledgement). */
  static withoutAck(): IbcReceiveResponse {
    return new IbcReceiveResponse(null);
  }

  addAttribute(key: string, value: string): IbcReceiveResponse {
    checkKey(key);
    this.attributes.push(new Attribute(key, value));
    return this;
  }

  addEvent(e: Event): IbcReceiveResponse {
    checkEventType(e);
    this.events.push(e);
    return this;
  }

  addMessage(msg: CosmosMsg): IbcReceiveResponse {
    this.messages.push(new SubMsg(msg));
    return this;
  }

  addSubMessage(sub: SubMsg): IbcReceiveResponse {
    this.messages.push(sub);
    return this;
  }

  write(w: JsonWriter): void {
    w.beginObject().key("acknowledgement");
    const a = this.acknowledgement;
    if (a === null) w.null();
    else w.string(base64Encode(a));
    writeBody(w, this.messages, this.attributes, this.events);
    w.endObject();
  }
}
