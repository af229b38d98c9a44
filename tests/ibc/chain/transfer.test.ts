// ICS-20 between the two real local chains through Hermes (npm run test:chain starts the pair "ibc").
// Every balance is asserted exactly: senders lose the amount plus the fee their transaction paid,
// escrow accounts and voucher supplies move by the amount, nothing else moves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromHex, fromUtf8 } from "@cosmjs/encoding";
import { DeliverTxResponse, Event } from "@cosmjs/stargate";
import { RealChainPair } from "../chain-pair";
import { escrowAddress, voucher } from "../scenarios";

let pair: RealChainPair;

beforeAll(async () => {
  pair = await RealChainPair.connect();
});
afterAll(async () => {
  await pair?.close();
});

function attr(events: readonly Event[], type: string, key: string): string[] {
  return events.filter((e) => e.type === type).flatMap((e) => e.attributes.filter((a) => a.key === key).map((a) => a.value));
}

/** The fee the transaction paid in `denom` (its `tx.fee` event). */
function feePaid(r: DeliverTxResponse, denom: string): bigint {
  const fee = attr(r.events, "tx", "fee")[0] ?? "";
  const m = new RegExp(`^(\\d+)${denom}$`).exec(fee);
  if (!m) throw new Error(`no fee in ${denom} in ${JSON.stringify(fee)}`);
  return BigInt(m[1]);
}

/** What is still pending on the ICS-20 channel (other tests' channels may hold packets that cannot move). */
async function pendingTransfers() {
  return (await pair.pending()).filter((p) => p.port === "transfer" && p.channel === (p.from === "a" ? pair.transfer.a : pair.transfer.b));
}

async function supply(side: "a" | "b", denom: string): Promise<bigint> {
  return BigInt((await pair[side].q.bank.supplyOf(denom)).amount);
}

/** Sends `amount` of `denom` from account `from` of `side` to `receiver` on the other side; returns the tx and the packet's sequence. */
async function send(side: "a" | "b", from: number, receiver: string, denom: string, amount: bigint, timeoutNs?: bigint) {
  const src = pair[side];
  const dst = pair[side === "a" ? "b" : "a"];
  const channel = side === "a" ? pair.transfer.a : pair.transfer.b;
  const timestamp = timeoutNs ?? (await dst.latest()).timeNs + 600_000_000_000n; // 10 minutes
  const r = await src.transferTx(from, channel, receiver, { denom, amount: amount.toString() }, { timestamp: timestamp.toString() });
  const sequence = attr(r.events, "send_packet", "packet_sequence")[0];
  expect(sequence).toBeDefined();
  return { r, sequence, fee: feePaid(r, src.denom) };
}

