// The shared IBC scenarios (tests/ibc/scenarios.ts) on two local chains joined by Hermes: the pair
// "ibc" that `npm run test:chain` starts (chain/hermes.ts). The same scenarios run on the
// simulator in tests/ibc/sim.test.ts.
import { afterAll, beforeAll, describe, it } from "vitest";
import { RealChainPair } from "./chain-pair";
import { Counters, counterHandshake, counterPackets, deployCounters, ics20Refunds, ics20RoundTrip, orderedTimeoutCloses, counterTransferAndClose } from "./scenarios";

describe("IBC scenarios on localpersistence-1 and localcomdex-1 through Hermes", () => {
  let pair: RealChainPair;
  let counters: Counters;
  beforeAll(async () => {
    pair = await RealChainPair.connect();
    counters = await deployCounters(pair, "ibc-counter");
  });
  afterAll(async () => {
    await pair?.close();
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
