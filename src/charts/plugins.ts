// Two tiny inline Chart.js plugins: an opaque background (the canvas starts transparent) and a
// "No data" message for panels whose series are all null, so an empty panel never reads as zero.
import type { Chart, Plugin } from "chart.js";
import { FONT_FAMILY } from "./fonts.ts";
import { theme, typography } from "./theme.ts";

export const backgroundPlugin: Plugin = {
  id: "appsvcBackground",
  beforeDraw(chart: Chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

function chartHasData(chart: Chart): boolean {
  for (const ds of chart.data.datasets) {
    for (const p of ds.data as unknown[]) {
      const y = typeof p === "number" ? p : (p as { y?: unknown } | null)?.y;
      if (typeof y === "number" && Number.isFinite(y)) return true;
    }
  }
  return false;
}

export function noDataPlugin(text: string): Plugin {
  return {
    id: "appsvcNoData",
    afterDraw(chart: Chart) {
      if (chartHasData(chart)) return;
      const { ctx, chartArea: a } = chart;
      ctx.save();
      ctx.fillStyle = theme.noData;
      ctx.font = `500 ${typography.noData}px ${FONT_FAMILY}`;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(text, (a.left + a.right) / 2, (a.top + a.bottom) / 2);
      ctx.restore();
    },
  };
}
