// The tranche pool's messages, responses and stored records: the one definition from which
// `npm run schema` derives schema/tranche-pool.json (for clients) and src/msg.ts (the codec).
// The NFT messages the pool sends and reads are taken from the NFT contract's own definition.

import cw20, { Cw20ReceiveMsg } from "@persistence-ts/interfaces/cw20";
import { NftInfoQuery, NftInfoResponse, OwnerOfQuery, OwnerOfResponse, ReceiveNftMsg, TransferNft } from "@persistence-ts/interfaces/rwa-nft";
import {
  Def,
  addr,
  array,
  bool,
  contract,
  decimal,
  enumOf,
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
  view,
} from "@persistence-ts/schema/dsl";

/** The payload struct of variant `name` of another contract's message enum (NFT, cw20). */
function payloadOf(msg: Def, name: string): Def {
  const v = msg.kind === "enum" ? msg.variants.find((x) => x.name === name) : undefined;
  if (!v || v.payload === null || !("fields" in v.payload)) throw new Error(`${msg.name} has no struct variant ${name}`);
  return v.payload as Def;
}

/** The struct a named field of `d` holds. */
function fieldDef(d: Def, name: string): Def {
  const f = d.kind === "struct" ? d.fields.find((x) => x.name === name) : undefined;
  if (!f || f.type.kind !== "named") throw new Error(`${d.name} has no struct field ${name}`);
  return f.type.def;
}

// What the pool reads of a pledged token, leniently: a collection that adds fields to its
// extension (as nft 0.2.0 did) or statuses (an unknown one is simply not `active`) stays readable.
const NftInfoView = view(
  "NftInfoView",
  NftInfoResponse,
  { extension: view("AssetTermsView", fieldDef(NftInfoResponse, "extension"), { face_value: true, maturity: true, status: true }) },
  "The part of the NFT's nft_info response the pool reads (face value, maturity, status), unknown fields and statuses tolerated.",
);
// Who holds a token: asked when a transfer of it failed (still the pool's, or gone).
const OwnerOfView = view("OwnerOfView", OwnerOfResponse, { owner: true });
const Cw20Transfer = payloadOf(cw20.execute, "transfer");
const Cw20TokenInfoResponse = cw20.responses.token_info as Def;

const Currency = enumOf(
  "Currency",
  { native: string, cw20: addr },
  'What the pool lends and takes deposits in: {"native":"<denom>"} (funds attached, bank sends) or {"cw20":"<token contract>"} (the token\'s send hook, cw20 transfers). Fixed at instantiation.',
);

const Tranche = enumOf("Tranche", { senior: null, junior: null }, "Senior earns the senior APR first; junior earns the rest and takes losses first.");

const LoanStatus = enumOf(
  "LoanStatus",
  { requested: null, approved: null, active: null, repaid: null, rejected: null, cancelled: null, defaulted: null, recovered: null, written_off: null },
  "requested → approved → active (drawn) → repaid; requested/approved → rejected (manager) or cancelled (borrower); active → defaulted → recovered (debt paid back in full) or written_off (the manager realised the loss; recoveries are still accepted until it closes the recovery).",
);

const CollateralStatus = enumOf(
  "CollateralStatus",
  {
    escrowed: { doc: "Held by the pool as the loan's collateral.", payload: null },
    returned: { doc: "Given back to the borrower.", payload: null },
    claimed: { doc: "Given to the manager's recipient after a default.", payload: null },
    held: { doc: "Its return or claim failed (the collection refused the transfer): the pool keeps it for `collateral_to`, who withdraws it with withdraw_collateral.", payload: null },
    lost: { doc: "The collection no longer knows the token (e.g. voided): nothing is left to deliver.", payload: null },
  },
  "Where the pledged NFT is. A transfer the collection refuses never blocks the message that released the token: it becomes `held` (or `lost`).",
);

const seconds = (doc: string) => ({ type: u64, doc: doc + " In seconds." });

const Limits = struct(
  "Limits",
  {
    senior_apr_min: decimal,
    senior_apr_max: decimal,
    min_junior_ratio_min: decimal,
    min_junior_ratio_max: decimal,
    reserve_fee_bps_max: u32,
  },
  "Bands fixed at instantiation that no owner can move: every change of senior_apr, min_junior_ratio and reserve_fee_bps stays inside them, however many steps.",
);

