// buildDigest against the Azure simulator through the real SDKs: a simulated day mixing scenarios (ranking
// and statuses), the bot's own actions from a real store, and the batching (counted from sim.requests).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDigest } from "../../src/digests/build-digest.ts";
import { manualClock, type SimFleet } from "../../src/sim/azure/fleet.ts";
import { addPlan } from "../../src/sim/azure/scenarios/build.ts";
import { addHealthySite } from "../../src/sim/azure/scenarios/healthy.ts";
import { addScenario, emptyFleet, generateFleet } from "../../src/sim/azure/scenarios/index.ts";
import { openStore } from "../../src/store/open-store.ts";
import type { Store } from "../../src/store/store.ts";
import { armFleetFor, type Sim, since, startSim } from "../azure/harness.ts";

const NOW = Date.UTC(2026, 5, 2, 7, 0); // Tue 2 Jun 2026 09:00 CEST

describe("buildDigest on a simulated day (S1, S2, S5, S11 stopped, healthy, idle)", () => {
  let world: SimFleet;
  let sim: Sim;
  let store: Store;
  let dir: string;
  beforeAll(async () => {
    const clock = manualClock(NOW);
    world = emptyFleet(clock);
    for (const s of ["S1", "S2", "S5", "S11", "healthy"]) addScenario(world, s);
    const plan = addPlan(world, {
      subscriptionId: world.subscriptions[0],
      resourceGroup: "rg-legacy",
      name: "asp-legacy",
      location: "West Europe",
      os: "linux",
      sku: "B1",
      capacity: 1,
    });
    addHealthySite(world, { plan, resourceGroup: "rg-legacy", name: "legacy-idle", r5: 0 });
    sim = await startSim(world);
    dir = mkdtempSync(join(tmpdir(), "appsvc-digest-"));
    store = await openStore({ kind: "sqlite", dataDir: dir }, { now: () => NOW - 3_600_000 });
    // Yesterday's approved restart of shop-api (S1), verified.
    for (const [kind, actor, detail] of [
      ["request", "U0DEV", { action: "restart" }],
      ["approval", "U0LEAD", {}],
      ["execution", "appsvc-bot", {}],
      ["result", "appsvc-bot", { ok: true }],
      ["verification", "appsvc-bot", { ok: true, summary: "5xx back under 1%" }],
    ] as const)
      await store.appendAudit({ kind, actor, correlationId: "corr-1", app: "shop-api", detail });
  });
  afterAll(async () => {
    await store?.close();
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("scores in slices: with sliceMs 0 it yields to the given turn once per app", async () => {
    const arm = armFleetFor(sim, world);
    let turns = 0;
    const d = await buildDigest({
      fleet: arm,
      store,
      scope: () => true,
      now: NOW,
      timeZone: "Europe/Berlin",
      sliceMs: 0,
      yieldTo: async () => {
        turns++;
      },
    });
    expect(turns).toBe(d.total);
  });

  it("ranks worst first with the right colours, idle apps apart, and the day's actions", async () => {
    const arm = armFleetFor(sim, world);
    const d = await buildDigest({ fleet: arm, store, scope: () => true, now: NOW, timeZone: "Europe/Berlin" });
    const status = Object.fromEntries([...d.shown, ...d.idle].map((l) => [l.app.name, l.score.status]));
    expect(status).toEqual({
      "catalog-api": "red", // S2 traffic spike beyond capacity
      "checkout-web": "red", // S5 one bad instance out of four
      "shop-api": "orange", // S1 memory leak on a small plan
      "profile-api": "green",
      "legacy-idle": "idle",
    });
    const scores = d.shown.map((l) => l.score.score ?? -1);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(
      d.shown
        .map((l) => l.app.name)
        .slice(0, 2)
        .sort(),
    ).toEqual(["catalog-api", "checkout-web"]);
    expect(d.idle.map((l) => l.app.name)).toEqual(["legacy-idle"]);
    expect(d.counts).toEqual({ red: 2, orange: 1, green: 1, idle: 1, stopped: 1 });
    // S11: stopped by a person; listed apart with since when and by whom, never an offender in the chart.
    expect(d.stopped.map((l) => [l.app.name, l.score.emoji, l.stoppedBy?.caller])).toEqual([
      ["wiki-web", "⏹", "jane.doe@contoso.com"],
    ]);
    expect(d.ranked.map((l) => l.app.name)).not.toContain("wiki-web");
    expect(d.chart.apps.find((a) => a.name === "wiki-web")?.highlight ?? false).toBe(false);
    expect(d.unread).toEqual([]);
    // Plan facts come from the plan list, the SKU from the scenario.
    expect(d.shown.find((l) => l.app.name === "catalog-api")?.plan).toMatch(/^P1v3×\d+$/);
    expect(d.actions).toHaveLength(1);
    expect(d.actions[0]).toMatchObject({
      action: "restart",
      app: "shop-api",
      outcome: "succeeded",
      approvedBy: "U0LEAD",
    });
    expect(d.shown.find((l) => l.app.name === "shop-api")?.figures.restarts.user).toBe(1);
    // Chart: every app with traffic, the non-green ones highlighted.
    expect(d.chart.apps.map((a) => a.name).sort()).toEqual([
      "catalog-api",
      "checkout-web",
      "profile-api",
      "shop-api",
      "wiki-web",
    ]);
    expect(
      d.chart.apps
        .filter((a) => a.highlight)
        .map((a) => a.name)
        .sort(),
    ).toEqual(["catalog-api", "checkout-web", "shop-api"]);
  });

  it("reads health check status and the p95 baseline with the optional history pass", async () => {
    const arm = armFleetFor(sim, world);
    const d = await buildDigest({ fleet: arm, store, scope: () => true, now: NOW, timeZone: "UTC", history: true });
    const healthy = d.shown.find((l) => l.app.name === "profile-api");
    expect(healthy?.figures.healthCheck).toMatchObject({ configured: true, min: 100 });
    expect(d.shown.every((l) => l.figures.baselineP95Sec !== null)).toBe(true);
    expect(d.unknowns.join(" ")).not.toMatch(/history pass off/);
  });

  it("lists apps whose metrics could not be read as not read, never as idle", async () => {
    const arm = armFleetFor(sim, world);
    sim.faults.add({ route: "metrics.batch", status: 400, errorCode: "BadRequest", message: "nope", times: 1 });
    try {
      const d = await buildDigest({
        fleet: arm,
        store,
        scope: (a) => a.name !== "legacy-idle",
        now: NOW,
        timeZone: "UTC",
      });
      expect(d.unread.map((a) => a.name).sort()).toEqual([
        "catalog-api",
        "checkout-web",
        "profile-api",
        "shop-api",
        "wiki-web",
      ]);
      expect(d.idle).toEqual([]);
      expect(d.unknowns.join(" ")).toMatch(/site metrics/);
    } finally {
      sim.faults.clear();
    }
  });
});

describe("buildDigest batching", () => {
  let world: SimFleet;
  let sim: Sim;
  beforeAll(async () => {
    world = generateFleet(manualClock(NOW), {
      apps: 230,
      subscriptions: ["00000000-0000-0000-0000-0000000000a1", "00000000-0000-0000-0000-0000000000a2"],
      regions: ["West Europe", "East US"],
      incidents: 2,
    });
    sim = await startSim(world);
  });
  afterAll(async () => {
    await sim?.close();
  });

  it("reads metrics in batches of ≤ 50 per subscription, region and type, and nothing per app", async () => {
    const arm = armFleetFor(sim, world);
    const apps = await arm.listApps();
    const from = sim.requests.length;
    const d = await buildDigest({
      fleet: arm,
      store: { listAudit: async () => [] },
      scope: () => true,
      now: NOW,
      timeZone: "UTC",
      windowMs: 2 * 3_600_000,
    });
    expect(d.total).toBe(230);
    const calls = since(sim, from);
    const byRoute: Record<string, number> = {};
    for (const c of calls) byRoute[c.route] = (byRoute[c.route] ?? 0) + 1;
    // Lists: plans per subscription (sites cached by listApps above) and Service Health per subscription.
    expect(byRoute["plans.list"]).toBeGreaterThanOrEqual(2);
    expect(byRoute["events.list"]).toBe(2);
    for (const perApp of ["sites.get", "config.get", "metrics.list", "health.current", "instances.list"])
      expect(byRoute[perApp] ?? 0).toBe(0);

    // Expected batches: ⌈sites/50⌉ and ⌈plans/50⌉ per (subscription, region).
    const groups = new Map<string, { sites: number; plans: Set<string> }>();
    for (const a of apps) {
      const k = `${a.subscriptionId}|${a.region}`;
      const g = groups.get(k) ?? { sites: 0, plans: new Set<string>() };
      g.sites++;
      g.plans.add(a.planId.toLowerCase());
      groups.set(k, g);
    }
    const expected: Record<string, number> = {};
    for (const [k, g] of groups) {
      expected[`${k}|microsoft.web/sites`] = Math.ceil(g.sites / 50);
      expected[`${k}|microsoft.web/serverfarms`] = Math.ceil(g.plans.size / 50);
    }
    const batches = calls.filter((c) => c.route === "metrics.batch");
    const seen: Record<string, number> = {};
    for (const b of batches) {
      const ids = (b.body as { resourceids: string[] }).resourceids;
      expect(ids.length).toBeLessThanOrEqual(50);
      const sub = b.path.split("/subscriptions/")[1].split("/")[0];
      expect(ids.every((id) => id.split("/")[2] === sub)).toBe(true);
      const k = `${sub}|${b.region}|${String(b.query.metricnamespace).toLowerCase()}`;
      seen[k] = (seen[k] ?? 0) + 1;
    }
    expect(seen).toEqual(expected);
    expect(Object.values(expected).some((n) => n > 1)).toBe(true);
  });
});
