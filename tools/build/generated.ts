// The generated AssemblyScript codecs (contracts/<name>/src/msg.ts, std/cw20/msg.ts) and entry
// files (contracts/<name>/src/entry.ts, the file asc compiles) are derived, not committed: before
// asc runs, the build writes them from messages.ts (interfaces/cw20.ts for
// std's) with `npm run schema -- --codecs`. The schema JSON is committed (the public interface):
// the build refuses one older than messages.ts, since clients and tests are checked against it.
// A pass is remembered under node_modules/.cache by a hash of every input and output, so the
// generator runs once per change.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, STD_PACKAGE, TOOLS, cacheDir, packageDir } from "../project";
import { BuildError } from "./compile";

const CACHE = cacheDir("schema-current");

/** The .ts files directly in `dir`. */
const sourcesIn = (dir: string): string[] => fs.readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => path.join(dir, f));

/** The contract folder of `entry` (`<dir>/src/entry.ts`) when it describes its messages, else null. */
function contractDir(entry: string): string | null {
  const dir = path.dirname(path.dirname(path.resolve(ROOT, entry)));
  return fs.existsSync(path.join(dir, "messages.ts")) ? dir : null;
}

/** Every file generation reads or writes: the DSL and generators, the interfaces, each contract's messages.ts, the outputs. */
function inputsHash(dir: string | null): string {
  const files = [
    ...sourcesIn(packageDir("@persistence-ts/schema")),
    ...sourcesIn(path.join(TOOLS, "schema")),
    ...sourcesIn(packageDir("@persistence-ts/interfaces")),
    path.join(packageDir(STD_PACKAGE), "cw20", "msg.ts"),
  ];
  if (dir !== null) {
    const contracts = path.dirname(dir);
    files.push(
      ...fs.readdirSync(contracts).map((n) => path.join(contracts, n, "messages.ts")),
      path.join(dir, "src", "msg.ts"),
      path.join(dir, "src", "entry.ts"),
      path.join(dir, "schema", `${path.basename(dir)}.json`),
    );
  }
  const h = createHash("sha256").update(dir ?? "std");
  for (const f of files) h.update(f).update(fs.existsSync(f) ? fs.readFileSync(f) : "absent");
  return h.digest("hex").slice(0, 24);
}

/**
 * Writes the codecs `entry` may import (std's, and its contract's src/msg.ts when it has a
 * messages.ts) where they are missing or differ. Throws a BuildError with the DSL's error for a
 * mistake in messages.ts, or "contracts/<name>/schema/<name>.json is out of date with messages.ts:
 * run `npm run schema`". Returns what it did, for tests.
 */
export function prepareGenerated(entry: string): "cached" | "generated" {
  const dir = contractDir(entry);
  if (fs.existsSync(path.join(CACHE, inputsHash(dir)))) return "cached";
  try {
    execFileSync(process.execPath, [path.join(TOOLS, "bin", "persistence-ts.js"), "schema", "--codecs", ...(dir ? ["--dir", dir] : ["--std"])], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
    });
  } catch (e) {
    throw BuildError.fromTool("schema", e);
  }
  fs.mkdirSync(CACHE, { recursive: true });
  fs.writeFileSync(path.join(CACHE, inputsHash(dir)), "");
  return "generated";
}
