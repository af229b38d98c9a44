// IBC data as ibc-go v10.4 keeps it (04-channel types), in the JSON the simulator stores, and the
// small pieces of its logic several modules share: heights, timeouts, acknowledgements.

import { AppError } from "../app/context";
import { goJson } from "../app/go-json";

export type Order = "ORDER_ORDERED" | "ORDER_UNORDERED";
export type ChannelState = "STATE_INIT" | "STATE_TRYOPEN" | "STATE_OPEN" | "STATE_CLOSED";

/** clienttypes.Height; {0, 0} is "no height". */
export interface Height {
  revision: number;
  height: number;
}

export const ZERO_HEIGHT: Height = { revision: 0, height: 0 };

export interface Endpoint {
  port_id: string;
  channel_id: string;
}

/** channeltypes.Channel. */
export interface ChannelEnd {
  state: ChannelState;
  ordering: Order;
  counterparty: Endpoint;
  connection_id: string;
  version: string;
}

/** channeltypes.Packet; data base64, timeout_timestamp ns as a decimal string ("0" = none). */
export interface Packet {
  sequence: number;
  source_port: string;
  source_channel: string;
  destination_port: string;
  destination_channel: string;
  data: string;
  timeout_height: Height;
  timeout_timestamp: string;
}

/** A Tendermint light client of the counterparty as far as the simulator models it: its latest header. */
export interface ClientState {
  chain_id: string;
  latest_height: Height;
  /** ns since the epoch of the latest header. */
  latest_time: string;
}

export interface ConnectionEnd {
  client_id: string;
  counterparty: { client_id: string; connection_id: string };
  state: "STATE_OPEN";
}

/** clienttypes.ParseChainID: the trailing "-N" of an epoch-formatted chain id, else 0. */
export function revisionOf(chainId: string): number {
  const m = /-(\d+)$/.exec(chainId);
  return m ? Number(m[1]) : 0;
}

export const isZeroHeight = (h: Height): boolean => h.revision === 0 && h.height === 0;

/** Height.String(): "revision-height". */
export const heightText = (h: Height): string => `${h.revision}-${h.height}`;

/** Height.GTE. */
export function heightGte(a: Height, b: Height): boolean {
  return a.revision > b.revision || (a.revision === b.revision && a.height >= b.height);
}

/** channeltypes.Timeout.Elapsed: the height or the timestamp (when set) reached at (height, time). */
export function timeoutElapsed(p: Pick<Packet, "timeout_height" | "timeout_timestamp">, height: Height, time: bigint): "height" | "timestamp" | undefined {
  if (!isZeroHeight(p.timeout_height) && heightGte(height, p.timeout_height)) return "height";
  const ts = BigInt(p.timeout_timestamp);
  if (ts !== 0n && time >= ts) return "timestamp";
  return undefined;
}

/** Timeout.ErrTimeoutElapsed (channel 40). */
export function timeoutElapsedError(p: Packet, height: Height, time: bigint, what: string): AppError {
  const detail =
    timeoutElapsed(p, height, time) === "height"
      ? `current height: ${heightText(height)}, timeout height ${heightText(p.timeout_height)}`
      : `current timestamp: ${time}, timeout timestamp ${p.timeout_timestamp}`;
  return new AppError(`${what}: ${detail}: timeout elapsed`, "channel", 40);
}

/** Acknowledgement.Acknowledgement(): the JSON of {"result": b64} or {"error": text} as Go writes it. */
/**
 * What ibc-go's Acknowledgement re-marshals `ack` to (channeltypes.Acknowledgement via
 * SubModuleCdc, sorted): null when the bytes are no Acknowledgement (not a JSON object, another
 * field, a wrong type, both of the oneof set), which ibc-go leaves unchecked.
 */
export function canonicalAck(ack: Uint8Array): Uint8Array | null {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(ack).toString("utf8"));
  } catch {
    return null;
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  if (Object.keys(o).some((k) => k !== "result" && k !== "error")) return null;
  const result = o.result ?? null;
  const error = o.error ?? null;
  if (result !== null && error !== null) return null;
  if (result !== null) {
    if (typeof result !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(result) || result.length % 4 === 1) return null;
    return resultAck(Buffer.from(result, "base64"));
  }
  if (error !== null) return typeof error === "string" ? errorAck(error) : null;
  return Buffer.from("{}");
}

export const resultAck = (result: Uint8Array): Uint8Array => Buffer.from(goJson({ result: Buffer.from(result).toString("base64") }));
export const errorAck = (error: string): Uint8Array => Buffer.from(goJson({ error }));

/** channeltypes.NewErrorAcknowledgement: "ABCI code: N: error handling packet: see events for details". */
export const abciCodeAck = (code: number): Uint8Array => errorAck(`ABCI code: ${code}: error handling packet: see events for details`);

/** NewErrorAcknowledgementWithCodespace (wasmd's CreateErrorAcknowledgement). */
export const abciErrorAck = (e: AppError): Uint8Array => errorAck(`ABCI error: ${e.codespace}/${e.code}: error handling packet: see events for details`);

/**
 * Acknowledgement.Success() as ibc-go reads a module's ack: only an error ack is a failure. For a
 * wasm contract's ack wasmd's ContractConfirmStateAck is always a success (state committed).
 */
export interface AppAck {
  bytes: Uint8Array;
  success: boolean;
}

/** ibc-go core/types ErrorAttributeKeyPrefix: a failed receive callback's events keep their data under this prefix. */
export const ERROR_EVENT_PREFIX = "ibccallbackerror-";