const Config = struct(
  "Config",
  {
    currency: { type: ref(Currency), doc: "The native denom or the CW20 token the pool lends and takes deposits in." },
    collections: { type: array(addr), doc: "NFT contracts whose tokens are accepted as collateral." },
    manager: { type: addr, doc: "The underwriter: approves loans, marks defaults, writes down, manages the lender allowlist." },
    fee_collector: addr,
    senior_apr: { type: decimal, doc: "Yearly rate at which the senior target grows (e.g. \"0.08\")." },
    min_junior_ratio: { type: decimal, doc: "Junior value / pool assets may not fall below this through senior deposits or junior redemptions." },
    advance_rate: { type: decimal, doc: "Largest loan as a fraction of the collateral's face value." },
    grace_period: seconds("After maturity + grace the manager may mark a loan defaulted."),
    public_default_delay: seconds("After maturity + grace + this delay anyone may mark a loan defaulted."),
    reserve_fee_bps: { type: u32, doc: "Share of interest that goes to the fee collector, in basis points; fixed per loan when it is drawn, and netted out of NAV." },
    epoch_seconds: seconds("Shortest epoch: deposit and redemption orders are executed when an epoch is closed."),
    allowlist_enabled: { type: bool, doc: "When true only allowlisted lenders may deposit or receive shares." },
    paused: { type: bool, doc: "When true deposit orders, loan requests and draws are refused and pending deposits wait; repayments, redemptions and epochs continue." },
    writeoff_grace: seconds("Write-off policy: a drawn loan counts at its full book value until maturity + this; then its markdown grows linearly."),
    writeoff_period: seconds("Write-off policy: from maturity + writeoff_grace the markdown grows linearly to 100 % of the loan's book value over this."),
    timelock_seconds: seconds("Delay before a change of senior_apr, min_junior_ratio, reserve_fee_bps, epoch_seconds, a loosening of the write-off policy or this delay takes effect (at the first epoch close at or after it); a tightening of the policy (a shorter writeoff_grace or writeoff_period) applies at once."),
    test_timings: { type: bool, doc: "A pool for test networks (accepted only on the simulator's and the localnet's chain ids): epochs and the timelock may be as short as 1 s and 60 s (otherwise 1 hour and 1 day). Fixed at instantiation." },
    limits: { type: ref(Limits), doc: "The bands of the timelocked terms, fixed at instantiation." },
  },
  "Pool parameters as stored and answered by the config query.",
);

const ConfigUpdate = struct(
  "ConfigUpdate",
  {
    manager: option(string),
    fee_collector: option(string),
    senior_apr: { type: option(decimal), doc: "Timelocked; at most 0.05 away from the current value and inside limits; applies to loans drawn afterwards." },
    min_junior_ratio: { type: option(decimal), doc: "Timelocked; at most 0.1 away from the current value and inside limits. Junior redemption orders placed before an increase takes effect keep executing under the ratio in force before it until filled or cancelled; if the ratio rises again while some of them wait, every order placed before the later increase executes under the oldest (lowest) of those ratios. A decrease to that ratio or below ends the exception." },
    advance_rate: option(decimal),
    grace_period: option(u64),
    public_default_delay: option(u64),
    reserve_fee_bps: { type: option(u32), doc: "Timelocked; at most 1 000 bps away from the current value and at most limits.reserve_fee_bps_max; applies to loans drawn afterwards." },
    epoch_seconds: { type: option(u64), doc: "Timelocked." },
    allowlist_enabled: option(bool),
    writeoff_grace: { type: option(u64), doc: "Shorter: at once (it only marks loans down sooner). Longer: timelocked, at most 7 days more per change." },
    writeoff_period: { type: option(u64), doc: "Shorter: at once. Longer: timelocked, at most 30 days more per change." },
    timelock_seconds: { type: option(u64), doc: "Timelocked." },
  },
  "The parameters to change; absent fields stay as they are. manager, fee_collector, advance_rate, grace_period, public_default_delay, allowlist_enabled and a tightening of the write-off policy change at once; the others are scheduled (see PendingConfig). The currency and the limits never change.",
);

