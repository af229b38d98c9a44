// JSON writer producing UTF-8 bytes the way serde_json does: no whitespace, `"` `\` and
// control characters escaped, everything else (including non-ASCII and `/`) written as is.
// Structure is tracked so commas are never forgotten and misuse traps (a bug, not input).

const HEX = "0123456789abcdef";

export class JsonWriter {
  private buf: Uint8Array = new Uint8Array(256);
  private len: i32 = 0;
  /** One entry per open container: whether a value was already written in it. */
  private hasItems: bool[] = [];
  /** A key was just written; the next value belongs to it and needs no comma. */
  private afterKey: bool = false;

  private grow(extra: i32): void {
    if (this.len + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + extra) cap *= 2;
    const next = new Uint8Array(cap);
    memory.copy(next.dataStart, this.buf.dataStart, <usize>this.len);
    this.buf = next;
  }

  private byte(c: u8): void {
    this.grow(1);
    this.buf[this.len++] = c;
  }

  private ascii(s: string): void {
    this.grow(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.len++] = <u8>s.charCodeAt(i);
  }

  private bytes(b: Uint8Array): void {
    this.grow(b.length);
    memory.copy(this.buf.dataStart + <usize>this.len, b.dataStart, <usize>b.length);
    this.len += b.length;
  }

  /** Separates values inside containers. */
  private beforeValue(): void {
    if (this.afterKey) {
      this.afterKey = false;
      return;
    }
    const n = this.hasItems.length;
    if (n == 0) return;
    if (this.hasItems[n - 1]) this.byte(0x2c);
    this.hasItems[n - 1] = true;
  }

  beginObject(): JsonWriter {
    this.beforeValue();
    this.byte(0x7b);
    this.hasItems.push(false);
    return this;
  }

  endObject(): JsonWriter {
    this.hasItems.pop();
    this.byte(0x7d);
    return this;
  }

  beginArray(): JsonWriter {
    this.beforeValue();
    this.byte(0x5b);
    this.hasItems.push(false);
    return this;
  }

  endArray(): JsonWriter {
    this.hasItems.pop();
    this.byte(0x5d);
    return this;
  }

  /** Writes an object key; the next call writes its value. */
  key(k: string): JsonWriter {
    this.beforeValue();
    this.quoted(k);
    this.byte(0x3a);
    this.afterKey = true;
    return this;
  }

  string(s: string): JsonWriter {
    this.beforeValue();
    this.quoted(s);
    return this;
  }

  bool(v: bool): JsonWriter {
    this.beforeValue();
    this.ascii(v ? "true" : "false");
    return this;
  }

  null(): JsonWriter {
    this.beforeValue();
    this.ascii("null");
    return this;
  }

  u64(v: u64): JsonWriter {
    this.beforeValue();
    this.ascii(v.toString());
    return this;
  }

  /** Writes already-encoded JSON (e.g. a nested message) verbatim. */
  raw(json: Uint8Array): JsonWriter {
    this.beforeValue();
    this.bytes(json);
    return this;
  }

  /** `"key": "value"` shorthand. */
  stringField(k: string, v: string): JsonWriter {
    return this.key(k).string(v);
  }

  /** `"key": "value"` or `"key": null`. */
  optStringField(k: string, v: string | null): JsonWriter {
    this.key(k);
    if (v === null) return this.null();
    return this.string(v);
  }

  private quoted(s: string): void {
    this.byte(0x22);
    let runStart = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x20 && c != 0x22 && c != 0x5c) continue;
      this.utf8(s, runStart, i);
      this.escape(c);
      runStart = i + 1;
    }
    this.utf8(s, runStart, s.length);
    this.byte(0x22);
  }

  private utf8(s: string, from: i32, to: i32): void {
    if (to <= from) return;
    this.bytes(Uint8Array.wrap(String.UTF8.encode(s.substring(from, to))));
  }

  private escape(c: i32): void {
    this.byte(0x5c);
    if (c == 0x22) this.byte(0x22);
    else if (c == 0x5c) this.byte(0x5c);
    else if (c == 0x0a) this.byte(0x6e);
    else if (c == 0x0d) this.byte(0x72);
    else if (c == 0x09) this.byte(0x74);
    else if (c == 0x08) this.byte(0x62);
    else if (c == 0x0c) this.byte(0x66);
    else {
      this.ascii("u00");
      this.byte(<u8>HEX.charCodeAt(c >> 4));
      this.byte(<u8>HEX.charCodeAt(c & 15));
    }
  }

  /** The encoded document. Traps if containers are still open (a bug). */
  toBytes(): Uint8Array {
    assert(this.hasItems.length == 0, "JsonWriter: unclosed container");
    return this.buf.slice(0, this.len);
  }

  toString(): string {
    return String.UTF8.decodeUnsafe(this.buf.dataStart, <usize>this.len);
  }
}
