/**
 * A memory size the contract sees apart from the size V8 allocated, so an instance whose call
 * grew its memory can still be recycled (recycling.ts). Rust's allocator grows memory on the
 * first allocation of every call; a memory cannot shrink, so without this every such call
 * needs a new 1 MiB+ WebAssembly.Memory, whose garbage collection dominates the call.
 *
 * The rewrite keeps the VM's semantics exactly:
 * - `memory.size` reads a global with the pages the contract has (initially the module's).
 * - `memory.grow` calls an added function that fails (-1) past the module's maximum as the VM's
 *   does, grows the physical memory only when it is smaller, and returns the old size.
 * - Every load and store checks its last byte against the contract's size first and traps with
 *   V8's own out-of-bounds error when it is beyond: bytes the physical memory has past that
 *   size (left by an earlier call) are as unreachable as on the chain. An access whose address
 *   wraps past 4 GiB, or whose static offset alone exceeds 2 GiB, is left to V8's own check,
 *   which traps it anyway (no memory is that large).
 * Stores also lower a floor global to their address, so a reset only clears what lies above.
 * The added code is not metered: gas is computed on the module's own operators.
 */
import { FunctionBody, Operator, ParsedModule, importCount } from "@persistence-ts/cli/wasm/reader";
import { ByteWriter, appendToVector } from "@persistence-ts/cli/wasm/writer";

/** The exported global with the pages the contract sees. */
export const MEMORY_PAGES_EXPORT = "__cw_memory_pages";
/**
 * The exported global with the lowest address a store used since the instance was reset
 * (u32::MAX when none): a reset needs to clear only from there.
 */
export const MEMORY_FLOOR_EXPORT = "__cw_memory_floor";

const PAGE_BITS = 16;

const OP = {
  unreachable: 0x00,
  if: 0x04,
  end: 0x0b,
  return: 0x0f,
  call: 0x10,
  drop: 0x1a,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  globalGet: 0x23,
  globalSet: 0x24,
  i32Load: 0x28,
  memorySize: 0x3f,
  memoryGrow: 0x40,
  i32Const: 0x41,
  i32Eq: 0x46,
  i32LtU: 0x49,
  i32GtU: 0x4b,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Shl: 0x74,
  emptyBlock: 0x40,
} as const;

const I32 = 0x7f;

/** Bytes each load (0x28..0x35) and store (0x36..0x3e) touches. */
const WIDTH: Record<number, number> = {
  0x28: 4, 0x29: 8, 0x2a: 4, 0x2b: 8, 0x2c: 1, 0x2d: 1, 0x2e: 2, 0x2f: 2, 0x30: 1, 0x31: 1, 0x32: 2, 0x33: 2, 0x34: 4, 0x35: 4,
  0x36: 4, 0x37: 8, 0x38: 4, 0x39: 8, 0x3a: 1, 0x3b: 2, 0x3c: 1, 0x3d: 2, 0x3e: 4,
};
/** A store's value type: index into the function's added value locals (i32, i64, f32, f64). */
const STORED: Record<number, number> = { 0x36: 0, 0x37: 1, 0x38: 2, 0x39: 3, 0x3a: 0, 0x3b: 0, 0x3c: 1, 0x3d: 1, 0x3e: 1 };
const VALUE_TYPES = [0x7f, 0x7e, 0x7d, 0x7c];

const isAccess = (op: Operator) => op.prefix === 0 && op.code >= 0x28 && op.code <= 0x3e;
const isStore = (op: Operator) => op.code >= 0x36;

/** Indices of what the rewrite adds. */
interface Added {
  pages: number;
  bytes: number;
  floor: number;
  grow: number;
  oob: number;
}

/** Whether the rewrite applies: one memory (imported, memory 0) and only MVP memory operators. */
export function canVirtualize(m: ParsedModule): boolean {
  if (importCount(m, "memory") !== 1 || m.memories.length !== 0) return false;
  if (m.exports.some((e) => e.name === MEMORY_PAGES_EXPORT || e.name === MEMORY_FLOOR_EXPORT)) return false;
  return m.functions.every((fn) => fn.operators.every((op) => op.prefix === 0 || op.prefix === 0xfc && op.code < 8));
}

/** An added function's body (locals as [count, type] groups). */
function body(locals: Array<[number, number]>, code: (w: ByteWriter) => void): Uint8Array {
  const w = new ByteWriter().u32(locals.length);
  for (const [n, t] of locals) w.u32(n).byte(t);
  code(w);
  return w.byte(OP.end).finish();
}

/** memory.grow on the contract's size: -1 past `maxPages`, else the old size. */
function growBody(a: Added, maxPages: number): Uint8Array {
  const [delta, old, next] = [0, 1, 2];
  return body([[2, I32]], (w) => {
    const fail = () => w.byte(OP.if).byte(OP.emptyBlock).byte(OP.i32Const).s64(-1).byte(OP.return).byte(OP.end);
    w.byte(OP.globalGet).u32(a.pages).byte(OP.localSet).u32(old);
    // delta > max − old, unsigned: past the maximum (also catches a delta that would overflow)
    w.byte(OP.localGet).u32(delta).byte(OP.i32Const).s64(maxPages).byte(OP.localGet).u32(old).byte(OP.i32Sub).byte(OP.i32GtU);
    fail();
    w.byte(OP.localGet).u32(old).byte(OP.localGet).u32(delta).byte(OP.i32Add).byte(OP.localSet).u32(next);
    // grow the physical memory only when it is smaller
    w.byte(OP.localGet).u32(next).byte(OP.memorySize).byte(0).byte(OP.i32GtU).byte(OP.if).byte(OP.emptyBlock);
    w.byte(OP.localGet).u32(next).byte(OP.memorySize).byte(0).byte(OP.i32Sub).byte(OP.memoryGrow).byte(0);
    w.byte(OP.i32Const).s64(-1).byte(OP.i32Eq);
    fail();
    w.byte(OP.end);
    w.byte(OP.localGet).u32(next).byte(OP.globalSet).u32(a.pages);
    w.byte(OP.localGet).u32(next).byte(OP.i32Const).s64(PAGE_BITS).byte(OP.i32Shl).byte(OP.globalSet).u32(a.bytes);
    w.byte(OP.localGet).u32(old);
  });
}

