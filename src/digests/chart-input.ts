// The digest's fleet chart input: 5xx rate (%) per app per minute over the window, the top offenders
// highlighted. Unknown minutes stay null (never 0). Pure.
import type { FleetChartInput } from "../charts/index.ts";
import type { MetricGrid, Window } from "../core/snapshot.ts";

/** The grids errorRateSeries reads (the rest need not be kept for the chart). */
export function chartGrids(grids: MetricGrid[]): MetricGrid[] {
  return grids.filter((g) => g.scope === "site" && (g.name === "Requests" || g.name === "Http5xx"));
}

/** 5xx rate in % per point of the Requests grid; null when the minute had no known traffic. */
export function errorRateSeries(
  grids: MetricGrid[],
): { start: number; grainMs: number; values: (number | null)[] } | undefined {
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

export function fleetChartInput(
  apps: Array<{ name: string; grids: MetricGrid[]; highlight: boolean }>,
  window: Window,
  timeZone: string,
  title: string,
): FleetChartInput {
  const series = apps.flatMap((a) => {
    const s = errorRateSeries(a.grids);
    return s?.values.some((v) => v !== null) ? [{ name: a.name, series: s, highlight: a.highlight }] : [];
  });
  return { apps: series, window, timeZone, title };
}
