// The one Web API client the bot posts with, and the two things Slack's limits need from it:
// per-channel pacing (chat.postMessage allows about one message per second per channel) and waiting out a
// 429's Retry-After. The client rejects rate-limited calls at once (rejectRateLimitedCalls) so the wait
// happens here, per channel, instead of pausing every call of the process.
import { webApi } from "@slack/bolt";
import type { Logger } from "../log.ts";
import { boltLogger } from "./bolt-logger.ts";

type WebClientOptions = webApi.WebClientOptions;
export type WebClient = webApi.WebClient;
export type RetryOptions = NonNullable<WebClientOptions["retryConfig"]>;

/** A Web API call that hangs this long fails (the default, 0, waits forever). */
export const DEFAULT_SLACK_TIMEOUT_MS = 10_000;
/** 5xx and network errors: three tries within about 3 s, not web-api's default of ten within 30 minutes. */
export const DEFAULT_SLACK_RETRY: RetryOptions = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2_000 };
/** Slack's chat.postMessage special tier: about one message per second per channel. */
export const DEFAULT_POST_INTERVAL_MS = 1_000;
/** Tries of one call that Slack answers 429 (each waits the Retry-After it names, capped). */
export const RATE_LIMIT_ATTEMPTS = 4;
export const RATE_LIMIT_MAX_WAIT_S = 30;

export interface SlackClientSettings {
  botToken: string;
  apiUrl: string;
  timeoutMs?: number;
  retryConfig?: RetryOptions;
  log: Logger;
}

export function slackClientOptions(s: Omit<SlackClientSettings, "botToken">): WebClientOptions {
  return {
    slackApiUrl: s.apiUrl,
    timeout: s.timeoutMs ?? DEFAULT_SLACK_TIMEOUT_MS,
    retryConfig: s.retryConfig ?? DEFAULT_SLACK_RETRY,
    rejectRateLimitedCalls: true,
    logger: boltLogger(s.log, "web-api"),
  };
}

export function createSlackClient(s: SlackClientSettings): WebClient {
  return new webApi.WebClient(s.botToken, slackClientOptions(s));
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Seconds Slack asked to wait when `e` is a rejected rate-limited call; undefined for any other error. */
export function rateLimitedSeconds(e: unknown): number | undefined {
  const err = e as { code?: string; retryAfter?: number } | undefined;
  if (err?.code !== webApi.ErrorCode.RateLimitedError) return undefined;
  return Number.isFinite(err.retryAfter) ? Math.max(0, err.retryAfter ?? 0) : 1;
}

/** Runs `fn`, and again after each 429's Retry-After, up to `attempts` tries. Other errors pass through. */
export async function retryRateLimited<T>(
  fn: () => Promise<T>,
  opts: {
    attempts?: number;
    maxWaitS?: number;
    log?: Logger;
    what?: string;
    sleep?: (ms: number) => Promise<void>;
  } = {},
): Promise<T> {
  const attempts = opts.attempts ?? RATE_LIMIT_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const after = rateLimitedSeconds(e);
      if (after === undefined || attempt >= attempts) throw e;
      opts.log?.warn({ call: opts.what, retryAfterSeconds: after, attempt }, "Slack rate-limited the call; waiting");
      await (opts.sleep ?? sleep)(Math.min(after, opts.maxWaitS ?? RATE_LIMIT_MAX_WAIT_S) * 1000);
    }
  }
}

/**
 * Slack allows short bursts above one message per second ("Posting messages: 1 per second. Short bursts >1
 * allowed", docs.slack.dev rate limits): an incident's top message and its first thread reply go out
 * together; a storm still settles to one per second.
 */
export const DEFAULT_POST_BURST = 3;

/**
 * Posts to one channel go one at a time, at a sustained rate of one per `minIntervalMs` with up to `burst`
 * started back to back after a quiet spell (a token bucket per channel; burst 1 = strictly spaced);
 * channels are independent. A post waiting out a 429 holds its channel's queue, which is what Slack asks for.
 */
export class ChannelPacer {
  readonly #minIntervalMs: number;
  readonly #burst: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #tail = new Map<string, Promise<void>>();
  /** Per channel: tokens left and when they were counted. */
  readonly #bucket = new Map<string, { tokens: number; at: number }>();

  constructor(
    minIntervalMs: number = DEFAULT_POST_INTERVAL_MS,
    opts: { now?: () => number; sleep?: (ms: number) => Promise<void>; burst?: number } = {},
  ) {
    this.#minIntervalMs = minIntervalMs;
    this.#burst = Math.max(1, Math.floor(opts.burst ?? 1));
    this.#now = opts.now ?? (() => performance.now());
    this.#sleep = opts.sleep ?? sleep;
  }

  /** Channels with a post queued or running. */
  get busyChannels(): number {
    return this.#tail.size;
  }

  /** Milliseconds until the channel may post (0: now), with its tokens refilled to this instant. */
  #wait(channel: string): number {
    const now = this.#now();
    const b = this.#bucket.get(channel);
    if (!b || this.#minIntervalMs <= 0) return 0;
    const tokens = Math.min(this.#burst, b.tokens + (now - b.at) / this.#minIntervalMs);
    this.#bucket.set(channel, { tokens, at: now });
    return tokens >= 1 ? 0 : (1 - tokens) * this.#minIntervalMs;
  }

  #take(channel: string): void {
    const now = this.#now();
    const b = this.#bucket.get(channel);
    const tokens = b ? Math.min(this.#burst, b.tokens + (now - b.at) / Math.max(1, this.#minIntervalMs)) : this.#burst;
    this.#bucket.set(channel, { tokens: Math.max(0, tokens - 1), at: now });
  }

  run<T>(channel: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.#tail.get(channel) ?? Promise.resolve();
    const result = prev.then(async () => {
      const wait = this.#wait(channel);
      if (wait > 0) await this.#sleep(wait);
      this.#take(channel);
      return fn();
    });
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tail.set(channel, tail);
    void tail.then(() => {
      if (this.#tail.get(channel) !== tail) return;
      this.#tail.delete(channel);
      // A full bucket is the same as no bucket: forget it once it has refilled, so the map stays small.
      const t = setTimeout(() => {
        if (!this.#tail.has(channel)) this.#bucket.delete(channel);
      }, this.#minIntervalMs * this.#burst);
      t.unref();
    });
    return result;
  }
}
