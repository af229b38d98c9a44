// The cw20 messages (cw-plus packages/cw20, cw20-base 1.0 behaviour) in the message DSL, once:
// what a contract speaks to a cw20 token (transfer, send and its receive hook, balance and
// token_info queries), and what a contract that serves a cw20 spreads into its own enums:
//   execute: enumOf("ExecuteMsg", { ...cw20Execute, …own variants })
//   query:   enumOf("QueryMsg", { ...cw20Query, …own variants }),  responses: { ...cw20Responses, … }
// std/cw20 implements the handlers; its codec (std/cw20/msg.ts) is generated from the plain cw20
// contract described below (by tools/schema/cw20.ts, at build time).

import { array, binary, contract, enumOf, expiration, option, ref, string, struct, u32, u8, uint128, VariantSpec } from "@persistence-ts/schema/dsl";

export const Cw20ReceiveMsg = struct(
  "Cw20ReceiveMsg",
  { sender: string, amount: uint128, msg: binary },
  'What a contract receives from send / send_from, wrapped as {"receive": …}; `sender` is who sent (the spender for send_from).',
);

const Cw20Coin = struct("Cw20Coin", { address: string, amount: uint128 });
const MinterResponse = struct("MinterResponse", {
  minter: string,
  cap: { type: option(uint128), doc: "The most the total supply may reach through minting; null for no cap." },
});
const AllowanceResponse = struct("AllowanceResponse", { allowance: uint128, expires: expiration }, "An allowance; also how cw20-base stores one.");
const AllowanceInfo = struct("AllowanceInfo", { spender: string, allowance: uint128, expires: expiration });

const pagination = { start_after: option(string), limit: option(u32) };

/** cw20's execute variants except `mint`. */
export const cw20Execute: Record<string, VariantSpec> = {
  transfer: { doc: "Moves `amount` tokens from the sender to `recipient`.", payload: { recipient: string, amount: uint128 } },
  burn: { doc: "Destroys `amount` of the sender's tokens, lowering the total supply.", payload: { amount: uint128 } },
  send: {
    doc: 'Moves `amount` tokens to `contract` and calls it with {"receive":{sender, amount, msg}} in the same transaction.',
    payload: { contract: string, amount: uint128, msg: binary },
  },
  increase_allowance: {
    doc: "Lets `spender` move up to `amount` more of the sender's tokens; `expires` replaces the expiry when given.",
    payload: { spender: string, amount: uint128, expires: option(expiration) },
  },
  decrease_allowance: {
    doc: "Lowers an allowance; it is removed when it would reach zero.",
    payload: { spender: string, amount: uint128, expires: option(expiration) },
  },
  transfer_from: { doc: "Moves `owner`'s tokens through the sender's allowance.", payload: { owner: string, recipient: string, amount: uint128 } },
  send_from: { doc: "send through the sender's allowance of `owner`.", payload: { owner: string, contract: string, amount: uint128, msg: binary } },
  burn_from: { doc: "Burns `owner`'s tokens through the sender's allowance.", payload: { owner: string, amount: uint128 } },
};

/** cw20's `mint`, for tokens whose minter is an account (the minter must be the sender). */
export const cw20Mint: Record<string, VariantSpec> = {
  mint: { doc: "Creates `amount` new tokens for `recipient` (minter only, within the cap).", payload: { recipient: string, amount: uint128 } },
};

/** cw20's query variants except `minter`. */
export const cw20Query: Record<string, VariantSpec> = {
  balance: { doc: "The balance of `address`, 0 if unknown.", payload: { address: string } },
  token_info: { doc: "Name, symbol, decimals and total supply.", payload: {} },
  allowance: { doc: "What `spender` may move of `owner`'s tokens (0 and never expiring if none).", payload: { owner: string, spender: string } },
  all_allowances: { doc: "The allowances `owner` granted, by spender address; default limit 10, max 30.", payload: { owner: string, ...pagination } },
  all_accounts: { doc: "Addresses holding tokens, in address order; default limit 10, max 30.", payload: pagination },
};

export const cw20MinterQuery: Record<string, VariantSpec> = {
  minter: { doc: "Who may mint and the cap, or null for a fixed supply.", payload: {} },
};

export const cw20Responses = {
  balance: struct("BalanceResponse", { balance: uint128 }),
  token_info: struct("TokenInfoResponse", { name: string, symbol: string, decimals: u8, total_supply: uint128 }),
  allowance: AllowanceResponse,
  all_allowances: struct("AllAllowancesResponse", { allowances: array(ref(AllowanceInfo)) }),
  all_accounts: struct("AllAccountsResponse", { accounts: array(string) }),
};

export const cw20MinterResponse = { minter: option(ref(MinterResponse)) };

/** Records std/cw20 stores and sends: cw20-base's `token_info` and allowances (key "allowance", an AllowanceResponse), and the receive hook. */
export const cw20Extra = [
  struct(
    "TokenInfo",
    {
      name: string,
      symbol: string,
      decimals: u8,
      total_supply: uint128,
      mint: option(ref(struct("MinterData", { minter: string, cap: option(uint128) }))),
    },
    'cw20-base\'s stored token info (key "token_info").',
  ),
  AllowanceResponse,
  Cw20ReceiveMsg,
];

/** A plain cw20 with an optional minter (cw20-base without marketing): the codec std/cw20 compiles. */
const cw20Contract = contract({
  contractName: "crates.io:persistence-cw20",
  contractVersion: "0.1.0",
  instantiate: struct("InstantiateMsg", {
    name: { type: string, doc: "3 to 50 bytes." },
    symbol: { type: string, doc: "3 to 12 characters of [a-zA-Z-]." },
    decimals: { type: u8, doc: "At most 18." },
    initial_balances: array(ref(Cw20Coin)),
    mint: option(ref(MinterResponse)),
  }),
  execute: enumOf("ExecuteMsg", { ...cw20Execute, ...cw20Mint }),
  query: enumOf("QueryMsg", { ...cw20Query, ...cw20MinterQuery }),
  responses: { ...cw20Responses, ...cw20MinterResponse },
  extra: cw20Extra,
});
export default cw20Contract;
