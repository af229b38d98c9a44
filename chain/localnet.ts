// Local Persistence-like network: N validators on 127.0.0.1, each its own process, gentx-based genesis.
//
//   npm run localnet -- start|stop|reset|status [--validators N] [--name NAME] [--port-offset K]
//
// State and logs: .localnet/<name>/ (name "default" unless --name). See chain/README.md.
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { makeCosmoshubPath, QueryClient, setupStakingExtension, setupSlashingExtension } from "@cosmjs/stargate";
import { connectComet } from "@cosmjs/tendermint-rpc";

export const CHAIN_ID = "localpersistence-1";
export const DENOM = "uxprt";
/** Fixed at link time in the node binary (chain/build-node.sh): every network, app-chains included, uses it. */
export const PREFIX = "persistence";
export const GAS_PRICE = `0.025${DENOM}`;
/** Minimum gas price (and the price tests and the relayer pay) on every network, in its own denom. */
export const GAS_PRICE_AMOUNT = 0.025;
export function gasPrice(denom: string): string {
  return `${GAS_PRICE_AMOUNT}${denom}`;
}
/** Fixed test mnemonic: never use it outside local networks. */
export const MNEMONIC =
  "response clinic prevent bike alpha upper label carpet horn reopen crawl pluck gossip execute forget spy orbit betray second engine miracle enlist list poverty";
/** Test accounts: m/44'/118'/0'/0/i for i < TEST_ACCOUNTS, each funded with ACCOUNT_BALANCE. */
export const TEST_ACCOUNTS = 10;
export const ACCOUNT_BALANCE = 10_000_000_000_000n; // 10,000,000 XPRT
/** Validator i's operator key: m/44'/118'/0'/0/(VALIDATOR_INDEX + i). */
export const VALIDATOR_INDEX = 100;
export const VALIDATOR_BALANCE = 1_000_000_000_000n;
/** Self-delegation. The last validator (of ≥ 2) bonds half, so stopping it leaves > 2/3 of the power online. */
export const SELF_BOND = 100_000_000n;
/** The IBC relayer's key (Hermes), m/44'/118'/0'/0/RELAYER_INDEX: funded only on networks created with `relayer`. */
export const RELAYER_INDEX = 200;
export const RELAYER_BALANCE = 1_000_000_000_000n;

export const GENESIS_PARAMS = {
  unbondingTime: "30s",
  signedBlocksWindow: "20",
  minSignedPerWindow: "0.500000000000000000",
  downtimeJailDuration: "60s",
  slashFractionDowntime: "0.010000000000000000",
  votingPeriod: "30s",
  expeditedVotingPeriod: "15s",
  /** ibc-go's connection param max_expected_time_per_block (ns; its default, 30 s). Hermes reads it as its max_block_time. */
  ibcMaxExpectedTimePerBlock: "30000000000",
};
const TIMEOUT_COMMIT = "300ms";
const TIMEOUT_PROPOSE = "1s";

const ROOT = path.resolve(__dirname, "..");
const BASE_DIR = process.env.LOCALNET_DIR ?? path.join(ROOT, ".localnet");

export interface Ports {
  p2p: number;
  rpc: number;
  abci: number;
  grpc: number;
  api: number;
}

/** Ports of validator i: 26656/26657/26658 (p2p/rpc/abci), 9090 (grpc), 1317 (api, disabled) + offset + 10 i. */
export function ports(i: number, offset = 0): Ports {
  const o = offset + 10 * i;
  return { p2p: 26656 + o, rpc: 26657 + o, abci: 26658 + o, grpc: 9090 + o, api: 1317 + o };
}

export function selfBond(i: number, validators: number): bigint {
  return validators >= 2 && i === validators - 1 ? SELF_BOND / 2n : SELF_BOND;
}

