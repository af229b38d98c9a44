// The Reply a contract receives, byte for byte, on the simulator and on the local chain (wasmd
// v0.60.2): the recorder fixture keeps the raw JSON of its last reply, read back with a raw query.
// Fields that legitimately differ between the two runs (completion times, reward amounts, the
// recorder's address) are compared by what they must be, everything else for equality; each
// transaction's gas within ±1 % of the chain's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MsgUndelegateResponse } from "cosmjs-types/cosmos/staking/v1beta1/tx";
import { MsgWithdrawDelegatorRewardResponse } from "cosmjs-types/cosmos/distribution/v1beta1/tx";
import { QueryClient, setupStakingExtension } from "@cosmjs/stargate";
import { connectComet } from "@cosmjs/tendermint-rpc";
import { ACCOUNT_BALANCE, DENOM, accounts } from "../../chain/localnet";
import { FEE, chainRewardRate, chainSide } from "../../bench/gas-agreement";
import { App } from "@persistence-ts/simulator/app/app";
import { ContractClient, SimulatorClient } from "@persistence-ts/simulator/client";
import { buildFixture } from "@persistence-ts/testing/fixtures";
import { assertChainUp, rpcUrl } from "./chain";

interface Run {
  client: ContractClient;
  owner: string;
  other: string;
  validator: string;
  recorder: string;
  /** The block time of a height, nanoseconds. */
  blockTime(height: number): Promise<bigint>;
}

const uxprt = (n: bigint | number) => ({ denom: DENOM, amount: n.toString() });

async function deployRecorder(client: ContractClient, owner: string): Promise<string> {
  const { codeId } = await client.upload(owner, buildFixture("recorder"), FEE);
  const { contractAddress } = await client.instantiate(owner, codeId, {}, "recorder", FEE);
  await client.sendTokens(owner, contractAddress, [uxprt(100_000_000)], FEE);
  return contractAddress;
}

/** The chain's unbonding time in seconds (x/staking params). */
async function chainUnbondingSeconds(rpc: string): Promise<bigint> {
  const comet = await connectComet(rpc);
  try {
    return (await QueryClient.withExtensions(comet, setupStakingExtension).staking.params()).params!.unbondingTime!.seconds;
  } finally {
    comet.disconnect();
  }
}

let UNBONDING_S = 0n;

