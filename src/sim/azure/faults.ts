// Per-route fault injection. A fault matches by route id (string: exact, RegExp: tested against the id), method
// and optionally a resource scope (path prefix), and fires `times` times (forever when omitted), on every
// matching request or on a random share of them (`chance`).

export interface FaultSpec {
  route?: string | RegExp;
  method?: string;
  /**
   * Only requests whose path is this resource ID or below it (case-insensitive), e.g. a site's ID: its GET,
   * config, restart, metrics and health calls all match. Lets a test make one site answer 403.
   */
  scope?: string;
  /** Status to answer. 202 on plans.put / plans.patch runs the write as a long-running operation instead. */
  status?: number;
  /** Sends `Retry-After` (and status 429 unless `status` says otherwise). */
  retryAfterSeconds?: number;
  errorCode?: string;
  message?: string;
  /** Delay before answering; alone it only slows the real handler down. */
  latencyMs?: number;
  /** Never answer (until the client gives up or the simulator closes). */
  hang?: boolean;
  times?: number;
  /** Fires on this share of the matching requests (0–1); default every one. */
  chance?: number;
  /** The dice for `chance` (a seeded generator makes a run repeatable); default Math.random. */
  random?: () => number;
}

export interface Faults {
  add(f: FaultSpec): void;
  clear(): void;
}

function matches(f: FaultSpec, route: string, method: string, path: string): boolean {
  if (f.route !== undefined && (typeof f.route === "string" ? f.route !== route : !f.route.test(route))) return false;
  if (f.method !== undefined && f.method.toUpperCase() !== method.toUpperCase()) return false;
  if (f.scope !== undefined) {
    const scope = `/${f.scope
      .split("/")
      .filter((s) => s !== "")
      .join("/")}`.toLowerCase();
    const p = path.toLowerCase();
    if (p !== scope && !p.startsWith(`${scope}/`)) return false;
  }
  return true;
}

export class FaultRegistry implements Faults {
  #faults: Array<FaultSpec & { left: number }> = [];

  add(f: FaultSpec): void {
    this.#faults.push({ ...f, left: f.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.#faults = [];
  }

  /** Consumes one use of the first live fault matching the request. */
  take(route: string, method: string, path: string): FaultSpec | undefined {
    const f = this.#faults.find(
      (x) =>
        x.left > 0 &&
        matches(x, route, method, path) &&
        (x.chance === undefined || (x.random ?? Math.random)() < x.chance),
    );
    if (!f) return undefined;
    f.left -= 1;
    return f;
  }
}

/** The status a fault answers with, if any (Retry-After alone means 429). */
export function faultStatus(f: FaultSpec): number | undefined {
  return f.status ?? (f.retryAfterSeconds !== undefined ? 429 : undefined);
}
