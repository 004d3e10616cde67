// Value → pixel mappings for a panel's axes, with "nice" ticks (1, 2, 5 × 10ⁿ steps; 1-3-10 on a log
// axis). Pure: the panel layout and the tests use the same functions the drawing uses.

export interface AxisSpec {
  format: (v: number) => string;
  min?: number;
  max?: number;
  /** The axis reaches at least this far, with or without data (keeps a threshold in view). */
  suggestedMax?: number;
  /** Tick label colour, to tie a right axis to its series. */
  color?: string;
  /** Logarithmic axis with 1-3-10 ticks (latency whose max dwarfs the average). */
  log?: boolean;
  /** 5 % headroom above the data; off for bounded percent axes, where nice ticks suffice. */
  grace?: boolean;
}

export interface Scale {
  min: number;
  max: number;
  ticks: number[];
  /** Pixel (y grows downwards) for a value; values outside the axis land outside the range. */
  toPx(v: number): number;
}

/** At most this many labelled ticks on a value axis (112 px of plot). */
const MAX_TICKS = 5;

/** 1, 2, 5 or 10 × 10ⁿ at or above `x`: the tick step for a range split into a few parts. */
export function niceStep(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  const f = x / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

/** The largest and smallest finite values (log: positive only), or undefined without any. */
export function extent(values: Iterable<number | null>, positiveOnly = false): [number, number] | undefined {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v === null || !Number.isFinite(v) || (positiveOnly && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi >= lo ? [lo, hi] : undefined;
}

function linear(min: number, max: number, ticks: number[], bottom: number, top: number): Scale {
  const span = max - min || 1;
  return { min, max, ticks, toPx: (v) => bottom - ((v - min) / span) * (bottom - top) };
}

export function valueScale(spec: AxisSpec, data: [number, number] | undefined, bottom: number, top: number): Scale {
  return spec.log ? logScale(spec, data, bottom, top) : linearScale(spec, data, bottom, top);
}

function linearScale(spec: AxisSpec, data: [number, number] | undefined, bottom: number, top: number): Scale {
  const min = spec.min ?? Math.min(0, data?.[0] ?? 0);
  let hi = spec.max ?? Math.max(data?.[1] ?? Number.NEGATIVE_INFINITY, spec.suggestedMax ?? Number.NEGATIVE_INFINITY);
  if (!Number.isFinite(hi) || hi <= min) hi = min + 1;
  const step = niceStep((hi - min) / (MAX_TICKS - 1));
  // With headroom the axis ends 5 % above the data, between ticks (as Grafana does); without, on the
  // next tick, so a bounded percent axis reads 0 / 50 / 100 %.
  const max =
    spec.max ?? (spec.grace === false ? min + Math.ceil((hi - min) / step - 1e-9) * step : hi + (hi - min) * 0.05);
  const ticks: number[] = [];
  // Stepping by index, not by adding, so 0.1 steps give 0.3, not 0.30000000000000004.
  for (let i = 0; min + i * step <= max + step * 1e-9; i++) ticks.push(Number((min + i * step).toPrecision(12)));
  return linear(min, max, ticks, bottom, top);
}

function logScale(spec: AxisSpec, data: [number, number] | undefined, bottom: number, top: number): Scale {
  const lo = spec.min ?? 10 ** Math.floor(Math.log10(data?.[0] ?? 0.1));
  const want = Math.max(data?.[1] ?? lo * 10, spec.suggestedMax ?? 0, lo * 10);
  const e = Math.floor(Math.log10(want));
  // The axis ends on the next 1-3-10 mark at or above the data.
  const hi = [1, 3, 10].map((m) => m * 10 ** e).find((v) => v >= want * (1 - 1e-9)) ?? 10 ** (e + 1);
  const marks = (mantissas: number[]) => {
    const out: number[] = [];
    for (let k = Math.floor(Math.log10(lo)); 10 ** k <= hi; k++)
      for (const m of mantissas) {
        const v = Number((m * 10 ** k).toPrecision(12));
        if (v >= lo && v <= hi) out.push(v);
      }
    return out;
  };
  // 1-3-10 while they fit; over more decades, powers of ten (every other one if need be).
  let ticks = marks([1, 3]);
  if (ticks.length > MAX_TICKS) ticks = marks([1]);
  if (ticks.length > MAX_TICKS) ticks = ticks.filter((_, i) => i % 2 === 0);
  const [a, b] = [Math.log10(lo), Math.log10(hi)];
  return {
    min: lo,
    max: hi,
    ticks,
    toPx: (v) => bottom - ((Math.log10(Math.max(v, Number.MIN_VALUE)) - a) / (b - a || 1)) * (bottom - top),
  };
}

/** Time → x: the window's start at `left`, its end at `right`. */
export function timeScale(start: number, end: number, left: number, right: number): (t: number) => number {
  const span = end - start || 1;
  return (t) => left + ((t - start) / span) * (right - left);
}
