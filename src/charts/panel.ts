// One time-series panel as a Chart.js line-chart configuration: shared look (grid, axes, legend at
// the bottom like Grafana), fixed axis widths so stacked panels line up, thresholds and an incident band.
import type { Chart, ChartConfiguration, ChartDataset, LegendItem, Scale } from "chart.js";
import { Chart as ChartJs } from "chart.js";
import type { Window } from "../core/snapshot.ts";
import { LEGEND, legendRows } from "./measure.ts";
import { backgroundPlugin, noDataPlugin } from "./plugins.ts";
import { type Series, toPoints } from "./series.ts";
import { layout, theme, typography } from "./theme.ts";
import { formatTick, type TimeTick } from "./time-axis.ts";

export type LineDataset = ChartDataset<"line", Array<{ x: number; y: number | null }>>;
export type PanelConfig = ChartConfiguration<"line", Array<{ x: number; y: number | null }>>;

/** What the renderer needs: a header drawn once, then panels stacked top to bottom. */
export interface ChartSpec {
  width: number;
  title: string;
  /** Drawn after the title in a lighter weight (the window). */
  titleSuffix: string;
  subtitle: string;
  panels: Array<{ height: number; config: PanelConfig }>;
}

export interface AxisSpec {
  format: (v: number) => string;
  min?: number;
  max?: number;
  suggestedMax?: number;
  /** Tick label colour, to tie a right axis to its series. */
  color?: string;
  /** Logarithmic axis with 1-3-10 ticks (latency whose max dwarfs the average). */
  log?: boolean;
  /** Headroom above the data; off for bounded percent axes, where nice ticks suffice. */
  grace?: boolean;
}

export interface ThresholdSpec {
  value: number;
  label: string;
  axis: "y" | "y1";
}

export interface PanelOptions {
  title: string;
  window: Window;
  zone: string;
  ticks: TimeTick[];
  showTimeLabels: boolean;
  datasets: LineDataset[];
  y: AxisSpec;
  y1?: AxisSpec;
  thresholds?: ThresholdSpec[];
  incident?: { window: Window; label?: string };
  noDataText?: string;
}

// chartjs-plugin-annotation's named type exports do not resolve under nodenext (extensionless
// re-exports in its .d.ts), so annotation and scale objects are typed loosely here.
type AnnotationOptions = Record<string, unknown>;

/** Height of the strip between panel title and plot that holds the incident label. */
export const INCIDENT_STRIP = 16;
type LinearOptions = Record<string, unknown>;

/** 1-3-10 ticks: Chart.js's log scale would put a grid line on every 1…9 mantissa. */
function logTicks(scale: Scale): void {
  const ticks: Array<{ value: number }> = [];
  for (let e = Math.floor(Math.log10(scale.min)); 10 ** e <= scale.max; e++) {
    for (const m of [1, 3]) {
      const v = m * 10 ** e;
      if (v >= scale.min && v <= scale.max) ticks.push({ value: v });
    }
  }
  scale.ticks = ticks;
}

function yAxis(spec: AxisSpec, position: "left" | "right", width: number, hasData: boolean): LinearOptions {
  return {
    type: spec.log ? "logarithmic" : "linear",
    position,
    min: spec.log ? spec.min : (spec.min ?? 0),
    max: spec.max,
    suggestedMax: spec.suggestedMax,
    grace: spec.grace === false || spec.log ? undefined : "5%",
    afterBuildTicks: spec.log ? logTicks : undefined,
    border: { display: false },
    grid: { color: theme.grid, drawTicks: false, drawOnChartArea: position === "left" },
    ticks: {
      display: hasData,
      maxTicksLimit: 5,
      padding: 6,
      color: spec.color ?? theme.textMuted,
      font: { size: typography.tick },
      callback: (v: number | string) => spec.format(Number(v)),
    },
    afterFit(scale: Scale) {
      scale.width = width;
    },
  };
}

function annotations(o: PanelOptions, hasData: boolean): Record<string, AnnotationOptions> {
  const out: Record<string, AnnotationOptions> = {};
  if (o.incident) {
    const xMin = Math.max(o.incident.window.start, o.window.start);
    const xMax = Math.min(o.incident.window.end, o.window.end);
    if (xMax > xMin) {
      // Label on the side with room: a band in the right third gets its label right-aligned.
      const rightSide = (xMin - o.window.start) / (o.window.end - o.window.start) > 0.66;
      out.incident = {
        type: "box",
        xMin,
        xMax,
        drawTime: "beforeDatasetsDraw",
        backgroundColor: theme.incidentFill,
        borderWidth: 0,
        // The label sits in a strip above the plot (the plugin's clip is off then) so it never hides data.
        label: {
          display: Boolean(o.incident.label),
          content: o.incident.label ?? "",
          position: { x: rightSide ? "end" : "start", y: "start" },
          color: theme.incidentText,
          font: { size: typography.annotation, weight: 600 },
          padding: { x: 0, y: 3 },
          yAdjust: -INCIDENT_STRIP,
        },
      };
    }
  }
  // A threshold over an empty panel is noise: it only makes sense against data.
  for (const [i, t] of (hasData ? (o.thresholds ?? []) : []).entries()) {
    out[`threshold${i}`] = {
      type: "line",
      scaleID: t.axis,
      value: t.value,
      drawTime: "afterDatasetsDraw",
      borderColor: theme.threshold,
      borderWidth: 1.2,
      borderDash: [6, 4],
      label: {
        display: true,
        content: t.label,
        position: "start",
        backgroundColor: "rgba(255, 255, 255, 0.85)",
        color: theme.threshold,
        font: { size: typography.annotation, weight: 600 },
        padding: { x: 4, y: 2 },
        // Above the line, unless that would clip it at the top of the plot.
        yAdjust: (c: { chart: Chart }) => {
          const py = c.chart.scales[t.axis]?.getPixelForValue(t.value) ?? 0;
          return py - c.chart.chartArea.top < 18 ? 9 : -9;
        },
      },
    };
  }
  return out;
}

