// Strict JSON reader with serde's rules for #[cw_serde] types (deny_unknown_fields):
// unknown, missing and duplicate fields, wrong types, trailing data, out-of-range numbers and
// invalid UTF-8 are errors. No floats: a number with a fraction or exponent is a type error.
//
// Errors go through std/error.ts (sticky, first wins) and read like serde's, with the path of
// the offending value: "Error parsing into type ExecuteMsg: missing field `owner` at `mint`".
// After an error every read returns a zero value without consuming input, so decoders stay
// straight-line code and the entry glue reports the first error.

import { fail, failed } from "../error";

const MAX_DEPTH: i32 = 128; // serde_json's recursion limit

const QUOTE: u8 = 0x22;
const BACKSLASH: u8 = 0x5c;
const COMMA: u8 = 0x2c;
const COLON: u8 = 0x3a;
const LBRACE: u8 = 0x7b;
const RBRACE: u8 = 0x7d;
const LBRACKET: u8 = 0x5b;
const RBRACKET: u8 = 0x5d;

export class JsonReader {
  private pos: i32 = 0;
  private depth: i32 = 0;
  private path: string[] = [];

  /** `typeName` names what is being parsed in every error, as cosmwasm-std does. */
  constructor(private bytes: Uint8Array, private typeName: string) {}

  // ---- errors -------------------------------------------------------------------------

  /** Records an error at the current path. */
  error(msg: string): void {
    if (failed()) return;
    let where = "";
    if (this.path.length > 0) where = " at `" + this.path.join(".") + "`";
    fail("Error parsing into type " + this.typeName + ": " + msg + where);
  }

  /** Records a type error: what was expected and what was found. */
  private expected(what: string): void {
    if (this.peek() < 0) this.error("EOF while parsing a value");
    else this.error("invalid type: " + this.describeNext() + ", expected " + what);
  }

  private describeNext(): string {
    this.skipWhitespace();
    if (this.pos >= this.bytes.length) return "end of input";
    const c = this.peekByte();
    if (c == QUOTE) return "string";
    if (c == LBRACE) return "map";
    if (c == LBRACKET) return "sequence";
    if (c == 0x74 || c == 0x66) return "boolean"; // t, f
    if (c == 0x6e) return "null";
    if (c == 0x2d || (c >= 0x30 && c <= 0x39)) return this.numberKind();
    return "invalid character";
  }

  /** Whether the number at the cursor is an integer or a floating point literal. */
  private numberKind(): string {
    let i = this.pos;
    while (i < this.bytes.length) {
      const c = this.bytes[i];
      if (c == 0x2e || c == 0x65 || c == 0x45) return "floating point";
      if (!(c == 0x2d || (c >= 0x30 && c <= 0x39))) break;
      i++;
    }
    return "integer";
  }

  pushPath(segment: string): void {
    this.path.push(segment);
  }

  popPath(): void {
    this.path.pop();
  }

  // ---- low level ----------------------------------------------------------------------

  private peekByte(): u8 {
    return this.bytes[this.pos];
  }

  private skipWhitespace(): void {
    const b = this.bytes;
    while (this.pos < b.length) {
      const c = b[this.pos];
      if (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) return;
      this.pos++;
    }
  }

  /** The next non-space byte, or -1 at end of input. */
  peek(): i32 {
    this.skipWhitespace();
    return this.pos < this.bytes.length ? <i32>this.bytes[this.pos] : -1;
  }

  private consume(c: u8, what: string): bool {
    if (failed()) return false;
    if (this.peek() != <i32>c) {
      this.expected(what);
      return false;
    }
    this.pos++;
    return true;
  }

  private literal(word: string): bool {
    const n = word.length;
    if (this.pos + n > this.bytes.length) return false;
    for (let i = 0; i < n; i++) {
      if (<i32>this.bytes[this.pos + i] != word.charCodeAt(i)) return false;
    }
    this.pos += n;
    return true;
  }

  // ---- scalars ------------------------------------------------------------------------

  /** Consumes `null` if it is next; used for optional fields. */
  readNull(): bool {
    if (failed()) return false;
    if (this.peek() == 0x6e && this.literal("null")) return true;
    return false;
  }

  readBool(): bool {
    if (failed()) return false;
    const c = this.peek();
    if (c == 0x74 && this.literal("true")) return true;
    if (c == 0x66 && this.literal("false")) return false;
    this.expected("a boolean");
    return false;
  }

