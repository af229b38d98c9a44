// Gas agreement (issue 4): the same messages in the simulator and on the local chain, each within
// ±10 % of the chain's gasUsed, unless listed in EXCLUSIONS with the reason. The sequence and the
// measurement are bench/gas-agreement.ts's; `npm run bench:gas` runs them on a fresh network and
// writes bench/results/gas-agreement.{json,md}. About 30 s on the e2e localnet.
import * as fs from "fs";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { accounts } from "../../chain/localnet";
import { EXCLUSIONS, INSTANTIATE, Row, TOLERANCE, runAgreement } from "../../bench/gas-agreement";
import { assertChainUp, bondedValidators, rpcUrl } from "./chain";
import { Ctx, prepareScenarios, scenarios } from "./scenarios";

const RESULTS = path.resolve(__dirname, "../../bench/results/gas-agreement.json");
const pct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(2)} %`;

/** The rows outside the tolerance that no exclusion covers, one line each. */
function outside(rows: Row[]): string[] {
  return rows.filter((r) => !r.excluded && !(Math.abs(r.gap) <= TOLERANCE)).map((r) => `${r.contract}: ${r.message}: simulator ${r.sim}, chain ${r.chain} (${pct(r.gap)})`);
}

describe("gas: simulator vs local chain", () => {
  const rpc = rpcUrl();

  beforeAll(async () => {
    await assertChainUp(rpc);
  });

  it("instantiates the contracts with the e2e scenarios' messages", async () => {
    await prepareScenarios();
    const [owner, other, third] = await accounts(0, 3);
    const validators = await bondedValidators(rpc);
    const ctx = { owner: { address: owner }, other: { address: other }, rpc, validators } as unknown as Ctx;
    const nft = "persistence1nftcollection";
    expect(INSTANTIATE.nft()).toEqual(scenarios.nft.instantiate({ ...ctx, deployed: {} }));
    expect(INSTANTIATE["tranche-pool"](owner, nft)).toEqual(scenarios["tranche-pool"].instantiate({ ...ctx, deployed: { nft } }));
    expect(INSTANTIATE.escrow(third, nft)).toEqual(scenarios.escrow.instantiate({ ...ctx, deployed: { nft } }));
    expect(INSTANTIATE["liquid-staking"](validators)).toEqual(scenarios["liquid-staking"].instantiate({ ...ctx, deployed: {} }));
  });

  it(`every message's gas is within ±${TOLERANCE * 100} % of the chain's`, async () => {
    const rows = await runAgreement(rpc, (s) => console.log(`    ${s}`));
    for (const r of rows) {
      const note = [r.excluded ? `excluded: ${r.excluded}` : "", r.paths ? `paths differ: ${r.paths}` : ""].filter(Boolean).join("; ");
      console.log(`    ${`${r.contract}: ${r.message}`.padEnd(62)} ${String(r.sim).padStart(8)} ${String(r.chain).padStart(8)} ${pct(r.gap).padStart(9)}${note ? `  ${note}` : ""}`);
    }
    expect(rows.length).toBeGreaterThan(30);
    expect(outside(rows)).toEqual([]);
    // Excluded messages are named in EXCLUSIONS, and only those.
    for (const r of rows) expect(r.excluded).toBe(EXCLUSIONS[`${r.contract}: ${r.message}`]);
  });

  it("the recorded results (bench/results/gas-agreement.json) hold every message within the tolerance, or say why not", () => {
    const recorded = JSON.parse(fs.readFileSync(RESULTS, "utf8")) as { tolerance: number; exclusions: Record<string, string>; rows: Row[] };
    expect(recorded.tolerance).toBe(TOLERANCE);
    expect(recorded.rows.length).toBeGreaterThan(30);
    expect(outside(recorded.rows)).toEqual([]);
    for (const r of recorded.rows.filter((x) => x.excluded)) expect(recorded.exclusions[`${r.contract}: ${r.message}`]).toBe(r.excluded);
  });
});
