// Story 2: lenders fund the tranche pool (junior first loss, senior fixed rate): their deposit
// orders execute when the epoch closes, at one price per tranche. An SME pledges an invoice NFT,
// the manager approves, the SME draws and repays with interest, and both share prices rise. A
// second loan matures unpaid: from its maturity orders count it 0 (junior's value falls by the
// whole loan at once, while the write-off policy marks the reported NAV down day by day); the
// manager marks it defaulted and writes it down, which moves the reported NAV and no order's
// price; senior's value stays at its target.

import { NftClient } from "../../clients/nft/Nft.client";
import { TranchePoolClient } from "../../clients/tranche-pool/TranchePool.client";
import type { PoolResponse } from "../../clients/tranche-pool/TranchePool.types";
import { codegenClient } from "../chain";
import { Actor, LifecycleEnv, LifecycleError, Snapshot, b64, expectThat, netChange, requireAttr, snapshot } from "./env";
import { STABLE, invoiceDocument, obligor, onboardMinter, sha256Hex } from "./escrow";
import { amount, decimal, signed } from "./report";

const NANOS = 1_000_000_000n;

export interface Prices {
  senior: string;
  junior: string;
}

export interface PoolStoryResult {
  juniorDeposit: bigint;
  seniorDeposit: bigint;
  loan1: { id: number; amount: bigint; interestPaid: bigint; reserveFee: bigint; repayments: number };
  /** writtenDown: off the loan's book value; loss: what the pool's assets lost by it (the policy had marked part already). */
  loan2: { id: number; amount: bigint; writtenDown: bigint; loss: bigint };
  /** The first close: the deposit orders executed at price 1. */
  firstClose: { epoch: number; juniorMinted: bigint; seniorMinted: bigint };
  prices: { start: Prices; afterRepay: Prices; afterDefault: Prices };
  /** Pool figures while loan 2 is current, once it is past maturity (before the default), and just before and after the write-down. */
  current: Figures;
  overdue: Figures;
  beforeWriteDown: Figures;
  afterWriteDown: Figures;
}

/** The tranches' order values, T and the reported NAV (assets: the policy's values of the loans). */
export interface Figures {
  senior: bigint;
  junior: bigint;
  seniorTarget: bigint;
  assets: bigint;
  /** The block time the pool answered at (nanoseconds). */
  time: string;
}

const pricesOf = (p: PoolResponse): Prices => ({ senior: p.senior.share_price, junior: p.junior.share_price });
const cmp = (a: string, b: string): number => Number(BigInt(a.replace(".", "").padEnd(40, "0")) - BigInt(b.replace(".", "").padEnd(40, "0")));

class Pool {
  constructor(
    private readonly env: LifecycleEnv,
    readonly address: string,
  ) {}

  as(a: Actor): TranchePoolClient {
    return new TranchePoolClient(codegenClient(this.env.signer), a.address, this.address);
  }

  state(): Promise<PoolResponse> {
    return this.as(this.env.cast.owner).pool();
  }

  /** The tranches' values and share prices, as a report table. */
  async show(title: string): Promise<PoolResponse> {
    const p = await this.state();
    const { stable } = this.env;
    this.env.report.note(title);
    this.env.report.table(
      ["tranche", `value (${stable.symbol})`, "share price"],
      [
        ["senior", amount(BigInt(p.senior.value)), decimal(p.senior.share_price)],
        ["junior", amount(BigInt(p.junior.value)), decimal(p.junior.share_price)],
      ],
    );
    return p;
  }
}

export async function poolStory(env: LifecycleEnv): Promise<PoolStoryResult> {
  const { owner, sme2, junior, senior } = env.cast;
  const pool = new Pool(env, env.contracts.pool);
  env.report.section("pool", "2 · Another SME pledges invoices to the senior/junior tranche pool");
  await onboardMinter(env, sme2);

  const before = await snapshot(env, [junior, senior, sme2], env.stable.denom);
  const juniorDeposit = 30_000n * STABLE;
  const seniorDeposit = 100_000n * STABLE;
  await env.tx(junior, "deposit junior", `orders ${env.money(juniorDeposit, env.stable)} (first loss)`, () =>
    pool.as(junior).deposit({ tranche: "junior" }, "auto", undefined, env.coins(juniorDeposit, env.stable)),
  );
  await env.tx(senior, "deposit senior", `orders ${env.money(seniorDeposit, env.stable)} (8% target)`, () =>
    pool.as(senior).deposit({ tranche: "senior" }, "auto", undefined, env.coins(seniorDeposit, env.stable)),
  );
  const firstClose = await closeEpoch(env, pool);
  const start = pricesOf(await pool.show(`after epoch ${firstClose.epoch} closed (the orders executed at one price per tranche):`));

  const loan1 = await repaidLoan(env, pool);
  const afterRepay = pricesOf(await pool.show("after the repayment (interest minus the reserve fee stays in the pool):"));
  expectThat(cmp(afterRepay.senior, start.senior) > 0 && cmp(afterRepay.junior, start.junior) > 0, "both share prices rose after the repaid loan");

  const d = await defaultedLoan(env, pool, owner);
  const afterDefault = pricesOf(await pool.show("after the write-down (junior took the loss):"));
  await showParties(env, pool, before);
  return { juniorDeposit, seniorDeposit, firstClose, loan1, loan2: d.loan, prices: { start, afterRepay, afterDefault }, current: d.current, overdue: d.overdue, beforeWriteDown: d.before, afterWriteDown: d.after };
}

