// The bank module: balances and supply in the shared store, sends with the SDK's errors and
// events (coin_spent / coin_received / transfer, coinbase on mint, burn).

import type { Storage } from "../vm/storage";
import { AppError, AppEvent, BankKeeper, Coin, getJson, scanJson, setJson, removeKey } from "./context";

const balanceKey = (address: string, denom: string): string => `bank/balance/${address}/${denom}`;
const supplyKey = (denom: string): string => `bank/supply/${denom}`;

/** `10uxprt,5uatom`, as the SDK prints coins. */
export function coinsText(coins: Coin[]): string {
  return coins.map((c) => `${c.amount}${c.denom}`).join(",");
}

/** Rejects what the SDK's Coins.Validate rejects: bad denoms, zero or negative amounts, duplicates. */
export function validateCoins(coins: Coin[]): void {
  const seen = new Set<string>();
  for (const c of coins) {
    if (!/^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/.test(c.denom)) throw new AppError(`invalid denom: ${c.denom}`, "sdk", 10);
    if (!/^[0-9]+$/.test(c.amount)) throw new AppError(`invalid coin amount: ${c.amount}`, "sdk", 10);
    if (BigInt(c.amount) === 0n) throw new AppError(`${coinsText([c])}: invalid coins`, "sdk", 10);
    if (seen.has(c.denom)) throw new AppError(`duplicate denomination ${c.denom}: invalid coins`, "sdk", 10);
    seen.add(c.denom);
  }
}

/** Creates the x/auth account of an address that receives coins and has none. */
export type EnsureAccount = (store: Storage, address: string) => unknown;

export class Bank implements BankKeeper {
  constructor(private readonly ensureAccount: EnsureAccount = () => undefined) {}

  balance(store: Storage, address: string, denom: string): bigint {
    return BigInt(getJson<string>(store, balanceKey(address, denom)) ?? "0");
  }

  allBalances(store: Storage, address: string): Coin[] {
    return scanJson<string>(store, `bank/balance/${address}/`).map(([k, amount]) => ({
      denom: k.slice(`bank/balance/${address}/`.length),
      amount,
    }));
  }

  supply(store: Storage, denom: string): bigint {
    return BigInt(getJson<string>(store, supplyKey(denom)) ?? "0");
  }

  private setBalance(store: Storage, address: string, denom: string, amount: bigint): void {
    if (amount === 0n) removeKey(store, balanceKey(address, denom));
    else setJson(store, balanceKey(address, denom), amount.toString());
  }

  private subtract(store: Storage, address: string, coins: Coin[]): void {
    for (const c of coins) {
      const have = this.balance(store, address, c.denom);
      const want = BigInt(c.amount);
      if (have < want) {
        throw new AppError(`spendable balance ${have}${c.denom} is smaller than ${c.amount}${c.denom}: insufficient funds`, "sdk", 5);
      }
      this.setBalance(store, address, c.denom, have - want);
    }
  }

  private add(store: Storage, address: string, coins: Coin[]): void {
    for (const c of coins) this.setBalance(store, address, c.denom, this.balance(store, address, c.denom) + BigInt(c.amount));
  }

  send(store: Storage, from: string, to: string, coins: Coin[]): AppEvent[] {
    validateCoins(coins);
    if (coins.length === 0) return [];
    this.subtract(store, from, coins);
    this.add(store, to, coins);
    this.ensureAccount(store, to);
    const amount = coinsText(coins);
    // x/bank send.go SendCoins: coin_spent, coin_received, then transfer and message{sender}
    return [
      { type: "coin_spent", attributes: [{ key: "spender", value: from }, { key: "amount", value: amount }] },
      { type: "coin_received", attributes: [{ key: "receiver", value: to }, { key: "amount", value: amount }] },
      {
        type: "transfer",
        attributes: [
          { key: "recipient", value: to },
          { key: "sender", value: from },
          { key: "amount", value: amount },
        ],
      },
      { type: "message", attributes: [{ key: "sender", value: from }] },
    ];
  }

  mint(store: Storage, to: string, coins: Coin[]): AppEvent[] {
    validateCoins(coins);
    this.add(store, to, coins);
    this.ensureAccount(store, to);
    for (const c of coins) setJson(store, supplyKey(c.denom), (this.supply(store, c.denom) + BigInt(c.amount)).toString());
    const amount = coinsText(coins);
    return [
      { type: "coin_received", attributes: [{ key: "receiver", value: to }, { key: "amount", value: amount }] },
      { type: "coinbase", attributes: [{ key: "minter", value: to }, { key: "amount", value: amount }] },
    ];
  }

  burn(store: Storage, from: string, coins: Coin[]): AppEvent[] {
    validateCoins(coins);
    this.subtract(store, from, coins);
    for (const c of coins) setJson(store, supplyKey(c.denom), (this.supply(store, c.denom) - BigInt(c.amount)).toString());
    const amount = coinsText(coins);
    return [
      { type: "coin_spent", attributes: [{ key: "spender", value: from }, { key: "amount", value: amount }] },
      { type: "burn", attributes: [{ key: "burner", value: from }, { key: "amount", value: amount }] },
    ];
  }
}
