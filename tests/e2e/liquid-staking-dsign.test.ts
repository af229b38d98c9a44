// Liquid staking around a real double sign (issue 15, "Done when"): on a 4-validator localnet
// ("lsdsign", ports + 6000, unbonding time 90 s) a second node runs val3's consensus key
// (Localnet.startTwin); CometBFT turns its conflicting votes into evidence and x/evidence slashes
// val3 by 5 % for the infraction height H, which reaches the unbonding entries created from H − 1
// until the evidence block E — two blocks (chain/README.md). Which block is H cannot be known in
// advance, so many liquid-staking contracts (one code) each hold a batch ready, and while the
// evidence is pending (from the moment the twin has synced) one of them submits in nearly every
// block; a few submit before the twin starts and after the evidence. Each contract's batches settle apart (its keeper calls twice after
// each completion), so every batch must receive exactly what the chain paid for it: the balances of
// the entries its submission created, 5 % less on val3 for those created in [H − 1, E).
//
// A contract's config.unbonding_period only sets its epoch rule (the chain's answer times the
// batches); 7 s with 1 s epochs here. About 3 minutes.
import * as fs from "fs";
import * as path from "path";
import { QueryClient, setupStakingExtension } from "@cosmjs/stargate";
import { connectComet, fromRfc3339WithNanoseconds } from "@cosmjs/tendermint-rpc";
import { QueryAllEvidenceRequest, QueryAllEvidenceResponse } from "cosmjs-types/cosmos/evidence/v1beta1/query";
import { Equivocation } from "cosmjs-types/cosmos/evidence/v1beta1/evidence";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DENOM, Localnet, chainValidators, height, ports, selfBond, sleep } from "../../chain/localnet";
import { Signer, outweigh, signer } from "./chain";

const ROOT = path.resolve(__dirname, "../..");
const WASM = path.join(ROOT, "artifacts", "liquid-staking.wasm");
const VALIDATORS = 4;
const DOUBLE_SIGNER = 3;
const UNBONDING_S = 90;
const XPRT = 1_000_000n;
const SIGNERS = 10;
/** Contracts whose batch goes out while the evidence is pending (one every STREAM_MS), and before/after it. */
const STREAM = 60;
const BEFORE = 3;
const AFTER = 3;
const STREAM_MS = 300;
const EVIDENCE_TIMEOUT_MS = 90_000;

type Attrs = Record<string, string>;
interface TxLike {
  height: number;
  events: readonly { type: string; attributes: readonly { key: string; value: string }[] }[];
}
interface Batch {
  id: number;
  liquid: string;
  undelegated: string;
  unbond_end: string;
  received: string | null;
}
interface Submission {
  contract: string;
  id: number;
  height: number;
}

/** The merged wasm attributes of `contract` in a transaction (the call's and its replies'). */
function attrsOf(res: TxLike, contract: string): Attrs {
  const out: Attrs = {};
  for (const e of res.events) {
    if (e.type !== "wasm") continue;
    const a: Attrs = Object.fromEntries(e.attributes.map((x) => [x.key, x.value]));
    if (a._contract_address === contract) Object.assign(out, a);
  }
  return out;
}

/** The latest block's time, nanoseconds. */
async function chainTime(rpc: string): Promise<bigint> {
  const res = (await (await fetch(`${rpc}/status`, { signal: AbortSignal.timeout(5_000) })).json()) as { result: { sync_info: { latest_block_time: string } } };
  const t = fromRfc3339WithNanoseconds(res.result.sync_info.latest_block_time);
  return BigInt(t.getTime()) * 1_000_000n + BigInt(t.nanoseconds ?? 0);
}

/**
 * Waits until the twin has synced the chain (it double-signs from then on, at val3's next turn):
 * its RPC (the ports of validator slot VALIDATORS + i) reports a height within 2 of the network's.
 */
