// The deploy itself: check the chain and the artifacts, survey what is already there, then
// upload (skipping code whose checksum the chain already has), instantiate and wire, recording
// each transaction in deploy/deployments/<chain-id>.json as soon as it lands.

import { calculateFee } from "@cosmjs/stargate";
import { EscrowClient } from "../clients/escrow/Escrow.client";
import type { Allowlist } from "../clients/escrow/Escrow.types";
import { TranchePoolClient } from "../clients/tranche-pool/TranchePool.client";
import { Artifact, ContractName, loadArtifact } from "./artifacts";
import { Chain, CodeInfo, allows, codegenClient, describeAccess } from "./chain";
import { DeployConfig, contractConfig, deploymentOrder, instantiateMsg, resolvePlaceholders } from "./config";
import {
  CodeRecord,
  Deployments,
  deploymentsFile,
  emptyDeployments,
  loadDeployments,
  moveAside,
  saveDeployments,
} from "./deployments";
import { ChainIdMismatchError, ConfigError, InsufficientFundsError, MnemonicMissingError, UploadForbiddenError, classifyTxError } from "./errors";
import { Network, parseGasPrice } from "./network";
import { Log, Progress, fmtInt, short, txRecord } from "./progress";

export interface DeployOptions {
  chain: Chain;
  network: Network;
  config: DeployConfig;
  /** Contracts to deploy, in any order (default: those the config lists; any contract in contracts/ may be named). */
  only?: readonly ContractName[];
  /** Check and plan, print what would happen, send and write nothing. */
  dryRun?: boolean;
  artifactsDir?: string;
  deploymentsDir: string;
  log?: Log;
}

export interface DeployResult {
  file: string;
  deployments: Deployments;
  txs: number;
  gasUsed: number;
  /** False when the run found everything done (no transaction, the file untouched). */
  changed: boolean;
}

/**
 * Gas per step for the funds check before anything is sent, a little above what wasmd 0.60
 * charged on the localnet (upload ≈ 8 gas per byte, instantiate ≈ 190-230k), times cosmjs's
 * "auto" multiplier.
 */
export const GAS_ESTIMATE = { uploadPerByte: 10, uploadBase: 100_000, instantiate: 300_000, wire: 200_000, multiplier: 1.4 };

type CodeAction = { kind: "recorded"; code: CodeRecord } | { kind: "found"; code: CodeInfo } | { kind: "upload" } | { kind: "changed"; running: number };

interface Plan {
  contract: ContractName;
  artifact: Artifact;
  code: CodeAction;
  /** The recorded contract, when it exists on the chain. */
  deployed: boolean;
}

export async function checkChainId(chain: Chain, network: Network): Promise<string> {
  const actual = await chain.chainId();
  if (actual !== network.chainId) throw new ChainIdMismatchError(network.chainId, actual, chain.endpoint);
  return actual;
}

/** The deployments file for this chain, or a fresh one when none exists or it describes another chain state. */
export async function openDeployments(chain: Chain, network: Network, file: string, deployer: string, p: Progress, dryRun: boolean): Promise<Deployments> {
  const recorded = loadDeployments(file);
  if (!recorded) return emptyDeployments(network.chainId, network.name, deployer);
  const stale = await staleReason(chain, recorded);
  if (stale === null) {
    if (recorded.deployer !== deployer) p.info(`  note: ${file} was written by ${recorded.deployer}; this run deploys as ${deployer}`);
    return recorded;
  }
  if (dryRun) p.info(`  note: ${file} does not match the chain (${stale}): a real run moves it aside and starts afresh`);
  else p.info(`  note: ${file} does not match the chain (${stale}): moved to ${moveAside(file)}; starting afresh`);
  return emptyDeployments(network.chainId, network.name, deployer);
}

/** Why the recorded codes and contracts are not what the chain has (a reset localnet), or null. */
async function staleReason(chain: Chain, d: Deployments): Promise<string | null> {
  for (const [name, code] of Object.entries(d.codes)) {
    const onChain = await chain.code(code.codeId);
    if (!onChain) return `code ${code.codeId} of ${name} is not on the chain`;
    if (onChain.checksum !== code.checksum) return `code ${code.codeId} of ${name} has checksum ${short(onChain.checksum)}, recorded ${short(code.checksum)}`;
  }
  for (const [name, c] of Object.entries(d.contracts)) {
    const onChain = await chain.contract(c.address);
    if (!onChain) return `${name} ${c.address} is not on the chain`;
  }
  return null;
}