  /** A JSON string. Escapes, surrogate pairs and UTF-8 validity are checked. */
  readString(): string {
    if (failed()) return "";
    if (this.peek() != <i32>QUOTE) {
      this.expected("a string");
      return "";
    }
    this.pos++;
    const start = this.pos;
    const b = this.bytes;
    // Fast path: no escapes.
    while (this.pos < b.length) {
      const c = b[this.pos];
      if (c == QUOTE) {
        const s = this.decodeUtf8(start, this.pos);
        this.pos++;
        return s;
      }
      if (c == BACKSLASH) break;
      if (c < 0x20) {
        this.error("control character (\\u0000-\\u001F) found while parsing a string");
        return "";
      }
      this.pos++;
    }
    return this.readEscapedString(start);
  }

  private readEscapedString(start: i32): string {
    const b = this.bytes;
    let out = this.decodeUtf8(start, this.pos);
    let runStart = this.pos;
    while (!failed()) {
      if (this.pos >= b.length) {
        this.error("EOF while parsing a string");
        return "";
      }
      const c = b[this.pos];
      if (c == QUOTE) {
        out += this.decodeUtf8(runStart, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) {
        this.error("control character (\\u0000-\\u001F) found while parsing a string");
        return "";
      }
      if (c != BACKSLASH) {
        this.pos++;
        continue;
      }
      out += this.decodeUtf8(runStart, this.pos);
      this.pos++;
      out += this.readEscape();
      runStart = this.pos;
    }
    return "";
  }

  private readEscape(): string {
    if (this.pos >= this.bytes.length) {
      this.error("EOF while parsing a string");
      return "";
    }
    const e = this.bytes[this.pos++];
    switch (e) {
      case 0x22: return "\"";
      case 0x5c: return "\\";
      case 0x2f: return "/";
      case 0x62: return "\b";
      case 0x66: return "\f";
      case 0x6e: return "\n";
      case 0x72: return "\r";
      case 0x74: return "\t";
      case 0x75: return this.readUnicodeEscape();
    }
    this.error("invalid escape");
    return "";
  }

  private readUnicodeEscape(): string {
    const hi = this.readHex4();
    if (hi < 0) return "";
    if (hi >= 0xdc00 && hi <= 0xdfff) {
      this.error("lone leading surrogate in hex escape");
      return "";
    }
    if (hi < 0xd800 || hi > 0xdbff) return String.fromCharCode(hi);
    // A high surrogate must be followed by an escaped low surrogate.
    if (!this.literal("\\u")) {
      this.error("unexpected end of hex escape");
      return "";
    }
    const lo = this.readHex4();
    if (lo < 0) return "";
    if (lo < 0xdc00 || lo > 0xdfff) {
      this.error("lone leading surrogate in hex escape");
      return "";
    }
    return String.fromCharCodes([hi, lo]);
  }

  private readHex4(): i32 {
    if (this.pos + 4 > this.bytes.length) {
      this.error("EOF while parsing a string");
      return -1;
    }
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const d = hexValue(this.bytes[this.pos++]);
      if (d < 0) {
        this.error("invalid escape");
        return -1;
      }
      v = (v << 4) | d;
    }
    return v;
  }

  private decodeUtf8(from: i32, to: i32): string {
    if (!validUtf8(this.bytes, from, to)) {
      this.error("invalid unicode code point");
      return "";
    }
    return String.UTF8.decodeUnsafe(this.bytes.dataStart + <usize>from, <usize>(to - from));
  }

  /** A non-negative JSON integer no larger than `max` ("u64", "u32"... name the type). */
  readUnsigned(max: u64, typeName: string): u64 {
    if (failed()) return 0;
    const c = this.peek();
    if (c == 0x2d) {
      // A negative integer is a value error in serde, a negative float a type error.
      if (this.numberKind() == "integer") {
        this.error("invalid value: integer `" + this.numberText() + "`, expected " + typeName);
      } else {
        this.expected(typeName);
      }
      return 0;
    }
    if (c < 0x30 || c > 0x39 || this.numberKind() != "integer") {
      this.expected(typeName);
      return 0;
    }
    const start = this.pos;
    if (this.bytes[this.pos] == 0x30 && this.pos + 1 < this.bytes.length && isDigit(this.bytes[this.pos + 1])) {
      this.error("invalid number");
      return 0;
    }
    let v: u64 = 0;
    let overflow = false;
    while (this.pos < this.bytes.length && isDigit(this.bytes[this.pos])) {
      const d = <u64>(this.bytes[this.pos] - 0x30);
      if (v > (max - d) / 10) overflow = true;
      else v = v * 10 + d;
      this.pos++;
    }
    if (overflow) {
      this.error("invalid value: integer `" + this.decodeUtf8(start, this.pos) + "`, expected " + typeName);
      return 0;
    }
    return v;
  }

