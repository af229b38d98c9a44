// The IBC scenarios, written once against ChainPair (tests/ibc/pair.ts) and run twice: in the
// multi-chain simulator (tests/ibc/sim.test.ts) and on two local chains joined by Hermes
// (tests/ibc/chain/scenarios.test.ts). Each asserts what the two worlds must agree on: balances
// that no fee touches (receivers, escrow accounts, vouchers), acknowledgements and contract state.
//
// Timeouts are made certain rather than raced: a packet's timeout is the destination's latest
// block + 1 (height) or its latest time + 1 ns, which the light client on the source has not seen
// yet (so SendPacket accepts it), and which every later block of the destination has passed (so the
// packet can only time out, however fast the relayer is).

import { createHash } from "node:crypto";
import { toBech32 } from "@cosmjs/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChainPair, ChainSide, Channel, Timeout } from "./pair";

/** ICS-20 voucher denom on the chain that receives over `port/channel` (ibc.md §4). */
export function voucher(port: string, channel: string, denom: string): string {
  return "ibc/" + createHash("sha256").update(`${port}/${channel}/${denom}`).digest("hex").toUpperCase();
}

/** ICS-20 escrow account of `port/channel`: sha256("ics20-1" ‖ 0 ‖ "port/channel")[:20] (both chains use the persistence prefix). */
export function escrowAddress(port: string, channel: string, prefix = "persistence"): string {
  const hash = createHash("sha256").update(Buffer.concat([Buffer.from("ics20-1"), Buffer.from([0]), Buffer.from(`${port}/${channel}`)])).digest();
  return toBech32(prefix, hash.subarray(0, 20));
}

/** A timeout by time far enough away that no scenario reaches it (10 minutes of the destination's time). */
export async function later(dest: ChainSide): Promise<Timeout> {
  const { timeNs } = await dest.latest();
  return { timestamp: (timeNs + 600_000_000_000n).toString() };
}

/** A timeout the destination has already reached by its next block (see the header). */
export async function elapsedBy(dest: ChainSide, by: "height" | "time"): Promise<Timeout> {
  const { height, timeNs } = await dest.latest();
  const revision = Number(/-(\d+)$/.exec(dest.chainId)?.[1] ?? 0);
  return by === "height" ? { block: { revision, height: height + 1 } } : { timestamp: (timeNs + 1n).toString() };
}

/** ICS-20 both ways and back home: vouchers minted, burned on the way home, escrows released. */
export async function ics20RoundTrip(pair: ChainPair): Promise<void> {
  const { a, b, transfer } = pair;
  const escrow = { escrowA: escrowAddress("transfer", transfer.a), escrowB: escrowAddress("transfer", transfer.b) };
  const alice = a.address(1);
  const bob = b.address(2);
  const xprtOnB = voucher("transfer", transfer.b, a.denom);
  const cmdxOnA = voucher("transfer", transfer.a, b.denom);
  const before = {
    escrowA: await a.balance(escrow.escrowA, a.denom),
    escrowB: await b.balance(escrow.escrowB, b.denom),
    bobVoucher: await b.balance(bob, xprtOnB),
    aliceVoucher: await a.balance(alice, cmdxOnA),
  };

  // out: a → b, vouchers minted on b
  await a.transfer(1, transfer.a, bob, { denom: a.denom, amount: "1000" }, await later(b));
  await pair.relayAll();
  expect(await b.balance(bob, xprtOnB)).toBe(before.bobVoucher + 1000n);
  expect(await a.balance(escrow.escrowA, a.denom)).toBe(before.escrowA + 1000n);

  // the other way: b's native denom to a
  await b.transfer(2, transfer.b, alice, { denom: b.denom, amount: "700" }, await later(a));
  await pair.relayAll();
  expect(await a.balance(alice, cmdxOnA)).toBe(before.aliceVoucher + 700n);
  expect(await b.balance(escrow.escrowB, b.denom)).toBe(before.escrowB + 700n);

  // home again (unwinding): the voucher is burned on b and a's escrow pays out
  const carol = a.address(3);
  const carolBefore = await a.balance(carol, a.denom);
  await b.transfer(2, transfer.b, carol, { denom: xprtOnB, amount: "400" }, await later(a));
  await pair.relayAll();
  expect(await b.balance(bob, xprtOnB)).toBe(before.bobVoucher + 600n);
  expect(await a.balance(carol, a.denom)).toBe(carolBefore + 400n);
  expect(await a.balance(escrow.escrowA, a.denom)).toBe(before.escrowA + 600n);

  // and a's vouchers of b's denom go home too
  const dave = b.address(4);
  const daveBefore = await b.balance(dave, b.denom);
  await a.transfer(1, transfer.a, dave, { denom: cmdxOnA, amount: "700" }, await later(b));
  await pair.relayAll();
  expect(await a.balance(alice, cmdxOnA)).toBe(before.aliceVoucher);
  expect(await b.balance(dave, b.denom)).toBe(daveBefore + 700n);
  expect(await b.balance(escrow.escrowB, b.denom)).toBe(before.escrowB);
}

