// `npm run bench:chain`: our contracts beside wasmd's Rust-built reference contracts on a local chain
// (chain/, wasmd v0.60.2), in one run: wasm size, store_code gas, and the gas of comparable
// operations. Writes bench/results/chain.{json,md}.
//
//   npm run bench:chain [-- --validators N | --rpc URL]   (default: a fresh localnet "bench" with one
//   validator, ports + 3000; BENCH_LOCALNET / BENCH_PORT_OFFSET change them)
//
// The references are read from the Go module cache at run time (bench/reference.ts), never copied
// into the repository: cw20_base and cw1_whitelist (cw-plus v0.10.0-soon4, wasmd's benchmarks),
// staking.wasm (the staking-derivative example of wasmd's keeper tests) and cw-escrow 0.7, which a
// CosmWasm 2.2 chain refuses (it exports cosmwasm_api_0_6): the refusal is recorded.

import * as fs from "node:fs";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { SigningCosmWasmClient } from "@cosmjs/cosmwasm";
import { DENOM, Localnet, height } from "../chain/localnet";
import { bondedValidators } from "../tests/e2e/chain";
import { FEE, INSTANTIATE, benchArgs, chainSide, proxyQueries, queryProxyWasm } from "./gas-agreement";
import { contractNames } from "@persistence-ts/cli/build/contracts";
import { REFERENCE_CONTRACTS, referenceContract } from "./reference";

const ROOT = path.resolve(__dirname, "..");
const RESULTS = path.join(ROOT, "bench", "results");

interface WasmRow {
  contract: string;
  origin: string;
  bytes: number;
  gzipped: number;
  /** store_code gas on the chain, or null when the chain refused the upload. */
  storeGas: number | null;
  note: string;
}

interface OpRow {
  operation: string;
  ours: { what: string; gas: number } | null;
  reference: { what: string; gas: number } | null;
  note: string;
}

