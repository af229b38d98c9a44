// Contracts on IBC in the multi-chain simulator, through the compiled ibc-counter fixture (and a small
// echo contract for the edge cases it has no mode for): handshakes with wasmd's version negotiation,
// sync / async / error / reject acknowledgements, timeouts, ordered channels closing, channel close,
// IbcQuery answers, IbcMsg transfer, and the events wasmd and ibc-go emit.
import { beforeEach, describe, expect, it } from "vitest";
import { App, TxError } from "@persistence-ts/simulator/app/app";
import type { AppEvent } from "@persistence-ts/simulator/app/context";
import { IbcNetwork, view } from "@persistence-ts/simulator/ibc/network";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { buildFixture, buildWasm } from "@persistence-ts/testing/fixtures";
import type { CounterState } from "../scenarios";

const counterWasm = buildFixture("ibc-counter");
const echoWasm = buildWasm("tests/ibc/fixtures/echo", "tests/ibc/fixtures/echo/contract.ts", "ibc-echo");
const alice = makeAddress("alice");
const bob = makeAddress("bob");
const far = { block: { revision: 1, height: 1_000_000 }, timestamp: null };
const attrs = (events: AppEvent[], type: string) => events.filter((e) => e.type === type).map((e) => Object.fromEntries(e.attributes.map((a) => [a.key, a.value])));


let net: IbcNetwork;
let a: App;
let b: App;
let counterA: string;
let counterB: string;

function deploy(app: App, wasm: Uint8Array): string {
  const { codeId } = app.storeCode(alice, wasm);
  return app.instantiate(alice, codeId, {}, "ibc").contractAddress;
}

const port = (contract: string) => `wasm.${contract}`;
const state = (app: App, contract: string) => app.query<CounterState>(contract, { state: {} });
const failure = (f: () => unknown): TxError => {
  try {
    f();
  } catch (e) {
    if (e instanceof TxError) return e;
    throw e;
  }
  throw new Error("expected a TxError");
};

beforeEach(() => {
  net = new IbcNetwork();
  a = new App({ chainId: "localpersistence-1" });
  b = new App({ chainId: "localcomdex-1", bondedDenom: "ucmdx" });
  for (const app of [a, b]) app.mint(alice, [{ denom: app.bondedDenom, amount: "1000000" }]);
  net.connect(a, b);
  counterA = deploy(a, counterWasm);
  counterB = deploy(b, counterWasm);
});

function openCounter(order: "ordered" | "unordered" = "unordered") {
  return net.openChannel(a, b, { portA: port(counterA), portB: port(counterB), version: "", order });
}

