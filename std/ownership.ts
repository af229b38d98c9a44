// Two-step ownership like cw-ownable: the owner proposes a new owner (optionally with an
// expiry), the new owner accepts; or the owner renounces for good. Stored under `ownership`
// with cw-ownable's JSON shape and answered by the `ownership` query with the same shape.

import { fail, failed } from "./error";
import { JsonReader } from "./json/reader";
import { JsonWriter } from "./json/writer";
import { Codec } from "./storage/codec";
import { Item } from "./storage/item";
import { Addr } from "./types/addr";
import { BlockInfo } from "./types/env";
import { Expiration } from "./types/expiration";
import { Response } from "./types/response";

export class Ownership {
  owner: Addr | null = null;
  pendingOwner: Addr | null = null;
  pendingExpiry: Expiration | null = null;

  write(w: JsonWriter): void {
    w.beginObject();
    w.optStringField("owner", addrOrNull(this.owner));
    w.optStringField("pending_owner", addrOrNull(this.pendingOwner));
    w.key("pending_expiry");
    const e = this.pendingExpiry;
    if (e === null) w.null();
    else e.write(w);
    w.endObject();
  }

  static read(r: JsonReader): Ownership {
    const o = new Ownership();
    const s = r.beginStruct(["owner?", "pending_owner?", "pending_expiry?"]);
    while (s.next()) {
      if (r.readNull()) continue;
      if (s.is("owner")) o.owner = Addr.unchecked(r.readString());
      else if (s.is("pending_owner")) o.pendingOwner = Addr.unchecked(r.readString());
      else if (s.is("pending_expiry")) o.pendingExpiry = Expiration.read(r);
    }
    return o;
  }
}

function addrOrNull(a: Addr | null): string | null {
  return a === null ? null : a.toString();
}

class OwnershipCodec extends Codec<Ownership> {
  name(): string { return "cw_ownable::Ownership"; }
  write(w: JsonWriter, v: Ownership): void { v.write(w); }
  read(r: JsonReader): Ownership { return Ownership.read(r); }
}

const OWNERSHIP = new Item<Ownership>("ownership", new OwnershipCodec());

export function initializeOwner(owner: Addr): void {
  const o = new Ownership();
  o.owner = owner;
  OWNERSHIP.save(o);
}

export function getOwnership(): Ownership {
  return OWNERSHIP.loadOr(new Ownership());
}

/**
 * Fails unless `sender` is the current owner. Returns false when an error is pending (this one or
 * an earlier one), so `if (!assertOwner(sender)) return …` stops early either way.
 */
export function assertOwner(sender: Addr): bool {
  const owner = getOwnership().owner;
  if (owner === null) fail("Contract ownership has been renounced");
  else if (!owner.equals(sender)) fail("Caller is not the contract's current owner");
  return !failed();
}

export enum OwnershipActionKind {
  Transfer,
  Accept,
  Renounce,
}

/** `{"transfer_ownership":{"new_owner","expiry"}}` | `"accept_ownership"` | `"renounce_ownership"`. */
export class OwnershipAction {
  kind: OwnershipActionKind = OwnershipActionKind.Accept;
  newOwner: string = "";
  expiry: Expiration | null = null;

  static read(r: JsonReader): OwnershipAction {
    const a = new OwnershipAction();
    const e = r.beginEnum(["transfer_ownership", "accept_ownership", "renounce_ownership"]);
    if (e.is("transfer_ownership")) {
      a.kind = OwnershipActionKind.Transfer;
      if (e.requireValue()) readTransfer(r, a);
    } else if (e.is("accept_ownership")) {
      a.kind = OwnershipActionKind.Accept;
      e.unitValue();
    } else if (e.is("renounce_ownership")) {
      a.kind = OwnershipActionKind.Renounce;
      e.unitValue();
    }
    e.end();
    return a;
  }

  write(w: JsonWriter): void {
    if (this.kind == OwnershipActionKind.Accept) w.string("accept_ownership");
    else if (this.kind == OwnershipActionKind.Renounce) w.string("renounce_ownership");
    else {
      w.beginObject().key("transfer_ownership").beginObject().stringField("new_owner", this.newOwner).key("expiry");
      const e = this.expiry;
      if (e === null) w.null();
      else e.write(w);
      w.endObject().endObject();
    }
  }
}

function readTransfer(r: JsonReader, a: OwnershipAction): void {
  const s = r.beginStruct(["new_owner", "expiry?"]);
  while (s.next()) {
    if (s.is("new_owner")) a.newOwner = r.readString();
    else if (s.is("expiry") && !r.readNull()) a.expiry = Expiration.read(r);
  }
}

/** Applies an action from `sender` at `block`; returns the resulting ownership. */
export function updateOwnership(action: OwnershipAction, sender: Addr, block: BlockInfo): Ownership {
  const o = getOwnership();
  if (failed()) return o;
  if (action.kind == OwnershipActionKind.Transfer) transfer(o, action, sender, block);
  else if (action.kind == OwnershipActionKind.Accept) accept(o, sender, block);
  else renounce(o, sender);
  if (!failed()) OWNERSHIP.save(o);
  return o;
}

function transfer(o: Ownership, action: OwnershipAction, sender: Addr, block: BlockInfo): void {
  assertOwner(sender);
  const newOwner = Addr.validate(action.newOwner);
  const expiry = action.expiry;
  if (expiry !== null && expiry.isExpired(block)) fail("A pending ownership transfer exists but it has expired");
  o.pendingOwner = newOwner;
  o.pendingExpiry = expiry;
}

function accept(o: Ownership, sender: Addr, block: BlockInfo): void {
  const pending = o.pendingOwner;
  if (pending === null) return fail("There isn't a pending ownership transfer");
  if (!pending.equals(sender)) return fail("Caller is not the contract's pending owner");
  const expiry = o.pendingExpiry;
  if (expiry !== null && expiry.isExpired(block)) return fail("A pending ownership transfer exists but it has expired");
  o.owner = pending;
  o.pendingOwner = null;
  o.pendingExpiry = null;
}

function renounce(o: Ownership, sender: Addr): void {
  assertOwner(sender);
  o.owner = null;
  o.pendingOwner = null;
  o.pendingExpiry = null;
}

/** The attributes cw-ownable adds to the response of update_ownership. */
export function ownershipAttributes(res: Response, o: Ownership): Response {
  res.addAttribute("action", "update_ownership");
  res.addAttribute("owner", o.owner === null ? "none" : o.owner!.toString());
  res.addAttribute("pending_owner", o.pendingOwner === null ? "none" : o.pendingOwner!.toString());
  const e = o.pendingExpiry;
  res.addAttribute("pending_expiry", e === null ? "none" : e.toString());
  return res;
}
