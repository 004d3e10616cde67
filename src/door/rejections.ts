// Refused requests are counted, and logged at most once a minute per reason with the count since the last
// line: a flood of junk must not become a flood of log lines (or a disk full of them).
import type { Logger } from "../log.ts";

const LOG_EVERY_MS = 60_000;

export class Rejections {
  readonly #counts = new Map<string, number>();
  readonly #pending = new Map<string, { count: number; lastLog: number }>();
  readonly #log: Logger;
  readonly #now: () => number;

  constructor(log: Logger, now: () => number = Date.now) {
    this.#log = log;
    this.#now = now;
  }

  record(reason: string, detail: Record<string, unknown> = {}): void {
    this.#counts.set(reason, (this.#counts.get(reason) ?? 0) + 1);
    const now = this.#now();
    const p = this.#pending.get(reason) ?? { count: 0, lastLog: Number.NEGATIVE_INFINITY };
    p.count++;
    if (now - p.lastLog >= LOG_EVERY_MS) {
      this.#log.warn({ reason, count: p.count, ...detail }, "request refused at the door");
      p.count = 0;
      p.lastLog = now;
    }
    this.#pending.set(reason, p);
  }

  /** Totals since start, by reason (shown on /healthz). */
  totals(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }
}
