/** The metering rewrite on a real AssemblyScript contract: same behaviour, deterministic gas. */
import { beforeAll, describe, expect, it } from "vitest";

import { CompiledCode, EntryPoint, MemoryStorage, Wasm, WasmHost, makeAddress, meterModule } from "@persistence-ts/simulator/vm/index";
import { parseModule } from "@persistence-ts/cli/wasm/reader";
import { buildFixture } from "@persistence-ts/testing/fixtures";
import { makeCtx, text, utf8 } from "./fixture";

const env = utf8(
  `{"block":{"height":12345,"time":"1571797419879305533","chain_id":"localpersistence-1"},` +
    `"transaction":null,"contract":{"address":"${makeAddress("probe-contract")}"}}`,
);
const info = utf8(`{"sender":"${makeAddress("alice")}","funds":[]}`);

/** The calls to compare: instantiate, two writes, a read and a failing execute. */
const CALLS: Array<[EntryPoint, Uint8Array[]]> = [
  ["instantiate", [env, info, utf8("{}")]],
  ["execute", [env, info, utf8(`{"put":{"key":"a","value":"apple"}}`)]],
  ["execute", [env, info, utf8(`{"put":{"key":"b","value":"banana"}}`)]],
  ["query", [env, utf8(`"greeting"`)]],
  ["execute", [env, info, utf8(`"fail"`)]],
];

interface Outcome {
  result: string;
  gasUsed: number;
}

/** Runs CALLS in order against one fresh store. */
function runAll(host: WasmHost, code: CompiledCode): Outcome[] {
  const ctx = makeCtx({ storage: new MemoryStorage() });
  return CALLS.map(([entry, args]) => {
    const out = host.call(code, entry, args, ctx);
    return { result: text(out.result), gasUsed: out.gasUsed };
  });
}

describe("metering the probe contract", () => {
  let wasm: Uint8Array;
  beforeAll(() => {
    wasm = buildFixture("probe");
  });

  it("still validates and keeps the module's functions and exports", () => {
    const metered = meterModule(wasm);
    expect(() => new Wasm.Module(metered)).not.toThrow();
    const before = parseModule(wasm);
    const after = parseModule(metered);
    expect(after.functions.length).toBe(before.functions.length);
    expect(after.exports.slice(0, before.exports.length)).toEqual(before.exports);
  });

  it("returns the same results with metering on and off; gas only when on", () => {
    const meteredHost = new WasmHost();
    const plainHost = new WasmHost({ meter: false });
    const metered = runAll(meteredHost, meteredHost.compile(wasm));
    const plain = runAll(plainHost, plainHost.compile(wasm));
    expect(metered.map((o) => o.result)).toEqual(plain.map((o) => o.result));
    expect(metered[4].result).toContain("error");
    for (const o of metered) expect(o.gasUsed).toBeGreaterThan(0);
    for (const o of plain) expect(o.gasUsed).toBe(0);
  });

  it("uses the same gas on every run and for every host", () => {
    const first = runAll(new WasmHost(), new WasmHost().compile(wasm));
    const h = new WasmHost();
    const code = h.compile(wasm);
    expect(runAll(h, code)).toEqual(first);
    expect(runAll(h, code)).toEqual(first);
  });
});
