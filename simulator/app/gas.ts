// SDK gas of a transaction as wasmd v0.60.2 on cosmos-sdk v0.53.4 charges it: the ante handler,
// the KV store operations of the modules, and wasmd's costs for contract calls.
//
// Sources (Go module cache, github.com/!cosm!wasm/wasmd@v0.60.2 and its dependencies):
// - wasmd x/wasm/types/gas_register.go: instance cost, discount, compile/uncompress, events, replies;
// - wasmd x/wasm/keeper/keeper.go: the KV reads and writes around each contract call;
// - wasmd app/ante.go + x/wasm/keeper/ante.go, cosmos-sdk x/auth/ante: the ante decorators;
// - cosmossdk.io/store v1.1.2 types/gas.go (KVGasConfig) and gaskv/store.go: per-operation costs;
// - cosmos-sdk x/bank/keeper/send.go: SendCoins;
// - cosmos-sdk x/staking/keeper (delegation.go, msg_server.go), x/distribution/keeper (delegation.go,
//   hooks.go, grpc_query.go), wasmd x/wasm/keeper/query_plugins.go: staking, rewards and their queries.
// Key and value sizes below are those of the protobuf / collections encodings. The sequences were
// checked against the local chain (chain/) by walking a transaction's gas limit upwards: a limit of
// the gas used at the last failure fails at the next operation, and the SDK's out-of-gas error names
// it ("out of gas in location: ReadPerByte; gasWanted: …, gasUsed: …"); CheckTx answers for the ante
// handler at once, later steps each take a block (a second, failing message keeps every attempt from
// committing). bench/gas-agreement.ts compares the totals.

import { AppError } from "./context";

export const WASM_COSTS = {
  /** VM gas per SDK gas (DefaultGasMultiplier). */
  multiplier: 140_000,
  /** Loading a contract instance (DefaultInstanceCost). */
  instance: 60_000,
  /** Instead of `instance` when the code is pinned or already ran in this transaction (DefaultInstanceCostDiscount). */
  instanceDiscount: 2_000,
  /** Per byte of uploaded code (DefaultCompileCost). */
  compilePerByte: 3,
  /** Per byte of gzipped upload (DefaultPerByteUncompressCost, 15/100). */
  uncompressPerByte: 0.15,
  /** Per event attribute and per byte beyond the free tier (DefaultPerAttributeCost, DefaultEventAttributeDataCost, …FreeTier). */
  perAttribute: 10,
  perAttributeByte: 1,
  attributeFreeBytes: 100,
  /** Per custom event (DefaultPerCustomEventCost), plus 1 per byte of its type. */
  perCustomEvent: 20,
  /** SDK gas per byte of a call's result JSON (api.go DefaultDeserializationCostPerByte, charged by wasmvm as VM gas). */
  deserializationPerByte: 1,
};

/** SDK gas for VM gas, rounded down as wasmd's FromWasmVMGas. */
export const sdkGasFromVm = (vmGas: number): number => Math.floor(vmGas / WASM_COSTS.multiplier);

/** The transaction's gas meter; exceeding the limit fails the transaction. */
export class TxGasMeter {
  used = 0;

  constructor(readonly limit: number) {}

  get remaining(): number {
    return Math.max(0, this.limit - this.used);
  }

  consume(amount: number, descriptor: string): void {
    this.used += amount;
    if (this.used > this.limit) throw this.outOfGas(descriptor);
  }

  /** baseapp's text for an ErrorOutOfGas panic at `descriptor` (sdk 11). */
  outOfGas(descriptor: string): AppError {
    return new AppError(`out of gas in location: ${descriptor}; gasWanted: ${this.limit}, gasUsed: ${this.used}: out of gas`, "sdk", 11);
  }
}

// ---- events -------------------------------------------------------------------------------

type Attr = { key: string; value: string };

/** gas_register.go eventAttributeCosts: count × 10 + bytes beyond what is left of the free tier. */
function attributeCosts(attrs: Attr[], freeTier: number): [number, number] {
  if (attrs.length === 0) return [0, freeTier];
  let bytes = 0;
  for (const a of attrs) bytes += Buffer.byteLength(a.key) + Buffer.byteLength(a.value);
  const paid = Math.max(0, bytes - freeTier);
  return [paid * WASM_COSTS.perAttributeByte + attrs.length * WASM_COSTS.perAttribute, Math.max(0, freeTier - bytes)];
}

/**
 * gas_register.go EventCosts, charged for every contract response: the response's own attributes
 * (the `wasm` event, without the `_contract_address` wasmd adds) and its custom events (20 each,
 * plus their type's bytes), sharing one free tier of 100 bytes.
 */
