// The fidelity scenarios: what runs, step by step, on the localnet and on the simulator. Contracts
// nobody here wrote (wasmd v0.60.2's testdata: hackatom, reflect 2.0, burner, staking.wasm; cw1_whitelist
// of its benchmarks; read from the Go module cache) and our four (the gas-agreement sequence). Each
// difference issue 18 lists has a step that shows it (the item numbers in the labels' comments).

import * as fs from "node:fs";
import * as path from "node:path";
import type { EncodeObject } from "@cosmjs/proto-signing";
import { MsgSend } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { DENOM } from "../../chain/localnet";
import { referenceContract } from "../../bench/reference";
import { runSequence } from "../../bench/gas-agreement";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { RecordingClient, Runner, executeMsg, sendMsg } from "./runner";

const ROOT = path.resolve(__dirname, "..", "..");
const uxprt = (n: number | bigint) => [{ denom: DENOM, amount: String(n) }];
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64");
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));

/** An address nobody holds: its first coins create its account. */
export const FRESH = makeAddress("fidelity: fresh account");

export interface Scenario {
  group: string;
  run(r: Runner, shared: Shared): Promise<void>;
}

/** What later scenarios use of earlier ones. */
export interface Shared {
  hackatomCode?: number;
  hackatom?: string;
}

/** Bank sends: account 0's first and later transactions (item 2), a new account, two messages and a memo (item 1), a failure. */
const bank: Scenario = {
  group: "bank",
  async run(r) {
    const [u0, u1, u2] = r.users;
    for (const [i, u] of r.users.slice(0, 4).entries()) r.watch(`user${i}`, u);
    r.watch("fresh", FRESH);
    await r.tx("user0 sends (account 0's first transaction)", u0, [sendMsg(u0, u1, uxprt(1_000_000))]);
    await r.tx("user0 sends again", u0, [sendMsg(u0, u2, uxprt(1))]);
    await r.tx("user1 sends to a new account", u1, [sendMsg(u1, FRESH, uxprt(5_000_000))]);
    await r.tx("two sends in one transaction, with a memo", u2, [sendMsg(u2, u0, uxprt(7)), sendMsg(u2, u1, uxprt(8))], { memo: "fidelity" });
    await r.tx("send more than the balance", u2, [sendMsg(u2, u0, uxprt(10n ** 15n))]);
    await r.tx("the second message fails", u1, [sendMsg(u1, u0, uxprt(1)), sendMsg(u1, u0, uxprt(10n ** 15n))]);
  },
};

/** The SDK's staking and distribution messages sent by an account (no contract): what the contracts' submessages cost apart from the VM. */
const staking: Scenario = {
  group: "staking",
  async run(r) {
    const u = r.users[7];
    const [val] = r.side.validators;
    r.watch("staker", u);
    const delegate = (amount: number): EncodeObject => ({
      typeUrl: "/cosmos.staking.v1beta1.MsgDelegate",
      value: { delegatorAddress: u, validatorAddress: val, amount: { denom: DENOM, amount: String(amount) } },
    });
    const undelegate = (amount: number): EncodeObject => ({
      typeUrl: "/cosmos.staking.v1beta1.MsgUndelegate",
      value: { delegatorAddress: u, validatorAddress: val, amount: { denom: DENOM, amount: String(amount) } },
    });
    const withdraw: EncodeObject = { typeUrl: "/cosmos.distribution.v1beta1.MsgWithdrawDelegatorReward", value: { delegatorAddress: u, validatorAddress: val } };
    await r.tx("delegate (a new delegation)", u, [delegate(20_000_000)]);
    await r.wait(2);
    await r.tx("delegate more (withdraws rewards)", u, [delegate(1_000_000)]);
    await r.wait(2);
    await r.tx("withdraw rewards", u, [withdraw]);
    await r.wait(2);
    await r.tx("withdraw, then delegate, in one transaction (a harvest)", u, [withdraw, delegate(1_000_000)]);
    await r.tx("undelegate twice in one transaction (one entry; two pairs in the queue's time slice)", u, [undelegate(1_000_000), undelegate(2_000_000)]);
    await r.tx("undelegate again (a second entry)", u, [undelegate(1_000_000)]);
    await r.tx("undelegate more than delegated", u, [undelegate(10 ** 12)]);
  },
};

