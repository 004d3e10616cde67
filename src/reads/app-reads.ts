// The small read verbs (health, logs, links, metrics) over the Fleet port. Each resolves the app first and
// hands back the resolution when it is not exactly one app, like readApp does.
import type { AppLookup } from "../core/app-query.ts";
import { gridTotal } from "../core/figures.ts";
import type { Fleet, MetricSpec, Resolution } from "../core/fleet.ts";
import {
  type AppRef,
  findMetric,
  type LogsData,
  type MetricGrid,
  type MetricScope,
  type ResourceHealthInfo,
  type ServiceHealthEvent,
} from "../core/snapshot.ts";

export type NotFound = Exclude<Resolution, { kind: "found" }>;

export interface AppTarget {
  query: AppLookup;
  slot?: string;
}

/** Resource Health and Service Health want no history: a short window keeps the snapshot's metric reads small. */
export const HEALTH_WINDOW_MS = 15 * 60_000;
/** At most this many (subscription, region) pairs are read for `health` without an app. */
export const HEALTH_MAX_REGIONS = 10;

async function resolve(fleet: Fleet, t: AppTarget): Promise<Resolution> {
  return fleet.resolveApp(t.query, t.slot ? { slot: t.slot } : undefined);
}

export type HealthResult =
  | { kind: "found"; app?: AppRef; resourceHealth?: ResourceHealthInfo; serviceHealth: ServiceHealthEvent[] }
  | NotFound;

/**
 * One app: its Resource Health and the Service Health events of its region. No app: Service Health for every
 * region the fleet runs in (one small snapshot per subscription and region, since the Fleet port has no
 * health-only read), events deduplicated.
 */
export async function readHealth(
  fleet: Fleet,
  target: AppTarget | undefined,
  opts: { now: number; signal?: AbortSignal },
): Promise<HealthResult> {
  const window = { start: opts.now - HEALTH_WINDOW_MS, end: opts.now };
  if (target) {
    const r = await resolve(fleet, target);
    if (r.kind !== "found") return r;
    const s = await fleet.snapshot(r.app, window, { signal: opts.signal });
    return {
      kind: "found",
      app: r.app,
      ...(s.resourceHealth ? { resourceHealth: s.resourceHealth } : {}),
      serviceHealth: s.serviceHealth,
    };
  }
  const apps = await fleet.listApps();
  const perRegion = new Map<string, AppRef>();
  for (const a of apps) {
    const key = `${a.subscriptionId}/${a.region}`.toLowerCase();
    if (!perRegion.has(key) && perRegion.size < HEALTH_MAX_REGIONS) perRegion.set(key, a);
  }
  const snaps = await Promise.all(
    [...perRegion.values()].map((a) => fleet.snapshot(a, window, { signal: opts.signal })),
  );
  const events = new Map<string, ServiceHealthEvent>();
  for (const s of snaps) for (const e of s.serviceHealth) events.set(e.id.toLowerCase(), e);
  return { kind: "found", serviceHealth: [...events.values()] };
}

export type LogsResult =
  | {
      kind: "found";
      app: AppRef;
      logs?: LogsData;
      /** Σ Http5xx from the metrics over the same window, to cross-check the logs (null when unread). */
      metrics5xx: number | null;
    }
  | NotFound;

/** Log Analytics rows come with the snapshot when a workspace is configured. */
export async function readLogs(
  fleet: Fleet,
  target: AppTarget,
  opts: { windowMs: number; now: number; signal?: AbortSignal },
): Promise<LogsResult> {
  const r = await resolve(fleet, target);
  if (r.kind !== "found") return r;
  const s = await fleet.snapshot(r.app, { start: opts.now - opts.windowMs, end: opts.now }, { signal: opts.signal });
  const metrics5xx = gridTotal(findMetric(s, "site", "Http5xx"));
  return { kind: "found", app: r.app, ...(s.logs ? { logs: s.logs } : {}), metrics5xx };
}

export type LinksResult = { kind: "found"; app: AppRef; enabledHostNames: string[] } | NotFound;

/** Kudu links need the site's own SCM host name (enabledHostNames), which only the site read carries. */
export async function readLinks(
  fleet: Fleet,
  target: AppTarget,
  opts: { now: number; signal?: AbortSignal },
): Promise<LinksResult> {
  const r = await resolve(fleet, target);
  if (r.kind !== "found") return r;
  const s = await fleet.snapshot(r.app, { start: opts.now - HEALTH_WINDOW_MS, end: opts.now }, { signal: opts.signal });
  return { kind: "found", app: r.app, enabledHostNames: s.site.enabledHostNames ?? [] };
}

export type MetricsResult =
  | { kind: "found"; app: AppRef; grids: MetricGrid[]; window: { start: number; end: number }; defaultSet: boolean }
  | NotFound;

/** Counters are summed per minute; gauges and times are averaged (response time also gets its maximum). */
export function metricSpec(name: string): MetricSpec {
  if (/^HttpResponseTime$/i.test(name)) return { name, aggregations: ["Average", "Maximum"] };
  const counter = /^(Requests|Http\d|CpuTime|BytesReceived|BytesSent|Gen\dCollections)/i.test(name);
  return { name, aggregations: [counter ? "Total" : "Average"] };
}

/** A grain that keeps a chart's points in the hundreds, not tens of thousands. */
export function grainFor(windowMs: number): string {
  if (windowMs <= 6 * 3_600_000) return "PT1M";
  if (windowMs <= 2 * 86_400_000) return "PT5M";
  return "PT1H";
}

/** No metric named: the status set (the snapshot's grids). Otherwise exactly the named ones, per instance. */
export async function readMetrics(
  fleet: Fleet,
  target: AppTarget,
  opts: { windowMs: number; now: number; metrics: Array<{ name: string; scope: MetricScope }>; signal?: AbortSignal },
): Promise<MetricsResult> {
  const r = await resolve(fleet, target);
  if (r.kind !== "found") return r;
  const window = { start: opts.now - opts.windowMs, end: opts.now };
  if (opts.metrics.length === 0) {
    const s = await fleet.snapshot(r.app, window, { signal: opts.signal });
    return { kind: "found", app: r.app, grids: s.metrics, window, defaultSet: true };
  }
  const site = opts.metrics.filter((m) => m.scope === "site").map((m) => metricSpec(m.name));
  const plan = opts.metrics.filter((m) => m.scope === "plan").map((m) => metricSpec(m.name));
  const byApp = await fleet.fleetMetrics([r.app], window, {
    metrics: { site, plan },
    interval: grainFor(opts.windowMs),
    perInstance: true,
    signal: opts.signal,
  });
  return { kind: "found", app: r.app, grids: byApp.get(r.app.id) ?? [], window, defaultSet: false };
}
