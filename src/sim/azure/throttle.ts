// ARM's token bucket (per subscription and operation kind): `burst` tokens, refilled at `perSecond`.
// Time is real time (the SDK's Retry-After waits are real), injected for tests.

export interface TakeResult {
  ok: boolean;
  /** Whole tokens left after this request (the x-ms-ratelimit-remaining-* header). */
  remaining: number;
  /** When throttled: seconds until a token is available (at least 1). */
  retryAfterSeconds: number;
}

export class TokenBucket {
  readonly #perSecond: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #at: number;

  constructor(perSecond: number, burst: number, now: () => number = Date.now) {
    this.#perSecond = perSecond;
    this.#burst = burst;
    this.#now = now;
    this.#tokens = burst;
    this.#at = now();
  }

  take(): TakeResult {
    const t = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((t - this.#at) / 1000) * this.#perSecond);
    this.#at = t;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return { ok: true, remaining: Math.floor(this.#tokens), retryAfterSeconds: 0 };
    }
    const wait = this.#perSecond > 0 ? Math.ceil((1 - this.#tokens) / this.#perSecond) : 60;
    return { ok: false, remaining: 0, retryAfterSeconds: Math.max(1, wait) };
  }
}

/** One bucket per key (subscription + kind), created on first use. */
export class Buckets {
  readonly #make: () => TokenBucket;
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(make: () => TokenBucket) {
    this.#make = make;
  }

  take(key: string): TakeResult {
    let b = this.#buckets.get(key);
    if (!b) {
      b = this.#make();
      this.#buckets.set(key, b);
    }
    return b.take();
  }
}