export function eventsCost(attributes: Attr[], events: Array<{ type: string; attributes: Attr[] }> = []): number {
  let [gas, free] = attributeCosts(attributes, WASM_COSTS.attributeFreeBytes);
  for (const e of events) {
    gas += WASM_COSTS.perCustomEvent + Buffer.byteLength(e.type) * WASM_COSTS.perAttributeByte;
    const [cost, left] = attributeCosts(e.attributes, free);
    gas += cost;
    free = left;
  }
  return gas;
}

/**
 * gas_register.go ReplyCosts(discount = true): the discounted instance cost, plus the type bytes and
 * the attributes (one free tier) of the events the submessage emitted (wasmd drops `message` events).
 */
export function replyCost(events: Array<{ type: string; attributes: Attr[] }>): number {
  let gas = WASM_COSTS.instanceDiscount;
  const attrs: Attr[] = [];
  for (const e of events) {
    if (e.type === "message") continue;
    gas += Buffer.byteLength(e.type) * WASM_COSTS.perAttributeByte;
    attrs.push(...e.attributes);
  }
  return gas + attributeCosts(attrs, WASM_COSTS.attributeFreeBytes)[0];
}

// ---- KV store gas -------------------------------------------------------------------------

/** cosmossdk.io/store types.KVGasConfig(), SDK gas. */
export const KV_GAS = { has: 1_000, delete: 1_000, readFlat: 1_000, readPerByte: 3, writeFlat: 2_000, writePerByte: 30, iterNextFlat: 30 };

/** SDK gas of one operation of gaskv.Store; lengths in bytes, a missing value has length 0. */
export const kv = {
  read: (key: number, value: number): number => KV_GAS.readFlat + KV_GAS.readPerByte * (key + value),
  write: (key: number, value: number): number => KV_GAS.writeFlat + KV_GAS.writePerByte * (key + value),
  has: (): number => KV_GAS.has,
  remove: (): number => KV_GAS.delete,
  /**
   * An iterator walked to its end over `items` ([key, value] lengths), as gaskv charges it
   * (store/gaskv/store.go): creating it reads the first position; every Next reads the position it
   * leaves, then moves; so the first item is read twice (trace-store shows three reads of it).
   */
  iterate: (items: Array<[number, number]>): number =>
    (items.length === 0 ? 0 : KV_GAS.readPerByte * (items[0][0] + items[0][1])) +
    items.reduce((g, [k, v]) => g + KV_GAS.readPerByte * (k + v) + KV_GAS.iterNextFlat, 0) +
    KV_GAS.iterNextFlat,
  /** An iterator read only up to its first item (gaskv newGasIterator's consumeSeekGas, no Next). */
  firstOf: ([k, v]: [number, number]): number => KV_GAS.readPerByte * (k + v) + KV_GAS.iterNextFlat,
};

// ---- protobuf sizes -----------------------------------------------------------------------

export function varintLength(n: number | bigint): number {
  let v = BigInt(n);
  let len = 1;
  while (v >= 128n) {
    v >>= 7n;
    len++;
  }
  return len;
}

/** A length-delimited field with a one-byte tag; proto3 omits it when empty. */
const lenField = (n: number): number => (n === 0 ? 0 : 1 + varintLength(n) + n);
/** A varint field with a one-byte tag; omitted when 0. */
const intField = (n: number | bigint): number => (BigInt(n) === 0n ? 0 : 1 + varintLength(n));

/** Bytes of the address a bech32 string encodes (20 for accounts, 32 for contracts). */
export function addressBytes(bech32: string): number {
  const sep = bech32.lastIndexOf("1");
  return Math.floor(((bech32.length - sep - 1 - 6) * 5) / 8);
}

/**
 * An account as x/auth stores it: Any{"/cosmos.auth.v1beta1.BaseAccount", BaseAccount{address,
 * pub_key Any{"/cosmos.crypto.secp256k1.PubKey", 33 bytes}, account_number, sequence}}. proto3
 * omits a zero account number or sequence (account 0, the first genesis account, has none).
 */
export function baseAccountBytes(address: string, pubKey: boolean, sequence: number, accountNumber: number): number {
  const pub = pubKey ? lenField(lenField(31) + lenField(lenField(33))) : 0;
  const inner = lenField(address.length) + pub + intField(accountNumber) + intField(sequence);
  return lenField(32) + lenField(inner);
}

/**
 * A module account: Any{"/cosmos.auth.v1beta1.ModuleAccount", ModuleAccount{base_account
 * BaseAccount{address, account_number}, name, permissions}}. (The fee collector's is 109 bytes.)
 */
export function moduleAccountBytes(address: string, accountNumber: number, name: string, permissions: string[]): number {
  const base = lenField(lenField(address.length) + intField(accountNumber));
  return lenField(34) + lenField(base + lenField(name.length) + permissions.reduce((n, p) => n + lenField(p.length), 0));
}

/** The fee collector's ModuleAccount record (measured on the chain: 109 bytes). */
const FEE_COLLECTOR_ACCOUNT = 109;

