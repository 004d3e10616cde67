// Storm summaries: when many alerts reach one channel within a minute, one message says so (and is kept
// up to date while the storm lasts), so people read one summary instead of scrolling fifty threads.
import type { Logger } from "../log.ts";
import type { SlackOut } from "../slack/post.ts";
import { alertStormView } from "../slack/views/alert.ts";

/** Alerts within STORM_WINDOW_MS in one channel that make a storm. */
export const STORM_THRESHOLD = 10;
export const STORM_WINDOW_MS = 60_000;
/** A storm ends after this long without alerts. */
export const STORM_QUIET_MS = 5 * 60_000;
/** The summary is edited at most this often. */
const UPDATE_EVERY_MS = 5_000;

interface ChannelStorm {
  recent: number[];
  /** Set once the summary is posted (or being posted). */
  summary?: { ts: Promise<string | undefined>; since: number; alerts: number; apps: Set<string>; updatedAt: number };
  lastAt: number;
}

export class StormWatch {
  readonly #channels = new Map<string, ChannelStorm>();
  readonly #out: SlackOut;
  readonly #now: () => number;
  readonly #log: Logger;
  /** Summaries posted, for the benchmark. */
  posted = 0;

  constructor(out: SlackOut, opts: { now: () => number; log: Logger }) {
    this.#out = out;
    this.#now = opts.now;
    this.#log = opts.log;
  }

  /** An alert reached `channel` for `key` (its app): posts or refreshes the summary when it is a storm. */
  seen(channel: string, key: string, timeZone?: string): void {
    const now = this.#now();
    let c = this.#channels.get(channel);
    if (!c || now - c.lastAt > STORM_QUIET_MS) {
      c = { recent: [], lastAt: now };
      this.#channels.set(channel, c);
    }
    c.lastAt = now;
    c.recent = c.recent.filter((t) => now - t <= STORM_WINDOW_MS);
    c.recent.push(now);
    if (c.summary) {
      c.summary.alerts++;
      c.summary.apps.add(key);
      if (now - c.summary.updatedAt >= UPDATE_EVERY_MS) this.#update(channel, c.summary, timeZone);
      return;
    }
    if (c.recent.length < STORM_THRESHOLD) return;
    const since = Date.now() - (now - c.recent[0]);
    const summary = {
      since,
      alerts: c.recent.length,
      apps: new Set([key]),
      updatedAt: now,
      ts: Promise.resolve<string | undefined>(undefined),
    };
    summary.ts = this.#out
      .post(channel, alertStormView(summary.alerts, 1, since, timeZone), { log: this.#log })
      .then((ts) => {
        this.posted++;
        return ts;
      })
      .catch((e: unknown) => {
        this.#log.warn({ err: e, channel }, "could not post the storm summary");
        return undefined;
      });
    c.summary = summary;
  }

  #update(channel: string, s: NonNullable<ChannelStorm["summary"]>, timeZone?: string): void {
    s.updatedAt = this.#now();
    void s.ts.then(async (ts) => {
      if (!ts) return;
      await this.#out
        .update(channel, ts, alertStormView(s.alerts, s.apps.size, s.since, timeZone), this.#log)
        .catch((e: unknown) => this.#log.warn({ err: e, channel }, "could not update the storm summary"));
    });
  }
}
