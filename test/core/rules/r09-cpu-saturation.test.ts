import { describe, expect, it } from "vitest";
import { fixture, judge, step } from "./fixture.ts";

describe("R09 CPU saturation", () => {
  it("fires High on cpuMaxInst ≥ 90 for 2 buckets with normal load (edges 89.9 / 90 / 90.1)", () => {
    expect(judge("R09", fixture({ metrics: { CpuPercentage: step(89.9, 35) } })).fired).toBe(false);
    expect(judge("R09", fixture({ metrics: { CpuPercentage: step(90, 35) } }))).toMatchObject({
      fired: true,
      confidence: "High",
    });
    expect(judge("R09", fixture({ metrics: { CpuPercentage: step(90.1, 35) } })).fired).toBe(true);
  });

  it("does not fire when the load is up (Requests ratio edges 1.29 / 1.3 / 1.31)", () => {
    const load = (perMinute: number) =>
      fixture({ metrics: { CpuPercentage: step(95, 35), Requests: step(perMinute, 100) } });
    expect(judge("R09", load(129)).fired).toBe(true);
    expect(judge("R09", load(130)).fired).toBe(true);
    expect(judge("R09", load(131)).fired).toBe(false);
  });

  it("counts 80 % when latency doubled (edges 0.49 s / 0.5 s over a 0.25 s baseline)", () => {
    const slow = (rt: number) =>
      fixture({ metrics: { CpuPercentage: step(80, 35), HttpResponseTime: step(rt, 0.25) } });
    expect(judge("R09", slow(0.49)).fired).toBe(false);
    expect(judge("R09", slow(0.5)).fired).toBe(true);
    expect(
      judge("R09", fixture({ metrics: { CpuPercentage: step(79.9, 35), HttpResponseTime: step(1, 0.25) } })).fired,
    ).toBe(false);
  });

  it("is one level lower when the load baseline is unknown", () => {
    // Requests unknown everywhere: the incident is judged on the 5xx count alone.
    const s = fixture({ metrics: { CpuPercentage: step(95, 35), Requests: null } });
    expect(judge("R09", s)).toMatchObject({ fired: true, confidence: "Medium" });
  });

  it("scopes to one hot instance", () => {
    const s = fixture({ metrics: { CpuPercentage: (m, i) => (i === 0 && m >= 60 && m < 90 ? 99 : 35) } });
    expect(judge("R09", s).scope).toEqual({ instance: "RD0001" });
  });
});
