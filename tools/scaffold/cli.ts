// `npm run new <name>`: a new contract in contracts/<name>/ (messages, handlers, state, execute,
// errors, README) with its test in tests/<name>/, then its schema, src/msg.ts, src/entry.ts and client
// generated, so that `npx vitest run tests/<name>`, `npm run build -- <name>`, `npm run check`
// and `npm run deploy -- --only <name>` work at once.

import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../project";
import { ContractRegistryError, contractNames } from "../build/contracts";
import { generateClients } from "../codegen";
import { generate, writeIfChanged } from "../schema/cli";
import type { ContractMessages } from "@persistence-ts/schema/dsl";
import { PROJECT_FILES, names, scaffoldFiles } from "./templates";

export class ScaffoldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScaffoldError";
  }
}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const MAX_LENGTH = 40;

/** Names that would shadow a folder of the repository or a std module, or confuse the tools. */
export const RESERVED = ["std", "cw2", "cw20", "cw721", "tools", "tests", "test", "clients", "contracts", "deploy", "bench", "simulator", "chain", "build", "artifacts", "schema", "src", "helpers", "fixtures", "node-modules", "new"];

/** Throws a ScaffoldError saying what is wrong with `name`, or returns it. */
export function validateName(name: string | undefined, root = ROOT): string {
  if (!name) throw new ScaffoldError("usage: persistence-ts new <name>   (kebab-case, e.g. persistence-ts new demo-counter)");
  if (!KEBAB.test(name)) throw new ScaffoldError(`"${name}" is not a kebab-case name: lowercase letters and digits in words joined by single hyphens, starting with a letter (e.g. demo-counter)`);
  if (name.length > MAX_LENGTH) throw new ScaffoldError(`"${name}" is longer than ${MAX_LENGTH} characters`);
  if (RESERVED.includes(name)) throw new ScaffoldError(`"${name}" is reserved (${RESERVED.join(", ")}): choose another name`);
  let existing: string[];
  try {
    existing = contractNames(root);
  } catch (e) {
    if (e instanceof ContractRegistryError) throw new ScaffoldError(`cannot tell which contracts exist: ${e.message}`);
    throw e;
  }
  if (existing.includes(name)) throw new ScaffoldError(`a contract "${name}" exists already (contracts/${name}/); known: ${existing.join(", ")}`);
  for (const taken of [`contracts/${name}`, `tests/${name}`, `clients/${name}`]) {
    if (fs.existsSync(path.join(root, taken))) throw new ScaffoldError(`${taken}/ exists already: remove it or choose another name`);
  }
  return name;
}

/** Writes the new contract's files (and the project's, where it has none); returns their paths relative to the root. */
export function writeScaffold(name: string, root = ROOT): string[] {
  const project = Object.entries(PROJECT_FILES).filter(([rel]) => !fs.existsSync(path.join(root, rel)));
  const files = { ...Object.fromEntries(project), ...scaffoldFiles(names(name)) };
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content, { flag: "wx" });
  }
  return Object.keys(files);
}

/** Whether the optional client generator is installed. */
function hasCodegen(): boolean {
  try {
    require.resolve("@cosmwasm/ts-codegen", { paths: [ROOT] });
    return true;
  } catch {
    return false;
  }
}

/** `npm run schema` and `npm run codegen` for the new contract only. */
async function generateFor(name: string, log: (l: string) => void): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const messages = (require(path.join(ROOT, "contracts", name, "messages.ts")) as { default: ContractMessages }).default;
  for (const f of generate(name, messages)) {
    writeIfChanged(f.path, f.content);
    log(`wrote ${path.relative(ROOT, f.path)}`);
  }
  if (!hasCodegen()) return log("clients: not written (npm install --save-dev @cosmwasm/ts-codegen, then npx persistence-ts codegen)");
  await generateClients(path.join(ROOT, "clients"), [name]);
  log(`wrote clients/${name}/`);
}

export async function main(argv: string[], log: (l: string) => void = (l) => console.log(l)): Promise<void> {
  const name = validateName(argv[0]);
  if (argv.length > 1) throw new ScaffoldError(`one name at a time (got ${argv.join(" ")})`);
  for (const f of writeScaffold(name)) log(`wrote ${f}`);
  await generateFor(name, log);
  log(`
contracts/${name} is ready. Next:
  npx vitest run tests/${name}                                  # compile it and run its test in the simulator
  npx persistence-ts build ${name} && npx persistence-ts check   # artifacts/${name}.wasm and the upload checks
Edit contracts/${name}/messages.ts, then npx persistence-ts schema (and codegen for the clients).`);
}

/** main, with a mistake in the name reported as `error: …` (exit code 1). */
export async function cli(argv: string[]): Promise<number> {
  try {
    await main(argv);
    return 0;
  } catch (e) {
    if (!(e instanceof ScaffoldError)) throw e;
    console.error(`error: ${e.message}`);
    return 1;
  }
}

if (require.main === module) void cli(process.argv.slice(2)).then((code) => (process.exitCode = code));
