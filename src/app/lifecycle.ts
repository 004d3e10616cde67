// Graceful shutdown: stop taking new work, let in-flight work finish up to a deadline, then close
// resources in reverse order of opening. Work started after shutdown begins is refused, not lost silently.

export interface Closable {
  name: string;
  close(): Promise<void> | void;
}

export class Lifecycle {
  #inFlight = new Set<Promise<unknown>>();
  #closables: Closable[] = [];
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

  /** Tracks a unit of work; returns false (and does not start it) once shutdown has begun. */
  run(work: () => Promise<unknown>): boolean {
    if (this.#stopping) return false;
    const p = work().catch(() => undefined);
    this.#inFlight.add(p);
    void p.finally(() => this.#inFlight.delete(p));
    return true;
  }

  /** Waits for in-flight work up to `deadlineMs`, then closes every resource. Returns what was still running. */
  async shutdown(deadlineMs: number): Promise<{ abandoned: number; errors: string[] }> {
    this.#stopping = true;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<"timeout">((r) => {
      timer = setTimeout(() => r("timeout"), deadlineMs);
    });
    await Promise.race([Promise.allSettled([...this.#inFlight]), deadline]);
    clearTimeout(timer);
    const abandoned = this.#inFlight.size;
    const errors: string[] = [];
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
