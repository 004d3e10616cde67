// Morning digest figures per app (docs/glossary.md#digest-score), from a 24 h snapshot. Pure; unknown stays null.

import { axisFor, Bucketed } from "./derived/bucketed.ts";
import { findIncidents } from "./derived/incident.ts";
import { cpuMaxInst, memMaxInst } from "./derived/instances.ts";
import { containerStarts } from "./derived/logs.ts";
import { drops } from "./derived/memory.ts";
import { percentile, rangeMax } from "./derived/stats.ts";
import { gridTotal } from "./figures.ts";
import { regionalEvents, resourceHealthDown } from "./rules/platform.ts";
import { isFreeOrShared, skuFacts } from "./skus.ts";
import type { MetricGrid, MetricScope, Snapshot } from "./snapshot.ts";

/** [D] SLA for Basic and above. */
export const SLA_AVAILABILITY = 0.9995;
/** A bad minute: at least this many requests … */
export const BAD_MINUTE_MIN_REQUESTS = 10;
/** … and at least this 5xx rate. */
export const BAD_MINUTE_RATE = 0.05;
export const HOT_PCT = 90;
/** Auto-heal on with this many recycles a day is a risk. */
export const RECYCLES_RISK = 3;
const USER_RESTART_KINDS = new Set(["restart", "stop", "start", "swap", "config"]);

export interface DigestInput {
  snapshot: Snapshot;
  /** p95 latency in seconds from AppServiceHTTPLogs (Q3), when logs are on. */
  p95FromLogsSec?: number;
  /** 7-day baseline p95 in seconds, when known (otherwise read from snapshot.baseline). */
  baselineP95Sec?: number;
  /** A bot diagnosis still open for this app. */
  openDiagnosis?: { ruleId: string; cause: string };
  /** Auto-heal recycles in the 24 h (e.g. the autoheal detector). */
  autoHealRecycles?: number;
}

export interface DigestFigures {
  appId: string;
  name: string;
  sku: string;
  capacity: number;
  region: string;
  requests: number | null;
  http5xx: number | null;
  err5xxRate: number | null;
  /** 1 − ΣHttp5xx / ΣRequests. */
  availability: number | null;
  badMinutes: number;
  latencyMeanSec: number | null;
  p95Sec: number | null;
  /** "logs" (Q3) or "approx" (p95 of 1-min averages, an approximation). */
  p95Source: "logs" | "approx" | null;
  baselineP95Sec: number | null;
  cpuPeak: number | null;
  cpuMinutesAbove90: number;
  memPeak: number | null;
  memMinutesAbove90: number;
  restarts: { user: number; platform: number };
  healthCheck: { configured: boolean; min: number | null; instancesBelow100: number };
  /** Incident windows (episodes) in the 24 h. */
  incidents: number;
  /** R03 / R04 / R01 conditions true now. */
  activeNow: { stopped: boolean; quota: boolean; platform: boolean };
  openIncidents: string[];
  /** 500/502/503/504 from the HTTP logs, when available. */
  statusSplit?: Record<string, number>;
  riskFlags: string[];
}

function grid(s: Snapshot, scope: MetricScope, name: string): MetricGrid | undefined {
  const n = name.toLowerCase();
  return (s.metrics ?? []).find(
    (m) =>
      m &&
      m.scope === scope &&
      m.name?.toLowerCase() === n &&
      m.aggregation !== "Maximum" &&
      m.aggregation !== "Minimum",
  );
}

const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** Values of `b` at the times of `a`'s points (grids may start at different times). */
function aligned(a: MetricGrid, b: MetricGrid | undefined): (number | null)[] {
  if (!b || !Array.isArray(b.all) || !(b.grainMs > 0)) return [];
  return a.all.map((_, i) => {
    const j = (a.start + i * a.grainMs - b.start) / b.grainMs;
    return Number.isInteger(j) && j >= 0 && j < b.all.length ? b.all[j] : null;
  });
}

