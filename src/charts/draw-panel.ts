// Draws one panel into the SVG document: title, grid, incident band, lines, thresholds, axes, legend.
// Pure (string building); what goes where comes from panel-layout.ts.
import { LEGEND } from "./legend.ts";
import { hasPoints, type Line, lonePoints, type Panel, TITLE_MIDDLE } from "./panel.ts";
import { type Area, layoutPanel, type PanelGeometry } from "./panel-layout.ts";
import type { Scale } from "./scales.ts";
import { num, type SvgDoc } from "./svg.ts";
import { textWidth } from "./text/metrics.ts";
import { layout, theme, typography } from "./theme.ts";
import { formatTick } from "./time-axis.ts";

/** Grid lines on whole logical px: 1 px wide, they cover exactly two device rows at 2×. */
const crisp = (v: number) => Math.round(v);

type Px = [number, number];

/**
 * Cuts a run of points (x increasing) at the plot's left and right edges, interpolating where it crosses
 * them, and holds y within the plot: the first point of a series may lie a bucket before the window, and
 * clipping here is far cheaper than a clip path, which costs the rasteriser a layer per panel.
 */
export function clipRun(run: Px[], a: Area): Px[] {
  const out: Px[] = [];
  const at = (p: Px, q: Px, x: number): Px => [x, p[1] + ((q[1] - p[1]) * (x - p[0])) / (q[0] - p[0] || 1)];
  for (let i = 0; i < run.length; i++) {
    const p = run[i];
    const prev = run[i - 1];
    if (p[0] < a.left) continue;
    if (prev && prev[0] < a.left) out.push(at(prev, p, a.left));
    if (p[0] > a.right) {
      if (prev && prev[0] <= a.right && prev[0] >= a.left) out.push(at(prev, p, a.right));
      break;
    }
    out.push(p);
  }
  return out.map(([x, y]) => [x, Math.min(Math.max(y, a.top), a.bottom)]);
}

function linePath(l: Line, g: PanelGeometry, scale: Scale): { stroke: string; fill: string } {
  const zero = Math.min(Math.max(scale.toPx(Math.max(scale.min, 0)), g.area.top), g.area.bottom);
  let stroke = "";
  let fill = "";
  let run: Px[] = [];
  const close = () => {
    const pts = clipRun(run, g.area);
    if (pts.length > 1) {
      const d = pts.map(([x, y]) => `${num(x)} ${num(y)}`).join("L");
      stroke += `M${d}`;
      fill += `M${num(pts[0][0])} ${num(zero)}L${d}L${num(pts[pts.length - 1][0])} ${num(zero)}Z`;
    }
    run = [];
  };
  for (const p of l.points) {
    if (p.y === null) close();
    else run.push([g.x(p.x), scale.toPx(p.y)]);
  }
  close();
  return { stroke, fill };
}

function drawLines(doc: SvgDoc, p: Panel, g: PanelGeometry): void {
  // Lower order on top, as listed; among equals, the later one on top.
  const ordered = p.lines.map((l, i) => ({ l, i })).sort((a, b) => b.l.order - a.l.order || a.i - b.i);
  for (const { l } of ordered) {
    const scale = l.axis === "y1" && g.y1 ? g.y1 : g.y;
    const { stroke, fill } = linePath(l, g, scale);
    if (l.fill && fill) doc.raw(`<path d="${fill}" fill="${l.fill}"/>`);
    if (stroke) {
      const dash = l.dash?.length ? ` stroke-dasharray="${l.dash.join(" ")}"` : "";
      doc.raw(
        `<path d="${stroke}" fill="none" stroke="${l.color}" stroke-width="${l.width}" stroke-linejoin="round"${dash}/>`,
      );
    }
    for (const i of lonePoints(l.points)) {
      const [dot] = clipRun([[g.x(l.points[i].x), scale.toPx(l.points[i].y!)]], g.area);
      if (dot) doc.raw(`<circle cx="${num(dot[0])}" cy="${num(dot[1])}" r="2" fill="${l.color}"/>`);
    }
  }
}

