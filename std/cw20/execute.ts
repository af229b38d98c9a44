// cw20 execute handlers with cw20-base 1.0's rules, attributes and error texts. Each validates
// everything before it writes, and returns the Response (empty when an error was recorded).

import { fail, failed } from "../error";
import { JsonWriter } from "../json/writer";
import { Uint128 } from "../math/uint128";
import { Key } from "../storage/key";
import { Addr } from "../types/addr";
import { CosmosMsg, WasmExecute } from "../types/cosmos_msg";
import { BlockInfo } from "../types/env";
import { Expiration } from "../types/expiration";
import { Response } from "../types/response";
import { AllowanceResponse, Cw20ReceiveMsg } from "./msg";
import { ALLOWANCES, TOKEN_INFO } from "./state";
import { UNAUTHORIZED, burnTokens, mintTokens, moveTokens, nonZero } from "./token";

export function transfer(sender: Addr, recipient: string, amount: Uint128): Response {
  if (!nonZero(amount)) return new Response();
  const to = Addr.validate(recipient);
  if (failed()) return new Response();
  moveTokens(sender, to, amount);
  return new Response()
    .addAttribute("action", "transfer")
    .addAttribute("from", sender.toString())
    .addAttribute("to", recipient)
    .addAttribute("amount", amount.toString());
}

export function burn(sender: Addr, amount: Uint128): Response {
  if (!nonZero(amount)) return new Response();
  burnTokens(sender, amount);
  return new Response().addAttribute("action", "burn").addAttribute("from", sender.toString()).addAttribute("amount", amount.toString());
}

export function send(sender: Addr, contract: string, amount: Uint128, msg: Uint8Array): Response {
  if (!nonZero(amount)) return new Response();
  const to = Addr.validate(contract);
  if (failed()) return new Response();
  moveTokens(sender, to, amount);
  return new Response()
    .addAttribute("action", "send")
    .addAttribute("from", sender.toString())
    .addAttribute("to", contract)
    .addAttribute("amount", amount.toString())
    .addMessage(receiveHook(contract, sender.toString(), amount, msg));
}

/** Mints for `recipient` when `sender` is the token's minter. */
export function mint(sender: Addr, recipient: string, amount: Uint128): Response {
  if (!nonZero(amount)) return new Response();
  const m = TOKEN_INFO.load().mint;
  if (m === null || m.minter != sender.toString()) fail(UNAUTHORIZED);
  const to = Addr.validate(recipient);
  if (failed()) return new Response();
  mintTokens(to, amount);
  return new Response().addAttribute("action", "mint").addAttribute("to", recipient).addAttribute("amount", amount.toString());
}

/** `{"receive":{sender, amount, msg}}` executed on `contract`. */
export function receiveHook(contract: string, sender: string, amount: Uint128, msg: Uint8Array): CosmosMsg {
  const hook = new Cw20ReceiveMsg();
  hook.sender = sender;
  hook.amount = amount;
  hook.msg = msg;
  const w = new JsonWriter();
  w.beginObject().key("receive");
  hook.write(w);
  w.endObject();
  return new WasmExecute(contract, w.toBytes());
}

// ---- allowances -----------------------------------------------------------------------

function allowanceKey(owner: Addr, spender: Addr): Key {
  return Key.addr(owner).join(Key.addr(spender));
}

function spenderOf(sender: Addr, spender: string): Addr | null {
  const a = Addr.validate(spender);
  if (failed()) return null;
  if (a.equals(sender)) {
    fail("Cannot set to own account");
    return null;
  }
  return a;
}

function allowanceResponse(action: string, owner: Addr, spender: string, amount: Uint128): Response {
  return new Response()
    .addAttribute("action", action)
    .addAttribute("owner", owner.toString())
    .addAttribute("spender", spender)
    .addAttribute("amount", amount.toString());
}

/** A new expiry must not already be expired. */
function applyExpiry(a: AllowanceResponse, expires: Expiration | null, block: BlockInfo): void {
  if (expires === null) return;
  if (expires.isExpired(block)) fail("Invalid expiration value");
  else a.expires = expires;
}

export function increaseAllowance(block: BlockInfo, sender: Addr, spender: string, amount: Uint128, expires: Expiration | null): Response {
  const s = spenderOf(sender, spender);
  if (s === null) return new Response();
  const k = allowanceKey(sender, s);
  const a = ALLOWANCES.loadOr(k, new AllowanceResponse());
  applyExpiry(a, expires, block);
  a.allowance = a.allowance.add(amount);
  if (failed()) return new Response();
  ALLOWANCES.save(k, a);
  return allowanceResponse("increase_allowance", sender, spender, amount);
}

/** Lowers the allowance, or removes it when `amount` covers it all (cw20-base). */
export function decreaseAllowance(block: BlockInfo, sender: Addr, spender: string, amount: Uint128, expires: Expiration | null): Response {
  const s = spenderOf(sender, spender);
  if (s === null) return new Response();
  const k = allowanceKey(sender, s);
  const a = ALLOWANCES.load(k);
  if (failed()) return new Response();
  if (amount.lt(a.allowance)) {
    a.allowance = a.allowance.sub(amount);
    applyExpiry(a, expires, block);
    if (failed()) return new Response();
    ALLOWANCES.save(k, a);
  } else ALLOWANCES.remove(k);
  return allowanceResponse("decrease_allowance", sender, spender, amount);
}

/** Spends `amount` of `spender`'s allowance from `owner` (the entry stays, possibly at zero). */
export function deductAllowance(block: BlockInfo, owner: Addr, spender: Addr, amount: Uint128): void {
  const k = allowanceKey(owner, spender);
  if (!ALLOWANCES.has(k)) return fail("No allowance for this account");
  const a = ALLOWANCES.load(k);
  if (a.expires.isExpired(block)) return fail("Allowance is expired");
  a.allowance = a.allowance.sub(amount);
  if (!failed()) ALLOWANCES.save(k, a);
}

export function transferFrom(block: BlockInfo, sender: Addr, owner: string, recipient: string, amount: Uint128): Response {
  const to = Addr.validate(recipient);
  const from = Addr.validate(owner);
  if (failed()) return new Response();
  deductAllowance(block, from, sender, amount);
  if (!failed()) moveTokens(from, to, amount);
  return new Response()
    .addAttribute("action", "transfer_from")
    .addAttribute("from", owner)
    .addAttribute("to", recipient)
    .addAttribute("by", sender.toString())
    .addAttribute("amount", amount.toString());
}

export function burnFrom(block: BlockInfo, sender: Addr, owner: string, amount: Uint128): Response {
  const from = Addr.validate(owner);
  if (failed()) return new Response();
  deductAllowance(block, from, sender, amount);
  if (!failed()) burnTokens(from, amount);
  return new Response()
    .addAttribute("action", "burn_from")
    .addAttribute("from", owner)
    .addAttribute("by", sender.toString())
    .addAttribute("amount", amount.toString());
}

export function sendFrom(block: BlockInfo, sender: Addr, owner: string, contract: string, amount: Uint128, msg: Uint8Array): Response {
  const to = Addr.validate(contract);
  const from = Addr.validate(owner);
  if (failed()) return new Response();
  deductAllowance(block, from, sender, amount);
  if (!failed()) moveTokens(from, to, amount);
  if (failed()) return new Response();
  // cw20-base: the hook names the spender as sender.
  return new Response()
    .addAttribute("action", "send_from")
    .addAttribute("from", owner)
    .addAttribute("to", contract)
    .addAttribute("by", sender.toString())
    .addAttribute("amount", amount.toString())
    .addMessage(receiveHook(contract, sender.toString(), amount, msg));
}
