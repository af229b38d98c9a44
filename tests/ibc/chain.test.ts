// The shared IBC scenarios (tests/ibc/scenarios.ts) on two local chains joined by Hermes: the pair
// "ibc" that `npm run test:chain` starts (chain/hermes.ts). The same scenarios run on the
// simulator in tests/ibc/sim.test.ts.
import { RealChainPair } from "./chain-pair";
import { describeScenarios } from "./scenarios";

describeScenarios("IBC scenarios on localpersistence-1 and localcomdex-1 through Hermes", () => RealChainPair.connect());