  readU64(): u64 {
    return this.readUnsigned(u64.MAX_VALUE, "u64");
  }

  readU32(): u32 {
    return <u32>this.readUnsigned(<u64>u32.MAX_VALUE, "u32");
  }

  readU16(): u16 {
    return <u16>this.readUnsigned(<u64>u16.MAX_VALUE, "u16");
  }

  readU8(): u8 {
    return <u8>this.readUnsigned(<u64>u8.MAX_VALUE, "u8");
  }

  private numberText(): string {
    let i = this.pos;
    while (i < this.bytes.length) {
      const c = this.bytes[i];
      if (!(c == 0x2d || c == 0x2b || c == 0x2e || c == 0x65 || c == 0x45 || isDigit(c))) break;
      i++;
    }
    return this.decodeUtf8(this.pos, i);
  }

  // ---- structure ----------------------------------------------------------------------

  /** Enters a JSON object read as a struct with the given fields ("name?" marks optional). */
  beginStruct(fields: string[]): StructReader {
    return this.openStruct(new StructReader(this, fields));
  }

  /** Like beginStruct, but unknown fields are skipped: for types the host sends (Env, Reply). */
  beginHostStruct(fields: string[]): StructReader {
    return this.openStruct(new StructReader(this, fields, true));
  }

  private openStruct(s: StructReader): StructReader {
    if (this.enter(LBRACE, "struct")) s.open = true;
    return s;
  }

  /** Enters a JSON object read as a map with arbitrary string keys. */
  beginMap(): MapReader {
    const m = new MapReader(this);
    if (this.enter(LBRACE, "a map")) m.open = true;
    return m;
  }

  /** Enters a JSON array. */
  beginArray(): ArrayReader {
    const a = new ArrayReader(this);
    if (this.enter(LBRACKET, "a sequence")) a.open = true;
    return a;
  }

  /**
   * Reads an externally tagged enum's tag: `"variant"` (unit variant) or `{"variant": …}`,
   * leaving the cursor on the variant's value; the caller reads it and calls `end()`.
   * `lenient` (another contract's response): an unknown variant is not an error; it is kept in
   * `variant` and the caller skips its value.
   */
  beginEnum(variants: string[], lenient: bool = false): EnumReader {
    const e = new EnumReader(this, variants, lenient);
    if (failed()) return e;
    const c = this.peek();
    if (c == <i32>QUOTE) {
      e.variant = this.readString();
      e.unit = true;
    } else if (c == <i32>LBRACE) {
      this.enter(LBRACE, "enum");
      if (this.peek() == <i32>RBRACE) {
        this.error("invalid type: map with no entries, expected enum " + this.typeName);
        return e;
      }
      e.variant = this.readString();
      this.consume(COLON, "`:`");
      e.open = true;
    } else {
      this.expected("enum");
      return e;
    }
    e.check();
    return e;
  }

  /** Enters `{` or `[` with the depth limit. */
  enter(open: u8, what: string): bool {
    if (failed()) return false;
    if (this.peek() != <i32>open) {
      this.expected(what);
      return false;
    }
    if (++this.depth > MAX_DEPTH) {
      this.error("recursion limit exceeded");
      return false;
    }
    this.pos++;
    return true;
  }

  /** After the first element, expects `,` or the closing byte; returns false at the close. */
  nextItem(first: bool, close: u8, what: string): bool {
    if (failed()) return false;
    const c = this.peek();
    if (c == <i32>close) {
      this.pos++;
      this.depth--;
      return false;
    }
    if (!first) {
      if (c != <i32>COMMA) {
        this.error(c < 0 ? "EOF while parsing " + what : "expected `,` or `" + String.fromCharCode(close) + "`");
        return false;
      }
      this.pos++;
      if (this.peek() == <i32>close) {
        this.error("trailing comma");
        return false;
      }
    } else if (c < 0) {
      this.error("EOF while parsing " + what);
      return false;
    }
    return true;
  }

  /** Reads a key and its colon. */
  readKey(): string {
    if (this.peek() != <i32>QUOTE) {
      this.error("key must be a string");
      return "";
    }
    const k = this.readString();
    this.consume(COLON, "`:`");
    return k;
  }

  closeObject(): void {
    if (failed()) return;
    if (this.peek() != <i32>RBRACE) {
      this.error(this.peek() < 0 ? "EOF while parsing an object" : "expected `}`");
      return;
    }
    this.pos++;
    this.depth--;
  }

