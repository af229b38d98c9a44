// The ChainPair of tests/ibc/pair.ts on the multi-chain simulator: two Apps (localpersistence-1 with
// uxprt, localcomdex-1 with ucmdx, both with the `persistence` prefix, as the real app-chain is the
// same binary with another chain id), the test mnemonic's accounts funded on both, an ICS-20
// channel opened at set-up, and the in-process relayer of simulator/ibc/network.ts.

import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "@persistence-ts/simulator/app/app";
import { IbcNetwork } from "@persistence-ts/simulator/ibc/network";
import { buildFixture } from "@persistence-ts/testing/fixtures";
import { ACCOUNT_BALANCE, TEST_ACCOUNTS, accounts } from "../../chain/localnet";
import type { ChainPair, ChainSide, Channel, Coin, Timeout } from "./pair";

export const CHAIN_A = { chainId: "localpersistence-1", denom: "uxprt" };
export const CHAIN_B = { chainId: "localcomdex-1", denom: "ucmdx" };
/** Block time of both simulated chains. */
const BLOCK_SECONDS = 5;

class SimSide implements ChainSide {
  readonly chainId: string;
  readonly denom: string;
  private readonly codes = new Map<string, number>();

  constructor(
    readonly app: App,
    private readonly addresses: string[],
    private readonly network: IbcNetwork,
  ) {
    this.chainId = app.block.chainId;
    this.denom = app.bondedDenom;
  }

  address(i: number): string {
    const a = this.addresses[i];
    if (a === undefined) throw new Error(`test account ${i} is not derived (0..${this.addresses.length - 1})`);
    return a;
  }

  async balance(address: string, denom: string): Promise<bigint> {
    return this.app.balance(address, denom);
  }

  /** `wasm`: a path to a .wasm file (artifacts/<name>.wasm), else the name of a tests/fixtures contract. */
  async instantiate(sender: number, wasm: string, msg: unknown, label: string): Promise<string> {
    let codeId = this.codes.get(wasm);
    if (codeId === undefined) {
      const bytes = wasm.endsWith(".wasm") ? new Uint8Array(fs.readFileSync(path.resolve(wasm))) : buildFixture(wasm);
      codeId = this.app.storeCode(this.address(sender), bytes).codeId;
      this.codes.set(wasm, codeId);
    }
    return this.app.instantiate(this.address(sender), codeId, msg, label).contractAddress;
  }

  async execute(sender: number, contract: string, msg: unknown, funds: Coin[] = []): Promise<void> {
    this.app.execute(this.address(sender), contract, msg, funds);
  }

  async query<T>(contract: string, msg: unknown): Promise<T> {
    return this.app.query<T>(contract, msg);
  }

  async transfer(sender: number, channel: string, receiver: string, coin: Coin, timeout: Timeout, memo = ""): Promise<void> {
    this.app.ibcTransfer(this.address(sender), { source_channel: channel, token: coin, receiver, timeout_height: timeout.block, timeout_timestamp: timeout.timestamp, memo });
  }

  async latest(): Promise<{ height: number; timeNs: bigint }> {
    return { height: this.app.block.height, timeNs: this.app.block.time };
  }

  /** Both chains produce blocks (as real chains do side by side) until this one reaches the target. */
  async waitUntil(target: { timeNs?: bigint; height?: number }): Promise<void> {
    const reached = () => (target.timeNs === undefined || this.app.block.time > target.timeNs) && (target.height === undefined || this.app.block.height >= target.height);
    while (!reached()) this.network.advance(BLOCK_SECONDS);
  }
}

export class SimPair implements ChainPair {
  readonly network = new IbcNetwork();
  readonly a: SimSide;
  readonly b: SimSide;
  readonly transfer: Channel;

  private constructor(addresses: string[]) {
    const appA = new App({ ...CHAIN_A, bondedDenom: CHAIN_A.denom, blockSeconds: BLOCK_SECONDS });
    const appB = new App({ ...CHAIN_B, bondedDenom: CHAIN_B.denom, blockSeconds: BLOCK_SECONDS });
    for (const address of addresses) {
      appA.mint(address, [{ denom: CHAIN_A.denom, amount: ACCOUNT_BALANCE.toString() }]);
      appB.mint(address, [{ denom: CHAIN_B.denom, amount: ACCOUNT_BALANCE.toString() }]);
    }
    this.a = new SimSide(appA, addresses, this.network);
    this.b = new SimSide(appB, addresses, this.network);
    this.network.connect(appA, appB);
    this.transfer = this.toChannel(this.network.openChannel(appA, appB, { portA: "transfer", portB: "transfer", version: "ics20-1", order: "unordered" }));
  }

  /** The pair with the test mnemonic's accounts m/44'/118'/0'/0/i, i < TEST_ACCOUNTS. */
  static async create(): Promise<SimPair> {
    return new SimPair(await accounts(0, TEST_ACCOUNTS));
  }

  private toChannel(c: ReturnType<IbcNetwork["openChannel"]>): Channel {
    return { a: c.a.channel, b: c.b.channel, portA: c.a.port, portB: c.b.port, version: c.version };
  }

  async openChannel(portA: string, portB: string, version: string, order: "ordered" | "unordered"): Promise<Channel> {
    return this.toChannel(this.network.openChannel(this.a.app, this.b.app, { portA, portB, version, order }));
  }

  /**
   * A real relayer's transactions land in blocks after the ones it read: both chains produce a
   * block first, so a packet whose timeout is the destination's next block times out here too.
   */
  async relayAll(): Promise<void> {
    this.network.advance(BLOCK_SECONDS);
    this.network.relayAll();
  }

  async close(): Promise<void> {}
}
