import { describe, expect, it } from "vitest";
import { diagnoseTarget, verbOfKind } from "../../../src/slack/listeners/actions.ts";

const ID = "/subscriptions/s1/resourceGroups/rg-shop/providers/Microsoft.Web/sites/shop-api";

describe("diagnoseTarget", () => {
  it("accepts a site or slot ID and keeps a sane window", () => {
    expect(diagnoseTarget(JSON.stringify({ appId: ID, windowMs: 3_600_000 }))).toEqual({
      appId: ID,
      windowMs: 3_600_000,
    });
    expect(diagnoseTarget(JSON.stringify({ appId: `${ID}/slots/staging` }))?.windowMs).toBe(3 * 3_600_000);
    expect(diagnoseTarget(JSON.stringify({ appId: ID, windowMs: 1 }))?.windowMs).toBe(5 * 60_000);
    expect(diagnoseTarget(JSON.stringify({ appId: ID, windowMs: 1e12 }))?.windowMs).toBe(30 * 86_400_000);
  });

  it("rejects values that are not a site ID (a forged or truncated button)", () => {
    expect(diagnoseTarget(undefined)).toBeUndefined();
    expect(diagnoseTarget("not json")).toBeUndefined();
    expect(diagnoseTarget(JSON.stringify({ windowMs: 60_000 }))).toBeUndefined();
    expect(diagnoseTarget(JSON.stringify({ appId: "shop-api" }))).toBeUndefined();
    expect(diagnoseTarget(JSON.stringify({ appId: `${ID}/config/web` }))).toBeUndefined();
  });
});

it("verbOfKind maps mitigation kinds to the command verbs that will carry them", () => {
  expect(verbOfKind("scaleOut")).toBe("scale");
  expect(verbOfKind("scaleUp")).toBe("scale");
  expect(verbOfKind("autoHeal")).toBe("autoheal");
  expect(verbOfKind("healthCheck")).toBe("healthcheck");
  expect(verbOfKind("restart")).toBe("restart");
  expect(verbOfKind(undefined)).toBe("change");
});