describe("ports and handshakes", () => {
  it("a contract exporting the six entry points gets the port wasm.<address>; others none", () => {
    expect(a.wasm.contractInfo(a.store, counterA)?.ibc_port_id).toBe(port(counterA));
    const plain = deploy(a, buildFixture("recorder"));
    expect(a.wasm.contractInfo(a.store, plain)?.ibc_port_id).toBeUndefined();
    expect(a.query(counterA, { port: {} })).toEqual({ port_id: port(counterA) });
  });

  it("OpenInit with no version: the contract proposes counter-1, OpenTry gets it, both ends hold it", () => {
    const h = net.channelOpenInit(a, b, { portA: port(counterA), portB: port(counterB), version: "" });
    expect(net.channelEnd(a, port(counterA), h.channelA)).toMatchObject({ state: "STATE_INIT", version: "counter-1", counterparty: { port_id: port(counterB), channel_id: "" } });
    const tryRes = net.channelOpenTry(h);
    expect(attrs(tryRes.events, "channel_open_try")[0]).toEqual({
      port_id: port(counterB),
      channel_id: "channel-0",
      counterparty_port_id: port(counterA),
      counterparty_channel_id: "channel-0",
      connection_id: "connection-0",
      version: "counter-1",
    });
    const ack = net.channelOpenAck(h);
    expect(attrs(ack.events, "wasm")[0]).toEqual({ _contract_address: counterA, action: "connect", channel_id: "channel-0" });
    const pair = net.channelOpenConfirm(h);
    expect(pair.version).toBe("counter-1");
    const expected = (own: string, other: string) => ({ channel_id: "channel-0", port_id: port(own), counterparty_port_id: port(other), counterparty_channel_id: "channel-0", order: "ORDER_UNORDERED", version: "counter-1", connection_id: "connection-0", open: true });
    expect(state(a, counterA).channels).toEqual([expected(counterA, counterB)]);
    expect(state(b, counterB).channels).toEqual([expected(counterB, counterA)]);
    // IbcQuery list_channels as wasmd answers it (wasmvm IBCChannel JSON), OPEN channels only
    expect(a.query(counterA, { channels: {} })).toEqual({
      channels: [{ endpoint: { port_id: port(counterA), channel_id: "channel-0" }, counterparty_endpoint: { port_id: port(counterB), channel_id: "channel-0" }, order: "ORDER_UNORDERED", version: "counter-1", connection_id: "connection-0" }],
    });
  });

  it("a version the contract refuses fails OpenInit: no channel, the channel sequence unused", () => {
    const err = failure(() => net.channelOpenInit(a, b, { portA: port(counterA), portB: port(counterB), version: "counter-2" }));
    expect(err.log).toBe(`failed to execute message; message index: 0: channel open init callback failed for port ID: ${port(counterA)}, channel ID: channel-0: invalid channel version: counter-2, expected counter-1: execute wasm contract failed`);
    expect(openCounter().a.channel).toBe("channel-0");
  });

  it("OpenInit with an empty version on a contract that proposes none fails with wasmd's \"version: empty\"", () => {
    const echo = deploy(a, echoWasm);
    const err = failure(() => net.channelOpenInit(a, b, { portA: port(echo), portB: port(counterB), version: "" }));
    expect(err.log).toMatch(/channel open init callback failed for port ID: .*, channel ID: channel-0: version: empty$/);
  });

  it("OpenTry refused by the counterparty leaves the channel end in INIT and opens nothing", () => {
    const echo = deploy(a, echoWasm);
    const h = net.channelOpenInit(a, b, { portA: port(echo), portB: port(counterB), version: "echo-1" });
    const err = failure(() => net.channelOpenTry(h));
    expect(err.log).toContain("invalid counterparty version: echo-1, expected counter-1: execute wasm contract failed");
    expect(net.channelEnd(a, port(echo), h.channelA)?.state).toBe("STATE_INIT");
    expect(state(b, counterB).channels).toEqual([]);
  });

  it("ICS-20 refuses an ordered channel", () => {
    expect(failure(() => net.openChannel(a, b, { portA: "transfer", portB: "transfer", version: "ics20-1", order: "ordered" })).log).toContain("expected ORDER_UNORDERED channel, got ORDER_ORDERED");
  });
});

