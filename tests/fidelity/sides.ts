// The two sides of the differential harness: a fresh localnet (wasmd v0.60.2, chain/) and a fresh
// simulator, behind one interface that reports what each did in the same shape. The chain runs a
// scenario first; the simulator then replays it at the chain's block heights and times (App.advanceTo),
// so block-dependent state (rewards minted per block, unbonding times, env.block) is the chain's.

import { SigningCosmWasmClient } from "@cosmjs/cosmwasm";
import { toHex } from "@cosmjs/encoding";
import type { EncodeObject } from "@cosmjs/proto-signing";
import { GasPrice, QueryClient } from "@cosmjs/stargate";
import type { StdFee } from "@cosmjs/amino";
import { CometClient, connectComet } from "@cosmjs/tendermint-rpc";
import { QueryAccountsRequest, QueryAccountsResponse } from "cosmjs-types/cosmos/auth/v1beta1/query";
import { BaseAccount, ModuleAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { QueryBalanceRequest, QueryBalanceResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { QueryRawContractStateRequest, QueryRawContractStateResponse, QuerySmartContractStateRequest, QuerySmartContractStateResponse } from "cosmjs-types/cosmwasm/wasm/v1/query";
import { ACCOUNT_BALANCE, DENOM, GAS_PRICE, VALIDATOR_BALANCE, VALIDATOR_INDEX, accounts, selfBond, sleep, testWallet } from "../../chain/localnet";
import { App } from "@persistence-ts/simulator/app/app";
import { SimulatorClient } from "@persistence-ts/simulator/client";
import { bech32Decode, bech32Encode } from "@persistence-ts/simulator/vm/api";

export interface Attribute {
  key: string;
  value: string;
}
export interface Event {
  type: string;
  attributes: Attribute[];
}

/** Where a step ran: the block's height and time (ns since the epoch). */
export interface BlockRef {
  height: number;
  time: bigint;
  /** The chain's blocks since the previous step, before this one: the simulator opens each (EndBlockers at their times). */
  before?: Array<{ height: number; time: bigint }>;
}

export interface TxOutcome extends BlockRef {
  code: number;
  codespace: string;
  log: string;
  events: Event[];
  /** The TxMsgData's msg_responses: type URL and base64 value. */
  msgResponses: Array<{ typeUrl: string; value: string }>;
  gasUsed: number;
  gasWanted: number;
  /** Refused before it ran (CheckTx / the simulator's ante handler): no block, no events. */
  refused?: boolean;
}

export interface QueryOutcome extends BlockRef {
  ok: boolean;
  /** The response JSON text, or the error's text as @cosmjs throws it. */
  value: string;
}

/** The fee the harness pays: the localnet's gas price for the gas limit, so both sides sign the same bytes. */
export function feeFor(gas: number): StdFee {
  return { amount: [{ denom: DENOM, amount: String(Math.ceil(gas * 0.025)) }], gas: String(gas) };
}

export interface Side {
  readonly name: "simulator" | "chain";
  /** Test accounts user0…user9 (m/44'/118'/0'/0/i). */
  readonly users: string[];
  readonly validators: string[];
  /** A signed transaction of `msgs`; `at` (the simulator) is the chain's block for it. */
  broadcast(signer: string, msgs: EncodeObject[], fee: StdFee, memo: string, at?: BlockRef): Promise<TxOutcome>;
  smart(contract: string, msg: unknown, at?: BlockRef): Promise<QueryOutcome>;
  raw(contract: string, key: Uint8Array, at?: BlockRef): Promise<QueryOutcome>;
  /** Balances of the bond denom at the block of the last transaction. */
  balances(addresses: string[], at: BlockRef): Promise<bigint[]>;
  /** Lets `seconds` of chain time pass (the simulator: nothing, the next step's block says when). */
  wait(seconds: number): Promise<void>;
  close(): Promise<void>;
}

const decoder = new TextDecoder();
const b64 = (data: Uint8Array): string => Buffer.from(data).toString("base64");
const nsOf = (t: { getTime(): number; nanoseconds?: number }): bigint => BigInt(t.getTime()) * 1_000_000n + BigInt(t.nanoseconds ?? 0);

// ---- the chain ------------------------------------------------------------------------------

export class ChainSide implements Side {
  readonly name = "chain";
  /** The height of the last block a step ran in. */
  private last = 0;

  private constructor(
    readonly users: string[],
    readonly validators: string[],
    private readonly client: SigningCosmWasmClient,
    private readonly comet: CometClient,
    private readonly query: QueryClient,
  ) {}

  static async connect(rpc: string, validators: string[]): Promise<ChainSide> {
    const wallet = await testWallet([...Array(10).keys()]);
    const users = (await wallet.getAccounts()).map((a) => a.address);
    const client = await SigningCosmWasmClient.connectWithSigner(rpc, wallet, { gasPrice: GasPrice.fromString(GAS_PRICE) });
    const comet = await connectComet(rpc);
    return new ChainSide(users, validators, client, comet, new QueryClient(comet));
  }

  /** x/auth's accounts: each address's account number, and the next number a new account gets. */
  async accountNumbers(): Promise<{ numbers: Map<string, number>; next: number }> {
    const numbers = new Map<string, number>();
    let key: Uint8Array | undefined;
    do {
      const req = QueryAccountsRequest.encode({ pagination: { key: key ?? new Uint8Array(), offset: 0n, limit: 200n, countTotal: false, reverse: false } }).finish();
      const res = QueryAccountsResponse.decode((await this.query.queryAbci("/cosmos.auth.v1beta1.Query/Accounts", req)).value);
      for (const any of res.accounts) {
        const base = any.typeUrl.endsWith("ModuleAccount") ? ModuleAccount.decode(any.value).baseAccount! : BaseAccount.decode(any.value);
        numbers.set(base.address, Number(base.accountNumber));
      }
      key = res.pagination?.nextKey?.length ? res.pagination.nextKey : undefined;
    } while (key);
    return { numbers, next: Math.max(...numbers.values()) + 1 };
  }

  async broadcast(signer: string, msgs: EncodeObject[], fee: StdFee, memo: string): Promise<TxOutcome> {
    const raw = await this.client.sign(signer, msgs, fee, memo);
    const bytes = TxRaw.encode(raw).finish();
    const check = await this.comet.broadcastTxSync({ tx: bytes });
    if (check.code !== 0) {
      const status = await this.comet.status();
      return { refused: true, code: check.code, codespace: check.codespace ?? "", log: check.log ?? "", events: [], msgResponses: [], gasUsed: Number(check.gasUsed), gasWanted: Number(check.gasWanted), height: status.syncInfo.latestBlockHeight, time: 0n };
    }
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const tx = await this.comet.tx({ hash: check.hash });
        const r = tx.result;
        const data = r.data && r.data.length > 0 ? TxMsgData.decode(r.data) : undefined;
        const before = await this.blocksBefore(tx.height);
        const block = await this.comet.block(tx.height);
        return {
          before,
          code: r.code,
          codespace: r.codespace ?? "",
          log: r.log ?? "",
          events: r.events.map((e) => ({ type: e.type, attributes: e.attributes.map((a) => ({ key: a.key, value: a.value })) })),
          msgResponses: (data?.msgResponses ?? []).map((m) => ({ typeUrl: m.typeUrl, value: b64(m.value) })),
          gasUsed: Number(r.gasUsed),
          gasWanted: Number(r.gasWanted),
          height: tx.height,
          time: nsOf(block.block.header.time),
        };
      } catch (e) {
        if (!/not found/i.test(String(e)) || Date.now() > deadline) throw new Error(`tx ${toHex(check.hash)}: ${String(e)}`);
        await sleep(150);
      }
    }
  }

  /**
   * The latest block whose state can be queried, at which a query then runs (so the simulator can
   * answer at the same one): the block under construction is not, so one below the status's.
   */
  private async latest(): Promise<BlockRef> {
    const s = await this.comet.status();
    const height = Math.max(s.syncInfo.latestBlockHeight - 1, this.last);
    const before = await this.blocksBefore(height);
    return { height, time: nsOf((await this.comet.block(height)).block.header.time), before };
  }

  /** The blocks after the last step's and before `height` (with their times), and `height` becomes the last. */
  private async blocksBefore(height: number): Promise<Array<{ height: number; time: bigint }>> {
    const out: Array<{ height: number; time: bigint }> = [];
    for (let min = this.last + 1; min < height; min += 20) {
      const res = await this.comet.blockchain(min, Math.min(height - 1, min + 19));
      for (const m of res.blockMetas) out.push({ height: m.header.height, time: nsOf(m.header.time) });
    }
    this.last = Math.max(this.last, height);
    return out.sort((a, b) => a.height - b.height);
  }

  async smart(contract: string, msg: unknown): Promise<QueryOutcome> {
    const at = await this.latest();
    const req = QuerySmartContractStateRequest.encode({ address: contract, queryData: Buffer.from(JSON.stringify(msg)) }).finish();
    try {
      const res = QuerySmartContractStateResponse.decode((await this.query.queryAbci("/cosmwasm.wasm.v1.Query/SmartContractState", req, at.height)).value);
      return { ...at, ok: true, value: decoder.decode(res.data) };
    } catch (e) {
      return { ...at, ok: false, value: (e as Error).message };
    }
  }

  async raw(contract: string, key: Uint8Array): Promise<QueryOutcome> {
    const at = await this.latest();
    const req = QueryRawContractStateRequest.encode({ address: contract, queryData: key }).finish();
    try {
      const res = QueryRawContractStateResponse.decode((await this.query.queryAbci("/cosmwasm.wasm.v1.Query/RawContractState", req, at.height)).value);
      return { ...at, ok: true, value: b64(res.data) };
    } catch (e) {
      return { ...at, ok: false, value: (e as Error).message };
    }
  }

  async balances(addresses: string[], at: BlockRef): Promise<bigint[]> {
    return Promise.all(
      addresses.map(async (address) => {
        const req = QueryBalanceRequest.encode({ address, denom: DENOM }).finish();
        const res = QueryBalanceResponse.decode((await this.query.queryAbci("/cosmos.bank.v1beta1.Query/Balance", req, at.height)).value);
        return BigInt(res.balance?.amount ?? "0");
      }),
    );
  }

  async wait(seconds: number): Promise<void> {
    await sleep(seconds * 1000);
  }

  async close(): Promise<void> {
    this.client.disconnect();
    this.comet.disconnect();
  }
}

