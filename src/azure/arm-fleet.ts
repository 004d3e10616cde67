// ArmFleet: the Fleet port over the real Azure SDKs (ARM, Azure Monitor, Resource Health, Log Analytics).

import type { TokenCredential } from "@azure/core-auth";
import type { AppLookup } from "../core/app-query.ts";
import { DomainError } from "../core/errors.ts";
import type {
  AppPart,
  AppParts,
  Fleet,
  FleetFacts,
  FleetMetricsOptions,
  ListAppsOptions,
  Resolution,
  SnapshotOptions,
} from "../core/fleet.ts";
import type { AppRef, ChangeEvent, MetricGrid, ServiceHealthEvent, Snapshot, Window } from "../core/snapshot.ts";
import { AppIndex } from "./app-index.ts";
import { readAppParts } from "./app-parts.ts";
import type { AutoscaleSettingLite } from "./autoscale.ts";
import {
  BATCH_CONCURRENCY,
  batchCallName,
  batchCost,
  DEFAULT_METRICS_BUDGET_BYTES,
  fleetMetricsPlan,
  type MetricBatch,
  mapBudget,
  readBatch,
} from "./batch-metrics.ts";
import { TtlCache } from "./cache.ts";
import type { CallLogger } from "./call.ts";
import { type DeploymentLite, mapActivity, readActivity } from "./changes.ts";
import { createClients } from "./clients.ts";
import { type AdapterContext, createContext } from "./context.ts";
import { readFleetFacts } from "./fleet-facts.ts";
import { parseResourceId } from "./ids.ts";
import { type SnapshotDeps, takeSnapshot } from "./snapshot.ts";

export interface ArmFleetOptions {
  subscriptionIds: string[];
  credential: TokenCredential;
  /** e.g. https://management.azure.com */
  armEndpoint: string;
  /** e.g. https://{region}.metrics.monitor.azure.com */
  metricsBatchEndpointTemplate: string;
  /** Optional Log Analytics workspace; `endpoint` includes /v1. */
  logs?: { endpoint: string; workspaceId: string; audience?: string };
  /** ARM token audience or scope (default https://management.azure.com/.default). */
  audience?: string;
  /** PEM of an extra CA to trust (the simulator). */
  ca?: string;
  /** App list, plan list and autoscale settings (default 5 min). */
  appListTtlMs?: number;
  /** Service Health events (default 60 s). */
  serviceHealthTtlMs?: number;
  /** Site deployments (default 60 s). */
  deploymentsTtlMs?: number;
  /** Deadline of each Azure read, retries included (default 20 s). */
  readTimeoutMs?: number;
  /** SDK retries on 429-with-Retry-After, 408, 5xx and network errors (default 3). */
  maxRetries?: number;
  logger?: CallLogger;
  now?: () => number;
  /** Awaited after each Azure response before it is processed (the bot passes its Admission turn). */
  yieldTo?: () => Promise<void>;
  /** Estimated bytes of batch metric responses read at once (default 160 MB; at least one batch runs). */
  metricsBudgetBytes?: number;
}

export const DEFAULTS = {
  appListTtlMs: 5 * 60_000,
  serviceHealthTtlMs: 60_000,
  deploymentsTtlMs: 60_000,
  readTimeoutMs: 20_000,
  maxRetries: 3,
};

export function createArmFleet(opts: ArmFleetOptions): ArmFleet {
  return new ArmFleet(opts);
}

export class ArmFleet implements Fleet {
  readonly #ctx: AdapterContext;
  readonly #index: AppIndex;
  readonly #deps: SnapshotDeps;
  readonly #metricsBudget: number;

