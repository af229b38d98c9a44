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
// Now (fixed): the collection is deployed first whatever the config's key order
// (deploymentOrder); the rest keeps the config's order.
import { describe, expect, it } from "vitest";
import { DeployConfig, deploymentOrder } from "../../deploy/config";
import { chain, config, run, tmpDir } from "./helpers";

/** The simulator config with the same entries, keys in another order. */
function reordered(order: string[]): DeployConfig {
  const c = config();
  return { ...c, contracts: Object.fromEntries(order.map((n) => [n, c.contracts[n]])) };
}

describe("attack-16 (fixed): the collection is deployed first, whatever the config's key order", () => {
  const sorted = ["escrow", "liquid-staking", "nft", "tranche-pool"]; // what a key-sorting formatter writes
  const poolFirst = ["tranche-pool", "nft", "escrow", "liquid-staking"];

  it("puts nft first and keeps the config's order for the rest", () => {
    expect(deploymentOrder(reordered(sorted), sorted)).toEqual(["nft", "escrow", "liquid-staking", "tranche-pool"]);
    expect(deploymentOrder(reordered(poolFirst), poolFirst)).toEqual(["nft", "tranche-pool", "escrow", "liquid-staking"]);
  });

  it("a pool-before-nft config deploys all four, the pool accepting the collection", async () => {
    const c = chain();
    const res = await run(c, tmpDir(), { config: reordered(poolFirst) });
    const d = res.deployments;
    expect(Object.keys(d.contracts).sort()).toEqual(["escrow", "liquid-staking", "nft", "tranche-pool"]);
    const nft = d.contracts.nft!.address;
    expect(c.app.query<{ collections: string[] }>(d.contracts["tranche-pool"]!.address, { config: {} }).collections).toEqual([nft]);
    expect(c.app.query(d.contracts.escrow!.address, { allowlist: { list: "collections" } })).toEqual({ entries: [nft] });
  });
});