export interface NetworkFile {
  chainId: string;
  /** Bond, fee and test-account denom (absent in files written before it could differ: uxprt). */
  denom?: string;
  /** The relayer account (RELAYER_INDEX) is funded in genesis. */
  relayer?: boolean;
  validators: number;
  portOffset: number;
  binary: string;
  created: string;
  /** Genesis parameters that differ from GENESIS_PARAMS. */
  genesis?: Partial<GenesisParams>;
}

export type GenesisParams = typeof GENESIS_PARAMS;

export interface StartOptions {
  validators?: number;
  portOffset?: number;
  /** For a new network: genesis parameters other than GENESIS_PARAMS (e.g. a longer unbonding time). */
  genesis?: Partial<GenesisParams>;
  /** For a new network: its chain-id and denom (default CHAIN_ID, DENOM) and whether to fund the relayer. */
  chainId?: string;
  denom?: string;
  relayer?: boolean;
  log?: (s: string) => void;
}

export interface ValidatorStatus {
  index: number;
  home: string;
  pid: number | null;
  rpc: string;
  height: number | null;
}

export interface ChainValidator {
  moniker: string;
  operator: string;
  tokens: string;
  status: string;
  jailed: boolean;
}

export class LocalnetError extends Error {}

export class Localnet {
  readonly dir: string;

  constructor(readonly name = "default") {
    this.dir = path.join(BASE_DIR, name);
  }

  private get networkFile(): string {
    return path.join(this.dir, "network.json");
  }

  /** The network's settings, or null when it has not been initialised. */
  info(): NetworkFile | null {
    if (!fs.existsSync(this.networkFile)) return null;
    return JSON.parse(fs.readFileSync(this.networkFile, "utf8")) as NetworkFile;
  }

  home(i: number): string {
    return path.join(this.dir, `val${i}`);
  }
  logFile(i: number): string {
    return path.join(this.dir, `val${i}.log`);
  }
  private pidFile(i: number): string {
    return path.join(this.dir, `val${i}.pid`);
  }
  /** The home of the second node that runs validator i's key (startTwin). */
  twinHome(i: number): string {
    return path.join(this.dir, `twin${i}`);
  }
  twinLogFile(i: number): string {
    return path.join(this.dir, `twin${i}.log`);
  }
  rpcUrl(i = 0): string {
    const n = this.info();
    return `http://127.0.0.1:${ports(i, n?.portOffset ?? 0).rpc}`;
  }

  /** PID of validator i if its process is alive and is our node for this home. */
  pid(i: number): number | null {
    return livePid(this.pidFile(i), this.home(i));
  }

  /** PID of validator i's twin (startTwin) if it runs. */
  twinPid(i: number): number | null {
    return livePid(path.join(this.dir, `twin${i}.pid`), this.twinHome(i));
  }

  /** Initialises (if needed) and starts every stopped validator; waits until blocks are produced.
   *  Does nothing (but log) when all validators already run. */
  async start(opts: StartOptions = {}): Promise<void> {
    const log = opts.log ?? (() => {});
    let n = this.info();
    if (n && opts.validators !== undefined && opts.validators !== n.validators) {
      throw new LocalnetError(
        `${this.dir} holds a ${n.validators}-validator network; run "reset --validators ${opts.validators}" to replace it`,
      );
    }
    if (n && opts.portOffset !== undefined && opts.portOffset !== n.portOffset) {
      throw new LocalnetError(`${this.dir} uses port offset ${n.portOffset}; run "reset" to change it`);
    }
    if (n && opts.chainId !== undefined && opts.chainId !== n.chainId) {
      throw new LocalnetError(`${this.dir} holds chain ${n.chainId}, not ${opts.chainId}; run "reset" to replace it`);
    }
    if (n) {
      const running = [...Array(n.validators).keys()].filter((i) => this.pid(i) !== null);
      if (running.length === n.validators) {
        log(`"${this.name}" is already running (${n.validators} validator(s), RPC ${this.rpcUrl(0)}); nothing to start`);
        return;
      }
    } else {
      n = await this.init(opts.validators ?? 1, opts.portOffset ?? 0, opts.genesis ?? {}, { chainId: opts.chainId ?? CHAIN_ID, denom: opts.denom ?? DENOM, relayer: opts.relayer ?? false }, log);
    }
    const binary = process.env.LOCALNET_NODE_BIN ?? n.binary;
    if (!fs.existsSync(binary)) {
      throw new LocalnetError(`node binary missing: ${binary} (run chain/build-node.sh and "reset", or set LOCALNET_NODE_BIN)`);
    }
    const toStart = [...Array(n.validators).keys()].filter((i) => this.pid(i) === null);
    for (const i of toStart) await assertPortsFree(ports(i, n.portOffset), `val${i}`);
    for (const i of toStart) this.spawnValidator(binary, i);
    log(`started val${toStart.join(", val")}; waiting for blocks…`);
    await this.waitForBlocks(toStart);
  }

