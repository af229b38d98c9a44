// Contract errors without exceptions.
//
// AssemblyScript has no exceptions the VM accepts, so a contract error is a sticky flag: the
// first `fail` records the message, later ones are ignored (the root cause wins), and the entry
// glue turns a set flag into `{"error": message}` whatever the handler returned. Forgetting to
// check can therefore never turn an error into success; checking early (`if (failed()) return`)
// keeps later code from running on the zero values that failing calls return.
// A trap (abort/unreachable) is reserved for bugs.

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

/** Forgets the recorded error and returns it; for the rare caller that recovers from one. */
export function takeError(): string | null {
  const m = message;
  message = null;
  return m;
}
