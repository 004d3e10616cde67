// The key figures of `status`: what an on-call engineer reads first. Pure; unknown stays unknown (null).
import { findMetric, type MetricGrid, type Snapshot } from "./snapshot.ts";

export interface KeyFigures {
  requests: number | null;
  http5xx: number | null;
  /** Σ5xx / ΣRequests over the window, 0–1. */
  errorRate: number | null;
  /** Requests-weighted mean of HttpResponseTime, seconds. */
  responseTimeAvgS: number | null;
  responseTimeMaxS: number | null;
  /** Highest per-instance plan CPU %, and memory %, over the window. */
  cpuPeakPct: number | null;
  memPeakPct: number | null;
  /** Lowest HealthCheckStatus over the window (100 = all pings healthy); null when off or unread. */
  healthCheckMin: number | null;
}

/** Σ of a grid's whole-resource series; null when no point is known (unknown, never zero). */
export function gridTotal(grid: MetricGrid | undefined): number | null {
  if (!grid || !Array.isArray(grid.all)) return null;
  let total = 0;
  let seen = false;
  for (const v of grid.all) {
    if (typeof v === "number" && Number.isFinite(v)) {
      total += v;
      seen = true;
    }
  }
  return seen ? total : null;
}

function peak(grid: MetricGrid | undefined): number | null {
  if (!grid) return null;
  let best: number | null = null;
  const series = Object.keys(grid.perInstance).length ? Object.values(grid.perInstance) : [grid.all];
  for (const s of series) {
    for (const v of s) if (v !== null && Number.isFinite(v) && (best === null || v > best)) best = v;
  }
  return best;
}

function low(grid: MetricGrid | undefined): number | null {
  if (!grid) return null;
  let best: number | null = null;
  const series = Object.keys(grid.perInstance).length ? Object.values(grid.perInstance) : [grid.all];
  for (const s of series) {
    for (const v of s) if (v !== null && Number.isFinite(v) && (best === null || v < best)) best = v;
  }
  return best;
}

/** Requests-weighted mean: a quiet minute's slow ping does not dominate a busy hour. */
function weightedResponseTime(rt: MetricGrid | undefined, req: MetricGrid | undefined): number | null {
  if (!rt) return null;
  let num = 0;
  let den = 0;
  let plain = 0;
  let plainN = 0;
  for (let i = 0; i < rt.all.length; i++) {
    const v = rt.all[i];
    if (v === null || !Number.isFinite(v)) continue;
    plain += v;
    plainN++;
    const w = req?.all[i];
    if (w !== null && w !== undefined && Number.isFinite(w) && w > 0) {
      num += v * w;
      den += w;
    }
  }
  if (den > 0) return num / den;
  return plainN ? plain / plainN : null;
}

export function keyFigures(s: Pick<Snapshot, "metrics">): KeyFigures {
  const requests = gridTotal(findMetric(s, "site", "Requests"));
  const http5xx = gridTotal(findMetric(s, "site", "Http5xx"));
  const rtGrids = s.metrics.filter((m) => m.scope === "site" && m.name.toLowerCase() === "httpresponsetime");
  const rtAvg = rtGrids.find((g) => g.aggregation === "Average");
  const rtMax = rtGrids.find((g) => g.aggregation === "Maximum");
  return {
    requests,
    http5xx,
    errorRate: requests && http5xx !== null ? http5xx / requests : requests === 0 ? 0 : null,
    responseTimeAvgS: weightedResponseTime(rtAvg, findMetric(s, "site", "Requests")),
    responseTimeMaxS: peak(rtMax) ?? peak(rtAvg),
    cpuPeakPct: peak(findMetric(s, "plan", "CpuPercentage")),
    memPeakPct: peak(findMetric(s, "plan", "MemoryPercentage")),
    healthCheckMin: low(findMetric(s, "site", "HealthCheckStatus")),
  };
}
