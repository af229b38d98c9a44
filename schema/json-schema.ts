// JSON Schema (draft-07, cosmwasm-schema layout) for message types described with the DSL.

import { ContractMessages, Def, ScalarName, Type, Variant } from "./dsl";

type Schema = Record<string, unknown>;

const uint64Def: Schema = {
  description: "A thin wrapper around u64 that is using strings for JSON encoding/decoding, such that the full u64 range can be used for clients that convert JSON numbers to floats, like JavaScript and jq.",
  type: "string",
};

const expirationDef: Schema = {
  description: "Expiration represents a point in time when some event happens. It can compare with a BlockInfo and will return is_expired() == true once the condition is hit (and for every block in the future)",
  oneOf: [
    { description: "AtHeight will expire when `env.block.height` >= height", type: "object", required: ["at_height"], properties: { at_height: { type: "integer", format: "uint64", minimum: 0 } }, additionalProperties: false },
    { description: "AtTime will expire when `env.block.time` >= time", type: "object", required: ["at_time"], properties: { at_time: { $ref: "#/definitions/Timestamp" } }, additionalProperties: false },
    { description: "Never will never expire. Used to express the empty variant", type: "object", required: ["never"], properties: { never: { type: "object", additionalProperties: false } }, additionalProperties: false },
  ],
};

const ibcEndpointDef: Schema = {
  type: "object",
  required: ["channel_id", "port_id"],
  properties: { channel_id: { type: "string" }, port_id: { type: "string" } },
  additionalProperties: false,
};

const ibcTimeoutDef: Schema = {
  description: "In IBC each package must set at least one type of timeout: the timestamp or the block height. Using this rather complex enum instead of two timeout fields we ensure that at least one timeout is set.",
  type: "object",
  properties: {
    block: { anyOf: [{ $ref: "#/definitions/IbcTimeoutBlock" }, { type: "null" }] },
    timestamp: { anyOf: [{ $ref: "#/definitions/Timestamp" }, { type: "null" }] },
  },
  additionalProperties: false,
};

const ibcTimeoutBlockDef: Schema = {
  description: "IBCTimeoutHeight Height is a monotonically increasing data type that can be compared against another Height for the purposes of updating and freezing clients. Ordering is (revision_number, timeout_height)",
  type: "object",
  required: ["height", "revision"],
  properties: {
    height: { description: "block height after which the packet times out. the height within the given revision", type: "integer", format: "uint64", minimum: 0 },
    revision: { description: "the version that the client is currently on (e.g. after resetting the chain this could increment 1 as height drops to 0)", type: "integer", format: "uint64", minimum: 0 },
  },
  additionalProperties: false,
};

const ibcOrderDef: Schema = {
  description: "IbcOrder defines if a channel is ORDERED or UNORDERED Values come from https://github.com/cosmos/cosmos-sdk/blob/v0.40.0/proto/ibc/core/channel/v1/channel.proto#L69-L80 Naming comes from the protobuf files and go translations.",
  type: "string",
  enum: ["ORDER_UNORDERED", "ORDER_ORDERED"],
};

const ibcChannelDef: Schema = {
  description: "IbcChannel defines all information on a channel. This is generally used in the hand-shake process, but can be queried directly.",
  type: "object",
  required: ["connection_id", "counterparty_endpoint", "endpoint", "order", "version"],
  properties: {
    connection_id: { description: "The connection upon which this channel was created. If this is a multi-hop channel, we only expose the first hop.", type: "string" },
    counterparty_endpoint: { $ref: "#/definitions/IbcEndpoint" },
    endpoint: { $ref: "#/definitions/IbcEndpoint" },
    order: { $ref: "#/definitions/IbcOrder" },
    version: { description: "Note: in ibcv3 this may be \"\", in the IbcOpenChannel handshake messages", type: "string" },
  },
  additionalProperties: false,
};

