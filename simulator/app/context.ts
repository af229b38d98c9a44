// What a chain module sees while it handles a message or query: the current (revertible)
// state layer, the block, and the other modules it may call. Every module keeps its state in
// the one key-value store, under its own prefix, so a failed transaction or submessage is
// reverted by dropping a cache layer, exactly as the Cosmos SDK's cache contexts do.

import type { Storage } from "../vm/storage";
import type { MsgResponse } from "./proto";

export interface BlockInfo {
  height: number;
  /** Nanoseconds since the epoch. */
  time: bigint;
  chainId: string;
}

export interface Coin {
  denom: string;
  amount: string;
}

export interface Attribute {
  key: string;
  value: string;
}

/** An event as the chain reports it (wasmd / cosmos-sdk ABCI events). */
export interface AppEvent {
  type: string;
  attributes: Attribute[];
}

/** What a module's message handler returns: its events and its Msg*Response. */
export interface ModuleResult {
  events: AppEvent[];
  response: MsgResponse;
}

/**
 * A failure the chain reports as a failed transaction (no state change). `codespace` and `code`
 * are the ABCI error's. A submessage's reply sees only "codespace: X, code: N" (wasmd's
 * msg_dispatcher.go redactError), unless the error is `deterministic` (types.DeterministicError:
 * a contract's own error, straight from the keeper): then its text.
 */
export class AppError extends Error {
  /** A plain Go error (not registered with errorsmod) reports codespace "undefined", code 1. */
  constructor(
    message: string,
    readonly codespace = "undefined",
    readonly code = 1,
    readonly deterministic = false,
    /** An out-of-gas error that is not a panic: a submessage's own gas limit (reply_on error catches it). */
    readonly catchable = false,
  ) {
    super(message);
    this.name = "AppError";
  }

  /** errorsmod.Wrap(err, what): "what: err", same code; no longer a DeterministicError at the top. */
  wrap(what: string): AppError {
    return new AppError(`${what}: ${this.message}`, this.codespace, this.code, false, this.catchable);
  }
}

/**
 * A query the chain's querier does not serve: wasmvm's SystemError UnsupportedRequest{kind}, which
 * reaches the contract unredacted ("Unsupported query type: <kind>").
 */
export class UnsupportedQuery extends Error {
  constructor(readonly kind: string) {
    super(`Unsupported query type: ${kind}`);
    this.name = "UnsupportedQuery";
  }
}

/** Bank operations other modules use; amounts are bigint. */
export interface BankKeeper {
  balance(store: Storage, address: string, denom: string): bigint;
  allBalances(store: Storage, address: string): Coin[];
  /** Moves coins; throws AppError with the SDK's text on insufficient funds. */
  send(store: Storage, from: string, to: string, coins: Coin[]): AppEvent[];
  mint(store: Storage, to: string, coins: Coin[]): AppEvent[];
  burn(store: Storage, from: string, coins: Coin[]): AppEvent[];
}

export interface ModuleContext {
  store: Storage;
  block: BlockInfo;
  bank: BankKeeper;
}

/** UTF-8 bytes of a string, from Buffer's pool: fast for short strings; callers copy what they keep. */
export const utf8 = (s: string): Uint8Array => Buffer.from(s, "utf8");

/** Typed JSON values in the store under string keys. */
export function getJson<T>(store: Storage, key: string): T | undefined {
  const raw = store.get(Buffer.from(key, "utf8"));
  return raw === undefined ? undefined : (JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("utf8")) as T);
}

export function setJson(store: Storage, key: string, value: unknown): void {
  store.set(Buffer.from(key, "utf8"), Buffer.from(JSON.stringify(value, bigintReplacer), "utf8"));
}

export function removeKey(store: Storage, key: string): void {
  store.remove(Buffer.from(key, "utf8"));
}

/** Every [key, value] whose key starts with `prefix`, ascending. */
export function scanJson<T>(store: Storage, prefix: string): Array<[string, T]> {
  const start = Buffer.from(prefix, "utf8");
  const end = Buffer.from(prefix + "\uffff", "utf8");
  const out: Array<[string, T]> = [];
  const it = store.range(start, end, "ascending");
  for (let r = it.next(); !r.done; r = it.next()) {
    const [k, v] = r.value;
    out.push([Buffer.from(k).toString("utf8"), JSON.parse(Buffer.from(v).toString("utf8")) as T]);
  }
  return out;
}

/** bigints are stored as decimal strings. */
function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
