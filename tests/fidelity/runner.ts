// What a scenario calls: transactions, queries and waits, each recorded as a step with everything
// the chain reports about it (and the balances of the accounts the scenario watches). The same
// scenario runs on the chain, then on the simulator, which replays each step at the chain's block.

import type { Coin } from "@cosmjs/amino";
import type { EncodeObject } from "@cosmjs/proto-signing";
import type { ExecuteResult, InstantiateOptions, InstantiateResult, JsonObject, MigrateResult, UploadResult } from "@cosmjs/cosmwasm";
import type { DeliverTxResponse } from "@cosmjs/stargate";
import { gzipSync } from "node:zlib";
import type { ContractClient, Fee } from "@persistence-ts/simulator/client";
import { BlockRef, QueryOutcome, Side, TxOutcome, feeFor } from "./sides";

/** The gas limit of a transaction unless the step sets one. */
export const DEFAULT_GAS = 4_000_000;

export interface StepRecord {
  /** The scenario (a contract, or "bank", "setup"). */
  group: string;
  label: string;
  kind: "tx" | "query";
  /** What the step was called when it ran (before a relabel): the two runs' steps are aligned by it. */
  key: string;
  tx?: TxOutcome;
  query?: QueryOutcome;
  /** After a transaction: the watched accounts' balances of the bond denom, by name. */
  balances?: Record<string, string>;
}

const utf8 = (s: string): Uint8Array => Buffer.from(s, "utf8");

export class Runner {
  readonly steps: StepRecord[] = [];
  group = "setup";
  /** Watched accounts: name → address. */
  private readonly watched = new Map<string, string>();

  /** `replay`: the chain's steps, whose blocks the simulator's steps run at. */
  constructor(
    readonly side: Side,
    private readonly replay?: StepRecord[],
  ) {}

  get users(): string[] {
    return this.side.users;
  }

  watch(name: string, address: string): void {
    this.watched.set(name, address);
  }

  /** The chain's block of the step about to run (the simulator replays it there). */
  private at(label: string): BlockRef | undefined {
    if (!this.replay) return undefined;
    const ref = this.replay[this.steps.length];
    if (!ref || ref.key !== `${this.group}: ${label}`) {
      throw new Error(`the simulator's step ${this.steps.length} "${this.group}: ${label}" is not the chain's "${ref?.key}": the runs diverged`);
    }
    if (ref.tx?.refused) return undefined; // CheckTx refused it: it has no block
    return ref.tx ?? ref.query;
  }

  /** Relabels the last step (the gas-agreement sequence names its steps after running them). */
  relabel(group: string, label: string): void {
    const last = this.steps[this.steps.length - 1];
    last.group = group;
    last.label = label;
  }

  async tx(label: string, signer: string, msgs: EncodeObject[], opts: { gas?: number; memo?: string } = {}): Promise<TxOutcome> {
    const at = this.at(label);
    const tx = await this.side.broadcast(signer, msgs, feeFor(opts.gas ?? DEFAULT_GAS), opts.memo ?? "", at);
    const names = [...this.watched.keys()];
    const amounts = tx.refused ? [] : await this.side.balances([...this.watched.values()], tx);
    const balances = Object.fromEntries(names.map((n, i) => [n, amounts[i]?.toString() ?? "-"]));
    this.steps.push({ group: this.group, label, key: `${this.group}: ${label}`, kind: "tx", tx, balances: tx.refused ? undefined : balances });
    return tx;
  }

  async query(label: string, contract: string, msg: unknown): Promise<QueryOutcome> {
    const query = await this.side.smart(contract, msg, this.at(label));
    this.steps.push({ group: this.group, label, key: `${this.group}: ${label}`, kind: "query", query });
    return query;
  }

  async raw(label: string, contract: string, key: Uint8Array): Promise<QueryOutcome> {
    const query = await this.side.raw(contract, key, this.at(label));
    this.steps.push({ group: this.group, label, key: `${this.group}: ${label}`, kind: "query", query });
    return query;
  }

  async wait(seconds: number): Promise<void> {
    await this.side.wait(seconds);
  }

  // ---- message helpers ----

  /** MsgStoreCode, gzipped as @cosmjs uploads; returns the code id (the step must succeed). */
  async store(label: string, signer: string, wasm: Uint8Array): Promise<number> {
    const tx = await this.tx(label, signer, [{ typeUrl: "/cosmwasm.wasm.v1.MsgStoreCode", value: { sender: signer, wasmByteCode: new Uint8Array(gzipSync(wasm)) } }]);
    return Number(mustAttr(tx, "store_code", "code_id", label));
  }

  /** MsgInstantiateContract; returns the address (the step must succeed) and watches it as `label`'s contract. */
  async instantiate(label: string, signer: string, codeId: number, msg: unknown, opts: { admin?: string; funds?: Coin[]; label?: string; name?: string } = {}): Promise<string> {
    const tx = await this.tx(label, signer, [instantiateMsg(signer, codeId, msg, opts)]);
    const address = mustAttr(tx, "instantiate", "_contract_address", label);
    if (opts.name) this.watch(opts.name, address);
    return address;
  }

  exec(label: string, signer: string, contract: string, msg: unknown, opts: { funds?: Coin[]; gas?: number; memo?: string } = {}): Promise<TxOutcome> {
    return this.tx(label, signer, [executeMsg(signer, contract, msg, opts.funds)], opts);
  }
}

export function executeMsg(sender: string, contract: string, msg: unknown, funds: Coin[] = []): EncodeObject {
  return { typeUrl: "/cosmwasm.wasm.v1.MsgExecuteContract", value: { sender, contract, msg: utf8(JSON.stringify(msg)), funds } };
}

