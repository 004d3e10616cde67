// The time and day rule of a new subscription, field by field: typed, else the channel's policy, else
// 09:00/weekdays — and where each came from.
import { describe, expect, it } from "vitest";
import { resolveDigestDefaults } from "../../src/digests/defaults.ts";

describe("resolveDigestDefaults", () => {
  it("keeps what was typed over the channel's defaults", () => {
    expect(resolveDigestDefaults({ time: "17:30", days: "weekdays" }, { time: "07:45", days: "daily" })).toEqual({
      time: "17:30",
      timeSource: "given",
      days: "weekdays",
      daysSource: "given",
    });
  });

  it("takes each missing field from the channel's policy", () => {
    expect(resolveDigestDefaults({}, { time: "07:45", days: "daily" })).toEqual({
      time: "07:45",
      timeSource: "channel",
      days: "daily",
      daysSource: "channel",
    });
    expect(resolveDigestDefaults({ time: "06:00" }, { time: "07:45", days: "daily" })).toEqual({
      time: "06:00",
      timeSource: "given",
      days: "daily",
      daysSource: "channel",
    });
    expect(resolveDigestDefaults({ days: "weekdays" }, { time: "07:45", days: "daily" })).toEqual({
      time: "07:45",
      timeSource: "channel",
      days: "weekdays",
      daysSource: "given",
    });
  });

  it("falls back to 09:00 on weekdays per field the channel does not set", () => {
    expect(resolveDigestDefaults({}, undefined)).toEqual({
      time: "09:00",
      timeSource: "default",
      days: "weekdays",
      daysSource: "default",
    });
    expect(resolveDigestDefaults({}, { days: "daily" })).toEqual({
      time: "09:00",
      timeSource: "default",
      days: "daily",
      daysSource: "channel",
    });
    expect(resolveDigestDefaults({}, { time: "10:15" })).toEqual({
      time: "10:15",
      timeSource: "channel",
      days: "weekdays",
      daysSource: "default",
    });
    expect(resolveDigestDefaults({ days: "daily" }, {})).toEqual({
      time: "09:00",
      timeSource: "default",
      days: "daily",
      daysSource: "given",
    });
  });
});
