// The liquid-staking contract's messages, responses and stored records: the one definition from
// which `npm run schema` derives schema/liquid-staking.json and src/msg.ts. The stkASSET is a
// cw20 served by this contract: its variants come from interfaces/cw20.ts.

import { cw20Execute, cw20MinterQuery, cw20MinterResponse, cw20Query, cw20Responses, Cw20ReceiveMsg } from "@persistence-ts/interfaces/cw20";
import {
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
  u8,
  uint128,
} from "@persistence-ts/schema/dsl";

const ValidatorWeight = struct(
  "ValidatorWeight",
  { address: { type: string, doc: "Operator address (persistencevaloper1…)." }, weight: { type: u32, doc: "Share of the stake in basis points; the set sums to 10000." } },
  "A validator of the set and its target share.",
);

const BatchStatus = enumOf(
  "BatchStatus",
  { pending: null, unbonding: null, withdrawable: null },
  "pending: still collecting requests; unbonding: submitted, what the chain paid for it not yet settled; withdrawable: settled, users may withdraw.",
);

const Config = struct(
  "Config",
  {
    bond_denom: string,
    epoch_period: { type: u64, doc: "Seconds between batch submissions (≥ unbonding_period / 7: 7 unbonding entries per validator)." },
    unbonding_period: {
      type: u64,
      doc: "Seconds the chain takes to unbond, for the epoch rule and estimates only: each batch is timed by the chain's own answer (MsgUndelegateResponse.completion_time).",
    },
    protocol_fee: { type: decimal, doc: "Share of harvested rewards paid to the fee recipient, as stk (≤ 0.1)." },
    instant_unstake_fee: { type: decimal, doc: "Share of an instant unstake kept in the buffer for the stakers (≤ 0.2)." },
    buffer_target: { type: decimal, doc: "Share of the total native value kept liquid for instant unstakes, refilled from deposits (≤ 0.5)." },
    max_rate_drop: { type: decimal, doc: "The circuit breaker pauses the contract when the exchange rate falls by more than this share in one update." },
    harvest_interval: { type: u64, doc: "Seconds after which anyone may harvest." },
    min_deposit: uint128,
    fee_recipient: addr,
    operator: { type: addr, doc: "May harvest and rebalance at any time, and pause (while the contract has an owner)." },
  },
  "Settings as stored.",
);

const Receiving = struct(
  "Receiving",
  {
    validator: string,
    until: { type: timestamp, doc: "The latest completion of our redelegation entries into it (or now + unbonding_period after the chain refused one)." },
    seen: {
      type: option(uint128),
      doc: "Our delegation to it as the contract last saw it (after its own messages): a fall means a slash reached it, and a slash of a redelegation's source may have unbonded part of it, paying its pending rewards outside any call.",
    },
  },
  "A validator receiving our redelegations.",
);

const State = struct(
  "State",
  {
    buffer: { type: uint128, doc: "Liquid native held for instant unstakes (stakers' money)." },
    unlocked: { type: uint128, doc: "Liquid native rewards not yet reinvested (stakers' money, before the protocol fee)." },
    claimable: { type: uint128, doc: "Liquid native owed to unbonders: settled batches' payouts not yet withdrawn, and the liquid parts of submitted batches." },
    unbonding: { type: uint128, doc: "What the chain undelegated for submitted batches not yet settled (Σ MsgUndelegateResponse.amount)." },
    surplus: {
      type: uint128,
      doc: "Native that arrived unexplained (donations, payouts of batches already settled in full): kept apart, never in the rate nor paid to a batch; the owner sends it on with sweep_surplus.",
    },
    held: {
      type: uint128,
      doc: "Native that arrived unexplained while batches 0.1.0 submitted are open (the chain may have paid them before 0.1.0's estimate): kept for them, oldest first up to what each undelegated, and paid to them when they settle; never surplus.",
    },
    last_v010_batch: { type: u64, doc: "The last batch 0.1.0 submitted (0 without a migration from 0.1.0): its completion is 0.1.0's estimate." },
    last_rate: { type: decimal, doc: "The exchange rate at the last update, for the circuit breaker." },
    paused: bool,
    last_harvest: timestamp,
    harvest_cursor: { type: string, doc: "With more delegations than one harvest withdraws, the next harvest starts after this validator." },
    seen_height: { type: u64, doc: "Height of the latest block the contract ran in." },
    seen_time: timestamp,
    arrived_until: { type: timestamp, doc: "Unbondings completing at or before this time have been paid out by the chain (the end of an earlier block the contract ran in reached it)." },
    open_batches: { type: array(u64), doc: "Submitted batches not yet settled, in submission order." },
    next_completion: { type: timestamp, doc: "The earliest completion time among the open batches (no open batch can have been paid before it)." },
    unbonding_entries: {
      type: array(timestamp),
      doc: "Completion times of this contract's unbonding entries that may still be on chain (one per batch, on every validator it undelegated from): at most 7.",
    },
    receiving_slashed: {
      type: bool,
      doc: "A validator receiving our redelegations was found slashed since the last settlement: a slash of a redelegation's source may have paid its pending rewards outside any call, so the next settlement books its unexplained rest as rewards.",
    },
    receiving: {
      type: array(ref(Receiving)),
      doc: "Validators into which a redelegation entry of this contract may still be slashed (a slash of its source reaches our unbonding entries there first): batches undelegate from them only when the others cannot cover the batch.",
    },
    next_rate_record: u64,
  },
  "The pool's bookkeeping as stored.",
);

