// Shared set-up for tests against a real local chain (see chain/README.md).
import { SigningCosmWasmClient } from "@cosmjs/cosmwasm";
import { GasPrice, QueryClient, setupStakingExtension } from "@cosmjs/stargate";
import { connectComet } from "@cosmjs/tendermint-rpc";
import { DENOM, GAS_PRICE, Localnet, chainValidators, height, testWallet } from "../../chain/localnet";

/** RPC of the network under test: $LOCALNET_RPC, else validator 0 of the localnet named $LOCALNET_NAME ("default"). */
export function rpcUrl(): string {
  return process.env.LOCALNET_RPC ?? new Localnet(process.env.LOCALNET_NAME ?? "default").rpcUrl(0);
}

export async function assertChainUp(rpc: string): Promise<void> {
  if ((await height(rpc)) === null) {
    throw new Error(`no node answers at ${rpc}: run "npm run localnet -- start" (or "npm run test:chain")`);
  }
}

export interface Signer {
  address: string;
  client: SigningCosmWasmClient;
}

/** A signing client for test account m/44'/118'/0'/0/index of the fixed test mnemonic. */
export async function signer(rpc: string, index: number): Promise<Signer> {
  const wallet = await testWallet([index]);
  const [{ address }] = await wallet.getAccounts();
  const client = await SigningCosmWasmClient.connectWithSigner(rpc, wallet, {
    gasPrice: GasPrice.fromString(GAS_PRICE),
    broadcastPollIntervalMs: 200,
    // a double-sign round (two nodes signing for one validator) or a loaded machine can take
    // several consensus rounds to include a transaction: 90 s, within the 180 s test timeout
    broadcastTimeoutMs: 90_000,
  });
  return { address, client };
}

/** Delegations made by one transaction, with its place on the chain (block, index in the block). */
export interface DelegationsAt {
  height: number;
  txIndex: number;
  delegations: Array<{ validator: string; amount: bigint }>;
}

/**
 * Keeps a double signer's validator at a quarter of the voting power at most: `from` delegates to every
 * other validator until each holds at least `maxTokens`, the most the double signer will hold.
 * CometBFT is safe only while faulty validators hold less than a third of the power: when val3's
 * delegators gave it 59 %, val3 and its twin committed different blocks at one height on
 * different nodes and the network stopped.
 */
export async function outweigh(rpc: string, from: Signer, doubleSigner: string, maxTokens: bigint): Promise<DelegationsAt> {
  const honest = (await chainValidators(rpc)).filter((v) => v.operator !== doubleSigner);
  const delegations = honest.map((v) => ({ validator: v.operator, amount: maxTokens - BigInt(v.tokens) })).filter((d) => d.amount > 0n);
  const msgs = delegations.map((d) => ({
    typeUrl: "/cosmos.staking.v1beta1.MsgDelegate",
    value: { delegatorAddress: from.address, validatorAddress: d.validator, amount: { denom: DENOM, amount: d.amount.toString() } },
  }));
  if (msgs.length === 0) return { height: 0, txIndex: 0, delegations };
  const r = await from.client.signAndBroadcast(from.address, msgs, "auto");
  if (r.code !== 0) throw new Error(`outweigh: delegating to the honest validators failed: ${r.rawLog}`);
  return { height: r.height, txIndex: r.txIndex, delegations };
}

/** The chain's delegations of `delegator`: validator operator address → amount (bond denom). */
export async function delegations(rpc: string, delegator: string): Promise<Map<string, bigint>> {
  const comet = await connectComet(rpc);
  try {
    const q = QueryClient.withExtensions(comet, setupStakingExtension);
    const res = await q.staking.delegatorDelegations(delegator);
    return new Map(res.delegationResponses.map((d) => [d.delegation!.validatorAddress, BigInt(d.balance!.amount)]));
  } finally {
    comet.disconnect();
  }
}

/** Operator addresses of the bonded validators. */
export async function bondedValidators(rpc: string): Promise<string[]> {
  const comet = await connectComet(rpc);
  try {
    const q = QueryClient.withExtensions(comet, setupStakingExtension);
    return (await q.staking.validators("BOND_STATUS_BONDED")).validators.map((v) => v.operatorAddress).sort();
  } finally {
    comet.disconnect();
  }
}
