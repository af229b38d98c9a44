// IBC core of one chain, as ibc-go v10.4 runs it (modules/core/keeper/msg_server.go and
// 04-channel/keeper): clients, connections, channels, sequences, packet commitments, receipts and
// acknowledgements in the App's revertible store (a failed transaction reverts them), the port
// router to the application modules (ICS-20 on "transfer", contracts on "wasm.<address>"), and the
// events ibc-go emits. Proofs are not modelled: the relayer (network.ts) reads the counterparty's
// state directly where ibc-go verifies a proof of it.

import { kv } from "../app/gas";
import { AppError, AppEvent, getJson, removeKey, scanJson, setJson } from "../app/context";
import { TransactionalStorage } from "../vm/storage";
import type { TxContext } from "../app/wasm";
import {
  canonicalAck,
  AppAck,
  ChannelEnd,
  ClientState,
  ConnectionEnd,
  ERROR_EVENT_PREFIX,
  Endpoint,
  Height,
  Order,
  Packet,
  heightText,
  isZeroHeight,
  revisionOf,
  timeoutElapsed,
  timeoutElapsedError,
} from "./types";

/** An IBC application module's callbacks (ibc-go 05-port IBCModule). Errors are AppErrors. */
export interface IbcApp {
  onChanOpenInit(tx: TxContext, order: Order, connectionId: string, port: string, channelId: string, counterparty: Endpoint, version: string): { version: string; events: AppEvent[] };
  onChanOpenTry(tx: TxContext, order: Order, connectionId: string, port: string, channelId: string, counterparty: Endpoint, counterpartyVersion: string): { version: string; events: AppEvent[] };
  onChanOpenAck(tx: TxContext, port: string, channelId: string, counterpartyChannelId: string, counterpartyVersion: string): AppEvent[];
  onChanOpenConfirm(tx: TxContext, port: string, channelId: string): AppEvent[];
  onChanCloseInit(tx: TxContext, port: string, channelId: string): AppEvent[];
  onChanCloseConfirm(tx: TxContext, port: string, channelId: string): AppEvent[];
  /** The acknowledgement (null: written later, asynchronously) and the callback's events. */
  onRecvPacket(tx: TxContext, version: string, packet: Packet, relayer: string): { ack: AppAck | null; events: AppEvent[] };
  onAcknowledgementPacket(tx: TxContext, version: string, packet: Packet, ack: Uint8Array, relayer: string): AppEvent[];
  onTimeoutPacket(tx: TxContext, version: string, packet: Packet, relayer: string): AppEvent[];
}

/** What a packet message did: ibc-go's ResponseResultType (NOOP for a redundant relay). */
export type RelayResult = "SUCCESS" | "NOOP";

/** The counterparty's state a timeout proof shows (ibc-go verifies it against the light client). */
export interface TimeoutProof {
  height: Height;
  time: bigint;
  /** UNORDERED: the destination has a receipt for the packet. */
  received: boolean;
  /** ORDERED: the destination's next receive sequence. */
  nextSequenceRecv: number;
}

const attr = (key: string, value: string) => ({ key, value });
const MESSAGE: AppEvent = { type: "message", attributes: [attr("module", "ibc_channel")] };
const seqKey = (n: number): string => String(n).padStart(20, "0");
const path = (port: string, channel: string): string => `${port}/${channel}`;

const K = {
  client: (id: string) => `ibc/client/${id}`,
  connection: (id: string) => `ibc/connection/${id}`,
  channel: (port: string, ch: string) => `ibc/channel/${path(port, ch)}`,
  channels: "ibc/channel/",
  counter: (what: string) => `ibc/counter/${what}`,
  nextSend: (port: string, ch: string) => `ibc/nextSequenceSend/${path(port, ch)}`,
  nextRecv: (port: string, ch: string) => `ibc/nextSequenceRecv/${path(port, ch)}`,
  nextAck: (port: string, ch: string) => `ibc/nextSequenceAck/${path(port, ch)}`,
  commitment: (port: string, ch: string, seq: number) => `ibc/commitments/${path(port, ch)}/${seqKey(seq)}`,
  commitments: (port: string, ch: string) => `ibc/commitments/${path(port, ch)}/`,
  receipt: (port: string, ch: string, seq: number) => `ibc/receipts/${path(port, ch)}/${seqKey(seq)}`,
  ack: (port: string, ch: string, seq: number) => `ibc/acks/${path(port, ch)}/${seqKey(seq)}`,
  acks: (port: string, ch: string) => `ibc/acks/${path(port, ch)}/`,
};

