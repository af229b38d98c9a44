// SDK gas of a transaction as wasmd v0.60.2 on cosmos-sdk v0.53.4 charges it: the ante handler,
// the KV store operations of the modules, and wasmd's costs for contract calls.
//
// Sources (Go module cache, github.com/!cosm!wasm/wasmd@v0.60.2 and its dependencies):
// - wasmd x/wasm/types/gas_register.go: instance cost, discount, compile/uncompress, events, replies;
// - wasmd x/wasm/keeper/keeper.go: the KV reads and writes around each contract call;
// - wasmd app/ante.go + x/wasm/keeper/ante.go, cosmos-sdk x/auth/ante: the ante decorators;
// - cosmossdk.io/store v1.1.2 types/gas.go (KVGasConfig) and gaskv/store.go: per-operation costs;
// - cosmos-sdk x/bank/keeper/send.go: SendCoins.
// Key and value sizes below are those of the protobuf / collections encodings; the sequences were
// checked against the chain by walking a transaction's gas limit up one out-of-gas failure at a time
// (each failure names the operation and the gas used so far), see bench/gas-agreement.ts.

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
    if (this.used > this.limit) {
      throw new AppError(`out of gas in location: ${descriptor}; gasWanted: ${this.limit}, gasUsed: ${this.used}: out of gas`, "sdk", 11);
    }
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
  /** An iterator over `items` ([key, value] lengths): each position read, then the step past the end. */
  iterate: (items: Array<[number, number]>): number =>
    items.reduce((g, [k, v]) => g + KV_GAS.readPerByte * (k + v) + KV_GAS.iterNextFlat, 0) + KV_GAS.iterNextFlat,
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
 * pub_key Any{"/cosmos.crypto.secp256k1.PubKey", 33 bytes}, account_number, sequence}}. The account
 * number is not tracked; it is taken as a one-byte varint (below 128, as on a young chain).
 */
export function baseAccountBytes(address: string, pubKey: boolean, sequence: number): number {
  const pub = pubKey ? lenField(lenField(31) + lenField(lenField(33))) : 0;
  const inner = lenField(address.length) + pub + intField(1) + intField(sequence);
  return lenField(32) + lenField(inner);
}

/** The fee collector's ModuleAccount record (measured on the chain: 109 bytes). */
const FEE_COLLECTOR_ACCOUNT = 109;

/** Bytes of a bank balance value: math.Int as decimal text (collections IntValue). */
const amountBytes = (amount: bigint): number => (amount === 0n ? 0 : amount.toString().length);

// ---- x/bank -------------------------------------------------------------------------------

/** x/bank balance key: 0x02 | len(addr) | addr | denom; its denom index: 0x03 | denom | 0x00 | len(addr) | addr. */
const balanceKey = (addrLen: number, denom: string): number => 2 + addrLen + denom.length;
const denomIndexKey = (addrLen: number, denom: string): number => 3 + denom.length + addrLen;

/** Balances.Set (index, then value), or Remove (read, delete index, delete value) when it reaches 0. */
function setBalanceGas(addrLen: number, denom: string, after: bigint): number {
  if (after === 0n) return kv.read(balanceKey(addrLen, denom), 0) + kv.remove() + kv.remove();
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
 * balance read and set), addCoins (per coin the recipient's balance read and set), HasAccount(to).
 * `fromAccountBytes` is the sender's account record.
 */
export function sendCoinsGas(from: string, to: string, fromAccountBytes: number, changes: BalanceChange[]): number {
  const f = addressBytes(from);
  const t = addressBytes(to);
  let gas = kv.read(1 + f, fromAccountBytes);
  for (const c of changes) gas += kv.read(balanceKey(f, c.denom), amountBytes(c.fromBefore)) + setBalanceGas(f, c.denom, c.fromBefore - c.amount);
  for (const c of changes) gas += kv.read(balanceKey(t, c.denom), amountBytes(c.toBefore)) + setBalanceGas(t, c.denom, c.toBefore + c.amount);
  return gas + kv.has();
}

/**
 * A bank transfer checked the way both MsgSend and wasmd's TransferCoins (funds sent along with an
 * execute or instantiate) check it: IsSendEnabledCoins reads the bank params (2 bytes) and looks up
 * each denom's send_enabled entry, then SendCoins.
 */
export function transferGas(from: string, to: string, fromAccountBytes: number, changes: BalanceChange[]): number {
  return kv.read(1, 2) + changes.length * kv.has() + sendCoinsGas(from, to, fromAccountBytes, changes);
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
  const before = baseAccountBytes(t.signer, !t.newPubKey, t.sequence);
  const withKey = baseAccountBytes(t.signer, true, t.sequence);
  const after = baseAccountBytes(t.signer, true, t.sequence + 1);
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
export function contractInfoBytes(c: { code_id: number; creator: string; admin: string | null; label: string; created_height: number }): number {
  return intField(c.code_id) + lenField(c.creator.length) + lenField(c.admin?.length ?? 0) + lenField(Buffer.byteLength(c.label)) + lenField(intField(c.created_height));
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
export const contractAccountBytes = (address: string): number => baseAccountBytes(address, false, 0);
