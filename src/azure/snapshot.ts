// One app's snapshot: every read starts at once (one round trip on the critical path); facts that
// change slowly (plan list, autoscale settings, Service Health, deployments) come from caches.
// Essential reads (site, plan, the app's own metrics, and the config unless the caller can do without it) fail
// the snapshot; the rest become `unknowns`,
// each read with its own deadline and one quick retry inside the command's (docs/faults.md).
import { DomainError } from "../core/errors.ts";
import type { SnapshotOptions } from "../core/fleet.ts";
import { attemptMs, readDeadlineOf } from "../core/read-budget.ts";
import type { AppRef, ChangeEvent, ServiceHealthEvent, Snapshot, Window } from "../core/snapshot.ts";
import type { AppIndex } from "./app-index.ts";
import { type AutoscaleSettingLite, autoscaleForPlan, listAutoscaleSettings } from "./autoscale.ts";
import type { TtlCache } from "./cache.ts";
import {
  CHANGE_LEAD_MS,
  changesWindow,
  type DeploymentLite,
  mapActivity,
  mapDeployments,
  readActivity,
  readDeployments,
} from "./changes.ts";
import type { AdapterContext } from "./context.ts";
import { readBaseline, readDetectors, readLogs, reason, type Settled, settle } from "./enrichment.ts";
import { listServiceHealth, serviceHealthFor } from "./health.ts";
import { toSiteInfo } from "./mappers.ts";
import { HEALTH_CHECK_METRICS, PLAN_METRICS, SITE_METRICS } from "./metrics.ts";
import { label, readConfig, readHealth, readInstances, readMetrics, readPlan, readSite } from "./reads.ts";

export interface SnapshotDeps {
  ctx: AdapterContext;
  index: AppIndex;
  autoscale: TtlCache<AutoscaleSettingLite[]>;
  serviceHealth: TtlCache<ServiceHealthEvent[]>;
  deployments: TtlCache<DeploymentLite[]>;
  workspaceId?: string;
}

/** The budget of a snapshot taken outside a command deadline (the CLI, a digest's drill-down). */
const DEFAULT_BUDGET_MS = 12_000;

export async function takeSnapshot(
  d: SnapshotDeps,
  app: AppRef,
  window: Window,
  opts: SnapshotOptions = {},
): Promise<Snapshot> {
  const signal = opts.signal;
  const b = bounded(d, signal);
  d = b.d;
  const { attempt } = b;
  const ctx = d.ctx;
  const planSub = app.planId.split("/")[2] ?? app.subscriptionId;
  const metricRead = (
    resourceId: string,
    scope: "site" | "plan",
    specs = scope === "site" ? SITE_METRICS : PLAN_METRICS,
  ) => readMetrics(ctx, { resourceId, scope, specs, window, interval: "PT1M", perInstance: true }, signal);
  const changeWin = changesWindow(window);
  const planRg = app.planId.split("/")[4];
  const rgs = [
    app.resourceGroup,
    ...(planRg && planRg.toLowerCase() !== app.resourceGroup.toLowerCase() ? [planRg] : []),
  ];

  // Optional reads start together with the rest; none of them rejects.
  const extras = Promise.all([
    d.workspaceId ? readLogs(ctx, d.workspaceId, app, window, signal) : undefined,
    opts.detectors ? readDetectors(ctx, app, window, signal) : undefined,
    opts.baseline ? readBaseline(ctx, app, window, signal) : undefined,
  ]);
  const [
    site,
    config,
    plan,
    siteMetrics,
    planMetrics,
    hcs,
    instances,
    health,
    activity,
    deployments,
    autoscale,
    events,
  ] = await Promise.all([
    settle(readSite(ctx, app, signal)),
    settle(readConfig(ctx, app, signal)),
    settle(planRead(d, app, attempt, signal)),
    settle(metricRead(app.id, "site")),
    settle(metricRead(app.planId, "plan")),
    settle(
      readMetrics(
        ctx,
        { resourceId: app.id, scope: "site", specs: HEALTH_CHECK_METRICS, window, interval: "PT5M", perInstance: true },
        signal,
      ),
    ),
    settle(readInstances(ctx, app, signal)),
    settle(readHealth(ctx, app, signal)),
    settle(Promise.all(rgs.map((rg) => activityRead(d, app, rg, changeWin, signal))).then((x) => x.flat())),
    settle(d.deployments.fresh(app.id.toLowerCase(), () => deploymentsRead(d, app))),
    settle(d.autoscale.get(planSub.toLowerCase(), () => autoscaleRead(d, planSub))),
    settle(d.serviceHealth.get(app.subscriptionId.toLowerCase(), () => serviceHealthRead(d, app.subscriptionId))),
  ]);
  const [logs, detectors, baseline] = await extras;

  if (!site.ok) throw siteError(d, app, site.error);
  if (!config.ok && !opts.configOptional) throw config.error;
  if (!plan.ok) throw plan.error;
  if (!siteMetrics.ok) throw siteMetrics.error;

  const unknowns: Snapshot["unknowns"] = [];
  // Without its config the answer still judges from the metrics; the rules that need it say "not checked".
  if (!config.ok) unknowns.push({ signal: "siteConfig", reason: reason(config.error) });
  const siteConfig = config.ok ? config.value : undefined;
  const optional = <T>(signalName: string, r: Settled<T>): T | undefined => {
    if (r.ok) return r.value;
    unknowns.push({ signal: signalName, reason: reason(r.error) });
    return undefined;
  };
  const autoscaleSettings = optional("autoscale", autoscale);
  const scaler = autoscaleSettings
    ? autoscaleForPlan(autoscaleSettings, plan.value.id || app.planId, ctx.now())
    : undefined;
  const scalerIds = (autoscaleSettings ?? [])
    .filter((s) => s.targetResourceUri.toLowerCase() === app.planId.toLowerCase())
    .map((s) => s.id);
  const changes: ChangeEvent[] = [
    ...mapActivity(
      optional("activityLog", activity) ?? [],
      { siteId: app.id, planId: app.planId, autoscaleIds: scalerIds },
      changeWin,
    ),
    ...mapDeployments(optional("deployments", deployments) ?? [], changeWin),
  ].sort((a, b) => a.at - b.at);
  const hcsGrids = optional("HealthCheckStatus", hcs) ?? [];
  const snapshot: Snapshot = {
    app,
    takenAt: ctx.now(),
    window,
    site: toSiteInfo(site.value, siteConfig),
    plan: plan.value,
    ...(siteConfig ? { config: siteConfig } : {}),
    instances: optional("instances", instances) ?? [],
    ...(scaler ? { autoscale: scaler } : {}),
    // Plan CPU and memory enrich the answer; without them it still says what the app did (and what was not read).
    metrics: [...siteMetrics.value, ...hcsGrids, ...(optional("planMetrics", planMetrics) ?? [])],
    serviceHealth: serviceHealthFor(optional("serviceHealth", events) ?? [], app.region, window.start - CHANGE_LEAD_MS),
    changes,
    unknowns,
  };
  const resourceHealth = optional("resourceHealth", health);
  if (resourceHealth) snapshot.resourceHealth = resourceHealth;
  if (logs) {
    if (logs.data) snapshot.logs = logs.data;
    unknowns.push(...logs.unknowns);
  }
  if (detectors) {
    snapshot.detectors = detectors.results;
    unknowns.push(...detectors.unknowns);
  }
  if (baseline) {
    if (baseline.ok) snapshot.baseline = baseline.value;
    else unknowns.push({ signal: "baseline", reason: reason(baseline.error) });
  }
  return snapshot;
}

