// One IBC scenario, two worlds: the same scenario files (tests/ibc/scenarios.ts) run against the
// multi-chain simulator (tests/ibc/sim-pair.ts) and against two local chains joined by Hermes
// (tests/ibc/chain-pair.ts). A scenario speaks only this interface.

export interface Coin {
  denom: string;
  amount: string;
}

/** cosmwasm-std IbcTimeout: at least one of block / timestamp (ns since the epoch, a decimal string). */
export interface Timeout {
  block?: { revision: number; height: number };
  timestamp?: string;
}

/** What a failed transaction reports (the chain's raw log / the simulator's TxError log). */
export interface TxFailure {
  log: string;
}

export interface ChainSide {
  readonly chainId: string;
  /** The staking / fee denom of this chain (e.g. uxprt, or the app-chain's). */
  readonly denom: string;
  /** Test account i of the fixed test mnemonic on this chain (funded on both chains). */
  address(i: number): string;
  balance(address: string, denom: string): Promise<bigint>;
  /** Uploads artifacts/<name>.wasm (or a test fixture) once per side and instantiates it; returns the address. */
  instantiate(sender: number, wasm: string, msg: unknown, label: string): Promise<string>;
  /** Executes; a failure throws (TxFailure in the message). */
  execute(sender: number, contract: string, msg: unknown, funds?: Coin[]): Promise<void>;
  query<T>(contract: string, msg: unknown): Promise<T>;
  /** MsgTransfer on port "transfer" signed by account `sender`. */
  transfer(sender: number, channel: string, receiver: string, coin: Coin, timeout: Timeout, memo?: string): Promise<void>;
  /** The chain's latest block: height and time (ns). */
  latest(): Promise<{ height: number; timeNs: bigint }>;
  /** Waits until the chain's block time has passed `timeNs` (or its height `height`). */
  waitUntil(target: { timeNs?: bigint; height?: number }): Promise<void>;
}

export interface Channel {
  /** Channel ids on each side. */
  a: string;
  b: string;
  portA: string;
  portB: string;
  version: string;
}

export interface ChainPair {
  /** Persistence (localpersistence-1) */
  readonly a: ChainSide;
  /** The app-chain (localcomdex-1) */
  readonly b: ChainSide;
  /** The ICS-20 channel between them (transfer/channel-N on each side), opened at set-up. */
  readonly transfer: Channel;
  /** Opens a channel between two ports with the relayer's handshake (init on `a`). */
  openChannel(portA: string, portB: string, version: string, order: "ordered" | "unordered"): Promise<Channel>;
  /**
   * Relays every packet and acknowledgement pending on the pair's channels, both ways, timeouts
   * included (a packet whose timeout has passed on its destination is timed out on its source), until
   * nothing is pending that can be relayed.
   */
  relayAll(): Promise<void>;
  /** Closes the chain (stops nodes / relayer) when it was started for this pair. */
  close(): Promise<void>;
}
