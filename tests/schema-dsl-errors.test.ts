// A mistake in a contract's messages.ts answers with what to do: the contract, the message, the
// field, what was written and the types that exist (with a did-you-mean), never a crash inside
// the generators (`Cannot use 'in' operator…`).
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "@persistence-ts/cli/project";
import { assemblyScriptCodec, directions } from "@persistence-ts/schema/assemblyscript";
import { DslError, array, contract, enumOf, option, ref, string, struct, uint128, view, type Def, type Type } from "@persistence-ts/schema/dsl";

/** What a user's typo evaluates to: an import the DSL does not have (undefined) or a type written as a string. */
const typo = (v: unknown): Type => v as Type;

function dslError(f: () => unknown): DslError {
  try {
    f();
  } catch (e) {
    if (e instanceof DslError) return e;
    throw new Error(`expected a DslError, got ${String(e)}`);
  }
  throw new Error("expected a DslError, nothing was thrown");
}

describe("the message DSL refuses bad input with a clear error", () => {
  it("a type written as a string names the message, the field and a did-you-mean", () => {
    const e = dslError(() => struct("ExecuteTransfer", { recipient: string, amount: typo("u128") }));
    expect(e.message).toContain('ExecuteTransfer.amount: unknown type "u128": did you mean `uint128` (Uint128)?');
    expect(e.message).toContain("string, bool, u8, u32, u64, uint128, uint64, decimal, binary, addr, timestamp, expiration, coin, ownershipAction, ownership");
    expect(e.message).toContain("option(T), array(T), ref(struct(…) | enumOf(…))");
    expect(e.where).toEqual({ message: "ExecuteTransfer", field: "amount" });
  });

  it("a std type's own name (Uint128) points at its DSL export", () => {
    expect(dslError(() => struct("Config", { fee: typo("Decimal") })).message).toContain('Config.fee: unknown type "Decimal": did you mean `decimal` (Decimal)?');
  });

  it("an import the DSL does not have (undefined) says so", () => {
    const e = dslError(() => struct("Config", { cap: typo(undefined) }));
    expect(e.message).toContain("Config.cap: the type is undefined: an import that @persistence-ts/schema/dsl does not export, or a type used before its `const` is defined");
  });

  it("inside option() and array(), and in an inline variant of an enum", () => {
    expect(dslError(() => struct("Config", { cap: option(typo("u128")) })).message).toContain('Config.cap: unknown type "u128" in option(…): did you mean `uint128` (Uint128)?');
    expect(dslError(() => struct("Config", { owners: array(typo("adress")) })).message).toContain('Config.owners: unknown type "adress" in array(…): did you mean `addr` (Addr)?');
    const e = dslError(() => enumOf("ExecuteMsg", { mint: { to: string, amount: typo("U128") } }));
    expect(e.message).toContain('ExecuteMint.amount: unknown type "U128": did you mean `uint128` (Uint128)?');
  });

  it("a variant payload that is not a type, a struct or an object of fields", () => {
    expect(dslError(() => enumOf("QueryMsg", { balance: typo("uint128") })).message).toContain('QueryMsg.balance: unknown type "uint128": did you mean `uint128` (Uint128)? (use the export, not its name as a string)');
    expect(dslError(() => enumOf("QueryMsg", { balance: typo(undefined) })).message).toContain("QueryMsg.balance: the payload is undefined: write null for a unit variant, {} or an object of fields for a struct variant, or a type");
  });

  it("nested options, names that are not snake_case and names the codec uses", () => {
    expect(dslError(() => struct("Config", { cap: option(option(uint128)) })).message).toContain("Config.cap: option(option(…)) is not supported: JSON has one null; use one option()");
    expect(dslError(() => struct("Config", { maxSupply: uint128 })).message).toContain('Config.maxSupply: field names are snake_case ([a-z][a-z0-9_]*), as serde writes them: did you mean "max_supply"?');
    expect(dslError(() => struct("Config", { write: string })).message).toContain('Config.write: "write" is a name the generated codec uses itself: rename the field');
    expect(dslError(() => enumOf("ExecuteMsg", { variant: null })).message).toContain('ExecuteMsg.variant: "variant" is a name the generated codec uses itself: rename the variant');
    expect(dslError(() => struct("config", {})).message).toContain('config: type names are PascalCase ([A-Z][A-Za-z0-9]*): did you mean "Config"?');
  });

  it("a field spec {type, doc} with a bad type, and one without doc", () => {
    expect(dslError(() => struct("Config", { cap: { type: typo("u128"), doc: "the cap" } })).message).toContain('Config.cap: unknown type "u128"');
    const d = struct("Config", { cap: { type: uint128 } as unknown as Type });
    expect(d.kind === "struct" && d.fields[0]).toEqual({ name: "cap", type: uint128, doc: undefined });
  });

  it("contract(): the messages it needs and a response for every query", () => {
    const instantiate = struct("InstantiateMsg", {});
    const execute = enumOf("ExecuteMsg", { ping: {} });
    const query = enumOf("QueryMsg", { config: {}, count: {} });
    const base = { contractName: "crates.io:demo", contractVersion: "0.1.0", instantiate, execute, query };
    expect(dslError(() => contract({ ...base, responses: { config: instantiate } })).message).toContain("QueryMsg.count: no response type: add `count: <type>` to `responses`");
    expect(dslError(() => contract({ ...base, responses: { config: instantiate, count: uint128, counts: uint128 } })).message).toContain('responses.counts: QueryMsg has no variant "counts"');
    expect(dslError(() => contract({ ...base, execute: undefined as unknown as Def, responses: {} })).message).toContain("execute: the message is undefined: give a struct(…) or enumOf(…)");
    expect(dslError(() => contract({ ...base, contractVersion: "1", responses: { config: instantiate, count: uint128 } })).message).toContain('contractVersion "1" is not a semver version (e.g. "0.1.0")');
    expect(dslError(() => contract({ ...base, responses: { config: instantiate, count: typo("u64s") } })).message).toContain('responses.count: unknown type "u64s": did you mean `u64` (u64)?');
  });

  it("contract(): the reply flag and the capabilities the generated entry exports", () => {
    const instantiate = struct("InstantiateMsg", {});
    const base = { contractName: "crates.io:demo", contractVersion: "0.1.0", instantiate, execute: enumOf("ExecuteMsg", { ping: {} }), query: enumOf("QueryMsg", {}), responses: {} };
    expect(dslError(() => contract({ ...base, reply: "yes" as unknown as boolean })).message).toBe('reply: reply is "yes": write `reply: true` when src/contract.ts handles replies (onReply), or leave it out');
    expect(dslError(() => contract({ ...base, capabilities: "staking" as unknown as string[] })).message).toBe('capabilities: capabilities is "staking": give a list of names, e.g. ["staking", "cosmwasm_2_0"]');
    expect(dslError(() => contract({ ...base, capabilities: ["staking", "CosmWasm 2.0"] })).message).toBe('capabilities.1: "CosmWasm 2.0" is not a capability: names are snake_case, as cosmwasm-std\'s (e.g. "staking", "stargate", "cosmwasm_2_0")');
    expect(contract({ ...base, reply: true, capabilities: ["staking"] }).reply).toBe(true);
  });

  it("contract(): stored records get a storage codec each, and only a struct or an enum can be one", () => {
    const instantiate = struct("InstantiateMsg", {});
    const base = { contractName: "crates.io:demo", contractVersion: "0.1.0", instantiate, execute: enumOf("ExecuteMsg", { ping: {} }), query: enumOf("QueryMsg", {}), responses: {} };
    expect(dslError(() => contract({ ...base, stored: [uint128 as unknown as Def] })).message).toMatch(/^stored\.0: the type is .*: give a struct\(…\) or enumOf\(…\)$/);
    const Counter = struct("Counter", { owner: string, total: uint128 });
    const codec = assemblyScriptCodec(contract({ ...base, stored: [Counter] }), "@persistence-ts/std", "messages.ts");
    expect(codec).toContain('import { Codec } from "@persistence-ts/std/storage/codec";');
    expect(codec).toContain("export class Counter {"); // the record itself, though no message carries it
    expect(codec).toContain(`export class CounterCodec extends Codec<Counter> {
  name(): string { return "Counter"; }
  write(w: JsonWriter, v: Counter): void { v.write(w); }
  read(r: JsonReader): Counter { return Counter.read(r); }
}`);
    expect(assemblyScriptCodec(contract(base), "@persistence-ts/std", "messages.ts")).not.toContain("storage/codec");
  });

  it("each type gets the half of the codec it needs: messages are read, responses written, stored records and extra both", () => {
    const Amount = struct("Amount", { value: uint128 }); // in a message and in a response: both halves
    const m = contract({
      contractName: "crates.io:demo",
      contractVersion: "0.1.0",
      instantiate: struct("InstantiateMsg", {}),
      execute: enumOf("ExecuteMsg", { add: { amount: ref(Amount) } }),
      query: enumOf("QueryMsg", { total: {} }),
      responses: { total: struct("TotalResponse", { total: ref(Amount) }) },
      extra: [struct("Hook", { ping: string })],
      stored: [struct("Record", { n: uint128 })],
    });
    const dirs = directions(m);
    expect(Object.fromEntries(dirs)).toEqual({
      InstantiateMsg: { read: true, write: false },
      ExecuteMsg: { read: true, write: false },
      ExecuteAdd: { read: true, write: false }, // the variant's payload
      Amount: { read: true, write: true },
      QueryMsg: { read: true, write: false },
      QueryTotal: { read: true, write: false },
      TotalResponse: { read: false, write: true },
      Hook: { read: true, write: true },
      Record: { read: true, write: true },
    });
    const codec = assemblyScriptCodec(m, "@persistence-ts/std", "messages.ts");
    const classOf = (name: string): string => codec.slice(codec.indexOf(`export class ${name} {`)).split("\n}\n")[0];
    expect(classOf("ExecuteMsg")).toContain("static read(r: JsonReader)");
    expect(classOf("ExecuteMsg")).not.toContain("write(w: JsonWriter)");
    expect(classOf("TotalResponse")).toContain("write(w: JsonWriter)");
    expect(classOf("TotalResponse")).not.toContain("static read(");
    expect(codec).not.toContain("TotalResponse_FIELDS");
    expect(classOf("Amount")).toMatch(/static read\(r: JsonReader\)[\s\S]*write\(w: JsonWriter\)/);
  });
});

