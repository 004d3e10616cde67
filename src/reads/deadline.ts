// An overall deadline for one command's Azure reads: a hanging Azure must produce an answer ("timed out"),
// never silence. The work gets an AbortSignal so the SDK calls stop too.
import { DomainError } from "../core/errors.ts";
import { setReadDeadline } from "../core/read-budget.ts";

export const DEFAULT_READ_DEADLINE_MS = 12_000;

/** Runs `work` under `ms`; on expiry rejects with a DomainError of kind "timeout" and aborts the work. */
export async function withDeadline<T>(ms: number, what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  setReadDeadline(ac.signal, performance.now() + ms);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new DomainError({
        kind: "timeout",
        call: what,
        userMessage: `Azure did not answer ${what} within ${seconds(ms)}.`,
        hint: "Azure may be slow or unreachable right now; try again in a minute.",
      });
      // Reject before aborting, so this error wins the race over whatever the aborted work throws.
      reject(err);
      ac.abort(err);
    }, ms);
  });
  try {
    return await Promise.race([work(ac.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

function seconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
