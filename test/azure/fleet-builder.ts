// Inline simulator fleets for the adapter tests: constant behaviours, no scenario engine.
import {
  type Behaviour,
  type InstanceMinute,
  manualClock,
  type SimFleet,
  type SimLogs,
  type SimPlan,
  type SimSite,
} from "../../src/sim/azure/fleet.ts";

export const SUB1 = "11111111-1111-1111-1111-111111111111";
export const SUB2 = "22222222-2222-2222-2222-222222222222";
/** The simulated "now": 2025-03-05T12:00:00Z. */
export const T0 = Date.parse("2025-03-05T12:00:00Z");
export const MIN = 60_000;

export const HEALTHY: InstanceMinute = {
  Requests: 100,
  Http5xx: 2,
  Http2xx: 95,
  Http4xx: 3,
  Http403: 0,
  HttpResponseTime: 0.25,
  HttpResponseTimeMax: 1.5,
  RequestsInApplicationQueue: 0,
  CpuTime: 6,
  MemoryWorkingSet: 400 * 1024 * 1024,
  PrivateBytes: 350 * 1024 * 1024,
  Threads: 40,
  AppConnections: 20,
  HealthCheckStatus: 100,
  CpuPercentage: 30,
  MemoryPercentage: 55,
  HttpQueueLength: 1,
  SocketOutboundAll: 50,
  TcpTimeWait: 5,
};

/** Same values every minute; `perInstance` overrides for instance i (by index). */
export function constant(
  values: InstanceMinute,
  perInstance: Record<number, InstanceMinute> = {},
  logs?: SimLogs,
): Behaviour {
  return {
    sample: (ctx) => (ctx.running ? { ...values, ...(perInstance[ctx.instanceIndex] ?? {}) } : {}),
    ...(logs
      ? {
          logs: (_s, _p, from, to) => ({
            http: logs.http.filter((r) => r.t >= from && r.t < to),
            platform: logs.platform.filter((r) => r.t >= from && r.t < to),
            console: logs.console.filter((r) => r.t >= from && r.t < to),
          }),
        }
      : {}),
  };
}

export function plan(p: Partial<SimPlan> & { name: string }): SimPlan {
  const capacity = p.sku?.capacity ?? 2;
  return {
    subscriptionId: SUB1,
    resourceGroup: "rg-shop",
    location: "West Europe",
    kind: "app",
    reserved: false,
    sku: { name: "P1v3", tier: "PremiumV3", size: "P1v3", family: "Pv3", capacity },
    maximumNumberOfWorkers: 30,
    elasticScaleEnabled: false,
    workers: Array.from({ length: capacity }, (_, i) => `RD00155D${p.name.length}${i}`.toUpperCase().padEnd(12, "0")),
    timeline: [],
    ...p,
  };
}

export function site(s: Partial<SimSite> & { name: string; planName: string }): SimSite {
  return {
    subscriptionId: SUB1,
    resourceGroup: "rg-shop",
    location: "West Europe",
    kind: "app",
    planResourceGroup: s.resourceGroup ?? "rg-shop",
    state: "Running",
    enabled: true,
    usageState: "Normal",
    config: { alwaysOn: true, use32BitWorkerProcess: false, autoHealEnabled: false, numberOfWorkers: 1 },
    appSettings: {},
    behaviour: constant(HEALTHY),
    timeline: [],
    slots: [],
    logsEnabled: false,
    ...s,
  };
}

export function fleet(parts: Partial<SimFleet> & { plans: SimPlan[]; sites: SimSite[] }): SimFleet {
  const subs = new Set([...parts.plans, ...parts.sites].map((r) => r.subscriptionId));
  return {
    clock: manualClock(T0),
    subscriptions: [...subs],
    autoscaleSettings: [],
    serviceHealth: [],
    seed: 7,
    ...parts,
  };
}
