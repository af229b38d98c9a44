// The command line: arguments, networks.json and its overrides, the mnemonic (from the
// environment, never printed), and main() end to end on the simulator.

import { describe, expect, it } from "vitest";
import { main, parseArgs, report } from "../../deploy/cli";
import { ChainIdMismatchError, ConfigError, InsufficientFundsError, RpcUnreachableError, TxError, UploadForbiddenError, classifyTxError } from "../../deploy/errors";
import { deployerMnemonic, loadNetwork, requireMnemonic } from "../../deploy/network";
import { Lines, artifactsDir, tmpDir } from "./helpers";

const PHRASE = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

describe("arguments", () => {
  it("default to deploying everything into the simulator", () => {
    expect(parseArgs([])).toEqual({ command: "deploy", network: "simulator", dryRun: false, allowSameVersion: false });
  });

  it("parse --network, --only (in deployment order), --dry-run and migrate --contract", () => {
    expect(parseArgs(["--network", "testnet", "--only", "liquid-staking,nft", "--dry-run"])).toMatchObject({ network: "testnet", only: ["liquid-staking", "nft"], dryRun: true });
    expect(parseArgs(["migrate", "--contract=escrow", "--allow-same-version"])).toMatchObject({ command: "migrate", contract: "escrow", allowSameVersion: true });
  });

  it("refuse what they do not know", () => {
    expect(() => parseArgs(["--only", "nft,dex"])).toThrow(/^--only: unknown contract\(s\) dex; known: (.*, )?escrow, (.*, )?liquid-staking, (.*, )?nft, (.*, )?tranche-pool(, .*)? \(a contract is a folder contracts\/<name>\/ with messages.ts and src\/contract.ts\)$/);
    expect(() => parseArgs(["migrate", "--contract", "dex"])).toThrow(/^--contract: unknown contract "dex"; known: (.*, )?escrow, (.*, )?liquid-staking, (.*, )?nft, (.*, )?tranche-pool/);
    expect(() => parseArgs(["migrate"])).toThrow(/migrate needs --contract/);
    expect(() => parseArgs(["--frobnicate"])).toThrow(/unknown argument --frobnicate/);
    expect(() => parseArgs(["--network"])).toThrow("--network needs a value");
    expect(() => loadNetwork("devnet")).toThrow('unknown network "devnet"; known: simulator, localnet, testnet, mainnet');
  });
});

