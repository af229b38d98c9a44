// The simulator client speaks SigningCosmWasmClient's API, so deploy code targets either.
import type { SigningCosmWasmClient } from "@cosmjs/cosmwasm";
import { describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { ContractClient, SimulatorClient } from "@persistence-ts/simulator/client";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { buildFixture } from "@persistence-ts/testing/fixtures";

// Compile-time proof that the real client fits the interface deploy code is written against.
const realClientFits = (c: SigningCosmWasmClient): ContractClient => c;
void realClientFits;

const alice = makeAddress("alice");
const bob = makeAddress("bob");

describe("SimulatorClient", () => {
  it("uploads, instantiates, executes and queries like a chain client", async () => {
    const app = new App();
    app.mint(alice, [{ denom: "uxprt", amount: "10000000" }]);
    const client: ContractClient = new SimulatorClient(app);
    const fee = { amount: [{ denom: "uxprt", amount: "5000" }], gas: "2000000" };

    const up = await client.upload(alice, buildFixture("probe"), fee);
    expect(up.codeId).toBe(1);
    expect(up.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(up.transactionHash).toMatch(/^[0-9A-F]{64}$/);

    const inst = await client.instantiate(alice, up.codeId, {}, "probe", fee, { admin: alice });
    const height = await client.getHeight();
    const exec = await client.execute(alice, inst.contractAddress, { put: { key: "a", value: "b" } }, fee);
    expect(exec.height).toBe(height);
    expect(await client.getHeight()).toBe(height + 1);
    expect(exec.gasUsed).toBeGreaterThan(0n);
    expect(exec.gasWanted).toBe(2000000n);
    expect(await client.queryContractSmart(inst.contractAddress, { notes: {} })).toEqual([["a", "b"]]);

    // Three transactions paid 5000 each.
    expect(await client.getBalance(alice, "uxprt")).toEqual({ denom: "uxprt", amount: String(10000000 - 3 * 5000) });
    await client.sendTokens(alice, bob, [{ denom: "uxprt", amount: "1" }], "auto");
    expect((await client.getBalance(bob, "uxprt")).amount).toBe("1");
  });

  it("fails a transaction whose gas limit is too low, charging no state", async () => {
    const app = new App();
    app.mint(alice, [{ denom: "uxprt", amount: "1000" }]);
    const client = new SimulatorClient(app);
    const { codeId } = await client.upload(alice, buildFixture("probe"), "auto");
    const { contractAddress } = await client.instantiate(alice, codeId, {}, "probe", "auto");
    await expect(client.execute(alice, contractAddress, { put: { key: "k", value: "v" } }, { amount: [], gas: "61000" })).rejects.toThrow(/out of gas/);
    expect(await client.queryContractSmart(contractAddress, { notes: {} })).toEqual([]);
  });
});