const PendingConfig = struct(
  "PendingConfig",
  {
    senior_apr: option(decimal),
    min_junior_ratio: option(decimal),
    reserve_fee_bps: option(u32),
    epoch_seconds: option(u64),
    writeoff_grace: option(u64),
    writeoff_period: option(u64),
    timelock_seconds: option(u64),
    proposed_at: timestamp,
    effective_after: { type: timestamp, doc: "proposed_at + timelock_seconds: the first epoch close at or after this applies the change, after executing that epoch's orders under the old parameters." },
  },
  "A scheduled change of the parameters that hit existing positions; one at a time (a new proposal replaces it).",
);

const PoolState = struct(
  "PoolState",
  {
    reserve: { type: uint128, doc: "Cash available for loans and redemptions." },
    set_aside: { type: uint128, doc: "Cash of executed redemptions not yet paid out to their lenders." },
    fees_owed: { type: uint128, doc: "Reserve fees not yet sent to the fee collector." },
    loans_book: { type: uint128, doc: "Σ over drawn loans of their book value before the policy's markdown: principal + booked interest net of the reserve fee − write-downs; a loan in its write-off period counts its base (policy_base)." },
    loan_rate: { type: string, doc: "Uint256 as a decimal string: Σ principal × APR atomics × (10 000 − reserve fee bps) of the loans whose interest counts in NAV (drawn, not in their write-off period)." },
    unbooked_interest: { type: string, doc: "Uint256 as a decimal string: interest net of the reserve fee accrued on those loans since each was last booked, × one year of seconds × 10^18 × 10 000." },
    senior_target: { type: uint128, doc: "T: what the senior tranche is owed: its principal plus simple interest at the senior APR on the deployed part of it." },
    senior_target_remainder: { type: uint128, doc: "The fraction of a unit of T accrued but not yet whole, × one year of seconds × 10^18." },
    senior_rate: { type: string, doc: "Uint256 as a decimal string: Σ principal × senior APR atomics over the drawn loans, each at the senior APR fixed when it was drawn. T grows by senior_rate × min(P, loans_principal) / loans_principal a second." },
    senior_shares: uint128,
    junior_shares: uint128,
    senior_queued: { type: uint128, doc: "Senior shares in redemption orders (still part of senior_shares)." },
    junior_queued: uint128,
    accrued_at: timestamp,
    next_loan_id: u64,
    next_request_id: { type: u64, doc: "The id of the next order, redemption or deposit (one sequence)." },
    senior_principal: { type: uint128, doc: "P: senior deposits less the principal part of senior redemptions. T grows at the senior APR on min(P, loans_principal) only." },
    loans_principal: { type: uint128, doc: "Σ outstanding principal of the drawn loans (active, defaulted)." },
    senior_deposits: { type: uint128, doc: "Cash of pending senior deposit orders (not part of the reserve)." },
    junior_deposits: uint128,
    reserved: { type: uint128, doc: "Cash the last epoch close could not pay to its redemption orders (Σ of the orders' `reserved`): draws may not use it until the next close; a cancelled order releases its part." },
    ramp_base: { type: uint128, doc: "Σ policy_base of the loans in their write-off period." },
    ramp_base_start: { type: string, doc: "Uint256 as a decimal string: Σ policy_base × (the second its markdown started) over the same loans." },
    markdown_complete: { type: uint128, doc: "Σ policy_base of the open loans the policy has marked down to 0." },
    marked_loans: { type: u64, doc: "Loans that keep junior deposits waiting: drawn loans past maturity (overdue, grace included), defaulted or written down, and written-off loans whose recovery is open." },
    overdue_base: { type: uint128, doc: "Σ policy_base of the drawn loans past maturity (or defaulted): what loans_book counts for them. Orders execute at a NAV without them (order_assets)." },
    grandfathered_ratio: { type: decimal, doc: "The min_junior_ratio junior redemption orders placed before the last increase still execute under (0: none)." },
    grandfathered_below: { type: u64, doc: "Junior redemption orders with a smaller id were placed before that increase took effect." },
    junior_queued_grandfathered: { type: uint128, doc: "Junior shares in those orders (part of junior_queued); the exception ends when they are filled or cancelled." },
    owed_payouts: { type: uint128, doc: "Σ payouts the pool owes lenders after the currency refused to deliver them (withdraw_payout): held for them, not the pool's." },
  },
  "The pool's accounting, as stored.",
);