describe("packets", () => {
  it("sync: the ack is the contract's bytes verbatim; events of send, receive, write_acknowledgement and ack", () => {
    const ch = openCounter();
    const sent = a.execute(alice, counterA, { send: { channel_id: ch.a.channel, value: "5", reply: "sync", timeout: far } });
    expect(attrs(sent.events, "send_packet")[0]).toEqual({
      packet_data_hex: Buffer.from('{"value":"5","reply":"sync"}').toString("hex"),
      packet_timeout_height: "1-1000000",
      packet_timeout_timestamp: "0",
      packet_sequence: "1",
      packet_src_port: port(counterA),
      packet_src_channel: "channel-0",
      packet_dst_port: port(counterB),
      packet_dst_channel: "channel-0",
      packet_channel_ordering: "ORDER_UNORDERED",
      packet_connection: "connection-0",
      connection_id: "connection-0",
    });
    expect(sent.events.some((e) => e.type === "message")).toBe(false); // wasmd drops contract-sent messages' message events
    const [recv, ack] = net.relayAll();
    expect(recv.step.kind).toBe("recv");
    expect(recv.result.events.map((e) => e.type)).toEqual(["recv_packet", "message", "wasm", "ibc_packet_received", "write_acknowledgement", "message"]);
    expect(attrs(recv.result.events, "ibc_packet_received")[0]).toEqual({ module: "wasm", _contract_address: counterB, success: "true" });
    expect(Buffer.from(attrs(recv.result.events, "write_acknowledgement")[0].packet_ack_hex, "hex").toString()).toBe('{"ok":"5"}');
    expect(ack.result.events.map((e) => e.type)).toEqual(["acknowledge_packet", "message", "wasm"]);
    expect(state(b, counterB).totals).toEqual([{ channel_id: "channel-0", total: "5" }]);
    expect(state(a, counterA).acks).toEqual([{ channel_id: "channel-0", sequence: 1, ack: '{"ok":"5"}' }]);
    expect(recv.result.gasUsed).toBeGreaterThan(0);
  });

  it("error: the contract's error becomes {\"error\": text}, its writes reverted, its events prefixed", () => {
    const ch = openCounter();
    a.execute(alice, counterA, { send: { channel_id: ch.a.channel, value: "7", reply: "error", timeout: far } });
    const [recv] = net.relayAll();
    expect(recv.result.events.map((e) => e.type)).toEqual(["recv_packet", "message", "ibccallbackerror-ibc_packet_received", "write_acknowledgement", "message"]);
    expect(attrs(recv.result.events, "ibccallbackerror-ibc_packet_received")[0]).toEqual({
      "ibccallbackerror-module": "wasm",
      "ibccallbackerror-_contract_address": counterB,
      "ibccallbackerror-success": "false",
    });
    expect(state(b, counterB).attempts).toBe(0);
    expect(state(a, counterA).acks).toEqual([{ channel_id: "channel-0", sequence: 1, ack: '{"error":"refused packet 1: value 7"}' }]);
  });

  it("reject: an Ok response whose ack encodes an error keeps the contract's state", () => {
    const ch = openCounter();
    a.execute(alice, counterA, { send: { channel_id: ch.a.channel, value: "1", reply: "reject", timeout: far } });
    net.relayAll();
    expect(state(b, counterB).rejected).toBe(1);
    expect(state(a, counterA).acks[0].ack).toBe('{"error":"rejected 1"}');
  });

  it("async: no ack until the contract writes it, once", () => {
    const ch = openCounter();
    a.execute(alice, counterA, { send: { channel_id: ch.a.channel, value: "9", reply: "async", timeout: far } });
    expect(net.relayAll().map((s) => s.step.kind)).toEqual(["recv"]);
    expect(net.pending()).toEqual([]);
    expect(state(b, counterB).pending).toEqual([{ channel_id: "channel-0", sequence: 1, value: "9" }]);
    const written = b.execute(alice, counterB, { ack_pending: { channel_id: "channel-0", sequence: 1 } });
    expect(Buffer.from(attrs(written.events, "write_acknowledgement")[0].packet_ack_hex, "hex").toString()).toBe('{"ok":"9"}');
    expect(net.relayAll().map((s) => s.step.kind)).toEqual(["ack"]);
    expect(state(a, counterA).acks).toEqual([{ channel_id: "channel-0", sequence: 1, ack: '{"ok":"9"}' }]);
    expect(failure(() => b.execute(alice, counterB, { ack_pending: { channel_id: "channel-0", sequence: 1 } })).log).toContain("no pending packet 1 on channel-0");
  });

  it("timeout by height: the packet is timed out on its source, the contract told", () => {
    const ch = openCounter();
    const timeout = { block: { revision: 1, height: b.block.height + 1 }, timestamp: null };
    a.execute(alice, counterA, { send: { channel_id: ch.a.channel, value: "2", reply: "sync", timeout } });
    net.advance(5);
    const steps = net.relayAll();
    expect(steps.map((s) => s.step.kind)).toEqual(["timeout"]);
    expect(steps[0].result.events.map((e) => e.type)).toEqual(["timeout_packet", "message", "wasm"]);
    expect(state(a, counterA).timeouts).toEqual([{ channel_id: "channel-0", sequence: 1 }]);
    expect(state(b, counterB).totals).toEqual([]);
  });

  it("a send whose timeout already passed on the destination is refused", () => {
    const ch = openCounter();
    const timeout = { block: null, timestamp: b.block.time.toString() };
    expect(failure(() => a.execute(alice, counterA, { send: { channel_id: ch.a.channel, value: "2", reply: "sync", timeout } })).log).toContain(
      `channel: invalid packet timeout: current timestamp: ${b.block.time}, timeout timestamp ${b.block.time}: timeout elapsed`,
    );
  });

  it("an ORDERED channel closes on a timeout; the counterparty confirms the close", () => {
    const ch = openCounter("ordered");
    expect(state(a, counterA).channels[0].order).toBe("ORDER_ORDERED");
    const timeout = { block: { revision: 1, height: b.block.height + 1 }, timestamp: null };
    a.execute(alice, counterA, { send: { channel_id: ch.a.channel, value: "2", reply: "sync", timeout } });
    a.execute(alice, counterA, { send: { channel_id: ch.a.channel, value: "3", reply: "sync", timeout: far } });
    net.advance(5);
    const steps = net.relayAll();
    // the second packet cannot be received out of order: it times out on close once b has confirmed the close
    expect(steps.map((s) => s.step.kind)).toEqual(["timeout", "close_confirm", "timeout_on_close"]);
    expect(net.failures).toEqual([]);
    expect(steps[0].result.events.map((e) => e.type)).toEqual(["channel_close", "message", "timeout_packet", "message", "wasm"]);
    // ibc-go timeoutExecuted closes an ORDERED channel and emits channel_close on every timeout, its end already CLOSED or not
    expect(steps[2].result.events.map((e) => e.type)).toEqual(["channel_close", "message", "timeout_packet", "message", "wasm"]);
    expect(net.channelEnd(a, port(counterA), ch.a.channel)?.state).toBe("STATE_CLOSED");
    expect(net.channelEnd(b, port(counterB), ch.b.channel)?.state).toBe("STATE_CLOSED");
    expect(state(a, counterA).timeouts.map((t) => t.sequence)).toEqual([1, 2]);
    expect(state(b, counterB).channels[0].open).toBe(false);
    expect(a.query(counterA, { channels: {} })).toEqual({ channels: [] });
  });

  it("a contract closes its channel: close_init on its side, close_confirm relayed to the other", () => {
    const ch = openCounter();
    const res = a.execute(alice, counterA, { close: { channel_id: ch.a.channel } });
    expect(res.events.map((e) => e.type)).toContain("channel_close_init");
    expect(state(a, counterA).channels[0].open).toBe(false);
    expect(net.relayAll().map((s) => s.step.kind)).toEqual(["close_confirm"]);
    expect(state(b, counterB).channels[0].open).toBe(false);
    expect(failure(() => a.execute(alice, counterA, { send: { channel_id: ch.a.channel, value: "1", reply: "sync", timeout: far } })).log).toContain("no open channel channel-0");
  });
});

