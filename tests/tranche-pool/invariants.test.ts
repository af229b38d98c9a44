// Property tests over random sequences of deposit and redemption orders, cancellations, share
// transfers, loans, repayments, defaults, write-downs, recoveries, write-offs, epochs (closed and
// settled in pages), donations and time jumps (so the write-off policy marks late loans down),
// once with a pool lending a native denom and once with a pool lending a CW20 token (payments
// through the token's send hook, payouts as cw20 transfers, donations as plain cw20 transfers).
// After every step (whether the chain accepted it or not):
//   1. the pool's currency balance = reserve + set-aside payouts + fees owed + pending deposit
//      orders + payouts owed to lenders (Σ of the lenders' owed_payout) (+ donations, never counted);
//   2. every share is accounted for: Σ free + Σ queued − filled-but-unsettled + minted-but-unsettled
//      + locked = tranche shares; every pending deposit too: Σ orders − accepted-but-unsettled;
//   3. share price = value / shares (rounded down), so Σ shares × price = value within rounding,
//      and Σ holders' values ≤ tranche value;
//   4. A = reserve + loans; the order NAV = A − what the loans past maturity or defaulted count
//      for in it; senior = min(T, order NAV), junior = order NAV − senior (senior never loses
//      while junior has value); the loans' own values add up to the pool's loan value, and the
//      late ones' to the overdue value, within two units per loan; the cash held back from new
//      loans is the sum of the reservations of the orders the last close could not pay;
//   5. no NFT is lost: each pledged token is escrowed (or held) by the pool, back with its
//      borrower, or claimed;
// and at the step itself: a default changes no value, a write-down of a late loan changes no
// order's price, of another loan never lowers senior value while junior value covers it (senior
// loses exactly what exceeds junior). Deposit/redeem loops (nobody gets back more than they put
// in) are a property of their own in inflation.test.ts, timing neutrality in timing.test.ts.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { CURRENCIES, CurrencyKind, DAY, PoolInfo, World, alice, attrs, balanceOf, bob, carol, closeEpoch, dave, debtOf, donate, feeCollector, manager, mintInvoice, pay, pledge, poolInfo, setup, sme, sme2 } from "./setup";
import { rawItem, rawMap } from "./raw";

const lenders = [alice, bob, carol, dave];
const borrowers = [sme, sme2];
const tranches = ["senior", "junior"] as const;
const UNIT = 1_000_000n;
const LOCKED = 1000n;

let app: App;
beforeAll(() => {
  app = new App();
});

type Op =
  | { kind: "deposit"; who: number; tranche: number; amount: number }
  | { kind: "redeem"; who: number; tranche: number; pct: number; floor: number }
  | { kind: "cancel"; who: number; deposit: boolean }
  | { kind: "transfer"; who: number; to: number; tranche: number; pct: number }
  | { kind: "borrow"; who: number; amount: number; days: number; stage: number }
  | { kind: "reject"; loan: number }
  | { kind: "repay"; loan: number; pct: number }
  | { kind: "default"; loan: number; byManager: boolean }
  | { kind: "writeDown"; loan: number; pct: number }
  | { kind: "recover"; loan: number; pct: number }
  | { kind: "claim"; loan: number }
  | { kind: "writeOff"; loan: number }
  | { kind: "closeRecovery"; loan: number }
  | { kind: "time"; seconds: number }
  | { kind: "epoch"; limit: number; wait: boolean }
  | { kind: "fees" }
  | { kind: "donate"; amount: number };

// Ops name a lender, loan or holder by index into those that fit (e.g. `default` picks among
// active loans and waits until it is allowed): few steps are wasted on certain refusals.
const pct = fc.integer({ min: 1, max: 100 });
const loan = fc.nat(9);
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("deposit" as const), who: fc.nat(3), tranche: fc.nat(1), amount: fc.integer({ min: 1, max: 60_000 }) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("redeem" as const), who: fc.nat(3), tranche: fc.nat(1), pct, floor: fc.nat(3) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("cancel" as const), who: fc.nat(3), deposit: fc.boolean() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("transfer" as const), who: fc.nat(3), to: fc.nat(3), tranche: fc.nat(1), pct }), weight: 1 },
  {
    // stage 0: requested, 1: approved, 2 and 3: drawn
    arbitrary: fc.record({ kind: fc.constant("borrow" as const), who: fc.nat(1), amount: fc.integer({ min: 1, max: 80_000 }), days: fc.integer({ min: 2, max: 60 }), stage: fc.nat(3) }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant("reject" as const), loan }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("repay" as const), loan, pct }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("default" as const), loan, byManager: fc.boolean() }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("writeDown" as const), loan, pct }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("recover" as const), loan, pct }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("claim" as const), loan }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("writeOff" as const), loan }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("closeRecovery" as const), loan }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("time" as const), seconds: fc.integer({ min: 3600, max: 60 * DAY }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("epoch" as const), limit: fc.integer({ min: 1, max: 3 }), wait: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("fees" as const) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("donate" as const), amount: fc.integer({ min: 1, max: 1_000 }) }), weight: 1 },
);

