// `npm run bench:escrow`: gas per escrow operation in the simulator (SDK gas of the whole
// transaction's contract part: the escrow and the cw721 / cw20 / bank calls it makes or
// receives) and the wasm size, next to the Rust cw-escrow 0.7 reference that wasmd ships.
// Results go to bench/results/escrow.{json,md}.

import * as fs from "node:fs";
import * as path from "node:path";
import { TxResult } from "@persistence-ts/simulator/app/app";
import { ROOT } from "@persistence-ts/cli/project";
import { checkWasm } from "@persistence-ts/cli/check/index";
import { contractWasm } from "@persistence-ts/testing/contracts";
import { buildFixture } from "@persistence-ts/testing/fixtures";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { FEE_BPS, USDC, World, attr, b64, buyer, carol, collector, dave, nftOwner, owner, seller, setup } from "../tests/escrow/setup";
import { REFERENCE_CONTRACTS, referenceContract } from "./reference";

interface Row {
  operation: string;
  gas: number;
}

interface Reference {
  name: string;
  wasmBytes: number | null;
  note: string;
}

function run(): Row[] {
  const w: World = setup();
  const rows: Row[] = [];
  /** Records the gas of `res` and returns the order id it names. */
  const tx = (operation: string, res: TxResult): number => {
    rows.push({ operation, gas: res.gasUsed });
    return Number(attr(res, w.address, "order_id"));
  };
  const id = (res: TxResult): number => Number(attr(res, w.address, "order_id"));
  /** The offer lock (an hour by default) passes. */
  const lockPasses = () => w.app.advanceBlocks(1, 3_600);
  const q = (operation: string, msg: unknown) => rows.push({ operation: `query ${operation}`, gas: w.app.queryWithGas(w.address, msg).gasUsed });
  const usdc = (n: bigint) => [{ denom: USDC, amount: n.toString() }];
  const ask = (token: string, price: bigint, asset = { native: USDC } as Record<string, string>) =>
    w.sendNft(seller, token, { create_ask: { price: { asset, amount: price.toString() }, expires: null, taker: null } });

  for (let i = 1; i <= 12; i++) w.mint(`inv-${i}`);
  for (const who of [buyer, carol, dave]) w.fund(who, 100_000_000n);
  // Some orders first, so indexes and pages are not trivially empty.
  for (let i = 0; i < 20; i++) {
    w.mint(`warm-${i}`);
    w.bid([buyer, carol, dave][i % 3], `warm-${i}`, 1_000n);
  }

  const a1 = tx("create_ask (send_nft + hook, native price)", ask("inv-1", 1_000_000n));
  const a2 = tx("create_ask (send_nft + hook, cw20 price)", ask("inv-2", 1_000_000n, { cw20: w.token.address }));
  const b3 = tx("create_bid (native)", w.escrow.execute(buyer, w.bidMsg("inv-3"), usdc(500_000n)));
  const b4 = tx("create_bid (cw20 send + hook)", w.sendCw20(carol, 500_000n, w.bidMsg("inv-4")));
  tx("accept_ask (native, settles)", w.escrow.execute(buyer, { accept_ask: w.terms(a1) }, usdc(1_000_000n)));
  tx("accept_ask (cw20 send + hook, settles)", w.sendCw20(carol, 1_000_000n, { accept_ask: w.terms(a2) }));
  tx("accept_bid (send_nft + hook, settles)", w.sendNft(seller, "inv-3", { accept_bid: w.terms(b3) }));

  const neg = id(ask("inv-5", 1_000_000n));
  tx("counter_offer (counterparty on an ask, escrows funds)", w.escrow.execute(buyer, { counter_offer: { order_id: neg, amount: "800000" } }, usdc(800_000n)));
  tx("counter_offer (a second counterparty, both live)", w.escrow.execute(carol, { counter_offer: { order_id: neg, amount: "850000" } }, usdc(850_000n)));
  lockPasses();
  tx("counter_offer (revises its own offer once its lock has passed, refunds the previous one)", w.escrow.execute(carol, { counter_offer: { order_id: neg, amount: "860000" } }, usdc(860_000n)));
  tx("counter_offer (maker revises its price)", w.escrow.execute(seller, { counter_offer: { order_id: neg, amount: "900000" } }));
  tx("accept_offer (maker accepts a live offer, settles, refunds the other)", w.escrow.execute(seller, { accept_offer: { order_id: neg, offer_id: 3 } }));
  tx("counter_offer (token owner on a bid, send_nft + hook)", w.sendNft(seller, "inv-4", { counter_offer: { order_id: b4, amount: "600000" } }));
  lockPasses();
  tx("withdraw_offer (NFT back to its owner, once its lock has passed)", w.escrow.execute(seller, { withdraw_offer: { order_id: b4, offer_id: 1 } }));

  const a6 = id(ask("inv-6", 1_000_000n));
  tx("cancel (ask: NFT back)", w.escrow.execute(seller, { cancel: { order_id: a6 } }));
  tx("cancel (bid: funds back)", w.escrow.execute(carol, { cancel: { order_id: b4 } }));
  const a7 = id(w.sendNft(seller, "inv-7", { create_ask: { price: { asset: { native: USDC }, amount: "5" }, expires: { at_height: w.app.block.height + 1 }, taker: null } }));
  w.app.advanceBlocks(1);
  tx("expire (anyone, NFT back)", w.escrow.execute(dave, { expire: { order_id: a7 } }));

  // The most an order can hold: 10 live counterparty offers; closing it refunds them all.
  const full = id(ask("inv-9", 1_000_000n));
  const negotiators = Array.from({ length: 11 }, (_, i) => makeAddress(`negotiator-${i}`));
  for (const n of negotiators) w.app.mint(n, usdc(1_000_000n));
  for (let i = 0; i < 9; i++) w.escrow.execute(negotiators[i], { counter_offer: { order_id: full, amount: String(100_000 + i) } }, usdc(BigInt(100_000 + i)));
  tx("counter_offer (the 10th live offer)", w.escrow.execute(negotiators[9], { counter_offer: { order_id: full, amount: "100009" } }, usdc(100_009n)));
  tx("counter_offer (order full: asks the collection about the 10 proposers, outbids and refunds the lowest)", w.escrow.execute(negotiators[10], { counter_offer: { order_id: full, amount: "100010" } }, usdc(100_010n)));
  const liveOnly = w.app.queryWithGas(w.address, { offers: { order_id: full, live_only: true } }).gasUsed;
  tx("cancel (ask with 10 live offers: NFT and 10 refunds back)", w.escrow.execute(seller, { cancel: { order_id: full } }));

  // A delivery that fails becomes a claim: the depositor of a bid's NFT is off the collection's list.
  const claimBid = id(w.escrow.execute(buyer, w.bidMsg("inv-10"), usdc(1_000n)));
  w.sendNft(seller, "inv-10", { counter_offer: { order_id: claimBid, amount: "2000" } });
  w.nft.execute(nftOwner, { update_allowlist: { add: [buyer, w.address], remove: [] } });
  w.nft.execute(nftOwner, { set_compliance: { enabled: true } });
  tx("cancel (bid: the NFT's return fails and becomes a claim)", w.escrow.execute(buyer, { cancel: { order_id: claimBid } }));
  w.nft.execute(nftOwner, { update_allowlist: { add: [seller], remove: [] } });
  tx("withdraw_claim (NFT)", w.escrow.execute(seller, { withdraw_claim: { claim_id: 1 } }));
  w.nft.execute(nftOwner, { set_compliance: { enabled: false } });
  // A claim on a token voided in a dispute can never be delivered: withdrawing it closes it.
  const voided = id(ask("inv-11", 1_000n));
  w.nft.execute(nftOwner, { quarantine: { token_id: "inv-11", reason: "disputed" } });
  w.escrow.execute(seller, { cancel: { order_id: voided } });
  w.nft.execute(nftOwner, { void_token: { token_id: "inv-11", reason: "squatted", release_to: seller } });
  tx("withdraw_claim (NFT its collection voided: the claim is closed)", w.escrow.execute(seller, { withdraw_claim: { claim_id: 2 } }));
  // A delivery in a token that burns gas stops at its gas limit (1,000,000, all charged) and becomes a claim.
  const hog = w.app.instantiate(owner, w.app.storeCode(owner, buildFixture("gas-hog")).codeId, {}, "hog").contractAddress;
  w.escrow.execute(owner, { update_allowlist: { list: "cw20_tokens", add: [hog], remove: [] } });
  const hogAsk = id(ask("inv-12", 1_000n, { cw20: hog }));
  const hook = b64({ counter_offer: { order_id: hogAsk, amount: "900" } });
  w.app.execute(dave, hog, { relay: { contract: w.address, msg: b64({ receive: { sender: dave, amount: "900", msg: hook } }) } });
  w.app.execute(dave, hog, { hog: { on: true } });
  tx("cancel (ask whose offer is refunded in a cw20 that burns gas: the refund hits the delivery gas limit and becomes a claim)", w.escrow.execute(seller, { cancel: { order_id: hogAsk } }));
  w.app.send(dave, { bank: { send: { to_address: w.address, amount: usdc(7n) } } });
  tx("sweep (owner: coins sent outside an order)", w.escrow.execute(owner, { sweep: { asset: { native: USDC }, recipient: owner } }));

  const a8 = id(ask("inv-8", 1_000_000n));
  q("order", { order: { id: a8 } });
  q("orders (status open, page of 10)", { orders: { status: "open" } });
  q("orders (maker, page of 10)", { orders: { maker: buyer } });
  q("orders (collection + token)", { orders: { collection: w.nft.address, token_id: "inv-5" } });
  q("offers (page of 10)", { offers: { order_id: neg } });
  rows.push({ operation: "query offers (live only, 10 live)", gas: liveOnly });
  q("claims (of an owner)", { claims: { owner: seller } });
  q("holdings", { holdings: { asset: { native: USDC } } });
  q("order_for_token", { order_for_token: { collection: w.nft.address, token_id: "inv-8" } });
  q("config", { config: {} });
  rows.push(...migration());
  return rows;
}

