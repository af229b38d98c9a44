// The AssemblyScript codec of a contract's messages: one class per struct and enum with a
// strict `read` (through std's JsonReader) and a `write` (through JsonWriter), each only where the
// type needs it: what the contract receives is read, what it answers is written.

import { ContractMessages, Def, ScalarName, Type, Variant, childDefs, namedIn, reachableDefs, scalarsIn } from "./dsl";

/** Which halves of a type's codec the contract uses. */
interface Direction {
  read: boolean;
  write: boolean;
}

/**
 * The direction of every reachable definition: the messages the contract receives (instantiate,
 * execute, query, migrate, sudo) are read, its query responses written; `extra` (hooks it
 * receives, messages it sends, views of other contracts) and `stored` records both ways. A type
 * reachable from both sides gets both.
 */
export function directions(m: ContractMessages): Map<string, Direction> {
  const out = new Map<string, Direction>();
  const visit = (def: Def, d: Direction): void => {
    const had = out.get(def.name) ?? { read: false, write: false };
    const now = { read: had.read || d.read, write: had.write || d.write };
    if (out.has(def.name) && now.read === had.read && now.write === had.write) return;
    out.set(def.name, now);
    childDefs(def).forEach((c) => visit(c, d));
  };
  const roots: Array<[Array<Type | Def | undefined>, Direction]> = [
    [[m.instantiate, m.execute, m.query, m.migrate, m.sudo], { read: true, write: false }],
    [Object.values(m.responses), { read: false, write: true }],
    [[...(m.extra ?? []), ...(m.stored ?? [])], { read: true, write: true }],
  ];
  for (const [types, d] of roots) for (const t of types) if (t !== undefined) namedIn(t).forEach((def) => visit(def, d));
  return out;
}

interface ScalarCodec {
  asType: string;
  /** A value type in AssemblyScript: an optional one needs the `Opt` box. */
  value: boolean;
  init: string;
  read: string;
  write: (v: string) => string;
}

const num = (t: string, read: string): ScalarCodec => ({ asType: t, value: true, init: "0", read, write: (v) => `w.u64(<u64>${v});` });
const toStr = (v: string): string => `w.string(${v}.toString());`;
const self = (v: string): string => `${v}.write(w);`;

const SCALARS: Record<ScalarName, ScalarCodec> = {
  string: { asType: "string", value: false, init: '""', read: "r.readString()", write: (v) => `w.string(${v});` },
  bool: { asType: "bool", value: true, init: "false", read: "r.readBool()", write: (v) => `w.bool(${v});` },
  u8: num("u8", "r.readU8()"),
  u32: num("u32", "r.readU32()"),
  u64: num("u64", "r.readU64()"),
  Uint128: { asType: "Uint128", value: false, init: "Uint128.zero()", read: "readUint128(r)", write: toStr },
  Uint64: { asType: "u64", value: true, init: "0", read: "readUint64String(r)", write: toStr },
  Decimal: { asType: "Decimal", value: false, init: "Decimal.zero()", read: "readDecimal(r)", write: toStr },
  Binary: { asType: "Uint8Array", value: false, init: "new Uint8Array(0)", read: "readBinary(r)", write: (v) => `w.string(base64Encode(${v}));` },
  Addr: { asType: "Addr", value: false, init: 'Addr.unchecked("")', read: "Addr.unchecked(r.readString())", write: toStr },
  Timestamp: { asType: "Timestamp", value: false, init: "new Timestamp(0)", read: "Timestamp.read(r)", write: self },
  Expiration: { asType: "Expiration", value: false, init: "Expiration.never()", read: "Expiration.read(r)", write: self },
  Coin: { asType: "Coin", value: false, init: 'new Coin("", Uint128.zero())', read: "Coin.read(r)", write: self },
  OwnershipAction: { asType: "OwnershipAction", value: false, init: "new OwnershipAction()", read: "OwnershipAction.read(r)", write: self },
  Ownership: { asType: "Ownership", value: false, init: "new Ownership()", read: "Ownership.read(r)", write: self },
  IbcTimeout: { asType: "IbcTimeout", value: false, init: "new IbcTimeout()", read: "IbcTimeout.read(r)", write: self },
  IbcEndpoint: { asType: "IbcEndpoint", value: false, init: "new IbcEndpoint()", read: "IbcEndpoint.read(r)", write: self },
  IbcChannel: { asType: "IbcChannel", value: false, init: "new IbcChannel()", read: "IbcChannel.read(r)", write: self },
};

