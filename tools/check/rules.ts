/**
 * CosmWasm 2.2 upload and instantiation rules as pure functions over a ParsedModule.
 *
 * Sources: cosmwasm-vm 2.2 packages/vm/src/{compatibility.rs, parsed_wasm.rs, config.rs,
 * capabilities.rs, imports.rs, instance.rs, calls.rs, wasm_backend/gatekeeper.rs}.
 * Where we are stricter than the VM's upload check it is because the module would
 * fail later (instantiation, first call) or is a hazard for our own contracts.
 */
import {
  Feature, FuncType, ParsedModule, RefType, ValType, formatFuncType, formatValType, funcTypeOf,
  functionName, isFloatType, valTypeFeature,
} from "../wasm/reader";

export interface Violation {
  /** Stable rule id, e.g. "no-start-section". */
  rule: string;
  /** The offending item: an import, export, function, section, ... */
  item: string;
  message: string;
}
/** Same shape as a violation; reported but does not fail the check. */
export type Warning = Violation;

export interface WasmLimits {
  maxSize: number;
  initialMemoryPages: number;
  tableElements: number;
  maxImports: number;
  maxFunctions: number;
  maxFunctionParams: number;
  maxTotalFunctionParams: number;
  maxFunctionResults: number;
  maxFunctionLocals: number;
  maxTotalFunctionLocals: number;
}

/** cosmwasm-vm config.rs defaults (locals caps from 2.2.9) and wasmd MaxWasmSize. */
export const DEFAULT_LIMITS: Readonly<WasmLimits> = {
  maxSize: 800 * 1024,
  initialMemoryPages: 512,
  tableElements: 2500,
  maxImports: 100,
  maxFunctions: 20_000,
  maxFunctionParams: 100,
  maxTotalFunctionParams: 10_000,
  maxFunctionResults: 1,
  maxFunctionLocals: 100,
  maxTotalFunctionLocals: 10_000,
};

/** wasmd BuiltInCapabilities on Persistence (wasmd 0.60). */
export const DEFAULT_CAPABILITIES: readonly string[] = [
  "iterator", "staking", "stargate", "cosmwasm_1_1", "cosmwasm_1_2", "cosmwasm_1_3",
  "cosmwasm_1_4", "cosmwasm_2_0", "cosmwasm_2_1", "cosmwasm_2_2",
];

export type FloatPolicy = "error" | "warn";

/**
 * Rules the chain's upload does not enforce: MsgStoreCode stores code that breaks only these.
 * Floats then run; the others fail later, at instantiation (wasmer links imports by type, looks
 * up the memory export and runs start code there) or at the first call (entry point types).
 */
export const OUR_RULES: ReadonlySet<string> = new Set(["floats", "import-signature", "memory-export", "entry-point-signature", "no-start-section", "ibc-entry-points"]);

export interface RuleOptions {
  capabilities: ReadonlySet<string>;
  floats: FloatPolicy;
  limits: WasmLimits;
}

interface Signature {
  params: number;
  result?: "i32" | "i64";
}
const sig = (params: number, result?: "i32" | "i64"): Signature => ({ params, result });

/**
 * Host functions of cosmwasm-vm 2.2 (instance.rs) with their exact types (imports.rs;
 * u32 maps to i32). Wasmer links by exact type, so a mismatch fails instantiation.
 */
export const ENV_IMPORTS: Readonly<Record<string, Signature>> = {
  abort: sig(1), debug: sig(1),
  db_read: sig(1, "i32"), db_write: sig(2), db_remove: sig(1),
  db_scan: sig(3, "i32"), db_next: sig(1, "i32"), db_next_key: sig(1, "i32"), db_next_value: sig(1, "i32"),
  addr_validate: sig(1, "i32"), addr_canonicalize: sig(2, "i32"), addr_humanize: sig(2, "i32"),
  secp256k1_verify: sig(3, "i32"), secp256k1_recover_pubkey: sig(3, "i64"),
  secp256r1_verify: sig(3, "i32"), secp256r1_recover_pubkey: sig(3, "i64"),
  ed25519_verify: sig(3, "i32"), ed25519_batch_verify: sig(3, "i32"),
  bls12_381_aggregate_g1: sig(2, "i32"), bls12_381_aggregate_g2: sig(2, "i32"),
  bls12_381_pairing_equality: sig(4, "i32"), bls12_381_hash_to_g1: sig(4, "i32"),
  bls12_381_hash_to_g2: sig(4, "i32"),
  query_chain: sig(1, "i32"),
};