const uxprt = (n: number) => [{ denom: DENOM, amount: String(n) }];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runChainBench(rpc: string, log: (s: string) => void = () => {}): Promise<{ wasm: WasmRow[]; ops: OpRow[] }> {
  const side = await chainSide(rpc);
  const client = side.client as SigningCosmWasmClient;
  const { owner, other } = side;
  const [validator] = side.validators;
  const wasm: WasmRow[] = [];
  const codes: Record<string, number> = {};
  const gas = (r: { gasUsed: bigint }) => Number(r.gasUsed);

  // Warm-up: a signer's first transaction also sets its public key (~14,000 gas more); not measured.
  for (const who of [owner, other]) await client.sendTokens(who, owner, uxprt(1), FEE);

  // ---- sizes and uploads ----
  for (const name of contractNames()) {
    const bytes = new Uint8Array(fs.readFileSync(path.join(ROOT, "artifacts", `${name}.wasm`)));
    const up = await client.upload(owner, bytes, FEE);
    codes[name] = up.codeId;
    wasm.push({ contract: name, origin: "this repo (AssemblyScript)", bytes: bytes.length, gzipped: gzipSync(bytes).length, storeGas: gas(up), note: "" });
  }
  for (const name of Object.keys(REFERENCE_CONTRACTS) as Array<keyof typeof REFERENCE_CONTRACTS>) {
    const ref = REFERENCE_CONTRACTS[name];
    const origin = `wasmd ${ref.version} ${ref.file} (Rust)`;
    let bytes: Uint8Array;
    try {
      bytes = referenceContract(name);
    } catch (e) {
      wasm.push({ contract: name, origin, bytes: 0, gzipped: 0, storeGas: null, note: `not available: ${(e as Error).message}` });
      continue;
    }
    try {
      const up = await client.upload(owner, bytes, FEE);
      codes[name] = up.codeId;
      wasm.push({ contract: name, origin, bytes: bytes.length, gzipped: gzipSync(bytes).length, storeGas: gas(up), note: "" });
    } catch (e) {
      const why = /Error calling the VM: (.*?)(: create wasm contract failed|$)/.exec((e as Error).message)?.[1] ?? (e as Error).message;
      // cw-escrow 0.7 predates CosmWasm 1.0: it exports cosmwasm_api_0_6 instead of interface_version_8.
      const abi = Buffer.from(bytes).includes("cosmwasm_api_0_6") ? "exports cosmwasm_api_0_6 (the pre-1.0 ABI); " : "";
      wasm.push({ contract: name, origin, bytes: bytes.length, gzipped: gzipSync(bytes).length, storeGas: null, note: `${abi}refused by the chain: ${why}` });
    }
    log(`uploaded ${name}`);
  }

  // The query proxy of bench/gas-agreement.ts measures query gas (the chain reports none for a query).
  const proxyCode = (await client.upload(owner, queryProxyWasm(), FEE)).codeId;
  const proxy = (await client.instantiate(owner, proxyCode, {}, "query-proxy", FEE)).contractAddress;
  const queryGas = await proxyQueries(client, owner, proxy);

  const ops: OpRow[] = [];
  const op = (operation: string, ours: OpRow["ours"], reference: OpRow["reference"], note = "") => {
    ops.push({ operation, ours, reference, note });
    log(`${operation}: ${ours?.gas ?? "-"} vs ${reference?.gas ?? "-"}`);
  };

  // ---- tokens: cw20_base vs liquid-staking's stk (a cw20 with the same transfer/balance messages) ----
  const ls = await client.instantiate(owner, codes["liquid-staking"], INSTANTIATE["liquid-staking"](side.validators), "ls-bench", FEE);
  const cw20Init = { name: "Reference", symbol: "REF", decimals: 6, initial_balances: [{ address: other, amount: "100000000" }] };
  const cw20 = codes.cw20_base === undefined ? null : await client.instantiate(owner, codes.cw20_base, cw20Init, "cw20-bench", FEE);
  op("instantiate", { what: "liquid-staking (stk token + pool, validator set checked)", gas: gas(ls) }, cw20 && { what: "cw20_base (one initial balance)", gas: gas(cw20) }, "different work: for scale");

  const lsBond = await client.execute(other, ls.contractAddress, { bond: {} }, FEE, undefined, uxprt(10_000_000));
  await sleep(2000);
  const lsBond2 = await client.execute(other, ls.contractAddress, { bond: {} }, FEE, undefined, uxprt(5_000_000));
  const lsTransfer = await client.execute(other, ls.contractAddress, { transfer: { recipient: owner, amount: "1000000" } }, FEE);
  const lsTransfer2 = await client.execute(other, ls.contractAddress, { transfer: { recipient: owner, amount: "1000000" } }, FEE);
  const cwTransfer = cw20 && (await client.execute(other, cw20.contractAddress, { transfer: { recipient: owner, amount: "1000000" } }, FEE));
  const cwTransfer2 = cw20 && (await client.execute(other, cw20.contractAddress, { transfer: { recipient: owner, amount: "1000000" } }, FEE));
  op("cw20 transfer (recipient's first)", { what: "liquid-staking stk transfer", gas: gas(lsTransfer) }, cwTransfer && { what: "cw20_base transfer", gas: gas(cwTransfer) });
  op("cw20 transfer (again)", { what: "liquid-staking stk transfer", gas: gas(lsTransfer2) }, cwTransfer2 && { what: "cw20_base transfer", gas: gas(cwTransfer2) });
  op(
    "cw20 balance query",
    { what: "liquid-staking balance", gas: await queryGas(ls.contractAddress, { balance: { address: other } }) },
    cw20 && { what: "cw20_base balance", gas: await queryGas(cw20.contractAddress, { balance: { address: other } }) },
    "as a sub-query (see gas-agreement.md)",
  );
  op(
    "cw20 token_info query",
    { what: "liquid-staking token_info", gas: await queryGas(ls.contractAddress, { token_info: {} }) },
    cw20 && { what: "cw20_base token_info", gas: await queryGas(cw20.contractAddress, { token_info: {} }) },
    "as a sub-query",
  );

  // ---- staking derivatives: staking.wasm vs liquid-staking ----
  const stakingInit = { name: "Derivative", symbol: "DRV", decimals: 6, validator, exit_tax: "0.100000000000000000", min_withdrawal: "1000" };
  const st = codes.staking === undefined ? null : await client.instantiate(owner, codes.staking, stakingInit, "staking-bench", FEE);
  op("instantiate a staking derivative", { what: "liquid-staking", gas: gas(ls) }, st && { what: "staking.wasm", gas: gas(st) }, "liquid-staking checks its validator set through staking queries");
  const stBond = st && (await client.execute(other, st.contractAddress, { bond: {} }, FEE, undefined, uxprt(10_000_000)));
  await sleep(2000);
  const stBond2 = st && (await client.execute(other, st.contractAddress, { bond: {} }, FEE, undefined, uxprt(5_000_000)));
  op("bond 10 XPRT (first: new delegation)", { what: "liquid-staking bond", gas: gas(lsBond) }, stBond && { what: "staking.wasm bond", gas: gas(stBond) }, "both delegate to the one validator; liquid-staking also queries delegations and rewards, keeps a buffer");
  op("bond 5 XPRT (existing delegation, rewards pending)", { what: "liquid-staking bond", gas: gas(lsBond2) }, stBond2 && { what: "staking.wasm bond", gas: gas(stBond2) }, "the chain withdraws the pending rewards on the delegation change");
  const stTransfer = st && (await client.execute(other, st.contractAddress, { transfer: { recipient: owner, amount: "1000000" } }, FEE));
  op("derivative token transfer", { what: "liquid-staking stk transfer", gas: gas(lsTransfer2) }, stTransfer && { what: "staking.wasm transfer", gas: gas(stTransfer) });

  const lsQueue = await client.execute(other, ls.contractAddress, { queue_unbond: { amount: "3000000" } }, FEE);
  await sleep(6000); // liquid-staking's epoch: ceil(30 s unbonding / 7)
  const lsSubmit = await client.execute(other, ls.contractAddress, { submit_batch: {} }, FEE);
  const stUnbond = st && (await client.execute(other, st.contractAddress, { unbond: { amount: "3000000" } }, FEE));
  op("unbond: request", { what: "liquid-staking queue_unbond", gas: gas(lsQueue) }, stUnbond && { what: "staking.wasm unbond (undelegates at once)", gas: gas(stUnbond) });
  op("unbond: undelegation", { what: "liquid-staking submit_batch (undelegates the batch)", gas: gas(lsSubmit) }, null, "staking.wasm undelegates inside unbond");
  op("unbond: total", { what: "queue_unbond + submit_batch", gas: gas(lsQueue) + gas(lsSubmit) }, stUnbond && { what: "staking.wasm unbond", gas: gas(stUnbond) }, "one user; a batch serves many");
  op(
    "derivative state query",
    { what: "liquid-staking state", gas: await queryGas(ls.contractAddress, { state: {} }) },
    st && { what: "staking.wasm investment", gas: await queryGas(st.contractAddress, { investment: {} }) },
    "as a sub-query; liquid-staking's state asks the chain for its delegations and their rewards",
  );

  // ---- cw1_whitelist: a contract-dispatched bank send, beside a plain MsgSend ----
  const cw1 = codes.cw1_whitelist === undefined ? null : await client.instantiate(owner, codes.cw1_whitelist, { admins: [owner], mutable: false }, "cw1-bench", FEE);
  if (cw1) {
    await client.sendTokens(owner, cw1.contractAddress, uxprt(1_000_000), FEE);
    const viaCw1 = await client.execute(owner, cw1.contractAddress, { execute: { msgs: [{ bank: { send: { to_address: other, amount: uxprt(1000) } } }] } }, FEE);
    const plain = await client.sendTokens(owner, other, uxprt(1000), FEE);
    op("bank send dispatched by a contract", null, { what: "cw1_whitelist execute [BankMsg::Send]", gas: gas(viaCw1) }, `no counterpart among ours; a plain MsgSend costs ${gas(plain).toLocaleString("en-US")}`);
  }
  return { wasm, ops };
}

