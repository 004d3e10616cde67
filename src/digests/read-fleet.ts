// What the digest reads, in an order that suits a busy or throttled backend: the ARM lists (cheap, cached)
// start at once; the metric passes run one after the other, each with the batch reader's own concurrency,
// so the heavy site and plan batches never compete with each other for the same service.
import type { Fleet, FleetFacts, MetricSpec } from "../core/fleet.ts";
import type { AppRef, MetricGrid, Window } from "../core/snapshot.ts";
import type { AuditEntry, Store } from "../store/store.ts";
import type { GridsById } from "./grid-transfer.ts";
import type { FleetMetricsFn } from "./metrics-off-thread.ts";

/** Site metrics of the digest, unsplit (the whole app): one batch call per ≤ 50 sites. */
export const DIGEST_SITE_METRICS: MetricSpec[] = [
  { name: "Requests", aggregations: ["Total"] },
  { name: "Http5xx", aggregations: ["Total"] },
  { name: "HttpResponseTime", aggregations: ["Average"] },
  { name: "MemoryWorkingSet", aggregations: ["Average"] },
];
/** Plan metrics, split by instance (the peak is the hottest instance's). */
export const DIGEST_PLAN_METRICS: MetricSpec[] = [
  { name: "CpuPercentage", aggregations: ["Average"] },
  { name: "MemoryPercentage", aggregations: ["Average"] },
];
/** The optional PT5M pass: HealthCheckStatus exists at PT5M only; the response time before the window is the p95 baseline. */
export const DIGEST_HISTORY_METRICS: MetricSpec[] = [
  { name: "HttpResponseTime", aggregations: ["Average"] },
  { name: "HealthCheckStatus", aggregations: ["Average"] },
];

const AUDIT_LIMIT = 5_000;

export interface FleetReads {
  facts?: FleetFacts;
  site?: GridsById;
  plan?: GridsById;
  /** PT5M over [window.start − window length, window.end], when asked for. */
  history?: GridsById;
  audit: AuditEntry[];
  unknowns: string[];
}

export async function readFleet(
  fleet: Fleet,
  store: Pick<Store, "listAudit">,
  apps: AppRef[],
  window: Window,
  opts: { history?: boolean; signal?: AbortSignal; metrics?: FleetMetricsFn } = {},
): Promise<FleetReads> {
  // Off the event loop when the caller has a worker-backed reader (metrics-off-thread.ts).
  const fleetMetrics = opts.metrics ?? fleet.fleetMetrics.bind(fleet);
  const unknowns: string[] = [];
  const signal = opts.signal;
  const failed = (what: string) => (err: unknown) => {
    const e = err as { userMessage?: string; message?: string };
    unknowns.push(`${what}: ${e?.userMessage ?? e?.message ?? String(err)}`);
    return undefined;
  };
  const lists = Promise.all([
    fleet.fleetFacts ? fleet.fleetFacts(apps, { signal }).catch(failed("app and plan lists")) : undefined,
    store.listAudit({ sinceMs: window.start, limit: AUDIT_LIMIT }).catch(failed("audit log")),
  ]);
  lists.catch(() => undefined);
  const pass = (
    what: string,
    w: Window,
    metrics: { site: MetricSpec[]; plan: MetricSpec[] },
    perInstance: boolean,
    interval?: string,
  ) =>
    apps.length
      ? fleetMetrics(apps, w, { metrics, perInstance, signal, ...(interval ? { interval } : {}) }).catch(failed(what))
      : Promise.resolve<GridsById>(new Map<string, MetricGrid[]>());
  const site = await pass("site metrics", window, { site: DIGEST_SITE_METRICS, plan: [] }, false);
  const plan = await pass("plan metrics", window, { site: [], plan: DIGEST_PLAN_METRICS }, true);
  const history = opts.history
    ? await pass(
        "health check and baseline",
        { start: 2 * window.start - window.end, end: window.end },
        { site: DIGEST_HISTORY_METRICS, plan: [] },
        true,
        "PT5M",
      )
    : undefined;
  opts.metrics?.release?.();
  const [facts, audit] = await lists;
  if (!fleet.fleetFacts) unknowns.push("plans and site state: this fleet lists no facts");
  for (const u of facts?.unknowns ?? []) unknowns.push(`${u.signal}: ${u.reason}`);
  return {
    ...(facts ? { facts } : {}),
    ...(site ? { site } : {}),
    ...(plan ? { plan } : {}),
    ...(history ? { history } : {}),
    audit: audit ?? [],
    unknowns,
  };
}

/** The history pass's grids: HealthCheckStatus of the window, and the response time before it (the baseline). */
export function splitHistory(
  grids: MetricGrid[] | undefined,
  cut: number,
): { current: MetricGrid[]; before: MetricGrid[] } {
  const current: MetricGrid[] = [];
  const before: MetricGrid[] = [];
  for (const g of grids ?? []) {
    const k = Math.max(0, Math.min(g.all.length, Math.ceil((cut - g.start) / g.grainMs)));
    const slice = (from: number, to: number): MetricGrid => ({
      ...g,
      start: g.start + from * g.grainMs,
      all: g.all.slice(from, to),
      perInstance: Object.fromEntries(Object.entries(g.perInstance ?? {}).map(([i, v]) => [i, v.slice(from, to)])),
    });
    if (g.name === "HealthCheckStatus") current.push(slice(k, g.all.length));
    else before.push(slice(0, k));
  }
  return { current, before };
}
