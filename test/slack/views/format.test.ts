import { describe, expect, it } from "vitest";
import {
  fmtBytes,
  fmtCount,
  fmtDateTime,
  fmtDuration,
  fmtInt,
  fmtPct,
  fmtRange,
  fmtRate,
  fmtSeconds,
  fmtTime,
  resolveTimeZone,
  zoneNote,
} from "../../../src/slack/views/format.ts";

const T = Date.UTC(2025, 5, 2, 6, 15); // 08:15 CEST
const WINTER = Date.UTC(2025, 0, 15, 7, 15); // 08:15 CET

describe("numbers", () => {
  it("counts", () => {
    expect(fmtInt(1234)).toBe("1,234");
    expect(fmtCount(1234)).toBe("1,234");
    expect(fmtCount(12_345)).toBe("12.3k");
    expect(fmtCount(999_999)).toBe("1M");
    expect(fmtCount(4_500_000)).toBe("4.5M");
    expect(fmtCount(0)).toBe("0");
    expect(fmtCount(null)).toBe("n/a");
    expect(fmtCount(Number.NaN)).toBe("n/a");
  });

  it("percentages and rates", () => {
    expect(fmtRate(0.042)).toBe("4.2%");
    expect(fmtPct(97.3)).toBe("97%");
    expect(fmtPct(0.42)).toBe("0.42%");
    expect(fmtPct(0.001)).toBe("&lt;0.01%");
    expect(fmtPct(0)).toBe("0%");
    expect(fmtPct(99.96)).toBe("99.9%");
    expect(fmtPct(100)).toBe("100%");
    expect(fmtRate(null)).toBe("n/a");
  });

  it("seconds, bytes and durations", () => {
    expect(fmtSeconds(0.34)).toBe("340 ms");
    expect(fmtSeconds(2.5)).toBe("2.5 s");
    expect(fmtSeconds(230)).toBe("230 s");
    expect(fmtSeconds(undefined)).toBe("n/a");
    expect(fmtBytes(1.4 * 1024 ** 3)).toBe("1.4 GB");
    expect(fmtBytes(870 * 1024 ** 2)).toBe("870 MB");
    expect(fmtBytes(512)).toBe("512 B");
    expect(fmtDuration(95 * 60_000)).toBe("1 h 35 min");
    expect(fmtDuration(60 * 60_000)).toBe("1 h");
    expect(fmtDuration(150_000)).toBe("2 min 30 s");
    expect(fmtDuration(45_000)).toBe("45 s");
    expect(fmtDuration(51 * 3600_000)).toBe("2 d 3 h");
  });
});

describe("times", () => {
  it("shows the channel's zone with its abbreviation, UTC otherwise", () => {
    expect(fmtTime(T, "Europe/Berlin")).toBe("08:15 CEST");
    expect(fmtTime(WINTER, "Europe/Berlin")).toBe("08:15 CET");
    expect(fmtTime(T)).toBe("06:15 UTC");
    expect(fmtTime(T, "Not/AZone")).toBe("06:15 UTC");
    expect(resolveTimeZone("Not/AZone")).toBe("UTC");
    expect(fmtDateTime(T, "Europe/Berlin")).toBe("2 Jun 08:15 CEST");
    expect(zoneNote(T, "Europe/Berlin")).toBe("Times in Europe/Berlin (CEST)");
    expect(zoneNote(T)).toBe("Times in UTC");
  });

  it("ranges: zone once, day when it changes, both zones across a DST change", () => {
    expect(fmtRange(T - 3600_000, T, "Europe/Berlin")).toBe("07:15–08:15 CEST");
    expect(fmtRange(T - 3600_000, T, "Europe/Berlin", { withZone: false })).toBe("07:15–08:15");
    expect(fmtRange(Date.UTC(2025, 5, 1, 21), Date.UTC(2025, 5, 1, 23), "Europe/Berlin")).toBe(
      "1 Jun 23:00 – 2 Jun 01:00 CEST",
    );
    const dst = Date.UTC(2025, 2, 30, 0, 30); // 01:30 CET, DST begins at 02:00
    expect(fmtRange(dst, dst + 3600_000, "Europe/Berlin")).toBe("01:30 CET – 03:30 CEST");
  });
});
