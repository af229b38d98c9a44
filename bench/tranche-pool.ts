// `npm run bench:tranche-pool`: gas per tranche-pool operation in the simulator (SDK gas, as a
// transaction on the chain would report for the contract part) and the wasm size. Results go to
// bench/results/tranche-pool.{json,md}.

import * as fs from "node:fs";
import * as path from "node:path";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { ROOT } from "@persistence-ts/cli/project";
import { minter as cw20Minter } from "../tests/cw20/token";
import { contractWasm } from "@persistence-ts/testing/contracts";
import { CurrencyKind, DAY, after, alice, attrs, bob, carol, closeEpoch, dave, hookMsg, manager, mintInvoice, openLoan, pay, setup, sme } from "../tests/tranche-pool/setup";

interface Row {
  operation: string;
  gas: number;
}

/** The same scenario in a pool lending a native denom or a CW20 token (payments through send, payouts as transfers). */
function run(kind: CurrencyKind): Row[] {
  const w = setup({}, undefined, kind);
  const rows: Row[] = [];
  const tx = (operation: string, sender: string, msg: Record<string, unknown>) => rows.push({ operation, gas: w.app.execute(sender, w.pool.address, msg).gasUsed });
  const paid = (operation: string, sender: string, msg: Record<string, unknown>, amount: bigint | number | string) => rows.push({ operation, gas: pay(w, sender, msg, amount).gasUsed });
  const q = (operation: string, msg: unknown) => rows.push({ operation: `query ${operation}`, gas: w.app.queryWithGas(w.pool.address, msg).gasUsed });
  const fund = (who: string, amount: bigint) =>
    w.token ? w.token.execute(cw20Minter, { mint: { recipient: who, amount: amount.toString() } }) : w.app.mint(who, [{ denom: "uusdc", amount: amount.toString() }]);

  // A pool in use first: twenty lenders (their deposit orders executed at a close), a few loans, time passing.
  for (let i = 0; i < 20; i++) {
    const l = makeAddress(`bench-lender-${i}`);
    fund(l, 10_000_000_000n);
    pay(w, l, { deposit: { tranche: i % 4 === 0 ? "junior" : "senior" } }, i === 0 ? 5_000_000_000 : 1_000_000_000);
  }
  w.app.advanceTime(DAY);
  tx("process_epoch (close + settle 20 deposit orders)", carol, { process_epoch: { limit: 20 } });
  for (let i = 0; i < 3; i++) openLoan(w, `warm-${i}`, 1_000_000_000n);
  w.app.advanceTime(DAY);

  paid("deposit (junior order)", bob, { deposit: { tranche: "junior" } }, 30_000_000_000);
  paid("deposit (senior order)", alice, { deposit: { tranche: "senior" } }, 50_000_000_000);
  paid("deposit (order merged into an open one)", alice, { deposit: { tranche: "senior" } }, 1_000_000_000);
  const order = attrs(pay(w, dave, { deposit: { tranche: "junior" } }, 1_000_000_000), w.pool.address).order_id;
  tx("cancel_deposit (refunds)", dave, { cancel_deposit: { order_id: Number(order) } });
  tx("process_epoch (close + settle 2 deposit orders)", carol, { process_epoch: {} });
  tx("redeem (order)", alice, { redeem: { tranche: "senior", shares: "1000000000", min_price: "0" } });
  w.app.advanceTime(DAY);
  tx("process_epoch (close + settle 1 redemption order)", carol, { process_epoch: {} });
  mintInvoice(w, "inv-1", 20_000_000_000n, 120);
  const pledge = w.app.execute(sme, w.nft.address, {
    send_nft: { contract: w.pool.address, token_id: "inv-1", msg: hookMsg({ amount: "16000000000", apr: "0.12", maturity: after(w.app, 90 * DAY) }) },
  });
  rows.push({ operation: "request_loan (send_nft + receive_nft hook + nft_info query)", gas: pledge.gasUsed });
  tx("approve_loan", manager, { approve_loan: { loan_id: 4, apr: "0.12" } });
  tx("draw", sme, { draw: { loan_id: 4 } });
  w.app.advanceTime(30 * DAY);
  paid("repay (partial)", sme, { repay: { loan_id: 4 } }, 1_000_000_000);
  const debt = (w.app.query(w.pool.address, { loan: { loan_id: 4 } }) as { debt: string }).debt;
  paid("repay (full, NFT returned)", sme, { repay: { loan_id: 4 } }, debt);
  tx("collect_fees", carol, { collect_fees: {} });

  // A short reserve: redemption orders wait for cash and an epoch settles them.
  openLoan(w, "inv-big", BigInt((w.app.query(w.pool.address, { pool: {} }) as { reserve: string }).reserve) - 1_000_000n);
  tx("redeem (order, reserve short)", alice, { redeem: { tranche: "senior", shares: "5000000000", min_price: "0" } });
  const seniors = [1, 2, 3, 5, 6, 7, 9, 10, 11, 13]; // lenders 0, 4, 8, … hold junior shares
  for (const i of seniors) w.app.execute(makeAddress(`bench-lender-${i}`), w.pool.address, { redeem: { tranche: "senior", shares: "100000000", min_price: "0" } });
  pay(w, sme, { repay: { loan_id: 5 } }, 3_000_000_000);
  w.app.advanceTime(DAY);
  tx("process_epoch (close + settle 11 requests)", carol, { process_epoch: { limit: 20 } });
  closeEpoch(w); // the rest of the orders, so the next close has only the policy's work

  w.app.advanceTime(120 * DAY);
  tx("mark_default (the loan enters its write-off period)", manager, { mark_default: { loan_id: 1 } });
  tx("write_down", manager, { write_down: { loan_id: 1, percent: "0.5" } });
  paid("recover", carol, { recover: { loan_id: 1 } }, 100_000_000);
  tx("process_epoch (policy marks 3 overdue loans, close, settle)", carol, { process_epoch: {} });
  tx("claim_collateral", manager, { claim_collateral: { loan_id: 1 } });
  tx("write_off", manager, { write_off: { loan_id: 1 } });
  tx("update_config (scheduled through the timelock)", makeAddress("pool-owner"), { update_config: { senior_apr: "0.09" } });

  q("pool", { pool: {} });
  q("position", { position: { lender: alice } });
  q("loan", { loan: { loan_id: 2 } });
  q("loans (page of 10)", { loans: {} });
  q("redemption_queue", { redemption_queue: {} });
  q("epoch", { epoch: { id: 2 } });
  q("pending_config", { pending_config: {} });
  return rows;
}

