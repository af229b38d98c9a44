// Contracts on IBC as wasmd v0.60.2 runs them: x/wasm/ibc.go (the IBC module of every
// "wasm.<address>" port, calling the contract's six entry points with wasmvm's JSON), the IbcMsg a
// contract sends (handler_plugin.go IBCRawPacketHandler, handler_plugin_encoders.go EncodeIBCMsg)
// and the IbcQuery it asks (query_plugins.go IBCQuerier).

import type { App } from "../app/app";
import { AppError, AppEvent, Coin, getJson, removeKey, setJson, utf8 } from "../app/context";
import { ROUTER_CIRCUIT_CHECK, kv } from "../app/gas";
import { goJson } from "../app/go-json";
import type { ContractResponse, DispatchResult } from "../app/messages";
import type { MsgResponse } from "../app/proto";
import { TxContext, ibcPortId } from "../app/wasm";
import { UnsupportedQuery } from "../app/context";
import type { IbcEntryPoint } from "../vm/context";
import type { IbcApp, IbcCore } from "./core";
import type { Ics20 } from "./transfer";
import { AppAck, ChannelEnd, Endpoint, Height, Order, Packet, ZERO_HEIGHT, abciErrorAck, errorAck, isZeroHeight } from "./types";

/** cosmwasm-std IbcTimeout as a contract writes it. */
export interface IbcTimeoutJson {
  block?: { revision: number; height: number } | null;
  timestamp?: string | null;
}

/** cosmwasm-std IbcMsg. */
export interface IbcMsg {
  transfer?: { channel_id: string; to_address: string; amount: Coin; timeout: IbcTimeoutJson; memo?: string | null };
  send_packet?: { channel_id: string; data: string; timeout: IbcTimeoutJson };
  close_channel?: { channel_id: string };
  write_acknowledgement?: { channel_id: string; packet_sequence: number; ack: { data: string } };
  pay_packet_fee?: unknown;
  pay_packet_fee_async?: unknown;
}

const ERR_UNKNOWN_MSG = 20;
const asyncKey = (port: string, channel: string, seq: number) => `wasm/ibc-async/${port}/${channel}/${String(seq).padStart(20, "0")}`;
const contractOf = (port: string): string => port.slice("wasm.".length);
const b64 = (b: Uint8Array): string => Buffer.from(b).toString("base64");

/** wasmvm IBCChannel. */
function channelJson(port: string, channelId: string, ch: { counterparty: Endpoint; ordering: Order; version: string; connection_id: string }) {
  return {
    endpoint: { port_id: port, channel_id: channelId },
    counterparty_endpoint: { port_id: ch.counterparty.port_id, channel_id: ch.counterparty.channel_id },
    order: ch.ordering,
    version: ch.version,
    connection_id: ch.connection_id,
  };
}

/** wasmd newIBCPacket: the timeout block only when the height is set, the timestamp omitted when 0. */
function packetJson(p: Packet) {
  const ts = BigInt(p.timeout_timestamp);
  return {
    data: p.data,
    src: { port_id: p.source_port, channel_id: p.source_channel },
    dest: { port_id: p.destination_port, channel_id: p.destination_channel },
    sequence: p.sequence,
    timeout: { block: isZeroHeight(p.timeout_height) ? null : { revision: p.timeout_height.revision, height: p.timeout_height.height }, timestamp: ts === 0n ? undefined : ts.toString() },
  };
}

/** ConvertWasmIBCTimeoutHeightToCosmosHeight and the timestamp (null → 0). */
export function timeoutOf(t: IbcTimeoutJson | undefined): { height: Height; timestamp: bigint } {
  return { height: t?.block ? { revision: t.block.revision, height: t.block.height } : ZERO_HEIGHT, timestamp: BigInt(t?.timestamp ?? 0) };
}

/** Field 1 varint: MsgIBCSendResponse{sequence} and MsgTransferResponse{sequence}. */
function sequenceProto(seq: number): Uint8Array {
  const out = [0x08];
  let v = BigInt(seq);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return new Uint8Array(out);
}

