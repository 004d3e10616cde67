// Listing (paged, cached) and resolving apps through the real SDK clients against the simulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArmFleet } from "../../src/azure/arm-fleet.ts";
import type { SimFleet } from "../../src/sim/azure/fleet.ts";
import { fleet, plan, SUB1, SUB2, site } from "./fleet-builder.ts";
import { armFleetFor, type Sim, since, startSim } from "./harness.ts";

describe("ArmFleet listing and resolving", () => {
  let world: SimFleet;
  let sim: Sim;
  let arm: ArmFleet;

  beforeAll(async () => {
    const staging = site({ name: "shop-api", slot: "staging", planName: "shop-plan" });
    world = fleet({
      plans: [
        plan({ name: "shop-plan" }),
        plan({ name: "billing-plan", resourceGroup: "rg-billing-prod" }),
        plan({ name: "billing-plan", resourceGroup: "rg-billing-test" }),
        plan({ name: "ne-plan", subscriptionId: SUB2, resourceGroup: "rg-ne", location: "North Europe" }),
      ],
      sites: [
        site({ name: "shop-api", planName: "shop-plan", slots: [staging] }),
        site({ name: "shop-web", planName: "shop-plan" }),
        site({ name: "shop-admin", planName: "shop-plan" }),
        site({ name: "billing", resourceGroup: "rg-billing-prod", planName: "billing-plan" }),
        site({ name: "billing", resourceGroup: "rg-billing-test", planName: "billing-plan" }),
        site({
          name: "reports",
          subscriptionId: SUB2,
          resourceGroup: "rg-ne",
          location: "North Europe",
          planName: "ne-plan",
        }),
      ],
    });
    sim = await startSim(world, { pageSize: 2 });
    arm = armFleetFor(sim, world);
  });
  afterAll(async () => {
    await sim?.close();
  });

  it("lists every site of every subscription, following nextLink pages, then serves the cache", async () => {
    const before = sim.requests.length;
    const apps = await arm.listApps();
    expect(apps.map((a) => `${a.resourceGroup}/${a.name}`).sort()).toEqual([
      "rg-billing-prod/billing",
      "rg-billing-test/billing",
      "rg-ne/reports",
      "rg-shop/shop-admin",
      "rg-shop/shop-api",
      "rg-shop/shop-web",
    ]);
    const lists = since(sim, before).filter((r) => r.route === "sites.list");
    // 5 sites in SUB1 at 2 per page → 3 pages; 1 site in SUB2 → 1 page.
    expect(lists).toHaveLength(4);
    const reports = apps.find((a) => a.name === "reports");
    expect(reports).toMatchObject({
      subscriptionId: SUB2,
      location: "North Europe",
      region: "northeurope",
      kind: "app",
    });
    expect(reports?.planId.toLowerCase()).toBe(
      `/subscriptions/${SUB2}/resourcegroups/rg-ne/providers/microsoft.web/serverfarms/ne-plan`,
    );

    const again = sim.requests.length;
    await arm.listApps();
    expect(sim.requests.length).toBe(again);
  });

  it("lists slots on request", async () => {
    const apps = await arm.listApps({ includeSlots: true });
    const slot = apps.find((a) => a.slot !== undefined);
    expect(slot).toMatchObject({ name: "shop-api", slot: "staging", resourceGroup: "rg-shop" });
    expect(slot?.id).toMatch(/\/sites\/shop-api\/slots\/staging$/);
    expect(apps).toHaveLength(7);
  });

  it("resolves by exact name, any case, rg/name and resource ID", async () => {
    const exact = await arm.resolveApp("shop-api");
    expect(exact.kind === "found" && exact.app.name).toBe("shop-api");
    const upper = await arm.resolveApp("SHOP-WEB");
    expect(upper.kind === "found" && upper.app.name).toBe("shop-web");
    const rgName = await arm.resolveApp("rg-billing-test/BILLING");
    expect(rgName.kind === "found" && rgName.app.resourceGroup).toBe("rg-billing-test");
    const byId = await arm.resolveApp(
      `/subscriptions/${SUB2}/resourceGroups/rg-ne/providers/Microsoft.Web/sites/reports`,
    );
    expect(byId.kind === "found" && byId.app.subscriptionId).toBe(SUB2);
  });

  it("resolves a slot (option, name/slot, slot ID)", async () => {
    for (const [query, opts] of [
      ["shop-api", { slot: "staging" }],
      ["shop-api/Staging", {}],
      [`/subscriptions/${SUB1}/resourceGroups/rg-shop/providers/Microsoft.Web/sites/shop-api/slots/staging`, {}],
    ] as const) {
      const r = await arm.resolveApp(query, opts);
      expect(r.kind === "found" && `${r.app.name}/${r.app.slot}`).toBe("shop-api/staging");
    }
  });

  it("lists the candidates of an ambiguous name and suggests close names for an unknown one", async () => {
    const amb = await arm.resolveApp("billing");
    expect(amb.kind).toBe("ambiguous");
    if (amb.kind === "ambiguous")
      expect(amb.candidates.map((a) => a.resourceGroup).sort()).toEqual(["rg-billing-prod", "rg-billing-test"]);
    const before = sim.requests.length;
    const unknown = await arm.resolveApp("shop-apu");
    expect(unknown.kind).toBe("unknown");
    if (unknown.kind === "unknown") expect(unknown.suggestions[0].name).toBe("shop-api");
    // The list is fresh: a typo does not trigger a re-list.
    expect(since(sim, before).filter((r) => r.route === "sites.list")).toHaveLength(0);
  });

  it("re-lists for an unknown name once the list is older than 30 s, finding a new app", async () => {
    world.sites.push(site({ name: "checkout", planName: "shop-plan" }));
    expect((await arm.resolveApp("checkout")).kind).toBe("unknown");
    world.clock.advance(31_000);
    const r = await arm.resolveApp("checkout");
    expect(r.kind === "found" && r.app.name).toBe("checkout");
  });
});