/** A written acknowledgement with its packet (ibc-go keeps a hash; the relayer reads both from events). */
export interface StoredAck {
  packet: Packet;
  /** base64 */
  ack: string;
}

export class IbcCore {
  private readonly apps = new Map<string, IbcApp>();

  /** `wasm` routes every port beginning "wasm." (ibc-go v10 routes ports containing "wasm" to x/wasm). */
  constructor(private readonly wasm: IbcApp) {}

  /** Binds a module's port (ICS-20's "transfer"). */
  bind(port: string, app: IbcApp): void {
    this.apps.set(port, app);
  }

  private route(port: string): IbcApp {
    const app = this.apps.get(port) ?? (port.startsWith("wasm.") ? this.wasm : undefined);
    if (!app) throw new AppError(`route not found to portID: ${port}: route not found`, "port", 5);
    return app;
  }

  // ---- store, with the KV gas of each access ----------------------------------------------

  private get<T>(tx: TxContext, key: string): T | undefined {
    const raw = tx.store.get(Buffer.from(key));
    tx.gas.consume(kv.read(key.length, raw?.length ?? 0), "ibc");
    return raw === undefined ? undefined : (JSON.parse(Buffer.from(raw).toString("utf8")) as T);
  }

  private set(tx: TxContext, key: string, value: unknown): void {
    const text = JSON.stringify(value);
    tx.gas.consume(kv.write(key.length, text.length), "ibc");
    setJson(tx.store, key, value);
  }

  private remove(tx: TxContext, key: string): void {
    tx.gas.consume(kv.remove(), "ibc");
    removeKey(tx.store, key);
  }

  private next(tx: TxContext, what: string): number {
    const n = this.get<number>(tx, K.counter(what)) ?? 0;
    this.set(tx, K.counter(what), n + 1);
    return n;
  }

  // ---- clients and connections (created by the relayer; no handshake messages) -------------

  createClient(tx: TxContext, state: ClientState): string {
    const id = `07-tendermint-${this.next(tx, "client")}`;
    this.set(tx, K.client(id), state);
    return id;
  }

  /** MsgUpdateClient: the counterparty's newer header. */
  updateClient(tx: TxContext, id: string, height: Height, time: bigint): void {
    const c = this.client(tx, id);
    if (!c) throw new AppError(`${id}: light client not found`, "client", 3);
    if (height.height > c.latest_height.height) this.set(tx, K.client(id), { ...c, latest_height: height, latest_time: time.toString() });
  }

  client(tx: TxContext, id: string): ClientState | undefined {
    return this.get<ClientState>(tx, K.client(id));
  }

  createConnection(tx: TxContext, clientId: string, counterparty: ConnectionEnd["counterparty"]): string {
    const id = `connection-${this.next(tx, "connection")}`;
    this.set(tx, K.connection(id), { client_id: clientId, counterparty, state: "STATE_OPEN" } satisfies ConnectionEnd);
    return id;
  }

  connection(tx: TxContext, id: string): ConnectionEnd | undefined {
    return this.get<ConnectionEnd>(tx, K.connection(id));
  }

  // ---- channel handshake (msg_server.go ChannelOpenInit … ChannelCloseConfirm) --------------

  channel(tx: TxContext, port: string, channelId: string): ChannelEnd | undefined {
    return this.get<ChannelEnd>(tx, K.channel(port, channelId));
  }

  /** Every channel end of this chain, in key order. */
  allChannels(tx: TxContext): Array<{ port_id: string; channel_id: string; channel: ChannelEnd }> {
    return scanJson<ChannelEnd>(tx.store, K.channels).map(([key, channel]) => {
      const rest = key.slice(K.channels.length);
      const cut = rest.lastIndexOf("/");
      return { port_id: rest.slice(0, cut), channel_id: rest.slice(cut + 1), channel };
    });
  }

  private requireChannel(tx: TxContext, port: string, channelId: string): ChannelEnd {
    const ch = this.channel(tx, port, channelId);
    if (!ch) throw new AppError(`port ID (${port}) channel ID (${channelId}): channel not found`, "channel", 3);
    return ch;
  }

