// The bottom legend's layout: items left to right, wrapping to a new row when the next would not fit.
// Pure, so a panel's height can be planned before anything is drawn (a wrapped legend makes the panel
// taller instead of squashing its plot).
import { textWidth } from "./text/metrics.ts";
import { typography } from "./theme.ts";

export const LEGEND = { boxWidth: 14, boxHeight: 3, padding: 10 } as const;

/** Height of one legend row. */
export const LEGEND_ROW = typography.legend + LEGEND.padding;

export interface LegendSlot {
  row: number;
  /** Offset of the swatch from the legend's left edge. */
  x: number;
}

export function legendSlots(labels: string[], maxWidth: number): LegendSlot[] {
  const size = typography.legend;
  const slots: LegendSlot[] = [];
  let row = -1;
  let line = 0;
  for (const [i, text] of labels.entries()) {
    const w = LEGEND.boxWidth + size / 2 + textWidth(text, size);
    if (i === 0 || line + w + 2 * LEGEND.padding > maxWidth) {
      row++;
      line = 0;
    }
    slots.push({ row, x: LEGEND.padding + line });
    line += w + LEGEND.padding;
  }
  return slots;
}

/** Rows the laid-out slots take. */
export function rowsOf(slots: LegendSlot[]): number {
  return slots.length ? slots[slots.length - 1].row + 1 : 0;
}

/** Rows a legend of these labels needs. */
export function legendRows(labels: string[], maxWidth: number): number {
  return rowsOf(legendSlots(labels, maxWidth));
}

/** Height of a legend of `rows` rows, with its padding; none without rows. */
export function legendHeight(rows: number): number {
  return rows ? rows * LEGEND_ROW + LEGEND.padding : 0;
}
