// Unbonding: requests queue into the current batch (directly or by a cw20 send of stk), the
// batch is submitted after its epoch (burn at the current rate, undelegate pro rata), and after
// the 21-day unbonding period each user withdraws its share. Instant unstake pays from the buffer.
import { describe, expect, it } from "vitest";
import { EPOCH, Setup, UNBONDING, XPRT, alice, attrs, bob, bond, carol, delegations, operator, poolState, setup, stk, stkSupply, sum } from "./setup";

const hook = (msg: unknown) => Buffer.from(JSON.stringify(msg)).toString("base64");

interface RequestInfo {
  batch_id: number;
  stk: string;
  status: string;
  native: string;
}

const requests = (s: Setup, user: string) => s.ls.query<{ requests: RequestInfo[] }>({ unbond_requests: { user } }).requests;

/** Three stakers of 100 XPRT each, spread over the three validators. */
function staked(extra: Record<string, unknown> = {}): Setup {
  const s = setup(extra);
  for (const u of [alice, bob, carol]) bond(s, u, 100n * XPRT);
  return s;
}

describe("queue_unbond", () => {
  it("moves stk into the current batch, directly or through a cw20 send with a queue_unbond hook", () => {
    const s = staked();
    expect(attrs(s.ls.execute(alice, { queue_unbond: { amount: "10000000" } }))).toMatchObject({ action: "queue_unbond", owner: alice, batch_id: "1", amount: "10000000" });
    s.ls.execute(bob, { send: { contract: s.ls.address, amount: "5000000", msg: hook({ queue_unbond: { receiver: carol } }) } });
    expect(s.ls.query({ current_batch: {} })).toMatchObject({ id: 1, stk: "15000000", est_native: "15000000" });
    expect(stk(s, s.ls.address)).toBe(1000n + 15_000_000n);
    expect(requests(s, alice)).toEqual([{ batch_id: 1, stk: "10000000", status: "pending", native: "10000000" }]);
    expect(requests(s, carol)).toEqual([{ batch_id: 1, stk: "5000000", status: "pending", native: "5000000" }]);
    expect(requests(s, bob)).toEqual([]);
  });

  it("refuses zero, more than the balance, unknown hooks and stk of another token", () => {
    const s = staked();
    expect(s.ls.fails(alice, { queue_unbond: { amount: "0" } })).toContain("Invalid zero amount");
    expect(s.ls.fails(alice, { queue_unbond: { amount: "100000001" } })).toContain("Cannot Sub with given operands");
    expect(s.ls.fails(alice, { send: { contract: s.ls.address, amount: "1", msg: hook({ stake_more: {} }) } })).toContain("unknown variant `stake_more`");
    expect(s.ls.fails(alice, { receive: { sender: alice, amount: "1000", msg: hook({ queue_unbond: {} }) } })).toContain(
      "Unauthorized: only stk, this contract's own token, may be sent here",
    );
  });
});

