// Property test: makers, takers and third parties interleave at random — orders, counter-offers,
// withdrawals, cancels, expiries, sloppy payments — while the owner pauses, delists assets and
// changes the fee, the collection's officer takes users off its compliance list and quarantines
// tokens, the minter rewrites the terms of tokens it holds, and strangers send coins. Taking decisions are split in two: a party reads an order and
// signs its terms (`decide`), other parties move, and only later does the signed message execute
// (`execute`): the counter-move between a decision and its execution is in every sequence.
// After every step:
//   1. holdings: for each asset the escrow holds exactly what it owes (open orders' escrow plus
//      claims, as the holdings query says) plus what strangers sent it; it holds an NFT iff one
//      open order escrows it or one claim is owed it;
//   2. nobody has less than it is owed: wallet + its vault + escrowed for it + its claims =
//      initial + proceeds of its sales − prices of its purchases; the collector has every fee;
//      every NFT is with its rightful owner (or its vault), escrowed for it, or its claim;
//   3. every executed trade is no worse for either side than what that side signed: the taker's
//      signed price, asset and offer; the maker's current price or the offer it accepted; a fee no
//      higher than the order pinned; and an offer id's terms never change once made.
// At the end every party exits, whatever state the sequence left (paused, delisted, off the
// compliance list, quarantined): every maker cancels, and once the collection lets tokens move
// again every claim is withdrawn (to its owner's vault when the owner is still off the list);
// then the escrow holds nothing but what strangers sent, which the owner sweeps.
// Offer locks: a counterparty offer's lock is the lock in force when it was made; its proposer's
// withdrawal or revision succeeds only once it has passed (and is never refused as locked after).
// The second property starts from a 0.1.0 book (the released wasm) of dust bids and real orders
// with live offers, migrates it, and interleaves migration pages (continue_migration) with the
// same moves: an order not migrated yet is never traded, leaving it always works, and the holdings
// are escrow + claims of the migrated orders until the last page, then of all.
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TxError, TxResult } from "@persistence-ts/simulator/app/app";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { ROOT } from "@persistence-ts/cli/project";
import { Deployed, contractWasm } from "@persistence-ts/testing/contracts";
import { AssetKind, Claim, FEE_BPS, Offer, Order, USDC, World, attr, b64, buyer, carol, collector, dave, nftOwner, owner, seller, setup } from "./setup";

const users = [seller, buyer, carol];
/** Each user's second address, always on the collection's list: where its claims can always go. */
const vaults = users.map((u) => makeAddress(`vault:${u}`));
const tokens = ["t0", "t1", "t2", "t3"];
const firstOwners = [seller, seller, buyer, carol];
const START = 1_000_000n;
/** The offer lock of these runs: the shortest allowed, so that `wait` passes it. */
const LOCK = 600;

type Op =
  | { kind: "create"; type: "ask" | "bid"; user: number; token: number; price: number; cw20: boolean; ttl: number | null }
  | { kind: "counter"; user: number; order: number; amount: number; sloppy: boolean }
  | { kind: "decide"; user: number; order: number; how: "take" | "makerOffer" | "takerOffer" }
  | { kind: "execute"; which: number }
  | { kind: "frontrun"; which: number; amount: number; withdraw: boolean }
  | { kind: "withdraw"; user: number; order: number; side: "maker" | "taker" }
  | { kind: "cancel"; user: number; order: number }
  | { kind: "expire"; order: number; batch: boolean }
  | { kind: "claim"; user: number }
  | { kind: "advance"; blocks: number }
  | { kind: "pause"; on: boolean }
  | { kind: "fee"; bps: number }
  | { kind: "listAsset"; cw20: boolean; on: boolean }
  | { kind: "compliance"; user: number; on: boolean }
  | { kind: "quarantine"; token: number; on: boolean }
  | { kind: "edit"; token: number; jurisdiction: string }
  | { kind: "stray"; cw20: boolean; amount: number }
  | { kind: "wait" }
  | { kind: "continue"; limit: number }
  | { kind: "dustCancel"; n: number };

