// Several chains in one process, joined by an in-process relayer that does what Hermes does:
// clients and connections between two Apps, channel handshakes (whole or step by step), and
// packets relayed as transactions of the relayer's account (MsgUpdateClient + MsgRecvPacket /
// MsgAcknowledgement / MsgTimeout / MsgTimeoutOnClose / MsgChannelCloseConfirm), one at a time or
// all pending at once. The relayer reads the counterparty's committed state directly where
// ibc-go would verify a proof of it.

import type { App, TxResult } from "../app/app";
import { TxError } from "../app/app";
import { TxGasMeter } from "../app/gas";
import type { TxContext } from "../app/wasm";
import { makeAddress } from "../vm/api";
import { ChannelEnd, Order, Packet, revisionOf, timeoutElapsed } from "./types";

/** One chain's end of a link: its client of the other chain and its connection. */
export interface LinkEnd {
  app: App;
  clientId: string;
  connectionId: string;
}

export interface Link {
  a: LinkEnd;
  b: LinkEnd;
}

/** A channel between two chains: port and channel id on each side. */
export interface ChannelPair {
  link: Link;
  a: { port: string; channel: string };
  b: { port: string; channel: string };
  order: Order;
  /** The version negotiated (what both ends hold once open). */
  version: string;
}

export type Ordering = "ordered" | "unordered" | Order;

export interface OpenChannelOptions {
  portA: string;
  portB: string;
  /** The version proposed at OpenInit ("" lets the module choose). */
  version: string;
  order?: Ordering;
}

/** A handshake in progress (channelOpenInit … channelOpenConfirm). */
export interface Handshake {
  link: Link;
  portA: string;
  portB: string;
  order: Order;
  channelA: string;
  channelB?: string;
}

/** What the relayer can do next for one packet or channel. */
export interface PendingStep {
  kind: "recv" | "ack" | "timeout" | "timeout_on_close" | "close_confirm";
  /** The chain the relayer's transaction goes to. */
  to: App;
  /** The packet (not for close_confirm). */
  packet?: Packet;
  /** The acknowledgement bytes (ack). */
  ack?: Uint8Array;
  /** close_confirm: the channel end that confirms. */
  port?: string;
  channel?: string;
}

export interface RelayedStep {
  step: PendingStep;
  result: TxResult;
}

const toOrder = (o: Ordering | undefined): Order =>
  o === "ordered" || o === "ORDER_ORDERED" ? "ORDER_ORDERED" : "ORDER_UNORDERED";

/** A context over an App's committed state for the IbcCore's queries (no gas charged): what the relayer reads. */
export function view(app: App): TxContext {
  return { store: app.store, block: app.block, bank: app.bank, gas: new TxGasMeter(Number.MAX_SAFE_INTEGER) };
}

const stepKey = (s: PendingStep): string =>
  s.packet ? `${s.kind}:${s.packet.source_port}/${s.packet.source_channel}/${s.packet.sequence}` : `${s.kind}:${s.port}/${s.channel}`;

export class IbcNetwork {
  readonly links: Link[] = [];
  readonly channels: ChannelPair[] = [];
  /** The relayer transactions relayAll saw fail (left pending), in order. */
  readonly failures: Array<{ step: PendingStep; error: TxError }> = [];
  /** Gas limit of the relayer's transactions. */
  gasLimit = 10_000_000;

  /** The relayer's account on `app` (signer of its transactions). */
  relayer(app: App): string {
    return makeAddress("ibc-relayer", app.api.prefix);
  }

  // ---- clients and connections ----------------------------------------------------------------

