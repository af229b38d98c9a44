// A real double sign on a 4-validator localnet ("dsign", ports + 4000): a second node runs val3's
// consensus key (Localnet.startTwin), CometBFT turns its conflicting votes into evidence and
// x/evidence slashes val3 (5 %), jails and tombstones it. Meanwhile plain accounts undelegate from
// val3 in every block: before the infraction, after it but before the evidence lands, and after.
// The chain must slash exactly the entries created at or after the infraction height − 1 and
// before the evidence block, by 5 % of their initial balance, and pay each account what is left;
// the simulator, replaying the same transactions at the same heights with slashForDoubleSign at
// the evidence block, must agree entry by entry and on the validator's tokens.
// The honest validators first get as much stake as val3 will hold (`outweigh`, tests/e2e/chain.ts):
// with the accounts' stake val3 held 59 % of the power, and a double signer holding a third or
// more can fork the network (in CI and again here: a node committed another block; the chain stopped).
// About 2.5 minutes: network ~10 s, evidence usually 5-20 s after the twin starts, payouts after
// the unbonding time (90 s on this network).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coins } from "@cosmjs/proto-signing";
import { QueryClient, assertIsDeliverTxSuccess, setupStakingExtension } from "@cosmjs/stargate";
import { connectComet } from "@cosmjs/tendermint-rpc";
import { QueryAllEvidenceRequest, QueryAllEvidenceResponse } from "cosmjs-types/cosmos/evidence/v1beta1/query";
import { Equivocation } from "cosmjs-types/cosmos/evidence/v1beta1/evidence";
import { DENOM, Localnet, VALIDATOR_INDEX, accounts, chainValidators, selfBond, sleep } from "../../chain/localnet";
import { App } from "@persistence-ts/simulator/app/app";
import { powerAt } from "@persistence-ts/simulator/app/staking";
import { DelegationsAt, Signer, outweigh, signer } from "./chain";

const VALIDATORS = 4;
const DOUBLE_SIGNER = 3;
const UNBONDING_S = 90; // longer than the wait for evidence: every entry is still pending when it lands
const EXTRA = 30; // accounts m/44'/118'/0'/0/20… funded by user9, each undelegating in turn
const STAKE = 10_000_000n;
const PIECE = 1_000_003n; // each undelegation: 5 % of it is 50,000.15 → 50,000
const EVIDENCE_TIMEOUT_MS = 60_000;

/** A transaction's place on the chain: its block and its index in the block. */
interface TxAt {
  account: string;
  height: number;
  txIndex: number;
}