export function instantiateMsg(sender: string, codeId: number, msg: unknown, opts: { admin?: string; funds?: Coin[]; label?: string } = {}): EncodeObject {
  return {
    typeUrl: "/cosmwasm.wasm.v1.MsgInstantiateContract",
    value: { sender, admin: opts.admin ?? "", codeId: BigInt(codeId), label: opts.label ?? "fidelity", msg: utf8(JSON.stringify(msg)), funds: opts.funds ?? [] },
  };
}

export function sendMsg(from: string, to: string, amount: Coin[]): EncodeObject {
  return { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: from, toAddress: to, amount } };
}

function mustAttr(tx: TxOutcome, type: string, key: string, label: string): string {
  const value = tx.events.find((e) => e.type === type)?.attributes.find((a) => a.key === key)?.value;
  if (tx.code !== 0 || value === undefined) throw new Error(`${label}: failed (${tx.codespace} ${tx.code}: ${tx.log})`);
  return value;
}

/**
 * The gas-agreement sequence (bench/gas-agreement.ts runSequence) through a runner: a ContractClient
 * whose every transaction and query is a recorded step; the sequence's record() names the step.
 */
export class RecordingClient implements ContractClient {
  constructor(private readonly runner: Runner) {}

  private fail(tx: TxOutcome): never {
    throw new Error(`transaction failed (${tx.codespace} ${tx.code}): ${tx.log}`);
  }

  private gas(fee: Fee): number {
    return typeof fee === "object" ? Number(fee.gas) : DEFAULT_GAS;
  }

  private common(tx: TxOutcome) {
    return { logs: [], height: tx.height, transactionHash: "", events: tx.events, gasWanted: BigInt(tx.gasWanted), gasUsed: BigInt(tx.gasUsed) };
  }

  async getChainId(): Promise<string> {
    return "localpersistence-1";
  }

  async getHeight(): Promise<number> {
    return this.runner.steps[this.runner.steps.length - 1]?.tx?.height ?? 0;
  }

  async getBalance(): Promise<Coin> {
    throw new Error("the fidelity harness records balances itself");
  }

  async upload(sender: string, wasm: Uint8Array, fee: Fee): Promise<UploadResult> {
    const tx = await this.runner.tx("store_code", sender, [{ typeUrl: "/cosmwasm.wasm.v1.MsgStoreCode", value: { sender, wasmByteCode: new Uint8Array(gzipSync(wasm)) } }], { gas: this.gas(fee) });
    const codeId = tx.events.find((e) => e.type === "store_code")?.attributes.find((a) => a.key === "code_id")?.value;
    if (tx.code !== 0 || !codeId) this.fail(tx);
    return { ...this.common(tx), checksum: "", originalSize: wasm.length, compressedSize: 0, codeId: Number(codeId) };
  }

  async instantiate(sender: string, codeId: number, msg: JsonObject, label: string, fee: Fee, options: InstantiateOptions = {}): Promise<InstantiateResult> {
    const tx = await this.runner.tx("instantiate", sender, [instantiateMsg(sender, codeId, msg, { admin: options.admin, funds: [...(options.funds ?? [])], label })], { gas: this.gas(fee) });
    const address = tx.events.find((e) => e.type === "instantiate")?.attributes.find((a) => a.key === "_contract_address")?.value;
    if (tx.code !== 0 || !address) this.fail(tx);
    this.runner.watch(label, address);
    return { ...this.common(tx), contractAddress: address };
  }

  async execute(sender: string, contract: string, msg: JsonObject, fee: Fee, memo?: string, funds: readonly Coin[] = []): Promise<ExecuteResult> {
    const tx = await this.runner.tx("execute", sender, [executeMsg(sender, contract, msg, [...funds])], { gas: this.gas(fee), memo });
    if (tx.code !== 0) this.fail(tx);
    return this.common(tx);
  }

  async migrate(sender: string, contract: string, codeId: number, msg: JsonObject, fee: Fee): Promise<MigrateResult> {
    const tx = await this.runner.tx("migrate", sender, [{ typeUrl: "/cosmwasm.wasm.v1.MsgMigrateContract", value: { sender, contract, codeId: BigInt(codeId), msg: utf8(JSON.stringify(msg)) } }], { gas: this.gas(fee) });
    if (tx.code !== 0) this.fail(tx);
    return this.common(tx);
  }

  async queryContractSmart(address: string, msg: JsonObject): Promise<JsonObject> {
    const q = await this.runner.query("query", address, msg);
    if (!q.ok) throw new Error(q.value);
    return JSON.parse(q.value) as JsonObject;
  }

  async queryContractRaw(address: string, key: Uint8Array): Promise<Uint8Array | null> {
    const q = await this.runner.raw("raw query", address, key);
    return q.ok ? new Uint8Array(Buffer.from(q.value, "base64")) : null;
  }

  async sendTokens(sender: string, recipient: string, amount: readonly Coin[], fee: Fee, memo?: string): Promise<DeliverTxResponse> {
    const tx = await this.runner.tx("send", sender, [sendMsg(sender, recipient, [...amount])], { gas: this.gas(fee), memo });
    if (tx.code !== 0) this.fail(tx);
    return { code: 0, height: tx.height, txIndex: 0, events: tx.events, rawLog: "", transactionHash: "", msgResponses: [], gasUsed: BigInt(tx.gasUsed), gasWanted: BigInt(tx.gasWanted) };
  }
}