describe("views and names", () => {
  const Info = struct("Info", { owner: string, amount: uint128 });

  it("view(): of a struct, of fields it has, taken with true, \"optional\" or a view", () => {
    expect(dslError(() => view("InfoView", enumOf("Kind", { a: null }), { a: true })).message).toContain("InfoView: a view is taken of a struct(…), not of the enum Kind");
    expect(dslError(() => view("InfoView", undefined as unknown as Def, {})).message).toContain("InfoView: a view is taken of a struct(…), not of undefined");
    expect(dslError(() => view("InfoView", Info, { ownr: true })).message).toContain('InfoView.ownr: Info has no field "ownr"; its fields: owner, amount');
    expect(dslError(() => view("InfoView", Info, { owner: "yes" as unknown as true })).message).toContain('InfoView.owner: take a field with true, "optional" or a nested view(…), not "yes"');
  });

  it("two different types under one name", () => {
    const query = enumOf("QueryMsg", { info: {} });
    const other = struct("Info", { owner: string });
    const e = dslError(() =>
      contract({ contractName: "crates.io:demo", contractVersion: "0.1.0", instantiate: struct("InstantiateMsg", { info: ref(Info) }), execute: enumOf("ExecuteMsg", {}), query, responses: { info: other } }),
    );
    expect(e.message).toBe("Info: two different types have this name: rename one, or define it once and use that const in both places");
  });
});

