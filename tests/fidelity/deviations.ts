// The differences between the simulator and the localnet that the harness accepts, each with its
// reason (mirrored in the README's simulator section). Anything else that differs fails the run.

import type { Field } from "./compare";

export interface Deviation {
  id: string;
  /** The issue 18 item it concerns, if any. */
  item?: number;
  /** The steps ("group: label") it applies to. */
  steps: RegExp;
  /** What may differ there. */
  fields: Field[];
  reason: string;
}

export const DEVIATIONS: Deviation[] = [
  {
    id: "unsigned",
    item: 1,
    steps: /./,
    fields: [],
    reason:
      "The simulator does not sign transactions: its tx{signature} event carries 64 zero bytes where the chain's carries the real signature. The harness compares that one attribute by its presence (compare.ts normalizeEvents); the signed bytes' size, which the ante handler charges, is the same.",
  },
  {
    id: "localnet-stargate",
    item: 25,
    steps: /^reflect: chain query: stargate/,
    fields: ["result"],
    reason:
      "The simulator answers Stargate queries as Persistence does (persistenceCore v16.0.1 wasmbindings/wasm.go: an accept list of gov, liquidstake and ibc-transfer paths, \"'<path>' path is not allowed from the contract\" for any other); the localnet runs wasmd's default RejectStargateQuerier (\"Stargate queries are disabled on this chain\"). Persistence's accepted paths are answered by no module in the simulator (it refuses them, saying so).",
  },
];