const EpochFill = struct(
  "EpochFill",
  {
    queued: { type: uint128, doc: "Shares queued when the epoch closed." },
    filled: { type: uint128, doc: "Shares of them redeemed at the close." },
    paid: { type: uint128, doc: "Cash set aside for them." },
    settled: { type: uint128, doc: "Queued shares whose request has been settled so far." },
    reserved: { type: option(uint128), doc: "What the junior ratio allowed but the cash did not pay: held back from draws until the next close, each order its part." },
    price: { type: option(decimal), doc: "The tranche's execution price at this close: an order whose min_price is above it is not filled (its part goes back to the pool)." },
    target_burned: { type: option(uint128), doc: "Senior: the part of T (and principal_burned: of P) the filled shares took, given back pro rata for an order not filled." },
    principal_burned: option(uint128),
  },
  "How one tranche's queue was filled at an epoch close, and how far its requests are settled.",
);

const DepositFill = struct(
  "DepositFill",
  {
    ordered: { type: uint128, doc: "Cash of the deposit orders when the epoch closed." },
    accepted: { type: uint128, doc: "Cash of them taken into the reserve at the close." },
    minted: { type: uint128, doc: "Shares minted for it, locked first-deposit shares excluded." },
    settled: { type: uint128, doc: "Ordered cash whose order has been settled so far." },
  },
  "How one tranche's deposit orders were executed at an epoch close, and how far they are settled.",
);

const Epoch = struct(
  "Epoch",
  {
    id: u64,
    started_at: timestamp,
    settling: { type: bool, doc: "True while the orders of a closed epoch are being settled (process_epoch again to continue)." },
    settle_below: { type: u64, doc: "Orders with a smaller id take part in the settlement." },
    cursor: { type: u64, doc: "The next redemption order id to settle." },
    senior: ref(EpochFill),
    junior: ref(EpochFill),
    senior_deposits: ref(DepositFill),
    junior_deposits: ref(DepositFill),
    deposit_cursor: { type: u64, doc: "The next deposit order id to settle (after every redemption order)." },
    junior_grandfathered: { type: ref(EpochFill), doc: "The junior redemption orders executed under the grandfathered ratio at this close." },
    grandfathered_below: { type: u64, doc: "The bound of those orders' ids at this close." },
  },
  "The epoch as stored.",
);

const TrancheExecution = struct(
  "TrancheExecution",
  {
    value: { type: uint128, doc: "The tranche's value at the close before the orders, on order_assets (loans past maturity or defaulted count 0)." },
    shares: uint128,
    price: { type: decimal, doc: "value / shares rounded down (1 before the first deposit): every order of the epoch executed at it." },
    redeem_ordered: { type: uint128, doc: "Shares in redemption orders." },
    redeemed: { type: uint128, doc: "Shares of them burned." },
    paid: { type: uint128, doc: "Cash set aside for them: redeemed × value / shares, rounded down." },
    deposit_ordered: { type: uint128, doc: "Cash in deposit orders." },
    deposited: { type: uint128, doc: "Cash of them accepted." },
    minted: { type: uint128, doc: "Shares minted for it (locked first-deposit shares included)." },
    deposits_held: { type: bool, doc: "True when no deposit could be accepted: the tranche was impaired or wiped out, or the pool paused." },
  },
  "One tranche at an epoch close.",
);

const EpochRecord = struct(
  "EpochRecord",
  {
    id: u64,
    closed_at: timestamp,
    assets: { type: uint128, doc: "NAV: reserve + loans_value, after the write-off policy (the fair value, for the record)." },
    overdue_value: { type: uint128, doc: "What loans past maturity or defaulted count for in assets: orders executed without it." },
    order_assets: { type: uint128, doc: "assets − overdue_value: the NAV every order of this close executed at." },
    reserve: uint128,
    loans_value: uint128,
    markdown: { type: uint128, doc: "The write-off policy's markdown included in loans_value." },
    senior_target: uint128,
    senior: ref(TrancheExecution),
    junior: ref(TrancheExecution),
  },
  "An epoch close as recorded: the NAV and the price each tranche's orders were executed at.",
);

