// The small read verbs (health, logs, links, metrics) over the Fleet port. Each resolves the app first and
// hands back the resolution when it is not exactly one app, like readApp does.
import type { AppLookup } from "../core/app-query.ts";
import { gridTotal } from "../core/figures.ts";
import type { AppParts, Fleet, MetricSpec, Resolution } from "../core/fleet.ts";
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

/** A part a verb asked for and could not read, for its "Not read:" line: the signal and the call with what happened. */
export interface NotReadLine {
  signal: string;
  reason: string;
}

const lines = (p: AppParts): NotReadLine[] => p.notRead.map(({ signal, reason }) => ({ signal, reason }));

export type HealthResult =
  | {
      kind: "found";
      app?: AppRef;
      resourceHealth?: ResourceHealthInfo;
      /** Absent when it could not be read (then `notRead` says why): never "no events" by default. */
      serviceHealth?: ServiceHealthEvent[];
      notRead: NotReadLine[];
    }
  | NotFound;

/**
 * One app: its Resource Health and the Service Health events of its region; either one is an answer, the
 * other then named as not read. No app: Service Health for every region the fleet runs in (one read per
 * subscription and region, cached per subscription), events deduplicated.
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
    const p = await fleet.appParts(r.app, window, ["resourceHealth", "serviceHealth"], { signal: opts.signal });
    if (!p.resourceHealth && !p.serviceHealth && p.notRead.length) throw p.notRead[0].error;
    return {
      kind: "found",
      app: r.app,
      ...(p.resourceHealth ? { resourceHealth: p.resourceHealth } : {}),
      ...(p.serviceHealth ? { serviceHealth: p.serviceHealth } : {}),
      notRead: lines(p),
    };
  }
  const apps = await fleet.listApps();
  const perRegion = new Map<string, AppRef>();
  for (const a of apps) {
    const key = `${a.subscriptionId}/${a.region}`.toLowerCase();
    if (!perRegion.has(key) && perRegion.size < HEALTH_MAX_REGIONS) perRegion.set(key, a);
  }
  const reads = await Promise.all(
    [...perRegion.values()].map((a) => fleet.appParts(a, window, ["serviceHealth"], { signal: opts.signal })),
  );
  const read = reads.filter((p) => p.serviceHealth);
  if (reads.length > 0 && read.length === 0) throw reads[0].notRead[0]?.error;
  const events = new Map<string, ServiceHealthEvent>();
  for (const p of read) for (const e of p.serviceHealth ?? []) events.set(e.id.toLowerCase(), e);
  // One subscription's read fails once for each of its regions: name it once.
  const notRead = new Map(reads.flatMap((p) => lines(p)).map((l) => [l.reason, l]));
  return { kind: "found", serviceHealth: [...events.values()], notRead: [...notRead.values()] };
}

export type LogsResult =
  | {
      kind: "found";
      app: AppRef;
      logs?: LogsData;
      /** Σ Http5xx from the metrics over the same window, to cross-check the logs (null when unread). */
      metrics5xx: number | null;
      /** Log queries (`logs.http5xx`, …) and the metrics read that failed. */
      notRead: NotReadLine[];
    }
  | NotFound;

/**
 * Log Analytics rows (when a workspace is configured) and the site metrics' 5xx to cross-check them. The answer
 * fails only when no log query could be read; a query or the metrics that failed are named.
 */
export async function readLogs(
  fleet: Fleet,
  target: AppTarget,
  opts: { windowMs: number; now: number; signal?: AbortSignal },
): Promise<LogsResult> {
  const r = await resolve(fleet, target);
  if (r.kind !== "found") return r;
  const window = { start: opts.now - opts.windowMs, end: opts.now };
  const p = await fleet.appParts(r.app, window, ["logs", "siteMetrics"], { signal: opts.signal });
  const logsFailed = p.notRead.filter((n) => n.part === "logs");
  if (!p.logs && logsFailed.length) throw logsFailed[0].error;
  const metricsRead = !p.notRead.some((n) => n.part === "siteMetrics");
  const metrics5xx = metricsRead ? gridTotal(findMetric(p, "site", "Http5xx")) : null;
  return { kind: "found", app: r.app, ...(p.logs ? { logs: p.logs } : {}), metrics5xx, notRead: lines(p) };
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
  // Only the site resource: a throttled config or metrics read cannot fail the links (docs/faults.md).
  const window = { start: opts.now - HEALTH_WINDOW_MS, end: opts.now };
  const p = await fleet.appParts(r.app, window, ["site"], opts.signal ? { signal: opts.signal } : {});
  if (!p.site) throw p.notRead[0]?.error ?? new Error("the site could not be read");
  return { kind: "found", app: r.app, enabledHostNames: p.site.enabledHostNames ?? [] };
}

export type MetricsResult =
  | {
      kind: "found";
      app: AppRef;
      grids: MetricGrid[];
      window: { start: number; end: number };
      defaultSet: boolean;
      /** Default set: the plan metrics or HealthCheckStatus when they could not be read. */
      notRead: NotReadLine[];
    }
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

/**
 * No metric named: the status set (site metrics, HealthCheckStatus, plan metrics); it needs the site metrics,
 * the rest is named when not read. Otherwise exactly the named ones, per instance.
 */
export async function readMetrics(
  fleet: Fleet,
  target: AppTarget,
  opts: { windowMs: number; now: number; metrics: Array<{ name: string; scope: MetricScope }>; signal?: AbortSignal },
): Promise<MetricsResult> {
  const r = await resolve(fleet, target);
  if (r.kind !== "found") return r;
  const window = { start: opts.now - opts.windowMs, end: opts.now };
  if (opts.metrics.length === 0) {
    const p = await fleet.appParts(r.app, window, ["siteMetrics", "healthCheckMetrics", "planMetrics"], {
      signal: opts.signal,
    });
    const site = p.notRead.find((n) => n.part === "siteMetrics");
    if (site) throw site.error;
    return { kind: "found", app: r.app, grids: p.metrics, window, defaultSet: true, notRead: lines(p) };
  }
  const site = opts.metrics.filter((m) => m.scope === "site").map((m) => metricSpec(m.name));
  const plan = opts.metrics.filter((m) => m.scope === "plan").map((m) => metricSpec(m.name));
  const byApp = await fleet.fleetMetrics([r.app], window, {
    metrics: { site, plan },
    interval: grainFor(opts.windowMs),
    perInstance: true,
    signal: opts.signal,
  });
  return { kind: "found", app: r.app, grids: byApp.get(r.app.id) ?? [], window, defaultSet: false, notRead: [] };
}
