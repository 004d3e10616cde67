// Emulator defaults (docs/scenarios.md#emulator-defaults) as a per-minute, per-instance model. A scenario starts from
// baseDrivers() and bends a few numbers; emit() turns them into the InstanceMinute the server aggregates,
// applying the OS rules (Windows-only metrics left out on Linux) and the stopped-site shape.

import type { InstanceMinute, SampleContext } from "../fleet.ts";
import { MINUTE } from "../fleet.ts";
import type { SiteHistory } from "./history.ts";
import { skuFacts } from "./skus.ts";

export type SimOs = "windows" | "linux";

/** Per-site constants, fixed at build time. Plan-level values are this site's contribution per worker. */
export interface Profile {
  os: SimOs;
  /** Requests per 5 minutes for the whole site at baseline (the scenario's R5). */
  r5: number;
  cpu: number;
  mem: number;
  /** Average response time, seconds. */
  rt: number;
  threads: number;
  appConnections: number;
  socketsOut: number;
  tcpTimeWait: number;
  /** Share of the plan's background load (sockets, queue, stopped-state memory) this site accounts for. */
  share: number;
  /** Paths of successful requests in the HTTP logs, with weights. */
  paths: ReadonlyArray<readonly [string, number]>;
}

export function profile(p: Partial<Profile> & Pick<Profile, "os" | "r5">): Profile {
  return {
    cpu: 35,
    mem: 55,
    rt: 0.3,
    threads: 50,
    appConnections: 400,
    socketsOut: 300,
    tcpTimeWait: 100,
    share: 1,
    paths: [
      ["/", 0.2],
      ["/api/items", 0.8],
    ],
    ...p,
  };
}

/** Numbers one instance produces in one minute, before OS and state rules. Counts are per minute. */
export interface Drivers {
  /** Noise source for this instance-minute (use it rather than ctx.noise: it is much cheaper). */
  nz: Noise;
  requests: number;
  http5xx: number;
  http4xx: number;
  /** Average response time (s) over all requests, and the slowest request of the minute (s). */
  rt: number;
  rtMax: number;
  /** For the HTTP logs: latency of successful and of failed requests (s), and the failure status. */
  okRt: number;
  failRt: number;
  failStatus: number;
  cpu: number;
  mem: number;
  /** App CPU seconds in the minute; derived from cpu when left undefined. */
  cpuTime: number | undefined;
  workingSet: number;
  privateBytes: number;
  threads: number;
  handles: number;
  riaq: number;
  appConnections: number;
  healthy: boolean;
  /** Share of healthy pings (0–100) while a health check path is set; 100 when left undefined. */
  healthStatus?: number;
  httpQueue: number;
  socketsOut: number;
  tcpTimeWait: number;
}

export type Noise = (key: string) => number;

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const keyHashes = new Map<string, number>();

/**
 * Many noise values in [-1, 1] from a single ctx.noise() call. ctx.noise hashes a long string per call
 * and dominated sample() time; this mixes a cached key hash into one base value instead.
 */
export function jitter(ctx: SampleContext): Noise {
  const base = Math.floor(((ctx.noise("jitter") + 1) / 2) * 0xffffffff) >>> 0;
  return (key) => {
    let k = keyHashes.get(key);
    if (k === undefined) {
      k = 0x811c9dc5;
      for (let i = 0; i < key.length; i++) k = Math.imul(k ^ key.charCodeAt(i), 0x01000193) >>> 0;
      keyHashes.set(key, k);
    }
    return (fmix((base ^ k) >>> 0) / 0xffffffff) * 2 - 1;
  };
}

/** Site requests per 5 min → this instance's requests in one minute, with ±5 % noise. */
export function perInstanceRequests(ctx: SampleContext, nz: Noise, r5: number): number {
  if (r5 <= 0) return 0;
  return Math.max(0, Math.round((r5 / 5 / Math.max(1, ctx.instanceCount)) * (1 + 0.05 * nz("req"))));
}

/** Default 5xx noise: 0–2 per 5-minute bucket for the whole site, on one instance that rotates per bucket. */
function noise5xx(ctx: SampleContext, nz: Noise): number {
  const minute = Math.floor(ctx.t / MINUTE);
  const bucket = Math.floor(minute / 5);
  if (minute % 5 !== 2 || bucket % Math.max(1, ctx.instanceCount) !== ctx.instanceIndex) return 0;
  return Math.min(2, Math.floor(((nz("5xx") + 1) / 2) * 3));
}

