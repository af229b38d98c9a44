// std: the AssemblyScript counterpart of cosmwasm-std, and the entry of the std package.
//
// A contract imports the public API from the package root (asc resolves a package's root to its
// `index.ts`) and re-exports the ABI exports in its entry file:
//
//   import { Response, Item, StringCodec, Uint128, fail } from "@persistence-ts/std";
//   export * from "@persistence-ts/std/abi/exports";
//
// Kept out of the root on purpose: the raw host imports and Region glue (`std/abi/*`, the ABI's
// own business), the cw20 token (`std/cw20`, a module a token contract opts into), and the
// integer internals under `std/math/wide` and `std/math/messages`.
// tests/fixtures/probe imports std through this file.

export * from "./error";
export * from "./encoding";
export * from "./json/index";
export * from "./math/index";
export * from "./types/addr";
export * from "./types/coin";
export * from "./types/cosmos_msg";
export * from "./types/env";
export * from "./types/expiration";
export * from "./types/ibc";
export * from "./types/reply";
export * from "./types/msg_responses";
export * from "./proto";
export * from "./types/response";
export * from "./types/timestamp";
export * from "./querier";
export * from "./abi/entry";
export * from "./storage/index";
export * from "./cw2";
export * from "./ownership";