const Position = struct("Position", { senior: uint128, junior: uint128 }, "A lender's free shares (queued shares live in its redemption requests).");

const Payout = struct(
  "Payout",
  {
    recipient: addr,
    amount: uint128,
    order_id: { type: u64, doc: "The order it settles (a redemption request or a deposit order)." },
  },
  "A payout of a close sent as a submessage (its reply payload): if the currency refuses it, the amount is owed to the recipient.",
);

const Reservation = struct(
  "Reservation",
  { epoch: { type: u64, doc: "The close that held it back (valid until the next one)." }, amount: uint128 },
  "A redemption order's part of what a close held back from new loans for it.",
);

const RedemptionRequest = struct(
  "RedemptionRequest",
  {
    id: u64,
    lender: addr,
    tranche: ref(Tranche),
    shares: { type: uint128, doc: "Shares still waiting to be redeemed." },
    queued_at: timestamp,
    min_price: { type: option(decimal), doc: "The lowest execution price the order accepts: at a close below it the order is not filled and stays ordered (null: orders placed before 0.3.0, no floor)." },
    reserved: { type: option(ref(Reservation)), doc: "Cash a close held back from draws for this order (the ratio allowed it, the cash did not pay it); released if the order is cancelled before the next close." },
  },
  "A redemption order: shares redeemed at the next epoch close (what the reserve and the junior ratio do not allow stays for the next).",
);

const DepositOrder = struct(
  "DepositOrder",
  {
    id: u64,
    lender: addr,
    tranche: ref(Tranche),
    amount: { type: uint128, doc: "Cash still waiting to be deposited." },
    placed_at: timestamp,
  },
  "A deposit order: cash that buys shares at the next epoch close's price (held while the tranche is impaired or the junior ratio does not allow it).",
);

const Loan = struct(
  "Loan",
  {
    id: u64,
    borrower: addr,
    collection: addr,
    token_id: string,
    face_value: { type: uint128, doc: "The collateral's face value when pledged, in the pool currency." },
    amount: { type: uint128, doc: "The principal requested and, once drawn, paid out." },
    requested_apr: option(decimal),
    apr: { type: decimal, doc: "Set by the manager at approval." },
    maturity: timestamp,
    status: ref(LoanStatus),
    collateral: ref(CollateralStatus),
    principal: { type: uint128, doc: "Outstanding principal." },
    interest: { type: uint128, doc: "Interest booked and not yet paid (see accrued_at)." },
    accrued_at: { type: timestamp, doc: "When interest was last booked; active loans accrue from here." },
    written_down: uint128,
    interest_paid: uint128,
    principal_paid: uint128,
    recovered: { type: uint128, doc: "Cash received through recover after the default." },
    created_at: timestamp,
    drawn_at: option(timestamp),
    defaulted_at: option(timestamp),
    reserve_fee_bps: { type: u32, doc: "The reserve fee on this loan's interest, fixed when it is drawn." },
    policy_base: { type: uint128, doc: "In its write-off period: the book value the policy marks down (frozen when the period starts, less cash received and write-downs since)." },
    marked_from: { type: option(timestamp), doc: "When the write-off policy's markdown started (maturity + writeoff_grace); null before." },
    fully_marked: { type: bool, doc: "The policy has marked it down to 0." },
    overdue_at: { type: option(timestamp), doc: "When it became overdue: its maturity, unpaid (or its default). From then on its interest no longer counts in NAV, its book value is frozen as policy_base, junior deposits wait and orders count it 0." },
    senior_apr: { type: decimal, doc: "The senior APR fixed when it was drawn: T grows at it on senior's share of this loan." },
    collateral_to: { type: option(addr), doc: "Whom a `held` NFT belongs to (the borrower, or the manager's claim recipient)." },
    recovery_open: { type: bool, doc: "Written off, and the manager has not closed its recovery: recover is still accepted and junior deposits wait." },
  },
  "A loan as stored.",
);

