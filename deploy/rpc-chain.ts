// A real chain behind an RPC endpoint (localnet, testnet, mainnet), through @cosmjs 0.38.

import { CosmWasmClient, SigningCosmWasmClient, setupWasmExtension, WasmExtension } from "@cosmjs/cosmwasm";
import { stringToPath } from "@cosmjs/crypto";
import { toHex } from "@cosmjs/encoding";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { QueryClient, setupStakingExtension, StakingExtension } from "@cosmjs/stargate";
import { CometClient, connectComet, toSeconds } from "@cosmjs/tendermint-rpc";
import { QueryParamsRequest, QueryParamsResponse } from "cosmjs-types/cosmwasm/wasm/v1/query";
import { AccessConfig, AccessType } from "cosmjs-types/cosmwasm/wasm/v1/types";
import { AccessRule, BondedValidator, Chain, CodeInfo, ContractInfo, SigningClient } from "./chain";
import { MnemonicMissingError, RpcUnreachableError, errorMessage } from "./errors";
import { Mnemonic, Network, parseGasPrice } from "./network";

const CONNECT_TIMEOUT_MS = 10_000;
const NANOS = 1_000_000_000n;

type Queries = QueryClient & StakingExtension & WasmExtension;

/** m/44'/<coin type>'/0'/0/<index>: the Cosmos path with the network's coin type (118; 750 for old Persistence wallets). */
export function hdPath(coinType: number, index: number) {
  return stringToPath(`m/44'/${coinType}'/0'/0/${index}`);
}

export interface RpcChainOptions {
  mnemonic: Mnemonic | null;
  /** Account indexes the signer holds keys for; the first is the deployer (default [0]). */
  accounts?: number[];
  coinType?: number;
}

function accessRule(c: AccessConfig | undefined): AccessRule {
  if (!c) return { everybody: false, addresses: [] };
  if (c.permission === AccessType.ACCESS_TYPE_EVERYBODY) return { everybody: true, addresses: [] };
  if (c.permission === AccessType.ACCESS_TYPE_ANY_OF_ADDRESSES) return { everybody: false, addresses: [...c.addresses] };
  return { everybody: false, addresses: [] };
}

