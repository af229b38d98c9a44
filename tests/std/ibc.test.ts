// std's IBC API through the compiled ibc-counter fixture (tests/fixtures/ibc-counter): its ibc_*
// exports called directly through the VM host with the JSON wasmd sends (shared/ibc.md), the
// envelopes and IbcMsg JSON compared byte for byte with cosmwasm-std 2.2's field order. Relaying
// between chains is the multi-chain simulator's business (tests/ibc).
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  Bech32Api,
  CompiledCode,
  MemoryStorage,
  TransactionalStorage,
  WasmHost,
  makeAddress,
  type EntryPoint,
} from "@persistence-ts/simulator/vm/index";
import { buildFixture } from "@persistence-ts/testing/fixtures";
import { IBC_ENTRY_POINTS, checkWasm } from "@persistence-ts/cli/check/index";

const host = new WasmHost();
const api = new Bech32Api();
const b64 = (s: string): string => Buffer.from(s, "utf8").toString("base64");
const unb64 = (s: string): string => Buffer.from(s, "base64").toString("utf8");

const CONTRACT = makeAddress("ibc-counter");
const PORT = `wasm.${CONTRACT}`;
const RELAYER = makeAddress("relayer");
const TS = "1700000000000000000";

const ep = (port: string, channel: string): string => `{"port_id":"${port}","channel_id":"${channel}"}`;
function channel(version: string, order = "ORDER_UNORDERED", id = "channel-0"): string {
  return `{"endpoint":${ep(PORT, id)},"counterparty_endpoint":${ep("wasm.other", "channel-7")},"order":"${order}","version":"${version}","connection_id":"connection-0"}`;
}
/** A packet from the counterparty (src) to us (dest) as wasmd encodes it: `timeout` given raw. */
function packet(data: string, sequence: number, timeout = `{"block":null,"timestamp":"${TS}"}`, dest = "channel-0"): string {
  return `{"data":"${b64(data)}","src":${ep("wasm.other", "channel-7")},"dest":${ep(PORT, dest)},"sequence":${sequence},"timeout":${timeout}}`;
}
/** A packet we sent (src = us). */
function ourPacket(data: string, sequence: number): string {
  return `{"data":"${b64(data)}","src":${ep(PORT, "channel-0")},"dest":${ep("wasm.other", "channel-7")},"sequence":${sequence},"timeout":{"block":{"revision":1,"height":120}}}`;
}
const receiveMsg = (pkt: string): string => `{"packet":${pkt},"relayer":"${RELAYER}"}`;

interface Body {
  messages: Array<{ msg: unknown }>;
  attributes: Array<{ key: string; value: string }>;
  events: unknown[];
  acknowledgement?: string | null;
}

let code: CompiledCode;
beforeAll(() => {
  code = host.compile(buildFixture("ibc-counter"));
}, 120_000);

it("the fixture passes the upload checks and exports all six IBC entry points", () => {
  const r = checkWasm(buildFixture("ibc-counter"));
  expect(r.violations).toEqual([]);
  expect(r.warnings).toEqual([]);
  expect(r.info.exports).toEqual(expect.arrayContaining([...IBC_ENTRY_POINTS]));
});

/** One contract instance; like wasmd, a call answering {"error"} leaves storage as it was. */
class Counter {
  storage = new MemoryStorage();
  queries: string[] = [];
  /** The chain's answer to an IbcQuery: QueryResponse JSON. */
  answer: (request: string) => string = () => "{}";

  raw(entry: EntryPoint, args: string[], revertOnError = true): string {
    const tx = new TransactionalStorage(this.storage);
    const querier = (req: Uint8Array): Uint8Array => {
      const text = Buffer.from(req).toString("utf8");
      this.queries.push(text);
      return Buffer.from(JSON.stringify({ ok: { ok: b64(this.answer(text)) } }));
    };
    const out = host.call(code, entry, args.map((a) => Buffer.from(a, "utf8")), { storage: tx, api, querier, readonly: entry === "query" });
    const text = Buffer.from(out.result).toString("utf8");
    if (entry !== "query" && (!revertOnError || !("error" in JSON.parse(text)))) tx.commit();
    return text;
  }

  private env(): string {
    return `{"block":{"height":100,"time":"${TS}","chain_id":"localpersistence-1"},"transaction":{"index":0},"contract":{"address":"${CONTRACT}"}}`;
  }

