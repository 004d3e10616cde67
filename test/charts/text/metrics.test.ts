import { describe, expect, it } from "vitest";
import { fitText, inTable, textWidth } from "../../../src/charts/text/metrics.ts";

describe("text metrics", () => {
  it("measures with Inter's advances and kerning", () => {
    // "AV" kerns tighter than the two letters' advances.
    expect(textWidth("AV", 100)).toBeLessThan(textWidth("A", 100) + textWidth("V", 100));
    expect(textWidth("Requests and 5xx errors", 13, 600)).toBeGreaterThan(textWidth("Requests and 5xx errors", 13));
    expect(textWidth("abc", 22)).toBeCloseTo(2 * textWidth("abc", 11), 9);
    expect(textWidth("", 11)).toBe(0);
  });

  it("cuts with an ellipsis to fit", () => {
    const long = "payments-gateway-very-long-segment-very-long-segment";
    const cut = fitText(long, 120, 17, 600);
    expect(cut.endsWith("…")).toBe(true);
    expect(textWidth(cut, 17, 600)).toBeLessThanOrEqual(120);
    expect(long.startsWith(cut.slice(0, -1))).toBe(true);
    expect(fitText("short", 120, 17)).toBe("short");
  });

  it("knows which text it can draw from the table", () => {
    expect(inTable("shop-api · 5 % → 12:00 – Σ µs", 400)).toBe(true);
    expect(inTable("магазин", 400)).toBe(false);
  });
});
