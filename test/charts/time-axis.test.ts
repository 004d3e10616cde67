import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  formatDuration,
  formatRange,
  formatTick,
  resolveZone,
  tickStepMs,
  timeTicks,
  zoneLabel,
} from "../../src/charts/time-axis.ts";

const H = 3_600_000;

describe("formatTick", () => {
  it("formats the same instant in the requested zone", () => {
    const t = Date.UTC(2026, 0, 15, 12, 0);
    expect(formatTick(t, "UTC", false)).toBe("12:00");
    expect(formatTick(t, "Europe/Berlin", false)).toBe("13:00");
    expect(formatTick(Date.UTC(2026, 6, 15, 12, 0), "Europe/Berlin", false)).toBe("14:00"); // CEST
    expect(formatTick(t, "Asia/Kolkata", false)).toBe("17:30");
  });

  it("labels major ticks with the local date", () => {
    // 23:00 UTC on 14 Jan is local midnight of 15 Jan in Berlin.
    expect(formatTick(Date.UTC(2026, 0, 14, 23, 0), "Europe/Berlin", true)).toBe("15 Jan");
  });
});

describe("timeTicks", () => {
  it("places ticks on local wall-clock boundaries and marks local midnight", () => {
    const end = Date.UTC(2026, 0, 15, 8, 0); // 09:00 Berlin
    const ticks = timeTicks({ start: end - 24 * H, end }, "Europe/Berlin");
    const local = ticks.map((t) => DateTime.fromMillis(t.value, { zone: "Europe/Berlin" }));
    expect(local.map((d) => d.toFormat("HH:mm"))).toEqual([
      "09:00",
      "12:00",
      "15:00",
      "18:00",
      "21:00",
      "00:00",
      "03:00",
      "06:00",
      "09:00",
    ]);
    expect(ticks.filter((t) => t.major).map((t) => t.value)).toEqual([Date.UTC(2026, 0, 14, 23, 0)]);
  });

  it("stays on local multiples across the spring DST change", () => {
    // Europe/Berlin skips 02:00–03:00 on 29 Mar 2026.
    const start = Date.UTC(2026, 2, 28, 12, 0);
    const ticks = timeTicks({ start, end: start + 24 * H }, "Europe/Berlin");
    for (const t of ticks) {
      const d = DateTime.fromMillis(t.value, { zone: "Europe/Berlin" });
      expect(d.minute).toBe(0);
      expect(d.hour % 3).toBe(0);
    }
    expect(ticks.length).toBeGreaterThanOrEqual(7);
  });

  it("uses half-hour offsets correctly", () => {
    const start = Date.UTC(2026, 0, 15, 0, 0);
    const ticks = timeTicks({ start, end: start + 6 * H }, "Asia/Kolkata");
    for (const t of ticks) expect(DateTime.fromMillis(t.value, { zone: "Asia/Kolkata" }).minute).toBe(0);
  });
});

describe("zones and labels", () => {
  it("falls back to UTC for absent or unknown zones", () => {
    expect(resolveZone(undefined)).toBe("UTC");
    expect(resolveZone("Mars/Olympus")).toBe("UTC");
    expect(resolveZone("Europe/Berlin")).toBe("Europe/Berlin");
  });

  it("names the zone with its offset", () => {
    expect(zoneLabel("UTC", 0)).toBe("UTC");
    expect(zoneLabel("Europe/Berlin", Date.UTC(2026, 0, 15))).toBe("Europe/Berlin (UTC+1)");
    expect(zoneLabel("Europe/Berlin", Date.UTC(2026, 6, 15))).toBe("Europe/Berlin (UTC+2)");
    expect(zoneLabel("America/St_Johns", Date.UTC(2026, 0, 15))).toBe("America/St_Johns (UTC−3:30)");
  });

  it("formats window ranges and durations", () => {
    const end = Date.UTC(2026, 0, 15, 8, 0);
    expect(formatRange({ start: end - 24 * H, end }, "Europe/Berlin")).toBe("14 Jan 09:00 – 15 Jan 09:00");
    expect(formatRange({ start: end - 2 * H, end }, "UTC")).toBe("15 Jan 06:00 – 08:00");
    expect(formatDuration(24 * H)).toBe("24 h");
    expect(formatDuration(90 * 60_000)).toBe("90 min");
    expect(formatDuration(7 * 24 * H)).toBe("7 d");
  });

  it("chooses about six to nine ticks", () => {
    for (const d of [H, 6 * H, 12 * H, 24 * H, 48 * H, 7 * 24 * H]) {
      const n = d / tickStepMs(d);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(9);
    }
  });
});
