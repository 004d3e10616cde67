// Object mother for Snapshots: per-instance, per-minute series from simple shape functions, with the
// emulator defaults (docs/scenarios.md#emulator-defaults) for every metric a test does not shape.

import { skuFacts } from "../../src/core/skus.ts";
import type {
  Aggregation,
  AutoscaleInfo,
  ChangeEvent,
  LogsData,
  MetricGrid,
  MetricScope,
  Os,
  PlanInfo,
  ResourceHealthInfo,
  ServiceHealthEvent,
  SiteConfigInfo,
  SiteInfo,
  Snapshot,
} from "../../src/core/snapshot.ts";

export const MIN = 60_000;
/** T0 = 08:00 UTC; the lookback covers T0 … T0+180 (docs/scenarios.md). */
export const T0 = Date.UTC(2025, 5, 2, 8, 0, 0);
export const SUB = "00000000-0000-0000-0000-000000000001";

/** Value for minute m (0 = window start) on instance i; null = no data. */
export type Shape = (m: number, i: number) => number | null;

export type MetricKey =
  | "Requests"
  | "Http5xx"
  | "Http2xx"
  | "Http4xx"
  | "Http403"
  | "CpuTime"
  | "HttpResponseTime"
  | "HttpResponseTimeMax"
  | "RequestsInApplicationQueue"
  | "MemoryWorkingSet"
  | "PrivateBytes"
  | "Threads"
  | "AppConnections"
  | "CpuPercentage"
  | "MemoryPercentage"
  | "HttpQueueLength"
  | "SocketOutboundAll"
  | "TcpTimeWait"
  | "HealthCheckStatus";

const SPEC: Record<MetricKey, { scope: MetricScope; agg: Aggregation; name: string; windowsOnly?: boolean }> = {
  Requests: { scope: "site", agg: "Total", name: "Requests" },
  Http5xx: { scope: "site", agg: "Total", name: "Http5xx" },
  Http2xx: { scope: "site", agg: "Total", name: "Http2xx" },
  Http4xx: { scope: "site", agg: "Total", name: "Http4xx" },
  Http403: { scope: "site", agg: "Total", name: "Http403" },
  CpuTime: { scope: "site", agg: "Total", name: "CpuTime" },
  HttpResponseTime: { scope: "site", agg: "Average", name: "HttpResponseTime" },
  HttpResponseTimeMax: { scope: "site", agg: "Maximum", name: "HttpResponseTime" },
  RequestsInApplicationQueue: { scope: "site", agg: "Average", name: "RequestsInApplicationQueue", windowsOnly: true },
  MemoryWorkingSet: { scope: "site", agg: "Average", name: "MemoryWorkingSet" },
  PrivateBytes: { scope: "site", agg: "Average", name: "PrivateBytes", windowsOnly: true },
  Threads: { scope: "site", agg: "Average", name: "Threads" },
  AppConnections: { scope: "site", agg: "Average", name: "AppConnections", windowsOnly: true },
  CpuPercentage: { scope: "plan", agg: "Average", name: "CpuPercentage" },
  MemoryPercentage: { scope: "plan", agg: "Average", name: "MemoryPercentage" },
  HttpQueueLength: { scope: "plan", agg: "Average", name: "HttpQueueLength" },
  SocketOutboundAll: { scope: "plan", agg: "Average", name: "SocketOutboundAll" },
  TcpTimeWait: { scope: "plan", agg: "Average", name: "TcpTimeWait" },
  HealthCheckStatus: { scope: "site", agg: "Average", name: "HealthCheckStatus" },
};

/** Deterministic noise in [-1, 1]. */
export const noise = noiseOf;

