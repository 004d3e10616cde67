// Aggregates per-instance minute samples into Azure Monitor time series.
// Per instance: Total = Σ minutes, Average = mean of minutes, Maximum/Minimum over minutes, Count = samples.
// Unsplit (site level): the same over every (instance, minute) sample, so Total = Σ instances and
// Average = mean over instances. Plan metrics: per worker, Σ over the plan's sites (percentages capped at 100).
// A bucket without samples carries only its timeStamp: a metric that is not emitted is unknown, never zero.

import { type InstanceMinute, MINUTE, type SimFleet, type SimSite } from "./fleet.ts";
import type { InstanceSample, Sampler } from "./sampler.ts";
import type { Aggregation, MetricDef } from "./wire/metric-catalog.ts";
import { isoSeconds } from "./wire/time.ts";
import { type Resolved, sitesOnPlan } from "./world.ts";

export type DataPoint = { timeStamp: string } & Partial<Record<Aggregation, number>>;

export interface Series {
  /** Instance name when split by the Instance dimension. */
  instance?: string;
  data: DataPoint[];
}

export interface MetricQuery {
  target: Resolved;
  from: number;
  to: number;
  grainMs: number;
  /** Minutes that have not fully elapsed at `now` have no data yet. */
  now: number;
  /** "none": one unsplit series; "all": one per instance; a list: those instances only. */
  split: "none" | "all" | string[];
}

/** Accumulators of one series, one slot per bucket (typed arrays: a 24 h × PT1M × 30-instance query stays cheap). */
class Acc {
  readonly sum: Float64Array;
  readonly n: Uint32Array;
  readonly min: Float64Array;
  readonly max: Float64Array;

  constructor(buckets: number) {
    this.sum = new Float64Array(buckets);
    this.n = new Uint32Array(buckets);
    this.min = new Float64Array(buckets).fill(Number.POSITIVE_INFINITY);
    this.max = new Float64Array(buckets).fill(Number.NEGATIVE_INFINITY);
  }

  add(b: number, v: number | undefined, vmax: number | undefined): void {
    if (v !== undefined) {
      this.sum[b] += v;
      this.n[b]++;
      if (v < this.min[b]) this.min[b] = v;
    }
    if (vmax !== undefined && vmax > this.max[b]) this.max[b] = vmax;
  }

  point(b: number, timeStamp: string, aggs: Aggregation[]): DataPoint {
    const p: DataPoint = { timeStamp };
    const n = this.n[b];
    for (const a of aggs) {
      if (a === "maximum") {
        if (this.max[b] !== Number.NEGATIVE_INFINITY) p.maximum = this.max[b];
      } else if (n > 0) {
        if (a === "total") p.total = this.sum[b];
        else if (a === "average") p.average = this.sum[b] / n;
        else if (a === "minimum") p.minimum = this.min[b];
        else p.count = n;
      }
    }
    return p;
  }
}

/** Per-worker plan samples: Σ of the plan's sites' contributions, for the requested fields only. */
function planMinute(
  sites: readonly SimSite[],
  sampler: Sampler,
  target: Extract<Resolved, { kind: "plan" }>,
  t: number,
  fields: Array<keyof InstanceMinute>,
): InstanceSample[] {
  const byIndex = new Map<number, InstanceSample>();
  for (const site of sites) {
    for (const s of sampler.siteMinute(site, target.plan, t)) {
      let acc = byIndex.get(s.index);
      if (!acc) {
        acc = { instance: s.instance, index: s.index, sample: {} };
        byIndex.set(s.index, acc);
      }
      for (const f of fields) {
        const v = s.sample[f];
        if (typeof v === "number") acc.sample[f] = ((acc.sample[f] as number | undefined) ?? 0) + v;
      }
    }
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/**
 * Computes every requested metric in one pass over the minutes (behaviours are sampled once per minute and
 * instance whatever the number of metrics). Returns the series of each metric, in `defs` order.
 */
export function computeMetrics(
  fleet: SimFleet,
  sampler: Sampler,
  q: MetricQuery,
  defs: MetricDef[],
  aggs: Aggregation[][],
): Series[][] {
  const first = Math.floor(q.from / q.grainMs) * q.grainMs;
  const buckets = Math.max(1, Math.ceil((q.to - first) / q.grainMs));
  const wanted = Array.isArray(q.split) ? new Set(q.split.map((s) => s.toLowerCase())) : undefined;
  const perMetric = defs.map(() => new Map<string, Acc>());
  const rank = new Map<string, number>(); // series key → worker index, for output order
  const accs = (j: number, key: string, index: number): Acc => {
    let a = perMetric[j].get(key);
    if (!a) {
      a = new Acc(buckets);
      perMetric[j].set(key, a);
      if (!rank.has(key)) rank.set(key, index);
    }
    return a;
  };
  const fields = [...new Set(defs.flatMap((d) => [d.source, d.maxSource]).filter((f) => f !== undefined))];

  // The plan's sites once per query, not once per minute (a fleet scan per minute dominated digests).
  const planSites = q.target.kind === "plan" ? sitesOnPlan(fleet, q.target.plan) : undefined;
  const start = Math.floor(q.from / MINUTE) * MINUTE;
  const end = Math.min(q.to, q.now - MINUTE + 1);
  for (let t = start; t < end; t += MINUTE) {
    const b = Math.floor((t - first) / q.grainMs);
    const samples =
      q.target.kind === "site"
        ? sampler.siteMinute(q.target.site, q.target.plan, t)
        : planMinute(planSites ?? [], sampler, q.target, t, fields);
    for (const s of samples) {
      if (wanted && !wanted.has(s.instance.toLowerCase())) continue;
      const key = q.split === "none" ? "*" : s.instance;
      for (let j = 0; j < defs.length; j++) {
        const d = defs[j];
        if (!d.source) continue;
        let v = s.sample[d.source] as number | undefined;
        let vmax = d.maxSource ? ((s.sample[d.maxSource] as number | undefined) ?? v) : v;
        if (d.cap100) {
          if (v !== undefined) v = Math.min(100, v);
          if (vmax !== undefined) vmax = Math.min(100, vmax);
        }
        if (v === undefined && vmax === undefined) continue;
        accs(j, key, s.index).add(b, v, vmax);
      }
    }
  }

  const stamps = Array.from({ length: buckets }, (_, i) => isoSeconds(first + i * q.grainMs));
  return defs.map((_, j) => {
    const toSeries = (a: Acc | undefined, instance?: string): Series => ({
      instance,
      data: stamps.map((stamp, i) => (a ? a.point(i, stamp, aggs[j]) : { timeStamp: stamp })),
    });
    if (q.split === "none") return [toSeries(perMetric[j].get("*"))];
    const keys = [...perMetric[j].keys()].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
    return keys.map((k) => toSeries(perMetric[j].get(k), k));
  });
}
