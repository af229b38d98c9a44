// std: the AssemblyScript counterpart of cosmwasm-std. Contracts import from here.

export * from "./error";
export * from "./encoding";
export * from "./json";
export * from "./math";
export * from "./types/addr";
export * from "./types/coin";
export * from "./types/cosmos_msg";
export * from "./types/env";
export * from "./types/expiration";
export * from "./types/reply";
export * from "./types/msg_responses";
export * from "./proto";
export * from "./types/response";
export * from "./types/timestamp";
export * from "./querier";
export * from "./abi/entry";
export { debug as debugRegion } from "./abi/imports";
export * from "./storage";
export * from "./cw2";
export * from "./ownership";
