// Where a panel's parts go, in the whole image's logical px: the plot area, the axes' scales and the
// legend. Pure: the drawing and the render tests use the same geometry.
import { LEGEND, LEGEND_ROW, legendHeight, legendSlots, rowsOf } from "./legend.ts";
import {
  INCIDENT_STRIP,
  LEGEND_WIDTH,
  type Line,
  PANEL_BOTTOM,
  type Panel,
  TIME_LABELS,
  TITLE_BLOCK,
} from "./panel.ts";
import { extent, type Scale, timeScale, valueScale } from "./scales.ts";
import { layout, typography } from "./theme.ts";

export interface Area {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface PanelGeometry {
  /** Logical y of the panel's top edge in the whole image. */
  top: number;
  area: Area;
  x(t: number): number;
  y: Scale;
  y1?: Scale;
  /** Top of the legend block, and each item's swatch position (left edge, vertical middle). */
  legend: { top: number; items: Array<{ x: number; y: number }> };
}

function dataExtent(lines: Line[], axis: "y" | "y1", log: boolean): [number, number] | undefined {
  return extent(
    lines.filter((l) => l.axis === axis).flatMap((l) => l.points.map((p) => p.y)),
    log,
  );
}

export function layoutPanel(p: Panel, width: number, top: number): PanelGeometry {
  const slots = legendSlots(
    p.legend.map((l) => l.label),
    LEGEND_WIDTH,
  );
  const legendTop = top + p.height - PANEL_BOTTOM - legendHeight(rowsOf(slots));
  const area: Area = {
    left: layout.paddingX + layout.leftAxisWidth,
    right: width - layout.paddingX - layout.rightAxisWidth,
    top: top + TITLE_BLOCK + (p.incident?.label ? INCIDENT_STRIP : 0),
    bottom: legendTop - (p.showTimeLabels ? TIME_LABELS : 0),
  };
  const y = valueScale(p.y, dataExtent(p.lines, "y", Boolean(p.y.log)), area.bottom, area.top);
  const y1 = p.y1 && valueScale(p.y1, dataExtent(p.lines, "y1", Boolean(p.y1.log)), area.bottom, area.top);
  return {
    top,
    area,
    x: timeScale(p.window.start, p.window.end, area.left, area.right),
    y,
    y1,
    legend: {
      top: legendTop,
      items: slots.map((s) => ({
        x: layout.paddingX + s.x,
        y: legendTop + LEGEND.padding + s.row * LEGEND_ROW + typography.legend / 2,
      })),
    },
  };
}