/** hackatom (CosmWasm v1.4.0): releases, VM errors (item 3), out of gas (4), call depth (5), admin (6, 7), addresses (27). */
const hackatom: Scenario = {
  group: "hackatom",
  async run(r, shared) {
    const [u0, u1, u2, u3] = r.users;
    const code = await r.store("store_code", u0, referenceContract("hackatom"));
    shared.hackatomCode = code;
    const h = await r.instantiate("instantiate (funds)", u0, code, { verifier: u1, beneficiary: u2 }, { admin: u0, funds: uxprt(1_000_000), name: "hackatom" });
    shared.hackatom = h;
    await r.query("query verifier", h, { verifier: {} });
    await r.query("query other_balance", h, { other_balance: { address: h } });
    await r.query("query recurse (3 deep)", h, { recurse: { depth: 3, work: 5 } });
    await r.query("query recurse (past the query stack limit)", h, { recurse: { depth: 10, work: 1 } });
    await r.query("query get_int", h, { get_int: {} });
    await r.query("query a bad message", h, { nope: {} });
    await r.query("query an account, not a contract (26)", u0, { verifier: {} });
    await r.raw("raw query config", h, utf8("config"));
    await r.exec("release by a stranger (contract error)", u0, h, { release: {} });
    await r.exec("release by the verifier (bank send, data)", u1, h, { release: {} });
    await r.exec("panic (VM error, 3)", u0, h, { panic: {} });
    await r.exec("cpu_loop (out of gas, 4)", u0, h, { cpu_loop: {} }, { gas: 400_000 });
    await r.exec("storage_loop (out of gas in a write, 4)", u0, h, { storage_loop: {} }, { gas: 400_000 });
    await r.exec("message_loop (call depth, 5)", u0, h, { message_loop: {} }, { gas: 6_000_000 });
    await r.exec("allocate_large_memory 10 pages", u0, h, { allocate_large_memory: { pages: 10 } });
    await r.exec("allocate_large_memory past 32 MiB", u0, h, { allocate_large_memory: { pages: 600 } });
    await r.exec("user_errors_in_api_calls (17-byte address, 27)", u0, h, { user_errors_in_api_calls: {} });
    const migrate = (sender: string, codeId: number, msg: unknown) => ({ typeUrl: "/cosmwasm.wasm.v1.MsgMigrateContract", value: { sender, contract: h, codeId: BigInt(codeId), msg: utf8(JSON.stringify(msg)) } });
    const updateAdmin = (sender: string, newAdmin: string) => ({ typeUrl: "/cosmwasm.wasm.v1.MsgUpdateAdmin", value: { sender, contract: h, newAdmin } });
    await r.tx("migrate by a stranger (6)", u1, [migrate(u1, code, { verifier: u3 })]);
    await r.tx("update_admin by a stranger (6)", u1, [updateAdmin(u1, u2)]);
    await r.tx("clear_admin by a stranger (6)", u1, [{ typeUrl: "/cosmwasm.wasm.v1.MsgClearAdmin", value: { sender: u1, contract: h } }]);
    await r.tx("migrate (7)", u0, [migrate(u0, code, { verifier: u3 })]);
    await r.query("query verifier after migrate", h, { verifier: {} });
    await r.tx("migrate again", u0, [migrate(u0, code, { verifier: u1 })]);
    await r.tx("update_admin", u0, [updateAdmin(u0, u1)]);
    await r.tx("clear_admin", u1, [{ typeUrl: "/cosmwasm.wasm.v1.MsgClearAdmin", value: { sender: u1, contract: h } }]);
    await r.tx("migrate without an admin", u1, [migrate(u1, code, { verifier: u3 })]);
  },
};