  /** Stops every validator (or only `only`) by PID: SIGTERM, then SIGKILL after 20 s. A full stop stops the twins too. */
  async stop(only?: number): Promise<number[]> {
    const n = this.info();
    if (!n) return [];
    const stopped: number[] = [];
    for (const i of only === undefined ? [...Array(n.validators).keys()] : [only]) {
      if (await terminate(this.pid(i))) stopped.push(i);
      fs.rmSync(this.pidFile(i), { force: true });
      if (only === undefined) await this.stopTwin(i);
    }
    return stopped;
  }

  /**
   * Starts a second node that signs with validator i's consensus key: a double signer. Its home
   * (`twin<i>/`) has val i's genesis and priv_validator_key.json, a fresh signing state (so it signs
   * what val i already signed) and its own node key and ports (those of validator slot
   * validators + i); it syncs from the validators, then votes as val i. When val i proposes, each
   * copy proposes its own block and prevotes it: conflicting votes, which the other validators
   * turn into DuplicateVoteEvidence for x/evidence.
   */
  async startTwin(i: number, log: (s: string) => void = () => {}): Promise<void> {
    const n = this.info();
    if (!n) throw new LocalnetError(`${this.dir} holds no network`);
    if (i < 0 || i >= n.validators) throw new LocalnetError(`no validator ${i} in a ${n.validators}-validator network`);
    if (this.twinPid(i) !== null) return;
    const binary = process.env.LOCALNET_NODE_BIN ?? n.binary;
    const home = this.twinHome(i);
    const p = ports(n.validators + i, n.portOffset);
    await assertPortsFree(p, `twin${i}`);
    fs.rmSync(home, { recursive: true, force: true });
    runNode(binary, ["init", `twin${i}`, "--chain-id", n.chainId, "--default-denom", this.denom(), "--home", home]);
    for (const f of ["genesis.json", "priv_validator_key.json"]) fs.copyFileSync(path.join(this.home(i), "config", f), path.join(home, "config", f));
    const peers = [...Array(n.validators).keys()].map((j) => `${runNode(binary, ["comet", "show-node-id", "--home", this.home(j)]).trim()}@127.0.0.1:${ports(j, n.portOffset).p2p}`);
    configure(home, p, peers, n.chainId, this.denom());
    const out = fs.openSync(this.twinLogFile(i), "a");
    const child = spawn(binary, ["start", "--home", home], { detached: true, stdio: ["ignore", out, out] });
    fs.closeSync(out);
    if (child.pid === undefined) throw new LocalnetError(`could not start twin${i} (${binary})`);
    fs.writeFileSync(path.join(this.dir, `twin${i}.pid`), `${child.pid}\n`);
    child.unref();
    log(`started twin${i} (validator ${i}'s key) on RPC ${p.rpc}`);
  }

  async stopTwin(i: number): Promise<boolean> {
    const stopped = await terminate(this.twinPid(i));
    fs.rmSync(path.join(this.dir, `twin${i}.pid`), { force: true });
    return stopped;
  }

