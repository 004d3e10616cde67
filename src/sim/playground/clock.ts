// The playground's simulated clock: runs with wall time from a start, at an adjustable rate (the console's clock
// control), and can jump ahead. The Azure simulator, the Slack emulator and the bot all read this one clock, and
// the bot's verification sleeps on it, so at ×60 a five-minute verification watch takes five seconds.
import type { SimClock } from "../azure/fleet.ts";

export interface PlaygroundClock extends SimClock {
  rate(): number;
  setRate(rate: number): void;
  /** Resolves once `ms` of simulated time has passed (follows rate changes while waiting). */
  sleep(ms: number): Promise<void>;
}

export const MAX_RATE = 3600;

export function scaledClock(start: number, realNow: () => number = Date.now): PlaygroundClock {
  let base = start;
  let realBase = realNow();
  let r = 1;
  const now = () => base + (realNow() - realBase) * r;
  const rebase = (at: number) => {
    base = at;
    realBase = realNow();
  };
  return {
    now,
    set: (ms) => rebase(ms),
    advance: (ms) => rebase(now() + ms),
    rate: () => r,
    setRate(rate) {
      if (!Number.isFinite(rate) || rate < 1 || rate > MAX_RATE) {
        throw new RangeError(`clock rate must be between 1 and ${MAX_RATE}, not ${rate}`);
      }
      rebase(now());
      r = rate;
    },
    async sleep(ms) {
      const until = now() + ms;
      while (now() < until) {
        await new Promise((done) => setTimeout(done, Math.max(1, Math.min(250, (until - now()) / r))));
      }
    },
  };
}
