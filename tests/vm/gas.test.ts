/** One VM gas budget per call, shared by operators and host functions, as cosmwasm-vm 2.2 runs it. */
import { describe, expect, it } from "vitest";

import {
  LimitedGasMeter,
  MemoryStorage,
  TransactionalStorage,
  WasmHost,
  sdkGasToVmGas,
  vmGasToSdkGas,
} from "@persistence-ts/simulator/vm/index";
import { EMPTY, host, makeCtx, operatorsOnly, utf8, vmErrorOf } from "./fixture";
import { contract } from "./wat";

/** execute(_, _, n): counts to the 1-byte n in a loop; query traps. */
const SPIN = contract(`
  (func (export "execute") (param i32 i32 i32) (result i32)
    (local $i i32) (local $n i32)
    (local.set $n (i32.load8_u (call $ptr (local.get 2))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.get 2))
  (func (export "query") (param i32 i32) (result i32) (unreachable))
`);

/** execute(_, _, value): writes keys "a".."e", each with `value`. */
const WRITER = contract(`
  (func (export "execute") (param i32 i32 i32) (result i32)
    (local $i i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (i32.const 5)))
      (i32.store8 (i32.const 16) (i32.add (i32.const 97) (local.get $i)))
      (call $db_write (call $region (i32.const 16) (i32.const 1)) (local.get 2))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.get 2))
`);

const spin = (n: number, gas?: LimitedGasMeter, h = host) =>
  h.call(SPIN, "execute", [EMPTY, EMPTY, Uint8Array.of(n)], makeCtx({ gas }));

describe("gas used", () => {
  it("counts operators without a limit, and the same on every run", () => {
    const a = spin(10).gasUsed;
    expect(a).toBeGreaterThan(0);
    expect(spin(10).gasUsed).toBe(a);
    // each extra iteration is one br_if block (3 × 115 + 1,610) and one br block (4 × 115 + 1,610)
    expect(spin(11).gasUsed - a).toBe(4_025);
  });

  it("reports the call's total to the caller's meter, whose remaining gas is the limit", () => {
    const gas = new LimitedGasMeter(10 ** 9);
    const out = spin(10, gas);
    expect(gas.used).toBe(out.gasUsed);
    expect(gas.remaining).toBe(10 ** 9 - out.gasUsed);
  });

  it("is 0 when the host does not meter, and no limit applies", () => {
    const unmetered = new WasmHost({ meter: false });
    const gas = new LimitedGasMeter(1);
    const out = spin(200, gas, unmetered);
    expect(out.gasUsed).toBe(0);
    expect(gas.used).toBe(0);
    expect(Array.from(out.result)).toEqual([200]);
  });
});

describe("running out of gas", () => {
  it("fails a loop with the VM's error and uses the whole limit (remaining 0)", () => {
    const limit = spin(10).gasUsed; // enough for 10 iterations, not for 200
    const gas = new LimitedGasMeter(limit);
    const err = vmErrorOf(() => spin(200, gas), "out-of-gas");
    expect(err.message).toBe("Ran out of gas during contract execution");
    expect(err.gasUsed).toBe(limit);
    expect(gas.used).toBe(limit);
    expect(gas.remaining).toBe(0);
  });

  it("succeeds with exactly the gas the call needs", () => {
    const exact = spin(10).gasUsed;
    expect(spin(10, new LimitedGasMeter(exact)).gasUsed).toBe(exact);
    vmErrorOf(() => spin(10, new LimitedGasMeter(exact - 1)), "out-of-gas");
  });

  it("tells a contract trap from exhaustion", () => {
    const err = vmErrorOf(() => host.call(SPIN, "query", [EMPTY, EMPTY], makeCtx()), "trap");
    expect(err.message).toContain("unreachable");
    expect(err.gasUsed).toBeGreaterThan(0);
  });

  it("draws host function gas from the same budget: operators fit, the writes do not", () => {
    const args = [EMPTY, EMPTY, utf8("v")];
    const total = host.call(WRITER, "execute", args, makeCtx()).gasUsed;
    const operators = operatorsOnly.call(WRITER, "execute", args, makeCtx()).gasUsed;
    // one write: host call + key and value Region reads + SDK write gas (2,000 + 30 × 2) × 140,000
    const perWrite = 18_000 + 2 * (200_000 + 115) + 140_000 * (2_000 + 30 * 2);
    const resultRead = 200_000 + 115;
    expect(total - operators).toBe(5 * perWrite + resultRead);

    const base = new MemoryStorage();
    const storage = new TransactionalStorage(base);
    const limit = operators + resultRead + 2.5 * perWrite;
    const err = vmErrorOf(() => host.call(WRITER, "execute", args, makeCtx({ storage, gas: new LimitedGasMeter(limit) })), "out-of-gas");
    expect(err.message).toBe("Ran out of gas during contract execution");
    expect(err.gasUsed).toBe(limit);
    // the third write ran out on its SDK gas, before storing; the caller drops the call's writes
    expect(["a", "b", "c"].map((k) => storage.get(utf8(k)) !== undefined)).toEqual([true, true, false]);
    expect(base.get(utf8("a"))).toBeUndefined();
  });

  it("runs out reading the result Region, outside Wasm, with the same error", () => {
    // the call ends with the result read (200,000 + 115 × 1) and deallocate (an empty body: 1,610)
    const total = spin(1).gasUsed;
    const limit = total - 1_610 - 1;
    const err = vmErrorOf(() => spin(1, new LimitedGasMeter(limit)), "out-of-gas");
    expect(err.message).toBe("Ran out of gas during contract execution");
    expect(err.gasUsed).toBe(limit);
  });
});

describe("SDK gas", () => {
  it("converts as wasmd's gas register: 140,000 VM gas per SDK gas, rounded down", () => {
    expect(vmGasToSdkGas(0)).toBe(0);
    expect(vmGasToSdkGas(139_999)).toBe(0);
    expect(vmGasToSdkGas(140_000)).toBe(1);
    expect(vmGasToSdkGas(279_999)).toBe(1);
    expect(sdkGasToVmGas(3)).toBe(420_000);
    expect(vmGasToSdkGas(10, 5)).toBe(2);
    expect(() => sdkGasToVmGas(2 ** 50)).toThrow(RangeError);
  });
});