  /** Stops the network, deletes its state and starts a fresh one. */
  async reset(opts: StartOptions = {}): Promise<void> {
    const old = this.info();
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
    await this.start({
      validators: opts.validators ?? old?.validators ?? 1,
      portOffset: opts.portOffset ?? old?.portOffset ?? 0,
      genesis: opts.genesis ?? old?.genesis,
      chainId: opts.chainId ?? old?.chainId,
      denom: opts.denom ?? old?.denom,
      relayer: opts.relayer ?? old?.relayer,
      log: opts.log,
    });
  }

  /** The network's bond and fee denom. */
  denom(): string {
    return this.info()?.denom ?? DENOM;
  }

  /** The network's genesis parameters. */
  genesisParams(): GenesisParams {
    return { ...GENESIS_PARAMS, ...this.info()?.genesis };
  }

  async status(): Promise<{ network: NetworkFile | null; nodes: ValidatorStatus[]; validators: ChainValidator[] | null }> {
    const n = this.info();
    if (!n) return { network: null, nodes: [], validators: null };
    const nodes: ValidatorStatus[] = [];
    for (let i = 0; i < n.validators; i++) {
      const rpc = this.rpcUrl(i);
      nodes.push({ index: i, home: this.home(i), pid: this.pid(i), rpc, height: await height(rpc) });
    }
    const reachable = nodes.find((v) => v.height !== null);
    return { network: n, nodes, validators: reachable ? await chainValidators(reachable.rpc) : null };
  }

  // ---- genesis --------------------------------------------------------------------------------

  private async init(
    validators: number,
    portOffset: number,
    genesis: Partial<GenesisParams>,
    chain: { chainId: string; denom: string; relayer: boolean },
    log: (s: string) => void,
  ): Promise<NetworkFile> {
    if (!Number.isInteger(validators) || validators < 1 || validators > 20) {
      throw new LocalnetError(`--validators must be an integer between 1 and 20, got ${validators}`);
    }
    const binary = nodeBinary(log);
    const { chainId, denom } = chain;
    log(`initialising ${validators}-validator network ${chainId} in ${this.dir}`);
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
    const run = (args: string[], input?: string) => runNode(binary, args, input);

    const users = await accounts(0, TEST_ACCOUNTS);
    const operators = await accounts(VALIDATOR_INDEX, validators);
    const nodeIds: string[] = [];
    for (let i = 0; i < validators; i++) {
      const home = this.home(i);
      run(["init", `val${i}`, "--chain-id", chainId, "--default-denom", denom, "--home", home]);
      run(["keys", "add", `val${i}`, "--recover", "--index", String(VALIDATOR_INDEX + i), "--keyring-backend", "test", "--home", home], MNEMONIC + "\n");
      nodeIds.push(run(["comet", "show-node-id", "--home", home]).trim());
    }
    const home0 = this.home(0);
    for (let i = 0; i < TEST_ACCOUNTS; i++) {
      run(["keys", "add", `user${i}`, "--recover", "--index", String(i), "--keyring-backend", "test", "--home", home0], MNEMONIC + "\n");
    }
    const relayer = chain.relayer ? await accounts(RELAYER_INDEX, 1) : [];
    const balances = [
      ...users.map((address) => ({ address, coins: [{ denom, amount: ACCOUNT_BALANCE.toString() }] })),
      ...operators.map((address) => ({ address, coins: [{ denom, amount: VALIDATOR_BALANCE.toString() }] })),
      ...relayer.map((address) => ({ address, coins: [{ denom, amount: RELAYER_BALANCE.toString() }] })),
    ];
    const balancesFile = path.join(this.dir, "accounts.json");
    fs.writeFileSync(balancesFile, JSON.stringify(balances, null, 2));
    run(["genesis", "bulk-add-genesis-account", balancesFile, "--home", home0]);

    const genesis0 = path.join(home0, "config", "genesis.json");
    const gentxDir = path.join(home0, "config", "gentx");
    for (let i = 0; i < validators; i++) {
      const home = this.home(i);
      if (i > 0) fs.copyFileSync(genesis0, path.join(home, "config", "genesis.json"));
      const out = path.join(gentxDir, `gentx-val${i}.json`);
      fs.mkdirSync(gentxDir, { recursive: true });
      run([
        "genesis", "gentx", `val${i}`, `${selfBond(i, validators)}${denom}`,
        "--chain-id", chainId, "--moniker", `val${i}`, "--commission-rate", "0.05",
        "--ip", "127.0.0.1", "--p2p-port", String(ports(i, portOffset).p2p), "--node-id", nodeIds[i],
        "--keyring-backend", "test", "--home", home, "--output-document", out,
      ]);
    }
    run(["genesis", "collect-gentxs", "--home", home0]);
    patchGenesis(genesis0, { ...GENESIS_PARAMS, ...genesis });
    run(["genesis", "validate", genesis0, "--home", home0]);

    for (let i = 0; i < validators; i++) {
      const home = this.home(i);
      if (i > 0) fs.copyFileSync(genesis0, path.join(home, "config", "genesis.json"));
      const peers = nodeIds.map((id, j) => `${id}@127.0.0.1:${ports(j, portOffset).p2p}`).filter((_, j) => j !== i);
      configure(home, ports(i, portOffset), peers, chainId, denom);
    }
    const n: NetworkFile = {
      chainId,
      denom,
      ...(chain.relayer && { relayer: true }),
      validators,
      portOffset,
      binary,
      created: new Date().toISOString(),
      ...(Object.keys(genesis).length > 0 && { genesis }),
    };
    fs.writeFileSync(this.networkFile, JSON.stringify(n, null, 2) + "\n");
    return n;
  }

