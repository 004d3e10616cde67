import { describe, expect, it } from "vitest";
import { buildContext } from "../../../src/core/derived/context.ts";
import { evaluateR19 } from "../../../src/core/rules/r19-autoscale-guard.ts";
import { withoutConfig } from "../mothers.ts";
import { fixture } from "./fixture.ts";

const autoscale = {
  id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Insights/autoscalesettings/as",
  name: "as",
  enabled: true,
  profileName: "default",
  minimum: 2,
  maximum: 5,
  default: 2,
};

describe("R19 autoscale guard (the rule)", () => {
  it("sees an enabled autoscale setting or automatic scaling", () => {
    expect(evaluateR19(buildContext(fixture({ autoscale }))).facts).toMatchObject({
      mode: "autoscaleSetting",
      maximum: 5,
    });
    const elastic = fixture({ plan: { elasticScaleEnabled: true, maximumElasticWorkerCount: 10 } });
    expect(evaluateR19(buildContext(elastic)).facts).toMatchObject({ mode: "automaticScaling", maximum: 10 });
  });

  it("automatic scaling without the site config: no elastic minimum stated", () => {
    const elastic = fixture({ plan: { elasticScaleEnabled: true, maximumElasticWorkerCount: 10 } });
    expect(evaluateR19(buildContext(elastic)).facts).toMatchObject({ minimum: 1 });
    const facts = evaluateR19(buildContext(withoutConfig(elastic))).facts ?? {};
    expect(facts).toMatchObject({ mode: "automaticScaling", maximum: 10 });
    expect(facts).not.toHaveProperty("minimum");
  });

  it("stays silent without either, or when the setting is disabled", () => {
    expect(evaluateR19(buildContext(fixture())).fired).toBe(false);
    expect(evaluateR19(buildContext(fixture({ autoscale: { ...autoscale, enabled: false } }))).fired).toBe(false);
  });
});
