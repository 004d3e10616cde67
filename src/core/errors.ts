// Domain errors: what went wrong with an outside system, phrased so a person can act on it.
// Adapters (src/azure) translate SDK errors into these; views show `userMessage` and `hint`.
import type { AppRef } from "./snapshot.ts";

export type DomainErrorKind = "forbidden" | "notFound" | "throttled" | "timeout" | "unavailable" | "invalid";

export interface DomainErrorInit {
  kind: DomainErrorKind;
  userMessage: string;
  hint?: string;
  retryAfterSeconds?: number;
  /** The HTTP status Azure answered, when it answered one. */
  status?: number;
  /** For timeout: the deadline that expired. */
  timeoutMs?: number;
  /** The read or write that failed, e.g. "webApps.get shop-api". */
  call?: string;
  /** For notFound: apps with similar names. */
  suggestions?: AppRef[];
  cause?: unknown;
}

export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  readonly userMessage: string;
  readonly hint?: string;
  readonly retryAfterSeconds?: number;
  readonly status?: number;
  readonly timeoutMs?: number;
  readonly call?: string;
  readonly suggestions?: AppRef[];

  constructor(init: DomainErrorInit) {
    super(init.hint ? `${init.userMessage} ${init.hint}` : init.userMessage, { cause: init.cause });
    this.name = "DomainError";
    this.kind = init.kind;
    this.userMessage = init.userMessage;
    this.hint = init.hint;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.status = init.status;
    this.timeoutMs = init.timeoutMs;
    this.call = init.call;
    this.suggestions = init.suggestions;
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
