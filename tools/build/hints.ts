// What to do about the asc errors new contracts run into: each hint is appended to asc's own
// output (which stays as it is), once per kind of error.

import * as path from "node:path";
import { STD_PACKAGE } from "../project";
import { HANDLER_SIGNATURES } from "@persistence-ts/schema/entry";

interface AscHint {
  pattern: RegExp;
  hint: (match: RegExpExecArray, entry: string) => string;
}

const HINTS: AscHint[] = [
  {
    // The build maps `abort` to std's adapter; it is in the program only through std/abi/exports
    // (matched by its module's name, wherever std is installed).
    pattern: /AS111: Element '[^']*abi\/abort\/contractAbort' not found/,
    hint: () =>
      `the entry file does not re-export std's ABI: add \`export * from "${STD_PACKAGE}/abi/exports";\` to it, as the generated contracts/<name>/src/entry.ts does (allocate, deallocate, interface_version_8 and the abort adapter the build maps \`abort\` to)`,
  },
  {
    pattern: /AS100: Not implemented: Closures/,
    hint: () => "AssemblyScript has no closures: a callback (map, filter, forEach, sort…) cannot use a local or parameter of the function around it; write a for loop, or pass the value in another way",
  },
  {
    pattern: /AS100: Not implemented: union types/,
    hint: () => "AssemblyScript has no union types besides `T | null` for a class type: use a class per case (as the generated enums in src/msg.ts do), or Opt<T> from std/types/wire for an optional number",
  },
  {
    pattern: /TS2304: Cannot find name 'JSON'/,
    hint: () => "AssemblyScript has no JSON global: decode messages with the generated codec (`ExecuteMsg.decode(raw)` from src/msg.ts), other JSON with std/json/reader's JsonReader and std/json/writer's JsonWriter",
  },
  {
    pattern: /TS6054: File '[^']*' not found/,
    hint: () => `an import resolves to no file: std is imported by its package name (\`${STD_PACKAGE}/<module>\`), your own files by a path relative to the importing file, without the .ts extension`,
  },
  {
    // The generated src/entry.ts imports one handler per entry point messages.ts declares.
    pattern: /TS2305: Module '[^']*\/contract' has no exported member '(on(\w+))'/,
    hint: (m) => {
      const point = m[2][0].toLowerCase() + m[2].slice(1);
      return `messages.ts declares ${point}${point === "reply" ? " (reply: true)" : ""}: export function ${HANDLER_SIGNATURES[m[1]] ?? m[1]} from src/contract.ts (the generated src/entry.ts hands it the ${point} entry point), or remove ${point} from messages.ts`;
    },
  },
  {
    pattern: /TS2305: Module '[^']*\/msg' has no exported member '(\w+)'/,
    hint: (m) => `\`${m[1]}\` is not in the generated msg.ts: declare it in the contract's messages.ts (a message, a response or in \`extra\`), then run \`npm run schema\``,
  },
];

/** asc's output with a `hint:` line after it for each kind of known error in it. */
export function withAscHints(output: string, entry: string): string {
  const hints = HINTS.flatMap(({ pattern, hint }) => {
    const m = pattern.exec(output);
    return m ? [`hint: ${hint(m, entry)}`] : [];
  });
  return hints.length ? `${output}\n\n${hints.join("\n")}` : output;
}
