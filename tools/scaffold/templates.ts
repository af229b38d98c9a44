// The files `npm run new <name>` writes: a small owned counter (an Item, a Map, Uint128, three
// execute messages and queries) laid out as our contracts are — messages.ts is the one
// definition, src/contract.ts the entry points' handlers (their wasm exports are generated into
// src/entry.ts), state/execute/query/error in their own files — and a test that runs the compiled wasm in the simulator.

export interface Names {
  /** Folder and deploy name, kebab-case: "demo-counter". */
  kebab: string;
  /** Title for docs: "Demo counter". */
  title: string;
}

export function names(kebab: string): Names {
  const words = kebab.split("-");
  return { kebab, title: [words[0][0].toUpperCase() + words[0].slice(1), ...words.slice(1)].join(" ") };
}

/** Paths relative to the repo root, and their content. */
export function scaffoldFiles(n: Names): Record<string, string> {
  const c = `contracts/${n.kebab}`;
  return {
    [`${c}/messages.ts`]: messages(n),
    [`${c}/src/contract.ts`]: handlers(n),
    [`${c}/src/state.ts`]: state(n),
    [`${c}/src/execute.ts`]: execute(),
    [`${c}/src/query.ts`]: query(),
    [`${c}/src/error.ts`]: errors(n),
    [`${c}/README.md`]: readme(n),
    [`tests/${n.kebab}/${n.kebab}.test.ts`]: test(n),
  };
}

/**
 * What a project needs around its contracts, written by \`new\` only where the project has none
 * (a project made with \`npm init\` and the packages installed): vitest must compile our packages'
 * TypeScript sources, which it would hand to Node untransformed like any other node_modules file.
 */
export const PROJECT_FILES: Record<string, string> = {
  "vitest.config.ts": `import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // the first test or hook of a contract compiles it
    testTimeout: 120_000,
    hookTimeout: 120_000,
    server: { deps: { inline: [/@persistence-ts\\//] } }, // the packages ship TypeScript sources
  },
});
`,
  ".gitignore": `node_modules/
artifacts/
# derived from messages.ts at every build (npx persistence-ts schema)
contracts/*/src/msg.ts
contracts/*/src/entry.ts
`,
};

const messages = (n: Names): string => `// The ${n.kebab} contract's messages, responses and stored records: the one definition from which
// \`npm run schema\` derives schema/${n.kebab}.json (for clients, committed) and src/msg.ts (the
// contract's codec, which the build also rewrites; not committed). Edit here, then run
// \`npm run schema && npm run codegen\`; never edit src/msg.ts.

import { contract, enumOf, ownership, ownershipAction, string, struct, uint128 } from "@persistence-ts/schema/dsl";

const CountResponse = struct("CountResponse", { count: uint128 }, "A count: the total, or one account's share of it.");

export default contract({
  contractName: "crates.io:${n.kebab}",
  contractVersion: "0.1.0",
  instantiate: struct("InstantiateMsg", {
    owner: { type: string, doc: "The owner: may reset the counter and hand the ownership on (two-step)." },
  }),
  execute: enumOf("ExecuteMsg", {
    increment: { doc: "Adds \`amount\` (at least 1) to the total and to the sender's share.", payload: { amount: uint128 } },
    reset: { doc: "Sets the total back to zero (the owner only); the shares are kept.", payload: {} },
    update_ownership: ownershipAction,
  }),
  query: enumOf("QueryMsg", {
    count: { doc: "The total.", payload: {} },
    count_of: { doc: "What one account has added in all (zero if nothing).", payload: { address: string } },
    ownership: {},
  }),
  migrate: struct("MigrateMsg", {}),
  responses: {
    count: CountResponse,
    count_of: CountResponse,
    ownership,
  },
});
`;

