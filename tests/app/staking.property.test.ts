import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { Bank } from "@persistence-ts/simulator/app/bank";
import { AppError, ModuleContext } from "@persistence-ts/simulator/app/context";
import { Distribution } from "@persistence-ts/simulator/app/distribution";
import { mulIntTruncate, parseDecimal } from "@persistence-ts/simulator/app/decimal";
import { delegationShares, getValidator, NOT_BONDED_POOL, Staking, UnbondingEntry } from "@persistence-ts/simulator/app/staking";

const min = (a: bigint, b: bigint) => (a < b ? a : b);
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { MemoryStorage, TransactionalStorage } from "@persistence-ts/simulator/vm/storage";

const DAY = 86_400_000_000_000n;
const DENOM = "uxprt";
const delegators = ["alice", "bob", "carol"].map((s) => makeAddress(s));
const validators = ["v1", "v2", "v3"].map((s) => makeAddress(s, "persistencevaloper"));
const outsider = makeAddress("withdraw-target");

/** Undelegations and redelegations take `percent` of the current delegation, or `amount` when raw. */
type Command =
  | { kind: "delegate"; who: number; val: number; amount: number }
  | { kind: "undelegate"; who: number; val: number; percent: number; raw: number | null }
  | { kind: "redelegate"; who: number; src: number; dst: number; percent: number; raw: number | null }
  | { kind: "advance"; ns: bigint }
  | { kind: "endBlock" }
  | { kind: "slash"; val: number; fraction: string; jail: boolean; back: number; power: number }
  | { kind: "unjail"; val: number }
  | { kind: "withdraw"; who: number; val: number }
  | { kind: "setWithdraw"; who: number };

const index = (n: number) => fc.integer({ min: 0, max: n - 1 });
const amount = fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.constantFrom(1, 2, 3, 20_000));
const percent = fc.integer({ min: 1, max: 100 });
const raw = fc.option(amount, { freq: 5 });
const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });

const command: fc.Arbitrary<Command> = fc.oneof(
  weighted(6, fc.record({ kind: fc.constant("delegate" as const), who: index(3), val: index(3), amount })),
  weighted(4, fc.record({ kind: fc.constant("undelegate" as const), who: index(3), val: index(3), percent, raw })),
  weighted(
    3,
    fc.record({ kind: fc.constant("redelegate" as const), who: index(3), src: index(3), dst: index(3), percent, raw }),
  ),
  weighted(
    4,
    fc.record({
      kind: fc.constant("advance" as const),
      ns: fc.oneof(fc.constantFrom(0n, 1n, DAY, 21n * DAY - 1n, 21n * DAY), fc.bigInt({ min: 0n, max: 30n * DAY })),
    }),
  ),
  weighted(3, fc.record({ kind: fc.constant("endBlock" as const) })),
  weighted(
    1,
    fc.record({
      kind: fc.constant("slash" as const),
      val: index(3),
      fraction: fc.constantFrom("0", "0.01", "0.1", "0.333333333333333333", "0.5", "1"),
      jail: fc.boolean(),
      // the infraction this many blocks ago, by a validator with this power (× 10^6 tokens… or 0)
      back: fc.integer({ min: 0, max: 4 }),
      power: fc.constantFrom(0, 1),
    }),
  ),
  weighted(2, fc.record({ kind: fc.constant("unjail" as const), val: index(3) })),
  weighted(2, fc.record({ kind: fc.constant("withdraw" as const), who: index(3), val: index(3) })),
  weighted(1, fc.record({ kind: fc.constant("setWithdraw" as const), who: index(3) })),
);

/**
 * What an undelegation or redelegation takes: `val` picks among the delegator's existing
 * delegations (any validator when there are none), and the amount is a share of it unless a raw
 * amount was drawn, so that most commands succeed and some fail.
 */
function source(w: World, ctx: ModuleContext, who: number, val: number, pct: number, raw: number | null) {
  const held = validators.filter((v) => w.staking.delegation(ctx.store, delegators[who], v) > 0n);
  const validator = held.length > 0 ? held[val % held.length] : validators[val];
  const current = w.staking.delegation(ctx.store, delegators[who], validator);
  return { validator, amount: { denom: DENOM, amount: (raw ?? Number((current * BigInt(pct)) / 100n)).toString() } };
}

function world() {
  const base = new MemoryStorage();
  const bank = new Bank();
  const ctx: ModuleContext = { store: base, bank, block: { height: 1, time: 1_700_000_000_000_000_000n, chainId: "t" } };
  const distribution = new Distribution();
  const staking = new Staking(distribution);
  validators.forEach((address, i) =>
    staking.addValidator(ctx, { address, commission: `0.0${i * 3}`, max_commission: "0.5", max_change_rate: "0.1" }),
  );
  for (const d of delegators) bank.mint(base, d, [{ denom: DENOM, amount: "100000" }]);
  return { base, bank, ctx, staking, distribution };
}

type World = ReturnType<typeof world>;

