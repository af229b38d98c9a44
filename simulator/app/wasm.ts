// The wasm module: code store, contract instances and their calls, response processing with
// submessages and replies, and events as wasmd emits them.

import { OUR_RULES, checkWasm } from "@persistence-ts/cli/check/index";
import { AddressApi } from "../vm/api";
import { CompiledCode, WasmHost } from "../vm/host";
import type { CallOutcome, IbcEntryPoint } from "../vm/context";
import { VmError } from "../vm/errors";
import { Wasm } from "../vm/wasm-api";
import { LimitedGasMeter } from "../vm/gas";
import { TransactionalStorage } from "../vm/storage";
import { contractAddress } from "./address";
import { AppError, AppEvent, Coin, ModuleContext, getJson, setJson, utf8 } from "./context";
import {
  TxGasMeter,
  WASM_COSTS,
  WASM_KEYS,
  WASM_PARAMS,
  codeInfoBytes,
  newAccountGas,
  contractInfoBytes,
  eventsCost,
  historyEntryBytes,
  kv,
  replyCost,
  sdkGasFromVm,
} from "./gas";
import { ContractResponse, CosmosMsg, DispatchResult, SubMsg, WasmMsg } from "./messages";
import { PrefixStorage } from "./prefix-storage";
import { goJson } from "./go-json";
import { EMPTY, responses } from "./proto";

export interface ContractInfo {
  code_id: number;
  creator: string;
  admin: string | null;
  label: string;
  created_height: number;
  /** "wasm.<address>" when the code exports the six IBC entry points (wasmd ensureIbcPort). */
  ibc_port_id?: string;
}

export interface CodeRecord {
  codeId: number;
  checksum: string;
  creator: string;
  compiled: CompiledCode;
  size: number;
}

/** A transaction in progress: the state layer it writes to and its gas meter. */
export interface TxContext extends ModuleContext {
  gas: TxGasMeter;
  /**
   * Checksums of the codes already loaded in this transaction (wasmd's TxContracts): a further call
   * into one of them costs the discounted instance cost. Absent outside transactions (gRPC queries).
   */
  loaded?: Set<string>;
  /** How many contract responses deep this runs (wasmd's CallDepth in the context). */
  callDepth?: number;
  /** How many smart queries deep this runs (wasmd's QueryStackSize in the context). */
  queryDepth?: number;
}

/** What the wasm module needs from the app: routing of messages and queries. */
export interface Router {
  dispatch(tx: TxContext, sender: string, msg: CosmosMsg): DispatchResult;
  /** `caller`: the contract whose query_chain this answers (wasmd's IBC querier reads its port). */
  queryChain(tx: TxContext, request: Uint8Array, caller?: string): Uint8Array;
  /** Bytes of the x/auth record of `address` (for the gas of reading it). */
  accountBytes(tx: TxContext, address: string): number;
  /** Creates a new contract's x/auth account (NewAccountWithAddress + SetAccount); returns its account number. */
  createAccount(tx: TxContext, address: string): number;
  /** keeper.go TransferCoins: the send-enabled checks and SendCoins, with their gas. */
  transfer(tx: TxContext, from: string, to: string, coins: Coin[]): AppEvent[];
}

type Entry = "instantiate" | "execute" | "query" | "migrate" | "sudo" | "reply" | IbcEntryPoint;

const IBC_ENTRY_POINTS: IbcEntryPoint[] = ["ibc_channel_open", "ibc_channel_connect", "ibc_channel_close", "ibc_packet_receive", "ibc_packet_ack", "ibc_packet_timeout"];

const contractKey = (address: string): string => `wasm/contract/${address}`;
const stateprefix = (address: string): string => `wasm/state/${address}/`;
const INSTANCE_SEQ = "wasm/sequence/instance";
/** The size of a contract's last code history entry (its migrate reads it back twice). */
const historyKey = (address: string): string => `wasm/history/${address}`;

const b64 = (data: Uint8Array): string => Buffer.from(data).toString("base64");
const fromB64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "base64"));
const decoder = new TextDecoder();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** wasmd's ABCI error codes in the wasm codespace. */
const ERR = { create: 2, instantiate: 4, execute: 5, query: 9, migrate: 11, notFound: 8, invalidEvent: 21, noSuchContract: 22, queryStack: 27, vm: 29, callDepth: 30 };

/** wasmd types/wasm_engine.go DefaultMaxQueryStackSize. */
export const MAX_QUERY_STACK = 10;

/** wasmd types/wasm_engine.go DefaultMaxCallDepth. */
export const MAX_CALL_DEPTH = 100;

