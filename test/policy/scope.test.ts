import { describe, expect, it } from "vitest";
import type { Scope } from "../../src/policy/policy.ts";
import { describeScope, inScope, matchScope } from "../../src/policy/scope.ts";
import { app, OTHER_SUB, PROD_SUB } from "./fixtures.ts";

const scope = (s: Partial<Scope>): Scope => ({ subscriptions: [], resourceGroups: [], apps: [], tags: {}, ...s });

describe("matchScope", () => {
  it("by subscription, case-insensitively", () => {
    const s = scope({ subscriptions: [PROD_SUB] });
    expect(matchScope(s, app())).toEqual({ in: true, by: `subscription ${PROD_SUB}` });
    expect(inScope(s, app({ subscriptionId: PROD_SUB.toUpperCase() }))).toBe(true);
    expect(inScope(s, app({ subscriptionId: OTHER_SUB }))).toBe(false);
  });

  it("by resource group name, in any subscription", () => {
    const s = scope({ resourceGroups: ["RG-Shop-Prod"] });
    expect(matchScope(s, app())).toEqual({ in: true, by: "resource group RG-Shop-Prod" });
    expect(inScope(s, app({ subscriptionId: OTHER_SUB }))).toBe(true);
    expect(inScope(s, app({ resourceGroup: "rg-shop-staging" }))).toBe(false);
  });

  it("by subscription/resource group: only that subscription's group", () => {
    const s = scope({ resourceGroups: [`${PROD_SUB}/rg-shop-prod`] });
    expect(inScope(s, app())).toBe(true);
    const other = matchScope(s, app({ subscriptionId: OTHER_SUB }));
    expect(other).toEqual({
      in: false,
      why: `shop-api is outside this channel's scope (rg-shop-prod in subscription ${OTHER_SUB} is not bound to this channel)`,
    });
  });

  it("by bare app name, rg/name and rg/name/slot", () => {
    expect(matchScope(scope({ apps: ["Shop-API"] }), app())).toEqual({ in: true, by: "app Shop-API" });
    expect(inScope(scope({ apps: ["shop-api"] }), app({ slot: "staging" }))).toBe(true);
    expect(inScope(scope({ apps: ["rg-shop-prod/shop-api"] }), app())).toBe(true);
    expect(inScope(scope({ apps: ["rg-other/shop-api"] }), app())).toBe(false);
    expect(inScope(scope({ apps: ["rg-shop-prod/shop-api/staging"] }), app({ slot: "staging" }))).toBe(true);
    expect(inScope(scope({ apps: ["rg-shop-prod/shop-api/staging"] }), app())).toBe(false);
    expect(inScope(scope({ apps: ["shop-web"] }), app())).toBe(false);
  });

  it("by resource ID: a site ID covers its slots, a slot ID only that slot", () => {
    const site = app().id;
    expect(inScope(scope({ apps: [site.toLowerCase()] }), app())).toBe(true);
    expect(inScope(scope({ apps: [site] }), app({ slot: "staging" }))).toBe(true);
    expect(inScope(scope({ apps: [`${site}/slots/staging`] }), app({ slot: "staging" }))).toBe(true);
    expect(inScope(scope({ apps: [`${site}/slots/staging`] }), app())).toBe(false);
    expect(inScope(scope({ apps: [site] }), app({ name: "shop-api2" }))).toBe(false);
  });

  it("tags narrow the listed scope: names case-insensitive, values exact", () => {
    const s = scope({ resourceGroups: ["rg-shop-prod"], tags: { Env: "prod" } });
    expect(matchScope(s, app({ tags: { env: "prod" } }))).toEqual({
      in: true,
      by: "resource group rg-shop-prod and tags Env=prod",
    });
    expect(inScope(s, app({ tags: { env: "Prod" } }))).toBe(false);
    expect(matchScope(s, app({ tags: { team: "shop" } }), "#prod-ops")).toEqual({
      in: false,
      why: "shop-api is outside this channel's scope (#prod-ops only covers apps tagged Env=prod)",
    });
  });

  it("tags alone select across the fleet; an app whose tags were not read is out", () => {
    const s = scope({ tags: { env: "prod" } });
    expect(inScope(s, app({ subscriptionId: OTHER_SUB, tags: { env: "prod" } }))).toBe(true);
    expect(matchScope(s, app())).toEqual({
      in: false,
      why: "shop-api is outside this channel's scope (this channel only covers apps tagged env=prod; the app's tags are unknown)",
    });
  });

  it("says which resource group is not bound, naming the channel", () => {
    const s = scope({ resourceGroups: ["rg-payments"] });
    expect(matchScope(s, app({ resourceGroup: "rg-shop" }), "#payments")).toEqual({
      in: false,
      why: "shop-api is outside this channel's scope (rg-shop is not bound to #payments)",
    });
    expect(matchScope(s, app({ resourceGroup: "rg-shop", slot: "blue" }), "#payments")).toMatchObject({
      why: expect.stringMatching(/^shop-api\/blue is outside/),
    });
  });
});

describe("describeScope", () => {
  it("one short line", () => {
    expect(
      describeScope(
        scope({
          subscriptions: [PROD_SUB],
          resourceGroups: [`${PROD_SUB}/rg-a`, "rg-b"],
          apps: [`${app().id}/slots/blue`, "rg-c/web"],
          tags: { env: "prod" },
        }),
      ),
    ).toBe(`subscriptions ${PROD_SUB}; resource groups rg-a, rg-b; apps shop-api/blue, rg-c/web; tagged env=prod`);
  });
});
