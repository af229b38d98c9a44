// attack-16 (review of the storeCode upload check, simulator/app/wasm.ts checkUpload).
//
// Was (LOW): storeCode reported four of the checker's rules as the CHAIN's upload refusal ("Error
// calling the VM: Error during static Wasm validation: … create wasm contract failed"), even with
// App({ uploadCheck: "chain" }), which promises "only what the chain refuses". The VM's upload
// check (check_wasm + compile) accepts code that breaks only import-signature, memory-export,
// entry-point-signature or no-start-section (tests/check/check.test.ts cross-checks this with
// cosmwasm-check; /work/shared/cosmwasm-abi.md): the chain stores it and it fails at instantiation
// or the first call. Now they are OUR_RULES: by default storeCode refuses them with our text,
// naming the checker; with uploadCheck "chain" it stores them, as the chain does.
import { describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { storeError, uploader } from "./refused-upload";
import { OUR_RULES, checkWasm } from "@persistence-ts/cli/check/index";
import { contract } from "../check/fixtures";
import { watToWasm } from "../check/helpers";



/** One module per rule the VM's upload check does not enforce (each breaks only that rule). */
const UPLOAD_ACCEPTED_BY_CHAIN: { rule: string; wat: string }[] = [
  // Wasmer links imports by exact type at instantiation; upload checks the names only.
  { rule: "import-signature", wat: contract({ imports: `(import "env" "db_read" (func (param i32 i32) (result i32)))` }) },
  // The memory export is looked up at instantiation.
  { rule: "memory-export", wat: contract({ memory: `(memory $mem 1)` }) },
  // Entry point types are checked when the VM calls them.
  {
    rule: "entry-point-signature",
    wat: contract({
      entry: `(func $instantiate (export "instantiate") (param i32 i32 i32) (result i32) (i32.const 0))
  (func $execute (export "execute") (param i32 i32 i32) (result i32) (i32.const 0))
  (func $query (export "query") (param i32) (result i32) (i32.const 0))`,
    }),
  },
  // Start code runs at instantiation (with no gas, so it traps there).
  { rule: "no-start-section", wat: contract({ extra: `(func $s)\n  (start $s)` }) },
];

describe("attack-16 (fixed): rules the chain's upload accepts are ours, not the chain's", () => {
  for (const { rule, wat } of UPLOAD_ACCEPTED_BY_CHAIN) {
    it(`${rule}: refused at store with the checker's text by default, stored with uploadCheck "chain"`, () => {
      const wasm = watToWasm(wat);
      // The module breaks exactly this one rule.
      expect(checkWasm(wasm).violations.map((v) => v.rule)).toEqual([rule]);
      expect(OUR_RULES.has(rule)).toBe(true);
      const strict = new App();
      const e = storeError(strict, wasm);
      expect(e.log).toContain("the upload checker (npm run check) refuses this code, which the chain itself would accept");
      expect(e.log).toContain(`[${rule}]`);
      expect(e.log).not.toContain("static Wasm validation");
      expect(strict.wasm.allCodes()).toHaveLength(0);
      const chainLike = new App({ uploadCheck: "chain" });
      chainLike.storeCode(uploader, wasm);
      expect(chainLike.wasm.allCodes()).toHaveLength(1);
    });
  }
});
