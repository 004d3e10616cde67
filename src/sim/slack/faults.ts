// Per-method fault injection. A fault matches a Web API method name (or the pseudo-methods "upload" for the
// upload URL and "response_url" for response_url posts) and fires `times` times (forever when omitted).

export interface FaultSpec {
  method: string | RegExp;
  /** HTTP status to answer (429 → Retry-After, 5xx → server error). Default 200 with `error`, 429 with retryAfter. */
  status?: number;
  /** Slack error code for an `ok:false` body. */
  error?: string;
  /** Extra fields merged into the ok:false body, e.g. { needed: "chat:write", provided: "commands" }. */
  extra?: Record<string, unknown>;
  /** Sends `Retry-After` (and status 429 unless `status` says otherwise). */
  retryAfterSeconds?: number;
  /** Delay before answering; alone it only slows the real handler down. */
  latencyMs?: number;
  /** Never answer (the connection stays open until the client gives up or the emulator closes). */
  hang?: boolean;
  /**
   * Runs the real handler at once (the message is posted, the file shared) but answers this much later: a
   * call that did its work and still timed out on the client's side.
   */
  replyDelayMs?: number;
  times?: number;
}

export interface Faults {
  add(f: FaultSpec): void;
  clear(): void;
}

/** What the server must do for one request, decided by the first matching live fault. */
export interface FaultAction {
  latencyMs: number;
  hang: boolean;
  replyDelayMs: number;
  /** Undefined → run the real handler after the latency. */
  reply?: { status: number; body: Record<string, unknown>; headers: Record<string, string> };
}

export class FaultRegistry implements Faults {
  #faults: Array<FaultSpec & { left: number }> = [];

  add(f: FaultSpec): void {
    this.#faults.push({ ...f, left: f.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.#faults = [];
  }

  /** Consumes one use of the first matching fault. */
  take(method: string): FaultAction | undefined {
    const f = this.#faults.find(
      (x) => x.left > 0 && (typeof x.method === "string" ? x.method === method : x.method.test(method)),
    );
    if (!f) return undefined;
    f.left -= 1;
    return faultAction(f);
  }
}

export function faultAction(f: FaultSpec): FaultAction {
  const action: FaultAction = { latencyMs: f.latencyMs ?? 0, hang: f.hang === true, replyDelayMs: f.replyDelayMs ?? 0 };
  const status = f.status ?? (f.retryAfterSeconds !== undefined ? 429 : f.error !== undefined ? 200 : undefined);
  if (status === undefined) return action;
  const headers: Record<string, string> = {};
  if (f.retryAfterSeconds !== undefined) headers["retry-after"] = String(f.retryAfterSeconds);
  const error = f.error ?? (status === 429 ? "ratelimited" : status >= 500 ? "internal_error" : "fatal_error");
  action.reply = { status, headers, body: { ok: false, error, ...f.extra } };
  return action;
}
