// What other contracts speak to, and read from, an RWA NFT collection (contracts/nft): the cw721
// messages they send (transfer_nft, send_nft and the receive_nft hook), the queries they ask
// (owner_of, nft_info) and the responses they decode, with the asset metadata. The nft contract's
// messages.ts builds its own messages from these definitions, so a contract that imports this
// file speaks exactly what the collection answers, without importing the collection.

import { addr, array, binary, bool, coin, enumOf, expiration, option, ref, string, struct, timestamp, u64 } from "@persistence-ts/schema/dsl";

export const AssetClass = enumOf(
  "AssetClass",
  { invoice: null, bill_of_lading: null, letter_of_credit: null, warehouse_receipt: null, other: null },
  "The kind of real-world asset a token represents.",
);

export const AssetStatus = enumOf(
  "AssetStatus",
  { active: null, financed: null, settled: null, defaulted: null, quarantined: null },
  "Where the asset stands: active (free), financed (pledged or sold for financing), settled (paid; final), defaulted, or quarantined (frozen by the collection owner while a dispute is open: it cannot be transferred, sent, approved or burned). See the status state machine in the README.",
);

export const StatusSetter = enumOf(
  "StatusSetter",
  {
    holder: { doc: "The token's holder (or the mint: every token starts active at this standing).", payload: null },
    status_agent: { doc: "A status agent of the token's issuer (a servicer appointed by the collection owner).", payload: null },
    collection_owner: { doc: "The collection owner.", payload: null },
  },
  "Who set a token's current status, which is its standing: only a party of equal or higher standing (holder < status agent < collection owner) may move the token out of it.",
);

export const Trait = struct("Trait", { key: string, value: string }, "A free-form attribute of the asset.");

export const assetFields = {
  asset_class: ref(AssetClass),
  document_hash: { type: string, doc: "sha256 of the underlying document, 64 lowercase hex characters. Immutable." },
  face_value: { type: coin, doc: "Nominal value of the asset. Immutable." },
  issuer: { type: string, doc: "Who issued the underlying document (e.g. the SME): the minting account or an account that authorized it (`authorize_minter`). Immutable." },
  obligor: { type: option(string), doc: "Who owes the face value (e.g. the invoice's buyer), if known." },
  issue_date: timestamp,
  maturity: timestamp,
  jurisdiction: string,
  status: ref(AssetStatus),
  attributes: array(ref(Trait)),
};

export const AssetMetadata = struct(
  "AssetMetadata",
  {
    ...assetFields,
    minted_by: { type: addr, doc: "The account that minted the token. Immutable." },
    status_set_by: { type: ref(StatusSetter), doc: "Who set the current status: only a party of equal or higher standing may move it on." },
    revision: {
      type: u64,
      doc: "The revision of the token's terms: 0 at mint, +1 on every change of its metadata or status (update_nft_info, update_status, quarantine, lift_quarantine). An order or accepting message that pins it is refused once the terms changed.",
    },
  },
  "The token extension: what the NFT says about its real-world asset, who minted it, who set its status and the revision of its terms.",
);

export const Approval = struct("Approval", { spender: addr, expires: expiration });

export const OwnerOfResponse = struct("OwnerOfResponse", { owner: string, approvals: array(ref(Approval)) });
export const NftInfoResponse = struct("NftInfoResponse", { token_uri: option(string), extension: ref(AssetMetadata) });

/** What a contract receives from send_nft. */
export const ReceiveNftMsg = struct("ReceiveNftMsg", { sender: string, token_id: string, msg: binary }, "What a contract receives from send_nft, wrapped as {\"receive_nft\": …}.");

/** The payloads of the collection's execute and query variants others send (ExecuteMsg / QueryMsg). */
export const TransferNft = struct("ExecuteTransferNft", { recipient: string, token_id: string });
export const SendNft = struct("ExecuteSendNft", { contract: string, token_id: string, msg: binary });
export const OwnerOfQuery = struct("QueryOwnerOf", { token_id: string, include_expired: option(bool) });
export const NftInfoQuery = struct("QueryNftInfo", { token_id: string });