  ibc(entry: EntryPoint, msg: string, revertOnError = true): string {
    return this.raw(entry, [this.env(), msg], revertOnError);
  }

  execute(msg: unknown, funds: Array<{ denom: string; amount: string }> = []): string {
    return this.raw("execute", [this.env(), JSON.stringify({ sender: makeAddress("alice"), funds }), JSON.stringify(msg)]);
  }

  query(msg: unknown): unknown {
    const env = JSON.parse(this.raw("query", [this.env(), JSON.stringify(msg)])) as { ok?: string; error?: string };
    if (env.error !== undefined) throw new Error(env.error);
    return JSON.parse(unb64(env.ok ?? ""));
  }

  state(): Record<string, unknown> {
    return this.query({ state: {} }) as Record<string, unknown>;
  }

  connect(order = "ORDER_UNORDERED", id = "channel-0"): void {
    const res = this.ibc("ibc_channel_connect", `{"open_ack":{"channel":${channel("counter-1", order, id)},"counterparty_version":"counter-1"}}`);
    expect(JSON.parse(res)).toHaveProperty("ok");
  }
}

let c: Counter;
beforeEach(() => {
  c = new Counter();
  expect(JSON.parse(c.raw("instantiate", ['{"block":{"height":1,"time":"1","chain_id":"x"},"contract":{"address":"' + CONTRACT + '"}}', `{"sender":"${RELAYER}","funds":[]}`, "{}"]))).toHaveProperty("ok");
});

describe("ibc_channel_open", () => {
  it("open_init with an empty version answers the version to use", () => {
    expect(c.ibc("ibc_channel_open", `{"open_init":{"channel":${channel("")}}}`)).toBe('{"ok":{"version":"counter-1"}}');
  });

  it("open_init with the right version accepts it as proposed: {\"ok\":null}", () => {
    expect(c.ibc("ibc_channel_open", `{"open_init":{"channel":${channel("counter-1", "ORDER_ORDERED")}}}`)).toBe('{"ok":null}');
  });

  it("open_init with another version is an error", () => {
    expect(c.ibc("ibc_channel_open", `{"open_init":{"channel":${channel("ics20-1")}}}`)).toBe('{"error":"invalid channel version: ics20-1, expected counter-1"}');
  });

  it("open_try checks the counterparty's version", () => {
    expect(c.ibc("ibc_channel_open", `{"open_try":{"channel":${channel("counter-1")},"counterparty_version":"counter-1"}}`)).toBe('{"ok":null}');
    expect(c.ibc("ibc_channel_open", `{"open_try":{"channel":${channel("counter-2")},"counterparty_version":"counter-2"}}`)).toBe(
      '{"error":"invalid counterparty version: counter-2, expected counter-1"}',
    );
  });

  it("a malformed message is a parse error naming cosmwasm-std's type", () => {
    expect(JSON.parse(c.ibc("ibc_channel_open", `{"open_ack":{"channel":${channel("")}}}`))).toEqual({
      error: "Error parsing into type IbcChannelOpenMsg: unknown variant `open_ack`, expected one of `open_init`, `open_try`",
    });
    expect(JSON.parse(c.ibc("ibc_channel_open", `{"open_try":{"channel":${channel("")}}}`)).error).toMatch(/missing field `counterparty_version`/);
  });
});

describe("ibc_channel_connect and ibc_channel_close", () => {
  it("connect answers an IbcBasicResponse and records the channel with its order", () => {
    const res = c.ibc("ibc_channel_connect", `{"open_confirm":{"channel":${channel("counter-1", "ORDER_ORDERED")}}}`);
    expect(res).toBe('{"ok":{"messages":[],"attributes":[{"key":"action","value":"connect"},{"key":"channel_id","value":"channel-0"}],"events":[]}}');
    expect(c.state().channels).toEqual([
      {
        channel_id: "channel-0",
        port_id: PORT,
        counterparty_port_id: "wasm.other",
        counterparty_channel_id: "channel-7",
        order: "ORDER_ORDERED",
        version: "counter-1",
        connection_id: "connection-0",
        open: true,
      },
    ]);
  });

  it("close_init and close_confirm mark the record closed", () => {
    c.connect("ORDER_UNORDERED", "channel-0");
    c.connect("ORDER_UNORDERED", "channel-1");
    expect(JSON.parse(c.ibc("ibc_channel_close", `{"close_init":{"channel":${channel("counter-1", "ORDER_UNORDERED", "channel-0")}}}`))).toHaveProperty("ok");
    expect(JSON.parse(c.ibc("ibc_channel_close", `{"close_confirm":{"channel":${channel("counter-1", "ORDER_UNORDERED", "channel-1")}}}`))).toHaveProperty("ok");
    const channels = c.state().channels as Array<{ channel_id: string; open: boolean }>;
    expect(channels.map((ch) => [ch.channel_id, ch.open])).toEqual([
      ["channel-0", false],
      ["channel-1", false],
    ]);
  });
});

