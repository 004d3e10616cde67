// 5-minute buckets (docs/glossary.md#b5) over a lookback: one pass per grid, lazily, cached.
// A bucket with no finite point is NaN (unknown), never 0.

import type { Aggregation, MetricGrid, MetricScope } from "../snapshot.ts";
import { type Axis, type BucketSeries, bucketize, combine, type Range } from "./bucket-series.ts";

export {
  type Axis,
  axisFor,
  B5,
  type BucketSeries,
  bucketize,
  bucketStart,
  bucketWindow,
  type Range,
} from "./bucket-series.ts";

export interface BucketedGrid {
  grid: MetricGrid;
  all: BucketSeries;
  /** Per Instance dimension value, in insertion order. */
  inst: Map<string, BucketSeries>;
  /** `all` was rebuilt from the instances because the grid's own `all` had no data. */
  allFromInstances: boolean;
}

/** One grid on the axis: `all` at once, the per-instance series on first use (many rules never need them). */
class LazyGrid implements BucketedGrid {
  readonly grid: MetricGrid;
  readonly all: BucketSeries;
  readonly allFromInstances: boolean;
  private perInstance: Map<string, BucketSeries> | undefined;
  private readonly axis: Axis;

  private readonly focus: () => Range | undefined;

  constructor(
    grid: MetricGrid,
    axis: Axis,
    all: BucketSeries,
    allFromInstances: boolean,
    focus: () => Range | undefined,
    inst?: Map<string, BucketSeries>,
  ) {
    this.focus = focus;
    this.grid = grid;
    this.axis = axis;
    this.all = all;
    this.allFromInstances = allFromInstances;
    this.perInstance = inst;
  }

  get inst(): Map<string, BucketSeries> {
    if (!this.perInstance) this.perInstance = bucketInstances(this.grid, this.axis, this.focus()).inst;
    return this.perInstance;
  }
}

export function instanceValues(grid: MetricGrid): Record<string, (number | null)[]> {
  return grid.perInstance && typeof grid.perInstance === "object" ? grid.perInstance : {};
}

function bucketInstances(
  grid: MetricGrid,
  axis: Axis,
  range?: Range,
): { inst: Map<string, BucketSeries>; points: number } {
  const inst = new Map<string, BucketSeries>();
  const per = instanceValues(grid);
  const names = Object.keys(per);
  const nb = axis.nb;
  // One allocation for every instance of the grid.
  const buf = new Float64Array(Math.max(1, nb * names.length)).fill(Number.NaN);
  let points = 0;
  for (const [k, name] of names.entries()) {
    const into = buf.subarray(k * nb, (k + 1) * nb);
    const r = bucketize(per[name], grid.start, grid.grainMs, axis, grid.aggregation, into, range);
    inst.set(name, r.series);
    points += r.points;
  }
  return { inst, points };
}

/** Lazy, cached bucketing of a set of grids on one axis. */
export class Bucketed {
  readonly axis: Axis;
  readonly metrics: readonly MetricGrid[];
  private readonly cache = new Map<string, BucketedGrid | null>();
  private focusRange: Range | undefined;

  constructor(metrics: readonly MetricGrid[] | undefined, axis: Axis) {
    this.metrics = Array.isArray(metrics) ? metrics : [];
    this.axis = axis;
  }

  /**
   * Limits per-instance bucketing to [from, to) (NaN outside): a 24 h lookback with a 1 h incident then
   * splits only the hours around the incident by instance. Whole-resource series always cover the axis.
   */
  focusOn(range: Range): void {
    this.focusRange = { from: Math.max(0, range.from), to: Math.min(this.axis.nb, range.to) };
  }

  /** The grid (scope, name, aggregation); without `agg`, the first grid that is not a Maximum/Minimum. */
  find(scope: MetricScope, name: string, agg?: Aggregation): MetricGrid | undefined {
    const n = name.toLowerCase();
    let fallback: MetricGrid | undefined;
    for (const m of this.metrics) {
      if (!m || m.scope !== scope || typeof m.name !== "string" || m.name.toLowerCase() !== n) continue;
      if (agg) {
        if (m.aggregation === agg) return m;
        continue;
      }
      if (m.aggregation !== "Maximum" && m.aggregation !== "Minimum") return m;
      fallback ??= m;
    }
    return fallback;
  }

  /** Whether the grid exists with at least one finite point (cheap: stops at the first one). */
  has(scope: MetricScope, name: string): boolean {
    const g = this.find(scope, name);
    if (!g) return false;
    const any = (a: readonly (number | null)[] | undefined) =>
      Array.isArray(a) && a.some((v) => typeof v === "number" && Number.isFinite(v));
    return any(g.all) || Object.values(instanceValues(g)).some(any);
  }

  /** The bucketed grid; undefined when it is missing or holds no finite point in the window. */
  get(scope: MetricScope, name: string, agg?: Aggregation): BucketedGrid | undefined {
    const key = `${scope}|${name.toLowerCase()}|${agg ?? ""}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const grid = this.find(scope, name, agg);
    const built = grid ? this.build(grid) : null;
    this.cache.set(key, built);
    return built ?? undefined;
  }

  private build(grid: MetricGrid): BucketedGrid | null {
    const own = bucketize(grid.all, grid.start, grid.grainMs, this.axis, grid.aggregation);
    const focus = () => this.focusRange;
    if (own.points > 0) return new LazyGrid(grid, this.axis, own.series, false, focus);
    // No whole-resource values: rebuild them from the instances (if there are any).
    const { inst, points } = bucketInstances(grid, this.axis);
    if (points === 0) return null;
    const all = combine([...inst.values()], this.axis.nb, grid.aggregation);
    return new LazyGrid(grid, this.axis, all, true, focus, inst);
  }
}
