// Small numeric helpers over bucket arrays. NaN means unknown and is skipped everywhere.

export function median(xs: number[]): number {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** Nearest-rank percentile (p in 0..100) of the finite values. */
export function percentile(xs: ArrayLike<number>, p: number): number {
  const v: number[] = [];
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) v.push(xs[i]);
  if (v.length === 0) return Number.NaN;
  v.sort((a, b) => a - b);
  const rank = Math.min(v.length, Math.max(1, Math.ceil((p / 100) * v.length)));
  return v[rank - 1];
}

/** Median of a[b] over the buckets where mask[b] is set (all buckets when mask is undefined). */
export function maskedMedian(a: ArrayLike<number>, mask?: Uint8Array): number {
  const v: number[] = [];
  for (let b = 0; b < a.length; b++) if ((!mask || mask[b]) && Number.isFinite(a[b])) v.push(a[b]);
  return median(v);
}

/** Max of finite values in [from, to); NaN when none. */
export function rangeMax(a: ArrayLike<number>, from: number, to: number): number {
  let m = Number.NaN;
  for (let b = Math.max(0, from); b < Math.min(a.length, to); b++) {
    const v = a[b];
    if (!Number.isNaN(v) && !(v <= m)) m = v;
  }
  return m;
}

export function rangeMin(a: ArrayLike<number>, from: number, to: number): number {
  let m = Number.NaN;
  for (let b = Math.max(0, from); b < Math.min(a.length, to); b++) {
    const v = a[b];
    if (!Number.isNaN(v) && !(v >= m)) m = v;
  }
  return m;
}

/** Σ of finite values in [from, to); NaN when none. */
export function rangeSum(a: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  let n = 0;
  for (let b = Math.max(0, from); b < Math.min(a.length, to); b++) {
    const v = a[b];
    if (!Number.isNaN(v)) {
      s += v;
      n++;
    }
  }
  return n ? s : Number.NaN;
}

export function rangeMean(a: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  let n = 0;
  for (let b = Math.max(0, from); b < Math.min(a.length, to); b++) {
    const v = a[b];
    if (!Number.isNaN(v)) {
      s += v;
      n++;
    }
  }
  return n ? s / n : Number.NaN;
}

/** Longest run of consecutive buckets in [from, to) where pred holds; returns [length, first bucket]. */
export function longestRun(from: number, to: number, pred: (b: number) => boolean): [number, number] {
  let best = 0;
  let bestStart = -1;
  let run = 0;
  for (let b = from; b < to; b++) {
    if (pred(b)) {
      run++;
      if (run > best) {
        best = run;
        bestStart = b - run + 1;
      }
    } else run = 0;
  }
  return [best, bestStart];
}

export function round(x: number, digits = 2): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Two significant figures: preset counts must not jitter with request noise. */
export function twoSignificant(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const mag = 10 ** (Math.floor(Math.log10(Math.abs(x))) - 1);
  return Math.round(x / mag) * mag;
}

export function pct(x: number): string {
  return Number.isFinite(x) ? `${round(x * 100, 1)}%` : "unknown";
}

/** Maximal runs [start, end) of buckets where pred holds that overlap [from, to). */
export function runsOverlapping(
  nb: number,
  from: number,
  to: number,
  pred: (b: number) => boolean,
): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let start = -1;
  for (let b = 0; b <= nb; b++) {
    const ok = b < nb && pred(b);
    if (ok && start < 0) start = b;
    if (!ok && start >= 0) {
      if (start < to && b > from) out.push({ start, end: b });
      start = -1;
    }
  }
  return out;
}
