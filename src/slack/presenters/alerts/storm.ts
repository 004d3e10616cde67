// Storm summaries: when many alerts reach one channel within a minute, one message says so (and is kept
// up to date while the storm lasts), so people read one summary instead of scrolling fifty threads.
import type { Logger } from "../../../log.ts";
import type { SlackOut } from "../../post.ts";
import { alertStormView } from "../../views/alert.ts";

/** Alerts within STORM_WINDOW_MS in one channel that make a storm. */
export const STORM_THRESHOLD = 10;
export const STORM_WINDOW_MS = 60_000;
/** A storm ends after this long without alerts. */
export const STORM_QUIET_MS = 5 * 60_000;
/** The summary is edited at most this often (the last change always lands, after at most this long). */
const UPDATE_EVERY_MS = 2_000;

interface Summary {
  ts: Promise<string | undefined>;
  since: number;
  alerts: number;
  apps: Set<string>;
  timer?: NodeJS.Timeout;
}

interface ChannelStorm {
  recent: Array<{ at: number; key: string }>;
  summary?: Summary;
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
      if (c?.summary?.timer) clearTimeout(c.summary.timer);
      c = { recent: [], lastAt: now };
      this.#channels.set(channel, c);
    }
    c.lastAt = now;
    if (c.summary) {
      c.summary.alerts++;
      c.summary.apps.add(key);
      this.#schedule(channel, c.summary, timeZone);
      return;
    }
    c.recent = c.recent.filter((r) => now - r.at <= STORM_WINDOW_MS);
    c.recent.push({ at: now, key });
    if (c.recent.length < STORM_THRESHOLD) return;
    const since = Date.now() - (now - c.recent[0].at);
    const apps = new Set(c.recent.map((r) => r.key));
    const summary: Summary = { since, alerts: c.recent.length, apps, ts: Promise.resolve(undefined) };
    summary.ts = this.#out
      .post(channel, alertStormView(summary.alerts, apps.size, since, timeZone), { log: this.#log })
      .then((ts) => {
        this.posted++;
        return ts;
      })
      .catch((e: unknown) => {
        this.#log.warn({ err: e, channel }, "could not post the storm summary");
        return undefined;
      });
    c.recent = [];
    c.summary = summary;
  }

  /** One pending edit per summary: the counts it shows when the timer fires are the latest. */
  #schedule(channel: string, s: Summary, timeZone?: string): void {
    if (s.timer) return;
    s.timer = setTimeout(() => {
      s.timer = undefined;
      void s.ts.then(async (ts) => {
        if (!ts) return;
        await this.#out
          .update(channel, ts, alertStormView(s.alerts, s.apps.size, s.since, timeZone), this.#log)
          .catch((e: unknown) => this.#log.warn({ err: e, channel }, "could not update the storm summary"));
      });
    }, UPDATE_EVERY_MS);
    s.timer.unref();
  }
}