export function baseDrivers(ctx: SampleContext, p: Profile, hist: SiteHistory): Drivers {
  const nz = jitter(ctx);
  const requests = perInstanceRequests(ctx, nz, p.r5);
  const sku = skuFacts(ctx.skuName);
  const mem = p.mem + 0.8 * nz("mem");
  const workingSet = sku.memoryBytes * (mem / 100) * 0.55 * (1 + 0.02 * nz("ws"));
  const rt = p.rt * (1 + 0.05 * nz("rt"));
  return {
    nz,
    requests,
    http5xx: requests > 0 ? Math.min(requests, noise5xx(ctx, nz)) : 0,
    http4xx: Math.round(requests * 0.01),
    rt,
    rtMax: rt * (3.5 + 0.5 * nz("rtMax")),
    okRt: rt,
    failRt: rt,
    failStatus: 500,
    cpu: p.cpu + 2 * nz("cpu"),
    mem,
    cpuTime: undefined,
    workingSet,
    privateBytes: workingSet * 1.15,
    threads: p.threads + 2 * nz("threads"),
    handles: 900 + 20 * nz("handles"),
    riaq: 0,
    appConnections: p.appConnections + 15 * nz("conns"),
    healthy: Boolean(hist.configAt(ctx.site, ctx.t).healthCheckPath),
    httpQueue: Math.round(((nz("queue") + 1) / 2) * 3 * p.share),
    socketsOut: (p.socketsOut + 15 * nz("sockets")) * p.share,
    tcpTimeWait: (p.tcpTimeWait + 5 * nz("timewait")) * p.share,
  };
}

const clampPct = (x: number) => Math.round(Math.min(100, Math.max(0, x)) * 100) / 100;
const r2 = (x: number) => Math.round(x * 100) / 100;

/** Drivers → the InstanceMinute the server aggregates. */
export function emit(ctx: SampleContext, p: Profile, d: Drivers): InstanceMinute {
  if (!ctx.running) return stopped(d.requests, p);
  const http5xx = Math.min(d.requests, Math.round(d.http5xx));
  const http4xx = Math.min(d.requests - http5xx, Math.round(d.http4xx));
  const vcpu = skuFacts(ctx.skuName).vcpu;
  const m: InstanceMinute = {
    Requests: d.requests,
    Http2xx: d.requests - http5xx - http4xx,
    Http4xx: http4xx,
    Http403: 0,
    Http5xx: http5xx,
    CpuTime: r2(d.cpuTime ?? (Math.max(0, d.cpu) / 100) * vcpu * 60 * 0.9),
    MemoryWorkingSet: Math.round(d.workingSet),
    Threads: Math.round(d.threads),
    CpuPercentage: clampPct(d.cpu),
    MemoryPercentage: clampPct(d.mem),
    HttpQueueLength: Math.max(0, Math.round(d.httpQueue)),
    DiskQueueLength: 0,
    SocketOutboundAll: Math.max(0, Math.round(d.socketsOut)),
    SocketInboundAll: Math.round(150 * p.share),
    TcpTimeWait: Math.max(0, Math.round(d.tcpTimeWait)),
    TcpEstablished: Math.round(200 * p.share),
  };
  if (d.requests > 0) {
    m.HttpResponseTime = r2(d.rt);
    m.HttpResponseTimeMax = r2(Math.max(d.rt, d.rtMax));
  }
  if (p.os === "windows") {
    m.PrivateBytes = Math.round(d.privateBytes);
    m.Handles = Math.round(d.handles);
    m.AppConnections = Math.max(0, Math.round(d.appConnections));
    m.RequestsInApplicationQueue = Math.max(0, Math.round(d.riaq));
  }
  if (d.healthy) m.HealthCheckStatus = Math.max(0, Math.min(100, d.healthStatus ?? 100));
  return m;
}

/** A stopped site: the front end answers 403 "This web app is stopped"; no process, so no process metrics. */
function stopped(requests: number, p: Profile): InstanceMinute {
  return {
    Requests: requests,
    Http2xx: 0,
    Http4xx: requests,
    Http403: requests,
    Http5xx: 0,
    ...(requests > 0 ? { HttpResponseTime: 0.01, HttpResponseTimeMax: 0.05 } : {}),
    CpuTime: 0,
    CpuPercentage: clampPct(1 * p.share),
    MemoryPercentage: clampPct(15 * p.share),
    HttpQueueLength: 0,
    DiskQueueLength: 0,
    SocketOutboundAll: Math.round(20 * p.share),
    SocketInboundAll: Math.round(20 * p.share),
    TcpTimeWait: Math.round(5 * p.share),
    TcpEstablished: Math.round(10 * p.share),
  };
}

/** Linear ramp: 0 before `from`, 1 after `from + over` (all in ms). */
export function ramp(t: number, from: number, over: number): number {
  if (t < from) return 0;
  if (over <= 0 || t >= from + over) return 1;
  return (t - from) / over;
}

export const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
