// Contract addresses as wasmd derives them (BuildContractAddressClassic): a 32-byte module
// address, sha256(sha256("module") ‖ "wasm" ‖ 0x00 ‖ u64be(code_id) ‖ u64be(instance_id)).

import { createHash } from "node:crypto";
import { bech32Encode } from "../vm/api";

function u64be(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

export function contractAddress(prefix: string, codeId: number, instanceId: number): string {
  const typ = createHash("sha256").update("module").digest();
  const key = Buffer.concat([Buffer.from("wasm"), Buffer.from([0]), u64be(codeId), u64be(instanceId)]);
  return bech32Encode(prefix, new Uint8Array(createHash("sha256").update(typ).update(key).digest()));
}

/** A module account: the first 20 bytes of sha256(name), as cosmos-sdk's authtypes.NewModuleAddress. */
export function moduleAddress(prefix: string, name: string): string {
  return bech32Encode(prefix, new Uint8Array(createHash("sha256").update(name).digest().subarray(0, 20)));
}
