// The digest scope as an app filter: each entry kind, case rules, and the intersection with the policy.
import { describe, expect, it } from "vitest";
import type { DigestScope } from "../../src/command/intent.ts";
import type { AppRef } from "../../src/core/snapshot.ts";
import { describeDigestScope, digestScopeFilter, scopeFromJson, scopeToJson } from "../../src/digests/scope.ts";
import { parsePolicy } from "../../src/policy/index.ts";

const SUB = "00000000-0000-0000-0000-000000000001";
const app = (name: string, rg: string, over: Partial<AppRef> = {}): AppRef => ({
  id: `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Web/sites/${name}`,
  subscriptionId: SUB,
  resourceGroup: rg,
  name,
  location: "West Europe",
  region: "westeurope",
  kind: "app",
  planId: "",
  ...over,
});
const APPS = [
  app("shop-api", "rg-shop", { tags: { Env: "prod" } }),
  app("shop-api", "rg-shop", { slot: "staging", tags: { Env: "staging" } }),
  app("catalog-api", "rg-catalog"),
  app("web", "rg-web", { subscriptionId: "other-sub" }),
];
const names = (scope: DigestScope[], policy?: ReturnType<typeof parsePolicy>, channel = "C0ONE") =>
  APPS.filter(digestScopeFilter(scope, policy, channel)).map((a) => (a.slot ? `${a.name}/${a.slot}` : a.name));

describe("digestScopeFilter", () => {
  it("matches each kind of entry, names case-insensitively and tag values exactly", () => {
    expect(names([])).toEqual(["shop-api", "shop-api/staging", "catalog-api", "web"]);
    expect(names([{ kind: "all" }])).toHaveLength(4);
    expect(names([{ kind: "resourceGroup", resourceGroup: "RG-SHOP" }])).toEqual(["shop-api", "shop-api/staging"]);
    expect(names([{ kind: "subscription", subscriptionId: "other-sub" }])).toEqual(["web"]);
    expect(names([{ kind: "tag", key: "env", value: "prod" }])).toEqual(["shop-api"]);
    expect(names([{ kind: "tag", key: "env", value: "PROD" }])).toEqual([]);
    expect(names([{ kind: "tag", key: "env" }])).toEqual(["shop-api", "shop-api/staging"]);
    expect(names([{ kind: "app", app: { kind: "name", name: "Catalog-API" } }])).toEqual(["catalog-api"]);
    expect(names([{ kind: "app", app: { kind: "name", name: "shop-api", slot: "staging" } }])).toEqual([
      "shop-api/staging",
    ]);
    expect(
      names([
        { kind: "app", app: { kind: "rgName", resourceGroup: "rg-web", name: "web" } },
        { kind: "resourceGroup", resourceGroup: "rg-catalog" },
      ]),
    ).toEqual(["catalog-api", "web"]);
  });

  it("never widens the channel's policy scope, and an unbound channel sees nothing", () => {
    const policy = parsePolicy(
      ["bindings:", "  - channel: C0ONE", "    scope:", "      resourceGroups: [rg-shop]", ""].join("\n"),
    );
    expect(names([{ kind: "all" }], policy)).toEqual(["shop-api", "shop-api/staging"]);
    expect(names([{ kind: "resourceGroup", resourceGroup: "rg-catalog" }], policy)).toEqual([]);
    expect(names([], policy, "C0TWO")).toEqual([]);
  });
});

describe("stored scope", () => {
  it("round-trips through JSON and describes itself", () => {
    const scope: DigestScope[] = [
      { kind: "resourceGroup", resourceGroup: "rg-shop" },
      { kind: "app", app: { kind: "rgName", resourceGroup: "rg-web", name: "web", slot: "blue" } },
      { kind: "tag", key: "env", value: "prod" },
    ];
    expect(scopeFromJson(JSON.parse(JSON.stringify(scopeToJson(scope))))).toEqual(scope);
    expect(describeDigestScope(scope)).toBe("rg:rg-shop, rg-web/web/blue, tag:env=prod");
    expect(describeDigestScope([])).toBe("the channel's scope");
    expect(scopeFromJson({ resourceGroups: ["rg-shop"] })).toEqual([]);
    expect(scopeFromJson({ entries: [{ kind: "bogus" }, { kind: "all" }] })).toEqual([{ kind: "all" }]);
  });
});
