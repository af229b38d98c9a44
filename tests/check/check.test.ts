import { writeFileSync } from "fs";
import { join } from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CAPABILITIES, OUR_RULES, Violation, checkWasm } from "@persistence-ts/cli/check/index";
import { parseModule } from "@persistence-ts/cli/wasm/reader";
import { Expected, FIXTURES, Fixture, contract } from "./fixtures";
import { findCosmwasmCheck, runTool, tempDir, watToWasm } from "./helpers";

const dir = tempDir();
const built = new Map<string, Uint8Array>();

beforeAll(async () => {
  const results = await Promise.all(FIXTURES.map((f) => f.build(dir)));
  FIXTURES.forEach((f, i) => built.set(f.name, results[i]));
}, 120_000);

const bytesOf = (name: string): Uint8Array => {
  const b = built.get(name);
  if (!b) throw new Error(`fixture ${name} not built`);
  return b;
};

const itemMatches = (e: Expected, v: Violation): boolean =>
  typeof e.item === "string" ? v.item === e.item : e.item.test(v.item);

function assertVerdict(f: Fixture, violations: Violation[]): void {
  for (const e of f.expect) {
    const found = violations.some((v) => v.rule === e.rule && itemMatches(e, v));
    expect(found, `${f.name}: expected [${e.rule}] ${String(e.item)} in ${JSON.stringify(violations, null, 1)}`).toBe(true);
  }
  const allowed = new Set([...f.expect.map((e) => e.rule), ...(f.alsoAllowed ?? [])]);
  const unexpected = violations.filter((v) => !allowed.has(v.rule));
  expect(unexpected, `${f.name}: unexpected violations`).toEqual([]);
}

describe("checkWasm on fixtures", () => {
  for (const f of FIXTURES) {
    it(f.expect.length ? `rejects ${f.name}` : `accepts ${f.name}`, () => {
      const r = checkWasm(bytesOf(f.name), f.options);
      assertVerdict(f, r.violations);
      expect(r.ok).toBe(f.expect.length === 0);
    });
  }
});

describe("checkWasm details", () => {
  it("reports info for an accepted module", () => {
    const r = checkWasm(bytesOf("valid-requires-staking"));
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([]);
    expect(r.info).toMatchObject({ capabilities: ["staking"], functions: 7, imports: [] });
    expect(r.info.exports).toEqual(expect.arrayContaining(["memory", "allocate", "deallocate", "interface_version_8", "requires_staking"]));
    expect(r.info.size).toBe(bytesOf("valid-requires-staking").length);
  });

  it("names the size in the size violation", () => {
    const bytes = bytesOf("oversize");
    const r = checkWasm(bytes);
    expect(r.violations).toContainEqual(expect.objectContaining({ rule: "size", item: `${bytes.length} bytes` }));
  });

  it("reports floats as warnings with floats: warn", () => {
    const r = checkWasm(bytesOf("float-op"), { floats: "warn" });
    expect(r.ok).toBe(true);
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: "floats", item: "func[6] $fl" }));
  });

  it("accepts a capability the chain is configured with", () => {
    const caps = [...DEFAULT_CAPABILITIES, "ibc2"];
    expect(checkWasm(bytesOf("requires-ibc2"), { capabilities: caps }).ok).toBe(true);
    expect(checkWasm(bytesOf("valid-requires-staking"), { capabilities: [] }).violations)
      .toEqual([expect.objectContaining({ rule: "capability", item: "requires_staking" })]);
  });

  it("names the IBC entry points a partly IBC contract lacks", () => {
    const r = checkWasm(bytesOf("ibc-some-entry-points"));
    expect(r.violations).toEqual([{
      rule: "ibc-entry-points",
      item: "ibc_channel_close, ibc_packet_ack, ibc_packet_timeout",
      message: "exports ibc_channel_open, ibc_channel_connect, ibc_packet_receive but not ibc_channel_close, ibc_packet_ack, ibc_packet_timeout: "
        + "the VM treats a contract as IBC-enabled only with all six, so the chain would store it and give it no IBC port",
    }]);
  });

  it("honours limit overrides", () => {
    const r = checkWasm(bytesOf("valid-100-locals"), { limits: { maxFunctionLocals: 99 } });
    expect(r.violations).toEqual([expect.objectContaining({ rule: "function-locals", item: "func[6] $max_locals" })]);
  });

  it("warns (only) about __setArgumentsLength", async () => {
    const bytes = watToWasm(contract({
      extra: `(func (export "__setArgumentsLength") (param i32))`,
    }));
    const r = checkWasm(bytes);
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([expect.objectContaining({ rule: "set-arguments-length", item: "__setArgumentsLength" })]);
  });

  it("rejects an entry point exported as a global", async () => {
    const bytes = watToWasm(contract({
      extra: `(global $g i32 (i32.const 0))\n  (export "sudo" (global $g))`,
    }));
    expect(checkWasm(bytes).violations).toEqual([
      expect.objectContaining({ rule: "entry-point-signature", item: "sudo" }),
    ]);
  });

  it("accepts migrate with 2 or 3 params and rejects 4", async () => {
    const migrate = (n: number) => contract({
      extra: `(func (export "migrate") (param ${Array(n).fill("i32").join(" ")}) (result i32) (i32.const 0))`,
    });
    expect(checkWasm(watToWasm(migrate(2))).ok).toBe(true);
    expect(checkWasm(watToWasm(migrate(3))).ok).toBe(true);
    expect(checkWasm(watToWasm(migrate(4))).violations).toEqual([
      expect.objectContaining({ rule: "entry-point-signature", item: "migrate" }),
    ]);
  });

  it("rejects GC types and reference-typed globals", async () => {
    const bytes = watToWasm(contract({
      extra: `(type $s (struct (field i32)))\n  (global $g (mut (ref null $s)) (ref.null $s))`,
    }), ["gc", "reference-types"]);
    const rules = checkWasm(bytes).violations.map((v) => `${v.rule} ${v.item}`);
    expect(rules).toContain("feature-function-references global[0]");
    expect(rules.some((r) => /^feature-gc type\[\d+\]$/.test(r))).toBe(true);
  });

  it("reports a parse error with the reason", () => {
    const r = checkWasm(Uint8Array.from([1, 2, 3, 4]));
    expect(r.ok).toBe(false);
    expect(r.violations).toEqual([{ rule: "parse", item: "module", message: expect.stringContaining("bad magic") }]);
  });
});

