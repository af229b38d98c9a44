// One definition per contract message type. A contract's `messages.ts` describes its messages
// with this DSL; `npm run schema` derives from it the JSON Schema (cosmwasm-schema layout, read
// by ts-codegen for the clients) and the AssemblyScript codec the contract compiles. Nothing
// about a message is written twice.

/** A type that appears in a message: a scalar, a std type, a container or a named type. */
export type Type =
  | { kind: "scalar"; name: ScalarName }
  | { kind: "option"; inner: Type }
  | { kind: "array"; inner: Type }
  | { kind: "named"; def: Def };

/**
 * Scalars and the std types the codec knows: JSON numbers (u8/u32/u64), strings, and
 * cosmwasm-std's string-encoded types (Uint128, Uint64, Decimal, Binary, Timestamp, …).
 */
export type ScalarName =
  | "string"
  | "bool"
  | "u8"
  | "u32"
  | "u64"
  | "Uint128"
  | "Uint64"
  | "Decimal"
  | "Binary"
  | "Addr"
  | "Timestamp"
  | "Expiration"
  | "Coin"
  | "OwnershipAction"
  | "Ownership"
  | "IbcTimeout"
  | "IbcEndpoint"
  | "IbcChannel";

export interface Field {
  name: string;
  type: Type;
  doc?: string;
}

/**
 * A struct, or an externally tagged enum whose variants are unit or carry a struct / type.
 * `lenient`: decoded as serde reads another contract's response by default — unknown fields are
 * skipped, and an unknown enum variant is kept by name (its payload skipped) instead of refused.
 * Set by `view`, for the types a contract reads from other contracts.
 */
export type Def =
  | { kind: "struct"; name: string; doc?: string; fields: Field[]; lenient?: boolean }
  | { kind: "enum"; name: string; doc?: string; variants: Variant[]; lenient?: boolean };

export interface Variant {
  name: string;
  doc?: string;
  /** null: a unit variant (`"name"`); a struct def: `{"name": {…}}`; another type: `{"name": value}`. */
  payload: Def | Type | null;
}

const scalar = (name: ScalarName): Type => ({ kind: "scalar", name });

export const string = scalar("string");
export const bool = scalar("bool");
export const u8 = scalar("u8");
export const u32 = scalar("u32");
export const u64 = scalar("u64");
export const uint128 = scalar("Uint128");
export const uint64 = scalar("Uint64");
export const decimal = scalar("Decimal");
export const binary = scalar("Binary");
/** A validated address in responses; inputs take `string` and validate it in the handler. */
export const addr = scalar("Addr");
export const timestamp = scalar("Timestamp");
export const expiration = scalar("Expiration");
export const coin = scalar("Coin");
/** cw-ownable's `update_ownership` action. */
export const ownershipAction = scalar("OwnershipAction");
/** cw-ownable's `ownership` query response. */
export const ownership = scalar("Ownership");
/** cosmwasm-std IbcTimeout `{"block":{"revision","height"}|null,"timestamp":"<ns>"|null}`, e.g. the timeout of a packet the contract will send. */
export const ibcTimeout = scalar("IbcTimeout");
/** cosmwasm-std IbcEndpoint `{"port_id","channel_id"}`. */
export const ibcEndpoint = scalar("IbcEndpoint");
/** cosmwasm-std IbcChannel `{"endpoint","counterparty_endpoint","order","version","connection_id"}`. */
export const ibcChannel = scalar("IbcChannel");

export const option = (inner: Type): Type => ({ kind: "option", inner });
export const array = (inner: Type): Type => ({ kind: "array", inner });
export const ref = (def: Def): Type => ({ kind: "named", def });

type FieldSpec = Type | { type: Type; doc: string };

/** A `{type, doc}` field spec (doc may be left out), as opposed to a Type itself. */
function isFieldSpec(f: unknown): f is { type: Type; doc?: string } {
  return typeof f === "object" && f !== null && "type" in f && !("kind" in f);
}

function fields(message: string, spec: Record<string, FieldSpec>): Field[] {
  if (typeof spec !== "object" || spec === null) throw new DslError(`the fields are ${describeValue(spec)}: give an object of fields, e.g. { owner: string }`, { message });
  return Object.entries(spec).map(([name, f]) => {
    const where = { message, field: name };
    checkName(name, where, "field");
    const field: Field = isFieldSpec(f) ? { name, type: f.type, doc: f.doc } : { name, type: f };
    checkType(field.type, where);
    return field;
  });
}

