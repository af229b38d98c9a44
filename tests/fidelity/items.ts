// The 28 differences issue 18 found, each with what became of it and what checks it: the fidelity
// steps that show it (their "group: label", matched in the run: report.ts counts them and whether
// they match) and the unit tests that pin it without a chain (tests/fidelity/items.test.ts checks
// that every named test exists and every item has steps in bench/results/fidelity.json).

export type ItemStatus =
  /** The simulator now does what the chain does. */
  | "fixed"
  /** Fixed, except a part kept on purpose: a documented deviation (deviations.ts) or a documented default. */
  | "fixed, deviation kept"
  /** The localnet, not the simulator, differed from Persistence: the localnet was changed. */
  | "fixed in the localnet";

export interface UnitTest {
  file: string;
  /** The test's name (its `it(...)` title), or a unique part of it. */
  name: string;
}

export interface Item {
  item: number;
  difference: string;
  status: ItemStatus;
  /** The fidelity steps ("group: label") that show it. */
  steps: RegExp;
  /** None when only the chain's numbers can check it (gas, the localnet itself). */
  tests: UnitTest[];
  /** For a kept deviation: its id in deviations.ts, or where the kept default is documented, and why. */
  kept?: string;
}

const FIDELITY = "tests/app/fidelity.test.ts";
const REPLIES = "tests/app/replies.test.ts";
const WASM = "tests/app/wasm.test.ts";
const t = (file: string, name: string): UnitTest => ({ file, name });
const BANK_STEPS = t(FIDELITY, "the bank steps of the fidelity run");

