// A small keyed cache with a TTL. Two read modes: `get` (stale-while-revalidate: an expired value is
// served at once and refreshed in the background) and `fresh` (an expired value is reloaded first).
// Concurrent loads of one key share a single call.

interface Entry<T> {
  value?: T;
  loadedAt: number;
  loading?: Promise<T>;
}

export class TtlCache<T> {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #onBackgroundError: (key: string, err: unknown) => void;
  readonly #entries = new Map<string, Entry<T>>();

  constructor(ttlMs: number, now: () => number, onBackgroundError: (key: string, err: unknown) => void = () => {}) {
    this.#ttlMs = ttlMs;
    this.#now = now;
    this.#onBackgroundError = onBackgroundError;
  }

  /** Stale-while-revalidate; waits only when nothing is cached yet (or `refresh`). */
  async get(key: string, load: () => Promise<T>, opts: { refresh?: boolean } = {}): Promise<T> {
    const e = this.#entries.get(key);
    if (opts.refresh || !e || e.value === undefined) return this.#load(key, load);
    if (this.#expired(e) && !e.loading) {
      this.#load(key, load).catch((err) => this.#onBackgroundError(key, err));
    }
    return e.value;
  }

  /** Reloads first when expired. */
  async fresh(key: string, load: () => Promise<T>): Promise<T> {
    const e = this.#entries.get(key);
    if (e?.value !== undefined && !this.#expired(e)) return e.value;
    return this.#load(key, load);
  }

  peek(key: string): T | undefined {
    return this.#entries.get(key)?.value;
  }

  /** Age in ms of the cached value, or undefined. */
  age(key: string): number | undefined {
    const e = this.#entries.get(key);
    return e?.value === undefined ? undefined : this.#now() - e.loadedAt;
  }

  delete(key?: string): void {
    if (key === undefined) this.#entries.clear();
    else this.#entries.delete(key);
  }

  #expired(e: Entry<T>): boolean {
    return this.#now() - e.loadedAt >= this.#ttlMs;
  }

  #load(key: string, load: () => Promise<T>): Promise<T> {
    const existing = this.#entries.get(key);
    if (existing?.loading) return existing.loading;
    const entry: Entry<T> = existing ?? { loadedAt: 0 };
    const p = load().then(
      (value) => {
        entry.value = value;
        entry.loadedAt = this.#now();
        entry.loading = undefined;
        return value;
      },
      (err) => {
        entry.loading = undefined;
        throw err;
      },
    );
    entry.loading = p;
    this.#entries.set(key, entry);
    return p;
  }
}
