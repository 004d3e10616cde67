// One time-series panel as data: its lines, axes, thresholds, incident band and legend. Pure; the
// layout (panel-layout.ts) and the drawing (draw-panel.ts) read it. Shared look: grid, legend at the
// bottom like Grafana, fixed axis widths so stacked panels line up on the time axis.
import type { Window } from "../core/snapshot.ts";
import { legendHeight, legendRows } from "./legend.ts";
import type { AxisSpec } from "./scales.ts";
import { type Series, toPoints } from "./series.ts";
import { layout } from "./theme.ts";
import type { TimeTick } from "./time-axis.ts";

export type { AxisSpec } from "./scales.ts";

export interface Point {
  x: number;
  y: number | null;
}

export interface Line {
  label: string;
  points: Point[];
  color: string;
  /** Stroke width in logical px. */
  width: number;
  dash?: number[];
  axis: "y" | "y1";
  /** The area between the line and zero, in this colour. */
  fill?: string;
  /** Drawing order: lower is drawn later, on top. */
  order: number;
}

export interface LegendItem {
  label: string;
  color: string;
}

export interface ThresholdSpec {
  value: number;
  label: string;
  axis: "y" | "y1";
}

export interface Panel {
  title: string;
  /** Logical px, title to legend. */
  height: number;
  window: Window;
  zone: string;
  ticks: TimeTick[];
  showTimeLabels: boolean;
  lines: Line[];
  legend: LegendItem[];
  y: AxisSpec;
  y1?: AxisSpec;
  thresholds: ThresholdSpec[];
  incident?: { window: Window; label?: string };
  noDataText: string;
}

/** What the renderer needs: a header drawn once, then panels stacked top to bottom. */
export interface ChartSpec {
  width: number;
  title: string;
  /** Drawn after the title in a lighter weight (the window). */
  titleSuffix: string;
  subtitle: string;
  panels: Panel[];
}

export interface PanelOptions {
  title: string;
  window: Window;
  zone: string;
  ticks: TimeTick[];
  showTimeLabels: boolean;
  lines: Line[];
  /** One entry per line, in order, unless given. */
  legend?: LegendItem[];
  y: AxisSpec;
  y1?: AxisSpec;
  thresholds?: ThresholdSpec[];
  incident?: { window: Window; label?: string };
  noDataText?: string;
  /** Plot height in logical px. */
  plot: number;
}

/** Height of the strip between panel title and plot that holds the incident label. */
export const INCIDENT_STRIP = 16;
/** Title block above the plot: padding, one 13 px line, padding. */
export const TITLE_BLOCK = 34;
/** Where the panel title's line sits, from the panel's top edge (the middle of its capitals). */
export const TITLE_MIDDLE = 18;
/** Padding under the legend, to the next panel. */
export const PANEL_BOTTOM = 4;
/** Room under the plot for the time labels. */
export const TIME_LABELS = 26;

/** Width the legend may use: the panel minus its padding and the right axis slot. */
export const LEGEND_WIDTH = layout.width - 2 * layout.paddingX - layout.rightAxisWidth;

/**
 * Panel height for a plot of `plot` logical px: title block, plot, the legend rows it will really
 * need (measured), time labels under the bottom panel, and `extra` (the incident label strip).
 */
export function panelHeight(labels: string[], plot: number, timeLabels: boolean, extra = 0): number {
  const legend = legendHeight(legendRows(labels, LEGEND_WIDTH));
  return TITLE_BLOCK + extra + plot + (timeLabels ? TIME_LABELS : 0) + legend + PANEL_BOTTOM;
}

export function hasPoints(lines: Line[]): boolean {
  return lines.some((l) => l.points.some((p) => p.y !== null && Number.isFinite(p.y)));
}

export function buildPanel(o: PanelOptions): Panel {
  const legend = o.legend ?? o.lines.map((l) => ({ label: l.label, color: l.color }));
  // A threshold over an empty panel is noise: it only makes sense against data.
  const thresholds = hasPoints(o.lines) ? (o.thresholds ?? []) : [];
  const strip = o.incident?.label ? INCIDENT_STRIP : 0;
  return {
    title: o.title,
    height: panelHeight(
      legend.map((l) => l.label),
      o.plot,
      o.showTimeLabels,
      strip,
    ),
    window: o.window,
    zone: o.zone,
    ticks: o.ticks,
    showTimeLabels: o.showTimeLabels,
    lines: o.lines,
    legend,
    y: o.y,
    y1: o.y1,
    thresholds,
    incident: o.incident,
    noDataText: o.noDataText ?? "No data",
  };
}

/** Indexes of points with no known neighbour: drawn as dots, since a line through one point is nothing. */
export function lonePoints(points: Point[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < points.length; i++) {
    if (points[i].y === null) continue;
    if ((points[i - 1]?.y ?? null) === null && (points[i + 1]?.y ?? null) === null) out.push(i);
  }
  return out;
}

/** A line for a series clipped to the window. */
export function line(label: string, color: string, s: Series, w: Window, extra: Partial<Line> = {}): Line {
  return { label, color, points: toPoints(s, w), width: 1.5, axis: "y", order: 0, ...extra };
}
