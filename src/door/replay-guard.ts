// A request already handled is acknowledged again without acting: an exact replay of a signed request
// (same body and signature inside the 5-minute window) and Slack's own retries (X-Slack-Retry-Num, same
// body) are recognised by the digest of the body, which carries Slack's unique trigger_id or event_id.
// In memory, per process: a replay sent to another replica is not recognised (docs/architecture.md §The door).
import { createHash } from "node:crypto";
import { MAX_SKEW_SECONDS } from "./signed-request.ts";

/** Twice the signature window, so a replay near the window's edge is still remembered. */
const REMEMBER_MS = 2 * MAX_SKEW_SECONDS * 1000;
/** Bounded: at this many remembered requests the oldest are forgotten first (Map keeps insertion order). */
const MAX_ENTRIES = 50_000;

export class ReplayGuard {
  readonly #seen = new Map<string, number>();
  readonly #now: () => number;
  readonly #max: number;

  constructor(opts: { now?: () => number; maxEntries?: number } = {}) {
    this.#now = opts.now ?? Date.now;
    this.#max = opts.maxEntries ?? MAX_ENTRIES;
  }

  /** True when this body was admitted before (inside the window); otherwise remembers it and returns false. */
  seenBefore(body: Buffer): boolean {
    const now = this.#now();
    const key = createHash("sha256").update(body).digest("base64url");
    const until = this.#seen.get(key);
    if (until !== undefined && until > now) return true;
    this.#seen.delete(key);
    this.#seen.set(key, now + REMEMBER_MS);
    this.#forget(now);
    return false;
  }

  get size(): number {
    return this.#seen.size;
  }

  #forget(now: number): void {
    for (const [k, until] of this.#seen) {
      if (until > now && this.#seen.size <= this.#max) break;
      this.#seen.delete(k);
    }
  }
}
