// ICS-20 fungible token transfer as ibc-go v10.4 modules/apps/transfer runs it (V1 channels):
// MsgTransfer escrows native coins (or burns vouchers going home), the packet JSON of
// FungibleTokenPacketData, vouchers "ibc/<HASH>" minted on receipt (or escrow released when they
// come home), refunds on an error acknowledgement or a timeout, and the module's events.

import { createHash } from "node:crypto";
import type { App } from "../app/app";
import { AppError, AppEvent, Coin, getJson, setJson } from "../app/context";
import { goJson } from "../app/go-json";
import { bech32Encode } from "../vm/api";
import type { TxContext } from "../app/wasm";
import type { IbcApp, IbcCore } from "./core";
import { AppAck, Endpoint, Height, Order, Packet, abciCodeAck, canonicalAck, resultAck } from "./types";

export const TRANSFER_PORT = "transfer";
export const ICS20_VERSION = "ics20-1";
const MODULE = "transfer";

/** types.Denom: a base denomination and the hops it took, latest first. */
export interface Denom {
  base: string;
  trace: Endpoint[];
}

/** A user's (or a contract's) MsgTransfer on the "transfer" port. */
export interface MsgTransfer {
  source_channel: string;
  token: Coin;
  receiver: string;
  timeout_height?: Height;
  /** ns since the epoch; 0 or absent: none. */
  timeout_timestamp?: bigint | string;
  memo?: string;
}

/** Denom.Path(): "port/channel/…/base". */
export const denomPath = (d: Denom): string => [...d.trace.map((h) => `${h.port_id}/${h.channel_id}`), d.base].join("/");

/** Denom.IBCDenom(): the base for a native denom, else "ibc/" + UPPERCASE hex sha256(path). */
export function ibcDenom(d: Denom): string {
  if (d.trace.length === 0) return d.base;
  return `ibc/${createHash("sha256").update(denomPath(d)).digest("hex").toUpperCase()}`;
}

/** types.GetEscrowAddress: ADR-028 sha256("ics20-1" ‖ 0x00 ‖ "port/channel")[:20]. */
export function escrowAddressBytes(port: string, channel: string): Uint8Array {
  const pre = Buffer.concat([Buffer.from(ICS20_VERSION), Buffer.from([0]), Buffer.from(`${port}/${channel}`)]);
  return new Uint8Array(createHash("sha256").update(pre).digest().subarray(0, 20));
}

const IDENTIFIER = /^(channel-\d+|[a-z0-9.-]+-\d+)$/;

/** types.ExtractDenomFromPath: leading port/identifier pairs are hops, the rest is the base. */
export function extractDenom(fullPath: string): Denom {
  const parts = fullPath.split("/");
  if (parts.length === 1) return { base: fullPath, trace: [] };
  const trace: Endpoint[] = [];
  let i = 0;
  for (; i < parts.length - 1 && parts.length > 2 && IDENTIFIER.test(parts[i + 1]); i += 2) trace.push({ port_id: parts[i], channel_id: parts[i + 1] });
  return { base: parts.slice(i).join("/"), trace };
}

/** FungibleTokenPacketData, fields in Go's order (memo omitted when empty). */
interface PacketData {
  denom: string;
  amount: string;
  sender: string;
  receiver: string;
  memo?: string;
}

const attr = (key: string, value: string) => ({ key, value });
const MESSAGE: AppEvent = { type: "message", attributes: [attr("module", MODULE)] };
const DENOM_KEY = (hash: string) => `transfer/denom/${hash}`;
const ESCROW_KEY = (denom: string) => `transfer/totalEscrow/${denom}`;

/** ibc-go's errors: ibc codespace (core/errors) and the transfer module's. */
const ibcErr = (text: string, code: number) => new AppError(text, "ibc", code);

export class Ics20 implements IbcApp {
  constructor(
    private readonly app: App,
    private readonly core: IbcCore,
  ) {}

