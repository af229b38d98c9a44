// What the contract asks the chain: its delegations (after slashing) with their pending rewards,
// its bank balance, whether a validator exists, which are bonded, and how much of a delegation
// may be redelegated.

import { failed } from "@persistence-ts/std/error";
import { JsonReader } from "@persistence-ts/std/json/reader";
import { JsonWriter } from "@persistence-ts/std/json/writer";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { queryAllDelegations, queryAllValidators, queryBalance, query } from "@persistence-ts/std/querier";
import { Coin } from "@persistence-ts/std/types/coin";

export class Delegated {
  constructor(
    public validator: string,
    public amount: Uint128,
    /** Pending rewards in the bond denom, truncated as a withdrawal pays them. */
    public reward: Uint128,
  ) {}
}

/** Every delegation of `delegator` with its pending reward (one staking and one distribution query). */
export function delegationsWithRewards(delegator: string, denom: string): Delegated[] {
  const delegations = queryAllDelegations(delegator);
  const rewards = totalRewards(delegator, denom);
  const out = new Array<Delegated>();
  for (let i = 0; i < delegations.length && !failed(); i++) {
    const d = delegations[i];
    if (d.amount.denom != denom) continue;
    out.push(new Delegated(d.validator, d.amount.amount, rewards.has(d.validator) ? rewards.get(d.validator) : Uint128.zero()));
  }
  return out;
}

/** Every delegation of `delegator` in `denom`, without rewards (one staking query). */
export function delegationAmounts(delegator: string, denom: string): Delegated[] {
  const all = queryAllDelegations(delegator);
  const out = new Array<Delegated>();
  for (let i = 0; i < all.length; i++) if (all[i].amount.denom == denom) out.push(new Delegated(all[i].validator, all[i].amount.amount, Uint128.zero()));
  return out;
}

function request(module: string, name: string, field: string, value: string): Uint8Array {
  const w = new JsonWriter();
  w.beginObject().key(module).beginObject().key(name).beginObject().stringField(field, value).endObject().endObject().endObject();
  return w.toBytes();
}

/**
 * `delegation_total_rewards` (cosmwasm_1_4): each validator's DecCoins, truncated to whole
 * units of `denom` as the chain pays them (the fraction goes to the community pool).
 */
function totalRewards(delegator: string, denom: string): Map<string, Uint128> {
  const out = new Map<string, Uint128>();
  const data = query(request("distribution", "delegation_total_rewards", "delegator_address", delegator));
  if (failed()) return out;
  const r = new JsonReader(data, "DelegationTotalRewardsResponse");
  const s = r.beginHostStruct(["rewards", "total"]);
  while (s.next()) {
    if (!s.is("rewards")) {
      r.skipValue();
      continue;
    }
    const a = r.beginArray();
    while (a.next()) readValidatorReward(r, denom, out);
  }
  return out;
}

function readValidatorReward(r: JsonReader, denom: string, out: Map<string, Uint128>): void {
  let validator = "";
  let amount = Uint128.zero();
  const s = r.beginHostStruct(["validator_address", "reward"]);
  while (s.next()) {
    if (s.is("validator_address")) validator = r.readString();
    else {
      const coins = r.beginArray();
      while (coins.next()) {
        const c = readDecCoin(r);
        if (c.denom == denom) amount = c.amount;
      }
    }
  }
  out.set(validator, amount);
}

/** A DecCoin `{"denom","amount":"12.345…"}` with its amount truncated to an integer. */
function readDecCoin(r: JsonReader): Coin {
  const c = new Coin("", Uint128.zero());
  const s = r.beginHostStruct(["denom", "amount"]);
  while (s.next()) {
    if (s.is("denom")) c.denom = r.readString();
    else {
      const text = r.readString();
      const dot = text.indexOf(".");
      c.amount = Uint128.fromString(dot < 0 ? text : text.substring(0, dot));
    }
  }
  return c;
}

export function nativeBalance(address: string, denom: string): Uint128 {
  return queryBalance(address, denom).amount;
}

/**
 * The chain's bonded set. wasmd's `all_validators` lists the bonded validators only, and its
 * `validator` query carries no status: this is how a jailed, unbonding or removed one shows.
 */
export function bondedValidators(): Set<string> {
  const out = new Set<string>();
  const all = queryAllValidators();
  for (let i = 0; i < all.length; i++) out.add(all[i].address);
  return out;
}

/** Whether the staking module knows `validator` (jailed ones included). */
export function validatorExists(validator: string): bool {
  const data = query(request("staking", "validator", "address", validator));
  if (failed()) return false;
  const r = new JsonReader(data, "ValidatorResponse");
  let found = false;
  const s = r.beginHostStruct(["validator"]);
  while (s.next()) {
    found = !r.readNull();
    if (found) r.skipValue();
  }
  return found;
}

/** How much of the delegation may be redelegated now (0 while it received a redelegation). */
export function redelegatable(delegator: string, validator: string): Uint128 {
  const w = new JsonWriter();
  w.beginObject().key("staking").beginObject().key("delegation").beginObject();
  w.stringField("delegator", delegator).stringField("validator", validator);
  w.endObject().endObject().endObject();
  const data = query(w.toBytes());
  if (failed()) return Uint128.zero();
  const r = new JsonReader(data, "DelegationResponse");
  let amount = Uint128.zero();
  const s = r.beginHostStruct(["delegation"]);
  while (s.next()) {
    if (r.readNull()) continue;
    const f = r.beginHostStruct(["can_redelegate"]);
    while (f.next()) amount = Coin.read(r).amount;
  }
  return amount;
}
