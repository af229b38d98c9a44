// x/auth as far as the simulator needs it: which accounts exist, their account numbers, sequences
// and whether their public key is on chain. The sizes of these records decide the gas of every read
// and write of an account (gas.ts baseAccountBytes), and SendCoins creates the recipient's account
// when it has none (cosmos-sdk v0.53.4 x/bank/keeper/send.go SendCoins: HasAccount, then
// SetAccount(NewAccountWithAddress), which takes the next global account number).

import type { Storage } from "../vm/storage";
import { getJson, setJson } from "./context";
import { addressBytes, baseAccountBytes, moduleAccountBytes } from "./gas";

export interface AccountRecord {
  /** The global account number x/auth gave the account when it was created. */
  number: number;
  sequence: number;
  /** Whether its public key is on chain (set by the ante handler on its first transaction). */
  pubKey: boolean;
  /** A module account created after genesis (x/auth GetModuleAccount creates it on first use). */
  module?: { name: string; permissions: string[] };
}

const accountKey = (address: string): string => `auth/account/${address}`;
const NEXT_NUMBER = "auth/next_account_number";

/**
 * Module accounts that exist at genesis on the localnet (wasmd v0.60.2 on cosmos-sdk v0.53.4):
 * they never get created by a send. Their records are modelled by fixed sizes in gas.ts.
 */
export const GENESIS_MODULE_ACCOUNTS = [
  "fee_collector",
  "distribution",
  "bonded_tokens_pool",
  "not_bonded_tokens_pool",
  "gov",
  "mint",
  "protocolpool_escrow",
  "protocolpool",
] as const;

export class Auth {
  constructor(private readonly moduleAccounts: ReadonlySet<string>) {}

  get(store: Storage, address: string): AccountRecord | undefined {
    return getJson<AccountRecord>(store, accountKey(address));
  }

  /** HasAccount: a user's or contract's record, or a module account that exists. */
  has(store: Storage, address: string): boolean {
    return this.moduleAccounts.has(address) || this.get(store, address) !== undefined;
  }

  /** The number the next new account gets (x/auth's global AccountNumber sequence). */
  nextNumber(store: Storage): number {
    return getJson<number>(store, NEXT_NUMBER) ?? 0;
  }

  /** Sets the global account number sequence, as a genesis with other accounts would leave it. */
  setNextNumber(store: Storage, next: number): void {
    setJson(store, NEXT_NUMBER, next);
  }

  /** NewAccountWithAddress + SetAccount: a BaseAccount with the next account number. */
  create(store: Storage, address: string, number = this.nextNumber(store)): AccountRecord {
    const record: AccountRecord = { number, sequence: 0, pubKey: false };
    setJson(store, accountKey(address), record);
    if (number >= this.nextNumber(store)) this.setNextNumber(store, number + 1);
    return record;
  }

  /** The record, created first when the address has none (and is no module account). */
  ensure(store: Storage, address: string): AccountRecord | undefined {
    if (this.moduleAccounts.has(address)) return undefined;
    return this.get(store, address) ?? this.create(store, address);
  }

  /** GetModuleAccount of a module account that does not exist yet: NewAccount + SetModuleAccount. */
  createModule(store: Storage, address: string, name: string, permissions: string[]): AccountRecord {
    const record: AccountRecord = { number: this.nextNumber(store), sequence: 0, pubKey: false, module: { name, permissions } };
    setJson(store, accountKey(address), record);
    this.setNextNumber(store, record.number + 1);
    return record;
  }

  set(store: Storage, address: string, record: AccountRecord): void {
    setJson(store, accountKey(address), record);
  }

  /** Bytes of the x/auth record of `address` (a BaseAccount; 0 for none). */
  bytes(store: Storage, address: string): number {
    const r = this.get(store, address);
    if (r === undefined) return 0;
    if (r.module) return moduleAccountBytes(address, r.number, r.module.name, r.module.permissions);
    return baseAccountBytes(address, r.pubKey, r.sequence, r.number);
  }
}

/** Whether `address` is a contract's (32-byte) address. */
export const isContractAddress = (address: string): boolean => addressBytes(address) === 32;