/** The chain's validator, unbonding time and reward rate (so rewards are paid on both sides). */
async function simulatorRun(validator: string, rewardRate: number): Promise<Run> {
  const [owner, other] = await accounts(0, 2);
  const app = new App({ blockSeconds: 1 });
  app.addValidator({ address: validator, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
  app.setUnbondingTime(UNBONDING_S);
  app.chainTx((tx) => app.distribution.setParams(tx, { apr: BigInt(Math.round(rewardRate * 1e6)) * 10n ** 12n }));
  for (const a of [owner, other]) app.mint(a, [uxprt(ACCOUNT_BALANCE)]);
  const client = new SimulatorClient(app);
  return { client, owner, other, validator, recorder: await deployRecorder(client, owner), blockTime: async (h) => app.blockTime(h) };
}

async function chainRun(rpc: string): Promise<Run> {
  const side = await chainSide(rpc);
  const client = side.client as Awaited<ReturnType<typeof chainSide>>["client"] & { getBlock(h: number): Promise<{ header: { time: string } }> };
  const blockTime = async (h: number) => {
    const iso = (await client.getBlock(h)).header.time; // RFC 3339 with up to 9 fractional digits
    const [, whole, frac = ""] = /^(.*?)(?:\.(\d+))?Z$/.exec(iso)!;
    return BigInt(Date.parse(`${whole}Z`)) * 1_000_000n + BigInt(frac.padEnd(9, "0").slice(0, 9));
  };
  return { client, owner: side.owner, other: side.other, validator: side.validators[0], recorder: await deployRecorder(client, side.owner), blockTime };
}

interface Reply {
  gas_used: number;
  id: number;
  payload?: string;
  result: { ok?: { events: Array<{ type: string; attributes: Array<{ key: string; value: string }> }>; data?: string; msg_responses: Array<{ type_url: string; value: string }> }; error?: string };
}

/** Sends `msg` as the recorder's submessage; returns the raw reply, the tx height and its gas. */
function sub(r: Run, msg: unknown, id: number, replyOn = "success"): Promise<{ raw: string; height: number; gas: number }> {
  return run(r, { sub: { msg, id, reply_on: replyOn } });
}

/** Executes `msg` on the recorder; returns its last raw reply, the tx height and its gas. */
async function run(r: Run, msg: unknown): Promise<{ raw: string; height: number; gas: number }> {
  const res = await r.client.execute(r.owner, r.recorder, msg as Record<string, unknown>, FEE);
  const raw = await r.client.queryContractRaw(r.recorder, Buffer.from("last_reply"));
  return { raw: Buffer.from(raw ?? []).toString("utf8"), height: res.height, gas: Number(res.gasUsed) };
}

/** The reply with the run's own recorder address replaced, so the two runs' JSON can be compared. */
const normal = (run: Run, raw: string) => raw.split(run.recorder).join("<recorder>");

describe("replies on the simulator and on the chain (wasmd v0.60.2)", () => {
  const rpc = rpcUrl();
  const runs: Run[] = [];
  const gas: Array<[string, number, number]> = [];

  beforeAll(async () => {
    await assertChainUp(rpc);
    UNBONDING_S = await chainUnbondingSeconds(rpc);
    const chain = await chainRun(rpc);
    runs.push(await simulatorRun(chain.validator, await chainRewardRate(rpc)), chain);
  });

  afterAll(() => {
    for (const [step, sim, chain] of gas) console.log(`    ${step.padEnd(28)} simulator ${sim} chain ${chain} (${(((sim - chain) / chain) * 100).toFixed(2)} %)`);
  });

  /** Runs the step on both sides; returns [simulator, chain]. */
  async function both(step: string, f: (run: Run) => Promise<{ raw: string; height: number; gas: number }>) {
    const out = [];
    for (const run of runs) out.push(await f(run));
    gas.push([step, out[0].gas, out[1].gas]);
    expect(Math.abs(out[0].gas - out[1].gas) / out[1].gas, `${step}: gas ${out[0].gas} vs the chain's ${out[1].gas}`).toBeLessThan(0.01);
    return out;
  }

  it("delegate, bank send: identical bytes", async () => {
    const d = await both("delegate", (r) => sub(r, { staking: { delegate: { validator: r.validator, amount: uxprt(10_000_000) } } }, 1));
    expect(d[0].raw).toBe(d[1].raw);
    expect(d[0].raw).toBe('{"gas_used":0,"id":1,"result":{"ok":{"events":[],"msg_responses":[{"type_url":"/cosmos.staking.v1beta1.MsgDelegateResponse","value":""}]}}}');
    const s = await both("bank send", (r) => sub(r, { bank: { send: { to_address: r.other, amount: [uxprt(1)] } } }, 2, "always"));
    expect(s[0].raw).toBe(s[1].raw);
  });

  it("undelegate: the MsgUndelegateResponse holds the block time + unbonding time and the amount", async () => {
    const u = await both("undelegate", (r) => sub(r, { staking: { undelegate: { validator: r.validator, amount: uxprt(1_000_003) } } }, 3));
    for (const [i, run] of runs.entries()) {
      const reply = JSON.parse(u[i].raw) as Reply;
      expect(Object.keys(reply)).toEqual(["gas_used", "id", "result"]);
      const ok = reply.result.ok!;
      expect(ok.events).toEqual([]);
      expect(ok.msg_responses.map((m) => m.type_url)).toEqual(["/cosmos.staking.v1beta1.MsgUndelegateResponse"]);
      expect(ok.data).toBe(ok.msg_responses[0].value);
      const decoded = MsgUndelegateResponse.decode(Buffer.from(ok.data!, "base64"));
      expect(decoded.amount).toEqual(uxprt(1_000_003));
      const completion = decoded.completionTime!.seconds * 1_000_000_000n + BigInt(decoded.completionTime!.nanos);
      expect(completion).toBe((await run.blockTime(u[i].height)) + UNBONDING_S * 1_000_000_000n);
    }
  });

  it("withdraw rewards: the coins paid, data = the response", async () => {
    const w = await both("withdraw rewards", (r) => sub(r, { distribution: { withdraw_delegator_reward: { validator: r.validator } } }, 4));
    for (const out of w) {
      const ok = (JSON.parse(out.raw) as Reply).result.ok!;
      expect(ok.events).toEqual([]);
      expect(ok.msg_responses[0].type_url).toBe("/cosmos.distribution.v1beta1.MsgWithdrawDelegatorRewardResponse");
      expect(ok.data).toBe(ok.msg_responses[0].value);
      expect(MsgWithdrawDelegatorRewardResponse.decode(Buffer.from(ok.data!, "base64")).amount.map((c) => c.denom)).toEqual([DENOM]);
    }
  });

  it("a wasm submessage: its events with sorted attributes, data = MsgExecuteContractResponse", async () => {
    const self = (r: Run) => ({ wasm: { execute: { contract_addr: r.recorder, msg: Buffer.from(JSON.stringify({ data: "hi" })).toString("base64"), funds: [uxprt(7)] } } });
    const x = await both("wasm execute (funds)", (r) => sub(r, self(r), 5));
    expect(normal(runs[0], x[0].raw)).toBe(normal(runs[1], x[1].raw));
  });

  it("errors: the SDK's codespace and code", async () => {
    const e = await both("undelegate too much", (r) => sub(r, { staking: { undelegate: { validator: r.validator, amount: uxprt(1_000_000_000) } } }, 6, "error"));
    expect(e[0].raw).toBe(e[1].raw);
    expect(e[0].raw).toBe('{"gas_used":0,"id":6,"result":{"error":"codespace: sdk, code: 18"}}');
    // the 8th unbonding entry of (recorder, validator) within the unbonding time (30 s here)
    for (let i = 0; i < 6; i++) await both(`undelegate #${i + 2}`, (r) => sub(r, { staking: { undelegate: { validator: r.validator, amount: uxprt(1_000) } } }, 10 + i, "never"));
    const m = await both("undelegate, 8th entry", (r) => sub(r, { staking: { undelegate: { validator: r.validator, amount: uxprt(1_000) } } }, 20, "error"));
    expect(m[0].raw).toBe(m[1].raw);
    expect(m[0].raw).toBe('{"gas_used":0,"id":20,"result":{"error":"codespace: staking, code: 27"}}');
    // a contract's own error is deterministic: passed through, also from a nested execute
    const self = (r: Run, msg: unknown) => ({ wasm: { execute: { contract_addr: r.recorder, msg: Buffer.from(JSON.stringify(msg)).toString("base64"), funds: [] } } });
    const c = await both("contract error", (r) => sub(r, self(r, { bogus: {} }), 8, "error"));
    expect(normal(runs[0], c[0].raw)).toBe(normal(runs[1], c[1].raw));
    expect(JSON.parse(c[0].raw).result.error).toMatch(/: execute wasm contract failed$/);
    const nested = await both("nested contract error", (r) => sub(r, self(r, { sub: { msg: self(r, { bogus: {} }), id: 1, reply_on: "never" } }), 9, "error"));
    expect(normal(runs[0], nested[0].raw)).toBe(normal(runs[1], nested[1].raw));
    // a submessage's own gas limit: running out is an error the reply sees (sdk 11), the limit is charged
    const limited = await both("gas_limit hit", (r) => run(r, { sub: { msg: self(r, "noop"), id: 21, reply_on: "error", gas_limit: 2_000 } }));
    expect(limited[0].raw).toBe(limited[1].raw);
    expect(limited[0].raw).toBe('{"gas_used":0,"id":21,"result":{"error":"codespace: sdk, code: 11"}}');
    const n = await both("withdraw, bad address", (r) => sub(r, { distribution: { withdraw_delegator_reward: { validator: r.validator.replace(/.$/, (c) => (c === "q" ? "p" : "q")) } } }, 7, "error"));
    expect(n[0].raw).toBe(n[1].raw);
  });
});
