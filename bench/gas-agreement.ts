// `npm run bench:gas`: the same messages in the simulator and on a local chain (wasmd v0.60.2,
// chain/), gas side by side. Writes bench/results/gas-agreement.{json,md}.
//
//   npm run bench:gas [-- --validators N | --rpc URL]   (default: a fresh localnet "bench" with one
//   validator, ports + 3000; BENCH_LOCALNET / BENCH_PORT_OFFSET change them)
//
// Both sides run one sequence of signed transactions (store_code, instantiate, executes; the set-up
// of tests/e2e/scenarios.ts) with the same explicit fee, so the signed bytes have the same size; the
// simulator's SimulatorClient charges the ante handler for the transaction @cosmjs would sign.
// Queries: the chain reports no gas for a gRPC query, so a query is measured as a contract's sub-query
// (see QUERY_PROXY): gas(proxy executing "query X") − gas(proxy executing a bank balance query) +
// the balance query's known cost, the same derivation on both sides.
// tests/e2e/gas-agreement.test.ts runs runAgreement() against the e2e localnet and asserts ±10 %.

import * as fs from "node:fs";
import * as path from "node:path";
import { SigningCosmWasmClient } from "@cosmjs/cosmwasm";
import { GasPrice, QueryClient, setupDistributionExtension, setupMintExtension, setupStakingExtension } from "@cosmjs/stargate";
import { connectComet } from "@cosmjs/tendermint-rpc";
import { ACCOUNT_BALANCE, DENOM, GAS_PRICE, Localnet, accounts, height, sleep, testWallet } from "../chain/localnet";
import { App } from "@persistence-ts/simulator/app/app";
import { ContractClient, SimulatorClient, signedTxBytes } from "@persistence-ts/simulator/client";
import { bondedValidators } from "../tests/e2e/chain";
import type { Order as EscrowOrder, PinnedTerms } from "../clients/escrow/Escrow.types";

const ROOT = path.resolve(__dirname, "..");
const ARTIFACTS = path.join(ROOT, "artifacts");
const RESULTS = path.join(ROOT, "bench", "results");

/** Agreement required of every recorded message (issue 4). */
export const TOLERANCE = 0.1;

/**
 * One explicit fee for every transaction on both sides: the signed bytes then have the same size
 * (an "auto" fee would carry each side's own gas estimate). 0.025uxprt per gas, as the localnet asks.
 */
export const FEE = { amount: [{ denom: DENOM, amount: "100000" }], gas: "4000000" };

export interface Row {
  contract: string;
  message: string;
  kind: "tx" | "query";
  sim: number;
  chain: number;
  /** (sim − chain) / chain. */
  gap: number;
  /** The events that differ in number between the sides (the paths the transaction took), if any. */
  paths?: string;
  /** Queries: the simulator's direct figure for the gRPC query (App.queryWithGas), beside the derived one. */
  simDirect?: number;
  /** Set when the row is not held to the tolerance, with the reason. */
  excluded?: string;
}

/** Messages not held to ±10 %, with the reason (issue 4: "list explicitly any message excluded"). */
export const EXCLUSIONS: Record<string, string> = {};

/** What the sequence needs from a side: a client, its signers, time, and its validators. */
export interface Side {
  name: "simulator" | "chain";
  client: ContractClient;
  /** Test accounts 0, 1 and 2 (owner, other, escrow fee collector). */
  owner: string;
  other: string;
  third: string;
  validators: string[];
  /** Lets `seconds` of chain time pass. */
  wait(seconds: number): Promise<void>;
  /** The simulator's own figure for a smart query (App.queryWithGas), to check the proxy derivation against. */
  queryGas?(contract: string, msg: Record<string, unknown>): number;
}

// ---- the query proxy ----------------------------------------------------------------------

/**
 * A minimal CosmWasm 2.x contract (hand-written WebAssembly): `execute` hands its message, a
 * QueryRequest, to the chain's querier (query_chain) and ignores the answer. A query's gas is
 * otherwise invisible on the chain: the gRPC answer carries none. The sub-query costs what the
 * gRPC query costs (ContractInfo and CodeInfo reads, pinned check, 60,000 to load, the VM), except
 * for the `transaction` field of env, a few bytes.
 */