/**
 * Lets the open epoch run out and closes it: anyone may, here the senior lender. Deposit and
 * redemption orders execute only at a close, at one price per tranche.
 */
async function closeEpoch(env: LifecycleEnv, pool: Pool): Promise<PoolStoryResult["firstClose"]> {
  const { senior } = env.cast;
  const { epoch } = await pool.state();
  const wait = Number((BigInt(epoch.closes_at) - (await env.chain.blockTime())) / NANOS) + 1;
  await env.wait(Math.max(wait, 1), `epoch ${epoch.id} runs out`);
  let res = await env.tx(senior, "process_epoch", `closes epoch ${epoch.id}: the orders execute`, () => pool.as(senior).processEpoch({}));
  const juniorMinted = BigInt(requireAttr(res, "junior_minted", pool.address));
  const seniorMinted = BigInt(requireAttr(res, "senior_minted", pool.address));
  while (requireAttr(res, "settled", pool.address) !== "true") res = await env.tx(senior, "process_epoch", "settles the orders", () => pool.as(senior).processEpoch({}));
  return { epoch: epoch.id, juniorMinted, seniorMinted };
}

/** Mints an invoice NFT to sme2 and pledges it with send_nft + request_loan; returns the loan id. */
async function pledge(env: LifecycleEnv, pool: Pool, n: string, face: bigint, amount: bigint, apr: string, term: number): Promise<number> {
  const { sme2 } = env.cast;
  const nft = new NftClient(codegenClient(env.signer), sme2.address, env.contracts.nft);
  const tokenId = `${n}-${env.runId}`;
  const now = await env.chain.blockTime();
  const doc = sha256Hex(invoiceDocument(env.runId, n, sme2.address, "Globex Logistics BV", face, env.stable.denom));
  await env.tx(sme2, "mint", `${tokenId}, face ${env.money(face, env.stable)}`, () =>
    nft.mint({
      tokenId,
      owner: sme2.address,
      extension: {
        asset_class: "invoice",
        document_hash: doc,
        face_value: { denom: env.stable.denom, amount: face.toString() },
        issuer: sme2.address,
        obligor: obligor("Globex Logistics BV"),
        issue_date: now.toString(),
        maturity: (now + BigInt(term + 30 * 86_400) * NANOS).toString(),
        jurisdiction: "NL",
      },
    }),
  );
  const maturity = (now + BigInt(term) * NANOS).toString();
  const res = await env.tx(sme2, "send_nft + request_loan", `pledges it for ${env.money(amount, env.stable)} at ${Number(apr) * 100}%`, () =>
    nft.sendNft({ contract: pool.address, tokenId, msg: b64({ request_loan: { amount: amount.toString(), apr, maturity } }) }),
  );
  return Number(requireAttr(res, "loan_id", pool.address));
}

async function approveAndDraw(env: LifecycleEnv, pool: Pool, id: number, amount: bigint, apr: string): Promise<void> {
  await env.tx(env.cast.owner, "approve_loan", `loan ${id} at ${Number(apr) * 100}% (manager)`, () => pool.as(env.cast.owner).approveLoan({ loanId: id, apr }));
  await env.tx(env.cast.sme2, "draw", `receives ${env.money(amount, env.stable)}`, () => pool.as(env.cast.sme2).draw({ loanId: id }));
}

/** Loan 1: 100,000 at 15%, outstanding for the interest period, repaid in full. */
async function repaidLoan(env: LifecycleEnv, pool: Pool): Promise<PoolStoryResult["loan1"]> {
  const amount = 100_000n * STABLE;
  const apr = "0.15";
  const id = await pledge(env, pool, "INV-2024-0107", 125_000n * STABLE, amount, apr, env.timing.interestPeriod + 30 * 86_400);
  await approveAndDraw(env, pool, id, amount, apr);
  await env.wait(env.timing.interestPeriod, "interest accrues per second");
  const { interest, fee, repayments } = await repayInFull(env, pool, id);
  env.report.note(`loan ${id} repaid: interest ${env.money(interest, env.stable)}, of which ${env.money(fee, env.stable)} reserve fee; the NFT went back to ${env.cast.sme2.name}`);
  return { id, amount, interestPaid: interest, reserveFee: fee, repayments };
}

/**
 * Repays the loan's debt as queried. On a real chain interest accrues between the query and the
 * block that runs the repayment (and an overpayment is refused), so a remainder of a few units
 * may be left: it is repaid the same way until the loan is closed.
 */
