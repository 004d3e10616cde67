// Small constructors for plans and sites with realistic ARM-shaped fields, registered in a fleet.

import type { Behaviour, SimEvent, SimFleet, SimPlan, SimSite } from "../fleet.ts";
import type { SimOs } from "./defaults.ts";
import { workerNames } from "./naming.ts";
import { skuFacts } from "./skus.ts";

export const DEFAULT_SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
export const SECOND_SUBSCRIPTION = "00000000-0000-0000-0000-000000000002";

export interface PlanInput {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  os: SimOs;
  sku: string;
  capacity: number;
}

export function addPlan(fleet: SimFleet, p: PlanInput): SimPlan {
  const sku = skuFacts(p.sku);
  const plan: SimPlan = {
    subscriptionId: p.subscriptionId,
    resourceGroup: p.resourceGroup,
    name: p.name,
    location: p.location,
    kind: p.os === "linux" ? "linux" : "app",
    reserved: p.os === "linux",
    sku: { name: sku.name, tier: sku.tier, size: sku.size, family: sku.family, capacity: p.capacity },
    maximumNumberOfWorkers: sku.maxWorkers,
    elasticScaleEnabled: false,
    workers: [],
    timeline: [],
  };
  plan.workers = workerNames(plan, p.capacity);
  ensureSubscription(fleet, p.subscriptionId);
  fleet.plans.push(plan);
  return plan;
}

export interface SiteInput {
  plan: SimPlan;
  resourceGroup: string;
  name: string;
  kind?: string;
  config?: Record<string, unknown>;
  appSettings?: Record<string, string>;
  tags?: Record<string, string>;
  behaviour: Behaviour;
  timeline?: SimEvent[];
  logsEnabled?: boolean;
  state?: "Running" | "Stopped";
}

/** siteConfig as GET …/config/web returns it (camelCase), for the plan's OS. */
export function siteConfig(plan: SimPlan, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    numberOfWorkers: 1,
    alwaysOn: plan.sku.tier !== "Free" && plan.sku.tier !== "Shared",
    http20Enabled: true,
    minTlsVersion: "1.2",
    ftpsState: "FtpsOnly",
    use32BitWorkerProcess: false,
    autoHealEnabled: false,
    linuxFxVersion: "",
    ...(plan.reserved ? {} : { netFrameworkVersion: "v8.0" }),
    appCommandLine: "",
    loadBalancing: "LeastRequests",
    vnetRouteAllEnabled: false,
    webSocketsEnabled: false,
    ...extra,
  };
}

export function buildSite(s: SiteInput): SimSite {
  const plan = s.plan;
  const site: SimSite = {
    subscriptionId: plan.subscriptionId,
    resourceGroup: s.resourceGroup,
    name: s.name,
    location: plan.location,
    kind: s.kind ?? (plan.reserved ? "app,linux" : "app"),
    planResourceGroup: plan.resourceGroup,
    planName: plan.name,
    state: s.state ?? "Running",
    enabled: true,
    usageState: "Normal",
    config: s.config ?? siteConfig(plan),
    appSettings: s.appSettings ?? {},
    tags: s.tags,
    behaviour: s.behaviour,
    timeline: (s.timeline ?? []).sort((a, b) => a.at - b.at),
    slots: [],
    logsEnabled: s.logsEnabled ?? false,
    resourceHealth: { availabilityState: "Available" },
  };
  return site;
}

export function addSite(fleet: SimFleet, s: SiteInput): SimSite {
  const site = buildSite(s);
  fleet.sites.push(site);
  return site;
}

export function ensureSubscription(fleet: SimFleet, subscriptionId: string): void {
  if (!fleet.subscriptions.includes(subscriptionId)) fleet.subscriptions.push(subscriptionId);
}

/** Start of the lookback: now − 180 min, rounded down to 5 minutes. */
export function defaultT0(now: number): number {
  const five = 5 * 60_000;
  return Math.floor((now - 180 * 60_000) / five) * five;
}