const response = (typeUrl: string, value: Uint8Array): MsgResponse => ({ type_url: typeUrl, value });

export class WasmIbc implements IbcApp {
  constructor(
    private readonly app: App,
    private readonly core: () => IbcCore,
    private readonly transfer: () => Ics20,
  ) {}

  // ---- calling the contract -------------------------------------------------------------------

  private call(tx: TxContext, port: string, entry: IbcEntryPoint, msg: unknown): { ok?: unknown; error?: string } {
    return this.app.wasm.ibcCall(tx, this.app, contractOf(port), entry, goJson(msg));
  }

  /** OnConnectChannel / OnCloseChannel / OnAckPacket / OnTimeoutPacket: an error is ErrExecuteFailed; Ok's messages dispatched. */
  private basic(tx: TxContext, port: string, entry: IbcEntryPoint, msg: unknown, wrap?: string): AppEvent[] {
    const r = this.call(tx, port, entry, msg);
    if (r.error !== undefined) {
      const e = new AppError(`${r.error}: execute wasm contract failed`, "wasm", 5, true);
      throw wrap ? e.wrap(wrap) : e;
    }
    const res = r.ok as Omit<ContractResponse, "data">;
    return this.app.wasm.ibcResponse(tx, this.app, contractOf(port), res, null).events;
  }

  /** OnOpenChannel: an error fails the step; Ok null (accept) or {version}. */
  private open(tx: TxContext, port: string, msg: unknown): string {
    const r = this.call(tx, port, "ibc_channel_open", msg);
    if (r.error !== undefined) throw new AppError(`${r.error}: execute wasm contract failed`, "wasm", 5, true);
    return (r.ok as { version?: string } | null)?.version ?? "";
  }

  private storedChannel(tx: TxContext, port: string, channelId: string): ChannelEnd {
    const ch = this.core().channel(tx, port, channelId);
    if (!ch) throw new AppError(`port ID (${port}) channel ID (${channelId}): channel not found`, "channel", 3);
    return ch;
  }

  // ---- IbcApp (x/wasm/ibc.go) ----------------------------------------------------------------

  onChanOpenInit(tx: TxContext, order: Order, connectionId: string, port: string, channelId: string, counterparty: Endpoint, version: string): { version: string; events: AppEvent[] } {
    const channel = channelJson(port, channelId, { counterparty, ordering: order, version, connection_id: connectionId });
    const accepted = this.open(tx, port, { open_init: { channel } });
    if (accepted !== "") return { version: accepted, events: [] };
    if (version === "") throw new AppError("version: empty", "wasm", 12);
    return { version, events: [] };
  }

  onChanOpenTry(tx: TxContext, order: Order, connectionId: string, port: string, channelId: string, counterparty: Endpoint, counterpartyVersion: string): { version: string; events: AppEvent[] } {
    const channel = channelJson(port, channelId, { counterparty, ordering: order, version: counterpartyVersion, connection_id: connectionId });
    const accepted = this.open(tx, port, { open_try: { channel, counterparty_version: counterpartyVersion } });
    return { version: accepted === "" ? counterpartyVersion : accepted, events: [] };
  }

  onChanOpenAck(tx: TxContext, port: string, channelId: string, counterpartyChannelId: string, counterpartyVersion: string): AppEvent[] {
    const ch = this.storedChannel(tx, port, channelId);
    const channel = channelJson(port, channelId, { ...ch, counterparty: { ...ch.counterparty, channel_id: counterpartyChannelId } });
    return this.basic(tx, port, "ibc_channel_connect", { open_ack: { channel, counterparty_version: counterpartyVersion } });
  }

  onChanOpenConfirm(tx: TxContext, port: string, channelId: string): AppEvent[] {
    const channel = channelJson(port, channelId, this.storedChannel(tx, port, channelId));
    return this.basic(tx, port, "ibc_channel_connect", { open_confirm: { channel } });
  }

  onChanCloseInit(tx: TxContext, port: string, channelId: string): AppEvent[] {
    const channel = channelJson(port, channelId, this.storedChannel(tx, port, channelId));
    return this.basic(tx, port, "ibc_channel_close", { close_init: { channel } });
  }