  /** Creates a client of each chain on the other and an OPEN connection over them (no handshake messages). */
  connect(a: App, b: App): Link {
    const clientOf = (other: App) => ({
      chain_id: other.block.chainId,
      latest_height: { revision: revisionOf(other.block.chainId), height: other.block.height },
      latest_time: other.block.time.toString(),
    });
    let clientA = "";
    let clientB = "";
    a.chainTx((tx) => void (clientA = a.ibc.createClient(tx, clientOf(b))));
    b.chainTx((tx) => void (clientB = b.ibc.createClient(tx, clientOf(a))));
    let connA = "";
    let connB = "";
    a.chainTx((tx) => void (connA = a.ibc.createConnection(tx, clientA, { client_id: clientB, connection_id: "" })));
    b.chainTx((tx) => void (connB = b.ibc.createConnection(tx, clientB, { client_id: clientA, connection_id: connA })));
    const link = { a: { app: a, clientId: clientA, connectionId: connA }, b: { app: b, clientId: clientB, connectionId: connB } };
    this.links.push(link);
    return link;
  }

  private linkOf(a: App, b: App): Link {
    const link = this.links.find((l) => (l.a.app === a && l.b.app === b) || (l.a.app === b && l.b.app === a));
    if (!link) throw new Error("the two chains are not connected (IbcNetwork.connect)");
    return link.a.app === a ? link : { a: link.b, b: link.a };
  }

  /** MsgUpdateClient inside a relayer transaction: `end`'s client of the other chain learns its latest block. */
  private updateClient(tx: TxContext, end: LinkEnd, other: App): void {
    end.app.ibc.updateClient(tx, end.clientId, { revision: revisionOf(other.block.chainId), height: other.block.height }, other.block.time);
  }

  /** Refreshes every client to its counterparty's latest block (Hermes' client refresh). */
  updateClients(): void {
    for (const link of this.links) {
      link.a.app.chainTx((tx) => this.updateClient(tx, link.a, link.b.app));
      link.b.app.chainTx((tx) => this.updateClient(tx, link.b, link.a.app));
    }
  }

  /** Every chain of the network. */
  apps(): App[] {
    return [...new Set(this.links.flatMap((l) => [l.a.app, l.b.app]))];
  }

  /** Produces `blocks` blocks of `seconds` each on every chain, then refreshes the clients. */
  advance(seconds: number, blocks = 1): void {
    for (const app of this.apps()) app.advanceBlocks(blocks, seconds);
    this.updateClients();
  }

  // ---- channel handshake ------------------------------------------------------------------------

  /** The relayer's transaction on `end.app`: its client of `other` updated first, then `fn`. */
  private relayTx(end: LinkEnd, other: App, fn: (tx: TxContext) => TxResult["events"]): TxResult {
    return end.app.runTx(this.gasLimit, (tx) => {
      this.updateClient(tx, end, other);
      return { events: fn(tx), data: null, msgResponses: [] };
    });
  }

  /** MsgChannelOpenInit on `a` (by the relayer, as `hermes create channel` does). */
  channelOpenInit(a: App, b: App, o: OpenChannelOptions): Handshake {
    const link = this.linkOf(a, b);
    const order = toOrder(o.order);
    let channelA = "";
    this.relayTx(link.a, b, (tx) => {
      const r = a.ibc.chanOpenInit(tx, o.portA, order, link.a.connectionId, o.portB, o.version);
      channelA = r.channelId;
      return r.events;
    });
    return { link, portA: o.portA, portB: o.portB, order, channelA };
  }

  /** MsgChannelOpenTry on b, with the version a's channel end holds. */
  channelOpenTry(h: Handshake): TxResult {
    const { a, b } = h.link;
    const chA = this.channelEnd(a.app, h.portA, h.channelA);
    if (chA?.state !== "STATE_INIT") throw new Error(`channel ${h.channelA} on ${a.app.block.chainId} is not in INIT`);
    return this.relayTx(b, a.app, (tx) => {
      const r = b.app.ibc.chanOpenTry(tx, h.portB, h.order, b.connectionId, { port_id: h.portA, channel_id: h.channelA }, chA.version);
      h.channelB = r.channelId;
      return r.events;
    });
  }

