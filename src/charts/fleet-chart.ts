// The morning digest's fleet chart: 5xx rate per app over 24 h, the top offenders in colour and
// the rest as muted grey context, with the error-rate threshold. Pure: data in, ChartSpec out.
import type { Window } from "../core/snapshot.ts";
import { ellipsize, formatPercent } from "./format.ts";
import { buildPanel, type ChartSpec, type Line, line } from "./panel.ts";
import { bucketMsFor, downsample, peak, type Series } from "./series.ts";
import { layout, seriesColor, theme } from "./theme.ts";
import { formatDuration, formatRange, resolveZone, timeTicks, zoneLabel } from "./time-axis.ts";

export interface FleetChartInput {
  /** `series`: 5xx rate in % per point. */
  apps: Array<{ name: string; series: Series; highlight?: boolean }>;
  window: Window;
  timeZone?: string;
  title?: string;
  /** 5 when absent. */
  errorRatePct?: number;
}

/** Plot height in logical px. */
const PLOT = 286;

/** When no app is flagged, the apps with the highest peaks above zero are highlighted. */
const AUTO_HIGHLIGHT = 5;

export function highlightedApps(apps: FleetChartInput["apps"]): Set<string> {
  if (apps.some((a) => a.highlight !== undefined)) return new Set(apps.filter((a) => a.highlight).map((a) => a.name));
  return new Set(
    apps
      .map((a) => ({ name: a.name, p: peak(a.series.values) ?? 0 }))
      .filter((a) => a.p > 0)
      .sort((a, b) => b.p - a.p)
      .slice(0, AUTO_HIGHLIGHT)
      .map((a) => a.name),
  );
}

export function buildFleetChart(input: FleetChartInput): ChartSpec {
  const zone = resolveZone(input.timeZone);
  const w = input.window;
  const threshold = input.errorRatePct ?? 5;
  const hot = highlightedApps(input.apps);
  const grain = Math.min(...input.apps.map((a) => a.series.grainMs).filter((g) => g > 0), 5 * 60_000);
  const bucket = bucketMsFor(w.end - w.start, grain);
  const muted = input.apps.filter((a) => !hot.has(a.name));
  const lines: Line[] = [];
  let colour = 0;
  // Highlighted apps first (drawn on top, listed first in the legend), worst peak first.
  const ordered = [...input.apps].sort(
    (a, b) =>
      Number(hot.has(b.name)) - Number(hot.has(a.name)) ||
      (peak(b.series.values) ?? -1) - (peak(a.series.values) ?? -1),
  );
  for (const app of ordered) {
    const isHot = hot.has(app.name);
    const p = peak(app.series.values);
    const color = isHot ? seriesColor(colour++) : theme.muted;
    const label = isHot
      ? `${ellipsize(app.name, 34)} · peak ${p === null ? "n/a" : formatPercent(p)}`
      : `${muted.length} other app${muted.length === 1 ? "" : "s"}`;
    // Max keeps short bursts visible when the series has to be thinned.
    lines.push(
      line(label, color, downsample(app.series, bucket, "max"), w, { width: isHot ? 2 : 1, order: isHot ? 1 : 2 }),
    );
  }
  // Muted apps share one legend entry.
  const firstMuted = lines.findIndex((l) => l.color === theme.muted);
  const panel = buildPanel({
    title: "5xx rate per app",
    window: w,
    zone,
    ticks: timeTicks(w, zone),
    showTimeLabels: true,
    lines,
    legend: lines.filter((_, i) => firstMuted < 0 || i <= firstMuted).map((l) => ({ label: l.label, color: l.color })),
    y: { format: formatPercent, suggestedMax: threshold * 1.5, grace: false },
    thresholds: [{ value: threshold, label: `${formatPercent(threshold)} error rate`, axis: "y" }],
    plot: PLOT,
  });
  return {
    width: layout.width,
    title: input.title ?? "Fleet 5xx rate",
    titleSuffix: `${formatRange(w, zone)} (${formatDuration(w.end - w.start)})`,
    subtitle: [
      `${input.apps.length} app${input.apps.length === 1 ? "" : "s"}`,
      hot.size ? "top offenders in colour, the rest in grey" : undefined,
      `times in ${zoneLabel(zone, w.end)}`,
    ]
      .filter(Boolean)
      .join(" · "),
    panels: [panel],
  };
}
