// Property test: random sequences of create / counter / accept / withdraw / cancel / expire by
// several users (with sloppy payments among them) keep the escrow's invariants after every step:
//   1. what the contract holds (each NFT, the native stablecoin, the cw20) equals what its open
//      orders and live offers escrow, order by order;
//   2. nobody has less than it is owed: for every user and asset, wallet + escrowed claims =
//      initial + proceeds of its sales − prices of its purchases; the collector holds the fees;
//      every NFT is with its rightful owner or escrowed for it;
//   3. at the end every maker cancels what is left and everything is back in wallets.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TxResult } from "../../simulator/app/app";
import { AssetKind, FEE_BPS, Offer, Order, World, buyer, carol, collector, dave, owner, seller, setup } from "./setup";

const users = [seller, buyer, carol];
const tokens = ["t0", "t1", "t2", "t3"];
const firstOwners = [seller, seller, buyer, carol];
const START = 1_000_000n;

type Op =
  | { kind: "create"; type: "ask" | "bid"; user: number; token: number; price: number; cw20: boolean; ttl: number | null }
  | { kind: "counter"; user: number; order: number; amount: number; sloppy: boolean }
  | { kind: "take"; user: number; order: number; sloppy: boolean }
  | { kind: "acceptOffer"; user: number; order: number; side: "maker" | "taker"; sloppy: boolean }
  | { kind: "withdraw"; user: number; order: number; side: "maker" | "taker"; sloppy: boolean }
  | { kind: "cancel"; user: number; order: number }
  | { kind: "expire"; order: number; batch: boolean }
  | { kind: "advance"; blocks: number }
  | { kind: "pause"; on: boolean };

const user = fc.nat(2);
const order = fc.nat(60);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("create" as const), type: fc.constantFrom("ask" as const, "bid" as const), user, token: fc.nat(3), price: fc.integer({ min: 1, max: 1000 }), cw20: fc.boolean(), ttl: fc.option(fc.integer({ min: 1, max: 4 })) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("counter" as const), user, order, amount: fc.integer({ min: 1, max: 1200 }), sloppy: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("take" as const), user, order, sloppy: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("acceptOffer" as const), user, order, side: fc.constantFrom("maker" as const, "taker" as const), sloppy: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), user, order, side: fc.constantFrom("maker" as const, "taker" as const), sloppy: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancel" as const), user, order }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("expire" as const), order, batch: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("advance" as const), blocks: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("pause" as const), on: fc.nat(3).map((n) => n === 0) }) },
);

const kindOf = (o: Order): AssetKind => (o.asset.native !== undefined ? "native" : "cw20");
const max0 = (x: bigint) => (x > 0n ? x : 0n);

/** Plays one user action the way a client would: it reads the order and pays what it computes is due. */
class Player {
  private ids: number[] = [];

  constructor(readonly w: World) {}

  apply(o: Op): void {
    try {
      this.run(o);
    } catch {
      // refused actions are part of the sequence; the invariants hold regardless
    }
  }

