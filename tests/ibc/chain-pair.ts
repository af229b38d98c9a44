// ChainPair on two real local chains joined by Hermes (chain/hermes.ts): Persistence (localpersistence-1)
// and the app-chain (localcomdex-1). `npm run test:chain` starts the pair "ibc" with --manual-relay:
// `hermes start` keeps the clients fresh but relays no packets, so packets move only in relayAll(),
// which drives `hermes clear packets` as the simulator's relayer moves them when told. A packet whose
// timeout has passed on its destination is timed out by that clearing, deterministically.
import * as fs from "fs";
import * as path from "path";
import { buildFixture } from "@persistence-ts/testing/fixtures";
import { SigningCosmWasmClient } from "@cosmjs/cosmwasm";
import { BankExtension, DeliverTxResponse, GasPrice, IbcExtension, QueryClient, assertIsDeliverTxSuccess, setupBankExtension, setupIbcExtension } from "@cosmjs/stargate";
import { CometClient, connectComet } from "@cosmjs/tendermint-rpc";
import { State as ChannelState, Order } from "cosmjs-types/ibc/core/channel/v1/channel";
import { MsgTransfer } from "cosmjs-types/ibc/applications/transfer/v1/tx";
import { ChannelEnds, IbcPair } from "../../chain/hermes";
import { Localnet, TEST_ACCOUNTS, accounts, gasPrice, sleep, testWallet } from "../../chain/localnet";
import { ChainPair, ChainSide, Channel, Coin, Timeout } from "./pair";

const ROOT = path.resolve(__dirname, "../..");
/** The pair `npm run test:chain` starts (ports + 1500, app-chain + 2500). */
export const TEST_PAIR = { name: "ibc", portOffset: 1500, appPortOffset: 2500 };


class RealSide implements ChainSide {
  readonly chainId: string;
  readonly denom: string;
  readonly rpc: string;
  private readonly signers = new Map<number, Promise<SigningCosmWasmClient>>();
  private readonly codes = new Map<string, Promise<number>>();

  private constructor(
    net: Localnet,
    private readonly addresses: string[],
    private readonly comet: CometClient,
    readonly q: QueryClient & IbcExtension & BankExtension,
  ) {
    this.chainId = net.info()!.chainId;
    this.denom = net.denom();
    this.rpc = net.rpcUrl(0);
  }

  static async connect(net: Localnet): Promise<RealSide> {
    if (!net.info()) throw new Error(`network "${net.name}" does not exist: run "npm run localnet -- start --with-app-chain --name …"`);
    const comet = await connectComet(net.rpcUrl(0));
    return new RealSide(net, await accounts(0, TEST_ACCOUNTS), comet, QueryClient.withExtensions(comet, setupIbcExtension, setupBankExtension));
  }

  address(i: number): string {
    const a = this.addresses[i];
    if (a === undefined) throw new Error(`test account ${i} is not funded (0 … ${TEST_ACCOUNTS - 1})`);
    return a;
  }

  /** A signing client for test account i, paying fees in this chain's denom. */
  signer(i: number): Promise<SigningCosmWasmClient> {
    let s = this.signers.get(i);
    if (!s) {
      s = testWallet([i]).then((wallet) =>
        SigningCosmWasmClient.connectWithSigner(this.rpc, wallet, {
          gasPrice: GasPrice.fromString(gasPrice(this.denom)),
          broadcastPollIntervalMs: 200,
          broadcastTimeoutMs: 90_000,
        }),
      );
      this.signers.set(i, s);
    }
    return s;
  }

  async balance(address: string, denom: string): Promise<bigint> {
    return BigInt((await (await this.signer(0)).getBalance(address, denom)).amount);
  }

  /**
   * Uploads `wasm` once per chain; returns its code id. `wasm`: a path to a .wasm file (relative to
   * the repo root or absolute), else the name of a tests/fixtures contract (built as the simulator's
   * pair builds it).
   */
  upload(sender: number, wasm: string): Promise<number> {
    const file = wasm.endsWith(".wasm") ? path.resolve(ROOT, wasm) : wasm;
    let code = this.codes.get(file);
    if (!code) {
      const bytes = wasm.endsWith(".wasm") ? new Uint8Array(fs.readFileSync(file)) : buildFixture(wasm);
      code = this.signer(sender).then(async (c) => (await c.upload(this.address(sender), bytes, "auto")).codeId);
      this.codes.set(file, code);
      code.catch(() => this.codes.delete(file));
    }
    return code;
  }

  /** Uploads the wasm once per chain (upload()), then instantiates it (no admin). */
  async instantiate(sender: number, wasm: string, msg: unknown, label: string): Promise<string> {
    const code = await this.upload(sender, wasm);
    const client = await this.signer(sender);
    return (await client.instantiate(this.address(sender), code, msg as Record<string, unknown>, label, "auto")).contractAddress;
  }