export function queryProxyWasm(): Uint8Array {
  const ok = Buffer.from('{"ok":{"messages":[],"attributes":[],"events":[],"data":null}}');
  const REGION = 16; // the response's Region (offset, capacity, length), pointing at the text at 64
  const TEXT = 64;
  const uleb = (n: number): number[] => {
    const out: number[] = [];
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n !== 0) b |= 0x80;
      out.push(b);
    } while (n !== 0);
    return out;
  };
  const sleb = (n: number): number[] => {
    const out: number[] = [];
    for (;;) {
      const b = n & 0x7f;
      n >>= 7;
      if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
      out.push(b | 0x80);
    }
  };
  const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
  const str = (t: string): number[] => [...uleb(t.length), ...Buffer.from(t)];
  const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
  const u32le = (n: number): number[] => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255];
  const I32 = 0x7f;
  const [get, set, lget, lset, i32const, add, mul, leU, end] = [0x23, 0x24, 0x20, 0x21, 0x41, 0x6a, 0x6c, 0x4d, 0x0b];
  const store = (offset: number) => [0x36, 0x02, ...uleb(offset)];
  // types: 0 (i32)->i32, 1 ()->(), 2 (i32)->(), 3 (i32,i32,i32)->i32
  const types = vec([[0x60, 1, I32, 1, I32], [0x60, 0, 0], [0x60, 1, I32, 0], [0x60, 3, I32, I32, I32, 1, I32]]);
  const imports = vec([[...str("env"), ...str("query_chain"), 0x00, 0]]); // function 0
  const functions = vec([[1], [0], [2], [3], [3]]); // 1 interface_version_8, 2 allocate, 3 deallocate, 4 instantiate, 5 execute
  const memory = vec([[0x00, 2]]);
  const globals = vec([[I32, 0x01, i32const, ...sleb(4096), end]]); // the bump allocator's heap pointer
  const exports = vec([
    [...str("memory"), 0x02, 0],
    [...str("interface_version_8"), 0x00, 1],
    [...str("allocate"), 0x00, 2],
    [...str("deallocate"), 0x00, 3],
    [...str("instantiate"), 0x00, 4],
    [...str("execute"), 0x00, 5],
  ]);
  const body = (locals: number[][], code: number[]): number[] => {
    const b = [...vec(locals), ...code];
    return [...uleb(b.length), ...b];
  };
  // allocate(size): a Region at the heap pointer, its data right after; memory grows as needed.
  const allocate = [
    get, 0, lset, 1,
    lget, 1, i32const, 12, add, lget, 0, add, set, 0,
    0x02, 0x40, 0x03, 0x40, get, 0, 0x3f, 0x00, i32const, ...sleb(65536), mul, leU, 0x0d, 1, i32const, 1, 0x40, 0x00, 0x1a, 0x0c, 0, end, end,
    lget, 1, lget, 1, i32const, 12, add, ...store(0),
    lget, 1, lget, 0, ...store(4),
    lget, 1, i32const, 0, ...store(8),
    lget, 1, end,
  ];
  const code = vec([
    body([], [end]),
    body([[1, I32]], allocate),
    body([], [end]),
    body([], [i32const, ...sleb(REGION), end]),
    body([], [lget, 2, 0x10, 0, 0x1a, i32const, ...sleb(REGION), end]), // execute: query_chain(msg), drop the answer
  ]);
  const data = vec([
    [0x00, i32const, ...sleb(REGION), end, ...uleb(12), ...u32le(TEXT), ...u32le(ok.length), ...u32le(ok.length)],
    [0x00, i32const, ...sleb(TEXT), end, ...uleb(ok.length), ...ok],
  ]);
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, types), ...section(2, imports), ...section(3, functions), ...section(5, memory),
    ...section(6, globals), ...section(7, exports), ...section(10, code), ...section(11, data),
  ]);
}

/** x/bank GetBalance of a contract with no balance: ReadFlat 1000 + 3 × 39 key bytes (0x02 | 32 | addr(32) | "uxprt"). */
export const BASELINE_QUERY_GAS = 1000 + 3 * (2 + 32 + DENOM.length);

/**
 * Measures smart queries through an instantiated query proxy: gas(proxy executing the query) −
 * gas(proxy executing a bank balance query) − 10 × the difference of their signed sizes (the ante
 * handler charges the bytes) + the balance query's cost.
 */