/** An error acknowledgement (a receiver that is no address) and a timeout both refund the sender exactly. */
export async function ics20Refunds(pair: ChainPair): Promise<void> {
  const { a, b, transfer } = pair;
  const escrow = { escrowA: escrowAddress("transfer", transfer.a) };
  const bob = b.address(2);
  const alice = a.address(1);
  // bob holds vouchers, a denom no fee is paid in: his balance of it shows a refund to the unit
  await a.transfer(1, transfer.a, bob, { denom: a.denom, amount: "500" }, await later(b));
  await pair.relayAll();
  const xprtOnB = voucher("transfer", transfer.b, a.denom);
  const held = await b.balance(bob, xprtOnB);
  const escrowed = await a.balance(escrow.escrowA, a.denom);

  await b.transfer(2, transfer.b, "not-an-address", { denom: xprtOnB, amount: "200" }, await later(a));
  expect(await b.balance(bob, xprtOnB)).toBe(held - 200n); // burned at send
  await pair.relayAll();
  expect(await b.balance(bob, xprtOnB)).toBe(held); // the error ack minted it back
  expect(await a.balance(escrow.escrowA, a.denom)).toBe(escrowed);

  for (const by of ["height", "time"] as const) {
    await b.transfer(2, transfer.b, alice, { denom: xprtOnB, amount: "50" }, await elapsedBy(a, by));
    expect(await b.balance(bob, xprtOnB)).toBe(held - 50n);
    await pair.relayAll();
    expect(await b.balance(bob, xprtOnB)).toBe(held); // timed out: refunded
  }
  expect(await a.balance(escrow.escrowA, a.denom)).toBe(escrowed);
}

// ---- the ibc-counter fixture (tests/fixtures/ibc-counter: its header has the protocol) ---------

export interface CounterState {
  channels: Array<{ channel_id: string; port_id: string; counterparty_port_id: string; counterparty_channel_id: string; order: string; version: string; connection_id: string; open: boolean }>;
  totals: Array<{ channel_id: string; total: string }>;
  attempts: number;
  rejected: number;
  pending: Array<{ channel_id: string; sequence: number; value: string }>;
  sent: number;
  acks: Array<{ channel_id: string; sequence: number; ack: string }>;
  timeouts: Array<{ channel_id: string; sequence: number }>;
}

export interface Counters {
  onA: string;
  onB: string;
  portA: string;
  portB: string;
}

/** One ibc-counter on each chain; their ports are wasm.<address>, as the IbcQuery reports. */
export async function deployCounters(pair: ChainPair, wasm: string): Promise<Counters> {
  const onA = await pair.a.instantiate(0, wasm, {}, "counter a");
  const onB = await pair.b.instantiate(0, wasm, {}, "counter b");
  const portA = (await pair.a.query<{ port_id: string }>(onA, { port: {} })).port_id;
  const portB = (await pair.b.query<{ port_id: string }>(onB, { port: {} })).port_id;
  expect(portA).toBe(`wasm.${onA}`);
  expect(portB).toBe(`wasm.${onB}`);
  return { onA, onB, portA, portB };
}

const state = (side: ChainSide, contract: string) => side.query<CounterState>(contract, { state: {} });
const total = (s: CounterState, channel: string) => s.totals.find((t) => t.channel_id === channel)?.total ?? "0";