/**
 * x/auth NewAccountWithAddress + SetAccount for an address without an account: the global account
 * number sequence (read and written), the record's old value (none), the AccountNumber unique index
 * (Has, then Set) and the new BaseAccount (no public key, sequence 0). Checked against the localnet:
 * a MsgSend to a new address costs this much more than one to an existing account.
 */
export function newAccountGas(address: string, accountNumber: number): number {
  const key = 1 + addressBytes(address);
  return kv.read(1, 8) + kv.write(1, 8) + kv.read(key, 0) + kv.has() + kv.write(21, addressBytes(address)) + kv.write(key, baseAccountBytes(address, false, 0, accountNumber));
}

/** Bytes of a bank balance value: math.Int as decimal text (collections IntValue). */
const amountBytes = (amount: bigint): number => (amount === 0n ? 0 : amount.toString().length);

// ---- x/bank -------------------------------------------------------------------------------

/** x/bank balance key: 0x02 | len(addr) | addr | denom; its denom index: 0x03 | denom | 0x00 | len(addr) | addr. */
const balanceKey = (addrLen: number, denom: string): number => 2 + addrLen + denom.length;
const denomIndexKey = (addrLen: number, denom: string): number => 3 + denom.length + addrLen;

/**
 * Balances.Set (the denom index, then the value), or Remove when it reaches 0: the index's
 * ReversePair.Unreference and the value, two deletes (collections v1.2.1 indexed_map.go; the
 * ReversePair index never reads the old value). Seen on the localnet with --trace-store.
 */
function setBalanceGas(addrLen: number, denom: string, after: bigint): number {
  if (after === 0n) return kv.remove() + kv.remove();
  return kv.write(denomIndexKey(addrLen, denom), 0) + kv.write(balanceKey(addrLen, denom), amountBytes(after));
}

export interface BalanceChange {
  denom: string;
  /** The sender's and recipient's balances of `denom` before the send. */
  fromBefore: bigint;
  toBefore: bigint;
  amount: bigint;
}

/**
 * x/bank SendCoins: subUnlockedCoins (the sender's account for vesting locks, then per coin its
 * balance read and set), addCoins (per coin the recipient's balance read and set), HasAccount(to),
 * and when the recipient has no account, its creation (`newRecipient`: the number it gets).
 * `fromAccountBytes` is the sender's account record.
 */
export function sendCoinsGas(from: string | number, to: string | number, fromAccountBytes: number, changes: BalanceChange[], newRecipient?: number): number {
  const f = typeof from === "number" ? from : addressBytes(from);
  const t = typeof to === "number" ? to : addressBytes(to);
  let gas = kv.read(1 + f, fromAccountBytes);
  for (const c of changes) gas += kv.read(balanceKey(f, c.denom), amountBytes(c.fromBefore)) + setBalanceGas(f, c.denom, c.fromBefore - c.amount);
  for (const c of changes) gas += kv.read(balanceKey(t, c.denom), amountBytes(c.toBefore)) + setBalanceGas(t, c.denom, c.toBefore + c.amount);
  return gas + kv.has() + (newRecipient === undefined || typeof to === "number" ? 0 : newAccountGas(to, newRecipient));
}

/**
 * What SendCoins charges before it fails on changes[failing], the first coin whose balance falls
 * short: the sender's account, the earlier coins' balances read and set, the failing balance read.
 */
export function sendCoinsFailureGas(from: string, fromAccountBytes: number, changes: BalanceChange[], failing: number): number {
  const f = addressBytes(from);
  let gas = kv.read(1 + f, fromAccountBytes);
  for (const c of changes.slice(0, failing)) gas += kv.read(balanceKey(f, c.denom), amountBytes(c.fromBefore)) + setBalanceGas(f, c.denom, c.fromBefore - c.amount);
  return gas + kv.read(balanceKey(f, changes[failing].denom), amountBytes(changes[failing].fromBefore));
}

/**
 * IsSendEnabledCoins, as both MsgSend and wasmd's TransferCoins (funds sent along with an execute
 * or instantiate) check a transfer before SendCoins: the bank params (2 bytes) and each denom's
 * send_enabled entry.
 */
export const sendEnabledGas = (coins: number): number => kv.read(1, 2) + coins * kv.has();

/** A checked transfer: sendEnabledGas, then SendCoins. */
export function transferGas(from: string, to: string, fromAccountBytes: number, changes: BalanceChange[], newRecipient?: number): number {
  return sendEnabledGas(changes.length) + sendCoinsGas(from, to, fromAccountBytes, changes, newRecipient);
}

/** Every message the msg service router runs (a transaction's and a contract's) asks the circuit breaker first: one Has. */
export const ROUTER_CIRCUIT_CHECK = KV_GAS.has;

// ---- ante handler ---------------------------------------------------------------------------

