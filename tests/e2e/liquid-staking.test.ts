// Liquid staking on a real 3-validator network (issue 8, "On the local network"): bond from two
// accounts across the three validators, let real rewards accrue and harvest them (the exchange
// rate rises), queue unbonds into a batch, submit it once the epoch has passed, wait for the
// chain's unbonding to complete and withdraw; stop a validator so it is jailed and slashed for
// downtime, then unbond again and settle: every user is paid exactly its pro-rata share.
//
// What a downtime slash reaches on the chain (x/staking Slash): the validator's bonded tokens, so
// every delegation to it, and only those unbonding entries created at or after the infraction
// height, which for downtime is the jailing height − 2. An unbonding the contract submitted before
// the validator stopped is therefore never cut, and a batch cannot be placed in that two-block
// window reliably: the test does not depend on it. It checks instead that (1) the contract counts
// the slashed stake exactly as the chain does (its delegations after the slash), so the loss lowers
// the exchange rate and falls on every stk holder pro rata to its stk — including stk queued in a
// batch not yet submitted, which is priced at submission; (2) reconcile pays each batch exactly what
// the chain returned for it (the entries' balances at completion, against what the chain said it
// undelegated in each MsgUndelegateResponse; a shortfall within a window of arrivals is shared pro
// rata — the simulator tests and e2e/liquid-staking-dsign.test.ts cover that path); (3) each user of a
// batch gets floor(received × stk / batch stk), the batch's last claimant the rest: nobody more than
// their share. The batches of this story hold alice's and bob's stk 3 : 1.
//
// Its own localnet "ls" (ports + 5000) with 3 validators; the last one (the smallest: the others keep
// > 2/3 of the power) is stopped. unbonding_time 30 s, blocks ~0.35 s, epoch 10 s. About 95 s (network
// ~6 s, bonds and harvest ~7 s, batch 1 ~7 s, jail ~11 s after the stop, then two 30 s unbondings).
import * as fs from "fs";
import * as path from "path";
import Ajv, { ValidateFunction } from "ajv";
import { QueryClient, setupStakingExtension } from "@cosmjs/stargate";
import { connectComet, fromRfc3339WithNanoseconds } from "@cosmjs/tendermint-rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DENOM, Localnet, accounts, chainValidators, sleep } from "../../chain/localnet";
import { Signer, delegations, signer } from "./chain";

const ROOT = path.resolve(__dirname, "../..");
const WASM = path.join(ROOT, "artifacts", "liquid-staking.wasm");
const SCHEMA = "contracts/liquid-staking/schema/liquid-staking.json";
const VALIDATORS = 3;
const STOPPED = VALIDATORS - 1;
const UNBONDING = 30; // the chain's unbonding_time (chain/localnet.ts GENESIS_PARAMS)
const EPOCH = 10; // ≥ unbonding / 7; long enough to see a batch refused before it is due
const XPRT = 1_000_000n;

type Json = Record<string, unknown>;
type Attrs = Record<string, string>;
interface TxLike {
  transactionHash: string;
  height: number;
  events: readonly { type: string; attributes: readonly { key: string; value: string }[] }[];
}

interface State {
  total_native: string;
  stk_supply: string;
  exchange_rate: string;
  delegated: string;
  pending_rewards: string;
  buffer: string;
  unlocked: string;
  claimable: string;
  unbonding: string;
  surplus: string;
  paused: boolean;
}
interface Batch {
  id: number;
  stk: string;
  native: string;
  liquid: string;
  undelegated: string;
  unbond_end: string;
  status: string;
  received: string | null;
  unclaimed_stk: string;
}