export async function proxyQueries(client: ContractClient, sender: string, proxy: string): Promise<(contract: string, msg: unknown) => Promise<number>> {
  const baselineMsg = { bank: { balance: { address: proxy, denom: DENOM } } };
  const signed = (m: unknown) =>
    signedTxBytes({ typeUrl: "/cosmwasm.wasm.v1.MsgExecuteContract", value: { sender, contract: proxy, msg: Buffer.from(JSON.stringify(m)), funds: [] } }, "", 1, FEE.amount, Number(FEE.gas));
  await client.execute(sender, proxy, baselineMsg, FEE); // the proxy's first execute is not the baseline
  const baseline = Number((await client.execute(sender, proxy, baselineMsg, FEE)).gasUsed);
  return async (contract, msg) => {
    const request = { wasm: { smart: { contract_addr: contract, msg: b64(msg) } } };
    const gas = Number((await client.execute(sender, proxy, request, FEE)).gasUsed);
    return gas - baseline - 10 * (signed(request) - signed(baselineMsg)) + BASELINE_QUERY_GAS;
  };
}

// ---- the sequence -------------------------------------------------------------------------

const NS = 1_000_000_000n;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64");
const uxprt = (n: number) => [{ denom: DENOM, amount: String(n) }];

/** An nft `mint` of an invoice, as tests/e2e/scenarios.ts mints them. */
function nftMint(tokenId: string, owner: string, obligor: string, n: number) {
  const issue = 1_700_000_000n * NS;
  return {
    mint: {
      token_id: tokenId,
      owner,
      token_uri: `ipfs://invoice/${tokenId}`,
      extension: {
        asset_class: "invoice",
        document_hash: n.toString(16).padStart(64, "0"),
        face_value: { denom: "uusdc", amount: "100000000" },
        issuer: owner,
        obligor,
        issue_date: issue.toString(),
        maturity: (issue + 90n * 86_400n * NS).toString(),
        jurisdiction: "DE",
        attributes: [{ key: "invoice_number", value: `INV-${tokenId}` }],
      },
    },
  };
}

/**
 * The instantiate messages of tests/e2e/scenarios.ts (which imports vitest, so a plain script cannot
 * load it; tests/e2e/gas-agreement.test.ts checks these are the same).
 */
export const INSTANTIATE = {
  nft: () => ({ name: "RWA", symbol: "RWA" }),
  "tranche-pool": (owner: string, nft: string) => ({
    currency: "uxprt",
    collections: [nft],
    manager: owner,
    senior_apr: "0.08",
    min_junior_ratio: "0.2",
    advance_rate: "0.8",
    grace_period: 7 * 86_400,
    public_default_delay: 30 * 86_400,
    reserve_fee_bps: 1000,
    epoch_seconds: 1,
    writeoff_grace: 0,
    writeoff_period: 90 * 86_400,
    timelock_seconds: 60,
    test_timings: true,
  }),
  "liquid-staking": (validators: string[]) => ({
    name: "Staked XPRT",
    symbol: "stkXPRT",
    bond_denom: "uxprt",
    validators: validators.map((address, i) => ({
      address,
      weight: Math.floor(10_000 / validators.length) + (i < 10_000 % validators.length ? 1 : 0),
    })),
    unbonding_period: 30,
  }),
  escrow: (feeCollector: string, nft: string) => ({ fee_bps: 250, fee_collector: feeCollector, collections: [nft], native_denoms: ["uxprt"] }),
};

const artifact = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(ARTIFACTS, `${name}.wasm`)));

/** A step of the sequence: its label, the gas it used and the types of the events it emitted. */
type Recorder = (contract: string, message: string, gas: bigint | number, kind?: "tx" | "query", events?: readonly { type: string }[], direct?: number) => void;

/**
 * The sequence, run on one side; `record` receives each measured message. Contracts are set up as
 * tests/e2e/scenarios.ts instantiates them.
 */
