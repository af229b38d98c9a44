/**
 * CosmWasm 2.2 upload-compatibility checker (Persistence, wasmd 0.60).
 * See rules.ts for the rules and their sources.
 */
import { builtFunctionNames } from "../wasm/names";
import { ParsedModule, WasmParseError, parseModule } from "../wasm/reader";
import {
  DEFAULT_CAPABILITIES, DEFAULT_LIMITS, FloatPolicy, Violation, Warning, WasmLimits,
  checkSize, requiredCapabilities, runRules,
} from "./rules";

export { WasmParseError } from "../wasm/reader";
export type { Violation, Warning, WasmLimits, FloatPolicy } from "./rules";
export { DEFAULT_CAPABILITIES, DEFAULT_LIMITS, ENV_IMPORTS, ENTRY_POINTS, IBC_ENTRY_POINTS, OUR_RULES } from "./rules";

export interface CheckOptions {
  /** Capabilities of the target chain (default: Persistence / wasmd 0.60 built-ins). */
  capabilities?: Iterable<string>;
  /** "error" (default, our contracts use no floats) or "warn" (what the VM itself accepts). */
  floats?: FloatPolicy;
  /** Override individual limits (default: cosmwasm-vm defaults, 800 KiB size). */
  limits?: Partial<WasmLimits>;
}

export interface CheckInfo {
  size: number;
  /** `module.name` of every import. */
  imports: string[];
  /** Names of all exports. */
  exports: string[];
  /** Capabilities required through `requires_*` exports. */
  capabilities: string[];
  /** Number of defined (non-imported) functions. */
  functions: number;
}

export interface CheckResult {
  ok: boolean;
  violations: Violation[];
  warnings: Warning[];
  info: CheckInfo;
}

function describe(m: ParsedModule): CheckInfo {
  return {
    size: m.size,
    imports: m.imports.map((i) => `${i.module}.${i.name}`),
    exports: m.exports.map((e) => e.name),
    capabilities: requiredCapabilities(m),
    functions: m.functions.length,
  };
}

/** A malformed binary is reported as a `parse` violation (plus `size`, which needs no parsing). */
function parseFailure(bytes: Uint8Array, err: WasmParseError, limits: WasmLimits): CheckResult {
  const violations = [{ rule: "parse", item: "module", message: err.message }, ...checkSize(bytes.length, limits)];
  return {
    ok: false,
    violations,
    warnings: [],
    info: { size: bytes.length, imports: [], exports: [], capabilities: [], functions: 0 },
  };
}

export function checkWasm(bytes: Uint8Array, options: CheckOptions = {}): CheckResult {
  const limits: WasmLimits = { ...DEFAULT_LIMITS, ...options.limits };
  let m: ParsedModule;
  try {
    m = parseModule(bytes);
  } catch (err) {
    if (err instanceof WasmParseError) return parseFailure(bytes, err, limits);
    throw err;
  }
  const opts = { capabilities: new Set(options.capabilities ?? DEFAULT_CAPABILITIES), floats: options.floats ?? "error", limits };
  let { violations, warnings } = runRules(m, opts);
  // A finding names a function by index unless the wasm has names: take the build's, if it made
  // this wasm (only on findings, so a passing check reads nothing more).
  if (m.functionNames.size === 0 && [...violations, ...warnings].some((x) => x.item.startsWith("func["))) {
    m.functionNames = builtFunctionNames(bytes);
    if (m.functionNames.size > 0) ({ violations, warnings } = runRules(m, opts));
  }
  return { ok: violations.length === 0, violations, warnings, info: describe(m) };
}
