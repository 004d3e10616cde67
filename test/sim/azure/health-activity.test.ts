import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MINUTE } from "../../../src/sim/azure/fleet.ts";
import { type AzureSim, startAzureSim } from "../../../src/sim/azure/server.ts";
import { clients, fleet, NOW, plan, planIdOf, raw, SUB, site, siteIdOf } from "./fixture.ts";

const p1 = plan("asp1", {
  timeline: [{ at: NOW - 90 * MINUTE, type: "scale", capacity: 2, fromCapacity: 1, caller: "ops@contoso.com" }],
});
const shop = site("shop", p1, {
  timeline: [
    { at: NOW - 120 * MINUTE, type: "deployment", id: "d1", status: "Success", endAt: NOW - 119 * MINUTE },
    { at: NOW - 60 * MINUTE, type: "config", patch: { alwaysOn: true }, caller: "dave@contoso.com" },
    { at: NOW - 20 * MINUTE, type: "restart", caller: "erin@contoso.com" },
    { at: NOW - 10 * MINUTE, type: "recycle", instance: "RD0001", reason: "autoheal" },
  ],
  resourceHealth: {
    availabilityState: "Degraded",
    reasonType: "Unplanned",
    title: "Degraded",
    summary: "High failure rate.",
  },
});
const calm = site("calm", p1);
const stopped = site("off", p1, { state: "Stopped" });

let sim: AzureSim;
let c: ReturnType<typeof clients>;

beforeAll(async () => {
  const f = fleet([p1], [shop, calm, stopped], {
    autoscaleSettings: [
      {
        subscriptionId: SUB,
        resourceGroup: "rg1",
        name: "asp1-autoscale",
        enabled: true,
        targetPlan: { resourceGroup: "rg1", name: "asp1" },
        profiles: [{ name: "default", capacity: { minimum: 2, maximum: 10, default: 2 } }],
      },
    ],
    serviceHealth: [
      {
        subscriptionId: SUB,
        id: "VN1B-T3Z",
        title: "App Service - West Europe - Mitigated",
        eventType: "ServiceIssue",
        status: "Active",
        regions: ["West Europe"],
        service: "App Service",
        start: NOW - 100 * MINUTE,
      },
      {
        subscriptionId: SUB,
        id: "FUTURE",
        title: "later",
        eventType: "PlannedMaintenance",
        status: "Active",
        regions: ["West Europe"],
        service: "App Service",
        start: NOW + 100 * MINUTE,
      },
    ],
  });
  sim = await startAzureSim({ fleet: f });
  c = clients(sim, "bot@contoso.com");
});
afterAll(() => sim.close());

const filter = (from: number, to: number, uri?: string): string =>
  `eventTimestamp ge '${new Date(from).toISOString()}' and eventTimestamp le '${new Date(to).toISOString()}'${uri ? ` and resourceUri eq '${uri}'` : ""}`;

describe("Resource Health", () => {
  it("answers the declared availability status, not flattened, with occuredTime", async () => {
    const s = await c.health.availabilityStatuses.getByResource(siteIdOf("shop"), { expand: "recommendedactions" });
    expect(s.name).toBe("current");
    expect(s.properties?.availabilityState).toBe("Degraded");
    expect(s.properties?.summary).toBe("High failure rate.");
    expect(s.properties?.occuredTime).toBeInstanceOf(Date);
    expect(sim.requests.at(-1)?.route).toBe("health.current");
  });

  it("defaults to Available, and Unavailable for a stopped site", async () => {
    expect((await c.health.availabilityStatuses.getByResource(siteIdOf("calm"))).properties?.availabilityState).toBe(
      "Available",
    );
    expect((await c.health.availabilityStatuses.getByResource(siteIdOf("off"))).properties?.availabilityState).toBe(
      "Unavailable",
    );
  });

  it("lists Service Health events that have started, flattened by the SDK", async () => {
    const list = [];
    for await (const e of c.health.eventsOperations.listBySubscriptionId()) list.push(e);
    expect(list.map((e) => e.name)).toEqual(["VN1B-T3Z"]);
    expect(list[0].eventType).toBe("ServiceIssue");
    expect(list[0].impact?.[0].impactedRegions?.[0].impactedRegion).toBe("West Europe");
    expect(list[0].impactStartTime).toBeInstanceOf(Date);
  });
});

describe("Activity Log", () => {
  it("derives administrative operations for a resource from its timeline, newest first", async () => {
    const out = [];
    for await (const e of c.monitor.activityLogs.list(filter(NOW - 3 * 60 * MINUTE, NOW, siteIdOf("shop"))))
      out.push(e);
    expect(out.map((e) => `${e.operationName?.value} ${e.status?.value}`)).toEqual([
      "Microsoft.Web/sites/restart/action Succeeded",
      "Microsoft.Web/sites/restart/action Started",
      "Microsoft.Web/sites/config/write Succeeded",
      "Microsoft.Web/sites/config/write Started",
    ]);
    expect(out[0].caller).toBe("erin@contoso.com");
    expect(out[0].category?.value).toBe("Administrative");
    expect(out[0].correlationId).toBe(out[1].correlationId);
    expect(out[0].eventTimestamp).toBeInstanceOf(Date);
  });

  it("filters by time and lists plan scale operations", async () => {
    const recent = [];
    for await (const e of c.monitor.activityLogs.list(filter(NOW - 30 * MINUTE, NOW)))
      recent.push(e.operationName?.value);
    expect(recent).toEqual(["Microsoft.Web/sites/restart/action", "Microsoft.Web/sites/restart/action"]);
    const plans = [];
    for await (const e of c.monitor.activityLogs.list(filter(NOW - 3 * 60 * MINUTE, NOW, planIdOf("asp1"))))
      plans.push(e.operationName?.value);
    expect(plans).toEqual(["Microsoft.Web/serverfarms/write", "Microsoft.Web/serverfarms/write"]);
  });

  it("shows a write made through the API with its caller and the correlation id the write returned", async () => {
    const r = await raw(sim, "POST", `${siteIdOf("calm")}/restart?api-version=2025-05-01`, {
      token: "frank@contoso.com",
    });
    const correlation = r.headers["x-ms-correlation-request-id"];
    const out = [];
    for await (const e of c.monitor.activityLogs.list(filter(NOW - MINUTE, NOW + MINUTE, siteIdOf("calm"))))
      out.push(e);
    expect(out[0]).toMatchObject({ caller: "frank@contoso.com", correlationId: correlation });
  });

  it("requires an eventTimestamp filter", async () => {
    const r = await raw(
      sim,
      "GET",
      `/subscriptions/${SUB}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01`,
    );
    expect(r.status).toBe(400);
  });
});

describe("autoscale settings", () => {
  it("lists settings with string capacities, flattened by the SDK", async () => {
    const list = [];
    for await (const a of c.monitor.autoscaleSettings.listBySubscription()) list.push(a);
    expect(list).toHaveLength(1);
    expect(list[0].enabled).toBe(true);
    expect(list[0].targetResourceUri).toBe(planIdOf("asp1"));
    expect(list[0].profiles[0].capacity).toEqual({ minimum: "2", maximum: "10", default: "2" });
  });
});