describe("submit_batch and withdraw_unbonded", () => {
  it("waits for the epoch, burns the batch at the current rate and undelegates pro rata", () => {
    const s = staked();
    s.ls.execute(alice, { queue_unbond: { amount: "30000000" } });
    expect(s.ls.fails(bob, { submit_batch: {} })).toContain("Batch 1 is not due until");
    s.app.advanceTime(EPOCH);
    const before = delegations(s);
    const st = poolState(s);
    const native = (30_000_000n * BigInt(st.total_native)) / BigInt(st.stk_supply);
    const supply = stkSupply(s);
    const a = attrs(s.ls.execute(bob, { submit_batch: {} }));
    expect(a).toMatchObject({ action: "submit_batch", batch_id: "1", burned: "30000000", native: native.toString(), undelegated: native.toString() });
    expect(stkSupply(s)).toBe(supply - 30_000_000n);
    expect(stk(s, s.ls.address)).toBe(1000n);
    // Each validator gave its share of the undelegation, pro rata to its delegation (the
    // rounding rest, under one uxprt per validator, from the first).
    const after = delegations(s);
    const total = sum(before.values());
    for (const v of s.vals) expect(Number(before.get(v)! - after.get(v)! - (native * before.get(v)!) / total)).toBeGreaterThanOrEqual(0);
    for (const v of s.vals) expect(Number(before.get(v)! - after.get(v)! - (native * before.get(v)!) / total)).toBeLessThanOrEqual(s.vals.length - 1);
    const entries = s.app.staking.unbondingEntries(s.app.store, s.ls.address);
    expect(entries).toHaveLength(3);
    expect(entries.every((e) => e.completionTime === s.app.block.time + BigInt(UNBONDING) * 1_000_000_000n)).toBe(true);
    expect(s.ls.query({ batches: {} })).toEqual({
      batches: [
        {
          id: 1,
          stk: "30000000",
          native: native.toString(),
          liquid: "0",
          // The chain's answer (MsgUndelegateResponse): no slashing, no share rounding here.
          undelegated: native.toString(),
          submitted_at: s.app.block.time.toString(),
          unbond_end: (s.app.block.time + BigInt(UNBONDING) * 1_000_000_000n).toString(),
          status: "unbonding",
          received: null,
          unclaimed_stk: "30000000",
        },
      ],
    });
    expect(s.ls.query({ current_batch: {} })).toMatchObject({ id: 2, stk: "0" });
    expect(s.ls.fails(bob, { submit_batch: {} })).toContain("Batch 2 is not due");
    s.app.advanceTime(EPOCH);
    expect(s.ls.fails(bob, { submit_batch: {} })).toContain("Batch 2 is empty");
  });

  it("pays each user its share once the 21 days are over, and only once", () => {
    const s = staked();
    s.ls.execute(alice, { queue_unbond: { amount: "20000000" } });
    s.ls.execute(bob, { queue_unbond: { amount: "10000000" } });
    s.app.advanceTime(EPOCH);
    const native = BigInt(attrs(s.ls.execute(operator, { submit_batch: {} })).native);
    expect(requests(s, alice)).toEqual([{ batch_id: 1, stk: "20000000", status: "unbonding", native: ((native * 2n) / 3n).toString() }]);
    s.app.advanceTime(UNBONDING - 1);
    expect(s.ls.fails(alice, { withdraw_unbonded: {} })).toContain("Nothing to withdraw");
    s.app.advanceTime(1);
    // The chain pays the batch out at the end of this block, after its transactions.
    expect(attrs(s.ls.execute(alice, { withdraw_unbonded: {} }))).toMatchObject({ amount: "0", waiting: "1" });
    s.app.advanceBlocks(1);
    // From the next block on, the first withdraw settles the batch and pays.
    const aliceBefore = s.app.balance(alice, "uxprt");
    const a = attrs(s.ls.execute(alice, { withdraw_unbonded: {} }));
    expect(a).toMatchObject({ settled: "1", shortfall: "0", amount: ((native * 2n) / 3n).toString() });
    expect(s.app.balance(alice, "uxprt")).toBe(aliceBefore + (native * 2n) / 3n);
    expect(s.ls.fails(alice, { withdraw_unbonded: {} })).toContain("Nothing to withdraw");
    // Bob, the batch's last claimant, gets the rest: nothing stays behind.
    s.ls.execute(bob, { withdraw_unbonded: { receiver: carol } });
    expect(poolState(s).claimable).toBe("0");
    expect(s.ls.query({ batches: {} })).toMatchObject({ batches: [{ status: "withdrawable", received: native.toString(), unclaimed_stk: "0" }] });
  });

  it("queued stk keep earning until the batch is submitted", () => {
    const s = staked();
    s.ls.execute(bob, { queue_unbond: { amount: "100000000" } });
    s.app.advanceTime(EPOCH);
    const native = BigInt(attrs(s.ls.execute(operator, { submit_batch: {} })).native);
    expect(native).toBeGreaterThan(100n * XPRT);
  });

  it("never submits more than one batch per epoch nor more than 7 unbondings per validator", () => {
    const s = staked();
    for (let i = 1; i <= 8; i++) {
      s.ls.execute(alice, { queue_unbond: { amount: "1000000" } });
      s.app.advanceTime(EPOCH);
      if (i === 8) {
        // Batch 1 completes in this very block: the chain still counts 7 entries per validator.
        expect(s.ls.fails(alice, { submit_batch: {} })).toContain("7 unbonding entries per validator are still on chain");
        s.ls.execute(alice, { reconcile: {} });
        s.app.advanceBlocks(1);
      }
      s.ls.execute(alice, { submit_batch: {} });
      const perValidator = new Map<string, number>();
      for (const e of s.app.staking.unbondingEntries(s.app.store, s.ls.address)) perValidator.set(e.validator, (perValidator.get(e.validator) ?? 0) + 1);
      expect(Math.max(...perValidator.values())).toBeLessThanOrEqual(7);
    }
    expect(s.ls.query<{ batches: unknown[] }>({ batches: { limit: 100 } }).batches).toHaveLength(8);
  });
});

