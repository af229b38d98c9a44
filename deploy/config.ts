// deploy/config/<network>.json: the instantiate message of each contract, with "$deployer"
// placeholders, turned into messages the contracts' schemas accept (typed as the generated
// clients' InstantiateMsg) once the wiring (collection address, validators) is known.

import Ajv, { ValidateFunction } from "ajv";
import * as fs from "node:fs";
import * as path from "node:path";
import type { InstantiateMsg as EscrowInstantiate } from "../clients/escrow/Escrow.types";
import type { InstantiateMsg as LiquidStakingInstantiate, ValidatorWeight } from "../clients/liquid-staking/LiquidStaking.types";
import type { InstantiateMsg as NftInstantiate } from "../clients/nft/Nft.types";
import type { InstantiateMsg as TranchePoolInstantiate } from "../clients/tranche-pool/TranchePool.types";
import { CONTRACTS, ContractName, ROOT } from "./artifacts";
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
  contracts: Record<ContractName, ContractConfig>;
}

export function loadConfig(network: string, file = path.join(CONFIG_DIR, `${network}.json`)): DeployConfig {
  if (!fs.existsSync(file)) throw new ConfigError(`no deploy config ${path.relative(ROOT, file)}`);
  let raw: Partial<DeployConfig>;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<DeployConfig>;
  } catch (e) {
    throw new ConfigError(`${path.relative(ROOT, file)} is not valid JSON: ${(e as Error).message}`);
  }
  const missing = CONTRACTS.filter((c) => !raw.contracts?.[c]?.instantiate || !raw.contracts[c].label);
  if (missing.length > 0) throw new ConfigError(`${path.relative(ROOT, file)}: no label/instantiate for ${missing.join(", ")}`);
  return { admin: raw.admin ?? "$deployer", contracts: raw.contracts as Record<ContractName, ContractConfig> };
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

/** Throws ConfigError unless `msg` matches contracts/<name>/schema/<name>.json's instantiate. */
export function assertInstantiate(name: ContractName, msg: unknown): void {
  let v = validators.get(name);
  if (!v) {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "contracts", name, "schema", `${name}.json`), "utf8")) as { instantiate: object };
    v = ajv.compile(schema.instantiate);
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
export async function instantiateMsg<N extends ContractName>(name: N, cfg: DeployConfig, facts: WiringFacts): Promise<InstantiateMsgs[N]> {
  const base = resolvePlaceholders(cfg.contracts[name].instantiate, facts.deployer);
  const msg = await wire(name, base, cfg.contracts[name], facts);
  assertInstantiate(name, msg);
  // The schema the generated types come from has just accepted it.
  return msg as unknown as InstantiateMsgs[N];
}

async function wire(name: ContractName, base: Json, c: ContractConfig, facts: WiringFacts): Promise<Json> {
  const nft = facts.nft ? [facts.nft] : [];
  switch (name) {
    case "nft":
      return base;
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