/** burner (CosmWasm v1.4.0): instantiate refused, migrate from hackatom pays out (an empty send, 17) and deletes state. */
const burner: Scenario = {
  group: "burner",
  async run(r, shared) {
    const [u0, u1, , u3] = r.users;
    const code = await r.store("store_code", u0, referenceContract("burner"));
    await r.tx("instantiate (refused by the contract)", u0, [{ typeUrl: "/cosmwasm.wasm.v1.MsgInstantiateContract", value: { sender: u0, admin: "", codeId: BigInt(code), label: "burner", msg: utf8("{}"), funds: [] } }]);
    const empty = await r.instantiate("instantiate a hackatom without funds", u0, shared.hackatomCode!, { verifier: u1, beneficiary: u3 }, { admin: u0, name: "hackatom-empty" });
    const full = await r.instantiate("instantiate a hackatom with funds", u0, shared.hackatomCode!, { verifier: u1, beneficiary: u3 }, { admin: u0, funds: uxprt(5_000), name: "hackatom-full" });
    const migrate = (contract: string, msg: unknown) => ({ typeUrl: "/cosmwasm.wasm.v1.MsgMigrateContract", value: { sender: u0, contract, codeId: BigInt(code), msg: utf8(JSON.stringify(msg)) } });
    await r.tx("migrate to burner, nothing to pay (empty bank send, 17)", u0, [migrate(empty, { payout: u3, delete: 0 })]);
    await r.tx("migrate to burner, pays out and deletes", u0, [migrate(full, { payout: u3, delete: 10 })]);
    await r.exec("cleanup", u1, empty, { cleanup: { limit: 5 } });
  },
};

