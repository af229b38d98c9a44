/**
 * Operator metering of hand-written modules, checked against cosmwasm-vm 2.2's cost function
 * (115 per operator, 115 × 14 = 1,610 per accounting operator) and wasmer's charge points
 * (the accumulated cost is charged right before each accounting operator).
 */
import { describe, expect, it } from "vitest";

import { MeteringGlobals, MeteringOptions, Wasm, WasmGlobal, WasmHost, meterModule } from "@persistence-ts/simulator/vm/index";
import { parseModule } from "@persistence-ts/cli/wasm/reader";
import { vmErrorOf } from "./fixture";
import { assemble } from "./wat";

const OP = 115;
const ACC = 1_610;

const MODULE = assemble(`(module
  (type $t (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $double $inc)
  (global $g (export "g") (mut i32) (i32.const 0))
  (func $double (param i32) (result i32) (i32.add (local.get 0) (local.get 0)))
  (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "count") (param $n i32) (result i32) (local $i i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.get $i))
  (func (export "table") (param $k i32) (result i32)
    (block $b2 (block $b1 (block $b0 (br_table $b0 $b1 $b2 (local.get $k)))
      (return (i32.add (i32.add (i32.const 1) (i32.const 2)) (i32.const 7))))
      (return (i32.const 11)))
    (i32.mul (i32.const 3) (i32.const 4)))
  (func (export "direct") (param i32) (result i32) (call $double (local.get 0)))
  (func (export "indirect") (param i32 i32) (result i32) (call_indirect (type $t) (local.get 0) (local.get 1)))
  (func (export "branch") (param i32) (result i32)
    (if (result i32) (local.get 0) (then (i32.add (i32.const 1) (i32.const 1))) (else (i32.const 2))))
  (func (export "set") (global.set $g (i32.const 42)))
  (func (export "trap") (global.set $g (i32.const 7)) (unreachable))
  (func (export "locals30") (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32
    i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32))
  (func (export "locals31") (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32
    i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (global.set $g (i32.const 1)))
)`);

type Fn = (...args: number[]) => unknown;

interface Run {
  result: unknown;
  used: bigint;
}

/** A metered instance of MODULE with helpers to run an export against a budget. */
function meteredInstance(options: MeteringOptions = {}) {
  const instance = new Wasm.Instance(new Wasm.Module(meterModule(MODULE, options)), {});
  const gas = MeteringGlobals.of(instance);
  const run = (name: string, args: number[] = [], budget = 10n ** 9n): Run => {
    gas.setLeft(budget);
    const result = (instance.exports[name] as Fn)(...args);
    return { result, used: budget - gas.left() };
  };
  const g = instance.exports.g as WasmGlobal;
  return { gas, run, g };
}

/** The operator names of an exported function, as the binary has them. */
function opsOf(name: string): string {
  const m = parseModule(MODULE);
  const index = m.exports.find((e) => e.name === name)!.index;
  return m.functions.find((f) => f.index === index)!.operators.map((o) => o.name).join(" ");
}

describe("operator gas", () => {
  const { run } = meteredInstance();

  it("charges straight-line code at its end", () => {
    expect(opsOf("add")).toBe("local.get local.get i32.add end");
    // 3 operators + end: 3 × 115 + 1,610 = 1,955
    expect(run("add", [1, 2])).toEqual({ result: 3, used: 3n * 115n + 1_610n });
    expect(run("add", [1, 2]).used).toBe(BigInt(3 * OP + ACC));
  });

  it("charges a loop per iteration", () => {
    expect(opsOf("count")).toBe(
      "block loop local.get local.get i32.ge_u br_if local.get i32.const i32.add local.set br end unreachable end local.get end",
    );
    // before `loop`: block + loop = 115 + 1,610 = 1,725 (once)
    // before br_if: 3 × 115 + 1,610 = 1,955 (n + 1 times)
    // before br: 4 × 115 + 1,610 = 2,070 (n times)
    // the charges before the loop's and block's `end` are skipped (br / br_if jump past them)
    // before the function's end: local.get + end = 1,725
    // total: 1,725 + 1,955 (n + 1) + 2,070 n + 1,725 = 5,405 + 4,025 n
    const expected = (n: number) => BigInt(5_405 + 4_025 * n);
    expect(run("count", [0])).toEqual({ result: 0, used: expected(0) });
    expect(run("count", [10])).toEqual({ result: 10, used: expected(10) });
    expect(run("count", [1_000])).toEqual({ result: 1_000, used: expected(1_000) });
  });

  it("charges br_table and each path's own block", () => {
    expect(opsOf("table")).toBe(
      "block block block local.get br_table end i32.const i32.const i32.add i32.const i32.add return end " +
        "i32.const return end i32.const i32.const i32.mul end",
    );
    // before br_table: 3 blocks + local.get + br_table = 4 × 115 + 1,610 = 2,070
    const head = 4 * OP + ACC;
    // k = 0: 5 operators + return = 5 × 115 + 1,610 = 2,185
    expect(run("table", [0])).toEqual({ result: 10, used: BigInt(head + 5 * OP + ACC) });
    // k = 1: i32.const + return = 1,725
    expect(run("table", [1])).toEqual({ result: 11, used: BigInt(head + OP + ACC) });
    // default: 3 operators + end = 1,955
    expect(run("table", [7])).toEqual({ result: 12, used: BigInt(head + 3 * OP + ACC) });
  });

  it("charges call and call_indirect before the call, the callee in the callee", () => {
    const callee = 3 * OP + ACC; // local.get local.get i32.add end = 1,955
    expect(opsOf("direct")).toBe("local.get call end");
    // local.get + call = 1,725, then end = 1,610, plus the callee
    expect(run("direct", [4])).toEqual({ result: 8, used: BigInt(OP + ACC + ACC + callee) });
    expect(opsOf("indirect")).toBe("local.get local.get call_indirect end");
    // 2 × local.get + call_indirect = 1,840, then end = 1,610, plus the callee
    expect(run("indirect", [4, 1])).toEqual({ result: 5, used: BigInt(2 * OP + ACC + ACC + callee) });
  });

  it("charges if, else and end on the path taken", () => {
    expect(opsOf("branch")).toBe("local.get if i32.const i32.const i32.add else i32.const end end");
    // before if: 1,725; then-path: 3 × 115 + else = 1,955; else-path: 115 + end = 1,725; final end 1,610
    expect(run("branch", [1])).toEqual({ result: 2, used: BigInt(OP + ACC + 3 * OP + ACC + ACC) });
    expect(run("branch", [0])).toEqual({ result: 2, used: BigInt(OP + ACC + OP + ACC + ACC) });
  });

  it("charges non-accounting operators only at the next accounting operator", () => {
    const { run: runIn, g } = meteredInstance();
    // i32.const + global.set + end = 1,840, all charged before the `end`: the store already ran
    expect(() => runIn("set", [], 1_839n)).toThrow(Wasm.RuntimeError);
    expect(g.value).toBe(42);
    expect(runIn("set", [], 1_840n).used).toBe(1_840n);
    // operators before a trap that is not an accounting operator are never charged
    expect(() => runIn("trap", [], 0n)).toThrow(/unreachable/);
    expect(g.value).toBe(7);
  });

  it("charges functions with 30 or more locals on entry when asked (cosmwasm-vm 2.2.9)", () => {
    const { run } = meteredInstance({ chargeLocals: true });
    // 30 locals: (30 − 29) × 115, added to the first operator's charge as that is an accounting `end`
    expect(opsOf("locals30")).toBe("end");
    expect(run("locals30").used).toBe(BigInt(115 + ACC));
    // 31 locals, first operator not accounting: a separate charge of 2 × 115, then 2 × 115 + 1,610
    expect(run("locals31").used).toBe(BigInt(2 * OP + 2 * OP + ACC));
    const before229 = meteredInstance().run; // the default: Persistence's cosmwasm-vm 2.2.2
    expect(before229("locals30").used).toBe(BigInt(ACC));
    expect(before229("locals31").used).toBe(BigInt(2 * OP + ACC));
  });
});

