/** What one contract call runs against, and what it returns. */
import type { AddressApi } from "./api";
import type { GasMeter } from "./gas";
import type { Storage } from "./storage";

/** The IBC entry points (cosmwasm-vm calls.rs): `(env, msg) -> result`, the two callbacks optional. */
export type IbcEntryPoint =
  | "ibc_channel_open"
  | "ibc_channel_connect"
  | "ibc_channel_close"
  | "ibc_packet_receive"
  | "ibc_packet_ack"
  | "ibc_packet_timeout"
  | "ibc_source_callback"
  | "ibc_destination_callback";

export type EntryPoint = "instantiate" | "execute" | "query" | "migrate" | "sudo" | "reply" | IbcEntryPoint;

/**
 * Answers a `query_chain` request (QueryRequest JSON) with SystemResult JSON bytes, e.g.
 * `{"ok":{"ok":"<base64>"}}`. Throwing a VmError fails the whole call, as a backend error would.
 */
export type Querier = (request: Uint8Array) => Uint8Array;

export interface CallContext {
  storage: Storage;
  api: AddressApi;
  querier: Querier;
  /**
   * The call's VM gas limit is `gas.remaining`; the VM gas the call used (operators and host
   * functions) is consumed from it when the call ends, also when it fails. Absent = u64::MAX,
   * as wasmd gives a call under an infinite SDK gas meter.
   */
  gas?: GasMeter;
  /**
   * Storage writes fail when set. A query is always read-only (cosmwasm-vm call_query_raw sets
   * it), whatever this says.
   */
  readonly?: boolean;
  /**
   * Bytes the chain's store puts before each contract key (wasmd: 0x03 ‖ contract address, 33
   * bytes for 32-byte addresses). SDK KV gas counts them; default 0.
   */
  storageKeyPrefixLength?: number;
}

export interface CallOutcome {
  /** The bytes of the Region the entry point returned (the contract's result JSON). */
  result: Uint8Array;
  /** Every `debug` message of this call, in order. */
  debug: string[];
  /** VM gas the call used: operators and host functions (0 when the host does not meter). */
  gasUsed: number;
}