  private spawnValidator(binary: string, i: number): void {
    const out = fs.openSync(this.logFile(i), "a");
    const trace = i === 0 && process.env.LOCALNET_TRACE_STORE ? ["--trace-store", process.env.LOCALNET_TRACE_STORE] : [];
    const child = spawn(binary, ["start", "--home", this.home(i), ...trace], { detached: true, stdio: ["ignore", out, out] });
    fs.closeSync(out);
    if (child.pid === undefined) throw new LocalnetError(`could not start val${i} (${binary})`);
    fs.writeFileSync(this.pidFile(i), `${child.pid}\n`);
    child.unref();
  }

  /** Waits until every started validator answers and its height has advanced past the first answer. */
  private async waitForBlocks(started: number[], timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const first = new Map<number, number>();
    for (;;) {
      for (const i of started) {
        if (this.pid(i) === null) {
          throw new LocalnetError(`val${i} exited during start-up; last lines of ${this.logFile(i)}:\n${tail(this.logFile(i), 20)}`);
        }
      }
      const heights = await Promise.all(started.map((i) => height(this.rpcUrl(i))));
      started.forEach((i, k) => {
        if (heights[k] !== null && !first.has(i)) first.set(i, heights[k]!);
      });
      if (started.every((i, k) => heights[k] !== null && heights[k]! >= 2 && heights[k]! > first.get(i)!)) return;
      if (Date.now() > deadline) {
        throw new LocalnetError(
          `no new blocks after ${timeoutMs / 1000} s (heights ${heights.map((h) => h ?? "-").join(", ")}); see ${this.dir}/val*.log`,
        );
      }
      await sleep(250);
    }
  }
}

// ---- helpers ------------------------------------------------------------------------------------

/** Bech32 addresses of m/44'/118'/0'/0/i for i in [from, from + count). */
export async function accounts(from: number, count: number): Promise<string[]> {
  const wallet = await testWallet([...Array(count).keys()].map((i) => from + i));
  return (await wallet.getAccounts()).map((a) => a.address);
}

/** A signer holding the test mnemonic's keys m/44'/118'/0'/0/i for the given indexes. */
export function testWallet(indexes: number[] = [0]): Promise<DirectSecp256k1HdWallet> {
  return DirectSecp256k1HdWallet.fromMnemonic(MNEMONIC, { prefix: PREFIX, hdPaths: indexes.map((i) => makeCosmoshubPath(i)) });
}