/** A signed transaction as the ante handler sees it. */
export interface AnteTx {
  /** Length of the broadcast TxRaw bytes. */
  txBytes: number;
  messages: number;
  memo: string;
  signer: string;
  /** The signer's account record before the transaction, and whether it has no public key yet. */
  accountNumber: number;
  sequence: number;
  newPubKey: boolean;
  /** The fee's balance changes (signer → fee collector); none for a zero fee. */
  fee: BalanceChange[];
  feeCollector: string;
}

/** x/auth params (1-byte key, 13-byte value), read by several decorators. */
const AUTH_PARAMS = kv.read(1, 13);
/** auth.TxSizeCostPerByte (default 10). */
export const TX_SIZE_COST_PER_BYTE = 10;
/** auth.SigVerifyCostSecp256k1 (default 1000). */
export const SIG_VERIFY_COST_SECP256K1 = 1_000;

/** x/auth SetAccount on the Accounts IndexedMap: the old value (lazily read), the AccountNumber index re-set, the record. */
function setAccountGas(address: string, before: number, after: number): number {
  const key = 1 + addressBytes(address);
  return kv.read(key, before) + kv.remove() + kv.has() + kv.write(21, addressBytes(address)) + kv.write(key, after);
}

/**
 * Gas of wasmd's ante chain (app/ante.go) for a transaction with one secp256k1 signer, in order:
 * CountTXDecorator (read + write the 12-byte tx counter), CircuitBreakerDecorator (one Has per
 * message), ValidateMemoDecorator (params, when there is a memo), ConsumeTxSizeGasDecorator (params +
 * 10 per byte), DeductFeeDecorator (the signer's account; SendCoinsFromAccountToModule: the fee
 * collector's account, then SendCoins), SetPubKeyDecorator (reads the account; sets the key on the
 * first transaction), ValidateSigCountDecorator (params), SigGasConsumeDecorator (params, account,
 * 1000 for secp256k1), SigVerificationDecorator (account), IncrementSequenceDecorator (account, then
 * SetAccount). The rest (setup, gas register, tx contracts, extension options, validate basic, timeout
 * height, redundant relay) touch no store.
 */
export function anteGas(t: AnteTx): number {
  const accountKey = 1 + addressBytes(t.signer);
  const before = baseAccountBytes(t.signer, !t.newPubKey, t.sequence, t.accountNumber);
  const withKey = baseAccountBytes(t.signer, true, t.sequence, t.accountNumber);
  const after = baseAccountBytes(t.signer, true, t.sequence + 1, t.accountNumber);
  let gas = kv.read(1, 12) + kv.write(1, 12);
  gas += t.messages * kv.has();
  if (t.memo.length > 0) gas += AUTH_PARAMS;
  gas += AUTH_PARAMS + TX_SIZE_COST_PER_BYTE * t.txBytes;
  if (t.fee.length > 0) {
    gas += kv.read(accountKey, before) + kv.read(1 + addressBytes(t.feeCollector), FEE_COLLECTOR_ACCOUNT);
    gas += sendCoinsGas(t.signer, t.feeCollector, before, t.fee);
  }
  gas += kv.read(accountKey, before);
  if (t.newPubKey) gas += setAccountGas(t.signer, before, withKey);
  gas += AUTH_PARAMS + AUTH_PARAMS + kv.read(accountKey, withKey) + SIG_VERIFY_COST_SECP256K1;
  gas += kv.read(accountKey, withKey);
  gas += kv.read(accountKey, withKey) + setAccountGas(t.signer, withKey, after);
  return gas;
}

// ---- x/wasm records -----------------------------------------------------------------------

/** wasmd ContractInfo{code_id, creator, admin, label, created{block_height, tx_index = 0}}. */
export function contractInfoBytes(c: { code_id: number; creator: string; admin: string | null; label: string; created_height: number; ibc_port_id?: string }): number {
  return intField(c.code_id) + lenField(c.creator.length) + lenField(c.admin?.length ?? 0) + lenField(Buffer.byteLength(c.label)) + lenField(intField(c.created_height)) + lenField(c.ibc_port_id?.length ?? 0);
}

/** wasmd CodeInfo{code_hash (32), creator, instantiate_config{permission Everybody}}. */
export const codeInfoBytes = (creator: string): number => lenField(32) + lenField(creator.length) + lenField(2);

/** wasmd ContractCodeHistoryEntry{operation, code_id, updated{block_height}, msg}. */
export const historyEntryBytes = (codeId: number, height: number, msg: number): number =>
  intField(1) + intField(codeId) + lenField(intField(height)) + lenField(msg);