const user = fc.nat(2);
const order = fc.nat(60);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("create" as const), type: fc.constantFrom("ask" as const, "bid" as const), user, token: fc.nat(3), price: fc.integer({ min: 1, max: 1000 }), cw20: fc.boolean(), ttl: fc.option(fc.integer({ min: 1, max: 4 })) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("counter" as const), user, order, amount: fc.integer({ min: 1, max: 1200 }), sloppy: fc.boolean() }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("decide" as const), user, order, how: fc.constantFrom("take" as const, "makerOffer" as const, "takerOffer" as const) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("execute" as const), which: fc.nat(5) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("frontrun" as const), which: fc.nat(5), amount: fc.integer({ min: 1, max: 1200 }), withdraw: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), user, order, side: fc.constantFrom("maker" as const, "taker" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancel" as const), user, order }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("expire" as const), order, batch: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("claim" as const), user }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("advance" as const), blocks: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("pause" as const), on: fc.nat(3).map((n) => n === 0) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("fee" as const), bps: fc.integer({ min: 0, max: 1000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("listAsset" as const), cw20: fc.boolean(), on: fc.nat(2).map((n) => n > 0) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("compliance" as const), user, on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("quarantine" as const), token: fc.nat(3), on: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("edit" as const), token: fc.nat(3), jurisdiction: fc.constantFrom("DE", "FR", "KY") }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("stray" as const), cw20: fc.boolean(), amount: fc.integer({ min: 1, max: 50 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: "wait" as const }) },
);

/** The moves of a migration from 0.1.0: pages of any size, and the dust bidder leaving. */
const migrationOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("continue" as const), limit: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("dustCancel" as const), n: fc.nat(100) }) },
);

const prelude: Op[] = [
  { kind: "create", type: "ask", user: 0, token: 0, price: 500, cw20: false, ttl: null },
  { kind: "create", type: "ask", user: 1, token: 2, price: 300, cw20: true, ttl: 6 },
  { kind: "create", type: "bid", user: 2, token: 1, price: 400, cw20: false, ttl: null },
  { kind: "create", type: "bid", user: 0, token: 3, price: 200, cw20: true, ttl: 8 },
];

const kindOf = (o: Order): AssetKind => (o.asset.native !== undefined ? "native" : "cw20");
const max0 = (x: bigint) => (x > 0n ? x : 0n);
type Json = Record<string, unknown>;

/** What a party signed when it decided to take: checked against the settlement if the message executes. */
interface Decision {
  who: string;
  orderId: number;
  msg: Json;
  pay: bigint;
  nftFrom: "send" | "escrowed" | "none";
  /** The price the signer agreed to (the order's terms, or the offer's amount). */
  amount: bigint;
  buys: boolean;
  /** The offer accepted, if the decision names one. */
  offerId: number | null;
}

/** What the model knows that the chain does not tell: strays sent, trades checked. */
class Model {
  strays: Record<AssetKind, bigint> = { native: 0n, cw20: 0n };
  rightful = new Map(tokens.map((t, i) => [t, firstOwners[i]]));
  settled = new Set<number>();
  pending: Decision[] = [];
  quarantined = new Set<string>();
  /** Each offer's terms as first seen: an offer id's terms never change (only its status does). */
  offerTerms = new Map<string, string>();
  offList = new Set<string>();
}

class Player {
  readonly m = new Model();
  private ids: number[] = [];
  /** Dave's dust bids from the 0.1.0 book. */
  dust: number[] = [];
  /** The first height of escrow 0.2.0: offers made before it (under 0.1.0) have no lock. */
  since = 0;

  constructor(
    readonly w: World,
    ids: number[] = [],
  ) {
    this.ids = [...ids];
  }

  /** Whether the 0.1.0 migration is still running (its cursor is stored). */
  migrating(): boolean {
    return this.w.app.queryRaw(this.w.address, Buffer.from("migration")) !== undefined;
  }

  /** Whether order `id` is still stored as 0.1.0 wrote it (open and not migrated yet): read raw, as the test knows the layout. */
  unmigrated(id: number): boolean {
    const key = Buffer.concat([Buffer.from([0, 6]), Buffer.from("orders"), Buffer.alloc(8)]);
    key.writeBigUInt64BE(BigInt(id), 8);
    const raw = this.w.app.queryRaw(this.w.address, key);
    if (!raw) return false;
    const rec = JSON.parse(Buffer.from(raw).toString()) as Record<string, unknown>;
    return "taker_party" in rec && rec.status === "open";
  }

  /**
   * A trading move on order `o` (counter-offer, taking, accepting): it may succeed only on an
   * order that pinned its terms; one not migrated yet, or migrated without pinned terms, is exit-only.
   */
  private trading(o: Order, move: () => TxResult): TxResult {
    const exitOnly = o.status === "open" && o.pinned === null;
    const res = move();
    expect(exitOnly, `order ${o.id} has no pinned terms, yet a trading move on it succeeded`).toBe(false);
    return res;
  }

