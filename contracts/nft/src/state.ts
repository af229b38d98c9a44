// Storage layout of the NFT contract (keys are cw-storage-plus compatible):
//   "contract_info"           cw2 name and version
//   "ownership"               cw-ownable owner / pending owner
//   "config"                  Config: name, symbol, compliance switch and officer
//   "num_tokens"              u64: live tokens
//   "tokens" (id)             TokenInfo (with who set its status and the revision of its terms),
//                             indexed by owner, asset class, status and issuer
//   "burned_tokens" (id)      BurnedToken: tombstone of a burned or voided id (never re-used)
//   "quarantines" (id)        Quarantine: an open dispute (prior status, reason)
//   "operators" (owner, op)   Expiration of an operator grant
//   "operator_grants" (owner, op)  u64: which grant of the pair is the current one
//   "documents" (hash)        DocumentRecord: the token a document hash was minted as
//   "reserved_documents" (hash)  string: the issuer a released document is reserved for, until minted
//   "minters" / "allowlist" (addr)        role membership (value true)
//   "issuer_minters" (issuer, minter)     the issuer lets the minter mint in its name (true)
//   "agent_scopes" (issuer, agent)        a status agent for the issuer's tokens (true)
//   "migration"               string: the last document hash the 0.1.0 → 0.2.0 migration has
//                             turned into tombstones, while it is unfinished
// 0.1.0 also had "status_agents" (addr): global agents, dropped by the migration.

import { BoolCodec, ExpirationCodec, StringCodec, U64Codec } from "@persistence-ts/std/storage/codec";
import { IndexedMap, MultiIndex } from "@persistence-ts/std/storage/indexed_map";
import { Item } from "@persistence-ts/std/storage/item";
import { Key } from "@persistence-ts/std/storage/key";
import { StorageMap } from "@persistence-ts/std/storage/map";
import { Expiration } from "@persistence-ts/std/types/expiration";
import { BurnedToken, BurnedTokenCodec, Config, ConfigCodec, DocumentRecord, DocumentRecordCodec, Quarantine, QuarantineCodec, TokenInfo, TokenInfoCodec } from "./msg";

export const CONFIG = new Item<Config>("config", new ConfigCodec());
export const NUM_TOKENS = new Item<u64>("num_tokens", new U64Codec());

export const TOKENS_BY_OWNER = new MultiIndex<TokenInfo>("tokens__owner", (t: TokenInfo): Key => Key.str(t.owner.toString()));
export const TOKENS_BY_CLASS = new MultiIndex<TokenInfo>("tokens__class", (t: TokenInfo): Key => Key.str(t.extension.asset_class.variant));
export const TOKENS_BY_STATUS = new MultiIndex<TokenInfo>("tokens__status", (t: TokenInfo): Key => Key.str(t.extension.status.variant));
export const TOKENS_BY_ISSUER = new MultiIndex<TokenInfo>("tokens__issuer", (t: TokenInfo): Key => Key.str(t.extension.issuer));
export const TOKENS = new IndexedMap<TokenInfo>("tokens", new TokenInfoCodec(), [
  TOKENS_BY_OWNER,
  TOKENS_BY_CLASS,
  TOKENS_BY_STATUS,
  TOKENS_BY_ISSUER,
]);

export const BURNED_TOKENS = new StorageMap<BurnedToken>("burned_tokens", new BurnedTokenCodec());
export const QUARANTINES = new StorageMap<Quarantine>("quarantines", new QuarantineCodec());

export const OPERATORS = new StorageMap<Expiration>("operators", new ExpirationCodec(), 2);
export const OPERATOR_GRANTS = new StorageMap<u64>("operator_grants", new U64Codec(), 2);
export const DOCUMENTS = new StorageMap<DocumentRecord>("documents", new DocumentRecordCodec());
export const RESERVED_DOCUMENTS = new StorageMap<string>("reserved_documents", new StringCodec());
export const MINTERS = new StorageMap<bool>("minters", new BoolCodec());
export const ISSUER_MINTERS = new StorageMap<bool>("issuer_minters", new BoolCodec(), 2);
export const STATUS_AGENTS = new StorageMap<bool>("agent_scopes", new BoolCodec(), 2);
export const LEGACY_STATUS_AGENTS = new StorageMap<bool>("status_agents", new BoolCodec());
export const ALLOWLIST = new StorageMap<bool>("allowlist", new BoolCodec());

export const MIGRATION = new Item<string>("migration", new StringCodec());
