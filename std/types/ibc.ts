// IBC types as cosmwasm-std 2.2 (packages/std/src/ibc.rs, ibc/callbacks.rs) serializes them: the
// channel, packet and timeout data, the messages the VM hands the six `ibc_*` entry points and the
// two 2.1 callbacks, and the open handshake's answer. The IbcMsg variants are CosmosMsgs
// (std/types/cosmos_msg.ts); IbcBasicResponse and IbcReceiveResponse live with Response.
//
// Reading: `read(r)` is strict (unknown fields refused) for a type inside a contract's own
// message; `read(r, true)` skips unknown fields, as serde does for these types (none of them is
// `deny_unknown_fields`), for what the chain sends: a newer VM may add fields (e.g. 3.0's
// `transfer` in the destination callback).

import { base64Encode } from "../encoding";
import { JsonReader, StructReader } from "../json/reader";
import { JsonWriter } from "../json/writer";
import { Addr } from "./addr";
import { Timestamp } from "./timestamp";
import { readBinary } from "./wire";

function beginStruct(r: JsonReader, fields: string[], host: bool): StructReader {
  return host ? r.beginHostStruct(fields) : r.beginStruct(fields);
}

/** One end of a channel: `{"port_id","channel_id"}`. */
export class IbcEndpoint {
  constructor(public portId: string = "", public channelId: string = "") {}

  static read(r: JsonReader, host: bool = false): IbcEndpoint {
    const e = new IbcEndpoint();
    const s = beginStruct(r, ["port_id", "channel_id"], host);
    while (s.next()) {
      if (s.is("port_id")) e.portId = r.readString();
      else if (s.is("channel_id")) e.channelId = r.readString();
    }
    return e;
  }

  write(w: JsonWriter): void {
    w.beginObject().stringField("port_id", this.portId).stringField("channel_id", this.channelId).endObject();
  }
}

/** A channel's ordering; on the wire `"ORDER_UNORDERED"` / `"ORDER_ORDERED"`. */
export enum IbcOrder {
  Unordered,
  Ordered,
}

/** The wire name of an order, e.g. `"ORDER_UNORDERED"`. */
export function ibcOrderName(o: IbcOrder): string {
  return o == IbcOrder.Ordered ? "ORDER_ORDERED" : "ORDER_UNORDERED";
}

// No module-level array: it would be built in the start function of every contract importing std.
export function readIbcOrder(r: JsonReader): IbcOrder {
  const e = r.beginEnum(["ORDER_UNORDERED", "ORDER_ORDERED"]);
  e.unitValue();
  const o = e.is("ORDER_ORDERED") ? IbcOrder.Ordered : IbcOrder.Unordered;
  e.end();
  return o;
}

/** `{"revision","height"}`: the counterparty height (revision = the chain-id's trailing `-N`) after which the packet times out. */
export class IbcTimeoutBlock {
  constructor(public revision: u64 = 0, public height: u64 = 0) {}

  static read(r: JsonReader, host: bool = false): IbcTimeoutBlock {
    const b = new IbcTimeoutBlock();
    const s = beginStruct(r, ["revision", "height"], host);
    while (s.next()) {
      if (s.is("revision")) b.revision = r.readU64();
      else if (s.is("height")) b.height = r.readU64();
    }
    return b;
  }

  write(w: JsonWriter): void {
    w.beginObject().key("revision").u64(this.revision).key("height").u64(this.height).endObject();
  }
}

/**
 * `{"block":{…}|null,"timestamp":"<ns>"|null}`: at least one should be set (the chain refuses a
 * packet with neither). Either key may be absent on read: wasmd leaves out a zero timestamp.
 */
export class IbcTimeout {
  constructor(public block: IbcTimeoutBlock | null = null, public timestamp: Timestamp | null = null) {}

  static withBlock(block: IbcTimeoutBlock): IbcTimeout {
    return new IbcTimeout(block, null);
  }

  static withTimestamp(t: Timestamp): IbcTimeout {
    return new IbcTimeout(null, t);
  }

  static withBoth(block: IbcTimeoutBlock, t: Timestamp): IbcTimeout {
    return new IbcTimeout(block, t);
  }

