import { describe, expect, it } from "vitest";
import { ellipsize, formatCount, formatPercent, formatSeconds } from "../../src/charts/format.ts";

describe("formatCount", () => {
  it("uses k/M suffixes with one decimal below ten units", () => {
    expect(formatCount(0)).toBe("0");
    expect(formatCount(950)).toBe("950");
    expect(formatCount(1234)).toBe("1.2k");
    expect(formatCount(1000)).toBe("1k");
    expect(formatCount(56_789)).toBe("57k");
    expect(formatCount(3_200_000)).toBe("3.2M");
    expect(formatCount(2.5)).toBe("2.5");
  });
});

describe("formatSeconds", () => {
  it("switches between ms and s", () => {
    expect(formatSeconds(0)).toBe("0");
    expect(formatSeconds(0.85)).toBe("850 ms");
    expect(formatSeconds(3.44)).toBe("3.4 s");
    expect(formatSeconds(230)).toBe("230 s");
  });
});

describe("formatPercent", () => {
  it("keeps precision for small rates and a space before %", () => {
    expect(formatPercent(90)).toBe("90 %");
    expect(formatPercent(4.56)).toBe("4.6 %");
    expect(formatPercent(0.123)).toBe("0.12 %");
    expect(formatPercent(5)).toBe("5 %");
  });
});

describe("ellipsize", () => {
  it("cuts long labels to the limit including the ellipsis", () => {
    expect(ellipsize("short", 10)).toBe("short");
    const s = ellipsize("a-very-long-application-name", 10);
    expect(s).toHaveLength(10);
    expect(s.endsWith("…")).toBe(true);
  });
});