/** Traps exactly as an out-of-bounds access does: it is one (its address is past 4 GiB). */
function oobBody(): Uint8Array {
  return body([], (w) => w.byte(OP.i32Const).s64(-1).byte(OP.i32Load).u32(0).u32(4).byte(OP.drop));
}

/** `addr` (on the stack, kept in local `a`) + `end` > contract bytes → trap. */
function emitCheck(w: ByteWriter, x: Added, a: number, end: number): void {
  w.byte(OP.localTee).u32(a).byte(OP.i32Const).s64(end).byte(OP.i32Add);
  w.byte(OP.globalGet).u32(x.bytes).byte(OP.i32GtU);
  w.byte(OP.if).byte(OP.emptyBlock).byte(OP.call).u32(x.oob).byte(OP.end);
  w.byte(OP.localGet).u32(a);
}

function rewriteBody(bytes: Uint8Array, m: ParsedModule, fn: FunctionBody, x: Added): Uint8Array {
  const type = m.types[fn.typeIndex];
  const params = type.kind === "func" ? type.params.length : 0;
  const addr = params + fn.localCount; // then the value locals: i32, i64, f32, f64
  const w = new ByteWriter();
  // locals: the existing groups, then one i32 for the address and one per value type
  const locals = bytes.subarray(fn.bodyStart, fn.codeStart); // count, then the groups
  w.u32(fn.locals.length + 1 + VALUE_TYPES.length);
  w.bytes(locals.subarray(uleb128Length(locals)));
  w.u32(1).byte(I32);
  for (const t of VALUE_TYPES) w.u32(1).byte(t);
  for (const op of fn.operators) {
    const original = bytes.subarray(op.offset, op.end);
    if (op.prefix === 0 && op.code === OP.memorySize) w.byte(OP.globalGet).u32(x.pages);
    else if (op.prefix === 0 && op.code === OP.memoryGrow) w.byte(OP.call).u32(x.grow);
    else if (!isAccess(op)) w.bytes(original);
    else {
      const end = op.imm.memArg!.offset + WIDTH[op.code];
      if (end > 0x7fff_ffff) w.bytes(original); // V8 traps it: no memory reaches 2 GiB
      else if (!isStore(op)) {
        emitCheck(w, x, addr, end);
        w.bytes(original);
      } else {
        const value = addr + 1 + STORED[op.code];
        w.byte(OP.localSet).u32(value);
        emitCheck(w, x, addr, end);
        // floor = min(floor, addr): the store writes at addr + offset, never below addr
        w.byte(OP.localGet).u32(addr).byte(OP.globalGet).u32(x.floor).byte(OP.i32LtU);
        w.byte(OP.if).byte(OP.emptyBlock).byte(OP.localGet).u32(addr).byte(OP.globalSet).u32(x.floor).byte(OP.end);
        w.byte(OP.localGet).u32(value).bytes(original);
      }
    }
  }
  return w.finish();
}

function uleb128Length(b: Uint8Array): number {
  let i = 0;
  while (b[i] & 0x80) i++;
  return i + 1;
}

/**
 * The section payloads (global, function, export, code) that give `m` a virtual memory size.
 * `m` must be parsed from `bytes` with operators and pass canVirtualize; `initialPages` and
 * `maxPages` are the imported memory's limits.
 */
export function virtualMemoryPayloads(bytes: Uint8Array, m: ParsedModule, initialPages: number, maxPages: number): Map<number, Uint8Array> {
  const firstGlobal = importCount(m, "global") + m.globals.length;
  const firstFunc = importCount(m, "func") + m.functions.length;
  const x: Added = { pages: firstGlobal, bytes: firstGlobal + 1, floor: firstGlobal + 2, grow: firstFunc, oob: firstFunc + 1 };
  const section = (id: number) => m.sections.find((s) => s.id === id);
  const mutI32 = (v: number) => new ByteWriter().byte(I32).byte(0x01).byte(OP.i32Const).s64(v | 0).byte(OP.end).finish();
  // types: (i32) -> i32 and () -> (), appended so no index moves
  const firstType = m.types.length;
  const types = appendToVector(bytes, section(1), [Uint8Array.of(0x60, 1, I32, 1, I32), Uint8Array.of(0x60, 0, 0)]);
  const funcs = appendToVector(bytes, section(3), [new ByteWriter().u32(firstType).finish(), new ByteWriter().u32(firstType + 1).finish()]);
  const globals = appendToVector(bytes, section(6), [mutI32(initialPages), mutI32(initialPages << PAGE_BITS), mutI32(-1)]);
  const exportGlobal = (name: string, index: number) => new ByteWriter().name(name).byte(0x03).u32(index).finish();
  const exportSection = appendToVector(bytes, section(7), [exportGlobal(MEMORY_PAGES_EXPORT, x.pages), exportGlobal(MEMORY_FLOOR_EXPORT, x.floor)]);
  const w = new ByteWriter().u32(m.functions.length + 2);
  for (const fn of m.functions) w.sized(rewriteBody(bytes, m, fn, x));
  w.sized(growBody(x, maxPages)).sized(oobBody());
  return new Map([
    [1, types],
    [3, funcs],
    [6, globals],
    [7, exportSection],
    [10, w.finish()],
  ]);
}