/** Minutes where the max over instances reaches `pct`. */
function minutesAbove(g: MetricGrid | undefined, pct: number): number {
  if (!g) return 0;
  const series = Object.values(g.perInstance ?? {});
  const rows = series.length ? series : [g.all ?? []];
  const len = Math.max(0, ...rows.map((r) => r?.length ?? 0));
  let n = 0;
  for (let i = 0; i < len; i++) if (rows.some((r) => finite(r?.[i]) && (r[i] as number) >= pct)) n++;
  return n;
}

export function digestFigures(input: DigestInput): DigestFigures {
  const s = input.snapshot;
  const req = grid(s, "site", "Requests");
  const e5 = grid(s, "site", "Http5xx");
  const rt = grid(s, "site", "HttpResponseTime");
  const requests = gridTotal(req);
  const http5xx = gridTotal(e5);
  const err5xxRate = requests && http5xx !== null ? http5xx / requests : null;
  let badMinutes = 0;
  let latencyMeanSec: number | null = null;
  if (req) {
    const e = aligned(req, e5);
    const r = aligned(req, rt);
    let wSum = 0;
    let wN = 0;
    req.all.forEach((n, i) => {
      if (!finite(n)) return;
      const f = e[i];
      if (n >= BAD_MINUTE_MIN_REQUESTS && finite(f) && f / n >= BAD_MINUTE_RATE) badMinutes++;
      const l = r[i];
      if (finite(l) && n > 0) {
        wSum += l * n;
        wN += n;
      }
    });
    latencyMeanSec = wN > 0 ? wSum / wN : null;
  }
  const approx = rt
    ? percentile(
        (rt.all ?? []).map((v) => (finite(v) ? v : Number.NaN)),
        95,
      )
    : Number.NaN;
  const p95Sec = finite(input.p95FromLogsSec) ? input.p95FromLogsSec : finite(approx) ? approx : null;
  const baseRt = s.baseline ? grid({ metrics: s.baseline.metrics } as Snapshot, "site", "HttpResponseTime") : undefined;
  const baseApprox = baseRt
    ? percentile(
        baseRt.all.map((v) => (finite(v) ? v : Number.NaN)),
        95,
      )
    : Number.NaN;
  const baselineP95Sec = finite(input.baselineP95Sec) ? input.baselineP95Sec : finite(baseApprox) ? baseApprox : null;
  const cur = new Bucketed(s.metrics, axisFor(s.window));
  const cpu = cpuMaxInst(cur);
  const mem = memMaxInst(cur);
  const cpuPeak = cpu ? rangeMax(cpu.series, 0, cur.axis.nb) : Number.NaN;
  const memPeak = mem ? rangeMax(mem.series, 0, cur.axis.nb) : Number.NaN;
  const inWindow = (t: number) => t >= s.window.start && t < s.window.end;
  const user = (s.changes ?? []).filter((c) => c && USER_RESTART_KINDS.has(c.kind) && inWindow(c.at)).length;
  const platform =
    containerStarts(s.logs).filter((l) => inWindow(l.t)).length +
    drops(cur, "site", "MemoryWorkingSet", true).length +
    (finite(input.autoHealRecycles) ? input.autoHealRecycles : 0);
  const hc = healthCheckOf(s, cur);
  const activeNow = {
    stopped: s.site?.state?.toLowerCase() === "stopped" || s.site?.enabled === false,
    quota: s.site?.usageState?.toLowerCase() === "exceeded" && isFreeOrShared(s.plan?.skuName, s.plan?.skuTier),
    platform:
      regionalEvents(s.serviceHealth, s.app, "ServiceIssue", { start: s.takenAt, end: s.takenAt }).length > 0 ||
      resourceHealthDown(s.resourceHealth, "Unplanned"),
  };
  const open: string[] = [];
  const rh = s.resourceHealth?.availabilityState;
  if (rh && rh !== "Available" && rh !== "Unknown")
    open.push(`Resource Health: ${rh}${s.resourceHealth?.title ? ` (${s.resourceHealth.title})` : ""}`);
  for (const type of ["ServiceIssue", "PlannedMaintenance"])
    for (const e of regionalEvents(s.serviceHealth, s.app, type, s.window)) open.push(`${type}: ${e.title}`);
  if (input.openDiagnosis) open.push(`${input.openDiagnosis.ruleId} ${input.openDiagnosis.cause}`);
  const split = statusSplit(s);
  return {
    appId: s.app?.id ?? "",
    name: s.app?.name ?? "",
    sku: s.plan?.skuName ?? "",
    capacity: s.plan?.capacity ?? 0,
    region: s.app?.region ?? "",
    requests,
    http5xx,
    err5xxRate,
    availability: err5xxRate === null ? null : 1 - err5xxRate,
    badMinutes,
    latencyMeanSec,
    p95Sec,
    p95Source: finite(input.p95FromLogsSec) ? "logs" : p95Sec === null ? null : "approx",
    baselineP95Sec,
    cpuPeak: finite(cpuPeak) ? cpuPeak : null,
    cpuMinutesAbove90: minutesAbove(grid(s, "plan", "CpuPercentage"), HOT_PCT),
    memPeak: finite(memPeak) ? memPeak : null,
    memMinutesAbove90: minutesAbove(grid(s, "plan", "MemoryPercentage"), HOT_PCT),
    restarts: { user, platform },
    healthCheck: hc,
    incidents: findIncidents(cur).episodes.length,
    activeNow,
    openIncidents: open,
    ...(split ? { statusSplit: split } : {}),
    riskFlags: riskFlags(s, input, requests),
  };
}

