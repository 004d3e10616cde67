// Public API: scenario names, fleets, the demo mix, generated fleets and the expectations table.

import { describe, expect, it } from "vitest";
import { MINUTE, manualClock } from "../../../../src/sim/azure/fleet.ts";
import {
  addScenario,
  buildScenario,
  emptyFleet,
  generateFleet,
  scenarioExpectations,
  scenarioNames,
} from "../../../../src/sim/azure/scenarios/index.ts";
import { ACCEPTANCE_SCENARIOS } from "../../../../src/sim/azure/scenarios/library.ts";
import { planOf, sitesOnPlan } from "../../../../src/sim/azure/world.ts";
import { at, NOW, siteSeries, T0 } from "./helpers.ts";

const SUB1 = "00000000-0000-0000-0000-000000000001";
const SUB2 = "00000000-0000-0000-0000-000000000002";

const SETUP: Record<string, { app: string; rg: string; sku: string; tier: string; capacity: number; linux: boolean }> =
  {
    S1: { app: "shop-api", rg: "rg-shop", sku: "S1", tier: "Standard", capacity: 1, linux: false },
    S2: { app: "checkout-web", rg: "rg-checkout", sku: "P1v3", tier: "PremiumV3", capacity: 2, linux: true },
    S3: { app: "orders-api", rg: "rg-orders", sku: "B1", tier: "Basic", capacity: 1, linux: true },
    S4: { app: "billing-java", rg: "rg-billing", sku: "P1v3", tier: "PremiumV3", capacity: 1, linux: true },
    S5: { app: "catalog-api", rg: "rg-catalog", sku: "P1v3", tier: "PremiumV3", capacity: 4, linux: false },
    S6: { app: "payments-api", rg: "rg-payments", sku: "S2", tier: "Standard", capacity: 2, linux: false },
    S7: { app: "inventory-api", rg: "rg-inventory", sku: "P1v3", tier: "PremiumV3", capacity: 2, linux: false },
    S8: { app: "reports-tool", rg: "rg-reports", sku: "P1v3", tier: "PremiumV3", capacity: 2, linux: true },
  };

describe("buildScenario", () => {
  it("lists the library (S1…S25, H1, H2), healthy and demo", () => {
    expect(scenarioNames).toEqual([
      ...Array.from({ length: 25 }, (_, i) => `S${i + 1}`),
      "H1",
      "H2",
      "healthy",
      "demo",
    ]);
  });

  it.each(Object.entries(SETUP))("%s holds one app and its plan with its scenario setup", (name, s) => {
    const fleet = buildScenario(name, manualClock(NOW));
    expect(fleet.sites).toHaveLength(1);
    expect(fleet.plans).toHaveLength(1);
    expect(fleet.subscriptions).toEqual([SUB1]);
    const site = fleet.sites[0];
    const plan = planOf(fleet, site);
    expect(site).toMatchObject({ name: s.app, resourceGroup: s.rg, location: "West Europe", planName: `asp-${s.app}` });
    expect(plan.sku).toMatchObject({ name: s.sku, tier: s.tier, size: s.sku, capacity: s.capacity });
    expect(plan.reserved).toBe(s.linux);
    expect(plan.workers).toHaveLength(s.capacity);
    expect(site.kind.includes("linux")).toBe(s.linux);
    for (const w of plan.workers) expect(w).toMatch(s.linux ? /^lw\dsdlwk0000[0-9A-F]{2}$/ : /^RD\d{4}$/);
    expect(scenarioExpectations[name].app).toBe(s.app);
  });

  it("puts T0 at now − 180 min rounded down to 5 min", () => {
    const fleet = buildScenario("S3", manualClock(NOW + 3 * MINUTE + 17_000));
    expect(fleet.sites[0].timeline[0].at).toBe(T0 + 10 * MINUTE);
  });

  it("honours names, location, subscription and seed options", () => {
    const fleet = buildScenario("S2", manualClock(NOW), {
      appName: "web-2",
      resourceGroup: "rg-x",
      location: "East US",
      subscriptionId: SUB2,
      seed: 99,
    });
    expect(fleet.seed).toBe(99);
    expect(fleet.subscriptions).toEqual([SUB2]);
    expect(fleet.sites[0]).toMatchObject({
      name: "web-2",
      resourceGroup: "rg-x",
      location: "East US",
      subscriptionId: SUB2,
    });
  });

  it("rejects unknown names and duplicate apps", () => {
    expect(() => buildScenario("S99", manualClock(NOW))).toThrow(/unknown scenario/);
    const fleet = emptyFleet(manualClock(NOW));
    addScenario(fleet, "S1");
    expect(() => addScenario(fleet, "S1")).toThrow(/already exists/);
    expect(addScenario(fleet, "S1", { appName: "shop-api-2" }).name).toBe("shop-api-2");
  });

  it("mixes scenarios with their own T0 in one fleet", () => {
    const fleet = emptyFleet(manualClock(NOW), { seed: 3 });
    const s2 = addScenario(fleet, "S2", { t0: at(-600) });
    const s7 = addScenario(fleet, "S7");
    const err2 = siteSeries(fleet, s2, "Http5xx", "total", at(-600 + 30), at(-600 + 40));
    for (const e of err2) expect(e).toBeGreaterThan(500);
    expect(siteSeries(fleet, s7, "Http5xx", "total", at(-600 + 30), at(-600 + 40)).every((e) => e <= 2)).toBe(true);
    expect(fleet.sites).toEqual([s2, s7]);
  });
});

