// Acks first. Starting a command's work costs the event loop a burst of CPU (Web API calls, a dozen TLS
// connections and SDK pipelines for the Azure reads), and so does each Azure response (deserialising
// metric series); fifty commands starting together, or their ~400 responses landing together, would
// delay the acks of Slack requests arriving meanwhile. Admission holds new work and each Azure response
// (the clients' `yieldTo`) while Slack requests are being handled (up to `maxHoldMs`, so a steady stream
// cannot starve it), then lets one caller go per event-loop turn.

export const DEFAULT_MAX_HOLD_MS = 250;

export class Admission {
  readonly #busy: () => boolean;
  readonly #maxHoldMs: number;
  readonly #waiting: Array<{ since: number; go: () => void }> = [];
  #scheduled = false;

  /** `busy`: are Slack requests waiting for their ack right now? */
  constructor(busy: () => boolean = () => false, maxHoldMs = DEFAULT_MAX_HOLD_MS) {
    this.#busy = busy;
    this.#maxHoldMs = maxHoldMs;
  }

  /** Commands waiting for their turn. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Resolves on a later event-loop turn when no ack is pending (or the hold expired), one caller per turn. */
  turn(): Promise<void> {
    return new Promise((go) => {
      this.#waiting.push({ since: performance.now(), go });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    const next = this.#waiting[0];
    const hold = next !== undefined && this.#busy() && performance.now() - next.since < this.#maxHoldMs;
    const run = () => {
      this.#scheduled = false;
      const first = this.#waiting[0];
      if (!first) return;
      if (this.#busy() && performance.now() - first.since < this.#maxHoldMs) return this.#schedule();
      this.#waiting.shift()?.go();
      if (this.#waiting.length) this.#schedule();
    };
    // While acks are pending, check back shortly instead of spinning on setImmediate.
    if (hold) setTimeout(run, 2);
    else setImmediate(run);
  }
}
