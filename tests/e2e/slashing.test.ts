// Downtime slashing on a real 3-validator network: a stopped validator is jailed and slashed.
// Uses its own localnet ("slashing", ports + 1000) so it never disturbs the network under test;
// takes about 30 s (network set-up ~8 s, jailed ~20 s after the stop, at height 21).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENESIS_PARAMS, Localnet, chainValidators, height, selfBond, sleep } from "../../chain/localnet";

const VALIDATORS = 3;
const STOPPED = VALIDATORS - 1; // the smallest validator: the others keep > 2/3 of the power

describe("downtime slashing on a 3-validator localnet", () => {
  const net = new Localnet("slashing");

  beforeAll(async () => {
    await net.reset({ validators: VALIDATORS, portOffset: 1000 });
  });

  afterAll(async () => {
    await net.stop();
  });

  it(`jails and slashes (${GENESIS_PARAMS.slashFractionDowntime}) a validator that stops signing`, async () => {
    const rpc = net.rpcUrl(0);
    const before = await chainValidators(rpc);
    expect(before).toHaveLength(VALIDATORS);
    expect(before.every((v) => v.status === "bonded" && !v.jailed)).toBe(true);
    const victim = before.find((v) => v.moniker === `val${STOPPED}`)!;
    const bonded = selfBond(STOPPED, VALIDATORS);
    expect(BigInt(victim.tokens)).toBe(bonded);

    expect(await net.stop(STOPPED)).toEqual([STOPPED]);
    const stoppedAt = Date.now();
    const h0 = (await height(rpc))!;
    let after = before;
    for (;;) {
      after = await chainValidators(rpc);
      if (after.find((v) => v.operator === victim.operator)!.jailed) break;
      if (Date.now() - stoppedAt > 90_000) throw new Error(`val${STOPPED} not jailed 90 s after it stopped (height ${h0} → ${await height(rpc)})`);
      await sleep(500);
    }
    const seconds = (Date.now() - stoppedAt) / 1000;
    const h1 = (await height(rpc))!;
    console.log(`    val${STOPPED} jailed ${seconds.toFixed(1)} s after it stopped (height ${h0} → ${h1})`);

    const jailed = after.find((v) => v.operator === victim.operator)!;
    expect(jailed.status).not.toBe("bonded");
    // slash_fraction_downtime 0.01 of the bonded tokens (no delegations besides the self-bond)
    expect(BigInt(jailed.tokens)).toBe(bonded - bonded / 100n);
    // the others keep producing blocks and keep their stake
    for (const v of after.filter((v) => v.operator !== victim.operator)) {
      expect(v).toMatchObject({ status: "bonded", jailed: false, tokens: before.find((b) => b.operator === v.operator)!.tokens });
    }
    await sleep(1500);
    expect((await height(rpc))!).toBeGreaterThan(h1);
  });
});
