// Optional snapshot enrichment: Log Analytics queries (when a workspace is configured) and detectors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArmFleet } from "../../src/azure/arm-fleet.ts";
import type { AppRef } from "../../src/core/snapshot.ts";
import type { SimFleet, SimLogs } from "../../src/sim/azure/fleet.ts";
import { constant, fleet, HEALTHY, MIN, plan, site, T0 } from "./fleet-builder.ts";
import { armFleetFor, type Sim, since, startSim } from "./harness.ts";

const WINDOW = { start: T0 - 60 * MIN, end: T0 };

const LOGS: SimLogs = {
  http: [
    {
      t: T0 - 20 * MIN,
      status: 502,
      subStatus: "3",
      path: "/api/orders",
      timeTakenMs: 1200,
      instance: "RD0001",
      count: 40,
    },
    {
      t: T0 - 19 * MIN,
      status: 503,
      subStatus: "0",
      path: "/api/orders",
      timeTakenMs: 50,
      instance: "RD0002",
      count: 10,
    },
    {
      t: T0 - 10 * MIN,
      status: 502,
      subStatus: "0",
      path: "/export",
      timeTakenMs: 230_500,
      instance: "RD0001",
      count: 3,
    },
    { t: T0 - 10 * MIN, status: 200, subStatus: "0", path: "/", timeTakenMs: 30, instance: "RD0001", count: 100 },
    { t: T0 - 3 * 60 * MIN, status: 500, subStatus: "0", path: "/old", timeTakenMs: 30, instance: "RD0001", count: 9 },
  ],
  platform: [
    {
      t: T0 - 15 * MIN,
      level: "Error",
      message: "Container shop-api_0_abc didn't respond to HTTP pings on port: 8080, failing site start",
      containerId: "abc",
    },
  ],
  console: [{ t: T0 - 16 * MIN, level: "Informational", message: "Listening on port 3000" }],
};

describe("snapshot enrichment", () => {
  let world: SimFleet;
  let sim: Sim;
  let arm: ArmFleet;
  let app: AppRef;

  beforeAll(async () => {
    world = fleet({
      plans: [plan({ name: "p", kind: "linux", reserved: true })],
      sites: [
        site({
          name: "shop-api",
          kind: "app,linux",
          planName: "p",
          logsEnabled: true,
          behaviour: constant(HEALTHY, {}, LOGS),
        }),
      ],
    });
    sim = await startSim(world);
    arm = armFleetFor(sim, world, { logs: { endpoint: sim.logsEndpoint, workspaceId: "ws-1" } });
    const r = await arm.resolveApp("shop-api");
    if (r.kind !== "found") throw new Error("not found");
    app = r.app;
  });
  afterAll(async () => {
    await sim?.close();
  });

  it("splits 5xx by code, sub-status and instance, finds slow failures, platform and console lines", async () => {
    const before = sim.requests.length;
    const s = await arm.snapshot(app, WINDOW);
    expect(since(sim, before).filter((r) => r.route === "logs.query")).toHaveLength(5);
    expect(s.unknowns).toEqual([]);
    expect(s.site.os).toBe("linux");
    expect(s.logs?.http5xx).toEqual([
      { t: T0 - 20 * MIN, status: 502, subStatus: "3", instance: "RD0001", count: 40 },
      { t: T0 - 20 * MIN, status: 503, subStatus: "0", instance: "RD0002", count: 10 },
      { t: T0 - 10 * MIN, status: 502, subStatus: "0", instance: "RD0001", count: 3 },
    ]);
    expect(s.logs?.slowFailures).toEqual([{ path: "/export", count: 3, p50Ms: 230_500, maxMs: 230_500 }]);
    expect(s.logs?.failuresByPath).toEqual([
      { path: "/api/orders", count: 50 },
      { path: "/export", count: 3 },
    ]);
    expect(s.logs?.platform).toEqual([
      { t: T0 - 15 * MIN, level: "Error", message: LOGS.platform[0].message, containerId: "abc" },
    ]);
    expect(s.logs?.console).toEqual([{ t: T0 - 16 * MIN, level: "Informational", message: "Listening on port 3000" }]);
  });

  it("keeps the snapshot when a log query fails, naming the query in unknowns", async () => {
    sim.faults.add({ route: "logs.query", status: 400, errorCode: "BadArgumentError", message: "bad", times: 1 });
    try {
      const s = await arm.snapshot(app, WINDOW);
      expect(s.unknowns).toHaveLength(1);
      expect(s.unknowns[0].signal).toMatch(/^logs\./);
      expect(s.logs).toBeDefined();
    } finally {
      sim.faults.clear();
    }
  });

  it("runs the available detectors when asked", async () => {
    const s = await arm.snapshot(app, WINDOW, { detectors: true });
    expect(s.detectors).toEqual([
      { id: "runtimeavailability", status: "Warning", message: "2.00% of requests failed with 5xx." },
    ]);
  });
});
