// The deploy CLI's logic against the simulator: a complete deploy and what it records, an
// idempotent second run, a failure midway that a re-run completes, dry runs, --only, and every
// error the issue names (chain-id mismatch, forbidden upload, insufficient funds, missing or
// failing artifact, unreachable RPC).

import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../deploy/artifacts";
import { Deployments } from "../../deploy/deployments";
import { ArtifactError, ChainIdMismatchError, ConfigError, InsufficientFundsError, RpcUnreachableError, TxError, UploadForbiddenError } from "../../deploy/errors";
import { loadNetwork } from "../../deploy/network";
import { RpcChain } from "../../deploy/rpc-chain";
import { simValidator } from "../../deploy/simulator";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { SIM, artifactsDir, artifactsWith, chain, config, files, run, tmpDir } from "./helpers";

const read = (file: string): Deployments => JSON.parse(fs.readFileSync(file, "utf8")) as Deployments;

describe("deploy into the simulator", () => {
  it("uploads, instantiates and wires the four contracts and records them", async () => {
    const c = chain();
    const dir = tmpDir();
    const r = await run(c, dir);
    expect(r.txs).toBe(8);
    expect(r.file).toBe(path.join(dir, "persistence-simulator-1.json"));
    const d = read(r.file);
    expect(d).toMatchObject({ chainId: "persistence-simulator-1", network: "simulator", deployer: c.deployer });
    for (const name of ["nft", "escrow", "tranche-pool", "liquid-staking"] as const) {
      const code = d.codes[name]!;
      expect(code.checksum).toBe(sha256Hex(fs.readFileSync(path.join(artifactsDir(), `${name}.wasm`))));
      expect(code.upload!.txHash).toMatch(/^[0-9A-F]{64}$/);
      expect(code.upload!.gasUsed).toBeGreaterThan(0);
      const contract = d.contracts[name]!;
      expect(await c.contract(contract.address)).toMatchObject({ codeId: code.codeId, admin: c.deployer, label: contract.label });
      expect(contract.instantiate.gasUsed).toBeGreaterThan(0);
    }
    // One progress line per transaction, with its gas and hash.
    const txLines = r.log.lines.filter((l) => / gas +[\d,]+ +tx [0-9A-F]{64}$/.test(l));
    expect(txLines).toHaveLength(8);

    // Wiring: the escrow and the pool accept the collection, the escrow the config's stablecoin.
    const nft = d.contracts.nft!.address;
    const escrow = d.contracts.escrow!.address;
    const usdc = config().contracts.escrow.instantiate.native_denoms as string[];
    expect(c.app.query(escrow, { allowlist: { list: "collections" } })).toEqual({ entries: [nft] });
    expect(c.app.query(escrow, { allowlist: { list: "native_denoms" } })).toEqual({ entries: usdc });
    expect(c.app.query<{ collections: string[] }>(d.contracts["tranche-pool"]!.address, { config: {} }).collections).toEqual([nft]);
  });

  it("gives liquid staking the chain's bonded validators (most stake first, equal weights) and unbonding time", async () => {
    const c = chain({ validators: 3 });
    const d = read((await run(c, tmpDir())).file);
    const msg = d.contracts["liquid-staking"]!.msg;
    expect(msg.validators).toEqual([
      { address: simValidator(1), weight: 3334 },
      { address: simValidator(2), weight: 3333 },
      { address: simValidator(3), weight: 3333 },
    ]);
    expect(msg.unbonding_period).toBe(21 * 86_400);
    // maxValidators caps the set.
    const cfg = config();
    cfg.contracts["liquid-staking"].maxValidators = 2;
    const d2 = read((await run(chain({ validators: 3 }), tmpDir(), { config: cfg })).file);
    expect((d2.contracts["liquid-staking"]!.msg.validators as unknown[]).length).toBe(2);
  });

  it("a second run changes nothing and says so", async () => {
    const c = chain();
    const dir = tmpDir();
    const first = await run(c, dir);
    const bytes = fs.readFileSync(first.file, "utf8");
    const height = c.app.block.height;
    const second = await run(c, dir);
    expect(second.txs).toBe(0);
    expect(second.changed).toBe(false);
    expect(c.app.block.height).toBe(height);
    expect(fs.readFileSync(first.file, "utf8")).toBe(bytes);
    expect(second.log.text()).toMatch(/nothing to do: every contract is deployed and wired .* \(0 transactions\)/);
    expect(second.log.text()).toContain("code 1 already stored");
    expect(second.log.text()).toContain("already instantiated");
  });

  it("a failure midway leaves a deployments file that a re-run completes", async () => {
    const c = chain();
    const dir = tmpDir();
    const bad = config();
    bad.contracts["tranche-pool"].instantiate.senior_apr = "2"; // the schema takes it, the contract refuses it
    const err = await run(c, dir, { config: bad }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TxError);
    expect((err as TxError).message).toMatch(/instantiate tranche-pool failed/);
    const partial = read(path.join(dir, "persistence-simulator-1.json"));
    expect(Object.keys(partial.codes).sort()).toEqual(["escrow", "nft", "tranche-pool"]);
    expect(Object.keys(partial.contracts).sort()).toEqual(["escrow", "nft"]);

    const again = await run(c, dir);
    // Only what was missing: liquid staking's upload and two instantiations.
    expect(again.txs).toBe(3);
    expect(again.log.text()).toMatch(/upload +liquid-staking/);
    expect(again.log.text()).not.toMatch(/upload +(nft|escrow|tranche-pool) /);
    const done = read(again.file);
    expect(done.contracts.nft).toEqual(partial.contracts.nft);
    expect(Object.keys(done.contracts).sort()).toEqual(["escrow", "liquid-staking", "nft", "tranche-pool"]);
    expect((await run(c, dir)).txs).toBe(0);
  });

  it("--only deploys some contracts; a later run adds the rest and wires them to the existing collection", async () => {
    const c = chain();
    const dir = tmpDir();
    const first = await run(c, dir, { only: ["escrow"] });
    expect(first.txs).toBe(2);
    expect(Object.keys(read(first.file).contracts)).toEqual(["escrow"]);
    const escrow = read(first.file).contracts.escrow!.address;
    expect(c.app.query(escrow, { allowlist: { list: "collections" } })).toEqual({ entries: [] });

    const second = await run(c, dir, { only: ["nft", "tranche-pool"] });
    const d = read(second.file);
    const nft = d.contracts.nft!.address;
    // The escrow learns about the new collection through update_allowlist.
    expect(c.app.query(escrow, { allowlist: { list: "collections" } })).toEqual({ entries: [nft] });
    expect(second.log.text()).toMatch(/wire +escrow +collections \+= /);
    expect(d.wiring[`escrow.collections+${nft}`].txHash).toMatch(/^[0-9A-F]{64}$/);
    expect(second.txs).toBe(5);
  });

  it("refuses the pool without a collection before sending anything", async () => {
    const c = chain();
    await expect(run(c, tmpDir(), { only: ["tranche-pool"] })).rejects.toThrow(/tranche-pool needs an NFT collection to accept: deploy nft first/);
    expect(c.app.wasm.allCodes()).toEqual([]);
  });

  it("finds code already on the chain by checksum instead of uploading it", async () => {
    const c = chain();
    const wasm = fs.readFileSync(path.join(artifactsDir(), "nft.wasm"));
    const other = makeAddress("someone-else");
    c.app.storeCode(other, wasm);
    const r = await run(c, tmpDir());
    expect(r.log.text()).toMatch(/found +nft +code 1 on chain has this checksum/);
    const d = read(r.file);
    expect(d.codes.nft).toMatchObject({ codeId: 1, upload: null, creator: other });
    expect(r.txs).toBe(7);
  });

  it("moves a file that does not match the chain aside (a reset localnet) and starts afresh", async () => {
    const dir = tmpDir();
    await run(chain(), dir);
    const r = await run(chain(), dir); // a new chain with the same chain id
    expect(r.txs).toBe(8);
    expect(r.log.text()).toMatch(/does not match the chain \(.*\): moved to/);
    expect(files(dir).filter((f) => f.includes(".stale-"))).toHaveLength(1);
  });
});