interface Run {
  w: World;
  tokens: number;
  donated: bigint;
  /** The fee collector's balance at the start, and the fees collect_fees paid it since. */
  feesBefore: bigint;
  feesPaid: bigint;
}

interface LoanRecord {
  id: number;
  status: string;
  collateral: string;
  borrower: string;
  token_id: string;
  recovery_open: boolean;
}

/** Operations the chain accepted, by kind: each kind must succeed at least once per currency. */
const accepted = new Map<string, number>();
const MUST_SUCCEED = ["belowFloor", "deposit", "redeem", "draw", "repay", "recover", "epoch", "fees", "writeOff", "closeRecovery"];

const tryExec = (f: () => unknown, kind?: string): boolean => {
  try {
    f();
    if (kind) accepted.set(kind, (accepted.get(kind) ?? 0) + 1);
    return true;
  } catch {
    return false; // refused operations are part of the sequence; the invariants hold regardless
  }
};

const pick = <T>(xs: T[], i: number): T | undefined => (xs.length === 0 ? undefined : xs[i % xs.length]);
const loansIn = (run: Run, ...statuses: string[]) => rawMap<LoanRecord>(run.w.app, run.w.pool.address, "loans").map((e) => e.value).filter((l) => statuses.includes(l.status));
const share = (x: bigint, p: number) => (x * BigInt(p)) / 100n;

/** Moves the chain to `nanos` if it is still ahead. */
function waitUntil(w: World, nanos: string): void {
  const ahead = BigInt(nanos) - w.app.block.time;
  if (ahead > 0n) w.app.advanceTime(Number(ahead / 1_000_000_000n) + 1);
}

/** The lenders holding free shares of a tranche. */
function holders(run: Run, tranche: string): string[] {
  const free = freeShares(run);
  return lenders.filter((l) => BigInt(free[l]?.[tranche as "senior"] ?? "0") > 0n);
}