const TrancheInfo = struct(
  "TrancheInfo",
  {
    tranche: ref(Tranche),
    value: { type: uint128, doc: "What the next close would execute its orders at: senior min(T, order_assets), junior the rest." },
    shares: { type: uint128, doc: "All shares, including queued and locked ones." },
    share_price: { type: decimal, doc: "value / shares, rounded down (1 before the first deposit)." },
    queued_shares: { type: uint128, doc: "Shares in redemption orders." },
    queued_value: uint128,
    locked_shares: { type: uint128, doc: "Shares locked forever by the first deposit (inflation protection)." },
    pending_deposits: { type: uint128, doc: "Cash in deposit orders." },
    impaired: { type: bool, doc: "Deposits wait: junior while any loan is overdue, defaulted, written down or in an open recovery; senior while its value is below T." },
  },
  "A tranche as of the block time of the query.",
);

const EpochInfo = struct(
  "EpochInfo",
  {
    id: u64,
    started_at: timestamp,
    closes_at: { type: timestamp, doc: "From then on anyone may close the epoch with process_epoch." },
    settling: bool,
  },
);

const PositionTranche = struct("PositionTranche", {
  shares: { type: uint128, doc: "Free shares." },
  value: uint128,
  queued_shares: { type: uint128, doc: "Shares in redemption orders." },
  pending_deposit: { type: uint128, doc: "Cash in deposit orders." },
});

const LoanInfo = struct(
  "LoanInfo",
  {
    loan: ref(Loan),
    interest_due: { type: uint128, doc: "Unpaid interest as of now (booked + accrued since accrued_at, rounded up)." },
    debt: { type: uint128, doc: "principal + interest_due: what repays the loan in full now." },
    book_value: { type: uint128, doc: "What the loan counts for in pool assets now: its book value net of the reserve fee and write-downs, less the policy's markdown (0 unless drawn). Orders count it 0 once it is overdue." },
    markdown: { type: uint128, doc: "The write-off policy's markdown now." },
    writeoff_from: { type: timestamp, doc: "maturity + writeoff_grace (or when its markdown started): from then on the policy marks it down." },
    default_after: { type: timestamp, doc: "maturity + grace: from then on the manager may mark the loan defaulted." },
    public_default_after: { type: timestamp, doc: "From then on anyone may." },
  },
);

const pagination = { limit: option(u32) };