/** Definitions of the std types and the std types each one needs in turn. */
const STD: Record<string, { schema: Schema; needs: string[] }> = {
  Uint128: { schema: { description: "A thin wrapper around u128 that is using strings for JSON encoding/decoding, such that the full u128 range can be used for clients that convert JSON numbers to floats, like JavaScript and jq.", type: "string" }, needs: [] },
  Uint64: { schema: uint64Def, needs: [] },
  Decimal: { schema: { description: "A fixed-point decimal value with 18 fractional digits, i.e. Decimal(1_000_000_000_000_000_000) == 1.0", type: "string" }, needs: [] },
  Binary: { schema: { description: "Binary is a wrapper around Vec<u8> to add base64 de/serialization with serde. It also adds some helper methods to help encode inline.", type: "string" }, needs: [] },
  Addr: { schema: { description: "A human readable address, validated by the chain.", type: "string" }, needs: [] },
  Timestamp: { schema: { description: "A point in time in nanosecond precision (Uint64 nanoseconds since the UNIX epoch).", allOf: [{ $ref: "#/definitions/Uint64" }] }, needs: ["Uint64"] },
  Expiration: { schema: expirationDef, needs: ["Timestamp"] },
  Coin: { schema: { type: "object", required: ["amount", "denom"], properties: { amount: { $ref: "#/definitions/Uint128" }, denom: { type: "string" } }, additionalProperties: false }, needs: ["Uint128"] },
  IbcEndpoint: { schema: ibcEndpointDef, needs: [] },
  IbcTimeoutBlock: { schema: ibcTimeoutBlockDef, needs: [] },
  IbcTimeout: { schema: ibcTimeoutDef, needs: ["IbcTimeoutBlock", "Timestamp"] },
  IbcOrder: { schema: ibcOrderDef, needs: [] },
  IbcChannel: { schema: ibcChannelDef, needs: ["IbcEndpoint", "IbcOrder"] },
  Action: {
    schema: {
      description: "Actions that can be taken to alter the contract's ownership",
      oneOf: [
        { description: "Propose to transfer the contract's ownership to another account, optionally with an expiry time. Can only be called by the contract's current owner. Any existing pending ownership transfer is overwritten.", type: "object", required: ["transfer_ownership"], properties: { transfer_ownership: { type: "object", required: ["new_owner"], properties: { expiry: { anyOf: [{ $ref: "#/definitions/Expiration" }, { type: "null" }] }, new_owner: { type: "string" } }, additionalProperties: false } }, additionalProperties: false },
        { description: "Accept the pending ownership transfer. Can only be called by the pending owner.", type: "string", enum: ["accept_ownership"] },
        { description: "Give up the contract's ownership and the possibility of appointing a new owner. Can only be invoked by the contract's current owner. Any existing pending ownership transfer is canceled.", type: "string", enum: ["renounce_ownership"] },
      ],
    },
    needs: ["Expiration"],
  },
  Ownership_for_String: {
    schema: {
      description: "The contract's ownership info",
      type: "object",
      properties: {
        owner: { description: "The contract's current owner. `None` if the ownership has been renounced.", type: ["string", "null"] },
        pending_expiry: { description: "The deadline for the pending owner to accept the ownership. `None` if there isn't a pending ownership transfer, or if a transfer exists and it doesn't have a deadline.", anyOf: [{ $ref: "#/definitions/Expiration" }, { type: "null" }] },
        pending_owner: { description: "The account who has been proposed to take over the ownership. `None` if there isn't a pending ownership transfer.", type: ["string", "null"] },
      },
      additionalProperties: false,
    },
    needs: ["Expiration"],
  },
};

/** The definitions name of a std scalar, or null for a plain JSON type. */
function stdName(name: ScalarName): string | null {
  if (name === "OwnershipAction") return "Action";
  if (name === "Ownership") return "Ownership_for_String";
  if (["string", "bool", "u8", "u32", "u64"].includes(name)) return null;
  return name;
}

function plainScalar(name: ScalarName): Schema {
  if (name === "string") return { type: "string" };
  if (name === "bool") return { type: "boolean" };
  return { type: "integer", format: name === "u64" ? "uint64" : name === "u32" ? "uint32" : "uint8", minimum: 0 };
}

/** Builds one root schema, collecting the definitions it references. */
class SchemaBuilder {
  readonly definitions: Record<string, Schema> = {};

