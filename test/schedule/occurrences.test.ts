// Schedule math in several zones and across both DST transitions, checked against node-cron 4's own
// getNextRuns (the scheduler's engine) with an injected clock (vi.setSystemTime, no timers run).
import { createTask } from "node-cron";
import { afterEach, describe, expect, it, vi } from "vitest";
import { localDate, offsetAt, resolveLocal } from "../../src/schedule/local-time.ts";
import {
  cronExpression,
  nextOccurrence,
  nextOccurrences,
  previousOccurrence,
  type ScheduleSpec,
  slotOn,
} from "../../src/schedule/occurrences.ts";

const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());
const H = 3_600_000;

afterEach(() => {
  vi.useRealTimers();
});

describe("local time", () => {
  it("gives the offset and local date in zones east, west and half-hour", () => {
    const t = Date.UTC(2026, 5, 1, 22, 30); // 1 Jun 22:30 UTC
    expect(offsetAt(t, "Europe/Berlin")).toBe(2 * H);
    expect(offsetAt(t, "America/New_York")).toBe(-4 * H);
    expect(offsetAt(t, "Asia/Kolkata")).toBe(5.5 * H);
    expect(localDate(t, "Europe/Berlin")).toBe("2026-06-02");
    expect(localDate(t, "America/New_York")).toBe("2026-06-01");
    expect(localDate(t, "Asia/Kolkata")).toBe("2026-06-02");
  });

  it("finds the spring gap and the autumn overlap in Berlin and New York", () => {
    const berlinGap = resolveLocal("2026-03-29", 2, 30, "Europe/Berlin");
    expect(berlinGap).toMatchObject({ kind: "gap", gapMinutes: 60 });
    expect(iso(berlinGap.kind === "gap" ? berlinGap.nextValid : undefined)).toBe("2026-03-29T01:00:00.000Z");
    expect(resolveLocal("2026-10-25", 2, 30, "Europe/Berlin")).toEqual({
      kind: "overlap",
      first: Date.UTC(2026, 9, 25, 0, 30),
      second: Date.UTC(2026, 9, 25, 1, 30),
    });
    expect(resolveLocal("2026-03-08", 2, 30, "America/New_York").kind).toBe("gap");
    expect(resolveLocal("2026-11-01", 1, 30, "America/New_York")).toEqual({
      kind: "overlap",
      first: Date.UTC(2026, 10, 1, 5, 30),
      second: Date.UTC(2026, 10, 1, 6, 30),
    });
    expect(resolveLocal("2026-03-29", 9, 0, "Europe/Berlin")).toEqual({
      kind: "single",
      at: Date.UTC(2026, 2, 29, 7, 0),
    });
  });

  it("handles Lord Howe's 30-minute shift", () => {
    // 4 Oct 2026 02:00 → 02:30 (+10:30 → +11); 5 Apr 2026 02:00 → 01:30 (+11 → +10:30).
    const gap = resolveLocal("2026-10-04", 2, 15, "Australia/Lord_Howe");
    expect(gap).toMatchObject({ kind: "gap", gapMinutes: 30 });
    expect(resolveLocal("2026-04-05", 1, 45, "Australia/Lord_Howe")).toEqual({
      kind: "overlap",
      first: Date.UTC(2026, 3, 4, 14, 45),
      second: Date.UTC(2026, 3, 4, 15, 15),
    });
    expect(resolveLocal("2026-10-04", 2, 30, "Australia/Lord_Howe").kind).toBe("single");
  });
});

describe("occurrences", () => {
  it("builds the node-cron expression for weekdays and daily", () => {
    expect(cronExpression({ time: "09:00", timeZone: "UTC", days: "weekdays" })).toBe("0 9 * * 1-5");
    expect(cronExpression({ time: "7:05", timeZone: "UTC", days: "daily" })).toBe("5 7 * * *");
  });

  it("skips weekends for weekdays and runs every day for daily", () => {
    const fri = Date.UTC(2026, 5, 5, 8, 0); // Fri 5 Jun 2026 10:00 CEST
    const spec: ScheduleSpec = { time: "09:00", timeZone: "Europe/Berlin", days: "weekdays" };
    expect(iso(nextOccurrence(spec, fri))).toBe("2026-06-08T07:00:00.000Z");
    expect(iso(nextOccurrence({ ...spec, days: "daily" }, fri))).toBe("2026-06-06T07:00:00.000Z");
    expect(iso(previousOccurrence(spec, Date.UTC(2026, 5, 7, 12)))).toBe("2026-06-05T07:00:00.000Z");
    expect(slotOn(spec, "2026-06-06")).toBeUndefined();
  });

  it("gives no slot on the day a time falls in the gap, one slot on the overlap day", () => {
    const spec: ScheduleSpec = { time: "02:30", timeZone: "Europe/Berlin", days: "daily" };
    expect(slotOn(spec, "2026-03-29")).toBeUndefined();
    expect(iso(slotOn(spec, "2026-10-25"))).toBe("2026-10-25T01:30:00.000Z");
    const runs = nextOccurrences(spec, Date.UTC(2026, 2, 27), 4).map((t) => localDate(t, spec.timeZone));
    expect(runs).toEqual(["2026-03-27", "2026-03-28", "2026-03-30", "2026-03-31"]);
  });

  const cases: Array<[string, string, "weekdays" | "daily", string]> = [
    ["Europe/Berlin", "09:00", "weekdays", "2026-03-26T00:00:00Z"],
    ["Europe/Berlin", "02:30", "daily", "2026-03-27T00:00:00Z"],
    ["Europe/Berlin", "02:30", "daily", "2026-10-23T00:00:00Z"],
    ["America/New_York", "02:30", "daily", "2026-03-06T00:00:00Z"],
    ["America/New_York", "01:30", "daily", "2026-10-30T00:00:00Z"],
    ["Asia/Kolkata", "09:00", "weekdays", "2026-03-26T00:00:00Z"],
    ["Australia/Lord_Howe", "02:15", "daily", "2026-10-02T00:00:00Z"],
    ["Australia/Lord_Howe", "01:45", "daily", "2026-04-03T00:00:00Z"],
  ];

  it.each(cases)("agrees with node-cron in %s at %s (%s) from %s", (timeZone, time, days, from) => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(from));
    const spec: ScheduleSpec = { time, timeZone, days };
    const task = createTask(cronExpression(spec), () => undefined, { timezone: timeZone });
    try {
      const cron = task.getNextRuns(6).map((d) => d.getTime());
      const ours = nextOccurrences(spec, Date.parse(from), 6);
      // Same days (the claim key), and the same instants except on an autumn overlap day, where
      // node-cron takes either occurrence depending on the zone (Berlin the second, New York the first).
      expect(ours.map((t) => localDate(t, timeZone))).toEqual(cron.map((t) => localDate(t, timeZone)));
      ours.forEach((t, i) => {
        const r = resolveLocal(localDate(t, timeZone), Number(time.slice(0, 2)), Number(time.slice(3)), timeZone);
        if (r.kind === "overlap") expect([r.first, r.second]).toContain(cron[i]);
        else expect(t).toBe(cron[i]);
      });
    } finally {
      task.destroy();
    }
  });
});
