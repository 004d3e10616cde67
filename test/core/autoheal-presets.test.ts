import { describe, expect, it } from "vitest";
import {
  ah5xx,
  ahMem,
  ahSlow,
  ahSlowPath,
  minProcessExecutionTime,
  presetFor,
  timespan,
} from "../../src/core/autoheal-presets.ts";

const GIB = 1024 ** 3;

describe("auto-heal presets", () => {
  it("AH-MEM recycles at 80 % of L: S1 1.75 GiB → 1468006 KB", () => {
    expect(ahMem(1.75 * GIB)).toEqual({
      triggers: { privateBytesInKB: 1468006 },
      actions: { actionType: "Recycle", minProcessExecutionTime: "00:10:00" },
    });
    expect(ahMem(2 * GIB).triggers?.privateBytesInKB).toBe(1677721);
  });

  it("AH-5XX counts max(50, ceil(0.10 × R5)) in 5 min", () => {
    expect(ah5xx(300).triggers?.statusCodesRange).toEqual([
      { statusCodes: "500-599", count: 50, timeInterval: "00:05:00" },
    ]);
    expect(ah5xx(4000).triggers?.statusCodesRange?.[0].count).toBe(400);
  });

  it("AH-SLOW counts max(20, ceil(0.05 × R5)): S7 R5 = 5000 → 250, robust to request noise", () => {
    expect(ahSlow(5000).triggers?.slowRequests).toEqual({
      timeTaken: "00:01:00",
      count: 250,
      timeInterval: "00:05:00",
    });
    expect(ahSlow(5012).triggers?.slowRequests?.count).toBe(250);
    expect(ahSlow(100).triggers?.slowRequests?.count).toBe(20);
    expect(ahSlow(undefined).triggers?.slowRequests?.count).toBe(20);
  });

  it("AH-SLOW-PATH targets one path", () => {
    expect(ahSlowPath("/api/x").triggers?.slowRequestsWithPath).toEqual([
      { path: "/api/x", timeTaken: "00:00:30", count: 10, timeInterval: "00:02:00" },
    ]);
  });

  it("Linux gets AH-LINUX: Recycle only, never a memory trigger", () => {
    expect(presetFor("mem", "linux", { limitBytes: 8 * GIB })).toBeUndefined();
    const slow = presetFor("slow", "linux", { r5: 5000, startupSec: 320 })!;
    expect(slow.preset).toBe("AH-LINUX");
    expect(slow.rules.triggers?.privateBytesInKB).toBeUndefined();
    expect(slow.rules.actions).toEqual({ actionType: "Recycle", minProcessExecutionTime: "00:10:00" });
    expect(presetFor("5xx", "linux", { r5: 5000, startupSec: 500 })!.rules.actions?.minProcessExecutionTime).toBe(
      "00:12:30",
    );
  });

  it("guards minProcessExecutionTime: ≥ 5 min, ≥ 1.5 × startup, 10 min by default", () => {
    expect(minProcessExecutionTime()).toBe("00:10:00");
    expect(minProcessExecutionTime(100)).toBe("00:10:00");
    expect(minProcessExecutionTime(401)).toBe("00:10:02");
    expect(timespan(3725)).toBe("01:02:05");
  });
});
