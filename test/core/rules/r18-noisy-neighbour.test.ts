import { describe, expect, it } from "vitest";
import { fixture, judge, step } from "./fixture.ts";

const PLAN_BYTES = 8192 * 1024 * 1024; // P1v3

/** Plan memory at 100 % during the incident; this app's working set is `share` of it. */
const shared = (share: number, sites = 2) =>
  fixture({
    plan: { numberOfSites: sites },
    metrics: { MemoryPercentage: step(100, 55), MemoryWorkingSet: step(share * PLAN_BYTES, 0.2 * PLAN_BYTES) },
  });

describe("R18 noisy neighbour", () => {
  it("fires when the plan is hot and this app holds ≤ 30 % of it (edges 0.29 / 0.3 / 0.31), at R08's confidence once it explains it", () => {
    // Plan memory at 100 % makes R08 fire High; R18 explains it and takes that confidence.
    expect(judge("R18", shared(0.29))).toMatchObject({ fired: true, confidence: "High" });
    expect(judge("R18", shared(0.3)).fired).toBe(true);
    expect(judge("R18", shared(0.31)).fired).toBe(false);
  });

  it("needs at least 2 apps on the plan", () => {
    expect(judge("R18", shared(0.1, 1)).fired).toBe(false);
  });

  it("runs without an incident as an advisory", () => {
    const s = fixture({
      err: 0,
      plan: { numberOfSites: 3 },
      metrics: { MemoryPercentage: step(100, 55), MemoryWorkingSet: () => 0.1 * PLAN_BYTES },
    });
    expect(judge("R18", s).fired).toBe(true);
  });
});
