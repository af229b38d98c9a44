// What the contract owes: per payment asset, the sum of everything escrowed in open orders and
// of every claim; per NFT, whether an order or a claim holds it. Every asset entering an order
// (deposit.ts) or a claim (claims.ts) is added here, every delivery (assets.ts) takes it off,
// so what the contract holds beyond it belongs to nobody and the owner may sweep it.

import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Key } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { AssetInfo } from "./msg";
import { HOLDINGS, NFTS_HELD, tokenKey } from "./state";

function assetKey(a: AssetInfo): Key {
  return Key.str(a.variant).join(Key.str(a.variant == "native" ? a.native! : a.cw20!));
}

export function owed(a: AssetInfo): Uint128 {
  return HOLDINGS.loadOr(assetKey(a), Uint128.zero());
}

export function hold(a: AssetInfo, amount: Uint128): void {
  if (!amount.isZero()) HOLDINGS.save(assetKey(a), owed(a).add(amount));
}

/** Checked: releasing more than is owed is a bug and fails the message. */
export function release(a: AssetInfo, amount: Uint128): void {
  if (!amount.isZero()) HOLDINGS.save(assetKey(a), owed(a).sub(amount));
}

export function holdsNft(collection: Addr, tokenId: string): bool {
  return NFTS_HELD.has(tokenKey(collection, tokenId));
}

export function holdNft(collection: Addr, tokenId: string): void {
  NFTS_HELD.save(tokenKey(collection, tokenId), true);
}

export function releaseNft(collection: Addr, tokenId: string): void {
  NFTS_HELD.remove(tokenKey(collection, tokenId));
}