describe("ICS-20 over Hermes between localpersistence-1 and localcomdex-1", () => {
  it("a → b mints a voucher from escrow, b → a burns it and releases the escrow, exactly", async () => {
    const { a, b } = pair;
    const ch = pair.transfer;
    const uxprt = a.denom;
    const onB = voucher(ch.portB, ch.b, uxprt);
    const escrowA = escrowAddress(ch.portA, ch.a);
    const amount = 1_234_567n;
    const [alice, bob, carol] = [a.address(1), b.address(2), a.address(3)];

    const before = {
      alice: await a.balance(alice, uxprt),
      escrow: await a.balance(escrowA, uxprt),
      bob: await b.balance(bob, onB),
      supplyB: await supply("b", onB),
      carol: await a.balance(carol, uxprt),
    };
    const out = await send("a", 1, bob, uxprt, amount);
    expect(await a.balance(alice, uxprt)).toBe(before.alice - amount - out.fee);
    expect(await a.balance(escrowA, uxprt)).toBe(before.escrow + amount);
    expect(await b.balance(bob, onB)).toBe(before.bob); // nothing arrives before the relayer moves it

    await pair.relayAll();
    expect(await pendingTransfers()).toEqual([]);
    expect(await b.balance(bob, onB)).toBe(before.bob + amount);
    expect(await supply("b", onB)).toBe(before.supplyB + amount);

    // back home: bob sends the voucher to carol on a: burned on b, unescrowed on a
    const home = await send("b", 2, carol, onB, amount);
    expect(await b.balance(bob, onB)).toBe(before.bob);
    expect(await supply("b", onB)).toBe(before.supplyB);
    await pair.relayAll();
    expect(await a.balance(carol, uxprt)).toBe(before.carol + amount);
    expect(await a.balance(escrowA, uxprt)).toBe(before.escrow);
    expect(home.fee).toBeGreaterThan(0n); // paid in b's own denom, not the voucher
  });

  it("b → a and back: the app-chain's ucmdx becomes a voucher on Persistence and returns", async () => {
    const { a, b } = pair;
    const ch = pair.transfer;
    const ucmdx = b.denom;
    const onA = voucher(ch.portA, ch.a, ucmdx);
    const escrowB = escrowAddress(ch.portB, ch.b);
    const amount = 777_000n;
    const [bob, alice] = [b.address(4), a.address(4)];
    const before = { bob: await b.balance(bob, ucmdx), escrow: await b.balance(escrowB, ucmdx), alice: await a.balance(alice, onA), supplyA: await supply("a", onA) };

    const out = await send("b", 4, alice, ucmdx, amount);
    await pair.relayAll();
    expect(await b.balance(bob, ucmdx)).toBe(before.bob - amount - out.fee);
    expect(await b.balance(escrowB, ucmdx)).toBe(before.escrow + amount);
    expect(await a.balance(alice, onA)).toBe(before.alice + amount);
    expect(await supply("a", onA)).toBe(before.supplyA + amount);

    const back = await send("a", 4, bob, onA, amount);
    await pair.relayAll();
    expect(await a.balance(alice, onA)).toBe(before.alice);
    expect(await supply("a", onA)).toBe(before.supplyA);
    expect(await b.balance(escrowB, ucmdx)).toBe(before.escrow);
    expect(await b.balance(bob, ucmdx)).toBe(before.bob - out.fee);
    expect(back.fee).toBeGreaterThan(0n);
  });

  it("an invalid receiver gets an error acknowledgement and the sender is refunded", async () => {
    const { a, b } = pair;
    const ch = pair.transfer;
    const uxprt = a.denom;
    const escrowA = escrowAddress(ch.portA, ch.a);
    const alice = a.address(5);
    const before = { alice: await a.balance(alice, uxprt), escrow: await a.balance(escrowA, uxprt) };

    const out = await send("a", 5, "not-a-bech32-address", uxprt, 5_000n);
    expect(await a.balance(escrowA, uxprt)).toBe(before.escrow + 5_000n);
    await pair.relayAll();
    expect(await pendingTransfers()).toEqual([]);

    const recv = await (await b.signer(0)).searchTx(`write_acknowledgement.packet_dst_channel='${ch.b}' AND write_acknowledgement.packet_sequence='${out.sequence}'`);
    expect(recv).toHaveLength(1);
    // ibc-go v10 emits the ack as hex only; the failed receive's events keep an `ibccallbackerror-` prefix
    const ack = fromUtf8(fromHex(attr(recv[0].events, "write_acknowledgement", "packet_ack_hex")[0]));
    expect(ack).toBe('{"error":"ABCI code: 5: error handling packet: see events for details"}');
    expect(attr(recv[0].events, "ibccallbackerror-fungible_token_packet", "ibccallbackerror-error")).toEqual([
      "failed to decode receiver address: not-a-bech32-address: invalid address",
    ]);

    const acked = await (await a.signer(0)).searchTx(`acknowledge_packet.packet_src_channel='${ch.a}' AND acknowledge_packet.packet_sequence='${out.sequence}'`);
    expect(acked).toHaveLength(1);
    expect(attr(acked[0].events, "fungible_token_packet", "error")).toHaveLength(1);
    expect(await a.balance(alice, uxprt)).toBe(before.alice - out.fee);
    expect(await a.balance(escrowA, uxprt)).toBe(before.escrow);
  });

  it("a packet whose timeout passed on b is timed out by the relayer and refunded", async () => {
    const { a, b } = pair;
    const ch = pair.transfer;
    const uxprt = a.denom;
    const onB = voucher(ch.portB, ch.b, uxprt);
    const escrowA = escrowAddress(ch.portA, ch.a);
    const [alice, bob] = [a.address(6), b.address(6)];
    const before = { alice: await a.balance(alice, uxprt), escrow: await a.balance(escrowA, uxprt), bob: await b.balance(bob, onB) };

    const deadline = (await b.latest()).timeNs + 3_000_000_000n;
    const out = await send("a", 6, bob, uxprt, 9_000n, deadline);
    await b.waitUntil({ timeNs: deadline });
    await pair.relayAll();
    expect(await pendingTransfers()).toEqual([]);

    const timedOut = await (await a.signer(0)).searchTx(`timeout_packet.packet_src_channel='${ch.a}' AND timeout_packet.packet_sequence='${out.sequence}'`);
    expect(timedOut).toHaveLength(1);
    expect(await b.balance(bob, onB)).toBe(before.bob);
    expect(await a.balance(alice, uxprt)).toBe(before.alice - out.fee);
    expect(await a.balance(escrowA, uxprt)).toBe(before.escrow);
  });

  it("openChannel opens a second ICS-20 channel on the pair's connection; its vouchers are another denom", async () => {
    const { a, b } = pair;
    const ch = await pair.openChannel("transfer", "transfer", "ics20-1", "unordered");
    expect(ch.a).not.toBe(pair.transfer.a);
    expect(ch.b).not.toBe(pair.transfer.b);
    expect(ch.version).toBe("ics20-1");
    const viaFirst = voucher("transfer", pair.transfer.b, a.denom);
    const viaSecond = voucher("transfer", ch.b, a.denom);
    expect(viaSecond).not.toBe(viaFirst);
    const bob = b.address(7);
    const before = { first: await b.balance(bob, viaFirst), second: await b.balance(bob, viaSecond), escrow: await a.balance(escrowAddress("transfer", ch.a), a.denom) };

    await a.transferTx(7, ch.a, bob, { denom: a.denom, amount: "4242" }, { timestamp: ((await b.latest()).timeNs + 600_000_000_000n).toString() });
    await pair.relayAll();
    expect(await b.balance(bob, viaSecond)).toBe(before.second + 4242n);
    expect(await b.balance(bob, viaFirst)).toBe(before.first);
    expect(await a.balance(escrowAddress("transfer", ch.a), a.denom)).toBe(before.escrow + 4242n);
  });
});
