// x/mint as cosmos-sdk v0.53.4 runs it (x/mint/keeper/mint.go DefaultMintFn, types/minter.go): in
// every block's BeginBlocker the inflation moves towards the bonded-ratio goal, the annual
// provisions are inflation × the bond denom's supply, and one block's share of them
// (annual provisions / blocks per year, truncated) is minted into the fee collector, from which
// x/distribution hands it out (with the block's fees) in the same BeginBlocker.
// Used by App.useBlockRewards(); the default reward model is distribution.ts's fixed APR.

import type { Storage } from "../vm/storage";
import { getJson, setJson } from "./context";
import { ONE, chopRound, parseDecimal } from "./decimal";

export interface MintParams {
  /** Fixed point (10^18 = 1). */
  inflationRateChange: bigint;
  inflationMax: bigint;
  inflationMin: bigint;
  goalBonded: bigint;
  blocksPerYear: bigint;
}

/** x/mint types/params.go DefaultParams (what a fresh localnet's genesis has). */
export const DEFAULT_MINT_PARAMS: MintParams = {
  inflationRateChange: parseDecimal("0.13"),
  inflationMax: parseDecimal("0.20"),
  inflationMin: parseDecimal("0.07"),
  goalBonded: parseDecimal("0.67"),
  blocksPerYear: BigInt((60 * 60 * 8766) / 5),
};

/** types/minter.go DefaultInitialMinter: 13 % inflation, no provisions yet. */
export const DEFAULT_INFLATION = parseDecimal("0.13");

interface StoredMinter {
  inflation: string;
  annual_provisions: string;
}

const MINTER = "mint/minter";
const PARAMS = "mint/params";

/** LegacyDec rounding of a possibly negative value: chopPrecisionAndRound on its magnitude. */
const round = (x: bigint): bigint => (x < 0n ? -chopRound(-x) : chopRound(x));
/** LegacyDec.Mul (rounded half to even). */
const mul = (a: bigint, b: bigint): bigint => round(a * b);
/** LegacyDec.Quo (big.Int Quo truncates towards zero, then rounds half to even). */
const quo = (a: bigint, b: bigint): bigint => round((a * ONE * ONE) / b);

export class Mint {
  params(store: Storage): MintParams {
    const p = getJson<Record<keyof MintParams, string>>(store, PARAMS);
    if (!p) return DEFAULT_MINT_PARAMS;
    return { inflationRateChange: BigInt(p.inflationRateChange), inflationMax: BigInt(p.inflationMax), inflationMin: BigInt(p.inflationMin), goalBonded: BigInt(p.goalBonded), blocksPerYear: BigInt(p.blocksPerYear) };
  }

  setParams(store: Storage, params: Partial<MintParams>): void {
    const next = { ...this.params(store), ...params };
    setJson(store, PARAMS, Object.fromEntries(Object.entries(next).map(([k, v]) => [k, v.toString()])));
  }

  /** The current inflation and annual provisions (fixed point). */
  minter(store: Storage): { inflation: bigint; annualProvisions: bigint } {
    const m = getJson<StoredMinter>(store, MINTER);
    return { inflation: m ? BigInt(m.inflation) : DEFAULT_INFLATION, annualProvisions: m ? BigInt(m.annual_provisions) : 0n };
  }

  /**
   * One BeginBlocker: NextInflationRate from the bonded ratio (bonded tokens / supply, QuoInt),
   * NextAnnualProvisions (inflation × supply), BlockProvision (annual provisions / blocks per year,
   * truncated). Returns the amount to mint; the caller mints it into the fee collector.
   */
  beginBlock(store: Storage, supply: bigint, bonded: bigint): bigint {
    const p = this.params(store);
    const { inflation: current } = this.minter(store);
    const bondedRatio = supply > 0n ? (bonded * ONE) / supply : 0n;
    const perYear = mul(ONE - quo(bondedRatio, p.goalBonded), p.inflationRateChange);
    let inflation = current + quo(perYear, p.blocksPerYear * ONE);
    if (inflation > p.inflationMax) inflation = p.inflationMax;
    if (inflation < p.inflationMin) inflation = p.inflationMin;
    const annualProvisions = inflation * supply;
    setJson(store, MINTER, { inflation: inflation.toString(), annual_provisions: annualProvisions.toString() } satisfies StoredMinter);
    return annualProvisions / p.blocksPerYear / ONE;
  }
}
