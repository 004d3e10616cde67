// The digest's fleet chart input: 5xx rate (%) per app over the window, the top offenders highlighted.
// Unknown minutes stay null (never 0). Each app's series is cut to the chart's resolution (its peak per
// bucket, as the chart would draw it) as soon as the app is scored, so a 500-app digest keeps ~290 points
// per app for the chart instead of its per-minute Requests and Http5xx grids (docs/memory.md). Pure.
import type { FleetChartInput } from "../charts/index.ts";
import { bucketMsFor, downsample, type Series } from "../charts/series.ts";
import type { MetricGrid, Window } from "../core/snapshot.ts";

/** 5xx rate in % per point of the Requests grid; null when the minute had no known traffic. */
export function errorRateSeries(grids: MetricGrid[]): Series | undefined {
  const req = grids.find((g) => g.scope === "site" && g.name === "Requests");
  const err = grids.find((g) => g.scope === "site" && g.name === "Http5xx");
  if (!req || !(req.grainMs > 0)) return undefined;
  const values = req.all.map((n, i) => {
    const j = err ? (req.start + i * req.grainMs - err.start) / err.grainMs : Number.NaN;
    const e = err && Number.isInteger(j) ? err.all[j] : null;
    return typeof n === "number" && n > 0 && typeof e === "number" ? (100 * e) / n : null;
  });
  return { start: req.start, grainMs: req.grainMs, values };
}

/** The app's 5xx rate at the fleet chart's resolution (the max per bucket); undefined without known traffic. */
export function chartSeries(grids: MetricGrid[], window: Window): Series | undefined {
  const s = errorRateSeries(grids);
  if (!s?.values.some((v) => v !== null)) return undefined;
  return downsample(s, bucketMsFor(window.end - window.start, s.grainMs), "max");
}

export function fleetChartInput(
  apps: Array<{ name: string; series: Series | undefined; highlight: boolean }>,
  window: Window,
  timeZone: string,
  title: string,
): FleetChartInput {
  const series = apps.flatMap((a) => (a.series ? [{ name: a.name, series: a.series, highlight: a.highlight }] : []));
  return { apps: series, window, timeZone, title };
}
