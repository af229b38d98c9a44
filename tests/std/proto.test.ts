// std/proto.ts and std/types/msg_responses.ts through the probe contract: the protobuf responses
// wasmd puts in a Reply's `msg_responses` (cosmos-sdk v0.53 x/staking and x/distribution), decoded
// by the compiled wasm. The byte strings are encoded here by a minimal proto3 writer written from the
// wire format (varint keys, two's-complement int64, length-delimited strings and messages).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { Probe, addr, loadProbe } from "../helpers/probe";

let probe: Probe;
beforeAll(async () => {
  probe = await loadProbe();
  expect(probe.instantiate(addr("owner"), {}).error).toBeUndefined();
});

const UNDELEGATE = "/cosmos.staking.v1beta1.MsgUndelegateResponse";
const REDELEGATE = "/cosmos.staking.v1beta1.MsgBeginRedelegateResponse";
const WITHDRAW = "/cosmos.distribution.v1beta1.MsgWithdrawDelegatorRewardResponse";
/** Go's zero time.Time in Unix seconds (0001-01-01T00:00:00Z). */
const GO_ZERO = -62_135_596_800n;

// ---- a minimal proto3 writer ----------------------------------------------------------------

function varint(v: bigint): number[] {
  let n = BigInt.asUintN(64, v); // int64 negatives: 10 bytes of two's complement
  const out: number[] = [];
  do {
    let b = Number(n & 0x7fn);
    n >>= 7n;
    if (n > 0n) b |= 0x80;
    out.push(b);
  } while (n > 0n);
  return out;
}
const key = (field: number, wire: number) => varint(BigInt((field << 3) | wire));
const intField = (field: number, v: bigint) => (v === 0n ? [] : [...key(field, 0), ...varint(v)]);
const lenField = (field: number, bytes: number[]) => [...key(field, 2), ...varint(BigInt(bytes.length)), ...bytes];
const str = (field: number, s: string) => (s.length === 0 ? [] : lenField(field, [...Buffer.from(s, "utf8")]));
const timestamp = (seconds: bigint, nanos: number) => [...intField(1, seconds), ...intField(2, BigInt(nanos))];
const coin = (denom: string, amount: string) => [...str(1, denom), ...str(2, amount)];
const b64 = (bytes: number[]) => Buffer.from(bytes).toString("base64");

function decode(typeUrl: string, value: string) {
  return probe.query({ msg_response: { key: typeUrl, value } });
}

