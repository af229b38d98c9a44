// std/cw20 through the test token: cw20-base 1.0's behaviour, attributes and error texts, every
// message and response checked against the shared cw20 schema.
import { describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { WasmHost } from "@persistence-ts/simulator/vm/index";
import { buildFixture } from "@persistence-ts/testing/fixtures";
import { Probe } from "../helpers/probe";
import { alice, bob, carol, deployToken, minter, setupToken } from "./token";

const attrs = (res: { events: Array<{ type: string; attributes: Array<{ key: string; value: string }> }> }) =>
  Object.fromEntries(res.events.filter((e) => e.type === "wasm").flatMap((e) => e.attributes.map((a) => [a.key, a.value])));

describe("instantiate and token info", () => {
  it("mints the initial balances and answers token_info, minter, all_accounts", () => {
    const { token } = setupToken();
    expect(token.query({ token_info: {} })).toEqual({ name: "Test USD", symbol: "TUSD", decimals: 6, total_supply: "1000500" });
    expect(token.query({ minter: {} })).toEqual({ minter, cap: null });
    expect(token.balance(alice)).toBe(1_000_000n);
    expect(token.balance(carol)).toBe(0n);
    expect(token.query({ all_accounts: {} })).toEqual({ accounts: [alice, bob].sort() });
  });

  it("applies cw20-base's name, symbol and decimals rules", () => {
    const app = new App();
    const base = { name: "Test USD", symbol: "TUSD", decimals: 6, initial_balances: [], mint: null };
    const err = (msg: Record<string, unknown>) => {
      try {
        deployToken(app, { ...base, ...msg });
      } catch (e) {
        return (e as Error).message;
      }
      return "accepted";
    };
    expect(err({ name: "ab" })).toContain("Name is not in the expected format (3-50 UTF-8 bytes)");
    expect(err({ symbol: "US$" })).toContain("Ticker symbol is not in expected format [a-zA-Z\\-]{3,12}");
    expect(err({ decimals: 19 })).toContain("Decimals must not exceed 18");
    expect(err({ initial_balances: [{ address: "nope", amount: "1" }] })).toContain("Invalid address `nope`");
  });

  it("a token without minter has a fixed supply", () => {
    const { token } = setupToken({ mint: null });
    expect(token.query({ minter: {} })).toBeNull();
    expect(token.fails(minter, { mint: { recipient: alice, amount: "1" } })).toContain("Unauthorized");
  });
});

describe("transfer, burn, mint", () => {
  it("transfer moves tokens with cw20-base's attributes; an emptied balance leaves all_accounts", () => {
    const { token } = setupToken();
    const res = token.execute(bob, { transfer: { recipient: carol, amount: "500" } });
    expect(attrs(res)).toMatchObject({ action: "transfer", from: bob, to: carol, amount: "500" });
    expect(token.balance(carol)).toBe(500n);
    expect(token.query({ all_accounts: {} })).toEqual({ accounts: [alice, carol].sort() });
  });

  it("refuses zero amounts, overdrafts and bad recipients, changing nothing", () => {
    const { token } = setupToken();
    expect(token.fails(bob, { transfer: { recipient: carol, amount: "0" } })).toContain("Invalid zero amount");
    expect(token.fails(bob, { transfer: { recipient: carol, amount: "501" } })).toContain("Cannot Sub with given operands");
    expect(token.fails(bob, { transfer: { recipient: "persistence1bad", amount: "1" } })).toContain("Invalid address");
    expect(token.fails(bob, { burn: { amount: "0" } })).toContain("Invalid zero amount");
    expect(token.fails(carol, { burn: { amount: "1" } })).toContain("Cannot Sub with given operands");
    expect(token.balance(bob)).toBe(500n);
    expect(token.supply()).toBe(1_000_500n);
  });

  it("burn lowers balance and supply; mint raises them within the cap", () => {
    const { token } = setupToken({ mint: { minter, cap: "1000600" } });
    expect(attrs(token.execute(bob, { burn: { amount: "200" } }))).toMatchObject({ action: "burn", from: bob, amount: "200" });
    expect(token.supply()).toBe(1_000_300n);
    expect(attrs(token.execute(minter, { mint: { recipient: carol, amount: "300" } }))).toMatchObject({ action: "mint", to: carol, amount: "300" });
    expect(token.balance(carol)).toBe(300n);
    expect(token.fails(minter, { mint: { recipient: carol, amount: "1" } })).toContain("Minting cannot exceed the cap");
    expect(token.fails(alice, { mint: { recipient: alice, amount: "1" } })).toContain("Unauthorized");
    expect(token.fails(minter, { mint: { recipient: alice, amount: "0" } })).toContain("Invalid zero amount");
  });
});

describe("allowances", () => {
  it("increase, decrease (removing at zero) and query, with cw20-base's attributes", () => {
    const { token } = setupToken();
    const exp = { at_height: 100_000 };
    expect(attrs(token.execute(alice, { increase_allowance: { spender: bob, amount: "700", expires: exp } }))).toMatchObject({
      action: "increase_allowance",
      owner: alice,
      spender: bob,
      amount: "700",
    });
    token.execute(alice, { increase_allowance: { spender: bob, amount: "300", expires: null } });
    expect(token.query({ allowance: { owner: alice, spender: bob } })).toEqual({ allowance: "1000", expires: exp });
    token.execute(alice, { decrease_allowance: { spender: bob, amount: "400", expires: { never: {} } } });
    expect(token.query({ allowance: { owner: alice, spender: bob } })).toEqual({ allowance: "600", expires: { never: {} } });
    token.execute(alice, { decrease_allowance: { spender: bob, amount: "600", expires: null } });
    expect(token.query({ allowance: { owner: alice, spender: bob } })).toEqual({ allowance: "0", expires: { never: {} } });
    expect(token.query({ all_allowances: { owner: alice } })).toEqual({ allowances: [] });
  });

  it("refuses own-account, already-expired and missing allowances", () => {
    const { app, token } = setupToken();
    expect(token.fails(alice, { increase_allowance: { spender: alice, amount: "1" } })).toContain("Cannot set to own account");
    expect(token.fails(alice, { increase_allowance: { spender: bob, amount: "1", expires: { at_height: app.block.height } } })).toContain(
      "Invalid expiration value",
    );
    expect(token.fails(alice, { decrease_allowance: { spender: bob, amount: "1" } })).toContain("cw20::allowance::AllowanceResponse not found");
  });

  it("transfer_from, burn_from and send_from spend the allowance; expired and missing ones refuse", () => {
    const { app, token } = setupToken();
    expect(token.fails(bob, { transfer_from: { owner: alice, recipient: carol, amount: "1" } })).toContain("No allowance for this account");
    token.execute(alice, { increase_allowance: { spender: bob, amount: "1000", expires: { at_height: app.block.height + 5 } } });
    expect(attrs(token.execute(bob, { transfer_from: { owner: alice, recipient: carol, amount: "600" } }))).toMatchObject({
      action: "transfer_from",
      from: alice,
      to: carol,
      by: bob,
      amount: "600",
    });
    expect(token.fails(bob, { transfer_from: { owner: alice, recipient: carol, amount: "401" } })).toContain("Cannot Sub with given operands");
    expect(attrs(token.execute(bob, { burn_from: { owner: alice, amount: "400" } }))).toMatchObject({ action: "burn_from", from: alice, by: bob });
    expect(token.query({ allowance: { owner: alice, spender: bob } })).toMatchObject({ allowance: "0" });
    expect(token.balance(alice)).toBe(999_000n);
    expect(token.supply()).toBe(1_000_100n);
    token.execute(alice, { increase_allowance: { spender: carol, amount: "5", expires: { at_height: app.block.height + 1 } } });
    app.advanceBlocks(1);
    expect(token.fails(carol, { transfer_from: { owner: alice, recipient: carol, amount: "1" } })).toContain("Allowance is expired");
  });

  it("all_allowances pages by spender address (default 10, max 30)", () => {
    const { token } = setupToken();
    const spenders = [bob, carol, minter].sort();
    for (const s of spenders) token.execute(alice, { increase_allowance: { spender: s, amount: "1" } });
    const page = token.query<{ allowances: Array<{ spender: string }> }>({ all_allowances: { owner: alice, limit: 2 } });
    expect(page.allowances.map((a) => a.spender)).toEqual(spenders.slice(0, 2));
    const rest = token.query<{ allowances: Array<{ spender: string }> }>({ all_allowances: { owner: alice, start_after: spenders[1] } });
    expect(rest.allowances.map((a) => a.spender)).toEqual(spenders.slice(2));
  });
});

describe("send and the receive hook", () => {
  it("send emits {receive:{sender, amount, msg}} to the contract; send_from names the spender", async () => {
    const host = new WasmHost();
    const probe = new Probe(host.compile(buildFixture("cw20")));
    probe.instantiate(minter, { name: "Test USD", symbol: "TUSD", decimals: 6, initial_balances: [{ address: alice, amount: "100" }], mint: null });
    const out = probe.execute(alice, { send: { contract: carol, amount: "40", msg: Buffer.from('{"deposit":{}}').toString("base64") } });
    const wasm = (out.ok!.messages[0] as { msg: { wasm: { execute: { contract_addr: string; msg: string; funds: unknown[] } } } }).msg.wasm.execute;
    expect(wasm.contract_addr).toBe(carol);
    expect(wasm.funds).toEqual([]);
    expect(JSON.parse(Buffer.from(wasm.msg, "base64").toString())).toEqual({
      receive: { sender: alice, amount: "40", msg: Buffer.from('{"deposit":{}}').toString("base64") },
    });
    probe.execute(alice, { increase_allowance: { spender: bob, amount: "10" } });
    const from = probe.execute(bob, { send_from: { owner: alice, contract: carol, amount: "10", msg: "" } });
    const hook = (from.ok!.messages[0] as { msg: { wasm: { execute: { msg: string } } } }).msg.wasm.execute.msg;
    expect(JSON.parse(Buffer.from(hook, "base64").toString())).toEqual({ receive: { sender: bob, amount: "10", msg: "" } });
  });

  it("a receiver that refuses the hook reverts the whole send", () => {
    const { app, token } = setupToken();
    const other = deployToken(app, { name: "Other", symbol: "OTH", decimals: 6, initial_balances: [], mint: null });
    expect(token.fails(alice, { send: { contract: other.address, amount: "10", msg: "" } })).toContain("unknown variant `receive`");
    expect(token.balance(alice)).toBe(1_000_000n);
    expect(token.balance(other.address)).toBe(0n);
  });
});
