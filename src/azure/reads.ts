// The single reads a snapshot is made of, each with the permission it needs (so a 403 can name it).

import type { Site } from "@azure/arm-appservice";
import type {
  AppRef,
  InstanceInfo,
  MetricGrid,
  PlanInfo,
  ResourceHealthInfo,
  SiteConfigInfo,
} from "../core/snapshot.ts";
import { collect } from "./call.ts";
import type { AdapterContext } from "./context.ts";
import { readResourceHealth } from "./health.ts";
import { parseResourceId } from "./ids.ts";
import { toConfigInfo, toInstanceInfo, toPlanInfo } from "./mappers.ts";
import { type MetricsRead, metricsCallName, readArmMetrics } from "./metrics.ts";

export const label = (app: AppRef) => (app.slot ? `${app.name}/${app.slot}` : app.name);

export function readSite(ctx: AdapterContext, app: AppRef, signal?: AbortSignal): Promise<Site> {
  const web = ctx.clients.web(app.subscriptionId).webApps;
  return ctx.read(
    { call: `webApps.get ${label(app)}`, action: "Microsoft.Web/sites/read", scope: app.id },
    (s) =>
      app.slot
        ? web.getSlot(app.resourceGroup, app.name, app.slot, { abortSignal: s })
        : web.get(app.resourceGroup, app.name, { abortSignal: s }),
    signal,
  );
}

export async function readConfig(ctx: AdapterContext, app: AppRef, signal?: AbortSignal): Promise<SiteConfigInfo> {
  const web = ctx.clients.web(app.subscriptionId).webApps;
  const cfg = await ctx.read(
    { call: `webApps.getConfiguration ${label(app)}`, action: "Microsoft.Web/sites/config/read", scope: app.id },
    (s) =>
      app.slot
        ? web.getConfigurationSlot(app.resourceGroup, app.name, app.slot, { abortSignal: s })
        : web.getConfiguration(app.resourceGroup, app.name, { abortSignal: s }),
    signal,
  );
  return toConfigInfo(cfg);
}

export async function readInstances(ctx: AdapterContext, app: AppRef, signal?: AbortSignal): Promise<InstanceInfo[]> {
  const web = ctx.clients.web(app.subscriptionId).webApps;
  const list = await ctx.read(
    {
      call: `webApps.listInstanceIdentifiers ${label(app)}`,
      action: "Microsoft.Web/sites/instances/read",
      scope: app.id,
    },
    (s) =>
      collect(
        app.slot
          ? web.listInstanceIdentifiersSlot(app.resourceGroup, app.name, app.slot, { abortSignal: s })
          : web.listInstanceIdentifiers(app.resourceGroup, app.name, { abortSignal: s }),
      ),
    signal,
  );
  return list.map(toInstanceInfo);
}

/** A plan read directly (when the cached plan list does not hold it). */
export async function readPlan(ctx: AdapterContext, planId: string, signal?: AbortSignal): Promise<PlanInfo> {
  const p = parseResourceId(planId);
  const plan = await ctx.read(
    { call: `appServicePlans.get ${p?.names[0] ?? planId}`, action: "Microsoft.Web/serverfarms/read", scope: planId },
    (s) =>
      ctx.clients
        .web(p?.subscriptionId ?? "")
        .appServicePlans.get(p?.resourceGroup ?? "", p?.names[0] ?? "", { abortSignal: s }),
    signal,
  );
  return toPlanInfo(plan);
}

export function readMetrics(ctx: AdapterContext, r: MetricsRead, signal?: AbortSignal): Promise<MetricGrid[]> {
  return ctx.read(
    { call: metricsCallName(r), action: "Microsoft.Insights/metrics/read", scope: r.resourceId },
    (s) => readArmMetrics(ctx.clients, r, s),
    signal,
  );
}

export function readHealth(ctx: AdapterContext, app: AppRef, signal?: AbortSignal): Promise<ResourceHealthInfo> {
  return ctx.read(
    {
      call: `availabilityStatuses.getByResource ${label(app)}`,
      action: "Microsoft.ResourceHealth/availabilityStatuses/read",
      scope: app.id,
    },
    (s) => readResourceHealth(ctx.clients, app.id, s),
    signal,
  );
}
