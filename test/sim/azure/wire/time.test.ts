import { describe, expect, it } from "vitest";
import { isoSeconds, parseDuration, parseTimespan } from "../../../../src/sim/azure/wire/time.ts";

const T = Date.UTC(2025, 0, 1, 12);

describe("time formats", () => {
  it("parses ISO 8601 durations", () => {
    expect(parseDuration("PT1M")).toBe(60_000);
    expect(parseDuration("P1DT2H")).toBe(26 * 3_600_000);
    expect(parseDuration("PT")).toBeUndefined();
    expect(parseDuration("1h")).toBeUndefined();
  });

  it("parses start/end, start/duration and bare durations ending now", () => {
    expect(parseTimespan("2025-01-01T10:00:00Z/2025-01-01T11:00:00.000Z", T)).toEqual({
      from: T - 2 * 3_600_000,
      to: T - 3_600_000,
    });
    expect(parseTimespan("2025-01-01T10:00:00Z/PT30M", T)).toEqual({ from: T - 2 * 3_600_000, to: T - 90 * 60_000 });
    expect(parseTimespan("PT1H", T)).toEqual({ from: T - 3_600_000, to: T });
    expect(parseTimespan("2025-01-01T11:00:00Z/2025-01-01T10:00:00Z", T)).toBeUndefined();
  });

  it("formats instants without milliseconds", () => {
    expect(isoSeconds(T + 1234)).toBe("2025-01-01T12:00:01Z");
  });
});