export function struct(name: string, spec: Record<string, FieldSpec>, doc?: string): Def {
  checkTypeName(name);
  return { kind: "struct", name, doc, fields: fields(name, spec) };
}

/** A variant spec: null (unit), an object of fields (inline struct) or a Type / Def. */
export type VariantSpec = null | Record<string, FieldSpec> | Type | Def | { doc: string; payload: VariantSpec };

function isType(v: unknown): v is Type {
  return typeof v === "object" && v !== null && "kind" in v && ["scalar", "option", "array", "named"].includes((v as Type).kind);
}

function isDef(v: unknown): v is Def {
  return typeof v === "object" && v !== null && "kind" in v && ((v as Def).kind === "struct" || (v as Def).kind === "enum") && "name" in v;
}

function pascal(s: string): string {
  return s.replace(/(^|_)([a-z0-9])/g, (_m, _u, c: string) => c.toUpperCase());
}

/**
 * An enum; an inline-struct variant `foo_bar` of enum `ExecuteMsg` becomes the struct
 * `ExecuteFooBar` (the enum name without its `Msg` suffix, then the variant).
 */
export function enumOf(name: string, spec: Record<string, VariantSpec>, doc?: string): Def {
  checkTypeName(name);
  if (typeof spec !== "object" || spec === null) throw new DslError(`the variants are ${describeValue(spec)}: give an object of variants, e.g. { ping: {} }`, { message: name });
  const prefix = name.replace(/Msg$/, "");
  const variants: Variant[] = Object.entries(spec).map(([vname, v]) => variant(name, prefix, vname, v));
  return { kind: "enum", name, doc, variants };
}

function variant(enumName: string, prefix: string, name: string, v: VariantSpec, doc?: string): Variant {
  const where = { message: enumName, field: name };
  checkName(name, where, "variant");
  if (v === null) return { name, doc, payload: null };
  if (typeof v !== "object") {
    if (typeof v === "string") checkType(v, where); // throws, with a did-you-mean
    throw new DslError(`the payload is ${describeValue(v)}: write null for a unit variant, {} or an object of fields for a struct variant, or a type`, where);
  }
  if ("payload" in v && "doc" in v && typeof v.doc === "string") return variant(enumName, prefix, name, v.payload as VariantSpec, v.doc);
  if (isDef(v)) return { name, doc, payload: v };
  if (isType(v)) {
    checkType(v, where);
    return { name, doc, payload: v };
  }
  return { name, doc, payload: struct(prefix + pascal(name), v as Record<string, FieldSpec>) };
}

/** How a view takes a field of its source: as it is, as an option (absent in older versions), or through a nested view. */
export type ViewField = true | "optional" | Def;

const lenientCopies = new WeakMap<Def, Def>();

/** `t` with every named type in it read leniently (`<Name>View`, all fields and variants kept). */
function lenientType(t: Type): Type {
  if (t.kind === "scalar") return t;
  if (t.kind === "option" || t.kind === "array") return { kind: t.kind, inner: lenientType(t.inner) };
  let copy = lenientCopies.get(t.def);
  if (!copy) {
    const d = t.def;
    const name = `${d.name}View`;
    const doc = `${d.name} as this contract reads it: unknown fields and variants tolerated.`;
    if (d.kind === "struct") copy = { kind: "struct", name, doc, fields: d.fields.map((f) => ({ ...f, type: lenientType(f.type) })), lenient: true };
    else {
      const variants = d.variants.map((v) => ({ ...v, payload: v.payload === null ? null : "fields" in v.payload || "variants" in v.payload ? (lenientType({ kind: "named", def: v.payload as Def }) as { def: Def }).def : lenientType(v.payload as Type) }));
      copy = { kind: "enum", name, doc, variants, lenient: true };
    }
    lenientCopies.set(d, copy);
  }
  return { kind: "named", def: copy };
}

/**
 * A type read from another contract's response: only the fields of `source` this contract
 * needs, decoded leniently (unknown fields skipped, as cosmwasm-std's serde does for responses;
 * an unknown enum variant is kept by name). So a contract keeps reading a collection or token
 * that adds fields or statuses in a later version. The source stays the one definition of each
 * field's type; a field the reader wants even from versions that lack it is "optional".
 */
