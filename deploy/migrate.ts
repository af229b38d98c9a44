// `npm run deploy -- migrate --contract <name>`: upload the contract's current artifact (unless
// the chain has its checksum) and migrate the recorded instance to it. The cw2 record decides
// first, as std/cw2 would on chain: same contract type, no downgrade, and (unless allowed) a new
// version for new code; afterwards the contract must report the version its source declares.

import { Artifact, ContractName, Cw2, loadArtifact } from "./artifacts";
import { Chain, allows } from "./chain";
import { checkChainId } from "./deploy";
import { Deployments, deploymentsFile, loadDeployments, saveDeployments } from "./deployments";
import { ConfigError, MigrationError, UploadForbiddenError, classifyTxError } from "./errors";
import { Network } from "./network";
import { Log, Progress, fmtInt, short, txRecord } from "./progress";

export interface MigrateOptions {
  chain: Chain;
  network: Network;
  contract: ContractName;
  artifactsDir?: string;
  deploymentsDir: string;
  dryRun?: boolean;
  /** Migrate new code that declares the same cw2 version (the contracts allow it; we do not by default). */
  allowSameVersion?: boolean;
  log?: Log;
}

export interface MigrateResult {
  migrated: boolean;
  from: { codeId: number; version: string };
  to: { codeId: number | null; version: string };
}

const CW2_KEY = new TextEncoder().encode("contract_info");

export async function readCw2(chain: Chain, address: string): Promise<Cw2 | null> {
  const raw = await chain.queryRaw(address, CW2_KEY);
  if (!raw) return null;
  return JSON.parse(new TextDecoder().decode(raw)) as Cw2;
}

/** -1, 0, 1 for major.minor.patch versions (as std/cw2 compares them). */
export function compareSemver(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v);
    if (!m) throw new MigrationError(`invalid cw2 version "${v}": expected major.minor.patch`);
    return m.slice(1).map(BigInt);
  };
  const [pa, pb] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  return 0;
}

/** Throws unless moving from `stored` to `next` is a migration cw2 allows (and we want). */
export function checkVersions(name: ContractName, stored: Cw2, next: Cw2, allowSame: boolean): void {
  if (stored.contract !== next.contract) {
    throw new MigrationError(`${name}: the instance is ${stored.contract}, the artifact is ${next.contract}: cw2 forbids migrating to another contract type`);
  }
  const cmp = compareSemver(stored.version, next.version);
  if (cmp > 0) throw new MigrationError(`${name}: the instance runs ${stored.version}, the artifact is ${next.version}: cw2 forbids a downgrade`);
  if (cmp === 0 && !allowSame) {
    throw new MigrationError(
      `${name}: the new code declares the version the instance already runs (${next.version})`,
      `bump contractVersion in contracts/${name}/messages.ts (npm run schema && npm run build), or pass --allow-same-version`,
    );
  }
}

