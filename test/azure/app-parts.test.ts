// ArmFleet.appParts against the simulator (real SDK clients): only the parts asked for are read, and a part
// that fails comes back in notRead with its call and what happened, never as an empty value.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArmFleet } from "../../src/azure/arm-fleet.ts";
import type { AppRef, Window } from "../../src/core/snapshot.ts";
import { SIM_WORKSPACE_ID } from "../../src/sim/azure/cli.ts";
import type { SimFleet } from "../../src/sim/azure/fleet.ts";
import { constant, fleet, HEALTHY, MIN, plan, SUB1, site, T0 } from "./fleet-builder.ts";
import { armFleetFor, type Sim, since, startSim } from "./harness.ts";

const WINDOW: Window = { start: T0 - 60 * MIN, end: T0 };

describe("ArmFleet.appParts", () => {
  let world: SimFleet;
  let sim: Sim;
  let arm: ArmFleet;
  let app: AppRef;

  beforeAll(async () => {
    world = fleet({
      plans: [plan({ name: "shop-plan" })],
      sites: [site({ name: "shop-api", planName: "shop-plan", behaviour: constant(HEALTHY) })],
      serviceHealth: [
        {
          subscriptionId: SUB1,
          id: "WE-1",
          title: "App Service degraded in West Europe",
          eventType: "ServiceIssue",
          status: "Active",
          regions: ["West Europe"],
          service: "App Service",
          start: T0 - 30 * MIN,
        },
        {
          subscriptionId: SUB1,
          id: "NE-1",
          title: "App Service degraded in North Europe",
          eventType: "ServiceIssue",
          status: "Active",
          regions: ["North Europe"],
          service: "App Service",
          start: T0 - 30 * MIN,
        },
      ],
    });
    sim = await startSim(world);
    arm = armFleetFor(sim, world, { logs: { endpoint: sim.logsEndpoint, workspaceId: SIM_WORKSPACE_ID } });
    const r = await arm.resolveApp("shop-api");
    if (r.kind !== "found") throw new Error("shop-api not found");
    app = r.app;
  });
  afterAll(async () => {
    await sim?.close();
  });

  it("health: Resource Health and the region's Service Health, and no other read", async () => {
    const from = sim.requests.length;
    const p = await arm.appParts(app, WINDOW, ["resourceHealth", "serviceHealth"]);
    expect(p.notRead).toEqual([]);
    expect(p.resourceHealth?.availabilityState).toBeDefined();
    expect(p.serviceHealth?.map((e) => e.id)).toEqual(["WE-1"]);
    expect(p.metrics).toEqual([]);
    expect(
      since(sim, from)
        .map((r) => r.route)
        .sort(),
    ).toEqual(["events.list", "health.current"]);
  });

  it("links: the site resource alone (its host names, the SCM one among them), no config or metrics read", async () => {
    const from = sim.requests.length;
    const p = await arm.appParts(app, WINDOW, ["site"]);
    expect(p.notRead).toEqual([]);
    expect(p.site?.state).toBe("Running");
    expect(p.site?.enabledHostNames?.some((h) => h.includes(".scm."))).toBe(true);
    expect(since(sim, from).map((r) => r.route)).toEqual(["sites.get"]);
  });

  it("metrics: site, HealthCheckStatus and plan grids; the plan's read failing is named, the rest stays", async () => {
    sim.faults.add({ route: "metrics.list", scope: app.planId, status: 429, retryAfterSeconds: 30 });
    try {
      const p = await arm.appParts(app, WINDOW, ["siteMetrics", "healthCheckMetrics", "planMetrics"]);
      expect(p.metrics.some((g) => g.scope === "site" && g.name === "Requests")).toBe(true);
      expect(p.metrics.some((g) => g.scope === "plan")).toBe(false);
      expect(p.notRead).toMatchObject([
        {
          part: "planMetrics",
          signal: "planMetrics",
          reason: "metrics.list shop-plan (plan, PT1M): throttled for 30 s",
        },
      ]);
      expect(p.notRead[0].error).toMatchObject({ kind: "throttled", retryAfterSeconds: 30 });
    } finally {
      sim.faults.clear();
    }
  });

  it("logs: a query that fails is named with its own signal; the others answer", async () => {
    sim.faults.add({ route: "logs.query", status: 429, retryAfterSeconds: 30, times: 1 });
    try {
      const p = await arm.appParts(app, WINDOW, ["logs"]);
      expect(p.logs).toBeDefined();
      expect(p.notRead).toHaveLength(1);
      expect(p.notRead[0]).toMatchObject({ part: "logs", signal: expect.stringMatching(/^logs\.\w+$/) });
      expect(p.notRead[0].reason).toMatch(/^logs \w+ shop-api: throttled for 30 s$/);
    } finally {
      sim.faults.clear();
    }
  });
});
