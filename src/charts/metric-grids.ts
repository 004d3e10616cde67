// Picking the right MetricGrid for a panel and reducing it to one whole-resource series.
import type { Aggregation, MetricGrid, MetricScope } from "../core/snapshot.ts";
import { combine, hasData, type Reducer, type Series } from "./series.ts";

/** By name (case-insensitive), preferring aggregations in order and the expected scope. */
export function findGrid(
  grids: MetricGrid[],
  names: string[],
  aggs: Aggregation[],
  scope: MetricScope,
): MetricGrid | undefined {
  const wanted = names.map((n) => n.toLowerCase());
  const ok = (g: MetricGrid) => wanted.includes(g.name.toLowerCase());
  for (const agg of aggs) {
    const g =
      grids.find((x) => ok(x) && x.aggregation === agg && x.scope === scope) ??
      grids.find((x) => ok(x) && x.aggregation === agg);
    if (g) return g;
  }
  return undefined;
}

/** The whole-resource series, or the instances combined when `all` is empty. */
export function wholeSeries(g: MetricGrid, mode: Reducer): Series {
  const perInstance = Object.values(g.perInstance);
  const values = hasData(g.all) || perInstance.length === 0 ? g.all : combine(perInstance, mode);
  return { start: g.start, grainMs: g.grainMs, values };
}

export function scaleSeries(s: Series, k: number): Series {
  return { ...s, values: s.values.map((v) => (v === null ? null : v * k)) };
}

/**
 * The grid cut to the buckets that overlap the window, so legend totals and peaks describe exactly
 * what the chart shows (a grid read with a lookback would otherwise count data outside the window).
 */
export function clipGrid(g: MetricGrid, w: { start: number; end: number }): MetricGrid {
  if (!(g.grainMs > 0)) return g;
  // `all` may be empty when only the per-instance split was read.
  const n = Math.max(g.all.length, ...Object.values(g.perInstance).map((v) => v.length));
  const from = Math.max(0, Math.floor((w.start - g.start) / g.grainMs));
  const to = Math.min(n, Math.ceil((w.end - g.start) / g.grainMs));
  if (from === 0 && to >= n) return g;
  const cut = (v: (number | null)[]) => v.slice(from, Math.max(from, to));
  return {
    ...g,
    start: g.start + from * g.grainMs,
    all: cut(g.all),
    perInstance: Object.fromEntries(Object.entries(g.perInstance).map(([k, v]) => [k, cut(v)])),
  };
}