const handlers = (n: Names): string => `// Handlers of the ${n.kebab} contract's entry points: decode, dispatch, encode. The wasm
// exports are generated from ../messages.ts into src/entry.ts (by the build and \`npm run schema\`):
// one per entry point messages.ts declares, calling onInstantiate, onExecute, … below. The logic
// lives in execute.ts and query.ts, the storage layout in state.ts, the error texts in error.ts
// and the messages in msg.ts (generated from ../messages.ts too).

import { migrateContractVersion, setContractVersion } from "@persistence-ts/std/cw2";
import { failed } from "@persistence-ts/std/error";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { initializeOwner } from "@persistence-ts/std/ownership";
import { Addr } from "@persistence-ts/std/types/addr";
import { nonpayable } from "@persistence-ts/std/types/coin";
import { Env, MessageInfo } from "@persistence-ts/std/types/env";
import { Response } from "@persistence-ts/std/types/response";
import { execute as executeMsg } from "./execute";
import { CONTRACT_NAME, CONTRACT_VERSION, ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg } from "./msg";
import { query as queryMsg } from "./query";
import { TOTAL } from "./state";

export function onInstantiate(env: Env, info: MessageInfo, raw: Uint8Array): Response {
  const m = InstantiateMsg.decode(raw);
  nonpayable(info.funds);
  if (failed()) return new Response();
  const owner = Addr.validate(m.owner);
  if (failed()) return new Response();
  setContractVersion(CONTRACT_NAME, CONTRACT_VERSION);
  initializeOwner(owner);
  TOTAL.save(Uint128.zero());
  return new Response().addAttribute("action", "instantiate").addAttribute("owner", owner.toString());
}

export function onExecute(env: Env, info: MessageInfo, raw: Uint8Array): Response {
  const m = ExecuteMsg.decode(raw);
  nonpayable(info.funds);
  if (failed()) return new Response();
  return executeMsg(env, info, m);
}

export function onQuery(env: Env, raw: Uint8Array): Uint8Array {
  const m = QueryMsg.decode(raw);
  if (failed()) return new Uint8Array(0);
  return queryMsg(m);
}

export function onMigrate(env: Env, raw: Uint8Array): Response {
  MigrateMsg.decode(raw);
  if (failed()) return new Response();
  const from = migrateContractVersion(CONTRACT_NAME, CONTRACT_VERSION);
  if (failed()) return new Response();
  return new Response().addAttribute("action", "migrate").addAttribute("from_version", from).addAttribute("to_version", CONTRACT_VERSION);
}
`;

const state = (n: Names): string => `// Storage layout of the ${n.kebab} contract (keys are cw-storage-plus compatible):
//   "contract_info"    cw2 name and version
//   "ownership"        cw-ownable owner / pending owner
//   "total"            Uint128: the count
//   "shares" (addr)    Uint128: what each account has added in all

import { Uint128Codec } from "@persistence-ts/std/storage/codec";
import { Item } from "@persistence-ts/std/storage/item";
import { StorageMap } from "@persistence-ts/std/storage/map";
import { Uint128 } from "@persistence-ts/std/math/uint128";

export const TOTAL = new Item<Uint128>("total", new Uint128Codec());
export const SHARES = new StorageMap<Uint128>("shares", new Uint128Codec());
`;

const execute = (): string => `// Execute handlers. Each returns the Response; errors are recorded with fail() and every handler
// stops at the first one, so state is only written once all checks passed.

import { fail, failed } from "@persistence-ts/std/error";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { OwnershipAction, assertOwner, ownershipAttributes, updateOwnership } from "@persistence-ts/std/ownership";
import { Key } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { Env, MessageInfo } from "@persistence-ts/std/types/env";
import { Response } from "@persistence-ts/std/types/response";
import * as ContractError from "./error";
import { ExecuteMsg } from "./msg";
import { SHARES, TOTAL } from "./state";

export function execute(env: Env, info: MessageInfo, m: ExecuteMsg): Response {
  if (m.increment !== null) return increment(info.sender, m.increment!.amount);
  if (m.reset !== null) return reset(info.sender);
  return changeOwnership(env, info.sender, m.update_ownership!);
}

function increment(sender: Addr, amount: Uint128): Response {
  if (amount.isZero()) fail(ContractError.zeroIncrement());
  // Checked: an overflow fails the message (nothing is written) instead of wrapping.
  const total = TOTAL.load().add(amount);
  const share = SHARES.loadOr(Key.addr(sender), Uint128.zero()).add(amount);
  if (failed()) return new Response();
  TOTAL.save(total);
  SHARES.save(Key.addr(sender), share);
  return new Response().addAttribute("action", "increment").addAttribute("amount", amount.toString()).addAttribute("total", total.toString());
}

function reset(sender: Addr): Response {
  if (!assertOwner(sender)) return new Response();
  TOTAL.save(Uint128.zero());
  return new Response().addAttribute("action", "reset");
}

function changeOwnership(env: Env, sender: Addr, action: OwnershipAction): Response {
  return ownershipAttributes(new Response(), updateOwnership(action, sender, env.block));
}
`;