/** reflect 2.0: any message a contract can send and any query it can make (items 9-20, 22-26). */
const reflect: Scenario = {
  group: "reflect",
  async run(r, shared) {
    const [u0, u1, , u3] = r.users;
    const [val] = r.side.validators;
    const code = await r.store("store_code", u0, referenceContract("reflect"));
    const f = await r.instantiate("instantiate (funds)", u0, code, {}, { admin: u0, funds: uxprt(50_000_000), name: "reflect" });
    const h = shared.hackatom!;
    const send = (to: string, amount: unknown[]) => ({ bank: { send: { to_address: to, amount } } });
    const anySend = (amount: number) => ({
      any: { type_url: "/cosmos.bank.v1beta1.MsgSend", value: Buffer.from(MsgSend.encode({ fromAddress: f, toAddress: u3, amount: uxprt(amount) }).finish()).toString("base64") },
    });
    const reflectMsg = (label: string, msgs: unknown[], gas?: number) => r.exec(label, u0, f, { reflect_msg: { msgs } }, { gas });
    const sub = (id: number, msg: unknown, replyOn: string, gasLimit?: number) => ({ id, msg, reply_on: replyOn, gas_limit: gasLimit ?? null, payload: "" });
    const reflectSub = (label: string, subs: unknown[]) => r.exec(label, u0, f, { reflect_sub_msg: { msgs: subs } });
    await r.query("query owner", f, { owner: {} });
    await reflectMsg("bank send", [send(u3, uxprt(1_000))]);
    await reflectMsg("bank send of no coins (17)", [send(u3, [])]);
    await reflectMsg("bank burn (18)", [{ bank: { burn: { amount: uxprt(1_000) } } }]);
    await reflectMsg("custom message (16)", [{ custom: { debug: "hi" } }]);
    await reflectMsg("Any MsgSend (15)", [anySend(2_000)]);
    await reflectMsg("Any with an unknown type", [{ any: { type_url: "/cosmos.nope.v1.MsgNope", value: "" } }]);
    await reflectMsg("bank send of more than the balance (14)", [send(u3, uxprt(10n ** 15n))]);
    await reflectMsg("wasm execute hackatom (contract error)", [{ wasm: { execute: { contract_addr: h, msg: b64({ release: {} }), funds: [] } } }]);
    await reflectSub("sub: bank send, reply always (9-11)", [sub(1, send(u3, uxprt(1)), "always")]);
    await reflectSub("sub: bank send too much, reply on error (12)", [sub(2, send(u3, uxprt(10n ** 15n)), "error")]);
    await reflectSub("sub: hackatom release, contract error (12)", [sub(3, { wasm: { execute: { contract_addr: h, msg: b64({ release: {} }), funds: [] } } }, "error")]);
    await reflectSub("sub: hackatom panic, VM error (3)", [sub(4, { wasm: { execute: { contract_addr: h, msg: b64({ panic: {} }), funds: [] } } }, "error")]);
    await reflectSub("sub: delegate", [sub(5, { staking: { delegate: { validator: val, amount: { denom: DENOM, amount: "10000000" } } } }, "success")]);
    await reflectSub("sub: withdraw rewards (19, 21)", [sub(6, { distribution: { withdraw_delegator_reward: { validator: val } } }, "success")]);
    await reflectSub("sub: cpu_loop with a gas limit (13)", [sub(7, { wasm: { execute: { contract_addr: h, msg: b64({ cpu_loop: {} }), funds: [] } } }, "error", 150_000)]);
    await reflectSub("sub: Any MsgSend (15)", [sub(8, anySend(3), "success")]);
    await reflectSub("sub: bank send of no coins (17)", [sub(9, send(u3, []), "always")]);
    await reflectSub("sub: bank burn (18)", [sub(10, { bank: { burn: { amount: uxprt(1) } } }, "always")]);
    await reflectSub("sub: custom message, reply on error (16)", [sub(11, { custom: { raw: "" } }, "error")]);
    await reflectSub("sub: wasm execute hackatom with data", [sub(12, { wasm: { execute: { contract_addr: h, msg: b64({ allocate_large_memory: { pages: 1 } }), funds: [] } } }, "success")]);
    await reflectMsg("undelegate (20)", [{ staking: { undelegate: { validator: val, amount: { denom: DENOM, amount: "1000000" } } } }]);
    await reflectMsg("withdraw rewards again", [{ distribution: { withdraw_delegator_reward: { validator: val } } }]);
    const withdraw = { distribution: { withdraw_delegator_reward: { validator: val } } };
    await reflectSub("withdraw twice in one block: the second pays nothing (19)", [sub(13, withdraw, "never"), sub(14, withdraw, "success")]);
    for (const id of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14]) await r.query(`query sub_msg_result ${id}`, f, { sub_msg_result: { id } });
    const chain = (label: string, request: unknown) => r.query(`chain query: ${label}`, f, { chain: { request } });
    await chain("bank balance", { bank: { balance: { address: f, denom: DENOM } } });
    await chain("bank all_balances", { bank: { all_balances: { address: f } } });
    await chain("bank balance, bad address (24)", { bank: { balance: { address: "nope", denom: DENOM } } });
    await chain("staking bonded_denom", { staking: { bonded_denom: {} } });
    await chain("staking all_validators (22)", { staking: { all_validators: {} } });
    await chain("staking validator (22)", { staking: { validator: { address: val } } });
    await chain("staking validator, bad address (24)", { staking: { validator: { address: u0 } } });
    await chain("staking delegation", { staking: { delegation: { delegator: f, validator: val } } });
    await chain("staking all_delegations", { staking: { all_delegations: { delegator: f } } });
    await chain("distribution withdraw address", { distribution: { delegator_withdraw_address: { delegator_address: f } } });
    await chain("distribution rewards (21)", { distribution: { delegation_rewards: { delegator_address: f, validator_address: val } } });
    await chain("distribution rewards, no delegation (24)", { distribution: { delegation_rewards: { delegator_address: u3, validator_address: val } } });
    await chain("wasm contract_info (23)", { wasm: { contract_info: { contract_addr: f } } });
    await chain("wasm contract_info of an account (26)", { wasm: { contract_info: { contract_addr: u0 } } });
    await chain("wasm smart of an account (26)", { wasm: { smart: { contract_addr: u0, msg: b64({}) } } });
    await chain("wasm smart, contract error", { wasm: { smart: { contract_addr: h, msg: b64({ nope: {} }) } } });
    await chain("wasm raw", { wasm: { raw: { contract_addr: h, key: Buffer.from("config").toString("base64") } } });
    await chain("wasm code_info", { wasm: { code_info: { code_id: code } } });
    await chain("stargate, not on Persistence's list (25)", { stargate: { path: "/cosmos.bank.v1beta1.Query/AllBalances", data: "" } });
    await chain("grpc (25)", { grpc: { path: "/cosmos.bank.v1beta1.Query/AllBalances", data: "" } });
    await r.query("custom query (capitalized)", f, { capitalized: { text: "fidelity" } });
    await r.exec("change_owner", u0, f, { change_owner: { owner: u1 } });
    await reflectMsg("reflect by the old owner", [send(u3, uxprt(1))]);
  },
};