const PendingBatch = struct(
  "PendingBatch",
  { id: u64, stk: { type: uint128, doc: "stk queued, held by the contract until submission." }, est_submit_time: timestamp },
  "The batch collecting unbond requests.",
);

const Batch = struct(
  "Batch",
  {
    id: u64,
    stk: { type: uint128, doc: "stk burned at submission." },
    native: { type: uint128, doc: "Native owed to the batch at submission (stk × rate)." },
    liquid: { type: uint128, doc: "Part of `native` set aside from liquid funds at once (only when nearly everything leaves)." },
    requested: { type: uint128, doc: "Part of `native` asked of the chain, undelegated pro rata to the delegations." },
    undelegated: { type: uint128, doc: "What the chain took out of the delegations for the batch: Σ MsgUndelegateResponse.amount (the request less share rounding)." },
    submitted_at: timestamp,
    completion: { type: timestamp, doc: "When the chain pays the batch out: the latest MsgUndelegateResponse.completion_time of its undelegations." },
    received: { type: option(uint128), doc: "Set once settled: liquid + what arrived for the batch." },
    unclaimed_stk: uint128,
    paid: uint128,
  },
  "A submitted batch as stored.",
);

const BalanceCheck = struct(
  "BalanceCheck",
  {
    before: { type: uint128, doc: "The bank balance when the staking messages were sent." },
    outflow: { type: uint128, doc: "What they take out of it (delegated amounts)." },
    booked: { type: uint128, doc: "The rewards they pay out, as already booked from the distribution query; the reply books the exact amount instead." },
  },
  "Carried by the last staking submessage of a response: its reply measures the rewards the chain's hooks paid out for all of them (balance now − (before − outflow)).",
);

const UndelegateReply = struct(
  "UndelegateReply",
  { batch_id: u64, last: bool, check: option(ref(BalanceCheck)) },
  "Payload of one undelegation of a batch; its reply records the chain's MsgUndelegateResponse.",
);

const RedelegateReply = struct(
  "RedelegateReply",
  { src: string, dst: string, amount: uint128, check: option(ref(BalanceCheck)) },
  "Payload of one redelegation; its reply records the entry's completion time (MsgBeginRedelegateResponse), or the chain's refusal.",
);

const WithdrawReply = struct("WithdrawReply", { last: bool }, "Payload of one reward withdrawal of a harvest; the last one's reply reinvests.");

const RedelegationEntries = struct(
  "RedelegationEntries",
  {
    completions: { type: array(timestamp), doc: "Completion times of this contract's redelegation entries for one (source, destination) pair that may still be on chain." },
    refused_until: {
      type: option(timestamp),
      doc: "The chain refused a redelegation of the pair (too many entries, code 33, or a transitive redelegation, code 32): it counts as full until then (now + unbonding_period at the refusal).",
    },
  },
  "At most 7 per pair: a redelegation that would need an 8th is not sent.",
);

const PendingUndelegation = struct(
  "PendingUndelegation",
  { undelegated: uint128, completion: timestamp },
  "The replies of one submission so far (transient: the last reply folds it into the batch).",
);

// ---- 0.1.0's stored records, read once by migrate ------------------------------------------

const StateV010 = struct("StateV010", {
  buffer: uint128,
  unlocked: uint128,
  claimable: uint128,
  unbonding: uint128,
  last_rate: decimal,
  paused: bool,
  last_harvest: timestamp,
  harvest_cursor: string,
  seen_height: u64,
  seen_time: timestamp,
  arrived_until: timestamp,
  first_unreconciled: u64,
  next_rate_record: u64,
}, "State as 0.1.0 stored it.");

const BatchV010 = struct("BatchV010", {
  id: u64,
  stk: uint128,
  native: uint128,
  from_chain: uint128,
  cum_from_chain: uint128,
  submitted_at: timestamp,
  unbond_end: timestamp,
  unclaimed_stk: uint128,
  paid: uint128,
}, "A batch as 0.1.0 stored it.");

