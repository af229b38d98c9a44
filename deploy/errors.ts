// Typed errors of the deploy CLI. Each says what went wrong and what to do about it; the CLI
// prints `message` (and `hint`) and exits non-zero, without a stack trace.

export class DeployError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A bad flag, network, contract name or config file. */
export class ConfigError extends DeployError {}

/** No node answers at the RPC endpoint (or at any of its fallbacks). */
export class RpcUnreachableError extends DeployError {
  constructor(
    readonly endpoints: string[],
    readonly causes: string[],
    hint?: string,
  ) {
    super(
      endpoints.length === 1
        ? `cannot reach the RPC endpoint ${endpoints[0]}: ${causes[0]}`
        : `cannot reach any of the ${endpoints.length} RPC endpoints: ${endpoints.map((e, i) => `${e} (${causes[i]})`).join(", ")}`,
      hint,
    );
  }
}

/** The endpoint serves another chain than the network's chain id. */
export class ChainIdMismatchError extends DeployError {
  constructor(
    readonly expected: string,
    readonly actual: string,
    readonly rpc: string,
  ) {
    super(
      `chain-id mismatch: network expects "${expected}" but ${rpc} serves "${actual}"`,
      "check --network / --rpc, or pass --chain-id if the network really changed its chain id",
    );
  }
}

/** The deployer cannot pay for the transactions (or its account does not exist yet). */
export class InsufficientFundsError extends DeployError {}

/** The chain does not let the deployer upload code. */
export class UploadForbiddenError extends DeployError {}

/** An artifact is missing, unreadable or fails the upload checker. */
export class ArtifactError extends DeployError {
  constructor(
    readonly contract: string,
    message: string,
    hint?: string,
  ) {
    super(message, hint);
  }
}

/** A transaction the chain rejected for another reason. */
export class TxError extends DeployError {
  constructor(
    readonly step: string,
    cause: string,
  ) {
    super(`${step} failed: ${cause}`);
  }
}

/** The deployer's mnemonic is not set. */
export class MnemonicMissingError extends DeployError {}

/** A migration the cw2 versions (or the contract's admin) do not allow. */
export class MigrationError extends DeployError {}

/** An error's message, with the system error code behind a bare "fetch failed" (ECONNREFUSED, ENOTFOUND…). */
export function errorMessage(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause as { code?: unknown; message?: unknown } | undefined;
  const why = typeof cause?.code === "string" ? cause.code : typeof cause?.message === "string" ? cause.message : "";
  return why && !e.message.includes(why) ? `${e.message} (${why})` : e.message;
}

/**
 * Turns what a chain says about a failed transaction into one of the typed errors above, so the
 * user reads "insufficient funds" rather than a raw ABCI log. Unknown failures become TxError.
 */
export function classifyTxError(step: string, e: unknown, who: string, rpc = "the RPC endpoint"): DeployError {
  if (e instanceof DeployError) return e;
  const msg = errorMessage(e);
  if (/insufficient funds|insufficient fee|does not exist on chain/i.test(msg)) {
    return new InsufficientFundsError(`${step}: the deployer ${who} cannot pay: ${firstLine(msg)}`, "fund the deployer account with the fee denom and run the same command again");
  }
  if (/can not create code|unauthorized.*(code|upload)|(code|upload).*unauthorized|AccessConfig|upload.*not allowed/i.test(msg)) {
    return new UploadForbiddenError(
      `${step}: the chain refuses uploads from ${who}: ${firstLine(msg)}`,
      "uploads on this chain are permissioned: store the artifact through governance (a MsgStoreCode proposal) or from an allowed address; a re-run then finds the code by its checksum and skips the upload",
    );
  }
  if (/fetch failed|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|socket hang up|network error/i.test(msg)) {
    return new RpcUnreachableError([rpc], [`${step}: ${firstLine(msg)}`], "the node stopped answering; run the same command again once it is back: the deployments file records what is done");
  }
  return new TxError(step, firstLine(msg));
}

function firstLine(s: string): string {
  return s.split("\n")[0].trim();
}
