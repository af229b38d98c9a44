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
  | "Ownership";

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

export const option = (inner: Type): Type => ({ kind: "option", inner });
export const array = (inner: Type): Type => ({ kind: "array", inner });
export const ref = (def: Def): Type => ({ kind: "named", def });

type FieldSpec = Type | { type: Type; doc: string };

function fields(spec: Record<string, FieldSpec>): Field[] {
  return Object.entries(spec).map(([name, f]) => ("type" in f && "doc" in f ? { name, type: f.type, doc: f.doc } : { name, type: f as Type }));
}

export function struct(name: string, spec: Record<string, FieldSpec>, doc?: string): Def {
  return { kind: "struct", name, doc, fields: fields(spec) };
}

/** A variant spec: null (unit), an object of fields (inline struct) or a Type / Def. */
export type VariantSpec = null | Record<string, FieldSpec> | Type | Def | { doc: string; payload: VariantSpec };

function isType(v: object): v is Type {
  return "kind" in v && ["scalar", "option", "array", "named"].includes((v as Type).kind);
}

function isDef(v: object): v is Def {
  return "kind" in v && ((v as Def).kind === "struct" || (v as Def).kind === "enum") && "name" in v;
}

function pascal(s: string): string {
  return s.replace(/(^|_)([a-z0-9])/g, (_m, _u, c: string) => c.toUpperCase());
}

/**
 * An enum; an inline-struct variant `foo_bar` of enum `ExecuteMsg` becomes the struct
 * `ExecuteFooBar` (the enum name without its `Msg` suffix, then the variant).
 */
export function enumOf(name: string, spec: Record<string, VariantSpec>, doc?: string): Def {
  const prefix = name.replace(/Msg$/, "");
  const variants: Variant[] = Object.entries(spec).map(([vname, v]) => variant(prefix, vname, v));
  return { kind: "enum", name, doc, variants };
}

function variant(prefix: string, name: string, v: VariantSpec, doc?: string): Variant {
  if (v === null) return { name, doc, payload: null };
  if ("payload" in v && "doc" in v && typeof v.doc === "string") return variant(prefix, name, v.payload as VariantSpec, v.doc);
  if (isType(v as object) || isDef(v as object)) return { name, doc, payload: v as Type | Def };
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
  if (source.kind !== "struct") throw new Error(`a view is taken of a struct, not of ${source.name}`);
  const fields: Field[] = Object.entries(pick).map(([f, how]) => {
    const src = source.fields.find((x) => x.name === f);
    if (!src) throw new Error(`${source.name} has no field ${f}`);
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
  /** Response type of each query variant, by variant name. */
  responses: Record<string, Type | Def>;
  /** Further types the contract stores or sends (e.g. a cw721 receive hook), codec only. */
  extra?: Def[];
}

export function contract(m: ContractMessages): ContractMessages {
  return m;
}
