// The simulated chain: one revertible store for every module, blocks and time, transactions
// that either apply whole or not at all, message routing and the contracts' querier.

import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import { Bech32Api } from "../vm/api";
import { moduleAddress } from "./address";
import { Auth, GENESIS_MODULE_ACCOUNTS } from "./auth";
import { WasmHost, WasmHostOptions } from "../vm/host";
import { MemoryStorage, TransactionalStorage } from "../vm/storage";
import { Bank, coinsText, validateCoins } from "./bank";
import { Distribution, DistributionMsg, DistributionQuery } from "./distribution";
import { Mint, MintParams } from "./mint";
import { Slashing } from "./slashing";
import { Staking, StakingMsg, StakingQuery, ValidatorInit, allValidators, delegationAmount, delegationsOf, getValidator, powerAt, stakingParams } from "./staking";
import { AppError, AppEvent, BlockInfo, Coin, ModuleResult, UnsupportedQuery, utf8 } from "./context";
import {
  DelegationState,
  ROUTER_CIRCUIT_CHECK,
  TxGasMeter,
  WASM_KEYS,
  addressBytes,
  anteGas,
  codeInfoBytes,
  contractInfoBytes,
  delegateGas,
  kv,
  redelegateGas,
  sendCoinsFailureGas,
  sendCoinsGas,
  sendEnabledGas,
  setWithdrawAddressGas,
  stakingFailureGas,
  stakingQueryGas,
  transferGas,
  undelegateGas,
  withdrawRewardGas,
} from "./gas";
import { CosmosMsg, DispatchResult, QueryRequest, variantOf } from "./messages";
import { EMPTY, MsgResponse, responses } from "./proto";
import { TxMessage, anyMessage } from "./sdk-msgs";
import { Router, TxContext, UploadCheck, WasmModule } from "./wasm";
import { IbcCore } from "../ibc/core";
import { WasmIbc } from "../ibc/contracts";
import { Ics20, MsgTransfer, TRANSFER_PORT } from "../ibc/transfer";

export interface AppOptions {
  chainId?: string;
  prefix?: string;
  bondedDenom?: string;
  /** Block time at genesis, nanoseconds since the epoch. */
  genesisTime?: bigint;
  /** Seconds between blocks for advanceBlocks. */
  blockSeconds?: number;
  /** Gas limit of a transaction when the caller sets none. */
  defaultGasLimit?: number;
  host?: WasmHostOptions;
  /** What storeCode refuses (default "checker": whatever `npm run check` refuses; "chain": only what the chain refuses at upload, OUR_RULES stored). */
  uploadCheck?: UploadCheck;
}

/**
 * The signed transaction around a message, as a client would broadcast it: with it, a transaction
 * is charged the chain's ante handler too (simulator/app/gas.ts anteGas) and pays its fee.
 */
export interface TxEnvelope {
  /** Length of the signed TxRaw bytes (10 gas per byte). */
  txBytes: number;
  memo?: string;
  /** Paid by the signer to the fee collector before the message runs; empty for no fee. */
  fee: Coin[];
}

export interface TxOptions {
  gasLimit?: number;
  /** Without an envelope only the message is charged: what wasmd charges inside the transaction. */
  envelope?: TxEnvelope;
  /** storeCode: the size of the gzipped upload (@cosmjs gzips code before it uploads it). */
  gzipBytes?: number;
}

const txOptions = (o: number | TxOptions | undefined): TxOptions => (typeof o === "object" ? o : { gasLimit: o });

export type { TxMessage } from "./sdk-msgs";

/** A transaction as the chain's FinalizeBlock reports it (abci ExecTxResult), failed or not. */
export interface DeliverTxResult {
  code: number;
  codespace: string;
  /** The error text ("failed to execute message; message index: N: …"), empty on success. */
  log: string;
  /** The ante handler's events, then each message's (a `message` event first; `msg_index` on all). */
  events: AppEvent[];
  /** TxMsgData{msg_responses} protobuf bytes; empty on failure. */
  data: Uint8Array;
  msgResponses: MsgResponse[];
  gasUsed: number;
  gasWanted: number;
  height: number;
  /** Per message: what it returned (contract data, a new contract's address, a code id). */
  results: Array<DispatchResult & { codeId?: number; checksum?: string }>;
}

export interface TxResult {
  events: AppEvent[];
  /** Base64 of the data the message returned, or null. */
  data: string | null;
  /** SDK gas: the ante handler's (with an envelope) plus the message's. */
  gasUsed: number;
  /** The ante handler's part of gasUsed (0 without an envelope). */
  anteGasUsed: number;
  gasWanted: number;
  height: number;
  /** Set by instantiate. */
  contractAddress?: string;
}

/** A failed transaction, with the log the chain would show. */
export class TxError extends Error {
  constructor(
    readonly log: string,
    readonly codespace: string,
    readonly code: number,
    readonly gasUsed: number,
    /** The error's text when it is not the log itself (SimulatorClient: @cosmjs's wording around it). */
    message = log,
  ) {
    super(message);
    this.name = "TxError";
  }
}

const FEE_COLLECTOR = "fee_collector";
/** wasmd handler_plugin_encoders.go anyMsgGasCost (700,000 VM gas) in SDK gas. */
const ANY_MSG_GAS = 5;
const b64 = (data: Uint8Array): string => Buffer.from(data).toString("base64");

export class App implements Router {
  readonly store = new MemoryStorage();
  readonly auth: Auth;
  readonly bank: Bank;
  readonly distribution = new Distribution();
  /** Staking calls distribution's hooks so rewards are paid out before a delegation changes. */
  readonly staking = new Staking(this.distribution);
  readonly slashing = new Slashing(this.staking);
  /** x/mint (used with block rewards). */
  readonly mintModule = new Mint();
  readonly api: Bech32Api;
  readonly wasm: WasmModule;
  readonly host: WasmHost;
  readonly bondedDenom: string;
  /** IBC core (clients, connections, channels, packets), its ICS-20 module and the contracts' IBC (simulator/ibc). */
  readonly ibc: IbcCore;
  readonly ics20: Ics20;
  readonly wasmIbc: WasmIbc;
  block: BlockInfo;
  /** [height, time] of each block opened, ascending (of the empty blocks of advanceBlocks(n) only the last). */
  private readonly blockTimes: Array<[number, bigint]> = [];
  private readonly blockSeconds: number;
  private readonly defaultGasLimit: number;
  /** The height whose EndBlocker ran last. */
  private ended = 0;