// ---------------------------------------------------------------------------
// Cross-check with the real VM's upload check, when installed.

/**
 * Rules cosmwasm-check does not enforce: it runs check_wasm + compile but never instantiates
 * (so import signatures, the memory export and start code go unnoticed), allows floats,
 * does not know wasmd's size limit and does not look at entry point types.
 */
const NOT_ENFORCED_BY_COSMWASM_CHECK = new Set([...OUR_RULES, "size"]);
/** Locals caps exist only from cosmwasm-vm 2.2.9 / 2.3.4 / 3.0.9 on. */
const LOCALS_RULES = ["function-locals", "total-locals"];

function hasLocalsCaps(version: string): boolean {
  const [major, minor, patch] = version.split(".").map(Number);
  if (major !== 2) return major > 2 && (major > 3 || minor > 0 || patch >= 9);
  return minor > 3 || (minor === 3 && patch >= 4) || (minor === 2 && patch >= 9);
}

const cosmwasmCheck = findCosmwasmCheck();

describe("agreement with cosmwasm-check", () => {
  it.skipIf(!cosmwasmCheck)(
    "agrees on every fixture whose rules cosmwasm-check enforces (skipped when it is not installed)",
    async () => {
      const tool = cosmwasmCheck as string;
      const version = (await runTool(tool, ["--version"])).stdout.match(/\d+\.\d+\.\d+/)?.[0] ?? "0.0.0";
      const notEnforced = new Set(NOT_ENFORCED_BY_COSMWASM_CHECK);
      if (!hasLocalsCaps(version)) LOCALS_RULES.forEach((r) => notEnforced.add(r));
      const caps = ["--available-capabilities", DEFAULT_CAPABILITIES.join(",")];
      for (const f of FIXTURES) {
        const file = join(dir, `${f.name}.check.wasm`);
        writeFileSync(file, bytesOf(f.name));
        const theirs = await runTool(tool, [...caps, file]);
        const ours = checkWasm(bytesOf(f.name), f.options).violations;
        const vmShouldPass = ours.every((v) => notEnforced.has(v.rule));
        expect(theirs.code === 0, `${f.name} (cosmwasm-check ${version}): ${theirs.stdout}`).toBe(vmShouldPass);
      }
    },
    120_000,
  );
});

describe("reader on fixtures", () => {
  it("decodes every fixture function body to its final end", () => {
    for (const f of FIXTURES.filter((x) => x.name !== "malformed")) {
      const m = parseModule(bytesOf(f.name));
      for (const fn of m.functions) {
        const last = fn.operators[fn.operators.length - 1];
        expect(last.name).toBe("end");
        expect(last.end).toBe(fn.bodyEnd);
      }
    }
  });
});
