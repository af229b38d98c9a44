// Contract errors without exceptions.
//
// AssemblyScript has no exceptions the VM accepts, so a contract error is a sticky flag: the
// first `fail` records the message, later ones are ignored (the root cause wins), and the entry
// glue turns a set flag into `{"error": message}` whatever the handler returned. Forgetting to
// check can therefore never turn an error into success; checking early (`if (failed()) return`)
// keeps later code from running on the zero values that failing calls return.
// A trap (abort/unreachable) is reserved for bugs.
// Guards are named `assert<Condition>` and return false when they fail; see the README's
// "Errors in contracts" for the naming convention.

let message: string | null = null;

/** Records a contract error; the first one wins. */
export function fail(msg: string): void {
  if (message === null) message = msg;
}

/** Whether a contract error has been recorded in this call. */
export function failed(): bool {
  return message !== null;
}

/** The recorded error message ("" when none). */
export function errorMessage(): string {
  const m = message;
  return m === null ? "" : m;
}

/**
 * Opens a scope whose error the caller handles itself (a lenient read of another contract's
 * answer, a parser whose error is re-filed under a field's path). Sets any pending error aside
 * so the scope starts clean; hand the returned value to `endRecover`. AssemblyScript has no
 * closures, so the scope is a begin/end pair rather than a callback:
 *
 *   const outer = beginRecover();
 *   const v = Uint128.fromString(s);
 *   const err = endRecover(outer); // the scope's error, or null; an earlier error is back
 */
export function beginRecover(): string | null {
  const outer = message;
  message = null;
  return outer;
}

/**
 * Closes a scope opened by `beginRecover`: returns the error recorded inside it (null when none)
 * and forgets it, then puts back the error set aside, so an error recorded before the scope
 * always survives it. Scopes nest.
 */
export function endRecover(outer: string | null): string | null {
  const inner = message;
  message = outer;
  return inner;
}