  private run(o: Op): void {
    const w = this.w;
    if (o.kind === "advance") return w.app.advanceBlocks(o.blocks);
    if (o.kind === "pause") return void w.escrow.execute(owner, { set_paused: { paused: o.on } });
    if (o.kind === "create") return this.create(o);
    const id = this.pick(o.order);
    if (id === undefined) return;
    if (o.kind === "expire") return void w.escrow.execute(dave, o.batch ? { expire_batch: { order_ids: [id, this.ids[0]] } } : { expire: { order_id: id } });
    const who = users[o.user];
    if (o.kind === "cancel") return void w.escrow.execute(who, { cancel: { order_id: id } });
    const ord = w.order(id);
    const fudge = (x: bigint) => ("sloppy" in o && o.sloppy && x > 1n ? x - 1n : x);
    const isMaker = ord.maker === who;
    if (o.kind === "counter") {
      const amount = BigInt(o.amount);
      const msg = { counter_offer: { order_id: id, amount: amount.toString() } };
      if (isMaker) this.pay(who, ord, ord.kind === "bid" ? fudge(max0(amount - BigInt(ord.maker_escrow))) : 0n, msg);
      else if (ord.kind === "ask") this.pay(who, ord, fudge(amount), msg);
      else this.withNft(who, ord, msg);
    } else if (o.kind === "take") {
      if (ord.kind === "ask") this.pay(who, ord, fudge(BigInt(ord.price)), { accept_ask: { order_id: id } });
      else this.withNft(who, ord, { accept_bid: { order_id: id } });
    } else if (o.kind === "acceptOffer") {
      const offerId = o.side === "maker" ? ord.live_maker_offer : ord.live_taker_offer;
      if (offerId === null) return;
      const msg = { accept_offer: { order_id: id, offer_id: offerId } };
      if (o.side === "taker") this.pay(who, ord, ord.kind === "bid" ? fudge(max0(BigInt(this.offer(id, offerId).amount) - BigInt(ord.maker_escrow))) : 0n, msg);
      else if (ord.kind === "ask") this.pay(who, ord, fudge(max0(BigInt(ord.price) - (ord.taker_party === who ? BigInt(ord.taker_escrow) : 0n))), msg);
      else this.withNft(who, ord, msg);
    } else {
      const offerId = o.side === "maker" ? ord.live_maker_offer : ord.live_taker_offer;
      if (offerId === null) return;
      const due = o.side === "maker" && ord.kind === "bid" ? max0(BigInt(ord.list_price) - BigInt(ord.maker_escrow)) : 0n;
      this.pay(who, ord, fudge(due), { withdraw_offer: { order_id: id, offer_id: offerId } });
    }
  }

  /** Mostly an open order (where things can happen), sometimes any order ever made. */
  private pick(n: number): number | undefined {
    const open = this.w.escrow.query<{ orders: Order[] }>({ orders: { status: "open", limit: 100 } }).orders.map((x) => x.id);
    const from = n % 5 !== 0 && open.length > 0 ? open : this.ids;
    return from.length === 0 ? undefined : from[n % from.length];
  }

  /** Asks come from the token's holder when it is a user (else from the op's user, and fail). */
  private create(o: Extract<Op, { kind: "create" }>): void {
    const who = o.type === "ask" ? this.holderOr(tokens[o.token], users[o.user]) : users[o.user];
    const opts = { asset: (o.cw20 ? "cw20" : "native") as AssetKind, expires: o.ttl === null ? null : { at_height: this.w.app.block.height + o.ttl } };
    const id = o.type === "ask" ? this.w.ask(who, tokens[o.token], BigInt(o.price), opts) : this.w.bid(who, tokens[o.token], BigInt(o.price), opts);
    this.ids.push(id);
  }

  private offer(orderId: number, offerId: number): Offer {
    return this.w.escrow.query<{ offers: Offer[] }>({ offers: { order_id: orderId, start_after: offerId - 1, limit: 1 } }).offers[0];
  }

  private pay(who: string, ord: Order, amount: bigint, msg: Record<string, unknown>): TxResult {
    return this.w.pay(who, kindOf(ord), amount, msg);
  }

  /** A bid's seller: its token is already escrowed in the order, or its holder sends it now. */
  private withNft(who: string, ord: Order, msg: Record<string, unknown>): TxResult {
    if (ord.nft_depositor === who) return this.w.escrow.execute(who, msg);
    const from = this.holderOr(ord.token_id, who);
    return this.w.sendNft(from, ord.token_id, msg);
  }

  private holderOr(token: string, fallback: string): string {
    const h = this.w.ownerOf(token);
    return users.includes(h) ? h : fallback;
  }
}

function allOrders(w: World): Order[] {
  return w.escrow.query<{ orders: Order[] }>({ orders: { limit: 100 } }).orders;
}

/** Tracks who rightfully owns each NFT from the settlements it sees, checking each seller had it. */
class Ledger {
  rightful = new Map(tokens.map((t, i) => [t, firstOwners[i]]));
  private settled = new Set<number>();

  observe(orders: Order[]): void {
    for (const o of orders) {
      if (o.status !== "settled" || this.settled.has(o.id)) continue;
      this.settled.add(o.id);
      const s = o.settlement!;
      expect(s.seller).toBe(this.rightful.get(o.token_id));
      expect(BigInt(s.fee)).toBe((BigInt(s.amount) * BigInt(FEE_BPS)) / 10_000n);
      expect(o.kind === "ask" ? s.seller : s.buyer).toBe(o.maker);
      this.rightful.set(o.token_id, s.buyer);
    }
  }
}

