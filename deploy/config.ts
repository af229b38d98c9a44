// deploy/config/<network>.json: the instantiate message of each contract, with "$deployer"
// placeholders, turned into messages the contracts' schemas accept (typed as the generated
// clients' InstantiateMsg) once the wiring (collection address, validators) is known. The config
// lists the contracts a plain deploy deploys, in deployment order (the collection before the
// contracts that accept it). Any other contract in contracts/ (a new one from `npm run new`)
// deploys when named with --only, after the listed ones, with an instantiate message derived
// from its schema when that needs no more than an owner.

import Ajv, { ValidateFunction } from "ajv";
import * as fs from "node:fs";
import * as path from "node:path";
import type { InstantiateMsg as EscrowInstantiate } from "../clients/escrow/Escrow.types";
import type { InstantiateMsg as LiquidStakingInstantiate, ValidatorWeight } from "../clients/liquid-staking/LiquidStaking.types";
import type { InstantiateMsg as NftInstantiate } from "../clients/nft/Nft.types";
import type { InstantiateMsg as TranchePoolInstantiate } from "../clients/tranche-pool/TranchePool.types";
import { ContractName, ROOT, knownContracts } from "./artifacts";
import { BondedValidator } from "./chain";
import { ConfigError } from "./errors";

export const CONFIG_DIR = path.join(__dirname, "config");

type Json = Record<string, unknown>;

export interface ContractConfig {
  label: string;
  instantiate: Json;
  /** liquid-staking only: how many of the chain's bonded validators to take (default 10, at most 30). */
  maxValidators?: number;
}

export interface DeployConfig {
  admin: string;
  /** The contracts the config describes, in deployment order. */
  contracts: Record<ContractName, ContractConfig>;
  /** The file it was read from, relative to the repo root (for messages). */
  file?: string;
}

export function loadConfig(network: string, file = path.join(CONFIG_DIR, `${network}.json`)): DeployConfig {
  const rel = path.relative(ROOT, file);
  if (!fs.existsSync(file)) throw new ConfigError(`no deploy config ${rel}`);
  let raw: Partial<DeployConfig>;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<DeployConfig>;
  } catch (e) {
    throw new ConfigError(`${rel} is not valid JSON: ${(e as Error).message}`);
  }
  const contracts = raw.contracts ?? {};
  const known = knownContracts();
  const unknown = Object.keys(contracts).filter((c) => !known.includes(c));
  if (unknown.length > 0) throw new ConfigError(`${rel}: no contract ${unknown.join(", ")} in contracts/; known: ${known.join(", ")}`);
  const missing = Object.keys(contracts).filter((c) => !contracts[c]?.instantiate || !contracts[c].label);
  if (missing.length > 0) throw new ConfigError(`${rel}: no label/instantiate for ${missing.join(", ")}`);
  return { admin: raw.admin ?? "$deployer", contracts, file: rel };
}

/** `names` in deployment order: the collection first, then the config's order, then the contracts it does not list, by name. */
export function deploymentOrder(cfg: DeployConfig, names: readonly ContractName[]): ContractName[] {
  const listed = Object.keys(cfg.contracts);
  const order = [...listed.filter((c) => names.includes(c)), ...names.filter((c) => !listed.includes(c)).sort()];
  // The collection goes first, whatever the config's key order: the pool's instantiate message
  // names it, so a pool deployed before it would fail after transactions were sent.
  return [...order.filter((c) => COLLECTION_FIRST.includes(c)), ...order.filter((c) => !COLLECTION_FIRST.includes(c))];
}

/** Contracts others name at instantiation (the NFT collection the pool and the escrow accept). */
const COLLECTION_FIRST: readonly ContractName[] = ["nft"];

/** Required instantiate fields the deploy fills in with the deployer when the config gives no message. */
const DEPLOYER_FIELDS = ["owner", "admin"];

/**
 * The contract's entry in the config; for a contract the config does not list, a label and an
 * instantiate message from its schema: `{}` plus the deployer as owner/admin when those are all
 * it requires. Anything else needs an entry in the config, and the error says which.
 */
export function contractConfig(cfg: DeployConfig, name: ContractName): ContractConfig {
  const listed = cfg.contracts[name];
  if (listed) return listed;
  const schema = instantiateSchema(name) as { required?: string[]; properties?: Record<string, { type?: unknown }> };
  const required = schema.required ?? [];
  const underivable = required.filter((f) => !DEPLOYER_FIELDS.includes(f) || schema.properties?.[f]?.type !== "string");
  const file = cfg.file ?? "the deploy config";
  if (underivable.length > 0) {
    throw new ConfigError(
      `${name}: ${file} has no entry for it, and its instantiate message needs ${underivable.join(", ")}, which the deploy cannot derive (it fills in only ${DEPLOYER_FIELDS.join("/")} with the deployer)`,
      `add "${name}": { "label": "${name}", "instantiate": { ${underivable.map((f) => `"${f}": …`).join(", ")} } } to "contracts" in ${file}`,
    );
  }
  return { label: name, instantiate: Object.fromEntries(required.map((f) => [f, "$deployer"])) };
}