describe("instant_unstake", () => {
  it("pays the value minus the 1% fee from the buffer; the fee stays with the stakers", () => {
    const s = staked();
    const st0 = poolState(s);
    const aliceBefore = s.app.balance(alice, "uxprt");
    const a = attrs(s.ls.execute(alice, { instant_unstake: { amount: "10000000" } }));
    expect(a).toMatchObject({ action: "instant_unstake", burned: "10000000", paid: "9900000", fee: "100000" });
    expect(s.app.balance(alice, "uxprt")).toBe(aliceBefore + 9_900_000n);
    const st1 = poolState(s);
    expect(BigInt(st1.buffer)).toBe(BigInt(st0.buffer) - 9_900_000n);
    // Everyone else's stk are now worth a little more.
    expect(BigInt(st1.total_native) * BigInt(st0.stk_supply)).toBeGreaterThan(BigInt(st0.total_native) * BigInt(st1.stk_supply));
  });

  it("honours min_receive, refuses what the buffer cannot cover, and works through a cw20 send", () => {
    const s = staked();
    expect(s.ls.fails(alice, { instant_unstake: { amount: "1000000", min_receive: "995000" } })).toContain("Instant unstake would pay 990000, below min_receive 995000");
    expect(s.ls.fails(alice, { instant_unstake: { amount: "50000000" } })).toContain("Liquidity buffer too low: it holds 15000000, the instant unstake pays 49500000; use queue_unbond");
    const carolBefore = s.app.balance(carol, "uxprt");
    s.ls.execute(bob, { send: { contract: s.ls.address, amount: "2000000", msg: hook({ instant_unstake: { receiver: carol } }) } });
    expect(s.app.balance(carol, "uxprt")).toBe(carolBefore + 1_980_000n);
    expect(stk(s, bob)).toBe(98n * XPRT);
    expect(stk(s, s.ls.address)).toBe(1000n);
  });

  it("a refused instant unstake through a send leaves the stk with the sender", () => {
    const s = staked();
    expect(s.ls.fails(bob, { send: { contract: s.ls.address, amount: "90000000", msg: hook({ instant_unstake: {} }) } })).toContain("Liquidity buffer too low");
    expect(stk(s, bob)).toBe(100n * XPRT);
  });

  it("the buffer is refilled by later deposits", () => {
    const s = staked();
    s.ls.execute(alice, { instant_unstake: { amount: "14000000" } });
    const low = BigInt(poolState(s).buffer);
    bond(s, bob, 10n * XPRT);
    expect(BigInt(poolState(s).buffer)).toBe(low + 10n * XPRT);
  });
});