function main(): void {
  const native = run("native");
  const cw20 = run("cw20");
  const wasmBytes = contractWasm("tranche-pool").length;
  const rows = native.map((r, i) => ({ operation: r.operation, gas: r.gas, gasCw20: cw20[i].gas }));
  const out = path.join(ROOT, "bench", "results");
  fs.mkdirSync(out, { recursive: true });
  const date = new Date().toISOString();
  fs.writeFileSync(path.join(out, "tranche-pool.json"), JSON.stringify({ date, node: process.version, wasmBytes, gas: rows }, null, 2) + "\n");
  const md = [
    "# tranche-pool: gas per operation (simulator, SDK gas of the contract call) and wasm size",
    "",
    `Measured ${date} with \`npm run bench:tranche-pool\`. wasm: ${wasmBytes.toLocaleString("en-US")} bytes.`,
    "Transaction overhead outside the contract (ante handler, signature, tx bytes) is not included;",
    "bank sends, cw20 transfers and NFT transfers the contract asks for are (they run in the same transaction).",
    "The same scenario runs in a pool lending a native denom and in one lending a CW20 token, where",
    "deposits, repayments and recoveries are a cw20 `send` to the pool (the token's execution and the",
    "pool's `receive` hook) and every payout is a cw20 `transfer` instead of a bank send.",
    "",
    "| operation | gas (native) | gas (cw20) |",
    "| --- | ---: | ---: |",
    ...rows.map((r) => `| ${r.operation} | ${r.gas.toLocaleString("en-US")} | ${r.gasCw20.toLocaleString("en-US")} |`),
    "",
  ].join("\n");
  fs.writeFileSync(path.join(out, "tranche-pool.md"), md);
  console.log(md);
}

main();
