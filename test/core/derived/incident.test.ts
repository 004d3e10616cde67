import { describe, expect, it } from "vitest";
import { axisFor, Bucketed } from "../../../src/core/derived/bucketed.ts";
import { findIncidents, mergeEpisodes } from "../../../src/core/derived/incident.ts";
import type { MetricGrid } from "../../../src/core/snapshot.ts";

const MIN = 60_000;
const T = Date.UTC(2025, 0, 1, 8, 0, 0);

/** Per-bucket totals as one point per 5 min. */
function incidents(req: (number | null)[], e5: (number | null)[]) {
  const g = (name: string, all: (number | null)[]): MetricGrid => ({
    name,
    scope: "site",
    aggregation: "Total",
    start: T,
    grainMs: 5 * MIN,
    all,
    perInstance: {},
    source: "x",
  });
  const b = new Bucketed([g("Requests", req), g("Http5xx", e5)], axisFor({ start: T, end: T + req.length * 5 * MIN }));
  return findIncidents(b);
}

describe("incident buckets (Http5xx ≥ 10 and err5xx ≥ 5 %)", () => {
  it("needs both floors (edges 9 / 10 5xx; 4.9 % / 5 %)", () => {
    const r = incidents([100, 200, 200, 204], [9, 10, 10, 10]);
    expect([...r.flags]).toEqual([0, 1, 1, 0]);
  });

  it("counts a bucket on the 5xx floor alone when Requests is unknown there", () => {
    const r = incidents([null, 2000], [50, 50]);
    expect([...r.flags]).toEqual([1, 0]);
    expect(r.rateUnknownBuckets).toBe(1);
  });

  it("merges gaps shorter than 15 min (2 quiet buckets) but not 15 min (3)", () => {
    expect(mergeEpisodes(Uint8Array.from([1, 0, 0, 1]), 3)).toEqual([{ from: 0, to: 4 }]);
    expect(mergeEpisodes(Uint8Array.from([1, 0, 0, 0, 1]), 3)).toEqual([
      { from: 0, to: 1 },
      { from: 4, to: 5 },
    ]);
  });

  it("explains the most recent episode", () => {
    const r = incidents([100, 100, 100, 100, 100, 100, 100], [50, 0, 0, 0, 0, 50, 50]);
    expect(r.episodes).toHaveLength(2);
    expect(r.window).toEqual({ from: 5, to: 7 });
  });
});