  private requireConnection(tx: TxContext, id: string): ConnectionEnd {
    const c = this.connection(tx, id);
    if (!c) throw new AppError(`${id}: connection not found`, "connection", 3);
    return c;
  }

  chanOpenInit(tx: TxContext, port: string, order: Order, connectionId: string, counterpartyPort: string, version: string): { channelId: string; version: string; events: AppEvent[] } {
    const app = this.route(port);
    this.requireConnection(tx, connectionId);
    const channelId = `channel-${this.next(tx, "channel")}`;
    const counterparty = { port_id: counterpartyPort, channel_id: "" };
    const cb = callback(`channel open init callback failed for port ID: ${port}, channel ID: ${channelId}`, () =>
      app.onChanOpenInit(tx, order, connectionId, port, channelId, counterparty, version),
    );
    const channel: ChannelEnd = { state: "STATE_INIT", ordering: order, counterparty, connection_id: connectionId, version: cb.version };
    this.writeNewChannel(tx, port, channelId, channel);
    const event = channelEvent("channel_open_init", port, channelId, channel, { counterpartyChannel: false, version: true });
    return { channelId, version: cb.version, events: [event, MESSAGE, ...cb.events] };
  }

  chanOpenTry(tx: TxContext, port: string, order: Order, connectionId: string, counterparty: Endpoint, counterpartyVersion: string): { channelId: string; version: string; events: AppEvent[] } {
    const app = this.route(port);
    this.requireConnection(tx, connectionId);
    const channelId = `channel-${this.next(tx, "channel")}`;
    const cb = callback(`channel open try callback failed for port ID: ${port}, channel ID: ${channelId}`, () =>
      app.onChanOpenTry(tx, order, connectionId, port, channelId, counterparty, counterpartyVersion),
    );
    const channel: ChannelEnd = { state: "STATE_TRYOPEN", ordering: order, counterparty, connection_id: connectionId, version: cb.version };
    this.writeNewChannel(tx, port, channelId, channel);
    const event = channelEvent("channel_open_try", port, channelId, channel, { counterpartyChannel: true, version: true });
    return { channelId, version: cb.version, events: [event, MESSAGE, ...cb.events] };
  }

  private writeNewChannel(tx: TxContext, port: string, channelId: string, channel: ChannelEnd): void {
    this.set(tx, K.channel(port, channelId), channel);
    this.set(tx, K.nextSend(port, channelId), 1);
    this.set(tx, K.nextRecv(port, channelId), 1);
    this.set(tx, K.nextAck(port, channelId), 1);
  }

  chanOpenAck(tx: TxContext, port: string, channelId: string, counterpartyChannelId: string, counterpartyVersion: string): AppEvent[] {
    const app = this.route(port);
    const ch = this.requireChannel(tx, port, channelId);
    if (ch.state !== "STATE_INIT") throw handshakeError("open ack", `channel state should be INIT (got ${ch.state})`);
    const events = callback(`channel open ack callback failed for port ID: ${port}, channel ID: ${channelId}`, () =>
      app.onChanOpenAck(tx, port, channelId, counterpartyChannelId, counterpartyVersion),
    );
    const open: ChannelEnd = { ...ch, state: "STATE_OPEN", version: counterpartyVersion, counterparty: { ...ch.counterparty, channel_id: counterpartyChannelId } };
    this.set(tx, K.channel(port, channelId), open);
    return [channelEvent("channel_open_ack", port, channelId, open, { counterpartyChannel: true }), MESSAGE, ...events];
  }

  chanOpenConfirm(tx: TxContext, port: string, channelId: string): AppEvent[] {
    const app = this.route(port);
    const ch = this.requireChannel(tx, port, channelId);
    if (ch.state !== "STATE_TRYOPEN") throw handshakeError("open confirm", `channel state is not TRYOPEN (got ${ch.state})`);
    const events = callback(`channel open confirm callback failed for port ID: ${port}, channel ID: ${channelId}`, () => app.onChanOpenConfirm(tx, port, channelId));
    const open: ChannelEnd = { ...ch, state: "STATE_OPEN" };
    this.set(tx, K.channel(port, channelId), open);
    return [channelEvent("channel_open_confirm", port, channelId, open, { counterpartyChannel: true }), MESSAGE, ...events];
  }