async function surveyCode(chain: Chain, d: Deployments, a: Artifact, deployer: string): Promise<CodeAction> {
  const rec = d.codes[a.contract];
  const contract = d.contracts[a.contract];
  if (rec && rec.checksum === a.checksum) return { kind: "recorded", code: rec };
  if (contract && contract.codeId !== undefined) {
    const running = await chain.code(contract.codeId);
    if (running && running.checksum !== a.checksum) return { kind: "changed", running: contract.codeId };
  }
  const usable = (await chain.findCodes(a.checksum)).filter((c) => allows(c.instantiatePermission, deployer));
  // Prefer the deployer's own upload, then the oldest.
  const found = usable.find((c) => c.creator === deployer) ?? usable[0];
  return found ? { kind: "found", code: found } : { kind: "upload" };
}

async function survey(chain: Chain, d: Deployments, artifacts: Artifact[], deployer: string): Promise<Plan[]> {
  const plans: Plan[] = [];
  for (const a of artifacts) {
    const rec = d.contracts[a.contract];
    plans.push({ contract: a.contract, artifact: a, code: await surveyCode(chain, d, a, deployer), deployed: rec !== undefined });
  }
  return plans;
}

function estimateGas(plans: Plan[]): number {
  let gas = 0;
  for (const p of plans) {
    if (p.code.kind === "upload") gas += GAS_ESTIMATE.uploadBase + GAS_ESTIMATE.uploadPerByte * p.artifact.wasm.length;
    if (!p.deployed) gas += GAS_ESTIMATE.instantiate;
  }
  if (plans.some((p) => !p.deployed)) gas += 2 * GAS_ESTIMATE.wire;
  return Math.ceil(gas * GAS_ESTIMATE.multiplier);
}

/** The pool cannot be instantiated without a collection to accept: say so before uploading anything. */
function checkDependencies(plans: Plan[], d: Deployments, config: DeployConfig): void {
  const pool = plans.find((x) => x.contract === "tranche-pool" && !x.deployed);
  if (!pool || d.contracts.nft || plans.some((x) => x.contract === "nft")) return;
  const listed = config.contracts["tranche-pool"]?.instantiate.collections;
  if (Array.isArray(listed) && listed.length > 0) return;
  throw new ConfigError("tranche-pool needs an NFT collection to accept: deploy nft first (or with it: --only nft,tranche-pool), or list collections in the config");
}

/** Refuses before the first transaction when uploads are forbidden or the deployer cannot pay. */
async function preflight(chain: Chain, network: Network, plans: Plan[], deployer: string, p: Progress): Promise<void> {
  const uploads = plans.filter((x) => x.code.kind === "upload");
  if (uploads.length > 0) {
    const access = await chain.uploadAccess();
    if (!allows(access, deployer)) {
      const list = uploads.map((u) => `${u.contract} (sha256 ${u.artifact.checksum})`).join(", ");
      throw new UploadForbiddenError(
        `${network.chainId} does not let ${deployer} upload code (code_upload_access: ${describeAccess(access)}); needed: ${list}`,
        "store these artifacts through governance (a MsgStoreCode proposal) or from an allowed address; a re-run then finds them by checksum and only instantiates",
      );
    }
  }
  const gas = estimateGas(plans);
  if (gas === 0) return;
  const fee = calculateFee(gas, parseGasPrice(network.gasPrice)).amount[0];
  const denom = fee.denom;
  const need = BigInt(fee.amount);
  const have = await chain.balance(deployer, denom);
  p.info(`  estimate     ~${fmtInt(gas)} gas ≈ ${fmtInt(need)}${denom} at ${network.gasPrice}; the deployer holds ${fmtInt(have)}${denom}`);
  if (have < need) {
    throw new InsufficientFundsError(
      `the deployer ${deployer} holds ${fmtInt(have)}${denom}; this deployment needs about ${fmtInt(need)}${denom} (${fmtInt(gas)} gas at ${network.gasPrice})`,
      `send at least ${fmtInt(need - have)}${denom} to ${deployer} and run the same command again`,
    );
  }
}

