// fleetMetrics: sites and plans through the regional batch API, grouped and chunked by 50.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArmFleet } from "../../src/azure/arm-fleet.ts";
import type { MetricGrid } from "../../src/core/snapshot.ts";
import type { SimFleet, SimPlan, SimSite } from "../../src/sim/azure/fleet.ts";
import { fleet, MIN, plan, site, T0 } from "./fleet-builder.ts";
import { armFleetFor, type Sim, since, startSim } from "./harness.ts";

describe("ArmFleet.fleetMetrics", () => {
  let world: SimFleet;
  let sim: Sim;
  let arm: ArmFleet;

  beforeAll(async () => {
    const plans: SimPlan[] = [];
    const sites: SimSite[] = [];
    // 70 apps in West Europe on 3 plans, 50 in North Europe on 2 plans: 120 apps, 5 plans.
    for (const [region, count, planCount] of [
      ["West Europe", 70, 3],
      ["North Europe", 50, 2],
    ] as const) {
      const short = region === "West Europe" ? "we" : "ne";
      for (let p = 0; p < planCount; p++) plans.push(plan({ name: `${short}-plan-${p}`, location: region }));
      for (let i = 0; i < count; i++)
        sites.push(site({ name: `${short}-app-${i}`, location: region, planName: `${short}-plan-${i % planCount}` }));
    }
    world = fleet({ plans, sites });
    sim = await startSim(world, { pageSize: 100 });
    arm = armFleetFor(sim, world);
  });
  afterAll(async () => {
    await sim?.close();
  });

  it("reads 120 apps in 2 regions with 3 site batches and 2 plan batches, one region each", async () => {
    const apps = await arm.listApps();
    expect(apps).toHaveLength(120);
    const before = sim.requests.length;
    const window = { start: T0 - 60 * MIN, end: T0 };
    const grids = await arm.fleetMetrics(apps, window);
    const calls = since(sim, before);
    expect(calls.every((c) => c.route === "metrics.batch" && c.status === 200)).toBe(true);
    expect(calls.map((c) => c.region).sort()).toEqual([
      "northeurope",
      "northeurope",
      "westeurope",
      "westeurope",
      "westeurope",
    ]);
    const namespaces = calls.map((c) => `${c.region} ${String(c.query.metricnamespace).toLowerCase()}`).sort();
    expect(namespaces).toEqual([
      "northeurope microsoft.web/serverfarms",
      "northeurope microsoft.web/sites",
      "westeurope microsoft.web/serverfarms",
      "westeurope microsoft.web/sites",
      "westeurope microsoft.web/sites",
    ]);

    expect(grids.size).toBe(120);
    for (const app of apps) {
      const g = grids.get(app.id) ?? [];
      expect(g.map((m) => `${m.scope}:${m.name}`).sort()).toEqual([
        "plan:CpuPercentage",
        "plan:MemoryPercentage",
        "site:Http5xx",
        "site:HttpResponseTime",
        "site:Requests",
      ]);
    }
    const one = grids.get(apps[0].id)?.find((m) => m.name === "Requests");
    expect(one?.all[30]).toBe(200);
    expect(Object.keys(one?.perInstance ?? {})).toHaveLength(2);
    // The batch SDK names metrics by their localized text ("Http Server Errors"); grids must still
    // carry data under the REST name, or every 5xx figure of the digest would read "unknown".
    for (const name of ["Http5xx", "HttpResponseTime", "CpuPercentage", "MemoryPercentage"]) {
      const grid = grids.get(apps[0].id)?.find((m) => m.name === name);
      expect(
        grid?.all.some((v) => v !== null),
        name,
      ).toBe(true);
    }
  });

  it("keeps apps of a failed batch out of the map and fails only when every batch fails", async () => {
    const apps = await arm.listApps();
    const window = { start: T0 - 10 * MIN, end: T0 };
    sim.faults.add({ route: "metrics.batch", status: 400, errorCode: "BadRequest", message: "nope", times: 1 });
    const partial = await arm.fleetMetrics(apps, window, {
      metrics: { site: [{ name: "Requests", aggregations: ["Total"] }], plan: [] },
    });
    expect(partial.size).toBeGreaterThanOrEqual(70);
    expect(partial.size).toBeLessThan(120);
    sim.faults.add({ route: "metrics.batch", status: 400, errorCode: "BadRequest", message: "nope" });
    try {
      await expect(arm.fleetMetrics(apps.slice(0, 3), window)).rejects.toMatchObject({ kind: "invalid" });
    } finally {
      sim.faults.clear();
    }
  });

  it("hands each resource's grids to onResource as its batch is read, keeping none itself", async () => {
    const apps = await arm.listApps();
    const window = { start: T0 - 30 * MIN, end: T0 };
    const whole = await arm.fleetMetrics(apps, window);
    const got = new Map<string, MetricGrid[]>();
    const scopes = new Set<string>();
    const kept = await arm.fleetMetrics(apps, window, {
      onResource: (scope, id, grids) => {
        scopes.add(scope);
        got.set(id, grids);
      },
    });
    expect(kept.size).toBe(0);
    expect(got.size).toBe(125); // 120 sites and 5 plans, each once
    expect([...scopes].sort()).toEqual(["plan", "site"]);
    const app = apps[0];
    expect([...(got.get(app.id.toLowerCase()) ?? []), ...(got.get(app.planId.toLowerCase()) ?? [])]).toEqual(
      whole.get(app.id),
    );
  });
});
