/** The VM host: runs one CosmWasm contract call as cosmwasm-vm 2.2 does. */
export * from "./api";
export * from "./context";
export * from "./crypto";
export * from "./data-segments";
export * from "./errors";
export * from "./gas";
export * from "./host";
export { IMPORT_SIGNATURES, LIMITS, decodeSections, encodeSections } from "./imports";
export * from "./memory";
export * from "./memory-pool";
export * from "./metering";
export * from "./recycling";
export * from "./runner";
export * from "./virtual-memory";
export * from "./storage";
export * from "./wasm-binary";
export * from "./wasm-api";