  /** MsgChannelOpenAck on a, with the version b's channel end holds. */
  channelOpenAck(h: Handshake): TxResult {
    const { a, b } = h.link;
    const chB = h.channelB === undefined ? undefined : this.channelEnd(b.app, h.portB, h.channelB);
    if (!chB || chB.state !== "STATE_TRYOPEN") throw new Error("the counterparty channel is not in TRYOPEN");
    return this.relayTx(a, b.app, (tx) => a.app.ibc.chanOpenAck(tx, h.portA, h.channelA, h.channelB!, chB.version));
  }

  /** MsgChannelOpenConfirm on b; the channel is then registered for relaying. */
  channelOpenConfirm(h: Handshake): ChannelPair {
    const { a, b } = h.link;
    const chA = this.channelEnd(a.app, h.portA, h.channelA);
    if (chA?.state !== "STATE_OPEN" || h.channelB === undefined) throw new Error("the counterparty channel is not OPEN");
    this.relayTx(b, a.app, (tx) => b.app.ibc.chanOpenConfirm(tx, h.portB, h.channelB!));
    const pair: ChannelPair = { link: h.link, a: { port: h.portA, channel: h.channelA }, b: { port: h.portB, channel: h.channelB }, order: h.order, version: chA.version };
    this.channels.push(pair);
    return pair;
  }

  /** The whole handshake (init on `a`); a failing step throws its TxError and leaves the channel unopened. */
  openChannel(a: App, b: App, o: OpenChannelOptions): ChannelPair {
    const h = this.channelOpenInit(a, b, o);
    this.channelOpenTry(h);
    this.channelOpenAck(h);
    return this.channelOpenConfirm(h);
  }

  channelEnd(app: App, port: string, channel: string): ChannelEnd | undefined {
    return app.ibc.channel(view(app), port, channel);
  }

  // ---- packets ------------------------------------------------------------------------------------

  /** The channel pair's two directions: [source end, destination end]. */
  private directions(c: ChannelPair): Array<[{ app: App; port: string; channel: string }, { app: App; port: string; channel: string }]> {
    const a = { app: c.link.a.app, ...c.a };
    const b = { app: c.link.b.app, ...c.b };
    return [
      [a, b],
      [b, a],
    ];
  }

  /**
   * What the relayer can do now, per channel and direction: packets to receive (or to time out on
   * their source when their timeout has passed on the destination, or when the destination's
   * channel is closed), acknowledgements to bring back, and channel ends to close after their
   * counterparty closed. Packets received without an acknowledgement yet (async) are not pending, nor
   * packets of an ORDERED channel behind the next one its destination can receive.
   */
  pending(): PendingStep[] {
    const steps: PendingStep[] = [];
    for (const c of this.channels) {
      for (const [src, dst] of this.directions(c)) {
        const s = view(src.app);
        const d = view(dst.app);
        const dstEnd = dst.app.ibc.channel(d, dst.port, dst.channel);
        const srcEnd = src.app.ibc.channel(s, src.port, src.channel);
        const acks = new Map(dst.app.ibc.acknowledgements(d, dst.port, dst.channel).map((x) => [x.packet.sequence, x.ack]));
        const nextRecv = dst.app.ibc.nextSequenceRecv(d, dst.port, dst.channel);
        for (const packet of src.app.ibc.commitments(s, src.port, src.channel)) {
          const received = c.order === "ORDER_ORDERED" ? nextRecv > packet.sequence : dst.app.ibc.hasReceipt(d, dst.port, dst.channel, packet.sequence);
          const ack = acks.get(packet.sequence);
          if (ack !== undefined) {
            if (srcEnd?.state === "STATE_OPEN") steps.push({ kind: "ack", to: src.app, packet, ack: Buffer.from(ack, "base64") });
          } else if (!received) {
            const dstHeight = { revision: revisionOf(dst.app.block.chainId), height: dst.app.block.height };
            if (dstEnd?.state === "STATE_CLOSED") steps.push({ kind: "timeout_on_close", to: src.app, packet });
            else if (timeoutElapsed(packet, dstHeight, dst.app.block.time)) steps.push({ kind: "timeout", to: src.app, packet });
            else if (c.order === "ORDER_UNORDERED" || packet.sequence === nextRecv) steps.push({ kind: "recv", to: dst.app, packet });
          }
        }
        if (srcEnd?.state === "STATE_CLOSED" && dstEnd?.state === "STATE_OPEN") {
          if (!steps.some((x) => x.kind === "close_confirm" && x.to === dst.app && x.channel === dst.channel)) steps.push({ kind: "close_confirm", to: dst.app, port: dst.port, channel: dst.channel });
        }
      }
    }
    return steps;
  }

