// The escrow DEX's messages, responses and stored records: the one definition from which
// `npm run schema` derives schema/escrow.json (for clients) and src/msg.ts (the codec).
// The cw721 and cw20 messages the escrow receives and sends come from their own definitions.

import { ReceiveNftMsg, TransferNft } from "@persistence-ts/interfaces/rwa-nft";
import cw20, { Cw20ReceiveMsg } from "@persistence-ts/interfaces/cw20";
import {
  Def,
  addr,
  array,
  bool,
  coin,
  contract,
  enumOf,
  expiration,
  option,
  ownership,
  ownershipAction,
  ref,
  string,
  struct,
  timestamp,
  u32,
  u64,
  uint128,
} from "@persistence-ts/schema/dsl";

/** The payload struct of variant `name` of a message enum. */
function payload(msg: Def, name: string): Def {
  const v = msg.kind === "enum" ? msg.variants.find((x) => x.name === name) : undefined;
  if (!v || v.payload === null || !("fields" in v.payload)) throw new Error(`no struct variant ${name} in ${msg.name}`);
  return v.payload as Def;
}


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
  { live: null, superseded: null, withdrawn: null, accepted: null, closed: null, outbid: null },
  "live: acceptable; superseded: its proposer made a newer one; withdrawn: by its proposer; accepted: settled the order; closed: the order settled on other terms, was cancelled or expired; outbid: the order had its maximum of live offers and a higher one took this one's place (its escrow went back).",
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

const PinnedTerms = struct(
  "PinnedTerms",
  {
    document_hash: { type: string, doc: "The token's document_hash (nft_info) when the order was made." },
    face_value: { type: coin, doc: "The token's face_value (nft_info) when the order was made." },
    asset_status: { type: string, doc: "The token's status (nft_info) when the order was made; the order settles only while it is unchanged." },
    revision: { type: u64, doc: "The revision of the token's terms (nft_info extension.revision, which the collection must answer) when the order was made: any change of its metadata or status since makes the order unfillable." },
    fee_bps: { type: u32, doc: "The protocol fee when the order was made: the most the order can be charged (a lower fee in force at settlement applies)." },
  },
  "What an order pins at creation: the asset as its collection described it (re-checked at settlement), the revision of its terms and the highest fee.",
);

/** Order fields shared by the stored order and the 0.1.0 record it migrates from. */
const orderHead = {
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
};

const Order = struct(
  "Order",
  {
    ...orderHead,
    pinned: {
      type: option(ref(PinnedTerms)),
      doc: "The pinned asset and fee. Null only for an order made under 0.1.0 that pinned nothing: closed before its migration, not migrated yet, or on a collection that answered no revision when it was migrated. An open order without pinned terms can be left (cancel, expire, withdraw_offer), never traded.",
    },
    maker_escrow: { type: uint128, doc: "Funds the maker has in escrow: the price for a bid, 0 for an ask." },
    taker_escrow: { type: uint128, doc: "Funds the live counterparty offers have in escrow, together (asks only)." },
    nft_depositor: { type: option(addr), doc: "Who the escrowed NFT goes back to if the order closes unsettled; null when the contract holds no NFT for this order." },
    live_maker_offer: option(u64),
    live_taker_offers: { type: u32, doc: "How many counterparty offers are live (at most 10; on a bid at most the one backed by the token)." },
    offer_count: { type: u64, doc: "Offers made so far; offer ids run from 1 to offer_count." },
    created_height: u64,
    closed_height: option(u64),
    settlement: option(ref(Settlement)),
  },
  "An order as stored and answered.",
);

const LegacyOrder = struct(
  "LegacyOrder",
  {
    ...orderHead,
    maker_escrow: uint128,
    taker_escrow: uint128,
    taker_party: option(addr),
    nft_depositor: option(addr),
    live_maker_offer: option(u64),
    live_taker_offer: option(u64),
    offer_count: u64,
    created_height: u64,
    closed_height: option(u64),
    settlement: option(ref(Settlement)),
  },
  "An order as version 0.1.0 stored it (one live offer per side): read by migrate, and for orders closed before it.",
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
    locked_until: {
      type: option(timestamp),
      doc: "A counterparty offer cannot be withdrawn or revised by its proposer before this block time (made + the offer lock then in force), so the maker can accept it meanwhile; closing the order or being outbid releases it at once. Null for maker offers and offers made under 0.1.0.",
    },
  },
  "One proposal in an order's negotiation.",
);

const NftRef = struct("NftRef", { collection: addr, token_id: string }, "One NFT.");

