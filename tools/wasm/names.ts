// Function names of the wasm the build made. A release wasm carries no name section (it would
// change the bytes the chain stores), so the build keeps the names beside it: wasm-opt's
// `--symbolmap` (`<index>:<name>` lines, the final function index space) under
// node_modules/.cache/wasm-names/<sha256 of the wasm>.txt. The checker reads them to name a
// function in its findings, so `npm run check` and the simulator's storeCode say `$…/feeOf`
// instead of a bare `func[143]`.

import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { cacheDir } from "../project";

const DIR = cacheDir("wasm-names");

const fileOf = (wasm: Uint8Array): string => path.join(DIR, `${createHash("sha256").update(wasm).digest("hex")}.txt`);

/** Keeps `symbolMap` (wasm-opt's --symbolmap output) as the names of `wasm`. */
export function recordFunctionNames(wasm: Uint8Array, symbolMap: string): void {
  fs.mkdirSync(DIR, { recursive: true });
  const file = fileOf(wasm);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, symbolMap);
  fs.renameSync(tmp, file); // atomic: parallel builds of the same wasm never see half a map
}

/** The names the build kept for `wasm`, by function index; empty when it did not build it. */
export function builtFunctionNames(wasm: Uint8Array): Map<number, string> {
  const names = new Map<number, string>();
  const file = fileOf(wasm);
  if (!fs.existsSync(file)) return names;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const colon = line.indexOf(":");
    const name = line.slice(colon + 1);
    // imports and functions asc left unnamed come out as binaryen's placeholders (fimport$3, 17)
    if (colon > 0 && !/^(fimport\$)?\d+$/.test(name)) names.set(Number(line.slice(0, colon)), name);
  }
  return names;
}