/** The node binary: $LOCALNET_NODE_BIN, else chain/build-node.sh's cached (or freshly built) binary. */
export function nodeBinary(log: (s: string) => void = () => {}): string {
  const env = process.env.LOCALNET_NODE_BIN;
  if (env) {
    if (!fs.existsSync(env)) throw new LocalnetError(`LOCALNET_NODE_BIN=${env} does not exist`);
    return env;
  }
  log("locating node binary (chain/build-node.sh; a cold build takes several minutes)…");
  try {
    return execFileSync(path.join(__dirname, "build-node.sh"), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  } catch (e) {
    throw new LocalnetError(`node binary missing and chain/build-node.sh failed: ${(e as Error).message}`);
  }
}

function runNode(binary: string, args: string[], input?: string): string {
  try {
    return execFileSync(binary, args, { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"] });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new LocalnetError(`${path.basename(binary)} ${args.join(" ")} failed:\n${err.stderr || err.stdout || err.message}`);
  }
}

function patchGenesis(file: string, p: GenesisParams): void {
  const g = JSON.parse(fs.readFileSync(file, "utf8"));
  const s = g.app_state;
  s.staking.params.unbonding_time = p.unbondingTime;
  Object.assign(s.slashing.params, {
    signed_blocks_window: p.signedBlocksWindow,
    min_signed_per_window: p.minSignedPerWindow,
    downtime_jail_duration: p.downtimeJailDuration,
    slash_fraction_downtime: p.slashFractionDowntime,
  });
  s.gov.params.voting_period = p.votingPeriod;
  s.gov.params.expedited_voting_period = p.expeditedVotingPeriod;
  s.ibc.connection_genesis.params.max_expected_time_per_block = p.ibcMaxExpectedTimePerBlock;
  s.wasm.params.code_upload_access = { permission: "Everybody", addresses: [] };
  s.wasm.params.instantiate_default_permission = "Everybody";
  fs.writeFileSync(file, JSON.stringify(g, null, 2) + "\n");
}

function configure(home: string, p: Ports, peers: string[], chainId: string, denom: string): void {
  const cfg = path.join(home, "config");
  setToml(path.join(cfg, "config.toml"), {
    "": { proxy_app: `tcp://127.0.0.1:${p.abci}` },
    rpc: { laddr: `tcp://127.0.0.1:${p.rpc}`, pprof_laddr: "" },
    p2p: {
      laddr: `tcp://127.0.0.1:${p.p2p}`,
      persistent_peers: peers.join(","),
      addr_book_strict: false,
      allow_duplicate_ip: true,
      pex: false,
    },
    consensus: { timeout_commit: TIMEOUT_COMMIT, timeout_propose: TIMEOUT_PROPOSE },
    // CometBFT's defaults, pinned: a relayer (Hermes in pull mode) reads /block_results and /tx_search
    storage: { discard_abci_responses: false },
    tx_index: { indexer: "kv" },
  });
  setToml(path.join(cfg, "app.toml"), {
    "": { "minimum-gas-prices": gasPrice(denom) },
    api: { enable: false, address: `tcp://127.0.0.1:${p.api}` },
    grpc: { enable: true, address: `127.0.0.1:${p.grpc}` },
  });
  setToml(path.join(cfg, "client.toml"), {
    "": { "chain-id": chainId, "keyring-backend": "test", node: `tcp://127.0.0.1:${p.rpc}` },
  });
}

/** Sets existing keys of a TOML file, section by section ("" = top level); a missing key is an error. */
function setToml(file: string, values: Record<string, Record<string, string | boolean>>): void {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const todo = new Set(Object.entries(values).flatMap(([sec, kv]) => Object.keys(kv).map((k) => `${sec}.${k}`)));
  let section = "";
  for (let l = 0; l < lines.length; l++) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(lines[l]);
    if (header) {
      section = header[1].trim();
      continue;
    }
    const m = /^(\s*)([A-Za-z0-9_.-]+)\s*=/.exec(lines[l]);
    const v = m ? values[section]?.[m[2]] : undefined;
    if (m && v !== undefined) {
      lines[l] = `${m[1]}${m[2]} = ${typeof v === "boolean" ? String(v) : JSON.stringify(v)}`;
      todo.delete(`${section}.${m[2]}`);
    }
  }
  if (todo.size > 0) throw new LocalnetError(`${file}: keys not found: ${[...todo].join(", ")}`);
  fs.writeFileSync(file, lines.join("\n"));
}

/**
 * The ports the kernel hands to outgoing connections (Linux's ip_local_port_range; 32768–60999
 * by default). A node listening there can find its port taken at random by any client's socket,
 * e.g. the tests' own RPC connections: CI once failed so ("port 34656 … is in use").
 */
function ephemeralPorts(): [number, number] {
  try {
    const [lo, hi] = fs.readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    if (lo > 0 && hi >= lo) return [lo, hi];
  } catch {
    // not Linux: the IANA range most other systems use
  }
  return [49152, 65535];
}

export async function assertPortsFree(p: Partial<Ports> | Record<string, number>, who: string): Promise<void> {
  const [lo, hi] = ephemeralPorts();
  for (const [kind, port] of Object.entries(p)) {
    if (port >= lo && port <= hi) {
      throw new LocalnetError(`port ${port} (${who} ${kind}) is in the range ${lo}–${hi} the system gives outgoing connections, which may take it at any time: use a smaller --port-offset (ports are 26656–26658 + offset + 10 × validator)`);
    }
  }
  for (const [kind, port] of Object.entries(p)) {
    const free = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once("error", () => resolve(false));
      srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
    });
    if (!free) throw new LocalnetError(`port ${port} (${who} ${kind}) on 127.0.0.1 is in use by another process; stop it or use --port-offset`);
  }
}

