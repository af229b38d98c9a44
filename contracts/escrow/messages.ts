// The escrow DEX's messages, responses and stored records: the one definition from which
// `npm run schema` derives schema/escrow.json (for clients) and src/msg.ts (the codec).
// The cw721 and cw20 messages the escrow receives and sends come from their own definitions.

import nft from "../nft/messages";
import cw20, { Cw20ReceiveMsg } from "../../tools/schema/cw20";
import {
  Def,
  addr,
  array,
  bool,
  contract,
  enumOf,
  expiration,
  option,
  ownership,
  ownershipAction,
  ref,
  string,
  struct,
  u32,
  u64,
  uint128,
} from "../../tools/schema/dsl";

/** The payload struct of variant `name` of a message enum. */
function payload(msg: Def, name: string): Def {
  const v = msg.kind === "enum" ? msg.variants.find((x) => x.name === name) : undefined;
  if (!v || v.payload === null || !("fields" in v.payload)) throw new Error(`no struct variant ${name} in ${msg.name}`);
  return v.payload as Def;
}

const ReceiveNftMsg = (nft.extra ?? []).find((d) => d.name === "ReceiveNftMsg");
if (!ReceiveNftMsg) throw new Error("nft messages define no ReceiveNftMsg");

const AssetInfo = enumOf(
  "AssetInfo",
  { native: string, cw20: string },
  'What a price is paid in: {"native":"<denom>"} (e.g. an IBC stablecoin) or {"cw20":"<token contract>"}.',
);

const Price = struct("Price", { asset: ref(AssetInfo), amount: uint128 });

const OrderKind = enumOf("OrderKind", { ask: null, bid: null }, "ask: the maker sells its escrowed NFT; bid: the maker buys a token with escrowed funds.");

const OrderStatus = enumOf(
  "OrderStatus",
  { open: null, settled: null, cancelled: null, expired: null },
  "open until settled (traded), cancelled (by the maker) or expired (by anyone after `expires`); the last three are final.",
);

const OfferSide = enumOf("OfferSide", { maker: null, taker: null }, "Who proposed: the order's maker (a price revision) or a counterparty.");

const OfferStatus = enumOf(
  "OfferStatus",
  { live: null, superseded: null, withdrawn: null, accepted: null, closed: null },
  "live: the latest offer of its side, acceptable; superseded: replaced by a newer one of the same side; withdrawn: by its proposer; accepted: settled the order; closed: the order settled on other terms, was cancelled or expired.",
);

const Allowlist = enumOf("Allowlist", { collections: null, native_denoms: null, cw20_tokens: null }, "The owner-managed lists of accepted NFT collections and payment assets.");

const Settlement = struct(
  "Settlement",
  {
    buyer: addr,
    seller: addr,
    amount: { type: uint128, doc: "The agreed price the buyer paid." },
    fee: { type: uint128, doc: "floor(amount × fee_bps / 10000), sent to the fee collector; the seller got amount − fee." },
  },
  "How an order was settled.",
);

const Order = struct(
  "Order",
  {
    id: u64,
    kind: ref(OrderKind),
    maker: addr,
    collection: addr,
    token_id: string,
    asset: ref(AssetInfo),
    price: { type: uint128, doc: "The maker's current price: what a taker pays (ask) or receives (bid) when taking the order." },
    list_price: { type: uint128, doc: "The price the order was created with; withdrawing the maker's counter-offer restores it." },
    taker: { type: option(addr), doc: "When set, only this address may take, counter or accept the order." },
    expires: option(expiration),
    status: ref(OrderStatus),
    maker_escrow: { type: uint128, doc: "Funds the maker has in escrow: the price for a bid, 0 for an ask." },
    taker_escrow: { type: uint128, doc: "Funds the live taker offer has in escrow (asks only)." },
    taker_party: { type: option(addr), doc: "Who made the live taker offer." },
    nft_depositor: { type: option(addr), doc: "Who the escrowed NFT goes back to if the order closes unsettled; null when the contract holds no NFT for this order." },
    live_maker_offer: option(u64),
    live_taker_offer: option(u64),
    offer_count: { type: u64, doc: "Offers made so far; offer ids run from 1 to offer_count." },
    created_height: u64,
    closed_height: option(u64),
    settlement: option(ref(Settlement)),
  },
  "An order as stored and answered.",
);

const Offer = struct(
  "Offer",
  {
    id: u64,
    proposer: addr,
    side: ref(OfferSide),
    amount: uint128,
    status: ref(OfferStatus),
    height: { type: u64, doc: "Block height of the proposal." },
  },
  "One proposal in an order's negotiation.",
);

const Config = struct(
  "Config",
  {
    fee_bps: { type: u32, doc: "Protocol fee in basis points of the settled price, at most 1000 (10%)." },
    fee_collector: addr,
    paused: { type: bool, doc: "When true no order can be created, taken or negotiated; cancel, expire and withdraw_offer still work." },
  },
  "Settings as stored.",
);

const CreateAsk = struct(
  "CreateAsk",
  { price: ref(Price), expires: option(expiration), taker: option(string) },
  "A sell order for the token sent with send_nft.",
);

const CreateBid = struct(
  "CreateBid",
  { collection: string, token_id: string, expires: option(expiration), taker: option(string) },
  "A buy order for one token, escrowing the funds sent (one native coin, or the cw20 amount sent).",
);