/** Replaces "$deployer" wherever it appears as a whole string value. */
export function resolvePlaceholders<T>(value: T, deployer: string): T {
  if (value === "$deployer") return deployer as T;
  if (Array.isArray(value)) return value.map((v) => resolvePlaceholders(v, deployer)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolvePlaceholders(v, deployer)])) as T;
  }
  return value;
}

const validators = new Map<ContractName, ValidateFunction>();
const ajv = withIntegerFormats(new Ajv({ strict: false, allErrors: true }));

/** cosmwasm-schema's integer formats (uint8 … uint64), range-checked. */
function withIntegerFormats(a: Ajv): Ajv {
  for (const bits of [8, 16, 32, 64]) {
    const max = 2n ** BigInt(bits) - 1n;
    a.addFormat(`uint${bits}`, { type: "number", validate: (v: number) => Number.isInteger(v) && v >= 0 && BigInt(v) <= max });
  }
  return a;
}

/** The instantiate message's JSON schema, from contracts/<name>/schema/<name>.json. */
function instantiateSchema(name: ContractName): object {
  const file = path.join(ROOT, "contracts", name, "schema", `${name}.json`);
  if (!fs.existsSync(file)) throw new ConfigError(`${name}: no schema ${path.relative(ROOT, file)}`, "run npm run schema");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { instantiate: object }).instantiate;
}

/** Throws ConfigError unless `msg` matches contracts/<name>/schema/<name>.json's instantiate. */
export function assertInstantiate(name: ContractName, msg: unknown): void {
  let v = validators.get(name);
  if (!v) {
    v = ajv.compile(instantiateSchema(name));
    validators.set(name, v);
  }
  if (!v(msg)) throw new ConfigError(`${name}: the instantiate message does not match its schema: ${ajv.errorsText(v.errors)}\n${JSON.stringify(msg)}`);
}

/** Equal weights in basis points summing to 10000 (the rest to the first ones). */
export function equalWeights(addresses: string[]): ValidatorWeight[] {
  const n = addresses.length;
  return addresses.map((address, i) => ({ address, weight: Math.floor(10_000 / n) + (i < 10_000 % n ? 1 : 0) }));
}

const union = (a: string[] | null | undefined, b: string[]): string[] => [...new Set([...(a ?? []), ...b])];

/** What the wiring knows when a contract is instantiated. */
export interface WiringFacts {
  deployer: string;
  /** The NFT collection's address, if deployed. */
  nft: string | null;
  bonded: () => Promise<BondedValidator[]>;
  unbondingSeconds: () => Promise<number>;
}

export type InstantiateMsgs = {
  nft: NftInstantiate;
  escrow: EscrowInstantiate;
  "tranche-pool": TranchePoolInstantiate;
  "liquid-staking": LiquidStakingInstantiate;
};

/** The instantiate message of `name`: the config's, resolved, wired, and checked against the schema. */
export async function instantiateMsg<N extends ContractName>(name: N, cfg: DeployConfig, facts: WiringFacts): Promise<N extends keyof InstantiateMsgs ? InstantiateMsgs[N] : Json> {
  const c = contractConfig(cfg, name);
  const base = resolvePlaceholders(c.instantiate, facts.deployer);
  const msg = await wire(name, base, c, facts);
  assertInstantiate(name, msg);
  // The schema the generated types come from has just accepted it.
  return msg as unknown as N extends keyof InstantiateMsgs ? InstantiateMsgs[N] : Json;
}

async function wire(name: ContractName, base: Json, c: ContractConfig, facts: WiringFacts): Promise<Json> {
  const nft = facts.nft ? [facts.nft] : [];
  switch (name) {
    case "escrow":
      return { ...base, collections: union(base.collections as string[] | undefined, nft) };
    case "tranche-pool": {
      const collections = union(base.collections as string[] | undefined, nft);
      if (collections.length === 0) {
        throw new ConfigError("tranche-pool needs an NFT collection to accept: deploy nft first (or with it: --only nft,tranche-pool)");
      }
      return { ...base, collections };
    }
    case "liquid-staking":
      return liquidStakingWiring(base, c, facts);
    default: // the collection, and contracts without wiring
      return base;
  }
}

/** Validators from the chain's bonded set and the chain's unbonding time, unless the config gives them. */
async function liquidStakingWiring(base: Json, c: ContractConfig, facts: WiringFacts): Promise<Json> {
  const out: Json = { ...base };
  if (out.validators === undefined) {
    const max = Math.min(c.maxValidators ?? 10, 30);
    const bonded = (await facts.bonded()).slice(0, max);
    if (bonded.length === 0) throw new ConfigError("liquid-staking: the chain has no bonded validators and the config lists none");
    out.validators = equalWeights(bonded.map((v) => v.address));
  }
  if (out.unbonding_period === undefined) out.unbonding_period = await facts.unbondingSeconds();
  return out;
}
