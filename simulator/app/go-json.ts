// JSON as Go's encoding/json writes it, for messages wasmd builds in Go and hands to a contract
// (a reply: wasmvm v2.2.4 lib_libwasmvm.go Reply json.Marshal). The bytes matter: the contract
// parses them with metered code. Differences from JSON.stringify (encoding/json encode.go
// appendString): `<`, `>` and `&` are escaped as \u003c, \u003e, \u0026 (HTML-safe by default),
// U+2028 and U+2029 as \u2028 and \u2029, control characters other than \b, \f, \n, \r and \t as
// \u00XX (lower-case hex), and an unpaired surrogate becomes U+FFFD (Go's json.Unmarshal of the
// contract's output already made it one). Checked against go1.24.6 src/encoding/json/encode.go.
// Keys are written in the order of the object, as Go writes struct fields in declaration order.

const HEX = "0123456789abcdef";

/** Characters Go writes differently from themselves (or that need a look at their neighbour). */
const SPECIAL = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;

function goString(s: string): string {
  if (!SPECIAL.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += "\\\\";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c === 0x08) out += "\\b";
    else if (c === 0x0c) out += "\\f";
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26) out += `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
    else if (c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16)}`;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += s[i] + s[i + 1];
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) out += "\ufffd";
    else out += s[i];
  }
  return out + '"';
}

/** Go's json.Marshal of plain data (strings, safe integers, booleans, null, arrays, objects). */
export function goJson(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return goString(value);
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new Error(`goJson: not a safe integer: ${value}`);
    return String(value);
  }
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(goJson).join(",")}]`;
  if (typeof value === "object") {
    const fields = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${fields.map(([k, v]) => `${goString(k)}:${goJson(v)}`).join(",")}}`;
  }
  throw new Error(`goJson: cannot encode ${typeof value}`);
}
