// The pool as of now: settings, bookkeeping, the delegations queried from the chain with their
// pending rewards, and the stk supply, from which the exchange rate follows (math.ts).
// Handlers load one Pool, change its state, send their staking messages through it (staking.ts)
// and save it once at the end.

import { Decimal } from "@persistence-ts/std/math/decimal";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { totalSupply } from "@persistence-ts/std/cw20/token";
import { Env } from "@persistence-ts/std/types/env";
import { Timestamp } from "@persistence-ts/std/types/timestamp";
import { observeBlock } from "./arrival";
import { Delegated, bondedValidators, delegationsWithRewards } from "./chain";
import { exchangeRate, totalNative } from "./math";
import { Config, State } from "./msg";
import { checkReceiving } from "./receiving";
import { CONFIG, STATE } from "./state";

export class Pool {
  delegated: Uint128 = Uint128.zero();
  pending: Uint128 = Uint128.zero();
  /** Rewards that this call's staking messages make the chain pay out, booked from the query. */
  hookRewards: Uint128 = Uint128.zero();
  /** Validators whose rewards a staking message of this call pays out (counted once). */
  private touched: Set<string> = new Set<string>();
  /** The chain's bonded set, asked once per message (all_validators). */
  private bonded: Set<string> | null = null;

  constructor(
    readonly contract: string,
    readonly config: Config,
    readonly state: State,
    readonly delegations: Delegated[],
    public supply: Uint128,
    /** The block time of this call. */
    readonly now: Timestamp,
  ) {
    for (let i = 0; i < delegations.length; i++) {
      this.delegated = this.delegated.add(delegations[i].amount);
      this.pending = this.pending.add(delegations[i].reward);
    }
  }

  /** V: the native value behind the stk supply. */
  value(): Uint128 {
    const s = this.state;
    return totalNative(this.delegated, this.pending, s.unlocked, s.buffer, this.config.protocol_fee);
  }

  rate(): Decimal {
    return exchangeRate(this.value(), this.supply);
  }

  delegationTo(validator: string): Uint128 {
    for (let i = 0; i < this.delegations.length; i++) if (this.delegations[i].validator == validator) return this.delegations[i].amount;
    return Uint128.zero();
  }

  /** Whether the chain's bonded set holds `validator` (jailed, unbonding and removed ones do not). */
  isBonded(validator: string): bool {
    if (this.bonded === null) this.bonded = bondedValidators();
    return this.bonded!.has(validator);
  }

  /**
   * Any delegate / undelegate / redelegate makes the chain pay the delegation's pending rewards
   * to us first: they move from `pending` to `unlocked`, leaving V unchanged. The amount is the
   * query's; the reply to the call's last staking message books the exact one (BalanceCheck).
   */
  touch(validator: string): void {
    if (this.touched.has(validator)) return;
    this.touched.add(validator);
    for (let i = 0; i < this.delegations.length; i++) {
      const d = this.delegations[i];
      if (d.validator != validator) continue;
      this.state.unlocked = this.state.unlocked.add(d.reward);
      this.hookRewards = this.hookRewards.add(d.reward);
      this.pending = this.pending.sub(d.reward);
      d.reward = Uint128.zero();
    }
  }

  /** Records a stake change the messages of this call will make. */
  addDelegation(validator: string, delta: Uint128): void {
    this.touch(validator);
    this.delegated = this.delegated.add(delta);
    for (let i = 0; i < this.delegations.length; i++) {
      if (this.delegations[i].validator == validator) {
        this.delegations[i].amount = this.delegations[i].amount.add(delta);
        return;
      }
    }
    this.delegations.push(new Delegated(validator, delta, Uint128.zero()));
  }

  removeDelegation(validator: string, delta: Uint128): void {
    this.touch(validator);
    this.delegated = this.delegated.sub(delta);
    for (let i = 0; i < this.delegations.length; i++) {
      if (this.delegations[i].validator == validator) this.delegations[i].amount = this.delegations[i].amount.sub(delta);
    }
  }

  save(): void {
    STATE.save(this.state);
  }
}

/**
 * Loads the pool, notes the block it runs in (arrival.ts observeBlock) and any slash of a
 * validator receiving our redelegations since the last call (receiving.ts).
 */
export function loadPool(env: Env): Pool {
  const config = CONFIG.load();
  const state = STATE.load();
  observeBlock(state, env);
  const contract = env.contract.toString();
  const delegations = delegationsWithRewards(contract, config.bond_denom);
  checkReceiving(state, delegations);
  return new Pool(contract, config, state, delegations, totalSupply(), env.block.time);
}