/**
 * Panel height for a plot of `plot` logical px: title block, plot, the legend rows it will really
 * need (measured), time labels under the bottom panel, and `extra` (the incident label strip).
 */
export function panelHeight(labels: string[], plot: number, timeLabels: boolean, extra = 0): number {
  // The legend box spans the panel minus the layout padding (which includes the right axis slot).
  const rows = legendRows(labels, layout.width - 2 * layout.paddingX - layout.rightAxisWidth);
  const legend = rows ? rows * (typography.legend + LEGEND.padding) + 10 : 0;
  return 24 + plot + legend + (timeLabels ? 26 : 0) + extra;
}

export function panelHasData(datasets: LineDataset[]): boolean {
  return datasets.some((d) => d.data.some((p) => p.y !== null && Number.isFinite(p.y)));
}

export function buildPanel(o: PanelOptions): PanelConfig {
  const hasData = panelHasData(o.datasets);
  const scales: Record<string, unknown> = {
    x: {
      type: "time",
      min: o.window.start,
      max: o.window.end,
      adapters: { date: { zone: o.zone } },
      // "labels" (there are none) skips Chart.js's own tick generation, which would step through
      // the window with luxon; afterBuildTicks supplies the ticks instead. The unit only names a format.
      time: { unit: "minute" },
      border: { display: false },
      grid: { color: theme.grid, drawTicks: false },
      // Local wall-clock ticks computed in time-axis.ts replace Chart.js's own.
      afterBuildTicks(scale: Scale) {
        scale.ticks = o.ticks.map((t) => ({ value: t.value, major: t.major }));
      },
      ticks: {
        source: "labels",
        display: o.showTimeLabels,
        autoSkip: false,
        maxRotation: 0,
        padding: 6,
        color: theme.textMuted,
        font: (c: { tick?: { major?: boolean } }) => ({
          size: typography.tick,
          weight: c.tick?.major ? 600 : 400,
        }),
        major: { enabled: true },
        callback: (v: number | string, i: number, ticks: Array<{ major?: boolean }>) =>
          formatTick(Number(v), o.zone, Boolean(ticks[i]?.major)),
      },
    },
    y: yAxis(o.y, "left", layout.leftAxisWidth, hasData),
  };
  if (o.y1) scales.y1 = yAxis(o.y1, "right", layout.rightAxisWidth, hasData);

  return {
    type: "line",
    data: { datasets: o.datasets },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: layout.pixelRatio,
      parsing: false,
      normalized: true,
      spanGaps: false,
      events: [],
      layout: {
        padding: {
          left: layout.paddingX,
          right: layout.paddingX + (o.y1 ? 0 : layout.rightAxisWidth),
          top: 2,
          bottom: 4,
        },
      },
      elements: { point: { radius: 0 }, line: { borderWidth: 1.5, tension: 0, borderJoinStyle: "round" } },
      scales: scales as NonNullable<PanelConfig["options"]>["scales"],
      plugins: {
        title: {
          display: true,
          text: o.title,
          align: "start",
          color: theme.text,
          font: { size: typography.panelTitle, weight: 600 },
          padding: { top: 8, bottom: o.incident?.label ? 8 + INCIDENT_STRIP : 8 },
        },
        legend: {
          display: o.datasets.length > 0,
          position: "bottom",
          align: "start",
          labels: {
            ...LEGEND,
            // Dataset order, and solid swatches even for filled areas.
            sort: (a: LegendItem, b: LegendItem) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0),
            generateLabels: (chart: Chart) =>
              ChartJs.defaults.plugins.legend.labels
                .generateLabels(chart)
                .map((l) => ({ ...l, fillStyle: l.strokeStyle, lineDash: [], lineWidth: 0 })),
            color: theme.text,
            font: { size: typography.legend },
          },
        },
        tooltip: { enabled: false },
        annotation: { clip: !o.incident?.label, annotations: annotations(o, hasData) },
      },
    },
    plugins: [backgroundPlugin, noDataPlugin(o.noDataText ?? "No data")],
  };
}

/** Marks points with no known neighbour: with radius 0 they would otherwise be invisible. */
export function isolatedPointRadius(data: Array<{ y: number | null }>, r = 2): number | number[] {
  let any = false;
  const radii = data.map((p, i) => {
    if (p.y === null) return 0;
    const prev = data[i - 1]?.y ?? null;
    const next = data[i + 1]?.y ?? null;
    const lone = prev === null && next === null;
    any ||= lone;
    return lone ? r : 0;
  });
  return any ? radii : 0;
}

/** A thin line dataset for a series clipped to the window; lone points get a dot. */
export function lineDataset(
  label: string,
  color: string,
  s: Series,
  w: Window,
  extra: Partial<LineDataset> = {},
): LineDataset {
  const data = toPoints(s, w);
  return {
    label,
    data,
    borderColor: color,
    backgroundColor: color,
    pointRadius: isolatedPointRadius(data),
    pointBackgroundColor: color,
    ...extra,
  };
}