  /** MsgChannelCloseInit: the module's callback first (v10 order), then the channel closes. */
  chanCloseInit(tx: TxContext, port: string, channelId: string): AppEvent[] {
    return this.close(tx, port, channelId, "init");
  }

  /** MsgChannelCloseConfirm: as close init, on the other end. */
  chanCloseConfirm(tx: TxContext, port: string, channelId: string): AppEvent[] {
    return this.close(tx, port, channelId, "confirm");
  }

  private close(tx: TxContext, port: string, channelId: string, step: "init" | "confirm"): AppEvent[] {
    const app = this.route(port);
    this.requireChannel(tx, port, channelId);
    const events = callback(`channel close ${step} callback failed for port ID: ${port}, channel ID: ${channelId}`, () =>
      step === "init" ? app.onChanCloseInit(tx, port, channelId) : app.onChanCloseConfirm(tx, port, channelId),
    );
    const ch = this.requireChannel(tx, port, channelId);
    if (ch.state === "STATE_CLOSED") throw handshakeError(`close ${step}`, "channel is already CLOSED");
    const closed: ChannelEnd = { ...ch, state: "STATE_CLOSED" };
    this.set(tx, K.channel(port, channelId), closed);
    return [...events, channelEvent(`channel_close_${step}`, port, channelId, closed, { counterpartyChannel: true }), MESSAGE];
  }

  // ---- packets (04-channel/keeper/packet.go, timeout.go) -----------------------------------

  /**
   * keeper.SendPacket: the channel OPEN, the packet valid, the client of the connection active and
   * the timeout not already elapsed against its latest height and time; then the sequence and the
   * commitment, and the send_packet event.
   */
  sendPacket(tx: TxContext, port: string, channelId: string, timeoutHeight: Height, timeoutTimestamp: bigint, data: Uint8Array): { sequence: number; events: AppEvent[] } {
    const ch = this.channel(tx, port, channelId);
    if (!ch) throw new AppError(`${channelId}: channel not found`, "channel", 3);
    if (ch.state !== "STATE_OPEN") throw new AppError(`channel is not OPEN (got ${ch.state}): invalid channel state`, "channel", 5);
    const sequence = this.get<number>(tx, K.nextSend(port, channelId)) ?? 1;
    const packet: Packet = {
      sequence,
      source_port: port,
      source_channel: channelId,
      destination_port: ch.counterparty.port_id,
      destination_channel: ch.counterparty.channel_id,
      data: Buffer.from(data).toString("base64"),
      timeout_height: timeoutHeight,
      timeout_timestamp: timeoutTimestamp.toString(),
    };
    const invalid = (why: string) => new AppError(`constructed packet failed basic validation: ${why}: invalid packet`, "channel", 13);
    if (isZeroHeight(timeoutHeight) && timeoutTimestamp === 0n) throw invalid("packet timeout height and packet timeout timestamp cannot both be 0");
    if (data.length === 0) throw invalid("packet data bytes cannot be empty");
    const connection = this.requireConnection(tx, ch.connection_id);
    const client = this.client(tx, connection.client_id);
    if (!client) throw new AppError(`cannot send packet using client (${connection.client_id}) with status Unknown: client state is not active`, "client", 29);
    const latestTime = BigInt(client.latest_time);
    if (timeoutElapsed(packet, client.latest_height, latestTime)) throw timeoutElapsedError(packet, client.latest_height, latestTime, "invalid packet timeout");
    this.set(tx, K.nextSend(port, channelId), sequence + 1);
    this.set(tx, K.commitment(port, channelId, sequence), packet);
    const event = packetEvent("send_packet", packet, ch, { data: true });
    return { sequence, events: [event, MESSAGE] };
  }

  /** Packets sent on (port, channel) and neither acknowledged nor timed out, by sequence. */
  commitments(tx: TxContext, port: string, channelId: string): Packet[] {
    return scanJson<Packet>(tx.store, K.commitments(port, channelId)).map(([, p]) => p);
  }

  hasCommitment(tx: TxContext, port: string, channelId: string, sequence: number): boolean {
    return tx.store.get(Buffer.from(K.commitment(port, channelId, sequence))) !== undefined;
  }

  hasReceipt(tx: TxContext, port: string, channelId: string, sequence: number): boolean {
    return tx.store.get(Buffer.from(K.receipt(port, channelId, sequence))) !== undefined;
  }