  /** Skips any one JSON value, validating it. For ignored payloads only. */
  skipValue(): void {
    if (failed()) return;
    const c = this.peek();
    if (c == <i32>QUOTE) this.readString();
    else if (c == <i32>LBRACE) {
      const m = this.beginMap();
      while (m.next()) this.skipValue();
    } else if (c == <i32>LBRACKET) {
      const a = this.beginArray();
      while (a.next()) this.skipValue();
    } else if (c == 0x74 || c == 0x66) this.readBool();
    else if (c == 0x6e) {
      if (!this.literal("null")) this.error("expected value");
    } else if (c == 0x2d || (c >= 0x30 && c <= 0x39)) this.skipNumber();
    else this.error(c < 0 ? "EOF while parsing a value" : "expected value");
  }

  private skipNumber(): void {
    const text = this.numberText();
    if (!validNumber(text)) this.error("invalid number");
    this.pos += String.UTF8.byteLength(text);
  }

  /** Returns the raw bytes of the next JSON value (validated), e.g. for an opaque sub-message. */
  readRaw(): Uint8Array {
    this.skipWhitespace();
    const start = this.pos;
    this.skipValue();
    if (failed()) return new Uint8Array(0);
    return this.bytes.slice(start, this.pos);
  }

  /** Checks that only whitespace remains. */
  finish(): void {
    if (failed()) return;
    if (this.peek() >= 0) this.error("trailing characters");
  }
}

/** Reads the fields of a struct, enforcing deny_unknown_fields, duplicates and required fields. */
export class StructReader {
  open: bool = false;
  private seen: StaticArray<bool>;
  private current: i32 = -1;
  private first: bool = true;

  constructor(private r: JsonReader, private fields: string[], private ignoreUnknown: bool = false) {
    this.seen = new StaticArray<bool>(fields.length);
  }

  /** Advances to the next field; false at the end of the object (or on error). */
  next(): bool {
    if (this.current >= 0) this.r.popPath();
    this.current = -1;
    if (!this.open || failed()) return false;
    if (!this.r.nextItem(this.first, RBRACE, "an object")) {
      this.open = false;
      if (!failed()) this.checkRequired();
      return false;
    }
    this.first = false;
    const key = this.r.readKey();
    if (failed()) return false;
    const i = this.indexOf(key);
    if (i < 0) {
      if (this.ignoreUnknown) {
        // Host-provided types (Env, Reply) grow fields in newer VMs; serde ignores them too.
        this.r.pushPath(key);
        this.r.skipValue();
        this.r.popPath();
        return this.next();
      }
      this.r.error("unknown field `" + key + "`, " + this.expectedFields());
      return false;
    }
    if (this.seen[i]) {
      this.r.error("duplicate field `" + key + "`");
      return false;
    }
    this.seen[i] = true;
    this.current = i;
    this.r.pushPath(key);
    return true;
  }

  /** Whether the current field is `name`. */
  is(name: string): bool {
    return this.current >= 0 && fieldName(this.fields[this.current]) == name;
  }

  private indexOf(key: string): i32 {
    for (let i = 0; i < this.fields.length; i++) {
      if (fieldName(this.fields[i]) == key) return i;
    }
    return -1;
  }

  private checkRequired(): void {
    for (let i = 0; i < this.fields.length; i++) {
      const f = this.fields[i];
      if (!this.seen[i] && !f.endsWith("?")) {
        this.r.error("missing field `" + f + "`");
        return;
      }
    }
  }

  private expectedFields(): string {
    const n = this.fields.length;
    if (n == 0) return "there are no fields";
    if (n == 1) return "expected `" + fieldName(this.fields[0]) + "`";
    let s = "expected one of ";
    for (let i = 0; i < n; i++) {
      if (i > 0) s += ", ";
      s += "`" + fieldName(this.fields[i]) + "`";
    }
    return s;
  }
}

/** Reads the entries of a JSON object with arbitrary keys, rejecting duplicate keys. */
export class MapReader {
  open: bool = false;
  key: string = "";
  private keys: Set<string> = new Set<string>();
  private first: bool = true;
  private inEntry: bool = false;

  constructor(private r: JsonReader) {}

  next(): bool {
    if (this.inEntry) this.r.popPath();
    this.inEntry = false;
    if (!this.open || failed()) return false;
    if (!this.r.nextItem(this.first, RBRACE, "an object")) {
      this.open = false;
      return false;
    }
    this.first = false;
    this.key = this.r.readKey();
    if (failed()) return false;
    if (this.keys.has(this.key)) {
      this.r.error("duplicate key `" + this.key + "`");
      return false;
    }
    this.keys.add(this.key);
    this.r.pushPath(this.key);
    this.inEntry = true;
    return true;
  }
}

