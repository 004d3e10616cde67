// Metrics for many apps through the regional batch API (MetricsClient.queryResources): at most 50
// resources per call, all of one subscription, region and resource type. Sites first, then each
// distinct plan once; plan grids are shared by every app on the plan.
import type { FleetMetricsOptions, MetricSpec } from "../core/fleet.ts";
import type { AppRef, MetricGrid, Window } from "../core/snapshot.ts";
import { streamBatch } from "./batch-stream.ts";
import type { AzureClients } from "./clients.ts";
import { parseResourceId, resourceTypeOf } from "./ids.ts";
import { aggregationsOf, isoDurationMs, toGrids } from "./metric-grid.ts";
import { INSTANCE_FILTER, INSTANCE_TOP } from "./metrics.ts";

export const MAX_BATCH_IDS = 50;
export const BATCH_CONCURRENCY = 4;
/**
 * What a batch response costs in memory while it is read, per data point: its grids (kept) and a share of
 * the short-lived garbage of parsing one resource at a time (batch-stream.ts). Measured on a 50-site ×
 * 4-metric × 24 h PT1M response of 288,000 points: 10-70 MB of garbage between collections; a 500-app
 * digest peaked at 304 MB with four such reads at once and 305 MB with one (docs/memory.md). When the SDK
 * parsed the whole body it was ~500 bytes a point (+180 MB of heap per batch).
 */
export const BYTES_PER_POINT = 50;
/** Series per resource assumed for a per-instance read (the whole resource plus a few instances). */
const ASSUMED_SERIES_PER_INSTANCE_READ = 3;
/** Default memory budget of the batch responses read at once (METRICS_MEMORY_BUDGET_MB). */
export const DEFAULT_METRICS_BUDGET_BYTES = 160 * 2 ** 20;

export const DEFAULT_FLEET_SITE_METRICS: MetricSpec[] = [
  { name: "Requests", aggregations: ["Total"] },
  { name: "Http5xx", aggregations: ["Total"] },
  { name: "HttpResponseTime", aggregations: ["Average"] },
];
export const DEFAULT_FLEET_PLAN_METRICS: MetricSpec[] = [
  { name: "CpuPercentage", aggregations: ["Average"] },
  { name: "MemoryPercentage", aggregations: ["Average"] },
];

export interface MetricBatch {
  subscriptionId: string;
  region: string;
  resourceType: string;
  ids: string[];
}

/**
 * Groups resources by (subscription, region, resource type) and chunks each group into batches of at
 * most `max`. Duplicate IDs (any casing) are read once. Groups keep first-seen order. Pure.
 */