/** Exports the VM calls, with their accepted arities (calls.rs); all take and return i32. */
export const ENTRY_POINTS: Readonly<Record<string, readonly number[]>> = {
  instantiate: [3], execute: [3], migrate: [2, 3], query: [2], sudo: [2], reply: [2],
  ibc_channel_open: [2], ibc_channel_connect: [2], ibc_channel_close: [2],
  ibc_packet_receive: [2], ibc_packet_ack: [2], ibc_packet_timeout: [2],
  ibc_source_callback: [2], ibc_destination_callback: [2],
};

const v = (rule: string, item: string, message: string): Violation => ({ rule, item, message });

function signatureText(s: Signature): string {
  return `(${Array(s.params).fill("i32").join(", ")}) -> (${s.result ?? ""})`;
}

function matches(t: FuncType | undefined, s: Signature): boolean {
  if (!t || t.params.length !== s.params || t.params.some((p) => p !== "i32")) return false;
  return s.result ? t.results.length === 1 && t.results[0] === s.result : t.results.length === 0;
}

function funcExports(m: ParsedModule): Map<string, number> {
  return new Map(m.exports.filter((e) => e.kind === "func").map((e) => [e.name, e.index]));
}

// ---------------------------------------------------------------------------
// (1) Wasm features

/** Features the VM's validator (parsed_wasm.rs) and gatekeeper accept. */
const ALLOWED_FEATURES: ReadonlySet<Feature> = new Set<Feature>([
  "mvp", "sign-extension", "nontrapping-f2i", "multi-value",
]);

/** Collects first use per (feature, item) so one function yields one line per feature. */
class FeatureUses {
  private uses = new Map<string, { feature: Feature; item: string; what: Set<string> }>();

  add(feature: Feature, item: string, what: string): void {
    if (ALLOWED_FEATURES.has(feature)) return;
    const key = `${feature}\u0000${item}`;
    const entry = this.uses.get(key) ?? { feature, item, what: new Set<string>() };
    entry.what.add(what);
    this.uses.set(key, entry);
  }

  violations(): Violation[] {
    return [...this.uses.values()].map(({ feature, item, what }) =>
      v(`feature-${feature}`, item, `uses ${listSome(what)}: the ${feature} proposal is not enabled in cosmwasm-vm`));
  }
}

function listSome(items: Iterable<string>, max = 6): string {
  const all = [...items];
  return all.length > max ? `${all.slice(0, max).join(", ")}, …` : all.join(", ");
}

function addValTypes(uses: FeatureUses, item: string, types: ValType[], where: string): void {
  for (const t of types) uses.add(valTypeFeature(t), item, `${formatValType(t)} ${where}`);
}

function typeFeatures(m: ParsedModule, uses: FeatureUses): void {
  m.types.forEach((t, i) => {
    if (t.kind !== "func") return uses.add("gc", `type[${i}]`, `${t.kind} type`);
    addValTypes(uses, `type[${i}]`, [...t.params, ...t.results], "in a signature");
  });
}

function codeFeatures(m: ParsedModule, uses: FeatureUses): void {
  for (const f of m.functions) {
    const item = functionName(m, f.index);
    addValTypes(uses, item, f.locals.map((l) => l.type), "local");
    for (const op of f.operators) {
      uses.add(op.feature, item, op.name);
      if (op.name === "memory.size" || op.name === "memory.grow") {
        if (op.imm.memory) uses.add("multi-memory", item, `${op.name} ${op.imm.memory}`);
      }
    }
  }
}