function healthCheckOf(s: Snapshot, cur: Bucketed): DigestFigures["healthCheck"] {
  const configured = !!s.config?.healthCheckPath;
  const g = cur.get("site", "HealthCheckStatus");
  if (!configured || !g) return { configured, min: null, instancesBelow100: 0 };
  const per = g.inst.size ? [...g.inst.values()] : [g.all];
  const mins = per.map((x) => Math.min(...[...x.val].filter((v) => !Number.isNaN(v))));
  const min = Math.min(...mins.filter((v) => Number.isFinite(v)));
  return { configured, min: Number.isFinite(min) ? min : null, instancesBelow100: mins.filter((m) => m < 100).length };
}

function statusSplit(s: Snapshot): Record<string, number> | undefined {
  if (!s.logs) return undefined;
  const out: Record<string, number> = {};
  for (const r of s.logs.http5xx ?? [])
    if (r && finite(r.count)) out[String(r.status)] = (out[String(r.status)] ?? 0) + r.count;
  return out;
}

function riskFlags(s: Snapshot, input: DigestInput, requests: number | null): string[] {
  const flags: string[] = [];
  const free = isFreeOrShared(s.plan?.skuName, s.plan?.skuTier);
  const elastic = s.plan?.elasticScaleEnabled === true;
  if (!free && (s.plan?.capacity ?? 1) < 2) flags.push("single instance");
  // Flags about the config only when it was read: unknown is not "off".
  if (s.config && !s.config.healthCheckPath) flags.push("no health check");
  if (s.site?.os === "windows" && s.config?.use32BitWorkerProcess) flags.push("32-bit worker");
  if (!free && !elastic && s.config?.alwaysOn === false) flags.push("Always On off");
  if (free && (requests ?? 0) > 0) flags.push("Free/Shared tier serving traffic");
  const max = s.autoscale?.maximum ?? skuFacts(s.plan?.skuName)?.maxInstances;
  if (max !== undefined && (s.plan?.capacity ?? 0) >= max)
    flags.push(s.autoscale ? "at the autoscale maximum" : "at the tier's instance maximum");
  if (s.config?.autoHealEnabled && (input.autoHealRecycles ?? 0) >= RECYCLES_RISK)
    flags.push("auto-heal recycling ≥ 3×/day");
  return flags;
}
