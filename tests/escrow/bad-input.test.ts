// Bad input, one case per kind: each must fail with a clear error and leave everything the
// chain stores (every module, every contract) byte-for-byte unchanged. The cases share one
// world: a case that changed it would fail its own snapshot check.
import { beforeAll, describe, expect, it } from "vitest";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { deployToken, minter as cw20Minter } from "../cw20/token";
import { Deployed, deploy } from "@persistence-ts/testing/contracts";
import { buildFixture } from "@persistence-ts/testing/fixtures";
import { mintMsg } from "../nft/setup";
import { USDC, World, attr, b64, buyer, carol, dave, nftOwner, owner, seller, setup } from "./setup";
import * as ContractError from "../../contracts/escrow/src/error";

/** A misbehaving collection (tests/fixtures/rogue): it answers like a cw721 but makes anyone's receive_nft calls. */
let rogue: string;

let w: World;
let otherNft: Deployed;
let otherToken: ReturnType<typeof deployToken>;
const ids: Record<string, number> = {};

const usdc = (amount: number | bigint) => [{ denom: USDC, amount: amount.toString() }];
const createAsk = (amount: string, asset: Record<string, string> = { native: USDC }, extra: Record<string, unknown> = {}) => ({
  create_ask: { price: { asset, amount }, ...extra },
});
const receiveNft = (sender: string, tokenId: string, hook: unknown) => ({ receive_nft: { sender, token_id: tokenId, msg: b64(hook) } });
/** The rogue collection calls the escrow's receive_nft as if `sender` had sent it `tokenId`. */
const fromRogue = (sender: string, tokenId: string, hook: unknown) => w.app.execute(dave, rogue, { relay: { contract: w.address, msg: b64(receiveNft(sender, tokenId, hook)) } });
const rogueFails = (sender: string, tokenId: string, hook: unknown) => () => {
  try {
    fromRogue(sender, tokenId, hook);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("the escrow accepted the rogue's delivery");
};
/** The terms of order `id` with some changed, as a taker who read it wrong (or earlier) would send them. */
const termsWith = (id: number, change: Record<string, unknown>) => ({ ...(w.terms(id) as Record<string, unknown>), ...change });
/** send_nft with a raw msg, so malformed hooks can be sent too. */
const sendNftRaw = (sender: string, tokenId: string, msg: string) => () =>
  w.nft.fails(sender, { send_nft: { contract: w.address, token_id: tokenId, msg } });
const sendNft = (sender: string, tokenId: string, hook: unknown) => sendNftRaw(sender, tokenId, b64(hook));
const sendCw20 = (sender: string, amount: number, hook: unknown) => () =>
  w.token.fails(sender, { send: { contract: w.address, amount: amount.toString(), msg: b64(hook) } });

beforeAll(() => {
  w = setup();
  for (const id of ["inv-1", "inv-2", "inv-3", "inv-4", "inv-5", "inv-6", "inv-8"]) w.mint(id);
  w.mint("inv-7", buyer);
  for (const who of [buyer, carol, dave]) w.fund(who, 1_000_000n);
  w.app.mint(buyer, [{ denom: "uatom", amount: "5" }, { denom: "uxprt", amount: "1000" }]);
  w.app.mint(owner, usdc(1));
  w.app.mint(seller, usdc(1000));
  otherNft = deploy(w.app, "nft", nftOwner, { name: "Unlisted", symbol: "UNL", minters: [seller] }, "unlisted");
  otherNft.execute(seller, mintMsg("u-1", seller, 1));
  otherToken = deployToken(w.app, { name: "Other USD", symbol: "OUSD", decimals: 6, initial_balances: [{ address: buyer, amount: "5000" }], mint: null }, cw20Minter);
  rogue = w.app.instantiate(owner, w.app.storeCode(owner, buildFixture("rogue")).codeId, {}, "rogue").contractAddress;
  w.escrow.execute(owner, { update_allowlist: { list: "collections", add: [rogue], remove: [] } });

  ids.ask = w.ask(seller, "inv-1", 1000n);
  ids.askCw20 = w.ask(seller, "inv-2", 1000n, { asset: "cw20" });
  ids.private = w.ask(seller, "inv-3", 1000n, { taker: carol });
  ids.expiring = w.ask(seller, "inv-4", 1000n, { expires: { at_height: w.app.block.height + 2 } });
  ids.bid = w.bid(buyer, "inv-5", 500n);
  // The bidder lowers its bid to 400 (offer 1): withdrawing that would need 100 back in.
  w.escrow.execute(buyer, { counter_offer: { order_id: ids.bid, amount: "400" } });
  ids.cancelled = w.bid(dave, "inv-5", 400n);
  w.escrow.execute(dave, { cancel: { order_id: ids.cancelled } });
  ids.settled = w.ask(seller, "inv-6", 10n);
  w.acceptAsk(carol, ids.settled);
  ids.selfBid = w.bid(buyer, "inv-7", 100n);
  // Offers on the ask: buyer's 800 (1) superseded by its 850 (2) once its lock has passed; carol's 900 (3), locked.
  w.pay(buyer, "native", 800n, { counter_offer: { order_id: ids.ask, amount: "800" } });
  // Dave's offer on the cw20 ask (1), unlocked once the hour passes.
  w.pay(dave, "cw20", 500n, { counter_offer: { order_id: ids.askCw20, amount: "500" } });
  w.app.advanceBlocks(1, 3_600);
  w.pay(buyer, "native", 850n, { counter_offer: { order_id: ids.ask, amount: "850" } });
  w.pay(carol, "native", 900n, { counter_offer: { order_id: ids.ask, amount: "900" } });
  // The rogue collection's token x is in an ask; its token y backs seller's offer on dave's bid.
  fromRogue(seller, "x", createAsk("100"));
  const rogueAsset = { document_hash: "ab".repeat(32), face_value: { denom: "uusdc", amount: "1" }, revision: 0 };
  ids.rogueBid = Number(attr(w.escrow.execute(dave, { create_bid: { collection: rogue, token_id: "y", ...rogueAsset } }, usdc(100)), w.address, "order_id"));
  fromRogue(seller, "y", { counter_offer: { order_id: ids.rogueBid, amount: "150" } });
  w.app.advanceBlocks(3);
});

describe("bad input: a clear error and no state change", () => {
  const cases: Array<[string, () => string, RegExp | string]> = [
    // ---- allowlists
    ["unknown collection (send_nft from an unlisted cw721)", () => otherNft.fails(seller, { send_nft: { contract: w.address, token_id: "u-1", msg: b64(createAsk("5")) } }), /Collection .* is not allowlisted/],
    ["receive_nft from an account that is no collection", () => w.escrow.fails(dave, receiveNft(dave, "z", createAsk("5"))), ContractError.collectionNotListed(dave)],
    ["bid on an unlisted collection", () => w.escrow.fails(buyer, { create_bid: { ...(w.bidMsg("inv-8").create_bid as object), collection: otherNft.address, token_id: "u-1" } }, usdc(5)), /Collection .* is not allowlisted/],
    ["bid in an unlisted denom", () => w.escrow.fails(buyer, w.bidMsg("inv-8"), [{ denom: "uatom", amount: "5" }]), ContractError.denomNotListed("uatom")],
    ["ask priced in an unlisted denom", sendNft(seller, "inv-8", createAsk("5", { native: "uatom" })), ContractError.denomNotListed("uatom")],
    ["ask priced in an unlisted cw20", () => sendNft(seller, "inv-8", createAsk("5", { cw20: otherToken.address }))(), /cw20 token .* is not allowlisted/],
    ["unknown cw20 (send from an unlisted token)", () => otherToken.fails(buyer, { send: { contract: w.address, amount: "5", msg: b64(w.bidMsg("inv-8")) } }), /cw20 token .* is not allowlisted/],
    ["cw20 receive from an account that is no token", () => w.escrow.fails(dave, { receive: { sender: dave, amount: "5", msg: b64({ accept_ask: w.terms(1) }) } }), ContractError.cw20NotListed(dave)],
    // ---- wrong funds
    ["wrong amount", () => w.escrow.fails(buyer, { accept_ask: w.terms(ids.ask) }, usdc(999)), ContractError.wrongFunds(`1000${USDC}`, `999${USDC}`)],
    ["wrong denom", () => w.escrow.fails(buyer, { accept_ask: w.terms(ids.ask) }, [{ denom: "uxprt", amount: "1000" }]), ContractError.wrongFunds(`1000${USDC}`, "1000uxprt")],
    ["no funds", () => w.escrow.fails(buyer, { accept_ask: w.terms(ids.ask) }), ContractError.noFunds(`1000${USDC}`)],
    ["two coins", () => w.escrow.fails(buyer, { accept_ask: w.terms(ids.ask) }, [...usdc(1000), { denom: "uxprt", amount: "1" }]), ContractError.oneCoinOnly()],
    ["cw20 sent for a native ask", () => sendCw20(buyer, 1000, { accept_ask: w.terms(1) })(), /Wrong funds: expected 1000ibc.*, got 1000 cw20:/],
    ["cw20 amount short", () => sendCw20(buyer, 999, { accept_ask: w.terms(2) })(), /Wrong funds: expected 1000 cw20:.*, got 999 cw20:/],
    ["native coins for a cw20 ask", () => w.escrow.fails(buyer, { accept_ask: w.terms(ids.askCw20) }, usdc(1000)), /Wrong funds: expected 1000 cw20:.*, got 1000ibc/],
    ["funds sent with cancel", () => w.escrow.fails(seller, { cancel: { order_id: ids.ask } }, usdc(1)), ContractError.unexpectedFunds()],
    ["funds sent with withdraw_offer (it never takes any)", () => w.escrow.fails(dave, { withdraw_offer: { order_id: ids.askCw20, offer_id: 1 } }, usdc(1)), ContractError.unexpectedFunds()],
    ["funds sent with an admin message", () => w.escrow.fails(owner, { set_paused: { paused: true } }, usdc(1)), ContractError.unexpectedFunds()],
    ["an NFT sent with a message that takes none", sendNft(seller, "inv-8", { counter_offer: { order_id: 1, amount: "1200" } }), ContractError.unexpectedNft()],
    ["the wrong NFT for a bid", () => sendNft(seller, "inv-8", { accept_bid: w.terms(5) })(), /Wrong NFT: the order is for token inv-5 of /],
    // ---- order state
    ["taking an expired order", () => w.escrow.fails(buyer, { accept_ask: w.terms(ids.expiring) }, usdc(1000)), /Order 4 has expired \(expiration height: \d+\)/],
    ["taking a cancelled order", () => sendNft(seller, "inv-5", { accept_bid: w.terms(6) })(), ContractError.orderClosed("6", "cancelled")],
    ["taking a settled order", () => w.escrow.fails(buyer, { accept_ask: w.terms(ids.settled) }, usdc(10)), ContractError.orderClosed("7", "settled")],
    ["cancelling a settled order", () => w.escrow.fails(seller, { cancel: { order_id: ids.settled } }), ContractError.orderClosed("7", "settled")],
    ["unknown order", () => w.escrow.fails(buyer, { accept_ask: { ...(w.terms(1) as object), order_id: 99 } }, usdc(1)), ContractError.orderNotFound("99")],
    ["order id 0", () => w.escrow.fails(seller, { cancel: { order_id: 0 } }), ContractError.orderNotFound("0")],
    ["accept_ask on a bid", () => w.escrow.fails(dave, { accept_ask: w.terms(ids.bid) }, usdc(500)), ContractError.wrongKind("5", "ask", "accept_ask")],
    ["accept_bid on an ask", () => sendNft(seller, "inv-8", { accept_bid: w.terms(1) })(), ContractError.wrongKind("1", "bid", "accept_bid")],
    // ---- terms: every accepting message pins what it accepts
    ["accept_ask at a price that is not the order's", () => w.escrow.fails(buyer, { accept_ask: termsWith(ids.ask, { price: { asset: { native: USDC }, amount: "999" } }) }, usdc(999)), /Terms mismatch: order 1's price is 1000ibc\/.*, not 999ibc\//],
    ["accept_ask in another asset", () => w.escrow.fails(buyer, { accept_ask: termsWith(ids.ask, { price: { asset: { cw20: w.token.address }, amount: "1000" } }) }, usdc(1000)), /Terms mismatch: order 1's price is 1000ibc\/.*, not 1000 cw20:/],
    ["accept_ask naming another token", () => w.escrow.fails(buyer, { accept_ask: termsWith(ids.ask, { token_id: "inv-2" }) }, usdc(1000)), /Terms mismatch: order 1 trades token inv-1 of .*, not token inv-2 of /],
    ["accept_ask naming another document", () => w.escrow.fails(buyer, { accept_ask: termsWith(ids.ask, { document_hash: "ff".repeat(32) }) }, usdc(1000)), /Terms mismatch: order 1's asset has document_hash 0+1, not f+/],
    ["accept_bid naming another face value", () => sendNft(seller, "inv-5", { accept_bid: termsWith(ids.bid, { face_value: { denom: "uusdc", amount: "1" } }) })(), ContractError.termsFaceValue("5", "100000000uusdc", "1uusdc")],
    ["accept_ask naming another revision of the asset", () => w.escrow.fails(buyer, { accept_ask: termsWith(ids.ask, { revision: 3 }) }, usdc(1000)), ContractError.termsRevision("1", "0", "3")],
    ["a bid naming another revision than the token's", () => w.escrow.fails(buyer, { create_bid: { ...(w.bidMsg("inv-8").create_bid as object), revision: 2 } }, usdc(5)), /Asset mismatch: Token inv-8 of .* is at revision 0, not 2: its terms changed since/],
    ["a bid on a token that does not exist", () => w.escrow.fails(buyer, { create_bid: { ...(w.bidMsg("inv-8").create_bid as object), token_id: "inv-404" } }, usdc(5)), /Token inv-404 of .* cannot be read: .*Token not found: inv-404/],
    ["a bid naming another document than the token's", () => w.escrow.fails(buyer, { create_bid: { ...(w.bidMsg("inv-8").create_bid as object), document_hash: "ff".repeat(32) } }, usdc(5)), /Asset mismatch: Token inv-8 of .* has document_hash 0+7, not f+/],
    ["a bid naming another face value than the token's", () => w.escrow.fails(buyer, { create_bid: { ...(w.bidMsg("inv-8").create_bid as object), face_value: { denom: "uusdc", amount: "5" } } }, usdc(5)), /Asset mismatch: Token inv-8 of .* has face_value 100000000uusdc, not 5uusdc/],
    ["expiring an order before its expiry", () => w.escrow.fails(dave, { expire: { order_id: ids.ask } }), ContractError.orderNeverExpires("1")],
    ["an expire_batch of 21", () => w.escrow.fails(dave, { expire_batch: { order_ids: Array.from({ length: 21 }, () => 4) } }), ContractError.invalidOrderIds("20")],
    ["an expire_batch with nothing to expire", () => w.escrow.fails(dave, { expire_batch: { order_ids: [1, 6, 99] } }), ContractError.noneExpirable()],
    // ---- who may act
    ["not the owner: update_config", () => w.escrow.fails(seller, { update_config: { fee_bps: 0 } }), /Caller is not the contract's current owner/],
    ["not the owner: update_allowlist", () => w.escrow.fails(buyer, { update_allowlist: { list: "native_denoms", add: ["uatom"], remove: [] } }), /Caller is not the contract's current owner/],
    ["not the owner: set_paused", () => w.escrow.fails(dave, { set_paused: { paused: true } }), /Caller is not the contract's current owner/],
    ["not the maker: cancel", () => w.escrow.fails(buyer, { cancel: { order_id: ids.ask } }), ContractError.notMaker("1", "cancel it")],
    ["not the maker: accept a counterparty's offer", () => w.escrow.fails(dave, { accept_offer: { order_id: ids.ask, offer_id: 3 } }), ContractError.notMaker("1", "accept a counterparty's offer")],
    ["not the allowed taker: accept", () => w.escrow.fails(buyer, { accept_ask: w.terms(ids.private) }, usdc(1000)), ContractError.privateOrder("3", carol)],
    ["not the allowed taker: counter", () => w.escrow.fails(dave, { counter_offer: { order_id: ids.private, amount: "900" } }, usdc(900)), ContractError.privateOrder("3", carol)],
    ["not the proposer: withdraw an offer", () => w.escrow.fails(dave, { withdraw_offer: { order_id: ids.ask, offer_id: 3 } }), ContractError.notProposer(carol, "3")],
    ["self-trade: the maker takes its ask", () => w.escrow.fails(seller, { accept_ask: w.terms(ids.ask) }, usdc(1000)), ContractError.selfTrade("1")],
    ["self-trade: the bidder sells to its own bid", () => w.nft.fails(buyer, { send_nft: { contract: w.address, token_id: "inv-7", msg: b64({ accept_bid: w.terms(ids.selfBid) }) } }), ContractError.selfTrade("8")],
    ["self-trade: a private taker that is the maker", sendNft(seller, "inv-8", createAsk("5", { native: USDC }, { taker: seller })), ContractError.takerIsMaker()],
    ["duplicate bid for a token", () => w.escrow.fails(buyer, w.bidMsg("inv-5"), usdc(5)), ContractError.duplicateBid(buyer, "inv-5", "5")],
    ["duplicate ask for a token", rogueFails(carol, "x", createAsk("100")), ContractError.openAskExists("x", "9")],
    ["a token arriving while the order escrows it", () => rogueFails(carol, "y", { accept_bid: w.terms(ids.rogueBid) })(), ContractError.alreadyEscrowsToken("10", "y")],
    // ---- offers
    ["accepting a superseded offer", () => w.escrow.fails(seller, { accept_offer: { order_id: ids.ask, offer_id: 1 } }), ContractError.offerNotLive("1", "1", "superseded")],
    ["an offer that does not exist", () => w.escrow.fails(seller, { accept_offer: { order_id: ids.ask, offer_id: 9 } }), ContractError.offerNotFound("9", "1")],
    ["a counter-offer escrowing less than it offers", () => w.escrow.fails(dave, { counter_offer: { order_id: ids.ask, amount: "950" } }, usdc(900)), /Wrong funds: expected 950ibc/],
    ["withdrawing a counterparty offer before its lock has passed", () => w.escrow.fails(carol, { withdraw_offer: { order_id: ids.ask, offer_id: 3 } }), /Offer 3 of order 1 is locked for \d+ more seconds \(until block time \d+\): the maker can accept it until then; withdraw it afterwards/],
    ["revising a counterparty offer before its lock has passed", () => w.escrow.fails(carol, { counter_offer: { order_id: ids.ask, amount: "950" } }, usdc(950)), /Offer 3 of order 1 is locked for \d+ more seconds .*revise it afterwards/],
    ["a bid maker withdrawing its raise-less counter (it would need funds)", () => w.escrow.fails(buyer, { withdraw_offer: { order_id: ids.bid, offer_id: 1 } }), /Withdrawing would raise bid 5 from 400ibc.* to its list price 500ibc.*: withdraw_offer never takes funds/],
    // ---- values
    ["zero price", sendNft(seller, "inv-8", createAsk("0")), ContractError.invalidAmount("price")],
    ["zero counter-offer", () => w.escrow.fails(seller, { counter_offer: { order_id: ids.ask, amount: "0" } }), ContractError.invalidAmount("amount")],
    ["an order that is already expired", sendNft(seller, "inv-8", createAsk("5", { native: USDC }, { expires: { at_height: 1 } })), ContractError.alreadyExpiredOrder("expiration height: 1")],
    ["invalid taker address", sendNft(seller, "inv-8", createAsk("5", { native: USDC }, { taker: "persistence1xyz" })), /Invalid address `persistence1xyz`/],
    ["empty token_id in a bid", () => w.escrow.fails(buyer, { create_bid: { ...(w.bidMsg("inv-8").create_bid as object), token_id: "" } }, usdc(5)), ContractError.invalidTokenId("128")],
    ["fee above 10%", () => w.escrow.fails(owner, { update_config: { fee_bps: 1001 } }), ContractError.invalidFee("1000")],
    ["an offer lock of a minute", () => w.escrow.fails(owner, { update_config: { offer_lock_seconds: 60 } }), ContractError.invalidOfferLock("600", "86400")],
    ["continue_migration with no migration running", () => w.escrow.fails(dave, { continue_migration: { limit: null } }), ContractError.noMigration()],
    ["invalid fee collector", () => w.escrow.fails(owner, { update_config: { fee_collector: "collector" } }), /Invalid address `collector`/],
    ["the escrow itself as fee collector", () => w.escrow.fails(owner, { update_config: { fee_collector: w.address } }), ContractError.feeCollectorIsEscrow()],
    ["invalid denom in an allowlist", () => w.escrow.fails(owner, { update_allowlist: { list: "native_denoms", add: ["1usd"], remove: [] } }), ContractError.invalidDenom("1usd")],
    ["removing what is not listed", () => w.escrow.fails(owner, { update_allowlist: { list: "cw20_tokens", add: [], remove: [dave] } }), ContractError.notListed("cw20_tokens", dave)],
    ["adding what is already listed", () => w.escrow.fails(owner, { update_allowlist: { list: "native_denoms", add: [USDC], remove: [] } }), ContractError.alreadyListed("native_denoms", USDC)],
    ["a wallet as a collection", () => w.escrow.fails(owner, { update_allowlist: { list: "collections", add: [dave], remove: [] } }), /Not a cw721 collection: .* does not answer contract_info/],
    ["a cw20 as a collection", () => w.escrow.fails(owner, { update_allowlist: { list: "collections", add: [otherToken.address], remove: [] } }), /Not a cw721 collection: .* does not answer contract_info/],
    ["a wallet as a cw20 token", () => w.escrow.fails(owner, { update_allowlist: { list: "cw20_tokens", add: [dave], remove: [] } }), /Not a cw20 token: .* does not answer token_info/],
    // ---- claims and sweeps
    ["withdrawing a claim that does not exist", () => w.escrow.fails(seller, { withdraw_claim: { claim_id: 1 } }), ContractError.claimNotFound("1")],
    ["not the owner: sweep", () => w.escrow.fails(seller, { sweep: { asset: { native: USDC }, recipient: seller } }), /Caller is not the contract's current owner/],
    ["sweeping what is owed", () => w.escrow.fails(owner, { sweep: { asset: { native: USDC }, recipient: owner } }), /Nothing to sweep: the escrow holds (\d+)ibc\/\w+ and owes \1ibc\//],
    ["sweeping an escrowed NFT", () => w.escrow.fails(owner, { sweep_nft: { collection: w.nft.address, token_id: "inv-1", recipient: owner } }), /Cannot sweep token inv-1 of .*: an order or a claim holds it/],
    ["sweeping an NFT the escrow does not hold", () => w.escrow.fails(owner, { sweep_nft: { collection: w.nft.address, token_id: "inv-8", recipient: owner } }), /Cannot sweep token inv-8 of .*: the escrow does not hold it/],
    // ---- malformed messages
    ["hook msg that is not JSON", sendNftRaw(seller, "inv-8", Buffer.from("{").toString("base64")), /Error parsing into type NftHookMsg: /],
    ["unknown hook variant", sendNftRaw(seller, "inv-8", b64({ steal: {} })), /unknown variant `steal`/],
    ["unknown field in a hook", () => sendNftRaw(seller, "inv-8", b64({ accept_bid: { ...(w.terms(5) as object), force: true } }))(), /unknown field `force`/],
    ["unknown field", () => w.escrow.rejects(seller, { cancel: { order_id: 1, force: true } }), /unknown field `force`, expected `order_id`/],
    ["missing field", () => w.escrow.rejects(buyer, { cancel: {} }), /missing field `order_id`/],
    // ---- 0.1.0 message shapes (see the README's migration note)
    ["0.1.0 accept_ask without terms", () => w.escrow.rejects(buyer, { accept_ask: { order_id: ids.ask } }, usdc(1000)), /missing field `price`/],
    ["0.1.0 accept_bid without terms (plain)", () => w.escrow.rejects(seller, { accept_bid: { order_id: ids.rogueBid } }), /missing field `price`/],
    ["0.1.0 accept_bid without terms (send_nft hook)", () => sendNftRaw(buyer, "inv-7", b64({ accept_bid: { order_id: ids.bid } }))(), /Error parsing into type NftHookMsg: missing field `price`/],
    ["0.1.0 accept_ask without terms (cw20 hook)", () => sendCw20(buyer, 1000, { accept_ask: { order_id: ids.askCw20 } })(), /Error parsing into type Cw20HookMsg: missing field `price`/],
    ["0.1.0 create_bid without the asset", () => w.escrow.rejects(buyer, { create_bid: { collection: w.nft.address, token_id: "inv-8" } }, usdc(5)), /missing field `document_hash`/],
    ["0.1.0 withdraw_offer as a cw20 hook (top-up)", () => sendCw20(buyer, 100, { withdraw_offer: { order_id: ids.bid, offer_id: 1 } })(), /Error parsing into type Cw20HookMsg: unknown variant `withdraw_offer`/],
    ["unknown message", () => w.escrow.rejects(buyer, { steal: {} }), /unknown variant `steal`/],
    ["wrong type", () => w.escrow.rejects(seller, { cancel: { order_id: "1" } }), /invalid type: string, expected u64 at `cancel.order_id`/],
    ["amount as a number", () => w.escrow.rejects(seller, { counter_offer: { order_id: 1, amount: 5 } }), /invalid type: integer, expected a string at `counter_offer.amount`/],
  ];
  for (const [name, run, expected] of cases) {
    it(name, () => {
      const before = w.snapshot();
      if (typeof expected === "string") expect(run()).toContain(expected);
      else expect(run()).toMatch(expected);
      expect(w.snapshot()).toBe(before);
    });
  }
});

describe("bad input while paused", () => {
  let p: World;
  beforeAll(() => {
    p = setup();
    p.mint("inv-1");
    p.fund(buyer, 1000n);
    p.ask(seller, "inv-1", 100n);
    p.escrow.execute(owner, { set_paused: { paused: true } });
  });
  const paused = ContractError.tradingPaused();
  const cases: Array<[string, () => string]> = [
    ["create_bid", () => p.escrow.fails(buyer, p.bidMsg("inv-1"), [{ denom: USDC, amount: "5" }])],
    ["accept_ask", () => p.escrow.fails(buyer, { accept_ask: p.terms(1) }, [{ denom: USDC, amount: "100" }])],
    ["counter_offer", () => p.escrow.fails(buyer, { counter_offer: { order_id: 1, amount: "90" } }, [{ denom: USDC, amount: "90" }])],
  ];
  for (const [name, run] of cases) {
    it(name, () => {
      const before = p.snapshot();
      expect(run()).toContain(paused);
      expect(p.snapshot()).toBe(before);
    });
  }
  it("renouncing ownership (nobody could unpause)", () => {
    const before = p.snapshot();
    expect(p.escrow.fails(owner, { update_ownership: "renounce_ownership" })).toContain(ContractError.renounceWhilePaused());
    expect(p.snapshot()).toBe(before);
  });
});
