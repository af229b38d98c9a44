// Two local chains joined by IBC: Persistence (localpersistence-1, network <name>) and an app-chain
// (localcomdex-1, network <name>-comdex), with the Hermes relayer between them and an ICS-20 channel.
//
//   npm run localnet -- start|stop|reset|status --with-app-chain [--name NAME] [--port-offset K]
//                       [--app-chain-offset K2] [--manual-relay]
//
// Hermes' config, keys, log and PID file: .localnet/<name>/hermes/; the pair: .localnet/<name>/ibc.json.
// See chain/README.md ("Two chains and a relayer").
import { execFile, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { QueryClient, setupIbcExtension } from "@cosmjs/stargate";
import { connectComet } from "@cosmjs/tendermint-rpc";
import { QueryClientStatusRequest, QueryClientStatusResponse } from "cosmjs-types/ibc/core/client/v1/query";
import { State as ChannelState, Order } from "cosmjs-types/ibc/core/channel/v1/channel";
import { State as ConnectionState } from "cosmjs-types/ibc/core/connection/v1/connection";
import {
  GAS_PRICE_AMOUNT,
  GenesisParams,
  Localnet,
  LocalnetError,
  MNEMONIC,
  PREFIX,
  RELAYER_INDEX,
  ValidatorStatus,
  livePid,
  ports,
  sleep,
  tail,
  terminate,
} from "./localnet";

export const APP_CHAIN_ID = "localcomdex-1";
export const APP_DENOM = "ucmdx";
/** The app-chain's network is "<name>-comdex"; its ports are Persistence's + APP_CHAIN_OFFSET unless told. */
export const APP_CHAIN_SUFFIX = "-comdex";
export const APP_CHAIN_OFFSET = 500;
/**
 * ibc-go's max_expected_time_per_block on the IBC networks, and Hermes' max_block_time (which Hermes
 * reads from genesis). Hermes waits max_block_time / 5 between handshake steps: 30 s (the default)
 * made a channel handshake take 26 s, 5 s takes ~8 s. Blocks come every ~0.35 s; ibc-go uses the
 * value only to turn a connection delay into blocks, and our connections have none.
 */
export const MAX_BLOCK_TIME_S = 5;
/**
 * Both chains of an IBC network unbond in 21 days (Persistence's own value), so the light clients'
 * trusting period is 14 days: a relayer stalled for hours on a loaded machine cannot let a client
 * expire. The single-chain networks keep 30 s (their tests wait for real unbonding).
 */
export const IBC_GENESIS: Partial<GenesisParams> = { unbondingTime: "1814400s", ibcMaxExpectedTimePerBlock: String(MAX_BLOCK_TIME_S * 1e9) };
export const TRUSTING_PERIOD = "14days";
export const HERMES_VERSION = "1.10.5";
export const RELAYER_KEY = "relayer";
export const RELAYER_HD_PATH = `m/44'/118'/0'/0/${RELAYER_INDEX}`;

export interface ChannelEnds {
  portA: string;
  channelA: string;
  portB: string;
  channelB: string;
  version: string;
  order: "ordered" | "unordered";
}

interface PairFile {
  /** The app-chain's localnet name. */
  appChain: string;
  appPortOffset: number;
  /** false: `hermes start` relays no packets; `hermes clear packets` (ChainPair.relayAll) does. */
  relayPackets: boolean;
  /** Set once the ICS-20 channel (and its clients and connection) exist. */
  clientA?: string;
  clientB?: string;
  connectionA?: string;
  connectionB?: string;
  transfer?: ChannelEnds;
}

export interface PairOptions {
  validators?: number;
  portOffset?: number;
  /** Port offset of the app-chain (default portOffset + APP_CHAIN_OFFSET). */
  appPortOffset?: number;
  /** For a new pair: false leaves packet relaying to `hermes clear packets` (default true). */
  relayPackets?: boolean;
  log?: (s: string) => void;
}

export interface IbcChannelStatus {
  port: string;
  channel: string;
  state: string;
  order: string;
  version: string;
  connection: string;
  counterparty: string;
}

export interface ChainIbcStatus {
  chainId: string;
  name: string;
  nodes: ValidatorStatus[];
  clients: Array<{ id: string; chainId: string; latestHeight: string; status: string }>;
  connections: Array<{ id: string; client: string; state: string; counterparty: string }>;
  channels: IbcChannelStatus[];
}

export class IbcPair {
  readonly a: Localnet;
  readonly hermesDir: string;

  constructor(readonly name = "default") {
    this.a = new Localnet(name);
    this.hermesDir = path.join(this.a.dir, "hermes");
  }

  private get pairFile(): string {
    return path.join(this.a.dir, "ibc.json");
  }
  info(): PairFile | null {
    if (!fs.existsSync(this.pairFile)) return null;
    return JSON.parse(fs.readFileSync(this.pairFile, "utf8")) as PairFile;
  }
  private save(p: PairFile): void {
    fs.writeFileSync(this.pairFile, JSON.stringify(p, null, 2) + "\n");
  }
  /** The app-chain's localnet. */
  get b(): Localnet {
    return new Localnet(this.info()?.appChain ?? this.name + APP_CHAIN_SUFFIX);
  }
  get configFile(): string {
    return path.join(this.hermesDir, "config.toml");
  }
  get logFile(): string {
    return path.join(this.hermesDir, "hermes.log");
  }
  private get pidFile(): string {
    return path.join(this.hermesDir, "hermes.pid");
  }
  /** PID of `hermes start` if it runs with this pair's config. */
  hermesPid(): number | null {
    return livePid(this.pidFile, this.configFile);
  }

  /**
   * Starts both chains (initialising a new pair: genesis with IBC_GENESIS, the relayer account funded
   * on both), installs Hermes if missing, restores its keys, creates the ICS-20 channel (new clients and
   * connection) the first time, and spawns `hermes start`.
   */
  async start(opts: PairOptions = {}): Promise<void> {
    const log = opts.log ?? (() => {});
    let pair = this.info();
    if (!pair && this.a.info()) {
      throw new LocalnetError(`network "${this.name}" was created without --with-app-chain (30 s unbonding, no relayer account); run "reset --with-app-chain"`);
    }
    const portOffset = opts.portOffset ?? this.a.info()?.portOffset ?? 0;
    if (pair && opts.appPortOffset !== undefined && opts.appPortOffset !== pair.appPortOffset) {
      throw new LocalnetError(`the app-chain of "${this.name}" uses port offset ${pair.appPortOffset}; run "reset" to change it`);
    }
    if (pair && opts.relayPackets !== undefined && opts.relayPackets !== pair.relayPackets) {
      throw new LocalnetError(`the pair "${this.name}" was created ${pair.relayPackets ? "without" : "with"} --manual-relay; run "reset" to change it`);
    }
    if (!pair) {
      pair = { appChain: this.name + APP_CHAIN_SUFFIX, appPortOffset: opts.appPortOffset ?? portOffset + APP_CHAIN_OFFSET, relayPackets: opts.relayPackets ?? true };
      const b = new Localnet(pair.appChain);
      if (b.info()) await b.stop();
      fs.rmSync(b.dir, { recursive: true, force: true });
    }
    const binary = installHermes(log);
    await this.a.start({ validators: opts.validators, portOffset, genesis: IBC_GENESIS, relayer: true, log });
    fs.mkdirSync(this.a.dir, { recursive: true });
    this.save(pair);
    const b = this.b;
    await b.start({ validators: 1, portOffset: pair.appPortOffset, chainId: APP_CHAIN_ID, denom: APP_DENOM, genesis: IBC_GENESIS, relayer: true, log });
    fs.mkdirSync(this.hermesDir, { recursive: true });
    fs.writeFileSync(this.configFile, this.hermesConfig(pair));
    for (const net of [this.a, b]) {
      const chainId = net.info()!.chainId;
      if (fs.existsSync(path.join(this.hermesDir, "keys", chainId))) continue;
      // Hermes 1.10.5 cannot read a mnemonic from a piped /dev/stdin ("error reading the mnemonic file")
      const file = path.join(this.hermesDir, "mnemonic.tmp");
      fs.writeFileSync(file, MNEMONIC + "\n", { mode: 0o600 });
      try {
        await this.hermes(binary, ["keys", "add", "--chain", chainId, "--key-name", RELAYER_KEY, "--hd-path", RELAYER_HD_PATH, "--mnemonic-file", file, "--overwrite"]);
      } finally {
        fs.rmSync(file, { force: true });
      }
    }
    if (!pair.transfer) {
      log("creating clients, a connection and the ICS-20 channel transfer ↔ transfer (hermes create channel)…");
      const t0 = Date.now();
      const ch = await this.createChannel(binary, { portA: "transfer", portB: "transfer", version: "ics20-1", order: "unordered" });
      this.save({ ...pair, ...ch.ids, transfer: ch.ends });
      log(`channel ${ch.ends.channelA} ↔ ${ch.ends.channelB} on ${ch.ids.connectionA} ↔ ${ch.ids.connectionB} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
    if (this.hermesPid() === null) await this.spawnHermes(binary, log);
  }

  /** Stops Hermes, then both chains, by PID. */
  async stop(): Promise<{ hermes: boolean; a: number[]; b: number[] }> {
    const hermes = await terminate(this.hermesPid());
    fs.rmSync(this.pidFile, { force: true });
    return { hermes, a: await this.a.stop(), b: this.info() ? await this.b.stop() : [] };
  }

  /** Stops everything, deletes both chains' state (and Hermes') and starts a fresh pair. */
  async reset(opts: PairOptions = {}): Promise<void> {
    const old = this.info();
    const oldA = this.a.info();
    await this.stop();
    if (old) fs.rmSync(this.b.dir, { recursive: true, force: true });
    fs.rmSync(this.a.dir, { recursive: true, force: true });
    await this.start({
      validators: opts.validators ?? oldA?.validators,
      portOffset: opts.portOffset ?? oldA?.portOffset,
      appPortOffset: opts.appPortOffset ?? old?.appPortOffset,
      relayPackets: opts.relayPackets ?? old?.relayPackets,
      log: opts.log,
    });
  }

  /**
   * Opens a channel with Hermes' handshake on the pair's connection (init on `a`): `hermes create
   * channel --a-connection`. Fails with Hermes' output when a side refuses (e.g. a contract's version check).
   */
  async openChannel(portA: string, portB: string, version: string, order: "ordered" | "unordered"): Promise<ChannelEnds> {
    const pair = this.info();
    if (!pair?.connectionA) throw new LocalnetError(`pair "${this.name}" has no connection yet: start it first`);
    const ch = await this.createChannel(installHermes(), { portA, portB, version, order }, pair.connectionA);
    return ch.ends;
  }

  /** `hermes clear packets` on one channel (from a's end): relays receipts, acknowledgements and timeouts both ways. */
  async clearPackets(portA: string, channelA: string): Promise<string> {
    return this.hermes(installHermes(), ["clear", "packets", "--chain", this.a.info()!.chainId, "--port", portA, "--channel", channelA]);
  }

  /** `hermes tx chan-close-confirm`: closes the end on `dst` of a channel whose other end is closed. */
  async closeConfirm(dst: "a" | "b", ends: ChannelEnds): Promise<string> {
    const pair = this.info()!;
    const [d, s] = dst === "a" ? [this.a, this.b] : [this.b, this.a];
    const [dPort, dChan, sPort, sChan] = dst === "a" ? [ends.portA, ends.channelA, ends.portB, ends.channelB] : [ends.portB, ends.channelB, ends.portA, ends.channelA];
    return this.hermes(installHermes(), [
      "tx", "chan-close-confirm", "--dst-chain", d.info()!.chainId, "--src-chain", s.info()!.chainId,
      "--dst-connection", (dst === "a" ? pair.connectionA : pair.connectionB)!,
      "--dst-port", dPort, "--dst-channel", dChan, "--src-port", sPort, "--src-channel", sChan,
    ]);
  }

  async status(): Promise<{ pair: PairFile | null; chains: ChainIbcStatus[]; hermes: { pid: number | null; log: string; config: string } }> {
    const pair = this.info();
    const chains: ChainIbcStatus[] = [];
    for (const net of pair ? [this.a, this.b] : [this.a]) {
      const s = await net.status();
      if (!s.network) continue;
      const up = s.nodes.find((n) => n.height !== null);
      chains.push({ chainId: s.network.chainId, name: net.name, nodes: s.nodes, ...(up ? await ibcState(up.rpc) : { clients: [], connections: [], channels: [] }) });
    }
    return { pair, chains, hermes: { pid: this.hermesPid(), log: this.logFile, config: this.configFile } };
  }

  /** Runs `hermes --config <pair's config> --json <args>`; returns the `result` of its JSON answer. */
  hermes(binary: string, args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = execFile(binary, ["--config", this.configFile, "--json", ...args], { maxBuffer: 64 << 20, timeout: 600_000 }, (err, stdout, stderr) => {
        const answer = stdout
          .split("\n")
          .reverse()
          .map((l) => {
            try {
              return JSON.parse(l) as { status?: string; result?: unknown };
            } catch {
              return null;
            }
          })
          .find((j) => j?.status !== undefined);
        if (err || answer?.status !== "success") {
          reject(new LocalnetError(`hermes ${args.join(" ")} failed:\n${answer ? JSON.stringify(answer.result) : ""}\n${tailText(stderr || stdout || String(err), 30)}`));
        } else {
          resolve(JSON.stringify(answer.result));
        }
      });
      child.stdin?.end();
    });
  }

  private async createChannel(
    binary: string,
    want: Omit<ChannelEnds, "channelA" | "channelB">,
    connectionA?: string,
  ): Promise<{ ends: ChannelEnds; ids: { clientA: string; clientB: string; connectionA: string; connectionB: string } }> {
    const chainA = this.a.info()!.chainId;
    const chainB = this.b.info()!.chainId;
    const where = connectionA ? ["--a-connection", connectionA] : ["--b-chain", chainB, "--new-client-connection", "--yes"];
    const out = await this.hermes(binary, [
      "create", "channel", "--a-chain", chainA, ...where, "--a-port", want.portA, "--b-port", want.portB,
      "--channel-version", want.version, "--order", want.order,
    ]);
    const r = JSON.parse(out) as HermesChannel;
    const a = r.a_side;
    const b = r.b_side;
    if (!a.channel_id || !b.channel_id) throw new LocalnetError(`hermes create channel returned no channel ids: ${out}`);
    return {
      ends: { ...want, channelA: a.channel_id, channelB: b.channel_id },
      ids: { clientA: a.client_id, clientB: b.client_id, connectionA: a.connection_id, connectionB: b.connection_id },
    };
  }

  private async spawnHermes(binary: string, log: (s: string) => void): Promise<void> {
    const from = fs.existsSync(this.logFile) ? fs.statSync(this.logFile).size : 0;
    const out = fs.openSync(this.logFile, "a");
    const child = spawn(binary, ["--config", this.configFile, "start"], { detached: true, stdio: ["ignore", out, out] });
    fs.closeSync(out);
    if (child.pid === undefined) throw new LocalnetError(`could not start hermes (${binary})`);
    fs.writeFileSync(this.pidFile, `${child.pid}\n`);
    child.unref();
    // Hermes logs "Hermes has started" once its workers run (after the initial packet clearing)
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (this.hermesPid() === null) throw new LocalnetError(`hermes exited during start-up; last lines of ${this.logFile}:\n${tail(this.logFile, 20)}`);
      const text = fs.readFileSync(this.logFile, "utf8").slice(from);
      if (text.includes("Hermes has started")) break;
      if (Date.now() > deadline) throw new LocalnetError(`hermes did not report "Hermes has started" within 120 s; see ${this.logFile}`);
      await sleep(250);
    }
    log(`hermes ${HERMES_VERSION} relaying (pid ${child.pid}, log ${this.logFile})`);
  }

  /** Hermes 1.10.5 config (unknown keys are errors; see the v1.10.5 config.toml). */
  private hermesConfig(pair: PairFile): string {
    const a = this.a.info()!;
    const b = this.b.info()!;
    // never listened on (disabled), but Hermes requires host and port: keep them out of the ephemeral range
    const base = 26600 + a.portOffset;
    const chain = (n: { chainId: string; portOffset: number; denom?: string }) => {
      const p = ports(0, n.portOffset);
      return `
[[chains]]
id = '${n.chainId}'
type = 'CosmosSdk'
rpc_addr = 'http://127.0.0.1:${p.rpc}'
grpc_addr = 'http://127.0.0.1:${p.grpc}'
# pull: contract-sent packets carry no 'message' event, which push mode's subscription needs
event_source = { mode = 'pull', interval = '500ms' }
rpc_timeout = '20s'
account_prefix = '${PREFIX}'
key_name = '${RELAYER_KEY}'
key_store_folder = '${path.join(this.hermesDir, "keys")}'
store_prefix = 'ibc'
default_gas = 1000000
max_gas = 10000000
gas_price = { price = ${GAS_PRICE_AMOUNT}, denom = '${n.denom}' }
gas_multiplier = 1.3
max_msg_num = 30
max_tx_size = 2097152
# both nodes share this machine's clock; a loaded machine delays blocks, not clocks
clock_drift = '10s'
# = ibc max_expected_time_per_block in genesis (MAX_BLOCK_TIME_S); Hermes waits 1/5 of it between handshake steps
max_block_time = '${MAX_BLOCK_TIME_S}s'
# unbonding 21 days (IBC_GENESIS): 2/3
trusting_period = '${TRUSTING_PERIOD}'
trust_threshold = '2/3'
address_type = { derivation = 'cosmos' }
`;
    };
    return `# Generated by chain/hermes.ts for the pair "${this.name}": edits are overwritten on start.
[global]
log_level = 'info'

[mode.clients]
enabled = true
refresh = true
misbehaviour = false

# handshakes are driven by "hermes create" only: a connection/channel worker would race it
[mode.connections]
enabled = false

[mode.channels]
enabled = false

[mode.packets]
enabled = ${pair.relayPackets}
clear_interval = 100
clear_on_start = true
tx_confirmation = false

[rest]
enabled = false
host = '127.0.0.1'
port = ${base}

[telemetry]
enabled = false
host = '127.0.0.1'
port = ${base + 1}

[tracing_server]
enabled = false
port = ${base + 2}
${chain({ ...a, denom: a.denom })}${chain({ ...b, denom: b.denom })}`;
  }
}

interface HermesChannel {
  a_side: { client_id: string; connection_id: string; channel_id?: string; port_id: string };
  b_side: { client_id: string; connection_id: string; channel_id?: string; port_id: string };
}

/** chain/install-hermes.sh's binary (installed on first use, ~9 min cold), or $HERMES_BIN. */
export function installHermes(log: (s: string) => void = () => {}): string {
  const env = process.env.HERMES_BIN;
  if (env) {
    if (!fs.existsSync(env)) throw new LocalnetError(`HERMES_BIN=${env} does not exist`);
    return env;
  }
  log(`locating hermes ${HERMES_VERSION} (chain/install-hermes.sh; a cold install compiles for ~9 minutes)…`);
  try {
    return execFileSync(path.join(__dirname, "install-hermes.sh"), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  } catch (e) {
    throw new LocalnetError(`hermes missing and chain/install-hermes.sh failed: ${(e as Error).message}`);
  }
}

/** Clients, connections and channels of the chain behind `rpc` (the IBC core queries). */
export async function ibcState(rpc: string): Promise<Pick<ChainIbcStatus, "clients" | "connections" | "channels">> {
  const comet = await connectComet(rpc);
  try {
    const q = QueryClient.withExtensions(comet, setupIbcExtension);
    const clients = [];
    for (const c of (await q.ibc.client.allStates()).clientStates) {
      const tm = await q.ibc.client.stateTm(c.clientId);
      const st = QueryClientStatusResponse.decode(
        await q.queryAbci("/ibc.core.client.v1.Query/ClientStatus", QueryClientStatusRequest.encode({ clientId: c.clientId }).finish()).then((r) => r.value),
      );
      clients.push({ id: c.clientId, chainId: tm.chainId, latestHeight: `${tm.latestHeight?.revisionNumber ?? 0}-${tm.latestHeight?.revisionHeight ?? 0}`, status: st.status });
    }
    const connections = (await q.ibc.connection.allConnections()).connections.map((c) => ({
      id: c.id,
      client: c.clientId,
      state: enumName(ConnectionState, c.state),
      counterparty: `${c.counterparty?.connectionId ?? ""} (client ${c.counterparty?.clientId ?? ""})`,
    }));
    const channels = (await q.ibc.channel.allChannels()).channels.map((c) => ({
      port: c.portId,
      channel: c.channelId,
      state: enumName(ChannelState, c.state),
      order: enumName(Order, c.ordering),
      version: c.version,
      connection: c.connectionHops[0] ?? "",
      counterparty: `${c.counterparty?.portId ?? ""}/${c.counterparty?.channelId ?? ""}`,
    }));
    return { clients, connections, channels };
  } finally {
    comet.disconnect();
  }
}

function enumName(e: Record<string, string | number>, v: number): string {
  return String(e[v] ?? v);
}

function tailText(s: string, n: number): string {
  return s.trimEnd().split("\n").slice(-n).join("\n");
}

// ---- CLI (through chain/localnet.ts) ------------------------------------------------------------

export async function pairMain(cmd: string, name: string, opts: PairOptions): Promise<void> {
  const pair = new IbcPair(name);
  const log = opts.log ?? (() => {});
  switch (cmd) {
    case "start":
      await pair.start(opts);
      break;
    case "reset":
      await pair.reset(opts);
      break;
    case "stop": {
      const s = await pair.stop();
      const what = [s.hermes && "hermes", ...s.a.map((i) => `${name}/val${i}`), ...s.b.map((i) => `${pair.b.name}/val${i}`)].filter(Boolean);
      log(what.length ? `stopped ${what.join(", ")}` : "nothing running");
      return;
    }
    case "status":
      break;
    default:
      throw new LocalnetError(`unknown command ${cmd}`);
  }
  await printPairStatus(pair);
}

async function printPairStatus(pair: IbcPair): Promise<void> {
  const s = await pair.status();
  if (s.chains.length === 0) {
    console.log(`localnet "${pair.name}": not initialised; run "npm run localnet -- start --with-app-chain"`);
    return;
  }
  for (const c of s.chains) {
    const net = new Localnet(c.name);
    console.log(`chain ${c.chainId} (network "${c.name}", denom ${net.denom()}, dir ${net.dir})`);
    for (const v of c.nodes) {
      console.log(`  val${v.index}: ${(v.pid === null ? "stopped" : `pid ${v.pid}`).padEnd(11)} rpc ${v.rpc}  height ${v.height ?? "-"}  log ${net.logFile(v.index)}`);
    }
    for (const cl of c.clients) console.log(`  client ${cl.id} → ${cl.chainId}  latest ${cl.latestHeight}  ${cl.status}`);
    for (const cn of c.connections) console.log(`  ${cn.id} (client ${cn.client}) ${cn.state} ↔ ${cn.counterparty}`);
    for (const ch of c.channels) console.log(`  ${ch.port}/${ch.channel} ${ch.state} ${ch.order} ${ch.version} on ${ch.connection} ↔ ${ch.counterparty}`);
  }
  const relay = s.pair?.relayPackets === false ? "clients only; packets by `hermes clear packets`" : "packets, acknowledgements, timeouts, clients";
  console.log(`hermes ${HERMES_VERSION}: ${s.hermes.pid === null ? "NOT RUNNING" : `pid ${s.hermes.pid}, alive`} (${relay})  config ${s.hermes.config}  log ${s.hermes.log}`);
}
