// The simulator's storeCode refuses whatever the upload checker (npm run check) refuses: one rule
// set (tools/check), so a float fails in the first test run, not only at `npm run check`. The
// chain accepts floats, so that refusal says it is ours and how a test opts out. Functions are
// named from the name map the build keeps beside each wasm it makes.
import { describe, expect, it } from "vitest";
import { App } from "@persistence-ts/simulator/app/app";
import { storeError, uploader } from "./refused-upload";
import { checkWasm } from "@persistence-ts/cli/check/index";
import { buildFixture } from "@persistence-ts/testing/fixtures";



describe("storeCode runs the upload checker's rules", () => {
  it("refuses a float by default, naming the function, and stores nothing", () => {
    const app = new App();
    const e = storeError(app, buildFixture("float"));
    expect(e.log).toMatch(
      /^failed to execute message; message index: 0: the upload checker \(npm run check\) refuses this code, which the chain itself would accept: \[floats\] func\[\d+\] \$tests\/fixtures\/float\/contract\/\S+: uses f64\.[a-z_]+.*; a test that needs such code creates its App with \{ uploadCheck: "chain" \}$/,
    );
    expect([e.codespace, e.code]).toEqual(["wasm", 2]);
    expect(app.wasm.allCodes()).toHaveLength(0);
  });

  it("names the same function as npm run check does", () => {
    const wasm = buildFixture("float");
    const verdict = checkWasm(wasm);
    expect(verdict.ok).toBe(false);
    const floats = verdict.violations.filter((v) => v.rule === "floats");
    expect(floats.length).toBeGreaterThan(0);
    for (const v of floats) expect(storeError(new App(), wasm).log).toContain(`[floats] ${v.item}: ${v.message}`);
    expect(floats.some((v) => /^func\[\d+\] \$tests\/fixtures\/float\/contract\//.test(v.item))).toBe(true);
  });

  it("stores it with the explicit opt-out, which keeps only the chain's own rules", () => {
    const app = new App({ uploadCheck: "chain" });
    app.mint(uploader, [{ denom: "uxprt", amount: "1000" }]);
    const { codeId } = app.storeCode(uploader, buildFixture("float"));
    const res = app.instantiate(uploader, codeId, {}, "float");
    expect(res.events.find((e) => e.type === "wasm")!.attributes).toContainEqual({ key: "fee", value: "50" });
  });

  it("the opt-out does not let through what the chain refuses, with the chain's text", () => {
    const bad = Buffer.from(buildFixture("probe"));
    bad.write("allocatX", bad.indexOf(Buffer.from("allocate")));
    for (const app of [new App(), new App({ uploadCheck: "chain" })]) {
      expect(storeError(app, new Uint8Array(bad)).log).toMatch(/Error calling the VM: Error during static Wasm validation: \[required-export\] .*: create wasm contract failed$/);
    }
  });

  it("charges the same gas either way: the check is the simulator's, the gas the chain's", () => {
    const wasm = buildFixture("probe");
    const gas = (app: App): number => app.storeCode(uploader, wasm).gasUsed;
    expect(gas(new App())).toBe(gas(new App({ uploadCheck: "chain" })));
  });
});
