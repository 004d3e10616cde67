// A command's read deadline travels with the AbortSignal its reads get, so the adapter can give each read
// its own, shorter deadline inside it (docs/faults.md). Values are absolute `performance.now()` instants,
// supplied by the caller: this module keeps no clock of its own.

const deadlines = new WeakMap<AbortSignal, number>();

/** Records that the work behind `signal` must be done by `at` (performance.now() ms). */
export function setReadDeadline(signal: AbortSignal, at: number): void {
  deadlines.set(signal, at);
}

/** The instant recorded for `signal`, if any. */
export function readDeadlineOf(signal: AbortSignal | undefined): number | undefined {
  return signal ? deadlines.get(signal) : undefined;
}

/** Longest single attempt of one read: a hung call gives up here, and a retry may still fit. */
export const READ_ATTEMPT_MS = 4_000;

/**
 * How long each attempt of a read may take when `remainingMs` are left for the whole command: a third of
 * the budget (so a first attempt that hangs leaves room for a retry and for the answer itself), at most
 * READ_ATTEMPT_MS, at least a second when there is that much left.
 */
export function attemptMs(remainingMs: number): number {
  const third = Math.min(READ_ATTEMPT_MS, Math.floor(remainingMs / 3));
  // Never below a second (a busy machine answers slowly), never beyond what is left.
  return Math.max(1, Math.min(Math.max(1_000, third), remainingMs));
}
