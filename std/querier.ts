// Queries to the chain through `query_chain`, with cosmwasm-std's QuerierWrapper error texts.
// `tryQuery` reports errors as values for callers that handle them (e.g. "is this token
// still there?"); the typed helpers record them as contract errors.

import { query_chain } from "./abi/imports";
import { bytesFromRegion, regionFromBytes } from "./abi/region";
import { base64Decode, base64Encode } from "./encoding";
import { fail, failed } from "./error";
import { JsonReader } from "./json/reader";
import { JsonWriter } from "./json/writer";
import { Coin } from "./types/coin";
import { IbcChannel } from "./types/ibc";
import { Uint128 } from "./math/uint128";

export class QueryResult {
  constructor(public data: Uint8Array, public error: string | null) {}
}

/** Sends a QueryRequest (JSON) and unwraps SystemResult<ContractResult<Binary>>. */
export function tryQuery(request: Uint8Array): QueryResult {
  const raw = bytesFromRegion(query_chain(<u32>regionFromBytes(request)));
  return unwrapSystemResult(raw);
}

function unwrapSystemResult(raw: Uint8Array): QueryResult {
  // Parse with a reader of our own so a malformed host answer does not leak into user errors.
  const r = new JsonReader(raw, "SystemResult");
  const outer = r.beginEnum(["ok", "error"]);
  let result = new QueryResult(new Uint8Array(0), null);
  if (outer.requireValue()) {
    if (outer.is("error")) result.error = "Querier system error: " + String.UTF8.decode(r.readRaw().buffer);
    else {
      const inner = r.beginEnum(["ok", "error"]);
      if (inner.requireValue()) {
        if (inner.is("error")) result.error = "Querier contract error: " + r.readString();
        else result.data = base64Decode(r.readString());
      }
      inner.end();
    }
  }
  outer.end();
  r.finish();
  return result;
}

/** Like tryQuery, but an error becomes the contract's error. */
export function query(request: Uint8Array): Uint8Array {
  if (failed()) return new Uint8Array(0);
  const res = tryQuery(request);
  const err = res.error;
  if (err !== null) fail(err);
  return res.data;
}

/** `{"wasm":{"smart":{"contract_addr":…,"msg":base64}}}`: returns the response JSON. */
export function querySmart(contract: string, msg: Uint8Array): Uint8Array {
  return query(smartRequest(contract, msg));
}

export function smartRequest(contract: string, msg: Uint8Array): Uint8Array {
  const w = new JsonWriter();
  w.beginObject().key("wasm").beginObject().key("smart").beginObject();
  w.stringField("contract_addr", contract).stringField("msg", base64Encode(msg));
  w.endObject().endObject().endObject();
  return w.toBytes();
}

/** A raw storage read of another contract; empty when the key is absent. */
export function queryWasmRaw(contract: string, key: Uint8Array): Uint8Array {
  const w = new JsonWriter();
  w.beginObject().key("wasm").beginObject().key("raw").beginObject();
  w.stringField("contract_addr", contract).stringField("key", base64Encode(key));
  w.endObject().endObject().endObject();
  return query(w.toBytes());
}

/** `{"<module>":{"<query>":{…fields}}}` with string fields. */
function moduleRequest(module: string, name: string, keys: string[], values: string[]): Uint8Array {
  const w = new JsonWriter();
  w.beginObject().key(module).beginObject().key(name).beginObject();
  for (let i = 0; i < keys.length; i++) w.stringField(keys[i], values[i]);
  w.endObject().endObject().endObject();
  return w.toBytes();
}

export function queryBalance(address: string, denom: string): Coin {
  const data = query(moduleRequest("bank", "balance", ["address", "denom"], [address, denom]));
  const r = new JsonReader(data, "BalanceResponse");
  let coin = new Coin(denom, Uint128.zero());
  const s = r.beginHostStruct(["amount"]);
  while (s.next()) coin = Coin.read(r);
  return coin;
}

export function queryBondedDenom(): string {
  const data = query(moduleRequest("staking", "bonded_denom", [], []));
  const r = new JsonReader(data, "BondedDenomResponse");
  let denom = "";
  const s = r.beginHostStruct(["denom"]);
  while (s.next()) denom = r.readString();
  return denom;
}

export class Delegation {
  constructor(public validator: string, public amount: Coin) {}
}

/** Every delegation of `delegator` (amounts after slashing). */
export function queryAllDelegations(delegator: string): Delegation[] {
  const data = query(moduleRequest("staking", "all_delegations", ["delegator"], [delegator]));
  const r = new JsonReader(data, "AllDelegationsResponse");
  const out = new Array<Delegation>();
  const s = r.beginHostStruct(["delegations"]);
  while (s.next()) {
    const a = r.beginArray();
    while (a.next()) out.push(readDelegation(r));
  }
  return out;
}