function apply(run: Run, o: Op): void {
  const { w } = run;
  const pool = w.pool;
  switch (o.kind) {
    case "deposit":
      tryExec(() => pay(w, lenders[o.who], { deposit: { tranche: tranches[o.tranche] } }, BigInt(o.amount) * UNIT), "deposit");
      break;
    case "redeem": {
      const t = tranches[o.tranche];
      const who = pick(holders(run, t), o.who);
      // A floor of 0, or 95 %, 100 % or 105 % of today's price: some orders are not filled at the next close.
      const min_price = o.floor === 0 ? "0" : (Number(poolInfo(w)[t].share_price) * [0.95, 1, 1.05][o.floor - 1]).toFixed(6);
      if (who) tryExec(() => pool.execute(who, { redeem: { tranche: t, shares: (share(BigInt(freeShares(run)[who][t]), o.pct) || 1n).toString(), min_price } }), "redeem");
      break;
    }
    case "cancel": {
      const r = pick(rawMap<{ id: number; lender: string }>(w.app, pool.address, o.deposit ? "deposits" : "requests"), o.who);
      if (r) tryExec(() => pool.execute(r.value.lender, o.deposit ? { cancel_deposit: { order_id: r.value.id } } : { cancel_redemption: { request_id: r.value.id } }));
      break;
    }
    case "transfer": {
      const t = tranches[o.tranche];
      const who = pick(holders(run, t), o.who);
      if (who) tryExec(() => pool.execute(who, { transfer_shares: { tranche: t, recipient: lenders[o.to], shares: (share(BigInt(freeShares(run)[who][t]), o.pct) || 1n).toString() } }));
      break;
    }
    case "borrow": {
      const token = `inv-${++run.tokens}`;
      const borrower = borrowers[o.who];
      const amount = BigInt(o.amount) * UNIT;
      mintInvoice(w, token, amount + amount / 3n, o.days + 10, borrower);
      let id = 0;
      if (!tryExec(() => (id = pledge(w, token, amount, o.days, borrower)))) break;
      if (o.stage > 0 && tryExec(() => pool.execute(manager, { approve_loan: { loan_id: id, apr: "0.15" } })) && o.stage > 1) tryExec(() => pool.execute(borrower, { draw: { loan_id: id } }), "draw");
      break;
    }
    case "reject": {
      const l = pick(loansIn(run, "requested", "approved"), o.loan);
      if (l) tryExec(() => pool.execute(manager, { reject_loan: { loan_id: l.id } }));
      break;
    }
    case "repay": {
      const l = pick(loansIn(run, "active"), o.loan);
      if (l) tryExec(() => pay(w, l.borrower, { repay: { loan_id: l.id } }, share(debtOf(w, l.id), o.pct) || 1n), "repay");
      break;
    }
    case "default": {
      const l = pick(loansIn(run, "active"), o.loan);
      if (!l) break;
      const info = pool.query<{ default_after: string; public_default_after: string }>({ loan: { loan_id: l.id } });
      waitUntil(w, o.byManager ? info.default_after : info.public_default_after);
      const before = poolInfo(w);
      if (tryExec(() => pool.execute(o.byManager ? manager : dave, { mark_default: { loan_id: l.id } }))) {
        const after = poolInfo(w);
        expect([after.assets, after.senior.value, after.junior.value]).toEqual([before.assets, before.senior.value, before.junior.value]);
      }
      break;
    }
    case "writeDown": {
      const l = pick(loansIn(run, "active", "defaulted"), o.loan);
      if (!l) break;
      const before = poolInfo(w);
      const late = pool.query<{ loan: { overdue_at: string | null } }>({ loan: { loan_id: l.id } }).loan.overdue_at !== null;
      let res: ReturnType<typeof pool.execute> | undefined;
      if (tryExec(() => (res = pool.execute(manager, { write_down: { loan_id: l.id, percent: (o.pct / 100).toString() } })))) {
        const x = BigInt(attrs(res!, pool.address).amount);
        const after = poolInfo(w);
        const hit = BigInt(before.assets) - BigInt(after.assets); // x, less what the policy had marked of it
        expect(hit >= 0n && hit <= x).toBe(true);
        const junior = BigInt(before.junior.value);
        if (late) expect([after.senior.value, after.junior.value]).toEqual([before.senior.value, before.junior.value]); // orders count it 0 already
        else if (junior > 0n) expect(BigInt(after.senior.value)).toBe(BigInt(before.senior.value) - (hit > junior ? hit - junior : 0n));
      }
      break;
    }
    case "recover": {
      const l = pick(loansIn(run, "defaulted", "written_off").filter((x) => x.status === "defaulted" || x.recovery_open), o.loan);
      if (l) tryExec(() => pay(w, carol, { recover: { loan_id: l.id } }, share(debtOf(w, l.id), o.pct) || 1n), "recover");
      break;
    }
    case "claim": {
      const l = pick(loansIn(run, "defaulted"), o.loan);
      if (l) tryExec(() => pool.execute(manager, { claim_collateral: { loan_id: l.id } }));
      break;
    }
    case "writeOff": {
      const l = pick(loansIn(run, "defaulted"), o.loan);
      if (!l) break;
      tryExec(() => pool.execute(manager, { claim_collateral: { loan_id: l.id } }));
      tryExec(() => pool.execute(manager, { write_off: { loan_id: l.id } }), "writeOff");
      break;
    }
    case "closeRecovery": {
      const l = pick(loansIn(run, "written_off").filter((x) => x.recovery_open), o.loan);
      if (l) tryExec(() => pool.execute(manager, { close_recovery: { loan_id: l.id } }), "closeRecovery");
      break;
    }
    case "time":
      w.app.advanceTime(o.seconds);
      break;
    case "epoch":
      if (o.wait) waitUntil(w, poolInfo(w).epoch.closes_at);
      tryExec(() => {
        const res = pool.execute(dave, { process_epoch: { limit: o.limit } });
        for (const e of res.events) if (e.type === "wasm-redemption_below_floor") accepted.set("belowFloor", (accepted.get("belowFloor") ?? 0) + 1);
      }, "epoch");
      break;
    case "fees": {
      let res: ReturnType<typeof pool.execute> | undefined;
      if (tryExec(() => (res = pool.execute(dave, { collect_fees: {} })), "fees")) run.feesPaid += BigInt(attrs(res!, pool.address).amount);
      break;
    }
    case "donate":
      donate(w, dave, pool.address, BigInt(o.amount) * UNIT);
      run.donated += BigInt(o.amount) * UNIT;
      break;
  }
}