describe("relayer transactions that fail", () => {
  let echoA: string;
  let echoB: string;
  beforeEach(() => {
    echoA = deploy(a, echoWasm);
    echoB = deploy(b, echoWasm);
    net.openChannel(a, b, { portA: port(echoA), portB: port(echoB), version: "echo-1" });
  });

  it("an empty acknowledgement fails the relay: the packet stays pending", () => {
    a.execute(alice, echoA, { send: { channel_id: "channel-0", data: "empty" } });
    expect(net.relayAll()).toEqual([]);
    expect(net.failures.map((f) => f.error.log)).toEqual(["failed to execute message; message index: 0: acknowledgement cannot be empty: invalid acknowledgement"]);
    expect(net.pending().map((s) => s.kind)).toEqual(["recv"]);
    expect(b.ibc.hasReceipt(view(b), port(echoB), "channel-0", 1)).toBe(false);
  });

  it("an acknowledgement that parses as ibc-go's Acknowledgement but does not re-marshal to its bytes cannot be delivered (ISA-2025-001): the packet stays unacknowledged", () => {
    // the receiving contract acks with the packet's bytes: a space after the colon is not ibc-go's JSON
    a.execute(alice, echoA, { send: { channel_id: "channel-0", data: '{"error": "x"}' } });
    expect(net.relayAll().map((s) => s.step.kind)).toEqual(["recv"]);
    expect(net.failures.map((f) => f.error.log)).toEqual(["failed to execute message; message index: 0: acknowledge packet verification failed: acknowledgement marshalling error: invalid acknowledgement"]);
    expect(net.pending().map((s) => s.kind)).toEqual(["ack"]);
    // ibc-go's own form, and acks that are no Acknowledgement at all, are delivered
    for (const data of ['{"error":"x"}', '{"result":"AQ=="}', '{"ok": 1}', "plain"]) {
      a.execute(alice, echoA, { send: { channel_id: "channel-0", data } });
      expect(net.relayAll().map((s) => s.step.kind)).toEqual(["recv", "ack"]);
    }
    expect(net.pending().map((s) => s.kind)).toEqual(["ack"]); // only the first
  });

  it("a trap in ibc_packet_receive fails the relay: nothing written, the packet stays pending", () => {
    a.execute(alice, echoA, { send: { channel_id: "channel-0", data: "trap" } });
    const err = failure(() => net.relayNext());
    expect(err.log).toContain("Error calling the VM");
    expect(net.pending().map((s) => s.kind)).toEqual(["recv"]);
  });

  it("a failing submessage of the receive: wasmd's ABCI error ack, the contract's writes reverted", () => {
    a.execute(alice, echoA, { send: { channel_id: "channel-0", data: "sub" } });
    const [recv] = net.relayAll();
    expect(Buffer.from(attrs(recv.result.events, "write_acknowledgement")[0].packet_ack_hex, "hex").toString()).toBe('{"error":"ABCI error: sdk/5: error handling packet: see events for details"}');
    expect(attrs(recv.result.events, "ibccallbackerror-ibc_packet_received")[0]["ibccallbackerror-error"]).toMatch(/insufficient funds$/);
    expect(b.query(echoB, {})).toBe("");
    b.execute(alice, echoB, { send: { channel_id: "channel-0", data: "hello" } });
    net.relayAll();
    expect(a.query(echoA, {})).toBe("hello");
  });
});