const OrderRef = struct("OrderRef", { order_id: u64 });
const OfferRef = struct("OfferRef", { order_id: u64, offer_id: u64 });
const CounterOffer = struct(
  "CounterOffer",
  { order_id: u64, amount: { type: uint128, doc: "The proposed price, in the order's asset." } },
  "The maker revises its price; a counterparty proposes one (escrowing the amount on an ask, the NFT on a bid).",
);

const NftHookMsg = enumOf(
  "NftHookMsg",
  {
    create_ask: CreateAsk,
    accept_bid: { doc: "Sells the token sent to the bid at its price.", payload: OrderRef },
    counter_offer: { doc: "A token owner's offer on a bid; the token stays in escrow while the offer is live.", payload: CounterOffer },
    accept_offer: { doc: "Accepts the maker's live counter-offer on a bid, selling the token sent.", payload: OfferRef },
  },
  "The msg of send_nft (base64 JSON) to the escrow.",
);

const Cw20HookMsg = enumOf(
  "Cw20HookMsg",
  {
    create_bid: CreateBid,
    accept_ask: { doc: "Buys at the ask's price; the amount sent must equal it.", payload: OrderRef },
    counter_offer: { doc: "The amount sent is the top-up the message needs (the offer on an ask, the raise of a bid).", payload: CounterOffer },
    accept_offer: { doc: "The amount sent is the top-up the acceptance needs.", payload: OfferRef },
    withdraw_offer: { doc: "For a bid maker whose withdrawn counter restores a higher list price: the amount sent is the difference.", payload: OfferRef },
  },
  "The msg of a cw20 send (base64 JSON) to the escrow; the token must be allowlisted.",
);

const pagination = { limit: option(u32) };

export default contract({
  contractName: "crates.io:persistence-rwa-escrow",
  contractVersion: "0.1.0",
  instantiate: struct("InstantiateMsg", {
    owner: { type: option(string), doc: "Contract owner (two-step transferable); defaults to the sender." },
    fee_bps: { type: u32, doc: "At most 1000." },
    fee_collector: string,
    collections: { type: option(array(string)), doc: "Allowlisted cw721 contracts." },
    native_denoms: { type: option(array(string)), doc: "Allowlisted native payment denoms." },
    cw20_tokens: { type: option(array(string)), doc: "Allowlisted cw20 payment tokens." },
  }),
  execute: enumOf("ExecuteMsg", {
    receive_nft: { doc: 'cw721 hook: send_nft with msg = base64 of an NftHookMsg ({"create_ask":…}, {"accept_bid":…}, …).', payload: ReceiveNftMsg },
    receive: { doc: 'cw20 hook: send with msg = base64 of a Cw20HookMsg ({"create_bid":…}, {"accept_ask":…}, …).', payload: Cw20ReceiveMsg },
    create_bid: { doc: "A bid paid with exactly one allowlisted native coin.", payload: CreateBid },
    accept_ask: { doc: "Buys at the ask's price, attached exactly.", payload: OrderRef },
    accept_bid: { doc: "Sells to the bid at its price the token the sender already escrowed in this order (else use send_nft).", payload: OrderRef },
    counter_offer: { doc: "Proposes a price; native funds attached as the order needs (see the README).", payload: CounterOffer },
    accept_offer: { doc: "Accepts the other side's live offer, with any top-up attached; settles the order.", payload: OfferRef },
    withdraw_offer: { doc: "Withdraws the sender's live offer: a taker gets its escrow back, a maker restores the list price.", payload: OfferRef },
    cancel: { doc: "The maker closes its open order; everything escrowed goes back.", payload: OrderRef },
    expire: { doc: "Anyone closes an open order past its expiry; everything escrowed goes back.", payload: OrderRef },
    expire_batch: { doc: "expire for up to 20 orders; those that are not open and expired are skipped.", payload: { order_ids: array(u64) } },
    update_config: { fee_bps: option(u32), fee_collector: option(string) },
    update_allowlist: { doc: "At most 100 entries per message.", payload: { list: ref(Allowlist), add: array(string), remove: array(string) } },
    set_paused: { paused: bool },
    update_ownership: ownershipAction,
  }),
  query: enumOf("QueryMsg", {
    config: {},
    ownership: {},
    order: { id: u64 },
    orders: {
      doc: "Orders by id, filtered; the most selective filter picks the index, at most 300 entries are scanned per call (continue from next_start_after).",
      payload: {
        collection: option(string),
        token_id: { type: option(string), doc: "Needs collection." },
        maker: option(string),
        taker: option(string),
        status: option(ref(OrderStatus)),
        kind: option(ref(OrderKind)),
        start_after: option(u64),
        ...pagination,
      },
    },
    offers: { doc: "An order's offer history, oldest first.", payload: { order_id: u64, start_after: option(u64), ...pagination } },
    order_for_token: { doc: "The open ask of a token, or null.", payload: { collection: string, token_id: string } },
    allowlist: { list: ref(Allowlist), start_after: option(string), ...pagination },
  }),
  migrate: struct("MigrateMsg", {}),
  responses: {
    config: struct("ConfigResponse", { owner: option(string), fee_bps: u32, fee_collector: string, paused: bool }),
    ownership,
    order: Order,
    orders: struct("OrdersResponse", {
      orders: array(ref(Order)),
      next_start_after: { type: option(u64), doc: "Where to continue (start_after), or null when the scan reached the end." },
    }),
    offers: struct("OffersResponse", { offers: array(ref(Offer)) }),
    order_for_token: option(ref(Order)),
    allowlist: struct("AllowlistResponse", { entries: array(string) }),
  },
  extra: [NftHookMsg, Cw20HookMsg, Config, payload(nft.execute, "transfer_nft"), payload(cw20.execute, "transfer")],
});
