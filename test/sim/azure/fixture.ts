// Tiny inline fleets and real SDK clients pointed at the simulator.

import https from "node:https";
import { WebSiteManagementClient } from "@azure/arm-appservice";
import { MonitorClient } from "@azure/arm-monitor";
import { MicrosoftResourceHealth } from "@azure/arm-resourcehealth";
import type { TokenCredential } from "@azure/core-auth";
import { LogsQueryClient } from "@azure/monitor-query-logs";
import { MetricsClient } from "@azure/monitor-query-metrics";
import {
  type Behaviour,
  type InstanceMinute,
  MINUTE,
  manualClock,
  type SimFleet,
  type SimPlan,
  type SimSite,
} from "../../../src/sim/azure/fleet.ts";
import type { AzureSim } from "../../../src/sim/azure/server.ts";

export const SUB = "11111111-1111-1111-1111-111111111111";
export const SUB2 = "22222222-2222-2222-2222-222222222222";
/** 2025-01-01T12:00:00Z: "now" for every test fleet. */
export const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);

export function staticCredential(token = "alice@contoso.com"): TokenCredential {
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

/** Every instance emits the same values each minute. */
export function constant(values: InstanceMinute): Behaviour {
  return { sample: (ctx) => (ctx.running ? { ...values } : {}) };
}

export function plan(name: string, opts: Partial<SimPlan> = {}): SimPlan {
  const capacity = opts.sku?.capacity ?? 2;
  return {
    subscriptionId: SUB,
    resourceGroup: "rg1",
    name,
    location: "West Europe",
    kind: "app",
    reserved: false,
    sku: { name: "P1v3", tier: "PremiumV3", size: "P1v3", family: "Pv3", capacity },
    maximumNumberOfWorkers: 30,
    elasticScaleEnabled: false,
    workers: Array.from({ length: capacity }, (_, i) => `RD${String(i + 1).padStart(4, "0")}`),
    timeline: [],
    ...opts,
  };
}

export function site(name: string, p: SimPlan, opts: Partial<SimSite> = {}): SimSite {
  return {
    subscriptionId: p.subscriptionId,
    resourceGroup: p.resourceGroup,
    name,
    location: p.location,
    kind: "app",
    planResourceGroup: p.resourceGroup,
    planName: p.name,
    state: "Running",
    enabled: true,
    usageState: "Normal",
    config: {},
    appSettings: {},
    behaviour: constant({ Requests: 10, Http5xx: 1 }),
    timeline: [],
    slots: [],
    logsEnabled: false,
    ...opts,
  };
}

export function fleet(plans: SimPlan[], sites: SimSite[], extra: Partial<SimFleet> = {}): SimFleet {
  return {
    clock: manualClock(NOW),
    subscriptions: [SUB, SUB2],
    plans,
    sites,
    autoscaleSettings: [],
    serviceHealth: [],
    seed: 7,
    ...extra,
  };
}

export const siteIdOf = (name: string, rg = "rg1", sub = SUB): string =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/sites/${name}`;
export const planIdOf = (name: string, rg = "rg1", sub = SUB): string =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/serverfarms/${name}`;

const noRetry = { retryOptions: { maxRetries: 0 } };

export function clients(sim: AzureSim, token?: string, retries = false, subscription = SUB) {
  const cred = staticCredential(token);
  const tls = { tlsOptions: { ca: sim.ca } };
  const base = { endpoint: sim.url, ...tls, ...(retries ? {} : noRetry) };
  return {
    web: new WebSiteManagementClient(cred, subscription, base),
    monitor: new MonitorClient(cred, SUB, base),
    batch: (region: string) =>
      new MetricsClient(sim.metricsBatchEndpointTemplate.replace("{region}", region), cred, {
        ...tls,
        ...(retries ? {} : noRetry),
      }),
    logs: new LogsQueryClient(cred, { endpoint: sim.logsEndpoint, ...tls, ...(retries ? {} : noRetry) }),
    health: new MicrosoftResourceHealth(cred, SUB, {
      ...base,
      credentialScopes: ["https://management.azure.com/.default"],
    }),
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** A raw HTTPS request (for wire details the SDKs hide). */
export function raw(
  sim: AzureSim,
  method: string,
  path: string,
  opts: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const url = new URL(sim.url);
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? "alice@contoso.com"}`;
  if (payload !== undefined) headers["content-type"] = "application/json";
  return new Promise((resolve, reject) => {
    const req = https.request({ host: url.hostname, port: url.port, method, path, headers, ca: sim.ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = text === "" ? undefined : JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}

export const minutesAgo = (n: number): number => NOW - n * MINUTE;