/**
 * What storeCode refuses: "checker" (the default) whatever `npm run check` refuses; "chain" only
 * what the chain refuses (floats pass), for a test that needs code our checker rejects.
 */
export type UploadCheck = "checker" | "chain";

export class WasmModule {
  private readonly codes = new Map<number, CodeRecord>();
  /** The last ContractInfo parsed per address, with the stored bytes it came from. */
  private readonly infos = new Map<string, { key: Uint8Array; raw: Uint8Array; info: ContractInfo }>();

  constructor(
    private readonly host: WasmHost,
    private readonly api: AddressApi,
    private readonly prefix: string,
    private readonly uploadCheck: UploadCheck = "checker",
  ) {}

  code(codeId: number): CodeRecord {
    const c = this.codes.get(codeId);
    if (!c) throw new AppError(`code id ${codeId}: not found`, "wasm", ERR.notFound);
    return c;
  }

  allCodes(): CodeRecord[] {
    return [...this.codes.values()];
  }

  /**
   * Uploads code after the chain's upload checks; returns the new code id. `gzipBytes` is the size
   * of the upload when it came gzipped (as @cosmjs uploads it): wasmd charges 0.15 gas per byte to
   * unpack it. Then as wasmd's create(): the two access params, 3 gas per byte to compile, the code
   * id sequence (read + write) and the CodeInfo record.
   */
  storeCode(gas: TxGasMeter, creator: string, wasm: Uint8Array, gzipBytes?: number): CodeRecord {
    gas.consume(2 * WASM_PARAMS, "wasm params");
    if (gzipBytes !== undefined) gas.consume(Math.floor(gzipBytes * WASM_COSTS.uncompressPerByte), "Uncompress gzip bytecode");
    this.checkUpload(wasm);
    gas.consume(WASM_COSTS.compilePerByte * wasm.length, "Compiling wasm bytecode");
    const compiled = this.host.compile(wasm);
    const record: CodeRecord = { codeId: this.codes.size + 1, checksum: compiled.checksum, creator, compiled, size: wasm.length };
    gas.consume(kv.read(WASM_KEYS.lastCodeId, this.codes.size === 0 ? 0 : 8) + kv.write(WASM_KEYS.lastCodeId, 8), "code id sequence");
    gas.consume(kv.write(WASM_KEYS.code, codeInfoBytes(creator)), "code info");
    this.codes.set(record.codeId, record);
    return record;
  }

  /**
   * The upload checker's rules (tools/check, as `npm run check` runs them): what the chain refuses
   * fails with the chain's text; what only our rules refuse (OUR_RULES: floats, and what the chain
   * stores and fails at instantiation) fails with ours, unless the App was made with
   * `uploadCheck: "chain"`, which stores it as the chain does. No gas: the chain charges its checks
   * in compilePerByte.
   */
  private checkUpload(wasm: Uint8Array): void {
    const verdict = checkWasm(wasm, { floats: "error" });
    if (verdict.ok) return;
    const text = (vs: typeof verdict.violations): string => vs.map((v) => `[${v.rule}] ${v.item}: ${v.message}`).join("; ");
    const chain = verdict.violations.filter((v) => !OUR_RULES.has(v.rule));
    if (chain.length > 0) throw new AppError(`Error calling the VM: Error during static Wasm validation: ${text(chain)}: create wasm contract failed`, "wasm", ERR.create);
    if (this.uploadCheck === "chain") return;
    throw new AppError(
      `the upload checker (npm run check) refuses this code, which the chain itself would accept: ${text(verdict.violations)}; a test that needs such code creates its App with { uploadCheck: "chain" }`,
      "wasm",
      ERR.create,
    );
  }

  contractInfo(store: ModuleContext["store"], address: string): ContractInfo | undefined {
    const cached = this.infos.get(address);
    const key = cached?.key ?? utf8(contractKey(address));
    const raw = store.get(key);
    if (raw === undefined) return undefined;
    if (cached && sameBytes(cached.raw, raw)) return cached.info;
    // every call reads it (twice): each stored version is parsed once, and frozen as it is shared
    const info = Object.freeze(JSON.parse(decoder.decode(raw)) as ContractInfo);
    this.infos.set(address, { key, raw, info });
    return info;
  }

  /** keeper.go contractInstance: ErrNoSuchContractFn(addr).Wrapf("address %s", addr) (wasm 22). */
  private requireContract(tx: ModuleContext, address: string): ContractInfo {
    const info = this.contractInfo(tx.store, address);
    if (!info) throw new AppError(`address ${address}: no such contract`, "wasm", ERR.noSuchContract);
    return info;
  }

  // ---- messages -------------------------------------------------------------------------