  nextSequenceRecv(tx: TxContext, port: string, channelId: string): number {
    return getJson<number>(tx.store, K.nextRecv(port, channelId)) ?? 1;
  }

  /** Acknowledgements written on (port, channel), by sequence. */
  acknowledgements(tx: TxContext, port: string, channelId: string): StoredAck[] {
    return scanJson<StoredAck>(tx.store, K.acks(port, channelId)).map(([, a]) => a);
  }

  /**
   * MsgRecvPacket (msg_server.go RecvPacket): the channel checks and replay protection (a packet
   * already received is a no-op), the recv_packet event, then the module's callback in a cache
   * context: kept when the ack is a success or async, dropped otherwise (its events then carry the
   * ibccallbackerror- prefix); a non-nil ack is written at once.
   */
  recvPacket(tx: TxContext, packet: Packet, relayer: string): { result: RelayResult; events: AppEvent[] } {
    const app = this.route(packet.destination_port);
    const verified = wrapError("receive packet verification failed", () => this.verifyRecv(tx, packet));
    if (verified === "NOOP") return { result: "NOOP", events: [] };
    const ch = verified;
    const events: AppEvent[] = [packetEvent("recv_packet", packet, ch, { data: true }), MESSAGE];
    const layer = new TransactionalStorage(tx.store);
    const cb = app.onRecvPacket({ ...tx, store: layer }, ch.version, packet, relayer);
    if (cb.ack === null || cb.ack.success) {
      layer.commit();
      events.push(...cb.events);
    } else {
      layer.discard();
      events.push(...cb.events.map(errorEvent));
    }
    if (cb.ack !== null) events.push(...this.writeAcknowledgement(tx, packet, cb.ack.bytes));
    return { result: "SUCCESS", events };
  }

  private verifyRecv(tx: TxContext, packet: Packet): ChannelEnd | "NOOP" {
    const ch = this.channel(tx, packet.destination_port, packet.destination_channel);
    if (!ch) throw new AppError(`${packet.destination_channel}: channel not found`, "channel", 3);
    if (ch.state !== "STATE_OPEN") throw new AppError(`channel is not OPEN (got ${ch.state}): invalid channel state`, "channel", 5);
    if (packet.source_port !== ch.counterparty.port_id)
      throw new AppError(`packet source port doesn't match the counterparty's port (${packet.source_port} ≠ ${ch.counterparty.port_id}): invalid packet`, "channel", 13);
    if (packet.source_channel !== ch.counterparty.channel_id)
      throw new AppError(`packet source channel doesn't match the counterparty's channel (${packet.source_channel} ≠ ${ch.counterparty.channel_id}): invalid packet`, "channel", 13);
    const selfHeight = { revision: revisionOf(tx.block.chainId), height: tx.block.height };
    if (timeoutElapsed(packet, selfHeight, tx.block.time)) throw timeoutElapsedError(packet, selfHeight, tx.block.time, "packet timeout elapsed");
    const { destination_port: port, destination_channel: channelId, sequence } = packet;
    if (ch.ordering === "ORDER_UNORDERED") {
      if (this.get<number>(tx, K.receipt(port, channelId, sequence)) !== undefined) return "NOOP";
      this.set(tx, K.receipt(port, channelId, sequence), 1);
    } else {
      const next = this.get<number>(tx, K.nextRecv(port, channelId)) ?? 1;
      if (sequence < next) return "NOOP";
      if (sequence !== next) throw new AppError(`packet sequence ≠ next receive sequence (${sequence} ≠ ${next}): packet sequence is out of order`, "channel", 21);
      this.set(tx, K.nextRecv(port, channelId), next + 1);
    }
    return ch;
  }

