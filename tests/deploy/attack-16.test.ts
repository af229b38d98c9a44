// attack-16 (review of deploy/*.ts after "order from the config").
//
// Finding: deploymentOrder() now takes the deployment order from the key order of
// deploy/config/<network>.json (before today it was fixed in code: nft, escrow, tranche-pool,
// liquid-staking). Nothing checks that the collection comes before the contracts that accept it.
// A config whose keys are reordered (e.g. by a key-sorting formatter, or a hand edit adding a
// contract) passes loadConfig and checkDependencies (nft is "in the plan"), then, in a real run,
// sends transactions and then fails when it builds tranche-pool's instantiate message, because
// nft is not deployed yet (its error says "deploy nft first (or with it: --only nft,tranche-pool)"
// to a run that deploys nft with it). On mainnet that is a half-made
// deployment and spent gas, found only after transactions were sent; the dry run does not see it
// (it fills in "<nft address>" for a collection that "will" be deployed).
//
// These tests pass on today's code: they demonstrate the failure.
import { describe, expect, it } from "vitest";
import { DeployConfig, deploymentOrder } from "../../deploy/config";
import { chain, config, run, tmpDir } from "./helpers";

/** The simulator config with the same entries, keys in another order. */
function reordered(order: string[]): DeployConfig {
  const c = config();
  return { ...c, contracts: Object.fromEntries(order.map((n) => [n, c.contracts[n]])) };
}

describe("attack-16: deployment order follows the config's key order", () => {
  const sorted = ["escrow", "liquid-staking", "nft", "tranche-pool"]; // what a key-sorting formatter writes
  const poolFirst = ["tranche-pool", "nft", "escrow", "liquid-staking"];

  it("a key-sorted config deploys escrow before its collection; nothing reorders it", () => {
    expect(deploymentOrder(reordered(sorted), sorted)).toEqual(sorted);
    expect(deploymentOrder(reordered(poolFirst), poolFirst)).toEqual(poolFirst);
  });

  it("the dry run of a pool-before-nft config passes, the real run fails midway after sending transactions", async () => {
    const cfg = reordered(poolFirst);
    const dry = await run(chain(), tmpDir(), { config: cfg, dryRun: true });
    expect(dry.txs).toBe(0);
    expect(dry.log.text()).not.toMatch(/error/i);

    const c = chain();
    const err = await run(c, tmpDir(), { config: cfg }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    // The pool's instantiate message is made before nft exists; the error then tells the user to
    // do what they did (nft is in this deploy).
    expect((err as Error).message).toBe("tranche-pool needs an NFT collection to accept: deploy nft first (or with it: --only nft,tranche-pool)");
    // Gas was spent before the failure: codes were uploaded to the chain.
    expect(c.app.wasm.allCodes().length).toBeGreaterThan(0);
  });
});