  handle(tx: TxContext, router: Router, sender: string, msg: WasmMsg): DispatchResult {
    if (msg.execute) return this.execute(tx, router, sender, msg.execute);
    if (msg.instantiate) return this.instantiate(tx, router, sender, msg.instantiate);
    if (msg.migrate) return this.migrate(tx, router, sender, msg.migrate);
    if (msg.update_admin) return this.setAdmin(tx, sender, msg.update_admin.contract_addr, msg.update_admin.admin);
    if (msg.clear_admin) return this.setAdmin(tx, sender, msg.clear_admin.contract_addr, "");
    throw new AppError("no handler found: unknown message from the contract", "wasm", 20);
  }

  private execute(tx: TxContext, router: Router, sender: string, m: NonNullable<WasmMsg["execute"]>): DispatchResult {
    this.prepare(tx, m.contract_addr, "execute");
    const events = this.transferFunds(tx, router, sender, m.contract_addr, m.funds);
    const info = JSON.stringify({ sender, funds: m.funds });
    const res = this.callForResponse(tx, router, m.contract_addr, "execute", [info, fromB64(m.msg)], "execute", ERR.execute);
    const out = this.processResponse(tx, router, m.contract_addr, res, { type: "execute", attributes: [contractAttr(m.contract_addr)] });
    return { events: [...events, ...out.events], data: out.data, msgResponses: [responses.execute(out.data ?? EMPTY)] };
  }

  private instantiate(tx: TxContext, router: Router, sender: string, m: NonNullable<WasmMsg["instantiate"]>): DispatchResult {
    const code = this.code(m.code_id);
    if (m.admin !== null && m.admin !== undefined && m.admin !== "") this.validateAddress(m.admin);
    if (!m.label || m.label.trim() === "") throw new AppError("label is required: invalid request", "sdk", 18);
    // wasmd instantiate(): GetCodeInfo, then the pinned check and setup cost.
    tx.gas.consume(kv.read(WASM_KEYS.code, codeInfoBytes(code.creator)), "code info");
    this.chargeSetup(tx, code, "instantiate");
    const previous = getJson<number>(tx.store, INSTANCE_SEQ) ?? 0;
    const instanceId = previous + 1;
    setJson(tx.store, INSTANCE_SEQ, instanceId);
    const address = contractAddress(this.prefix, m.code_id, instanceId);
    const record: ContractInfo = { code_id: m.code_id, creator: sender, admin: m.admin || null, label: m.label, created_height: tx.block.height };
    if (this.hasIbcEntryPoints(code)) record.ibc_port_id = ibcPortId(address);
    setJson(tx.store, contractKey(address), record);
    // The address: the instance id sequence, HasContractInfo; the contract's new account: GetAccount
    // (none), the global account number sequence, SetAccount (no old value: read, index Has, index, record).
    const contractKeyLen = WASM_KEYS.contract(address);
    let setupGas = kv.read(WASM_KEYS.lastContractId, previous === 0 ? 0 : 8) + kv.write(WASM_KEYS.lastContractId, 8) + kv.has();
    setupGas += kv.read(contractKeyLen, 0) + newAccountGas(address, router.createAccount(tx, address));
    tx.gas.consume(setupGas, "contract account");
    const events = this.transferFunds(tx, router, sender, address, m.funds);
    const info = JSON.stringify({ sender, funds: m.funds });
    const res = this.callForResponse(tx, router, address, "instantiate", [info, fromB64(m.msg)], "instantiate", ERR.instantiate);
    // After the call: the by-code and by-creator indexes, the code history (a reverse iterator finds
    // no earlier entry, then the first one is written) and the ContractInfo record.
    let recordGas = kv.write(WASM_KEYS.byCode(address), 0) + kv.write(WASM_KEYS.byCreator(sender, address), 0) + kv.iterate([]);
    const history = historyEntryBytes(m.code_id, tx.block.height, fromB64(m.msg).length);
    recordGas += kv.write(WASM_KEYS.history(address), history);
    setJson(tx.store, historyKey(address), history);
    recordGas += kv.write(contractKeyLen, contractInfoBytes(record));
    tx.gas.consume(recordGas, "contract info");
    const kind: AppEvent = { type: "instantiate", attributes: [contractAttr(address), { key: "code_id", value: String(m.code_id) }] };
    const out = this.dispatching(() => this.processResponse(tx, router, address, res, kind));
    return {
      events: [...events, ...out.events],
      data: out.data,
      msgResponses: [responses.instantiate(address, out.data ?? EMPTY)],
      contractAddress: address,
    };
  }

