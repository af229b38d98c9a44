// Storage layout of the tranche pool (keys are cw-storage-plus compatible):
//   "contract_info"               cw2 name and version
//   "ownership"                   cw-ownable owner / pending owner
//   "config"                      Config: currency, collections, manager, rates, bounds, switches
//   "pool"                        PoolState: reserve, loan book, senior target, shares, queues
//   "pending_config"              PendingConfig: the scheduled change of timelocked parameters
//   "epoch"                       Epoch: the open epoch, or the closed one being settled
//   "epochs" (id u64be)           EpochRecord: each close's NAV and execution prices
//   "positions" (lender)          Position: free senior and junior shares
//   "loans" (id u64be)            Loan, indexed by borrower, status and (borrower, status)
//   "awaiting" (maturity s, id)   true: a drawn loan not yet past its maturity
//   "grace" (maturity s, id)      true: an overdue loan whose write-off period has not started
//   "ramping" (start s, id)       true: a loan in its write-off period, not yet marked down to 0
//   "requests" (id u64be)         RedemptionRequest, indexed by lender and tranche
//   "deposits" (id u64be)         DepositOrder, indexed by lender and tranche
//   "allowlist" (lender)          true: may deposit and receive shares when the allowlist is on
//   "owed" (lender)               Uint128: payouts the currency refused at a close, owed to the lender

import { BoolCodec, Uint128Codec } from "@persistence-ts/std/storage/codec";
import { IndexedMap, MultiIndex } from "@persistence-ts/std/storage/indexed_map";
import { Item } from "@persistence-ts/std/storage/item";
import { Key } from "@persistence-ts/std/storage/key";
import { StorageMap } from "@persistence-ts/std/storage/map";
import { Uint128 } from "@persistence-ts/std/math/uint128";
import { Config, ConfigCodec, DepositOrder, DepositOrderCodec, Epoch, EpochCodec, EpochRecord, EpochRecordCodec, Loan, LoanCodec, PendingConfig, PendingConfigCodec, PoolState, PoolStateCodec, Position, PositionCodec, RedemptionRequest, RedemptionRequestCodec } from "./msg";

export const CONFIG = new Item<Config>("config", new ConfigCodec());
export const POOL = new Item<PoolState>("pool", new PoolStateCodec());
export const PENDING_CONFIG = new Item<PendingConfig>("pending_config", new PendingConfigCodec());
export const EPOCH = new Item<Epoch>("epoch", new EpochCodec());
export const EPOCHS = new StorageMap<EpochRecord>("epochs", new EpochRecordCodec());
export const POSITIONS = new StorageMap<Position>("positions", new PositionCodec());
export const ALLOWLIST = new StorageMap<bool>("allowlist", new BoolCodec());
export const OWED = new StorageMap<Uint128>("owed", new Uint128Codec());

export const LOANS_BY_BORROWER = new MultiIndex<Loan>("loans__borrower", (l: Loan): Key => Key.addr(l.borrower));
export const LOANS_BY_STATUS = new MultiIndex<Loan>("loans__status", (l: Loan): Key => Key.str(l.status.variant));
export const LOANS_BY_BORROWER_STATUS = new MultiIndex<Loan>("loans__borrower_status", (l: Loan): Key => Key.addr(l.borrower).join(Key.str(l.status.variant)));
export const LOANS = new IndexedMap<Loan>("loans", new LoanCodec(), [LOANS_BY_BORROWER, LOANS_BY_STATUS, LOANS_BY_BORROWER_STATUS]);
export const AWAITING = new StorageMap<bool>("awaiting", new BoolCodec(), 2);
export const GRACE = new StorageMap<bool>("grace", new BoolCodec(), 2);
export const RAMPING = new StorageMap<bool>("ramping", new BoolCodec(), 2);

export const REQUESTS_BY_LENDER = new MultiIndex<RedemptionRequest>("requests__lender", (r: RedemptionRequest): Key => Key.addr(r.lender));
export const REQUESTS_BY_TRANCHE = new MultiIndex<RedemptionRequest>("requests__tranche", (r: RedemptionRequest): Key => Key.str(r.tranche.variant));
export const REQUESTS = new IndexedMap<RedemptionRequest>("requests", new RedemptionRequestCodec(), [REQUESTS_BY_LENDER, REQUESTS_BY_TRANCHE]);

export const DEPOSITS_BY_LENDER = new MultiIndex<DepositOrder>("deposits__lender", (d: DepositOrder): Key => Key.addr(d.lender));
export const DEPOSITS_BY_TRANCHE = new MultiIndex<DepositOrder>("deposits__tranche", (d: DepositOrder): Key => Key.str(d.tranche.variant));
export const DEPOSITS = new IndexedMap<DepositOrder>("deposits", new DepositOrderCodec(), [DEPOSITS_BY_LENDER, DEPOSITS_BY_TRANCHE]);