/** Keys of x/wasm's store (x/wasm/types/keys.go). */
export const WASM_KEYS = {
  /** 0x01 | code id (8). */
  code: 9,
  /** 0x02 | contract address. */
  contract: (address: string): number => 1 + addressBytes(address),
  /** 0x04 | "lastContractId" and 0x04 | "lastCodeId". */
  lastContractId: 15,
  lastCodeId: 11,
  /** 0x06 | code id (8) | created position (16) | contract address. */
  byCode: (contract: string): number => 25 + addressBytes(contract),
  /** 0x09 | len | creator | created position (16) | contract address. */
  byCreator: (creator: string, contract: string): number => 18 + addressBytes(creator) + addressBytes(contract),
  /** 0x05 | contract address | position (8). */
  history: (contract: string): number => 9 + addressBytes(contract),
  /** 0x07 | code id (8): pinned codes. */
  pinned: 9,
};

/** wasmd params (upload access, instantiate default permission): 6 bytes under a 1-byte key. */
export const WASM_PARAMS = kv.read(1, 6);

/** The record x/auth keeps for a new contract account (no public key, sequence 0). */
export const contractAccountBytes = (address: string, accountNumber: number): number => baseAccountBytes(address, false, 0, accountNumber);

// ---- x/staking and x/distribution -----------------------------------------------------------

/**
 * Record sizes (bytes) as they are on the local chain (chain/, wasmd v0.60.2 on cosmos-sdk v0.53.4),
 * read off the chain's step-by-step gas (see the header): the simulator's staking and distribution
 * keep their own state, so these records are not derived from it. A few bytes more or less change
 * an operation's gas by a few dozen.
 */
export const STAKING_RECORDS = {
  /** staking Validator (description, commission, tokens, shares, unbonding fields). */
  validator: 258,
  /** staking Params. */
  params: 21,
  /** x/auth records of the module accounts (bonded_tokens_pool, not_bonded_tokens_pool, distribution). */
  bondedPoolAccount: 131,
  notBondedPoolAccount: 135,
  distributionAccount: 108,
  /** Decimal digits of the pools' balances. */
  poolBalance: 9,
  /** distribution ValidatorCurrentRewards (period and DecCoins), reset to period only (2). */
  currentRewards: 40,
  /** distribution ValidatorHistoricalRewards (cumulative ratio and reference count). */
  historicalRewards: 34,
  outstandingRewards: 40,
  /** distribution DelegatorStartingInfo (previous period, stake, height). */
  startingInfo: 32,
  feePool: 30,
  /** staking UnbondingDelegation with one entry, for a 20-byte delegator (+20 for a contract's longer bech32). */
  unbondingDelegation: 150,
  /** Each further UnbondingDelegationEntry (height, completion Timestamp, balances, id): +1,190 gas per entry on the chain. */
  unbondingEntry: 33,
  /** The unbonding queue's time slice with one (delegator, validator) pair, for a 20-byte delegator (each further pair adds as much). */
  unbondingQueueSlice: 112,
};
const R = STAKING_RECORDS;
/** Validator operator addresses are 20 bytes; bech32 "persistencevaloper1…" is 57 characters. */
const VAL = 20;
const VALOPER_LENGTH = 57;
/** The extra characters of a 32-byte address' bech32 over a 20-byte one's. */
const bechExtra = (d: number): number => (d === 32 ? 20 : 0);

const STAKING_KEYS = {
  validator: 2 + VAL,
  /** 0x31 | len | delegator | len | validator; the by-validator index 0x71 | … one byte shorter. */
  delegation: (d: number): number => 3 + d + VAL,
  delegationByValidator: (d: number): number => 2 + d + VAL,
  powerIndex: 30,
  /** distribution: current and outstanding rewards (prefix | len | validator), historical (+ period), starting info (+ delegator). */
  validatorRewards: 2 + VAL,
  historical: 10 + VAL,
  startingInfo: (d: number): number => 3 + d + VAL,
  withdrawAddress: (d: number): number => 2 + d,
  unbondingQueue: 30,
};
const K = STAKING_KEYS;

/** staking UnbondingDelegation with `entries` entries (0 bytes: none stored). */
const unbondingBytes = (d: number, entries: number): number => (entries === 0 ? 0 : R.unbondingDelegation + bechExtra(d) + (entries - 1) * R.unbondingEntry);

/** staking Delegation{delegator, validator, shares}: shares as LegacyDec text, 18 decimals (tokens 1:1 with shares). */
export function delegationBytes(delegator: string, tokens: bigint): number {
  return lenField(delegator.length) + lenField(VALOPER_LENGTH) + lenField(tokens === 0n ? 1 : tokens.toString().length + 18);
}

