// A client with the shape of @cosmjs's SigningCosmWasmClient over the in-process App, so deploy
// scripts and tests run unchanged against the simulator or a real chain (`ContractClient` is
// the part both implement).

import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Coin, StdFee } from "@cosmjs/amino";
import { wasmTypes } from "@cosmjs/cosmwasm";
import { EncodeObject, Registry, encodePubkey, makeAuthInfoBytes } from "@cosmjs/proto-signing";
import { defaultRegistryTypes } from "@cosmjs/stargate";
import type {
  ExecuteResult,
  InstantiateOptions,
  InstantiateResult,
  JsonObject,
  MigrateResult,
  UploadResult,
} from "@cosmjs/cosmwasm";
import type { DeliverTxResponse, Event } from "@cosmjs/stargate";
import { App, TxEnvelope, TxOptions, TxResult } from "./app/app";
import { Coin as AppCoin } from "./app/context";

export type Fee = StdFee | "auto" | number;

/** What deploy scripts and tests use of SigningCosmWasmClient. */
export interface ContractClient {
  getChainId(): Promise<string>;
  getHeight(): Promise<number>;
  getBalance(address: string, denom: string): Promise<Coin>;
  upload(sender: string, wasm: Uint8Array, fee: Fee, memo?: string): Promise<UploadResult>;
  instantiate(sender: string, codeId: number, msg: JsonObject, label: string, fee: Fee, options?: InstantiateOptions): Promise<InstantiateResult>;
  execute(sender: string, contract: string, msg: JsonObject, fee: Fee, memo?: string, funds?: readonly Coin[]): Promise<ExecuteResult>;
  migrate(sender: string, contract: string, codeId: number, msg: JsonObject, fee: Fee, memo?: string): Promise<MigrateResult>;
  queryContractSmart(address: string, msg: JsonObject): Promise<JsonObject>;
  queryContractRaw(address: string, key: Uint8Array): Promise<Uint8Array | null>;
  sendTokens(sender: string, recipient: string, amount: readonly Coin[], fee: Fee, memo?: string): Promise<DeliverTxResponse>;
}

const registry = new Registry([...defaultRegistryTypes, ...wasmTypes]);
/** A compressed secp256k1 public key: only its size (33 bytes) matters here. */
const PUBKEY = encodePubkey({ type: "tendermint/PubKeySecp256k1", value: Buffer.concat([Buffer.from([2]), Buffer.alloc(32, 1)]).toString("base64") });
/**
 * The gas limit written into an "auto" transaction: @cosmjs simulates and multiplies by 1.4. The
 * simulator does not simulate first, so it sizes the transaction with a typical limit (a 3-byte
 * varint, as for any limit from 16,384 to 2,097,151) and, having no gas price, pays no fee.
 */
const AUTO_GAS_LIMIT = 300_000;

/**
 * The length of the TxRaw @cosmjs signs and broadcasts for `msg`: TxBody{messages, memo},
 * AuthInfo{signer_infos: [{secp256k1 key, SIGN_MODE_DIRECT, sequence}], fee{amount, gas_limit}},
 * one 64-byte signature. The ante handler charges 10 gas per byte of it.
 */
export function signedTxBytes(msg: EncodeObject, memo: string, sequence: number, feeAmount: readonly Coin[], gasLimit: number): number {
  const body = registry.encodeTxBody({ messages: [msg], memo });
  const authInfo = makeAuthInfoBytes([{ pubkey: PUBKEY, sequence }], [...feeAmount], gasLimit, undefined, undefined);
  const field = (n: number) => 1 + varintLength(n) + n;
  return field(body.length) + field(authInfo.length) + field(64);
}