function noiseOf(m: number, i: number, key: string): number {
  let h = 0x811c9dc5 ^ (m * 2654435761) ^ (i * 40503);
  for (let k = 0; k < key.length; k++) h = Math.imul(h ^ key.charCodeAt(k), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return ((h >>> 0) / 0xffffffff) * 2 - 1;
}

export interface MotherOpts {
  name?: string;
  os?: Os;
  sku?: string;
  capacity?: number;
  instances?: string[];
  /** Requests per 5 min for the whole site at normal times. */
  r5?: number;
  minutes?: number;
  start?: number;
  site?: Partial<SiteInfo>;
  plan?: Partial<PlanInfo>;
  config?: Partial<SiteConfigInfo>;
  /** Shapes override defaults; `null` drops the grid entirely (metric not emitted). */
  metrics?: Partial<Record<MetricKey, Shape | null>>;
  /** Emit `all` only (no Instance split) for these metrics. */
  unsplit?: MetricKey[];
  changes?: ChangeEvent[];
  logs?: LogsData;
  appSettings?: Record<string, string> | null;
  autoscale?: AutoscaleInfo;
  serviceHealth?: ServiceHealthEvent[];
  resourceHealth?: ResourceHealthInfo;
  detectors?: Snapshot["detectors"];
  /** Build snapshot.baseline from the default shapes over the 24 h before the lookback. */
  baseline24h?: boolean;
  /** Defaults without noise: exact values for threshold-edge tests. */
  noNoise?: boolean;
}

export function instanceNames(n: number): string[] {
  return Array.from({ length: n }, (_, k) => `RD${String(k + 1).padStart(4, "0")}`);
}

/** Emulator defaults (docs/scenarios.md#emulator-defaults) for one app, per instance per minute. */
export function defaults(o: MotherOpts): Record<MetricKey, Shape> {
  const sku = skuFacts(o.sku ?? "P1v3");
  const n = (o.instances ?? instanceNames(o.capacity ?? 1)).length;
  const r5 = o.r5 ?? 1000;
  const memBytes = (sku?.memoryMB ?? 1792) * 1024 * 1024;
  const vcpu = sku?.vcpu ?? 1;
  const noise = o.noNoise ? () => 0 : noiseOf;
  return {
    Requests: (m, i) => Math.round((r5 / 5 / n) * (1 + 0.05 * noise(m, i, "req"))),
    Http5xx: (m, i) =>
      !o.noNoise && m % 5 === 2 && Math.floor(m / 5) % n === i ? Math.floor(((noise(m, i, "5xx") + 1) / 2) * 3) : 0,
    Http2xx: () => Math.round((r5 / 5 / n) * 0.98),
    Http4xx: () => Math.round((r5 / 5 / n) * 0.01),
    Http403: () => 0,
    CpuTime: (m, i) => (35 / 100) * vcpu * 60 * 0.9 * (1 + 0.05 * noise(m, i, "ct")),
    HttpResponseTime: (m, i) => 0.3 * (1 + 0.05 * noise(m, i, "rt")),
    HttpResponseTimeMax: (m, i) => 0.3 * (3.5 + 0.5 * noise(m, i, "rtm")),
    RequestsInApplicationQueue: () => 0,
    MemoryWorkingSet: (m, i) => memBytes * 0.55 * 0.55 * (1 + 0.02 * noise(m, i, "ws")),
    PrivateBytes: (m, i) => memBytes * 0.55 * 0.55 * 1.15 * (1 + 0.02 * noise(m, i, "ws")),
    Threads: (m, i) => 50 + 2 * noise(m, i, "th"),
    AppConnections: (m, i) => 400 + 15 * noise(m, i, "ac"),
    CpuPercentage: (m, i) => 35 + 2 * noise(m, i, "cpu"),
    MemoryPercentage: (m, i) => 55 + 0.8 * noise(m, i, "mem"),
    HttpQueueLength: (m, i) => Math.round(((noise(m, i, "q") + 1) / 2) * 3),
    SocketOutboundAll: (m, i) => 300 + 15 * noise(m, i, "so"),
    TcpTimeWait: (m, i) => 100 + 5 * noise(m, i, "tw"),
    HealthCheckStatus: () => 100,
  };
}

function gridOf(
  key: MetricKey,
  shape: Shape,
  start: number,
  minutes: number,
  instances: string[],
  unsplit: boolean,
): MetricGrid {
  const spec = SPEC[key];
  const grain = key === "HealthCheckStatus" ? 5 * MIN : MIN;
  const steps = key === "HealthCheckStatus" ? Math.ceil(minutes / 5) : minutes;
  const per: Record<string, (number | null)[]> = {};
  const all: (number | null)[] = [];
  instances.forEach((name, i) => {
    per[name] = Array.from({ length: steps }, (_, k) => shape(key === "HealthCheckStatus" ? k * 5 : k, i));
  });
  for (let k = 0; k < steps; k++) {
    const vals = instances.map((nm) => per[nm][k]).filter((v): v is number => v !== null);
    if (vals.length === 0) all.push(null);
    else if (spec.agg === "Total") all.push(vals.reduce((a, b) => a + b, 0));
    else if (spec.agg === "Maximum") all.push(Math.max(...vals));
    else all.push(vals.reduce((a, b) => a + b, 0) / vals.length);
  }
  return {
    name: spec.name,
    scope: spec.scope,
    aggregation: spec.agg,
    start,
    grainMs: grain,
    all,
    perInstance: unsplit ? {} : per,
    source:
      spec.scope === "site"
        ? `GET /subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/app/providers/Microsoft.Insights/metrics?metricnames=${spec.name}`
        : `GET /subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan/providers/Microsoft.Insights/metrics?metricnames=${spec.name}`,
  };
}

export function snapshot(o: MotherOpts = {}): Snapshot {
  const os = o.os ?? "windows";
  const skuName = o.sku ?? "P1v3";
  const sku = skuFacts(skuName);
  const instances = o.instances ?? instanceNames(o.capacity ?? 1);
  const capacity = o.capacity ?? instances.length;
  const minutes = o.minutes ?? 180;
  const start = o.start ?? T0;
  const name = o.name ?? "app";
  const siteId = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/${name}`;
  const planId = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan-${name}`;
  const config: SiteConfigInfo = {
    autoHealEnabled: false,
    use32BitWorkerProcess: false,
    alwaysOn: true,
    ...o.config,
  };
  const def = defaults(o);
  const metrics: MetricGrid[] = [];
  for (const key of Object.keys(SPEC) as MetricKey[]) {
    if (SPEC[key].windowsOnly && os === "linux" && !o.metrics?.[key]) continue;
    if (key === "HealthCheckStatus" && !config.healthCheckPath && !o.metrics?.[key]) continue;
    const shape = o.metrics && key in o.metrics ? o.metrics[key] : def[key];
    if (shape === null || shape === undefined) continue;
    metrics.push(gridOf(key, shape, start, minutes, instances, o.unsplit?.includes(key) ?? false));
  }
  const snap: Snapshot = {
    app: {
      id: siteId,
      subscriptionId: SUB,
      resourceGroup: "rg",
      name,
      location: "West Europe",
      region: "westeurope",
      kind: os === "linux" ? "app,linux" : "app",
      planId,
    },
    takenAt: start + minutes * MIN,
    window: { start, end: start + minutes * MIN },
    site: {
      state: "Running",
      enabled: true,
      usageState: "Normal",
      availabilityState: "Normal",
      os,
      isContainer: false,
      enabledHostNames: [`${name}.azurewebsites.net`, `${name}.scm.azurewebsites.net`],
      ...o.site,
    },
    plan: {
      id: planId,
      name: `plan-${name}`,
      resourceGroup: "rg",
      location: "West Europe",
      kind: os === "linux" ? "linux" : "app",
      skuName,
      skuTier: sku?.tier ?? "Standard",
      capacity,
      numberOfSites: 1,
      elasticScaleEnabled: false,
      reserved: os === "linux",
      ...o.plan,
    },
    config,
    instances: instances.map((n) => ({ name: n, state: "READY" })),
    metrics,
    serviceHealth: o.serviceHealth ?? [],
    changes: o.changes ?? [],
    unknowns: [],
  };
  if (o.appSettings !== null) snap.appSettings = o.appSettings ?? {};
  if (o.logs) snap.logs = o.logs;
  if (o.autoscale) snap.autoscale = o.autoscale;
  if (o.resourceHealth) snap.resourceHealth = o.resourceHealth;
  if (o.detectors) snap.detectors = o.detectors;
  if (o.baseline24h) {
    const bStart = start - 24 * 60 * MIN;
    const grids: MetricGrid[] = [];
    for (const key of Object.keys(SPEC) as MetricKey[]) {
      if (SPEC[key].windowsOnly && os === "linux") continue;
      if (key === "HealthCheckStatus") continue;
      grids.push(gridOf(key, def[key], bStart, 24 * 60, instances, false));
    }
    snap.baseline = { metrics: grids, window: { start: bStart, end: start } };
  }
  return snap;
}

export function emptyLogs(): LogsData {
  return { http5xx: [], slowFailures: [], failuresByPath: [], platform: [], console: [] };
}

/** Linear interpolation from a at m0 to b at m1, flat outside. */
export function lerp(m: number, m0: number, a: number, m1: number, b: number): number {
  if (m <= m0) return a;
  if (m >= m1) return b;
  return a + ((b - a) * (m - m0)) / (m1 - m0);
}

/** Wraps a shape: `inside(m, i)` during [from, to), the default otherwise. */
export function during(from: number, to: number, inside: Shape, outside: Shape): Shape {
  return (m, i) => (m >= from && m < to ? inside(m, i) : outside(m, i));
}

/** The snapshot as status and diagnose get it when the site config read failed (SnapshotOptions.configOptional). */
export function withoutConfig(s: Snapshot): Snapshot {
  const { config: _config, ...rest } = s;
  return {
    ...rest,
    unknowns: [
      ...s.unknowns,
      { signal: "siteConfig", reason: "webApps.getConfiguration shop-api: throttled for 30 s" },
    ],
  };
}
