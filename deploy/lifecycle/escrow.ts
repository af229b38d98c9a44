// Story 1: an SME tokenizes an invoice (the NFT carries the document's sha256) and lists it on
// the escrow DEX for a stablecoin; a financier counter-offers, the SME meets it halfway, the
// financier accepts, and one transaction settles: NFT to the financier, price minus fee to the
// SME, fee to the collector.

import { createHash } from "node:crypto";
import { EscrowClient } from "../../clients/escrow/Escrow.client";
import { NftClient } from "../../clients/nft/Nft.client";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import { codegenClient } from "../chain";
import { Actor, LifecycleEnv, b64, expectThat, netChange, requireAttr, snapshot } from "./env";
import { amount, signed } from "./report";

export const STABLE = 1_000_000n;

export interface EscrowStoryResult {
  tokenId: string;
  documentHash: string;
  orderId: number;
  askPrice: bigint;
  financierOffer: bigint;
  smeCounter: bigint;
  /** The agreed price, the fee the collector got and what reached the SME (net of its gas). */
  price: bigint;
  fee: bigint;
  smeReceived: bigint;
  financierPaid: bigint;
  collectorReceived: bigint;
  nftOwner: string;
  status: string;
  /** The transaction that moved the NFT and all the money. */
  settlementTx: string;
}

/** A (fictitious) invoice; its sha256 is what the NFT records as the document fingerprint. */
export function invoiceDocument(runId: string, number: string, seller: string, buyer: string, face: bigint, denom: string): string {
  return JSON.stringify({ type: "commercial invoice", number: `${number}-${runId}`, seller, buyer, amount: face.toString(), currency: denom, terms: "net 90" });
}

/** The invoice's debtor must be an address on chain: a stand-in derived from its name. */
export const obligor = (company: string): string => makeAddress(`obligor:${company}`);

export const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

/** Makes `who` a minter of the collection unless it already is (re-runs on one chain). */
export async function onboardMinter(env: LifecycleEnv, who: Actor): Promise<void> {
  const nft = new NftClient(codegenClient(env.signer), env.cast.owner.address, env.contracts.nft);
  const { minters } = await nft.minters({ limit: 100 });
  if (minters.includes(who.address)) return env.report.note(`${who.name} is already a minter of the collection`);
  await env.tx(env.cast.owner, "add_minter", `${who.name} may tokenize assets`, () => nft.addMinter({ minter: who.address }));
}

const NANOS_PER_DAY = 86_400n * 1_000_000_000n;

export async function escrowStory(env: LifecycleEnv): Promise<EscrowStoryResult> {
  const { owner, sme, financier } = env.cast;
  const { stable } = env;
  env.report.section("escrow", "1 · An SME tokenizes an invoice and sells it on the escrow DEX");
  await onboardMinter(env, sme);

  const face = 10_500n * STABLE;
  const doc = invoiceDocument(env.runId, "INV-2024-0042", sme.address, "ACME Retail GmbH", face, stable.denom);
  const documentHash = sha256Hex(doc);
  const tokenId = `INV-2024-0042-${env.runId}`;
  const nftSme = new NftClient(codegenClient(env.signer), sme.address, env.contracts.nft);
  const now = await env.chain.blockTime();
  await env.tx(sme, "mint", `${tokenId}, face ${env.money(face, stable)}`, () =>
    nftSme.mint({
      tokenId,
      owner: sme.address,
      tokenUri: `ipfs://invoices/${documentHash}`,
      extension: {
        asset_class: "invoice",
        document_hash: documentHash,
        face_value: { denom: stable.denom, amount: face.toString() },
        issuer: sme.address,
        obligor: obligor("ACME Retail GmbH"),
        issue_date: now.toString(),
        maturity: (now + 90n * NANOS_PER_DAY).toString(),
        jurisdiction: "DE",
        attributes: [{ key: "invoice_number", value: "INV-2024-0042" }],
      },
    }),
  );
  const verified = await nftSme.verifyDocument({ documentHash });
  env.report.note(`document sha256 ${documentHash} → token ${verified.token_id}, owner ${verified.owner === sme.address ? sme.name : verified.owner}, status ${verified.status}`);
  expectThat(verified.token_id === tokenId && verified.owner === sme.address, "verify_document finds the new token with the SME");

  const parties = [sme, financier, owner];
  const before = await snapshot(env, parties, stable.denom);
  const escrowAs = (a: Actor) => new EscrowClient(codegenClient(env.signer), a.address, env.contracts.escrow);
  const askPrice = 10_000n * STABLE;
  const listed = await env.tx(sme, "send_nft + create_ask", `asks ${env.money(askPrice, stable)}; the NFT goes into escrow`, () =>
    nftSme.sendNft({ contract: env.contracts.escrow, tokenId, msg: b64({ create_ask: { price: { asset: { native: stable.denom }, amount: askPrice.toString() } } }) }),
  );
  const orderId = Number(requireAttr(listed, "order_id", env.contracts.escrow));

  const financierOffer = 9_500n * STABLE;
  await env.tx(financier, "counter_offer", `offers ${env.money(financierOffer, stable)} (escrowed)`, () =>
    escrowAs(financier).counterOffer({ orderId, amount: financierOffer.toString() }, "auto", undefined, env.coins(financierOffer, stable)),
  );
  const smeCounter = 9_800n * STABLE;
  await env.tx(sme, "counter_offer", `meets halfway at ${env.money(smeCounter, stable)}`, () => escrowAs(sme).counterOffer({ orderId, amount: smeCounter.toString() }));
  const open = await escrowAs(sme).order({ id: orderId });
  expectThat(open.status === "open" && open.price === smeCounter.toString() && open.live_maker_offer != null, "the SME's counter-offer is the order's price");

  const topUp = smeCounter - financierOffer;
  const settled = await env.tx(financier, "accept_offer", `accepts; adds ${env.money(topUp, stable)} to its escrow`, () =>
    escrowAs(financier).acceptOffer({ orderId, offerId: open.live_maker_offer! }, "auto", undefined, env.coins(topUp, stable)),
  );
  return settlementReport(env, { tokenId, documentHash, orderId, askPrice, financierOffer, smeCounter, settledTx: settled.transactionHash, before });
}

