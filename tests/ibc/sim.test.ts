// The shared IBC scenarios (tests/ibc/scenarios.ts) on the multi-chain simulator; the same
// scenarios run on two local chains joined by Hermes in tests/ibc/chain/scenarios.test.ts.
import { beforeAll, describe, it } from "vitest";
import { Counters, counterHandshake, counterPackets, deployCounters, ics20Refunds, ics20RoundTrip, orderedTimeoutCloses, counterTransferAndClose } from "./scenarios";
import { SimPair } from "./sim-pair";

describe("IBC scenarios on the simulator", () => {
  let pair: SimPair;
  let counters: Counters;
  beforeAll(async () => {
    pair = await SimPair.create();
    counters = await deployCounters(pair, "ibc-counter");
  });

  it("ICS-20 both ways and back home", () => ics20RoundTrip(pair));
  it("ICS-20 refunds on an error acknowledgement and on timeouts", () => ics20Refunds(pair));
  it("counter: handshake, packets, acknowledgements and timeouts on an unordered channel", async () => {
    const ch = await counterHandshake(pair, counters, "unordered");
    await counterPackets(pair, counters, ch);
  });
  it("counter: a timeout closes an ordered channel", async () => {
    const fresh = await deployCounters(pair, "ibc-counter");
    const ch = await counterHandshake(pair, fresh, "ordered");
    await orderedTimeoutCloses(pair, fresh, ch);
  });
  it("counter: a contract's ICS-20 transfer and its closing of a channel", async () => {
    const fresh = await deployCounters(pair, "ibc-counter");
    const ch = await counterHandshake(pair, fresh, "unordered");
    await counterTransferAndClose(pair, fresh, ch);
  });
});
