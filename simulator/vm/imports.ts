/**
 * The `env` imports of cosmwasm-vm 2.2 (packages/vm/src/imports.rs, instance.rs), for one call.
 * Every function charges the host call cost first, reads Regions with the VM's limits, and
 * fails with the VM's error text; errors thrown here become wasmer RuntimeErrors at the caller.
 */
import type { CallContext } from "./context";
import * as crypto from "./crypto";
import { VmError, vmErrors } from "./errors";
import { GasPoints, GasSchedule, chargeGas, kvCost, linearCost, readRegionCost } from "./gas";
import { readRegion } from "./memory";
import type { KvRecord, Order } from "./storage";

const KI = 1024;
const MI = 1024 * KI;

/** imports.rs constants. */
export const LIMITS = {
  dbKey: 64 * KI,
  dbValue: 128 * KI,
  canonicalAddress: 64,
  humanAddress: 256,
  queryChainRequest: 64 * KI,
  ed25519Signature: 64,
  ed25519Message: 128 * KI,
  ed25519BatchCount: 256,
  ed25519Pubkey: 32,
  messageHash: 32,
  ecdsaSignature: 64,
  ecdsaPubkey: 65,
  debug: 2 * MI,
  abort: 2 * MI,
  /** wasmvm internal/api/callbacks.go frameLenLimit. */
  iteratorsPerCall: 32768,
} as const;

/** The import names and signatures the VM provides; anything else fails at instantiation. */
export const IMPORT_SIGNATURES: Readonly<Record<string, { params: number; result?: "I32" | "I64" }>> = {
  db_read: { params: 1, result: "I32" },
  db_write: { params: 2 },
  db_remove: { params: 1 },
  addr_validate: { params: 1, result: "I32" },
  addr_canonicalize: { params: 2, result: "I32" },
  addr_humanize: { params: 2, result: "I32" },
  bls12_381_aggregate_g1: { params: 2, result: "I32" },
  bls12_381_aggregate_g2: { params: 2, result: "I32" },
  bls12_381_pairing_equality: { params: 4, result: "I32" },
  bls12_381_hash_to_g1: { params: 4, result: "I32" },
  bls12_381_hash_to_g2: { params: 4, result: "I32" },
  secp256k1_verify: { params: 3, result: "I32" },
  secp256k1_recover_pubkey: { params: 3, result: "I64" },
  secp256r1_verify: { params: 3, result: "I32" },
  secp256r1_recover_pubkey: { params: 3, result: "I64" },
  ed25519_verify: { params: 3, result: "I32" },
  ed25519_batch_verify: { params: 3, result: "I32" },
  debug: { params: 1 },
  abort: { params: 1 },
  query_chain: { params: 1, result: "I32" },
  db_scan: { params: 3, result: "I32" },
  db_next: { params: 1, result: "I32" },
  db_next_key: { params: 1, result: "I32" },
  db_next_value: { params: 1, result: "I32" },
};

const UNSUPPORTED = [
  "bls12_381_aggregate_g1",
  "bls12_381_aggregate_g2",
  "bls12_381_pairing_equality",
  "bls12_381_hash_to_g1",
  "bls12_381_hash_to_g2",
  "secp256r1_verify",
  "secp256r1_recover_pubkey",
];

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lossyUtf8 = new TextDecoder("utf-8", { ignoreBOM: true });
const utf8 = new TextEncoder();

/** sections.rs encode_sections: each section followed by its u32 big-endian length. */
export function encodeSections(sections: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(sections.reduce((n, s) => n + s.length + 4, 0));
  const view = new DataView(out.buffer);
  let pos = 0;
  for (const s of sections) {
    out.set(s, pos);
    view.setUint32(pos + s.length, s.length, false);
    pos += s.length + 4;
  }
  return out;
}

/** sections.rs decode_sections, reading lengths from the end. */
export function decodeSections(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let remaining = data.length;
  while (remaining >= 4) {
    const len = view.getUint32(remaining - 4, false);
    const start = remaining - 4 - len;
    if (start < 0) throw vmErrors.invalidSection("section length overflow");
    out.push(data.slice(start, remaining - 4));
    remaining = start;
  }
  if (remaining > 0) throw vmErrors.invalidSection("extra data outside of any section");
  return out.reverse();
}