  /** keeper.WriteAcknowledgement (synchronous, or a contract's async write_acknowledgement). */
  writeAcknowledgement(tx: TxContext, packet: Packet, ack: Uint8Array): AppEvent[] {
    const { destination_port: port, destination_channel: channelId, sequence } = packet;
    const ch = this.channel(tx, port, channelId);
    if (!ch) throw new AppError(`${channelId}: channel not found`, "channel", 3);
    if (ch.state !== "STATE_OPEN") throw new AppError(`channel is not OPEN (got ${ch.state}): invalid channel state`, "channel", 5);
    if (this.get<StoredAck>(tx, K.ack(port, channelId, sequence)) !== undefined) throw new AppError("acknowledgement for packet already exists", "channel", 17);
    if (ack.length === 0) throw new AppError("acknowledgement cannot be empty: invalid acknowledgement", "channel", 16);
    this.set(tx, K.ack(port, channelId, sequence), { packet, ack: Buffer.from(ack).toString("base64") } satisfies StoredAck);
    return [packetEvent("write_acknowledgement", packet, ch, { data: true, ack }), MESSAGE];
  }

  /** MsgAcknowledgement: the commitment deleted (a no-op when it is gone), then the module's callback. */
  acknowledgePacket(tx: TxContext, packet: Packet, ack: Uint8Array, relayer: string): { result: RelayResult; events: AppEvent[] } {
    const app = this.route(packet.source_port);
    const verified = wrapError("acknowledge packet verification failed", () => {
      const { source_port: port, source_channel: channelId, sequence } = packet;
      const ch = this.channel(tx, port, channelId);
      if (!ch) throw new AppError(`port ID (${port}) channel ID (${channelId}): channel not found`, "channel", 3);
      if (ch.state !== "STATE_OPEN") throw new AppError(`channel is not OPEN (got ${ch.state}): invalid channel state`, "channel", 5);
      if (this.get<Packet>(tx, K.commitment(port, channelId, sequence)) === undefined) return "NOOP" as const;
      // ISA-2025-001: an ack that parses as an Acknowledgement must be its canonical JSON, or nodes could disagree on it
      const canonical = canonicalAck(ack);
      if (canonical !== null && !Buffer.from(canonical).equals(Buffer.from(ack))) throw new AppError("acknowledgement marshalling error: invalid acknowledgement", "channel", 16);
      if (ch.ordering === "ORDER_ORDERED") {
        const next = this.get<number>(tx, K.nextAck(port, channelId)) ?? 1;
        if (sequence !== next) throw new AppError(`packet sequence ≠ next ack sequence (${sequence} ≠ ${next}): packet sequence is out of order`, "channel", 21);
        this.set(tx, K.nextAck(port, channelId), next + 1);
      }
      this.remove(tx, K.commitment(port, channelId, sequence));
      return ch;
    });
    if (verified === "NOOP") return { result: "NOOP", events: [] };
    const events = [packetEvent("acknowledge_packet", packet, verified, {}), MESSAGE];
    events.push(...wrapError("acknowledge packet callback failed", () => app.onAcknowledgementPacket(tx, verified.version, packet, ack, relayer)));
    return { result: "SUCCESS", events };
  }

  /**
   * MsgTimeout (`onClose` false) or MsgTimeoutOnClose: the destination has not received the packet
   * and (MsgTimeout) the timeout has passed at the proof's height and time; the commitment is
   * deleted, an ORDERED channel closes; then the module's callback.
   */
  timeoutPacket(tx: TxContext, packet: Packet, relayer: string, proof: TimeoutProof, onClose = false): { result: RelayResult; events: AppEvent[] } {
    const app = this.route(packet.source_port);
    const what = onClose ? "timeout on close packet verification failed" : "timeout packet verification failed";
    const events: AppEvent[] = [];
    const verified = wrapError(what, () => {
      const { source_port: port, source_channel: channelId, sequence } = packet;
      const ch = this.channel(tx, port, channelId);
      if (!ch) throw new AppError(`port ID (${port}) channel ID (${channelId}): channel not found`, "channel", 3);
      if (!onClose && !timeoutElapsed(packet, proof.height, proof.time)) {
        throw new AppError(`packet timeout not reached: ${timeoutNotReached(packet, proof)}: timeout not reached`, "channel", 39);
      }
      if (this.get<Packet>(tx, K.commitment(port, channelId, sequence)) === undefined) return "NOOP" as const;
      const received = ch.ordering === "ORDER_ORDERED" ? proof.nextSequenceRecv > sequence : proof.received;
      if (received) throw new AppError(`packet already received: packet already received`, "channel", 19);
      this.remove(tx, K.commitment(port, channelId, sequence));
      let after = ch;
      // timeoutExecuted: an ORDERED channel is set CLOSED and channel_close emitted on every timeout (on close too)
      if (ch.ordering === "ORDER_ORDERED") {
        after = { ...ch, state: "STATE_CLOSED" };
        this.set(tx, K.channel(port, channelId), after);
        events.push(channelClosedEvent(packet, after), MESSAGE);
      }
      events.push(packetEvent("timeout_packet", packet, after, { timeout: true }), MESSAGE);
      return ch;
    });
    if (verified === "NOOP") return { result: "NOOP", events: [] };
    events.push(...wrapError("timeout packet callback failed", () => app.onTimeoutPacket(tx, verified.version, packet, relayer)));
    return { result: "SUCCESS", events };
  }
}