// ---- schema, events, time ----------------------------------------------------------------------

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, SCHEMA), "utf8"));
const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
const validators = new Map<string, ValidateFunction>();
function check(kind: string, value: unknown): void {
  let v = validators.get(kind);
  if (!v) {
    const s = kind.startsWith("response:") ? schema.responses[kind.slice(9)] : schema[kind];
    if (!s) throw new Error(`${SCHEMA} has no schema for ${kind}`);
    validators.set(kind, (v = ajv.compile(s)));
  }
  if (!v(value)) throw new Error(`${kind} does not match ${SCHEMA}: ${ajv.errorsText(v.errors)}\n${JSON.stringify(value)}`);
}

/** The attributes of `contract`'s wasm event with this `action` in a transaction. */
function event(res: TxLike, contract: string, action: string): Attrs {
  for (const e of res.events) {
    if (e.type !== "wasm") continue;
    const a: Attrs = Object.fromEntries(e.attributes.map((x) => [x.key, x.value]));
    if (a._contract_address === contract && a.action === action) return a;
  }
  throw new Error(`tx ${res.transactionHash} (height ${res.height}) has no wasm event action=${action} from ${contract}`);
}

/** Decimal string → atomics (18 places), for exact rate comparisons. */
function atomics(d: string): bigint {
  const [whole, frac = ""] = d.split(".");
  return BigInt(whole) * 10n ** 18n + BigInt(frac.padEnd(18, "0").slice(0, 18) || "0");
}

/** Latest height and block time (nanoseconds) of the node at `rpc`. */
async function chainNow(rpc: string): Promise<{ height: number; nanos: bigint }> {
  const res = await fetch(`${rpc}/status`, { signal: AbortSignal.timeout(5_000) });
  const body = (await res.json()) as { result: { sync_info: { latest_block_height: string; latest_block_time: string } } };
  const t = fromRfc3339WithNanoseconds(body.result.sync_info.latest_block_time);
  return { height: Number(body.result.sync_info.latest_block_height), nanos: BigInt(t.getTime()) * 1_000_000n + BigInt(t.nanoseconds ?? 0) };
}

/**
 * Polls `probe` every `everyMs` until it returns a value, failing with `what` after `timeoutMs`.
 * A probe that throws (an RPC call timing out while the node is busy) counts as "not yet"; the
 * last such error is reported if time runs out.
 */
