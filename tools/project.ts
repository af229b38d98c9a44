// Where the CLI works: the project it acts on and the packages it uses. The project is the
// nearest folder at or above the working directory with a package.json (this repository, or a
// third party's project that installed @persistence-ts/cli); the packages are found by Node's
// resolution from there, so a workspace link and an installed tarball resolve alike.

import * as fs from "node:fs";
import * as path from "node:path";

function nearestPackageRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from);
  }
}

/** The project: contracts/, tests/, artifacts/, clients/ and node_modules/.cache live under it. */
export const ROOT = nearestPackageRoot(process.env.PERSISTENCE_TS_PROJECT ?? process.cwd());

/** This package's folder (@persistence-ts/cli). */
export const TOOLS = __dirname;

/**
 * The folder of an installed package: by default the project's copy (std, which the contracts
 * import), else this package's; with `from: "cli"` the CLI's own first (the compiler and binaryen
 * at the versions it pins, whatever else the project installed).
 */
export function packageDir(name: string, from: "project" | "cli" = "project"): string {
  return path.dirname(require.resolve(`${name}/package.json`, { paths: from === "cli" ? [TOOLS, ROOT] : [ROOT, TOOLS] }));
}

/** `node_modules/.cache/<name>` of the project: derived files that are never committed. */
export function cacheDir(name: string): string {
  return path.join(ROOT, "node_modules", ".cache", name);
}

/** The name AssemblyScript code imports std by. */
export const STD_PACKAGE = "@persistence-ts/std";