export async function deploy(opts: DeployOptions): Promise<DeployResult> {
  const p = new Progress(opts.log ?? ((l) => console.log(l)));
  const { chain, network } = opts;
  const dryRun = opts.dryRun ?? false;
  const chainId = await checkChainId(chain, network);
  const names = deploymentOrder(opts.config, opts.only ?? Object.keys(opts.config.contracts));
  // Each contract's instantiate message must be known (listed or derivable) before anything is sent.
  for (const n of names) contractConfig(opts.config, n);
  const artifacts = await Promise.all(names.map((n) => loadArtifact(n, opts.artifactsDir)));
  p.info(`  artifacts    ${artifacts.map((a) => `${a.contract} ${short(a.checksum, 6)}`).join(", ")}: pass the upload checker`);
  const deployer = chain.deployer;
  if (!deployer) throw new MnemonicMissingError("no deployer key: set $DEPLOY_MNEMONIC (a dry run needs it too, to check the deployer's balance and rights)");
  const file = deploymentsFile(opts.deploymentsDir, chainId);
  const d = await openDeployments(chain, network, file, deployer, p, dryRun);
  const plans = await survey(chain, d, artifacts, deployer);
  checkDependencies(plans, d, opts.config);
  await preflight(chain, network, plans, deployer, p);
  const run = new Run(opts, p, d, file, deployer, dryRun);
  for (const plan of plans) {
    await run.code(plan);
    await run.contract(plan);
  }
  await run.wire(names);
  const changed = run.changed;
  if (dryRun) p.info(`dry run: nothing sent, nothing written (${run.planned} transaction(s) planned)`);
  else if (!changed) p.info(`nothing to do: every contract is deployed and wired as ${file} records (0 transactions)`);
  else p.info(`done: ${p.txs} transaction(s), ${fmtInt(p.gas)} gas; recorded in ${file}`);
  return { file, deployments: d, txs: p.txs, gasUsed: p.gas, changed };
}

/** One deploy run's state: the record it updates and how it reports. */
class Run {
  changed = false;
  planned = 0;

  constructor(
    private readonly opts: DeployOptions,
    private readonly p: Progress,
    private readonly d: Deployments,
    private readonly file: string,
    private readonly deployer: string,
    private readonly dryRun: boolean,
  ) {}

  private save(): void {
    this.changed = true;
    if (!this.dryRun) saveDeployments(this.file, this.d);
  }

  /** Makes sure the chain holds the artifact's code and the record names it. */
  async code(plan: Plan): Promise<void> {
    const { contract: name, artifact: a, code } = plan;
    if (code.kind === "recorded") return this.p.note("code", name, `code ${code.code.codeId} already stored (sha256 ${short(a.checksum, 6)})`);
    if (code.kind === "changed") {
      return this.p.note(
        "changed",
        name,
        `the artifact (sha256 ${short(a.checksum, 6)}) differs from code ${code.running} the contract runs: left as is; to upgrade: npm run deploy -- migrate --contract ${name}`,
      );
    }
    if (code.kind === "found") {
      this.d.codes[name] = { codeId: code.code.codeId, checksum: a.checksum, upload: null, creator: code.code.creator };
      this.p.note("found", name, `code ${code.code.codeId} on chain has this checksum (uploaded by ${short(code.code.creator)}): no upload`);
      return this.save();
    }
    if (this.dryRun) {
      this.planned++;
      return this.p.note("would upload", name, `${fmtInt(a.wasm.length)} bytes, sha256 ${a.checksum}`);
    }
    const res = await this.send(`upload ${name}`, () => this.opts.chain.signer().upload(this.deployer, a.wasm, "auto", `persistence-rwa ${name}`));
    const tx = txRecord(res);
    this.d.codes[name] = { codeId: res.codeId, checksum: res.checksum, upload: tx, creator: this.deployer };
    this.save();
    this.p.tx("upload", name, `code ${res.codeId}, ${fmtInt(a.wasm.length)} bytes`, tx);
  }