const query = (): string => `// Query handlers: each writes the JSON of its response type (see messages.ts).

import { JsonWriter } from "@persistence-ts/std/json/writer";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { getOwnership } from "@persistence-ts/std/ownership";
import { Key } from "@persistence-ts/std/storage/key";
import { Addr } from "@persistence-ts/std/types/addr";
import { CountResponse, QueryMsg } from "./msg";
import { SHARES, TOTAL } from "./state";

export function query(m: QueryMsg): Uint8Array {
  const w = new JsonWriter();
  if (m.count !== null) count(TOTAL.load()).write(w);
  else if (m.count_of !== null) count(SHARES.loadOr(Key.addr(Addr.validate(m.count_of!.address)), Uint128.zero())).write(w);
  else getOwnership().write(w);
  return w.toBytes();
}

function count(n: Uint128): CountResponse {
  const r = new CountResponse();
  r.count = n;
  return r;
}
`;

const errors = (n: Names): string => `// Every error text ${n.kebab} answers with, one constructor per kind (cw-plus's error.rs): call
// sites record them with \`fail(ContractError.zeroIncrement())\`. Plain TypeScript as well, so tests
// import this file and match an error by its kind. Errors of std (ownership, overflow, funds) are std's.

export function zeroIncrement(): string {
  return "Cannot increment by zero";
}
`;

const readme = (n: Names): string => `# ${n.title}

A counter with an owner, made by \`npm run new ${n.kebab}\`: anyone adds to the total (and to
their own share); the owner resets the total and hands the ownership on (cw-ownable's two-step
\`update_ownership\`).

| message | who | what |
|---|---|---|
| instantiate \`{ owner }\` | anyone | sets the owner; the total starts at 0 |
| \`increment { amount }\` | anyone | total += amount, sender's share += amount (amount ≥ 1, checked) |
| \`reset {}\` | owner | total = 0 (shares are kept) |
| \`update_ownership\` | owner / pending owner | transfer, accept or renounce the ownership |
| query \`count {}\`, \`count_of { address }\`, \`ownership {}\` | | the total, an account's share, the owner |

## Trust assumptions

The owner can reset the total at any time.

## Files

- \`messages.ts\`: the messages, the one definition (\`npx persistence-ts schema\` writes \`schema/${n.kebab}.json\`
  and \`src/msg.ts\`, which the build also rewrites and git ignores; \`npx persistence-ts codegen\` writes \`clients/${n.kebab}/\`).
- \`src/contract.ts\`: the entry points' handlers (onInstantiate, onExecute, …): decode, dispatch, encode.
- \`src/entry.ts\` (generated from messages.ts, not committed): the wasm exports, one per entry point messages.ts declares.
- \`src/state.ts\`, \`src/execute.ts\`, \`src/query.ts\`, \`src/error.ts\`: storage, handlers, error texts.
- \`tests/${n.kebab}/${n.kebab}.test.ts\`: runs the compiled wasm in the simulator.

## Working on it

    npx vitest run tests/${n.kebab}                          # compiles the contract and runs its test
    npx persistence-ts schema && npx persistence-ts codegen  # after every change to messages.ts
    npx persistence-ts build ${n.kebab} && npx persistence-ts check  # artifacts/${n.kebab}.wasm, upload checks

In the Persistence contracts repository, \`npm run deploy -- --only ${n.kebab}\` deploys it into a
fresh in-process simulator, instantiated with the deployer as \`owner\`; once the instantiate
message needs more, add an entry \`"${n.kebab}": { "label": …, "instantiate": { … } }\` to
\`deploy/config/<network>.json\`.
`;

