// AssemblyScript calls `abort(message, file, line, column)`; the VM imports a one-argument
// `env.abort(region)`. The build maps the former onto this adapter with `--use abort=…`.

import { abort } from "./imports";
import { regionFromString } from "./region";

export function contractAbort(message: string | null, fileName: string | null = null, line: u32 = 0, column: u32 = 0): void {
  let text = message === null ? "abort" : message;
  if (fileName !== null) text += " at " + fileName + ":" + line.toString() + ":" + column.toString();
  abort(<u32>regionFromString(text));
  unreachable();
}