  constructor(opts: ArmFleetOptions) {
    if (opts.subscriptionIds.length === 0) throw new Error("ArmFleet needs at least one subscription ID");
    const now = opts.now ?? Date.now;
    this.#metricsBudget = opts.metricsBudgetBytes ?? DEFAULT_METRICS_BUDGET_BYTES;
    const clients = createClients({
      credential: opts.credential,
      armEndpoint: opts.armEndpoint,
      audience: opts.audience,
      metricsBatchEndpointTemplate: opts.metricsBatchEndpointTemplate,
      logs: opts.logs,
      ca: opts.ca,
      maxRetries: opts.maxRetries ?? DEFAULTS.maxRetries,
      yieldTo: opts.yieldTo,
    });
    this.#ctx = createContext(clients, opts.readTimeoutMs ?? DEFAULTS.readTimeoutMs, now, opts.logger);
    const listTtl = opts.appListTtlMs ?? DEFAULTS.appListTtlMs;
    const onErr = (key: string, err: unknown) =>
      opts.logger?.warn({ key, err: String(err) }, "background refresh failed");
    this.#index = new AppIndex(this.#ctx, opts.subscriptionIds, listTtl);
    this.#deps = {
      ctx: this.#ctx,
      index: this.#index,
      autoscale: new TtlCache<AutoscaleSettingLite[]>(listTtl, now, onErr),
      serviceHealth: new TtlCache<ServiceHealthEvent[]>(
        opts.serviceHealthTtlMs ?? DEFAULTS.serviceHealthTtlMs,
        now,
        onErr,
      ),
      deployments: new TtlCache<DeploymentLite[]>(opts.deploymentsTtlMs ?? DEFAULTS.deploymentsTtlMs, now, onErr),
      workspaceId: opts.logs?.workspaceId,
    };
  }

  listApps(opts?: ListAppsOptions): Promise<AppRef[]> {
    return this.#index.listApps(opts);
  }

  resolveApp(query: AppLookup, opts?: { slot?: string }): Promise<Resolution> {
    return this.#index.resolve(query, opts);
  }

  snapshot(app: AppRef, window: Window, opts?: SnapshotOptions): Promise<Snapshot> {
    return takeSnapshot(this.#deps, app, window, opts);
  }

  appParts(app: AppRef, window: Window, parts: AppPart[], opts?: { signal?: AbortSignal }): Promise<AppParts> {
    return readAppParts(this.#deps, app, window, parts, opts);
  }

  /**
   * Batched metrics: sites grouped by subscription, region and type in batches of ≤ 50, then each
   * distinct plan once. A failed batch leaves its apps out of the map (logged); if every batch
   * fails, the first error is thrown.
   */
  async fleetMetrics(
    apps: AppRef[],
    window: Window,
    opts: FleetMetricsOptions = {},
  ): Promise<Map<string, MetricGrid[]>> {
    const plan = fleetMetricsPlan(apps, window, opts);
    const jobs: Array<{ batch: MetricBatch; scope: "site" | "plan" }> = [
      ...plan.siteBatches.map((batch) => ({ batch, scope: "site" as const })),
      ...plan.planBatches.map((batch) => ({ batch, scope: "plan" as const })),
    ];
    const read = (scope: "site" | "plan") => (scope === "site" ? plan.site : plan.plan);
    const budget = {
      limit: BATCH_CONCURRENCY,
      budget: this.#metricsBudget,
      cost: (j: (typeof jobs)[number]) => batchCost(j.batch, read(j.scope)),
    };
    const results = await mapBudget(jobs, budget, ({ batch, scope }) =>
      this.#ctx
        .read(
          {
            call: batchCallName(batch),
            action: "Microsoft.Insights/metrics/read",
            scope: `/subscriptions/${batch.subscriptionId}`,
          },
          (s) => readBatch(this.#ctx.clients, batch, read(scope), s),
          opts.signal,
        )
        .then(
          (grids) => {
            if (!opts.onResource) return { ok: true as const, scope, grids };
            for (const [id, g] of grids) opts.onResource(scope, id, g);
            return { ok: true as const, scope, grids: new Map<string, MetricGrid[]>() };
          },
          (error: unknown) => ({ ok: false as const, scope, error }),
        ),
    );
    const failures = results.filter((r) => !r.ok);
    if (jobs.length > 0 && failures.length === jobs.length) throw failures[0].error;
    const site = new Map<string, MetricGrid[]>();
    const planGrids = new Map<string, MetricGrid[]>();
    for (const r of results) {
      if (!r.ok) {
        this.#ctx.logger?.warn(
          { error: r.error instanceof DomainError ? r.error.userMessage : String(r.error) },
          "metrics batch failed",
        );
        continue;
      }
      for (const [id, grids] of r.grids) (r.scope === "site" ? site : planGrids).set(id, grids);
    }
    const out = new Map<string, MetricGrid[]>();
    for (const app of apps) {
      const s = site.get(app.id.toLowerCase());
      const p = planGrids.get(app.planId.toLowerCase());
      if (s || p) out.set(app.id, [...(s ?? []), ...(p ?? [])]);
    }
    return out;
  }

  /** Stop events of one app (one Activity Log read of its resource group): for ⏹ "since when, by whom". */
  async stopEvents(app: AppRef, window: Window, opts: { signal?: AbortSignal } = {}): Promise<ChangeEvent[]> {
    const events = await this.#ctx.read(
      {
        call: `activityLogs.list ${app.resourceGroup}`,
        action: "Microsoft.Insights/eventtypes/values/read",
        scope: `/subscriptions/${app.subscriptionId}/resourceGroups/${app.resourceGroup}`,
      },
      (s) => readActivity(this.#ctx.clients, app.subscriptionId, app.resourceGroup, window, s),
      opts.signal,
    );
    return mapActivity(events, { siteId: app.id, planId: app.planId, autoscaleIds: [] }, window).filter(
      (c) => c.kind === "stop",
    );
  }

  /** SKU, capacity, state and listed config per app plus Service Health: subscription-level lists only. */
  fleetFacts(apps: AppRef[], opts: { signal?: AbortSignal } = {}): Promise<FleetFacts> {
    return readFleetFacts(this.#deps, apps, opts.signal);
  }

  /** After the bot changed something: drop what could now be stale. No argument: everything. */
  invalidate(appId?: string): void {
    if (appId === undefined) {
      this.#index.invalidate();
      this.#deps.autoscale.delete();
      this.#deps.serviceHealth.delete();
      this.#deps.deployments.delete();
      return;
    }
    const sub = parseResourceId(appId)?.subscriptionId ?? "";
    this.#deps.deployments.delete(appId.toLowerCase());
    this.#deps.autoscale.delete(sub.toLowerCase());
    this.#index.invalidatePlan(appId);
  }
}
