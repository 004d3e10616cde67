import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/core/diagnose.ts";
import { fixture, judge } from "./fixture.ts";

const f1 = (usageState: string, sku = "F1", cpuTime = 0) =>
  fixture({ err: 0, sku, capacity: 1, site: { usageState }, metrics: { CpuTime: () => cpuTime } });

describe("R04 Free/Shared quota exceeded", () => {
  it("fires only when usage is exceeded on Free or Shared", () => {
    expect(judge("R04", f1("Exceeded")).fired).toBe(true);
    expect(judge("R04", f1("Exceeded", "D1")).fired).toBe(true);
    expect(judge("R04", f1("Exceeded", "S1")).fired).toBe(false);
    expect(judge("R04", f1("Normal")).fired).toBe(false);
  });

  it("adds CpuTime evidence near the daily quota (F1 3600 s; edge at 90 % = 3240 s)", () => {
    // One instance, 180 one-minute points: 18 s each is exactly 3240 s.
    const has = (perMinute: number) =>
      judge("R04", f1("Exceeded", "F1", perMinute)).evidence.some((e) => e.metric === "CpuTime");
    expect(has(17.9)).toBe(false);
    expect(has(18)).toBe(true);
    expect(has(18.1)).toBe(true);
  });

  it("gives verdict 'quota' and a scale-up to B1", () => {
    const d = diagnose(f1("Exceeded"));
    expect(d.verdict).toBe("quota");
    expect(d.mitigations[0]).toMatchObject({ kind: "scaleUp", params: { toSku: "B1" } });
  });
});