function moduleFeatures(m: ParsedModule, uses: FeatureUses): void {
  if (m.dataCount !== undefined) uses.add("bulk-memory", "datacount section", "a DataCount section");
  m.dataSegments.forEach((d, i) => {
    if (d.mode === "passive") uses.add("bulk-memory", `data[${i}]`, "a passive data segment");
    if (d.memory !== 0) uses.add("multi-memory", `data[${i}]`, `memory ${d.memory}`);
  });
  m.elements.forEach((e, i) => {
    if (e.mode === "passive") uses.add("bulk-memory", `elem[${i}]`, "a passive element segment");
    else if (e.flags !== 0) uses.add("reference-types", `elem[${i}]`, `a ${e.mode} element segment (flags ${e.flags})`);
  });
  m.tables.forEach((t, i) => {
    if (!isFuncref(t.elemType)) addValTypes(uses, `table[${i}]`, [t.elemType], "elements");
    if (t.init) uses.add("function-references", `table[${i}]`, "a table initializer");
  });
  m.memories.forEach((mem, i) => {
    if (mem.shared) uses.add("threads", `memory[${i}]`, "a shared memory");
    if (mem.index64) uses.add("memory64", `memory[${i}]`, "a 64-bit memory");
  });
  m.globals.forEach((g, i) => addValTypes(uses, `global[${i}]`, [g.type.type], "global"));
  m.tags.forEach((_, i) => uses.add("exceptions", `tag[${i}]`, "a tag"));
}

/** funcref tables are MVP; any other element type needs a proposal. */
function isFuncref(t: RefType): boolean {
  return t.nullable && t.heap === "func";
}

/** Rejects bulk-memory, SIMD, reference types, threads, tail calls, exceptions, GC, ... */
export function checkFeatures(m: ParsedModule): Violation[] {
  const uses = new FeatureUses();
  moduleFeatures(m, uses);
  typeFeatures(m, uses);
  codeFeatures(m, uses);
  return uses.violations();
}

/** Float ops and types: the VM accepts them (≥ 1.5) but our contracts must not use them. */
export function checkFloats(m: ParsedModule): Violation[] {
  const out: Violation[] = [];
  m.types.forEach((t, i) => {
    if (t.kind === "func" && [...t.params, ...t.results].some(isFloatType)) {
      out.push(v("floats", `type[${i}]`, `float in signature ${formatFuncType(t)}`));
    }
  });
  m.globals.forEach((g, i) => {
    if (isFloatType(g.type.type)) out.push(v("floats", `global[${i}]`, `${formatValType(g.type.type)} global`));
  });
  for (const f of m.functions) {
    const what = new Set<string>(f.locals.filter((l) => isFloatType(l.type)).map((l) => `${l.type} local`));
    const first = f.operators.find((op) => op.float);
    f.operators.forEach((op) => op.float && what.add(op.name));
    if (what.size === 0) continue;
    const at = first ? ` (first at byte 0x${first.offset.toString(16)})` : "";
    out.push(v("floats", functionName(m, f.index), `uses ${listSome(what)}${at}`));
  }
  return out;
}

// ---------------------------------------------------------------------------
// (2) memory, (3) table

export function checkMemory(m: ParsedModule, limits: WasmLimits): Violation[] {
  const out: Violation[] = [];
  for (const imp of m.imports) {
    if (imp.kind === "memory") {
      out.push(v("memory-imported", `${imp.module}.${imp.name}`, "memory must be defined by the contract, not imported"));
    }
  }
  if (m.memories.length !== 1) {
    const item = m.memories.length === 0 ? "memory section" : `memory[1]`;
    out.push(v("memory-count", item, `${m.memories.length} memories defined; exactly one is required`));
  }
  const mem = m.memories[0];
  if (mem && mem.min > limits.initialMemoryPages) {
    out.push(v("memory-initial", "memory[0]", `initial ${mem.min} pages > ${limits.initialMemoryPages}`));
  }
  if (mem && mem.max !== undefined) {
    out.push(v("memory-maximum", "memory[0]", `maximum ${mem.max} must be unset: the host sets it`));
  }
  const exp = m.exports.find((e) => e.name === "memory");
  if (!exp || exp.kind !== "memory" || exp.index !== 0) {
    const found = exp ? `export "memory" is a ${exp.kind}` : "no export named \"memory\"";
    out.push(v("memory-export", "memory", `memory 0 must be exported as "memory" (instantiation fails): ${found}`));
  }
  return out;
}