  /**
   * keeper.go migrate(): the ContractInfo read (charged also when the caller is refused), the
   * admin check ("can not migrate"), the new CodeInfo, the old CodeInfo (its migrate version), the
   * pinned check and setup cost, the contract's migrate; then the last history entry (a reverse
   * iterator), the by-code index moved, the history appended (the reverse iterator again, then
   * the new entry) and the ContractInfo rewritten.
   */
  private migrate(tx: TxContext, router: Router, sender: string, m: NonNullable<WasmMsg["migrate"]>): DispatchResult {
    const info = this.contractInfo(tx.store, m.contract_addr);
    if (!info) throw new AppError("unknown contract: invalid request", "sdk", 18);
    tx.gas.consume(kv.read(WASM_KEYS.contract(m.contract_addr), contractInfoBytes(info)), "contract info");
    if (info.admin !== sender) throw new AppError("can not migrate: unauthorized", "sdk", 4);
    const code = this.codes.get(m.new_code_id);
    if (!code) throw new AppError("unknown code: invalid request", "sdk", 18);
    const old = this.code(info.code_id);
    tx.gas.consume(kv.read(WASM_KEYS.code, codeInfoBytes(code.creator)) + kv.read(WASM_KEYS.code, codeInfoBytes(old.creator)), "code info");
    // keeper.go migrate: an IBC contract keeps its port; code without the entry points cannot take it over
    const ibc = this.hasIbcEntryPoints(code);
    if (!ibc && info.ibc_port_id) throw new AppError("requires ibc callbacks: migrate wasm contract failed", "wasm", ERR.migrate);
    const migrated: ContractInfo = { ...info, code_id: m.new_code_id, ...(ibc && !info.ibc_port_id ? { ibc_port_id: ibcPortId(m.contract_addr) } : {}) };
    this.chargeSetup(tx, code, "migrate");
    setJson(tx.store, contractKey(m.contract_addr), migrated);
    const res = this.callForResponse(tx, router, m.contract_addr, "migrate", [fromB64(m.msg)], "migrate", ERR.migrate);
    const previous = getJson<number>(tx.store, historyKey(m.contract_addr)) ?? 0;
    const history = historyEntryBytes(m.new_code_id, tx.block.height, fromB64(m.msg).length);
    const lastEntry = kv.firstOf([WASM_KEYS.history(m.contract_addr), previous]);
    let recordGas = lastEntry + kv.remove() + lastEntry + kv.write(WASM_KEYS.history(m.contract_addr), history);
    recordGas += kv.write(WASM_KEYS.byCode(m.contract_addr), 0) + kv.write(WASM_KEYS.contract(m.contract_addr), contractInfoBytes(migrated));
    tx.gas.consume(recordGas, "contract info");
    setJson(tx.store, historyKey(m.contract_addr), history);
    const kind: AppEvent = { type: "migrate", attributes: [{ key: "code_id", value: String(m.new_code_id) }, contractAttr(m.contract_addr)] };
    const out = this.dispatching(() => this.processResponse(tx, router, m.contract_addr, res, kind));
    return { events: out.events, data: out.data, msgResponses: [responses.migrate(out.data ?? EMPTY)] };
  }

  /** Privileged call from the chain itself (governance or tests). */
  sudo(tx: TxContext, router: Router, address: string, msg: Uint8Array): DispatchResult {
    this.prepare(tx, address, "sudo");
    const res = this.callForResponse(tx, router, address, "sudo", [msg], "sudo", ERR.execute);
    const out = this.dispatching(() => this.processResponse(tx, router, address, res, { type: "sudo", attributes: [contractAttr(address)] }));
    return { events: out.events, data: out.data, msgResponses: [] };
  }

  /**
   * keeper.go setContractAdmin (MsgUpdateAdmin; MsgClearAdmin with no admin, ""): the ContractInfo
   * read, the admin check ("can not modify contract"), the record written, and an
   * update_contract_admin event either way (new_admin_address empty when cleared).
   */
  private setAdmin(tx: TxContext, sender: string, address: string, admin: string): DispatchResult {
    if (admin !== "") this.validateAddress(admin);
    const info = this.contractInfo(tx.store, address);
    if (!info) throw new AppError("unknown contract: invalid request", "sdk", 18);
    tx.gas.consume(kv.read(WASM_KEYS.contract(address), contractInfoBytes(info)), "contract info");
    if (info.admin !== sender) throw new AppError("can not modify contract: unauthorized", "sdk", 4);
    const updated = { ...info, admin: admin === "" ? null : admin };
    tx.gas.consume(kv.write(WASM_KEYS.contract(address), contractInfoBytes(updated)), "contract info");
    setJson(tx.store, contractKey(address), updated);
    const attributes = [contractAttr(address), { key: "new_admin_address", value: admin }];
    return { events: [{ type: "update_contract_admin", attributes }], data: null, msgResponses: [admin === "" ? responses.clearAdmin() : responses.updateAdmin()] };
  }