describe("ibc_packet_receive", () => {
  beforeEach(() => c.connect());

  it("sync: adds to the channel's total and acknowledges {\"ok\":\"<total>\"}", () => {
    const first = c.ibc("ibc_packet_receive", receiveMsg(packet('{"value":"5","reply":"sync"}', 1)));
    expect(first).toBe(
      `{"ok":{"acknowledgement":"${b64('{"ok":"5"}')}","messages":[],"attributes":[{"key":"action","value":"receive"},{"key":"reply","value":"sync"}],"events":[]}}`,
    );
    const second = JSON.parse(c.ibc("ibc_packet_receive", receiveMsg(packet('{"value":"7","reply":"sync"}', 2)))) as { ok: Body };
    expect(unb64(second.ok.acknowledgement ?? "")).toBe('{"ok":"12"}');
    expect(c.state().totals).toEqual([{ channel_id: "channel-0", total: "12" }]);
  });

  it("async: answers acknowledgement null and keeps the packet pending", () => {
    const res = JSON.parse(c.ibc("ibc_packet_receive", receiveMsg(packet('{"value":"9","reply":"async"}', 3)))) as { ok: Body };
    expect(res.ok.acknowledgement).toBeNull();
    expect(c.state().pending).toEqual([{ channel_id: "channel-0", sequence: 3, value: "9" }]);
    expect(c.state().totals).toEqual([]);
  });

  it("error: the contract error; its attempts write is in the call, and discarded with it", () => {
    const msg = receiveMsg(packet('{"value":"4","reply":"error"}', 5));
    expect(c.ibc("ibc_packet_receive", msg)).toBe('{"error":"refused packet 5: value 4"}');
    expect(c.state().attempts).toBe(0);
    // Kept against the rule (as if the chain did not revert): the write was made before the error.
    c.ibc("ibc_packet_receive", msg, false);
    expect(c.state().attempts).toBe(1);
  });

  it("reject: Ok with an error acknowledgement, and the state kept", () => {
    const res = JSON.parse(c.ibc("ibc_packet_receive", receiveMsg(packet('{"value":"4","reply":"reject"}', 6)))) as { ok: Body };
    expect(unb64(res.ok.acknowledgement ?? "")).toBe('{"error":"rejected 6"}');
    expect(c.state().rejected).toBe(1);
  });

  it("reads timeouts with the timestamp absent (Go omitempty), null, or alone", () => {
    const timeouts = [
      '{"block":{"revision":1,"height":120}}',
      '{"block":{"revision":1,"height":120},"timestamp":null}',
      `{"timestamp":"${TS}"}`,
      `{"block":null,"timestamp":"${TS}"}`,
    ];
    timeouts.forEach((t, i) => {
      const res = JSON.parse(c.ibc("ibc_packet_receive", receiveMsg(packet('{"value":"1","reply":"sync"}', 10 + i, t)))) as { ok?: Body; error?: string };
      expect(res.error, t).toBeUndefined();
    });
    expect(c.state().totals).toEqual([{ channel_id: "channel-0", total: "4" }]);
  });

  it("skips fields a newer VM may add to what the chain sends", () => {
    const pkt = packet('{"value":"1","reply":"sync"}', 1).replace('"sequence"', '"future":{"x":[1]},"sequence"');
    const res = JSON.parse(c.ibc("ibc_packet_receive", `{"packet":${pkt},"relayer":"${RELAYER}","extra":null}`)) as { ok?: Body };
    expect(res.ok).toBeDefined();
  });

  it("refuses malformed packet data with the contract's parse error (an error acknowledgement on the chain)", () => {
    expect(JSON.parse(c.ibc("ibc_packet_receive", receiveMsg(packet('{"value":"1","reply":"later"}', 1))))).toEqual({
      error: "Error parsing into type PacketData: unknown variant `later`, expected one of `sync`, `async`, `error`, `reject` at `reply`",
    });
    expect(JSON.parse(c.ibc("ibc_packet_receive", `{"packet":${packet("{}", 1)}}`)).error).toBe("Error parsing into type IbcPacketReceiveMsg: missing field `relayer`");
  });
});

