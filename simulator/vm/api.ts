/**
 * Address API as wasmd 0.60 serves it to the VM (x/wasm/keeper/api.go over cosmos-sdk
 * AccAddressFromBech32 and cosmos/btcutil bech32), with the chain's exact error texts.
 * The contract receives these texts as error Regions.
 */
import { createHash } from "node:crypto";

import { DEFAULT_GAS_SCHEDULE } from "./gas";

export type ApiResult<T> = { ok: true; value: T; gas: number } | { ok: false; error: string; gas: number };

/** The backend API the host calls for addr_* imports. `gas` is VM gas charged for the call. */
export interface AddressApi {
  addrValidate(human: string): ApiResult<null>;
  addrCanonicalize(human: string): ApiResult<Uint8Array>;
  addrHumanize(canonical: Uint8Array): ApiResult<string>;
}

const CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const GENERATORS = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
/** cosmos-sdk types/bech32.DecodeAndConvert limit. */
const DECODE_LIMIT = 1023;
/** cosmos-sdk types/address.MaxAddrLen. */
const MAX_ADDR_LEN = 255;

function polymodStep(chk: number, value: number): number {
  const top = chk >>> 25;
  let next = ((chk & 0x1ffffff) << 5) ^ value;
  for (let i = 0; i < 5; i++) if ((top >>> i) & 1) next ^= GENERATORS[i];
  return next;
}

function polymod(hrp: string, values: number[]): number {
  let chk = 1;
  for (let i = 0; i < hrp.length; i++) chk = polymodStep(chk, hrp.charCodeAt(i) >> 5);
  chk = polymodStep(chk, 0);
  for (let i = 0; i < hrp.length; i++) chk = polymodStep(chk, hrp.charCodeAt(i) & 31);
  for (const v of values) chk = polymodStep(chk, v);
  return chk;
}