/** The paged migration from 0.1.0: a book of 250 dust bids on token ids that do not exist (each cancelled and refunded). */
function migration(): Row[] {
  const w: World = setup();
  w.fund(dave, 1_000n);
  const code = w.app.storeCode(owner, fs.readFileSync(path.join(ROOT, "tests", "fixtures", "releases", "escrow-0.1.0.wasm"))).codeId;
  const old = w.app.instantiate(owner, code, { fee_bps: FEE_BPS, fee_collector: collector, collections: [w.nft.address], native_denoms: [USDC], cw20_tokens: [] }, "escrow-0.1.0", [], owner).contractAddress;
  for (let i = 0; i < 250; i++) w.app.execute(dave, old, { create_bid: { collection: w.nft.address, token_id: `ghost-${i}` } }, [{ denom: USDC, amount: "1" }]);
  const first = w.app.migrate(owner, old, w.app.storeCode(owner, contractWasm("escrow")).codeId, {});
  const page = w.app.execute(dave, old, { continue_migration: { limit: 200 } });
  if (attr(page, old, "migration") !== "done") throw new Error("the migration should be done after 250 orders");
  return [
    { operation: "migrate from 0.1.0 (first page: 50 dust bids cancelled and refunded)", gas: first.gasUsed },
    { operation: "continue_migration (page of 200 dust bids cancelled and refunded)", gas: page.gasUsed },
  ];
}

