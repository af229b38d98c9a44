// The entry-point handlers of the RWA NFT contract (onInstantiate, …): decode, dispatch, encode; the wasm
// exports that call them are generated from ../messages.ts into entry.ts. The logic lives in
// execute.ts, query.ts and rules.ts; the storage layout in state.ts; the messages in msg.ts
// (generated from ../messages.ts).

import { compareSemver, migrateContractVersion, setContractVersion } from "@persistence-ts/std/cw2";
import { failed } from "@persistence-ts/std/error";
import { initializeOwner } from "@persistence-ts/std/ownership";
import { Key } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { nonpayable } from "@persistence-ts/std/types/coin";
import { Env, MessageInfo } from "@persistence-ts/std/types/env";
import { Response } from "@persistence-ts/std/types/response";
import { execute as executeMsg } from "./execute";
import { CONTRACT_NAME, CONTRACT_VERSION, Config, ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg } from "./msg";
import { migrateFrom010 } from "./migration";
import { query as queryMsg } from "./query";
import { validCollection } from "./rules";
import { CONFIG, MINTERS, NUM_TOKENS } from "./state";

export function onInstantiate(env: Env, info: MessageInfo, raw: Uint8Array): Response {
  const m = InstantiateMsg.decode(raw);
  nonpayable(info.funds);
  if (failed() || !validCollection(m.name, m.symbol)) return new Response();
  const owner = m.owner === null ? info.sender : Addr.validate(m.owner!);
  const officer = m.compliance_officer === null ? owner : Addr.validate(m.compliance_officer!);
  const minters = m.minters === null ? [owner.toString()] : m.minters!;
  const minterAddrs = new Array<Addr>();
  for (let i = 0; i < minters.length; i++) minterAddrs.push(Addr.validate(minters[i]));
  if (failed()) return new Response();
  setContractVersion(CONTRACT_NAME, CONTRACT_VERSION);
  initializeOwner(owner);
  const c = new Config();
  c.name = m.name;
  c.symbol = m.symbol;
  c.compliance_enabled = m.compliance_enabled !== null && m.compliance_enabled!.value;
  c.compliance_officer = officer;
  CONFIG.save(c);
  NUM_TOKENS.save(0);
  for (let i = 0; i < minterAddrs.length; i++) MINTERS.save(Key.addr(minterAddrs[i]), true);
  return new Response()
    .addAttribute("action", "instantiate")
    .addAttribute("owner", owner.toString())
    .addAttribute("minters", minters.length.toString());
}

export function onExecute(env: Env, info: MessageInfo, raw: Uint8Array): Response {
  const m = ExecuteMsg.decode(raw);
  nonpayable(info.funds);
  if (failed()) return new Response();
  return executeMsg(env, info, m);
}

export function onQuery(env: Env, raw: Uint8Array): Uint8Array {
  const m = QueryMsg.decode(raw);
  if (failed()) return new Uint8Array(0);
  return queryMsg(env, m);
}

export function onMigrate(env: Env, raw: Uint8Array): Response {
  MigrateMsg.decode(raw);
  if (failed()) return new Response();
  const from = migrateContractVersion(CONTRACT_NAME, CONTRACT_VERSION);
  if (failed()) return new Response();
  const res = new Response().addAttribute("action", "migrate").addAttribute("from_version", from).addAttribute("to_version", CONTRACT_VERSION);
  if (compareSemver(from, "0.2.0") < 0) migrateFrom010(res);
  return res;
}