/** The std IBC types a contract's messages use: imported only then, so other codecs stay as they were. */
const IBC_SCALARS: ScalarName[] = ["IbcChannel", "IbcEndpoint", "IbcTimeout"];

function ibcImport(m: ContractMessages, std: string): string {
  const used = scalarsIn(m);
  const names = IBC_SCALARS.filter((n) => used.has(n));
  return names.length ? `\nimport { ${names.join(", ")} } from "${std}/types/ibc";` : "";
}

function isValueType(t: Type): boolean {
  return t.kind === "scalar" && SCALARS[t.name].value;
}

export function asType(t: Type): string {
  if (t.kind === "scalar") return SCALARS[t.name].asType;
  if (t.kind === "named") return t.def.name;
  if (t.kind === "array") return `${asType(t.inner)}[]`;
  if (t.inner.kind === "option") throw new Error("nested options are not supported");
  return isValueType(t.inner) ? `Opt<${asType(t.inner)}> | null` : `${asType(t.inner)} | null`;
}

function init(t: Type): string {
  if (t.kind === "scalar") return SCALARS[t.name].init;
  if (t.kind === "named") return `new ${t.def.name}()`;
  if (t.kind === "array") return `new Array<${asType(t.inner)}>()`;
  return "null";
}

/** An expression reading a value of `t` from `r`. Arrays use a helper per element type. */
function readExpr(t: Type, helpers: Map<string, string>): string {
  if (t.kind === "scalar") return SCALARS[t.name].read;
  if (t.kind === "named") return `${t.def.name}.read(r)`;
  if (t.kind === "array") return `${arrayReader(t.inner, helpers)}(r)`;
  const inner = readExpr(t.inner, helpers);
  return isValueType(t.inner) ? `r.readNull() ? null : new Opt<${asType(t.inner)}>(${inner})` : `r.readNull() ? null : ${inner}`;
}

function arrayReader(inner: Type, helpers: Map<string, string>): string {
  const name = `read${helperName(inner)}Array`;
  if (!helpers.has(name)) {
    helpers.set(name, ""); // reserve: the element reader may need helpers too
    const el = readExpr(inner, helpers);
    helpers.set(
      name,
      `function ${name}(r: JsonReader): ${asType(inner)}[] {\n  const out = new Array<${asType(inner)}>();\n  const a = r.beginArray();\n  while (a.next()) out.push(${el});\n  return out;\n}`,
    );
  }
  return name;
}

function helperName(t: Type): string {
  if (t.kind === "scalar") return t.name[0].toUpperCase() + t.name.slice(1);
  if (t.kind === "named") return t.def.name;
  if (t.kind === "array") return `${helperName(t.inner)}Array`;
  return `Opt${helperName(t.inner)}`;
}

/** Statements writing `v` (an expression of type `t`) to `w`. */
function writeStmts(t: Type, v: string, indent: string): string {
  if (t.kind === "scalar") return indent + SCALARS[t.name].write(v);
  if (t.kind === "named") return `${indent}${v}.write(w);`;
  if (t.kind === "array") {
    const el = `e${indent.length}`;
    return `${indent}w.beginArray();\n${indent}for (let i${indent.length} = 0; i${indent.length} < ${v}.length; i${indent.length}++) {\n${indent}  const ${el} = ${v}[i${indent.length}];\n${writeStmts(t.inner, el, indent + "  ")}\n${indent}}\n${indent}w.endArray();`;
  }
  const inner = isValueType(t.inner) ? `${v}!.value` : `${v}!`;
  return `${indent}if (${v} === null) w.null();\n${indent}else {\n${writeStmts(t.inner, inner, indent + "  ")}\n${indent}}`;
}