function readDelegation(r: JsonReader): Delegation {
  const d = new Delegation("", new Coin("", Uint128.zero()));
  const s = r.beginHostStruct(["delegator", "validator", "amount"]);
  while (s.next()) {
    if (s.is("validator")) d.validator = r.readString();
    else if (s.is("amount")) d.amount = Coin.read(r);
    else r.skipValue();
  }
  return d;
}

export class Validator {
  constructor(public address: string, public commission: string) {}
}

export function queryAllValidators(): Validator[] {
  const data = query(moduleRequest("staking", "all_validators", [], []));
  const r = new JsonReader(data, "AllValidatorsResponse");
  const out = new Array<Validator>();
  const s = r.beginHostStruct(["validators"]);
  while (s.next()) {
    const a = r.beginArray();
    while (a.next()) {
      const v = new Validator("", "");
      const f = r.beginHostStruct(["address", "commission", "max_commission", "max_change_rate"]);
      while (f.next()) {
        if (f.is("address")) v.address = r.readString();
        else if (f.is("commission")) v.commission = r.readString();
        else r.skipValue();
      }
      out.push(v);
    }
  }
  return out;
}

// ---- IbcQuery: `{"ibc":{…}}`. wasmd answers only about OPEN channels; `fee_enabled_channel`
// is not offered (wasmd v0.60 has no ICS-29).

/** `{"ibc":{"port_id":{}}}`. */
export function ibcPortIdRequest(): Uint8Array {
  return moduleRequest("ibc", "port_id", [], []);
}

/** `{"ibc":{"list_channels":{"port_id":…|null}}}`; null: the contract's own port. */
export function ibcListChannelsRequest(portId: string | null): Uint8Array {
  const w = new JsonWriter();
  w.beginObject().key("ibc").beginObject().key("list_channels").beginObject();
  w.optStringField("port_id", portId);
  w.endObject().endObject().endObject();
  return w.toBytes();
}

/** `{"ibc":{"channel":{"channel_id":…,"port_id":…|null}}}`; null: the contract's own port. */
export function ibcChannelRequest(channelId: string, portId: string | null): Uint8Array {
  const w = new JsonWriter();
  w.beginObject().key("ibc").beginObject().key("channel").beginObject();
  w.stringField("channel_id", channelId).optStringField("port_id", portId);
  w.endObject().endObject().endObject();
  return w.toBytes();
}

/** IbcQuery `port_id`'s answer `{"port_id":"wasm.<contract address>"}`. */
export class PortIdResponse {
  constructor(public portId: string) {}

  static read(r: JsonReader): PortIdResponse {
    const res = new PortIdResponse("");
    const s = r.beginHostStruct(["port_id"]);
    while (s.next()) res.portId = r.readString();
    return res;
  }
}

/** IbcQuery `list_channels`'s answer `{"channels":[IbcChannel]}`. */
export class ListChannelsResponse {
  constructor(public channels: IbcChannel[]) {}

  static read(r: JsonReader): ListChannelsResponse {
    const res = new ListChannelsResponse([]);
    const s = r.beginHostStruct(["channels"]);
    while (s.next()) {
      const a = r.beginArray();
      while (a.next()) res.channels.push(IbcChannel.read(r, true));
    }
    return res;
  }
}

/** IbcQuery `channel`'s answer `{"channel":IbcChannel|null}`: null when there is no such open channel. */
export class ChannelResponse {
  constructor(public channel: IbcChannel | null) {}

  static read(r: JsonReader): ChannelResponse {
    const res = new ChannelResponse(null);
    const s = r.beginHostStruct(["channel"]);
    while (s.next()) res.channel = r.readNull() ? null : IbcChannel.read(r, true);
    return res;
  }
}

/** The contract's own IBC port, `wasm.<contract address>` (an error when it has none: not IBC-enabled). */
export function queryIbcPortId(): string {
  const r = new JsonReader(query(ibcPortIdRequest()), "PortIdResponse");
  const res = PortIdResponse.read(r);
  r.finish();
  return res.portId;
}

/** The open channels on `portId` (null: the contract's own port). */
export function queryIbcListChannels(portId: string | null): IbcChannel[] {
  const r = new JsonReader(query(ibcListChannelsRequest(portId)), "ListChannelsResponse");
  const res = ListChannelsResponse.read(r);
  r.finish();
  return res.channels;
}

/** The open channel `channelId` on `portId` (null: the contract's own port), or null. */
export function queryIbcChannel(channelId: string, portId: string | null): IbcChannel | null {
  const r = new JsonReader(query(ibcChannelRequest(channelId, portId)), "ChannelResponse");
  const res = ChannelResponse.read(r);
  r.finish();
  return res.channel;
}