  /** Runs one pending step as the relayer's transaction; a failure throws its TxError (nothing changes). */
  relay(step: PendingStep): RelayedStep {
    const { end, other } = this.endOn(step);
    const app = end.app;
    const relayer = this.relayer(app);
    const result = this.relayTx(end, other, (tx) => {
      if (step.kind === "recv") return app.ibc.recvPacket(tx, step.packet!, relayer).events;
      if (step.kind === "ack") return app.ibc.acknowledgePacket(tx, step.packet!, step.ack!, relayer).events;
      if (step.kind === "close_confirm") return app.ibc.chanCloseConfirm(tx, step.port!, step.channel!);
      const p = step.packet!;
      const d = view(other);
      const proof = {
        height: { revision: revisionOf(other.block.chainId), height: other.block.height },
        time: other.block.time,
        received: other.ibc.hasReceipt(d, p.destination_port, p.destination_channel, p.sequence),
        nextSequenceRecv: other.ibc.nextSequenceRecv(d, p.destination_port, p.destination_channel),
      };
      return app.ibc.timeoutPacket(tx, p, relayer, proof, step.kind === "timeout_on_close").events;
    });
    return { step, result };
  }

  /** The link end whose chain the step's transaction goes to, and the other chain. */
  private endOn(step: PendingStep): { end: LinkEnd; other: App } {
    for (const l of this.links) {
      if (l.a.app === step.to) return { end: l.a, other: l.b.app };
      if (l.b.app === step.to) return { end: l.b, other: l.a.app };
    }
    throw new Error("the chain is not in the network");
  }

  /** Relays the first pending step; undefined when nothing is pending. */
  relayNext(): RelayedStep | undefined {
    const step = this.pending()[0];
    return step && this.relay(step);
  }

  /** Relays whatever is pending for packet `sequence` sent from `app` on `channel` (receive, ack or timeout). */
  relayPacket(app: App, channel: string, sequence: number): RelayedStep {
    const step = this.pending().find((s) => s.packet?.sequence === sequence && s.packet.source_channel === channel && (s.kind === "recv" ? s.to !== app : s.to === app));
    if (!step) throw new Error(`nothing pending for packet ${sequence} on ${channel} of ${app.block.chainId}`);
    return this.relay(step);
  }

  /**
   * Relays everything pending, both ways, until nothing more can be relayed: what fails is left
   * pending and recorded in `failures` (as Hermes logs it and moves on). Returns the steps relayed.
   */
  relayAll(): RelayedStep[] {
    const done: RelayedStep[] = [];
    const failed = new Set<string>();
    for (let round = 0; ; round++) {
      if (round > 100_000) throw new Error("relayAll: no end to the pending steps");
      const step = this.pending().find((s) => !failed.has(stepKey(s)));
      if (!step) return done;
      try {
        done.push(this.relay(step));
      } catch (e) {
        if (!(e instanceof TxError)) throw e;
        failed.add(stepKey(step));
        this.failures.push({ step, error: e });
      }
    }
  }
}