async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      lastError = ` (last error: ${(e as Error).message})`;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError}`);
    await sleep(everyMs);
  }
}

/** Waits until the chain's block time has passed `nanos`. */
async function waitChainTime(rpc: string, nanos: bigint, what: string, timeoutMs = 90_000): Promise<void> {
  await waitFor(`${what} (chain time past ${nanos})`, timeoutMs, async () => ((await chainNow(rpc)).nanos > nanos ? true : undefined), 300);
}

interface Entry {
  validator: string;
  creationHeight: bigint;
  completion: bigint;
  initial: bigint;
  balance: bigint;
}

/** The contract's unbonding entries on the chain. */
async function unbondingEntries(rpc: string, delegator: string): Promise<Entry[]> {
  const comet = await connectComet(rpc);
  try {
    const q = QueryClient.withExtensions(comet, setupStakingExtension);
    const res = await q.staking.delegatorUnbondingDelegations(delegator);
    return res.unbondingResponses.flatMap((u) =>
      u.entries.map((e) => ({
        validator: u.validatorAddress,
        creationHeight: BigInt(e.creationHeight),
        completion: BigInt(e.completionTime.seconds) * 1_000_000_000n + BigInt(e.completionTime.nanos),
        initial: BigInt(e.initialBalance),
        balance: BigInt(e.balance),
      })),
    );
  } finally {
    comet.disconnect();
  }
}

// ---- the story --------------------------------------------------------------------------------

describe("liquid staking on a 3-validator localnet: bond, harvest, unbond, slash, reconcile", () => {
  const net = new Localnet("ls");
  let rpc = "";
  let owner: Signer; // owner and operator
  let alice: Signer;
  let bob: Signer;
  let feeRecipient = "";
  let contract = "";
  let vals: { moniker: string; operator: string }[] = [];
  const started = Date.now();
  const log = (s: string) => console.log(`    [${((Date.now() - started) / 1000).toFixed(1)} s] ${s}`);

  const query = async <T>(msg: Json): Promise<T> => {
    check("query", msg);
    const res = (await owner.client.queryContractSmart(contract, msg)) as T;
    check(`response:${Object.keys(msg)[0]}`, res);
    return res;
  };
  const exec = async (who: Signer, msg: Json, funds?: { denom: string; amount: string }[]): Promise<TxLike> => {
    check("execute", msg);
    return who.client.execute(who.address, contract, msg, "auto", undefined, funds);
  };
  const state = () => query<State>({ state: {} });
  const stkOf = async (address: string) => BigInt((await query<{ balance: string }>({ balance: { address } })).balance);
  const batch = async (id: number) => (await query<{ batches: Batch[] }>({ batches: { start_after: id - 1, limit: 1 } })).batches[0];

  /** The contract's delegations as the chain and the contract itself see them: they must agree. */
  async function delegationsAgree(): Promise<Map<string, bigint>> {
    const onChain = await delegations(rpc, contract);
    const info = await query<{ validators: { address: string; delegated: string }[] }>({ validators: {} });
    for (const v of info.validators) expect(BigInt(v.delegated), `delegation to ${v.address}`).toBe(onChain.get(v.address) ?? 0n);
    const total = [...onChain.values()].reduce((a, b) => a + b, 0n);
    expect(BigInt((await state()).delegated), "state.delegated = Σ the chain's delegations").toBe(total);
    return onChain;
  }

  /** queue_unbond of `amount` stk; returns the batch id. */
  async function queue(who: Signer, amount: bigint): Promise<number> {
    const res = await exec(who, { queue_unbond: { amount: amount.toString() } });
    return Number(event(res, contract, "queue_unbond").batch_id);
  }

  /**
   * `reconcile` once the batch's unbonding has completed on chain (waitChainTime returns once a
   * block past the end exists: the chain paid it at that block's end or before). A batch paid in
   * full settles at the first call; one whose payout the contract cannot yet tell apart (slashed,
   * in a block it has not seen) at a call in a later block: bounded retries.
   */
  async function reconcileAfter(end: bigint, id: number): Promise<Attrs> {
    await waitChainTime(rpc, end, `batch ${id}'s unbonding end`);
    for (let attempt = 1; attempt <= 10; attempt++) {
      const a = event(await exec(owner, { reconcile: {} }), contract, "reconcile");
      if (a.settled !== undefined) return a;
      await sleep(400);
    }
    throw new Error(`reconcile still settles nothing after 10 attempts (batch ${id} ends at ${end})`);
  }

  /**
   * The users of a reconciled batch withdraw in order; each must get exactly its share:
   * floor(received × stk / batch stk), the batch's last claimant the rest (so nobody gets more
   * than its share, up to that claimant's rounding unit). Returns the payouts.
   */
  async function withdrawAll(id: number, queued: Array<[Signer, bigint]>): Promise<bigint[]> {
    const b = await batch(id);
    expect(b.status).toBe("withdrawable");
    const received = BigInt(b.received!);
    const total = BigInt(b.stk);
    expect(queued.reduce((x, [, q]) => x + q, 0n)).toBe(total);
    const paid: bigint[] = [];
    for (const [k, [who, q]] of queued.entries()) {
      const last = k === queued.length - 1;
      const share = last ? received - paid.reduce((x, y) => x + y, 0n) : (received * q) / total;
      const requests = await query<{ requests: { batch_id: number; stk: string; status: string; native: string }[] }>({ unbond_requests: { user: who.address } });
      expect(requests.requests.find((r) => r.batch_id === id), `${who.address}'s request in batch ${id}`).toMatchObject({
        stk: q.toString(),
        status: "withdrawable",
        native: share.toString(),
      });
      const a = event(await exec(who, { withdraw_unbonded: {} }), contract, "withdraw_unbonded");
      expect(a.waiting).toBeUndefined();
      expect(BigInt(a.amount), `batch ${id} pays ${who.address} its share`).toBe(share);
      expect(share - (received * q) / total, "at most one rounding unit above the pro-rata share").toBeLessThanOrEqual(1n);
      paid.push(share);
    }
    expect(paid.reduce((x, y) => x + y, 0n), `batch ${id} pays out exactly what it received`).toBe(received);
    expect((await batch(id)).unclaimed_stk).toBe("0");
    return paid;
  }

  beforeAll(async () => {
    expect(fs.existsSync(WASM), `${WASM} missing: run npm run build`).toBe(true);
    await net.reset({ validators: VALIDATORS, portOffset: 5000 });
    rpc = net.rpcUrl(0);
    [owner, alice, bob] = await Promise.all([signer(rpc, 0), signer(rpc, 1), signer(rpc, 2)]);
    [feeRecipient] = await accounts(3, 1);
    vals = (await chainValidators(rpc)).map((v) => ({ moniker: v.moniker, operator: v.operator }));
    log(`network "ls" up at ${rpc}: ${vals.map((v) => v.moniker).join(", ")}`);
  });

  afterAll(async () => {
    await net.stop();
  });

  // Shared between the steps (they run in order).
  const stk = { alice: 0n, bob: 0n };
  let batch1 = 0;
  let batch2 = 0;
  let end1 = 0n;
  const q1: Array<[Signer, bigint]> = []; // batch 1: alice, bob (3 : 1)
  const q2: Array<[Signer, bigint]> = []; // batch 2: alice (queued before the slash), bob (after)

  it("bonds from two accounts across the three validators", async () => {
    const { codeId } = await owner.client.upload(owner.address, fs.readFileSync(WASM), "auto", "liquid-staking e2e");
    const msg = {
      name: "Staked XPRT",
      symbol: "stkXPRT",
      bond_denom: DENOM,
      // the validator to be stopped gets the smallest share, so the chain keeps > 2/3 of its power online
      validators: vals.map((v, i) => ({ address: v.operator, weight: i === STOPPED ? 2000 : 4000 })),
      unbonding_period: UNBONDING,
      epoch_period: EPOCH,
      fee_recipient: feeRecipient,
    };
    check("instantiate", msg);
    contract = (await owner.client.instantiate(owner.address, codeId, msg, "stkXPRT e2e", "auto", { admin: owner.address })).contractAddress;
    log(`liquid staking at ${contract} (code ${codeId})`);

    // A bond goes to the (at most 3) validators furthest below their targets: the first reaches all three.
    for (const [who, amount] of [
      [alice, 200n * XPRT],
      [bob, 100n * XPRT],
      [alice, 100n * XPRT],
    ] as const) {
      const a = event(await exec(who, { bond: {} }, [{ denom: DENOM, amount: amount.toString() }]), contract, "bond");
      expect(a.receiver).toBe(who.address);
    }
    stk.alice = await stkOf(alice.address);
    stk.bob = await stkOf(bob.address);
    // 1 000 of the first bond's stk are locked in the contract; later bonds mint at a rate just above 1
    expect(stk.alice).toBeGreaterThan(280n * XPRT);
    expect(stk.alice).toBeLessThan(300n * XPRT - 1000n);
    expect(stk.bob).toBeGreaterThan(90n * XPRT);
    expect(stk.bob).toBeLessThanOrEqual(100n * XPRT);
    const onChain = await delegationsAgree();
    for (const v of vals) expect(onChain.get(v.operator) ?? 0n, `the contract's stake on ${v.moniker}`).toBeGreaterThan(0n);
    log(`bonded: alice ${stk.alice} stk, bob ${stk.bob} stk; delegations ${vals.map((v) => `${v.moniker} ${onChain.get(v.operator)}`).join(", ")}`);
  });

  it("accrues real rewards and harvests them: the exchange rate rises", async () => {
    const s0 = await state();
    const rateBeforeHarvest = atomics(s0.exchange_rate);
    // a few seconds of blocks: pending rewards reach a few XPRT
    const s1 = await waitFor("5 XPRT of pending rewards", 60_000, async () => {
      const s = await state();
      return BigInt(s.pending_rewards) >= 5n * XPRT ? s : undefined;
    });
    expect(atomics(s1.exchange_rate)).toBeGreaterThan(rateBeforeHarvest); // pending rewards are in the rate
    const delegatedBefore = BigInt(s1.delegated);

    const res = await exec(owner, { harvest: {} });
    const reinvest = event(res, contract, "reinvest");
    const harvested = BigInt(reinvest.harvested);
    expect(harvested, "rewards withdrawn from the chain").toBeGreaterThanOrEqual(BigInt(s1.pending_rewards));
    expect(BigInt(reinvest.reinvested)).toBeGreaterThanOrEqual(harvested);
    expect(BigInt(reinvest.fee)).toBe((BigInt(reinvest.reinvested) * 5n) / 100n); // protocol fee 5%, floor
    expect(BigInt(reinvest.fee_stk)).toBeGreaterThan(0n);
    expect(await stkOf(feeRecipient)).toBe(BigInt(reinvest.fee_stk));

    const s2 = await state();
    expect(BigInt(s2.delegated) - delegatedBefore, "the rewards are delegated again").toBe(BigInt(reinvest.reinvested));
    expect(BigInt(s2.unlocked)).toBe(0n);
    const history = await query<{ records: { exchange_rate: string; rewards: string }[] }>({ rate_history: {} });
    expect(history.records).toHaveLength(1);
    expect(history.records[0].rewards).toBe(reinvest.reinvested);
    const rate = atomics(history.records[0].exchange_rate);
    expect(rate, "the rate recorded at the harvest").toBeGreaterThanOrEqual(atomics(s1.exchange_rate));
    expect(rate).toBeGreaterThan(10n ** 18n);
    await delegationsAgree();
    log(`harvested ${harvested} uxprt (fee ${reinvest.fee}, ${reinvest.fee_stk} stk to the fee recipient); rate ${s0.exchange_rate} → ${history.records[0].exchange_rate}`);
  });

  it("queues unbonds, submits the batch after the epoch, and undelegates pro rata on chain", async () => {
    const due = BigInt((await query<{ est_submit_time: string }>({ current_batch: {} })).est_submit_time);
    const a = stk.alice / 5n; // alice : bob = 3 : 1
    const b = a / 3n;
    batch1 = await queue(alice, a);
    expect(await queue(bob, b)).toBe(batch1);
    q1.push([alice, a], [bob, b]);
    await waitChainTime(rpc, due, `batch ${batch1}'s epoch`);
    const res = await exec(bob, { submit_batch: {} }); // anyone, once due
    const sub = event(res, contract, "submit_batch");
    expect(sub).toMatchObject({ batch_id: String(batch1), burned: (a + b).toString() });
    const b1 = await batch(batch1);
    expect(b1).toMatchObject({ stk: (a + b).toString(), status: "unbonding", native: sub.native });
    end1 = BigInt(b1.unbond_end);

    // The chain holds one unbonding entry per validator for this batch, created in the tx's block.
    const entries = (await unbondingEntries(rpc, contract)).filter((e) => e.creationHeight === BigInt(res.height));
    expect(entries).toHaveLength(VALIDATORS);
    // The batch holds the chain's own answer (MsgUndelegateResponse): amounts and completion time.
    expect(entries.reduce((x, e) => x + e.initial, 0n)).toBe(BigInt(b1.undelegated));
    expect(BigInt(sub.undelegated) - BigInt(b1.undelegated), "what was asked, less share rounding").toBeLessThanOrEqual(BigInt(VALIDATORS));
    for (const e of entries) expect(e.completion, "the chain's completion time = the contract's unbond_end").toBe(end1);
    stk.alice -= a;
    stk.bob -= b;

    // The next batch is not due before another epoch.
    batch2 = await queue(alice, a / 2n);
    expect(batch2).toBe(batch1 + 1);
    q2.push([alice, a / 2n]);
    await expect(exec(bob, { submit_batch: {} })).rejects.toThrow(new RegExp(`Batch ${batch2} is not due until \\d+`));
    stk.alice -= a / 2n;
    log(`batch ${batch1}: ${sub.burned} stk → ${sub.native} uxprt undelegated from ${entries.length} validators, ends ${end1}`);
  });

  it("a stopped validator is jailed and slashed; the contract counts the slashed stake", async () => {
    const victim = vals[STOPPED];
    const before = await delegationsAgree();
    const stateBefore = await state();
    const tokensBefore = BigInt((await chainValidators(rpc)).find((v) => v.operator === victim.operator)!.tokens);
    expect(await net.stop(STOPPED)).toEqual([STOPPED]);
    const stoppedAt = Date.now();
    await waitFor(`${victim.moniker} jailed (stopped ${STOPPED})`, 90_000, async () =>
      (await chainValidators(rpc)).find((v) => v.operator === victim.operator)!.jailed ? true : undefined,
    );
    log(`${victim.moniker} jailed ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s after it stopped`);

    const after = await delegationsAgree();
    const ours = before.get(victim.operator)!;
    const lost = ours - after.get(victim.operator)!;
    // slash_fraction_downtime 0.01 of the validator's power (whole XPRT) in tokens; each delegation
    // loses its share of what was burned, up to a unit of rounding.
    const burned = tokensBefore - BigInt((await chainValidators(rpc)).find((v) => v.operator === victim.operator)!.tokens);
    expect(burned, `${victim.moniker} burned about 1 % of its ${tokensBefore}`).toBeGreaterThan((tokensBefore * 99n) / 10_000n);
    expect(burned).toBeLessThanOrEqual(tokensBefore / 100n);
    const share = (burned * ours) / tokensBefore;
    expect(lost, `the contract's ${ours} on ${victim.moniker} loses its share of the ${burned} burned`).toBeGreaterThanOrEqual(share - 1n);
    expect(lost).toBeLessThanOrEqual(share + 1n);
    for (const v of vals.filter((x) => x.operator !== victim.operator)) expect(after.get(v.operator)).toBe(before.get(v.operator));
    // The loss is in V (delegations after slashing), so it lowers every stk's value alike. Rewards
    // keep raising V meanwhile, so compare the delegated part, which moved only by the slash.
    const s = await state();
    expect(BigInt(stateBefore.delegated) - BigInt(s.delegated)).toBe(lost);
    expect(s.paused, "a 1 % slash on a fifth of the stake stays far below the breaker's 5 %").toBe(false);
    log(`slashed: the contract lost ${lost} uxprt of ${before.get(victim.operator)} on ${victim.moniker}; rate ${stateBefore.exchange_rate} → ${s.exchange_rate}`);
  });

  it("after the unbonding, reconcile credits batch 1 with what the chain returned; alice and bob get 3 : 1", async () => {
    // What the chain returns for batch 1: its entries' balances at completion (a downtime slash
    // does not cut entries created before its infraction height, so they are expected whole).
    const entries = (await unbondingEntries(rpc, contract)).filter((e) => e.completion === end1);
    expect(entries).toHaveLength(VALIDATORS);
    const returned = entries.reduce((x, e) => x + e.balance, 0n);
    const cut = entries.filter((e) => e.balance < e.initial).length;
    log(`batch ${batch1}: ${cut} of ${entries.length} unbonding entries cut by the slash; the chain returns ${returned}`);

    const r = await reconcileAfter(end1, batch1);
    expect(r.settled).toBe(String(batch1));
    expect(BigInt(r.expected)).toBe(BigInt((await batch(batch1)).undelegated));
    expect(BigInt(r.arrived), "reconcile counts what the chain paid out").toBe(returned);
    expect(BigInt(r.shortfall)).toBe(BigInt(r.expected) - returned);
    expect(BigInt((await batch(batch1)).received!)).toBe(returned);
    const [pa, pb] = await withdrawAll(batch1, q1);
    expect((pa * 1_000n) / pb).toBeGreaterThanOrEqual(2_990n); // 3 : 1
    expect((pa * 1_000n) / pb).toBeLessThanOrEqual(3_010n);
    log(`batch ${batch1} reconciled (expected ${r.expected}, arrived ${r.arrived}, shortfall ${r.shortfall}); paid alice ${pa}, bob ${pb}`);
  });

  it("a batch queued before the slash and submitted after it is priced at the slashed rate and paid pro rata", async () => {
    const b = stk.bob / 4n;
    expect(await queue(bob, b)).toBe(batch2);
    q2.push([bob, b]);
    const queued = BigInt((await query<{ stk: string }>({ current_batch: {} })).stk);
    expect(queued).toBe(q2[0][1] + b);
    const rateBefore = atomics((await state()).exchange_rate);
    const res = await exec(owner, { submit_batch: {} });
    const sub = event(res, contract, "submit_batch");
    const rateAfter = atomics((await state()).exchange_rate);
    expect(sub.burned).toBe(queued.toString());
    // native = floor(stk × V / S) in the block of submission, V counting the slashed stake; without
    // another slash the rate only rises (rewards), so it lies between the rates read around the tx.
    const native = BigInt(sub.native);
    expect(native).toBeGreaterThanOrEqual((queued * rateBefore) / 10n ** 18n);
    expect(native).toBeLessThanOrEqual((queued * rateAfter) / 10n ** 18n + 1n);
    const end2 = BigInt((await batch(batch2)).unbond_end);
    // The chain converts each undelegated amount to shares and back, truncating: on the slashed
    // validator (tokens/shares no longer 1) an entry may hold a unit less than asked for.
    const entries = (await unbondingEntries(rpc, contract)).filter((e) => e.creationHeight === BigInt(res.height));
    expect(entries).toHaveLength(VALIDATORS);
    const onChain = entries.reduce((x, e) => x + e.initial, 0n);
    expect(BigInt(sub.undelegated) - onChain).toBeGreaterThanOrEqual(0n);
    expect(BigInt(sub.undelegated) - onChain).toBeLessThanOrEqual(BigInt(VALIDATORS));
    // The batch expects what the chain said it undelegated, truncation included.
    expect(BigInt((await batch(batch2)).undelegated)).toBe(onChain);

    const r = await reconcileAfter(end2, batch2);
    expect(r.settled).toBe(String(batch2));
    expect(BigInt(r.expected)).toBe(onChain);
    // the batch receives what the chain paid out for it
    expect(BigInt(r.arrived), "reconcile counts what the chain paid out").toBe(entries.reduce((x, e) => x + e.balance, 0n));
    expect(BigInt(r.shortfall)).toBe(BigInt(r.expected) - BigInt(r.arrived));
    expect(BigInt((await batch(batch2)).received!)).toBe(BigInt(r.arrived));
    const [pa, pb] = await withdrawAll(batch2, q2);
    const st = await state();
    expect(BigInt(st.claimable), "the batches' last claimants took the rests").toBe(0n);
    expect(BigInt(st.unbonding)).toBe(0n);
    expect(BigInt(st.surplus)).toBe(0n);
    await delegationsAgree();
    log(`batch ${batch2}: ${queued} stk → ${native} uxprt (shortfall ${r.shortfall}); paid alice ${pa}, bob ${pb}; rate now ${st.exchange_rate}`);
  });
});