export async function runSequence(side: Side, record: Recorder): Promise<void> {
  const { client, owner, other, third } = side;
  const upload = async (name: string) => {
    const r = await client.upload(owner, artifact(name), FEE);
    record(name, "store_code", r.gasUsed, "tx", r.events);
    return r.codeId;
  };
  const instantiate = async (name: string, codeId: number, msg: Record<string, unknown>, label = `${name}-gas`) => {
    const r = await client.instantiate(owner, codeId, msg, label, FEE, { admin: owner });
    record(name, "instantiate", r.gasUsed, "tx", r.events);
    return r.contractAddress;
  };
  const exec = async (name: string, message: string, sender: string, contract: string, msg: Record<string, unknown>, funds: Array<{ denom: string; amount: string }> = []) => {
    const r = await client.execute(sender, contract, msg, FEE, undefined, funds);
    record(name, message, r.gasUsed, "tx", r.events);
    return r;
  };

  // Warm-up: every signer's first transaction sets its public key on the chain (~14,000 gas more
  // than later ones); the networks may be fresh or not, so neither side measures a first one.
  for (const who of [owner, other, third]) await client.sendTokens(who, owner, uxprt(1), FEE);
  const sent = await client.sendTokens(owner, other, uxprt(1_000_000), FEE);
  record("bank", "send (MsgSend)", sent.gasUsed, "tx", sent.events);

  // The query proxy (see queryProxyWasm).
  const proxyCode = (await client.upload(owner, queryProxyWasm(), FEE)).codeId;
  const proxy = (await client.instantiate(owner, proxyCode, {}, "query-proxy", FEE)).contractAddress;
  const measureQuery = await proxyQueries(client, owner, proxy);
  const query = async (name: string, message: string, contract: string, msg: Record<string, unknown>) => {
    record(name, `query ${message}`, await measureQuery(contract, msg), "query", [], side.queryGas?.(contract, msg));
  };

  // nft
  const nftCode = await upload("nft");
  const nft = await instantiate("nft", nftCode, INSTANTIATE.nft());
  await exec("nft", "mint", owner, nft, nftMint("inv-1", owner, other, 1));
  await exec("nft", "mint (second token)", owner, nft, nftMint("inv-2", owner, other, 2));
  await exec("nft", "transfer_nft", owner, nft, { transfer_nft: { recipient: other, token_id: "inv-1" } });
  await exec("nft", "approve", other, nft, { approve: { spender: owner, token_id: "inv-1" } });
  await query("nft", "num_tokens", nft, { num_tokens: {} });
  await query("nft", "nft_info", nft, { nft_info: { token_id: "inv-1" } });
  await query("nft", "owner_of", nft, { owner_of: { token_id: "inv-1" } });
  await query("nft", "tokens (owner)", nft, { tokens: { owner } });

  // tranche-pool (with the nft collection above)
  const tpCode = await upload("tranche-pool");
  const tp = await instantiate("tranche-pool", tpCode, INSTANTIATE["tranche-pool"](owner, nft));
  await exec("tranche-pool", "deposit junior (order, funds)", other, tp, { deposit: { tranche: "junior" } }, uxprt(5_000_000));
  await exec("tranche-pool", "deposit senior (order, funds)", owner, tp, { deposit: { tranche: "senior" } }, uxprt(10_000_000));
  await side.wait(2); // the 1 s epoch runs out
  await exec("tranche-pool", "process_epoch (close: two deposit orders)", third, tp, { process_epoch: {} });
  await exec("tranche-pool", "transfer_shares", other, tp, { transfer_shares: { tranche: "junior", recipient: third, shares: "1000000" } });
  await exec("tranche-pool", "redeem senior (order)", owner, tp, { redeem: { tranche: "senior", shares: "2000000", min_price: "0" } });
  await side.wait(2);
  await exec("tranche-pool", "process_epoch (close: pays the redemption)", third, tp, { process_epoch: {} });
  await query("tranche-pool", "pool", tp, { pool: {} });
  await query("tranche-pool", "position", tp, { position: { lender: other } });

  // escrow (fee collector: test account 2, as in the e2e scenario)
  const esCode = await upload("escrow");
  const es = await instantiate("escrow", esCode, INSTANTIATE.escrow(third, nft));
  await client.execute(owner, nft, nftMint("ask-1", owner, other, 3), FEE);
  const ask = { create_ask: { price: { asset: { native: DENOM }, amount: "4000000" } } };
  await exec("escrow", "create_ask (nft send_nft + hook)", owner, nft, { send_nft: { contract: es, token_id: "ask-1", msg: b64(ask) } });
  const order = (await client.queryContractSmart(es, { order_for_token: { collection: nft, token_id: "ask-1" } })) as EscrowOrder;
  await query("escrow", "order_for_token", es, { order_for_token: { collection: nft, token_id: "ask-1" } });
  await query("escrow", "order", es, { order: { id: order.id } });
  // Taking names the terms seen (escrow 0.2.0): the order's price and the asset it pinned.
  const { document_hash, face_value, revision } = order.pinned!;
  const terms = { order_id: order.id, price: { asset: order.asset, amount: order.price }, collection: order.collection, token_id: order.token_id, document_hash, face_value, revision };
  await exec("escrow", "accept_ask (funds, settles)", other, es, { accept_ask: terms }, uxprt(4_000_000));
  // A bid names the asset it prices: what the collection says the token is.
  const asset = ((await client.queryContractSmart(nft, { nft_info: { token_id: "inv-2" } })) as { extension: Pick<PinnedTerms, "document_hash" | "face_value" | "revision"> }).extension;
  const bid = await exec("escrow", "create_bid (funds)", other, es, { create_bid: { collection: nft, token_id: "inv-2", document_hash: asset.document_hash, face_value: asset.face_value, revision: asset.revision } }, uxprt(2_000_000));
  const bidId = Number(bid.events.flatMap((e) => e.attributes).find((a) => a.key === "order_id")?.value);
  await exec("escrow", "cancel (bid: refunds)", other, es, { cancel: { order_id: bidId } });
  await query("escrow", "orders (open)", es, { orders: { status: "open" } });

  // liquid-staking (one or more validators, as the network has)
  const lsCode = await upload("liquid-staking");
  const ls = await instantiate("liquid-staking", lsCode, INSTANTIATE["liquid-staking"](side.validators));
  await exec("liquid-staking", "bond (funds, new delegation)", other, ls, { bond: {} }, uxprt(10_000_000));
  await side.wait(2);
  await exec("liquid-staking", "bond (funds, existing delegation)", other, ls, { bond: {} }, uxprt(5_000_000));
  await exec("liquid-staking", "transfer stk", other, ls, { transfer: { recipient: owner, amount: "1000000" } });
  await exec("liquid-staking", "queue_unbond", other, ls, { queue_unbond: { amount: "3000000" } });
  await query("liquid-staking", "state", ls, { state: {} });
  await query("liquid-staking", "balance", ls, { balance: { address: other } });
  await side.wait(6); // epoch: ceil(30 s unbonding / 7)
  await exec("liquid-staking", "submit_batch (undelegates)", other, ls, { submit_batch: {} });
  await side.wait(2);
  await exec("liquid-staking", "harvest (withdraws rewards, reply, delegates)", owner, ls, { harvest: {} });
}