function doc(text: string | undefined, indent = ""): string {
  return text ? `${indent}/** ${text.replace(/\*\//g, "*\\/")} */\n` : "";
}

/** `static decode` of a whole message, the same for structs and enums. */
const decodeMethod = (name: string): string => `  /** Decodes a whole message: the value and nothing after it. */
  static decode(bytes: Uint8Array): ${name} {
    const r = new JsonReader(bytes, ${JSON.stringify(name)});
    const m = ${name}.read(r);
    r.finish();
    return m;
  }`;

function structClass(d: Extract<Def, { kind: "struct" }>, dir: Direction, helpers: Map<string, string>): string {
  const fieldsConst = `${d.name}_FIELDS`;
  const names = d.fields.map((f) => JSON.stringify(f.type.kind === "option" ? `${f.name}?` : f.name));
  const decl = d.fields.map((f) => `${doc(f.doc, "  ")}  ${f.name}: ${asType(f.type)} = ${init(f.type)};`).join("\n");
  const methods: string[] = [];
  if (dir.read) {
    const reads = d.fields.map((f, i) => `      ${i ? "else " : ""}if (s.is(${JSON.stringify(f.name)})) m.${f.name} = ${readExpr(f.type, helpers)};`).join("\n");
    methods.push(decodeMethod(d.name), `  static read(r: JsonReader): ${d.name} {
    const m = new ${d.name}();
    const s = r.${d.lenient ? "beginHostStruct" : "beginStruct"}(${fieldsConst});
    while (s.next()) {
${reads || "      // no fields: only `{}` is accepted"}
    }
    return m;
  }`);
  }
  if (dir.write) {
    const writes = d.fields.map((f) => `    w.key(${JSON.stringify(f.name)});\n${writeStmts(f.type, `this.${f.name}`, "    ")}`).join("\n");
    methods.push(`  write(w: JsonWriter): void {
    w.beginObject();
${writes}
    w.endObject();
  }`);
  }
  return `${dir.read ? `const ${fieldsConst}: string[] = [${names.join(", ")}];\n\n` : ""}${doc(d.doc)}export class ${d.name} {
${decl}${methods.map((m) => `\n\n${m}`).join("")}
}`;
}

function payloadType(v: Variant): Type | null {
  if (v.payload === null) return null;
  if ("fields" in v.payload || "variants" in v.payload) return { kind: "named", def: v.payload as Def };
  return v.payload as Type;
}