  onChanCloseConfirm(tx: TxContext, port: string, channelId: string): AppEvent[] {
    const channel = channelJson(port, channelId, this.storedChannel(tx, port, channelId));
    return this.basic(tx, port, "ibc_channel_close", { close_confirm: { channel } });
  }

  /**
   * ibc.go OnRecvPacket + relay.go OnRecvPacket: a VM failure throws (the relayer's transaction
   * fails); the contract's error becomes the error ack {"error": text} (state reverted by the core);
   * an error dispatching its messages the ack "ABCI error: codespace/code: …"; Ok's ack (or a reply's
   * data) is written verbatim and counts as success; no ack at all stores the packet for an async
   * write_acknowledgement. The contract's events are kept only on success; ibc_packet_received last.
   */
  onRecvPacket(tx: TxContext, _version: string, packet: Packet, relayer: string): { ack: AppAck | null; events: AppEvent[] } {
    const contract = contractOf(packet.destination_port);
    const r = this.call(tx, packet.destination_port, "ibc_packet_receive", { packet: packetJson(packet), relayer });
    let ack: AppAck | null;
    let error: AppError | undefined;
    let events: AppEvent[] = [];
    if (r.error !== undefined) {
      ack = { bytes: errorAck(r.error), success: false };
    } else {
      const ok = r.ok as Omit<ContractResponse, "data"> & { acknowledgement: string | null };
      try {
        const out = this.app.wasm.ibcResponse(tx, this.app, contract, ok, ok.acknowledgement ?? null);
        events = out.events;
        if (out.data === null) {
          setJson(tx.store, asyncKey(packet.destination_port, packet.destination_channel, packet.sequence), packet);
          tx.gas.consume(kv.write(asyncKey(packet.destination_port, packet.destination_channel, packet.sequence).length, JSON.stringify(packet).length), "async ack packet");
          ack = null;
        } else {
          ack = { bytes: out.data, success: true };
        }
      } catch (e) {
        if (!(e instanceof AppError) || (e.codespace === "sdk" && e.code === 11 && !e.catchable)) throw e;
        error = e;
        ack = { bytes: abciErrorAck(e), success: false };
        events = [];
      }
    }
    const success = error === undefined && (ack === null || ack.success);
    const attributes = [
      { key: "module", value: "wasm" },
      { key: "_contract_address", value: contract },
      { key: "success", value: String(success) },
      ...(error ? [{ key: "error", value: error.message }] : []),
    ];
    return { ack, events: [...(success ? events : []), { type: "ibc_packet_received", attributes }] };
  }

  onAcknowledgementPacket(tx: TxContext, _version: string, packet: Packet, ack: Uint8Array, relayer: string): AppEvent[] {
    return this.basic(tx, packet.source_port, "ibc_packet_ack", { acknowledgement: { data: b64(ack) }, original_packet: packetJson(packet), relayer }, "on ack");
  }

  onTimeoutPacket(tx: TxContext, _version: string, packet: Packet, relayer: string): AppEvent[] {
    return this.basic(tx, packet.source_port, "ibc_packet_timeout", { packet: packetJson(packet), relayer }, "on timeout");
  }

  // ---- a contract's IbcMsg -------------------------------------------------------------------