// ---- the simulator --------------------------------------------------------------------------

export interface SimulatorGenesis {
  /** The chain's validators (operator addresses); each self-bonds SELF_BOND as the localnet's gentx. */
  validators: string[];
  /** The chain's account numbers (users, operators) and the next one, so the records have the same sizes. */
  accountNumbers: Map<string, number>;
  nextAccountNumber: number;
  /** The chain's genesis time and unbonding time (seconds). */
  genesisTime: bigint;
  unbondingSeconds: number;
}

export class SimulatorSide implements Side {
  readonly name = "simulator";
  readonly app: App;
  private readonly client: SimulatorClient;

  private constructor(
    readonly users: string[],
    readonly validators: string[],
    operators: string[],
    genesis: SimulatorGenesis,
  ) {
    this.app = new App({ genesisTime: genesis.genesisTime });
    const app = this.app;
    this.client = new SimulatorClient(app, { blocks: "manual" });
    app.chainTx((tx) => {
      for (const address of users) app.auth.create(tx.store, address, genesis.accountNumbers.get(address));
      for (const address of operators) app.auth.create(tx.store, address, genesis.accountNumbers.get(address));
      app.auth.setNextNumber(tx.store, genesis.nextAccountNumber);
    });
    for (const a of users) app.mint(a, [{ denom: DENOM, amount: ACCOUNT_BALANCE.toString() }]);
    app.setUnbondingTime(genesis.unbondingSeconds);
    // validator i is operator i's (localnet gentx: m/44'/118'/0'/0/(100 + i)), self-bonding selfBond(i)
    operators.forEach((operator, i) => {
      const address = bech32Encode("persistencevaloper", bech32Decode(operator).data);
      if (!genesis.validators.includes(address)) throw new Error(`validator ${address} of operator ${i} is not the chain's`);
      app.addValidator({ address, commission: "0.05", max_commission: "0.2", max_change_rate: "0.01" });
      app.mint(operator, [{ denom: DENOM, amount: VALIDATOR_BALANCE.toString() }]);
      const bond = { denom: DENOM, amount: selfBond(i, genesis.validators.length).toString() };
      app.chainTx((tx) => app.staking.execute(tx, operator, { delegate: { validator: address, amount: bond } }).events);
    });
    // rewards as the localnet mints and allocates them, block by block (x/mint and x/distribution defaults)
    app.useBlockRewards();
  }

