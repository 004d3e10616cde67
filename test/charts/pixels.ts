// Decodes PNGs and looks at pixels, for render tests.
import { Canvas, createCanvas, loadImage } from "@napi-rs/canvas";
import { Chart, type ChartItem } from "chart.js";
import type { ChartSpec } from "../../src/charts/panel.ts";
import { setupCharts } from "../../src/charts/render.ts";
import { layout } from "../../src/charts/theme.ts";

export interface Pixels {
  width: number;
  height: number;
  /** [r, g, b, a] at device pixel (x, y). */
  at(x: number, y: number): [number, number, number, number];
}

export async function decode(png: Buffer): Promise<Pixels> {
  const img = await loadImage(png);
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, img.width, img.height).data;
  return {
    width: img.width,
    height: img.height,
    at: (x, y) => {
      const i = (Math.round(y) * img.width + Math.round(x)) * 4;
      return [d[i], d[i + 1], d[i + 2], d[i + 3]];
    },
  };
}

/** Counts pixels in a device-pixel rectangle that satisfy `pred`. */
export function count(
  p: Pixels,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  pred: (px: [number, number, number, number]) => boolean,
): number {
  let n = 0;
  for (let y = Math.floor(y0); y < y1; y++) for (let x = Math.floor(x0); x < x1; x++) if (pred(p.at(x, y))) n++;
  return n;
}

export function ihdr(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export interface PanelGeometry {
  /** Logical y of the panel's top edge in the whole image. */
  top: number;
  area: { left: number; right: number; top: number; bottom: number };
  x(t: number): number;
  y(axis: string, v: number): number;
}

/** Lays each panel out with Chart.js on a scratch canvas: the same layout the renderer produces. */
export function geometry(spec: ChartSpec): PanelGeometry[] {
  setupCharts();
  let top = layout.headerHeight;
  return spec.panels.map((p) => {
    const chart = new Chart(new Canvas(spec.width, p.height) as unknown as ChartItem, p.config);
    // Scales keep their layout after destroy(); only the chart's canvas binding goes.
    const scales = { ...chart.scales };
    const g: PanelGeometry = {
      top,
      area: { ...chart.chartArea },
      x: (t) => scales.x.getPixelForValue(t),
      y: (axis, v) => scales[axis].getPixelForValue(v),
    };
    chart.destroy();
    top += p.height;
    return g;
  });
}
