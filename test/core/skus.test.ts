import { describe, expect, it } from "vitest";
import { isFreeOrShared, SKUS, scaleUpForCpu, skuFacts } from "../../src/core/skus.ts";

describe("SKU table", () => {
  it("holds every row of the reference", () => {
    const names = SKUS.map((s) => s.name);
    for (const n of [
      "F1",
      "D1",
      "B1",
      "B2",
      "B3",
      "S1",
      "S2",
      "S3",
      "P1",
      "P2",
      "P3",
      "P1v2",
      "P2v2",
      "P3v2",
      "P0v3",
      "P1v3",
      "P2v3",
      "P3v3",
      "P1mv3",
      "P2mv3",
      "P3mv3",
      "P4mv3",
      "P5mv3",
      "P0v4",
      "P5mv4",
      "I1v2",
      "I6v2",
      "I1mv2",
      "I5mv2",
    ])
      expect(names).toContain(n);
  });

  it("is keyed on sku.name case-insensitively, with the documented facts", () => {
    expect(skuFacts("p1V3")).toMatchObject({
      tier: "PremiumV3",
      vcpu: 2,
      memoryMB: 8192,
      maxInstances: 30,
      outboundConnections: 1920,
    });
    expect(skuFacts("S2")).toMatchObject({ memoryMB: 3584, maxInstances: 10, outboundConnections: 3968 });
    expect(skuFacts("B1")?.maxInstances).toBe(3);
    expect(skuFacts("I3v2")).toMatchObject({ vcpu: 8, maxInstances: 100, outboundConnections: 16000 });
    expect(skuFacts("P1v4")?.memoryMB).toBeNull();
    expect(skuFacts("Y1")).toBeUndefined();
  });

  it("knows the ladders and the quota tiers", () => {
    expect(scaleUpForCpu("P1v3")?.name).toBe("P2v3");
    expect(scaleUpForCpu("S1")?.name).toBe("S2");
    expect(skuFacts("F1")?.nextForMemory).toBe("B1");
    expect(isFreeOrShared("D1", undefined)).toBe(true);
    expect(isFreeOrShared("unknown", "Free")).toBe(true);
    expect(isFreeOrShared("B1", "Basic")).toBe(false);
  });

  it("every ladder step points at a row of the table", () => {
    for (const s of SKUS)
      for (const next of [s.nextForMemory, s.nextForCpu])
        if (next) expect(skuFacts(next), `${s.name} → ${next}`).toBeDefined();
  });
});