  constructor(options: AppOptions = {}) {
    const prefix = options.prefix ?? "persistence";
    this.api = new Bech32Api({ prefix });
    this.auth = new Auth(new Set(GENESIS_MODULE_ACCOUNTS.map((name) => moduleAddress(prefix, name))));
    // SendCoins creates the recipient's account when it has none
    this.bank = new Bank((store, address) => this.auth.ensure(store, address));
    this.host = new WasmHost(options.host);
    this.wasm = new WasmModule(this.host, this.api, prefix, options.uploadCheck);
    this.bondedDenom = options.bondedDenom ?? "uxprt";
    this.block = { height: 1, time: options.genesisTime ?? 1_700_000_000_000_000_000n, chainId: options.chainId ?? "localpersistence-1" };
    this.blockSeconds = options.blockSeconds ?? 5;
    this.defaultGasLimit = options.defaultGasLimit ?? 100_000_000;
    this.blockTimes.push([this.block.height, this.block.time]);
    this.wasmIbc = new WasmIbc(this, () => this.ibc, () => this.ics20);
    this.ibc = new IbcCore(this.wasmIbc);
    this.ics20 = new Ics20(this, this.ibc);
    this.ibc.bind(TRANSFER_PORT, this.ics20);
  }

  // ---- blocks ---------------------------------------------------------------------------

  /**
   * Ends the current block and produces `n` blocks of `blockSeconds` each, the last one open for
   * transactions. As on the chain, a block's EndBlocker (matured unbondings) runs after its
   * transactions: an entry maturing at the new block's time completes when that block ends.
   */
  advanceBlocks(n = 1, seconds = this.blockSeconds): void {
    this.endBlock();
    if (n > 1) this.enterBlock(n - 1, BigInt((n - 1) * seconds)).endBlock(); // the empty blocks between
    this.enterBlock(1, BigInt(seconds));
  }

  /** Ends the current block and opens one `seconds` later. */
  advanceTime(seconds: number): void {
    this.endBlock();
    this.enterBlock(1, BigInt(seconds));
  }

  /**
   * Ends the current block and opens block `height` at `time` (ns), as when replaying a chain's
   * history: the blocks between are empty, their EndBlockers run at the current time.
   */
  advanceTo(height: number, time: bigint): void {
    if (height <= this.block.height || time < this.block.time) throw new Error(`cannot go back from height ${this.block.height} to ${height}`);
    this.endBlock();
    if (height > this.block.height + 1) this.enterBlock(height - this.block.height - 1, 0n).endBlock();
    this.openBlock(height, time);
  }

  /**
   * Opens `heights` blocks, the last `seconds` later; the ones before it are empty, at the same time.
   * With block rewards each of them runs its BeginBlocker (and the empty ones their EndBlocker);
   * otherwise they are skipped over at once.
   */
  private enterBlock(heights: number, seconds: bigint): this {
    const perBlock = this.blockRewards();
    for (let i = 1; i < heights && perBlock; i++) {
      this.openBlock(this.block.height + 1, this.block.time);
      this.endBlock();
    }
    this.openBlock(this.block.height + (perBlock ? 1 : heights), this.block.time + seconds * 1_000_000_000n);
    return this;
  }

  private openBlock(height: number, time: bigint): void {
    this.block = { ...this.block, height, time };
    this.blockTimes.push([height, time]);
    if (this.blockRewards()) this.beginBlock();
  }

  private blockRewards(): boolean {
    return this.distribution.params(this.store).blockRewards;
  }

  /**
   * Rewards as the chain makes them, from the current block on: in every block's BeginBlocker
   * x/mint mints the block's provisions into the fee collector (mint.ts) and x/distribution
   * allocates them with the fees collected (Distribution.allocateBlock), to the bonded validators by
   * their consensus power. The current block runs its BeginBlocker now, as block 1 does after
   * genesis. Reward amounts then follow the number of blocks, not the time.
   */
  useBlockRewards(mint: Partial<MintParams> = {}, communityTax?: bigint): void {
    this.chainTx((tx) => {
      this.mintModule.setParams(tx.store, mint);
      this.distribution.setParams(tx, { blockRewards: true, ...(communityTax !== undefined && { communityTax }) });
    });
    this.beginBlock();
  }

  /** x/mint then x/distribution BeginBlocker (distribution allocates from height 2 on, as the SDK's). */
  private beginBlock(): void {
    this.chainTx((tx) => {
      const denom = stakingParams(tx.store).bondDenom;
      const bonded = this.bank.balance(tx.store, this.staking.moduleAccount(tx.store), denom);
      const minted = this.mintModule.beginBlock(tx.store, this.bank.supply(tx.store, denom), bonded);
      const feeCollector = this.moduleAddress(FEE_COLLECTOR);
      if (minted > 0n) this.bank.mint(tx.store, feeCollector, [{ denom, amount: minted.toString() }]);
      if (tx.block.height <= 1) return;
      // the previous block's votes: CometBFT's validator set at H - 1 (staking.ts powerAt), all signing
      const h = tx.block.height;
      const votes = allValidators(tx.store)
        .map((v) => ({ validator: v.address, power: powerAt(tx.store, v.address, h - 1, h) }))
        .filter((v) => v.power > 0n);
      this.distribution.allocateBlock(tx, feeCollector, votes);
    });
  }