describe("ibc_packet_ack and ibc_packet_timeout", () => {
  it("record the acknowledgement text and the timed-out packet by the source channel", () => {
    const ack = `{"acknowledgement":{"data":"${b64('{"ok":"5"}')}"},"original_packet":${ourPacket('{"value":"5","reply":"sync"}', 1)},"relayer":"${RELAYER}"}`;
    expect(c.ibc("ibc_packet_ack", ack)).toBe('{"ok":{"messages":[],"attributes":[{"key":"action","value":"ack"},{"key":"sequence","value":"1"}],"events":[]}}');
    expect(JSON.parse(c.ibc("ibc_packet_timeout", `{"packet":${ourPacket("{}", 2)},"relayer":"${RELAYER}"}`))).toHaveProperty("ok");
    const s = c.state();
    expect(s.acks).toEqual([{ channel_id: "channel-0", sequence: 1, ack: '{"ok":"5"}' }]);
    expect(s.timeouts).toEqual([{ channel_id: "channel-0", sequence: 2 }]);
  });
});

describe("IbcMsg in responses, byte for byte as cosmwasm-std", () => {
  const sub = (msg: string): string => `{"id":0,"payload":"","msg":${msg},"gas_limit":null,"reply_on":"never"}`;

  it("send: send_packet with the packet data and the timeout, on an open channel only", () => {
    expect(c.execute({ send: { channel_id: "channel-0", value: "5", reply: "sync", timeout: { timestamp: TS } } })).toBe('{"error":"no open channel channel-0"}');
    c.connect();
    const res = c.execute({ send: { channel_id: "channel-0", value: "5", reply: "sync", timeout: { block: { revision: 1, height: 120 }, timestamp: null } } });
    const data = b64('{"value":"5","reply":"sync"}');
    expect(res).toContain(sub(`{"ibc":{"send_packet":{"channel_id":"channel-0","data":"${data}","timeout":{"block":{"revision":1,"height":120},"timestamp":null}}}}`));
    expect(c.state().sent).toBe(1);
    c.ibc("ibc_channel_close", `{"close_confirm":{"channel":${channel("counter-1")}}}`);
    expect(c.execute({ send: { channel_id: "channel-0", value: "5", reply: "sync", timeout: { timestamp: TS } } })).toBe('{"error":"no open channel channel-0"}');
    expect(c.state().sent).toBe(1);
  });

  it("ack_pending: write_acknowledgement with {\"ok\":\"<total>\"}, once", () => {
    c.connect();
    c.ibc("ibc_packet_receive", receiveMsg(packet('{"value":"5","reply":"sync"}', 1)));
    c.ibc("ibc_packet_receive", receiveMsg(packet('{"value":"9","reply":"async"}', 2)));
    const res = c.execute({ ack_pending: { channel_id: "channel-0", sequence: 2 } });
    expect(res).toContain(sub(`{"ibc":{"write_acknowledgement":{"channel_id":"channel-0","packet_sequence":2,"ack":{"data":"${b64('{"ok":"14"}')}"}}}}`));
    expect(c.state()).toMatchObject({ pending: [], totals: [{ channel_id: "channel-0", total: "14" }] });
    expect(c.execute({ ack_pending: { channel_id: "channel-0", sequence: 2 } })).toBe('{"error":"no pending packet 2 on channel-0"}');
  });

  it("close: close_channel", () => {
    expect(c.execute({ close: { channel_id: "channel-0" } })).toContain(sub('{"ibc":{"close_channel":{"channel_id":"channel-0"}}}'));
  });

  it("transfer: the one coin sent, with the timeout and the memo (null or text)", () => {
    const to = makeAddress("bob");
    const coin = { denom: "uxprt", amount: "100" };
    const noMemo = c.execute({ transfer: { channel_id: "channel-1", to_address: to, timeout: { timestamp: TS }, memo: null } }, [coin]);
    expect(noMemo).toContain(
      sub(`{"ibc":{"transfer":{"channel_id":"channel-1","to_address":"${to}","amount":{"denom":"uxprt","amount":"100"},"timeout":{"block":null,"timestamp":"${TS}"},"memo":null}}}`),
    );
    const memo = c.execute({ transfer: { channel_id: "channel-1", to_address: to, timeout: { timestamp: TS }, memo: '{"wasm":{}}' } }, [coin]);
    expect(memo).toContain(`"memo":"{\\"wasm\\":{}}"}}}`);
    expect(c.execute({ transfer: { channel_id: "channel-1", to_address: to, timeout: { timestamp: TS } } }, [])).toBe('{"error":"send exactly one coin"}');
    expect(c.execute({ transfer: { channel_id: "channel-1", to_address: to, timeout: { timestamp: TS } } }, [coin, { denom: "uatom", amount: "1" }])).toBe(
      '{"error":"send exactly one coin"}',
    );
  });

  it("a timeout in a contract's own message is read strictly", () => {
    c.connect();
    expect(JSON.parse(c.execute({ send: { channel_id: "channel-0", value: "5", reply: "sync", timeout: { timestmp: TS } } })).error).toMatch(/unknown field `timestmp`, expected one of `block`, `timestamp` at `send.timeout`/);
  });
});

