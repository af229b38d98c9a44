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
import type { MsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import { App, DeliverTxResult, TxEnvelope, TxError, TxOptions } from "./app/app";
import { sdkMessage } from "./app/sdk-msgs";
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
 * The length of the TxRaw @cosmjs signs and broadcasts for `msgs`: TxBody{messages, memo},
 * AuthInfo{signer_infos: [{secp256k1 key, SIGN_MODE_DIRECT, sequence}], fee{amount, gas_limit}},
 * one 64-byte signature. The ante handler charges 10 gas per byte of it.
 */
export function signedTxBytes(msgs: EncodeObject | readonly EncodeObject[], memo: string, sequence: number, feeAmount: readonly Coin[], gasLimit: number): number {
  const body = registry.encodeTxBody({ messages: Array.isArray(msgs) ? [...msgs] : [msgs as EncodeObject], memo });
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
const coins = (c: readonly Coin[] | undefined): AppCoin[] => (c ?? []).map((x) => ({ denom: x.denom, amount: x.amount }));

/** A DeliverTxResponse with what CometBFT's ExecTxResult also carries: the codespace and the TxMsgData bytes. */
export interface SimulatorDeliverTxResponse extends DeliverTxResponse {
  readonly codespace: string;
  readonly data: readonly MsgData[];
  /** TxMsgData{msg_responses} protobuf bytes (ExecTxResult.data). */
  readonly txMsgData: Uint8Array;
}

/** cosmjs's text for a transaction that failed in DeliverTx (createDeliverTxResponseErrorMessage). */
function deliverTxErrorMessage(r: DeliverTxResponse): string {
  return `Error when broadcasting tx ${r.transactionHash} at height ${r.height}. Code: ${r.code}; Raw log: ${r.rawLog}`;
}

/**
 * A failed smart query as @cosmjs reports it (QueryClient.queryAbci: "Query failed with (code):
 * log"): baseapp answers a failed gRPC query with ErrUnknownRequest (sdk 6) wrapping the keeper's
 * error (gRPCErrorToSDKError), so the log is "<error>: unknown request".
 */
export class QueryError extends Error {
  readonly code = 6;

  constructor(readonly error: string) {
    super(`Query failed with (6): ${error}: unknown request`);
    this.name = "QueryError";
  }
}

export interface SimulatorClientOptions {
  /**
   * "auto" (default): each transaction lands in its own block, the next one opened after it, as
   * broadcast-and-wait on a chain. "manual": the caller moves the chain on (App.advanceBlocks,
   * advanceTo), e.g. to replay a chain's heights and block times.
   */
  blocks?: "auto" | "manual";
}

export class SimulatorClient implements ContractClient {
  private txCount = 0;
  private readonly autoBlocks: boolean;

  constructor(
    readonly app: App,
    options: SimulatorClientOptions = {},
  ) {
    this.autoBlocks = (options.blocks ?? "auto") === "auto";
  }

  /** The envelope of a signed transaction carrying `msgs`: its size, memo and fee (see App.deliverTx). */
  private envelope(sender: string, msgs: readonly EncodeObject[], fee: Fee, memo = ""): TxOptions & { envelope: TxEnvelope } {
    const explicit = typeof fee === "object" ? fee : undefined;
    const gasLimit = explicit ? Number(explicit.gas) : AUTO_GAS_LIMIT;
    const amount = explicit?.amount ?? [];
    const txBytes = signedTxBytes(msgs, memo, this.app.sequence(sender), amount, gasLimit);
    return { gasLimit: explicit ? gasLimit : undefined, envelope: { txBytes, memo, fee: coins(amount) } };
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
   * SigningStargateClient.signAndBroadcast: the messages as one signed transaction, in its own
   * block (as broadcast-and-wait on a chain), reported as the chain reports it (App.deliverTx):
   * a failed transaction is returned with its code and log, as @cosmjs does; a transaction the
   * ante handler refuses throws, as CheckTx's refusal does.
   */
  async signAndBroadcast(signerAddress: string, messages: readonly EncodeObject[], fee: Fee, memo = ""): Promise<SimulatorDeliverTxResponse> {
    const msgs = messages.map((m) =>
      sdkMessage(signerAddress, m, (actual) => {
        throw new Error(`${m.typeUrl}: the message's signer ${actual} is not the transaction's signer ${signerAddress}`);
      }),
    );
    const r = this.app.deliverTx(signerAddress, msgs, this.envelope(signerAddress, messages, fee, memo));
    this.lastResults = r.results;
    if (this.autoBlocks) this.app.advanceBlocks(1);
    const transactionHash = createHash("sha256").update(`${this.app.block.chainId}/${++this.txCount}`).digest("hex").toUpperCase();
    return {
      code: r.code,
      codespace: r.codespace,
      height: r.height,
      txIndex: 0,
      events: r.events as Event[],
      rawLog: r.log,
      transactionHash,
      msgResponses: r.msgResponses.map((m) => ({ typeUrl: m.type_url, value: new Uint8Array(m.value) })),
      data: r.msgResponses.map((m) => ({ msgType: m.type_url, data: new Uint8Array(m.value) })),
      txMsgData: r.data,
      gasUsed: BigInt(r.gasUsed),
      gasWanted: BigInt(r.gasWanted),
    };
  }

  /** What each message of the last signAndBroadcast returned (code ids, contract addresses). */
  private lastResults: DeliverTxResult["results"] = [];

  /** One message, as SigningCosmWasmClient's helpers send it: throws when the transaction failed. */
  private async one(sender: string, msg: EncodeObject, fee: Fee, memo?: string): Promise<{ r: SimulatorDeliverTxResponse; result: DeliverTxResult["results"][number] }> {
    const r = await this.signAndBroadcast(sender, [msg], fee, memo);
    if (r.code !== 0) throw new TxError(r.rawLog ?? "", r.codespace, r.code, Number(r.gasUsed), deliverTxErrorMessage(r));
    return { r, result: this.lastResults[0] };
  }

  private common(r: DeliverTxResponse) {
    return { logs: [], height: r.height, transactionHash: r.transactionHash, events: r.events, gasWanted: r.gasWanted, gasUsed: r.gasUsed };
  }

  /** Uploads as @cosmjs does: gzipped (CompressionStream's default level, as zlib's), unpacked by the chain. */
  async upload(sender: string, wasm: Uint8Array, fee: Fee, memo?: string): Promise<UploadResult> {
    const gz = new Uint8Array(gzipSync(wasm));
    const { r, result } = await this.one(sender, { typeUrl: "/cosmwasm.wasm.v1.MsgStoreCode", value: { sender, wasmByteCode: gz } }, fee, memo);
    return { ...this.common(r), checksum: result.checksum!, originalSize: wasm.length, compressedSize: gz.length, codeId: result.codeId! };
  }

  async instantiate(sender: string, codeId: number, msg: JsonObject, label: string, fee: Fee, options: InstantiateOptions = {}): Promise<InstantiateResult> {
    const value = { sender, admin: options.admin ?? "", codeId: BigInt(codeId), label, msg: utf8(JSON.stringify(msg)), funds: [...(options.funds ?? [])] };
    const { r, result } = await this.one(sender, { typeUrl: "/cosmwasm.wasm.v1.MsgInstantiateContract", value }, fee, options.memo);
    return { ...this.common(r), contractAddress: result.contractAddress! };
  }

  async execute(sender: string, contract: string, msg: JsonObject, fee: Fee, memo?: string, funds: readonly Coin[] = []): Promise<ExecuteResult> {
    const value = { sender, contract, msg: utf8(JSON.stringify(msg)), funds: [...funds] };
    return this.common((await this.one(sender, { typeUrl: "/cosmwasm.wasm.v1.MsgExecuteContract", value }, fee, memo)).r);
  }

  async migrate(sender: string, contract: string, codeId: number, msg: JsonObject, fee: Fee, memo?: string): Promise<MigrateResult> {
    const value = { sender, contract, codeId: BigInt(codeId), msg: utf8(JSON.stringify(msg)) };
    return this.common((await this.one(sender, { typeUrl: "/cosmwasm.wasm.v1.MsgMigrateContract", value }, fee, memo)).r);
  }

  /** Throws as @cosmjs's query client does when the chain refuses the query (QueryError). */
  async queryContractSmart(address: string, msg: JsonObject): Promise<JsonObject> {
    try {
      return this.app.query<JsonObject>(address, msg);
    } catch (e) {
      if (e instanceof TxError) throw new QueryError(e.log);
      throw e;
    }
  }

  async queryContractRaw(address: string, key: Uint8Array): Promise<Uint8Array | null> {
    return this.app.queryRaw(address, key) ?? null;
  }

  async sendTokens(sender: string, recipient: string, amount: readonly Coin[], fee: Fee, memo?: string): Promise<DeliverTxResponse> {
    const value = { fromAddress: sender, toAddress: recipient, amount: [...amount] };
    const { r } = await this.one(sender, { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value }, fee, memo);
    return r;
  }
}
