// The two simulators behind one small interface, so every workload runs the same calls on both.

import { CWSimulateApp } from "@oraichain/cw-simulate";

import { App, AppOptions } from "@persistence-ts/simulator/app/app";

export interface Driver {
  readonly name: string;
  /** What the simulator does on every call, for the report. */
  readonly perCall: string;
  storeCode(sender: string, wasm: Uint8Array): Promise<number>;
  instantiate(sender: string, codeId: number, msg: unknown, label: string): Promise<string>;
  /** Throws when the transaction fails. Ours is synchronous; cw-simulate returns a promise. */
  execute(sender: string, contract: string, msg: unknown): void | Promise<void>;
  /** The decoded query response; throws when the query fails. */
  query(contract: string, msg: unknown): unknown;
}

/** How our simulator is set up for a run. */
export type OursVariant = "default" | "unmetered" | "newInstances";

const OURS_OPTIONS: Record<OursVariant, AppOptions> = {
  default: {},
  unmetered: { host: { meter: false } },
  newInstances: { host: { recycleInstances: false } },
};

/** Our simulator: simulator/app App over the simulator/vm host. */
export class OursDriver implements Driver {
  readonly name: string;
  readonly app: App;
  readonly perCall: string;

  constructor(readonly variant: OursVariant = "default") {
    this.app = new App(OURS_OPTIONS[variant]);
    this.name = { default: "ours", unmetered: "ours, no metering", newInstances: "ours, new instance per call" }[variant];
    const instance =
      variant === "newInstances"
        ? "new WebAssembly.Instance from the cached compiled module on every call; the module imports its memory: a pooled " +
          "WebAssembly.Memory in a fresh instance's state (initial size, zeroed), or a new one when the previous call grew it " +
          "(Rust's allocator grows memory on every call)"
        : "a recycled instance in exactly a new instance's state (memory zeroed from the lowest byte the previous call wrote, " +
          "data segments rewritten, every mutable global reset); a module whose calls grow memory gets a virtual memory size, " +
          "with every load and store bounds-checked against it";
    this.perCall = [
      instance,
      "a transaction layer (TransactionalStorage) over the app store, committed per transaction",
      "SDK gas (KV reads and writes, instance cost, events) and VM gas for host calls" +
        (operatorMetering(this.app) ? ", operator gas metering compiled into the wasm" : "; no operator metering"),
      "wasmd-style events; upload checks (tools/check) once per storeCode",
    ].join("; ");
  }

  async storeCode(sender: string, wasm: Uint8Array): Promise<number> {
    return this.app.storeCode(sender, wasm).codeId;
  }

  async instantiate(sender: string, codeId: number, msg: unknown, label: string): Promise<string> {
    return this.app.instantiate(sender, codeId, msg, label).contractAddress;
  }

  execute(sender: string, contract: string, msg: unknown): void {
    this.app.execute(sender, contract, msg);
  }

  query(contract: string, msg: unknown): unknown {
    return this.app.query(contract, msg);
  }
}

/** Whether the VM host meters wasm operators (a `meter` flag; hosts before it had none). */
function operatorMetering(app: App): boolean {
  const meter: unknown = Reflect.get(app.host, "meter");
  return meter === true;
}

/** @oraichain/cw-simulate: its defaults (BinaryKVIterStorage, no metering), or with its metering on. */
export class CwSimulateDriver implements Driver {
  readonly name: string;
  readonly perCall: string;
  readonly app: CWSimulateApp;

  constructor(metering = false) {
    this.name = metering ? "cw-simulate (metering)" : "cw-simulate";
    this.app = new CWSimulateApp({ chainId: "localpersistence-1", bech32Prefix: "persistence", metering });
    this.perCall = [
      "one WebAssembly instance per contract, built on the contract's first call and reused for every later call (memory and globals persist between calls)",
      "contract storage is an immutable SortedMap held by that instance and written back into the app's transactional store after each call",
      "a new block per transaction; a trace log entry per host call",
      metering
        ? "gas: the wasm is rewritten by wasm-json-toolkit to call a JS usegas import per metered block, gas accumulates over the app's life"
        : "no gas metering (its default)",
    ].join("; ");
  }

  async storeCode(sender: string, wasm: Uint8Array): Promise<number> {
    return this.app.wasm.storeCode(sender, wasm).unwrap();
  }

  async instantiate(sender: string, codeId: number, msg: unknown, label: string): Promise<string> {
    const res = await this.app.wasm.instantiateContract(sender, [], codeId, msg, label);
    const attr = res.unwrap().events.flatMap((e) => e.attributes).find((a) => a.key === "_contract_address");
    if (!attr) throw new Error("cw-simulate: no _contract_address attribute after instantiate");
    return attr.value;
  }

  async execute(sender: string, contract: string, msg: unknown): Promise<void> {
    const res = await this.app.wasm.executeContract(sender, [], contract, msg);
    if (res.err) throw new Error(`cw-simulate execute: ${res.val}`);
  }

  query(contract: string, msg: unknown): unknown {
    const res = this.app.wasm.query(contract, msg);
    if (res.err) throw new Error(`cw-simulate query: ${res.val}`);
    return res.val;
  }
}