  /**
   * `move` withdraws or revises `offer` on behalf of its proposer: refused as locked exactly while
   * the block time is before the offer's locked_until (it may fail for other reasons too).
   */
  private unlocking(offer: Offer | undefined, move: () => TxResult): void {
    const locked = offer !== undefined && offer.side === "taker" && offer.locked_until !== null && this.w.app.block.time < BigInt(offer.locked_until);
    try {
      move();
    } catch (e) {
      if (e instanceof TxError && !locked) expect(e.message).not.toMatch(/is locked for/);
      if (e instanceof TxError && locked) expect(e.message).toMatch(/is locked for \d+ more seconds|Trading is paused|has expired|no longer allowlisted|pinned no terms|not migrated yet/);
      throw e;
    }
    expect(locked, `offer ${offer?.id} was withdrawn or revised while locked`).toBe(false);
  }

  /** Refused messages are part of the sequence (the invariants hold regardless); any other error fails the property. */
  apply(o: Op): void {
    try {
      this.run(o);
    } catch (e) {
      if (!(e instanceof TxError)) throw e;
    }
  }

  private run(o: Op): void {
    const w = this.w;
    switch (o.kind) {
      case "advance":
        return w.app.advanceBlocks(o.blocks);
      case "wait":
        return w.app.advanceBlocks(1, LOCK);
      case "continue":
        return void w.escrow.execute(dave, { continue_migration: { limit: o.limit } });
      case "dustCancel": {
        const open = this.dust.filter((id) => w.order(id).status === "open");
        if (open.length > 0) w.escrow.execute(dave, { cancel: { order_id: open[o.n % open.length] } });
        return;
      }
      case "pause":
        return void w.escrow.execute(owner, { set_paused: { paused: o.on } });
      case "fee":
        return void w.escrow.execute(owner, { update_config: { fee_bps: o.bps } });
      case "listAsset": {
        const list = o.cw20 ? "cw20_tokens" : "native_denoms";
        const entry = o.cw20 ? w.token.address : USDC;
        return void w.escrow.execute(owner, { update_allowlist: { list, add: o.on ? [entry] : [], remove: o.on ? [] : [entry] } });
      }
      case "compliance": {
        const u = users[o.user];
        w.nft.execute(nftOwner, { update_allowlist: { add: o.on ? [u] : [], remove: o.on ? [] : [u] } });
        if (o.on) this.m.offList.delete(u);
        else this.m.offList.add(u);
        return;
      }
      case "quarantine": {
        const t = tokens[o.token];
        w.nft.execute(nftOwner, o.on ? { quarantine: { token_id: t, reason: "dispute" } } : { lift_quarantine: { token_id: t } });
        if (o.on) this.m.quarantined.add(t);
        else this.m.quarantined.delete(t);
        return;
      }
      case "edit":
        // The minter (the seller minted every token) rewrites a token's terms while it holds it.
        return void w.nft.execute(seller, { update_nft_info: { token_id: tokens[o.token], extension: { jurisdiction: o.jurisdiction } } });
      case "stray": {
        const kind: AssetKind = o.cw20 ? "cw20" : "native";
        if (kind === "native") w.app.send(dave, { bank: { send: { to_address: w.address, amount: [{ denom: USDC, amount: String(o.amount) }] } } });
        else w.token.execute(dave, { transfer: { recipient: w.address, amount: String(o.amount) } });
        this.m.strays[kind] += BigInt(o.amount);
        return;
      }
      case "create":
        return this.create(o);
      case "execute":
        return this.execute(o.which);
      case "frontrun":
        return this.frontrun(o.which, BigInt(o.amount), o.withdraw);
      case "claim":
        return this.withdrawClaims(users[o.user]);
    }
    const id = this.pick(o.order);
    if (id === undefined) return;
    if (o.kind === "expire") return void w.escrow.execute(dave, o.batch ? { expire_batch: { order_ids: [id, this.ids[0]] } } : { expire: { order_id: id } });
    const who = users[o.user];
    if (o.kind === "cancel") return void w.escrow.execute(who, { cancel: { order_id: id } });
    const ord = w.order(id);
    if (o.kind === "decide") return this.decide(o.user, ord, o.how);
    if (o.kind === "withdraw") {
      // The maker withdraws its counter, or the proposer of one of the live counterparty offers its own.
      const takers = this.liveOffers(ord);
      const offer = o.side === "maker" ? this.makerOffer(ord) : takers[o.user % Math.max(1, takers.length)];
      if (offer) this.unlocking(offer, () => w.escrow.execute(offer.proposer, { withdraw_offer: { order_id: id, offer_id: offer.id } }));
      return;
    }
    const amount = BigInt(o.amount);
    const fudge = (x: bigint) => (o.sloppy && x > 1n ? x - 1n : x);
    const msg = { counter_offer: { order_id: id, amount: amount.toString() } };
    const own = ord.maker === who ? undefined : this.liveOffers(ord).find((x) => x.proposer === who);
    this.unlocking(own, () =>
      this.trading(ord, () => {
        if (ord.maker === who) return this.pay(who, ord, ord.kind === "bid" ? fudge(max0(amount - BigInt(ord.maker_escrow))) : 0n, msg);
        if (ord.kind === "ask") return this.pay(who, ord, fudge(amount), msg);
        return this.withNft(who, ord, msg);
      }),
    );
  }