function timeoutNotReached(p: Packet, proof: TimeoutProof): string {
  if (!isZeroHeight(p.timeout_height)) return `current height: ${heightText(proof.height)}, timeout height ${heightText(p.timeout_height)}`;
  return `current timestamp: ${proof.time}, timeout timestamp ${p.timeout_timestamp}`;
}

/** A module callback's error, wrapped as msg_server.go wraps it. */
function callback<T>(what: string, f: () => T): T {
  return wrapError(what, f);
}

function wrapError<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof AppError && !(e.codespace === "sdk" && e.code === 11)) throw e.wrap(what);
    throw e;
  }
}

function handshakeError(step: string, detail: string): AppError {
  return new AppError(`channel handshake ${step} failed: ${detail}: invalid channel state`, "channel", 5);
}

/** emitChannelOpen*Event / emitChannelClose*Event (04-channel/keeper/events.go). */
function channelEvent(type: string, port: string, channelId: string, ch: ChannelEnd, o: { counterpartyChannel: boolean; version?: boolean }): AppEvent {
  const attributes = [attr("port_id", port), attr("channel_id", channelId), attr("counterparty_port_id", ch.counterparty.port_id)];
  if (o.counterpartyChannel) attributes.push(attr("counterparty_channel_id", ch.counterparty.channel_id));
  attributes.push(attr("connection_id", ch.connection_id));
  if (o.version) attributes.push(attr("version", ch.version));
  return { type, attributes };
}

/** emitSendPacketEvent, emitRecvPacketEvent, emitWriteAcknowledgementEvent, emitAcknowledgePacketEvent, emitTimeoutPacketEvent. */
function packetEvent(type: string, p: Packet, ch: ChannelEnd, o: { data?: boolean; ack?: Uint8Array; timeout?: boolean }): AppEvent {
  const attributes = [];
  if (o.data) attributes.push(attr("packet_data_hex", Buffer.from(p.data, "base64").toString("hex")));
  attributes.push(
    attr("packet_timeout_height", heightText(p.timeout_height)),
    attr("packet_timeout_timestamp", p.timeout_timestamp),
    attr("packet_sequence", String(p.sequence)),
    attr("packet_src_port", p.source_port),
    attr("packet_src_channel", p.source_channel),
    attr("packet_dst_port", p.destination_port),
    attr("packet_dst_channel", p.destination_channel),
  );
  if (o.ack) attributes.push(attr("packet_ack_hex", Buffer.from(o.ack).toString("hex")));
  if (o.timeout) {
    attributes.push(attr("connection_id", ch.connection_id), attr("packet_channel_ordering", ch.ordering));
  } else {
    attributes.push(attr("packet_channel_ordering", ch.ordering), attr("packet_connection", ch.connection_id), attr("connection_id", ch.connection_id));
  }
  return { type, attributes };
}

/** emitChannelClosedEvent: an ORDERED channel closed by a timeout. */
function channelClosedEvent(p: Packet, ch: ChannelEnd): AppEvent {
  return {
    type: "channel_close",
    attributes: [
      attr("port_id", p.source_port),
      attr("channel_id", p.source_channel),
      attr("counterparty_port_id", ch.counterparty.port_id),
      attr("counterparty_channel_id", ch.counterparty.channel_id),
      attr("connection_id", ch.connection_id),
      attr("packet_channel_ordering", ch.ordering),
    ],
  };
}

/** internal/errors ConvertToErrorEvents: type and every key prefixed. */
function errorEvent(e: AppEvent): AppEvent {
  return { type: ERROR_EVENT_PREFIX + e.type, attributes: e.attributes.map((a) => ({ key: ERROR_EVENT_PREFIX + a.key, value: a.value })) };
}
