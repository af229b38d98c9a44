/** Shared setup for VM tests. */
import { fromUtf8, toUtf8 } from "@cosmjs/encoding";
import { expect } from "vitest";

import {
  Bech32Api,
  CallContext,
  EntryPoint,
  MemoryStorage,
  Querier,
  VmError,
  VmErrorKind,
  WasmHost,
} from "@persistence-ts/simulator/vm/index";

export const host = new WasmHost();

const FREE = { base: 0, perItem: 0 };
/** Meters operators only: what `host` charges beyond it is the host functions' gas. */
export const operatorsOnly = new WasmHost({
  gasSchedule: { hostCall: 0, readRegionSmall: FREE, readRegionLarge: FREE, stringFromBytes: FREE, sdkMultiplier: 0 },
});

/** The VM gas of a call's host functions: its total minus the same call's operator gas. */
export function hostGasOf(code: Uint8Array, entry: EntryPoint, args: Uint8Array[], ctx: () => CallContext): number {
  return host.call(code, entry, args, ctx()).gasUsed - operatorsOnly.call(code, entry, args, ctx()).gasUsed;
}

export const noQuerier: Querier = () => {
  throw new Error("no querier in this test");
};

export function makeCtx(overrides: Partial<CallContext> = {}): CallContext {
  return { storage: new MemoryStorage(), api: new Bech32Api(), querier: noQuerier, ...overrides };
}

export const utf8 = toUtf8;
export const text = fromUtf8;
export const EMPTY = new Uint8Array(0);

/** Runs `fn`, expects a VmError of `kind`, and returns it for message checks. */
export function vmErrorOf(fn: () => unknown, kind: VmErrorKind): VmError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(VmError);
    expect((e as VmError).kind).toBe(kind);
    return e as VmError;
  }
  throw new Error("expected a VmError, but the call succeeded");
}

/** The chain's text for an error raised inside a host function. */
export const inWasm = (inner: string): string => `Error executing Wasm: Wasmer runtime error: RuntimeError: ${inner}`;
