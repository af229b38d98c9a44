/**
 * Fixture modules for the checker: a minimal valid contract and variations the chain rejects.
 * Each is WAT built with binaryen's wasm-as (names section on, so items read `func[i] $name`),
 * or AssemblyScript built with asc. Nothing binary is committed.
 */
import { CheckOptions } from "@persistence-ts/cli/check/index";
import { BinaryenFeature, ascToWasm, watToWasm, withCustomSection } from "./helpers";

export interface Expected {
  rule: string;
  /** Exact item, or a pattern where the item depends on the compiler's layout. */
  item: string | RegExp;
}

export interface Fixture {
  name: string;
  /** `dir` is a scratch directory (asc writes files). */
  build: (dir: string) => Promise<Uint8Array>;
  /** Violations that must be reported ([] = the module is accepted). */
  expect: Expected[];
  /** Further rule ids allowed alongside (side effects of how the fixture is built). */
  alsoAllowed?: string[];
  options?: CheckOptions;
}

/** Parts of the minimal valid contract; a fixture replaces or drops (null) some. */
interface Parts {
  imports: string;
  memory: string;
  allocate: string;
  deallocate: string;
  interface: string;
  entry: string;
  extra: string;
}

const BASE: Parts = {
  imports: "",
  memory: `(memory $mem 1)\n  (export "memory" (memory $mem))`,
  allocate: `(func $allocate (export "allocate") (param i32) (result i32) (i32.const 16))`,
  deallocate: `(func $deallocate (export "deallocate") (param i32))`,
  interface: `(func $interface_version_8 (export "interface_version_8"))`,
  entry: `(func $instantiate (export "instantiate") (param i32 i32 i32) (result i32) (i32.const 0))
  (func $execute (export "execute") (param i32 i32 i32) (result i32) (i32.const 0))
  (func $query (export "query") (param i32 i32) (result i32) (i32.const 0))`,
  extra: "",
};

/** Function index of the first `extra` function when BASE is used without imports. */
const EXTRA = 6;

export function contract(over: { [K in keyof Parts]?: string | null } = {}): string {
  const parts = { ...BASE, ...over };
  const body = (Object.keys(BASE) as (keyof Parts)[]).map((k) => parts[k] ?? "").filter(Boolean);
  return `(module\n  ${body.join("\n  ")}\n)\n`;
}

const wat = (text: string, features: BinaryenFeature[] = []) => async () => watToWasm(text, features);

const IBC_SIX = ["ibc_channel_open", "ibc_channel_connect", "ibc_channel_close", "ibc_packet_receive", "ibc_packet_ack", "ibc_packet_timeout"];
const IBC_CALLBACKS = ["ibc_source_callback", "ibc_destination_callback"];

/** `(env, msg) -> result` exports with the given names. */
function ibcExports(names: string[]): string {
  return names.map((n) => `(func (export "${n}") (param i32 i32) (result i32) (i32.const 0))`).join("\n  ");
}

const ALL_IMPORTS = `
  (import "env" "abort" (func (param i32)))
  (import "env" "debug" (func (param i32)))
  (import "env" "db_read" (func (param i32) (result i32)))
  (import "env" "db_write" (func (param i32 i32)))
  (import "env" "db_remove" (func (param i32)))
  (import "env" "db_scan" (func (param i32 i32 i32) (result i32)))
  (import "env" "db_next" (func (param i32) (result i32)))
  (import "env" "db_next_key" (func (param i32) (result i32)))
  (import "env" "db_next_value" (func (param i32) (result i32)))
  (import "env" "addr_validate" (func (param i32) (result i32)))
  (import "env" "addr_canonicalize" (func (param i32 i32) (result i32)))
  (import "env" "addr_humanize" (func (param i32 i32) (result i32)))
  (import "env" "secp256k1_verify" (func (param i32 i32 i32) (result i32)))
  (import "env" "secp256k1_recover_pubkey" (func (param i32 i32 i32) (result i64)))
  (import "env" "secp256r1_verify" (func (param i32 i32 i32) (result i32)))
  (import "env" "secp256r1_recover_pubkey" (func (param i32 i32 i32) (result i64)))
  (import "env" "ed25519_verify" (func (param i32 i32 i32) (result i32)))
  (import "env" "ed25519_batch_verify" (func (param i32 i32 i32) (result i32)))
  (import "env" "bls12_381_aggregate_g1" (func (param i32 i32) (result i32)))
  (import "env" "bls12_381_aggregate_g2" (func (param i32 i32) (result i32)))
  (import "env" "bls12_381_pairing_equality" (func (param i32 i32 i32 i32) (result i32)))
  (import "env" "bls12_381_hash_to_g1" (func (param i32 i32 i32 i32) (result i32)))
  (import "env" "bls12_381_hash_to_g2" (func (param i32 i32 i32 i32) (result i32)))
  (import "env" "query_chain" (func (param i32) (result i32)))`;

