// Binary encodings used on the wire: base64 (cosmwasm-std `Binary`, standard alphabet with
// padding, strict like the Rust `base64` STANDARD engine) and lowercase hex.

import { fail } from "./error";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const PAD: u8 = 0x3d; // '='

export function base64Encode(data: Uint8Array): string {
  const n = data.length;
  const out = new Uint8Array(((n + 2) / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (<u32>data[i] << 16) | (<u32>data[i + 1] << 8) | <u32>data[i + 2];
    out[o++] = <u8>B64.charCodeAt(v >> 18);
    out[o++] = <u8>B64.charCodeAt((v >> 12) & 63);
    out[o++] = <u8>B64.charCodeAt((v >> 6) & 63);
    out[o++] = <u8>B64.charCodeAt(v & 63);
  }
  if (i < n) {
    const two = i + 1 < n;
    const v = (<u32>data[i] << 16) | (two ? <u32>data[i + 1] << 8 : 0);
    out[o++] = <u8>B64.charCodeAt(v >> 18);
    out[o++] = <u8>B64.charCodeAt((v >> 12) & 63);
    out[o++] = two ? <u8>B64.charCodeAt((v >> 6) & 63) : PAD;
    out[o++] = PAD;
  }
  return String.UTF8.decodeUnsafe(out.dataStart, <usize>out.length);
}

function b64Value(c: i32): i32 {
  if (c >= 0x41 && c <= 0x5a) return c - 0x41;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 26;
  if (c >= 0x30 && c <= 0x39) return c - 0x30 + 52;
  if (c == 0x2b) return 62;
  if (c == 0x2f) return 63;
  return -1;
}

/** Strict decode: length a multiple of 4, padding only at the end, no non-zero trailing bits. */
export function base64Decode(s: string): Uint8Array {
  const n = s.length;
  if (n % 4 != 0) return invalidBase64(s);
  let pad = 0;
  if (n > 0 && s.charCodeAt(n - 1) == PAD) pad++;
  if (n > 1 && s.charCodeAt(n - 2) == PAD) pad++;
  const out = new Uint8Array((n / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < n; i += 4) {
    const last = i + 4 == n;
    let v: u32 = 0;
    for (let k = 0; k < 4; k++) {
      const c = s.charCodeAt(i + k);
      let d = b64Value(c);
      if (d < 0) {
        if (!(last && c == PAD && k >= 4 - pad)) return invalidBase64(s);
        d = 0;
      }
      v = (v << 6) | <u32>d;
    }
    if (last && pad > 0 && (v & (pad == 1 ? 0xff : 0xffff)) != 0) return invalidBase64(s);
    out[o++] = <u8>(v >> 16);
    if (o < out.length) out[o++] = <u8>(v >> 8);
    if (o < out.length) out[o++] = <u8>v;
  }
  return out;
}

function invalidBase64(s: string): Uint8Array {
  fail("Invalid Base64 string: " + s);
  return new Uint8Array(0);
}

/** Whether `s` is exactly `chars` lowercase hex digits (e.g. 64 for a sha256 digest). */
export function isLowerHex(s: string, chars: i32): bool {
  if (s.length != chars) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/** UTF-8 bytes of a string. */
export function utf8(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

/** A string from UTF-8 bytes (the bytes are trusted to be valid UTF-8). */
export function fromUtf8(b: Uint8Array): string {
  return String.UTF8.decodeUnsafe(b.dataStart, <usize>b.length);
}