describe("npm run schema names the contract's file", () => {
  it("a typo in a messages.ts outside the repository's contracts", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dsl-"));
    try {
      const file = path.join(dir, "messages.ts");
      const dsl = path.join(ROOT, "schema", "dsl");
      fs.writeFileSync(
        file,
        `import { contract, enumOf, string, struct, u128 } from ${JSON.stringify(dsl)};\n` +
          `export default contract({ contractName: "crates.io:demo", contractVersion: "0.1.0", instantiate: struct("InstantiateMsg", {}),\n` +
          `  execute: enumOf("ExecuteMsg", { transfer: { recipient: string, amount: u128 } }), query: enumOf("QueryMsg", {}), responses: {} });\n`,
      );
      const unimported = path.join(dir, "unimported.ts");
      fs.writeFileSync(unimported, fs.readFileSync(file, "utf8").replace(", u128 }", " }"));
      const cli = JSON.stringify(path.join(ROOT, "tools", "schema", "cli"));
      const load = (f: string): string => `try { require(${cli}).loadMessages(${JSON.stringify(f)}, "contracts/demo/messages.ts"); } catch (e) { console.log(e.message); }`;
      const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", load(file) + load(unimported)], { cwd: ROOT, encoding: "utf8" });
      expect(out).toContain("contracts/demo/messages.ts: ExecuteTransfer.amount: the type is undefined: `u128` is imported from @persistence-ts/schema/dsl, which has no such export: did you mean `uint128` (Uint128)?");
      expect(out).toContain("contracts/demo/messages.ts: `u128` (did you mean `uint128` (Uint128)?) is not defined: import it from @persistence-ts/schema/dsl (or define it above its first use)");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