  private validateAddress(address: string): void {
    const r = this.api.addrValidate(address);
    if (!r.ok) throw new AppError(`${r.error}: invalid address`, "sdk", 7);
  }

  /** Funds sent with an execute or instantiate (keeper.go TransferCoins, which skips `message` events). */
  private transferFunds(tx: TxContext, router: Router, from: string, to: string, funds: Coin[]): AppEvent[] {
    if (funds.length === 0) return [];
    return withoutMessageEvents(router.transfer(tx, from, to, funds));
  }

  // ---- calling contracts ----------------------------------------------------------------

  /**
   * wasmd's contractInstance (reads the ContractInfo and the CodeInfo), then the pinned check and
   * the setup cost. Not for instantiate (which reads only the CodeInfo) nor reply (discounted).
   */
  private prepare(tx: TxContext, address: string, entry: Entry): void {
    this.chargeSetup(tx, this.instanceReads(tx, address), entry);
  }

  /** wasmd contractInstance: the ContractInfo and CodeInfo reads. Returns the code. */
  private instanceReads(tx: TxContext, address: string): CodeRecord {
    const info = this.requireContract(tx, address);
    const code = this.code(info.code_id);
    tx.gas.consume(kv.read(WASM_KEYS.contract(address), contractInfoBytes(info)) + kv.read(WASM_KEYS.code, codeInfoBytes(code.creator)), "contract instance");
    return code;
  }

  /**
   * wasmd checkDiscountEligibility + SetupContractCost: IsPinnedCode (one Has; nothing is pinned
   * here), then the instance cost, discounted when the code already ran in this transaction.
   */
  private chargeSetup(tx: TxContext, code: CodeRecord, entry: Entry): void {
    tx.gas.consume(kv.has(), "pinned code");
    const discount = tx.loaded?.has(code.checksum) ?? false;
    tx.loaded?.add(code.checksum);
    tx.gas.consume(discount ? WASM_COSTS.instanceDiscount : WASM_COSTS.instance, `Loading CosmWasm module: ${entry}`);
  }

  /** Runs one entry point with env (+ the given args) and returns its raw result JSON; loading costs are charged first (prepare). */
  call(tx: TxContext, router: Router, address: string, entry: Entry, args: Array<string | Uint8Array>, readonly: boolean): string {
    const info = this.requireContract(tx, address);
    const code = this.code(info.code_id);
    const env = JSON.stringify({
      block: { height: tx.block.height, time: tx.block.time.toString(), chain_id: tx.block.chainId },
      // types.NewEnv: the transaction's index whenever the call runs inside one (a contract's
      // sub-query too); null for a gRPC query. Each transaction here is the block's first.
      transaction: tx.loaded ? { index: 0 } : null,
      contract: { address },
    });
    const vmGas = new LimitedGasMeter(tx.gas.remaining * WASM_COSTS.multiplier);
    const ctx = {
      storage: new PrefixStorage(tx.store, stateprefix(address)),
      api: this.api,
      querier: (req: Uint8Array) => router.queryChain(tx, req, address),
      gas: vmGas,
      readonly,
      storageKeyPrefixLength: 33,
    };
    const bytes = [utf8(env), ...args.map((a) => (typeof a === "string" ? utf8(a) : a))];
    let out: CallOutcome;
    try {
      out = this.host.call(code.compiled, entry, bytes, ctx);
    } catch (e) {
      if (e instanceof VmError && e.kind === "out-of-gas") {
        // the VM used all it was given: consumeRuntimeGas takes the meter to its limit and panics
        tx.gas.consume(tx.gas.remaining, "wasm contract");
        throw tx.gas.outOfGas("Wasm engine function execution");
      }
      this.consumeRuntimeGas(tx, vmGas.used);
      if (e instanceof VmError) throw vmError(e.message);
      throw e;
    }
    // lib_libwasmvm.go DeserializeResponse: wasmd's costJSONDeserialization (api.go), one SDK gas per
    // byte of the result JSON, part of the VM's gas; refused when it does not fit in what is left
    const deserialization = out.result.length * WASM_COSTS.multiplier * WASM_COSTS.deserializationPerByte;
    if (vmGas.limit < out.gasUsed + deserialization) {
      this.consumeRuntimeGas(tx, out.gasUsed);
      throw vmError(`Insufficient gas left to deserialize contract execution result (${out.result.length} bytes)`);
    }
    this.consumeRuntimeGas(tx, out.gasUsed + deserialization);
    return decoder.decode(out.result);
  }

