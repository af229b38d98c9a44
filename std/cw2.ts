// cw2: the contract name and version under raw key `contract_info`, written at instantiate and
// checked on migrate so a migration can neither switch contract types nor downgrade.

import { fail, failed } from "./error";
import { JsonReader } from "./json/reader";
import { JsonWriter } from "./json/writer";
import { Codec } from "./storage/codec";
import { Item } from "./storage/item";

export class ContractVersion {
  constructor(public contract: string, public version: string) {}
}

class ContractVersionCodec extends Codec<ContractVersion> {
  name(): string { return "cw2::ContractVersion"; }

  write(w: JsonWriter, v: ContractVersion): void {
    w.beginObject().stringField("contract", v.contract).stringField("version", v.version).endObject();
  }

  read(r: JsonReader): ContractVersion {
    const v = new ContractVersion("", "");
    const s = r.beginStruct(["contract", "version"]);
    while (s.next()) {
      if (s.is("contract")) v.contract = r.readString();
      else if (s.is("version")) v.version = r.readString();
    }
    return v;
  }
}

const CONTRACT_INFO = new Item<ContractVersion>("contract_info", new ContractVersionCodec());

export function setContractVersion(contract: string, version: string): void {
  CONTRACT_INFO.save(new ContractVersion(contract, version));
}

export function getContractVersion(): ContractVersion {
  return CONTRACT_INFO.load();
}

/**
 * Checks a migration to `version` of `contract` and records the new version.
 * Returns the version migrated from.
 */
export function migrateContractVersion(contract: string, version: string): string {
  const stored = CONTRACT_INFO.load();
  if (failed()) return "";
  if (stored.contract != contract) {
    fail("Cannot migrate from a different contract type: " + stored.contract + " to " + contract);
    return "";
  }
  const cmp = compareSemver(stored.version, version);
  if (failed()) return "";
  if (cmp > 0) {
    fail("Cannot migrate from newer version " + stored.version + " to older version " + version);
    return "";
  }
  setContractVersion(contract, version);
  return stored.version;
}

/** Compares `major.minor.patch` numerically (-1, 0, 1); fails on anything else. */
export function compareSemver(a: string, b: string): i32 {
  const pa = semverParts(a);
  const pb = semverParts(b);
  for (let i = 0; i < 3; i++) {
    if (pa[i] < pb[i]) return -1;
    if (pa[i] > pb[i]) return 1;
  }
  return 0;
}

function semverParts(v: string): u64[] {
  const parts = v.split(".");
  const out: u64[] = [0, 0, 0];
  if (parts.length != 3) {
    fail("Invalid version `" + v + "`: expected major.minor.patch");
    return out;
  }
  for (let i = 0; i < 3; i++) {
    const p = parts[i];
    if (p.length == 0 || p.length > 18) {
      fail("Invalid version `" + v + "`");
      return out;
    }
    let n: u64 = 0;
    for (let k = 0; k < p.length; k++) {
      const c = p.charCodeAt(k);
      if (c < 0x30 || c > 0x39) {
        fail("Invalid version `" + v + "`");
        return out;
      }
      n = n * 10 + <u64>(c - 0x30);
    }
    out[i] = n;
  }
  return out;
}
