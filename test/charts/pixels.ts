// Decodes PNGs and looks at pixels, for render tests. Decoding uses pngjs, an encoder-independent reader.
import { PNG } from "pngjs";
import type { ChartSpec } from "../../src/charts/panel.ts";
import { layoutPanel, type PanelGeometry } from "../../src/charts/panel-layout.ts";
import { layout } from "../../src/charts/theme.ts";

export interface Pixels {
  width: number;
  height: number;
  /** [r, g, b, a] at device pixel (x, y). */
  at(x: number, y: number): [number, number, number, number];
}

export function decode(png: Buffer): Pixels {
  const img = PNG.sync.read(png);
  const d = img.data;
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

/** Each panel's geometry in the whole image's logical px: the layout the renderer draws with. */
export function geometry(spec: ChartSpec): PanelGeometry[] {
  let top = layout.headerHeight;
  return spec.panels.map((p) => {
    const g = layoutPanel(p, spec.width, top);
    top += p.height;
    return g;
  });
}
