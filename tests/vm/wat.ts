/**
 * Test contracts written in WebAssembly text: a prelude with a bump allocator and small
 * helpers, plus the body each test needs. Assembled with binaryen.
 */
import binaryen from "binaryen";

import { IMPORT_SIGNATURES } from "@persistence-ts/simulator/vm/index";

/** Assembles a complete module. */
export function assemble(wat: string): Uint8Array {
  const mod = binaryen.parseText(wat);
  try {
    mod.setFeatures(binaryen.Features.MutableGlobals | binaryen.Features.SignExt); // as the VM allows
    if (!mod.validate()) throw new Error("invalid test module");
    return mod.emitBinary();
  } finally {
    mod.dispose();
  }
}

function importDecl(name: string): string {
  const sig = IMPORT_SIGNATURES[name];
  const params = sig.params > 0 ? `(param${" i32".repeat(sig.params)})` : "";
  const result = sig.result ? `(result ${sig.result.toLowerCase()})` : "";
  return `(import "env" "${name}" (func $${name} ${params} ${result}))`;
}

/** Heap start: below it live data segments (< 1024) and the output buffer. */
const HEAP_START = 4 * 65536;
const OUT_START = 1024;

const PRELUDE = `
  (global $heap (mut i32) (i32.const ${HEAP_START}))
  (global $out_len (mut i32) (i32.const 0))
  (global $counter (mut i32) (i32.const 0))

  ;; bump allocation, 8-byte aligned, growing memory when needed
  (func $alloc_raw (param $n i32) (result i32)
    (local $p i32) (local $end i32) (local $size i32)
    (local.set $p (global.get $heap))
    (local.set $end (i32.and (i32.add (i32.add (local.get $p) (local.get $n)) (i32.const 7)) (i32.const -8)))
    (local.set $size (i32.mul (memory.size) (i32.const 65536)))
    (if (i32.gt_u (local.get $end) (local.get $size))
      (then (if (i32.eq (memory.grow (i32.add (i32.shr_u (i32.sub (local.get $end) (local.get $size)) (i32.const 16)) (i32.const 1))) (i32.const -1))
        (then (unreachable)))))
    (global.set $heap (local.get $end))
    (local.get $p))

  (func $allocate (export "allocate") (param $size i32) (result i32)
    (local $r i32) (local $d i32)
    (local.set $d (call $alloc_raw (local.get $size)))
    (local.set $r (call $alloc_raw (i32.const 12)))
    (i32.store (local.get $r) (local.get $d))
    (i32.store offset=4 (local.get $r) (local.get $size))
    (i32.store offset=8 (local.get $r) (i32.const 0))
    (local.get $r))

  (func $deallocate (export "deallocate") (param $ptr i32) DEALLOCATE_BODY)
  (func (export "interface_version_8"))

  ;; a Region describing existing bytes
  (func $region (param $ptr i32) (param $len i32) (result i32)
    (local $r i32)
    (local.set $r (call $alloc_raw (i32.const 12)))
    (i32.store (local.get $r) (local.get $ptr))
    (i32.store offset=4 (local.get $r) (local.get $len))
    (i32.store offset=8 (local.get $r) (local.get $len))
    (local.get $r))
  (func $ptr (param $r i32) (result i32) (i32.load (local.get $r)))
  (func $len (param $r i32) (result i32) (i32.load offset=8 (local.get $r)))
  ;; the Region if it is non-empty, else 0 (an unbounded scan limit)
  (func $or_null (param $r i32) (result i32)
    (select (local.get $r) (i32.const 0) (call $len (local.get $r))))

  ;; output buffer at ${OUT_START}
  (func $out_byte (param $b i32)
    (i32.store8 (i32.add (i32.const ${OUT_START}) (global.get $out_len)) (local.get $b))
    (global.set $out_len (i32.add (global.get $out_len) (i32.const 1))))
  (func $append (param $r i32)
    (local $i i32) (local $n i32) (local $src i32)
    (local.set $n (call $len (local.get $r)))
    (local.set $src (call $ptr (local.get $r)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (call $out_byte (i32.load8_u (i32.add (local.get $src) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next))))
  (func $out (result i32) (call $region (i32.const ${OUT_START}) (global.get $out_len)))
`;

export interface ContractOptions {
  /** Imports to declare (default: all the VM offers). */
  imports?: string[];
  /** Initial memory pages (default 5). */
  pages?: number;
  /** Body of `deallocate` (its parameter is local 0); empty by default. */
  deallocate?: string;
}

/** A contract module: the prelude plus `body` (entry points, data segments, functions). */
export function contract(body: string, options: ContractOptions = {}): Uint8Array {
  const imports = (options.imports ?? Object.keys(IMPORT_SIGNATURES)).map(importDecl).join("\n  ");
  return assemble(`(module
  ${imports}
  (memory (export "memory") ${options.pages ?? 5})
  ${PRELUDE.replace("DEALLOCATE_BODY", options.deallocate ?? "")}
  ${body}
)`);
}