/** AssemblyScript compiled with asc's defaults: 4-arg abort, start section, bulk memory. */
const ASC_DEFAULT_SOURCE = `
export function cp(dst: usize, src: usize, n: usize): void { memory.copy(dst, src, n); }
export function greet(n: i32): string { return "hi".repeat(n); }
`;

/** The same language with the flags the fact sheet prescribes: accepted. */
const ASC_COSMWASM_SOURCE = `
@external("env", "abort") declare function hostAbort(msg: usize): void;
export function allocate(size: usize): usize { return heap.alloc(size + 12); }
export function deallocate(ptr: usize): void {}
export function interface_version_8(): void {}
export function instantiate(env: usize, info: usize, msg: usize): usize { return 0; }
export function requires_staking(): void {}
function contractAbort(msg: string | null, file: string | null, line: u32, col: u32): void {
  hostAbort(0);
  unreachable();
}
`;
const ASC_COSMWASM_FLAGS = [
  "--runtime", "stub", "--disable", "bulk-memory", "--disable", "nontrapping-f2i",
  "--use", "abort=asc-cosmwasm/contractAbort", "--exportStart", "_initialize", "-O3",
];

const locals = (n: number) => Array.from({ length: n }, () => "(local i32)").join(" ");

export const FIXTURES: Fixture[] = [
  { name: "valid-minimal", build: wat(contract()), expect: [] },
  {
    name: "valid-requires-staking",
    build: wat(contract({
      extra: `(func $requires_staking (export "requires_staking"))`,
    })),
    expect: [],
  },
  { name: "valid-all-imports", build: wat(contract({ imports: ALL_IMPORTS })), expect: [] },
  {
    name: "valid-sign-ext-and-multi-value-block",
    build: wat(contract({
      extra: `(func $ext (export "ext") (param i32) (result i32) (i32.extend8_s (local.get 0)))`,
    })),
    expect: [],
  },
  {
    name: "asc-default",
    build: (dir) => ascToWasm(dir, "asc-default", ASC_DEFAULT_SOURCE),
    expect: [
      { rule: "import-signature", item: "env.abort" },
      { rule: "required-export", item: "allocate" },
      { rule: "required-export", item: "deallocate" },
      { rule: "interface-version", item: "interface_version_8" },
      { rule: "feature-bulk-memory", item: "datacount section" },
      { rule: "feature-bulk-memory", item: /^func\[\d+\] "cp"$/ },
      { rule: "no-start-section", item: /^func\[\d+\]$/ },
    ],
  },
  {
    name: "asc-cosmwasm-flags",
    build: (dir) => ascToWasm(dir, "asc-cosmwasm", ASC_COSMWASM_SOURCE, ASC_COSMWASM_FLAGS),
    expect: [],
  },
  {
    name: "bulk-memory-copy",
    build: wat(contract({
      extra: `(func $copy (export "copy") (memory.copy (i32.const 0) (i32.const 8) (i32.const 8)))`,
    }), ["bulk-memory"]),
    expect: [{ rule: "feature-bulk-memory", item: `func[${EXTRA}] $copy` }],
  },
  {
    name: "bulk-memory-fill",
    build: wat(contract({
      extra: `(func $fill (export "fill") (memory.fill (i32.const 0) (i32.const 0) (i32.const 8)))`,
    }), ["bulk-memory"]),
    expect: [{ rule: "feature-bulk-memory", item: `func[${EXTRA}] $fill` }],
  },
  {
    name: "passive-data-segment",
    build: wat(contract({
      extra: `(data $passive "abc")\n  (func $init (export "init") (memory.init $passive (i32.const 0) (i32.const 0) (i32.const 3)))`,
    }), ["bulk-memory"]),
    expect: [
      { rule: "feature-bulk-memory", item: "data[0]" },
      { rule: "feature-bulk-memory", item: "datacount section" },
      { rule: "feature-bulk-memory", item: `func[${EXTRA}] $init` },
    ],
  },
  {
    name: "start-section",
    build: wat(contract({ extra: `(func $init)\n  (start $init)` })),
    expect: [{ rule: "no-start-section", item: `func[${EXTRA}] $init` }],
  },
  {
    name: "abort-4-args",
    build: wat(contract({ imports: `(import "env" "abort" (func $abort (param i32 i32 i32 i32)))` })),
    expect: [{ rule: "import-signature", item: "env.abort" }],
  },
  {
    name: "float-op",
    build: wat(contract({
      extra: `(func $fl (export "fl") (param i32) (result i32)
    (i32.trunc_f64_s (f64.add (f64.convert_i32_s (local.get 0)) (f64.const 1.5))))`,
    })),
    expect: [{ rule: "floats", item: `func[${EXTRA}] $fl` }],
  },
  {
    name: "nontrapping-f2i",
    build: wat(contract({
      extra: `(func $sat (export "sat") (param i32) (result i32) (i32.trunc_sat_f32_s (f32.reinterpret_i32 (local.get 0))))`,
    }), ["nontrapping-float-to-int"]),
    expect: [{ rule: "floats", item: `func[${EXTRA}] $sat` }],
  },
  {
    name: "unknown-import",
    build: wat(contract({ imports: `(import "env" "foo" (func (param i32)))` })),
    expect: [{ rule: "import-unknown", item: "env.foo" }],
  },
  {
    name: "import-other-module",
    build: wat(contract({
      imports: `(import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))`,
    })),
    expect: [{ rule: "import-module", item: "wasi_snapshot_preview1.fd_write" }],
  },
  {
    name: "too-many-imports",
    build: wat(contract({
      imports: Array.from({ length: 101 }, () => `(import "env" "debug" (func (param i32)))`).join("\n  "),
    })),
    expect: [{ rule: "import-count", item: "101 imports" }],
  },
  {
    name: "memory-maximum",
    build: wat(contract({ memory: `(memory $mem 1 2)\n  (export "memory" (memory $mem))` })),
    expect: [{ rule: "memory-maximum", item: "memory[0]" }],
  },
  {
    name: "memory-initial-too-large",
    build: wat(contract({ memory: `(memory $mem 513)\n  (export "memory" (memory $mem))` })),
    expect: [{ rule: "memory-initial", item: "memory[0]" }],
  },
  {
    name: "memory-imported",
    build: wat(contract({
      imports: `(import "env" "memory" (memory $mem 1))`,
      memory: `(export "memory" (memory $mem))`,
    })),
    expect: [
      { rule: "import-kind", item: "env.memory" },
      { rule: "memory-imported", item: "env.memory" },
      { rule: "memory-count", item: "memory section" },
    ],
  },
  {
    name: "no-memory-export",
    build: wat(contract({ memory: `(memory $mem 1)` })),
    expect: [{ rule: "memory-export", item: "memory" }],
  },
  {
    name: "two-memories",
    build: wat(contract({
      memory: `(memory $mem 1)\n  (memory $mem2 1)\n  (export "memory" (memory $mem))`,
    }), ["multimemory"]),
    expect: [{ rule: "memory-count", item: "memory[1]" }],
  },
  {
    name: "table-without-maximum",
    build: wat(contract({ extra: `(table $t 1 funcref)` })),
    expect: [{ rule: "table-maximum", item: "table[0]" }],
  },
  {
    name: "table-maximum-too-large",
    build: wat(contract({ extra: `(table $t 1 2501 funcref)` })),
    expect: [{ rule: "table-maximum", item: "table[0]" }],
  },
  {
    name: "valid-table-2500",
    build: wat(contract({
      extra: `(table $t 1 2500 funcref)\n  (elem (i32.const 0) $query)`,
    })),
    expect: [],
  },
  {
    name: "missing-allocate",
    build: wat(contract({ allocate: null })),
    expect: [{ rule: "required-export", item: "allocate" }],
  },
  {
    name: "missing-deallocate",
    build: wat(contract({ deallocate: null })),
    expect: [{ rule: "required-export", item: "deallocate" }],
  },
  {
    name: "missing-interface-version",
    build: wat(contract({ interface: null })),
    expect: [{ rule: "interface-version", item: "interface_version_8" }],
  },
  {
    name: "interface-version-7",
    build: wat(contract({ interface: `(func (export "interface_version_7"))` })),
    expect: [{ rule: "interface-version", item: "interface_version_7" }],
  },
  {
    name: "two-interface-versions",
    build: wat(contract({
      interface: `(func (export "interface_version_7"))\n  (func (export "interface_version_8"))`,
    })),
    expect: [{ rule: "interface-version", item: "interface_version_7, interface_version_8" }],
  },
  {
    name: "requires-ibc2",
    build: wat(contract({ extra: `(func (export "requires_ibc2"))` })),
    expect: [{ rule: "capability", item: "requires_ibc2" }],
  },
  {
    name: "101-locals",
    build: wat(contract({ extra: `(func $many_locals (export "many") ${locals(101)})` })),
    expect: [{ rule: "function-locals", item: `func[${EXTRA}] $many_locals` }],
  },
  {
    name: "valid-100-locals",
    build: wat(contract({ extra: `(func $max_locals (export "many") ${locals(100)})` })),
    expect: [],
  },
  {
    name: "type-with-2-results",
    build: wat(contract({
      extra: `(func $pair (export "pair") (result i32 i32) (i32.const 1) (i32.const 2))`,
    }), ["multivalue"]),
    expect: [{ rule: "type-results", item: /^type\[\d+\]$/ }],
  },
  {
    name: "type-with-101-params",
    build: wat(contract({
      extra: `(func $wide (export "wide") (param ${Array(101).fill("i32").join(" ")}))`,
    })),
    expect: [{ rule: "type-params", item: /^type\[\d+\]$/ }],
  },
  {
    name: "oversize",
    build: wat(contract({
      memory: `(memory $mem 16)\n  (export "memory" (memory $mem))`,
      extra: `(data (i32.const 1024) "${"a".repeat(820_000)}")`,
    })),
    expect: [{ rule: "size", item: /^8\d{5} bytes$/ }],
  },
  {
    name: "simd",
    build: wat(contract({
      extra: `(func $vec (export "vec") (drop (v128.const i32x4 1 2 3 4)))`,
    }), ["simd"]),
    expect: [{ rule: "feature-simd", item: `func[${EXTRA}] $vec` }],
  },
  {
    name: "ref-func",
    build: wat(contract({
      extra: `(func $rf (export "rf") (drop (ref.func $rf)))`,
    }), ["reference-types"]),
    expect: [{ rule: "feature-reference-types", item: `func[${EXTRA}] $rf` }],
    alsoAllowed: ["feature-reference-types"],
  },
  {
    name: "atomic",
    build: wat(contract({
      memory: `(memory $mem 1 1 shared)\n  (export "memory" (memory $mem))`,
      extra: `(func $at (export "at") (result i32) (i32.atomic.load (i32.const 0)))`,
    }), ["threads"]),
    expect: [
      { rule: "feature-threads", item: `func[${EXTRA}] $at` },
      { rule: "feature-threads", item: "memory[0]" },
      { rule: "memory-maximum", item: "memory[0]" },
    ],
  },
  {
    name: "tail-call",
    build: wat(contract({
      extra: `(func $tc (export "tc") (param i32) (result i32) (return_call $allocate (local.get 0)))`,
    }), ["tail-call"]),
    expect: [{ rule: "feature-tail-call", item: `func[${EXTRA}] $tc` }],
  },
  {
    name: "exceptions",
    build: wat(contract({
      extra: `(tag $e)\n  (func $thr (export "thr") (throw $e))`,
    }), ["exception-handling"]),
    expect: [
      { rule: "feature-exceptions", item: "tag[0]" },
      { rule: "feature-exceptions", item: `func[${EXTRA}] $thr` },
    ],
  },
  {
    name: "entry-point-signature",
    build: wat(contract({
      entry: `(func $query (export "query") (param i32 i32 i32) (result i32) (i32.const 0))`,
    })),
    expect: [{ rule: "entry-point-signature", item: "query" }],
  },
  {
    name: "allocate-signature",
    build: wat(contract({
      allocate: `(func $allocate (export "allocate") (param i64) (result i32) (i32.const 16))`,
    })),
    expect: [{ rule: "entry-point-signature", item: "allocate" }],
  },
  {
    name: "valid-ibc-six-and-callbacks",
    build: wat(contract({ extra: ibcExports([...IBC_SIX, ...IBC_CALLBACKS]) })),
    expect: [],
  },
  {
    name: "valid-ibc-callbacks-only",
    build: wat(contract({ extra: ibcExports(IBC_CALLBACKS) })),
    expect: [],
  },
  {
    name: "ibc-some-entry-points",
    build: wat(contract({ extra: ibcExports(["ibc_channel_open", "ibc_channel_connect", "ibc_packet_receive", "ibc_source_callback"]) })),
    expect: [{ rule: "ibc-entry-points", item: "ibc_channel_close, ibc_packet_ack, ibc_packet_timeout" }],
  },
  {
    name: "ibc-entry-point-signature",
    build: wat(contract({
      extra: `${ibcExports(IBC_SIX.filter((n) => n !== "ibc_packet_ack"))}
  (func (export "ibc_packet_ack") (param i32 i32 i32) (result i32) (i32.const 0))`,
    })),
    expect: [{ rule: "entry-point-signature", item: "ibc_packet_ack" }],
  },
  {
    name: "ibc-callback-signature",
    build: wat(contract({ extra: `(func (export "ibc_destination_callback") (param i32 i32))` })),
    expect: [{ rule: "entry-point-signature", item: "ibc_destination_callback" }],
  },
  {
    name: "bad-migrate-version",
    build: async () => withCustomSection(
      watToWasm(contract()),
      "cw_migrate_version", new TextEncoder().encode("v1")),
    expect: [{ rule: "migrate-version", item: "cw_migrate_version" }],
  },
  {
    name: "valid-migrate-version",
    build: async () => withCustomSection(
      watToWasm(contract()),
      "cw_migrate_version", new TextEncoder().encode("42")),
    expect: [],
  },
  {
    name: "malformed",
    build: async () => Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x09, 0x01, 0x60]),
    expect: [{ rule: "parse", item: "module" }],
  },
];