  /**
   * A party reads the order and signs a taking message; it executes later (execute). The party
   * is the one that can take: for `take` and the maker's offer a counterparty (on a bid the
   * token's holder), for a counterparty's offer the maker.
   */
  private decide(pick: number, o: Order, how: "take" | "makerOffer" | "takerOffer"): void {
    const w = this.w;
    const others = users.filter((u) => u !== o.maker);
    const counterparty = o.kind === "ask" ? others[pick % others.length] : (o.nft_depositor ?? this.holderOr(o.token_id, others[pick % others.length]));
    const who = how === "takerOffer" ? o.maker : counterparty;
    const base = { who, orderId: o.id, nftFrom: "none" as Decision["nftFrom"], buys: o.kind === "ask" };
    if (how === "take") {
      if (o.pinned === null && !tokens.includes(o.token_id)) return;
      // An order without pinned terms: the taker names what it reads of the token now (and must be refused).
      const terms = o.pinned !== null ? w.terms(o.id) : { order_id: o.id, price: { asset: o.asset, amount: o.price }, collection: o.collection, token_id: o.token_id, ...w.facts(o.token_id) };
      const pay = o.kind === "ask" ? BigInt(o.price) : 0n;
      this.m.pending.push({ ...base, msg: { [o.kind === "ask" ? "accept_ask" : "accept_bid"]: terms }, pay, amount: BigInt(o.price), offerId: null, nftFrom: o.kind === "bid" ? this.nftSource(who, o) : "none" });
    } else if (how === "makerOffer") {
      const offer = this.makerOffer(o);
      if (!offer) return;
      const own = this.liveOffers(o).find((x) => x.proposer === who);
      const pay = o.kind === "ask" ? max0(BigInt(offer.amount) - (own ? BigInt(own.amount) : 0n)) : 0n;
      this.m.pending.push({ ...base, msg: { accept_offer: { order_id: o.id, offer_id: offer.id } }, pay, amount: BigInt(offer.amount), offerId: offer.id, nftFrom: o.kind === "bid" ? this.nftSource(who, o) : "none" });
    } else {
      // The maker accepts one of the live counterparty offers.
      const offers = this.liveOffers(o);
      if (offers.length === 0) return;
      const offer = offers[pick % offers.length];
      const pay = o.kind === "bid" ? max0(BigInt(offer.amount) - BigInt(o.maker_escrow)) : 0n;
      this.m.pending.push({ ...base, buys: o.kind === "bid", msg: { accept_offer: { order_id: o.id, offer_id: offer.id } }, pay, amount: BigInt(offer.amount), offerId: offer.id });
    }
  }

  /**
   * The other side moves between a decision and its execution: against a taker, the maker
   * revises its price (a bid's escrow follows) or withdraws its offer; against a maker accepting
   * an offer, that offer's proposer revises it or withdraws it.
   */
  private frontrun(which: number, amount: bigint, withdraw: boolean): void {
    const d = this.m.pending[which % Math.max(1, this.m.pending.length)];
    if (!d) return;
    const w = this.w;
    const o = w.order(d.orderId);
    if (d.who !== o.maker) {
      const mine = this.makerOffer(o);
      if (withdraw && mine) w.escrow.execute(o.maker, { withdraw_offer: { order_id: o.id, offer_id: mine.id } });
      else this.pay(o.maker, o, o.kind === "bid" ? max0(amount - BigInt(o.maker_escrow)) : 0n, { counter_offer: { order_id: o.id, amount: amount.toString() } });
      return;
    }
    const offer = w.offers(o.id).find((x) => x.id === d.offerId);
    if (!offer || offer.status !== "live") return;
    this.unlocking(offer, () => {
      if (withdraw) return w.escrow.execute(offer.proposer, { withdraw_offer: { order_id: o.id, offer_id: offer.id } });
      if (o.kind === "ask") return this.pay(offer.proposer, o, amount, { counter_offer: { order_id: o.id, amount: amount.toString() } });
      return w.escrow.execute(offer.proposer, { counter_offer: { order_id: o.id, amount: amount.toString() } });
    });
  }

