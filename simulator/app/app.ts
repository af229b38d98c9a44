// The simulated chain: one revertible store for every module, blocks and time, transactions
// that either apply whole or not at all, message routing and the contracts' querier.

import { Bech32Api } from "../vm/api";
import { moduleAddress } from "./address";
import { WasmHost, WasmHostOptions } from "../vm/host";
import { MemoryStorage, Storage, TransactionalStorage } from "../vm/storage";
import { Bank } from "./bank";
import { Distribution, DistributionMsg, DistributionQuery } from "./distribution";
import { Slashing } from "./slashing";
import { Staking, StakingMsg, StakingQuery, ValidatorInit, allValidators, delegationAmount, delegationsOf, getValidator, stakingParams } from "./staking";
import { AppError, AppEvent, BlockInfo, Coin, ModuleResult, getJson, setJson, utf8 } from "./context";
import {
  DelegationState,
  ROUTER_CIRCUIT_CHECK,
  TxGasMeter,
  WASM_KEYS,
  addressBytes,
  anteGas,
  baseAccountBytes,
  codeInfoBytes,
  contractAccountBytes,
  contractInfoBytes,
  delegateGas,
  kv,
  redelegateGas,
  setWithdrawAddressGas,
  stakingFailureGas,
  stakingQueryGas,
  transferGas,
  undelegateGas,
  withdrawRewardGas,
} from "./gas";
import { CosmosMsg, DispatchResult, QueryRequest, variantOf } from "./messages";
import { EMPTY, responses } from "./proto";
import { CodeRecord, Router, TxContext, WasmModule } from "./wasm";

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

/** What x/auth knows of an account here: its sequence and whether its public key is on chain. */
interface AuthRecord {
  sequence: number;
  pubKey: boolean;
}
const authKey = (address: string): string => `auth/account/${address}`;

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
  ) {
    super(log);
    this.name = "TxError";
  }
}

const FEE_COLLECTOR = "fee_collector";
const b64 = (data: Uint8Array): string => Buffer.from(data).toString("base64");

export class App implements Router {
  readonly store = new MemoryStorage();
  readonly bank = new Bank();
  readonly distribution = new Distribution();
  /** Staking calls distribution's hooks so rewards are paid out before a delegation changes. */
  readonly staking = new Staking(this.distribution);
  readonly slashing = new Slashing(this.staking);
  readonly api: Bech32Api;
  readonly wasm: WasmModule;
  readonly host: WasmHost;
  readonly bondedDenom: string;
  block: BlockInfo;
  /** [height, time] of each block opened, ascending (of the empty blocks of advanceBlocks(n) only the last). */
  private readonly blockTimes: Array<[number, bigint]> = [];
  private readonly blockSeconds: number;
  private readonly defaultGasLimit: number;

  constructor(options: AppOptions = {}) {
    const prefix = options.prefix ?? "persistence";
    this.api = new Bech32Api({ prefix });
    this.host = new WasmHost(options.host);
    this.wasm = new WasmModule(this.host, this.api, prefix);
    this.bondedDenom = options.bondedDenom ?? "uxprt";
    this.block = { height: 1, time: options.genesisTime ?? 1_700_000_000_000_000_000n, chainId: options.chainId ?? "localpersistence-1" };
    this.blockSeconds = options.blockSeconds ?? 5;
    this.defaultGasLimit = options.defaultGasLimit ?? 100_000_000;
    this.blockTimes.push([this.block.height, this.block.time]);
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
    this.block = { ...this.block, height, time };
    this.blockTimes.push([height, time]);
  }

