// What the deploy CLI and the demo need from a chain, implemented over the in-process simulator
// (deploy/simulator.ts) and over an RPC endpoint with @cosmjs (deploy/rpc-chain.ts).

import type { SigningCosmWasmClient as CodegenSigningClient } from "@cosmjs/cosmwasm-stargate";
import type { ContractClient } from "@persistence-ts/simulator/client";

/** Who may do something (upload code, instantiate a code): wasmd's AccessConfig. */
export interface AccessRule {
  everybody: boolean;
  /** With everybody false: the allowed addresses (none: nobody). */
  addresses: string[];
}

export const EVERYBODY: AccessRule = { everybody: true, addresses: [] };

export function allows(rule: AccessRule, address: string): boolean {
  return rule.everybody || rule.addresses.includes(address);
}

export function describeAccess(rule: AccessRule): string {
  if (rule.everybody) return "Everybody";
  return rule.addresses.length === 0 ? "Nobody" : `AnyOfAddresses [${rule.addresses.join(", ")}]`;
}

export interface CodeInfo {
  codeId: number;
  /** sha256 of the wasm, lowercase hex (as wasmd and artifacts/checksums.txt show it). */
  checksum: string;
  creator: string;
  instantiatePermission: AccessRule;
}

export interface ContractInfo {
  address: string;
  codeId: number;
  admin: string | null;
  label: string;
  creator: string;
}

export interface BondedValidator {
  /** Operator address (persistencevaloper1…). */
  address: string;
  tokens: bigint;
}

/** The signing side: one client that signs for every address the chain holds keys for. */
export type SigningClient = ContractClient;

export interface Chain {
  /** "simulator" or the RPC URL, for messages. */
  readonly endpoint: string;
  /** The deployer's address, or null when no key was given (dry runs). */
  readonly deployer: string | null;
  /** Throws MnemonicMissingError when the chain was opened without keys. */
  signer(): SigningClient;
  chainId(): Promise<string>;
  balance(address: string, denom: string): Promise<bigint>;
  /** Codes on the chain whose wasm has this checksum, lowest id first. */
  findCodes(checksum: string): Promise<CodeInfo[]>;
  code(codeId: number): Promise<CodeInfo | null>;
  contract(address: string): Promise<ContractInfo | null>;
  /** A contract's raw storage value at `key` (e.g. cw2's "contract_info"), or null. */
  queryRaw(address: string, key: Uint8Array): Promise<Uint8Array | null>;
  /** wasmd's code_upload_access parameter. */
  uploadAccess(): Promise<AccessRule>;
  /** The bonded validator set, most tokens first. */
  bondedValidators(): Promise<BondedValidator[]>;
  unbondingSeconds(): Promise<number>;
  /** Time of the latest block, nanoseconds since the epoch. */
  blockTime(): Promise<bigint>;
  /** Waits until the chain's block time has moved `seconds` forward (the simulator jumps there). */
  advance(seconds: number): Promise<void>;
  disconnect(): void;
}

/**
 * ts-codegen's clients are typed against @cosmjs/cosmwasm-stargate 0.32 but call only
 * `execute` and `queryContractSmart`, which cosmjs 0.38's client and SimulatorClient both have
 * with the same signatures: this is the one place that states it.
 */
export function codegenClient(client: ContractClient): CodegenSigningClient {
  return client as unknown as CodegenSigningClient;
}