  private nftSource(who: string, o: Order): Decision["nftFrom"] {
    return o.nft_depositor === who ? "escrowed" : "send";
  }

  /** Runs a signed decision now, whatever happened since; if it executes, rule 3 is checked. */
  private execute(which: number): void {
    const d = this.m.pending.splice(which % Math.max(1, this.m.pending.length), 1)[0];
    if (!d) return;
    const w = this.w;
    const o = w.order(d.orderId);
    try {
      this.trading(o, () => {
        if (d.nftFrom === "send") return w.sendNft(d.who, o.token_id, d.msg);
        if (d.nftFrom === "escrowed" || d.pay === 0n) return w.escrow.execute(d.who, d.msg);
        return this.pay(d.who, o, d.pay, d.msg);
      });
    } catch (e) {
      if (e instanceof TxError) return; // refused: nothing moved (the chain drops a failed transaction's writes)
      throw e;
    }
    const after = w.order(d.orderId);
    // Rule 3, the taker's side: it signed `amount` (the order's price or the offer's amount), the asset and its price asset.
    expect(after.status).toBe("settled");
    const s = after.settlement!;
    expect(BigInt(s.amount)).toBe(d.amount);
    expect(d.buys ? s.buyer : s.seller).toBe(d.who);
    // The maker's side: its current price (taking the order or its own offer) or the offer it accepted itself.
    if (d.who !== o.maker) expect(s.amount).toBe(o.price);
    if (d.offerId !== null) expect(w.offers(d.orderId).find((x) => x.id === d.offerId)!.status).toBe("accepted");
    // The asset: what the signer named is what the collection says the token is after the trade.
    const info = w.nft.query<{ extension: { document_hash: string; face_value: { amount: string }; revision: number } }>({ nft_info: { token_id: o.token_id } });
    expect([info.extension.document_hash, info.extension.revision]).toEqual([o.pinned!.document_hash, o.pinned!.revision]);
    const { document_hash, face_value, revision } = info.extension;
    if (d.msg.accept_ask || d.msg.accept_bid) expect((d.msg.accept_ask ?? d.msg.accept_bid) as Json).toMatchObject({ document_hash, face_value, revision });
    // The fee never exceeds the one the order pinned.
    expect(BigInt(s.fee)).toBeLessThanOrEqual((BigInt(s.amount) * BigInt(o.pinned!.fee_bps)) / 10_000n);
  }

