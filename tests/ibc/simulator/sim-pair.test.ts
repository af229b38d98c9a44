// The simulator's ChainPair (tests/ibc/sim-pair.ts): what the shared scenario files rely on.
import { beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_BALANCE, testWallet } from "../../../chain/localnet";
import { SimPair } from "../sim-pair";

let pair: SimPair;
beforeAll(async () => {
  pair = await SimPair.create();
});

describe("SimPair", () => {
  it("two chains with their ids and denoms, the test mnemonic's accounts funded on both", async () => {
    expect([pair.a.chainId, pair.a.denom, pair.b.chainId, pair.b.denom]).toEqual(["localpersistence-1", "uxprt", "localcomdex-1", "ucmdx"]);
    const [first] = await (await testWallet([3])).getAccounts();
    expect(pair.a.address(3)).toBe(first.address);
    expect(await pair.a.balance(first.address, "uxprt")).toBe(ACCOUNT_BALANCE);
    expect(await pair.b.balance(first.address, "ucmdx")).toBe(ACCOUNT_BALANCE);
    expect(pair.transfer).toEqual({ a: "channel-0", b: "channel-0", portA: "transfer", portB: "transfer", version: "ics20-1" });
  });

  it("opens a contract channel, relays a packet and its ack, waits for a timeout", async () => {
    const ca = await pair.a.instantiate(0, "ibc-counter", {}, "counter");
    const cb = await pair.b.instantiate(0, "ibc-counter", {}, "counter");
    const ch = await pair.openChannel(`wasm.${ca}`, `wasm.${cb}`, "counter-1", "unordered");
    expect(ch).toEqual({ a: "channel-1", b: "channel-1", portA: `wasm.${ca}`, portB: `wasm.${cb}`, version: "counter-1" });
    await pair.a.execute(0, ca, { send: { channel_id: ch.a, value: "4", reply: "sync", timeout: { block: { revision: 1, height: 1_000_000 }, timestamp: null } } });
    const { timeNs } = await pair.b.latest();
    const deadline = (timeNs + 20_000_000_000n).toString();
    await pair.a.execute(0, ca, { send: { channel_id: ch.a, value: "6", reply: "sync", timeout: { block: null, timestamp: deadline } } });
    await pair.b.waitUntil({ timeNs: BigInt(deadline) });
    await pair.relayAll();
    const state = await pair.a.query<{ acks: unknown[]; timeouts: unknown[] }>(ca, { state: {} });
    expect(state.acks).toEqual([{ channel_id: "channel-1", sequence: 1, ack: '{"ok":"4"}' }]);
    expect(state.timeouts).toEqual([{ channel_id: "channel-1", sequence: 2 }]);
    await expect(pair.a.execute(0, ca, { send: { channel_id: "channel-9", value: "1", reply: "sync", timeout: { block: null, timestamp: deadline } } })).rejects.toThrow(/no open channel channel-9/);
  });
});