/** An open db_scan iterator with one record of lookahead, like an SDK iterator's current item. */
interface ScanIterator {
  source: Iterator<KvRecord>;
  head: IteratorResult<KvRecord>;
}

/** What the imports need from the running instance. */
export interface InstanceHandle {
  /** The contract's memory as it sees it (bytes 0 to its size); a new view after any growth. */
  memory(): Uint8Array;
  /** writeRegion into the contract's memory (the instance keeps track of what the host wrote). */
  write(ptr: number, data: Uint8Array): void;
  /** Calls the contract's `allocate` export and returns the Region pointer. */
  allocate(size: number): number;
  /** The instance's gas counter, shared with operator metering. */
  gas(): GasPoints;
}

/** State of one contract call: gas, debug output, iterators. */
export class CallState {
  readonly debug: string[] = [];
  private readonly iterators: ScanIterator[] = [];

  constructor(
    readonly ctx: CallContext,
    readonly readOnly: boolean,
    readonly schedule: GasSchedule,
    private readonly instance: InstanceHandle,
  ) {}

  /** Takes host function gas from the instance's counter, as process_gas_info does. */
  charge(amount: number): void {
    chargeGas(this.instance.gas(), amount);
  }

  /** The flat cost every host function pays first. */
  chargeHostCall(): void {
    this.charge(this.schedule.hostCall);
  }

  denyIfReadonly(): void {
    if (this.readOnly) throw vmErrors.writeAccessDenied();
  }

  read(ptr: number, maxLength: number, tooBig?: (length: number, max: number) => VmError): Uint8Array {
    const beforeRead = (len: number) => this.charge(readRegionCost(this.schedule, len));
    return readRegion(this.instance.memory(), ptr >>> 0, maxLength, { beforeRead, tooBig });
  }

  maybeRead(ptr: number, maxLength: number): Uint8Array | undefined {
    return ptr === 0 ? undefined : this.read(ptr, maxLength);
  }

  /** imports.rs write_to_contract: a fresh Region from the contract's allocator. */
  writeToContract(data: Uint8Array): number {
    const ptr = this.instance.allocate(data.length);
    if (ptr === 0) throw vmErrors.zeroAddress();
    this.instance.write(ptr, data);
    return ptr;
  }

  writeInto(ptr: number, data: Uint8Array): void {
    this.instance.write(ptr >>> 0, data);
  }

  keyLen(key: Uint8Array): number {
    return key.length + (this.ctx.storageKeyPrefixLength ?? 0);
  }

  openIterator(start: Uint8Array | undefined, end: Uint8Array | undefined, order: Order): number {
    if (this.iterators.length >= LIMITS.iteratorsPerCall) {
      throw vmErrors.backendUser("limit", `Reached iterator limit (${LIMITS.iteratorsPerCall})`);
    }
    const source = this.ctx.storage.range(start, end, order);
    const head = source.next();
    this.chargeSeek(head);
    this.iterators.push({ source, head });
    return this.iterators.length - 1;
  }

  /** The next record of iterator `id`, or undefined at the end. */
  advance(id: number): KvRecord | undefined {
    const it = this.iterators[id];
    if (!it) throw vmErrors.iteratorDoesNotExist(id);
    if (it.head.done) return undefined; // wasmvm: no-op at the end, no KV gas
    const record = it.head.value;
    this.chargeSeek(it.head);
    it.head = it.source.next();
    return record;
  }

  private chargeSeek(head: IteratorResult<KvRecord>): void {
    const item: [number, number] | undefined = head.done ? undefined : [this.keyLen(head.value[0]), head.value[1].length];
    this.charge(kvCost.seek(this.schedule, item));
  }
}

type HostFn = (...args: number[]) => number | bigint | void;
/** A host function written against the state of the call it runs in. */
type StateFn = (s: CallState, ...args: number[]) => number | bigint | void;

/** Reads a Region for a storage write; a too long key or value gets do_db_write's own text. */
function readForWrite(s: CallState, ptr: number, max: number, what: "Key" | "Value"): Uint8Array {
  return s.read(ptr, max, (length) =>
    vmErrors.generic("limit", `${what} too big. Tried to write ${length} bytes to storage, limit is ${max}.`),
  );
}

