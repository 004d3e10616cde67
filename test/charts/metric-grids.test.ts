// clipGrid: the buckets that overlap the window, for `all` and every instance alike.
import { describe, expect, it } from "vitest";
import { clipGrid } from "../../src/charts/metric-grids.ts";
import { grid, MIN } from "./fixtures.ts";

const T0 = Date.UTC(2026, 0, 15, 8, 0);

describe("clipGrid", () => {
  const g = grid(
    "Requests",
    "site",
    "Total",
    T0,
    { a: [1, 2, 3, 4, 5], b: [10, 20, 30, 40, 50] },
    [11, 22, 33, 44, 55],
  );

  it("keeps the buckets overlapping the window and moves the start", () => {
    const c = clipGrid(g, { start: T0 + 1.5 * MIN, end: T0 + 3 * MIN });
    expect(c.start).toBe(T0 + MIN);
    expect(c.all).toEqual([22, 33]);
    expect(c.perInstance).toEqual({ a: [2, 3], b: [20, 30] });
  });

  it("clips per-instance series when `all` was not read", () => {
    const split = grid("CpuPercentage", "plan", "Average", T0, { a: [1, 2, 3, 4, 5] });
    const c = clipGrid(split, { start: T0 + 3 * MIN, end: T0 + 10 * MIN });
    expect(c.all).toEqual([]);
    expect(c.perInstance).toEqual({ a: [4, 5] });
  });

  it("returns the grid itself when the window covers it, and nothing for a window outside it", () => {
    expect(clipGrid(g, { start: T0 - MIN, end: T0 + 10 * MIN })).toBe(g);
    const after = clipGrid(g, { start: T0 + 10 * MIN, end: T0 + 20 * MIN });
    expect(after.all).toEqual([]);
    expect(after.perInstance).toEqual({ a: [], b: [] });
  });
});