export function checkTables(m: ParsedModule, limits: WasmLimits): Violation[] {
  if (m.tables.length > 1) {
    return [v("table-count", `table[1]`, `${m.tables.length} tables defined; at most one is allowed`)];
  }
  const t = m.tables[0];
  if (!t) return [];
  if (t.limits.max === undefined) return [v("table-maximum", "table[0]", "table has no maximum (unbounded tables are rejected)")];
  if (t.limits.max > limits.tableElements) {
    return [v("table-maximum", "table[0]", `table maximum ${t.limits.max} > ${limits.tableElements}`)];
  }
  return [];
}

// ---------------------------------------------------------------------------
// (4) required exports

const INTERFACE_PREFIX = "interface_version_";
const INTERFACE_VERSION = "interface_version_8";

export function checkRequiredExports(m: ParsedModule): Violation[] {
  const funcs = funcExports(m);
  const out: Violation[] = [];
  for (const name of ["allocate", "deallocate"]) {
    if (!funcs.has(name)) out.push(v("required-export", name, `missing required function export "${name}"`));
  }
  const versions = [...funcs.keys()].filter((n) => n.startsWith(INTERFACE_PREFIX));
  if (versions.length === 0) {
    const other = m.exports.find((e) => e.name === INTERFACE_VERSION);
    const hint = other ? ` (found a ${other.kind} export; it must be a function)` : "";
    out.push(v("interface-version", INTERFACE_VERSION, `missing marker export ${INTERFACE_VERSION}${hint}`));
  } else if (versions.length > 1) {
    out.push(v("interface-version", versions.join(", "), "more than one interface_version_* marker export"));
  } else if (versions[0] !== INTERFACE_VERSION) {
    out.push(v("interface-version", versions[0], `unsupported marker; cosmwasm-vm 2.2 supports only ${INTERFACE_VERSION}`));
  }
  return out;
}

// ---------------------------------------------------------------------------
// (5) imports