/** cw-escrow 0.7 from wasmd's tests: its size, and why no operation runs side by side. */
function reference(): Reference {
  const name = "cw-escrow 0.7 (Rust, wasmd " + REFERENCE_CONTRACTS.escrow.version + " " + REFERENCE_CONTRACTS.escrow.file + ")";
  try {
    const bytes = referenceContract("escrow");
    const r = checkWasm(bytes);
    const why = r.ok ? "uploadable" : `not uploadable on CosmWasm 2.2 (${[...new Set(r.violations.map((v) => v.rule))].join(", ")}): it is built for the pre-1.0 ABI (exports cosmwasm_api_0_6, imports read_db / write_db), so only its size compares`;
    return { name, wasmBytes: bytes.length, note: why };
  } catch (e) {
    return { name, wasmBytes: null, note: `unavailable: ${(e as Error).message}` };
  }
}

function main(): void {
  const rows = run();
  const wasmBytes = contractWasm("escrow").length;
  const ref = reference();
  const out = path.join(ROOT, "bench", "results");
  fs.mkdirSync(out, { recursive: true });
  const date = new Date().toISOString();
  fs.writeFileSync(path.join(out, "escrow.json"), JSON.stringify({ date, node: process.version, wasmBytes, reference: ref, gas: rows }, null, 2) + "\n");
  const kb = (n: number) => `${n.toLocaleString("en-US")} bytes`;
  const md = [
    "# escrow: gas per operation (simulator, SDK gas) and wasm size",
    "",
    `Measured ${date} with \`npm run bench:escrow\`.`,
    "Gas is the contract part of the transaction: the escrow and every cw721, cw20 and bank call in it",
    "(create_ask is the seller's send_nft, which calls the escrow's hook). Transaction overhead outside",
    "the contracts (ante handler, signature, tx bytes) is not included.",
    "",
    "| wasm | size |",
    "| --- | ---: |",
    `| escrow (this repo, AssemblyScript) | ${kb(wasmBytes)} |`,
    `| ${ref.name} | ${ref.wasmBytes === null ? "n/a" : kb(ref.wasmBytes)} |`,
    "",
    `Reference: ${ref.note}. cw-escrow 0.7 is a single arbiter escrow (instantiate with funds, approve, refund); it has no`,
    "order book, NFTs or negotiation, so none of the operations below has a counterpart there.",
    "",
    "| operation | gas |",
    "| --- | ---: |",
    ...rows.map((r) => `| ${r.operation} | ${r.gas.toLocaleString("en-US")} |`),
    "",
  ].join("\n");
  fs.writeFileSync(path.join(out, "escrow.md"), md);
  console.log(md);
}

main();