describe("a double sign on a 4-validator localnet", () => {
  const net = new Localnet("dsign");
  let rpc: string;
  let val3: string;
  const signers: Signer[] = [];
  const delegatedAt: TxAt[] = [];
  const undelegations: TxAt[] = [];
  /** Each account's balance after its last transaction. */
  const balanceAfter = new Map<string, bigint>();
  let twinStarted = 0;
  let ballast: DelegationsAt;

  beforeAll(async () => {
    await net.reset({ validators: VALIDATORS, portOffset: 4000, genesis: { unbondingTime: `${UNBONDING_S}s` } });
    rpc = net.rpcUrl(0);
    val3 = (await chainValidators(rpc)).find((v) => v.moniker === `val${DOUBLE_SIGNER}`)!.operator;
    // user0 … user8 and EXTRA more accounts (funded by user9), each delegating STAKE to val3
    for (let i = 0; i < 9; i++) signers.push(await signer(rpc, i));
    const funder = await signer(rpc, 9);
    const extra = await accounts(20, EXTRA);
    const sends = extra.map((toAddress) => ({ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: funder.address, toAddress, amount: coins(100_000_000, DENOM) } }));
    assertIsDeliverTxSuccess(await funder.client.signAndBroadcast(funder.address, sends, "auto"));
    for (let i = 0; i < EXTRA; i++) signers.push(await signer(rpc, 20 + i));
    // val3 ends up with its self-bond and every account's STAKE: the others must outweigh it
    ballast = await outweigh(rpc, funder, val3, selfBond(DOUBLE_SIGNER, VALIDATORS) + BigInt(signers.length) * STAKE);
    const results = await Promise.all(signers.map((s) => s.client.delegateTokens(s.address, val3, { denom: DENOM, amount: STAKE.toString() }, "auto")));
    results.forEach((r, i) => {
      assertIsDeliverTxSuccess(r);
      delegatedAt.push({ account: signers[i].address, height: r.height, txIndex: r.txIndex });
    });
  });

  afterAll(async () => {
    for (const s of signers) s.client.disconnect();
    await net.stop();
  });

  it("slashes only the entries created from the infraction height − 1 until the evidence, and pays the rest", async () => {
    const undelegate = async (s: Signer) => {
      const r = await s.client.undelegateTokens(s.address, val3, { denom: DENOM, amount: PIECE.toString() }, "auto");
      assertIsDeliverTxSuccess(r);
      undelegations.push({ account: s.address, height: r.height, txIndex: r.txIndex });
      balanceAfter.set(s.address, BigInt((await s.client.getBalance(s.address, DENOM)).amount));
    };
    const power = await chainValidators(rpc);
    const total = power.reduce((t, v) => t + BigInt(v.tokens), 0n);
    expect(BigInt(power.find((v) => v.operator === val3)!.tokens) * 4n, "val3 holds at most a quarter of the power").toBeLessThanOrEqual(total);
    await undelegate(signers[0]); // before the twin exists: before any infraction
    await net.startTwin(DOUBLE_SIGNER);
    twinStarted = Date.now();
    // two accounts undelegate per round (one block or two) until the evidence has landed, and two rounds after
    let next = 1;
    let roundsAfter = -1;
    while (roundsAfter < 2) {
      if (Date.now() - twinStarted > EVIDENCE_TIMEOUT_MS) throw new Error(`no double-sign evidence ${EVIDENCE_TIMEOUT_MS / 1000} s after the twin started (see ${net.twinLogFile(DOUBLE_SIGNER)})`);
      const round = [signers[next % signers.length], signers[(next + 1) % signers.length]];
      next += 2;
      await Promise.all(round.map(undelegate));
      const jailed = (await chainValidators(rpc)).find((v) => v.operator === val3)!.jailed;
      if (jailed || roundsAfter >= 0) roundsAfter++;
    }
    await net.stopTwin(DOUBLE_SIGNER);
    console.log(`    evidence ${((Date.now() - twinStarted) / 1000).toFixed(1)} s after the twin started; ${undelegations.length} undelegations`);

    // the chain's evidence (infraction height H) and the block E whose BeginBlocker slashed
    const comet = await connectComet(rpc);
    const q = QueryClient.withExtensions(comet, setupStakingExtension);
    const all = QueryAllEvidenceResponse.decode((await q.queryAbci("/cosmos.evidence.v1beta1.Query/AllEvidence", QueryAllEvidenceRequest.encode({}).finish())).value);
    expect(all.evidence).toHaveLength(1);
    const evidence = Equivocation.decode(all.evidence[0].value);
    const H = Number(evidence.height);
    const E = await slashBlock(rpc, H);
    console.log(`    infraction at height ${H}, power ${evidence.power}; slashed in block ${E}`);

    // every entry: slashed by 5 % of its initial balance iff created in [H − 1, E)
    const reached = (h: number) => h >= H - 1 && h < E;
    const entries = new Map<string, Array<{ height: number; initial: bigint; balance: bigint }>>();
    for (const s of signers) {
      const res = await q.staking.unbondingDelegation(s.address, val3).catch(() => undefined);
      entries.set(s.address, (res?.unbond?.entries ?? []).map((e) => ({ height: Number(e.creationHeight), initial: BigInt(e.initialBalance), balance: BigInt(e.balance) })));
    }
    const flat = [...entries.values()].flat();
    expect(flat.length).toBe(undelegations.length);
    // x/slashing's default slash_fraction_double_sign: 0.05
    for (const e of flat) expect(e.balance).toBe(reached(e.height) ? e.initial - (e.initial * 5n) / 100n : e.initial);
    const before = flat.filter((e) => e.height < H - 1);
    const inWindow = flat.filter((e) => reached(e.height));
    const after = flat.filter((e) => e.height >= E);
    console.log(`    entries: ${before.length} before H − 1, ${inWindow.length} in [H − 1, E), ${after.length} from E on`);
    expect(before.length).toBeGreaterThan(0);
    expect(inWindow.length).toBeGreaterThan(0); // an undelegation between the infraction and the evidence
    expect(after.length).toBeGreaterThan(0);

    // the simulator, replaying the same transactions at the same heights, agrees
    const validators = await chainValidators(rpc);
    const sim = await replay(rpc, ballast, delegatedAt, undelegations, val3, H, E);
    expect(powerAt(sim.store, val3, H, sim.block.height)).toBe(evidence.power);
    expect(sim.staking.totalBonded(sim.store, val3)).toBe(BigInt(validators.find((v) => v.operator === val3)!.tokens));
    for (const s of signers) {
      const simEntries = sim.staking.unbondingEntries(sim.store, s.address).map((e) => ({ height: e.creationHeight, initial: e.initialBalance, balance: e.balance }));
      expect(simEntries, `entries of ${s.address}`).toEqual(entries.get(s.address));
    }

    // after the unbonding time each account is paid its entries' balances
    const lastCompletion = Date.now() + UNBONDING_S * 1000;
    while (Date.now() < lastCompletion + 3_000) await sleep(1_000);
    for (const s of signers.filter((x) => balanceAfter.has(x.address))) {
      const paid = BigInt((await s.client.getBalance(s.address, DENOM)).amount) - balanceAfter.get(s.address)!;
      expect(paid, `paid to ${s.address}`).toBe(entries.get(s.address)!.reduce((t, e) => t + e.balance, 0n));
    }
    comet.disconnect();
  }, 300_000);
});

