import { describe, expect, it } from "vitest";
import { appQueryText, parseAppQuery, withSlot } from "../../src/command/app-query.ts";
import type { AppQuery } from "../../src/command/intent.ts";
import { parseCommand } from "../../src/command/parse.ts";
import { resolveQuery } from "../../src/core/resolve.ts";
import type { AppRef } from "../../src/core/snapshot.ts";

const SUB = "00000000-0000-0000-0000-000000000001";
const SITE = `/subscriptions/${SUB}/resourceGroups/rg-shop/providers/Microsoft.Web/sites/shop-api`;

function query(text: string): AppQuery {
  const r = parseAppQuery(text);
  if (!r.ok) throw new Error(r.problem);
  return r.value;
}

function problem(text: string): string {
  const r = parseAppQuery(text);
  if (r.ok) throw new Error(`accepted ${text}`);
  return r.problem;
}

describe("parseAppQuery", () => {
  it("reads a name", () => {
    expect(query("shop-api")).toEqual({ kind: "name", name: "shop-api" });
    expect(query("Shop-API")).toEqual({ kind: "name", name: "Shop-API" });
  });

  it("reads rg/name and rg/name/slot", () => {
    expect(query("rg-shop/shop-api")).toEqual({ kind: "rgName", resourceGroup: "rg-shop", name: "shop-api" });
    expect(query("rg.shop_(eu)/shop-api/staging")).toEqual({
      kind: "rgName",
      resourceGroup: "rg.shop_(eu)",
      name: "shop-api",
      slot: "staging",
    });
  });

  it("reads a site resource ID, with or without the leading slash, keywords in any case", () => {
    const want = { kind: "resourceId", id: SITE, subscriptionId: SUB, resourceGroup: "rg-shop", name: "shop-api" };
    expect(query(SITE)).toEqual(want);
    expect(query(`${SITE.slice(1)}/`)).toEqual(want);
    expect(query(SITE.toLowerCase())).toMatchObject({ kind: "resourceId", name: "shop-api", resourceGroup: "rg-shop" });
  });

  it("reads a slot resource ID and takes the slot from it", () => {
    expect(query(`${SITE}/slots/staging`)).toEqual({
      kind: "resourceId",
      id: `${SITE}/slots/staging`,
      subscriptionId: SUB,
      resourceGroup: "rg-shop",
      name: "shop-api",
      slot: "staging",
    });
  });

  it("lifts the resource ID out of a portal link and drops portal-only segments", () => {
    const url = `https://portal.azure.com/#@contoso.onmicrosoft.com/resource${SITE}/slots/staging/overview?x=1`;
    expect(query(url)).toMatchObject({ kind: "resourceId", id: `${SITE}/slots/staging`, slot: "staging" });
  });

  it("reads default host names (public, Kudu, US Gov, China) as the app name", () => {
    expect(query("shop-api.azurewebsites.net")).toEqual({ kind: "name", name: "shop-api" });
    expect(query("https://shop-api.scm.azurewebsites.net/api/logstream")).toEqual({ kind: "name", name: "shop-api" });
    expect(query("shop-api.azurewebsites.us")).toEqual({ kind: "name", name: "shop-api" });
    expect(query("shop-api.chinacloudsites.cn")).toEqual({ kind: "name", name: "shop-api" });
  });

  it("strips stray angle brackets around a name", () => {
    expect(query("<shop-api>")).toEqual({ kind: "name", name: "shop-api" });
  });

  it("rejects Slack mentions with an escaped echo", () => {
    expect(problem("<@U123>")).toBe(
      "“&lt;@U123&gt;” is a Slack mention, not an app: use a name (shop-api), rg/name or a resource ID.",
    );
    expect(problem("<!here>")).toContain("&lt;!here&gt;");
  });

  it("rejects names Azure cannot have", () => {
    expect(problem("shop_api")).toBe(
      "“shop_api” is not an app name (letters, digits and hyphens): use a name (shop-api), rg/name or a resource ID.",
    );
    expect(problem("-shop")).toMatch(/is not an app name/);
    expect(problem("a".repeat(61))).toMatch(/is not an app name/);
  });

  it("rejects malformed paths and resource IDs", () => {
    expect(problem("a/b/c/d")).toMatch(/is not an app/);
    expect(problem("rg//x")).toMatch(/is not an app/);
    expect(problem("rg./x")).toBe("“rg.” is not a resource group name.");
    expect(problem("rg/x/-bad")).toBe("“-bad” is not a slot name.");
    expect(problem(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan`)).toMatch(
      /^That resource ID is not an App Service app/,
    );
    expect(problem(`/subscriptions/${SUB}/resourceGroups/rg`)).toMatch(/not an App Service app/);
    expect(problem(`${SITE}/config/web`)).toBe(
      "That resource ID goes past the app (“config/web”): end it at /sites/name or /slots/slot.",
    );
    expect(problem("https://example.com/shop-api")).toBe(
      "The link “https://example.com/shop-api” does not name an App Service app.",
    );
  });
});

describe("withSlot", () => {
  it("adds --slot, accepts an agreeing slot, refuses a conflicting one", () => {
    expect(withSlot({ kind: "name", name: "a" }, "blue")).toEqual({
      ok: true,
      value: { kind: "name", name: "a", slot: "blue" },
    });
    expect(withSlot(query(`${SITE}/slots/staging`), "Staging").ok).toBe(true);
    expect(withSlot(query(`${SITE}/slots/staging`), "blue")).toEqual({
      ok: false,
      problem: "The app names slot “staging” but --slot says “blue”: give one.",
    });
  });
});

describe("appQueryText with core/resolve", () => {
  const ref = (name: string, slot?: string): AppRef => ({
    id: slot ? `${SITE.replace("shop-api", name)}/slots/${slot}` : SITE.replace("shop-api", name),
    subscriptionId: SUB,
    resourceGroup: "rg-shop",
    name,
    ...(slot ? { slot } : {}),
    location: "West Europe",
    region: "westeurope",
    kind: "app",
    planId: `/subscriptions/${SUB}/resourceGroups/rg-shop/providers/Microsoft.Web/serverfarms/plan`,
  });
  const apps = [ref("shop-api"), ref("shop-api", "staging"), ref("cart")];

  it.each([
    "status shop-api --slot staging",
    "status rg-shop/shop-api/staging",
    `status ${SITE}/slots/staging`,
    "status <https://shop-api.azurewebsites.net|shop-api.azurewebsites.net> -s staging",
  ])("%s resolves to the staging slot", (text) => {
    const r = parseCommand(text);
    if (!r.ok || r.intent.verb !== "status") throw new Error(JSON.stringify(r));
    const found = resolveQuery(apps, appQueryText(r.intent.app), { slot: r.intent.app.slot });
    expect(found).toEqual({ kind: "found", app: apps[1] });
  });
});
