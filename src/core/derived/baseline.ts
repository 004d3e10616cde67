// baseline(x) (docs/glossary.md#baseline). Order of preference:
//  1. snapshot.baseline (same hour on previous days, or the 24 h before the lookback, as the adapter read it):
//     the median of x over all of its 5-minute buckets;
//  2. otherwise the lookback's quiet buckets: not incident buckets, not inside the incident window and not in
//     the 15 min lead-up to it (the anomaly may start there). With fewer than 3 such buckets the lead-up is
//     allowed back in; with no incident at all every bucket counts;
//  3. otherwise unknown (NaN): rules that need it fire one confidence level lower or not at all.
// x is always computed the same way on both sides (e.g. max over instances of the bucket mean).

import type { MetricGrid, Window } from "../snapshot.ts";
import { axisFor, Bucketed } from "./bucketed.ts";
import { CORRELATION_LEAD_MS, type IncidentInfo } from "./incident.ts";
import { maskedMedian } from "./stats.ts";

export type BaselineSource = "snapshot" | "lookback" | "none";
export const MIN_QUIET_BUCKETS = 3;

export type SeriesOf = (b: Bucketed) => ArrayLike<number> | undefined;

export interface BaselineValue {
  value: number;
  source: BaselineSource;
}

export class Baselines {
  /** Lookback buckets that count as normal. */
  readonly mask: Uint8Array;
  readonly quietBuckets: number;
  private readonly slices: Bucketed[];
  private readonly cache = new Map<string, BaselineValue>();
  private readonly cur: Bucketed;

  constructor(cur: Bucketed, incident: IncidentInfo, snapshotBaseline?: { metrics: MetricGrid[]; window: Window }) {
    this.cur = cur;
    this.mask = quietMask(cur, incident);
    let q = 0;
    for (const m of this.mask) q += m;
    this.quietBuckets = q;
    this.slices = sliceBaseline(snapshotBaseline);
  }

  /** Median of the series over baseline buckets. `key` names the series for caching. */
  of(key: string, series: SeriesOf): BaselineValue {
    const hit = this.cache.get(key);
    if (hit) return hit;
    let res: BaselineValue = { value: Number.NaN, source: "none" };
    if (this.slices.length) {
      const all: number[] = [];
      for (const s of this.slices) {
        const a = series(s);
        if (a) for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i])) all.push(a[i]);
      }
      const v = maskedMedian(all);
      if (Number.isFinite(v)) res = { value: v, source: "snapshot" };
    }
    if (res.source === "none" && this.quietBuckets > 0) {
      const a = series(this.cur);
      const v = a ? maskedMedian(a, this.mask) : Number.NaN;
      if (Number.isFinite(v)) res = { value: v, source: "lookback" };
    }
    this.cache.set(key, res);
    return res;
  }

  /** Σnum / Σden over baseline buckets (a rate that is robust to low counts). */
  ratio(key: string, num: SeriesOf, den: SeriesOf): BaselineValue {
    const hit = this.cache.get(key);
    if (hit) return hit;
    const sumOver = (b: Bucketed, mask?: Uint8Array): [number, number] => {
      const n = num(b);
      const d = den(b);
      let sn = 0;
      let sd = 0;
      if (!n || !d) return [Number.NaN, Number.NaN];
      for (let i = 0; i < Math.min(n.length, d.length); i++) {
        if (mask && !mask[i]) continue;
        if (Number.isFinite(n[i]) && Number.isFinite(d[i])) {
          sn += n[i];
          sd += d[i];
        }
      }
      return [sn, sd];
    };
    let res: BaselineValue = { value: Number.NaN, source: "none" };
    if (this.slices.length) {
      let sn = 0;
      let sd = 0;
      for (const s of this.slices) {
        const [a, b] = sumOver(s);
        if (Number.isFinite(a)) {
          sn += a;
          sd += b;
        }
      }
      if (sd > 0) res = { value: sn / sd, source: "snapshot" };
    }
    if (res.source === "none" && this.quietBuckets > 0) {
      const [a, b] = sumOver(this.cur, this.mask);
      if (b > 0) res = { value: a / b, source: "lookback" };
    }
    this.cache.set(key, res);
    return res;
  }

  get hasSnapshot(): boolean {
    return this.slices.length > 0;
  }
}

function quietMask(cur: Bucketed, inc: IncidentInfo): Uint8Array {
  const nb = cur.axis.nb;
  const mask = new Uint8Array(nb);
  const w = inc.window;
  if (!w) {
    mask.fill(1);
    return mask;
  }
  const lead = Math.ceil(CORRELATION_LEAD_MS / cur.axis.bucketMs);
  const pick = (from: number) => {
    let n = 0;
    for (let b = 0; b < nb; b++) {
      mask[b] = !inc.flags[b] && (b < from || b >= w.to) ? 1 : 0;
      n += mask[b];
    }
    return n;
  };
  if (pick(w.from - lead) < MIN_QUIET_BUCKETS) pick(w.from);
  return mask;
}

/** Groups baseline grids by start time: one slice per day (same-hour form) or one for the 24 h form. */
function sliceBaseline(base?: { metrics: MetricGrid[]; window: Window }): Bucketed[] {
  if (!base || !Array.isArray(base.metrics) || base.metrics.length === 0) return [];
  const byStart = new Map<number, MetricGrid[]>();
  for (const g of base.metrics) {
    if (!g || !Number.isFinite(g.start) || !(g.grainMs > 0)) continue;
    const list = byStart.get(g.start) ?? [];
    list.push(g);
    byStart.set(g.start, list);
  }
  const out: Bucketed[] = [];
  for (const [start, grids] of byStart) {
    let end = start;
    for (const g of grids) {
      const len = Math.max(g.all?.length ?? 0, ...Object.values(g.perInstance ?? {}).map((a) => a?.length ?? 0));
      end = Math.max(end, start + len * g.grainMs);
    }
    out.push(new Bucketed(grids, axisFor({ start, end })));
  }
  return out;
}