  /** The time of block `height` (of the nearest block opened at or below it). */
  blockTime(height: number): bigint {
    let lo = 0;
    let hi = this.blockTimes.length - 1;
    if (height < this.blockTimes[0][0]) throw new Error(`no block at or below height ${height}`);
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.blockTimes[mid][0] <= height) lo = mid;
      else hi = mid - 1;
    }
    return this.blockTimes[lo][1];
  }

  /** End-of-block work, once per block: matured unbondings and redelegations complete. */
  private endBlock(): void {
    if (this.ended === this.block.height) return;
    this.ended = this.block.height;
    this.chainTx((tx) => this.staking.endBlock(tx));
  }

  /**
   * Ends the current block now (its EndBlocker runs; no more transactions belong in it): the state
   * is then what the chain's queries at this height see. The next advance opens the next block.
   */
  finishBlock(): void {
    this.endBlock();
  }

  /**
   * Work the chain does by itself (genesis, an EndBlocker, a governance proposal, a test's control):
   * all its writes apply, or none when it throws; no signer, no fee.
   */
  chainTx(fn: (tx: TxContext) => AppEvent[] | void): AppEvent[] {
    return this.runTx(undefined, (tx) => ({ events: fn(tx) ?? [], data: null, msgResponses: [] })).events;
  }

  // ---- validators (genesis and test controls) ------------------------------------------------

  addValidator(init: ValidatorInit): void {
    this.chainTx((tx) => this.staking.addValidator(tx, init));
  }

  /**
   * x/staking Keeper.Slash in the current block, for an infraction at `infractionHeight` (see
   * Staking.slash: entries created at or after it are slashed, none when it is the current height),
   * by a validator with `power` (default: its power in the validator set at that height); `jail`
   * jails it too. Returns the tokens burned. slashForDowntime / slashForDoubleSign do what the chain
   * does around it.
   */
  slash(validator: string, fraction: string, options: { infractionHeight: number; power?: bigint; jail?: boolean }): bigint {
    let burned = 0n;
    this.chainTx((tx) => {
      const out = this.staking.slash(tx, validator, fraction, options.infractionHeight, options.power);
      if (options.jail) this.staking.jail(tx, validator);
      burned = out.burned;
      return out.events;
    });
    return burned;
  }

  /**
   * Ends the current block and opens the next, in whose BeginBlocker x/slashing finds `validator`
   * down (Slashing.handleDowntime: slash_fraction_downtime for height − 2, jailed). Returns the tokens burned.
   */
  slashForDowntime(validator: string): bigint {
    this.advanceBlocks(1);
    let burned = 0n;
    this.chainTx((tx) => {
      const out = this.slashing.handleDowntime(tx, validator);
      burned = out.burned;
      return out.events;
    });
    return burned;
  }

  /**
   * Ends the current block and opens the next, in whose BeginBlocker x/evidence handles a double
   * sign by `validator` at `infractionHeight` (Slashing.handleEquivocation: slash_fraction_double_sign
   * for infractionHeight − 1, jailed for ever, tombstoned). The infraction's time defaults to that
   * block's. Returns the tokens burned (0 when the evidence is ignored).
   */
  slashForDoubleSign(validator: string, infractionHeight: number, infractionTime = this.blockTime(infractionHeight)): bigint {
    this.advanceBlocks(1);
    let burned = 0n;
    this.chainTx((tx) => {
      const out = this.slashing.handleEquivocation(tx, validator, infractionHeight, infractionTime);
      burned = out.burned;
      return out.events;
    });
    return burned;
  }

  /** MsgUnjail from the validator's operator (Slashing.unjail); bonded again when the block ends. */
  unjail(validator: string): void {
    this.chainTx((tx) => this.slashing.unjail(tx, validator));
  }

  /**
   * A governance change of the staking module's unbonding time (MsgUpdateParams), from now on:
   * entries created later complete `seconds` after their block; existing entries keep their time.
   */
  setUnbondingTime(seconds: number | bigint): void {
    this.chainTx((tx) => this.staking.setParams(tx.store, { unbondingTime: BigInt(seconds) * 1_000_000_000n }));
  }

  // ---- genesis helpers --------------------------------------------------------------------

  /** Test minting: creates coins out of thin air for `address`. */
  mint(address: string, coins: Coin[]): void {
    this.bank.mint(this.store, address, coins);
  }

  /** The deterministic address of a module account (fee collector, bonded pool, …). */
  moduleAddress(name: string): string {
    return moduleAddress(this.api.prefix, name);
  }

  balance(address: string, denom: string): bigint {
    return this.bank.balance(this.store, address, denom);
  }

  // ---- transactions ---------------------------------------------------------------------

  /**
   * Runs `fn` as one transaction: all its writes apply, or none when it throws. With an envelope
   * (signed by `signer`) the ante handler runs first, in its own layer that stays committed when the
   * message fails (fee paid, sequence used), as in the SDK; an ante failure rejects the transaction.
   * The events are the message's own (what its handler emitted); deliverTx reports a whole
   * transaction as the chain does.
   */
  runTx(options: number | TxOptions | undefined, fn: (tx: TxContext) => DispatchResult, signer?: string): TxResult {
    const opts = txOptions(options);
    const gas = new TxGasMeter(opts.gasLimit ?? this.defaultGasLimit);
    if (opts.envelope && signer !== undefined) this.runAnte(gas, signer, opts.envelope, 1);
    const anteGasUsed = gas.used;
    const layer = new TransactionalStorage(this.store);
    const tx: TxContext = { store: layer, block: this.block, bank: this.bank, gas, loaded: new Set() };
    try {
      const r = fn(tx);
      layer.commit();
      return {
        events: r.events,
        data: r.data === null ? null : b64(r.data),
        gasUsed: gas.used,
        anteGasUsed,
        gasWanted: gas.limit,
        height: this.block.height,
        contractAddress: r.contractAddress,
      };
    } catch (e) {
      layer.discard();
      if (e instanceof AppError) throw new TxError(failureLog(e, 0), e.codespace, e.code, gas.used);
      throw e;
    }
  }

  /**
   * A signed transaction of one or more messages, reported as the chain's FinalizeBlock reports it
   * (baseapp runTx / runMsgs, cosmos-sdk v0.53.4 baseapp/baseapp.go): the ante handler's events,
   * then per message a `message` event {action, sender, module} before the handler's events, every
   * one of them with `msg_index`; data is TxMsgData{msg_responses}. A failing message reverts all
   * messages and leaves the ante handler's events and writes (fee paid, sequence used). Only an ante
   * failure throws (TxError), as CheckTx refuses such a transaction.
   */
  deliverTx(signer: string, msgs: TxMessage[], options: TxOptions & { envelope: TxEnvelope }): DeliverTxResult {
    const gas = new TxGasMeter(options.gasLimit ?? this.defaultGasLimit);
    const anteEvents = this.runAnte(gas, signer, options.envelope, msgs.length);
    const layer = new TransactionalStorage(this.store);
    const tx: TxContext = { store: layer, block: this.block, bank: this.bank, gas, loaded: new Set() };
    const events: AppEvent[] = [];
    const results: DeliverTxResult["results"] = [];
    const base = { gasWanted: gas.limit, height: this.block.height };
    let index = 0;
    try {
      for (; index < msgs.length; index++) {
        const r = this.runMessage(tx, signer, msgs[index], options.gzipBytes);
        events.push(...messageEvents(msgs[index].typeUrl, signer, r.events, index));
        results.push(r);
      }
    } catch (e) {
      layer.discard();
      if (!(e instanceof AppError)) throw e;
      return { ...base, code: e.code, codespace: e.codespace, log: failureLog(e, index), events: anteEvents, data: EMPTY, msgResponses: [], gasUsed: gas.used, results: [] };
    }
    layer.commit();
    // a top-level message is one SDK message: its handler returns exactly one response
    const msgResponses = results.map((r) => r.msgResponses[0]);
    const data = TxMsgData.encode({ data: [], msgResponses: msgResponses.map((r) => ({ typeUrl: r.type_url, value: r.value })) }).finish();
    return { ...base, code: 0, codespace: "", log: "", events: [...anteEvents, ...events], data, msgResponses, gasUsed: gas.used, results };
  }

  /** One top-level message: MsgStoreCode (its msg server) or a message the router dispatches. */
  private runMessage(tx: TxContext, signer: string, m: TxMessage, gzipBytes?: number): DeliverTxResult["results"][number] {
    if ("store_code" in m.msg) return this.storeCodeMsg(tx, signer, m.msg.store_code.wasm, m.msg.store_code.gzipBytes ?? gzipBytes);
    return this.dispatch(tx, signer, m.msg as CosmosMsg);
  }

  /** The ante handler in its own committed layer; returns its events. An ante failure throws TxError. */
  private runAnte(gas: TxGasMeter, signer: string, envelope: TxEnvelope, messages: number): AppEvent[] {
    const anteLayer = new TransactionalStorage(this.store);
    try {
      const events = this.ante(anteLayer, gas, signer, envelope, messages);
      anteLayer.commit();
      return events;
    } catch (e) {
      anteLayer.discard();
      if (e instanceof AppError) throw new TxError(e.message, e.codespace, e.code, gas.used);
      throw e;
    }
  }

  /**
   * The ante handler: its gas (gas.ts anteGas), the fee to the fee collector, the sequence and
   * public key, and its events (x/auth/ante fee.go: the fee's SendCoins, then tx{fee, fee_payer};
   * sigverify.go: tx{acc_seq}, tx{signature}). The simulator does not sign: the signature is 64
   * zero bytes.
   */
  private ante(store: TransactionalStorage, gas: TxGasMeter, signer: string, env: TxEnvelope, messages: number): AppEvent[] {
    const auth = this.auth.get(store, signer);
    if (auth === undefined) throw new AppError(`account ${signer} not found: unknown address`, "sdk", 9);
    const feeCollector = this.moduleAddress(FEE_COLLECTOR);
    const fee = env.fee.filter((c) => BigInt(c.amount) > 0n);
    // x/distribution hands the fee collector's balance out at the start of every block, so the
    // ante handler finds it empty (the simulator keeps the fees there; it does not allocate them).
    const changes = fee.map((c) => ({ denom: c.denom, fromBefore: this.bank.balance(store, signer, c.denom), toBefore: 0n, amount: BigInt(c.amount) }));
    const ante = anteGas({ txBytes: env.txBytes, messages, memo: env.memo ?? "", signer, accountNumber: auth.number, sequence: auth.sequence, newPubKey: !auth.pubKey, fee: changes, feeCollector });
    gas.consume(ante, "ante handler");
    const events: AppEvent[] = [];
    if (fee.length > 0) events.push(...this.bank.send(store, signer, feeCollector, fee));
    events.push({ type: "tx", attributes: [{ key: "fee", value: coinsText(fee) }, { key: "fee_payer", value: signer }] });
    events.push({ type: "tx", attributes: [{ key: "acc_seq", value: `${signer}/${auth.sequence}` }] });
    events.push({ type: "tx", attributes: [{ key: "signature", value: UNSIGNED }] });
    this.auth.set(store, signer, { ...auth, sequence: auth.sequence + 1, pubKey: true });
    return events;
  }

  /** The sequence the next transaction of `signer` carries. */
  sequence(signer: string): number {
    return this.auth.get(this.store, signer)?.sequence ?? 0;
  }

  createAccount(tx: TxContext, address: string): number {
    return this.auth.create(tx.store, address).number;
  }

  /** Bytes of an account's x/auth record (0 when it has none). */
  accountBytes(tx: TxContext, address: string): number {
    return this.auth.bytes(tx.store, address);
  }

  storeCode(sender: string, wasm: Uint8Array, options?: number | TxOptions): { codeId: number; checksum: string } & TxResult {
    const opts = txOptions(options);
    let record: { codeId: number; checksum: string } | undefined;
    const res = this.runTx(opts, (tx) => (record = this.storeCodeMsg(tx, sender, wasm, opts.gzipBytes)), sender);
    return { ...res, codeId: record!.codeId, checksum: record!.checksum };
  }

  /**
   * MsgStoreCode (wasmd msg_server.go StoreCode → keeper.go create): the router's circuit check, the
   * upload, and the store_code event {code_checksum, code_id}. keeper.go means to add a
   * required_capability attribute per capability, but sdk.Event.AppendAttributes returns a new
   * event that create() discards: the chain's event has none.
   */
  private storeCodeMsg(tx: TxContext, sender: string, wasm: Uint8Array, gzipBytes?: number): DispatchResult & { codeId: number; checksum: string } {
    tx.gas.consume(ROUTER_CIRCUIT_CHECK, "circuit breaker");
    const record = this.wasm.storeCode(tx.gas, sender, wasm, gzipBytes);
    const attributes = [
      { key: "code_checksum", value: record.checksum },
      { key: "code_id", value: String(record.codeId) },
    ];
    return { events: [{ type: "store_code", attributes }], data: null, msgResponses: [responses.storeCode(record.codeId, record.checksum)], codeId: record.codeId, checksum: record.checksum };
  }

  instantiate(sender: string, codeId: number, msg: unknown, label: string, funds: Coin[] = [], admin: string | null = null, options?: number | TxOptions): TxResult & { contractAddress: string } {
    const wasm = { instantiate: { admin, code_id: codeId, msg: b64(utf8(JSON.stringify(msg))), funds, label } };
    const res = this.runTx(options, (tx) => this.dispatch(tx, sender, { wasm }), sender);
    return { ...res, contractAddress: res.contractAddress! };
  }

  execute(sender: string, contract: string, msg: unknown, funds: Coin[] = [], options?: number | TxOptions): TxResult {
    const wasm = { execute: { contract_addr: contract, msg: b64(utf8(JSON.stringify(msg))), funds } };
    return this.runTx(options, (tx) => this.dispatch(tx, sender, { wasm }), sender);
  }

  migrate(sender: string, contract: string, newCodeId: number, msg: unknown, options?: number | TxOptions): TxResult {
    const wasm = { migrate: { contract_addr: contract, new_code_id: newCodeId, msg: b64(utf8(JSON.stringify(msg))) } };
    return this.runTx(options, (tx) => this.dispatch(tx, sender, { wasm }), sender);
  }

  sudo(contract: string, msg: unknown, gasLimit?: number): TxResult {
    return this.runTx(gasLimit, (tx) => this.wasm.sudo(tx, this, contract, utf8(JSON.stringify(msg))));
  }

  /**
   * MsgTransfer on the "transfer" port signed by `sender` (ibc-go's transfer msg server): escrows
   * (or burns a voucher going home) and sends the ICS-20 packet; `sequence` is the packet's.
   */
  ibcTransfer(sender: string, msg: MsgTransfer, options?: number | TxOptions): TxResult & { sequence: number } {
    let sequence = 0;
    const res = this.runTx(
      options,
      (tx) => {
        tx.gas.consume(ROUTER_CIRCUIT_CHECK, "circuit breaker");
        const sent = this.ics20.transfer(tx, sender, msg);
        sequence = sent.sequence;
        return { events: sent.events, data: null, msgResponses: [] };
      },
      sender,
    );
    return { ...res, sequence };
  }

  /** Any CosmosMsg as a transaction signed by `sender` (bank sends, staking, …). */
  send(sender: string, msg: CosmosMsg, options?: number | TxOptions): TxResult {
    return this.runTx(options, (tx) => this.dispatch(tx, sender, msg), sender);
  }

  // ---- queries --------------------------------------------------------------------------

  /** A read-only context over committed state. */
  private queryContext(): TxContext {
    return { store: new TransactionalStorage(this.store), block: this.block, bank: this.bank, gas: new TxGasMeter(this.defaultGasLimit) };
  }

  /** Smart query; throws with "<contract error>: query wasm contract failed" on error. */
  query<T = unknown>(contract: string, msg: unknown): T {
    return this.queryWithGas<T>(contract, msg).result;
  }

  /** A smart query and the SDK gas it used (as a gRPC query would be metered). */
  queryWithGas<T = unknown>(contract: string, msg: unknown): { result: T; gasUsed: number } {
    const ctx = this.queryContext();
    try {
      const data = this.wasm.query(ctx, this, contract, utf8(JSON.stringify(msg)));
      return { result: JSON.parse(new TextDecoder().decode(data)) as T, gasUsed: ctx.gas.used };
    } catch (e) {
      if (e instanceof AppError) throw new TxError(e.message, e.codespace, e.code, ctx.gas.used);
      throw e;
    }
  }

  queryRaw(contract: string, key: Uint8Array): Uint8Array | undefined {
    return this.wasm.rawQuery(this.store, contract, key);
  }

  // ---- routing --------------------------------------------------------------------------

  /**
   * A transaction's or a contract's message, as wasmd's message handler chain takes a contract's
   * (handler_plugin.go, handler_plugin_encoders.go): a bank send of no coins encodes to no SDK
   * message (nothing runs, nothing is charged); a burn goes to wasmd's own burn handler; Any is
   * unpacked (5 gas) and routed; a custom message has no handler. Everything else is routed.
   */
  dispatch(tx: TxContext, sender: string, msg: CosmosMsg): DispatchResult {
    if (msg.bank?.send && msg.bank.send.amount.length === 0) return { events: [], data: null, msgResponses: [] };
    if (msg.bank?.burn) return this.burn(tx, sender, msg.bank.burn.amount);
    if (msg.ibc) return this.wasmIbc.dispatch(tx, sender, msg.ibc);
    if (msg.any) {
      tx.gas.consume(ANY_MSG_GAS, "unpacking AnyMsg");
      return this.route(tx, sender, anyMessage(sender, msg.any));
    }
    return this.route(tx, sender, msg);
  }

  /** The msg service router: the circuit breaker (one Has), then the module's msg server. */
  private route(tx: TxContext, sender: string, msg: CosmosMsg): DispatchResult {
    // an unknown variant encodes to no SDK message: no handler of wasmd's chain takes it (nor instantiate2 here)
    const w = msg.wasm;
    const wasm = w && (w.execute || w.instantiate || w.migrate || w.update_admin || w.clear_admin);
    if (!wasm && !msg.bank?.send && !msg.staking && !msg.distribution) throw new AppError("no handler found: unknown message from the contract", "wasm", 20);
    tx.gas.consume(ROUTER_CIRCUIT_CHECK, "circuit breaker");
    if (msg.wasm) return this.wasm.handle(tx, this, sender, msg.wasm);
    if (msg.bank?.send) {
      const events = this.sendCoins(tx, sender, msg.bank.send.to_address, msg.bank.send.amount, true);
      return { events, data: null, msgResponses: [responses.send()] };
    }
    return this.dispatchModule(tx, sender, msg);
  }

  /** wasmd TransferCoins (funds sent with an execute or instantiate): the send-enabled checks and SendCoins. */
  transfer(tx: TxContext, from: string, to: string, coins: Coin[]): AppEvent[] {
    return this.sendCoins(tx, from, to, coins, true);
  }

  /**
   * x/bank SendCoins (x/bank/keeper/send.go), after IsSendEnabledCoins when `checked` (MsgSend,
   * TransferCoins), with its gas as the SDK charges it: when a balance falls short, what was read up
   * to it stays charged; a recipient without an account gets one (HasAccount, SetAccount).
   */
  private sendCoins(tx: TxContext, from: string, to: string, coins: Coin[], checked: boolean): AppEvent[] {
    validateCoins(coins);
    const changes = coins.map((c) => ({ denom: c.denom, fromBefore: this.bank.balance(tx.store, from, c.denom), toBefore: this.bank.balance(tx.store, to, c.denom), amount: BigInt(c.amount) }));
    const checks = checked ? sendEnabledGas(coins.length) : 0;
    const failing = changes.findIndex((c) => c.fromBefore < c.amount);
    if (failing >= 0) tx.gas.consume(checks + sendCoinsFailureGas(from, this.accountBytes(tx, from), changes, failing), "bank send");
    const fromAccount = this.accountBytes(tx, from);
    const newRecipient = this.auth.has(tx.store, to) ? undefined : this.auth.nextNumber(tx.store);
    const events = this.bank.send(tx.store, from, to, coins);
    tx.gas.consume(checks + sendCoinsGas(from, to, fromAccount, changes, newRecipient), "bank send");
    return events;
  }

  /**
   * wasmd's burn handler (handler_plugin.go NewBurnCoinMessageHandler): SendCoinsFromAccountToModule
   * to the wasm module account (created on first use, as x/auth GetModuleAccount does), then
   * BurnCoins from it: its account read twice more, its balance read and cleared, the supply read
   * and written. No SDK message: no circuit check, no data, no msg responses.
   */
  private burn(tx: TxContext, contract: string, coins: Coin[]): DispatchResult {
    validateCoins(coins);
    if (coins.length === 0) throw new AppError("amount: empty", "wasm", 12);
    const module = this.moduleAddress("wasm");
    const moduleKey = 1 + addressBytes(module);
    let gas = kv.read(moduleKey, this.accountBytes(tx, module));
    if (!this.auth.has(tx.store, module)) {
      this.auth.createModule(tx.store, module, "wasm", ["burner"]);
      gas += kv.read(1, 8) + kv.write(1, 8) + kv.read(moduleKey, 0) + kv.has() + kv.write(21, addressBytes(module)) + kv.write(moduleKey, this.accountBytes(tx, module));
    }
    const changes = coins.map((c) => ({ denom: c.denom, fromBefore: this.bank.balance(tx.store, contract, c.denom), toBefore: this.bank.balance(tx.store, module, c.denom), amount: BigInt(c.amount) }));
    const failing = changes.findIndex((c) => c.fromBefore < c.amount);
    if (failing >= 0) {
      tx.gas.consume(gas + sendCoinsFailureGas(contract, this.accountBytes(tx, contract), changes, failing), "bank burn");
      this.bank.send(tx.store, contract, module, coins); // throws insufficient funds
    }
    gas += sendCoinsGas(contract, module, this.accountBytes(tx, contract), changes);
    const sent = this.bank.send(tx.store, contract, module, coins).filter((e) => e.type !== "message");
    const moduleAccount = this.accountBytes(tx, module);
    gas += kv.read(moduleKey, moduleAccount) + kv.read(moduleKey, moduleAccount);
    for (const c of changes) {
      const supply = this.bank.supply(tx.store, c.denom);
      gas += kv.read(2 + addressBytes(module) + c.denom.length, c.amount.toString().length) + kv.remove() + kv.remove();
      gas += kv.read(1 + c.denom.length, supply.toString().length) + kv.write(1 + c.denom.length, (supply - c.amount).toString().length);
    }
    tx.gas.consume(gas, "bank burn");
    const burned = this.bank.burn(tx.store, module, coins);
    return { events: [...sent, ...burned], data: null, msgResponses: [] };
  }

  private dispatchModule(tx: TxContext, sender: string, msg: CosmosMsg): DispatchResult {
    if (msg.staking) {
      const m = msg.staking as StakingMsg;
      const gas = this.safely(() => this.stakingGas(tx, sender, m));
      let r: ModuleResult;
      try {
        r = this.staking.execute(tx, sender, m);
      } catch (e) {
        // what the SDK read before its error stopped it stays charged (a reply_on error sees it)
        if (e instanceof AppError && ("undelegate" in m || "redelegate" in m)) {
          const kind = "undelegate" in m ? "undelegate" : "redelegate";
          const validator = "undelegate" in m ? m.undelegate.validator : m.redelegate.src_validator;
          tx.gas.consume(this.safely(() => stakingFailureGas(kind, e.codespace, e.code, this.delegationState(tx, sender, validator))), "staking");
        }
        throw e;
      }
      tx.gas.consume(gas, "staking");
      return { events: r.events, data: null, msgResponses: [r.response] };
    }
    if (msg.distribution) {
      const gas = this.safely(() => this.distributionGas(tx, sender, msg.distribution as DistributionMsg));
      const r = this.distribution.execute(tx, sender, msg.distribution as DistributionMsg);
      tx.gas.consume(gas, "distribution");
      return { events: r.events, data: null, msgResponses: [r.response] };
    }
    throw new AppError("no handler found: unknown message from the contract", "wasm", 20);
  }

  /** A gas figure read off the state before a module runs; a malformed message gets the module's own error instead. */
  private safely(f: () => number): number {
    try {
      return f();
    } catch {
      return 0;
    }
  }

  /** What the gas of a staking or distribution operation depends on, read before it runs (gas.ts DelegationState). */
  private delegationState(tx: TxContext, delegator: string, validator: string): DelegationState {
    const { bondDenom: denom, unbondingTime } = stakingParams(tx.store);
    const known = getValidator(tx.store, validator) !== undefined;
    const tokens = known ? delegationAmount(tx.store, delegator, validator) : 0n;
    const rewards = tokens > 0n ? this.distribution.accumulatedRewards(tx, delegator, validator).reduce((t, c) => t + (c.denom === denom ? BigInt(c.amount) : 0n), 0n) : 0n;
    const unbondingEntries = known ? this.staking.unbondingEntryCount(tx.store, delegator, validator) : 0;
    const startedThisBlock = tokens > 0n && this.distribution.startedThisBlock(tx, delegator, validator);
    const periodRewards = known ? this.distribution.periodRewards(tx, validator) : undefined;
    const completion = tx.block.time + unbondingTime;
    const unbondingMerges = known && this.staking.unbondingMerges(tx.store, delegator, validator, tx.block.height, completion);
    const unbondingQueuePairs = this.staking.unbondingQueuePairs(tx.store, completion).map(addressBytes);
    return {
      delegator,
      delegatorAccountBytes: this.accountBytes(tx, delegator),
      tokens,
      rewards,
      balance: this.bank.balance(tx.store, delegator, denom),
      denom,
      unbondingEntries,
      unbondingMerges,
      unbondingQueuePairs,
      startedThisBlock,
      periodRewards,
    };
  }

  /** SDK gas of a staking message (gas.ts); charged after it ran, as its failure throws first. */
  private stakingGas(tx: TxContext, sender: string, msg: StakingMsg): number {
    const amount = (c: Coin | undefined) => (c && /^[0-9]+$/.test(String(c.amount)) ? BigInt(c.amount) : 0n);
    if ("delegate" in msg) return delegateGas(this.delegationState(tx, sender, msg.delegate.validator), amount(msg.delegate.amount));
    if ("undelegate" in msg) {
      const s = this.delegationState(tx, sender, msg.undelegate.validator);
      const a = amount(msg.undelegate.amount);
      return s.tokens >= a && a > 0n ? undelegateGas(s, a) : 0;
    }
    if ("redelegate" in msg) {
      const r = msg.redelegate;
      const src = this.delegationState(tx, sender, r.src_validator);
      const a = amount(r.amount);
      return src.tokens >= a && a > 0n ? redelegateGas(src, this.delegationState(tx, sender, r.dst_validator), a) : 0;
    }
    return 0;
  }

  private distributionGas(tx: TxContext, sender: string, msg: DistributionMsg): number {
    if ("withdraw_delegator_reward" in msg) return withdrawRewardGas(this.delegationState(tx, sender, msg.withdraw_delegator_reward.validator));
    if ("set_withdraw_address" in msg) return setWithdrawAddressGas(sender);
    if ("fund_community_pool" in msg) {
      const changes = msg.fund_community_pool.amount.map((c) => ({ denom: c.denom, fromBefore: this.bank.balance(tx.store, sender, c.denom), toBefore: 0n, amount: BigInt(c.amount) }));
      return transferGas(sender, this.distribution.params(tx.store).moduleAccount, this.accountBytes(tx, sender), changes) + kv.read(1, 30) + kv.write(1, 30);
    }
    return 0;
  }

  /** SDK gas of the staking and distribution queries a contract makes (gas.ts stakingQueryGas). */
  private chainQueryGas(tx: TxContext, module: string, kind: string, a: Record<string, unknown>): number {
    const q = stakingQueryGas;
    const tokens = (delegator: string) => delegationsOf(tx.store, delegator).map((d) => d.amount);
    if (module === "staking") {
      if (kind === "bonded_denom") return q.bondedDenom();
      if (kind === "all_validators") return q.allValidators(allValidators(tx.store).length);
      if (kind === "validator") return q.validator(getValidator(tx.store, String(a.address)) !== undefined);
      if (kind === "all_delegations") return q.allDelegations(String(a.delegator), tokens(String(a.delegator)));
      if (kind === "delegation") return q.delegation(String(a.delegator), delegationAmount(tx.store, String(a.delegator), String(a.validator)));
    }
    if (module === "distribution") {
      const delegator = String(a.delegator_address);
      if (kind === "delegation_rewards") return q.delegationRewards(delegator, delegationAmount(tx.store, delegator, String(a.validator_address)));
      if (kind === "delegation_total_rewards") return q.delegationTotalRewards(delegator, tokens(delegator));
      if (kind === "delegator_withdraw_address") return q.withdrawAddress(delegator);
      if (kind === "delegator_validators") return q.allDelegations(delegator, tokens(delegator));
    }
    return 0;
  }

  /**
   * Answers a contract's QueryRequest with SystemResult JSON, as wasmd's querier does (query_plugins.go
   * QueryHandler.Query): a system error (no such contract or code, an unsupported query) reaches the
   * contract as it is; any other error is redacted to "codespace: X, code: N" (redactError) unless it
   * is a contract's own (a DeterministicError, e.g. the queried contract's error).
   */
  queryChain(tx: TxContext, request: Uint8Array, caller?: string): Uint8Array {
    let req: QueryRequest;
    try {
      req = JSON.parse(new TextDecoder().decode(request)) as QueryRequest;
    } catch (e) {
      return systemError({ invalid_request: { error: String(e), request: b64(request) } });
    }
    const module = variantOf(req);
    try {
      return utf8(JSON.stringify({ ok: { ok: b64(this.answerQuery(tx, module, req[module] ?? {}, caller)) } }));
    } catch (e) {
      if (e instanceof NoSuchContract) return systemError({ no_such_contract: { addr: e.address } });
      if (e instanceof NoSuchCode) return systemError({ no_such_code: { code_id: e.codeId } });
      if (e instanceof UnsupportedQuery) return systemError({ unsupported_request: { kind: e.kind } });
      if (e instanceof AppError && !(e.codespace === "sdk" && e.code === 11)) {
        return utf8(JSON.stringify({ ok: { error: e.deterministic ? e.message : `codespace: ${e.codespace}, code: ${e.code}` } }));
      }
      throw e;
    }
  }

  /**
   * The response bytes of a query (QueryPlugins.HandleQuery). Stargate queries as Persistence answers
   * them (persistenceCore v16.0.1 wasmbindings/wasm.go: an accept list, "'<path>' path is not allowed
   * from the contract" for any other path); gRPC queries and custom queries are refused (wasmd's
   * RejectGrpcQuerier, NoCustomQuerier).
   */
  private answerQuery(tx: TxContext, module: string, q: Record<string, Record<string, unknown>>, caller?: string): Uint8Array {
    const kind = variantOf(q);
    const args = q[kind] ?? {};
    if (module === "bank") return this.bankQuery(tx, kind, args);
    if (module === "wasm") return this.wasmQuery(tx, kind, args);
    if (module === "staking" || module === "distribution") {
      tx.gas.consume(this.safely(() => this.chainQueryGas(tx, module, kind, args as Record<string, unknown>)), `${module} query`);
      if (module === "staking") return utf8(JSON.stringify(this.staking.query(tx, q as StakingQuery)));
      return utf8(JSON.stringify(this.distribution.query(tx, q as DistributionQuery)));
    }
    if (module === "stargate") {
      const path = String((q as unknown as { path?: unknown }).path ?? "");
      if (!PERSISTENCE_STARGATE_PATHS.includes(path)) throw new UnsupportedQuery(`'${path}' path is not allowed from the contract`);
      throw new UnsupportedQuery(`'${path}' is accepted on Persistence, but the simulator has no module to answer it`);
    }
    if (module === "grpc") throw new UnsupportedQuery("gRPC queries are disabled on this chain");
    if (module === "ibc") return this.wasmIbc.query(tx, caller, kind, args);
    if (module === "custom") throw new UnsupportedQuery("custom");
    throw new UnsupportedQuery(module);
  }

  /** A bech32 account address as wasmd's queriers parse it (sdk.AccAddressFromBech32), else sdkerrors.ErrInvalidAddress. */
  private queryAddress(address: unknown): string {
    const text = String(address ?? "");
    if (!this.api.addrCanonicalize(text).ok) throw new AppError(`${text}: invalid address`, "sdk", 7);
    return text;
  }

  /** Bank queries, with the KV gas of x/bank's reads (balance key 0x02 | len | addr | denom; supply 0x00 | denom). */
  private bankQuery(tx: TxContext, kind: string, a: Record<string, unknown>): Uint8Array {
    const json = (v: unknown) => utf8(JSON.stringify(v));
    const digits = (n: bigint) => (n === 0n ? 0 : n.toString().length);
    if (kind === "balance") {
      const address = this.queryAddress(a.address);
      const amount = this.bank.balance(tx.store, address, String(a.denom));
      tx.gas.consume(kv.read(2 + addressBytes(address) + String(a.denom).length, digits(amount)), "bank balance");
      return json({ amount: { denom: String(a.denom), amount: amount.toString() } });
    }
    if (kind === "all_balances") {
      const address = this.queryAddress(a.address);
      const all = this.bank.allBalances(tx.store, address);
      const key = 2 + addressBytes(address);
      tx.gas.consume(kv.iterate(all.map((c) => [key + c.denom.length, c.amount.length])), "bank balances");
      return json({ amount: all });
    }
    if (kind === "supply") {
      const supply = this.bank.supply(tx.store, String(a.denom));
      tx.gas.consume(kv.read(1 + String(a.denom).length, digits(supply)), "bank supply");
      return json({ amount: { denom: String(a.denom), amount: supply.toString() } });
    }
    throw new UnsupportedQuery("unknown BankQuery variant");
  }

  /**
   * wasmd WasmQuerier: smart and raw queries of a contract, its ContractInfoResponse (admin and
   * ibc_port omitted when empty, Go's omitempty) and CodeInfoResponse; an address that is no
   * contract's, or a code id that is no code's, is a system error.
   */
  private wasmQuery(tx: TxContext, kind: string, a: Record<string, unknown>): Uint8Array {
    if (kind === "code_info") {
      const id = Number(a.code_id);
      if (id === 0) throw new AppError("code id: empty", "wasm", 12);
      const c = this.wasm.allCodes().find((x) => x.codeId === id);
      tx.gas.consume(kv.read(WASM_KEYS.code, c ? codeInfoBytes(c.creator) : 0), "code info");
      if (!c) throw new NoSuchCode(id);
      return utf8(JSON.stringify({ code_id: c.codeId, creator: c.creator, checksum: c.checksum }));
    }
    if (kind !== "smart" && kind !== "raw" && kind !== "contract_info") throw new UnsupportedQuery("unknown WasmQuery variant");
    const address = this.queryAddress(a.contract_addr);
    if (kind === "smart") {
      if (!this.wasm.contractInfo(tx.store, address)) throw new NoSuchContract(address);
      return this.wasm.query(tx, this, address, new Uint8Array(Buffer.from(String(a.msg), "base64")));
    }
    if (kind === "raw") {
      // QueryRaw: one read in the contract's store (0x03 | address | key); nothing for no contract.
      const key = new Uint8Array(Buffer.from(String(a.key), "base64"));
      const value = this.wasm.rawQuery(tx.store, address, key) ?? EMPTY;
      tx.gas.consume(kv.read(1 + addressBytes(address) + key.length, value.length), "wasm raw query");
      return value;
    }
    const info = this.wasm.contractInfo(tx.store, address);
    tx.gas.consume(kv.read(WASM_KEYS.contract(address), info ? contractInfoBytes(info) : 0), "contract info");
    if (!info) throw new NoSuchContract(address);
    tx.gas.consume(kv.has(), "pinned code");
    return utf8(JSON.stringify({ code_id: info.code_id, creator: info.creator, ...(info.admin ? { admin: info.admin } : {}), pinned: false, ...(info.ibc_port_id ? { ibc_port: info.ibc_port_id } : {}) }));
  }
}