/**
 * The deps whose reads each get their own deadline inside the command's (and one quick retry when time
 * allows), so one hung or throttled read costs its line, not the answer (docs/faults.md).
 */
export function bounded(d: SnapshotDeps, signal: AbortSignal | undefined): { d: SnapshotDeps; attempt: number } {
  const until = readDeadlineOf(signal) ?? performance.now() + DEFAULT_BUDGET_MS;
  const attempt = attemptMs(until - performance.now());
  return { d: { ...d, ctx: d.ctx.within({ attemptMs: attempt, until }) }, attempt };
}

/** The plan from the cached subscription list; read directly when it is not listed or listing is denied
 * (a bot with Reader on resource groups only cannot list a subscription). */
async function planRead(d: SnapshotDeps, app: AppRef, listWaitMs: number, signal?: AbortSignal) {
  // A cold or hung plan list must not hold the snapshot: past one attempt's time the plan is read directly
  // (the listing goes on in the background and serves the next command).
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<undefined>((r) => {
    timer = setTimeout(() => r(undefined), listWaitMs);
  });
  const listed = await Promise.race([
    d.index.plan(app.planId).catch((err: unknown) => {
      d.ctx.logger?.warn({ err: reason(err) }, "plan list failed; reading the plan directly");
      return undefined;
    }),
    waited,
  ]);
  clearTimeout(timer);
  return listed ?? readPlan(d.ctx, app.planId, signal);
}

function siteError(d: SnapshotDeps, app: AppRef, err: unknown): unknown {
  if (!(err instanceof DomainError) || err.kind !== "notFound") return err;
  const suggestions = d.index.suggest(app.name);
  d.index.refreshSoon();
  return new DomainError({
    kind: "notFound",
    call: err.call,
    cause: err,
    suggestions,
    userMessage: `App '${label(app)}' no longer exists in resource group '${app.resourceGroup}'.`,
    hint: suggestions.length
      ? `Did you mean ${suggestions.map((s) => `'${s.resourceGroup}/${s.name}'`).join(", ")}?`
      : "It may have been deleted, renamed or moved; list the apps again.",
  });
}

function activityRead(d: SnapshotDeps, app: AppRef, rg: string, w: Window, signal?: AbortSignal) {
  return d.ctx.read(
    {
      call: `activityLogs.list ${rg}`,
      action: "Microsoft.Insights/eventtypes/values/read",
      scope: `/subscriptions/${app.subscriptionId}/resourceGroups/${rg}`,
    },
    (s) => readActivity(d.ctx.clients, app.subscriptionId, rg, w, s),
    signal,
  );
}

function deploymentsRead(d: SnapshotDeps, app: AppRef) {
  return d.ctx.read(
    { call: `webApps.listDeployments ${label(app)}`, action: "Microsoft.Web/sites/deployments/read", scope: app.id },
    (s) => readDeployments(d.ctx.clients, app, s),
  );
}

function autoscaleRead(d: SnapshotDeps, sub: string) {
  return d.ctx.read(
    {
      call: `autoscaleSettings.listBySubscription ${sub}`,
      action: "Microsoft.Insights/autoscalesettings/read",
      scope: `/subscriptions/${sub}`,
    },
    (s) => listAutoscaleSettings(d.ctx.clients, sub, s),
  );
}

export function serviceHealthRead(d: SnapshotDeps, sub: string) {
  return d.ctx.read(
    {
      call: `events.listBySubscriptionId ${sub}`,
      action: "Microsoft.ResourceHealth/events/read",
      scope: `/subscriptions/${sub}`,
    },
    (s) => listServiceHealth(d.ctx.clients, sub, d.ctx.now(), s),
  );
}
