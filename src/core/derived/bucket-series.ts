// One series cut into 5-minute buckets: the single pass (Σ and count per bucket) and, on demand, the
// 1-min extremes inside each bucket. A bucket with no finite point is NaN (unknown), never 0.

import type { Aggregation, Window } from "../snapshot.ts";

export const B5 = 300_000;
/** Refuse absurd windows (arbitrary input): 70 days of 5-minute buckets. */
const MAX_BUCKETS = 20_160;

export interface Axis {
  /** Epoch ms of bucket 0 (aligned to 5 minutes, like Log Analytics bin(…, 5m)). */
  origin: number;
  nb: number;
  bucketMs: number;
}

export function axisFor(w: Window, bucketMs = B5): Axis {
  const start = Number(w?.start);
  const end = Number(w?.end);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return { origin: 0, nb: 0, bucketMs };
  const origin = Math.floor(start / bucketMs) * bucketMs;
  const nb = Math.min(MAX_BUCKETS, Math.ceil((end - origin) / bucketMs));
  return { origin, nb, bucketMs };
}

export function bucketStart(a: Axis, b: number): number {
  return a.origin + b * a.bucketMs;
}

export function bucketWindow(a: Axis, from: number, to: number): Window {
  return { start: a.origin + from * a.bucketMs, end: a.origin + to * a.bucketMs };
}

/** Bucket range [from, to). */
export interface Range {
  from: number;
  to: number;
}

export function isSum(agg: Aggregation): boolean {
  return agg === "Total" || agg === "Count";
}

type Source =
  | { kind: "points"; values: readonly (number | null)[]; start: number; grainMs: number; axis: Axis; range?: Range }
  | { kind: "series"; parts: BucketSeries[] };

/**
 * Per-bucket aggregates of one series. `val` is Σ for Total/Count grids, the max for Maximum, the min
 * for Minimum and the mean otherwise. The 1-min extremes inside each bucket (`max`, `min`) cost a second
 * pass, so they are computed only when a rule reads them.
 */
export class BucketSeries {
  readonly val: Float64Array;
  private readonly src: Source | undefined;
  private hi: Float64Array | undefined;
  private lo: Float64Array | undefined;

  constructor(val: Float64Array, src?: Source) {
    this.val = val;
    this.src = src;
  }

  get max(): Float64Array {
    if (!this.hi) this.extremes();
    return this.hi!;
  }

  get min(): Float64Array {
    if (!this.lo) this.extremes();
    return this.lo!;
  }

  private extremes(): void {
    const nb = this.val.length;
    const hi = new Float64Array(nb).fill(Number.NaN);
    const lo = new Float64Array(nb).fill(Number.NaN);
    const src = this.src;
    if (src?.kind === "points") {
      forEachBucket(
        src.values,
        src.start,
        src.grainMs,
        src.axis,
        (b, i0, i1) => {
          let h = Number.NEGATIVE_INFINITY;
          let l = Number.POSITIVE_INFINITY;
          for (let i = i0; i < i1; i++) {
            const v = src.values[i];
            if (typeof v !== "number" || v - v !== 0) continue;
            if (v > h) h = v;
            if (v < l) l = v;
          }
          if (h >= l) {
            hi[b] = h;
            lo[b] = l;
          }
        },
        src.range,
      );
    } else if (src?.kind === "series") {
      for (const part of src.parts) {
        const ph = part.max;
        const pl = part.min;
        for (let b = 0; b < nb; b++) {
          if (!(ph[b] <= hi[b])) hi[b] = Number.isNaN(ph[b]) ? hi[b] : ph[b];
          if (!(pl[b] >= lo[b])) lo[b] = Number.isNaN(pl[b]) ? lo[b] : pl[b];
        }
      }
    }
    this.hi = hi;
    this.lo = lo;
  }
}

/** Calls fn(bucket, firstIndex, endIndex) for every bucket that has points; no division per point. */
function forEachBucket(
  values: readonly (number | null)[],
  start: number,
  grainMs: number,
  axis: Axis,
  fn: (b: number, i0: number, i1: number) => void,
  range: Range = { from: 0, to: axis.nb },
): void {
  const len = values.length;
  const off = start - axis.origin;
  let i1 = Math.min(len, Math.max(0, Math.ceil((range.from * axis.bucketMs - off) / grainMs)));
  for (let b = range.from; b < range.to && i1 < len; b++) {
    const i0 = i1;
    i1 = Math.min(len, Math.max(0, Math.ceil(((b + 1) * axis.bucketMs - off) / grainMs)));
    if (i1 > i0) fn(b, i0, i1);
  }
}

/**
 * The single pass over a series: per bucket, Σ and count of the finite points (null, NaN, ±∞ skipped);
 * for Maximum/Minimum grids the bucket's extreme instead.
 */
export function bucketize(
  values: readonly (number | null)[] | undefined,
  start: number,
  grainMs: number,
  axis: Axis,
  agg: Aggregation,
  into?: Float64Array,
  range?: Range,
): { series: BucketSeries; points: number } {
  const nb = axis.nb;
  const val = into ?? new Float64Array(nb).fill(Number.NaN);
  if (!Array.isArray(values) || nb === 0 || !(grainMs > 0) || !Number.isFinite(start))
    return { series: new BucketSeries(val), points: 0 };
  const sum = isSum(agg);
  const extreme = agg === "Maximum" ? 1 : agg === "Minimum" ? -1 : 0;
  const r = range ?? { from: 0, to: nb };
  const len = values.length;
  const off = start - axis.origin;
  const bm = axis.bucketMs;
  let points = 0;
  // Hot loop (inlined by hand): per bucket the index range of its points, Σ and count in locals.
  let i1 = Math.min(len, Math.max(0, Math.ceil((r.from * bm - off) / grainMs)));
  for (let b = r.from; b < r.to && i1 < len; b++) {
    const i0 = i1;
    i1 = Math.min(len, Math.max(0, Math.ceil(((b + 1) * bm - off) / grainMs)));
    let s = 0;
    let c = 0;
    let e = extreme > 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    for (let i = i0; i < i1; i++) {
      const v = values[i];
      if (typeof v !== "number" || v - v !== 0) continue;
      s += v;
      c++;
      if (extreme !== 0 && (extreme > 0 ? v > e : v < e)) e = v;
    }
    if (c === 0) continue;
    val[b] = extreme !== 0 ? e : sum ? s : s / c;
    points += c;
  }
  return { series: new BucketSeries(val, { kind: "points", values, start, grainMs, axis, range }), points };
}

/** Combines instance series into a whole-resource series: Σ for sums, max/min for extremes, else the mean. */
export function combine(parts: BucketSeries[], nb: number, agg: Aggregation): BucketSeries {
  const val = new Float64Array(nb).fill(Number.NaN);
  const n = new Uint32Array(nb);
  for (const s of parts)
    for (let b = 0; b < nb; b++) {
      const v = s.val[b];
      if (Number.isNaN(v)) continue;
      if (n[b] === 0) val[b] = v;
      else if (agg === "Maximum") val[b] = Math.max(val[b], v);
      else if (agg === "Minimum") val[b] = Math.min(val[b], v);
      else val[b] += v;
      n[b]++;
    }
  if (!isSum(agg) && agg !== "Maximum" && agg !== "Minimum") for (let b = 0; b < nb; b++) if (n[b] > 1) val[b] /= n[b];
  return new BucketSeries(val, { kind: "series", parts });
}