function run(w: World, c: Command, ctx: ModuleContext): void {
  const coin = (n: number) => ({ denom: DENOM, amount: n.toString() });
  switch (c.kind) {
    case "delegate":
      w.staking.execute(ctx, delegators[c.who], { delegate: { validator: validators[c.val], amount: coin(c.amount) } });
      return;
    case "undelegate":
      w.staking.execute(ctx, delegators[c.who], { undelegate: source(w, ctx, c.who, c.val, c.percent, c.raw) });
      return;
    case "redelegate": {
      const { validator, amount } = source(w, ctx, c.who, c.src, c.percent, c.raw);
      const msg = { src_validator: validator, dst_validator: validators[c.dst], amount };
      w.staking.execute(ctx, delegators[c.who], { redelegate: msg });
      return;
    }
    case "advance":
      ctx.block.height += 1;
      ctx.block.time += c.ns;
      return;
    case "endBlock":
      w.staking.endBlock(ctx);
      return;
    case "slash": {
      const validator = validators[c.val];
      const infraction = Math.max(1, ctx.block.height - c.back);
      const entries = () => delegators.flatMap((d) => w.staking.unbondingEntries(ctx.store, d).filter((e) => e.validator === validator));
      const before = entries();
      w.staking.slash(ctx, validator, c.fraction, infraction, c.power === 0 ? undefined : BigInt(c.power));
      // keeper/slash.go: only entries created at or after the infraction and not mature lose
      // fraction × initial balance (truncated, at most their balance)
      const factor = parseDecimal(c.fraction);
      const reached = (e: UnbondingEntry) => infraction < ctx.block.height && e.creationHeight >= infraction && e.completionTime > ctx.block.time;
      const expected = before.map((e) => (reached(e) ? e.balance - min(mulIntTruncate(e.initialBalance, factor), e.balance) : e.balance));
      expect(entries().map((e) => e.balance)).toEqual(expected);
      if (c.jail) w.staking.jail(ctx, validator);
      return;
    }
    case "unjail":
      w.staking.unjail(ctx, validators[c.val]);
      return;
    case "withdraw":
      w.distribution.execute(ctx, delegators[c.who], { withdraw_delegator_reward: { validator: validators[c.val] } });
      return;
    case "setWithdraw":
      w.distribution.execute(ctx, delegators[c.who], { set_withdraw_address: { address: outsider } });
      return;
  }
}

/** Runs one command in its own cache layer: committed on success, dropped on an AppError. */
function step(w: World, c: Command): void {
  const tx = new TransactionalStorage(w.base);
  try {
    run(w, c, { ...w.ctx, store: tx });
    tx.commit();
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    tx.discard();
  }
}

function checkInvariants(w: World): void {
  const { base: store, bank, staking, distribution, ctx } = w;
  const pool = staking.moduleAccount(store);
  const accounts = [...delegators, outsider, pool, NOT_BONDED_POOL, distribution.params(store).moduleAccount];
  const balances = accounts.reduce((sum, a) => sum + bank.balance(store, a, DENOM), 0n);
  expect(bank.supply(store, DENOM)).toBe(balances);

  let unbonding = 0n;
  const worth = new Map<string, bigint>(validators.map((v) => [v, 0n]));
  for (const d of delegators) {
    for (const v of validators) {
      const bonded = staking.delegation(store, d, v);
      expect(bonded).toBeGreaterThanOrEqual(0n);
      worth.set(v, worth.get(v)! + bonded);
      expect(distribution.pendingRewards(ctx, d, v)).toBeGreaterThanOrEqual(0n);
    }
    for (const e of staking.unbondingEntries(store, d)) {
      expect(e.balance).toBeGreaterThanOrEqual(0n);
      expect(e.balance).toBeLessThanOrEqual(e.initialBalance);
      unbonding += e.balance;
    }
  }
  // the bonded pool holds the bonded validators' tokens; the not-bonded pool every other
  // validator's and every unbonding entry's balance (x/staking keeper/pool.go)
  const tokensOf = (bonded: boolean) =>
    validators.filter((v) => (getValidator(store, v)?.status === "bonded") === bonded).reduce((t, v) => t + staking.totalBonded(store, v), 0n);
  expect(bank.balance(store, pool, DENOM)).toBe(tokensOf(true));
  expect(bank.balance(store, NOT_BONDED_POOL, DENOM)).toBe(tokensOf(false) + unbonding);
  for (const v of validators) {
    // delegations are worth their shares' part of the tokens, truncated: never more than the tokens
    expect(worth.get(v)!).toBeLessThanOrEqual(staking.totalBonded(store, v));
    const shares = delegators.reduce((t, d) => t + delegationShares(store, d, v), 0n);
    if (shares === 0n) expect(staking.totalBonded(store, v)).toBe(0n);
  }
}

describe("staking and distribution invariants", () => {
  it("supply = all balances, the pools hold exactly the bonded and the not-bonded tokens, nothing goes negative", () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 60, size: "medium" }), (commands) => {
        const w = world();
        for (const c of commands) {
          step(w, c);
          checkInvariants(w);
        }
      }),
      { numRuns: 200 },
    );
  });
});
