/**
 * Signature checks with cosmwasm-crypto 2.2 result codes: 0 valid, 1 invalid, else a
 * CryptoError code. Imports must be synchronous, so secp256k1 uses @cosmjs/crypto's sync
 * Secp256k1 and ed25519 uses node:crypto (OpenSSL, RFC 8032; the VM uses ed25519-zebra, whose
 * ZIP-215 rules only differ on crafted edge-case encodings).
 */
import { createPublicKey, verify as nodeVerify } from "node:crypto";

import { ExtendedSecp256k1Signature, Secp256k1, Secp256k1Signature } from "@cosmjs/crypto";

/** cosmwasm-crypto CryptoError::code values. */
export const CryptoCode = {
  valid: 0,
  invalid: 1,
  invalidHashFormat: 3,
  invalidSignatureFormat: 4,
  invalidPubkeyFormat: 5,
  invalidRecoveryParam: 6,
  batchErr: 7,
  genericErr: 10,
} as const;

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

function toBigInt(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).toString("hex") || "0"}`);
}

/** k256 Signature::from_bytes accepts 1 <= r, s < n. */
function scalarsInRange(signature: Uint8Array): boolean {
  const r = toBigInt(signature.subarray(0, 32));
  const s = toBigInt(signature.subarray(32, 64));
  return r > 0n && r < SECP256K1_N && s > 0n && s < SECP256K1_N;
}

/** SEC1 prefix and length check of cosmwasm-crypto's check_pubkey. */
function pubkeyFormatOk(pubkey: Uint8Array): boolean {
  if (pubkey[0] === 0x02 || pubkey[0] === 0x03) return pubkey.length === 33;
  return pubkey[0] === 0x04 && pubkey.length === 65;
}

function pointValid(pubkey: Uint8Array): boolean {
  try {
    Secp256k1.uncompressPubkey(pubkey);
    return true;
  } catch {
    return false;
  }
}

export function secp256k1Verify(hash: Uint8Array, signature: Uint8Array, pubkey: Uint8Array): number {
  if (hash.length !== 32) return CryptoCode.invalidHashFormat;
  if (signature.length !== 64) return CryptoCode.invalidSignatureFormat;
  if (!pubkeyFormatOk(pubkey)) return CryptoCode.invalidPubkeyFormat;
  if (!scalarsInRange(signature) || !pointValid(pubkey)) return CryptoCode.genericErr;
  // High-S is accepted: the VM normalizes s before verifying.
  const valid = Secp256k1.verifySignature(Secp256k1Signature.fromFixedLength(signature), hash, pubkey);
  return valid ? CryptoCode.valid : CryptoCode.invalid;
}

export type RecoverResult = { pubkey: Uint8Array } | { code: number };

/** Returns the uncompressed (65 byte) public key, as cosmwasm-crypto does. */
export function secp256k1RecoverPubkey(hash: Uint8Array, signature: Uint8Array, param: number): RecoverResult {
  if (hash.length !== 32) return { code: CryptoCode.invalidHashFormat };
  if (signature.length !== 64) return { code: CryptoCode.invalidSignatureFormat };
  if (param !== 0 && param !== 1) return { code: CryptoCode.invalidRecoveryParam };
  if (!scalarsInRange(signature)) return { code: CryptoCode.genericErr };
  try {
    const full = new Uint8Array(65);
    full.set(signature);
    full[64] = param;
    return { pubkey: Secp256k1.recoverPubkey(ExtendedSecp256k1Signature.fromFixedLength(full), hash) };
  } catch {
    return { code: CryptoCode.genericErr };
  }
}

const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

function ed25519Check(message: Uint8Array, signature: Uint8Array, pubkey: Uint8Array): boolean {
  try {
    const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, pubkey]), format: "der", type: "spki" });
    return nodeVerify(null, message, key, signature);
  } catch {
    return false; // not a curve point: zebra's VerificationKey::try_from fails, i.e. invalid
  }
}

export function ed25519Verify(message: Uint8Array, signature: Uint8Array, pubkey: Uint8Array): number {
  if (signature.length !== 64) return CryptoCode.invalidSignatureFormat;
  if (pubkey.length !== 32) return CryptoCode.invalidPubkeyFormat;
  return ed25519Check(message, signature, pubkey) ? CryptoCode.valid : CryptoCode.invalid;
}

/** cosmwasm-crypto ed25519_batch_verify, including its one-message and one-key broadcasting. */
export function ed25519BatchVerify(messages: Uint8Array[], signatures: Uint8Array[], pubkeys: Uint8Array[]): number {
  const n = signatures.length;
  let msgs = messages;
  let keys = pubkeys;
  if (messages.length === n && pubkeys.length === n) {
    // one triple per signature
  } else if (messages.length === 1 && pubkeys.length === n) msgs = Array<Uint8Array>(n).fill(messages[0]);
  else if (pubkeys.length === 1 && messages.length === n) keys = Array<Uint8Array>(n).fill(pubkeys[0]);
  else return CryptoCode.batchErr;
  for (let i = 0; i < n; i++) {
    if (signatures[i].length !== 64) return CryptoCode.invalidSignatureFormat;
    if (keys[i].length !== 32) return CryptoCode.invalidPubkeyFormat;
  }
  for (let i = 0; i < n; i++) if (!ed25519Check(msgs[i], signatures[i], keys[i])) return CryptoCode.invalid;
  return CryptoCode.valid;
}