describe("IbcQuery", () => {
  it("port and channels send cosmwasm-std's requests and pass the answers through", () => {
    c.answer = (req) => (req.includes("port_id\":{}") ? `{"port_id":"${PORT}"}` : `{"channels":[${channel("counter-1")}]}`);
    expect(c.query({ port: {} })).toEqual({ port_id: PORT });
    expect(c.query({ channels: {} })).toEqual({ channels: [JSON.parse(channel("counter-1"))] });
    expect(c.queries).toEqual(['{"ibc":{"port_id":{}}}', '{"ibc":{"list_channels":{"port_id":null}}}']);
  });
});

describe("the 2.1 callbacks (doIbcSourceCallback, doIbcDestinationCallback) through the probe fixture", () => {
  let probe: CompiledCode;
  beforeAll(() => {
    probe = host.compile(buildFixture("probe"));
  }, 120_000);

  const call = (entry: EntryPoint, msg: string): string => {
    const env = `{"block":{"height":1,"time":"${TS}","chain_id":"c"},"contract":{"address":"${CONTRACT}"}}`;
    const out = host.call(probe, entry, [env, msg].map((s) => Buffer.from(s)), { storage: new MemoryStorage(), api, querier: () => new Uint8Array(0) });
    return Buffer.from(out.result).toString("utf8");
  };
  const attrs = (text: string): string[][] => (JSON.parse(text) as { ok: Body }).ok.attributes.map((a) => [a.key, a.value]);

  it("ibc_source_callback: acknowledgement | timeout, answered with an IbcBasicResponse", () => {
    const ack = call("ibc_source_callback", `{"acknowledgement":{"acknowledgement":{"data":"${b64('{"result":"AQ=="}')}"},"original_packet":${ourPacket("{}", 4)},"relayer":"${RELAYER}"}}`);
    expect(ack).toMatch(/^\{"ok":\{"messages":\[\],"attributes":\[.*\],"events":\[\]\}\}$/);
    expect(attrs(ack)).toEqual([["callback", "acknowledgement"], ["sequence", "4"], ["ack", '{"result":"AQ=="}'], ["relayer", RELAYER]]);
    const timeout = call("ibc_source_callback", `{"timeout":{"packet":${ourPacket("{}", 5)},"relayer":"${RELAYER}"}}`);
    expect(attrs(timeout)).toEqual([["callback", "timeout"], ["sequence", "5"], ["relayer", RELAYER]]);
  });

  it("ibc_destination_callback: {packet, ack}; a 3.0 `transfer` field is skipped", () => {
    const msg = `{"packet":${packet("{}", 6)},"ack":{"data":"${b64('{"result":"AQ=="}')}"},"transfer":null}`;
    expect(attrs(call("ibc_destination_callback", msg))).toEqual([["callback", "destination"], ["sequence", "6"], ["dest_channel", "channel-0"], ["ack", '{"result":"AQ=="}']]);
    expect(JSON.parse(call("ibc_destination_callback", `{"packet":${packet("{}", 6)}}`))).toEqual({ error: "Error parsing into type IbcDestinationCallbackMsg: missing field `ack`" });
  });
});
