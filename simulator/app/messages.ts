// The CosmosMsg / QueryRequest / Response JSON shapes the simulator routes (cosmwasm-std 2.2).

import type { AppEvent, Coin } from "./context";
import type { MsgResponse } from "./proto";
import type { IbcMsg } from "../ibc/contracts";

export type ReplyOn = "never" | "success" | "error" | "always";

export interface WasmMsg {
  execute?: { contract_addr: string; msg: string; funds: Coin[] };
  instantiate?: { admin: string | null; code_id: number; msg: string; funds: Coin[]; label: string };
  migrate?: { contract_addr: string; new_code_id: number; msg: string };
  update_admin?: { contract_addr: string; admin: string };
  clear_admin?: { contract_addr: string };
}

export interface CosmosMsg {
  bank?: { send?: { to_address: string; amount: Coin[] }; burn?: { amount: Coin[] } };
  wasm?: WasmMsg;
  staking?: Record<string, unknown>;
  distribution?: Record<string, unknown>;
  /** CosmosMsg::Any (cosmwasm_2_0): a protobuf Msg, base64. */
  any?: { type_url: string; value: string };
  /** CosmosMsg::Ibc (simulator/ibc/contracts.ts). */
  ibc?: IbcMsg;
  /** CosmosMsg::Custom: no chain module handles it (wasmd's NoCustomMsg). */
  custom?: unknown;
}

export interface SubMsg {
  id: number;
  payload?: string;
  msg: CosmosMsg;
  gas_limit: number | null;
  reply_on: ReplyOn;
}

export interface ContractResponse {
  messages: SubMsg[];
  attributes: Array<{ key: string; value: string }>;
  events: AppEvent[];
  data: string | null;
}

/** What a routed message produced: its events, its data and its Msg*Responses. */
export interface DispatchResult {
  events: AppEvent[];
  /** The contract's data (wasm messages): what a transaction returns. */
  data: Uint8Array | null;
  /**
   * The Msg*Response of each SDK message the CosmosMsg became (wasmd handler_plugin.go DispatchMsg):
   * one for most, none for a bank burn (wasmd's own handler) or an empty bank send (not dispatched).
   */
  msgResponses: MsgResponse[];
  /** Set by instantiate. */
  contractAddress?: string;
}

export type QueryRequest = Record<string, Record<string, Record<string, unknown>>>;

/** The one key of an externally tagged enum value. */
export function variantOf(v: object): string {
  const keys = Object.keys(v);
  return keys.length === 1 ? keys[0] : `{${keys.join(",")}}`;
}
