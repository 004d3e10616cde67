// requestedChange: what each write asks for, as the policy's limits (maxInstances, skus) see it.
import { describe, expect, it } from "vitest";
import { requestedChange } from "../../src/door/policy-authorizer.ts";

describe("requestedChange", () => {
  it("a plan scale asks for its count and SKU; automatic scaling for its maximum", () => {
    expect(requestedChange({ op: "scalePlan", capacity: 5 })).toEqual({ instances: 5 });
    expect(requestedChange({ op: "scalePlan", skuName: "P2v3", skuTier: "PremiumV3" })).toEqual({ sku: "P2v3" });
    expect(requestedChange({ op: "planElastic", maximumElasticWorkerCount: 8 })).toEqual({ instances: 8 });
  });

  it("an autoscale profile change asks for its new minimum (a maximum it does not raise was already there)", () => {
    const op = {
      op: "autoscaleProfile" as const,
      settingId: "/subscriptions/s/resourceGroups/rg/providers/microsoft.insights/autoscalesettings/a",
      capacity: { profileName: "Default", minimum: 4, maximum: 30, default: 4 },
    };
    expect(requestedChange(op)).toEqual({ instances: 4 });
  });

  it("restarts and config changes ask for no instances or SKU", () => {
    expect(requestedChange({ op: "restart", soft: false })).toEqual({});
    expect(requestedChange({ op: "siteConfig", patch: { alwaysOn: true } })).toEqual({});
  });
});