  /**
   * wasmd's message handler chain for CosmosMsg::Ibc: transfer and close_channel are encoded to
   * MsgTransfer / MsgChannelCloseInit and routed (circuit check); send_packet and
   * write_acknowledgement go to IBCRawPacketHandler on the contract's own port; anything else
   * (pay_packet_fee, pay_packet_fee_async) has no handler.
   */
  dispatch(tx: TxContext, contract: string, msg: IbcMsg): DispatchResult {
    const port = this.app.wasm.contractInfo(tx.store, contract)?.ibc_port_id ?? "";
    if (msg.send_packet) {
      if (port === "") throw new AppError("ibc not supported: unsupported for this contract", "wasm", 17);
      const m = msg.send_packet;
      if (!m.channel_id) throw new AppError("ibc channel: empty", "wasm", 12);
      const t = timeoutOf(m.timeout);
      let sent: { sequence: number; events: AppEvent[] };
      try {
        sent = this.core().sendPacket(tx, port, m.channel_id, t.height, t.timestamp, Buffer.from(m.data, "base64"));
      } catch (e) {
        throw e instanceof AppError ? e.wrap("channel") : e;
      }
      const data = sequenceProto(sent.sequence);
      return { events: sent.events, data, msgResponses: [response("/cosmwasm.wasm.v1.MsgIBCSendResponse", data)] };
    }
    if (msg.write_acknowledgement) {
      if (port === "") throw new AppError("ibc not supported: unsupported for this contract", "wasm", 17);
      const m = msg.write_acknowledgement;
      if (!m.channel_id) throw new AppError("ibc channel: empty", "wasm", 12);
      const key = asyncKey(port, m.channel_id, m.packet_sequence);
      const packet = getJson<Packet>(tx.store, key);
      tx.gas.consume(kv.read(key.length, packet ? JSON.stringify(packet).length : 0), "async ack packet");
      if (!packet) throw new AppError("packet: invalid", "wasm", 14);
      let events: AppEvent[];
      try {
        events = this.core().writeAcknowledgement(tx, packet, Buffer.from(m.ack.data, "base64"));
      } catch (e) {
        throw e instanceof AppError ? e.wrap("acknowledgement") : e;
      }
      removeKey(tx.store, key);
      tx.gas.consume(kv.remove(), "async ack packet");
      const empty = new Uint8Array(0);
      return { events, data: empty, msgResponses: [response("/cosmwasm.wasm.v1.MsgIBCWriteAcknowledgementResponse", empty)] };
    }
    if (msg.transfer) {
      const m = msg.transfer;
      tx.gas.consume(ROUTER_CIRCUIT_CHECK, "circuit breaker");
      const t = timeoutOf(m.timeout);
      const sent = this.transfer().transfer(tx, contract, { source_channel: m.channel_id, token: m.amount, receiver: m.to_address, timeout_height: t.height, timeout_timestamp: t.timestamp, memo: m.memo ?? "" });
      const data = sequenceProto(sent.sequence);
      return { events: sent.events, data, msgResponses: [response("/ibc.applications.transfer.v1.MsgTransferResponse", data)] };
    }
    if (msg.close_channel) {
      tx.gas.consume(ROUTER_CIRCUIT_CHECK, "circuit breaker");
      const events = this.core().chanCloseInit(tx, ibcPortId(contract), msg.close_channel.channel_id);
      return { events, data: new Uint8Array(0), msgResponses: [response("/ibc.core.channel.v1.MsgChannelCloseInitResponse", new Uint8Array(0))] };
    }
    throw new AppError("no handler found: unknown message from the contract", "wasm", ERR_UNKNOWN_MSG);
  }

  // ---- IbcQuery (query_plugins.go IBCQuerier) -------------------------------------------------

  query(tx: TxContext, caller: string | undefined, kind: string, args: Record<string, unknown>): Uint8Array {
    const ownPort = (caller && this.app.wasm.contractInfo(tx.store, caller)?.ibc_port_id) || "";
    const json = (v: unknown) => utf8(goJson(v));
    if (kind === "port_id") return json({ port_id: ownPort });
    if (kind === "list_channels") {
      const port = (args.port_id as string | null | undefined) || ownPort;
      if (port === "") return json({ channels: [] });
      const channels = this.core()
        .allChannels(tx)
        .filter((c) => c.port_id.startsWith(port) && c.channel.state === "STATE_OPEN")
        .map((c) => channelJson(c.port_id, c.channel_id, c.channel));
      return json({ channels });
    }
    if (kind === "channel") {
      const port = (args.port_id as string | null | undefined) || ownPort;
      const id = String(args.channel_id ?? "");
      const ch = this.core().channel(tx, port, id);
      return json({ channel: ch && ch.state === "STATE_OPEN" ? channelJson(port, id, ch) : null });
    }
    throw new UnsupportedQuery("unknown IBCQuery variant");
  }
}