  /** keeper.go consumeRuntimeGas: the VM's gas in SDK gas, and a panic when that leaves the meter at its limit. */
  private consumeRuntimeGas(tx: TxContext, vmGas: number): void {
    tx.gas.consume(sdkGasFromVm(vmGas), "wasm contract");
    if (tx.gas.used >= tx.gas.limit) throw tx.gas.outOfGas("Wasm engine function execution");
  }

  /** The contract's response; its own error as keeper.go wraps it (ErrInstantiateFailed, ErrExecuteFailed, …; deterministic). */
  private callForResponse(tx: TxContext, router: Router, address: string, entry: "instantiate" | "execute" | "migrate" | "sudo", args: Array<string | Uint8Array>, what: string, code: number): ContractResponse {
    const text = this.call(tx, router, address, entry, args, false);
    const envelope = JSON.parse(text) as { ok?: ContractResponse; error?: string };
    if (envelope.error !== undefined) throw new AppError(`${envelope.error}: ${what} wasm contract failed`, "wasm", code, true);
    return envelope.ok as ContractResponse;
  }

  /**
   * keeper.go: instantiate, migrate, sudo and reply wrap an error of their response's dispatch as
   * "dispatch: …" (execute returns it as it is). Out of gas is a panic in Go: never wrapped.
   */
  private dispatching<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw wrapped(e, "dispatch");
    }
  }

  /**
   * keeper.go QuerySmart: one level deeper on the query stack (past wasmd's DefaultMaxQueryStackSize,
   * 10: "max query stack size exceeded", wasm 27), then the response bytes, or an AppError with the
   * contract's message (ErrQueryFailed, deterministic).
   */
  query(tx: TxContext, router: Router, address: string, msg: Uint8Array): Uint8Array {
    const depth = (tx.queryDepth ?? 0) + 1;
    if (depth > MAX_QUERY_STACK) throw new AppError("max query stack size exceeded", "wasm", ERR.queryStack);
    const inner: TxContext = { ...tx, queryDepth: depth };
    this.prepare(inner, address, "query");
    const envelope = JSON.parse(this.call(inner, router, address, "query", [msg], true)) as { ok?: string; error?: string };
    if (envelope.error !== undefined) throw new AppError(`${envelope.error}: query wasm contract failed`, "wasm", ERR.query, true);
    return fromB64(envelope.ok ?? "");
  }

  rawQuery(store: ModuleContext["store"], address: string, key: Uint8Array): Uint8Array | undefined {
    return new PrefixStorage(store, stateprefix(address)).get(key);
  }

  // ---- IBC entry points (wasmd x/wasm/keeper/relay.go) ---------------------------------------

  /** cosmwasm-vm has_ibc_entry_points: the code exports all six IBC entry points (names only). */
  hasIbcEntryPoints(code: CodeRecord): boolean {
    const names = new Set(Wasm.Module.exports(code.compiled.module).map((e) => e.name));
    return IBC_ENTRY_POINTS.every((n) => names.has(n));
  }

  /**
   * relay.go OnOpenChannel … OnTimeoutPacket: contractInstance, the setup cost ("Loading CosmWasm
   * module: ibc-…"), then the entry point with `msg` (JSON). Returns the contract's result envelope;
   * a VM failure throws (the relayer's transaction fails).
   */
  ibcCall(tx: TxContext, router: Router, address: string, entry: IbcEntryPoint, msg: string): { ok?: unknown; error?: string } {
    this.chargeSetup(tx, this.instanceReads(tx, address), entry);
    return JSON.parse(this.call(tx, router, address, entry, [msg], false)) as { ok?: unknown; error?: string };
  }

  /**
   * keeper.go handleContractResponse for an IBC entry point's Ok response: its attributes and events
   * (no entry-point event of its own, unlike execute), its messages and replies. `data` is the
   * receive's acknowledgement, which a reply's data replaces.
   */
  ibcResponse(tx: TxContext, router: Router, address: string, res: Omit<ContractResponse, "data">, data: string | null): { events: AppEvent[]; data: Uint8Array | null } {
    return this.processResponse(tx, router, address, { ...res, data }, null);
  }

  // ---- responses, submessages and replies ----------------------------------------------

  /**
   * keeper.go handleContractResponse: EventCosts, the contract's events, then (checkAndIncreaseCallDepth)
   * one level deeper for its submessages and their replies: past wasmd's DefaultMaxCallDepth (100)
   * the transaction fails with "max call depth exceeded" (wasm 30).
   */
  private processResponse(tx: TxContext, router: Router, address: string, res: ContractResponse, kind: AppEvent | null): { events: AppEvent[]; data: Uint8Array | null } {
    const events = [...(kind ? [kind] : []), ...contractEvents(address, res)];
    tx.gas.consume(eventsCost(res.attributes, res.events), "Custom contract event attributes");
    const depth = (tx.callDepth ?? 0) + 1;
    if (depth > MAX_CALL_DEPTH) throw new AppError("max call depth exceeded", "wasm", ERR.callDepth);
    const inner: TxContext = { ...tx, callDepth: depth };
    let data = res.data === null || res.data === undefined ? null : fromB64(res.data);
    for (const sub of res.messages) {
      const r = this.runSubMessage(inner, router, address, sub);
      events.push(...r.events);
      if (r.data !== undefined) data = r.data;
    }
    return { events, data };
  }

  /**
   * wasmd msg_dispatcher.go DispatchSubmessages. A submessage runs in its own state layer (a cache
   * context): on failure only its writes are dropped, and the error goes to `reply` when asked (as
   * "codespace: X, code: N", as wasmd redacts it) or fails the caller; out of gas is never caught.
   * A wasm submessage's events get their attributes sorted by key (stable): wasmd sorts the
   * attribute slices it shares with the transaction's events, so both show the sorted order. The
   * reply (buildReply) carries the events only for a wasm submessage.
   * Returns the events and, when a reply set data, the data that replaces the caller's.
   */
  private runSubMessage(tx: TxContext, router: Router, contract: string, sub: SubMsg): { events: AppEvent[]; data?: Uint8Array | null } {
    const layer = new TransactionalStorage(tx.store);
    let result: DispatchResult;
    try {
      result = this.dispatchLimited(tx, router, contract, sub, layer);
    } catch (e) {
      if (!(e instanceof AppError) || (e.code === 11 && e.codespace === "sdk" && !e.catchable)) throw e; // out of gas is a panic: never caught
      if (sub.reply_on !== "error" && sub.reply_on !== "always") throw e;
      layer.discard();
      // redactError: a contract's own error (deterministic) as it is, anything else as its code
      const error = e.deterministic ? e.message : `codespace: ${e.codespace}, code: ${e.code}`;
      return this.replying(() => this.reply(tx, router, contract, sub, { error }));
    }
    layer.commit();
    const filtered = withoutMessageEvents(result.events);
    const events = sub.msg.wasm ? filtered.map(sortedAttributes) : filtered;
    if (sub.reply_on !== "success" && sub.reply_on !== "always") return { events };
    const replied = this.replying(() => this.reply(tx, router, contract, sub, { ok: replyResponse(sub.msg.wasm ? events : [], result) }));
    return { events: [...events, ...replied.events], data: replied.data };
  }

  /**
   * msg_dispatcher.go dispatchMsgWithGasLimit: a gas_limit below what the transaction has left gets
   * the submessage its own meter. Running out of it is not a panic but an error (ErrOutOfGas,
   * "SubMsg hit gas limit"; a reply_on error reply sees "codespace: sdk, code: 11") and the whole
   * limit is charged; otherwise the caller is charged what the submessage used.
   */
  private dispatchLimited(tx: TxContext, router: Router, contract: string, sub: SubMsg, layer: TransactionalStorage): DispatchResult {
    const limit = sub.gas_limit;
    if (limit === null || limit === undefined || limit >= tx.gas.remaining) return router.dispatch({ ...tx, store: layer }, contract, sub.msg);
    const gas = new TxGasMeter(limit);
    try {
      const result = router.dispatch({ ...tx, store: layer, gas }, contract, sub.msg);
      tx.gas.consume(gas.used, "From limited Sub-Message");
      return result;
    } catch (e) {
      if (e instanceof AppError && e.codespace === "sdk" && e.code === 11) {
        tx.gas.consume(limit, "Sub-Message OutOfGas panic");
        throw new AppError("SubMsg hit gas limit: out of gas", "sdk", 11, false, true);
      }
      tx.gas.consume(gas.used, "From limited Sub-Message");
      throw e;
    }
  }

  /** DispatchSubmessages wraps an error of `reply` as "reply: …". */
  private replying<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw wrapped(e, "reply");
    }
  }

  /**
   * wasmd keeper.go reply(): contractInstance's two reads, ReplyCosts (always discounted: the
   * contract just ran; plus the reply's events, which are none for a non-wasm submessage), then the
   * contract's `reply` with the Reply as wasmvm's Go code marshals it (goJson).
   */
  private reply(tx: TxContext, router: Router, contract: string, sub: SubMsg, result: SubMsgResult): { events: AppEvent[]; data?: Uint8Array | null } {
    // wasmvm types/submessages.go Reply: gas_used (wasmd never sets it: 0), id, result, payload (omitted when empty)
    const payload = sub.payload ? b64(fromB64(sub.payload)) : undefined;
    const reply = goJson({ gas_used: 0, id: sub.id, result, payload });
    this.instanceReads(tx, contract);
    tx.gas.consume(replyCost(result.ok?.events ?? []), "Loading CosmWasm module: reply");
    const text = this.call(tx, router, contract, "reply", [reply], false);
    // keeper.go reply(): the contract's error is ErrExecuteFailed's ("… execute wasm contract failed")
    const envelope = JSON.parse(text) as { ok?: ContractResponse; error?: string };
    if (envelope.error !== undefined) throw new AppError(`${envelope.error}: execute wasm contract failed`, "wasm", ERR.execute, true);
    const res = envelope.ok as ContractResponse;
    const out = this.dispatching(() => this.processResponse(tx, router, contract, res, { type: "reply", attributes: [contractAttr(contract)] }));
    return { events: out.events, data: res.data === null ? undefined : out.data };
  }
}