  async execute(sender: number, contract: string, msg: unknown, funds?: Coin[]): Promise<void> {
    await (await this.signer(sender)).execute(this.address(sender), contract, msg as Record<string, unknown>, "auto", undefined, funds);
  }

  async query<T>(contract: string, msg: unknown): Promise<T> {
    return (await (await this.signer(0)).queryContractSmart(contract, msg as Record<string, unknown>)) as T;
  }

  async transfer(sender: number, channel: string, receiver: string, coin: Coin, timeout: Timeout, memo = ""): Promise<void> {
    await this.transferTx(sender, channel, receiver, coin, timeout, memo);
  }

  /** transfer(), returning the transaction (its events: send_packet's sequence, the fee paid). */
  async transferTx(sender: number, channel: string, receiver: string, coin: Coin, timeout: Timeout, memo = ""): Promise<DeliverTxResponse> {
    const value: MsgTransfer = {
      sourcePort: "transfer",
      sourceChannel: channel,
      token: coin,
      sender: this.address(sender),
      receiver,
      timeoutHeight: { revisionNumber: BigInt(timeout.block?.revision ?? 0), revisionHeight: BigInt(timeout.block?.height ?? 0) },
      timeoutTimestamp: BigInt(timeout.timestamp ?? 0),
      memo,
      encoding: "",
    };
    const client = await this.signer(sender);
    const r = await client.signAndBroadcast(this.address(sender), [{ typeUrl: "/ibc.applications.transfer.v1.MsgTransfer", value }], "auto");
    assertIsDeliverTxSuccess(r);
    return r;
  }

  async latest(): Promise<{ height: number; timeNs: bigint }> {
    const { block } = await this.comet.block();
    const t = block.header.time;
    return { height: block.header.height, timeNs: BigInt(t.getTime()) * 1_000_000n + BigInt(t.nanoseconds ?? 0) };
  }

  /** Waits until a block at or past `height` and at or past `timeNs` exists (ibc-go's timeouts: proof height/time ≥ timeout). */
  async waitUntil(target: { timeNs?: bigint; height?: number }): Promise<void> {
    const deadline = Date.now() + 300_000;
    for (;;) {
      const l = await this.latest();
      if ((target.height === undefined || l.height >= target.height) && (target.timeNs === undefined || l.timeNs >= target.timeNs)) return;
      if (Date.now() > deadline) throw new Error(`${this.chainId} did not reach ${JSON.stringify({ ...target, timeNs: target.timeNs?.toString() })} in 300 s`);
      await sleep(200);
    }
  }

  disconnect(): void {
    this.comet.disconnect();
    for (const s of this.signers.values()) void s.then((c) => c.disconnect()).catch(() => {});
  }
}

/** A packet (or acknowledgement) that the relayer could still move: direction, channel end, sequence. */
export interface PendingPacket {
  kind: "recv-or-timeout" | "ack";
  /** The packet's source chain ("a" or "b") and its port/channel there. */
  from: "a" | "b";
  port: string;
  channel: string;
  sequence: number;
}

export class RealChainPair implements ChainPair {
  private constructor(
    readonly ibc: IbcPair,
    readonly a: RealSide,
    readonly b: RealSide,
    readonly transfer: Channel,
    private readonly owned: boolean,
  ) {}

  /** Connects to a running pair (started by `npm run localnet -- start --with-app-chain --name <name>`). */
  static async connect(name = process.env.IBC_PAIR ?? TEST_PAIR.name, owned = false): Promise<RealChainPair> {
    const ibc = new IbcPair(name);
    const info = ibc.info();
    if (!info?.transfer) throw new Error(`no IBC pair "${name}" with a transfer channel: run "npm run localnet -- start --with-app-chain --name ${name}" (or npm run test:chain)`);
    if (ibc.hermesPid() === null) throw new Error(`hermes of the pair "${name}" is not running: "npm run localnet -- start --name ${name}"`);
    const t = info.transfer;
    return new RealChainPair(ibc, await RealSide.connect(ibc.a), await RealSide.connect(ibc.b), toChannel(t), owned);
  }

  /** Starts a fresh pair (its own name and ports) with manual packet relaying; close() stops it. */
  static async start(name: string, portOffset: number, appPortOffset: number): Promise<RealChainPair> {
    await new IbcPair(name).reset({ validators: 1, portOffset, appPortOffset, relayPackets: false });
    return RealChainPair.connect(name, true);
  }

  /** The channel's version is the one the handshake negotiated (a contract may answer an empty proposal with its own). */
  async openChannel(portA: string, portB: string, version: string, order: "ordered" | "unordered"): Promise<Channel> {
    const ends = await this.ibc.openChannel(portA, portB, version, order);
    const negotiated = (await this.a.q.ibc.channel.channel(ends.portA, ends.channelA)).channel!.version;
    return toChannel({ ...ends, version: negotiated });
  }