describe("dry run", () => {
  it("checks and plans everything but sends and writes nothing", async () => {
    const c = chain();
    const dir = tmpDir();
    const r = await run(c, dir, { dryRun: true });
    expect(files(dir)).toEqual([]);
    expect(c.app.wasm.allCodes()).toEqual([]);
    expect(r.txs).toBe(0);
    expect(r.log.text()).toMatch(/would upload +nft +[\d,]+ bytes, sha256 [0-9a-f]{64}/);
    expect(r.log.text()).toMatch(/would init +tranche-pool .*"collections":\["<nft address>"\]/);
    expect(r.log.text()).toContain("dry run: nothing sent, nothing written (8 transaction(s) planned)");
  });

  it("after a deploy plans nothing", async () => {
    const c = chain();
    const dir = tmpDir();
    await run(c, dir);
    const bytes = fs.readFileSync(path.join(dir, "persistence-simulator-1.json"), "utf8");
    const r = await run(c, dir, { dryRun: true });
    expect(r.log.text()).toContain("(0 transaction(s) planned)");
    expect(fs.readFileSync(path.join(dir, "persistence-simulator-1.json"), "utf8")).toBe(bytes);
  });
});

describe("clear errors, before any transaction", () => {
  it("chain-id mismatch", async () => {
    const c = chain();
    const dir = tmpDir();
    const mainnet = { ...SIM, chainId: "core-1" };
    const err = await run(c, dir, { network: mainnet }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChainIdMismatchError);
    expect((err as Error).message).toBe('chain-id mismatch: network expects "core-1" but simulator serves "persistence-simulator-1"');
    expect(files(dir)).toEqual([]);
    expect(c.app.wasm.allCodes()).toEqual([]);
  });

  it("forbidden upload names the checksums to store through governance; code already stored is still used", async () => {
    const c = chain({ uploadAccess: { everybody: false, addresses: [] } });
    const dir = tmpDir();
    const err = await run(c, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadForbiddenError);
    expect((err as UploadForbiddenError).message).toMatch(/does not let persistence1\w+ upload code \(code_upload_access: Nobody\); needed: nft \(sha256 [0-9a-f]{64}\)/);
    expect((err as UploadForbiddenError).hint).toMatch(/governance/);
    expect(files(dir)).toEqual([]);
    // Governance stored the code: the deploy finds it by checksum and only instantiates.
    for (const name of ["nft", "escrow", "tranche-pool", "liquid-staking"]) c.app.storeCode(makeAddress("gov"), fs.readFileSync(path.join(artifactsDir(), `${name}.wasm`)));
    const r = await run(c, dir);
    expect(r.txs).toBe(4);
  });

  it("a contract the config does not list, whose instantiate needs more than an owner, names what to add", async () => {
    const c = chain();
    const dir = tmpDir();
    const others = Object.fromEntries(Object.entries(config().contracts).filter(([name]) => name !== "nft"));
    const err = await run(c, dir, { config: { ...config(), contracts: others }, only: ["nft"] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toBe(
      "nft: deploy/config/simulator.json has no entry for it, and its instantiate message needs name, symbol, which the deploy cannot derive (it fills in only owner/admin with the deployer)",
    );
    expect((err as ConfigError).hint).toBe('add "nft": { "label": "nft", "instantiate": { "name": …, "symbol": … } } to "contracts" in deploy/config/simulator.json');
    expect(files(dir)).toEqual([]);
    expect(c.app.wasm.allCodes()).toEqual([]);
  });

  it("insufficient funds: says how much is needed", async () => {
    const c = chain({ deployerBalance: 1_000n });
    const err = await run(c, tmpDir()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InsufficientFundsError);
    expect((err as Error).message).toMatch(/the deployer persistence1\w+ holds 1,000uxprt; this deployment needs about [\d,]+uxprt \([\d,]+ gas at 0\.025uxprt\)/);
    expect(c.app.wasm.allCodes()).toEqual([]);
  });

  it("missing artifact", async () => {
    const dir = artifactsWith("liquid-staking.wasm", () => null);
    const err = await run(chain(), tmpDir(), { artifactsDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactError);
    expect((err as ArtifactError).message).toMatch(/missing artifact .*liquid-staking\.wasm/);
    expect((err as ArtifactError).hint).toBe("run `npm run build` first");
  });

  it("an artifact failing the upload checker names the rule", async () => {
    // A start section (id 8) appended: the VM would run it with zero gas and trap.
    const dir = artifactsWith("escrow.wasm", (b) => Buffer.concat([b, Buffer.from([8, 1, 0])]));
    const err = await run(chain(), tmpDir(), { artifactsDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactError);
    expect((err as Error).message).toMatch(/escrow\.wasm fails the upload checker \(npm run check\): .*\[/);
  });

  it("an artifact of another contract is caught by its cw2 name", async () => {
    const dir = artifactsWith("escrow.wasm", () => fs.readFileSync(path.join(artifactsDir(), "nft.wasm")));
    const err = await run(chain(), tmpDir(), { artifactsDir: dir }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/does not carry the cw2 name crates\.io:persistence-rwa-escrow/);
  });

  it("an unreachable RPC endpoint", async () => {
    const net = loadNetwork("localnet", { rpc: "http://127.0.0.1:4" }, {});
    const err = await RpcChain.connect(net, { mnemonic: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcUnreachableError);
    expect((err as RpcUnreachableError).message).toMatch(/cannot reach the RPC endpoint http:\/\/127\.0\.0\.1:4: fetch failed \(ECONNREFUSED\)/);
    expect((err as RpcUnreachableError).hint).toMatch(/npm run localnet -- start/);
  });
});
