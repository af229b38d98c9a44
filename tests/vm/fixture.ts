/** Shared setup for VM tests. */
import { fromUtf8, toUtf8 } from "@cosmjs/encoding";
import { expect } from "vitest";

import { Bech32Api, CallContext, MemoryStorage, Querier, VmError, VmErrorKind, WasmHost } from "../../simulator/vm";

export const host = new WasmHost();

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