describe("networks.json", () => {
  it("holds Persistence mainnet and testnet from the chain registry", () => {
    expect(loadNetwork("mainnet", {}, {})).toMatchObject({ chainId: "core-1", rpc: "https://rpc.core.persistence.one", prefix: "persistence", gasPrice: "0.025uxprt", slip44: 118 });
    expect(loadNetwork("testnet", {}, {})).toMatchObject({ chainId: "test-core-1", prefix: "persistence", gasPrice: "0.125uxprt" });
    expect(loadNetwork("mainnet", {}, {}).source).toMatch(/cosmos\/chain-registry persistence\/chain\.json/);
    expect(loadNetwork("localnet", {}, {})).toMatchObject({ chainId: "localpersistence-1", rpc: "http://127.0.0.1:26657", testMnemonic: true });
  });

  it("are overridden by flags, then the environment", () => {
    const env = { DEPLOY_RPC: "https://rpc.example", DEPLOY_GAS_PRICE: "0.05uxprt", DEPLOY_CHAIN_ID: "core-2" };
    expect(loadNetwork("mainnet", {}, env)).toMatchObject({ rpc: "https://rpc.example", rpcFallbacks: [], gasPrice: "0.05uxprt", chainId: "core-2" });
    expect(loadNetwork("mainnet", { rpc: "https://flag.example" }, env).rpc).toBe("https://flag.example");
    expect(loadNetwork("localnet", {}, { LOCALNET_RPC: "http://127.0.0.1:28657" }).rpc).toBe("http://127.0.0.1:28657");
    expect(() => loadNetwork("mainnet", { gasPrice: "cheap" }, {})).toThrow(/invalid gas price "cheap"/);
    expect(() => loadNetwork("simulator", { rpc: "http://x" }, {})).toThrow(ConfigError);
  });

  it("take the mnemonic from $DEPLOY_MNEMONIC only, and never put it in a message", () => {
    const mainnet = loadNetwork("mainnet", {}, {});
    expect(deployerMnemonic(mainnet, {})).toBeNull();
    const err = (() => {
      try {
        requireMnemonic(mainnet, {});
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toMatch(/set \$DEPLOY_MNEMONIC/);
    expect(deployerMnemonic(mainnet, { DEPLOY_MNEMONIC: ` ${PHRASE} ` })).toEqual({ phrase: PHRASE, origin: "$DEPLOY_MNEMONIC" });
    expect(() => deployerMnemonic(mainnet, { DEPLOY_MNEMONIC: "two words" })).toThrow("$DEPLOY_MNEMONIC holds 2 words; a BIP-39 mnemonic has 12 to 24");
    // Local networks fall back to the public test mnemonic.
    expect(deployerMnemonic(loadNetwork("localnet", {}, {}), {})?.origin).toMatch(/local test mnemonic/);
  });
});

describe("errors", () => {
  it("chain messages become typed errors", () => {
    const who = "persistence1deployer";
    expect(classifyTxError("upload nft", new Error("Broadcasting transaction failed with code 5 (codespace: sdk). Log: 10uxprt is smaller than 40uxprt: insufficient funds"), who)).toBeInstanceOf(InsufficientFundsError);
    expect(classifyTxError("upload nft", new Error("Account 'persistence1x' does not exist on chain. Send some tokens there before trying to query sequence."), who)).toBeInstanceOf(InsufficientFundsError);
    expect(classifyTxError("upload nft", new Error("failed to execute message; message index: 0: can not create code: unauthorized"), who)).toBeInstanceOf(UploadForbiddenError);
    expect(classifyTxError("upload nft", new Error("fetch failed"), who)).toBeInstanceOf(RpcUnreachableError);
    expect(classifyTxError("instantiate escrow", new Error("out of gas"), who)).toBeInstanceOf(TxError);
  });

  it("print as one line and a hint, without a stack", () => {
    const lines: string[] = [];
    report(new ChainIdMismatchError("core-1", "test-core-1", "https://rpc"), (l) => lines.push(l));
    expect(lines).toEqual([
      'error (ChainIdMismatchError): chain-id mismatch: network expects "core-1" but https://rpc serves "test-core-1"',
      "  hint: check --network / --rpc, or pass --chain-id if the network really changed its chain id",
    ]);
  });
});

describe("main", () => {
  it("deploys into the in-process simulator without --network", async () => {
    const out = new Lines();
    const dir = tmpDir();
    await main(["--artifacts", artifactsDir(), "--deployments", dir], out.log);
    expect(out.lines[0]).toBe("deploy → simulator (persistence-simulator-1, in process)");
    expect(out.text()).toMatch(/done: 8 transaction\(s\), [\d,]+ gas; recorded in .*persistence-simulator-1\.json/);
  });

  it("runs a dry run and a migration from the command line", async () => {
    const dry = new Lines();
    await main(["--dry-run", "--only", "nft", "--artifacts", artifactsDir(), "--deployments", tmpDir()], dry.log);
    expect(dry.text()).toContain("dry run: nothing sent, nothing written (2 transaction(s) planned)");
    const mig = new Lines();
    await main(["migrate", "--contract", "nft", "--artifacts", artifactsDir(), "--deployments", tmpDir()], mig.log);
    expect(mig.text()).toMatch(/simulator starts empty .* deploying first/);
    expect(mig.text()).toMatch(/nothing to migrate/);
    expect(mig.text()).not.toContain(PHRASE);
  });
});
