// `npm run bench:liquid-staking`: gas per liquid-staking operation in the simulator (SDK gas of
// the transaction's contract part, submessages and replies included), for the code under test and
// for the deployed release (tests/fixtures/releases, the same operations in the same simulator),
// beside the Rust reference contracts that ship with wasmd: the staking-derivative example
// `staking.wasm` (bond / unbond / claim / reinvest on one validator) and `cw20_base.wasm`
// (transfer). Wasm sizes too. Results go to bench/results/liquid-staking.{json,md}.

import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "@persistence-ts/simulator/app/app";
import { bech32Encode, makeAddress } from "@persistence-ts/simulator/vm/api";
import { ROOT } from "@persistence-ts/cli/project";
import { contractWasm } from "@persistence-ts/testing/contracts";
import { referenceContract } from "./reference";

const DAY = 86_400;
const UNBONDING = 21 * DAY;
const EPOCH = UNBONDING / 7;
const XPRT = 1_000_000n;

const owner = makeAddress("ls-owner");
const stakers = Array.from({ length: 12 }, (_, i) => makeAddress(`staker-${i}`));
const [alice, bob] = stakers;

interface Row {
  operation: string;
  gas: number;
  /** The deployed release's gas for the same operation. */
  release?: number;
  /** The Rust references' gas for their nearest operations. */
  references?: Array<{ contract: string; operation: string; gas: number }>;
}

const uxprt = (amount: bigint) => [{ denom: "uxprt", amount: amount.toString() }];
const hook = (msg: unknown) => Buffer.from(JSON.stringify(msg)).toString("base64");