async function repayInFull(env: LifecycleEnv, pool: Pool, id: number): Promise<{ interest: bigint; fee: bigint; repayments: number }> {
  const sme2 = pool.as(env.cast.sme2);
  let interest = 0n;
  let fee = 0n;
  for (let n = 1; n <= 6; n++) {
    const { debt } = await sme2.loan({ loanId: id });
    const res = await env.tx(env.cast.sme2, "repay", `pays the debt of ${env.money(BigInt(debt), env.stable)}`, () =>
      sme2.repay({ loanId: id }, "auto", undefined, env.coins(BigInt(debt), env.stable)),
    );
    interest += BigInt(requireAttr(res, "interest", pool.address));
    fee += BigInt(requireAttr(res, "reserve_fee", pool.address));
    if ((await sme2.loan({ loanId: id })).loan.status === "repaid") return { interest, fee, repayments: n };
  }
  throw new LifecycleError(`loan ${id} is still open after 6 repayments`);
}

/**
 * Loan 2: 20,000 at 12%; it matures unpaid: from then on orders count it 0, so junior's value
 * falls by the whole loan at once (senior = min(T, order NAV) keeps T), while the write-off
 * policy marks the reported NAV down day by day. The manager marks it defaulted and writes it
 * down: the reported NAV falls by the loss, no order's price moves.
 */
async function defaultedLoan(env: LifecycleEnv, pool: Pool, manager: Actor) {
  const amount = 20_000n * STABLE;
  const apr = "0.12";
  const id = await pledge(env, pool, "INV-2024-0113", 25_000n * STABLE, amount, apr, env.timing.loanTerm);
  await approveAndDraw(env, pool, id, amount, apr);
  const current = figures(await pool.state());
  const { default_after, loan } = await pool.as(manager).loan({ loanId: id });
  expectThat(BigInt(loan.maturity) > BigInt(current.time), "the loan was still current after its draw (raise the timing's loanTerm)");
  // The pool counts time in whole seconds: a loan is overdue once the block's second is past its
  // maturity's (up to 1 s after it on a chain whose block times have nanoseconds): wait past that.
  const wait = Number((BigInt(default_after) - (await env.chain.blockTime()) + NANOS - 1n) / NANOS) + 1;
  await env.wait(Math.max(wait, 1), "the loan matures unpaid, the grace period runs out");
  const overdue = figures(await pool.state());
  env.report.note(
    `loan ${id} is past maturity: orders count it 0 — junior ${env.money(current.junior, env.stable)} → ${env.money(overdue.junior, env.stable)} at once; the reported NAV marks it down by the policy`,
  );
  expectThat(current.junior - overdue.junior >= amount, "junior's order value lost the late loan's whole principal at its maturity");
  await env.tx(manager, "mark_default", `loan ${id} (manager)`, () => pool.as(manager).markDefault({ loanId: id }));
  const before = figures(await pool.state());
  const res = await env.tx(manager, "write_down", `loan ${id}: 100% of its book value`, () => pool.as(manager).writeDown({ loanId: id, percent: "1" }));
  const writtenDown = BigInt(requireAttr(res, "amount", pool.address));
  const loss = BigInt(requireAttr(res, "loss", pool.address));
  const after = figures(await pool.state());
  env.report.note(
    `write-down ${env.money(writtenDown, env.stable)} (the policy had marked ${env.money(writtenDown - loss, env.stable)} of it): reported NAV ${env.money(before.assets, env.stable)} → ${env.money(after.assets, env.stable)}; junior ${env.money(after.junior, env.stable)}, senior ${env.money(after.senior, env.stable)} (target ${env.money(after.seniorTarget, env.stable)})`,
  );
  expectThat(after.senior === after.seniorTarget, "senior keeps its full target value after the default");
  // The order NAV left the loan out already: junior moves only by T's growth between the queries.
  expectThat(before.junior - after.junior === after.seniorTarget - before.seniorTarget, "the write-down moves no order price");
  expectThat(before.assets - after.assets >= loss, "the reported NAV falls by the write-down's loss");
  return { loan: { id, amount, writtenDown, loss }, current, overdue, before, after };
}

/** Where the money went: the lenders' positions and the borrower's cash. */
async function showParties(env: LifecycleEnv, pool: Pool, before: Snapshot): Promise<void> {
  const { junior, senior, sme2 } = env.cast;
  const after = await snapshot(env, [junior, senior, sme2], env.stable.denom);
  const rows: string[][] = [];
  for (const [a, t] of [[junior, "junior"], [senior, "senior"]] as const) {
    const pos = await pool.as(a).position({ lender: a.address });
    rows.push([`${a.name} (${t} lender)`, signed(netChange(before, after, a, env.bond.denom)), `${amount(BigInt(pos[t].value))} in ${amount(BigInt(pos[t].shares))} shares`]);
  }
  rows.push([`${sme2.name} (borrower)`, signed(netChange(before, after, sme2, env.bond.denom)), "drew 120,000, repaid loan 1, defaulted on loan 2"]);
  env.report.table([`${env.stable.symbol}`, "cash (net of gas)", "position value"], rows);
}

function figures(p: PoolResponse): Figures {
  return { senior: BigInt(p.senior.value), junior: BigInt(p.junior.value), seniorTarget: BigInt(p.senior_target), assets: BigInt(p.assets), time: p.time };
}