  private enterBlock(heights: number, seconds: bigint): this {
    this.block = { ...this.block, height: this.block.height + heights, time: this.block.time + seconds * 1_000_000_000n };
    this.blockTimes.push([this.block.height, this.block.time]);
    return this;
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

  /** End-of-block work: matured unbondings and redelegations complete. */
  private endBlock(): void {
    this.chainTx((tx) => this.staking.endBlock(tx));
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
   */
  runTx(options: number | TxOptions | undefined, fn: (tx: TxContext) => DispatchResult, signer?: string): TxResult {
    const opts = txOptions(options);
    const gas = new TxGasMeter(opts.gasLimit ?? this.defaultGasLimit);
    if (opts.envelope && signer !== undefined) {
      const anteLayer = new TransactionalStorage(this.store);
      try {
        this.ante(anteLayer, gas, signer, opts.envelope);
        anteLayer.commit();
      } catch (e) {
        anteLayer.discard();
        if (e instanceof AppError) throw new TxError(e.message, e.codespace, e.code, gas.used);
        throw e;
      }
    }
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
      if (e instanceof AppError) throw new TxError(`failed to execute message; message index: 0: ${e.message}`, e.codespace, e.code, gas.used);
      throw e;
    }
  }

  /** The ante handler: its gas (gas.ts anteGas), the fee to the fee collector, the sequence and public key. */
  private ante(store: TransactionalStorage, gas: TxGasMeter, signer: string, env: TxEnvelope): void {
    const auth = this.authRecord(store, signer);
    const feeCollector = this.moduleAddress(FEE_COLLECTOR);
    const fee = env.fee.filter((c) => BigInt(c.amount) > 0n);
    // x/distribution hands the fee collector's balance out at the start of every block, so the
    // ante handler finds it empty (the simulator keeps the fees there; it does not allocate them).
    const changes = fee.map((c) => ({ denom: c.denom, fromBefore: this.bank.balance(store, signer, c.denom), toBefore: 0n, amount: BigInt(c.amount) }));
    const ante = anteGas({ txBytes: env.txBytes, messages: 1, memo: env.memo ?? "", signer, sequence: auth.sequence, newPubKey: !auth.pubKey, fee: changes, feeCollector });
    gas.consume(ante, "ante handler");
    if (fee.length > 0) this.bank.send(store, signer, feeCollector, fee);
    setJson(store, authKey(signer), { sequence: auth.sequence + 1, pubKey: true } satisfies AuthRecord);
  }

  private authRecord(store: Storage, address: string): AuthRecord {
    return getJson<AuthRecord>(store, authKey(address)) ?? { sequence: 0, pubKey: false };
  }

  /** The sequence the next transaction of `signer` carries. */
  sequence(signer: string): number {
    return this.authRecord(this.store, signer).sequence;
  }

  /** Bytes of an account's x/auth record: a contract's (32-byte address), or a user's with its key and sequence. */
  accountBytes(tx: TxContext, address: string): number {
    if (addressBytes(address) === 32) return contractAccountBytes(address);
    const auth = this.authRecord(tx.store, address);
    return baseAccountBytes(address, auth.pubKey, auth.sequence);
  }

  storeCode(sender: string, wasm: Uint8Array, options?: number | TxOptions): { codeId: number; checksum: string } & TxResult {
    let record: CodeRecord | undefined;
    const opts = txOptions(options);
    const res = this.runTx(
      opts,
      (tx) => {
        tx.gas.consume(ROUTER_CIRCUIT_CHECK, "circuit breaker");
        record = this.wasm.storeCode(tx.gas, sender, wasm, opts.gzipBytes);
        const attributes = [{ key: "code_checksum", value: record.checksum }, { key: "code_id", value: String(record.codeId) }];
        return { events: [{ type: "store_code", attributes }], data: null, msgResponses: [] };
      },
      sender,
    );
    return { ...res, codeId: record!.codeId, checksum: record!.checksum };
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

  /** Routes a transaction's or a contract's message; the msg service router asks the circuit breaker first (one Has). */
  dispatch(tx: TxContext, sender: string, msg: CosmosMsg): DispatchResult {
    tx.gas.consume(ROUTER_CIRCUIT_CHECK, "circuit breaker");
    if (msg.wasm) return this.wasm.handle(tx, this, sender, msg.wasm);
    if (msg.bank?.send) {
      const { to_address: to, amount } = msg.bank.send;
      const changes = amount.map((c) => ({ denom: c.denom, fromBefore: this.bank.balance(tx.store, sender, c.denom), toBefore: this.bank.balance(tx.store, to, c.denom), amount: BigInt(c.amount) }));
      const events = this.bank.send(tx.store, sender, to, amount);
      tx.gas.consume(transferGas(sender, to, this.accountBytes(tx, sender), changes), "bank send");
      return { events, data: null, msgResponses: [responses.send()] };
    }
    if (msg.bank?.burn) {
      // MsgBurn: the account, then per coin the balance read and set and the supply read and set.
      const addr = addressBytes(sender);
      let burnGas = kv.read(1 + addr, this.accountBytes(tx, sender));
      for (const c of msg.bank.burn.amount) {
        const before = this.bank.balance(tx.store, sender, c.denom);
        const supply = this.bank.supply(tx.store, c.denom);
        const after = before - BigInt(c.amount);
        burnGas += kv.read(2 + addr + c.denom.length, before.toString().length) + kv.write(3 + c.denom.length + addr, 0) + kv.write(2 + addr + c.denom.length, after.toString().length);
        burnGas += kv.read(1 + c.denom.length, supply.toString().length) + kv.write(1 + c.denom.length, (supply - BigInt(c.amount)).toString().length);
      }
      tx.gas.consume(burnGas, "bank burn");
      const events = this.bank.burn(tx.store, sender, msg.bank.burn.amount);
      // wasmd's burn handler (handler_plugin.go NewBurnCoinMessageHandler) returns no data and no responses
      return { events, data: null, msgResponses: [] };
    }
    return this.dispatchModule(tx, sender, msg);
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
    throw new AppError(`Unsupported message: ${variantOf(msg)}`, "wasm", 20);
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
    const denom = stakingParams(tx.store).bondDenom;
    const known = getValidator(tx.store, validator) !== undefined;
    const tokens = known ? delegationAmount(tx.store, delegator, validator) : 0n;
    const rewards = tokens > 0n ? this.distribution.accumulatedRewards(tx, delegator, validator).reduce((t, c) => t + (c.denom === denom ? BigInt(c.amount) : 0n), 0n) : 0n;
    const unbondingEntries = known ? this.staking.unbondingEntryCount(tx.store, delegator, validator) : 0;
    return { delegator, delegatorAccountBytes: this.accountBytes(tx, delegator), tokens, rewards, balance: this.bank.balance(tx.store, delegator, denom), denom, unbondingEntries };
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

  /** Answers a contract's QueryRequest with SystemResult JSON, as wasmd's querier does. */
  queryChain(tx: TxContext, request: Uint8Array): Uint8Array {
    let req: QueryRequest;
    try {
      req = JSON.parse(new TextDecoder().decode(request)) as QueryRequest;
    } catch (e) {
      return systemError({ invalid_request: { error: String(e), request: b64(request) } });
    }
    const module = variantOf(req);
    try {
      const answer = this.answerQuery(tx, module, req[module] ?? {});
      if (answer === undefined) return systemError({ unsupported_request: { kind: module } });
      return utf8(JSON.stringify({ ok: { ok: b64(answer) } }));
    } catch (e) {
      if (e instanceof NoSuchContract) return systemError({ no_such_contract: { addr: e.address } });
      if (e instanceof AppError) return utf8(JSON.stringify({ ok: { error: e.message } }));
      throw e;
    }
  }

  /** The response bytes of a module query, or undefined when the module or query is unknown. */
  private answerQuery(tx: TxContext, module: string, q: Record<string, Record<string, unknown>>): Uint8Array | undefined {
    const kind = variantOf(q);
    const args = q[kind] ?? {};
    if (module === "bank") return this.bankQuery(tx, kind, args);
    if (module === "wasm") return this.wasmQuery(tx, kind, args);
    if (module === "staking" || module === "distribution") {
      tx.gas.consume(this.safely(() => this.chainQueryGas(tx, module, kind, args as Record<string, unknown>)), `${module} query`);
      if (module === "staking") return utf8(JSON.stringify(this.staking.query(tx, q as StakingQuery)));
      return utf8(JSON.stringify(this.distribution.query(tx, q as DistributionQuery)));
    }
    return undefined;
  }

  /** Bank queries, with the KV gas of x/bank's reads (balance key 0x02 | len | addr | denom; supply 0x00 | denom). */
  private bankQuery(tx: TxContext, kind: string, a: Record<string, unknown>): Uint8Array | undefined {
    const json = (v: unknown) => utf8(JSON.stringify(v));
    const digits = (n: bigint) => (n === 0n ? 0 : n.toString().length);
    if (kind === "balance") {
      const amount = this.bank.balance(tx.store, String(a.address), String(a.denom));
      tx.gas.consume(kv.read(2 + addressBytes(String(a.address)) + String(a.denom).length, digits(amount)), "bank balance");
      return json({ amount: { denom: String(a.denom), amount: amount.toString() } });
    }
    if (kind === "all_balances") {
      const all = this.bank.allBalances(tx.store, String(a.address));
      const key = 2 + addressBytes(String(a.address));
      tx.gas.consume(kv.iterate(all.map((c) => [key + c.denom.length, c.amount.length])), "bank balances");
      return json({ amount: all });
    }
    if (kind === "supply") {
      const supply = this.bank.supply(tx.store, String(a.denom));
      tx.gas.consume(kv.read(1 + String(a.denom).length, digits(supply)), "bank supply");
      return json({ amount: { denom: String(a.denom), amount: supply.toString() } });
    }
    return undefined;
  }

  private wasmQuery(tx: TxContext, kind: string, a: Record<string, unknown>): Uint8Array | undefined {
    const address = String(a.contract_addr ?? "");
    const info = this.wasm.contractInfo(tx.store, address);
    if (kind === "smart" || kind === "raw" || kind === "contract_info") {
      if (!info) throw new NoSuchContract(address);
    }
    if (kind === "smart") return this.wasm.query(tx, this, address, new Uint8Array(Buffer.from(String(a.msg), "base64")));
    if (kind === "raw") {
      // QueryRaw: one read in the contract's store (0x03 | address | key).
      const key = new Uint8Array(Buffer.from(String(a.key), "base64"));
      const value = this.wasm.rawQuery(tx.store, address, key) ?? EMPTY;
      tx.gas.consume(kv.read(1 + addressBytes(address) + key.length, value.length), "wasm raw query");
      return value;
    }
    if (kind === "contract_info") {
      const i = info!;
      tx.gas.consume(kv.read(WASM_KEYS.contract(address), contractInfoBytes(i)) + kv.has(), "contract info");
      return utf8(JSON.stringify({ code_id: i.code_id, creator: i.creator, admin: i.admin, pinned: false, ibc_port: null }));
    }
    if (kind === "code_info") {
      const c = this.wasm.code(Number(a.code_id));
      tx.gas.consume(kv.read(WASM_KEYS.code, codeInfoBytes(c.creator)), "code info");
      return utf8(JSON.stringify({ code_id: c.codeId, creator: c.creator, checksum: c.checksum }));
    }
    return undefined;
  }
}

class NoSuchContract extends Error {
  constructor(readonly address: string) {
    super(`no such contract: ${address}`);
  }
}

function systemError(err: unknown): Uint8Array {
  return utf8(JSON.stringify({ error: err }));
}
