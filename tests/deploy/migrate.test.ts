// `npm run deploy -- migrate --contract <name>`: new code is uploaded (or found by checksum) and
// the recorded instance migrated, only when its cw2 record allows it.

import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sourceCw2 } from "../../deploy/artifacts";
import { Deployments } from "../../deploy/deployments";
import { ConfigError, MigrationError } from "../../deploy/errors";
import { MigrateOptions, checkVersions, compareSemver, migrate } from "../../deploy/migrate";
import { SimulatedChain } from "../../deploy/simulator";
import { getJson, setJson } from "@persistence-ts/simulator/app/context";
import { PrefixStorage } from "@persistence-ts/simulator/app/prefix-storage";
import { ContractInfo } from "@persistence-ts/simulator/app/wasm";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { Lines, SIM, artifactsDir, artifactsWith, chain, run, tmpDir } from "./helpers";

/** The nft version the source declares (what the artifact under test runs). */
let NFT = "";
let NFT_RE = "";
beforeAll(async () => {
  NFT = (await sourceCw2("nft")).version;
  NFT_RE = NFT.replace(/\./g, "\\.");
});

/** A custom section (id 0, name "v", one byte): same behaviour, new checksum. */
const newBuild = (b: Buffer): Buffer => Buffer.concat([b, Buffer.from([0, 3, 1, 0x76, 0x32])]);

function setCw2(c: SimulatedChain, address: string, cw2: { contract: string; version: string }): void {
  new PrefixStorage(c.app.store, `wasm/state/${address}/`).set(Buffer.from("contract_info"), Buffer.from(JSON.stringify(cw2)));
}

async function deployed(): Promise<{ c: SimulatedChain; dir: string; address: string; file: string }> {
  const c = chain();
  const dir = tmpDir();
  const r = await run(c, dir, { only: ["nft"] });
  return { c, dir, address: (JSON.parse(fs.readFileSync(r.file, "utf8")) as Deployments).contracts.nft!.address, file: r.file };
}

function opts(c: SimulatedChain, dir: string, extra: Partial<MigrateOptions> = {}): MigrateOptions & { lines: Lines } {
  const lines = new Lines();
  return { chain: c, network: SIM, contract: "nft", artifactsDir: artifactsDir(), deploymentsDir: dir, log: lines.log, lines, ...extra };
}

describe("migrate", () => {
  it("does nothing when the instance already runs the artifact", async () => {
    const { c, dir } = await deployed();
    const o = opts(c, dir);
    const res = await migrate(o);
    expect(res).toEqual({ migrated: false, from: { codeId: 1, version: NFT }, to: { codeId: 1, version: NFT } });
    expect(o.lines.text()).toMatch(/unchanged +nft +already runs code 1 .*nothing to migrate/);
  });

  it("uploads the new code, migrates from an older cw2 version and records it", async () => {
    const { c, dir, address, file } = await deployed();
    setCw2(c, address, { contract: "crates.io:persistence-rwa-nft", version: "0.0.9" });
    const o = opts(c, dir, { artifactsDir: artifactsWith("nft.wasm", newBuild) });
    const res = await migrate(o);
    expect(res).toEqual({ migrated: true, from: { codeId: 1, version: "0.0.9" }, to: { codeId: 2, version: NFT } });
    expect((await c.contract(address))!.codeId).toBe(2);
    const d = JSON.parse(fs.readFileSync(file, "utf8")) as Deployments;
    expect(d.contracts.nft!.codeId).toBe(2);
    expect(d.codes.nft!.codeId).toBe(2);
    expect(d.migrations).toEqual([expect.objectContaining({ contract: "nft", fromCodeId: 1, toCodeId: 2, fromVersion: "0.0.9", toVersion: NFT })]);
    expect(o.lines.text()).toMatch(new RegExp(`cw2 +nft +crates\\.io:persistence-rwa-nft 0\\.0\\.9 → ${NFT_RE}`));
    expect(o.lines.text()).toMatch(new RegExp(`migrate +nft +code 1 → 2 \\(0\\.0\\.9 → ${NFT_RE}\\) +gas +[\\d,]+ +tx [0-9A-F]{64}`));
    // Running it again finds nothing to do.
    expect((await migrate(opts(c, dir, { artifactsDir: o.artifactsDir }))).migrated).toBe(false);
  });

  it("refuses new code with the same version unless allowed", async () => {
    const { c, dir } = await deployed();
    const artifacts = artifactsWith("nft.wasm", newBuild);
    const err = await migrate(opts(c, dir, { artifactsDir: artifacts })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).message).toBe(`nft: the new code declares the version the instance already runs (${NFT})`);
    expect(c.app.wasm.allCodes()).toHaveLength(1); // refused before uploading
    expect((await migrate(opts(c, dir, { artifactsDir: artifacts, allowSameVersion: true }))).migrated).toBe(true);
  });

  it("refuses a downgrade and another contract type before uploading", async () => {
    const { c, dir, address } = await deployed();
    const artifacts = artifactsWith("nft.wasm", newBuild);
    setCw2(c, address, { contract: "crates.io:persistence-rwa-nft", version: "1.0.0" });
    await expect(migrate(opts(c, dir, { artifactsDir: artifacts }))).rejects.toThrow(`nft: the instance runs 1.0.0, the artifact is ${NFT}: cw2 forbids a downgrade`);
    setCw2(c, address, { contract: "crates.io:cw721-base", version: "0.0.1" });
    await expect(migrate(opts(c, dir, { artifactsDir: artifacts }))).rejects.toThrow(/the instance is crates\.io:cw721-base, the artifact is crates\.io:persistence-rwa-nft/);
    expect(c.app.wasm.allCodes()).toHaveLength(1);
  });

  it("needs a recorded instance whose admin is the deployer", async () => {
    const c = chain();
    await expect(migrate(opts(c, tmpDir()))).rejects.toBeInstanceOf(ConfigError);
    const { c: c2, dir, address } = await deployed();
    const key = `wasm/contract/${address}`;
    setJson(c2.app.store, key, { ...getJson<ContractInfo>(c2.app.store, key)!, admin: makeAddress("dao") });
    await expect(migrate(opts(c2, dir))).rejects.toThrow(/its admin is persistence1\w+; only the admin can migrate/);
  });
});

describe("cw2 versions", () => {
  it("compare as major.minor.patch numbers", () => {
    expect(compareSemver("0.1.0", "0.2.0")).toBe(-1);
    expect(compareSemver("0.10.0", "0.9.9")).toBe(1);
    expect(compareSemver("1.2.3", "1.2.3")).toBe(0);
    expect(() => compareSemver("1.2", "1.2.3")).toThrow(/invalid cw2 version "1.2"/);
  });

  it("allow upgrades of the same contract only", () => {
    const nft = { contract: "crates.io:persistence-rwa-nft", version: "0.2.0" };
    expect(() => checkVersions("nft", { ...nft, version: "0.1.0" }, nft, false)).not.toThrow();
    expect(() => checkVersions("nft", nft, nft, true)).not.toThrow();
    expect(() => checkVersions("nft", nft, nft, false)).toThrow(MigrationError);
  });

  it("reads the version each contract's source declares", async () => {
    expect(await sourceCw2("escrow")).toEqual({ contract: "crates.io:persistence-rwa-escrow", version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect(fs.existsSync(path.join(artifactsDir(), "escrow.wasm"))).toBe(true);
  });
});