const STORAGE_IMPORTS: Record<string, StateFn> = {
  db_read(s, keyPtr) {
    s.chargeHostCall();
    const key = s.read(keyPtr, LIMITS.dbKey);
    const value = s.ctx.storage.get(key);
    s.charge(kvCost.get(s.schedule, s.keyLen(key), value?.length ?? 0));
    return value === undefined ? 0 : s.writeToContract(value);
  },
  db_write(s, keyPtr, valuePtr) {
    s.chargeHostCall();
    s.denyIfReadonly();
    const key = readForWrite(s, keyPtr, LIMITS.dbKey, "Key");
    const value = readForWrite(s, valuePtr, LIMITS.dbValue, "Value");
    s.charge(kvCost.set(s.schedule, s.keyLen(key), value.length));
    s.ctx.storage.set(key, value);
  },
  db_remove(s, keyPtr) {
    s.chargeHostCall();
    s.denyIfReadonly();
    const key = s.read(keyPtr, LIMITS.dbKey);
    s.charge(kvCost.remove(s.schedule));
    s.ctx.storage.remove(key);
  },
  db_scan(s, startPtr, endPtr, order) {
    s.chargeHostCall();
    const start = s.maybeRead(startPtr, LIMITS.dbKey);
    const end = s.maybeRead(endPtr, LIMITS.dbKey);
    if (order !== 1 && order !== 2) throw vmErrors.invalidOrder(order);
    return s.openIterator(start, end, order === 1 ? "ascending" : "descending");
  },
  db_next(s, id) {
    s.chargeHostCall();
    const record = s.advance(id >>> 0);
    const empty = new Uint8Array(0);
    return s.writeToContract(encodeSections(record ?? [empty, empty]));
  },
  db_next_key(s, id) {
    s.chargeHostCall();
    const record = s.advance(id >>> 0);
    return record ? s.writeToContract(record[0]) : 0;
  },
  db_next_value(s, id) {
    s.chargeHostCall();
    const record = s.advance(id >>> 0);
    return record ? s.writeToContract(record[1]) : 0;
  },
};

/** Reads a human address input: returns the string, or an error Region pointer as the VM does. */
function readHumanInput(s: CallState, ptr: number): string | number {
  const data = s.read(ptr, LIMITS.humanAddress);
  if (data.length === 0) return s.writeToContract(utf8.encode("Input is empty"));
  s.charge(linearCost(s.schedule.stringFromBytes, data.length));
  try {
    return strictUtf8.decode(data);
  } catch {
    return s.writeToContract(utf8.encode("Input is not valid UTF-8"));
  }
}

const userError = (s: CallState, error: string) => s.writeToContract(utf8.encode(error));

const ADDRESS_IMPORTS: Record<string, StateFn> = {
  addr_validate(s, srcPtr) {
    s.chargeHostCall();
    const human = readHumanInput(s, srcPtr);
    if (typeof human === "number") return human;
    const result = s.ctx.api.addrValidate(human);
    s.charge(result.gas);
    return result.ok ? 0 : userError(s, result.error);
  },
  addr_canonicalize(s, srcPtr, dstPtr) {
    s.chargeHostCall();
    const human = readHumanInput(s, srcPtr);
    if (typeof human === "number") return human;
    const result = s.ctx.api.addrCanonicalize(human);
    s.charge(result.gas);
    if (!result.ok) return userError(s, result.error);
    s.writeInto(dstPtr, result.value);
    return 0;
  },
  addr_humanize(s, srcPtr, dstPtr) {
    s.chargeHostCall();
    const canonical = s.read(srcPtr, LIMITS.canonicalAddress);
    const result = s.ctx.api.addrHumanize(canonical);
    s.charge(result.gas);
    if (!result.ok) return userError(s, result.error);
    s.writeInto(dstPtr, utf8.encode(result.value));
    return 0;
  },
};

const toHighHalf = (code: number): bigint => BigInt(code) << 32n;

