// The strict JSON reader and writer, driven through the probe contract's `echo` query:
// the reader decodes a Sample, the writer encodes it back.
import { beforeAll, describe, expect, it } from "vitest";
import { Probe, loadProbe } from "../helpers/probe";

let probe: Probe;
beforeAll(async () => {
  probe = await loadProbe();
});

const base = {
  name: "invoice",
  count: 7,
  flag: true,
  amount: "1000",
  tags: ["a", "b"],
  kind: "plain",
};

/** Runs `{"echo": <sample text>}` and returns the contract's result envelope. */
function echoText(sampleJson: string) {
  return probe.queryText(`{"echo":${sampleJson}}`);
}

function echo(sample: Record<string, unknown>) {
  return echoText(JSON.stringify(sample));
}

function expectError(res: { ok?: unknown; error?: string }, fragment: string) {
  expect(res.ok).toBeUndefined();
  expect(res.error).toContain(fragment);
}

describe("json: accepted input round-trips", () => {
  it("decodes every field and re-encodes with nulls for absent options", () => {
    expect(echo(base).ok).toEqual({
      ...base,
      small: null,
      note: null,
      nested: null,
      expires: null,
    });
  });

  it("accepts optional fields as present, absent or null", () => {
    const res = echo({ ...base, small: 255, note: null, nested: { x: 4294967295 }, expires: { at_height: 5 } });
    expect(res.ok).toMatchObject({ small: 255, note: null, nested: { x: 4294967295 }, expires: { at_height: 5 } });
  });

  it("accepts fields in any order and whitespace anywhere", () => {
    const text = ` { "kind" : "plain" ,\n\t"tags":[ ],"amount":"0", "flag":false,"count":0,"name":"" } `;
    expect(echoText(text).ok).toMatchObject({ kind: "plain", tags: [], amount: "0", count: 0, name: "" });
  });

  it("reads the struct variant of an externally tagged enum", () => {
    expect(echo({ ...base, kind: { weighted: { weight: 3 } } }).ok).toMatchObject({ kind: "weighted:3" });
  });

  it("accepts a unit variant written as {variant: null}, as serde does", () => {
    expect(echo({ ...base, kind: { plain: null } }).ok).toMatchObject({ kind: "plain" });
  });

  it("reads u64::MAX exactly", () => {
    const res = probe.queryText(`{"echo":${JSON.stringify(base).replace('"count":7', '"count":18446744073709551615')}}`);
    expect(res.raw).toContain('"count":18446744073709551615');
  });

  it("round-trips non-ASCII text byte-exactly", () => {
    const name = "Rechnung für Müller — 東京 🚢";
    expect(echo({ ...base, name }).ok).toMatchObject({ name });
  });

  it("decodes escapes and surrogate pairs, and writes serde_json's escapes", () => {
    const res = echoText(JSON.stringify(base).replace('"invoice"', '"a\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00\\u0001"'));
    expect(res.ok).toMatchObject({ name: 'a"b\\c/d\n\té😀\u0001' });
    expect(res.raw).toContain('"name":"a\\"b\\\\c/d\\n\\té😀\\u0001"');
  });

  it("reads every Expiration form", () => {
    for (const expires of [{ at_height: 10 }, { at_time: "1700000000000000000" }, { never: {} }]) {
      expect(echo({ ...base, expires }).ok).toMatchObject({ expires });
    }
  });

  it("reads Uint128::MAX", () => {
    const amount = (2n ** 128n - 1n).toString();
    expect(echo({ ...base, amount }).ok).toMatchObject({ amount });
  });
});

