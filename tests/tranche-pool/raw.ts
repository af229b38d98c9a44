// Reading a contract's stored records directly (cw-storage-plus layout), for invariant checks
// that must see every position, request and loan without paging through queries.
import { App } from "@persistence-ts/simulator/app/app";
import { PrefixStorage } from "@persistence-ts/simulator/app/prefix-storage";

const storage = (app: App, contract: string) => new PrefixStorage(app.store, `wasm/state/${contract}/`);

/** The JSON stored under an Item's key. */
export function rawItem<T>(app: App, contract: string, key: string): T {
  const v = storage(app, contract).get(Buffer.from(key));
  if (!v) throw new Error(`no ${key} in ${contract}`);
  return JSON.parse(Buffer.from(v).toString()) as T;
}

/** Every entry of a Map namespace: the key after the namespace, and the value's JSON. */
export function rawMap<T>(app: App, contract: string, namespace: string): Array<{ key: Buffer; value: T }> {
  const ns = Buffer.from(namespace);
  const prefix = Buffer.concat([Buffer.from([ns.length >> 8, ns.length & 0xff]), ns]);
  const end = Buffer.from(prefix);
  end[end.length - 1]++;
  const out: Array<{ key: Buffer; value: T }> = [];
  const it = storage(app, contract).range(prefix, end, "ascending");
  for (let r = it.next(); !r.done; r = it.next()) out.push({ key: Buffer.from(r.value[0].subarray(prefix.length)), value: JSON.parse(Buffer.from(r.value[1]).toString()) as T });
  return out;
}