export default contract({
  contractName: "crates.io:persistence-rwa-tranche-pool",
  contractVersion: "0.3.0",
  instantiate: struct("InstantiateMsg", {
    limits: { type: option(ref(Limits)), doc: "The bands the timelocked terms may move in, fixed for good. Default: each at its initial value (the terms never change)." },
    currency: { type: option(string), doc: "A native pool: the denom it lends in. Exactly one of currency and cw20_currency." },
    cw20_currency: {
      type: option(string),
      doc: "A CW20 pool: the token contract it lends in (must answer token_info). Payments arrive only through the token's send with a Cw20HookMsg; payouts are cw20 transfers.",
    },
    collections: array(string),
    manager: string,
    owner: { type: option(string), doc: "Contract owner (two-step transferable); defaults to the sender." },
    fee_collector: { type: option(string), doc: "Defaults to the owner." },
    senior_apr: decimal,
    min_junior_ratio: decimal,
    advance_rate: decimal,
    grace_period: u64,
    public_default_delay: u64,
    reserve_fee_bps: u32,
    epoch_seconds: u64,
    allowlist_enabled: { type: option(bool), doc: "Default false." },
    writeoff_grace: u64,
    writeoff_period: u64,
    timelock_seconds: u64,
    test_timings: { type: option(bool), doc: "Default false. True only on test networks (chain ids localpersistence-1, persistence-simulator-1): shorter minimum epoch and timelock." },
  }),
  execute: enumOf("ExecuteMsg", {
    deposit: { doc: "Places a deposit order with the currency sent: it buys shares at the next epoch close's price (native pools; CW20 pools take Cw20HookMsg::deposit).", payload: { tranche: ref(Tranche) } },
    redeem: {
      doc: "Places a redemption order: the shares are redeemed at the next epoch close's price, as far as the reserve and the junior ratio allow (the rest waits for the next), and only at a price of at least min_price (below it the order waits, to be cancelled or re-placed lower).",
      payload: { tranche: ref(Tranche), shares: uint128, min_price: { type: decimal, doc: "The share price floor the order accepts (\"0\": any price). Required: an order pins the terms it accepts." } },
    },
    cancel_redemption: { doc: "Gives a redemption order's shares back to its lender (not while its epoch is being settled).", payload: { request_id: u64 } },
    cancel_deposit: { doc: "Refunds what is left of a deposit order (not while its epoch is being settled).", payload: { order_id: u64 } },
    transfer_shares: { tranche: ref(Tranche), recipient: string, shares: uint128 },
    process_epoch: {
      doc: "Anyone, once the epoch has run epoch_seconds: applies the write-off policy to the overdue loans (at most `limit` per call), then closes the epoch at one NAV (orders executed at one price per tranche, recorded), then settles up to `limit` orders per call.",
      payload: pagination,
    },
    receive_nft: { doc: "cw721 hook: `send_nft` with msg = base64 of {\"request_loan\":{…}} pledges the token.", payload: ReceiveNftMsg },
    approve_loan: { loan_id: u64, apr: decimal },
    reject_loan: { loan_id: u64 },
    cancel_loan: { doc: "The borrower withdraws a request that is not drawn yet; the NFT goes back.", payload: { loan_id: u64 } },
    draw: { loan_id: u64 },
    repay: { doc: "Anyone may repay, in part or in full; interest first. Full repayment returns the NFT to the borrower. Native pools; CW20 pools take Cw20HookMsg::repay.", payload: { loan_id: u64 } },
    mark_default: { loan_id: u64 },
    write_down: { doc: "A drawn loan (active or defaulted): exactly one of amount (currency) or percent (of the debt, e.g. \"0.5\"), off its book value on top of the write-off policy.", payload: { loan_id: u64, amount: option(uint128), percent: option(decimal) } },
    claim_collateral: { doc: "The manager takes a defaulted loan's NFT (to itself or `recipient`) to recover value; if the collection refuses the transfer the NFT is held for the recipient.", payload: { loan_id: u64, recipient: option(string) } },
    recover: { doc: "Cash recovered on a defaulted or written-off loan (recovery open), back into the reserve; principal first, then interest with the reserve fee. Native pools; CW20 pools take Cw20HookMsg::recover.", payload: { loan_id: u64 } },
    write_off: { doc: "The manager realises the loss of a defaulted loan whose collateral is no longer escrowed (claimed, held or lost): what is left of its book value leaves NAV and its principal stops earning senior interest; recoveries are still accepted until close_recovery.", payload: { loan_id: u64 } },
    close_recovery: { doc: "The manager ends a written-off loan's recovery: no more recoveries, and it no longer keeps junior deposits waiting.", payload: { loan_id: u64 } },
    withdraw_payout: {
      doc: "A lender takes the payouts the currency refused to deliver at a close (owed_payout in its position), to itself or `recipient`.",
      payload: { recipient: option(string) },
    },
    withdraw_collateral: { doc: "Whom a held NFT belongs to takes it (to itself or `recipient`), once the collection lets it move.", payload: { loan_id: u64, recipient: option(string) } },
    receive: {
      doc: 'cw20 hook (CW20 pools, from the pool\'s token only): send with msg = base64 of a Cw20HookMsg ({"deposit":…}, {"repay":…} or {"recover":…}); the amount sent is the payment.',
      payload: Cw20ReceiveMsg,
    },
    collect_fees: {},
    update_config: ConfigUpdate,
    cancel_config_change: { doc: "The owner withdraws the scheduled change.", payload: {} },
    update_collections: { add: array(string), remove: array(string) },
    update_allowlist: { add: array(string), remove: array(string) },
    set_paused: { paused: bool },
    update_ownership: ownershipAction,
  }),
  query: enumOf("QueryMsg", {
    config: {},
    pool: {},
    tranche: { tranche: ref(Tranche) },
    position: { lender: string },
    loan: { loan_id: u64 },
    loans: { borrower: option(string), status: option(ref(LoanStatus)), start_after: option(u64), ...pagination },
    redemption_queue: { tranche: option(ref(Tranche)), start_after: option(u64), ...pagination },
    deposit_queue: { tranche: option(ref(Tranche)), start_after: option(u64), ...pagination },
    epoch: { doc: "A closed epoch's record.", payload: { id: u64 } },
    epochs: { doc: "Closed epochs' records by id.", payload: { start_after: option(u64), ...pagination } },
    pending_config: {},
    allowlist: { start_after: option(string), ...pagination },
    ownership: {},
  }),
  migrate: struct("MigrateMsg", {}),
  reply: true,
  responses: {
    config: Config,
    pool: struct("PoolResponse", {
      time: timestamp,
      assets: { type: uint128, doc: "A = reserve + loans_value." },
      reserve: uint128,
      loans_value: { type: uint128, doc: "Σ drawn loans: principal + interest accrued net of the reserve fee − write-downs − the write-off policy's markdown." },
      markdown: { type: uint128, doc: "The write-off policy's markdown now." },
      senior_principal: uint128,
      loans_principal: uint128,
      set_aside: uint128,
      fees_owed: uint128,
      owed_payouts: { type: uint128, doc: "Payouts the currency refused at a close, owed to their lenders (withdraw_payout): not the pool's." },
      senior_target: uint128,
      junior_ratio: { type: decimal, doc: "Junior value / order_assets (0 when there are none)." },
      lendable: { type: uint128, doc: "Reserve left for new loans: reserve − reserved (what the last close still owes redemption orders)." },
      overdue_value: { type: uint128, doc: "What loans past maturity or defaulted count for in assets (the policy's value): orders do not count it." },
      order_assets: { type: uint128, doc: "assets − overdue_value = reserve + the value of the loans not overdue: the NAV the next close executes orders at." },
      test_timings: { type: bool, doc: "A test network pool (see config)." },
      senior: ref(TrancheInfo),
      junior: ref(TrancheInfo),
      epoch: ref(EpochInfo),
    }),
    tranche: TrancheInfo,
    position: struct("PositionResponse", {
      lender: addr,
      senior: ref(PositionTranche),
      junior: ref(PositionTranche),
      requests: array(ref(RedemptionRequest)),
      deposits: array(ref(DepositOrder)),
      owed_payout: { type: uint128, doc: "Payouts the currency refused to deliver to this lender at a close: withdraw_payout takes them." },
    }),
    loan: LoanInfo,
    loans: struct("LoansResponse", { loans: array(ref(LoanInfo)) }),
    redemption_queue: struct("RedemptionQueueResponse", { requests: array(ref(RedemptionRequest)) }),
    deposit_queue: struct("DepositQueueResponse", { orders: array(ref(DepositOrder)) }),
    epoch: EpochRecord,
    epochs: struct("EpochsResponse", { epochs: array(ref(EpochRecord)) }),
    pending_config: struct("PendingConfigResponse", { pending: option(ref(PendingConfig)) }),
    allowlist: struct("AllowlistResponse", { addresses: array(string) }),
    ownership,
  },
  extra: [
    enumOf("LoanHookMsg", { request_loan: { amount: uint128, apr: option(decimal), maturity: timestamp } }, "The msg of send_nft (base64 JSON) that pledges the token."),
    enumOf(
      "Cw20HookMsg",
      {
        deposit: { doc: "A deposit order for the tokens sent (as ExecuteMsg::deposit); the lender is the send's sender.", payload: { tranche: ref(Tranche) } },
        repay: { doc: "Repays the loan with the tokens sent (as ExecuteMsg::repay).", payload: { loan_id: u64 } },
        recover: { doc: "Recovered cash on a defaulted loan, or a written-off one whose recovery is open (as ExecuteMsg::recover).", payload: { loan_id: u64 } },
      },
      "The msg of a cw20 send (base64 JSON) to a CW20 pool: what the tokens sent pay for.",
    ),
    PoolState,
    Epoch,
    Position,
    TransferNft,
    NftInfoQuery,
    NftInfoView,
    OwnerOfQuery,
    OwnerOfView,
    Cw20Transfer,
    Cw20TokenInfoResponse,
    Payout,
  ],
  stored: [Config, PoolState, PendingConfig, Epoch, EpochRecord, Position, Loan, RedemptionRequest, DepositOrder],
});
