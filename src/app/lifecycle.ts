// Graceful shutdown under one deadline: stop taking new work, let in-flight work (commands, clicks,
// digests, verifications) finish until shortly before the deadline, then tell the work still running to
// stop (its AbortSignal): commands tell their user they were cut off, digests release their lease for
// another replica. Then resources close in reverse order of opening. Work started after shutdown begins is
// refused, not lost silently.

export interface Closable {
  name: string;
  close(): Promise<void> | void;
}

/** Long-running work that stops itself within the time it is given (the digest scheduler). */
export interface Drainable {
  name: string;
  drain(deadlineMs: number): Promise<void>;
}

/** The default shutdown deadline: below the Dockerfile's stop timeout, above one command's 12 s reads. */
export const DEFAULT_SHUTDOWN_MS = 15_000;

/** Kept at the end of the deadline for cut-off work to say so and let go of its leases. */
export function wrapUpMs(deadlineMs: number): number {
  // A fifth of the deadline, between 1 s (a busy process still writes its last store rows) and 2 s.
  return Math.min(2_000, Math.max(Math.min(1_000, Math.floor(deadlineMs / 2)), Math.floor(deadlineMs / 5)));
}

export class Lifecycle {
  #inFlight = new Map<Promise<unknown>, AbortController>();
  #closables: Closable[] = [];
  #drainables: Drainable[] = [];
  #stopping = false;

  get stopping(): boolean {
    return this.#stopping;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Registers a resource to close at shutdown (closed last-in, first-out). */
  onClose(c: Closable): void {
    this.#closables.push(c);
  }

  /** Registers work that drains itself at shutdown, alongside the in-flight work and within the same deadline. */
  onDrain(d: Drainable): void {
    this.#drainables.push(d);
  }

  /**
   * Tracks a unit of work; returns false (and does not start it) once shutdown has begun. `signal` aborts
   * when the shutdown deadline is near and the work is still running.
   */
  run(work: (signal: AbortSignal) => Promise<unknown>): boolean {
    if (this.#stopping) return false;
    const ac = new AbortController();
    const p = work(ac.signal).catch(() => undefined);
    this.#inFlight.set(p, ac);
    void p.finally(() => this.#inFlight.delete(p));
    return true;
  }

  /**
   * Everything within `deadlineMs`: in-flight work and drains until the wrap-up, then the work still
   * running is aborted and given the wrap-up to say so, then every resource closes. Returns how much work
   * was cut off.
   */
  async shutdown(deadlineMs: number): Promise<{ abandoned: number; errors: string[] }> {
    this.#stopping = true;
    const wrapUp = wrapUpMs(deadlineMs);
    const errors: string[] = [];
    const drains = Promise.all(
      this.#drainables.map((d) =>
        d.drain(Math.max(0, deadlineMs - wrapUp)).catch((err: unknown) => {
          errors.push(`${d.name}: ${(err as Error).message}`);
        }),
      ),
    );
    await within(Promise.allSettled([...this.#inFlight.keys(), drains]), deadlineMs - wrapUp);
    const abandoned = this.#inFlight.size;
    for (const ac of this.#inFlight.values()) ac.abort(new Error("the bot is shutting down"));
    await within(Promise.allSettled([...this.#inFlight.keys(), drains]), wrapUp);
    for (const c of [...this.#closables].reverse()) {
      try {
        await c.close();
      } catch (err) {
        errors.push(`${c.name}: ${(err as Error).message}`);
      }
    }
    return { abandoned, errors };
  }
}

async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((r) => {
    timer = setTimeout(r, Math.max(0, ms));
  });
  await Promise.race([p, deadline]);
  clearTimeout(timer);
}