/** cw1_whitelist (cw-plus v0.10.0-soon4, wasmd benchmarks): proxied messages, admins, freeze. */
const cw1: Scenario = {
  group: "cw1_whitelist",
  async run(r) {
    const [u0, u1, u2, u3] = r.users;
    const code = await r.store("store_code", u0, referenceContract("cw1_whitelist"));
    const c = await r.instantiate("instantiate (funds)", u0, code, { admins: [u0, u1], mutable: true }, { funds: uxprt(1_000_000), name: "cw1" });
    const sendFromC = { bank: { send: { to_address: u3, amount: uxprt(10) } } };
    await r.query("query admin_list", c, { admin_list: {} });
    await r.exec("execute a bank send", u1, c, { execute: { msgs: [sendFromC] } });
    await r.exec("execute by a stranger", u2, c, { execute: { msgs: [sendFromC] } });
    await r.query("query can_execute", c, { can_execute: { sender: u2, msg: sendFromC } });
    await r.exec("update_admins", u0, c, { update_admins: { admins: [u0] } });
    await r.exec("freeze", u0, c, { freeze: {} });
    await r.exec("update_admins when frozen", u0, c, { update_admins: { admins: [u0, u1] } });
    await r.tx("two executes in one transaction", u0, [executeMsg(u0, c, { execute: { msgs: [sendFromC] } }), executeMsg(u0, c, { execute: { msgs: [sendFromC, sendFromC] } })]);
  },
};

/** staking.wasm (CosmWasm v1.4.0's staking derivative): bond, unbond (20), reinvest with rewards (21), claim. */
const stakingDerivative: Scenario = {
  group: "staking.wasm",
  async run(r) {
    const [u0, u1, u2] = r.users;
    const [val] = r.side.validators;
    const code = await r.store("store_code", u0, referenceContract("staking"));
    const s = await r.instantiate("instantiate", u0, code, { name: "Derivative", symbol: "DRV", decimals: 6, validator: val, exit_tax: "0.02", min_withdrawal: "1000" }, { name: "staking.wasm" });
    await r.query("query token_info", s, { token_info: {} });
    await r.exec("bond (delegates)", u1, s, { bond: {} }, { funds: uxprt(5_000_000) });
    await r.query("query balance", s, { balance: { address: u1 } });
    await r.query("query investment", s, { investment: {} });
    await r.exec("transfer", u1, s, { transfer: { recipient: u2, amount: "100000" } });
    await r.exec("bond more (withdraws rewards)", u2, s, { bond: {} }, { funds: uxprt(2_000_000) });
    await r.exec("unbond (undelegates, 20)", u1, s, { unbond: { amount: "1000000" } });
    await r.exec("reinvest (rewards, 21)", u0, s, { reinvest: {} });
    await r.query("query investment after reinvest", s, { investment: {} });
    await r.exec("claim before the unbonding completes", u1, s, { claim: {} });
  },
};

/** Our four contracts: the gas-agreement sequence (bench/gas-agreement.ts runSequence), step by step. */
const ours: Scenario = {
  group: "ours",
  async run(r) {
    const client = new RecordingClient(r);
    const [owner, other, third] = r.users;
    await runSequence(
      { name: r.side.name, client, owner, other, third, validators: r.side.validators, wait: (s) => r.wait(s) },
      (contract, message) => r.relabel(contract, message),
    );
  },
};

export const SCENARIOS: Scenario[] = [bank, staking, hackatom, burner, reflect, cw1, stakingDerivative, ours];

/** Our artifacts (npm run build): the gas-agreement sequence needs all four. */
export function assertArtifacts(): void {
  for (const name of ["nft", "escrow", "tranche-pool", "liquid-staking"]) {
    const file = path.join(ROOT, "artifacts", `${name}.wasm`);
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first`);
  }
}