  /** Instantiates the contract unless the record names one that exists. */
  async contract(plan: Plan): Promise<void> {
    const name = plan.contract;
    const rec = this.d.contracts[name];
    if (rec) return this.p.note("contract", name, `already instantiated: ${rec.address} (code ${rec.codeId})`);
    const code = this.d.codes[name];
    const cfg = contractConfig(this.opts.config, name);
    const msg = await instantiateMsg(name, this.opts.config, {
      deployer: this.deployer,
      nft: this.d.contracts.nft?.address ?? (this.dryRun && name !== "nft" && this.willDeploy("nft") ? "<nft address>" : null),
      bonded: () => this.opts.chain.bondedValidators(),
      unbondingSeconds: () => this.opts.chain.unbondingSeconds(),
    });
    const admin = resolvePlaceholders(this.opts.config.admin, this.deployer);
    if (this.dryRun) {
      this.planned++;
      return this.p.note("would init", name, `label ${cfg.label}, admin ${admin}, msg ${JSON.stringify(msg)}`);
    }
    if (!code) throw new Error(`internal: no code recorded for ${name}`);
    const res = await this.send(`instantiate ${name}`, () =>
      this.opts.chain.signer().instantiate(this.deployer, code.codeId, msg as unknown as Record<string, unknown>, cfg.label, "auto", { admin }),
    );
    const tx = txRecord(res);
    this.d.contracts[name] = { address: res.contractAddress, codeId: code.codeId, label: cfg.label, admin, instantiate: tx, msg: msg as unknown as Record<string, unknown> };
    this.save();
    this.p.tx("instantiate", name, res.contractAddress, tx);
  }

  private willDeploy(name: ContractName): boolean {
    return (this.opts.only ?? Object.keys(this.opts.config.contracts)).includes(name);
  }

  /** Escrow and pool accept the NFT collection (and the escrow the config's payment assets), checked by query. */
  async wire(selected: ContractName[]): Promise<void> {
    const nft = this.d.contracts.nft?.address;
    const escrow = this.d.contracts.escrow?.address;
    const pool = this.d.contracts["tranche-pool"]?.address;
    const touches = (c: ContractName) => selected.includes(c) || selected.includes("nft");
    if (escrow && touches("escrow")) await this.wireEscrow(escrow, nft);
    if (pool && nft && touches("tranche-pool")) await this.wirePool(pool, nft);
  }

  private async wireEscrow(escrow: string, nft: string | undefined): Promise<void> {
    const client = new EscrowClient(codegenClient(this.opts.chain.signer()), this.deployer, escrow);
    const cfg = resolvePlaceholders(this.opts.config.contracts.escrow.instantiate, this.deployer);
    const wanted: Array<[Allowlist, string[]]> = [
      ["collections", nft ? [nft] : []],
      ["native_denoms", (cfg.native_denoms as string[] | undefined) ?? []],
      ["cw20_tokens", (cfg.cw20_tokens as string[] | undefined) ?? []],
    ];
    for (const [list, entries] of wanted) {
      if (entries.length === 0) continue;
      const have = await allEntries((startAfter) => client.allowlist({ list, startAfter, limit: 100 }).then((r) => r.entries));
      const add = entries.filter((e) => !have.includes(e));
      if (add.length === 0) {
        this.p.note("wired", "escrow", `${list} ∋ ${entries.map((e) => short(e)).join(", ")}`);
        continue;
      }
      await this.wireTx(`escrow.${list}+${add.join(",")}`, "escrow", `${list} += ${add.map((e) => short(e)).join(", ")}`, () =>
        client.updateAllowlist({ list, add, remove: [] }),
      );
    }
  }

  private async wirePool(pool: string, nft: string): Promise<void> {
    const client = new TranchePoolClient(codegenClient(this.opts.chain.signer()), this.deployer, pool);
    const { collections } = await client.config();
    if (collections.includes(nft)) return this.p.note("wired", "tranche-pool", `collections ∋ ${short(nft)} (nft)`);
    await this.wireTx(`tranche-pool.collections+${nft}`, "tranche-pool", `collections += ${short(nft)} (nft)`, () => client.updateCollections({ add: [nft], remove: [] }));
  }

  private async wireTx(id: string, contract: string, detail: string, send: () => Promise<{ transactionHash: string; gasUsed: bigint; height: number }>): Promise<void> {
    if (this.dryRun) {
      this.planned++;
      return this.p.note("would wire", contract, detail);
    }
    const tx = txRecord(await this.send(`wire ${contract}`, send));
    this.d.wiring[id] = tx;
    this.save();
    this.p.tx("wire", contract, detail, tx);
  }

  private async send<T>(step: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      throw classifyTxError(step, e, this.deployer, this.opts.chain.endpoint);
    }
  }
}

/** Every entry of a paginated list query (start_after = the last entry). */
async function allEntries(page: (startAfter: string | undefined) => Promise<string[]>): Promise<string[]> {
  const out: string[] = [];
  let startAfter: string | undefined;
  for (;;) {
    const entries = await page(startAfter);
    out.push(...entries);
    if (entries.length < 100) return out;
    startAfter = entries[entries.length - 1];
  }
}