export async function migrate(opts: MigrateOptions): Promise<MigrateResult> {
  const p = new Progress(opts.log ?? ((l) => console.log(l)));
  const { chain, network, contract: name } = opts;
  const chainId = await checkChainId(chain, network);
  const file = deploymentsFile(opts.deploymentsDir, chainId);
  const d = loadDeployments(file);
  const rec = d?.contracts[name];
  if (!d || !rec) throw new ConfigError(`${name} is not deployed on ${chainId} (no record in ${file})`, "deploy it first: npm run deploy -- --network " + network.name);
  const info = await chain.contract(rec.address);
  if (!info) throw new ConfigError(`${name} ${rec.address} recorded in ${file} is not on the chain: the file is stale (run deploy to start afresh)`);
  const deployer = chain.deployer;
  if (info.admin === null || info.admin !== deployer) {
    throw new MigrationError(`${name} ${rec.address}: its admin is ${info.admin ?? "nobody (not migratable)"}; only the admin can migrate, this run signs as ${deployer ?? "nobody"}`);
  }
  const artifact = await loadArtifact(name, opts.artifactsDir);
  const running = await chain.code(info.codeId);
  const stored = await readCw2(chain, rec.address);
  if (!stored) throw new MigrationError(`${name} ${rec.address} has no cw2 contract_info: cannot check the migration`);
  const from = { codeId: info.codeId, version: stored.version };
  if (running?.checksum === artifact.checksum) {
    p.note("unchanged", name, `already runs code ${info.codeId} (sha256 ${short(artifact.checksum, 6)}, cw2 ${stored.version}): nothing to migrate`);
    return { migrated: false, from, to: { codeId: info.codeId, version: stored.version } };
  }
  checkVersions(name, stored, artifact.cw2, opts.allowSameVersion ?? false);
  p.info(`  cw2          ${name.padEnd(15)} ${stored.contract} ${stored.version} → ${artifact.cw2.version}`);
  if (opts.dryRun) {
    p.note("would migrate", name, `${rec.address}: code ${info.codeId} → new code (sha256 ${artifact.checksum})`);
    return { migrated: false, from, to: { codeId: null, version: artifact.cw2.version } };
  }
  const codeId = await ensureCode(opts, d, artifact, deployer, p);
  const res = await send(opts, `migrate ${name}`, deployer, () => chain.signer().migrate(deployer, rec.address, codeId, {}, "auto"));
  const tx = txRecord(res);
  const after = await readCw2(chain, rec.address);
  if (after?.version !== artifact.cw2.version) {
    throw new MigrationError(`${name} migrated to code ${codeId} but reports cw2 ${after?.version ?? "nothing"}, not ${artifact.cw2.version}: was the artifact built from this source?`);
  }
  rec.codeId = codeId;
  d.migrations.push({ contract: name, fromCodeId: info.codeId, toCodeId: codeId, fromVersion: stored.version, toVersion: after.version, tx });
  saveDeployments(file, d);
  p.tx("migrate", name, `code ${info.codeId} → ${codeId} (${stored.version} → ${after.version})`, tx);
  p.info(`done: ${p.txs} transaction(s), ${fmtInt(p.gas)} gas; recorded in ${file}`);
  return { migrated: true, from, to: { codeId, version: after.version } };
}

/** The artifact's code id: recorded, found on chain by checksum, or uploaded now. */
async function ensureCode(opts: MigrateOptions, d: Deployments, a: Artifact, deployer: string, p: Progress): Promise<number> {
  const { chain, contract: name } = opts;
  const found = (await chain.findCodes(a.checksum)).filter((c) => allows(c.instantiatePermission, deployer));
  const mine = found.find((c) => c.creator === deployer) ?? found[0];
  if (mine) {
    p.note("found", name, `code ${mine.codeId} on chain has this checksum: no upload`);
    d.codes[name] = { codeId: mine.codeId, checksum: a.checksum, upload: null, creator: mine.creator };
    return mine.codeId;
  }
  if (!allows(await chain.uploadAccess(), deployer)) {
    throw new UploadForbiddenError(
      `${opts.network.chainId} does not let ${deployer} upload code; needed: ${name} (sha256 ${a.checksum})`,
      "store the artifact through governance (MsgStoreCode proposal), then run the migration again: it finds the code by checksum",
    );
  }
  const res = await send(opts, `upload ${name}`, deployer, () => chain.signer().upload(deployer, a.wasm, "auto", `persistence-rwa ${name}`));
  const tx = txRecord(res);
  d.codes[name] = { codeId: res.codeId, checksum: res.checksum, upload: tx, creator: deployer };
  saveDeployments(deploymentsFile(opts.deploymentsDir, d.chainId), d);
  p.tx("upload", name, `code ${res.codeId}, ${fmtInt(a.wasm.length)} bytes`, tx);
  return res.codeId;
}

async function send<T>(opts: MigrateOptions, step: string, who: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw classifyTxError(step, e, who, opts.chain.endpoint);
  }
}