  /** The channels on the pair's connection, both ends (from a's side). */
  async channels(): Promise<Array<ChannelEnds & { stateA: ChannelState; stateB: ChannelState }>> {
    const conn = this.ibc.info()!.connectionA!;
    const out = [];
    for (const c of (await this.a.q.ibc.channel.allConnectionChannels(conn)).channels) {
      const portB = c.counterparty!.portId;
      const channelB = c.counterparty!.channelId;
      if (!channelB) continue; // INIT on a: the handshake never reached b
      const other = (await this.b.q.ibc.channel.channel(portB, channelB)).channel!;
      out.push({
        portA: c.portId, channelA: c.channelId, portB, channelB, version: c.version,
        order: c.ordering === Order.ORDER_ORDERED ? ("ordered" as const) : ("unordered" as const),
        stateA: c.state, stateB: other.state,
      });
    }
    return out;
  }

  /** Packets and acknowledgements the relayer can still move on the pair's channels, both ways. */
  async pending(): Promise<PendingPacket[]> {
    const out: PendingPacket[] = [];
    for (const ch of await this.channels()) {
      for (const [from, src, dst, sp, sc, dp, dc] of [
        ["a", this.a, this.b, ch.portA, ch.channelA, ch.portB, ch.channelB],
        ["b", this.b, this.a, ch.portB, ch.channelB, ch.portA, ch.channelA],
      ] as const) {
        const commitments = (await src.q.ibc.channel.allPacketCommitments(sp, sc)).commitments.map((c) => Number(c.sequence));
        if (commitments.length === 0) continue;
        const unreceived = (await dst.q.ibc.channel.unreceivedPackets(dp, dc, commitments)).sequences.map(Number);
        for (const sequence of unreceived) out.push({ kind: "recv-or-timeout", from, port: sp, channel: sc, sequence });
        // received, acknowledged on dst (not async-pending), ack not yet relayed back
        const acked = (await dst.q.ibc.channel.allPacketAcknowledgements(dp, dc)).acknowledgements.map((c) => Number(c.sequence));
        const inFlight = acked.filter((s) => commitments.includes(s));
        if (inFlight.length === 0) continue;
        for (const sequence of (await src.q.ibc.channel.unreceivedAcks(sp, sc, inFlight)).sequences.map(Number)) {
          out.push({ kind: "ack", from, port: sp, channel: sc, sequence });
        }
      }
    }
    return out;
  }

  /**
   * Relays until nothing relayable is pending: `hermes clear packets` on every channel with pending
   * packets (receipts, acknowledgements and timeouts both ways), then a channel-close confirmation
   * where one end closed (an ORDERED channel after a timeout). A packet whose relay keeps failing
   * (e.g. the destination contract traps) stays pending, as on a chain: after two rounds that move
   * nothing, relayAll returns, and later calls leave it alone.
   */
  /** Packets a relayAll could not move: later calls leave them alone rather than retry them every round. */
  private readonly unrelayable = new Set<string>();

  async relayAll(): Promise<void> {
    let stuck = 0;
    let last = "";
    let errors: string[] = [];
    for (let round = 0; round < 20; round++) {
      const chans = await this.channels();
      for (const ch of chans) {
        if (ch.stateA === ChannelState.STATE_CLOSED && ch.stateB === ChannelState.STATE_OPEN) await this.ibc.closeConfirm("b", ch);
        if (ch.stateB === ChannelState.STATE_CLOSED && ch.stateA === ChannelState.STATE_OPEN) await this.ibc.closeConfirm("a", ch);
      }
      const pending = (await this.pending()).filter((p) => !this.unrelayable.has(JSON.stringify(p)));
      if (pending.length === 0) return;
      const key = JSON.stringify(pending);
      stuck = key === last ? stuck + 1 : 0;
      if (stuck >= 2) {
        // nothing moved twice: not relayable now (a failing receive), unless Hermes itself failed
        if (errors.length > 0) throw new Error(`relayAll: hermes failed and ${pending.length} packet(s) stay pending:\n${errors.join("\n")}`);
        for (const p of pending) this.unrelayable.add(JSON.stringify(p));
        return;
      }
      last = key;
      errors = [];
      const channels = new Map<string, ChannelEnds>();
      for (const ch of chans) {
        if (pending.some((p) => (p.from === "a" ? `${p.port}/${p.channel}` === `${ch.portA}/${ch.channelA}` : `${p.port}/${p.channel}` === `${ch.portB}/${ch.channelB}`))) {
          channels.set(`${ch.portA}/${ch.channelA}`, ch);
        }
      }
      for (const ch of channels.values()) {
        await this.ibc.clearPackets(ch.portA, ch.channelA).catch((e: Error) => errors.push(e.message));
      }
    }
    throw new Error(`relayAll: still pending after 20 rounds: ${JSON.stringify(await this.pending())}`);
  }

  async close(): Promise<void> {
    this.a.disconnect();
    this.b.disconnect();
    if (this.owned) await this.ibc.stop();
  }
}

function toChannel(e: ChannelEnds): Channel {
  return { a: e.channelA, b: e.channelB, portA: e.portA, portB: e.portB, version: e.version };
}