  static read(r: JsonReader, host: bool = false): IbcTimeout {
    const t = new IbcTimeout();
    const s = beginStruct(r, ["block?", "timestamp?"], host);
    while (s.next()) {
      if (s.is("block")) t.block = r.readNull() ? null : IbcTimeoutBlock.read(r, host);
      else if (s.is("timestamp")) t.timestamp = r.readNull() ? null : Timestamp.read(r);
    }
    return t;
  }

  write(w: JsonWriter): void {
    w.beginObject().key("block");
    const b = this.block;
    if (b === null) w.null();
    else b.write(w);
    w.key("timestamp");
    const t = this.timestamp;
    if (t === null) w.null();
    else t.write(w);
    w.endObject();
  }
}

/** A packet: `data` travels base64; `src` is the sending chain's end, `dest` the receiving chain's. */
export class IbcPacket {
  data: Uint8Array = new Uint8Array(0);
  src: IbcEndpoint = new IbcEndpoint();
  dest: IbcEndpoint = new IbcEndpoint();
  sequence: u64 = 0;
  timeout: IbcTimeout = new IbcTimeout();

  static read(r: JsonReader, host: bool = false): IbcPacket {
    const p = new IbcPacket();
    const s = beginStruct(r, ["data", "src", "dest", "sequence", "timeout"], host);
    while (s.next()) {
      if (s.is("data")) p.data = readBinary(r);
      else if (s.is("src")) p.src = IbcEndpoint.read(r, host);
      else if (s.is("dest")) p.dest = IbcEndpoint.read(r, host);
      else if (s.is("sequence")) p.sequence = r.readU64();
      else if (s.is("timeout")) p.timeout = IbcTimeout.read(r, host);
    }
    return p;
  }

  write(w: JsonWriter): void {
    w.beginObject().stringField("data", base64Encode(this.data)).key("src");
    this.src.write(w);
    w.key("dest");
    this.dest.write(w);
    w.key("sequence").u64(this.sequence).key("timeout");
    this.timeout.write(w);
    w.endObject();
  }
}

/** `{"data":"<b64>"}`: the acknowledgement bytes, opaque to IBC (conventionally JSON). */
export class IbcAcknowledgement {
  constructor(public data: Uint8Array = new Uint8Array(0)) {}

  static read(r: JsonReader, host: bool = false): IbcAcknowledgement {
    const a = new IbcAcknowledgement();
    const s = beginStruct(r, ["data"], host);
    while (s.next()) a.data = readBinary(r);
    return a;
  }

  write(w: JsonWriter): void {
    w.beginObject().stringField("data", base64Encode(this.data)).endObject();
  }
}

/**
 * A channel as the handshake and IbcQuery describe it. `version` is the proposed one in
 * open_init (may be ""), the counterparty's in open_try, the negotiated one afterwards.
 */
export class IbcChannel {
  endpoint: IbcEndpoint = new IbcEndpoint();
  counterpartyEndpoint: IbcEndpoint = new IbcEndpoint();
  order: IbcOrder = IbcOrder.Unordered;
  version: string = "";
  connectionId: string = "";

  static read(r: JsonReader, host: bool = false): IbcChannel {
    const c = new IbcChannel();
    const s = beginStruct(r, ["endpoint", "counterparty_endpoint", "order", "version", "connection_id"], host);
    while (s.next()) {
      if (s.is("endpoint")) c.endpoint = IbcEndpoint.read(r, host);
      else if (s.is("counterparty_endpoint")) c.counterpartyEndpoint = IbcEndpoint.read(r, host);
      else if (s.is("order")) c.order = readIbcOrder(r);
      else if (s.is("version")) c.version = r.readString();
      else if (s.is("connection_id")) c.connectionId = r.readString();
    }
    return c;
  }

  write(w: JsonWriter): void {
    w.beginObject().key("endpoint");
    this.endpoint.write(w);
    w.key("counterparty_endpoint");
    this.counterpartyEndpoint.write(w);
    w.stringField("order", ibcOrderName(this.order))
      .stringField("version", this.version)
      .stringField("connection_id", this.connectionId)
      .endObject();
  }
}

// ---- the handshake -------------------------------------------------------------------------