describe("json: rejected input names the problem and the field", () => {
  const cases: Array<[string, string, string]> = [
    ["missing required field", JSON.stringify({ ...base, name: undefined }), "missing field `name`"],
    ["missing nested field", JSON.stringify({ ...base, nested: {} }), "missing field `x` at `echo.nested`"],
    ["unknown field", JSON.stringify({ ...base, owner: "x" }), "unknown field `owner`, expected one of `name`, `count`"],
    ["unknown nested field", JSON.stringify({ ...base, nested: { x: 1, y: 2 } }), "unknown field `y`, expected `x` at `echo.nested`"],
    ["duplicate field", JSON.stringify(base).replace('"count":7', '"count":7,"count":8'), "duplicate field `count`"],
    ["string for number", JSON.stringify({ ...base, count: "7" }), "invalid type: string, expected u64 at `echo.count`"],
    ["number for string", JSON.stringify({ ...base, name: 5 }), "invalid type: integer, expected a string at `echo.name`"],
    ["float for u64", JSON.stringify(base).replace('"count":7', '"count":7.5'), "invalid type: floating point, expected u64"],
    ["exponent for u64", JSON.stringify(base).replace('"count":7', '"count":1e3'), "invalid type: floating point, expected u64"],
    ["negative u64", JSON.stringify(base).replace('"count":7', '"count":-1'), "invalid value: integer `-1`, expected u64"],
    ["u64 overflow", JSON.stringify(base).replace('"count":7', '"count":18446744073709551616'), "invalid value: integer `18446744073709551616`, expected u64"],
    ["u8 overflow", JSON.stringify({ ...base, small: 256 }), "invalid value: integer `256`, expected u8 at `echo.small`"],
    ["u32 overflow", JSON.stringify({ ...base, nested: { x: 4294967296 } }), "expected u32 at `echo.nested.x`"],
    ["leading zero", JSON.stringify(base).replace('"count":7', '"count":07'), "invalid number"],
    ["bool as string", JSON.stringify({ ...base, flag: "true" }), "invalid type: string, expected a boolean at `echo.flag`"],
    ["null for required", JSON.stringify({ ...base, name: null }), "invalid type: null, expected a string at `echo.name`"],
    ["object for array", JSON.stringify({ ...base, tags: {} }), "invalid type: map, expected a sequence at `echo.tags`"],
    ["wrong element type", JSON.stringify({ ...base, tags: ["a", 1] }), "invalid type: integer, expected a string at `echo.tags.1`"],
    ["Uint128 as number", JSON.stringify({ ...base, amount: 1000 }), "invalid type: integer, expected a string at `echo.amount`"],
    ["Uint128 with letters", JSON.stringify({ ...base, amount: "12abc" }), "12abc"],
    ["Uint128 negative", JSON.stringify({ ...base, amount: "-1" }), "-1"],
    ["Uint128 overflow", JSON.stringify({ ...base, amount: (2n ** 128n).toString() }), (2n ** 128n).toString()],
    ["Uint128 empty", JSON.stringify({ ...base, amount: "" }), "at `echo.amount`"],
    ["unknown enum variant", JSON.stringify({ ...base, kind: "heavy" }), "unknown variant `heavy`, expected one of `plain`, `weighted`"],
    ["struct variant as string", JSON.stringify({ ...base, kind: "weighted" }), "expected struct variant"],
    ["unit variant with a value", JSON.stringify({ ...base, kind: { plain: 1 } }), "expected unit variant"],
    ["enum as number", JSON.stringify({ ...base, kind: 1 }), "invalid type: integer, expected enum"],
    ["empty enum object", JSON.stringify({ ...base, kind: {} }), "map with no entries"],
    ["enum with two keys", JSON.stringify({ ...base, kind: { plain: null, weighted: { weight: 1 } } }), "expected `}`"],
    ["bad expiration", JSON.stringify({ ...base, expires: { at_block: 1 } }), "unknown variant `at_block`, expected one of `at_height`, `at_time`, `never`"],
    ["expiration time as number", JSON.stringify({ ...base, expires: { at_time: 5 } }), "at `echo.expires.at_time`"],
    ["trailing comma in object", JSON.stringify(base).replace('"kind":"plain"', '"kind":"plain",'), "trailing comma"],
    ["trailing comma in array", JSON.stringify(base).replace('["a","b"]', '["a","b",]'), "trailing comma"],
    ["missing comma", JSON.stringify(base).replace(',"flag"', ' "flag"'), "expected `,` or `}`"],
    ["missing colon", JSON.stringify(base).replace('"flag":', '"flag" '), "expected `:`"],
    ["single quotes", JSON.stringify(base).replace('"invoice"', "'invoice'"), "invalid type"],
    ["unquoted key", JSON.stringify(base).replace('"flag"', "flag"), "key must be a string"],
    ["unterminated string", '{"name":"abc', "EOF while parsing a string"],
    ["unterminated object", JSON.stringify(base).slice(0, -1), "EOF while parsing an object"],
    ["raw control character", JSON.stringify(base).replace("invoice", "in\u0001voice"), "control character"],
    ["invalid escape", JSON.stringify(base).replace("invoice", "in\\qvoice"), "invalid escape"],
    ["lone low surrogate", JSON.stringify(base).replace("invoice", "\\udc00"), "lone leading surrogate"],
    ["lone high surrogate", JSON.stringify(base).replace("invoice", "\\ud800x"), "unexpected end of hex escape"],
    ["truncated unicode escape", JSON.stringify(base).replace("invoice", "\\u12"), "invalid escape"],
    ["NaN literal", JSON.stringify(base).replace('"count":7', '"count":NaN'), "invalid type"],
    ["deep nesting", "[".repeat(200) + "]".repeat(200), "invalid type"],
  ];
  for (const [name, sample, fragment] of cases) {
    it(name, () => {
      const res = echoText(sample);
      expectError(res, fragment);
      expect(res.error).toMatch(/^Error parsing into type QueryMsg: /);
    });
  }

  it("rejects trailing data after the message", () => {
    expectError(probe.queryText(`{"echo":${JSON.stringify(base)}} x`), "trailing characters");
    expectError(probe.queryText(`{"echo":${JSON.stringify(base)}}{}`), "trailing characters");
  });

  it("rejects input that ends inside a value", () => {
    expectError(probe.queryText('{"echo":{"name":'), "EOF while parsing a value");
    expectError(probe.queryText(""), "EOF while parsing a value");
  });

  it("skips any valid value as raw JSON and re-emits it unchanged", () => {
    const value = '{"a":[1,-2.5e3,true,null,{"b":"\\u00e9"}],"c":{}}';
    expect(probe.queryText(`{"raw":${value}}`).raw).toBe(value);
  });

  it("rejects nesting deeper than serde_json's limit of 128", () => {
    const ok = "[".repeat(127) + "]".repeat(127);
    expect(probe.queryText(`{"raw":${ok}}`).raw).toBe(ok);
    const deep = "[".repeat(130) + "]".repeat(130);
    expectError(probe.queryText(`{"raw":${deep}}`), "recursion limit exceeded");
  });

  it("rejects malformed numbers and literals even inside skipped values", () => {
    expectError(probe.queryText('{"raw":[01]}'), "invalid number");
    expectError(probe.queryText('{"raw":[1.]}'), "invalid number");
    expectError(probe.queryText('{"raw":[tru]}'), "invalid type");
    expectError(probe.queryText('{"raw":{"a":1,"a":2}}'), "duplicate key `a`");
  });

  it("rejects invalid UTF-8 inside a string", () => {
    const text = Buffer.from(`{"echo":${JSON.stringify(base)}}`);
    const i = text.indexOf("invoice");
    const bad = Buffer.concat([text.subarray(0, i), Buffer.from([0xc3, 0x28]), text.subarray(i + 7)]);
    expectError(probe.queryBytes(bad), "invalid unicode code point");
  });

  it("rejects overlong UTF-8 encodings", () => {
    const text = Buffer.from(`{"echo":${JSON.stringify(base)}}`);
    const i = text.indexOf("invoice");
    const bad = Buffer.concat([text.subarray(0, i), Buffer.from([0xc0, 0xaf]), text.subarray(i + 7)]);
    expectError(probe.queryBytes(bad), "invalid unicode code point");
  });

  it("rejects an unknown top-level variant with the list of variants", () => {
    expectError(probe.queryText('{"nope":{}}'), "unknown variant `nope`, expected one of `echo`, `env`");
  });
});

describe("json: another contract's answer read leniently (tools/schema `view`)", () => {
  it("skips unknown fields and keeps an unknown enum variant by name, its payload skipped", () => {
    expect(probe.queryText('{"lenient":{"status":"active","minted_by":"x","revision":3}}').ok).toBe("active");
    expect(probe.queryText('{"lenient":{"extra":{"deep":[1,{"a":null}]},"status":"quarantined"}}').ok).toBe("quarantined");
    expect(probe.queryText('{"lenient":{"status":{"frozen":{"reason":"court order","until":[1,2]}}}}').ok).toBe("frozen");
  });

  it("is still strict about what it reads: a missing field, bad JSON, an empty enum object", () => {
    expectError(probe.queryText('{"lenient":{"minted_by":"x"}}'), "missing field `status`");
    expectError(probe.queryText('{"lenient":{"status":"active",}}'), "trailing comma");
    expectError(probe.queryText('{"lenient":{"status":{}}}'), "invalid type: map with no entries");
  });
});
