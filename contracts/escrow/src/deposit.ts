// What arrives with a message besides the message itself: native coins attached, the amount of
// a cw20 `send`, or the NFT of a cw721 `send_nft`. A handler takes exactly what the order needs;
// whatever arrived and was not taken fails the message (`finish`), so nothing can be left in
// the contract without an order that escrows it. What is taken is added to the holdings.

import { fail, failed } from "@persistence-ts/std/error";
import * as ContractError from "./error";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Addr } from "@persistence-ts/std/types/addr";
import { Coin } from "@persistence-ts/std/types/coin";
import { describe, sameAsset } from "./assets";
import { hold, holdNft } from "./holdings";
import { AssetInfo, Price } from "./msg";

export class Deposit {
  /** Coins attached or cw20 received, as one asset and amount; null when none. */
  funds: Price | null = null;
  /** The collection that delivered `tokenId` with send_nft; null when no NFT came. */
  collection: Addr | null = null;
  tokenId: string = "";
  private fundsTaken: bool = false;
  private nftTaken: bool = false;

  /** `sender` acts: info.sender, or the `sender` a cw20 or cw721 hook names. */
  constructor(readonly sender: Addr) {}

  /** A plain execute: at most one native coin may be attached. */
  static native(sender: Addr, coins: Coin[]): Deposit {
    const d = new Deposit(sender);
    if (coins.length > 1) fail(ContractError.oneCoinOnly());
    else if (coins.length == 1) d.funds = price(AssetInfo.native(coins[0].denom), coins[0].amount);
    return d;
  }

  static cw20(sender: Addr, token: Addr, amount: Uint128): Deposit {
    const d = new Deposit(sender);
    d.funds = price(AssetInfo.cw20(token.toString()), amount);
    return d;
  }

  static nft(sender: Addr, collection: Addr, tokenId: string): Deposit {
    const d = new Deposit(sender);
    d.collection = collection;
    d.tokenId = tokenId;
    return d;
  }

  /** Takes exactly `amount` of `asset`; with a zero amount nothing is taken (any funds fail in finish). */
  takeFunds(asset: AssetInfo, amount: Uint128): bool {
    if (amount.isZero()) return true;
    const f = this.funds;
    const expected = describe(asset, amount);
    if (f === null) fail(ContractError.noFunds(expected));
    else if (!sameAsset(f.asset, asset) || !f.amount.eq(amount)) fail(ContractError.wrongFunds(expected, describe(f.asset, f.amount)));
    else {
      this.fundsTaken = true;
      hold(asset, amount);
    }
    return !failed();
  }

  /** Takes whatever was sent (a bid's payment); fails when nothing was. */
  takeAnyFunds(): Price | null {
    const f = this.funds;
    if (f === null) {
      fail(ContractError.bidWithoutFunds());
      return null;
    }
    this.fundsTaken = true;
    hold(f.asset, f.amount);
    return f;
  }

  hasNft(): bool {
    return this.collection !== null;
  }

  /** Takes the NFT that arrived, which must be `collection`'s `tokenId`. */
  takeNft(collection: Addr, tokenId: string): bool {
    const c = this.collection;
    if (c === null) fail(ContractError.noNft(tokenId));
    else if (!c.equals(collection) || this.tokenId != tokenId) fail(ContractError.wrongNft(tokenId, collection.toString()));
    else {
      this.nftTaken = true;
      holdNft(collection, tokenId);
    }
    return !failed();
  }

  /** Fails when funds or an NFT arrived that the message did not take. */
  finish(): void {
    if (this.funds !== null && !this.fundsTaken) fail(ContractError.unexpectedFunds());
    else if (this.collection !== null && !this.nftTaken) fail(ContractError.unexpectedNft());
  }
}

function price(asset: AssetInfo, amount: Uint128): Price {
  const p = new Price();
  p.asset = asset;
  p.amount = amount;
  return p;
}