function varintLength(n: number): number {
  let len = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

export class SimulatorClient implements ContractClient {
  private txCount = 0;

  constructor(readonly app: App) {}

  /** The envelope of a signed transaction carrying `msg`: its size, memo and fee (see App.runTx). */
  private envelope(sender: string, msg: EncodeObject, fee: Fee, memo = ""): TxOptions & { envelope: TxEnvelope } {
    const explicit = typeof fee === "object" ? fee : undefined;
    const gasLimit = explicit ? Number(explicit.gas) : AUTO_GAS_LIMIT;
    const amount = explicit?.amount ?? [];
    const txBytes = signedTxBytes(msg, memo, this.app.sequence(sender), amount, gasLimit);
    return { gasLimit: explicit ? gasLimit : undefined, envelope: { txBytes, memo, fee: amount as AppCoin[] } };
  }

  async getChainId(): Promise<string> {
    return this.app.block.chainId;
  }

  async getHeight(): Promise<number> {
    return this.app.block.height;
  }

  async getBalance(address: string, denom: string): Promise<Coin> {
    return { denom, amount: this.app.balance(address, denom).toString() };
  }

  /**
   * Each transaction lands in its own block, as with a real chain's broadcast-and-wait. It is
   * charged as the signed transaction @cosmjs would broadcast (ante handler, fee), see envelope().
   */
  private tx<T extends TxResult>(sender: string, msg: EncodeObject, fee: Fee, memo: string | undefined, run: (options: TxOptions) => T, extra: Partial<TxOptions> = {}): T & { transactionHash: string } {
    const res = run({ ...this.envelope(sender, msg, fee, memo), ...extra });
    this.app.advanceBlocks(1);
    const transactionHash = createHash("sha256").update(`${this.app.block.chainId}/${++this.txCount}`).digest("hex").toUpperCase();
    return { ...res, transactionHash };
  }

  private common(r: TxResult & { transactionHash: string }) {
    return {
      logs: [],
      height: r.height,
      transactionHash: r.transactionHash,
      events: r.events as Event[],
      gasWanted: BigInt(r.gasWanted),
      gasUsed: BigInt(r.gasUsed),
    };
  }

  /** Uploads as @cosmjs does: gzipped (CompressionStream's default level, as zlib's), unpacked by the chain. */
  async upload(sender: string, wasm: Uint8Array, fee: Fee, memo?: string): Promise<UploadResult> {
    const gz = new Uint8Array(gzipSync(wasm));
    const msg = { typeUrl: "/cosmwasm.wasm.v1.MsgStoreCode", value: { sender, wasmByteCode: gz } };
    const r = this.tx(sender, msg, fee, memo, (o) => this.app.storeCode(sender, wasm, o), { gzipBytes: gz.length });
    return { ...this.common(r), checksum: r.checksum, originalSize: wasm.length, compressedSize: gz.length, codeId: r.codeId };
  }

  async instantiate(sender: string, codeId: number, msg: JsonObject, label: string, fee: Fee, options: InstantiateOptions = {}): Promise<InstantiateResult> {
    const funds = (options.funds ?? []) as AppCoin[];
    const encoded = { typeUrl: "/cosmwasm.wasm.v1.MsgInstantiateContract", value: { sender, admin: options.admin ?? "", codeId: BigInt(codeId), label, msg: utf8(JSON.stringify(msg)), funds } };
    const r = this.tx(sender, encoded, fee, options.memo, (o) => this.app.instantiate(sender, codeId, msg, label, funds, options.admin ?? null, o));
    return { ...this.common(r), contractAddress: r.contractAddress };
  }

  async execute(sender: string, contract: string, msg: JsonObject, fee: Fee, memo?: string, funds: readonly Coin[] = []): Promise<ExecuteResult> {
    const encoded = { typeUrl: "/cosmwasm.wasm.v1.MsgExecuteContract", value: { sender, contract, msg: utf8(JSON.stringify(msg)), funds: [...funds] } };
    return this.common(this.tx(sender, encoded, fee, memo, (o) => this.app.execute(sender, contract, msg, funds as AppCoin[], o)));
  }

  async migrate(sender: string, contract: string, codeId: number, msg: JsonObject, fee: Fee, memo?: string): Promise<MigrateResult> {
    const encoded = { typeUrl: "/cosmwasm.wasm.v1.MsgMigrateContract", value: { sender, contract, codeId: BigInt(codeId), msg: utf8(JSON.stringify(msg)) } };
    return this.common(this.tx(sender, encoded, fee, memo, (o) => this.app.migrate(sender, contract, codeId, msg, o)));
  }

  async queryContractSmart(address: string, msg: JsonObject): Promise<JsonObject> {
    return this.app.query<JsonObject>(address, msg);
  }

  async queryContractRaw(address: string, key: Uint8Array): Promise<Uint8Array | null> {
    return this.app.queryRaw(address, key) ?? null;
  }

  async sendTokens(sender: string, recipient: string, amount: readonly Coin[], fee: Fee, memo?: string): Promise<DeliverTxResponse> {
    const encoded = { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: sender, toAddress: recipient, amount: [...amount] } };
    const r = this.tx(sender, encoded, fee, memo, (o) => this.app.send(sender, { bank: { send: { to_address: recipient, amount: amount as AppCoin[] } } }, o));
    return {
      code: 0,
      height: r.height,
      txIndex: 0,
      events: r.events as Event[],
      rawLog: "",
      transactionHash: r.transactionHash,
      msgResponses: [],
      gasUsed: BigInt(r.gasUsed),
      gasWanted: BigInt(r.gasWanted),
    };
  }
}
