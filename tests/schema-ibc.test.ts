// The DSL's IBC types (ibcTimeout, ibcEndpoint, ibcChannel): cosmwasm-schema's definitions in the
// schema JSON, and a generated codec that compiles and reads / writes cosmwasm-std's JSON in the VM.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileContract } from "@persistence-ts/cli/build/compile";
import { ROOT } from "@persistence-ts/cli/project";
import { assemblyScriptCodec } from "@persistence-ts/schema/assemblyscript";
import { array, contract, enumOf, ibcChannel, ibcEndpoint, ibcTimeout, option, string, struct } from "@persistence-ts/schema/dsl";
import { contractSchema } from "@persistence-ts/schema/json-schema";
import { Bech32Api, MemoryStorage, WasmHost, makeAddress } from "@persistence-ts/simulator/vm/index";

const execute = enumOf("ExecuteMsg", { echo: { timeout: ibcTimeout, later: option(ibcTimeout), channel: ibcChannel, peers: array(ibcEndpoint) } });
const messages = contract({
  contractName: "crates.io:ibc-demo",
  contractVersion: "0.1.0",
  instantiate: struct("InstantiateMsg", {}),
  execute,
  query: enumOf("QueryMsg", { channel: { id: string } }),
  responses: { channel: option(ibcChannel) },
  extra: [execute], // written too: the test contract echoes it back
});

type Defs = Record<string, unknown>;

describe("schema JSON", () => {
  const schema = contractSchema(messages) as { execute: { definitions: Defs }; responses: Record<string, { definitions: Defs; anyOf?: unknown }> };

  it("defines IbcTimeout, IbcTimeoutBlock, IbcChannel, IbcEndpoint and IbcOrder as cosmwasm-schema does", () => {
    const defs = schema.execute.definitions;
    expect(Object.keys(defs)).toEqual(["IbcChannel", "IbcEndpoint", "IbcOrder", "IbcTimeout", "IbcTimeoutBlock", "Timestamp", "Uint64"]);
    expect(defs.IbcTimeout).toMatchObject({
      type: "object",
      properties: { block: { anyOf: [{ $ref: "#/definitions/IbcTimeoutBlock" }, { type: "null" }] }, timestamp: { anyOf: [{ $ref: "#/definitions/Timestamp" }, { type: "null" }] } },
      additionalProperties: false,
    });
    expect(defs.IbcTimeout).not.toHaveProperty("required");
    expect(defs.IbcTimeoutBlock).toMatchObject({ required: ["height", "revision"], properties: { height: { type: "integer", format: "uint64" }, revision: { type: "integer", format: "uint64" } } });
    expect(defs.IbcChannel).toMatchObject({
      required: ["connection_id", "counterparty_endpoint", "endpoint", "order", "version"],
      properties: { counterparty_endpoint: { $ref: "#/definitions/IbcEndpoint" }, endpoint: { $ref: "#/definitions/IbcEndpoint" }, order: { $ref: "#/definitions/IbcOrder" } },
    });
    expect(defs.IbcOrder).toMatchObject({ type: "string", enum: ["ORDER_UNORDERED", "ORDER_ORDERED"] });
    expect(defs.IbcEndpoint).toEqual({ type: "object", required: ["channel_id", "port_id"], properties: { channel_id: { type: "string" }, port_id: { type: "string" } }, additionalProperties: false });
    expect(defs.Timestamp).toBeDefined();
  });

  it("an optional IbcChannel response is anyOf [IbcChannel, null]", () => {
    expect(schema.responses.channel.anyOf).toEqual([{ $ref: "#/definitions/IbcChannel" }, { type: "null" }]);
  });
});

describe("the generated codec in the VM", () => {
  const dir = path.join(ROOT, "node_modules", ".cache", `schema-ibc-${process.pid}`);
  let wasm: Uint8Array;

  beforeAll(() => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "msg.ts"), assemblyScriptCodec(messages, "@persistence-ts/std", "the test"));
    // execute answers the decoded message written back through the codec, as data.
    fs.writeFileSync(
      path.join(dir, "contract.ts"),
      `import { doExecute } from "@persistence-ts/std/abi/entry";
import { JsonWriter } from "@persistence-ts/std/json/writer";
import { Env, MessageInfo } from "@persistence-ts/std/types/env";
import { Response } from "@persistence-ts/std/types/response";
import { ExecuteMsg } from "./msg";
export * from "@persistence-ts/std/abi/exports";
function onExecute(_e: Env, _i: MessageInfo, raw: Uint8Array): Response {
  const m = ExecuteMsg.decode(raw);
  const w = new JsonWriter();
  m.write(w);
  return new Response().setData(w.toBytes());
}
export function execute(env: u32, info: u32, msg: u32): u32 { return doExecute(env, info, msg, onExecute); }
`,
    );
    wasm = compileContract(path.relative(ROOT, path.join(dir, "contract.ts")), path.join(dir, "out.wasm"));
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (msg: string): { ok?: { data: string }; error?: string } => {
    const env = `{"block":{"height":1,"time":"1","chain_id":"c"},"contract":{"address":"${makeAddress("demo")}"}}`;
    const out = new WasmHost().call(wasm, "execute", [env, '{"sender":"s","funds":[]}', msg].map((s) => Buffer.from(s)), {
      storage: new MemoryStorage(),
      api: new Bech32Api(),
      querier: () => new Uint8Array(0),
    });
    return JSON.parse(Buffer.from(out.result).toString()) as { ok?: { data: string }; error?: string };
  };

  const ep = '{"port_id":"wasm.a","channel_id":"channel-0"}';
  const ch = `{"endpoint":${ep},"counterparty_endpoint":${ep},"order":"ORDER_ORDERED","version":"v1","connection_id":"connection-0"}`;

  it("reads an absent timestamp and writes cosmwasm-std's JSON back (nulls written, field order kept)", () => {
    const res = run(`{"echo":{"timeout":{"block":{"revision":1,"height":9}},"later":null,"channel":${ch},"peers":[${ep}]}}`);
    expect(Buffer.from(res.ok?.data ?? "", "base64").toString()).toBe(
      `{"echo":{"timeout":{"block":{"revision":1,"height":9},"timestamp":null},"later":null,"channel":${ch},"peers":[${ep}]}}`,
    );
  });

  it("refuses an unknown field and an unknown order with serde's errors", () => {
    expect(run(`{"echo":{"timeout":{"time":"1"},"later":null,"channel":${ch},"peers":[]}}`).error).toBe(
      "Error parsing into type ExecuteMsg: unknown field `time`, expected one of `block`, `timestamp` at `echo.timeout`",
    );
    expect(run(`{"echo":{"timeout":{},"later":{"timestamp":"5"},"channel":${ch.replace("ORDER_ORDERED", "ORDERED")},"peers":[]}}`).error).toBe(
      "Error parsing into type ExecuteMsg: unknown variant `ORDERED`, expected one of `ORDER_UNORDERED`, `ORDER_ORDERED` at `echo.channel.order`",
    );
  });
});
