// One app's snapshot through the real SDK clients against the simulator: contents, call counts,
// degraded reads, baseline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArmFleet } from "../../src/azure/arm-fleet.ts";
import { DomainError } from "../../src/core/errors.ts";
import { type AppRef, findMetric, type Window } from "../../src/core/snapshot.ts";
import type { SimFleet } from "../../src/sim/azure/fleet.ts";
import { constant, fleet, HEALTHY, MIN, plan, SUB1, site, T0 } from "./fleet-builder.ts";
import { armFleetFor, type Sim, since, startSim } from "./harness.ts";

const WINDOW: Window = { start: T0 - 60 * MIN, end: T0 };

describe("ArmFleet.snapshot", () => {
  let world: SimFleet;
  let sim: Sim;
  let arm: ArmFleet;
  let app: AppRef;

  beforeAll(async () => {
    const { AppConnections: _omitted, ...withoutConnections } = HEALTHY;
    const shopPlan = plan({
      name: "shop-plan",
      sku: { name: "P1v3", tier: "PremiumV3", size: "P1v3", family: "Pv3", capacity: 2 },
    });
    shopPlan.timeline.push({ at: T0 - 40 * MIN, type: "scale", capacity: 2, caller: "ops@example.com" });
    const shopApi = site({
      name: "shop-api",
      planName: "shop-plan",
      config: {
        alwaysOn: true,
        use32BitWorkerProcess: true,
        healthCheckPath: "/healthz",
        autoHealEnabled: true,
        autoHealRules: {
          triggers: {
            statusCodes: [{ status: 502, subStatus: 0, win32Status: 0, count: 20, timeInterval: "00:05:00" }],
          },
          actions: { actionType: "Recycle", minProcessExecutionTime: "00:01:00" },
        },
        numberOfWorkers: 1,
      },
      // Instance 1 fails more; nobody emits AppConnections (unknown, not zero).
      behaviour: constant(withoutConnections, { 1: { Http5xx: 30 } }),
      resourceHealth: {
        availabilityState: "Degraded",
        reasonType: "Unplanned",
        title: "Degraded",
        summary: "Some requests fail",
      },
      timeline: [
        { at: T0 - 50 * MIN, type: "restart", caller: "alice@example.com" },
        { at: T0 - 45 * MIN, type: "config", patch: { alwaysOn: true }, caller: "bob@example.com" },
        { at: T0 - 80 * MIN, type: "deployment", id: "dep-1", status: "Success", endAt: T0 - 75 * MIN, caller: "ci" },
        { at: T0 - 5 * 60 * MIN, type: "restart", caller: "old@example.com" },
      ],
    });
    world = fleet({
      plans: [shopPlan],
      sites: [shopApi, site({ name: "shop-web", planName: "shop-plan" })],
      autoscaleSettings: [
        {
          subscriptionId: SUB1,
          resourceGroup: "rg-shop",
          name: "shop-autoscale",
          enabled: true,
          targetPlan: { resourceGroup: "rg-shop", name: "shop-plan" },
          profiles: [{ name: "default", capacity: { minimum: 2, maximum: 6, default: 2 } }],
        },
      ],
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
    arm = armFleetFor(sim, world);
    const r = await arm.resolveApp("shop-api");
    if (r.kind !== "found") throw new Error("shop-api not found");
    app = r.app;
  });
  afterAll(async () => {
    await sim?.close();
  });

  it("reads site, plan, config, instances, per-instance metrics, health and changes", async () => {
    const s = await arm.snapshot(app, WINDOW);
    expect(s.unknowns).toEqual([]);
    expect(s.site).toMatchObject({ state: "Running", enabled: true, os: "windows", isContainer: false });
    expect(s.site.enabledHostNames.some((h) => h.includes(".scm."))).toBe(true);
    expect(s.plan).toMatchObject({
      name: "shop-plan",
      skuName: "P1v3",
      skuTier: "PremiumV3",
      capacity: 2,
      elasticScaleEnabled: false,
    });
    expect(s.config).toMatchObject({
      healthCheckPath: "/healthz",
      autoHealEnabled: true,
      use32BitWorkerProcess: true,
      alwaysOn: true,
    });
    expect(s.config?.autoHealRules?.triggers?.statusCodes?.[0]).toMatchObject({
      status: 502,
      count: 20,
      timeInterval: "00:05:00",
    });
    expect(s.config?.autoHealRules?.actions?.actionType).toBe("Recycle");
    expect(s.autoscale).toMatchObject({ name: "shop-autoscale", profileName: "default", minimum: 2, maximum: 6 });

    const names = s.instances.map((i) => i.name);
    expect(names).toHaveLength(2);
    const http5xx = findMetric(s, "site", "Http5xx");
    expect(http5xx).toMatchObject({ aggregation: "Total", grainMs: MIN, start: WINDOW.start });
    expect(Object.keys(http5xx?.perInstance ?? {}).sort()).toEqual([...names].sort());
    const mid = 30;
    const perInstance = names.map((n) => http5xx?.perInstance[n][mid]);
    expect(perInstance.sort()).toEqual([2, 30]);
    expect(http5xx?.all[mid]).toBe(32);
    expect(http5xx?.all).toHaveLength(60);

    const rt = s.metrics.filter((m) => m.name === "HttpResponseTime").map((m) => m.aggregation);
    expect(rt.sort()).toEqual(["Average", "Maximum"]);
    const hcs = findMetric(s, "site", "HealthCheckStatus");
    expect(hcs?.grainMs).toBe(5 * MIN);
    expect(hcs?.all[6]).toBe(100);
    const conns = findMetric(s, "site", "AppConnections");
    expect(conns?.all.every((v) => v === null)).toBe(true);
    const cpu = findMetric(s, "plan", "CpuPercentage");
    expect(Object.keys(cpu?.perInstance ?? {})).toHaveLength(2);
    // Plan metrics add up every site on the worker: shop-api and shop-web contribute 30 % each.
    expect(cpu?.all[mid]).toBeCloseTo(60);

    expect(s.resourceHealth).toMatchObject({ availabilityState: "Degraded", reasonType: "Unplanned" });
    expect(s.serviceHealth.map((e) => e.id)).toEqual(["WE-1"]);
    const kinds = s.changes.map((c) => c.kind);
    expect(kinds).toEqual(expect.arrayContaining(["restart", "config", "deployment", "scale"]));
    expect(s.changes.every((c) => c.at >= WINDOW.start - 30 * MIN && c.at <= WINDOW.end)).toBe(true);
    expect(s.changes.find((c) => c.kind === "restart")).toMatchObject({
      caller: "alice@example.com",
      source: "activityLog",
    });
    expect(s.changes.find((c) => c.kind === "deployment")).toMatchObject({
      at: T0 - 75 * MIN,
      status: "Success",
      source: "deployments",
    });
  });

  it("makes 12 calls cold and at most 8 when warm, all of them started together", async () => {
    const fresh = armFleetFor(sim, world);
    const coldStart = sim.requests.length;
    await fresh.snapshot(app, WINDOW);
    const cold = since(sim, coldStart)
      .map((c) => c.route)
      .sort();
    expect(cold).toEqual([
      "activity.list",
      "autoscale.list",
      "config.get",
      "deployments.list",
      "events.list",
      "health.current",
      "instances.list",
      "metrics.list",
      "metrics.list",
      "metrics.list",
      "plans.list",
      "sites.get",
    ]);
    const warmStart = sim.requests.length;
    await fresh.snapshot(app, WINDOW);
    const warm = since(sim, warmStart);
    expect(warm.length).toBeLessThanOrEqual(8);
    expect(warm.map((c) => c.route).sort()).toEqual([
      "activity.list",
      "config.get",
      "health.current",
      "instances.list",
      "metrics.list",
      "metrics.list",
      "metrics.list",
      "sites.get",
    ]);
    // One round trip: with every route hanging, all eight requests still reach Azure before the deadline,
    // and each hung read is tried once more while the command's budget allows (docs/faults.md).
    // 1 s, not less: on a loaded 2-core machine every request must still reach the simulator within it.
    const hung = armFleetFor(sim, world, { readTimeoutMs: 1_000 });
    await hung.snapshot(app, WINDOW);
    sim.faults.add({ route: /./, hang: true });
    const hangStart = sim.requests.length;
    try {
      await expect(hung.snapshot(app, WINDOW)).rejects.toMatchObject({ kind: "timeout" });
      expect(
        since(sim, hangStart)
          .map((c) => c.route)
          .sort(),
      ).toEqual([...warm, ...warm].map((c) => c.route).sort());
    } finally {
      sim.faults.clear();
    }
  });

  it("reads the 24 h baseline with one more call per namespace", async () => {
    const before = sim.requests.length;
    const s = await arm.snapshot(app, WINDOW, { baseline: true });
    expect(since(sim, before).filter((c) => c.route === "metrics.list")).toHaveLength(5);
    expect(s.baseline?.window).toEqual({ start: WINDOW.start - 24 * 60 * MIN, end: WINDOW.start });
    const base = s.baseline?.metrics.find((m) => m.name === "Requests");
    expect(base?.grainMs).toBe(5 * MIN);
    expect(base?.all).toHaveLength(288);
  });

  it("records a failed non-essential read in unknowns instead of failing", async () => {
    sim.faults.add({ route: /health|activity/i, status: 403, errorCode: "AuthorizationFailed", message: "denied" });
    try {
      const s = await arm.snapshot(app, WINDOW);
      expect(s.unknowns.map((u) => u.signal).sort()).toEqual(["activityLog", "resourceHealth"]);
      expect(s.resourceHealth).toBeUndefined();
      expect(s.changes.every((c) => c.source === "deployments")).toBe(true);
    } finally {
      sim.faults.clear();
    }
  });

  it("the config read failing: fails the snapshot, unless the caller can do without it (then named)", async () => {
    sim.faults.add({ route: "config.get", status: 429, retryAfterSeconds: 30 });
    try {
      // A 30 s wait the read's deadline cannot hold is not waited for: Azure's 429 itself, not a deadline cut short.
      const err = await arm.snapshot(app, WINDOW).catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: "throttled", retryAfterSeconds: 30 });
      expect((err as DomainError).userMessage).toBe(
        "Azure is throttling the bot's requests (429 on webApps.getConfiguration shop-api).",
      );
      expect((err as DomainError).hint).toMatch(/Azure asks to wait 30 s, longer than this answer could wait/);
      const s = await arm.snapshot(app, WINDOW, { configOptional: true });
      expect(s.config).toBeUndefined();
      expect(s.unknowns).toContainEqual({
        signal: "siteConfig",
        reason: "webApps.getConfiguration shop-api: throttled for 30 s",
      });
      expect(s.site.state).toBe("Running");
      expect(findMetric(s, "site", "Requests")).toBeDefined();
    } finally {
      sim.faults.clear();
    }
  });

  it("fails with notFound and suggestions when the site is gone", async () => {
    const gone = { ...app, name: "shop-apx", id: app.id.replace(/shop-api$/, "shop-apx") };
    const err = await arm.snapshot(gone, WINDOW).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    const e = err as DomainError;
    expect(e.kind).toBe("notFound");
    expect(e.userMessage).toContain("shop-apx");
    expect(e.suggestions?.map((a) => a.name)).toEqual(["shop-api"]);
    expect(e.hint).toContain("rg-shop/shop-api");
  });
});