/** `validators` validators for the contract's set, and `others` more in the chain's bonded set. */
function chain(validators: number, others = 0): { app: App; vals: string[] } {
  const app = new App();
  const all = Array.from({ length: validators + others }, (_, i) => bech32Encode("persistencevaloper", new Uint8Array(20).fill(i + 1)));
  for (const v of all) app.addValidator({ address: v, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
  for (const u of [owner, ...stakers]) app.mint(u, uxprt(1_000_000n * XPRT));
  // The chain's other validators hold stake (bonded) but none of the contract's.
  for (const v of all.slice(validators)) app.send(owner, { staking: { delegate: { validator: v, amount: { denom: "uxprt", amount: "1000000" } } } });
  const vals = all.slice(0, validators);
  return { app, vals };
}

const RELEASE = "0.1.0";
const releaseWasm = (): Uint8Array => new Uint8Array(fs.readFileSync(path.join(ROOT, "tests", "fixtures", "releases", `liquid-staking-${RELEASE}.wasm`)));

/** Our contract on `n` validators, each holding stake (bonds of 1,000 XPRT, one per validator). */
function deployOurs(n: number, wasm: Uint8Array, others = 0): { app: App; ls: string } {
  const { app, vals } = chain(n, others);
  const codeId = app.storeCode(owner, wasm).codeId;
  const weights = vals.map((address, i) => ({ address, weight: Math.floor(10_000 / n) + (i === 0 ? 10_000 % n : 0) }));
  const msg = { name: "Staked XPRT", symbol: "stkXPRT", bond_denom: "uxprt", validators: weights };
  const ls = app.instantiate(owner, codeId, msg, "liquid-staking", [], owner).contractAddress;
  for (let i = 0; i < n; i++) app.execute(stakers[i % stakers.length], ls, { bond: {} }, uxprt(1000n * XPRT));
  return { app, ls };
}

/** The operations, in order, on `wasm`: name → gas. */
function measure(wasm: Uint8Array): Map<string, number> {
  const out = new Map<string, number>();
  const { app, ls } = deployOurs(3, wasm);
  const tx = (operation: string, sender: string, msg: unknown, funds: ReturnType<typeof uxprt> = []) => out.set(operation, app.execute(sender, ls, msg, funds).gasUsed);
  app.advanceTime(DAY);
  tx("bond (3 validators; the chain pays out pending rewards)", bob, { bond: {} }, uxprt(100n * XPRT));
  app.advanceTime(DAY);
  tx("harvest (3 validators: withdraws + reply reinvest)", owner, { harvest: {} });
  tx("queue_unbond", alice, { queue_unbond: { amount: (10n * XPRT).toString() } });
  tx("queue_unbond (cw20 send + receive hook)", bob, { send: { contract: ls, amount: (10n * XPRT).toString(), msg: hook({ queue_unbond: {} }) } });
  app.advanceTime(EPOCH);
  tx("submit_batch (3 validators)", owner, { submit_batch: {} });
  app.advanceTime(UNBONDING);
  tx("reconcile (in the block that pays the batch: records it)", owner, { reconcile: {} });
  app.advanceBlocks(1);
  tx("withdraw_unbonded (settles, pays)", alice, { withdraw_unbonded: {} });
  tx("instant_unstake", alice, { instant_unstake: { amount: XPRT.toString() } });
  tx("transfer (stk)", alice, { transfer: { recipient: bob, amount: "1000" } });
  out.set("query state", app.queryWithGas(ls, { state: {} }).gasUsed);

  const ten = deployOurs(10, wasm);
  ten.app.advanceTime(DAY);
  out.set("bond (10 validators)", ten.app.execute(bob, ten.ls, { bond: {} }, uxprt(100n * XPRT)).gasUsed);
  ten.app.advanceTime(DAY);
  out.set("harvest (10 validators)", ten.app.execute(owner, ten.ls, { harvest: {} }).gasUsed);
  ten.app.execute(alice, ten.ls, { queue_unbond: { amount: (10n * XPRT).toString() } });
  ten.app.advanceTime(EPOCH);
  out.set("submit_batch (10 validators)", ten.app.execute(owner, ten.ls, { submit_batch: {} }).gasUsed);

  // The set moves: a rebalance, then a batch and a settlement while a validator receives that
  // redelegation (0.2.0 undelegates around it and notes its delegation), then a removal.
  const moving = deployOurs(3, wasm);
  const vals = moving.app.query<{ validators: Array<{ address: string }> }>(moving.ls, { validators: {} }).validators.map((v) => v.address);
  const weights = [4000, 3000, 3000].map((weight, i) => ({ address: vals[i], weight }));
  moving.app.execute(owner, moving.ls, { update_weights: { validators: weights } });
  out.set("rebalance (3 validators: one redelegation)", moving.app.execute(owner, moving.ls, { rebalance: {} }).gasUsed);
  moving.app.execute(alice, moving.ls, { queue_unbond: { amount: (10n * XPRT).toString() } });
  moving.app.advanceTime(EPOCH);
  out.set("submit_batch (3 validators, one receiving a redelegation)", moving.app.execute(owner, moving.ls, { submit_batch: {} }).gasUsed);
  moving.app.advanceBlocks(1);
  out.set("reconcile (a validator receiving a redelegation)", moving.app.execute(owner, moving.ls, { reconcile: {} }).gasUsed);
  out.set("remove_validator (3 validators: its stake redelegated)", moving.app.execute(owner, moving.ls, { remove_validator: { validator: vals[2] } }).gasUsed);

  // Persistence bonds ~100 validators: 0.2.0 asks for the bonded set where it places stake.
  const wide = deployOurs(3, wasm, 97);
  wide.app.advanceTime(DAY);
  out.set("bond (3 validators of a 100-validator bonded set)", wide.app.execute(bob, wide.ls, { bond: {} }, uxprt(100n * XPRT)).gasUsed);
  return out;
}

const REFERENCES: Record<string, string[]> = {
  "bond (3 validators; the chain pays out pending rewards)": ["staking.wasm bond"],
  "harvest (3 validators: withdraws + reply reinvest)": ["staking.wasm reinvest"],
  queue_unbond: ["staking.wasm unbond"],
  "withdraw_unbonded (settles, pays)": ["staking.wasm claim"],
  "transfer (stk)": ["cw20_base.wasm transfer", "staking.wasm transfer"],
};

function ours(rows: Row[], rust: Map<string, number>): void {
  const now = measure(contractWasm("liquid-staking"));
  const release = measure(releaseWasm());
  for (const [operation, gas] of now) {
    const references = (REFERENCES[operation] ?? []).map((r) => ({ contract: r.split(" ")[0], operation: r.split(" ")[1], gas: rust.get(r)! }));
    rows.push({ operation, gas, release: release.get(operation), ...(references.length ? { references } : {}) });
  }
}

/** The Rust references on one validator, keyed "<contract> <operation>". */
function references(): Map<string, number> {
  const out = new Map<string, number>();
  const { app, vals } = chain(1);
  const staking = app.storeCode(owner, referenceContract("staking")).codeId;
  const init = { name: "Staking Derivatives", symbol: "DRV", decimals: 6, validator: vals[0], exit_tax: "0.1", min_withdrawal: "100" };
  const drv = app.instantiate(owner, staking, init, "staking", [], owner).contractAddress;
  const tx = (name: string, sender: string, msg: unknown, funds: ReturnType<typeof uxprt> = []) =>
    out.set(`staking.wasm ${name}`, app.execute(sender, drv, msg, funds).gasUsed);
  app.execute(alice, drv, { bond: {} }, uxprt(1000n * XPRT));
  app.advanceTime(DAY);
  tx("bond", bob, { bond: {} }, uxprt(100n * XPRT));
  app.advanceTime(DAY);
  tx("reinvest", owner, { reinvest: {} });
  tx("unbond", alice, { unbond: { amount: (10n * XPRT).toString() } });
  app.advanceTime(UNBONDING + 1);
  app.advanceBlocks(1); // the chain pays the unbonding out as the block reaching its end ends
  tx("claim", alice, { claim: {} });
  tx("transfer", alice, { transfer: { recipient: bob, amount: "1000" } });

  const cw20 = app.storeCode(owner, referenceContract("cw20_base")).codeId;
  const cw20Init = { name: "Reference", symbol: "REF", decimals: 6, initial_balances: [{ address: alice, amount: "1000000" }], mint: null };
  const token = app.instantiate(owner, cw20, cw20Init, "cw20").contractAddress;
  out.set("cw20_base.wasm transfer", app.execute(alice, token, { transfer: { recipient: bob, amount: "1000" } }).gasUsed);
  return out;
}

function main(): void {
  const rust = references();
  const rows: Row[] = [];
  ours(rows, rust);
  const sizes = {
    "liquid-staking.wasm (AssemblyScript)": contractWasm("liquid-staking").length,
    [`liquid-staking-${RELEASE}.wasm (the deployed release)`]: releaseWasm().length,
    "staking.wasm (Rust, wasmd testdata)": referenceContract("staking").length,
    "cw20_base.wasm (Rust, wasmd benchmarks)": referenceContract("cw20_base").length,
  };
  const out = path.join(ROOT, "bench", "results");
  fs.mkdirSync(out, { recursive: true });
  const date = new Date().toISOString();
  fs.writeFileSync(path.join(out, "liquid-staking.json"), JSON.stringify({ date, node: process.version, wasmBytes: sizes, gas: rows }, null, 2) + "\n");
  const fmt = (n: number) => n.toLocaleString("en-US");
  const md = [
    `# liquid-staking: gas per operation, beside the deployed ${RELEASE} and the Rust references (simulator, SDK gas), and wasm sizes`,
    "",
    `Measured ${date} with \`npm run bench:liquid-staking\`, in our simulator: SDK gas of the contract part of`,
    "each transaction (instance loads, VM gas, storage, events, submessages and replies), without the",
    "ante handler, signature and tx bytes. The Rust contracts are wasmd v0.60.2's testdata, loaded from the",
    "Go module cache. Not the same work: staking.wasm stakes with one validator and unbonds at once (no batch,",
    "no buffer, no pending-reward accounting); its `reinvest` is a withdraw plus a self-call.",
    `The ${RELEASE} column runs the deployed release (tests/fixtures/releases) through the same operations:`,
    "0.2.0 adds a reply per undelegation, redelegation and harvest withdrawal (the chain's answer), one",
    "on a call's last delegation (the rewards its hooks paid), the bank balance at each settlement and",
    "the bonded set (all_validators) where stake is placed; while a validator receives its redelegations,",
    "one more delegations query (the last staking reply, and reconcile / withdraw) and a batch that leaves",
    "that validator out (fewer undelegations); a removal goes to fewer destinations than 0.1.0's by-weight split.",
    "",
    `| operation | liquid-staking (AS) | ${RELEASE} | change | Rust reference: gas |`,
    "| --- | ---: | ---: | ---: | --- |",
    ...rows.map((r) => {
      const before = r.release === undefined ? "" : fmt(r.release);
      const change = r.release === undefined ? "" : `${r.gas >= r.release ? "+" : ""}${(((r.gas - r.release) / r.release) * 100).toFixed(0)}%`;
      return `| ${r.operation} | ${fmt(r.gas)} | ${before} | ${change} | ${(r.references ?? []).map((x) => `${x.contract} ${x.operation}: ${fmt(x.gas)}`).join("; ")} |`;
    }),
    "",
    "| wasm | bytes |",
    "| --- | ---: |",
    ...Object.entries(sizes).map(([k, v]) => `| ${k} | ${fmt(v)} |`),
    "",
  ].join("\n");
  fs.writeFileSync(path.join(out, "liquid-staking.md"), md);
  console.log(md);
}

main();
