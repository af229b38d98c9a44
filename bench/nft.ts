// `npm run bench:nft`: gas per NFT operation in the simulator (SDK gas, as a transaction on
// the chain would report for the contract part) and the wasm size. Results go to
// bench/results/nft.{json,md}.

import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "@persistence-ts/simulator/app/app";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { ROOT } from "@persistence-ts/cli/project";
import { contractWasm } from "@persistence-ts/testing/contracts";
import { buildFixture } from "@persistence-ts/testing/fixtures";
import { mintMsg } from "../tests/nft/setup";

interface Row {
  operation: string;
  gas: number;
}

function run(): { rows: Row[]; wasmBytes: number } {
  const app = new App();
  const owner = makeAddress("nft-owner");
  const sme = makeAddress("sme-originator");
  const buyer = makeAddress("financier");
  const wasm = contractWasm("nft");
  const codeId = app.storeCode(owner, wasm).codeId;
  const nft = app.instantiate(owner, codeId, { name: "RWA", symbol: "RWA", minters: [sme] }, "nft").contractAddress;
  const receiver = app.instantiate(owner, app.storeCode(owner, buildFixture("probe")).codeId, {}, "receiver").contractAddress;
  const rows: Row[] = [];
  const tx = (operation: string, sender: string, msg: unknown) => rows.push({ operation, gas: app.execute(sender, nft, msg).gasUsed });
  const q = (operation: string, msg: unknown) => rows.push({ operation: `query ${operation}`, gas: app.queryWithGas(nft, msg).gasUsed });

  // Some tokens first, so indexes and pages are not trivially empty.
  for (let i = 1; i <= 20; i++) app.execute(sme, nft, mintMsg(`warm-${i}`, sme, 1000 + i));
  tx("mint", sme, mintMsg("inv-1", sme, 1));
  tx("approve", sme, { approve: { spender: buyer, token_id: "inv-1" } });
  tx("transfer_nft (clears approvals)", sme, { transfer_nft: { recipient: buyer, token_id: "inv-1" } });
  tx("send_nft (+ receive_nft hook)", buyer, { send_nft: { contract: receiver, token_id: "inv-1", msg: "" } });
  tx("approve_all", sme, { approve_all: { operator: buyer } });
  tx("update_status", sme, { update_status: { token_id: "warm-1", status: "financed" } });
  tx("burn", sme, { burn: { token_id: "warm-2" } });
  // 0.2.0: delegation through an operator grant, issuer authorization, edits and the dispute path.
  const carol = makeAddress("carol");
  tx("approve (by an operator: records its grant)", buyer, { approve: { spender: carol, token_id: "warm-4" } });
  tx("transfer_nft (by an operator's spender: checks the grant)", carol, { transfer_nft: { recipient: carol, token_id: "warm-4" } });
  tx("authorize_minter", carol, { authorize_minter: { minter: sme } });
  tx("mint (in an authorizing issuer's name)", sme, mintMsg("inv-2", sme, 2, { issuer: carol }));
  tx("update_nft_info", sme, { update_nft_info: { token_id: "warm-5", extension: { jurisdiction: "FR" } } });
  tx("quarantine", owner, { quarantine: { token_id: "warm-6", reason: "disputed issuer" } });
  tx("lift_quarantine", owner, { lift_quarantine: { token_id: "warm-6" } });
  app.execute(owner, nft, { quarantine: { token_id: "warm-7", reason: "squatted document" } });
  tx("void_token (releases the document to an issuer)", owner, { void_token: { token_id: "warm-7", reason: "squatted document", release_to: sme } });
  tx("mint (a document reserved for its issuer)", sme, mintMsg("inv-7", sme, 1007));
  // 0.2.0 (review): a status set by a servicer, releasing a burned document for an issuer.
  app.execute(owner, nft, { add_status_agent: { agent: carol, issuer: sme } });
  tx("update_status (by the issuer's status agent)", carol, { update_status: { token_id: "warm-8", status: "financed" } });
  tx("release_document (reserved for an issuer)", owner, { release_document: { document_hash: (1002).toString(16).padStart(64, "0"), release_to: sme } });
  q("owner_of", { owner_of: { token_id: "warm-3" } });
  q("nft_info", { nft_info: { token_id: "warm-3" } });
  q("all_nft_info", { all_nft_info: { token_id: "warm-3" } });
  q("tokens (page of 10)", { tokens: { owner: sme } });
  q("all_tokens (page of 10)", { all_tokens: {} });
  q("verify_document", { verify_document: { document_hash: (1003).toString(16).padStart(64, "0") } });
  q("num_tokens", { num_tokens: {} });
  return { rows, wasmBytes: wasm.length };
}

function main(): void {
  const { rows, wasmBytes } = run();
  const out = path.join(ROOT, "bench", "results");
  fs.mkdirSync(out, { recursive: true });
  const date = new Date().toISOString();
  fs.writeFileSync(path.join(out, "nft.json"), JSON.stringify({ date, node: process.version, wasmBytes, gas: rows }, null, 2) + "\n");
  const md = [
    "# nft: gas per operation (simulator, SDK gas of the contract call) and wasm size",
    "",
    `Measured ${date} with \`npm run bench:nft\`. wasm: ${wasmBytes.toLocaleString("en-US")} bytes.`,
    "Measured as direct app calls: the contract, wasmd and module storage gas are included, the ante handler (signature, tx bytes, fee) is not; see bench/results/gas-agreement.md for whole transactions against the chain.",
    "",
    "| operation | gas |",
    "| --- | ---: |",
    ...rows.map((r) => `| ${r.operation} | ${r.gas.toLocaleString("en-US")} |`),
    "",
  ].join("\n");
  fs.writeFileSync(path.join(out, "nft.md"), md);
  console.log(md);
}

main();
