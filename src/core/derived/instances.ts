// Per-instance quantities (docs/glossary.md#instance-shares): cpuMaxInst, memMaxInst, appMemRatio, instance shares.
// Each takes a Bucketed so the same definition runs on the lookback and on the baseline data.

import type { Aggregation, MetricScope } from "../snapshot.ts";
import { type Bucketed, type BucketSeries, instanceValues } from "./bucketed.ts";

export type Pick3 = "val" | "max" | "min";

export interface AcrossInstances {
  series: Float64Array;
  /** The grid was not split by instance: the whole-resource series stood in (a fallback source). */
  fromAll: boolean;
  /** For max/min: which instance held the extreme in each bucket ("" when unknown). */
  who: string[];
}

const cacheKey = new WeakMap<Bucketed, Map<string, AcrossInstances | null>>();

/**
 * Max (or min) over instances of one per-bucket aggregate. Without a per-instance split, the grid's `all`
 * stands in and `fromAll` is set. undefined when the metric is missing.
 */
export function acrossInstances(
  b: Bucketed,
  scope: MetricScope,
  name: string,
  op: "max" | "min",
  field: Pick3 = "val",
  agg?: Aggregation,
): AcrossInstances | undefined {
  let m = cacheKey.get(b);
  if (!m) {
    m = new Map();
    cacheKey.set(b, m);
  }
  const key = `${scope}|${name}|${op}|${field}|${agg ?? ""}`;
  const hit = m.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const g = b.get(scope, name, agg);
  let out: AcrossInstances | null = null;
  if (g) {
    const nb = b.axis.nb;
    const who: string[] = new Array(nb).fill("");
    if (g.inst.size === 0) {
      out = { series: Float64Array.from(g.all[field]), fromAll: true, who };
    } else {
      const series = new Float64Array(nb).fill(Number.NaN);
      for (const [name_, s] of g.inst) {
        const a = s[field];
        for (let i = 0; i < nb; i++) {
          const v = a[i];
          if (Number.isNaN(v)) continue;
          const cur = series[i];
          if (Number.isNaN(cur) || (op === "max" ? v > cur : v < cur)) {
            series[i] = v;
            who[i] = name_;
          }
        }
      }
      out = { series, fromAll: false, who };
    }
  }
  m.set(key, out);
  return out ?? undefined;
}

export const cpuMaxInst = (b: Bucketed) => acrossInstances(b, "plan", "CpuPercentage", "max");
export const cpuMinInst = (b: Bucketed) => acrossInstances(b, "plan", "CpuPercentage", "min");
export const memMaxInst = (b: Bucketed) => acrossInstances(b, "plan", "MemoryPercentage", "max");

/** Instance names seen in any of the split grids, or the instances list as a fallback. */
export function instanceNames(b: Bucketed, listed: string[]): string[] {
  const seen = new Set<string>();
  for (const [scope, name] of [
    ["site", "Requests"],
    ["site", "Http5xx"],
    ["plan", "CpuPercentage"],
    ["plan", "MemoryPercentage"],
  ] as const) {
    const g = b.find(scope, name);
    if (g) for (const k of Object.keys(instanceValues(g))) seen.add(k);
  }
  if (seen.size === 0) for (const n of listed) seen.add(n);
  return [...seen];
}

export interface InstanceShare {
  instance: string;
  http5xx: number;
  requests: number;
  share5xx: number;
  shareReq: number;
  err5xx: number;
}

/** instShare5xx(i) and instShareReq(i) over buckets [from, to); undefined without a per-instance split. */
export function instanceShares(b: Bucketed, from: number, to: number): InstanceShare[] | undefined {
  const e5 = b.get("site", "Http5xx");
  const req = b.get("site", "Requests");
  if (!e5 || e5.inst.size === 0) return undefined;
  const names = new Set<string>([...e5.inst.keys(), ...(req ? req.inst.keys() : [])]);
  const sumOf = (s: BucketSeries | undefined): number => {
    if (!s) return Number.NaN;
    let t = 0;
    let n = 0;
    for (let i = Math.max(0, from); i < Math.min(to, s.val.length); i++)
      if (!Number.isNaN(s.val[i])) {
        t += s.val[i];
        n++;
      }
    return n ? t : Number.NaN;
  };
  const rows = [...names].map((instance) => ({
    instance,
    http5xx: sumOf(e5.inst.get(instance)),
    requests: sumOf(req?.inst.get(instance)),
  }));
  let t5 = 0;
  let tr = 0;
  for (const r of rows) {
    if (Number.isFinite(r.http5xx)) t5 += r.http5xx;
    if (Number.isFinite(r.requests)) tr += r.requests;
  }
  return rows.map((r) => ({
    ...r,
    share5xx: t5 > 0 && Number.isFinite(r.http5xx) ? r.http5xx / t5 : Number.NaN,
    shareReq: tr > 0 && Number.isFinite(r.requests) ? r.requests / tr : Number.NaN,
    err5xx: r.requests > 0 && Number.isFinite(r.http5xx) ? Math.min(1, r.http5xx / r.requests) : Number.NaN,
  }));
}

/** Instances whose series start after the lookback's first bucket: new or replaced workers. */
export function newInstances(b: Bucketed): Array<{ instance: string; firstBucket: number }> {
  const g = b.get("site", "Requests") ?? b.get("plan", "CpuPercentage");
  if (!g || g.inst.size < 1) return [];
  let earliest = Number.POSITIVE_INFINITY;
  const firsts: Array<{ instance: string; firstBucket: number }> = [];
  for (const [instance, s] of g.inst) {
    let first = -1;
    for (let i = 0; i < s.val.length; i++)
      if (!Number.isNaN(s.val[i])) {
        first = i;
        break;
      }
    if (first < 0) continue;
    earliest = Math.min(earliest, first);
    firsts.push({ instance, firstBucket: first });
  }
  return firsts.filter((f) => f.firstBucket > earliest);
}
