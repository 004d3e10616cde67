// The requesting user's time zone (users.info → user.tz), cached per user, for chart axes and times in
// answers. Unknown, invalid or unreadable → undefined, which views and charts show as UTC.

export const TZ_TTL_MS = 6 * 3_600_000;
/** A failed lookup is not retried for this long (the answer just uses UTC meanwhile). */
export const TZ_FAILURE_TTL_MS = 60_000;

export function validZone(tz: unknown): string | undefined {
  if (typeof tz !== "string" || tz === "") return undefined;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return tz;
  } catch {
    return undefined;
  }
}

export class UserTimeZones {
  readonly #lookup: (user: string) => Promise<unknown>;
  readonly #now: () => number;
  readonly #cache = new Map<string, { at: number; ttl: number; zone: Promise<string | undefined> }>();

  /** `lookup` returns the raw `user.tz` (or throws). */
  constructor(lookup: (user: string) => Promise<unknown>, now: () => number = Date.now) {
    this.#lookup = lookup;
    this.#now = now;
  }

  get(user: string): Promise<string | undefined> {
    const now = this.#now();
    const hit = this.#cache.get(user);
    if (hit && now - hit.at < hit.ttl) return hit.zone;
    const entry = { at: now, ttl: TZ_TTL_MS, zone: Promise.resolve<string | undefined>(undefined) };
    entry.zone = this.#lookup(user).then(validZone, () => {
      entry.ttl = TZ_FAILURE_TTL_MS;
      return undefined;
    });
    this.#cache.set(user, entry);
    return entry.zone;
  }
}
