/**
 * A small, dependency-free WebAssembly binary writer: LEB128 numbers, vectors, and a module
 * re-emitted with some section payloads replaced. Rewrites built on it copy every byte they
 * do not change, so the rest of the module (custom sections included) stays as it was.
 */
import { ByteReader, SectionInfo, sectionRank } from "./reader";

/** Unsigned LEB128 of a non-negative integer (number up to 2^53, or bigint). */
export function uleb128(value: number | bigint): number[] {
  let n = BigInt(value);
  if (n < 0n) throw new RangeError(`uleb128 of a negative value ${n}`);
  const out: number[] = [];
  do {
    const b = Number(n & 0x7fn);
    n >>= 7n;
    out.push(n === 0n ? b : b | 0x80);
  } while (n !== 0n);
  return out;
}

/** Signed LEB128 (i32/i64 immediates). */
export function sleb128(value: number | bigint): number[] {
  let n = BigInt(value);
  const out: number[] = [];
  for (;;) {
    const b = Number(n & 0x7fn);
    n >>= 7n; // arithmetic shift: keeps the sign
    const done = (n === 0n && (b & 0x40) === 0) || (n === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

const utf8 = new TextEncoder();

/** Appends bytes to a growable buffer. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  get length(): number {
    return this.len;
  }

  bytes(data: ArrayLike<number>): this {
    this.reserve(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
    return this;
  }

  byte(b: number): this {
    return this.bytes([b]);
  }

  u32(n: number): this {
    return this.bytes(uleb128(n));
  }

  s64(n: number | bigint): this {
    return this.bytes(sleb128(n));
  }

  name(s: string): this {
    const raw = utf8.encode(s);
    return this.u32(raw.length).bytes(raw);
  }

  /** A payload prefixed with its byte length (section and function body framing). */
  sized(payload: Uint8Array): this {
    return this.u32(payload.length).bytes(payload);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  private reserve(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + extra));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}

/**
 * A vector section's payload with `items` (already encoded) appended after the existing
 * entries, which are copied unchanged. `section` undefined = the section is new.
 */
export function appendToVector(bytes: Uint8Array, section: SectionInfo | undefined, items: Uint8Array[]): Uint8Array {
  let count = 0;
  let entries: Uint8Array = new Uint8Array(0);
  if (section) {
    const r = new ByteReader(bytes, section.offset, section.offset + section.size);
    count = r.u32();
    entries = bytes.subarray(r.pos, section.offset + section.size);
  }
  const w = new ByteWriter().u32(count + items.length).bytes(entries);
  for (const item of items) w.bytes(item);
  return w.finish();
}

/**
 * Re-emits a module: sections whose id is in `payloads` get the new payload (a section the
 * module lacks is added where the spec's order puts it); all other bytes are copied.
 */
export function rebuildModule(bytes: Uint8Array, sections: SectionInfo[], payloads: ReadonlyMap<number, Uint8Array>): Uint8Array {
  if (payloads.size === 0) return bytes;
  const w = new ByteWriter().bytes(bytes.subarray(0, 8));
  const pending = new Map(payloads);
  const emitPendingBefore = (rank: number) => {
    for (const [id, payload] of [...pending].sort(([a], [b]) => rankOf(a) - rankOf(b))) {
      if (rankOf(id) >= rank) break;
      w.byte(id).sized(payload);
      pending.delete(id);
    }
  };
  for (const s of sections) {
    if (s.id !== 0) emitPendingBefore(rankOf(s.id));
    const replacement = s.id !== 0 ? pending.get(s.id) : undefined;
    if (replacement) {
      w.byte(s.id).sized(replacement);
      pending.delete(s.id);
    } else {
      w.bytes(bytes.subarray(s.start, s.offset + s.size));
    }
  }
  emitPendingBefore(Infinity);
  return w.finish();
}

function rankOf(id: number): number {
  const rank = sectionRank(id);
  if (rank === undefined) throw new RangeError(`section id ${id} cannot be added or replaced`);
  return rank;
}