const test = (n: Names): string => `// The ${n.kebab} contract, compiled and run in the simulator: counting, the owner's powers,
// refusals that leave the store unchanged, and a migration.
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { Deployed, contractWasm, deploy, snapshot } from "@persistence-ts/testing/contracts";
import * as ContractError from "../../contracts/${n.kebab}/src/error";

const owner = makeAddress("${n.kebab}-owner");
const alice = makeAddress("alice");
const bob = makeAddress("bob");
const MAX = (2n ** 128n - 1n).toString();

let app: App;
let counter: Deployed;

const total = () => counter.query<{ count: string }>({ count: {} }).count;
const shareOf = (address: string) => counter.query<{ count: string }>({ count_of: { address } }).count;

/** The message fails with \`error\` and nothing in the store changed. */
function refused(attempt: () => string, error: RegExp | string): void {
  const before = snapshot(app);
  expect(attempt()).toMatch(error);
  expect(snapshot(app)).toBe(before);
}

beforeEach(() => {
  app = new App();
  counter = deploy(app, "${n.kebab}", owner, { owner });
});

describe("${n.kebab}", () => {
  it("adds each increment to the total and to the sender's share", () => {
    expect(total()).toBe("0");
    const res = counter.execute(alice, { increment: { amount: "5" } });
    expect(res.events.find((e) => e.type === "wasm")?.attributes).toEqual(expect.arrayContaining([{ key: "total", value: "5" }]));
    counter.execute(bob, { increment: { amount: "2" } });
    counter.execute(alice, { increment: { amount: "1" } });
    expect(total()).toBe("8");
    expect(shareOf(alice)).toBe("6");
    expect(shareOf(bob)).toBe("2");
    expect(shareOf(owner)).toBe("0");
  });

  it("refuses a zero increment, an overflow and funds, changing nothing", () => {
    counter.execute(alice, { increment: { amount: "1" } });
    refused(() => counter.fails(alice, { increment: { amount: "0" } }), ContractError.zeroIncrement());
    refused(() => counter.fails(bob, { increment: { amount: MAX } }), /Cannot Add with given operands/);
    app.mint(alice, [{ denom: "uxprt", amount: "10" }]);
    refused(() => counter.fails(alice, { increment: { amount: "1" } }, [{ denom: "uxprt", amount: "10" }]), /does no accept funds/);
    expect(total()).toBe("1");
  });

  it("lets only the owner reset the total", () => {
    counter.execute(alice, { increment: { amount: "3" } });
    refused(() => counter.fails(alice, { reset: {} }), /Caller is not the contract's current owner/);
    counter.execute(owner, { reset: {} });
    expect(total()).toBe("0");
    expect(shareOf(alice)).toBe("3");
  });

  it("hands the ownership on in two steps", () => {
    counter.execute(owner, { update_ownership: { transfer_ownership: { new_owner: alice } } });
    refused(() => counter.fails(bob, { update_ownership: "accept_ownership" }), /Caller is not the contract's pending owner/);
    counter.execute(alice, { update_ownership: "accept_ownership" });
    expect(counter.query({ ownership: {} })).toEqual({ owner: alice, pending_owner: null, pending_expiry: null });
    refused(() => counter.fails(owner, { reset: {} }), /Caller is not the contract's current owner/);
    counter.execute(alice, { reset: {} });
  });

  it("migrates (cw2 checked) and keeps its state", () => {
    const codeId = app.storeCode(owner, contractWasm("${n.kebab}")).codeId;
    const instance = app.instantiate(owner, codeId, { owner }, "migratable", [], owner).contractAddress;
    app.execute(alice, instance, { increment: { amount: "4" } });
    const res = app.migrate(owner, instance, codeId, {});
    expect(res.events.find((e) => e.type === "wasm")?.attributes).toEqual(expect.arrayContaining([{ key: "from_version", value: "0.1.0" }]));
    expect(app.query(instance, { count: {} })).toEqual({ count: "4" });
  });
});
`;