function checksumChars(hrp: string, data: number[]): string {
  const mod = polymod(hrp, [...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  let out = "";
  for (let i = 0; i < 6; i++) out += CHARSET[(mod >>> (5 * (5 - i))) & 31];
  return out;
}

/** btcutil bech32.ConvertBits. Returns an error text instead of throwing. */
function convertBits(data: ArrayLike<number>, from: number, to: number, pad: boolean): number[] | string {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  const mask = (1 << to) - 1;
  for (let i = 0; i < data.length; i++) {
    acc = (acc << from) | data[i];
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((acc >>> bits) & mask);
    }
    acc &= (1 << bits) - 1;
  }
  if (pad && bits > 0) out.push((acc << (to - bits)) & mask);
  else if (bits > 0 && (bits > 4 || acc !== 0)) return "invalid incomplete group";
  return out;
}

/** Go's `%c` of a byte: the byte read as a Latin-1 code point. */
const goChar = (byte: number): string => String.fromCharCode(byte);

/** btcutil bech32.Decode(bech, 1023) over the string's UTF-8 bytes (Go indexes bytes). */
function bech32DecodeRaw(input: string): { hrp: string; data: number[] } | string {
  const bytes = Buffer.from(input, "utf8");
  if (bytes.length > DECODE_LIMIT || bytes.length < 8) return `invalid bech32 string length ${bytes.length}`;
  let lower = false;
  let upper = false;
  for (const b of bytes) {
    if (b < 33 || b > 126) return `invalid character in string: '${goChar(b)}'`;
    lower ||= b >= 97 && b <= 122;
    upper ||= b >= 65 && b <= 90;
    if (lower && upper) return "string not all lowercase or all uppercase";
  }
  const bech = input.toLowerCase(); // all ASCII here
  const one = bech.lastIndexOf("1");
  if (one < 1 || one + 7 > bech.length) return `invalid separator index ${one}`;
  const hrp = bech.slice(0, one);
  const values: number[] = [];
  for (const c of bech.slice(one + 1)) {
    const v = CHARSET.indexOf(c);
    if (v < 0) return `invalid character not part of charset: ${c.charCodeAt(0)}`;
    values.push(v);
  }
  const data = values.slice(0, -6);
  if (polymod(hrp, values) !== 1) {
    return `invalid checksum (expected ${checksumChars(hrp, data)} got ${bech.slice(-6)})`;
  }
  return { hrp, data };
}

/** Decodes a bech32 string into prefix and data bytes; throws with the Go error text. */
export function bech32Decode(input: string): { prefix: string; data: Uint8Array } {
  const raw = bech32DecodeRaw(input);
  if (typeof raw === "string") throw new Error(`decoding bech32 failed: ${raw}`);
  const bytes = convertBits(raw.data, 5, 8, false);
  if (typeof bytes === "string") throw new Error(`decoding bech32 failed: ${bytes}`);
  return { prefix: raw.hrp, data: Uint8Array.from(bytes) };
}

export function bech32Encode(prefix: string, data: Uint8Array): string {
  const words = convertBits(data, 8, 5, true) as number[];
  const hrp = prefix.toLowerCase();
  return `${hrp}1${words.map((w) => CHARSET[w]).join("")}${checksumChars(hrp, words)}`;
}

/** cosmos-sdk VerifyAddressFormat with no custom verifier (persistenceCore sets none). */
function verifyAddressFormat(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return "addresses cannot be empty: unknown address";
  if (bytes.length > MAX_ADDR_LEN) return `address max length is ${MAX_ADDR_LEN}, got ${bytes.length}: unknown address`;
  return undefined;
}

export interface Bech32ApiOptions {
  prefix?: string;
  /** VM gas per SDK gas (wasmd DefaultGasMultiplier). */
  sdkMultiplier?: number;
}

/** Addresses remembered per Bech32Api: contracts check the same few again and again. */
const MEMO_CAPACITY = 4096;

/** A bounded memo of a pure function of a string (cleared when full). */
class Memo<V> {
  private readonly map = new Map<string, V>();

  get(key: string, compute: () => V): V {
    let v = this.map.get(key);
    if (v === undefined) {
      if (this.map.size >= MEMO_CAPACITY) this.map.clear();
      v = compute();
      this.map.set(key, v);
    }
    return v;
  }
}

export class Bech32Api implements AddressApi {
  readonly prefix: string;
  private readonly multiplier: number;
  /** Canonical bytes (never handed out: callers get copies) or the error, per human address. */
  private readonly canonical = new Memo<Uint8Array | string>();
  /** Whether each valid human address is in normal form (bech32 of its bytes). */
  private readonly normalized = new Memo<boolean>();
  /** Human address per canonical address (as latin-1). */
  private readonly human = new Memo<string>();

  constructor(options: Bech32ApiOptions = {}) {
    this.prefix = options.prefix ?? "persistence";
    this.multiplier = options.sdkMultiplier ?? DEFAULT_GAS_SCHEDULE.sdkMultiplier;
  }

  /** cosmos-sdk AccAddressFromBech32. */
  private accAddressFromBech32(human: string): Uint8Array | string {
    if (/^\p{White_Space}*$/u.test(human)) return "empty address string is not allowed";
    let decoded: { prefix: string; data: Uint8Array };
    try {
      decoded = bech32Decode(human);
    } catch (e) {
      return (e as Error).message;
    }
    if (decoded.prefix !== this.prefix) {
      return `invalid Bech32 prefix; expected ${this.prefix}, got ${decoded.prefix}`;
    }
    return verifyAddressFormat(decoded.data) ?? decoded.data;
  }

  addrCanonicalize(human: string): ApiResult<Uint8Array> {
    const gas = DEFAULT_GAS_SCHEDULE.addrCanonicalize * this.multiplier;
    const result = this.canonical.get(human, () => this.accAddressFromBech32(human));
    return typeof result === "string" ? { ok: false, error: result, gas } : { ok: true, value: result.slice(), gas };
  }

  addrValidate(human: string): ApiResult<null> {
    const canonical = this.addrCanonicalize(human);
    if (!canonical.ok) return canonical;
    const gas = DEFAULT_GAS_SCHEDULE.addrValidate * this.multiplier;
    const normal = this.normalized.get(human, () => bech32Encode(this.prefix, canonical.value) === human);
    if (!normal) return { ok: false, error: "address not normalized", gas };
    return { ok: true, value: null, gas };
  }

  addrHumanize(canonical: Uint8Array): ApiResult<string> {
    const gas = DEFAULT_GAS_SCHEDULE.addrHumanize * this.multiplier;
    const error = verifyAddressFormat(canonical);
    if (error !== undefined) return { ok: false, error, gas };
    const key = Buffer.from(canonical.buffer, canonical.byteOffset, canonical.byteLength).toString("latin1");
    return { ok: true, value: this.human.get(key, () => bech32Encode(this.prefix, canonical)), gas };
  }
}

/** A deterministic valid address for tests: bech32 of the first 20 bytes of sha256(seed). */
export function makeAddress(seed: string, prefix = "persistence"): string {
  const digest = createHash("sha256").update(seed, "utf8").digest();
  return bech32Encode(prefix, new Uint8Array(digest.subarray(0, 20)));
}