function enumClass(d: Extract<Def, { kind: "enum" }>, dir: Direction, helpers: Map<string, string>): string {
  const variantsConst = `${d.name}_VARIANTS`;
  const names = d.variants.map((v) => JSON.stringify(v.name)).join(", ");
  const decl = d.variants
    .filter((v) => v.payload !== null)
    .map((v) => {
      const t = payloadType(v)!;
      return `${doc(v.doc, "  ")}  ${v.name}: ${asType({ kind: "option", inner: t })} = null;`;
    })
    .join("\n");
  const reads = !dir.read ? "" : d.variants
    .map((v, i) => {
      const t = payloadType(v);
      const head = `    ${i ? "else " : ""}if (e.is(${JSON.stringify(v.name)})) `;
      if (t === null) return `${head}e.unitValue();`;
      const value = isValueType(t) ? `new Opt<${asType(t)}>(${readExpr(t, helpers)})` : readExpr(t, helpers);
      return `${head}{\n      if (e.requireValue()) m.${v.name} = ${value};\n    }`;
    })
    .join("\n");
  const writes = d.variants
    .filter((v) => v.payload !== null)
    .map((v) => {
      const t = payloadType(v)!;
      const val = isValueType(t) ? `this.${v.name}!.value` : `this.${v.name}!`;
      return `    if (this.variant == ${JSON.stringify(v.name)}) {\n${writeStmts(t, val, "      ")}\n    }`;
    })
    .join("\n");
  const factories = d.variants
    .map((v) => {
      const t = payloadType(v);
      if (t === null) return `  static ${v.name}(): ${d.name} {\n    const m = new ${d.name}();\n    m.variant = ${JSON.stringify(v.name)};\n    return m;\n  }`;
      const value = isValueType(t) ? `new Opt<${asType(t)}>(value)` : "value";
      return `  static ${v.name}(value: ${asType(t)}): ${d.name} {\n    const m = new ${d.name}();\n    m.variant = ${JSON.stringify(v.name)};\n    m.${v.name} = ${value};\n    return m;\n  }`;
    })
    .join("\n\n");
  // A lenient enum writes a variant it does not know as a bare name: it kept nothing else of it.
  const units = d.lenient
    ? [d.variants.filter((v) => v.payload !== null).map((v) => `this.variant != ${JSON.stringify(v.name)}`).join(" && ") || "true"]
    : d.variants.filter((v) => v.payload === null).map((v) => `this.variant == ${JSON.stringify(v.name)}`);
  const methods = [factories];
  if (dir.read) {
    methods.push(decodeMethod(d.name), `  static read(r: JsonReader): ${d.name} {
    const m = new ${d.name}();
    const e = r.beginEnum(${variantsConst}${d.lenient ? ", true" : ""});
    m.variant = e.variant;
${reads}${d.lenient ? "\n    else if (e.open) r.skipValue(); // a variant this reader does not know: kept by name" : ""}
    e.end();
    return m;
  }`);
  }
  if (dir.write) {
    methods.push(`  write(w: JsonWriter): void {
${units.length ? `    if (${units.join(" || ")}) {\n      w.string(this.variant);\n      return;\n    }\n` : ""}    w.beginObject().key(this.variant);
${writes}
    w.endObject();
  }`);
  }
  return `${dir.read ? `const ${variantsConst}: string[] = [${names}];\n\n` : ""}${doc(d.doc)}export class ${d.name} {
  /** The variant this value holds; its payload is in the field of the same name. */
  variant: string = "";
${decl}

${methods.join("\n\n")}
}`;
}

/** The storage codec of a stored record: std's Codec over the type's own JSON reader and writer. */
function storageCodec(d: Def): string {
  return `/** Storage codec of ${d.name} (an Item's or a Map's value), from \`stored\` in messages.ts. */
export class ${d.name}Codec extends Codec<${d.name}> {
  name(): string { return ${JSON.stringify(d.name)}; }
  write(w: JsonWriter, v: ${d.name}): void { v.write(w); }
  read(r: JsonReader): ${d.name} { return ${d.name}.read(r); }
}`;
}

/** The generated `src/msg.ts` of a contract; `std` is the import path of std from there. */
export function assemblyScriptCodec(m: ContractMessages, std: string, source: string): string {
  const helpers = new Map<string, string>();
  const dirs = directions(m);
  const classes = reachableDefs(m).map((d) => (d.kind === "struct" ? structClass(d, dirs.get(d.name)!, helpers) : enumClass(d, dirs.get(d.name)!, helpers)));
  const codecs = (m.stored ?? []).map(storageCodec);
  return `// GENERATED by \`npm run schema\` from ${source}: do not edit.
// The contract's message types with their strict JSON codec.

import { base64Encode } from "${std}/encoding";
import { JsonReader } from "${std}/json/reader";
import { JsonWriter } from "${std}/json/writer";
import { Decimal } from "${std}/math/decimal";
import { Uint128 } from "${std}/math/uint128";
import { Ownership, OwnershipAction } from "${std}/ownership";${codecs.length ? `\nimport { Codec } from "${std}/storage/codec";` : ""}
import { Addr } from "${std}/types/addr";
import { Coin } from "${std}/types/coin";
import { Expiration } from "${std}/types/expiration";${ibcImport(m, std)}
import { Timestamp } from "${std}/types/timestamp";
import { Opt, readBinary, readDecimal, readUint128, readUint64String } from "${std}/types/wire";

/** cw2 name and version of this contract. */
export const CONTRACT_NAME = ${JSON.stringify(m.contractName)};
export const CONTRACT_VERSION = ${JSON.stringify(m.contractVersion)};

${[...helpers.values()].join("\n\n")}

${[...classes, ...codecs].join("\n\n")}
`;
}