const Holding = enumOf(
  "Holding",
  { funds: { doc: "An amount of a payment asset.", payload: ref(Price) }, nft: { doc: "An NFT.", payload: NftRef } },
  "Something the escrow holds for someone.",
);

const Claim = struct(
  "Claim",
  {
    id: u64,
    owner: addr,
    holding: ref(Holding),
    order_id: { type: u64, doc: "The order whose delivery failed." },
    height: { type: u64, doc: "Block height at which the delivery failed." },
  },
  "What the escrow could not deliver to its owner (e.g. an NFT its collection refused to move to an address off its compliance allowlist); the owner withdraws it with withdraw_claim.",
);

const Delivery = struct(
  "Delivery",
  { to: addr, holding: ref(Holding), order_id: u64 },
  "The payload of a delivery submessage: what becomes a claim of `to` if the delivery fails.",
);

const Config = struct(
  "Config",
  {
    fee_bps: { type: u32, doc: "Protocol fee in basis points of the settled price, at most 1000 (10%)." },
    fee_collector: addr,
    paused: { type: bool, doc: "When true no order can be created, taken or negotiated; cancel, expire, withdraw_offer, withdraw_claim and continue_migration still work." },
  },
  "Settings as stored.",
);

const CreateAsk = struct(
  "CreateAsk",
  { price: ref(Price), expires: option(expiration), taker: option(string) },
  "A sell order for the token sent with send_nft.",
);

/** Which asset: the token and what its collection's nft_info says it is. */
const assetTerms = {
  collection: string,
  token_id: string,
  document_hash: { type: string, doc: "The token's nft_info extension.document_hash, as the signer saw it." },
  face_value: { type: coin, doc: "The token's nft_info extension.face_value, as the signer saw it." },
  revision: { type: u64, doc: "The token's nft_info extension.revision, as the signer saw it: any later change of the token's terms fails the message. Collections that answer no revision cannot be traded." },
};

const CreateBid = struct(
  "CreateBid",
  { ...assetTerms, expires: option(expiration), taker: option(string) },
  "A buy order for one existing token, escrowing the funds sent (one native coin, or the cw20 amount sent); the asset named must be what the collection says the token is.",
);

const AcceptTerms = struct(
  "AcceptTerms",
  {
    order_id: u64,
    price: { type: ref(Price), doc: "The order's price as the signer saw it: asset and amount." },
    ...assetTerms,
  },
  "Takes an order at the terms the signer saw: the message fails, and nothing moves, unless they are the order's terms now.",
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
    accept_bid: { doc: "Sells the token sent to the bid at the terms named.", payload: AcceptTerms },
    counter_offer: { doc: "A token owner's offer on a bid; the token stays in escrow while the offer is live.", payload: CounterOffer },
    accept_offer: { doc: "Accepts the maker's live counter-offer on a bid, selling the token sent.", payload: OfferRef },
  },
  "The msg of send_nft (base64 JSON) to the escrow.",
);

const Cw20HookMsg = enumOf(
  "Cw20HookMsg",
  {
    create_bid: CreateBid,
    accept_ask: { doc: "Buys at the terms named; the amount sent must equal the price.", payload: AcceptTerms },
    counter_offer: { doc: "The amount sent is the top-up the message needs (the offer on an ask, the raise of a bid).", payload: CounterOffer },
    accept_offer: { doc: "The amount sent is the top-up the acceptance needs.", payload: OfferRef },
  },
  "The msg of a cw20 send (base64 JSON) to the escrow; the token must be allowlisted.",
);

const pagination = { limit: option(u32) };