const CRYPTO_IMPORTS: Record<string, StateFn> = {
  secp256k1_verify(s, hashPtr, sigPtr, pubkeyPtr) {
    s.chargeHostCall();
    const hash = s.read(hashPtr, LIMITS.messageHash);
    const sig = s.read(sigPtr, LIMITS.ecdsaSignature);
    const pubkey = s.read(pubkeyPtr, LIMITS.ecdsaPubkey);
    s.charge(s.schedule.secp256k1Verify);
    return crypto.secp256k1Verify(hash, sig, pubkey);
  },
  secp256k1_recover_pubkey(s, hashPtr, sigPtr, param) {
    s.chargeHostCall();
    const hash = s.read(hashPtr, LIMITS.messageHash);
    const sig = s.read(sigPtr, LIMITS.ecdsaSignature);
    if (param >>> 0 > 255) return toHighHalf(crypto.CryptoCode.invalidRecoveryParam); // before gas, as the VM
    s.charge(s.schedule.secp256k1RecoverPubkey);
    const result = crypto.secp256k1RecoverPubkey(hash, sig, param >>> 0);
    return "code" in result ? toHighHalf(result.code) : BigInt(s.writeToContract(result.pubkey));
  },
  ed25519_verify(s, msgPtr, sigPtr, pubkeyPtr) {
    s.chargeHostCall();
    const message = s.read(msgPtr, LIMITS.ed25519Message);
    const sig = s.read(sigPtr, LIMITS.ed25519Signature);
    const pubkey = s.read(pubkeyPtr, LIMITS.ed25519Pubkey);
    s.charge(s.schedule.ed25519Verify);
    return crypto.ed25519Verify(message, sig, pubkey);
  },
  ed25519_batch_verify(s, msgsPtr, sigsPtr, pubkeysPtr) {
    s.chargeHostCall();
    const n = LIMITS.ed25519BatchCount;
    const messages = decodeSections(s.read(msgsPtr, (LIMITS.ed25519Message + 4) * n));
    const sigs = decodeSections(s.read(sigsPtr, (LIMITS.ed25519Signature + 4) * n));
    const pubkeys = decodeSections(s.read(pubkeysPtr, (LIMITS.ed25519Pubkey + 4) * n));
    const cost = pubkeys.length === 1 ? s.schedule.ed25519BatchVerifyOnePubkey : s.schedule.ed25519BatchVerify;
    s.charge(linearCost(cost, sigs.length));
    return crypto.ed25519BatchVerify(messages, sigs, pubkeys);
  },
};

const MISC_IMPORTS: Record<string, StateFn> = {
  debug(s, msgPtr) {
    s.chargeHostCall();
    s.debug.push(lossyUtf8.decode(s.read(msgPtr, LIMITS.debug)));
  },
  abort(s, msgPtr) {
    s.chargeHostCall();
    const data = s.read(msgPtr, LIMITS.abort);
    s.charge(linearCost(s.schedule.stringFromBytes, data.length));
    throw vmErrors.aborted(lossyUtf8.decode(data));
  },
  query_chain(s, requestPtr) {
    s.chargeHostCall();
    const request = s.read(requestPtr, LIMITS.queryChainRequest);
    return s.writeToContract(s.ctx.querier(request));
  },
};

const UNSUPPORTED_IMPORTS: Record<string, StateFn> = Object.fromEntries(
  UNSUPPORTED.map((name): [string, StateFn] => [
    name,
    (s) => {
      s.chargeHostCall();
      throw vmErrors.unsupported(name);
    },
  ]),
);

const HOST_FUNCTIONS: Record<string, StateFn> = {
  ...STORAGE_IMPORTS,
  ...ADDRESS_IMPORTS,
  ...CRYPTO_IMPORTS,
  ...MISC_IMPORTS,
  ...UNSUPPORTED_IMPORTS,
};

/**
 * `fn` as an import taking exactly `params` arguments: V8 calls a JS import whose declared
 * arity matches the wasm signature without an arguments adaptor.
 */
function withArity(fn: StateFn, params: number, active: () => CallState): HostFn {
  switch (params) {
    case 1:
      return (a) => fn(active(), a);
    case 2:
      return (a, b) => fn(active(), a, b);
    case 3:
      return (a, b, c) => fn(active(), a, b, c);
    default:
      return (a, b, c, d) => fn(active(), a, b, c, d);
  }
}

/**
 * The `env` namespace, built once and shared by every instance: each function runs against
 * the call `active()` returns. Calls nest strictly (an import that calls into another contract
 * waits for it), so the active call is the one whose instance is executing, as long as the
 * host sets it for the length of each call and restores the outer one after. Sharing the
 * functions spares building ~25 closures per call and makes instantiation cheaper.
 */
export function envImports(active: () => CallState): Record<string, HostFn> {
  const env: Record<string, HostFn> = {};
  for (const [name, fn] of Object.entries(HOST_FUNCTIONS)) env[name] = withArity(fn, IMPORT_SIGNATURES[name].params, active);
  return env;
}
