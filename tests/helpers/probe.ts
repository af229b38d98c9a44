// Drives the probe test contract (tests/fixtures/probe) through the VM host the way the chain
// would: a fresh instance per call, storage reverted when a call fails.

import {
  Bech32Api,
  CompiledCode,
  MemoryStorage,
  TransactionalStorage,
  WasmHost,
  makeAddress,
  type EntryPoint,
} from "@persistence-ts/simulator/vm/index";
import { buildFixture } from "@persistence-ts/testing/fixtures";

export const addr = (seed: string): string => makeAddress(seed);

export interface Block {
  height: number;
  time: bigint;
  chainId: string;
}

export interface ContractResponse {
  messages: unknown[];
  attributes: Array<{ key: string; value: string }>;
  events: Array<{ type: string; attributes: Array<{ key: string; value: string }> }>;
  data: string | null;
}

export interface ExecResult {
  ok?: ContractResponse;
  error?: string;
}

export interface QueryResult {
  ok?: unknown;
  error?: string;
  /** The decoded query response text, before JSON.parse. */
  raw?: string;
}

type Msg = string | Record<string, unknown>;
export interface Coin {
  denom: string;
  amount: string;
}

const host = new WasmHost();
const api = new Bech32Api();
/** Answers QueryRequest JSON with SystemResult JSON, as the chain's querier does. */
export type ChainQuerier = (request: unknown) => unknown;
const unsupported: ChainQuerier = () => ({ error: { unsupported_request: { kind: "probe" } } });

export class Probe {
  storage = new MemoryStorage();
  block: Block = { height: 12345, time: 1_571_797_419_879_305_533n, chainId: "localpersistence-1" };
  readonly address = addr("probe-contract");
  querier: ChainQuerier = unsupported;

  constructor(private readonly code: CompiledCode) {}

  /** A new contract instance on the same code, with empty storage. */
  fresh(): Probe {
    return new Probe(this.code);
  }

  private envJson(): string {
    const { height, time, chainId } = this.block;
    return `{"block":{"height":${height},"time":"${time}","chain_id":"${chainId}"},"transaction":null,"contract":{"address":"${this.address}"}}`;
  }

  private run(entry: EntryPoint, args: Uint8Array[], readonly: boolean): string {
    const tx = new TransactionalStorage(this.storage);
    const querier = (req: Uint8Array): Uint8Array => enc(JSON.stringify(this.querier(JSON.parse(new TextDecoder().decode(req)))));
    const out = host.call(this.code, entry, args, { storage: tx, api, querier, readonly });
    const text = new TextDecoder().decode(out.result);
    if (!readonly && !("error" in JSON.parse(text))) tx.commit();
    return text;
  }

  private withInfo(entry: EntryPoint, sender: string, msg: Msg, funds: Coin[] = []): ExecResult {
    const info = JSON.stringify({ sender, funds });
    return JSON.parse(this.run(entry, [enc(this.envJson()), enc(info), encMsg(msg)], false)) as ExecResult;
  }

  instantiate(sender: string, msg: Msg): ExecResult {
    return this.withInfo("instantiate", sender, msg);
  }

  execute(sender: string, msg: Msg, funds: Coin[] = []): ExecResult {
    return this.withInfo("execute", sender, msg, funds);
  }

  migrate(msg: Msg): ExecResult {
    return JSON.parse(this.run("migrate", [enc(this.envJson()), encMsg(msg)], false)) as ExecResult;
  }

  sudo(msg: Msg): ExecResult {
    return JSON.parse(this.run("sudo", [enc(this.envJson()), encMsg(msg)], false)) as ExecResult;
  }

  reply(reply: Record<string, unknown>): ExecResult {
    return JSON.parse(this.run("reply", [enc(this.envJson()), encMsg(reply)], false)) as ExecResult;
  }

  /** The raw envelope text of a query. */
  queryRawEnvelope(msg: Msg): string {
    return this.run("query", [enc(this.envJson()), encMsg(msg)], true);
  }

  queryBytes(msg: Uint8Array): QueryResult {
    const env = JSON.parse(this.run("query", [enc(this.envJson()), msg], true)) as { ok?: string; error?: string };
    if (env.error !== undefined) return { error: env.error };
    const raw = Buffer.from(env.ok ?? "", "base64").toString("utf8");
    return { ok: JSON.parse(raw) as unknown, raw };
  }

  queryText(text: string): QueryResult {
    return this.queryBytes(enc(text));
  }

  query(msg: Msg): QueryResult {
    return this.queryBytes(encMsg(msg));
  }
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const encMsg = (m: Msg): Uint8Array => enc(JSON.stringify(m));

let compiled: CompiledCode | undefined;

/** A probe contract with empty storage (the code is compiled once per test file). */
export async function loadProbe(): Promise<Probe> {
  compiled ??= host.compile(buildFixture("probe"));
  return new Probe(compiled);
}