function isNotFound(e: unknown): boolean {
  return /not found|does not exist|no such contract/i.test(errorMessage(e));
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function connectAny(net: Network): Promise<{ comet: CometClient; rpc: string }> {
  const urls = [net.rpc!, ...net.rpcFallbacks];
  const failures: string[] = [];
  for (const rpc of urls) {
    try {
      return { comet: await withTimeout(connectComet(rpc), CONNECT_TIMEOUT_MS, "connect"), rpc };
    } catch (e) {
      failures.push(errorMessage(e));
    }
  }
  const hint =
    net.name === "localnet"
      ? "start it with `npm run localnet -- start` (or set LOCALNET_NAME / --rpc for another local network)"
      : "check the URL and your connection, or pass another endpoint with --rpc / DEPLOY_RPC";
  throw new RpcUnreachableError(urls, failures, hint);
}

export class RpcChain implements Chain {
  private constructor(
    readonly endpoint: string,
    private readonly comet: CometClient,
    private readonly queries: Queries,
    private readonly reader: CosmWasmClient,
    private readonly signing: SigningCosmWasmClient | null,
    readonly deployer: string | null,
    /** Every address the signer holds keys for, deployer first. */
    readonly addresses: string[],
  ) {}

  /** Connects (trying the fallbacks in order) and, with a mnemonic, prepares the signer. */
  static async connect(net: Network, opts: RpcChainOptions): Promise<RpcChain> {
    const { comet, rpc } = await connectAny(net);
    const queries = QueryClient.withExtensions(comet, setupStakingExtension, setupWasmExtension);
    const reader = CosmWasmClient.create(comet);
    if (!opts.mnemonic) return new RpcChain(rpc, comet, queries, reader, null, null, []);
    const indexes = opts.accounts ?? [0];
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(opts.mnemonic.phrase, {
      prefix: net.prefix,
      hdPaths: indexes.map((i) => hdPath(opts.coinType ?? net.slip44, i)),
    });
    const addresses = (await wallet.getAccounts()).map((a) => a.address);
    const local = net.name === "localnet";
    const signing = SigningCosmWasmClient.createWithSigner(comet, wallet, {
      gasPrice: parseGasPrice(net.gasPrice),
      // Local blocks come every ~0.35 s; public chains every ~5 s.
      broadcastPollIntervalMs: local ? 200 : 1_000,
      broadcastTimeoutMs: local ? 30_000 : 120_000,
    });
    return new RpcChain(rpc, comet, queries, reader, signing, addresses[0], addresses);
  }

  signer(): SigningClient {
    if (!this.signing) throw new MnemonicMissingError("this command sends transactions and needs the deployer's key: set $DEPLOY_MNEMONIC");
    return this.signing;
  }

  chainId(): Promise<string> {
    return this.reader.getChainId();
  }

  async balance(address: string, denom: string): Promise<bigint> {
    return BigInt((await this.reader.getBalance(address, denom)).amount);
  }

  async findCodes(checksum: string): Promise<CodeInfo[]> {
    const out: CodeInfo[] = [];
    let key: Uint8Array | undefined;
    do {
      const page = await this.queries.wasm.listCodeInfo(key);
      for (const c of page.codeInfos) {
        if (toHex(c.dataHash) === checksum) {
          out.push({ codeId: Number(c.codeId), checksum, creator: c.creator, instantiatePermission: accessRule(c.instantiatePermission) });
        }
      }
      key = page.pagination?.nextKey?.length ? page.pagination.nextKey : undefined;
    } while (key);
    return out.sort((a, b) => a.codeId - b.codeId);
  }

  async code(codeId: number): Promise<CodeInfo | null> {
    try {
      const { codeInfo } = await this.queries.wasm.getCode(codeId);
      if (!codeInfo) return null;
      return { codeId, checksum: toHex(codeInfo.dataHash), creator: codeInfo.creator, instantiatePermission: accessRule(codeInfo.instantiatePermission) };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async contract(address: string): Promise<ContractInfo | null> {
    try {
      const { contractInfo } = await this.queries.wasm.getContractInfo(address);
      if (!contractInfo) return null;
      return {
        address,
        codeId: Number(contractInfo.codeId),
        admin: contractInfo.admin || null,
        label: contractInfo.label,
        creator: contractInfo.creator,
      };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  queryRaw(address: string, key: Uint8Array): Promise<Uint8Array | null> {
    return this.reader.queryContractRaw(address, key);
  }

  async uploadAccess(): Promise<AccessRule> {
    const res = await this.queries.queryAbci("/cosmwasm.wasm.v1.Query/Params", QueryParamsRequest.encode({}).finish());
    return accessRule(QueryParamsResponse.decode(res.value).params?.codeUploadAccess);
  }

  async bondedValidators(): Promise<BondedValidator[]> {
    const out: BondedValidator[] = [];
    let key: Uint8Array | undefined;
    do {
      const page = await this.queries.staking.validators("BOND_STATUS_BONDED", key);
      for (const v of page.validators) if (!v.jailed) out.push({ address: v.operatorAddress, tokens: BigInt(v.tokens) });
      key = page.pagination?.nextKey?.length ? page.pagination.nextKey : undefined;
    } while (key);
    return out.sort((a, b) => (a.tokens === b.tokens ? a.address.localeCompare(b.address) : a.tokens > b.tokens ? -1 : 1));
  }

  async unbondingSeconds(): Promise<number> {
    const { params } = await this.queries.staking.params();
    return Number(params?.unbondingTime?.seconds ?? 0n);
  }

  async blockTime(): Promise<bigint> {
    const { block } = await this.comet.block();
    const t = toSeconds(block.header.time);
    return BigInt(t.seconds) * NANOS + BigInt(t.nanos);
  }

  /** Real time: polls until a block at least `seconds` after the current one. */
  async advance(seconds: number): Promise<void> {
    const target = (await this.blockTime()) + BigInt(Math.ceil(seconds * 1e9));
    while ((await this.blockTime()) < target) await new Promise((r) => setTimeout(r, 250));
  }

  disconnect(): void {
    this.comet.disconnect();
  }
}
