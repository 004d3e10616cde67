// Text measurement with the registered Inter, so panel heights can be planned before Chart.js
// lays the legend out (a panel whose legend wraps gets taller instead of a squashed plot).
import { createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import { FONT_FAMILY, registerFonts } from "./fonts.ts";
import { typography } from "./theme.ts";

let ctx: SKRSContext2D | undefined;

export function textWidth(text: string, sizePx: number, weight = 400): number {
  if (!ctx) {
    registerFonts();
    ctx = createCanvas(1, 1).getContext("2d");
  }
  ctx.font = `${weight} ${sizePx}px ${FONT_FAMILY}`;
  return ctx.measureText(text).width;
}

export const LEGEND = { boxWidth: 14, boxHeight: 3, padding: 10 } as const;

/** Rows a bottom legend needs, by the same rule as Chart.js's Legend._fitRows. */
export function legendRows(labels: string[], maxWidth: number): number {
  const size = typography.legend;
  let rows = 0;
  let line = 0;
  for (const [i, text] of labels.entries()) {
    const w = LEGEND.boxWidth + size / 2 + textWidth(text, size);
    if (i === 0 || line + w + 2 * LEGEND.padding > maxWidth) {
      rows++;
      line = 0;
    }
    line += w + LEGEND.padding;
  }
  return rows;
}
