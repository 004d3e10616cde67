import { describe, expect, it } from "vitest";
import { damerauLevenshtein, resolveQuery, similarity, splitQuery, suggestApps } from "../../src/core/resolve.ts";
import type { AppRef } from "../../src/core/snapshot.ts";

const SUB = "00000000-0000-0000-0000-000000000001";
function app(rg: string, name: string, slot?: string): AppRef {
  const site = `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Web/sites/${name}`;
  return {
    id: slot ? `${site}/slots/${slot}` : site,
    subscriptionId: SUB,
    resourceGroup: rg,
    name,
    ...(slot ? { slot } : {}),
    location: "West Europe",
    region: "westeurope",
    kind: "app",
    planId: `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Web/serverfarms/plan`,
  };
}

const shopApi = app("rg-shop", "shop-api");
const shopWeb = app("rg-shop", "shop-web");
const billingProd = app("rg-billing-prod", "billing");
const billingTest = app("rg-billing-test", "billing");
const staging = app("rg-shop", "shop-api", "staging");
const apps = [shopApi, shopWeb, billingProd, billingTest, staging];

describe("damerauLevenshtein", () => {
  it("counts insertions, deletions, substitutions and adjacent transpositions", () => {
    expect(damerauLevenshtein("", "abc")).toBe(3);
    expect(damerauLevenshtein("kitten", "sitting")).toBe(3);
    expect(damerauLevenshtein("shop-api", "shop-aip")).toBe(1);
    expect(damerauLevenshtein("shop-api", "shop-api")).toBe(0);
    expect(damerauLevenshtein("ca", "abc")).toBe(3);
  });

  it("is symmetric", () => {
    for (const [a, b] of [
      ["billing", "biling"],
      ["abcdef", "badcfe"],
      ["x", "yz"],
    ]) {
      expect(damerauLevenshtein(a, b)).toBe(damerauLevenshtein(b, a));
    }
  });
});

describe("splitQuery (the resolver's view of free text)", () => {
  it("recognises names, paths and resource IDs (with or without the leading slash)", () => {
    expect(splitQuery(" shop-api ")).toEqual({ kind: "name", name: "shop-api" });
    expect(splitQuery("rg-shop/shop-api")).toMatchObject({ kind: "path", first: "rg-shop", second: "shop-api" });
    expect(splitQuery(staging.id.slice(1))).toMatchObject({ kind: "id", siteId: shopApi.id, slot: "staging" });
  });
});

describe("resolveQuery", () => {
  it("finds an exact name, case-insensitively", () => {
    expect(resolveQuery(apps, "shop-api")).toEqual({ kind: "found", app: shopApi });
    expect(resolveQuery(apps, "SHOP-Api")).toEqual({ kind: "found", app: shopApi });
  });

  it("finds rg/name and a resource ID", () => {
    expect(resolveQuery(apps, "RG-BILLING-TEST/billing")).toEqual({ kind: "found", app: billingTest });
    expect(resolveQuery(apps, shopWeb.id.toUpperCase())).toEqual({ kind: "found", app: shopWeb });
  });

  it("finds a slot by option, by name/slot and by slot resource ID; 'production' means the site", () => {
    expect(resolveQuery(apps, "shop-api", { slot: "Staging" })).toEqual({ kind: "found", app: staging });
    expect(resolveQuery(apps, "shop-api/staging")).toEqual({ kind: "found", app: staging });
    expect(resolveQuery(apps, "rg-shop/shop-api/staging")).toEqual({ kind: "found", app: staging });
    expect(resolveQuery(apps, staging.id)).toEqual({ kind: "found", app: staging });
    expect(resolveQuery(apps, "shop-api", { slot: "production" })).toEqual({ kind: "found", app: shopApi });
  });

  it("lists the candidates when a name exists in several resource groups", () => {
    const r = resolveQuery(apps, "billing");
    expect(r.kind).toBe("ambiguous");
    if (r.kind === "ambiguous") expect(r.candidates).toEqual([billingProd, billingTest]);
  });

  it("suggests the closest names for an unknown name", () => {
    const r = resolveQuery(apps, "shop-apj");
    expect(r).toMatchObject({ kind: "unknown", query: "shop-apj" });
    if (r.kind === "unknown") expect(r.suggestions[0]).toEqual(shopApi);
    const typo = resolveQuery(apps, "biling");
    if (typo.kind === "unknown")
      expect(typo.suggestions.map((a) => a.resourceGroup)).toEqual(["rg-billing-prod", "rg-billing-test"]);
    else expect.fail("expected unknown");
  });

  it("suggests known slots for an unknown slot, and nothing far-fetched for gibberish", () => {
    const r = resolveQuery(apps, "shop-api", { slot: "stagign" });
    expect(r.kind).toBe("unknown");
    if (r.kind === "unknown") expect(r.suggestions).toEqual([staging]);
    const none = resolveQuery(apps, "zzzzzzzz");
    expect(none).toEqual({ kind: "unknown", query: "zzzzzzzz", suggestions: [] });
  });
});

describe("suggestApps", () => {
  it("ranks prefix and substring matches before edit-distance matches and caps the list", () => {
    const many = Array.from({ length: 8 }, (_, i) => app("rg", `shop-${i}`));
    expect(suggestApps(many, "shop")).toHaveLength(5);
    expect(similarity("shop", "shop-api")).toBeLessThan(similarity("shop-apj", "shop-api"));
    expect(suggestApps([shopWeb, shopApi], "api").map((a) => a.name)).toEqual(["shop-api"]);
  });
});

describe("a parsed query is resolved as parsed (never re-parsed from text)", () => {
  it("resolves every grammar form exactly as its text would", async () => {
    const { parseAppQuery, appQueryText } = await import("../../src/command/app-query.ts");
    const { resolveQuery: resolve } = await import("../../src/core/resolve.ts");
    const apps = [shopApi, staging];
    for (const text of [
      "shop-api",
      "rg-shop/shop-api",
      "shop-api/staging",
      shopApi.id,
      staging.id,
      "nope",
      "rg-shop/nope",
    ]) {
      const parsed = parseAppQuery(text);
      if (!parsed.ok) continue;
      const q = parsed.value;
      expect(resolve(apps, q, q.slot ? { slot: q.slot } : {}), text).toEqual(
        resolve(apps, appQueryText(q), q.slot ? { slot: q.slot } : {}),
      );
    }
  });
});