  static async create(genesis: SimulatorGenesis): Promise<SimulatorSide> {
    const users = await accounts(0, 10);
    const operators = await accounts(VALIDATOR_INDEX, genesis.validators.length);
    return new SimulatorSide(users, genesis.validators, operators, genesis);
  }

  /** Opens the chain's blocks up to `at` (each of those before it, then it) unless the simulator is past them. */
  private moveTo(at?: BlockRef): void {
    if (!at) return;
    for (const b of [...(at.before ?? []), at]) if (b.height > this.app.block.height) this.app.advanceTo(b.height, b.time);
  }

  async broadcast(signer: string, msgs: EncodeObject[], fee: StdFee, memo: string, at?: BlockRef): Promise<TxOutcome> {
    this.moveTo(at);
    try {
      const r = await this.client.signAndBroadcast(signer, msgs, fee, memo);
      return {
        code: r.code,
        codespace: r.codespace,
        log: r.rawLog ?? "",
        events: r.events.map((e) => ({ type: e.type, attributes: e.attributes.map((a) => ({ key: a.key, value: a.value })) })),
        msgResponses: r.msgResponses.map((m) => ({ typeUrl: m.typeUrl, value: b64(m.value) })),
        gasUsed: Number(r.gasUsed),
        gasWanted: Number(r.gasWanted),
        height: r.height,
        time: this.app.block.time,
      };
    } catch (e) {
      const err = e as { codespace?: string; code?: number; log?: string; gasUsed?: number; message: string };
      if (err.code === undefined) throw e;
      return { refused: true, code: err.code, codespace: err.codespace ?? "", log: err.log ?? err.message, events: [], msgResponses: [], gasUsed: err.gasUsed ?? 0, gasWanted: Number(fee.gas), height: this.app.block.height, time: 0n };
    }
  }

  async smart(contract: string, msg: unknown, at?: BlockRef): Promise<QueryOutcome> {
    this.moveTo(at);
    this.app.finishBlock();
    const here = { height: this.app.block.height, time: this.app.block.time };
    try {
      return { ...here, ok: true, value: JSON.stringify(await this.client.queryContractSmart(contract, msg as Record<string, unknown>)) };
    } catch (e) {
      return { ...here, ok: false, value: (e as Error).message };
    }
  }

  async raw(contract: string, key: Uint8Array, at?: BlockRef): Promise<QueryOutcome> {
    this.moveTo(at);
    this.app.finishBlock();
    const here = { height: this.app.block.height, time: this.app.block.time };
    return { ...here, ok: true, value: b64((await this.client.queryContractRaw(contract, key)) ?? new Uint8Array()) };
  }

  /** After the block's EndBlocker, as a query at the block's height sees them. */
  async balances(addresses: string[]): Promise<bigint[]> {
    this.app.finishBlock();
    return addresses.map((a) => this.app.balance(a, DENOM));
  }

  async wait(): Promise<void> {}

  async close(): Promise<void> {}
}