export default contract({
  contractName: "crates.io:persistence-rwa-escrow",
  contractVersion: "0.2.0",
  instantiate: struct("InstantiateMsg", {
    owner: { type: option(string), doc: "Contract owner (two-step transferable); defaults to the sender." },
    fee_bps: { type: u32, doc: "At most 1000." },
    fee_collector: string,
    offer_lock_seconds: { type: option(u64), doc: "How long a counterparty offer stays acceptable before its proposer may withdraw or revise it: 600 to 86400 seconds, default 3600." },
    collections: { type: option(array(string)), doc: "Allowlisted cw721 contracts." },
    native_denoms: { type: option(array(string)), doc: "Allowlisted native payment denoms." },
    cw20_tokens: { type: option(array(string)), doc: "Allowlisted cw20 payment tokens." },
  }),
  execute: enumOf("ExecuteMsg", {
    receive_nft: { doc: 'cw721 hook: send_nft with msg = base64 of an NftHookMsg ({"create_ask":…}, {"accept_bid":…}, …).', payload: ReceiveNftMsg },
    receive: { doc: 'cw20 hook: send with msg = base64 of a Cw20HookMsg ({"create_bid":…}, {"accept_ask":…}, …).', payload: Cw20ReceiveMsg },
    create_bid: { doc: "A bid paid with exactly one allowlisted native coin.", payload: CreateBid },
    accept_ask: { doc: "Buys at the terms named, the price attached exactly.", payload: AcceptTerms },
    accept_bid: { doc: "Sells to the bid, at the terms named, the token the sender already escrowed in this order (else use send_nft).", payload: AcceptTerms },
    counter_offer: { doc: "Proposes a price; native funds attached as the order needs (see the README).", payload: CounterOffer },
    accept_offer: { doc: "Accepts a live offer of the other side, with any top-up attached; settles the order.", payload: OfferRef },
    withdraw_offer: { doc: "Withdraws the sender's live offer, never taking funds: a taker gets its escrow back, a maker restores the list price.", payload: OfferRef },
    cancel: { doc: "The maker closes its open order; everything escrowed goes back (or becomes a claim).", payload: OrderRef },
    expire: { doc: "Anyone closes an open order past its expiry; everything escrowed goes back (or becomes a claim).", payload: OrderRef },
    expire_batch: { doc: "expire for up to 20 orders; those that are not open and expired are skipped.", payload: { order_ids: array(u64) } },
    withdraw_claim: {
      doc: "The owner of a claim (something the escrow could not deliver) takes it, to itself or to `recipient`; a claim on an NFT the escrow no longer holds (its collection voided it) is closed instead.",
      payload: { claim_id: u64, recipient: option(string) },
    },
    sweep: { doc: "Owner: sends what the contract holds of an asset beyond what it owes (escrow + claims) to `recipient`.", payload: { asset: ref(AssetInfo), recipient: string } },
    sweep_nft: { doc: "Owner: sends an NFT the contract holds for no order and no claim to `recipient`.", payload: { collection: string, token_id: string, recipient: string } },
    update_config: { doc: "Owner: the fee (new orders; open ones only pay less), its collector and the offer lock (new offers).", payload: { fee_bps: option(u32), fee_collector: option(string), offer_lock_seconds: option(u64) } },
    update_allowlist: { doc: "At most 100 entries per message.", payload: { list: ref(Allowlist), add: array(string), remove: array(string) } },
    set_paused: { paused: bool },
    update_ownership: ownershipAction,
    continue_migration: {
      doc: "Anyone: migrates the next `limit` (default 50, at most 200) open orders made under 0.1.0; until its order is migrated, an order can be left but not traded.",
      payload: { limit: option(u32) },
    },
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
    offers: {
      doc: "An order's offers, oldest first: its whole history, or with live_only only the live ones.",
      payload: { order_id: u64, live_only: option(bool), start_after: option(u64), ...pagination },
    },
    order_for_token: { doc: "The open ask of a token, or null.", payload: { collection: string, token_id: string } },
    allowlist: { list: ref(Allowlist), start_after: option(string), ...pagination },
    claims: { doc: "The claims of an owner, oldest first.", payload: { owner: string, start_after: option(u64), ...pagination } },
    holdings: { doc: "What the contract owes of an asset: escrowed in open orders plus claims.", payload: { asset: ref(AssetInfo) } },
  }),
  migrate: struct("MigrateMsg", {}, "From 0.1.0: migrates the first 50 open orders and leaves the rest to continue_migration."),
  // The NFT delivery and payout submessages reply on error (src/claims.ts).
  reply: true,
  responses: {
    config: struct("ConfigResponse", { owner: option(string), fee_bps: u32, fee_collector: string, paused: bool, offer_lock_seconds: u64 }),
    ownership,
    order: Order,
    orders: struct("OrdersResponse", {
      orders: array(ref(Order)),
      next_start_after: { type: option(u64), doc: "Where to continue (start_after), or null when the scan reached the end." },
    }),
    offers: struct("OffersResponse", { offers: array(ref(Offer)) }),
    order_for_token: option(ref(Order)),
    allowlist: struct("AllowlistResponse", { entries: array(string) }),
    claims: struct("ClaimsResponse", { claims: array(ref(Claim)) }),
    holdings: struct("HoldingsResponse", { asset: ref(AssetInfo), amount: uint128 }),
  },
  extra: [NftHookMsg, Cw20HookMsg, Config, LegacyOrder, Delivery, TransferNft, payload(cw20.execute, "transfer")],
  stored: [Config, Order, Offer, Claim], // src/state.ts extends OrderCodec to read 0.1.0's orders too
});
