import { describe, expect, it } from "vitest";
import {
  bucketMsFor,
  combine,
  downsample,
  peak,
  ratioPercent,
  shortInstanceNames,
  topInstances,
  total,
} from "../../src/charts/series.ts";
import { instanceIds, rng } from "./fixtures.ts";

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 15, 0, 0);

function randomSeries(n: number, seed: number, nullShare = 0.1): (number | null)[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => (r() < nullShare ? null : Math.round(r() * 1000)));
}

describe("bucketMsFor", () => {
  it("turns 24 h of 1-minute data into 5-minute points", () => {
    expect(bucketMsFor(24 * 60 * MIN, MIN)).toBe(5 * MIN);
    expect(bucketMsFor(60 * MIN, MIN)).toBe(MIN);
    expect(bucketMsFor(7 * 24 * 60 * MIN, MIN)).toBe(60 * MIN);
    expect(bucketMsFor(24 * 60 * MIN, 5 * MIN)).toBe(5 * MIN);
  });
});

describe("downsample", () => {
  const values = randomSeries(1440, 1);
  const s = { start: T0 + 2 * MIN, grainMs: MIN, values };

  it("keeps the total for counts", () => {
    const d = downsample(s, 5 * MIN, "sum");
    expect(total(d.values)).toBe(total(values));
    expect(d.grainMs).toBe(5 * MIN);
    expect(d.start % (5 * MIN)).toBe(0); // aligned buckets
  });

  it("keeps the peak for percentages", () => {
    expect(peak(downsample(s, 5 * MIN, "max").values)).toBe(peak(values));
  });

  it("averages known points only and keeps all-null buckets null", () => {
    const v = [10, null, 20, null, null, null, null, null, null, null];
    const d = downsample({ start: T0, grainMs: MIN, values: v }, 5 * MIN, "mean");
    expect(d.values).toEqual([15, null]);
    const z = downsample({ start: T0, grainMs: MIN, values: v }, 5 * MIN, "sum");
    expect(z.values[1]).toBeNull(); // no data, not zero
  });

  it("returns coarse series unchanged", () => {
    const coarse = { start: T0, grainMs: 5 * MIN, values: [1, 2, 3] };
    expect(downsample(coarse, MIN, "max")).toBe(coarse);
  });
});

describe("combine", () => {
  it("sums, averages or maxes across instances, null only where all are null", () => {
    const a = [1, null, 3, null];
    const b = [2, 4, null, null];
    expect(combine([a, b], "sum")).toEqual([3, 4, 3, null]);
    expect(combine([a, b], "mean")).toEqual([1.5, 4, 3, null]);
    expect(combine([a, b], "max")).toEqual([2, 4, 3, null]);
  });
});

describe("ratioPercent", () => {
  it("divides bucket sums and ignores minutes where either side is unknown", () => {
    const num = { start: T0, grainMs: MIN, values: [1, 5, null, 0, 0] };
    const den = { start: T0, grainMs: MIN, values: [10, null, 10, 10, 0] };
    // Known pairs: (1,10), (0,10), (0,0) → 1/20.
    expect(ratioPercent(num, den, 5 * MIN).values).toEqual([5]);
    const zero = ratioPercent({ ...num, values: [0] }, { ...den, values: [0] }, MIN);
    expect(zero.values).toEqual([null]); // no traffic: undefined rate, drawn as a gap
  });
});

describe("topInstances", () => {
  it("keeps up to ten instances as they are", () => {
    const ids = instanceIds(4);
    const out = topInstances(Object.fromEntries(ids.map((id, i) => [id, [i]])));
    expect(out.map((s) => s.name)).toEqual([...ids].sort());
    expect(out.some((s) => s.others)).toBe(false);
  });

  it("rolls 30 instances into the 9 highest peaks plus others (max of the rest)", () => {
    const ids = instanceIds(30);
    const per = Object.fromEntries(ids.map((id, i) => [id, [i, null, i / 2]]));
    const out = topInstances(per, 10);
    expect(out).toHaveLength(10);
    const others = out.at(-1)!;
    expect(others.others).toBe(true);
    expect(others.name).toBe("21 others (max)");
    expect(others.values).toEqual([20, null, 10]);
    const keptPeaks = out.slice(0, 9).map((s) => s.values[0] as number);
    expect(Math.min(...keptPeaks)).toBe(21);
  });
});

describe("shortInstanceNames", () => {
  it("keeps a unique prefix", () => {
    const names = ["abcdef0123456789aa", "abcdef0123456789bb", "short"];
    const m = shortInstanceNames(names);
    expect(new Set(m.values()).size).toBe(3);
    expect(m.get("short")).toBe("short");
    for (const n of names.slice(0, 2)) expect(n.startsWith(m.get(n)!.replace("…", ""))).toBe(true);
  });
});
