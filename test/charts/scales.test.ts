import { describe, expect, it } from "vitest";
import { extent, niceStep, timeScale, valueScale } from "../../src/charts/scales.ts";

const fmt = String;

describe("niceStep", () => {
  it("rounds up to 1, 2 or 5 × 10ⁿ", () => {
    expect([0.7, 1, 1.5, 2.5, 7, 25, 1024, 0.031].map(niceStep)).toEqual([1, 1, 2, 5, 10, 50, 2000, 0.05]);
  });
});

describe("valueScale", () => {
  it("ends 5 % above the data, between ticks, and starts at zero", () => {
    const s = valueScale({ format: fmt }, [120, 3900], 200, 100);
    expect(s.min).toBe(0);
    expect(s.max).toBeCloseTo(4095, 6);
    expect(s.ticks).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(s.toPx(0)).toBe(200);
    expect(s.toPx(s.max)).toBeCloseTo(100, 6);
  });

  it("ends on a tick without headroom, reaching a suggested maximum", () => {
    const s = valueScale({ format: fmt, suggestedMax: 7.5, grace: false }, [0, 3.2], 100, 0);
    expect(s.max).toBe(8);
    expect(s.ticks).toEqual([0, 2, 4, 6, 8]);
  });

  it("keeps a fixed 0–100 axis and gives clean decimal ticks", () => {
    expect(valueScale({ format: fmt, min: 0, max: 100, grace: false }, [3, 40], 100, 0).ticks).toEqual([0, 50, 100]);
    expect(valueScale({ format: fmt, grace: false }, [0, 0.3], 100, 0).ticks).toEqual([0, 0.1, 0.2, 0.3]);
  });

  it("still has an axis without data", () => {
    const s = valueScale({ format: fmt }, undefined, 100, 0);
    expect(s.max).toBeGreaterThan(s.min);
    expect(s.ticks[0]).toBe(0);
  });

  it("puts 1-3-10 ticks on a log axis, powers of ten over many decades", () => {
    const s = valueScale({ format: fmt, log: true }, [0.2, 230], 100, 0);
    expect(s.min).toBeCloseTo(0.1, 9);
    expect(s.max).toBe(300);
    expect(s.ticks).toEqual([0.1, 1, 10, 100]);
    const narrow = valueScale({ format: fmt, log: true }, [0.2, 2.5], 100, 0);
    expect(narrow.ticks).toEqual([0.1, 0.3, 1, 3]);
    // Equal ratios, equal distances.
    expect(s.toPx(1) - s.toPx(10)).toBeCloseTo(s.toPx(10) - s.toPx(100), 9);
  });
});

describe("extent and timeScale", () => {
  it("skips nulls and, on log axes, non-positive values", () => {
    expect(extent([null, 3, -1, 7, null])).toEqual([-1, 7]);
    expect(extent([0, 2, null, 5], true)).toEqual([2, 5]);
    expect(extent([null])).toBeUndefined();
  });

  it("maps the window onto the plot's width", () => {
    const x = timeScale(1000, 2000, 62, 818);
    expect([x(1000), x(1500), x(2000)]).toEqual([62, 440, 818]);
  });
});
