// Every host function the CosmWasm 2.2 VM offers a contract, with its exact signature.
// Arguments are pointers to Regions unless noted. Only imported functions that are called
// end up in the wasm, so declaring them all here costs nothing.

@external("env", "abort")
export declare function abort(msg: u32): void;
@external("env", "debug")
export declare function debug(msg: u32): void;

@external("env", "db_read")
export declare function db_read(key: u32): u32;
@external("env", "db_write")
export declare function db_write(key: u32, value: u32): void;
@external("env", "db_remove")
export declare function db_remove(key: u32): void;
/** start and end may be 0 (unbounded); order: 1 ascending, 2 descending. Returns an iterator id. */
@external("env", "db_scan")
export declare function db_scan(start: u32, end: u32, order: i32): u32;
@external("env", "db_next")
export declare function db_next(iterator_id: u32): u32;
@external("env", "db_next_key")
export declare function db_next_key(iterator_id: u32): u32;
@external("env", "db_next_value")
export declare function db_next_value(iterator_id: u32): u32;

/** Returns 0 when valid, else a Region holding the error text. */
@external("env", "addr_validate")
export declare function addr_validate(source: u32): u32;
@external("env", "addr_canonicalize")
export declare function addr_canonicalize(source: u32, destination: u32): u32;
@external("env", "addr_humanize")
export declare function addr_humanize(source: u32, destination: u32): u32;

@external("env", "secp256k1_verify")
export declare function secp256k1_verify(message_hash: u32, signature: u32, public_key: u32): u32;
@external("env", "secp256k1_recover_pubkey")
export declare function secp256k1_recover_pubkey(message_hash: u32, signature: u32, recovery_param: u32): u64;
@external("env", "ed25519_verify")
export declare function ed25519_verify(message: u32, signature: u32, public_key: u32): u32;
@external("env", "ed25519_batch_verify")
export declare function ed25519_batch_verify(messages: u32, signatures: u32, public_keys: u32): u32;

@external("env", "query_chain")
export declare function query_chain(request: u32): u32;
