// The cw20 test token (tests/fixtures/cw20) deployed in the simulated chain, with every message
// and response checked against the schema of the shared cw20 definition (interfaces/cw20.ts).

import Ajv, { ValidateFunction } from "ajv";
import { App, TxResult } from "@persistence-ts/simulator/app/app";
import { makeAddress } from "@persistence-ts/simulator/vm/api";
import cw20Messages from "@persistence-ts/interfaces/cw20";
import { contractSchema } from "@persistence-ts/schema/json-schema";
import { buildFixture } from "@persistence-ts/testing/fixtures";

type Json = Record<string, unknown>;

const schema = contractSchema(cw20Messages) as { instantiate: object; execute: object; query: object; responses: Record<string, object> };
const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
const validators = new Map<string, ValidateFunction>();

function check(kind: string, value: unknown): void {
  let v = validators.get(kind);
  if (!v) {
    const s = kind.startsWith("response:") ? schema.responses[kind.slice(9)] : (schema as unknown as Record<string, object>)[kind];
    if (!s) throw new Error(`no schema for ${kind}`);
    validators.set(kind, (v = ajv.compile(s)));
  }
  if (!v(value)) throw new Error(`${kind} does not match the cw20 schema: ${ajv.errorsText(v.errors)}\n${JSON.stringify(value)}`);
}

export class Token {
  constructor(
    readonly app: App,
    readonly address: string,
  ) {}

  execute(sender: string, msg: Json): TxResult {
    check("execute", msg);
    return this.app.execute(sender, this.address, msg);
  }

  query<T = Json>(msg: Json): T {
    check("query", msg);
    const res = this.app.query<T>(this.address, msg);
    check(`response:${Object.keys(msg)[0]}`, res);
    return res;
  }

  /** Sends a schema-valid message the contract must refuse; returns the error text. */
  fails(sender: string, msg: Json): string {
    try {
      this.execute(sender, msg);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error(`the token accepted ${JSON.stringify(msg)}`);
  }

  balance(address: string): bigint {
    return BigInt(this.query<{ balance: string }>({ balance: { address } }).balance);
  }

  supply(): bigint {
    return BigInt(this.query<{ total_supply: string }>({ token_info: {} }).total_supply);
  }
}

export const minter = makeAddress("cw20-minter");
export const alice = makeAddress("alice");
export const bob = makeAddress("bob");
export const carol = makeAddress("carol");

/** Uploads (once per app) and instantiates the test token. */
export function deployToken(app: App, msg: Json, sender = minter): Token {
  check("instantiate", msg);
  const codeId = app.storeCode(sender, buildFixture("cw20")).codeId;
  return new Token(app, app.instantiate(sender, codeId, msg, "cw20").contractAddress);
}

/** A mintable "USDC"-like token with balances for alice (1,000,000) and bob (500). */
export function setupToken(extra: Json = {}): { app: App; token: Token } {
  const app = new App();
  const token = deployToken(app, {
    name: "Test USD",
    symbol: "TUSD",
    decimals: 6,
    initial_balances: [
      { address: alice, amount: "1000000" },
      { address: bob, amount: "500" },
    ],
    mint: { minter, cap: null },
    ...extra,
  });
  return { app, token };
}