export enum IbcChannelOpenVariant {
  OpenInit,
  OpenTry,
}

/** `ibc_channel_open`: `{"open_init":{"channel"}}` | `{"open_try":{"channel","counterparty_version"}}`. */
export class IbcChannelOpenMsg {
  variant: IbcChannelOpenVariant = IbcChannelOpenVariant.OpenInit;
  channel: IbcChannel = new IbcChannel();
  /** The counterparty's version in open_try; null in open_init. */
  counterpartyVersion: string | null = null;

  static read(r: JsonReader): IbcChannelOpenMsg {
    const m = new IbcChannelOpenMsg();
    const e = r.beginEnum(["open_init", "open_try"]);
    if (e.requireValue()) {
      m.variant = e.is("open_try") ? IbcChannelOpenVariant.OpenTry : IbcChannelOpenVariant.OpenInit;
      const p = ChannelPayload.read(r, m.variant == IbcChannelOpenVariant.OpenTry);
      m.channel = p.channel;
      m.counterpartyVersion = p.counterpartyVersion;
    }
    e.end();
    return m;
  }
}

/** The version a contract answers `ibc_channel_open` with: `{"ok":{"version":…}}`; null answers `{"ok":null}`. */
export class Ibc3ChannelOpenResponse {
  constructor(public version: string) {}

  write(w: JsonWriter): void {
    w.beginObject().stringField("version", this.version).endObject();
  }
}

export enum IbcChannelConnectVariant {
  OpenAck,
  OpenConfirm,
}

/** `ibc_channel_connect`: `{"open_ack":{"channel","counterparty_version"}}` | `{"open_confirm":{"channel"}}`. */
export class IbcChannelConnectMsg {
  variant: IbcChannelConnectVariant = IbcChannelConnectVariant.OpenAck;
  channel: IbcChannel = new IbcChannel();
  /** The counterparty's version in open_ack; null in open_confirm. */
  counterpartyVersion: string | null = null;

  static read(r: JsonReader): IbcChannelConnectMsg {
    const m = new IbcChannelConnectMsg();
    const e = r.beginEnum(["open_ack", "open_confirm"]);
    if (e.requireValue()) {
      m.variant = e.is("open_ack") ? IbcChannelConnectVariant.OpenAck : IbcChannelConnectVariant.OpenConfirm;
      const p = ChannelPayload.read(r, m.variant == IbcChannelConnectVariant.OpenAck);
      m.channel = p.channel;
      m.counterpartyVersion = p.counterpartyVersion;
    }
    e.end();
    return m;
  }
}

/** A handshake variant's payload: `{"channel"}`, or `{"channel","counterparty_version"}` when `withVersion`. */
class ChannelPayload {
  channel: IbcChannel = new IbcChannel();
  counterpartyVersion: string | null = null;

  static read(r: JsonReader, withVersion: bool): ChannelPayload {
    const p = new ChannelPayload();
    const s = r.beginHostStruct(withVersion ? ["channel", "counterparty_version"] : ["channel"]);
    while (s.next()) {
      if (s.is("channel")) p.channel = IbcChannel.read(r, true);
      else if (s.is("counterparty_version")) p.counterpartyVersion = r.readString();
    }
    return p;
  }
}

export enum IbcChannelCloseVariant {
  CloseInit,
  CloseConfirm,
}

/** `ibc_channel_close`: `{"close_init":{"channel"}}` (this side closes) | `{"close_confirm":{"channel"}}` (the counterparty closed). */
export class IbcChannelCloseMsg {
  variant: IbcChannelCloseVariant = IbcChannelCloseVariant.CloseInit;
  channel: IbcChannel = new IbcChannel();

  static read(r: JsonReader): IbcChannelCloseMsg {
    const m = new IbcChannelCloseMsg();
    const e = r.beginEnum(["close_init", "close_confirm"]);
    if (e.requireValue()) {
      m.variant = e.is("close_confirm") ? IbcChannelCloseVariant.CloseConfirm : IbcChannelCloseVariant.CloseInit;
      m.channel = ChannelPayload.read(r, false).channel;
    }
    e.end();
    return m;
  }
}