  useStd(name: string): void {
    if (this.definitions[name]) return;
    const std = STD[name];
    this.definitions[name] = std.schema;
    std.needs.forEach((n) => this.useStd(n));
  }

  type(t: Type): Schema {
    if (t.kind === "scalar") {
      const std = stdName(t.name);
      if (std === null) return plainScalar(t.name);
      this.useStd(std);
      return { $ref: `#/definitions/${std}` };
    }
    if (t.kind === "array") return { type: "array", items: this.type(t.inner) };
    if (t.kind === "option") {
      const inner = this.type(t.inner);
      if (typeof inner.type === "string") return { ...inner, type: [inner.type, "null"] };
      return { anyOf: [inner, { type: "null" }] };
    }
    if (!this.definitions[t.def.name]) {
      this.definitions[t.def.name] = {}; // reserve first: recursive types terminate
      this.definitions[t.def.name] = this.def(t.def);
    }
    return { $ref: `#/definitions/${t.def.name}` };
  }

  def(d: Def): Schema {
    const doc = d.doc ? { description: d.doc } : {};
    if (d.kind === "enum") return { ...doc, oneOf: d.variants.map((v) => this.variant(v)) };
    const properties: Record<string, Schema> = {};
    for (const f of d.fields) properties[f.name] = { ...(f.doc ? { description: f.doc } : {}), ...this.type(f.type) };
    const required = d.fields.filter((f) => f.type.kind !== "option").map((f) => f.name);
    return { ...doc, type: "object", ...(required.length ? { required } : {}), properties, additionalProperties: false };
  }

  private variant(v: Variant): Schema {
    const doc = v.doc ? { description: v.doc } : {};
    if (v.payload === null) return { ...doc, type: "string", enum: [v.name] };
    const payload = "fields" in v.payload || "variants" in v.payload ? this.def(v.payload as Def) : this.type(v.payload as Type);
    return { ...doc, type: "object", required: [v.name], properties: { [v.name]: payload }, additionalProperties: false };
  }

  /** The root type is inlined, as cosmwasm-schema does (ts-codegen cannot start from a $ref). */
  root(d: Def | Type, title: string): Schema {
    const body = "name" in d && (d.kind === "struct" || d.kind === "enum") ? this.def(d as Def) : this.rootType(d as Type);
    return { $schema: "http://json-schema.org/draft-07/schema#", title, ...body, definitions: sortKeys(this.definitions) };
  }

  private rootType(t: Type): Schema {
    if (t.kind === "named") return this.def(t.def);
    const std = t.kind === "scalar" ? stdName(t.name) : null;
    if (std === null) return this.type(t);
    STD[std].needs.forEach((n) => this.useStd(n));
    return STD[std].schema;
  }
}

function sortKeys(o: Record<string, Schema>): Record<string, Schema> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function rootSchema(d: Def | Type, title: string): Schema {
  return new SchemaBuilder().root(d, title);
}

/** The whole cosmwasm-schema document of a contract. */
export function contractSchema(m: ContractMessages): Schema {
  const responses: Record<string, Schema> = {};
  for (const [name, t] of Object.entries(m.responses)) responses[name] = rootSchema(t, titleOf(t, name));
  return {
    contract_name: m.contractName.replace(/^crates\.io:/, ""),
    contract_version: m.contractVersion,
    idl_version: "1.0.0",
    instantiate: rootSchema(m.instantiate, m.instantiate.name),
    execute: rootSchema(m.execute, m.execute.name),
    query: rootSchema(m.query, m.query.name),
    migrate: m.migrate ? rootSchema(m.migrate, m.migrate.name) : null,
    sudo: m.sudo ? rootSchema(m.sudo, m.sudo.name) : null,
    responses,
  };
}

function titleOf(t: Type | Def, query: string): string {
  if ("name" in t && (t.kind === "struct" || t.kind === "enum")) return (t as Def).name;
  const ty = t as Type;
  if (ty.kind === "named") return ty.def.name;
  if (ty.kind === "scalar") return stdName(ty.name) ?? ty.name;
  if (ty.kind === "option") return `Nullable_${titleOf(ty.inner, query)}`;
  return `Array_of_${titleOf(ty.inner, query)}`;
}