function drawIncident(doc: SvgDoc, p: Panel, a: Area, g: PanelGeometry): void {
  if (!p.incident) return;
  const from = Math.max(p.incident.window.start, p.window.start);
  const to = Math.min(p.incident.window.end, p.window.end);
  if (to <= from) return;
  const x0 = g.x(from);
  const x1 = g.x(to);
  doc.rect(x0, a.top, x1 - x0, a.bottom - a.top, theme.incidentFill);
  if (!p.incident.label) return;
  // In the strip above the plot, so it never hides data; right-aligned when the band is in the right third.
  const rightSide = (from - p.window.start) / (p.window.end - p.window.start) > 0.66;
  doc.text(p.incident.label, rightSide ? x1 : x0, a.top - 4, {
    size: typography.annotation,
    weight: 600,
    fill: theme.incidentText,
    anchor: rightSide ? "end" : "start",
  });
}

function drawThresholds(doc: SvgDoc, p: Panel, a: Area, g: PanelGeometry): void {
  for (const t of p.thresholds) {
    const scale = t.axis === "y1" ? g.y1 : g.y;
    if (!scale || t.value < scale.min || t.value > scale.max) continue;
    const y = scale.toPx(t.value);
    doc.line(a.left, y, a.right, y, theme.threshold, 1.2, [6, 4]);
    // The label sits above the line, or below it when the line runs along the top of the plot.
    const mid = y - a.top < 18 ? y + 9 : y - 9;
    const size = typography.annotation;
    const x = a.left + 6;
    const w = textWidth(t.label, size, 600);
    doc.rect(x, mid - size / 2 - 2, w + 8, size + 4, "rgba(255, 255, 255, 0.85)");
    doc.text(t.label, x + 4, mid, { size, weight: 600, fill: theme.threshold, baseline: "middle" });
  }
}

function drawAxes(doc: SvgDoc, p: Panel, a: Area, g: PanelGeometry, withData: boolean): void {
  const tick = typography.tick;
  // Value labels only with data: an empty axis would claim a range nothing was measured in.
  if (withData) {
    for (const v of g.y.ticks)
      doc.text(p.y.format(v), a.left - 6, g.y.toPx(v), {
        size: tick,
        fill: p.y.color ?? theme.textMuted,
        anchor: "end",
        baseline: "middle",
      });
    if (g.y1 && p.y1)
      for (const v of g.y1.ticks)
        doc.text(p.y1.format(v), a.right + 6, g.y1.toPx(v), {
          size: tick,
          fill: p.y1.color ?? theme.textMuted,
          baseline: "middle",
        });
  }
  if (p.showTimeLabels)
    for (const t of p.ticks)
      doc.text(formatTick(t.value, p.zone, t.major), g.x(t.value), a.bottom + 6, {
        size: tick,
        weight: t.major ? 600 : 400,
        fill: theme.textMuted,
        anchor: "middle",
        baseline: "top",
      });
}

function drawGrid(doc: SvgDoc, p: Panel, a: Area, g: PanelGeometry): void {
  for (const v of g.y.ticks) {
    const y = crisp(g.y.toPx(v));
    doc.line(a.left, y, a.right, y, theme.grid);
  }
  for (const t of p.ticks) {
    const x = crisp(g.x(t.value));
    doc.line(x, a.top, x, a.bottom, theme.grid);
  }
}

function drawLegend(doc: SvgDoc, p: Panel, g: PanelGeometry): void {
  for (const [i, item] of p.legend.entries()) {
    const at = g.legend.items[i];
    doc.rect(at.x, at.y - LEGEND.boxHeight / 2, LEGEND.boxWidth, LEGEND.boxHeight, item.color);
    doc.text(item.label, at.x + LEGEND.boxWidth + typography.legend / 2, at.y, {
      size: typography.legend,
      fill: theme.text,
      baseline: "middle",
    });
  }
}

/** Draws `p` with its top edge at logical y `top`; returns its geometry. */
export function drawPanel(doc: SvgDoc, p: Panel, width: number, top: number): PanelGeometry {
  const g = layoutPanel(p, width, top);
  const a = g.area;
  const withData = hasPoints(p.lines);
  doc.text(p.title, layout.paddingX, top + TITLE_MIDDLE, {
    size: typography.panelTitle,
    weight: 600,
    fill: theme.text,
    baseline: "middle",
  });
  drawGrid(doc, p, a, g);
  drawIncident(doc, p, a, g);
  drawLines(doc, p, g);
  drawThresholds(doc, p, a, g);
  drawAxes(doc, p, a, g, withData);
  drawLegend(doc, p, g);
  if (!withData)
    doc.text(p.noDataText, (a.left + a.right) / 2, (a.top + a.bottom) / 2, {
      size: typography.noData,
      weight: 500,
      fill: theme.noData,
      anchor: "middle",
      baseline: "middle",
    });
  return g;
}
