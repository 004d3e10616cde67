// chat.postMessage's special tier: about one message per second per channel. When enabled, a post that would
// exceed `perSecond` accepted posts in the last second (wall time, since clients wait in wall time) is refused.

export class ChannelRateLimiter {
  readonly perSecond: number;
  readonly #now: () => number;
  readonly #accepted = new Map<string, number[]>();

  constructor(perSecond: number, now: () => number = () => performance.now()) {
    this.perSecond = perSecond;
    this.#now = now;
  }

  /** Records the post and returns true when allowed; false (nothing recorded) when over the limit. */
  tryAcquire(channel: string): boolean {
    const t = this.#now();
    const recent = (this.#accepted.get(channel) ?? []).filter((x) => t - x < 1000);
    if (recent.length >= this.perSecond) {
      this.#accepted.set(channel, recent);
      return false;
    }
    recent.push(t);
    this.#accepted.set(channel, recent);
    return true;
  }
}
