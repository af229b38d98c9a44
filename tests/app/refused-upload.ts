// Shared by the upload-check tests: the error of a storeCode the simulator refuses.
import { App, TxError } from "@persistence-ts/simulator/app/app";
import { makeAddress } from "@persistence-ts/simulator/vm/api";

export const uploader = makeAddress("alice");

/** The TxError of `app.storeCode(uploader, wasm)`; fails the test when the code is stored. */
export function storeError(app: App, wasm: Uint8Array): TxError {
  try {
    app.storeCode(uploader, wasm);
  } catch (e) {
    if (e instanceof TxError) return e;
    throw e;
  }
  throw new Error("storeCode accepted the code");
}
