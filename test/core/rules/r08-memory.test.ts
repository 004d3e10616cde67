import { describe, expect, it } from "vitest";
import { fixture, judge, step } from "./fixture.ts";

const GIB = 1024 ** 3;

describe("R08 memory exhaustion or leak", () => {
  it("fires on MemoryPercentage ≥ 90 for 2 buckets (edges 89.9 / 90 / 90.1)", () => {
    expect(judge("R08", fixture({ metrics: { MemoryPercentage: step(89.9, 55) } })).fired).toBe(false);
    expect(judge("R08", fixture({ metrics: { MemoryPercentage: step(90, 55) } })).fired).toBe(true);
    expect(judge("R08", fixture({ metrics: { MemoryPercentage: step(90.1, 55) } })).fired).toBe(true);
  });

  it("needs 2 consecutive buckets (1 bucket at 95 % is not enough)", () => {
    expect(judge("R08", fixture({ metrics: { MemoryPercentage: step(95, 55, 60, 65) } })).fired).toBe(false);
    expect(judge("R08", fixture({ metrics: { MemoryPercentage: step(95, 55, 60, 70) } })).fired).toBe(true);
  });

  it("is High when correlated with the incident, Medium and minor on an explicit request without one", () => {
    expect(judge("R08", fixture({ metrics: { MemoryPercentage: step(95, 55) } })).confidence).toBe("High");
    const quiet = judge("R08", fixture({ err: 0, metrics: { MemoryPercentage: step(95, 55) } }), true);
    expect(quiet).toMatchObject({ fired: true, confidence: "Medium", minor: true });
  });

  it("fires on appMemRatio ≥ 0.85 of the SKU memory (P1v3 8 GiB; edges 0.849 / 0.85 / 0.851)", () => {
    const ws = (r: number) => fixture({ metrics: { MemoryWorkingSet: step(r * 8 * GIB, 2 * GIB) } });
    expect(judge("R08", ws(0.849)).fired).toBe(false);
    expect(judge("R08", ws(0.85)).fired).toBe(true);
    expect(judge("R08", ws(0.851)).fired).toBe(true);
  });

  it("uses PrivateBytes / 2 GiB for a 32-bit Windows worker (ratio edge 0.85; the 1.8 GB mark adds evidence)", () => {
    const pb = (v: number) =>
      judge(
        "R08",
        fixture({
          config: { use32BitWorkerProcess: true },
          metrics: { PrivateBytes: step(v, 0.5 * GIB), MemoryWorkingSet: () => 0.5 * GIB },
        }),
      );
    expect(pb(0.85 * 2 * GIB - 1).fired).toBe(false);
    expect(pb(0.85 * 2 * GIB)).toMatchObject({ fired: true, facts: { use32: true } });
    expect(pb(0.9 * 2 * GIB - 1).evidence.map((e) => e.metric)).not.toContain("PrivateBytes");
    expect(pb(0.9 * 2 * GIB).evidence.map((e) => e.metric)).toContain("PrivateBytes");
  });

  it("scopes to the one instance that breaches", () => {
    const r = judge(
      "R08",
      fixture({ metrics: { MemoryPercentage: (m, i) => (i === 1 && m >= 60 && m < 90 ? 97 : 55) } }),
    );
    expect(r.scope).toEqual({ instance: "RD0002" });
  });

  it("calls a gradual climb a leak and a step up not", () => {
    const leak = fixture({ metrics: { MemoryPercentage: (m) => (m < 90 ? 40 + (55 * m) / 90 : 50) } });
    expect(judge("R08", leak).facts?.leak).toBe(true);
    const stepUp = fixture({ metrics: { MemoryPercentage: step(95, 40) } });
    expect(judge("R08", stepUp).facts?.leak).toBe(false);
  });
});