describe("protobuf msg_responses", () => {
  it("decodes the worked example: MsgUndelegateResponse{2026-01-22T12:00:00.5Z, 30021000uxprt}", () => {
    const value = "CgwIwKLIywYQgMq17gESEQoFdXhwcnQSCDMwMDIxMDAw";
    const seconds = BigInt(Date.UTC(2026, 0, 22, 12, 0, 0) / 1000);
    // The writer here produces the same bytes the SDK does (fields in order, zero values omitted).
    expect(b64([...lenField(1, timestamp(seconds, 500_000_000)), ...lenField(2, coin("uxprt", "30021000"))])).toBe(value);
    expect(decode(UNDELEGATE, value).ok).toEqual({
      completion_time: { seconds: seconds.toString(), nanos: 500_000_000, go_zero: false, time: (seconds * 1_000_000_000n + 500_000_000n).toString() },
      amount: { denom: "uxprt", amount: "30021000" },
    });
  });

  it("decodes Go's zero time (a redelegation from an unbonded validator: no entry) and absent fields as zero values", () => {
    const zero = b64(lenField(1, timestamp(GO_ZERO, 0)));
    expect(decode(REDELEGATE, zero).ok).toEqual({ completion_time: { seconds: GO_ZERO.toString(), nanos: 0, go_zero: true, time: null } });
    expect(decode(REDELEGATE, "").ok).toEqual({ completion_time: { seconds: "0", nanos: 0, go_zero: false, time: "0" } });
    // An undelegation of nothing: the SDK still writes both fields; an empty Coin is "" / 0.
    expect(decode(UNDELEGATE, b64(lenField(2, []))).ok).toMatchObject({ amount: { denom: "", amount: "0" } });
  });

  it("decodes repeated coins of a reward withdrawal and skips unknown fields of every wire type", () => {
    const bytes = [
      ...lenField(1, coin("uatom", "5")),
      ...key(9, 0), ...varint(300n), // unknown varint
      ...key(10, 1), 1, 2, 3, 4, 5, 6, 7, 8, // unknown fixed64
      ...key(11, 5), 1, 2, 3, 4, // unknown fixed32
      ...lenField(1, [...coin("uxprt", "74178"), ...str(7, "ignored")]),
      ...lenField(1, coin("uxprt", "2")),
    ];
    expect(decode(WITHDRAW, b64(bytes)).ok).toEqual({
      amount: [
        { denom: "uatom", amount: "5" },
        { denom: "uxprt", amount: "74178" },
        { denom: "uxprt", amount: "2" },
      ],
      uxprt: "74180",
    });
    // No rewards: the SDK answers one zero coin of its base denom.
    expect(decode(WITHDRAW, b64(lenField(1, coin("uxprt", "0")))).ok).toEqual({ amount: [{ denom: "uxprt", amount: "0" }], uxprt: "0" });
  });

  it("refuses malformed input with a clear error", () => {
    const bad = (bytes: number[], fragment: string) => expect(decode(UNDELEGATE, b64(bytes)).error).toContain(fragment);
    bad([0x0a, 0x05, 0x08], "Invalid protobuf MsgUndelegateResponse: length 5 runs past the end");
    bad([0x0a, 0x02, 0x08, 0x80], "Invalid protobuf Timestamp: truncated varint");
    bad([0x0a], "Invalid protobuf MsgUndelegateResponse: truncated varint");
    bad([0x00, 0x01], "invalid field key 0");
    bad([0x08, 0x01], "Invalid protobuf MsgUndelegateResponse: field 1 has wire type 0, expected 2");
    bad([...lenField(1, [...key(1, 0), ...Array(10).fill(0xff), 0x01])], "Invalid protobuf Timestamp: varint longer than 64 bits");
    bad([...lenField(1, [...key(1, 0), ...Array(9).fill(0xff), 0x02])], "varint longer than 64 bits");
    bad([...lenField(1, timestamp(1n, 1_000_000_000))], "nanos 1000000000 out of range");
    bad([...lenField(2, coin("uxprt", "12abc"))], "Invalid protobuf Coin: amount '12abc' is not a Uint128");
    bad([...lenField(2, coin("uxprt", "+5"))], "amount '+5' is not a Uint128");
    bad([...lenField(2, coin("uxprt", (2n ** 128n).toString()))], "is not a Uint128");
    bad([...lenField(2, lenField(1, [0xff, 0xfe]))], "field 1 is not valid UTF-8");
    bad([...key(3, 3)], "unsupported wire type 3");
  });

  it("any completion time and amount round-trips, whatever unknown fields surround them", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 253_402_300_799n }), // up to 9999-12-31T23:59:59Z, as protobuf Timestamps are
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }),
        fc.array(fc.tuple(fc.integer({ min: 3, max: 1000 }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })), { maxLength: 3 }),
        (seconds, nanos, amount, unknown) => {
          const extra = unknown.flatMap(([f, v]) => [...key(f, 0), ...varint(v)]);
          const value = b64([...extra, ...lenField(1, [...timestamp(seconds, nanos), ...extra]), ...lenField(2, [...coin("uxprt", amount.toString()), ...extra])]);
          // Block times are u64 nanoseconds (cosmwasm-std Timestamp): later ones have no Timestamp.
          const nanosSinceEpoch = seconds * 1_000_000_000n + BigInt(nanos);
          expect(decode(UNDELEGATE, value).ok).toEqual({
            completion_time: { seconds: seconds.toString(), nanos, go_zero: false, time: nanosSinceEpoch < 2n ** 64n ? nanosSinceEpoch.toString() : null },
            amount: { denom: "uxprt", amount: amount.toString() },
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("Reply with msg_responses and payload (cosmwasm-std 2.x JSON, as wasmd v0.60 sends it)", () => {
  const undelegated = "CgwIwKLIywYQgMq17gESEQoFdXhwcnQSCDMwMDIxMDAw";

  it("hands the submessage's payload and its MsgUndelegateResponse to reply", () => {
    const res = probe.reply({
      gas_used: 120_000,
      id: 21,
      result: { ok: { events: [], data: undelegated, msg_responses: [{ type_url: UNDELEGATE, value: undelegated }] } },
      payload: Buffer.from("batch 4").toString("base64"),
    });
    expect(res.ok?.attributes).toEqual([
      { key: "payload", value: "batch 4" },
      { key: "completion_time", value: (BigInt(Date.UTC(2026, 0, 22, 12)) * 1_000_000n + 500_000_000n).toString() },
      { key: "amount", value: "30021000uxprt" },
    ]);
  });

  it("a reply without the response (a chain below CosmWasm 2.0, or another message) is a clear error", () => {
    const none = probe.reply({ gas_used: 1, id: 21, result: { ok: { events: [], msg_responses: [] } } });
    expect(none.error).toBe(`Reply 21 must carry one ${UNDELEGATE} in msg_responses, got none`);
    const other = probe.reply({ gas_used: 1, id: 21, result: { ok: { events: [], msg_responses: [{ type_url: REDELEGATE, value: "" }] } } });
    expect(other.error).toBe(`Reply 21 must carry one ${UNDELEGATE} in msg_responses, got 1 (first ${REDELEGATE})`);
    // Empty data and payload are omitted by wasmd: both are optional.
    expect(probe.reply({ gas_used: 1, id: 5, result: { ok: { events: [] } } }).ok?.attributes[1]).toEqual({ key: "reply_error", value: "none" });
  });
});
