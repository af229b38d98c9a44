/**
 * Typed access to the engine's WebAssembly object. The project compiles against lib ES2022
 * without DOM types, which have no `WebAssembly` declarations; local types avoid a global one.
 */

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(deltaPages: number): number;
}

/** An opaque compiled module. */
export interface WasmModule {
  readonly __wasmModule?: never;
}

/** An i32 global reads as a number, an i64 global as a bigint. */
export interface WasmGlobal {
  value: number | bigint;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export interface WasmImportDescriptor {
  module: string;
  name: string;
  kind: "function" | "table" | "memory" | "global" | "tag";
}

type ErrorClass = new (message?: string) => Error;

interface WasmNamespace {
  Module: (new (bytes: Uint8Array) => WasmModule) & {
    imports(module: WasmModule): WasmImportDescriptor[];
    exports(module: WasmModule): Array<{ name: string; kind: WasmImportDescriptor["kind"] }>;
  };
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
  Global: new (descriptor: { value: "i32" | "i64"; mutable?: boolean }, value?: number | bigint) => WasmGlobal;
  CompileError: ErrorClass;
  LinkError: ErrorClass;
  RuntimeError: ErrorClass;
}

export const Wasm: WasmNamespace = (globalThis as unknown as { WebAssembly: WasmNamespace }).WebAssembly;
