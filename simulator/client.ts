// A client with the shape of @cosmjs's SigningCosmWasmClient over the in-process App, so deploy
// scripts and tests run unchanged against the simulator or a real chain (`ContractClient` is
// the part both implement).

import { createHash } from "node:crypto";
import type { Coin, StdFee } from "@cosmjs/amino";
import type {
  ExecuteResult,
  InstantiateOptions,
  InstantiateResult,
  JsonObject,
  MigrateResult,
  UploadResult,
} from "@cosmjs/cosmwasm";
import type { DeliverTxResponse, Event } from "@cosmjs/stargate";
import { App, TxResult } from "./app/app";
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

const FEE_COLLECTOR = "fee_collector";

export class SimulatorClient implements ContractClient {
  private txCount = 0;

  constructor(readonly app: App) {}

  async getChainId(): Promise<string> {
    return this.app.block.chainId;
  }

  async getHeight(): Promise<number> {
    return this.app.block.height;
  }

  async getBalance(address: string, denom: string): Promise<Coin> {
    return { denom, amount: this.app.balance(address, denom).toString() };
  }

  /** Each transaction lands in its own block, as with a real chain's broadcast-and-wait. */
  private tx<T extends TxResult>(sender: string, fee: Fee, run: (gasLimit: number | undefined) => T): T & { transactionHash: string } {
    const gasLimit = typeof fee === "object" ? Number(fee.gas) : undefined;
    if (typeof fee === "object" && fee.amount.length > 0) this.app.send(sender, { bank: { send: { to_address: this.feeCollector(), amount: fee.amount as AppCoin[] } } });
    const res = run(gasLimit);
    this.app.advanceBlocks(1);
    const transactionHash = createHash("sha256").update(`${this.app.block.chainId}/${++this.txCount}`).digest("hex").toUpperCase();
    return { ...res, transactionHash };
  }

  private feeCollector(): string {
    return this.app.moduleAddress(FEE_COLLECTOR);
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

  async upload(sender: string, wasm: Uint8Array, fee: Fee): Promise<UploadResult> {
    const r = this.tx(sender, fee, (g) => this.app.storeCode(sender, wasm, g));
    return { ...this.common(r), checksum: r.checksum, originalSize: wasm.length, compressedSize: wasm.length, codeId: r.codeId };
  }

  async instantiate(sender: string, codeId: number, msg: JsonObject, label: string, fee: Fee, options: InstantiateOptions = {}): Promise<InstantiateResult> {
    const funds = (options.funds ?? []) as AppCoin[];
    const r = this.tx(sender, fee, (g) => this.app.instantiate(sender, codeId, msg, label, funds, options.admin ?? null, g));
    return { ...this.common(r), contractAddress: r.contractAddress };
  }

  async execute(sender: string, contract: string, msg: JsonObject, fee: Fee, _memo?: string, funds: readonly Coin[] = []): Promise<ExecuteResult> {
    return this.common(this.tx(sender, fee, (g) => this.app.execute(sender, contract, msg, funds as AppCoin[], g)));
  }

  async migrate(sender: string, contract: string, codeId: number, msg: JsonObject, fee: Fee): Promise<MigrateResult> {
    return this.common(this.tx(sender, fee, (g) => this.app.migrate(sender, contract, codeId, msg, g)));
  }

  async queryContractSmart(address: string, msg: JsonObject): Promise<JsonObject> {
    return this.app.query<JsonObject>(address, msg);
  }

  async queryContractRaw(address: string, key: Uint8Array): Promise<Uint8Array | null> {
    return this.app.queryRaw(address, key) ?? null;
  }

  async sendTokens(sender: string, recipient: string, amount: readonly Coin[], fee: Fee): Promise<DeliverTxResponse> {
    const r = this.tx(sender, fee, (g) => this.app.send(sender, { bank: { send: { to_address: recipient, amount: amount as AppCoin[] } } }, g));
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
