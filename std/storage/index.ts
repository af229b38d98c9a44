export * from "./codec";
export * from "./indexed_map";
export * from "./item";
export * from "./key";
export * from "./kv";
export * from "./map";
