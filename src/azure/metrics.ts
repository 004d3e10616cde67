// One resource's metrics through ARM (MonitorClient.metrics.list) → MetricGrid[].
import type { MetricSpec } from "../core/fleet.ts";
import type { MetricGrid, MetricScope, Window } from "../core/snapshot.ts";
import type { AzureClients } from "./clients.ts";
import { armPath, parseResourceId, resourceTypeOf } from "./ids.ts";
import { aggregationsOf, isoDurationMs, toGrids } from "./metric-grid.ts";

/** Site metrics read per instance at PT1M (docs/glossary.md#signals). */
export const SITE_METRICS: MetricSpec[] = [
  { name: "Requests", aggregations: ["Total"] },
  { name: "Http5xx", aggregations: ["Total"] },
  { name: "Http2xx", aggregations: ["Total"] },
  { name: "Http4xx", aggregations: ["Total"] },
  { name: "Http403", aggregations: ["Total"] },
  { name: "HttpResponseTime", aggregations: ["Average", "Maximum"] },
  { name: "RequestsInApplicationQueue", aggregations: ["Average"] },
  { name: "CpuTime", aggregations: ["Total"] },
  { name: "MemoryWorkingSet", aggregations: ["Average"] },
  { name: "PrivateBytes", aggregations: ["Average"] },
  { name: "Threads", aggregations: ["Average"] },
  { name: "AppConnections", aggregations: ["Average"] },
];

/** HealthCheckStatus has no PT1M grain: PT5M, PT1H and P1D only. */
export const HEALTH_CHECK_METRICS: MetricSpec[] = [{ name: "HealthCheckStatus", aggregations: ["Average"] }];

/** Plan metrics read per instance at PT1M (docs/glossary.md#signals). */
export const PLAN_METRICS: MetricSpec[] = [
  { name: "CpuPercentage", aggregations: ["Average"] },
  { name: "MemoryPercentage", aggregations: ["Average"] },
  { name: "HttpQueueLength", aggregations: ["Average"] },
  { name: "SocketOutboundAll", aggregations: ["Average"] },
  { name: "TcpTimeWait", aggregations: ["Average"] },
];

export const INSTANCE_FILTER = "Instance eq '*'";
/** Per-instance series to return (the API's default is 10; Isolated plans reach 100). */
export const INSTANCE_TOP = 100;

export interface MetricsRead {
  resourceId: string;
  scope: MetricScope;
  specs: MetricSpec[];
  window: Window;
  interval: string;
  perInstance: boolean;
}

export function metricsCallName(r: MetricsRead): string {
  const name = parseResourceId(r.resourceId)?.names.join("/") ?? r.resourceId;
  return `metrics.list ${name} (${r.scope}, ${r.interval})`;
}

export async function readArmMetrics(
  clients: AzureClients,
  r: MetricsRead,
  signal: AbortSignal,
): Promise<MetricGrid[]> {
  const sub = parseResourceId(r.resourceId)?.subscriptionId ?? "";
  const res = await clients.monitor(sub).metrics.list(armPath(r.resourceId), {
    timespan: `${new Date(r.window.start).toISOString()}/${new Date(r.window.end).toISOString()}`,
    interval: r.interval,
    metricnames: r.specs.map((s) => s.name).join(","),
    aggregation: aggregationsOf(r.specs),
    metricnamespace: resourceTypeOf(r.resourceId),
    ...(r.perInstance ? { filter: INSTANCE_FILTER, top: INSTANCE_TOP } : {}),
    abortSignal: signal,
  });
  return toGrids(res.value ?? [], {
    specs: r.specs,
    scope: r.scope,
    window: r.window,
    grainMs: isoDurationMs(r.interval),
    source: `GET ${r.resourceId}/providers/Microsoft.Insights/metrics (${r.interval})`,
  });
}