describe("running out", () => {
  it("succeeds with exactly the cost and leaves 0; one less traps as exhausted", () => {
    const { run, gas } = meteredInstance();
    expect(run("add", [1, 2], 1_955n).used).toBe(1_955n);
    expect(gas.left()).toBe(0n);
    expect(gas.exhausted()).toBe(false);
    expect(() => run("add", [1, 2], 1_954n)).toThrow(/unreachable/);
    // wasmer flags exhaustion and leaves the counter as it was; cosmwasm-vm then reads 0
    expect(gas.exhausted()).toBe(true);
    expect(gas.left()).toBe(0n);
  });

  it("stops a loop at the first charge that does not fit", () => {
    const { run, gas } = meteredInstance();
    // enough for entry (1,725) and 3 iterations (3 × 4,025), 1 short of the 4th br_if charge
    expect(() => run("count", [1_000_000], BigInt(1_725 + 3 * 4_025 + 1_954))).toThrow(/unreachable/);
    expect(gas.exhausted()).toBe(true);
  });

  it("setting the points clears the exhausted flag", () => {
    const { run, gas } = meteredInstance();
    expect(() => run("add", [1, 2], 0n)).toThrow();
    gas.setLeft(5n);
    expect(gas.exhausted()).toBe(false);
    expect(gas.left()).toBe(5n);
  });
});

describe("the rewritten module", () => {
  it("keeps every index: the metering globals come after the module's own", () => {
    const metered = parseModule(meterModule(MODULE));
    const original = parseModule(MODULE);
    expect(metered.globals.length).toBe(original.globals.length + 2);
    expect(metered.globals.slice(0, original.globals.length).map((g) => g.type)).toEqual(original.globals.map((g) => g.type));
    expect(metered.exports.slice(0, original.exports.length)).toEqual(original.exports);
    expect(metered.exports.slice(-2)).toEqual([
      { name: "__cw_gas_left", kind: "global", index: 1 },
      { name: "__cw_gas_exhausted", kind: "global", index: 2 },
    ]);
    expect(metered.functions.map((f) => f.locals)).toEqual(original.functions.map((f) => f.locals));
  });

  it("adds global and export sections to a module without them", () => {
    const bare = assemble(`(module (func $f (result i32) (i32.const 5)))`);
    const m = parseModule(bare);
    expect(m.sections.map((s) => s.name)).toEqual(["type", "function", "code"]);
    const metered = meterModule(bare);
    expect(parseModule(metered).sections.map((s) => s.name)).toEqual(["type", "function", "global", "export", "code"]);
    expect(() => MeteringGlobals.of(new Wasm.Instance(new Wasm.Module(metered), {}))).not.toThrow();
  });

  it("refuses a module that exports a name the metering globals use", () => {
    const clash = assemble(`(module (func (export "__cw_gas_left")))`);
    const err = vmErrorOf(() => new WasmHost().compile(clash), "compile");
    expect(err.message).toBe("Error compiling Wasm: Could not compile: export name __cw_gas_left is reserved by the simulator");
  });

  it("runs a start function with the initial 0 points, as wasmer (it traps)", () => {
    const withStart = assemble(`(module (global $x (mut i32) (i32.const 0)) (func $s (global.set $x (i32.const 1))) (start $s))`);
    expect(() => new Wasm.Instance(new Wasm.Module(meterModule(withStart)), {})).toThrow(/unreachable/);
  });
});
