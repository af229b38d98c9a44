// The NFT contract's messages, responses and stored records: the one definition from which
// `npm run schema` derives schema/nft.json (for clients) and src/msg.ts (the contract's codec).

import {
  addr,
  array,
  bool,
  binary,
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
} from "../../tools/schema/dsl";

const AssetClass = enumOf(
  "AssetClass",
  { invoice: null, bill_of_lading: null, letter_of_credit: null, warehouse_receipt: null, other: null },
  "The kind of real-world asset a token represents.",
);

const AssetStatus = enumOf(
  "AssetStatus",
  { active: null, financed: null, settled: null, defaulted: null, quarantined: null },
  "Where the asset stands: active (free), financed (pledged or sold for financing), settled (paid; final), defaulted, or quarantined (frozen by the collection owner while a dispute is open: it cannot be transferred, sent, approved or burned). See the status state machine in the README.",
);

const StatusSetter = enumOf(
  "StatusSetter",
  {
    holder: { doc: "The token's holder (or the mint: every token starts active at this standing).", payload: null },
    status_agent: { doc: "A status agent of the token's issuer (a servicer appointed by the collection owner).", payload: null },
    collection_owner: { doc: "The collection owner.", payload: null },
  },
  "Who set a token's current status, which is its standing: only a party of equal or higher standing (holder < status agent < collection owner) may move the token out of it.",
);

const Trait = struct("Trait", { key: string, value: string }, "A free-form attribute of the asset.");