interface Agreed {
  tokenId: string;
  documentHash: string;
  orderId: number;
  askPrice: bigint;
  financierOffer: bigint;
  smeCounter: bigint;
  settledTx: string;
  before: Awaited<ReturnType<typeof snapshot>>;
}

/** Reads the settled order and the balances, reports them and checks the settlement adds up. */
async function settlementReport(env: LifecycleEnv, a: Agreed): Promise<EscrowStoryResult> {
  const { owner, sme, financier } = env.cast;
  const escrow = new EscrowClient(codegenClient(env.signer), owner.address, env.contracts.escrow);
  const nft = new NftClient(codegenClient(env.signer), owner.address, env.contracts.nft);
  const order = await escrow.order({ id: a.orderId });
  const s = order.settlement;
  expectThat(order.status === "settled" && s != null, `order ${a.orderId} is settled`);
  const price = BigInt(s!.amount);
  const fee = BigInt(s!.fee);
  const { fee_bps } = await escrow.config();
  const nftOwner = (await nft.ownerOf({ tokenId: a.tokenId })).owner;
  const after = await snapshot(env, [sme, financier, owner], env.stable.denom);
  const feeDenom = env.bond.denom;
  const smeReceived = netChange(a.before, after, sme, feeDenom);
  const financierPaid = -netChange(a.before, after, financier, feeDenom);
  const collectorReceived = netChange(a.before, after, owner, feeDenom);
  env.report.note(`settled in tx ${a.settledTx}: NFT → ${nftOwner === financier.address ? financier.name : nftOwner}, ${env.money(price - fee, env.stable)} → ${sme.name}, fee ${env.money(fee, env.stable)} (${fee_bps} bps) → collector`);
  const row = (a: Actor, role: string, change: bigint) => {
    const b = a0(a.address);
    const c = after.at.get(a.address)!.balance;
    return [`${a.name} (${role})`, amount(b), amount(c), signed(change)];
  };
  const a0 = (address: string) => a.before.at.get(address)!.balance;
  env.report.table(
    [`${env.stable.symbol} balances`, "before", "after", "change net of gas"],
    [row(sme, "seller", smeReceived), row(financier, "buyer", -financierPaid), row(owner, "fee collector", collectorReceived)],
  );
  expectThat(price === a.smeCounter, "the order settled at the agreed price");
  expectThat(fee === (price * BigInt(fee_bps)) / 10_000n, "the fee is floor(price × fee_bps / 10000)");
  expectThat(nftOwner === financier.address, "the financier owns the invoice NFT");
  expectThat(smeReceived === price - fee && financierPaid === price && collectorReceived === fee, "seller, buyer and collector balances add up to the price");
  return { tokenId: a.tokenId, documentHash: a.documentHash, orderId: a.orderId, askPrice: a.askPrice, financierOffer: a.financierOffer, smeCounter: a.smeCounter, price, fee, smeReceived, financierPaid, collectorReceived, nftOwner, status: order.status, settlementTx: a.settledTx };
}