// ---- packets -------------------------------------------------------------------------------

/** `ibc_packet_receive`: `{"packet","relayer"}`. */
export class IbcPacketReceiveMsg {
  packet: IbcPacket = new IbcPacket();
  relayer: Addr = Addr.unchecked("");

  static read(r: JsonReader): IbcPacketReceiveMsg {
    const m = new IbcPacketReceiveMsg();
    const s = r.beginHostStruct(["packet", "relayer"]);
    while (s.next()) {
      if (s.is("packet")) m.packet = IbcPacket.read(r, true);
      else if (s.is("relayer")) m.relayer = Addr.unchecked(r.readString());
    }
    return m;
  }
}

/** `ibc_packet_ack` (and the source callback's acknowledgement): `{"acknowledgement","original_packet","relayer"}`. */
export class IbcPacketAckMsg {
  acknowledgement: IbcAcknowledgement = new IbcAcknowledgement();
  originalPacket: IbcPacket = new IbcPacket();
  relayer: Addr = Addr.unchecked("");

  static read(r: JsonReader): IbcPacketAckMsg {
    const m = new IbcPacketAckMsg();
    const s = r.beginHostStruct(["acknowledgement", "original_packet", "relayer"]);
    while (s.next()) {
      if (s.is("acknowledgement")) m.acknowledgement = IbcAcknowledgement.read(r, true);
      else if (s.is("original_packet")) m.originalPacket = IbcPacket.read(r, true);
      else if (s.is("relayer")) m.relayer = Addr.unchecked(r.readString());
    }
    return m;
  }
}

/** `ibc_packet_timeout` (and the source callback's timeout): `{"packet","relayer"}`. */
export class IbcPacketTimeoutMsg {
  packet: IbcPacket = new IbcPacket();
  relayer: Addr = Addr.unchecked("");

  static read(r: JsonReader): IbcPacketTimeoutMsg {
    const m = new IbcPacketTimeoutMsg();
    const rm = IbcPacketReceiveMsg.read(r);
    m.packet = rm.packet;
    m.relayer = rm.relayer;
    return m;
  }
}

// ---- the 2.1 callbacks (ibc-go's callbacks middleware) -------------------------------------

/** cosmwasm-std's IbcAckCallbackMsg: the same fields as IbcPacketAckMsg. */
export type IbcAckCallbackMsg = IbcPacketAckMsg;
/** cosmwasm-std's IbcTimeoutCallbackMsg: the same fields as IbcPacketTimeoutMsg. */
export type IbcTimeoutCallbackMsg = IbcPacketTimeoutMsg;

/**
 * `ibc_source_callback`, to the contract that sent a packet asking for a source callback:
 * `{"acknowledgement":{"acknowledgement","original_packet","relayer"}}` | `{"timeout":{"packet","relayer"}}`.
 * Exactly one of the two fields is set.
 */
export class IbcSourceCallbackMsg {
  acknowledgement: IbcAckCallbackMsg | null = null;
  timeout: IbcTimeoutCallbackMsg | null = null;

  static read(r: JsonReader): IbcSourceCallbackMsg {
    const m = new IbcSourceCallbackMsg();
    const e = r.beginEnum(["acknowledgement", "timeout"]);
    if (e.requireValue()) {
      if (e.is("acknowledgement")) m.acknowledgement = IbcPacketAckMsg.read(r);
      else if (e.is("timeout")) m.timeout = IbcPacketTimeoutMsg.read(r);
    }
    e.end();
    return m;
  }
}

/** `ibc_destination_callback`, to the contract named in a received packet's destination callback: `{"packet","ack"}`. */
export class IbcDestinationCallbackMsg {
  packet: IbcPacket = new IbcPacket();
  ack: IbcAcknowledgement = new IbcAcknowledgement();

  static read(r: JsonReader): IbcDestinationCallbackMsg {
    const m = new IbcDestinationCallbackMsg();
    const s = r.beginHostStruct(["packet", "ack"]);
    while (s.next()) {
      if (s.is("packet")) m.packet = IbcPacket.read(r, true);
      else if (s.is("ack")) m.ack = IbcAcknowledgement.read(r, true);
    }
    return m;
  }
}