export function view(name: string, source: Def, pick: Record<string, ViewField>, doc?: string): Def {
  checkTypeName(name);
  if (!isDef(source) || source.kind !== "struct") throw new DslError(`a view is taken of a struct(…), not of ${isDef(source) ? `the enum ${source.name}` : describeValue(source)}`, { message: name });
  const fields: Field[] = Object.entries(pick).map(([f, how]) => {
    const src = source.fields.find((x) => x.name === f);
    if (!src) throw new DslError(`${source.name} has no field ${JSON.stringify(f)}; its fields: ${source.fields.map((x) => x.name).join(", ")}`, { message: name, field: f });
    if (how !== true && how !== "optional" && !isDef(how)) throw new DslError(`take a field with true, "optional" or a nested view(…), not ${describeValue(how)}`, { message: name, field: f });
    let type: Type = how === true || how === "optional" ? lenientType(src.type) : { kind: "named", def: how };
    if (how === "optional" && type.kind !== "option") type = { kind: "option", inner: type };
    return { name: f, type, doc: src.doc };
  });
  return { kind: "struct", name, doc: doc ?? `The fields of ${source.name} this contract reads (unknown fields skipped).`, fields, lenient: true };
}

export interface ContractMessages {
  /** cw2 contract name, e.g. "crates.io:persistence-rwa-nft". */
  contractName: string;
  contractVersion: string;
  instantiate: Def;
  execute: Def;
  query: Def;
  migrate?: Def;
  sudo?: Def;
  /** The contract handles replies to its submessages: the generated entry exports `reply` (onReply in src/contract.ts). */
  reply?: boolean;
  /** What the chain must offer (cosmwasm-std's capabilities: "staking", "cosmwasm_2_0", …): exported as `requires_<name>`. */
  capabilities?: string[];
  /** Response type of each query variant, by variant name. */
  responses: Record<string, Type | Def>;
  /** Further types the contract sends or reads (e.g. a cw721 receive hook), codec only. */
  extra?: Def[];
  /**
   * The records the contract keeps in storage (an Item's or a Map's value): the codec also gets a
   * storage codec \`<Name>Codec\` for each (std's Codec over the type's own JSON), so state.ts
   * writes \`new Item<Config>("config", new ConfigCodec())\` and no adapter class by hand.
   */
  stored?: Def[];
}

/** Checks a contract's whole description: its messages, its version and a response per query. */
export function contract(m: ContractMessages): ContractMessages {
  if (typeof m.contractName !== "string" || m.contractName === "") throw new DslError('contractName is missing: the cw2 name, e.g. "crates.io:my-contract"', {});
  if (typeof m.contractVersion !== "string" || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(m.contractVersion)) {
    throw new DslError(`contractVersion ${JSON.stringify(m.contractVersion)} is not a semver version (e.g. "0.1.0")`, {});
  }
  const messages: Array<[string, Def | undefined, boolean]> = [["instantiate", m.instantiate, true], ["execute", m.execute, true], ["query", m.query, true], ["migrate", m.migrate, false], ["sudo", m.sudo, false]];
  for (const [key, d, required] of messages) {
    if (d === undefined && !required) continue;
    if (!isDef(d)) throw new DslError(`the message is ${describeValue(d)}: give a struct(…) or enumOf(…)`, { message: key });
  }
  if (m.reply !== undefined && typeof m.reply !== "boolean") throw new DslError(`reply is ${describeValue(m.reply)}: write \`reply: true\` when src/contract.ts handles replies (onReply), or leave it out`, { message: "reply" });
  if (m.capabilities !== undefined) {
    if (!Array.isArray(m.capabilities)) throw new DslError(`capabilities is ${describeValue(m.capabilities)}: give a list of names, e.g. ["staking", "cosmwasm_2_0"]`, { message: "capabilities" });
    m.capabilities.forEach((c, i) => {
      if (typeof c !== "string" || !/^[a-z][a-z0-9_]*$/.test(c)) throw new DslError(`${describeValue(c)} is not a capability: names are snake_case, as cosmwasm-std's (e.g. "staking", "stargate", "cosmwasm_2_0")`, { message: "capabilities", field: String(i) });
    });
  }
  if (typeof m.responses !== "object" || m.responses === null) throw new DslError("responses is missing: give the response type of each query variant, e.g. { config: ref(Config) }", {});
  for (const [name, t] of Object.entries(m.responses)) if (!isDef(t)) checkType(t, { message: "responses", field: name });
  if (m.query.kind === "enum") {
    for (const v of m.query.variants) {
      if (!(v.name in m.responses)) throw new DslError(`no response type: add \`${v.name}: <type>\` to \`responses\``, { message: m.query.name, field: v.name });
    }
    for (const name of Object.keys(m.responses)) {
      if (!m.query.variants.some((v) => v.name === name)) throw new DslError(`${m.query.name} has no variant ${JSON.stringify(name)}: remove it or add the query`, { message: "responses", field: name });
    }
  }
  for (const key of ["extra", "stored"] as const) {
    (m[key] ?? []).forEach((d, i) => {
      if (!isDef(d)) throw new DslError(`the type is ${describeValue(d)}: give a struct(…) or enumOf(…)`, { message: key, field: String(i) });
    });
  }
  reachableDefs(m); // refuses two different types under one name
  return m;
}