/** The first block from `from` on whose FinalizeBlock events hold x/slashing's double-sign `slash` event. */
async function slashBlock(rpc: string, from: number): Promise<number> {
  for (let h = from; h < from + 200; h++) {
    const res = (await (await fetch(`${rpc}/block_results?height=${h}`)).json()) as { result?: { finalize_block_events?: Array<{ type: string; attributes: Array<{ key: string; value: string }> }> } };
    const events = res.result?.finalize_block_events ?? [];
    if (events.some((e) => e.type === "slash" && e.attributes.some((a) => a.key === "reason" && a.value === "double_sign"))) return h;
  }
  throw new Error(`no double_sign slash event in the 200 blocks from ${from}`);
}

/**
 * The chain's history in the simulator: its validators with their genesis self-bonds, the ballast
 * delegated to the honest validators, every delegation and undelegation at the height (and block time) and in the order it had on the chain, and the
 * evidence for H handled at block E.
 */
async function replay(rpc: string, ballast: DelegationsAt, delegated: TxAt[], undelegated: TxAt[], val3: string, H: number, E: number): Promise<App> {
  const comet = await connectComet(rpc);
  const time = async (h: number) => {
    const t = (await comet.block(h)).block.header.time;
    return BigInt(t.getTime()) * 1_000_000n + BigInt(t.nanoseconds ?? 0);
  };
  const app = new App({ genesisTime: await time(1) });
  app.setUnbondingTime(UNBONDING_S);
  const ops = await accounts(VALIDATOR_INDEX, VALIDATORS);
  const operators = (await chainValidators(rpc)).map((v) => v.operator); // val0 … val3
  for (const [i, op] of ops.entries()) {
    const operator = operators[i];
    app.addValidator({ address: operator, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
    app.mint(op, [{ denom: DENOM, amount: selfBond(i, VALIDATORS).toString() }]);
    app.send(op, { staking: { delegate: { validator: operator, amount: { denom: DENOM, amount: selfBond(i, VALIDATORS).toString() } } } });
  }
  // in the chain's order within a block too: after the slash equal undelegations return different
  // amounts (1,000,002 then 1,000,003, tests/app/staking.test.ts), so the order decides who gets which
  const funder = (await accounts(9, 1))[0];
  for (const d of ballast.delegations) app.mint(funder, [{ denom: DENOM, amount: d.amount.toString() }]);
  const steps = [
    { ...ballast, run: () => ballast.delegations.forEach((d) => app.send(funder, { staking: { delegate: { validator: d.validator, amount: { denom: DENOM, amount: d.amount.toString() } } } })) },
    ...delegated.map((d) => ({ ...d, run: () => app.send(d.account, { staking: { delegate: { validator: val3, amount: { denom: DENOM, amount: STAKE.toString() } } } }) })),
    ...undelegated.map((u) => ({ ...u, run: () => app.send(u.account, { staking: { undelegate: { validator: val3, amount: { denom: DENOM, amount: PIECE.toString() } } } }) })),
  ].sort((a, b) => a.height - b.height || a.txIndex - b.txIndex);
  for (const d of delegated) app.mint(d.account, [{ denom: DENOM, amount: STAKE.toString() }]);
  let evidenceDone = false;
  for (const step of steps) {
    if (!evidenceDone && step.height >= E) {
      // block E's BeginBlocker handles the evidence before E's transactions (Slashing.handleEquivocation)
      await goTo(app, E, time);
      const infractionTime = await time(H);
      app.chainTx((tx) => app.slashing.handleEquivocation(tx, val3, H, infractionTime).events);
      evidenceDone = true;
    }
    if (step.height > app.block.height) await goTo(app, step.height, time);
    step.run();
  }
  comet.disconnect();
  return app;
}

async function goTo(app: App, height: number, time: (h: number) => Promise<bigint>): Promise<void> {
  if (height > app.block.height) app.advanceTo(height, await time(height));
}
