// The simulator's world: subscriptions, plans, sites, their timelines and behaviour models.
// Routes (src/sim/azure/routes/*) read this; scenarios (src/sim/azure/scenarios/*) build it.
// Everything is a pure function of (fleet, time), so past metrics never change when a mitigation
// happens "now": a mitigation appends an event to a timeline, and behaviours read the timeline.

export const MINUTE = 60_000;

/** Simulated clock. Tests set it; `npm run sim` lets it follow wall time from an anchor. */
export interface SimClock {
  now(): number;
  set(ms: number): void;
  advance(ms: number): void;
}

export function manualClock(start: number): SimClock {
  let t = start;
  return {
    now: () => t,
    set: (ms) => {
      t = ms;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** A clock that runs at wall speed from `start` (for the playground), but can still be moved. */
export function wallClock(start: number, realNow: () => number = Date.now): SimClock {
  let offset = start - realNow();
  return {
    now: () => realNow() + offset,
    set: (ms) => {
      offset = ms - realNow();
    },
    advance: (ms) => {
      offset += ms;
    },
  };
}

/** What happened to a site or plan, in time order. Mitigations through the API append here. */
export type SimEvent =
  | { at: number; type: "restart"; soft?: boolean; caller?: string }
  | { at: number; type: "stop"; caller?: string }
  | { at: number; type: "start"; caller?: string }
  | { at: number; type: "rebootWorker"; worker: string; caller?: string }
  | { at: number; type: "recycle"; instance: string; reason: string } // auto-heal or platform recycle
  | { at: number; type: "config"; patch: Record<string, unknown>; caller?: string }
  | { at: number; type: "appSettings"; settings: Record<string, string>; caller?: string }
  | {
      at: number;
      type: "scale";
      capacity?: number;
      skuName?: string;
      caller?: string;
      /** Capacity / SKU before this event; lets the sim reconstruct history once plan.sku has moved on. */
      fromCapacity?: number;
      fromSkuName?: string;
    }
  | { at: number; type: "swap"; targetSlot: string; caller?: string }
  | { at: number; type: "deployment"; id: string; status: "Success" | "Failed"; endAt: number; caller?: string };

/** Values one instance emits in one minute. A key left out means the metric is not emitted (unknown). */
export interface InstanceMinute {
  // Microsoft.Web/sites (per Instance)
  Requests?: number;
  Http5xx?: number;
  Http2xx?: number;
  Http4xx?: number;
  Http403?: number;
  /** Average seconds over the minute. */
  HttpResponseTime?: number;
  /** Slowest request of the minute, seconds (the sim reports it as the Maximum aggregation). */
  HttpResponseTimeMax?: number;
  RequestsInApplicationQueue?: number;
  CpuTime?: number;
  MemoryWorkingSet?: number; // bytes
  PrivateBytes?: number; // bytes
  Threads?: number;
  Handles?: number;
  AppConnections?: number;
  /** 0–100 share of healthy pings; only when a health check path is configured. */
  HealthCheckStatus?: number;
  // Microsoft.Web/serverfarms (per worker): this site's contribution to its worker
  CpuPercentage?: number;
  MemoryPercentage?: number;
  HttpQueueLength?: number;
  DiskQueueLength?: number;
  SocketOutboundAll?: number;
  SocketInboundAll?: number;
  TcpTimeWait?: number;
  TcpEstablished?: number;
}

export interface SampleContext {
  site: SimSite;
  plan: SimPlan;
  /** Start of the minute, epoch ms. */
  t: number;
  instance: string;
  instanceIndex: number;
  /** Instances serving the site at t. */
  instanceCount: number;
  skuName: string;
  /** False when the site is stopped at t. */
  running: boolean;
  /** Minutes since this instance's process last started (restart, start, reboot, recycle, config change, scale up). */
  minutesSinceStart: number;
  /** Deterministic noise in [-1, 1] for (site, instance, minute, key). */
  noise(key: string): number;
}

/** HTTP log rows the sim's Log Analytics answers from; one row stands for `count` identical requests. */
export interface SimHttpLog {
  t: number;
  status: number;
  subStatus: string;
  path: string;
  timeTakenMs: number;
  instance: string;
  count: number;
}

export interface SimLogs {
  http: SimHttpLog[];
  platform: Array<{ t: number; level: string; message: string; containerId?: string }>;
  console: Array<{ t: number; level: string; message: string }>;
}

export interface Behaviour {
  /** Metric values for one instance over one minute. Must be pure in its arguments. */
  sample(ctx: SampleContext): InstanceMinute;
  /** Log records in [from, to) for the site (only served when the site has logs enabled). */
  logs?(site: SimSite, plan: SimPlan, from: number, to: number): SimLogs;
}

export interface SimSite {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  slot?: string;
  location: string; // "West Europe"
  kind: string; // "app", "app,linux", "app,linux,container"
  planResourceGroup: string;
  planName: string;
  state: "Running" | "Stopped";
  enabled: boolean;
  usageState: "Normal" | "Exceeded";
  /** `properties` of config/web on the wire (camelCase as Azure sends it). */
  config: Record<string, unknown>;
  appSettings: Record<string, string>;
  tags?: Record<string, string>;
  behaviour: Behaviour;
  timeline: SimEvent[];
  slots: SimSite[];
  /** Log Analytics data for this site is available. */
  logsEnabled: boolean;
  /** Created with a unique default hostname (`<app>-<hash>.<region>-01.azurewebsites.net`, its SCM host alike). */
  uniqueHostName?: boolean;
  resourceHealth?: {
    availabilityState: "Available" | "Unavailable" | "Degraded" | "Unknown";
    reasonType?: string;
    title?: string;
    summary?: string;
  };
}

export interface SimPlan {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  kind: string;
  reserved: boolean;
  sku: { name: string; tier: string; size: string; family: string; capacity: number };
  maximumNumberOfWorkers: number;
  elasticScaleEnabled: boolean;
  maximumElasticWorkerCount?: number;
  /** Worker names in order; instance i of a site is workers[i] (e.g. RD0001…). Grown on scale out. */
  workers: string[];
  timeline: SimEvent[];
}

export interface SimAutoscaleSetting {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  enabled: boolean;
  targetPlan: { resourceGroup: string; name: string };
  profiles: Array<{ name: string; capacity: { minimum: number; maximum: number; default: number } }>;
}

export interface SimServiceHealthEvent {
  subscriptionId: string;
  id: string;
  title: string;
  eventType: "ServiceIssue" | "PlannedMaintenance" | "HealthAdvisory";
  status: "Active" | "Resolved";
  regions: string[]; // "West Europe"
  service: string; // "App Service"
  start: number;
  end?: number;
}

export interface SimFleet {
  clock: SimClock;
  subscriptions: string[];
  plans: SimPlan[];
  sites: SimSite[];
  autoscaleSettings: SimAutoscaleSetting[];
  serviceHealth: SimServiceHealthEvent[];
  /** Seed for deterministic noise. */
  seed: number;
}
