// The embedded default network: a fresh simulated Persistence (simulator/) in this process, with
// a genesis of three bonded validators and funded accounts, seen through the deploy `Chain`.

import { App } from "@persistence-ts/simulator/app/app";
import { Coin } from "@persistence-ts/simulator/app/context";
import { allValidators, operatorAccount, stakingParams } from "@persistence-ts/simulator/app/staking";
import { SimulatorClient } from "@persistence-ts/simulator/client";
import { bech32Encode, makeAddress } from "@persistence-ts/simulator/vm/api";
import { AccessRule, BondedValidator, Chain, CodeInfo, ContractInfo, EVERYBODY, SigningClient } from "./chain";
import { Network } from "./network";

export const XPRT = 1_000_000n;
const NANOS = 1_000_000_000n;

export interface GenesisOptions {
  /** The deployer's address (default: makeAddress("deployer")). */
  deployer?: string;
  /** Extra accounts and what they hold at genesis. */
  balances?: Array<{ address: string; coins: Coin[] }>;
  /** The deployer's balance of the bond denom (default 1,000,000 XPRT). */
  deployerBalance?: bigint;
  validators?: number;
  /** wasmd's code_upload_access, which the simulator itself does not enforce (default Everybody). */
  uploadAccess?: AccessRule;
}

/** Operator address of simulated validator n (1-based), as tests/liquid-staking builds them. */
export const simValidator = (n: number): string => bech32Encode("persistencevaloper", new Uint8Array(20).fill(n));

export class SimulatedChain implements Chain {
  readonly endpoint = "simulator";
  readonly client: SimulatorClient;

  constructor(
    readonly app: App,
    readonly deployer: string,
    private readonly access: AccessRule = EVERYBODY,
  ) {
    this.client = new SimulatorClient(app);
  }

  signer(): SigningClient {
    return this.client;
  }

  async chainId(): Promise<string> {
    return this.app.block.chainId;
  }

  async balance(address: string, denom: string): Promise<bigint> {
    return this.app.balance(address, denom);
  }

  async findCodes(checksum: string): Promise<CodeInfo[]> {
    return this.app.wasm
      .allCodes()
      .filter((c) => c.checksum === checksum)
      .sort((a, b) => a.codeId - b.codeId)
      .map((c) => ({ codeId: c.codeId, checksum: c.checksum, creator: c.creator, instantiatePermission: EVERYBODY }));
  }

  async code(codeId: number): Promise<CodeInfo | null> {
    const c = this.app.wasm.allCodes().find((x) => x.codeId === codeId);
    return c ? { codeId, checksum: c.checksum, creator: c.creator, instantiatePermission: EVERYBODY } : null;
  }

  async contract(address: string): Promise<ContractInfo | null> {
    const info = this.app.wasm.contractInfo(this.app.store, address);
    return info ? { address, codeId: info.code_id, admin: info.admin, label: info.label, creator: info.creator } : null;
  }

  async queryRaw(address: string, key: Uint8Array): Promise<Uint8Array | null> {
    return this.app.queryRaw(address, key) ?? null;
  }

  async uploadAccess(): Promise<AccessRule> {
    return this.access;
  }

  async bondedValidators(): Promise<BondedValidator[]> {
    return allValidators(this.app.store)
      .filter((v) => !v.jailed && v.tokens > 0n)
      .map((v) => ({ address: v.address, tokens: v.tokens }))
      .sort((a, b) => (a.tokens === b.tokens ? a.address.localeCompare(b.address) : a.tokens > b.tokens ? -1 : 1));
  }

  async unbondingSeconds(): Promise<number> {
    return Number(stakingParams(this.app.store).unbondingTime / NANOS);
  }

  async blockTime(): Promise<bigint> {
    return this.app.block.time;
  }

  async advance(seconds: number): Promise<void> {
    this.app.advanceTime(seconds);
  }

  disconnect(): void {}
}

/**
 * A fresh simulated chain: `validators` validators (5% commission) each self-bonding 1,000 XPRT
 * more than the next (so the bonded set has an order), the deployer and `balances` funded.
 */
export function simulatedGenesis(net: Network, opts: GenesisOptions = {}): SimulatedChain {
  const app = new App({ chainId: net.chainId, prefix: net.prefix, bondedDenom: net.bondDenom });
  const n = opts.validators ?? 3;
  for (let i = 1; i <= n; i++) {
    const address = simValidator(i);
    app.addValidator({ address, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
    const operator = operatorAccount(address);
    const stake = BigInt(n + 1 - i) * 1_000n * XPRT;
    app.mint(operator, [{ denom: net.bondDenom, amount: stake.toString() }]);
    app.send(operator, { staking: { delegate: { validator: address, amount: { denom: net.bondDenom, amount: stake.toString() } } } });
  }
  const deployer = opts.deployer ?? makeAddress("deployer");
  const deployerBalance = opts.deployerBalance ?? 1_000_000n * XPRT;
  if (deployerBalance > 0n) app.mint(deployer, [{ denom: net.bondDenom, amount: deployerBalance.toString() }]);
  for (const b of opts.balances ?? []) app.mint(b.address, b.coins);
  return new SimulatedChain(app, deployer, opts.uploadAccess);
}