/** What the gas of a staking or distribution operation depends on, from the simulator's state. */
export interface DelegationState {
  delegator: string;
  /** The delegator's x/auth record (the bank reads it for vesting locks). */
  delegatorAccountBytes: number;
  /** The delegation's tokens before the operation (0: none). */
  tokens: bigint;
  /** Whole rewards a withdrawal pays out (from the distribution module account to `payoutTo`). */
  rewards: bigint;
  /** The balance in the bond denom of the delegator (and of the reward recipient) before. */
  balance: bigint;
  denom: string;
  /** Entries of the (delegator, validator) unbonding delegation before the operation. */
  unbondingEntries: number;
  /** An undelegation merges into the entry of this height and completion time (UnbondingDelegation.AddEntry). */
  unbondingMerges?: boolean;
  /** Delegator address lengths of the (delegator, validator) pairs already in the unbonding queue's time slice of this completion time. */
  unbondingQueuePairs?: number[];
  /** The delegation's starting info is from this block (its rewards are 0 without a look at the periods). */
  startedThisBlock?: boolean;
  /** The validator's current period's rewards (fixed point), when known exactly (block rewards). */
  periodRewards?: bigint;
}

/** distribution IncrementValidatorPeriod: current rewards, the last historical entry (read, its reference count decremented), a new one, the current reset. */
const incrementPeriod = (current: number = R.currentRewards): number =>
  kv.read(K.validatorRewards, current) + 2 * kv.read(K.historical, R.historicalRewards) + 2 * kv.write(K.historical, R.historicalRewards) + kv.write(K.validatorRewards, 2);

/**
 * ValidatorCurrentRewards{rewards DecCoins, period}: the period alone (2 bytes) once a period has
 * just ended, else one DecCoin of the bond denom (LegacyDec as the text of its 10^18-scaled integer).
 */
export const currentRewardsBytes = (rewards: bigint, denom: string): number => (rewards === 0n ? 2 : 2 + lenField(lenField(denom.length) + lenField(rewards.toString().length)));

/** distribution CalculateDelegationRewards: the starting info, slash events (an empty iterator), the two historical entries. */
const calculateRewards = (d: number, startedThisBlock = false): number =>
  // delegation.go CalculateDelegationRewards: a delegation that started in this block has no rewards yet (nothing more read)
  kv.read(K.startingInfo(d), R.startingInfo) + (startedThisBlock ? 0 : kv.iterate([]) + 2 * kv.read(K.historical, R.historicalRewards));

/** bank SendCoinsFromModuleToAccount(distribution → delegator). */
function payoutGas(s: DelegationState, d: number): number {
  const change = { denom: s.denom, fromBefore: 10n ** BigInt(R.poolBalance - 1), toBefore: s.balance, amount: s.rewards };
  return sendCoinsGas(20, d, R.distributionAccount, [change]);
}

/**
 * distribution withdrawDelegationRewards: HasDelegatorStartingInfo, IncrementValidatorPeriod,
 * CalculateDelegationRewards, outstanding rewards, the payout (withdraw address, bank send) when it
 * is at least 1, outstanding rewards and fee pool (community-pool remainder) written, the starting
 * info read, its historical entry's reference count dropped (deleted), the starting info deleted.
 */
function withdrawRewardsGas(s: DelegationState, d: number): number {
  const current = s.periodRewards === undefined ? R.currentRewards : currentRewardsBytes(s.periodRewards, s.denom);
  let gas = kv.has() + incrementPeriod(current) + calculateRewards(d, s.startedThisBlock) + kv.read(K.validatorRewards, R.outstandingRewards);
  if (s.rewards > 0n) gas += kv.read(K.withdrawAddress(d), 0) + payoutGas(s, d);
  gas += kv.write(K.validatorRewards, R.outstandingRewards) + kv.read(1, R.feePool - 1) + kv.write(1, R.feePool);
  return gas + kv.read(K.startingInfo(d), R.startingInfo) + kv.read(K.historical, R.historicalRewards) + kv.remove() + kv.remove();
}

/** distribution initializeDelegation (AfterDelegationModified): the period, its historical entry's reference count, the validator, the delegation, a new starting info. */
const initializeDelegation = (d: number, delegation: number): number =>
  kv.read(K.validatorRewards, 2) + kv.read(K.historical, R.historicalRewards) + kv.write(K.historical, R.historicalRewards) + kv.read(K.validator, R.validator) + kv.read(K.delegation(d), delegation) + kv.write(K.startingInfo(d), R.startingInfo);

/** The validator's tokens change: its power index entry moves, the record is written. */
const validatorUpdate = (): number => kv.remove() + kv.write(K.validator, R.validator) + kv.write(K.powerIndex, VAL);

/**
 * MsgDelegate (x/staking msgServer.Delegate → Keeper.Delegate): the validator, params (bond denom),
 * the delegation; the distribution hook (a new delegation: the validator and IncrementValidatorPeriod;
 * an existing one: the validator, the delegation and withdrawDelegationRewards); params again; bank
 * DelegateCoinsFromAccountToModule (the bonded pool's account twice, the delegator's balance, its
 * account, the pool's balance); the validator's tokens; the delegation and its index; initializeDelegation.
 */
