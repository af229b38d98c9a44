// Env and MessageInfo as the VM sends them. Unknown fields are skipped: newer VMs add some.

import { JsonReader } from "../json/reader";
import { Addr } from "./addr";
import { Coin, readCoins } from "./coin";
import { Timestamp } from "./timestamp";

export class BlockInfo {
  height: u64 = 0;
  time: Timestamp = new Timestamp(0);
  chainId: string = "";
}

export class Env {
  block: BlockInfo = new BlockInfo();
  /** Index of the transaction in the block; -1 when the VM sends `null` (e.g. in sudo or queries). */
  transactionIndex: i64 = -1;
  contract: Addr = Addr.unchecked("");

  static read(r: JsonReader): Env {
    const env = new Env();
    const s = r.beginHostStruct(["block", "transaction?", "contract"]);
    while (s.next()) {
      if (s.is("block")) env.block = readBlock(r);
      else if (s.is("transaction")) {
        if (!r.readNull()) env.transactionIndex = readTransactionIndex(r);
      } else if (s.is("contract")) env.contract = readContractAddress(r);
    }
    return env;
  }
}

function readBlock(r: JsonReader): BlockInfo {
  const b = new BlockInfo();
  const s = r.beginHostStruct(["height", "time", "chain_id"]);
  while (s.next()) {
    if (s.is("height")) b.height = r.readU64();
    else if (s.is("time")) b.time = Timestamp.read(r);
    else if (s.is("chain_id")) b.chainId = r.readString();
  }
  return b;
}

function readTransactionIndex(r: JsonReader): i64 {
  let index: i64 = -1;
  const s = r.beginHostStruct(["index"]);
  while (s.next()) {
    if (s.is("index")) index = <i64>r.readU32();
  }
  return index;
}

function readContractAddress(r: JsonReader): Addr {
  let a = "";
  const s = r.beginHostStruct(["address"]);
  while (s.next()) {
    if (s.is("address")) a = r.readString();
  }
  return Addr.unchecked(a);
}

export class MessageInfo {
  sender: Addr = Addr.unchecked("");
  funds: Coin[] = [];

  static read(r: JsonReader): MessageInfo {
    const info = new MessageInfo();
    const s = r.beginHostStruct(["sender", "funds"]);
    while (s.next()) {
      if (s.is("sender")) info.sender = Addr.unchecked(r.readString());
      else if (s.is("funds")) info.funds = readCoins(r);
    }
    return info;
  }
}