function freeShares(run: Run): Record<string, { senior: string; junior: string }> {
  const out: Record<string, { senior: string; junior: string }> = {};
  for (const e of rawMap<{ senior: string; junior: string }>(run.w.app, run.w.pool.address, "positions")) out[e.key.toString()] = e.value;
  return out;
}

interface Fill {
  queued: string;
  filled: string;
  settled: string;
}

interface DepositFill {
  ordered: string;
  accepted: string;
  minted: string;
  settled: string;
}

/** What of `total` the settled part of `queued` has handed out: the cumulative pro-rata rounding. */
const unsettled = (settling: boolean, total: string, settled: string, queued: string) => (settling ? BigInt(total) - (BigInt(settled) * BigInt(total)) / (BigInt(queued) || 1n) : 0n);

function checkInvariants(run: Run): void {
  const { w } = run;
  const addr = w.pool.address;
  const state = rawItem<Record<string, string>>(w.app, addr, "pool");
  const epoch = rawItem<{ id: number; settling: boolean; senior: Fill; junior: Fill; junior_grandfathered: Fill; senior_deposits: DepositFill; junior_deposits: DepositFill }>(w.app, addr, "epoch");
  const p: PoolInfo = poolInfo(w);

  // 1. cash
  const pending = BigInt(state.senior_deposits) + BigInt(state.junior_deposits);
  expect(balanceOf(w, addr)).toBe(BigInt(state.reserve) + BigInt(state.set_aside) + BigInt(state.fees_owed) + pending + BigInt(state.owed_payouts) + run.donated);
  const owed = rawMap<string>(w.app, addr, "owed").reduce((sum, e) => sum + BigInt(e.value), 0n);
  expect(owed).toBe(BigInt(state.owed_payouts));
  if (!epoch.settling) expect(state.set_aside).toBe("0");

  // 2. shares and pending deposits
  const positions = Object.values(freeShares(run));
  const requests = rawMap<{ tranche: string; shares: string; reserved: { epoch: number; amount: string } | null }>(w.app, addr, "requests").map((e) => e.value);
  const deposits = rawMap<{ tranche: string; amount: string }>(w.app, addr, "deposits").map((e) => e.value);
  for (const t of tranches) {
    const f = epoch[t];
    const d = epoch[`${t}_deposits`];
    let unsettledFilled = unsettled(epoch.settling, f.filled, f.settled, f.queued);
    if (t === "junior") unsettledFilled += unsettled(epoch.settling, epoch.junior_grandfathered.filled, epoch.junior_grandfathered.settled, epoch.junior_grandfathered.queued);
    const unsettledMinted = unsettled(epoch.settling, d.minted, d.settled, d.ordered);
    const unsettledAccepted = unsettled(epoch.settling, d.accepted, d.settled, d.ordered);
    const free = positions.reduce((a, x) => a + BigInt(x[t]), 0n);
    const queued = requests.filter((r) => r.tranche === t).reduce((a, r) => a + BigInt(r.shares), 0n);
    const ordered = deposits.filter((r) => r.tranche === t).reduce((a, r) => a + BigInt(r.amount), 0n);
    const total = BigInt(state[`${t}_shares`]);
    expect(free + queued - unsettledFilled + unsettledMinted + (total > 0n ? LOCKED : 0n)).toBe(total);
    expect(queued - unsettledFilled).toBe(BigInt(state[`${t}_queued`]));
    expect(ordered - unsettledAccepted).toBe(BigInt(state[`${t}_deposits`]));
  }

  // 3. price
  for (const t of tranches) {
    const info = p[t];
    const [value, shares] = [BigInt(info.value), BigInt(info.shares)];
    const [whole, frac = ""] = info.share_price.split(".");
    const priceAtomics = BigInt(whole) * 10n ** 18n + BigInt(frac.padEnd(18, "0") || "0");
    if (shares > 0n) expect(priceAtomics).toBe((value * 10n ** 18n) / shares);
    const held = positions.reduce((a, x) => a + (shares > 0n ? (BigInt(x[t]) * value) / shares : 0n), 0n);
    expect(held).toBeLessThanOrEqual(value);
  }

  // 4. values
  const assets = BigInt(p.assets);
  expect(assets).toBe(BigInt(p.reserve) + BigInt(p.loans_value));
  const orderNav = BigInt(p.order_assets);
  expect(orderNav).toBe(assets - BigInt(p.overdue_value));
  const senior = BigInt(p.senior_target) < orderNav ? BigInt(p.senior_target) : orderNav;
  expect(BigInt(p.senior.value)).toBe(senior);
  expect(BigInt(p.junior.value)).toBe(orderNav - senior);
  if (BigInt(p.junior.value) > 0n) expect(p.senior.value).toBe(p.senior_target); // senior never loses while junior has value
  expect(BigInt(p.lendable)).toBeLessThanOrEqual(BigInt(p.reserve));
  const loans = rawMap<LoanRecord>(w.app, addr, "loans").map((e) => e.value);
  const drawn = loans.filter((l) => l.status === "active" || l.status === "defaulted");
  const infos = drawn.map((l) => w.pool.query<{ book_value: string; loan: { overdue_at: string | null } }>({ loan: { loan_id: l.id } }));
  const books = infos.reduce((a, l) => a + BigInt(l.book_value), 0n);
  const gap = books - BigInt(p.loans_value);
  expect(gap <= 2n * BigInt(drawn.length) && -gap <= 2n * BigInt(drawn.length)).toBe(true);
  const late = infos.filter((l) => l.loan.overdue_at !== null);
  const lateGap = late.reduce((a, l) => a + BigInt(l.book_value), 0n) - BigInt(p.overdue_value);
  expect(lateGap <= 2n * BigInt(late.length) && -lateGap <= 2n * BigInt(late.length)).toBe(true);
  if (!epoch.settling) {
    const held = requests.reduce((a, r) => a + (r.reserved !== null && r.reserved.epoch + 1 === epoch.id ? BigInt(r.reserved.amount) : 0n), 0n);
    expect(BigInt(state.reserved)).toBe(held);
  }

  // 5. NFTs
  const holders = new Map(rawMap<{ owner: string }>(w.app, w.nft.address, "tokens").map((e) => [e.key.toString(), e.value.owner]));
  for (const l of loans) {
    const expected = l.collateral === "escrowed" || l.collateral === "held" ? addr : l.collateral === "returned" ? l.borrower : manager;
    expect(holders.get(l.token_id)).toBe(expected);
  }
  const pledged = new Set(loans.map((l) => l.token_id));
  for (let i = 1; i <= run.tokens; i++) if (!pledged.has(`inv-${i}`)) expect([sme, sme2]).toContain(holders.get(`inv-${i}`));

  // fees collected reach the fee collector, in the pool's currency
  expect(balanceOf(w, feeCollector) - run.feesBefore).toBe(run.feesPaid);
}