  /** Mostly an open order (where things can happen, dave's dust aside), sometimes any order ever made. */
  private pick(n: number): number | undefined {
    const open = this.w.escrow.query<{ orders: Order[] }>({ orders: { status: "open", limit: 100 } }).orders.map((x) => x.id).filter((id) => !this.dust.includes(id));
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

  liveOffers(o: Order): Offer[] {
    const live = this.w.escrow.query<{ offers: Offer[] }>({ offers: { order_id: o.id, live_only: true, limit: 100 } }).offers;
    this.sawOffers(o.id, live);
    return live.filter((x) => x.side === "taker");
  }

  /** Records the terms of offers seen; an id seen before must show the same terms. */
  sawOffers(orderId: number, offers: Offer[]): void {
    for (const x of offers) {
      const key = `${orderId}/${x.id}`;
      const terms = JSON.stringify([x.proposer, x.side, x.amount, x.height]);
      const seen = this.m.offerTerms.get(key);
      if (seen === undefined) this.m.offerTerms.set(key, terms);
      else expect(terms).toBe(seen);
    }
  }

  private makerOffer(o: Order): Offer | undefined {
    if (o.live_maker_offer === null) return undefined;
    return this.w.offers(o.id).find((x) => x.id === o.live_maker_offer);
  }

  private pay(who: string, ord: Order, amount: bigint, msg: Json): TxResult {
    return this.w.pay(who, kindOf(ord), amount, msg);
  }

  /** A bid's seller: its token is already escrowed in the order, or its holder sends it now. */
  private withNft(who: string, ord: Order, msg: Json): TxResult {
    if (ord.nft_depositor === who) return this.w.escrow.execute(who, msg);
    return this.w.sendNft(this.holderOr(ord.token_id, who), ord.token_id, msg);
  }

  private holderOr(token: string, fallback: string): string {
    const h = this.w.ownerOf(token);
    return users.includes(h) ? h : fallback;
  }

  /** Withdraws every claim of `u`: to itself, or to its vault while the collection would refuse it. */
  withdrawClaims(u: string): void {
    for (const c of this.w.claims(u)) {
      const toVault = "nft" in c.holding && this.m.offList.has(u);
      this.w.escrow.execute(u, { withdraw_claim: { claim_id: c.id, recipient: toVault ? vaults[users.indexOf(u)] : null } });
    }
  }
}

function allOrders(w: World): Order[] {
  const out: Order[] = [];
  let start: number | null = null;
  for (;;) {
    const page: { orders: Order[]; next_start_after: number | null } = w.escrow.query({ orders: { start_after: start, limit: 100 } });
    out.push(...page.orders);
    if (page.next_start_after === null || page.orders.length === 0) return out;
    start = page.next_start_after;
  }
}

function allClaims(w: World): Claim[] {
  return [...users, ...vaults, collector].flatMap((u) => w.claims(u));
}

/** Rightful owners follow the settlements; each seller must have been the rightful owner. */
function observe(w: World, m: Model, orders: Order[]): void {
  for (const o of orders) {
    if (o.status !== "settled" || m.settled.has(o.id)) continue;
    m.settled.add(o.id);
    const s = o.settlement!;
    expect(s.seller).toBe(m.rightful.get(o.token_id));
    expect(o.kind === "ask" ? s.seller : s.buyer).toBe(o.maker);
    m.rightful.set(o.token_id, s.buyer);
  }
}

/**
 * Per order: escrows as the README's invariant 2 says; a live counterparty offer is locked until
 * the time of its block plus the lock (offers made under 0.1.0, before `since`, have no lock).
 */
function checkOrder(w: World, o: Order, live: Offer[], since: number): void {
  if (o.status !== "open") {
    expect([o.maker_escrow, o.taker_escrow, o.nft_depositor, o.live_maker_offer, o.live_taker_offers]).toEqual(["0", "0", null, null, 0]);
    expect(o.settlement !== null).toBe(o.status === "settled");
    expect(live).toEqual([]);
    return;
  }
  expect(live.length).toBe(o.live_taker_offers);
  expect(live.length).toBeLessThanOrEqual(10);
  for (const x of live) {
    if (x.height < since) expect(x.locked_until).toBeNull();
    else expect(x.locked_until).toBe((w.app.blockTime(x.height) + BigInt(LOCK) * 1_000_000_000n).toString());
  }
  expect(new Set(live.map((x) => x.proposer)).size).toBe(live.length);
  if (o.kind === "ask") {
    expect(o.maker_escrow).toBe("0");
    expect(o.nft_depositor).toBe(o.maker);
    expect(BigInt(o.taker_escrow)).toBe(live.reduce((s, x) => s + BigInt(x.amount), 0n));
  } else {
    expect(o.maker_escrow).toBe(o.price);
    expect(o.taker_escrow).toBe("0");
    expect(o.nft_depositor).toBe(live.length === 1 ? live[0].proposer : null);
  }
}

function checkInvariants(w: World, p: Player): void {
  const m = p.m;
  const orders = allOrders(w);
  observe(w, m, orders);
  const open = orders.filter((o) => o.status === "open");
  const live = new Map(orders.map((o) => [o.id, o.status === "open" ? p.liveOffers(o) : []]));
  for (const o of orders) checkOrder(w, o, live.get(o.id)!, p.since);
  // Until its migration an order made under 0.1.0 is not counted in the holdings (it is, with what it escrows, once migrated).
  const counted = open.filter((o) => !p.unmigrated(o.id));
  const claims = allClaims(w);
  for (const kind of ["native", "cw20"] as AssetKind[]) {
    const asset = w.asset(kind);
    const mine = (list: Order[]) => list.filter((o) => kindOf(o) === kind);
    const fundClaims = claims.flatMap((c) => ("funds" in c.holding && JSON.stringify(c.holding.funds.asset) === JSON.stringify(asset) ? [{ owner: c.owner, amount: BigInt(c.holding.funds.amount) }] : []));
    // 1. holdings = escrow + claims (of the migrated orders); the contract holds that plus the strays (and what 0.1.0 orders not migrated yet escrow)
    const escrowOf = (list: Order[]) => mine(list).reduce((s, o) => s + BigInt(o.maker_escrow) + BigInt(o.taker_escrow), 0n);
    const escrowed = escrowOf(open);
    const claimed = fundClaims.reduce((s, c) => s + c.amount, 0n);
    expect(w.owed(kind)).toBe(escrowOf(counted) + claimed);
    expect(w.balance(w.address, kind)).toBe(escrowed + claimed + m.strays[kind]);
    // 2. wallet + vault + escrowed for it + claims = initial + sales − purchases; the collector has the fees
    const settled = mine(orders.filter((o) => o.status === "settled"));
    users.forEach((u, i) => {
      const escrowedFor = mine(open).reduce((s, o) => s + (o.maker === u ? BigInt(o.maker_escrow) : 0n) + live.get(o.id)!.reduce((t, x) => t + (o.kind === "ask" && x.proposer === u ? BigInt(x.amount) : 0n), 0n), 0n);
      const owedTo = fundClaims.filter((c) => c.owner === u || c.owner === vaults[i]).reduce((s, c) => s + c.amount, 0n);
      const net = settled.reduce((s, o) => {
        const t = o.settlement!;
        return s + (t.seller === u ? BigInt(t.amount) - BigInt(t.fee) : 0n) - (t.buyer === u ? BigInt(t.amount) : 0n);
      }, 0n);
      expect(w.balance(u, kind) + w.balance(vaults[i], kind) + escrowedFor + owedTo).toBe(START + net);
    });
    const fees = settled.reduce((s, o) => s + BigInt(o.settlement!.fee), 0n);
    const collectorClaims = fundClaims.filter((c) => c.owner === collector).reduce((s, c) => s + c.amount, 0n);
    expect(w.balance(collector, kind) + collectorClaims).toBe(fees);
  }
  for (const t of tokens) {
    const rightful = m.rightful.get(t)!;
    const escrowing = open.filter((o) => o.token_id === t && o.nft_depositor !== null);
    const claimedBy = claims.filter((c) => "nft" in c.holding && c.holding.nft.token_id === t);
    const holder = w.ownerOf(t);
    if (holder === w.address) {
      expect(escrowing.length + claimedBy.length).toBe(1);
      expect(escrowing.length === 1 ? escrowing[0].nft_depositor : claimedBy[0].owner).toBe(rightful);
    } else {
      expect([escrowing.length, claimedBy.length]).toEqual([0, 0]);
      expect([rightful, vaults[users.indexOf(rightful)]]).toContain(holder);
    }
  }
}

/** Every party exits from whatever state the sequence left, then nothing remains in the escrow but what strangers sent, which the owner sweeps. */
function everyoneExits(w: World, player: Player): void {
  // No maker's cancel can fail.
  for (const o of allOrders(w).filter((x) => x.status === "open")) w.escrow.execute(o.maker, { cancel: { order_id: o.id } });
  checkInvariants(w, player);
  // The collection lets tokens move again (disputes end); every claim is withdrawn, to the owner or its vault.
  for (const t of player.m.quarantined) w.nft.execute(nftOwner, { lift_quarantine: { token_id: t } });
  player.m.quarantined.clear();
  for (const u of [...users, collector, dave]) player.withdrawClaims(u);
  expect(allClaims(w)).toEqual([]);
  checkInvariants(w, player);
  for (const kind of ["native", "cw20"] as AssetKind[]) {
    expect(w.owed(kind)).toBe(0n);
    if (player.m.strays[kind] > 0n) w.escrow.execute(owner, { sweep: { asset: w.asset(kind), recipient: dave } });
    expect(w.balance(w.address, kind)).toBe(0n);
  }
  for (const t of tokens) expect(w.ownerOf(t)).not.toBe(w.address);
  for (const o of allOrders(w)) player.sawOffers(o.id, w.offers(o.id));
}

/** The collection (compliance on, every user and vault listed), the tokens and the users' funds. */
function world(): World {
  const w = setup({ offer_lock_seconds: LOCK });
  tokens.forEach((t, i) => w.mint(t, firstOwners[i]));
  for (const u of users) w.fund(u, START);
  w.fund(dave, START);
  w.nft.execute(nftOwner, { update_allowlist: { add: [...users, ...vaults, w.address], remove: [] } });
  w.nft.execute(nftOwner, { set_compliance: { enabled: true } });
  return w;
}

describe("escrow invariants", () => {
  it("holdings are escrow + claims, nobody has less than it is owed, executed trades keep signed terms, offers unlock only when their lock has passed; every party can exit", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 20, maxLength: 50 }), (ops) => {
        const w = world();
        const player = new Player(w);
        // A few orders to start from: an ask and a bid in each payment asset.
        for (const o of prelude) player.apply(o);
        for (const o of ops) {
          player.apply(o);
          checkInvariants(w, player);
        }
        everyoneExits(w, player);
      }),
      { numRuns: 25 },
    );
  });

  it("from a 0.1.0 book: migration pages interleave with every move; an order not migrated is never traded, leaving it always works", () => {
    fc.assert(
      fc.property(fc.integer({ min: 52, max: 70 }), fc.nat(2), fc.array(fc.oneof({ weight: 4, arbitrary: op }, { weight: 1, arbitrary: migrationOp }), { minLength: 20, maxLength: 45 }), (dust, at, ops) => {
        const { w, player } = fromLegacyBook(dust, at);
        for (const o of ops) {
          player.apply(o);
          checkInvariants(w, player);
        }
        // Keepers finish the migration: from then on the holdings count every order.
        while (player.migrating() && attr(w.escrow.execute(dave, { continue_migration: { limit: 200 } }), w.address, "migration") !== "done");
        for (const o of allOrders(w)) expect(player.unmigrated(o.id)).toBe(false);
        checkInvariants(w, player);
        everyoneExits(w, player);
      }),
      { numRuns: 12 },
    );
  });
});