/** Latest block height reported by an RPC endpoint, or null if it does not answer. */
export async function height(rpc: string): Promise<number | null> {
  try {
    const res = await fetch(`${rpc}/status`, { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) return null;
    const body = (await res.json()) as { result: { sync_info: { latest_block_height: string } } };
    return Number(body.result.sync_info.latest_block_height);
  } catch {
    return null;
  }
}

/** Bonded, unbonding and unbonded validators as the chain sees them. */
export async function chainValidators(rpc: string): Promise<ChainValidator[]> {
  const comet = await connectComet(rpc);
  try {
    const q = QueryClient.withExtensions(comet, setupStakingExtension, setupSlashingExtension);
    const out: ChainValidator[] = [];
    for (const status of ["BOND_STATUS_BONDED", "BOND_STATUS_UNBONDING", "BOND_STATUS_UNBONDED"] as const) {
      const res = await q.staking.validators(status);
      for (const v of res.validators) {
        out.push({
          moniker: v.description?.moniker ?? "",
          operator: v.operatorAddress,
          tokens: v.tokens,
          status: status.replace("BOND_STATUS_", "").toLowerCase(),
          jailed: v.jailed,
        });
      }
    }
    return out.sort((a, b) => a.moniker.localeCompare(b.moniker));
  } finally {
    comet.disconnect();
  }
}

/** The PID in `pidFile` if that process is alive and runs the node of `home` (a reused PID is not ours). */
export function livePid(pidFile: string, home: string): number | null {
  if (!fs.existsSync(pidFile)) return null;
  const pid = Number(fs.readFileSync(pidFile, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return cmdline.includes(home) ? pid : null;
  } catch {
    return null;
  }
}

/** SIGTERM, then SIGKILL after 20 s; true when there was a process to stop. */
export async function terminate(pid: number | null): Promise<boolean> {
  if (pid === null) return false;
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + 20_000;
  while (alive(pid) && Date.now() < deadline) await sleep(100);
  if (alive(pid)) process.kill(pid, "SIGKILL");
  while (alive(pid)) await sleep(50);
  return true;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // a zombie (exited, not yet reaped) counts as dead
    return !/^\d+ \([^)]*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

export function tail(file: string, n: number): string {
  if (!fs.existsSync(file)) return "(no log)";
  return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-n).join("\n");
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// ---- CLI ----------------------------------------------------------------------------------------

async function main(argv: string[]): Promise<void> {
  const usage =
    "usage: npm run localnet -- start|stop|reset|status [--validators N] [--name NAME] [--port-offset K]\n" +
    "         [--with-app-chain [--app-chain-offset K2] [--manual-relay]]";
  const [cmd, ...rest] = argv;
  const flags: Record<string, string> = {};
  for (let a = 0; a < rest.length; a++) {
    const bool = /^--(with-app-chain|manual-relay)$/.exec(rest[a]);
    if (bool) {
      flags[bool[1]] = "true";
      continue;
    }
    const m = /^--(validators|name|port-offset|app-chain-offset)(?:=(.*))?$/.exec(rest[a]);
    if (!m) throw new LocalnetError(`unknown argument ${rest[a]}\n${usage}`);
    const value = m[2] ?? rest[++a];
    if (value === undefined) throw new LocalnetError(`--${m[1]} needs a value\n${usage}`);
    flags[m[1]] = value;
  }
  const int = (k: string) => {
    if (flags[k] === undefined) return undefined;
    const v = Number(flags[k]);
    if (!Number.isInteger(v) || v < 0) throw new LocalnetError(`--${k} must be a non-negative integer`);
    return v;
  };
  const name = flags.name ?? "default";
  const ln = new Localnet(name);
  const log = (s: string) => console.log(`localnet: ${s}`);
  const opts = { validators: int("validators"), portOffset: int("port-offset"), log };
  // a network started with its app-chain is always handled with it (and its relayer)
  if (flags["with-app-chain"] || fs.existsSync(path.join(ln.dir, "ibc.json"))) {
    if (!["start", "stop", "reset", "status"].includes(cmd)) throw new LocalnetError(usage);
    const { pairMain } = await import("./hermes");
    await pairMain(cmd, name, { ...opts, appPortOffset: int("app-chain-offset"), relayPackets: flags["manual-relay"] ? false : undefined });
    return;
  }
  if (flags["app-chain-offset"] || flags["manual-relay"]) throw new LocalnetError(`--app-chain-offset and --manual-relay need --with-app-chain\n${usage}`);
  switch (cmd) {
    case "start":
      await ln.start(opts);
      break;
    case "reset":
      await ln.reset(opts);
      break;
    case "stop": {
      const stopped = await ln.stop();
      log(stopped.length ? `stopped val${stopped.join(", val")}` : "nothing running");
      return;
    }
    case "status":
      break;
    default:
      throw new LocalnetError(usage);
  }
  await printStatus(ln);
}

async function printStatus(ln: Localnet): Promise<void> {
  const s = await ln.status();
  if (!s.network) {
    console.log(`localnet "${ln.name}": not initialised (${ln.dir}); run "npm run localnet -- start"`);
    return;
  }
  const n = s.network;
  console.log(`localnet "${ln.name}": chain-id ${n.chainId}, ${n.validators} validator(s), dir ${ln.dir}`);
  console.log(`  binary ${n.binary}`);
  for (const v of s.nodes) {
    const state = v.pid === null ? "stopped" : `pid ${v.pid}`;
    console.log(`  val${v.index}: ${state.padEnd(11)} rpc ${v.rpc}  height ${v.height ?? "-"}  log ${ln.logFile(v.index)}`);
  }
  if (s.validators === null) {
    console.log("  chain: no RPC endpoint answers");
    return;
  }
  for (const v of s.validators) {
    console.log(`  ${v.moniker.padEnd(6)} ${v.operator}  tokens ${v.tokens}  ${v.status}${v.jailed ? "  JAILED" : ""}`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`localnet: ${e instanceof LocalnetError ? e.message : (e as Error).stack}`);
    process.exit(1);
  });
}