/** Reads the elements of a JSON array; the path carries the element index. */
export class ArrayReader {
  open: bool = false;
  index: i32 = -1;

  constructor(private r: JsonReader) {}

  next(): bool {
    if (this.index >= 0) this.r.popPath();
    if (!this.open || failed()) return false;
    if (!this.r.nextItem(this.index < 0, RBRACKET, "a list")) {
      this.open = false;
      this.index = -1;
      return false;
    }
    this.index++;
    this.r.pushPath(this.index.toString());
    return true;
  }
}

/** An externally tagged enum being read; see JsonReader.beginEnum. */
export class EnumReader {
  variant: string = "";
  /** True when the tag came as a bare string (a unit variant). */
  unit: bool = false;
  open: bool = false;

  constructor(private r: JsonReader, private variants: string[], private lenient: bool = false) {}

  check(): void {
    if (failed()) return;
    for (let i = 0; i < this.variants.length; i++) {
      if (this.variants[i] == this.variant) {
        this.r.pushPath(this.variant);
        return;
      }
    }
    if (this.lenient) {
      this.r.pushPath(this.variant);
      return;
    }
    let s = "unknown variant `" + this.variant + "`, expected ";
    if (this.variants.length == 1) s += "`" + this.variants[0] + "`";
    else {
      s += "one of ";
      for (let i = 0; i < this.variants.length; i++) {
        if (i > 0) s += ", ";
        s += "`" + this.variants[i] + "`";
      }
    }
    this.r.error(s);
  }

  /** Whether the variant is `name`. */
  is(name: string): bool {
    return !failed() && this.variant == name;
  }

  /**
   * For a unit variant: accepts `"name"` or `{"name": null}`, as serde does.
   * Call instead of reading a value.
   */
  unitValue(): void {
    if (this.open && !this.r.readNull()) this.r.error("invalid type: " + "value, expected unit variant");
  }

  /** For a variant with a value: rejects the bare-string form. */
  requireValue(): bool {
    if (failed()) return false;
    if (this.unit) {
      this.r.error("invalid type: unit variant, expected struct variant");
      return false;
    }
    return true;
  }

  /** Closes the wrapping object. */
  end(): void {
    if (failed()) return;
    this.r.popPath();
    if (this.open) this.r.closeObject();
  }
}

function fieldName(f: string): string {
  return f.endsWith("?") ? f.substring(0, f.length - 1) : f;
}

function isDigit(c: u8): bool {
  return c >= 0x30 && c <= 0x39;
}

function hexValue(c: u8): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** JSON number grammar: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? */
function validNumber(s: string): bool {
  let i = 0;
  const n = s.length;
  if (i < n && s.charCodeAt(i) == 0x2d) i++;
  if (i >= n) return false;
  if (s.charCodeAt(i) == 0x30) i++;
  else if (isDigit(<u8>s.charCodeAt(i))) while (i < n && isDigit(<u8>s.charCodeAt(i))) i++;
  else return false;
  if (i < n && s.charCodeAt(i) == 0x2e) {
    i++;
    const d = i;
    while (i < n && isDigit(<u8>s.charCodeAt(i))) i++;
    if (i == d) return false;
  }
  if (i < n && (s.charCodeAt(i) == 0x65 || s.charCodeAt(i) == 0x45)) {
    i++;
    if (i < n && (s.charCodeAt(i) == 0x2b || s.charCodeAt(i) == 0x2d)) i++;
    const d = i;
    while (i < n && isDigit(<u8>s.charCodeAt(i))) i++;
    if (i == d) return false;
  }
  return i == n;
}

/** Strict UTF-8 validation (no overlongs, no surrogates, ≤ U+10FFFF). */
export function validUtf8(b: Uint8Array, from: i32, to: i32): bool {
  let i = from;
  while (i < to) {
    const c = <u32>b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let min: u32 = 0;
    let cp: u32 = 0;
    if ((c & 0xe0) == 0xc0) { need = 1; min = 0x80; cp = c & 0x1f; }
    else if ((c & 0xf0) == 0xe0) { need = 2; min = 0x800; cp = c & 0x0f; }
    else if ((c & 0xf8) == 0xf0) { need = 3; min = 0x10000; cp = c & 0x07; }
    else return false;
    if (i + need >= to) return false;
    for (let k = 1; k <= need; k++) {
      const cc = <u32>b[i + k];
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}