/**
 * Every named definition reachable from the contract's messages, each after the ones it uses
 * (dependency order: what the codec generator emits). Two different definitions under one name
 * would share one schema definition and one codec class: that is an error naming it.
 */
export function reachableDefs(m: ContractMessages): Def[] {
  const out: Def[] = [];
  const seen = new Map<string, Def>();
  const visitDef = (d: Def): void => {
    const prev = seen.get(d.name);
    if (prev === d) return;
    if (prev) throw new DslError("two different types have this name: rename one, or define it once and use that const in both places", { message: d.name });
    seen.set(d.name, d);
    childDefs(d).forEach(visitDef);
    out.push(d);
  };
  const roots = [m.instantiate, m.execute, m.query, m.migrate, m.sudo, ...Object.values(m.responses), ...(m.extra ?? []), ...(m.stored ?? [])];
  for (const r of roots) if (r !== undefined) namedIn(r).forEach(visitDef);
  return out;
}

/** The named definitions a type is or refers to, through arrays and options. */
export function namedIn(t: Type | Def): Def[] {
  if (isDef(t)) return [t];
  if (t.kind === "named") return [t.def];
  if (t.kind === "array" || t.kind === "option") return namedIn(t.inner);
  return [];
}

/** The scalars a contract's messages use anywhere (fields, variant payloads, query responses). */
export function scalarsIn(m: ContractMessages): Set<ScalarName> {
  const out = new Set<ScalarName>();
  const visit = (t: Type | Def | null | undefined): void => {
    if (!t || isDef(t)) return;
    if (t.kind === "scalar") out.add(t.name);
    else if (t.kind === "array" || t.kind === "option") visit(t.inner);
  };
  for (const r of Object.values(m.responses)) visit(r);
  for (const d of reachableDefs(m)) {
    if (d.kind === "struct") d.fields.forEach((f) => visit(f.type));
    else d.variants.forEach((v) => visit(v.payload));
  }
  return out;
}

/** The named definitions a definition's fields or variant payloads refer to, in order. */
export function childDefs(d: Def): Def[] {
  if (d.kind === "struct") return d.fields.flatMap((f) => namedIn(f.type));
  return d.variants.flatMap((v) => (v.payload ? namedIn(v.payload) : []));
}

// ---- validation: a mistake in messages.ts is named, with what to write instead ----------------

/** Where in a contract's messages a mistake is: the file (set by the loader), the message type, the field or variant. */
export interface DslWhere {
  contract?: string;
  message?: string;
  field?: string;
}

/** A mistake in a messages.ts, e.g. `contracts/demo/messages.ts: ExecuteTransfer.amount: unknown type "u128": did you mean …`. */
export class DslError extends Error {
  constructor(
    readonly problem: string,
    readonly where: DslWhere,
    /** What was written where a type belongs, when that is the mistake. */
    readonly written?: unknown,
  ) {
    super();
    this.name = "DslError";
    this.message = this.render();
  }

  /** The same error, located in a contract's file (its path relative to the repository). */
  inContract(contract: string, problem = this.problem): DslError {
    return new DslError(problem, { ...this.where, contract }, this.written);
  }

  private render(): string {
    const at = [this.where.message, this.where.field].filter((x) => x !== undefined).join(".");
    return [this.where.contract, at, this.problem].filter((x) => x).join(": ");
  }
}

/** The DSL's exports for scalar types, with the type each stands for. */
export const SCALAR_EXPORTS: Readonly<Record<string, ScalarName>> = {
  string: "string",
  bool: "bool",
  u8: "u8",
  u32: "u32",
  u64: "u64",
  uint128: "Uint128",
  uint64: "Uint64",
  decimal: "Decimal",
  binary: "Binary",
  addr: "Addr",
  timestamp: "Timestamp",
  expiration: "Expiration",
  coin: "Coin",
  ownershipAction: "OwnershipAction",
  ownership: "Ownership",
  ibcTimeout: "IbcTimeout",
  ibcEndpoint: "IbcEndpoint",
  ibcChannel: "IbcChannel",
};

