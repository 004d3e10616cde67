import { describe, expect, it } from "vitest";
import { capacityTarget, instanceCeiling, memoryTarget, socketTarget } from "../../../src/core/mitigations/scale.ts";

describe("scale arithmetic", () => {
  it("R17: n' = ceil(2 × max(97, 40 × 3) / 65) = 4 (S2)", () => {
    expect(capacityTarget(2, 30, 97, 40, 3).target).toBe(4);
    expect(capacityTarget(2, 30, 97, 40, 3).demandCpu).toBe(120);
  });

  it("adds at least one instance and never passes the ceiling", () => {
    expect(capacityTarget(3, 30, 70, 30, 1).target).toBe(4);
    expect(capacityTarget(8, 10, 99, 50, 4).target).toBe(10);
    expect(capacityTarget(2, 30, Number.NaN, Number.NaN, Number.NaN).target).toBe(3);
  });

  it("R12: spreads sockets under 2000 per instance, at most doubling", () => {
    expect(socketTarget(2, 10, 3400)).toBe(4);
    expect(socketTarget(2, 10, 2100)).toBe(3);
    expect(socketTarget(2, 10, 9000)).toBe(4);
  });

  it("memory-bound scale-up climbs the ladder to memory ≥ peak / 0.7", () => {
    expect(memoryTarget("S1", 1.45e9)?.name).toBe("P0v3");
    expect(memoryTarget("S1", 3.5e9)?.name).toBe("P1v3");
    expect(memoryTarget("B1", 1.45e9)?.name).toBe("B2");
    expect(memoryTarget("P1v3", 6e9)?.name).toBe("P1mv3");
    expect(memoryTarget("P5mv3", 1e12)).toBeUndefined();
  });

  it("caps the instance ceiling by the plan's maximumNumberOfWorkers", () => {
    expect(instanceCeiling({ plan: { skuName: "S1" } as never })).toBe(10);
    expect(instanceCeiling({ plan: { skuName: "P1v3", maximumNumberOfWorkers: 12 } as never })).toBe(12);
  });
});