export function delegateGas(s: DelegationState, amount: bigint): number {
  const d = addressBytes(s.delegator);
  const before = s.tokens === 0n ? 0 : delegationBytes(s.delegator, s.tokens);
  const after = delegationBytes(s.delegator, s.tokens + amount);
  let gas = kv.read(K.validator, R.validator) + kv.read(1, R.params) + kv.read(K.delegation(d), before);
  if (s.tokens === 0n) gas += kv.read(K.validator, R.validator) + incrementPeriod();
  else gas += kv.read(K.validator, R.validator) + kv.read(K.delegation(d), before) + withdrawRewardsGas(s, d);
  const balance = s.balance + (s.tokens === 0n ? 0n : s.rewards);
  gas += kv.read(1, R.params) + 2 * kv.read(21, R.bondedPoolAccount);
  gas += kv.read(balanceKey(d, s.denom), amountBytes(balance)) + setBalanceGas(d, s.denom, balance - amount) + kv.read(1 + d, s.delegatorAccountBytes);
  gas += kv.read(balanceKey(VAL, s.denom), R.poolBalance) + setBalanceGas(VAL, s.denom, 10n ** BigInt(R.poolBalance - 1));
  return gas + validatorUpdate() + kv.write(K.delegation(d), after) + kv.write(K.delegationByValidator(d), 0) + initializeDelegation(d, after);
}

/**
 * MsgUndelegate (msgServer.Undelegate → ValidateUnbondAmount, Keeper.Undelegate → Unbond): the
 * validator and delegation, params, the validator, the unbonding delegation (none yet), the delegation,
 * the distribution hook with withdrawDelegationRewards, the validator; the delegation written (with
 * initializeDelegation) or removed; the validator's tokens; bonded → not-bonded pool (params, the pool
 * account, SendCoins); params (unbonding time); the unbonding delegation, the unbonding id sequence,
 * the entry, its indexes and type; the unbonding queue's time slice.
 */
export function undelegateGas(s: DelegationState, amount: bigint): number {
  const d = addressBytes(s.delegator);
  const ubd = unbondingBytes(d, s.unbondingEntries);
  const before = delegationBytes(s.delegator, s.tokens);
  const after = delegationBytes(s.delegator, s.tokens - amount);
  let gas = kv.read(K.validator, R.validator) + kv.read(K.delegation(d), before) + kv.read(1, R.params);
  gas += kv.read(K.validator, R.validator) + kv.read(K.delegation(d), ubd) + kv.read(1, R.params) + kv.read(K.delegation(d), before);
  gas += kv.read(K.validator, R.validator) + kv.read(K.delegation(d), before) + withdrawRewardsGas(s, d) + kv.read(K.validator, R.validator);
  if (s.tokens === amount) gas += kv.remove() + kv.remove();
  else gas += kv.write(K.delegation(d), after) + kv.write(K.delegationByValidator(d), 0) + initializeDelegation(d, after);
  gas += validatorUpdate();
  const pool = { denom: s.denom, fromBefore: 10n ** BigInt(R.poolBalance - 1), toBefore: 0n, amount };
  gas += kv.read(1, R.params) + kv.read(21, R.notBondedPoolAccount) + sendCoinsGas(20, 20, R.bondedPoolAccount, [pool]);
  gas += kv.read(1, R.params) + kv.read(K.delegation(d), ubd) + kv.read(1, 8) + kv.write(1, 8);
  // SetUnbondingDelegationEntry (x/staking/keeper/delegation.go): an entry of the same height and
  // completion time takes the amount (AddEntry returns false: no by-id index, no type written)
  if (s.unbondingMerges) gas += kv.write(K.delegation(d), ubd) + kv.write(K.delegationByValidator(d), 0);
  else gas += kv.write(K.delegation(d), unbondingBytes(d, s.unbondingEntries + 1)) + kv.write(K.delegationByValidator(d), 0) + kv.write(9, K.delegation(d)) + kv.write(9, 1);
  // InsertUBDQueue (same file): the time slice of the completion time is read and written back with the pair appended
  const slice = (s.unbondingQueuePairs ?? []).reduce((t, n) => t + queuePairBytes(n), 0);
  return gas + kv.read(K.unbondingQueue, slice) + kv.write(K.unbondingQueue, slice + queuePairBytes(d));
}

/** One DVPair in an unbonding queue time slice (DVPairs.pairs), for a delegator of `d` bytes. */
const queuePairBytes = (d: number): number => R.unbondingQueueSlice + bechExtra(d);

/**
 * What a refused MsgUndelegate / MsgBeginRedelegate has read when the SDK's error stops it
 * (msg_server.go, delegation.go), by the error's code: the validator (ErrNoValidatorFound, staking 3),
 * then the delegation (ErrNoDelegation, staking 19; "invalid shares amount", sdk 18); past
 * ValidateUnbondAmount the bond denom, then for an undelegation the validator and the unbonding
 * delegation (too many entries, staking 27), for a redelegation the destination and source
 * validators, the receiving-redelegation iterator and the redelegation (too many entries, staking 33).
 */