/** wasmvm types/submessages.go SubMsgResult: `ok` or `error`. */
interface SubMsgResult {
  ok?: { events: AppEvent[]; data?: string; msg_responses: Array<{ type_url: string; value: string }> };
  error?: string;
}

/**
 * SubMsgResponse as DispatchSubmessages builds it: the events given, `data` = the first SDK
 * message's Result.Data (its response's protobuf bytes; omitted when empty, as Go's omitempty does),
 * `msg_responses` = every SDK message's response (wasmvm's Array marshals none as []).
 */
function replyResponse(events: AppEvent[], result: DispatchResult): NonNullable<SubMsgResult["ok"]> {
  const data = result.msgResponses[0]?.value;
  return {
    events,
    data: data !== undefined && data.length > 0 ? b64(data) : undefined,
    msg_responses: result.msgResponses.map((r) => ({ type_url: r.type_url, value: b64(r.value) })),
  };
}

/** msg_dispatcher.go filterEvents (and TransferCoins): `message` events are dropped. */
function withoutMessageEvents(events: AppEvent[]): AppEvent[] {
  return events.filter((e) => e.type !== "message");
}

/** sort.SliceStable by strings.Compare of the keys: byte order of their UTF-8. */
function sortedAttributes(e: AppEvent): AppEvent {
  const attributes = [...e.attributes].sort((a, b) => Buffer.compare(Buffer.from(a.key, "utf8"), Buffer.from(b.key, "utf8")));
  return { type: e.type, attributes };
}

