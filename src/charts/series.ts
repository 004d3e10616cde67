// Series maths for charts: instance aggregation, downsampling to a readable number of points, top-N.
// `null` is "no data" throughout and is never turned into zero.

export interface Series {
  start: number;
  grainMs: number;
  values: (number | null)[];
}

export type Reducer = "sum" | "mean" | "max";

/** About 2.5 logical px per point on an ~800 px plot: readable, and fast to draw. */
export const MAX_POINTS = 320;

const NICE_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];

/** The bucket for a window: a nice multiple of the grain that keeps points ≤ maxPoints. */
export function bucketMsFor(durationMs: number, grainMs: number, maxPoints = MAX_POINTS): number {
  for (const m of NICE_MINUTES) {
    const b = m * 60_000;
    if (b >= grainMs && b % grainMs === 0 && durationMs / b <= maxPoints) return b;
  }
  return Math.max(grainMs, Math.ceil(durationMs / maxPoints / grainMs) * grainMs);
}

function reduce(acc: number | null, v: number, mode: Reducer): number {
  if (acc === null) return v;
  return mode === "max" ? Math.max(acc, v) : acc + v;
}

/**
 * Buckets aligned to multiples of `bucketMs` (so 5-minute points fall on :00, :05, …). `sum` and `max`
 * keep totals and peaks; `mean` averages the known points only. A bucket with no known point is null.
 */
export function downsample(s: Series, bucketMs: number, mode: Reducer): Series {
  if (bucketMs <= s.grainMs || s.values.length === 0) return s;
  const origin = Math.floor(s.start / bucketMs) * bucketMs;
  const lastT = s.start + (s.values.length - 1) * s.grainMs;
  const n = Math.floor((lastT - origin) / bucketMs) + 1;
  const acc: (number | null)[] = new Array(n).fill(null);
  const counts = new Array<number>(n).fill(0);
  for (let i = 0; i < s.values.length; i++) {
    const v = s.values[i];
    if (v === null || !Number.isFinite(v)) continue;
    const b = Math.floor((s.start + i * s.grainMs - origin) / bucketMs);
    acc[b] = reduce(acc[b], v, mode);
    counts[b]++;
  }
  if (mode === "mean") for (let b = 0; b < n; b++) if (acc[b] !== null) acc[b] = (acc[b] as number) / counts[b];
  return { start: origin, grainMs: bucketMs, values: acc };
}

/** Point-wise combination of equally shaped series (instances); null only where all are null. */
export function combine(list: (number | null)[][], mode: Reducer): (number | null)[] {
  const len = Math.max(0, ...list.map((l) => l.length));
  const out: (number | null)[] = new Array(len).fill(null);
  for (let i = 0; i < len; i++) {
    let acc: number | null = null;
    let k = 0;
    for (const l of list) {
      const v = l[i];
      if (v === null || v === undefined || !Number.isFinite(v)) continue;
      acc = reduce(acc, v, mode);
      k++;
    }
    out[i] = acc !== null && mode === "mean" ? acc / k : acc;
  }
  return out;
}

/**
 * 100 · Σnum / Σden per bucket, counting only grain points where both are known (so a missing
 * request count never inflates the rate). Both series must share start and grain.
 */
export function ratioPercent(num: Series, den: Series, bucketMs: number): Series {
  const len = Math.min(num.values.length, den.values.length);
  const n: (number | null)[] = new Array(len);
  const d: (number | null)[] = new Array(len);
  for (let i = 0; i < len; i++) {
    const a = num.values[i];
    const b = den.values[i];
    const known = a !== null && b !== null && Number.isFinite(a) && Number.isFinite(b);
    n[i] = known ? a : null;
    d[i] = known ? b : null;
  }
  const sn = downsample({ ...num, values: n }, bucketMs, "sum");
  const sd = downsample({ ...den, values: d }, bucketMs, "sum");
  const values = sn.values.map((v, i) => {
    const dv = sd.values[i];
    return v === null || dv === null || dv <= 0 ? null : (100 * v) / dv;
  });
  return { start: sn.start, grainMs: sn.grainMs, values };
}

export function peak(values: (number | null)[]): number | null {
  let m: number | null = null;
  for (const v of values) if (v !== null && Number.isFinite(v) && (m === null || v > m)) m = v;
  return m;
}

export function total(values: (number | null)[]): number {
  let t = 0;
  for (const v of values) if (v !== null && Number.isFinite(v)) t += v;
  return t;
}

export function hasData(values: (number | null)[]): boolean {
  return values.some((v) => v !== null && Number.isFinite(v));
}

export interface NamedSeries {
  name: string;
  values: (number | null)[];
  /** True for the "others" roll-up of instances beyond the top N. */
  others?: boolean;
}

/**
 * Up to `limit` instances as they are (sorted by name for stable colours); beyond that the
 * `limit − 1` highest peaks plus one "others" series holding the point-wise max of the rest.
 */
export function topInstances(perInstance: Record<string, (number | null)[]>, limit = 10): NamedSeries[] {
  const all = Object.entries(perInstance).map(([name, values]) => ({ name, values }));
  if (all.length <= limit) return all.sort((a, b) => a.name.localeCompare(b.name));
  const ranked = all
    .map((s) => ({ s, p: peak(s.values) ?? Number.NEGATIVE_INFINITY }))
    .sort((a, b) => b.p - a.p || a.s.name.localeCompare(b.s.name));
  const top = ranked.slice(0, limit - 1).map((r) => r.s);
  const rest = ranked.slice(limit - 1).map((r) => r.s.values);
  top.sort((a, b) => a.name.localeCompare(b.name));
  return [...top, { name: `${rest.length} others (max)`, values: combine(rest, "max"), others: true }];
}

/** Instance IDs are long hex strings: keep a unique prefix for legends. */
export function shortInstanceNames(names: string[], keep = 8): Map<string, string> {
  const out = new Map<string, string>();
  for (let k = keep; ; k += 4) {
    out.clear();
    const seen = new Set<string>();
    let clash = false;
    for (const n of names) {
      const s = n.length > k + 2 ? `${n.slice(0, k)}…` : n;
      if (seen.has(s)) clash = true;
      seen.add(s);
      out.set(n, s);
    }
    if (!clash || k > 64) return out;
  }
}

/** {x, y} points inside the window, for Chart.js with `parsing: false`. */
export function toPoints(s: Series, window: { start: number; end: number }): Array<{ x: number; y: number | null }> {
  const pts: Array<{ x: number; y: number | null }> = [];
  for (let i = 0; i < s.values.length; i++) {
    const x = s.start + i * s.grainMs;
    if (x < window.start - s.grainMs || x > window.end) continue;
    const v = s.values[i];
    pts.push({ x, y: v === null || !Number.isFinite(v) ? null : v });
  }
  return pts;
}