const Reconciliation = struct(
  "Reconciliation",
  {
    first_id: u64,
    expected: { type: uint128, doc: "Σ from_chain of the batches first_id..=key." },
    arrived: { type: uint128, doc: "What arrived for them (≤ expected): each batch gets liquid + from_chain × arrived / expected." },
  },
  "One 0.1.0 reconcile over a run of batches, keyed by its last batch id.",
);

const RateRecord = struct(
  "RateRecord",
  { id: u64, time: timestamp, exchange_rate: decimal, total_native: uint128, stk_supply: uint128, rewards: uint128, fee: uint128 },
  "The exchange rate after a harvest, with what it reinvested and the protocol fee (native).",
);

const HookMsg = enumOf(
  "HookMsg",
  {
    queue_unbond: { receiver: option(string) },
    instant_unstake: { min_receive: option(uint128), receiver: option(string) },
  },
  "The `msg` of a cw20 send of stk to this contract.",
);

const UnbondRequestInfo = struct("UnbondRequestInfo", {
  batch_id: u64,
  stk: uint128,
  status: ref(BatchStatus),
  native: { type: uint128, doc: "What the request is worth: an estimate until the batch is withdrawable, then the exact payout." },
});

const BatchInfo = struct("BatchInfo", {
  id: u64,
  stk: uint128,
  native: uint128,
  liquid: { type: uint128, doc: "Part of native set aside from liquid funds at submission." },
  undelegated: { type: uint128, doc: "What the chain undelegated for the batch (MsgUndelegateResponse amounts)." },
  submitted_at: timestamp,
  unbond_end: { type: timestamp, doc: "When the chain pays the batch out (MsgUndelegateResponse.completion_time)." },
  status: ref(BatchStatus),
  received: { type: option(uint128), doc: "What the batch got once settled: liquid + what arrived for it (undelegated less any slashing)." },
  unclaimed_stk: uint128,
});

const ValidatorInfo = struct("ValidatorInfo", {
  address: string,
  weight: u32,
  delegated: uint128,
  target: { type: uint128, doc: "weight × total delegated / 10000." },
  in_set: { type: bool, doc: "False for a removed validator still holding stake (rebalance moves it)." },
  bonded: { type: bool, doc: "In the chain's bonded set (all_validators): only bonded validators receive new stake." },
});

const history = { start_after: option(u64), limit: option(u32) };

const configUpdate = {
  operator: option(string),
  fee_recipient: option(string),
  protocol_fee: option(decimal),
  instant_unstake_fee: option(decimal),
  buffer_target: option(decimal),
  max_rate_drop: option(decimal),
  harvest_interval: option(u64),
  min_deposit: option(uint128),
  epoch_period: option(u64),
  unbonding_period: option(u64),
};

