// ibc-go delivers an acknowledgement to the sender only if, when it parses as ibc-go's
// Acknowledgement ({"result"} / {"error"}), it is exactly that type's JSON (ISA-2025-001,
// AcknowledgePacket). The simulator refuses the same acks (tests/ibc/simulator/contracts.test.ts);
// this is the chain's side of it, with the echo fixture acking each packet with the packet's bytes.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWasm } from "@persistence-ts/testing/fixtures";
import { RealChainPair } from "../chain-pair";

let pair: RealChainPair;
let echo: string;

beforeAll(async () => {
  pair = await RealChainPair.connect();
  echo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ibc-echo-")), "echo.wasm");
  fs.writeFileSync(echo, buildWasm("tests/ibc/fixtures/echo", "tests/ibc/fixtures/echo/contract.ts", "ibc-echo"));
});
afterAll(async () => {
  await pair?.close();
});

describe("acknowledgements in ibc-go's Acknowledgement shape", () => {
  it("are delivered only in ibc-go's exact JSON: an ack with a space is never delivered, and Hermes' batch holds back the channel's later acks with it", async () => {
    const onA = await pair.a.instantiate(0, echo, {}, "echo a");
    const onB = await pair.b.instantiate(0, echo, {}, "echo b");
    const open = () => pair.openChannel(`wasm.${onA}`, `wasm.${onB}`, "echo-1", "unordered");
    const acks = async (channel: string) => (await pair.pending()).filter((p) => p.channel === channel && p.kind === "ack").map((p) => p.sequence);
    const send = async (channel: string, data: string) => {
      await pair.a.execute(0, onA, { send: { channel_id: channel, data } });
      await pair.relayAll();
    };

    const poisoned = await open();
    await send(poisoned.a, '{"error": "x"}'); // received and acknowledged on b; the ack cannot reach a
    expect(await acks(poisoned.a)).toEqual([1]);
    await send(poisoned.a, '{"error":"x"}'); // ibc-go's own form, but `hermes clear packets` sends both acks in one transaction
    expect(await acks(poisoned.a)).toEqual([1, 2]);

    const clean = await open();
    for (const data of ['{"error":"x"}', '{"result":"AQ=="}', '{"ok": 1}']) await send(clean.a, data);
    expect(await acks(clean.a)).toEqual([]); // all delivered
  });
});
