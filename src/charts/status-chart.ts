// The per-app status chart (`/appsvc status`): four stacked panels on one time axis.
// Pure: MetricGrids in, a ChartSpec out; rendering lives in render.ts.
import type { MetricGrid, Window } from "../core/snapshot.ts";
import { ellipsize, formatCount, formatPercent, formatSeconds } from "./format.ts";
import { clipGrid, findGrid, scaleSeries, wholeSeries } from "./metric-grids.ts";
import { type AxisSpec, buildPanel, type ChartSpec, type Line, line, type Panel, type ThresholdSpec } from "./panel.ts";
import {
  bucketMsFor,
  downsample,
  hasData,
  type NamedSeries,
  peak,
  ratioPercent,
  shortInstanceNames,
  topInstances,
  total,
} from "./series.ts";
import { layout, seriesColor, theme } from "./theme.ts";
import { formatDuration, formatRange, formatSpan, resolveZone, timeTicks, zoneLabel } from "./time-axis.ts";

export interface StatusChartInput {
  appName: string;
  grids: MetricGrid[];
  window: Window;
  incidentWindow?: Window;
  /** What the shaded window is called (default "Incident"; an alert's thread says "Alert"). */
  windowName?: string;
  /** IANA zone for the time axis; UTC when absent. */
  timeZone?: string;
  thresholds?: { errorRatePct?: number; cpuPct?: number; memPct?: number; responseTimeS?: number };
  title?: string;
}

const MISSING = "No data (metric not read)";
const EMPTY = "No data";
/** Instance lines per panel before the rest are rolled into "others". */
const MAX_INSTANCES = 10;

/** Plot height in logical px, the same in every panel so the stack reads as one dashboard. */
const PLOT = 98;