/**
 * Escrow 0.1.0 (the released wasm) with `dust` bids of 1 unit by dave on token ids that do not
 * exist and, among the last three of them (beyond migrate's first page of 50), real orders with live offers in both assets — an ask
 * countered by a buyer and revised by its seller, an ask in cw20 countered, a bid countered with
 * the NFT, a cw20 bid, an expiring bid — then migrated to the code under test: its first page
 * (50 orders) migrates part of the book.
 */
function fromLegacyBook(dust: number, at: number): { w: World; player: Player } {
  let w = world();
  const wasm = fs.readFileSync(path.join(ROOT, "tests", "fixtures", "releases", "escrow-0.1.0.wasm"));
  const code = w.app.storeCode(owner, wasm).codeId;
  const old = w.app.instantiate(owner, code, { fee_bps: FEE_BPS, fee_collector: collector, collections: [w.nft.address], native_denoms: [USDC], cw20_tokens: [w.token.address] }, "escrow-0.1.0", [], owner).contractAddress;
  w.nft.execute(nftOwner, { update_allowlist: { add: [old], remove: [] } });
  const id = (res: TxResult) => Number(attr(res, old, "order_id"));
  const native = (n: number) => [{ denom: USDC, amount: String(n) }];
  const cw20 = (sender: string, n: number, hook: unknown) => w.token.execute(sender, { send: { contract: old, amount: String(n), msg: b64(hook) } });
  const nft = (sender: string, token: string, hook: unknown) => w.nft.execute(sender, { send_nft: { contract: old, token_id: token, msg: b64(hook) } });
  const counter = (order: number, n: number) => ({ counter_offer: { order_id: order, amount: String(n) } });
  const dustIds: number[] = [];
  const real: number[] = [];
  for (let i = 0; i < dust; i++) {
    if (i === dust - 1 - (at % 3)) {
      const a0 = id(nft(seller, "t0", { create_ask: { price: { asset: { native: USDC }, amount: "500" } } }));
      w.app.execute(buyer, old, counter(a0, 400), native(400));
      w.app.execute(seller, old, counter(a0, 450));
      const a2 = id(nft(buyer, "t2", { create_ask: { price: { asset: { cw20: w.token.address }, amount: "300" } } }));
      cw20(carol, 250, counter(a2, 250));
      const b1 = id(w.app.execute(carol, old, { create_bid: { collection: w.nft.address, token_id: "t1" } }, native(400)));
      nft(seller, "t1", counter(b1, 450));
      const b3 = id(cw20(seller, 200, { create_bid: { collection: w.nft.address, token_id: "t3" } }));
      const b3b = id(w.app.execute(buyer, old, { create_bid: { collection: w.nft.address, token_id: "t3", expires: { at_height: w.app.block.height + 4 } } }, native(150)));
      real.push(a0, a2, b1, b3, b3b);
    }
    dustIds.push(id(i % 2 === 0 ? w.app.execute(dave, old, { create_bid: { collection: w.nft.address, token_id: `ghost-${i}` } }, native(1)) : cw20(dave, 1, { create_bid: { collection: w.nft.address, token_id: `ghost-${i}` } })));
  }
  w.app.advanceBlocks(1); // the upgrade in a later block: offers made under 0.1.0 are the ones below it
  w.app.migrate(owner, old, w.app.storeCode(owner, contractWasm("escrow")).codeId, {});
  w = new World(w.app, w.nft, w.token, new Deployed(w.app, old, w.escrow.schema));
  w.escrow.execute(owner, { update_config: { offer_lock_seconds: LOCK } });
  const player = new Player(w, real);
  player.dust = dustIds;
  player.since = w.app.block.height;
  return { w, player };
}
