// The generated entry file of a contract (contracts/<name>/src/entry.ts, the file asc compiles):
// one wasm export per entry point messages.ts declares, each handing the raw region pointers to
// std/abi/entry with the handler src/contract.ts exports (onInstantiate, onExecute, …), plus the
// capabilities it requires and std's ABI exports. It imports contract.ts and nothing imports it,
// so the codecs (msg.ts) that contract.ts imports stay free of a cycle.

import { ContractMessages } from "./dsl";

interface EntryPoint {
  /** The wasm export, and the field of `contract({…})` that declares it. */
  name: "instantiate" | "execute" | "query" | "migrate" | "sudo" | "reply";
  /** The std/abi/entry wrapper, and the export of src/contract.ts it is given. */
  wrapper: string;
  handler: string;
  params: string[];
}

const ENTRY_POINTS: EntryPoint[] = [
  { name: "instantiate", wrapper: "doInstantiate", handler: "onInstantiate", params: ["env", "info", "msg"] },
  { name: "execute", wrapper: "doExecute", handler: "onExecute", params: ["env", "info", "msg"] },
  { name: "query", wrapper: "doQuery", handler: "onQuery", params: ["env", "msg"] },
  { name: "migrate", wrapper: "doMigrate", handler: "onMigrate", params: ["env", "msg"] },
  { name: "sudo", wrapper: "doSudo", handler: "onSudo", params: ["env", "msg"] },
  { name: "reply", wrapper: "doReply", handler: "onReply", params: ["env", "msg"] },
];

/** The entry points `m` declares, in the order above. */
export function declaredEntryPoints(m: ContractMessages): EntryPoint[] {
  return ENTRY_POINTS.filter((e) => (e.name === "reply" ? m.reply === true : m[e.name] !== undefined));
}

/** The signature src/contract.ts must export for an entry point, as the build hint shows it. */
export const HANDLER_SIGNATURES: Readonly<Record<string, string>> = {
  onInstantiate: "onInstantiate(env: Env, info: MessageInfo, msg: Uint8Array): Response",
  onExecute: "onExecute(env: Env, info: MessageInfo, msg: Uint8Array): Response",
  onQuery: "onQuery(env: Env, msg: Uint8Array): Uint8Array",
  onMigrate: "onMigrate(env: Env, msg: Uint8Array): Response",
  onSudo: "onSudo(env: Env, msg: Uint8Array): Response",
  onReply: "onReply(env: Env, reply: Reply): Response",
};

/** The entry file's source; `std` is std's path as src/ imports it, `source` the messages.ts it comes from. */
export function entryFile(m: ContractMessages, std: string, source: string): string {
  const points = declaredEntryPoints(m);
  const lines = [
    `// Generated from ${source} by \`npm run schema\` (and by the build): do not edit.`,
    "// The contract's wasm exports: each entry point messages.ts declares, with its handler from contract.ts.",
    "",
    `import { ${points.map((e) => e.wrapper).join(", ")} } from "${std}/abi/entry";`,
    `import { ${points.map((e) => e.handler).join(", ")} } from "./contract";`,
    `export * from "${std}/abi/exports";`,
  ];
  for (const e of points) {
    const params = e.params.map((p) => `${p}: u32`).join(", ");
    lines.push("", `export function ${e.name}(${params}): u32 {`, `  return ${e.wrapper}(${e.params.join(", ")}, ${e.handler});`, "}");
  }
  for (const c of m.capabilities ?? []) lines.push("", `export function requires_${c}(): void {}`);
  return lines.join("\n") + "\n";
}
