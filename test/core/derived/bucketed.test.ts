import { describe, expect, it } from "vitest";
import { axisFor, B5, Bucketed, bucketize } from "../../../src/core/derived/bucketed.ts";
import type { MetricGrid } from "../../../src/core/snapshot.ts";

const MIN = 60_000;
const T = Date.UTC(2025, 0, 1, 8, 0, 0);
const axis = axisFor({ start: T, end: T + 15 * MIN });
const arr = (xs: number[]) => [...xs];

const grid = (over: Partial<MetricGrid>): MetricGrid => ({
  name: "Requests",
  scope: "site",
  aggregation: "Total",
  start: T,
  grainMs: MIN,
  all: [],
  perInstance: {},
  source: "GET …/metrics",
  ...over,
});

describe("5-minute buckets", () => {
  it("aligns the axis to 5 minutes", () => {
    expect(axisFor({ start: T + 2 * MIN, end: T + 12 * MIN })).toEqual({ origin: T, nb: 3, bucketMs: B5 });
    expect(axisFor({ start: T, end: T - 1 }).nb).toBe(0);
  });

  it("sums Total grids, averages Average grids, takes the max of Maximum grids", () => {
    const xs = arr([1, 2, 3, 4, 5, 10, 10, 10, 10, 10, 0, 0, 0, 0, 6]);
    expect([...bucketize(xs, T, MIN, axis, "Total").series.val]).toEqual([15, 50, 6]);
    expect([...bucketize(xs, T, MIN, axis, "Average").series.val]).toEqual([3, 10, 1.2]);
    expect([...bucketize(xs, T, MIN, axis, "Maximum").series.val]).toEqual([5, 10, 6]);
  });

  it("skips null, NaN and ±∞ (unknown, never zero) and leaves an empty bucket NaN", () => {
    const xs = [null, Number.NaN, 4, Number.POSITIVE_INFINITY, null, null, null, null, null, null, 1, 1, 1, 1, 1];
    const r = bucketize(xs, T, MIN, axis, "Average");
    expect(r.series.val[0]).toBe(4);
    expect(Number.isNaN(r.series.val[1])).toBe(true);
    expect(r.points).toBe(6);
  });

  it("places points by time: a grid that starts late, points before the window, a PT5M grid", () => {
    expect([...bucketize([7, 7, 7], T + 9 * MIN, MIN, axis, "Total").series.val]).toEqual([Number.NaN, 7, 14]);
    expect([...bucketize([100, 100, 1, 1, 1, 1, 1], T - 2 * MIN, MIN, axis, "Total").series.val].slice(0, 1)).toEqual([
      5,
    ]);
    expect([...bucketize([90, 100, 80], T, B5, axis, "Average").series.val]).toEqual([90, 100, 80]);
  });

  it("computes the 1-min extremes per bucket on demand", () => {
    const r = bucketize([1, 9, 3, 2, 5, 4, 4, 4, 4, 4], T, MIN, axis, "Average").series;
    expect([...r.max].slice(0, 2)).toEqual([9, 4]);
    expect([...r.min].slice(0, 2)).toEqual([1, 4]);
  });

  it("rebuilds the whole-resource series from instances when `all` is empty", () => {
    const b = new Bucketed(
      [
        grid({
          name: "CpuPercentage",
          scope: "plan",
          aggregation: "Average",
          perInstance: { A: Array(15).fill(40), B: Array(15).fill(80) },
        }),
      ],
      axis,
    );
    const g = b.get("plan", "cpupercentage")!;
    expect(g.allFromInstances).toBe(true);
    expect([...g.all.val]).toEqual([60, 60, 60]);
    expect(b.get("plan", "Missing")).toBeUndefined();
  });

  it("treats a grid without any finite point as missing", () => {
    const b = new Bucketed([grid({ all: [null, Number.NaN], perInstance: { A: [null] } })], axis);
    expect(b.get("site", "Requests")).toBeUndefined();
    expect(b.has("site", "Requests")).toBe(false);
  });

  it("splits by instance only inside the focus range", () => {
    const b = new Bucketed(
      [grid({ all: Array(15).fill(2), perInstance: { A: Array(15).fill(1), B: Array(15).fill(1) } })],
      axis,
    );
    b.focusOn({ from: 1, to: 2 });
    const a = b.get("site", "Requests")!.inst.get("A")!;
    expect(Number.isNaN(a.val[0])).toBe(true);
    expect(a.val[1]).toBe(5);
    expect([...b.get("site", "Requests")!.all.val]).toEqual([10, 10, 10]);
  });
});
