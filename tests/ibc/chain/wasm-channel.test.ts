// A channel between two contracts' ports (wasm.<address>) through `hermes create channel`: wasmd's
// ibc-reflect test contract (x/wasm/keeper/testdata, CosmWasm 1.x; ordered channels, version
// "ibc-reflect-v1", a reflect account instantiated per channel on connect) on both chains.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { State as ChannelState } from "cosmjs-types/ibc/core/channel/v1/channel";
import { goModuleDir, referencePath } from "../../../bench/reference";
import { RealChainPair } from "../chain-pair";

const IBC_REFLECT_SHA256 = "05f304f058c98d439dccb4230ae07a3b9a925f407bef5e9fa213f9c9e3c19138";

let pair: RealChainPair;
let ibcReflect: string;

beforeAll(async () => {
  pair = await RealChainPair.connect();
  ibcReflect = path.join(goModuleDir("github.com/CosmWasm/wasmd", "v0.60.2"), "x/wasm/keeper/testdata/ibc_reflect.wasm");
  expect(createHash("sha256").update(fs.readFileSync(ibcReflect)).digest("hex")).toBe(IBC_REFLECT_SHA256);
});
afterAll(async () => {
  await pair?.close();
});

interface Accounts {
  accounts: Array<{ account: string; channel_id: string }>;
}

describe("a contract-to-contract channel over Hermes", () => {
  it("opens an ordered ibc-reflect-v1 channel: both contracts' connect ran; an unordered one is refused", async () => {
    const ports: string[] = [];
    const contracts: string[] = [];
    for (const side of [pair.a, pair.b]) {
      const reflectCode = await side.upload(0, referencePath("reflect"));
      const addr = await side.instantiate(0, ibcReflect, { reflect_code_id: reflectCode }, "ibc-reflect");
      contracts.push(addr);
      ports.push(`wasm.${addr}`);
    }
    const before = (await pair.channels()).length;
    // ibc_channel_open refuses in OpenInit on a: Hermes' error carries the contract's
    await expect(pair.openChannel(ports[0], ports[1], "ibc-reflect-v1", "unordered")).rejects.toThrow(/Only supports ordered channels/);
    expect((await pair.channels()).length).toBe(before);

    const ch = await pair.openChannel(ports[0], ports[1], "ibc-reflect-v1", "ordered");
    const ends = (await pair.channels()).find((c) => c.channelA === ch.a)!;
    expect(ends).toMatchObject({ portA: ports[0], portB: ports[1], channelB: ch.b, order: "ordered", version: "ibc-reflect-v1" });
    expect([ends.stateA, ends.stateB]).toEqual([ChannelState.STATE_OPEN, ChannelState.STATE_OPEN]);
    // ibc_channel_connect instantiated a reflect account for the channel on each side
    const onA = await pair.a.query<Accounts>(contracts[0], { list_accounts: {} });
    const onB = await pair.b.query<Accounts>(contracts[1], { list_accounts: {} });
    expect(onA.accounts.map((x) => x.channel_id)).toEqual([ch.a]);
    expect(onB.accounts.map((x) => x.channel_id)).toEqual([ch.b]);
  });
});
