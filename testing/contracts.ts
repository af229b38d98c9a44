// Contracts under test in the simulated chain, with every message and response checked
// against the contract's JSON schema: the codec, the schema and the tests cannot drift apart.

import Ajv, { ValidateFunction } from "ajv";
import * as fs from "node:fs";
import * as path from "node:path";
import { App, TxResult } from "@persistence-ts/simulator/app/app";
import { Coin } from "@persistence-ts/simulator/app/context";
import { ROOT } from "@persistence-ts/cli/project";
import { findContract } from "@persistence-ts/cli/build/contracts";
import { buildWasm } from "./fixtures";

type Json = Record<string, unknown> | string;

interface ContractSchema {
  instantiate: object;
  execute: object;
  query: object;
  migrate: object | null;
  responses: Record<string, object>;
}

/** cosmwasm-schema's integer formats, checked for range instead of ignored. */
function withIntegerFormats(ajv: Ajv): Ajv {
  const bits: Record<string, number> = { uint8: 8, uint16: 16, uint32: 32, uint64: 64 };
  for (const [name, n] of Object.entries(bits)) {
    const max = 2n ** BigInt(n) - 1n;
    ajv.addFormat(name, { type: "number", validate: (v: number) => Number.isInteger(v) && v >= 0 && BigInt(v) <= max });
  }
  return ajv;
}

/** Validators compiled from `contracts/<name>/schema/<name>.json`. */
export class SchemaCheck {
  private readonly ajv = withIntegerFormats(new Ajv({ strict: false, allErrors: true }));
  private readonly cache = new Map<string, ValidateFunction>();
  readonly schema: ContractSchema;

  constructor(name: string) {
    this.schema = JSON.parse(fs.readFileSync(path.join(ROOT, "contracts", name, "schema", `${name}.json`), "utf8")) as ContractSchema;
  }

  private validator(key: string, schema: object): ValidateFunction {
    let v = this.cache.get(key);
    if (!v) {
      v = this.ajv.compile(schema);
      this.cache.set(key, v);
    }
    return v;
  }

  /** Throws when `value` does not match the schema of `kind` (instantiate/execute/query or a response). */
  assertValid(kind: string, value: unknown): void {
    const schema = kind.startsWith("response:") ? this.schema.responses[kind.slice(9)] : (this.schema as unknown as Record<string, object>)[kind];
    if (!schema) throw new Error(`no schema for ${kind}`);
    const v = this.validator(kind, schema);
    if (!v(value)) throw new Error(`${kind} does not match the schema: ${this.ajv.errorsText(v.errors)}\n${JSON.stringify(value)}`);
  }

  isValid(kind: string, value: unknown): boolean {
    try {
      this.assertValid(kind, value);
      return true;
    } catch {
      return false;
    }
  }
}

/** One deployed contract: executes and queries validated against its schema. */
export class Deployed {
  constructor(
    readonly app: App,
    readonly address: string,
    readonly schema: SchemaCheck,
  ) {}

  execute(sender: string, msg: Json, funds: Coin[] = []): TxResult {
    this.schema.assertValid("execute", msg);
    return this.app.execute(sender, this.address, msg, funds);
  }

  /** A query whose message and response are both checked against the schema. */
  query<T = Record<string, unknown>>(msg: Json): T {
    this.schema.assertValid("query", msg);
    const res = this.app.query<T>(this.address, msg);
    const variant = typeof msg === "string" ? msg : Object.keys(msg)[0];
    this.schema.assertValid(`response:${variant}`, res);
    return res;
  }

  /** Sends a message the schema must reject too, and returns the contract's error text. */
  rejects(sender: string, msg: unknown, funds: Coin[] = []): string {
    if (this.schema.isValid("execute", msg)) throw new Error(`the schema accepts ${JSON.stringify(msg)}`);
    try {
      this.app.execute(sender, this.address, msg, funds);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error(`the contract accepted ${JSON.stringify(msg)}`);
  }

  /** Sends a schema-valid message the contract must refuse; returns the error text. */
  fails(sender: string, msg: Json, funds: Coin[] = []): string {
    try {
      this.execute(sender, msg, funds);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error(`the contract accepted ${JSON.stringify(msg)}`);
  }
}

const codeIds = new WeakMap<App, Map<string, number>>();

/** Uploads (once per app) and instantiates contract `name`, validating the instantiate message. */
export function deploy(app: App, name: string, sender: string, msg: Record<string, unknown>, label = name): Deployed {
  const schema = new SchemaCheck(name);
  schema.assertValid("instantiate", msg);
  let ids = codeIds.get(app);
  if (!ids) codeIds.set(app, (ids = new Map()));
  let codeId = ids.get(name);
  if (codeId === undefined) {
    codeId = app.storeCode(sender, contractWasm(name)).codeId;
    ids.set(name, codeId);
  }
  return new Deployed(app, app.instantiate(sender, codeId, msg, label, [], sender).contractAddress, schema);
}

/** The compiled contract, built through the real pipeline (cached by its inputs), as `npm run build` builds it. */
export function contractWasm(name: string): Uint8Array {
  const c = findContract(name);
  return buildWasm(path.relative(ROOT, c.dir), c.entry, name, c.asconfig);
}

/** Everything the app stores (every module and contract), for "state unchanged" assertions. */
export function snapshot(app: App): string {
  const out: string[] = [];
  const it = app.store.range(undefined, undefined, "ascending");
  for (let r = it.next(); !r.done; r = it.next()) out.push(Buffer.from(r.value[0]).toString("hex") + "=" + Buffer.from(r.value[1]).toString("hex"));
  return out.join("\n");
}