describe("IbcMsg transfer from a contract", () => {
  it("sends the contract's coin over ICS-20; the receiver gets the voucher", () => {
    const t = net.openChannel(a, b, { portA: "transfer", portB: "transfer", version: "ics20-1" });
    const res = a.execute(alice, counterA, { transfer: { channel_id: t.a.channel, to_address: bob, timeout: far, memo: null } }, [{ denom: "uxprt", amount: "250" }]);
    const data = Buffer.from(attrs(res.events, "send_packet")[0].packet_data_hex, "hex").toString();
    expect(data).toBe(`{"denom":"uxprt","amount":"250","sender":"${counterA}","receiver":"${bob}"}`);
    net.relayAll();
    const voucher = b.balance(bob, `ibc/${require("node:crypto").createHash("sha256").update(`transfer/${t.b.channel}/uxprt`).digest("hex").toUpperCase()}`);
    expect(voucher).toBe(250n);
    expect(a.balance(a.ics20.escrowAddress(t.a.channel), "uxprt")).toBe(250n);
  });

  it("pay_packet_fee has no handler in wasmd v0.60", () => {
    // wasmd's encoder wraps ErrUnknownMsg ("pay packet fee not supported"); the handler chain then reports "no handler found"
    const err = failure(() => a.runTx(undefined, (tx) => a.dispatch(tx, counterA, { ibc: { pay_packet_fee: {} } })));
    expect(err.log).toContain("no handler found: unknown message from the contract");
  });
});