// ---- sides --------------------------------------------------------------------------------

export async function chainSide(rpc: string): Promise<Side> {
  const wallet = await testWallet([0, 1, 2]);
  const [owner, other, third] = (await wallet.getAccounts()).map((a) => a.address);
  const client = await SigningCosmWasmClient.connectWithSigner(rpc, wallet, {
    gasPrice: GasPrice.fromString(GAS_PRICE),
    broadcastPollIntervalMs: 200,
    broadcastTimeoutMs: 30_000,
  });
  return { name: "chain", client, owner, other, third, validators: await bondedValidators(rpc), wait: (s) => sleep(s * 1000) };
}

/**
 * The chain's staking reward per bonded token and year: its annual provisions (x/mint), less the
 * community tax, over the bonded tokens. On the localnet this is enormous (13 % inflation of 10^14
 * uxprt over ~10^8 bonded), and contracts take other paths with rewards than without (a withdrawal
 * pays out, a harvest has something to reinvest): the simulator gets the same rate.
 */
export async function chainRewardRate(rpc: string): Promise<number> {
  const comet = await connectComet(rpc);
  try {
    const q = QueryClient.withExtensions(comet, setupMintExtension, setupStakingExtension, setupDistributionExtension);
    const provisions = Number((await q.mint.annualProvisions()).toString());
    const bonded = Number((await q.staking.pool()).pool!.bondedTokens);
    const tax = Number((await q.distribution.params()).params!.communityTax) / 1e18;
    return (provisions * (1 - tax)) / bonded;
  } finally {
    comet.disconnect();
  }
}