/** keeper.go: a VM failure is errorsmod.Wrap(ErrVMError, err) (wasm 29; wasmvm's text begins "Error calling the VM: "). */
function vmError(message: string): AppError {
  return new AppError(`Error calling the VM: ${message}: wasmvm error`, "wasm", ERR.vm);
}

/** errorsmod.Wrap of an AppError; out of gas (a panic in Go, unless a submessage's limit) and other errors pass as they are. */
function wrapped(e: unknown, what: string): unknown {
  if (!(e instanceof AppError) || (e.codespace === "sdk" && e.code === 11 && !e.catchable)) return e;
  return e.wrap(what);
}

/** wasmd keeper.PortIDForContract. */
export function ibcPortId(address: string): string {
  return `wasm.${address}`;
}

function contractAttr(address: string): { key: string; value: string } {
  return { key: "_contract_address", value: address };
}

/** The `wasm` event with the response's attributes and `wasm-<type>` custom events, as wasmd builds them. */
function contractEvents(address: string, res: ContractResponse): AppEvent[] {
  const out: AppEvent[] = [];
  checkAttributes(res.attributes);
  if (res.attributes.length > 0) out.push({ type: "wasm", attributes: [contractAttr(address), ...res.attributes] });
  for (const e of res.events) {
    if (e.type.trim().length < 2) throw new AppError(`Event type too short: ${e.type}: parsing events`, "wasm", ERR.invalidEvent);
    checkAttributes(e.attributes);
    out.push({ type: `wasm-${e.type}`, attributes: [contractAttr(address), ...e.attributes] });
  }
  return out;
}

function checkAttributes(attrs: Array<{ key: string; value: string }>): void {
  for (const a of attrs) {
    const key = a.key.trim();
    if (key === "") throw new AppError(`Empty attribute key. Value: ${a.value}: parsing events`, "wasm", ERR.invalidEvent);
    if (key.startsWith("_")) throw new AppError(`Attribute key starts with reserved prefix _: "${key}": parsing events`, "wasm", ERR.invalidEvent);
  }
}