/** The handshake negotiates counter-1 (proposed empty on a) and both contracts record the channel. */
export async function counterHandshake(pair: ChainPair, c: Counters, order: "ordered" | "unordered"): Promise<Channel> {
  const ch = await pair.openChannel(c.portA, c.portB, "", order);
  expect(ch.version).toBe("counter-1");
  const ord = order === "ordered" ? "ORDER_ORDERED" : "ORDER_UNORDERED";
  const sa = await state(pair.a, c.onA);
  expect(sa.channels.find((x) => x.channel_id === ch.a)).toMatchObject({ port_id: c.portA, counterparty_port_id: c.portB, counterparty_channel_id: ch.b, order: ord, version: "counter-1", open: true });
  const sb = await state(pair.b, c.onB);
  expect(sb.channels.find((x) => x.channel_id === ch.b)).toMatchObject({ port_id: c.portB, counterparty_port_id: c.portA, counterparty_channel_id: ch.a, order: ord, version: "counter-1", open: true });
  const listed = await pair.a.query<{ channels: Array<{ endpoint: { channel_id: string } }> }>(c.onA, { channels: {} });
  expect(listed.channels.map((x) => x.endpoint.channel_id)).toContain(ch.a);
  return ch;
}

async function send(pair: ChainPair, c: Counters, ch: Channel, value: string, reply: string, timeout?: Timeout): Promise<void> {
  await pair.a.execute(0, c.onA, { send: { channel_id: ch.a, value, reply, timeout: timeout ?? (await later(pair.b)) } });
}

/**
 * Packets and acknowledgements on an unordered channel: a sync ack, an error returned by the
 * receiving contract (an error ack; its writes reverted), an error ack the contract wrote itself
 * (its writes kept), an async ack written later, and timeouts by height and by time.
 */
export async function counterPackets(pair: ChainPair, c: Counters, ch: Channel): Promise<void> {
  const before = await state(pair.a, c.onA);
  const seq0 = before.sent; // sequences on a fresh channel start at 1

  await send(pair, c, ch, "5", "sync");
  await pair.relayAll();
  let sb = await state(pair.b, c.onB);
  expect(total(sb, ch.b)).toBe("5");
  let sa = await state(pair.a, c.onA);
  expect(sa.acks).toContainEqual({ channel_id: ch.a, sequence: seq0 + 1, ack: '{"ok":"5"}' });

  await send(pair, c, ch, "7", "error");
  await pair.relayAll();
  sb = await state(pair.b, c.onB);
  expect(sb.attempts).toBe(0); // the contract's write before its error was reverted
  expect(total(sb, ch.b)).toBe("5");
  sa = await state(pair.a, c.onA);
  // wasmd's error ack carries the contract's error text as it is
  expect(sa.acks).toContainEqual({ channel_id: ch.a, sequence: seq0 + 2, ack: `{"error":"refused packet ${seq0 + 2}: value 7"}` });

  await send(pair, c, ch, "9", "reject");
  await pair.relayAll();
  sb = await state(pair.b, c.onB);
  expect(sb.rejected).toBe(1); // an error ack the contract returned as Ok keeps its writes
  sa = await state(pair.a, c.onA);
  expect(sa.acks).toContainEqual({ channel_id: ch.a, sequence: seq0 + 3, ack: `{"error":"rejected ${seq0 + 3}"}` });

  await send(pair, c, ch, "11", "async");
  await pair.relayAll();
  sb = await state(pair.b, c.onB);
  expect(sb.pending).toEqual([{ channel_id: ch.b, sequence: seq0 + 4, value: "11" }]);
  sa = await state(pair.a, c.onA);
  expect(sa.acks.some((x) => x.sequence === seq0 + 4)).toBe(false); // nothing acknowledged yet
  await pair.b.execute(0, c.onB, { ack_pending: { channel_id: ch.b, sequence: seq0 + 4 } });
  await pair.relayAll();
  sb = await state(pair.b, c.onB);
  expect(sb.pending).toEqual([]);
  expect(total(sb, ch.b)).toBe("16");
  sa = await state(pair.a, c.onA);
  expect(sa.acks).toContainEqual({ channel_id: ch.a, sequence: seq0 + 4, ack: '{"ok":"16"}' });

  await send(pair, c, ch, "13", "sync", await elapsedBy(pair.b, "height"));
  await pair.relayAll();
  await send(pair, c, ch, "17", "sync", await elapsedBy(pair.b, "time"));
  await pair.relayAll();
  sa = await state(pair.a, c.onA);
  expect(sa.timeouts).toEqual(expect.arrayContaining([{ channel_id: ch.a, sequence: seq0 + 5 }, { channel_id: ch.a, sequence: seq0 + 6 }]));
  sb = await state(pair.b, c.onB);
  expect(total(sb, ch.b)).toBe("16"); // neither timed-out packet was received
  expect(sa.sent).toBe(seq0 + 6);
}