export default contract({
  contractName: "crates.io:persistence-liquid-staking",
  contractVersion: "0.2.0",
  instantiate: struct("InstantiateMsg", {
    name: { type: string, doc: "Token name, e.g. \"Staked XPRT\"." },
    symbol: { type: string, doc: "Token symbol, e.g. \"stkXPRT\"." },
    decimals: { type: option(u8), doc: "Default 6." },
    bond_denom: { type: string, doc: "Must be the chain's bonded denom." },
    validators: array(ref(ValidatorWeight)),
    epoch_period: { type: option(u64), doc: "Default unbonding_period / 7 (rounded up)." },
    unbonding_period: { type: option(u64), doc: "Default 1814400 (21 days)." },
    protocol_fee: { type: option(decimal), doc: "Default 0.05." },
    instant_unstake_fee: { type: option(decimal), doc: "Default 0.01." },
    buffer_target: { type: option(decimal), doc: "Default 0.05." },
    max_rate_drop: { type: option(decimal), doc: "Default 0.05." },
    harvest_interval: { type: option(u64), doc: "Default 86400." },
    min_deposit: { type: option(uint128), doc: "Default 1000000." },
    fee_recipient: { type: option(string), doc: "Defaults to the owner." },
    owner: { type: option(string), doc: "Two-step transferable; defaults to the sender." },
    operator: { type: option(string), doc: "Defaults to the owner." },
  }),
  execute: enumOf("ExecuteMsg", {
    ...cw20Execute,
    receive: { doc: "A cw20 send of stk to this contract; `msg` is a HookMsg.", payload: ref(Cw20ReceiveMsg) },
    bond: { doc: "Stakes the bond denom sent along and mints stk to `receiver` (default the sender).", payload: { receiver: option(string) } },
    queue_unbond: { doc: "Moves `amount` stk of the sender into the current batch (also while paused).", payload: { amount: uint128, receiver: option(string) } },
    cancel_unbond: { doc: "Takes the sender's request out of the current batch and returns its stk (also while paused).", payload: {} },
    instant_unstake: {
      doc: "Burns `amount` stk of the sender and pays its value minus the fee from the liquidity buffer at once.",
      payload: { amount: uint128, min_receive: option(uint128), receiver: option(string) },
    },
    withdraw_unbonded: { doc: "Pays the sender's share of settled batches (settling those whose funds arrived first; also while paused).", payload: { receiver: option(string) } },
    submit_batch: { doc: "After the epoch (anyone, also while paused): burns the batch's stk at the current rate and undelegates pro rata.", payload: {} },
    reconcile: { doc: "Settles the batches whose funds the chain paid out; a shortfall is shared pro rata within one window of arrivals.", payload: {} },
    harvest: { doc: "Withdraws rewards; the reply reinvests them and mints the protocol fee as stk.", payload: {} },
    rebalance: { doc: "Moves stake toward the weights, a bounded number of redelegations per call.", payload: {} },
    add_validator: { doc: "Adds a validator with weight 0 (owner).", payload: { validator: string } },
    remove_validator: {
      doc: "Removes a validator and redelegates its stake to the others furthest below target, at most half of them receiving at a time (owner).",
      payload: { validator: string },
    },
    update_weights: { doc: "Sets every validator's weight; they must sum to 10000 (owner).", payload: { validators: array(ref(ValidatorWeight)) } },
    update_config: { doc: "Changes the given settings (owner).", payload: configUpdate },
    sweep_surplus: { doc: "Sends the unexplained surplus to `recipient` (default the fee recipient) (owner).", payload: { recipient: option(string) } },
    sweep_denom: {
      doc: "Sends the contract's whole balance of a native denom other than the bond denom (tokens sent here by mistake) to `recipient` (default the fee recipient) (owner).",
      payload: { denom: string, recipient: option(string) },
    },
    pause: { doc: "Stops bonding, instant unstakes and harvests; exits continue (owner or operator, while there is an owner).", payload: {} },
    unpause: { doc: "Resumes and takes the current rate as the breaker's reference (owner).", payload: {} },
    update_ownership: ownershipAction,
  }),
  query: enumOf("QueryMsg", {
    ...cw20Query,
    ...cw20MinterQuery,
    config: {},
    state: {},
    validators: {},
    current_batch: {},
    batches: { start_after: option(u64), limit: option(u32) },
    unbond_requests: { user: string, start_after: option(u64), limit: option(u32) },
    rate_history: history,
    ownership: {},
  }),
  migrate: struct("MigrateMsg", {}),
  // The staking submessages reply (src/replies.ts).
  reply: true,
  // staking: staking and distribution messages and queries; cosmwasm_1_4: the distribution queries
  // (delegation_total_rewards); cosmwasm_2_0: replies carry msg_responses and payload.
  capabilities: ["staking", "cosmwasm_1_4", "cosmwasm_2_0"],
  responses: {
    ...cw20Responses,
    ...cw20MinterResponse,
    config: Config,
    state: struct("StateResponse", {
      total_native: { type: uint128, doc: "Native value behind the stk supply: delegations + (pending rewards + unlocked) net of the protocol fee + buffer." },
      stk_supply: uint128,
      exchange_rate: { type: decimal, doc: "total_native / stk_supply (1 before the first bond)." },
      delegated: uint128,
      pending_rewards: uint128,
      buffer: uint128,
      unlocked: uint128,
      claimable: uint128,
      unbonding: uint128,
      surplus: uint128,
      held: { type: uint128, doc: "Native kept for the open batches 0.1.0 submitted (see State.held)." },
      paused: bool,
      last_harvest: timestamp,
    }),
    validators: struct("ValidatorsResponse", { validators: array(ref(ValidatorInfo)) }),
    current_batch: struct("CurrentBatchResponse", {
      id: u64,
      stk: uint128,
      est_submit_time: timestamp,
      est_native: { type: uint128, doc: "stk × the current rate." },
    }),
    batches: struct("BatchesResponse", { batches: array(ref(BatchInfo)) }),
    unbond_requests: struct("UnbondRequestsResponse", { requests: array(ref(UnbondRequestInfo)) }),
    rate_history: struct("RateHistoryResponse", { records: array(ref(RateRecord)) }),
    ownership,
  },
  extra: [
    HookMsg,
    Receiving,
    State,
    PendingBatch,
    Batch,
    BalanceCheck,
    UndelegateReply,
    RedelegateReply,
    WithdrawReply,
    RedelegationEntries,
    PendingUndelegation,
    StateV010,
    BatchV010,
    Reconciliation,
  ],
  stored: [Config, State, PendingBatch, Batch, Reconciliation, RedelegationEntries, PendingUndelegation, StateV010, BatchV010, RateRecord],
});