export function planBatches(items: Array<{ id: string; region: string }>, max = MAX_BATCH_IDS): MetricBatch[] {
  const groups = new Map<string, MetricBatch>();
  const seen = new Set<string>();
  for (const { id, region } of items) {
    if (seen.has(id.toLowerCase())) continue;
    seen.add(id.toLowerCase());
    const subscriptionId = parseResourceId(id)?.subscriptionId ?? "";
    const resourceType = resourceTypeOf(id);
    const key = `${subscriptionId.toLowerCase()}|${region}|${resourceType.toLowerCase()}`;
    let g = groups.get(key);
    if (!g) {
      g = { subscriptionId, region, resourceType, ids: [] };
      groups.set(key, g);
    }
    g.ids.push(id);
  }
  const out: MetricBatch[] = [];
  for (const g of groups.values()) {
    for (let i = 0; i < g.ids.length; i += max) out.push({ ...g, ids: g.ids.slice(i, i + max) });
  }
  return out;
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Runs `fn` over `items` with at most `limit` in flight and, beyond the first, only while the estimated
 * bytes in flight stay within `budget`: a fleet's 24 h batches run one or two at a time, short windows
 * four at a time. Order of results = order of items.
 */
export async function mapBudget<T, R>(
  items: T[],
  opts: { limit: number; budget: number; cost: (item: T) => number },
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  let inFlight = 0;
  let bytes = 0;
  let settled = 0;
  return new Promise<R[]>((resolve, reject) => {
    const pump = () => {
      if (settled === items.length) return resolve(out);
      while (next < items.length && inFlight < opts.limit) {
        const cost = opts.cost(items[next]);
        if (inFlight > 0 && bytes + cost > opts.budget) break;
        const i = next++;
        inFlight++;
        bytes += cost;
        fn(items[i]).then((r) => {
          out[i] = r;
          inFlight--;
          bytes -= cost;
          settled++;
          pump();
        }, reject);
      }
    };
    pump();
  });
}

/** The estimated transient bytes of reading one batch (BYTES_PER_POINT per point it returns). */
export function batchCost(b: MetricBatch, r: BatchRead): number {
  const buckets = Math.max(1, Math.ceil((r.window.end - r.window.start) / isoDurationMs(r.interval)));
  const series = r.perInstance ? ASSUMED_SERIES_PER_INSTANCE_READ : 1;
  return b.ids.length * r.specs.length * buckets * series * BYTES_PER_POINT;
}

export interface BatchRead {
  specs: MetricSpec[];
  scope: "site" | "plan";
  window: Window;
  interval: string;
  perInstance: boolean;
}

export function batchCallName(b: MetricBatch): string {
  return `metrics:getBatch ${b.region} ${b.resourceType} (${b.ids.length} resources)`;
}

/** One batch call → grids per resource ID (lower-cased key), each resource's grids made as its JSON arrives. */
export async function readBatch(
  clients: AzureClients,
  b: MetricBatch,
  r: BatchRead,
  signal: AbortSignal,
): Promise<Map<string, MetricGrid[]>> {
  const grainMs = isoDurationMs(r.interval);
  const request = {
    specs: r.specs,
    scope: r.scope,
    window: r.window,
    grainMs,
    source: `POST ${b.region} metrics:getBatch (${r.interval})`,
  };
  const out = new Map<string, MetricGrid[]>();
  await streamBatch(
    clients.metrics(b.region).pipeline,
    {
      endpoint: clients.metricsEndpoint(b.region),
      subscriptionId: b.subscriptionId,
      resourceIds: b.ids,
      metricNames: r.specs.map((s) => s.name),
      metricNamespace: b.resourceType,
      startTime: new Date(r.window.start),
      endTime: new Date(r.window.end),
      interval: r.interval,
      aggregation: aggregationsOf(r.specs),
      ...(r.perInstance ? { filter: INSTANCE_FILTER, top: INSTANCE_TOP } : {}),
    },
    (res) => {
      if (res.resourceid) out.set(res.resourceid.toLowerCase(), toGrids(res.value ?? [], request));
    },
    signal,
  );
  return out;
}

export interface FleetMetricsPlan {
  site: BatchRead;
  plan: BatchRead;
  siteBatches: MetricBatch[];
  planBatches: MetricBatch[];
}

/** Everything fleetMetrics will read, decided up front. Pure. */
export function fleetMetricsPlan(apps: AppRef[], window: Window, opts: FleetMetricsOptions = {}): FleetMetricsPlan {
  const interval = opts.interval ?? "PT1M";
  const perInstance = opts.perInstance ?? true;
  const siteSpecs = opts.metrics?.site ?? DEFAULT_FLEET_SITE_METRICS;
  const planSpecs = opts.metrics?.plan ?? DEFAULT_FLEET_PLAN_METRICS;
  return {
    site: { specs: siteSpecs, scope: "site", window, interval, perInstance },
    plan: { specs: planSpecs, scope: "plan", window, interval, perInstance },
    siteBatches: siteSpecs.length ? planBatches(apps.map((a) => ({ id: a.id, region: a.region }))) : [],
    planBatches: planSpecs.length
      ? planBatches(apps.filter((a) => a.planId).map((a) => ({ id: a.planId, region: a.region })))
      : [],
  };
}
