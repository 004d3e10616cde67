import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/core/diagnose.ts";
import type { AutoscaleInfo } from "../../../src/core/snapshot.ts";
import { SCENARIOS } from "../scenario-mothers.ts";

const autoscale: AutoscaleInfo = {
  id: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ops/providers/Microsoft.Insights/autoscalesettings/checkout-as",
  name: "checkout-as",
  enabled: true,
  profileName: "business-hours",
  minimum: 2,
  maximum: 6,
  default: 2,
};

describe("R19 guard", () => {
  it("turns S2's manual scale-out into an autoscale profile change", () => {
    const s = SCENARIOS.S2.build();
    s.autoscale = autoscale;
    const d = diagnose(s);
    expect(d.mitigations.map((m) => m.kind)).not.toContain("scaleOut");
    const m = d.mitigations[0];
    expect(m).toMatchObject({
      kind: "autoscaleProfile",
      write: true,
      fromRule: "R17",
      params: { target: "autoscaleSetting", profileName: "business-hours", minimum: 4, maximum: 6 },
      change: { before: "business-hours: min 2, max 6, default 2", after: "business-hours: min 4, max 6, default 4" },
    });
    expect(m.armCall).toBe(`PATCH ${autoscale.id}`);
    expect(d.advisories.map((f) => f.id)).toContain("R19");
  });

  it("raises maximumElasticWorkerCount when automatic scaling governs the plan", () => {
    const s = SCENARIOS.S2.build();
    s.plan.elasticScaleEnabled = true;
    s.plan.maximumElasticWorkerCount = 3;
    const m = diagnose(s).mitigations[0];
    expect(m).toMatchObject({
      kind: "autoscaleProfile",
      params: { target: "automaticScaling", property: "maximumElasticWorkerCount", value: 4 },
      change: { before: 3, after: 4 },
    });
    expect(m.armCall).toMatch(/^PATCH \/subscriptions\/.+\/serverfarms\//);
  });

  it("stays silent when no capacity change is proposed", () => {
    const s = SCENARIOS.S1.build();
    s.autoscale = autoscale;
    const d = diagnose(s);
    expect(d.ruleResults.find((r) => r.id === "R19")?.fired).toBe(false);
    expect(d.advisories.map((f) => f.id)).not.toContain("R19");
  });
});