export function checkImports(m: ParsedModule, limits: WasmLimits): Violation[] {
  const out: Violation[] = [];
  if (m.imports.length > limits.maxImports) {
    out.push(v("import-count", `${m.imports.length} imports`, `more than ${limits.maxImports} imports`));
  }
  for (const imp of m.imports) {
    const item = `${imp.module}.${imp.name}`;
    const known = ENV_IMPORTS[imp.name];
    if (imp.module !== "env") out.push(v("import-module", item, `imports must come from module "env"`));
    else if (imp.kind !== "func") out.push(v("import-kind", item, `${imp.kind} import; only functions can be imported`));
    else if (!Object.hasOwn(ENV_IMPORTS, imp.name)) out.push(v("import-unknown", item, "not a cosmwasm-vm 2.2 host function"));
    else {
      const found = m.types[imp.typeIndex];
      const t = found.kind === "func" ? found : undefined;
      if (!matches(t, known)) {
        const foundText = t ? formatFuncType(t) : `type ${imp.typeIndex}`;
        out.push(v("import-signature", item, `expected ${signatureText(known)}, found ${foundText} (instantiation fails)`));
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// (6) capabilities

const REQUIRES_PREFIX = "requires_";

/** Capabilities a module requires through its `requires_<cap>` function exports. */
export function requiredCapabilities(m: ParsedModule): string[] {
  return [...funcExports(m).keys()]
    .filter((n) => n.startsWith(REQUIRES_PREFIX) && n.length > REQUIRES_PREFIX.length)
    .map((n) => n.slice(REQUIRES_PREFIX.length))
    .sort();
}

export function checkCapabilities(m: ParsedModule, available: ReadonlySet<string>): Violation[] {
  return requiredCapabilities(m)
    .filter((c) => !available.has(c))
    .map((c) => v("capability", `${REQUIRES_PREFIX}${c}`, `capability "${c}" is not available on the chain`));
}

// ---------------------------------------------------------------------------
// (7) function, parameter, result and local limits

export function checkFunctionLimits(m: ParsedModule, limits: WasmLimits): Violation[] {
  const out: Violation[] = [];
  if (m.functions.length > limits.maxFunctions) {
    out.push(v("function-count", `${m.functions.length} functions`, `more than ${limits.maxFunctions} defined functions`));
  }
  m.types.forEach((t, i) => {
    if (t.kind !== "func") return;
    if (t.params.length > limits.maxFunctionParams) {
      out.push(v("type-params", `type[${i}]`, `${t.params.length} params > ${limits.maxFunctionParams}`));
    }
    if (t.results.length > limits.maxFunctionResults) {
      out.push(v("type-results", `type[${i}]`, `${t.results.length} results > ${limits.maxFunctionResults} (${formatFuncType(t)})`));
    }
  });
  // Like parsed_wasm.rs: summed over defined functions, not over the type section.
  const totalParams = m.functions.reduce((n, f) => n + paramCount(m, f.typeIndex), 0);
  if (totalParams > limits.maxTotalFunctionParams) {
    out.push(v("total-params", `${totalParams} params`, `more than ${limits.maxTotalFunctionParams} params over all functions`));
  }
  return [...out, ...checkLocals(m, limits)];
}

function paramCount(m: ParsedModule, typeIndex: number): number {
  const t = m.types[typeIndex];
  return t.kind === "func" ? t.params.length : 0;
}

/** Declared locals (params excluded), capped since cosmwasm-vm 2.2.9 / 2.3.4 / 3.0.9. */
function checkLocals(m: ParsedModule, limits: WasmLimits): Violation[] {
  const out: Violation[] = [];
  for (const f of m.functions) {
    if (f.localCount > limits.maxFunctionLocals) {
      out.push(v("function-locals", functionName(m, f.index), `${f.localCount} locals > ${limits.maxFunctionLocals}`));
    }
  }
  const total = m.functions.reduce((n, f) => n + f.localCount, 0);
  if (total > limits.maxTotalFunctionLocals) {
    out.push(v("total-locals", `${total} locals`, `more than ${limits.maxTotalFunctionLocals} locals over all functions`));
  }
  return out;
}

// ---------------------------------------------------------------------------
// (8) start, (9) size, entry points, custom sections

/** The VM instantiates with 0 gas before setting the limit, so any start code traps. */
export function checkStart(m: ParsedModule): Violation[] {
  if (m.start === undefined) return [];
  return [v("no-start-section", functionName(m, m.start), "start section present: start code runs with no gas and traps")];
}

export function checkSize(size: number, limits: WasmLimits): Violation[] {
  if (size <= limits.maxSize) return [];
  return [v("size", `${size} bytes`, `module exceeds ${limits.maxSize} bytes (wasmd MaxWasmSize)`)];
}

const EXPORT_SIGNATURES: Readonly<Record<string, Signature>> = {
  allocate: sig(1, "i32"),
  deallocate: sig(1),
};

/** Exports the VM calls must have the types it calls them with. */
export function checkEntryPoints(m: ParsedModule): Violation[] {
  const out: Violation[] = [];
  for (const e of m.exports) {
    const arities = ENTRY_POINTS[e.name];
    const fixed = EXPORT_SIGNATURES[e.name];
    if (!Object.hasOwn(ENTRY_POINTS, e.name) && !Object.hasOwn(EXPORT_SIGNATURES, e.name)) continue;
    const expected = fixed ? [fixed] : arities.map((n) => sig(n, "i32"));
    const want = expected.map(signatureText).join(" or ");
    if (e.kind !== "func") {
      out.push(v("entry-point-signature", e.name, `is a ${e.kind} export; expected a function ${want}`));
      continue;
    }
    const t = funcTypeOf(m, e.index);
    if (!expected.some((s) => matches(t, s))) {
      out.push(v("entry-point-signature", e.name, `expected ${want}, found ${t ? formatFuncType(t) : "?"}`));
    }
  }
  return out;
}

/**
 * The entry points that make a contract IBC-enabled (static_analysis.rs REQUIRED_IBC_EXPORTS):
 * cosmwasm-vm's `has_ibc_entry_points` holds only when all six are exported functions, and
 * only then does wasmd give the contract a port. `ibc_source_callback` and
 * `ibc_destination_callback` are not among them: any contract may take the callbacks.
 */
export const IBC_ENTRY_POINTS: readonly string[] = [
  "ibc_channel_open", "ibc_channel_connect", "ibc_channel_close",
  "ibc_packet_receive", "ibc_packet_ack", "ibc_packet_timeout",
];

/** Some but not all six IBC entry points: the chain stores the code and silently gives its contracts no IBC port. */
export function checkIbcEntryPoints(m: ParsedModule): Violation[] {
  const funcs = funcExports(m);
  const present = IBC_ENTRY_POINTS.filter((n) => funcs.has(n));
  if (present.length === 0 || present.length === IBC_ENTRY_POINTS.length) return [];
  const missing = IBC_ENTRY_POINTS.filter((n) => !funcs.has(n));
  return [v("ibc-entry-points", missing.join(", "),
    `exports ${present.join(", ")} but not ${missing.join(", ")}: the VM treats a contract as IBC-enabled only with all six, ` +
    "so the chain would store it and give it no IBC port")];
}

/** parsed_wasm.rs rejects a `cw_migrate_version` custom section that is not a u64. */
export function checkMigrateVersion(m: ParsedModule): Violation[] {
  const out: Violation[] = [];
  for (const c of m.customSections.filter((s) => s.name === "cw_migrate_version")) {
    const text = decodeUtf8(c.data);
    const ok = text !== undefined && /^\+?[0-9]+$/.test(text) && BigInt(text) < 2n ** 64n;
    if (!ok) out.push(v("migrate-version", "cw_migrate_version", `custom section ${JSON.stringify((text ?? "<invalid UTF-8>").slice(0, 40))} is not a u64`));
  }
  return out;
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function warnSetArgumentsLength(m: ParsedModule): Warning[] {
  if (!m.exports.some((e) => e.name === "__setArgumentsLength")) return [];
  return [v("set-arguments-length", "__setArgumentsLength",
    "AssemblyScript optional-parameter helper exported: keep entry points with exact arities")];
}

// ---------------------------------------------------------------------------

export interface RuleResults {
  violations: Violation[];
  warnings: Warning[];
}

/** Runs every rule; float findings become warnings when `floats` is "warn". */
export function runRules(m: ParsedModule, opts: RuleOptions): RuleResults {
  const floats = checkFloats(m);
  const violations = [
    ...checkFeatures(m),
    ...(opts.floats === "error" ? floats : []),
    ...checkMemory(m, opts.limits),
    ...checkTables(m, opts.limits),
    ...checkRequiredExports(m),
    ...checkImports(m, opts.limits),
    ...checkCapabilities(m, opts.capabilities),
    ...checkFunctionLimits(m, opts.limits),
    ...checkStart(m),
    ...checkSize(m.size, opts.limits),
    ...checkEntryPoints(m),
    ...checkIbcEntryPoints(m),
    ...checkMigrateVersion(m),
  ];
  const warnings = [...(opts.floats === "warn" ? floats : []), ...warnSetArgumentsLength(m)];
  return { violations, warnings };
}
