// The digest keeps each app's 5xx rate at the fleet chart's resolution: the chart drawn from it is the chart
// drawn from the per-minute series, and a one-minute spike still shows.
import { describe, expect, it } from "vitest";
import { buildFleetChart } from "../../src/charts/fleet-chart.ts";
import type { MetricGrid } from "../../src/core/snapshot.ts";
import { chartSeries, errorRateSeries, fleetChartInput } from "../../src/digests/chart-input.ts";
import { grid, MIN, rng } from "../charts/fixtures.ts";

const DAY = 1440 * MIN;
const window = { start: Date.UTC(2026, 10, 24, 8, 0) - DAY, end: Date.UTC(2026, 10, 24, 8, 0) };

function appGrids(seed: number): MetricGrid[] {
  const r = rng(seed);
  const requests = Array.from({ length: 1440 }, (_, i) => (i % 97 === 5 ? null : Math.round(100 + 50 * r())));
  const errors = requests.map((n, i) => (n === null ? null : i === 700 + seed ? 90 : Math.round(r() * r() * 8)));
  return [
    grid("Requests", "site", "Total", window.start, {}, requests),
    grid("Http5xx", "site", "Total", window.start, {}, errors),
  ];
}

describe("the digest's fleet chart input", () => {
  it("draws the same chart as the per-minute series", () => {
    const apps = Array.from({ length: 12 }, (_, i) => ({ name: `app-${i}`, grids: appGrids(i), highlight: i < 3 }));
    const full = buildFleetChart({
      apps: apps.map((a) => ({
        name: a.name,
        series: errorRateSeries(a.grids) ?? { start: 0, grainMs: MIN, values: [] },
        highlight: a.highlight,
      })),
      window,
      timeZone: "Europe/Berlin",
    });
    const kept = buildFleetChart(
      fleetChartInput(
        apps.map((a) => ({ name: a.name, series: chartSeries(a.grids, window), highlight: a.highlight })),
        window,
        "Europe/Berlin",
        "Fleet 5xx rate",
      ),
    );
    const datasets = (spec: typeof full) => spec.panels[0].lines.map((d) => [d.label, d.points]);
    expect(datasets(kept)).toEqual(datasets(full));
    // 288 five-minute points a day instead of 1440 minutes, and the one-minute spike is still the peak.
    const one = chartSeries(apps[4].grids, window);
    expect(one?.values).toHaveLength(288);
    expect(Math.max(...(one?.values.filter((v) => v !== null) ?? []))).toBeGreaterThan(50);
  });

  it("has no series for an app without known traffic", () => {
    const none = [grid("Requests", "site", "Total", window.start, {}, new Array(1440).fill(null))];
    expect(chartSeries(none, window)).toBeUndefined();
  });
});
