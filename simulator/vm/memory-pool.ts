/**
 * Reused linear memories for one compiled module whose memory is imported (wasm-binary.ts
 * memoryImport). A new WebAssembly.Memory per call is most of a call's cost: its allocation
 * and, above all, the full garbage collections V8 runs every ~64 MB of such external memory.
 * A memory comes back to the pool only in exactly the state a fresh instance would get: the
 * initial size and all zero (instantiation then writes the data segments, and globals and
 * tables are new with the instance).
 */
import { Wasm, WasmMemory } from "./wasm-api";

export const PAGE_SIZE = 65536;
/** Idle memories kept per module: one per nesting level of calls into the same code is plenty. */
const DEFAULT_CAPACITY = 4;

export interface MemoryLimits {
  initial: number;
  maximum: number;
}

export class MemoryPool {
  private readonly idle: WasmMemory[] = [];
  /** How many memories `take` handed out again instead of allocating. */
  reused = 0;

  constructor(
    readonly limits: MemoryLimits,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  get idleCount(): number {
    return this.idle.length;
  }

  /** A memory as a fresh instance would have it. */
  take(): WasmMemory {
    const memory = this.idle.pop();
    if (!memory) return new Wasm.Memory(this.limits);
    this.reused++;
    return memory;
  }

  /**
   * Takes a memory back after a call. A grown memory is dropped: memories cannot shrink, and
   * the next call must see the initial size. Zeroing the whole memory costs a memset of the
   * initial pages; knowing which bytes a call wrote would need the allocator's cooperation.
   */
  release(memory: WasmMemory): void {
    if (memory.buffer.byteLength !== this.limits.initial * PAGE_SIZE) return;
    if (this.idle.length >= this.capacity) return;
    new Uint8Array(memory.buffer).fill(0);
    this.idle.push(memory);
  }
}
