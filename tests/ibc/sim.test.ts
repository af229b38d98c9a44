// The shared IBC scenarios (tests/ibc/scenarios.ts) on the multi-chain simulator; the same
// scenarios run on two local chains joined by Hermes in tests/ibc/chain.test.ts.
import { describeScenarios } from "./scenarios";
import { SimPair } from "./sim-pair";

describeScenarios("IBC scenarios on the simulator", () => SimPair.create());