/** A simulated chain with the chain's test accounts, validators and reward rate (block time 1 s, about the localnet's pace per transaction). */
export async function simulatorSide(validators: string[], rewardRate = 0.1): Promise<Side> {
  const [owner, other, third] = await accounts(0, 3);
  const app = new App({ blockSeconds: 1 });
  for (const address of validators) app.addValidator({ address, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
  const apr = BigInt(Math.round(rewardRate * 1e6)) * 10n ** 12n;
  app.chainTx((tx) => app.distribution.setParams(tx, { apr }));
  for (const a of [owner, other, third]) app.mint(a, uxprt(Number(ACCOUNT_BALANCE)));
  return {
    name: "simulator",
    client: new SimulatorClient(app),
    owner,
    other,
    third,
    validators,
    wait: async (s) => app.advanceTime(s),
    queryGas: (contract, msg) => app.queryWithGas(contract, msg).gasUsed,
  };
}

/** Events that tell which path a transaction took (contract calls, transfers, staking), compared per row. */
const PATH_EVENTS = new Set(["execute", "instantiate", "reply", "delegate", "unbond", "withdraw_rewards", "store_code"]);

/** Runs the sequence on both sides and pairs the measurements. */
export async function runAgreement(rpc: string, log: (s: string) => void = () => {}): Promise<Row[]> {
  const chain = await chainSide(rpc);
  const rate = await chainRewardRate(rpc);
  log(`chain reward rate ${rate.toExponential(3)} per bonded token and year`);
  const sim = await simulatorSide(chain.validators, rate);
  type M = { contract: string; message: string; gas: number; kind: "tx" | "query"; events: Map<string, number>; direct?: number };
  const measured: Record<Side["name"], M[]> = { simulator: [], chain: [] };
  for (const side of [sim, chain]) {
    const t0 = Date.now();
    await runSequence(side, (contract, message, gas, kind = "tx", events = [], direct) => {
      const counts = new Map<string, number>();
      for (const e of events) if (PATH_EVENTS.has(e.type)) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
      measured[side.name].push({ contract, message, gas: Number(gas), kind, events: counts, direct });
    });
    log(`${side.name}: ${measured[side.name].length} messages in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return measured.chain.map((c, i) => {
    const s = measured.simulator[i];
    if (s.contract !== c.contract || s.message !== c.message) throw new Error(`sequences differ at ${i}: ${s.contract} ${s.message} vs ${c.contract} ${c.message}`);
    const key = `${c.contract}: ${c.message}`;
    const types = [...new Set([...s.events.keys(), ...c.events.keys()])].sort();
    const paths = types.filter((t) => (s.events.get(t) ?? 0) !== (c.events.get(t) ?? 0)).map((t) => `${t} ${s.events.get(t) ?? 0} vs ${c.events.get(t) ?? 0}`);
    return {
      contract: c.contract,
      message: c.message,
      kind: c.kind,
      sim: s.gas,
      chain: c.gas,
      gap: (s.gas - c.gas) / c.gas,
      ...(s.direct !== undefined ? { simDirect: s.direct } : {}),
      ...(paths.length ? { paths: paths.join(", ") } : {}),
      ...(EXCLUSIONS[key] ? { excluded: EXCLUSIONS[key] } : {}),
    };
  });
}

// ---- results ------------------------------------------------------------------------------

const pct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)} %`;
const num = (n: number) => n.toLocaleString("en-US");

export function writeResults(rows: Row[], meta: Record<string, unknown>): string {
  fs.mkdirSync(RESULTS, { recursive: true });
  const date = new Date().toISOString();
  const held = rows.filter((r) => !r.excluded);
  const within = held.filter((r) => Math.abs(r.gap) <= TOLERANCE).length;
  const worst = held.reduce((w, r) => (Math.abs(r.gap) > Math.abs(w.gap) ? r : w), held[0]);
  const excluded = rows.filter((r) => r.excluded);
  fs.writeFileSync(path.join(RESULTS, "gas-agreement.json"), JSON.stringify({ date, ...meta, tolerance: TOLERANCE, exclusions: EXCLUSIONS, rows }, null, 2) + "\n");
  const note = (r: Row) => [r.excluded ? `excluded: ${r.excluded}` : "", r.paths ? `events differ: ${r.paths}` : ""].filter(Boolean).join("; ");
  const txs = rows.filter((r) => r.kind === "tx");
  const queries = rows.filter((r) => r.kind === "query");
  const md = [
    "# Gas: simulator vs local chain",
    "",
    `Measured ${date} with \`${meta.command}\` against ${meta.node}, ${meta.validators} validator(s).`,
    "The same signed transactions, in the same order and with the same explicit fee, in the simulator",
    "(SimulatorClient) and on the chain (@cosmjs SigningCosmWasmClient); gas is the transaction's",
    "gasUsed, the ante handler included. Gap = (simulator − chain) / chain.",
    "",
    `**${within} of ${held.length} messages within ±${TOLERANCE * 100} %** (tests/e2e/gas-agreement.test.ts asserts it on every \`npm run test:chain\`);`,
    `largest gap ${pct(worst.gap)} (${worst.contract}: ${worst.message}). Excluded: ${excluded.length === 0 ? "none" : excluded.map((r) => `${r.contract}: ${r.message}`).join(", ")}.`,
    "",
    "## Transactions",
    "",
    "| contract | message | simulator | chain | gap | note |",
    "| --- | --- | ---: | ---: | ---: | --- |",
    ...txs.map((r) => `| ${r.contract} | ${r.message} | ${num(r.sim)} | ${num(r.chain)} | ${pct(r.gap)} | ${note(r)} |`),
    "",
    "## Queries",
    "",
    "Derived the same way on both sides (see below); the last column is the simulator's own figure for",
    "the gRPC query (App.queryWithGas), which the derivation should reproduce.",
    "",
    "| contract | query | simulator | chain | gap | simulator, direct |",
    "| --- | --- | ---: | ---: | ---: | ---: |",
    ...queries.map((r) => `| ${r.contract} | ${r.message.replace(/^query /, "")} | ${num(r.sim)} | ${num(r.chain)} | ${pct(r.gap)} | ${r.simDirect === undefined ? "" : num(r.simDirect)} |`),
    "",
    ...NOTES,
    "",
  ].join("\n");
  fs.writeFileSync(path.join(RESULTS, "gas-agreement.md"), md);
  return md;
}

const NOTES = [
  "## What the simulator charges (simulator/app/gas.ts)",
  "",
  "Every figure comes from wasmd v0.60.2 / cosmos-sdk v0.53.4 sources (paths in gas.ts); the order",
  "and sizes of the KV operations were checked by walking transactions on this chain one out-of-gas",
  "failure at a time (each names the operation and the gas so far).",
  "",
  "- **Ante handler** (wasmd app/ante.go + x/auth/ante): 10 gas per byte of the signed TxRaw (the",
  "  SimulatorClient encodes the transaction @cosmjs signs), 1,000 for the secp256k1 signature, and KV",
  "  operations at KVGasConfig (read 1,000 + 3/byte, write 2,000 + 30/byte, has and delete 1,000):",
  "  wasmd's tx counter (read + write), the circuit breaker (a Has per message), x/auth params (3",
  "  reads, 4 with a memo), the signer's account (6 reads, then SetAccount with its account-number",
  "  index), the fee's SendCoins to the fee collector, and on an account's first transaction its",
  "  public key. About 45,000 + 10 × tx bytes; a transaction is ~300 bytes plus its message.",
  "- **wasmd per message**: the router's circuit-breaker Has (also for each submessage); ContractInfo",
  "  and CodeInfo reads and the pinned-code Has before every call; 60,000 to load an instance, 2,000",
  "  when its code already ran in the transaction (TxContracts) and for replies (ReplyCosts, plus the",
  "  submessage's event bytes); EventCosts (the response's attributes, 10 each, and custom events, 20",
  "  each plus the type's bytes, bytes beyond 100 at 1/byte); instantiate's instance-id sequence,",
  "  contract account (account-number sequence, SetAccount), indexes, history entry and ContractInfo;",
  "  store_code's params, unpack (0.15/byte gzipped), compile (3/byte), code-id sequence and CodeInfo.",
  "- **Modules**: x/bank SendCoins (funds, MsgSend, BankMsg::Send, fees) as its reads and writes;",
  "  x/staking delegate / undelegate / redelegate and x/distribution withdraw, with the distribution",
  "  hooks (IncrementValidatorPeriod, reward calculation and payout, starting info), and the staking,",
  "  distribution, bank and wasm queries contracts make, as their reads, writes and iterators. The",
  "  simulator keeps its own staking state, so the records' sizes are the localnet's (gas.ts",
  "  STAKING_RECORDS).",
  "- **Contract calls**: the VM's gas (operators, host functions, storage at the KV costs).",
  "",
  "## Queries",
  "",
  "The chain answers a gRPC smart query without a gas figure, and its query gas limit is node",
  "configuration. So each query is measured as a contract's sub-query: a minimal contract",
  "(queryProxyWasm(), hand-assembled WebAssembly, uploaded by the bench) hands its execute message, a",
  "QueryRequest, to the chain's querier. The row is that execute's gas minus the same execute with a",
  "bank balance query, minus 10 × the difference of the two signed transactions' sizes, plus that",
  `balance query's cost (${BASELINE_QUERY_GAS}: one read of an empty balance). A sub-query`,
  "costs what the gRPC query costs: ContractInfo and CodeInfo reads, the pinned check, 60,000 to load",
  "the contract, the VM (env differs by its `transaction` field, a few bytes).",
  "",
  "## Before this model",
  "",
  "The simulator's gasUsed was the contract part only: 60,000 per instance, the VM's gas, event costs",
  "over every attribute. Against the chain: nft store_code 212,298 vs 545,215 (−61 %), instantiate",
  "87,532 vs 183,067 (−52 %), mint 118,555 vs 181,265 (−35 %); no ante handler (about 45,000 +",
  "10 per signed byte), no module KV gas (a liquid-staking bond's delegation alone is ~80,000), and",
  "replies charged 60,000 where wasmd charges 2,000.",
  "",
  "## What still differs",
  "",
  "- Contract calls agree to the unit since the simulator charges wasmvm's 1 gas per byte of a",
  "  call's result JSON (DeserializeResponse), gaskv's double read of an iterator's first item and",
  "  the sub-query env's transaction index (issue 18, tests/fidelity).",
  "- Staking and distribution records the simulator sizes as on the localnet (gas.ts",
  "  STAKING_RECORDS: validator, rewards periods, starting info, outstanding rewards, fee pool);",
  "  their digits vary by a byte or two, so staking rows are within ±1 % rather than to the unit.",
  "- Staking rewards: here the simulator's distribution accrues at the chain's measured rate per",
  "  bonded token and second (the localnet's is enormous: 13 % inflation of 10^14 uxprt over ~10^8",
  "  bonded), so the contracts take the same paths (payouts, harvests with something to reinvest);",
  "  the amounts' digits differ a little. `npm run test:fidelity` replays the chain's blocks with",
  "  App.useBlockRewards() and gets the amounts to the unit. The `note` column shows where the sides'",
  "  events differ in number.",
  "- Not in the table: an account's first transaction (it also sets the public key, ~14,000 more).",
  "  The simulator models it, and it matched the chain to the unit when walked; the sequence warms",
  "  every signer up first because a network used before (the e2e one) has no first transactions left.",
];

// ---- CLI ----------------------------------------------------------------------------------

/** `--rpc URL` (or $LOCALNET_RPC): an existing network; else `--validators N` (default 1) for a fresh one. */
export function benchArgs(args: string[]): { rpc?: string; validators: number } {
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const validators = Number(value("--validators") ?? 1);
  if (!Number.isInteger(validators) || validators < 1) throw new Error("--validators must be a positive integer");
  return { rpc: value("--rpc") ?? process.env.LOCALNET_RPC, validators };
}

async function main(): Promise<void> {
  const { rpc: given, validators: wanted } = benchArgs(process.argv.slice(2));
  let rpc = given;
  let net: Localnet | undefined;
  if (!rpc) {
    net = new Localnet(process.env.BENCH_LOCALNET ?? "bench");
    console.log(`bench:gas: fresh ${wanted}-validator localnet "${net.name}"`);
    await net.reset({ validators: wanted, portOffset: Number(process.env.BENCH_PORT_OFFSET ?? 3000), log: (s) => console.log(`  ${s}`) });
    rpc = net.rpcUrl(0);
  }
  try {
    if ((await height(rpc)) === null) throw new Error(`no node answers at ${rpc}`);
    const rows = await runAgreement(rpc, (s) => console.log(`  ${s}`));
    const validators = (await bondedValidators(rpc)).length;
    const command = ["npm run bench:gas", ...(process.argv.length > 2 ? ["--", ...process.argv.slice(2)] : [])].join(" ");
    console.log(writeResults(rows, { command, node: "wasmd v0.60.2 (chain/)", validators }));
  } finally {
    if (net) await net.stop();
  }
}

if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