function writeResults(r: { wasm: WasmRow[]; ops: OpRow[] }, meta: Record<string, unknown>): string {
  fs.mkdirSync(RESULTS, { recursive: true });
  const date = new Date().toISOString();
  fs.writeFileSync(path.join(RESULTS, "chain.json"), JSON.stringify({ date, ...meta, fee: FEE, ...r }, null, 2) + "\n");
  const num = (n: number | null | undefined) => (n === null || n === undefined ? "–" : n.toLocaleString("en-US"));
  const ratio = (o: OpRow) => (o.ours && o.reference ? `${(o.ours.gas / o.reference.gas).toFixed(2)}×` : "");
  const md = [
    "# Our contracts beside wasmd's reference contracts, on a local chain",
    "",
    `Measured ${date} with \`${meta.command}\` against ${meta.node}, ${meta.validators} validator(s), in one run.`,
    "Gas is each transaction's gasUsed (ante handler included: ~45,000 + 10 per signed byte), with the",
    `same explicit fee (${FEE.gas} gas, ${FEE.amount[0].amount}${FEE.amount[0].denom}) for every transaction. The reference`,
    "contracts are read from the Go module cache (wasmd v0.60.2), never copied into the repository.",
    "",
    "## Wasm size and upload",
    "",
    "| contract | origin | wasm bytes | gzipped | store_code gas | note |",
    "| --- | --- | ---: | ---: | ---: | --- |",
    ...r.wasm.map((w) => `| ${w.contract} | ${w.origin} | ${num(w.bytes)} | ${num(w.gzipped)} | ${num(w.storeGas)} | ${w.note} |`),
    "",
    "store_code costs 3 gas per wasm byte (compile) + 0.15 per gzipped byte (unpack) + 10 per signed",
    "byte (the gzipped code is in the transaction): about 4.5 gas per wasm byte.",
    "",
    "## Comparable operations",
    "",
    "| operation | ours | gas | reference | gas | ours / reference | note |",
    "| --- | --- | ---: | --- | ---: | ---: | --- |",
    ...r.ops.map((o) => `| ${o.operation} | ${o.ours?.what ?? "–"} | ${num(o.ours?.gas)} | ${o.reference?.what ?? "–"} | ${num(o.reference?.gas)} | ${ratio(o)} | ${o.note} |`),
    "",
  ].join("\n");
  fs.writeFileSync(path.join(RESULTS, "chain.md"), md);
  return md;
}

async function main(): Promise<void> {
  const { rpc: given, validators } = benchArgs(process.argv.slice(2));
  let rpc = given;
  let net: Localnet | undefined;
  if (!rpc) {
    net = new Localnet(process.env.BENCH_LOCALNET ?? "bench");
    console.log(`bench:chain: fresh ${validators}-validator localnet "${net.name}"`);
    await net.reset({ validators, portOffset: Number(process.env.BENCH_PORT_OFFSET ?? 3000), log: (s) => console.log(`  ${s}`) });
    rpc = net.rpcUrl(0);
  }
  try {
    if ((await height(rpc)) === null) throw new Error(`no node answers at ${rpc}`);
    const t0 = Date.now();
    const r = await runChainBench(rpc, (s) => console.log(`  ${s}`));
    console.log(`  ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const command = ["npm run bench:chain", ...(process.argv.length > 2 ? ["--", ...process.argv.slice(2)] : [])].join(" ");
    console.log(writeResults(r, { command, node: "wasmd v0.60.2 (chain/)", validators: (await bondedValidators(rpc)).length }));
  } finally {
    if (net) await net.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
