#!/usr/bin/env node
// The packages ship TypeScript sources (asc compiles AssemblyScript from source, and the tools are
// read like the contracts). ts-node compiles them on load: ours under node_modules/@persistence-ts
// too, which it skips by default, and the project's messages.ts with the options the sources need.
require("ts-node").register({
  transpileOnly: true,
  skipProject: true,
  ignore: ["(?:^|/)node_modules/(?!@persistence-ts/)"],
  compilerOptions: { module: "commonjs", target: "ES2022", esModuleInterop: true, resolveJsonModule: true },
  moduleTypes: { "**/*.ts": "cjs" }, // also in a project whose package.json says "type": "module"
});
require("../cli.ts")
  .main(process.argv.slice(2))
  .then((code) => (process.exitCode = code));
