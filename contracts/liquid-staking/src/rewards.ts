// Rewards the chain's distribution hooks pay out when a delegation changes (delegate, undelegate,
// redelegate): the call books them from the distribution query as it sends the messages
// (Pool.touch), and the reply to its last staking message books the exact amount in their place,
// measured on the bank balance (nothing else moves it between the messages and that reply). They
// never reach the books as an unexplained surplus. That reply also notes the delegations to the
// validators receiving our redelegations as they stand after the call (receiving.ts).

import { Env } from "@persistence-ts/std/types/env";
import { Response } from "@persistence-ts/std/types/response";
import { delegationAmounts, nativeBalance } from "./chain";
import { BalanceCheck, State } from "./msg";
import { noteSeen } from "./receiving";
import { CONFIG } from "./state";

export function bookHookRewards(state: State, check: BalanceCheck, env: Env, res: Response): void {
  const denom = CONFIG.load().bond_denom;
  const contract = env.contract.toString();
  const now = nativeBalance(contract, denom);
  const paid = now.add(check.outflow).saturatingSub(check.before);
  // unlocked − booked + paid; booked was added to unlocked when the messages were sent.
  state.unlocked = state.unlocked.add(paid).saturatingSub(check.booked);
  res.addAttribute("hook_rewards", paid.toString());
  if (!paid.eq(check.booked)) res.addAttribute("hook_rewards_queried", check.booked.toString());
  if (state.receiving.length > 0) noteSeen(state, delegationAmounts(contract, denom));
}