function bucketLabel(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000}-h` : `${Math.round(ms / 60_000)}-min`;
}

interface Ctx {
  w: Window;
  zone: string;
  bucket: number;
  ticks: ReturnType<typeof timeTicks>;
  incident?: Window;
}

/** Where a panel sits: only the bottom one shows time labels, only the top one labels the incident. */
interface Slot {
  last: boolean;
  incidentLabel?: string;
}

function common(c: Ctx, slot: Slot) {
  return {
    window: c.w,
    zone: c.zone,
    ticks: c.ticks,
    showTimeLabels: slot.last,
    incident: c.incident ? { window: c.incident, label: slot.incidentLabel } : undefined,
  };
}

function trafficPanel(grids: MetricGrid[], c: Ctx, errPct: number, slot: Slot): Panel {
  const req = findGrid(grids, ["Requests"], ["Total", "Count"], "site");
  const e5 = findGrid(grids, ["Http5xx"], ["Total", "Count"], "site");
  const lines: Line[] = [];
  const thresholds: ThresholdSpec[] = [];
  let y1: AxisSpec | undefined;
  const reqS = req && wholeSeries(req, "sum");
  const e5S = e5 && wholeSeries(e5, "sum");
  if (reqS && hasData(reqS.values)) {
    // Per-minute rate from the mean of known minutes: a missing minute never drags the line down.
    const perMin = scaleSeries(downsample(reqS, c.bucket, "mean"), 60_000 / reqS.grainMs);
    lines.push(
      line(`Requests/min · Σ ${formatCount(total(reqS.values))}`, theme.requests, perMin, c.w, {
        fill: theme.requestsFill,
        width: 1.4,
        order: 2,
      }),
    );
  }
  const sameAxis = reqS && e5S && reqS.start === e5S.start && reqS.grainMs === e5S.grainMs;
  const rate = sameAxis ? ratioPercent(e5S, reqS, c.bucket) : undefined;
  if (e5S && rate && hasData(rate.values)) {
    lines.push(
      line(`5xx rate · Σ ${formatCount(total(e5S.values))} errors`, theme.error, rate, c.w, {
        width: 1.8,
        axis: "y1",
        order: 1,
      }),
    );
    y1 = { format: formatPercent, suggestedMax: errPct * 1.5, grace: false, color: theme.error };
    thresholds.push({ value: errPct, label: `${formatPercent(errPct)} error rate`, axis: "y1" });
  } else if (e5S && hasData(e5S.values)) {
    // Without request counts no rate can be computed: show the 5xx count itself.
    const perMin = scaleSeries(downsample(e5S, c.bucket, "mean"), 60_000 / e5S.grainMs);
    lines.push(line(`5xx/min · Σ ${formatCount(total(e5S.values))}`, theme.error, perMin, c.w));
  }
  return buildPanel({
    ...common(c, slot),
    title: "Requests and 5xx errors",
    lines,
    y: { format: formatCount },
    y1,
    thresholds,
    noDataText: req || e5 ? EMPTY : MISSING,
    plot: PLOT,
  });
}

/** A log axis when the slowest request dwarfs the typical one (a 230 s timeout next to 0.2 s). */
export function wantsLogScale(avg: (number | null)[], max: (number | null)[]): boolean {
  const known = avg.filter((v): v is number => v !== null && v > 0).sort((a, b) => a - b);
  const top = peak(max) ?? peak(avg);
  if (!known.length || top === null) return false;
  return top / known[Math.floor(known.length / 2)] > 30;
}

function latencyPanel(grids: MetricGrid[], c: Ctx, thresholdS: number | undefined, slot: Slot): Panel {
  const names = ["HttpResponseTime", "AverageResponseTime"];
  const avg = findGrid(grids, names, ["Average"], "site");
  const max = findGrid(grids, names, ["Maximum"], "site");
  const avgS = avg && wholeSeries(avg, "mean");
  const maxS = max && wholeSeries(max, "max");
  const log = wantsLogScale(avgS?.values ?? [], maxS?.values ?? []);
  const lines: Line[] = [];
  for (const [s, mode, name, color] of [
    [avgS, "mean", "Average", theme.latencyAvg],
    [maxS, "max", "Max", theme.latencyMax],
  ] as const) {
    if (!s || !hasData(s.values)) continue;
    let d = downsample(s, c.bucket, mode);
    // Zero seconds (no requests) has no place on a log axis: it becomes a gap there.
    if (log) d = { ...d, values: d.values.map((v) => (v !== null && v > 0 ? v : null)) };
    lines.push(
      line(`${name} · peak ${formatSeconds(peak(s.values) ?? 0)}`, color, d, c.w, {
        width: name === "Max" ? 1.2 : 1.8,
        order: name === "Max" ? 2 : 1,
      }),
    );
  }
  const thresholds: ThresholdSpec[] =
    thresholdS === undefined ? [] : [{ value: thresholdS, label: formatSeconds(thresholdS), axis: "y" }];
  return buildPanel({
    ...common(c, slot),
    title: log ? "Response time (log scale)" : "Response time",
    lines,
    y: { format: formatSeconds, log, suggestedMax: thresholdS ? thresholdS * 1.2 : undefined },
    thresholds,
    noDataText: avg || max ? EMPTY : MISSING,
    plot: PLOT,
  });
}

function instanceSeries(g: MetricGrid | undefined): NamedSeries[] {
  if (!g) return [];
  if (Object.keys(g.perInstance).length === 0) return [{ name: "all instances", values: g.all }];
  return topInstances(g.perInstance, MAX_INSTANCES);
}

function instancePanel(
  title: string,
  g: MetricGrid | undefined,
  series: NamedSeries[],
  colors: Map<string, string>,
  short: Map<string, string>,
  thresholdPct: number,
  thresholdLabel: string,
  c: Ctx,
  slot: Slot,
): Panel {
  const lines: Line[] = [];
  if (g) {
    for (const s of series) {
      const p = peak(s.values);
      if (p === null) continue;
      const ds = downsample({ start: g.start, grainMs: g.grainMs, values: s.values }, c.bucket, "max");
      const name = s.others ? s.name : (short.get(s.name) ?? s.name);
      lines.push(
        line(
          `${ellipsize(name, 28)} · max ${formatPercent(p)}`,
          s.others ? theme.others : colors.get(s.name)!,
          ds,
          c.w,
          { dash: s.others ? [4, 3] : undefined, width: s.others ? 1.2 : 1.5 },
        ),
      );
    }
  }
  return buildPanel({
    ...common(c, slot),
    title,
    lines,
    y: { format: formatPercent, min: 0, max: 100, grace: false },
    thresholds: [{ value: thresholdPct, label: `${formatPercent(thresholdPct)} ${thresholdLabel}`, axis: "y" }],
    noDataText: g ? EMPTY : MISSING,
    plot: PLOT,
  });
}

export function buildStatusChart(raw: StatusChartInput): ChartSpec {
  const input = { ...raw, grids: raw.grids.map((g) => clipGrid(g, raw.window)) };
  const zone = resolveZone(input.timeZone);
  const w = input.window;
  const t = input.thresholds ?? {};
  const grain = Math.min(60_000, ...input.grids.map((g) => g.grainMs).filter((x) => x > 0));
  const c: Ctx = {
    w,
    zone,
    bucket: bucketMsFor(w.end - w.start, grain),
    ticks: timeTicks(w, zone),
    incident: input.incidentWindow,
  };

  const cpu = findGrid(input.grids, ["CpuPercentage"], ["Average", "Maximum"], "plan");
  const mem = findGrid(input.grids, ["MemoryPercentage"], ["Average", "Maximum"], "plan");
  const cpuSeries = instanceSeries(cpu);
  const memSeries = instanceSeries(mem);
  // One colour per instance across both panels, so an instance reads the same everywhere.
  const names = [...new Set([...cpuSeries, ...memSeries].filter((s) => !s.others).map((s) => s.name))].sort();
  const colors = new Map(names.map((n, i) => [n, seriesColor(i)]));
  const short = shortInstanceNames(names);

  const windowName = input.windowName ?? "Incident";
  const incidentLabel = input.incidentWindow ? `${windowName} ${formatSpan(input.incidentWindow, zone)}` : undefined;
  const mid: Slot = { last: false };
  const panels = [
    trafficPanel(input.grids, c, t.errorRatePct ?? 5, { last: false, incidentLabel }),
    latencyPanel(input.grids, c, t.responseTimeS, mid),
    instancePanel("CPU % per instance", cpu, cpuSeries, colors, short, t.cpuPct ?? 90, "CPU", c, mid),
    instancePanel("Memory % per instance", mem, memSeries, colors, short, t.memPct ?? 90, "memory", c, { last: true }),
  ];

  const subtitle = [
    `${bucketLabel(c.bucket)} points`,
    input.incidentWindow ? `${windowName.toLowerCase()} shaded` : undefined,
    `times in ${zoneLabel(zone, w.end)}`,
  ]
    .filter(Boolean)
    .join(" · ");
  return {
    width: layout.width,
    title: input.title ?? input.appName,
    titleSuffix: `${formatRange(w, zone)} (${formatDuration(w.end - w.start)})`,
    subtitle,
    panels,
  };
}
