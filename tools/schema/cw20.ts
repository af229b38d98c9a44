// The generated codec of std/cw20 (std/cw20/msg.ts), from the plain cw20 contract of
// interfaces/cw20.ts. The build writes it (tools/build/generated.ts); `npx ts-node tools/schema/cw20.ts`
// rewrites it by hand.

import * as fs from "node:fs";
import * as path from "node:path";
import { STD_PACKAGE, packageDir } from "../project";
import cw20Contract from "@persistence-ts/interfaces/cw20";
import { assemblyScriptCodec } from "@persistence-ts/schema/assemblyscript";

/** The generated std/cw20/msg.ts. */
export function cw20Codec(): { path: string; content: string } {
  return {
    path: path.join(packageDir(STD_PACKAGE), "cw20", "msg.ts"),
    content: assemblyScriptCodec(cw20Contract, "..", "interfaces/cw20.ts"),
  };
}

if (require.main === module) {
  const f = cw20Codec();
  fs.mkdirSync(path.dirname(f.path), { recursive: true });
  fs.writeFileSync(f.path, f.content);
  console.log(`wrote ${path.relative(process.cwd(), f.path)}`);
}