/** Names users reach for that the DSL spells differently. */
const ALIASES: Readonly<Record<string, string>> = {
  u128: "uint128",
  i128: "uint128",
  number: "u64",
  int: "u64",
  integer: "u64",
  boolean: "bool",
  str: "string",
  address: "addr",
  bytes: "binary",
  time: "timestamp",
};

const VALID_TYPES = `field types are the exports of @persistence-ts/schema/dsl: ${Object.keys(SCALAR_EXPORTS).join(", ")}; or option(T), array(T), ref(struct(…) | enumOf(…))`;

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length];
}

/** The DSL export closest to what was written (`u128` → `uint128`), or null. */
export function suggestType(written: string): string | null {
  const w = written.toLowerCase();
  const candidates: Array<[string, string]> = [
    ...Object.entries(SCALAR_EXPORTS).flatMap(([e, s]): Array<[string, string]> => [[e.toLowerCase(), e], [s.toLowerCase(), e]]),
    ...Object.entries(ALIASES),
  ];
  let best: { exp: string; d: number } | null = null;
  for (const [key, exp] of candidates) {
    const d = editDistance(w, key);
    if (d <= Math.min(2, Math.floor(key.length / 3)) && (!best || d < best.d)) best = { exp, d };
  }
  return best?.exp ?? null;
}

/** "did you mean `uint128` (Uint128)?" for what was written, or "". */
export function didYouMean(written: string): string {
  const exp = suggestType(written);
  return exp ? `did you mean \`${exp}\` (${SCALAR_EXPORTS[exp]})?` : "";
}

function describeValue(v: unknown): string {
  if (v === undefined || v === null) return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "object") return `an object with keys ${JSON.stringify(Object.keys(v))}`;
  return `${typeof v} ${String(v)}`;
}

const CODEC_NAMES: Readonly<Record<"field" | "variant", readonly string[]>> = { field: ["write"], variant: ["variant", "read", "decode", "write"] };

function checkName(name: string, where: DslWhere, what: "field" | "variant"): void {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) {
    const snake = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[^A-Za-z0-9_]/g, "_").toLowerCase();
    throw new DslError(`${what} names are snake_case ([a-z][a-z0-9_]*), as serde writes them: did you mean ${JSON.stringify(snake)}?`, where);
  }
  if (CODEC_NAMES[what].includes(name)) throw new DslError(`${JSON.stringify(name)} is a name the generated codec uses itself: rename the ${what}`, where);
}

function checkTypeName(name: string): void {
  if (typeof name === "string" && /^[A-Z][A-Za-z0-9]*$/.test(name)) return;
  const fix = typeof name === "string" ? `: did you mean ${JSON.stringify(pascal(name.replace(/[^A-Za-z0-9_]/g, "_")))}?` : "";
  throw new DslError(`type names are PascalCase ([A-Z][A-Za-z0-9]*)${fix}`, { message: String(name) });
}

/** Throws a DslError unless `t` is a Type the generators know. `inside` says in which container it sits. */
function checkType(t: unknown, where: DslWhere, inside = ""): void {
  if (t === undefined) {
    throw new DslError(`the type is undefined${inside}: an import that @persistence-ts/schema/dsl does not export, or a type used before its \`const\` is defined; ${VALID_TYPES}`, where, t);
  }
  if (typeof t === "string") {
    const mean = didYouMean(t);
    const asString = suggestType(t) === t ? " (use the export, not its name as a string)" : "";
    throw new DslError(`unknown type ${JSON.stringify(t)}${inside}${mean ? `: ${mean}${asString}` : ""}; ${VALID_TYPES}`, where, t);
  }
  if (isDef(t)) throw new DslError(`${t.name}${inside} is a type definition: write ref(${t.name})`, where, t);
  if (typeof t !== "object" || t === null || !isType(t)) throw new DslError(`not a type${inside}: ${describeValue(t)}; ${VALID_TYPES}`, where, t);
  if (t.kind === "scalar") {
    if (!Object.values(SCALAR_EXPORTS).includes(t.name)) throw new DslError(`unknown scalar ${JSON.stringify(t.name)}${inside}; ${VALID_TYPES}`, where, t);
  } else if (t.kind === "option") {
    if (isType(t.inner) && t.inner.kind === "option") throw new DslError("option(option(…)) is not supported: JSON has one null; use one option()", where, t);
    checkType(t.inner, where, " in option(…)");
  } else if (t.kind === "array") checkType(t.inner, where, " in array(…)");
  else if (!isDef(t.def)) throw new DslError(`ref(…)${inside} of ${describeValue(t.def)}: pass a struct(…) or enumOf(…) defined above`, where, t);
}