/** On an ordered channel a timeout closes the channel: it leaves the open channels IbcQuery lists. */
export async function orderedTimeoutCloses(pair: ChainPair, c: Counters, ch: Channel): Promise<void> {
  await send(pair, c, ch, "3", "sync");
  await pair.relayAll();
  expect(total(await state(pair.b, c.onB), ch.b)).toBe("3");
  await send(pair, c, ch, "4", "sync", await elapsedBy(pair.b, "time"));
  await pair.relayAll();
  const sa = await state(pair.a, c.onA);
  expect(sa.timeouts).toContainEqual({ channel_id: ch.a, sequence: 2 });
  const listed = await pair.a.query<{ channels: Array<{ endpoint: { channel_id: string } }> }>(c.onA, { channels: {} });
  expect(listed.channels.map((x) => x.endpoint.channel_id)).not.toContain(ch.a);
  await expect(send(pair, c, ch, "1", "sync")).rejects.toThrow();
}

/**
 * A contract's own IbcMsg: `transfer` sends the funds it was given over ICS-20 (a voucher reaches
 * the receiver on b), and `close_channel` closes its channel on both ends (ibc_channel_close runs
 * on each contract: their records say closed, and the channel leaves the open channels).
 */
export async function counterTransferAndClose(pair: ChainPair, c: Counters, ch: Channel): Promise<void> {
  const { a, b, transfer } = pair;
  const erin = b.address(5);
  const xprtOnB = voucher("transfer", transfer.b, a.denom);
  const before = await b.balance(erin, xprtOnB);
  await a.execute(0, c.onA, { transfer: { channel_id: transfer.a, to_address: erin, timeout: await later(b), memo: null } }, [{ denom: a.denom, amount: "321" }]);
  expect(await a.balance(c.onA, a.denom)).toBe(0n); // escrowed on the way out
  await pair.relayAll();
  expect(await b.balance(erin, xprtOnB)).toBe(before + 321n);

  await a.execute(0, c.onA, { close: { channel_id: ch.a } });
  await pair.relayAll();
  const sa = await state(a, c.onA);
  expect(sa.channels.find((x) => x.channel_id === ch.a)?.open).toBe(false);
  const sb = await state(b, c.onB);
  expect(sb.channels.find((x) => x.channel_id === ch.b)?.open).toBe(false);
  const listed = await b.query<{ channels: Array<{ endpoint: { channel_id: string } }> }>(c.onB, { channels: {} });
  expect(listed.channels.map((x) => x.endpoint.channel_id)).not.toContain(ch.b);
  await expect(send(pair, c, ch, "1", "sync")).rejects.toThrow();
}

/** Every scenario above on one pair: the simulator's (tests/ibc/sim.test.ts) or the real chains' (tests/ibc/chain.test.ts). */
export function describeScenarios(title: string, connect: () => Promise<ChainPair>): void {
  describe(title, () => {
    let pair: ChainPair;
    const fresh = () => deployCounters(pair, "ibc-counter");
    beforeAll(async () => {
      pair = await connect();
    });
    afterAll(async () => {
      await pair?.close();
    });

    it("ICS-20 both ways and back home", () => ics20RoundTrip(pair));
    it("ICS-20 refunds on an error acknowledgement and on timeouts", () => ics20Refunds(pair));
    it("counter: handshake, packets, acknowledgements and timeouts on an unordered channel", async () => {
      const c = await fresh();
      await counterPackets(pair, c, await counterHandshake(pair, c, "unordered"));
    });
    it("counter: a timeout closes an ordered channel", async () => {
      const c = await fresh();
      await orderedTimeoutCloses(pair, c, await counterHandshake(pair, c, "ordered"));
    });
    it("counter: a contract's ICS-20 transfer and its closing of a channel", async () => {
      const c = await fresh();
      await counterTransferAndClose(pair, c, await counterHandshake(pair, c, "unordered"));
    });
  });
}