describe.each(CURRENCIES)("tranche pool invariants (%s currency)", (kind: CurrencyKind) => {
  it("hold after every step of random lending sequences", () => {
    accepted.clear();
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 40 }), (ops) => {
        const w = setup({}, app, kind);
        const run: Run = { w, tokens: 0, donated: 0n, feesBefore: balanceOf(w, feeCollector), feesPaid: 0n };
        // A funded start, so loans and redemptions have something to work with.
        pay(w, bob, { deposit: { tranche: "junior" } }, 40_000n * UNIT);
        pay(w, alice, { deposit: { tranche: "senior" } }, 100_000n * UNIT);
        closeEpoch(w);
        for (const o of ops) {
          apply(run, o);
          checkInvariants(run);
        }
        // Wind down: a day later every active loan is repaid in full, a tenth of every defaulted
        // loan's debt is recovered and the rest written off, the epoch closes, and the fees are collected.
        w.app.advanceTime(DAY);
        for (const l of loansIn(run, "active")) tryExec(() => pay(w, l.borrower, { repay: { loan_id: l.id } }, debtOf(w, l.id)), "repay");
        for (const l of loansIn(run, "defaulted")) {
          tryExec(() => pay(w, carol, { recover: { loan_id: l.id } }, debtOf(w, l.id) / 10n || 1n), "recover");
          apply(run, { kind: "writeOff", loan: 0 });
        }
        for (const l of loansIn(run, "written_off").filter((x) => x.recovery_open)) apply(run, { kind: "closeRecovery", loan: 0 });
        checkInvariants(run);
        apply(run, { kind: "epoch", limit: 3, wait: true });
        apply(run, { kind: "fees" });
        checkInvariants(run);
      }),
      { numRuns: 25 },
    );
    for (const k of MUST_SUCCEED) expect(accepted.get(k) ?? 0, `no ${k} was ever accepted with the ${kind} currency`).toBeGreaterThan(0);
    console.log(`    ${kind}: accepted ${[...accepted].map(([k, n]) => `${k} ${n}`).join(", ")}`);
  });
});
