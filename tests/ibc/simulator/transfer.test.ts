// ICS-20 between two simulated chains, as ibc-go v10.4's transfer module behaves: escrow and
// vouchers, unwinding back home, error acknowledgements and timeouts refunding, the packet JSON,
// the escrow address and the voucher hash against values computed here from ibc-go's formulas.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { toBech32 } from "@cosmjs/encoding";
import { TxError } from "@persistence-ts/simulator/app/app";
import type { AppEvent } from "@persistence-ts/simulator/app/context";
import { view } from "@persistence-ts/simulator/ibc/network";
import { ibcDenom, extractDenom } from "@persistence-ts/simulator/ibc/transfer";
import { SimPair } from "../sim-pair";

const sha256 = (s: string | Buffer) => createHash("sha256").update(s).digest();
/** ibc-go GetEscrowAddress, written out here: sha256("ics20-1" ‖ 0x00 ‖ "port/channel")[:20], bech32. */
const escrowOf = (channel: string) => toBech32("persistence", sha256(Buffer.concat([Buffer.from("ics20-1"), Buffer.from([0]), Buffer.from(`transfer/${channel}`)])).subarray(0, 20));
/** ibc-go Denom.IBCDenom, written out here. */
const voucherOf = (path: string) => `ibc/${sha256(path).toString("hex").toUpperCase()}`;
const far = () => ({ timestamp: (BigInt(Date.now()) * 1_000_000n + 10n ** 15n * 1000n).toString() });
const attrs = (events: AppEvent[], type: string) => events.filter((e) => e.type === type).map((e) => Object.fromEntries(e.attributes.map((a) => [a.key, a.value])));

let pair: SimPair;
let alice: string;
let bob: string;

beforeAll(async () => {
  pair = await SimPair.create();
  alice = pair.a.address(0);
  bob = pair.b.address(1);
});

describe("addresses and denominations", () => {
  it("the escrow address of transfer/channel-0 is ibc-go's", () => {
    expect(pair.a.app.ics20.escrowAddress("channel-0")).toBe(escrowOf("channel-0"));
    expect(pair.transfer).toEqual({ a: "channel-0", b: "channel-0", portA: "transfer", portB: "transfer", version: "ics20-1" });
  });

  it("the voucher of transfer/channel-0/uatom is the well-known ATOM hash", () => {
    expect(ibcDenom(extractDenom("transfer/channel-0/uatom"))).toBe("ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2");
    expect(voucherOf("transfer/channel-0/uatom")).toBe("ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2");
    expect(extractDenom("transfer/channel-1/transfer/channel-0/gamm/pool/1")).toEqual({ base: "gamm/pool/1", trace: [{ port_id: "transfer", channel_id: "channel-1" }, { port_id: "transfer", channel_id: "channel-0" }] });
  });
});

describe("a → b and back home", () => {
  it("escrows on a, mints a voucher on b, then burns it and releases the escrow", async () => {
    const { a, b } = pair;
    const escrow = escrowOf("channel-0");
    const aliceBefore = await a.balance(alice, "uxprt");
    const sent = a.app.ibcTransfer(alice, { source_channel: "channel-0", token: { denom: "uxprt", amount: "1000" }, receiver: bob, timeout_timestamp: far().timestamp });
    expect(sent.sequence).toBe(1);
    // the packet as ibc-go marshals it: denom, amount, sender, receiver (memo omitted when empty)
    const packetHex = attrs(sent.events, "send_packet")[0].packet_data_hex;
    expect(Buffer.from(packetHex, "hex").toString()).toBe(`{"denom":"uxprt","amount":"1000","sender":"${alice}","receiver":"${bob}"}`);
    expect(attrs(sent.events, "send_packet")[0]).toMatchObject({ packet_sequence: "1", packet_src_port: "transfer", packet_src_channel: "channel-0", packet_dst_port: "transfer", packet_dst_channel: "channel-0", packet_channel_ordering: "ORDER_UNORDERED", packet_timeout_height: "0-0", connection_id: "connection-0" });
    expect(await a.balance(alice, "uxprt")).toBe(aliceBefore - 1000n);
    expect(await a.balance(escrow, "uxprt")).toBe(1000n);

    const relayed = pair.network.relayAll();
    expect(relayed.map((r) => r.step.kind)).toEqual(["recv", "ack"]);
    const recv = relayed[0].result.events;
    expect(attrs(recv, "write_acknowledgement")[0].packet_ack_hex).toBe(Buffer.from('{"result":"AQ=="}').toString("hex"));
    expect(attrs(recv, "fungible_token_packet")[0]).toMatchObject({ sender: alice, receiver: bob, denom: "uxprt", amount: "1000", success: "true" });
    const voucher = voucherOf("transfer/channel-0/uxprt");
    expect(attrs(recv, "denomination")[0]).toEqual({ denom_hash: voucher.slice(4), denom: '{"base":"uxprt","trace":[{"port_id":"transfer","channel_id":"channel-0"}]}' });
    expect(await b.balance(bob, voucher)).toBe(1000n);
    expect(b.app.ics20.denom(b.app.store, voucher)).toEqual({ base: "uxprt", trace: [{ port_id: "transfer", channel_id: "channel-0" }] });
    expect(pair.network.pending()).toEqual([]);

    // home: the voucher is burned on b, the escrow released on a
    b.app.ibcTransfer(bob, { source_channel: "channel-0", token: { denom: voucher, amount: "400" }, receiver: alice, timeout_timestamp: far().timestamp });
    expect(await b.balance(bob, voucher)).toBe(600n);
    expect(b.app.bank.supply(b.app.store, voucher)).toBe(600n);
    pair.network.relayAll();
    expect(await a.balance(alice, "uxprt")).toBe(aliceBefore - 600n);
    expect(await a.balance(escrow, "uxprt")).toBe(600n);
    expect(a.app.ics20.totalEscrow(a.app.store, "uxprt")).toBe(600n);
  });

  it("b → a: ucmdx escrowed on b, a voucher of transfer/channel-0/ucmdx on a", async () => {
    const { a, b } = pair;
    const carol = a.address(2);
    await b.transfer(1, "channel-0", carol, { denom: "ucmdx", amount: "77" }, far(), "hello");
    await pair.relayAll();
    const voucher = voucherOf("transfer/channel-0/ucmdx");
    expect(await a.balance(carol, voucher)).toBe(77n);
    expect(await b.balance(escrowOf("channel-0"), "ucmdx")).toBe(77n);
  });
});