const assetFields = {
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

const AssetMetadata = struct(
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

const AssetRecord = struct("AssetRecord", assetFields, "The extension as stored (`minted_by` is kept beside it in TokenInfo).");

const MintExtension = struct(
  "MintExtension",
  {
    asset_class: ref(AssetClass),
    document_hash: string,
    face_value: coin,
    issuer: string,
    obligor: option(string),
    issue_date: timestamp,
    maturity: timestamp,
    jurisdiction: string,
    attributes: option(array(ref(Trait))),
  },
  "The extension given at mint; the status starts as `active`.",
);

const NftInfoUpdate = struct(
  "NftInfoUpdate",
  {
    obligor: option(string),
    clear_obligor: { type: option(bool), doc: "true removes the obligor (then `obligor` must be absent)." },
    jurisdiction: option(string),
    attributes: option(array(ref(Trait))),
  },
  "The mutable fields of the extension; absent fields stay unchanged.",
);

const Approval = struct("Approval", { spender: addr, expires: expiration });

const OperatorGrant = struct(
  "OperatorGrant",
  { operator: addr, grant: { type: u64, doc: "Which grant of (owner, operator): a new approve_all after a revoke or an expiry starts a new one." } },
  "The operator grant under which an operator approved a spender.",
);

const ApprovalRecord = struct(
  "ApprovalRecord",
  {
    spender: addr,
    expires: expiration,
    via_operator: { type: option(ref(OperatorGrant)), doc: "Set when an operator granted it: it authorizes only while that very grant is live. Null: the owner granted it." },
  },
  "A per-token approval as stored.",
);

const OwnerOfResponse = struct("OwnerOfResponse", { owner: string, approvals: array(ref(Approval)) });
const NftInfoResponse = struct("NftInfoResponse", { token_uri: option(string), extension: ref(AssetMetadata) });
const TokensResponse = struct("TokensResponse", { tokens: array(string) });

const pagination = { start_after: option(string), limit: option(u32) };

export default contract({
  contractName: "crates.io:persistence-rwa-nft",
  contractVersion: "0.2.0",
  instantiate: struct("InstantiateMsg", {
    name: string,
    symbol: string,
    owner: { type: option(string), doc: "Contract owner (two-step transferable); defaults to the sender." },
    minters: { type: option(array(string)), doc: "Originators allowed to mint; defaults to the owner." },
    compliance_officer: { type: option(string), doc: "Manages the holder allowlist; defaults to the owner." },
    compliance_enabled: { type: option(bool), doc: "When true only allowlisted addresses may receive tokens. Default false." },
  }),
  execute: enumOf("ExecuteMsg", {
    transfer_nft: { recipient: string, token_id: string },
    send_nft: { contract: string, token_id: string, msg: binary },
    approve: { spender: string, token_id: string, expires: option(expiration) },
    revoke: { spender: string, token_id: string },
    approve_all: { operator: string, expires: option(expiration) },
    revoke_all: { operator: string },
    mint: { token_id: string, owner: string, token_uri: option(string), extension: ref(MintExtension) },
    burn: { token_id: string },
    update_ownership: ownershipAction,
    update_nft_info: { token_id: string, token_uri: option(string), extension: ref(NftInfoUpdate) },
    update_status: {
      doc: "Moves a token to another status, as the status state machine allows the sender: its holder, a status agent of its issuer or the collection owner (never `quarantined`: see quarantine).",
      payload: { token_id: string, status: ref(AssetStatus) },
    },
    add_minter: { minter: string },
    remove_minter: { minter: string },
    add_status_agent: { doc: "Owner: lets `agent` move the status of the tokens of `issuer` (a servicer).", payload: { agent: string, issuer: string } },
    remove_status_agent: { agent: string, issuer: string },
    authorize_minter: { doc: "Sent by an issuer: lets `minter` mint tokens that name the sender as their issuer.", payload: { minter: string } },
    deauthorize_minter: { doc: "Sent by an issuer: withdraws authorize_minter (tokens already minted stay).", payload: { minter: string } },
    quarantine: {
      doc: "Owner, dispute path: freezes a token (no transfer, send, approval, burn or edit by others) until lift_quarantine or void_token.",
      payload: { token_id: string, reason: string },
    },
    lift_quarantine: { doc: "Owner: ends a quarantine; the token returns to the status it had.", payload: { token_id: string } },
    void_token: {
      doc: "Owner: removes a quarantined (fraudulent) token for good and releases its document, reserved for its true issuer (`release_to`). The token id is never re-used.",
      payload: { token_id: string, reason: string, release_to: { type: string, doc: "The issuer the released document is reserved for: only a mint naming it as issuer (by itself or a minter it authorized) may tokenize the document." } },
    },
    continue_migration: { doc: "Anyone: carries the 0.1.0 → 0.2.0 migration of burned token ids one page further (minting waits for it).", payload: { limit: option(u32) } },
    release_document: {
      doc: "Owner: lets a burned token's document hash be tokenized again, by a mint naming `release_to` as issuer only (sent again for a released document that is not minted yet, it names another issuer). Evented.",
      payload: { document_hash: string, release_to: string },
    },
    set_compliance: { enabled: bool },
    set_compliance_officer: { officer: string },
    update_allowlist: { add: array(string), remove: array(string) },
  }),
  query: enumOf("QueryMsg", {
    owner_of: { token_id: string, include_expired: option(bool) },
    approval: { token_id: string, spender: string, include_expired: option(bool) },
    approvals: { token_id: string, include_expired: option(bool) },
    operator: { owner: string, operator: string, include_expired: option(bool) },
    all_operators: { owner: string, include_expired: option(bool), ...pagination },
    num_tokens: {},
    contract_info: {},
    nft_info: { token_id: string },
    all_nft_info: { token_id: string, include_expired: option(bool) },
    tokens: { owner: string, ...pagination },
    all_tokens: pagination,
    minter: {},
    ownership: {},
    verify_document: { document_hash: string },
    tokens_by_asset_class: { asset_class: ref(AssetClass), ...pagination },
    tokens_by_status: { status: ref(AssetStatus), ...pagination },
    tokens_by_issuer: { issuer: string, ...pagination },
    config: {},
    minters: pagination,
    status_agents: { issuer: string, ...pagination },
    authorized_minters: { issuer: string, ...pagination },
    quarantine_info: { token_id: string },
    allowlist: pagination,
    is_allowed: { address: string },
  }),
  migrate: struct("MigrateMsg", {}, "0.1.0 → 0.2.0: the global status agents are dropped (re-appoint them per issuer) and burned token ids become tombstones (in pages: see continue_migration)."),
  responses: {
    owner_of: OwnerOfResponse,
    approval: struct("ApprovalResponse", { approval: ref(Approval) }),
    approvals: struct("ApprovalsResponse", { approvals: array(ref(Approval)) }),
    operator: struct("OperatorResponse", { approval: ref(Approval) }),
    all_operators: struct("OperatorsResponse", { operators: array(ref(Approval)) }),
    num_tokens: struct("NumTokensResponse", { count: u64 }),
    contract_info: struct("ContractInfoResponse", { name: string, symbol: string }),
    nft_info: NftInfoResponse,
    all_nft_info: struct("AllNftInfoResponse", { access: ref(OwnerOfResponse), info: ref(NftInfoResponse) }),
    tokens: TokensResponse,
    all_tokens: TokensResponse,
    minter: struct("MinterResponse", { minter: option(string) }),
    ownership,
    verify_document: struct("VerifyDocumentResponse", {
      token_id: { type: option(string), doc: "The live token of this document, or null." },
      owner: option(string),
      status: option(ref(AssetStatus)),
      burned: { type: bool, doc: "True when the document was tokenized and the token burned (it cannot be minted again until released)." },
      face_value: { type: option(coin), doc: "The live token's face value: with the document hash it pins the asset." },
      issuer: option(string),
      minted_by: option(addr),
      revision: { type: option(u64), doc: "The live token's revision (nft_info extension.revision)." },
      reserved_for: { type: option(addr), doc: "The issuer a released document is reserved for until it is minted again (release_document / void_token `release_to`); null otherwise." },
    }),
    tokens_by_asset_class: TokensResponse,
    tokens_by_status: TokensResponse,
    tokens_by_issuer: TokensResponse,
    config: struct("ConfigResponse", {
      name: string,
      symbol: string,
      owner: option(string),
      compliance_enabled: bool,
      compliance_officer: string,
    }),
    minters: struct("MintersResponse", { minters: array(string) }),
    status_agents: struct("StatusAgentsResponse", { agents: array(string) }),
    authorized_minters: struct("AuthorizedMintersResponse", { minters: array(string) }),
    quarantine_info: struct("QuarantineInfoResponse", { prior_status: ref(AssetStatus), prior_set_by: ref(StatusSetter), reason: string }),
    allowlist: struct("AllowlistResponse", { addresses: array(string) }),
    is_allowed: struct("IsAllowedResponse", { allowed: { type: bool, doc: "Whether the address may receive tokens now: compliance is off, or the address is on the allowlist." } }),
  },
  extra: [
    struct("ReceiveNftMsg", { sender: string, token_id: string, msg: binary }, "What a contract receives from send_nft, wrapped as {\"receive_nft\": …}."),
    struct(
      "TokenInfo",
      {
        owner: addr,
        approvals: array(ref(ApprovalRecord)),
        token_uri: option(string),
        extension: ref(AssetRecord),
        minted_by: addr,
        status_set_by: { type: option(ref(StatusSetter)), doc: "Absent on tokens stored by 0.1.0: holder for an active token, status_agent otherwise (README, upgrading)." },
        revision: { type: option(u64), doc: "Absent on tokens stored by 0.1.0: revision 0." },
      },
      "A token as stored.",
    ),
    struct("DocumentRecord", { token_id: string, burned: bool }, "A tokenized document hash, kept after burn until released."),
    struct(
      "BurnedToken",
      { document_hash: string, face_value: { type: option(coin), doc: "Null for ids burned before 0.2.0 (their face value was not kept)." } },
      "The tombstone of a burned or voided token id: the asset it was. The id is never minted again.",
    ),
    struct("Quarantine", { prior_status: ref(AssetStatus), prior_set_by: ref(StatusSetter), reason: string }, "An open dispute on a token, as stored."),
    struct("Config", { name: string, symbol: string, compliance_enabled: bool, compliance_officer: addr }, "Collection settings as stored."),
  ],
});
