import { describe, expect, it } from "vitest";
import { LEGEND, legendHeight, legendRows, legendSlots } from "../../src/charts/legend.ts";
import { textWidth } from "../../src/charts/text/metrics.ts";

describe("legend layout", () => {
  it("places items left to right and wraps when the next one would not fit", () => {
    const labels = ["Requests/min · Σ 3.2M", "5xx rate · Σ 7.3k errors"];
    const slots = legendSlots(labels, 800);
    expect(slots.map((s) => s.row)).toEqual([0, 0]);
    expect(slots[0].x).toBe(LEGEND.padding);
    const first = LEGEND.boxWidth + 11 / 2 + textWidth(labels[0], 11);
    expect(slots[1].x).toBeCloseTo(LEGEND.padding + first + LEGEND.padding, 9);
    expect(legendSlots(labels, 200).map((s) => s.row)).toEqual([0, 1]);
  });

  it("sizes the block by its rows, and takes no room without items", () => {
    const many = Array.from({ length: 10 }, (_, i) => `instance-${i} · max 100 %`);
    expect(legendRows(many, 800)).toBe(2);
    expect(legendHeight(2)).toBe(2 * (11 + LEGEND.padding) + LEGEND.padding);
    expect(legendRows([], 800)).toBe(0);
    expect(legendHeight(0)).toBe(0);
  });
});