describe("refunds", () => {
  it("an invalid receiver gets an error ack with ibc-go's text and the sender is refunded", async () => {
    const { a, b } = pair;
    const before = await a.balance(alice, "uxprt");
    a.app.ibcTransfer(alice, { source_channel: "channel-0", token: { denom: "uxprt", amount: "50" }, receiver: "cosmos1notours", timeout_timestamp: far().timestamp });
    expect(await a.balance(alice, "uxprt")).toBe(before - 50n);
    const [recv, ack] = pair.network.relayAll();
    const ackBytes = '{"error":"ABCI code: 5: error handling packet: see events for details"}';
    expect(attrs(recv.result.events, "write_acknowledgement")[0].packet_ack_hex).toBe(Buffer.from(ackBytes).toString("hex"));
    // the failed callback's events keep their data under ibc-go's error prefix
    expect(attrs(recv.result.events, "ibccallbackerror-fungible_token_packet")[0]).toMatchObject({ "ibccallbackerror-success": "false", "ibccallbackerror-error": "failed to decode receiver address: cosmos1notours: invalid address" });
    expect(attrs(ack.result.events, "fungible_token_packet")[1]).toEqual({ error: "ABCI code: 5: error handling packet: see events for details" });
    expect(await a.balance(alice, "uxprt")).toBe(before);
    const stored = b.app.ibc.acknowledgements(view(b.app), "transfer", "channel-0").find((x) => x.packet.sequence === recv.step.packet!.sequence);
    expect(Buffer.from(stored!.ack, "base64").toString()).toBe(ackBytes);
  });

  it("a timeout by height refunds; the packet is not received on b", async () => {
    const { a, b } = pair;
    const before = await a.balance(alice, "uxprt");
    const { height } = await b.latest();
    await a.transfer(0, "channel-0", bob, { denom: "uxprt", amount: "30" }, { block: { revision: 1, height: height + 2 } });
    await b.waitUntil({ height: height + 2 });
    const steps = pair.network.relayAll();
    expect(steps.map((s) => s.step.kind)).toEqual(["timeout"]);
    expect(attrs(steps[0].result.events, "timeout_packet")[0]).toMatchObject({ packet_timeout_height: `1-${height + 2}`, packet_timeout_timestamp: "0" });
    // ibc-go v10.4 transfer/internal/events EmitOnTimeoutEvent: the sender under the key "receiver"
    // (types.AttributeKeyReceiver), the token as Go's json.Marshal writes it: a native denom's Trace is nil → null
    expect(attrs(steps[0].result.events, "timeout")[0]).toEqual({ receiver: alice, refund_tokens: '{"denom":{"base":"uxprt","trace":null},"amount":"30"}', memo: "" });
    expect(await a.balance(alice, "uxprt")).toBe(before);
  });

  it("a timeout by time refunds a voucher sent home by re-minting it", async () => {
    const { a, b } = pair;
    const voucher = voucherOf("transfer/channel-0/uxprt");
    const before = await b.balance(bob, voucher);
    const { timeNs } = await a.latest();
    await b.transfer(1, "channel-0", alice, { denom: voucher, amount: "100" }, { timestamp: (timeNs + 12_000_000_000n).toString() });
    expect(await b.balance(bob, voucher)).toBe(before - 100n);
    await a.waitUntil({ timeNs: timeNs + 12_000_000_000n });
    expect(pair.network.pending().map((s) => s.kind)).toEqual(["timeout"]);
    await pair.relayAll();
    expect(await b.balance(bob, voucher)).toBe(before);
  });

  it("a send whose timeout already passed on the destination (as the client knows it) is refused", () => {
    const { a, b } = pair;
    pair.network.updateClients();
    const err = (() => {
      try {
        a.app.ibcTransfer(alice, { source_channel: "channel-0", token: { denom: "uxprt", amount: "1" }, receiver: bob, timeout_height: { revision: 1, height: b.app.block.height } });
      } catch (e) {
        return e as TxError;
      }
    })();
    expect(err).toBeInstanceOf(TxError);
    expect(err!.log).toBe(`failed to execute message; message index: 0: invalid packet timeout: current height: 1-${b.app.block.height}, timeout height 1-${b.app.block.height}: timeout elapsed`);
    expect(err!.codespace).toBe("channel");
  });

  it("an unknown voucher cannot be sent", () => {
    expect(() => pair.a.app.ibcTransfer(alice, { source_channel: "channel-0", token: { denom: voucherOf("transfer/channel-9/x"), amount: "1" }, receiver: bob, timeout_timestamp: far().timestamp })).toThrow(/denomination not found/);
  });
});