/** wasmvm SystemError NoSuchContract (wasmd's ErrNoSuchContractFn maps to it). */
class NoSuchContract extends Error {
  constructor(readonly address: string) {
    super(`no such contract: ${address}`);
  }
}

/** wasmvm SystemError NoSuchCode (wasmd's ErrNoSuchCodeFn maps to it). */
class NoSuchCode extends Error {
  constructor(readonly codeId: number) {
    super(`no such code: ${codeId}`);
  }
}

/** persistenceCore v16.0.1 wasmbindings/wasm.go RegisterStargateQueries: the Stargate paths contracts may query. */
export const PERSISTENCE_STARGATE_PATHS = [
  "/cosmos.gov.v1.Query/Proposal",
  "/cosmos.gov.v1.Query/Proposals",
  "/cosmos.gov.v1.Query/Deposit",
  "/cosmos.gov.v1.Query/Params",
  "/pstake.liquidstake.v1beta1.Query/States",
  "/ibc.applications.transfer.v1.Query/Denoms",
  "/ibc.applications.transfer.v1.Query/Denom",
  "/ibc.applications.transfer.v1.Query/DenomHash",
];

function systemError(err: unknown): Uint8Array {
  return utf8(JSON.stringify({ error: err }));
}

/** The simulator does not sign: tx{signature} carries 64 zero bytes, base64. */
export const UNSIGNED = Buffer.alloc(64).toString("base64");

/**
 * baseapp runTx: an out-of-gas panic is reported as it is; any other error of message i as
 * "failed to execute message; message index: i: …".
 */
function failureLog(e: AppError, index: number): string {
  if (e.codespace === "sdk" && e.code === 11 && !e.catchable) return e.message;
  return `failed to execute message; message index: ${index}: ${e.message}`;
}

/**
 * baseapp createEvents + runMsgs: a `message` event {action: type URL, sender: the first signer,
 * module: the type URL's second dot-separated part, unless an event of the message already has a
 * `module` attribute} before the handler's events, and `msg_index` appended to every one.
 */
function messageEvents(typeUrl: string, sender: string, events: AppEvent[], index: number): AppEvent[] {
  const attributes = [{ key: "action", value: typeUrl }, { key: "sender", value: sender }];
  const module = typeUrl.split(".")[1] ?? "";
  if (module !== "" && !events.some((e) => e.attributes.some((a) => a.key === "module"))) attributes.push({ key: "module", value: module });
  const indexed = { key: "msg_index", value: String(index) };
  return [{ type: "message", attributes }, ...events].map((e) => ({ type: e.type, attributes: [...e.attributes, indexed] }));
}