describe("demo fleet", () => {
  const fleet = buildScenario("demo", manualClock(NOW));
  const byName = (n: string) => fleet.sites.find((s) => s.name === n);

  it("holds all eight scenarios and seven healthy apps over two subscriptions and two regions", () => {
    for (const s of Object.values(SETUP)) expect(byName(s.app)).toBeDefined();
    expect(fleet.sites).toHaveLength(15);
    expect(new Set(fleet.sites.map((s) => s.subscriptionId))).toEqual(new Set([SUB1, SUB2]));
    expect(new Set(fleet.sites.map((s) => s.location))).toEqual(new Set(["West Europe", "North Europe"]));
    expect(fleet.subscriptions.sort()).toEqual([SUB1, SUB2]);
  });

  it("covers a health check, Linux, a staging slot, a stopped app, a shared plan and an idle app", () => {
    expect(byName("profile-api")?.config.healthCheckPath).toBe("/healthz");
    expect(byName("docs-site")?.kind).toBe("app,linux");
    expect(byName("marketing-web")?.slots.map((s) => s.slot)).toEqual(["staging"]);
    const legacy = byName("legacy-admin");
    expect(legacy?.state).toBe("Stopped");
    const shared = fleet.plans.filter((p) => sitesOnPlan(fleet, p).filter((s) => !s.slot).length === 2);
    expect(shared.map((p) => p.name)).toEqual(["asp-intranet"]);
    const archive = byName("archive-api");
    if (!archive || !legacy) throw new Error("demo apps missing");
    expect(siteSeries(fleet, archive, "Requests", "total", at(0), at(60)).every((r) => r === 0)).toBe(true);
    const req = siteSeries(fleet, legacy, "Requests", "total", at(0), at(60));
    expect(siteSeries(fleet, legacy, "Http403", "total", at(0), at(60))).toEqual(req);
  });

  it("has one enabled autoscale setting (2–6, default 2) on a healthy plan", () => {
    expect(fleet.autoscaleSettings).toHaveLength(1);
    const a = fleet.autoscaleSettings[0];
    expect(a.enabled).toBe(true);
    expect(a.profiles[0].capacity).toEqual({ minimum: 2, maximum: 6, default: 2 });
    expect(a.targetPlan).toEqual({ resourceGroup: "rg-profile", name: "asp-profile-api" });
  });

  it("has one active App Service event in North Europe, where no scenario app runs", () => {
    expect(fleet.serviceHealth).toHaveLength(1);
    const e = fleet.serviceHealth[0];
    expect(e).toMatchObject({ status: "Active", service: "App Service", regions: ["North Europe"] });
    expect(e.start).toBeLessThan(NOW);
    expect(e.end).toBeGreaterThan(NOW);
    for (const s of Object.values(SETUP)) expect(byName(s.app)?.location).toBe("West Europe");
  });
});

describe("generateFleet", () => {
  const subs = [SUB1, SUB2];
  const regions = ["West Europe", "North Europe", "East US"];
  const fleet = generateFleet(manualClock(NOW), { apps: 500, subscriptions: subs, regions, incidents: 8, seed: 5 });

  it("creates exactly `apps` sites spread evenly over subscriptions × regions", () => {
    expect(fleet.sites).toHaveLength(500);
    expect(fleet.subscriptions).toEqual(subs);
    for (const sub of subs) {
      for (const region of regions) {
        const n = fleet.sites.filter((s) => s.subscriptionId === sub && s.location === region).length;
        expect(n === 83 || n === 84, `${sub} ${region}: ${n}`).toBe(true);
      }
    }
    expect(new Set(fleet.sites.map((s) => `${s.subscriptionId}/${s.name}`)).size).toBe(500);
  });

  it("puts some apps on shared plans, every plan in its sites' subscription and region", () => {
    const counts = fleet.plans.map((p) => sitesOnPlan(fleet, p).length);
    expect(counts.filter((c) => c === 2).length).toBeGreaterThan(100);
    expect(Math.max(...counts)).toBe(2);
    for (const site of fleet.sites) {
      const plan = planOf(fleet, site);
      expect(plan.subscriptionId).toBe(site.subscriptionId);
      expect(plan.location).toBe(site.location);
    }
  });

  it("sprinkles the requested incidents, one per scenario", () => {
    const incidentApps = fleet.sites.filter((s) => Object.values(SETUP).some((x) => s.name.startsWith(`${x.app}-`)));
    expect(incidentApps).toHaveLength(8);
    const none = generateFleet(manualClock(NOW), { apps: 50, subscriptions: subs, regions, seed: 5 });
    expect(none.sites.some((s) => s.name.startsWith("shop-api"))).toBe(false);
  });

  it("is deterministic for a seed", () => {
    const again = generateFleet(manualClock(NOW), { apps: 500, subscriptions: subs, regions, incidents: 8, seed: 5 });
    expect(again.plans.map((p) => `${p.name}:${p.sku.name}:${p.sku.capacity}`)).toEqual(
      fleet.plans.map((p) => `${p.name}:${p.sku.name}:${p.sku.capacity}`),
    );
  });
});

describe("scenarioExpectations", () => {
  it("has one entry per library scenario with machine-readable must-nots", () => {
    expect(Object.keys(scenarioExpectations)).toEqual([...ACCEPTANCE_SCENARIOS]);
    for (const e of Object.values(scenarioExpectations)) {
      expect(e.primary).toMatch(/^(R\d\d[abc]?|none)$/);
      expect(e.mustNot.some((m) => /^(primary|rule|mitigation|proposal|setting|confidenceAbove):/.test(m))).toBe(true);
    }
    expect(scenarioExpectations.S2.mitigation).toEqual({
      kind: "scaleOut",
      params: { capacity: 4, followUp: "autoscaleRule" },
    });
    expect(scenarioExpectations.S5.mitigation.params?.worker).toBe("RD0003");
  });
});
