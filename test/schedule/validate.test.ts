// Validation for `digest subscribe`: messages for bad input, the DST gap warning with a suggested time,
// the autumn note, and zones without DST or with a 30-minute shift.
import { describe, expect, it } from "vitest";
import { canonicalTimeZone } from "../../src/schedule/local-time.ts";
import { validateSubscription } from "../../src/schedule/validate.ts";

const JAN_2026 = Date.UTC(2026, 0, 10);

describe("validateSubscription", () => {
  it("explains every invalid field at once", () => {
    const r = validateSubscription({ time: "25:00", timeZone: "Europe/Berln", days: "monthly" }, JAN_2026);
    expect(r.ok).toBe(false);
    expect(r.normalized).toBeUndefined();
    expect(r.errors).toHaveLength(3);
    expect(r.errors[0]).toContain('"25:00" is not a time');
    expect(r.errors[1]).toContain("did you mean Europe/Berlin");
    expect(r.errors[2]).toContain("weekdays or daily");
  });

  it("rejects 12-hour times and empty zones with an example", () => {
    const r = validateSubscription({ time: "9am", timeZone: "", days: "daily" }, JAN_2026);
    expect(r.errors.join(" ")).toMatch(/HH:MM, e\.g\. 09:00/);
    expect(r.errors.join(" ")).toMatch(/not an IANA time zone/);
  });

  it("normalises the time, the zone's case and the day rule", () => {
    const r = validateSubscription({ time: "9:05", timeZone: "europe/berlin", days: "Weekdays" }, JAN_2026);
    expect(r).toMatchObject({ ok: true, normalized: { time: "09:05", timeZone: "Europe/Berlin", days: "weekdays" } });
    expect(r.warnings).toEqual([]);
    expect(r.notes).toEqual([]);
  });

  it("warns that a daily 02:30 in Berlin is skipped on the spring-forward day and suggests 03:00", () => {
    const r = validateSubscription({ time: "02:30", timeZone: "Europe/Berlin", days: "daily" }, JAN_2026);
    expect(r.ok).toBe(true);
    expect(r.gapDates).toEqual(["2026-03-29"]);
    expect(r.suggestedTime).toBe("03:00");
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/02:30 does not exist in Europe\/Berlin on 29 Mar 2026/);
    expect(r.warnings[0]).toMatch(/skipped/);
    expect(r.warnings[0]).toMatch(/Choose 03:00/);
    // The repeated hour in autumn: posted once.
    expect(r.overlapDates).toEqual(["2026-10-25"]);
    expect(r.notes[0]).toMatch(/happens twice .* 25 Oct 2026 .* posted once/);
  });

  it("only notes the gap for weekdays when it falls on a Sunday", () => {
    const r = validateSubscription({ time: "02:30", timeZone: "Europe/Berlin", days: "weekdays" }, JAN_2026);
    expect(r.warnings).toEqual([]);
    expect(r.suggestedTime).toBeUndefined();
    expect(r.notes.join(" ")).toMatch(/weekend/);
  });

  it("finds New York's gap and overlap at its own hours", () => {
    const gap = validateSubscription({ time: "02:15", timeZone: "America/New_York", days: "daily" }, JAN_2026);
    expect(gap.gapDates).toEqual(["2026-03-08"]);
    expect(gap.suggestedTime).toBe("03:00");
    const overlap = validateSubscription({ time: "01:15", timeZone: "America/New_York", days: "daily" }, JAN_2026);
    expect(overlap.overlapDates).toEqual(["2026-11-01"]);
    expect(overlap.warnings).toEqual([]);
  });

  it("handles Lord Howe's 30-minute gap and suggests the end of it", () => {
    const r = validateSubscription({ time: "02:15", timeZone: "Australia/Lord_Howe", days: "daily" }, JAN_2026);
    expect(r.gapDates).toEqual(["2026-10-04"]);
    expect(r.suggestedTime).toBe("02:30");
    expect(r.warnings[0]).toMatch(/skip 30 minutes/);
  });

  it("finds nothing special in Asia/Kolkata (no DST) and keeps its modern name", () => {
    const r = validateSubscription({ time: "02:30", timeZone: "Asia/Kolkata", days: "daily" }, JAN_2026);
    expect(r).toMatchObject({ ok: true, warnings: [], notes: [], gapDates: [], overlapDates: [] });
    expect(r.normalized?.timeZone).toBe("Asia/Kolkata");
    expect(canonicalTimeZone("asia/kolkata")).toMatch(/^Asia\/(Kolkata|Calcutta)$/);
  });
});