export function stakingFailureGas(kind: "undelegate" | "redelegate", codespace: string, code: number, s: DelegationState): number {
  const d = addressBytes(s.delegator);
  if (codespace === "staking" && code === 3) return kv.read(K.validator, 0);
  const validateUnbond = kv.read(K.validator, R.validator) + kv.read(K.delegation(d), s.tokens === 0n ? 0 : delegationBytes(s.delegator, s.tokens));
  if (codespace === "staking" && code === 27 && kind === "undelegate") {
    return validateUnbond + kv.read(1, R.params) + kv.read(K.validator, R.validator) + kv.read(K.delegation(d), unbondingBytes(d, s.unbondingEntries));
  }
  if (codespace === "staking" && code === 33 && kind === "redelegate") {
    return validateUnbond + kv.read(1, R.params) + 2 * kv.read(K.validator, R.validator) + kv.iterate([]) + kv.read(K.delegation(d) + 21, R.unbondingDelegation + bechExtra(d));
  }
  return validateUnbond;
}

/** MsgWithdrawDelegatorReward: the validator, the delegation, withdrawDelegationRewards, initializeDelegation. */
export function withdrawRewardGas(s: DelegationState): number {
  const d = addressBytes(s.delegator);
  const bytes = delegationBytes(s.delegator, s.tokens);
  return kv.read(K.validator, R.validator) + kv.read(K.delegation(d), bytes) + withdrawRewardsGas(s, d) + initializeDelegation(d, bytes);
}

/**
 * MsgBeginRedelegate, approximately: the source side as an undelegation's (without the pools and
 * the queue entry's exact records), the destination as a delegation's.
 */
export function redelegateGas(src: DelegationState, dst: DelegationState, amount: bigint): number {
  return undelegateGas({ ...src, unbondingEntries: 0, unbondingMerges: false, unbondingQueuePairs: [] }, amount) + delegateGas(dst, amount) - kv.read(K.delegation(addressBytes(src.delegator)), 0);
}

/** MsgSetWithdrawAddress: distribution params, the address written. */
export const setWithdrawAddressGas = (delegator: string): number => kv.read(1, 4) + kv.write(K.withdrawAddress(addressBytes(delegator)), 20);

/** Staking and distribution queries a contract makes (wasmd's StakingQuerier / DistributionQuerier). */
export const stakingQueryGas = {
  bondedDenom: (): number => kv.read(1, R.params),
  validator: (found: boolean): number => kv.read(K.validator, found ? R.validator : 0),
  /** GetBondedValidatorsByPower: params, the power index (reverse), each validator. */
  allValidators: (n: number): number => kv.read(1, R.params) + kv.iterate(Array.from({ length: n }, () => [K.powerIndex, VAL])) + n * kv.read(K.validator, R.validator),
  /** GetAllDelegatorDelegations (an iterator), params (bond denom), each delegation's validator. */
  allDelegations: (delegator: string, tokens: bigint[]): number => {
    const d = addressBytes(delegator);
    return kv.iterate(tokens.map((t) => [K.delegation(d), delegationBytes(delegator, t)])) + kv.read(1, R.params) + tokens.length * kv.read(K.validator, R.validator);
  },
  /** DelegationRewards (in a cache): the validator, the delegation, IncrementValidatorPeriod, CalculateDelegationRewards. */
  delegationRewards: (delegator: string, tokens: bigint): number => {
    const d = addressBytes(delegator);
    return kv.read(K.validator, R.validator) + kv.read(K.delegation(d), delegationBytes(delegator, tokens)) + incrementPeriod() + calculateRewards(d);
  },
  /** The full delegation: the delegation, the validator, params, the receiving-redelegation check (an iterator), then its rewards. */
  delegation: (delegator: string, tokens: bigint): number => {
    const d = addressBytes(delegator);
    if (tokens === 0n) return kv.read(K.delegation(d), 0);
    return kv.read(K.delegation(d), delegationBytes(delegator, tokens)) + kv.read(K.validator, R.validator) + kv.read(1, R.params) + kv.iterate([]) + stakingQueryGas.delegationRewards(delegator, tokens);
  },
  /** DelegationTotalRewards: the delegator's delegations (an iterator), each with its validator, IncrementValidatorPeriod and CalculateDelegationRewards. */
  delegationTotalRewards: (delegator: string, tokens: bigint[]): number => {
    const d = addressBytes(delegator);
    const each = kv.read(K.validator, R.validator) + incrementPeriod() + calculateRewards(d);
    return kv.iterate(tokens.map((t) => [K.delegation(d), delegationBytes(delegator, t)])) + tokens.length * each;
  },
  withdrawAddress: (delegator: string): number => kv.read(K.withdrawAddress(addressBytes(delegator)), 0),
};