export const ITEMS: Item[] = [
  {
    item: 1,
    difference: "ante handler events, `message` event, `msg_index`",
    status: "fixed, deviation kept",
    steps: /^bank: /,
    tests: [BANK_STEPS],
    kept: "deviation `unsigned`: the simulator does not sign; tx{signature} is compared by its presence (the signed bytes' size, which is charged, is the same)",
  },
  { item: 2, difference: "account 0's record (no account number field) and gas", status: "fixed", steps: /^bank: user0 sends/, tests: [BANK_STEPS] },
  {
    item: 3,
    difference: "VM errors are wasm 29 `wasmvm error`",
    status: "fixed",
    steps: /VM error, 3|VM error \(3\)|query sub_msg_result 4$/,
    tests: [t(FIDELITY, "a VM error is wasm 29"), t(WASM, "a trap fails the transaction")],
  },
  { item: 4, difference: "out of gas: the Wasm engine's text, the whole limit taken", status: "fixed", steps: /out of gas.*4\)/, tests: [t(FIDELITY, "running out of gas in the VM takes the whole limit")] },
  { item: 5, difference: "call depth 100 (wasm 30)", status: "fixed", steps: /call depth, 5/, tests: [t(FIDELITY, "stops at wasmd's call depth 100")] },
  {
    item: 6,
    difference: "unauthorized migrate / admin change: texts, the contract record read charged",
    status: "fixed",
    steps: /by a stranger \(6\)|migrate without an admin/,
    tests: [t(WASM, "only the admin migrates"), t(WASM, "clear_admin leaves no one able to migrate")],
  },
  // gas only: the chain's numbers check it
  { item: 7, difference: "migrate: old code info and history reads charged", status: "fixed", steps: /^hackatom: migrate( \(7\)| again)|^burner: migrate to burner/, tests: [] },
  {
    item: 8,
    difference: "a submessage's event attributes sorted by key, in the transaction's events too",
    status: "fixed",
    steps: /^reflect: sub: (wasm execute hackatom with data|hackatom)|^ours: /,
    tests: [t(REPLIES, "carries the submessage's events with attributes sorted by key")],
  },
  {
    item: 9,
    difference: "a reply to a non-wasm submessage has `events: []` (and is charged for none)",
    status: "fixed",
    steps: /^reflect: (sub: (bank send, reply always|delegate|withdraw rewards)|query sub_msg_result [1569]$)/,
    tests: [t(REPLIES, "bank send: MsgSendResponse, no events"), t(REPLIES, "is charged the discounted instance cost only")],
  },
  { item: 10, difference: "a reply's `gas_used` is 0", status: "fixed", steps: /^reflect: query sub_msg_result /, tests: [t(REPLIES, "gas_used 0")] },
  {
    item: 11,
    difference: "a reply's `data` is the protobuf message response",
    status: "fixed",
    steps: /^reflect: query sub_msg_result (1|5|6|8|12)$/,
    tests: [t(REPLIES, "data is the MsgExecuteContractResponse wrapping the contract's data"), t(REPLIES, "undelegate: msg_responses holds the MsgUndelegateResponse")],
  },
  {
    item: 12,
    difference: "a contract's own error reaches a reply unredacted; SDK errors redacted",
    status: "fixed",
    steps: /\(12\)|^reflect: query sub_msg_result [23]$/,
    tests: [t(WASM, "redaction (msg_dispatcher.go redactError)"), t(REPLIES, "an error is redacted to its codespace and code")],
  },
  {
    item: 13,
    difference: "a submessage's `gas_limit` caps it; out of gas is catchable",
    status: "fixed",
    steps: /gas limit \(13\)|^reflect: query sub_msg_result 7$/,
    tests: [t(REPLIES, "running out of it is an error a reply_on error reply catches")],
  },
  { item: 14, difference: "a failed bank send charged what x/bank read", status: "fixed", steps: /more than the balance|the second message fails/, tests: [BANK_STEPS] },
  { item: 15, difference: "`CosmosMsg::Any` decoded and routed", status: "fixed", steps: /Any/, tests: [t(FIDELITY, "CosmosMsg::Any is unpacked and routed")] },
  { item: 16, difference: "a custom message: wasmd's text, no routing gas", status: "fixed", steps: /custom message/, tests: [t(FIDELITY, "a custom message has no handler")] },
  { item: 17, difference: "an empty bank send is dropped", status: "fixed", steps: /no coins|nothing to pay/, tests: [t(FIDELITY, "a bank send of no coins is no SDK message")] },
  { item: 18, difference: "a bank burn via the wasm module account", status: "fixed", steps: /burn/, tests: [t(FIDELITY, "a burn goes through the wasm module account")] },
  {
    item: 19,
    difference: "a zero-reward withdrawal answers the SDK's fallback denom",
    status: "fixed",
    steps: /withdraw twice in one block|^reflect: query sub_msg_result 14$/,
    tests: [t(REPLIES, "nothing to pay is one zero coin of the SDK's fallback denom")],
  },
  {
    item: 20,
    difference: "undelegation: bonded → not-bonded pool transfer events",
    status: "fixed",
    steps: /undelegate|unbond \(undelegates/,
    tests: [t(FIDELITY, "undelegated tokens move to the not-bonded pool"), t(FIDELITY, "the second merges into the block's entry")],
  },
  {
    item: 21,
    difference: "rewards minted per block (x/mint, allocated by the previous block's votes)",
    status: "fixed, deviation kept",
    steps: /withdraw|reinvest|harvest|rewards/,
    tests: [
      t(FIDELITY, "mints each block's provision into the supply"),
      t(FIDELITY, "shares a block's rewards by stake"),
      t(FIDELITY, "allocates a block's rewards by the votes of the block before"),
    ],
    kept: "`App.useBlockRewards()` does what the chain does (the harness uses it; reward amounts to the unit); a new App keeps a fixed APR per second by default, which contract tests reason about (README, the simulator section)",
  },
  { item: 22, difference: "validator rates printed with 18 decimals", status: "fixed", steps: /\(22\)/, tests: [t("tests/app/staking.test.ts", "answer with cosmwasm-std's JSON shapes")] },
  { item: 23, difference: "`contract_info` omits an empty IBC port", status: "fixed", steps: /\(23\)/, tests: [t(FIDELITY, "contract_info omits an empty admin and IBC port")] },
  { item: 24, difference: "querier errors redacted (`codespace: undefined, code: 1`)", status: "fixed", steps: /\(24\)/, tests: [t(FIDELITY, "redacts module errors to the SDK's codespace and code")] },
  {
    item: 25,
    difference: "Stargate and gRPC query refusals",
    status: "fixed, deviation kept",
    steps: /\(25\)/,
    tests: [t(FIDELITY, "answers Stargate queries as Persistence does")],
    kept: "deviation `localnet-stargate`: the simulator refuses Stargate paths as Persistence does (its accept list); the localnet runs wasmd's default, which refuses all",
  },
  {
    item: 26,
    difference: "a non-contract: `address X: no such contract`",
    status: "fixed",
    steps: /\(26\)/,
    tests: [t(FIDELITY, "an account is no contract"), t(FIDELITY, "query errors in @cosmjs's shape")],
  },
  { item: 27, difference: "the localnet's 20/32-byte address verifier (Persistence has none)", status: "fixed in the localnet", steps: /17-byte address, 27/, tests: [] },
  {
    item: 28,
    difference: "`SimulatorClient`: `signAndBroadcast`, data and message responses, @cosmjs's query error shape",
    status: "fixed",
    steps: /./,
    tests: [BANK_STEPS, t(FIDELITY, "SimulatorClient's helpers throw as @cosmjs's do")],
  },
];

export interface ItemCoverage {
  item: Item;
  /** Steps of the run that show it. */
  steps: number;
  /** Of those, the ones that match (but for documented deviations). */
  matching: number;
}

/** What a run shows of each item (steps are compared as "group: label"). */
export function itemCoverage(comparisons: Array<{ group: string; label: string; ok: boolean }>): ItemCoverage[] {
  return ITEMS.map((item) => {
    const shown = comparisons.filter((c) => item.steps.test(`${c.group}: ${c.label}`));
    return { item, steps: shown.length, matching: shown.filter((c) => c.ok).length };
  });
}
