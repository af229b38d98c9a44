// The deploy CLI and the RWA lifecycle of `npm run demo` on a real local chain (run by
// `npm run test:chain`; or start a localnet and `npx vitest run -c vitest.e2e.config.ts`).
// The same stories as tests/deploy/lifecycle.test.ts; amounts are checked net of gas fees and
// where chain time is real (interest, rewards) by direction rather than to the unit.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { MNEMONIC } from "../../chain/localnet";
import { ARTIFACTS_DIR } from "../../deploy/artifacts";
import { loadConfig } from "../../deploy/config";
import { deploy } from "../../deploy/deploy";
import { DemoResult, runDemo } from "../../deploy/demo";
import { ChainIdMismatchError } from "../../deploy/errors";
import { STABLE } from "../../deploy/lifecycle/escrow";
import { deployerMnemonic, loadNetwork } from "../../deploy/network";
import { RpcChain } from "../../deploy/rpc-chain";
import { assertChainUp, rpcUrl } from "./chain";

const atoms = (r: string): bigint => {
  const [i, f = ""] = r.split(".");
  return BigInt(i) * 10n ** 18n + BigInt(f.padEnd(18, "0"));
};

describe("deploy and the RWA lifecycle on a local chain", () => {
  const rpc = rpcUrl();
  const net = loadNetwork("localnet", { rpc });
  const lines: string[] = [];
  let demo: DemoResult;
  let dir: string;

  beforeAll(async () => {
    await assertChainUp(rpc);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-lifecycle-"));
    demo = await runDemo({ network: net, artifactsDir: ARTIFACTS_DIR, deploymentsDir: dir, out: (l) => lines.push(l) });
  });

  it("deployed the four contracts with the deployer as admin, and a second deploy does nothing", async () => {
    const chain = await RpcChain.connect(net, { mnemonic: deployerMnemonic(net) });
    try {
      const d = JSON.parse(fs.readFileSync(path.join(dir, "localpersistence-1.json"), "utf8"));
      for (const name of ["nft", "escrow", "tranche-pool", "liquid-staking"]) {
        const info = await chain.contract(d.contracts[name].address);
        expect(info).toMatchObject({ codeId: d.codes[name].codeId, admin: chain.deployer });
        expect((await chain.code(d.codes[name].codeId))!.checksum).toBe(d.codes[name].checksum);
      }
      const log: string[] = [];
      const again = await deploy({ chain, network: net, config: loadConfig("localnet"), artifactsDir: ARTIFACTS_DIR, deploymentsDir: dir, log: (l) => log.push(l) });
      expect(again).toMatchObject({ txs: 0, changed: false });
      expect(log.join("\n")).toMatch(/nothing to do/);
      const wrong = await deploy({ chain, network: { ...net, chainId: "core-1" }, config: loadConfig("localnet"), deploymentsDir: dir, log: () => {} }).catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(ChainIdMismatchError);
    } finally {
      chain.disconnect();
    }
    expect(lines.join("\n")).not.toContain(MNEMONIC);
  });

  it("story 1: the invoice settles atomically at the negotiated price (balances net of gas)", () => {
    const e = demo.lifecycle.escrow;
    expect(e.price).toBe(9_800n * STABLE);
    expect(e.fee).toBe(245n * STABLE);
    expect(e.smeReceived).toBe(9_555n * STABLE);
    expect(e.financierPaid).toBe(9_800n * STABLE);
    expect(e.collectorReceived).toBe(245n * STABLE);
    expect(e.status).toBe("settled");
  });

  it("story 2: the deposit orders execute at the first close; interest raises both share prices; the late loan leaves junior's order value at maturity, senior keeps its target", () => {
    const p = demo.lifecycle.pool;
    expect(p.firstClose).toMatchObject({ juniorMinted: p.juniorDeposit, seniorMinted: p.seniorDeposit });
    expect(p.prices.start).toEqual({ senior: "1", junior: "1" });
    expect(p.loan1.interestPaid).toBeGreaterThan(0n);
    expect(p.loan1.reserveFee).toBe(p.loan1.interestPaid / 10n);
    expect(atoms(p.prices.afterRepay.senior)).toBeGreaterThan(atoms(p.prices.start.senior));
    expect(atoms(p.prices.afterRepay.junior)).toBeGreaterThan(atoms(p.prices.start.junior));
    expect(p.afterWriteDown.senior).toBe(p.afterWriteDown.seniorTarget);
    // At maturity (grace 0 on the localnet) orders count the loan 0: junior's order value loses at
    // least its principal; the write-down then moves the reported NAV, and junior only by T's
    // growth between the queries (chain time passes: by direction and exact differences only).
    expect(p.current.junior - p.overdue.junior).toBeGreaterThanOrEqual(p.loan2.amount);
    expect(p.beforeWriteDown.junior - p.afterWriteDown.junior).toBe(p.afterWriteDown.seniorTarget - p.beforeWriteDown.seniorTarget);
    expect(p.beforeWriteDown.assets - p.afterWriteDown.assets).toBeGreaterThanOrEqual(p.loan2.loss);
    expect(p.loan2.loss).toBeLessThanOrEqual(p.loan2.writtenDown);
    expect(p.loan2.writtenDown).toBeGreaterThanOrEqual(20_000n * STABLE);
  });

  it("story 3: real staking rewards raise the rate; the batch and the instant unstake pay out", () => {
    const s = demo.lifecycle.staking;
    expect(s.stkMinted).toBe(10_000n * STABLE - 1_000n);
    expect(atoms(s.rates.beforeHarvest)).toBeGreaterThan(atoms(s.rates.atBond));
    expect(atoms(s.rates.afterHarvest)).toBeGreaterThanOrEqual(atoms(s.rates.beforeHarvest));
    expect(s.harvested).toBeGreaterThan(0n);
    expect(s.unbond.withdrawn).toBe(s.unbond.native);
    expect(s.instant.fee).toBe((s.instant.paid + s.instant.fee + 99n) / 100n);
    expect(s.stakerNet).toBe(-s.bonded + s.unbond.withdrawn + s.instant.paid);
    console.log(
      `    lifecycle: ${demo.lifecycle.transactions} transactions, ${demo.lifecycle.gasUsed.toLocaleString("en-US")} gas; rate ${s.rates.atBond} → ${s.rates.end}; junior ${p(demo)} after the default`,
    );
  });
});

const p = (d: DemoResult): string => d.lifecycle.pool.prices.afterDefault.junior;