async function twinSynced(rpc: string, i: number, timeoutMs: number): Promise<void> {
  const twinRpc = `http://127.0.0.1:${ports(VALIDATORS + i, 6000).rpc}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [mine, chain] = await Promise.all([height(twinRpc).catch(() => null), height(rpc)]);
    if (mine !== null && chain !== null && mine >= chain - 2) return;
    if (Date.now() > deadline) throw new Error(`the twin of validator ${i} has not synced after ${timeoutMs / 1000} s (at ${mine}, the chain at ${chain})`);
    await sleep(250);
  }
}

/** The first block from `from` on whose FinalizeBlock events hold x/slashing's double-sign `slash` event. */
async function slashBlock(rpc: string, from: number): Promise<number> {
  for (let h = from; h < from + 400; h++) {
    const res = (await (await fetch(`${rpc}/block_results?height=${h}`)).json()) as { result?: { finalize_block_events?: Array<{ type: string; attributes: Array<{ key: string; value: string }> }> } };
    const events = res.result?.finalize_block_events ?? [];
    if (events.some((e) => e.type === "slash" && e.attributes.some((a) => a.key === "reason" && a.value === "double_sign"))) return h;
  }
  throw new Error(`no double_sign slash event in the 400 blocks from ${from}`);
}

describe("liquid staking around a double sign on a 4-validator localnet", () => {
  const net = new Localnet("lsdsign");
  let rpc = "";
  const signers: Signer[] = [];
  /** contracts[k] is run by signers[k % SIGNERS]. */
  const contracts: string[] = [];
  let val3 = "";
  const started = Date.now();
  const log = (s: string) => console.log(`    [${((Date.now() - started) / 1000).toFixed(1)} s] ${s}`);

  const who = (k: number) => signers[k % SIGNERS];
  const exec = (k: number, msg: Record<string, unknown>, funds?: { denom: string; amount: string }[]) =>
    who(k).client.execute(who(k).address, contracts[k], msg, "auto", undefined, funds) as Promise<TxLike>;
  const query = <T>(k: number, msg: Record<string, unknown>) => who(k).client.queryContractSmart(contracts[k], msg) as Promise<T>;
  const jailed = async () => (await chainValidators(rpc)).find((v) => v.operator === val3)!.jailed;
  /** Runs `f` for every contract, one signer's contracts after another, the signers in parallel. */
  const perSigner = async (ks: number[], f: (k: number) => Promise<void>) =>
    Promise.all([...Array(SIGNERS).keys()].map(async (s) => {
      for (const k of ks.filter((x) => x % SIGNERS === s)) await f(k);
    }));

  beforeAll(async () => {
    expect(fs.existsSync(WASM), `${WASM} missing: run npm run build`).toBe(true);
    await net.reset({ validators: VALIDATORS, portOffset: 6000, genesis: { unbondingTime: `${UNBONDING_S}s` } });
    rpc = net.rpcUrl(0);
    for (let i = 0; i < SIGNERS; i++) signers.push(await signer(rpc, i));
    const vals = await chainValidators(rpc);
    val3 = vals.find((v) => v.moniker === `val${DOUBLE_SIGNER}`)!.operator;
    const { codeId } = await signers[0].client.upload(signers[0].address, fs.readFileSync(WASM), "auto", "liquid-staking dsign e2e");
    // val3 has the largest weight: the first bond, which fills at most three validators, reaches it.
    const msg = {
      name: "Staked XPRT",
      symbol: "stkXPRT",
      bond_denom: DENOM,
      validators: vals.map((v) => ({ address: v.operator, weight: v.operator === val3 ? 4000 : 2000 })),
      unbonding_period: 7,
      epoch_period: 1,
    };
    const total = BEFORE + STREAM + AFTER;
    contracts.length = total;
    // at most every contract's bond lands on val3: the others must outweigh that (tests/e2e/chain.ts)
    await outweigh(rpc, signers[SIGNERS - 1], val3, selfBond(DOUBLE_SIGNER, VALIDATORS) + BigInt(total) * 50n * XPRT);
    await perSigner([...Array(total).keys()], async (k) => {
      const s = who(k);
      contracts[k] = (await s.client.instantiate(s.address, codeId, msg, `stkXPRT dsign ${k}`, "auto", { admin: s.address })).contractAddress;
      await exec(k, { bond: {} }, [{ denom: DENOM, amount: (50n * XPRT).toString() }]);
      await exec(k, { queue_unbond: { amount: (10n * XPRT).toString() } });
    });
    log(`network "lsdsign" at ${rpc}; ${total} liquid-staking contracts, each with a batch ready`);
  }, 400_000);

  afterAll(async () => {
    for (const s of signers) s.client.disconnect();
    await net.stop();
  });

  it("pays each batch exactly what the chain paid for it: entries created from the infraction until the evidence lose 5 % on val3", async () => {
    const submissions: Submission[] = [];
    const submit = async (k: number) => {
      const res = await exec(k, { submit_batch: {} });
      submissions.push({ contract: contracts[k], id: Number(attrsOf(res, contracts[k]).batch_id), height: res.height });
    };
    // Before: the first contracts submit, and queue again for a second batch in the stream.
    await perSigner([...Array(BEFORE).keys()], async (k) => {
      await submit(k);
      await exec(k, { queue_unbond: { amount: (10n * XPRT).toString() } });
    });
    await sleep(1_100); // their 1 s epoch
    await net.startTwin(DOUBLE_SIGNER);
    const twin = Date.now();
    await twinSynced(rpc, DOUBLE_SIGNER, EVIDENCE_TIMEOUT_MS);
    log(`the twin synced ${((Date.now() - twin) / 1000).toFixed(1)} s after it started`);
    // While the evidence is pending: a submission every STREAM_MS, each contract once. A signer's
    // next transaction waits for its previous one: on a loaded machine a transaction can take longer
    // than the SIGNERS × STREAM_MS between a signer's turns, and signing before it commits reuses
    // its sequence ("account sequence mismatch").
    const lanes: Promise<void>[] = signers.map(() => Promise.resolve());
    const queued = (k: number): Promise<void> => {
      const done = lanes[k % SIGNERS].then(() => submit(k));
      lanes[k % SIGNERS] = done.catch(() => {});
      return done;
    };
    const inFlight: Promise<void>[] = [];
    let next = 0;
    let evidence = false;
    while (!evidence) {
      if (Date.now() - twin > EVIDENCE_TIMEOUT_MS) throw new Error(`no double-sign evidence ${EVIDENCE_TIMEOUT_MS / 1000} s after the twin started (see ${net.twinLogFile(DOUBLE_SIGNER)})`);
      if (next < BEFORE + STREAM) inFlight.push(queued(next++));
      await sleep(STREAM_MS);
      if (next % 3 === 0) evidence = await jailed();
    }
    await Promise.all(inFlight);
    await net.stopTwin(DOUBLE_SIGNER);
    log(`val3 jailed ${((Date.now() - twin) / 1000).toFixed(1)} s after the twin started; ${submissions.length} batches so far`);
    await perSigner([...Array(AFTER).keys()].map((i) => BEFORE + STREAM + i), submit);

    // The infraction height H and the block E that slashed: entries created in [H − 1, E) are cut.
    const comet = await connectComet(rpc);
    const q = QueryClient.withExtensions(comet, setupStakingExtension);
    const all = QueryAllEvidenceResponse.decode((await q.queryAbci("/cosmos.evidence.v1beta1.Query/AllEvidence", QueryAllEvidenceRequest.encode({}).finish())).value);
    expect(all.evidence).toHaveLength(1);
    const H = Number(Equivocation.decode(all.evidence[0].value).height);
    const E = await slashBlock(rpc, H);
    const reached = (h: number) => h >= H - 1 && h < E;
    const side = (h: number) => (h < H - 1 ? "before" : reached(h) ? "between" : "after");
    const count = (s: string) => submissions.filter((b) => side(b.height) === s).length;
    log(`infraction at height ${H}, evidence in block ${E}: ${count("before")} batches before, ${count("between")} between, ${count("after")} after`);

    // What the chain will pay each batch: its entries' balances (final: no other slash is coming).
    const paid = new Map<string, bigint>();
    const cut = new Map<string, bigint>();
    const key = (c: string, id: number) => `${c}#${id}`;
    for (const c of new Set(submissions.map((b) => b.contract))) {
      const res = await q.staking.delegatorUnbondingDelegations(c);
      for (const u of res.unbondingResponses) {
        for (const e of u.entries) {
          const b = submissions.find((x) => x.contract === c && BigInt(x.height) === BigInt(e.creationHeight))!;
          const initial = BigInt(e.initialBalance);
          const expected = u.validatorAddress === val3 && reached(b.height) ? initial - (initial * 5n) / 100n : initial;
          expect(BigInt(e.balance), `batch ${b.id} of ${c} on ${u.validatorAddress} (${side(b.height)})`).toBe(expected);
          paid.set(key(c, b.id), (paid.get(key(c, b.id)) ?? 0n) + BigInt(e.balance));
          cut.set(key(c, b.id), (cut.get(key(c, b.id)) ?? 0n) + initial - BigInt(e.balance));
        }
      }
    }
    comet.disconnect();
    expect(count("before")).toBeGreaterThan(0);
    expect(count("between"), "a batch submitted between the infraction and the evidence").toBeGreaterThan(0);
    expect(count("after")).toBeGreaterThan(0);
    for (const b of submissions) expect(cut.get(key(b.contract, b.id))! > 0n, `batch ${b.id} of ${b.contract} (${side(b.height)}) cut`).toBe(side(b.height) === "between");

    // Each contract's keeper: after each of its batches' completion, calls until it settles (alone).
    const used = [...new Set(submissions.map((b) => b.contract))].map((c) => contracts.indexOf(c));
    await perSigner(used, async (k) => {
      const own = (await query<{ batches: Batch[] }>(k, { batches: { limit: 100 } })).batches.sort((a, b) => Number(BigInt(a.unbond_end) - BigInt(b.unbond_end)));
      for (const b of own) {
        while ((await chainTime(rpc)) <= BigInt(b.unbond_end)) await sleep(500);
        let settled: string | undefined;
        for (let call = 0; call < 4 && settled === undefined; call++) settled = attrsOf(await exec(k, { reconcile: {} }), contracts[k]).settled;
        expect(settled, `batch ${b.id} of ${contracts[k]} settles alone`).toBe(String(b.id));
      }
      for (const b of (await query<{ batches: Batch[] }>(k, { batches: { limit: 100 } })).batches) {
        const h = submissions.find((x) => x.contract === contracts[k] && x.id === b.id)!.height;
        expect(BigInt(b.received!), `batch ${b.id} of ${contracts[k]} (${side(h)}) receives what the chain paid for it`).toBe(BigInt(b.liquid) + paid.get(key(contracts[k], b.id))!);
      }
      const w = attrsOf(await exec(k, { withdraw_unbonded: {} }), contracts[k]);
      const st = await query<Record<string, string>>(k, { state: {} });
      expect(st).toMatchObject({ claimable: "0", unbonding: "0", surplus: "0" });
      expect(BigInt(w.amount) > 0n).toBe(true);
    });
    const between = submissions.filter((b) => side(b.height) === "between");
    log(`every batch paid what the chain paid for it; between the infraction and the evidence: ${between.map((b) => `height ${b.height}, cut ${cut.get(key(b.contract, b.id))}`).join("; ")}`);
  }, 600_000);
});
