// `persistence-ts <command> [args]`: one CLI over the build, the upload checker, the message DSL's
// generators and the scaffold. Each command is also a module with a `main` of its own.

type Command = { about: string; run: (args: string[]) => number | Promise<number> };

/* eslint-disable @typescript-eslint/no-require-imports -- a command's modules load only when it runs */
const COMMANDS: Record<string, Command> = {
  new: { about: "<name>  scaffold contracts/<name> (messages, entry, state, README) and a passing test", run: (a) => require("./scaffold/cli").cli(a) },
  schema: { about: "[--check | --codecs] [--dir contracts/<name> | --std]  write the JSON schema and the codecs from messages.ts", run: (a) => require("./schema/cli").cli(a) },
  build: { about: "[<name>...]  compile contracts into artifacts/<name>.wasm (+ checksums.txt)", run: (a) => require("./build/cli").main(a) },
  check: { about: "[files] [--floats=warn] [--capabilities=a,b]  the upload checks of the CosmWasm VM (default: the project's artifacts/)", run: (a) => require("./check/cli").main(a, { log: (l: string) => console.log(l), cwd: process.cwd(), root: require("./project").ROOT }) },
  codegen: { about: "[--out DIR]  typed TypeScript clients from the schemas (needs @cosmwasm/ts-codegen)", run: (a) => require("./codegen").cli(a) },
  docs: { about: "[--check]  API docs of std from its doc comments (std/API.md)", run: (a) => require("./docs/std").main(a) },
};
/* eslint-enable @typescript-eslint/no-require-imports */

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return ["usage: persistence-ts <command> [args]", "", ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.about}`)].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(args);
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
