// The build refuses a contract whose generated message code (src/msg.ts, schema/<name>.json) is
// older than its messages.ts: compiling it would end in an asc type error that does not say why.
// `npm run schema -- --check --dir <contract>` regenerates in memory and compares; a pass is
// remembered under node_modules/.cache by a hash of every input, so it runs once per change.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { BuildError, ROOT } from "./compile";

// compile.ts imports this module: ROOT is read at call time, not at load.
const cacheDir = (): string => path.join(ROOT, "node_modules", ".cache", "schema-current");

/** The contract folder of `entry` (`<dir>/src/….ts`) when it describes its messages, else null. */
function contractDir(entry: string): string | null {
  const dir = path.dirname(path.dirname(path.resolve(ROOT, entry)));
  return fs.existsSync(path.join(dir, "messages.ts")) ? dir : null;
}

/** Every file the comparison reads: the DSL and generators, each contract's messages.ts (they import each other), the outputs. */
function inputsHash(dir: string): string {
  const contracts = path.dirname(dir);
  const schemaTools = path.join(ROOT, "tools", "schema");
  const files = [
    ...fs.readdirSync(schemaTools).map((f) => path.join(schemaTools, f)),
    ...fs.readdirSync(contracts).map((n) => path.join(contracts, n, "messages.ts")),
    path.join(dir, "src", "msg.ts"),
    path.join(dir, "schema", `${path.basename(dir)}.json`),
  ];
  const h = createHash("sha256").update(dir);
  for (const f of files) h.update(f).update(fs.existsSync(f) ? fs.readFileSync(f) : "absent");
  return h.digest("hex").slice(0, 24);
}

/**
 * Throws a BuildError ("contracts/<name>/src/msg.ts is out of date with messages.ts: run
 * `npm run schema`", or the DSL's error for a mistake in messages.ts) unless the generated files
 * of `entry`'s contract match its messages.ts. Returns what it did, for tests.
 */
export function assertGeneratedCurrent(entry: string): "no messages.ts" | "cached" | "checked" {
  const dir = contractDir(entry);
  if (dir === null) return "no messages.ts";
  const marker = path.join(cacheDir(), inputsHash(dir));
  if (fs.existsSync(marker)) return "cached";
  try {
    execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "tools", "schema", "cli.ts"), "--check", "--dir", dir], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
    });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new BuildError("schema", (err.stderr || err.stdout || err.message).trim());
  }
  fs.mkdirSync(cacheDir(), { recursive: true });
  fs.writeFileSync(marker, "");
  return "checked";
}
