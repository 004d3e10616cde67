// The parts of one app that the lighter verbs read instead of a whole snapshot: `health` needs Resource and
// Service Health, `logs` the Log Analytics rows (and the 5xx count to cross-check them), `metrics` the metric
// grids, `links` the site resource (its SCM host name). Nothing else is read, so a throttled config read
// cannot fail them (docs/faults.md). Every part asked for comes back read or in `notRead`, with its call and
// what happened; none of them rejects.
import type { AppPart, AppParts, NotRead } from "../core/fleet.ts";
import type { AppRef, MetricGrid, Window } from "../core/snapshot.ts";
import { CHANGE_LEAD_MS } from "./changes.ts";
import { readLogs, reason, type Settled, settle } from "./enrichment.ts";
import { serviceHealthFor } from "./health.ts";
import { toSiteInfo } from "./mappers.ts";
import { HEALTH_CHECK_METRICS, PLAN_METRICS, SITE_METRICS } from "./metrics.ts";
import { readHealth, readMetrics, readSite } from "./reads.ts";
import { bounded, type SnapshotDeps, serviceHealthRead } from "./snapshot.ts";

export async function readAppParts(
  deps: SnapshotDeps,
  app: AppRef,
  window: Window,
  parts: AppPart[],
  opts: { signal?: AbortSignal } = {},
): Promise<AppParts> {
  const signal = opts.signal;
  const { d } = bounded(deps, signal);
  const want = new Set(parts);
  const grids = (part: AppPart, resourceId: string, scope: "site" | "plan", specs = SITE_METRICS, interval = "PT1M") =>
    want.has(part)
      ? settle(readMetrics(d.ctx, { resourceId, scope, specs, window, interval, perInstance: true }, signal))
      : undefined;
  const [siteResource, resourceHealth, events, logs, site, plan, healthCheck] = await Promise.all([
    want.has("site") ? settle(readSite(d.ctx, app, signal)) : undefined,
    want.has("resourceHealth") ? settle(readHealth(d.ctx, app, signal)) : undefined,
    want.has("serviceHealth")
      ? settle(d.serviceHealth.get(app.subscriptionId.toLowerCase(), () => serviceHealthRead(d, app.subscriptionId)))
      : undefined,
    want.has("logs") && d.workspaceId ? readLogs(d.ctx, d.workspaceId, app, window, signal) : undefined,
    grids("siteMetrics", app.id, "site"),
    grids("planMetrics", app.planId, "plan", PLAN_METRICS),
    grids("healthCheckMetrics", app.id, "site", HEALTH_CHECK_METRICS, "PT5M"),
  ]);

  const notRead: NotRead[] = [];
  const value = <T>(part: AppPart, signalName: string, r: Settled<T> | undefined): T | undefined => {
    if (!r) return undefined;
    if (r.ok) return r.value;
    notRead.push({ part, signal: signalName, reason: reason(r.error), error: r.error });
    return undefined;
  };
  const out: AppParts = { metrics: [], notRead };
  const sr = value("site", "site", siteResource);
  if (sr) out.site = toSiteInfo(sr);
  const rh = value("resourceHealth", "resourceHealth", resourceHealth);
  if (rh) out.resourceHealth = rh;
  const sh = value("serviceHealth", "serviceHealth", events);
  if (sh) out.serviceHealth = serviceHealthFor(sh, app.region, window.start - CHANGE_LEAD_MS);
  if (logs) {
    if (logs.data) out.logs = logs.data;
    notRead.push(...logs.failures.map((f) => ({ part: "logs" as const, ...f })));
  }
  const metrics: MetricGrid[] = [
    ...(value("siteMetrics", "siteMetrics", site) ?? []),
    ...(value("healthCheckMetrics", "HealthCheckStatus", healthCheck) ?? []),
    ...(value("planMetrics", "planMetrics", plan) ?? []),
  ];
  out.metrics = metrics;
  return out;
}
