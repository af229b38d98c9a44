// Every artifacts/*.wasm on a real local chain: cosmwasm-check, upload, instantiate, execute, query.
// Run with `npm run test:chain` (or start a localnet and `npx vitest run -c vitest.e2e.config.ts`).
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv, { ValidateFunction } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { Signer, assertChainUp, bondedValidators, rpcUrl, signer } from "./chain";
import { Ctx, SchemaCheck, prepareScenarios, scenarios } from "./scenarios";

const ROOT = path.resolve(__dirname, "../..");
const ARTIFACTS = path.join(ROOT, "artifacts");
const CAPABILITIES =
  "iterator,staking,stargate,cosmwasm_1_1,cosmwasm_1_2,cosmwasm_1_3,cosmwasm_1_4,cosmwasm_2_0,cosmwasm_2_1,cosmwasm_2_2";

const wasms = fs.existsSync(ARTIFACTS) ? fs.readdirSync(ARTIFACTS).filter((f) => f.endsWith(".wasm")).sort() : [];

function cosmwasmCheck(): string {
  if (process.env.COSMWASM_CHECK) return process.env.COSMWASM_CHECK;
  const cargo = path.join(os.homedir(), ".cargo", "bin", "cosmwasm-check");
  if (fs.existsSync(cargo)) return cargo;
  try {
    return execFileSync("sh", ["-c", "command -v cosmwasm-check"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("cosmwasm-check not found: cargo install cosmwasm-check --version 2.2.10 (or set COSMWASM_CHECK)");
  }
}

function schemaCheck(schemaFile: string): SchemaCheck {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, schemaFile), "utf8"));
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  const cache = new Map<string, ValidateFunction>();
  return (kind, name, value) => {
    const key = kind === "response" ? `response:${name}` : kind;
    let v = cache.get(key);
    if (!v) {
      const s = kind === "response" ? schema.responses[name] : schema[kind];
      if (!s) throw new Error(`${schemaFile} has no ${kind} schema ${name}`);
      v = ajv.compile(s);
      cache.set(key, v);
    }
    if (!v(value)) throw new Error(`${kind} ${name} does not match ${schemaFile}: ${ajv.errorsText(v.errors)}\n${JSON.stringify(value)}`);
  };
}

describe("artifacts on a local chain", () => {
  const rpc = rpcUrl();
  let ctx: Ctx;
  let owner: Signer;

  beforeAll(async () => {
    await assertChainUp(rpc);
    await prepareScenarios();
    owner = await signer(rpc, 0);
    ctx = { owner, other: await signer(rpc, 1), rpc, validators: await bondedValidators(rpc) };
  });

  it("there are artifacts (npm run build)", () => {
    expect(wasms.length).toBeGreaterThan(0);
  });

  describe.each(wasms)("%s", (file) => {
    const name = file.replace(/\.wasm$/, "");
    const wasm = fs.readFileSync(path.join(ARTIFACTS, file));

    it("passes cosmwasm-check with Persistence's capabilities", () => {
      const out = execFileSync(cosmwasmCheck(), ["--available-capabilities", CAPABILITIES, path.join(ARTIFACTS, file)], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      expect(out).toMatch(/pass/i);
    });

    it("uploads, instantiates, executes and answers queries", async () => {
      const scenario = scenarios[name];
      if (!scenario) throw new Error(`no e2e scenario for ${file}: add one to tests/e2e/scenarios.ts`);
      const check = schemaCheck(scenario.schema);

      const upload = await owner.client.upload(owner.address, wasm, "auto", `${name} e2e`);
      expect(upload.checksum).toMatch(/^[0-9a-f]{64}$/);
      const code = await owner.client.getCodeDetails(upload.codeId);
      expect(Buffer.from(code.data).equals(wasm)).toBe(true);

      const deployed: Record<string, string> = {};
      for (const [dep, depMsg] of Object.entries(scenario.needs?.(ctx) ?? {})) {
        const depWasm = fs.readFileSync(path.join(ARTIFACTS, `${dep}.wasm`));
        const { codeId } = await owner.client.upload(owner.address, depWasm, "auto");
        deployed[dep] = (await owner.client.instantiate(owner.address, codeId, depMsg, `${dep}-for-${name}`, "auto")).contractAddress;
      }
      const msg = scenario.instantiate({ ...ctx, deployed });
      check("instantiate", "", msg);
      const inst = await owner.client.instantiate(owner.address, upload.codeId, msg, `${name}-e2e`, "auto", { admin: owner.address });
      const contract = await owner.client.getContract(inst.contractAddress);
      expect(contract).toMatchObject({ codeId: upload.codeId, creator: owner.address, admin: owner.address });
      console.log(
        `    ${file}: ${wasm.length} bytes, code ${upload.codeId}, upload gas ${upload.gasUsed}, instantiate gas ${inst.gasUsed}, contract ${inst.contractAddress}`,
      );

      // cw2 version info written at instantiation (raw key "contract_info").
      const cw2 = await owner.client.queryContractRaw(inst.contractAddress, Buffer.from("contract_info"));
      expect(cw2, "cw2 contract_info is stored").not.toBeNull();
      expect(JSON.parse(Buffer.from(cw2!).toString("utf8"))).toHaveProperty("version");

      await scenario.run({ ...ctx, contract: inst.contractAddress, check, deployed });
    });
  });
});