  escrowAddress(channel: string, port = TRANSFER_PORT): string {
    return bech32Encode(this.app.api.prefix, escrowAddressBytes(port, channel));
  }

  /** The denomination behind a voucher ("ibc/<HASH>" or the bare hash), if this chain has minted it. */
  denom(store: TxContext["store"], voucher: string): Denom | undefined {
    const hash = voucher.replace(/^ibc\//, "").toUpperCase();
    return getJson<Denom>(store, DENOM_KEY(hash));
  }

  /** The total escrowed of a native denom (ibc-go's TotalEscrowForDenom). */
  totalEscrow(store: TxContext["store"], denom: string): bigint {
    return BigInt(getJson<string>(store, ESCROW_KEY(denom)) ?? "0");
  }

  private moduleAccount(): string {
    return this.app.moduleAddress(MODULE);
  }

  // ---- MsgTransfer (keeper/msg_server.go Transfer, relay.go SendTransfer) -------------------

  transfer(tx: TxContext, sender: string, msg: MsgTransfer): { sequence: number; events: AppEvent[] } {
    const token = msg.token;
    if (!/^[0-9]+$/.test(String(token?.amount)) || BigInt(token.amount) <= 0n || !/^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/.test(String(token?.denom))) {
      throw ibcErr(`${token?.amount ?? ""}${token?.denom ?? ""}: invalid coins`, 6);
    }
    if ((msg.receiver ?? "").trim() === "") throw ibcErr("missing recipient address: invalid address", 5);
    if (msg.receiver.length > 2048) throw ibcErr("recipient address must not exceed 2048 bytes: invalid address", 5);
    const memo = msg.memo ?? "";
    if (memo.length > 32768) throw new AppError("memo must not exceed 32768 bytes: invalid memo", MODULE, 11);
    const denom = this.tokenDenom(tx, token.denom);
    const data: PacketData = { denom: denomPath(denom), amount: token.amount, sender, receiver: msg.receiver, ...(memo ? { memo } : {}) };
    const channel = msg.source_channel;
    const events: AppEvent[] = [];
    const coin = [{ denom: token.denom, amount: token.amount }];
    if (hasPrefix(denom, TRANSFER_PORT, channel)) {
      // going home: SendCoinsFromAccountToModule, then BurnCoins
      events.push(...this.app.bank.send(tx.store, sender, this.moduleAccount(), coin));
      events.push(...this.app.bank.burn(tx.store, this.moduleAccount(), coin));
    } else {
      events.push(...this.escrow(tx, sender, this.escrowAddress(channel), token));
    }
    const timeoutHeight = msg.timeout_height ?? { revision: 0, height: 0 };
    const sent = this.core.sendPacket(tx, TRANSFER_PORT, channel, timeoutHeight, BigInt(msg.timeout_timestamp ?? 0), Buffer.from(goJson(data)));
    events.push(...sent.events);
    events.push({ type: "ibc_transfer", attributes: [attr("sender", sender), attr("receiver", msg.receiver), attr("denom", data.denom), attr("amount", token.amount), attr("memo", memo)] }, MESSAGE);
    return { sequence: sent.sequence, events };
  }

  /** keeper.TokenFromCoin: a voucher's denomination from its trace (unknown: ErrDenomNotFound). */
  private tokenDenom(tx: TxContext, denom: string): Denom {
    if (!denom.startsWith("ibc/")) return { base: denom, trace: [] };
    const hash = denom.slice(4);
    if (!/^[0-9A-Fa-f]{64}$/.test(hash)) throw new AppError(`invalid denom trace hash ${hash}: invalid denomination for cross-chain transfer`, MODULE, 3);
    const d = this.denom(tx.store, hash);
    if (!d) throw new AppError(`${hash}: denomination not found`, MODULE, 6);
    return d;
  }

  private escrow(tx: TxContext, from: string, escrow: string, coin: Coin): AppEvent[] {
    const events = this.app.bank.send(tx.store, from, escrow, [coin]);
    setJson(tx.store, ESCROW_KEY(coin.denom), (this.totalEscrow(tx.store, coin.denom) + BigInt(coin.amount)).toString());
    return events;
  }

  private unescrow(tx: TxContext, escrow: string, to: string, coin: Coin): AppEvent[] {
    let events: AppEvent[];
    try {
      events = this.app.bank.send(tx.store, escrow, to, [coin]);
    } catch (e) {
      if (e instanceof AppError) throw e.wrap("unable to unescrow tokens, this may be caused by a malicious counterparty module or a bug: please open an issue on counterparty module");
      throw e;
    }
    setJson(tx.store, ESCROW_KEY(coin.denom), (this.totalEscrow(tx.store, coin.denom) - BigInt(coin.amount)).toString());
    return events;
  }

  // ---- channel handshake (ibc_module.go) ------------------------------------------------------

  private checkChannel(order: Order, port: string): void {
    if (order !== "ORDER_UNORDERED") throw new AppError(`expected ORDER_UNORDERED channel, got ${order} : invalid channel ordering`, "channel", 6);
    if (port !== TRANSFER_PORT) throw new AppError(`invalid port: ${port}, expected ${TRANSFER_PORT}: invalid port`, "port", 4);
  }

  onChanOpenInit(_tx: TxContext, order: Order, _connection: string, port: string, _channel: string, _cp: Endpoint, version: string): { version: string; events: AppEvent[] } {
    this.checkChannel(order, port);
    if (version.trim() === "") return { version: ICS20_VERSION, events: [] };
    if (version !== ICS20_VERSION) throw new AppError(`expected one of [${ICS20_VERSION}], got ${version}: invalid ICS20 version`, MODULE, 4);
    return { version, events: [] };
  }

  onChanOpenTry(_tx: TxContext, order: Order, _connection: string, port: string, _channel: string, _cp: Endpoint, counterpartyVersion: string): { version: string; events: AppEvent[] } {
    this.checkChannel(order, port);
    if (counterpartyVersion !== ICS20_VERSION) throw new AppError(`expected one of [${ICS20_VERSION}], got ${counterpartyVersion}: invalid ICS20 version`, MODULE, 4);
    return { version: counterpartyVersion, events: [] };
  }

  onChanOpenAck(_tx: TxContext, _port: string, _channel: string, _cpChannel: string, counterpartyVersion: string): AppEvent[] {
    if (counterpartyVersion !== ICS20_VERSION) throw new AppError(`invalid counterparty version: expected one of [${ICS20_VERSION}], got ${counterpartyVersion}: invalid ICS20 version`, MODULE, 4);
    return [];
  }

  onChanOpenConfirm(): AppEvent[] {
    return [];
  }

  onChanCloseInit(): AppEvent[] {
    throw ibcErr("user cannot close channel: invalid request", 8);
  }

  onChanCloseConfirm(): AppEvent[] {
    return [];
  }

  // ---- packets (ibc_module.go, keeper/relay.go) -------------------------------------------------

  /**
   * OnRecvPacket: the packet data strictly parsed and validated, the receiver decoded; a denom that
   * left from here through this channel comes home (unescrowed), any other is prefixed with the
   * destination port/channel and minted as a voucher. Any failure is an error ack with its ABCI code.
   */
  onRecvPacket(tx: TxContext, _version: string, packet: Packet): { ack: AppAck | null; events: AppEvent[] } {
    let data: PacketData | undefined;
    const events: AppEvent[] = [];
    let ack: AppAck;
    let error: AppError | undefined;
    try {
      data = parsePacketData(Buffer.from(packet.data, "base64"));
      events.push(...this.receive(tx, data, packet));
      ack = { bytes: resultAck(new Uint8Array([1])), success: true };
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e;
      ack = { bytes: abciCodeAck(e.code), success: false };
    }
    const d = data ?? { denom: "", amount: "", sender: "", receiver: "" };
    const attributes = [attr("sender", d.sender), attr("receiver", d.receiver), attr("denom", d.denom), attr("amount", d.amount), attr("memo", d.memo ?? ""), attr("success", String(ack.success))];
    if (error) attributes.push(attr("error", error.message));
    events.push({ type: "fungible_token_packet", attributes }, MESSAGE);
    return { ack, events };
  }

  private receive(tx: TxContext, data: PacketData, packet: Packet): AppEvent[] {
    validatePacketData(data);
    if (!this.app.api.addrCanonicalize(data.receiver).ok) throw ibcErr(`failed to decode receiver address: ${data.receiver}: invalid address`, 5);
    const denom = extractDenom(data.denom);
    if (hasPrefix(denom, packet.source_port, packet.source_channel)) {
      const home = { base: denom.base, trace: denom.trace.slice(1) };
      return this.unescrow(tx, this.escrowAddress(packet.destination_channel, packet.destination_port), data.receiver, { denom: ibcDenom(home), amount: data.amount });
    }
    const voucher: Denom = { base: denom.base, trace: [{ port_id: packet.destination_port, channel_id: packet.destination_channel }, ...denom.trace] };
    const denomination = ibcDenom(voucher);
    const hash = denomination.slice(4);
    if (!getJson(tx.store, DENOM_KEY(hash))) setJson(tx.store, DENOM_KEY(hash), voucher);
    const events: AppEvent[] = [{ type: "denomination", attributes: [attr("denom_hash", hash), attr("denom", goJson({ base: voucher.base, trace: voucher.trace }))] }];
    const coin = [{ denom: denomination, amount: data.amount }];
    events.push(...this.app.bank.mint(tx.store, this.moduleAccount(), coin));
    events.push(...this.app.bank.send(tx.store, this.moduleAccount(), data.receiver, coin));
    return events;
  }

  /** OnAcknowledgementPacket: the ack must re-marshal to the same bytes; an error ack refunds. */
  onAcknowledgementPacket(tx: TxContext, _version: string, packet: Packet, ackBytes: Uint8Array): AppEvent[] {
    const text = Buffer.from(ackBytes).toString("utf8");
    let ack: { result?: string; error?: string };
    try {
      ack = JSON.parse(text) as { result?: string; error?: string };
      if (typeof ack !== "object" || ack === null || (typeof ack.result !== "string") === (typeof ack.error !== "string")) throw new Error("not an Acknowledgement");
    } catch (e) {
      throw ibcErr(`cannot unmarshal ICS-20 transfer packet acknowledgement: ${(e as Error).message}: unknown request`, 4);
    }
    const canonical = Buffer.from(canonicalAck(ackBytes) ?? []);
    if (!canonical.equals(Buffer.from(ackBytes))) {
      throw ibcErr(`acknowledgement did not marshal to expected bytes: ${canonical.toString("hex").toUpperCase()} ≠ ${Buffer.from(ackBytes).toString("hex").toUpperCase()}: invalid type`, 12);
    }
    const data = parsePacketData(Buffer.from(packet.data, "base64"));
    const events: AppEvent[] = [];
    if (ack.error !== undefined) events.push(...this.refund(tx, packet, data));
    // Acknowledgement.String(): the proto text format
    const ackText = ack.result !== undefined ? `result:${protoTextBytes(Buffer.from(ack.result, "base64"))} ` : `error:${protoTextBytes(Buffer.from(ack.error ?? ""))} `;
    events.push({ type: "fungible_token_packet", attributes: [attr("sender", data.sender), attr("receiver", data.receiver), attr("denom", data.denom), attr("amount", data.amount), attr("memo", data.memo ?? ""), attr("acknowledgement", ackText)] }, { ...MESSAGE });
    events.push(ack.result !== undefined ? { type: "fungible_token_packet", attributes: [attr("success", Buffer.from(ack.result, "base64").toString("latin1"))] } : { type: "fungible_token_packet", attributes: [attr("error", ack.error ?? "")] });
    return events;
  }

  onTimeoutPacket(tx: TxContext, _version: string, packet: Packet): AppEvent[] {
    const data = parsePacketData(Buffer.from(packet.data, "base64"));
    const events = this.refund(tx, packet, data);
    // EmitOnTimeoutEvent: the sender under types.AttributeKeyReceiver; json.Marshal(Token) writes a nil Trace (no hops) as null
    const denom = extractDenom(data.denom);
    const refund = goJson({ denom: { base: denom.base, trace: denom.trace.length ? denom.trace : null }, amount: data.amount });
    events.push({ type: "timeout", attributes: [attr("receiver", data.sender), attr("refund_tokens", refund), attr("memo", data.memo ?? "")] }, MESSAGE);
    return events;
  }

  /** refundPacketTokens: re-mint a voucher that was burned going home, else unescrow. */
  private refund(tx: TxContext, packet: Packet, data: PacketData): AppEvent[] {
    const denom = extractDenom(data.denom);
    const coin = [{ denom: ibcDenom(denom), amount: data.amount }];
    if (hasPrefix(denom, packet.source_port, packet.source_channel)) {
      return [...this.app.bank.mint(tx.store, this.moduleAccount(), coin), ...this.app.bank.send(tx.store, this.moduleAccount(), data.sender, coin)];
    }
    return this.unescrow(tx, this.escrowAddress(packet.source_channel, packet.source_port), data.sender, coin[0]);
  }
}

/** A bytes or string field in the proto text format: printable ASCII as it is, other bytes as octal escapes. */
function protoTextBytes(b: Buffer): string {
  let out = '"';
  for (const c of b) {
    if (c === 0x22 || c === 0x5c) out += `\\${String.fromCharCode(c)}`;
    else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    else out += `\\${c.toString(8).padStart(3, "0")}`;
  }
  return out + '"';
}

/** Denom.HasPrefix: its first hop is port/channel. */
function hasPrefix(d: Denom, port: string, channel: string): boolean {
  return d.trace.length > 0 && d.trace[0].port_id === port && d.trace[0].channel_id === channel;
}

/** types.UnmarshalPacketData for ics20-1: JSON with unknown fields refused. */
function parsePacketData(bytes: Uint8Array): PacketData {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch (e) {
    throw ibcErr(`cannot unmarshal ICS20-V1 transfer packet data: ${(e as Error).message}: invalid type`, 12);
  }
  const o = v as Record<string, unknown>;
  const known = ["denom", "amount", "sender", "receiver", "memo"];
  const unknown = typeof o === "object" && o !== null ? Object.keys(o).find((k) => !known.includes(k)) : "(not an object)";
  if (unknown !== undefined || known.some((k) => o[k] !== undefined && typeof o[k] !== "string")) {
    throw ibcErr(`cannot unmarshal ICS20-V1 transfer packet data: json: unknown field "${unknown}": invalid type`, 12);
  }
  return { denom: String(o.denom ?? ""), amount: String(o.amount ?? ""), sender: String(o.sender ?? ""), receiver: String(o.receiver ?? ""), ...(o.memo ? { memo: String(o.memo) } : {}) };
}

/** FungibleTokenPacketData.ValidateBasic. */
function validatePacketData(d: PacketData): void {
  if (!/^[0-9]+$/.test(d.amount)) throw new AppError(`unable to parse transfer amount (${d.amount}) into math.Int: invalid token amount`, MODULE, 5);
  if (BigInt(d.amount) <= 0n) throw new AppError(`amount must be strictly positive: got ${d.amount}: invalid token amount`, MODULE, 5);
  if (d.sender.trim() === "") throw ibcErr("sender address cannot be blank: invalid address", 5);
  if (d.receiver.trim() === "") throw ibcErr("receiver address cannot be blank: invalid address", 5);
  if (extractDenom(d.denom).base.trim() === "") throw new AppError("base denomination cannot be blank: invalid denomination for cross-chain transfer", MODULE, 3);
}