function checkOrder(o: Order): void {
  if (o.status !== "open") {
    expect([o.maker_escrow, o.taker_escrow, o.taker_party, o.nft_depositor, o.live_maker_offer, o.live_taker_offer]).toEqual(["0", "0", null, null, null, null]);
    expect(o.settlement !== null).toBe(o.status === "settled");
    return;
  }
  expect(o.taker_party !== null).toBe(o.live_taker_offer !== null);
  if (o.kind === "ask") {
    expect(o.maker_escrow).toBe("0");
    expect(o.nft_depositor).toBe(o.maker);
    if (o.taker_party === null) expect(o.taker_escrow).toBe("0");
  } else {
    expect(o.maker_escrow).toBe(o.price);
    expect(o.taker_escrow).toBe("0");
    expect(o.nft_depositor).toBe(o.taker_party);
  }
}

function checkInvariants(w: World, ledger: Ledger): void {
  const orders = allOrders(w);
  ledger.observe(orders);
  const open = orders.filter((o) => o.status === "open");
  for (const o of orders) checkOrder(o);
  for (const o of open) {
    if (o.live_taker_offer !== null && o.kind === "ask") {
      const offers = w.offers(o.id);
      expect(offers.find((x) => x.id === o.live_taker_offer)).toMatchObject({ status: "live", side: "taker", amount: o.taker_escrow, proposer: o.taker_party });
      if (o.live_maker_offer !== null) expect(offers.find((x) => x.id === o.live_maker_offer)).toMatchObject({ status: "live", amount: o.price });
    }
  }
  for (const kind of ["native", "cw20"] as AssetKind[]) {
    const mine = (list: Order[]) => list.filter((o) => kindOf(o) === kind);
    // 1. holdings = escrow
    expect(w.balance(w.address, kind)).toBe(mine(open).reduce((s, o) => s + BigInt(o.maker_escrow) + BigInt(o.taker_escrow), 0n));
    // 2. wallet + claims = initial + sales − purchases; the collector has the fees
    const settled = mine(orders.filter((o) => o.status === "settled"));
    for (const u of users) {
      const claims = mine(open).reduce((s, o) => s + (o.maker === u ? BigInt(o.maker_escrow) : 0n) + (o.taker_party === u ? BigInt(o.taker_escrow) : 0n), 0n);
      const net = settled.reduce((s, o) => {
        const t = o.settlement!;
        return s + (t.seller === u ? BigInt(t.amount) - BigInt(t.fee) : 0n) - (t.buyer === u ? BigInt(t.amount) : 0n);
      }, 0n);
      expect(w.balance(u, kind) + claims).toBe(START + net);
    }
    expect(w.balance(collector, kind)).toBe(settled.reduce((s, o) => s + BigInt(o.settlement!.fee), 0n));
  }
  for (const t of tokens) {
    const holders = open.filter((o) => o.token_id === t && o.nft_depositor !== null);
    const ownerNow = w.ownerOf(t);
    if (ownerNow === w.address) {
      expect(holders.length).toBe(1);
      expect(holders[0].nft_depositor).toBe(ledger.rightful.get(t));
    } else {
      expect(holders).toEqual([]);
      expect(ownerNow).toBe(ledger.rightful.get(t));
    }
  }
}

describe("escrow invariants", () => {
  it("holdings equal escrow and nobody has less than it is owed, after every step", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 40 }), (ops) => {
        const w = setup();
        tokens.forEach((t, i) => w.mint(t, firstOwners[i]));
        for (const u of users) w.fund(u, START);
        const player = new Player(w);
        const ledger = new Ledger();
        for (const o of ops) {
          player.apply(o);
          checkInvariants(w, ledger);
        }
        // Everything left goes home: each maker cancels its open orders.
        w.escrow.execute(owner, { set_paused: { paused: false } });
        for (const o of allOrders(w).filter((x) => x.status === "open")) w.escrow.execute(o.maker, { cancel: { order_id: o.id } });
        checkInvariants(w, ledger);
        expect(w.balance(w.address, "native") + w.balance(w.address, "cw20")).toBe(0n);
        for (const t of tokens) expect(w.ownerOf(t)).toBe(ledger.rightful.get(t));
      }),
      { numRuns: 25 },
    );
  });
});
